/* test-cli.c: fluxcascade-cli driven as a user would, through a real process
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fc-test-util.h"

#include <signal.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "fc-engine.h"
#include "fc-store.h"

typedef struct {
  char *data_dir;
} Fixture;

/* Runs the CLI with @data_dir (NULL: none given) and the NULL-terminated arguments; @result
 * may hold an earlier run, which is cleared. */
#define run_cli(result, data_dir, ...) fc_test_run_cli ((data_dir), (result), __VA_ARGS__)

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  fixture->data_dir = g_dir_make_tmp ("fc-cli-XXXXXX", &error);
  g_assert_no_error (error);
}


static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  fc_test_remove_tree (fixture->data_dir);
  g_free (fixture->data_dir);
}

static void
test_version (void)
{
  g_auto (FcTestCliResult) r = { 0 };

  run_cli (&r, NULL, "version", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_str_has_prefix (r.out, "fluxcascade-cli " PACKAGE_VERSION));
}

/* Every command answers --help with its usage and exits 0. */
static void
test_help_everywhere (void)
{
  const char *commands[][3] = {
    { "--help", NULL, NULL },
    { "version", "--help", NULL },
    { "transform", "--help", NULL },
    { "mappings", "--help", NULL },
    { "mappings", "list", "--help" },
    { "mappings", "show", "--help" },
    { "mappings", "remove", "--help" },
    { "mappings", "export", "--help" },
    { "mappings", "import", "--help" },
    { "mappings", "add", "--help" },
    { "connections", "--help", NULL },
    { "connections", "list", "--help" },
    { "connections", "add", "--help" },
    { "connections", "remove", "--help" },
    { "connections", "fields", "--help" },
    { "sync", "--help", NULL },
    { "log", "--help", NULL },
    { "conflicts", "--help", NULL },
    { "conflicts", "list", "--help" },
    { "conflicts", "resolve", "--help" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_auto (FcTestCliResult) r = { 0 };

      run_cli (&r, NULL, commands[i][0], commands[i][1], commands[i][2], NULL);
      g_test_message ("%s %s: %s", commands[i][0], commands[i][1], r.err);
      g_assert_cmpint (r.status, ==, 0);
      g_assert_nonnull (strstr (r.out, "Usage:"));
    }
}

static void
test_unknown_command (void)
{
  g_auto (FcTestCliResult) r = { 0 };

  run_cli (&r, NULL, "frobnicate", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "frobnicate"));
}

typedef struct {
  const char *args[8];
  int         status;
  const char *out;   /* exact standard output when status is 0 */
  const char *err;   /* a piece of the one-line reason otherwise */
} TransformCase;

static const TransformCase transform_cases[] = {
  { { "phone_e164", "--region", "US", "(415) 555-2671" }, 0, "+14155552671\n" },
  { { "phone_e164", "--region", "gb", "020 7946 0958" }, 0, "+442079460958\n" },
  { { "phone_e164", "--arg", "region=DE", "030 901820" }, 0, "+4930901820\n" },
  { { "split_name", "Doe, John" }, 0, "John\nDoe\n" },
  { { "concatenate", "--arg", "separator=, ", "Main St 1", "", "Springfield" }, 0,
    "Main St 1, Springfield\n" },
  { { "trim|uppercase", "--", "  -alpha  " }, 0, "-ALPHA\n" },
  { { "lowercase", "--", "-Dash" }, 0, "-dash\n" },
  { { "date_iso", "1709596800000" }, 0, "2024-03-05T00:00:00Z\n" },
  { { "date_iso", "--arg", "order=dmy", "05/03/2024" }, 0, "2024-03-05\n" },
  { { "split_name", "--reverse", "John", "Doe" }, 0, "John Doe\n" },
  { { "concatenate", "--reverse", "--fields", "2", "Ada Lovelace" }, 0, "Ada\nLovelace\n" },
  { { "concatenate", "--reverse", "--fields", "3", "Ada Lovelace" }, 2, NULL, "concatenate" },
  { { "phone_e164", "--region", "US", "12" }, 2, NULL, "12" },
  { { "phone_e164", "--region", "XX", "555" }, 2, NULL, "XX" },
  { { "date_iso", "2024-02-30" }, 2, NULL, "2024-02-30" },
  { { "frobnicate", "x" }, 2, NULL, "frobnicate" },
  { { "uppercase" }, 2, NULL, "value" },
  { { "uppercase", "--arg", "novalue", "x" }, 2, NULL, "KEY=VALUE" },
  { { "trim|lowercase", "--region", "US", "x" }, 2, NULL, "chain" },
  { { "uppercase", "--reverse", "X" }, 2, NULL, "reverse" },
};

static void
test_transform (gconstpointer data)
{
  const TransformCase *tc = data;
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_ptr_array_add (argv, (gpointer) g_getenv ("FC_CLI"));
  g_ptr_array_add (argv, (gpointer) "transform");
  for (guint i = 0; tc->args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) tc->args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);

  g_test_message ("stdout: %s stderr: %s", out, err);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, tc->status);
  if (tc->status == 0)
    {
      g_assert_cmpstr (out, ==, tc->out);
      g_assert_cmpstr (err, ==, "");
    }
  else
    {
      g_assert_cmpstr (out, ==, "");
      /* One line that says why. */
      g_assert_nonnull (strstr (err, tc->err));
      g_assert_cmpint (strlen (err), >, 0);
      g_assert_true (g_str_has_suffix (err, "\n"));
      g_assert_true (strchr (err, '\n') == err + strlen (err) - 1);
    }
}

/* Two connections in the store, as the connections issue's commands will make them. */
static void
add_connections (const char *data_dir)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (FcEngine) engine = fc_engine_new (data_dir, &error);
  g_autoptr (FcConnection) hubspot = fc_connection_new (FC_PROVIDER_HUBSPOT);
  g_autoptr (FcConnection) jobber = fc_connection_new (FC_PROVIDER_JOBBER);

  g_assert_no_error (error);
  fc_connection_set_account_name (hubspot, "acme.hubspot.com");
  fc_connection_set_account_id (hubspot, "62515");
  fc_connection_set_id (hubspot, "con_hubspot");
  fc_connection_set_account_name (jobber, "Acme Field Services");
  fc_connection_set_account_id (jobber, "MQ==");
  fc_connection_set_id (jobber, "con_jobber");
  g_assert_true (fc_engine_save_connection (engine, hubspot, &error));
  g_assert_no_error (error);
  g_assert_true (fc_engine_save_connection (engine, jobber, &error));
  g_assert_no_error (error);
}

static const char mapping_file[] =
  "{\"format\":\"fluxcascade-mappings\",\"version\":1,\"mappings\":[{"
  "\"name\":\"Contacts to clients\","
  "\"source\":{\"provider\":\"hubspot\",\"accountId\":\"62515\",\"accountName\":\"acme.hubspot.com\",\"object\":\"contacts\"},"
  "\"target\":{\"provider\":\"jobber\",\"accountId\":\"MQ==\",\"accountName\":\"Acme Field Services\",\"object\":\"clients\"},"
  "\"direction\":\"bidirectional\",\"conflictStrategy\":\"newest_wins\",\"deletePolicy\":\"ignore\","
  "\"active\":true,\"realtime\":false,\"scheduleMinutes\":60,\"matchRule\":[],"
  "\"fieldPairs\":["
  "{\"sourceFields\":[\"email\"],\"targetFields\":[\"email\"],\"transform\":\"trim|lowercase\",\"direction\":\"source_only\",\"required\":true},"
  "{\"sourceFields\":[\"phone\"],\"targetFields\":[\"phone\"],\"transform\":\"phone_e164(region=US)\",\"direction\":\"bidirectional\",\"required\":false}"
  "]}]}";

static void
test_mappings_round_trip (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *file = g_build_filename (fixture->data_dir, "share.json", NULL);
  g_autofree char *exported = g_build_filename (fixture->data_dir, "exported.json", NULL);
  g_autofree char *contents = NULL;
  GStatBuf st;

  add_connections (fixture->data_dir);
  g_assert_true (g_file_set_contents (file, mapping_file, -1, NULL));

  {
    g_auto (FcTestCliResult) r = { 0 };
    run_cli (&r, fixture->data_dir, "mappings", "list", NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "No mappings"));
  }
  {
    g_auto (FcTestCliResult) r = { 0 };
    run_cli (&r, fixture->data_dir, "mappings", "import", file, NULL);
    g_test_message ("%s%s", r.out, r.err);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "Contacts to clients"));
  }
  {
    g_auto (FcTestCliResult) r = { 0 };
    run_cli (&r, fixture->data_dir, "mappings", "list", NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "HubSpot (acme.hubspot.com) contacts ↔ Jobber (Acme Field Services) clients"));
  }
  {
    g_auto (FcTestCliResult) r = { 0 };
    run_cli (&r, fixture->data_dir, "mappings", "show", "Contacts to clients", NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "phone → phone  [phone_e164(region=US)]"));
    g_assert_nonnull (strstr (r.out, "email=email"));
  }
  {
    g_auto (FcTestCliResult) r = { 0 };
    g_autoptr (JsonParser) parser = json_parser_new ();
    JsonObject *object;

    run_cli (&r, fixture->data_dir, "mappings", "show", "--json", "Contacts to clients", NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_true (json_parser_load_from_data (parser, r.out, -1, NULL));
    object = json_node_get_object (json_parser_get_root (parser));
    g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, "Contacts to clients");
    g_assert_cmpint (json_array_get_length (json_object_get_array_member (object, "fieldPairs")), ==, 2);
  }
  {
    g_auto (FcTestCliResult) r = { 0 };
    run_cli (&r, fixture->data_dir, "mappings", "export", "-o", exported, NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_true (g_file_get_contents (exported, &contents, NULL, NULL));
    g_assert_nonnull (strstr (contents, "\"acme.hubspot.com\""));
    g_assert_null (strstr (contents, "con_hubspot"));
    g_assert_cmpint (g_stat (exported, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  }
  {
    /* The same file again: the name is taken, and nothing changes. */
    g_auto (FcTestCliResult) r = { 0 };
    g_auto (FcTestCliResult) list = { 0 };
    run_cli (&r, fixture->data_dir, "mappings", "import", file, NULL);
    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "Contacts to clients"));
    run_cli (&list, fixture->data_dir, "mappings", "list", "--json", NULL);
    g_assert_cmpint (list.status, ==, 0);
    g_assert_nonnull (strstr (list.out, "Contacts to clients"));
    g_assert_null (strstr (strstr (list.out, "Contacts to clients") + 1, "Contacts to clients"));
  }
  {
    g_auto (FcTestCliResult) r = { 0 };
    g_auto (FcTestCliResult) list = { 0 };
    run_cli (&r, fixture->data_dir, "mappings", "remove", "Contacts to clients", NULL);
    g_assert_cmpint (r.status, ==, 0);
    run_cli (&list, fixture->data_dir, "mappings", "list", NULL);
    g_assert_nonnull (strstr (list.out, "No mappings"));
  }
  {
    g_auto (FcTestCliResult) r = { 0 };
    run_cli (&r, fixture->data_dir, "mappings", "show", "Contacts to clients", NULL);
    g_assert_cmpint (r.status, ==, 1);
    g_assert_nonnull (strstr (r.err, "Contacts to clients"));
  }
}

static void
test_mappings_bad_import (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *file = g_build_filename (fixture->data_dir, "bad.json", NULL);
  g_autoptr (GString) bad = g_string_new (mapping_file);
  g_auto (FcTestCliResult) r = { 0 };
  g_auto (FcTestCliResult) list = { 0 };

  add_connections (fixture->data_dir);
  g_string_replace (bad, "phone_e164(region=US)", "frobnicate", 1);
  g_assert_true (g_file_set_contents (file, bad->str, -1, NULL));

  run_cli (&r, fixture->data_dir, "mappings", "import", file, NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "$.mappings[0].fieldPairs[1].transform"));
  g_assert_nonnull (strstr (r.err, "frobnicate"));

  run_cli (&list, fixture->data_dir, "mappings", "list", NULL);
  g_assert_nonnull (strstr (list.out, "No mappings"));
}

typedef struct {
  const char *pair;
  const char *err;   /* a piece of the one-line reason */
} BadPairCase;

static const BadPairCase bad_pair_cases[] = {
  { "email", "expected SOURCE=TARGET" },
  { "email==email", "more than one “=”" },
  { "email=email|", "no transform after “|”" },
  { "email=email|  ", "no transform after “|”" },
  { "=email", "a field name is empty" },
  { "email=", "a field name is empty" },
  { "email,,phone=email", "a field name is empty" },
  { "email=email@sideways", "unknown direction “sideways”" },
  { "email=email|frobnicate", "frobnicate" },
};

/* A malformed --pair: exit status 2, one line that quotes it, and no mapping stored. */
static void
test_mappings_add_bad_pair (gconstpointer data)
{
  const BadPairCase *tc = data;
  g_autoptr (GError) error = NULL;
  g_autofree char *data_dir = g_dir_make_tmp ("fc-cli-XXXXXX", &error);
  g_auto (FcTestCliResult) r = { 0 };
  g_auto (FcTestCliResult) list = { 0 };

  g_assert_no_error (error);
  add_connections (data_dir);
  run_cli (&r, data_dir, "mappings", "add", "--name", "Broken", "--from", "con_hubspot:contacts",
           "--to", "con_jobber:clients", "--pair", tc->pair, NULL);
  g_test_message ("stdout: %s stderr: %s", r.out, r.err);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, tc->err));
  g_assert_true (strchr (r.err, '\n') == r.err + strlen (r.err) - 1);
  if (strstr (tc->err, "frobnicate") == NULL)
    g_assert_nonnull (strstr (r.err, tc->pair));

  run_cli (&list, data_dir, "mappings", "list", NULL);
  g_assert_nonnull (strstr (list.out, "No mappings"));
  fc_test_remove_tree (data_dir);
}

/* An unknown connection id is named in the error. */
static void
test_connections_unknown (Fixture       *fixture,
                          gconstpointer  data)
{
  g_auto (FcTestCliResult) r = { 0 };

  run_cli (&r, fixture->data_dir, "connections", "fields", "con_nosuch", "contacts", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "“con_nosuch”"));
  run_cli (&r, fixture->data_dir, "connections", "remove", "con_nosuch", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "“con_nosuch”"));
}

/* Jobber has no personal tokens: a usage error that says to sign in, and nothing stored. */
static void
test_connections_token_refused (Fixture       *fixture,
                                gconstpointer  data)
{
  g_auto (FcTestCliResult) r = { 0 };
  g_auto (FcTestCliResult) list = { 0 };

  run_cli (&r, fixture->data_dir, "connections", "add", "jobber", "--token", "jb-token", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "Jobber"));
  g_assert_nonnull (strstr (r.err, "browser"));
  run_cli (&list, fixture->data_dir, "connections", "list", NULL);
  g_assert_nonnull (strstr (list.out, "No connections"));
}

typedef struct {
  const char *option;
  const char *value;
} BadGuardCase;

static const BadGuardCase bad_guard_cases[] = {
  { "--max-creates", "-5" },
  { "--max-creates", "-1" },
  { "--max-update-percent", "-3" },
  { "--max-update-percent", "101" },
  { "--hold-deletes", "maybe" },
};

/* A guard limit out of range is refused before anything runs, the value named. */
static void
test_sync_bad_guard (gconstpointer data)
{
  const BadGuardCase *tc = data;
  g_autoptr (GError) error = NULL;
  g_autofree char *data_dir = g_dir_make_tmp ("fc-cli-XXXXXX", &error);
  g_auto (FcTestCliResult) r = { 0 };

  g_assert_no_error (error);
  run_cli (&r, data_dir, "sync", "People", "--trigger", "schedule", tc->option, tc->value, NULL);
  g_test_message ("stderr: %s", r.err);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, tc->option));
  g_assert_nonnull (strstr (r.err, tc->value));
  fc_test_remove_tree (data_dir);
}

/* ---- a session against fc-provider-sim, run as its own process ---------------------------- */

typedef struct {
  GSubprocess *process;
  char        *url;
  SoupSession *http;
} Sim;

static void
sim_clear (Sim *sim)
{
  if (sim->process != NULL)
    {
      g_subprocess_send_signal (sim->process, SIGTERM);
      g_subprocess_wait (sim->process, NULL, NULL);
    }
  g_clear_object (&sim->process);
  g_clear_object (&sim->http);
  g_clear_pointer (&sim->url, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Sim, sim_clear)

/* Starts the simulator with static tokens for HubSpot and Pipedrive; FALSE (the test skipped)
 * when it is not built or there is no session bus for the keyring. */
static gboolean
sim_start (Sim *sim)
{
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, "sim", "fc-provider-sim", NULL);
  g_autoptr (GDataInputStream) lines = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *first = NULL;

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL ||
      !g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("needs tests/sim/fc-provider-sim and a session bus with a keyring");
      return FALSE;
    }

  sim->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, path, "--port", "0",
                                   "--seed", "5", "-t", "hubspot:pat-cli-test",
                                   "-t", "pipedrive:pd-cli-test", NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sim->process));
  first = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (first, "FC_SIM_URL="));
  sim->url = g_strdup (first + strlen ("FC_SIM_URL="));
  sim->http = soup_session_new ();
  return TRUE;
}

/* A request to the simulator's control API; asserts a 2xx answer. */
static void
sim_control (Sim        *sim,
             const char *method,
             const char *path,
             const char *body)
{
  g_autofree char *uri = g_strconcat (sim->url, "/_control", path, NULL);
  g_autoptr (SoupMessage) message = soup_message_new (method, uri);
  g_autoptr (GBytes) answer = NULL;
  g_autoptr (GError) error = NULL;

  if (body != NULL)
    {
      g_autoptr (GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (message, "application/json", bytes);
    }
  answer = soup_session_send_and_read (sim->http, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (soup_message_get_status (message) / 100, ==, 2);
}

static guint
count_open_conflicts (const char *data_dir)
{
  g_auto (FcTestCliResult) r = { 0 };
  g_autoptr (JsonNode) conflicts = NULL;

  run_cli (&r, data_dir, "conflicts", "list", "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  conflicts = fc_test_parse_json (r.out);
  return json_array_get_length (json_node_get_array (conflicts));
}

/* What a user does: connect, add a mapping (with the mistakes first), sync, read the log, and
 * settle a conflict. Each mistake is refused with the bad value named and changes nothing. */
static void
test_sim_session (Fixture       *fixture,
                  gconstpointer  data)
{
  g_auto (Sim) sim = { 0 };
  g_auto (FcTestCliResult) r = { 0 };
  g_autofree char *hubspot_api = NULL;
  g_autofree char *pipedrive_api = NULL;
  g_autofree char *conflict_id = NULL;
  g_autoptr (JsonNode) runs = NULL;
  g_autoptr (JsonNode) conflicts = NULL;
  const char *dir = fixture->data_dir;
  const char *run_id;

  if (!sim_start (&sim))
    return;
  hubspot_api = g_strconcat (sim.url, "/hubspot", NULL);
  pipedrive_api = g_strconcat (sim.url, "/pipedrive", NULL);

  run_cli (&r, dir, "connections", "add", "hubspot", "--token", "pat-cli-test", "--api-url",
           hubspot_api, NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_cli (&r, dir, "connections", "add", "pipedrive", "--token", "pd-cli-test", "--api-url",
           pipedrive_api, NULL);
  g_assert_cmpint (r.status, ==, 0);
  sim_control (&sim, "POST", "/records/pipedrive/persons?mode=seed",
               "{\"name\":\"Grace Hopper\",\"emails\":[{\"value\":\"grace@example.com\","
               "\"primary\":true}],\"phones\":[{\"value\":\"+14155552671\",\"primary\":true}]}");
  sim_control (&sim, "POST", "/records/hubspot/contacts?mode=seed",
               "{\"properties\":{\"email\":\"grace@example.com\",\"phone\":\"+14155550000\"}}");

  /* Fields and object types the providers lack. */
  run_cli (&r, dir, "mappings", "add", "--name", "People", "--from", "pipedrive:persons", "--to",
           "hubspot:contacts", "--pair", "emial=email", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "--pair “emial=email”: Pipedrive persons has no field "
                                   "“emial”"));
  run_cli (&r, dir, "mappings", "add", "--name", "People", "--from", "pipedrive:persons", "--to",
           "hubspot:contacts", "--pair", "email=email", "--pair", "phone=phone_number", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "HubSpot contacts has no field “phone_number”"));
  run_cli (&r, dir, "mappings", "add", "--name", "People", "--from", "pipedrive:persons", "--to",
           "hubspot:contacts", "--pair", "email=email", "--match", "mail", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "--match “mail”"));
  run_cli (&r, dir, "mappings", "add", "--name", "People", "--from", "pipedrive:personz", "--to",
           "hubspot:contacts", "--pair", "email=email", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "personz"));
  run_cli (&r, dir, "mappings", "list", NULL);
  g_assert_nonnull (strstr (r.out, "No mappings"));

  run_cli (&r, dir, "mappings", "add", "--name", "People", "--from", "pipedrive:persons", "--to",
           "hubspot:contacts", "--direction", "bidirectional", "--conflict", "manual",
           "--match", "email", "--pair", "email=email", "--pair", "phone=phone", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_cli (&r, dir, "mappings", "add", "--name", "people", "--from", "pipedrive:persons", "--to",
           "hubspot:contacts", "--pair", "email=email", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "People"));

  /* The first run links the two by email; their phones differ: a conflict. */
  run_cli (&r, dir, "sync", "People", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_cli (&r, dir, "log", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "0 skipped, 1 conflicts"));
  run_cli (&r, dir, "log", "--json", NULL);
  runs = fc_test_parse_json (r.out);
  run_id = json_object_get_string_member (json_array_get_object_element (
                                            json_node_get_array (runs), 0), "id");
  run_cli (&r, dir, "log", "--run", run_id, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "phone=phone: source “+14155552671”, target “+14155550000”"));

  run_cli (&r, dir, "conflicts", "list", "--json", NULL);
  conflicts = fc_test_parse_json (r.out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (conflicts)), ==, 1);
  conflict_id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (
                                   json_array_get_object_element (json_node_get_array (conflicts),
                                                                  0), "id"));

  /* An empty --take would clear the phone on both sides, which its pair does not allow: the
   * conflict stays open. */
  run_cli (&r, dir, "conflicts", "resolve", conflict_id, "--take", "", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "empty value"));
  g_assert_cmpuint (count_open_conflicts (dir), ==, 1);
  run_cli (&r, dir, "conflicts", "resolve", "999", "--take", "source", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "999"));
  g_assert_cmpuint (count_open_conflicts (dir), ==, 1);

  run_cli (&r, dir, "conflicts", "resolve", conflict_id, "--take", "+14155559999", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpuint (count_open_conflicts (dir), ==, 0);
  run_cli (&r, dir, "conflicts", "list", "--all", NULL);
  g_assert_nonnull (strstr (r.out, "settled: source “+14155559999”, target “+14155559999”"));
}

/* FLUXCASCADE_DATA_DIR chooses the store when --data-dir is not given. */
static void
test_data_dir_environment (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *db = g_build_filename (fixture->data_dir, "env", FC_STORE_FILE_NAME, NULL);
  g_autofree char *env_dir = g_build_filename (fixture->data_dir, "env", NULL);
  g_auto (FcTestCliResult) r = { 0 };

  g_setenv ("FLUXCASCADE_DATA_DIR", env_dir, TRUE);
  run_cli (&r, NULL, "mappings", "list", NULL);
  g_unsetenv ("FLUXCASCADE_DATA_DIR");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_file_test (db, G_FILE_TEST_EXISTS));
}

/* A sync that fails (HubSpot answers 503 to everything) names its run, which the log has as
 * failed: in --json as runId, in words on standard error, so that "log --run" finds it. */
static void
test_sync_failed_run_id (Fixture       *fixture,
                         gconstpointer  data)
{
  g_auto (Sim) sim = { 0 };
  g_auto (FcTestCliResult) r = { 0 };
  g_autofree char *hubspot_api = NULL;
  g_autofree char *pipedrive_api = NULL;
  g_autofree char *run_id = NULL;
  g_autofree char *said = NULL;
  g_autoptr (JsonNode) failed = NULL;
  g_autoptr (JsonNode) runs = NULL;
  const char *dir = fixture->data_dir;
  JsonObject *answer;
  JsonArray *list;
  guint found = 0;

  if (!sim_start (&sim))
    return;
  hubspot_api = g_strconcat (sim.url, "/hubspot", NULL);
  pipedrive_api = g_strconcat (sim.url, "/pipedrive", NULL);
  run_cli (&r, dir, "connections", "add", "hubspot", "--token", "pat-cli-test", "--api-url",
           hubspot_api, NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_cli (&r, dir, "connections", "add", "pipedrive", "--token", "pd-cli-test", "--api-url",
           pipedrive_api, NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_cli (&r, dir, "mappings", "add", "--name", "People", "--from", "pipedrive:persons", "--to",
           "hubspot:contacts", "--pair", "email=email", NULL);
  g_assert_cmpint (r.status, ==, 0);

  /* First a create HubSpot refuses: the run is partial, and "log --run" shows HubSpot's answer
   * under the record's error */
  sim_control (&sim, "POST", "/records/pipedrive/persons?mode=seed",
               "{\"name\":\"Grace Hopper\",\"emails\":[{\"value\":\"grace@example.com\","
               "\"primary\":true}]}");
  sim_control (&sim, "POST", "/faults/hubspot", "{\"error_rate\":1,\"error_statuses\":[500],"
               "\"path_prefix\":\"/crm/v3/objects/contacts/batch/create\"}");
  run_cli (&r, dir, "sync", "People", "--json", NULL);
  g_assert_cmpint (r.status, ==, 3);
  failed = fc_test_parse_json (r.out);
  run_id = g_strdup (json_object_get_string_member (json_node_get_object (failed), "runId"));
  run_cli (&r, dir, "log", "--run", run_id, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_test_message ("%s", r.out);
  g_assert_nonnull (strstr (r.out, "\n      provider answer: HTTP 500 {\"status\":\"error\","
                                   "\"message\":\"An internal error occurred (injected fault)\""));
  g_clear_pointer (&failed, json_node_unref);
  g_clear_pointer (&run_id, g_free);

  sim_control (&sim, "POST", "/faults/hubspot", "{\"error_rate\":1,\"error_statuses\":[503],"
               "\"path_prefix\":null}");
  run_cli (&r, dir, "sync", "People", "--json", NULL);
  g_assert_cmpint (r.status, ==, 1);
  failed = fc_test_parse_json (r.out);
  answer = json_node_get_object (failed);
  g_assert_cmpstr (json_object_get_string_member (answer, "status"), ==, "failed");
  g_assert_nonnull (json_object_get_string_member (answer, "error"));
  g_assert_true (json_object_has_member (answer, "runId"));
  run_id = g_strdup (json_object_get_string_member (answer, "runId"));
  g_assert_true (g_str_has_prefix (run_id, "run_"));

  run_cli (&r, dir, "log", "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  runs = fc_test_parse_json (r.out);
  list = json_node_get_array (runs);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *run = json_array_get_object_element (list, i);

      if (g_strcmp0 (json_object_get_string_member (run, "id"), run_id) != 0)
        continue;
      found++;
      g_assert_cmpstr (json_object_get_string_member (run, "status"), ==, "failed");
    }
  g_assert_cmpuint (found, ==, 1);
  run_cli (&r, dir, "log", "--run", run_id, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, run_id));

  /* In words: the run that failed this time, not the one before */
  run_cli (&r, dir, "sync", "People", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_null (strstr (r.err, run_id));
  g_assert_nonnull (strstr (r.err, "Run run_"));
  said = g_strndup (strstr (r.err, "Run run_") + strlen ("Run "), strlen (run_id));
  run_cli (&r, dir, "log", "--json", NULL);
  g_clear_pointer (&runs, json_node_unref);
  runs = fc_test_parse_json (r.out);
  list = json_node_get_array (runs);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0), "id"),
                   ==, said);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0),
                                                  "status"), ==, "failed");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fc/cli/version", test_version);
  g_test_add_func ("/fc/cli/help-everywhere", test_help_everywhere);
  g_test_add_func ("/fc/cli/unknown-command", test_unknown_command);
  for (guint i = 0; i < G_N_ELEMENTS (transform_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fc/cli/transform/%u-%s", i,
                                               transform_cases[i].args[0]);
      g_strdelimit (path + strlen ("/fc/cli/transform/"), "|", '+');
      g_test_add_data_func (path, &transform_cases[i], test_transform);
    }
  g_test_add ("/fc/cli/mappings/round-trip", Fixture, NULL, fixture_set_up,
              test_mappings_round_trip, fixture_tear_down);
  g_test_add ("/fc/cli/mappings/bad-import", Fixture, NULL, fixture_set_up,
              test_mappings_bad_import, fixture_tear_down);
  g_test_add ("/fc/cli/data-dir-environment", Fixture, NULL, fixture_set_up,
              test_data_dir_environment, fixture_tear_down);
  for (guint i = 0; i < G_N_ELEMENTS (bad_pair_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fc/cli/mappings/add-bad-pair/%u", i);
      g_test_add_data_func (path, &bad_pair_cases[i], test_mappings_add_bad_pair);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad_guard_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fc/cli/sync/bad-guard/%u", i);
      g_test_add_data_func (path, &bad_guard_cases[i], test_sync_bad_guard);
    }
  g_test_add ("/fc/cli/connections/unknown", Fixture, NULL, fixture_set_up,
              test_connections_unknown, fixture_tear_down);
  g_test_add ("/fc/cli/connections/token-refused", Fixture, NULL, fixture_set_up,
              test_connections_token_refused, fixture_tear_down);
  g_test_add ("/fc/cli/sim-session", Fixture, NULL, fixture_set_up, test_sim_session,
              fixture_tear_down);
  g_test_add ("/fc/cli/sync/failed-run-id", Fixture, NULL, fixture_set_up,
              test_sync_failed_run_id, fixture_tear_down);

  return g_test_run ();
}
