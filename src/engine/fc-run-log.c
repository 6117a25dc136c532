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

      g_set_error (error, FC_RUN_LOG_ERROR, FC_RUN_LOG_ERROR_WRITE,
                   _("Cannot write “%s”: %s"), name, local_error->message);
      return FALSE;
    }
  g_string_truncate (text, 0);
  return TRUE;
}

/**
 * fc_run_log_export_csv:
 * @store: the store to read
 * @run_id: the run whose events to write
 * @file: the file to write (replaced)
 * @cancellable: (nullable): to stop the export
 * @error: NOT_FOUND for an unknown run, WRITE when the file cannot be written
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
  static const char * const header[N_CSV] = {
    "event_id", "time", "kind", "side", "source_record_id", "target_record_id", "field",
    "before", "after", "message", "error",
  };
  g_autoptr (FcRunEventList) events = NULL;
  g_autoptr (GFileOutputStream) stream = NULL;
  g_autoptr (GString) text = g_string_sized_new (CSV_CHUNK_SIZE + 4096);
  g_autoptr (GError) local_error = NULL;
  g_autofree char *name = NULL;
  gint64 n_lines = 0;
  guint n_events;

  g_return_val_if_fail (FC_IS_STORE (store), -1);
  g_return_val_if_fail (run_id != NULL, -1);
  g_return_val_if_fail (G_IS_FILE (file), -1);

  events = fc_run_event_list_new (store, run_id, error);
  if (events == NULL)
    return -1;

  name = g_file_get_parse_name (file);
  /* Private: the values are the customers' data. A replaced file gets the new mode too. */
  stream = g_file_replace (file, NULL, FALSE,
                           G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                           cancellable, &local_error);
  if (stream == NULL)
    {
      g_set_error (error, FC_RUN_LOG_ERROR, FC_RUN_LOG_ERROR_WRITE,
                   _("Cannot write “%s”: %s"), name, local_error->message);
      return -1;
    }

  append_row (text, header, N_CSV);
  n_events = g_list_model_get_n_items (G_LIST_MODEL (events));
  for (guint i = 0; i < n_events; i++)
    {
      g_autoptr (FcEventInfo) event = g_list_model_get_item (G_LIST_MODEL (events), i);

      if (event == NULL)
        continue;
      n_lines += append_event (text, event);
      if (text->len >= CSV_CHUNK_SIZE &&
          !write_text (G_OUTPUT_STREAM (stream), text, cancellable, file, error))
        return -1;
    }

  if (!write_text (G_OUTPUT_STREAM (stream), text, cancellable, file, error))
    return -1;
  if (!g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, &local_error) ||
      !g_file_set_attribute_uint32 (file, G_FILE_ATTRIBUTE_UNIX_MODE, 0600,
                                    G_FILE_QUERY_INFO_NONE, cancellable, &local_error))
    {
      g_set_error (error, FC_RUN_LOG_ERROR, FC_RUN_LOG_ERROR_WRITE,
                   _("Cannot write “%s”: %s"), name, local_error->message);
      return -1;
    }

  return n_lines;
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
