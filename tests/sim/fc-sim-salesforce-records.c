/* fc-sim-salesforce-records.c: sObject rows: create, read, update, delete, and read, upsert
 * and delete by external id
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-sim-salesforce"

#include "config.h"

#include "fc-sim-salesforce-private.h"
#include "fc-sim-soql.h"

#define NOT_FOUND_MESSAGE "The requested resource does not exist"

static FcSimSalesforce *
get_sf (FcSimRequest *req)
{
  return req->provider->state;
}

static FcSimSfObject *
route_object (FcSimRequest *req)
{
  return _fc_sim_sf_find_object (get_sf (req), req->route->data);
}

static void
respond_write_error (FcSimRequest *req,
                     FcSimSfError *error)
{
  _fc_sim_sf_respond_error (req, 400, error->code, error->message, error->fields);
}

static void
respond_saved (FcSimRequest  *req,
               FcSimSfObject *object,
               FcSimRecord   *record,
               gboolean       upsert)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autofree char *id = _fc_sim_sf_record_id (object, record);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  json_builder_set_member_name (builder, "success");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_set_member_name (builder, "errors");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  if (upsert)
    {
      json_builder_set_member_name (builder, "created");
      json_builder_add_boolean_value (builder, TRUE);
    }
  json_builder_end_object (builder);
  _fc_sim_respond_builder (req, 201, builder);
}

/* The record named by the {id} segment; answers 404 and returns NULL when there is none.
 * Deleted records count as missing for reads and as ENTITY_IS_DELETED for writes. */
static FcSimRecord *
path_record (FcSimRequest  *req,
             FcSimSfObject *object,
             gboolean       write)
{
  const char *id = _fc_sim_request_get_param (req, "id");
  g_autofree char *normalized = _fc_sim_soql_normalize_id (id);
  g_autofree char *message = NULL;
  FcSimRecord *record;

  if (normalized == NULL)
    {
      message = g_strdup_printf ("Provided external ID field does not exist or is not "
                                 "accessible: %s", id);
      _fc_sim_sf_respond_error (req, 404, "NOT_FOUND", message, NULL);
      return NULL;
    }

  record = _fc_sim_sf_lookup (object, id);
  if (record != NULL && record->deleted_ms != 0 && write)
    {
      _fc_sim_sf_respond_error (req, 404, "ENTITY_IS_DELETED", "entity is deleted", NULL);
      return NULL;
    }
  if (record == NULL || record->deleted_ms != 0)
    {
      _fc_sim_sf_respond_error (req, 404, "NOT_FOUND", NOT_FOUND_MESSAGE, NULL);
      return NULL;
    }

  return record;
}

/* ?fields=A,B, or every field; NULL after answering 400 INVALID_FIELD */
static gboolean
query_fields (FcSimRequest   *req,
              FcSimSfObject  *object,
              GPtrArray     **fields)
{
  const char *list = _fc_sim_request_get_query (req, "fields");
  g_autofree char *unknown = NULL;
  g_autofree char *message = NULL;

  *fields = NULL;
  if (list == NULL)
    return TRUE;

  *fields = _fc_sim_sf_parse_field_list (object, list, &unknown);
  if (*fields != NULL)
    return TRUE;

  message = g_strdup_printf ("No such column '%s' on entity '%s'. If you are attempting to use a "
                             "custom field, be sure to append the '__c' after the custom field "
                             "name. Please reference your WSDL or the describe call for the "
                             "appropriate names.", unknown, object->name);
  _fc_sim_sf_respond_error (req, 400, "INVALID_FIELD", message, NULL);
  return FALSE;
}

static void
handle_create (FcSimRequest *req)
{
  FcSimSalesforce *sf = get_sf (req);
  FcSimSfObject *object = route_object (req);
  JsonObject *body = _fc_sim_sf_body_object (req);
  g_autoptr (JsonObject) changes = NULL;
  g_autoptr (FcSimSfError) error = NULL;

  if (body == NULL)
    return;

  changes = _fc_sim_sf_prepare (sf, object, NULL, body, NULL, &error);
  if (changes == NULL)
    {
      respond_write_error (req, error);
      return;
    }

  respond_saved (req, object, _fc_sim_sf_apply (sf, object, NULL, changes), FALSE);
}

static void
handle_get (FcSimRequest *req)
{
  FcSimSfObject *object = route_object (req);
  g_autoptr (GPtrArray) fields = NULL;
  FcSimRecord *record;

  if (!query_fields (req, object, &fields))
    return;
  record = path_record (req, object, FALSE);
  if (record == NULL)
    return;

  _fc_sim_respond_json (req, 200, _fc_sim_sf_record_to_json (get_sf (req), object, record, fields,
                                                             _fc_sim_sf_version (req)));
}

static void
handle_update (FcSimRequest *req)
{
  FcSimSalesforce *sf = get_sf (req);
  FcSimSfObject *object = route_object (req);
  JsonObject *body = _fc_sim_sf_body_object (req);
  g_autoptr (JsonObject) changes = NULL;
  g_autoptr (FcSimSfError) error = NULL;
  FcSimRecord *record;

  if (body == NULL)
    return;
  record = path_record (req, object, TRUE);
  if (record == NULL)
    return;

  changes = _fc_sim_sf_prepare (sf, object, record, body, NULL, &error);
  if (changes == NULL)
    {
      respond_write_error (req, error);
      return;
    }

  _fc_sim_sf_apply (sf, object, record, changes);
  _fc_sim_respond_empty (req, 204);
}

static void
handle_delete (FcSimRequest *req)
{
  FcSimSfObject *object = route_object (req);
  FcSimRecord *record = path_record (req, object, TRUE);

  if (record == NULL)
    return;

  _fc_sim_sf_delete (get_sf (req), object, record);
  _fc_sim_respond_empty (req, 204);
}

/* By external id: /sobjects/{Type}/{Field}/{value} */

static FcSimSfField *
path_key_field (FcSimRequest  *req,
                FcSimSfObject *object)
{
  const char *name = _fc_sim_request_get_param (req, "field");
  FcSimSfField *field = _fc_sim_sf_find_field (object, name);
  g_autofree char *message = NULL;

  if (field == NULL)
    {
      message = g_strdup_printf ("Provided external ID field does not exist or is not "
                                 "accessible: %s", name);
      _fc_sim_sf_respond_error (req, 404, "NOT_FOUND", message, NULL);
      return NULL;
    }
  if (!g_str_equal (field->name, "Id") && (field->flags & FC_SIM_SF_EXTERNAL_ID) == 0)
    {
      message = g_strdup_printf ("Field %s is not an External ID or indexed field for %s",
                                 field->name, object->name);
      _fc_sim_sf_respond_error (req, 400, "INVALID_FIELD", message, NULL);
      return NULL;
    }

  return field;
}

/* 300 Multiple Choices: the URLs of the records that share the value */
static void
respond_multiple (FcSimRequest  *req,
                  FcSimSfObject *object,
                  GPtrArray     *matches)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < matches->len; i++)
    {
      g_autofree char *id = _fc_sim_sf_record_id (object, g_ptr_array_index (matches, i));
      g_autofree char *url = g_strdup_printf ("/services/data/%s/sobjects/%s/%s",
                                              _fc_sim_sf_version (req), object->name, id);

      json_builder_add_string_value (builder, url);
    }
  json_builder_end_array (builder);
  _fc_sim_respond_builder (req, 300, builder);
}

/* Finds the one record with the path's key; answers 404 or 300 otherwise. */
static FcSimRecord *
key_record (FcSimRequest  *req,
            FcSimSfObject *object)
{
  FcSimSfField *field = path_key_field (req, object);
  g_autoptr (GPtrArray) matches = NULL;

  if (field == NULL)
    return NULL;

  matches = _fc_sim_sf_find_by_field (object, field, _fc_sim_request_get_param (req, "value"));
  if (matches->len > 1)
    {
      respond_multiple (req, object, matches);
      return NULL;
    }
  if (matches->len == 0)
    {
      _fc_sim_sf_respond_error (req, 404, "NOT_FOUND", NOT_FOUND_MESSAGE, NULL);
      return NULL;
    }

  return g_ptr_array_index (matches, 0);
}

static void
handle_get_by_key (FcSimRequest *req)
{
  FcSimSfObject *object = route_object (req);
  g_autoptr (GPtrArray) fields = NULL;
  FcSimRecord *record;

  if (!query_fields (req, object, &fields))
    return;
  record = key_record (req, object);
  if (record == NULL)
    return;

  _fc_sim_respond_json (req, 200, _fc_sim_sf_record_to_json (get_sf (req), object, record, fields,
                                                             _fc_sim_sf_version (req)));
}

static void
handle_delete_by_key (FcSimRequest *req)
{
  FcSimSfObject *object = route_object (req);
  FcSimRecord *record = key_record (req, object);

  if (record == NULL)
    return;

  _fc_sim_sf_delete (get_sf (req), object, record);
  _fc_sim_respond_empty (req, 204);
}

/* Upsert: 201 with created:true for a new record, 204 for an update, 300 when the value
 * matches several records; ?updateOnly=true refuses to create. */
static void
handle_upsert (FcSimRequest *req)
{
  FcSimSalesforce *sf = get_sf (req);
  FcSimSfObject *object = route_object (req);
  JsonObject *body = _fc_sim_sf_body_object (req);
  const char *value = _fc_sim_request_get_param (req, "value");
  gboolean update_only = g_strcmp0 (_fc_sim_request_get_query (req, "updateOnly"), "true") == 0;
  g_autoptr (GPtrArray) matches = NULL;
  g_autoptr (JsonObject) create = NULL;
  g_autoptr (JsonObject) changes = NULL;
  g_autoptr (FcSimSfError) error = NULL;
  FcSimRecord *record = NULL;
  FcSimSfField *field;

  if (body == NULL)
    return;
  field = path_key_field (req, object);
  if (field == NULL)
    return;

  matches = _fc_sim_sf_find_by_field (object, field, value);
  if (matches->len > 1)
    {
      respond_multiple (req, object, matches);
      return;
    }
  if (matches->len == 1)
    record = g_ptr_array_index (matches, 0);
  else if (update_only || g_str_equal (field->name, "Id"))
    {
      _fc_sim_sf_respond_error (req, 404, "NOT_FOUND", NOT_FOUND_MESSAGE, NULL);
      return;
    }

  if (record == NULL)
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      create = json_object_new ();
      json_object_iter_init (&iter, body);
      while (json_object_iter_next (&iter, &name, &member))
        {
          if (_fc_sim_sf_find_field (object, name) != field)
            json_object_set_member (create, name, json_node_copy (member));
        }
      json_object_set_string_member (create, field->name, value);
    }

  changes = _fc_sim_sf_prepare (sf, object, record, record != NULL ? body : create, NULL, &error);
  if (changes == NULL)
    {
      respond_write_error (req, error);
      return;
    }

  if (record != NULL)
    {
      _fc_sim_sf_apply (sf, object, record, changes);
      _fc_sim_respond_empty (req, 204);
      return;
    }

  respond_saved (req, object, _fc_sim_sf_apply (sf, object, NULL, changes), TRUE);
}

void
_fc_sim_sf_register_record_routes (FcSimSalesforce *sf)
{
  FcSim *sim = sf->provider->sim;
  static const struct
  {
    const char   *method;
    const char   *suffix;
    FcSimHandler  handler;
  } routes[] = {
    { "POST", "", handle_create },
    { "GET", "/{id}", handle_get },
    { "PATCH", "/{id}", handle_update },
    { "DELETE", "/{id}", handle_delete },
    { "GET", "/{field}/{value}", handle_get_by_key },
    { "PATCH", "/{field}/{value}", handle_upsert },
    { "DELETE", "/{field}/{value}", handle_delete_by_key },
  };

  for (guint i = 0; i < FC_SIM_SF_N_OBJECTS; i++)
    {
      const char *name = sf->objects[i]->name;

      for (guint r = 0; r < G_N_ELEMENTS (routes); r++)
        {
          g_autofree char *pattern = g_strdup_printf ("/services/data/{version}/sobjects/%s%s",
                                                      name, routes[r].suffix);
          g_autofree char *counter = g_strdup_printf ("/services/data/vXX.X/sobjects/%s%s",
                                                      name, routes[r].suffix);

          _fc_sim_add_route (sim, sf->provider, FC_SIM_SF_INSTANCE_MOUNT, routes[r].method,
                             pattern, counter, FC_SIM_ROUTE_API, 1, routes[r].handler, name);
        }
    }
}
