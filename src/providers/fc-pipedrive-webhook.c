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
    return _fc_connector_date_time_from_ms (json_node_get_int (node) * 1000);
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
  if (size > 0 && json_parser_load_from_data (parser, data, (gssize) size, NULL)
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
