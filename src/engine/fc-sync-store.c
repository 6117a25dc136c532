/* fc-sync-store.c: links, bases, cursors, runs, events, conflicts and intents in the store
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
  _fc_json_text_append_string (out, name);
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
          _fc_json_text_append_string (out, json_node_get_string (node));
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

void
_fc_sync_store_append_json (GString    *out,
                            JsonObject *object)
{
  g_string_append_c (out, '{');
  json_object_foreach_member (object, append_json_member, out);
  g_string_append_c (out, '}');
}

char *
_fc_sync_store_json_text (JsonObject *object)
{
  GString *out;

  if (object == NULL)
    return NULL;
  out = g_string_sized_new (256);
  _fc_sync_store_append_json (out, object);
  return g_string_free (out, FALSE);
}

/* ---- rows held back --------------------------------------------------------------------- */

/* Inside a transaction, new rows of links, bases and events are held back and written several
 * to an INSERT: SQLite spends about half as much per row on one statement of many rows as on
 * a statement per row, and each confirmed create stores a link, its bases and an event.
 * The store has them written before any other statement runs (so every statement sees them)
 * and before the commit; a rollback drops them (fc-store.c). Tables are written in the order
 * below: bases refer to links. Outside a transaction, where the rows held are not touched
 * (another thread may be writing then: the run log's tests do), and inside a savepoint, whose
 * caller handles a failing insert itself, a row is written at once. */
static const struct {
  const char *insert;     /* the statement up to its rows */
  const char *row;        /* the parameters of a row */
  guint       n_columns;
  const char *what;       /* for the error message */
} row_tables[FC_SYNC_N_ROW_TABLES] = {
  [FC_SYNC_ROW_LINK] = {
    "INSERT INTO links (id, mapping_id, source_record_id, target_record_id, match_key, "
    "created_at, updated_at) VALUES ", "(?, ?, ?, ?, ?, ?, ?)", 7, N_("Cannot store a link") },
  [FC_SYNC_ROW_BASE] = {
    "INSERT OR REPLACE INTO bases (link_id, pair_key, source_values, target_values, "
    "updated_at) VALUES ", "(?, ?, ?, ?, ?)", 5, N_("Cannot store a base") },
  [FC_SYNC_ROW_EVENT] = {
    "INSERT INTO run_events (run_id, at, kind, side, source_record_id, target_record_id, "
    "message, details) VALUES ", "(?, ?, ?, ?, ?, ?, ?, ?)", 8,
    N_("Cannot record a sync event") },
};

/* Rows to a statement at most: beyond about 20, SQLite's cost per row hardly falls (measured
 * with the bench's rows). Fewer rows go in the largest power of two that fits, so that each
 * table has a few statement texts, each prepared once. */
#define ROWS_PER_STATEMENT 32
#define N_STATEMENT_SIZES  6    /* 1, 2, 4 ... ROWS_PER_STATEMENT */
/* Held rows of a table that are written without waiting for the next statement */
#define MAX_HELD_ROWS      256

/* A value held: an integer, or a text at an offset of the held texts */
typedef struct {
  gint64 number;        /* the integer, or the text's offset */
  int    length;        /* the text's length in bytes; HELD_INT, HELD_NULL */
} HeldValue;

#define HELD_INT  (-1)
#define HELD_NULL (-2)

/* The texts of the rows are copied one after another into one buffer, and bound without a
 * copy: a row costs no allocation of its own, where a copy of each text (and a JSON text of
 * each base's values) was a good part of the time spent on it. */
typedef struct {
  GArray  *values[FC_SYNC_N_ROW_TABLES];  /* HeldValue, n_columns a row */
  GString *texts;                         /* each followed by a NUL */
  gint64   next_link_id;                  /* while links are held: the id of the next */
  char    *statements[FC_SYNC_N_ROW_TABLES][N_STATEMENT_SIZES]; /* by log2 of the rows */
} HeldRows;

static void
held_rows_free (HeldRows *held)
{
  for (guint t = 0; t < FC_SYNC_N_ROW_TABLES; t++)
    {
      g_array_unref (held->values[t]);
      for (guint i = 0; i < N_STATEMENT_SIZES; i++)
        g_free (held->statements[t][i]);
    }
  g_string_free (held->texts, TRUE);
  g_free (held);
}

/* Appends @values to @held, their texts to @texts */
static void
hold_values (GArray               *held,
             GString              *texts,
             const FcSyncRowValue *values,
             guint                 n_values)
{
  guint first = held->len;

  g_array_set_size (held, first + n_values);
  for (guint i = 0; i < n_values; i++)
    {
      HeldValue *value = &g_array_index (held, HeldValue, first + i);
      gsize offset = texts->len;

      if (values[i].is_int)
        {
          value->number = values[i].number;
          value->length = HELD_INT;
          continue;
        }
      if (values[i].is_strv)
        _fc_json_text_append_strv (texts, values[i].strv);
      else if (values[i].text != NULL)
        g_string_append (texts, values[i].text);
      else
        {
          value->length = HELD_NULL;
          continue;
        }
      value->number = (gint64) offset;
      value->length = (int) (texts->len - offset);
      g_string_append_c (texts, '\0');
    }
}

static char *
statement_text (FcSyncRowTable table,
                guint          n_rows)
{
  GString *sql = g_string_new (row_tables[table].insert);

  for (guint i = 0; i < n_rows; i++)
    {
      if (i > 0)
        g_string_append (sql, ", ");
      g_string_append (sql, row_tables[table].row);
    }
  return g_string_free (sql, FALSE);
}

/* @n_rows rows of @table in one statement, @sql; their texts are in @texts, which must not
 * change before this returns (the statement is reset then). */
static gboolean
insert_rows (FcStore          *store,
             FcSyncRowTable    table,
             const char       *sql,
             const HeldValue  *values,
             guint             n_rows,
             const char       *texts,
             GError          **error)
{
  g_autoptr (sqlite3_stmt) stmt = _fc_store_prepare (store, sql, error);
  guint n_values = n_rows * row_tables[table].n_columns;
  int rc;

  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < n_values; i++)
    if (values[i].length == HELD_INT)
      sqlite3_bind_int64 (stmt, (int) i + 1, values[i].number);
    else if (values[i].length != HELD_NULL)
      sqlite3_bind_text (stmt, (int) i + 1, texts + values[i].number, values[i].length,
                         SQLITE_STATIC);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      _fc_store_set_error_from_db (store, rc, _(row_tables[table].what), error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_held_rows (FcStore   *store,
                 gpointer   data,
                 GError   **error)
{
  HeldRows *held = data;
  gboolean ok = TRUE;

  for (FcSyncRowTable table = 0; table < FC_SYNC_N_ROW_TABLES; table++)
    {
      GArray *values = held->values[table];
      guint n_columns = row_tables[table].n_columns;
      guint n_rows = values->len / n_columns;

      for (guint row = 0; ok && row < n_rows;)
        {
          guint size = N_STATEMENT_SIZES - 1;
          guint n = ROWS_PER_STATEMENT;
          char **sql;

          for (; n > n_rows - row; n /= 2)
            size--;
          sql = &held->statements[table][size];
          if (*sql == NULL)
            *sql = statement_text (table, n);
          ok = insert_rows (store, table, *sql,
                            &g_array_index (values, HeldValue, row * n_columns), n,
                            held->texts->str, error);
          row += n;
        }
      g_array_set_size (values, 0);
    }
  /* After a failure too: the rows not written go with the transaction */
  g_string_truncate (held->texts, 0);
  return ok;
}

static HeldRows *
get_held_rows (FcStore *store)
{
  HeldRows *held = _fc_store_get_held_rows (store);

  if (held != NULL)
    return held;

  held = g_new0 (HeldRows, 1);
  for (guint t = 0; t < FC_SYNC_N_ROW_TABLES; t++)
    held->values[t] = g_array_sized_new (FALSE, FALSE, sizeof (HeldValue),
                                         row_tables[t].n_columns * ROWS_PER_STATEMENT);
  held->texts = g_string_sized_new (16384);
  _fc_store_set_held_rows (store, held, write_held_rows, (GDestroyNotify) held_rows_free);
  return held;
}

gboolean
_fc_sync_store_add_row (FcStore               *store,
                        FcSyncRowTable         table,
                        const FcSyncRowValue  *values,
                        guint                  n_values,
                        GError               **error)
{
  HeldRows *held;
  GArray *rows;

  g_return_val_if_fail (n_values == row_tables[table].n_columns, FALSE);

  if (!_fc_store_can_hold_rows (store))
    {
      g_autoptr (GArray) row = g_array_sized_new (FALSE, FALSE, sizeof (HeldValue), n_values);
      g_autoptr (GString) texts = g_string_sized_new (256);
      g_autofree char *sql = statement_text (table, 1);

      hold_values (row, texts, values, n_values);
      return insert_rows (store, table, sql, (const HeldValue *) (void *) row->data, 1,
                          texts->str, error);
    }

  held = get_held_rows (store);
  rows = held->values[table];
  hold_values (rows, held->texts, values, n_values);
  return rows->len < MAX_HELD_ROWS * n_values || _fc_store_flush_held_rows (store, error);
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
_fc_sync_store_add_event_text (FcStore     *store,
                               const char  *run_id,
                               const char  *kind,
                               int          side,
                               const char  *source_id,
                               const char  *target_id,
                               const char  *message,
                               char        *details,
                               GError     **error)
{
  FcSyncRowValue row[] = {
    _fc_sync_row_text (run_id),
    _fc_sync_row_int (_fc_store_now_ms ()),
    _fc_sync_row_text (kind),
    _fc_sync_row_text (side_name (side)),
    _fc_sync_row_text (source_id),
    _fc_sync_row_text (target_id),
    _fc_sync_row_text (message),
    _fc_sync_row_text (details),
  };
  gboolean ok = _fc_sync_store_add_row (store, FC_SYNC_ROW_EVENT, row, G_N_ELEMENTS (row), error);

  g_free (details);
  return ok;
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
  return _fc_sync_store_add_event_text (store, run_id, kind, side, source_id, target_id, message,
                                        _fc_sync_store_json_text (details), error);
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

/* The bases of the links of the chunks being merged and written, read with one query when a
 * chunk is read (fc_sync_store_load_bases ()), where the merge asks for each pair's base and
 * the bases an unanswered update left (three reads per pair), and confirming a write sets the
 * bases and closes the conflicts of its pairs. The store's mirror holds, for each of its links,
 * every row the bases table has (as the table's JSON text, read when asked for) and the pairs
 * with an open conflict: set_base () and close_conflict () skip their statement when it would
 * find no row. set_base (), insert_link (), delete_link () and record_conflict () keep it equal
 * to the tables (add_base () drops the link), a rollback drops it, and so does the end of a run
 * (stage_clear ()). A link that is not in it is read from the tables. A chunk's links stay for
 * the next KEPT_LOADS - 1 loads: fc-sync-apply.c reads the next chunk while up to
 * FC_SYNC_WRITES_IN_FLIGHT chunks write, so most writes are confirmed while their links are
 * still here. */
#define KEPT_LOADS (FC_SYNC_WRITES_IN_FLIGHT + 2)

/* One allocation: the strings follow the struct. */
typedef struct {
  const char *pair_key;
  const char *source;   /* JSON text, or NULL */
  const char *target;
} MirroredBase;

typedef struct {
  gint64     link_id;          /* the key of the mirror's table */
  guint      load;             /* the load that read it last */
  GPtrArray *bases;            /* MirroredBase */
  GPtrArray *open_conflicts;   /* pair keys; NULL for none */
} MirroredLink;

typedef struct {
  GHashTable *links;           /* &link_id -> MirroredLink */
  guint       loads;
} BasesMirror;

static MirroredBase *
mirrored_base_new (const char *pair_key,
                   const char *source,
                   const char *target)
{
  gsize key_size = strlen (pair_key) + 1;
  gsize source_size = source != NULL ? strlen (source) + 1 : 0;
  gsize target_size = target != NULL ? strlen (target) + 1 : 0;
  MirroredBase *base = g_malloc (sizeof (MirroredBase) + key_size + source_size + target_size);
  char *text = (char *) (base + 1);

  base->pair_key = memcpy (text, pair_key, key_size);
  base->source = source != NULL ? memcpy (text + key_size, source, source_size) : NULL;
  base->target = target != NULL ? memcpy (text + key_size + source_size, target, target_size)
                                : NULL;
  return base;
}

static void
mirrored_link_free (MirroredLink *link)
{
  g_ptr_array_unref (link->bases);
  g_clear_pointer (&link->open_conflicts, g_ptr_array_unref);
  g_free (link);
}

static void
bases_mirror_free (BasesMirror *mirror)
{
  g_hash_table_unref (mirror->links);
  g_free (mirror);
}

static BasesMirror *
bases_mirror_get (FcStore *store)
{
  return _fc_store_get_mirror (store);
}

static MirroredLink *
bases_mirror_lookup (FcStore *store,
                     gint64   link_id)
{
  BasesMirror *mirror = bases_mirror_get (store);

  return mirror != NULL ? g_hash_table_lookup (mirror->links, &link_id) : NULL;
}

/* A link without rows, replacing any of the same id */
static MirroredLink *
bases_mirror_add (BasesMirror *mirror,
                  gint64       link_id)
{
  MirroredLink *link = g_new0 (MirroredLink, 1);

  link->link_id = link_id;
  link->load = mirror->loads;
  link->bases = g_ptr_array_new_with_free_func (g_free);
  g_hash_table_replace (mirror->links, &link->link_id, link);
  return link;
}

static int
mirrored_link_find (MirroredLink *link,
                    const char   *pair_key)
{
  for (guint i = 0; i < link->bases->len; i++)
    if (g_str_equal (((MirroredBase *) g_ptr_array_index (link->bases, i))->pair_key, pair_key))
      return (int) i;
  return -1;
}

static void
mirrored_link_set (MirroredLink *link,
                   const char   *pair_key,
                   const char   *source,
                   const char   *target)
{
  int index = mirrored_link_find (link, pair_key);
  MirroredBase *base = mirrored_base_new (pair_key, source, target);

  if (index < 0)
    g_ptr_array_add (link->bases, base);
  else
    {
      g_free (g_ptr_array_index (link->bases, index));
      g_ptr_array_index (link->bases, index) = base;
    }
}

static gboolean
mirrored_link_has_conflict (MirroredLink *link,
                            const char   *pair_key)
{
  for (guint i = 0; link->open_conflicts != NULL && i < link->open_conflicts->len; i++)
    if (g_str_equal (g_ptr_array_index (link->open_conflicts, i), pair_key))
      return TRUE;
  return FALSE;
}

static void
mirrored_link_add_conflict (MirroredLink *link,
                            const char   *pair_key)
{
  if (mirrored_link_has_conflict (link, pair_key))
    return;
  if (link->open_conflicts == NULL)
    link->open_conflicts = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (link->open_conflicts, g_strdup (pair_key));
}

/* Drops the links no load of the last KEPT_LOADS read; starts the mirror when there is none. */
static BasesMirror *
bases_mirror_start_load (FcStore *store)
{
  BasesMirror *mirror = bases_mirror_get (store);
  GHashTableIter iter;
  MirroredLink *link;

  if (mirror == NULL)
    {
      mirror = g_new0 (BasesMirror, 1);
      mirror->links = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                             (GDestroyNotify) mirrored_link_free);
      _fc_store_set_mirror (store, mirror, (GDestroyNotify) bases_mirror_free);
    }

  mirror->loads++;
  g_hash_table_iter_init (&iter, mirror->links);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &link))
    if (mirror->loads - link->load >= KEPT_LOADS)
      g_hash_table_iter_remove (&iter);
  return mirror;
}

/* Appends @id in decimal: a chunk's ids are written for every load, where printf's format
 * parsing cost more than the digits */
static void
append_id (GString *out,
           gint64   id)
{
  char digits[24];
  gsize start = sizeof digits;
  guint64 rest = id < 0 ? -(guint64) id : (guint64) id;

  do
    {
      digits[--start] = (char) ('0' + rest % 10);
      rest /= 10;
    }
  while (rest > 0);
  if (id < 0)
    digits[--start] = '-';
  g_string_append_len (out, digits + start, sizeof digits - start);
}

gboolean
fc_sync_store_load_bases (FcStore       *store,
                          const gint64  *link_ids,
                          guint          n_links,
                          GError       **error)
{
  BasesMirror *mirror = bases_mirror_start_load (store);
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GString) ids = g_string_new ("[");
  int rc;

  for (guint i = 0; i < n_links; i++)
    {
      MirroredLink *link = link_ids[i] != 0 ? g_hash_table_lookup (mirror->links, &link_ids[i])
                                            : NULL;

      /* Already here: kept equal to the tables since it was read */
      if (link != NULL)
        link->load = mirror->loads;
      if (link != NULL || link_ids[i] == 0)
        continue;
      bases_mirror_add (mirror, link_ids[i]);
      if (ids->len > 1)
        g_string_append_c (ids, ',');
      append_id (ids, link_ids[i]);
    }
  g_string_append_c (ids, ']');
  if (ids->len == 2)
    return TRUE;

  /* One query for the chunk: the ids as a JSON array, each looked up in the keys */
  stmt = _fc_store_prepare (store,
                            "SELECT link_id, pair_key, source_values, target_values, 0 "
                            "FROM bases WHERE link_id IN (SELECT value FROM json_each (?1)) "
                            "UNION ALL SELECT link_id, pair_key, NULL, NULL, 1 FROM conflicts "
                            "WHERE link_id IN (SELECT value FROM json_each (?1)) "
                            "AND resolved_at IS NULL", error);
  if (stmt != NULL)
    {
      _fc_store_bind_text (stmt, 1, ids->str);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 link_id = sqlite3_column_int64 (stmt, 0);
          MirroredLink *link = g_hash_table_lookup (mirror->links, &link_id);
          const char *pair_key = _fc_store_column_text (stmt, 1);

          if (link == NULL || pair_key == NULL)
            continue;
          if (sqlite3_column_int (stmt, 4) != 0)
            mirrored_link_add_conflict (link, pair_key);
          else
            mirrored_link_set (link, pair_key, _fc_store_column_text (stmt, 2),
                               _fc_store_column_text (stmt, 3));
        }
      if (rc == SQLITE_DONE)
        return TRUE;
      _fc_store_set_error_from_db (store, rc, _("Cannot read a base"), error);
    }

  /* Links added without their rows would not be equal to the tables */
  _fc_store_set_mirror (store, NULL, NULL);
  return FALSE;
}

void
fc_sync_store_forget_bases (FcStore *store)
{
  _fc_store_set_mirror (store, NULL, NULL);
}

gboolean
_fc_sync_store_mirror_has_conflict (FcStore    *store,
                                    gint64      link_id,
                                    const char *pair_key)
{
  MirroredLink *link = bases_mirror_lookup (store, link_id);

  return link == NULL || mirrored_link_has_conflict (link, pair_key);
}

void
_fc_sync_store_mirror_add_conflict (FcStore    *store,
                                    gint64      link_id,
                                    const char *pair_key)
{
  MirroredLink *link = bases_mirror_lookup (store, link_id);

  if (link != NULL)
    mirrored_link_add_conflict (link, pair_key);
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

GHashTable *
fc_sync_store_find_linked (FcStore             *store,
                           const char          *mapping_id,
                           FcSyncSide           side,
                           const char * const  *record_ids,
                           guint                n_ids,
                           GError             **error)
{
  g_autoptr (GHashTable) linked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GString) ids = g_string_new ("[");
  int rc;

  if (n_ids == 0)
    return g_steal_pointer (&linked);

  for (guint i = 0; i < n_ids; i++)
    {
      if (i > 0)
        g_string_append_c (ids, ',');
      _fc_json_text_append_string (ids, record_ids[i]);
    }
  g_string_append_c (ids, ']');

  stmt = _fc_store_prepare (store,
                            side == FC_SYNC_SIDE_SOURCE
                            ? "SELECT source_record_id FROM links WHERE mapping_id = ?1 "
                              "AND source_record_id IN (SELECT value FROM json_each (?2))"
                            : "SELECT target_record_id FROM links WHERE mapping_id = ?1 "
                              "AND target_record_id IN (SELECT value FROM json_each (?2))", error);
  if (stmt == NULL)
    return NULL;
  _fc_store_bind_text (stmt, 1, mapping_id);
  _fc_store_bind_text (stmt, 2, ids->str);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_add (linked, g_strdup (_fc_store_column_text (stmt, 0)));
  if (rc != SQLITE_DONE)
    {
      _fc_store_set_error_from_db (store, rc, _("Cannot look up a link"), error);
      return NULL;
    }
  return g_steal_pointer (&linked);
}

/* The id of a new link: the rowid SQLite would give it, one past the largest, given at once
 * while the row is held back. Read when no link is held: those are the only rows added since. */
static gboolean
next_link_id (FcStore   *store,
              gint64    *out_id,
              GError   **error)
{
  HeldRows *held = _fc_store_can_hold_rows (store) ? get_held_rows (store) : NULL;
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  if (held != NULL && held->values[FC_SYNC_ROW_LINK]->len > 0)
    {
      *out_id = held->next_link_id++;
      return TRUE;
    }

  stmt = _fc_store_prepare (store, "SELECT max(id) FROM links", error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _fc_store_set_error_from_db (store, rc, _("Cannot store a link"), error);
      return FALSE;
    }
  *out_id = sqlite3_column_int64 (stmt, 0) + 1;
  if (held != NULL)
    held->next_link_id = *out_id + 1;
  return TRUE;
}

static gboolean
add_link_row (FcStore     *store,
              gint64       link_id,
              const char  *mapping_id,
              const char  *source_id,
              const char  *target_id,
              const char  *match_key,
              GError     **error)
{
  gint64 now = _fc_store_now_ms ();
  FcSyncRowValue row[] = {
    _fc_sync_row_int (link_id),
    _fc_sync_row_text (mapping_id),
    _fc_sync_row_text (source_id),
    _fc_sync_row_text (target_id),
    _fc_sync_row_text (match_key),
    _fc_sync_row_int (now),
    _fc_sync_row_int (now),
  };

  return _fc_sync_store_add_row (store, FC_SYNC_ROW_LINK, row, G_N_ELEMENTS (row), error);
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
  BasesMirror *mirror = bases_mirror_get (store);
  gint64 link_id;

  if (!next_link_id (store, &link_id, error) ||
      !add_link_row (store, link_id, mapping_id, source_id, target_id, match_key, error))
    return FALSE;

  /* A new link has no bases or conflicts yet (those of a removed link with its id went with
   * it) */
  if (mirror != NULL)
    bases_mirror_add (mirror, link_id);
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
  BasesMirror *mirror = bases_mirror_get (store);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, link_id);
  if (!_fc_store_step_done (store, stmt, _("Cannot remove a link"), error))
    return FALSE;
  /* Its bases and conflicts went with it (ON DELETE CASCADE) */
  if (mirror != NULL)
    g_hash_table_remove (mirror->links, &link_id);
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
  MirroredLink *mirrored = bases_mirror_lookup (store, link_id);
  int rc;

  if (mirrored != NULL)
    {
      int index = mirrored_link_find (mirrored, pair_key);
      MirroredBase *base = index >= 0 ? g_ptr_array_index (mirrored->bases, index) : NULL;
      g_auto (GStrv) source = NULL;
      g_auto (GStrv) target = NULL;

      /* As a row read from the table: one that cannot be read is no base */
      if (base == NULL || base->source == NULL || base->target == NULL)
        return FALSE;
      source = _fc_store_strv_from_json (base->source, NULL);
      target = source != NULL ? _fc_store_strv_from_json (base->target, NULL) : NULL;
      if (target == NULL)
        return FALSE;
      *out_source = g_steal_pointer (&source);
      *out_target = g_steal_pointer (&target);
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

/* Whether the link's mirrored rows include a pending row of @pair_key (the base or the before
 * values an unconfirmed update left); with @remove, those rows go too. */
static gboolean
mirror_has_pending (MirroredLink *mirrored,
                    const char   *pair_key,
                    gboolean      remove)
{
  static const char * const suffixes[] = {
    FC_SYNC_PENDING_BASE_SOURCE, FC_SYNC_PENDING_BASE_TARGET,
    FC_SYNC_PENDING_BEFORE_SOURCE, FC_SYNC_PENDING_BEFORE_TARGET,
  };
  gsize length = strlen (pair_key);
  gboolean found = FALSE;

  for (guint i = 0; i < mirrored->bases->len;)
    {
      const char *key = ((MirroredBase *) g_ptr_array_index (mirrored->bases, i))->pair_key;
      gboolean pending = FALSE;

      if (strncmp (key, pair_key, length) == 0)
        for (guint s = 0; !pending && s < G_N_ELEMENTS (suffixes); s++)
          pending = g_str_equal (key + length, suffixes[s]);
      found |= pending;
      if (pending && remove)
        g_ptr_array_remove_index_fast (mirrored->bases, i);
      else
        i++;
    }
  return found;
}

static gboolean
add_base_row (FcStore             *store,
              gint64               link_id,
              const char          *pair_key,
              const char * const  *source,
              const char * const  *target,
              GError             **error)
{
  FcSyncRowValue row[] = {
    _fc_sync_row_int (link_id),
    _fc_sync_row_text (pair_key),
    _fc_sync_row_strv (source),
    _fc_sync_row_strv (target),
    _fc_sync_row_int (_fc_store_now_ms ()),
  };

  return _fc_sync_store_add_row (store, FC_SYNC_ROW_BASE, row, G_N_ELEMENTS (row), error);
}

gboolean
fc_sync_store_add_base (FcStore             *store,
                        gint64               link_id,
                        const char          *pair_key,
                        const char * const  *source,
                        const char * const  *target,
                        GError             **error)
{
  BasesMirror *mirror = bases_mirror_get (store);

  /* Its link leaves the mirror rather than have the values copied there: the mirror is for
   * the chunks being merged, and a link just created is not merged again in the run. */
  if (mirror != NULL)
    g_hash_table_remove (mirror->links, &link_id);
  return add_base_row (store, link_id, pair_key, source, target, error);
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
  MirroredLink *mirrored = bases_mirror_lookup (store, link_id);

  /* The mirror keeps the JSON texts the row has; a row that cannot be written takes the
   * mirror */
  if (mirrored != NULL)
    {
      g_autoptr (GString) texts = g_string_sized_new (128);
      gsize target_offset;

      _fc_json_text_append_strv (texts, source);
      g_string_append_c (texts, '\0');
      target_offset = texts->len;
      _fc_json_text_append_strv (texts, target);
      mirrored_link_set (mirrored, pair_key, texts->str, texts->str + target_offset);
    }
  if (!add_base_row (store, link_id, pair_key, source, target, error))
    {
      fc_sync_store_forget_bases (store);
      return FALSE;
    }
  if (strchr (pair_key, '#') != NULL)
    return TRUE;

  /* The base agreed on now replaces any written before an update whose answer never came
   * (see fc-sync-write.c). The mirror holds every row of its links: when it has none of
   * those, the table has none either. */
  if (mirrored != NULL && !mirror_has_pending (mirrored, pair_key, FALSE))
    return TRUE;

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

