/* fc-hubspot-connector-private.h: what the HubSpot connector's files share
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fc-connector-private.h"
#include "fc-hubspot-connector.h"

G_BEGIN_DECLS

G_DECLARE_FINAL_TYPE (FcHubspotConnector, fc_hubspot_connector, FC, HUBSPOT_CONNECTOR,
                      FcConnector)

/* Batch endpoints take at most this many inputs; search pages at most this many results. */
#define FC_HUBSPOT_BATCH_SIZE   100
#define FC_HUBSPOT_SEARCH_LIMIT 200

typedef struct
{
  const char *name;            /* "contacts": the object type and the path segment */
  const char *type_id;         /* "0-1" */
  const char *event_prefix;    /* "contact", as in contact.creation */
  const char *modified;        /* the last-modified property searches filter on */
} FcHubspotType;

const FcHubspotType *_fc_hubspot_find_type            (const char          *name);
const FcHubspotType *_fc_hubspot_find_type_by_event   (const char          *prefix);
const FcHubspotType *_fc_hubspot_find_type_by_id      (const char          *type_id);

/* The limiter of the ten-second budget that every call but search draws from, and search's */
FcRateLimiter       *_fc_hubspot_connector_get_limiter        (FcHubspotConnector *self);
FcRateLimiter       *_fc_hubspot_connector_get_search_limiter (FcHubspotConnector *self);

/* A SimplePublicObject (id, properties, createdAt, updatedAt, archived) as an FcRecord. */
FcRecord            *_fc_hubspot_record_from_json     (const FcHubspotType *type,
                                                       JsonObject          *object);
/* Property values as HubSpot takes them: strings, "" to clear. */
char                *_fc_hubspot_value_to_string      (JsonNode            *value);
/* The property names to ask for: the id and modified properties, @also when not NULL (the
 * property a find looks up), and @wanted, or every property of the catalogue @fields when
 * @wanted is NULL. */
JsonArray           *_fc_hubspot_wanted_properties    (const FcHubspotType *type,
                                                       const char * const  *wanted,
                                                       const char          *also,
                                                       GListModel          *fields);

/* fc-hubspot-search.c: the reading vfuncs */
void                 _fc_hubspot_list_changed         (FcConnector         *connector,
                                                       const char          *object_type,
                                                       const char          *since_cursor,
                                                       const char          *page_token,
                                                       const char * const  *fields,
                                                       GTask               *task);
void                 _fc_hubspot_read_records         (FcConnector         *connector,
                                                       const char          *object_type,
                                                       const char * const  *ids,
                                                       const char * const  *fields,
                                                       GTask               *task);
void                 _fc_hubspot_find_records         (FcConnector         *connector,
                                                       const char          *object_type,
                                                       const char          *field,
                                                       const char          *value,
                                                       const char * const  *fields,
                                                       GTask               *task);

/* fc-hubspot-writes.c: the batch writes */
void                 _fc_hubspot_write_records        (FcHubspotConnector  *self,
                                                       const FcHubspotType *type,
                                                       const char          *operation,
                                                       const char          *id_field,
                                                       GPtrArray           *records,
                                                       GTask               *task);
void                 _fc_hubspot_archive_records      (FcHubspotConnector  *self,
                                                       const FcHubspotType *type,
                                                       const char * const  *ids,
                                                       GTask               *task);

G_END_DECLS
