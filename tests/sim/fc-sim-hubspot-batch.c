/* fc-sim-hubspot-batch.c: HubSpot batch read, create, update, upsert and archive
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-sim-hubspot"

#include "config.h"

#include "fc-sim-hubspot-private.h"

#define BATCH_INPUTS_MAX 100
#define HISTORY_INPUTS_MAX 50

static FcSimHubSpot *
get_hs (FcSimRequest *req)
{
  return req->provider->state;
}

static JsonArray *
get_inputs (FcSimRequest *req,
            JsonObject   *body)
{
  JsonArray *inputs = _fc_sim_json_array (body, "inputs");
  g_autofree char *message = NULL;

  if (inputs == NULL)
    {
      _fc_sim_hubspot_respond (req, 400, "VALIDATION_ERROR", "inputs is required", NULL);
      return NULL;
    }
  if (json_array_get_length (inputs) > BATCH_INPUTS_MAX)
    {
      message = g_strdup_printf ("The maximum number of inputs supported in a batch request is "
                                 "%d", BATCH_INPUTS_MAX);
      _fc_sim_hubspot_respond (req, 400, "VALIDATION_ERROR", message, NULL);
      return NULL;
    }

  return inputs;
}

/* An id given as a string or a number */
char *
_fc_sim_hubspot_node_id (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));

  return NULL;
}

static char *
input_id (JsonObject *input)
{
  return _fc_sim_hubspot_node_id (input != NULL ? json_object_get_member (input, "id") : NULL);
}

static JsonObject *
error_item (const char *category,
            const char *message,
            GPtrArray  *ids)
{
  JsonObject *item = json_object_new ();

  json_object_set_string_member (item, "status", "error");
  json_object_set_string_member (item, "category", category);
  json_object_set_string_member (item, "message", message);
  if (ids != NULL && ids->len > 0)
    {
      JsonObject *context = json_object_new ();
      JsonArray *list = json_array_new ();

      for (guint i = 0; i < ids->len; i++)
        json_array_add_string_element (list, g_ptr_array_index (ids, i));
      json_object_set_array_member (context, "ids", list);
      json_object_set_object_member (item, "context", context);
    }

  return item;
}

/* Adds one object to @results, the comma-separated text of the results array */
static void
add_result (GString                *results,
            FcSimHubSpot           *hs,
            const FcSimHubSpotType *type,
            FcSimRecord            *record,
            char                  **wanted,
            gboolean                all)
{
  if (results->len > 0)
    g_string_append_c (results, ',');
  _fc_sim_hubspot_append_object (results, hs, type, record, wanted, all);
}

static void
respond_batch (FcSimRequest *req,
               guint         status,
               GString      *results,
               JsonArray    *errors,
               gint64        started_ms)
{
  GString *out = g_string_sized_new (results->len + 256);
  guint n_errors = errors != NULL ? json_array_get_length (errors) : 0;
  FcSimJsonWriter writer;

  _fc_sim_writer_init_text (&writer, out);
  _fc_sim_writer_begin_object (&writer);
  _fc_sim_writer_name (&writer, "status");
  _fc_sim_writer_string (&writer, "COMPLETE");
  _fc_sim_writer_name (&writer, "results");
  g_string_append_c (out, '[');
  g_string_append_len (out, results->str, results->len);
  g_string_append_c (out, ']');
  if (n_errors > 0)
    {
      g_autoptr (JsonNode) node = json_node_new (JSON_NODE_ARRAY);

      json_node_set_array (node, errors);
      _fc_sim_writer_name (&writer, "numErrors");
      _fc_sim_writer_int (&writer, n_errors);
      _fc_sim_writer_name (&writer, "errors");
      _fc_sim_writer_node (&writer, node);
    }
  _fc_sim_writer_name (&writer, "startedAt");
  _fc_sim_writer_iso_ms (&writer, started_ms);
  _fc_sim_writer_name (&writer, "completedAt");
  _fc_sim_writer_iso_ms (&writer, _fc_sim_now_ms (req->sim));
  _fc_sim_writer_end_object (&writer);

  _fc_sim_respond_json_text (req, n_errors > 0 ? 207 : status, out);
}

/* Validates every input's properties before writing any, as HubSpot rejects the whole batch.
 * Returns the valid values of each input (GHashTable), or NULL after answering. */
static GPtrArray *
validate_inputs (FcSimRequest *req,
                 JsonArray    *inputs)
{
  const FcSimHubSpotType *type = req->route->data;
  g_autoptr (GPtrArray) valid = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                                g_hash_table_unref);

  for (guint i = 0; i < json_array_get_length (inputs); i++)
    {
      JsonObject *input = _fc_sim_json_array_object (inputs, i);
      JsonObject *properties = input != NULL ? _fc_sim_json_object (input, "properties")
                                             : NULL;
      GHashTable *values;
      g_autoptr (GError) error = NULL;

      if (properties == NULL)
        {
          g_autofree char *message = g_strdup_printf ("inputs[%u].properties is required", i);

          _fc_sim_hubspot_respond (req, 400, "VALIDATION_ERROR", message, NULL);
          return NULL;
        }
      values = _fc_sim_hubspot_validate (get_hs (req), type, properties, &error);
      if (values == NULL)
        {
          _fc_sim_hubspot_respond_gerror (req, error);
          return NULL;
        }
      g_ptr_array_add (valid, values);
    }

  return g_steal_pointer (&valid);
}

void
_fc_sim_hubspot_handle_batch_read (FcSimRequest *req)
{
  FcSimHubSpot *hs = get_hs (req);
  const FcSimHubSpotType *type = req->route->data;
  JsonObject *body = _fc_sim_hubspot_body (req);
  JsonArray *inputs = body != NULL ? get_inputs (req, body) : NULL;
  gboolean archived = g_strcmp0 (_fc_sim_request_get_query (req, "archived"), "true") == 0;
  g_autoptr (GString) results = g_string_sized_new (4096);
  g_autoptr (JsonArray) errors = json_array_new ();
  g_autoptr (GPtrArray) missing = g_ptr_array_new_with_free_func (g_free);
  g_auto (GStrv) wanted = NULL;
  JsonArray *history;
  const char *id_property;
  gint64 started = _fc_sim_now_ms (req->sim);

  if (inputs == NULL)
    return;

  history = _fc_sim_json_array (body, "propertiesWithHistory");
  if (history != NULL && json_array_get_length (history) > 0
      && json_array_get_length (inputs) > HISTORY_INPUTS_MAX)
    {
      g_autofree char *message =
        g_strdup_printf ("The maximum number of inputs supported in a batch request for property "
                         "histories is %d", HISTORY_INPUTS_MAX);

      _fc_sim_hubspot_respond (req, 400, "VALIDATION_ERROR", message, NULL);
      return;
    }

  wanted = _fc_sim_hubspot_wanted_array (hs, type,
                                         _fc_sim_json_array (body, "properties"));
  id_property = json_object_get_string_member_with_default (body, "idProperty", NULL);
  for (guint i = 0; i < json_array_get_length (inputs); i++)
    {
      g_autofree char *id = input_id (_fc_sim_json_array_object (inputs, i));
      g_autoptr (GError) error = NULL;
      FcSimRecord *record = _fc_sim_hubspot_lookup (hs, type, id != NULL ? id : "", id_property,
                                                    archived, &error);

      if (record == NULL && error->code == FC_SIM_ERROR_INVALID)
        {
          _fc_sim_hubspot_respond_gerror (req, error);
          return;
        }
      if (record == NULL)
        g_ptr_array_add (missing, g_strdup (id != NULL ? id : ""));
      else
        add_result (results, hs, type, record, wanted, FALSE);
    }

  if (missing->len > 0)
    {
      g_autofree char *message =
        g_strdup_printf ("Could not get some %s objects, they may be deleted or not exist. Check "
                         "that ids are valid.", type->label);

      json_array_add_object_element (errors, error_item ("OBJECT_NOT_FOUND", message, missing));
    }
  respond_batch (req, 200, results, errors, started);
}

void
_fc_sim_hubspot_handle_batch_create (FcSimRequest *req)
{
  FcSimHubSpot *hs = get_hs (req);
  const FcSimHubSpotType *type = req->route->data;
  JsonObject *body = _fc_sim_hubspot_body (req);
  JsonArray *inputs = body != NULL ? get_inputs (req, body) : NULL;
  g_autoptr (GString) results = g_string_sized_new (4096);
  g_autoptr (JsonArray) errors = json_array_new ();
  g_autoptr (GPtrArray) valid = NULL;
  gint64 started = _fc_sim_now_ms (req->sim);

  if (inputs == NULL || (valid = validate_inputs (req, inputs)) == NULL)
    return;

  for (guint i = 0; i < valid->len; i++)
    {
      g_autoptr (GError) error = NULL;
      FcSimRecord *record;

      record = _fc_sim_hubspot_create_valid (hs, type, g_ptr_array_index (valid, i),
                                             FC_SIM_SOURCE_API, &error);
      if (record == NULL)
        json_array_add_object_element (errors, error_item ("CONFLICT", error->message, NULL));
      else
        add_result (results, hs, type, record, NULL, TRUE);
    }

  respond_batch (req, 201, results, errors, started);
}

void
_fc_sim_hubspot_handle_batch_update (FcSimRequest *req)
{
  FcSimHubSpot *hs = get_hs (req);
  const FcSimHubSpotType *type = req->route->data;
  JsonObject *body = _fc_sim_hubspot_body (req);
  JsonArray *inputs = body != NULL ? get_inputs (req, body) : NULL;
  g_autoptr (GString) results = g_string_sized_new (4096);
  g_autoptr (JsonArray) errors = json_array_new ();
  g_autoptr (GPtrArray) missing = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) valid = NULL;
  gint64 started = _fc_sim_now_ms (req->sim);

  if (inputs == NULL || (valid = validate_inputs (req, inputs)) == NULL)
    return;

  for (guint i = 0; i < valid->len; i++)
    {
      JsonObject *input = _fc_sim_json_array_object (inputs, i);
      g_autofree char *id = input_id (input);
      g_autoptr (GError) error = NULL;
      FcSimRecord *record;
      const char *id_property = json_object_get_string_member_with_default (input, "idProperty",
                                                                            NULL);

      record = _fc_sim_hubspot_lookup (hs, type, id != NULL ? id : "", id_property, FALSE, &error);
      if (record == NULL && error->code == FC_SIM_ERROR_NOT_FOUND)
        g_ptr_array_add (missing, g_strdup (id != NULL ? id : ""));
      else if (record == NULL
               || !_fc_sim_hubspot_update_valid (hs, type, record, g_ptr_array_index (valid, i),
                                                 FC_SIM_SOURCE_API, &error))
        json_array_add_object_element (errors,
                                       error_item (error->code == FC_SIM_ERROR_CONFLICT
                                                   ? "CONFLICT" : "VALIDATION_ERROR",
                                                   error->message, NULL));
      else
        add_result (results, hs, type, record, NULL, TRUE);
    }

  if (missing->len > 0)
    {
      g_autofree char *message =
        g_strdup_printf ("Could not update some %s objects, they may be deleted or not exist. "
                         "Check that ids are valid.", type->label);

      json_array_add_object_element (errors, error_item ("OBJECT_NOT_FOUND", message, missing));
    }
  respond_batch (req, 200, results, errors, started);
}

void
_fc_sim_hubspot_handle_batch_upsert (FcSimRequest *req)
{
  FcSimHubSpot *hs = get_hs (req);
  const FcSimHubSpotType *type = req->route->data;
  JsonObject *body = _fc_sim_hubspot_body (req);
  JsonArray *inputs = body != NULL ? get_inputs (req, body) : NULL;
  g_autoptr (GString) results = g_string_sized_new (4096);
  g_autoptr (JsonArray) errors = json_array_new ();
  g_autoptr (GPtrArray) valid = NULL;
  gint64 started = _fc_sim_now_ms (req->sim);

  /* Each input is written with its id property added, checked again then */
  if (inputs == NULL || (valid = validate_inputs (req, inputs)) == NULL)
    return;

  for (guint i = 0; i < json_array_get_length (inputs); i++)
    {
      JsonObject *input = _fc_sim_json_array_object (inputs, i);
      const char *id_property = json_object_get_string_member_with_default (input, "idProperty",
                                                                            NULL);
      FcSimHubSpotProperty *property = _fc_sim_hubspot_find_property (hs, type, id_property);
      JsonObject *properties = _fc_sim_json_object (input, "properties");
      g_autofree char *id = input_id (input);
      g_autoptr (GError) error = NULL;
      FcSimRecord *record;
      gboolean created = FALSE;

      if (property == NULL || !property->unique || id == NULL)
        {
          g_autofree char *message =
            g_strdup_printf ("inputs[%u] needs an id and an idProperty that is a unique-value "
                             "property of %s", i, type->name);

          _fc_sim_hubspot_respond (req, 400, "VALIDATION_ERROR", message, NULL);
          return;
        }

      record = _fc_sim_collection_lookup_unique (hs->objects[type->id], id_property, id);
      if (record != NULL)
        {
          if (!_fc_sim_hubspot_update (hs, type, record, properties, FC_SIM_SOURCE_API, &error))
            record = NULL;
        }
      else
        {
          g_autoptr (JsonObject) with_id = json_object_new ();
          JsonObjectIter iter;
          const char *name;
          JsonNode *value;

          json_object_iter_init (&iter, properties);
          while (json_object_iter_next (&iter, &name, &value))
            json_object_set_member (with_id, name, json_node_copy (value));
          json_object_set_string_member (with_id, id_property, id);
          record = _fc_sim_hubspot_create (hs, type, with_id, FC_SIM_SOURCE_API, &error);
          created = TRUE;
        }

      if (record == NULL)
        {
          json_array_add_object_element (errors, error_item ("CONFLICT", error->message, NULL));
          continue;
        }
      /* The object with "new" as its last member */
      add_result (results, hs, type, record, NULL, TRUE);
      g_string_truncate (results, results->len - 1);
      g_string_append_printf (results, ",\"new\":%s}", created ? "true" : "false");
    }

  respond_batch (req, 200, results, errors, started);
}

void
_fc_sim_hubspot_handle_batch_archive (FcSimRequest *req)
{
  FcSimHubSpot *hs = get_hs (req);
  const FcSimHubSpotType *type = req->route->data;
  JsonObject *body = _fc_sim_hubspot_body (req);
  JsonArray *inputs = body != NULL ? get_inputs (req, body) : NULL;

  if (inputs == NULL)
    return;

  for (guint i = 0; i < json_array_get_length (inputs); i++)
    {
      g_autofree char *id = input_id (_fc_sim_json_array_object (inputs, i));
      FcSimRecord *record = _fc_sim_collection_lookup_str (hs->objects[type->id], id);

      if (record != NULL)
        _fc_sim_hubspot_archive (hs, type, record, FC_SIM_SOURCE_API);
    }

  _fc_sim_respond_empty (req, 204);
}
