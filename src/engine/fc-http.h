/* fc-http.h: a connection's HTTP client: tokens, rate limits, retries and provider errors
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "fc-auth.h"
#include "fc-connection.h"
#include "fc-json-scan.h"
#include "fc-rate-limiter.h"

G_BEGIN_DECLS

/* One FcHttp serves one connection (it is owned by the connection's connector) and wraps one
 * SoupSession. A request names a path below the connection's API base (the connection's
 * override, the environment, the token's api_domain, or the provider's default: see
 * fc_provider_resolve_account_api_url ()) and goes through these steps:
 *
 * 1. a token from FcAuth, sent the way the provider wants it (Authorization: Bearer, or
 *    x-api-token for a Pipedrive personal token);
 * 2. a slot from the request's FcRateLimiter (waiting on the main loop when the budget is
 *    spent), which every response's rate-limit headers correct (X-HubSpot-RateLimit-*,
 *    x-ratelimit-*);
 * 3. on a 401, one more token with force_refresh and one more try, then an AUTH error;
 * 4. on a 429, a wait of Retry-After (or the provider's reset time, or a backoff) and another
 *    try, up to max-rate-limit-retries times, and never a single wait longer than
 *    max-rate-limit-wait (a daily budget is not waited out: RATE_LIMITED at once);
 * 5. on a 5xx, a connection failure or a timeout, exponential backoff with jitter and another
 *    try, up to max-attempts tries in all. A request flagged NOT_IDEMPOTENT (a create) is only
 *    tried again when it certainly did not reach the provider (refused connection, 429);
 * 6. any other failure becomes a GError in FC_CONNECTOR_ERROR whose message keeps the
 *    provider's own message, code or category and correlation id, and never a token.
 *
 * All waiting is done with timeouts on the thread-default main context.
 *
 * Signal got-response (guint status, SoupMessageHeaders *headers): every HTTP answer, each try
 * included, before FcHttp acts on it; for connectors that read headers FcHttp itself does not
 * (Salesforce's Sforce-Limit-Info). */

typedef enum {
  FC_HTTP_FLAG_NONE           = 0,
  FC_HTTP_FLAG_NOT_IDEMPOTENT = 1 << 0, /* the request must not be sent twice (a create) */
  FC_HTTP_FLAG_SECRET_PATH    = 1 << 1, /* the path holds a secret: never log it */
  FC_HTTP_FLAG_NO_RATE_HEADERS = 1 << 2, /* the response's rate-limit headers describe another
                                         * budget than the request's limiter */
  FC_HTTP_FLAG_ABSOLUTE_URL   = 1 << 3, /* the path is a whole http(s) URL that the provider
                                         * gave with the token (Salesforce's identity URL);
                                         * the token is sent to it */
} FcHttpFlags;

#define FC_HTTP_DEFAULT_TIMEOUT_SECONDS        30
#define FC_HTTP_DEFAULT_MAX_ATTEMPTS           4
#define FC_HTTP_DEFAULT_BACKOFF_MS             500
#define FC_HTTP_DEFAULT_MAX_BACKOFF_MS         8000
#define FC_HTTP_DEFAULT_MAX_RATE_LIMIT_RETRIES 6
#define FC_HTTP_DEFAULT_MAX_RATE_LIMIT_WAIT_MS 60000

#define FC_TYPE_HTTP (fc_http_get_type ())

G_DECLARE_FINAL_TYPE (FcHttp, fc_http, FC, HTTP, GObject)

FcHttp        *fc_http_new                      (FcConnection   *connection,
                                                 FcAuth         *auth);

FcConnection  *fc_http_get_connection           (FcHttp         *self);
FcAuth        *fc_http_get_auth                 (FcHttp         *self);

/* Seconds without progress on the connection before a request fails (and may be retried). */
guint          fc_http_get_timeout              (FcHttp         *self);
void           fc_http_set_timeout              (FcHttp         *self,
                                                 guint           seconds);
/* Tries in all for 5xx, connection failures and timeouts (1 means no retry); the first
 * backoff delay, doubled each time up to @max_backoff_ms, with up to 25 % jitter. */
void           fc_http_set_retry_policy         (FcHttp         *self,
                                                 guint           max_attempts,
                                                 guint           backoff_ms,
                                                 guint           max_backoff_ms);
void           fc_http_set_rate_limit_policy    (FcHttp         *self,
                                                 guint           max_retries,
                                                 guint           max_wait_ms);

/* The number of HTTP exchanges this client sent (every try counts), for tests and stats. */
guint          fc_http_get_n_sent               (FcHttp         *self);
/* The provider's clock as the Date header of the latest successful answer gave it (epoch
 * milliseconds, whole seconds), or -1 before any: listings anchor their cursors on it. */
gint64         fc_http_get_last_date_ms         (FcHttp         *self);

/* @path starts with '/' (or is a whole URL, with FC_HTTP_FLAG_ABSOLUTE_URL) and may carry a
 * query (already escaped); @body, when not NULL, is sent as JSON. @what says what the request
 * does, in words for error messages ("Listing HubSpot contacts"). @limiter may be NULL. */
void           fc_http_request_async            (FcHttp         *self,
                                                 const char     *method,
                                                 const char     *path,
                                                 JsonNode       *body,
                                                 FcRateLimiter  *limiter,
                                                 FcHttpFlags     flags,
                                                 const char     *what,
                                                 GCancellable   *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer        user_data);
/* As fc_http_request_async (), with extra request headers: @headers holds name, value, name,
 * value, ... and ends with NULL ("Sforce-Query-Options", "batchSize=2000", NULL). Finish with
 * fc_http_request_finish (). */
void           fc_http_request_with_headers_async (FcHttp       *self,
                                                 const char     *method,
                                                 const char     *path,
                                                 const char * const *headers,
                                                 JsonNode       *body,
                                                 FcRateLimiter  *limiter,
                                                 FcHttpFlags     flags,
                                                 const char     *what,
                                                 GCancellable   *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer        user_data);
/* As fc_http_request_async (), with a body already written out as JSON text (it must be
 * valid JSON): for bodies of many records, written straight into text rather than built as a
 * tree first. */
void           fc_http_request_json_text_async  (FcHttp         *self,
                                                 const char     *method,
                                                 const char     *path,
                                                 GBytes         *body,
                                                 FcRateLimiter  *limiter,
                                                 FcHttpFlags     flags,
                                                 const char     *what,
                                                 GCancellable   *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer        user_data);
/* The parsed JSON body of a 2xx answer (NULL for an empty body, as with 204), and its status.
 * On failure, @out_status still receives the last HTTP status (0 when none came) and
 * @out_provider_code the provider's error category or code when it gave one. */
JsonNode      *fc_http_request_finish           (FcHttp         *self,
                                                 GAsyncResult   *result,
                                                 guint          *out_status,
                                                 char          **out_provider_code,
                                                 GError        **error);

/* Reads an answer's body with a scan (see fc-json-scan.h), straight into what the caller makes
 * of it. It may be called twice: first over the text, and when the text is not strict JSON,
 * or the first call fails, once more over json-glib's tree of it, from the start: it must then
 * drop what the first call gathered. An empty body (or one of only white space) is a scan of
 * no value. FALSE with @error set when it fails. */
typedef gboolean (*FcHttpReadFunc) (FcJsonScan  *scan,
                                    gpointer     user_data,
                                    GError     **error);

/* As fc_http_request_finish (), with the body read by @read rather than returned as a tree:
 * TRUE when the request succeeded and @read took its answer. */
gboolean       fc_http_request_finish_read      (FcHttp         *self,
                                                 GAsyncResult   *result,
                                                 FcHttpReadFunc  read,
                                                 gpointer        user_data,
                                                 guint          *out_status,
                                                 char          **out_provider_code,
                                                 GError        **error);

/* Builds "path?name=value&..." with each value escaped; NULL values are skipped. */
char          *fc_http_build_path               (const char     *path,
                                                 const char     *first_name,
                                                 ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
