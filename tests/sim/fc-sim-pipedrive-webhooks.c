/* fc-sim-pipedrive-webhooks.c: the v1 webhooks API and deliveries of v2 events with HTTP Basic
 * credentials, retries and the first-try failure ban
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-sim-pipedrive"

#include "config.h"

#include <string.h>

#include "fc-sim-pipedrive-private.h"

#define WEBHOOKS_MAX 40
#define BAN_AFTER_FAILURES 10
#define BAN_MS (30 * 60 * 1000)

typedef struct
{
  FcSimPipedrive *pd;
  guint           webhook_id;
  char           *url;
  char           *user;
  char           *password;
  JsonObject     *meta;
  JsonNode       *data;
  JsonNode       *previous;
} Event;

static const char * const actions[] = { "create", "change", "delete", "*", NULL };
static const char * const event_objects[] = {
  "person", "organization", "deal", "activity", "lead", "note", "pipeline", "product", "stage",
  "user", "project", "deal_product", "*", NULL
};

static void
webhook_free (gpointer data)
{
  FcSimPipedriveWebhook *webhook = data;

  g_free (webhook->url);
  g_free (webhook->action);
  g_free (webhook->object);
  g_free (webhook->name);
  g_free (webhook->user);
  g_free (webhook->password);
  g_free (webhook);
}

static void
event_free (gpointer data)
{
  Event *event = data;

  g_free (event->url);
  g_free (event->user);
  g_free (event->password);
  json_object_unref (event->meta);
  json_node_unref (event->data);
  json_node_unref (event->previous);
  g_free (event);
}

void
_fc_sim_pipedrive_webhooks_reset (FcSimPipedrive *pd)
{
  for (guint i = 0; i < pd->webhooks->len; i++)
    webhook_free (g_ptr_array_index (pd->webhooks, i));
  g_ptr_array_set_size (pd->webhooks, 0);
}

static FcSimPipedriveWebhook *
find_webhook (FcSimPipedrive *pd,
              guint           id)
{
  for (guint i = 0; i < pd->webhooks->len; i++)
    {
      FcSimPipedriveWebhook *webhook = g_ptr_array_index (pd->webhooks, i);

      if (webhook->id == id)
        return webhook;
    }

  return NULL;
}

static gboolean
should_retry (guint status)
{
  return TRUE;
}

static SoupMessage *
build_message (FcSimDelivery *delivery,
               guint          attempt,
               gpointer       data)
{
  Event *event = data;
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  JsonObject *meta = json_object_ref (event->meta);
  JsonNode *meta_node = json_node_new (JSON_NODE_OBJECT);
  SoupMessage *message = soup_message_new ("POST", event->url);
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);
  g_autoptr (GBytes) bytes = NULL;
  char *body;

  json_object_set_int_member (meta, "attempt", attempt + 1);
  json_node_take_object (meta_node, meta);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "meta");
  json_builder_add_value (builder, meta_node);
  json_builder_set_member_name (builder, "data");
  json_builder_add_value (builder, json_node_copy (event->data));
  json_builder_set_member_name (builder, "previous");
  json_builder_add_value (builder, json_node_copy (event->previous));
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  body = _fc_sim_json_to_string (root);

  soup_message_headers_replace (headers, "User-Agent", "Pipedrive Webhooks");
  if (event->user != NULL)
    {
      g_autofree char *pair = g_strdup_printf ("%s:%s", event->user,
                                               event->password != NULL ? event->password : "");
      g_autofree char *encoded = g_base64_encode ((const guchar *) pair, strlen (pair));
      g_autofree char *value = g_strdup_printf ("Basic %s", encoded);

      soup_message_headers_replace (headers, "Authorization", value);
    }
  bytes = g_bytes_new_take (body, strlen (body));
  soup_message_set_request_body_from_bytes (message, "application/json", bytes);

  return message;
}

/* Ten first tries in a row that fail ban the webhook for 30 minutes; events meanwhile are lost. */
static void
delivery_done (FcSimDelivery *delivery,
               gboolean       delivered,
               guint          first_status,
               gpointer       data)
{
  Event *event = data;
  FcSimPipedrive *pd = event->pd;
  FcSimPipedriveWebhook *webhook = find_webhook (pd, event->webhook_id);
  gint64 now = _fc_sim_now_ms (pd->provider->sim);

  if (webhook == NULL)
    return;

  webhook->last_delivery_ms = now;
  webhook->last_status = first_status;
  if (SOUP_STATUS_IS_SUCCESSFUL (first_status))
    {
      webhook->first_try_failures = 0;
      return;
    }

  if (++webhook->first_try_failures >= BAN_AFTER_FAILURES)
    {
      webhook->banned_until_ms = now + BAN_MS;
      webhook->first_try_failures = 0;
    }
}

static gboolean
webhook_wants (FcSimPipedriveWebhook *webhook,
               const char            *action,
               const char            *object,
               gint64                 now)
{
  return (g_str_equal (webhook->action, "*") || g_str_equal (webhook->action, action))
         && (g_str_equal (webhook->object, "*") || g_str_equal (webhook->object, object))
         && now >= webhook->banned_until_ms;
}

static JsonObject *
make_meta (FcSimPipedrive             *pd,
           const FcSimPipedriveEntity *entity,
           const char                 *action,
           FcSimRecord                *record,
           FcSimPipedriveWebhook      *webhook,
           const char                 *correlation,
           FcSimSource                 source)
{
  FcSim *sim = pd->provider->sim;
  JsonObject *meta = json_object_new ();
  JsonArray *permitted = json_array_new ();
  g_autofree char *id = _fc_sim_random_uuid (sim);
  g_autofree char *time = _fc_sim_format_iso_ms (_fc_sim_now_ms (sim));
  g_autofree char *entity_id = g_strdup_printf ("%" G_GINT64_FORMAT, record->id);
  g_autofree char *company = g_strdup_printf ("%u", pd->company_id);
  g_autofree char *user = g_strdup_printf ("%u", pd->user_id);
  g_autofree char *webhook_id = g_strdup_printf ("%u", webhook->id);
  g_autofree char *host = g_strdup_printf ("%s.pipedrive.com", pd->company_domain);

  json_object_set_string_member (meta, "action", action);
  json_object_set_string_member (meta, "entity", entity->singular);
  json_object_set_string_member (meta, "entity_id", entity_id);
  json_object_set_string_member (meta, "company_id", company);
  json_object_set_string_member (meta, "correlation_id", correlation);
  json_object_set_string_member (meta, "id", id);
  json_object_set_boolean_member (meta, "is_bulk_edit", FALSE);
  json_object_set_string_member (meta, "timestamp", time);
  json_object_set_string_member (meta, "type", "general");
  json_object_set_string_member (meta, "user_id", user);
  json_object_set_string_member (meta, "version", "2.0");
  json_object_set_string_member (meta, "webhook_id", webhook_id);
  json_object_set_string_member (meta, "webhook_owner_id", user);
  json_object_set_string_member (meta, "change_source", source == FC_SIM_SOURCE_UI ? "app"
                                                                                    : "api");
  json_object_set_int_member (meta, "attempt", 1);
  json_object_set_string_member (meta, "host", host);
  json_array_add_string_element (permitted, user);
  json_object_set_array_member (meta, "permitted_user_ids", permitted);

  return meta;
}

/* Sends one v2 event to every webhook that asked for it. @data and @previous are consumed
 * (either may be NULL: data on delete, previous on create). */
void
_fc_sim_pipedrive_emit (FcSimPipedrive             *pd,
                        const FcSimPipedriveEntity *entity,
                        const char                 *action,
                        FcSimRecord                *record,
                        JsonNode                   *data,
                        JsonNode                   *previous,
                        FcSimSource                 source)
{
  FcSim *sim = pd->provider->sim;
  gint64 now = _fc_sim_now_ms (sim);
  g_autofree char *correlation = _fc_sim_random_uuid (sim);

  for (guint i = 0; i < pd->webhooks->len; i++)
    {
      FcSimPipedriveWebhook *webhook = g_ptr_array_index (pd->webhooks, i);
      g_autofree char *summary = NULL;
      Event *event;

      if (!webhook_wants (webhook, action, entity->singular, now))
        continue;

      event = g_new0 (Event, 1);
      event->pd = pd;
      event->webhook_id = webhook->id;
      event->url = g_strdup (webhook->url);
      event->user = g_strdup (webhook->user);
      event->password = g_strdup (webhook->password);
      event->meta = make_meta (pd, entity, action, record, webhook, correlation, source);
      event->data = data != NULL ? json_node_copy (data) : json_node_new (JSON_NODE_NULL);
      event->previous = previous != NULL ? json_node_copy (previous)
                                         : json_node_new (JSON_NODE_NULL);
      summary = g_strdup_printf ("%s.%s %" G_GINT64_FORMAT, action, entity->singular, record->id);
      _fc_sim_webhooks_send (pd->provider, webhook->url, summary, build_message, should_retry,
                             delivery_done, event, event_free);
    }

  g_clear_pointer (&data, json_node_unref);
  g_clear_pointer (&previous, json_node_unref);
}

static void
add_nullable (JsonBuilder *builder,
              const char  *name,
              const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static JsonNode *
webhook_to_json (FcSimPipedrive        *pd,
                 FcSimPipedriveWebhook *webhook)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autofree char *added = _fc_sim_pipedrive_v1_time (webhook->add_ms);
  g_autofree char *delivered = webhook->last_delivery_ms != 0
                               ? _fc_sim_pipedrive_v1_time (webhook->last_delivery_ms) : NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, webhook->id);
  json_builder_set_member_name (builder, "company_id");
  json_builder_add_int_value (builder, pd->company_id);
  json_builder_set_member_name (builder, "owner_id");
  json_builder_add_int_value (builder, pd->user_id);
  json_builder_set_member_name (builder, "user_id");
  json_builder_add_int_value (builder, pd->user_id);
  json_builder_set_member_name (builder, "event_action");
  json_builder_add_string_value (builder, webhook->action);
  json_builder_set_member_name (builder, "event_object");
  json_builder_add_string_value (builder, webhook->object);
  json_builder_set_member_name (builder, "subscription_url");
  json_builder_add_string_value (builder, webhook->url);
  json_builder_set_member_name (builder, "is_active");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "add_time");
  json_builder_add_string_value (builder, added);
  json_builder_set_member_name (builder, "remove_time");
  json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "general");
  add_nullable (builder, "http_auth_user", webhook->user);
  add_nullable (builder, "http_auth_password", webhook->password);
  json_builder_set_member_name (builder, "remove_reason");
  json_builder_add_null_value (builder);
  add_nullable (builder, "last_delivery_time", delivered);
  json_builder_set_member_name (builder, "last_http_status");
  if (webhook->last_delivery_ms != 0)
    json_builder_add_int_value (builder, webhook->last_status);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "admin_id");
  json_builder_add_int_value (builder, pd->user_id);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, webhook->name);
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, "2.0");
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Registers a webhook from the v1 create body. */
JsonNode *
_fc_sim_pipedrive_add_webhook (FcSimPipedrive  *pd,
                               JsonObject      *body,
                               GError         **error)
{
  const char *url = json_object_get_string_member_with_default (body, "subscription_url", NULL);
  const char *action = json_object_get_string_member_with_default (body, "event_action", NULL);
  const char *object = json_object_get_string_member_with_default (body, "event_object", NULL);
  const char *version = json_object_get_string_member_with_default (body, "version", "2.0");
  FcSimPipedriveWebhook *webhook;

  if (url == NULL || (!g_str_has_prefix (url, "http://") && !g_str_has_prefix (url, "https://")))
    {
      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                   "subscription_url must be an http(s) URL");
      return NULL;
    }
  if (!g_str_equal (version, "2.0"))
    {
      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                   "version %s is not supported by the simulator; use \"2.0\"", version);
      return NULL;
    }
  if (action == NULL || !g_strv_contains (actions, action))
    {
      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                   "event_action must be create, change, delete or * for version 2.0 webhooks");
      return NULL;
    }
  if (object == NULL || !g_strv_contains (event_objects, object))
    {
      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                   "event_object must name a Pipedrive object (person, organization, deal, ...) "
                   "or *");
      return NULL;
    }
  if (pd->webhooks->len >= WEBHOOKS_MAX)
    {
      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                   "A user can have at most %d webhooks", WEBHOOKS_MAX);
      return NULL;
    }

  webhook = g_new0 (FcSimPipedriveWebhook, 1);
  webhook->id = pd->next_webhook_id++;
  webhook->url = g_strdup (url);
  webhook->action = g_strdup (action);
  webhook->object = g_strdup (object);
  webhook->name = g_strdup (json_object_get_string_member_with_default (body, "name", ""));
  webhook->user = g_strdup (json_object_get_string_member_with_default (body, "http_auth_user",
                                                                        NULL));
  webhook->password =
    g_strdup (json_object_get_string_member_with_default (body, "http_auth_password", NULL));
  webhook->add_ms = _fc_sim_now_ms (pd->provider->sim);
  g_ptr_array_add (pd->webhooks, webhook);

  return webhook_to_json (pd, webhook);
}

/* Control: {"target_url", "secret": "user:password"} adds a webhook for every event;
 * an empty target_url removes all webhooks. */
gboolean
_fc_sim_pipedrive_configure_webhooks (FcSimProvider  *provider,
                                      JsonObject     *settings,
                                      GError        **error)
{
  FcSimPipedrive *pd = provider->state;
  const char *url = json_object_get_string_member_with_default (settings, "target_url", NULL);
  const char *secret = json_object_get_string_member_with_default (settings, "secret", NULL);
  g_autoptr (JsonObject) body = NULL;
  g_autoptr (JsonNode) created = NULL;
  const char *colon;

  if (url == NULL)
    return TRUE;
  if (url[0] == '\0')
    {
      _fc_sim_pipedrive_webhooks_reset (pd);
      return TRUE;
    }

  body = json_object_new ();
  json_object_set_string_member (body, "subscription_url", url);
  json_object_set_string_member (body, "event_action", "*");
  json_object_set_string_member (body, "event_object", "*");
  json_object_set_string_member (body, "name", "fc-provider-sim control");
  colon = secret != NULL ? strchr (secret, ':') : NULL;
  if (colon != NULL)
    {
      g_autofree char *user = g_strndup (secret, colon - secret);

      json_object_set_string_member (body, "http_auth_user", user);
      json_object_set_string_member (body, "http_auth_password", colon + 1);
    }
  else if (secret != NULL && secret[0] != '\0')
    {
      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                   "A Pipedrive webhook secret is “user:password” for HTTP Basic");
      return FALSE;
    }

  created = _fc_sim_pipedrive_add_webhook (pd, body, error);
  return created != NULL;
}

JsonNode *
_fc_sim_pipedrive_describe_webhooks (FcSimProvider *provider)
{
  FcSimPipedrive *pd = provider->state;
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "webhooks");
  json_builder_begin_array (builder);
  for (guint i = 0; i < pd->webhooks->len; i++)
    json_builder_add_value (builder, webhook_to_json (pd, g_ptr_array_index (pd->webhooks, i)));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* The v1 API: {"status":"ok","success":true,"data":...} */

static void
respond_v1 (FcSimRequest *req,
            guint         status,
            JsonNode     *data)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, "ok");
  json_builder_set_member_name (builder, "success");
  json_builder_add_boolean_value (builder, TRUE);
  if (data != NULL)
    {
      json_builder_set_member_name (builder, "data");
      json_builder_add_value (builder, data);
    }
  json_builder_end_object (builder);
  _fc_sim_respond_builder (req, status, builder);
}

static void
handle_create (FcSimRequest *req)
{
  JsonObject *body = _fc_sim_pipedrive_body (req);
  g_autoptr (GError) error = NULL;
  JsonNode *webhook;

  if (body == NULL)
    return;

  webhook = _fc_sim_pipedrive_add_webhook (req->provider->state, body, &error);
  if (webhook == NULL)
    _fc_sim_pipedrive_respond (req, 400, error->message, NULL);
  else
    respond_v1 (req, 201, webhook);
}

static void
handle_list (FcSimRequest *req)
{
  FcSimPipedrive *pd = req->provider->state;
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; i < pd->webhooks->len; i++)
    json_array_add_element (array, webhook_to_json (pd, g_ptr_array_index (pd->webhooks, i)));
  json_node_take_array (node, array);
  respond_v1 (req, 200, node);
}

static void
handle_delete (FcSimRequest *req)
{
  FcSimPipedrive *pd = req->provider->state;
  const char *id = _fc_sim_request_get_param (req, "id");
  guint64 number = 0;

  for (guint i = 0; i < pd->webhooks->len; i++)
    {
      FcSimPipedriveWebhook *webhook = g_ptr_array_index (pd->webhooks, i);

      if (g_ascii_string_to_unsigned (id, 10, 0, G_MAXUINT32, &number, NULL)
          && webhook->id == number)
        {
          webhook_free (g_ptr_array_steal_index (pd->webhooks, i));
          respond_v1 (req, 200, NULL);
          return;
        }
    }

  _fc_sim_pipedrive_respond (req, 404, "Webhook not found", NULL);
}

void
_fc_sim_pipedrive_register_webhook_routes (FcSimPipedrive *pd)
{
  static const char * const prefixes[] = { "/v1/webhooks", "/api/v1/webhooks" };
  FcSim *sim = pd->provider->sim;

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    {
      g_autofree char *one = g_strdup_printf ("%s/{id}", prefixes[i]);

      _fc_sim_add_route (sim, pd->provider, "pipedrive", "POST", prefixes[i], "/v1/webhooks",
                         FC_SIM_ROUTE_API, 10, handle_create, NULL);
      _fc_sim_add_route (sim, pd->provider, "pipedrive", "GET", prefixes[i], "/v1/webhooks",
                         FC_SIM_ROUTE_API, 20, handle_list, NULL);
      _fc_sim_add_route (sim, pd->provider, "pipedrive", "DELETE", one, "/v1/webhooks/{id}",
                         FC_SIM_ROUTE_API, 6, handle_delete, NULL);
    }
}
