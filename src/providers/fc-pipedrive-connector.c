/* fc-pipedrive-connector.c: Pipedrive API v2 (persons, organizations, deals)
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-pipedrive"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "fc-pipedrive-connector-private.h"

/* Lists page with Pipedrive's cursor, sorted by update_time from updated_since, 500 at a time.
 * API v2 has no batch writes: each record is its own create, PATCH or DELETE, and the results
 * come back as one batch result. Reads by id ask for up to 100 ids per list call. */

struct _FcPipedriveConnector
{
  FcConnector    parent_instance;

  FcRateLimiter *limiter;        /* the burst window, corrected by x-ratelimit-* */
  FcRateLimiter *search_limiter; /* search's own burst window */
};

G_DEFINE_FINAL_TYPE (FcPipedriveConnector, fc_pipedrive_connector, FC_TYPE_CONNECTOR)

#define LIST_LIMIT     500
#define IDS_PER_CALL   100
/* The smallest plan's burst (Lite, API token: 20 per 2 s) until the headers say more, and the
 * search limit of every plan (10 per 2 s) */
#define BURST_LIMIT    20
#define BURST_WINDOW   2000
#define SEARCH_LIMIT   10
#define SEARCH_WINDOW  2000

static const char * const object_types[] = { "persons", "organizations", "deals", NULL };

static const char * const person_search[] = { "email", "phone", "name", "notes", "custom_fields",
                                              NULL };
static const char * const organization_search[] = { "name", "address", "notes", "custom_fields",
                                                    NULL };
static const char * const deal_search[] = { "title", "notes", "custom_fields", NULL };

static const FcPipedriveType types[] = {
  { "persons", "person", "/api/v2/personFields", "name", "postal_address", TRUE, person_search },
  { "organizations", "organization", "/api/v2/organizationFields", "name", "address", FALSE,
    organization_search },
  { "deals", "deal", "/api/v2/dealFields", "title", NULL, FALSE, deal_search },
};

const FcPipedriveType *
_fc_pipedrive_find_type (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    if (g_strcmp0 (types[i].name, name) == 0)
      return &types[i];
  return NULL;
}

const FcPipedriveType *
_fc_pipedrive_find_type_by_entity (const char *entity)
{
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    if (g_strcmp0 (types[i].entity, entity) == 0)
      return &types[i];
  return NULL;
}

static FcHttp *
get_http (gpointer self)
{
  return fc_connector_get_http (FC_CONNECTOR (self));
}

FcRateLimiter *
_fc_pipedrive_connector_get_limiter (FcPipedriveConnector *self)
{
  return self->limiter;
}

/* data of a {success, data, additional_data} answer; NULL data counts as empty. */
JsonNode *
_fc_pipedrive_get_data (JsonNode     *root,
                        const char   *what,
                        char        **out_next_cursor,
                        GError      **error)
{
  JsonObject *object = root != NULL && JSON_NODE_HOLDS_OBJECT (root)
                       ? json_node_get_object (root) : NULL;
  JsonObject *additional = _fc_json_get_object (object, "additional_data");

  if (object == NULL || !json_object_has_member (object, "data"))
    {
      _fc_connector_set_bad_response (error, what, "no data member");
      return NULL;
    }
  if (out_next_cursor != NULL)
    *out_next_cursor = g_strdup (_fc_json_get_string (additional, "next_cursor"));
  return json_object_get_member (object, "data");
}

/* ---- field catalogue ------------------------------------------------------------------- */

typedef struct
{
  const FcPipedriveType *type;
  GListStore            *store;
  char                  *what;
} FieldsJob;

static void
fields_job_free (FieldsJob *job)
{
  g_clear_object (&job->store);
  g_free (job->what);
  g_free (job);
}

static void request_fields_page (GTask      *task,
                                 const char *cursor);

static void
on_fields_page_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  FieldsJob *job = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *next = NULL;
  JsonNode *data = NULL;
  JsonArray *fields;

  root = fc_http_request_finish (FC_HTTP (object), result, NULL, NULL, &error);
  if (error == NULL)
    data = _fc_pipedrive_get_data (root, job->what, &next, &error);
  if (error == NULL && data != NULL && !JSON_NODE_HOLDS_ARRAY (data)
      && !JSON_NODE_HOLDS_NULL (data))
    _fc_connector_set_bad_response (&error, job->what, "data is not an array");
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  fields = JSON_NODE_HOLDS_ARRAY (data) ? json_node_get_array (data) : NULL;
  for (guint i = 0; fields != NULL && i < json_array_get_length (fields); i++)
    {
      JsonNode *node = json_array_get_element (fields, i);

      if (JSON_NODE_HOLDS_OBJECT (node))
        _fc_pipedrive_add_field (job->type, json_node_get_object (node), job->store);
    }

  if (next != NULL && *next != '\0')
    request_fields_page (task, next);
  else
    g_task_return_pointer (task, g_object_ref (job->store), g_object_unref);
}

static void
request_fields_page (GTask      *task,
                     const char *cursor)
{
  FcPipedriveConnector *self = g_task_get_source_object (task);
  FieldsJob *job = g_task_get_task_data (task);
  g_autofree char *limit = g_strdup_printf ("%d", LIST_LIMIT);
  g_autofree char *path = fc_http_build_path (job->type->fields_path, "limit", limit,
                                              "cursor", cursor, NULL);

  fc_http_request_async (get_http (self), "GET", path, NULL, self->limiter, FC_HTTP_FLAG_NONE,
                         job->what, g_task_get_cancellable (task), on_fields_page_cb,
                         g_object_ref (task));
}

static void
fc_pipedrive_connector_list_fields (FcConnector *connector,
                                    const char  *object_type,
                                    GTask       *task)
{
  FieldsJob *job = g_new0 (FieldsJob, 1);

  job->type = _fc_pipedrive_find_type (object_type);
  job->store = g_list_store_new (FC_TYPE_FIELD_INFO);
  job->what = g_strdup_printf (_("Reading the fields of Pipedrive %s"), object_type);
  g_task_set_task_data (task, job, (GDestroyNotify) fields_job_free);
  request_fields_page (task, NULL);
}

/* ---- reading --------------------------------------------------------------------------- */


static void
job_free (Job *job)
{
  g_clear_object (&job->fields);
  g_free (job->what);
  g_free (job->page_token);
  g_strfreev (job->ids);
  g_clear_pointer (&job->objects, g_hash_table_unref);
  g_free (job->field);
  g_free (job->value);
  g_free (job->operation);
  g_clear_pointer (&job->records, g_ptr_array_unref);
  g_clear_pointer (&job->results, g_ptr_array_unref);
  g_free (job);
}

static void
on_job_fields_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  Job *job = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  job->fields = _fc_connector_ensure_fields_finish (FC_CONNECTOR (object), result, &error);
  if (job->fields == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  job->step (task);
}

Job *
_fc_pipedrive_start_job (FcConnector *connector,
                         const char  *object_type,
                         GTask       *task,
                         JobStep      step)
{
  Job *job = g_new0 (Job, 1);

  job->type = _fc_pipedrive_find_type (object_type);
  job->objects = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) json_object_unref);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  job->step = step;
  _fc_connector_ensure_fields_async (connector, object_type, g_task_get_cancellable (task),
                                     on_job_fields_cb, g_object_ref (task));
  return job;
}

void
_fc_pipedrive_items_init (FcPipedriveItems      *items,
                          const FcPipedriveType *type,
                          GListModel            *fields,
                          const char            *what)
{
  items->type = type;
  items->fields = fields;
  items->what = what;
  items->records = g_ptr_array_new_with_free_func (g_object_unref);
  items->next = NULL;
}

void
_fc_pipedrive_items_clear (FcPipedriveItems *items)
{
  g_clear_pointer (&items->records, g_ptr_array_unref);
  g_clear_pointer (&items->next, g_free);
}

/* The next_cursor of additional_data at @scan, or NULL */
static char *
scan_next_cursor (FcJsonScan *scan)
{
  g_autoptr (JsonNode) next = NULL;
  const char *member;

  if (!fc_json_scan_enter_object (scan))
    return NULL;
  while ((member = fc_json_scan_next_member (scan)) != NULL)
    if (g_str_equal (member, "next_cursor"))
      {
        g_clear_pointer (&next, json_node_unref);
        next = fc_json_scan_read (scan);
      }
  return g_strdup (_fc_json_node_get_string (next));
}

gboolean
_fc_pipedrive_scan_items (FcJsonScan  *scan,
                          gpointer     user_data,
                          GError     **error)
{
  FcPipedriveItems *items = user_data;
  FcJsonScanKind data = FC_JSON_SCAN_NONE;
  const char *member;

  g_ptr_array_set_size (items->records, 0);
  g_clear_pointer (&items->next, g_free);

  if (fc_json_scan_enter_object (scan))
    while ((member = fc_json_scan_next_member (scan)) != NULL)
      {
        /* of members named twice, the last counts */
        if (g_str_equal (member, "data"))
          {
            g_ptr_array_set_size (items->records, 0);
            data = fc_json_scan_peek (scan);
            if (fc_json_scan_enter_array (scan))
              while (fc_json_scan_next_element (scan))
                {
                  FcRecord *record = _fc_pipedrive_scan_record (items->type, scan,
                                                                items->fields);

                  if (record != NULL)
                    g_ptr_array_add (items->records, record);
                }
          }
        else if (g_str_equal (member, "additional_data"))
          {
            g_clear_pointer (&items->next, g_free);
            items->next = scan_next_cursor (scan);
          }
      }

  if (fc_json_scan_failed (scan))
    data = FC_JSON_SCAN_NONE;
  if (data == FC_JSON_SCAN_NONE)
    {
      _fc_connector_set_bad_response (error, items->what, "no data member");
      return FALSE;
    }
  if (data != FC_JSON_SCAN_ARRAY && data != FC_JSON_SCAN_NULL)
    {
      _fc_connector_set_bad_response (error, items->what, "data is not an array");
      return FALSE;
    }
  return TRUE;
}

static void
on_list_page_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  Job *job = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (FcRecordPage) page = fc_record_page_new ();
  g_auto (FcPipedriveItems) items = { NULL, };
  g_autofree char *cursor = NULL;
  gint64 max_ms = job->since_ms;

  _fc_pipedrive_items_init (&items, job->type, job->fields, job->what);
  if (!fc_http_request_finish_read (FC_HTTP (object), result, _fc_pipedrive_scan_items, &items,
                                    NULL, NULL, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  for (guint i = 0; i < items.records->len; i++)
    {
      FcRecord *record = g_ptr_array_index (items.records, i);

      max_ms = MAX (max_ms, fc_record_get_modified_ms (record));
      fc_record_page_add_record (page, record);
    }

  /* Or Pipedrive's clock when later: every record updated before this answer was sent is in
   * the listing (sorted by update time, one updated meanwhile moves to its end). */
  max_ms = MAX (max_ms, fc_http_get_last_date_ms (FC_HTTP (object)));
  if (max_ms >= 0)
    cursor = _fc_connector_format_cursor (max_ms);
  fc_record_page_set_cursor (page, cursor);
  if (items.next != NULL && *items.next != '\0')
    fc_record_page_set_next_page_token (page, items.next);
  g_task_return_pointer (task, g_steal_pointer (&page), (GDestroyNotify) fc_record_page_unref);
}

static void
list_step (GTask *task)
{
  FcPipedriveConnector *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  g_autofree char *path = g_strdup_printf ("/api/v2/%s", job->type->name);
  g_autofree char *limit = g_strdup_printf ("%d", LIST_LIMIT);
  g_autofree char *since = NULL;
  g_autofree char *full = NULL;

  if (job->since_ms >= 0)
    {
      /* updated_since takes whole seconds and is inclusive: round down */
      g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (job->since_ms / 1000);

      since = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
    }
  full = fc_http_build_path (path, "updated_since", since, "sort_by", "update_time",
                             "sort_direction", "asc", "limit", limit, "cursor", job->page_token,
                             NULL);
  fc_http_request_async (get_http (self), "GET", full, NULL, self->limiter, FC_HTTP_FLAG_NONE,
                         job->what, g_task_get_cancellable (task), on_list_page_cb,
                         g_object_ref (task));
}

static void
fc_pipedrive_connector_list_changed (FcConnector        *connector,
                                     const char         *object_type,
                                     const char         *since_cursor,
                                     const char         *page_token,
                                     const char * const *fields,
                                     GTask              *task)
{
  GError *error = NULL;
  gint64 since_ms = -1;
  Job *job;

  if (since_cursor != NULL && !_fc_connector_parse_cursor (since_cursor, &since_ms, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  job = _fc_pipedrive_start_job (connector, object_type, task, list_step);
  job->since_ms = since_ms;
  job->page_token = g_strdup (page_token);
  job->what = g_strdup_printf (_("Listing changed Pipedrive %s"), object_type);
}

/* Fetches job->ids from job->next_id on, 100 per call, into job->objects; then @done. */

static void
on_ids_fetched_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  Job *job = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = NULL;
  JsonNode *data = NULL;
  JsonArray *items;

  root = fc_http_request_finish (FC_HTTP (object), result, NULL, NULL, &error);
  if (error == NULL)
    data = _fc_pipedrive_get_data (root, job->what, NULL, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  items = JSON_NODE_HOLDS_ARRAY (data) ? json_node_get_array (data) : NULL;
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonNode *node = json_array_get_element (items, i);
      g_autofree char *id = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      id = _fc_json_dup_id (json_node_get_object (node), "id");
      if (id != NULL)
        g_hash_table_replace (job->objects, g_steal_pointer (&id),
                              json_object_ref (json_node_get_object (node)));
    }

  _fc_pipedrive_fetch_ids (task, job->after_fetch);
}

void
_fc_pipedrive_fetch_ids (GTask   *task,
                         JobStep  done)
{
  FcPipedriveConnector *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  g_autoptr (GString) ids = g_string_new (NULL);
  g_autofree char *path = NULL;
  g_autofree char *full = NULL;
  g_autofree char *limit = g_strdup_printf ("%d", IDS_PER_CALL);
  guint n_ids = job->ids != NULL ? g_strv_length (job->ids) : 0;

  job->after_fetch = done;
  for (guint i = 0; i < IDS_PER_CALL && job->next_id < n_ids; job->next_id++)
    {
      const char *id = job->ids[job->next_id];

      /* Ids are numbers; anything else cannot exist */
      if (*id == '\0' || strspn (id, "0123456789") != strlen (id))
        continue;
      if (ids->len > 0)
        g_string_append_c (ids, ',');
      g_string_append (ids, id);
      i++;
    }

  if (ids->len == 0)
    {
      done (task);
      return;
    }

  path = g_strdup_printf ("/api/v2/%s", job->type->name);
  full = fc_http_build_path (path, "ids", ids->str, "limit", limit, NULL);
  fc_http_request_async (get_http (self), "GET", full, NULL, self->limiter, FC_HTTP_FLAG_NONE,
                         job->what, g_task_get_cancellable (task), on_ids_fetched_cb,
                         g_object_ref (task));
}

/* The fetched records, in the order of job->ids; with a field, only those that match. */
static void
return_fetched (GTask *task)
{
  Job *job = g_task_get_task_data (task);
  GPtrArray *records = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; job->ids[i] != NULL; i++)
    {
      JsonObject *object = g_hash_table_lookup (job->objects, job->ids[i]);
      g_autoptr (FcRecord) record = NULL;

      if (object != NULL)
        record = _fc_pipedrive_record_from_json (job->type, object, job->fields);
      if (record == NULL)
        continue;
      if (job->field != NULL)
        {
          const char *plural = g_str_equal (job->field, "email") ? "emails"
                               : g_str_equal (job->field, "phone") ? "phones" : job->field;
          g_autofree char *text = fc_record_dup_string (record, plural);
          g_auto (GStrv) values = g_strsplit (text != NULL ? text : "", ";", -1);
          gboolean match = FALSE;

          for (guint v = 0; values[v] != NULL && !match; v++)
            match = g_utf8_collate (values[v], job->value) == 0
                    || g_ascii_strcasecmp (values[v], job->value) == 0;
          if (!match)
            continue;
        }
      g_ptr_array_add (records, g_steal_pointer (&record));
    }

  g_task_return_pointer (task, records, (GDestroyNotify) g_ptr_array_unref);
}

static void
read_step (GTask *task)
{
  _fc_pipedrive_fetch_ids (task, return_fetched);
}

static void
fc_pipedrive_connector_read_records (FcConnector        *connector,
                                     const char         *object_type,
                                     const char * const *ids,
                                     const char * const *fields,
                                     GTask              *task)
{
  Job *job = _fc_pipedrive_start_job (connector, object_type, task, read_step);

  job->ids = g_strdupv ((char **) ids);
  job->what = g_strdup_printf (_("Reading Pipedrive %s"), object_type);
}

/* The search field for a record field, or NULL. */
static const char *
search_field_for (const FcPipedriveType *type,
                  const char            *field)
{
  const char *wanted = field;

  if (g_str_has_prefix (field, "custom_fields."))
    wanted = "custom_fields";
  else if (g_str_equal (field, "emails"))
    wanted = "email";
  else if (g_str_equal (field, "phones"))
    wanted = "phone";
  else if (g_strcmp0 (field, type->title) == 0)
    wanted = type->title;
  else if (type->address != NULL && g_str_equal (field, type->address))
    wanted = "address";

  return g_strv_contains (type->search_fields, wanted) ? wanted : NULL;
}

static void
on_search_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  Job *job = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  JsonNode *data = NULL;
  JsonArray *items;

  root = fc_http_request_finish (FC_HTTP (object), result, NULL, NULL, &error);
  if (error == NULL)
    data = _fc_pipedrive_get_data (root, job->what, NULL, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  items = JSON_NODE_HOLDS_OBJECT (data) ? _fc_json_get_array (json_node_get_object (data), "items")
                                        : NULL;
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonNode *node = json_array_get_element (items, i);
      JsonObject *item = JSON_NODE_HOLDS_OBJECT (node)
                         ? _fc_json_get_object (json_node_get_object (node), "item") : NULL;
      char *id = _fc_json_dup_id (item, "id");

      if (id != NULL)
        g_ptr_array_add (ids, id);
    }
  g_ptr_array_add (ids, NULL);
  job->ids = (GStrv) g_ptr_array_free (g_steal_pointer (&ids), FALSE);
  _fc_pipedrive_fetch_ids (task, return_fetched);
}

static void
find_step (GTask *task)
{
  FcPipedriveConnector *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  const char *resolved = _fc_pipedrive_resolve_field (job->fields, job->field);
  const char *search = search_field_for (job->type, resolved);
  g_autofree char *path = g_strdup_printf ("/api/v2/%s/search", job->type->name);
  g_autofree char *full = NULL;

  if (search == NULL)
    {
      g_autofree char *searchable = g_strjoinv (", ", (char **) job->type->search_fields);

      g_task_return_new_error (task, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_UNSUPPORTED,
                               _("Pipedrive cannot look up %s by “%s”; it searches only %s"),
                               job->type->name, job->field, searchable);
      return;
    }

  full = fc_http_build_path (path, "term", job->value, "fields", search, "exact_match", "true",
                             "limit", "100", NULL);
  if (resolved != job->field)
    {
      g_free (job->field);
      job->field = g_strdup (resolved);
    }
  fc_http_request_async (get_http (self), "GET", full, NULL, self->search_limiter,
                         FC_HTTP_FLAG_NO_RATE_HEADERS, job->what, g_task_get_cancellable (task),
                         on_search_cb, g_object_ref (task));
}

static void
fc_pipedrive_connector_find_records (FcConnector        *connector,
                                     const char         *object_type,
                                     const char         *field,
                                     const char         *value,
                                     const char * const *fields,
                                     GTask              *task)
{
  Job *job = _fc_pipedrive_start_job (connector, object_type, task, find_step);

  job->field = g_strdup (field);
  job->value = g_strdup (value);
  job->what = g_strdup_printf (_("Looking up Pipedrive %s by %s"), object_type, field);
}

/* ---- the account ----------------------------------------------------------------------- */

static void
on_account_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *id = NULL;
  JsonNode *data = NULL;
  JsonObject *user;

  root = fc_http_request_finish (FC_HTTP (object), result, NULL, NULL, &error);
  if (error == NULL)
    data = _fc_pipedrive_get_data (root, _("Reading the Pipedrive account"), NULL, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  user = JSON_NODE_HOLDS_OBJECT (data) ? json_node_get_object (data) : NULL;
  id = _fc_json_dup_id (user, "company_id");
  if (id == NULL)
    {
      _fc_connector_set_bad_response (&error, _("Reading the Pipedrive account"),
                                      "no company_id");
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  _fc_connector_return_account (task, _fc_json_get_string (user, "company_name"), id);
}

static void
fc_pipedrive_connector_discover_account (FcConnector *connector,
                                         GTask       *task)
{
  FcPipedriveConnector *self = FC_PIPEDRIVE_CONNECTOR (connector);

  /* Users are a v1 resource; /api/v1 works on api.pipedrive.com and on company domains */
  fc_http_request_async (get_http (self), "GET", "/api/v1/users/me", NULL, self->limiter,
                         FC_HTTP_FLAG_NONE, _("Reading the Pipedrive account"),
                         g_task_get_cancellable (task), on_account_cb, g_object_ref (task));
}

/* ---- the class ------------------------------------------------------------------------- */

static void
fc_pipedrive_connector_finalize (GObject *object)
{
  FcPipedriveConnector *self = (FcPipedriveConnector *) object;

  g_clear_object (&self->limiter);
  g_clear_object (&self->search_limiter);

  G_OBJECT_CLASS (fc_pipedrive_connector_parent_class)->finalize (object);
}

static void
fc_pipedrive_connector_class_init (FcPipedriveConnectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  FcConnectorClass *connector_class = FC_CONNECTOR_CLASS (klass);

  object_class->finalize = fc_pipedrive_connector_finalize;

  connector_class->object_types = object_types;
  connector_class->list_fields = fc_pipedrive_connector_list_fields;
  /* The reads return every field whatever the caller's fields: Pipedrive answers with whole
   * records (its custom_fields parameter narrows only custom fields, 15 at most) */
  connector_class->list_changed = fc_pipedrive_connector_list_changed;
  connector_class->read_records = fc_pipedrive_connector_read_records;
  connector_class->find_records = fc_pipedrive_connector_find_records;
  connector_class->create_records = _fc_pipedrive_create_records;
  connector_class->update_records = _fc_pipedrive_update_records;
  connector_class->delete_records = _fc_pipedrive_delete_records;
  connector_class->discover_account = fc_pipedrive_connector_discover_account;
  connector_class->parse_webhook = _fc_pipedrive_parse_webhook;
}

static void
fc_pipedrive_connector_init (FcPipedriveConnector *self)
{
  self->limiter = fc_rate_limiter_new (BURST_LIMIT, BURST_WINDOW);
  self->search_limiter = fc_rate_limiter_new (SEARCH_LIMIT, SEARCH_WINDOW);
}
