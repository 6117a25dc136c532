/* fc-webhooks-view.c: webhook events received from providers and sent to your endpoints
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One scrolling page in four groups: the listener (where it listens, the public URL, and per
 * connection the URL to register and how it is registered), the events the providers sent, the
 * user's own endpoints, and the deliveries of FluxCascade's events to them. The lists are
 * snapshots read again when the engine says something changed; the rows ask the view to act
 * through its "webhooks.*" actions. The Listener group is in fc-webhooks-view-listener.c, what
 * is done to endpoints in fc-endpoint-actions.c.
 */

#define G_LOG_DOMAIN "fc-webhooks-view"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-delivery-row.h"
#include "fc-endpoint-actions.h"
#include "fc-endpoint-row.h"
#include "fc-inbound-event-row.h"
#include "fc-webhooks-view-private.h"
#include "fc-window.h"

/* Rows read at a time; Load More reads as many again. */
#define PAGE_SIZE 20
/* Deliveries change in bursts: the list is read again once they settle for this long. */
#define REFRESH_DELAY_MS 150

G_DEFINE_FINAL_TYPE (FcWebhooksView, fc_webhooks_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ENGINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void refresh_deliveries (FcWebhooksView *self);
static void refresh_events     (FcWebhooksView *self);

/* ---- helpers ------------------------------------------------------------------------------ */

char *
fc_webhooks_view_format_time (GDateTime *time)
{
  g_autoptr (GDateTime) local = NULL;
  g_autoptr (GDateTime) now = NULL;

  if (time == NULL)
    return NULL;

  local = g_date_time_to_local (time);
  now = g_date_time_new_now_local ();
  if (g_date_time_get_year (local) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (now))
    /* Translators: a time of day today, in g_date_time_format () notation */
    return g_date_time_format (local, _("%H:%M"));

  /* Translators: a date and time, in g_date_time_format () notation */
  return g_date_time_format (local, _("%b %-d, %H:%M"));
}

void
_fc_webhooks_view_show_toast (FcWebhooksView *self,
                              const char     *text)
{
  fc_endpoint_actions_show_toast (GTK_WIDGET (self), text);
}

static void
clear_list (GtkListBox *list)
{
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (list, 0)) != NULL)
    gtk_list_box_remove (list, GTK_WIDGET (row));
}

static void
update_empty_state (FcWebhooksView *self)
{
  guint n_connections = 0;
  guint n_endpoints = 0;

  if (self->engine != NULL)
    {
      n_connections = g_list_model_get_n_items (fc_engine_get_connections (self->engine));
      n_endpoints = g_list_model_get_n_items (fc_notifier_get_endpoints (self->notifier));
    }

  gtk_stack_set_visible_child_name (self->stack,
                                    n_connections + n_endpoints + self->n_events > 0
                                    ? "content" : "empty");
}

static void
on_listener_changed_cb (FcWebhooksView *self)
{
  _fc_webhooks_view_update_listener (self);
  _fc_webhooks_view_refresh_connections (self);
}

static void
on_connections_changed_cb (FcWebhooksView *self)
{
  on_listener_changed_cb (self);
  update_empty_state (self);
}

static gboolean
refresh_events_now (gpointer user_data)
{
  FcWebhooksView *self = FC_WEBHOOKS_VIEW (user_data);

  self->refresh_events_id = 0;
  refresh_events (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_refresh_events (FcWebhooksView *self)
{
  if (self->refresh_events_id == 0)
    self->refresh_events_id = g_timeout_add (REFRESH_DELAY_MS, refresh_events_now, self);
}

static void
on_listener_accepted_cb (FcWebhooksView *self)
{
  /* The last arrival of the connection changed. */
  _fc_webhooks_view_refresh_connections (self);
  schedule_refresh_events (self);
}

/* ---- received events ---------------------------------------------------------------------- */

static void
refresh_events (FcWebhooksView *self)
{
  g_autoptr (JsonNode) events = NULL;
  g_autoptr (GError) error = NULL;
  JsonArray *array;

  clear_list (self->events_list);
  self->n_events = 0;
  if (self->engine != NULL)
    {
      events = fc_webhook_listener_list_events (self->listener, NULL, NULL, 0,
                                                self->events_limit, &error);
      if (events == NULL)
        g_warning ("Could not list the received webhook events: %s", error->message);
    }

  if (events != NULL && JSON_NODE_HOLDS_ARRAY (events))
    {
      array = json_node_get_array (events);
      self->n_events = json_array_get_length (array);
      for (guint i = 0; i < self->n_events; i++)
        {
          JsonObject *event = json_array_get_object_element (array, i);

          if (event != NULL)
            gtk_list_box_append (self->events_list, fc_inbound_event_row_new (event));
        }
    }

  gtk_widget_set_visible (self->events_more_button, self->n_events >= self->events_limit);
  update_empty_state (self);
}

/* ---- deliveries --------------------------------------------------------------------------- */

static const char *
get_chosen_endpoint_id (FcWebhooksView *self)
{
  guint selected = gtk_drop_down_get_selected (self->endpoint_dropdown);

  if (selected == GTK_INVALID_LIST_POSITION || selected >= self->endpoint_ids->len)
    return NULL;

  return self->endpoint_ids->pdata[selected];
}

static GHashTable *
collect_expanded_deliveries (FcWebhooksView *self)
{
  GHashTable *expanded = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  GtkListBoxRow *row;

  for (guint i = 0; (row = gtk_list_box_get_row_at_index (self->deliveries_list, i)) != NULL; i++)
    if (FC_IS_DELIVERY_ROW (row) && adw_expander_row_get_expanded (ADW_EXPANDER_ROW (row)))
      {
        gint64 *id = g_new (gint64, 1);

        *id = fc_delivery_get_id (fc_delivery_row_get_delivery (FC_DELIVERY_ROW (row)));
        g_hash_table_add (expanded, id);
      }

  return expanded;
}

static void
refresh_deliveries (FcWebhooksView *self)
{
  g_autoptr (GHashTable) expanded = collect_expanded_deliveries (self);
  g_autoptr (GPtrArray) deliveries = NULL;
  g_autoptr (GError) error = NULL;
  const char *endpoint_id = get_chosen_endpoint_id (self);

  clear_list (self->deliveries_list);
  if (self->engine == NULL)
    return;

  deliveries = fc_notifier_list_deliveries (self->notifier, endpoint_id, -1, 0,
                                            self->deliveries_limit, &error);
  if (deliveries == NULL)
    {
      g_warning ("Could not list the deliveries: %s", error->message);
      gtk_widget_set_visible (self->deliveries_more_button, FALSE);
      return;
    }

  for (guint i = 0; i < deliveries->len; i++)
    {
      FcDelivery *delivery = deliveries->pdata[i];
      gint64 id = fc_delivery_get_id (delivery);
      FcEndpoint *endpoint = NULL;
      GtkWidget *row;

      if (endpoint_id == NULL)
        endpoint = fc_notifier_lookup_endpoint (self->notifier,
                                                fc_delivery_get_endpoint_id (delivery));
      row = fc_delivery_row_new (delivery,
                                 endpoint != NULL ? fc_endpoint_get_url (endpoint) : NULL);
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row),
                                     g_hash_table_contains (expanded, &id));
      gtk_list_box_append (self->deliveries_list, row);
    }

  gtk_widget_set_visible (self->deliveries_more_button,
                          deliveries->len >= self->deliveries_limit);
}

static gboolean
refresh_deliveries_now (gpointer user_data)
{
  FcWebhooksView *self = FC_WEBHOOKS_VIEW (user_data);

  self->refresh_deliveries_id = 0;
  refresh_deliveries (self);
  return G_SOURCE_REMOVE;
}

static void
on_deliveries_changed_cb (FcWebhooksView *self)
{
  if (self->refresh_deliveries_id == 0)
    self->refresh_deliveries_id = g_timeout_add (REFRESH_DELAY_MS, refresh_deliveries_now, self);
}

static void
on_endpoint_dropdown_selected_cb (FcWebhooksView *self)
{
  if (self->choosing_endpoint)
    return;

  self->deliveries_limit = PAGE_SIZE;
  refresh_deliveries (self);
}

/* "hooks.example.com/fluxcascade", short enough for the drop-down. */
static char *
shorten_url (const char *url)
{
  g_autoptr (GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  g_autofree char *text = NULL;

  if (uri == NULL)
    text = g_strdup (url);
  else if (g_uri_get_port (uri) > 0)
    text = g_strdup_printf ("%s:%d%s", g_uri_get_host (uri), g_uri_get_port (uri),
                            g_uri_get_path (uri));
  else
    text = g_strconcat (g_uri_get_host (uri), g_uri_get_path (uri), NULL);

  if (g_utf8_strlen (text, -1) > 36)
    {
      g_autofree char *start = g_utf8_substring (text, 0, 35);

      return g_strconcat (start, "…", NULL);
    }

  return g_steal_pointer (&text);
}

/* The drop-down offers every endpoint; the chosen one stays chosen while it exists. */
static void
update_endpoint_choices (FcWebhooksView *self)
{
  g_autofree char *chosen = g_strdup (get_chosen_endpoint_id (self));
  g_autoptr (GStrvBuilder) labels = g_strv_builder_new ();
  g_auto (GStrv) strings = NULL;
  GListModel *endpoints = fc_notifier_get_endpoints (self->notifier);
  guint selected = 0;

  g_ptr_array_set_size (self->endpoint_ids, 0);
  g_ptr_array_add (self->endpoint_ids, NULL);
  g_strv_builder_add (labels, _("All Endpoints"));
  for (guint i = 0; i < g_list_model_get_n_items (endpoints); i++)
    {
      g_autoptr (FcEndpoint) endpoint = g_list_model_get_item (endpoints, i);
      g_autofree char *label = shorten_url (fc_endpoint_get_url (endpoint));

      if (g_strcmp0 (chosen, fc_endpoint_get_id (endpoint)) == 0)
        selected = self->endpoint_ids->len;
      g_ptr_array_add (self->endpoint_ids, g_strdup (fc_endpoint_get_id (endpoint)));
      g_strv_builder_add (labels, label);
    }
  strings = g_strv_builder_end (labels);

  self->choosing_endpoint = TRUE;
  gtk_string_list_splice (self->endpoint_choices, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->endpoint_choices)),
                          (const char * const *) strings);
  gtk_drop_down_set_selected (self->endpoint_dropdown, selected);
  self->choosing_endpoint = FALSE;
}

static void
on_endpoints_changed_cb (FcWebhooksView *self)
{
  update_endpoint_choices (self);
  update_empty_state (self);
  refresh_deliveries (self);
}

static void
on_endpoint_disabled_cb (FcWebhooksView *self,
                         FcEndpoint     *endpoint,
                         const char     *reason)
{
  g_autofree char *url = shorten_url (fc_endpoint_get_url (endpoint));
  g_autofree char *text = NULL;
  g_autofree char *escaped = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwToast *toast;

  /* The whole reason is on the endpoint's row. */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       /* Translators: %s is an endpoint's address. */
                                       "Disabled %s after %u failed delivery",
                                       "Disabled %s after %u failed deliveries in a row",
                                       FC_NOTIFIER_MAX_CONSECUTIVE_FAILURES),
                          url, FC_NOTIFIER_MAX_CONSECUTIVE_FAILURES);
  if (!FC_IS_WINDOW (root))
    {
      g_message ("%s: %s", text, reason);
      return;
    }

  escaped = g_markup_escape_text (text, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_button_label (toast, _("_Show"));
  adw_toast_set_action_name (toast, "win.show-view");
  adw_toast_set_action_target (toast, "s", "webhooks");
  fc_window_add_toast (FC_WINDOW (root), toast);
}

void
fc_webhooks_view_show_deliveries (FcWebhooksView *self,
                                  const char     *endpoint_id)
{
  g_return_if_fail (FC_IS_WEBHOOKS_VIEW (self));

  for (guint i = 0; i < self->endpoint_ids->len; i++)
    if (g_strcmp0 (self->endpoint_ids->pdata[i], endpoint_id) == 0)
      {
        /* Notifies "selected", which lists them. */
        gtk_drop_down_set_selected (self->endpoint_dropdown, i);
        return;
      }

  g_warning ("There is no endpoint “%s” whose deliveries to show", endpoint_id);
}

/* ---- actions ------------------------------------------------------------------------------ */

static void
add_endpoint_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  FcWebhooksView *self = FC_WEBHOOKS_VIEW (widget);

  if (self->notifier != NULL)
    fc_endpoint_actions_add (widget, self->notifier);
}

static void
endpoint_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  FcWebhooksView *self = FC_WEBHOOKS_VIEW (widget);
  const char *id = g_variant_get_string (parameter, NULL);

  if (self->notifier == NULL)
    return;

  if (g_str_equal (action_name, "webhooks.edit-endpoint"))
    fc_endpoint_actions_edit (widget, self->notifier, id);
  else if (g_str_equal (action_name, "webhooks.remove-endpoint"))
    fc_endpoint_actions_remove (widget, self->notifier, id);
  else if (g_str_equal (action_name, "webhooks.rotate-secret"))
    fc_endpoint_actions_rotate (widget, self->notifier, id);
  else if (g_str_equal (action_name, "webhooks.show-deliveries"))
    fc_webhooks_view_show_deliveries (self, id);
}

static void
set_endpoint_enabled_activated (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  FcWebhooksView *self = FC_WEBHOOKS_VIEW (widget);
  const char *id;
  gboolean enabled;

  if (self->notifier == NULL)
    return;

  g_variant_get (parameter, "(&sb)", &id, &enabled);
  fc_endpoint_actions_set_enabled (widget, self->notifier, id, enabled);
}

static void
retry_delivery_activated (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  FcWebhooksView *self = FC_WEBHOOKS_VIEW (widget);
  g_autoptr (GError) error = NULL;

  if (self->notifier == NULL)
    return;

  if (!fc_notifier_retry_delivery (self->notifier, g_variant_get_int64 (parameter), &error))
    _fc_webhooks_view_show_toast (self, error->message);
  refresh_deliveries (self);
}

static void
retry_event_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  FcWebhooksView *self = FC_WEBHOOKS_VIEW (widget);
  g_autoptr (GError) error = NULL;

  if (self->listener == NULL)
    return;

  if (!fc_webhook_listener_retry_event (self->listener, g_variant_get_int64 (parameter), &error))
    _fc_webhooks_view_show_toast (self, error->message);
  refresh_events (self);
}

static void
connection_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  FcWebhooksView *self = FC_WEBHOOKS_VIEW (widget);
  const char *id = g_variant_get_string (parameter, NULL);

  if (g_str_equal (action_name, "webhooks.copy-url"))
    _fc_webhooks_view_copy_url (self, id);
  else
    _fc_webhooks_view_register (self, id);
}

static void
load_more_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  FcWebhooksView *self = FC_WEBHOOKS_VIEW (widget);

  if (g_str_equal (action_name, "webhooks.load-more-events"))
    {
      self->events_limit += PAGE_SIZE;
      refresh_events (self);
    }
  else
    {
      self->deliveries_limit += PAGE_SIZE;
      refresh_deliveries (self);
    }
}

/* ---- the engine --------------------------------------------------------------------------- */

static void
disconnect_engine (FcWebhooksView *self)
{
  if (self->engine == NULL)
    return;

  g_signal_handlers_disconnect_by_data (fc_engine_get_connections (self->engine), self);
  g_signal_handlers_disconnect_by_data (self->listener, self);
  g_signal_handlers_disconnect_by_data (self->notifier, self);
  g_signal_handlers_disconnect_by_data (fc_notifier_get_endpoints (self->notifier), self);
  gtk_list_box_bind_model (self->endpoints_list, NULL, NULL, NULL, NULL);
  gtk_list_box_bind_model (self->connections_list, NULL, NULL, NULL, NULL);
  g_clear_handle_id (&self->refresh_deliveries_id, g_source_remove);
  g_clear_handle_id (&self->refresh_events_id, g_source_remove);
  g_clear_object (&self->listener);
  g_clear_object (&self->notifier);
  g_clear_object (&self->engine);
}

static GtkWidget *
create_endpoint_row (gpointer item,
                     gpointer user_data)
{
  return fc_endpoint_row_new (FC_ENDPOINT (item));
}

static void
connect_engine (FcWebhooksView *self,
                FcEngine       *engine)
{
  GListModel *endpoints;

  self->engine = g_object_ref (engine);
  self->listener = g_object_ref (fc_engine_get_webhook_listener (engine));
  self->notifier = g_object_ref (fc_engine_get_notifier (engine));
  endpoints = fc_notifier_get_endpoints (self->notifier);

  g_signal_connect_object (self->listener, "notify::running",
                           G_CALLBACK (on_listener_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->listener, "notify::public-url",
                           G_CALLBACK (on_listener_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->listener, "accepted",
                           G_CALLBACK (on_listener_accepted_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->listener, "event-processed",
                           G_CALLBACK (schedule_refresh_events), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->notifier, "endpoint-disabled",
                           G_CALLBACK (on_endpoint_disabled_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->notifier, "deliveries-changed",
                           G_CALLBACK (on_deliveries_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (endpoints, "items-changed",
                           G_CALLBACK (on_endpoints_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (fc_engine_get_connections (engine), "items-changed",
                           G_CALLBACK (on_connections_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_list_box_bind_model (self->endpoints_list, endpoints, create_endpoint_row, NULL, NULL);
  update_endpoint_choices (self);
}

/**
 * fc_webhooks_view_set_engine:
 * @self: a #FcWebhooksView
 * @engine: (nullable): the engine whose webhooks to show
 */
void
fc_webhooks_view_set_engine (FcWebhooksView *self,
                             FcEngine       *engine)
{
  g_return_if_fail (FC_IS_WEBHOOKS_VIEW (self));
  g_return_if_fail (engine == NULL || FC_IS_ENGINE (engine));

  if (self->engine == engine)
    return;

  disconnect_engine (self);
  self->events_limit = PAGE_SIZE;
  self->deliveries_limit = PAGE_SIZE;
  if (engine != NULL)
    {
      connect_engine (self, engine);
      _fc_webhooks_view_update_listener (self);
    }
  _fc_webhooks_view_refresh_connections (self);
  refresh_events (self);
  refresh_deliveries (self);
  update_empty_state (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENGINE]);
}

/**
 * fc_webhooks_view_get_engine:
 * @self: a #FcWebhooksView
 *
 * Returns: (transfer none) (nullable): the engine whose webhooks are shown
 */
FcEngine *
fc_webhooks_view_get_engine (FcWebhooksView *self)
{
  g_return_val_if_fail (FC_IS_WEBHOOKS_VIEW (self), NULL);

  return self->engine;
}

static void
fc_webhooks_view_dispose (GObject *object)
{
  FcWebhooksView *self = FC_WEBHOOKS_VIEW (object);

  disconnect_engine (self);
  gtk_widget_dispose_template (GTK_WIDGET (object), FC_TYPE_WEBHOOKS_VIEW);

  G_OBJECT_CLASS (fc_webhooks_view_parent_class)->dispose (object);
}

static void
fc_webhooks_view_finalize (GObject *object)
{
  FcWebhooksView *self = FC_WEBHOOKS_VIEW (object);

  g_ptr_array_unref (self->endpoint_ids);

  G_OBJECT_CLASS (fc_webhooks_view_parent_class)->finalize (object);
}

static void
fc_webhooks_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  FcWebhooksView *self = FC_WEBHOOKS_VIEW (object);

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
fc_webhooks_view_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  FcWebhooksView *self = FC_WEBHOOKS_VIEW (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      fc_webhooks_view_set_engine (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Events and deliveries another process stored (fluxcascade-cli serve) show when the page does. */
static void
fc_webhooks_view_map (GtkWidget *widget)
{
  FcWebhooksView *self = FC_WEBHOOKS_VIEW (widget);

  GTK_WIDGET_CLASS (fc_webhooks_view_parent_class)->map (widget);

  if (self->engine == NULL)
    return;
  refresh_events (self);
  refresh_deliveries (self);
  update_empty_state (self);
}

static void
fc_webhooks_view_class_init (FcWebhooksViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fc_webhooks_view_dispose;
  object_class->finalize = fc_webhooks_view_finalize;
  object_class->get_property = fc_webhooks_view_get_property;
  object_class->set_property = fc_webhooks_view_set_property;
  widget_class->map = fc_webhooks_view_map;

  /**
   * FcWebhooksView:engine:
   *
   * The engine whose listener, received events, endpoints and deliveries are shown.
   */
  properties[PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL, FC_TYPE_ENGINE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "webhooks.add-endpoint", NULL,
                                   add_endpoint_activated);
  gtk_widget_class_install_action (widget_class, "webhooks.edit-endpoint", "s",
                                   endpoint_activated);
  gtk_widget_class_install_action (widget_class, "webhooks.remove-endpoint", "s",
                                   endpoint_activated);
  gtk_widget_class_install_action (widget_class, "webhooks.rotate-secret", "s",
                                   endpoint_activated);
  gtk_widget_class_install_action (widget_class, "webhooks.show-deliveries", "s",
                                   endpoint_activated);
  gtk_widget_class_install_action (widget_class, "webhooks.set-endpoint-enabled", "(sb)",
                                   set_endpoint_enabled_activated);
  gtk_widget_class_install_action (widget_class, "webhooks.retry-delivery", "x",
                                   retry_delivery_activated);
  gtk_widget_class_install_action (widget_class, "webhooks.retry-event", "x",
                                   retry_event_activated);
  gtk_widget_class_install_action (widget_class, "webhooks.copy-url", "s",
                                   connection_activated);
  gtk_widget_class_install_action (widget_class, "webhooks.register", "s",
                                   connection_activated);
  gtk_widget_class_install_action (widget_class, "webhooks.load-more-events", NULL,
                                   load_more_activated);
  gtk_widget_class_install_action (widget_class, "webhooks.load-more-deliveries", NULL,
                                   load_more_activated);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/fluxcascade/FluxCascade/fc-webhooks-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FcWebhooksView, connections_list);
  gtk_widget_class_bind_template_child (widget_class, FcWebhooksView, deliveries_list);
  gtk_widget_class_bind_template_child (widget_class, FcWebhooksView, deliveries_more_button);
  gtk_widget_class_bind_template_child (widget_class, FcWebhooksView, endpoint_choices);
  gtk_widget_class_bind_template_child (widget_class, FcWebhooksView, endpoint_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FcWebhooksView, endpoints_list);
  gtk_widget_class_bind_template_child (widget_class, FcWebhooksView, events_list);
  gtk_widget_class_bind_template_child (widget_class, FcWebhooksView, events_more_button);
  gtk_widget_class_bind_template_child (widget_class, FcWebhooksView, listener_image);
  gtk_widget_class_bind_template_child (widget_class, FcWebhooksView, listener_row);
  gtk_widget_class_bind_template_child (widget_class, FcWebhooksView, page);
  gtk_widget_class_bind_template_child (widget_class, FcWebhooksView, preferences_button);
  gtk_widget_class_bind_template_child (widget_class, FcWebhooksView, public_url_row);
  gtk_widget_class_bind_template_child (widget_class, FcWebhooksView, stack);
  gtk_widget_class_bind_template_child (widget_class, FcWebhooksView, status_page);
  gtk_widget_class_bind_template_callback (widget_class, on_endpoint_dropdown_selected_cb);
}

static void
fc_webhooks_view_init (FcWebhooksView *self)
{
  self->endpoint_ids = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->endpoint_ids, NULL);
  self->events_limit = PAGE_SIZE;
  self->deliveries_limit = PAGE_SIZE;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_string_list_append (self->endpoint_choices, _("All Endpoints"));
}
