/* fc-sim-graphql-private.h: what the GraphQL engine's files share: the syntax tree of requests
 * and schemas, the schema's types and a request's state
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fc-sim-graphql.h"

G_BEGIN_DECLS

/* Every allocation of a document or schema lives until the whole thing is freed. */
typedef struct
{
  GPtrArray *blocks;  /* g_free */
  GPtrArray *arrays;  /* g_ptr_array_unref */
} FcSimGqlPool;

typedef struct _FcSimGqlTypeRef FcSimGqlTypeRef;

struct _FcSimGqlTypeRef
{
  char            *name;      /* a named type, or NULL for a list */
  FcSimGqlTypeRef *of_type;   /* the item type of a list */
  gboolean         non_null;
};

typedef enum
{
  FC_SIM_GQL_AST_VARIABLE,
  FC_SIM_GQL_AST_INT,
  FC_SIM_GQL_AST_FLOAT,
  FC_SIM_GQL_AST_STRING,
  FC_SIM_GQL_AST_BOOLEAN,
  FC_SIM_GQL_AST_NULL,
  FC_SIM_GQL_AST_ENUM,
  FC_SIM_GQL_AST_LIST,
  FC_SIM_GQL_AST_OBJECT,
} FcSimGqlAstKind;

typedef struct _FcSimGqlAstValue FcSimGqlAstValue;

/* An argument, or a member of an input object literal */
typedef struct
{
  char             *name;
  FcSimGqlAstValue *value;
  guint             line;
  guint             column;
} FcSimGqlAstField;

struct _FcSimGqlAstValue
{
  FcSimGqlAstKind  kind;
  char            *text;      /* variable name, number as written, string, enum value */
  gboolean         boolean;
  GPtrArray       *items;     /* LIST: FcSimGqlAstValue; OBJECT: FcSimGqlAstField */
  guint            line;
  guint            column;
};

typedef struct
{
  char      *name;
  GPtrArray *arguments;       /* FcSimGqlAstField */
  guint      line;
  guint      column;
} FcSimGqlDirective;

typedef enum
{
  FC_SIM_GQL_FIELD,
  FC_SIM_GQL_SPREAD,
  FC_SIM_GQL_INLINE,
} FcSimGqlSelectionKind;

typedef struct
{
  FcSimGqlSelectionKind  kind;
  char                  *alias;
  char                  *name;            /* the field, or the spread fragment */
  char                  *type_condition;  /* inline fragments; NULL when absent */
  GPtrArray             *arguments;       /* FcSimGqlAstField */
  GPtrArray             *directives;      /* FcSimGqlDirective */
  GPtrArray             *selections;      /* FcSimGqlSelection, NULL for a field without */
  guint                  line;
  guint                  column;
} FcSimGqlSelection;

typedef struct
{
  char             *name;
  FcSimGqlTypeRef  *type;
  FcSimGqlAstValue *default_value;
  guint             line;
  guint             column;
} FcSimGqlVariableDef;

typedef struct
{
  char      *operation;       /* query, mutation or subscription */
  char      *name;
  GPtrArray *variables;       /* FcSimGqlVariableDef */
  GPtrArray *directives;
  GPtrArray *selections;
  guint      line;
  guint      column;
} FcSimGqlOperation;

typedef struct
{
  char      *name;
  char      *type_condition;
  GPtrArray *directives;
  GPtrArray *selections;
  guint      line;
  guint      column;
} FcSimGqlFragment;

typedef struct
{
  FcSimGqlPool  pool;
  GPtrArray    *operations;   /* FcSimGqlOperation */
  GPtrArray    *fragments;    /* FcSimGqlFragment */
} FcSimGqlDocument;

/* Schema */
typedef enum
{
  FC_SIM_GQL_SCALAR,
  FC_SIM_GQL_ENUM,
  FC_SIM_GQL_OBJECT,
  FC_SIM_GQL_INPUT,
} FcSimGqlTypeKind;

typedef struct
{
  char             *name;
  FcSimGqlTypeRef  *type;
  FcSimGqlAstValue *default_value;
} FcSimGqlInputValue;

typedef struct
{
  char            *name;
  FcSimGqlTypeRef *type;
  GPtrArray       *arguments;  /* FcSimGqlInputValue */
  FcSimGqlResolve  resolve;
  gconstpointer    data;
} FcSimGqlFieldDef;

typedef struct
{
  char             *name;
  FcSimGqlTypeKind  kind;
  GPtrArray        *fields;    /* OBJECT: FcSimGqlFieldDef; INPUT: FcSimGqlInputValue */
  GPtrArray        *values;    /* ENUM: char * */
  FcSimGqlResolve   default_resolve;
  gconstpointer     default_data;
} FcSimGqlType;

struct _FcSimGqlSchema
{
  FcSimGqlPool  pool;
  GHashTable   *types;         /* name -> FcSimGqlType */
  FcSimGqlType *query;
  FcSimGqlType *mutation;
};

/* What a resolver returned */
typedef enum
{
  FC_SIM_GQL_VALUE_NULL,
  FC_SIM_GQL_VALUE_LEAF,
  FC_SIM_GQL_VALUE_OBJECT,
  FC_SIM_GQL_VALUE_LIST,
} FcSimGqlValueKind;

struct _FcSimGqlValue
{
  FcSimGqlValueKind  kind;
  JsonNode          *leaf;
  char              *type_name;
  gpointer           object;
  gpointer           extra;
  GDestroyNotify     destroy;
  GPtrArray         *items;     /* FcSimGqlValue */
};

/* One step of a response path: a field's response key, or a list index */
typedef struct _FcSimGqlPath FcSimGqlPath;

struct _FcSimGqlPath
{
  const FcSimGqlPath *parent;
  const char         *key;     /* NULL for an index */
  guint               index;
};

struct _FcSimGqlRequest
{
  FcSimGqlSchema    *schema;
  char              *query;
  char              *operation_name;
  JsonNode          *raw_variables;
  FcSimGqlDocument  *document;
  FcSimGqlOperation *operation;
  JsonObject        *variables;   /* coerced */
  JsonArray         *errors;
  gpointer           user_data;
  guint              actual_cost;
};

/* The lexer (fc-sim-graphql-lexer.c) and the parsers that read its tokens */
typedef enum
{
  FC_SIM_GQL_TOKEN_EOF,
  FC_SIM_GQL_TOKEN_PUNCT,
  FC_SIM_GQL_TOKEN_NAME,
  FC_SIM_GQL_TOKEN_INT,
  FC_SIM_GQL_TOKEN_FLOAT,
  FC_SIM_GQL_TOKEN_STRING,
} FcSimGqlTokenKind;

typedef struct
{
  FcSimGqlTokenKind   kind;
  const char *start;
  gsize       length;
  char       *value;   /* the decoded text of a string */
  guint       line;
  guint       column;
} FcSimGqlToken;

typedef struct
{
  const char   *pos;
  const char   *line_start;
  guint         line;
  FcSimGqlToken         token;
  FcSimGqlPool *pool;
  GError       *error;
  guint         error_line;
  guint         error_column;
} FcSimGqlParser;

void              _fc_sim_gql_parser_init       (FcSimGqlParser     *p,
                                                 FcSimGqlPool       *pool,
                                                 const char         *text);
void              _fc_sim_gql_advance           (FcSimGqlParser     *p);
void              _fc_sim_gql_fail_at           (FcSimGqlParser     *p,
                                                 guint               line,
                                                 guint               column,
                                                 const char         *message);
void              _fc_sim_gql_unexpected        (FcSimGqlParser     *p);
gboolean          _fc_sim_gql_peek_punct        (FcSimGqlParser     *p,
                                                 const char         *text);
gboolean          _fc_sim_gql_peek_name         (FcSimGqlParser     *p,
                                                 const char         *text);
gboolean          _fc_sim_gql_accept_punct      (FcSimGqlParser     *p,
                                                 const char         *text);
gboolean          _fc_sim_gql_expect_punct      (FcSimGqlParser     *p,
                                                 const char         *text);
char             *_fc_sim_gql_expect_name       (FcSimGqlParser     *p);

/* fc-sim-graphql-lexer.c and fc-sim-graphql-parse.c */
gpointer          _fc_sim_gql_pool_alloc        (FcSimGqlPool       *pool,
                                                 gsize               size);
char             *_fc_sim_gql_pool_strndup      (FcSimGqlPool       *pool,
                                                 const char         *text,
                                                 gssize              length);
GPtrArray        *_fc_sim_gql_pool_array        (FcSimGqlPool       *pool);
void              _fc_sim_gql_pool_init         (FcSimGqlPool       *pool);
void              _fc_sim_gql_pool_clear        (FcSimGqlPool       *pool);
FcSimGqlDocument *_fc_sim_gql_parse_document    (const char         *text,
                                                 guint              *line,
                                                 guint              *column,
                                                 GError            **error);
void              _fc_sim_gql_document_free     (FcSimGqlDocument   *document);
gboolean          _fc_sim_gql_parse_schema      (FcSimGqlSchema     *schema,
                                                 const char         *sdl,
                                                 GError            **error);

/* fc-sim-graphql-schema.c */
FcSimGqlType     *_fc_sim_gql_schema_lookup     (FcSimGqlSchema     *schema,
                                                 const char         *name);
FcSimGqlFieldDef *_fc_sim_gql_type_field        (const FcSimGqlType *type,
                                                 const char         *name);
FcSimGqlInputValue *_fc_sim_gql_find_input      (GPtrArray          *inputs,
                                                 const char         *name);
char             *_fc_sim_gql_type_ref_to_string (const FcSimGqlTypeRef *ref);
const char       *_fc_sim_gql_type_ref_name     (const FcSimGqlTypeRef *ref);
gboolean          _fc_sim_gql_type_ref_equal    (const FcSimGqlTypeRef *a,
                                                 const FcSimGqlTypeRef *b);
gboolean          _fc_sim_gql_is_leaf           (FcSimGqlSchema     *schema,
                                                 const FcSimGqlTypeRef *ref);
gboolean          _fc_sim_gql_enum_has          (const FcSimGqlType *type,
                                                 const char         *value);
char             *_fc_sim_gql_enum_list         (const FcSimGqlType *type);

/* fc-sim-graphql-values.c (and fc-sim-graphql-variables.c for the request's variables) */
char             *_fc_sim_gql_print_value       (const FcSimGqlAstValue *value);
char             *_fc_sim_gql_check_json        (FcSimGqlSchema     *schema,
                                                 const FcSimGqlTypeRef *ref,
                                                 JsonNode           *value,
                                                 JsonNode          **coerced,
                                                 JsonArray          *path);
char             *_fc_sim_gql_check_literal     (FcSimGqlSchema     *schema,
                                                 const FcSimGqlTypeRef *ref,
                                                 const FcSimGqlAstValue *value,
                                                 const char        **code);
JsonNode         *_fc_sim_gql_coerce_literal    (FcSimGqlSchema     *schema,
                                                 const FcSimGqlTypeRef *ref,
                                                 const FcSimGqlAstValue *value,
                                                 JsonObject         *variables);
JsonObject       *_fc_sim_gql_coerce_arguments  (FcSimGqlSchema     *schema,
                                                 GPtrArray          *definitions,
                                                 GPtrArray          *arguments,
                                                 JsonObject         *variables);
gboolean          _fc_sim_gql_coerce_variables  (FcSimGqlRequest    *request);

/* A variable used where a value of type @location is expected */
typedef struct
{
  const FcSimGqlAstValue *value;
  const FcSimGqlTypeRef  *location;
  gboolean                location_has_default;
  const char             *argument;
} FcSimGqlUsage;

typedef struct
{
  FcSimGqlRequest  *request;
  FcSimGqlSchema   *schema;
  FcSimGqlDocument *document;
  GPtrArray        *path;       /* char *, the static path of graphql-ruby */
  GPtrArray        *usages;     /* FcSimGqlUsage, of the operation or fragment being walked */
  GHashTable       *spread;     /* fragment names spread anywhere */
} FcSimGqlValidator;

/* fc-sim-graphql-validate.c and fc-sim-graphql-variables.c */
void              _fc_sim_gql_report            (FcSimGqlValidator  *v,
                                                 guint               line,
                                                 guint               column,
                                                 JsonObject         *extensions,
                                                 const char         *message);
JsonObject       *_fc_sim_gql_code_extensions   (const char         *code,
                                                 const char         *first_name,
                                                 ...) G_GNUC_NULL_TERMINATED;
void              _fc_sim_gql_collect_usages    (FcSimGqlValidator  *v,
                                                 const FcSimGqlAstValue *value,
                                                 const FcSimGqlTypeRef *location,
                                                 gboolean            has_default,
                                                 const char         *argument);
void              _fc_sim_gql_selection_spreads (GPtrArray          *selections,
                                                 GPtrArray          *names);
gboolean          _fc_sim_gql_fragment_usages   (FcSimGqlValidator  *v,
                                                 FcSimGqlFragment   *fragment,
                                                 GHashTable         *usages_by_fragment,
                                                 GHashTable         *visited,
                                                 GPtrArray          *out);
void              _fc_sim_gql_check_usages      (FcSimGqlValidator  *v,
                                                 FcSimGqlOperation  *operation,
                                                 GPtrArray          *usages);
void              _fc_sim_gql_validate_variable_definitions (FcSimGqlValidator *v,
                                                             FcSimGqlOperation *operation);
void              _fc_sim_gql_validate          (FcSimGqlRequest    *request);
FcSimGqlFragment *_fc_sim_gql_find_fragment     (FcSimGqlDocument   *document,
                                                 const char         *name);
gboolean          _fc_sim_gql_directives_skip   (FcSimGqlSchema     *schema,
                                                 GPtrArray          *directives,
                                                 JsonObject         *variables);

/* fc-sim-graphql-exec.c */
void              _fc_sim_gql_add_error         (FcSimGqlRequest    *request,
                                                 const char         *message,
                                                 guint               line,
                                                 guint               column,
                                                 JsonArray          *path,
                                                 JsonObject         *extensions);
JsonArray        *_fc_sim_gql_path_to_json      (const FcSimGqlPath *path);

G_END_DECLS
