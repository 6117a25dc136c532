/* fc-bench-log.c: how fast the sync log opens, scrolls and filters with a million events
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Fills a fresh store with runs and run_events (one run of --big-run events, the rest spread
 * over --runs runs), then times what the Activity view does: open the run list, open the big
 * run, scroll to its end, filter it by text, filter the runs by text, a record's history and
 * the CSV export of the big run (on the main loop and in a thread, with the longest main-loop
 * stall each causes). Prints a table; never fails on a time.
 */

#define G_LOG_DOMAIN "fc-bench-log"

#include "config.h"

#include <glib/gstdio.h>

#include "fc-run-log.h"
#include "fc-store-private.h"
#include "fc-sync-store.h"

/* What one screen of a list shows. */
#define SCREEN_ROWS 40

static int n_events = 1000000;
static int big_run = 100000;
static int n_runs = 500;

static const GOptionEntry options[] = {
  { "events", 'n', 0, G_OPTION_ARG_INT, &n_events, "Events in the store in all (1000000)", "N" },
  { "big-run", 'b', 0, G_OPTION_ARG_INT, &big_run, "Events of the largest run (100000)", "N" },
  { "runs", 'r', 0, G_OPTION_ARG_INT, &n_runs, "Runs in the store (500)", "N" },
  { NULL }
};

static gint64 start_time;

static void
start (void)
{
  start_time = g_get_monotonic_time ();
}

static void
report (const char *step,
        const char *detail)
{
  double ms = (g_get_monotonic_time () - start_time) / 1000.0;

  g_print ("| %-34s | %10.1f | %-36s |\n", step, ms, detail);
}

static void
check (gboolean     ok,
       const GError *error)
{
  if (!ok)
    {
      g_printerr ("fc-bench-log: %s\n", error != NULL ? error->message : "failed");
      exit (EXIT_FAILURE);
    }
}

/* The longest time the main loop went without iterating while a CSV export ran: a 1 ms
 * timeout notes the gaps between its calls, as a window's frame clock would suffer them. */
typedef struct
{
  GMainLoop *loop;
  FcStore   *store;
  GFile     *file;
  gint64     last_tick_us;
  gint64     longest_gap_us;
  gint64     lines;
  guint      n_progress;
  GError    *error;
} StallProbe;

static gboolean
on_tick_cb (gpointer user_data)
{
  StallProbe *probe = user_data;
  gint64 now = g_get_monotonic_time ();

  probe->longest_gap_us = MAX (probe->longest_gap_us, now - probe->last_tick_us);
  probe->last_tick_us = now;
  return G_SOURCE_CONTINUE;
}

static gboolean
export_sync_cb (gpointer user_data)
{
  StallProbe *probe = user_data;

  probe->lines = fc_run_log_export_csv (probe->store, "run-000000", probe->file, NULL,
                                        &probe->error);
  g_main_loop_quit (probe->loop);
  return G_SOURCE_REMOVE;
}

static void
on_export_progress_cb (guint64  done,
                       guint64  total,
                       gpointer user_data)
{
  StallProbe *probe = user_data;

  probe->n_progress++;
}

static void
on_export_done_cb (GObject      *source_object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  StallProbe *probe = user_data;

  probe->lines = fc_run_log_export_csv_finish (FC_STORE (source_object), result, &probe->error);
  g_main_loop_quit (probe->loop);
}

static gboolean
export_async_cb (gpointer user_data)
{
  StallProbe *probe = user_data;

  fc_run_log_export_csv_async (probe->store, "run-000000", probe->file, NULL,
                               on_export_progress_cb, on_export_done_cb, probe);
  return G_SOURCE_REMOVE;
}

/* Runs the export (in a thread or not) under the probe; the longest stall in ms. */
static double
measure_export_stall (FcStore  *store,
                      GFile    *file,
                      gboolean  in_thread,
                      gint64   *out_lines,
                      guint    *out_n_progress)
{
  StallProbe probe = { g_main_loop_new (NULL, FALSE), store, file, 0, 0, -1, 0, NULL };
  guint tick;

  probe.last_tick_us = g_get_monotonic_time ();
  tick = g_timeout_add (1, on_tick_cb, &probe);
  g_idle_add (in_thread ? export_async_cb : export_sync_cb, &probe);
  g_main_loop_run (probe.loop);
  on_tick_cb (&probe);
  g_source_remove (tick);
  g_main_loop_unref (probe.loop);
  check (probe.lines >= 0, probe.error);
  *out_lines = probe.lines;
  *out_n_progress = probe.n_progress;
  return probe.longest_gap_us / 1000.0;
}

static FcConnection *
add_connection (FcStore    *store,
                FcProvider  provider,
                const char *account)
{
  g_autoptr (GError) error = NULL;
  FcConnection *connection = fc_connection_new (provider);

  fc_connection_set_account_id (connection, account);
  fc_connection_set_account_name (connection, account);
  check (fc_store_save_connection (store, connection, &error), error);
  return connection;
}

static FcMapping *
add_mapping (FcStore      *store,
             const char   *name,
             FcConnection *source,
             FcConnection *target)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (FcFieldPair) email = fc_field_pair_new_simple ("email", "email");
  FcMapping *mapping = fc_mapping_new ();

  fc_mapping_set_name (mapping, name);
  fc_mapping_set_source_connection_id (mapping, fc_connection_get_id (source));
  fc_mapping_set_source_object (mapping, "contacts");
  fc_mapping_set_target_connection_id (mapping, fc_connection_get_id (target));
  fc_mapping_set_target_object (mapping, "clients");
  fc_mapping_add_field_pair (mapping, email);
  check (fc_store_save_mapping (store, mapping, &error), error);
  return mapping;
}

/* Runs 0..n_runs-1, run 0 the big one; events in the order runs would write them. */
static void
fill (FcStore    *store,
      FcMapping **mappings)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (sqlite3_stmt) run_stmt = NULL;
  g_autoptr (sqlite3_stmt) event_stmt = NULL;
  gint64 base_ms = 1767225600000;  /* 2026-01-01 */
  int rest = MAX (n_events - big_run, 0);
  int per_run = n_runs > 1 ? rest / (n_runs - 1) : 0;
  int event = 0;

  check (fc_store_transaction_begin (store, &error), error);
  run_stmt = _fc_store_prepare (store,
                                "INSERT INTO runs (id, mapping_id, trigger, status, started_at, "
                                "finished_at, fetched, created, updated, failed, error) "
                                "VALUES (?, ?, 'schedule', ?, ?, ?, ?, ?, ?, ?, ?)", &error);
  check (run_stmt != NULL, error);
  event_stmt = _fc_store_prepare (store,
                                  "INSERT INTO run_events (run_id, at, kind, side, "
                                  "source_record_id, target_record_id, message, details) "
                                  "VALUES (?, ?, ?, 'target', ?, ?, ?, ?)", &error);
  check (event_stmt != NULL, error);

  for (int r = 0; r < n_runs; r++)
    {
      g_autofree char *run_id = g_strdup_printf ("run-%06d", r);
      int count = r == 0 ? big_run : per_run;
      gboolean failed = r % 17 == 5;
      gint64 started = base_ms + (gint64) r * 3600 * 1000;

      sqlite3_reset (run_stmt);
      _fc_store_bind_text (run_stmt, 1, run_id);
      _fc_store_bind_text (run_stmt, 2, fc_mapping_get_id (mappings[r % 3]));
      _fc_store_bind_text (run_stmt, 3, failed ? "failed" : "completed");
      sqlite3_bind_int64 (run_stmt, 4, started);
      sqlite3_bind_int64 (run_stmt, 5, started + 1000 + r * 13);
      sqlite3_bind_int (run_stmt, 6, count);
      sqlite3_bind_int (run_stmt, 7, count / 10);
      sqlite3_bind_int (run_stmt, 8, count - count / 10);
      sqlite3_bind_int (run_stmt, 9, count / 1000);
      _fc_store_bind_text (run_stmt, 10, failed ? "HubSpot answered HTTP 503" : NULL);
      check (_fc_store_step_done (store, run_stmt, "run", &error), error);

      for (int i = 0; i < count; i++, event++)
        {
          g_autofree char *source = g_strdup_printf ("hs-%d", event % 200000);
          g_autofree char *target = g_strdup_printf ("jb-%d", event % 200000);
          g_autofree char *details = NULL;
          gboolean is_error = i % 1000 == 999;

          details = is_error
            ? g_strdup ("{\"error\":{\"message\":\"HTTP 422\",\"providerCode\":\"INVALID\"}}")
            : g_strdup_printf ("{\"fields\":{\"email\":{\"before\":\"p%d@old.example\","
                               "\"after\":\"p%d@new.example\"},\"phone\":{\"before\":null,"
                               "\"after\":\"+1415555%04d\"}}}", event, event, event % 10000);
          sqlite3_reset (event_stmt);
          _fc_store_bind_text (event_stmt, 1, run_id);
          sqlite3_bind_int64 (event_stmt, 2, started + i);
          _fc_store_bind_text (event_stmt, 3, is_error ? "record.error" : "record.updated");
          _fc_store_bind_text (event_stmt, 4, source);
          _fc_store_bind_text (event_stmt, 5, target);
          _fc_store_bind_text (event_stmt, 6, is_error ? "HTTP 422 from Jobber"
                                                       : "email, phone: changed on the source");
          _fc_store_bind_text (event_stmt, 7, details);
          check (_fc_store_step_done (store, event_stmt, "event", &error), error);
        }
    }
  check (fc_store_transaction_commit (store, &error), error);
}

static void
read_screen (GListModel *model,
             guint       from)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = from; i < MIN (n, from + SCREEN_ROWS); i++)
    {
      g_autoptr (GObject) item = g_list_model_get_item (model, i);

      if (item == NULL)
        check (FALSE, NULL);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GOptionContext) context = g_option_context_new ("- time the sync log");
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *csv_path = NULL;
  g_autofree char *detail = NULL;
  g_autoptr (FcStore) store = NULL;
  g_autoptr (FcConnection) hubspot = NULL;
  g_autoptr (FcConnection) jobber = NULL;
  g_autoptr (FcRunList) runs = NULL;
  g_autoptr (FcRunEventList) events = NULL;
  g_autoptr (GListModel) history = NULL;
  g_autoptr (GFile) csv = NULL;
  FcMapping *mappings[3];
  guint n;
  gint64 lines;

  g_option_context_add_main_entries (context, options, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    check (FALSE, error);
  n_runs = MAX (n_runs, 2);
  big_run = MIN (big_run, n_events);

  dir = g_dir_make_tmp ("fc-bench-log-XXXXXX", &error);
  check (dir != NULL, error);
  path = g_build_filename (dir, FC_STORE_FILE_NAME, NULL);
  store = fc_store_open (path, &error);
  check (store != NULL, error);
  hubspot = add_connection (store, FC_PROVIDER_HUBSPOT, "Acme CRM");
  jobber = add_connection (store, FC_PROVIDER_JOBBER, "Acme Field");
  mappings[0] = add_mapping (store, "Customers", hubspot, jobber);
  mappings[1] = add_mapping (store, "Jobs", hubspot, jobber);
  mappings[2] = add_mapping (store, "Quotes", hubspot, jobber);

  g_print ("fc-bench-log: %d events in %d runs, the largest run %d events\n\n",
           n_events, n_runs, big_run);
  g_print ("| %-34s | %10s | %-36s |\n", "step", "ms", "result");
  g_print ("|%s|%s|%s|\n", "------------------------------------", "------------",
           "--------------------------------------");

  start ();
  fill (store, mappings);
  detail = g_strdup_printf ("%d events", n_events);
  report ("fill the store", detail);

  /* What opening the Activity view does. */
  start ();
  runs = fc_run_list_new (store);
  check (fc_run_list_reload (runs, &error), error);
  read_screen (G_LIST_MODEL (runs), 0);
  g_free (detail);
  detail = g_strdup_printf ("%u runs, first screen",
                            g_list_model_get_n_items (G_LIST_MODEL (runs)));
  report ("open the run list", detail);

  start ();
  fc_run_list_set_sort (runs, FC_RUN_SORT_FETCHED, TRUE);
  check (fc_run_list_reload (runs, &error), error);
  read_screen (G_LIST_MODEL (runs), 0);
  report ("sort the runs by fetched", "first screen");

  start ();
  fc_run_list_set_sort (runs, FC_RUN_SORT_STARTED, TRUE);
  fc_run_list_set_filter (runs, NULL, -1, "http 503");
  check (fc_run_list_reload (runs, &error), error);
  read_screen (G_LIST_MODEL (runs), 0);
  g_free (detail);
  detail = g_strdup_printf ("%u runs match", g_list_model_get_n_items (G_LIST_MODEL (runs)));
  report ("filter the runs by text", detail);

  /* Selecting the big run. */
  start ();
  events = fc_run_event_list_new (store, "run-000000", &error);
  check (events != NULL, error);
  read_screen (G_LIST_MODEL (events), 0);
  g_free (detail);
  detail = g_strdup_printf ("%u events, first screen",
                            g_list_model_get_n_items (G_LIST_MODEL (events)));
  report ("open a run", detail);

  start ();
  n = g_list_model_get_n_items (G_LIST_MODEL (events));
  read_screen (G_LIST_MODEL (events), n > SCREEN_ROWS ? n - SCREEN_ROWS : 0);
  report ("scroll to the end", "last screen");

  start ();
  for (guint i = 0; i < n; i += SCREEN_ROWS)
    read_screen (G_LIST_MODEL (events), i);
  g_free (detail);
  detail = g_strdup_printf ("%u pages read", fc_run_event_list_get_n_page_loads (events));
  report ("scroll through every event", detail);

  start ();
  check (fc_run_event_list_set_filter (events, "p54321@", FALSE, &error), error);
  read_screen (G_LIST_MODEL (events), 0);
  g_free (detail);
  detail = g_strdup_printf ("%u events match", g_list_model_get_n_items (G_LIST_MODEL (events)));
  report ("filter the run by text", detail);

  start ();
  check (fc_run_event_list_set_filter (events, NULL, TRUE, &error), error);
  read_screen (G_LIST_MODEL (events), 0);
  g_free (detail);
  detail = g_strdup_printf ("%u errors", g_list_model_get_n_items (G_LIST_MODEL (events)));
  report ("show the errors only", detail);

  start ();
  history = fc_run_log_list_record_events (store, "hs-4242", 0, &error);
  check (history != NULL, error);
  g_free (detail);
  detail = g_strdup_printf ("%u events", g_list_model_get_n_items (history));
  report ("a record's history", detail);

  start ();
  csv_path = g_build_filename (dir, "run.csv", NULL);
  csv = g_file_new_for_path (csv_path);
  lines = fc_run_log_export_csv (store, "run-000000", csv, NULL, &error);
  check (lines >= 0, error);
  g_free (detail);
  detail = g_strdup_printf ("%" G_GINT64_FORMAT " lines", lines);
  report ("export the run as CSV", detail);

  {
    double stall;
    guint n_progress;

    start ();
    stall = measure_export_stall (store, csv, FALSE, &lines, &n_progress);
    g_free (detail);
    detail = g_strdup_printf ("%" G_GINT64_FORMAT " lines, loop stalled %.1f ms", lines, stall);
    report ("export as CSV, main loop", detail);

    start ();
    stall = measure_export_stall (store, csv, TRUE, &lines, &n_progress);
    g_free (detail);
    detail = g_strdup_printf ("%.1f ms stall, %u progress", stall, n_progress);
    report ("export as CSV in a thread", detail);
  }

  for (guint i = 0; i < G_N_ELEMENTS (mappings); i++)
    g_object_unref (mappings[i]);
  g_clear_object (&events);
  g_clear_object (&runs);
  g_clear_object (&history);
  g_clear_object (&store);
  g_unlink (csv_path);
  g_unlink (path);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_unlink (wal);
    g_unlink (shm);
  }
  g_rmdir (dir);
  return EXIT_SUCCESS;
}
