/* fc-sim-hubspot-values.c: validation of written property values, the values HubSpot keeps
 * itself, and the object JSON
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-sim-hubspot"

#include "config.h"

#include <string.h>

#include "fc-sim-hubspot-private.h"

static char *
node_to_text (JsonNode *node)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("");
  if (!JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (node));
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_DOUBLE:
      return g_strdup (g_ascii_dtostr (buffer, sizeof buffer, json_node_get_double (node)));
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "true" : "false");
    default:
      return NULL;
    }
}

static gboolean
has_option (FcSimHubSpotProperty *property,
            const char           *value)
{
  for (guint i = 0; i < json_array_get_length (property->options); i++)
    {
      JsonObject *option = _fc_sim_json_array_object (property->options, i);

      if (g_strcmp0 (json_object_get_string_member (option, "value"), value) == 0)
        return TRUE;
    }

  return FALSE;
}

static char *
list_options (FcSimHubSpotProperty *property)
{
  GString *out = g_string_new ("[");

  for (guint i = 0; i < json_array_get_length (property->options); i++)
    {
      JsonObject *option = _fc_sim_json_array_object (property->options, i);

      g_string_append_printf (out, "%s%s", i > 0 ? ", " : "",
                              json_object_get_string_member (option, "value"));
    }
  g_string_append_c (out, ']');

  return g_string_free (out, FALSE);
}

static gboolean
valid_email (const char *value)
{
  const char *at = strchr (value, '@');

  return at != NULL && at != value && strchr (at + 1, '.') != NULL && strchr (value, ' ') == NULL
         && strchr (at + 1, '@') == NULL && at[1] != '.' && value[strlen (value) - 1] != '.';
}

/* Checks one value and returns it in stored form, or NULL after adding an issue. */
static char *
normalise_value (FcSimHubSpotProperty *property,
                 const char           *text,
                 const char          **code,
                 char                **message)
{
  gint64 ms;

  if (text[0] == '\0')
    return g_strdup ("");

  if (g_str_equal (property->type, "number"))
    {
      char *end = NULL;

      g_ascii_strtod (text, &end);
      if (end == text || *end != '\0')
        {
          *code = "INVALID_DECIMAL";
          *message = g_strdup_printf ("%s was not a valid number.", text);
          return NULL;
        }
    }
  else if (g_str_equal (property->type, "bool"))
    {
      if (g_ascii_strcasecmp (text, "true") != 0 && g_ascii_strcasecmp (text, "false") != 0)
        {
          *code = "INVALID_BOOLEAN";
          *message = g_strdup_printf ("%s was not a valid boolean (true or false).", text);
          return NULL;
        }
      return g_ascii_strdown (text, -1);
    }
  else if (g_str_equal (property->type, "enumeration"))
    {
      g_auto (GStrv) values = g_strsplit (text, ";", -1);
      gboolean multiple = g_str_equal (property->field_type, "checkbox");

      for (guint i = 0; values[i] != NULL; i++)
        {
          if ((!multiple && i > 0) || !has_option (property, values[i]))
            {
              g_autofree char *allowed = list_options (property);

              *code = "INVALID_OPTION";
              *message = g_strdup_printf ("%s was not one of the allowed options: %s", text,
                                          allowed);
              return NULL;
            }
        }
    }
  else if (g_str_equal (property->type, "datetime") || g_str_equal (property->type, "date"))
    {
      gboolean date = g_str_equal (property->type, "date");

      if (!_fc_sim_parse_iso (text, &ms) || (date && ms % (24 * 60 * 60 * 1000) != 0))
        {
          *code = "INVALID_DATE";
          *message = g_strdup_printf (date ? "%s is not a valid date: use YYYY-MM-DD or epoch "
                                             "milliseconds at midnight UTC"
                                           : "%s is not a valid date-time: use epoch "
                                             "milliseconds or ISO 8601", text);
          return NULL;
        }
      if (date)
        {
          g_autofree char *iso = _fc_sim_format_iso_s (ms);

          return g_strndup (iso, 10);
        }
      return _fc_sim_format_iso_ms (ms);
    }
  else if (g_str_equal (property->name, "email") && !valid_email (text))
    {
      *code = "INVALID_EMAIL";
      *message = g_strdup_printf ("Email address %s is invalid", text);
      return NULL;
    }

  return g_strdup (text);
}

static void
add_issue (JsonArray  *issues,
           const char *name,
           const char *code,
           const char *message)
{
  JsonObject *issue = json_object_new ();

  json_object_set_boolean_member (issue, "isValid", FALSE);
  json_object_set_string_member (issue, "message", message);
  json_object_set_string_member (issue, "error", code);
  json_object_set_string_member (issue, "name", name);
  json_object_set_string_member (issue, "localizedErrorMessage", message);
  json_array_add_object_element (issues, issue);
}

/* Validates a {name: value} map to write. Returns name -> stored text ("" clears), or NULL with
 * a VALIDATION_ERROR message in HubSpot's words. */
GHashTable *
_fc_sim_hubspot_validate (FcSimHubSpot            *hs,
                          const FcSimHubSpotType  *type,
                          JsonObject              *properties,
                          GError                 **error)
{
  g_autoptr (GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (JsonArray) issues = json_array_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init (&iter, properties);
  while (json_object_iter_next (&iter, &name, &node))
    {
      FcSimHubSpotProperty *property = _fc_sim_hubspot_find_property (hs, type, name);
      g_autofree char *text = node_to_text (node);
      g_autofree char *message = NULL;
      const char *code = NULL;
      char *value;

      if (property == NULL)
        {
          message = g_strdup_printf ("Property \"%s\" does not exist", name);
          add_issue (issues, name, "PROPERTY_DOESNT_EXIST", message);
          continue;
        }
      if (property->read_only || property->calculated)
        {
          message = g_strdup_printf ("%s is a read only property; its value cannot be set.", name);
          add_issue (issues, name, "READ_ONLY_VALUE", message);
          continue;
        }
      if (text == NULL)
        {
          message = g_strdup_printf ("%s must be a string, number or boolean, not an object or "
                                     "array", name);
          add_issue (issues, name, "INVALID_TYPE", message);
          continue;
        }
      value = normalise_value (property, text, &code, &message);
      if (value == NULL)
        {
          add_issue (issues, name, code, message);
          continue;
        }
      g_hash_table_replace (values, g_strdup (name), value);
    }

  if (json_array_get_length (issues) > 0)
    {
      JsonNode *array = json_node_new (JSON_NODE_ARRAY);
      g_autofree char *text = NULL;

      json_node_set_array (array, issues);
      text = _fc_sim_json_to_string (array);
      json_node_unref (array);
      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                   "Property values were not valid: %s", text);
      return NULL;
    }

  return g_steal_pointer (&values);
}

char *
_fc_sim_hubspot_get_value (FcSimHubSpot           *hs,
                           const FcSimHubSpotType *type,
                           FcSimRecord            *record,
                           const char             *name)
{
  if (g_str_equal (name, "hs_object_id"))
    return g_strdup_printf ("%" G_GINT64_FORMAT, record->id);
  if (g_str_equal (name, type->modified))
    return _fc_sim_format_iso_ms (record->updated_ms);
  if (g_str_equal (name, "createdate") && !json_object_has_member (record->fields, "createdate"))
    return _fc_sim_format_iso_ms (record->created_ms);

  return g_strdup (json_object_get_string_member_with_default (record->fields, name, NULL));
}

/* The value as a number: numbers as such, dates and date-times as epoch milliseconds. */
gboolean
_fc_sim_hubspot_get_number (FcSimHubSpot           *hs,
                            const FcSimHubSpotType *type,
                            FcSimRecord            *record,
                            FcSimHubSpotProperty   *property,
                            double                 *number)
{
  const char *name = property->name;
  const char *text;
  gint64 ms;

  if (g_str_equal (name, "hs_object_id"))
    *number = record->id;
  else if (g_str_equal (name, type->modified))
    *number = record->updated_ms;
  else if (g_str_equal (name, "createdate") && !json_object_has_member (record->fields, name))
    *number = record->created_ms;
  else
    {
      text = json_object_get_string_member_with_default (record->fields, name, NULL);
      if (text == NULL || text[0] == '\0')
        return FALSE;
      if (g_str_equal (property->type, "number"))
        *number = g_ascii_strtod (text, NULL);
      else if (_fc_sim_parse_iso (text, &ms))
        *number = ms;
      else
        return FALSE;
    }

  return TRUE;
}

/* Property names from a comma list, existing ones only; NULL when none were asked for. */
char **
_fc_sim_hubspot_wanted (FcSimHubSpot           *hs,
                        const FcSimHubSpotType *type,
                        const char             *requested)
{
  g_auto (GStrv) names = NULL;
  GStrvBuilder *builder;
  char **wanted;

  if (requested == NULL || requested[0] == '\0')
    return NULL;

  names = _fc_sim_split_list (requested);
  builder = g_strv_builder_new ();
  for (guint i = 0; names[i] != NULL; i++)
    {
      if (_fc_sim_hubspot_find_property (hs, type, names[i]) != NULL)
        g_strv_builder_add (builder, names[i]);
    }
  wanted = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);

  return wanted;
}

char **
_fc_sim_hubspot_wanted_array (FcSimHubSpot           *hs,
                              const FcSimHubSpotType *type,
                              JsonArray              *requested)
{
  g_autoptr (GString) list = g_string_new (NULL);

  if (requested == NULL || json_array_get_length (requested) == 0)
    return NULL;

  for (guint i = 0; i < json_array_get_length (requested); i++)
    {
      const char *name = _fc_sim_json_array_string (requested, i);

      if (name != NULL)
        g_string_append_printf (list, "%s,", name);
    }

  return _fc_sim_hubspot_wanted (hs, type, list->str);
}

/* Writes the value of @name as a string, or null when the record has none. The values HubSpot
 * keeps itself are written straight, without a copy of their text. */
static void
write_value (FcSimJsonWriter        *writer,
             const FcSimHubSpotType *type,
             FcSimRecord            *record,
             const char             *name)
{
  JsonNode *stored;

  if (g_str_equal (name, "hs_object_id"))
    {
      char id[24];

      _fc_sim_writer_string_len (writer, id, g_snprintf (id, sizeof id, "%" G_GINT64_FORMAT,
                                                          record->id));
      return;
    }
  stored = json_object_get_member (record->fields, name);
  if (g_str_equal (name, type->modified))
    _fc_sim_writer_iso_ms (writer, record->updated_ms);
  else if (g_str_equal (name, "createdate") && stored == NULL)
    _fc_sim_writer_iso_ms (writer, record->created_ms);
  else if (stored != NULL && JSON_NODE_HOLDS_VALUE (stored)
           && json_node_get_value_type (stored) == G_TYPE_STRING)
    _fc_sim_writer_string (writer, json_node_get_string (stored));
  else
    _fc_sim_writer_null (writer);
}

static gboolean
has_value (const FcSimHubSpotType *type,
           FcSimRecord            *record,
           const char             *name)
{
  JsonNode *stored = json_object_get_member (record->fields, name);

  if (g_str_equal (name, "hs_object_id") || g_str_equal (name, type->modified)
      || (g_str_equal (name, "createdate") && stored == NULL))
    return TRUE;

  return stored != NULL && JSON_NODE_HOLDS_VALUE (stored)
         && json_node_get_value_type (stored) == G_TYPE_STRING;
}

static void
write_member (FcSimJsonWriter        *writer,
              const FcSimHubSpotType *type,
              FcSimRecord            *record,
              const char             *name)
{
  _fc_sim_writer_name (writer, name);
  write_value (writer, type, record, name);
}

/* Whether @name came before position @index of the properties asked for: a name asked for
 * twice is written once, where it first came. */
static gboolean
asked_before (const char * const *list,
              guint               index,
              const char         *name)
{
  for (guint i = 0; i < index; i++)
    {
      if (g_str_equal (list[i], name))
        return TRUE;
    }

  return FALSE;
}

/* SimplePublicObject: id, properties, createdAt, updatedAt, archived[, archivedAt]. @names NULL
 * gives the default properties; @all gives every property that has a value. */
static void
write_object (FcSimJsonWriter        *writer,
              FcSimHubSpot           *hs,
              const FcSimHubSpotType *type,
              FcSimRecord            *record,
              char                  **names,
              gboolean                all)
{
  const char * const *list = names != NULL ? (const char * const *) names : type->defaults;
  const char *always[] = { "createdate", type->modified, "hs_object_id" };

  _fc_sim_writer_begin_object (writer);
  _fc_sim_writer_name (writer, "id");
  write_value (writer, type, record, "hs_object_id");
  _fc_sim_writer_name (writer, "properties");
  _fc_sim_writer_begin_object (writer);
  if (all)
    {
      GPtrArray *defined = hs->properties[type->id];

      for (guint i = 0; i < defined->len; i++)
        {
          FcSimHubSpotProperty *property = g_ptr_array_index (defined, i);

          if (has_value (type, record, property->name))
            write_member (writer, type, record, property->name);
        }
    }
  else
    {
      guint n = g_strv_length ((char **) list);

      for (guint i = 0; i < n; i++)
        {
          if (!asked_before (list, i, list[i]))
            write_member (writer, type, record, list[i]);
        }
      for (guint i = 0; i < G_N_ELEMENTS (always); i++)
        {
          if (!asked_before (list, n, always[i]) && !asked_before (always, i, always[i]))
            write_member (writer, type, record, always[i]);
        }
    }
  _fc_sim_writer_end_object (writer);

  _fc_sim_writer_name (writer, "createdAt");
  _fc_sim_writer_iso_ms (writer, record->created_ms);
  _fc_sim_writer_name (writer, "updatedAt");
  _fc_sim_writer_iso_ms (writer, record->updated_ms);
  _fc_sim_writer_name (writer, "archived");
  _fc_sim_writer_boolean (writer, record->deleted_ms != 0);
  if (record->deleted_ms != 0)
    {
      _fc_sim_writer_name (writer, "archivedAt");
      _fc_sim_writer_iso_ms (writer, record->deleted_ms);
    }
  _fc_sim_writer_end_object (writer);
}

/* The object as JSON text, for answers of many objects: no tree per object */
void
_fc_sim_hubspot_append_object (GString                *out,
                               FcSimHubSpot           *hs,
                               const FcSimHubSpotType *type,
                               FcSimRecord            *record,
                               char                  **names,
                               gboolean                all)
{
  FcSimJsonWriter writer;

  _fc_sim_writer_init_text (&writer, out);
  write_object (&writer, hs, type, record, names, all);
}

/* The object as a tree, for the answers and events that hold one object */
JsonNode *
_fc_sim_hubspot_object_to_json (FcSimHubSpot           *hs,
                                const FcSimHubSpotType *type,
                                FcSimRecord            *record,
                                char                  **names,
                                gboolean                all)
{
  FcSimJsonWriter writer;

  _fc_sim_writer_init_tree (&writer);
  write_object (&writer, hs, type, record, names, all);

  return _fc_sim_writer_end_tree (&writer);
}
