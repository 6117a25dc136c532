/* fc-connection-row.c: one connected account in the Connections view
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The row shows the provider, the account and its status, and offers what can be done with it:
 * signing in again once the sign-in expired, and removing it. Both ask the Connections view,
 * through its actions "connections.reconnect" and "connections.remove" with the connection's id.
 * With the engine's webhook listener (its own, or that of the Connections view around it), the
 * row also tells how the account's webhooks are registered, when the last one arrived, and
 * copies the URL to register.
 */

#define G_LOG_DOMAIN "fc-connection-row"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-connection-row.h"
#include "fc-connections-view.h"
#include "fc-window.h"

struct _FcConnectionRow
{
  AdwActionRow  parent_instance;

  FcConnection      *connection;
  FcWebhookListener *listener;

  /* Template children */
  AdwAvatar         *avatar;
  GtkButton         *copy_url_button;
  GtkButton         *reconnect_button;
  GtkButton         *remove_button;
  GtkLabel          *status_label;
  GtkWidget         *webhook_box;
  GtkLabel          *webhook_label;
  GtkLabel          *webhook_time_label;
};

G_DEFINE_FINAL_TYPE (FcConnectionRow, fc_connection_row, ADW_TYPE_ACTION_ROW)

enum {
  PROP_0,
  PROP_CONNECTION,
  PROP_LISTENER,
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

static const char *
describe_webhook_state (FcWebhookState state)
{
  switch (state)
    {
    case FC_WEBHOOK_STATE_REGISTERED:
      return _("Webhooks registered");

    case FC_WEBHOOK_STATE_NOT_REGISTERED:
      return _("Webhooks not registered");

    case FC_WEBHOOK_STATE_MANUAL:
      return _("Add webhooks by hand");

    case FC_WEBHOOK_STATE_POLLING:
    default:
      return _("Polling for changes");
    }
}

static void
update_webhook (FcConnectionRow *self)
{
  g_autoptr (GDateTime) last = NULL;
  g_autoptr (GDateTime) local = NULL;
  g_autofree char *url = NULL;
  g_autofree char *time = NULL;
  g_autofree char *copy_tooltip = NULL;
  g_autofree char *copy_label = NULL;
  g_autofree char *title = NULL;
  FcWebhookState state;

  gtk_widget_set_visible (self->webhook_box, self->listener != NULL);
  if (self->listener == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->copy_url_button), FALSE);
      return;
    }

  state = fc_webhook_listener_get_state (self->listener, self->connection);
  gtk_label_set_label (self->webhook_label, describe_webhook_state (state));
  gtk_widget_set_visible (GTK_WIDGET (self->copy_url_button),
                          state != FC_WEBHOOK_STATE_POLLING);
  gtk_widget_set_visible (GTK_WIDGET (self->webhook_time_label),
                          state != FC_WEBHOOK_STATE_POLLING);
  if (state == FC_WEBHOOK_STATE_POLLING)
    {
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->webhook_label),
                                   _("This provider sends no webhooks: FluxCascade checks for "
                                     "changes often instead"));
      return;
    }

  url = fc_webhook_listener_dup_url (self->listener, self->connection);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->webhook_label), url);
  /* Translators: %s is the URL a provider sends webhooks to. */
  copy_tooltip = g_strdup_printf (_("Copy the webhook URL %s"), url);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->copy_url_button), copy_tooltip);
  title = fc_connection_dup_title (self->connection);
  /* Translators: %s names a connected account. */
  copy_label = g_strdup_printf (_("Copy the webhook URL of %s"), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->copy_url_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, copy_label, -1);

  last = fc_webhook_listener_dup_last_received (self->listener, self->connection);
  if (last != NULL)
    {
      local = g_date_time_to_local (last);
      /* Translators: when the last webhook arrived, in g_date_time_format () notation */
      time = g_date_time_format (local, _("Last webhook %b %-d, %H:%M"));
      gtk_label_set_label (self->webhook_time_label, time);
    }
  else
    gtk_label_set_label (self->webhook_time_label, _("No webhook yet"));
}

static void
on_listener_accepted_cb (FcConnectionRow *self,
                         const char      *connection_id)
{
  if (g_strcmp0 (connection_id, fc_connection_get_id (self->connection)) == 0)
    update_webhook (self);
}

/**
 * fc_connection_row_set_listener:
 * @self: a #FcConnectionRow
 * @listener: (nullable): the webhook listener whose state for the connection to show
 */
void
fc_connection_row_set_listener (FcConnectionRow   *self,
                                FcWebhookListener *listener)
{
  g_return_if_fail (FC_IS_CONNECTION_ROW (self));
  g_return_if_fail (listener == NULL || FC_IS_WEBHOOK_LISTENER (listener));

  if (self->listener == listener)
    return;

  if (self->listener != NULL)
    g_signal_handlers_disconnect_by_data (self->listener, self);
  g_set_object (&self->listener, listener);
  if (listener != NULL)
    {
      g_signal_connect_object (listener, "accepted", G_CALLBACK (on_listener_accepted_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (listener, "notify::public-url", G_CALLBACK (update_webhook),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (listener, "notify::running", G_CALLBACK (update_webhook), self,
                               G_CONNECT_SWAPPED);
    }
  update_webhook (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LISTENER]);
}

/**
 * fc_connection_row_get_listener:
 * @self: a #FcConnectionRow
 *
 * Returns: (transfer none) (nullable): the webhook listener whose state the row shows
 */
FcWebhookListener *
fc_connection_row_get_listener (FcConnectionRow *self)
{
  g_return_val_if_fail (FC_IS_CONNECTION_ROW (self), NULL);

  return self->listener;
}

static void
row_copy_webhook_url_activated (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  FcConnectionRow *self = FC_CONNECTION_ROW (widget);
  g_autofree char *url = NULL;

  if (self->listener == NULL)
    return;

  url = fc_webhook_listener_dup_url (self->listener, self->connection);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), url);
  if (FC_IS_WINDOW (gtk_widget_get_root (widget)))
    fc_window_add_toast (FC_WINDOW (gtk_widget_get_root (widget)),
                         adw_toast_new (_("Copied the webhook URL")));
}

/* Inside the Connections view, the row shows the listener of the view's engine. */
static void
fc_connection_row_root (GtkWidget *widget)
{
  FcConnectionRow *self = FC_CONNECTION_ROW (widget);
  GtkWidget *view;
  FcEngine *engine;

  GTK_WIDGET_CLASS (fc_connection_row_parent_class)->root (widget);

  if (self->listener != NULL)
    return;

  view = gtk_widget_get_ancestor (widget, FC_TYPE_CONNECTIONS_VIEW);
  engine = view != NULL ? fc_connections_view_get_engine (FC_CONNECTIONS_VIEW (view)) : NULL;
  if (engine != NULL)
    fc_connection_row_set_listener (self, fc_engine_get_webhook_listener (engine));
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
  update_webhook (self);
}

static void
fc_connection_row_dispose (GObject *object)
{
  FcConnectionRow *self = FC_CONNECTION_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), FC_TYPE_CONNECTION_ROW);
  if (self->listener != NULL)
    g_signal_handlers_disconnect_by_data (self->listener, self);
  g_clear_object (&self->listener);
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

    case PROP_LISTENER:
      g_value_set_object (value, self->listener);
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

    case PROP_LISTENER:
      fc_connection_row_set_listener (self, g_value_get_object (value));
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
  widget_class->root = fc_connection_row_root;

  /**
   * FcConnectionRow:connection:
   *
   * The connection the row shows.
   */
  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL,
                         FC_TYPE_CONNECTION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * FcConnectionRow:listener:
   *
   * The webhook listener whose state for the connection the row shows; inside a Connections
   * view, that of the view's engine unless set.
   */
  properties[PROP_LISTENER] =
    g_param_spec_object ("listener", NULL, NULL,
                         FC_TYPE_WEBHOOK_LISTENER,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "row.reconnect", NULL,
                                   row_reconnect_activated);
  gtk_widget_class_install_action (widget_class, "row.remove", NULL, row_remove_activated);
  gtk_widget_class_install_action (widget_class, "row.copy-webhook-url", NULL,
                                   row_copy_webhook_url_activated);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/com/fluxcascade/FluxCascade/fc-connection-row.ui");
  gtk_widget_class_bind_template_child (widget_class, FcConnectionRow, avatar);
  gtk_widget_class_bind_template_child (widget_class, FcConnectionRow, copy_url_button);
  gtk_widget_class_bind_template_child (widget_class, FcConnectionRow, reconnect_button);
  gtk_widget_class_bind_template_child (widget_class, FcConnectionRow, remove_button);
  gtk_widget_class_bind_template_child (widget_class, FcConnectionRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, FcConnectionRow, webhook_box);
  gtk_widget_class_bind_template_child (widget_class, FcConnectionRow, webhook_label);
  gtk_widget_class_bind_template_child (widget_class, FcConnectionRow, webhook_time_label);
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
