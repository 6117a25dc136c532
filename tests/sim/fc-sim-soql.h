/* fc-sim-soql.h: a small SOQL parser and evaluator for the simulated Salesforce org
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * The subset (see README.md):
 *
 *   SELECT (COUNT() | field, ...) FROM Object
 *     [WHERE condition] [ORDER BY field [ASC|DESC] [NULLS FIRST|LAST], ...]
 *     [LIMIT n] [OFFSET n]
 *
 * where a condition is a comparison (=, !=, <>, <, <=, >, >=, LIKE, IN (...), NOT IN (...)),
 * NOT condition, or conditions joined by AND or OR (not both at one level without
 * parentheses, as in SOQL). Values are 'strings' (with backslash escapes), numbers, TRUE,
 * FALSE, NULL, dates (2025-01-31) and date-times (2025-01-31T10:00:00Z, with an offset or
 * fractional seconds). Keywords, field and object names are case-insensitive; so are string
 * comparisons.
 */

#define FC_SIM_SOQL_ERROR (fc_sim_soql_error_quark ())

typedef enum
{
  FC_SIM_SOQL_ERROR_MALFORMED,      /* MALFORMED_QUERY */
  FC_SIM_SOQL_ERROR_INVALID_FIELD,  /* INVALID_FIELD */
  FC_SIM_SOQL_ERROR_INVALID_TYPE,   /* INVALID_TYPE */
  FC_SIM_SOQL_ERROR_INVALID_FILTER, /* INVALID_QUERY_FILTER_OPERATOR */
  FC_SIM_SOQL_ERROR_OUT_OF_RANGE,   /* NUMBER_OUTSIDE_VALID_RANGE */
} FcSimSoqlError;

GQuark fc_sim_soql_error_quark (void);

/* How values of a field compare */
typedef enum
{
  FC_SIM_SOQL_KIND_STRING,
  FC_SIM_SOQL_KIND_ID,
  FC_SIM_SOQL_KIND_NUMBER,
  FC_SIM_SOQL_KIND_BOOLEAN,
  FC_SIM_SOQL_KIND_DATE,
  FC_SIM_SOQL_KIND_DATETIME,
  FC_SIM_SOQL_KIND_COMPOUND, /* e.g. an address: selectable, not filterable or sortable */
} FcSimSoqlKind;

typedef struct
{
  char          *name;      /* as written */
  guint          position;  /* byte offset in the query text */
  gpointer       binding;   /* set by _fc_sim_soql_bind() */
  FcSimSoqlKind  kind;
} FcSimSoqlField;

typedef struct
{
  FcSimSoqlField field;
  gboolean       descending;
  gboolean       nulls_last;
} FcSimSoqlOrder;

typedef struct _FcSimSoqlExpr FcSimSoqlExpr;

typedef struct
{
  char          *text;
  gboolean       count_only;     /* SELECT COUNT() */
  GPtrArray     *fields;         /* FcSimSoqlField, the SELECT list */
  char          *object;
  guint          object_position;
  FcSimSoqlExpr *where;
  GPtrArray     *order;          /* FcSimSoqlOrder */
  gint64         limit;          /* -1: none */
  gint64         offset;         /* -1: none */
  guint          offset_position;
} FcSimSoqlQuery;

/* Finds a field of the FROM object by the name written in the query. Returns FALSE when the
 * object has no such field. @type_name is the word errors use for its type ("string",
 * "double", "dateTime", ...). */
typedef gboolean (*FcSimSoqlResolve) (const char     *name,
                                      gpointer       *binding,
                                      FcSimSoqlKind  *kind,
                                      const char    **type_name,
                                      gpointer        user_data);

/* The value of a bound field in @row: a new node, or NULL for null. Strings for text, ids,
 * dates (2025-01-31) and date-times (any form _fc_sim_soql_parse_datetime() reads). */
typedef JsonNode *(*FcSimSoqlGet)    (gpointer        row,
                                      gpointer        binding,
                                      gpointer        user_data);

FcSimSoqlQuery *_fc_sim_soql_parse       (const char      *text,
                                          GError         **error);
void            _fc_sim_soql_query_free  (FcSimSoqlQuery  *query);
gboolean        _fc_sim_soql_bind        (FcSimSoqlQuery  *query,
                                          FcSimSoqlResolve resolve,
                                          gpointer         user_data,
                                          GError         **error);
gboolean        _fc_sim_soql_matches     (FcSimSoqlQuery  *query,
                                          gpointer         row,
                                          FcSimSoqlGet     get,
                                          gpointer         user_data);
void            _fc_sim_soql_sort        (FcSimSoqlQuery  *query,
                                          GPtrArray       *rows,
                                          FcSimSoqlGet     get,
                                          gpointer         user_data);
void            _fc_sim_soql_set_error   (GError         **error,
                                          FcSimSoqlError   code,
                                          const char      *text,
                                          guint            position,
                                          const char      *format,
                                          ...) G_GNUC_PRINTF (5, 6);
const char     *_fc_sim_soql_error_code  (const GError    *error);

/* Literal helpers shared with the org's value checks */
gboolean        _fc_sim_soql_parse_datetime (const char   *text,
                                             gint64       *ms);
gboolean        _fc_sim_soql_parse_date     (const char   *text,
                                             gint64       *ms);
char           *_fc_sim_soql_normalize_id   (const char   *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcSimSoqlQuery, _fc_sim_soql_query_free)

G_END_DECLS
