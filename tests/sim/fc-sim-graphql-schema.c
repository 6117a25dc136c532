/* fc-sim-graphql-schema.c: schemas built from SDL, resolvers bound to their fields, type
 * references, and the values resolvers return
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-sim-graphql"

#include "config.h"

#include <string.h>

#include "fc-sim-graphql-private.h"

G_DEFINE_QUARK (fc-sim-graphql-error-quark, fc_sim_gql_error)

static void
add_builtin_scalar (FcSimGqlSchema *schema,
                    const char     *name)
{
  FcSimGqlType *type = _fc_sim_gql_pool_alloc (&schema->pool, sizeof (FcSimGqlType));

  type->name = _fc_sim_gql_pool_strndup (&schema->pool, name, -1);
  type->kind = FC_SIM_GQL_SCALAR;
  type->fields = _fc_sim_gql_pool_array (&schema->pool);
  type->values = _fc_sim_gql_pool_array (&schema->pool);
  g_hash_table_insert (schema->types, type->name, type);
}

/* Builds a schema from @sdl (scalar, enum, input and type definitions). Int, Float, String,
 * Boolean and ID exist already; the root types are Query and Mutation unless a schema block
 * names others. Bind resolvers, then call _fc_sim_gql_schema_check(). */
FcSimGqlSchema *
_fc_sim_gql_schema_new (const char  *sdl,
                        GError     **error)
{
  FcSimGqlSchema *schema = g_new0 (FcSimGqlSchema, 1);
  static const char * const builtins[] = { "Int", "Float", "String", "Boolean", "ID" };

  _fc_sim_gql_pool_init (&schema->pool);
  schema->types = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < G_N_ELEMENTS (builtins); i++)
    add_builtin_scalar (schema, builtins[i]);

  if (!_fc_sim_gql_parse_schema (schema, sdl, error))
    {
      _fc_sim_gql_schema_free (schema);
      return NULL;
    }

  if (schema->query == NULL)
    schema->query = g_hash_table_lookup (schema->types, "Query");
  if (schema->mutation == NULL)
    schema->mutation = g_hash_table_lookup (schema->types, "Mutation");
  if (schema->query == NULL || schema->query->kind != FC_SIM_GQL_OBJECT)
    {
      g_set_error (error, FC_SIM_GQL_ERROR, FC_SIM_GQL_ERROR_SCHEMA,
                   "The schema has no query type (an object type named Query)");
      _fc_sim_gql_schema_free (schema);
      return NULL;
    }

  return schema;
}

void
_fc_sim_gql_schema_free (FcSimGqlSchema *schema)
{
  if (schema == NULL)
    return;

  g_hash_table_unref (schema->types);
  _fc_sim_gql_pool_clear (&schema->pool);
  g_free (schema);
}

FcSimGqlType *
_fc_sim_gql_schema_lookup (FcSimGqlSchema *schema,
                           const char     *name)
{
  return name != NULL ? g_hash_table_lookup (schema->types, name) : NULL;
}

FcSimGqlFieldDef *
_fc_sim_gql_type_field (const FcSimGqlType *type,
                        const char         *name)
{
  if (type == NULL || type->kind != FC_SIM_GQL_OBJECT)
    return NULL;

  for (guint i = 0; i < type->fields->len; i++)
    {
      FcSimGqlFieldDef *field = g_ptr_array_index (type->fields, i);

      if (g_str_equal (field->name, name))
        return field;
    }

  return NULL;
}

FcSimGqlInputValue *
_fc_sim_gql_find_input (GPtrArray  *inputs,
                        const char *name)
{
  for (guint i = 0; inputs != NULL && i < inputs->len; i++)
    {
      FcSimGqlInputValue *input = g_ptr_array_index (inputs, i);

      if (g_str_equal (input->name, name))
        return input;
    }

  return NULL;
}

/* TRUE when @value is a value of the enum type @type_name */
gboolean
_fc_sim_gql_schema_enum_has (FcSimGqlSchema *schema,
                             const char     *type_name,
                             const char     *value)
{
  FcSimGqlType *type = _fc_sim_gql_schema_lookup (schema, type_name);

  return type != NULL && type->kind == FC_SIM_GQL_ENUM && _fc_sim_gql_enum_has (type, value);
}

/* Binds @resolve to @type_name.@field_name, or to every field of the type without a resolver of
 * its own when @field_name is NULL. Binding a field the schema lacks is a programming error. */
void
_fc_sim_gql_schema_bind (FcSimGqlSchema  *schema,
                         const char      *type_name,
                         const char      *field_name,
                         FcSimGqlResolve  resolve,
                         gconstpointer    data)
{
  FcSimGqlType *type = _fc_sim_gql_schema_lookup (schema, type_name);
  FcSimGqlFieldDef *field;

  g_return_if_fail (type != NULL && type->kind == FC_SIM_GQL_OBJECT);

  if (field_name == NULL)
    {
      type->default_resolve = resolve;
      type->default_data = data;
      return;
    }

  field = _fc_sim_gql_type_field (type, field_name);
  g_return_if_fail (field != NULL);
  field->resolve = resolve;
  field->data = data;
}

static gboolean
check_ref (FcSimGqlSchema        *schema,
           const FcSimGqlTypeRef *ref,
           gboolean               input,
           const char            *where,
           GError               **error)
{
  const char *name = _fc_sim_gql_type_ref_name (ref);
  FcSimGqlType *type = _fc_sim_gql_schema_lookup (schema, name);

  if (type == NULL)
    {
      g_set_error (error, FC_SIM_GQL_ERROR, FC_SIM_GQL_ERROR_SCHEMA,
                   "%s refers to the undefined type %s", where, name);
      return FALSE;
    }
  if (input && type->kind == FC_SIM_GQL_OBJECT)
    {
      g_set_error (error, FC_SIM_GQL_ERROR, FC_SIM_GQL_ERROR_SCHEMA,
                   "%s must be an input type, not the object type %s", where, name);
      return FALSE;
    }
  if (!input && type->kind == FC_SIM_GQL_INPUT)
    {
      g_set_error (error, FC_SIM_GQL_ERROR, FC_SIM_GQL_ERROR_SCHEMA,
                   "%s must be an output type, not the input type %s", where, name);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_inputs (FcSimGqlSchema  *schema,
              GPtrArray       *inputs,
              const char      *owner,
              GError         **error)
{
  for (guint i = 0; i < inputs->len; i++)
    {
      FcSimGqlInputValue *input = g_ptr_array_index (inputs, i);
      g_autofree char *where = g_strdup_printf ("%s.%s", owner, input->name);

      if (!check_ref (schema, input->type, TRUE, where, error))
        return FALSE;
    }

  return TRUE;
}

/* Checks that every type the schema mentions exists and that every field can be resolved. */
gboolean
_fc_sim_gql_schema_check (FcSimGqlSchema  *schema,
                          GError         **error)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, schema->types);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      FcSimGqlType *type = value;

      if (type->kind == FC_SIM_GQL_INPUT && !check_inputs (schema, type->fields, type->name, error))
        return FALSE;
      if (type->kind != FC_SIM_GQL_OBJECT)
        continue;

      for (guint i = 0; i < type->fields->len; i++)
        {
          FcSimGqlFieldDef *field = g_ptr_array_index (type->fields, i);
          g_autofree char *where = g_strdup_printf ("%s.%s", type->name, field->name);

          if (!check_ref (schema, field->type, FALSE, where, error)
              || !check_inputs (schema, field->arguments, where, error))
            return FALSE;
          if (field->resolve == NULL && type->default_resolve == NULL)
            {
              g_set_error (error, FC_SIM_GQL_ERROR, FC_SIM_GQL_ERROR_SCHEMA,
                           "%s has no resolver", where);
              return FALSE;
            }
        }
    }

  return TRUE;
}

/* Type references */

char *
_fc_sim_gql_type_ref_to_string (const FcSimGqlTypeRef *ref)
{
  g_autofree char *inner = NULL;

  if (ref->name != NULL)
    return g_strconcat (ref->name, ref->non_null ? "!" : "", NULL);

  inner = _fc_sim_gql_type_ref_to_string (ref->of_type);
  return g_strdup_printf ("[%s]%s", inner, ref->non_null ? "!" : "");
}

const char *
_fc_sim_gql_type_ref_name (const FcSimGqlTypeRef *ref)
{
  while (ref->name == NULL)
    ref = ref->of_type;

  return ref->name;
}

gboolean
_fc_sim_gql_type_ref_equal (const FcSimGqlTypeRef *a,
                            const FcSimGqlTypeRef *b)
{
  if (a->non_null != b->non_null)
    return FALSE;
  if (a->name != NULL || b->name != NULL)
    return g_strcmp0 (a->name, b->name) == 0;

  return _fc_sim_gql_type_ref_equal (a->of_type, b->of_type);
}

gboolean
_fc_sim_gql_is_leaf (FcSimGqlSchema        *schema,
                     const FcSimGqlTypeRef *ref)
{
  FcSimGqlType *type = _fc_sim_gql_schema_lookup (schema, _fc_sim_gql_type_ref_name (ref));

  return type != NULL && (type->kind == FC_SIM_GQL_SCALAR || type->kind == FC_SIM_GQL_ENUM);
}

gboolean
_fc_sim_gql_enum_has (const FcSimGqlType *type,
                      const char         *value)
{
  for (guint i = 0; value != NULL && i < type->values->len; i++)
    {
      if (g_str_equal (g_ptr_array_index (type->values, i), value))
        return TRUE;
    }

  return FALSE;
}

char *
_fc_sim_gql_enum_list (const FcSimGqlType *type)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < type->values->len; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      g_string_append (out, g_ptr_array_index (type->values, i));
    }

  return g_string_free (out, FALSE);
}

/* Values */

static FcSimGqlValue *
value_new (FcSimGqlValueKind kind)
{
  FcSimGqlValue *value = g_new0 (FcSimGqlValue, 1);

  value->kind = kind;
  return value;
}

void
_fc_sim_gql_value_free (FcSimGqlValue *value)
{
  if (value == NULL)
    return;

  g_clear_pointer (&value->leaf, json_node_unref);
  if (value->destroy != NULL && value->object != NULL)
    value->destroy (value->object);
  g_clear_pointer (&value->items, g_ptr_array_unref);
  g_free (value->type_name);
  g_free (value);
}

FcSimGqlValue *
_fc_sim_gql_value_null (void)
{
  return value_new (FC_SIM_GQL_VALUE_NULL);
}

/* Takes @node; a JSON null gives a null value. */
FcSimGqlValue *
_fc_sim_gql_value_leaf (JsonNode *node)
{
  FcSimGqlValue *value;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      g_clear_pointer (&node, json_node_unref);
      return _fc_sim_gql_value_null ();
    }

  value = value_new (FC_SIM_GQL_VALUE_LEAF);
  value->leaf = node;
  return value;
}

FcSimGqlValue *
_fc_sim_gql_value_string (const char *text)
{
  JsonNode *node;

  if (text == NULL)
    return _fc_sim_gql_value_null ();

  node = json_node_new (JSON_NODE_VALUE);
  json_node_set_string (node, text);
  return _fc_sim_gql_value_leaf (node);
}

FcSimGqlValue *
_fc_sim_gql_value_int (gint64 number)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  json_node_set_int (node, number);
  return _fc_sim_gql_value_leaf (node);
}

FcSimGqlValue *
_fc_sim_gql_value_double (double number)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  json_node_set_double (node, number);
  return _fc_sim_gql_value_leaf (node);
}

FcSimGqlValue *
_fc_sim_gql_value_boolean (gboolean boolean)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  json_node_set_boolean (node, boolean);
  return _fc_sim_gql_value_leaf (node);
}

/* An object of the schema's type @type_name; @destroy (may be NULL) frees @object with the
 * value. A NULL @object gives a null value. */
FcSimGqlValue *
_fc_sim_gql_value_object (const char     *type_name,
                          gpointer        object,
                          gpointer        extra,
                          GDestroyNotify  destroy)
{
  FcSimGqlValue *value;

  if (object == NULL)
    return _fc_sim_gql_value_null ();

  value = value_new (FC_SIM_GQL_VALUE_OBJECT);
  value->type_name = g_strdup (type_name);
  value->object = object;
  value->extra = extra;
  value->destroy = destroy;
  return value;
}

FcSimGqlValue *
_fc_sim_gql_value_list (void)
{
  FcSimGqlValue *value = value_new (FC_SIM_GQL_VALUE_LIST);

  value->items = g_ptr_array_new_with_free_func ((GDestroyNotify) _fc_sim_gql_value_free);
  return value;
}

void
_fc_sim_gql_value_append (FcSimGqlValue *list,
                          FcSimGqlValue *item)
{
  g_return_if_fail (list->kind == FC_SIM_GQL_VALUE_LIST);

  g_ptr_array_add (list->items, item);
}

static FcSimGqlValue *
member_to_value (JsonNode   *node,
                 const char *type_name)
{
  FcSimGqlValue *list;
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return _fc_sim_gql_value_null ();
  if (JSON_NODE_HOLDS_VALUE (node))
    return _fc_sim_gql_value_leaf (json_node_copy (node));
  if (JSON_NODE_HOLDS_OBJECT (node))
    return _fc_sim_gql_value_object (type_name, json_object_ref (json_node_get_object (node)),
                                     NULL, (GDestroyNotify) json_object_unref);

  list = _fc_sim_gql_value_list ();
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    _fc_sim_gql_value_append (list, member_to_value (json_array_get_element (array, i),
                                                     type_name));
  return list;
}

/* Resolves a field of an object held as a JsonObject: the member of the same name. Objects
 * inside it are of the field's named type. */
FcSimGqlValue *
_fc_sim_gql_resolve_member (const FcSimGqlCall  *call,
                            GError             **error)
{
  FcSimGqlSchema *schema = call->request->schema;
  FcSimGqlType *type = _fc_sim_gql_schema_lookup (schema, call->type_name);
  FcSimGqlFieldDef *field = _fc_sim_gql_type_field (type, call->field_name);
  JsonObject *object = call->object;

  return member_to_value (json_object_get_member (object, call->field_name),
                          field != NULL ? _fc_sim_gql_type_ref_name (field->type) : NULL);
}
