/* fc-sim-pipedrive-objects.c: Pipedrive v2 persons, organizations and deals: validation of
 * write bodies, the v2 object shapes, and the CRUD endpoints
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-sim-pipedrive"

#include "config.h"

#include <string.h>

#include "fc-sim-pipedrive-private.h"

typedef enum
{
  KIND_STRING,       /* non-empty string */
  KIND_STRING_NULL,
  KIND_INT_NULL,
  KIND_NUMBER_NULL,
  KIND_BOOL,
  KIND_INT_ARRAY,
  KIND_CONTACTS,     /* [{value, primary, label}] */
  KIND_ADDRESS,
  KIND_DATE_NULL,    /* YYYY-MM-DD */
  KIND_TIME_NULL,    /* RFC 3339 */
  KIND_VISIBLE_TO,
  KIND_CHOICE,
  KIND_CUSTOM,
} Kind;

typedef struct
{
  const char         *name;
  Kind                kind;
  const char * const *choices;
} Spec;

static const char * const marketing_statuses[] = {
  "no_consent", "unsubscribed", "subscribed", "archived", NULL
};
static const char * const deal_statuses[] = { "open", "won", "lost", NULL };
static const char * const address_parts[] = {
  "value", "country", "admin_area_level_1", "admin_area_level_2", "locality", "sublocality",
  "route", "street_number", "subpremise", "postal_code", NULL
};

static const Spec person_specs[] = {
  { "name", KIND_STRING, NULL },
  { "owner_id", KIND_INT_NULL, NULL },
  { "org_id", KIND_INT_NULL, NULL },
  { "emails", KIND_CONTACTS, NULL },
  { "phones", KIND_CONTACTS, NULL },
  { "visible_to", KIND_VISIBLE_TO, NULL },
  { "label_ids", KIND_INT_ARRAY, NULL },
  { "postal_address", KIND_ADDRESS, NULL },
  { "notes", KIND_STRING_NULL, NULL },
  { "im", KIND_CONTACTS, NULL },
  { "birthday", KIND_DATE_NULL, NULL },
  { "job_title", KIND_STRING_NULL, NULL },
  { "marketing_status", KIND_CHOICE, marketing_statuses },
  { "custom_fields", KIND_CUSTOM, NULL },
  { "add_time", KIND_TIME_NULL, NULL },
  { NULL, 0, NULL },
};

static const Spec organization_specs[] = {
  { "name", KIND_STRING, NULL },
  { "owner_id", KIND_INT_NULL, NULL },
  { "address", KIND_ADDRESS, NULL },
  { "visible_to", KIND_VISIBLE_TO, NULL },
  { "label_ids", KIND_INT_ARRAY, NULL },
  { "website", KIND_STRING_NULL, NULL },
  { "linkedin", KIND_STRING_NULL, NULL },
  { "industry", KIND_INT_NULL, NULL },
  { "annual_revenue", KIND_NUMBER_NULL, NULL },
  { "employee_count", KIND_INT_NULL, NULL },
  { "custom_fields", KIND_CUSTOM, NULL },
  { "add_time", KIND_TIME_NULL, NULL },
  { NULL, 0, NULL },
};

static const Spec deal_specs[] = {
  { "title", KIND_STRING, NULL },
  { "owner_id", KIND_INT_NULL, NULL },
  { "person_id", KIND_INT_NULL, NULL },
  { "org_id", KIND_INT_NULL, NULL },
  { "pipeline_id", KIND_INT_NULL, NULL },
  { "stage_id", KIND_INT_NULL, NULL },
  { "value", KIND_NUMBER_NULL, NULL },
  { "currency", KIND_STRING_NULL, NULL },
  { "status", KIND_CHOICE, deal_statuses },
  { "probability", KIND_NUMBER_NULL, NULL },
  { "lost_reason", KIND_STRING_NULL, NULL },
  { "visible_to", KIND_VISIBLE_TO, NULL },
  { "expected_close_date", KIND_DATE_NULL, NULL },
  { "close_time", KIND_TIME_NULL, NULL },
  { "won_time", KIND_TIME_NULL, NULL },
  { "lost_time", KIND_TIME_NULL, NULL },
  { "label_ids", KIND_INT_ARRAY, NULL },
  { "is_archived", KIND_BOOL, NULL },
  { "archive_time", KIND_TIME_NULL, NULL },
  { "channel", KIND_INT_NULL, NULL },
  { "channel_id", KIND_STRING_NULL, NULL },
  { "custom_fields", KIND_CUSTOM, NULL },
  { "add_time", KIND_TIME_NULL, NULL },
  { NULL, 0, NULL },
};

static const Spec *specs[FC_SIM_PD_N_ENTITIES] = { person_specs, organization_specs, deal_specs };

/* The one pipeline of the simulated company */
static const char * const stage_names[] = {
  "Qualified", "Contact Made", "Demo Scheduled", "Proposal Made", "Negotiations Started",
};

const char *
_fc_sim_pipedrive_stage_name (gint64 stage_id)
{
  if (stage_id < 1 || stage_id > (gint64) G_N_ELEMENTS (stage_names))
    return NULL;

  return stage_names[stage_id - 1];
}

static const Spec *
find_spec (const FcSimPipedriveEntity *entity,
           const char                 *name)
{
  for (const Spec *spec = specs[entity->id]; spec->name != NULL; spec++)
    {
      if (g_str_equal (spec->name, name))
        return spec;
    }

  return NULL;
}

static GType
value_type (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
}

static gboolean
check_date (const char *text)
{
  g_autofree char *midnight = NULL;
  g_autoptr (GDateTime) time = NULL;

  if (strlen (text) != 10)
    return FALSE;
  midnight = g_strconcat (text, "T00:00:00Z", NULL);
  time = g_date_time_new_from_iso8601 (midnight, NULL);

  return time != NULL;
}

static gboolean
check_time (const char *text)
{
  gint64 ms;

  return strchr (text, 'T') != NULL && _fc_sim_parse_iso (text, &ms);
}

/* Returns the stored form of a contact list (exactly one primary item), or NULL. */
static JsonNode *
normalise_contacts (const char  *name,
                    JsonNode    *node,
                    GError     **error)
{
  JsonArray *input = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  g_autoptr (JsonArray) output = json_array_new ();
  JsonNode *result;
  gboolean have_primary = FALSE;

  if (input == NULL)
    {
      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                   "Validation failed: %s must be an array of {value, primary, label} objects",
                   name);
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (input); i++)
    {
      JsonObject *item = _fc_sim_json_array_object (input, i);
      const char *value = item != NULL ? json_object_get_string_member_with_default (item, "value",
                                                                                     NULL)
                                       : NULL;
      JsonObject *stored;
      gboolean primary;

      if (value == NULL || value[0] == '\0')
        {
          g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                       "Validation failed: %s[%u].value must be a non-empty string", name, i);
          return NULL;
        }
      primary = json_object_get_boolean_member_with_default (item, "primary", FALSE)
                && !have_primary;
      have_primary |= primary;
      stored = json_object_new ();
      json_object_set_string_member (stored, "value", value);
      json_object_set_boolean_member (stored, "primary", primary);
      json_object_set_string_member (stored, "label",
                                     json_object_get_string_member_with_default (item, "label",
                                                                                 "work"));
      json_array_add_object_element (output, stored);
    }
  if (!have_primary && json_array_get_length (output) > 0)
    json_object_set_boolean_member (_fc_sim_json_array_object (output, 0), "primary", TRUE);

  result = json_node_new (JSON_NODE_ARRAY);
  json_node_set_array (result, output);
  return result;
}

static gboolean
check_address (const char  *name,
               JsonNode    *node,
               GError     **error)
{
  JsonObjectIter iter;
  const char *part;
  JsonNode *value;

  if (JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                   "Validation failed: %s must be an object", name);
      return FALSE;
    }

  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &part, &value))
    {
      if (!g_strv_contains (address_parts, part)
          || (!JSON_NODE_HOLDS_NULL (value) && value_type (value) != G_TYPE_STRING))
        {
          g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                       "Validation failed: %s.%s is not a string address part", name, part);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
check_int_array (const char  *name,
                 JsonNode    *node,
                 GError     **error)
{
  JsonArray *array = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      if (value_type (json_array_get_element (array, i)) != G_TYPE_INT64)
        array = NULL;
    }
  if (array == NULL)
    {
      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                   "Validation failed: %s must be an array of integers", name);
      return FALSE;
    }

  return TRUE;
}

/* Checks one member of a write body against its spec; returns the value to store (or a null
 * node to clear), or NULL with @error set. */
static JsonNode *
check_member (const Spec  *spec,
              JsonNode    *node,
              GError     **error)
{
  GType type = value_type (node);
  gboolean null = JSON_NODE_HOLDS_NULL (node);
  const char *text = type == G_TYPE_STRING ? json_node_get_string (node) : NULL;
  const char *expected = NULL;

  switch (spec->kind)
    {
    case KIND_STRING:
      if (text == NULL || text[0] == '\0')
        expected = "a non-empty string";
      break;
    case KIND_STRING_NULL:
      if (!null && text == NULL)
        expected = "a string or null";
      break;
    case KIND_INT_NULL:
      if (!null && type != G_TYPE_INT64)
        expected = "an integer or null";
      break;
    case KIND_NUMBER_NULL:
      if (!null && type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
        expected = "a number or null";
      break;
    case KIND_BOOL:
      if (type != G_TYPE_BOOLEAN)
        expected = "true or false";
      break;
    case KIND_VISIBLE_TO:
      if (type != G_TYPE_INT64 || (json_node_get_int (node) != 1 && json_node_get_int (node) != 3
                                   && json_node_get_int (node) != 5
                                   && json_node_get_int (node) != 7))
        expected = "one of 1, 3, 5, 7";
      break;
    case KIND_DATE_NULL:
      if (!null && (text == NULL || !check_date (text)))
        expected = "a date YYYY-MM-DD or null";
      break;
    case KIND_TIME_NULL:
      if (!null && (text == NULL || !check_time (text)))
        expected = "an RFC 3339 date-time such as 2025-01-01T10:20:00Z, or null";
      break;
    case KIND_CHOICE:
      if (text == NULL || !g_strv_contains (spec->choices, text))
        expected = "one of the allowed values";
      break;
    case KIND_CONTACTS:
      return normalise_contacts (spec->name, node, error);
    case KIND_ADDRESS:
      return check_address (spec->name, node, error) ? json_node_copy (node) : NULL;
    case KIND_INT_ARRAY:
      return check_int_array (spec->name, node, error) ? json_node_copy (node) : NULL;
    case KIND_CUSTOM:
    default:
      break;
    }

  if (expected != NULL)
    {
      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID, "Validation failed: %s must be %s",
                   spec->name, expected);
      return NULL;
    }

  return json_node_copy (node);
}

static gboolean
reference_exists (FcSimPipedrive          *pd,
                  FcSimPipedriveEntityId   target,
                  JsonNode                *node)
{
  FcSimRecord *record;

  if (JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  record = _fc_sim_collection_lookup (pd->entities[target], json_node_get_int (node));
  return record != NULL && record->deleted_ms == 0;
}

/* Cross-field checks: linked records exist, the owner is the company's user, stages exist. */
static gboolean
check_references (FcSimPipedrive  *pd,
                  const char      *name,
                  JsonNode        *value,
                  GError         **error)
{
  static const char * const references[] = {
    "org_id", "person_id", "owner_id", "pipeline_id", "stage_id", NULL
  };
  gint64 number;

  if (!g_strv_contains (references, name))
    return TRUE;

  number = JSON_NODE_HOLDS_NULL (value) ? 0 : json_node_get_int (value);
  if ((g_str_equal (name, "org_id") && !reference_exists (pd, FC_SIM_PD_ORGANIZATIONS, value))
      || (g_str_equal (name, "person_id") && !reference_exists (pd, FC_SIM_PD_PERSONS, value)))
    {
      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                   "Validation failed: %s %" G_GINT64_FORMAT " does not exist", name, number);
      return FALSE;
    }
  if ((g_str_equal (name, "owner_id") && number != 0 && number != pd->user_id)
      || (g_str_equal (name, "pipeline_id") && number != 0 && number != 1)
      || (g_str_equal (name, "stage_id") && number != 0
          && (number < 1 || number > (gint64) G_N_ELEMENTS (stage_names))))
    {
      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                   "Validation failed: %s %" G_GINT64_FORMAT " does not exist (the simulated "
                   "company has user %u, pipeline 1 and stages 1-%u)", name, number, pd->user_id,
                   (guint) G_N_ELEMENTS (stage_names));
      return FALSE;
    }

  return TRUE;
}

static JsonObject *
check_custom_fields (FcSimPipedrive              *pd,
                     const FcSimPipedriveEntity  *entity,
                     JsonNode                    *node,
                     GError                     **error)
{
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                   "Validation failed: custom_fields must be an object keyed by field codes");
      return NULL;
    }

  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &key, &value))
    {
      FcSimPipedriveField *field = _fc_sim_pipedrive_find_field (pd, entity, key);

      if (field == NULL)
        {
          g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                       "Validation failed: custom field %s does not exist on %s", key,
                       entity->name);
          return NULL;
        }
      if (!_fc_sim_pipedrive_check_custom (field, value, error))
        return NULL;
    }

  return json_node_get_object (node);
}

/* Validates a whole body before anything is written. */
static gboolean
validate_body (FcSimPipedrive              *pd,
               const FcSimPipedriveEntity  *entity,
               JsonObject                  *body,
               gboolean                     creating,
               GHashTable                  *values,
               GError                     **error)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  if (creating && !json_object_has_member (body, entity->title_field))
    {
      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                   "Validation failed: %s is required", entity->title_field);
      return FALSE;
    }

  json_object_iter_init (&iter, body);
  while (json_object_iter_next (&iter, &name, &node))
    {
      const Spec *spec = find_spec (entity, name);
      JsonNode *value;

      if (spec == NULL)
        {
          g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                       "Validation failed: %s is not a writable field of a %s%s", name,
                       entity->singular,
                       g_str_has_suffix (name, "_name") ? " (send name; Pipedrive splits it)" : "");
          return FALSE;
        }
      if (!creating && g_str_equal (name, "add_time"))
        {
          g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                       "Validation failed: add_time can only be set when creating");
          return FALSE;
        }
      if (spec->kind == KIND_CUSTOM)
        {
          if (check_custom_fields (pd, entity, node, error) == NULL)
            return FALSE;
          continue;
        }
      value = check_member (spec, node, error);
      if (value == NULL)
        return FALSE;
      if (!check_references (pd, name, value, error))
        {
          json_node_unref (value);
          return FALSE;
        }
      g_hash_table_replace (values, g_strdup (name), value);
    }

  return TRUE;
}

static void
store_value (FcSimCollection *collection,
             FcSimRecord     *record,
             const char      *name,
             JsonNode        *value)
{
  if (JSON_NODE_HOLDS_NULL (value))
    _fc_sim_collection_unset (collection, record, name);
  else
    _fc_sim_collection_set (collection, record, name, json_node_copy (value));
}

static void
store_time (FcSimCollection *collection,
            FcSimRecord     *record,
            const char      *name,
            gint64           ms)
{
  g_autofree char *text = _fc_sim_format_iso_s (ms);

  _fc_sim_collection_set (collection, record, name, json_node_init_string (json_node_alloc (),
                                                                           text));
}

static void
apply_custom_fields (FcSimRecord *record,
                     JsonObject  *custom)
{
  JsonObject *stored = _fc_sim_json_object (record->fields, "custom_fields");
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  if (stored == NULL)
    {
      stored = json_object_new ();
      json_object_set_object_member (record->fields, "custom_fields", stored);
    }

  json_object_iter_init (&iter, custom);
  while (json_object_iter_next (&iter, &key, &value))
    {
      if (JSON_NODE_HOLDS_NULL (value))
        json_object_remove_member (stored, key);
      else
        json_object_set_member (stored, key, json_node_copy (value));
    }
}

/* Deals: closing times follow the status, stage_change_time follows the stage. */
static void
apply_deal_rules (FcSimCollection *collection,
                  FcSimRecord     *record,
                  GHashTable      *values,
                  const char      *old_status,
                  gint64           old_stage,
                  gint64           now)
{
  const char *status = json_object_get_string_member_with_default (record->fields, "status",
                                                                   "open");
  gint64 stage = json_object_get_int_member_with_default (record->fields, "stage_id", 1);

  if (g_strcmp0 (status, old_status) != 0)
    {
      const char *time_name = g_str_equal (status, "won") ? "won_time" : "lost_time";

      if (g_str_equal (status, "open"))
        {
          _fc_sim_collection_unset (collection, record, "won_time");
          _fc_sim_collection_unset (collection, record, "lost_time");
          _fc_sim_collection_unset (collection, record, "close_time");
        }
      else
        {
          if (!g_hash_table_contains (values, time_name))
            store_time (collection, record, time_name, now);
          if (!g_hash_table_contains (values, "close_time"))
            _fc_sim_collection_set (collection, record, "close_time",
                                    json_node_copy (json_object_get_member (record->fields,
                                                                            time_name)));
        }
    }
  if (stage != old_stage)
    store_time (collection, record, "stage_change_time", now);
  if (g_hash_table_contains (values, "is_archived") && !g_hash_table_contains (values,
                                                                               "archive_time"))
    {
      if (json_object_get_boolean_member_with_default (record->fields, "is_archived", FALSE))
        store_time (collection, record, "archive_time", now);
      else
        _fc_sim_collection_unset (collection, record, "archive_time");
    }
}

static void
apply_values (FcSimPipedrive             *pd,
              const FcSimPipedriveEntity *entity,
              FcSimRecord                *record,
              JsonObject                 *body,
              GHashTable                 *values,
              gint64                      now)
{
  FcSimCollection *collection = pd->entities[entity->id];
  g_autofree char *old_status =
    g_strdup (json_object_get_string_member_with_default (record->fields, "status", "open"));
  gint64 old_stage = json_object_get_int_member_with_default (record->fields, "stage_id", 1);
  GHashTableIter iter;
  gpointer name, value;
  JsonObject *custom = _fc_sim_json_object (body, "custom_fields");

  g_hash_table_iter_init (&iter, values);
  while (g_hash_table_iter_next (&iter, &name, &value))
    store_value (collection, record, name, value);
  if (custom != NULL)
    {
      apply_custom_fields (record, custom);
      _fc_sim_collection_changed (collection);
    }
  if (entity->id == FC_SIM_PD_DEALS)
    apply_deal_rules (collection, record, values, old_status, old_stage, now);
}

FcSimRecord *
_fc_sim_pipedrive_create (FcSimPipedrive              *pd,
                          const FcSimPipedriveEntity  *entity,
                          JsonObject                  *body,
                          FcSimSource                  source,
                          GError                     **error)
{
  g_autoptr (GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) json_node_unref);
  FcSimCollection *collection = pd->entities[entity->id];
  gint64 now = _fc_sim_now_ms (pd->provider->sim);
  JsonNode *add_time;
  FcSimRecord *record;

  if (!validate_body (pd, entity, body, TRUE, values, error))
    return NULL;

  record = _fc_sim_collection_insert (collection, pd->next_ids[entity->id]++, now);
  add_time = g_hash_table_lookup (values, "add_time");
  if (add_time != NULL && !JSON_NODE_HOLDS_NULL (add_time))
    _fc_sim_parse_iso (json_node_get_string (add_time), &record->created_ms);
  g_hash_table_remove (values, "add_time");
  if (entity->id == FC_SIM_PD_DEALS)
    {
      const char *origin = source == FC_SIM_SOURCE_API ? "API" : "ManuallyCreated";

      _fc_sim_collection_set (collection, record, "origin",
                              json_node_init_string (json_node_alloc (), origin));
    }
  apply_values (pd, entity, record, body, values, record->created_ms);

  if (source != FC_SIM_SOURCE_SEED)
    _fc_sim_pipedrive_emit (pd, entity, "create", record,
                            _fc_sim_pipedrive_to_json (pd, entity, record, NULL), NULL, source);

  return record;
}

/* The members of @before that differ in @after; custom fields compared one by one. */
static JsonNode *
diff_objects (JsonObject *before,
              JsonObject *after)
{
  JsonObject *previous = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  JsonObjectIter iter;
  const char *name;
  JsonNode *old;

  json_object_iter_init (&iter, before);
  while (json_object_iter_next (&iter, &name, &old))
    {
      JsonNode *new_value = json_object_get_member (after, name);

      if (g_str_equal (name, "custom_fields") && JSON_NODE_HOLDS_OBJECT (old))
        {
          JsonNode *changed = diff_objects (json_node_get_object (old),
                                            json_node_get_object (new_value));

          if (json_object_get_size (json_node_get_object (changed)) > 0)
            json_object_set_member (previous, name, changed);
          else
            json_node_unref (changed);
        }
      else if (new_value == NULL || !json_node_equal (old, new_value))
        {
          json_object_set_member (previous, name, json_node_copy (old));
        }
    }
  json_node_take_object (node, previous);

  return node;
}

gboolean
_fc_sim_pipedrive_update (FcSimPipedrive              *pd,
                          const FcSimPipedriveEntity  *entity,
                          FcSimRecord                 *record,
                          JsonObject                  *body,
                          FcSimSource                  source,
                          GError                     **error)
{
  g_autoptr (GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) json_node_unref);
  g_autoptr (JsonNode) before = NULL;
  g_autoptr (JsonNode) previous = NULL;
  JsonNode *after;
  gint64 now = _fc_sim_now_ms (pd->provider->sim);

  if (!validate_body (pd, entity, body, FALSE, values, error))
    return FALSE;

  before = _fc_sim_pipedrive_to_json (pd, entity, record, NULL);
  apply_values (pd, entity, record, body, values, now);
  after = _fc_sim_pipedrive_to_json (pd, entity, record, NULL);
  previous = diff_objects (json_node_get_object (before), json_node_get_object (after));
  if (json_object_get_size (json_node_get_object (previous)) == 0)
    {
      json_node_unref (after);
      return TRUE;
    }

  json_object_set_member (json_node_get_object (previous), "update_time",
                          json_node_copy (json_object_get_member (json_node_get_object (before),
                                                                  "update_time")));
  record->updated_ms = MAX (now, record->updated_ms);
  _fc_sim_collection_changed (pd->entities[entity->id]);
  json_node_unref (after);
  after = _fc_sim_pipedrive_to_json (pd, entity, record, NULL);
  if (source != FC_SIM_SOURCE_SEED)
    _fc_sim_pipedrive_emit (pd, entity, "change", record, after, g_steal_pointer (&previous),
                            source);
  else
    json_node_unref (after);

  return TRUE;
}

void
_fc_sim_pipedrive_delete (FcSimPipedrive             *pd,
                          const FcSimPipedriveEntity *entity,
                          FcSimRecord                *record,
                          FcSimSource                 source)
{
  JsonNode *previous;

  if (record->deleted_ms != 0)
    return;

  previous = _fc_sim_pipedrive_to_json (pd, entity, record, NULL);
  _fc_sim_collection_delete (pd->entities[entity->id], record,
                             _fc_sim_now_ms (pd->provider->sim));
  record->updated_ms = MAX (record->deleted_ms, record->updated_ms);
  _fc_sim_collection_changed (pd->entities[entity->id]);
  if (source != FC_SIM_SOURCE_SEED)
    _fc_sim_pipedrive_emit (pd, entity, "delete", record, NULL, previous, source);
  else
    json_node_unref (previous);
}

FcSimRecord *
_fc_sim_pipedrive_lookup (FcSimPipedrive              *pd,
                          const FcSimPipedriveEntity  *entity,
                          const char                  *id,
                          gboolean                     deleted,
                          GError                     **error)
{
  FcSimRecord *record = _fc_sim_collection_lookup_str (pd->entities[entity->id], id);

  if (record == NULL || (record->deleted_ms != 0 && !deleted))
    {
      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_NOT_FOUND, "%c%s %s not found",
                   g_ascii_toupper (entity->singular[0]), entity->singular + 1,
                   id != NULL ? id : "");
      return NULL;
    }

  return record;
}
