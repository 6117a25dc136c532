/* fc-window.c: the main window, one view per part of the engine
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-window"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-activity-view.h"
#include "fc-conflicts-view.h"
#include "fc-connections-view.h"
#include "fc-mappings-view.h"
#include "fc-webhooks-view.h"
#include "fc-window.h"

struct _FcWindow
{
  AdwApplicationWindow  parent_instance;

  FcEngine             *engine;
  GSettings            *settings;

  /* Template children */
  GtkWidget            *add_connection_button;
  GtkWidget            *add_mapping_button;
  FcConnectionsView    *connections_view;
  FcMappingsView       *mappings_view;
  AdwViewSwitcherBar   *switcher_bar;
  AdwViewSwitcherTitle *switcher_title;
  GtkWidget            *sync_all_button;
  AdwToastOverlay      *toast_overlay;
  AdwViewStack         *view_stack;
};

G_DEFINE_FINAL_TYPE (FcWindow, fc_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_ENGINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
show_view_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  FcWindow *self = FC_WINDOW (user_data);
  const char *name = g_variant_get_string (parameter, NULL);

  if (adw_view_stack_get_child_by_name (self->view_stack, name) == NULL)
    {
      g_warning ("win.show-view: there is no view named “%s”", name);
      return;
    }

  adw_view_stack_set_visible_child_name (self->view_stack, name);
}

static void
add_connection_activated (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  FcWindow *self = FC_WINDOW (user_data);

  adw_view_stack_set_visible_child_name (self->view_stack, "connections");
  fc_connections_view_add_connection (self->connections_view);
}

static void
add_mapping_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  FcWindow *self = FC_WINDOW (user_data);

  adw_view_stack_set_visible_child_name (self->view_stack, "mappings");
  fc_mappings_view_add_mapping (self->mappings_view);
}

static void
sync_all_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  FcWindow *self = FC_WINDOW (user_data);

  fc_mappings_view_sync_all (self->mappings_view);
}

static void
sync_selected_activated (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  FcWindow *self = FC_WINDOW (user_data);

  adw_view_stack_set_visible_child_name (self->view_stack, "mappings");
  if (!fc_mappings_view_sync_selected (self->mappings_view))
    fc_window_add_toast (self, adw_toast_new (_("Select a mapping to sync")));
}

static void
show_run_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  FcWindow *self = FC_WINDOW (user_data);
  GtkWidget *activity = adw_view_stack_get_child_by_name (self->view_stack, "activity");

  adw_view_stack_set_visible_child_name (self->view_stack, "activity");
  fc_activity_view_show_run (FC_ACTIVITY_VIEW (activity), g_variant_get_string (parameter, NULL));
}

/* win.show-view::NAME shows the view of that name; its state is the visible view.
 * win.add-connection opens the dialog that connects an account.
 * win.add-mapping opens the mapping editor on a new mapping; win.sync-all runs every active
 * mapping, win.sync-selected the one selected in the Mappings view; win.show-run::ID shows a
 * run in the Activity view. */
static const GActionEntry win_actions[] = {
  { .name = "show-view", .activate = show_view_activated, .parameter_type = "s",
    .state = "'connections'" },
  { .name = "add-connection", .activate = add_connection_activated },
  { .name = "add-mapping", .activate = add_mapping_activated },
  { .name = "sync-all", .activate = sync_all_activated },
  { .name = "sync-selected", .activate = sync_selected_activated },
  { .name = "show-run", .activate = show_run_activated, .parameter_type = "s" },
};

static void
on_view_stack_visible_child_name_cb (FcWindow *self)
{
  const char *name;
  GAction *action;

  name = adw_view_stack_get_visible_child_name (self->view_stack);
  action = g_action_map_lookup_action (G_ACTION_MAP (self), "show-view");
  if (name != NULL && action != NULL)
    g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_string (name));

  /* The header bar offers what the visible view can add. */
  gtk_widget_set_visible (self->add_connection_button, g_strcmp0 (name, "connections") == 0);
  gtk_widget_set_visible (self->add_mapping_button, g_strcmp0 (name, "mappings") == 0);
  gtk_widget_set_visible (self->sync_all_button, g_strcmp0 (name, "mappings") == 0);
}

static void
restore_window_state (FcWindow *self)
{
  int width;
  int height;

  width = g_settings_get_int (self->settings, "window-width");
  height = g_settings_get_int (self->settings, "window-height");
  gtk_window_set_default_size (GTK_WINDOW (self), width, height);

  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
save_window_state (FcWindow *self)
{
  int width;
  int height;

  /* The default size follows the user's resizing, and is kept while maximized. */
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);

  g_settings_delay (self->settings);
  if (width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_apply (self->settings);
}

static gboolean
fc_window_close_request (GtkWindow *window)
{
  save_window_state (FC_WINDOW (window));

  return GTK_WINDOW_CLASS (fc_window_parent_class)->close_request (window);
}

static gboolean
transform_count_to_attention (GBinding     *binding,
                              const GValue *from_value,
                              GValue       *to_value,
                              gpointer      user_data)
{
  g_value_set_boolean (to_value, g_value_get_uint (from_value) > 0);
  return TRUE;
}

/* The Conflicts page shows how many conflicts wait, as a badge. */
static void
bind_conflicts_view (FcWindow *self)
{
  GtkWidget *view = adw_view_stack_get_child_by_name (self->view_stack, "conflicts");
  AdwViewStackPage *page = adw_view_stack_get_page (self->view_stack, view);

  fc_conflicts_view_set_engine (FC_CONFLICTS_VIEW (view), self->engine);
  g_object_bind_property (view, "n-open", page, "badge-number", G_BINDING_SYNC_CREATE);
  g_object_bind_property_full (view, "n-open", page, "needs-attention", G_BINDING_SYNC_CREATE,
                               transform_count_to_attention, NULL, NULL, NULL);
}

static void
fc_window_constructed (GObject *object)
{
  FcWindow *self = FC_WINDOW (object);

  G_OBJECT_CLASS (fc_window_parent_class)->constructed (object);

  fc_connections_view_set_engine (self->connections_view, self->engine);
  fc_mappings_view_set_engine (self->mappings_view, self->engine);
  fc_activity_view_set_engine (FC_ACTIVITY_VIEW (adw_view_stack_get_child_by_name (self->view_stack,
                                                                                  "activity")),
                               self->engine);
  fc_webhooks_view_set_engine (FC_WEBHOOKS_VIEW (adw_view_stack_get_child_by_name (self->view_stack,
                                                                                  "webhooks")),
                               self->engine);
  bind_conflicts_view (self);
}

static void
fc_window_dispose (GObject *object)
{
  FcWindow *self = FC_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), FC_TYPE_WINDOW);

  g_clear_object (&self->engine);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (fc_window_parent_class)->dispose (object);
}

static void
fc_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  FcWindow *self = FC_WINDOW (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      g_value_set_object (value, self->engine);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  FcWindow *self = FC_WINDOW (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      self->engine = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_window_class_init (FcWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = fc_window_constructed;
  object_class->dispose = fc_window_dispose;
  object_class->get_property = fc_window_get_property;
  object_class->set_property = fc_window_set_property;

  window_class->close_request = fc_window_close_request;

  /**
   * FcWindow:engine:
   *
   * The engine whose connections, mappings and events the window shows.
   */
  properties[PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL,
                         FC_TYPE_ENGINE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (FC_TYPE_ACTIVITY_VIEW);
  g_type_ensure (FC_TYPE_CONFLICTS_VIEW);
  g_type_ensure (FC_TYPE_CONNECTIONS_VIEW);
  g_type_ensure (FC_TYPE_MAPPINGS_VIEW);
  g_type_ensure (FC_TYPE_WEBHOOKS_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/fluxcascade/FluxCascade/fc-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FcWindow, add_connection_button);
  gtk_widget_class_bind_template_child (widget_class, FcWindow, add_mapping_button);
  gtk_widget_class_bind_template_child (widget_class, FcWindow, connections_view);
  gtk_widget_class_bind_template_child (widget_class, FcWindow, mappings_view);
  gtk_widget_class_bind_template_child (widget_class, FcWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, FcWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, FcWindow, sync_all_button);
  gtk_widget_class_bind_template_child (widget_class, FcWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, FcWindow, view_stack);
}

static void
fc_window_init (FcWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* When the header bar is too narrow for the view switcher, it moves to the bottom. */
  g_object_bind_property (self->switcher_title, "title-visible",
                          self->switcher_bar, "reveal",
                          G_BINDING_SYNC_CREATE);

  g_action_map_add_action_entries (G_ACTION_MAP (self), win_actions, G_N_ELEMENTS (win_actions),
                                   self);
  g_signal_connect_object (self->view_stack, "notify::visible-child-name",
                           G_CALLBACK (on_view_stack_visible_child_name_cb), self,
                           G_CONNECT_SWAPPED);
  on_view_stack_visible_child_name_cb (self);

  self->settings = g_settings_new (APP_ID);
  restore_window_state (self);
}

/**
 * fc_window_new:
 * @application: the application the window belongs to
 * @engine: the engine to show
 *
 * Returns: (transfer full): a new main window showing @engine
 */
FcWindow *
fc_window_new (FcApplication *application,
               FcEngine      *engine)
{
  g_return_val_if_fail (FC_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (FC_IS_ENGINE (engine), NULL);

  return g_object_new (FC_TYPE_WINDOW,
                       "application", application,
                       "engine", engine,
                       NULL);
}

/**
 * fc_window_get_engine:
 * @self: a #FcWindow
 *
 * Returns: (transfer none): the engine the window shows
 */
FcEngine *
fc_window_get_engine (FcWindow *self)
{
  g_return_val_if_fail (FC_IS_WINDOW (self), NULL);

  return self->engine;
}

/**
 * fc_window_add_toast:
 * @self: a #FcWindow
 * @toast: (transfer full): the toast to show
 *
 * Shows @toast over the window's content, to tell the result of an action.
 */
void
fc_window_add_toast (FcWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (FC_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}
