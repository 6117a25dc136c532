/* fc-pipedrive-writes.c: Pipedrive creates, PATCHes and deletes: one call and one result per
 * record
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-pipedrive"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "fc-pipedrive-connector-private.h"

static void write_next (GTask *task);

static gboolean
provider_unusable (const GError *error)
{
  return g_error_matches (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_AUTH)
         || g_error_matches (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_NETWORK)
         || g_error_matches (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_RATE_LIMITED);
}

static void
fail_record (Job          *job,
             guint         index,
             const GError *error,
             const char   *provider_code)
{
  FcRecord *record = g_ptr_array_index (job->records, index);
  gsize what_length = strlen (job->what);
  g_autofree char *message = NULL;
  g_autoptr (GError) copy = NULL;

  /* "Creating Pipedrive persons, record 2: <what Pipedrive said>" */
  if (strncmp (error->message, job->what, what_length) == 0
      && g_str_has_prefix (error->message + what_length, ": "))
    message = g_strdup_printf (_("%s, record %u: %s"), job->what, index,
                               error->message + what_length + 2);
  else
    message = g_strdup_printf (_("%s, record %u: %s"), job->what, index, error->message);
  /* a copy keeps the provider's raw answer that the error carries */
  copy = g_error_copy (error);
  g_free (copy->message);
  copy->message = g_steal_pointer (&message);

  g_ptr_array_add (job->results, fc_write_result_new_failure (index, fc_record_get_id (record),
                                                              copy, provider_code));
}

static void
on_written_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  Job *job = g_task_get_task_data (task);
  guint index = job->results->len;
  FcRecord *input = g_ptr_array_index (job->records, index);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *provider_code = NULL;
  JsonNode *data = NULL;
  FcWriteResult *written;
  g_autoptr (FcRecord) record = NULL;
  g_autofree char *id = NULL;

  root = fc_http_request_finish (FC_HTTP (object), result, NULL, &provider_code, &error);
  if (error == NULL)
    data = _fc_pipedrive_get_data (root, job->what, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (error != NULL && provider_unusable (error))
    {
      if (!job->wrote)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      while (job->results->len < job->records->len)
        fail_record (job, job->results->len, error, provider_code);
      write_next (task);
      return;
    }
  if (error != NULL)
    {
      fail_record (job, index, error, provider_code);
      write_next (task);
      return;
    }

  job->wrote = TRUE;
  if (data != NULL && JSON_NODE_HOLDS_OBJECT (data))
    {
      id = _fc_json_dup_id (json_node_get_object (data), "id");
      if (!g_str_equal (job->operation, "delete"))
        record = _fc_pipedrive_record_from_json (job->type, json_node_get_object (data),
                                                 job->fields);
    }
  written = fc_write_result_new_success (index, id != NULL ? id : fc_record_get_id (input));
  fc_write_result_set_record (written, record);
  fc_write_result_set_created (written, g_str_equal (job->operation, "create"));
  g_ptr_array_add (job->results, written);
  write_next (task);
}

static void
write_next (GTask *task)
{
  FcPipedriveConnector *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  guint index = job->results->len;
  FcRecord *record;
  const char *id;
  g_autofree char *path = NULL;
  g_autoptr (JsonNode) body = NULL;
  const char *method;
  FcHttpFlags flags = FC_HTTP_FLAG_NONE;

  if (index >= job->records->len)
    {
      g_task_return_pointer (task, g_ptr_array_ref (job->results),
                             (GDestroyNotify) g_ptr_array_unref);
      return;
    }

  record = g_ptr_array_index (job->records, index);
  id = fc_record_get_id (record);
  if (!g_str_equal (job->operation, "create")
      && (id == NULL || *id == '\0' || strspn (id, "0123456789") != strlen (id)))
    {
      g_autoptr (GError) error = g_error_new (FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_VALIDATION,
                                              _("%s: “%s” is not a Pipedrive id"), job->what,
                                              id != NULL ? id : "");

      fail_record (job, index, error, NULL);
      write_next (task);
      return;
    }

  if (g_str_equal (job->operation, "create"))
    {
      method = "POST";
      path = g_strdup_printf ("/api/v2/%s", job->type->name);
      body = _fc_pipedrive_body_from_record (job->type, record, NULL, job->fields);
      flags |= FC_HTTP_FLAG_NOT_IDEMPOTENT;
    }
  else if (g_str_equal (job->operation, "update"))
    {
      method = "PATCH";
      path = g_strdup_printf ("/api/v2/%s/%s", job->type->name, id);
      body = _fc_pipedrive_body_from_record (job->type, record,
                                             g_hash_table_lookup (job->objects, id), job->fields);
    }
  else
    {
      method = "DELETE";
      path = g_strdup_printf ("/api/v2/%s/%s", job->type->name, id);
    }

  fc_http_request_async (fc_connector_get_http (FC_CONNECTOR (self)), method, path, body,
                         _fc_pipedrive_connector_get_limiter (self), flags, job->what,
                         g_task_get_cancellable (task), on_written_cb, g_object_ref (task));
}

/* Before PATCHes: the current state of the records whose contact lists or address are
 * written only in part. */
static void
update_step (GTask *task)
{
  Job *job = g_task_get_task_data (task);
  g_autoptr (GPtrArray) ids = g_ptr_array_new ();

  for (guint i = 0; i < job->records->len; i++)
    {
      FcRecord *record = g_ptr_array_index (job->records, i);

      if (fc_record_get_id (record) != NULL && _fc_pipedrive_needs_current (job->type, record))
        g_ptr_array_add (ids, (gpointer) fc_record_get_id (record));
    }
  g_ptr_array_add (ids, NULL);
  job->ids = g_strdupv ((char **) ids->pdata);
  _fc_pipedrive_fetch_ids (task, write_next);
}

static Job *
start_write (FcConnector *connector,
             const char  *object_type,
             const char  *operation,
             GTask       *task,
             JobStep      step)
{
  Job *job = _fc_pipedrive_start_job (connector, object_type, task, step);
  const char *verb = g_str_equal (operation, "create") ? _("Creating")
                     : g_str_equal (operation, "update") ? _("Updating") : _("Deleting");

  job->operation = g_strdup (operation);
  job->records = g_ptr_array_new_with_free_func (g_object_unref);
  job->results = g_ptr_array_new_with_free_func ((GDestroyNotify) fc_write_result_unref);
  job->what = g_strdup_printf (_("%s Pipedrive %s"), verb, object_type);
  return job;
}

void
_fc_pipedrive_create_records (FcConnector *connector,
                              const char  *object_type,
                              GPtrArray   *records,
                              GTask       *task)
{
  Job *job = start_write (connector, object_type, "create", task, write_next);

  for (guint i = 0; i < records->len; i++)
    g_ptr_array_add (job->records, g_object_ref (g_ptr_array_index (records, i)));
}

void
_fc_pipedrive_update_records (FcConnector *connector,
                              const char  *object_type,
                              GPtrArray   *records,
                              GTask       *task)
{
  Job *job = start_write (connector, object_type, "update", task, update_step);

  for (guint i = 0; i < records->len; i++)
    g_ptr_array_add (job->records, g_object_ref (g_ptr_array_index (records, i)));
}

void
_fc_pipedrive_delete_records (FcConnector        *connector,
                              const char         *object_type,
                              const char * const *ids,
                              GTask              *task)
{
  Job *job = start_write (connector, object_type, "delete", task, write_next);

  for (guint i = 0; ids[i] != NULL; i++)
    g_ptr_array_add (job->records, fc_record_new (object_type, ids[i]));
}

