/* fc-sim-pipedrive-shapes.c: the v2 shapes of persons, organizations and deals, and their
 * read, create, update and delete endpoints
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-sim-pipedrive"

#include "config.h"

#include <string.h>

#include "fc-sim-pipedrive-private.h"

static void
add_stored (JsonObject  *object,
            FcSimRecord *record,
            const char  *name,
            JsonNode    *fallback)
{
  JsonNode *value = json_object_get_member (record->fields, name);

  if (value != NULL)
    {
      json_object_set_member (object, name, json_node_copy (value));
      if (fallback != NULL)
        json_node_unref (fallback);
    }
  else
    {
      json_object_set_member (object, name, fallback != NULL ? fallback
                                                             : json_node_new (JSON_NODE_NULL));
    }
}

static JsonNode *
int_node (gint64 value)
{
  return json_node_init_int (json_node_alloc (), value);
}

static JsonNode *
string_node (const char *value)
{
  return json_node_init_string (json_node_alloc (), value);
}

static JsonNode *
empty_array (void)
{
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  json_node_take_array (node, json_array_new ());
  return node;
}

static void
add_name_parts (JsonObject  *object,
                FcSimRecord *record)
{
  const char *name = json_object_get_string_member_with_default (record->fields, "name", "");
  const char *space = strchr (name, ' ');
  g_autofree char *first = space != NULL ? g_strndup (name, space - name) : g_strdup (name);

  json_object_set_string_member (object, "first_name", first);
  if (space != NULL && space[1] != '\0')
    json_object_set_string_member (object, "last_name", space + 1);
  else
    json_object_set_null_member (object, "last_name");
}

static void
add_times (JsonObject  *object,
           FcSimRecord *record)
{
  g_autofree char *added = _fc_sim_format_iso_s (record->created_ms);
  g_autofree char *updated = _fc_sim_format_iso_s (record->updated_ms);

  json_object_set_string_member (object, "add_time", added);
  json_object_set_string_member (object, "update_time", updated);
}

static JsonObject *
custom_fields_object (FcSimPipedrive             *pd,
                      const FcSimPipedriveEntity *entity,
                      FcSimRecord                *record,
                      char                      **keys)
{
  JsonObject *stored = _fc_sim_json_object (record->fields, "custom_fields");
  JsonObject *custom = json_object_new ();
  GPtrArray *fields = pd->custom_fields[entity->id];

  for (guint i = 0; i < fields->len; i++)
    {
      FcSimPipedriveField *field = g_ptr_array_index (fields, i);
      JsonNode *value = stored != NULL ? json_object_get_member (stored, field->key) : NULL;

      if (keys != NULL && !g_strv_contains ((const char * const *) keys, field->key))
        continue;
      json_object_set_member (custom, field->key, value != NULL ? json_node_copy (value)
                                                                : json_node_new (JSON_NODE_NULL));
    }

  return custom;
}

static void
person_members (FcSimPipedrive *pd,
                JsonObject     *object,
                FcSimRecord    *record)
{
  add_stored (object, record, "name", NULL);
  add_name_parts (object, record);
  add_stored (object, record, "owner_id", int_node (pd->user_id));
  add_stored (object, record, "org_id", NULL);
  add_times (object, record);
  add_stored (object, record, "emails", empty_array ());
  add_stored (object, record, "phones", empty_array ());
  json_object_set_boolean_member (object, "is_deleted", record->deleted_ms != 0);
  add_stored (object, record, "visible_to", int_node (3));
  add_stored (object, record, "label_ids", empty_array ());
  add_stored (object, record, "picture_id", NULL);
  add_stored (object, record, "postal_address", NULL);
  add_stored (object, record, "notes", NULL);
  add_stored (object, record, "im", empty_array ());
  add_stored (object, record, "birthday", NULL);
  add_stored (object, record, "job_title", NULL);
}

static void
organization_members (FcSimPipedrive *pd,
                      JsonObject     *object,
                      FcSimRecord    *record)
{
  add_stored (object, record, "name", NULL);
  add_stored (object, record, "owner_id", int_node (pd->user_id));
  add_times (object, record);
  json_object_set_boolean_member (object, "is_deleted", record->deleted_ms != 0);
  add_stored (object, record, "visible_to", int_node (3));
  add_stored (object, record, "address", NULL);
  add_stored (object, record, "label_ids", empty_array ());
  add_stored (object, record, "website", NULL);
  add_stored (object, record, "linkedin", NULL);
  add_stored (object, record, "industry", NULL);
  add_stored (object, record, "annual_revenue", NULL);
  add_stored (object, record, "employee_count", NULL);
}

static void
deal_members (FcSimPipedrive *pd,
              JsonObject     *object,
              FcSimRecord    *record)
{
  add_stored (object, record, "title", NULL);
  json_object_set_int_member (object, "creator_user_id", pd->user_id);
  add_stored (object, record, "owner_id", int_node (pd->user_id));
  add_stored (object, record, "value", int_node (0));
  add_stored (object, record, "person_id", NULL);
  add_stored (object, record, "org_id", NULL);
  add_stored (object, record, "stage_id", int_node (1));
  add_stored (object, record, "pipeline_id", int_node (1));
  add_stored (object, record, "currency", string_node ("USD"));
  add_stored (object, record, "archive_time", NULL);
  add_times (object, record);
  add_stored (object, record, "stage_change_time", NULL);
  add_stored (object, record, "status", string_node ("open"));
  add_stored (object, record, "is_archived", json_node_init_boolean (json_node_alloc (), FALSE));
  json_object_set_boolean_member (object, "is_deleted", record->deleted_ms != 0);
  add_stored (object, record, "probability", NULL);
  add_stored (object, record, "lost_reason", NULL);
  add_stored (object, record, "visible_to", int_node (3));
  add_stored (object, record, "close_time", NULL);
  add_stored (object, record, "won_time", NULL);
  add_stored (object, record, "lost_time", NULL);
  add_stored (object, record, "expected_close_date", NULL);
  add_stored (object, record, "label_ids", empty_array ());
  add_stored (object, record, "origin", string_node ("ManuallyCreated"));
  json_object_set_null_member (object, "origin_id");
  add_stored (object, record, "channel", NULL);
  add_stored (object, record, "channel_id", NULL);
}

/* The v2 shape. @custom_keys limits custom_fields to these keys; NULL gives every one. */
JsonNode *
_fc_sim_pipedrive_to_json (FcSimPipedrive             *pd,
                           const FcSimPipedriveEntity *entity,
                           FcSimRecord                *record,
                           char                      **custom_keys)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_int_member (object, "id", record->id);
  switch (entity->id)
    {
    case FC_SIM_PD_PERSONS:
      person_members (pd, object, record);
      break;
    case FC_SIM_PD_ORGANIZATIONS:
      organization_members (pd, object, record);
      break;
    case FC_SIM_PD_DEALS:
    case FC_SIM_PD_N_ENTITIES:
    default:
      deal_members (pd, object, record);
      break;
    }
  json_object_set_object_member (object, "custom_fields",
                                 custom_fields_object (pd, entity, record, custom_keys));
  json_node_take_object (node, object);

  return node;
}

static FcSimPipedrive *
get_pd (FcSimRequest *req)
{
  return req->provider->state;
}

static char **
requested_custom_keys (FcSimRequest *req)
{
  const char *text = _fc_sim_request_get_query (req, "custom_fields");

  return text != NULL ? _fc_sim_split_list (text) : NULL;
}

static void
handle_get (FcSimRequest *req)
{
  FcSimPipedrive *pd = get_pd (req);
  const FcSimPipedriveEntity *entity = req->route->data;
  g_auto (GStrv) keys = requested_custom_keys (req);
  g_autoptr (GError) error = NULL;
  FcSimRecord *record;

  record = _fc_sim_pipedrive_lookup (pd, entity, _fc_sim_request_get_param (req, "id"), FALSE,
                                     &error);
  if (record == NULL)
    {
      _fc_sim_pipedrive_respond_gerror (req, error);
      return;
    }

  _fc_sim_pipedrive_respond_data (req, 200, _fc_sim_pipedrive_to_json (pd, entity, record, keys),
                                  NULL);
}

static void
handle_create (FcSimRequest *req)
{
  FcSimPipedrive *pd = get_pd (req);
  const FcSimPipedriveEntity *entity = req->route->data;
  JsonObject *body = _fc_sim_pipedrive_body (req);
  g_autoptr (GError) error = NULL;
  FcSimRecord *record;

  if (body == NULL)
    return;

  record = _fc_sim_pipedrive_create (pd, entity, body, FC_SIM_SOURCE_API, &error);
  if (record == NULL)
    {
      _fc_sim_pipedrive_respond_gerror (req, error);
      return;
    }

  _fc_sim_pipedrive_respond_data (req, 200, _fc_sim_pipedrive_to_json (pd, entity, record, NULL),
                                  NULL);
}

static void
handle_update (FcSimRequest *req)
{
  FcSimPipedrive *pd = get_pd (req);
  const FcSimPipedriveEntity *entity = req->route->data;
  JsonObject *body = _fc_sim_pipedrive_body (req);
  g_autoptr (GError) error = NULL;
  FcSimRecord *record;

  if (body == NULL)
    return;

  record = _fc_sim_pipedrive_lookup (pd, entity, _fc_sim_request_get_param (req, "id"), FALSE,
                                     &error);
  if (record == NULL
      || !_fc_sim_pipedrive_update (pd, entity, record, body, FC_SIM_SOURCE_API, &error))
    {
      _fc_sim_pipedrive_respond_gerror (req, error);
      return;
    }

  _fc_sim_pipedrive_respond_data (req, 200, _fc_sim_pipedrive_to_json (pd, entity, record, NULL),
                                  NULL);
}

static void
handle_delete (FcSimRequest *req)
{
  FcSimPipedrive *pd = get_pd (req);
  const FcSimPipedriveEntity *entity = req->route->data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  FcSimRecord *record;

  record = _fc_sim_pipedrive_lookup (pd, entity, _fc_sim_request_get_param (req, "id"), FALSE,
                                     &error);
  if (record == NULL)
    {
      _fc_sim_pipedrive_respond_gerror (req, error);
      return;
    }

  _fc_sim_pipedrive_delete (pd, entity, record, FC_SIM_SOURCE_API);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, record->id);
  json_builder_end_object (builder);
  _fc_sim_pipedrive_respond_data (req, 200, json_builder_get_root (builder), NULL);
}

void
_fc_sim_pipedrive_register_object_routes (FcSimPipedrive *pd)
{
  static const struct
  {
    const char      *method;
    const char      *suffix;
    guint            cost;
    FcSimRouteFlags  extra;
    FcSimHandler     handler;
  } routes[] = {
    { "GET", "/search", 20, FC_SIM_ROUTE_SEARCH, _fc_sim_pipedrive_handle_search },
    { "GET", "", 10, 0, _fc_sim_pipedrive_handle_list },
    { "POST", "", 5, 0, handle_create },
    { "GET", "/{id}", 1, 0, handle_get },
    { "PATCH", "/{id}", 5, 0, handle_update },
    { "DELETE", "/{id}", 3, 0, handle_delete },
  };
  FcSim *sim = pd->provider->sim;

  _fc_sim_add_route (sim, pd->provider, "pipedrive", "GET", "/api/v2/deals/archived", NULL,
                     FC_SIM_ROUTE_API, 10, _fc_sim_pipedrive_handle_list,
                     _fc_sim_pipedrive_get_entity (FC_SIM_PD_DEALS));

  for (guint e = 0; e < FC_SIM_PD_N_ENTITIES; e++)
    {
      const FcSimPipedriveEntity *entity = _fc_sim_pipedrive_get_entity (e);

      for (guint r = 0; r < G_N_ELEMENTS (routes); r++)
        {
          g_autofree char *pattern = g_strdup_printf ("/api/v2/%s%s", entity->name,
                                                      routes[r].suffix);

          _fc_sim_add_route (sim, pd->provider, "pipedrive", routes[r].method, pattern, NULL,
                             FC_SIM_ROUTE_API | routes[r].extra, routes[r].cost,
                             routes[r].handler, entity);
        }
    }
}
