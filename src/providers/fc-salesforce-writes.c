/* fc-salesforce-writes.c: Salesforce creates, updates, upserts and deletes through sObject
 * Collections, one result per record
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-salesforce"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "fc-salesforce-connector-private.h"

/* Records go 200 to a call with allOrNone false, so that one bad record does not hold back the
 * others: Salesforce answers 200 with one {id, success, errors[]} per record, in request order.
 * Fields describe marks as not createable (creates), not updateable (updates) or either
 * (upserts) are left out of the bodies, as are related-record paths ("Account.Name"). A call
 * that fails as a whole fails the write when nothing was written yet, and otherwise every
 * record not written yet. */

typedef struct
{
  char       *object_type;
  char       *operation;  /* create, update, upsert, delete */
  char       *id_field;   /* upsert */
  char       *what;
  GPtrArray  *records;    /* FcRecord; for delete, records holding only the ids */
  GPtrArray  *results;    /* FcWriteResult or NULL, by input index */
  guint       next;       /* the first input not sent yet */
  GArray     *sent;       /* guint: the inputs of the call in flight, in request order */
  GListModel *fields;
  gboolean    wrote;      /* a call went through */
  guint       status;     /* the HTTP status of the latest answer */
} WriteJob;

static void
write_job_free (WriteJob *job)
{
  g_free (job->object_type);
  g_free (job->operation);
  g_free (job->id_field);
  g_free (job->what);
  g_clear_pointer (&job->records, g_ptr_array_unref);
  g_clear_pointer (&job->results, g_ptr_array_unref);
  g_clear_pointer (&job->sent, g_array_unref);
  g_clear_object (&job->fields);
  g_free (job);
}

static void
result_unref_nullable (gpointer result)
{
  if (result != NULL)
    fc_write_result_unref (result);
}

static gboolean
is_operation (WriteJob   *job,
              const char *operation)
{
  return g_str_equal (job->operation, operation);
}

static void
set_result (WriteJob      *job,
            guint          index,
            FcWriteResult *result)
{
  g_clear_pointer (&g_ptr_array_index (job->results, index), fc_write_result_unref);
  g_ptr_array_index (job->results, index) = result;
}

static void
fail_record (WriteJob     *job,
             guint         index,
             const GError *error,
             const char   *provider_code)
{
  FcRecord *record = g_ptr_array_index (job->records, index);

  set_result (job, index, fc_write_result_new_failure (index, fc_record_get_id (record), error,
                                                       provider_code));
}

/* ---- request bodies -------------------------------------------------------------------- */

static gboolean
is_writable (WriteJob   *job,
             const char *name)
{
  FcFieldInfo *info;

  if (is_operation (job, "upsert") && g_str_equal (name, job->id_field))
    return TRUE;
  if (strchr (name, '.') != NULL || g_str_equal (name, "Id"))
    return FALSE;

  /* A field the catalogue does not know is sent: Salesforce says what is wrong with it */
  info = _fc_connector_find_field (job->fields, name);
  if (info == NULL)
    return TRUE;
  if (is_operation (job, "create"))
    return _fc_salesforce_field_createable (info);
  if (is_operation (job, "update"))
    return _fc_salesforce_field_updateable (info);
  return _fc_salesforce_field_createable (info) && _fc_salesforce_field_updateable (info);
}

/* The body of input @index, or NULL after failing it. */
static JsonObject *
build_record (WriteJob *job,
              guint     index)
{
  FcRecord *record = g_ptr_array_index (job->records, index);
  g_auto (GStrv) names = fc_record_list_fields (record);
  g_autoptr (JsonObject) body = json_object_new ();
  JsonObject *attributes = json_object_new ();
  g_autoptr (GError) error = NULL;
  const char *id = fc_record_get_id (record);

  json_object_set_string_member (attributes, "type", job->object_type);
  json_object_set_object_member (body, "attributes", attributes);

  if (is_operation (job, "update"))
    {
      if (id == NULL || *id == '\0')
        {
          g_set_error (&error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_VALIDATION,
                       _("%s, record %u: it has no id"), job->what, index);
          fail_record (job, index, error, NULL);
          return NULL;
        }
      json_object_set_string_member (body, "Id", id);
    }
  if (is_operation (job, "upsert"))
    {
      JsonNode *key = fc_record_get_field (record, job->id_field);
      g_autofree char *text = fc_record_dup_string (record, job->id_field);

      if (key == NULL || text == NULL || *text == '\0')
        {
          g_set_error (&error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_VALIDATION,
                       _("%s, record %u: it has no value in “%s”, the external id field it is "
                         "matched by"), job->what, index, job->id_field);
          fail_record (job, index, error, NULL);
          return NULL;
        }
    }

  for (guint i = 0; names[i] != NULL; i++)
    if (is_writable (job, names[i]))
      json_object_set_member (body, names[i],
                              json_node_copy (fc_record_get_field (record, names[i])));
  return g_steal_pointer (&body);
}

/* ---- answers --------------------------------------------------------------------------- */

/* One error for a record's errors[] ({statusCode, message, fields}), each entry as
 * "message [STATUS_CODE: Field, Field]"; the first code in @out_code. */
static GError *
record_error (WriteJob   *job,
              guint       index,
              JsonArray  *errors,
              char      **out_code)
{
  g_autoptr (GString) text = g_string_new (NULL);
  const char *first_code = NULL;

  for (guint i = 0; errors != NULL && i < json_array_get_length (errors); i++)
    {
      JsonNode *node = json_array_get_element (errors, i);
      JsonObject *entry = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *code = _fc_json_get_string (entry, "statusCode");
      const char *message = _fc_json_get_string (entry, "message");
      JsonArray *fields = _fc_json_get_array (entry, "fields");
      guint n_named = 0;

      if (entry == NULL)
        continue;
      if (first_code == NULL)
        first_code = code;
      if (text->len > 0)
        g_string_append (text, "; ");
      g_string_append (text, message != NULL ? message : _("refused"));
      g_string_append_printf (text, " [%s", code != NULL ? code : "error");
      for (guint f = 0; fields != NULL && f < json_array_get_length (fields); f++)
        {
          JsonNode *field_node = json_array_get_element (fields, f);
          const char *field = JSON_NODE_HOLDS_VALUE (field_node)
                              ? json_node_get_string (field_node) : NULL;

          if (field != NULL)
            g_string_append_printf (text, "%s%s", n_named++ == 0 ? ": " : ", ", field);
        }
      g_string_append_c (text, ']');
    }
  if (text->len == 0)
    g_string_append (text, _("Salesforce refused the record without saying why"));

  *out_code = g_strdup (first_code);
  return g_error_new (FC_CONNECTOR_ERROR,
                      fc_salesforce_error_code_for (first_code) >= 0
                      ? fc_salesforce_error_code_for (first_code) : FC_CONNECTOR_ERROR_FAILED,
                      _("%s, record %u: %s"), job->what, index, text->str);
}

static void
take_result (WriteJob   *job,
             guint       index,
             JsonObject *entry)
{
  FcRecord *record = g_ptr_array_index (job->records, index);
  JsonArray *errors = _fc_json_get_array (entry, "errors");
  const char *id = _fc_json_get_string (entry, "id");
  g_autoptr (GError) error = NULL;
  g_autofree char *code = NULL;
  FcWriteResult *result;

  if (!_fc_json_get_boolean (entry, "success", FALSE))
    {
      g_autoptr (JsonNode) raw = json_node_init_object (json_node_alloc (), entry);
      g_autofree char *raw_text = json_to_string (raw, FALSE);

      error = record_error (job, index, errors, &code);
      /* the record's own result, as Salesforce gave it, for the run log */
      fc_connector_error_set_raw (error, job->status, raw_text, -1);
      /* Deleting what is already in the recycle bin has the outcome asked for */
      if (is_operation (job, "delete") && g_strcmp0 (code, "ENTITY_IS_DELETED") == 0)
        {
          set_result (job, index, fc_write_result_new_success (index, fc_record_get_id (record)));
          return;
        }
      set_result (job, index, fc_write_result_new_failure (index, id != NULL
                                                                  ? id
                                                                  : fc_record_get_id (record),
                                                           error, code));
      return;
    }

  result = fc_write_result_new_success (index, id != NULL ? id : fc_record_get_id (record));
  if (is_operation (job, "create"))
    fc_write_result_set_created (result, TRUE);
  else if (is_operation (job, "upsert"))
    fc_write_result_set_created (result, _fc_json_get_boolean (entry, "created", FALSE));
  set_result (job, index, result);
}

/* ---- sending --------------------------------------------------------------------------- */

static void send_next_call (GTask *task);
static void take_results (WriteJob *job,
                          JsonNode *root);

static void
on_call_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  WriteJob *job = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *code = NULL;

  root = _fc_salesforce_request_finish (FC_SALESFORCE_CONNECTOR (object), result, &job->status,
                                        &code, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || (error != NULL && !job->wrote))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (error != NULL)
    {
      /* Salesforce cannot be used now: every record not written yet fails */
      for (guint i = 0; i < job->records->len; i++)
        if (g_ptr_array_index (job->results, i) == NULL)
          fail_record (job, i, error, code);
      job->next = job->records->len;
      send_next_call (task);
      return;
    }

  job->wrote = TRUE;
  take_results (job, root);
  send_next_call (task);
}

/* The answer to a call: one result for each input in job->sent, a failure where the answer
 * says nothing of it. */
static void
take_results (WriteJob *job,
              JsonNode *root)
{
  JsonArray *list = NULL;

  if (root != NULL && JSON_NODE_HOLDS_ARRAY (root))
    list = json_node_get_array (root);

  for (guint i = 0; i < job->sent->len; i++)
    {
      guint index = g_array_index (job->sent, guint, i);
      JsonNode *node = list != NULL && i < json_array_get_length (list)
                       ? json_array_get_element (list, i) : NULL;
      g_autoptr (GError) missing = NULL;

      if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
        {
          take_result (job, index, json_node_get_object (node));
          continue;
        }
      g_set_error (&missing, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_BAD_RESPONSE,
                   _("%s, record %u: Salesforce’s answer does not say what became of this "
                     "record"), job->what, index);
      fail_record (job, index, missing, NULL);
    }
}

static void
send_delete_call (GTask *task)
{
  FcSalesforceConnector *self = g_task_get_source_object (task);
  WriteJob *job = g_task_get_task_data (task);
  g_autoptr (GString) ids = g_string_new (NULL);
  g_autofree char *path = NULL;

  for (guint i = 0; i < job->sent->len; i++)
    {
      FcRecord *record = g_ptr_array_index (job->records, g_array_index (job->sent, guint, i));

      if (ids->len > 0)
        g_string_append_c (ids, ',');
      g_string_append (ids, fc_record_get_id (record));
    }
  path = fc_http_build_path (FC_SALESFORCE_DATA_PATH "/composite/sobjects", "ids", ids->str,
                             "allOrNone", "false", NULL);
  _fc_salesforce_request_async (self, "DELETE", path, NULL, NULL, FC_HTTP_FLAG_NONE, job->what,
                                g_task_get_cancellable (task), on_call_cb, g_object_ref (task));
}

/* The inputs of the next call in job->sent; inputs that cannot be sent are failed. */
static JsonArray *
collect_call (WriteJob *job)
{
  JsonArray *bodies = json_array_new ();

  g_array_set_size (job->sent, 0);
  while (job->next < job->records->len && job->sent->len < FC_SALESFORCE_COLLECTION_SIZE)
    {
      guint index = job->next++;
      FcRecord *record = g_ptr_array_index (job->records, index);
      JsonObject *body;

      if (is_operation (job, "delete"))
        {
          if (_fc_salesforce_is_id (fc_record_get_id (record)))
            g_array_append_val (job->sent, index);
          else
            {
              g_autoptr (GError) error = NULL;

              g_set_error (&error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_VALIDATION,
                           _("%s, record %u: “%s” is not a Salesforce id"), job->what, index,
                           fc_record_get_id (record));
              fail_record (job, index, error, NULL);
            }
          continue;
        }

      body = build_record (job, index);
      if (body == NULL)
        continue;
      json_array_add_object_element (bodies, body);
      g_array_append_val (job->sent, index);
    }
  return bodies;
}

static void
send_next_call (GTask *task)
{
  FcSalesforceConnector *self = g_task_get_source_object (task);
  WriteJob *job = g_task_get_task_data (task);
  g_autoptr (JsonArray) bodies = collect_call (job);
  g_autoptr (JsonNode) body = NULL;
  g_autofree char *path = NULL;
  JsonObject *object;
  FcHttpFlags flags = FC_HTTP_FLAG_NONE;
  const char *method = "PATCH";

  if (job->sent->len == 0)
    {
      g_task_return_pointer (task, g_ptr_array_ref (job->results),
                             (GDestroyNotify) g_ptr_array_unref);
      return;
    }
  if (is_operation (job, "delete"))
    {
      send_delete_call (task);
      return;
    }

  object = json_object_new ();
  json_object_set_boolean_member (object, "allOrNone", FALSE);
  json_object_set_array_member (object, "records", json_array_ref (bodies));
  body = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);

  if (is_operation (job, "create"))
    {
      method = "POST";
      flags |= FC_HTTP_FLAG_NOT_IDEMPOTENT;
      path = g_strdup (FC_SALESFORCE_DATA_PATH "/composite/sobjects");
    }
  else if (is_operation (job, "upsert"))
    path = g_strdup_printf (FC_SALESFORCE_DATA_PATH "/composite/sobjects/%s/%s",
                            job->object_type, job->id_field);
  else
    path = g_strdup (FC_SALESFORCE_DATA_PATH "/composite/sobjects");

  _fc_salesforce_request_async (self, method, path, NULL, body, flags, job->what,
                                g_task_get_cancellable (task), on_call_cb, g_object_ref (task));
}

static void
on_write_fields_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  WriteJob *job = g_task_get_task_data (task);
  GError *error = NULL;

  job->fields = _fc_connector_ensure_fields_finish (FC_CONNECTOR (object), result, &error);
  if (job->fields == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  send_next_call (task);
}

static WriteJob *
write_job_new (const char *object_type,
               const char *operation,
               GTask      *task)
{
  WriteJob *job = g_new0 (WriteJob, 1);
  const char *verb;

  job->object_type = g_strdup (object_type);
  job->operation = g_strdup (operation);
  job->records = g_ptr_array_new_with_free_func (g_object_unref);
  job->results = g_ptr_array_new_with_free_func (result_unref_nullable);
  job->sent = g_array_new (FALSE, FALSE, sizeof (guint));

  if (g_str_equal (operation, "create"))
    verb = _("Creating");
  else if (g_str_equal (operation, "update"))
    verb = _("Updating");
  else if (g_str_equal (operation, "upsert"))
    verb = _("Creating or updating");
  else
    verb = _("Deleting");
  /* Translators: "Creating Salesforce Contact records" */
  job->what = g_strdup_printf (_("%s Salesforce %s records"), verb, object_type);

  if (task != NULL)
    g_task_set_task_data (task, job, (GDestroyNotify) write_job_free);
  return job;
}

GPtrArray *
_fc_salesforce_read_write_results (const char *object_type,
                                   const char *operation,
                                   GPtrArray  *records,
                                   JsonNode   *root)
{
  WriteJob *job = write_job_new (object_type, operation, NULL);
  GPtrArray *results;

  for (guint i = 0; i < records->len; i++)
    {
      g_ptr_array_add (job->records, g_object_ref (g_ptr_array_index (records, i)));
      g_array_append_val (job->sent, i);
    }
  g_ptr_array_set_size (job->results, records->len);
  take_results (job, root);
  results = g_ptr_array_ref (job->results);
  write_job_free (job);
  return results;
}

void
_fc_salesforce_write_records (FcSalesforceConnector *self,
                              const char            *object_type,
                              const char            *operation,
                              const char            *id_field,
                              GPtrArray             *records,
                              GTask                 *task)
{
  WriteJob *job;

  if (id_field != NULL && !fc_salesforce_is_field_name (id_field))
    {
      g_task_return_new_error (task, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_VALIDATION,
                               _("Cannot match Salesforce %s records by “%s”: not a field "
                                 "name"), object_type, id_field);
      return;
    }

  job = write_job_new (object_type, operation, task);
  job->id_field = g_strdup (id_field);
  for (guint i = 0; i < records->len; i++)
    g_ptr_array_add (job->records, g_object_ref (g_ptr_array_index (records, i)));
  g_ptr_array_set_size (job->results, records->len);

  _fc_connector_ensure_fields_async (FC_CONNECTOR (self), object_type,
                                     g_task_get_cancellable (task), on_write_fields_cb,
                                     g_object_ref (task));
}

void
_fc_salesforce_delete_records (FcSalesforceConnector *self,
                               const char            *object_type,
                               const char * const    *ids,
                               GTask                 *task)
{
  WriteJob *job = write_job_new (object_type, "delete", task);

  for (guint i = 0; ids[i] != NULL; i++)
    g_ptr_array_add (job->records, fc_record_new (object_type, ids[i]));
  g_ptr_array_set_size (job->results, job->records->len);
  send_next_call (task);
}
