/* fc-hubspot-search.c: HubSpot incremental listing, reading by id and finding (search and
 * batch read)
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-hubspot"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "fc-hubspot-connector-private.h"

/* Incremental listing searches on the last-modified property, oldest first, and pages by
 * restarting the search at the last modified value seen (keyset paging) instead of following
 * the search's `after` offset. Each page is thus its own query, so the search API's cap of
 * 10,000 results per query is never reached, and a record modified during the listing moves to
 * the end instead of shifting the offsets of the others (which would skip a record). Records
 * at the boundary value, already returned, are left out by the next query (hs_object_id NOT_IN,
 * up to MAX_EXCLUDED of them; beyond that they come again and are skipped by id), so that a
 * listing of records written in batches, which share their modified value a hundred at a
 * time (several hundred when batches land in the same millisecond), does not read them twice.
 * When more records share one modified value than the query can leave out (a bulk import), the
 * listing walks that value by hs_object_id instead, so any number of equal values is listed. */

/* Ids one NOT_IN filter lists, and NOT_IN filters beside the modified-value filter: six
 * filters in the group, within every cap HubSpot has documented */
#define EXCLUDED_PER_FILTER 100
#define EXCLUDING_FILTERS   5
#define MAX_EXCLUDED        (EXCLUDED_PER_FILTER * EXCLUDING_FILTERS)

static FcHttp *
get_http (FcHubspotConnector *self)
{
  return fc_connector_get_http (FC_CONNECTOR (self));
}

/* ---- searching ------------------------------------------------------------------------- */

static JsonObject *
new_filter (const char *property,
            const char *operator,
            const char *value)
{
  JsonObject *filter = json_object_new ();

  json_object_set_string_member (filter, "propertyName", property);
  json_object_set_string_member (filter, "operator", operator);
  json_object_set_string_member (filter, "value", value);
  return filter;
}

/* A filter on @n_values of @values from @first */
static JsonObject *
new_filter_values (const char *property,
                   const char *operator,
                   GPtrArray  *values,
                   guint       first,
                   guint       n_values)
{
  JsonObject *filter = json_object_new ();
  JsonArray *array = json_array_sized_new (n_values);

  for (guint i = first; i < first + n_values; i++)
    json_array_add_string_element (array, g_ptr_array_index (values, i));
  json_object_set_string_member (filter, "propertyName", property);
  json_object_set_string_member (filter, "operator", operator);
  json_object_set_array_member (filter, "values", array);
  return filter;
}

/* A search body: @filters (JsonObject, ANDed; may be empty), sorted ascending by @sort. */
static JsonNode *
new_search_body (GPtrArray  *filters,
                 const char *sort,
                 JsonArray  *properties,
                 guint       limit)
{
  JsonObject *body = json_object_new ();
  JsonArray *groups = json_array_new ();
  JsonNode *root = json_node_new (JSON_NODE_OBJECT);

  if (filters->len > 0)
    {
      JsonObject *group = json_object_new ();
      JsonArray *list = json_array_new ();

      for (guint i = 0; i < filters->len; i++)
        json_array_add_object_element (list, json_object_ref (g_ptr_array_index (filters, i)));
      json_object_set_array_member (group, "filters", list);
      json_array_add_object_element (groups, group);
    }
  json_object_set_array_member (body, "filterGroups", groups);

  if (sort != NULL)
    {
      JsonArray *sorts = json_array_new ();
      JsonObject *by = json_object_new ();

      json_object_set_string_member (by, "propertyName", sort);
      json_object_set_string_member (by, "direction", "ASCENDING");
      json_array_add_object_element (sorts, by);
      json_object_set_array_member (body, "sorts", sorts);
    }
  json_object_set_array_member (body, "properties", json_array_ref (properties));
  json_object_set_int_member (body, "limit", limit);

  json_node_take_object (root, body);
  return root;
}

static void
search_async (FcHubspotConnector  *self,
              const FcHubspotType *type,
              JsonNode            *body,
              GTask               *task,
              GAsyncReadyCallback  callback)
{
  g_autofree char *path = g_strdup_printf ("/crm/v3/objects/%s/search", type->name);
  g_autofree char *what = g_strdup_printf (_("Searching HubSpot %s"), type->name);

  /* Search answers carry no ten-second headers of their own budget */
  fc_http_request_async (get_http (self), "POST", path, body,
                         _fc_hubspot_connector_get_search_limiter (self),
                         FC_HTTP_FLAG_NO_RATE_HEADERS, what, g_task_get_cancellable (task),
                         callback, g_object_ref (task));
}

/* TRUE when the paging at @scan has a next page ({"next": {"after": ...}}) */
static gboolean
scan_has_next (FcJsonScan *scan)
{
  gboolean more = FALSE;
  const char *member;

  if (!fc_json_scan_enter_object (scan))
    return FALSE;
  while ((member = fc_json_scan_next_member (scan)) != NULL)
    {
      if (!g_str_equal (member, "next"))
        continue;
      more = FALSE;
      if (fc_json_scan_enter_object (scan))
        while ((member = fc_json_scan_next_member (scan)) != NULL)
          more |= g_str_equal (member, "after");
    }
  return more;
}

void
_fc_hubspot_results_init (FcHubspotResults    *results,
                          const FcHubspotType *type)
{
  results->type = type;
  results->records = g_ptr_array_new_with_free_func (g_object_unref);
  results->more = FALSE;
  results->total = -1;
}

void
_fc_hubspot_results_clear (FcHubspotResults *results)
{
  g_clear_pointer (&results->records, g_ptr_array_unref);
}

gboolean
_fc_hubspot_scan_results (FcJsonScan  *scan,
                          gpointer     user_data,
                          GError     **error)
{
  FcHubspotResults *results = user_data;
  g_autoptr (JsonNode) total = NULL;
  gboolean has_results = FALSE;
  const char *member;

  g_ptr_array_set_size (results->records, 0);
  results->more = FALSE;

  if (fc_json_scan_enter_object (scan))
    while ((member = fc_json_scan_next_member (scan)) != NULL)
      {
        if (g_str_equal (member, "results"))
          {
            /* of members named twice, the last counts */
            g_ptr_array_set_size (results->records, 0);
            has_results = fc_json_scan_enter_array (scan);
            while (has_results && fc_json_scan_next_element (scan))
              {
                FcRecord *record = _fc_hubspot_scan_record (results->type, scan, NULL, NULL);

                if (record != NULL)
                  g_ptr_array_add (results->records, record);
              }
          }
        else if (g_str_equal (member, "paging"))
          results->more = scan_has_next (scan);
        else if (g_str_equal (member, "total"))
          {
            g_clear_pointer (&total, json_node_unref);
            total = fc_json_scan_read (scan);
          }
      }

  if (!has_results || fc_json_scan_failed (scan))
    {
      _fc_connector_set_bad_response (error, _("Searching HubSpot"), "no results array");
      return FALSE;
    }
  /* as json_object_get_int_member () reads it */
  results->total = total == NULL ? -1
                   : JSON_NODE_HOLDS_VALUE (total) ? json_node_get_int (total) : 0;
  return TRUE;
}

/* ---- incremental listing --------------------------------------------------------------- */

/* Where a listing is, carried from page to page in the (opaque) page token. */
typedef struct
{
  gboolean   tie;      /* walking one modified value by id */
  gint64     gte;      /* normal: lower bound (-1: none); tie: the value being walked */
  GPtrArray *skip;     /* ids at gte already returned */
  char      *after_id; /* tie: the last id returned */
  gint64     total;
  gint64     max_ms;
} ListState;

static void
list_state_free (ListState *state)
{
  g_clear_pointer (&state->skip, g_ptr_array_unref);
  g_free (state->after_id);
  g_free (state);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ListState, list_state_free)

static ListState *
list_state_new (void)
{
  ListState *state = g_new0 (ListState, 1);

  state->gte = -1;
  state->skip = g_ptr_array_new_with_free_func (g_free);
  state->total = -1;
  state->max_ms = -1;
  return state;
}

static char *
list_state_encode (ListState *state)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *json = NULL;
  char *token;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "tie");
  json_builder_add_boolean_value (builder, state->tie);
  json_builder_set_member_name (builder, "gte");
  json_builder_add_int_value (builder, state->gte);
  json_builder_set_member_name (builder, "skip");
  json_builder_begin_array (builder);
  for (guint i = 0; i < state->skip->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (state->skip, i));
  json_builder_end_array (builder);
  if (state->after_id != NULL)
    {
      json_builder_set_member_name (builder, "after");
      json_builder_add_string_value (builder, state->after_id);
    }
  json_builder_set_member_name (builder, "total");
  json_builder_add_int_value (builder, state->total);
  json_builder_set_member_name (builder, "max");
  json_builder_add_int_value (builder, state->max_ms);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);
  token = g_base64_encode ((const guchar *) json, strlen (json));
  return token;
}

static ListState *
list_state_decode (const char  *token,
                   GError     **error)
{
  g_autoptr (ListState) state = list_state_new ();
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autofree guchar *json = NULL;
  gsize length = 0;
  JsonObject *object;
  JsonArray *skip;

  json = g_base64_decode (token, &length);
  if (length == 0 || !json_parser_load_from_data (parser, (const char *) json, (gssize) length,
                                                  NULL)
      || json_parser_get_root (parser) == NULL
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_VALIDATION,
                   _("The page token is not one the HubSpot connector made"));
      return NULL;
    }

  object = json_node_get_object (json_parser_get_root (parser));
  state->tie = _fc_json_get_boolean (object, "tie", FALSE);
  state->gte = json_object_get_int_member_with_default (object, "gte", -1);
  state->total = json_object_get_int_member_with_default (object, "total", -1);
  state->max_ms = json_object_get_int_member_with_default (object, "max", -1);
  state->after_id = g_strdup (_fc_json_get_string (object, "after"));
  skip = _fc_json_get_array (object, "skip");
  for (guint i = 0; skip != NULL && i < json_array_get_length (skip); i++)
    {
      const char *id = json_array_get_string_element (skip, i);

      if (id != NULL)
        g_ptr_array_add (state->skip, g_strdup (id));
    }

  return g_steal_pointer (&state);
}

static gboolean
ids_contain (GPtrArray  *ids,
             const char *id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_str_equal (g_ptr_array_index (ids, i), id))
      return TRUE;
  return FALSE;
}

/* Numeric ids compare as numbers ("999" < "1000"). */
static int
compare_ids (const char *a,
             const char *b)
{
  gsize la = strlen (a), lb = strlen (b);

  return la != lb ? (la < lb ? -1 : 1) : strcmp (a, b);
}

typedef struct
{
  const FcHubspotType *type;
  gint64               since_ms;
  ListState           *state;
  JsonArray           *properties;
} ListJob;

static void
list_job_free (ListJob *job)
{
  g_clear_pointer (&job->state, list_state_free);
  g_clear_pointer (&job->properties, json_array_unref);
  g_free (job);
}

static JsonNode *
list_job_build_body (ListJob *job)
{
  g_autoptr (GPtrArray) filters = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                                  json_object_unref);
  g_autofree char *bound = g_strdup_printf ("%" G_GINT64_FORMAT, job->state->gte);

  if (job->state->tie)
    {
      g_ptr_array_add (filters, new_filter (job->type->modified, "EQ", bound));
      if (job->state->after_id != NULL)
        g_ptr_array_add (filters, new_filter ("hs_object_id", "GT", job->state->after_id));
      return new_search_body (filters, "hs_object_id", job->properties, FC_HUBSPOT_SEARCH_LIMIT);
    }

  if (job->state->gte >= 0)
    g_ptr_array_add (filters, new_filter (job->type->modified, "GTE", bound));
  if (job->state->gte >= 0 && job->state->skip->len <= MAX_EXCLUDED)
    for (guint i = 0; i < job->state->skip->len; i += EXCLUDED_PER_FILTER)
      g_ptr_array_add (filters,
                       new_filter_values ("hs_object_id", "NOT_IN", job->state->skip, i,
                                          MIN (EXCLUDED_PER_FILTER, job->state->skip->len - i)));
  return new_search_body (filters, job->type->modified, job->properties,
                          FC_HUBSPOT_SEARCH_LIMIT);
}

/* Moves @state past the page just read, whose records (all of them, returned or skipped)
 * are @page. */
static void
list_state_advance (ListState *state,
                    GPtrArray *page,
                    gboolean   more)
{
  FcRecord *last;
  gint64 first_ms, last_ms;

  if (state->tie && !more)
    {
      /* The value is walked: continue after it */
      state->tie = FALSE;
      state->gte += 1;
      g_ptr_array_set_size (state->skip, 0);
      g_clear_pointer (&state->after_id, g_free);
      return;
    }
  if (page->len == 0)
    return;
  last = g_ptr_array_index (page, page->len - 1);
  last_ms = fc_record_get_modified_ms (last);

  if (state->tie)
    {
      g_autoptr (GPtrArray) keep = g_ptr_array_new_with_free_func (g_free);

      g_free (state->after_id);
      state->after_id = g_strdup (fc_record_get_id (last));
      for (guint i = 0; i < state->skip->len; i++)
        if (compare_ids (g_ptr_array_index (state->skip, i), state->after_id) > 0)
          g_ptr_array_add (keep, g_strdup (g_ptr_array_index (state->skip, i)));
      g_ptr_array_unref (state->skip);
      state->skip = g_steal_pointer (&keep);
      return;
    }

  first_ms = fc_record_get_modified_ms (g_ptr_array_index (page, 0));
  if (first_ms != last_ms)
    {
      /* Restart at the last value, skipping the records already returned at it */
      state->gte = last_ms;
      g_ptr_array_set_size (state->skip, 0);
      for (guint i = 0; i < page->len; i++)
        if (fc_record_get_modified_ms (g_ptr_array_index (page, i)) == last_ms)
          g_ptr_array_add (state->skip, g_strdup (fc_record_get_id (g_ptr_array_index (page, i))));
      return;
    }

  /* The whole page has one value: the next query leaves out all the records returned at it,
   * or, when there are too many, the listing walks that value by id */
  if (last_ms != state->gte)
    g_ptr_array_set_size (state->skip, 0);
  state->gte = last_ms;
  for (guint i = 0; i < page->len; i++)
    if (!ids_contain (state->skip, fc_record_get_id (g_ptr_array_index (page, i))))
      g_ptr_array_add (state->skip, g_strdup (fc_record_get_id (g_ptr_array_index (page, i))));
  state->tie = state->skip->len > MAX_EXCLUDED;
}

static void
on_list_page_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  ListJob *job = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (FcRecordPage) page = fc_record_page_new ();
  g_autoptr (GPtrArray) seen = NULL;
  g_autofree char *cursor = NULL;
  g_auto (FcHubspotResults) results = { NULL, };
  gboolean more;
  gint64 total;
  gint64 cursor_ms;

  _fc_hubspot_results_init (&results, job->type);
  if (!fc_http_request_finish_read (FC_HTTP (object), result, _fc_hubspot_scan_results,
                                    &results, NULL, NULL, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  seen = g_ptr_array_ref (results.records);
  more = results.more;
  total = results.total;

  for (guint i = 0; i < seen->len; i++)
    {
      FcRecord *record = g_ptr_array_index (seen, i);

      if (fc_record_get_modified_ms (record) <= job->state->gte
          && ids_contain (job->state->skip, fc_record_get_id (record)))
        continue;
      fc_record_page_add_record (page, record);
      job->state->max_ms = MAX (job->state->max_ms, fc_record_get_modified_ms (record));
    }

  if (job->state->total < 0)
    job->state->total = total;
  fc_record_page_set_total (page, job->state->total);
  /* The latest change seen, or HubSpot's clock when later: every record modified before this
   * answer was sent is in this listing (a record modified meanwhile moves to its end), so the
   * next listing need not go back further than the engine's overlap before it. Nothing listed,
   * no cursor given and no clock: still no cursor. */
  cursor_ms = MAX (MAX (job->since_ms, job->state->max_ms),
                   fc_http_get_last_date_ms (FC_HTTP (object)));
  if (cursor_ms >= 0)
    cursor = _fc_connector_format_cursor (cursor_ms);
  fc_record_page_set_cursor (page, cursor);

  /* The end, unless the search has more or a walk by id ends and the listing goes on */
  if ((more && seen->len > 0) || job->state->tie)
    {
      g_autofree char *token = NULL;

      list_state_advance (job->state, seen, more);
      token = list_state_encode (job->state);
      fc_record_page_set_next_page_token (page, token);
    }

  g_task_return_pointer (task, g_steal_pointer (&page), (GDestroyNotify) fc_record_page_unref);
}

static void
list_job_search (FcHubspotConnector *self,
                 GTask              *task)
{
  ListJob *job = g_task_get_task_data (task);
  g_autoptr (JsonNode) body = list_job_build_body (job);

  search_async (self, job->type, body, task, on_list_page_cb);
}

static void
on_list_fields_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  FcHubspotConnector *self = g_task_get_source_object (task);
  ListJob *job = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (GListModel) fields = NULL;

  fields = _fc_connector_ensure_fields_finish (FC_CONNECTOR (object), result, &error);
  if (fields == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  job->properties = _fc_hubspot_wanted_properties (job->type, NULL, NULL, fields);
  list_job_search (self, task);
}

void
_fc_hubspot_list_changed (FcConnector        *connector,
                          const char         *object_type,
                          const char         *since_cursor,
                          const char         *page_token,
                          const char * const *fields,
                          GTask              *task)
{
  FcHubspotConnector *self = FC_HUBSPOT_CONNECTOR (connector);
  ListJob *job = g_new0 (ListJob, 1);
  GError *error = NULL;

  job->type = _fc_hubspot_find_type (object_type);
  job->since_ms = -1;
  g_task_set_task_data (task, job, (GDestroyNotify) list_job_free);

  if (since_cursor != NULL && !_fc_connector_parse_cursor (since_cursor, &job->since_ms, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (page_token != NULL)
    job->state = list_state_decode (page_token, &error);
  else
    {
      job->state = list_state_new ();
      job->state->gte = job->since_ms;
    }
  if (job->state == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* Only asking for every property needs the catalogue */
  if (fields != NULL)
    {
      job->properties = _fc_hubspot_wanted_properties (job->type, fields, NULL, NULL);
      list_job_search (self, task);
    }
  else
    _fc_connector_ensure_fields_async (connector, object_type, g_task_get_cancellable (task),
                                       on_list_fields_cb, g_object_ref (task));
}

/* ---- reading and finding --------------------------------------------------------------- */

typedef struct
{
  const FcHubspotType *type;
  GStrv                ids;
  guint                next;     /* index of the first id not asked for yet */
  JsonArray           *properties;
  GHashTable          *found;    /* id -> FcRecord */
  char                *field;    /* find_records */
  char                *value;
} ReadJob;

static void
read_job_free (ReadJob *job)
{
  g_strfreev (job->ids);
  g_clear_pointer (&job->properties, json_array_unref);
  g_clear_pointer (&job->found, g_hash_table_unref);
  g_free (job->field);
  g_free (job->value);
  g_free (job);
}

static void read_next_batch (FcHubspotConnector *self,
                             GTask              *task);

static void
on_batch_read_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  ReadJob *job = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_auto (FcHubspotResults) results = { NULL, };

  _fc_hubspot_results_init (&results, job->type);
  if (fc_http_request_finish_read (FC_HTTP (object), result, _fc_hubspot_scan_results,
                                   &results, NULL, NULL, &error))
    for (guint i = 0; i < results.records->len; i++)
      {
        FcRecord *record = g_ptr_array_index (results.records, i);

        g_hash_table_replace (job->found, g_strdup (fc_record_get_id (record)),
                              g_object_ref (record));
      }
  /* A batch of ids none of which exists is a 404; missing ids are simply not returned. */
  if (g_error_matches (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_NOT_FOUND))
    g_clear_error (&error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  read_next_batch (g_task_get_source_object (task), task);
}

static void
read_next_batch (FcHubspotConnector *self,
                 GTask              *task)
{
  ReadJob *job = g_task_get_task_data (task);
  g_autoptr (JsonNode) body = NULL;
  g_autofree char *path = NULL;
  g_autofree char *what = NULL;
  JsonObject *object;
  JsonArray *inputs;
  guint n_ids = g_strv_length (job->ids);

  if (job->next >= n_ids)
    {
      GPtrArray *records = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < n_ids; i++)
        {
          FcRecord *record = g_hash_table_lookup (job->found, job->ids[i]);

          if (record != NULL)
            g_ptr_array_add (records, g_object_ref (record));
        }
      g_task_return_pointer (task, records, (GDestroyNotify) g_ptr_array_unref);
      return;
    }

  object = json_object_new ();
  inputs = json_array_new ();
  for (guint i = 0; i < FC_HUBSPOT_BATCH_SIZE && job->next < n_ids; i++, job->next++)
    {
      JsonObject *input = json_object_new ();

      json_object_set_string_member (input, "id", job->ids[job->next]);
      json_array_add_object_element (inputs, input);
    }
  json_object_set_array_member (object, "inputs", inputs);
  json_object_set_array_member (object, "properties", json_array_ref (job->properties));
  body = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);

  path = g_strdup_printf ("/crm/v3/objects/%s/batch/read", job->type->name);
  what = g_strdup_printf (_("Reading HubSpot %s"), job->type->name);
  fc_http_request_async (get_http (self), "POST", path, body,
                         _fc_hubspot_connector_get_limiter (self), FC_HTTP_FLAG_NONE, what,
                         g_task_get_cancellable (task), on_batch_read_cb, g_object_ref (task));
}

static void
on_found_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  ReadJob *job = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_auto (FcHubspotResults) results = { NULL, };

  _fc_hubspot_results_init (&results, job->type);
  if (!fc_http_request_finish_read (FC_HTTP (object), result, _fc_hubspot_scan_results,
                                    &results, NULL, NULL, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  for (guint i = 0; i < results.records->len; i++)
    {
      g_autoptr (FcRecord) record = g_object_ref (g_ptr_array_index (results.records, i));
      g_autofree char *value = NULL;

      /* EQ in HubSpot search ignores case; keep only the records that really match */
      value = fc_record_dup_string (record, job->field);
      if (value != NULL && g_utf8_collate (value, job->value) != 0
          && g_ascii_strcasecmp (value, job->value) != 0)
        continue;
      g_ptr_array_add (records, g_steal_pointer (&record));
    }

  g_task_return_pointer (task, g_steal_pointer (&records), (GDestroyNotify) g_ptr_array_unref);
}

/* The first request of a read or find whose properties are known */
static void
read_job_send (FcHubspotConnector *self,
               GTask              *task)
{
  ReadJob *job = g_task_get_task_data (task);
  g_autoptr (GPtrArray) filters = NULL;
  g_autoptr (JsonNode) body = NULL;

  if (job->field == NULL)
    {
      read_next_batch (self, task);
      return;
    }

  filters = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_ptr_array_add (filters, new_filter (job->field, "EQ", job->value));
  body = new_search_body (filters, NULL, job->properties, 100);
  search_async (self, job->type, body, task, on_found_cb);
}

static void
on_read_fields_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  FcHubspotConnector *self = g_task_get_source_object (task);
  ReadJob *job = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (GListModel) fields = NULL;

  fields = _fc_connector_ensure_fields_finish (FC_CONNECTOR (object), result, &error);
  if (fields == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  job->properties = _fc_hubspot_wanted_properties (job->type, NULL, job->field, fields);
  read_job_send (self, task);
}

/* With @fields given, the properties are known at once; every property takes the catalogue. */
static void
start_read_job (FcHubspotConnector *self,
                ReadJob            *job,
                const char * const *fields,
                GTask              *task)
{
  g_task_set_task_data (task, job, (GDestroyNotify) read_job_free);
  if (fields != NULL)
    {
      job->properties = _fc_hubspot_wanted_properties (job->type, fields, job->field, NULL);
      read_job_send (self, task);
      return;
    }
  _fc_connector_ensure_fields_async (FC_CONNECTOR (self), job->type->name,
                                     g_task_get_cancellable (task), on_read_fields_cb,
                                     g_object_ref (task));
}

void
_fc_hubspot_read_records (FcConnector        *connector,
                          const char         *object_type,
                          const char * const *ids,
                          const char * const *fields,
                          GTask              *task)
{
  ReadJob *job = g_new0 (ReadJob, 1);

  job->type = _fc_hubspot_find_type (object_type);
  job->ids = g_strdupv ((char **) ids);
  job->found = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  start_read_job (FC_HUBSPOT_CONNECTOR (connector), job, fields, task);
}

void
_fc_hubspot_find_records (FcConnector        *connector,
                          const char         *object_type,
                          const char         *field,
                          const char         *value,
                          const char * const *fields,
                          GTask              *task)
{
  ReadJob *job = g_new0 (ReadJob, 1);

  job->type = _fc_hubspot_find_type (object_type);
  job->field = g_strdup (field);
  job->value = g_strdup (value);
  start_read_job (FC_HUBSPOT_CONNECTOR (connector), job, fields, task);
}

