/* fc-sim-graphql-variables.c: variables: their definitions and uses checked against the
 * schema as graphql-ruby does, and the request's values coerced to their types
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-sim-graphql"

#include "config.h"

#include <string.h>

#include "fc-sim-graphql-private.h"

void
_fc_sim_gql_collect_usages (FcSimGqlValidator      *v,
                            const FcSimGqlAstValue *value,
                            const FcSimGqlTypeRef  *location,
                            gboolean                has_default,
                            const char             *argument)
{
  FcSimGqlType *type;

  if (value->kind == FC_SIM_GQL_AST_VARIABLE)
    {
      FcSimGqlUsage *usage = g_new0 (FcSimGqlUsage, 1);

      usage->value = value;
      usage->location = location;
      usage->location_has_default = has_default;
      usage->argument = argument;
      g_ptr_array_add (v->usages, usage);
      return;
    }

  if (value->kind == FC_SIM_GQL_AST_LIST)
    {
      const FcSimGqlTypeRef *item = location->name == NULL ? location->of_type : location;

      for (guint i = 0; i < value->items->len; i++)
        _fc_sim_gql_collect_usages (v, g_ptr_array_index (value->items, i), item, FALSE, argument);
      return;
    }

  type = location->name != NULL ? _fc_sim_gql_schema_lookup (v->schema, location->name) : NULL;
  if (value->kind != FC_SIM_GQL_AST_OBJECT || type == NULL || type->kind != FC_SIM_GQL_INPUT)
    return;

  for (guint i = 0; i < value->items->len; i++)
    {
      FcSimGqlAstField *field = g_ptr_array_index (value->items, i);
      FcSimGqlInputValue *input = _fc_sim_gql_find_input (type->fields, field->name);

      if (input != NULL)
        _fc_sim_gql_collect_usages (v, field->value, input->type, input->default_value != NULL,
                                    field->name);
    }
}

void
_fc_sim_gql_selection_spreads (GPtrArray *selections,
                               GPtrArray *names)
{
  for (guint i = 0; selections != NULL && i < selections->len; i++)
    {
      FcSimGqlSelection *selection = g_ptr_array_index (selections, i);

      if (selection->kind == FC_SIM_GQL_SPREAD)
        g_ptr_array_add (names, selection->name);
      else
        _fc_sim_gql_selection_spreads (selection->selections, names);
    }
}

/* Adds the usages of @fragment and of the fragments it spreads to @out; FALSE on a cycle. */
gboolean
_fc_sim_gql_fragment_usages (FcSimGqlValidator *v,
                             FcSimGqlFragment  *fragment,
                             GHashTable        *usages_by_fragment,
                             GHashTable        *visited,
                             GPtrArray         *out)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  GPtrArray *own = g_hash_table_lookup (usages_by_fragment, fragment->name);
  gboolean ok = TRUE;

  if (g_hash_table_contains (visited, fragment->name))
    return FALSE;
  g_hash_table_add (visited, fragment->name);

  for (guint i = 0; own != NULL && i < own->len; i++)
    g_ptr_array_add (out, g_ptr_array_index (own, i));

  _fc_sim_gql_selection_spreads (fragment->selections, names);
  for (guint i = 0; i < names->len; i++)
    {
      FcSimGqlFragment *next = _fc_sim_gql_find_fragment (v->document,
                                                          g_ptr_array_index (names, i));

      if (next != NULL && !_fc_sim_gql_fragment_usages (v, next, usages_by_fragment, visited, out))
        ok = FALSE;
    }
  g_hash_table_remove (visited, fragment->name);

  return ok;
}

static const char *
mismatch_kind (const FcSimGqlVariableDef *variable,
               const FcSimGqlUsage       *usage)
{
  const FcSimGqlTypeRef *var = variable->type;
  const FcSimGqlTypeRef *loc = usage->location;

  if (loc->non_null && !var->non_null && variable->default_value == NULL
      && !usage->location_has_default)
    return "Nullability";

  while (loc->name == NULL || var->name == NULL)
    {
      if (loc->name != NULL || var->name != NULL)
        return "List dimension";
      var = var->of_type;
      loc = loc->of_type;
      if (loc->non_null && !var->non_null)
        return "Nullability";
    }

  return g_str_equal (var->name, loc->name) ? NULL : "Type";
}

static FcSimGqlVariableDef *
find_variable (FcSimGqlOperation *operation,
               const char        *name)
{
  for (guint i = 0; i < operation->variables->len; i++)
    {
      FcSimGqlVariableDef *variable = g_ptr_array_index (operation->variables, i);

      if (g_str_equal (variable->name, name))
        return variable;
    }

  return NULL;
}

void
_fc_sim_gql_check_usages (FcSimGqlValidator *v,
                          FcSimGqlOperation *operation,
                          GPtrArray         *usages)
{
  const char *owner = operation->name != NULL ? operation->name : "anonymous query";
  g_autoptr (GHashTable) used = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < usages->len; i++)
    {
      FcSimGqlUsage *usage = g_ptr_array_index (usages, i);
      FcSimGqlVariableDef *variable = find_variable (operation, usage->value->text);
      g_autofree char *message = NULL;
      const char *kind;

      g_hash_table_add (used, usage->value->text);
      if (variable == NULL)
        {
          message = g_strdup_printf ("Variable $%s is used by %s but not declared",
                                     usage->value->text, owner);
          _fc_sim_gql_report (v, usage->value->line, usage->value->column,
                              _fc_sim_gql_code_extensions ("variableNotDefined", "variableName",
                                                           usage->value->text, NULL), message);
          continue;
        }

      kind = mismatch_kind (variable, usage);
      if (kind != NULL)
        {
          g_autofree char *have = _fc_sim_gql_type_ref_to_string (variable->type);
          g_autofree char *want = _fc_sim_gql_type_ref_to_string (usage->location);
          g_autofree char *what = g_strdup_printf ("%s mismatch", kind);

          message = g_strdup_printf ("%s on variable $%s and argument %s (%s / %s)", what,
                                     variable->name, usage->argument, have, want);
          _fc_sim_gql_report (v, usage->value->line, usage->value->column,
                              _fc_sim_gql_code_extensions ("variableMismatch", "variableName",
                                                           variable->name, "typeName", have,
                                                           "argumentName", usage->argument,
                                                           "errorMessage", what, NULL), message);
        }
    }

  for (guint i = 0; i < operation->variables->len; i++)
    {
      FcSimGqlVariableDef *variable = g_ptr_array_index (operation->variables, i);

      if (!g_hash_table_contains (used, variable->name))
        {
          g_autofree char *message = g_strdup_printf ("Variable $%s is declared by %s but not "
                                                      "used", variable->name, owner);

          _fc_sim_gql_report (v, variable->line, variable->column,
                              _fc_sim_gql_code_extensions ("variableNotUsed", "variableName",
                                                           variable->name, NULL), message);
        }
    }
}

void
_fc_sim_gql_validate_variable_definitions (FcSimGqlValidator *v,
                                           FcSimGqlOperation *operation)
{
  for (guint i = 0; i < operation->variables->len; i++)
    {
      FcSimGqlVariableDef *variable = g_ptr_array_index (operation->variables, i);
      const char *name = _fc_sim_gql_type_ref_name (variable->type);
      FcSimGqlType *type = _fc_sim_gql_schema_lookup (v->schema, name);
      g_autofree char *message = NULL;
      g_autofree char *problem = NULL;
      const char *code = NULL;

      if (find_variable (operation, variable->name) != variable)
        {
          message = g_strdup_printf ("There can only be one variable named \"%s\"",
                                     variable->name);
          _fc_sim_gql_report (v, variable->line, variable->column,
                              _fc_sim_gql_code_extensions ("variableNotUnique", "variableName",
                                                           variable->name, NULL), message);
        }
      else if (type == NULL || type->kind == FC_SIM_GQL_OBJECT)
        {
          message = g_strdup_printf ("%s isn't a %s input type (on $%s)", name,
                                     type == NULL ? "defined" : "valid", variable->name);
          _fc_sim_gql_report (v, variable->line, variable->column,
                              _fc_sim_gql_code_extensions ("variableRequiresValidType", "typeName",
                                                           name, "variableName", variable->name,
                                                           NULL), message);
        }
      else if (variable->default_value != NULL
               && (problem = _fc_sim_gql_check_literal (v->schema, variable->type,
                                                        variable->default_value, &code)) != NULL)
        {
          g_autofree char *shown = _fc_sim_gql_type_ref_to_string (variable->type);

          message = g_strdup_printf ("Default value for $%s doesn't match type %s",
                                     variable->name, shown);
          _fc_sim_gql_report (v, variable->line, variable->column,
                              _fc_sim_gql_code_extensions ("defaultValueInvalidType",
                                                           "variableName", variable->name, NULL),
                              message);
        }
    }
}

/* Values of a request */

static void
add_variable_problem (FcSimGqlRequest     *request,
                      FcSimGqlVariableDef *definition,
                      JsonNode            *given,
                      JsonArray           *path,
                      const char          *explanation)
{
  g_autofree char *type = _fc_sim_gql_type_ref_to_string (definition->type);
  g_autofree char *message = NULL;
  JsonObject *extensions = json_object_new ();
  JsonObject *problem = json_object_new ();
  JsonArray *problems = json_array_new ();
  GString *dotted = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (path); i++)
    {
      JsonNode *step = json_array_get_element (path, i);

      if (i > 0)
        g_string_append_c (dotted, '.');
      if (json_node_get_value_type (step) == G_TYPE_STRING)
        g_string_append (dotted, json_node_get_string (step));
      else
        g_string_append_printf (dotted, "%" G_GINT64_FORMAT, json_node_get_int (step));
    }

  if (dotted->len > 0)
    message = g_strdup_printf ("Variable $%s of type %s was provided invalid value for %s (%s)",
                               definition->name, type, dotted->str, explanation);
  else
    message = g_strdup_printf ("Variable $%s of type %s was provided invalid value",
                               definition->name, type);
  g_string_free (dotted, TRUE);

  json_object_set_member (extensions, "value",
                          given != NULL ? json_node_copy (given) : json_node_new (JSON_NODE_NULL));
  json_object_set_array_member (problem, "path", json_array_ref (path));
  json_object_set_string_member (problem, "explanation", explanation);
  json_array_add_object_element (problems, problem);
  json_object_set_array_member (extensions, "problems", problems);
  _fc_sim_gql_add_error (request, message, definition->line, definition->column, NULL,
                         extensions);
}

/* Coerces the request's variables to the types the operation declares. */
gboolean
_fc_sim_gql_coerce_variables (FcSimGqlRequest *request)
{
  FcSimGqlOperation *operation = request->operation;
  JsonObject *raw = request->raw_variables != NULL
                    && JSON_NODE_HOLDS_OBJECT (request->raw_variables)
                    ? json_node_get_object (request->raw_variables) : NULL;
  gboolean ok = TRUE;

  g_clear_pointer (&request->variables, json_object_unref);
  request->variables = json_object_new ();

  for (guint i = 0; i < operation->variables->len; i++)
    {
      FcSimGqlVariableDef *definition = g_ptr_array_index (operation->variables, i);
      JsonNode *given = raw != NULL ? json_object_get_member (raw, definition->name) : NULL;
      g_autoptr (JsonArray) path = json_array_new ();
      g_autofree char *problem = NULL;
      JsonNode *coerced = NULL;

      if (given == NULL && definition->default_value != NULL)
        {
          json_object_set_member (request->variables, definition->name,
                                  _fc_sim_gql_coerce_literal (request->schema, definition->type,
                                                              definition->default_value, NULL));
          continue;
        }
      if (given == NULL && !definition->type->non_null)
        continue;

      problem = _fc_sim_gql_check_json (request->schema, definition->type, given, &coerced, path);
      if (problem != NULL)
        {
          add_variable_problem (request, definition, given, path, problem);
          ok = FALSE;
          continue;
        }
      json_object_set_member (request->variables, definition->name, coerced);
    }

  return ok;
}
