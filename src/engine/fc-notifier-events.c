/* fc-notifier-events.c: the engine's events into payloads and rows of the delivery queue
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-notifier"

#include "config.h"

#include "fc-notifier-private.h"
#include "fc-store-private.h"

static void
copy_member (JsonObject  *object,
             const char  *name,
             JsonNode    *node,
             gpointer     user_data)
{
  JsonObject *into = user_data;

  if (!json_object_has_member (into, name))
    json_object_set_member (into, name, json_node_copy (node));
}

/* The engine names a run "runId" and its counts "counts"; the document calls them "jobId" and
 * "stats" and lists jobId, mappingId, status and stats first. Everything else the engine said
 * follows, unchanged. */
static JsonObject *
shape_data (const char *type,
            JsonNode   *data)
{
  JsonObject *source = data != NULL && JSON_NODE_HOLDS_OBJECT (data)
                       ? json_node_get_object (data) : NULL;
  JsonObject *shaped = json_object_new ();

  if (source == NULL)
    return shaped;

  if (json_object_has_member (source, "runId"))
    json_object_set_member (shaped, "jobId",
                            json_node_copy (json_object_get_member (source, "runId")));
  if (g_str_has_prefix (type, "sync."))
    {
      JsonNode *counts_node = json_object_get_member (source, "counts");
      JsonObject *counts = counts_node != NULL && JSON_NODE_HOLDS_OBJECT (counts_node)
                           ? json_node_get_object (counts_node) : NULL;
      static const char * const stat_names[] = {
        "fetched", "created", "updated", "failed", "skipped", "conflicts", "parked"
      };

      if (json_object_has_member (source, "mappingId"))
        copy_member (source, "mappingId", json_object_get_member (source, "mappingId"), shaped);
      if (json_object_has_member (source, "status"))
        copy_member (source, "status", json_object_get_member (source, "status"), shaped);
      if (counts != NULL)
        {
          JsonObject *stats = json_object_new ();

          for (guint i = 0; i < G_N_ELEMENTS (stat_names); i++)
            json_object_set_int_member (stats, stat_names[i],
                                        json_object_get_int_member_with_default (counts,
                                                                                 stat_names[i],
                                                                                 0));
          json_object_set_object_member (shaped, "stats", stats);
        }
    }

  json_object_foreach_member (source, copy_member, shaped);
  json_object_remove_member (shaped, "runId");
  if (json_object_has_member (shaped, "stats"))
    json_object_remove_member (shaped, "counts");
  return shaped;
}

static char *
build_payload (const char  *type,
               JsonNode    *data,
               const char  *event_id)
{
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *timestamp = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  JsonObject *payload = json_object_new ();
  JsonObject *metadata = json_object_new ();

  json_object_set_string_member (payload, "eventType", type);
  json_object_set_string_member (payload, "timestamp", timestamp);
  json_object_set_object_member (payload, "data", shape_data (type, data));
  json_object_set_string_member (metadata, "fluxcascadeEventId", event_id);
  json_object_set_object_member (payload, "metadata", metadata);
  json_node_take_object (root, payload);

  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static gboolean
queue_event (FcNotifier  *self,
             const char  *type,
             GPtrArray   *endpoints,
             const char  *event_id,
             const char  *payload,
             GError     **error)
{
  if (!fc_store_transaction_begin (self->store, error))
    return FALSE;

  for (guint i = 0; i < endpoints->len; i++)
    {
      FcEndpoint *endpoint = g_ptr_array_index (endpoints, i);
      FcDeliveryStatus status = fc_endpoint_get_enabled (endpoint) ? FC_DELIVERY_STATUS_PENDING
                                                                   : FC_DELIVERY_STATUS_SKIPPED;

      if (!_fc_notifier_store_insert_delivery (self->store, fc_endpoint_get_id (endpoint),
                                               event_id, type, payload, status, NULL, error))
        {
          fc_store_transaction_rollback (self->store);
          return FALSE;
        }
    }

  return fc_store_transaction_commit (self->store, error);
}

/* A dry run only shows a plan: telling other systems that a sync completed with 15 records
 * created, when none was, would mislead them. */
static gboolean
is_dry_run (JsonNode *data)
{
  return data != NULL && JSON_NODE_HOLDS_OBJECT (data) &&
         json_object_get_boolean_member_with_default (json_node_get_object (data), "dryRun",
                                                      FALSE);
}

gboolean
_fc_notifier_wants_event (FcNotifier *self,
                          const char *type)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->endpoints));

  if (!fc_notifier_is_event_type (type))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (FcEndpoint) endpoint = g_list_model_get_item (G_LIST_MODEL (self->endpoints), i);

      if (fc_endpoint_wants (endpoint, type))
        return TRUE;
    }
  return FALSE;
}

void
_fc_notifier_queue_event (FcNotifier *self,
                          const char *type,
                          JsonNode   *data)
{
  g_autoptr (GPtrArray) wanting = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GError) error = NULL;
  g_autofree char *event_id = NULL;
  g_autofree char *payload = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->endpoints));

  if (!fc_notifier_is_event_type (type) || is_dry_run (data))
    return;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (FcEndpoint) endpoint = g_list_model_get_item (G_LIST_MODEL (self->endpoints), i);

      if (fc_endpoint_wants (endpoint, type))
        g_ptr_array_add (wanting, g_steal_pointer (&endpoint));
    }
  if (wanting->len == 0)
    return;

  event_id = _fc_store_new_id ("evt_");
  payload = build_payload (type, data, event_id);
  if (!queue_event (self, type, wanting, event_id, payload, &error))
    {
      g_warning ("Event %s (%s) could not be queued for webhooks: %s", type, event_id,
                 error->message);
      return;
    }

  for (guint i = 0; i < wanting->len; i++)
    _fc_notifier_emit_deliveries_changed (self,
                                          fc_endpoint_get_id (g_ptr_array_index (wanting, i)));
  _fc_notifier_queue_pump (self);
}
