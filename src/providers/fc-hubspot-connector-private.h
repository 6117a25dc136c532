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

/* The SimplePublicObject (id, properties, createdAt, updatedAt, archived) at @scan as an
 * FcRecord, or NULL when it is not an object with an id (or the scan failed); the value is
 * read either way. @extra_names (NULL-terminated, or NULL) are other members the caller wants:
 * the last value of each goes to the same index of @extra_values, which the caller clears. */
FcRecord            *_fc_hubspot_scan_record          (const FcHubspotType *type,
                                                       FcJsonScan          *scan,
                                                       const char * const  *extra_names,
                                                       JsonNode           **extra_values);
/* The same of an object already read (the input regression tests, the fuzz target) */
FcRecord            *_fc_hubspot_record_from_json     (const FcHubspotType *type,
                                                       JsonObject          *object);
/* Property values as HubSpot takes them: strings, "" to clear. */
char                *_fc_hubspot_value_to_string      (const FcValue       *value);
/* The property names to ask for: the id and modified properties, @also when not NULL (the
 * property a find looks up), and @wanted, or every property of the catalogue @fields when
 * @wanted is NULL. */
JsonArray           *_fc_hubspot_wanted_properties    (const FcHubspotType *type,
                                                       const char * const  *wanted,
                                                       const char          *also,
                                                       GListModel          *fields);

/* fc-hubspot-search.c: a search or batch read answer ({"results": [...], "paging": {"next":
 * {"after": ...}}, "total": n}) as records */
typedef struct
{
  const FcHubspotType *type;
  GPtrArray           *records;  /* FcRecord, the objects with an id */
  gboolean             more;     /* the search has more pages */
  gint64               total;    /* -1 when not given */
} FcHubspotResults;

void                 _fc_hubspot_results_init         (FcHubspotResults    *results,
                                                       const FcHubspotType *type);
void                 _fc_hubspot_results_clear        (FcHubspotResults    *results);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FcHubspotResults, _fc_hubspot_results_clear)
/* An FcHttpReadFunc into an FcHubspotResults; BAD_RESPONSE without a results array. */
gboolean             _fc_hubspot_scan_results         (FcJsonScan          *scan,
                                                       gpointer             user_data,
                                                       GError             **error);

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
