/* fc-run-log.c: a record's history, a run's events as CSV, and the open conflicts
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-run-log"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-run-log-private.h"
#include "fc-sync-store.h"

#define RECORD_EVENTS_DEFAULT_LIMIT 500
/* How much CSV text is gathered before it is written out. */
#define CSV_CHUNK_SIZE (64 * 1024)

static void
set_store_error (FcStore     *store,
                 const char  *what,
                 GError     **error)
{
  g_set_error (error, FC_RUN_LOG_ERROR, FC_RUN_LOG_ERROR_STORE, "%s: %s", what,
               sqlite3_errmsg (_fc_store_get_db (store)));
}

/* ---- a record's history ----------------------------------------------------------------- */

/**
 * fc_run_log_list_record_events:
 * @store: the store to read
 * @record_id: a record's id, on either side of any mapping
 * @limit: the most events to list, 0 for 500
 * @error: return location for an error
 *
 * Returns: (transfer full): a GListModel of FcEventInfo, newest first
 */
GListModel *
fc_run_log_list_record_events (FcStore     *store,
                               const char  *record_id,
                               guint        limit,
                               GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GListStore) events = NULL;
  g_autoptr (GError) local_error = NULL;
  int rc;

  g_return_val_if_fail (FC_IS_STORE (store), NULL);
  g_return_val_if_fail (record_id != NULL, NULL);

  /* Each side has its index; SQLite reads both and merges them. */
  stmt = _fc_store_prepare (store,
                            "SELECT " FC_RUN_LOG_EVENT_COLUMNS " FROM run_events e "
                            "LEFT JOIN runs r ON r.id = e.run_id "
                            "LEFT JOIN mappings m ON m.id = r.mapping_id "
                            "WHERE e.source_record_id = ?1 OR e.target_record_id = ?1 "
                            "ORDER BY e.id DESC LIMIT ?2", &local_error);
  if (stmt == NULL)
    {
      g_set_error (error, FC_RUN_LOG_ERROR, FC_RUN_LOG_ERROR_STORE,
                   _("Cannot read the history of the record “%s”: %s"), record_id,
                   local_error->message);
      return NULL;
    }
  _fc_store_bind_text (stmt, 1, record_id);
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? limit : RECORD_EVENTS_DEFAULT_LIMIT);

  events = g_list_store_new (FC_TYPE_EVENT_INFO);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr (FcEventInfo) event = _fc_event_info_new_from_row (stmt);

      g_list_store_append (events, event);
    }
  if (rc != SQLITE_DONE)
    {
      set_store_error (store, _("Cannot read the history of the record"), error);
      return NULL;
    }

  return G_LIST_MODEL (g_steal_pointer (&events));
}

static JsonArray *
strv_json (const char *text)
{
  g_autoptr (JsonNode) node = text != NULL ? json_from_string (text, NULL) : NULL;

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    return json_array_ref (json_node_get_array (node));
  return json_array_new ();
}

static char *
iso_from_ms (gint64 ms)
{
  g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (ms / 1000);
  g_autofree char *text = NULL;

  if (dt == NULL)
    return g_strdup ("");
  text = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");
  return g_strdup_printf ("%s.%03dZ", text, (int) (ms % 1000));
}

static gboolean
add_link_details (FcStore     *store,
                  JsonObject  *link,
                  gint64       link_id,
                  GError     **error)
{
  g_autoptr (sqlite3_stmt) bases = NULL;
  g_autoptr (sqlite3_stmt) conflicts = NULL;
  JsonArray *array = json_array_new ();
  int rc;

  json_object_set_array_member (link, "bases", array);

  bases = _fc_store_prepare (store,
                             "SELECT pair_key, source_values, target_values, updated_at "
                             "FROM bases WHERE link_id = ? ORDER BY pair_key", NULL);
  if (bases == NULL)
    {
      set_store_error (store, _("Cannot read the agreed values of a link"), error);
      return FALSE;
    }
  sqlite3_bind_int64 (bases, 1, link_id);
  while ((rc = sqlite3_step (bases)) == SQLITE_ROW)
    {
      JsonObject *base = json_object_new ();
      g_autofree char *updated = iso_from_ms (sqlite3_column_int64 (bases, 3));

      json_object_set_string_member (base, "pair", _fc_store_column_text (bases, 0));
      json_object_set_array_member (base, "source", strv_json (_fc_store_column_text (bases, 1)));
      json_object_set_array_member (base, "target", strv_json (_fc_store_column_text (bases, 2)));
      json_object_set_string_member (base, "updatedAt", updated);
      json_array_add_object_element (array, base);
    }
  if (rc != SQLITE_DONE)
    {
      set_store_error (store, _("Cannot read the agreed values of a link"), error);
      return FALSE;
    }

  conflicts = _fc_store_prepare (store,
                                 "SELECT COUNT(*) FROM conflicts "
                                 "WHERE link_id = ? AND resolved_at IS NULL", NULL);
  if (conflicts == NULL)
    {
      set_store_error (store, _("Cannot count the conflicts of a link"), error);
      return FALSE;
    }
  sqlite3_bind_int64 (conflicts, 1, link_id);
  if (sqlite3_step (conflicts) != SQLITE_ROW)
    {
      set_store_error (store, _("Cannot count the conflicts of a link"), error);
      return FALSE;
    }
  json_object_set_int_member (link, "openConflicts", sqlite3_column_int64 (conflicts, 0));
  return TRUE;
}

/**
 * fc_run_log_list_record_links:
 * @store: the store to read
 * @record_id: a record's id
 * @error: return location for an error
 *
 * Returns: (transfer full): the links of @record_id, with their bases (see fc-run-log.h)
 */
JsonArray *
fc_run_log_list_record_links (FcStore     *store,
                              const char  *record_id,
                              GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (JsonArray) links = json_array_new ();
  g_autoptr (GArray) link_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  g_return_val_if_fail (FC_IS_STORE (store), NULL);
  g_return_val_if_fail (record_id != NULL, NULL);

  /* Mapping by mapping, so that the unique (mapping_id, record id) indexes are used. */
  stmt = _fc_store_prepare (store,
                            "SELECT l.id, m.id, m.name, 'source', l.source_record_id, "
                            "l.target_record_id, l.created_at FROM mappings m "
                            "JOIN links l ON l.mapping_id = m.id AND l.source_record_id = ?1 "
                            "UNION ALL "
                            "SELECT l.id, m.id, m.name, 'target', l.source_record_id, "
                            "l.target_record_id, l.created_at FROM mappings m "
                            "JOIN links l ON l.mapping_id = m.id AND l.target_record_id = ?1",
                            NULL);
  if (stmt == NULL)
    {
      set_store_error (store, _("Cannot read the links of the record"), error);
      return NULL;
    }
  _fc_store_bind_text (stmt, 1, record_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JsonObject *link = json_object_new ();
      gint64 link_id = sqlite3_column_int64 (stmt, 0);
      g_autofree char *linked = iso_from_ms (sqlite3_column_int64 (stmt, 6));

      json_object_set_int_member (link, "linkId", link_id);
      json_object_set_string_member (link, "mappingId", _fc_store_column_text (stmt, 1));
      json_object_set_string_member (link, "mappingName", _fc_store_column_text (stmt, 2));
      json_object_set_string_member (link, "side", _fc_store_column_text (stmt, 3));
      json_object_set_string_member (link, "sourceRecordId", _fc_store_column_text (stmt, 4));
      json_object_set_string_member (link, "targetRecordId", _fc_store_column_text (stmt, 5));
      json_object_set_string_member (link, "linkedAt", linked);
      json_array_add_object_element (links, link);
      g_array_append_val (link_ids, link_id);
    }
  if (rc != SQLITE_DONE)
    {
      set_store_error (store, _("Cannot read the links of the record"), error);
      return NULL;
    }
  g_clear_pointer (&stmt, _fc_store_release_statement);

  for (guint i = 0; i < link_ids->len; i++)
    if (!add_link_details (store, json_array_get_object_element (links, i),
                           g_array_index (link_ids, gint64, i), error))
      return NULL;

  return g_steal_pointer (&links);
}

/* ---- CSV -------------------------------------------------------------------------------- */

void
fc_run_log_append_csv_field (GString    *out,
                             const char *value)
{
  if (value == NULL)
    return;

  if (strpbrk (value, ",\"\r\n") == NULL)
    {
      g_string_append (out, value);
      return;
    }

  g_string_append_c (out, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
append_row (GString            *out,
            const char * const *fields,
            guint               n_fields)
{
  for (guint i = 0; i < n_fields; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      fc_run_log_append_csv_field (out, fields[i]);
    }
  g_string_append (out, "\r\n");
}

/* A value of the details as text: strings as they are, null as nothing, the rest as JSON. */
static char *
value_text (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return json_to_string (node, FALSE);
}

enum {
  CSV_EVENT, CSV_TIME, CSV_KIND, CSV_SIDE, CSV_SOURCE, CSV_TARGET, CSV_FIELD, CSV_BEFORE,
  CSV_AFTER, CSV_MESSAGE, CSV_ERROR, N_CSV
};

static guint
append_event (GString     *out,
              FcEventInfo *event)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, fc_event_info_get_id (event));
  g_autofree char *time = iso_from_ms (fc_event_info_get_at_ms (event));
  JsonObject *details = fc_event_info_get_details (event);
  JsonObject *error = fc_event_info_get_error (event);
  JsonNode *fields_node = details != NULL ? json_object_get_member (details, "fields") : NULL;
  g_autofree char *error_text = NULL;
  const char *row[N_CSV] = { NULL };
  guint n_lines = 0;

  if (error != NULL)
    {
      g_autoptr (JsonNode) node = json_node_init_object (json_node_alloc (), error);

      error_text = json_to_string (node, FALSE);
    }

  row[CSV_EVENT] = id;
  row[CSV_TIME] = time;
  row[CSV_KIND] = fc_event_info_get_kind (event);
  row[CSV_SIDE] = fc_event_info_get_side (event);
  row[CSV_SOURCE] = fc_event_info_get_source_record_id (event);
  row[CSV_TARGET] = fc_event_info_get_target_record_id (event);
  row[CSV_MESSAGE] = fc_event_info_get_message (event);
  row[CSV_ERROR] = error_text;

  if (fields_node != NULL && JSON_NODE_HOLDS_OBJECT (fields_node))
    {
      JsonObject *fields = json_node_get_object (fields_node);
      g_autoptr (GList) names = json_object_get_members (fields);

      for (GList *l = names; l != NULL; l = l->next)
        {
          JsonNode *change = json_object_get_member (fields, l->data);
          g_autofree char *before = NULL;
          g_autofree char *after = NULL;

          if (JSON_NODE_HOLDS_OBJECT (change))
            {
              before = value_text (json_object_get_member (json_node_get_object (change),
                                                           "before"));
              after = value_text (json_object_get_member (json_node_get_object (change),
                                                          "after"));
            }
          row[CSV_FIELD] = l->data;
          row[CSV_BEFORE] = before;
          row[CSV_AFTER] = after;
          append_row (out, row, N_CSV);
          n_lines++;
        }
    }

  if (n_lines == 0)
    {
      row[CSV_FIELD] = row[CSV_BEFORE] = row[CSV_AFTER] = NULL;
      append_row (out, row, N_CSV);
      n_lines++;
    }
  return n_lines;
}

static gboolean
write_text (GOutputStream  *stream,
            GString        *text,
            GCancellable   *cancellable,
            GFile          *file,
            GError        **error)
{
  g_autoptr (GError) local_error = NULL;

  if (!g_output_stream_write_all (stream, text->str, text->len, NULL, cancellable,
                                  &local_error))
    {
      g_autofree char *name = g_file_get_parse_name (file);

      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, FC_RUN_LOG_ERROR, FC_RUN_LOG_ERROR_WRITE,
                     _("Cannot write “%s”: %s"), name, local_error->message);
      return FALSE;
    }
  g_string_truncate (text, 0);
  return TRUE;
}

/* How many events are written between two looks at the cancellable and the progress. */
#define CSV_CHECK_EVERY 256

/* Called on the thread that writes, every CSV_CHECK_EVERY events and once at the end. */
typedef void (*ExportProgressFunc) (guint64  done,
                                    guint64  total,
                                    gpointer user_data);

/* The number of events of @run_id, or -1 with NOT_FOUND for an unknown run. Only a measure
 * for the progress: the run may still be gaining events. */
static gint64
count_run_events (sqlite3     *db,
                  const char  *run_id,
                  GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  gint64 count = -1;
  int rc;

  rc = sqlite3_prepare_v2 (db, "SELECT (SELECT COUNT(*) FROM run_events WHERE run_id = ?1) "
                               "FROM runs WHERE id = ?1", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      _fc_store_bind_text (stmt, 1, run_id);
      rc = sqlite3_step (stmt);
    }
  if (rc == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  else if (rc == SQLITE_DONE)
    g_set_error (error, FC_RUN_LOG_ERROR, FC_RUN_LOG_ERROR_NOT_FOUND,
                 _("There is no run “%s” to export"), run_id);
  else
    g_set_error (error, FC_RUN_LOG_ERROR, FC_RUN_LOG_ERROR_STORE,
                 _("Cannot count the events of the run “%s”: %s"), run_id,
                 sqlite3_errmsg (db));
  sqlite3_finalize (stmt);
  return count;
}

/* A new, empty, private (0600) file beside @file, to be renamed over it once complete. */
static GFileOutputStream *
create_temp_file (GFile         *file,
                  GCancellable  *cancellable,
                  GFile        **out_temp,
                  GError       **error)
{
  g_autoptr (GFile) parent = g_file_get_parent (file);
  g_autofree char *base = g_file_get_basename (file);
  g_autoptr (GError) local_error = NULL;

  for (guint attempt = 0; parent != NULL && attempt < 8; attempt++)
    {
      g_autofree char *temp_name = g_strdup_printf (".%s.%08x.part", base, g_random_int ());
      g_autoptr (GFile) temp = g_file_get_child (parent, temp_name);
      GFileOutputStream *stream;

      g_clear_error (&local_error);
      stream = g_file_create (temp, G_FILE_CREATE_PRIVATE, cancellable, &local_error);
      if (stream != NULL)
        {
          *out_temp = g_steal_pointer (&temp);
          return stream;
        }
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        break;
    }

  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
    }
  else
    {
      g_autofree char *name = g_file_get_parse_name (file);

      g_set_error (error, FC_RUN_LOG_ERROR, FC_RUN_LOG_ERROR_WRITE, _("Cannot write “%s”: %s"),
                   name, local_error != NULL ? local_error->message
                                             : _("the file has no folder"));
    }
  return NULL;
}

/* Writes the rows of @stmt (the events, in order) to @stream; the lines written, or -1. */
static gint64
write_events (sqlite3_stmt        *stmt,
              GOutputStream       *stream,
              GFile               *file,
              guint64              total,
              GCancellable        *cancellable,
              ExportProgressFunc   progress,
              gpointer             progress_data,
              GError             **error)
{
  static const char * const header[N_CSV] = {
    "event_id", "time", "kind", "side", "source_record_id", "target_record_id", "field",
    "before", "after", "message", "error",
  };
  g_autoptr (GString) text = g_string_sized_new (CSV_CHUNK_SIZE + 4096);
  guint64 done = 0;
  gint64 n_lines = 0;
  int rc;

  append_row (text, header, N_CSV);
  if (progress != NULL)
    progress (0, total, progress_data);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr (FcEventInfo) event = _fc_event_info_new_from_row (stmt);

      n_lines += append_event (text, event);
      done++;
      if (text->len >= CSV_CHUNK_SIZE &&
          !write_text (stream, text, cancellable, file, error))
        return -1;
      if (done % CSV_CHECK_EVERY == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return -1;
          if (progress != NULL)
            progress (done, MAX (done, total), progress_data);
        }
    }
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, FC_RUN_LOG_ERROR, FC_RUN_LOG_ERROR_STORE,
                   _("Cannot read the events of the run: %s"),
                   sqlite3_errmsg (sqlite3_db_handle (stmt)));
      return -1;
    }
  if (!write_text (stream, text, cancellable, file, error))
    return -1;
  if (progress != NULL)
    progress (done, done, progress_data);
  return n_lines;
}

/* The export itself, on @db, whichever thread owns it: the events of @run_id go to a private
 * temporary file beside @file, which replaces @file only once it is complete. Nothing is left
 * behind on failure or cancellation (G_IO_ERROR_CANCELLED). */
static gint64
export_csv (sqlite3             *db,
            const char          *run_id,
            GFile               *file,
            GCancellable        *cancellable,
            ExportProgressFunc   progress,
            gpointer             progress_data,
            GError             **error)
{
  g_autoptr (GFileOutputStream) stream = NULL;
  g_autoptr (GFile) temp = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char *name = g_file_get_parse_name (file);
  sqlite3_stmt *stmt = NULL;
  gint64 total;
  gint64 n_lines = -1;

  total = count_run_events (db, run_id, error);
  if (total < 0)
    return -1;

  if (sqlite3_prepare_v2 (db, "SELECT " FC_RUN_LOG_EVENT_COLUMNS " FROM run_events e "
                              "LEFT JOIN runs r ON r.id = e.run_id "
                              "LEFT JOIN mappings m ON m.id = r.mapping_id "
                              "WHERE e.run_id = ?1 ORDER BY e.id", -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, FC_RUN_LOG_ERROR, FC_RUN_LOG_ERROR_STORE,
                   _("Cannot read the events of the run “%s”: %s"), run_id,
                   sqlite3_errmsg (db));
      sqlite3_finalize (stmt);
      return -1;
    }
  _fc_store_bind_text (stmt, 1, run_id);

  /* Private: the values are the customers' data. */
  stream = create_temp_file (file, cancellable, &temp, error);
  if (stream != NULL)
    n_lines = write_events (stmt, G_OUTPUT_STREAM (stream), file, total, cancellable, progress,
                            progress_data, error);
  sqlite3_finalize (stmt);
  if (stream == NULL)
    return -1;

  if (n_lines >= 0 &&
      (!g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, &local_error) ||
       !g_file_move (temp, file, G_FILE_COPY_OVERWRITE | G_FILE_COPY_NO_FALLBACK_FOR_MOVE,
                     cancellable, NULL, NULL, &local_error)))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, FC_RUN_LOG_ERROR, FC_RUN_LOG_ERROR_WRITE,
                     _("Cannot write “%s”: %s"), name, local_error->message);
      n_lines = -1;
    }

  if (n_lines < 0)
    {
      /* Not the cancellable: a cancelled export is exactly what must be cleaned up. */
      g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, NULL);
      g_file_delete (temp, NULL, NULL);
    }
  return n_lines;
}

/**
 * fc_run_log_export_csv:
 * @store: the store to read
 * @run_id: the run whose events to write
 * @file: the file to write (replaced)
 * @cancellable: (nullable): to stop the export
 * @error: NOT_FOUND for an unknown run, WRITE when the file cannot be written,
 *   G_IO_ERROR_CANCELLED when @cancellable stopped it
 *
 * Returns: the number of lines written (header not counted), or -1
 */
gint64
fc_run_log_export_csv (FcStore       *store,
                       const char    *run_id,
                       GFile         *file,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_return_val_if_fail (FC_IS_STORE (store), -1);
  g_return_val_if_fail (run_id != NULL, -1);
  g_return_val_if_fail (G_IS_FILE (file), -1);

  return export_csv (_fc_store_get_db (store), run_id, file, cancellable, NULL, NULL, error);
}

/* ---- export in a thread ----------------------------------------------------------------- */

/* No more progress reports than this, in microseconds (ten a second). */
#define PROGRESS_INTERVAL_US (G_USEC_PER_SEC / 10)

typedef struct
{
  gatomicrefcount         ref_count;
  char                   *db_path;
  int                     busy_timeout_ms;
  char                   *run_id;
  GFile                  *file;
  GMainContext           *context;
  FcRunLogExportProgress  progress;
  gpointer                user_data;
  GAsyncReadyCallback     callback;
  /* On the writing thread. */
  gint64                  last_progress_us;
  /* On the caller's context: no progress once the callback has run. */
  gboolean                returned;
} ExportData;

static ExportData *
export_data_ref (ExportData *data)
{
  g_atomic_ref_count_inc (&data->ref_count);
  return data;
}

static void
export_data_unref (ExportData *data)
{
  if (!g_atomic_ref_count_dec (&data->ref_count))
    return;
  g_free (data->db_path);
  g_free (data->run_id);
  g_clear_object (&data->file);
  g_main_context_unref (data->context);
  g_free (data);
}

typedef struct
{
  ExportData *data;
  guint64     done;
  guint64     total;
} ExportProgress;

static gboolean
report_progress_cb (gpointer user_data)
{
  ExportProgress *report = user_data;

  if (!report->data->returned)
    report->data->progress (report->done, report->total, report->data->user_data);
  return G_SOURCE_REMOVE;
}

static void
export_progress_free (gpointer user_data)
{
  ExportProgress *report = user_data;

  export_data_unref (report->data);
  g_free (report);
}

/* On the writing thread: passes the progress on to the caller's context, at most ten times a
 * second, and always the first and the last. */
static void
on_thread_progress (guint64  done,
                    guint64  total,
                    gpointer user_data)
{
  ExportData *data = user_data;
  gint64 now = g_get_monotonic_time ();
  ExportProgress *report;

  if (done > 0 && done < total && now - data->last_progress_us < PROGRESS_INTERVAL_US)
    return;
  data->last_progress_us = now;

  report = g_new0 (ExportProgress, 1);
  report->data = export_data_ref (data);
  report->done = done;
  report->total = total;
  g_main_context_invoke_full (data->context, G_PRIORITY_DEFAULT, report_progress_cb, report,
                              export_progress_free);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportData *data = task_data;
  sqlite3 *db = NULL;
  GError *error = NULL;
  gint64 n_lines;
  int rc;

  /* A connection of its own: the store's belongs to the caller's thread. WAL lets it read
   * while the store writes. */
  rc = sqlite3_open_v2 (data->db_path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_task_return_new_error (task, FC_RUN_LOG_ERROR, FC_RUN_LOG_ERROR_STORE,
                               _("Cannot open the database “%s” to export the run: %s"),
                               data->db_path,
                               db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      sqlite3_close (db);
      return;
    }
  sqlite3_busy_timeout (db, data->busy_timeout_ms);

  n_lines = export_csv (db, data->run_id, data->file, cancellable,
                        data->progress != NULL ? on_thread_progress : NULL, data, &error);
  sqlite3_close (db);
  if (n_lines < 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, n_lines);
}

/* The store's busy timeout, for the export's own connection to wait as long. */
static int
get_busy_timeout (FcStore *store)
{
  sqlite3_stmt *stmt = NULL;
  int timeout_ms = 0;

  if (sqlite3_prepare_v2 (_fc_store_get_db (store), "PRAGMA busy_timeout", -1, &stmt,
                          NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    timeout_ms = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return timeout_ms;
}

static void
on_export_done_cb (GObject      *source_object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ExportData *data = g_task_get_task_data (G_TASK (result));

  data->returned = TRUE;
  if (data->callback != NULL)
    data->callback (source_object, result, data->user_data);
}

/**
 * fc_run_log_export_csv_async:
 * @store: the store to read
 * @run_id: the run whose events to write
 * @file: the file to write (replaced once the export is complete)
 * @cancellable: (nullable): to stop the export
 * @progress: (nullable): told of the progress, on the caller's context
 * @callback: called when the file is written, or the export failed or was cancelled
 * @user_data: for @progress and @callback
 *
 * Does what fc_run_log_export_csv () does on a thread, with its own read-only connection to
 * the store's database, so the store stays usable meanwhile.
 */
void
fc_run_log_export_csv_async (FcStore                *store,
                             const char             *run_id,
                             GFile                  *file,
                             GCancellable           *cancellable,
                             FcRunLogExportProgress  progress,
                             GAsyncReadyCallback     callback,
                             gpointer                user_data)
{
  g_autoptr (GTask) task = NULL;
  ExportData *data;

  g_return_if_fail (FC_IS_STORE (store));
  g_return_if_fail (run_id != NULL);
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (ExportData, 1);
  g_atomic_ref_count_init (&data->ref_count);
  data->db_path = g_strdup (fc_store_get_path (store));
  data->busy_timeout_ms = get_busy_timeout (store);
  data->run_id = g_strdup (run_id);
  data->file = g_object_ref (file);
  data->context = g_main_context_ref_thread_default ();
  data->progress = progress;
  data->user_data = user_data;
  data->callback = callback;

  task = g_task_new (store, cancellable, on_export_done_cb, NULL);
  g_task_set_source_tag (task, fc_run_log_export_csv_async);
  /* A file renamed into place just as the export is cancelled is reported as written. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_unref);
  g_task_run_in_thread (task, export_thread);
}

/**
 * fc_run_log_export_csv_finish:
 * @store: the store given to fc_run_log_export_csv_async ()
 * @result: the result given to the callback
 * @error: as for fc_run_log_export_csv ()
 *
 * Returns: the number of lines written (header not counted), or -1
 */
gint64
fc_run_log_export_csv_finish (FcStore       *store,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), -1);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fc_run_log_export_csv_async,
                        -1);

  return g_task_propagate_int (G_TASK (result), error);
}

/* ---- conflicts -------------------------------------------------------------------------- */

/**
 * fc_run_log_list_open_conflicts:
 * @store: the store to read
 * @error: return location for an error
 *
 * Returns: (transfer full): a GListModel of FcConflictInfo: the records in the order of their
 *   oldest open conflict, each record's conflicts together
 */
GListModel *
fc_run_log_list_open_conflicts (FcStore  *store,
                                GError  **error)
{
  g_autoptr (JsonArray) conflicts = NULL;
  g_autoptr (GListStore) model = NULL;
  g_autoptr (GHashTable) groups = NULL;
  g_autoptr (GPtrArray) order = NULL;
  g_autoptr (GError) local_error = NULL;

  g_return_val_if_fail (FC_IS_STORE (store), NULL);

  conflicts = fc_sync_store_list_conflicts (store, NULL, TRUE, &local_error);
  if (conflicts == NULL)
    {
      g_set_error (error, FC_RUN_LOG_ERROR, FC_RUN_LOG_ERROR_STORE,
                   _("Cannot list the open conflicts: %s"), local_error->message);
      return NULL;
    }

  /* The store lists them oldest first; keep that order between records. */
  groups = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  order = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < json_array_get_length (conflicts); i++)
    {
      FcConflictInfo *conflict =
        _fc_conflict_info_new_from_json (json_array_get_object_element (conflicts, i));
      gint64 link_id = fc_conflict_info_get_link_id (conflict);
      GPtrArray *group = g_hash_table_lookup (groups, &link_id);

      if (group == NULL)
        {
          group = g_ptr_array_new_with_free_func (g_object_unref);
          g_hash_table_insert (groups, g_memdup2 (&link_id, sizeof link_id), group);
          g_ptr_array_add (order, group);
        }
      g_ptr_array_add (group, conflict);
    }

  model = g_list_store_new (FC_TYPE_CONFLICT_INFO);
  for (guint i = 0; i < order->len; i++)
    {
      GPtrArray *group = g_ptr_array_index (order, i);

      g_list_store_splice (model, g_list_model_get_n_items (G_LIST_MODEL (model)), 0,
                           group->pdata, group->len);
    }

  return G_LIST_MODEL (g_steal_pointer (&model));
}
