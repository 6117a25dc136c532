/* fc-sim-salesforce-describe.c: the sObject list, basic information and describe, with
 * If-Modified-Since
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-sim-salesforce"

#include "config.h"

#include "fc-sim-salesforce-private.h"

static const char *
soap_type (FcSimSfType type)
{
  switch (type)
    {
    case FC_SIM_SF_TYPE_ID:
    case FC_SIM_SF_TYPE_REFERENCE:
      return "tns:ID";
    case FC_SIM_SF_TYPE_DATETIME:
      return "xsd:dateTime";
    case FC_SIM_SF_TYPE_DATE:
      return "xsd:date";
    case FC_SIM_SF_TYPE_BOOLEAN:
      return "xsd:boolean";
    case FC_SIM_SF_TYPE_DOUBLE:
    case FC_SIM_SF_TYPE_CURRENCY:
    case FC_SIM_SF_TYPE_PERCENT:
      return "xsd:double";
    case FC_SIM_SF_TYPE_INT:
      return "xsd:int";
    case FC_SIM_SF_TYPE_ADDRESS:
      return "urn:address";
    case FC_SIM_SF_TYPE_STRING:
    case FC_SIM_SF_TYPE_EMAIL:
    case FC_SIM_SF_TYPE_PHONE:
    case FC_SIM_SF_TYPE_TEXTAREA:
    case FC_SIM_SF_TYPE_URL:
    case FC_SIM_SF_TYPE_PICKLIST:
    default:
      return "xsd:string";
    }
}

static gboolean
is_text (FcSimSfType type)
{
  return type == FC_SIM_SF_TYPE_STRING || type == FC_SIM_SF_TYPE_EMAIL
         || type == FC_SIM_SF_TYPE_PHONE || type == FC_SIM_SF_TYPE_TEXTAREA
         || type == FC_SIM_SF_TYPE_URL || type == FC_SIM_SF_TYPE_PICKLIST
         || type == FC_SIM_SF_TYPE_ID || type == FC_SIM_SF_TYPE_REFERENCE;
}

static void
add_bool (JsonBuilder *builder,
          const char  *name,
          gboolean     value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, value);
}

static void
add_string_or_null (JsonBuilder *builder,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_field_json (JsonBuilder  *builder,
                FcSimSfField *field)
{
  guint flags = field->flags;
  gboolean text = is_text (field->type);
  gboolean long_text = field->type == FC_SIM_SF_TYPE_TEXTAREA && field->length > 255;
  gboolean filterable = !long_text && field->type != FC_SIM_SF_TYPE_ADDRESS;
  gboolean number = field->type == FC_SIM_SF_TYPE_DOUBLE || field->type == FC_SIM_SF_TYPE_CURRENCY
                    || field->type == FC_SIM_SF_TYPE_PERCENT;

  json_builder_begin_object (builder);
  add_bool (builder, "aggregatable", filterable);
  add_bool (builder, "autoNumber", FALSE);
  add_int (builder, "byteLength", text ? field->length * 3 : 0);
  add_bool (builder, "calculated", (flags & FC_SIM_SF_CALCULATED) != 0);
  add_bool (builder, "caseSensitive", FALSE);
  add_string_or_null (builder, "compoundFieldName", field->compound);
  add_bool (builder, "createable", (flags & FC_SIM_SF_CREATEABLE) != 0);
  add_bool (builder, "custom", (flags & FC_SIM_SF_CUSTOM) != 0);
  json_builder_set_member_name (builder, "defaultValue");
  if (field->type == FC_SIM_SF_TYPE_BOOLEAN && (flags & FC_SIM_SF_SYSTEM) == 0)
    json_builder_add_boolean_value (builder, FALSE);
  else
    json_builder_add_null_value (builder);
  add_bool (builder, "defaultedOnCreate", (flags & FC_SIM_SF_DEFAULTED) != 0);
  add_int (builder, "digits", field->type == FC_SIM_SF_TYPE_INT ? field->precision : 0);
  add_bool (builder, "externalId", (flags & FC_SIM_SF_EXTERNAL_ID) != 0);
  add_bool (builder, "filterable", filterable);
  add_bool (builder, "groupable", filterable && !number);
  add_bool (builder, "idLookup", (flags & FC_SIM_SF_ID_LOOKUP) != 0);
  add_string_or_null (builder, "label", field->label);
  add_int (builder, "length", text ? field->length : 0);
  add_string_or_null (builder, "name", field->name);
  add_bool (builder, "nameField", (flags & FC_SIM_SF_NAME_FIELD) != 0);
  add_bool (builder, "nillable", (flags & FC_SIM_SF_NILLABLE) != 0);

  json_builder_set_member_name (builder, "picklistValues");
  json_builder_begin_array (builder);
  for (guint i = 0; field->picklist != NULL && field->picklist[i] != NULL; i++)
    {
      json_builder_begin_object (builder);
      add_bool (builder, "active", TRUE);
      add_bool (builder, "defaultValue", g_strcmp0 (field->default_value, field->picklist[i]) == 0);
      add_string_or_null (builder, "label", field->picklist[i]);
      add_string_or_null (builder, "validFor", NULL);
      add_string_or_null (builder, "value", field->picklist[i]);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  add_int (builder, "precision", number ? field->precision : 0);
  json_builder_set_member_name (builder, "referenceTo");
  json_builder_begin_array (builder);
  if (field->reference_to != NULL)
    json_builder_add_string_value (builder, field->reference_to);
  json_builder_end_array (builder);
  add_string_or_null (builder, "relationshipName", field->relationship);
  add_bool (builder, "restrictedPicklist", (flags & FC_SIM_SF_RESTRICTED) != 0);
  add_int (builder, "scale", number ? field->scale : 0);
  add_string_or_null (builder, "soapType", soap_type (field->type));
  add_bool (builder, "sortable", filterable);
  add_string_or_null (builder, "type", _fc_sim_sf_type_name (field->type));
  add_bool (builder, "unique", (flags & FC_SIM_SF_UNIQUE) != 0);
  add_bool (builder, "updateable", (flags & FC_SIM_SF_UPDATEABLE) != 0);
  json_builder_end_object (builder);
}

JsonNode *
_fc_sim_sf_field_to_json (FcSimSfField *field)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  add_field_json (builder, field);
  return json_builder_get_root (builder);
}

/* The flags and urls shared by the sObject list and describe */
static void
add_object_summary (JsonBuilder   *builder,
                    FcSimSfObject *object,
                    const char    *version)
{
  g_autofree char *base = g_strdup_printf ("/services/data/%s/sobjects/%s", version,
                                           object->name);
  g_autofree char *describe = g_strconcat (base, "/describe", NULL);
  g_autofree char *row = g_strconcat (base, "/{ID}", NULL);

  add_bool (builder, "activateable", FALSE);
  add_bool (builder, "createable", TRUE);
  add_bool (builder, "custom", FALSE);
  add_bool (builder, "customSetting", FALSE);
  add_bool (builder, "deletable", TRUE);
  add_bool (builder, "deprecatedAndHidden", FALSE);
  add_bool (builder, "feedEnabled", TRUE);
  add_bool (builder, "hasSubtypes", FALSE);
  add_bool (builder, "isSubtype", FALSE);
  add_string_or_null (builder, "keyPrefix", object->key_prefix);
  add_string_or_null (builder, "label", object->name);
  add_string_or_null (builder, "labelPlural", object->label_plural);
  add_bool (builder, "layoutable", TRUE);
  add_bool (builder, "mergeable", object->id != FC_SIM_SF_OPPORTUNITY);
  add_bool (builder, "mruEnabled", TRUE);
  add_string_or_null (builder, "name", object->name);
  add_bool (builder, "queryable", TRUE);
  add_bool (builder, "replicateable", TRUE);
  add_bool (builder, "retrieveable", TRUE);
  add_bool (builder, "searchable", TRUE);
  add_bool (builder, "triggerable", TRUE);
  add_bool (builder, "undeletable", TRUE);
  add_bool (builder, "updateable", TRUE);
  json_builder_set_member_name (builder, "urls");
  json_builder_begin_object (builder);
  add_string_or_null (builder, "rowTemplate", row);
  add_string_or_null (builder, "describe", describe);
  add_string_or_null (builder, "sobject", base);
  json_builder_end_object (builder);
}

static void
add_child_relationships (JsonBuilder     *builder,
                         FcSimSalesforce *sf,
                         FcSimSfObject   *parent)
{
  json_builder_set_member_name (builder, "childRelationships");
  json_builder_begin_array (builder);
  for (guint i = 0; i < FC_SIM_SF_N_OBJECTS; i++)
    {
      FcSimSfObject *child = sf->objects[i];

      for (guint f = 0; f < child->fields->len; f++)
        {
          FcSimSfField *field = g_ptr_array_index (child->fields, f);
          g_autofree char *relationship = NULL;

          if (g_strcmp0 (field->reference_to, parent->name) != 0)
            continue;
          relationship = child == parent ? g_strdup_printf ("Child%s", child->label_plural)
                                         : g_strdup (child->label_plural);
          json_builder_begin_object (builder);
          add_bool (builder, "cascadeDelete", FALSE);
          add_string_or_null (builder, "childSObject", child->name);
          add_bool (builder, "deprecatedAndHidden", FALSE);
          add_string_or_null (builder, "field", field->name);
          add_string_or_null (builder, "relationshipName", relationship);
          add_bool (builder, "restrictedDelete", FALSE);
          json_builder_end_object (builder);
        }
    }
  json_builder_end_array (builder);
}

static JsonNode *
describe_object (FcSimSalesforce *sf,
                 FcSimSfObject   *object,
                 const char      *version)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autofree char *layout = g_strdup_printf ("/services/data/%s/sobjects/%s/describe/layouts/"
                                             "012000000000000AAA", version, object->name);

  json_builder_begin_object (builder);
  add_object_summary (builder, object, version);
  add_child_relationships (builder, sf, object);
  json_builder_set_member_name (builder, "fields");
  json_builder_begin_array (builder);
  for (guint i = 0; i < object->fields->len; i++)
    add_field_json (builder, g_ptr_array_index (object->fields, i));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "recordTypeInfos");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  add_bool (builder, "active", TRUE);
  add_bool (builder, "available", TRUE);
  add_bool (builder, "defaultRecordTypeMapping", TRUE);
  add_string_or_null (builder, "developerName", "Master");
  add_bool (builder, "master", TRUE);
  add_string_or_null (builder, "name", "Master");
  add_string_or_null (builder, "recordTypeId", "012000000000000AAA");
  json_builder_set_member_name (builder, "urls");
  json_builder_begin_object (builder);
  add_string_or_null (builder, "layout", layout);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  add_string_or_null (builder, "sobjectDescribeOption", "FULL");
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Endpoints: the sObject list, basic information and describe */

static FcSimSalesforce *
get_sf (FcSimRequest *req)
{
  return req->provider->state;
}

/* TRUE after answering 304 when nothing changed since If-Modified-Since */
static gboolean
not_modified (FcSimRequest *req,
              gint64        changed_ms)
{
  const char *since = _fc_sim_request_get_header (req, "If-Modified-Since");
  g_autoptr (GDateTime) time = NULL;

  if (since == NULL)
    return FALSE;

  time = soup_date_time_new_from_http_string (since);
  if (time == NULL || changed_ms / 1000 > g_date_time_to_unix (time))
    return FALSE;

  _fc_sim_respond_empty (req, 304);
  return TRUE;
}

static void
handle_sobjects (FcSimRequest *req)
{
  FcSimSalesforce *sf = get_sf (req);
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  gint64 changed = 0;

  for (guint i = 0; i < FC_SIM_SF_N_OBJECTS; i++)
    changed = MAX (changed, sf->objects[i]->schema_ms);
  if (not_modified (req, changed))
    return;

  json_builder_begin_object (builder);
  add_string_or_null (builder, "encoding", "UTF-8");
  add_int (builder, "maxBatchSize", FC_SIM_SF_COLLECTION_MAX);
  json_builder_set_member_name (builder, "sobjects");
  json_builder_begin_array (builder);
  for (guint i = 0; i < FC_SIM_SF_N_OBJECTS; i++)
    {
      json_builder_begin_object (builder);
      add_object_summary (builder, sf->objects[i], _fc_sim_sf_version (req));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  _fc_sim_respond_builder (req, 200, builder);
}

static void
handle_sobject_info (FcSimRequest *req)
{
  FcSimSfObject *object = _fc_sim_sf_find_object (get_sf (req), req->route->data);
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "objectDescribe");
  json_builder_begin_object (builder);
  add_object_summary (builder, object, _fc_sim_sf_version (req));
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "recentItems");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  _fc_sim_respond_builder (req, 200, builder);
}

static void
handle_describe (FcSimRequest *req)
{
  FcSimSalesforce *sf = get_sf (req);
  FcSimSfObject *object = _fc_sim_sf_find_object (sf, req->route->data);

  if (not_modified (req, object->schema_ms))
    return;

  _fc_sim_respond_json (req, 200, describe_object (sf, object, _fc_sim_sf_version (req)));
}

void
_fc_sim_sf_register_schema_routes (FcSimSalesforce *sf)
{
  FcSim *sim = sf->provider->sim;

  _fc_sim_add_route (sim, sf->provider, FC_SIM_SF_INSTANCE_MOUNT, "GET",
                     "/services/data/{version}/sobjects", "/services/data/vXX.X/sobjects",
                     FC_SIM_ROUTE_API, 1, handle_sobjects, NULL);

  for (guint i = 0; i < FC_SIM_SF_N_OBJECTS; i++)
    {
      const char *name = sf->objects[i]->name;
      g_autofree char *info = g_strdup_printf ("/services/data/{version}/sobjects/%s", name);
      g_autofree char *describe = g_strconcat (info, "/describe", NULL);
      g_autofree char *info_counter = g_strdup_printf ("/services/data/vXX.X/sobjects/%s", name);
      g_autofree char *describe_counter = g_strconcat (info_counter, "/describe", NULL);

      _fc_sim_add_route (sim, sf->provider, FC_SIM_SF_INSTANCE_MOUNT, "GET", info, info_counter,
                         FC_SIM_ROUTE_API, 1, handle_sobject_info, name);
      _fc_sim_add_route (sim, sf->provider, FC_SIM_SF_INSTANCE_MOUNT, "GET", describe,
                         describe_counter, FC_SIM_ROUTE_API, 1, handle_describe, name);
    }
}
