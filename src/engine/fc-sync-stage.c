/* fc-sync-stage.c: the records one run fetched, staged in a TEMP table of the store's connection
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A run never holds a whole side in memory: each fetched page goes to this table, matching works
 * on it with SQL (a join on the normalised match value finds counterparts fetched in the same
 * run), and the merge reads it back a chunk at a time. The table is TEMP: private to the
 * connection, gone with it, never in the database file or its WAL. Rows carry the run id so that
 * runs of different mappings can share it.
 */

#define G_LOG_DOMAIN "fc-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-store-private.h"
#include "fc-sync-store.h"

static const char stage_schema[] =
  "CREATE TEMP TABLE IF NOT EXISTS fc_staged ("
  "  run_id TEXT NOT NULL,"
  "  side TEXT NOT NULL,"
  "  record_id TEXT NOT NULL,"
  "  modified_ms INTEGER,"
  "  archived INTEGER NOT NULL DEFAULT 0,"
  "  match_value TEXT,"
  "  match_raw TEXT,"
  "  fields TEXT,"
  "  fetched INTEGER NOT NULL DEFAULT 1,"
  "  link_id INTEGER,"
  "  counterpart_id TEXT,"
  "  plan TEXT,"
  "  failed INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (run_id, side, record_id)"
  ");"
  "CREATE INDEX IF NOT EXISTS temp.fc_staged_match ON fc_staged (run_id, side, match_value);"
  "CREATE INDEX IF NOT EXISTS temp.fc_staged_link ON fc_staged (run_id, link_id);";

#define STAGED_COLUMNS \
  "rowid, side, record_id, modified_ms, archived, match_value, match_raw, fields, fetched, " \
  "link_id, counterpart_id, plan"

void
fc_sync_staged_free (FcSyncStaged *staged)
{
  if (staged == NULL)
    return;
  g_free (staged->record_id);
  g_free (staged->match_value);
  g_free (staged->match_raw);
  g_free (staged->fields_json);
  g_free (staged->counterpart_id);
  g_free (staged->plan);
  g_free (staged);
}

static FcSyncStaged *
staged_from_row (sqlite3_stmt *stmt)
{
  FcSyncStaged *staged = g_new0 (FcSyncStaged, 1);

  staged->rowid = sqlite3_column_int64 (stmt, 0);
  staged->side = g_strcmp0 (_fc_store_column_text (stmt, 1), "source") == 0
                 ? FC_SYNC_SIDE_SOURCE : FC_SYNC_SIDE_TARGET;
  staged->record_id = g_strdup (_fc_store_column_text (stmt, 2));
  staged->modified_ms = sqlite3_column_int64 (stmt, 3);
  staged->archived = sqlite3_column_int (stmt, 4) != 0;
  staged->match_value = g_strdup (_fc_store_column_text (stmt, 5));
  staged->match_raw = g_strdup (_fc_store_column_text (stmt, 6));
  staged->fields_json = g_strdup (_fc_store_column_text (stmt, 7));
  staged->fetched = sqlite3_column_int (stmt, 8) != 0;
  staged->link_id = sqlite3_column_int64 (stmt, 9);
  staged->counterpart_id = g_strdup (_fc_store_column_text (stmt, 10));
  staged->plan = g_strdup (_fc_store_column_text (stmt, 11));
  return staged;
}

static char *
fields_to_json (FcRecord *record)
{
  g_auto (GStrv) names = fc_record_list_fields (record);
  g_autoptr (JsonObject) object = json_object_new ();
  g_autoptr (JsonNode) root = NULL;

  for (guint i = 0; names[i] != NULL; i++)
    json_object_set_member (object, names[i],
                            json_node_copy (fc_record_get_field (record, names[i])));

  root = json_node_init_object (json_node_alloc (), object);
  return json_to_string (root, FALSE);
}

FcRecord *
fc_sync_staged_dup_record (FcSyncStaged *staged,
                           const char   *object_type)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (FcRecord) record = NULL;
  JsonObject *object;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (staged->fields_json == NULL)
    return NULL;
  root = json_from_string (staged->fields_json, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  record = fc_record_new (object_type, staged->record_id);
  fc_record_set_modified_ms (record, staged->modified_ms);
  fc_record_set_archived (record, staged->archived);
  object = json_node_get_object (root);
  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &value))
    fc_record_set_field (record, name, value);

  return g_steal_pointer (&record);
}

gboolean
fc_sync_store_stage_prepare (FcStore  *store,
                             GError  **error)
{
  return _fc_store_exec (store, stage_schema, error);
}

gboolean
fc_sync_store_stage_put (FcStore     *store,
                         const char  *run_id,
                         FcSyncSide   side,
                         FcRecord    *record,
                         const char  *match_raw,
                         const char  *match_value,
                         gboolean     fetched,
                         GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autofree char *fields = fields_to_json (record);

  /* A record modified while the listing ran may come twice: the later copy wins. */
  stmt = _fc_store_prepare (store,
                            "INSERT INTO fc_staged (run_id, side, record_id, modified_ms, "
                            "archived, match_value, match_raw, fields, fetched) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                            "ON CONFLICT (run_id, side, record_id) DO UPDATE SET "
                            "modified_ms = excluded.modified_ms, archived = excluded.archived, "
                            "match_value = excluded.match_value, match_raw = excluded.match_raw, "
                            "fields = excluded.fields, fetched = max (fetched, excluded.fetched) "
                            "WHERE excluded.modified_ms >= coalesce (modified_ms, 0)", error);
  if (stmt == NULL)
    return FALSE;
  _fc_store_bind_text (stmt, 1, run_id);
  _fc_store_bind_text (stmt, 2, fc_sync_side_to_string (side));
  _fc_store_bind_text (stmt, 3, fc_record_get_id (record));
  sqlite3_bind_int64 (stmt, 4, fc_record_get_modified_ms (record));
  sqlite3_bind_int (stmt, 5, fc_record_get_archived (record) ? 1 : 0);
  _fc_store_bind_text (stmt, 6, match_value);
  _fc_store_bind_text (stmt, 7, match_raw);
  _fc_store_bind_text (stmt, 8, fields);
  sqlite3_bind_int (stmt, 9, fetched ? 1 : 0);
  return _fc_store_step_done (store, stmt, _("Cannot stage a fetched record"), error);
}

gboolean
fc_sync_store_stage_clear (FcStore     *store,
                           const char  *run_id,
                           GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = _fc_store_prepare (store,
                                                     "DELETE FROM fc_staged WHERE run_id = ?",
                                                     error);

  if (stmt == NULL)
    return FALSE;
  _fc_store_bind_text (stmt, 1, run_id);
  return _fc_store_step_done (store, stmt, _("Cannot clear the staged records"), error);
}

guint
fc_sync_store_stage_count (FcStore     *store,
                           const char  *run_id,
                           int          side,
                           gboolean     fetched_only)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = _fc_store_prepare (store,
                            "SELECT count(*) FROM fc_staged WHERE run_id = ?1 "
                            "AND (?2 IS NULL OR side = ?2) AND (NOT ?3 OR fetched)", NULL);
  if (stmt == NULL)
    return 0;
  _fc_store_bind_text (stmt, 1, run_id);
  _fc_store_bind_text (stmt, 2, side < 0 ? NULL : fc_sync_side_to_string ((FcSyncSide) side));
  sqlite3_bind_int (stmt, 3, fetched_only ? 1 : 0);
  return sqlite3_step (stmt) == SQLITE_ROW ? (guint) sqlite3_column_int (stmt, 0) : 0;
}

guint
fc_sync_store_stage_count_items (FcStore    *store,
                                 const char *run_id)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = _fc_store_prepare (store,
                            "SELECT count(*) FROM fc_staged WHERE run_id = ? "
                            "AND (plan IS NULL OR plan IN ('link', 'create'))", NULL);
  if (stmt == NULL)
    return 0;
  _fc_store_bind_text (stmt, 1, run_id);
  return sqlite3_step (stmt) == SQLITE_ROW ? (guint) sqlite3_column_int (stmt, 0) : 0;
}

gboolean
fc_sync_store_stage_apply_links (FcStore     *store,
                                 const char  *run_id,
                                 const char  *mapping_id,
                                 GError     **error)
{
  static const char * const statements[] = {
    /* Each staged record's link, when it has one. */
    "UPDATE fc_staged SET (link_id, counterpart_id) = "
    "  (SELECT l.id, l.target_record_id FROM links l "
    "   WHERE l.mapping_id = ?2 AND l.source_record_id = fc_staged.record_id) "
    "WHERE run_id = ?1 AND side = 'source'",
    "UPDATE fc_staged SET (link_id, counterpart_id) = "
    "  (SELECT l.id, l.source_record_id FROM links l "
    "   WHERE l.mapping_id = ?2 AND l.target_record_id = fc_staged.record_id) "
    "WHERE run_id = ?1 AND side = 'target'",
    /* A link staged on both sides is handled once, from its source row. */
    "UPDATE fc_staged SET plan = 'paired' WHERE run_id = ?1 AND side = 'target' "
    "AND link_id IS NOT NULL AND EXISTS (SELECT 1 FROM fc_staged s WHERE s.run_id = ?1 "
    "  AND s.side = 'source' AND s.link_id = fc_staged.link_id)",
    /* Links with a resolution to write are merged even when neither record changed. */
    "INSERT OR IGNORE INTO fc_staged (run_id, side, record_id, fetched, link_id, "
    "  counterpart_id) "
    "SELECT ?1, 'source', l.source_record_id, 0, l.id, l.target_record_id FROM links l "
    "WHERE l.mapping_id = ?2 AND l.id IN (SELECT c.link_id FROM conflicts c "
    "  WHERE c.mapping_id = ?2 AND c.resolved_at IS NOT NULL AND c.applied_at IS NULL) "
    "AND NOT EXISTS (SELECT 1 FROM fc_staged t WHERE t.run_id = ?1 AND t.link_id = l.id)",
  };

  for (guint i = 0; i < G_N_ELEMENTS (statements); i++)
    {
      g_autoptr (sqlite3_stmt) stmt = _fc_store_prepare (store, statements[i], error);

      if (stmt == NULL)
        return FALSE;
      _fc_store_bind_text (stmt, 1, run_id);
      _fc_store_bind_text (stmt, 2, mapping_id);
      if (!_fc_store_step_done (store, stmt, _("Cannot look up the links of staged records"),
                                error))
        return FALSE;
    }

  return TRUE;
}

GPtrArray *
fc_sync_store_stage_next (FcStore     *store,
                          const char  *run_id,
                          FcSyncSide   side,
                          gint64       after_rowid,
                          guint        limit,
                          gboolean     unlinked,
                          GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                               fc_sync_staged_free);
  int rc;

  stmt = _fc_store_prepare (store,
                            unlinked
                            ? "SELECT " STAGED_COLUMNS " FROM fc_staged WHERE rowid > ?3 "
                              "AND run_id = ?1 AND side = ?2 AND link_id IS NULL "
                              "AND plan IS NULL ORDER BY rowid LIMIT ?4"
                            /* The unary + keeps SQLite from the (run_id, side) index, which
                             * would sort every staged row of the side on each call: the
                             * rowid range scan reads each row once over the whole run. */
                            : "SELECT " STAGED_COLUMNS " FROM fc_staged WHERE rowid > ?3 "
                              "AND +run_id = ?1 AND +side = ?2 "
                              "AND (plan IS NULL OR plan IN ('link', 'create')) "
                              "ORDER BY rowid LIMIT ?4", error);
  if (stmt == NULL)
    return NULL;
  _fc_store_bind_text (stmt, 1, run_id);
  _fc_store_bind_text (stmt, 2, fc_sync_side_to_string (side));
  sqlite3_bind_int64 (stmt, 3, after_rowid);
  sqlite3_bind_int (stmt, 4, limit);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, staged_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      _fc_store_set_error_from_db (store, rc, _("Cannot read the staged records"), error);
      return NULL;
    }

  return g_steal_pointer (&rows);
}

FcSyncStaged *
fc_sync_store_stage_get (FcStore     *store,
                         const char  *run_id,
                         FcSyncSide   side,
                         const char  *record_id,
                         GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = _fc_store_prepare (store,
                            "SELECT " STAGED_COLUMNS " FROM fc_staged "
                            "WHERE run_id = ? AND side = ? AND record_id = ?", error);
  if (stmt == NULL)
    return NULL;
  _fc_store_bind_text (stmt, 1, run_id);
  _fc_store_bind_text (stmt, 2, fc_sync_side_to_string (side));
  _fc_store_bind_text (stmt, 3, record_id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return staged_from_row (stmt);
  if (rc != SQLITE_DONE)
    _fc_store_set_error_from_db (store, rc, _("Cannot read a staged record"), error);
  return NULL;
}

GPtrArray *
fc_sync_store_stage_find_key (FcStore     *store,
                              const char  *run_id,
                              FcSyncSide   side,
                              const char  *match_value,
                              GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                               fc_sync_staged_free);
  int rc;

  stmt = _fc_store_prepare (store,
                            "SELECT " STAGED_COLUMNS " FROM fc_staged WHERE run_id = ? "
                            "AND side = ? AND match_value = ? ORDER BY rowid", error);
  if (stmt == NULL)
    return NULL;
  _fc_store_bind_text (stmt, 1, run_id);
  _fc_store_bind_text (stmt, 2, fc_sync_side_to_string (side));
  _fc_store_bind_text (stmt, 3, match_value);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, staged_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      _fc_store_set_error_from_db (store, rc, _("Cannot match staged records"), error);
      return NULL;
    }

  return g_steal_pointer (&rows);
}

gboolean
fc_sync_store_stage_set_plan (FcStore     *store,
                              const char  *run_id,
                              FcSyncSide   side,
                              const char  *record_id,
                              const char  *plan,
                              const char  *counterpart_id,
                              GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = _fc_store_prepare (store,
                            "UPDATE fc_staged SET plan = ?, "
                            "counterpart_id = coalesce (?, counterpart_id) "
                            "WHERE run_id = ? AND side = ? AND record_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  _fc_store_bind_text (stmt, 1, plan);
  _fc_store_bind_text (stmt, 2, counterpart_id);
  _fc_store_bind_text (stmt, 3, run_id);
  _fc_store_bind_text (stmt, 4, fc_sync_side_to_string (side));
  _fc_store_bind_text (stmt, 5, record_id);
  return _fc_store_step_done (store, stmt, _("Cannot plan a staged record"), error);
}

gboolean
fc_sync_store_stage_skip_unmatched (FcStore     *store,
                                    const char  *run_id,
                                    FcSyncSide   side,
                                    GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = _fc_store_prepare (store,
                            "UPDATE fc_staged SET plan = 'skip' WHERE run_id = ? AND side = ? "
                            "AND plan IS NULL AND link_id IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  _fc_store_bind_text (stmt, 1, run_id);
  _fc_store_bind_text (stmt, 2, fc_sync_side_to_string (side));
  return _fc_store_step_done (store, stmt, _("Cannot plan the staged records"), error);
}

gboolean
fc_sync_store_stage_mark_failed (FcStore     *store,
                                 const char  *run_id,
                                 FcSyncSide   side,
                                 const char  *record_id,
                                 GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = _fc_store_prepare (store,
                            "UPDATE fc_staged SET failed = 1 "
                            "WHERE run_id = ? AND side = ? AND record_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  _fc_store_bind_text (stmt, 1, run_id);
  _fc_store_bind_text (stmt, 2, fc_sync_side_to_string (side));
  _fc_store_bind_text (stmt, 3, record_id);
  return _fc_store_step_done (store, stmt, _("Cannot mark a staged record failed"), error);
}

gint64
fc_sync_store_stage_min_failed (FcStore     *store,
                                const char  *run_id,
                                FcSyncSide   side)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = _fc_store_prepare (store,
                            "SELECT min (modified_ms) FROM fc_staged WHERE run_id = ? "
                            "AND side = ? AND failed AND fetched", NULL);
  if (stmt == NULL)
    return -1;
  _fc_store_bind_text (stmt, 1, run_id);
  _fc_store_bind_text (stmt, 2, fc_sync_side_to_string (side));
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_type (stmt, 0) == SQLITE_NULL)
    return -1;
  return sqlite3_column_int64 (stmt, 0);
}
