/* fc-sim-hubspot-objects.c: HubSpot CRM objects: writes, list, read, batch and merge
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-sim-hubspot"

#include "config.h"

#include <string.h>

#include "fc-sim-hubspot-private.h"

#define LIST_LIMIT_MAX 100

static const char not_found_message[] = "Object not found.  objectId are usually numeric.";

/* Writes */

static gboolean
check_unique (FcSimHubSpot            *hs,
              const FcSimHubSpotType  *type,
              FcSimRecord             *self,
              GHashTable              *values,
              GError                 **error)
{
  FcSimCollection *collection = hs->objects[type->id];
  GHashTableIter iter;
  gpointer name, value;

  g_hash_table_iter_init (&iter, values);
  while (g_hash_table_iter_next (&iter, &name, &value))
    {
      FcSimRecord *other;

      if (!_fc_sim_collection_is_unique (collection, name) || ((char *) value)[0] == '\0')
        continue;
      other = _fc_sim_collection_lookup_unique (collection, name, value);
      if (other == NULL || other == self)
        continue;

      if (type->id == FC_SIM_HS_CONTACTS && g_str_equal (name, "email"))
        g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_CONFLICT,
                     "Contact already exists. Existing ID: %" G_GINT64_FORMAT, other->id);
      else
        g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_CONFLICT,
                     "A %s with %s \"%s\" already exists. Existing ID: %" G_GINT64_FORMAT,
                     type->singular, (char *) name, (char *) value, other->id);
      return FALSE;
    }

  return TRUE;
}

FcSimRecord *
_fc_sim_hubspot_create (FcSimHubSpot            *hs,
                        const FcSimHubSpotType  *type,
                        JsonObject              *properties,
                        FcSimSource              source,
                        GError                 **error)
{
  g_autoptr (GHashTable) values = _fc_sim_hubspot_validate (hs, type, properties, error);

  if (values == NULL)
    return NULL;

  return _fc_sim_hubspot_create_valid (hs, type, values, source, error);
}

/* The same with values _fc_sim_hubspot_validate () gave, as batches check every input before
 * they write any */
FcSimRecord *
_fc_sim_hubspot_create_valid (FcSimHubSpot            *hs,
                              const FcSimHubSpotType  *type,
                              GHashTable              *values,
                              FcSimSource              source,
                              GError                 **error)
{
  FcSimCollection *collection = hs->objects[type->id];
  GHashTableIter iter;
  gpointer name, value;
  FcSimRecord *record;

  if (!check_unique (hs, type, NULL, values, error))
    return NULL;

  record = _fc_sim_collection_insert (collection, hs->next_id++,
                                      _fc_sim_now_ms (hs->provider->sim));
  g_hash_table_iter_init (&iter, values);
  while (g_hash_table_iter_next (&iter, &name, &value))
    {
      if (((char *) value)[0] != '\0')
        _fc_sim_collection_set (collection, record, name, json_node_init_string (json_node_alloc (),
                                                                                 value));
    }

  if (source != FC_SIM_SOURCE_SEED)
    _fc_sim_hubspot_emit (hs, type, "creation", record, NULL, NULL, source, NULL);

  return record;
}

/* Writes the changed values; "" clears. lastmodifieddate moves only when something changed. */
gboolean
_fc_sim_hubspot_update (FcSimHubSpot            *hs,
                        const FcSimHubSpotType  *type,
                        FcSimRecord             *record,
                        JsonObject              *properties,
                        FcSimSource              source,
                        GError                 **error)
{
  g_autoptr (GHashTable) values = _fc_sim_hubspot_validate (hs, type, properties, error);

  if (values == NULL)
    return FALSE;

  return _fc_sim_hubspot_update_valid (hs, type, record, values, source, error);
}

/* The same with values _fc_sim_hubspot_validate () gave */
gboolean
_fc_sim_hubspot_update_valid (FcSimHubSpot            *hs,
                              const FcSimHubSpotType  *type,
                              FcSimRecord             *record,
                              GHashTable              *values,
                              FcSimSource              source,
                              GError                 **error)
{
  FcSimCollection *collection = hs->objects[type->id];
  g_autoptr (GPtrArray) changed = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer name, value;

  if (!check_unique (hs, type, record, values, error))
    return FALSE;

  g_hash_table_iter_init (&iter, values);
  while (g_hash_table_iter_next (&iter, &name, &value))
    {
      const char *current = json_object_get_string_member_with_default (record->fields, name,
                                                                        NULL);

      if (((char *) value)[0] == '\0')
        {
          if (current == NULL)
            continue;
          _fc_sim_collection_unset (collection, record, name);
        }
      else
        {
          if (g_strcmp0 (current, value) == 0)
            continue;
          _fc_sim_collection_set (collection, record, name,
                                  json_node_init_string (json_node_alloc (), value));
        }
      g_ptr_array_add (changed, name);
    }

  if (changed->len == 0)
    return TRUE;

  record->updated_ms = MAX (_fc_sim_now_ms (hs->provider->sim), record->updated_ms);
  _fc_sim_collection_changed (collection);
  for (guint i = 0; source != FC_SIM_SOURCE_SEED && i < changed->len; i++)
    {
      const char *changed_name = g_ptr_array_index (changed, i);

      _fc_sim_hubspot_emit (hs, type, "propertyChange", record, changed_name,
                            g_hash_table_lookup (values, changed_name), source, NULL);
    }

  return TRUE;
}

void
_fc_sim_hubspot_archive (FcSimHubSpot           *hs,
                         const FcSimHubSpotType *type,
                         FcSimRecord            *record,
                         FcSimSource             source)
{
  if (record->deleted_ms != 0)
    return;

  _fc_sim_collection_delete (hs->objects[type->id], record, _fc_sim_now_ms (hs->provider->sim));
  if (source != FC_SIM_SOURCE_SEED)
    _fc_sim_hubspot_emit (hs, type, "deletion", record, NULL, NULL, source, NULL);
}

/* Finds a record by id, or by the value of a unique property. @archived includes archived
 * records. */
FcSimRecord *
_fc_sim_hubspot_lookup (FcSimHubSpot            *hs,
                        const FcSimHubSpotType  *type,
                        const char              *id,
                        const char              *id_property,
                        gboolean                 archived,
                        GError                 **error)
{
  FcSimCollection *collection = hs->objects[type->id];
  FcSimRecord *record;

  if (id_property == NULL || g_str_equal (id_property, "hs_object_id"))
    {
      record = _fc_sim_collection_lookup_str (collection, id);
    }
  else
    {
      FcSimHubSpotProperty *property = _fc_sim_hubspot_find_property (hs, type, id_property);

      if (property == NULL || !property->unique)
        {
          g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                       "idProperty %s is not a unique property of %s", id_property, type->name);
          return NULL;
        }
      record = _fc_sim_collection_lookup_unique (collection, id_property, id);
    }

  if (record == NULL || (record->deleted_ms != 0 && !archived))
    {
      g_set_error_literal (error, FC_SIM_ERROR, FC_SIM_ERROR_NOT_FOUND, not_found_message);
      return NULL;
    }

  return record;
}

/* Helpers of the handlers */

static FcSimHubSpot *
get_hs (FcSimRequest *req)
{
  return req->provider->state;
}

static char *
encode_after (gint64 id)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, id);

  return g_base64_encode ((const guchar *) text, strlen (text));
}

static gboolean
decode_after (const char *after,
              gint64     *id)
{
  g_autofree guchar *decoded = NULL;
  g_autofree char *text = NULL;
  gsize length = 0;

  for (const char *p = after; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '+' && *p != '/' && *p != '=')
        return FALSE;
    }

  decoded = g_base64_decode (after, &length);
  text = g_strndup ((const char *) decoded, length);
  g_strstrip (text);

  return _fc_sim_str_to_int64 (text, id);
}

static gboolean
read_limit (FcSimRequest *req,
            guint         fallback,
            guint         max,
            guint        *limit)
{
  g_autofree char *message = NULL;

  if (_fc_sim_request_query_uint (req, "limit", fallback, limit) && *limit <= max)
    return TRUE;

  message = g_strdup_printf ("limit must be a whole number from 1 to %u, not %s", max,
                             _fc_sim_request_get_query (req, "limit"));
  _fc_sim_hubspot_respond (req, 400, "VALIDATION_ERROR", message, NULL);
  return FALSE;
}

/* Single-object endpoints */

static void
handle_list (FcSimRequest *req)
{
  FcSimHubSpot *hs = get_hs (req);
  const FcSimHubSpotType *type = req->route->data;
  FcSimCollection *collection = hs->objects[type->id];
  gboolean archived = g_strcmp0 (_fc_sim_request_get_query (req, "archived"), "true") == 0;
  const char *after = _fc_sim_request_get_query (req, "after");
  g_auto (GStrv) wanted = _fc_sim_hubspot_wanted (hs, type,
                                                  _fc_sim_request_get_query (req, "properties"));
  GString *out;
  gint64 after_id = 0;
  gint64 last_id = 0;
  guint limit, taken = 0, i;
  gboolean more = FALSE;

  if (!read_limit (req, 10, LIST_LIMIT_MAX, &limit))
    return;
  if (after != NULL && !decode_after (after, &after_id))
    {
      _fc_sim_hubspot_respond (req, 400, "VALIDATION_ERROR",
                               "after is not a paging cursor this endpoint returned", NULL);
      return;
    }
  if (limit == 0)
    limit = 10;

  out = g_string_sized_new (4096);
  g_string_append (out, "{\"results\":[");
  for (i = _fc_sim_collection_first_after (collection, after_id);
       i < _fc_sim_collection_get_length (collection); i++)
    {
      FcSimRecord *record = _fc_sim_collection_get_nth (collection, i);

      if ((record->deleted_ms != 0) != archived)
        continue;
      if (taken == limit)
        {
          more = TRUE;
          break;
        }
      if (taken > 0)
        g_string_append_c (out, ',');
      _fc_sim_hubspot_append_object (out, hs, type, record, wanted, FALSE);
      last_id = record->id;
      taken++;
    }
  g_string_append_c (out, ']');

  if (more)
    {
      g_autofree char *cursor = encode_after (last_id);
      g_autofree char *base = _fc_sim_request_get_base (req);
      g_autofree char *escaped = g_uri_escape_string (cursor, NULL, FALSE);
      g_autofree char *link = g_strdup_printf ("%s%s?after=%s", base, req->path, escaped);

      g_string_append (out, ",\"paging\":{\"next\":{\"after\":");
      _fc_sim_json_append_string (out, cursor);
      g_string_append (out, ",\"link\":");
      _fc_sim_json_append_string (out, link);
      g_string_append (out, "}}");
    }
  g_string_append_c (out, '}');
  _fc_sim_respond_json_text (req, 200, out);
}

static void
handle_get (FcSimRequest *req)
{
  FcSimHubSpot *hs = get_hs (req);
  const FcSimHubSpotType *type = req->route->data;
  g_auto (GStrv) wanted = _fc_sim_hubspot_wanted (hs, type,
                                                  _fc_sim_request_get_query (req, "properties"));
  gboolean archived = g_strcmp0 (_fc_sim_request_get_query (req, "archived"), "true") == 0;
  g_autoptr (GError) error = NULL;
  FcSimRecord *record;

  record = _fc_sim_hubspot_lookup (hs, type, _fc_sim_request_get_param (req, "id"),
                                   _fc_sim_request_get_query (req, "idProperty"), archived,
                                   &error);
  if (record == NULL)
    {
      _fc_sim_hubspot_respond_gerror (req, error);
      return;
    }

  _fc_sim_respond_json (req, 200, _fc_sim_hubspot_object_to_json (hs, type, record, wanted,
                                                                   FALSE));
}

static JsonObject *
body_properties (FcSimRequest *req)
{
  JsonObject *body = _fc_sim_hubspot_body (req);
  JsonObject *properties = body != NULL ? _fc_sim_json_object (body, "properties")
                                        : NULL;

  if (body != NULL && properties == NULL)
    _fc_sim_hubspot_respond (req, 400, "VALIDATION_ERROR",
                             "properties is required and must be an object", NULL);
  return properties;
}

static void
handle_create (FcSimRequest *req)
{
  FcSimHubSpot *hs = get_hs (req);
  const FcSimHubSpotType *type = req->route->data;
  JsonObject *properties = body_properties (req);
  g_autoptr (GError) error = NULL;
  FcSimRecord *record;

  if (properties == NULL)
    return;

  record = _fc_sim_hubspot_create (hs, type, properties, FC_SIM_SOURCE_API, &error);
  if (record == NULL)
    {
      _fc_sim_hubspot_respond_gerror (req, error);
      return;
    }

  _fc_sim_respond_json (req, 201, _fc_sim_hubspot_object_to_json (hs, type, record, NULL, TRUE));
}

static void
handle_update (FcSimRequest *req)
{
  FcSimHubSpot *hs = get_hs (req);
  const FcSimHubSpotType *type = req->route->data;
  JsonObject *properties = body_properties (req);
  g_autoptr (GError) error = NULL;
  FcSimRecord *record;

  if (properties == NULL)
    return;

  record = _fc_sim_hubspot_lookup (hs, type, _fc_sim_request_get_param (req, "id"),
                                   _fc_sim_request_get_query (req, "idProperty"), FALSE, &error);
  if (record == NULL
      || !_fc_sim_hubspot_update (hs, type, record, properties, FC_SIM_SOURCE_API, &error))
    {
      _fc_sim_hubspot_respond_gerror (req, error);
      return;
    }

  _fc_sim_respond_json (req, 200, _fc_sim_hubspot_object_to_json (hs, type, record, NULL, TRUE));
}

static void
handle_archive (FcSimRequest *req)
{
  FcSimHubSpot *hs = get_hs (req);
  const FcSimHubSpotType *type = req->route->data;
  FcSimRecord *record;

  record = _fc_sim_collection_lookup_str (hs->objects[type->id],
                                          _fc_sim_request_get_param (req, "id"));
  if (record != NULL)
    _fc_sim_hubspot_archive (hs, type, record, FC_SIM_SOURCE_API);

  _fc_sim_respond_empty (req, 204);
}

/* Merge: the primary keeps its values and takes the ones it lacks; the other is archived. */
static guint
merge_into (FcSimHubSpot           *hs,
            const FcSimHubSpotType *type,
            FcSimRecord            *primary,
            FcSimRecord            *merged)
{
  FcSimCollection *collection = hs->objects[type->id];
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;
  guint moved = 0;
  const char *email = json_object_get_string_member_with_default (merged->fields, "email", NULL);
  g_autofree char *secondary = email != NULL ? g_strdup (email) : NULL;

  _fc_sim_collection_delete (collection, merged, _fc_sim_now_ms (hs->provider->sim));

  json_object_iter_init (&iter, merged->fields);
  while (json_object_iter_next (&iter, &name, &value))
    {
      if (json_object_has_member (primary->fields, name))
        continue;
      _fc_sim_collection_set (collection, primary, name, json_node_copy (value));
      moved++;
    }

  if (type->id == FC_SIM_HS_CONTACTS && secondary != NULL
      && g_strcmp0 (secondary, json_object_get_string_member_with_default (primary->fields,
                                                                          "email", NULL)) != 0)
    {
      const char *others = json_object_get_string_member_with_default (primary->fields,
                                                                       "hs_additional_emails",
                                                                       NULL);
      g_autofree char *joined = others != NULL ? g_strconcat (others, ";", secondary, NULL)
                                               : g_strdup (secondary);

      _fc_sim_collection_set (collection, primary, "hs_additional_emails",
                              json_node_init_string (json_node_alloc (), joined));
    }

  primary->updated_ms = MAX (_fc_sim_now_ms (hs->provider->sim), primary->updated_ms);
  _fc_sim_collection_changed (collection);
  return moved;
}

static void
handle_merge (FcSimRequest *req)
{
  FcSimHubSpot *hs = get_hs (req);
  const FcSimHubSpotType *type = req->route->data;
  JsonObject *body = _fc_sim_hubspot_body (req);
  g_autoptr (JsonObject) extra = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *primary_id = NULL;
  g_autofree char *merged_id = NULL;
  FcSimRecord *primary, *merged;
  JsonArray *merged_ids;
  guint moved;

  if (body == NULL)
    return;

  primary_id = _fc_sim_hubspot_node_id (json_object_get_member (body, "primaryObjectId"));
  merged_id = _fc_sim_hubspot_node_id (json_object_get_member (body, "objectIdToMerge"));

  if (primary_id == NULL || merged_id == NULL || g_str_equal (primary_id, merged_id))
    {
      _fc_sim_hubspot_respond (req, 400, "VALIDATION_ERROR",
                               "primaryObjectId and objectIdToMerge must be two different ids",
                               NULL);
      return;
    }

  primary = _fc_sim_hubspot_lookup (hs, type, primary_id, NULL, FALSE, &error);
  merged = primary != NULL ? _fc_sim_hubspot_lookup (hs, type, merged_id, NULL, FALSE, &error)
                           : NULL;
  if (merged == NULL)
    {
      _fc_sim_hubspot_respond_gerror (req, error);
      return;
    }

  moved = merge_into (hs, type, primary, merged);
  extra = json_object_new ();
  json_object_set_int_member (extra, "primaryObjectId", primary->id);
  merged_ids = json_array_new ();
  json_array_add_int_element (merged_ids, merged->id);
  json_object_set_array_member (extra, "mergedObjectIds", merged_ids);
  json_object_set_int_member (extra, "newObjectId", primary->id);
  json_object_set_int_member (extra, "numberOfPropertiesMoved", moved);
  _fc_sim_hubspot_emit (hs, type, "merge", primary, NULL, NULL, FC_SIM_SOURCE_API, extra);

  _fc_sim_respond_json (req, 200, _fc_sim_hubspot_object_to_json (hs, type, primary, NULL, TRUE));
}

void
_fc_sim_hubspot_register_object_routes (FcSimHubSpot *hs)
{
  static const struct
  {
    const char      *method;
    const char      *suffix;
    FcSimRouteFlags  extra;
    FcSimHandler     handler;
  } routes[] = {
    { "GET", "", 0, handle_list },
    { "POST", "", 0, handle_create },
    { "GET", "/{id}", 0, handle_get },
    { "PATCH", "/{id}", 0, handle_update },
    { "DELETE", "/{id}", 0, handle_archive },
    { "POST", "/search", FC_SIM_ROUTE_SEARCH, _fc_sim_hubspot_handle_search },
    { "POST", "/batch/read", 0, _fc_sim_hubspot_handle_batch_read },
    { "POST", "/batch/create", 0, _fc_sim_hubspot_handle_batch_create },
    { "POST", "/batch/update", 0, _fc_sim_hubspot_handle_batch_update },
    { "POST", "/batch/upsert", 0, _fc_sim_hubspot_handle_batch_upsert },
    { "POST", "/batch/archive", 0, _fc_sim_hubspot_handle_batch_archive },
    { "POST", "/merge", 0, handle_merge },
  };
  FcSim *sim = hs->provider->sim;

  for (guint t = 0; t < FC_SIM_HS_N_TYPES; t++)
    {
      const FcSimHubSpotType *type = _fc_sim_hubspot_get_type (t);
      const char *names[] = { type->name, type->type_id };

      for (guint r = 0; r < G_N_ELEMENTS (routes); r++)
        {
          g_autofree char *counter = g_strdup_printf ("/crm/v3/objects/%s%s", type->name,
                                                      routes[r].suffix);

          for (guint n = 0; n < G_N_ELEMENTS (names); n++)
            {
              g_autofree char *pattern = g_strdup_printf ("/crm/v3/objects/%s%s", names[n],
                                                          routes[r].suffix);

              _fc_sim_add_route (sim, hs->provider, "hubspot", routes[r].method, pattern, counter,
                                 FC_SIM_ROUTE_API | routes[r].extra, 0, routes[r].handler, type);
            }
        }
    }
}
