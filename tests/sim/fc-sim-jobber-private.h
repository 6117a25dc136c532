/* fc-sim-jobber-private.h: the simulated Jobber account shared by the fc-sim-jobber files
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fc-sim-private.h"
#include "fc-sim-graphql.h"
#include "fc-sim-jobber.h"

G_BEGIN_DECLS

#define FC_SIM_JOBBER_DEFAULT_PAGE 100

typedef enum
{
  FC_SIM_JB_CLIENTS,
  FC_SIM_JB_PROPERTIES,
  FC_SIM_JB_JOBS,
  FC_SIM_JB_QUOTES,
  FC_SIM_JB_N_OBJECTS,
} FcSimJobberObjectId;

typedef struct
{
  FcSimJobberObjectId  id;
  const char          *name;       /* clients: the control API's object name */
  const char          *type;       /* Client: the GraphQL type and the global id's type */
  const char          *topic;      /* CLIENT: webhook topics CLIENT_CREATE, ... */
  const char          *web_path;   /* clients: the part of jobberWebUri */
} FcSimJobberObject;

typedef struct
{
  FcSimProvider   *provider;
  FcSimCollection *objects[FC_SIM_JB_N_OBJECTS];
  gint64           next_ids[FC_SIM_JB_N_OBJECTS];
  gint64           next_item_id;       /* emails, phones, line items, property addresses */
  gint64           next_job_number;
  gint64           next_quote_number;
  guint            account_id;
  guint            user_id;
  char            *app_id;
  char            *account_name;
  char            *jwt_key;
  gint64           account_created_ms;
  FcSimGqlSchema  *schema;
  gboolean         disconnected;       /* the account owner removed the app */
  GHashTable      *dead_tokens;        /* tokens that lived when the app was disconnected */

  /* Query cost: a leaky bucket per app and account (the simulator has one of each) */
  gboolean         cost_enabled;
  guint            maximum_available;
  guint            restore_rate;
  double           available;
  gint64           available_ms;

  /* The DDoS guard: requests per window, answered by 429 */
  gboolean         ddos_enabled;
  guint            ddos_requests;
  guint            ddos_window_s;
  GArray          *ddos_times;         /* gint64 ms */

  /* Webhooks */
  char            *webhook_url;
  char            *webhook_secret;     /* NULL: the client secret */
  GPtrArray       *webhook_topics;     /* char *; empty: every topic */
  gboolean         legacy_occured_at;
  double           duplicate_rate;
} FcSimJobber;

/* What a mutation returns: its record(s) and userErrors */
typedef struct
{
  FcSimJobberObjectId  object;
  FcSimRecord         *record;
  GPtrArray           *records;       /* propertyCreate: FcSimRecord */
  FcSimRecord         *client;        /* propertyCreate */
  JsonArray           *user_errors;   /* {message, path} */
} FcSimJobberPayload;

/* fc-sim-jobber.c */
const FcSimJobberObject *_fc_sim_jobber_get_object    (FcSimJobberObjectId  id);
const FcSimJobberObject *_fc_sim_jobber_find_object   (const char          *name);
gboolean      _fc_sim_jobber_decode_id         (const char          *encoded,
                                                const char          *type,
                                                gint64              *id);
FcSimRecord  *_fc_sim_jobber_lookup            (FcSimJobber         *jb,
                                                FcSimJobberObjectId  object,
                                                const char          *encoded_id);
char         *_fc_sim_jobber_web_uri           (FcSimJobberObjectId  object,
                                                gint64               id);
void          _fc_sim_jobber_set_disconnected  (FcSimJobber         *jb,
                                                gboolean             disconnected,
                                                FcSimSource          source);

/* fc-sim-jobber-oauth.c */
void          _fc_sim_jobber_register_oauth_routes (FcSimJobber     *jb);
gboolean      _fc_sim_jobber_authenticate      (FcSimRequest        *req);

/* fc-sim-jobber-limits.c */
gboolean      _fc_sim_jobber_check_ddos        (FcSimRequest        *req);
gboolean      _fc_sim_jobber_take_cost         (FcSimJobber         *jb,
                                                guint                requested);
void          _fc_sim_jobber_give_back         (FcSimJobber         *jb,
                                                guint                points);
JsonNode     *_fc_sim_jobber_cost_json         (FcSimJobber         *jb,
                                                guint                requested,
                                                guint                actual);
gboolean      _fc_sim_jobber_configure_limits  (FcSimProvider       *provider,
                                                JsonObject          *settings,
                                                GError             **error);
JsonNode     *_fc_sim_jobber_describe_limits   (FcSimProvider       *provider);
void          _fc_sim_jobber_limits_reset      (FcSimJobber         *jb);

/* fc-sim-jobber-schema.c and fc-sim-jobber-sdl.c */
const char   *_fc_sim_jobber_get_sdl           (void);
FcSimGqlSchema *_fc_sim_jobber_schema_new      (void);
JsonNode     *_fc_sim_jobber_render            (FcSimJobber         *jb,
                                                FcSimJobberObjectId  object,
                                                FcSimRecord         *record);

/* fc-sim-jobber-connections.c */
FcSimGqlValue *_fc_sim_jobber_connection       (const FcSimGqlCall  *call,
                                                const char          *node_type,
                                                GPtrArray           *items,
                                                GError             **error);
void          _fc_sim_jobber_bind_connections  (FcSimGqlSchema      *schema);
gboolean      _fc_sim_jobber_range_matches     (JsonObject          *filter,
                                                const char          *name,
                                                gint64               ms,
                                                gboolean             present);

/* fc-sim-jobber-records.c */
void          _fc_sim_jobber_add_user_error    (JsonArray           *errors,
                                                const char          *message,
                                                const char          *first_step,
                                                ...) G_GNUC_NULL_TERMINATED;
const char   *_fc_sim_jobber_string            (FcSimRecord         *record,
                                                const char          *field);
gint64        _fc_sim_jobber_int               (FcSimRecord         *record,
                                                const char          *field);
gboolean      _fc_sim_jobber_bool              (FcSimRecord         *record,
                                                const char          *field);
JsonNode     *_fc_sim_jobber_deep_copy         (JsonNode            *node);
FcSimRecord  *_fc_sim_jobber_insert            (FcSimJobber         *jb,
                                                FcSimJobberObjectId  object);
void          _fc_sim_jobber_touch             (FcSimJobber         *jb,
                                                FcSimJobberObjectId  object,
                                                FcSimRecord         *record,
                                                const char          *action,
                                                FcSimSource          source);
char         *_fc_sim_jobber_client_name       (FcSimRecord         *client);
FcSimRecord  *_fc_sim_jobber_client_create     (FcSimJobber         *jb,
                                                JsonObject          *input,
                                                FcSimSource          source,
                                                JsonArray           *errors);
gboolean      _fc_sim_jobber_client_edit       (FcSimJobber         *jb,
                                                FcSimRecord         *client,
                                                JsonObject          *input,
                                                FcSimSource          source,
                                                JsonArray           *errors);
void          _fc_sim_jobber_client_archive    (FcSimJobber         *jb,
                                                FcSimRecord         *client,
                                                FcSimSource          source);
GPtrArray    *_fc_sim_jobber_properties_create (FcSimJobber         *jb,
                                                FcSimRecord         *client,
                                                JsonArray           *properties,
                                                FcSimSource          source,
                                                JsonArray           *errors);
void          _fc_sim_jobber_destroy           (FcSimJobber         *jb,
                                                FcSimJobberObjectId  object,
                                                FcSimRecord         *record,
                                                FcSimSource          source);

/* fc-sim-jobber-work.c */
FcSimRecord  *_fc_sim_jobber_job_create        (FcSimJobber         *jb,
                                                JsonObject          *input,
                                                FcSimSource          source,
                                                JsonArray           *errors);
gboolean      _fc_sim_jobber_job_edit          (FcSimJobber         *jb,
                                                FcSimRecord         *job,
                                                JsonObject          *input,
                                                FcSimSource          source,
                                                JsonArray           *errors);
FcSimRecord  *_fc_sim_jobber_quote_create      (FcSimJobber         *jb,
                                                JsonObject          *input,
                                                FcSimSource          source,
                                                JsonArray           *errors);
gboolean      _fc_sim_jobber_quote_edit        (FcSimJobber         *jb,
                                                FcSimRecord         *quote,
                                                JsonObject          *input,
                                                FcSimSource          source,
                                                JsonArray           *errors);
const char   *_fc_sim_jobber_job_status        (FcSimJobber         *jb,
                                                FcSimRecord         *job);
double        _fc_sim_jobber_line_total        (FcSimRecord         *record);
void          _fc_sim_jobber_quote_amounts     (FcSimRecord         *quote,
                                                double              *subtotal,
                                                double              *discount,
                                                double              *total,
                                                double              *deposit);

/* fc-sim-jobber-queries.c */
void          _fc_sim_jobber_bind_queries      (FcSimGqlSchema      *schema);

/* fc-sim-jobber-mutations.c */
void          _fc_sim_jobber_bind_mutations    (FcSimGqlSchema      *schema);

/* fc-sim-jobber-control.c */
char         *_fc_sim_jobber_create_record     (FcSimProvider       *provider,
                                                const char          *object,
                                                JsonObject          *body,
                                                FcSimSource          source,
                                                GError             **error);
gboolean      _fc_sim_jobber_update_record     (FcSimProvider       *provider,
                                                const char          *object,
                                                const char          *id,
                                                JsonObject          *body,
                                                FcSimSource          source,
                                                GError             **error);
gboolean      _fc_sim_jobber_delete_record     (FcSimProvider       *provider,
                                                const char          *object,
                                                const char          *id,
                                                FcSimSource          source,
                                                GError             **error);
JsonNode     *_fc_sim_jobber_get_record        (FcSimProvider       *provider,
                                                const char          *object,
                                                const char          *id,
                                                GError             **error);
JsonNode     *_fc_sim_jobber_list_records      (FcSimProvider       *provider,
                                                const char          *object,
                                                gboolean             include_deleted);
JsonObject   *_fc_sim_jobber_generate_record   (FcSimProvider       *provider,
                                                const char          *object,
                                                guint                index);
void          _fc_sim_jobber_register_control_routes (FcSimJobber   *jb);

/* fc-sim-jobber-webhooks.c */
void          _fc_sim_jobber_emit              (FcSimJobber         *jb,
                                                const char          *topic,
                                                const char          *item_id,
                                                FcSimSource          source);
gboolean      _fc_sim_jobber_configure_webhooks (FcSimProvider      *provider,
                                                 JsonObject         *settings,
                                                 GError            **error);
JsonNode     *_fc_sim_jobber_describe_webhooks (FcSimProvider       *provider);
void          _fc_sim_jobber_webhooks_reset    (FcSimJobber         *jb);

G_END_DECLS
