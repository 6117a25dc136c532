/* fc-sim-soql-parse.c: the SOQL parser: SELECT, FROM, WHERE, ORDER BY, LIMIT, OFFSET
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-sim-soql"

#include "config.h"

#include <string.h>

#include "fc-sim-soql-private.h"

#define MAX_OFFSET 2000

typedef struct
{
  const char *text;
  GArray     *tokens;
  guint       pos;
} Parser;

static FcSimSoqlToken *
peek (Parser *parser)
{
  return &g_array_index (parser->tokens, FcSimSoqlToken, parser->pos);
}

/* The token after the next one; the end of input repeats */
static FcSimSoqlToken *
peek_next (Parser *parser)
{
  guint next = MIN (parser->pos + 1, parser->tokens->len - 1);

  return &g_array_index (parser->tokens, FcSimSoqlToken, next);
}

static FcSimSoqlToken *
advance (Parser *parser)
{
  FcSimSoqlToken *token = peek (parser);

  if (token->type != FC_SIM_SOQL_TOKEN_EOF)
    parser->pos++;
  return token;
}

static gboolean
is_keyword (FcSimSoqlToken      *token,
            const char *keyword)
{
  return token->type == FC_SIM_SOQL_TOKEN_IDENT && g_ascii_strcasecmp (token->value, keyword) == 0;
}

static gboolean
accept_keyword (Parser     *parser,
                const char *keyword)
{
  if (!is_keyword (peek (parser), keyword))
    return FALSE;

  advance (parser);
  return TRUE;
}

static gboolean
unexpected (Parser  *parser,
            FcSimSoqlToken   *token,
            GError **error)
{
  if (token->type == FC_SIM_SOQL_TOKEN_EOF)
    _fc_sim_soql_set_error (error, FC_SIM_SOQL_ERROR_MALFORMED, parser->text, token->start,
                            "unexpected token: '<EOF>'");
  else
    _fc_sim_soql_set_error (error, FC_SIM_SOQL_ERROR_MALFORMED, parser->text, token->start,
                            "unexpected token: '%s'", token->value);
  return FALSE;
}

static gboolean
expect_keyword (Parser     *parser,
                const char *keyword,
                GError    **error)
{
  if (accept_keyword (parser, keyword))
    return TRUE;

  return unexpected (parser, peek (parser), error);
}

static gboolean
expect_type (Parser     *parser,
             FcSimSoqlTokenType   type,
             GError    **error)
{
  if (peek (parser)->type == type)
    {
      advance (parser);
      return TRUE;
    }

  return unexpected (parser, peek (parser), error);
}

static const char * const reserved[] = {
  "SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "IN", "LIKE", "ORDER", "BY", "ASC", "DESC",
  "NULLS", "FIRST", "LAST", "LIMIT", "OFFSET", "TRUE", "FALSE", "NULL", "GROUP", "HAVING",
  "WITH", "FOR", "USING", "INCLUDES", "EXCLUDES", "TYPEOF", NULL
};

static gboolean
is_reserved (FcSimSoqlToken *token)
{
  for (guint i = 0; reserved[i] != NULL; i++)
    {
      if (is_keyword (token, reserved[i]))
        return TRUE;
    }

  return FALSE;
}

/* A field name, not a keyword and not a function call */
static gboolean
parse_field_name (Parser          *parser,
                  FcSimSoqlField  *field,
                  GError         **error)
{
  FcSimSoqlToken *token = peek (parser);

  if (token->type != FC_SIM_SOQL_TOKEN_IDENT || is_reserved (token))
    return unexpected (parser, token, error);
  advance (parser);

  if (peek (parser)->type == FC_SIM_SOQL_TOKEN_OPEN)
    {
      _fc_sim_soql_set_error (error, FC_SIM_SOQL_ERROR_MALFORMED, parser->text, token->start,
                              "the function %s() " FC_SIM_SOQL_UNSUPPORTED " (only COUNT() is)",
                              token->value);
      return FALSE;
    }

  field->name = g_strdup (token->value);
  field->position = token->start;
  return TRUE;
}

static gboolean
parse_select_list (Parser          *parser,
                   FcSimSoqlQuery  *query,
                   GError         **error)
{
  FcSimSoqlToken *token = peek (parser);

  if (is_keyword (token, "COUNT") && peek_next (parser)->type == FC_SIM_SOQL_TOKEN_OPEN)
    {
      advance (parser);
      advance (parser);
      if (peek (parser)->type != FC_SIM_SOQL_TOKEN_CLOSE)
        {
          _fc_sim_soql_set_error (error, FC_SIM_SOQL_ERROR_MALFORMED, parser->text,
                                  token->start, "aggregate queries such as COUNT(field) "
                                  FC_SIM_SOQL_UNSUPPORTED " (COUNT() is)");
          return FALSE;
        }
      advance (parser);
      query->count_only = TRUE;
      if (peek (parser)->type == FC_SIM_SOQL_TOKEN_COMMA)
        return unexpected (parser, peek (parser), error);
      return TRUE;
    }

  do
    {
      FcSimSoqlField *field = g_new0 (FcSimSoqlField, 1);

      g_ptr_array_add (query->fields, field);
      if (peek (parser)->type == FC_SIM_SOQL_TOKEN_OPEN)
        {
          _fc_sim_soql_set_error (error, FC_SIM_SOQL_ERROR_MALFORMED, parser->text,
                                  peek (parser)->start, "subqueries " FC_SIM_SOQL_UNSUPPORTED);
          return FALSE;
        }
      if (!parse_field_name (parser, field, error))
        return FALSE;
    }
  while (peek (parser)->type == FC_SIM_SOQL_TOKEN_COMMA && advance (parser) != NULL);

  return TRUE;
}

static FcSimSoqlLiteral *
parse_literal (Parser  *parser,
               GError **error)
{
  FcSimSoqlToken *token = peek (parser);
  FcSimSoqlLiteral *literal;
  FcSimSoqlLiteralType type;

  switch (token->type)
    {
    case FC_SIM_SOQL_TOKEN_STRING: type = FC_SIM_SOQL_LITERAL_STRING; break;
    case FC_SIM_SOQL_TOKEN_NUMBER: type = FC_SIM_SOQL_LITERAL_NUMBER; break;
    case FC_SIM_SOQL_TOKEN_DATE: type = FC_SIM_SOQL_LITERAL_DATE; break;
    case FC_SIM_SOQL_TOKEN_DATETIME: type = FC_SIM_SOQL_LITERAL_DATETIME; break;
    case FC_SIM_SOQL_TOKEN_IDENT:
      if (is_keyword (token, "TRUE"))
        type = FC_SIM_SOQL_LITERAL_TRUE;
      else if (is_keyword (token, "FALSE"))
        type = FC_SIM_SOQL_LITERAL_FALSE;
      else if (is_keyword (token, "NULL"))
        type = FC_SIM_SOQL_LITERAL_NULL;
      else if (is_reserved (token))
        {
          unexpected (parser, token, error);
          return NULL;
        }
      else
        {
          _fc_sim_soql_set_error (error, FC_SIM_SOQL_ERROR_MALFORMED, parser->text,
                                  token->start, "date literals such as %s " FC_SIM_SOQL_UNSUPPORTED
                                  "; write a date (2025-01-31) or a date-time "
                                  "(2025-01-31T00:00:00Z)", token->value);
          return NULL;
        }
      break;
    case FC_SIM_SOQL_TOKEN_COLON:
      _fc_sim_soql_set_error (error, FC_SIM_SOQL_ERROR_MALFORMED, parser->text, token->start,
                              "bind variables " FC_SIM_SOQL_UNSUPPORTED);
      return NULL;
    case FC_SIM_SOQL_TOKEN_OPEN:
      if (is_keyword (peek_next (parser), "SELECT"))
        {
          _fc_sim_soql_set_error (error, FC_SIM_SOQL_ERROR_MALFORMED, parser->text,
                                  token->start, "semi-join subqueries " FC_SIM_SOQL_UNSUPPORTED);
          return NULL;
        }
      unexpected (parser, token, error);
      return NULL;
    case FC_SIM_SOQL_TOKEN_EOF:
    case FC_SIM_SOQL_TOKEN_COMMA:
    case FC_SIM_SOQL_TOKEN_CLOSE:
    case FC_SIM_SOQL_TOKEN_OPERATOR:
    default:
      unexpected (parser, token, error);
      return NULL;
    }

  advance (parser);
  literal = g_new0 (FcSimSoqlLiteral, 1);
  literal->type = type;
  literal->value = g_strdup (token->value);
  literal->raw = g_strdup (token->raw);
  literal->position = token->start;
  return literal;
}

static FcSimSoqlExpr *parse_condition (Parser *parser, GError **error);

/* The operator of a comparison: =, !=, <>, <, <=, >, >=, LIKE, IN or NOT IN */
static gboolean
parse_operator (Parser        *parser,
                FcSimSoqlOp   *op,
                GError       **error)
{
  static const struct { const char *text; FcSimSoqlOp op; } operators[] = {
    { "=", FC_SIM_SOQL_OP_EQ }, { "!=", FC_SIM_SOQL_OP_NE }, { "<>", FC_SIM_SOQL_OP_NE },
    { "<", FC_SIM_SOQL_OP_LT }, { "<=", FC_SIM_SOQL_OP_LE }, { ">", FC_SIM_SOQL_OP_GT },
    { ">=", FC_SIM_SOQL_OP_GE },
  };
  FcSimSoqlToken *token = peek (parser);

  for (guint i = 0; token->type == FC_SIM_SOQL_TOKEN_OPERATOR && i < G_N_ELEMENTS (operators);
       i++)
    {
      if (g_str_equal (token->value, operators[i].text))
        {
          *op = operators[i].op;
          advance (parser);
          return TRUE;
        }
    }

  if (accept_keyword (parser, "LIKE"))
    *op = FC_SIM_SOQL_OP_LIKE;
  else if (accept_keyword (parser, "IN"))
    *op = FC_SIM_SOQL_OP_IN;
  else if (is_keyword (token, "NOT") && is_keyword (peek_next (parser), "IN"))
    {
      advance (parser);
      advance (parser);
      *op = FC_SIM_SOQL_OP_NOT_IN;
    }
  else if (is_keyword (token, "INCLUDES") || is_keyword (token, "EXCLUDES"))
    {
      _fc_sim_soql_set_error (error, FC_SIM_SOQL_ERROR_MALFORMED, parser->text, token->start,
                              "%s (multi-select picklists) " FC_SIM_SOQL_UNSUPPORTED,
                              token->value);
      return FALSE;
    }
  else
    {
      return unexpected (parser, token, error);
    }

  return TRUE;
}

/* One value, or a parenthesized list of them after IN and NOT IN */
static gboolean
parse_values (Parser         *parser,
              FcSimSoqlExpr  *expr,
              GError        **error)
{
  gboolean list = expr->op == FC_SIM_SOQL_OP_IN || expr->op == FC_SIM_SOQL_OP_NOT_IN;

  if (list && !expect_type (parser, FC_SIM_SOQL_TOKEN_OPEN, error))
    return FALSE;
  do
    {
      FcSimSoqlLiteral *literal = parse_literal (parser, error);

      if (literal == NULL)
        return FALSE;
      g_ptr_array_add (expr->literals, literal);
    }
  while (list && peek (parser)->type == FC_SIM_SOQL_TOKEN_COMMA && advance (parser) != NULL);

  return !list || expect_type (parser, FC_SIM_SOQL_TOKEN_CLOSE, error);
}

static FcSimSoqlExpr *
parse_comparison (Parser  *parser,
                  GError **error)
{
  FcSimSoqlExpr *expr = g_new0 (FcSimSoqlExpr, 1);

  expr->kind = FC_SIM_SOQL_EXPR_COMPARE;
  expr->literals = g_ptr_array_new_with_free_func (_fc_sim_soql_literal_free);
  if (!parse_field_name (parser, &expr->field, error))
    goto fail;

  expr->op_position = peek (parser)->start;
  if (!parse_operator (parser, &expr->op, error) || !parse_values (parser, expr, error))
    goto fail;

  return expr;

fail:
  _fc_sim_soql_expr_free (expr);
  return NULL;
}

static FcSimSoqlExpr *
parse_unary (Parser  *parser,
             GError **error)
{
  FcSimSoqlExpr *expr;

  if (accept_keyword (parser, "NOT"))
    {
      FcSimSoqlExpr *child = parse_unary (parser, error);

      if (child == NULL)
        return NULL;
      expr = g_new0 (FcSimSoqlExpr, 1);
      expr->kind = FC_SIM_SOQL_EXPR_NOT;
      expr->children = g_ptr_array_new_with_free_func (_fc_sim_soql_expr_free);
      g_ptr_array_add (expr->children, child);
      return expr;
    }

  if (peek (parser)->type == FC_SIM_SOQL_TOKEN_OPEN)
    {
      advance (parser);
      expr = parse_condition (parser, error);
      if (expr == NULL)
        return NULL;
      if (!expect_type (parser, FC_SIM_SOQL_TOKEN_CLOSE, error))
        {
          _fc_sim_soql_expr_free (expr);
          return NULL;
        }
      return expr;
    }

  return parse_comparison (parser, error);
}

/* AND and OR may not be mixed at one level without parentheses, as in SOQL. */
static FcSimSoqlExpr *
parse_condition (Parser  *parser,
                 GError **error)
{
  FcSimSoqlExpr *first = parse_unary (parser, error);
  FcSimSoqlExpr *group = NULL;

  if (first == NULL)
    return NULL;

  while (is_keyword (peek (parser), "AND") || is_keyword (peek (parser), "OR"))
    {
      FcSimSoqlToken *token = peek (parser);
      FcSimSoqlExprKind kind = is_keyword (token, "AND") ? FC_SIM_SOQL_EXPR_AND
                                                          : FC_SIM_SOQL_EXPR_OR;
      FcSimSoqlExpr *next;

      if (group != NULL && group->kind != kind)
        {
          unexpected (parser, token, error);
          _fc_sim_soql_expr_free (group);
          return NULL;
        }
      if (group == NULL)
        {
          group = g_new0 (FcSimSoqlExpr, 1);
          group->kind = kind;
          group->children = g_ptr_array_new_with_free_func (_fc_sim_soql_expr_free);
          g_ptr_array_add (group->children, g_steal_pointer (&first));
        }
      advance (parser);
      next = parse_unary (parser, error);
      if (next == NULL)
        {
          _fc_sim_soql_expr_free (group);
          return NULL;
        }
      g_ptr_array_add (group->children, next);
    }

  return group != NULL ? group : first;
}

static gboolean
parse_order (Parser          *parser,
             FcSimSoqlQuery  *query,
             GError         **error)
{
  do
    {
      FcSimSoqlOrder *order = g_new0 (FcSimSoqlOrder, 1);

      g_ptr_array_add (query->order, order);
      if (!parse_field_name (parser, &order->field, error))
        return FALSE;
      if (accept_keyword (parser, "DESC"))
        order->descending = TRUE;
      else
        accept_keyword (parser, "ASC");
      order->nulls_last = order->descending;
      if (accept_keyword (parser, "NULLS"))
        {
          if (accept_keyword (parser, "LAST"))
            order->nulls_last = TRUE;
          else if (accept_keyword (parser, "FIRST"))
            order->nulls_last = FALSE;
          else
            return unexpected (parser, peek (parser), error);
        }
    }
  while (peek (parser)->type == FC_SIM_SOQL_TOKEN_COMMA && advance (parser) != NULL);

  return TRUE;
}

static gboolean
parse_count (Parser   *parser,
             gint64   *value,
             guint    *position,
             GError  **error)
{
  FcSimSoqlToken *token = peek (parser);

  if (token->type != FC_SIM_SOQL_TOKEN_NUMBER || !g_ascii_string_to_signed (token->value, 10, 0,
                                                                 G_MAXINT32, value, NULL))
    return unexpected (parser, token, error);

  if (position != NULL)
    *position = token->start;
  advance (parser);
  return TRUE;
}

/* FROM Object: one object, no relationships */
static gboolean
parse_from (Parser          *parser,
            FcSimSoqlQuery  *query,
            GError         **error)
{
  FcSimSoqlToken *token;

  if (!expect_keyword (parser, "FROM", error))
    return FALSE;

  token = peek (parser);
  if (token->type != FC_SIM_SOQL_TOKEN_IDENT || is_reserved (token))
    return unexpected (parser, token, error);
  query->object = g_strdup (token->value);
  query->object_position = token->start;
  advance (parser);

  if (peek (parser)->type == FC_SIM_SOQL_TOKEN_COMMA)
    {
      _fc_sim_soql_set_error (error, FC_SIM_SOQL_ERROR_MALFORMED, parser->text,
                              peek (parser)->start,
                              "more than one object in FROM " FC_SIM_SOQL_UNSUPPORTED);
      return FALSE;
    }

  return TRUE;
}

/* [WHERE ...] [ORDER BY ...] [LIMIT n] [OFFSET n], then the end */
static gboolean
parse_clauses (Parser          *parser,
               FcSimSoqlQuery  *query,
               GError         **error)
{
  if (accept_keyword (parser, "WHERE"))
    {
      query->where = parse_condition (parser, error);
      if (query->where == NULL)
        return FALSE;
    }
  if (is_keyword (peek (parser), "GROUP") || is_keyword (peek (parser), "HAVING"))
    {
      _fc_sim_soql_set_error (error, FC_SIM_SOQL_ERROR_MALFORMED, parser->text,
                              peek (parser)->start, "GROUP BY and HAVING " FC_SIM_SOQL_UNSUPPORTED);
      return FALSE;
    }
  if (accept_keyword (parser, "ORDER")
      && (!expect_keyword (parser, "BY", error) || !parse_order (parser, query, error)))
    return FALSE;
  if (accept_keyword (parser, "LIMIT") && !parse_count (parser, &query->limit, NULL, error))
    return FALSE;
  if (accept_keyword (parser, "OFFSET")
      && !parse_count (parser, &query->offset, &query->offset_position, error))
    return FALSE;

  if (peek (parser)->type != FC_SIM_SOQL_TOKEN_EOF)
    return unexpected (parser, peek (parser), error);

  return TRUE;
}

FcSimSoqlQuery *
_fc_sim_soql_parse (const char  *text,
                    GError     **error)
{
  g_autoptr (FcSimSoqlQuery) query = g_new0 (FcSimSoqlQuery, 1);
  g_autoptr (GArray) tokens = NULL;
  Parser parser = { text, NULL, 0 };

  query->text = g_strdup (text);
  query->fields = g_ptr_array_new_with_free_func (_fc_sim_soql_field_free);
  query->order = g_ptr_array_new_with_free_func (_fc_sim_soql_order_free);
  query->limit = -1;
  query->offset = -1;

  tokens = _fc_sim_soql_lex (text, error);
  if (tokens == NULL)
    return NULL;
  parser.tokens = tokens;

  if (!expect_keyword (&parser, "SELECT", error)
      || !parse_select_list (&parser, query, error)
      || !parse_from (&parser, query, error)
      || !parse_clauses (&parser, query, error))
    return NULL;

  if (query->offset > MAX_OFFSET)
    {
      g_set_error (error, FC_SIM_SOQL_ERROR, FC_SIM_SOQL_ERROR_OUT_OF_RANGE,
                   "Maximum SOQL offset allowed is %d", MAX_OFFSET);
      return NULL;
    }

  return g_steal_pointer (&query);
}
