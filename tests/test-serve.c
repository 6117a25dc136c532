/* test-serve.c: fluxcascade-cli serve as a user runs it: a real process over a real store,
 * syncing the provider simulator on its schedule until SIGTERM
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "fc-engine.h"
#include "fc-sim.h"
#include "fc-store-private.h"
#include "fc-test-util.h"

#define HUBSPOT_TOKEN "pat-na1-serve-test-2b7e"
#define PIPEDRIVE_TOKEN "0c2e4a6b8d1f3e5a7c9b0d2f4e6a8c1b3d5f7e92"
/* Long enough for a slow machine, short enough to end a broken test. */
#define WAIT_SECONDS 60

typedef struct {
  FcSim            *sim;
  char             *data_dir;
  char             *mapping_id;
  GSubprocess      *process;
  GDataInputStream *out;
  GPtrArray        *lines;
  gboolean          eof;
} Fixture;

typedef struct {
  const char *name;
  gint64      due_in_ms;   /* the mapping's next run, from when serve starts */
  const char *trigger;     /* the trigger of the run serve starts */
} ServeCase;

static const ServeCase serve_cases[] = {
  /* the timer fires for a run due while serve runs */
  { "timer", 1500, "schedule" },
  /* a run missed while nothing ran is caught up at start */
  { "catch-up", -10 * 60 * 1000, "startup" },
};

/* ---- set-up ----------------------------------------------------------------------------- */

static FcConnection *
add_connection (FcEngine   *engine,
                FcSim      *sim,
                FcProvider  provider,
                const char *name,
                const char *token)
{
  g_autoptr (FcConnection) connection = fc_connection_new (provider);
  g_autofree char *api = fc_sim_get_api_base_url (sim, name);
  g_autofree char *auth = fc_sim_get_auth_base_url (sim, name);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  FcConnection *added;

  fc_connection_set_api_base_url (connection, api);
  fc_connection_set_auth_base_url (connection, auth);
  fc_engine_add_connection_async (engine, connection, token, NULL, NULL, NULL,
                                  fc_test_on_ready_cb, &result);
  added = fc_engine_add_connection_finish (engine, fc_test_wait_for (&result), &error);
  g_assert_no_error (error);
  return added;
}

/* A store with HubSpot contacts -> Pipedrive persons every five minutes, next due
 * @due_in_ms from now; no engine left open on it. */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  const ServeCase *serve_case = user_data;
  g_autoptr (FcEngine) engine = NULL;
  g_autoptr (FcMapping) mapping = fc_mapping_new ();
  g_autoptr (FcFieldPair) email = fc_field_pair_new_simple ("email", "email");
  g_autoptr (FcFieldPair) name = NULL;
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  const char * const first_last[] = { "firstname", "lastname", NULL };
  const char * const full_name[] = { "name", NULL };
  g_autoptr (FcConnection) hubspot = NULL;
  g_autoptr (FcConnection) pipedrive = NULL;
  FcStore *store;

  fixture->sim = fc_sim_new ();
  fc_sim_set_seed (fixture->sim, 41);
  g_assert_true (fc_sim_add_static_token (fixture->sim, "hubspot", HUBSPOT_TOKEN, &error));
  g_assert_true (fc_sim_add_static_token (fixture->sim, "pipedrive", PIPEDRIVE_TOKEN, &error));
  g_assert_true (fc_sim_start_in_thread (fixture->sim, 0, &error));
  g_assert_no_error (error);
  id = fc_sim_seed (fixture->sim, "hubspot", "contacts",
                    "{\"properties\":{\"email\":\"grace@example.com\",\"firstname\":\"Grace\","
                    "\"lastname\":\"Hopper\"}}", &error);
  g_assert_no_error (error);

  fixture->data_dir = g_dir_make_tmp ("fc-serve-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->lines = g_ptr_array_new_with_free_func (g_free);

  engine = fc_engine_new (fixture->data_dir, &error);
  g_assert_no_error (error);
  hubspot = add_connection (engine, fixture->sim, FC_PROVIDER_HUBSPOT, "hubspot", HUBSPOT_TOKEN);
  pipedrive = add_connection (engine, fixture->sim, FC_PROVIDER_PIPEDRIVE, "pipedrive",
                              PIPEDRIVE_TOKEN);

  fc_mapping_set_name (mapping, "Served people");
  fc_mapping_set_source_connection_id (mapping, fc_connection_get_id (hubspot));
  fc_mapping_set_source_object (mapping, "contacts");
  fc_mapping_set_target_connection_id (mapping, fc_connection_get_id (pipedrive));
  fc_mapping_set_target_object (mapping, "persons");
  fc_mapping_set_schedule_minutes (mapping, 5);
  fc_field_pair_set_required (email, TRUE);
  fc_mapping_add_field_pair (mapping, email);
  name = fc_field_pair_new (first_last, full_name);
  fc_field_pair_set_transform (name, "concatenate");
  fc_mapping_add_field_pair (mapping, name);
  g_assert_true (fc_engine_save_mapping (engine, mapping, &error));
  g_assert_no_error (error);
  fixture->mapping_id = g_strdup (fc_mapping_get_id (mapping));

  store = fc_engine_get_store (engine);
  stmt = _fc_store_prepare (store, "UPDATE mappings SET next_run_at = ?1 WHERE id = ?2", &error);
  g_assert_no_error (error);
  sqlite3_bind_int64 (stmt, 1, g_get_real_time () / 1000 + serve_case->due_in_ms);
  _fc_store_bind_text (stmt, 2, fixture->mapping_id);
  g_assert_true (_fc_store_step_done (store, stmt, "planning the test's run", &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  if (fixture->process != NULL)
    g_subprocess_force_exit (fixture->process);
  g_clear_object (&fixture->out);
  g_clear_object (&fixture->process);
  fc_sim_stop (fixture->sim);
  g_clear_object (&fixture->sim);
  fc_test_remove_tree (fixture->data_dir);
  g_free (fixture->data_dir);
  g_free (fixture->mapping_id);
  g_ptr_array_unref (fixture->lines);
}

/* ---- the process ------------------------------------------------------------------------ */

static void read_next_line (Fixture *fixture);

static void
on_line_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Fixture *fixture = user_data;
  g_autoptr (GError) error = NULL;
  char *line;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL,
                                                    &error);
  g_assert_no_error (error);
  if (line == NULL)
    {
      fixture->eof = TRUE;
      return;
    }

  g_test_message ("serve: %s", line);
  g_ptr_array_add (fixture->lines, line);
  read_next_line (fixture);
}

static void
read_next_line (Fixture *fixture)
{
  g_data_input_stream_read_line_async (fixture->out, G_PRIORITY_DEFAULT, NULL, on_line_cb,
                                       fixture);
}

static void
start_serve (Fixture *fixture)
{
  g_autoptr (GError) error = NULL;

  fixture->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                       g_getenv ("FC_CLI"), "--data-dir", fixture->data_dir,
                                       "serve", "--port", "0", NULL);
  g_assert_no_error (error);
  fixture->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (fixture->process));
  read_next_line (fixture);
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* The first line of the output that holds @text, waiting for it; fails after WAIT_SECONDS. */
static const char *
wait_for_line (Fixture    *fixture,
               const char *text)
{
  gboolean timed_out = FALSE;
  guint timeout_id = g_timeout_add_seconds (WAIT_SECONDS * fc_test_timeout_multiplier (),
                                            on_timeout_cb, &timed_out);
  guint seen = 0;

  for (;;)
    {
      for (; seen < fixture->lines->len; seen++)
        if (strstr (g_ptr_array_index (fixture->lines, seen), text) != NULL)
          {
            g_source_remove (timeout_id);
            return g_ptr_array_index (fixture->lines, seen);
          }
      if (timed_out || fixture->eof)
        break;
      g_main_context_iteration (NULL, TRUE);
    }

  if (!timed_out)
    g_source_remove (timeout_id);
  g_error ("serve never printed “%s”", text);
  return NULL;
}

static void
stop_serve (Fixture *fixture)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;

  g_subprocess_send_signal (fixture->process, SIGTERM);
  g_subprocess_wait_async (fixture->process, NULL, fc_test_on_ready_cb, &result);
  g_assert_true (g_subprocess_wait_finish (fixture->process, fc_test_wait_for (&result), &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (fixture->process));
  g_assert_cmpint (g_subprocess_get_exit_status (fixture->process), ==, 0);
  while (!fixture->eof)
    g_main_context_iteration (NULL, TRUE);
  g_clear_object (&fixture->process);
}

/* ---- tests ------------------------------------------------------------------------------ */

static void
test_serve_runs (Fixture       *fixture,
                 gconstpointer  user_data)
{
  const ServeCase *serve_case = user_data;
  g_autofree char *started = g_strdup_printf ("started   “Served people” (%s)",
                                              serve_case->trigger);
  g_autofree char *finished = g_strdup_printf ("finished  “Served people” (%s): completed, "
                                               "1 created", serve_case->trigger);
  g_autoptr (FcEngine) engine = NULL;
  g_autoptr (GDateTime) next = NULL;
  g_autoptr (GError) error = NULL;
  gint64 started_ms = g_get_real_time () / 1000;

  start_serve (fixture);
  wait_for_line (fixture, "listening for webhooks on port ");
  wait_for_line (fixture, started);
  wait_for_line (fixture, finished);
  stop_serve (fixture);

  g_assert_nonnull (wait_for_line (fixture, "stopping"));
  g_assert_nonnull (wait_for_line (fixture, "stopped"));
  g_assert_cmpuint (fc_sim_count_records (fixture->sim, "pipedrive", "persons", FALSE), ==, 1);

  /* The plan moved on, in the store. */
  engine = fc_engine_new (fixture->data_dir, &error);
  g_assert_no_error (error);
  next = fc_scheduler_dup_next_run (fc_engine_get_scheduler (engine), fixture->mapping_id);
  g_assert_nonnull (next);
  g_assert_cmpint (g_date_time_to_unix (next) * 1000, >, started_ms);
  g_assert_cmpint (g_date_time_to_unix (next) * 1000, <=,
                   g_get_real_time () / 1000 + 5 * 60 * 1000);
}

/* Nothing due: serve waits, and stops at once on SIGTERM. */
static void
test_serve_idle (Fixture       *fixture,
                 gconstpointer  user_data)
{
  start_serve (fixture);
  wait_for_line (fixture, "serving 1 mapping");
  stop_serve (fixture);

  g_assert_nonnull (wait_for_line (fixture, "stopped"));
  for (guint i = 0; i < fixture->lines->len; i++)
    g_assert_null (strstr (g_ptr_array_index (fixture->lines, i), "started "));
  g_assert_cmpuint (fc_sim_count_records (fixture->sim, "pipedrive", "persons", FALSE), ==, 0);
}

static const ServeCase idle_case = { "idle", 60 * 60 * 1000, NULL };

/* Another process runs the schedules of the folder (here, this one): serve says so and runs
 * none of them, not even the catch-up at start. */
static void
test_serve_standby (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr (FcEngine) engine = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *standby = NULL;
  FcScheduler *scheduler;

  engine = fc_engine_new (fixture->data_dir, &error);
  g_assert_no_error (error);
  scheduler = fc_engine_get_scheduler (engine);
  g_object_set (scheduler, "guard-max-update-percent", 0, "guard-max-creates", 0, NULL);
  fc_scheduler_set_process_name (scheduler, "test-serve");
  fc_scheduler_start (scheduler);
  g_assert_null (fc_scheduler_get_standby_reason (scheduler));

  start_serve (fixture);
  standby = g_strdup_printf ("standby   Schedules run in another FluxCascade process "
                             "(test-serve, process %d)", (int) getpid ());
  wait_for_line (fixture, standby);
  while (fc_scheduler_get_busy (scheduler))
    g_main_context_iteration (NULL, TRUE);
  stop_serve (fixture);

  g_assert_nonnull (wait_for_line (fixture, "stopped"));
  for (guint i = 0; i < fixture->lines->len; i++)
    g_assert_null (strstr (g_ptr_array_index (fixture->lines, i), "started "));
  /* The one catch-up, by the scheduler here. */
  g_assert_cmpuint (fc_sim_count_records (fixture->sim, "pipedrive", "persons", FALSE), ==, 1);
}

static const ServeCase standby_case = { "standby", -10 * 60 * 1000, "startup" };

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (serve_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fc/serve/runs/%s", serve_cases[i].name);

      g_test_add (path, Fixture, &serve_cases[i], fixture_set_up, test_serve_runs,
                  fixture_tear_down);
    }
  g_test_add ("/fc/serve/idle", Fixture, &idle_case, fixture_set_up, test_serve_idle,
              fixture_tear_down);
  g_test_add ("/fc/serve/standby", Fixture, &standby_case, fixture_set_up, test_serve_standby,
              fixture_tear_down);

  return g_test_run ();
}
