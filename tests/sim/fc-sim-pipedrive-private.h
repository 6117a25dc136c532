/* fc-sim-pipedrive-private.h: the simulated Pipedrive company shared by the fc-sim-pipedrive
 * files
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fc-sim-private.h"

G_BEGIN_DECLS

typedef enum
{
  FC_SIM_PD_PERSONS,
  FC_SIM_PD_ORGANIZATIONS,
  FC_SIM_PD_DEALS,
  FC_SIM_PD_N_ENTITIES,
} FcSimPipedriveEntityId;

typedef struct
{
  FcSimPipedriveEntityId  id;
  const char             *name;          /* persons */
  const char             *singular;      /* person, the webhook entity */
  const char             *fields_path;   /* personFields */
  const char             *title_field;   /* name or title, required on create */
  const char             *scope;         /* contacts or deals */
  const char * const     *search_fields; /* values of ?fields= on search */
} FcSimPipedriveEntity;

typedef struct
{
  char      *key;        /* 40 hex characters */
  char      *name;
  char      *field_type;
  JsonArray *options;    /* {id, label}, or NULL */
  gint64     add_ms;
} FcSimPipedriveField;

typedef struct
{
  guint     id;
  char     *url;
  char     *action;
  char     *object;
  char     *name;
  char     *user;
  char     *password;
  gint64    add_ms;
  gint64    last_delivery_ms;
  guint     last_status;
  guint     first_try_failures;
  gint64    banned_until_ms;
} FcSimPipedriveWebhook;

typedef struct
{
  FcSimProvider   *provider;
  FcSimCollection *entities[FC_SIM_PD_N_ENTITIES];
  gint64           next_ids[FC_SIM_PD_N_ENTITIES];
  GPtrArray       *custom_fields[FC_SIM_PD_N_ENTITIES]; /* FcSimPipedriveField */
  guint            next_option_id;
  guint            company_id;
  guint            user_id;
  char            *company_domain;

  guint            burst_api_token;
  guint            burst_oauth;
  guint            burst_search;
  guint            daily_budget;
  GHashTable      *windows;         /* key -> GArray of gint64 request times */
  gint64           budget_day;
  guint            budget_used;

  GPtrArray       *webhooks;        /* FcSimPipedriveWebhook */
  guint            next_webhook_id;
} FcSimPipedrive;

/* fc-sim-pipedrive.c */
const FcSimPipedriveEntity *_fc_sim_pipedrive_find_entity (const char       *name);
const FcSimPipedriveEntity *_fc_sim_pipedrive_get_entity  (FcSimPipedriveEntityId id);
void                        _fc_sim_pipedrive_respond     (FcSimRequest     *req,
                                                           guint             status,
                                                           const char       *error,
                                                           const char       *error_info);
void                        _fc_sim_pipedrive_respond_gerror (FcSimRequest   *req,
                                                              const GError   *error);
void                        _fc_sim_pipedrive_respond_data_text (FcSimRequest *req,
                                                                 guint         status,
                                                                 GString      *data,
                                                                 const char   *next_cursor);
void                        _fc_sim_pipedrive_respond_data (FcSimRequest    *req,
                                                            guint            status,
                                                            JsonNode        *data,
                                                            const char      *next_cursor);
JsonObject                 *_fc_sim_pipedrive_body        (FcSimRequest     *req);
char                       *_fc_sim_pipedrive_v1_time     (gint64            ms);

/* fc-sim-pipedrive-oauth.c */
void            _fc_sim_pipedrive_register_oauth_routes (FcSimPipedrive *pd);

/* fc-sim-pipedrive-objects.c and fc-sim-pipedrive-shapes.c */
FcSimRecord    *_fc_sim_pipedrive_create      (FcSimPipedrive             *pd,
                                               const FcSimPipedriveEntity *entity,
                                               JsonObject                 *body,
                                               FcSimSource                 source,
                                               GError                    **error);
gboolean        _fc_sim_pipedrive_update      (FcSimPipedrive             *pd,
                                               const FcSimPipedriveEntity *entity,
                                               FcSimRecord                *record,
                                               JsonObject                 *body,
                                               FcSimSource                 source,
                                               GError                    **error);
void            _fc_sim_pipedrive_delete      (FcSimPipedrive             *pd,
                                               const FcSimPipedriveEntity *entity,
                                               FcSimRecord                *record,
                                               FcSimSource                 source);
FcSimRecord    *_fc_sim_pipedrive_lookup      (FcSimPipedrive             *pd,
                                               const FcSimPipedriveEntity *entity,
                                               const char                 *id,
                                               gboolean                    deleted,
                                               GError                    **error);
void            _fc_sim_pipedrive_append_object (GString                  *out,
                                                 FcSimPipedrive           *pd,
                                                 const FcSimPipedriveEntity *entity,
                                                 FcSimRecord              *record,
                                                 char                    **custom_keys);
JsonNode       *_fc_sim_pipedrive_to_json     (FcSimPipedrive             *pd,
                                               const FcSimPipedriveEntity *entity,
                                               FcSimRecord                *record,
                                               char                      **custom_keys);
const char     *_fc_sim_pipedrive_stage_name  (gint64                      stage_id);
void            _fc_sim_pipedrive_register_object_routes (FcSimPipedrive *pd);

/* fc-sim-pipedrive-list.c */
void            _fc_sim_pipedrive_handle_list   (FcSimRequest               *req);
void            _fc_sim_pipedrive_handle_search (FcSimRequest               *req);

/* fc-sim-pipedrive-fields.c */
void                 _fc_sim_pipedrive_fields_init   (FcSimPipedrive             *pd);
void                 _fc_sim_pipedrive_fields_reset  (FcSimPipedrive             *pd);
void                 _fc_sim_pipedrive_fields_free   (FcSimPipedrive             *pd);
FcSimPipedriveField *_fc_sim_pipedrive_find_field    (FcSimPipedrive             *pd,
                                                      const FcSimPipedriveEntity *entity,
                                                      const char                 *key);
JsonNode            *_fc_sim_pipedrive_add_field     (FcSimPipedrive             *pd,
                                                      const FcSimPipedriveEntity *entity,
                                                      JsonObject                 *body,
                                                      GError                    **error);
gboolean             _fc_sim_pipedrive_check_custom  (FcSimPipedriveField        *field,
                                                      JsonNode                   *value,
                                                      GError                    **error);
void                 _fc_sim_pipedrive_register_field_routes (FcSimPipedrive *pd);

/* fc-sim-pipedrive-webhooks.c */
void                 _fc_sim_pipedrive_emit          (FcSimPipedrive             *pd,
                                                      const FcSimPipedriveEntity *entity,
                                                      const char                 *action,
                                                      FcSimRecord                *record,
                                                      JsonNode                   *data,
                                                      JsonNode                   *previous,
                                                      FcSimSource                 source);
JsonNode            *_fc_sim_pipedrive_add_webhook   (FcSimPipedrive             *pd,
                                                      JsonObject                 *body,
                                                      GError                    **error);
gboolean             _fc_sim_pipedrive_configure_webhooks (FcSimProvider         *provider,
                                                           JsonObject            *settings,
                                                           GError               **error);
JsonNode            *_fc_sim_pipedrive_describe_webhooks  (FcSimProvider         *provider);
void                 _fc_sim_pipedrive_webhooks_reset (FcSimPipedrive            *pd);
void                 _fc_sim_pipedrive_register_webhook_routes (FcSimPipedrive   *pd);

G_END_DECLS
