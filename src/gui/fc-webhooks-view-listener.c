/* fc-webhooks-view-listener.c: the Listener group of the Webhooks view
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Where the listener listens, the public URL the providers call, and per connection how its
 * webhooks are registered, when the last arrived, the exact URL to register (with Copy) and
 * the listener's own steps for the provider.
 */

#define G_LOG_DOMAIN "fc-webhooks-view"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-webhooks-view-private.h"

void
_fc_webhooks_view_update_listener (FcWebhooksView *self)
{
  GApplication *app = g_application_get_default ();
  const char *public_url;
  const char *address;
  g_autofree char *title = NULL;

  if (fc_webhook_listener_get_running (self->listener))
    {
      address = fc_webhook_listener_get_address (self->listener);
      if (address == NULL)
        address = fc_webhook_listener_get_all_interfaces (self->listener)
                  ? _("every interface") : "127.0.0.1";
      /* Translators: an address and a port, as in “Listening on 127.0.0.1, port 8765”. */
      title = g_strdup_printf (_("Listening on %s, port %u"), address,
                               fc_webhook_listener_get_bound_port (self->listener));
      adw_action_row_set_subtitle (self->listener_row,
                                   _("Webhooks that arrive are checked, kept, and their records "
                                     "synced at once"));
      gtk_image_set_from_icon_name (self->listener_image, "emblem-ok-symbolic");
      gtk_widget_remove_css_class (GTK_WIDGET (self->listener_image), "warning");
      gtk_widget_add_css_class (GTK_WIDGET (self->listener_image), "success");
    }
  else
    {
      const char *why = fc_webhook_listener_get_last_error (self->listener);
      g_autofree char *subtitle = NULL;

      title = g_strdup (_("Not listening"));
      if (why != NULL)
        /* Translators: %s is why the listener could not start, e.g. the port is in use */
        subtitle = g_strdup_printf (_("%s. No webhook can arrive, so changes wait for the next "
                                      "scheduled sync; choose another port in Preferences if "
                                      "another program uses this one."), why);
      else
        subtitle = g_strdup (_("No webhook can arrive, so changes wait for the next scheduled "
                               "sync."));
      adw_action_row_set_subtitle (self->listener_row, subtitle);
      gtk_image_set_from_icon_name (self->listener_image, "dialog-warning-symbolic");
      gtk_widget_remove_css_class (GTK_WIDGET (self->listener_image), "success");
      gtk_widget_add_css_class (GTK_WIDGET (self->listener_image), "warning");
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->listener_row), title);

  public_url = fc_webhook_listener_get_public_url (self->listener);
  adw_action_row_set_subtitle (self->public_url_row,
                               public_url != NULL && public_url[0] != '\0'
                               ? public_url
                               : _("Not set: only this computer can reach the listener. Set "
                                   "the address of your tunnel or reverse proxy."));

  gtk_widget_set_visible (self->preferences_button,
                          G_IS_ACTION_GROUP (app) &&
                          g_action_group_has_action (G_ACTION_GROUP (app), "preferences"));
}

static const char *
describe_webhook_state (FcWebhookState state)
{
  switch (state)
    {
    case FC_WEBHOOK_STATE_REGISTERED:
      return _("Registered through the provider’s API");

    case FC_WEBHOOK_STATE_NOT_REGISTERED:
      return _("Not registered yet");

    case FC_WEBHOOK_STATE_MANUAL:
      return _("To add by hand in the provider’s settings");

    case FC_WEBHOOK_STATE_POLLING:
    default:
      return _("No webhooks: FluxCascade checks for changes often instead");
    }
}

static char *
describe_last_arrival (FcWebhooksView *self,
                       FcConnection   *connection)
{
  g_autoptr (GDateTime) last = fc_webhook_listener_dup_last_received (self->listener, connection);
  g_autofree char *time = fc_webhooks_view_format_time (last);

  if (time == NULL)
    return g_strdup (_("No webhook received yet"));

  /* Translators: %s is when the last webhook of a connection arrived. */
  return g_strdup_printf (_("Last webhook %s"), time);
}

static GtkWidget *
new_wrapped_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  return label;
}

/* The URL to register, with a Copy button. */
static GtkWidget *
new_url_row (FcWebhooksView *self,
             FcConnection   *connection)
{
  g_autofree char *url = fc_webhook_listener_dup_url (self->listener, connection);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *copy = gtk_button_new_from_icon_name ("edit-copy-symbolic");

  gtk_widget_set_name (row, "webhook-url-row");
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("URL to Register"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), url);
  gtk_widget_add_css_class (row, "property");

  gtk_widget_set_valign (copy, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (copy, "flat");
  gtk_widget_set_tooltip_text (copy, _("Copy the URL"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (copy), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Copy the URL"), -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (copy), "webhooks.copy-url");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (copy), "s",
                                    fc_connection_get_id (connection));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), copy);
  return row;
}

static GtkWidget *
new_register_row (FcConnection   *connection,
                  FcWebhookState  state)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (state == FC_WEBHOOK_STATE_REGISTERED
                                                    ? _("Register _Again")
                                                    : _("_Register"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Registration"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               _("Subscribes this URL to the changes of the records your "
                                 "mappings use"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "webhooks.register");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s",
                                    fc_connection_get_id (connection));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

/* One connection's webhooks: how they are registered, when the last arrived, and inside, the
 * URL and what to do with it. */
static GtkWidget *
create_connection_row (gpointer item,
                       gpointer user_data)
{
  FcWebhooksView *self = FC_WEBHOOKS_VIEW (user_data);
  FcConnection *connection = FC_CONNECTION (item);
  FcWebhookState state = fc_webhook_listener_get_state (self->listener, connection);
  g_autofree char *title = fc_connection_dup_title (connection);
  g_autofree char *last = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *steps = NULL;
  GtkWidget *row = adw_expander_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (state == FC_WEBHOOK_STATE_POLLING)
    subtitle = g_strdup (describe_webhook_state (state));
  else
    {
      last = describe_last_arrival (self, connection);
      /* Translators: how a connection's webhooks are registered, then when the last came. */
      subtitle = g_strdup_printf (_("%s · %s"), describe_webhook_state (state), last);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), new_url_row (self, connection));
    }
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);

  if (state == FC_WEBHOOK_STATE_REGISTERED || state == FC_WEBHOOK_STATE_NOT_REGISTERED)
    adw_expander_row_add_row (ADW_EXPANDER_ROW (row), new_register_row (connection, state));

  steps = fc_webhook_listener_dup_instructions (self->listener, connection);
  if (steps != NULL && steps[0] != '\0')
    adw_expander_row_add_row (ADW_EXPANDER_ROW (row), new_wrapped_label (steps));

  return row;
}

void
_fc_webhooks_view_refresh_connections (FcWebhooksView *self)
{
  gtk_list_box_bind_model (self->connections_list,
                           self->engine != NULL ? fc_engine_get_connections (self->engine) : NULL,
                           self->engine != NULL ? create_connection_row : NULL, self, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->connections_list),
                          self->engine != NULL &&
                          g_list_model_get_n_items (fc_engine_get_connections (self->engine)) > 0);
}

static FcConnection *
lookup_connection (FcWebhooksView *self,
                   const char     *connection_id)
{
  FcConnection *connection;

  if (self->engine == NULL)
    return NULL;

  connection = fc_engine_lookup_connection (self->engine, connection_id);
  if (connection == NULL)
    g_warning ("There is no connection “%s”", connection_id);
  return connection;
}

void
_fc_webhooks_view_copy_url (FcWebhooksView *self,
                            const char     *connection_id)
{
  FcConnection *connection = lookup_connection (self, connection_id);
  g_autofree char *url = NULL;

  if (connection == NULL)
    return;

  url = fc_webhook_listener_dup_url (self->listener, connection);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), url);
  _fc_webhooks_view_show_toast (self, _("Copied the webhook URL"));
}

typedef struct
{
  FcWebhooksView *self;
  char           *title;
} Registration;

static void
on_registered_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Registration *registration = user_data;
  FcWebhooksView *self = registration->self;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;

  if (fc_webhook_listener_register_finish (FC_WEBHOOK_LISTENER (source), result, &error))
    /* Translators: %s names a connection. */
    text = g_strdup_printf (_("Registered the webhooks of %s"), registration->title);
  else
    /* Translators: the first %s names a connection, the second says what went wrong. */
    text = g_strdup_printf (_("Could not register the webhooks of %s: %s"),
                            registration->title, error->message);

  _fc_webhooks_view_show_toast (self, text);
  _fc_webhooks_view_refresh_connections (self);
  g_object_unref (self);
  g_free (registration->title);
  g_free (registration);
}

void
_fc_webhooks_view_register (FcWebhooksView *self,
                            const char     *connection_id)
{
  FcConnection *connection = lookup_connection (self, connection_id);
  Registration *registration;

  if (connection == NULL)
    return;

  registration = g_new0 (Registration, 1);
  registration->self = g_object_ref (self);
  registration->title = fc_connection_dup_title (connection);
  fc_webhook_listener_register_async (self->listener, connection, NULL, on_registered_cb,
                                      registration);
}
