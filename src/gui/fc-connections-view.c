/* fc-connections-view.c: the accounts FluxCascade reads from and writes to
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-connections-view"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-connections-view.h"

struct _FcConnectionsView
{
  GtkWidget   parent_instance;

  FcEngine   *engine;
  GListModel *connections;

  /* Template children */
  GtkListBox *list_box;
  GtkStack   *stack;
};

G_DEFINE_FINAL_TYPE (FcConnectionsView, fc_connections_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ENGINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
describe_status (FcConnectionStatus   status,
                 const char         **label,
                 const char         **tooltip,
                 const char         **css_class)
{
  switch (status)
    {
    case FC_CONNECTION_STATUS_EXPIRED:
      *label = _("Expired");
      *tooltip = _("The sign-in has expired: connect the account again to resume syncing");
      *css_class = "warning";
      break;

    case FC_CONNECTION_STATUS_ERROR:
      *label = _("Error");
      *tooltip = _("The last attempt to reach this account failed");
      *css_class = "error";
      break;

    case FC_CONNECTION_STATUS_ACTIVE:
    default:
      *label = _("Active");
      *tooltip = _("Signed in and ready to sync");
      *css_class = "success";
      break;
    }
}

static GtkWidget *
create_connection_row (gpointer item,
                       gpointer user_data)
{
  FcConnection *connection = FC_CONNECTION (item);
  const char *provider_name;
  const char *account_name;
  const char *status_label;
  const char *status_tooltip;
  const char *status_class;
  g_autofree char *title = NULL;
  GtkWidget *row;
  GtkWidget *avatar;
  GtkWidget *status;

  provider_name = fc_provider_get_display_name (fc_connection_get_provider (connection));
  account_name = fc_connection_get_account_name (connection);
  if (account_name != NULL && account_name[0] != '\0')
    title = g_strdup (account_name);
  else
    title = fc_connection_dup_title (connection);

  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), provider_name);

  avatar = adw_avatar_new (32, provider_name, TRUE);
  gtk_widget_set_valign (avatar, GTK_ALIGN_CENTER);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), avatar);

  describe_status (fc_connection_get_status (connection),
                   &status_label, &status_tooltip, &status_class);
  status = gtk_label_new (status_label);
  gtk_widget_set_valign (status, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (status, status_tooltip);
  gtk_widget_add_css_class (status, status_class);
  gtk_widget_add_css_class (status, "caption-heading");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), status);

  return row;
}

static void
update_visible_page (FcConnectionsView *self)
{
  gboolean has_items;

  has_items = self->connections != NULL && g_list_model_get_n_items (self->connections) > 0;
  gtk_stack_set_visible_child_name (self->stack, has_items ? "list" : "empty");
}

static void
on_connections_items_changed_cb (FcConnectionsView *self,
                                 guint              position,
                                 guint              removed,
                                 guint              added,
                                 GListModel        *model)
{
  update_visible_page (self);
}

static void
release_connections (FcConnectionsView *self)
{
  if (self->connections == NULL)
    return;

  g_signal_handlers_disconnect_by_func (self->connections, on_connections_items_changed_cb, self);
  g_clear_object (&self->connections);
}

static void
fc_connections_view_dispose (GObject *object)
{
  FcConnectionsView *self = FC_CONNECTIONS_VIEW (object);

  release_connections (self);
  g_clear_object (&self->engine);

  gtk_widget_dispose_template (GTK_WIDGET (self), FC_TYPE_CONNECTIONS_VIEW);

  G_OBJECT_CLASS (fc_connections_view_parent_class)->dispose (object);
}

static void
fc_connections_view_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  FcConnectionsView *self = FC_CONNECTIONS_VIEW (object);

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
fc_connections_view_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  FcConnectionsView *self = FC_CONNECTIONS_VIEW (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      fc_connections_view_set_engine (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_connections_view_class_init (FcConnectionsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fc_connections_view_dispose;
  object_class->get_property = fc_connections_view_get_property;
  object_class->set_property = fc_connections_view_set_property;

  /**
   * FcConnectionsView:engine:
   *
   * The engine whose connections are listed.
   */
  properties[PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL,
                         FC_TYPE_ENGINE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (
    widget_class, "/com/fluxcascade/FluxCascade/fc-connections-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FcConnectionsView, list_box);
  gtk_widget_class_bind_template_child (widget_class, FcConnectionsView, stack);
}

static void
fc_connections_view_init (FcConnectionsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  update_visible_page (self);
}

/**
 * fc_connections_view_get_engine:
 * @self: a #FcConnectionsView
 *
 * Returns: (transfer none) (nullable): the engine whose connections are listed
 */
FcEngine *
fc_connections_view_get_engine (FcConnectionsView *self)
{
  g_return_val_if_fail (FC_IS_CONNECTIONS_VIEW (self), NULL);

  return self->engine;
}

/**
 * fc_connections_view_set_engine:
 * @self: a #FcConnectionsView
 * @engine: (nullable): the engine whose connections to list
 *
 * Lists the connections of @engine, and follows that model as it changes.
 */
void
fc_connections_view_set_engine (FcConnectionsView *self,
                                FcEngine          *engine)
{
  g_return_if_fail (FC_IS_CONNECTIONS_VIEW (self));
  g_return_if_fail (engine == NULL || FC_IS_ENGINE (engine));

  if (self->engine == engine)
    return;

  release_connections (self);
  g_set_object (&self->engine, engine);

  if (engine != NULL)
    {
      self->connections = g_object_ref (fc_engine_get_connections (engine));
      g_signal_connect_swapped (self->connections,
                                "items-changed",
                                G_CALLBACK (on_connections_items_changed_cb),
                                self);
    }

  gtk_list_box_bind_model (self->list_box, self->connections,
                           create_connection_row, NULL, NULL);
  update_visible_page (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENGINE]);
}
