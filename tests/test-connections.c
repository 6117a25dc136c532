/* test-connections.c: connections made, broken and removed through the engine, against the
 * provider simulator, with a real keyring and a real SQLite file
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fc-test-util.h"

#include <libsoup/soup.h>
#include <glib/gstdio.h>

#include "fc-engine.h"
#include "fc-secrets.h"
#include "fc-sim.h"

#define PIPEDRIVE_TOKEN "pd-personal-9f3c2a7b81d04e65"
#define CLIENT_ID "fc-test-client"
#define CLIENT_SECRET "fc-test-client-secret-51c0"

typedef struct {
  FcSim      *sim;
  char       *data_dir;
  FcEngine   *engine;
  GPtrArray  *events;  /* event type names, in order */
} Fixture;

/* Every log line of the process, to look for secrets in. */
static GString *captured_log;
static GMutex captured_log_lock;

static GLogWriterOutput
capture_log_writer (GLogLevelFlags   level,
                    const GLogField *fields,
                    gsize            n_fields,
                    gpointer         user_data)
{
  g_mutex_lock (&captured_log_lock);
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE"))
      {
        g_string_append_len (captured_log, fields[i].value,
                             fields[i].length < 0 ? (gssize) strlen (fields[i].value)
                                                  : fields[i].length);
        g_string_append_c (captured_log, '\n');
      }
  g_mutex_unlock (&captured_log_lock);

  /* Everything is recorded; only what matters is shown. */
  if (level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO))
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (level, fields, n_fields, user_data);
}

static void
on_event_cb (FcEngine   *engine,
             const char *type,
             JsonNode   *data,
             Fixture    *fixture)
{
  g_ptr_array_add (fixture->events, g_strdup (type));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;

  fixture->sim = fc_sim_new ();
  fc_sim_set_seed (fixture->sim, 7);
  g_assert_true (fc_sim_set_client (fixture->sim, "pipedrive", CLIENT_ID, CLIENT_SECRET, &error));
  g_assert_true (fc_sim_add_static_token (fixture->sim, "pipedrive", PIPEDRIVE_TOKEN, &error));
  g_assert_no_error (error);
  g_assert_true (fc_sim_start_in_thread (fixture->sim, 0, &error));
  g_assert_no_error (error);

  g_setenv ("FLUXCASCADE_PIPEDRIVE_CLIENT_ID", CLIENT_ID, TRUE);
  g_setenv ("FLUXCASCADE_PIPEDRIVE_CLIENT_SECRET", CLIENT_SECRET, TRUE);

  fixture->data_dir = g_dir_make_tmp ("fc-connections-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->engine = fc_engine_new (fixture->data_dir, &error);
  g_assert_no_error (error);
  fixture->events = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (fixture->engine, "event", G_CALLBACK (on_event_cb), fixture);
}


static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_assert_finalize_object (fixture->engine);
  fc_sim_stop (fixture->sim);
  g_clear_object (&fixture->sim);
  fc_test_remove_tree (fixture->data_dir);
  g_free (fixture->data_dir);
  g_ptr_array_unref (fixture->events);
}



static FcConnection *
pipedrive_connection (Fixture *fixture)
{
  FcConnection *connection = fc_connection_new (FC_PROVIDER_PIPEDRIVE);
  g_autofree char *api = fc_sim_get_api_base_url (fixture->sim, "pipedrive");
  g_autofree char *auth = fc_sim_get_auth_base_url (fixture->sim, "pipedrive");

  fc_connection_set_api_base_url (connection, api);
  fc_connection_set_auth_base_url (connection, auth);
  return connection;
}

static FcConnection *
add_connection (Fixture       *fixture,
                FcConnection  *connection,
                const char    *token,
                GError       **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  fc_engine_add_connection_async (fixture->engine, connection, token, NULL, NULL, NULL,
                                  fc_test_on_ready_cb, &result);
  return fc_engine_add_connection_finish (fixture->engine, fc_test_wait_for (&result), error);
}

static FcToken *
lookup_token (const char *connection_id)
{
  g_autoptr (FcSecrets) secrets = fc_secrets_new ();
  g_autoptr (FcConnection) probe = fc_connection_new (FC_PROVIDER_PIPEDRIVE);
  g_autoptr (GError) error = NULL;
  FcToken *token;

  fc_connection_set_id (probe, connection_id);
  token = fc_secrets_lookup_token (secrets, probe, NULL, &error);
  g_assert_no_error (error);
  return token;
}

static guint
count_connections_in_store (Fixture *fixture)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = fc_store_list_connections (fc_engine_get_store (fixture->engine),
                                                          &error);
  g_assert_no_error (error);
  return rows->len;
}

static gboolean
event_seen (Fixture    *fixture,
            const char *type)
{
  for (guint i = 0; i < fixture->events->len; i++)
    if (g_str_equal (g_ptr_array_index (fixture->events, i), type))
      return TRUE;
  return FALSE;
}

/* A personal API token: the account is read from the provider, the token lands in the keyring
 * and leaves with the connection. */
static void
test_token_connection (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr (FcConnection) connection = pipedrive_connection (fixture);
  g_autoptr (FcConnection) added = NULL;
  g_autoptr (FcToken) stored = NULL;
  g_autoptr (FcToken) gone = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;

  added = add_connection (fixture, connection, PIPEDRIVE_TOKEN, &error);
  g_assert_no_error (error);
  id = g_strdup (fc_connection_get_id (added));
  g_assert_nonnull (fc_connection_get_account_id (added));
  g_assert_nonnull (fc_connection_get_account_name (added));
  g_assert_cmpint (fc_connection_get_status (added), ==, FC_CONNECTION_STATUS_ACTIVE);
  g_assert_cmpuint (count_connections_in_store (fixture), ==, 1);
  g_assert_true (event_seen (fixture, "connection.created"));

  stored = lookup_token (id);
  g_assert_nonnull (stored);
  g_assert_cmpstr (fc_token_get_access_token (stored), ==, PIPEDRIVE_TOKEN);
  g_assert_true (fc_token_is_static (stored));

  fc_engine_delete_connection_async (fixture->engine, id, FALSE, NULL, fc_test_on_ready_cb, &result);
  g_assert_true (fc_engine_delete_connection_finish (fixture->engine, fc_test_wait_for (&result), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_connections_in_store (fixture), ==, 0);
  gone = lookup_token (id);
  g_assert_null (gone);
  g_assert_true (event_seen (fixture, "connection.deleted"));
}

/* A token the provider refuses: an error, and neither a row nor a secret is left. */
static void
test_refused_token_leaves_nothing (Fixture       *fixture,
                                   gconstpointer  user_data)
{
  g_autoptr (FcConnection) connection = pipedrive_connection (fixture);
  g_autoptr (FcConnection) added = NULL;
  g_autoptr (FcToken) leftover = NULL;
  g_autoptr (GError) error = NULL;

  added = add_connection (fixture, connection, "not-a-token-the-provider-knows", &error);
  g_assert_null (added);
  g_assert_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_AUTH);
  g_test_message ("%s", error->message);
  g_assert_cmpuint (count_connections_in_store (fixture), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (fc_engine_get_connections (fixture->engine)), ==, 0);
  leftover = lookup_token (fc_connection_get_id (connection));
  g_assert_null (leftover);
  g_assert_false (event_seen (fixture, "connection.created"));
}

/* Nothing listens at the address: a network error that says so, and nothing left behind. */
static void
test_unreachable_host (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr (FcConnection) connection = fc_connection_new (FC_PROVIDER_PIPEDRIVE);
  g_autoptr (FcConnection) added = NULL;
  g_autoptr (FcToken) leftover = NULL;
  g_autoptr (GSocketListener) listener = g_socket_listener_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *url = NULL;
  guint16 port;

  /* A port that was free a moment ago and is closed again. */
  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);
  url = g_strdup_printf ("http://127.0.0.1:%u", port);
  fc_connection_set_api_base_url (connection, url);

  added = add_connection (fixture, connection, PIPEDRIVE_TOKEN, &error);
  g_assert_null (added);
  g_assert_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_NETWORK);
  g_test_message ("%s", error->message);
  g_assert_cmpuint (count_connections_in_store (fixture), ==, 0);
  leftover = lookup_token (fc_connection_get_id (connection));
  g_assert_null (leftover);
}

static void
test_duplicate_account (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr (FcConnection) first = pipedrive_connection (fixture);
  g_autoptr (FcConnection) second = pipedrive_connection (fixture);
  g_autoptr (FcConnection) added = NULL;
  g_autoptr (FcConnection) again = NULL;
  g_autoptr (FcToken) kept = NULL;
  g_autoptr (FcToken) leftover = NULL;
  g_autoptr (GError) error = NULL;

  added = add_connection (fixture, first, PIPEDRIVE_TOKEN, &error);
  g_assert_no_error (error);
  again = add_connection (fixture, second, PIPEDRIVE_TOKEN, &error);
  g_assert_null (again);
  g_assert_error (error, FC_ENGINE_ERROR, FC_ENGINE_ERROR_DUPLICATE);
  g_assert_cmpuint (count_connections_in_store (fixture), ==, 1);
  kept = lookup_token (fc_connection_get_id (first));
  g_assert_nonnull (kept);
  leftover = lookup_token (fc_connection_get_id (second));
  g_assert_null (leftover);
}

static void
test_remove_in_use (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr (FcConnection) source = pipedrive_connection (fixture);
  g_autoptr (FcConnection) target = fc_connection_new (FC_PROVIDER_HUBSPOT);
  g_autoptr (FcConnection) added = NULL;
  g_autoptr (FcMapping) mapping = fc_mapping_new ();
  g_autoptr (FcFieldPair) pair = fc_field_pair_new_simple ("email", "email");
  g_autoptr (GAsyncResult) refused = NULL;
  g_autoptr (GAsyncResult) removed = NULL;
  g_autoptr (GError) error = NULL;

  added = add_connection (fixture, source, PIPEDRIVE_TOKEN, &error);
  g_assert_no_error (error);
  fc_connection_set_account_id (target, "62515");
  g_assert_true (fc_engine_save_connection (fixture->engine, target, &error));
  fc_mapping_set_name (mapping, "People to contacts");
  fc_mapping_set_source_connection_id (mapping, fc_connection_get_id (added));
  fc_mapping_set_source_object (mapping, "persons");
  fc_mapping_set_target_connection_id (mapping, fc_connection_get_id (target));
  fc_mapping_set_target_object (mapping, "contacts");
  fc_mapping_add_field_pair (mapping, pair);
  g_assert_true (fc_engine_save_mapping (fixture->engine, mapping, &error));
  g_assert_no_error (error);

  fc_engine_delete_connection_async (fixture->engine, fc_connection_get_id (added), FALSE, NULL,
                                     fc_test_on_ready_cb, &refused);
  g_assert_false (fc_engine_delete_connection_finish (fixture->engine, fc_test_wait_for (&refused),
                                                      &error));
  g_assert_error (error, FC_ENGINE_ERROR, FC_ENGINE_ERROR_IN_USE);
  g_assert_nonnull (strstr (error->message, "People to contacts"));
  g_clear_error (&error);
  g_assert_cmpuint (count_connections_in_store (fixture), ==, 2);

  fc_engine_delete_connection_async (fixture->engine, fc_connection_get_id (added), TRUE, NULL,
                                     fc_test_on_ready_cb, &removed);
  g_assert_true (fc_engine_delete_connection_finish (fixture->engine, fc_test_wait_for (&removed),
                                                     &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (fc_engine_get_mappings (fixture->engine)), ==, 0);
  g_assert_cmpuint (count_connections_in_store (fixture), ==, 1);
}

/* The browser, played by a thread: it fetches the consent page, which redirects to the
 * loopback listener of the flow. */
static gpointer
browse_thread (gpointer data)
{
  g_autofree char *uri = data;
  g_autoptr (SoupSession) session = soup_session_new ();
  g_autoptr (SoupMessage) message = soup_message_new ("GET", uri);
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GError) error = NULL;

  body = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  return GUINT_TO_POINTER (soup_message_get_status (message));
}

static gboolean
play_browser (const char  *uri,
              gpointer     user_data,
              GError     **error)
{
  GThread **browser = user_data;

  *browser = g_thread_new ("browser", browse_thread, g_strdup (uri));
  return TRUE;
}

static char *
read_file_or_empty (const char *path)
{
  char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return g_strdup ("");
  /* The database holds NUL bytes; make them spaces so strstr sees everything. */
  for (gsize i = 0; i < length; i++)
    if (contents[i] == '\0')
      contents[i] = ' ';
  return contents;
}

/* OAuth through the engine, then: no token byte in the database file, its journal or the log. */
static void
test_oauth_connection_keeps_secrets (Fixture       *fixture,
                                     gconstpointer  user_data)
{
  g_autoptr (FcConnection) connection = pipedrive_connection (fixture);
  g_autoptr (FcConnection) added = NULL;
  g_autoptr (FcConnection) second = pipedrive_connection (fixture);
  g_autoptr (FcConnection) added_second = NULL;
  g_autoptr (FcToken) token = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  const char *suffixes[] = { "", "-wal", "-journal", "-shm" };
  GThread *browser = NULL;

  fc_engine_add_connection_async (fixture->engine, connection, NULL, play_browser, &browser, NULL,
                                  fc_test_on_ready_cb, &result);
  added = fc_engine_add_connection_finish (fixture->engine, fc_test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (browser);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_thread_join (browser)), ==, 200);
  g_assert_cmpint (fc_connection_get_status (added), ==, FC_CONNECTION_STATUS_ACTIVE);

  /* And a token connection too, so that both kinds of secret are looked for. */
  added_second = add_connection (fixture, second, PIPEDRIVE_TOKEN, &error);
  g_assert_null (added_second);
  g_assert_error (error, FC_ENGINE_ERROR, FC_ENGINE_ERROR_DUPLICATE);
  g_clear_error (&error);

  token = lookup_token (fc_connection_get_id (added));
  g_assert_nonnull (token);
  g_assert_false (fc_token_is_static (token));
  g_assert_nonnull (fc_token_get_refresh_token (token));

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (fc_store_get_path (fc_engine_get_store (fixture->engine)),
                                           suffixes[i], NULL);
      g_autofree char *contents = read_file_or_empty (path);

      g_assert_null (strstr (contents, fc_token_get_access_token (token)));
      g_assert_null (strstr (contents, fc_token_get_refresh_token (token)));
      g_assert_null (strstr (contents, PIPEDRIVE_TOKEN));
      g_assert_null (strstr (contents, CLIENT_SECRET));
    }

  g_mutex_lock (&captured_log_lock);
  g_assert_cmpuint (captured_log->len, >, 0);
  g_assert_null (strstr (captured_log->str, fc_token_get_access_token (token)));
  g_assert_null (strstr (captured_log->str, fc_token_get_refresh_token (token)));
  g_assert_null (strstr (captured_log->str, PIPEDRIVE_TOKEN));
  g_assert_null (strstr (captured_log->str, CLIENT_SECRET));
  g_mutex_unlock (&captured_log_lock);
}

/* A revoked grant: the connection turns expired in the store, once, with its event. */
static void
test_revoked_grant_expires_connection (Fixture       *fixture,
                                       gconstpointer  user_data)
{
  g_autoptr (FcConnection) connection = pipedrive_connection (fixture);
  g_autoptr (FcConnection) added = NULL;
  g_autoptr (FcConnection) reloaded = NULL;
  g_autoptr (FcToken) token = NULL;
  g_autoptr (FcToken) refreshed = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GAsyncResult) refresh_result = NULL;
  g_autoptr (GError) error = NULL;
  GThread *browser = NULL;

  fc_engine_add_connection_async (fixture->engine, connection, NULL, play_browser, &browser, NULL,
                                  fc_test_on_ready_cb, &result);
  added = fc_engine_add_connection_finish (fixture->engine, fc_test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_thread_join (browser);

  token = lookup_token (fc_connection_get_id (added));
  g_assert_true (fc_sim_revoke_token (fixture->sim, fc_token_get_refresh_token (token)));

  fc_auth_get_token_async (fc_engine_get_auth (fixture->engine), added, TRUE, NULL, fc_test_on_ready_cb,
                           &refresh_result);
  refreshed = fc_auth_get_token_finish (fc_engine_get_auth (fixture->engine),
                                        fc_test_wait_for (&refresh_result), &error);
  g_assert_null (refreshed);
  g_assert_error (error, FC_AUTH_ERROR, FC_AUTH_ERROR_EXPIRED);

  g_assert_true (event_seen (fixture, "connection.expired"));
  reloaded = fc_store_get_connection (fc_engine_get_store (fixture->engine),
                                      fc_connection_get_id (added), NULL);
  g_assert_nonnull (reloaded);
  g_assert_cmpint (fc_connection_get_status (reloaded), ==, FC_CONNECTION_STATUS_EXPIRED);
}

/* A token renewed a moment ago and then refused by the provider (revoked, expired early) is
 * renewed again: the request names the token it saw refused. */
static void
test_refused_fresh_token_is_renewed (Fixture       *fixture,
                                     gconstpointer  user_data)
{
  g_autoptr (FcConnection) connection = pipedrive_connection (fixture);
  g_autoptr (FcConnection) added = NULL;
  g_autoptr (FcToken) fresh = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GAsyncResult) refreshed = NULL;
  g_autoptr (GAsyncResult) discovered = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *id = NULL;
  FcConnector *connector;
  GThread *browser = NULL;
  guint refreshes;

  fc_engine_add_connection_async (fixture->engine, connection, NULL, play_browser, &browser, NULL,
                                  fc_test_on_ready_cb, &result);
  added = fc_engine_add_connection_finish (fixture->engine, fc_test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_thread_join (browser);

  /* Renew now, then have the provider refuse the brand-new token. */
  fc_auth_get_token_async (fc_engine_get_auth (fixture->engine), added, TRUE, NULL,
                           fc_test_on_ready_cb, &refreshed);
  fresh = fc_auth_get_token_finish (fc_engine_get_auth (fixture->engine),
                                    fc_test_wait_for (&refreshed), &error);
  g_assert_no_error (error);
  refreshes = fc_sim_get_count (fixture->sim, "pipedrive", "POST", "/oauth/token", 200);
  g_assert_true (fc_sim_expire_token (fixture->sim, fc_token_get_access_token (fresh)));

  connector = fc_engine_get_connector (fixture->engine, added, &error);
  g_assert_no_error (error);
  fc_connector_discover_account_async (connector, NULL, fc_test_on_ready_cb, &discovered);
  g_assert_true (fc_connector_discover_account_finish (connector, fc_test_wait_for (&discovered),
                                                       &name, &id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fc_sim_get_count (fixture->sim, "pipedrive", "POST", "/oauth/token", 200), ==,
                    refreshes + 1);
}

/* The CLI, as a user runs it, over the same data folder. */
static GSubprocess *
spawn_cli (Fixture          *fixture,
           GSubprocessFlags  flags,
           const char       *first,
           ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (flags);
  g_autoptr (GError) error = NULL;
  GSubprocess *process;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("FC_CLI"));
  g_ptr_array_add (argv, (gpointer) "--data-dir");
  g_ptr_array_add (argv, fixture->data_dir);
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_setenv (launcher, "FLUXCASCADE_NO_BROWSER", "1", TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  return process;
}

static int
finish_cli (GSubprocess  *process,
            const char   *input,
            char        **out,
            char        **err)
{
  g_autoptr (GError) error = NULL;

  g_subprocess_communicate_utf8 (process, input, NULL, out, err, &error);
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (process);
}

static void
test_cli_connections (Fixture       *fixture,
                      gconstpointer  user_data)
{
  const GSubprocessFlags pipes = G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                 G_SUBPROCESS_FLAGS_STDERR_PIPE;
  g_autofree char *api = fc_sim_get_api_base_url (fixture->sim, "pipedrive");
  g_autofree char *auth = fc_sim_get_auth_base_url (fixture->sim, "pipedrive");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr (GSubprocess) add = NULL;
  g_autoptr (GSubprocess) list = NULL;
  g_autoptr (GSubprocess) fields = NULL;
  g_autoptr (GSubprocess) remove = NULL;
  g_autoptr (GSubprocess) oauth = NULL;
  g_autoptr (GDataInputStream) oauth_err = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autofree char *id = NULL;
  char *line;
  GThread *browser = NULL;

  /* A token from standard input: it never shows in the process list. */
  add = spawn_cli (fixture, pipes, "connections", "add", "pipedrive", "--token", "-", "--api-url",
                   api, "--name", "Acme Sales", NULL);
  g_assert_cmpint (finish_cli (add, PIPEDRIVE_TOKEN "\n", &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "Acme Sales"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  list = spawn_cli (fixture, pipes, "connections", "list", "--json", NULL);
  g_assert_cmpint (finish_cli (list, NULL, &out, &err), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  {
    JsonObject *first = json_array_get_object_element (json_node_get_array (json_parser_get_root (parser)), 0);

    g_assert_cmpstr (json_object_get_string_member (first, "provider"), ==, "pipedrive");
    g_assert_cmpstr (json_object_get_string_member (first, "status"), ==, "active");
    g_assert_cmpstr (json_object_get_string_member (first, "accountName"), ==, "Acme Sales");
    id = g_strdup (json_object_get_string_member (first, "id"));
  }
  g_assert_null (strstr (out, PIPEDRIVE_TOKEN));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  fields = spawn_cli (fixture, pipes, "connections", "fields", id, "persons", "--json", NULL);
  g_assert_cmpint (finish_cli (fields, NULL, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "\"email\""));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Sign-in through the browser: the CLI prints the address, the test's browser follows it. */
  oauth = spawn_cli (fixture, pipes, "connections", "add", "pipedrive", "--oauth", "--api-url", api,
                     "--auth-url", auth, NULL);
  oauth_err = g_data_input_stream_new (g_subprocess_get_stderr_pipe (oauth));
  while ((line = g_data_input_stream_read_line_utf8 (oauth_err, NULL, NULL, &error)) != NULL)
    {
      g_autofree char *owned = line;

      if (g_str_has_prefix (g_strstrip (owned), "http"))
        {
          play_browser (owned, &browser, NULL);
          break;
        }
    }
  g_assert_nonnull (browser);
  g_assert_cmpint (finish_cli (oauth, NULL, &out, &err), ==, 1);
  g_thread_join (browser);
  /* The same account as the token connection: refused as a duplicate, nothing added. */
  g_assert_nonnull (strstr (err, "already connected"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  remove = spawn_cli (fixture, pipes, "connections", "remove", id, NULL);
  g_assert_cmpint (finish_cli (remove, NULL, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "Removed"));
  g_assert_null (lookup_token (id));
}

int
main (int    argc,
      char **argv)
{
  captured_log = g_string_new (NULL);
  g_log_set_writer_func (capture_log_writer, NULL, NULL);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/fc/connections/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("token", test_token_connection);
  ADD ("refused-token-leaves-nothing", test_refused_token_leaves_nothing);
  ADD ("unreachable-host", test_unreachable_host);
  ADD ("duplicate-account", test_duplicate_account);
  ADD ("remove-in-use", test_remove_in_use);
  ADD ("oauth-keeps-secrets", test_oauth_connection_keeps_secrets);
  ADD ("revoked-grant-expires", test_revoked_grant_expires_connection);
  ADD ("cli", test_cli_connections);
  ADD ("refused-fresh-token-is-renewed", test_refused_fresh_token_is_renewed);
#undef ADD

  return g_test_run ();
}
