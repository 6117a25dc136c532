/* fc-sim-graphql.h: a small GraphQL server engine for the simulator: a schema written in SDL,
 * requests parsed and validated with graphql-ruby's error messages, query cost, and an executor
 * over resolvers that a provider binds to the schema's fields
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define FC_SIM_GQL_ERROR (fc_sim_gql_error_quark ())

typedef enum
{
  FC_SIM_GQL_ERROR_SCHEMA,     /* the SDL of a schema is wrong, or a field has no resolver */
  FC_SIM_GQL_ERROR_PARSE,      /* a request document does not parse */
  FC_SIM_GQL_ERROR_EXECUTION,  /* a resolver failed; the message goes to errors[] */
} FcSimGqlError;

GQuark fc_sim_gql_error_quark (void);

typedef struct _FcSimGqlSchema  FcSimGqlSchema;
typedef struct _FcSimGqlRequest FcSimGqlRequest;
typedef struct _FcSimGqlValue   FcSimGqlValue;

/* What a resolver sees: the object the field is read from and the coerced arguments (only
 * those the request gave; an explicit null is a JSON null member). */
typedef struct
{
  FcSimGqlRequest *request;
  gpointer         user_data;
  const char      *type_name;
  gpointer         object;
  gpointer         extra;
  const char      *field_name;
  JsonObject      *args;
  gconstpointer    data;
} FcSimGqlCall;

/* Returns the field's value, or NULL with @error set: the field becomes null and the message
 * goes to errors[] with the field's path. */
typedef FcSimGqlValue *(*FcSimGqlResolve) (const FcSimGqlCall  *call,
                                           GError             **error);

/* Schema */
FcSimGqlSchema *_fc_sim_gql_schema_new          (const char       *sdl,
                                                 GError          **error);
void            _fc_sim_gql_schema_free         (FcSimGqlSchema   *schema);
void            _fc_sim_gql_schema_bind         (FcSimGqlSchema   *schema,
                                                 const char       *type_name,
                                                 const char       *field_name,
                                                 FcSimGqlResolve   resolve,
                                                 gconstpointer     data);
gboolean        _fc_sim_gql_schema_check        (FcSimGqlSchema   *schema,
                                                 GError          **error);
gboolean        _fc_sim_gql_schema_enum_has     (FcSimGqlSchema   *schema,
                                                 const char       *type_name,
                                                 const char       *value);

/* Values returned by resolvers; lists and objects own what is added to them */
FcSimGqlValue  *_fc_sim_gql_value_null          (void);
FcSimGqlValue  *_fc_sim_gql_value_leaf          (JsonNode         *node);
FcSimGqlValue  *_fc_sim_gql_value_string        (const char       *text);
FcSimGqlValue  *_fc_sim_gql_value_int           (gint64            number);
FcSimGqlValue  *_fc_sim_gql_value_double        (double            number);
FcSimGqlValue  *_fc_sim_gql_value_boolean       (gboolean          value);
FcSimGqlValue  *_fc_sim_gql_value_object        (const char       *type_name,
                                                 gpointer          object,
                                                 gpointer          extra,
                                                 GDestroyNotify    destroy);
FcSimGqlValue  *_fc_sim_gql_value_list          (void);
void            _fc_sim_gql_value_append        (FcSimGqlValue    *list,
                                                 FcSimGqlValue    *item);
void            _fc_sim_gql_value_free          (FcSimGqlValue    *value);

/* A resolver for objects that are JsonObjects: the member named like the field */
FcSimGqlValue  *_fc_sim_gql_resolve_member      (const FcSimGqlCall  *call,
                                                 GError             **error);

/* Requests: parse, validate and coerce the variables, then (if that went well) cost and run */
FcSimGqlRequest *_fc_sim_gql_request_new        (FcSimGqlSchema   *schema,
                                                 const char       *query,
                                                 const char       *operation_name,
                                                 JsonNode         *variables);
void             _fc_sim_gql_request_free       (FcSimGqlRequest  *request);
gboolean         _fc_sim_gql_request_prepare    (FcSimGqlRequest  *request);
char           **_fc_sim_gql_request_get_root_fields    (FcSimGqlRequest *request);
guint            _fc_sim_gql_request_get_cost   (FcSimGqlRequest  *request,
                                                 guint             default_page);
JsonNode        *_fc_sim_gql_request_execute    (FcSimGqlRequest  *request,
                                                 gpointer          user_data,
                                                 guint            *actual_cost);
JsonNode        *_fc_sim_gql_request_get_errors (FcSimGqlRequest  *request);
void             _fc_sim_gql_request_add_error  (FcSimGqlRequest  *request,
                                                 const char       *message,
                                                 JsonObject       *extensions);

/* Runs @selection (a selection set such as "{ id name }") on one object outside any request:
 * the control API uses it to show records in the API's shape. */
JsonNode        *_fc_sim_gql_render             (FcSimGqlSchema   *schema,
                                                 const char       *type_name,
                                                 gpointer          object,
                                                 gpointer          extra,
                                                 const char       *selection,
                                                 gpointer          user_data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcSimGqlRequest, _fc_sim_gql_request_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcSimGqlValue, _fc_sim_gql_value_free)

G_END_DECLS
