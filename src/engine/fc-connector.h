/* fc-connector.h: reading and writing one connection's records at its provider
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "fc-auth.h"
#include "fc-connection.h"
#include "fc-connector-types.h"
#include "fc-field-info.h"
#include "fc-http.h"
#include "fc-record.h"

G_BEGIN_DECLS

#define FC_CONNECTOR_ERROR (fc_connector_error_quark ())

typedef enum {
  FC_CONNECTOR_ERROR_FAILED,            /* anything not listed below */
  FC_CONNECTOR_ERROR_NETWORK,           /* the provider could not be reached, or timed out */
  FC_CONNECTOR_ERROR_AUTH,              /* the token was refused (401, 403) or is missing */
  FC_CONNECTOR_ERROR_RATE_LIMITED,      /* 429 beyond the retries, or a wait too long */
  FC_CONNECTOR_ERROR_NOT_FOUND,         /* 404: no such record or path */
  FC_CONNECTOR_ERROR_VALIDATION,        /* 400 / 422: the provider refused the values */
  FC_CONNECTOR_ERROR_CONFLICT,          /* 409: e.g. a unique value already taken */
  FC_CONNECTOR_ERROR_SERVER,            /* 5xx beyond the retries */
  FC_CONNECTOR_ERROR_BAD_RESPONSE,      /* a body that is not JSON or not the expected shape */
  FC_CONNECTOR_ERROR_CAP,               /* a provider's cap on the results of one query that
                                         * cannot be paged around (HubSpot search stops at
                                         * 10,000; its connector restarts the search instead) */
  FC_CONNECTOR_ERROR_UNSUPPORTED,       /* an object type or operation the connector lacks */
  FC_CONNECTOR_ERROR_UNKNOWN_PROVIDER,  /* no connector exists for the connection's provider */
  FC_CONNECTOR_ERROR_SIGNATURE,         /* a webhook whose signature or credentials fail, or
                                         * whose timestamp is outside the allowed window */
  FC_CONNECTOR_ERROR_INVALID_WEBHOOK,   /* a verified webhook whose body cannot be read */
} FcConnectorError;

GQuark fc_connector_error_quark (void);

#define FC_TYPE_CONNECTOR (fc_connector_get_type ())

G_DECLARE_DERIVABLE_TYPE (FcConnector, fc_connector, FC, CONNECTOR, GObject)

/* A connector speaks one provider's API for one connection. fc_connector_new () picks the
 * subclass for the connection's provider (src/providers/fc-providers.c holds the table).
 * Everything runs on the thread-default main context of the caller.
 *
 * Object types are the provider's own names ("contacts", "persons"); field names are the
 * connector's flattened names (see FcRecord). Writes take FcRecords whose fields are the values
 * to set (an absent field is left alone, a null one is cleared); update and delete use the
 * records' or the given ids. Batch writes never fail as a whole for one bad record: the result
 * array has one FcWriteResult per input, in input order. They fail as a whole (GError) only
 * when nothing could be written (no token, provider unreachable, ...). */
FcConnector  *fc_connector_new                       (FcConnection        *connection,
                                                      FcAuth              *auth,
                                                      GError             **error);

FcConnection *fc_connector_get_connection            (FcConnector         *self);
FcProvider    fc_connector_get_provider              (FcConnector         *self);
FcAuth       *fc_connector_get_auth                  (FcConnector         *self);
/* The HTTP client, to tune timeouts and retries. */
FcHttp       *fc_connector_get_http                  (FcConnector         *self);

/* Real time: whether the provider pushes changes as webhooks (see fc_connector_parse_webhook),
 * and, for a provider that cannot push them to a desktop app, how many seconds apart to poll for
 * changes while a mapping's real-time sync is on (0: the connector offers no such polling). */
gboolean      fc_connector_get_receives_webhooks      (FcConnector         *self);
guint         fc_connector_get_realtime_poll_interval (FcConnector         *self);
/* Whether a listing of changes may miss records changed in the last seconds before it (it reads
 * a search index that lags the provider's writes). When it does not, a record absent from a
 * listing of the changes since a time did not change between that time and the listing. */
gboolean      fc_connector_get_listing_lags           (FcConnector         *self);

/* (transfer full) A NULL-terminated array of object type names. */
void          fc_connector_list_object_types_async   (FcConnector         *self,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
GStrv         fc_connector_list_object_types_finish  (FcConnector         *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

/* (transfer full) A GListModel of FcFieldInfo, in the provider's order, fresh from the
 * provider. The connector also keeps the last catalogue it read of each object type for its
 * own use (custom fields by label, read-only fields left out of writes). */
void          fc_connector_list_fields_async         (FcConnector         *self,
                                                      const char          *object_type,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
GListModel   *fc_connector_list_fields_finish        (FcConnector         *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

/* Listing, reading and finding take @fields, the fields the caller will read of the records
 * (NULL-terminated; NULL: every field of the catalogue). It holds for that call only: the
 * connector is shared by every mapping, the webhook listener and the GUI, and their calls may
 * overlap. Providers that return only what is asked (HubSpot properties, Salesforce SOQL and
 * retrieves) ask for those fields and those the connector itself needs (id, modified time,
 * deletion, and the field a find looks up); the records may hold other fields besides, but
 * never lack one asked for that the record has. The connector copies what it keeps: @fields
 * need not outlive the call. */

/* One page of the records modified at or after @since_cursor (NULL: all records), oldest
 * first. Pass the page token of the previous page (NULL for the first) and the same cursor;
 * the listing ends with a page whose next page token is NULL. See FcRecordPage for the
 * cursor's format. A record modified during the listing may appear twice. */
void          fc_connector_list_changed_async        (FcConnector         *self,
                                                      const char          *object_type,
                                                      const char          *since_cursor,
                                                      const char          *page_token,
                                                      const char * const  *fields,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
FcRecordPage *fc_connector_list_changed_finish       (FcConnector         *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

/* (element-type FcRecord) The records of @ids that exist, in the order of @ids; missing ids
 * are left out. */
void          fc_connector_read_records_async        (FcConnector         *self,
                                                      const char          *object_type,
                                                      const char * const  *ids,
                                                      const char * const  *fields,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
GPtrArray    *fc_connector_read_records_finish       (FcConnector         *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

/* (element-type FcRecord) The records whose @field equals @value exactly (case-insensitively
 * for emails), at most 100: the matching step asks for a key such as an email and parks the
 * record when more than one comes back. */
void          fc_connector_find_records_async        (FcConnector         *self,
                                                      const char          *object_type,
                                                      const char          *field,
                                                      const char          *value,
                                                      const char * const  *fields,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
GPtrArray    *fc_connector_find_records_finish       (FcConnector         *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

/* (element-type FcRecord) @records: the values of the records to create (their ids are
 * ignored). Results carry the new ids. */
void          fc_connector_create_records_async      (FcConnector         *self,
                                                      const char          *object_type,
                                                      GPtrArray           *records,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
/* (element-type FcRecord) @records: the id and the values to set of each record. */
void          fc_connector_update_records_async      (FcConnector         *self,
                                                      const char          *object_type,
                                                      GPtrArray           *records,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
/* Creates or updates by a unique field (HubSpot: email for contacts); results say which with
 * fc_write_result_get_created (). UNSUPPORTED where the provider has no upsert. */
void          fc_connector_upsert_records_async      (FcConnector         *self,
                                                      const char          *object_type,
                                                      const char          *id_field,
                                                      GPtrArray           *records,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
void          fc_connector_delete_records_async      (FcConnector         *self,
                                                      const char          *object_type,
                                                      const char * const  *ids,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
/* (element-type FcWriteResult) The result of any of the four writes above. */
GPtrArray    *fc_connector_write_finish              (FcConnector         *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

/* The account behind the token: its name and id (HubSpot hub domain or portal, and hub id;
 * Pipedrive company name and id). */
void          fc_connector_discover_account_async    (FcConnector         *self,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean      fc_connector_discover_account_finish   (FcConnector         *self,
                                                      GAsyncResult        *result,
                                                      char               **out_name,
                                                      char               **out_id,
                                                      GError             **error);

/* Verifies an inbound webhook with @secret (HubSpot: the app's client secret; Pipedrive:
 * "user:password" of the webhook's HTTP Basic credentials) and reads its events.
 * @url is the full URL the provider called (scheme, host, path and query). Verification
 * failures are SIGNATURE errors; a verified body that cannot be read is INVALID_WEBHOOK.
 * (element-type FcWebhookEvent) Events of object types the connector does not sync are left
 * out, so the array may be empty. */
GPtrArray    *fc_connector_parse_webhook             (FcConnector         *self,
                                                      const char          *method,
                                                      const char          *url,
                                                      SoupMessageHeaders  *headers,
                                                      GBytes              *body,
                                                      const char          *secret,
                                                      GError             **error);

G_END_DECLS
