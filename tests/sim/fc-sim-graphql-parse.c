/* fc-sim-graphql-parse.c: the parser of request documents, and of the schema definition language
 * (SDL) the simulator writes its schemas in
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-sim-graphql"

#include "config.h"

#include <string.h>

#include "fc-sim-graphql-private.h"

#define NEW(p, Type) ((Type *) _fc_sim_gql_pool_alloc ((p)->pool, sizeof (Type)))

/* Values and types */

static FcSimGqlAstValue *parse_value (FcSimGqlParser *p,
                                      gboolean        constant);

static FcSimGqlAstValue *
parse_compound_value (FcSimGqlParser *p,
                      gboolean        constant)
{
  FcSimGqlAstValue *value = NEW (p, FcSimGqlAstValue);
  gboolean list = _fc_sim_gql_peek_punct (p, "[");
  const char *close = list ? "]" : "}";

  value->kind = list ? FC_SIM_GQL_AST_LIST : FC_SIM_GQL_AST_OBJECT;
  value->items = _fc_sim_gql_pool_array (p->pool);
  value->line = p->token.line;
  value->column = p->token.column;
  _fc_sim_gql_advance (p);

  while (p->error == NULL && !_fc_sim_gql_accept_punct (p, close))
    {
      if (p->token.kind == FC_SIM_GQL_TOKEN_EOF)
        {
          _fc_sim_gql_unexpected (p);
          break;
        }
      if (list)
        {
          g_ptr_array_add (value->items, parse_value (p, constant));
        }
      else
        {
          FcSimGqlAstField *field = NEW (p, FcSimGqlAstField);

          field->line = p->token.line;
          field->column = p->token.column;
          field->name = _fc_sim_gql_expect_name (p);
          _fc_sim_gql_expect_punct (p, ":");
          field->value = parse_value (p, constant);
          g_ptr_array_add (value->items, field);
        }
    }

  return value;
}

static FcSimGqlAstValue *
parse_value (FcSimGqlParser *p,
             gboolean        constant)
{
  FcSimGqlAstValue *value;

  if (_fc_sim_gql_peek_punct (p, "[") || _fc_sim_gql_peek_punct (p, "{"))
    return parse_compound_value (p, constant);

  value = NEW (p, FcSimGqlAstValue);
  value->line = p->token.line;
  value->column = p->token.column;

  if (!constant && _fc_sim_gql_peek_punct (p, "$"))
    {
      _fc_sim_gql_advance (p);
      value->kind = FC_SIM_GQL_AST_VARIABLE;
      value->text = _fc_sim_gql_expect_name (p);
      return value;
    }

  switch (p->token.kind)
    {
    case FC_SIM_GQL_TOKEN_INT:
    case FC_SIM_GQL_TOKEN_FLOAT:
      value->kind = p->token.kind == FC_SIM_GQL_TOKEN_INT ? FC_SIM_GQL_AST_INT
                                                          : FC_SIM_GQL_AST_FLOAT;
      value->text = _fc_sim_gql_pool_strndup (p->pool, p->token.start, p->token.length);
      break;
    case FC_SIM_GQL_TOKEN_STRING:
      value->kind = FC_SIM_GQL_AST_STRING;
      value->text = p->token.value;
      break;
    case FC_SIM_GQL_TOKEN_NAME:
      value->text = _fc_sim_gql_pool_strndup (p->pool, p->token.start, p->token.length);
      if (g_str_equal (value->text, "true") || g_str_equal (value->text, "false"))
        {
          value->kind = FC_SIM_GQL_AST_BOOLEAN;
          value->boolean = g_str_equal (value->text, "true");
        }
      else if (g_str_equal (value->text, "null"))
        {
          value->kind = FC_SIM_GQL_AST_NULL;
        }
      else
        {
          value->kind = FC_SIM_GQL_AST_ENUM;
        }
      break;
    case FC_SIM_GQL_TOKEN_PUNCT:
    case FC_SIM_GQL_TOKEN_EOF:
    default:
      _fc_sim_gql_unexpected (p);
      return value;
    }

  _fc_sim_gql_advance (p);
  return value;
}

static FcSimGqlTypeRef *
parse_type (FcSimGqlParser *p)
{
  FcSimGqlTypeRef *ref = NEW (p, FcSimGqlTypeRef);

  if (_fc_sim_gql_accept_punct (p, "["))
    {
      ref->of_type = parse_type (p);
      _fc_sim_gql_expect_punct (p, "]");
    }
  else
    {
      ref->name = _fc_sim_gql_expect_name (p);
    }
  ref->non_null = _fc_sim_gql_accept_punct (p, "!");

  return ref;
}

static GPtrArray *
parse_arguments (FcSimGqlParser *p,
                 gboolean        constant)
{
  GPtrArray *arguments = _fc_sim_gql_pool_array (p->pool);

  if (!_fc_sim_gql_accept_punct (p, "("))
    return arguments;

  do
    {
      FcSimGqlAstField *argument = NEW (p, FcSimGqlAstField);

      argument->line = p->token.line;
      argument->column = p->token.column;
      argument->name = _fc_sim_gql_expect_name (p);
      _fc_sim_gql_expect_punct (p, ":");
      argument->value = parse_value (p, constant);
      g_ptr_array_add (arguments, argument);
    }
  while (p->error == NULL && !_fc_sim_gql_accept_punct (p, ")"));

  return arguments;
}

static GPtrArray *
parse_directives (FcSimGqlParser *p,
                  gboolean        constant)
{
  GPtrArray *directives = _fc_sim_gql_pool_array (p->pool);

  while (p->error == NULL && _fc_sim_gql_peek_punct (p, "@"))
    {
      FcSimGqlDirective *directive = NEW (p, FcSimGqlDirective);

      directive->line = p->token.line;
      directive->column = p->token.column;
      _fc_sim_gql_advance (p);
      directive->name = _fc_sim_gql_expect_name (p);
      directive->arguments = parse_arguments (p, constant);
      g_ptr_array_add (directives, directive);
    }

  return directives;
}

/* Selections */

static GPtrArray *parse_selection_set (FcSimGqlParser *p);

static FcSimGqlSelection *
parse_fragment_selection (FcSimGqlParser *p)
{
  FcSimGqlSelection *selection = NEW (p, FcSimGqlSelection);

  selection->line = p->token.line;
  selection->column = p->token.column;
  _fc_sim_gql_advance (p);

  if (p->token.kind == FC_SIM_GQL_TOKEN_NAME && !_fc_sim_gql_peek_name (p, "on"))
    {
      selection->kind = FC_SIM_GQL_SPREAD;
      selection->name = _fc_sim_gql_expect_name (p);
      selection->directives = parse_directives (p, FALSE);
      return selection;
    }

  selection->kind = FC_SIM_GQL_INLINE;
  if (_fc_sim_gql_peek_name (p, "on"))
    {
      _fc_sim_gql_advance (p);
      selection->type_condition = _fc_sim_gql_expect_name (p);
    }
  selection->directives = parse_directives (p, FALSE);
  selection->selections = parse_selection_set (p);

  return selection;
}

static FcSimGqlSelection *
parse_field (FcSimGqlParser *p)
{
  FcSimGqlSelection *selection = NEW (p, FcSimGqlSelection);

  selection->kind = FC_SIM_GQL_FIELD;
  selection->line = p->token.line;
  selection->column = p->token.column;
  selection->name = _fc_sim_gql_expect_name (p);
  if (_fc_sim_gql_accept_punct (p, ":"))
    {
      selection->alias = selection->name;
      selection->line = p->token.line;
      selection->column = p->token.column;
      selection->name = _fc_sim_gql_expect_name (p);
    }
  selection->arguments = parse_arguments (p, FALSE);
  selection->directives = parse_directives (p, FALSE);
  if (_fc_sim_gql_peek_punct (p, "{"))
    selection->selections = parse_selection_set (p);

  return selection;
}

static GPtrArray *
parse_selection_set (FcSimGqlParser *p)
{
  GPtrArray *selections = _fc_sim_gql_pool_array (p->pool);

  if (!_fc_sim_gql_expect_punct (p, "{"))
    return selections;

  do
    {
      if (_fc_sim_gql_peek_punct (p, "..."))
        g_ptr_array_add (selections, parse_fragment_selection (p));
      else
        g_ptr_array_add (selections, parse_field (p));
    }
  while (p->error == NULL && !_fc_sim_gql_accept_punct (p, "}"));

  return selections;
}

/* Definitions */

static GPtrArray *
parse_variable_definitions (FcSimGqlParser *p)
{
  GPtrArray *variables = _fc_sim_gql_pool_array (p->pool);

  if (!_fc_sim_gql_accept_punct (p, "("))
    return variables;

  do
    {
      FcSimGqlVariableDef *variable = NEW (p, FcSimGqlVariableDef);

      variable->line = p->token.line;
      variable->column = p->token.column;
      _fc_sim_gql_expect_punct (p, "$");
      variable->name = _fc_sim_gql_expect_name (p);
      _fc_sim_gql_expect_punct (p, ":");
      variable->type = parse_type (p);
      if (_fc_sim_gql_accept_punct (p, "="))
        variable->default_value = parse_value (p, TRUE);
      parse_directives (p, TRUE);
      g_ptr_array_add (variables, variable);
    }
  while (p->error == NULL && !_fc_sim_gql_accept_punct (p, ")"));

  return variables;
}

static FcSimGqlOperation *
parse_operation (FcSimGqlParser *p)
{
  FcSimGqlOperation *operation = NEW (p, FcSimGqlOperation);

  operation->line = p->token.line;
  operation->column = p->token.column;
  if (_fc_sim_gql_peek_punct (p, "{"))
    {
      operation->operation = _fc_sim_gql_pool_strndup (p->pool, "query", -1);
      operation->variables = _fc_sim_gql_pool_array (p->pool);
      operation->directives = _fc_sim_gql_pool_array (p->pool);
      operation->selections = parse_selection_set (p);
      return operation;
    }

  operation->operation = _fc_sim_gql_expect_name (p);
  if (p->token.kind == FC_SIM_GQL_TOKEN_NAME)
    operation->name = _fc_sim_gql_expect_name (p);
  operation->variables = parse_variable_definitions (p);
  operation->directives = parse_directives (p, FALSE);
  operation->selections = parse_selection_set (p);

  return operation;
}

static FcSimGqlFragment *
parse_fragment (FcSimGqlParser *p)
{
  FcSimGqlFragment *fragment = NEW (p, FcSimGqlFragment);

  fragment->line = p->token.line;
  fragment->column = p->token.column;
  _fc_sim_gql_advance (p);
  if (_fc_sim_gql_peek_name (p, "on"))
    {
      _fc_sim_gql_unexpected (p);
      return fragment;
    }
  fragment->name = _fc_sim_gql_expect_name (p);
  if (!_fc_sim_gql_peek_name (p, "on"))
    {
      _fc_sim_gql_unexpected (p);
      return fragment;
    }
  _fc_sim_gql_advance (p);
  fragment->type_condition = _fc_sim_gql_expect_name (p);
  fragment->directives = parse_directives (p, FALSE);
  fragment->selections = parse_selection_set (p);

  return fragment;
}

void
_fc_sim_gql_document_free (FcSimGqlDocument *document)
{
  if (document == NULL)
    return;

  _fc_sim_gql_pool_clear (&document->pool);
  g_free (document);
}

/* Parses a request document; on failure @line and @column say where. */
FcSimGqlDocument *
_fc_sim_gql_parse_document (const char  *text,
                            guint       *line,
                            guint       *column,
                            GError     **error)
{
  FcSimGqlDocument *document = g_new0 (FcSimGqlDocument, 1);
  FcSimGqlParser parser;
  FcSimGqlParser *p = &parser;

  _fc_sim_gql_pool_init (&document->pool);
  document->operations = _fc_sim_gql_pool_array (&document->pool);
  document->fragments = _fc_sim_gql_pool_array (&document->pool);
  _fc_sim_gql_parser_init (p, &document->pool, text);

  if (p->token.kind == FC_SIM_GQL_TOKEN_EOF && p->error == NULL)
    _fc_sim_gql_fail_at (p, 1, 1, "Unexpected end of document");

  while (p->error == NULL && p->token.kind != FC_SIM_GQL_TOKEN_EOF)
    {
      if (_fc_sim_gql_peek_name (p, "fragment"))
        g_ptr_array_add (document->fragments, parse_fragment (p));
      else if (_fc_sim_gql_peek_punct (p, "{") || _fc_sim_gql_peek_name (p, "query")
               || _fc_sim_gql_peek_name (p, "mutation")
               || _fc_sim_gql_peek_name (p, "subscription"))
        g_ptr_array_add (document->operations, parse_operation (p));
      else
        _fc_sim_gql_unexpected (p);
    }

  if (p->error != NULL)
    {
      *line = p->error_line;
      *column = p->error_column;
      g_propagate_error (error, p->error);
      _fc_sim_gql_document_free (document);
      return NULL;
    }

  return document;
}

/* The schema definition language: scalar, enum, input and type definitions (no interfaces,
 * unions or directives), and a schema block naming the root types. */

static void
skip_description (FcSimGqlParser *p)
{
  if (p->token.kind == FC_SIM_GQL_TOKEN_STRING)
    _fc_sim_gql_advance (p);
}

static FcSimGqlType *
declare_type (FcSimGqlParser   *p,
              FcSimGqlSchema   *schema,
              const char       *name,
              FcSimGqlTypeKind  kind)
{
  FcSimGqlType *type;

  if (name == NULL)
    return NULL;

  if (g_hash_table_contains (schema->types, name))
    {
      g_autofree char *message = g_strdup_printf ("Type %s is defined twice", name);

      _fc_sim_gql_fail_at (p, p->token.line, p->token.column, message);
      return NULL;
    }

  type = NEW (p, FcSimGqlType);
  type->name = (char *) name;
  type->kind = kind;
  type->fields = _fc_sim_gql_pool_array (p->pool);
  type->values = _fc_sim_gql_pool_array (p->pool);
  g_hash_table_insert (schema->types, type->name, type);

  return type;
}

static FcSimGqlInputValue *
parse_input_value (FcSimGqlParser *p)
{
  FcSimGqlInputValue *input = NEW (p, FcSimGqlInputValue);

  skip_description (p);
  input->name = _fc_sim_gql_expect_name (p);
  _fc_sim_gql_expect_punct (p, ":");
  input->type = parse_type (p);
  if (_fc_sim_gql_accept_punct (p, "="))
    input->default_value = parse_value (p, TRUE);

  return input;
}

static void
parse_type_body (FcSimGqlParser *p,
                 FcSimGqlType   *type)
{
  _fc_sim_gql_expect_punct (p, "{");
  while (p->error == NULL && !_fc_sim_gql_accept_punct (p, "}"))
    {
      if (type->kind == FC_SIM_GQL_ENUM)
        {
          skip_description (p);
          g_ptr_array_add (type->values, _fc_sim_gql_expect_name (p));
        }
      else if (type->kind == FC_SIM_GQL_INPUT)
        {
          g_ptr_array_add (type->fields, parse_input_value (p));
        }
      else
        {
          FcSimGqlFieldDef *field = NEW (p, FcSimGqlFieldDef);

          skip_description (p);
          field->name = _fc_sim_gql_expect_name (p);
          field->arguments = _fc_sim_gql_pool_array (p->pool);
          if (_fc_sim_gql_accept_punct (p, "("))
            {
              while (p->error == NULL && !_fc_sim_gql_accept_punct (p, ")"))
                g_ptr_array_add (field->arguments, parse_input_value (p));
            }
          _fc_sim_gql_expect_punct (p, ":");
          field->type = parse_type (p);
          g_ptr_array_add (type->fields, field);
        }
    }
}

static void
parse_schema_block (FcSimGqlParser *p,
                    FcSimGqlSchema *schema)
{
  _fc_sim_gql_advance (p);
  _fc_sim_gql_expect_punct (p, "{");
  while (p->error == NULL && !_fc_sim_gql_accept_punct (p, "}"))
    {
      gboolean query = _fc_sim_gql_peek_name (p, "query");
      gboolean mutation = _fc_sim_gql_peek_name (p, "mutation");
      char *name;

      if (!query && !mutation)
        {
          _fc_sim_gql_unexpected (p);
          return;
        }
      _fc_sim_gql_advance (p);
      _fc_sim_gql_expect_punct (p, ":");
      name = _fc_sim_gql_expect_name (p);
      if (name == NULL)
        return;
      if (query)
        schema->query = g_hash_table_lookup (schema->types, name);
      else
        schema->mutation = g_hash_table_lookup (schema->types, name);
    }
}

gboolean
_fc_sim_gql_parse_schema (FcSimGqlSchema  *schema,
                          const char      *sdl,
                          GError         **error)
{
  FcSimGqlParser parser;
  FcSimGqlParser *p = &parser;

  _fc_sim_gql_parser_init (p, &schema->pool, sdl);
  while (p->error == NULL && p->token.kind != FC_SIM_GQL_TOKEN_EOF)
    {
      static const struct { const char *word; FcSimGqlTypeKind kind; } words[] = {
        { "scalar", FC_SIM_GQL_SCALAR }, { "enum", FC_SIM_GQL_ENUM },
        { "input", FC_SIM_GQL_INPUT }, { "type", FC_SIM_GQL_OBJECT },
      };
      gboolean known = FALSE;

      skip_description (p);
      if (_fc_sim_gql_peek_name (p, "schema"))
        {
          parse_schema_block (p, schema);
          continue;
        }
      for (guint i = 0; !known && i < G_N_ELEMENTS (words); i++)
        {
          FcSimGqlType *type;

          if (!_fc_sim_gql_peek_name (p, words[i].word))
            continue;
          known = TRUE;
          _fc_sim_gql_advance (p);
          type = declare_type (p, schema, _fc_sim_gql_expect_name (p), words[i].kind);
          if (type != NULL && type->kind != FC_SIM_GQL_SCALAR)
            parse_type_body (p, type);
        }
      if (!known)
        _fc_sim_gql_unexpected (p);
    }

  if (p->error != NULL)
    {
      g_set_error (error, FC_SIM_GQL_ERROR, FC_SIM_GQL_ERROR_SCHEMA,
                   "Schema line %u, column %u: %s", p->error_line, p->error_column,
                   p->error->message);
      g_clear_error (&p->error);
      return FALSE;
    }

  return TRUE;
}
