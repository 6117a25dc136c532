/* fc-salesforce-connector-private.h: what the Salesforce connector's files share
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fc-connector-private.h"
#include "fc-salesforce-connector.h"

G_BEGIN_DECLS

G_DECLARE_FINAL_TYPE (FcSalesforceConnector, fc_salesforce_connector, FC, SALESFORCE_CONNECTOR,
                      FcConnector)

#define FC_SALESFORCE_DATA_PATH "/services/data/" FC_SALESFORCE_API_VERSION

/* Query pages as large as Salesforce allows (it may send fewer). */
#define FC_SALESFORCE_QUERY_BATCH_SIZE 2000

/* Every call goes through here: it refuses to send once the daily allocation is down to the
 * reserve, reads Sforce-Limit-Info from every answer, and turns Salesforce's error codes into
 * FC_CONNECTOR_ERROR codes (REQUEST_LIMIT_EXCEEDED -> RATE_LIMITED, INVALID_FIELD ->
 * VALIDATION, ...). @headers as in fc_http_request_with_headers_async (). */
void         _fc_salesforce_request_async      (FcSalesforceConnector *self,
                                                const char            *method,
                                                const char            *path,
                                                const char * const    *headers,
                                                JsonNode              *body,
                                                FcHttpFlags            flags,
                                                const char            *what,
                                                GCancellable          *cancellable,
                                                GAsyncReadyCallback    callback,
                                                gpointer               user_data);
/* The answer's JSON (NULL for an empty body); @out_status and @out_code (Salesforce's
 * errorCode) also on failure. */
JsonNode    *_fc_salesforce_request_finish     (FcSalesforceConnector *self,
                                                GAsyncResult          *result,
                                                guint                 *out_status,
                                                char                 **out_code,
                                                GError               **error);

/* A GET of the query endpoint for @soql (or a nextRecordsUrl when @soql starts with '/'),
 * with the batch size header; @all_rows asks queryAll, which also returns the records in the
 * recycle bin (IsDeleted). */
void         _fc_salesforce_query_async        (FcSalesforceConnector *self,
                                                const char            *soql,
                                                gboolean               all_rows,
                                                const char            *what,
                                                GCancellable          *cancellable,
                                                GAsyncReadyCallback    callback,
                                                gpointer               user_data);

/* An sObject id as Salesforce writes them: 15 or 18 letters and digits. */
gboolean     _fc_salesforce_is_id              (const char            *id);

/* What describe says about writing a field, kept on each FcFieldInfo of the catalogue. */
gboolean     _fc_salesforce_field_createable   (FcFieldInfo           *info);
gboolean     _fc_salesforce_field_updateable   (FcFieldInfo           *info);

/* The fields to read: Id, SystemModstamp and IsDeleted always, and the fields of the
 * catalogue @fields that a query can return as a flat value (compound address and location
 * fields, and base64 blobs, are left out): all of them when @wanted is NULL, else those named
 * by @wanted or @also (the field a find looks up; may be NULL). (transfer full) */
GStrv        _fc_salesforce_fields_to_read     (const char * const    *wanted,
                                                const char            *also,
                                                GListModel            *fields);

/* The SOQL literal of @value for a field of describe type @type (NULL: text): numbers,
 * booleans, dates and date-times unquoted and checked, everything else quoted. NULL with a
 * VALIDATION error when @value does not fit the type. */
char        *_fc_salesforce_soql_literal       (const char            *type,
                                                const char            *value,
                                                GError               **error);

/* fc-salesforce-query.c: the reading vfuncs */
void         _fc_salesforce_list_changed       (FcConnector           *connector,
                                                const char            *object_type,
                                                const char            *since_cursor,
                                                const char            *page_token,
                                                const char * const    *fields,
                                                GTask                 *task);
void         _fc_salesforce_read_records       (FcConnector           *connector,
                                                const char            *object_type,
                                                const char * const    *ids,
                                                const char * const    *fields,
                                                GTask                 *task);
void         _fc_salesforce_find_records       (FcConnector           *connector,
                                                const char            *object_type,
                                                const char            *field,
                                                const char            *value,
                                                const char * const    *fields,
                                                GTask                 *task);

/* fc-salesforce-writes.c: sObject Collections; @operation is "create", "update" or "upsert" */
void         _fc_salesforce_write_records      (FcSalesforceConnector *self,
                                                const char            *object_type,
                                                const char            *operation,
                                                const char            *id_field,
                                                GPtrArray             *records,
                                                GTask                 *task);
void         _fc_salesforce_delete_records     (FcSalesforceConnector *self,
                                                const char            *object_type,
                                                const char * const    *ids,
                                                GTask                 *task);

/* The readers of Salesforce's answers, without a request (for the fuzz targets and tests):
 * a query page as a listing of @object_type since @since_ms reads it (NULL with BAD_RESPONSE);
 * the catalogue of describe's fields[]; and the results of a sObject Collections call for
 * @records, in their order (@operation as above, or "delete"). */
FcRecordPage *_fc_salesforce_page_from_answer      (const char            *object_type,
                                                    const char            *what,
                                                    GListModel            *fields,
                                                    gint64                 since_ms,
                                                    gint64                 resume_ms,
                                                    JsonNode              *root,
                                                    GError               **error);
GListStore   *_fc_salesforce_catalogue_from_fields (JsonArray             *fields);
GPtrArray    *_fc_salesforce_read_write_results    (const char            *object_type,
                                                    const char            *operation,
                                                    GPtrArray             *records,
                                                    JsonNode              *root);

G_END_DECLS
