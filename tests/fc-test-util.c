/* fc-test-util.c: what many tests need and none should write again
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "fc-test-util.h"

void
fc_test_on_ready_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

GAsyncResult *
fc_test_wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

JsonNode *
fc_test_parse_json (const char *text)
{
  g_autoptr (GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

guint
fc_test_timeout_multiplier (void)
{
  const char *multiplier = g_getenv ("FC_TEST_TIMEOUT_MULTIPLIER");
  guint64 factor = 1;

  if (multiplier != NULL &&
      !g_ascii_string_to_unsigned (multiplier, 10, 1, 100, &factor, NULL))
    g_error ("FC_TEST_TIMEOUT_MULTIPLIER is “%s”, expected a whole number from 1 to 100",
             multiplier);
  return (guint) factor;
}

void
fc_test_remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        fc_test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

FcStore *
fc_test_open_temp_store (const char  *template,
                         char       **dir)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  FcStore *store;

  *dir = g_dir_make_tmp (template, &error);
  g_assert_no_error (error);
  path = g_build_filename (*dir, FC_STORE_FILE_NAME, NULL);
  store = fc_store_open (path, &error);
  g_assert_no_error (error);
  return store;
}

FcConnection *
fc_test_save_connection (FcStore    *store,
                         FcProvider  provider,
                         const char *account_id,
                         const char *account_name)
{
  g_autoptr (GError) error = NULL;
  FcConnection *connection = fc_connection_new (provider);

  fc_connection_set_account_id (connection, account_id);
  fc_connection_set_account_name (connection, account_name);
  g_assert_true (fc_store_save_connection (store, connection, &error));
  g_assert_no_error (error);
  return connection;
}

void
fc_test_store_static_token (FcAuth       *auth,
                            FcConnection *connection,
                            const char   *value)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (FcToken) token = fc_auth_make_static_token (fc_connection_get_provider (connection),
                                                         value, &error);
  g_autoptr (GAsyncResult) result = NULL;

  g_assert_no_error (error);
  fc_auth_store_token_async (auth, connection, token, NULL, fc_test_on_ready_cb, &result);
  g_assert_true (fc_auth_store_token_finish (auth, fc_test_wait_for (&result), &error));
  g_assert_no_error (error);
}

void
fc_test_cli_result_clear (FcTestCliResult *result)
{
  g_clear_pointer (&result->out, g_free);
  g_clear_pointer (&result->err, g_free);
}

void
fc_test_run_cli (const char      *data_dir,
                 FcTestCliResult *result,
                 ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;
  const char *arg;
  guint command;
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("FC_CLI"));
  if (data_dir != NULL)
    {
      g_ptr_array_add (argv, (gpointer) "--data-dir");
      g_ptr_array_add (argv, (gpointer) data_dir);
    }
  command = argv->len;
  va_start (args, result);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  fc_test_cli_result_clear (result);
  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &result->out, &result->err, &error);
  g_assert_no_error (error);
  g_test_message ("$ %s\n%s%s", (char *) g_ptr_array_index (argv, command), result->out,
                  result->err);
  g_assert_true (g_subprocess_get_if_exited (process));
  result->status = g_subprocess_get_exit_status (process);
}
