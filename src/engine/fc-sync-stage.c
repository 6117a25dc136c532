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

#include <string.h>

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
  "  fields BLOB,"
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
/* The same without the fields, where only the plan is decided (NULL in their place). */
#define STAGED_PLAN_COLUMNS \
  "rowid, side, record_id, modified_ms, archived, match_value, match_raw, NULL, fetched, " \
  "link_id, counterpart_id, plan"

void
fc_sync_staged_free (FcSyncStaged *staged)
{
  if (staged == NULL)
    return;
  g_free (staged->record_id);
  g_free (staged->match_value);
  g_free (staged->match_raw);
  g_clear_pointer (&staged->fields, g_bytes_unref);
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
  if (sqlite3_column_type (stmt, 7) != SQLITE_NULL)
    {
      const void *blob = sqlite3_column_blob (stmt, 7);

      staged->fields = g_bytes_new (blob, sqlite3_column_bytes (stmt, 7));
    }
  staged->fetched = sqlite3_column_int (stmt, 8) != 0;
  staged->link_id = sqlite3_column_int64 (stmt, 9);
  staged->counterpart_id = g_strdup (_fc_store_column_text (stmt, 10));
  staged->plan = g_strdup (_fc_store_column_text (stmt, 11));
  return staged;
}

/* The fields of a staged record, encoded for the staging table: for each field its name and a
 * NUL, then its value: a tag byte and what it needs: 'n' null, 'f' false, 't' true, 's' a
 * string and a NUL, 'i' a gint64, 'd' a double, 'o' an object (a guint32 count of members,
 * then each member's name, a NUL and its value), 'a' an array (a guint32 count of elements,
 * then each value). Numbers in host byte order: the table never leaves the connection.
 * Writing and reading it costs a fraction of generating and parsing JSON, which every fetched
 * record went through twice. Nesting is bounded by the depth of what the connector built. */

static void encode_value (GByteArray *out,
                          JsonNode   *value);

static void
append_tag (GByteArray *out,
            guint8      tag)
{
  g_byte_array_append (out, &tag, 1);
}

static void
append_text (GByteArray *out,
             const char *text)
{
  g_byte_array_append (out, (const guint8 *) text, strlen (text) + 1);
}

static void
encode_member (JsonObject  *object,
               const char  *name,
               JsonNode    *value,
               gpointer     user_data)
{
  append_text (user_data, name);
  encode_value (user_data, value);
}

static void
encode_element (JsonArray  *array,
                guint       index,
                JsonNode   *value,
                gpointer    user_data)
{
  encode_value (user_data, value);
}

static void
encode_value (GByteArray *out,
              JsonNode   *value)
{
  gint64 number;
  double real;
  guint32 count;

  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    {
      append_tag (out, 'n');
      return;
    }
  if (JSON_NODE_HOLDS_OBJECT (value))
    {
      JsonObject *object = json_node_get_object (value);

      count = json_object_get_size (object);
      append_tag (out, 'o');
      g_byte_array_append (out, (const guint8 *) &count, sizeof count);
      json_object_foreach_member (object, encode_member, out);
      return;
    }
  if (JSON_NODE_HOLDS_ARRAY (value))
    {
      JsonArray *array = json_node_get_array (value);

      count = json_array_get_length (array);
      append_tag (out, 'a');
      g_byte_array_append (out, (const guint8 *) &count, sizeof count);
      json_array_foreach_element (array, encode_element, out);
      return;
    }

  switch (json_node_get_value_type (value))
    {
    case G_TYPE_STRING:
      append_tag (out, 's');
      append_text (out, json_node_get_string (value));
      return;
    case G_TYPE_INT64:
      number = json_node_get_int (value);
      append_tag (out, 'i');
      g_byte_array_append (out, (const guint8 *) &number, sizeof number);
      return;
    case G_TYPE_DOUBLE:
      real = json_node_get_double (value);
      append_tag (out, 'd');
      g_byte_array_append (out, (const guint8 *) &real, sizeof real);
      return;
    case G_TYPE_BOOLEAN:
    default:
      append_tag (out, json_node_get_boolean (value) ? 't' : 'f');
      return;
    }
}

typedef struct {
  GByteArray *out;
  GHashTable *only;
} Encoder;

static void
encode_field (const char *name,
              JsonNode   *value,
              gpointer    user_data)
{
  Encoder *encoder = user_data;

  if (encoder->only != NULL && !g_hash_table_contains (encoder->only, name))
    return;
  append_text (encoder->out, name);
  encode_value (encoder->out, value);
}

static GByteArray *
encode_fields (FcRecord   *record,
               GHashTable *only)
{
  guint n = only != NULL ? MIN (g_hash_table_size (only), fc_record_get_n_fields (record))
                         : fc_record_get_n_fields (record);
  Encoder encoder = { g_byte_array_sized_new (64 * (n + 1)), only };

  fc_record_foreach_field (record, encode_field, &encoder);
  return encoder.out;
}

typedef struct {
  const char *p;
  const char *end;
} Decoder;

/* A NUL-terminated text at the decoder's position; NULL when the data ends first. */
static const char *
decode_text (Decoder *decoder)
{
  const char *text = decoder->p;
  const char *stop = memchr (text, '\0', decoder->end - text);

  if (stop == NULL)
    return NULL;
  decoder->p = stop + 1;
  return text;
}

static gboolean
decode_bytes (Decoder *decoder,
              void    *out,
              gsize    size)
{
  if ((gsize) (decoder->end - decoder->p) < size)
    return FALSE;
  memcpy (out, decoder->p, size);
  decoder->p += size;
  return TRUE;
}

/* NULL when the data is not what encode_value () wrote. */
static JsonNode *
decode_value (Decoder *decoder)
{
  g_autoptr (JsonObject) object = NULL;
  g_autoptr (JsonArray) array = NULL;
  const char *text;
  gint64 number;
  double real;
  guint32 count;
  char tag;

  if (decoder->p >= decoder->end)
    return NULL;
  tag = *decoder->p++;

  switch (tag)
    {
    case 'n':
      return json_node_init_null (json_node_alloc ());
    case 't':
    case 'f':
      return json_node_init_boolean (json_node_alloc (), tag == 't');
    case 'i':
      if (!decode_bytes (decoder, &number, sizeof number))
        return NULL;
      return json_node_init_int (json_node_alloc (), number);
    case 'd':
      if (!decode_bytes (decoder, &real, sizeof real))
        return NULL;
      return json_node_init_double (json_node_alloc (), real);
    case 's':
      text = decode_text (decoder);
      return text != NULL ? json_node_init_string (json_node_alloc (), text) : NULL;
    case 'o':
      if (!decode_bytes (decoder, &count, sizeof count))
        return NULL;
      object = json_object_new ();
      for (guint32 i = 0; i < count; i++)
        {
          const char *name = decode_text (decoder);
          JsonNode *member = name != NULL ? decode_value (decoder) : NULL;

          if (member == NULL)
            return NULL;
          json_object_set_member (object, name, member);
        }
      return json_node_init_object (json_node_alloc (), object);
    case 'a':
      if (!decode_bytes (decoder, &count, sizeof count))
        return NULL;
      array = json_array_sized_new (MIN (count, 1024));
      for (guint32 i = 0; i < count; i++)
        {
          JsonNode *element = decode_value (decoder);

          if (element == NULL)
            return NULL;
          json_array_add_element (array, element);
        }
      return json_node_init_array (json_node_alloc (), array);
    default:
      return NULL;
    }
}

/* FALSE when @data is not what encode_fields () wrote. */
static gboolean
decode_fields (FcRecord     *record,
               const guint8 *data,
               gsize         size)
{
  /* SQLite gives a zero-length blob as NULL: no offset may be added to it */
  Decoder decoder = { (const char *) data, data != NULL ? (const char *) data + size : NULL };

  while (decoder.p < decoder.end)
    {
      const char *name = decode_text (&decoder);
      JsonNode *value;

      if (name == NULL || *name == '\0' || (value = decode_value (&decoder)) == NULL)
        return FALSE;
      fc_record_take_field (record, name, value);
    }

  return TRUE;
}

FcRecord *
fc_sync_staged_dup_record (FcSyncStaged *staged,
                           const char   *object_type)
{
  g_autoptr (FcRecord) record = NULL;
  gsize size = 0;
  const guint8 *data;

  if (staged->fields == NULL)
    return NULL;

  record = fc_record_new (object_type, staged->record_id);
  fc_record_set_modified_ms (record, staged->modified_ms);
  fc_record_set_archived (record, staged->archived);
  data = g_bytes_get_data (staged->fields, &size);
  if (!decode_fields (record, data, size))
    {
      g_warning ("The staged %s record %s cannot be read back", object_type, staged->record_id);
      return NULL;
    }

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
                         GHashTable  *only,
                         GError     **error)
{
  g_autoptr (GByteArray) fields = encode_fields (record, only);
  g_autoptr (sqlite3_stmt) stmt = NULL;

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
  /* Bound without a copy: the statement is reset before @fields goes. */
  sqlite3_bind_blob (stmt, 8, fields->len > 0 ? (const void *) fields->data : "", fields->len,
                     SQLITE_STATIC);
  sqlite3_bind_int (stmt, 9, fetched ? 1 : 0);
  return _fc_store_step_done (store, stmt, _("Cannot stage a fetched record"), error);
}

gboolean
fc_sync_store_stage_clear (FcStore     *store,
                           const char  *run_id,
                           GError     **error)
{
  g_autoptr (sqlite3_stmt) others = NULL;
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gboolean alone;

  fc_sync_store_forget_bases (store);

  /* Without another run's rows the whole table goes at once (SQLite's truncate), instead of
   * row by row with every index entry. */
  others = _fc_store_prepare (store,
                              "SELECT EXISTS (SELECT 1 FROM fc_staged WHERE run_id < ?1) "
                              "OR EXISTS (SELECT 1 FROM fc_staged WHERE run_id > ?1)", error);
  if (others == NULL)
    return FALSE;
  _fc_store_bind_text (others, 1, run_id);
  if (sqlite3_step (others) != SQLITE_ROW)
    {
      _fc_store_set_error_from_db (store, sqlite3_errcode (_fc_store_get_db (store)),
                                   _("Cannot clear the staged records"), error);
      return FALSE;
    }
  alone = sqlite3_column_int (others, 0) == 0;

  stmt = _fc_store_prepare (store,
                            alone ? "DELETE FROM fc_staged"
                                  : "DELETE FROM fc_staged WHERE run_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  if (!alone)
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
    /* Each staged record's link, when it has one (a join: the rows without one, all of them
     * on a first run, are not rewritten). */
    "UPDATE fc_staged SET link_id = l.id, counterpart_id = l.target_record_id FROM links l "
    "WHERE fc_staged.run_id = ?1 AND fc_staged.side = 'source' "
    "AND l.mapping_id = ?2 AND l.source_record_id = fc_staged.record_id",
    "UPDATE fc_staged SET link_id = l.id, counterpart_id = l.source_record_id FROM links l "
    "WHERE fc_staged.run_id = ?1 AND fc_staged.side = 'target' "
    "AND l.mapping_id = ?2 AND l.target_record_id = fc_staged.record_id",
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

  /* The rows of a chunk to merge: their bases, read now with a query per link rather than
   * three per field pair during the merge. */
  if (!unlinked)
    {
      g_autoptr (GArray) links = g_array_sized_new (FALSE, FALSE, sizeof (gint64), rows->len);

      for (guint i = 0; i < rows->len; i++)
        {
          FcSyncStaged *row = g_ptr_array_index (rows, i);

          if (row->link_id != 0)
            g_array_append_val (links, row->link_id);
        }
      if (!fc_sync_store_load_bases (store, (const gint64 *) (void *) links->data, links->len,
                                     error))
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
                            "SELECT " STAGED_PLAN_COLUMNS " FROM fc_staged WHERE run_id = ? "
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

GHashTable *
fc_sync_store_stage_repeated_keys (FcStore     *store,
                                   const char  *run_id,
                                   FcSyncSide   side,
                                   GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GHashTable) keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  int rc;

  stmt = _fc_store_prepare (store,
                            "SELECT match_value FROM fc_staged WHERE run_id = ? AND side = ? "
                            "AND match_value IS NOT NULL GROUP BY match_value "
                            "HAVING count(*) > 1", error);
  if (stmt == NULL)
    return NULL;
  _fc_store_bind_text (stmt, 1, run_id);
  _fc_store_bind_text (stmt, 2, fc_sync_side_to_string (side));

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_add (keys, g_strdup (_fc_store_column_text (stmt, 0)));
  if (rc != SQLITE_DONE)
    {
      _fc_store_set_error_from_db (store, rc, _("Cannot match staged records"), error);
      return NULL;
    }

  return g_steal_pointer (&keys);
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
