/* fc-sim-soql-eval.c: binding a parsed query to an object's fields, filtering and sorting
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-sim-soql"

#include "config.h"

#include <string.h>

#include "fc-sim-soql-private.h"

typedef struct
{
  gboolean  is_null;
  char     *text;    /* case-folded strings, ids as they are */
  double    number;  /* numbers, booleans as 0 or 1 */
  gint64    ms;      /* dates and date-times */
} Value;

typedef enum
{
  PATTERN_CHAR,
  PATTERN_ONE,
  PATTERN_ANY,
} PatternKind;

typedef struct
{
  PatternKind kind;
  gunichar    ch;
} PatternItem;

static void
value_clear (gpointer data)
{
  Value *value = data;

  g_clear_pointer (&value->text, g_free);
}

/* Binding field names and literals to the FROM object */

typedef struct
{
  FcSimSoqlQuery   *query;
  FcSimSoqlResolve  resolve;
  gpointer          user_data;
} Binder;

static gboolean
bind_field (Binder          *binder,
            FcSimSoqlField  *field,
            const char     **type_name,
            GError         **error)
{
  const char *text = binder->query->text;

  if (strchr (field->name, '.') != NULL)
    {
      _fc_sim_soql_set_error (error, FC_SIM_SOQL_ERROR_MALFORMED, text, field->position,
                              "relationship fields such as %s " FC_SIM_SOQL_UNSUPPORTED
                              "; select the reference field (e.g. AccountId) instead",
                              field->name);
      return FALSE;
    }

  if (!binder->resolve (field->name, &field->binding, &field->kind, type_name,
                        binder->user_data))
    {
      _fc_sim_soql_set_error (error, FC_SIM_SOQL_ERROR_INVALID_FIELD, text, field->position,
                              "No such column '%s' on entity '%s'. If you are attempting to "
                              "use a custom field, be sure to append the '__c' after the custom "
                              "field name. Please reference your WSDL or the describe call for "
                              "the appropriate names.", field->name, binder->query->object);
      return FALSE;
    }

  return TRUE;
}

static gboolean
type_mismatch (Binder      *binder,
               FcSimSoqlExpr *expr,
               FcSimSoqlLiteral     *literal,
               const char  *type_name,
               gboolean     quoted,
               GError     **error)
{
  _fc_sim_soql_set_error (error, FC_SIM_SOQL_ERROR_INVALID_FIELD, binder->query->text,
                          literal->position,
                          "value of filter criterion for field '%s' must be of type %s and "
                          "should %sbe enclosed in quotes", expr->field.name, type_name,
                          quoted ? "" : "not ");
  return FALSE;
}

static gboolean
bind_literal (Binder         *binder,
              FcSimSoqlExpr  *expr,
              FcSimSoqlLiteral        *literal,
              const char     *type_name,
              Value          *value,
              GError        **error)
{
  if (literal->type == FC_SIM_SOQL_LITERAL_NULL)
    {
      value->is_null = TRUE;
      return TRUE;
    }

  switch (expr->field.kind)
    {
    case FC_SIM_SOQL_KIND_STRING:
      if (literal->type != FC_SIM_SOQL_LITERAL_STRING)
        return type_mismatch (binder, expr, literal, type_name, TRUE, error);
      value->text = g_utf8_casefold (literal->value, -1);
      return TRUE;

    case FC_SIM_SOQL_KIND_ID:
      if (literal->type != FC_SIM_SOQL_LITERAL_STRING)
        return type_mismatch (binder, expr, literal, type_name, TRUE, error);
      value->text = _fc_sim_soql_normalize_id (literal->value);
      if (value->text == NULL)
        {
          _fc_sim_soql_set_error (error, FC_SIM_SOQL_ERROR_INVALID_FILTER, binder->query->text,
                                  literal->position, "invalid ID field: %s", literal->value);
          return FALSE;
        }
      return TRUE;

    case FC_SIM_SOQL_KIND_NUMBER:
      if (literal->type != FC_SIM_SOQL_LITERAL_NUMBER)
        return type_mismatch (binder, expr, literal, type_name, FALSE, error);
      value->number = g_ascii_strtod (literal->value, NULL);
      return TRUE;

    case FC_SIM_SOQL_KIND_BOOLEAN:
      if (literal->type != FC_SIM_SOQL_LITERAL_TRUE && literal->type != FC_SIM_SOQL_LITERAL_FALSE)
        return type_mismatch (binder, expr, literal, type_name, FALSE, error);
      value->number = literal->type == FC_SIM_SOQL_LITERAL_TRUE ? 1 : 0;
      return TRUE;

    case FC_SIM_SOQL_KIND_DATE:
      if (literal->type != FC_SIM_SOQL_LITERAL_DATE)
        return type_mismatch (binder, expr, literal, type_name, FALSE, error);
      return _fc_sim_soql_parse_date (literal->value, &value->ms);

    case FC_SIM_SOQL_KIND_DATETIME:
      if (literal->type != FC_SIM_SOQL_LITERAL_DATETIME)
        return type_mismatch (binder, expr, literal, type_name, FALSE, error);
      return _fc_sim_soql_parse_datetime (literal->value, &value->ms);

    case FC_SIM_SOQL_KIND_COMPOUND:
    default:
      return FALSE;
    }
}

/* LIKE: % any run, _ one character, backslash escapes; compared case-insensitively */
static GArray *
compile_pattern (const char *raw)
{
  g_autofree char *folded = g_utf8_casefold (raw, -1);
  GArray *pattern = g_array_new (FALSE, FALSE, sizeof (PatternItem));

  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      PatternItem item = { PATTERN_CHAR, g_utf8_get_char (p) };

      if (*p == '\\' && p[1] != '\0')
        {
          p++;
          item.ch = g_utf8_get_char (p);
        }
      else if (*p == '%')
        item.kind = PATTERN_ANY;
      else if (*p == '_')
        item.kind = PATTERN_ONE;
      g_array_append_val (pattern, item);
    }

  return pattern;
}

static gboolean
bind_expr (Binder         *binder,
           FcSimSoqlExpr  *expr,
           GError        **error)
{
  const char *type_name = NULL;

  if (expr->kind != FC_SIM_SOQL_EXPR_COMPARE)
    {
      for (guint i = 0; i < expr->children->len; i++)
        {
          if (!bind_expr (binder, g_ptr_array_index (expr->children, i), error))
            return FALSE;
        }
      return TRUE;
    }

  if (!bind_field (binder, &expr->field, &type_name, error))
    return FALSE;
  if (expr->field.kind == FC_SIM_SOQL_KIND_COMPOUND)
    {
      _fc_sim_soql_set_error (error, FC_SIM_SOQL_ERROR_INVALID_FIELD, binder->query->text,
                              expr->field.position, "field '%s' can not be filtered in a query "
                              "call", expr->field.name);
      return FALSE;
    }
  if (expr->op == FC_SIM_SOQL_OP_LIKE)
    {
      FcSimSoqlLiteral *literal = g_ptr_array_index (expr->literals, 0);

      if (expr->field.kind != FC_SIM_SOQL_KIND_STRING)
        {
          _fc_sim_soql_set_error (error, FC_SIM_SOQL_ERROR_INVALID_FIELD, binder->query->text,
                                  expr->op_position, "invalid operator on %s field '%s': LIKE "
                                  "works on text fields only", type_name, expr->field.name);
          return FALSE;
        }
      if (literal->type != FC_SIM_SOQL_LITERAL_STRING)
        return type_mismatch (binder, expr, literal, type_name, TRUE, error);
      expr->pattern = compile_pattern (literal->raw);
      return TRUE;
    }

  expr->values = g_array_sized_new (FALSE, TRUE, sizeof (Value), expr->literals->len);
  g_array_set_clear_func (expr->values, value_clear);
  for (guint i = 0; i < expr->literals->len; i++)
    {
      Value value = { FALSE, NULL, 0, 0 };

      if (!bind_literal (binder, expr, g_ptr_array_index (expr->literals, i), type_name, &value,
                         error))
        {
          value_clear (&value);
          return FALSE;
        }
      g_array_append_val (expr->values, value);
    }

  return TRUE;
}

gboolean
_fc_sim_soql_bind (FcSimSoqlQuery    *query,
                   FcSimSoqlResolve   resolve,
                   gpointer           user_data,
                   GError           **error)
{
  Binder binder = { query, resolve, user_data };
  g_autoptr (GHashTable) selected = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < query->fields->len; i++)
    {
      FcSimSoqlField *field = g_ptr_array_index (query->fields, i);
      const char *type_name = NULL;

      if (!bind_field (&binder, field, &type_name, error))
        return FALSE;
      if (!g_hash_table_add (selected, field->binding))
        {
          _fc_sim_soql_set_error (error, FC_SIM_SOQL_ERROR_MALFORMED, query->text,
                                  field->position, "duplicate field selected: %s", field->name);
          return FALSE;
        }
    }

  if (query->where != NULL && !bind_expr (&binder, query->where, error))
    return FALSE;

  for (guint i = 0; i < query->order->len; i++)
    {
      FcSimSoqlOrder *order = g_ptr_array_index (query->order, i);
      const char *type_name = NULL;

      if (!bind_field (&binder, &order->field, &type_name, error))
        return FALSE;
      if (order->field.kind == FC_SIM_SOQL_KIND_COMPOUND)
        {
          _fc_sim_soql_set_error (error, FC_SIM_SOQL_ERROR_INVALID_FIELD, query->text,
                                  order->field.position, "field '%s' can not be sorted in a "
                                  "query call", order->field.name);
          return FALSE;
        }
    }

  return TRUE;
}

/* Evaluation */

static void
value_from_node (JsonNode      *node,
                 FcSimSoqlKind  kind,
                 Value         *value)
{
  GType type;

  value->is_null = node == NULL || JSON_NODE_HOLDS_NULL (node) || !JSON_NODE_HOLDS_VALUE (node);
  value->text = NULL;
  if (value->is_null)
    return;

  type = json_node_get_value_type (node);
  switch (kind)
    {
    case FC_SIM_SOQL_KIND_STRING:
      if (type == G_TYPE_STRING)
        value->text = g_utf8_casefold (json_node_get_string (node), -1);
      else
        {
          g_autoptr (JsonGenerator) generator = json_generator_new ();

          json_generator_set_root (generator, node);
          value->text = json_generator_to_data (generator, NULL);
        }
      break;
    case FC_SIM_SOQL_KIND_ID:
      value->text = g_strdup (type == G_TYPE_STRING ? json_node_get_string (node) : "");
      break;
    case FC_SIM_SOQL_KIND_NUMBER:
    case FC_SIM_SOQL_KIND_BOOLEAN:
      if (type == G_TYPE_BOOLEAN)
        value->number = json_node_get_boolean (node) ? 1 : 0;
      else if (type == G_TYPE_STRING)
        value->number = g_ascii_strtod (json_node_get_string (node), NULL);
      else
        value->number = json_node_get_double (node);
      break;
    case FC_SIM_SOQL_KIND_DATE:
    case FC_SIM_SOQL_KIND_DATETIME:
      if (type == G_TYPE_INT64)
        value->ms = json_node_get_int (node);
      else if (type != G_TYPE_STRING
               || (!_fc_sim_soql_parse_datetime (json_node_get_string (node), &value->ms)
                   && !_fc_sim_soql_parse_date (json_node_get_string (node), &value->ms)))
        value->is_null = TRUE;
      break;
    case FC_SIM_SOQL_KIND_COMPOUND:
    default:
      value->is_null = TRUE;
      break;
    }
}

static int
compare_values (const Value   *a,
                const Value   *b,
                FcSimSoqlKind  kind)
{
  switch (kind)
    {
    case FC_SIM_SOQL_KIND_STRING:
    case FC_SIM_SOQL_KIND_ID:
      return g_strcmp0 (a->text, b->text);
    case FC_SIM_SOQL_KIND_NUMBER:
    case FC_SIM_SOQL_KIND_BOOLEAN:
      return a->number < b->number ? -1 : a->number > b->number ? 1 : 0;
    case FC_SIM_SOQL_KIND_DATE:
    case FC_SIM_SOQL_KIND_DATETIME:
      return a->ms < b->ms ? -1 : a->ms > b->ms ? 1 : 0;
    case FC_SIM_SOQL_KIND_COMPOUND:
    default:
      return 0;
    }
}

static gboolean
match_pattern (const PatternItem *pattern,
               guint              n_pattern,
               const gunichar    *text,
               glong              n_text)
{
  guint p = 0;
  glong t = 0;
  gint star = -1;
  glong star_text = 0;

  while (t < n_text)
    {
      if (p < n_pattern && pattern[p].kind == PATTERN_ANY)
        {
          star = (gint) p++;
          star_text = t;
        }
      else if (p < n_pattern && (pattern[p].kind == PATTERN_ONE || pattern[p].ch == text[t]))
        {
          p++;
          t++;
        }
      else if (star >= 0)
        {
          p = (guint) star + 1;
          t = ++star_text;
        }
      else
        {
          return FALSE;
        }
    }
  while (p < n_pattern && pattern[p].kind == PATTERN_ANY)
    p++;

  return p == n_pattern;
}

static gboolean
compare_expr (FcSimSoqlExpr *expr,
              const Value   *field)
{
  const Value *literal = expr->values != NULL && expr->values->len > 0
                         ? &g_array_index (expr->values, Value, 0) : NULL;
  int order;

  if (expr->op == FC_SIM_SOQL_OP_LIKE)
    {
      g_autofree gunichar *chars = NULL;
      glong n = 0;

      if (field->is_null)
        return FALSE;
      chars = g_utf8_to_ucs4_fast (field->text, -1, &n);
      return match_pattern ((PatternItem *) expr->pattern->data, expr->pattern->len, chars, n);
    }

  if (expr->op == FC_SIM_SOQL_OP_IN || expr->op == FC_SIM_SOQL_OP_NOT_IN)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < expr->values->len && !found; i++)
        {
          const Value *candidate = &g_array_index (expr->values, Value, i);

          if (candidate->is_null || field->is_null)
            found = candidate->is_null && field->is_null;
          else
            found = compare_values (field, candidate, expr->field.kind) == 0;
        }
      return expr->op == FC_SIM_SOQL_OP_IN ? found : !found;
    }

  /* SOQL: != matches nulls; ordering comparisons never do */
  if (field->is_null || literal->is_null)
    {
      gboolean both = field->is_null && literal->is_null;

      if (expr->op == FC_SIM_SOQL_OP_EQ)
        return both;
      if (expr->op == FC_SIM_SOQL_OP_NE)
        return !both;
      return FALSE;
    }

  order = compare_values (field, literal, expr->field.kind);
  switch (expr->op)
    {
    case FC_SIM_SOQL_OP_EQ: return order == 0;
    case FC_SIM_SOQL_OP_NE: return order != 0;
    case FC_SIM_SOQL_OP_LT: return order < 0;
    case FC_SIM_SOQL_OP_LE: return order <= 0;
    case FC_SIM_SOQL_OP_GT: return order > 0;
    case FC_SIM_SOQL_OP_GE: return order >= 0;
    case FC_SIM_SOQL_OP_LIKE:
    case FC_SIM_SOQL_OP_IN:
    case FC_SIM_SOQL_OP_NOT_IN:
    default:
      return FALSE;
    }
}

static gboolean
eval_expr (FcSimSoqlExpr *expr,
           gpointer       row,
           FcSimSoqlGet   get,
           gpointer       user_data)
{
  switch (expr->kind)
    {
    case FC_SIM_SOQL_EXPR_AND:
      for (guint i = 0; i < expr->children->len; i++)
        {
          if (!eval_expr (g_ptr_array_index (expr->children, i), row, get, user_data))
            return FALSE;
        }
      return TRUE;
    case FC_SIM_SOQL_EXPR_OR:
      for (guint i = 0; i < expr->children->len; i++)
        {
          if (eval_expr (g_ptr_array_index (expr->children, i), row, get, user_data))
            return TRUE;
        }
      return FALSE;
    case FC_SIM_SOQL_EXPR_NOT:
      return !eval_expr (g_ptr_array_index (expr->children, 0), row, get, user_data);
    case FC_SIM_SOQL_EXPR_COMPARE:
    default:
      {
        JsonNode *node = get (row, expr->field.binding, user_data);
        Value value;
        gboolean result;

        value_from_node (node, expr->field.kind, &value);
        result = compare_expr (expr, &value);
        value_clear (&value);
        g_clear_pointer (&node, json_node_unref);
        return result;
      }
    }
}

gboolean
_fc_sim_soql_matches (FcSimSoqlQuery *query,
                      gpointer        row,
                      FcSimSoqlGet    get,
                      gpointer        user_data)
{
  return query->where == NULL || eval_expr (query->where, row, get, user_data);
}

typedef struct
{
  gpointer  row;
  guint     index;
  Value    *keys;
} SortItem;

static gint
compare_items (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  const SortItem *x = *(SortItem * const *) a;
  const SortItem *y = *(SortItem * const *) b;
  FcSimSoqlQuery *query = user_data;

  for (guint i = 0; i < query->order->len; i++)
    {
      FcSimSoqlOrder *order = g_ptr_array_index (query->order, i);
      const Value *u = &x->keys[i];
      const Value *v = &y->keys[i];
      int result;

      if (u->is_null || v->is_null)
        {
          if (u->is_null && v->is_null)
            continue;
          result = u->is_null ? -1 : 1;
          return order->nulls_last ? -result : result;
        }
      result = compare_values (u, v, order->field.kind);
      if (result != 0)
        return order->descending ? -result : result;
    }

  return x->index < y->index ? -1 : x->index > y->index ? 1 : 0;
}

/* Sorts @rows by ORDER BY; rows that tie keep their order. */
void
_fc_sim_soql_sort (FcSimSoqlQuery *query,
                   GPtrArray      *rows,
                   FcSimSoqlGet    get,
                   gpointer        user_data)
{
  guint n_keys = query->order->len;
  g_autoptr (GPtrArray) items = NULL;

  if (n_keys == 0 || rows->len < 2)
    return;

  items = g_ptr_array_new_full (rows->len, NULL);
  for (guint i = 0; i < rows->len; i++)
    {
      SortItem *item = g_new0 (SortItem, 1);

      item->row = g_ptr_array_index (rows, i);
      item->index = i;
      item->keys = g_new0 (Value, n_keys);
      for (guint k = 0; k < n_keys; k++)
        {
          FcSimSoqlOrder *order = g_ptr_array_index (query->order, k);
          JsonNode *node = get (item->row, order->field.binding, user_data);

          value_from_node (node, order->field.kind, &item->keys[k]);
          g_clear_pointer (&node, json_node_unref);
        }
      g_ptr_array_add (items, item);
    }

  g_ptr_array_sort_with_data (items, compare_items, query);

  for (guint i = 0; i < items->len; i++)
    {
      SortItem *item = g_ptr_array_index (items, i);

      rows->pdata[i] = item->row;
      for (guint k = 0; k < n_keys; k++)
        value_clear (&item->keys[k]);
      g_free (item->keys);
      g_free (item);
    }
}

