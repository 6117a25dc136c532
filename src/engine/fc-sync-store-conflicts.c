/* fc-sync-store-conflicts.c: conflicts and intents in the store
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-enum-types.h"
#include "fc-json-text-private.h"
#include "fc-store-private.h"
#include "fc-sync-private.h"
#include "fc-sync-store.h"

/* ---- intents ---------------------------------------------------------------------------- */

void
fc_sync_intent_free (FcSyncIntent *intent)
{
  if (intent == NULL)
    return;
  g_free (intent->origin_id);
  g_free (intent->match_key);
  g_free (intent->payload);
  g_free (intent);
}

gboolean
fc_sync_store_add_intents (FcStore                   *store,
                           const char                *mapping_id,
                           const char                *run_id,
                           FcSyncSide                 side,
                           const FcSyncIntentRecord  *records,
                           guint                      n_records,
                           gint64                    *out_id,
                           GError                   **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GString) text = g_string_sized_new (256 * n_records + 2);

  g_string_append_c (text, '[');
  for (guint i = 0; i < n_records; i++)
    {
      if (i > 0)
        g_string_append_c (text, ',');
      g_string_append (text, "{\"origin\":");
      _fc_json_text_append_string (text, records[i].origin_id);
      g_string_append (text, ",\"matchKey\":");
      if (records[i].match_key != NULL)
        _fc_json_text_append_string (text, records[i].match_key);
      else
        g_string_append (text, "null");
      g_string_append (text, ",\"bases\":");
      g_string_append (text, records[i].payload != NULL ? records[i].payload : "null");
      g_string_append_c (text, '}');
    }
  g_string_append_c (text, ']');

  stmt = _fc_store_prepare (store,
                            "INSERT INTO intents (mapping_id, run_id, side, records, created_at) "
                            "VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  _fc_store_bind_text (stmt, 1, mapping_id);
  _fc_store_bind_text (stmt, 2, run_id);
  _fc_store_bind_text (stmt, 3, fc_sync_side_to_string (side));
  sqlite3_bind_text (stmt, 4, text->str, (int) text->len, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, _fc_store_now_ms ());
  if (!_fc_store_step_done (store, stmt, _("Cannot record the intent to create a record"),
                            error))
    return FALSE;
  *out_id = sqlite3_last_insert_rowid (_fc_store_get_db (store));
  return TRUE;
}

/* Keeps the intents of row @intent_id whose origin is (@keep) or is not (!@keep) in the JSON
 * array @origins, and removes the row when it keeps none. */
static gboolean
filter_intents (FcStore     *store,
                gint64       intent_id,
                const char  *origins,
                gboolean     keep,
                GError     **error)
{
  g_autoptr (sqlite3_stmt) update = NULL;
  g_autoptr (sqlite3_stmt) delete = NULL;

  update = _fc_store_prepare (store,
                              keep
                              ? "UPDATE intents SET records = (SELECT json_group_array (json "
                                "(value)) FROM json_each (records) WHERE json_extract (value, "
                                "'$.origin') IN (SELECT value FROM json_each (?2))) WHERE id = ?1"
                              : "UPDATE intents SET records = (SELECT json_group_array (json "
                                "(value)) FROM json_each (records) WHERE json_extract (value, "
                                "'$.origin') NOT IN (SELECT value FROM json_each (?2))) "
                                "WHERE id = ?1", error);
  if (update == NULL)
    return FALSE;
  sqlite3_bind_int64 (update, 1, intent_id);
  _fc_store_bind_text (update, 2, origins);
  if (!_fc_store_step_done (store, update, _("Cannot remove an intent"), error))
    return FALSE;

  delete = _fc_store_prepare (store,
                              "DELETE FROM intents WHERE id = ? "
                              "AND json_array_length (records) = 0", error);
  if (delete == NULL)
    return FALSE;
  sqlite3_bind_int64 (delete, 1, intent_id);
  return _fc_store_step_done (store, delete, _("Cannot remove an intent"), error);
}

gboolean
fc_sync_store_keep_intents (FcStore             *store,
                            gint64               intent_id,
                            const char * const  *kept_ids,
                            guint                n_kept,
                            GError             **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GPtrArray) ids = NULL;
  g_autofree char *text = NULL;

  /* Every create of the batch answered, as nearly always: the row goes without being read */
  if (n_kept == 0)
    {
      stmt = _fc_store_prepare (store, "DELETE FROM intents WHERE id = ?", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, intent_id);
      return _fc_store_step_done (store, stmt, _("Cannot remove an intent"), error);
    }

  ids = g_ptr_array_sized_new (n_kept + 1);
  for (guint i = 0; i < n_kept; i++)
    g_ptr_array_add (ids, (gpointer) kept_ids[i]);
  g_ptr_array_add (ids, NULL);
  text = _fc_store_strv_to_json ((const char * const *) ids->pdata);
  return filter_intents (store, intent_id, text, TRUE, error);
}

gboolean
fc_sync_store_remove_intent (FcStore     *store,
                             gint64       intent_id,
                             const char  *origin_id,
                             GError     **error)
{
  const char * const ids[] = { origin_id, NULL };
  g_autofree char *text = _fc_store_strv_to_json (ids);

  return filter_intents (store, intent_id, text, FALSE, error);
}

GPtrArray *
fc_sync_store_list_intents (FcStore     *store,
                            const char  *mapping_id,
                            GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GPtrArray) intents = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                                  fc_sync_intent_free);
  int rc;

  stmt = _fc_store_prepare (store,
                            "SELECT i.id, i.side, json_extract (r.value, '$.origin'), "
                            "json_extract (r.value, '$.matchKey'), "
                            "json_extract (r.value, '$.bases') "
                            "FROM intents i, json_each (i.records) r "
                            "WHERE i.mapping_id = ? ORDER BY i.id, r.key", error);
  if (stmt == NULL)
    return NULL;
  _fc_store_bind_text (stmt, 1, mapping_id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      FcSyncIntent *intent = g_new0 (FcSyncIntent, 1);

      intent->id = sqlite3_column_int64 (stmt, 0);
      intent->side = g_strcmp0 (_fc_store_column_text (stmt, 1), "source") == 0
                     ? FC_SYNC_SIDE_SOURCE : FC_SYNC_SIDE_TARGET;
      intent->origin_id = g_strdup (_fc_store_column_text (stmt, 2));
      intent->match_key = g_strdup (_fc_store_column_text (stmt, 3));
      intent->payload = g_strdup (_fc_store_column_text (stmt, 4));
      g_ptr_array_add (intents, intent);
    }
  if (rc != SQLITE_DONE)
    {
      _fc_store_set_error_from_db (store, rc, _("Cannot list the intents"), error);
      return NULL;
    }

  return g_steal_pointer (&intents);
}

/* ---- conflicts -------------------------------------------------------------------------- */

static char *
base_to_text (const char * const *source,
              const char * const *target)
{
  g_autoptr (JsonBuilder) builder = NULL;
  g_autoptr (JsonNode) root = NULL;

  if (source == NULL || target == NULL)
    return NULL;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "source");
  json_builder_begin_array (builder);
  for (guint i = 0; source[i] != NULL; i++)
    json_builder_add_string_value (builder, source[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "target");
  json_builder_begin_array (builder);
  for (guint i = 0; target[i] != NULL; i++)
    json_builder_add_string_value (builder, target[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static void
bind_ms_or_null (sqlite3_stmt *stmt,
                 int           index,
                 gint64        ms)
{
  if (ms > 0)
    sqlite3_bind_int64 (stmt, index, ms);
  else
    sqlite3_bind_null (stmt, index);
}

gboolean
fc_sync_store_record_conflict (FcStore                  *store,
                               const char               *mapping_id,
                               const char               *run_id,
                               const FcSyncConflictRow  *row,
                               GError                  **error)
{
  g_autoptr (sqlite3_stmt) update = NULL;
  g_autoptr (sqlite3_stmt) insert = NULL;
  g_autofree char *base = base_to_text (row->base_source, row->base_target);
  g_autofree char *source = _fc_store_strv_to_json (row->source);
  g_autofree char *target = _fc_store_strv_to_json (row->target);
  const char *strategy = fc_enum_to_nick (FC_TYPE_CONFLICT_STRATEGY, row->strategy);
  gint64 now = _fc_store_now_ms ();

  if (row->resolution == NULL)
    {
      update = _fc_store_prepare (store,
                                  "UPDATE conflicts SET run_id = ?, base_values = ?, "
                                  "source_values = ?, target_values = ?, source_modified_at = ?, "
                                  "target_modified_at = ?, strategy = ? "
                                  "WHERE link_id = ? AND pair_key = ? AND resolved_at IS NULL",
                                  error);
      if (update == NULL)
        return FALSE;
      _fc_store_bind_text (update, 1, run_id);
      _fc_store_bind_text (update, 2, base);
      _fc_store_bind_text (update, 3, source);
      _fc_store_bind_text (update, 4, target);
      bind_ms_or_null (update, 5, row->source_ms);
      bind_ms_or_null (update, 6, row->target_ms);
      _fc_store_bind_text (update, 7, strategy);
      sqlite3_bind_int64 (update, 8, row->link_id);
      _fc_store_bind_text (update, 9, row->pair_key);
      if (!_fc_store_step_done (store, update, _("Cannot record a conflict"), error))
        return FALSE;
      if (sqlite3_changes (_fc_store_get_db (store)) > 0)
        return TRUE;
      _fc_sync_store_mirror_add_conflict (store, row->link_id, row->pair_key);
    }

  insert = _fc_store_prepare (store,
                              "INSERT INTO conflicts (mapping_id, link_id, run_id, pair_key, "
                              "base_values, source_values, target_values, source_modified_at, "
                              "target_modified_at, strategy, resolution, created_at, "
                              "resolved_at, applied_at) "
                              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (insert == NULL)
    return FALSE;
  _fc_store_bind_text (insert, 1, mapping_id);
  sqlite3_bind_int64 (insert, 2, row->link_id);
  _fc_store_bind_text (insert, 3, run_id);
  _fc_store_bind_text (insert, 4, row->pair_key);
  _fc_store_bind_text (insert, 5, base);
  _fc_store_bind_text (insert, 6, source);
  _fc_store_bind_text (insert, 7, target);
  bind_ms_or_null (insert, 8, row->source_ms);
  bind_ms_or_null (insert, 9, row->target_ms);
  _fc_store_bind_text (insert, 10, strategy);
  _fc_store_bind_text (insert, 11, row->resolution);
  sqlite3_bind_int64 (insert, 12, now);
  if (row->resolution != NULL)
    {
      sqlite3_bind_int64 (insert, 13, now);
      sqlite3_bind_int64 (insert, 14, now);
    }
  return _fc_store_step_done (store, insert, _("Cannot record a conflict"), error);
}

gboolean
fc_sync_store_close_conflict (FcStore     *store,
                              gint64       link_id,
                              const char  *pair_key,
                              GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gint64 now = _fc_store_now_ms ();

  /* Most links have none: the statement would also write the rows held back (fc-sync-store.c)
   * one confirmed record at a time */
  if (!_fc_sync_store_mirror_has_conflict (store, link_id, pair_key))
    return TRUE;

  stmt = _fc_store_prepare (store,
                            "UPDATE conflicts SET resolved_at = ?, applied_at = ? "
                            "WHERE link_id = ? AND pair_key = ? AND resolved_at IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now);
  sqlite3_bind_int64 (stmt, 2, now);
  sqlite3_bind_int64 (stmt, 3, link_id);
  _fc_store_bind_text (stmt, 4, pair_key);
  return _fc_store_step_done (store, stmt, _("Cannot close a conflict"), error);
}

#define CONFLICT_COLUMNS \
  "c.id, c.mapping_id, m.name, c.link_id, l.source_record_id, l.target_record_id, c.run_id, " \
  "c.pair_key, c.base_values, c.source_values, c.target_values, c.source_modified_at, " \
  "c.target_modified_at, c.strategy, c.resolution, c.resolved_values, c.created_at, " \
  "c.resolved_at, c.applied_at"

static JsonObject *
conflict_from_row (sqlite3_stmt *stmt)
{
  JsonObject *conflict = json_object_new ();

  json_object_set_int_member (conflict, "id", sqlite3_column_int64 (stmt, 0));
  _fc_sync_store_set_text (conflict, "mappingId", stmt, 1);
  _fc_sync_store_set_text (conflict, "mappingName", stmt, 2);
  json_object_set_int_member (conflict, "linkId", sqlite3_column_int64 (stmt, 3));
  _fc_sync_store_set_text (conflict, "sourceRecordId", stmt, 4);
  _fc_sync_store_set_text (conflict, "targetRecordId", stmt, 5);
  _fc_sync_store_set_text (conflict, "runId", stmt, 6);
  _fc_sync_store_set_text (conflict, "pair", stmt, 7);
  _fc_sync_store_set_json (conflict, "base", stmt, 8);
  _fc_sync_store_set_json (conflict, "source", stmt, 9);
  _fc_sync_store_set_json (conflict, "target", stmt, 10);
  _fc_sync_store_set_time (conflict, "sourceModifiedAt", stmt, 11);
  _fc_sync_store_set_time (conflict, "targetModifiedAt", stmt, 12);
  _fc_sync_store_set_text (conflict, "strategy", stmt, 13);
  _fc_sync_store_set_text (conflict, "resolution", stmt, 14);
  _fc_sync_store_set_json (conflict, "resolvedValues", stmt, 15);
  _fc_sync_store_set_time (conflict, "createdAt", stmt, 16);
  _fc_sync_store_set_time (conflict, "resolvedAt", stmt, 17);
  _fc_sync_store_set_time (conflict, "appliedAt", stmt, 18);
  return conflict;
}

JsonArray *
fc_sync_store_list_conflicts (FcStore     *store,
                              const char  *mapping_id,
                              gboolean     open_only,
                              GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (JsonArray) conflicts = json_array_new ();
  int rc;

  stmt = _fc_store_prepare (store,
                            "SELECT " CONFLICT_COLUMNS " FROM conflicts c "
                            "LEFT JOIN mappings m ON m.id = c.mapping_id "
                            "LEFT JOIN links l ON l.id = c.link_id "
                            "WHERE (?1 IS NULL OR c.mapping_id = ?1) "
                            "AND (NOT ?2 OR c.resolved_at IS NULL) ORDER BY c.id", error);
  if (stmt == NULL)
    return NULL;
  _fc_store_bind_text (stmt, 1, mapping_id);
  sqlite3_bind_int (stmt, 2, open_only ? 1 : 0);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    json_array_add_object_element (conflicts, conflict_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      _fc_store_set_error_from_db (store, rc, _("Cannot list the conflicts"), error);
      return NULL;
    }

  return g_steal_pointer (&conflicts);
}

JsonObject *
fc_sync_store_get_conflict (FcStore  *store,
                            gint64    conflict_id,
                            GError  **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = _fc_store_prepare (store,
                            "SELECT " CONFLICT_COLUMNS " FROM conflicts c "
                            "LEFT JOIN mappings m ON m.id = c.mapping_id "
                            "LEFT JOIN links l ON l.id = c.link_id WHERE c.id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, conflict_id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return conflict_from_row (stmt);
  if (rc == SQLITE_DONE)
    g_set_error (error, FC_STORE_ERROR, FC_STORE_ERROR_NOT_FOUND,
                 _("No conflict %lld"), (long long) conflict_id);
  else
    _fc_store_set_error_from_db (store, rc, _("Cannot read the conflict"), error);
  return NULL;
}

gboolean
fc_sync_store_resolve_conflict (FcStore     *store,
                                gint64       conflict_id,
                                const char  *take,
                                JsonObject  *values,
                                GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autofree char *values_text = _fc_sync_store_json_text (values);

  stmt = _fc_store_prepare (store,
                            "UPDATE conflicts SET resolution = ?, resolved_values = ?, "
                            "resolved_at = ?, applied_at = NULL "
                            "WHERE id = ? AND resolved_at IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  _fc_store_bind_text (stmt, 1, take);
  _fc_store_bind_text (stmt, 2, values_text);
  sqlite3_bind_int64 (stmt, 3, _fc_store_now_ms ());
  sqlite3_bind_int64 (stmt, 4, conflict_id);
  if (!_fc_store_step_done (store, stmt, _("Cannot resolve the conflict"), error))
    return FALSE;

  if (sqlite3_changes (_fc_store_get_db (store)) == 0)
    {
      g_set_error (error, FC_STORE_ERROR, FC_STORE_ERROR_NOT_FOUND,
                   _("No open conflict %lld"), (long long) conflict_id);
      return FALSE;
    }
  return TRUE;
}

void
fc_sync_resolution_free (FcSyncResolution *resolution)
{
  if (resolution == NULL)
    return;
  g_free (resolution->pair_key);
  g_free (resolution->take);
  g_strfreev (resolution->source_values);
  g_strfreev (resolution->target_values);
  g_free (resolution);
}

static GStrv
strv_member (JsonObject *object,
             const char *member)
{
  JsonArray *array = object != NULL && json_object_has_member (object, member)
                     ? json_object_get_array_member (object, member) : NULL;
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  if (array == NULL)
    return NULL;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      const char *value = json_node_get_value_type (json_array_get_element (array, i))
                          == G_TYPE_STRING ? json_array_get_string_element (array, i) : "";
      g_strv_builder_add (builder, value);
    }
  return g_strv_builder_end (builder);
}

gboolean
fc_sync_store_has_resolutions (FcStore     *store,
                               const char  *mapping_id,
                               GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = _fc_store_prepare (store,
                            "SELECT EXISTS (SELECT 1 FROM conflicts WHERE mapping_id = ? "
                            "AND resolved_at IS NOT NULL AND applied_at IS NULL)", error);
  if (stmt == NULL)
    return FALSE;
  _fc_store_bind_text (stmt, 1, mapping_id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int (stmt, 0) != 0;
  _fc_store_set_error_from_db (store, rc, _("Cannot list the resolved conflicts"), error);
  return FALSE;
}

GPtrArray *
fc_sync_store_list_resolutions (FcStore  *store,
                                gint64    link_id,
                                GError  **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GPtrArray) resolutions =
    g_ptr_array_new_with_free_func ((GDestroyNotify) fc_sync_resolution_free);
  int rc;

  stmt = _fc_store_prepare (store,
                            "SELECT id, pair_key, resolution, resolved_values FROM conflicts "
                            "WHERE link_id = ? AND resolved_at IS NOT NULL AND applied_at IS NULL "
                            "ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, link_id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      FcSyncResolution *resolution = g_new0 (FcSyncResolution, 1);
      const char *values = _fc_store_column_text (stmt, 3);

      resolution->conflict_id = sqlite3_column_int64 (stmt, 0);
      resolution->pair_key = g_strdup (_fc_store_column_text (stmt, 1));
      resolution->take = g_strdup (_fc_store_column_text (stmt, 2));
      if (resolution->take == NULL && values != NULL)
        {
          g_autoptr (JsonNode) node = json_from_string (values, NULL);
          JsonObject *object = node != NULL && JSON_NODE_HOLDS_OBJECT (node)
                               ? json_node_get_object (node) : NULL;

          resolution->source_values = strv_member (object, "source");
          resolution->target_values = strv_member (object, "target");
        }
      g_ptr_array_add (resolutions, resolution);
    }
  if (rc != SQLITE_DONE)
    {
      _fc_store_set_error_from_db (store, rc, _("Cannot list the resolved conflicts"), error);
      return NULL;
    }

  return g_steal_pointer (&resolutions);
}

gboolean
fc_sync_store_mark_applied (FcStore  *store,
                            gint64    conflict_id,
                            GError  **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = _fc_store_prepare (store, "UPDATE conflicts SET applied_at = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, _fc_store_now_ms ());
  sqlite3_bind_int64 (stmt, 2, conflict_id);
  return _fc_store_step_done (store, stmt, _("Cannot mark a resolution written"), error);
}
