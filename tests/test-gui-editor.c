/* test-gui-editor.c: the Mappings view, the mapping editor and Sync now, on a real display over
 * a real store with the provider simulator
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under build-aux/fc-headless-session (Xvfb, a private bus and keyring). Every window the
 * tests look at is rendered to <builddir>/tests/screenshots/NAME.png.
 */

#define G_LOG_DOMAIN "fc-test-gui-editor"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "fc-application.h"
#include "fc-engine.h"
#include "fc-field-pair-row.h"
#include "fc-field-picker.h"
#include "fc-mapping-editor.h"
#include "fc-mapping-row.h"
#include "fc-mappings-view.h"
#include "fc-plan-dialog.h"
#include "fc-sim.h"
#include "fc-sync-store.h"
#include "fc-test-gui.h"
#include "fc-test-util.h"
#include "fc-window.h"

#define HUBSPOT_TOKEN   "pat-na1-gui-editor-7c1d"
#define PIPEDRIVE_TOKEN "fc-test-gui-editor-pipedrive-0001"

/* ---- waiting and looking ---------------------------------------------------------------- */

/* The mapped button of @root whose label is @label. */
static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  g_autoptr (GPtrArray) buttons = g_ptr_array_new ();

  fc_test_gui_collect_descendants (root, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (buttons->pdata[i]), label) == 0 &&
        gtk_widget_get_mapped (buttons->pdata[i]))
      return buttons->pdata[i];

  return NULL;
}

#define editor_child(editor, name) \
  fc_test_gui_template_child ((editor), FC_TYPE_MAPPING_EDITOR, (name))
#define pair_child(row, name) fc_test_gui_template_child ((row), FC_TYPE_FIELD_PAIR_ROW, (name))
#define row_child(row, name) fc_test_gui_template_child ((row), FC_TYPE_MAPPING_ROW, (name))

/* A mapped label of @root that reads @text. */
static GtkWidget *
find_label (GtkWidget  *root,
            const char *text)
{
  g_autoptr (GPtrArray) labels = g_ptr_array_new ();

  fc_test_gui_collect_descendants (root, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (g_strcmp0 (gtk_label_get_text (labels->pdata[i]), text) == 0 &&
        gtk_widget_get_mapped (labels->pdata[i]))
      return labels->pdata[i];

  return NULL;
}

/* The toast that reads @text, once it is in. */
static GtkWidget *
wait_for_toast (FcWindow   *window,
                const char *text)
{
  GtkWidget *toast;

  fc_test_gui_wait_for_text (GTK_WIDGET (window), text);
  /* Closing a toast before it has come in all the way trips libadwaita 1.2. */
  fc_test_gui_wait_for_transitions (GTK_WIDGET (window));

  for (toast = find_label (GTK_WIDGET (window), text);
       toast != NULL && !g_str_equal (gtk_widget_get_css_name (toast), "toast");
       toast = gtk_widget_get_parent (toast))
    ;
  g_assert_nonnull (toast);
  return toast;
}

static void
dismiss_toast (FcWindow   *window,
               const char *text)
{
  g_autoptr (GPtrArray) buttons = g_ptr_array_new ();
  GtkWidget *toast = wait_for_toast (window, text);

  fc_test_gui_collect_descendants (toast, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    {
      if (gtk_widget_has_css_class (buttons->pdata[i], "circular"))
        {
          fc_test_gui_click (buttons->pdata[i]);
          fc_test_gui_wait_for_transitions (GTK_WIDGET (window));
          return;
        }
    }
  g_error ("The toast “%s” has no close button", text);
}

/* ---- the fixture: the application with the simulator and two connections --------------- */

typedef struct _Fixture Fixture;

typedef struct
{
  void (*body) (Fixture *fixture);
} Case;

struct _Fixture
{
  char          *data_dir;
  FcApplication *app;
  const Case    *test_case;
  FcSim         *sim;
  FcEngine      *engine;  /* weak */
  FcConnection  *hubspot;
  FcConnection  *pipedrive;
  gboolean       body_ran;
};

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;

  fixture->test_case = user_data;

  fixture->sim = fc_sim_new ();
  fc_sim_set_seed (fixture->sim, 20260707);
  g_assert_true (fc_sim_add_static_token (fixture->sim, "hubspot", HUBSPOT_TOKEN, &error));
  g_assert_true (fc_sim_add_static_token (fixture->sim, "pipedrive", PIPEDRIVE_TOKEN, &error));
  g_assert_no_error (error);
  g_assert_true (fc_sim_start_in_thread (fixture->sim, 0, &error));
  g_assert_no_error (error);

  fixture->app = fc_test_gui_application_new ("fc-test-gui-editor-XXXXXX", &fixture->data_dir);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_object (&fixture->hubspot);
  g_clear_object (&fixture->pipedrive);
  g_assert_finalize_object (fixture->app);
  g_assert_null (fixture->engine);
  fc_sim_stop (fixture->sim);
  g_assert_finalize_object (fixture->sim);

  fc_test_remove_tree (fixture->data_dir);
  g_free (fixture->data_dir);

  fc_test_gui_reset_window_settings ();
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_DEFAULT);
}

static FcConnection *
connect_account (Fixture    *fixture,
                 FcProvider  provider,
                 const char *name,
                 const char *token)
{
  g_autoptr (FcConnection) connection = fc_connection_new (provider);
  g_autofree char *api = fc_sim_get_api_base_url (fixture->sim, name);
  g_autofree char *auth = fc_sim_get_auth_base_url (fixture->sim, name);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  FcConnection *added;

  fc_connection_set_api_base_url (connection, api);
  fc_connection_set_auth_base_url (connection, auth);
  fc_engine_add_connection_async (fixture->engine, connection, token, NULL, NULL, NULL,
                                  fc_test_on_ready_cb, &result);
  added = fc_engine_add_connection_finish (fixture->engine, fc_test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (added);
  return added;
}

static void
on_app_activate_cb (GApplication *app,
                    Fixture      *fixture)
{
  fc_test_gui_watch_engine (fixture->app, &fixture->engine);

  fixture->hubspot = connect_account (fixture, FC_PROVIDER_HUBSPOT, "hubspot", HUBSPOT_TOKEN);
  fixture->pipedrive = connect_account (fixture, FC_PROVIDER_PIPEDRIVE, "pipedrive",
                                        PIPEDRIVE_TOKEN);

  fixture->test_case->body (fixture);
  fixture->body_ran = TRUE;

  fc_test_gui_destroy_windows (fixture->app);
}

static void
run_case (Fixture       *fixture,
          gconstpointer  user_data)
{
  fc_test_gui_run_application (fixture->app, G_CALLBACK (on_app_activate_cb), fixture);
  g_assert_true (fixture->body_ran);
}

static GtkWidget *
show_mappings (FcWindow *window)
{
  AdwViewStack *stack;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s",
                                             "mappings"));
  fc_test_gui_wait_for_frame (GTK_WIDGET (window));
  stack = ADW_VIEW_STACK (fc_test_gui_find_descendant (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK));
  return adw_view_stack_get_child_by_name (stack, "mappings");
}

static const char *
visible_view (FcWindow *window)
{
  AdwViewStack *stack = ADW_VIEW_STACK (fc_test_gui_find_descendant (GTK_WIDGET (window),
                                                                     ADW_TYPE_VIEW_STACK));

  return adw_view_stack_get_visible_child_name (stack);
}

static FcMappingRow *
get_mapping_row (GtkWidget *view,
                 guint      index)
{
  GtkListBox *list_box = GTK_LIST_BOX (fc_test_gui_find_descendant (view, GTK_TYPE_LIST_BOX));
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (list_box, index);

  g_assert_true (FC_IS_MAPPING_ROW (row));
  return FC_MAPPING_ROW (row);
}

/* ---- the simulated records -------------------------------------------------------------- */

static char *
seed_contact (Fixture    *fixture,
              const char *email,
              const char *first,
              const char *last,
              const char *phone)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *json = NULL;
  char *id;

  json = g_strdup_printf ("{\"properties\":{\"email\":\"%s\",\"firstname\":\"%s\","
                          "\"lastname\":\"%s\",\"phone\":\"%s\"}}", email, first, last, phone);
  id = fc_sim_create (fixture->sim, "hubspot", "contacts", json, &error);
  g_assert_no_error (error);
  return id;
}

static void
edit_contact (Fixture    *fixture,
              const char *id,
              const char *property,
              const char *value)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *json = g_strdup_printf ("{\"properties\":{\"%s\":\"%s\"}}", property, value);

  g_assert_true (fc_sim_edit (fixture->sim, "hubspot", "contacts", id, json, &error));
  g_assert_no_error (error);
}

/* "Customers": HubSpot contacts → Pipedrive persons by email, name and phone. */
static FcMapping *
save_customers_mapping (Fixture *fixture)
{
  g_autoptr (FcMapping) mapping = fc_mapping_new ();
  g_autoptr (FcFieldPair) email = fc_field_pair_new_simple ("email", "email");
  g_autoptr (FcFieldPair) name = NULL;
  g_autoptr (FcFieldPair) phone = fc_field_pair_new_simple ("phone", "phone");
  g_autoptr (GError) error = NULL;
  const char * const first_last[] = { "firstname", "lastname", NULL };
  const char * const full_name[] = { "name", NULL };

  fc_mapping_set_name (mapping, "Customers");
  fc_mapping_set_source_connection_id (mapping, fc_connection_get_id (fixture->hubspot));
  fc_mapping_set_source_object (mapping, "contacts");
  fc_mapping_set_target_connection_id (mapping, fc_connection_get_id (fixture->pipedrive));
  fc_mapping_set_target_object (mapping, "persons");
  fc_mapping_set_direction (mapping, FC_DIRECTION_SOURCE_TO_TARGET);
  fc_field_pair_set_required (email, TRUE);
  fc_mapping_add_field_pair (mapping, email);
  name = fc_field_pair_new (first_last, full_name);
  fc_field_pair_set_transform (name, "concatenate");
  fc_mapping_add_field_pair (mapping, name);
  fc_field_pair_set_transform (phone, "phone_e164(region=US)");
  fc_mapping_add_field_pair (mapping, phone);

  g_assert_true (fc_engine_save_mapping (fixture->engine, mapping, &error));
  g_assert_no_error (error);
  return g_object_ref (fc_engine_lookup_mapping (fixture->engine, fc_mapping_get_id (mapping)));
}

/* The newest run of @mapping, as the store has it. */
static JsonObject *
get_last_run (Fixture   *fixture,
              FcMapping *mapping)
{
  g_autoptr (JsonArray) runs = NULL;
  g_autoptr (GError) error = NULL;

  runs = fc_sync_store_list_runs (fc_engine_get_store (fixture->engine),
                                  fc_mapping_get_id (mapping), 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (runs), ==, 1);
  return json_object_ref (json_array_get_object_element (runs, 0));
}

/* ---- the editor ------------------------------------------------------------------------- */

static gboolean
editor_is_idle (gpointer data)
{
  return !fc_mapping_editor_is_busy (FC_MAPPING_EDITOR (data));
}

static guint
count_pairs (FcMappingEditor *editor)
{
  return fc_mapping_get_n_field_pairs (fc_mapping_editor_get_mapping (editor));
}

static FcFieldPairRow *
get_pair_row (FcMappingEditor *editor,
              guint            index)
{
  GtkListBox *list = GTK_LIST_BOX (editor_child (editor, "pairs_list"));
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, index);

  g_assert_true (FC_IS_FIELD_PAIR_ROW (row));
  return FC_FIELD_PAIR_ROW (row);
}

static const char *
combo_string (GtkWidget *combo_row)
{
  AdwComboRow *row = ADW_COMBO_ROW (combo_row);
  GtkStringObject *item = adw_combo_row_get_selected_item (row);

  return item != NULL ? gtk_string_object_get_string (item) : NULL;
}

/* The suggestion of @source → @target, or -1. */
static int
find_suggestion (FcMappingEditor *editor,
                 const char      *source,
                 const char      *target)
{
  GPtrArray *suggestions = fc_mapping_editor_get_suggestions (editor);

  for (guint i = 0; i < suggestions->len; i++)
    {
      FcFieldPair *pair = suggestions->pdata[i];

      if (g_strcmp0 (fc_field_pair_get_source_fields (pair)[0], source) == 0 &&
          g_strcmp0 (fc_field_pair_get_target_fields (pair)[0], target) == 0)
        return (int) i;
    }

  return -1;
}

/* Clicks @label ("_Accept" or "_Reject") on the suggestion's row. */
static void
answer_suggestion (FcMappingEditor *editor,
                   int              index,
                   const char      *label)
{
  GtkListBox *list = GTK_LIST_BOX (editor_child (editor, "suggestions_list"));
  GtkListBoxRow *row;

  g_assert_cmpint (index, >=, 0);
  row = gtk_list_box_get_row_at_index (list, index);
  g_assert_nonnull (row);
  fc_test_gui_click (find_button (GTK_WIDGET (row), label));
}

/* Picks the catalogue field @name in @picker, searching as a user would. */
static void
pick_field (GtkWidget  *picker,
            const char *search,
            const char *name)
{
  FcFieldPicker *field_picker = FC_FIELD_PICKER (picker);
  GListModel *matches;
  guint n;

  fc_field_picker_set_search (field_picker, search);
  matches = fc_field_picker_get_matches (field_picker);
  n = g_list_model_get_n_items (matches);
  g_assert_cmpuint (n, >, 0);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (FcFieldInfo) info = g_list_model_get_item (matches, i);
      g_autofree char *label = g_utf8_strdown (fc_field_info_get_label (info), -1);
      g_autofree char *field_name = g_utf8_strdown (fc_field_info_get_name (info), -1);
      g_autofree char *type = g_utf8_strdown (fc_field_info_get_field_type (info), -1);

      /* The search looks at labels, names and types. */
      g_assert_true (strstr (label, search) != NULL || strstr (field_name, search) != NULL ||
                     strstr (type, search) != NULL);
      if (g_str_equal (fc_field_info_get_name (info), name))
        {
          fc_field_picker_activate_match (field_picker, i);
          g_assert_cmpstr (fc_field_picker_get_fields (field_picker)[0], ==, name);
          return;
        }
    }
  g_error ("No field %s among the matches of “%s”", name, search);
}

static void
choose_transform (FcFieldPairRow *row,
                  const char     *name,
                  const char     *args)
{
  GtkDropDown *dropdown = GTK_DROP_DOWN (pair_child (row, "transform_dropdown"));
  GListModel *model = gtk_drop_down_get_model (dropdown);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), name) == 0)
        {
          gtk_drop_down_set_selected (dropdown, i);
          gtk_editable_set_text (GTK_EDITABLE (pair_child (row, "args_entry")), args);
          return;
        }
    }
  g_error ("The transform list has no %s", name);
}

typedef struct
{
  FcFieldPairRow *row;
  const char     *text;
} PreviewWait;

static GtkEventController *
find_controller (GtkWidget *widget,
                 GType      type)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      GtkEventController *controller = g_list_model_get_item (controllers, i);

      /* The widget keeps its controllers: the one returned stays valid while the widget does */
      g_object_unref (controller);
      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type))
        return controller;
    }
  g_assert_not_reached ();
}

/* What dropping @dragged, held by its handle, on @target does. Without a pointer GTK does not
 * drive a drag, so the handle's drag source is asked for what it would carry, and the target
 * row's drop target is given that. */
static void
drop_pair_row (FcFieldPairRow *target,
               FcFieldPairRow *dragged)
{
  GtkEventController *source = find_controller (pair_child (dragged, "drag_handle"),
                                                GTK_TYPE_DRAG_SOURCE);
  GtkEventController *drop = find_controller (GTK_WIDGET (target), GTK_TYPE_DROP_TARGET);
  g_autoptr (GdkContentProvider) content = NULL;
  g_auto (GValue) value = G_VALUE_INIT;
  g_autoptr (GError) error = NULL;
  gboolean accepted = FALSE;

  g_signal_emit_by_name (source, "prepare", 4.0, 4.0, &content);
  g_assert_nonnull (content);
  g_value_init (&value, FC_TYPE_FIELD_PAIR_ROW);
  g_assert_true (gdk_content_provider_get_value (content, &value, &error));
  g_assert_no_error (error);
  g_assert_true (g_value_get_object (&value) == (gpointer) dragged);
  g_signal_emit_by_name (drop, "drop", &value, 4.0, 4.0, &accepted);
  g_assert_true (accepted);
}

static gboolean
preview_shows (gpointer data)
{
  PreviewWait *wait = data;
  const char *preview = fc_field_pair_row_get_preview (wait->row);

  return preview != NULL && strstr (preview, wait->text) != NULL;
}

static void
test_editor_create (Fixture *fixture)
{
  g_autofree char *contact = NULL;
  FcMappingEditor *editor = NULL;
  FcFieldPairRow *row;
  GtkWidget *popover;
  GtkWidget *view;
  GtkWidget *save_button;
  FcMapping *saved;
  FcWindow *window;
  PreviewWait wait;
  int index;

  contact = seed_contact (fixture, "ann.lee@example.com", "Ann", "Lee", "(415) 555-2671");
  window = fc_test_gui_get_main_window (fixture->app);
  view = show_mappings (window);

  /* The empty state offers to add a mapping; so does Ctrl+N. */
  g_assert_true (gtk_widget_get_mapped (fc_test_gui_find_descendant (view, ADW_TYPE_STATUS_PAGE)));
  {
    g_auto (GStrv) actions = gtk_application_get_actions_for_accel (
                               GTK_APPLICATION (fixture->app), "<Control>n");
    g_assert_cmpstr (actions[0], ==, "win.add-mapping");
  }
  fc_test_gui_click (find_button (view, "_Add Mapping…"));
  editor = FC_MAPPING_EDITOR (fc_test_gui_find_window (fixture->app, FC_TYPE_MAPPING_EDITOR));
  g_assert_nonnull (editor);
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (editor)) == GTK_WINDOW (window));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (editor)));

  /* A new mapping starts from the first two accounts and their first objects, read from the
   * providers: HubSpot contacts and Pipedrive persons. */
  fc_test_gui_wait_for_frame (GTK_WIDGET (editor));
  fc_test_gui_wait_until (editor_is_idle, editor, "the editor to read the providers");
  g_assert_cmpstr (combo_string (editor_child (editor, "source_object_row")), ==, "contacts");
  g_assert_cmpstr (combo_string (editor_child (editor, "target_object_row")), ==, "persons");
  g_assert_false (gtk_widget_is_sensitive (editor_child (editor, "save_button")));
  g_assert_cmpuint (count_pairs (editor), ==, 0);

  /* Suggested pairs: fields of the same name and kind. */
  g_assert_true (gtk_widget_get_visible (editor_child (editor, "suggestions_group")));
  for (guint i = 0; i < fc_mapping_editor_get_suggestions (editor)->len; i++)
    {
      FcFieldPair *pair = fc_mapping_editor_get_suggestions (editor)->pdata[i];
      g_autofree char *label = fc_field_pair_dup_label (pair);

      g_test_message ("suggested: %s", label);
    }
  g_assert_cmpint (find_suggestion (editor, "email", "email"), >=, 0);
  index = find_suggestion (editor, "jobtitle", "job_title");
  g_assert_cmpint (index, >=, 0);
  fc_test_gui_render_to_png (GTK_WIDGET (editor), "editor-suggestions.png");

  /* Accepted, a suggestion becomes a pair; rejected, it goes for good. */
  answer_suggestion (editor, find_suggestion (editor, "email", "email"), "_Accept");
  g_assert_cmpuint (count_pairs (editor), ==, 1);
  g_assert_cmpint (find_suggestion (editor, "email", "email"), ==, -1);
  answer_suggestion (editor, find_suggestion (editor, "jobtitle", "job_title"), "_Reject");
  g_assert_cmpint (find_suggestion (editor, "jobtitle", "job_title"), ==, -1);
  g_assert_cmpuint (count_pairs (editor), ==, 1);

  /* The preview shows the sample record's value for the accepted pair. */
  g_assert_nonnull (fc_mapping_editor_get_sample (editor));
  wait.row = get_pair_row (editor, 0);
  wait.text = "ann.lee@example.com";
  fc_test_gui_wait_until (preview_shows, &wait, "the preview of the email pair");

  /* A pair of our own: phone → phone through phone_e164. */
  fc_test_gui_click (editor_child (editor, "add_pair_button"));
  g_assert_cmpuint (count_pairs (editor), ==, 2);
  row = get_pair_row (editor, 1);
  /* Still empty: it says what it lacks, and the mapping cannot be saved. */
  g_assert_nonnull (fc_field_pair_row_get_error (row));
  g_assert_false (gtk_widget_is_sensitive (editor_child (editor, "save_button")));
  pick_field (pair_child (row, "source_picker"), "phone", "phone");

  /* The target picker searches Pipedrive's catalogue: labels, names and types. */
  popover = fc_field_picker_get_popover (FC_FIELD_PICKER (pair_child (row, "target_picker")));
  gtk_popover_popup (GTK_POPOVER (popover));
  fc_field_picker_set_search (FC_FIELD_PICKER (pair_child (row, "target_picker")), "phone");
  fc_test_gui_wait_for_frame (popover);
  fc_test_gui_render_to_png (popover, "editor-field-picker.png");
  pick_field (pair_child (row, "target_picker"), "phone", "phone");
  g_assert_false (gtk_widget_get_visible (popover));
  choose_transform (row, "phone_e164", "region=US");
  g_assert_cmpstr (fc_field_pair_get_transform (fc_field_pair_row_get_pair (row)), ==,
                   "phone_e164(region=US)");
  g_assert_null (fc_field_pair_row_get_error (row));
  wait.row = row;
  wait.text = "+14155552671";
  fc_test_gui_wait_until (preview_shows, &wait, "the preview of the phone pair");

  /* No name yet: the mapping says so and cannot be saved. */
  save_button = editor_child (editor, "save_button");
  g_assert_false (gtk_widget_is_sensitive (save_button));
  g_assert_true (gtk_widget_get_visible (editor_child (editor, "general_error_label")));
  gtk_editable_set_text (GTK_EDITABLE (editor_child (editor, "name_row")), "Customers");
  g_assert_true (gtk_widget_is_sensitive (save_button));
  g_assert_false (gtk_widget_get_visible (editor_child (editor, "general_error_label")));

  /* A transform that cannot map one field to one: the error is on its row. */
  choose_transform (row, "split_name", "");
  g_assert_nonnull (fc_field_pair_row_get_error (row));
  g_test_message ("row error: %s", fc_field_pair_row_get_error (row));
  g_assert_null (fc_field_pair_row_get_error (get_pair_row (editor, 0)));
  g_assert_false (gtk_widget_is_sensitive (save_button));
  fc_test_gui_render_to_png (GTK_WIDGET (editor), "editor-invalid.png");

  /* Two pairs writing the same target field: the second says so. */
  choose_transform (row, "phone_e164", "region=US");
  pick_field (pair_child (row, "target_picker"), "email", "email");
  g_assert_nonnull (fc_field_pair_row_get_error (row));
  g_assert_nonnull (strstr (fc_field_pair_row_get_error (row), "email"));
  g_assert_false (gtk_widget_is_sensitive (save_button));
  pick_field (pair_child (row, "target_picker"), "phone", "phone");
  g_assert_true (gtk_widget_is_sensitive (save_button));

  /* Reordering: dragged by its handle onto the email pair, the phone pair goes first; its
   * Move Down button takes it back, and Move Up first again. */
  drop_pair_row (get_pair_row (editor, 0), row);
  g_assert_cmpstr (fc_field_pair_get_source_fields (
                     fc_mapping_get_field_pair (fc_mapping_editor_get_mapping (editor), 0))[0],
                   ==, "phone");
  fc_test_gui_click (pair_child (get_pair_row (editor, 0), "down_button"));
  g_assert_cmpstr (fc_field_pair_get_source_fields (
                     fc_mapping_get_field_pair (fc_mapping_editor_get_mapping (editor), 0))[0],
                   ==, "email");
  row = get_pair_row (editor, 1);
  fc_test_gui_click (pair_child (row, "up_button"));
  g_assert_cmpstr (fc_field_pair_get_source_fields (
                     fc_mapping_get_field_pair (fc_mapping_editor_get_mapping (editor), 0))[0],
                   ==, "phone");
  wait.row = get_pair_row (editor, 0);
  wait.text = "+14155552671";
  fc_test_gui_wait_until (preview_shows, &wait, "the preview after the move");
  fc_test_gui_render_to_png (GTK_WIDGET (editor), "editor.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_DARK);
  fc_test_gui_render_to_png (GTK_WIDGET (editor), "editor-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_DEFAULT);

  /* Saved, the mapping is in the engine as edited, and the editor is gone. */
  fc_test_gui_click (save_button);
  fc_test_gui_wait_until (fc_test_gui_pointer_is_null, &editor, "the editor to close");
  g_assert_cmpuint (g_list_model_get_n_items (fc_engine_get_mappings (fixture->engine)), ==, 1);
  saved = g_list_model_get_item (fc_engine_get_mappings (fixture->engine), 0);
  g_assert_cmpstr (fc_mapping_get_name (saved), ==, "Customers");
  g_assert_cmpstr (fc_mapping_get_source_object (saved), ==, "contacts");
  g_assert_cmpstr (fc_mapping_get_target_object (saved), ==, "persons");
  g_assert_cmpuint (fc_mapping_get_n_field_pairs (saved), ==, 2);
  g_assert_cmpstr (fc_field_pair_get_transform (fc_mapping_get_field_pair (saved, 0)), ==,
                   "phone_e164(region=US)");
  g_assert_cmpstr (fc_field_pair_get_source_fields (fc_mapping_get_field_pair (saved, 1))[0],
                   ==, "email");
  g_object_unref (saved);
  dismiss_toast (window, "Saved “Customers”");

  /* The view lists it. */
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (get_mapping_row (view, 0))), ==,
                   "HubSpot contacts → Pipedrive persons");
}

static gboolean
dialog_is_open (gpointer data)
{
  Fixture *fixture = data;

  return fc_test_gui_find_window (fixture->app, ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

static void
respond (Fixture    *fixture,
         const char *label)
{
  AdwMessageDialog *dialog;

  fc_test_gui_wait_until (dialog_is_open, fixture, "the question");
  dialog = ADW_MESSAGE_DIALOG (fc_test_gui_find_window (fixture->app, ADW_TYPE_MESSAGE_DIALOG));
  fc_test_gui_wait_for_frame (GTK_WIDGET (dialog));
  fc_test_gui_click (find_button (GTK_WIDGET (dialog), label));
  fc_test_gui_drain_main_context ();
}

static void
test_editor_unsaved (Fixture *fixture)
{
  g_autoptr (FcMapping) mapping = save_customers_mapping (fixture);
  FcMappingEditor *editor = NULL;
  FcFieldPairRow *row;
  AdwMessageDialog *dialog;
  GtkWidget *view;
  FcWindow *window;

  window = fc_test_gui_get_main_window (fixture->app);
  view = show_mappings (window);

  /* Activating the row edits the mapping, with its values. */
  g_signal_emit_by_name (get_mapping_row (view, 0), "activate");
  editor = FC_MAPPING_EDITOR (fc_test_gui_find_window (fixture->app, FC_TYPE_MAPPING_EDITOR));
  g_assert_nonnull (editor);
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
  fc_test_gui_wait_for_frame (GTK_WIDGET (editor));
  fc_test_gui_wait_until (editor_is_idle, editor, "the editor to read the providers");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (editor_child (editor, "name_row"))), ==,
                   "Customers");
  g_assert_cmpuint (count_pairs (editor), ==, 3);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (editor)), ==, "Edit “Customers”");
  g_assert_true (fc_mapping_editor_is_valid (editor));
  g_assert_false (fc_mapping_editor_is_modified (editor));

  /* Each pair's way is chosen in a two-way mapping only: ↔, then →, then ←. */
  row = get_pair_row (editor, 0);
  g_assert_false (gtk_widget_get_visible (pair_child (row, "direction_button")));
  adw_combo_row_set_selected (ADW_COMBO_ROW (editor_child (editor, "direction_row")),
                              FC_DIRECTION_BIDIRECTIONAL);
  g_assert_cmpint (fc_mapping_get_direction (fc_mapping_editor_get_mapping (editor)), ==,
                   FC_DIRECTION_BIDIRECTIONAL);
  g_assert_true (gtk_widget_get_visible (pair_child (row, "direction_button")));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (pair_child (row, "direction_button"))), ==,
                   "↔");
  fc_test_gui_click (pair_child (row, "direction_button"));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (pair_child (row, "direction_button"))), ==,
                   "→");
  g_assert_cmpint (fc_field_pair_get_direction (fc_field_pair_row_get_pair (row)), ==,
                   FC_FIELD_DIRECTION_SOURCE_ONLY);
  fc_test_gui_click (pair_child (row, "direction_button"));
  g_assert_cmpint (fc_field_pair_get_direction (fc_field_pair_row_get_pair (row)), ==,
                   FC_FIELD_DIRECTION_TARGET_ONLY);
  fc_test_gui_render_to_png (GTK_WIDGET (editor), "editor-both-ways.png");

  /* Closing with changes asks; Cancel keeps the editor and its changes. */
  gtk_editable_set_text (GTK_EDITABLE (editor_child (editor, "name_row")), "Clients");
  fc_test_gui_click (pair_child (get_pair_row (editor, 2), "remove_button"));
  g_assert_cmpuint (count_pairs (editor), ==, 2);
  g_assert_true (fc_mapping_editor_is_modified (editor));
  gtk_window_close (GTK_WINDOW (editor));
  fc_test_gui_wait_until (dialog_is_open, fixture, "the question");
  dialog = ADW_MESSAGE_DIALOG (fc_test_gui_find_window (fixture->app, ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Save Changes?");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "save"));
  fc_test_gui_render_to_png (GTK_WIDGET (dialog), "editor-unsaved.png");
  respond (fixture, "_Cancel");
  g_assert_nonnull (editor);

  /* Discard closes it; the mapping is as it was. */
  gtk_window_close (GTK_WINDOW (editor));
  respond (fixture, "_Discard");
  fc_test_gui_wait_until (fc_test_gui_pointer_is_null, &editor, "the editor to close");
  g_assert_cmpstr (fc_mapping_get_name (fc_engine_lookup_mapping (fixture->engine,
                                                                  fc_mapping_get_id (mapping))),
                   ==, "Customers");
  g_assert_cmpuint (fc_mapping_get_n_field_pairs (
                      fc_engine_lookup_mapping (fixture->engine, fc_mapping_get_id (mapping))),
                    ==, 3);

  /* Saving from the question stores the changes. */
  g_signal_emit_by_name (get_mapping_row (view, 0), "activate");
  editor = FC_MAPPING_EDITOR (fc_test_gui_find_window (fixture->app, FC_TYPE_MAPPING_EDITOR));
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
  fc_test_gui_wait_for_frame (GTK_WIDGET (editor));
  fc_test_gui_wait_until (editor_is_idle, editor, "the editor to read the providers");
  gtk_editable_set_text (GTK_EDITABLE (editor_child (editor, "name_row")), "Clients");
  gtk_window_close (GTK_WINDOW (editor));
  respond (fixture, "_Save");
  fc_test_gui_wait_until (fc_test_gui_pointer_is_null, &editor, "the editor to close");
  g_assert_cmpstr (fc_mapping_get_name (fc_engine_lookup_mapping (fixture->engine,
                                                                  fc_mapping_get_id (mapping))),
                   ==, "Clients");
}

typedef struct
{
  Fixture    *fixture;
  FcMapping  *mapping;
  const char *key;
  gboolean    value;
} SavedFlag;

static gboolean
saved_flag_is (gpointer data)
{
  SavedFlag *flag = data;
  FcMapping *mapping = fc_engine_lookup_mapping (flag->fixture->engine,
                                                 fc_mapping_get_id (flag->mapping));
  gboolean value = g_str_equal (flag->key, "active") ? fc_mapping_get_active (mapping)
                                                     : fc_mapping_get_realtime (mapping);

  return value == flag->value;
}

/* Opens the editor on the view's first mapping and waits until it has read the providers. */
static FcMappingEditor *
edit_first_mapping (Fixture   *fixture,
                    GtkWidget *view)
{
  FcMappingEditor *editor;

  g_signal_emit_by_name (get_mapping_row (view, 0), "activate");
  editor = FC_MAPPING_EDITOR (fc_test_gui_find_window (fixture->app, FC_TYPE_MAPPING_EDITOR));
  g_assert_nonnull (editor);
  fc_test_gui_wait_for_frame (GTK_WIDGET (editor));
  fc_test_gui_wait_until (editor_is_idle, editor, "the editor to read the providers");
  return editor;
}

/* Saves a new name for @id as another process would, through a store of its own. */
static void
rename_elsewhere (Fixture    *fixture,
                  const char *id,
                  const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (FcStore) store = fc_store_open (fc_store_get_path (fc_engine_get_store (
                                                                  fixture->engine)), &error);
  g_autoptr (FcMapping) mapping = NULL;

  g_assert_no_error (error);
  mapping = fc_store_get_mapping (store, id, &error);
  g_assert_no_error (error);
  fc_mapping_set_name (mapping, name);
  g_assert_true (fc_store_save_mapping (store, mapping, &error));
  g_assert_no_error (error);
}

static char *
stored_name (Fixture    *fixture,
             const char *id)
{
  g_autoptr (FcMapping) mapping = fc_store_get_mapping (fc_engine_get_store (fixture->engine),
                                                        id, NULL);

  return mapping != NULL ? g_strdup (fc_mapping_get_name (mapping)) : NULL;
}

static const char *
question_heading (Fixture *fixture)
{
  AdwMessageDialog *dialog;

  fc_test_gui_wait_until (dialog_is_open, fixture, "the question");
  dialog = ADW_MESSAGE_DIALOG (fc_test_gui_find_window (fixture->app, ADW_TYPE_MESSAGE_DIALOG));
  return adw_message_dialog_get_heading (dialog);
}

/* A mapping saved or removed elsewhere while the editor is open is not overwritten without
 * asking: the user keeps editing, replaces the other version, or drops their own. */
static void
test_editor_changed_elsewhere (Fixture *fixture)
{
  g_autoptr (FcMapping) mapping = save_customers_mapping (fixture);
  const char *id = fc_mapping_get_id (mapping);
  SavedFlag flag = { fixture, mapping, "active", FALSE };
  FcMappingEditor *editor;
  GtkWidget *view;
  FcWindow *window;
  g_autoptr (FcStore) other = NULL;
  g_autoptr (GError) error = NULL;
  char *name;

  window = fc_test_gui_get_main_window (fixture->app);
  view = show_mappings (window);

  /* Renamed by the CLI while the user edits: saving asks, Keep Editing saves nothing. */
  editor = edit_first_mapping (fixture, view);
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
  rename_elsewhere (fixture, id, "Customers (CLI)");
  gtk_editable_set_text (GTK_EDITABLE (editor_child (editor, "name_row")), "Clients");
  fc_test_gui_click (editor_child (editor, "save_button"));
  g_assert_cmpstr (question_heading (fixture), ==, "Mapping Changed Elsewhere");
  fc_test_gui_render_to_png (GTK_WIDGET (fc_test_gui_find_window (fixture->app,
                                                                  ADW_TYPE_MESSAGE_DIALOG)),
                             "editor-changed-elsewhere.png");
  respond (fixture, "_Keep Editing");
  g_assert_nonnull (editor);
  g_assert_true (fc_mapping_editor_is_modified (editor));
  name = stored_name (fixture, id);
  g_assert_cmpstr (name, ==, "Customers (CLI)");
  g_free (name);

  /* Replace saves the editor's version over it. */
  fc_test_gui_click (editor_child (editor, "save_button"));
  g_assert_cmpstr (question_heading (fixture), ==, "Mapping Changed Elsewhere");
  respond (fixture, "_Replace");
  fc_test_gui_wait_until (fc_test_gui_pointer_is_null, &editor, "the editor to close");
  name = stored_name (fixture, id);
  g_assert_cmpstr (name, ==, "Clients");
  g_free (name);
  g_assert_cmpstr (fc_mapping_get_name (fc_engine_lookup_mapping (fixture->engine, id)), ==,
                   "Clients");

  /* Removed elsewhere: Save Again brings the editor's version back, same id. */
  editor = edit_first_mapping (fixture, view);
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
  other = fc_store_open (fc_store_get_path (fc_engine_get_store (fixture->engine)), &error);
  g_assert_no_error (error);
  g_assert_true (fc_store_remove_mapping (other, id, &error));
  g_assert_no_error (error);
  gtk_editable_set_text (GTK_EDITABLE (editor_child (editor, "name_row")), "Clients again");
  fc_test_gui_click (editor_child (editor, "save_button"));
  g_assert_cmpstr (question_heading (fixture), ==, "Mapping Removed Elsewhere");
  respond (fixture, "_Save Again");
  fc_test_gui_wait_until (fc_test_gui_pointer_is_null, &editor, "the editor to close");
  name = stored_name (fixture, id);
  g_assert_cmpstr (name, ==, "Clients again");
  g_free (name);

  /* Discard Mine closes the editor and leaves the other version. */
  editor = edit_first_mapping (fixture, view);
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
  rename_elsewhere (fixture, id, "Clients (CLI)");
  gtk_editable_set_text (GTK_EDITABLE (editor_child (editor, "name_row")), "Mine");
  fc_test_gui_click (editor_child (editor, "save_button"));
  respond (fixture, "_Discard Mine");
  fc_test_gui_wait_until (fc_test_gui_pointer_is_null, &editor, "the editor to close");
  name = stored_name (fixture, id);
  g_assert_cmpstr (name, ==, "Clients (CLI)");
  g_free (name);

  /* A switch saves its one setting over what another process saved just before, which the
   * app's copy of the mapping has not caught up with. */
  rename_elsewhere (fixture, id, "Clients (CLI 2)");
  gtk_switch_set_active (GTK_SWITCH (row_child (get_mapping_row (view, 0), "active_switch")),
                         FALSE);
  fc_test_gui_wait_until (saved_flag_is, &flag, "the mapping to be paused");
  name = stored_name (fixture, id);
  g_assert_cmpstr (name, ==, "Clients (CLI 2)");
  g_free (name);
}

/* ---- the Mappings view and Sync now ----------------------------------------------------- */

static gboolean
plan_dialog_is_open (gpointer data)
{
  Fixture *fixture = data;

  return fc_test_gui_find_window (fixture->app, FC_TYPE_PLAN_DIALOG) != NULL;
}

static void
test_mappings_sync (Fixture *fixture)
{
  g_autoptr (FcMapping) mapping = save_customers_mapping (fixture);
  g_autoptr (JsonObject) run = NULL;
  g_autofree char *ann = NULL;
  g_autofree char *bob = NULL;
  g_autofree char *cat = NULL;
  FcPlanDialog *plan = NULL;
  FcMappingsView *view;
  FcMappingRow *row;
  GtkWidget *toast;
  FcWindow *window;
  SavedFlag flag = { fixture, mapping, "active", FALSE };

  ann = seed_contact (fixture, "ann.lee@example.com", "Ann", "Lee", "(415) 555-2671");
  bob = seed_contact (fixture, "bob.ray@example.com", "Bob", "Ray", "(415) 555-2672");
  cat = seed_contact (fixture, "cat.kim@example.com", "Cat", "Kim", "(415) 555-2673");

  window = fc_test_gui_get_main_window (fixture->app);
  view = FC_MAPPINGS_VIEW (show_mappings (window));
  row = get_mapping_row (GTK_WIDGET (view), 0);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Customers");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   "HubSpot contacts → Pipedrive persons");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (row_child (row, "status_label"))), ==,
                   "Never synced");
  g_assert_true (gtk_widget_get_mapped (find_button (GTK_WIDGET (window), "Sync _All")));

  /* Preview Changes lists the plan: three records to create, with their values. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "row.preview", NULL));
  fc_test_gui_wait_until (plan_dialog_is_open, fixture, "the plan");
  plan = FC_PLAN_DIALOG (fc_test_gui_find_window (fixture->app, FC_TYPE_PLAN_DIALOG));
  g_object_add_weak_pointer (G_OBJECT (plan), (gpointer *) &plan);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (plan)) == GTK_WINDOW (window));
  g_assert_cmpuint (fc_plan_dialog_count_rows (plan, FC_SYNC_PLAN_CREATE), ==, 3);
  g_assert_cmpuint (fc_plan_dialog_count_rows (plan, FC_SYNC_PLAN_UPDATE), ==, 0);
  fc_test_gui_wait_for_frame (GTK_WIDGET (plan));
  g_assert_nonnull (find_label (GTK_WIDGET (plan), "+14155552671"));
  fc_test_gui_render_to_png (GTK_WIDGET (plan), "plan.png");
  g_assert_cmpuint (fc_sim_count_records (fixture->sim, "pipedrive", "persons", FALSE), ==, 0);

  /* Apply runs it for real, with the progress in the row (Pipedrive answers slowly, so that
   * the picture catches the run going). */
  g_assert_true (fc_sim_set_faults (fixture->sim, "pipedrive", "{\"latency_ms\":1000}", NULL));
  fc_test_gui_click (find_button (GTK_WIDGET (plan), "_Apply"));
  fc_test_gui_wait_until (fc_test_gui_pointer_is_null, &plan, "the plan to close");
  g_assert_true (fc_mappings_view_is_syncing (view, fc_mapping_get_id (mapping)));
  row = get_mapping_row (GTK_WIDGET (view), 0);
  g_assert_true (gtk_widget_get_visible (row_child (row, "progress_box")));
  g_assert_false (gtk_widget_is_sensitive (row_child (row, "sync_button")));
  fc_test_gui_render_to_png (GTK_WIDGET (window), "mappings-syncing.png");
  g_assert_true (fc_mappings_view_is_syncing (view, fc_mapping_get_id (mapping)));
  fc_sim_clear_faults (fixture->sim, "pipedrive");
  dismiss_toast (window, "Synced “Customers”: 3 created, 0 updated");
  g_assert_false (fc_mappings_view_is_syncing (view, fc_mapping_get_id (mapping)));
  g_assert_false (gtk_widget_get_visible (row_child (row, "progress_box")));
  g_assert_cmpuint (fc_sim_count_records (fixture->sim, "pipedrive", "persons", FALSE), ==, 3);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (row_child (row, "status_label"))), ==,
                   "Last run: Completed just now");

  /* Sync Now after an edit updates the one record; View Log opens the Activity view. */
  edit_contact (fixture, bob, "phone", "(415) 555-9999");
  fc_test_gui_click (row_child (row, "sync_button"));
  toast = wait_for_toast (window, "Synced “Customers”: 0 created, 1 updated");
  fc_test_gui_render_to_png (GTK_WIDGET (window), "mappings-synced.png");
  fc_test_gui_click (find_button (toast, "View _Log"));
  g_assert_cmpstr (visible_view (window), ==, "activity");
  run = get_last_run (fixture, mapping);
  g_assert_cmpstr (json_object_get_string_member (run, "status"), ==, "completed");
  g_clear_pointer (&run, json_object_unref);
  view = FC_MAPPINGS_VIEW (show_mappings (window));
  fc_test_gui_wait_for_transitions (GTK_WIDGET (window));

  /* Cancel: the run ends failed, saying so. */
  edit_contact (fixture, cat, "phone", "(415) 555-8888");
  row = get_mapping_row (GTK_WIDGET (view), 0);
  fc_test_gui_click (row_child (row, "sync_button"));
  fc_test_gui_click (row_child (row, "cancel_button"));
  dismiss_toast (window, "Sync of “Customers” cancelled");
  run = get_last_run (fixture, mapping);
  g_assert_cmpstr (json_object_get_string_member (run, "status"), ==, "failed");
  g_assert_cmpstr (json_object_get_string_member (run, "error"), ==, "cancelled");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (row_child (row, "status_label"))), ==,
                   "Last run: Failed just now");

  /* Ctrl+R syncs the selected mapping: the cancelled change goes through. */
  {
    g_auto (GStrv) actions = gtk_application_get_actions_for_accel (
                               GTK_APPLICATION (fixture->app), "<Control>r");
    g_assert_cmpstr (actions[0], ==, "win.sync-selected");
  }
  gtk_list_box_select_row (GTK_LIST_BOX (gtk_widget_get_parent (GTK_WIDGET (row))),
                           GTK_LIST_BOX_ROW (row));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sync-selected", NULL));
  dismiss_toast (window, "Synced “Customers”: 0 created, 1 updated");

  /* The switches save the mapping. */
  row = get_mapping_row (GTK_WIDGET (view), 0);
  gtk_switch_set_active (GTK_SWITCH (row_child (row, "active_switch")), FALSE);
  fc_test_gui_wait_until (saved_flag_is, &flag, "the mapping to be paused");
  row = get_mapping_row (GTK_WIDGET (view), 0);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (row_child (row, "active_switch"))));
  flag.key = "realtime";
  flag.value = TRUE;
  gtk_switch_set_active (GTK_SWITCH (row_child (row, "realtime_switch")), TRUE);
  fc_test_gui_wait_until (saved_flag_is, &flag, "real time to be on");

  /* Sync All leaves paused mappings alone. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sync-all", NULL));
  g_assert_false (fc_mappings_view_is_syncing (view, fc_mapping_get_id (mapping)));

  fc_test_gui_render_to_png (GTK_WIDGET (window), "mappings.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_DARK);
  fc_test_gui_render_to_png (GTK_WIDGET (window), "mappings-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_DEFAULT);
}

static gboolean
widget_is_visible (gpointer data)
{
  return gtk_widget_get_visible (GTK_WIDGET (data));
}

/* A scheduled run held by the guard waits for the user's approval in the row. */
static void
test_mappings_approve (Fixture *fixture)
{
  g_autoptr (FcMapping) mapping = save_customers_mapping (fixture);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (FcSyncResult) held = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *ann = NULL;
  g_autofree char *bob = NULL;
  FcSyncOptions options = { 0 };
  FcMappingRow *row;
  GtkWidget *view;
  FcWindow *window;

  ann = seed_contact (fixture, "ann.lee@example.com", "Ann", "Lee", "(415) 555-2671");
  bob = seed_contact (fixture, "bob.ray@example.com", "Bob", "Ray", "(415) 555-2672");
  window = fc_test_gui_get_main_window (fixture->app);
  view = show_mappings (window);

  options.trigger = FC_SYNC_TRIGGER_SCHEDULE;
  options.max_creates = 1;
  fc_engine_sync_async (fixture->engine, mapping, &options, NULL, NULL, NULL,
                        fc_test_on_ready_cb, &result);
  held = fc_engine_sync_finish (fixture->engine, fc_test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (fc_sync_result_get_status (held), ==, FC_SYNC_STATUS_HELD);

  row = get_mapping_row (view, 0);
  fc_test_gui_wait_until (widget_is_visible, row_child (row, "held_box"),
                          "the row to ask for approval");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (row_child (row, "status_label"))), ==,
                   "Last run: Held for approval just now");
  fc_test_gui_render_to_png (GTK_WIDGET (window), "mappings-held.png");
  g_assert_cmpuint (fc_sim_count_records (fixture->sim, "pipedrive", "persons", FALSE), ==, 0);

  fc_test_gui_click (row_child (row, "approve_button"));
  dismiss_toast (window, "Synced “Customers”: 2 created, 0 updated");
  g_assert_cmpuint (fc_sim_count_records (fixture->sim, "pipedrive", "persons", FALSE), ==, 2);
  row = get_mapping_row (view, 0);
  g_assert_false (gtk_widget_get_visible (row_child (row, "held_box")));
}

static void
test_no_display (void)
{
  g_test_skip ("no display: run under build-aux/fc-headless-session");
}

static const struct
{
  const char *path;
  Case        test_case;
} cases[] = {
  { "/fc/gui/editor/create", { test_editor_create } },
  { "/fc/gui/editor/unsaved", { test_editor_unsaved } },
  { "/fc/gui/editor/changed-elsewhere", { test_editor_changed_elsewhere } },
  { "/fc/gui/mappings/sync", { test_mappings_sync } },
  { "/fc/gui/mappings/approve", { test_mappings_approve } },
};

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  fc_test_gui_set_wait_timeout (60);

  /* Strings compared below are the untranslated ones. */
  g_setenv ("LANGUAGE", "C", TRUE);

  if (!gtk_init_check ())
    {
      g_test_add_func ("/fc/gui/editor/no-display", test_no_display);
      return g_test_run ();
    }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_test_add (cases[i].path, Fixture, &cases[i].test_case,
                fixture_set_up, run_case, fixture_tear_down);

  return g_test_run ();
}
