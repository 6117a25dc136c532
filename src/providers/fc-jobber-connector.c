/* fc-jobber-connector.c: Jobber's GraphQL API (clients, jobs, quotes)
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-jobber"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "fc-jobber-connector-private.h"

/* One endpoint, POST /api/graphql, JSON only, with X-JOBBER-GRAPHQL-VERSION pinned to
 * FC_JOBBER_API_VERSION (2025-01-20). The only schema at hand is the introspection dump of
 * 2022-03-10 (provider-apis.md 0); every document here is valid against both. Where Jobber's
 * changelog says the versions between differ, the connector stays on the common ground:
 *
 * - 2023-08-18 changed ClientCreateInput/ClientEditInput.customFields from
 *   [CustomFieldAttributes!] to [CustomFieldCreateInput!]/[CustomFieldEditInput!], removed
 *   CustomFieldSelect, CustomFieldNumber and CustomFieldBoolean from CustomFieldUnion and
 *   valueText/valueUrl from CustomFieldLink, and made PropertyAttributes.address non-null.
 *   Custom fields are therefore left out of the catalogue (their writes differ between the
 *   versions, and only text values read the same in both), and propertyCreate always sends
 *   an address.
 * - 2023-11-15 removed Quote.previewUrl and the PACKAGE line-item category: neither is used.
 * - JobFilterAttributes of 2022-03-10 filters by creation and schedule, not by updatedAt
 *   (integrators of later versions report the same), but JobsSortInput sorts by UPDATED_AT:
 *   jobs are listed newest first, and an incremental listing stops at the first job older
 *   than its cursor. Clients and quotes filter by updatedAt.
 *
 * Costs: one point per field, a connection times its `first`. Pages are sized so that one
 * costs about a third of the 10,000-point bucket at most (clients, the widest, ~3,000). */

struct _FcJobberConnector
{
  FcConnector     parent_instance;

  FcRateLimiter  *limiter;   /* 2,500 requests per 5 minutes */
  FcJobberBucket  bucket;    /* the query-cost bucket, as last reported */
  gboolean        version_noted;
};

G_DEFINE_FINAL_TYPE (FcJobberConnector, fc_jobber_connector, FC_TYPE_CONNECTOR)

/* Records read by id per request, and search results looked at. A lookup reads the few
 * fields it compares of each result (~9 points), then the matches in full: a search of 100
 * full clients would cost 3,000 points, six seconds of the bucket's restore rate. */
#define READ_BATCH     50
#define SEARCH_FIRST   100


#define CLIENT_SELECTION \
  "id name title firstName lastName companyName isCompany isLead isArchived createdAt " \
  "updatedAt emails { id address description primary } " \
  "phones { id number description primary smsAllowed } " \
  "billingAddress { street1 street2 city province postalCode country }"
#define JOB_SELECTION \
  "id jobNumber title instructions total jobStatus jobType startAt endAt completedAt " \
  "createdAt updatedAt client { id name } property { id } quote { id }"
#define QUOTE_SELECTION \
  "id quoteNumber title message quoteStatus createdAt updatedAt amounts { subtotal total } " \
  "client { id name } property { id }"

static const char * const object_types[] = { "clients", "jobs", "quotes", NULL };

static const FcJobberType types[] = {
  { FC_JOBBER_CLIENTS, "clients", "client", "CLIENT", CLIENT_SELECTION,
    "id name firstName lastName companyName emails { address } phones { number }",
    "ClientFilterAttributes", 100 },
  { FC_JOBBER_JOBS, "jobs", "job", "JOB", JOB_SELECTION, "id title jobNumber client { name }",
    NULL, 100 },
  { FC_JOBBER_QUOTES, "quotes", "quote", "QUOTE", QUOTE_SELECTION,
    "id title quoteNumber client { name }", "QuoteFilterAttributes", 100 },
};

/* Fields a search can look for, per type; the results are then matched exactly */
static const char * const client_search[] = {
  "email", "emails", "phone", "phones", "name", "firstName", "lastName", "companyName", NULL
};
static const char * const job_search[] = { "title", "jobNumber", "clientName", NULL };
static const char * const quote_search[] = { "title", "quoteNumber", "clientName", NULL };

const FcJobberType *
_fc_jobber_find_type (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    if (g_strcmp0 (types[i].name, name) == 0)
      return &types[i];
  return NULL;
}

const FcJobberType *
_fc_jobber_find_type_by_topic (const char *topic)
{
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    if (g_strcmp0 (types[i].topic, topic) == 0)
      return &types[i];
  return NULL;
}

gboolean
_fc_jobber_is_encoded_id (const char *id)
{
  static const char chars[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_";

  return id != NULL && *id != '\0' && strspn (id, chars) == strlen (id);
}

FcJobberBucket *
_fc_jobber_connector_get_bucket (FcJobberConnector *self)
{
  return &self->bucket;
}

FcRateLimiter *
_fc_jobber_connector_get_limiter (FcJobberConnector *self)
{
  return self->limiter;
}

gboolean
_fc_jobber_connector_take_version_note (FcJobberConnector *self)
{
  gboolean first = !self->version_noted;

  self->version_noted = TRUE;
  return first;
}

/* ---- the field catalogue --------------------------------------------------------------- */

static void
fc_jobber_connector_list_fields (FcConnector *connector,
                                 const char  *object_type,
                                 GTask       *task)
{
  const FcJobberType *type = _fc_jobber_find_type (object_type);

  g_task_return_pointer (task, _fc_jobber_fixed_fields (type), g_object_unref);
}

/* ---- listing --------------------------------------------------------------------------- */

typedef struct
{
  const FcJobberType *type;
  char               *what;
  gint64              since_ms;
  char               *after;     /* the Relay cursor of the page to read */
  gint64              max_ms;    /* the latest modified time of the listing so far */
  GStrv               ids;       /* read_records: what to read */
  guint               next_id;
  guint               batch;     /* ids in the request under way */
  GPtrArray          *records;   /* read_records, find_records: the results */
  char               *field;     /* find_records */
  char               *value;
} Job;

static void
job_free (Job *job)
{
  g_free (job->what);
  g_free (job->after);
  g_strfreev (job->ids);
  g_clear_pointer (&job->records, g_ptr_array_unref);
  g_free (job->field);
  g_free (job->value);
  g_free (job);
}

static Job *
start_job (GTask      *task,
           const char *object_type)
{
  Job *job = g_new0 (Job, 1);

  job->type = _fc_jobber_find_type (object_type);
  job->since_ms = -1;
  job->max_ms = -1;
  job->records = g_ptr_array_new_with_free_func (g_object_unref);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  return job;
}

/* The page token: the Relay cursor and the latest modified time seen, base64 JSON. */
static char *
encode_page_token (const char *after,
                   gint64      max_ms)
{
  g_autoptr (JsonObject) object = json_object_new ();
  g_autoptr (JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *text = NULL;

  json_object_set_string_member (object, "after", after);
  json_object_set_int_member (object, "max", max_ms);
  json_node_set_object (node, object);
  text = json_to_string (node, FALSE);
  return g_base64_encode ((const guchar *) text, strlen (text));
}

static gboolean
decode_page_token (const char  *token,
                   Job         *job,
                   GError     **error)
{
  g_autofree guchar *decoded = NULL;
  g_autofree char *text = NULL;
  g_autoptr (JsonNode) node = NULL;
  JsonObject *object;
  gsize length = 0;

  decoded = g_base64_decode (token, &length);
  text = g_strndup ((const char *) decoded, length);
  node = json_from_string (text, NULL);
  object = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  if (_fc_json_get_string (object, "after") == NULL)
    {
      g_set_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_VALIDATION,
                   _("“%s” is not a page token of a Jobber listing"), token);
      return FALSE;
    }
  job->after = g_strdup (_fc_json_get_string (object, "after"));
  if (json_object_has_member (object, "max"))
    job->max_ms = json_object_get_int_member (object, "max");
  return TRUE;
}

/* The value of @data's member @name, an object, or NULL with BAD_RESPONSE. */
static JsonObject *
get_connection (JsonObject  *data,
                const char  *name,
                const char  *what,
                GError     **error)
{
  JsonObject *connection = _fc_json_get_object (data, name);

  if (connection == NULL || _fc_json_get_array (connection, "nodes") == NULL)
    {
      g_autofree char *detail = g_strdup_printf ("no %s.nodes", name);

      _fc_connector_set_bad_response (error, what, detail);
      return NULL;
    }
  return connection;
}

static void
on_list_page_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  Job *job = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) data = NULL;
  g_autoptr (FcRecordPage) page = fc_record_page_new ();
  g_autofree char *cursor = NULL;
  JsonObject *connection = NULL;
  JsonObject *page_info;
  JsonArray *nodes;
  gboolean done = FALSE;
  const char *end_cursor;

  data = _fc_jobber_graphql_finish (FC_JOBBER_CONNECTOR (object), result, NULL, &error);
  if (data != NULL)
    connection = get_connection (data, job->type->name, job->what, &error);
  if (connection == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  nodes = _fc_json_get_array (connection, "nodes");
  for (guint i = 0; i < json_array_get_length (nodes); i++)
    {
      JsonNode *node = json_array_get_element (nodes, i);
      g_autoptr (FcRecord) record = NULL;
      gint64 modified;

      if (JSON_NODE_HOLDS_OBJECT (node))
        record = _fc_jobber_record_from_json (job->type, json_node_get_object (node));
      if (record == NULL)
        continue;
      modified = fc_record_get_modified_ms (record);
      if (job->since_ms >= 0 && modified < job->since_ms)
        {
          /* Jobs come newest first: the rest is older still */
          done |= job->type->filter_type == NULL;
          continue;
        }
      job->max_ms = MAX (job->max_ms, modified);
      fc_record_page_add_record (page, record);
    }

  if (job->type->filter_type != NULL || job->since_ms < 0)
    fc_record_page_set_total (page, json_object_has_member (connection, "totalCount")
                                    ? json_object_get_int_member (connection, "totalCount")
                                    : -1);
  if (job->max_ms >= 0)
    cursor = _fc_connector_format_cursor (job->max_ms);
  fc_record_page_set_cursor (page, cursor);

  page_info = _fc_json_get_object (connection, "pageInfo");
  end_cursor = _fc_json_get_string (page_info, "endCursor");
  if (!done && _fc_json_get_boolean (page_info, "hasNextPage", FALSE) && end_cursor != NULL
      && g_strcmp0 (end_cursor, job->after) != 0)
    {
      g_autofree char *token = encode_page_token (end_cursor, job->max_ms);

      fc_record_page_set_next_page_token (page, token);
    }
  g_task_return_pointer (task, g_steal_pointer (&page), (GDestroyNotify) fc_record_page_unref);
}

static void
fc_jobber_connector_list_changed (FcConnector        *connector,
                                  const char         *object_type,
                                  const char         *since_cursor,
                                  const char         *page_token,
                                  const char * const *fields,
                                  GTask              *task)
{
  FcJobberConnector *self = FC_JOBBER_CONNECTOR (connector);
  Job *job = start_job (task, object_type);
  GError *error = NULL;
  g_autofree char *query = NULL;
  g_autoptr (JsonObject) variables = NULL;

  if ((since_cursor != NULL && !_fc_connector_parse_cursor (since_cursor, &job->since_ms, &error))
      || (page_token != NULL && !decode_page_token (page_token, job, &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  job->max_ms = MAX (job->max_ms, job->since_ms);
  job->what = g_strdup_printf (_("Listing changed Jobber %s"), object_type);

  query = _fc_jobber_build_list_query (job->type);
  variables = _fc_jobber_build_list_variables (job->type, job->type->page_size, job->after,
                                               job->since_ms);
  _fc_jobber_graphql_async (self, query, variables,
                            _fc_jobber_type_cost (job->type, job->type->page_size),
                            FC_HTTP_FLAG_NONE, job->what, g_task_get_cancellable (task),
                            on_list_page_cb, g_object_ref (task));
}

/* ---- reading by id --------------------------------------------------------------------- */

static void read_next (GTask *task);

static void
on_read_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  Job *job = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) data = NULL;
  g_autoptr (JsonArray) errors = NULL;
  guint first = job->next_id - job->batch;

  data = _fc_jobber_graphql_finish (FC_JOBBER_CONNECTOR (object), result, &errors, &error);
  if (data == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Aliases r0.. name the ids of this batch; a missing record reads as null (an error that
   * names its alias says why, e.g. an id of another account) */
  for (guint i = 0; i < job->batch; i++)
    {
      g_autofree char *alias = g_strdup_printf ("r%u", i);
      JsonObject *node = _fc_json_get_object (data, alias);
      FcRecord *record = node != NULL ? _fc_jobber_record_from_json (job->type, node) : NULL;

      if (record != NULL)
        g_ptr_array_add (job->records, record);
      else
        g_debug ("%s: %s is not there", job->what, job->ids[first + i]);
    }
  read_next (task);
}

static void
read_next (GTask *task)
{
  FcJobberConnector *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  guint n_ids = g_strv_length (job->ids);
  guint n = MIN (READ_BATCH, n_ids - job->next_id);
  g_autoptr (JsonObject) variables = json_object_new ();
  g_autofree char *query = NULL;

  if (n == 0)
    {
      g_task_return_pointer (task, g_ptr_array_ref (job->records),
                             (GDestroyNotify) g_ptr_array_unref);
      return;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("id%u", i);

      json_object_set_string_member (variables, name, job->ids[job->next_id + i]);
    }
  job->next_id += n;
  job->batch = n;
  query = _fc_jobber_build_read_query (job->type, n, NULL);
  _fc_jobber_graphql_async (self, query, variables, _fc_jobber_type_cost (job->type, n),
                            FC_HTTP_FLAG_NONE, job->what, g_task_get_cancellable (task),
                            on_read_cb, g_object_ref (task));
}

static void
fc_jobber_connector_read_records (FcConnector        *connector,
                                  const char         *object_type,
                                  const char * const *ids,
                                  const char * const *fields,
                                  GTask              *task)
{
  Job *job = start_job (task, object_type);
  g_autoptr (GPtrArray) wanted = g_ptr_array_new ();

  /* EncodedIds are base64 text; anything else cannot exist (and would fail the whole
   * request as a variable of the wrong type) */
  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    if (_fc_jobber_is_encoded_id (ids[i]))
      g_ptr_array_add (wanted, (gpointer) ids[i]);
  g_ptr_array_add (wanted, NULL);
  job->ids = g_strdupv ((char **) wanted->pdata);
  job->what = g_strdup_printf (_("Reading Jobber %s"), object_type);
  read_next (task);
}

/* ---- finding --------------------------------------------------------------------------- */

static gboolean
record_matches (FcRecord   *record,
                const char *field,
                const char *value)
{
  g_autofree char *text = NULL;

  if (g_str_equal (field, "email") || g_str_equal (field, "emails"))
    return _fc_jobber_contact_matches (record, TRUE, value);
  if (g_str_equal (field, "phone") || g_str_equal (field, "phones"))
    return _fc_jobber_contact_matches (record, FALSE, value);
  text = fc_record_dup_string (record, field);
  return g_strcmp0 (text, value) == 0;
}

/* What to search for: a phone number by its last four digits, which read the same however
 * the number is written ("+1 415-555-2671", "(415) 555-2671"); the rest as it is. */
static char *
dup_search_term (const char *field,
                 const char *value)
{
  const char *end = value + strlen (value);
  const char *p;

  if (!g_str_equal (field, "phone") && !g_str_equal (field, "phones"))
    return g_strdup (value);
  while (end > value && !g_ascii_isdigit (end[-1]))
    end--;
  for (p = end; p > value && end - p < 4 && g_ascii_isdigit (p[-1]); p--)
    ;
  return end - p == 4 ? g_strndup (p, 4) : g_strdup (value);
}

/* The results that match exactly are read in full. */
static void
on_search_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  Job *job = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) data = NULL;
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  JsonObject *connection = NULL;
  JsonArray *nodes;

  data = _fc_jobber_graphql_finish (FC_JOBBER_CONNECTOR (object), result, NULL, &error);
  if (data != NULL)
    connection = get_connection (data, job->type->name, job->what, &error);
  if (connection == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  nodes = _fc_json_get_array (connection, "nodes");
  for (guint i = 0; i < json_array_get_length (nodes); i++)
    {
      JsonNode *node = json_array_get_element (nodes, i);
      g_autoptr (FcRecord) found = NULL;

      if (JSON_NODE_HOLDS_OBJECT (node))
        found = _fc_jobber_record_from_json (job->type, json_node_get_object (node));
      if (found != NULL && record_matches (found, job->field, job->value))
        g_ptr_array_add (ids, g_strdup (fc_record_get_id (found)));
    }
  g_ptr_array_add (ids, NULL);
  job->ids = (GStrv) g_ptr_array_free (g_steal_pointer (&ids), FALSE);
  read_next (task);
}

static void
fc_jobber_connector_find_records (FcConnector        *connector,
                                  const char         *object_type,
                                  const char         *field,
                                  const char         *value,
                                  const char * const *fields,
                                  GTask              *task)
{
  FcJobberConnector *self = FC_JOBBER_CONNECTOR (connector);
  Job *job = start_job (task, object_type);
  const char * const *searchable = job->type->kind == FC_JOBBER_CLIENTS ? client_search
                                   : job->type->kind == FC_JOBBER_JOBS ? job_search
                                   : quote_search;
  g_autoptr (JsonObject) variables = json_object_new ();
  g_autofree char *query = NULL;
  g_autofree char *term = NULL;

  job->what = g_strdup_printf (_("Looking up Jobber %s by %s"), object_type, field);
  if (g_str_equal (field, "id"))
    {
      const char *ids[] = { _fc_jobber_is_encoded_id (value) ? value : NULL, NULL };

      job->ids = g_strdupv ((char **) ids);
      read_next (task);
      return;
    }
  if (!g_strv_contains (searchable, field))
    {
      g_autofree char *list = g_strjoinv (", ", (char **) searchable);

      g_task_return_new_error (task, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_UNSUPPORTED,
                               _("Jobber cannot look up %s by “%s”; it searches only id, %s"),
                               object_type, field, list);
      return;
    }
  if (value == NULL || *value == '\0')
    {
      g_task_return_pointer (task, g_ptr_array_ref (job->records),
                             (GDestroyNotify) g_ptr_array_unref);
      return;
    }

  job->field = g_strdup (field);
  job->value = g_strdup (value);
  term = dup_search_term (field, value);
  json_object_set_string_member (variables, "term", term);
  json_object_set_int_member (variables, "first", SEARCH_FIRST);
  query = _fc_jobber_build_search_query (job->type);
  _fc_jobber_graphql_async (self, query, variables,
                            5 + SEARCH_FIRST * _fc_jobber_selection_cost (
                                                 job->type->search_selection),
                            FC_HTTP_FLAG_NONE, job->what, g_task_get_cancellable (task),
                            on_search_cb, g_object_ref (task));
}

/* ---- the account ----------------------------------------------------------------------- */

static void
on_account_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) data = NULL;
  JsonObject *account;
  const char *id;

  data = _fc_jobber_graphql_finish (FC_JOBBER_CONNECTOR (object), result, NULL, &error);
  if (data == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  account = _fc_json_get_object (data, "account");
  id = _fc_json_get_string (account, "id");
  if (id == NULL)
    {
      _fc_connector_set_bad_response (&error, _("Reading the Jobber account"), "no account.id");
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  _fc_connector_return_account (task, _fc_json_get_string (account, "name"), id);
}

static void
fc_jobber_connector_discover_account (FcConnector *connector,
                                      GTask       *task)
{
  _fc_jobber_graphql_async (FC_JOBBER_CONNECTOR (connector),
                            "query Account { account { id name } }", NULL, 3, FC_HTTP_FLAG_NONE,
                            _("Reading the Jobber account"),
                            g_task_get_cancellable (task), on_account_cb, g_object_ref (task));
}

/* ---- the class ------------------------------------------------------------------------- */

static void
fc_jobber_connector_finalize (GObject *object)
{
  FcJobberConnector *self = (FcJobberConnector *) object;

  g_clear_object (&self->limiter);

  G_OBJECT_CLASS (fc_jobber_connector_parent_class)->finalize (object);
}

static void
fc_jobber_connector_class_init (FcJobberConnectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  FcConnectorClass *connector_class = FC_CONNECTOR_CLASS (klass);

  object_class->finalize = fc_jobber_connector_finalize;

  connector_class->object_types = object_types;
  connector_class->list_fields = fc_jobber_connector_list_fields;
  /* The reads return every field whatever the caller's fields: the queries select the fixed
   * set of fields the connector flattens, which is small */
  connector_class->list_changed = fc_jobber_connector_list_changed;
  connector_class->read_records = fc_jobber_connector_read_records;
  connector_class->find_records = fc_jobber_connector_find_records;
  connector_class->create_records = _fc_jobber_create_records;
  connector_class->update_records = _fc_jobber_update_records;
  connector_class->delete_records = _fc_jobber_delete_records;
  connector_class->discover_account = fc_jobber_connector_discover_account;
  connector_class->parse_webhook = _fc_jobber_parse_webhook;
}

static void
fc_jobber_connector_init (FcJobberConnector *self)
{
  self->limiter = fc_rate_limiter_new (FC_JOBBER_REQUEST_CAP, FC_JOBBER_REQUEST_WINDOW_MS);
  _fc_jobber_bucket_init (&self->bucket);
}
