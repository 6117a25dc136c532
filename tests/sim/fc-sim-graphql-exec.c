/* fc-sim-graphql-exec.c: requests: preparing them (parse, validate, pick the operation, coerce
 * the variables), their cost, and executing them over the bound resolvers
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-sim-graphql"

#include "config.h"

#include <string.h>

#include "fc-sim-graphql-private.h"

/* The fields of one response key, after fragments are flattened */
typedef struct
{
  const char *key;
  GPtrArray  *fields;   /* FcSimGqlSelection */
} Group;

static void
group_free (gpointer data)
{
  Group *group = data;

  g_ptr_array_unref (group->fields);
  g_free (group);
}

/* Requests */

FcSimGqlRequest *
_fc_sim_gql_request_new (FcSimGqlSchema *schema,
                         const char     *query,
                         const char     *operation_name,
                         JsonNode       *variables)
{
  FcSimGqlRequest *request = g_new0 (FcSimGqlRequest, 1);

  request->schema = schema;
  request->query = g_strdup (query);
  request->operation_name = g_strdup (operation_name);
  request->raw_variables = variables != NULL ? json_node_copy (variables) : NULL;
  request->errors = json_array_new ();

  return request;
}

void
_fc_sim_gql_request_free (FcSimGqlRequest *request)
{
  if (request == NULL)
    return;

  g_free (request->query);
  g_free (request->operation_name);
  g_clear_pointer (&request->raw_variables, json_node_unref);
  _fc_sim_gql_document_free (request->document);
  g_clear_pointer (&request->variables, json_object_unref);
  json_array_unref (request->errors);
  g_free (request);
}

/* Adds {message, locations, path, extensions} to errors[]; takes @extensions. */
void
_fc_sim_gql_add_error (FcSimGqlRequest *request,
                       const char      *message,
                       guint            line,
                       guint            column,
                       JsonArray       *path,
                       JsonObject      *extensions)
{
  JsonObject *error = json_object_new ();

  json_object_set_string_member (error, "message", message);
  if (line > 0)
    {
      JsonArray *locations = json_array_new ();
      JsonObject *location = json_object_new ();

      json_object_set_int_member (location, "line", line);
      json_object_set_int_member (location, "column", column);
      json_array_add_object_element (locations, location);
      json_object_set_array_member (error, "locations", locations);
    }
  if (path != NULL)
    json_object_set_array_member (error, "path", json_array_ref (path));
  if (extensions != NULL)
    json_object_set_object_member (error, "extensions", extensions);
  json_array_add_object_element (request->errors, error);
}

void
_fc_sim_gql_request_add_error (FcSimGqlRequest *request,
                               const char      *message,
                               JsonObject      *extensions)
{
  _fc_sim_gql_add_error (request, message, 0, 0, NULL, extensions);
}

/* errors[] as a new node, or NULL when there is none */
JsonNode *
_fc_sim_gql_request_get_errors (FcSimGqlRequest *request)
{
  JsonNode *node;

  if (json_array_get_length (request->errors) == 0)
    return NULL;

  node = json_node_new (JSON_NODE_ARRAY);
  json_node_set_array (node, request->errors);
  return node;
}

JsonArray *
_fc_sim_gql_path_to_json (const FcSimGqlPath *path)
{
  g_autoptr (GPtrArray) steps = g_ptr_array_new ();
  JsonArray *array = json_array_new ();

  for (const FcSimGqlPath *step = path; step != NULL; step = step->parent)
    g_ptr_array_add (steps, (gpointer) step);

  for (guint i = steps->len; i > 0; i--)
    {
      const FcSimGqlPath *step = g_ptr_array_index (steps, i - 1);

      if (step->key != NULL)
        json_array_add_string_element (array, step->key);
      else
        json_array_add_int_element (array, step->index);
    }

  return array;
}

static FcSimGqlOperation *
pick_operation (FcSimGqlRequest *request)
{
  GPtrArray *operations = request->document->operations;
  g_autofree char *message = NULL;

  if (request->operation_name != NULL && request->operation_name[0] != '\0')
    {
      for (guint i = 0; i < operations->len; i++)
        {
          FcSimGqlOperation *operation = g_ptr_array_index (operations, i);

          if (g_strcmp0 (operation->name, request->operation_name) == 0)
            return operation;
        }
      message = g_strdup_printf ("No operation named \"%s\"", request->operation_name);
      _fc_sim_gql_request_add_error (request, message, NULL);
      return NULL;
    }

  if (operations->len == 1)
    return g_ptr_array_index (operations, 0);

  _fc_sim_gql_request_add_error (request, operations->len == 0
                                          ? "No operations in query string"
                                          : "An operation name is required", NULL);
  return NULL;
}

/* Parses and validates the query, picks the operation and coerces the variables. FALSE when
 * errors[] says why the request cannot run. */
gboolean
_fc_sim_gql_request_prepare (FcSimGqlRequest *request)
{
  g_autoptr (GError) error = NULL;
  guint line = 0;
  guint column = 0;

  if (request->query == NULL || request->query[strspn (request->query, " \t\r\n,")] == '\0')
    {
      _fc_sim_gql_request_add_error (request, "No query string was present", NULL);
      return FALSE;
    }

  request->document = _fc_sim_gql_parse_document (request->query, &line, &column, &error);
  if (request->document == NULL)
    {
      _fc_sim_gql_add_error (request, error->message, line, column, NULL, NULL);
      return FALSE;
    }

  _fc_sim_gql_validate (request);
  if (json_array_get_length (request->errors) > 0)
    return FALSE;

  request->operation = pick_operation (request);
  if (request->operation == NULL)
    return FALSE;

  return _fc_sim_gql_coerce_variables (request);
}

/* Flattening selections */

static void
collect_fields (FcSimGqlRequest *request,
                FcSimGqlType    *type,
                GPtrArray       *selections,
                GPtrArray       *groups,
                GHashTable      *visited)
{
  for (guint i = 0; selections != NULL && i < selections->len; i++)
    {
      FcSimGqlSelection *selection = g_ptr_array_index (selections, i);
      FcSimGqlFragment *fragment;
      const char *key;
      Group *group = NULL;

      if (_fc_sim_gql_directives_skip (request->schema, selection->directives,
                                       request->variables))
        continue;

      switch (selection->kind)
        {
        case FC_SIM_GQL_FIELD:
          key = selection->alias != NULL ? selection->alias : selection->name;
          for (guint j = 0; group == NULL && j < groups->len; j++)
            {
              Group *existing = g_ptr_array_index (groups, j);

              if (g_str_equal (existing->key, key))
                group = existing;
            }
          if (group == NULL)
            {
              group = g_new0 (Group, 1);
              group->key = key;
              group->fields = g_ptr_array_new ();
              g_ptr_array_add (groups, group);
            }
          g_ptr_array_add (group->fields, selection);
          break;
        case FC_SIM_GQL_SPREAD:
          fragment = _fc_sim_gql_find_fragment (request->document, selection->name);
          if (fragment == NULL || g_hash_table_contains (visited, selection->name)
              || g_strcmp0 (fragment->type_condition, type->name) != 0)
            break;
          g_hash_table_add (visited, selection->name);
          collect_fields (request, type, fragment->selections, groups, visited);
          break;
        case FC_SIM_GQL_INLINE:
        default:
          if (selection->type_condition == NULL
              || g_str_equal (selection->type_condition, type->name))
            collect_fields (request, type, selection->selections, groups, visited);
          break;
        }
    }
}

static GPtrArray *
group_fields (FcSimGqlRequest *request,
              FcSimGqlType    *type,
              GPtrArray       *selections)
{
  GPtrArray *groups = g_ptr_array_new_with_free_func (group_free);
  g_autoptr (GHashTable) visited = g_hash_table_new (g_str_hash, g_str_equal);

  collect_fields (request, type, selections, groups, visited);
  return groups;
}

/* The sub-selections of every field of @group, one after the other */
static GPtrArray *
merged_selections (Group *group)
{
  GPtrArray *merged = g_ptr_array_new ();

  for (guint i = 0; i < group->fields->len; i++)
    {
      FcSimGqlSelection *field = g_ptr_array_index (group->fields, i);

      for (guint j = 0; field->selections != NULL && j < field->selections->len; j++)
        g_ptr_array_add (merged, g_ptr_array_index (field->selections, j));
    }

  return merged;
}

/* The names of the root fields the operation runs, for counters */
char **
_fc_sim_gql_request_get_root_fields (FcSimGqlRequest *request)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  g_autoptr (GPtrArray) groups = NULL;
  FcSimGqlType *root;
  char **names;

  if (request->operation != NULL)
    {
      root = g_str_equal (request->operation->operation, "mutation") ? request->schema->mutation
                                                                      : request->schema->query;
      groups = group_fields (request, root, request->operation->selections);
      for (guint i = 0; i < groups->len; i++)
        {
          Group *group = g_ptr_array_index (groups, i);
          FcSimGqlSelection *field = g_ptr_array_index (group->fields, 0);

          g_strv_builder_add (builder, field->name);
        }
    }
  names = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);

  return names;
}

/* Cost: every field costs 1 except edges, nodes, node and __typename; the fields under the
 * nodes and edges of a connection count once per node it may return (first or last, else
 * @default_page). */

static gboolean
is_free_field (const char *name)
{
  return g_str_equal (name, "edges") || g_str_equal (name, "nodes") || g_str_equal (name, "node")
         || g_str_equal (name, "__typename");
}

static gboolean
is_connection (const FcSimGqlType *type)
{
  return g_str_has_suffix (type->name, "Connection");
}

static guint64
page_size (FcSimGqlRequest   *request,
           FcSimGqlFieldDef  *definition,
           FcSimGqlSelection *field,
           guint              default_page)
{
  g_autoptr (JsonObject) args = _fc_sim_gql_coerce_arguments (request->schema,
                                                              definition->arguments,
                                                              field->arguments,
                                                              request->variables);
  const char *names[] = { "first", "last" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      JsonNode *node = json_object_get_member (args, names[i]);

      if (node != NULL && JSON_NODE_HOLDS_VALUE (node))
        return (guint64) MAX (json_node_get_int (node), 0);
    }

  return default_page;
}

static guint64 selections_cost (FcSimGqlRequest *request,
                                FcSimGqlType    *type,
                                GPtrArray       *selections,
                                guint            default_page);

static guint64
group_cost (FcSimGqlRequest *request,
            FcSimGqlType    *type,
            Group           *group,
            guint            default_page)
{
  FcSimGqlSelection *field = g_ptr_array_index (group->fields, 0);
  FcSimGqlFieldDef *definition = _fc_sim_gql_type_field (type, field->name);
  guint64 cost = is_free_field (field->name) ? 0 : 1;
  g_autoptr (GPtrArray) merged = NULL;
  g_autoptr (GPtrArray) children = NULL;
  FcSimGqlType *child;
  guint64 size;

  if (definition == NULL || _fc_sim_gql_is_leaf (request->schema, definition->type))
    return cost;

  child = _fc_sim_gql_schema_lookup (request->schema, _fc_sim_gql_type_ref_name (definition->type));
  merged = merged_selections (group);
  if (!is_connection (child))
    return cost + selections_cost (request, child, merged, default_page);

  size = page_size (request, definition, field, default_page);
  children = group_fields (request, child, merged);
  for (guint i = 0; i < children->len; i++)
    {
      Group *item = g_ptr_array_index (children, i);
      FcSimGqlSelection *first = g_ptr_array_index (item->fields, 0);
      guint64 item_cost = group_cost (request, child, item, default_page);

      if (g_str_equal (first->name, "nodes") || g_str_equal (first->name, "edges"))
        item_cost *= size;
      cost += item_cost;
    }

  return cost;
}

static guint64
selections_cost (FcSimGqlRequest *request,
                 FcSimGqlType    *type,
                 GPtrArray       *selections,
                 guint            default_page)
{
  g_autoptr (GPtrArray) groups = group_fields (request, type, selections);
  guint64 cost = 0;

  for (guint i = 0; i < groups->len; i++)
    cost += group_cost (request, type, g_ptr_array_index (groups, i), default_page);

  return cost;
}

/* The requested cost of a prepared request */
guint
_fc_sim_gql_request_get_cost (FcSimGqlRequest *request,
                              guint            default_page)
{
  FcSimGqlType *root;
  guint64 cost;

  if (request->operation == NULL)
    return 0;

  root = g_str_equal (request->operation->operation, "mutation") ? request->schema->mutation
                                                                  : request->schema->query;
  cost = selections_cost (request, root, request->operation->selections, default_page);
  return (guint) MIN (cost, G_MAXUINT);
}

/* Execution */

static JsonNode *execute_object (FcSimGqlRequest    *request,
                                 FcSimGqlType       *type,
                                 FcSimGqlValue      *value,
                                 GPtrArray          *selections,
                                 const FcSimGqlPath *path);

static JsonNode *complete_value (FcSimGqlRequest       *request,
                                 const FcSimGqlTypeRef *ref,
                                 FcSimGqlValue         *value,
                                 GPtrArray             *selections,
                                 const FcSimGqlPath    *path,
                                 const char            *owner,
                                 FcSimGqlSelection     *field,
                                 gboolean               reported);

static void
add_field_error (FcSimGqlRequest    *request,
                 FcSimGqlSelection  *field,
                 const FcSimGqlPath *path,
                 const char         *message)
{
  g_autoptr (JsonArray) steps = _fc_sim_gql_path_to_json (path);

  _fc_sim_gql_add_error (request, message, field->line, field->column, steps, NULL);
}

static JsonNode *
complete_list (FcSimGqlRequest       *request,
               const FcSimGqlTypeRef *ref,
               FcSimGqlValue         *value,
               GPtrArray             *selections,
               const FcSimGqlPath    *path,
               const char            *owner,
               FcSimGqlSelection     *field,
               gboolean              *bubbled)
{
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  json_node_take_array (node, array);
  if (value->kind != FC_SIM_GQL_VALUE_LIST)
    {
      add_field_error (request, field, path, "Internal error: a list field resolved to a "
                                             "single value");
      json_node_unref (node);
      return json_node_new (JSON_NODE_NULL);
    }

  for (guint i = 0; i < value->items->len; i++)
    {
      FcSimGqlPath step = { path, NULL, i };
      JsonNode *item = complete_value (request, ref->of_type, g_ptr_array_index (value->items, i),
                                       selections, &step, owner, field, FALSE);

      if (item == NULL)
        {
          *bubbled = TRUE;
          json_node_unref (node);
          return json_node_new (JSON_NODE_NULL);
        }
      json_array_add_element (array, item);
    }

  return node;
}

/* Completes @value for a nullable view of @ref: a JSON value, never NULL. @bubbled says that
 * a null came up from a non-null field below, which reported it already. */
static JsonNode *
complete_nullable (FcSimGqlRequest       *request,
                   const FcSimGqlTypeRef *ref,
                   FcSimGqlValue         *value,
                   GPtrArray             *selections,
                   const FcSimGqlPath    *path,
                   const char            *owner,
                   FcSimGqlSelection     *field,
                   gboolean              *bubbled)
{
  FcSimGqlType *type;
  JsonNode *node;

  if (value == NULL || value->kind == FC_SIM_GQL_VALUE_NULL)
    return json_node_new (JSON_NODE_NULL);

  if (ref->name == NULL)
    return complete_list (request, ref, value, selections, path, owner, field, bubbled);

  type = _fc_sim_gql_schema_lookup (request->schema, ref->name);
  if (type->kind != FC_SIM_GQL_OBJECT)
    {
      if (value->kind == FC_SIM_GQL_VALUE_LEAF)
        return json_node_copy (value->leaf);
      add_field_error (request, field, path, "Internal error: a leaf field resolved to an "
                                             "object or list");
      return json_node_new (JSON_NODE_NULL);
    }

  if (value->kind != FC_SIM_GQL_VALUE_OBJECT)
    {
      add_field_error (request, field, path, "Internal error: an object field resolved to a "
                                             "leaf or list");
      return json_node_new (JSON_NODE_NULL);
    }

  if (value->type_name != NULL)
    type = _fc_sim_gql_schema_lookup (request->schema, value->type_name);
  node = execute_object (request, type, value, selections, path);
  *bubbled = node == NULL;
  return node != NULL ? node : json_node_new (JSON_NODE_NULL);
}

/* NULL means "null where null is not allowed": the parent must become null too. */
static JsonNode *
complete_value (FcSimGqlRequest       *request,
                const FcSimGqlTypeRef *ref,
                FcSimGqlValue         *value,
                GPtrArray             *selections,
                const FcSimGqlPath    *path,
                const char            *owner,
                FcSimGqlSelection     *field,
                gboolean               reported)
{
  gboolean bubbled = FALSE;
  JsonNode *node = complete_nullable (request, ref, value, selections, path, owner, field,
                                      &bubbled);

  if (ref->non_null && JSON_NODE_HOLDS_NULL (node))
    {
      if (!reported && !bubbled)
        {
          g_autofree char *message = g_strdup_printf ("Cannot return null for non-nullable "
                                                      "field %s.%s", owner, field->name);

          add_field_error (request, field, path, message);
        }
      json_node_unref (node);
      return NULL;
    }

  return node;
}

static JsonNode *
execute_field (FcSimGqlRequest    *request,
               FcSimGqlType       *type,
               FcSimGqlValue      *value,
               Group              *group,
               const FcSimGqlPath *path)
{
  FcSimGqlSelection *field = g_ptr_array_index (group->fields, 0);
  FcSimGqlFieldDef *definition = _fc_sim_gql_type_field (type, field->name);
  g_autoptr (GPtrArray) merged = merged_selections (group);
  g_autoptr (JsonObject) args = NULL;
  g_autoptr (FcSimGqlValue) result = NULL;
  g_autoptr (GError) error = NULL;
  FcSimGqlCall call = { 0 };

  if (definition == NULL)
    {
      g_critical ("%s.%s is not in the schema", type->name, field->name);
      return json_node_new (JSON_NODE_NULL);
    }

  args = _fc_sim_gql_coerce_arguments (request->schema, definition->arguments, field->arguments,
                                       request->variables);
  call.request = request;
  call.user_data = request->user_data;
  call.type_name = type->name;
  call.object = value != NULL ? value->object : NULL;
  call.extra = value != NULL ? value->extra : NULL;
  call.field_name = definition->name;
  call.args = args;
  call.data = definition->resolve != NULL ? definition->data : type->default_data;

  if (!is_free_field (field->name))
    request->actual_cost++;

  result = definition->resolve != NULL ? definition->resolve (&call, &error)
                                       : type->default_resolve (&call, &error);
  if (result == NULL)
    add_field_error (request, field, path,
                     error != NULL ? error->message : "Internal error: a resolver failed");

  return complete_value (request, definition->type, result, merged, path, type->name, field,
                         result == NULL);
}

/* The object's selected fields; NULL when a non-null field came out null */
static JsonNode *
execute_object (FcSimGqlRequest    *request,
                FcSimGqlType       *type,
                FcSimGqlValue      *value,
                GPtrArray          *selections,
                const FcSimGqlPath *path)
{
  g_autoptr (GPtrArray) groups = group_fields (request, type, selections);
  g_autoptr (JsonObject) object = json_object_new ();
  gboolean bubble = FALSE;
  JsonNode *node;

  for (guint i = 0; i < groups->len; i++)
    {
      Group *group = g_ptr_array_index (groups, i);
      FcSimGqlSelection *field = g_ptr_array_index (group->fields, 0);
      FcSimGqlPath step = { path, group->key, 0 };
      JsonNode *member;

      if (g_str_equal (field->name, "__typename"))
        {
          json_object_set_string_member (object, group->key, type->name);
          continue;
        }

      member = execute_field (request, type, value, group, &step);
      if (member == NULL)
        {
          bubble = TRUE;
          continue;
        }
      json_object_set_member (object, group->key, member);
    }

  if (bubble)
    return NULL;

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, object);
  return node;
}

/* Runs the prepared request; returns data (null when a non-null root field failed) */
JsonNode *
_fc_sim_gql_request_execute (FcSimGqlRequest *request,
                             gpointer         user_data,
                             guint           *actual_cost)
{
  FcSimGqlType *root;
  JsonNode *data;

  g_return_val_if_fail (request->operation != NULL, NULL);

  root = g_str_equal (request->operation->operation, "mutation") ? request->schema->mutation
                                                                  : request->schema->query;
  request->user_data = user_data;
  request->actual_cost = 0;
  data = execute_object (request, root, NULL, request->operation->selections, NULL);
  if (actual_cost != NULL)
    *actual_cost = request->actual_cost;

  return data != NULL ? data : json_node_new (JSON_NODE_NULL);
}

JsonNode *
_fc_sim_gql_render (FcSimGqlSchema *schema,
                    const char     *type_name,
                    gpointer        object,
                    gpointer        extra,
                    const char     *selection,
                    gpointer        user_data)
{
  g_autoptr (FcSimGqlRequest) request = _fc_sim_gql_request_new (schema, selection, NULL, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (FcSimGqlValue) value = NULL;
  FcSimGqlType *type = _fc_sim_gql_schema_lookup (schema, type_name);
  FcSimGqlOperation *operation;
  JsonNode *node;
  guint line, column;

  g_return_val_if_fail (type != NULL, NULL);

  request->document = _fc_sim_gql_parse_document (selection, &line, &column, &error);
  if (request->document == NULL || request->document->operations->len != 1)
    {
      g_critical ("Cannot render %s with %s: %s", type_name, selection,
                  error != NULL ? error->message : "one selection set expected");
      return NULL;
    }

  operation = g_ptr_array_index (request->document->operations, 0);
  request->operation = operation;
  request->variables = json_object_new ();
  request->user_data = user_data;
  value = _fc_sim_gql_value_object (type_name, object, extra, NULL);
  node = execute_object (request, type, value, operation->selections, NULL);

  return node != NULL ? node : json_node_new (JSON_NODE_NULL);
}
