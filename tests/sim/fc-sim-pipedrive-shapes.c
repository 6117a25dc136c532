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

/* The v2 shapes, member by member in the order Pipedrive writes them. Stored members fall back
 * to a JSON text when the record has no value. */
typedef enum
{
  SHAPE_END,
  SHAPE_STORED,      /* the stored value, else the fallback (NULL: null) */
  SHAPE_OWNER,       /* owner_id: stored, else the account's user */
  SHAPE_CREATOR,     /* creator_user_id: the account's user */
  SHAPE_NAME_PARTS,  /* first_name and last_name, split from name */
  SHAPE_TIMES,       /* add_time and update_time */
  SHAPE_IS_DELETED,
  SHAPE_NULL,        /* always null */
} ShapeKind;

typedef struct
{
  ShapeKind   kind;
  const char *name;
  const char *fallback;
} ShapeMember;

static const ShapeMember person_shape[] = {
  { SHAPE_STORED, "name", NULL },
  { SHAPE_NAME_PARTS, NULL, NULL },
  { SHAPE_OWNER, "owner_id", NULL },
  { SHAPE_STORED, "org_id", NULL },
  { SHAPE_TIMES, NULL, NULL },
  { SHAPE_STORED, "emails", "[]" },
  { SHAPE_STORED, "phones", "[]" },
  { SHAPE_IS_DELETED, "is_deleted", NULL },
  { SHAPE_STORED, "visible_to", "3" },
  { SHAPE_STORED, "label_ids", "[]" },
  { SHAPE_STORED, "picture_id", NULL },
  { SHAPE_STORED, "postal_address", NULL },
  { SHAPE_STORED, "notes", NULL },
  { SHAPE_STORED, "im", "[]" },
  { SHAPE_STORED, "birthday", NULL },
  { SHAPE_STORED, "job_title", NULL },
  { SHAPE_END, NULL, NULL },
};

static const ShapeMember organization_shape[] = {
  { SHAPE_STORED, "name", NULL },
  { SHAPE_OWNER, "owner_id", NULL },
  { SHAPE_TIMES, NULL, NULL },
  { SHAPE_IS_DELETED, "is_deleted", NULL },
  { SHAPE_STORED, "visible_to", "3" },
  { SHAPE_STORED, "address", NULL },
  { SHAPE_STORED, "label_ids", "[]" },
  { SHAPE_STORED, "website", NULL },
  { SHAPE_STORED, "linkedin", NULL },
  { SHAPE_STORED, "industry", NULL },
  { SHAPE_STORED, "annual_revenue", NULL },
  { SHAPE_STORED, "employee_count", NULL },
  { SHAPE_END, NULL, NULL },
};

static const ShapeMember deal_shape[] = {
  { SHAPE_STORED, "title", NULL },
  { SHAPE_CREATOR, "creator_user_id", NULL },
  { SHAPE_OWNER, "owner_id", NULL },
  { SHAPE_STORED, "value", "0" },
  { SHAPE_STORED, "person_id", NULL },
  { SHAPE_STORED, "org_id", NULL },
  { SHAPE_STORED, "stage_id", "1" },
  { SHAPE_STORED, "pipeline_id", "1" },
  { SHAPE_STORED, "currency", "\"USD\"" },
  { SHAPE_STORED, "archive_time", NULL },
  { SHAPE_TIMES, NULL, NULL },
  { SHAPE_STORED, "stage_change_time", NULL },
  { SHAPE_STORED, "status", "\"open\"" },
  { SHAPE_STORED, "is_archived", "false" },
  { SHAPE_IS_DELETED, "is_deleted", NULL },
  { SHAPE_STORED, "probability", NULL },
  { SHAPE_STORED, "lost_reason", NULL },
  { SHAPE_STORED, "visible_to", "3" },
  { SHAPE_STORED, "close_time", NULL },
  { SHAPE_STORED, "won_time", NULL },
  { SHAPE_STORED, "lost_time", NULL },
  { SHAPE_STORED, "expected_close_date", NULL },
  { SHAPE_STORED, "label_ids", "[]" },
  { SHAPE_STORED, "origin", "\"ManuallyCreated\"" },
  { SHAPE_NULL, "origin_id", NULL },
  { SHAPE_STORED, "channel", NULL },
  { SHAPE_STORED, "channel_id", NULL },
  { SHAPE_END, NULL, NULL },
};

static void
write_name_parts (FcSimJsonWriter *writer,
                  FcSimRecord     *record)
{
  const char *name = json_object_get_string_member_with_default (record->fields, "name", "");
  const char *space = strchr (name, ' ');

  _fc_sim_writer_name (writer, "first_name");
  _fc_sim_writer_string_len (writer, name, space != NULL ? (gsize) (space - name)
                                                         : strlen (name));
  _fc_sim_writer_name (writer, "last_name");
  _fc_sim_writer_string (writer, space != NULL && space[1] != '\0' ? space + 1 : NULL);
}

static void
write_member (FcSimJsonWriter   *writer,
              FcSimPipedrive    *pd,
              FcSimRecord       *record,
              const ShapeMember *member)
{
  JsonNode *stored;

  switch (member->kind)
    {
    case SHAPE_STORED:
    case SHAPE_OWNER:
      _fc_sim_writer_name (writer, member->name);
      stored = json_object_get_member (record->fields, member->name);
      if (stored != NULL)
        _fc_sim_writer_node (writer, stored);
      else if (member->kind == SHAPE_OWNER)
        _fc_sim_writer_int (writer, pd->user_id);
      else
        _fc_sim_writer_literal (writer, member->fallback != NULL ? member->fallback : "null");
      break;
    case SHAPE_CREATOR:
      _fc_sim_writer_name (writer, member->name);
      _fc_sim_writer_int (writer, pd->user_id);
      break;
    case SHAPE_NAME_PARTS:
      write_name_parts (writer, record);
      break;
    case SHAPE_TIMES:
      _fc_sim_writer_name (writer, "add_time");
      _fc_sim_writer_iso_s (writer, record->created_ms);
      _fc_sim_writer_name (writer, "update_time");
      _fc_sim_writer_iso_s (writer, record->updated_ms);
      break;
    case SHAPE_IS_DELETED:
      _fc_sim_writer_name (writer, member->name);
      _fc_sim_writer_boolean (writer, record->deleted_ms != 0);
      break;
    case SHAPE_NULL:
    case SHAPE_END:
    default:
      _fc_sim_writer_name (writer, member->name);
      _fc_sim_writer_null (writer);
      break;
    }
}

static void
write_custom_fields (FcSimJsonWriter            *writer,
                     FcSimPipedrive             *pd,
                     const FcSimPipedriveEntity *entity,
                     FcSimRecord                *record,
                     char                      **keys)
{
  JsonObject *stored = _fc_sim_json_object (record->fields, "custom_fields");
  GPtrArray *fields = pd->custom_fields[entity->id];

  _fc_sim_writer_name (writer, "custom_fields");
  _fc_sim_writer_begin_object (writer);
  for (guint i = 0; i < fields->len; i++)
    {
      FcSimPipedriveField *field = g_ptr_array_index (fields, i);
      JsonNode *value = stored != NULL ? json_object_get_member (stored, field->key) : NULL;

      if (keys != NULL && !g_strv_contains ((const char * const *) keys, field->key))
        continue;
      _fc_sim_writer_name (writer, field->key);
      if (value != NULL)
        _fc_sim_writer_node (writer, value);
      else
        _fc_sim_writer_null (writer);
    }
  _fc_sim_writer_end_object (writer);
}

/* The v2 shape. @custom_keys limits custom_fields to these keys; NULL gives every one. */
static void
write_object (FcSimJsonWriter            *writer,
              FcSimPipedrive             *pd,
              const FcSimPipedriveEntity *entity,
              FcSimRecord                *record,
              char                      **custom_keys)
{
  const ShapeMember *shape;

  switch (entity->id)
    {
    case FC_SIM_PD_PERSONS:
      shape = person_shape;
      break;
    case FC_SIM_PD_ORGANIZATIONS:
      shape = organization_shape;
      break;
    case FC_SIM_PD_DEALS:
    case FC_SIM_PD_N_ENTITIES:
    default:
      shape = deal_shape;
      break;
    }

  _fc_sim_writer_begin_object (writer);
  _fc_sim_writer_name (writer, "id");
  _fc_sim_writer_int (writer, record->id);
  for (const ShapeMember *member = shape; member->kind != SHAPE_END; member++)
    write_member (writer, pd, record, member);
  write_custom_fields (writer, pd, entity, record, custom_keys);
  _fc_sim_writer_end_object (writer);
}

/* The record as JSON text, for lists of hundreds of records a page: no tree per record */
void
_fc_sim_pipedrive_append_object (GString                    *out,
                                 FcSimPipedrive             *pd,
                                 const FcSimPipedriveEntity *entity,
                                 FcSimRecord                *record,
                                 char                      **custom_keys)
{
  FcSimJsonWriter writer;

  _fc_sim_writer_init_text (&writer, out);
  write_object (&writer, pd, entity, record, custom_keys);
}

/* The record as a tree, for single-record answers and webhook events */
JsonNode *
_fc_sim_pipedrive_to_json (FcSimPipedrive             *pd,
                           const FcSimPipedriveEntity *entity,
                           FcSimRecord                *record,
                           char                      **custom_keys)
{
  FcSimJsonWriter writer;

  _fc_sim_writer_init_tree (&writer);
  write_object (&writer, pd, entity, record, custom_keys);

  return _fc_sim_writer_end_tree (&writer);
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
