/* fc-sim-jobber-control.c: the control API's hooks for Jobber: records seeded, edited and
 * deleted as a user of Jobber's UI would, synthetic records, and the app's connection
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-sim-jobber"

#include "config.h"

#include <string.h>

#include "fc-sim-jobber-private.h"

/* Members of control bodies that no API input has: they seed history and UI-only states */
static const char * const history_members[] = {
  "createdAt", "updatedAt", "isLead", "isArchived", "jobStatus", "completedAt", "quoteStatus",
  "sentAt", NULL
};

static const FcSimJobberObject *
control_object (const char  *name,
                GError     **error)
{
  const FcSimJobberObject *object = _fc_sim_jobber_find_object (name);

  if (object == NULL)
    g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_NOT_FOUND,
                 "Jobber has no object “%s”; use clients, properties, jobs or quotes",
                 name != NULL ? name : "");
  return object;
}

/* Control paths take the EncodedId (percent-encoded) or the plain number */
static FcSimRecord *
control_lookup (FcSimJobber              *jb,
                const FcSimJobberObject  *object,
                const char               *id,
                gboolean                  deleted,
                GError                  **error)
{
  FcSimRecord *record = NULL;
  gint64 number = 0;

  if (_fc_sim_jobber_decode_id (id, object->type, &number) || _fc_sim_str_to_int64 (id, &number))
    record = _fc_sim_collection_lookup (jb->objects[object->id], number);
  if (record != NULL && (deleted || record->deleted_ms == 0))
    return record;

  g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_NOT_FOUND, "Jobber has no %s with id “%s”",
               object->type, id != NULL ? id : "");
  return NULL;
}

static gboolean
check_user_errors (JsonArray  *errors,
                   GError    **error)
{
  GString *text;

  if (json_array_get_length (errors) == 0)
    return TRUE;

  text = g_string_new ("userErrors:");
  for (guint i = 0; i < json_array_get_length (errors); i++)
    {
      JsonObject *entry = _fc_sim_json_array_object (errors, i);
      JsonArray *path = _fc_sim_json_array (entry, "path");

      g_string_append_printf (text, "%s %s (", i > 0 ? ";" : "",
                              json_object_get_string_member (entry, "message"));
      for (guint j = 0; path != NULL && j < json_array_get_length (path); j++)
        g_string_append_printf (text, "%s%s", j > 0 ? "." : "",
                                _fc_sim_json_array_string (path, j));
      g_string_append_c (text, ')');
    }

  g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID, "%s", text->str);
  g_string_free (text, TRUE);
  return FALSE;
}

static JsonObject *
split_history (JsonObject *body,
               JsonObject *history)
{
  JsonObject *input = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  json_object_iter_init (&iter, body);
  while (json_object_iter_next (&iter, &name, &value))
    json_object_set_member (g_strv_contains (history_members, name) ? history : input, name,
                            json_node_copy (value));

  return input;
}

/* 0 when @name is absent, 1 with @ms set, -1 when it is not a date-time */
static int
read_time (JsonObject *history,
           const char *name,
           gint64     *ms)
{
  const char *text = json_object_get_string_member_with_default (history, name, NULL);

  if (!json_object_has_member (history, name))
    return 0;

  return text != NULL && _fc_sim_parse_iso (text, ms) ? 1 : -1;
}

static gboolean
check_history (FcSimJobber  *jb,
               JsonObject   *history,
               GError      **error)
{
  static const struct { const char *name; const char *type; } enums[] = {
    { "jobStatus", "JobStatusTypeEnum" }, { "quoteStatus", "QuoteStatusTypeEnum" },
  };
  static const char * const times[] = { "createdAt", "updatedAt", "completedAt", "sentAt" };
  static const char * const booleans[] = { "isLead", "isArchived" };
  gint64 ms;

  for (guint i = 0; i < G_N_ELEMENTS (enums); i++)
    {
      JsonNode *value = json_object_get_member (history, enums[i].name);

      if (value != NULL
          && !(JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING
               && _fc_sim_gql_schema_enum_has (jb->schema, enums[i].type,
                                               json_node_get_string (value))))
        {
          g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID, "%s must be a value of %s",
                       enums[i].name, enums[i].type);
          return FALSE;
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      if (read_time (history, times[i], &ms) < 0)
        {
          g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                       "%s must be an RFC 3339 date-time such as 2025-01-01T10:20:00Z", times[i]);
          return FALSE;
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (booleans); i++)
    {
      JsonNode *value = json_object_get_member (history, booleans[i]);

      if (value != NULL && !(JSON_NODE_HOLDS_VALUE (value)
                             && json_node_get_value_type (value) == G_TYPE_BOOLEAN))
        {
          g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID, "%s must be true or false",
                       booleans[i]);
          return FALSE;
        }
    }

  return TRUE;
}

/* Applies checked history members; returns whether a field the API shows changed */
static gboolean
apply_history (FcSimJobber *jb,
               FcSimRecord *record,
               JsonObject  *history)
{
  static const char * const booleans[] = { "isLead", "isArchived", NULL };
  static const char * const times[] = { "completedAt", "sentAt", NULL };
  gint64 now = _fc_sim_now_ms (jb->provider->sim);
  gboolean changed = FALSE;
  const char *status;
  gint64 ms = 0;

  for (guint i = 0; booleans[i] != NULL; i++)
    {
      gboolean value;

      if (!json_object_has_member (history, booleans[i]))
        continue;
      value = json_object_get_boolean_member (history, booleans[i]);
      changed = changed || value != _fc_sim_jobber_bool (record, booleans[i]);
      json_object_set_boolean_member (record->fields, booleans[i], value);
    }
  for (guint i = 0; times[i] != NULL; i++)
    {
      if (read_time (history, times[i], &ms) > 0)
        {
          changed = changed || ms != _fc_sim_jobber_int (record, times[i]);
          json_object_set_int_member (record->fields, times[i], ms);
        }
    }

  status = json_object_get_string_member_with_default (history, "jobStatus", NULL);
  if (status != NULL)
    {
      changed = changed || g_strcmp0 (status, _fc_sim_jobber_string (record, "jobStatus")) != 0;
      json_object_set_string_member (record->fields, "jobStatus", status);
    }

  status = json_object_get_string_member_with_default (history, "quoteStatus", NULL);
  if (status != NULL && g_strcmp0 (status, _fc_sim_jobber_string (record, "quoteStatus")) != 0)
    {
      changed = TRUE;
      json_object_set_string_member (record->fields, "quoteStatus", status);
      json_object_set_int_member (record->fields, "transitionedAt", now);
      if (g_str_equal (status, "awaiting_response") && !json_object_has_member (history, "sentAt"))
        json_object_set_int_member (record->fields, "sentAt", now);
    }

  return changed;
}

static void
apply_dates (FcSimRecord *record,
             JsonObject  *history)
{
  gint64 ms = 0;

  if (read_time (history, "createdAt", &ms) > 0)
    record->created_ms = ms;
  if (read_time (history, "updatedAt", &ms) > 0)
    {
      record->updated_ms = ms;
      record->created_ms = MIN (record->created_ms, ms);
    }
}

/* Properties through the control API: {"clientId": ..., "address": {...}} */
static FcSimRecord *
create_property (FcSimJobber *jb,
                 JsonObject  *input,
                 FcSimSource  source,
                 GError     **error)
{
  const FcSimJobberObject *clients = _fc_sim_jobber_get_object (FC_SIM_JB_CLIENTS);
  const char *client_id = json_object_get_string_member_with_default (input, "clientId", NULL);
  g_autoptr (JsonArray) list = json_array_new ();
  g_autoptr (JsonArray) errors = json_array_new ();
  g_autoptr (GPtrArray) created = NULL;
  JsonObject *attributes = json_object_new ();
  FcSimRecord *client;

  client = control_lookup (jb, clients, client_id, FALSE, error);
  if (client == NULL)
    {
      g_prefix_error (error, "A property needs the clientId of a live client: ");
      json_object_unref (attributes);
      return NULL;
    }

  if (_fc_sim_json_object (input, "address") != NULL)
    json_object_set_object_member (attributes, "address",
                                   json_object_ref (_fc_sim_json_object (input, "address")));
  json_array_add_object_element (list, attributes);
  created = _fc_sim_jobber_properties_create (jb, client, list, source, errors);

  return g_ptr_array_index (created, 0);
}

static FcSimRecord *
create_from_input (FcSimJobber             *jb,
                   const FcSimJobberObject *object,
                   JsonObject              *input,
                   FcSimSource              source,
                   GError                 **error)
{
  g_autoptr (JsonArray) errors = json_array_new ();
  FcSimRecord *record = NULL;

  switch (object->id)
    {
    case FC_SIM_JB_CLIENTS:
      record = _fc_sim_jobber_client_create (jb, input, source, errors);
      break;
    case FC_SIM_JB_PROPERTIES:
      return create_property (jb, input, source, error);
    case FC_SIM_JB_JOBS:
      record = _fc_sim_jobber_job_create (jb, input, source, errors);
      break;
    case FC_SIM_JB_QUOTES:
    case FC_SIM_JB_N_OBJECTS:
    default:
      record = _fc_sim_jobber_quote_create (jb, input, source, errors);
      break;
    }

  return check_user_errors (errors, error) ? record : NULL;
}

/* Body: the API's create input (ClientCreateInput, JobCreateAttributes, QuoteCreateAttributes;
 * {clientId, address} for a property), plus history members. Returns the EncodedId. */
char *
_fc_sim_jobber_create_record (FcSimProvider  *provider,
                              const char     *name,
                              JsonObject     *body,
                              FcSimSource     source,
                              GError        **error)
{
  FcSimJobber *jb = provider->state;
  const FcSimJobberObject *object = control_object (name, error);
  g_autoptr (JsonObject) history = json_object_new ();
  g_autoptr (JsonObject) input = NULL;
  FcSimRecord *record;

  if (object == NULL)
    return NULL;

  input = split_history (body, history);
  if (!check_history (jb, history, error))
    return NULL;
  record = create_from_input (jb, object, input, source, error);
  if (record == NULL)
    return NULL;

  apply_history (jb, record, history);
  apply_dates (record, history);
  return fc_sim_jobber_encode_id (object->type, record->id);
}

static gboolean
edit_property (FcSimJobber *jb,
               FcSimRecord *property,
               JsonObject  *input,
               FcSimSource  source)
{
  JsonObject *address = _fc_sim_json_object (input, "address");
  gboolean changed = FALSE;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (address == NULL)
    return FALSE;

  json_object_iter_init (&iter, address);
  while (json_object_iter_next (&iter, &name, &value))
    {
      const char *text = JSON_NODE_HOLDS_VALUE (value) ? json_node_get_string (value) : NULL;

      changed = changed || g_strcmp0 (text, _fc_sim_jobber_string (property, name)) != 0;
      json_object_set_string_member (property->fields, name, text != NULL ? text : "");
    }
  if (changed)
    _fc_sim_jobber_touch (jb, FC_SIM_JB_PROPERTIES, property, "UPDATE", source);

  return changed;
}

static gboolean
edit_from_input (FcSimJobber             *jb,
                 const FcSimJobberObject *object,
                 FcSimRecord             *record,
                 JsonObject              *input,
                 FcSimSource              source,
                 GError                 **error)
{
  g_autoptr (JsonArray) errors = json_array_new ();

  if (json_object_get_size (input) == 0)
    return TRUE;

  switch (object->id)
    {
    case FC_SIM_JB_CLIENTS:
      _fc_sim_jobber_client_edit (jb, record, input, source, errors);
      break;
    case FC_SIM_JB_PROPERTIES:
      edit_property (jb, record, input, source);
      break;
    case FC_SIM_JB_JOBS:
      _fc_sim_jobber_job_edit (jb, record, input, source, errors);
      break;
    case FC_SIM_JB_QUOTES:
    case FC_SIM_JB_N_OBJECTS:
    default:
      _fc_sim_jobber_quote_edit (jb, record, input, source, errors);
      break;
    }

  return check_user_errors (errors, error);
}

/* Body: the API's edit input (ClientEditInput, JobEditInput, QuoteEditAttributes; {address}
 * for a property) plus history members such as quoteStatus. One webhook per edit. */
gboolean
_fc_sim_jobber_update_record (FcSimProvider  *provider,
                              const char     *name,
                              const char     *id,
                              JsonObject     *body,
                              FcSimSource     source,
                              GError        **error)
{
  FcSimJobber *jb = provider->state;
  const FcSimJobberObject *object = control_object (name, error);
  g_autoptr (JsonObject) history = json_object_new ();
  g_autoptr (JsonObject) input = NULL;
  g_autoptr (JsonNode) original = NULL;
  g_autoptr (JsonNode) snapshot = NULL;
  FcSimRecord *record = NULL;
  JsonObject *before;
  gboolean changed;

  if (object != NULL)
    record = control_lookup (jb, object, id, FALSE, error);
  if (record == NULL)
    return FALSE;

  input = split_history (body, history);
  if (!check_history (jb, history, error))
    return FALSE;
  original = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (original, record->fields);
  snapshot = _fc_sim_jobber_deep_copy (original);

  changed = apply_history (jb, record, history);
  before = record->fields;
  if (!edit_from_input (jb, object, record, input, source, error))
    {
      json_object_unref (record->fields);
      record->fields = json_object_ref (json_node_get_object (snapshot));
      return FALSE;
    }
  if (changed && record->fields == before)
    _fc_sim_jobber_touch (jb, object->id, record, "UPDATE", source);

  apply_dates (record, history);
  return TRUE;
}

gboolean
_fc_sim_jobber_delete_record (FcSimProvider  *provider,
                              const char     *name,
                              const char     *id,
                              FcSimSource     source,
                              GError        **error)
{
  FcSimJobber *jb = provider->state;
  const FcSimJobberObject *object = control_object (name, error);
  FcSimRecord *record = NULL;

  if (object != NULL)
    record = control_lookup (jb, object, id, FALSE, error);
  if (record == NULL)
    return FALSE;

  _fc_sim_jobber_destroy (jb, object->id, record, source);
  return TRUE;
}

JsonNode *
_fc_sim_jobber_get_record (FcSimProvider  *provider,
                           const char     *name,
                           const char     *id,
                           GError        **error)
{
  FcSimJobber *jb = provider->state;
  const FcSimJobberObject *object = control_object (name, error);
  FcSimRecord *record = NULL;

  if (object != NULL)
    record = control_lookup (jb, object, id, TRUE, error);

  return record != NULL ? _fc_sim_jobber_render (jb, object->id, record) : NULL;
}

JsonNode *
_fc_sim_jobber_list_records (FcSimProvider *provider,
                             const char    *name,
                             gboolean       include_deleted)
{
  FcSimJobber *jb = provider->state;
  const FcSimJobberObject *object = _fc_sim_jobber_find_object (name);
  JsonArray *array;
  JsonNode *node;

  if (object == NULL)
    return NULL;

  array = json_array_new ();
  for (guint i = 0; i < _fc_sim_collection_get_length (jb->objects[object->id]); i++)
    {
      FcSimRecord *record = _fc_sim_collection_get_nth (jb->objects[object->id], i);

      if (record->deleted_ms == 0 || include_deleted)
        json_array_add_element (array, _fc_sim_jobber_render (jb, object->id, record));
    }
  node = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (node, array);

  return node;
}

/* The app's connection: GET|POST /_control/app/jobber {"connected": false} */
static void
respond_app (FcSimRequest *req,
             FcSimJobber  *jb)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autofree char *account = fc_sim_jobber_encode_id ("Account", jb->account_id);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "connected");
  json_builder_add_boolean_value (builder, !jb->disconnected);
  json_builder_set_member_name (builder, "app_id");
  json_builder_add_string_value (builder, jb->app_id);
  json_builder_set_member_name (builder, "account_id");
  json_builder_add_string_value (builder, account);
  json_builder_end_object (builder);
  _fc_sim_respond_builder (req, 200, builder);
}

static void
handle_app (FcSimRequest *req)
{
  FcSimProvider *provider = _fc_sim_find_provider (req->sim, "jobber", NULL);
  FcSimJobber *jb = provider->state;
  g_autoptr (GError) error = NULL;
  gboolean connected;
  JsonNode *body;

  if (g_str_equal (req->method, "POST"))
    {
      body = _fc_sim_request_get_json (req, &error);
      if (body == NULL || !JSON_NODE_HOLDS_OBJECT (body)
          || !json_object_has_member (json_node_get_object (body), "connected"))
        {
          g_clear_error (&error);
          g_set_error (&error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                       "The body must say {\"connected\": true|false}");
          _fc_sim_respond_control_error (req, error);
          return;
        }
      connected = json_object_get_boolean_member_with_default (json_node_get_object (body),
                                                               "connected", TRUE);
      _fc_sim_jobber_set_disconnected (jb, !connected, FC_SIM_SOURCE_UI);
    }

  respond_app (req, jb);
}

void
_fc_sim_jobber_register_control_routes (FcSimJobber *jb)
{
  _fc_sim_add_route (jb->provider->sim, NULL, "_control", "GET", "/app/jobber", NULL,
                     FC_SIM_ROUTE_PUBLIC, 0, handle_app, NULL);
  _fc_sim_add_route (jb->provider->sim, NULL, "_control", "POST", "/app/jobber", NULL,
                     FC_SIM_ROUTE_PUBLIC, 0, handle_app, NULL);
}
