/* fc-jobber-connector-private.h: what the Jobber connector's files share
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fc-connector-private.h"
#include "fc-jobber-connector.h"

G_BEGIN_DECLS

G_DECLARE_FINAL_TYPE (FcJobberConnector, fc_jobber_connector, FC, JOBBER_CONNECTOR, FcConnector)

/* The API version every query is written against, sent as X-JOBBER-GRAPHQL-VERSION. */
#define FC_JOBBER_API_VERSION  "2025-01-20"
#define FC_JOBBER_GRAPHQL_PATH "/api/graphql"

/* Jobber's documented budgets (provider-apis.md 3.3), until a response says otherwise: the
 * query-cost bucket per app and account, and the request cap of 2,500 per 5 minutes. */
#define FC_JOBBER_BUCKET_MAXIMUM      10000.0
#define FC_JOBBER_BUCKET_RESTORE_RATE 500.0
#define FC_JOBBER_REQUEST_CAP         2500
#define FC_JOBBER_REQUEST_WINDOW_MS   (5 * 60 * 1000)
/* THROTTLED answers waited out per request before it fails with RATE_LIMITED */
#define FC_JOBBER_MAX_THROTTLE_RETRIES 5

typedef enum
{
  FC_JOBBER_CLIENTS,
  FC_JOBBER_JOBS,
  FC_JOBBER_QUOTES,
} FcJobberKind;

typedef struct
{
  FcJobberKind  kind;
  const char   *name;          /* "clients": the object type and the connection field */
  const char   *singular;      /* "client": the root field that reads one record by id */
  const char   *topic;         /* "CLIENT", as webhook topics name it */
  const char   *selection;     /* the fields asked for each record */
  const char   *search_selection; /* the few a lookup compares, before reading the matches */
  const char   *filter_type;   /* the connection's filter input when it filters by updatedAt,
                                * else NULL (jobs are sorted by UPDATED_AT instead) */
  guint         page_size;     /* nodes per listing page, so that a page's cost stays well
                                * under the bucket */
} FcJobberType;

const FcJobberType *_fc_jobber_find_type          (const char          *name);
const FcJobberType *_fc_jobber_find_type_by_topic (const char          *topic);
/* TRUE when @id can be an EncodedId (base64 text); anything else cannot name a record, and
 * would fail a whole request as a variable of the wrong type. */
gboolean            _fc_jobber_is_encoded_id      (const char          *id);

/* ---- the query-cost bucket (fc-jobber-graphql.c) --------------------------------------- */

/* What the connector believes of the account's leaky bucket: the last throttleStatus a
 * response reported, restored at its rate since then, minus the estimated cost of the queries
 * sent since. Times are monotonic microseconds, passed in so that tests drive the clock. */
typedef struct
{
  double maximum;
  double available;
  double restore_rate;   /* points per second */
  gint64 observed_us;
} FcJobberBucket;

void      _fc_jobber_bucket_init        (FcJobberBucket      *bucket);
/* The points available at @now_us. */
double    _fc_jobber_bucket_estimate    (FcJobberBucket      *bucket,
                                         gint64               now_us);
/* 0 when a query of @cost may go at @now_us (its cost is then taken from the estimate);
 * otherwise the microseconds to wait, deficit / restore rate, before asking again. A cost
 * above the maximum only waits for a full bucket. */
gint64    _fc_jobber_bucket_reserve     (FcJobberBucket      *bucket,
                                         double               cost,
                                         gint64               now_us);
/* Takes extensions.cost.throttleStatus of a response; FALSE when it has none. */
gboolean  _fc_jobber_bucket_observe     (FcJobberBucket      *bucket,
                                         JsonObject          *response,
                                         gint64               now_us);

/* ---- GraphQL requests (fc-jobber-graphql.c) -------------------------------------------- */

FcJobberBucket *_fc_jobber_connector_get_bucket  (FcJobberConnector  *self);
FcRateLimiter  *_fc_jobber_connector_get_limiter (FcJobberConnector  *self);
/* TRUE the first time only: whether to log that Jobber answered another API version */
gboolean        _fc_jobber_connector_take_version_note (FcJobberConnector *self);

/* The cost Jobber computes for @selection once per node: one point per field, nested fields
 * included; nodes, edges and arguments count nothing. */
guint     _fc_jobber_selection_cost     (const char          *selection);

/* POSTs {query, variables} to /api/graphql with the pinned version, after waiting for the
 * bucket to hold @cost points. A THROTTLED answer is waited out (the restore time of the
 * deficit) and sent again, up to FC_JOBBER_MAX_THROTTLE_RETRIES times. The app-disconnected
 * error marks the connection expired and fails with AUTH. @flags as for FcHttp
 * (NOT_IDEMPOTENT for mutations that create). */
void        _fc_jobber_graphql_async    (FcJobberConnector   *self,
                                         const char          *query,
                                         JsonObject          *variables,
                                         guint                cost,
                                         FcHttpFlags          flags,
                                         const char          *what,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
/* (transfer full) The data object. Errors with a path come back in @out_errors (transfer
 * full, NULL when none) for the caller to pin on the aliases they name; errors without a path,
 * or an answer without data, fail the request (VALIDATION, with the messages and codes). */
JsonObject *_fc_jobber_graphql_finish   (FcJobberConnector   *self,
                                         GAsyncResult        *result,
                                         JsonArray          **out_errors,
                                         GError             **error);

/* The answer's errors as a GError (FALSE when there are none): THROTTLED -> RATE_LIMITED,
 * the disconnected app and access errors -> AUTH, anything else VALIDATION, each message with
 * its path. Used by _fc_jobber_graphql_finish () and for one alias's errors. */
gboolean  _fc_jobber_errors_to_error    (JsonArray           *errors,
                                         const char          *alias,
                                         const char          *what,
                                         char               **out_code,
                                         GError             **error);
/* TRUE when @errors hold Jobber's "User has disconnected this app" error. */
gboolean  _fc_jobber_errors_disconnected (JsonArray          *errors);

/* ---- queries (fc-jobber-query.c) ------------------------------------------------------- */

/* One listing page: variables $first, $after and, where the type filters, $filter. */
char     *_fc_jobber_build_list_query   (const FcJobberType  *type);
JsonObject *_fc_jobber_build_list_variables (const FcJobberType *type,
                                             guint               first,
                                             const char         *after,
                                             gint64              since_ms);
/* Records by id: aliases r0..r<n-1> reading $id0..$id<n-1>, each with @selection (the type's
 * when NULL). */
char     *_fc_jobber_build_read_query   (const FcJobberType  *type,
                                         guint                n,
                                         const char          *selection);
/* A search ($term, $first) that reads the type's search selection of each result. */
char     *_fc_jobber_build_search_query (const FcJobberType  *type);

typedef struct
{
  const char *field;       /* "clientEdit" */
  const char *id_arg;      /* "clientId", or NULL */
  const char *input_arg;   /* "input", or NULL */
  const char *input_type;  /* "ClientEditInput!" */
  const char *fixed_args;  /* more arguments written out, or NULL */
  const char *payload;     /* "client" */
  const char *selection;   /* what to read back of it */
} FcJobberMutation;

/* @n aliased calls w0..w<n-1> of @mutation, with $id<i> and $in<i>, each reading back its
 * payload's selection and userErrors {message path}. */
char     *_fc_jobber_build_mutation     (const char             *operation,
                                         const FcJobberMutation *mutation,
                                         guint                   n);
/* The cost of one listing page or read of @n records of @type (estimates for the bucket). */
guint     _fc_jobber_type_cost          (const FcJobberType  *type,
                                         guint                n);

/* ---- records (fc-jobber-record.c) ------------------------------------------------------ */

FcRecord   *_fc_jobber_record_from_json (const FcJobberType  *type,
                                         JsonObject          *node);
/* (transfer full) The fixed field catalogue of @type, derived from the schema. */
GListStore *_fc_jobber_fixed_fields     (const FcJobberType  *type);

/* TRUE when updating @record needs the record as it is now: a client's emails, phones or
 * billing address are written, or a job's or quote's client, property or total are named
 * (they are compared, as only a create sets them). */
gboolean    _fc_jobber_needs_current    (const FcJobberType  *type,
                                         FcRecord            *record);
/* The client a job or quote is created for: `clientId`, else `client`; NULL without one. */
const char *_fc_jobber_record_client_id (FcRecord            *record);
const char *_fc_jobber_record_property_id (FcRecord          *record);

/* ---- inputs (fc-jobber-input.c, fc-jobber-contacts.c) ---------------------------------- */

/* The input of a create (clientCreate input, jobCreate input, quoteCreate attributes), or
 * NULL with a VALIDATION error naming the field. @property_id for jobs and quotes. */
JsonObject *_fc_jobber_create_input     (const FcJobberType  *type,
                                         FcRecord            *record,
                                         const char          *property_id,
                                         GError             **error);
/* The input of an edit; @current is the client as read (emails and phones with ids). An
 * input without members means nothing changes. */
JsonObject *_fc_jobber_edit_input       (const FcJobberType  *type,
                                         FcRecord            *record,
                                         JsonObject          *current,
                                         GError             **error);

/* The emails (@email) or phones of @record as input members: on create the list
 * (emails/phones), on an edit the emailsTo* / phonesTo* members that turn @current (Email or
 * ClientPhoneNumber objects, with ids) into what the record asks for. Nothing is added when
 * the record names neither the single nor the plural field. */
gboolean    _fc_jobber_contacts_input   (FcRecord            *record,
                                         gboolean             email,
                                         JsonArray           *current,
                                         gboolean             create,
                                         JsonObject          *input,
                                         GError             **error);
/* TRUE when one of the client's emails (@email) or phone numbers equals @value: emails
 * without case, numbers by their digits. */
gboolean    _fc_jobber_contact_matches  (FcRecord            *record,
                                         gboolean             email,
                                         const char          *value);

/* ---- the operations ---------------------------------------------------------------------- */

/* fc-jobber-writes.c */
void        _fc_jobber_create_records   (FcConnector         *connector,
                                         const char          *object_type,
                                         GPtrArray           *records,
                                         GTask               *task);
void        _fc_jobber_update_records   (FcConnector         *connector,
                                         const char          *object_type,
                                         GPtrArray           *records,
                                         GTask               *task);
void        _fc_jobber_delete_records   (FcConnector         *connector,
                                         const char          *object_type,
                                         const char * const  *ids,
                                         GTask               *task);

/* fc-jobber-webhook.c */
GPtrArray  *_fc_jobber_parse_webhook    (FcConnector         *connector,
                                         const char          *method,
                                         const char          *url,
                                         SoupMessageHeaders  *headers,
                                         GBytes              *body,
                                         const char          *secret,
                                         GError             **error);

G_END_DECLS
