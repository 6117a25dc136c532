/* fc-sync-result.c: the outcome of a sync run, and the lines of its plan
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-enum-types.h"
#include "fc-sync-private.h"

G_DEFINE_QUARK (fc-sync-error-quark, fc_sync_error)

G_DEFINE_BOXED_TYPE (FcSyncResult, fc_sync_result, fc_sync_result_ref, fc_sync_result_unref)
G_DEFINE_BOXED_TYPE (FcSyncTarget, fc_sync_target, fc_sync_target_copy, fc_sync_target_free)

FcSyncTarget *
fc_sync_target_new (FcSyncSide          side,
                    const char         *record_id,
                    gboolean            deleted,
                    const char * const *merged_ids)
{
  FcSyncTarget *target;

  g_return_val_if_fail (record_id != NULL, NULL);

  target = g_new0 (FcSyncTarget, 1);
  target->side = side;
  target->record_id = g_strdup (record_id);
  target->deleted = deleted;
  target->merged_ids = merged_ids != NULL && merged_ids[0] != NULL
                       ? g_strdupv ((char **) merged_ids) : NULL;
  return target;
}

FcSyncTarget *
fc_sync_target_copy (const FcSyncTarget *target)
{
  g_return_val_if_fail (target != NULL, NULL);
  return fc_sync_target_new (target->side, target->record_id, target->deleted,
                             (const char * const *) target->merged_ids);
}

void
fc_sync_target_free (FcSyncTarget *target)
{
  if (target == NULL)
    return;

  g_free (target->record_id);
  g_strfreev (target->merged_ids);
  g_free (target);
}

void
_fc_sync_options_copy (FcSyncOptions       *dest,
                       const FcSyncOptions *src)
{
  *dest = *src;
  dest->targets = NULL;
  if (src->targets != NULL)
    {
      dest->targets = g_ptr_array_new_with_free_func ((GDestroyNotify) fc_sync_target_free);
      _fc_sync_options_add_targets (dest, src->targets);
    }
  dest->approved_run_id = g_strdup (src->approved_run_id);
  if (dest->approved_run_id != NULL)
    dest->approved = TRUE;
}

void
_fc_sync_options_add_targets (FcSyncOptions *options,
                              GPtrArray     *targets)
{
  for (guint i = 0; targets != NULL && i < targets->len; i++)
    g_ptr_array_add (options->targets, fc_sync_target_copy (g_ptr_array_index (targets, i)));
}

void
_fc_sync_options_clear (FcSyncOptions *options)
{
  g_clear_pointer (&options->targets, g_ptr_array_unref);
  g_clear_pointer ((char **) &options->approved_run_id, g_free);
}

const char *
fc_sync_side_to_string (FcSyncSide side)
{
  return side == FC_SYNC_SIDE_SOURCE ? "source" : "target";
}

const char *
fc_sync_plan_kind_to_string (FcSyncPlanKind kind)
{
  static const char * const names[] = {
    "create", "update", "link", "conflict", "skip", "park", "delete",
  };

  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (names), NULL);
  return names[kind];
}

FcSyncPlanEntry *
_fc_sync_plan_entry_new (FcSyncPlanKind  kind,
                         FcSyncSide      side,
                         const char     *source_id,
                         const char     *target_id,
                         const char     *message,
                         JsonObject     *fields)
{
  FcSyncPlanEntry *entry = g_new0 (FcSyncPlanEntry, 1);

  entry->kind = kind;
  entry->side = side;
  entry->source_id = g_strdup (source_id);
  entry->target_id = g_strdup (target_id);
  entry->message = g_strdup (message);
  entry->fields = fields != NULL ? json_object_ref (fields) : NULL;
  return entry;
}

void
fc_sync_plan_entry_free (FcSyncPlanEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->source_id);
  g_free (entry->target_id);
  g_free (entry->message);
  g_clear_pointer (&entry->fields, json_object_unref);
  g_free (entry);
}

JsonNode *
fc_sync_plan_entry_to_json (FcSyncPlanEntry *entry)
{
  JsonObject *object = json_object_new ();
  JsonNode *node;

  json_object_set_string_member (object, "kind", fc_sync_plan_kind_to_string (entry->kind));
  json_object_set_string_member (object, "side", fc_sync_side_to_string (entry->side));
  if (entry->source_id != NULL)
    json_object_set_string_member (object, "sourceRecordId", entry->source_id);
  else
    json_object_set_null_member (object, "sourceRecordId");
  if (entry->target_id != NULL)
    json_object_set_string_member (object, "targetRecordId", entry->target_id);
  else
    json_object_set_null_member (object, "targetRecordId");
  if (entry->message != NULL)
    json_object_set_string_member (object, "message", entry->message);
  if (entry->fields != NULL)
    json_object_set_object_member (object, "fields", json_object_ref (entry->fields));

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, object);
  return node;
}

FcSyncResult *
_fc_sync_result_new (const char *run_id,
                     const char *mapping_id,
                     gboolean    dry_run)
{
  FcSyncResult *result = g_atomic_rc_box_new0 (FcSyncResult);

  result->run_id = g_strdup (run_id);
  result->mapping_id = g_strdup (mapping_id);
  result->dry_run = dry_run;
  result->status = FC_SYNC_STATUS_PENDING;
  result->plan = g_ptr_array_new_with_free_func ((GDestroyNotify) fc_sync_plan_entry_free);
  return result;
}

FcSyncResult *
fc_sync_result_ref (FcSyncResult *result)
{
  g_return_val_if_fail (result != NULL, NULL);
  return g_atomic_rc_box_acquire (result);
}

static void
result_clear (FcSyncResult *result)
{
  g_free (result->run_id);
  g_free (result->mapping_id);
  g_free (result->error);
  g_free (result->message);
  g_free (result->approved_run_id);
  g_ptr_array_unref (result->plan);
}

void
fc_sync_result_unref (FcSyncResult *result)
{
  g_return_if_fail (result != NULL);
  g_atomic_rc_box_release_full (result, (GDestroyNotify) result_clear);
}

const char *
fc_sync_result_get_run_id (FcSyncResult *result)
{
  g_return_val_if_fail (result != NULL, NULL);
  return result->run_id;
}

const char *
fc_sync_result_get_mapping_id (FcSyncResult *result)
{
  g_return_val_if_fail (result != NULL, NULL);
  return result->mapping_id;
}

FcSyncStatus
fc_sync_result_get_status (FcSyncResult *result)
{
  g_return_val_if_fail (result != NULL, FC_SYNC_STATUS_FAILED);
  return result->status;
}

gboolean
fc_sync_result_get_dry_run (FcSyncResult *result)
{
  g_return_val_if_fail (result != NULL, FALSE);
  return result->dry_run;
}

const FcSyncCounts *
fc_sync_result_get_counts (FcSyncResult *result)
{
  g_return_val_if_fail (result != NULL, NULL);
  return &result->counts;
}

gint64
fc_sync_result_get_duration_ms (FcSyncResult *result)
{
  g_return_val_if_fail (result != NULL, 0);
  return result->duration_ms;
}

const char *
fc_sync_result_get_error (FcSyncResult *result)
{
  g_return_val_if_fail (result != NULL, NULL);
  return result->error;
}

const char *
fc_sync_result_get_message (FcSyncResult *result)
{
  g_return_val_if_fail (result != NULL, NULL);
  return result->message;
}

const char *
fc_sync_result_get_approved_run_id (FcSyncResult *result)
{
  g_return_val_if_fail (result != NULL, NULL);
  return result->approved_run_id;
}

GPtrArray *
fc_sync_result_get_plan (FcSyncResult *result)
{
  g_return_val_if_fail (result != NULL, NULL);
  return result->plan;
}

JsonObject *
_fc_sync_counts_to_json (const FcSyncCounts *counts)
{
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "fetched", counts->fetched);
  json_object_set_int_member (object, "created", counts->created);
  json_object_set_int_member (object, "updated", counts->updated);
  json_object_set_int_member (object, "skipped", counts->skipped);
  json_object_set_int_member (object, "conflicts", counts->conflicts);
  json_object_set_int_member (object, "failed", counts->failed);
  json_object_set_int_member (object, "parked", counts->parked);
  return object;
}

JsonNode *
fc_sync_result_to_json (FcSyncResult *result)
{
  JsonObject *object = json_object_new ();
  JsonArray *plan = json_array_new ();
  JsonNode *node;

  g_return_val_if_fail (result != NULL, NULL);

  json_object_set_string_member (object, "runId", result->run_id);
  json_object_set_string_member (object, "mappingId", result->mapping_id);
  json_object_set_string_member (object, "status",
                                 fc_enum_to_nick (FC_TYPE_SYNC_STATUS, result->status));
  json_object_set_boolean_member (object, "dryRun", result->dry_run);
  json_object_set_int_member (object, "durationMs", result->duration_ms);
  json_object_set_object_member (object, "counts", _fc_sync_counts_to_json (&result->counts));
  if (result->error != NULL)
    json_object_set_string_member (object, "error", result->error);
  else
    json_object_set_null_member (object, "error");
  if (result->message != NULL)
    json_object_set_string_member (object, "message", result->message);
  else
    json_object_set_null_member (object, "message");
  if (result->approved_run_id != NULL)
    json_object_set_string_member (object, "approvedRunId", result->approved_run_id);
  else
    json_object_set_null_member (object, "approvedRunId");

  for (guint i = 0; i < result->plan->len; i++)
    json_array_add_element (plan, fc_sync_plan_entry_to_json (g_ptr_array_index (result->plan,
                                                                                 i)));
  json_object_set_array_member (object, "plan", plan);

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, object);
  return node;
}
