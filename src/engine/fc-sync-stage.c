/* fc-sync-stage.c: the records one run fetched, staged in a TEMP table of the store's connection
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A run never holds a whole side in memory: each fetched page goes to this table, matching works
 * on it with SQL (a join on the normalised match value finds counterparts fetched in the same
 * run), and the merge reads it back a chunk at a time. The table is TEMP: private to the
 * connection, gone with it, never in the database file or its WAL. Rows carry their run's key
 * so that runs of different mappings can share it.
 */

#define G_LOG_DOMAIN "fc-sync"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "fc-store-private.h"
#include "fc-sync-store.h"

/* A run's rows carry a small integer, its key in fc_staged_runs, rather than its id: shorter
 * rows and index entries, cheaper comparisons. Sides are 0 (source) and 1 (target). */
static const char stage_schema[] =
  "CREATE TEMP TABLE IF NOT EXISTS fc_staged_runs ("
  "  run INTEGER PRIMARY KEY,"
  "  run_id TEXT NOT NULL UNIQUE"
  ");"
  "CREATE TEMP TABLE IF NOT EXISTS fc_staged ("
  "  run INTEGER NOT NULL,"
  "  side INTEGER NOT NULL,"
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
  "  PRIMARY KEY (run, side, record_id)"
  ");"
  "CREATE INDEX IF NOT EXISTS temp.fc_staged_match ON fc_staged (run, side, match_value);"
  /* Partial: rows enter it only when a write of theirs fails, not as they are staged */
  "CREATE INDEX IF NOT EXISTS temp.fc_staged_failed ON fc_staged (run, side, modified_ms) "
  "  WHERE failed AND fetched;";

/* The key of the run bound as ?1; NULL (no row matches) before its first row is staged. */
#define RUN_KEY "(SELECT run FROM fc_staged_runs WHERE run_id = ?1)"

#define STAGED_COLUMNS \
  "s.rowid, s.side, s.record_id, s.modified_ms, s.archived, s.match_value, s.match_raw, " \
  "s.fields, s.fetched, s.link_id, s.counterpart_id, s.plan"
/* The same of the counterpart's row, c */
#define COUNTERPART_COLUMNS \
  "c.rowid, c.side, c.record_id, c.modified_ms, c.archived, c.match_value, c.match_raw, " \
  "c.fields, c.fetched, c.link_id, c.counterpart_id, c.plan"
/* The same without the fields, where only the plan is decided (NULL in their place). */
#define STAGED_PLAN_COLUMNS \
  "s.rowid, s.side, s.record_id, s.modified_ms, s.archived, s.match_value, s.match_raw, " \
  "NULL, s.fetched, s.link_id, s.counterpart_id, s.plan"
/* Columns after those: the candidates (count, then the only one's rowid, record_id, link_id
 * and plan), or the counterpart's COUNTERPART_COLUMNS */
#define CANDIDATE_COLUMN 12
#define COUNTERPART_COLUMN 12

/* Binds @text, or NULL, without a copy: every statement of this file is reset (released)
 * before the function that binds it returns, while its caller's texts live. */
static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
}

void
fc_sync_staged_free (FcSyncStaged *staged)
{
  g_free (staged->counterpart);
  g_free (staged);
}

/* A text column, read once: its text (NULL for NULL) and the size it takes in the row's block,
 * its NUL included (0 for NULL). A chunk reads tens of thousands of them. */
typedef struct {
  const char *text;
  gsize       size;
} ColumnText;

static ColumnText
column_text (sqlite3_stmt *stmt,
             int           column)
{
  /* NULL only for a NULL column: an empty text is "" */
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return (ColumnText) { text, text != NULL ? (gsize) sqlite3_column_bytes (stmt, column) + 1 : 0 };
}

static char *
copy_text (const ColumnText  *column,
           char             **block)
{
  char *copy = *block;

  if (column->text == NULL)
    return NULL;
  memcpy (copy, column->text, column->size);
  *block += column->size;
  return copy;
}

/* The row whose STAGED_COLUMNS start at column @first, as one allocation (a chunk reads
 * thousands of them). */
static FcSyncStaged *
staged_from_row (sqlite3_stmt *stmt,
                 int           first,
                 gboolean      candidates)
{
  static const int columns[] = { 2, 5, 6, 10, 11, CANDIDATE_COLUMN + 2, CANDIDATE_COLUMN + 4 };
  ColumnText texts[G_N_ELEMENTS (columns)] = { { NULL, 0 }, };
  guint n_texts = candidates ? G_N_ELEMENTS (columns) : G_N_ELEMENTS (columns) - 2;
  gboolean has_fields = sqlite3_column_type (stmt, first + 7) != SQLITE_NULL;
  const void *fields;
  gsize fields_size;
  gsize total = sizeof (FcSyncStaged);
  FcSyncStaged *staged;
  char *block;

  for (guint i = 0; i < n_texts; i++)
    {
      texts[i] = column_text (stmt, first + columns[i]);
      total += texts[i].size;
    }
  /* The blob after the texts, copied below before the statement steps on */
  fields = has_fields ? sqlite3_column_blob (stmt, first + 7) : NULL;
  fields_size = has_fields ? (gsize) sqlite3_column_bytes (stmt, first + 7) : 0;
  total += fields_size;

  staged = g_malloc0 (total);
  block = (char *) (staged + 1);

  staged->rowid = sqlite3_column_int64 (stmt, first);
  staged->side = sqlite3_column_int (stmt, first + 1) == FC_SYNC_SIDE_SOURCE
                 ? FC_SYNC_SIDE_SOURCE : FC_SYNC_SIDE_TARGET;
  staged->record_id = copy_text (&texts[0], &block);
  staged->modified_ms = sqlite3_column_int64 (stmt, first + 3);
  staged->archived = sqlite3_column_int (stmt, first + 4) != 0;
  staged->match_value = copy_text (&texts[1], &block);
  staged->match_raw = copy_text (&texts[2], &block);
  staged->fetched = sqlite3_column_int (stmt, first + 8) != 0;
  staged->link_id = sqlite3_column_int64 (stmt, first + 9);
  staged->counterpart_id = copy_text (&texts[3], &block);
  staged->plan = copy_text (&texts[4], &block);
  if (candidates)
    {
      staged->candidates.count = sqlite3_column_int (stmt, CANDIDATE_COLUMN);
      if (staged->candidates.count == 1)
        {
          staged->candidates.rowid = sqlite3_column_int64 (stmt, CANDIDATE_COLUMN + 1);
          staged->candidates.record_id = copy_text (&texts[5], &block);
          staged->candidates.link_id = sqlite3_column_int64 (stmt, CANDIDATE_COLUMN + 3);
          staged->candidates.plan = copy_text (&texts[6], &block);
        }
    }
  /* After the texts: it needs no alignment (decode_fields () reads it bytewise) */
  if (has_fields)
    {
      /* A zero-length blob reads as NULL data: the row keeps an empty, non-NULL one */
      if (fields_size > 0)
        memcpy (block, fields, fields_size);
      staged->fields = (const guint8 *) block;
      staged->fields_size = fields_size;
    }
  return staged;
}

/* The fields of a staged record, encoded for the staging table: for each field its name and a
 * NUL, then its value: a tag byte and what it needs: 'n' null, 'f' false, 't' true, 's' a
 * string and a NUL, 'i' a gint64, 'd' a double, 'o' an object (a guint32 count of members,
 * then each member's name, a NUL and its value), 'a' an array (a guint32 count of elements,
 * then each value). Numbers in host byte order: the table never leaves the connection.
 * Writing and reading it costs a fraction of generating and parsing JSON, which every fetched
 * record went through twice. Nesting is bounded by the depth of what the connector built. */

static void encode_value (GByteArray    *out,
                          const FcValue *value);

static void
encode_node (GByteArray *out,
             JsonNode   *node)
{
  FcValue value;

  fc_value_init_from_node (&value, node);
  encode_value (out, &value);
}

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
  encode_node (user_data, value);
}

static void
encode_element (JsonArray  *array,
                guint       index,
                JsonNode   *value,
                gpointer    user_data)
{
  encode_node (user_data, value);
}

static void
encode_value (GByteArray    *out,
              const FcValue *value)
{
  guint32 count;

  switch (value->kind)
    {
    case FC_VALUE_STRING:
      append_tag (out, 's');
      append_text (out, value->v.string);
      return;
    case FC_VALUE_INT:
      append_tag (out, 'i');
      g_byte_array_append (out, (const guint8 *) &value->v.integer, sizeof value->v.integer);
      return;
    case FC_VALUE_DOUBLE:
      append_tag (out, 'd');
      g_byte_array_append (out, (const guint8 *) &value->v.number, sizeof value->v.number);
      return;
    case FC_VALUE_BOOLEAN:
      append_tag (out, value->v.boolean ? 't' : 'f');
      return;
    case FC_VALUE_NODE:
      if (JSON_NODE_HOLDS_OBJECT (value->v.node))
        {
          JsonObject *object = json_node_get_object (value->v.node);

          count = json_object_get_size (object);
          append_tag (out, 'o');
          g_byte_array_append (out, (const guint8 *) &count, sizeof count);
          json_object_foreach_member (object, encode_member, out);
        }
      else
        {
          JsonArray *array = json_node_get_array (value->v.node);

          count = json_array_get_length (array);
          append_tag (out, 'a');
          g_byte_array_append (out, (const guint8 *) &count, sizeof count);
          json_array_foreach_element (array, encode_element, out);
        }
      return;
    case FC_VALUE_NULL:
    default:
      append_tag (out, 'n');
      return;
    }
}

typedef struct {
  GByteArray *out;
  GHashTable *only;
} Encoder;

static void
encode_field (const char    *name,
              const FcValue *value,
              gpointer       user_data)
{
  Encoder *encoder = user_data;

  if (encoder->only != NULL && !g_hash_table_contains (encoder->only, name))
    return;
  append_text (encoder->out, name);
  encode_value (encoder->out, value);
}

static void
encode_fields (GByteArray *out,
               FcRecord   *record,
               GHashTable *only)
{
  Encoder encoder = { out, only };

  fc_record_foreach_field (record, encode_field, &encoder);
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

static JsonNode *decode_node (Decoder *decoder);

/* FALSE when the data is not what encode_value () wrote. A string points into the data; an
 * array or object is a new node, the caller's. */
static gboolean
decode_value (Decoder *decoder,
              FcValue *value)
{
  g_autoptr (JsonObject) object = NULL;
  g_autoptr (JsonArray) array = NULL;
  guint32 count;
  char tag;

  if (decoder->p >= decoder->end)
    return FALSE;
  tag = *decoder->p++;

  switch (tag)
    {
    case 'n':
      value->kind = FC_VALUE_NULL;
      return TRUE;
    case 't':
    case 'f':
      value->kind = FC_VALUE_BOOLEAN;
      value->v.boolean = tag == 't';
      return TRUE;
    case 'i':
      value->kind = FC_VALUE_INT;
      return decode_bytes (decoder, &value->v.integer, sizeof value->v.integer);
    case 'd':
      value->kind = FC_VALUE_DOUBLE;
      return decode_bytes (decoder, &value->v.number, sizeof value->v.number);
    case 's':
      value->kind = FC_VALUE_STRING;
      value->v.string = decode_text (decoder);
      return value->v.string != NULL;
    case 'o':
      if (!decode_bytes (decoder, &count, sizeof count))
        return FALSE;
      object = json_object_new ();
      for (guint32 i = 0; i < count; i++)
        {
          const char *name = decode_text (decoder);
          JsonNode *member = name != NULL ? decode_node (decoder) : NULL;

          if (member == NULL)
            return FALSE;
          json_object_set_member (object, name, member);
        }
      value->kind = FC_VALUE_NODE;
      value->v.node = json_node_init_object (json_node_alloc (), object);
      return TRUE;
    case 'a':
      if (!decode_bytes (decoder, &count, sizeof count))
        return FALSE;
      array = json_array_sized_new (MIN (count, 1024));
      for (guint32 i = 0; i < count; i++)
        {
          JsonNode *element = decode_node (decoder);

          if (element == NULL)
            return FALSE;
          json_array_add_element (array, element);
        }
      value->kind = FC_VALUE_NODE;
      value->v.node = json_node_init_array (json_node_alloc (), array);
      return TRUE;
    default:
      return FALSE;
    }
}

/* NULL when the data is not what encode_value () wrote. */
static JsonNode *
decode_node (Decoder *decoder)
{
  FcValue value;

  if (!decode_value (decoder, &value))
    return NULL;
  /* an array's or object's node is new already */
  return value.kind == FC_VALUE_NODE ? value.v.node : fc_value_to_node (&value);
}

/* FALSE when @data is not what encode_fields () wrote. */
static gboolean
decode_fields (FcRecord     *record,
               const guint8 *data,
               gsize         size)
{
  Decoder decoder = { (const char *) data, (const char *) data + size };

  while (decoder.p < decoder.end)
    {
      const char *name = decode_text (&decoder);
      FcValue value;

      if (name == NULL || *name == '\0' || !decode_value (&decoder, &value))
        return FALSE;
      fc_record_set_value (record, name, &value);
      if (value.kind == FC_VALUE_NODE)
        json_node_unref (value.v.node);
    }

  return TRUE;
}

FcRecord *
fc_sync_staged_dup_record (FcSyncStaged *staged,
                           const char   *object_type)
{
  g_autoptr (FcRecord) record = NULL;

  if (staged->fields == NULL)
    return NULL;

  record = fc_record_new (object_type, staged->record_id);
  fc_record_set_modified_ms (record, staged->modified_ms);
  fc_record_set_archived (record, staged->archived);
  if (!decode_fields (record, staged->fields, staged->fields_size))
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

/* Rows staged by one INSERT: pages are staged STAGE_ROWS records at a time, the rest by
 * statements of half as many, and so on, so that a page takes few statements and few texts of
 * statements are kept. A record listed twice (modified while the listing ran) must end with
 * its later copy: a single row is upserted, but several go in with INSERT OR IGNORE (SQLite
 * keeps a statement journal for an upsert of several rows, a file once it outgrows 64 KiB:
 * a write per page every later statement touches), and the rows it ignored are then upserted
 * one by one, in order. */
#define STAGE_ROWS 32
/* Parameters shared by the rows (run key, side, fetched), then these for each row */
#define STAGE_ROW_PARAMS 6

/* The INSERT of @n_rows rows, @n_rows a power of two up to STAGE_ROWS: the upsert of one, or
 * the INSERT OR IGNORE of several. */
static const char *
stage_insert_sql (guint n_rows)
{
  static const char *texts[7];
  guint slot = g_bit_nth_lsf (n_rows, -1);

  g_assert (slot < G_N_ELEMENTS (texts) && n_rows == 1u << slot && n_rows <= STAGE_ROWS);

  if (g_once_init_enter (&texts[slot]))
    {
      GString *sql = g_string_new (n_rows > 1 ? "INSERT OR IGNORE" : "INSERT");

      g_string_append (sql, " INTO fc_staged (run, side, fetched, record_id, modified_ms, "
                       "archived, match_value, match_raw, fields) VALUES ");

      for (guint i = 0; i < n_rows; i++)
        {
          guint p = 4 + i * STAGE_ROW_PARAMS;

          g_string_append_printf (sql, "%s(?1, ?2, ?3, ?%u, ?%u, ?%u, ?%u, ?%u, ?%u)",
                                  i > 0 ? ", " : "", p, p + 1, p + 2, p + 3, p + 4, p + 5);
        }
      if (n_rows == 1)
        g_string_append (sql, " ON CONFLICT (run, side, record_id) DO UPDATE SET "
                         "modified_ms = excluded.modified_ms, archived = excluded.archived, "
                         "match_value = excluded.match_value, match_raw = excluded.match_raw, "
                         "fields = excluded.fields, fetched = max (fetched, excluded.fetched) "
                         "WHERE excluded.modified_ms >= coalesce (modified_ms, 0)");
      g_once_init_leave (&texts[slot], g_string_free (sql, FALSE));
    }

  return texts[slot];
}

/* The run's key in fc_staged_runs, added with its first rows; -1 on error. */
static gint64
stage_run_key (FcStore     *store,
               const char  *run_id,
               GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = _fc_store_prepare (store,
                            "INSERT INTO fc_staged_runs (run_id) VALUES (?) "
                            "ON CONFLICT (run_id) DO UPDATE SET run_id = excluded.run_id "
                            "RETURNING run", error);
  if (stmt == NULL)
    return -1;
  bind_text (stmt, 1, run_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _fc_store_set_error_from_db (store, rc, _("Cannot stage a fetched record"), error);
      return -1;
    }
  return sqlite3_column_int64 (stmt, 0);
}

/* Stages @n_rows entries (a power of two) with one statement; *out_complete (optional)
 * unless some were ignored (see STAGE_ROWS). */
static gboolean
stage_rows (FcStore                *store,
            gint64                  run,
            FcSyncSide              side,
            const FcSyncStageEntry *entries,
            guint                   n_rows,
            gboolean                fetched,
            GHashTable             *only,
            GByteArray             *buffer,
            gboolean               *out_complete,
            GError                **error)
{
  g_autoptr (sqlite3_stmt) stmt = _fc_store_prepare (store, stage_insert_sql (n_rows), error);
  gsize offsets[STAGE_ROWS + 1];

  if (stmt == NULL)
    return FALSE;

  /* Every row's fields in one buffer, bound once it no longer moves */
  g_byte_array_set_size (buffer, 0);
  for (guint i = 0; i < n_rows; i++)
    {
      offsets[i] = buffer->len;
      encode_fields (buffer, entries[i].record, only);
    }
  offsets[n_rows] = buffer->len;

  sqlite3_bind_int64 (stmt, 1, run);
  sqlite3_bind_int (stmt, 2, side);
  sqlite3_bind_int (stmt, 3, fetched ? 1 : 0);
  for (guint i = 0; i < n_rows; i++)
    {
      FcRecord *record = entries[i].record;
      int p = 4 + i * STAGE_ROW_PARAMS;

      /* The fields too are bound without a copy (@buffer changes after the reset). A record
       * without fields has an empty blob, not NULL (that is a row without fields). */
      bind_text (stmt, p, fc_record_get_id (record));
      sqlite3_bind_int64 (stmt, p + 1, fc_record_get_modified_ms (record));
      sqlite3_bind_int (stmt, p + 2, fc_record_get_archived (record) ? 1 : 0);
      bind_text (stmt, p + 3, entries[i].match_value);
      bind_text (stmt, p + 4, entries[i].match_raw);
      sqlite3_bind_blob (stmt, p + 5,
                         offsets[i + 1] > offsets[i] ? (const void *) (buffer->data + offsets[i])
                                                     : "",
                         offsets[i + 1] - offsets[i], SQLITE_STATIC);
    }

  if (!_fc_store_step_done (store, stmt, _("Cannot stage a fetched record"), error))
    return FALSE;
  if (out_complete != NULL)
    *out_complete = n_rows == 1 || sqlite3_changes (_fc_store_get_db (store)) == (int) n_rows;
  return TRUE;
}

gboolean
fc_sync_store_stage_put (FcStore                 *store,
                         const char              *run_id,
                         FcSyncSide               side,
                         const FcSyncStageEntry  *entries,
                         guint                    n_entries,
                         gboolean                 fetched,
                         GHashTable              *only,
                         GError                 **error)
{
  g_autoptr (GByteArray) buffer = NULL;
  gboolean complete = TRUE;
  gint64 run;
  guint done = 0;

  if (n_entries == 0)
    return TRUE;
  run = stage_run_key (store, run_id, error);
  if (run < 0)
    return FALSE;

  buffer = g_byte_array_sized_new (256 * MIN (n_entries, STAGE_ROWS));
  for (guint n_rows = STAGE_ROWS; n_rows > 0; n_rows /= 2)
    for (; n_entries - done >= n_rows; done += n_rows)
      {
        if (!stage_rows (store, run, side, entries + done, n_rows, fetched, only, buffer,
                         &complete, error))
          return FALSE;
        /* Upserting again the rows it inserted changes nothing */
        for (guint i = 0; !complete && i < n_rows; i++)
          if (!stage_rows (store, run, side, entries + done + i, 1, fetched, only, buffer, NULL,
                           error))
            return FALSE;
      }

  return TRUE;
}

gboolean
fc_sync_store_stage_clear (FcStore     *store,
                           const char  *run_id,
                           GError     **error)
{
  g_autoptr (sqlite3_stmt) others = NULL;
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (sqlite3_stmt) key = NULL;
  gboolean alone;

  fc_sync_store_forget_bases (store);

  /* Without another run's rows the whole table goes at once (SQLite's truncate), instead of
   * row by row with every index entry. */
  others = _fc_store_prepare (store,
                              "SELECT EXISTS (SELECT 1 FROM fc_staged_runs WHERE run_id <> ?)",
                              error);
  if (others == NULL)
    return FALSE;
  bind_text (others, 1, run_id);
  if (sqlite3_step (others) != SQLITE_ROW)
    {
      _fc_store_set_error_from_db (store, sqlite3_errcode (_fc_store_get_db (store)),
                                   _("Cannot clear the staged records"), error);
      return FALSE;
    }
  alone = sqlite3_column_int (others, 0) == 0;

  stmt = _fc_store_prepare (store,
                            alone ? "DELETE FROM fc_staged"
                                  : "DELETE FROM fc_staged WHERE run = " RUN_KEY, error);
  if (stmt == NULL)
    return FALSE;
  if (!alone)
    bind_text (stmt, 1, run_id);
  if (!_fc_store_step_done (store, stmt, _("Cannot clear the staged records"), error))
    return FALSE;

  key = _fc_store_prepare (store, "DELETE FROM fc_staged_runs WHERE run_id = ?", error);
  if (key == NULL)
    return FALSE;
  bind_text (key, 1, run_id);
  return _fc_store_step_done (store, key, _("Cannot clear the staged records"), error);
}

guint
fc_sync_store_stage_count (FcStore     *store,
                           const char  *run_id,
                           int          side,
                           gboolean     fetched_only)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = _fc_store_prepare (store,
                            "SELECT count(*) FROM fc_staged WHERE run = " RUN_KEY " "
                            "AND (?2 IS NULL OR side = ?2) AND (NOT ?3 OR fetched)", NULL);
  if (stmt == NULL)
    return 0;
  bind_text (stmt, 1, run_id);
  if (side >= 0)
    sqlite3_bind_int (stmt, 2, side);
  sqlite3_bind_int (stmt, 3, fetched_only ? 1 : 0);
  return sqlite3_step (stmt) == SQLITE_ROW ? (guint) sqlite3_column_int (stmt, 0) : 0;
}

guint
fc_sync_store_stage_count_items (FcStore    *store,
                                 const char *run_id)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = _fc_store_prepare (store,
                            "SELECT count(*) FROM fc_staged WHERE run = " RUN_KEY " "
                            "AND (plan IS NULL OR plan IN ('link', 'create'))", NULL);
  if (stmt == NULL)
    return 0;
  bind_text (stmt, 1, run_id);
  return sqlite3_step (stmt) == SQLITE_ROW ? (guint) sqlite3_column_int (stmt, 0) : 0;
}

gboolean
fc_sync_store_stage_apply_links (FcStore     *store,
                                 const char  *run_id,
                                 const char  *mapping_id,
                                 GError     **error)
{
  /* A link has one record per side (links are unique by mapping and record on each side), so
   * the row of the other side that has the same link is found by its record id. */
  static const char * const statements[] = {
    /* Each staged record's link, when it has one (a join: the rows without one, all of them
     * on a first run, are not rewritten). */
    "UPDATE fc_staged SET link_id = l.id, counterpart_id = l.target_record_id FROM links l "
    "WHERE fc_staged.run = " RUN_KEY " AND fc_staged.side = 0 "
    "AND l.mapping_id = ?2 AND l.source_record_id = fc_staged.record_id",
    "UPDATE fc_staged SET link_id = l.id, counterpart_id = l.source_record_id FROM links l "
    "WHERE fc_staged.run = " RUN_KEY " AND fc_staged.side = 1 "
    "AND l.mapping_id = ?2 AND l.target_record_id = fc_staged.record_id",
    /* A link staged on both sides is handled once, from its source row. */
    "UPDATE fc_staged SET plan = 'paired' WHERE run = " RUN_KEY " AND side = 1 "
    "AND link_id IS NOT NULL AND EXISTS (SELECT 1 FROM fc_staged s WHERE s.run = fc_staged.run "
    "  AND s.side = 0 AND s.record_id = fc_staged.counterpart_id "
    "  AND s.link_id = fc_staged.link_id)",
    /* Links with a resolution to write are merged even when neither record changed. */
    "INSERT OR IGNORE INTO fc_staged (run, side, record_id, fetched, link_id, counterpart_id) "
    "SELECT " RUN_KEY ", 0, l.source_record_id, 0, l.id, l.target_record_id FROM links l "
    "WHERE l.mapping_id = ?2 AND l.id IN (SELECT c.link_id FROM conflicts c "
    "  WHERE c.mapping_id = ?2 AND c.resolved_at IS NOT NULL AND c.applied_at IS NULL) "
    "AND NOT EXISTS (SELECT 1 FROM fc_staged t WHERE t.run = " RUN_KEY " AND t.side = 0 "
    "  AND t.record_id = l.source_record_id AND t.link_id = l.id) "
    "AND NOT EXISTS (SELECT 1 FROM fc_staged t WHERE t.run = " RUN_KEY " AND t.side = 1 "
    "  AND t.record_id = l.target_record_id AND t.link_id = l.id)",
  };

  for (guint i = 0; i < G_N_ELEMENTS (statements); i++)
    {
      g_autoptr (sqlite3_stmt) stmt = _fc_store_prepare (store, statements[i], error);

      if (stmt == NULL)
        return FALSE;
      bind_text (stmt, 1, run_id);
      bind_text (stmt, 2, mapping_id);
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
  g_autoptr (GPtrArray) rows = g_ptr_array_new_full (limit, (GDestroyNotify)
                                                     fc_sync_staged_free);
  int rc;

  /* The unary + keeps SQLite from the (run, side) prefix of the primary key, which would sort
   * every staged row of the side on each call: the rowid range scan reads each row once over
   * the whole run. */
  stmt = _fc_store_prepare (store,
                            unlinked
                            /* Each row's candidates in the same pass: the rows of the other
                             * side with its match value (the only one's columns are read
                             * when there is one: they come from the single row counted). */
                            ? "SELECT " STAGED_COLUMNS ", count(c.rowid), c.rowid, "
                              "c.record_id, c.link_id, c.plan FROM fc_staged s "
                              "LEFT JOIN fc_staged c ON c.run = s.run AND c.side = 1 - s.side "
                              "AND c.match_value = s.match_value "
                              "WHERE s.rowid > ?3 AND +s.run = " RUN_KEY " AND +s.side = ?2 "
                              "AND s.link_id IS NULL AND s.plan IS NULL "
                              "GROUP BY s.rowid ORDER BY s.rowid LIMIT ?4"
                            /* Each row's counterpart in the same pass, when staged */
                            : "SELECT " STAGED_COLUMNS ", " COUNTERPART_COLUMNS " "
                              "FROM fc_staged s LEFT JOIN fc_staged c ON c.run = s.run "
                              "AND c.side = 1 - s.side AND c.record_id = s.counterpart_id "
                              "WHERE s.rowid > ?3 AND +s.run = " RUN_KEY " AND +s.side = ?2 "
                              "AND (s.plan IS NULL OR s.plan IN ('link', 'create')) "
                              "ORDER BY s.rowid LIMIT ?4", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, run_id);
  sqlite3_bind_int (stmt, 2, side);
  sqlite3_bind_int64 (stmt, 3, after_rowid);
  sqlite3_bind_int (stmt, 4, limit);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      FcSyncStaged *row = staged_from_row (stmt, 0, unlinked);

      if (!unlinked && sqlite3_column_type (stmt, COUNTERPART_COLUMN) != SQLITE_NULL)
        row->counterpart = staged_from_row (stmt, COUNTERPART_COLUMN, FALSE);
      g_ptr_array_add (rows, row);
    }
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
                            "SELECT " STAGED_COLUMNS " FROM fc_staged s "
                            "WHERE s.run = " RUN_KEY " AND s.side = ?2 AND s.record_id = ?3",
                            error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, run_id);
  sqlite3_bind_int (stmt, 2, side);
  bind_text (stmt, 3, record_id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return staged_from_row (stmt, 0, FALSE);
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
                            "SELECT " STAGED_PLAN_COLUMNS " FROM fc_staged s "
                            "WHERE s.run = " RUN_KEY " AND s.side = ?2 AND s.match_value = ?3 "
                            "ORDER BY s.rowid", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, run_id);
  sqlite3_bind_int (stmt, 2, side);
  bind_text (stmt, 3, match_value);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, staged_from_row (stmt, 0, FALSE));
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
                            "SELECT match_value FROM fc_staged WHERE run = " RUN_KEY " "
                            "AND side = ?2 AND match_value IS NOT NULL GROUP BY match_value "
                            "HAVING count(*) > 1", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, run_id);
  sqlite3_bind_int (stmt, 2, side);

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
                              gint64       rowid,
                              const char  *record_id,
                              const char  *plan,
                              const char  *counterpart_id,
                              GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = _fc_store_prepare (store,
                            rowid != 0
                            ? "UPDATE fc_staged SET plan = ?4, "
                              "counterpart_id = coalesce (?5, counterpart_id) WHERE rowid = ?6"
                            : "UPDATE fc_staged SET plan = ?4, "
                              "counterpart_id = coalesce (?5, counterpart_id) "
                              "WHERE run = " RUN_KEY " AND side = ?2 AND record_id = ?3", error);
  if (stmt == NULL)
    return FALSE;
  if (rowid != 0)
    sqlite3_bind_int64 (stmt, 6, rowid);
  else
    {
      bind_text (stmt, 1, run_id);
      sqlite3_bind_int (stmt, 2, side);
      bind_text (stmt, 3, record_id);
    }
  bind_text (stmt, 4, plan);
  bind_text (stmt, 5, counterpart_id);
  return _fc_store_step_done (store, stmt, _("Cannot plan a staged record"), error);
}

gboolean
fc_sync_store_stage_plan_settled (FcStore     *store,
                                  const char  *run_id,
                                  FcSyncSide   side,
                                  const char  *create_plan,
                                  GError     **error)
{
  /* Each statement plans rows without one, not linked, not archived (decide_row () skips
   * those) (bound: ?2 the side, ?3 @create_plan) */
#define UNPLANNED(t) \
  t ".run = " RUN_KEY " AND " t ".side = ?2 AND " t ".link_id IS NULL AND " t ".plan IS NULL " \
  "AND NOT " t ".archived"
  /* The match values several rows of side @s have: read once per statement */
#define REPEATED(s) \
  "(SELECT match_value FROM fc_staged WHERE run = " RUN_KEY " AND side = " s " " \
  "AND match_value IS NOT NULL GROUP BY match_value HAVING count(*) > 1)"
  static const char * const statements[] = {
    "UPDATE fc_staged SET plan = ?3 WHERE " UNPLANNED ("fc_staged") " AND match_value IS NULL",
    /* Alone with its value, which no record of the other side has (first: the pairs below
     * then only look at rows that have a candidate) */
    "UPDATE fc_staged SET plan = ?3 WHERE " UNPLANNED ("fc_staged") " "
    "AND match_value IS NOT NULL AND match_value NOT IN " REPEATED ("?2") " "
    "AND NOT EXISTS (SELECT 1 FROM fc_staged c "
    "  WHERE c.run = fc_staged.run AND c.side = 1 - ?2 AND c.match_value = fc_staged.match_value)",
    /* Alone with its value, and so is the free record of the other side that has it: the
     * pair. Its other row is planned next, found by its new counterpart. */
    "UPDATE fc_staged SET plan = 'link', counterpart_id = c.record_id FROM fc_staged c "
    "WHERE " UNPLANNED ("fc_staged") " "
    "AND c.run = fc_staged.run AND c.side = 1 - ?2 AND c.match_value = fc_staged.match_value "
    "AND c.link_id IS NULL AND (c.plan IS NULL OR c.plan = 'create') "
    "AND NOT EXISTS (SELECT 1 FROM fc_staged d WHERE d.run = c.run AND d.side = c.side "
    "  AND d.match_value = c.match_value AND d.rowid <> c.rowid) "
    "AND NOT EXISTS (SELECT 1 FROM fc_staged d WHERE d.run = c.run AND d.side = ?2 "
    "  AND d.match_value = c.match_value AND d.rowid <> fc_staged.rowid)",
    "UPDATE fc_staged SET plan = 'paired', counterpart_id = s.record_id FROM fc_staged s "
    "WHERE fc_staged.run = " RUN_KEY " AND fc_staged.side = 1 - ?2 "
    "AND s.run = fc_staged.run AND s.side = ?2 AND s.plan = 'link' AND s.link_id IS NULL "
    "AND s.counterpart_id = fc_staged.record_id",
  };
#undef UNPLANNED
#undef REPEATED

  for (guint i = 0; i < G_N_ELEMENTS (statements); i++)
    {
      g_autoptr (sqlite3_stmt) stmt = _fc_store_prepare (store, statements[i], error);

      if (stmt == NULL)
        return FALSE;
      bind_text (stmt, 1, run_id);
      sqlite3_bind_int (stmt, 2, side);
      bind_text (stmt, 3, create_plan);
      if (!_fc_store_step_done (store, stmt, _("Cannot plan the staged records"), error))
        return FALSE;
    }

  return TRUE;
}

gboolean
fc_sync_store_stage_skip_unmatched (FcStore     *store,
                                    const char  *run_id,
                                    FcSyncSide   side,
                                    GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = _fc_store_prepare (store,
                            "UPDATE fc_staged SET plan = 'skip' WHERE run = " RUN_KEY " "
                            "AND side = ?2 AND plan IS NULL AND link_id IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, run_id);
  sqlite3_bind_int (stmt, 2, side);
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
                            "WHERE run = " RUN_KEY " AND side = ?2 AND record_id = ?3", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, run_id);
  sqlite3_bind_int (stmt, 2, side);
  bind_text (stmt, 3, record_id);
  return _fc_store_step_done (store, stmt, _("Cannot mark a staged record failed"), error);
}

gint64
fc_sync_store_stage_min_failed (FcStore     *store,
                                const char  *run_id,
                                FcSyncSide   side)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = _fc_store_prepare (store,
                            "SELECT min (modified_ms) FROM fc_staged WHERE run = " RUN_KEY " "
                            "AND side = ?2 AND failed AND fetched", NULL);
  if (stmt == NULL)
    return -1;
  bind_text (stmt, 1, run_id);
  sqlite3_bind_int (stmt, 2, side);
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_type (stmt, 0) == SQLITE_NULL)
    return -1;
  return sqlite3_column_int64 (stmt, 0);
}
