/* fc-sim-private.h: what the simulator's files share: requests, routes, providers, records,
 * tokens and webhook deliveries
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "fc-sim.h"

G_BEGIN_DECLS

/* Who made a change; providers report it in webhooks (HubSpot changeSource, Pipedrive
 * meta.change_source). Seeded records emit nothing. */
typedef enum
{
  FC_SIM_SOURCE_API,
  FC_SIM_SOURCE_UI,
  FC_SIM_SOURCE_SEED,
} FcSimSource;

typedef struct _FcSimProvider      FcSimProvider;
typedef struct _FcSimProviderClass FcSimProviderClass;
typedef struct _FcSimRequest       FcSimRequest;
typedef struct _FcSimRoute         FcSimRoute;
typedef struct _FcSimWriteLog      FcSimWriteLog;

typedef void (*FcSimHandler) (FcSimRequest *req);

typedef enum
{
  FC_SIM_ROUTE_PUBLIC  = 0,
  FC_SIM_ROUTE_AUTH    = 1 << 0, /* the provider's authenticate hook runs first */
  FC_SIM_ROUTE_FAULTS  = 1 << 1, /* injected faults apply */
  FC_SIM_ROUTE_LIMITED = 1 << 2, /* the provider's rate limits apply */
  FC_SIM_ROUTE_SEARCH  = 1 << 3, /* counted against the search limits */
} FcSimRouteFlags;

#define FC_SIM_ROUTE_API (FC_SIM_ROUTE_AUTH | FC_SIM_ROUTE_FAULTS | FC_SIM_ROUTE_LIMITED)

struct _FcSimRoute
{
  FcSimProvider   *provider;     /* NULL for the control API */
  char            *mount;
  char            *method;
  char            *pattern;      /* below the mount, segments in braces are parameters */
  char           **segments;
  char            *counter_name; /* endpoint name in counters */
  FcSimRouteFlags  flags;
  guint            cost;         /* provider-defined weight, e.g. Pipedrive token cost */
  gconstpointer    data;         /* e.g. which object type the route serves */
  FcSimHandler     handler;
};

struct _FcSimRequest
{
  FcSim              *sim;
  FcSimProvider      *provider;
  const FcSimRoute   *route;
  char               *method;
  char               *path;          /* below the mount, starting with '/' */
  char               *query_string;
  GHashTable         *query;         /* repeated names are joined with ',' */
  GHashTable         *params;        /* path parameters */
  SoupMessageHeaders *request_headers;
  GBytes             *body;
  JsonNode           *json;
  gpointer            principal;     /* the FcSimToken of an authenticated request */
  guint64             write_id;      /* its entry in the write log, 0 for none */

  guint               status;
  SoupMessageHeaders *response_headers;
  char               *content_type;
  GBytes             *response;
};

/* Settings every provider has */
typedef struct
{
  char    *client_id;
  char    *client_secret;
  guint    access_lifetime_s;
  gboolean deny_authorize;
  gboolean rotate_refresh_tokens;
} FcSimOAuthSettings;

typedef struct
{
  double   error_rate;
  GArray  *error_statuses;  /* guint */
  guint    error_next;
  guint    throttle_next;
  guint    retry_after_s;
  guint    latency_ms;
  double   malformed_rate;
  guint    malformed_next;
  double   drop_rate;
  guint    drop_next;
  char    *path_prefix;
} FcSimFaults;

typedef struct
{
  guint   max_attempts;     /* tries in total, the first one included */
  GArray *delays_ms;        /* guint; delay before retry n is entry n-1, the last one repeats */
  guint   timeout_ms;
} FcSimRetryPolicy;

struct _FcSimProviderClass
{
  const char         *name;
  const char         *api_mount;
  const char         *auth_mount;
  const char * const *objects;

  void      (*free_state)         (gpointer            state);
  void      (*reset)              (FcSimProvider      *self);

  gboolean  (*authenticate)       (FcSimRequest       *req);
  gboolean  (*check_rate_limit)   (FcSimRequest       *req);
  void      (*respond_error)      (FcSimRequest       *req,
                                   guint               status,
                                   const char         *message);
  void      (*respond_throttled)  (FcSimRequest       *req,
                                   guint               retry_after_s);

  char     *(*create_record)      (FcSimProvider      *self,
                                   const char         *object,
                                   JsonObject         *body,
                                   FcSimSource         source,
                                   GError            **error);
  gboolean  (*update_record)      (FcSimProvider      *self,
                                   const char         *object,
                                   const char         *id,
                                   JsonObject         *body,
                                   FcSimSource         source,
                                   GError            **error);
  gboolean  (*delete_record)      (FcSimProvider      *self,
                                   const char         *object,
                                   const char         *id,
                                   FcSimSource         source,
                                   GError            **error);
  JsonNode *(*get_record)         (FcSimProvider      *self,
                                   const char         *object,
                                   const char         *id,
                                   GError            **error);
  JsonNode *(*list_records)       (FcSimProvider      *self,
                                   const char         *object,
                                   gboolean            include_deleted);
  JsonObject *(*generate_record)  (FcSimProvider      *self,
                                   const char         *object,
                                   guint               index);
  JsonNode *(*add_custom_field)   (FcSimProvider      *self,
                                   const char         *object,
                                   JsonObject         *body,
                                   GError            **error);
  gboolean  (*configure_limits)   (FcSimProvider      *self,
                                   JsonObject         *settings,
                                   GError            **error);
  JsonNode *(*describe_limits)    (FcSimProvider      *self);
  gboolean  (*configure_webhooks) (FcSimProvider      *self,
                                   JsonObject         *settings,
                                   GError            **error);
  JsonNode *(*describe_webhooks)  (FcSimProvider      *self);
};

struct _FcSimProvider
{
  const FcSimProviderClass *klass;
  FcSim                    *sim;
  gpointer                  state;
  FcSimOAuthSettings        oauth;
  FcSimFaults               faults;
  FcSimRetryPolicy          retry;
  gboolean                  limits_enabled;
};

struct _FcSim
{
  GObject       parent_instance;

  GRecMutex     lock;            /* guards everything below that changes after start */
  GRand        *rand;
  gboolean      verbose;

  GPtrArray    *providers;       /* FcSimProvider */
  GPtrArray    *routes;          /* FcSimRoute */
  GHashTable   *counters;        /* "provider\tMETHOD\tendpoint\tstatus" -> count */

  gboolean      clock_frozen;
  gint64        clock_offset_ms;
  gint64        frozen_ms;

  GHashTable   *tokens;          /* value -> FcSimToken */
  GHashTable   *codes;           /* value -> FcSimCode */

  GPtrArray    *delivery_log;    /* JsonObject */
  FcSimWriteLog *write_log;      /* NULL until the control API first touches it */
  guint         in_flight;

  SoupServer   *server;
  GMainContext *context;
  GMainLoop    *loop;
  GThread      *thread;
  SoupSession  *session;
  GCancellable *cancellable;
  GHashTable   *sources;         /* GSource set of scheduled work */
  guint         port;
  char         *base_url;

  GMutex        start_mutex;
  GCond         start_cond;
  gboolean      start_done;
  guint         start_port;
  GError       *start_error;
};

/* fc-sim.c and fc-sim-router.c */
void            _fc_sim_lock                 (FcSim              *self);
void            _fc_sim_unlock               (FcSim              *self);
gint64          _fc_sim_now_ms               (FcSim              *self);
char           *_fc_sim_random_uuid          (FcSim              *self);
char           *_fc_sim_random_hex           (FcSim              *self,
                                              guint               n_chars);
char           *_fc_sim_random_token         (FcSim              *self,
                                              const char         *prefix,
                                              guint               n_chars);
double          _fc_sim_random_double        (FcSim              *self);
gint32          _fc_sim_random_int           (FcSim              *self,
                                              gint32              begin,
                                              gint32              end);
gboolean        _fc_sim_rate_limits_enabled  (FcSim              *self);
FcSimProvider  *_fc_sim_add_provider         (FcSim              *self,
                                              const FcSimProviderClass *klass,
                                              gpointer            state);
FcSimProvider  *_fc_sim_find_provider        (FcSim              *self,
                                              const char         *name,
                                              GError            **error);
GPtrArray      *_fc_sim_get_providers        (FcSim              *self);
void            _fc_sim_add_route            (FcSim              *self,
                                              FcSimProvider      *provider,
                                              const char         *mount,
                                              const char         *method,
                                              const char         *pattern,
                                              const char         *counter_name,
                                              FcSimRouteFlags     flags,
                                              guint               cost,
                                              FcSimHandler        handler,
                                              gconstpointer       data);
GSource        *_fc_sim_schedule             (FcSim              *self,
                                              guint               delay_ms,
                                              GSourceFunc         func,
                                              gpointer            data,
                                              GDestroyNotify      destroy);
SoupSession    *_fc_sim_get_session          (FcSim              *self);
GCancellable   *_fc_sim_get_cancellable      (FcSim              *self);
void            _fc_sim_handle_server_request (SoupServer        *server,
                                              SoupServerMessage  *msg,
                                              const char         *path,
                                              GHashTable         *query,
                                              gpointer            user_data);
JsonNode       *_fc_sim_dispatch_local       (FcSim              *self,
                                              const char         *method,
                                              const char         *path,
                                              const char         *body,
                                              guint              *status);
JsonNode       *_fc_sim_counters_to_json     (FcSim              *self);
void            _fc_sim_counters_reset       (FcSim              *self);
void            _fc_sim_counters_add         (FcSim              *self,
                                              const char         *provider,
                                              const char         *method,
                                              const char         *endpoint,
                                              guint               status);
void            _fc_sim_set_clock            (FcSim              *self,
                                              gboolean            frozen,
                                              gint64              advance_ms);
void            _fc_sim_set_all_limits       (FcSim              *self,
                                              gboolean            enabled);
void            _fc_sim_reset_data           (FcSim              *self);

/* fc-sim-request.c */
FcSimRequest   *_fc_sim_request_new          (FcSim              *sim,
                                              const char         *method,
                                              const char         *path,
                                              const char         *query_string,
                                              SoupMessageHeaders *headers,
                                              GBytes             *body);
void            _fc_sim_request_free         (FcSimRequest       *req);
const char     *_fc_sim_request_get_query    (FcSimRequest       *req,
                                              const char         *name);
const char     *_fc_sim_request_get_param    (FcSimRequest       *req,
                                              const char         *name);
const char     *_fc_sim_request_get_header   (FcSimRequest       *req,
                                              const char         *name);
JsonNode       *_fc_sim_request_get_json     (FcSimRequest       *req,
                                              GError            **error);
GHashTable     *_fc_sim_request_get_form     (FcSimRequest       *req);
char           *_fc_sim_request_get_bearer   (FcSimRequest       *req);
gboolean        _fc_sim_request_get_basic    (FcSimRequest       *req,
                                              char              **user,
                                              char              **password);
gboolean        _fc_sim_request_query_uint   (FcSimRequest       *req,
                                              const char         *name,
                                              guint               fallback,
                                              guint              *value);
void            _fc_sim_respond_json         (FcSimRequest       *req,
                                              guint               status,
                                              JsonNode           *node);
void            _fc_sim_respond_json_text    (FcSimRequest       *req,
                                              guint               status,
                                              GString            *text);
void            _fc_sim_respond_builder      (FcSimRequest       *req,
                                              guint               status,
                                              JsonBuilder        *builder);
void            _fc_sim_respond_empty        (FcSimRequest       *req,
                                              guint               status);
void            _fc_sim_respond_text         (FcSimRequest       *req,
                                              guint               status,
                                              const char         *content_type,
                                              const char         *text);
void            _fc_sim_respond_redirect     (FcSimRequest       *req,
                                              const char         *location);
void            _fc_sim_set_header           (FcSimRequest       *req,
                                              const char         *name,
                                              const char         *value);
char           *_fc_sim_request_get_base     (FcSimRequest       *req);
void            _fc_sim_respond_control_error (FcSimRequest      *req,
                                              const GError       *error);

/* fc-sim-util.c */
char           *_fc_sim_format_iso_ms        (gint64              ms);
char           *_fc_sim_format_iso_s         (gint64              ms);
gboolean        _fc_sim_parse_iso            (const char         *text,
                                              gint64             *ms);
char           *_fc_sim_json_to_string       (JsonNode           *node);
void            _fc_sim_json_append          (GString            *out,
                                              JsonNode           *node);
void            _fc_sim_json_append_string   (GString            *out,
                                              const char         *text);
void            _fc_sim_json_append_string_len (GString          *out,
                                              const char         *text,
                                              gsize               length);
JsonNode       *_fc_sim_json_from_string     (const char         *text,
                                              GError            **error);
char          **_fc_sim_split_list           (const char         *text);

/* fc-sim-util.c: JSON written as text or as a tree from one description of a shape; objects
 * and values only (arrays of many records are text their callers join) */
typedef struct
{
  GString     *text;     /* the text written to, or NULL for a tree */
  JsonBuilder *builder;  /* the tree's builder, or NULL for text */
  guint        depth;
  guint64      started;  /* bit n: the object open at depth n has a member already */
} FcSimJsonWriter;

void            _fc_sim_writer_init_text     (FcSimJsonWriter    *self,
                                              GString            *text);
void            _fc_sim_writer_init_tree     (FcSimJsonWriter    *self);
JsonNode       *_fc_sim_writer_end_tree      (FcSimJsonWriter    *self);
void            _fc_sim_writer_begin_object  (FcSimJsonWriter    *self);
void            _fc_sim_writer_end_object    (FcSimJsonWriter    *self);
void            _fc_sim_writer_name          (FcSimJsonWriter    *self,
                                              const char         *name);
void            _fc_sim_writer_string        (FcSimJsonWriter    *self,
                                              const char         *value);
void            _fc_sim_writer_string_len    (FcSimJsonWriter    *self,
                                              const char         *value,
                                              gsize               length);
void            _fc_sim_writer_iso_ms        (FcSimJsonWriter    *self,
                                              gint64              ms);
void            _fc_sim_writer_iso_s         (FcSimJsonWriter    *self,
                                              gint64              ms);
void            _fc_sim_writer_int           (FcSimJsonWriter    *self,
                                              gint64              value);
void            _fc_sim_writer_boolean       (FcSimJsonWriter    *self,
                                              gboolean            value);
void            _fc_sim_writer_null          (FcSimJsonWriter    *self);
void            _fc_sim_writer_node          (FcSimJsonWriter    *self,
                                              JsonNode           *node);
void            _fc_sim_writer_literal       (FcSimJsonWriter    *self,
                                              const char         *literal);

char           *_fc_sim_base64url_encode     (const char         *text);
char           *_fc_sim_base64url_decode     (const char         *text);
gboolean        _fc_sim_str_to_int64         (const char         *text,
                                              gint64             *value);
const char     *_fc_sim_reason              (guint               status);
gboolean        _fc_sim_get_uint_member      (JsonObject         *object,
                                              const char         *name,
                                              guint              *value,
                                              GError            **error);
gboolean        _fc_sim_get_double_member    (JsonObject         *object,
                                              const char         *name,
                                              double             *value,
                                              GError            **error);
GArray         *_fc_sim_get_uint_array       (JsonObject         *object,
                                              const char         *name,
                                              GError            **error);
JsonObject     *_fc_sim_json_object          (JsonObject         *object,
                                              const char         *name);
JsonArray      *_fc_sim_json_array           (JsonObject         *object,
                                              const char         *name);
JsonObject     *_fc_sim_json_array_object    (JsonArray          *array,
                                              guint               index);
const char     *_fc_sim_json_array_string    (JsonArray          *array,
                                              guint               index);

/* fc-sim-store.c: records of one object type, in id order */
typedef struct
{
  gint64      id;
  gint64      created_ms;
  gint64      updated_ms;
  gint64      deleted_ms;    /* 0 while the record is live */
  JsonObject *fields;
} FcSimRecord;

typedef struct _FcSimCollection FcSimCollection;

FcSimCollection *_fc_sim_collection_new           (const char      *name);
void             _fc_sim_collection_free          (FcSimCollection *self);
void             _fc_sim_collection_clear         (FcSimCollection *self);
const char      *_fc_sim_collection_get_name      (FcSimCollection *self);
void             _fc_sim_collection_add_unique    (FcSimCollection *self,
                                                   const char      *field);
FcSimRecord     *_fc_sim_collection_insert        (FcSimCollection *self,
                                                   gint64           id,
                                                   gint64           now_ms);
FcSimRecord     *_fc_sim_collection_lookup        (FcSimCollection *self,
                                                   gint64           id);
FcSimRecord     *_fc_sim_collection_lookup_str    (FcSimCollection *self,
                                                   const char      *id);
FcSimRecord     *_fc_sim_collection_lookup_unique (FcSimCollection *self,
                                                   const char      *field,
                                                   const char      *value);
gboolean         _fc_sim_collection_is_unique     (FcSimCollection *self,
                                                   const char      *field);
void             _fc_sim_collection_set           (FcSimCollection *self,
                                                   FcSimRecord     *record,
                                                   const char      *field,
                                                   JsonNode        *value);
void             _fc_sim_collection_unset         (FcSimCollection *self,
                                                   FcSimRecord     *record,
                                                   const char      *field);
void             _fc_sim_collection_delete        (FcSimCollection *self,
                                                   FcSimRecord     *record,
                                                   gint64           now_ms);
guint            _fc_sim_collection_get_length    (FcSimCollection *self);
FcSimRecord     *_fc_sim_collection_get_nth       (FcSimCollection *self,
                                                   guint            index);
guint            _fc_sim_collection_first_after   (FcSimCollection *self,
                                                   gint64           id);
guint            _fc_sim_collection_count_live    (FcSimCollection *self);
void             _fc_sim_collection_changed       (FcSimCollection *self);
gpointer         _fc_sim_collection_get_listing   (FcSimCollection *self,
                                                   const char      *key);
void             _fc_sim_collection_keep_listing  (FcSimCollection *self,
                                                   const char      *key,
                                                   gpointer         listing,
                                                   GDestroyNotify   destroy);

/* fc-sim-oauth.c */
typedef enum
{
  FC_SIM_TOKEN_ACCESS,
  FC_SIM_TOKEN_REFRESH,
  FC_SIM_TOKEN_STATIC,
} FcSimTokenKind;

typedef enum
{
  FC_SIM_TOKEN_VALID,
  FC_SIM_TOKEN_UNKNOWN,
  FC_SIM_TOKEN_EXPIRED,
  FC_SIM_TOKEN_REVOKED,
} FcSimTokenState;

typedef struct
{
  char           *value;
  FcSimTokenKind  kind;
  FcSimProvider  *provider;
  char           *client_id;
  char           *scope;
  char           *parent;       /* the refresh token an access token came from */
  gint64          issued_ms;
  gint64          expires_ms;   /* 0: never */
  gboolean        revoked;
} FcSimToken;

typedef struct
{
  char          *value;
  FcSimProvider *provider;
  char          *client_id;
  char          *redirect_uri;
  char          *scope;
  char          *challenge;
  char          *challenge_method;
  gint64         expires_ms;
  gboolean       used;
} FcSimCode;

void             _fc_sim_oauth_init            (FcSim          *sim);
void             _fc_sim_oauth_clear           (FcSim          *sim);
void             _fc_sim_oauth_settings_clear  (FcSimOAuthSettings *settings);
FcSimToken      *_fc_sim_oauth_issue           (FcSimProvider  *provider,
                                                FcSimTokenKind  kind,
                                                const char     *value,
                                                const char     *client_id,
                                                const char     *scope,
                                                guint           lifetime_s,
                                                const char     *parent);
/* FALSE, with FC_SIM_ERROR_CONFLICT, when another provider holds a token @value: tokens are
 * found by their value alone. */
gboolean         _fc_sim_oauth_value_free_for  (FcSimProvider  *provider,
                                                const char     *value,
                                                GError        **error);
FcSimTokenState  _fc_sim_oauth_check           (FcSimProvider  *provider,
                                                const char     *value,
                                                FcSimTokenKind  kind,
                                                FcSimToken    **token);
FcSimToken      *_fc_sim_oauth_lookup          (FcSim          *sim,
                                                const char     *value);
gboolean         _fc_sim_oauth_revoke          (FcSim          *sim,
                                                const char     *value);
gboolean         _fc_sim_oauth_expire          (FcSim          *sim,
                                                const char     *value);
FcSimCode       *_fc_sim_oauth_issue_code      (FcSimProvider  *provider,
                                                const char     *client_id,
                                                const char     *redirect_uri,
                                                const char     *scope,
                                                const char     *challenge,
                                                const char     *challenge_method);
FcSimCode       *_fc_sim_oauth_redeem_code     (FcSimProvider  *provider,
                                                const char     *value,
                                                const char     *redirect_uri,
                                                const char     *verifier,
                                                GError        **error);
void             _fc_sim_oauth_handle_authorize (FcSimRequest  *req,
                                                 gboolean       pkce,
                                                 const char    *denied_error);
char            *_fc_sim_pkce_challenge        (const char     *verifier);

/* fc-sim-webhooks.c */
typedef struct _FcSimDelivery FcSimDelivery;

typedef SoupMessage *(*FcSimBuildMessage) (FcSimDelivery *delivery,
                                           guint          attempt,
                                           gpointer       data);
typedef gboolean     (*FcSimShouldRetry)  (guint          status);
typedef void         (*FcSimDeliveryDone) (FcSimDelivery *delivery,
                                           gboolean       delivered,
                                           guint          first_status,
                                           gpointer       data);

void              _fc_sim_retry_policy_init    (FcSimRetryPolicy  *policy,
                                                guint              max_attempts,
                                                const guint       *delays_ms,
                                                guint              n_delays,
                                                guint              timeout_ms);
void              _fc_sim_retry_policy_clear   (FcSimRetryPolicy  *policy);
void              _fc_sim_webhooks_init        (FcSim             *sim);
void              _fc_sim_webhooks_clear       (FcSim             *sim);
void              _fc_sim_webhooks_send        (FcSimProvider     *provider,
                                                const char        *url,
                                                const char        *summary,
                                                FcSimBuildMessage  build,
                                                FcSimShouldRetry   should_retry,
                                                FcSimDeliveryDone  done,
                                                gpointer           data,
                                                GDestroyNotify     destroy);
JsonNode         *_fc_sim_webhooks_log_to_json (FcSim             *sim,
                                                const char        *provider);
guint             _fc_sim_webhooks_count       (FcSim             *sim,
                                                const char        *provider,
                                                gboolean           successful_only);
guint             _fc_sim_webhooks_in_flight   (FcSim             *sim);

/* fc-sim-control.c and fc-sim-faults.c */
void              _fc_sim_control_register     (FcSim             *sim);
gboolean          _fc_sim_generate_records     (FcSimProvider     *provider,
                                                const char        *object,
                                                guint              count,
                                                GError           **error);
gboolean          _fc_sim_configure_retry      (FcSimProvider     *provider,
                                                JsonObject        *body,
                                                GError           **error);
gboolean          _fc_sim_faults_configure     (FcSimFaults       *faults,
                                                JsonObject        *settings,
                                                GError           **error);
void              _fc_sim_faults_clear         (FcSimFaults       *faults);
JsonNode         *_fc_sim_faults_to_json       (FcSimFaults       *faults);

/* fc-sim-writes.c: the write log (opt-in), fed by the router with the lock held */
void              _fc_sim_writes_free          (FcSimWriteLog     *log);
void              _fc_sim_writes_received      (FcSim             *sim,
                                                FcSimRequest      *req);
void              _fc_sim_writes_applied       (FcSim             *sim,
                                                FcSimRequest      *req);
void              _fc_sim_writes_dropped       (FcSim             *sim,
                                                FcSimRequest      *req);
void              _fc_sim_writes_register_routes (FcSim           *sim);

/* One registration function per provider file */
void              _fc_sim_hubspot_register     (FcSim             *sim);
void              _fc_sim_pipedrive_register   (FcSim             *sim);
void              _fc_sim_jobber_register      (FcSim             *sim);
void              _fc_sim_salesforce_register  (FcSim             *sim);

G_END_DECLS
