/* fc-sim-salesforce-collections.c: sObject Collections (/composite/sobjects): create, update,
 * upsert, retrieve and delete up to 200 records per request, with allOrNone
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-sim-salesforce"

#include "config.h"

#include <string.h>

#include "fc-sim-salesforce-private.h"
#include "fc-sim-soql.h"

#define ROLLED_BACK_MESSAGE \
  "Record rolled back because not all records were valid and the request was using AllOrNone " \
  "header"

/* What happened to one record of the request */
typedef struct
{
  FcSimSfObject *object;
  FcSimRecord   *record;   /* the record updated, deleted or created */
  JsonObject    *body;
  JsonObject    *changes;  /* prepared, waiting for the whole batch when allOrNone */
  gboolean       delete;
  FcSimSfError  *error;
  gboolean       upsert;   /* report "created" */
  gboolean       created;
} Outcome;

static void
outcome_free (gpointer data)
{
  Outcome *outcome = data;

  g_clear_pointer (&outcome->changes, json_object_unref);
  _fc_sim_sf_error_free (outcome->error);
  g_free (outcome);
}

static FcSimSalesforce *
get_sf (FcSimRequest *req)
{
  return req->provider->state;
}

static char **
no_fields (void)
{
  return g_new0 (char *, 1);
}

static char *
value_text (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return json_node_get_string (node)[0] != '\0' ? g_strdup (json_node_get_string (node))
                                                    : NULL;
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_DOUBLE:
      {
        char buffer[G_ASCII_DTOSTR_BUF_SIZE];

        return g_strdup (g_ascii_dtostr (buffer, sizeof buffer, json_node_get_double (node)));
      }
    default:
      return NULL;
    }
}

/* The value of member @name (any case) of @record as text, or NULL */
static char *
member_text (JsonObject *record,
             const char *name)
{
  JsonObjectIter iter;
  const char *member;
  JsonNode *node;

  json_object_iter_init (&iter, record);
  while (json_object_iter_next (&iter, &member, &node))
    {
      if (g_ascii_strcasecmp (member, name) == 0)
        return value_text (node);
    }

  return NULL;
}

static JsonNode *
outcomes_to_json (GPtrArray *outcomes)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < outcomes->len; i++)
    {
      Outcome *outcome = g_ptr_array_index (outcomes, i);

      json_builder_begin_object (builder);
      if (outcome->record != NULL)
        {
          g_autofree char *id = _fc_sim_sf_record_id (outcome->object, outcome->record);

          json_builder_set_member_name (builder, "id");
          json_builder_add_string_value (builder, id);
        }
      json_builder_set_member_name (builder, "success");
      json_builder_add_boolean_value (builder, outcome->error == NULL);
      json_builder_set_member_name (builder, "errors");
      json_builder_begin_array (builder);
      if (outcome->error != NULL)
        {
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "statusCode");
          json_builder_add_string_value (builder, outcome->error->code);
          json_builder_set_member_name (builder, "message");
          json_builder_add_string_value (builder, outcome->error->message);
          json_builder_set_member_name (builder, "fields");
          json_builder_begin_array (builder);
          for (guint f = 0; outcome->error->fields[f] != NULL; f++)
            json_builder_add_string_value (builder, outcome->error->fields[f]);
          json_builder_end_array (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      if (outcome->upsert)
        {
          json_builder_set_member_name (builder, "created");
          json_builder_add_boolean_value (builder, outcome->error == NULL && outcome->created);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  return json_builder_get_root (builder);
}

static void
apply_outcome (FcSimSalesforce *sf,
               Outcome         *outcome)
{
  if (outcome->delete)
    {
      if (outcome->record->deleted_ms == 0)
        _fc_sim_sf_delete (sf, outcome->object, outcome->record);
      return;
    }

  outcome->record = _fc_sim_sf_apply (sf, outcome->object, outcome->record, outcome->changes);
  g_clear_pointer (&outcome->changes, json_object_unref);
}

/* Checks one record (its object, record and body set, or an error) and, unless the request is
 * all-or-none, writes it at once so that later records see it. */
static void
process (FcSimSalesforce *sf,
         Outcome         *outcome,
         gboolean         all_or_none,
         GHashTable      *batch_unique)
{
  if (outcome->error != NULL)
    return;

  if (!outcome->delete)
    {
      outcome->changes = _fc_sim_sf_prepare (sf, outcome->object,
                                             outcome->created ? NULL : outcome->record,
                                             outcome->body, all_or_none ? batch_unique : NULL,
                                             &outcome->error);
      if (outcome->changes == NULL)
        {
          if (outcome->created)
            outcome->record = NULL;
          return;
        }
    }

  if (!all_or_none)
    apply_outcome (sf, outcome);
}

/* All or none: when one record failed, the others report the rollback and nothing is written. */
static void
finish (FcSimRequest *req,
        GPtrArray    *outcomes,
        gboolean      all_or_none)
{
  FcSimSalesforce *sf = get_sf (req);
  gboolean failed = FALSE;

  for (guint i = 0; i < outcomes->len; i++)
    failed |= ((Outcome *) g_ptr_array_index (outcomes, i))->error != NULL;

  for (guint i = 0; all_or_none && i < outcomes->len; i++)
    {
      Outcome *outcome = g_ptr_array_index (outcomes, i);

      if (!failed)
        apply_outcome (sf, outcome);
      else if (outcome->error == NULL)
        outcome->error = _fc_sim_sf_error_new ("ALL_OR_NONE_OPERATION_ROLLED_BACK", NULL,
                                               ROLLED_BACK_MESSAGE);
      if (failed && outcome->created)
        outcome->record = NULL;
    }

  _fc_sim_respond_json (req, 200, outcomes_to_json (outcomes));
}

/* The body's records array: NULL after answering 400 when it is missing or too long */
static JsonArray *
body_records (FcSimRequest  *req,
              JsonObject    *body,
              gboolean      *all_or_none)
{
  JsonArray *records = _fc_sim_json_array (body, "records");

  *all_or_none = json_object_get_boolean_member_with_default (body, "allOrNone", FALSE);
  if (records == NULL)
    {
      _fc_sim_sf_respond_error (req, 400, "JSON_PARSER_ERROR",
                                "The request body must have a records array", NULL);
      return NULL;
    }
  if (json_array_get_length (records) > FC_SIM_SF_COLLECTION_MAX)
    {
      _fc_sim_sf_respond_error (req, 400, "EXCEEDED_ID_LIMIT",
                                "record limit reached. cannot submit more than 200 records into "
                                "this call", NULL);
      return NULL;
    }

  return records;
}

/* The sObject type of a record from attributes.type */
static FcSimSfObject *
record_object (FcSimSalesforce  *sf,
               JsonObject       *record,
               FcSimSfError    **error)
{
  JsonObject *attributes = _fc_sim_json_object (record, "attributes");
  const char *type = attributes != NULL
                     ? json_object_get_string_member_with_default (attributes, "type", NULL)
                     : NULL;
  FcSimSfObject *object = _fc_sim_sf_find_object (sf, type);

  if (type == NULL)
    *error = _fc_sim_sf_error_new ("INVALID_TYPE", no_fields (),
                                   "Must send a concrete entity type.");
  else if (object == NULL)
    *error = _fc_sim_sf_error_new ("INVALID_TYPE", no_fields (),
                                   "sObject type '%s' is not supported.", type);
  return object;
}

static Outcome *
outcome_for (FcSimSalesforce *sf,
             JsonArray       *records,
             guint            index)
{
  Outcome *outcome = g_new0 (Outcome, 1);

  outcome->body = _fc_sim_json_array_object (records, index);
  if (outcome->body == NULL)
    outcome->error = _fc_sim_sf_error_new ("JSON_PARSER_ERROR", no_fields (),
                                           "records[%u] is not an sObject", index);
  else
    outcome->object = record_object (sf, outcome->body, &outcome->error);

  return outcome;
}

/* POST /composite/sobjects: create; records carry attributes.type and no Id */
static void
handle_create (FcSimRequest *req)
{
  FcSimSalesforce *sf = get_sf (req);
  JsonObject *body = _fc_sim_sf_body_object (req);
  g_autoptr (GPtrArray) outcomes = g_ptr_array_new_with_free_func (outcome_free);
  g_autoptr (GHashTable) unique = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean all_or_none;
  JsonArray *records;

  if (body == NULL || (records = body_records (req, body, &all_or_none)) == NULL)
    return;

  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      Outcome *outcome = outcome_for (sf, records, i);

      outcome->created = TRUE;
      g_ptr_array_add (outcomes, outcome);
      process (sf, outcome, all_or_none, unique);
    }

  finish (req, outcomes, all_or_none);
}

/* The live record of an id in an update or delete; sets @error otherwise */
static FcSimRecord *
existing_record (FcSimSalesforce  *sf,
                 FcSimSfObject    *expected,
                 const char       *id,
                 FcSimSfObject   **object,
                 FcSimSfError    **error)
{
  g_autofree char *normalized = _fc_sim_soql_normalize_id (id);
  FcSimRecord *record;

  if (normalized == NULL)
    {
      *error = _fc_sim_sf_error_new ("MALFORMED_ID", no_fields (), "malformed id %s",
                                     id != NULL ? id : "");
      return NULL;
    }

  *object = expected != NULL ? expected : _fc_sim_sf_object_of_id (sf, normalized);
  record = *object != NULL ? _fc_sim_sf_lookup (*object, normalized) : NULL;
  if (record == NULL)
    {
      *error = _fc_sim_sf_error_new ("INVALID_CROSS_REFERENCE_KEY", no_fields (),
                                     "invalid cross reference id");
      return NULL;
    }
  if (record->deleted_ms != 0)
    {
      *error = _fc_sim_sf_error_new ("ENTITY_IS_DELETED", no_fields (), "entity is deleted");
      return NULL;
    }

  return record;
}

/* PATCH /composite/sobjects: update; records carry attributes.type and Id */
static void
handle_update (FcSimRequest *req)
{
  FcSimSalesforce *sf = get_sf (req);
  JsonObject *body = _fc_sim_sf_body_object (req);
  g_autoptr (GPtrArray) outcomes = g_ptr_array_new_with_free_func (outcome_free);
  g_autoptr (GHashTable) unique = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean all_or_none;
  JsonArray *records;

  if (body == NULL || (records = body_records (req, body, &all_or_none)) == NULL)
    return;

  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      Outcome *outcome = outcome_for (sf, records, i);
      g_autofree char *id = NULL;

      g_ptr_array_add (outcomes, outcome);
      if (outcome->error == NULL)
        {
          id = member_text (outcome->body, "Id");
          if (id == NULL)
            outcome->error = _fc_sim_sf_error_new ("MISSING_ARGUMENT", no_fields (),
                                                   "Id not specified in an update call");
          else
            outcome->record = existing_record (sf, outcome->object, id, &outcome->object,
                                               &outcome->error);
        }
      process (sf, outcome, all_or_none, unique);
    }

  finish (req, outcomes, all_or_none);
}

/* The external id value of each record (NULL when it has none), counted case-insensitively in
 * @seen: the same value twice in one request is an error for both records. */
static GPtrArray *
upsert_values (JsonArray    *records,
               FcSimSfField *field,
               GHashTable   *seen)
{
  GPtrArray *values = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      JsonObject *record = _fc_sim_json_array_object (records, i);
      char *text = record != NULL ? member_text (record, field->name) : NULL;

      g_ptr_array_add (values, text);
      if (text != NULL)
        {
          g_autofree char *folded = g_utf8_casefold (text, -1);
          guint count = GPOINTER_TO_UINT (g_hash_table_lookup (seen, folded));

          g_hash_table_replace (seen, g_steal_pointer (&folded), GUINT_TO_POINTER (count + 1));
        }
    }

  return values;
}

static FcSimSfError *
ambiguous_error (FcSimSfObject *object,
                 FcSimSfField  *field,
                 GPtrArray     *matches)
{
  g_autoptr (GString) ids = g_string_new (NULL);

  for (guint m = 0; m < matches->len; m++)
    {
      g_autofree char *id = _fc_sim_sf_record_id (object, g_ptr_array_index (matches, m));

      g_string_append_printf (ids, "%s%s", m > 0 ? ", " : "", id);
    }

  return _fc_sim_sf_error_new ("DUPLICATE_EXTERNAL_ID", no_fields (),
                               "%s: more than one record found for external id field: [%s]",
                               field->name, ids->str);
}

/* Finds the record an upsert updates (none: it creates one), or sets the outcome's error */
static void
resolve_upsert (Outcome       *outcome,
                FcSimSfObject *object,
                FcSimSfField  *field,
                const char    *value,
                GHashTable    *seen)
{
  gboolean by_id = g_str_equal (field->name, "Id");
  g_autofree char *folded = value != NULL ? g_utf8_casefold (value, -1) : NULL;
  g_autoptr (GPtrArray) matches = NULL;

  outcome->upsert = TRUE;
  if (outcome->error != NULL)
    return;

  if (outcome->object != object)
    outcome->error = _fc_sim_sf_error_new ("INVALID_TYPE", no_fields (),
                                           "Records of this request must be %s records",
                                           object->name);
  else if (value == NULL && !by_id)
    outcome->error = _fc_sim_sf_error_new ("MISSING_ARGUMENT", no_fields (), "%s not specified",
                                           field->name);
  else if (value != NULL && GPOINTER_TO_UINT (g_hash_table_lookup (seen, folded)) > 1)
    outcome->error = _fc_sim_sf_error_new ("DUPLICATE_EXTERNAL_ID", no_fields (),
                                           "Duplicate external id specified: %s", value);
  if (outcome->error != NULL || value == NULL)
    return;

  matches = _fc_sim_sf_find_by_field (object, field, value);
  if (matches->len > 1)
    outcome->error = ambiguous_error (object, field, matches);
  else if (matches->len == 1)
    outcome->record = g_ptr_array_index (matches, 0);
  else if (by_id)
    outcome->error = _fc_sim_sf_error_new ("INVALID_CROSS_REFERENCE_KEY", no_fields (),
                                           "invalid cross reference id");
}

/* PATCH /composite/sobjects/{Type}/{Field}: upsert by an external id (or Id) */
static void
handle_upsert (FcSimRequest *req)
{
  FcSimSalesforce *sf = get_sf (req);
  FcSimSfObject *object = _fc_sim_sf_find_object (sf, req->route->data);
  const char *name = _fc_sim_request_get_param (req, "field");
  FcSimSfField *field = _fc_sim_sf_find_field (object, name);
  JsonObject *body = _fc_sim_sf_body_object (req);
  g_autoptr (GPtrArray) outcomes = g_ptr_array_new_with_free_func (outcome_free);
  g_autoptr (GHashTable) unique = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GPtrArray) values = NULL;
  gboolean all_or_none;
  JsonArray *records;

  if (body == NULL)
    return;
  if (field == NULL || (!g_str_equal (field->name, "Id")
                        && (field->flags & FC_SIM_SF_EXTERNAL_ID) == 0))
    {
      g_autofree char *message = g_strdup_printf ("Field %s is not an External ID or indexed "
                                                  "field for %s", name, object->name);

      _fc_sim_sf_respond_error (req, 400, "INVALID_FIELD", message, NULL);
      return;
    }
  if ((records = body_records (req, body, &all_or_none)) == NULL)
    return;

  values = upsert_values (records, field, seen);
  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      Outcome *outcome = outcome_for (sf, records, i);

      g_ptr_array_add (outcomes, outcome);
      resolve_upsert (outcome, object, field, g_ptr_array_index (values, i), seen);
      outcome->created = outcome->error == NULL && outcome->record == NULL;
      process (sf, outcome, all_or_none, unique);
    }

  finish (req, outcomes, all_or_none);
}

/* The members of the array @name in @body, "" for those that are not strings */
static char **
string_array (JsonObject *body,
              const char *name)
{
  JsonArray *array = _fc_sim_json_array (body, name);
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      const char *text = _fc_sim_json_array_string (array, i);

      g_strv_builder_add (builder, text != NULL ? text : "");
    }

  return g_strv_builder_end (builder);
}

/* GET ?ids=&fields= or POST {"ids":[...],"fields":[...]} on /composite/sobjects/{Type} */
static void
handle_retrieve (FcSimRequest *req)
{
  FcSimSalesforce *sf = get_sf (req);
  FcSimSfObject *object = _fc_sim_sf_find_object (sf, req->route->data);
  g_autoptr (GPtrArray) fields = NULL;
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autofree char *fields_text = NULL;
  g_autofree char *unknown = NULL;
  g_auto (GStrv) ids = NULL;

  if (g_str_equal (req->method, "POST"))
    {
      JsonObject *body = _fc_sim_sf_body_object (req);
      g_auto (GStrv) names = NULL;

      if (body == NULL)
        return;
      ids = string_array (body, "ids");
      names = string_array (body, "fields");
      if (json_object_has_member (body, "fields"))
        fields_text = g_strjoinv (",", names);
    }
  else
    {
      ids = _fc_sim_split_list (_fc_sim_request_get_query (req, "ids"));
      fields_text = g_strdup (_fc_sim_request_get_query (req, "fields"));
    }

  if (fields_text == NULL || fields_text[0] == '\0' || ids[0] == NULL)
    {
      _fc_sim_sf_respond_error (req, 400, "MISSING_ARGUMENT",
                                fields_text == NULL || fields_text[0] == '\0'
                                ? "The fields parameter is required"
                                : "The ids parameter is required", NULL);
      return;
    }
  if (g_strv_length (ids) > FC_SIM_SF_RETRIEVE_MAX)
    {
      _fc_sim_sf_respond_error (req, 400, "EXCEEDED_ID_LIMIT",
                                "record limit reached. cannot submit more than 2000 records into "
                                "this call", NULL);
      return;
    }
  fields = _fc_sim_sf_parse_field_list (object, fields_text, &unknown);
  if (fields == NULL)
    {
      g_autofree char *message = g_strdup_printf ("No such column '%s' on entity '%s'. If you "
                                                  "are attempting to use a custom field, be sure "
                                                  "to append the '__c' after the custom field "
                                                  "name. Please reference your WSDL or the "
                                                  "describe call for the appropriate names.",
                                                  unknown, object->name);

      _fc_sim_sf_respond_error (req, 400, "INVALID_FIELD", message, NULL);
      return;
    }

  json_builder_begin_array (builder);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      FcSimRecord *record = _fc_sim_sf_lookup (object, ids[i]);

      if (record == NULL || record->deleted_ms != 0)
        json_builder_add_null_value (builder);
      else
        json_builder_add_value (builder,
                                _fc_sim_sf_record_to_json (sf, object, record, fields,
                                                           _fc_sim_sf_version (req)));
    }
  json_builder_end_array (builder);
  _fc_sim_respond_builder (req, 200, builder);
}

/* DELETE /composite/sobjects?ids=..&allOrNone= */
static void
handle_delete (FcSimRequest *req)
{
  FcSimSalesforce *sf = get_sf (req);
  g_auto (GStrv) ids = _fc_sim_split_list (_fc_sim_request_get_query (req, "ids"));
  gboolean all_or_none = g_strcmp0 (_fc_sim_request_get_query (req, "allOrNone"), "true") == 0;
  g_autoptr (GPtrArray) outcomes = g_ptr_array_new_with_free_func (outcome_free);

  if (ids[0] == NULL)
    {
      _fc_sim_sf_respond_error (req, 400, "MISSING_ARGUMENT", "The ids parameter is required",
                                NULL);
      return;
    }
  if (g_strv_length (ids) > FC_SIM_SF_COLLECTION_MAX)
    {
      _fc_sim_sf_respond_error (req, 400, "EXCEEDED_ID_LIMIT",
                                "record limit reached. cannot submit more than 200 records into "
                                "this call", NULL);
      return;
    }

  for (guint i = 0; ids[i] != NULL; i++)
    {
      Outcome *outcome = g_new0 (Outcome, 1);

      g_ptr_array_add (outcomes, outcome);
      outcome->delete = TRUE;
      outcome->record = existing_record (sf, NULL, ids[i], &outcome->object, &outcome->error);
      process (sf, outcome, all_or_none, NULL);
    }

  finish (req, outcomes, all_or_none);
}

void
_fc_sim_sf_register_collection_routes (FcSimSalesforce *sf)
{
  FcSim *sim = sf->provider->sim;
  const char *pattern = "/services/data/{version}/composite/sobjects";
  const char *counter = "/services/data/vXX.X/composite/sobjects";

  _fc_sim_add_route (sim, sf->provider, FC_SIM_SF_INSTANCE_MOUNT, "POST", pattern, counter,
                     FC_SIM_ROUTE_API, 1, handle_create, NULL);
  _fc_sim_add_route (sim, sf->provider, FC_SIM_SF_INSTANCE_MOUNT, "PATCH", pattern, counter,
                     FC_SIM_ROUTE_API, 1, handle_update, NULL);
  _fc_sim_add_route (sim, sf->provider, FC_SIM_SF_INSTANCE_MOUNT, "DELETE", pattern, counter,
                     FC_SIM_ROUTE_API, 1, handle_delete, NULL);

  for (guint i = 0; i < FC_SIM_SF_N_OBJECTS; i++)
    {
      const char *name = sf->objects[i]->name;
      g_autofree char *type_pattern = g_strdup_printf ("%s/%s", pattern, name);
      g_autofree char *type_counter = g_strdup_printf ("%s/%s", counter, name);
      g_autofree char *upsert_pattern = g_strconcat (type_pattern, "/{field}", NULL);
      g_autofree char *upsert_counter = g_strconcat (type_counter, "/{field}", NULL);

      _fc_sim_add_route (sim, sf->provider, FC_SIM_SF_INSTANCE_MOUNT, "GET", type_pattern,
                         type_counter, FC_SIM_ROUTE_API, 1, handle_retrieve, name);
      _fc_sim_add_route (sim, sf->provider, FC_SIM_SF_INSTANCE_MOUNT, "POST", type_pattern,
                         type_counter, FC_SIM_ROUTE_API, 1, handle_retrieve, name);
      _fc_sim_add_route (sim, sf->provider, FC_SIM_SF_INSTANCE_MOUNT, "PATCH", upsert_pattern,
                         upsert_counter, FC_SIM_ROUTE_API, 1, handle_upsert, name);
    }
}
