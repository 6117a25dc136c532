/* fc-pipedrive-webhook.c: verifying and reading Pipedrive webhook deliveries
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-pipedrive"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "fc-pipedrive-connector-private.h"
#include "fc-pipedrive-webhook.h"

/* Pipedrive signs nothing: it sends the webhook's HTTP Basic credentials. */
static gboolean
verify_credentials (SoupMessageHeaders  *headers,
                    const char          *secret,
                    GError             **error)
{
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");
  g_autofree guchar *decoded = NULL;
  g_autofree char *given = NULL;
  gsize length = 0;

  if (authorization == NULL || g_ascii_strncasecmp (authorization, "Basic ", 6) != 0)
    {
      g_set_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_SIGNATURE,
                   _("Pipedrive webhook: the request carries no HTTP Basic credentials"));
      return FALSE;
    }

  decoded = g_base64_decode (authorization + 6, &length);
  given = g_strndup ((const char *) decoded, length);
  if (!_fc_connector_secure_equal (given, secret))
    {
      g_set_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_SIGNATURE,
                   _("Pipedrive webhook: the HTTP Basic credentials are not the ones set for "
                     "this connection"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
kind_for_action (const char         *action,
                 FcWebhookEventKind *kind)
{
  static const struct { const char *action; FcWebhookEventKind kind; } actions[] = {
    { "create", FC_WEBHOOK_EVENT_CREATE }, { "added", FC_WEBHOOK_EVENT_CREATE },
    { "change", FC_WEBHOOK_EVENT_UPDATE }, { "updated", FC_WEBHOOK_EVENT_UPDATE },
    { "delete", FC_WEBHOOK_EVENT_DELETE }, { "deleted", FC_WEBHOOK_EVENT_DELETE },
    { "merged", FC_WEBHOOK_EVENT_MERGE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    if (g_strcmp0 (actions[i].action, action) == 0)
      {
        *kind = actions[i].kind;
        return TRUE;
      }
  return FALSE;
}

/* v2: an ISO 8601 string; v1: Unix seconds, as a number or as ten digits. */
static GDateTime *
event_time (JsonObject *meta)
{
  JsonNode *node = json_object_get_member (meta, "timestamp");
  const char *text;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    {
      gint64 seconds = json_node_get_int (node);

      /* no time at all rather than an overflow in milliseconds */
      if (seconds < 0 || seconds > G_MAXINT64 / 1000)
        return NULL;
      return _fc_connector_date_time_from_ms (seconds * 1000);
    }
  if (json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  text = json_node_get_string (node);
  if (strlen (text) == 10 && strspn (text, "0123456789") == 10)
    return _fc_connector_date_time_from_ms (g_ascii_strtoll (text, NULL, 10) * 1000);
  return _fc_connector_date_time_from_ms (_fc_connector_parse_time_ms (text));
}

/* An id for dropping duplicate deliveries: v2's event uuid; v1 has none, so its webhook, record
 * and time to the microsecond. */
static char *
dup_event_id (JsonObject *meta,
              const char *record_id)
{
  g_autofree char *uuid = NULL;
  g_autofree char *webhook = NULL;
  g_autofree char *micro = NULL;

  if (_fc_json_get_string (meta, "entity") != NULL)
    uuid = _fc_json_dup_id (meta, "id");
  if (uuid != NULL)
    return g_steal_pointer (&uuid);

  webhook = _fc_json_dup_id (meta, "webhook_id");
  micro = _fc_json_dup_id (meta, "timestamp_micro");
  return g_strdup_printf ("%s:%s:%s", webhook != NULL ? webhook : "", record_id,
                          micro != NULL ? micro : "");
}

/* The event meta describes, or NULL: with @error when meta cannot be read, without when the
 * entity is not one the connector syncs. */
static FcWebhookEvent *
event_from_meta (JsonObject  *meta,
                 GError     **error)
{
  g_autoptr (GDateTime) occurred = NULL;
  g_autofree char *record_id = NULL;
  g_autofree char *event_id = NULL;
  g_autofree char *merged_to = NULL;
  const FcPipedriveType *type;
  FcWebhookEventKind kind;
  FcWebhookEvent *event;
  const char *entity;

  /* v2: entity and entity_id; v1: object and id */
  entity = _fc_json_get_string (meta, "entity");
  record_id = _fc_json_dup_id (meta, entity != NULL ? "entity_id" : "id");
  if (entity == NULL)
    entity = _fc_json_get_string (meta, "object");
  if (entity == NULL || record_id == NULL
      || !kind_for_action (_fc_json_get_string (meta, "action"), &kind))
    {
      g_set_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_INVALID_WEBHOOK,
                   _("Pipedrive webhook: meta lacks a known action, the entity or its id"));
      return NULL;
    }

  type = _fc_pipedrive_find_type_by_entity (entity);
  if (type == NULL)
    return NULL;

  event_id = dup_event_id (meta, record_id);
  occurred = event_time (meta);

  /* v2 reports a merge as the delete of the record merged away, naming the one kept */
  merged_to = _fc_json_dup_id (meta, "merged_to_id");
  if (kind == FC_WEBHOOK_EVENT_DELETE && merged_to != NULL)
    {
      const char *merged[] = { record_id, NULL };

      event = fc_webhook_event_new (FC_WEBHOOK_EVENT_MERGE, type->name, merged_to, event_id,
                                    occurred);
      fc_webhook_event_set_merged_ids (event, merged);
      return event;
    }
  return fc_webhook_event_new (kind, type->name, record_id, event_id, occurred);
}

GPtrArray *
_fc_pipedrive_parse_webhook (FcConnector         *connector,
                             const char          *method,
                             const char          *url,
                             SoupMessageHeaders  *headers,
                             GBytes              *body,
                             const char          *secret,
                             GError             **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                                 fc_webhook_event_unref);
  g_autoptr (GError) event_error = NULL;
  FcWebhookEvent *event;
  JsonObject *meta = NULL;
  gsize size = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &size) : NULL;

  if (!verify_credentials (headers, secret, error))
    return NULL;

  /* Pipedrive sends one event per delivery */
  if (size > 0 && _fc_json_nesting_fits (data, size)
      && json_parser_load_from_data (parser, data, (gssize) size, NULL)
      && json_parser_get_root (parser) != NULL  /* NULL for a body of only white space */
      && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    meta = _fc_json_get_object (json_node_get_object (json_parser_get_root (parser)), "meta");
  if (meta == NULL)
    {
      g_set_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_INVALID_WEBHOOK,
                   _("Pipedrive webhook: the body is not a JSON object with meta"));
      return NULL;
    }

  event = event_from_meta (meta, &event_error);
  if (event_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&event_error));
      return NULL;
    }
  if (event != NULL)
    g_ptr_array_add (events, event);
  return g_steal_pointer (&events);
}

/* ---- registration through the webhooks API ------------------------------------------- */

const char *
fc_pipedrive_webhook_entity_for_object (const char *object_type)
{
  const FcPipedriveType *type = _fc_pipedrive_find_type (object_type);

  return type != NULL ? type->entity : NULL;
}

static void
on_registered_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  JsonNode *data = NULL;

  root = fc_http_request_finish (FC_HTTP (source), result, NULL, NULL, &error);
  if (root != NULL)
    data = _fc_pipedrive_get_data (root, _("Creating a Pipedrive webhook"), NULL, &error);
  if (data != NULL && JSON_NODE_HOLDS_OBJECT (data))
    id = _fc_json_dup_id (json_node_get_object (data), "id");
  if (error == NULL && id == NULL)
    _fc_connector_set_bad_response (&error, _("Creating a Pipedrive webhook"),
                                    "no id of the new webhook");
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_steal_pointer (&id), g_free);
}

void
fc_pipedrive_register_webhook_async (FcConnector         *connector,
                                     const char          *url,
                                     const char          *event_object,
                                     const char          *user,
                                     const char          *password,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) body = NULL;

  g_return_if_fail (G_TYPE_CHECK_INSTANCE_TYPE (connector, FC_TYPE_PIPEDRIVE_CONNECTOR));
  g_return_if_fail (url != NULL && event_object != NULL);

  task = g_task_new (connector, cancellable, callback, user_data);
  g_task_set_source_tag (task, fc_pipedrive_register_webhook_async);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "subscription_url");
  json_builder_add_string_value (builder, url);
  json_builder_set_member_name (builder, "event_action");
  json_builder_add_string_value (builder, "*");
  json_builder_set_member_name (builder, "event_object");
  json_builder_add_string_value (builder, event_object);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, "FluxCascade");
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, "2.0");
  if (user != NULL && password != NULL)
    {
      json_builder_set_member_name (builder, "http_auth_user");
      json_builder_add_string_value (builder, user);
      json_builder_set_member_name (builder, "http_auth_password");
      json_builder_add_string_value (builder, password);
    }
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  fc_http_request_async (fc_connector_get_http (connector), "POST", "/v1/webhooks", body,
                         _fc_pipedrive_connector_get_limiter (FC_PIPEDRIVE_CONNECTOR (connector)),
                         FC_HTTP_FLAG_NOT_IDEMPOTENT, _("Creating a Pipedrive webhook"),
                         cancellable, on_registered_cb, g_steal_pointer (&task));
}

char *
fc_pipedrive_register_webhook_finish (FcConnector   *connector,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, connector), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_unregistered_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) error = NULL;

  root = fc_http_request_finish (FC_HTTP (source), result, NULL, NULL, &error);
  if (error != NULL && !g_error_matches (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_NOT_FOUND))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
fc_pipedrive_unregister_webhook_async (FcConnector         *connector,
                                       const char          *webhook_id,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (G_TYPE_CHECK_INSTANCE_TYPE (connector, FC_TYPE_PIPEDRIVE_CONNECTOR));
  g_return_if_fail (webhook_id != NULL);

  task = g_task_new (connector, cancellable, callback, user_data);
  g_task_set_source_tag (task, fc_pipedrive_unregister_webhook_async);

  escaped = g_uri_escape_string (webhook_id, NULL, FALSE);
  path = g_strdup_printf ("/v1/webhooks/%s", escaped);
  fc_http_request_async (fc_connector_get_http (connector), "DELETE", path, NULL,
                         _fc_pipedrive_connector_get_limiter (FC_PIPEDRIVE_CONNECTOR (connector)),
                         FC_HTTP_FLAG_NONE, _("Deleting a Pipedrive webhook"), cancellable,
                         on_unregistered_cb, g_steal_pointer (&task));
}

gboolean
fc_pipedrive_unregister_webhook_finish (FcConnector   *connector,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, connector), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
