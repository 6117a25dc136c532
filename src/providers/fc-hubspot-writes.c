/* fc-hubspot-writes.c: HubSpot batch create, update, upsert and archive, one result per record
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-hubspot"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-hubspot-connector-private.h"
#include "fc-json-text-private.h"

/* Records go in batches of 100. A 207 answer lists the records that failed in errors[], named
 * by the ids they carried (update, archive), their unique value (upsert) or the
 * objectWriteTraceId each input carries (create: its index). When HubSpot refuses a whole
 * batch for one bad record (a 400 or 409 for the batch), the batch is split in two and each
 * half sent again, down to the single record that is refused: nothing of a refused batch was
 * written, so nothing is written twice. */

typedef struct
{
  guint start;
  guint length;
} Chunk;

typedef struct
{
  const FcHubspotType *type;
  char                *operation;  /* create, update, upsert, archive */
  char                *id_field;   /* upsert */
  GPtrArray           *records;    /* FcRecord */
  GPtrArray           *results;    /* FcWriteResult or NULL, by input index */
  GQueue               chunks;     /* Chunk, still to send */
  Chunk               *current;
  GListModel          *fields;
  GHashTable          *read_only;  /* names of the fields HubSpot does not let us write */
  gboolean             wrote;      /* a batch went through */
} WriteJob;

static void
write_job_free (WriteJob *job)
{
  g_free (job->operation);
  g_free (job->id_field);
  g_clear_pointer (&job->records, g_ptr_array_unref);
  g_clear_pointer (&job->results, g_ptr_array_unref);
  g_queue_clear_full (&job->chunks, g_free);
  g_free (job->current);
  g_clear_object (&job->fields);
  g_clear_pointer (&job->read_only, g_hash_table_unref);
  g_free (job);
}

static void
result_unref_nullable (gpointer result)
{
  if (result != NULL)
    fc_write_result_unref (result);
}

static const char *
operation_verb (WriteJob *job)
{
  if (g_str_equal (job->operation, "create"))
    return _("Creating");
  if (g_str_equal (job->operation, "update"))
    return _("Updating");
  if (g_str_equal (job->operation, "upsert"))
    return _("Creating or updating");
  return _("Archiving");
}

static char *
describe (WriteJob *job)
{
  return g_strdup_printf (_("%s HubSpot %s"), operation_verb (job), job->type->name);
}

static void
set_result (WriteJob      *job,
            guint          index,
            FcWriteResult *result)
{
  if (g_ptr_array_index (job->results, index) != NULL)
    fc_write_result_unref (g_ptr_array_index (job->results, index));
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

/* Asked for every field of every record: the read-only names are gathered once, rather than
 * looked up in the catalogue each time. The first field of a name decides, as in
 * _fc_connector_find_field (). */
static void
find_read_only (WriteJob *job)
{
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = g_list_model_get_n_items (job->fields);

  job->read_only = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (FcFieldInfo) info = g_list_model_get_item (job->fields, i);
      const char *name = fc_field_info_get_name (info);

      if (name == NULL || !g_hash_table_add (seen, (gpointer) name))
        continue;
      if (fc_field_info_get_read_only (info))
        g_hash_table_add (job->read_only, g_strdup (name));
    }
}

static gboolean
is_writable (WriteJob   *job,
             const char *name)
{
  if (g_str_equal (name, "hs_object_id") || g_str_equal (name, job->type->modified)
      || g_str_equal (name, "createdate"))
    return FALSE;
  /* an archive reads no catalogue */
  return job->read_only == NULL || !g_hash_table_contains (job->read_only, name);
}

typedef struct
{
  WriteJob *job;
  GString  *body;
  gboolean  first;
} PropertiesWriter;

static void
write_property (const char    *name,
                const FcValue *value,
                gpointer       user_data)
{
  PropertiesWriter *writer = user_data;
  const char *text = NULL;
  g_autofree char *written = NULL;

  if (!is_writable (writer->job, name))
    return;

  /* HubSpot takes every value as a string; most already are one */
  if (value->kind == FC_VALUE_STRING)
    text = value->v.string;
  else
    text = written = _fc_hubspot_value_to_string (value);

  if (!writer->first)
    g_string_append_c (writer->body, ',');
  writer->first = FALSE;
  _fc_json_text_append_string (writer->body, name);
  g_string_append_c (writer->body, ':');
  _fc_json_text_append_string (writer->body, text);
}

/* "properties":{...}, the writable fields of @record */
static void
write_properties (WriteJob *job,
                  FcRecord *record,
                  GString  *body)
{
  PropertiesWriter writer = { job, body, TRUE };

  g_string_append (body, "\"properties\":{");
  fc_record_foreach_field (record, write_property, &writer);
  g_string_append_c (body, '}');
}

/* Writes the input for record @index to @body (written straight as text: a batch holds a
 * hundred records), or fails the record (an update without an id) and returns FALSE. */
static gboolean
write_input (WriteJob *job,
             guint     index,
             GString  *body)
{
  FcRecord *record = g_ptr_array_index (job->records, index);
  const char *id = fc_record_get_id (record);
  g_autofree char *unique = NULL;
  g_autoptr (GError) error = NULL;

  if (g_str_equal (job->operation, "create"))
    {
      g_string_append_c (body, '{');
      write_properties (job, record, body);
      g_string_append_printf (body, ",\"objectWriteTraceId\":\"%u\"}", index);
      return TRUE;
    }

  if (g_str_equal (job->operation, "upsert"))
    {
      unique = fc_record_dup_string (record, job->id_field);
      if (unique == NULL || *unique == '\0')
        {
          g_set_error (&error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_VALIDATION,
                       _("%s: record %u has no value in “%s”, the field it is matched by"),
                       operation_verb (job), index, job->id_field);
          fail_record (job, index, error, NULL);
          return FALSE;
        }
      g_string_append (body, "{\"id\":");
      _fc_json_text_append_string (body, unique);
      g_string_append (body, ",\"idProperty\":");
      _fc_json_text_append_string (body, job->id_field);
      g_string_append_c (body, ',');
      write_properties (job, record, body);
      g_string_append_c (body, '}');
      return TRUE;
    }

  if (id == NULL || *id == '\0')
    {
      g_set_error (&error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_VALIDATION,
                   _("%s: record %u has no id"), operation_verb (job), index);
      fail_record (job, index, error, NULL);
      return FALSE;
    }
  g_string_append (body, "{\"id\":");
  _fc_json_text_append_string (body, id);
  if (g_str_equal (job->operation, "update"))
    {
      g_string_append_c (body, ',');
      write_properties (job, record, body);
    }
  g_string_append_c (body, '}');
  return TRUE;
}

/* ---- answers --------------------------------------------------------------------------- */

static int
error_code_for_category (const char *category)
{
  if (g_strcmp0 (category, "VALIDATION_ERROR") == 0)
    return FC_CONNECTOR_ERROR_VALIDATION;
  if (g_strcmp0 (category, "OBJECT_NOT_FOUND") == 0)
    return FC_CONNECTOR_ERROR_NOT_FOUND;
  if (g_strcmp0 (category, "CONFLICT") == 0 || g_strcmp0 (category, "OBJECT_ALREADY_EXISTS") == 0)
    return FC_CONNECTOR_ERROR_CONFLICT;
  if (g_strcmp0 (category, "RATE_LIMITS") == 0)
    return FC_CONNECTOR_ERROR_RATE_LIMITED;
  if (g_strcmp0 (category, "MISSING_SCOPES") == 0
      || g_strcmp0 (category, "INVALID_AUTHENTICATION") == 0)
    return FC_CONNECTOR_ERROR_AUTH;
  return FC_CONNECTOR_ERROR_FAILED;
}

/* The chunk input a value names: a trace id (an index), a record id or a unique value. */
static gint
find_input (WriteJob   *job,
            const char *key,
            gboolean    by_trace)
{
  for (guint i = job->current->start; i < job->current->start + job->current->length; i++)
    {
      FcRecord *record = g_ptr_array_index (job->records, i);
      g_autofree char *value = NULL;

      if (by_trace)
        {
          guint64 index;

          if (g_ascii_string_to_unsigned (key, 10, 0, G_MAXUINT, &index, NULL) && index == i)
            return (gint) i;
          continue;
        }
      if (g_str_equal (job->operation, "upsert"))
        {
          value = fc_record_dup_string (record, job->id_field);
          if (value != NULL && g_ascii_strcasecmp (value, key) == 0)
            return (gint) i;
        }
      else if (g_strcmp0 (fc_record_get_id (record), key) == 0)
        return (gint) i;
    }
  return -1;
}

typedef struct
{
  WriteJob *job;
  FcRecord *created;
  gboolean  all;
} ShownCheck;

static void
check_shown (const char    *name,
             const FcValue *value,
             gpointer       user_data)
{
  ShownCheck *check = user_data;
  g_autofree char *sent = NULL;
  g_autofree char *shown = NULL;

  if (!check->all || !is_writable (check->job, name))
    return;
  sent = _fc_hubspot_value_to_string (value);
  shown = fc_record_dup_string (check->created, name);
  check->all = g_strcmp0 (sent, shown != NULL ? shown : "") == 0;
}

/* For answers without trace ids: the pending create input whose every sent value the created
 * object shows. */
static gint
find_input_by_values (WriteJob *job,
                      FcRecord *created)
{
  for (guint i = job->current->start; i < job->current->start + job->current->length; i++)
    {
      ShownCheck check = { job, created, TRUE };

      if (g_ptr_array_index (job->results, i) != NULL)
        continue;
      fc_record_foreach_field (g_ptr_array_index (job->records, i), check_shown, &check);
      if (check.all)
        return (gint) i;
    }
  return -1;
}

/* One object of a write answer's results, as read */
typedef struct
{
  FcRecord *record;
  char     *trace;     /* objectWriteTraceId */
  gboolean  is_new;    /* an upsert created it */
} Written;

static void
written_free (Written *written)
{
  g_object_unref (written->record);
  g_free (written->trace);
  g_free (written);
}

static void
take_result (WriteJob *job,
             Written  *written)
{
  FcRecord *record = written->record;
  FcWriteResult *result;
  gint index = -1;

  if (written->trace != NULL)
    index = find_input (job, written->trace, TRUE);
  if (index < 0 && g_str_equal (job->operation, "update"))
    index = find_input (job, fc_record_get_id (record), FALSE);
  if (index < 0 && g_str_equal (job->operation, "upsert"))
    {
      g_autofree char *unique = fc_record_dup_string (record, job->id_field);

      if (unique != NULL)
        index = find_input (job, unique, FALSE);
    }
  if (index < 0 && !g_str_equal (job->operation, "update"))
    index = find_input_by_values (job, record);
  if (index < 0)
    return;

  result = fc_write_result_new_success ((guint) index, fc_record_get_id (record));
  fc_write_result_set_record (result, record);
  if (g_str_equal (job->operation, "create"))
    fc_write_result_set_created (result, TRUE);
  else if (g_str_equal (job->operation, "upsert"))
    fc_write_result_set_created (result, written->is_new);
  set_result (job, (guint) index, result);
}

typedef struct
{
  GError *error;
  char   *category;
} LooseError;

static void
loose_error_free (LooseError *loose)
{
  g_clear_error (&loose->error);
  g_free (loose->category);
  g_free (loose);
}

/* HubSpot's error object, as compact JSON, as the raw answer of @error */
static void
keep_raw_error (GError     *error,
                guint       status,
                JsonObject *object)
{
  g_autoptr (JsonNode) node = json_node_init_object (json_node_alloc (), object);
  g_autofree char *text = json_to_string (node, FALSE);

  fc_connector_error_set_raw (error, status, text, -1);
}

/* Fails the inputs an error names; an error naming none is added to @loose. */
static void
take_error (WriteJob   *job,
            guint       status,
            JsonObject *object,
            GPtrArray  *loose)
{
  const char *category = _fc_json_get_string (object, "category");
  const char *message = _fc_json_get_string (object, "message");
  JsonObject *context = _fc_json_get_object (object, "context");
  const char *keys[] = { "objectWriteTraceId", "ids", "id" };
  g_autofree char *what = describe (job);
  gboolean matched = FALSE;
  LooseError *unnamed;

  for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
    {
      JsonArray *values = _fc_json_get_array (context, keys[k]);

      for (guint i = 0; values != NULL && i < json_array_get_length (values); i++)
        {
          const char *key = json_array_get_string_element (values, i);
          gint index = key != NULL ? find_input (job, key, k == 0) : -1;
          g_autoptr (GError) error = NULL;

          if (index < 0)
            continue;
          error = g_error_new (FC_CONNECTOR_ERROR, error_code_for_category (category),
                               _("%s, record %d: %s [%s]"), what, index,
                               message != NULL ? message : _("refused"),
                               category != NULL ? category : "error");
          keep_raw_error (error, status, object);
          fail_record (job, (guint) index, error, category);
          matched = TRUE;
        }
    }
  if (matched)
    return;

  unnamed = g_new0 (LooseError, 1);
  unnamed->error = g_error_new (FC_CONNECTOR_ERROR, error_code_for_category (category),
                                _("%s: %s [%s]"), what, message != NULL ? message : _("refused"),
                                category != NULL ? category : "error");
  keep_raw_error (unnamed->error, status, object);
  unnamed->category = g_strdup (category);
  g_ptr_array_add (loose, unnamed);
}

/* Inputs of the current chunk the answer said nothing about. Errors that named no input go to
 * the unanswered inputs in order when there are as many of each (HubSpot lists errors in input
 * order); otherwise those inputs cannot be told apart. */
static void
settle_unanswered (WriteJob  *job,
                   guint      status,
                   GPtrArray *loose)
{
  g_autofree char *what = describe (job);
  guint n_unanswered = 0;
  guint next_loose = 0;

  for (guint i = job->current->start; i < job->current->start + job->current->length; i++)
    if (g_ptr_array_index (job->results, i) == NULL)
      n_unanswered++;

  for (guint i = job->current->start; i < job->current->start + job->current->length; i++)
    {
      g_autoptr (GError) error = NULL;
      FcRecord *record = g_ptr_array_index (job->records, i);

      if (g_ptr_array_index (job->results, i) != NULL)
        continue;

      if (loose->len > 0 && loose->len == n_unanswered)
        {
          LooseError *unnamed = g_ptr_array_index (loose, next_loose++);

          fail_record (job, i, unnamed->error, unnamed->category);
          continue;
        }
      /* An archive answers 204 without a body; so may a complete update */
      if (loose->len == 0
          && (status == 204 || (status == 200 && !g_str_equal (job->operation, "create")
                                && !g_str_equal (job->operation, "upsert"))))
        {
          set_result (job, i, fc_write_result_new_success (i, fc_record_get_id (record)));
          continue;
        }
      g_set_error (&error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_BAD_RESPONSE,
                   _("%s, record %u: HubSpot’s answer (HTTP %u) does not say what became of "
                     "this record"), what, i, status);
      fail_record (job, i, error, NULL);
    }
}

/* ---- sending the chunks ---------------------------------------------------------------- */

static void send_next_chunk (GTask *task);

static gboolean
is_record_error (const GError *error)
{
  return g_error_matches (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_VALIDATION)
         || g_error_matches (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_CONFLICT)
         || g_error_matches (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_NOT_FOUND);
}

static void
handle_chunk_error (GTask        *task,
                    GError       *error,
                    const char   *provider_code)
{
  WriteJob *job = g_task_get_task_data (task);
  Chunk *chunk = job->current;

  if (is_record_error (error) && chunk->length > 1)
    {
      Chunk *second = g_new0 (Chunk, 1);

      second->start = chunk->start + chunk->length / 2;
      second->length = chunk->length - chunk->length / 2;
      chunk->length /= 2;
      g_queue_push_head (&job->chunks, second);
      g_queue_push_head (&job->chunks, g_steal_pointer (&job->current));
      send_next_chunk (task);
      return;
    }

  if (is_record_error (error))
    {
      fail_record (job, chunk->start, error, provider_code);
      send_next_chunk (task);
      return;
    }

  /* The provider cannot be used now: a failure of the whole write if nothing went through,
   * else of every record not written yet. */
  if (!job->wrote)
    {
      g_task_return_error (task, g_error_copy (error));
      return;
    }
  for (guint i = 0; i < job->results->len; i++)
    if (g_ptr_array_index (job->results, i) == NULL)
      fail_record (job, i, error, provider_code);
  g_queue_clear_full (&job->chunks, g_free);
  send_next_chunk (task);
}

/* A batch write answer: {"results": [objects], "errors": [{category, message, context}]} */
typedef struct
{
  const FcHubspotType *type;
  char                *what;     /* the write, in words */
  GPtrArray           *results;  /* Written */
  GPtrArray           *errors;   /* JsonObject */
} Answer;

static void
answer_clear (Answer *answer)
{
  g_clear_pointer (&answer->what, g_free);
  g_clear_pointer (&answer->results, g_ptr_array_unref);
  g_clear_pointer (&answer->errors, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Answer, answer_clear)

static void
scan_written (Answer     *answer,
              FcJsonScan *scan)
{
  static const char * const extra_names[] = { "objectWriteTraceId", "new", NULL };
  JsonNode *extra_values[G_N_ELEMENTS (extra_names)] = { NULL, };
  FcRecord *record = _fc_hubspot_scan_record (answer->type, scan, extra_names, extra_values);

  if (record != NULL)
    {
      Written *written = g_new0 (Written, 1);

      written->record = record;
      written->trace = g_strdup (_fc_json_node_get_string (extra_values[0]));
      written->is_new = _fc_json_node_get_boolean (extra_values[1], FALSE);
      g_ptr_array_add (answer->results, written);
    }
  for (guint i = 0; i < G_N_ELEMENTS (extra_values); i++)
    g_clear_pointer (&extra_values[i], json_node_unref);
}

/* An FcHttpReadFunc: an answer that is not an object reads as one without results */
static gboolean
scan_answer (FcJsonScan  *scan,
             gpointer     user_data,
             GError     **error)
{
  Answer *answer = user_data;
  const char *member;

  g_ptr_array_set_size (answer->results, 0);
  g_ptr_array_set_size (answer->errors, 0);

  if (fc_json_scan_enter_object (scan))
    while ((member = fc_json_scan_next_member (scan)) != NULL)
      {
        /* of members named twice, the last counts */
        if (g_str_equal (member, "results"))
          {
            g_ptr_array_set_size (answer->results, 0);
            if (fc_json_scan_enter_array (scan))
              while (fc_json_scan_next_element (scan))
                scan_written (answer, scan);
          }
        else if (g_str_equal (member, "errors"))
          {
            g_ptr_array_set_size (answer->errors, 0);
            if (fc_json_scan_enter_array (scan))
              while (fc_json_scan_next_element (scan))
                {
                  g_autoptr (JsonNode) node = NULL;

                  if (fc_json_scan_peek (scan) != FC_JSON_SCAN_OBJECT)
                    continue;
                  node = fc_json_scan_read (scan);
                  if (node != NULL)
                    g_ptr_array_add (answer->errors, json_node_dup_object (node));
                }
          }
      }

  if (fc_json_scan_failed (scan))
    {
      _fc_connector_set_bad_response (error, answer->what, "not JSON");
      return FALSE;
    }
  return TRUE;
}

static void
on_chunk_sent_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  WriteJob *job = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autofree char *provider_code = NULL;
  g_autoptr (GPtrArray) loose = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                                loose_error_free);
  g_auto (Answer) answer = { NULL, };
  guint status = 0;

  answer.type = job->type;
  answer.what = describe (job);
  answer.results = g_ptr_array_new_with_free_func ((GDestroyNotify) written_free);
  answer.errors = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  if (!fc_http_request_finish_read (FC_HTTP (object), result, scan_answer, &answer, &status,
                                    &provider_code, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        handle_chunk_error (task, error, provider_code);
      return;
    }

  job->wrote = TRUE;
  for (guint i = 0; i < answer.results->len; i++)
    take_result (job, g_ptr_array_index (answer.results, i));
  for (guint i = 0; i < answer.errors->len; i++)
    take_error (job, status, g_ptr_array_index (answer.errors, i), loose);

  settle_unanswered (job, status, loose);
  g_clear_pointer (&job->current, g_free);
  send_next_chunk (task);
}

static void
send_next_chunk (GTask *task)
{
  FcHubspotConnector *self = g_task_get_source_object (task);
  WriteJob *job = g_task_get_task_data (task);
  g_autoptr (GString) body = NULL;
  g_autoptr (GBytes) text = NULL;
  g_autofree char *path = NULL;
  g_autofree char *what = NULL;
  guint n_inputs = 0;
  FcHttpFlags flags = FC_HTTP_FLAG_NONE;

  g_clear_pointer (&job->current, g_free);
  job->current = g_queue_pop_head (&job->chunks);
  if (job->current == NULL)
    {
      g_task_return_pointer (task, g_ptr_array_ref (job->results),
                             (GDestroyNotify) g_ptr_array_unref);
      return;
    }

  body = g_string_sized_new (256 * job->current->length);
  g_string_append (body, "{\"inputs\":[");
  for (guint i = job->current->start; i < job->current->start + job->current->length; i++)
    {
      gsize before = body->len;

      if (n_inputs > 0)
        g_string_append_c (body, ',');
      if (write_input (job, i, body))
        n_inputs++;
      else
        g_string_truncate (body, before);
    }
  if (n_inputs == 0)
    {
      send_next_chunk (task);
      return;
    }
  g_string_append (body, "]}");
  text = g_string_free_to_bytes (g_steal_pointer (&body));

  if (g_str_equal (job->operation, "create"))
    flags |= FC_HTTP_FLAG_NOT_IDEMPOTENT;
  path = g_strdup_printf ("/crm/v3/objects/%s/batch/%s", job->type->name, job->operation);
  what = describe (job);
  fc_http_request_json_text_async (fc_connector_get_http (FC_CONNECTOR (self)), "POST", path,
                                   text, _fc_hubspot_connector_get_limiter (self), flags, what,
                                   g_task_get_cancellable (task), on_chunk_sent_cb,
                                   g_object_ref (task));
}

static void
start_chunks (GTask *task)
{
  WriteJob *job = g_task_get_task_data (task);

  for (guint start = 0; start < job->records->len; start += FC_HUBSPOT_BATCH_SIZE)
    {
      Chunk *chunk = g_new0 (Chunk, 1);

      chunk->start = start;
      chunk->length = MIN (FC_HUBSPOT_BATCH_SIZE, job->records->len - start);
      g_queue_push_tail (&job->chunks, chunk);
    }
  send_next_chunk (task);
}

static void
on_write_fields_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  WriteJob *job = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  job->fields = _fc_connector_ensure_fields_finish (FC_CONNECTOR (object), result, &error);
  if (job->fields == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  find_read_only (job);
  start_chunks (task);
}

static WriteJob *
write_job_new (const FcHubspotType *type,
               const char          *operation,
               GTask               *task)
{
  WriteJob *job = g_new0 (WriteJob, 1);

  job->type = type;
  job->operation = g_strdup (operation);
  job->records = g_ptr_array_new_with_free_func (g_object_unref);
  job->results = g_ptr_array_new_with_free_func (result_unref_nullable);
  g_queue_init (&job->chunks);
  g_task_set_task_data (task, job, (GDestroyNotify) write_job_free);
  return job;
}

void
_fc_hubspot_write_records (FcHubspotConnector  *self,
                           const FcHubspotType *type,
                           const char          *operation,
                           const char          *id_field,
                           GPtrArray           *records,
                           GTask               *task)
{
  WriteJob *job = write_job_new (type, operation, task);

  job->id_field = g_strdup (id_field);
  for (guint i = 0; i < records->len; i++)
    g_ptr_array_add (job->records, g_object_ref (g_ptr_array_index (records, i)));
  g_ptr_array_set_size (job->results, records->len);

  _fc_connector_ensure_fields_async (FC_CONNECTOR (self), type->name,
                                     g_task_get_cancellable (task), on_write_fields_cb,
                                     g_object_ref (task));
}

void
_fc_hubspot_archive_records (FcHubspotConnector  *self,
                             const FcHubspotType *type,
                             const char * const  *ids,
                             GTask               *task)
{
  WriteJob *job = write_job_new (type, "archive", task);

  for (guint i = 0; ids[i] != NULL; i++)
    g_ptr_array_add (job->records, fc_record_new (type->name, ids[i]));
  g_ptr_array_set_size (job->results, job->records->len);
  start_chunks (task);
}
