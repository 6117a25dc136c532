/* fc-salesforce-connector.h: Salesforce REST (Contact, Account, Opportunity, Lead)
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fc-connector.h"

G_BEGIN_DECLS

/* The one REST API version every path uses ("/services/data/v62.0/..."). */
#define FC_SALESFORCE_API_VERSION "v62.0"

/* Login hosts: a connection's auth base URL override picks one (see
 * fc_salesforce_login_url_for_host ()); none means production. */
#define FC_SALESFORCE_PRODUCTION_LOGIN_URL "https://login.salesforce.com"
#define FC_SALESFORCE_SANDBOX_LOGIN_URL    "https://test.salesforce.com"

/* Salesforce cannot push changes to a desktop app (Change Data Capture needs gRPC, Outbound
 * Messages a public endpoint), so real-time sync polls this many seconds apart. */
#define FC_SALESFORCE_REALTIME_POLL_SECONDS 60

/* sObject Collections take at most this many records or ids per call. */
#define FC_SALESFORCE_COLLECTION_SIZE 200

/* What is kept back of the org's daily API allocation for other apps and the user: the larger
 * of a share of the allocation and a number of calls. */
#define FC_SALESFORCE_DEFAULT_RESERVE_PERCENT 5
#define FC_SALESFORCE_DEFAULT_RESERVE_CALLS   200

#define FC_TYPE_SALESFORCE_CONNECTOR (fc_salesforce_connector_get_type ())

/* The class is only created through fc_connector_new (); its structures are private
 * (fc-salesforce-connector-private.h). */
GType      fc_salesforce_connector_get_type        (void) G_GNUC_CONST;

/* The org's API usage as the last answer's Sforce-Limit-Info header gave it: calls used in the
 * last 24 hours and the daily allocation; -1 for both before the first answer. */
void       fc_salesforce_connector_get_api_usage   (FcConnector   *self,
                                                    gint64        *out_used,
                                                    gint64        *out_max);
/* How much of the allocation the connector leaves unused: it refuses to send (RATE_LIMITED)
 * once no more than MAX (@percent of the allocation, @calls) calls remain. */
void       fc_salesforce_connector_set_api_reserve (FcConnector   *self,
                                                    guint          percent,
                                                    guint          calls);

/* The auth base URL for a login host as a user names it: NULL, "", "production" or "login"
 * for login.salesforce.com; "sandbox" or "test" for test.salesforce.com; a My Domain name
 * ("acme", "acme.my.salesforce.com", "https://acme--uat.sandbox.my.salesforce.com/"); or any
 * http(s) URL of a login host. VALIDATION error for anything else. */
char      *fc_salesforce_login_url_for_host        (const char    *host,
                                                    GError       **error);

/* "Sforce-Limit-Info: api-usage=18/15000; per-app-api-usage=..." -> 18 and 15000. */
gboolean   fc_salesforce_parse_limit_info          (const char    *header,
                                                    gint64        *out_used,
                                                    gint64        *out_max);

/* A SOQL string literal: quotes around @value, with backslash, quote and control characters
 * escaped the way SOQL reads them ("O'Brien" -> 'O\'Brien'). */
char      *fc_salesforce_soql_quote                (const char    *value);
/* TRUE for a field name SOQL can take as it is: API names and relationship paths
 * ("Email", "Ext_Id__c", "Account.Name"). */
gboolean   fc_salesforce_is_field_name             (const char    *name);
/* The incremental listing query: @fields of @object_type (Id and SystemModstamp added when
 * missing) modified at or after @since_ms (whole seconds, rounded down; -1: all), oldest first. */
char      *fc_salesforce_build_changed_query       (const char    *object_type,
                                                    const char * const *fields,
                                                    gint64         since_ms);

/* Salesforce date-times ("2013-05-20T20:49:32.000+0000") as ISO 8601 UTC with milliseconds
 * ("2013-05-20T20:49:32.000Z"); NULL for text that is not a date-time with a zone. */
char      *fc_salesforce_normalize_datetime        (const char    *text);

/* An sObject of a query or retrieve answer as an FcRecord: the attributes member dropped,
 * related records flattened ("Account.Name"), date-times normalised (fields whose @fields
 * type is datetime, and fields not in @fields that look like one), numbers, booleans and nulls
 * kept; modified time from SystemModstamp, archived from IsDeleted. NULL without an Id. */
FcRecord  *fc_salesforce_record_from_json          (const char    *object_type,
                                                    JsonObject    *object,
                                                    GListModel    *fields);

/* The FC_CONNECTOR_ERROR code for a Salesforce errorCode / statusCode ("INVALID_FIELD" ->
 * VALIDATION), or -1 when the code says nothing beyond the HTTP status. */
int        fc_salesforce_error_code_for            (const char    *provider_code);

G_END_DECLS
