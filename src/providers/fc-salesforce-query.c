/* fc-salesforce-query.c: Salesforce incremental listing (SOQL on SystemModstamp), reading by id
 * (sObject Collections retrieve) and finding by a field's value
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-salesforce"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "fc-salesforce-connector-private.h"

/* A listing is one SOQL query ordered by SystemModstamp and Id; its pages are the query's
 * nextRecordsUrl, which is the page token. The token also carries, after a '#' that is never
 * sent, the last SystemModstamp listed: Salesforce forgets an idle query cursor after about 15
 * minutes (INVALID_QUERY_LOCATOR), and the listing then starts a new query from that time
 * instead of failing. Records at that time may be listed twice, never skipped. */

#define FIND_LIMIT 100

/* Salesforce takes URIs up to 16,384 bytes; a retrieve whose ids and field names would make a
 * longer one than this sends them in a POST body instead. */
#define MAX_GET_PATH 8000

/* ---- incremental listing --------------------------------------------------------------- */

typedef struct
{
  char       *object_type;
  char       *what;
  gint64      since_ms;
  char       *locator;     /* the nextRecordsUrl being followed, or NULL */
  gint64      resume_ms;   /* where a lost locator's listing starts again, or -1 */
  GListModel *fields;
  GStrv       wanted;      /* the caller's fields, or NULL for every field */
} ListJob;

static void
list_job_free (ListJob *job)
{
  g_free (job->object_type);
  g_free (job->what);
  g_free (job->locator);
  g_clear_object (&job->fields);
  g_strfreev (job->wanted);
  g_free (job);
}

/* Splits a page token into the locator and the time to resume from; FALSE for a token that
 * is not a query locator of this API. */
static gboolean
parse_page_token (const char  *token,
                  char       **out_locator,
                  gint64      *out_resume_ms)
{
  const char *hash = strchr (token, '#');
  g_autofree char *locator = g_strndup (token, hash != NULL ? (gsize) (hash - token)
                                                            : strlen (token));
  guint64 resume;

  if (!g_str_has_prefix (locator, "/services/data/") || strstr (locator, "/query") == NULL
      || strstr (locator, "..") != NULL || strchr (locator, '?') != NULL)
    return FALSE;

  *out_resume_ms = -1;
  if (hash != NULL && g_ascii_string_to_unsigned (hash + 1, 10, 0, G_MAXINT64, &resume, NULL))
    *out_resume_ms = (gint64) resume;
  *out_locator = g_steal_pointer (&locator);
  return TRUE;
}

static void on_list_page_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data);

static void
list_query (GTask  *task,
            gint64  since_ms)
{
  FcSalesforceConnector *self = g_task_get_source_object (task);
  ListJob *job = g_task_get_task_data (task);
  g_auto (GStrv) names = _fc_salesforce_fields_to_read ((const char * const *) job->wanted,
                                                        NULL, job->fields);
  g_autofree char *soql = fc_salesforce_build_changed_query (job->object_type,
                                                             (const char * const *) names,
                                                             since_ms);

  _fc_salesforce_query_async (self, soql, TRUE, job->what, g_task_get_cancellable (task),
                              on_list_page_cb, g_object_ref (task));
}

/* The token of the page after @answer's: its nextRecordsUrl and the time to resume from.
 * NULL on the last page, and on failure. */
static char *
next_page_token (ListJob     *job,
                 JsonObject  *answer,
                 gint64       max_ms,
                 GError     **error)
{
  const char *next = _fc_json_get_string (answer, "nextRecordsUrl");
  g_autofree char *locator = NULL;
  gint64 resume_ms;

  if (_fc_json_get_boolean (answer, "done", TRUE) || next == NULL)
    return NULL;
  if (!parse_page_token (next, &locator, &resume_ms))
    {
      _fc_connector_set_bad_response (error, job->what,
                                      "a nextRecordsUrl that is not a query path");
      return NULL;
    }

  resume_ms = max_ms >= 0 ? max_ms : job->resume_ms;
  if (resume_ms < 0)
    resume_ms = job->since_ms;
  if (resume_ms < 0)
    return g_steal_pointer (&locator);
  return g_strdup_printf ("%s#%" G_GINT64_FORMAT, locator, resume_ms);
}

/* The page of a query answer; NULL with BAD_RESPONSE. */
static FcRecordPage *
page_from_answer (ListJob     *job,
                  JsonNode    *root,
                  GError     **error)
{
  JsonObject *answer = root != NULL && JSON_NODE_HOLDS_OBJECT (root)
                       ? json_node_get_object (root) : NULL;
  JsonArray *records = _fc_json_get_array (answer, "records");
  g_autoptr (FcRecordPage) page = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *token = NULL;
  GError *bad = NULL;
  JsonNode *total;
  gint64 max_ms = -1;

  if (records == NULL)
    {
      _fc_connector_set_bad_response (error, job->what, "no records array");
      return NULL;
    }

  page = fc_record_page_new ();
  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      JsonNode *node = json_array_get_element (records, i);
      g_autoptr (FcRecord) record = NULL;

      if (JSON_NODE_HOLDS_OBJECT (node))
        record = fc_salesforce_record_from_json (job->object_type, json_node_get_object (node),
                                                 job->fields);
      if (record == NULL)
        continue;
      max_ms = MAX (max_ms, fc_record_get_modified_ms (record));
      fc_record_page_add_record (page, record);
    }

  total = json_object_get_member (answer, "totalSize");
  if (total != NULL && JSON_NODE_HOLDS_VALUE (total)
      && json_node_get_value_type (total) == G_TYPE_INT64)
    fc_record_page_set_total (page, json_node_get_int (total));
  /* Nothing listed and no cursor given: still no cursor */
  if (MAX (job->since_ms, max_ms) >= 0)
    cursor = _fc_connector_format_cursor (MAX (job->since_ms, max_ms));
  fc_record_page_set_cursor (page, cursor);

  token = next_page_token (job, answer, max_ms, &bad);
  if (bad != NULL)
    {
      g_propagate_error (error, bad);
      return NULL;
    }
  fc_record_page_set_next_page_token (page, token);
  return g_steal_pointer (&page);
}

FcRecordPage *
_fc_salesforce_page_from_answer (const char  *object_type,
                                 const char  *what,
                                 GListModel  *fields,
                                 gint64       since_ms,
                                 gint64       resume_ms,
                                 JsonNode    *root,
                                 GError     **error)
{
  ListJob job = { (char *) object_type, (char *) what, since_ms, NULL, resume_ms, fields, NULL };

  return page_from_answer (&job, root, error);
}

static void
on_list_page_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  FcSalesforceConnector *self = FC_SALESFORCE_CONNECTOR (object);
  ListJob *job = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *code = NULL;
  FcRecordPage *page = NULL;

  root = _fc_salesforce_request_finish (self, result, NULL, &code, &error);
  if (error != NULL && job->locator != NULL && job->resume_ms >= 0
      && g_strcmp0 (code, "INVALID_QUERY_LOCATOR") == 0)
    {
      g_debug ("%s: the query cursor expired; listing again from %" G_GINT64_FORMAT,
               job->what, job->resume_ms);
      g_clear_pointer (&job->locator, g_free);
      list_query (task, job->resume_ms);
      return;
    }
  if (error == NULL)
    page = page_from_answer (job, root, &error);
  if (page == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, page, (GDestroyNotify) fc_record_page_unref);
}

static void
on_list_fields_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  ListJob *job = g_task_get_task_data (task);
  GError *error = NULL;

  job->fields = _fc_connector_ensure_fields_finish (FC_CONNECTOR (object), result, &error);
  if (job->fields == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (job->locator != NULL)
    _fc_salesforce_query_async (FC_SALESFORCE_CONNECTOR (object), job->locator, TRUE,
                                job->what, g_task_get_cancellable (task), on_list_page_cb,
                                g_object_ref (task));
  else
    list_query (task, job->since_ms);
}

void
_fc_salesforce_list_changed (FcConnector        *connector,
                             const char         *object_type,
                             const char         *since_cursor,
                             const char         *page_token,
                             const char * const *fields,
                             GTask              *task)
{
  ListJob *job = g_new0 (ListJob, 1);
  GError *error = NULL;

  job->object_type = g_strdup (object_type);
  job->wanted = g_strdupv ((char **) fields);
  job->what = g_strdup_printf (_("Listing Salesforce %s records"), object_type);
  job->since_ms = -1;
  job->resume_ms = -1;
  g_task_set_task_data (task, job, (GDestroyNotify) list_job_free);

  if (since_cursor != NULL && !_fc_connector_parse_cursor (since_cursor, &job->since_ms, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (page_token != NULL && !parse_page_token (page_token, &job->locator, &job->resume_ms))
    {
      g_task_return_new_error (task, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_VALIDATION,
                               _("The page token is not one the Salesforce connector made"));
      return;
    }

  /* The catalogue says which values are date-times, and without @fields which fields to ask
   * for */
  _fc_connector_ensure_fields_async (connector, object_type, g_task_get_cancellable (task),
                                     on_list_fields_cb, g_object_ref (task));
}

/* ---- reading and finding --------------------------------------------------------------- */

typedef struct
{
  char       *object_type;
  char       *what;
  GStrv       ids;
  guint       next;       /* index of the first id not asked for yet */
  GListModel *fields;
  GStrv       wanted;     /* the caller's fields, or NULL for every field */
  GStrv       names;      /* the fields to read */
  GHashTable *found;      /* id, and its first 15 characters -> FcRecord */
  char       *field;      /* find_records */
  char       *value;
} ReadJob;

static void
read_job_free (ReadJob *job)
{
  g_free (job->object_type);
  g_free (job->what);
  g_strfreev (job->ids);
  g_clear_object (&job->fields);
  g_strfreev (job->wanted);
  g_strfreev (job->names);
  g_clear_pointer (&job->found, g_hash_table_unref);
  g_free (job->field);
  g_free (job->value);
  g_free (job);
}

static void read_next_chunk (GTask *task);

/* Salesforce answers 18-character ids; the caller may hold the 15-character form. */
static void
remember_record (ReadJob  *job,
                 FcRecord *record)
{
  const char *id = fc_record_get_id (record);

  g_hash_table_replace (job->found, g_strdup (id), g_object_ref (record));
  if (strlen (id) == 18)
    g_hash_table_replace (job->found, g_strndup (id, 15), g_object_ref (record));
}

static void
on_chunk_read_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  ReadJob *job = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = NULL;
  JsonArray *list;

  root = _fc_salesforce_request_finish (FC_SALESFORCE_CONNECTOR (object), result, NULL, NULL,
                                        &error);
  /* None of the ids exists */
  if (g_error_matches (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_NOT_FOUND))
    {
      read_next_chunk (task);
      return;
    }
  if (error == NULL && (root == NULL || !JSON_NODE_HOLDS_ARRAY (root)))
    _fc_connector_set_bad_response (&error, job->what, "not an array of records");
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* One entry per id asked for, null where it does not exist */
  list = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *node = json_array_get_element (list, i);
      g_autoptr (FcRecord) record = NULL;

      if (JSON_NODE_HOLDS_OBJECT (node))
        record = fc_salesforce_record_from_json (job->object_type, json_node_get_object (node),
                                                 job->fields);
      if (record != NULL)
        remember_record (job, record);
    }
  read_next_chunk (task);
}

/* The records read, in the order of the ids asked for */
static void
return_found (GTask *task)
{
  ReadJob *job = g_task_get_task_data (task);
  GPtrArray *records = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; job->ids[i] != NULL; i++)
    {
      FcRecord *record = g_hash_table_lookup (job->found, job->ids[i]);

      if (record != NULL)
        g_ptr_array_add (records, g_object_ref (record));
    }
  g_task_return_pointer (task, records, (GDestroyNotify) g_ptr_array_unref);
}

/* {"ids": [...], "fields": [...]} for a retrieve by POST; @ids joined with commas */
static JsonNode *
build_retrieve_body (const char         *ids,
                     const char * const *names)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_auto (GStrv) id_list = g_strsplit (ids, ",", -1);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ids");
  json_builder_begin_array (builder);
  for (guint i = 0; id_list[i] != NULL; i++)
    json_builder_add_string_value (builder, id_list[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "fields");
  json_builder_begin_array (builder);
  for (guint i = 0; names[i] != NULL; i++)
    json_builder_add_string_value (builder, names[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
read_next_chunk (GTask *task)
{
  FcSalesforceConnector *self = g_task_get_source_object (task);
  ReadJob *job = g_task_get_task_data (task);
  guint n_ids = g_strv_length (job->ids);
  g_autoptr (GString) ids = g_string_new (NULL);
  g_autofree char *fields = NULL;
  g_autofree char *base = NULL;
  g_autofree char *path = NULL;
  g_autoptr (JsonNode) body = NULL;

  if (job->next >= n_ids)
    {
      return_found (task);
      return;
    }

  /* Text that is no id cannot name a record: it is left out like a missing one */
  for (guint i = 0; i < FC_SALESFORCE_COLLECTION_SIZE && job->next < n_ids; job->next++)
    {
      if (!_fc_salesforce_is_id (job->ids[job->next]))
        continue;
      if (ids->len > 0)
        g_string_append_c (ids, ',');
      g_string_append (ids, job->ids[job->next]);
      i++;
    }
  if (ids->len == 0)
    {
      read_next_chunk (task);
      return;
    }
  fields = g_strjoinv (",", job->names);
  base = g_strdup_printf (FC_SALESFORCE_DATA_PATH "/composite/sobjects/%s", job->object_type);
  path = fc_http_build_path (base, "ids", ids->str, "fields", fields, NULL);
  if (strlen (path) <= MAX_GET_PATH)
    {
      _fc_salesforce_request_async (self, "GET", path, NULL, NULL, FC_HTTP_FLAG_NONE, job->what,
                                    g_task_get_cancellable (task), on_chunk_read_cb,
                                    g_object_ref (task));
      return;
    }

  /* Too long for a URL: the same retrieve with the lists in a body */
  body = build_retrieve_body (ids->str, (const char * const *) job->names);
  _fc_salesforce_request_async (self, "POST", base, NULL, body, FC_HTTP_FLAG_NONE, job->what,
                                g_task_get_cancellable (task), on_chunk_read_cb,
                                g_object_ref (task));
}

/* Salesforce compares text without case; the contract is exact, except for emails. */
static gboolean
value_matches (ReadJob  *job,
               FcRecord *record)
{
  FcFieldInfo *info = _fc_connector_find_field (job->fields, job->field);
  g_autofree char *value = fc_record_dup_string (record, job->field);

  if (value == NULL || info == NULL)
    return TRUE;
  if (g_strcmp0 (fc_field_info_get_field_type (info), "email") == 0)
    return g_ascii_strcasecmp (value, job->value) == 0;
  if (g_strcmp0 (fc_field_info_get_field_type (info), "string") == 0
      || g_strcmp0 (fc_field_info_get_field_type (info), "phone") == 0
      || g_strcmp0 (fc_field_info_get_field_type (info), "url") == 0
      || g_strcmp0 (fc_field_info_get_field_type (info), "picklist") == 0)
    return g_str_equal (value, job->value);
  return TRUE;
}

static void
on_found_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  ReadJob *job = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GPtrArray) found = g_ptr_array_new_with_free_func (g_object_unref);
  JsonArray *records;

  root = _fc_salesforce_request_finish (FC_SALESFORCE_CONNECTOR (object), result, NULL, NULL,
                                        &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  records = root != NULL && JSON_NODE_HOLDS_OBJECT (root)
            ? _fc_json_get_array (json_node_get_object (root), "records") : NULL;
  if (records == NULL)
    {
      _fc_connector_set_bad_response (&error, job->what, "no records array");
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      JsonNode *node = json_array_get_element (records, i);
      g_autoptr (FcRecord) record = NULL;

      if (JSON_NODE_HOLDS_OBJECT (node))
        record = fc_salesforce_record_from_json (job->object_type, json_node_get_object (node),
                                                 job->fields);
      if (record != NULL && value_matches (job, record))
        g_ptr_array_add (found, g_steal_pointer (&record));
    }
  g_task_return_pointer (task, g_steal_pointer (&found), (GDestroyNotify) g_ptr_array_unref);
}

static void
find_by_query (GTask *task)
{
  FcSalesforceConnector *self = g_task_get_source_object (task);
  ReadJob *job = g_task_get_task_data (task);
  FcFieldInfo *info = _fc_connector_find_field (job->fields, job->field);
  g_autoptr (GString) soql = g_string_new ("SELECT ");
  g_autofree char *literal = NULL;
  GError *error = NULL;

  literal = _fc_salesforce_soql_literal (info != NULL ? fc_field_info_get_field_type (info)
                                                      : NULL,
                                         job->value, &error);
  if (literal == NULL)
    {
      g_prefix_error (&error, "%s: ", job->what);
      g_task_return_error (task, error);
      return;
    }

  for (guint i = 0; job->names[i] != NULL; i++)
    g_string_append_printf (soql, "%s%s", i > 0 ? ", " : "", job->names[i]);
  g_string_append_printf (soql, " FROM %s WHERE %s = %s ORDER BY Id ASC LIMIT %d",
                          job->object_type, job->field, literal, FIND_LIMIT);
  _fc_salesforce_query_async (self, soql->str, FALSE, job->what, g_task_get_cancellable (task),
                              on_found_cb, g_object_ref (task));
}

static void
on_read_fields_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  FcSalesforceConnector *self = FC_SALESFORCE_CONNECTOR (object);
  ReadJob *job = g_task_get_task_data (task);
  GError *error = NULL;

  job->fields = _fc_connector_ensure_fields_finish (FC_CONNECTOR (self), result, &error);
  if (job->fields == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  job->names = _fc_salesforce_fields_to_read ((const char * const *) job->wanted, job->field,
                                              job->fields);

  if (job->field != NULL)
    find_by_query (task);
  else
    read_next_chunk (task);
}

static void
start_read_job (FcConnector        *connector,
                ReadJob            *job,
                const char * const *fields,
                GTask              *task)
{
  job->wanted = g_strdupv ((char **) fields);
  g_task_set_task_data (task, job, (GDestroyNotify) read_job_free);
  _fc_connector_ensure_fields_async (connector, job->object_type, g_task_get_cancellable (task),
                                     on_read_fields_cb, g_object_ref (task));
}

void
_fc_salesforce_read_records (FcConnector        *connector,
                             const char         *object_type,
                             const char * const *ids,
                             const char * const *fields,
                             GTask              *task)
{
  ReadJob *job = g_new0 (ReadJob, 1);

  job->object_type = g_strdup (object_type);
  job->what = g_strdup_printf (_("Reading Salesforce %s records"), object_type);
  job->ids = g_strdupv ((char **) ids);
  job->found = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  start_read_job (connector, job, fields, task);
}

void
_fc_salesforce_find_records (FcConnector        *connector,
                             const char         *object_type,
                             const char         *field,
                             const char         *value,
                             const char * const *fields,
                             GTask              *task)
{
  ReadJob *job;

  if (!fc_salesforce_is_field_name (field))
    {
      g_task_return_new_error (task, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_VALIDATION,
                               _("Cannot look up Salesforce %s records by “%s”: not a field "
                                 "name"), object_type, field);
      return;
    }

  job = g_new0 (ReadJob, 1);
  job->object_type = g_strdup (object_type);
  job->what = g_strdup_printf (_("Looking up Salesforce %s records by %s"), object_type, field);
  job->field = g_strdup (field);
  job->value = g_strdup (value);
  start_read_job (connector, job, fields, task);
}
