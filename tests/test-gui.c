/* test-gui.c: the app shell on a real display, each view rendered to a PNG
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb (xvfb-run -a -s "-screen 0 1280x800x24", GSK_RENDERER=cairo). Every window
 * the tests open is rendered to <builddir>/tests/screenshots/NAME.png so that a person can look
 * at what the application shows.
 */

#define G_LOG_DOMAIN "fc-test-gui"

#include "config.h"

#include "fc-test-gui.h"
#include "fc-test-util.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <sqlite3.h>
#include <unistd.h>

#include "fc-activity-view.h"
#include "fc-add-connection-dialog.h"
#include "fc-application.h"
#include "fc-connection-row.h"
#include "fc-connections-view.h"
#include "fc-engine.h"
#include "fc-sim.h"
#include "fc-mappings-view.h"
#include "fc-webhooks-view.h"
#include "fc-window.h"

/* What the simulator accepts: a Pipedrive personal API token, and the OAuth application that
 * the HubSpot sign-in uses. */
#define PIPEDRIVE_TOKEN       "fc-test-gui-pipedrive-token-0001"
#define HUBSPOT_CLIENT_ID     "fc-test-gui-hubspot-app"
#define HUBSPOT_CLIENT_SECRET "fc-test-gui-hubspot-secret"

typedef struct
{
  const char *name;
  GType     (*get_type) (void);
  const char *empty_title;
} ViewCase;

static const ViewCase view_cases[] = {
  { "connections", fc_connections_view_get_type, "No Connections" },
  { "mappings", fc_mappings_view_get_type, "No Mappings" },
  { "activity", fc_activity_view_get_type, "No Sync Activity Yet" },
  { "webhooks", fc_webhooks_view_get_type, "No Webhook Events" },
};

/* Helpers */

static guint
count_list_box_rows (GtkListBox *list_box)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list_box, n) != NULL)
    n++;

  return n;
}

static gboolean
widget_is_visible (gpointer data)
{
  return gtk_widget_get_visible (GTK_WIDGET (data));
}

#define dialog_child(dialog, name) \
  fc_test_gui_template_child ((dialog), FC_TYPE_ADD_CONNECTION_DIALOG, (name))

static const char *
dialog_page (FcAddConnectionDialog *dialog)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (dialog_child (dialog, "stack")));
}

static void
set_text (GtkWidget  *editable,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (editable), text);
}

/* Runs what the key @keyval would run in @widget, through the shortcuts its class binds. */
static void
press_key (GtkWidget *widget,
           guint      keyval)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr (GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger) &&
              gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval &&
              gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == 0)
            {
              g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0,
                                                           widget,
                                                           gtk_shortcut_get_arguments (shortcut)));
              return;
            }
        }
    }

  g_error ("No shortcut of %s for the key %s", G_OBJECT_TYPE_NAME (widget),
           gdk_keyval_name (keyval));
}

/* Waits for the toast that reads @text, then closes it with its close button as a user would
 * (a toast waits for the one before it to go). */
static void
dismiss_toast (FcWindow   *window,
               const char *text)
{
  g_autoptr (GPtrArray) labels = g_ptr_array_new ();
  g_autoptr (GPtrArray) buttons = g_ptr_array_new ();
  GtkWidget *toast = NULL;

  fc_test_gui_wait_for_text (GTK_WIDGET (window), text);
  /* Closing a toast before it has come in all the way trips libadwaita 1.2. */
  fc_test_gui_wait_for_transitions (GTK_WIDGET (window));

  fc_test_gui_collect_descendants (GTK_WIDGET (window), GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len && toast == NULL; i++)
    {
      if (g_strcmp0 (gtk_label_get_text (labels->pdata[i]), text) != 0)
        continue;
      for (toast = labels->pdata[i]; toast != NULL; toast = gtk_widget_get_parent (toast))
        if (g_str_equal (gtk_widget_get_css_name (toast), "toast"))
          break;
    }
  g_assert_nonnull (toast);

  fc_test_gui_collect_descendants (toast, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    {
      if (gtk_widget_has_css_class (buttons->pdata[i], "circular"))
        {
          fc_test_gui_click (buttons->pdata[i]);
          return;
        }
    }
  g_error ("The toast “%s” has no close button", text);
}

/* Fixture: each test runs its body inside g_application_run (), once the application has been
 * activated, so that the application starts up and shuts down as it does for a user. */

typedef struct _GuiFixture GuiFixture;

typedef struct
{
  /* Runs before the application starts (optional). */
  void (*prepare) (GuiFixture *fixture);
  /* Runs once the application is activated. */
  void (*body) (GuiFixture *fixture, gconstpointer data);
  gconstpointer data;
} GuiCase;

struct _GuiFixture
{
  char          *data_dir;
  FcApplication *app;
  const GuiCase *gui_case;
  FcEngine      *engine;  /* weak */
  gboolean       body_ran;
};

static void
fixture_set_up (GuiFixture    *fixture,
                gconstpointer  user_data)
{
  fixture->app = fc_test_gui_application_new ("fc-test-gui-XXXXXX", &fixture->data_dir);
}

static void
fixture_tear_down (GuiFixture    *fixture,
                   gconstpointer  user_data)
{
  g_assert_finalize_object (fixture->app);
  /* The engine, its store and its models went with the application. */
  g_assert_null (fixture->engine);

  fc_test_remove_tree (fixture->data_dir);
  g_free (fixture->data_dir);

  fc_test_gui_reset_window_settings ();
}

static void
on_app_activate_cb (GApplication *app,
                    GuiFixture   *fixture)
{
  /* The application opens no engine when its store cannot be opened. */
  if (fc_application_get_engine (fixture->app) != NULL)
    fc_test_gui_watch_engine (fixture->app, &fixture->engine);

  fixture->gui_case->body (fixture, fixture->gui_case->data);
  fixture->body_ran = TRUE;

  /* With its last window gone, g_application_run () returns. */
  fc_test_gui_destroy_windows (fixture->app);
}

static void
run_gui_case (GuiFixture    *fixture,
              gconstpointer  user_data)
{
  fixture->gui_case = user_data;

  if (fixture->gui_case->prepare != NULL)
    fixture->gui_case->prepare (fixture);

  fc_test_gui_run_application (fixture->app, G_CALLBACK (on_app_activate_cb), fixture);
  g_assert_true (fixture->body_ran);
}

/* The main window that activating the application opened. */
static FcWindow *
get_main_window (GuiFixture *fixture)
{
  FcWindow *window;

  g_assert_nonnull (fc_application_get_engine (fixture->app));

  window = fc_test_gui_get_main_window (fixture->app);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));

  return window;
}

static void
show_view (FcWindow   *window,
           const char *name)
{
  AdwViewStack *stack;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", name));
  fc_test_gui_wait_for_frame (GTK_WIDGET (window));

  stack = ADW_VIEW_STACK (fc_test_gui_find_descendant (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, name);
}

/* Tests */

static void
test_gui_empty_view (GuiFixture    *fixture,
                     gconstpointer  user_data)
{
  const ViewCase *view_case = user_data;
  g_autofree char *png_name = NULL;
  AdwViewStack *stack;
  AdwViewStackPage *page;
  GtkWidget *view;
  GtkWidget *status_page;
  FcWindow *window;
  int width;
  int height;

  window = get_main_window (fixture);

  /* The window opens at the size kept in the settings (the schema's default here). */
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 960);
  g_assert_cmpint (height, ==, 640);

  stack = ADW_VIEW_STACK (fc_test_gui_find_descendant (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK));
  g_assert_nonnull (stack);
  view = adw_view_stack_get_child_by_name (stack, view_case->name);
  g_assert_nonnull (view);
  g_assert_true (G_TYPE_CHECK_INSTANCE_TYPE (view, view_case->get_type ()));

  /* Each view has a title and an icon for the view switcher. */
  page = adw_view_stack_get_page (stack, view);
  g_assert_nonnull (adw_view_stack_page_get_title (page));
  g_assert_nonnull (adw_view_stack_page_get_icon_name (page));

  show_view (window, view_case->name);

  status_page = fc_test_gui_find_descendant (view, ADW_TYPE_STATUS_PAGE);
  g_assert_nonnull (status_page);
  g_assert_true (gtk_widget_get_mapped (status_page));
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (status_page)), ==,
                   view_case->empty_title);
  g_assert_nonnull (adw_status_page_get_description (ADW_STATUS_PAGE (status_page)));

  png_name = g_strdup_printf ("%s.png", view_case->name);
  fc_test_gui_render_to_png (GTK_WIDGET (window), png_name);
}

static FcConnection *
add_connection (FcEngine           *engine,
                FcProvider          provider,
                const char         *account_name,
                FcConnectionStatus  status)
{
  g_autoptr (FcConnection) connection = NULL;
  g_autoptr (GError) error = NULL;

  connection = fc_connection_new (provider);
  fc_connection_set_account_name (connection, account_name);
  fc_connection_set_status (connection, status);
  fc_engine_save_connection (engine, connection, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&connection);
}

static void
check_list_state (GtkWidget  *view,
                  guint       n_rows,
                  GtkWidget **out_first_row)
{
  GtkWidget *status_page;
  GtkListBox *list_box;

  status_page = fc_test_gui_find_descendant (view, ADW_TYPE_STATUS_PAGE);
  list_box = GTK_LIST_BOX (fc_test_gui_find_descendant (view, GTK_TYPE_LIST_BOX));
  g_assert_nonnull (list_box);

  g_assert_cmpuint (count_list_box_rows (list_box), ==, n_rows);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (list_box)) == (n_rows > 0));
  g_assert_true (gtk_widget_get_mapped (status_page) == (n_rows == 0));

  if (out_first_row != NULL)
    *out_first_row = GTK_WIDGET (gtk_list_box_get_row_at_index (list_box, 0));
}

static void
test_gui_list_views (GuiFixture    *fixture,
                     gconstpointer  user_data)
{
  g_autoptr (FcConnection) hubspot = NULL;
  g_autoptr (FcConnection) jobber = NULL;
  g_autoptr (FcMapping) mapping = NULL;
  g_autoptr (FcFieldPair) pair = NULL;
  g_autoptr (GError) error = NULL;
  AdwStyleManager *style_manager;
  AdwViewStack *stack;
  GtkWidget *connections_view;
  GtkWidget *mappings_view;
  GtkWidget *row;
  FcEngine *engine;
  FcWindow *window;

  window = get_main_window (fixture);
  engine = fc_application_get_engine (fixture->app);
  stack = ADW_VIEW_STACK (fc_test_gui_find_descendant (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK));
  connections_view = adw_view_stack_get_child_by_name (stack, "connections");
  mappings_view = adw_view_stack_get_child_by_name (stack, "mappings");

  show_view (window, "connections");
  check_list_state (connections_view, 0, NULL);

  /* The views follow the engine's models as they change. */
  hubspot = add_connection (engine, FC_PROVIDER_HUBSPOT, "Acme Plumbing & Heating",
                            FC_CONNECTION_STATUS_ACTIVE);
  jobber = add_connection (engine, FC_PROVIDER_JOBBER, "Acme Field Crew",
                           FC_CONNECTION_STATUS_EXPIRED);

  mapping = fc_mapping_new ();
  fc_mapping_set_name (mapping, "Customers");
  fc_mapping_set_source_connection_id (mapping, fc_connection_get_id (hubspot));
  fc_mapping_set_source_object (mapping, "contacts");
  fc_mapping_set_target_connection_id (mapping, fc_connection_get_id (jobber));
  fc_mapping_set_target_object (mapping, "clients");
  fc_mapping_set_direction (mapping, FC_DIRECTION_SOURCE_TO_TARGET);
  pair = fc_field_pair_new_simple ("email", "email");
  fc_mapping_add_field_pair (mapping, pair);
  fc_engine_save_mapping (engine, mapping, &error);
  g_assert_no_error (error);

  fc_test_gui_wait_for_frame (GTK_WIDGET (window));
  check_list_state (connections_view, 2, &row);
  /* Account names are shown as they are, not as markup. */
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   "Acme Plumbing & Heating");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "HubSpot");
  fc_test_gui_render_to_png (GTK_WIDGET (window), "connections-list.png");

  show_view (window, "mappings");
  check_list_state (mappings_view, 1, &row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Customers");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   "HubSpot contacts → Jobber clients");
  fc_test_gui_render_to_png (GTK_WIDGET (window), "mappings-list.png");

  /* The direction arrow follows the mapping's direction. */
  fc_mapping_set_direction (mapping, FC_DIRECTION_BIDIRECTIONAL);
  fc_mapping_set_active (mapping, FALSE);
  fc_engine_save_mapping (engine, mapping, &error);
  g_assert_no_error (error);
  fc_test_gui_wait_for_frame (GTK_WIDGET (window));
  check_list_state (mappings_view, 1, &row);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   "HubSpot contacts ↔ Jobber clients");

  /* The same views in the dark style. */
  style_manager = adw_style_manager_get_default ();
  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (adw_style_manager_get_dark (style_manager));
  fc_test_gui_render_to_png (GTK_WIDGET (window), "mappings-list-dark.png");
  show_view (window, "connections");
  fc_test_gui_render_to_png (GTK_WIDGET (window), "connections-list-dark.png");
  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_DEFAULT);

  /* Back to the empty state once the last mapping is gone. */
  fc_engine_remove_mapping (engine, fc_mapping_get_id (mapping), &error);
  g_assert_no_error (error);
  show_view (window, "mappings");
  check_list_state (mappings_view, 0, NULL);
}

static gboolean
revealer_is_closed (gpointer data)
{
  return !gtk_revealer_get_reveal_child (GTK_REVEALER (data));
}

static gboolean
shows_renamed_mapping (gpointer data)
{
  return fc_test_gui_shows_text (GTK_WIDGET (data), "Customers and clients");
}

/* Another process (here, a second engine) runs the schedules: the Mappings view says which,
 * until the app's scheduler takes over. What that process saves shows in the app. */
static void
test_gui_mappings_standby (GuiFixture    *fixture,
                           gconstpointer  user_data)
{
  g_autoptr (FcConnection) hubspot = NULL;
  g_autoptr (FcConnection) jobber = NULL;
  g_autoptr (FcMapping) mapping = fc_mapping_new ();
  g_autoptr (FcFieldPair) pair = fc_field_pair_new_simple ("email", "email");
  g_autoptr (FcEngine) other = NULL;
  g_autoptr (FcMapping) renamed = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *expected = NULL;
  FcScheduler *scheduler;
  GtkWidget *mappings_view;
  GtkWidget *revealer;
  GtkWidget *label;
  AdwViewStack *stack;
  FcEngine *engine;
  FcWindow *window;

  window = get_main_window (fixture);
  engine = fc_application_get_engine (fixture->app);
  scheduler = fc_engine_get_scheduler (engine);
  stack = ADW_VIEW_STACK (fc_test_gui_find_descendant (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK));
  mappings_view = adw_view_stack_get_child_by_name (stack, "mappings");
  revealer = fc_test_gui_template_child (mappings_view, FC_TYPE_MAPPINGS_VIEW,
                                         "standby_revealer");
  label = fc_test_gui_template_child (mappings_view, FC_TYPE_MAPPINGS_VIEW, "standby_label");

  hubspot = add_connection (engine, FC_PROVIDER_HUBSPOT, "Acme Sales",
                            FC_CONNECTION_STATUS_ACTIVE);
  jobber = add_connection (engine, FC_PROVIDER_JOBBER, "Acme Field Crew",
                           FC_CONNECTION_STATUS_ACTIVE);
  fc_mapping_set_name (mapping, "Customers");
  fc_mapping_set_source_connection_id (mapping, fc_connection_get_id (hubspot));
  fc_mapping_set_source_object (mapping, "contacts");
  fc_mapping_set_target_connection_id (mapping, fc_connection_get_id (jobber));
  fc_mapping_set_target_object (mapping, "clients");
  fc_mapping_set_schedule_minutes (mapping, 60);
  fc_mapping_add_field_pair (mapping, pair);
  g_assert_true (fc_engine_save_mapping (engine, mapping, &error));
  g_assert_no_error (error);

  /* The app runs the schedules: nothing to say. */
  show_view (window, "mappings");
  g_assert_true (fc_scheduler_get_started (scheduler));
  g_assert_null (fc_scheduler_get_standby_reason (scheduler));
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));

  /* serve took the lock while the app's scheduler was stopped. */
  fc_scheduler_stop (scheduler);
  other = fc_engine_new (fixture->data_dir, &error);
  g_assert_no_error (error);
  fc_scheduler_set_process_name (fc_engine_get_scheduler (other), "fluxcascade-cli serve");
  fc_scheduler_start (fc_engine_get_scheduler (other));
  fc_scheduler_set_lock_retry_interval (scheduler, 100);
  fc_scheduler_start (scheduler);

  expected = g_strdup_printf ("Schedules run in another FluxCascade process "
                              "(fluxcascade-cli serve, process %d)", (int) getpid ());
  g_assert_cmpstr (fc_scheduler_get_standby_reason (scheduler), ==, expected);
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, expected);
  fc_test_gui_wait_for_transitions (GTK_WIDGET (window));
  g_assert_true (fc_test_gui_shows_text (GTK_WIDGET (window), expected));
  fc_test_gui_render_to_png (GTK_WIDGET (window), "mappings-standby.png");

  /* A mapping renamed in serve's process shows renamed in the app a moment later. */
  renamed = fc_mapping_copy (fc_engine_lookup_mapping (other, fc_mapping_get_id (mapping)));
  fc_mapping_set_name (renamed, "Customers and clients");
  g_assert_true (fc_engine_save_mapping (other, renamed, &error));
  g_assert_no_error (error);
  fc_test_gui_wait_until (shows_renamed_mapping, window, "the renamed mapping to show");
  fc_test_gui_render_to_png (GTK_WIDGET (window), "mappings-renamed-elsewhere.png");

  /* serve stops: the app takes over and the note goes. */
  g_assert_finalize_object (g_steal_pointer (&other));
  fc_test_gui_wait_until (revealer_is_closed, revealer, "the standby note to close");
  g_assert_null (fc_scheduler_get_standby_reason (scheduler));
}

static void
test_gui_about (GuiFixture    *fixture,
                gconstpointer  user_data)
{
  GtkIconTheme *icon_theme;
  FcWindow *window;
  GtkWindow *about;

  window = get_main_window (fixture);

  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "about", NULL);
  about = fc_test_gui_find_window (fixture->app, ADW_TYPE_ABOUT_WINDOW);
  g_assert_nonnull (about);
  g_assert_true (gtk_window_get_transient_for (about) == GTK_WINDOW (window));
  g_assert_cmpstr (adw_about_window_get_application_name (ADW_ABOUT_WINDOW (about)), ==,
                   "FluxCascade");
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), ==, PACKAGE_VERSION);
  g_assert_cmpstr (adw_about_window_get_application_icon (ADW_ABOUT_WINDOW (about)), ==, APP_ID);
  g_assert_cmpint (adw_about_window_get_license_type (ADW_ABOUT_WINDOW (about)), ==,
                   GTK_LICENSE_GPL_3_0);

  /* The application icon comes with the application, installed or not. */
  icon_theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (about)));
  g_assert_true (gtk_icon_theme_has_icon (icon_theme, APP_ID));

  fc_test_gui_render_to_png (GTK_WIDGET (about), "about.png");
}

static void
test_gui_shortcuts (GuiFixture    *fixture,
                    gconstpointer  user_data)
{
  g_autoptr (GPtrArray) shortcuts = g_ptr_array_new ();
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GtkApplication *app;
  GtkShortcutsWindow *overlay;
  FcWindow *window;

  window = get_main_window (fixture);
  app = GTK_APPLICATION (fixture->app);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_assert_nonnull (overlay);
  fc_test_gui_render_to_png (GTK_WIDGET (overlay), "shortcuts.png");

  /* Every shortcut listed really does something; F10 opens the primary menu. (The window
   * holds a second copy of each shortcut for its search results.) */
  fc_test_gui_collect_descendants (GTK_WIDGET (overlay), GTK_TYPE_SHORTCUTS_SHORTCUT, shortcuts);
  for (guint i = 0; i < shortcuts->len; i++)
    {
      g_autofree char *accelerator = NULL;
      g_auto (GStrv) actions = NULL;

      g_object_get (shortcuts->pdata[i], "accelerator", &accelerator, NULL);
      if (!g_hash_table_add (seen, g_strdup (accelerator)) || g_str_equal (accelerator, "F10"))
        continue;
      actions = gtk_application_get_actions_for_accel (app, accelerator);
      g_test_message ("%s: %s", accelerator, actions[0] != NULL ? actions[0] : "(nothing)");
      g_assert_cmpuint (g_strv_length (actions), ==, 1);
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, 12);
}

static void
prepare_window_state (GuiFixture *fixture)
{
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);

  g_settings_set_int (settings, "window-width", 400);
  g_settings_set_int (settings, "window-height", 640);
}

static void
test_gui_window_state (GuiFixture    *fixture,
                       gconstpointer  user_data)
{
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  GtkWidget *switcher_bar;
  FcWindow *window;
  int width;
  int height;

  /* The window opens at the kept size (less the resize borders around it)... */
  window = get_main_window (fixture);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 400);
  g_assert_cmpint (height, ==, 640);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 400);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), >=, 380);

  /* ...where the view switcher moves to the bottom... */
  switcher_bar = fc_test_gui_find_descendant (GTK_WIDGET (window), ADW_TYPE_VIEW_SWITCHER_BAR);
  g_assert_nonnull (switcher_bar);
  fc_test_gui_render_to_png (GTK_WIDGET (window), "narrow.png");
  g_assert_true (adw_view_switcher_bar_get_reveal (ADW_VIEW_SWITCHER_BAR (switcher_bar)));

  /* ...and keeps its new size when the application quits. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  fc_test_gui_wait_for_frame (GTK_WIDGET (window));
  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "quit", NULL);
  fc_test_gui_drain_main_context ();

  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (fixture->app)));
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1000);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 700);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));
}

/* A store written by a newer FluxCascade. */
static void
prepare_store_error (GuiFixture *fixture)
{
  g_autofree char *db_path = NULL;
  g_autofree char *sql = NULL;
  sqlite3 *db = NULL;

  db_path = g_build_filename (fixture->data_dir, FC_STORE_FILE_NAME, NULL);
  sql = g_strdup_printf ("CREATE TABLE later (id INTEGER); PRAGMA user_version = %d;",
                         FC_STORE_SCHEMA_VERSION + 1);
  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
test_gui_store_error (GuiFixture    *fixture,
                      gconstpointer  user_data)
{
  g_autoptr (GPtrArray) buttons = g_ptr_array_new ();
  GtkWidget *quit_button = NULL;
  AdwMessageDialog *dialog;

  g_assert_null (fc_application_get_engine (fixture->app));

  /* Instead of the main window, a dialog says why. */
  g_assert_null (fc_test_gui_find_window (fixture->app, FC_TYPE_WINDOW));
  dialog = ADW_MESSAGE_DIALOG (fc_test_gui_find_window (fixture->app, ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "newer"));
  g_test_message ("dialog body: %s", adw_message_dialog_get_body (dialog));
  fc_test_gui_render_to_png (GTK_WIDGET (dialog), "store-error.png");

  /* Its only answer closes it, and with it the application. */
  fc_test_gui_collect_descendants (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    {
      if (gtk_widget_get_mapped (buttons->pdata[i]))
        {
          g_assert_null (quit_button);
          quit_button = buttons->pdata[i];
        }
    }
  g_assert_nonnull (quit_button);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (quit_button)), ==, "_Quit");
  g_signal_emit_by_name (quit_button, "clicked");
  fc_test_gui_drain_main_context ();
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (fixture->app)));
}

/* The provider simulator, and a stand-in for the user's browser */

typedef enum
{
  BROWSER_IDLE,    /* show nothing: the user has yet to sign in */
  BROWSER_FAIL,    /* there is no browser */
  BROWSER_FOLLOW,  /* open the page; the simulator signs in at once and redirects back */
} BrowserMode;

typedef struct
{
  FcSim       *sim;
  SoupSession *session;
  BrowserMode  browser_mode;
  char        *opened_uri;
  guint        n_opened;
  gboolean     page_loaded;
} Sim;

static Sim *
sim_start (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SoupMessage) message = NULL;
  g_autoptr (GBytes) body = NULL;
  g_autofree char *url = NULL;
  Sim *sim = g_new0 (Sim, 1);

  sim->sim = fc_sim_new ();
  fc_sim_set_seed (sim->sim, 20260101);
  g_assert_true (fc_sim_set_client (sim->sim, "hubspot", HUBSPOT_CLIENT_ID,
                                    HUBSPOT_CLIENT_SECRET, &error));
  g_assert_no_error (error);
  g_assert_true (fc_sim_start_in_thread (sim->sim, 0, &error));
  g_assert_no_error (error);
  g_assert_true (fc_sim_add_static_token (sim->sim, "pipedrive", PIPEDRIVE_TOKEN, &error));
  g_assert_no_error (error);

  /* One request served shows that the simulator's thread runs its loop (stopping it before
   * then would hang). */
  sim->session = soup_session_new ();
  url = g_strconcat (fc_sim_get_base_url (sim->sim), "/_control/counters", NULL);
  message = soup_message_new ("GET", url);
  body = soup_session_send_and_read (sim->session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, SOUP_STATUS_OK);

  return sim;
}

static void
sim_stop (Sim *sim)
{
  fc_test_gui_drain_main_context ();
  g_assert_finalize_object (sim->session);
  fc_sim_stop (sim->sim);
  g_assert_finalize_object (sim->sim);
  g_free (sim->opened_uri);
  g_free (sim);
}

static void
on_page_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Sim *sim = user_data;
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GError) error = NULL;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
  sim->page_loaded = TRUE;
}

/* Opens @uri as a browser does, following the redirects back to FluxCascade. */
static void
browse (Sim        *sim,
        const char *uri)
{
  g_autoptr (SoupMessage) message = soup_message_new ("GET", uri);

  g_assert_nonnull (message);
  sim->page_loaded = FALSE;
  soup_session_send_and_read_async (sim->session, message, G_PRIORITY_DEFAULT, NULL,
                                    on_page_loaded_cb, sim);
}

static gboolean
launch_browser (const char  *uri,
                gpointer     user_data,
                GError     **error)
{
  Sim *sim = user_data;

  g_free (sim->opened_uri);
  sim->opened_uri = g_strdup (uri);
  sim->n_opened++;

  switch (sim->browser_mode)
    {
    case BROWSER_FAIL:
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no browser is installed");
      return FALSE;

    case BROWSER_FOLLOW:
      browse (sim, uri);
      return TRUE;

    case BROWSER_IDLE:
    default:
      return TRUE;
    }
}

/* The dialog and the Connections view */

static GtkWidget *
get_connections_view (FcWindow *window)
{
  AdwViewStack *stack;

  stack = ADW_VIEW_STACK (fc_test_gui_find_descendant (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK));
  return adw_view_stack_get_child_by_name (stack, "connections");
}

/* The dialog that the action just opened, with a weak pointer that clears when it goes. */
static FcAddConnectionDialog *
get_add_connection_dialog (GuiFixture             *fixture,
                           FcWindow               *window,
                           FcAddConnectionDialog **weak)
{
  FcAddConnectionDialog *dialog;

  dialog = FC_ADD_CONNECTION_DIALOG (fc_test_gui_find_window (fixture->app,
                                                              FC_TYPE_ADD_CONNECTION_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));

  *weak = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) weak);
  fc_test_gui_wait_for_frame (GTK_WIDGET (dialog));

  return dialog;
}

static void
choose_provider (FcAddConnectionDialog *dialog,
                 const char            *name)
{
  GtkWidget *list = dialog_child (dialog, "provider_list");
  GtkWidget *row;

  g_assert_cmpstr (dialog_page (dialog), ==, "provider");
  for (row = gtk_widget_get_first_child (list);
       row != NULL && g_strcmp0 (gtk_widget_get_name (row), name) != 0;
       row = gtk_widget_get_next_sibling (row))
    ;
  g_assert_nonnull (row);

  g_assert_true (gtk_widget_activate (row));
  g_assert_cmpstr (dialog_page (dialog), ==, "details");
}

static gboolean
flow_ended (gpointer data)
{
  FcAddConnectionDialog **dialog = data;

  return *dialog == NULL || g_strcmp0 (dialog_page (*dialog), "waiting") != 0;
}

static gboolean
list_has_one_item (gpointer data)
{
  return g_list_model_get_n_items (G_LIST_MODEL (data)) == 1;
}

static gboolean
list_is_empty (gpointer data)
{
  return g_list_model_get_n_items (G_LIST_MODEL (data)) == 0;
}

static GtkWidget *
get_row_child (GtkWidget  *row,
               const char *name)
{
  g_assert_true (FC_IS_CONNECTION_ROW (row));
  return fc_test_gui_template_child (row, FC_TYPE_CONNECTION_ROW, name);
}

static FcMapping *
add_mapping (FcEngine     *engine,
             const char   *name,
             FcConnection *source,
             FcConnection *target)
{
  g_autoptr (FcMapping) mapping = fc_mapping_new ();
  g_autoptr (FcFieldPair) pair = fc_field_pair_new_simple ("email", "email");
  g_autoptr (GError) error = NULL;

  fc_mapping_set_name (mapping, name);
  fc_mapping_set_source_connection_id (mapping, fc_connection_get_id (source));
  fc_mapping_set_source_object (mapping, "persons");
  fc_mapping_set_target_connection_id (mapping, fc_connection_get_id (target));
  fc_mapping_set_target_object (mapping, "contacts");
  fc_mapping_set_direction (mapping, FC_DIRECTION_SOURCE_TO_TARGET);
  fc_mapping_add_field_pair (mapping, pair);
  fc_engine_save_mapping (engine, mapping, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&mapping);
}

/* Removes @row's connection through its button and the confirmation, which must read @body. */
static void
remove_through_row (GuiFixture *fixture,
                    FcWindow   *window,
                    GtkWidget  *row,
                    const char *body,
                    const char *png_name)
{
  FcEngine *engine = fc_application_get_engine (fixture->app);
  GListModel *connections = fc_engine_get_connections (engine);
  g_autofree char *title = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *toast = NULL;
  g_autoptr (GPtrArray) buttons = g_ptr_array_new ();
  GtkWidget *remove_button = NULL;
  AdwMessageDialog *confirmation;
  guint n_before = g_list_model_get_n_items (connections);

  title = fc_connection_dup_title (fc_connection_row_get_connection (FC_CONNECTION_ROW (row)));
  fc_test_gui_click (get_row_child (row, "remove_button"));

  confirmation = ADW_MESSAGE_DIALOG (fc_test_gui_find_window (fixture->app,
                                                              ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (confirmation);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (confirmation)) == GTK_WINDOW (window));
  heading = g_strdup_printf ("Remove %s?", title);
  g_assert_cmpstr (adw_message_dialog_get_heading (confirmation), ==, heading);
  g_assert_cmpstr (adw_message_dialog_get_body (confirmation), ==, body);
  g_assert_cmpint (adw_message_dialog_get_response_appearance (confirmation, "remove"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);
  /* Enter and Escape keep the connection. */
  g_assert_cmpstr (adw_message_dialog_get_default_response (confirmation), ==, "cancel");
  g_assert_cmpstr (adw_message_dialog_get_close_response (confirmation), ==, "cancel");
  if (png_name != NULL)
    fc_test_gui_render_to_png (GTK_WIDGET (confirmation), png_name);

  /* The button, as a user would: the dialog closes with it. (The dialog has a row and a column
   * of buttons, and shows one of them.) */
  fc_test_gui_wait_for_frame (GTK_WIDGET (confirmation));
  fc_test_gui_collect_descendants (GTK_WIDGET (confirmation), GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (buttons->pdata[i]), "_Remove") == 0 &&
        gtk_widget_get_mapped (buttons->pdata[i]))
      remove_button = buttons->pdata[i];
  g_assert_nonnull (remove_button);
  fc_test_gui_click (remove_button);
  while (g_list_model_get_n_items (connections) == n_before)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (fc_test_gui_find_window (fixture->app, ADW_TYPE_MESSAGE_DIALOG));

  toast = g_strdup_printf ("Removed %s", title);
  dismiss_toast (window, toast);
}

/* Tests of the Connections view */

static void
test_gui_add_connection_token (GuiFixture    *fixture,
                               gconstpointer  user_data)
{
  g_autoptr (FcConnection) added = NULL;
  g_autoptr (FcConnection) other = NULL;
  g_autoptr (FcMapping) customers = NULL;
  g_autoptr (FcMapping) deals = NULL;
  g_autoptr (FcToken) token = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *api_url = NULL;
  g_autofree char *api_url_typed = NULL;
  FcAddConnectionDialog *dialog = NULL;
  GListModel *connections;
  GtkWidget *view;
  GtkWidget *row;
  GtkWidget *add_button;
  GtkWidget *connect_button;
  FcSecrets *secrets;
  FcEngine *engine;
  FcWindow *window;
  Sim *sim;

  sim = sim_start ();
  api_url = fc_sim_get_api_base_url (sim->sim, "pipedrive");
  window = get_main_window (fixture);
  engine = fc_application_get_engine (fixture->app);
  connections = fc_engine_get_connections (engine);
  view = get_connections_view (window);

  /* The header bar offers to add a connection on the Connections view only. */
  add_button = fc_test_gui_template_child (window, FC_TYPE_WINDOW, "add_connection_button");
  show_view (window, "mappings");
  g_assert_false (gtk_widget_get_visible (add_button));
  show_view (window, "connections");
  g_assert_true (gtk_widget_get_mapped (add_button));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (add_button)), ==,
                   "win.add-connection");
  check_list_state (view, 0, NULL);

  /* The empty state's button opens the dialog at the choice of provider. */
  fc_test_gui_click (fc_test_gui_find_descendant (fc_test_gui_find_descendant (
                                                    view, ADW_TYPE_STATUS_PAGE),
                                                  GTK_TYPE_BUTTON));
  dialog = get_add_connection_dialog (fixture, window, &dialog);
  g_assert_cmpstr (dialog_page (dialog), ==, "provider");
  fc_test_gui_render_to_png (GTK_WIDGET (dialog), "add-connection-providers.png");

  /* Pipedrive takes a personal API token instead of the browser. */
  choose_provider (dialog, "pipedrive");
  connect_button = dialog_child (dialog, "connect_button");
  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (dialog)) == connect_button);
  g_assert_true (gtk_widget_get_visible (dialog_child (dialog, "token_row")));
  g_assert_false (gtk_widget_get_visible (dialog_child (dialog, "token_group")));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (dialog_child (dialog, "token_check")), TRUE);
  g_assert_true (gtk_widget_get_visible (dialog_child (dialog, "token_group")));
  g_assert_nonnull (strstr (adw_preferences_group_get_description (
                              ADW_PREFERENCES_GROUP (dialog_child (dialog, "token_group"))),
                            "Personal preferences → API"));
  /* No token, nothing to connect with. */
  g_assert_false (gtk_widget_is_sensitive (connect_button));

  /* Filled in: a token, a name and the simulator's address (with a trailing slash, which the
   * engine does not want). */
  set_text (dialog_child (dialog, "token_entry"), "not-a-token-pipedrive-knows");
  set_text (dialog_child (dialog, "name_entry"), "Sales Team");
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (dialog_child (dialog, "advanced_row")), TRUE);
  api_url_typed = g_strconcat (api_url, "/", NULL);
  set_text (dialog_child (dialog, "api_url_entry"), api_url_typed);
  g_assert_true (gtk_widget_is_sensitive (connect_button));
  fc_test_gui_render_to_png (GTK_WIDGET (dialog), "add-connection-token.png");

  /* An address that is not one is caught before anything is sent. */
  set_text (dialog_child (dialog, "api_url_entry"), "ftp://example.com");
  fc_test_gui_click (connect_button);
  g_assert_cmpstr (dialog_page (dialog), ==, "details");
  g_assert_true (gtk_widget_get_visible (dialog_child (dialog, "error_box")));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (dialog_child (dialog, "error_label"))),
                            "“ftp://example.com” is not a web address"));
  set_text (dialog_child (dialog, "api_url_entry"), api_url_typed);

  /* A token the provider refuses: the dialog says so and keeps what was entered. */
  fc_test_gui_click (connect_button);
  g_assert_cmpstr (dialog_page (dialog), ==, "waiting");
  fc_test_gui_wait_until (flow_ended, &dialog, "the refused token");
  g_assert_nonnull (dialog);
  g_assert_cmpstr (dialog_page (dialog), ==, "details");
  g_assert_true (gtk_widget_get_visible (dialog_child (dialog, "error_box")));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (dialog_child (dialog, "error_label"))), ==,
                   "Pipedrive did not accept the token. Check that it was copied whole and that "
                   "it was not revoked.");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dialog_child (dialog, "token_entry"))),
                   ==, "not-a-token-pipedrive-knows");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dialog_child (dialog, "name_entry"))),
                   ==, "Sales Team");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dialog_child (dialog, "api_url_entry"))),
                   ==, api_url_typed);
  g_assert_cmpuint (g_list_model_get_n_items (connections), ==, 0);
  fc_test_gui_render_to_png (GTK_WIDGET (dialog), "add-connection-error.png");

  /* The right token connects, closes the dialog and says so. */
  set_text (dialog_child (dialog, "token_entry"), PIPEDRIVE_TOKEN);
  fc_test_gui_click (connect_button);
  fc_test_gui_wait_until (fc_test_gui_pointer_is_null, &dialog, "the dialog to close");
  g_assert_cmpuint (g_list_model_get_n_items (connections), ==, 1);
  added = g_list_model_get_item (connections, 0);
  g_assert_cmpint (fc_connection_get_provider (added), ==, FC_PROVIDER_PIPEDRIVE);
  g_assert_cmpint (fc_connection_get_status (added), ==, FC_CONNECTION_STATUS_ACTIVE);
  g_assert_cmpstr (fc_connection_get_account_name (added), ==, "Sales Team");
  g_assert_cmpstr (fc_connection_get_api_base_url (added), ==, api_url);
  g_assert_null (fc_connection_get_auth_base_url (added));
  g_assert_nonnull (fc_connection_get_account_id (added));

  /* The token went to the keyring. */
  secrets = fc_auth_get_secrets (fc_engine_get_auth (engine));
  token = fc_secrets_lookup_token (secrets, added, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (token);
  g_assert_true (fc_token_is_static (token));
  g_assert_cmpstr (fc_token_get_access_token (token), ==, PIPEDRIVE_TOKEN);
  g_clear_pointer (&token, fc_token_unref);

  fc_test_gui_wait_for_frame (GTK_WIDGET (window));
  check_list_state (view, 1, &row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Sales Team");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "Pipedrive");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (get_row_child (row, "status_label"))), ==,
                   "Active");
  g_assert_false (gtk_widget_get_visible (get_row_child (row, "reconnect_button")));
  fc_test_gui_wait_for_text (GTK_WIDGET (window), "Connected Pipedrive · Sales Team");
  fc_test_gui_render_to_png (GTK_WIDGET (window), "connections-added.png");
  dismiss_toast (window, "Connected Pipedrive · Sales Team");

  /* Removing it names the mappings that go with it. */
  other = add_connection (engine, FC_PROVIDER_HUBSPOT, "Marketing", FC_CONNECTION_STATUS_ACTIVE);
  customers = add_mapping (engine, "Customers", added, other);
  deals = add_mapping (engine, "Deals", added, other);
  fc_test_gui_wait_for_frame (GTK_WIDGET (window));
  check_list_state (view, 2, &row);
  remove_through_row (fixture, window, row,
                      "The mappings “Customers” and “Deals” use this connection and will be "
                      "removed too. The token is deleted from the keyring; nothing changes in "
                      "the account itself.",
                      "remove-connection.png");
  g_assert_null (fc_engine_lookup_connection (engine, fc_connection_get_id (added)));
  g_assert_cmpuint (g_list_model_get_n_items (fc_engine_get_mappings (engine)), ==, 0);
  token = fc_secrets_lookup_token (secrets, added, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (token);

  /* The last one goes without mappings to name; then the empty state is back. */
  check_list_state (view, 1, &row);
  remove_through_row (fixture, window, row,
                      "The token is deleted from the keyring; nothing changes in the account "
                      "itself.",
                      NULL);
  check_list_state (view, 0, NULL);
  fc_test_gui_render_to_png (GTK_WIDGET (window), "connections-removed.png");

  sim_stop (sim);
}

static void
test_gui_add_connection_browser (GuiFixture    *fixture,
                                 gconstpointer  user_data)
{
  g_autoptr (FcConnection) added = NULL;
  g_autofree char *api_url = NULL;
  g_autofree char *auth_url = NULL;
  g_autofree char *toast = NULL;
  g_autofree char *title = NULL;
  g_auto (GValue) copied = G_VALUE_INIT;
  FcAddConnectionDialog *dialog = NULL;
  GdkContentProvider *content;
  GListModel *connections;
  GtkWidget *address_box;
  GtkWidget *view;
  FcWindow *window;
  Sim *sim;

  sim = sim_start ();
  api_url = fc_sim_get_api_base_url (sim->sim, "hubspot");
  auth_url = fc_sim_get_auth_base_url (sim->sim, "hubspot");
  window = get_main_window (fixture);
  connections = fc_engine_get_connections (fc_application_get_engine (fixture->app));
  view = get_connections_view (window);

  /* Salesforce has no tokens a user makes: the browser is the only way. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.add-connection", NULL));
  dialog = get_add_connection_dialog (fixture, window, &dialog);
  choose_provider (dialog, "salesforce");
  g_assert_false (gtk_widget_get_visible (dialog_child (dialog, "token_row")));
  g_assert_false (gtk_widget_get_visible (dialog_child (dialog, "token_group")));
  g_assert_true (gtk_widget_is_sensitive (dialog_child (dialog, "connect_button")));

  /* Back to the providers, and on to HubSpot, with the simulator's addresses. */
  fc_test_gui_click (dialog_child (dialog, "back_button"));
  choose_provider (dialog, "hubspot");
  g_assert_true (gtk_widget_get_visible (dialog_child (dialog, "token_row")));
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (dialog_child (dialog,
                                                                              "browser_check"))));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (dialog_child (dialog, "advanced_row")), TRUE);
  set_text (dialog_child (dialog, "api_url_entry"), api_url);
  set_text (dialog_child (dialog, "auth_url_entry"), auth_url);
  fc_add_connection_dialog_set_uri_launcher (dialog, launch_browser, sim);

  /* The sign-in waits for the browser, and shows the address to copy. */
  sim->browser_mode = BROWSER_IDLE;
  fc_test_gui_click (dialog_child (dialog, "connect_button"));
  g_assert_cmpstr (dialog_page (dialog), ==, "waiting");
  address_box = dialog_child (dialog, "address_box");
  fc_test_gui_wait_until (widget_is_visible, address_box, "the sign-in address");
  g_assert_cmpuint (sim->n_opened, ==, 1);
  g_assert_true (g_str_has_prefix (sim->opened_uri, auth_url));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (dialog_child (dialog, "address_label"))), ==,
                   sim->opened_uri);
  g_assert_false (gtk_widget_get_visible (dialog_child (dialog, "browser_error_label")));
  fc_test_gui_render_to_png (GTK_WIDGET (dialog), "add-connection-waiting.png");

  /* Cancel goes back to the form, as it was, with no error. */
  fc_test_gui_click (dialog_child (dialog, "cancel_flow_button"));
  g_assert_cmpstr (dialog_page (dialog), ==, "details");
  g_assert_false (gtk_widget_get_visible (dialog_child (dialog, "error_box")));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dialog_child (dialog, "auth_url_entry"))),
                   ==, auth_url);

  /* Without a browser the address is there to copy, and the sign-in goes on with it. */
  sim->browser_mode = BROWSER_FAIL;
  fc_test_gui_click (dialog_child (dialog, "connect_button"));
  fc_test_gui_wait_until (widget_is_visible, dialog_child (dialog, "browser_error_label"),
                          "the word that no browser opened");
  g_assert_cmpuint (sim->n_opened, ==, 2);
  g_assert_true (gtk_widget_get_visible (address_box));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (dialog_child (dialog,
                                                                         "browser_error_label"))),
                            "no browser is installed"));
  fc_test_gui_render_to_png (GTK_WIDGET (dialog), "add-connection-no-browser.png");
  fc_test_gui_click (fc_test_gui_find_descendant (address_box, GTK_TYPE_BUTTON));
  g_assert_true (fc_test_gui_shows_text (GTK_WIDGET (dialog), "Address copied"));
  content = gdk_clipboard_get_content (gtk_widget_get_clipboard (GTK_WIDGET (dialog)));
  g_assert_nonnull (content);
  g_value_init (&copied, G_TYPE_STRING);
  g_assert_true (gdk_content_provider_get_value (content, &copied, NULL));
  g_assert_cmpstr (g_value_get_string (&copied), ==, sim->opened_uri);
  browse (sim, sim->opened_uri);
  fc_test_gui_wait_until (fc_test_gui_pointer_is_null, &dialog, "the dialog to close");
  fc_test_gui_wait_until (fc_test_gui_flag_is_set, &sim->page_loaded,
                          "the browser to show the last page");

  g_assert_cmpuint (g_list_model_get_n_items (connections), ==, 1);
  added = g_list_model_get_item (connections, 0);
  g_assert_cmpint (fc_connection_get_provider (added), ==, FC_PROVIDER_HUBSPOT);
  g_assert_cmpint (fc_connection_get_status (added), ==, FC_CONNECTION_STATUS_ACTIVE);
  g_assert_cmpstr (fc_connection_get_auth_base_url (added), ==, auth_url);
  g_assert_nonnull (fc_connection_get_account_id (added));
  title = fc_connection_dup_title (added);
  toast = g_strdup_printf ("Connected %s", title);
  fc_test_gui_wait_for_frame (GTK_WIDGET (window));
  check_list_state (view, 1, NULL);
  dismiss_toast (window, toast);

  /* Escape closes the dialog, and a sign-in under way ends with it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.add-connection", NULL));
  dialog = get_add_connection_dialog (fixture, window, &dialog);
  choose_provider (dialog, "hubspot");
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (dialog_child (dialog, "advanced_row")), TRUE);
  set_text (dialog_child (dialog, "api_url_entry"), api_url);
  set_text (dialog_child (dialog, "auth_url_entry"), auth_url);
  fc_add_connection_dialog_set_uri_launcher (dialog, launch_browser, sim);
  sim->browser_mode = BROWSER_IDLE;
  fc_test_gui_click (dialog_child (dialog, "connect_button"));
  fc_test_gui_wait_until (widget_is_visible, dialog_child (dialog, "address_box"),
                          "the sign-in address");
  press_key (GTK_WIDGET (dialog), GDK_KEY_Escape);
  fc_test_gui_wait_until (fc_test_gui_pointer_is_null, &dialog, "the dialog to go");
  g_assert_cmpuint (g_list_model_get_n_items (connections), ==, 1);

  sim_stop (sim);
}

static gboolean
connection_is_expired (gpointer data)
{
  return fc_connection_get_status (data) == FC_CONNECTION_STATUS_EXPIRED;
}

static gboolean
check_is_active (gpointer data)
{
  return gtk_check_button_get_active (GTK_CHECK_BUTTON (data));
}

static void
on_added_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
test_gui_reconnect (GuiFixture    *fixture,
                    gconstpointer  user_data)
{
  g_autoptr (FcConnection) connection = NULL;
  g_autoptr (FcConnection) added = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *api_url = NULL;
  g_autofree char *id = NULL;
  FcAddConnectionDialog *dialog = NULL;
  GListModel *connections;
  FcConnection *current;
  GtkWidget *view;
  GtkWidget *row;
  FcEngine *engine;
  FcWindow *window;
  Sim *sim;

  sim = sim_start ();
  api_url = fc_sim_get_api_base_url (sim->sim, "pipedrive");
  window = get_main_window (fixture);
  engine = fc_application_get_engine (fixture->app);
  connections = fc_engine_get_connections (engine);
  view = get_connections_view (window);

  /* A connection made with a token, whose token the provider then refuses. */
  connection = fc_connection_new (FC_PROVIDER_PIPEDRIVE);
  fc_connection_set_account_name (connection, "Field Sales");
  fc_connection_set_api_base_url (connection, api_url);
  fc_engine_add_connection_async (engine, connection, PIPEDRIVE_TOKEN, NULL, NULL, NULL,
                                  on_added_cb, &result);
  fc_test_gui_wait_until (fc_test_gui_pointer_is_set, &result, "the connection");
  added = fc_engine_add_connection_finish (engine, result, &error);
  g_assert_no_error (error);
  id = g_strdup (fc_connection_get_id (added));
  fc_auth_report_revoked (fc_engine_get_auth (engine), fc_engine_lookup_connection (engine, id));
  fc_test_gui_wait_until (connection_is_expired, fc_engine_lookup_connection (engine, id),
                          "the expiry");

  show_view (window, "connections");
  check_list_state (view, 1, &row);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (get_row_child (row, "status_label"))), ==,
                   "Expired");
  g_assert_true (gtk_widget_get_mapped (get_row_child (row, "reconnect_button")));
  fc_test_gui_render_to_png (GTK_WIDGET (window), "connection-expired.png");

  /* Reconnecting offers the token again, for this account only. */
  fc_test_gui_click (get_row_child (row, "reconnect_button"));
  dialog = get_add_connection_dialog (fixture, window, &dialog);
  g_assert_true (fc_add_connection_dialog_get_connection (dialog) ==
                 fc_engine_lookup_connection (engine, id));
  g_assert_cmpstr (dialog_page (dialog), ==, "details");
  g_assert_false (gtk_widget_get_visible (dialog_child (dialog, "back_button")));
  g_assert_false (gtk_widget_get_visible (dialog_child (dialog, "account_group")));
  g_assert_false (gtk_widget_get_visible (dialog_child (dialog, "advanced_group")));
  fc_test_gui_wait_until (check_is_active, dialog_child (dialog, "token_check"),
                          "the token to be chosen");
  g_assert_true (gtk_widget_get_visible (dialog_child (dialog, "token_group")));
  fc_test_gui_render_to_png (GTK_WIDGET (dialog), "reconnect-token.png");

  set_text (dialog_child (dialog, "token_entry"), PIPEDRIVE_TOKEN);
  fc_test_gui_click (dialog_child (dialog, "connect_button"));
  fc_test_gui_wait_until (fc_test_gui_pointer_is_null, &dialog, "the dialog to close");

  current = fc_engine_lookup_connection (engine, id);
  g_assert_nonnull (current);
  g_assert_cmpint (fc_connection_get_status (current), ==, FC_CONNECTION_STATUS_ACTIVE);
  g_assert_cmpstr (fc_connection_get_account_name (current), ==, "Field Sales");
  g_assert_cmpstr (fc_connection_get_api_base_url (current), ==, api_url);
  g_assert_true (list_has_one_item (connections));

  fc_test_gui_wait_for_frame (GTK_WIDGET (window));
  check_list_state (view, 1, &row);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (get_row_child (row, "status_label"))), ==,
                   "Active");
  g_assert_false (gtk_widget_get_visible (get_row_child (row, "reconnect_button")));
  dismiss_toast (window, "Reconnected Pipedrive · Field Sales");

  remove_through_row (fixture, window, row,
                      "The token is deleted from the keyring; nothing changes in the account "
                      "itself.",
                      NULL);
  g_assert_true (list_is_empty (connections));

  sim_stop (sim);
}

static void
test_gui_no_display (void)
{
  g_test_skip ("no display: run under xvfb-run -a -s \"-screen 0 1280x800x24\"");
}

static GuiCase empty_view_cases[G_N_ELEMENTS (view_cases)];

static const struct
{
  const char *path;
  GuiCase     gui_case;
} gui_cases[] = {
  { "/fc/gui/list-views", { NULL, test_gui_list_views, NULL } },
  { "/fc/gui/mappings/standby", { NULL, test_gui_mappings_standby, NULL } },
  { "/fc/gui/about", { NULL, test_gui_about, NULL } },
  { "/fc/gui/shortcuts", { NULL, test_gui_shortcuts, NULL } },
  { "/fc/gui/window-state", { prepare_window_state, test_gui_window_state, NULL } },
  { "/fc/gui/store-error", { prepare_store_error, test_gui_store_error, NULL } },
  { "/fc/gui/connections/add-token", { NULL, test_gui_add_connection_token, NULL } },
  { "/fc/gui/connections/add-browser", { NULL, test_gui_add_connection_browser, NULL } },
  { "/fc/gui/connections/reconnect", { NULL, test_gui_reconnect, NULL } },
};

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* Strings compared below are the untranslated ones. */
  g_setenv ("LANGUAGE", "C", TRUE);
  /* The OAuth application the simulator knows, for signing in to HubSpot by browser. */
  g_setenv ("FLUXCASCADE_HUBSPOT_CLIENT_ID", HUBSPOT_CLIENT_ID, TRUE);
  g_setenv ("FLUXCASCADE_HUBSPOT_CLIENT_SECRET", HUBSPOT_CLIENT_SECRET, TRUE);

  if (!gtk_init_check ())
    {
      g_test_add_func ("/fc/gui/no-display", test_gui_no_display);
      return g_test_run ();
    }

  for (guint i = 0; i < G_N_ELEMENTS (view_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fc/gui/empty-view/%s", view_cases[i].name);

      empty_view_cases[i].body = test_gui_empty_view;
      empty_view_cases[i].data = &view_cases[i];
      g_test_add (path, GuiFixture, &empty_view_cases[i],
                  fixture_set_up, run_gui_case, fixture_tear_down);
    }
  for (guint i = 0; i < G_N_ELEMENTS (gui_cases); i++)
    g_test_add (gui_cases[i].path, GuiFixture, &gui_cases[i].gui_case,
                fixture_set_up, run_gui_case, fixture_tear_down);

  return g_test_run ();
}
