/* fc-connection-row.c: one connected account in the Connections view
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The row shows the provider, the account and its status, and offers what can be done with it:
 * signing in again once the sign-in expired, and removing it. Both ask the Connections view,
 * through its actions "connections.reconnect" and "connections.remove" with the connection's id.
 */

#define G_LOG_DOMAIN "fc-connection-row"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-connection-row.h"

struct _FcConnectionRow
{
  AdwActionRow  parent_instance;

  FcConnection *connection;

  /* Template children */
  AdwAvatar    *avatar;
  GtkButton    *reconnect_button;
  GtkButton    *remove_button;
  GtkLabel     *status_label;
};

G_DEFINE_FINAL_TYPE (FcConnectionRow, fc_connection_row, ADW_TYPE_ACTION_ROW)

enum {
  PROP_0,
  PROP_CONNECTION,
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

static void
update_row (FcConnectionRow *self)
{
  static const char * const status_classes[] = { "success", "warning", "error" };
  const char *provider_name;
  const char *account_name;
  const char *status_label;
  const char *status_tooltip;
  const char *status_class;
  g_autofree char *title = NULL;
  g_autofree char *remove_label = NULL;
  g_autofree char *reconnect_label = NULL;
  FcConnectionStatus status;

  provider_name = fc_provider_get_display_name (fc_connection_get_provider (self->connection));
  account_name = fc_connection_get_account_name (self->connection);
  if (account_name != NULL && account_name[0] != '\0')
    title = g_strdup (account_name);
  else
    title = fc_connection_dup_title (self->connection);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), provider_name);
  adw_avatar_set_text (self->avatar, provider_name);

  /* The buttons of every row look alike: their accessible names say which account they act on. */
  /* Translators: %s names a connected account. */
  remove_label = g_strdup_printf (_("Remove %s…"), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->remove_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label, -1);
  /* Translators: %s names a connected account. */
  reconnect_label = g_strdup_printf (_("Reconnect %s…"), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->reconnect_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, reconnect_label, -1);

  status = fc_connection_get_status (self->connection);
  describe_status (status, &status_label, &status_tooltip, &status_class);
  gtk_label_set_label (self->status_label, status_label);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_label), status_tooltip);
  for (guint i = 0; i < G_N_ELEMENTS (status_classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), status_classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), status_class);

  gtk_widget_set_visible (GTK_WIDGET (self->reconnect_button),
                          status == FC_CONNECTION_STATUS_EXPIRED);
}

static void
forward_to_view (FcConnectionRow *self,
                 const char      *action_name)
{
  if (!gtk_widget_activate_action (GTK_WIDGET (self), action_name, "s",
                                   fc_connection_get_id (self->connection)))
    g_warning ("%s: no view around the row of connection %s to handle it",
               action_name, fc_connection_get_id (self->connection));
}

static void
row_reconnect_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  forward_to_view (FC_CONNECTION_ROW (widget), "connections.reconnect");
}

static void
row_remove_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  forward_to_view (FC_CONNECTION_ROW (widget), "connections.remove");
}

static void
fc_connection_row_constructed (GObject *object)
{
  FcConnectionRow *self = FC_CONNECTION_ROW (object);

  G_OBJECT_CLASS (fc_connection_row_parent_class)->constructed (object);

  g_return_if_fail (FC_IS_CONNECTION (self->connection));

  g_signal_connect_object (self->connection, "notify::status",
                           G_CALLBACK (update_row), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->connection, "notify::account-name",
                           G_CALLBACK (update_row), self, G_CONNECT_SWAPPED);
  update_row (self);
}

static void
fc_connection_row_dispose (GObject *object)
{
  FcConnectionRow *self = FC_CONNECTION_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), FC_TYPE_CONNECTION_ROW);
  g_clear_object (&self->connection);

  G_OBJECT_CLASS (fc_connection_row_parent_class)->dispose (object);
}

static void
fc_connection_row_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  FcConnectionRow *self = FC_CONNECTION_ROW (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_connection_row_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  FcConnectionRow *self = FC_CONNECTION_ROW (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      self->connection = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_connection_row_class_init (FcConnectionRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = fc_connection_row_constructed;
  object_class->dispose = fc_connection_row_dispose;
  object_class->get_property = fc_connection_row_get_property;
  object_class->set_property = fc_connection_row_set_property;

  /**
   * FcConnectionRow:connection:
   *
   * The connection the row shows.
   */
  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL,
                         FC_TYPE_CONNECTION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "row.reconnect", NULL,
                                   row_reconnect_activated);
  gtk_widget_class_install_action (widget_class, "row.remove", NULL, row_remove_activated);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/com/fluxcascade/FluxCascade/fc-connection-row.ui");
  gtk_widget_class_bind_template_child (widget_class, FcConnectionRow, avatar);
  gtk_widget_class_bind_template_child (widget_class, FcConnectionRow, reconnect_button);
  gtk_widget_class_bind_template_child (widget_class, FcConnectionRow, remove_button);
  gtk_widget_class_bind_template_child (widget_class, FcConnectionRow, status_label);
}

static void
fc_connection_row_init (FcConnectionRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * fc_connection_row_new:
 * @connection: the connection to show
 *
 * Returns: (transfer floating): a row that shows @connection and follows its changes
 */
GtkWidget *
fc_connection_row_new (FcConnection *connection)
{
  g_return_val_if_fail (FC_IS_CONNECTION (connection), NULL);

  return g_object_new (FC_TYPE_CONNECTION_ROW,
                       "connection", connection,
                       NULL);
}

/**
 * fc_connection_row_get_connection:
 * @self: a #FcConnectionRow
 *
 * Returns: (transfer none): the connection the row shows
 */
FcConnection *
fc_connection_row_get_connection (FcConnectionRow *self)
{
  g_return_val_if_fail (FC_IS_CONNECTION_ROW (self), NULL);

  return self->connection;
}
