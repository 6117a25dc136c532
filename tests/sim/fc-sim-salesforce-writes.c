/* fc-sim-salesforce-writes.c: every write in two steps: prepare (check fields and values as
 * Salesforce does) and apply; deletes and lookups by field value
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-sim-salesforce"

#include "config.h"

#include <string.h>

#include "fc-sim-salesforce-private.h"
#include "fc-sim-soql.h"

#define SECOND_MS 1000

static char **
one_field (const char *name)
{
  char **fields = g_new0 (char *, 2);

  fields[0] = g_strdup (name);
  return fields;
}

static JsonNode *
text_node (const char *text)
{
  return json_node_init_string (json_node_alloc (), text);
}

/* Checking values that are written */

static const char *
json_token_name (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    return "START_OBJECT";
  if (JSON_NODE_HOLDS_ARRAY (node))
    return "START_ARRAY";
  if (JSON_NODE_HOLDS_NULL (node))
    return "VALUE_NULL";

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING: return "VALUE_STRING";
    case G_TYPE_INT64: return "VALUE_NUMBER_INT";
    case G_TYPE_DOUBLE: return "VALUE_NUMBER_FLOAT";
    default: return json_node_get_boolean (node) ? "VALUE_TRUE" : "VALUE_FALSE";
    }
}

static FcSimSfError *
parser_error (FcSimSfField *field,
              JsonNode     *node,
              const char   *type_word)
{
  g_autofree char *text = NULL;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    text = g_strdup (json_node_get_string (node));
  else if (JSON_NODE_HOLDS_OBJECT (node))
    text = g_strdup ("{");
  else if (JSON_NODE_HOLDS_ARRAY (node))
    text = g_strdup ("[");
  else
    text = _fc_sim_json_to_string (node);

  return _fc_sim_sf_error_new ("JSON_PARSER_ERROR", NULL,
                               "Cannot deserialize instance of %s from %s value %s or request "
                               "may be missing a required field (field %s)", type_word,
                               json_token_name (node), text, field->name);
}

/* Text of a scalar JSON value; NULL for objects and arrays */
static char *
scalar_text (JsonNode *node)
{
  if (!JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (node));
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_DOUBLE:
      {
        char buffer[G_ASCII_DTOSTR_BUF_SIZE];

        return g_strdup (g_ascii_dtostr (buffer, sizeof buffer, json_node_get_double (node)));
      }
    default:
      return g_strdup (json_node_get_boolean (node) ? "true" : "false");
    }
}

static gboolean
email_is_valid (const char *text)
{
  const char *at = strchr (text, '@');
  const char *dot;

  if (at == NULL || at == text || strchr (at + 1, '@') != NULL)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p) || g_ascii_iscntrl (*p) || strchr ("()<>,;:\\\"[]", *p) != NULL)
        return FALSE;
    }
  dot = strrchr (at + 1, '.');

  return dot != NULL && dot > at + 1 && strlen (dot + 1) >= 2 && strstr (at, "..") == NULL;
}

static FcSimSfError *
check_text (FcSimSfField  *field,
            JsonNode      *node,
            JsonNode     **out)
{
  g_autofree char *text = scalar_text (node);

  if (text == NULL)
    return parser_error (field, node, "string");

  /* Salesforce keeps empty text as null */
  if (text[0] == '\0')
    {
      *out = json_node_new (JSON_NODE_NULL);
      return NULL;
    }

  if (field->length > 0 && (guint) g_utf8_strlen (text, -1) > field->length)
    return _fc_sim_sf_error_new ("STRING_TOO_LONG", one_field (field->name),
                                 "%s: data value too large: %s (max length=%u)", field->label,
                                 text, field->length);
  if (field->type == FC_SIM_SF_TYPE_EMAIL && !email_is_valid (text))
    return _fc_sim_sf_error_new ("INVALID_EMAIL_ADDRESS", one_field (field->name),
                                 "%s: invalid email address: %s", field->label, text);
  if (field->type == FC_SIM_SF_TYPE_PICKLIST && (field->flags & FC_SIM_SF_RESTRICTED) != 0
      && !g_strv_contains ((const char * const *) field->picklist, text))
    return _fc_sim_sf_error_new ("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
                                 one_field (field->name),
                                 "%s: bad value for restricted picklist field: %s", field->label,
                                 text);

  *out = text_node (text);
  return NULL;
}

static FcSimSfError *
check_reference (FcSimSalesforce  *sf,
                 FcSimSfField     *field,
                 JsonNode         *node,
                 JsonNode        **out)
{
  g_autofree char *text = scalar_text (node);
  g_autofree char *id = NULL;
  FcSimSfObject *target;
  FcSimRecord *record;

  if (text == NULL)
    return parser_error (field, node, "id");
  if (text[0] == '\0')
    {
      *out = json_node_new (JSON_NODE_NULL);
      return NULL;
    }

  id = _fc_sim_soql_normalize_id (text);
  if (id == NULL)
    return _fc_sim_sf_error_new ("MALFORMED_ID", one_field (field->name),
                                 "%s: id value of incorrect type: %s", field->label, text);

  if (g_str_equal (field->reference_to, "User"))
    {
      if (!g_str_equal (id, sf->user_id))
        return _fc_sim_sf_error_new ("INVALID_CROSS_REFERENCE_KEY", one_field (field->name),
                                     "invalid cross reference id");
    }
  else
    {
      target = _fc_sim_sf_find_object (sf, field->reference_to);
      if (target == NULL || strncmp (id, target->key_prefix, 3) != 0)
        return _fc_sim_sf_error_new ("FIELD_INTEGRITY_EXCEPTION", one_field (field->name),
                                     "%s: id value of incorrect type: %s", field->label, text);
      record = _fc_sim_sf_lookup (target, id);
      if (record == NULL || record->deleted_ms != 0)
        return _fc_sim_sf_error_new ("INVALID_CROSS_REFERENCE_KEY", one_field (field->name),
                                     "invalid cross reference id");
    }

  *out = text_node (id);
  return NULL;
}

static double
power_of_ten (guint exponent)
{
  double result = 1;

  for (guint i = 0; i < exponent; i++)
    result *= 10;
  return result;
}

static FcSimSfError *
check_number (FcSimSfField  *field,
              JsonNode      *node,
              JsonNode     **out)
{
  const char *word = field->type == FC_SIM_SF_TYPE_INT ? "int" : "double";
  double value, factor;
  GType type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;

  if (type == G_TYPE_INT64 || type == G_TYPE_DOUBLE)
    {
      value = json_node_get_double (node);
    }
  else if (type == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);
      char *end = NULL;

      if (text[0] == '\0')
        {
          *out = json_node_new (JSON_NODE_NULL);
          return NULL;
        }
      value = g_ascii_strtod (text, &end);
      if (end == text || *end != '\0' || value != value)
        return parser_error (field, node, word);
    }
  else
    {
      return parser_error (field, node, word);
    }

  /* Numbers past 10^18 are out of every field's range; below it, integers are exact */
  if (value >= 1e18 || value <= -1e18)
    return _fc_sim_sf_error_new ("NUMBER_OUTSIDE_VALID_RANGE", one_field (field->name),
                                 "%s: value outside of valid range on numeric field: %g",
                                 field->label, value);
  if (field->type == FC_SIM_SF_TYPE_INT && value != (double) (gint64) value)
    return parser_error (field, node, word);

  factor = power_of_ten (field->scale);
  value = (double) (gint64) (value * factor + (value >= 0 ? 0.5 : -0.5)) / factor;
  if (value >= power_of_ten (field->precision - field->scale)
      || value <= -power_of_ten (field->precision - field->scale))
    return _fc_sim_sf_error_new ("NUMBER_OUTSIDE_VALID_RANGE", one_field (field->name),
                                 "%s: value outside of valid range on numeric field: %g",
                                 field->label, value);

  if (field->type == FC_SIM_SF_TYPE_INT)
    *out = json_node_init_int (json_node_alloc (), (gint64) value);
  else
    *out = json_node_init_double (json_node_alloc (), value);
  return NULL;
}

static FcSimSfError *
check_value (FcSimSalesforce  *sf,
             FcSimSfField     *field,
             JsonNode         *node,
             JsonNode        **out)
{
  GType type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  gint64 ms;

  if (JSON_NODE_HOLDS_NULL (node))
    {
      *out = field->type == FC_SIM_SF_TYPE_BOOLEAN
             ? json_node_init_boolean (json_node_alloc (), FALSE)
             : json_node_new (JSON_NODE_NULL);
      return NULL;
    }

  switch (field->type)
    {
    case FC_SIM_SF_TYPE_STRING:
    case FC_SIM_SF_TYPE_EMAIL:
    case FC_SIM_SF_TYPE_PHONE:
    case FC_SIM_SF_TYPE_TEXTAREA:
    case FC_SIM_SF_TYPE_URL:
    case FC_SIM_SF_TYPE_PICKLIST:
      return check_text (field, node, out);

    case FC_SIM_SF_TYPE_REFERENCE:
      return check_reference (sf, field, node, out);

    case FC_SIM_SF_TYPE_BOOLEAN:
      if (type != G_TYPE_BOOLEAN)
        return parser_error (field, node, "boolean");
      *out = json_node_copy (node);
      return NULL;

    case FC_SIM_SF_TYPE_DOUBLE:
    case FC_SIM_SF_TYPE_CURRENCY:
    case FC_SIM_SF_TYPE_PERCENT:
    case FC_SIM_SF_TYPE_INT:
      return check_number (field, node, out);

    case FC_SIM_SF_TYPE_DATE:
      if (type != G_TYPE_STRING || !_fc_sim_soql_parse_date (json_node_get_string (node), &ms))
        return parser_error (field, node, "date");
      *out = json_node_copy (node);
      return NULL;

    case FC_SIM_SF_TYPE_DATETIME:
      {
        g_autofree char *text = NULL;

        if (type != G_TYPE_STRING
            || !_fc_sim_soql_parse_datetime (json_node_get_string (node), &ms))
          return parser_error (field, node, "datetime");
        /* Salesforce keeps date-times to the second */
        text = _fc_sim_sf_format_datetime (ms - ms % SECOND_MS);
        *out = text_node (text);
        return NULL;
      }

    case FC_SIM_SF_TYPE_ID:
    case FC_SIM_SF_TYPE_ADDRESS:
    default:
      return parser_error (field, node, "value");
    }
}

static gboolean
same_text (const char *a,
           const char *b)
{
  g_autofree char *x = NULL;
  g_autofree char *y = NULL;

  if (g_str_is_ascii (a) && g_str_is_ascii (b))
    return g_ascii_strcasecmp (a, b) == 0;

  x = g_utf8_casefold (a, -1);
  y = g_utf8_casefold (b, -1);
  return g_str_equal (x, y);
}

static gboolean
is_required (FcSimSfField *field)
{
  return (field->flags & (FC_SIM_SF_NILLABLE | FC_SIM_SF_DEFAULTED)) == 0
         && (field->flags & FC_SIM_SF_CREATEABLE) != 0
         && field->type != FC_SIM_SF_TYPE_BOOLEAN;
}

/* Live records whose @field equals @value: text case-insensitively, numbers by value. */
GPtrArray *
_fc_sim_sf_find_by_field (FcSimSfObject *object,
                          FcSimSfField  *field,
                          const char    *value)
{
  GPtrArray *found = g_ptr_array_new ();
  guint n = _fc_sim_collection_get_length (object->records);
  double number = g_ascii_strtod (value, NULL);

  if (g_str_equal (field->name, "Id"))
    {
      FcSimRecord *record = _fc_sim_sf_lookup (object, value);

      if (record != NULL && record->deleted_ms == 0)
        g_ptr_array_add (found, record);
      return found;
    }

  for (guint i = 0; i < n; i++)
    {
      FcSimRecord *record = _fc_sim_collection_get_nth (object->records, i);
      JsonNode *node = json_object_get_member (record->fields, field->name);
      GType type;

      if (record->deleted_ms != 0 || node == NULL || !JSON_NODE_HOLDS_VALUE (node))
        continue;
      type = json_node_get_value_type (node);
      if ((type == G_TYPE_STRING && same_text (json_node_get_string (node), value))
          || ((type == G_TYPE_DOUBLE || type == G_TYPE_INT64)
              && json_node_get_double (node) == number))
        g_ptr_array_add (found, record);
    }

  return found;
}

static FcSimSfError *
check_unique (FcSimSfObject *object,
              FcSimRecord   *record,
              JsonObject    *changes,
              GHashTable    *batch_unique)
{
  g_autoptr (GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < object->fields->len; i++)
    {
      FcSimSfField *field = g_ptr_array_index (object->fields, i);
      JsonNode *node = json_object_get_member (changes, field->name);
      g_autofree char *text = NULL;
      g_autofree char *folded = NULL;
      g_autoptr (GPtrArray) matches = NULL;

      if ((field->flags & FC_SIM_SF_UNIQUE) == 0 || node == NULL || JSON_NODE_HOLDS_NULL (node))
        continue;

      text = scalar_text (node);
      matches = _fc_sim_sf_find_by_field (object, field, text);
      for (guint m = 0; m < matches->len; m++)
        {
          FcSimRecord *other = g_ptr_array_index (matches, m);
          g_autofree char *other_id = NULL;

          if (other == record)
            continue;
          other_id = _fc_sim_sf_record_id (object, other);
          return _fc_sim_sf_error_new ("DUPLICATE_VALUE", one_field (field->name),
                                       "duplicate value found: %s duplicates value on record "
                                       "with id: %s", field->name, other_id);
        }

      folded = g_utf8_casefold (text, -1);
      g_ptr_array_add (keys, g_strconcat (field->name, "\t", folded, NULL));
      if (batch_unique != NULL && g_hash_table_contains (batch_unique,
                                                         g_ptr_array_index (keys, keys->len - 1)))
        return _fc_sim_sf_error_new ("DUPLICATE_VALUE", one_field (field->name),
                                     "duplicate value found: %s duplicates value on another "
                                     "record in this request", field->name);
    }

  for (guint i = 0; batch_unique != NULL && i < keys->len; i++)
    g_hash_table_add (batch_unique, g_strdup (g_ptr_array_index (keys, i)));

  return NULL;
}

static FcSimSfError *
check_required (FcSimSfObject *object,
                FcSimRecord   *record,
                JsonObject    *changes)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) missing = NULL;
  g_autofree char *list = NULL;

  for (guint i = 0; i < object->fields->len; i++)
    {
      FcSimSfField *field = g_ptr_array_index (object->fields, i);
      JsonNode *node = json_object_get_member (changes, field->name);

      if (!is_required (field))
        continue;
      if ((record == NULL && (node == NULL || JSON_NODE_HOLDS_NULL (node)))
          || (record != NULL && node != NULL && JSON_NODE_HOLDS_NULL (node)))
        g_strv_builder_add (builder, field->name);
    }

  missing = g_strv_builder_end (builder);
  if (missing[0] == NULL)
    return NULL;

  list = g_strjoinv (", ", missing);
  return _fc_sim_sf_error_new ("REQUIRED_FIELD_MISSING", g_steal_pointer (&missing),
                               "Required fields are missing: [%s]", list);
}

/* Checks one member of a write body; adds its canonical name and value to @changes */
static FcSimSfError *
prepare_member (FcSimSalesforce *sf,
                FcSimSfObject   *object,
                FcSimRecord     *record,
                const char      *name,
                JsonNode        *value,
                JsonObject      *changes)
{
  FcSimSfField *field = _fc_sim_sf_find_field (object, name);
  gboolean create = record == NULL;
  JsonNode *checked = NULL;
  FcSimSfError *error;

  if (field == NULL)
    return _fc_sim_sf_error_new ("INVALID_FIELD", one_field (name),
                                 "No such column '%s' on sobject of type %s", name, object->name);

  if (g_str_equal (field->name, "Id"))
    {
      g_autofree char *text = scalar_text (value);
      g_autofree char *given = _fc_sim_soql_normalize_id (text);
      g_autofree char *own = create ? NULL : _fc_sim_sf_record_id (object, record);

      if (create)
        return _fc_sim_sf_error_new ("INVALID_FIELD_FOR_INSERT_UPDATE", one_field ("Id"),
                                     "cannot specify Id in an insert call");
      if (g_strcmp0 (given, own) != 0)
        return _fc_sim_sf_error_new ("INVALID_FIELD_FOR_INSERT_UPDATE", one_field ("Id"),
                                     "Id in the body (%s) is not the id of the record being "
                                     "updated", text);
      return NULL;
    }

  if ((field->flags & (create ? FC_SIM_SF_CREATEABLE : FC_SIM_SF_UPDATEABLE)) == 0)
    return _fc_sim_sf_error_new ("INVALID_FIELD_FOR_INSERT_UPDATE", one_field (field->name),
                                 "Unable to create/update fields: %s. Please check the security "
                                 "settings of this field and verify that it is read/write for "
                                 "your profile or permission set.", field->name);

  error = check_value (sf, field, value, &checked);
  if (error == NULL)
    json_object_set_member (changes, field->name, checked);
  return error;
}

/* Checks a create (@record NULL) or update body and returns the changes to apply, with
 * canonical field names and values; NULL and @error when Salesforce would refuse it. With
 * @batch_unique, unique values must also differ from those of earlier records of the batch
 * (allOrNone, where nothing is applied until every record passed). */
JsonObject *
_fc_sim_sf_prepare (FcSimSalesforce  *sf,
                    FcSimSfObject    *object,
                    FcSimRecord      *record,
                    JsonObject       *body,
                    GHashTable       *batch_unique,
                    FcSimSfError    **error)
{
  g_autoptr (JsonObject) changes = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  json_object_iter_init (&iter, body);
  while (json_object_iter_next (&iter, &name, &value))
    {
      if (g_str_equal (name, "attributes"))
        continue;
      *error = prepare_member (sf, object, record, name, value, changes);
      if (*error != NULL)
        return NULL;
    }

  *error = check_required (object, record, changes);
  if (*error == NULL)
    *error = check_unique (object, record, changes, batch_unique);
  if (*error != NULL)
    return NULL;

  return g_steal_pointer (&changes);
}

static void
set_default (FcSimSfObject *object,
             FcSimRecord   *record,
             const char    *name,
             JsonNode      *value)
{
  if (json_object_has_member (record->fields, name))
    json_node_unref (value);
  else
    _fc_sim_collection_set (object->records, record, name, value);
}

/* Writes prepared @changes: a new record when @record is NULL. Both timestamps move to now. */
FcSimRecord *
_fc_sim_sf_apply (FcSimSalesforce *sf,
                  FcSimSfObject   *object,
                  FcSimRecord     *record,
                  JsonObject      *changes)
{
  gint64 now = _fc_sim_now_ms (sf->provider->sim);
  gboolean create = record == NULL;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  now -= now % SECOND_MS;
  if (create)
    record = _fc_sim_collection_insert (object->records, object->next_seq++, now);

  json_object_iter_init (&iter, changes);
  while (json_object_iter_next (&iter, &name, &value))
    {
      if (JSON_NODE_HOLDS_NULL (value))
        _fc_sim_collection_unset (object->records, record, name);
      else
        _fc_sim_collection_set (object->records, record, name, json_node_copy (value));
    }

  if (create)
    {
      for (guint i = 0; i < object->fields->len; i++)
        {
          FcSimSfField *field = g_ptr_array_index (object->fields, i);

          if (field->default_value != NULL)
            set_default (object, record, field->name, json_node_init_string (json_node_alloc (),
                                                                             field->default_value));
        }
      if (_fc_sim_sf_find_field (object, "OwnerId") != NULL)
        set_default (object, record, "OwnerId",
                     json_node_init_string (json_node_alloc (), sf->user_id));
    }

  /* Changing the stage moves the probability to the stage's, unless it was written too */
  if (object->id == FC_SIM_SF_OPPORTUNITY && json_object_has_member (changes, "StageName")
      && !json_object_has_member (changes, "Probability"))
    {
      const char *stage = json_object_get_string_member_with_default (record->fields,
                                                                      "StageName", NULL);
      double probability = _fc_sim_sf_stage_probability (stage, NULL, NULL);

      _fc_sim_collection_set (object->records, record, "Probability",
                              json_node_init_double (json_node_alloc (), probability));
    }

  record->updated_ms = now;
  return record;
}

/* Moves @record to the recycle bin: IsDeleted turns true and SystemModstamp moves. */
void
_fc_sim_sf_delete (FcSimSalesforce *sf,
                   FcSimSfObject   *object,
                   FcSimRecord     *record)
{
  gint64 now = _fc_sim_now_ms (sf->provider->sim);

  now -= now % SECOND_MS;
  _fc_sim_collection_delete (object->records, record, now);
  record->updated_ms = now;
}
