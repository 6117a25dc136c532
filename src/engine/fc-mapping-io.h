/* fc-mapping-io.h: mappings to and from a portable JSON document
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "fc-store.h"

G_BEGIN_DECLS

/* The document:
 *
 *   { "format": "fluxcascade-mappings", "version": 1,
 *     "mappings": [ { "name": ..., "direction": ...,
 *                     "source": { "provider": "hubspot", "accountId": "...",
 *                                 "accountName": "...", "object": "contacts" },
 *                     "target": { ... },
 *                     "fieldPairs": [ { "sourceFields": [...], "targetFields": [...],
 *                                       "transform": "...", "direction": "...",
 *                                       "required": false }, ... ],
 *                     "matchRule": [...], "conflictStrategy": ..., "deletePolicy": ...,
 *                     "active": true, "realtime": false, "scheduleMinutes": 0 }, ... ] }
 *
 * No ids, no timestamps, no secrets: connections are referred to by provider and account.
 *
 * On import, "name", "source", "target" (each with "provider", "object" and "accountId" or
 * "accountName") and "fieldPairs" (each with non-empty "sourceFields" and "targetFields") are
 * required; any other member may be left out or null and then takes the default of
 * fc_mapping_new () and fc_field_pair_new (). Unknown members are ignored. */

#define FC_MAPPING_IO_FORMAT  "fluxcascade-mappings"
#define FC_MAPPING_IO_VERSION 1

#define FC_MAPPING_IO_ERROR (fc_mapping_io_error_quark ())

typedef enum {
  FC_MAPPING_IO_ERROR_PARSE,   /* not JSON */
  FC_MAPPING_IO_ERROR_FORMAT,  /* JSON, but not this format or version, or a member is missing
                                * or has the wrong type or value */
  FC_MAPPING_IO_ERROR_UNBOUND, /* no local connection for a provider and account */
  FC_MAPPING_IO_ERROR_INVALID, /* a mapping that does not validate (see FC_MAPPING_ERROR) */
  FC_MAPPING_IO_ERROR_EXISTS,  /* a mapping of the same name exists, or the file repeats one */
  FC_MAPPING_IO_ERROR_FAILED,  /* the store failed */
} FcMappingIoError;

GQuark     fc_mapping_io_error_quark (void);

/* Serialises @mappings (element-type FcMapping; NULL for every mapping in @store). */
char      *fc_mapping_io_export      (FcStore     *store,
                                      GPtrArray   *mappings,
                                      GError     **error);

/* One mapping as it appears in the "mappings" array of an exported document (so without its
 * local id), for programs that print mappings as JSON. */
JsonNode  *fc_mapping_io_mapping_to_json (FcStore   *store,
                                          FcMapping *mapping,
                                          GError   **error);

/* Reads a document and saves its mappings, all in one transaction: on any error nothing is
 * saved. @length may be -1 for a nul-terminated @json. @bindings, when given, maps
 * "provider:accountId" (or "provider:accountName") to a local connection id; references it
 * does not cover are bound to the connection of the same provider and account id, else the same
 * provider and account name. Imported mappings get new ids; a name already used in the store is
 * an EXISTS error (nothing is renamed behind the user's back).
 *
 * Error messages start with the JSON path of the culprit, e.g.
 * "$.mappings[0].fieldPairs[2].transform: unknown transform “frobnicate”".
 *
 * Returns: (element-type FcMapping): the saved mappings, in file order. */
GPtrArray *fc_mapping_io_import      (FcStore     *store,
                                      const char  *json,
                                      gssize       length,
                                      GHashTable  *bindings,
                                      GError     **error);

G_END_DECLS
