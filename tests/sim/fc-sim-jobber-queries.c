/* fc-sim-jobber-queries.c: the root query fields: single records by EncodedId, and the lists
 * with their filters, search terms and sort orders
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-sim-jobber"

#include "config.h"

#include <string.h>

#include "fc-sim-jobber-private.h"

typedef gboolean (*Matches) (FcSimJobber *jb,
                             FcSimRecord *record,
                             JsonObject  *filter);

typedef struct
{
  FcSimJobber *jb;
  JsonArray   *sort;     /* {key, direction} */
} SortContext;

static gboolean
boolean_matches (JsonObject  *filter,
                 const char  *name,
                 FcSimRecord *record)
{
  JsonNode *wanted = json_object_get_member (filter, name);

  return wanted == NULL || JSON_NODE_HOLDS_NULL (wanted)
         || json_node_get_boolean (wanted) == _fc_sim_jobber_bool (record, name);
}

static gboolean
contains_folded (const char *haystack,
                 const char *needle)
{
  g_autofree char *folded = haystack != NULL ? g_utf8_casefold (haystack, -1) : NULL;

  return folded != NULL && strstr (folded, needle) != NULL;
}

static char *
client_name_of (FcSimJobber *jb,
                FcSimRecord *record)
{
  FcSimRecord *client = _fc_sim_collection_lookup (jb->objects[FC_SIM_JB_CLIENTS],
                                                   _fc_sim_jobber_int (record, "clientId"));

  return client != NULL ? _fc_sim_jobber_client_name (client) : g_strdup ("");
}

/* searchTerm: a case-insensitive substring of the names, emails, phones, titles, numbers or
 * streets that the Jobber UI searches */
static gboolean
search_matches (FcSimJobber         *jb,
                FcSimJobberObjectId  object,
                FcSimRecord         *record,
                const char          *term)
{
  static const char * const fields[] = {
    "companyName", "title", "street1", "city", "quoteNumber", NULL
  };
  g_autofree char *needle = g_utf8_casefold (term, -1);
  g_autofree char *name = object == FC_SIM_JB_CLIENTS ? _fc_sim_jobber_client_name (record)
                                                      : client_name_of (jb, record);
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT,
                                             _fc_sim_jobber_int (record, "jobNumber"));
  const char *lists[] = { "emails", "phones" };

  if (contains_folded (name, needle)
      || (object == FC_SIM_JB_JOBS && g_str_equal (number, needle)))
    return TRUE;
  for (guint i = 0; fields[i] != NULL; i++)
    {
      if (contains_folded (_fc_sim_jobber_string (record, fields[i]), needle))
        return TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      JsonArray *entries = _fc_sim_json_array (record->fields, lists[i]);

      for (guint j = 0; entries != NULL && j < json_array_get_length (entries); j++)
        {
          JsonObject *entry = _fc_sim_json_array_object (entries, j);

          if (contains_folded (json_object_get_string_member_with_default (entry, "address",
                                                                           NULL), needle)
              || contains_folded (json_object_get_string_member_with_default (entry, "number",
                                                                              NULL), needle))
            return TRUE;
        }
    }

  return FALSE;
}

static GPtrArray *
select_records (const FcSimGqlCall  *call,
                FcSimJobberObjectId  object,
                Matches              matches)
{
  FcSimJobber *jb = call->user_data;
  FcSimCollection *collection = jb->objects[object];
  JsonObject *filter = _fc_sim_json_object (call->args, "filter");
  const char *term = json_object_get_string_member_with_default (call->args, "searchTerm", NULL);
  GPtrArray *items = g_ptr_array_new ();

  for (guint i = 0; i < _fc_sim_collection_get_length (collection); i++)
    {
      FcSimRecord *record = _fc_sim_collection_get_nth (collection, i);

      if (record->deleted_ms != 0)
        continue;
      if (filter != NULL && matches != NULL && !matches (jb, record, filter))
        continue;
      if (term != NULL && term[0] != '\0' && !search_matches (jb, object, record, term))
        continue;
      g_ptr_array_add (items, record);
    }

  return items;
}

/* Filters */

static gboolean
client_matches (FcSimJobber *jb,
                FcSimRecord *client,
                JsonObject  *filter)
{
  return boolean_matches (filter, "isCompany", client)
         && boolean_matches (filter, "isLead", client)
         && boolean_matches (filter, "isArchived", client)
         && _fc_sim_jobber_range_matches (filter, "updatedAt", client->updated_ms, TRUE)
         && _fc_sim_jobber_range_matches (filter, "createdAt", client->created_ms, TRUE);
}

static gboolean
job_matches (FcSimJobber *jb,
             FcSimRecord *job,
             JsonObject  *filter)
{
  const char *type = json_object_get_string_member_with_default (filter, "jobType", NULL);
  const char *status = json_object_get_string_member_with_default (filter, "status", NULL);
  gboolean scheduled = json_object_has_member (job->fields, "startAt");
  gboolean unscheduled_ok = json_object_get_boolean_member_with_default (filter,
                                                                        "includeUnscheduled",
                                                                        TRUE);

  if (type != NULL && g_strcmp0 (type, _fc_sim_jobber_string (job, "jobType")) != 0)
    return FALSE;
  if (status != NULL && !g_str_equal (status, _fc_sim_jobber_job_status (jb, job)))
    return FALSE;
  /* An unscheduled job has no startAt: a startAt range leaves it out unless
   * includeUnscheduled says true; includeUnscheduled false always does. */
  if (!scheduled && (!unscheduled_ok
                     || (_fc_sim_json_object (filter, "startAt") != NULL
                         && !json_object_has_member (filter, "includeUnscheduled"))))
    return FALSE;

  return _fc_sim_jobber_range_matches (filter, "createdAt", job->created_ms, TRUE)
         && _fc_sim_jobber_range_matches (filter, "updatedAt", job->updated_ms, TRUE)
         && (!scheduled
             || _fc_sim_jobber_range_matches (filter, "startAt",
                                              _fc_sim_jobber_int (job, "startAt"), TRUE))
         && _fc_sim_jobber_range_matches (filter, "endAt", _fc_sim_jobber_int (job, "endAt"),
                                          json_object_has_member (job->fields, "endAt"))
         && _fc_sim_jobber_range_matches (filter, "completedAt",
                                          _fc_sim_jobber_int (job, "completedAt"),
                                          json_object_has_member (job->fields, "completedAt"));
}

/* IntRangeInput and FloatRangeInput: {min, max, eq}, all inclusive */
static gboolean
number_in_range (JsonObject *filter,
                 const char *name,
                 double      value)
{
  JsonObject *range = _fc_sim_json_object (filter, name);
  JsonNode *node;

  if (range == NULL)
    return TRUE;

  node = json_object_get_member (range, "min");
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && value < json_node_get_double (node))
    return FALSE;
  node = json_object_get_member (range, "max");
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && value > json_node_get_double (node))
    return FALSE;
  node = json_object_get_member (range, "eq");
  return node == NULL || !JSON_NODE_HOLDS_VALUE (node) || value == json_node_get_double (node);
}

static gboolean
quote_matches (FcSimJobber *jb,
               FcSimRecord *quote,
               JsonObject  *filter)
{
  const char *client_id = json_object_get_string_member_with_default (filter, "clientId", NULL);
  const char *status = json_object_get_string_member_with_default (filter, "status", NULL);
  const char *number = _fc_sim_jobber_string (quote, "quoteNumber");
  double subtotal, discount, total, deposit;
  gint64 id = 0;

  if (client_id != NULL && (!_fc_sim_jobber_decode_id (client_id, "Client", &id)
                            || id != _fc_sim_jobber_int (quote, "clientId")))
    return FALSE;
  if (status != NULL && g_strcmp0 (status, _fc_sim_jobber_string (quote, "quoteStatus")) != 0)
    return FALSE;

  _fc_sim_jobber_quote_amounts (quote, &subtotal, &discount, &total, &deposit);
  return number_in_range (filter, "quoteNumber", g_ascii_strtod (number != NULL ? number : "0",
                                                                 NULL))
         && number_in_range (filter, "cost", total)
         && _fc_sim_jobber_range_matches (filter, "createdAt", quote->created_ms, TRUE)
         && _fc_sim_jobber_range_matches (filter, "updatedAt", quote->updated_ms, TRUE)
         && _fc_sim_jobber_range_matches (filter, "sentAt", _fc_sim_jobber_int (quote, "sentAt"),
                                          json_object_has_member (quote->fields, "sentAt"));
}

static gboolean
property_matches (FcSimJobber *jb,
                  FcSimRecord *property,
                  JsonObject  *filter)
{
  const char *client_id = json_object_get_string_member_with_default (filter, "clientId", NULL);
  gint64 id = 0;

  return client_id == NULL || (_fc_sim_jobber_decode_id (client_id, "Client", &id)
                               && id == _fc_sim_jobber_int (property, "clientId"));
}

/* Sorting: keys in order, each ASCENDING or DESCENDING, ties by id */

static char *
sort_text (FcSimJobber *jb,
           FcSimRecord *record,
           const char  *key)
{
  FcSimRecord *client = _fc_sim_collection_lookup (jb->objects[FC_SIM_JB_CLIENTS],
                                                   _fc_sim_jobber_int (record, "clientId"));
  FcSimRecord *property = _fc_sim_collection_lookup (jb->objects[FC_SIM_JB_PROPERTIES],
                                                     _fc_sim_jobber_int (record, "propertyId"));

  if (g_str_equal (key, "CLIENT_FIRST_NAME") && client != NULL)
    return g_utf8_casefold (_fc_sim_jobber_string (client, "firstName") != NULL
                            ? _fc_sim_jobber_string (client, "firstName") : "", -1);
  if (g_str_equal (key, "CLIENT_PRIMARY_NAME") && client != NULL)
    {
      g_autofree char *name = _fc_sim_jobber_client_name (client);

      return g_utf8_casefold (name, -1);
    }
  if (g_str_equal (key, "PROPERTY_STREET1") && property != NULL)
    return g_utf8_casefold (_fc_sim_jobber_string (property, "street1") != NULL
                            ? _fc_sim_jobber_string (property, "street1") : "", -1);
  if (g_str_equal (key, "QUOTE_STATUS"))
    return g_strdup (_fc_sim_jobber_string (record, "quoteStatus"));

  return NULL;
}

static double
sort_number (FcSimRecord *record,
             const char  *key)
{
  const char *number = _fc_sim_jobber_string (record, "quoteNumber");
  double subtotal, discount, total, deposit;

  if (g_str_equal (key, "UPDATED_AT"))
    return (double) record->updated_ms;
  if (g_str_equal (key, "CREATED_AT"))
    return (double) record->created_ms;
  if (g_str_equal (key, "LAST_SENT_AT"))
    return (double) _fc_sim_jobber_int (record, "sentAt");
  if (g_str_equal (key, "QUOTE_NUMBER"))
    return g_ascii_strtod (number != NULL ? number : "0", NULL);
  if (g_str_equal (key, "QUOTE_TOTAL"))
    {
      _fc_sim_jobber_quote_amounts (record, &subtotal, &discount, &total, &deposit);
      return total;
    }

  /* APPROVED_AT, CONVERTED_AT, ARCHIVED_AT, LAST_CHANGES_REQUESTED_AT: the last transition */
  return (double) _fc_sim_jobber_int (record, "transitionedAt");
}

static gint
compare_records (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  SortContext *context = user_data;
  FcSimRecord *left = *(FcSimRecord * const *) a;
  FcSimRecord *right = *(FcSimRecord * const *) b;

  for (guint i = 0; i < json_array_get_length (context->sort); i++)
    {
      JsonObject *sort = _fc_sim_json_array_object (context->sort, i);
      const char *key = json_object_get_string_member_with_default (sort, "key", "");
      gboolean down = g_strcmp0 (json_object_get_string_member_with_default (sort, "direction",
                                                                             NULL),
                                 "DESCENDING") == 0;
      g_autofree char *left_text = sort_text (context->jb, left, key);
      g_autofree char *right_text = sort_text (context->jb, right, key);
      gint order;

      if (left_text != NULL || right_text != NULL)
        order = g_strcmp0 (left_text, right_text);
      else
        order = (sort_number (left, key) > sort_number (right, key))
                - (sort_number (left, key) < sort_number (right, key));
      if (order != 0)
        return down ? -order : order;
    }

  return (left->id > right->id) - (left->id < right->id);
}

static GPtrArray *
sorted (const FcSimGqlCall *call,
        GPtrArray          *items)
{
  SortContext context = { call->user_data, _fc_sim_json_array (call->args, "sort") };

  if (context.sort != NULL && json_array_get_length (context.sort) > 0)
    g_ptr_array_sort_with_data (items, compare_records, &context);

  return items;
}

/* Root fields */

static FcSimGqlValue *
resolve_one (const FcSimGqlCall  *call,
             GError             **error)
{
  FcSimJobber *jb = call->user_data;
  const FcSimJobberObject *object = _fc_sim_jobber_find_object (call->data);
  const char *id = json_object_get_string_member_with_default (call->args, "id", NULL);
  FcSimRecord *record = _fc_sim_jobber_lookup (jb, object->id, id);

  return _fc_sim_gql_value_object (object->type, record, NULL, NULL);
}

static FcSimGqlValue *
resolve_list (const FcSimGqlCall  *call,
              GError             **error)
{
  const FcSimJobberObject *object = _fc_sim_jobber_find_object (call->data);
  static const Matches matches[FC_SIM_JB_N_OBJECTS] = {
    client_matches, property_matches, job_matches, quote_matches
  };
  GPtrArray *items = select_records (call, object->id, matches[object->id]);

  return _fc_sim_jobber_connection (call, object->type, sorted (call, items), error);
}

static FcSimGqlValue *
resolve_account_root (const FcSimGqlCall  *call,
                      GError             **error)
{
  return _fc_sim_gql_value_object ("Account", call->user_data, NULL, NULL);
}

void
_fc_sim_jobber_bind_queries (FcSimGqlSchema *schema)
{
  static const struct { const char *one; const char *list; const char *object; } roots[] = {
    { "client", "clients", "clients" },
    { "property", "properties", "properties" },
    { "job", "jobs", "jobs" },
    { "quote", "quotes", "quotes" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (roots); i++)
    {
      _fc_sim_gql_schema_bind (schema, "Query", roots[i].one, resolve_one, roots[i].object);
      _fc_sim_gql_schema_bind (schema, "Query", roots[i].list, resolve_list, roots[i].object);
    }
  _fc_sim_gql_schema_bind (schema, "Query", "account", resolve_account_root, NULL);
}
