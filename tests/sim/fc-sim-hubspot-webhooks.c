/* fc-sim-hubspot-webhooks.c: HubSpot webhook events (signed v1 and v3, batched in arrays) and
 * the app's webhook settings and subscriptions API
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-sim-hubspot"

#include "config.h"

#include <string.h>

#include "fc-sim-hubspot-private.h"

#define EVENTS_PER_REQUEST 100

typedef struct
{
  char      *url;
  char      *secret;
  JsonArray *events;
} Batch;

static const char * const event_kinds[] = {
  "creation", "deletion", "propertyChange", "merge", "restore", "associationChange", NULL
};

static void
subscription_free (gpointer data)
{
  FcSimHubSpotSubscription *subscription = data;

  g_free (subscription->event_type);
  g_free (subscription->property_name);
  g_free (subscription);
}

static void
batch_free (gpointer data)
{
  Batch *batch = data;

  g_free (batch->url);
  g_free (batch->secret);
  json_array_unref (batch->events);
  g_free (batch);
}

void
_fc_sim_hubspot_webhooks_reset (FcSimHubSpot *hs)
{
  for (guint i = 0; i < hs->subscriptions->len; i++)
    subscription_free (g_ptr_array_index (hs->subscriptions, i));
  g_ptr_array_set_size (hs->subscriptions, 0);
  while (json_array_get_length (hs->pending) > 0)
    json_array_remove_element (hs->pending, 0);
  g_clear_pointer (&hs->target_url, g_free);
  g_clear_pointer (&hs->webhook_secret, g_free);
}

static const char *
secret_of (FcSimHubSpot *hs)
{
  return hs->webhook_secret != NULL ? hs->webhook_secret : hs->provider->oauth.client_secret;
}

/* Which subscription an event belongs to; 0 when it is not subscribed. Without any
 * subscription every event goes out, under a stable made-up subscription id. */
static guint
find_subscription (FcSimHubSpot *hs,
                   const char   *event_type,
                   const char   *property)
{
  if (hs->subscriptions->len == 0)
    {
      guint id = 100000;

      for (const char *p = event_type; *p != '\0'; p++)
        id = id * 31 + (guint) *p;
      return 1 + id % 900000;
    }

  for (guint i = 0; i < hs->subscriptions->len; i++)
    {
      FcSimHubSpotSubscription *subscription = g_ptr_array_index (hs->subscriptions, i);

      if (!subscription->active || !g_str_equal (subscription->event_type, event_type))
        continue;
      if (subscription->property_name != NULL && g_strcmp0 (subscription->property_name,
                                                            property) != 0)
        continue;
      return subscription->id;
    }

  return 0;
}

static gboolean
should_retry (guint status)
{
  return status != 400 && status != 401 && status != 403 && status != 404 && status != 405;
}

static SoupMessage *
build_message (FcSimDelivery *delivery,
               guint          attempt,
               gpointer       data)
{
  Batch *batch = data;
  g_autoptr (JsonArray) events = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);
  g_autofree char *body = NULL;
  g_autofree char *v1 = NULL;
  g_autofree char *v3 = NULL;
  g_autofree char *timestamp = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / 1000);
  SoupMessage *message = soup_message_new ("POST", batch->url);
  SoupMessageHeaders *headers;
  g_autoptr (GBytes) bytes = NULL;
  gsize length;

  for (guint i = 0; i < json_array_get_length (batch->events); i++)
    {
      JsonObject *event = json_object_ref (_fc_sim_json_array_object (batch->events, i));

      json_object_set_int_member (event, "attemptNumber", attempt);
      json_array_add_object_element (events, event);
    }
  json_node_set_array (node, events);
  body = _fc_sim_json_to_string (node);
  json_node_unref (node);
  length = strlen (body);

  v1 = fc_sim_hubspot_sign_v1 (batch->secret, body, length);
  v3 = fc_sim_hubspot_sign_v3 (batch->secret, "POST", batch->url, body, length, timestamp);

  headers = soup_message_get_request_headers (message);
  soup_message_headers_replace (headers, "User-Agent",
                                "HubSpot Connect 2.0 (http://dev.hubspot.com/)");
  soup_message_headers_replace (headers, "X-HubSpot-Signature", v1);
  soup_message_headers_replace (headers, "X-HubSpot-Signature-Version", "v1");
  soup_message_headers_replace (headers, "X-HubSpot-Signature-v3", v3);
  soup_message_headers_replace (headers, "X-HubSpot-Request-Timestamp", timestamp);
  soup_message_headers_replace (headers, "X-HubSpot-Timeout-Millis", "5000");
  bytes = g_bytes_new_take (g_steal_pointer (&body), length);
  soup_message_set_request_body_from_bytes (message, "application/json", bytes);

  return message;
}

static gboolean
flush_cb (gpointer user_data)
{
  FcSimHubSpot *hs = user_data;
  FcSim *sim = hs->provider->sim;
  guint n;

  _fc_sim_lock (sim);
  hs->flush_scheduled = FALSE;
  n = json_array_get_length (hs->pending);
  for (guint start = 0; hs->target_url != NULL && start < n; start += EVENTS_PER_REQUEST)
    {
      Batch *batch = g_new0 (Batch, 1);
      g_autofree char *summary = NULL;
      guint end = MIN (start + EVENTS_PER_REQUEST, n);

      batch->url = g_strdup (hs->target_url);
      batch->secret = g_strdup (secret_of (hs));
      batch->events = json_array_new ();
      for (guint i = start; i < end; i++)
        json_array_add_object_element (batch->events,
                                       json_object_ref (_fc_sim_json_array_object (hs->pending,
                                                                                       i)));
      summary = g_strdup_printf ("%u event(s), first %s", end - start,
                                 json_object_get_string_member (_fc_sim_json_array_object (
                                                                  batch->events, 0),
                                                                "subscriptionType"));
      _fc_sim_webhooks_send (hs->provider, batch->url, summary, build_message, should_retry,
                             NULL, batch, batch_free);
    }
  while (json_array_get_length (hs->pending) > 0)
    json_array_remove_element (hs->pending, 0);
  _fc_sim_unlock (sim);

  return G_SOURCE_REMOVE;
}

static void
flush_done (gpointer user_data)
{
  FcSimHubSpot *hs = user_data;

  _fc_sim_lock (hs->provider->sim);
  hs->flush_scheduled = FALSE;
  _fc_sim_unlock (hs->provider->sim);
}

/* Queues one event; the events of one request leave together, up to 100 per POST. */
void
_fc_sim_hubspot_emit (FcSimHubSpot           *hs,
                      const FcSimHubSpotType *type,
                      const char             *event,
                      FcSimRecord            *record,
                      const char             *property,
                      const char             *value,
                      FcSimSource             source,
                      JsonObject             *extra)
{
  FcSim *sim = hs->provider->sim;
  g_autofree char *event_type = g_strdup_printf ("%s.%s", type->singular, event);
  JsonObject *object;
  guint subscription;

  if (hs->target_url == NULL || source == FC_SIM_SOURCE_SEED)
    return;

  subscription = find_subscription (hs, event_type, property);
  if (subscription == 0)
    return;

  object = json_object_new ();
  json_object_set_int_member (object, "eventId", hs->next_event_id++);
  json_object_set_int_member (object, "subscriptionId", subscription);
  json_object_set_int_member (object, "portalId", hs->portal_id);
  json_object_set_int_member (object, "appId", hs->app_id);
  json_object_set_int_member (object, "occurredAt", _fc_sim_now_ms (sim));
  json_object_set_string_member (object, "subscriptionType", event_type);
  json_object_set_int_member (object, "attemptNumber", 0);
  json_object_set_int_member (object, "objectId", record->id);
  if (property != NULL)
    {
      json_object_set_string_member (object, "propertyName", property);
      json_object_set_string_member (object, "propertyValue", value != NULL ? value : "");
    }
  json_object_set_string_member (object, "changeSource",
                                 source == FC_SIM_SOURCE_UI ? "CRM_UI" : "API");
  if (g_str_equal (event, "creation"))
    json_object_set_string_member (object, "changeFlag", "NEW");
  if (source == FC_SIM_SOURCE_UI)
    {
      g_autofree char *source_id = g_strdup_printf ("userId:%u", hs->user_id);

      json_object_set_string_member (object, "sourceId", source_id);
    }
  if (extra != NULL)
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      json_object_iter_init (&iter, extra);
      while (json_object_iter_next (&iter, &name, &member))
        json_object_set_member (object, name, json_node_copy (member));
    }
  json_array_add_object_element (hs->pending, object);

  if (!hs->flush_scheduled)
    hs->flush_scheduled = _fc_sim_schedule (sim, 0, flush_cb, hs, flush_done) != NULL;
}

static gboolean
add_subscription (FcSimHubSpot  *hs,
                  const char    *event_type,
                  const char    *property,
                  gboolean       active,
                  GError       **error)
{
  FcSimHubSpotSubscription *subscription;
  const char *dot = event_type != NULL ? strchr (event_type, '.') : NULL;
  g_autofree char *object = dot != NULL ? g_strndup (event_type, dot - event_type) : NULL;

  if (dot == NULL || _fc_sim_hubspot_find_type (object) == NULL
      || !g_strv_contains (event_kinds, dot + 1))
    {
      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                   "eventType “%s” is not one of contact|company|deal . creation|deletion|"
                   "propertyChange|merge|restore|associationChange",
                   event_type != NULL ? event_type : "");
      return FALSE;
    }
  if (g_str_equal (dot + 1, "propertyChange") && property == NULL)
    {
      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                   "A propertyChange subscription names one propertyName");
      return FALSE;
    }

  subscription = g_new0 (FcSimHubSpotSubscription, 1);
  subscription->id = hs->next_subscription_id++;
  subscription->event_type = g_strdup (event_type);
  subscription->property_name = g_strdup (property);
  subscription->active = active;
  subscription->created_ms = _fc_sim_now_ms (hs->provider->sim);
  subscription->updated_ms = subscription->created_ms;
  g_ptr_array_add (hs->subscriptions, subscription);

  return TRUE;
}

/* Control: {"target_url", "secret", "subscriptions": ["contact.creation", {"eventType",
 * "propertyName", "active"}, ...]}; an empty target_url turns deliveries off. */
gboolean
_fc_sim_hubspot_configure_webhooks (FcSimProvider  *provider,
                                    JsonObject     *settings,
                                    GError        **error)
{
  FcSimHubSpot *hs = provider->state;
  JsonArray *subscriptions = _fc_sim_json_array (settings, "subscriptions");
  const char *url = json_object_get_string_member_with_default (settings, "target_url", NULL);
  const char *secret = json_object_get_string_member_with_default (settings, "secret", NULL);

  if (url != NULL)
    {
      g_free (hs->target_url);
      hs->target_url = url[0] != '\0' ? g_strdup (url) : NULL;
      hs->settings_created_ms = _fc_sim_now_ms (provider->sim);
    }
  if (secret != NULL)
    {
      g_free (hs->webhook_secret);
      hs->webhook_secret = secret[0] != '\0' ? g_strdup (secret) : NULL;
    }

  if (subscriptions == NULL)
    return TRUE;

  for (guint i = 0; i < hs->subscriptions->len; i++)
    subscription_free (g_ptr_array_index (hs->subscriptions, i));
  g_ptr_array_set_size (hs->subscriptions, 0);
  for (guint i = 0; i < json_array_get_length (subscriptions); i++)
    {
      JsonNode *node = json_array_get_element (subscriptions, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *event_type = object != NULL
                               ? json_object_get_string_member_with_default (object, "eventType",
                                                                             NULL)
                               : json_node_get_string (node);
      const char *property = object != NULL
                             ? json_object_get_string_member_with_default (object, "propertyName",
                                                                           NULL)
                             : NULL;
      gboolean active = object != NULL
                        ? json_object_get_boolean_member_with_default (object, "active", TRUE)
                        : TRUE;

      if (!add_subscription (hs, event_type, property, active, error))
        return FALSE;
    }

  return TRUE;
}

static JsonNode *
subscription_to_json (FcSimHubSpotSubscription *subscription)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autofree char *id = g_strdup_printf ("%u", subscription->id);
  g_autofree char *created = _fc_sim_format_iso_ms (subscription->created_ms);
  g_autofree char *updated = _fc_sim_format_iso_ms (subscription->updated_ms);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  json_builder_set_member_name (builder, "createdAt");
  json_builder_add_string_value (builder, created);
  json_builder_set_member_name (builder, "updatedAt");
  json_builder_add_string_value (builder, updated);
  json_builder_set_member_name (builder, "eventType");
  json_builder_add_string_value (builder, subscription->event_type);
  if (subscription->property_name != NULL)
    {
      json_builder_set_member_name (builder, "propertyName");
      json_builder_add_string_value (builder, subscription->property_name);
    }
  json_builder_set_member_name (builder, "active");
  json_builder_add_boolean_value (builder, subscription->active);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static JsonNode *
subscriptions_to_json (FcSimHubSpot *hs)
{
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; i < hs->subscriptions->len; i++)
    json_array_add_element (array, subscription_to_json (g_ptr_array_index (hs->subscriptions,
                                                                            i)));
  json_node_take_array (node, array);

  return node;
}

JsonNode *
_fc_sim_hubspot_describe_webhooks (FcSimProvider *provider)
{
  FcSimHubSpot *hs = provider->state;
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "target_url");
  if (hs->target_url != NULL)
    json_builder_add_string_value (builder, hs->target_url);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "secret");
  json_builder_add_string_value (builder, secret_of (hs));
  json_builder_set_member_name (builder, "app_id");
  json_builder_add_int_value (builder, hs->app_id);
  json_builder_set_member_name (builder, "portal_id");
  json_builder_add_int_value (builder, hs->portal_id);
  json_builder_set_member_name (builder, "developer_key");
  json_builder_add_string_value (builder, hs->developer_key);
  json_builder_set_member_name (builder, "subscriptions");
  json_builder_add_value (builder, subscriptions_to_json (hs));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* The management API, authenticated with the developer key in ?hapikey= */

static gboolean
check_developer (FcSimRequest *req)
{
  FcSimHubSpot *hs = req->provider->state;
  g_autofree char *app = g_strdup_printf ("%u", hs->app_id);

  if (g_strcmp0 (_fc_sim_request_get_query (req, "hapikey"), hs->developer_key) != 0)
    {
      _fc_sim_hubspot_respond (req, 401, "INVALID_AUTHENTICATION",
                               "The developer API key (hapikey) is missing or wrong", NULL);
      return FALSE;
    }
  if (g_strcmp0 (_fc_sim_request_get_param (req, "app"), app) != 0)
    {
      _fc_sim_hubspot_respond (req, 404, "OBJECT_NOT_FOUND", "No app with this id", NULL);
      return FALSE;
    }

  return TRUE;
}

static void
respond_settings (FcSimRequest *req)
{
  FcSimHubSpot *hs = req->provider->state;
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autofree char *created = _fc_sim_format_iso_ms (hs->settings_created_ms);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "targetUrl");
  json_builder_add_string_value (builder, hs->target_url);
  json_builder_set_member_name (builder, "throttling");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "period");
  json_builder_add_string_value (builder, "SECONDLY");
  json_builder_set_member_name (builder, "maxConcurrentRequests");
  json_builder_add_int_value (builder, hs->max_concurrent);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "createdAt");
  json_builder_add_string_value (builder, created);
  json_builder_set_member_name (builder, "updatedAt");
  json_builder_add_string_value (builder, created);
  json_builder_end_object (builder);
  _fc_sim_respond_builder (req, 200, builder);
}

static void
handle_settings (FcSimRequest *req)
{
  FcSimHubSpot *hs = req->provider->state;
  JsonObject *body, *throttling;
  const char *url;

  if (!check_developer (req))
    return;

  if (g_str_equal (req->method, "DELETE"))
    {
      g_clear_pointer (&hs->target_url, g_free);
      _fc_sim_respond_empty (req, 204);
      return;
    }
  if (g_str_equal (req->method, "PUT"))
    {
      body = _fc_sim_hubspot_body (req);
      if (body == NULL)
        return;
      url = json_object_get_string_member_with_default (body, "targetUrl", NULL);
      if (url == NULL
          || (!g_str_has_prefix (url, "http://") && !g_str_has_prefix (url, "https://")))
        {
          _fc_sim_hubspot_respond (req, 400, "VALIDATION_ERROR",
                                   "targetUrl must be an http(s) URL", NULL);
          return;
        }
      g_free (hs->target_url);
      hs->target_url = g_strdup (url);
      hs->settings_created_ms = _fc_sim_now_ms (req->sim);
      throttling = _fc_sim_json_object (body, "throttling");
      if (throttling != NULL)
        hs->max_concurrent = json_object_get_int_member_with_default (throttling,
                                                                      "maxConcurrentRequests",
                                                                      hs->max_concurrent);
    }
  else if (hs->target_url == NULL)
    {
      _fc_sim_hubspot_respond (req, 404, "OBJECT_NOT_FOUND", "No webhook settings for this app",
                               NULL);
      return;
    }

  respond_settings (req);
}

static void
handle_subscriptions_list (FcSimRequest *req)
{
  FcSimHubSpot *hs = req->provider->state;
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  if (!check_developer (req))
    return;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "results");
  json_builder_add_value (builder, subscriptions_to_json (hs));
  json_builder_end_object (builder);
  _fc_sim_respond_builder (req, 200, builder);
}

static void
handle_subscriptions_create (FcSimRequest *req)
{
  FcSimHubSpot *hs = req->provider->state;
  g_autoptr (GError) error = NULL;
  JsonObject *body;

  if (!check_developer (req) || (body = _fc_sim_hubspot_body (req)) == NULL)
    return;

  if (!add_subscription (hs, json_object_get_string_member_with_default (body, "eventType", NULL),
                         json_object_get_string_member_with_default (body, "propertyName", NULL),
                         json_object_get_boolean_member_with_default (body, "active", TRUE),
                         &error))
    {
      _fc_sim_hubspot_respond_gerror (req, error);
      return;
    }

  _fc_sim_respond_json (req, 201,
                        subscription_to_json (g_ptr_array_index (hs->subscriptions,
                                                                 hs->subscriptions->len - 1)));
}

static void
handle_subscriptions_delete (FcSimRequest *req)
{
  FcSimHubSpot *hs = req->provider->state;
  const char *id = _fc_sim_request_get_param (req, "id");

  if (!check_developer (req))
    return;

  for (guint i = 0; i < hs->subscriptions->len; i++)
    {
      FcSimHubSpotSubscription *subscription = g_ptr_array_index (hs->subscriptions, i);
      g_autofree char *text = g_strdup_printf ("%u", subscription->id);

      if (g_str_equal (text, id))
        {
          subscription_free (g_ptr_array_steal_index (hs->subscriptions, i));
          _fc_sim_respond_empty (req, 204);
          return;
        }
    }

  _fc_sim_hubspot_respond (req, 404, "OBJECT_NOT_FOUND", "No subscription with this id", NULL);
}

void
_fc_sim_hubspot_register_webhook_routes (FcSimHubSpot *hs)
{
  FcSim *sim = hs->provider->sim;
  FcSimProvider *provider = hs->provider;

  _fc_sim_add_route (sim, provider, "hubspot", "GET", "/webhooks/v3/{app}/settings", NULL,
                     FC_SIM_ROUTE_FAULTS, 0, handle_settings, NULL);
  _fc_sim_add_route (sim, provider, "hubspot", "PUT", "/webhooks/v3/{app}/settings", NULL,
                     FC_SIM_ROUTE_FAULTS, 0, handle_settings, NULL);
  _fc_sim_add_route (sim, provider, "hubspot", "DELETE", "/webhooks/v3/{app}/settings", NULL,
                     FC_SIM_ROUTE_FAULTS, 0, handle_settings, NULL);
  _fc_sim_add_route (sim, provider, "hubspot", "GET", "/webhooks/v3/{app}/subscriptions", NULL,
                     FC_SIM_ROUTE_FAULTS, 0, handle_subscriptions_list, NULL);
  _fc_sim_add_route (sim, provider, "hubspot", "POST", "/webhooks/v3/{app}/subscriptions", NULL,
                     FC_SIM_ROUTE_FAULTS, 0, handle_subscriptions_create, NULL);
  _fc_sim_add_route (sim, provider, "hubspot", "DELETE", "/webhooks/v3/{app}/subscriptions/{id}",
                     NULL, FC_SIM_ROUTE_FAULTS, 0, handle_subscriptions_delete, NULL);
}
