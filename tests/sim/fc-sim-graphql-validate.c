/* fc-sim-graphql-validate.c: static validation of a request document against the schema, with
 * graphql-ruby's messages, codes and paths
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-sim-graphql"

#include "config.h"

#include <string.h>

#include "fc-sim-graphql-private.h"

static const FcSimGqlTypeRef boolean_non_null = { (char *) "Boolean", NULL, TRUE };

void
_fc_sim_gql_report (FcSimGqlValidator *v,
                    guint              line,
                    guint              column,
                    JsonObject        *extensions,
                    const char        *message)
{
  JsonArray *path = json_array_new ();

  for (guint i = 0; i < v->path->len; i++)
    json_array_add_string_element (path, g_ptr_array_index (v->path, i));
  _fc_sim_gql_add_error (v->request, message, line, column,
                         json_array_get_length (path) > 0 ? path : NULL, extensions);
  json_array_unref (path);
}

/* {"code": code, name: value, ...} */
JsonObject *
_fc_sim_gql_code_extensions (const char *code,
                             const char *first_name,
                             ...)
{
  JsonObject *extensions = json_object_new ();
  const char *name = first_name;
  va_list args;

  json_object_set_string_member (extensions, "code", code);
  va_start (args, first_name);
  while (name != NULL)
    {
      json_object_set_string_member (extensions, name, va_arg (args, const char *));
      name = va_arg (args, const char *);
    }
  va_end (args);

  return extensions;
}

static void
path_push (FcSimGqlValidator *v,
           const char        *step)
{
  g_ptr_array_add (v->path, g_strdup (step));
}

static void
path_pop (FcSimGqlValidator *v)
{
  g_ptr_array_remove_index (v->path, v->path->len - 1);
}

FcSimGqlFragment *
_fc_sim_gql_find_fragment (FcSimGqlDocument *document,
                           const char       *name)
{
  for (guint i = 0; i < document->fragments->len; i++)
    {
      FcSimGqlFragment *fragment = g_ptr_array_index (document->fragments, i);

      if (g_strcmp0 (fragment->name, name) == 0)
        return fragment;
    }

  return NULL;
}

/* TRUE when @skip or @include leave the selection out */
gboolean
_fc_sim_gql_directives_skip (FcSimGqlSchema *schema,
                             GPtrArray      *directives,
                             JsonObject     *variables)
{
  for (guint i = 0; directives != NULL && i < directives->len; i++)
    {
      FcSimGqlDirective *directive = g_ptr_array_index (directives, i);
      gboolean skip = g_str_equal (directive->name, "skip");
      g_autoptr (JsonObject) args = NULL;
      static FcSimGqlInputValue condition = { (char *) "if", (FcSimGqlTypeRef *) &boolean_non_null,
                                              NULL };
      g_autoptr (GPtrArray) definitions = g_ptr_array_new ();
      JsonNode *value;

      if (!skip && !g_str_equal (directive->name, "include"))
        continue;

      g_ptr_array_add (definitions, &condition);
      args = _fc_sim_gql_coerce_arguments (schema, definitions, directive->arguments, variables);
      value = json_object_get_member (args, "if");
      if (value != NULL && JSON_NODE_HOLDS_VALUE (value)
          && json_node_get_boolean (value) == skip)
        return TRUE;
    }

  return FALSE;
}

/* Arguments */

/* The literal of one argument against its definition */
static void
check_argument_value (FcSimGqlValidator  *v,
                      const char         *kind,
                      const char         *name,
                      FcSimGqlAstField   *argument,
                      FcSimGqlInputValue *definition)
{
  g_autofree char *problem = NULL;
  g_autofree char *printed = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *message = NULL;
  const char *code = NULL;

  _fc_sim_gql_collect_usages (v, argument->value, definition->type,
                              definition->default_value != NULL, argument->name);
  problem = _fc_sim_gql_check_literal (v->schema, definition->type, argument->value, &code);
  if (problem == NULL)
    return;

  if (!g_str_equal (code, "argumentLiteralsIncompatible"))
    {
      _fc_sim_gql_report (v, argument->value->line, argument->value->column,
                          _fc_sim_gql_code_extensions (code, "argument", argument->name, NULL),
                          problem);
      return;
    }

  printed = _fc_sim_gql_print_value (argument->value);
  expected = _fc_sim_gql_type_ref_to_string (definition->type);
  message = g_strdup_printf ("Argument '%s' on %s '%s' has an invalid value (%s). Expected type "
                             "'%s'.", argument->name, kind, name, printed, expected);
  _fc_sim_gql_report (v, argument->line, argument->column,
                      _fc_sim_gql_code_extensions (code, "typeName", kind, "argumentName",
                                                   argument->name, NULL), message);
}

/* Duplicated and unknown arguments; @owner is how messages name the field or directive */
static void
check_argument (FcSimGqlValidator *v,
                const char        *kind,
                const char        *name,
                const char        *owner,
                GPtrArray         *definitions,
                GPtrArray         *arguments,
                guint              index)
{
  FcSimGqlAstField *argument = g_ptr_array_index (arguments, index);
  FcSimGqlInputValue *definition = _fc_sim_gql_find_input (definitions, argument->name);
  g_autofree char *message = NULL;

  for (guint j = 0; j < index; j++)
    {
      FcSimGqlAstField *earlier = g_ptr_array_index (arguments, j);

      if (g_str_equal (earlier->name, argument->name))
        {
          g_autofree char *duplicate = g_strdup_printf ("There can be only one argument named "
                                                        "\"%s\"", argument->name);

          _fc_sim_gql_report (v, argument->line, argument->column,
                              _fc_sim_gql_code_extensions ("argumentNotUnique", "name",
                                                           argument->name, NULL), duplicate);
        }
    }

  if (definition != NULL)
    {
      check_argument_value (v, kind, name, argument, definition);
      return;
    }

  message = g_strdup_printf ("%s '%s' doesn't accept argument '%s'", kind, owner,
                             argument->name);
  _fc_sim_gql_report (v, argument->line, argument->column,
                      _fc_sim_gql_code_extensions ("argumentNotAccepted", "name", name,
                                                   "typeName", kind, "argumentName",
                                                   argument->name, NULL), message);
}

static gboolean
has_argument (GPtrArray  *arguments,
              const char *name)
{
  for (guint i = 0; arguments != NULL && i < arguments->len; i++)
    {
      FcSimGqlAstField *argument = g_ptr_array_index (arguments, i);

      if (g_str_equal (argument->name, name))
        return TRUE;
    }

  return FALSE;
}

/* @kind is "Field" or "Directive"; @name the field or directive */
static void
validate_arguments (FcSimGqlValidator *v,
                    const char        *kind,
                    const char        *name,
                    GPtrArray         *definitions,
                    GPtrArray         *arguments,
                    guint              line,
                    guint              column)
{
  g_autoptr (GString) missing = g_string_new (NULL);
  g_autofree char *owner = g_str_equal (kind, "Directive") ? g_strconcat ("@", name, NULL)
                                                            : g_strdup (name);
  g_autofree char *message = NULL;

  for (guint i = 0; arguments != NULL && i < arguments->len; i++)
    check_argument (v, kind, name, owner, definitions, arguments, i);

  for (guint i = 0; i < definitions->len; i++)
    {
      FcSimGqlInputValue *definition = g_ptr_array_index (definitions, i);

      if (!has_argument (arguments, definition->name) && definition->type->non_null
          && definition->default_value == NULL)
        g_string_append_printf (missing, "%s%s", missing->len > 0 ? ", " : "", definition->name);
    }

  if (missing->len == 0)
    return;

  message = g_strdup_printf ("%s '%s' is missing required arguments: %s", kind, owner,
                             missing->str);
  _fc_sim_gql_report (v, line, column,
                      _fc_sim_gql_code_extensions ("missingRequiredArguments", "className",
                                                   kind, "name", name, "arguments",
                                                   missing->str, NULL), message);
}

static void
validate_directives (FcSimGqlValidator *v,
                     GPtrArray         *directives)
{
  static FcSimGqlInputValue condition = { (char *) "if", (FcSimGqlTypeRef *) &boolean_non_null,
                                          NULL };

  for (guint i = 0; directives != NULL && i < directives->len; i++)
    {
      FcSimGqlDirective *directive = g_ptr_array_index (directives, i);
      g_autoptr (GPtrArray) definitions = g_ptr_array_new ();

      if (!g_str_equal (directive->name, "skip") && !g_str_equal (directive->name, "include"))
        {
          g_autofree char *message = g_strdup_printf ("Directive @%s is not defined",
                                                      directive->name);

          _fc_sim_gql_report (v, directive->line, directive->column,
                              _fc_sim_gql_code_extensions ("undefinedDirective", "directiveName",
                                                           directive->name, NULL), message);
          continue;
        }

      g_ptr_array_add (definitions, &condition);
      validate_arguments (v, "Directive", directive->name, definitions, directive->arguments,
                          directive->line, directive->column);
    }
}

/* Selections */

static void validate_selections (FcSimGqlValidator *v,
                                 FcSimGqlType      *parent,
                                 GPtrArray         *selections);

static char *
list_selection_names (GPtrArray *selections)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < selections->len; i++)
    {
      FcSimGqlSelection *selection = g_ptr_array_index (selections, i);

      if (out->len > 0)
        g_string_append (out, ", ");
      g_string_append (out, selection->kind == FC_SIM_GQL_FIELD ? selection->name : "...");
    }

  return g_string_free (out, FALSE);
}

static void
check_selection_shape (FcSimGqlValidator *v,
                       FcSimGqlSelection *selection,
                       FcSimGqlTypeRef   *ref)
{
  FcSimGqlType *type = _fc_sim_gql_schema_lookup (v->schema, _fc_sim_gql_type_ref_name (ref));
  g_autofree char *shown = _fc_sim_gql_type_ref_to_string (ref);
  g_autofree char *message = NULL;

  if (type->kind != FC_SIM_GQL_OBJECT && selection->selections != NULL)
    {
      g_autofree char *names = list_selection_names (selection->selections);

      message = g_strdup_printf ("Selections can't be made on %s (field '%s' returns %s but has "
                                 "selections [%s])",
                                 type->kind == FC_SIM_GQL_ENUM ? "enums" : "scalars",
                                 selection->name, shown, names);
      _fc_sim_gql_report (v, selection->line, selection->column,
                          _fc_sim_gql_code_extensions ("selectionMismatch", "nodeName",
                                                       selection->name, NULL), message);
    }
  else if (type->kind == FC_SIM_GQL_OBJECT && selection->selections == NULL)
    {
      message = g_strdup_printf ("Field must have selections (field '%s' returns %s but has no "
                                 "selections. Did you mean '%s { ... }'?)",
                                 selection->name, shown, selection->name);
      _fc_sim_gql_report (v, selection->line, selection->column,
                          _fc_sim_gql_code_extensions ("selectionMismatch", "nodeName",
                                                       selection->name, NULL), message);
    }
  else if (type->kind == FC_SIM_GQL_OBJECT)
    {
      validate_selections (v, type, selection->selections);
    }
}

static void
validate_field (FcSimGqlValidator *v,
                FcSimGqlType      *parent,
                FcSimGqlSelection *selection)
{
  FcSimGqlFieldDef *field;
  static FcSimGqlTypeRef typename_ref = { (char *) "String", NULL, TRUE };

  path_push (v, selection->alias != NULL ? selection->alias : selection->name);

  if (g_str_equal (selection->name, "__typename"))
    {
      g_autoptr (GPtrArray) none = g_ptr_array_new ();

      validate_arguments (v, "Field", selection->name, none, selection->arguments,
                          selection->line, selection->column);
      check_selection_shape (v, selection, &typename_ref);
      path_pop (v);
      return;
    }

  field = _fc_sim_gql_type_field (parent, selection->name);
  if (field == NULL)
    {
      g_autofree char *message = g_strdup_printf ("Field '%s' doesn't exist on type '%s'",
                                                  selection->name, parent->name);

      _fc_sim_gql_report (v, selection->line, selection->column,
                          _fc_sim_gql_code_extensions ("undefinedField", "typeName", parent->name,
                                                       "fieldName", selection->name, NULL),
                          message);
      path_pop (v);
      return;
    }

  validate_arguments (v, "Field", selection->name, field->arguments, selection->arguments,
                      selection->line, selection->column);
  check_selection_shape (v, selection, field->type);
  path_pop (v);
}

static FcSimGqlType *
condition_type (FcSimGqlValidator *v,
                const char        *name,
                guint              line,
                guint              column)
{
  FcSimGqlType *type = _fc_sim_gql_schema_lookup (v->schema, name);
  g_autofree char *message = NULL;

  if (type == NULL)
    {
      message = g_strdup_printf ("No such type %s, so it can't be a fragment condition", name);
      _fc_sim_gql_report (v, line, column,
                          _fc_sim_gql_code_extensions ("undefinedType", "typeName", name, NULL),
                          message);
      return NULL;
    }
  if (type->kind != FC_SIM_GQL_OBJECT)
    {
      message = g_strdup_printf ("Invalid fragment on type %s (must be Union, Interface or "
                                 "Object)", name);
      _fc_sim_gql_report (v, line, column,
                          _fc_sim_gql_code_extensions ("fragmentOnNonCompositeType", "typeName",
                                                       name, NULL), message);
      return NULL;
    }

  return type;
}

static void
validate_spread (FcSimGqlValidator *v,
                 FcSimGqlType      *parent,
                 FcSimGqlSelection *selection)
{
  FcSimGqlFragment *fragment = _fc_sim_gql_find_fragment (v->document, selection->name);
  g_autofree char *step = g_strdup_printf ("... %s", selection->name);
  g_autofree char *message = NULL;

  path_push (v, step);
  g_hash_table_add (v->spread, selection->name);
  if (fragment == NULL)
    {
      message = g_strdup_printf ("Fragment %s was used, but not defined", selection->name);
      _fc_sim_gql_report (v, selection->line, selection->column,
                          _fc_sim_gql_code_extensions ("useAndDefineFragment", "fragmentName",
                                                       selection->name, NULL), message);
    }
  else if (_fc_sim_gql_schema_lookup (v->schema, fragment->type_condition) != NULL
           && g_strcmp0 (fragment->type_condition, parent->name) != 0)
    {
      message = g_strdup_printf ("Fragment %s on %s can't be spread inside %s", selection->name,
                                 fragment->type_condition, parent->name);
      _fc_sim_gql_report (v, selection->line, selection->column,
                          _fc_sim_gql_code_extensions ("cannotSpreadFragment", "fragmentName",
                                                       selection->name, "typeName",
                                                       fragment->type_condition, NULL), message);
    }
  path_pop (v);
}

static void
validate_inline (FcSimGqlValidator *v,
                 FcSimGqlType      *parent,
                 FcSimGqlSelection *selection)
{
  FcSimGqlType *type = parent;
  g_autofree char *step = selection->type_condition != NULL
                          ? g_strdup_printf ("... on %s", selection->type_condition)
                          : g_strdup ("...");

  path_push (v, step);
  if (selection->type_condition != NULL)
    type = condition_type (v, selection->type_condition, selection->line, selection->column);
  if (type != NULL && type != parent)
    {
      g_autofree char *message = g_strdup_printf ("Fragment on %s can't be spread inside %s",
                                                  type->name, parent->name);

      _fc_sim_gql_report (v, selection->line, selection->column,
                          _fc_sim_gql_code_extensions ("cannotSpreadFragment", "typeName",
                                                       type->name, NULL), message);
    }
  else if (type != NULL)
    {
      validate_selections (v, type, selection->selections);
    }
  path_pop (v);
}

/* Two fields with the same response key must be the same field */
static void
check_conflicts (FcSimGqlValidator *v,
                 GPtrArray         *selections,
                 GHashTable        *seen)
{
  for (guint i = 0; i < selections->len; i++)
    {
      FcSimGqlSelection *selection = g_ptr_array_index (selections, i);
      const char *key;
      FcSimGqlSelection *earlier;

      if (selection->kind == FC_SIM_GQL_INLINE)
        {
          check_conflicts (v, selection->selections, seen);
          continue;
        }
      if (selection->kind != FC_SIM_GQL_FIELD)
        continue;

      key = selection->alias != NULL ? selection->alias : selection->name;
      earlier = g_hash_table_lookup (seen, key);
      if (earlier == NULL)
        {
          g_hash_table_insert (seen, (char *) key, selection);
        }
      else if (!g_str_equal (earlier->name, selection->name))
        {
          g_autofree char *message = g_strdup_printf ("Field '%s' has a field conflict: %s or "
                                                      "%s?", key, earlier->name,
                                                      selection->name);

          _fc_sim_gql_report (v, selection->line, selection->column,
                              _fc_sim_gql_code_extensions ("fieldConflict", "field", key, NULL),
                              message);
        }
    }
}

static void
validate_selections (FcSimGqlValidator *v,
                     FcSimGqlType      *parent,
                     GPtrArray         *selections)
{
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < selections->len; i++)
    {
      FcSimGqlSelection *selection = g_ptr_array_index (selections, i);

      validate_directives (v, selection->directives);
      if (selection->kind == FC_SIM_GQL_FIELD)
        validate_field (v, parent, selection);
      else if (selection->kind == FC_SIM_GQL_SPREAD)
        validate_spread (v, parent, selection);
      else
        validate_inline (v, parent, selection);
    }
  check_conflicts (v, selections, seen);
}

/* Documents */

static void
validate_fragments (FcSimGqlValidator *v,
                    GHashTable        *usages_by_fragment)
{
  for (guint i = 0; i < v->document->fragments->len; i++)
    {
      FcSimGqlFragment *fragment = g_ptr_array_index (v->document->fragments, i);
      g_autofree char *step = g_strdup_printf ("fragment %s", fragment->name);
      FcSimGqlType *type;

      path_push (v, step);
      if (_fc_sim_gql_find_fragment (v->document, fragment->name) != fragment)
        {
          g_autofree char *message = g_strdup_printf ("Fragment name \"%s\" must be unique",
                                                      fragment->name);

          _fc_sim_gql_report (v, fragment->line, fragment->column,
                              _fc_sim_gql_code_extensions ("fragmentNamesUnique", "fragmentName",
                                                           fragment->name, NULL), message);
        }

      v->usages = g_ptr_array_new_with_free_func (g_free);
      type = condition_type (v, fragment->type_condition, fragment->line, fragment->column);
      validate_directives (v, fragment->directives);
      if (type != NULL)
        validate_selections (v, type, fragment->selections);
      g_hash_table_insert (usages_by_fragment, fragment->name, g_steal_pointer (&v->usages));
      path_pop (v);
    }
}

static void
check_fragment_use (FcSimGqlValidator *v,
                    GHashTable        *usages_by_fragment)
{
  for (guint i = 0; i < v->document->fragments->len; i++)
    {
      FcSimGqlFragment *fragment = g_ptr_array_index (v->document->fragments, i);
      g_autoptr (GHashTable) visited = g_hash_table_new (g_str_hash, g_str_equal);
      g_autoptr (GPtrArray) ignored = g_ptr_array_new ();
      g_autofree char *message = NULL;

      if (!g_hash_table_contains (v->spread, fragment->name))
        {
          message = g_strdup_printf ("Fragment %s was defined, but not used", fragment->name);
          _fc_sim_gql_report (v, fragment->line, fragment->column,
                              _fc_sim_gql_code_extensions ("useAndDefineFragment", "fragmentName",
                                                           fragment->name, NULL), message);
        }
      else if (!_fc_sim_gql_fragment_usages (v, fragment, usages_by_fragment, visited, ignored))
        {
          message = g_strdup_printf ("Fragment %s contains an infinite loop", fragment->name);
          _fc_sim_gql_report (v, fragment->line, fragment->column,
                              _fc_sim_gql_code_extensions ("infiniteLoop", "fragmentName",
                                                           fragment->name, NULL), message);
        }
    }
}

static void
validate_operation (FcSimGqlValidator *v,
                    FcSimGqlOperation *operation,
                    GHashTable        *usages_by_fragment)
{
  FcSimGqlType *root = g_str_equal (operation->operation, "mutation") ? v->schema->mutation
                                                                       : v->schema->query;
  g_autofree char *step = operation->name != NULL
                          ? g_strdup_printf ("%s %s", operation->operation, operation->name)
                          : g_strdup (operation->operation);
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  g_autoptr (GPtrArray) own = NULL;
  g_autoptr (GPtrArray) usages = g_ptr_array_new ();

  path_push (v, step);
  if (g_str_equal (operation->operation, "subscription") || root == NULL)
    {
      gboolean mutation = g_str_equal (operation->operation, "mutation");
      g_autofree char *message = g_strdup_printf ("Schema is not configured for %ss",
                                                  operation->operation);

      _fc_sim_gql_report (v, operation->line, operation->column,
                          _fc_sim_gql_code_extensions (mutation
                                                       ? "missingMutationConfiguration"
                                                       : "missingSubscriptionConfiguration",
                                                       "operationName", step, NULL),
                          message);
      path_pop (v);
      return;
    }

  _fc_sim_gql_validate_variable_definitions (v, operation);
  v->usages = g_ptr_array_new_with_free_func (g_free);
  validate_directives (v, operation->directives);
  validate_selections (v, root, operation->selections);
  own = g_steal_pointer (&v->usages);
  for (guint i = 0; i < own->len; i++)
    g_ptr_array_add (usages, g_ptr_array_index (own, i));

  /* The variables that the operation's fragments use are the operation's too */
  _fc_sim_gql_selection_spreads (operation->selections, names);
  for (guint i = 0; i < names->len; i++)
    {
      FcSimGqlFragment *fragment = _fc_sim_gql_find_fragment (v->document,
                                                              g_ptr_array_index (names, i));
      g_autoptr (GHashTable) visited = g_hash_table_new (g_str_hash, g_str_equal);

      if (fragment != NULL)
        _fc_sim_gql_fragment_usages (v, fragment, usages_by_fragment, visited, usages);
    }
  _fc_sim_gql_check_usages (v, operation, usages);
  path_pop (v);
}

/* Validates every operation and fragment of the request's document; errors go to the request. */
void
_fc_sim_gql_validate (FcSimGqlRequest *request)
{
  FcSimGqlValidator validator = { 0 };
  FcSimGqlValidator *v = &validator;
  g_autoptr (GHashTable) usages_by_fragment = NULL;
  GPtrArray *operations = request->document->operations;

  v->request = request;
  v->schema = request->schema;
  v->document = request->document;
  v->path = g_ptr_array_new_with_free_func (g_free);
  v->spread = g_hash_table_new (g_str_hash, g_str_equal);
  usages_by_fragment = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                              (GDestroyNotify) g_ptr_array_unref);

  for (guint i = 0; i < operations->len; i++)
    {
      FcSimGqlOperation *operation = g_ptr_array_index (operations, i);

      for (guint j = 0; j < i && operation->name != NULL; j++)
        {
          FcSimGqlOperation *earlier = g_ptr_array_index (operations, j);

          if (g_strcmp0 (earlier->name, operation->name) == 0)
            {
              g_autofree char *message = g_strdup_printf ("Operation name \"%s\" must be unique",
                                                          operation->name);

              _fc_sim_gql_report (v, operation->line, operation->column,
                                  _fc_sim_gql_code_extensions ("uniquelyNamedOperations",
                                                               "operationName", operation->name,
                                                               NULL), message);
            }
        }
      if (operation->name == NULL && operations->len > 1)
        _fc_sim_gql_report (v, operation->line, operation->column,
                            _fc_sim_gql_code_extensions ("loneAnonymousOperation", "operationName",
                                                         "anonymous query", NULL),
                            "Operation name is required when multiple operations are present");
    }

  validate_fragments (v, usages_by_fragment);
  for (guint i = 0; i < operations->len; i++)
    validate_operation (v, g_ptr_array_index (operations, i), usages_by_fragment);
  check_fragment_use (v, usages_by_fragment);

  g_hash_table_unref (v->spread);
  g_ptr_array_unref (v->path);
}
