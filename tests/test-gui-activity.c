/* test-gui-activity.c: the Activity view, run details, record history, Conflicts view and
 * Preferences on a real display, each rendered to a PNG
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb (build-aux/fc-headless-session). The store is filled through the engine's own
 * sync store functions (runs, events, links, conflicts); conflicts are resolved through the
 * real engine. Pictures go to <builddir>/tests/screenshots/.
 */

#define G_LOG_DOMAIN "fc-test-gui-activity"

#include "config.h"

#include "fc-test-gui.h"
#include "fc-test-util.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "fc-activity-view.h"
#include "fc-application.h"
#include "fc-conflicts-view.h"
#include "fc-engine.h"
#include "fc-preferences-window.h"
#include "fc-run-details-history.h"
#include "fc-run-details-row.h"
#include "fc-run-details.h"
#include "fc-run-log.h"
#include "fc-store-private.h"
#include "fc-sync-store.h"
#include "fc-window.h"

/* Helpers (the shared ones are in fc-test-gui.c) */

#define view_child(view, name) fc_test_gui_template_child ((view), FC_TYPE_ACTIVITY_VIEW, (name))
#define details_child(details, name) \
  fc_test_gui_template_child ((details), FC_TYPE_RUN_DETAILS, (name))
#define conflicts_child(view, name) \
  fc_test_gui_template_child ((view), FC_TYPE_CONFLICTS_VIEW, (name))
#define preferences_child(preferences, name) \
  fc_test_gui_template_child ((preferences), FC_TYPE_PREFERENCES_WINDOW, (name))

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return GTK_WINDOW (window);
    }
  return NULL;
}

/* Fixture: the body runs inside g_application_run (), once the application is activated. */

typedef struct _GuiFixture GuiFixture;

typedef void (*GuiBody) (GuiFixture *fixture);

struct _GuiFixture
{
  char          *data_dir;
  FcApplication *app;
  GuiBody        body;
  FcEngine      *engine;  /* weak */
  gboolean       body_ran;
};

static void
fixture_set_up (GuiFixture    *fixture,
                gconstpointer  user_data)
{
  fixture->app = fc_test_gui_application_new ("fc-test-gui-activity-XXXXXX",
                                              &fixture->data_dir);
  fixture->body = (GuiBody) user_data;
}

static void
fixture_tear_down (GuiFixture    *fixture,
                   gconstpointer  user_data)
{
  g_assert_finalize_object (fixture->app);
  g_assert_null (fixture->engine);
  fc_test_remove_tree (fixture->data_dir);
  g_free (fixture->data_dir);
}

static void
on_app_activate_cb (GApplication *app,
                    GuiFixture   *fixture)
{
  fc_test_gui_watch_engine (fixture->app, &fixture->engine);
  fixture->body (fixture);
  fixture->body_ran = TRUE;
  fc_test_gui_destroy_windows (fixture->app);
}

static void
run_gui_case (GuiFixture    *fixture,
              gconstpointer  user_data)
{
  fc_test_gui_run_application (fixture->app, G_CALLBACK (on_app_activate_cb), fixture);
  g_assert_true (fixture->body_ran);
}

static GtkWidget *
show_view (FcWindow   *window,
           const char *name)
{
  AdwViewStack *stack = ADW_VIEW_STACK (fc_test_gui_find_descendant (GTK_WIDGET (window),
                                                                     ADW_TYPE_VIEW_STACK));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", name));
  fc_test_gui_wait_for_frame (GTK_WIDGET (window));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, name);
  return adw_view_stack_get_child_by_name (stack, name);
}

/* The store */

static FcMapping *
add_mapping (FcEngine   *engine,
             const char *name)
{
  g_autoptr (FcConnection) source = fc_connection_new (FC_PROVIDER_HUBSPOT);
  g_autoptr (FcConnection) target = fc_connection_new (FC_PROVIDER_JOBBER);
  g_autoptr (FcFieldPair) email = fc_field_pair_new_simple ("email", "email");
  g_autoptr (FcFieldPair) phone = fc_field_pair_new_simple ("phone", "phone");
  g_autoptr (GError) error = NULL;
  g_autofree char *source_name = g_strdup_printf ("%s CRM", name);
  g_autofree char *target_name = g_strdup_printf ("%s Field", name);
  FcMapping *mapping = fc_mapping_new ();

  fc_connection_set_account_name (source, source_name);
  fc_connection_set_account_id (source, source_name);
  fc_engine_save_connection (engine, source, &error);
  g_assert_no_error (error);
  fc_connection_set_account_name (target, target_name);
  fc_connection_set_account_id (target, target_name);
  fc_engine_save_connection (engine, target, &error);
  g_assert_no_error (error);

  fc_mapping_set_name (mapping, name);
  fc_mapping_set_source_connection_id (mapping, fc_connection_get_id (source));
  fc_mapping_set_source_object (mapping, "contacts");
  fc_mapping_set_target_connection_id (mapping, fc_connection_get_id (target));
  fc_mapping_set_target_object (mapping, "clients");
  fc_mapping_set_direction (mapping, FC_DIRECTION_BIDIRECTIONAL);
  fc_mapping_set_conflict_strategy (mapping, FC_CONFLICT_STRATEGY_MANUAL);
  fc_mapping_add_field_pair (mapping, email);
  fc_mapping_add_field_pair (mapping, phone);
  fc_engine_save_mapping (engine, mapping, &error);
  g_assert_no_error (error);
  return mapping;
}

static void
add_run (FcEngine     *engine,
         FcMapping    *mapping,
         const char   *run_id,
         FcSyncStatus  status,
         guint         fetched,
         const char   *error_text)
{
  FcStore *store = fc_engine_get_store (engine);
  g_autoptr (GError) error = NULL;
  FcSyncCounts counts = {
    .fetched = fetched, .created = fetched / 3, .updated = fetched / 2,
    .failed = status == FC_SYNC_STATUS_PARTIAL ? 1 : 0,
  };

  fc_sync_store_insert_run (store, run_id, fc_mapping_get_id (mapping),
                            FC_SYNC_TRIGGER_SCHEDULE, FALSE, &error);
  g_assert_no_error (error);
  fc_sync_store_update_run (store, run_id, status, &counts, TRUE, error_text, &error);
  g_assert_no_error (error);
}

static void
add_event (FcEngine   *engine,
           const char *run_id,
           const char *kind,
           const char *source_id,
           const char *target_id,
           const char *message,
           const char *details_json)
{
  g_autoptr (JsonNode) details = NULL;
  g_autoptr (GError) error = NULL;

  if (details_json != NULL)
    {
      details = json_from_string (details_json, &error);
      g_assert_no_error (error);
    }
  fc_sync_store_add_event (fc_engine_get_store (engine), run_id, kind, 1, source_id, target_id,
                           message, details != NULL ? json_node_get_object (details) : NULL,
                           &error);
  g_assert_no_error (error);
}

/* Two mappings; Customers has 12 runs (the fourth failed, the seventh partial), Jobs 3. The
 * newest Customers run (run-c12) has events about hs-1 and hs-2; an older one about hs-1. */
static void
fill_log (FcEngine   *engine,
          FcMapping **out_customers,
          FcMapping **out_jobs)
{
  FcMapping *customers = add_mapping (engine, "Customers");
  FcMapping *jobs = add_mapping (engine, "Jobs");

  for (guint i = 1; i <= 12; i++)
    {
      g_autofree char *id = g_strdup_printf ("run-c%02u", i);

      add_run (engine, customers, id,
               i == 4 ? FC_SYNC_STATUS_FAILED
                      : i == 7 ? FC_SYNC_STATUS_PARTIAL : FC_SYNC_STATUS_COMPLETED,
               i * 10, i == 4 ? "Jobber answered HTTP 503" : NULL);
    }
  for (guint i = 1; i <= 3; i++)
    {
      g_autofree char *id = g_strdup_printf ("run-j%02u", i);

      add_run (engine, jobs, id, FC_SYNC_STATUS_COMPLETED, 500 + i, NULL);
    }

  add_event (engine, "run-c07", "record.created", "hs-1", "jb-1", NULL,
             "{\"fields\": {\"email\": {\"before\": null, \"after\": \"ann@old.example\"}}}");
  add_event (engine, "run-c12", "record.updated", "hs-1", "jb-1", "email: changed on the source",
             "{\"fields\": {\"email\": {\"before\": \"ann@old.example\", "
             "\"after\": \"ann@new.example\"}}}");
  add_event (engine, "run-c12", "record.error", "hs-2", "jb-2", "Jobber refused the phone",
             "{\"error\": {\"message\": \"Jobber refused the phone\", \"domain\": "
             "\"fc-connector-error-quark\", \"code\": 4, \"providerCode\": \"INVALID_PHONE\"}}");

  *out_customers = customers;
  *out_jobs = jobs;
}

typedef struct
{
  GListModel *model;
  guint       n;
} CountWait;

static gboolean
model_has_count (gpointer data)
{
  CountWait *wait = data;

  return g_list_model_get_n_items (wait->model) == wait->n;
}

static void
wait_for_count (GListModel *model,
                guint       n,
                const char *what)
{
  CountWait wait = { model, n };

  fc_test_gui_wait_until (model_has_count, &wait, what);
}

static FcRunInfo *
run_at (FcActivityView *view,
        guint           position)
{
  return g_list_model_get_item (G_LIST_MODEL (fc_activity_view_get_runs (view)), position);
}

static GtkColumnViewColumn *
column_titled (GtkColumnView *run_view,
               const char    *title)
{
  GListModel *columns = gtk_column_view_get_columns (run_view);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr (GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (g_strcmp0 (gtk_column_view_column_get_title (column), title) == 0)
        return column;
    }
  g_error ("No column “%s”", title);
}

/* Tests */

static void
test_activity_runs (GuiFixture *fixture)
{
  g_autoptr (FcMapping) customers = NULL;
  g_autoptr (FcMapping) jobs = NULL;
  g_autoptr (FcRunInfo) run = NULL;
  FcEngine *engine = fixture->engine;
  GtkColumnView *run_view;
  GtkSelectionModel *selection;
  GtkWidget *view;
  FcWindow *window;
  GListModel *runs;

  fill_log (engine, &customers, &jobs);
  window = fc_test_gui_get_main_window (fixture->app);
  view = show_view (window, "activity");
  fc_activity_view_reload (FC_ACTIVITY_VIEW (view));
  runs = G_LIST_MODEL (fc_activity_view_get_runs (FC_ACTIVITY_VIEW (view)));
  run_view = GTK_COLUMN_VIEW (view_child (view, "run_view"));
  selection = gtk_column_view_get_model (run_view);

  /* Every run, newest first; the rows show them. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, 15);
  run = run_at (FC_ACTIVITY_VIEW (view), 0);
  g_assert_cmpstr (fc_run_info_get_id (run), ==, "run-j03");
  g_clear_object (&run);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_column_view_get_columns (run_view)), ==, 11);
  fc_test_gui_wait_for_frame (GTK_WIDGET (window));
  g_assert_true (fc_test_gui_shows_text (GTK_WIDGET (run_view), "Customers"));
  g_assert_true (fc_test_gui_shows_text (GTK_WIDGET (run_view), "Failed"));
  g_assert_true (fc_test_gui_shows_text (GTK_WIDGET (run_view), "503"));
  fc_test_gui_render_to_png (GTK_WIDGET (window), "activity-runs.png");

  /* Sorting by a column asks the store again. */
  gtk_column_view_sort_by_column (run_view, column_titled (run_view, "Fetched"),
                                  GTK_SORT_ASCENDING);
  run = run_at (FC_ACTIVITY_VIEW (view), 0);
  g_assert_cmpuint (fc_run_info_get_counts (run)->fetched, ==, 10);
  g_clear_object (&run);
  gtk_column_view_sort_by_column (run_view, column_titled (run_view, "Fetched"),
                                  GTK_SORT_DESCENDING);
  run = run_at (FC_ACTIVITY_VIEW (view), 0);
  g_assert_cmpuint (fc_run_info_get_counts (run)->fetched, ==, 503);
  g_clear_object (&run);
  gtk_column_view_sort_by_column (run_view, column_titled (run_view, "Mapping"),
                                  GTK_SORT_DESCENDING);
  run = run_at (FC_ACTIVITY_VIEW (view), 0);
  g_assert_cmpstr (fc_run_info_get_mapping_name (run), ==, "Jobs");
  g_clear_object (&run);
  gtk_column_view_sort_by_column (run_view, column_titled (run_view, "Time"),
                                  GTK_SORT_DESCENDING);

  /* Filters: mapping, status, text. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (view_child (view, "mapping_dropdown")), 1);
  g_assert_cmpuint (g_list_model_get_n_items (runs), ==, 12);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (view_child (view, "status_dropdown")), 3);
  g_assert_cmpuint (g_list_model_get_n_items (runs), ==, 1);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (view_child (view, "status_dropdown")), 0);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (view_child (view, "mapping_dropdown")), 0);
  gtk_editable_set_text (GTK_EDITABLE (view_child (view, "search_entry")), "http 503");
  wait_for_count (runs, 1, "the search to keep the failed run");
  gtk_editable_set_text (GTK_EDITABLE (view_child (view, "search_entry")), "no such thing");
  wait_for_count (runs, 0, "the search to keep nothing");
  fc_test_gui_wait_for_frame (GTK_WIDGET (window));
  g_assert_true (fc_test_gui_shows_text (view, "No Matching Runs"));
  gtk_editable_set_text (GTK_EDITABLE (view_child (view, "search_entry")), "");
  wait_for_count (runs, 15, "the search to be cleared");

  /* New runs come in with the engine's sync events. */
  add_run (engine, jobs, "run-j04", FC_SYNC_STATUS_COMPLETED, 7, NULL);
  {
    g_autoptr (JsonNode) data = json_from_string ("{\"runId\": \"run-j04\"}", NULL);

    g_signal_emit_by_name (engine, "event", "sync.completed", data);
  }
  wait_for_count (runs, 16, "the new run");
}

static gboolean
history_window_is_open (gpointer data)
{
  return find_toplevel (FC_TYPE_RECORD_HISTORY_WINDOW) != NULL;
}

static gboolean
export_is_done (gpointer data)
{
  return !fc_run_details_get_exporting (FC_RUN_DETAILS (data));
}

static void
test_activity_details (GuiFixture *fixture)
{
  g_autoptr (FcMapping) customers = NULL;
  g_autoptr (FcMapping) jobs = NULL;
  g_autoptr (GPtrArray) expanders = g_ptr_array_new ();
  g_autofree char *csv_path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr (GFile) csv = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) lines = NULL;
  FcEngine *engine = fixture->engine;
  FcRecordHistoryWindow *history;
  GtkWidget *details;
  GtkWidget *expander = NULL;
  GtkWidget *view;
  FcWindow *window;
  GListModel *runs;
  GStatBuf st;

  fill_log (engine, &customers, &jobs);
  window = fc_test_gui_get_main_window (fixture->app);
  view = show_view (window, "activity");
  details = view_child (view, "details");
  runs = G_LIST_MODEL (fc_activity_view_get_runs (FC_ACTIVITY_VIEW (view)));

  /* win.show-run selects the run, even when a filter hides it. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (view_child (view, "mapping_dropdown")), 2);
  g_assert_cmpuint (g_list_model_get_n_items (runs), ==, 3);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-run", "s",
                                             "run-c12"));
  g_assert_cmpuint (g_list_model_get_n_items (runs), ==, 15);
  g_assert_nonnull (fc_run_details_get_run (FC_RUN_DETAILS (details)));
  g_assert_cmpstr (fc_run_info_get_id (fc_run_details_get_run (FC_RUN_DETAILS (details))), ==,
                   "run-c12");

  /* Its events, with the values before and after, and the provider's raw error. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (
                      fc_run_details_get_events (FC_RUN_DETAILS (details)))), ==, 2);
  fc_test_gui_wait_for_frame (GTK_WIDGET (window));
  g_assert_true (fc_test_gui_shows_text (details, "Updated"));
  g_assert_true (fc_test_gui_shows_text (details, "ann@old.example"));
  g_assert_true (fc_test_gui_shows_text (details, "ann@new.example"));
  g_assert_true (fc_test_gui_shows_text (details, "Failed"));
  fc_test_gui_collect_descendants (details, GTK_TYPE_EXPANDER, expanders);
  for (guint i = 0; i < expanders->len; i++)
    if (gtk_widget_get_visible (expanders->pdata[i]))
      expander = expanders->pdata[i];
  g_assert_nonnull (expander);
  gtk_expander_set_expanded (GTK_EXPANDER (expander), TRUE);
  fc_test_gui_wait_for_frame (GTK_WIDGET (window));
  {
    GtkWidget *label = gtk_expander_get_child (GTK_EXPANDER (expander));

    g_assert_true (gtk_widget_has_css_class (label, "monospace"));
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "INVALID_PHONE"));
  }
  fc_test_gui_render_to_png (GTK_WIDGET (window), "activity-run-details.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_DARK);
  fc_test_gui_render_to_png (GTK_WIDGET (window), "activity-run-details-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  /* Errors only. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (details_child (details, "errors_button")), TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (
                      fc_run_details_get_events (FC_RUN_DETAILS (details)))), ==, 1);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (details_child (details, "errors_button")),
                                FALSE);

  /* Export as CSV: the run's lines, readable by the user only. */
  csv_path = g_build_filename (fixture->data_dir, "run-c12.csv", NULL);
  csv = g_file_new_for_path (csv_path);
  fc_run_details_export_to_file (FC_RUN_DETAILS (details), csv);
  fc_test_gui_wait_until (export_is_done, details, "the export");
  fc_test_gui_wait_for_text (GTK_WIDGET (window), "Exported 2 lines to run-c12.csv");
  g_assert_cmpint (g_stat (csv_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (csv_path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_true (g_str_has_prefix (lines[0], "event_id,time,kind,"));
  g_assert_nonnull (strstr (lines[1], ",record.updated,target,hs-1,jb-1,email,ann@old.example,"
                                      "ann@new.example,"));
  g_assert_nonnull (strstr (lines[2], ",record.error,target,hs-2,jb-2,,,,Jobber refused"));

  /* The record's history, from the event's History button. */
  g_assert_true (gtk_widget_activate_action (view, "activity.record-history", "s", "hs-1"));
  fc_test_gui_wait_until (history_window_is_open, NULL, "the record history");
  history = FC_RECORD_HISTORY_WINDOW (find_toplevel (FC_TYPE_RECORD_HISTORY_WINDOW));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (history)) == GTK_WINDOW (window));
  g_assert_cmpuint (g_list_model_get_n_items (fc_record_history_window_get_events (history)), ==,
                    2);
  {
    g_autoptr (FcEventInfo) newest =
      g_list_model_get_item (fc_record_history_window_get_events (history), 0);
    g_autoptr (FcEventInfo) oldest =
      g_list_model_get_item (fc_record_history_window_get_events (history), 1);

    g_assert_cmpstr (fc_event_info_get_run_id (newest), ==, "run-c12");
    g_assert_cmpstr (fc_event_info_get_run_id (oldest), ==, "run-c07");
  }
  /* No link in the store: the history says so. */
  g_assert_cmpstr (fc_record_history_window_get_verdict (history), ==,
                   "Not in sync: the record has no link in any mapping now.");
  fc_test_gui_render_to_png (GTK_WIDGET (history), "record-history.png");
  gtk_window_destroy (GTK_WINDOW (history));
  fc_test_gui_drain_main_context ();

  /* With a link, it says it is in sync. */
  {
    gint64 link_id;
    const char *values[] = { "ann@new.example", NULL };

    fc_sync_store_insert_link (fc_engine_get_store (engine), fc_mapping_get_id (customers),
                               "hs-1", "jb-1", "ann@new.example", &link_id, &error);
    g_assert_no_error (error);
    fc_sync_store_set_base (fc_engine_get_store (engine), link_id, "email=email", values, values,
                            &error);
    g_assert_no_error (error);
  }
  history = fc_record_history_window_new (fc_engine_get_store (engine), "jb-1");
  g_object_ref_sink (history);
  g_assert_true (g_str_has_prefix (fc_record_history_window_get_verdict (history), "In sync"));
  gtk_window_present (GTK_WINDOW (history));
  fc_test_gui_wait_for_frame (GTK_WIDGET (history));
  g_assert_true (fc_test_gui_shows_text (GTK_WIDGET (history), "Customers"));
  fc_test_gui_render_to_png (GTK_WIDGET (history), "record-history-linked.png");
  gtk_window_destroy (GTK_WINDOW (history));
  g_assert_finalize_object (history);
}

static FcConflictInfo *
conflict_at (FcConflictsView *view,
             guint            position)
{
  return g_list_model_get_item (fc_conflicts_view_get_conflicts (view), position);
}

static GtkWidget *
find_action_button (GtkWidget  *root,
                    const char *action,
                    GVariant   *target)
{
  g_autoptr (GPtrArray) buttons = g_ptr_array_new ();
  g_autoptr (GVariant) sunk = g_variant_ref_sink (target);

  fc_test_gui_collect_descendants (root, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    {
      GVariant *value = gtk_actionable_get_action_target_value (buttons->pdata[i]);

      if (g_strcmp0 (gtk_actionable_get_action_name (buttons->pdata[i]), action) == 0 &&
          value != NULL && g_variant_equal (value, sunk))
        return buttons->pdata[i];
    }
  g_error ("No button for %s", action);
}

/* The big run of the export test: every event changes two fields. */
#define EXPORT_EVENTS 100000

typedef struct
{
  GtkWidget *details;
  guint      n_ticks;
  double     last_fraction;
  gboolean   saw_progress;
} ExportWatch;

/* A timeout that keeps firing while the export runs: the main loop is not blocked. */
static gboolean
on_export_tick_cb (gpointer data)
{
  ExportWatch *watch = data;
  GtkProgressBar *bar;
  double fraction;

  if (!fc_run_details_get_exporting (FC_RUN_DETAILS (watch->details)))
    return G_SOURCE_CONTINUE;
  watch->n_ticks++;
  bar = GTK_PROGRESS_BAR (details_child (watch->details, "export_progress"));
  fraction = gtk_progress_bar_get_fraction (bar);
  g_assert_cmpfloat (fraction, >=, watch->last_fraction);
  watch->last_fraction = fraction;
  if (fraction > 0.0 && fraction < 1.0)
    {
      g_assert_true (g_str_has_prefix (gtk_progress_bar_get_text (bar), "Exporting… "));
      watch->saw_progress = TRUE;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
export_has_progress (gpointer data)
{
  ExportWatch *watch = data;

  return watch->saw_progress ||
         !fc_run_details_get_exporting (FC_RUN_DETAILS (watch->details));
}

static void
test_activity_export (GuiFixture *fixture)
{
  g_autoptr (FcMapping) customers = NULL;
  g_autoptr (FcMapping) jobs = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *path = g_build_filename (fixture->data_dir, "runs.csv", NULL);
  g_autofree char *cancelled_path = g_build_filename (fixture->data_dir, "cancelled.csv", NULL);
  g_autofree char *sync_path = g_build_filename (fixture->data_dir, "sync.csv", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GFile) cancelled_file = g_file_new_for_path (cancelled_path);
  g_autoptr (GFile) sync_file = g_file_new_for_path (sync_path);
  g_autofree char *contents = NULL;
  g_autofree char *sync_contents = NULL;
  FcEngine *engine = fixture->engine;
  FcStore *store = fc_engine_get_store (engine);
  ExportWatch watch = { NULL, 0, 0.0, FALSE };
  GtkWidget *export_stack;
  GtkWidget *view;
  FcWindow *window;
  guint tick;

  fill_log (engine, &customers, &jobs);
  add_run (engine, customers, "run-big", FC_SYNC_STATUS_COMPLETED, EXPORT_EVENTS, NULL);
  sql = g_strdup_printf (
    "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %u) "
    "INSERT INTO run_events (run_id, at, kind, side, source_record_id, target_record_id, "
    "message, details) SELECT 'run-big', 1700000000000 + i, 'record.updated', 'target', "
    "'hs-' || i, 'jb-' || i, 'email and phone', '{\"fields\": {\"email\": {\"before\": \"p' "
    "|| i || '@old.example\", \"after\": \"p' || i || '@new.example\"}, \"phone\": "
    "{\"before\": null, \"after\": \"+1 555 ' || i || '\"}}}' FROM n", EXPORT_EVENTS);
  g_assert_true (_fc_store_exec (store, sql, &error));
  g_assert_no_error (error);

  window = fc_test_gui_get_main_window (fixture->app);
  view = show_view (window, "activity");
  watch.details = view_child (view, "details");
  export_stack = details_child (watch.details, "export_stack");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-run", "s",
                                             "run-big"));
  fc_test_gui_wait_for_frame (GTK_WIDGET (window));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (export_stack)), ==, "idle");
  gtk_stack_set_transition_type (GTK_STACK (export_stack), GTK_STACK_TRANSITION_TYPE_NONE);

  /* The export runs while the main loop goes on; the button gives way to the progress. */
  tick = g_timeout_add (5, on_export_tick_cb, &watch);
  fc_run_details_export_to_file (FC_RUN_DETAILS (watch.details), file);
  g_assert_true (fc_run_details_get_exporting (FC_RUN_DETAILS (watch.details)));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (export_stack)), ==,
                   "running");
  /* No second export meanwhile. */
  g_assert_false (gtk_widget_is_sensitive (gtk_stack_get_child_by_name (GTK_STACK (export_stack),
                                                                        "idle")));
  fc_test_gui_wait_until (export_has_progress, &watch, "the export's progress");
  fc_test_gui_render_to_png (GTK_WIDGET (window), "activity-export-progress.png");
  /* The picture shows the export under way (a run this big takes far longer than a frame). */
  g_assert_true (fc_run_details_get_exporting (FC_RUN_DETAILS (watch.details)));
  fc_test_gui_wait_until (export_is_done, watch.details, "the export");
  g_source_remove (tick);
  g_assert_cmpuint (watch.n_ticks, >=, 3);
  g_assert_true (watch.saw_progress);
  fc_test_gui_wait_for_text (GTK_WIDGET (window), "Exported 200000 lines to runs.csv");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (export_stack)), ==, "idle");

  /* The same bytes as the export on the main thread. */
  g_assert_cmpint (fc_run_log_export_csv (store, "run-big", sync_file, NULL, &error), ==,
                   EXPORT_EVENTS * 2);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_file_get_contents (sync_path, &sync_contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, sync_contents);

  /* Cancel, as its button does: no file, a toast says so. */
  fc_run_details_export_to_file (FC_RUN_DETAILS (watch.details), cancelled_file);
  g_assert_true (gtk_widget_activate_action (watch.details, "details.cancel-export", NULL));
  fc_test_gui_wait_until (export_is_done, watch.details, "the cancelled export");
  fc_test_gui_wait_for_text (GTK_WIDGET (window), "Export cancelled");
  g_assert_false (g_file_test (cancelled_path, G_FILE_TEST_EXISTS));

  /* Showing no run any more (the view closing the details) stops the export too. */
  fc_run_details_export_to_file (FC_RUN_DETAILS (watch.details), cancelled_file);
  fc_run_details_set_run (FC_RUN_DETAILS (watch.details), NULL);
  fc_test_gui_wait_until (export_is_done, watch.details, "the export of a closed run");
  g_assert_false (g_file_test (cancelled_path, G_FILE_TEST_EXISTS));
}

static void
test_conflicts (GuiFixture *fixture)
{
  g_autoptr (FcMapping) customers = NULL;
  g_autoptr (FcMapping) jobs = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) resolved = NULL;
  g_autoptr (FcConflictInfo) first = NULL;
  g_autoptr (FcConflictInfo) second = NULL;
  g_autofree char *name = NULL;
  FcEngine *engine = fixture->engine;
  FcStore *store = fc_engine_get_store (engine);
  const char *base[] = { "old@example.com", NULL };
  const char *source[] = { "source@example.com", NULL };
  const char *target[] = { "target@example.com", NULL };
  const char *phone_base[] = { "+14155550100", NULL };
  const char *phone_source[] = { "+14155550101", NULL };
  const char *phone_target[] = { "+14155550102", NULL };
  AdwViewStackPage *page;
  AdwViewStack *stack;
  GtkWidget *view;
  FcWindow *window;
  gint64 links[2];

  fill_log (engine, &customers, &jobs);
  fc_sync_store_insert_link (store, fc_mapping_get_id (customers), "hs-1", "jb-1", NULL,
                             &links[0], &error);
  g_assert_no_error (error);
  fc_sync_store_insert_link (store, fc_mapping_get_id (customers), "hs-2", "jb-2", NULL,
                             &links[1], &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 2; i++)
    {
      FcSyncConflictRow email = {
        .link_id = links[i], .pair_key = "email=email", .base_source = base,
        .base_target = base, .source = source, .target = target,
        .strategy = FC_CONFLICT_STRATEGY_MANUAL,
      };
      FcSyncConflictRow phone = {
        .link_id = links[i], .pair_key = "phone=phone", .base_source = phone_base,
        .base_target = phone_base, .source = phone_source, .target = phone_target,
        .strategy = FC_CONFLICT_STRATEGY_MANUAL,
      };

      fc_sync_store_record_conflict (store, fc_mapping_get_id (customers), "run-c12", &email,
                                     &error);
      g_assert_no_error (error);
      fc_sync_store_record_conflict (store, fc_mapping_get_id (customers), "run-c12", &phone,
                                     &error);
      g_assert_no_error (error);
    }

  window = fc_test_gui_get_main_window (fixture->app);
  view = show_view (window, "conflicts");
  fc_conflicts_view_reload (FC_CONFLICTS_VIEW (view));
  stack = ADW_VIEW_STACK (fc_test_gui_find_descendant (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK));
  page = adw_view_stack_get_page (stack, view);

  /* The queue, badged on its page; each field with base, source and target side by side. */
  g_assert_cmpuint (fc_conflicts_view_get_n_open (FC_CONFLICTS_VIEW (view)), ==, 4);
  g_assert_cmpuint (adw_view_stack_page_get_badge_number (page), ==, 4);
  g_assert_true (adw_view_stack_page_get_needs_attention (page));
  fc_test_gui_wait_for_frame (GTK_WIDGET (window));
  g_assert_true (fc_test_gui_shows_text (view, "old@example.com"));
  g_assert_true (fc_test_gui_shows_text (view, "source@example.com"));
  g_assert_true (fc_test_gui_shows_text (view, "target@example.com"));
  g_assert_true (fc_test_gui_shows_text (view, "email ↔ email"));
  fc_test_gui_render_to_png (GTK_WIDGET (window), "conflicts.png");

  /* Take Source on one field. */
  first = conflict_at (FC_CONFLICTS_VIEW (view), 0);
  fc_test_gui_click (find_action_button (view, "conflicts.take",
                                         g_variant_new ("(xs)", fc_conflict_info_get_id (first),
                                                        "source")));
  g_assert_cmpuint (fc_conflicts_view_get_n_open (FC_CONFLICTS_VIEW (view)), ==, 3);
  g_assert_cmpuint (adw_view_stack_page_get_badge_number (page), ==, 3);
  resolved = fc_sync_store_get_conflict (store, fc_conflict_info_get_id (first), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (resolved, "resolution"), ==, "source");
  g_clear_pointer (&resolved, json_object_unref);

  /* Edit the next: a value of one's own. */
  fc_test_gui_wait_for_frame (GTK_WIDGET (window));
  second = conflict_at (FC_CONFLICTS_VIEW (view), 0);
  name = g_strdup_printf ("edit-%" G_GINT64_FORMAT, fc_conflict_info_get_id (second));
  fc_test_gui_click (fc_test_gui_find_named (view, name));
  g_free (name);
  name = g_strdup_printf ("entry-%" G_GINT64_FORMAT, fc_conflict_info_get_id (second));
  gtk_editable_set_text (GTK_EDITABLE (fc_test_gui_find_named (view, name)), "+14155550199");
  g_free (name);
  name = g_strdup_printf ("apply-%" G_GINT64_FORMAT, fc_conflict_info_get_id (second));
  fc_test_gui_wait_for_transitions (GTK_WIDGET (window));
  fc_test_gui_render_to_png (GTK_WIDGET (window), "conflicts-edit.png");
  fc_test_gui_click (fc_test_gui_find_named (view, name));
  g_assert_cmpuint (fc_conflicts_view_get_n_open (FC_CONFLICTS_VIEW (view)), ==, 2);
  resolved = fc_sync_store_get_conflict (store, fc_conflict_info_get_id (second), &error);
  g_assert_no_error (error);
  g_assert_true (json_object_get_null_member (resolved, "resolution"));
  g_assert_cmpstr (json_array_get_string_element (
                     json_object_get_array_member (json_object_get_object_member (resolved,
                                                                                  "resolvedValues"),
                                                   "source"), 0), ==, "+14155550199");
  g_clear_pointer (&resolved, json_object_unref);

  /* Take Target for All: the rest goes. */
  fc_test_gui_wait_for_frame (GTK_WIDGET (window));
  g_assert_nonnull (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (conflicts_child (
                                                      view, "resolve_all_button"))));
  g_assert_true (gtk_widget_activate_action (view, "conflicts.take-all", "s", "target"));
  g_assert_cmpuint (fc_conflicts_view_get_n_open (FC_CONFLICTS_VIEW (view)), ==, 0);
  g_assert_cmpuint (adw_view_stack_page_get_badge_number (page), ==, 0);
  g_assert_false (adw_view_stack_page_get_needs_attention (page));
  fc_test_gui_wait_for_frame (GTK_WIDGET (window));
  g_assert_true (fc_test_gui_shows_text (view, "No Conflicts"));
}

static void
test_preferences (GuiFixture *fixture)
{
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  g_auto (GStrv) actions = NULL;
  g_autofree char *public_url = NULL;
  FcPreferencesWindow *preferences;
  GtkWidget *warning;
  FcWindow *window;
  guint16 port = 0;
  static const char * const keys[] = {
    "listener-port", "listener-all-interfaces", "public-url", "run-in-background",
    "start-at-login", "default-schedule-minutes", "guard-max-update-percent",
    "guard-max-creates", "guard-hold-deletes", "notify-failures",
  };

  window = fc_test_gui_get_main_window (fixture->app);

  /* Ctrl+comma and the primary menu open it. */
  actions = gtk_application_get_actions_for_accel (GTK_APPLICATION (fixture->app),
                                                   "<Control>comma");
  g_assert_cmpstr (actions[0], ==, "app.preferences");
  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "preferences", NULL);
  preferences = FC_PREFERENCES_WINDOW (fc_test_gui_find_window (fixture->app,
                                                                FC_TYPE_PREFERENCES_WINDOW));
  g_assert_nonnull (preferences);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (preferences)) == GTK_WINDOW (window));
  fc_test_gui_wait_for_frame (GTK_WIDGET (preferences));
  fc_test_gui_render_to_png (GTK_WIDGET (preferences), "preferences.png");

  /* The rows change the keys... */
  gtk_switch_set_active (GTK_SWITCH (preferences_child (preferences, "background_switch")), TRUE);
  g_assert_true (g_settings_get_boolean (settings, "run-in-background"));
  gtk_switch_set_active (GTK_SWITCH (preferences_child (preferences, "login_switch")), TRUE);
  g_assert_true (g_settings_get_boolean (settings, "start-at-login"));
  gtk_switch_set_active (GTK_SWITCH (preferences_child (preferences, "notify_switch")), FALSE);
  g_assert_false (g_settings_get_boolean (settings, "notify-failures"));
  adw_combo_row_set_selected (ADW_COMBO_ROW (preferences_child (preferences, "schedule_row")), 2);
  g_assert_cmpuint (g_settings_get_uint (settings, "default-schedule-minutes"), ==, 15);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (preferences_child (preferences, "port_spin")), 9000);
  g_settings_get (settings, "listener-port", "q", &port);
  g_assert_cmpuint (port, ==, 9000);
  gtk_editable_set_text (GTK_EDITABLE (preferences_child (preferences, "public_url_row")),
                         "https://hooks.example.com");
  public_url = g_settings_get_string (settings, "public-url");
  g_assert_cmpstr (public_url, ==, "https://hooks.example.com");
  g_assert_false (gtk_widget_has_css_class (preferences_child (preferences, "public_url_row"),
                                            "error"));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (preferences_child (preferences,
                                                                 "update_percent_spin")), 25);
  g_assert_cmpuint (g_settings_get_uint (settings, "guard-max-update-percent"), ==, 25);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (preferences_child (preferences, "max_creates_spin")),
                             120);
  g_assert_cmpuint (g_settings_get_uint (settings, "guard-max-creates"), ==, 120);
  gtk_switch_set_active (GTK_SWITCH (preferences_child (preferences, "hold_deletes_switch")),
                         FALSE);
  g_assert_false (g_settings_get_boolean (settings, "guard-hold-deletes"));

  /* ...a bad address is marked... */
  gtk_editable_set_text (GTK_EDITABLE (preferences_child (preferences, "public_url_row")),
                         "hooks example");
  g_assert_true (gtk_widget_has_css_class (preferences_child (preferences, "public_url_row"),
                                           "error"));

  /* ...the warning shows only while the listener is open to the network (the application's
   * listener, which follows the key, warns too)... */
  warning = preferences_child (preferences, "all_interfaces_warning");
  g_assert_false (gtk_widget_get_visible (warning));
  g_test_expect_message ("fc-webhook", G_LOG_LEVEL_WARNING, "*other machines*");
  gtk_switch_set_active (GTK_SWITCH (preferences_child (preferences, "all_interfaces_switch")),
                         TRUE);
  g_assert_true (g_settings_get_boolean (settings, "listener-all-interfaces"));
  g_assert_true (gtk_widget_get_visible (warning));
  fc_test_gui_drain_main_context ();
  g_test_assert_expected_messages ();
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (preferences), "webhooks");
  fc_test_gui_render_to_png (GTK_WIDGET (preferences), "preferences-webhooks.png");
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (preferences), "safety");
  fc_test_gui_render_to_png (GTK_WIDGET (preferences), "preferences-safety.png");

  /* ...and the rows follow the keys. */
  g_settings_set_uint (settings, "default-schedule-minutes", 1440);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (preferences_child (
                                                  preferences, "schedule_row"))), ==, 5);
  g_settings_set_boolean (settings, "listener-all-interfaces", FALSE);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (preferences_child (preferences,
                                                                        "all_interfaces_switch"))));
  g_assert_false (gtk_widget_get_visible (warning));

  gtk_window_destroy (GTK_WINDOW (preferences));
  fc_test_gui_drain_main_context ();

  /* The memory backend lives as long as the process. */
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_settings_reset (settings, keys[i]);
}

typedef struct
{
  guint minutes;
  guint index;
} ScheduleCase;

static const ScheduleCase schedule_cases[] = {
  { 0, 0 }, { 5, 1 }, { 15, 2 }, { 30, 3 }, { 60, 4 }, { 1440, 5 }, { 20, 2 }, { 45, 3 },
  { 1000, 5 },
};

static void
test_schedule_index (gconstpointer data)
{
  const ScheduleCase *schedule = data;

  g_assert_cmpuint (fc_preferences_schedule_to_index (schedule->minutes), ==, schedule->index);
  if (schedule->minutes == fc_preferences_schedule_from_index (schedule->index))
    g_assert_cmpuint (fc_preferences_schedule_to_index (
                        fc_preferences_schedule_from_index (schedule->index)), ==,
                      schedule->index);
}

static void
test_gui_no_display (void)
{
  g_test_skip ("no display: run under build-aux/fc-headless-session");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("LANGUAGE", "C", TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (schedule_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fc/gui-activity/schedule-index/%u",
                                               schedule_cases[i].minutes);

      g_test_add_data_func (path, &schedule_cases[i], test_schedule_index);
    }

  if (!gtk_init_check ())
    {
      g_test_add_func ("/fc/gui-activity/no-display", test_gui_no_display);
      return g_test_run ();
    }

  g_test_add ("/fc/gui-activity/runs", GuiFixture, test_activity_runs, fixture_set_up,
              run_gui_case, fixture_tear_down);
  g_test_add ("/fc/gui-activity/details", GuiFixture, test_activity_details, fixture_set_up,
              run_gui_case, fixture_tear_down);
  g_test_add ("/fc/gui-activity/export", GuiFixture, test_activity_export, fixture_set_up,
              run_gui_case, fixture_tear_down);
  g_test_add ("/fc/gui-activity/conflicts", GuiFixture, test_conflicts, fixture_set_up,
              run_gui_case, fixture_tear_down);
  g_test_add ("/fc/gui-activity/preferences", GuiFixture, test_preferences, fixture_set_up,
              run_gui_case, fixture_tear_down);

  return g_test_run ();
}
