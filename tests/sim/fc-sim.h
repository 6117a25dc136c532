/* fc-sim.h: the provider simulator, a local imitation of the providers' HTTP APIs
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

/*
 * The simulator serves on 127.0.0.1 (see README.md next to this file). Below its base URL,
 * "http://127.0.0.1:PORT", each provider has an API base and an auth base that stand in for the
 * real hosts, with the real paths below them:
 *
 *   hubspot     API  BASE/hubspot          (api.hubapi.com: /crm/v3/..., /oauth/v1/token)
 *               auth BASE/hubspot-auth     (app.hubspot.com: /oauth/authorize)
 *   pipedrive   API  BASE/pipedrive        (api.pipedrive.com: /api/v2/..., /v1/webhooks)
 *               auth BASE/pipedrive-oauth  (oauth.pipedrive.com: /oauth/authorize, /oauth/token)
 *   salesforce  API  BASE/salesforce       (the org's instance_url: /services/data/vXX.X/...)
 *               auth BASE/salesforce-login (login.salesforce.com: /services/oauth2/..., /id/...);
 *                    BASE/salesforce-test and BASE/salesforce-mydomain behave the same
 *   control          BASE/_control         (seeding, faults, limits, clock, counters)
 *
 * Provider and object names are the providers' own: "hubspot" with "contacts", "companies",
 * "deals"; "pipedrive" with "persons", "organizations", "deals".
 */

G_BEGIN_DECLS

#define FC_SIM_ERROR (fc_sim_error_quark ())

typedef enum
{
  FC_SIM_ERROR_FAILED,
  FC_SIM_ERROR_INVALID,
  FC_SIM_ERROR_NOT_FOUND,
  FC_SIM_ERROR_CONFLICT,
  FC_SIM_ERROR_UNKNOWN_PROVIDER,
} FcSimError;

GQuark fc_sim_error_quark (void);

#define FC_TYPE_SIM (fc_sim_get_type ())

G_DECLARE_FINAL_TYPE (FcSim, fc_sim, FC, SIM, GObject)

FcSim      *fc_sim_new                   (void);

/* Set-up, before starting */
void        fc_sim_set_seed              (FcSim       *self,
                                          guint32      seed);
gboolean    fc_sim_set_client            (FcSim       *self,
                                          const char  *provider,
                                          const char  *client_id,
                                          const char  *client_secret,
                                          GError     **error);
const char *fc_sim_get_client_id         (FcSim       *self,
                                          const char  *provider);
const char *fc_sim_get_client_secret     (FcSim       *self,
                                          const char  *provider);
void        fc_sim_set_verbose           (FcSim       *self,
                                          gboolean     verbose);

/* Serving: on the thread-default main context of the caller, or in a thread of its own */
gboolean    fc_sim_start                 (FcSim       *self,
                                          guint        port,
                                          GError     **error);
gboolean    fc_sim_start_in_thread       (FcSim       *self,
                                          guint        port,
                                          GError     **error);
void        fc_sim_stop                  (FcSim       *self);
guint       fc_sim_get_port              (FcSim       *self);
const char *fc_sim_get_base_url          (FcSim       *self);
char       *fc_sim_get_api_base_url      (FcSim       *self,
                                          const char  *provider);
char       *fc_sim_get_auth_base_url     (FcSim       *self,
                                          const char  *provider);
char      **fc_sim_list_providers        (FcSim       *self);

/* Records. @json is the provider's own write shape (HubSpot {"properties":{...}}, Pipedrive v2
 * body). Seeding emits no webhook; create, edit and delete act as a user of the provider's UI. */
char       *fc_sim_seed                  (FcSim       *self,
                                          const char  *provider,
                                          const char  *object,
                                          const char  *json,
                                          GError     **error);
gboolean    fc_sim_seed_generated        (FcSim       *self,
                                          const char  *provider,
                                          const char  *object,
                                          guint        count,
                                          GError     **error);
char       *fc_sim_create                (FcSim       *self,
                                          const char  *provider,
                                          const char  *object,
                                          const char  *json,
                                          GError     **error);
gboolean    fc_sim_edit                  (FcSim       *self,
                                          const char  *provider,
                                          const char  *object,
                                          const char  *id,
                                          const char  *json,
                                          GError     **error);
gboolean    fc_sim_delete                (FcSim       *self,
                                          const char  *provider,
                                          const char  *object,
                                          const char  *id,
                                          GError     **error);
char       *fc_sim_get_record            (FcSim       *self,
                                          const char  *provider,
                                          const char  *object,
                                          const char  *id,
                                          GError     **error);
guint       fc_sim_count_records         (FcSim       *self,
                                          const char  *provider,
                                          const char  *object,
                                          gboolean     include_deleted);
char       *fc_sim_add_custom_field      (FcSim       *self,
                                          const char  *provider,
                                          const char  *object,
                                          const char  *json,
                                          GError     **error);

/* Authentication */
gboolean    fc_sim_add_static_token      (FcSim       *self,
                                          const char  *provider,
                                          const char  *token,
                                          GError     **error);
void        fc_sim_set_token_lifetime    (FcSim       *self,
                                          const char  *provider,
                                          guint        seconds);
gboolean    fc_sim_revoke_token          (FcSim       *self,
                                          const char  *token);
gboolean    fc_sim_expire_token          (FcSim       *self,
                                          const char  *token);
void        fc_sim_set_oauth_denied      (FcSim       *self,
                                          const char  *provider,
                                          gboolean     denied);

/* Webhooks. HubSpot: one app-level target signed with @secret (NULL: the client secret).
 * Pipedrive: a webhook for every event; @secret is "user:password" for HTTP Basic, or NULL. */
gboolean    fc_sim_set_webhook_target    (FcSim       *self,
                                          const char  *provider,
                                          const char  *url,
                                          const char  *secret,
                                          GError     **error);
gboolean    fc_sim_set_webhook_retries   (FcSim       *self,
                                          const char  *provider,
                                          guint        max_attempts,
                                          const guint *delays_ms,
                                          guint        n_delays,
                                          GError     **error);
guint       fc_sim_get_delivery_count    (FcSim       *self,
                                          const char  *provider,
                                          gboolean     successful_only);

/* Faults and rate limits; @json uses the control API's shapes (see README.md) */
gboolean    fc_sim_set_faults            (FcSim       *self,
                                          const char  *provider,
                                          const char  *json,
                                          GError     **error);
void        fc_sim_clear_faults          (FcSim       *self,
                                          const char  *provider);
gboolean    fc_sim_set_rate_limits       (FcSim       *self,
                                          const char  *provider,
                                          const char  *json,
                                          GError     **error);
void        fc_sim_set_rate_limits_enabled (FcSim     *self,
                                            const char *provider,
                                            gboolean    enabled);

/* Counters of API calls per provider, method, endpoint and status (0/NULL match anything) */
guint       fc_sim_get_count             (FcSim       *self,
                                          const char  *provider,
                                          const char  *method,
                                          const char  *endpoint,
                                          guint        status);
/* The calls counted that changed something at a provider: not a GET, a search, a batch read,
 * a token or OAuth exchange, a Jobber query or a Salesforce composite retrieve. */
guint       fc_sim_count_writes          (FcSim       *self);
char       *fc_sim_get_counters_json     (FcSim       *self);
void        fc_sim_reset_counters        (FcSim       *self);

/* The simulator's clock (epoch milliseconds), which tests may freeze and move forward */
gint64      fc_sim_get_time_ms           (FcSim       *self);
void        fc_sim_set_clock_frozen      (FcSim       *self,
                                          gboolean     frozen);
void        fc_sim_advance_clock         (FcSim       *self,
                                          gint64       milliseconds);

/* The control API in process: same routes and bodies as BASE/_control over HTTP */
char       *fc_sim_control               (FcSim       *self,
                                          const char  *method,
                                          const char  *path,
                                          const char  *json,
                                          guint       *status);

/* Webhook signatures as HubSpot computes them */
char       *fc_sim_hubspot_sign_v1       (const char  *secret,
                                          const char  *body,
                                          gssize       length);
char       *fc_sim_hubspot_sign_v3       (const char  *secret,
                                          const char  *method,
                                          const char  *uri,
                                          const char  *body,
                                          gssize       length,
                                          const char  *timestamp);

/* The signature of a Salesforce token response: base64 (HMAC-SHA256 (client secret, id +
 * issued_at)) */
char       *fc_sim_salesforce_sign       (const char  *client_secret,
                                          const char  *id_url,
                                          const char  *issued_at);

G_END_DECLS
