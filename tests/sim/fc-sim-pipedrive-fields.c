/* fc-sim-pipedrive-fields.c: Pipedrive field metadata (personFields, organizationFields,
 * dealFields) and custom fields with 40-character hash keys
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-sim-pipedrive"

#include "config.h"

#include <string.h>

#include "fc-sim-pipedrive-private.h"

#define LIMIT_DEFAULT 100
#define LIMIT_MAX 500

typedef struct
{
  const char *code;
  const char *name;
  const char *type;
  const char *options;   /* "id|Label;id|Label" */
  gboolean    optional;
} Builtin;

static const Builtin person_fields[] = {
  { "name", "Name", "varchar", NULL, FALSE },
  { "first_name", "First name", "varchar", NULL, FALSE },
  { "last_name", "Last name", "varchar", NULL, FALSE },
  { "owner_id", "Owner", "user", NULL, FALSE },
  { "org_id", "Organization", "org", NULL, FALSE },
  { "email", "Email", "varchar", NULL, FALSE },
  { "phone", "Phone", "phone", NULL, FALSE },
  { "label_ids", "Labels", "set", "1|Customer;2|Hot lead;3|Warm lead;4|Cold lead", FALSE },
  { "visible_to", "Visible to", "visible_to", NULL, FALSE },
  { "add_time", "Person created", "date", NULL, FALSE },
  { "update_time", "Update time", "date", NULL, FALSE },
  { "postal_address", "Postal address", "address", NULL, FALSE },
  { "notes", "Notes", "text", NULL, FALSE },
  { "birthday", "Birthday", "date", NULL, FALSE },
  { "job_title", "Job title", "varchar", NULL, FALSE },
  { "picture_id", "Profile picture", "picture", NULL, FALSE },
  { "marketing_status", "Marketing status", "enum",
    "no_consent|No consent;unsubscribed|Unsubscribed;subscribed|Subscribed;archived|Archived",
    TRUE },
};

static const Builtin organization_fields[] = {
  { "name", "Name", "varchar", NULL, FALSE },
  { "owner_id", "Owner", "user", NULL, FALSE },
  { "address", "Address", "address", NULL, FALSE },
  { "label_ids", "Labels", "set", "5|Customer;6|Hot lead;7|Warm lead;8|Cold lead", FALSE },
  { "visible_to", "Visible to", "visible_to", NULL, FALSE },
  { "add_time", "Organization created", "date", NULL, FALSE },
  { "update_time", "Update time", "date", NULL, FALSE },
  { "website", "Website", "varchar", NULL, FALSE },
  { "linkedin", "LinkedIn profile", "varchar", NULL, FALSE },
  { "industry", "Industry", "enum",
    "1|Accounting;2|Construction;3|Financial services;4|Real estate;5|Retail;6|Software", FALSE },
  { "annual_revenue", "Annual revenue", "monetary", NULL, FALSE },
  { "employee_count", "Number of employees", "int", NULL, FALSE },
};

static const Builtin deal_fields[] = {
  { "title", "Title", "varchar", NULL, FALSE },
  { "value", "Value", "monetary", NULL, FALSE },
  { "owner_id", "Owner", "user", NULL, FALSE },
  { "person_id", "Contact person", "people", NULL, FALSE },
  { "org_id", "Organization", "org", NULL, FALSE },
  { "pipeline_id", "Pipeline", "int", NULL, FALSE },
  { "stage_id", "Stage", "stage",
    "1|Qualified;2|Contact Made;3|Demo Scheduled;4|Proposal Made;5|Negotiations Started", FALSE },
  { "status", "Status", "status", "open|Open;won|Won;lost|Lost;deleted|Deleted", FALSE },
  { "probability", "Probability", "double", NULL, FALSE },
  { "expected_close_date", "Expected close date", "date", NULL, FALSE },
  { "lost_reason", "Lost reason", "varchar", NULL, FALSE },
  { "close_time", "Deal closed on", "date", NULL, FALSE },
  { "won_time", "Won time", "date", NULL, FALSE },
  { "lost_time", "Lost time", "date", NULL, FALSE },
  { "add_time", "Deal created", "date", NULL, FALSE },
  { "update_time", "Update time", "date", NULL, FALSE },
  { "visible_to", "Visible to", "visible_to", NULL, FALSE },
  { "label_ids", "Labels", "set", "9|Hot;10|Warm;11|Cold", FALSE },
};

static const struct
{
  const Builtin *list;
  guint          length;
} builtins[FC_SIM_PD_N_ENTITIES] = {
  { person_fields, G_N_ELEMENTS (person_fields) },
  { organization_fields, G_N_ELEMENTS (organization_fields) },
  { deal_fields, G_N_ELEMENTS (deal_fields) },
};

static const char * const address_subfields[] = {
  "value|Full address", "route|Street", "street_number|House number",
  "subpremise|Apartment/suite no", "locality|City", "sublocality|District",
  "admin_area_level_1|State/county", "admin_area_level_2|Region", "country|Country",
  "postal_code|ZIP/Postal code", NULL
};

static const char * const custom_types[] = {
  "varchar", "text", "double", "phone", "date", "daterange", "time", "timerange", "set", "enum",
  "varchar_auto", "address", "monetary", "org", "people", "user", NULL
};

static void
field_free (gpointer data)
{
  FcSimPipedriveField *field = data;

  g_free (field->key);
  g_free (field->name);
  g_free (field->field_type);
  g_clear_pointer (&field->options, json_array_unref);
  g_free (field);
}

void
_fc_sim_pipedrive_fields_init (FcSimPipedrive *pd)
{
  for (guint i = 0; i < FC_SIM_PD_N_ENTITIES; i++)
    pd->custom_fields[i] = g_ptr_array_new_with_free_func (field_free);
}

void
_fc_sim_pipedrive_fields_reset (FcSimPipedrive *pd)
{
  for (guint i = 0; i < FC_SIM_PD_N_ENTITIES; i++)
    g_ptr_array_set_size (pd->custom_fields[i], 0);
  pd->next_option_id = 1;
}

void
_fc_sim_pipedrive_fields_free (FcSimPipedrive *pd)
{
  for (guint i = 0; i < FC_SIM_PD_N_ENTITIES; i++)
    g_clear_pointer (&pd->custom_fields[i], g_ptr_array_unref);
}

FcSimPipedriveField *
_fc_sim_pipedrive_find_field (FcSimPipedrive             *pd,
                              const FcSimPipedriveEntity *entity,
                              const char                 *key)
{
  GPtrArray *fields = pd->custom_fields[entity->id];

  for (guint i = 0; key != NULL && i < fields->len; i++)
    {
      FcSimPipedriveField *field = g_ptr_array_index (fields, i);

      if (g_str_equal (field->key, key))
        return field;
    }

  return NULL;
}

static void
add_options (JsonBuilder *builder,
             const char  *options)
{
  g_auto (GStrv) pairs = g_strsplit (options, ";", -1);

  json_builder_begin_array (builder);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      g_auto (GStrv) parts = g_strsplit (pairs[i], "|", 2);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, parts[0]);
      json_builder_set_member_name (builder, "label");
      json_builder_add_string_value (builder, parts[1] != NULL ? parts[1] : parts[0]);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_subfields (JsonBuilder *builder,
               const char  *type)
{
  if (g_str_equal (type, "address"))
    {
      json_builder_begin_array (builder);
      for (guint i = 0; address_subfields[i] != NULL; i++)
        {
          g_auto (GStrv) parts = g_strsplit (address_subfields[i], "|", 2);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "field_code");
          json_builder_add_string_value (builder, parts[0]);
          json_builder_set_member_name (builder, "field_name");
          json_builder_add_string_value (builder, parts[1]);
          json_builder_set_member_name (builder, "field_type");
          json_builder_add_string_value (builder, "varchar");
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }
  else if (g_str_equal (type, "monetary"))
    {
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "field_code");
      json_builder_add_string_value (builder, "currency");
      json_builder_set_member_name (builder, "field_name");
      json_builder_add_string_value (builder, "Currency");
      json_builder_set_member_name (builder, "field_type");
      json_builder_add_string_value (builder, "varchar");
      json_builder_end_object (builder);
      json_builder_end_array (builder);
    }
  else
    {
      json_builder_add_null_value (builder);
    }
}

static JsonNode *
field_to_json (const char *code,
               const char *name,
               const char *type,
               const char *options_text,
               JsonArray  *options,
               gboolean    custom,
               gboolean    optional)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "field_name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "field_code");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "field_type");
  json_builder_add_string_value (builder, type);
  json_builder_set_member_name (builder, "options");
  if (options != NULL)
    {
      JsonNode *node = json_node_new (JSON_NODE_ARRAY);

      json_node_set_array (node, options);
      json_builder_add_value (builder, node);
    }
  else if (options_text != NULL)
    {
      add_options (builder, options_text);
    }
  else
    {
      json_builder_add_null_value (builder);
    }
  json_builder_set_member_name (builder, "subfields");
  add_subfields (builder, type);
  json_builder_set_member_name (builder, "is_custom_field");
  json_builder_add_boolean_value (builder, custom);
  json_builder_set_member_name (builder, "is_optional_response_field");
  json_builder_add_boolean_value (builder, optional);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static JsonNode *
custom_to_json (FcSimPipedriveField *field)
{
  return field_to_json (field->key, field->name, field->field_type, NULL, field->options, TRUE,
                        FALSE);
}

/* Creates a custom field from {field_name, field_type, options: [{label}]}. */
JsonNode *
_fc_sim_pipedrive_add_field (FcSimPipedrive              *pd,
                             const FcSimPipedriveEntity  *entity,
                             JsonObject                  *body,
                             GError                     **error)
{
  const char *name = json_object_get_string_member_with_default (body, "field_name", NULL);
  const char *type = json_object_get_string_member_with_default (body, "field_type", NULL);
  JsonArray *input = _fc_sim_json_array (body, "options");
  gboolean has_options = g_strcmp0 (type, "enum") == 0 || g_strcmp0 (type, "set") == 0;
  g_autoptr (JsonArray) options = NULL;
  FcSimPipedriveField *field;

  if (name == NULL || name[0] == '\0' || strlen (name) > 255)
    {
      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                   "Validation failed: field_name must be 1 to 255 characters");
      return NULL;
    }
  if (type == NULL || !g_strv_contains (custom_types, type))
    {
      g_autofree char *allowed = g_strjoinv (", ", (char **) custom_types);

      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                   "Validation failed: field_type must be one of %s", allowed);
      return NULL;
    }
  if (has_options && (input == NULL || json_array_get_length (input) == 0))
    {
      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                   "Validation failed: a %s field needs options: [{\"label\": ...}]", type);
      return NULL;
    }

  if (has_options)
    {
      options = json_array_new ();
      for (guint i = 0; i < json_array_get_length (input); i++)
        {
          JsonObject *given = _fc_sim_json_array_object (input, i);
          const char *label = given != NULL
                              ? json_object_get_string_member_with_default (given, "label", NULL)
                              : NULL;
          JsonObject *option;

          if (label == NULL)
            {
              g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                           "Validation failed: options[%u].label must be a string", i);
              return NULL;
            }
          option = json_object_new ();
          json_object_set_int_member (option, "id", pd->next_option_id++);
          json_object_set_string_member (option, "label", label);
          json_array_add_object_element (options, option);
        }
    }

  field = g_new0 (FcSimPipedriveField, 1);
  field->key = _fc_sim_random_hex (pd->provider->sim, 40);
  field->name = g_strdup (name);
  field->field_type = g_strdup (type);
  field->options = g_steal_pointer (&options);
  field->add_ms = _fc_sim_now_ms (pd->provider->sim);
  g_ptr_array_add (pd->custom_fields[entity->id], field);

  return custom_to_json (field);
}

static gboolean
has_option (FcSimPipedriveField *field,
            JsonNode            *node)
{
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;

  for (guint i = 0; i < json_array_get_length (field->options); i++)
    {
      JsonObject *option = _fc_sim_json_array_object (field->options, i);

      if (json_object_get_int_member (option, "id") == json_node_get_int (node))
        return TRUE;
    }

  return FALSE;
}

static gboolean
is_type (JsonNode *node,
         GType     type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

/* Checks a value written to a custom field; null clears any field. */
gboolean
_fc_sim_pipedrive_check_custom (FcSimPipedriveField  *field,
                                JsonNode             *value,
                                GError              **error)
{
  const char *type = field->field_type;
  gboolean number = is_type (value, G_TYPE_INT64) || is_type (value, G_TYPE_DOUBLE);
  const char *expected = NULL;

  if (JSON_NODE_HOLDS_NULL (value))
    return TRUE;

  if (g_str_equal (type, "double"))
    expected = number ? NULL : "a number";
  else if (g_str_equal (type, "monetary"))
    expected = number || JSON_NODE_HOLDS_OBJECT (value) ? NULL
                                                        : "a number or {value, currency}";
  else if (g_str_equal (type, "enum"))
    expected = has_option (field, value) ? NULL : "the id of one of its options";
  else if (g_str_equal (type, "set"))
    {
      JsonArray *array = JSON_NODE_HOLDS_ARRAY (value) ? json_node_get_array (value) : NULL;

      expected = array != NULL && json_array_get_length (array) > 0
                 ? NULL : "a non-empty array of option ids (null clears)";
      for (guint i = 0; expected == NULL && i < json_array_get_length (array); i++)
        expected = has_option (field, json_array_get_element (array, i))
                   ? NULL : "an array of ids of its options";
    }
  else if (g_str_equal (type, "org") || g_str_equal (type, "people") || g_str_equal (type, "user"))
    expected = is_type (value, G_TYPE_INT64) ? NULL : "an integer id";
  else if (g_str_equal (type, "address") || g_str_has_suffix (type, "range"))
    expected = is_type (value, G_TYPE_STRING) || JSON_NODE_HOLDS_OBJECT (value)
               ? NULL : "a string or an object";
  else
    expected = is_type (value, G_TYPE_STRING) ? NULL : "a string";

  if (expected != NULL)
    {
      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                   "Validation failed: custom field “%s” (%s, %s) expects %s", field->name,
                   field->key, type, expected);
      return FALSE;
    }

  return TRUE;
}

/* Endpoints */

static void
handle_list (FcSimRequest *req)
{
  FcSimPipedrive *pd = req->provider->state;
  const FcSimPipedriveEntity *entity = req->route->data;
  const char *cursor = _fc_sim_request_get_query (req, "cursor");
  GPtrArray *custom = pd->custom_fields[entity->id];
  guint n_builtin = builtins[entity->id].length;
  guint total = n_builtin + custom->len;
  g_autofree char *next = NULL;
  JsonArray *data;
  JsonNode *node;
  guint limit, offset = 0;

  if (!_fc_sim_request_query_uint (req, "limit", LIMIT_DEFAULT, &limit) || limit > LIMIT_MAX)
    {
      _fc_sim_pipedrive_respond (req, 400, "Validation failed: limit must be an integer from 1 "
                                 "to 500", NULL);
      return;
    }
  if (limit == 0)
    limit = LIMIT_DEFAULT;
  if (cursor != NULL)
    {
      g_autofree char *decoded = _fc_sim_base64url_decode (cursor);
      guint64 number;

      if (decoded == NULL || !g_str_has_prefix (decoded, "offset:")
          || !g_ascii_string_to_unsigned (decoded + 7, 10, 0, G_MAXUINT32, &number, NULL))
        {
          _fc_sim_pipedrive_respond (req, 400, "Validation failed: cursor is not valid", NULL);
          return;
        }
      offset = (guint) number;
    }

  data = json_array_new ();
  for (guint i = offset; i < total && i < offset + limit; i++)
    {
      if (i < n_builtin)
        {
          const Builtin *builtin = &builtins[entity->id].list[i];

          json_array_add_element (data, field_to_json (builtin->code, builtin->name,
                                                       builtin->type, builtin->options, NULL,
                                                       FALSE, builtin->optional));
        }
      else
        {
          json_array_add_element (data, custom_to_json (g_ptr_array_index (custom,
                                                                           i - n_builtin)));
        }
    }
  if (offset + limit < total)
    {
      g_autofree char *text = g_strdup_printf ("offset:%u", offset + limit);

      next = _fc_sim_base64url_encode (text);
    }

  node = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (node, data);
  _fc_sim_pipedrive_respond_data (req, 0, node, next);
}

static void
handle_get (FcSimRequest *req)
{
  FcSimPipedrive *pd = req->provider->state;
  const FcSimPipedriveEntity *entity = req->route->data;
  const char *code = _fc_sim_request_get_param (req, "field_code");
  FcSimPipedriveField *field = _fc_sim_pipedrive_find_field (pd, entity, code);

  for (guint i = 0; field == NULL && i < builtins[entity->id].length; i++)
    {
      const Builtin *builtin = &builtins[entity->id].list[i];

      if (g_str_equal (builtin->code, code))
        {
          _fc_sim_pipedrive_respond_data (req, 200,
                                          field_to_json (builtin->code, builtin->name,
                                                         builtin->type, builtin->options, NULL,
                                                         FALSE, builtin->optional),
                                          NULL);
          return;
        }
    }

  if (field == NULL)
    _fc_sim_pipedrive_respond (req, 404, "Field not found", NULL);
  else
    _fc_sim_pipedrive_respond_data (req, 200, custom_to_json (field), NULL);
}

static void
handle_create (FcSimRequest *req)
{
  FcSimPipedrive *pd = req->provider->state;
  const FcSimPipedriveEntity *entity = req->route->data;
  JsonObject *body = _fc_sim_pipedrive_body (req);
  g_autoptr (GError) error = NULL;
  JsonNode *field;

  if (body == NULL)
    return;

  field = _fc_sim_pipedrive_add_field (pd, entity, body, &error);
  if (field == NULL)
    _fc_sim_pipedrive_respond_gerror (req, error);
  else
    _fc_sim_pipedrive_respond_data (req, 200, field, NULL);
}

void
_fc_sim_pipedrive_register_field_routes (FcSimPipedrive *pd)
{
  FcSim *sim = pd->provider->sim;

  for (guint e = 0; e < FC_SIM_PD_N_ENTITIES; e++)
    {
      const FcSimPipedriveEntity *entity = _fc_sim_pipedrive_get_entity (e);
      g_autofree char *list = g_strdup_printf ("/api/v2/%s", entity->fields_path);
      g_autofree char *one = g_strdup_printf ("/api/v2/%s/{field_code}", entity->fields_path);

      _fc_sim_add_route (sim, pd->provider, "pipedrive", "GET", list, NULL, FC_SIM_ROUTE_API, 10,
                         handle_list, entity);
      _fc_sim_add_route (sim, pd->provider, "pipedrive", "POST", list, NULL, FC_SIM_ROUTE_API, 5,
                         handle_create, entity);
      _fc_sim_add_route (sim, pd->provider, "pipedrive", "GET", one, NULL, FC_SIM_ROUTE_API, 1,
                         handle_get, entity);
    }
}
