/* test-secret-leaks.c: every secret FluxCascade holds, used for real, then looked for where it
 * must never be: the SQLite files, the logs, exports, what a crashing process printed, core
 * files, and the command line and environment of every process involved
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "fc-engine.h"
#include "fc-mapping-io.h"
#include "fc-notifier.h"
#include "fc-run-log.h"
#include "fc-sim.h"
#include "fc-store-private.h"
#include "fc-test-people.h"
#include "fc-test-util.h"
#include "fc-webhook-listener.h"

/* Long enough for a slow machine, short enough to end a broken test. */
#define WAIT_MS 60000
/* The user name of a Pipedrive connection's generated webhook credentials. */
#define BASIC_USER "fluxcascade"

/* The keyring item of a connection's webhook secret, as the listener keeps it. */
static const SecretSchema webhook_secret_schema = {
  "com.fluxcascade.FluxCascade.WebhookSecret",
  SECRET_SCHEMA_NONE,
  {
    { "connection-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
};

/* Somewhere bytes went: a log, a file, a process's command line. */
typedef struct {
  char   *name;
  GBytes *bytes;
} Sink;

static void
sink_free (Sink *sink)
{
  g_free (sink->name);
  g_bytes_unref (sink->bytes);
  g_free (sink);
}

/* Everything the test did, once, and what it left behind. */
typedef struct {
  FcSim       *sim;
  SoupSession *browser;
  char        *keyring_dir;
  char        *data_dir;
  char        *work_dir;
  GPtrArray   *sinks;

  /* the secrets */
  char        *own_client_id;
  char        *own_client_secret;
  char        *static_token;
  char        *hubspot_webhook_secret;
  GPtrArray   *access_tokens;
  GPtrArray   *refresh_tokens;
  char        *basic_password;
  char        *endpoint_secret;

  /* what shows they were used */
  char        *hubspot_id;
  char        *pipedrive_id;
  char        *run_ids[2];
  char        *token_client_secret;
  guint        token_grants;
  guint        persons_created;
  guint        pipedrive_calls;
  guint        hubspot_webhooks;
  guint        pipedrive_webhooks;
  guint        signed_deliveries;
  guint        verified_deliveries;
  guint        processes_checked;
  guint        environs_unreadable;
  gboolean     cli_not_dumpable;
  int          serve_signal;
  gboolean     serve_core;
  gboolean     control_core;
} Scenario;

static Scenario *scenario;
static GString *captured_log;

/* ---- capturing ------------------------------------------------------------------------ */

/* Every log record of this process, debug included, except the simulator's own (it stands in
 * for the providers, which do see the secrets). Errors and warnings are still printed. */
static GLogWriterOutput
capture_log_cb (GLogLevelFlags   log_level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  const char *domain = NULL;

  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
      domain = fields[i].value;

  if (domain == NULL || (!g_str_has_prefix (domain, "fc-sim") &&
                         g_strcmp0 (domain, "fc-provider-sim") != 0))
    for (gsize i = 0; i < n_fields; i++)
      {
        g_string_append_printf (captured_log, "%s=", fields[i].key);
        if (fields[i].length < 0)
          g_string_append (captured_log, fields[i].value);
        else
          g_string_append_len (captured_log, fields[i].value, fields[i].length);
        g_string_append_c (captured_log, '\n');
      }

  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    return g_log_writer_default (log_level, fields, n_fields, user_data);
  return G_LOG_WRITER_HANDLED;
}

static GLogFunc default_log_handler;

/* The same for the records of g_log (), which never reach the writer while tests run. */
static void
capture_log_handler (const char     *log_domain,
                     GLogLevelFlags  log_level,
                     const char     *message,
                     gpointer        user_data)
{
  if (log_domain == NULL || (!g_str_has_prefix (log_domain, "fc-sim") &&
                             g_strcmp0 (log_domain, "fc-provider-sim") != 0))
    g_string_append_printf (captured_log, "%s: %s\n", log_domain, message);
  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    default_log_handler (log_domain, log_level, message, user_data);
}

static void
add_sink (Scenario   *s,
          const char *name,
          GBytes     *bytes)
{
  Sink *sink = g_new0 (Sink, 1);

  sink->name = g_strdup (name);
  sink->bytes = g_bytes_ref (bytes);
  g_ptr_array_add (s->sinks, sink);
}

static void
add_sink_text (Scenario   *s,
               const char *name,
               const char *text,
               gsize       length)
{
  g_autoptr (GBytes) bytes = g_bytes_new (text, length);

  add_sink (s, name, bytes);
}

static void
add_sink_file (Scenario   *s,
               const char *name,
               const char *path)
{
  g_autofree char *contents = NULL;
  g_autofree char *label = g_strdup_printf ("%s %s", name, path);
  g_autoptr (GError) error = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  add_sink_text (s, label, contents, length);
}

/* Every file below @dir, as raw bytes: the SQLite file with its -wal and -shm. */
static guint
add_sink_tree (Scenario   *s,
               const char *name,
               const char *dir)
{
  g_autoptr (GDir) listing = g_dir_open (dir, 0, NULL);
  const char *entry;
  guint files = 0;

  g_assert_nonnull (listing);
  while ((entry = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, entry, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        files += add_sink_tree (s, name, path);
      else if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        {
          add_sink_file (s, name, path);
          files++;
        }
    }
  return files;
}

/* ---- looking for a secret ------------------------------------------------------------- */

static gboolean
bytes_contain (const guint8 *data,
               gsize         length,
               const char   *needle)
{
  gsize needle_length = strlen (needle);

  if (needle_length == 0 || needle_length > length)
    return FALSE;
  for (gsize i = 0; i + needle_length <= length; i++)
    if (data[i] == (guint8) needle[0] && memcmp (data + i, needle, needle_length) == 0)
      return TRUE;
  return FALSE;
}

/* The forms a secret could take on its way out: itself, a long piece of its middle, base64,
 * hex in both cases and percent-encoded. */
static void
add_forms (GPtrArray  *forms,
           const char *value)
{
  gsize length = strlen (value);
  g_autoptr (GString) hex = g_string_new (NULL);
  g_autofree char *escaped = g_uri_escape_string (value, NULL, FALSE);

  g_ptr_array_add (forms, g_strdup (value));
  if (length >= 24)
    g_ptr_array_add (forms, g_strndup (value + length / 2 - 8, 16));
  g_ptr_array_add (forms, g_base64_encode ((const guchar *) value, length));
  for (gsize i = 0; i < length; i++)
    g_string_append_printf (hex, "%02x", (guint8) value[i]);
  g_ptr_array_add (forms, g_strdup (hex->str));
  g_ptr_array_add (forms, g_ascii_strup (hex->str, -1));
  if (!g_str_equal (escaped, value))
    g_ptr_array_add (forms, g_steal_pointer (&escaped));
}

/* Fails naming the sink and the form, never printing the secret. */
static void
assert_nowhere (Scenario   *s,
                const char *secret_name,
                GPtrArray  *forms)
{
  for (guint f = 0; f < forms->len; f++)
    {
      const char *form = g_ptr_array_index (forms, f);
      g_autofree char *planted = g_strdup_printf ("before %s after", form);

      /* The scanner sees a copy where there is one. */
      g_assert_true (bytes_contain ((const guint8 *) planted, strlen (planted), form));

      for (guint i = 0; i < s->sinks->len; i++)
        {
          Sink *sink = g_ptr_array_index (s->sinks, i);
          gsize length;
          const guint8 *data = g_bytes_get_data (sink->bytes, &length);

          if (bytes_contain (data, length, form))
            g_error ("%s (form %u of %u) found in %s", secret_name, f + 1, forms->len,
                     sink->name);
        }
    }
  g_test_message ("%s: %u forms, none in %u places", secret_name, forms->len, s->sinks->len);
}

/* ---- processes -------------------------------------------------------------------------- */

/* A fluxcascade-cli (or other) process whose output is gathered as it comes. */
typedef struct {
  char        *label;
  GSubprocess *process;
  GString     *out;
  GString     *err;
  guint        open_streams;
} Child;

static void read_more (Child *child, GInputStream *stream);

static void
on_read_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Child *child = user_data;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;
  GInputStream *stream = G_INPUT_STREAM (source);
  GString *into = stream == g_subprocess_get_stdout_pipe (child->process) ? child->out
                                                                         : child->err;

  bytes = g_input_stream_read_bytes_finish (stream, result, &error);
  g_assert_no_error (error);
  if (g_bytes_get_size (bytes) == 0)
    {
      child->open_streams--;
      return;
    }
  g_string_append_len (into, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  read_more (child, stream);
}

static void
read_more (Child        *child,
           GInputStream *stream)
{
  g_input_stream_read_bytes_async (stream, 8192, G_PRIORITY_DEFAULT, NULL, on_read_cb, child);
}

/* In the child, before exec: let it write a core file of any size, as a crash would. */
static void
allow_core_files (gpointer user_data)
{
  struct rlimit limit = { RLIM_INFINITY, RLIM_INFINITY };

  setrlimit (RLIMIT_CORE, &limit);
}

static Child *
spawn (Scenario           *s,
       const char         *label,
       const char * const *argv)
{
  g_autoptr (GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr (GError) error = NULL;
  Child *child = g_new0 (Child, 1);

  g_subprocess_launcher_set_cwd (launcher, s->work_dir);
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "all", TRUE);
  g_subprocess_launcher_setenv (launcher, "FLUXCASCADE_NO_BROWSER", "1", TRUE);
  g_subprocess_launcher_set_child_setup (launcher, allow_core_files, NULL, NULL);
  child->label = g_strdup (label);
  child->out = g_string_new (NULL);
  child->err = g_string_new (NULL);
  child->process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  child->open_streams = 2;
  read_more (child, g_subprocess_get_stdout_pipe (child->process));
  read_more (child, g_subprocess_get_stderr_pipe (child->process));
  return child;
}

static Child *
spawn_cli (Scenario   *s,
           const char *label,
           ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("FC_CLI"));
  g_ptr_array_add (argv, (gpointer) "--data-dir");
  g_ptr_array_add (argv, s->data_dir);
  va_start (args, label);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  return spawn (s, label, (const char * const *) argv->pdata);
}

static gboolean
on_deadline_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main context until @condition holds, at most WAIT_MS. */
typedef gboolean (*Condition) (gconstpointer data);

static gboolean
wait_for (Condition      condition,
          gconstpointer  data)
{
  gboolean timed_out = FALSE;
  guint deadline = g_timeout_add (WAIT_MS * fc_test_timeout_multiplier (), on_deadline_cb,
                                  &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (deadline);
  return !timed_out;
}

static void
wait_until (Condition      condition,
            gconstpointer  data,
            const char    *what)
{
  if (!wait_for (condition, data))
    g_error ("waited in vain for %s", what);
}

typedef struct {
  Child      *child;
  const char *text;
} ChildText;

static gboolean
child_printed (gconstpointer data)
{
  const ChildText *want = data;

  return strstr (want->child->out->str, want->text) != NULL ||
         strstr (want->child->err->str, want->text) != NULL ||
         want->child->open_streams == 0;
}

static void
wait_for_output (Child      *child,
                 const char *text)
{
  ChildText want = { child, text };

  if (!wait_for (child_printed, &want))
    g_error ("%s did not print “%s” in time:\n%s%s", child->label, text, child->out->str,
             child->err->str);
  if (strstr (child->out->str, text) == NULL && strstr (child->err->str, text) == NULL)
    g_error ("%s ended without printing “%s”:\n%s%s", child->label, text, child->out->str,
             child->err->str);
}

static gboolean
child_closed (gconstpointer data)
{
  return ((const Child *) data)->open_streams == 0;
}

static void
write_stdin (Child      *child,
             const char *text)
{
  GOutputStream *in = g_subprocess_get_stdin_pipe (child->process);
  g_autoptr (GError) error = NULL;

  g_assert_true (g_output_stream_write_all (in, text, strlen (text), NULL, NULL, &error));
  g_assert_true (g_output_stream_write_all (in, "\n", 1, NULL, NULL, &error));
  g_assert_true (g_output_stream_close (in, NULL, &error));
  g_assert_no_error (error);
}

/* Waits for the end of @child, keeps what it printed, and frees it. Returns the exit status,
 * or minus the signal that ended it. */
static int
finish_child (Scenario *s,
              Child    *child)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *out_name = g_strdup_printf ("standard output of %s", child->label);
  g_autofree char *err_name = g_strdup_printf ("standard error of %s", child->label);
  int status;

  g_subprocess_wait_async (child->process, NULL, fc_test_on_ready_cb, &result);
  g_assert_true (g_subprocess_wait_finish (child->process, fc_test_wait_for (&result), &error));
  g_assert_no_error (error);
  wait_until (child_closed, child, "the end of the output");

  /* GLib prints debug records on standard output. */
  if (strstr (child->out->str, "dumpable: 0") != NULL ||
      strstr (child->err->str, "dumpable: 0") != NULL)
    s->cli_not_dumpable = TRUE;
  add_sink_text (s, out_name, child->out->str, child->out->len);
  add_sink_text (s, err_name, child->err->str, child->err->len);
  g_test_message ("%s: %" G_GSIZE_FORMAT " bytes of output, %" G_GSIZE_FORMAT " of errors "
                  "and logs", child->label, child->out->len, child->err->len);

  if (g_subprocess_get_if_signaled (child->process))
    status = -g_subprocess_get_term_sig (child->process);
  else
    status = g_subprocess_get_exit_status (child->process);
  if (status != 0)
    g_test_message ("%s ended with %d:\n%s", child->label, status, child->err->str);

  g_object_unref (child->process);
  g_string_free (child->out, TRUE);
  g_string_free (child->err, TRUE);
  g_free (child->label);
  g_free (child);
  return status;
}

/* The command line and environment of process @pid and of every process it started, now. */
static void
check_process_tree (Scenario   *s,
                    const char *pid,
                    const char *when)
{
  g_autofree char *tasks = g_build_filename ("/proc", pid, "task", NULL);
  g_autoptr (GDir) listing = NULL;
  const char *task;

  for (guint i = 0; i < 2; i++)
    {
      const char *what = i == 0 ? "cmdline" : "environ";
      g_autofree char *path = g_build_filename ("/proc", pid, what, NULL);
      g_autofree char *name = g_strdup_printf ("%s of process %s (%s)", what, pid, when);
      g_autofree char *contents = NULL;
      g_autoptr (GError) error = NULL;
      gsize length;

      if (!g_file_get_contents (path, &contents, &length, &error))
        {
          /* A process that is not dumpable has its environ owned by root. */
          g_assert_true (i == 1);
          g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_ACCES);
          s->environs_unreadable++;
          continue;
        }
      if (i == 0)
        g_assert_cmpuint (length, >, 0);
      add_sink_text (s, name, contents, length);
    }
  s->processes_checked++;

  listing = g_dir_open (tasks, 0, NULL);
  g_assert_nonnull (listing);
  while ((task = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (tasks, task, "children", NULL);
      g_autofree char *children = NULL;
      g_auto (GStrv) pids = NULL;

      if (!g_file_get_contents (path, &children, NULL, NULL))
        continue;
      pids = g_strsplit (g_strstrip (children), " ", -1);
      for (guint i = 0; pids[i] != NULL; i++)
        if (*pids[i] != '\0')
          check_process_tree (s, pids[i], when);
    }
}

static void
check_child (Scenario   *s,
             Child      *child,
             const char *when)
{
  const char *pid = g_subprocess_get_identifier (child->process);

  g_assert_nonnull (pid);
  check_process_tree (s, pid, when);
}

/* ---- the work ------------------------------------------------------------------------- */

static char *
random_secret (const char *prefix)
{
  g_autofree char *a = g_uuid_string_random ();
  g_autofree char *b = g_uuid_string_random ();
  g_autofree char *joined = g_strconcat (prefix, a, b, NULL);
  GString *text = g_string_new (NULL);

  for (const char *p = joined; *p != '\0'; p++)
    if (*p != '-')
      g_string_append_c (text, *p);
  return g_string_free (text, FALSE);
}

/* The connection id in “Connected … as ID.” */
static char *
connected_id (const char *out)
{
  g_autoptr (GRegex) regex = g_regex_new (" as (\\S+)\\.\\s*$", G_REGEX_MULTILINE, 0, NULL);
  g_autoptr (GMatchInfo) match = NULL;

  g_assert_true (g_regex_match (regex, out, 0, &match));
  return g_match_info_fetch (match, 1);
}

static char *
cli_connect (Scenario   *s,
             const char *provider,
             const char *secret)
{
  g_autofree char *api = fc_sim_get_api_base_url (s->sim, provider);
  g_autofree char *auth = fc_sim_get_auth_base_url (s->sim, provider);
  g_autofree char *label = g_strdup_printf ("connections add %s", provider);
  gboolean oauth = g_str_equal (provider, "hubspot");
  Child *child;
  g_autofree char *out = NULL;

  if (oauth)
    child = spawn_cli (s, label, "connections", "add", provider, "--oauth",
                       "--client-id", s->own_client_id, "--client-secret", "-",
                       "--api-url", api, "--auth-url", auth, NULL);
  else
    child = spawn_cli (s, label, "connections", "add", provider, "--token", "-",
                       "--api-url", api, NULL);

  /* The documented way: the secret on standard input, never among the arguments. */
  check_child (s, child, "waiting for the secret");
  write_stdin (child, secret);

  if (oauth)
    {
      const char *start;
      g_autofree char *uri = NULL;

      wait_for_output (child, "/oauth/authorize");
      /* It holds the client secret now, and waits for the browser. */
      check_child (s, child, "signing in");
      start = strstr (child->err->str, "http://");
      g_assert_nonnull (start);
      uri = g_strndup (start, strcspn (start, " \n"));
      g_assert_true (fc_test_open_uri_in_browser (uri, s->browser, NULL));
    }

  wait_for_output (child, "Connected ");
  out = g_strdup (child->out->str);
  g_assert_cmpint (finish_child (s, child), ==, 0);
  return connected_id (out);
}

static void
cli_set_webhook_secret (Scenario *s)
{
  Child *child = spawn_cli (s, "webhooks set-secret", "webhooks", "set-secret", s->hubspot_id,
                            NULL);

  check_child (s, child, "waiting for the webhook secret");
  write_stdin (child, s->hubspot_webhook_secret);
  g_assert_cmpint (finish_child (s, child), ==, 0);
}

static FcToken *
current_token (FcEngine     *engine,
               FcConnection *connection)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  FcToken *token;

  fc_auth_get_token_async (fc_engine_get_auth (engine), connection, FALSE, NULL,
                           fc_test_on_ready_cb, &result);
  token = fc_auth_get_token_finish (fc_engine_get_auth (engine), fc_test_wait_for (&result),
                                    &error);
  g_assert_no_error (error);
  g_assert_nonnull (token);
  return token;
}

static void
keep_tokens (Scenario *s,
             FcToken  *token)
{
  const char *access = fc_token_get_access_token (token);
  const char *refresh = fc_token_get_refresh_token (token);

  g_assert_nonnull (access);
  g_assert_nonnull (refresh);
  if (!g_ptr_array_find_with_equal_func (s->access_tokens, access, g_str_equal, NULL))
    g_ptr_array_add (s->access_tokens, g_strdup (access));
  if (!g_ptr_array_find_with_equal_func (s->refresh_tokens, refresh, g_str_equal, NULL))
    g_ptr_array_add (s->refresh_tokens, g_strdup (refresh));
}

static char *
sync_once (FcEngine  *engine,
           FcMapping *mapping)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (FcSyncResult) sync = NULL;

  fc_engine_sync_async (engine, mapping, NULL, NULL, NULL, NULL, fc_test_on_ready_cb, &result);
  sync = fc_engine_sync_finish (engine, fc_test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (fc_sync_result_get_status (sync), ==, FC_SYNC_STATUS_COMPLETED);
  return g_strdup (fc_sync_result_get_run_id (sync));
}

static void
seed_contact (Scenario   *s,
              GRand      *rand,
              const char *email,
              gboolean    as_user)
{
  g_autofree char *name = fc_test_random_name (rand);
  g_autofree char *phone = fc_test_random_phone (rand);
  g_autofree char *body = fc_test_hubspot_body (rand, email, name, phone);
  g_autoptr (GError) error = NULL;
  g_autofree char *id = as_user ? fc_sim_create (s->sim, "hubspot", "contacts", body, &error)
                                : fc_sim_seed (s->sim, "hubspot", "contacts", body, &error);

  g_assert_no_error (error);
  g_assert_nonnull (id);
}

/* The receiver of the outbound endpoint: keeps whether each signature verifies. */
static void
on_endpoint_request_cb (SoupServer        *server,
                        SoupServerMessage *message,
                        const char        *path,
                        GHashTable        *query,
                        gpointer           user_data)
{
  Scenario *s = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
  SoupMessageBody *request_body = soup_server_message_get_request_body (message);
  g_autoptr (GBytes) body = soup_message_body_flatten (request_body);
  const char *signature = soup_message_headers_get_one (headers, FC_NOTIFIER_SIGNATURE_HEADER);
  g_autofree char *expected = NULL;

  s->signed_deliveries++;
  if (s->endpoint_secret != NULL)
    expected = fc_notifier_sign (s->endpoint_secret, g_bytes_get_data (body, NULL),
                                 g_bytes_get_size (body));
  if (signature != NULL && g_strcmp0 (signature, expected) == 0)
    s->verified_deliveries++;
  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
}

static void
on_accepted_cb (FcWebhookListener *listener,
                const char        *connection_id,
                guint              n_events,
                guint              n_stored,
                Scenario          *s)
{
  if (g_strcmp0 (connection_id, s->hubspot_id) == 0)
    s->hubspot_webhooks++;
  else if (g_strcmp0 (connection_id, s->pipedrive_id) == 0)
    s->pipedrive_webhooks++;
}

static gboolean
hubspot_webhook_arrived (gconstpointer data)
{
  return ((const Scenario *) data)->hubspot_webhooks > 0;
}

static gboolean
pipedrive_webhook_arrived (gconstpointer data)
{
  return ((const Scenario *) data)->pipedrive_webhooks > 0;
}

static gboolean
delivery_verified (gconstpointer data)
{
  return ((const Scenario *) data)->verified_deliveries > 0;
}

static gboolean
no_pending_events (gconstpointer data)
{
  FcWebhookListener *listener = (FcWebhookListener *) data;
  g_autoptr (JsonNode) pending = fc_webhook_listener_list_events (listener, NULL, "pending", 0, 0,
                                                                  NULL);

  return pending != NULL && json_array_get_length (json_node_get_array (pending)) == 0;
}

static void
receive_webhooks (Scenario          *s,
                  FcEngine          *engine,
                  FcWebhookListener *listener,
                  GRand             *rand)
{
  FcConnection *hubspot = fc_engine_lookup_connection (engine, s->hubspot_id);
  FcConnection *pipedrive = fc_engine_lookup_connection (engine, s->pipedrive_id);
  g_autofree char *hubspot_url = fc_webhook_listener_dup_url (listener, hubspot);
  g_autofree char *person = fc_test_pipedrive_body ("webhook.person@example.com", "Ada Webhook",
                                                    "+14155550123");
  g_autofree char *person_id = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  char *basic;

  /* HubSpot signs with the secret set through the command line. */
  g_assert_true (fc_sim_set_webhook_target (s->sim, "hubspot", hubspot_url,
                                            s->hubspot_webhook_secret, &error));
  g_assert_no_error (error);
  seed_contact (s, rand, "webhook.contact@example.com", TRUE);
  wait_until (hubspot_webhook_arrived, s, "a verified HubSpot webhook");

  /* Pipedrive calls with the connection's own generated Basic credentials. */
  fc_webhook_listener_register_async (listener, pipedrive, NULL, fc_test_on_ready_cb, &result);
  g_assert_true (fc_webhook_listener_register_finish (listener, fc_test_wait_for (&result),
                                                      &error));
  g_assert_no_error (error);
  basic = secret_password_lookup_sync (&webhook_secret_schema, NULL, &error, "connection-id",
                                       s->pipedrive_id, "kind", "basic", NULL);
  g_assert_no_error (error);
  g_assert_nonnull (basic);
  g_assert_true (g_str_has_prefix (basic, BASIC_USER ":"));
  s->basic_password = g_strdup (basic + strlen (BASIC_USER ":"));
  g_assert_cmpuint (strlen (s->basic_password), >=, 16);
  secret_password_free (basic);

  person_id = fc_sim_create (s->sim, "pipedrive", "persons", person, &error);
  g_assert_no_error (error);
  wait_until (pipedrive_webhook_arrived, s, "a verified Pipedrive webhook");
  wait_until (no_pending_events, listener, "the webhook events to be processed");
}

static FcMapping *
save_mapping (Scenario *s,
              FcEngine *engine)
{
  FcConnection *hubspot = fc_engine_lookup_connection (engine, s->hubspot_id);
  FcConnection *pipedrive = fc_engine_lookup_connection (engine, s->pipedrive_id);
  g_autoptr (FcMapping) mapping = fc_test_people_mapping_new ("Leak check people", hubspot,
                                                              pipedrive);
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (hubspot);
  g_assert_nonnull (pipedrive);
  /* On a schedule, so that `serve` runs it. */
  fc_mapping_set_schedule_minutes (mapping, 5);
  g_assert_true (fc_engine_save_mapping (engine, mapping, &error));
  g_assert_no_error (error);
  return g_object_ref (fc_engine_lookup_mapping (engine, fc_mapping_get_id (mapping)));
}

static void
export_with_engine (Scenario *s,
                    FcEngine *engine)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *mappings = fc_mapping_io_export (fc_engine_get_store (engine), NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (mappings);
  add_sink_text (s, "fc_mapping_io_export ()", mappings, strlen (mappings));

  for (guint i = 0; i < G_N_ELEMENTS (s->run_ids); i++)
    {
      g_autofree char *name = g_strdup_printf ("run-%u.csv", i);
      g_autofree char *path = g_build_filename (s->work_dir, name, NULL);
      g_autoptr (GFile) file = g_file_new_for_path (path);
      gint64 lines = fc_run_log_export_csv (fc_engine_get_store (engine), s->run_ids[i], file,
                                            NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpint (lines, >, 0);
      add_sink_file (s, "fc_run_log_export_csv ()", path);
    }
}

/* The mapping falls due now, so that `serve` syncs it as soon as it starts. */
static void
make_due (FcEngine   *engine,
          const char *mapping_id)
{
  FcStore *store = fc_engine_get_store (engine);
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GError) error = NULL;

  stmt = _fc_store_prepare (store, "UPDATE mappings SET next_run_at = ?1 WHERE id = ?2", &error);
  g_assert_no_error (error);
  sqlite3_bind_int64 (stmt, 1, g_get_real_time () / 1000 - 10 * 60 * 1000);
  _fc_store_bind_text (stmt, 2, mapping_id);
  g_assert_true (_fc_store_step_done (store, stmt, "making the test's mapping due", &error));
  g_assert_no_error (error);
}

static void
work_in_process (Scenario *s)
{
  g_autoptr (FcEngine) engine = NULL;
  g_autoptr (FcMapping) mapping = NULL;
  g_autoptr (FcToken) first = NULL;
  g_autoptr (FcToken) second = NULL;
  g_autoptr (SoupServer) receiver = soup_server_new (NULL, NULL);
  g_autoptr (GRand) rand = g_rand_new_with_seed (4711);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (FcEndpoint) endpoint = NULL;
  g_autofree char *endpoint_url = NULL;
  g_autofree char *mapping_id = NULL;
  FcWebhookListener *listener;
  FcNotifier *notifier;
  FcConnection *hubspot;
  GSList *uris;

  engine = fc_engine_new (s->data_dir, &error);
  g_assert_no_error (error);
  hubspot = fc_engine_lookup_connection (engine, s->hubspot_id);
  first = current_token (engine, hubspot);
  keep_tokens (s, first);
  s->token_client_secret = g_strdup (fc_token_get_client_secret (first));

  /* The outbound endpoint, signed with its whsec_ secret. */
  soup_server_add_handler (receiver, NULL, on_endpoint_request_cb, s, NULL);
  soup_server_listen_local (receiver, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (receiver);
  endpoint_url = g_strdup_printf ("http://127.0.0.1:%d/hook", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  notifier = fc_engine_get_notifier (engine);
  fc_notifier_set_retry_base_ms (notifier, 10);
  fc_notifier_add_endpoint_async (notifier, endpoint_url, "leak check", NULL, NULL,
                                  fc_test_on_ready_cb, &result);
  endpoint = fc_notifier_add_endpoint_finish (notifier, fc_test_wait_for (&result),
                                              &s->endpoint_secret, &error);
  g_assert_no_error (error);
  g_assert_nonnull (s->endpoint_secret);
  fc_notifier_start (notifier);

  /* A first sync with the first access token and the static token. */
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *email = g_strdup_printf ("person.%u@example.com", i);

      seed_contact (s, rand, email, FALSE);
    }
  mapping = save_mapping (s, engine);
  mapping_id = g_strdup (fc_mapping_get_id (mapping));
  s->run_ids[0] = sync_once (engine, mapping);

  /* The provider drops the access token: the next sync refreshes it. */
  g_assert_true (fc_sim_expire_token (s->sim, g_ptr_array_index (s->access_tokens, 0)));
  seed_contact (s, rand, "person.3@example.com", FALSE);
  s->run_ids[1] = sync_once (engine, mapping);
  second = current_token (engine, hubspot);
  keep_tokens (s, second);
  wait_until (delivery_verified, s, "a signed delivery to the endpoint");

  /* Webhooks in, verified with their secrets. */
  listener = fc_engine_get_webhook_listener (engine);
  fc_webhook_listener_set_port (listener, 0);
  fc_webhook_listener_set_batch_delay_ms (listener, 5);
  g_signal_connect (listener, "accepted", G_CALLBACK (on_accepted_cb), s);
  g_assert_true (fc_webhook_listener_start (listener, &error));
  g_assert_no_error (error);
  receive_webhooks (s, engine, listener, rand);

  export_with_engine (s, engine);
  make_due (engine, mapping_id);
  add_sink_tree (s, "with the engine open:", s->data_dir);

  g_signal_handlers_disconnect_by_data (listener, s);
  fc_webhook_listener_stop (listener);
  fc_notifier_stop (notifier);
  g_clear_object (&mapping);
  g_clear_object (&endpoint);
  g_clear_object (&engine);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  soup_server_disconnect (receiver);
}

static void
work_with_cli_afterwards (Scenario *s)
{
  g_autofree char *export_path = g_build_filename (s->work_dir, "mappings-cli.json", NULL);
  const char * const *commands[] = {
    (const char * const []) { "mappings", "export", "-o", export_path, NULL },
    (const char * const []) { "mappings", "export", NULL },
    (const char * const []) { "mappings", "list", "--json", NULL },
    (const char * const []) { "log", "--json", NULL },
    (const char * const []) { "log", "--run", s->run_ids[1], "--json", NULL },
    (const char * const []) { "log", "--run", s->run_ids[0], NULL },
    (const char * const []) { "connections", "list", "--json", NULL },
    (const char * const []) { "webhooks", "status", "--json", NULL },
    (const char * const []) { "webhooks", "events", "--json", NULL },
    (const char * const []) { "endpoints", "list", "--json", NULL },
    (const char * const []) { "deliveries", "list", "--json", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autoptr (GPtrArray) argv = g_ptr_array_new ();
      g_autofree char *label = NULL;
      Child *child;

      g_ptr_array_add (argv, (gpointer) g_getenv ("FC_CLI"));
      g_ptr_array_add (argv, (gpointer) "--data-dir");
      g_ptr_array_add (argv, s->data_dir);
      for (guint j = 0; commands[i][j] != NULL; j++)
        g_ptr_array_add (argv, (gpointer) commands[i][j]);
      g_ptr_array_add (argv, NULL);
      label = g_strjoinv (" ", (char **) argv->pdata + 3);
      child = spawn (s, label, (const char * const *) argv->pdata);
      g_assert_cmpint (finish_child (s, child), ==, 0);
    }
  add_sink_file (s, "mappings export -o", export_path);
}

/* Whether @dir holds a core file; removes it when @remove. */
static gboolean
find_core_file (const char *dir,
                gboolean    remove)
{
  g_autoptr (GDir) listing = g_dir_open (dir, 0, NULL);
  const char *entry;
  gboolean found = FALSE;

  g_assert_nonnull (listing);
  while ((entry = g_dir_read_name (listing)) != NULL)
    if (g_str_has_prefix (entry, "core"))
      {
        g_autofree char *path = g_build_filename (dir, entry, NULL);

        if (remove)
          g_unlink (path);
        found = TRUE;
      }
  return found;
}

/* `serve` syncs with the tokens it read from the keyring, then crashes. A core file it left
 * would stay in the work folder, whose every file is searched for the secrets. */
static void
serve_then_crash (Scenario *s)
{
  const char * const control[] = {
    "/bin/sh", "-c", "mkdir control && cd control && kill -SEGV $$", NULL
  };
  g_autofree char *control_dir = g_build_filename (s->work_dir, "control", NULL);
  Child *child = spawn_cli (s, "serve (crashed with SIGABRT)", "serve", "--port", "0", NULL);

  wait_for_output (child, "finished  “Leak check people”");
  check_child (s, child, "serving");
  g_assert_false (find_core_file (s->work_dir, FALSE));
  g_subprocess_send_signal (child->process, SIGABRT);
  s->serve_signal = -finish_child (s, child);
  s->serve_core = find_core_file (s->work_dir, FALSE);

  /* A process that may dump core does so here: the check above could see one. */
  child = spawn (s, "a shell crashing with SIGSEGV", control);
  g_assert_cmpint (finish_child (s, child), ==, -SIGSEGV);
  s->control_core = find_core_file (control_dir, TRUE);
  g_rmdir (control_dir);
}

static void
use_private_keyring (Scenario *s)
{
  g_autofree char *path = NULL;

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") != NULL &&
      (g_getenv ("FC_HEADLESS_STAGE") != NULL || g_getenv ("FC_HEADLESS_BUS") != NULL))
    return;

  /* Outside the headless session: libsecret's file backend, which the CLI inherits. Each
   * process writes it in turn, never two at once. */
  s->keyring_dir = g_dir_make_tmp ("fc-test-leaks-keyring-XXXXXX", NULL);
  g_assert_nonnull (s->keyring_dir);
  path = g_build_filename (s->keyring_dir, "test.keyring", NULL);
  g_setenv ("SECRET_BACKEND", "file", TRUE);
  g_setenv ("SECRET_FILE_TEST_PATH", path, TRUE);
  g_setenv ("SECRET_FILE_TEST_PASSWORD", "fluxcascade-test", TRUE);
}

/* Does all the work once; the tests then look for one secret each. */
static Scenario *
get_scenario (void)
{
  g_autoptr (GError) error = NULL;
  Scenario *s;

  if (scenario != NULL)
    return scenario;

  s = scenario = g_new0 (Scenario, 1);
  s->sinks = g_ptr_array_new_with_free_func ((GDestroyNotify) sink_free);
  s->access_tokens = g_ptr_array_new_with_free_func (g_free);
  s->refresh_tokens = g_ptr_array_new_with_free_func (g_free);
  s->own_client_id = random_secret ("fcleakclientid");
  s->own_client_secret = random_secret ("fcleakOwnClientSecret");
  s->static_token = random_secret ("fcleakStaticToken");
  s->hubspot_webhook_secret = random_secret ("fcleakHubSpotWebhookSecret");
  use_private_keyring (s);
  s->data_dir = g_dir_make_tmp ("fc-test-leaks-data-XXXXXX", &error);
  g_assert_no_error (error);
  s->work_dir = g_dir_make_tmp ("fc-test-leaks-work-XXXXXX", &error);
  g_assert_no_error (error);
  s->browser = soup_session_new ();

  s->sim = fc_sim_new ();
  fc_sim_set_seed (s->sim, 97);
  g_assert_true (fc_sim_set_client (s->sim, "hubspot", s->own_client_id, s->own_client_secret,
                                    &error));
  g_assert_true (fc_sim_add_static_token (s->sim, "pipedrive", s->static_token, &error));
  g_assert_true (fc_sim_start_in_thread (s->sim, 0, &error));
  g_assert_no_error (error);

  /* The secrets the user gives go in through the command line's documented way. */
  s->hubspot_id = cli_connect (s, "hubspot", s->own_client_secret);
  s->pipedrive_id = cli_connect (s, "pipedrive", s->static_token);
  cli_set_webhook_secret (s);

  work_in_process (s);
  s->token_grants = fc_sim_get_count (s->sim, "hubspot", "POST", "/oauth/v1/token", 200);
  s->persons_created = fc_sim_count_records (s->sim, "pipedrive", "persons", FALSE);
  s->pipedrive_calls = fc_sim_get_count (s->sim, "pipedrive", NULL, NULL, 200);

  work_with_cli_afterwards (s);
  serve_then_crash (s);

  add_sink_tree (s, "after every process ended:", s->data_dir);
  add_sink_tree (s, "exports and crash leftovers:", s->work_dir);
  g_test_message ("this process logged %" G_GSIZE_FORMAT " bytes", captured_log->len);
  g_assert_nonnull (strstr (captured_log->str, "Accepted a webhook"));
  add_sink_text (s, "this process's logs", captured_log->str, captured_log->len);
  add_sink_file (s, "the test's own", "/proc/self/cmdline");
  add_sink_file (s, "the test's own", "/proc/self/environ");
  return s;
}

static void
scenario_free (Scenario *s)
{
  fc_sim_stop (s->sim);
  g_object_unref (s->sim);
  g_object_unref (s->browser);
  fc_test_remove_tree (s->data_dir);
  fc_test_remove_tree (s->work_dir);
  if (s->keyring_dir != NULL)
    fc_test_remove_tree (s->keyring_dir);
  g_free (s->data_dir);
  g_free (s->work_dir);
  g_free (s->keyring_dir);
  g_ptr_array_unref (s->sinks);
  g_ptr_array_unref (s->access_tokens);
  g_ptr_array_unref (s->refresh_tokens);
  g_free (s->own_client_id);
  g_free (s->own_client_secret);
  g_free (s->static_token);
  g_free (s->hubspot_webhook_secret);
  g_free (s->basic_password);
  g_free (s->endpoint_secret);
  g_free (s->hubspot_id);
  g_free (s->pipedrive_id);
  g_free (s->run_ids[0]);
  g_free (s->run_ids[1]);
  g_free (s->token_client_secret);
  g_free (s);
}

/* ---- one test per secret ---------------------------------------------------------------- */

static void
test_access_token (void)
{
  Scenario *s = get_scenario ();
  g_autoptr (GPtrArray) forms = g_ptr_array_new_with_free_func (g_free);

  /* Two access tokens: the first sign-in's and the refreshed one, both used to sync. */
  g_assert_cmpuint (s->access_tokens->len, ==, 2);
  g_assert_cmpuint (s->token_grants, ==, 2);
  g_assert_cmpuint (s->persons_created, >=, 4);
  for (guint i = 0; i < s->access_tokens->len; i++)
    add_forms (forms, g_ptr_array_index (s->access_tokens, i));
  assert_nowhere (s, "an OAuth access token", forms);
}

static void
test_refresh_token (void)
{
  Scenario *s = get_scenario ();
  g_autoptr (GPtrArray) forms = g_ptr_array_new_with_free_func (g_free);

  g_assert_cmpuint (s->refresh_tokens->len, >=, 1);
  g_assert_cmpuint (s->token_grants, ==, 2);
  for (guint i = 0; i < s->refresh_tokens->len; i++)
    add_forms (forms, g_ptr_array_index (s->refresh_tokens, i));
  assert_nowhere (s, "an OAuth refresh token", forms);
}

static void
test_static_token (void)
{
  Scenario *s = get_scenario ();
  g_autoptr (GPtrArray) forms = g_ptr_array_new_with_free_func (g_free);

  /* The simulator accepts no other Pipedrive token. */
  g_assert_cmpuint (s->pipedrive_calls, >, 0);
  g_assert_cmpuint (s->persons_created, >=, 4);
  add_forms (forms, s->static_token);
  assert_nowhere (s, "the Pipedrive API token", forms);
}

static void
test_client_secret (void)
{
  Scenario *s = get_scenario ();
  g_autoptr (GPtrArray) forms = g_ptr_array_new_with_free_func (g_free);

  /* The simulator's token endpoint refuses any other client secret; the token keeps it. */
  g_assert_cmpuint (s->token_grants, ==, 2);
  g_assert_cmpstr (s->token_client_secret, ==, s->own_client_secret);
  add_forms (forms, s->own_client_secret);
  assert_nowhere (s, "the user's own OAuth client secret", forms);
}

static void
test_hubspot_webhook_secret (void)
{
  Scenario *s = get_scenario ();
  g_autoptr (GPtrArray) forms = g_ptr_array_new_with_free_func (g_free);

  /* Signed with it by the simulator, and verified. */
  g_assert_cmpuint (s->hubspot_webhooks, >, 0);
  add_forms (forms, s->hubspot_webhook_secret);
  assert_nowhere (s, "the HubSpot webhook secret", forms);
}

static void
test_pipedrive_basic_credentials (void)
{
  Scenario *s = get_scenario ();
  g_autoptr (GPtrArray) forms = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *pair = g_strconcat (BASIC_USER ":", s->basic_password, NULL);

  g_assert_cmpuint (s->pipedrive_webhooks, >, 0);
  add_forms (forms, s->basic_password);
  /* The Authorization header's credentials, as Pipedrive sends them. */
  add_forms (forms, pair);
  assert_nowhere (s, "the Pipedrive webhook credentials", forms);
}

static void
test_endpoint_secret (void)
{
  Scenario *s = get_scenario ();
  g_autoptr (GPtrArray) forms = g_ptr_array_new_with_free_func (g_free);

  g_assert_true (g_str_has_prefix (s->endpoint_secret, FC_NOTIFIER_SECRET_PREFIX));
  g_assert_cmpuint (s->verified_deliveries, >, 0);
  add_forms (forms, s->endpoint_secret);
  add_forms (forms, s->endpoint_secret + strlen (FC_NOTIFIER_SECRET_PREFIX));
  assert_nowhere (s, "the outbound endpoint's signing secret", forms);
}

/* The processes that hold secrets leave no core file when they crash. */
static void
test_no_core_dump (void)
{
  Scenario *s = get_scenario ();

  g_assert_true (s->cli_not_dumpable);
  g_assert_cmpint (s->serve_signal, ==, SIGABRT);
  g_assert_false (s->serve_core);
  if (!s->control_core)
    g_test_message ("this system writes no core files at all (core_pattern, limits)");
  /* Command lines and environments were read while the secrets were held. */
  g_assert_cmpuint (s->processes_checked, >=, 5);
}

static gboolean
sink_holds (Scenario   *s,
            const char *name_part,
            const char *needle)
{
  guint sinks = 0;

  for (guint i = 0; i < s->sinks->len; i++)
    {
      Sink *sink = g_ptr_array_index (s->sinks, i);
      gsize length;
      const guint8 *data = g_bytes_get_data (sink->bytes, &length);

      if (strstr (sink->name, name_part) == NULL)
        continue;
      sinks++;
      if (bytes_contain (data, length, needle))
        return TRUE;
    }
  g_test_message ("none of %u places named “%s” holds “%s”", sinks, name_part, needle);
  return FALSE;
}

/* The places searched hold what was written there: the search reads the real bytes. */
static void
test_places_searched (void)
{
  Scenario *s = get_scenario ();

  g_assert_true (sink_holds (s, "with the engine open: ", s->hubspot_id));
  g_assert_true (sink_holds (s, "after every process ended: ", s->pipedrive_id));
  g_assert_true (sink_holds (s, "this process's logs", s->pipedrive_id));
  g_assert_true (sink_holds (s, "fc_mapping_io_export", "Leak check people"));
  g_assert_true (sink_holds (s, "mappings export -o", "Leak check people"));
  g_assert_true (sink_holds (s, "fc_run_log_export_csv", "@example.com"));
  g_assert_true (sink_holds (s, "standard output of log --json", s->run_ids[1]));
  g_assert_true (sink_holds (s, "of serve (crashed", "Leak check people"));
  g_assert_true (sink_holds (s, "cmdline of process", "--client-secret"));
  /* Unless only root may read them (not dumpable, and this test not run by root). */
  if (s->environs_unreadable < s->processes_checked)
    g_assert_true (sink_holds (s, "environ of process", "G_MESSAGES_DEBUG=all"));
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  g_test_init (&argc, &argv, NULL);
  captured_log = g_string_new (NULL);
  g_log_set_writer_func (capture_log_cb, NULL, NULL);
  default_log_handler = g_log_set_default_handler (capture_log_handler, NULL);

  g_test_add_func ("/fc/secret-leaks/oauth-access-token", test_access_token);
  g_test_add_func ("/fc/secret-leaks/oauth-refresh-token", test_refresh_token);
  g_test_add_func ("/fc/secret-leaks/static-token", test_static_token);
  g_test_add_func ("/fc/secret-leaks/own-client-secret", test_client_secret);
  g_test_add_func ("/fc/secret-leaks/hubspot-webhook-secret", test_hubspot_webhook_secret);
  g_test_add_func ("/fc/secret-leaks/pipedrive-basic-credentials",
                   test_pipedrive_basic_credentials);
  g_test_add_func ("/fc/secret-leaks/endpoint-secret", test_endpoint_secret);
  g_test_add_func ("/fc/secret-leaks/no-core-dump", test_no_core_dump);
  g_test_add_func ("/fc/secret-leaks/places-searched", test_places_searched);

  status = g_test_run ();
  if (scenario != NULL)
    scenario_free (scenario);
  g_string_free (captured_log, TRUE);
  return status;
}
