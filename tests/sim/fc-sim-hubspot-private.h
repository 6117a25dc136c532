/* fc-sim-hubspot-private.h: the simulated HubSpot account shared by the fc-sim-hubspot files
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fc-sim-private.h"

G_BEGIN_DECLS

typedef enum
{
  FC_SIM_HS_CONTACTS,
  FC_SIM_HS_COMPANIES,
  FC_SIM_HS_DEALS,
  FC_SIM_HS_N_TYPES,
} FcSimHubSpotTypeId;

typedef struct
{
  FcSimHubSpotTypeId  id;
  const char         *name;        /* contacts */
  const char         *type_id;     /* 0-1 */
  const char         *singular;    /* contact, the webhook event prefix */
  const char         *label;       /* CONTACT, as error messages name it */
  const char         *modified;    /* lastmodifieddate or hs_lastmodifieddate */
  const char         *group;       /* default property group */
  const char * const *defaults;    /* properties returned when none are asked for */
  const char * const *searchable;  /* properties the free-text query looks at */
} FcSimHubSpotType;

typedef struct
{
  char       *name;
  char       *label;
  char       *type;
  char       *field_type;
  char       *group_name;
  char       *description;
  JsonArray  *options;
  int         display_order;
  gboolean    unique;
  gboolean    read_only;
  gboolean    calculated;
  gboolean    hubspot_defined;
  gint64      created_ms;
  gint64      updated_ms;
} FcSimHubSpotProperty;

typedef struct
{
  guint     id;
  char     *event_type;
  char     *property_name;
  gboolean  active;
  gint64    created_ms;
  gint64    updated_ms;
} FcSimHubSpotSubscription;

typedef struct
{
  FcSimProvider   *provider;
  FcSimCollection *objects[FC_SIM_HS_N_TYPES];
  GPtrArray       *properties[FC_SIM_HS_N_TYPES];     /* FcSimHubSpotProperty */
  GHashTable      *property_index[FC_SIM_HS_N_TYPES]; /* name -> FcSimHubSpotProperty */
  gint64           next_id;
  guint            portal_id;
  guint            app_id;
  guint            user_id;
  char            *hub_domain;
  char            *developer_key;

  guint            ten_second_oauth;
  guint            ten_second_private;
  guint            search_per_second;
  guint            daily_private;
  GHashTable      *windows;         /* key -> GArray of gint64 request times */
  GHashTable      *daily;           /* key -> GArray {day, count} */

  char            *target_url;
  char            *webhook_secret;
  gint64           settings_created_ms;
  guint            max_concurrent;
  GPtrArray       *subscriptions;   /* FcSimHubSpotSubscription */
  guint            next_subscription_id;
  JsonArray       *pending;         /* events waiting to be sent */
  gboolean         flush_scheduled;
  gint64           next_event_id;
} FcSimHubSpot;

/* fc-sim-hubspot.c */
const FcSimHubSpotType *_fc_sim_hubspot_find_type      (const char           *name);
const FcSimHubSpotType *_fc_sim_hubspot_get_type       (FcSimHubSpotTypeId    id);
void                    _fc_sim_hubspot_respond        (FcSimRequest         *req,
                                                        guint                 status,
                                                        const char           *category,
                                                        const char           *message,
                                                        JsonNode             *context);
void                    _fc_sim_hubspot_respond_gerror (FcSimRequest         *req,
                                                        const GError         *error);
JsonObject             *_fc_sim_hubspot_body           (FcSimRequest         *req);

/* fc-sim-hubspot-oauth.c */
void                    _fc_sim_hubspot_register_oauth_routes (FcSimHubSpot *hs);

/* fc-sim-hubspot-properties.c and fc-sim-hubspot-values.c */
void                    _fc_sim_hubspot_properties_init  (FcSimHubSpot       *hs);
void                    _fc_sim_hubspot_properties_reset (FcSimHubSpot       *hs);
void                    _fc_sim_hubspot_properties_free  (FcSimHubSpot       *hs);
FcSimHubSpotProperty   *_fc_sim_hubspot_find_property  (FcSimHubSpot         *hs,
                                                        const FcSimHubSpotType *type,
                                                        const char           *name);
JsonNode               *_fc_sim_hubspot_add_property   (FcSimHubSpot         *hs,
                                                        const FcSimHubSpotType *type,
                                                        JsonObject           *body,
                                                        GError              **error);
GHashTable             *_fc_sim_hubspot_validate       (FcSimHubSpot         *hs,
                                                        const FcSimHubSpotType *type,
                                                        JsonObject           *properties,
                                                        GError              **error);
char                   *_fc_sim_hubspot_get_value      (FcSimHubSpot         *hs,
                                                        const FcSimHubSpotType *type,
                                                        FcSimRecord          *record,
                                                        const char           *name);
gboolean                _fc_sim_hubspot_get_number     (FcSimHubSpot         *hs,
                                                        const FcSimHubSpotType *type,
                                                        FcSimRecord          *record,
                                                        FcSimHubSpotProperty *property,
                                                        double               *number);
void                    _fc_sim_hubspot_append_object  (GString              *out,
                                                        FcSimHubSpot         *hs,
                                                        const FcSimHubSpotType *type,
                                                        FcSimRecord          *record,
                                                        char                **names,
                                                        gboolean              all);
JsonNode               *_fc_sim_hubspot_object_to_json (FcSimHubSpot         *hs,
                                                        const FcSimHubSpotType *type,
                                                        FcSimRecord          *record,
                                                        char                **names,
                                                        gboolean              all);
char                  **_fc_sim_hubspot_wanted         (FcSimHubSpot         *hs,
                                                        const FcSimHubSpotType *type,
                                                        const char           *requested);
char                  **_fc_sim_hubspot_wanted_array   (FcSimHubSpot         *hs,
                                                        const FcSimHubSpotType *type,
                                                        JsonArray            *requested);
void                    _fc_sim_hubspot_register_property_routes (FcSimHubSpot *hs);

/* fc-sim-hubspot-objects.c */
FcSimRecord            *_fc_sim_hubspot_create         (FcSimHubSpot         *hs,
                                                        const FcSimHubSpotType *type,
                                                        JsonObject           *properties,
                                                        FcSimSource           source,
                                                        GError              **error);
FcSimRecord            *_fc_sim_hubspot_create_valid   (FcSimHubSpot         *hs,
                                                        const FcSimHubSpotType *type,
                                                        GHashTable           *values,
                                                        FcSimSource           source,
                                                        GError              **error);
gboolean                _fc_sim_hubspot_update_valid   (FcSimHubSpot         *hs,
                                                        const FcSimHubSpotType *type,
                                                        FcSimRecord          *record,
                                                        GHashTable           *values,
                                                        FcSimSource           source,
                                                        GError              **error);
gboolean                _fc_sim_hubspot_update         (FcSimHubSpot         *hs,
                                                        const FcSimHubSpotType *type,
                                                        FcSimRecord          *record,
                                                        JsonObject           *properties,
                                                        FcSimSource           source,
                                                        GError              **error);
void                    _fc_sim_hubspot_archive        (FcSimHubSpot         *hs,
                                                        const FcSimHubSpotType *type,
                                                        FcSimRecord          *record,
                                                        FcSimSource           source);
FcSimRecord            *_fc_sim_hubspot_lookup         (FcSimHubSpot         *hs,
                                                        const FcSimHubSpotType *type,
                                                        const char           *id,
                                                        const char           *id_property,
                                                        gboolean              archived,
                                                        GError              **error);
void                    _fc_sim_hubspot_register_object_routes (FcSimHubSpot *hs);

/* fc-sim-hubspot-batch.c */
char                   *_fc_sim_hubspot_node_id        (JsonNode             *node);
void                    _fc_sim_hubspot_handle_batch_read    (FcSimRequest   *req);
void                    _fc_sim_hubspot_handle_batch_create  (FcSimRequest   *req);
void                    _fc_sim_hubspot_handle_batch_update  (FcSimRequest   *req);
void                    _fc_sim_hubspot_handle_batch_upsert  (FcSimRequest   *req);
void                    _fc_sim_hubspot_handle_batch_archive (FcSimRequest   *req);

/* fc-sim-hubspot-search.c */
void                    _fc_sim_hubspot_handle_search  (FcSimRequest         *req);

/* fc-sim-hubspot-webhooks.c */
void                    _fc_sim_hubspot_emit           (FcSimHubSpot         *hs,
                                                        const FcSimHubSpotType *type,
                                                        const char           *event,
                                                        FcSimRecord          *record,
                                                        const char           *property,
                                                        const char           *value,
                                                        FcSimSource           source,
                                                        JsonObject           *extra);
gboolean                _fc_sim_hubspot_configure_webhooks (FcSimProvider    *provider,
                                                            JsonObject       *settings,
                                                            GError          **error);
JsonNode               *_fc_sim_hubspot_describe_webhooks  (FcSimProvider    *provider);
void                    _fc_sim_hubspot_webhooks_reset (FcSimHubSpot         *hs);
void                    _fc_sim_hubspot_register_webhook_routes (FcSimHubSpot *hs);

G_END_DECLS
