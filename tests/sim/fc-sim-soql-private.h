/* fc-sim-soql-private.h: what the SOQL files share: tokens, literals and expressions
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fc-sim-soql.h"

G_BEGIN_DECLS

#define FC_SIM_SOQL_UNSUPPORTED "is not supported by fc-provider-sim"

typedef enum
{
  FC_SIM_SOQL_TOKEN_EOF,
  FC_SIM_SOQL_TOKEN_IDENT,
  FC_SIM_SOQL_TOKEN_STRING,
  FC_SIM_SOQL_TOKEN_NUMBER,
  FC_SIM_SOQL_TOKEN_DATE,
  FC_SIM_SOQL_TOKEN_DATETIME,
  FC_SIM_SOQL_TOKEN_COMMA,
  FC_SIM_SOQL_TOKEN_OPEN,
  FC_SIM_SOQL_TOKEN_CLOSE,
  FC_SIM_SOQL_TOKEN_OPERATOR,
  FC_SIM_SOQL_TOKEN_COLON,
} FcSimSoqlTokenType;

typedef struct
{
  FcSimSoqlTokenType  type;
  guint               start;
  guint               end;
  char               *value;  /* strings decoded; other tokens as written */
  char               *raw;    /* strings as written between the quotes */
} FcSimSoqlToken;

typedef enum
{
  FC_SIM_SOQL_LITERAL_STRING,
  FC_SIM_SOQL_LITERAL_NUMBER,
  FC_SIM_SOQL_LITERAL_DATE,
  FC_SIM_SOQL_LITERAL_DATETIME,
  FC_SIM_SOQL_LITERAL_TRUE,
  FC_SIM_SOQL_LITERAL_FALSE,
  FC_SIM_SOQL_LITERAL_NULL,
} FcSimSoqlLiteralType;

typedef struct
{
  FcSimSoqlLiteralType  type;
  char                 *value;
  char                 *raw;
  guint                 position;
} FcSimSoqlLiteral;

typedef enum
{
  FC_SIM_SOQL_EXPR_AND,
  FC_SIM_SOQL_EXPR_OR,
  FC_SIM_SOQL_EXPR_NOT,
  FC_SIM_SOQL_EXPR_COMPARE,
} FcSimSoqlExprKind;

typedef enum
{
  FC_SIM_SOQL_OP_EQ,
  FC_SIM_SOQL_OP_NE,
  FC_SIM_SOQL_OP_LT,
  FC_SIM_SOQL_OP_LE,
  FC_SIM_SOQL_OP_GT,
  FC_SIM_SOQL_OP_GE,
  FC_SIM_SOQL_OP_LIKE,
  FC_SIM_SOQL_OP_IN,
  FC_SIM_SOQL_OP_NOT_IN,
} FcSimSoqlOp;

struct _FcSimSoqlExpr
{
  FcSimSoqlExprKind  kind;
  GPtrArray         *children;  /* FcSimSoqlExpr, for AND, OR and NOT */
  FcSimSoqlField     field;
  FcSimSoqlOp        op;
  guint              op_position;
  GPtrArray         *literals;  /* FcSimSoqlLiteral */
  GArray            *values;    /* the literals bound to the field's type (fc-sim-soql-eval.c) */
  GArray            *pattern;   /* LIKE, compiled (fc-sim-soql-eval.c) */
};

/* fc-sim-soql.c */
GArray *_fc_sim_soql_lex          (const char  *text,
                                   GError     **error);
void    _fc_sim_soql_literal_free (gpointer     data);
void    _fc_sim_soql_expr_free    (gpointer     data);
void    _fc_sim_soql_field_free   (gpointer     data);
void    _fc_sim_soql_order_free   (gpointer     data);

G_END_DECLS
