/* fc-sync-store.c: links, bases, cursors, runs, events, conflicts and intents in the store
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-enum-types.h"
#include "fc-store-private.h"
#include "fc-sync-private.h"
#include "fc-sync-store.h"

static const char *
side_name (int side)
{
  return side < 0 ? NULL : fc_sync_side_to_string ((FcSyncSide) side);
}

static char *
iso_from_ms (gint64 ms)
{
  g_autoptr (GDateTime) dt = _fc_store_date_time_from_ms (ms);

  return dt != NULL ? g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S.%fZ") : NULL;
}

/* "...%fZ" gives microseconds; keep milliseconds as the rest of the product does. */
void
_fc_sync_store_set_time (JsonObject   *object,
                         const char   *member,
                         sqlite3_stmt *stmt,
                         int           column)
{
  g_autofree char *text = NULL;

  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    {
      json_object_set_null_member (object, member);
      return;
    }

  text = iso_from_ms (sqlite3_column_int64 (stmt, column));
  if (text != NULL && strlen (text) == 27)
    {
      text[23] = 'Z';
      text[24] = '\0';
    }
  json_object_set_string_member (object, member, text);
}

void
_fc_sync_store_set_text (JsonObject   *object,
                         const char   *member,
                         sqlite3_stmt *stmt,
                         int           column)
{
  const char *text = _fc_store_column_text (stmt, column);

  if (text != NULL)
    json_object_set_string_member (object, member, text);
  else
    json_object_set_null_member (object, member);
}

/* A JSON column as a member (null when NULL or unreadable). */
void
_fc_sync_store_set_json (JsonObject   *object,
                         const char   *member,
                         sqlite3_stmt *stmt,
                         int           column)
{
  const char *text = _fc_store_column_text (stmt, column);
  JsonNode *node = text != NULL ? json_from_string (text, NULL) : NULL;

  if (node != NULL)
    json_object_set_member (object, member, node);
  else
    json_object_set_null_member (object, member);
}

static GStrv
column_strv (sqlite3_stmt *stmt,
             int           column)
{
  const char *text = _fc_store_column_text (stmt, column);

  return text != NULL ? _fc_store_strv_from_json (text, NULL) : NULL;
}

/* Compact JSON as json_to_string () writes it, without a JsonGenerator per text: every
 * event of a run is written through here. */
static void append_json_node (GString  *out,
                              JsonNode *node);

static void
append_json_member (JsonObject  *object,
                    const char  *name,
                    JsonNode    *value,
                    gpointer     user_data)
{
  GString *out = user_data;

  if (out->str[out->len - 1] != '{')
    g_string_append_c (out, ',');
  _fc_store_append_json_string (out, name);
  g_string_append_c (out, ':');
  append_json_node (out, value);
}

static void
append_json_element (JsonArray *array,
                     guint      index,
                     JsonNode  *value,
                     gpointer   user_data)
{
  GString *out = user_data;

  if (index > 0)
    g_string_append_c (out, ',');
  append_json_node (out, value);
}

static void
append_json_node (GString  *out,
                  JsonNode *node)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      g_string_append_c (out, '{');
      json_object_foreach_member (json_node_get_object (node), append_json_member, out);
      g_string_append_c (out, '}');
      break;
    case JSON_NODE_ARRAY:
      g_string_append_c (out, '[');
      json_array_foreach_element (json_node_get_array (node), append_json_element, out);
      g_string_append_c (out, ']');
      break;
    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
          break;
        case G_TYPE_DOUBLE:
          g_string_append (out, g_ascii_dtostr (number, sizeof number,
                                                json_node_get_double (node)));
          break;
        case G_TYPE_BOOLEAN:
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
          break;
        case G_TYPE_STRING:
          _fc_store_append_json_string (out, json_node_get_string (node));
          break;
        default:
          g_string_append (out, "null");
        }
      break;
    case JSON_NODE_NULL:
    default:
      g_string_append (out, "null");
    }
}

char *
_fc_sync_store_json_text (JsonObject *object)
{
  GString *out;

  if (object == NULL)
    return NULL;
  out = g_string_sized_new (256);
  g_string_append_c (out, '{');
  json_object_foreach_member (object, append_json_member, out);
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

/* ---- runs and events -------------------------------------------------------------------- */

gboolean
fc_sync_store_insert_run (FcStore        *store,
                          const char     *run_id,
                          const char     *mapping_id,
                          FcSyncTrigger   trigger,
                          gboolean        dry_run,
                          GError        **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = _fc_store_prepare (store,
                            "INSERT INTO runs (id, mapping_id, trigger, status, dry_run, "
                            "started_at) VALUES (?, ?, ?, 'pending', ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  _fc_store_bind_text (stmt, 1, run_id);
  _fc_store_bind_text (stmt, 2, mapping_id);
  _fc_store_bind_text (stmt, 3, fc_enum_to_nick (FC_TYPE_SYNC_TRIGGER, trigger));
  sqlite3_bind_int (stmt, 4, dry_run ? 1 : 0);
  sqlite3_bind_int64 (stmt, 5, _fc_store_now_ms ());
  return _fc_store_step_done (store, stmt, _("Cannot record the sync run"), error);
}

gboolean
fc_sync_store_update_run (FcStore             *store,
                          const char          *run_id,
                          FcSyncStatus         status,
                          const FcSyncCounts  *counts,
                          gboolean             finished,
                          const char          *error_text,
                          GError             **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  FcSyncCounts none = { 0 };

  if (counts == NULL)
    counts = &none;

  stmt = _fc_store_prepare (store,
                            "UPDATE runs SET status = ?, fetched = ?, created = ?, updated = ?, "
                            "skipped = ?, conflicts = ?, failed = ?, parked = ?, error = ?, "
                            "finished_at = CASE WHEN ? THEN ? ELSE finished_at END "
                            "WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  _fc_store_bind_text (stmt, 1, fc_enum_to_nick (FC_TYPE_SYNC_STATUS, status));
  sqlite3_bind_int (stmt, 2, counts->fetched);
  sqlite3_bind_int (stmt, 3, counts->created);
  sqlite3_bind_int (stmt, 4, counts->updated);
  sqlite3_bind_int (stmt, 5, counts->skipped);
  sqlite3_bind_int (stmt, 6, counts->conflicts);
  sqlite3_bind_int (stmt, 7, counts->failed);
  sqlite3_bind_int (stmt, 8, counts->parked);
  _fc_store_bind_text (stmt, 9, error_text);
  sqlite3_bind_int (stmt, 10, finished ? 1 : 0);
  sqlite3_bind_int64 (stmt, 11, _fc_store_now_ms ());
  _fc_store_bind_text (stmt, 12, run_id);
  return _fc_store_step_done (store, stmt, _("Cannot update the sync run"), error);
}

gboolean
fc_sync_store_fail_stale_runs (FcStore     *store,
                               const char  *mapping_id,
                               const char  *except_run_id,
                               GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = _fc_store_prepare (store,
                            "UPDATE runs SET status = 'failed', finished_at = ?, "
                            "error = ? WHERE mapping_id = ? AND id != ? "
                            "AND status IN ('pending', 'running')", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, _fc_store_now_ms ());
  _fc_store_bind_text (stmt, 2, _("Interrupted: the program ended during the run"));
  _fc_store_bind_text (stmt, 3, mapping_id);
  _fc_store_bind_text (stmt, 4, except_run_id);
  return _fc_store_step_done (store, stmt, _("Cannot close interrupted runs"), error);
}

gboolean
fc_sync_store_add_event (FcStore     *store,
                         const char  *run_id,
                         const char  *kind,
                         int          side,
                         const char  *source_id,
                         const char  *target_id,
                         const char  *message,
                         JsonObject  *details,
                         GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autofree char *details_text = _fc_sync_store_json_text (details);

  stmt = _fc_store_prepare (store,
                            "INSERT INTO run_events (run_id, at, kind, side, source_record_id, "
                            "target_record_id, message, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            error);
  if (stmt == NULL)
    return FALSE;
  _fc_store_bind_text (stmt, 1, run_id);
  sqlite3_bind_int64 (stmt, 2, _fc_store_now_ms ());
  _fc_store_bind_text (stmt, 3, kind);
  _fc_store_bind_text (stmt, 4, side_name (side));
  _fc_store_bind_text (stmt, 5, source_id);
  _fc_store_bind_text (stmt, 6, target_id);
  _fc_store_bind_text (stmt, 7, message);
  _fc_store_bind_text (stmt, 8, details_text);
  return _fc_store_step_done (store, stmt, _("Cannot record a sync event"), error);
}

#define RUN_COLUMNS \
  "r.id, r.mapping_id, m.name, r.trigger, r.status, r.dry_run, r.started_at, r.finished_at, " \
  "r.fetched, r.created, r.updated, r.skipped, r.conflicts, r.failed, r.parked, r.error"

static JsonObject *
run_from_row (sqlite3_stmt *stmt)
{
  JsonObject *run = json_object_new ();
  JsonObject *counts = json_object_new ();
  static const char * const count_names[] = {
    "fetched", "created", "updated", "skipped", "conflicts", "failed", "parked",
  };

  _fc_sync_store_set_text (run, "id", stmt, 0);
  _fc_sync_store_set_text (run, "mappingId", stmt, 1);
  _fc_sync_store_set_text (run, "mappingName", stmt, 2);
  _fc_sync_store_set_text (run, "trigger", stmt, 3);
  _fc_sync_store_set_text (run, "status", stmt, 4);
  json_object_set_boolean_member (run, "dryRun", sqlite3_column_int (stmt, 5) != 0);
  _fc_sync_store_set_time (run, "startedAt", stmt, 6);
  _fc_sync_store_set_time (run, "finishedAt", stmt, 7);
  if (sqlite3_column_type (stmt, 7) != SQLITE_NULL)
    json_object_set_int_member (run, "durationMs",
                                sqlite3_column_int64 (stmt, 7) - sqlite3_column_int64 (stmt, 6));
  else
    json_object_set_null_member (run, "durationMs");
  for (guint i = 0; i < G_N_ELEMENTS (count_names); i++)
    json_object_set_int_member (counts, count_names[i], sqlite3_column_int (stmt, 8 + i));
  json_object_set_object_member (run, "counts", counts);
  _fc_sync_store_set_text (run, "error", stmt, 15);
  return run;
}

JsonArray *
fc_sync_store_list_runs (FcStore     *store,
                         const char  *mapping_id,
                         guint        limit,
                         GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (JsonArray) runs = json_array_new ();
  int rc;

  stmt = _fc_store_prepare (store,
                            "SELECT " RUN_COLUMNS " FROM runs r "
                            "LEFT JOIN mappings m ON m.id = r.mapping_id "
                            "WHERE ?1 IS NULL OR r.mapping_id = ?1 "
                            "ORDER BY r.started_at DESC, r.rowid DESC LIMIT ?2", error);
  if (stmt == NULL)
    return NULL;
  _fc_store_bind_text (stmt, 1, mapping_id);
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64) limit : -1);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    json_array_add_object_element (runs, run_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      _fc_store_set_error_from_db (store, rc, _("Cannot list the sync runs"), error);
      return NULL;
    }

  return g_steal_pointer (&runs);
}

JsonObject *
fc_sync_store_get_run (FcStore     *store,
                       const char  *run_id,
                       GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = _fc_store_prepare (store,
                            "SELECT " RUN_COLUMNS " FROM runs r "
                            "LEFT JOIN mappings m ON m.id = r.mapping_id WHERE r.id = ?", error);
  if (stmt == NULL)
    return NULL;
  _fc_store_bind_text (stmt, 1, run_id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return run_from_row (stmt);
  if (rc == SQLITE_DONE)
    g_set_error (error, FC_STORE_ERROR, FC_STORE_ERROR_NOT_FOUND, _("No sync run “%s”"), run_id);
  else
    _fc_store_set_error_from_db (store, rc, _("Cannot read the sync run"), error);
  return NULL;
}

JsonArray *
fc_sync_store_list_events (FcStore     *store,
                           const char  *run_id,
                           GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (JsonArray) events = json_array_new ();
  int rc;

  stmt = _fc_store_prepare (store,
                            "SELECT id, at, kind, side, source_record_id, target_record_id, "
                            "message, details FROM run_events WHERE run_id = ? ORDER BY id",
                            error);
  if (stmt == NULL)
    return NULL;
  _fc_store_bind_text (stmt, 1, run_id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JsonObject *event = json_object_new ();

      json_object_set_int_member (event, "id", sqlite3_column_int64 (stmt, 0));
      _fc_sync_store_set_time (event, "at", stmt, 1);
      _fc_sync_store_set_text (event, "kind", stmt, 2);
      _fc_sync_store_set_text (event, "side", stmt, 3);
      _fc_sync_store_set_text (event, "sourceRecordId", stmt, 4);
      _fc_sync_store_set_text (event, "targetRecordId", stmt, 5);
      _fc_sync_store_set_text (event, "message", stmt, 6);
      _fc_sync_store_set_json (event, "details", stmt, 7);
      json_array_add_object_element (events, event);
    }
  if (rc != SQLITE_DONE)
    {
      _fc_store_set_error_from_db (store, rc, _("Cannot list the events of the run"), error);
      return NULL;
    }

  return g_steal_pointer (&events);
}

/* ---- links and bases -------------------------------------------------------------------- */

/* The bases of the links of one chunk, read with one query when the chunk is read
 * (fc_sync_store_load_bases ()), where the merge asks for each pair's base and the bases an
 * unanswered update left (three reads per pair). The store's mirror: set_base (),
 * insert_link () and delete_link () keep it equal to the table, a rollback drops it, and so
 * does the end of a run. A link that is not in it is read from the table. A link whose rows
 * include one that cannot be read is left out of it, so that what the mirror holds of a link
 * is every row the table has: set_base () relies on that to skip removing pending bases that
 * do not exist. */
typedef struct {
  GStrv source;
  GStrv target;
} MirroredBase;

static void
mirrored_base_free (MirroredBase *base)
{
  g_strfreev (base->source);
  g_strfreev (base->target);
  g_free (base);
}

/* link id (gint64 *) -> (pair key -> MirroredBase) */
static GHashTable *
bases_mirror_new (void)
{
  return g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                (GDestroyNotify) g_hash_table_unref);
}

static GHashTable *
bases_mirror_lookup (FcStore *store,
                     gint64   link_id)
{
  GHashTable *mirror = _fc_store_get_mirror (store);

  return mirror != NULL ? g_hash_table_lookup (mirror, &link_id) : NULL;
}

gboolean
fc_sync_store_load_bases (FcStore       *store,
                          const gint64  *link_ids,
                          guint          n_links,
                          GError       **error)
{
  g_autoptr (GHashTable) mirror = bases_mirror_new ();
  g_autoptr (GHashTable) unreadable = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                                             g_free, NULL);
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GString) ids = g_string_new ("[");
  GHashTableIter iter;
  gpointer key;
  int rc;

  _fc_store_set_mirror (store, NULL, NULL);
  for (guint i = 0; i < n_links; i++)
    {
      if (link_ids[i] == 0 || g_hash_table_contains (mirror, &link_ids[i]))
        continue;
      g_hash_table_insert (mirror, g_memdup2 (&link_ids[i], sizeof (gint64)),
                           g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                  (GDestroyNotify) mirrored_base_free));
      g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, ids->len > 1 ? "," : "",
                              link_ids[i]);
    }
  g_string_append_c (ids, ']');

  /* One query for the whole chunk: the ids as a JSON array, each looked up in the key */
  if (g_hash_table_size (mirror) > 0)
    {
      stmt = _fc_store_prepare (store,
                                "SELECT link_id, pair_key, source_values, target_values "
                                "FROM bases WHERE link_id IN (SELECT value FROM json_each (?))",
                                error);
      if (stmt == NULL)
        return FALSE;
      _fc_store_bind_text (stmt, 1, ids->str);

      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 link_id = sqlite3_column_int64 (stmt, 0);
          GHashTable *pairs = g_hash_table_lookup (mirror, &link_id);
          g_auto (GStrv) source = NULL;
          g_auto (GStrv) target = NULL;
          MirroredBase *base;

          if (pairs == NULL)
            continue;
          source = column_strv (stmt, 2);
          target = column_strv (stmt, 3);
          /* Unreadable: no base, as get_base () reads it; the link is read from the table */
          if (source == NULL || target == NULL)
            {
              g_hash_table_add (unreadable, g_memdup2 (&link_id, sizeof (gint64)));
              continue;
            }
          base = g_new0 (MirroredBase, 1);
          base->source = g_steal_pointer (&source);
          base->target = g_steal_pointer (&target);
          g_hash_table_replace (pairs, g_strdup (_fc_store_column_text (stmt, 1)), base);
        }
      if (rc != SQLITE_DONE)
        {
          _fc_store_set_error_from_db (store, rc, _("Cannot read a base"), error);
          return FALSE;
        }
    }

  g_hash_table_iter_init (&iter, unreadable);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_remove (mirror, key);

  _fc_store_set_mirror (store, g_steal_pointer (&mirror), (GDestroyNotify) g_hash_table_unref);
  return TRUE;
}

void
fc_sync_store_forget_bases (FcStore *store)
{
  _fc_store_set_mirror (store, NULL, NULL);
}

gboolean
fc_sync_store_find_link (FcStore      *store,
                         const char   *mapping_id,
                         FcSyncSide    side,
                         const char   *record_id,
                         gint64       *out_link_id,
                         char        **out_other_id,
                         GError      **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = _fc_store_prepare (store,
                            side == FC_SYNC_SIDE_SOURCE
                            ? "SELECT id, target_record_id FROM links "
                              "WHERE mapping_id = ? AND source_record_id = ?"
                            : "SELECT id, source_record_id FROM links "
                              "WHERE mapping_id = ? AND target_record_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  _fc_store_bind_text (stmt, 1, mapping_id);
  _fc_store_bind_text (stmt, 2, record_id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      if (out_link_id != NULL)
        *out_link_id = sqlite3_column_int64 (stmt, 0);
      if (out_other_id != NULL)
        *out_other_id = g_strdup (_fc_store_column_text (stmt, 1));
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    _fc_store_set_error_from_db (store, rc, _("Cannot look up a link"), error);
  return FALSE;
}

gboolean
fc_sync_store_insert_link (FcStore     *store,
                           const char  *mapping_id,
                           const char  *source_id,
                           const char  *target_id,
                           const char  *match_key,
                           gint64      *out_link_id,
                           GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  GHashTable *mirror = _fc_store_get_mirror (store);
  gint64 now = _fc_store_now_ms ();
  gint64 link_id;

  stmt = _fc_store_prepare (store,
                            "INSERT INTO links (mapping_id, source_record_id, target_record_id, "
                            "match_key, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                            error);
  if (stmt == NULL)
    return FALSE;
  _fc_store_bind_text (stmt, 1, mapping_id);
  _fc_store_bind_text (stmt, 2, source_id);
  _fc_store_bind_text (stmt, 3, target_id);
  _fc_store_bind_text (stmt, 4, match_key);
  sqlite3_bind_int64 (stmt, 5, now);
  sqlite3_bind_int64 (stmt, 6, now);
  if (!_fc_store_step_done (store, stmt, _("Cannot store a link"), error))
    return FALSE;

  link_id = sqlite3_last_insert_rowid (_fc_store_get_db (store));
  /* A new link has no bases yet (those of a removed link with its id went with it) */
  if (mirror != NULL)
    g_hash_table_replace (mirror, g_memdup2 (&link_id, sizeof (gint64)),
                          g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                 (GDestroyNotify) mirrored_base_free));
  if (out_link_id != NULL)
    *out_link_id = link_id;
  return TRUE;
}

gboolean
fc_sync_store_delete_link (FcStore  *store,
                           gint64    link_id,
                           GError  **error)
{
  g_autoptr (sqlite3_stmt) stmt = _fc_store_prepare (store, "DELETE FROM links WHERE id = ?",
                                                     error);
  GHashTable *mirror = _fc_store_get_mirror (store);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, link_id);
  if (!_fc_store_step_done (store, stmt, _("Cannot remove a link"), error))
    return FALSE;
  /* Its bases went with it (ON DELETE CASCADE) */
  if (mirror != NULL)
    g_hash_table_remove (mirror, &link_id);
  return TRUE;
}

guint
fc_sync_store_count_links (FcStore     *store,
                           const char  *mapping_id,
                           GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = _fc_store_prepare (store, "SELECT count(*) FROM links WHERE mapping_id = ?", error);
  if (stmt == NULL)
    return 0;
  _fc_store_bind_text (stmt, 1, mapping_id);
  return sqlite3_step (stmt) == SQLITE_ROW ? (guint) sqlite3_column_int (stmt, 0) : 0;
}

gboolean
fc_sync_store_get_base (FcStore     *store,
                        gint64       link_id,
                        const char  *pair_key,
                        GStrv       *out_source,
                        GStrv       *out_target,
                        GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  GHashTable *mirrored = bases_mirror_lookup (store, link_id);
  int rc;

  if (mirrored != NULL)
    {
      MirroredBase *base = g_hash_table_lookup (mirrored, pair_key);

      if (base == NULL)
        return FALSE;
      *out_source = g_strdupv (base->source);
      *out_target = g_strdupv (base->target);
      return TRUE;
    }

  stmt = _fc_store_prepare (store,
                            "SELECT source_values, target_values FROM bases "
                            "WHERE link_id = ? AND pair_key = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, link_id);
  _fc_store_bind_text (stmt, 2, pair_key);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      g_auto (GStrv) source = column_strv (stmt, 0);
      g_auto (GStrv) target = column_strv (stmt, 1);

      if (source == NULL || target == NULL)
        return FALSE;
      *out_source = g_steal_pointer (&source);
      *out_target = g_steal_pointer (&target);
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    _fc_store_set_error_from_db (store, rc, _("Cannot read a base"), error);
  return FALSE;
}

/* Whether the link's mirrored base keys hold any pending row of @pair_key (the base or the
 * before values an unconfirmed update left); with @remove, those keys go too. */
static gboolean
mirror_has_pending (GHashTable *mirrored,
                    const char *pair_key,
                    gboolean    remove)
{
  static const char * const suffixes[] = {
    FC_SYNC_PENDING_BASE_SOURCE, FC_SYNC_PENDING_BASE_TARGET,
    FC_SYNC_PENDING_BEFORE_SOURCE, FC_SYNC_PENDING_BEFORE_TARGET,
  };
  gboolean found = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *key = g_strconcat (pair_key, suffixes[i], NULL);

      found |= remove ? g_hash_table_remove (mirrored, key) : g_hash_table_contains (mirrored, key);
    }
  return found;
}

gboolean
fc_sync_store_set_base (FcStore             *store,
                        gint64               link_id,
                        const char          *pair_key,
                        const char * const  *source,
                        const char * const  *target,
                        GError             **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autofree char *source_text = _fc_store_strv_to_json (source);
  g_autofree char *target_text = _fc_store_strv_to_json (target);
  GHashTable *mirrored = bases_mirror_lookup (store, link_id);

  stmt = _fc_store_prepare (store,
                            "INSERT OR REPLACE INTO bases (link_id, pair_key, source_values, "
                            "target_values, updated_at) VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, link_id);
  _fc_store_bind_text (stmt, 2, pair_key);
  _fc_store_bind_text (stmt, 3, source_text);
  _fc_store_bind_text (stmt, 4, target_text);
  sqlite3_bind_int64 (stmt, 5, _fc_store_now_ms ());
  if (!_fc_store_step_done (store, stmt, _("Cannot store a base"), error))
    return FALSE;
  if (mirrored != NULL)
    {
      MirroredBase *base = g_new0 (MirroredBase, 1);

      base->source = g_strdupv ((char **) source);
      base->target = g_strdupv ((char **) target);
      g_hash_table_replace (mirrored, g_strdup (pair_key), base);
    }
  if (strchr (pair_key, '#') != NULL)
    return TRUE;

  /* The base agreed on now replaces any written before an update whose answer never came
   * (see fc-sync-write.c). The mirror holds every row of its links: when it has none of
   * those, the table has none either. */
  if (mirrored != NULL && !mirror_has_pending (mirrored, pair_key, FALSE))
    return TRUE;

  /* Given back for reuse, not finalized: every merged record stores bases */
  g_clear_pointer (&stmt, _fc_store_release_statement);
  stmt = _fc_store_prepare (store,
                            "DELETE FROM bases WHERE link_id = ?1 AND pair_key IN "
                            "(?2 || '" FC_SYNC_PENDING_BASE_SOURCE "', "
                            "?2 || '" FC_SYNC_PENDING_BASE_TARGET "', "
                            "?2 || '" FC_SYNC_PENDING_BEFORE_SOURCE "', "
                            "?2 || '" FC_SYNC_PENDING_BEFORE_TARGET "')", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, link_id);
  _fc_store_bind_text (stmt, 2, pair_key);
  if (!_fc_store_step_done (store, stmt, _("Cannot store a base"), error))
    return FALSE;
  if (mirrored != NULL)
    mirror_has_pending (mirrored, pair_key, TRUE);
  return TRUE;
}

gboolean
fc_sync_store_add_bases (FcStore                     *store,
                         gint64                       link_id,
                         guint                        n_pairs,
                         const char * const          *pair_keys,
                         const char * const * const  *sources,
                         const char * const * const  *targets,
                         GError                     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GString) sql = NULL;
  GHashTable *mirrored = bases_mirror_lookup (store, link_id);
  gint64 now = _fc_store_now_ms ();

  if (n_pairs == 0)
    return TRUE;

  /* One text per number of pairs: each is prepared once and reused */
  sql = g_string_new ("INSERT OR REPLACE INTO bases (link_id, pair_key, source_values, "
                      "target_values, updated_at) VALUES ");
  for (guint i = 0; i < n_pairs; i++)
    g_string_append (sql, i > 0 ? ", (?, ?, ?, ?, ?)" : "(?, ?, ?, ?, ?)");
  stmt = _fc_store_prepare (store, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < n_pairs; i++)
    {
      int column = (int) i * 5;

      sqlite3_bind_int64 (stmt, column + 1, link_id);
      _fc_store_bind_text (stmt, column + 2, pair_keys[i]);
      sqlite3_bind_text (stmt, column + 3, _fc_store_strv_to_json (sources[i]), -1, g_free);
      sqlite3_bind_text (stmt, column + 4, _fc_store_strv_to_json (targets[i]), -1, g_free);
      sqlite3_bind_int64 (stmt, column + 5, now);
    }
  if (!_fc_store_step_done (store, stmt, _("Cannot store a base"), error))
    return FALSE;

  if (mirrored != NULL)
    for (guint i = 0; i < n_pairs; i++)
      {
        MirroredBase *base = g_new0 (MirroredBase, 1);

        base->source = g_strdupv ((char **) sources[i]);
        base->target = g_strdupv ((char **) targets[i]);
        g_hash_table_replace (mirrored, g_strdup (pair_keys[i]), base);
      }
  return TRUE;
}

/* ---- cursors ---------------------------------------------------------------------------- */

gboolean
fc_sync_store_get_cursor (FcStore     *store,
                          const char  *mapping_id,
                          FcSyncSide   side,
                          gint64      *out_ms,
                          GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  *out_ms = -1;
  stmt = _fc_store_prepare (store,
                            "SELECT modified_since FROM cursors WHERE mapping_id = ? AND side = ?",
                            error);
  if (stmt == NULL)
    return FALSE;
  _fc_store_bind_text (stmt, 1, mapping_id);
  _fc_store_bind_text (stmt, 2, fc_sync_side_to_string (side));

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    *out_ms = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _fc_store_set_error_from_db (store, rc, _("Cannot read a cursor"), error);
      return FALSE;
    }
  return TRUE;
}

gboolean
fc_sync_store_set_cursor (FcStore     *store,
                          const char  *mapping_id,
                          FcSyncSide   side,
                          gint64       ms,
                          GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = _fc_store_prepare (store,
                            "INSERT OR REPLACE INTO cursors (mapping_id, side, position, "
                            "modified_since, updated_at) VALUES (?, ?, NULL, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  _fc_store_bind_text (stmt, 1, mapping_id);
  _fc_store_bind_text (stmt, 2, fc_sync_side_to_string (side));
  sqlite3_bind_int64 (stmt, 3, ms);
  sqlite3_bind_int64 (stmt, 4, _fc_store_now_ms ());
  return _fc_store_step_done (store, stmt, _("Cannot store a cursor"), error);
}

