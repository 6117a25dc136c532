/* fc-sim-graphql-values.c: input values: literals checked and printed, JSON variables and
 * literals coerced to the types of arguments and input objects
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-sim-graphql"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "fc-sim-graphql-private.h"

/* Printing literals as GraphQL source, as graphql-ruby does in its messages */

static void
print_value (GString                *out,
             const FcSimGqlAstValue *value)
{
  switch (value->kind)
    {
    case FC_SIM_GQL_AST_VARIABLE:
      g_string_append_printf (out, "$%s", value->text);
      break;
    case FC_SIM_GQL_AST_STRING:
      {
        g_autoptr (JsonNode) node = json_node_new (JSON_NODE_VALUE);
        g_autoptr (JsonGenerator) generator = json_generator_new ();
        g_autofree char *text = NULL;

        json_node_set_string (node, value->text);
        json_generator_set_root (generator, node);
        text = json_generator_to_data (generator, NULL);
        g_string_append (out, text);
      }
      break;
    case FC_SIM_GQL_AST_NULL:
      g_string_append (out, "null");
      break;
    case FC_SIM_GQL_AST_LIST:
      g_string_append_c (out, '[');
      for (guint i = 0; i < value->items->len; i++)
        {
          if (i > 0)
            g_string_append (out, ", ");
          print_value (out, g_ptr_array_index (value->items, i));
        }
      g_string_append_c (out, ']');
      break;
    case FC_SIM_GQL_AST_OBJECT:
      g_string_append_c (out, '{');
      for (guint i = 0; i < value->items->len; i++)
        {
          FcSimGqlAstField *field = g_ptr_array_index (value->items, i);

          if (i > 0)
            g_string_append (out, ", ");
          g_string_append_printf (out, "%s: ", field->name);
          print_value (out, field->value);
        }
      g_string_append_c (out, '}');
      break;
    case FC_SIM_GQL_AST_INT:
    case FC_SIM_GQL_AST_FLOAT:
    case FC_SIM_GQL_AST_BOOLEAN:
    case FC_SIM_GQL_AST_ENUM:
    default:
      g_string_append (out, value->text);
      break;
    }
}

char *
_fc_sim_gql_print_value (const FcSimGqlAstValue *value)
{
  GString *out = g_string_new (NULL);

  print_value (out, value);
  return g_string_free (out, FALSE);
}

/* Scalars */

static gboolean
is_date (const char *text)
{
  guint year, month, day;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-'
      || sscanf (text, "%4u-%2u-%2u", &year, &month, &day) != 3)
    return FALSE;

  return g_date_valid_dmy (day, month, year);
}

static gboolean
is_date_time (const char *text)
{
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr (GDateTime) time = NULL;

  if (is_date (text))
    return TRUE;

  time = text != NULL ? g_date_time_new_from_iso8601 (text, utc) : NULL;
  return time != NULL;
}

static gboolean
is_time (const char *text)
{
  guint hours = 0, minutes = 0, seconds = 0;
  gsize length = text != NULL ? strlen (text) : 0;

  if (length != 5 && length != 8)
    return FALSE;
  if (sscanf (text, "%2u:%2u", &hours, &minutes) != 2 || text[2] != ':')
    return FALSE;
  if (length == 8 && (text[5] != ':' || sscanf (text + 6, "%2u", &seconds) != 1))
    return FALSE;

  return hours < 24 && minutes < 60 && seconds < 60;
}

/* Checks a string against the simulator's custom scalars; unknown scalars take anything. */
static gboolean
string_fits (const char *scalar,
             const char *text)
{
  if (g_str_equal (scalar, "ISO8601DateTime"))
    return is_date_time (text);
  if (g_str_equal (scalar, "ISO8601Date"))
    return is_date (text);
  if (g_str_equal (scalar, "ISO8601Time"))
    return is_time (text);

  return TRUE;
}

static JsonNode *
string_node (const char *text)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  json_node_set_string (node, text);
  return node;
}

/* Coerces a JSON scalar; NULL when it does not fit */
static JsonNode *
coerce_json_scalar (const char *scalar,
                    JsonNode   *value)
{
  GType type = JSON_NODE_HOLDS_VALUE (value) ? json_node_get_value_type (value) : G_TYPE_INVALID;

  if (g_str_equal (scalar, "Int"))
    {
      if (type == G_TYPE_INT64 && json_node_get_int (value) >= G_MININT32
          && json_node_get_int (value) <= G_MAXINT32)
        return json_node_copy (value);
      return NULL;
    }
  if (g_str_equal (scalar, "Float"))
    {
      JsonNode *node;

      if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
        return NULL;
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_double (node, json_node_get_double (value));
      return node;
    }
  if (g_str_equal (scalar, "Boolean"))
    return type == G_TYPE_BOOLEAN ? json_node_copy (value) : NULL;
  if (g_str_equal (scalar, "ID") && type == G_TYPE_INT64)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (value));

      return string_node (text);
    }
  if (type == G_TYPE_STRING)
    return string_fits (scalar, json_node_get_string (value)) ? json_node_copy (value) : NULL;

  /* Unknown custom scalars take any JSON */
  if (!g_str_equal (scalar, "String") && !g_str_equal (scalar, "ID")
      && !g_str_equal (scalar, "EncodedId") && string_fits (scalar, NULL))
    return json_node_copy (value);

  return NULL;
}

static char *
json_text (JsonNode *value)
{
  g_autoptr (JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, value);
  return json_generator_to_data (generator, NULL);
}

/* JSON values (variables) */

static void
path_push_name (JsonArray  *path,
                const char *name)
{
  json_array_add_string_element (path, name);
}

static void
path_pop (JsonArray *path)
{
  json_array_remove_element (path, json_array_get_length (path) - 1);
}

static char *
check_json_object (FcSimGqlSchema  *schema,
                   FcSimGqlType    *type,
                   JsonNode        *value,
                   JsonNode       **coerced,
                   JsonArray       *path)
{
  g_autoptr (JsonObject) out = json_object_new ();
  JsonObject *object;
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  if (!JSON_NODE_HOLDS_OBJECT (value))
    {
      g_autofree char *text = json_text (value);

      return g_strdup_printf ("Expected %s to be a key-value object.", text);
    }

  object = json_node_get_object (value);
  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &member))
    {
      if (_fc_sim_gql_find_input (type->fields, name) == NULL)
        {
          path_push_name (path, name);
          return g_strdup_printf ("Field is not defined on %s", type->name);
        }
    }

  for (guint i = 0; i < type->fields->len; i++)
    {
      FcSimGqlInputValue *input = g_ptr_array_index (type->fields, i);
      JsonNode *given = json_object_get_member (object, input->name);
      JsonNode *field = NULL;
      char *problem;

      if (given == NULL && input->default_value != NULL)
        {
          json_object_set_member (out, input->name,
                                  _fc_sim_gql_coerce_literal (schema, input->type,
                                                              input->default_value, NULL));
          continue;
        }
      if (given == NULL && !input->type->non_null)
        continue;

      path_push_name (path, input->name);
      problem = _fc_sim_gql_check_json (schema, input->type, given, &field, path);
      if (problem != NULL)
        return problem;
      path_pop (path);
      json_object_set_member (out, input->name, field);
    }

  *coerced = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (*coerced, out);
  return NULL;
}

static char *
check_json_list (FcSimGqlSchema         *schema,
                 const FcSimGqlTypeRef  *ref,
                 JsonNode               *value,
                 JsonNode              **coerced,
                 JsonArray              *path)
{
  JsonArray *out = json_array_new ();
  JsonArray *array;

  *coerced = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (*coerced, out);

  if (!JSON_NODE_HOLDS_ARRAY (value))
    {
      JsonNode *item = NULL;
      char *problem = _fc_sim_gql_check_json (schema, ref->of_type, value, &item, path);

      if (problem != NULL)
        {
          g_clear_pointer (coerced, json_node_unref);
          return problem;
        }
      json_array_add_element (out, item);
      return NULL;
    }

  array = json_node_get_array (value);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = NULL;
      char *problem;

      json_array_add_int_element (path, i);
      problem = _fc_sim_gql_check_json (schema, ref->of_type, json_array_get_element (array, i),
                                        &item, path);
      if (problem != NULL)
        {
          g_clear_pointer (coerced, json_node_unref);
          return problem;
        }
      path_pop (path);
      json_array_add_element (out, item);
    }

  return NULL;
}

/* Checks a JSON value (NULL: absent) against @ref. Returns NULL and the coerced value, or the
 * explanation of the problem with @path pointing at it. */
char *
_fc_sim_gql_check_json (FcSimGqlSchema         *schema,
                        const FcSimGqlTypeRef  *ref,
                        JsonNode               *value,
                        JsonNode              **coerced,
                        JsonArray              *path)
{
  FcSimGqlType *type;

  *coerced = NULL;
  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    {
      if (ref->non_null)
        return g_strdup ("Expected value to not be null");
      *coerced = json_node_new (JSON_NODE_NULL);
      return NULL;
    }

  if (ref->name == NULL)
    return check_json_list (schema, ref, value, coerced, path);

  type = _fc_sim_gql_schema_lookup (schema, ref->name);
  if (type->kind == FC_SIM_GQL_INPUT)
    return check_json_object (schema, type, value, coerced, path);

  if (type->kind == FC_SIM_GQL_ENUM)
    {
      const char *text = JSON_NODE_HOLDS_VALUE (value)
                         && json_node_get_value_type (value) == G_TYPE_STRING
                         ? json_node_get_string (value) : NULL;

      if (!_fc_sim_gql_enum_has (type, text))
        {
          g_autofree char *given = json_text (value);
          g_autofree char *values = _fc_sim_gql_enum_list (type);

          return g_strdup_printf ("Expected %s to be one of: %s", given, values);
        }
      *coerced = json_node_copy (value);
      return NULL;
    }

  *coerced = coerce_json_scalar (type->name, value);
  if (*coerced == NULL)
    {
      g_autofree char *given = json_text (value);

      return g_strdup_printf ("Could not coerce value %s to %s", given, type->name);
    }

  return NULL;
}

/* Literals */

static char *check_literal_object (FcSimGqlSchema          *schema,
                                   FcSimGqlType            *type,
                                   const FcSimGqlAstValue  *value,
                                   const char             **code);

static gboolean
literal_scalar_fits (const char             *scalar,
                     const FcSimGqlAstValue *value)
{
  gint64 number;

  switch (value->kind)
    {
    case FC_SIM_GQL_AST_INT:
      if (g_str_equal (scalar, "Int"))
        return g_ascii_string_to_signed (value->text, 10, G_MININT32, G_MAXINT32, &number, NULL);
      return g_str_equal (scalar, "Float") || g_str_equal (scalar, "ID");
    case FC_SIM_GQL_AST_FLOAT:
      return g_str_equal (scalar, "Float");
    case FC_SIM_GQL_AST_BOOLEAN:
      return g_str_equal (scalar, "Boolean");
    case FC_SIM_GQL_AST_STRING:
      return !g_str_equal (scalar, "Int") && !g_str_equal (scalar, "Float")
             && !g_str_equal (scalar, "Boolean") && string_fits (scalar, value->text);
    case FC_SIM_GQL_AST_VARIABLE:
    case FC_SIM_GQL_AST_NULL:
    case FC_SIM_GQL_AST_ENUM:
    case FC_SIM_GQL_AST_LIST:
    case FC_SIM_GQL_AST_OBJECT:
    default:
      return FALSE;
    }
}

/* Checks a literal against @ref; variables are checked elsewhere. Returns NULL, or a message
 * with its graphql-ruby code: argumentLiteralsIncompatible (the caller words that one, since it
 * knows the argument), argumentNotAccepted or missingRequiredInputObjectAttribute. */
char *
_fc_sim_gql_check_literal (FcSimGqlSchema          *schema,
                           const FcSimGqlTypeRef   *ref,
                           const FcSimGqlAstValue  *value,
                           const char             **code)
{
  FcSimGqlType *type;

  *code = "argumentLiteralsIncompatible";
  if (value->kind == FC_SIM_GQL_AST_VARIABLE)
    return NULL;
  if (value->kind == FC_SIM_GQL_AST_NULL)
    return ref->non_null ? g_strdup ("null") : NULL;

  if (ref->name == NULL)
    {
      if (value->kind != FC_SIM_GQL_AST_LIST)
        return _fc_sim_gql_check_literal (schema, ref->of_type, value, code);
      for (guint i = 0; i < value->items->len; i++)
        {
          char *problem = _fc_sim_gql_check_literal (schema, ref->of_type,
                                                     g_ptr_array_index (value->items, i), code);

          if (problem != NULL)
            return problem;
        }
      return NULL;
    }

  type = _fc_sim_gql_schema_lookup (schema, ref->name);
  if (type->kind == FC_SIM_GQL_INPUT)
    return check_literal_object (schema, type, value, code);
  if (type->kind == FC_SIM_GQL_ENUM)
    return value->kind == FC_SIM_GQL_AST_ENUM && _fc_sim_gql_enum_has (type, value->text)
           ? NULL : g_strdup ("enum");

  return literal_scalar_fits (type->name, value) ? NULL : g_strdup ("scalar");
}

static char *
check_literal_object (FcSimGqlSchema          *schema,
                      FcSimGqlType            *type,
                      const FcSimGqlAstValue  *value,
                      const char             **code)
{
  if (value->kind != FC_SIM_GQL_AST_OBJECT)
    return g_strdup ("object");

  for (guint i = 0; i < value->items->len; i++)
    {
      FcSimGqlAstField *field = g_ptr_array_index (value->items, i);

      if (_fc_sim_gql_find_input (type->fields, field->name) == NULL)
        {
          *code = "argumentNotAccepted";
          return g_strdup_printf ("InputObject '%s' doesn't accept argument '%s'", type->name,
                                  field->name);
        }
    }

  for (guint i = 0; i < type->fields->len; i++)
    {
      FcSimGqlInputValue *input = g_ptr_array_index (type->fields, i);
      const FcSimGqlAstValue *given = NULL;
      char *problem;

      for (guint j = 0; j < value->items->len; j++)
        {
          FcSimGqlAstField *field = g_ptr_array_index (value->items, j);

          if (g_str_equal (field->name, input->name))
            given = field->value;
        }

      if (given == NULL)
        {
          g_autofree char *expected = NULL;

          if (!input->type->non_null || input->default_value != NULL)
            continue;
          expected = _fc_sim_gql_type_ref_to_string (input->type);
          *code = "missingRequiredInputObjectAttribute";
          return g_strdup_printf ("Argument '%s' on InputObject '%s' is required. Expected type "
                                  "%s", input->name, type->name, expected);
        }

      problem = _fc_sim_gql_check_literal (schema, input->type, given, code);
      if (problem != NULL)
        return problem;
    }

  return NULL;
}

/* A list literal, or a single value where a list is expected (a list of one) */
static JsonNode *
coerce_literal_list (FcSimGqlSchema         *schema,
                     const FcSimGqlTypeRef  *ref,
                     const FcSimGqlAstValue *value,
                     JsonObject             *variables)
{
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);
  guint n = value->kind == FC_SIM_GQL_AST_LIST ? value->items->len : 1;

  json_node_take_array (node, array);
  for (guint i = 0; i < n; i++)
    {
      const FcSimGqlAstValue *element = value->kind == FC_SIM_GQL_AST_LIST
                                        ? g_ptr_array_index (value->items, i) : value;
      JsonNode *item = _fc_sim_gql_coerce_literal (schema, ref->of_type, element, variables);

      json_array_add_element (array, item != NULL ? item : json_node_new (JSON_NODE_NULL));
    }

  return node;
}

/* Coerces a checked literal. Variables are looked up in @variables (coerced already); one that
 * was not given makes the result NULL, which means "absent". */
JsonNode *
_fc_sim_gql_coerce_literal (FcSimGqlSchema         *schema,
                            const FcSimGqlTypeRef  *ref,
                            const FcSimGqlAstValue *value,
                            JsonObject             *variables)
{
  JsonNode *node;
  FcSimGqlType *type;

  switch (value->kind)
    {
    case FC_SIM_GQL_AST_VARIABLE:
      node = variables != NULL ? json_object_get_member (variables, value->text) : NULL;
      return node != NULL ? json_node_copy (node) : NULL;
    case FC_SIM_GQL_AST_NULL:
      return json_node_new (JSON_NODE_NULL);
    case FC_SIM_GQL_AST_LIST:
    case FC_SIM_GQL_AST_OBJECT:
    case FC_SIM_GQL_AST_INT:
    case FC_SIM_GQL_AST_FLOAT:
    case FC_SIM_GQL_AST_STRING:
    case FC_SIM_GQL_AST_BOOLEAN:
    case FC_SIM_GQL_AST_ENUM:
    default:
      break;
    }

  if (ref->name == NULL)
    return coerce_literal_list (schema, ref, value, variables);

  type = _fc_sim_gql_schema_lookup (schema, ref->name);
  if (type->kind == FC_SIM_GQL_INPUT)
    {
      JsonObject *object = _fc_sim_gql_coerce_arguments (schema, type->fields, value->items,
                                                         variables);

      node = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (node, object);
      return node;
    }

  node = json_node_new (JSON_NODE_VALUE);
  if (value->kind == FC_SIM_GQL_AST_BOOLEAN)
    json_node_set_boolean (node, value->boolean);
  else if (g_str_equal (type->name, "Float"))
    json_node_set_double (node, g_ascii_strtod (value->text, NULL));
  else if (value->kind == FC_SIM_GQL_AST_INT && g_str_equal (type->name, "Int"))
    json_node_set_int (node, g_ascii_strtoll (value->text, NULL, 10));
  else
    json_node_set_string (node, value->text);

  return node;
}

/* The arguments (or input object members) of @definitions as JSON: given ones and defaults */
JsonObject *
_fc_sim_gql_coerce_arguments (FcSimGqlSchema *schema,
                              GPtrArray      *definitions,
                              GPtrArray      *arguments,
                              JsonObject     *variables)
{
  JsonObject *object = json_object_new ();

  for (guint i = 0; i < definitions->len; i++)
    {
      FcSimGqlInputValue *definition = g_ptr_array_index (definitions, i);
      JsonNode *node = NULL;

      for (guint j = 0; arguments != NULL && j < arguments->len; j++)
        {
          FcSimGqlAstField *argument = g_ptr_array_index (arguments, j);

          if (g_str_equal (argument->name, definition->name))
            node = _fc_sim_gql_coerce_literal (schema, definition->type, argument->value,
                                               variables);
        }
      if (node == NULL && definition->default_value != NULL)
        node = _fc_sim_gql_coerce_literal (schema, definition->type, definition->default_value,
                                           NULL);
      if (node != NULL)
        json_object_set_member (object, definition->name, node);
    }

  return object;
}
