/* fc-http-private.h: FcHttp's readers of answers, for the fuzz targets and tests
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each reads outside input (a response's body or headers) and nothing else, so that it can be
 * driven without a network.
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "fc-http.h"
#include "fc-rate-limiter.h"

G_BEGIN_DECLS

/* A response body as FcHttp returns it: the strict reader's tree (fc_json_scan_read_text ()),
 * else json-glib's (refused, with BAD_RESPONSE, when nested too deep for its parser or not
 * JSON); NULL without an error for an empty body or one of only white space. */
JsonNode *_fc_http_parse_body           (const char          *provider,
                                         const char          *what,
                                         guint                status,
                                         const char          *data,
                                         gsize                size,
                                         GError             **error);

/* A response body read with @read as fc_http_request_finish_read () reads it: over the strict
 * text first, else over _fc_http_parse_body ()'s tree (whose error it gives when there is one). */
gboolean  _fc_http_read_body            (const char          *provider,
                                         const char          *what,
                                         guint                status,
                                         const char          *data,
                                         gsize                size,
                                         FcHttpReadFunc       read,
                                         gpointer             user_data,
                                         GError             **error);

/* The Date header in epoch milliseconds, or -1 when there is none that reads as an HTTP date. */
gint64    _fc_http_date_ms              (SoupMessageHeaders  *headers);

/* Corrects @limiter from HubSpot's X-HubSpot-RateLimit-* or Pipedrive's x-ratelimit-*
 * headers; @now in monotonic microseconds. */
void      _fc_http_observe_rate_headers (FcRateLimiter       *limiter,
                                         SoupMessageHeaders  *headers,
                                         gint64               now);

/* Milliseconds a 429 asks to wait: Retry-After (seconds or an HTTP date), else Pipedrive's
 * x-ratelimit-reset, else -1. */
gint64    _fc_http_rate_limit_delay_ms  (SoupMessageHeaders  *headers);

/* The FC_CONNECTOR_ERROR for a failed answer: "@what: message (detail) [HTTP status, code,
 * correlation id]" from the provider's error body, or the status phrase when the body says
 * nothing; @out_code receives the provider's own error code (or NULL). */
GError   *_fc_http_error_from_body      (const char          *provider,
                                         const char          *what,
                                         guint                status,
                                         GBytes              *body,
                                         char               **out_code);

/* Keeps @body as @error's raw answer (fc_connector_error_set_raw ()) with every value of
 * @secrets blanked out as it is, percent-encoded or JSON-escaped ("[redacted]"), before it is
 * cut to size: a provider that echoes the request's token in its error does not put it in the
 * run log. Values of 3 characters or fewer are left alone. */
void      _fc_http_set_raw_error        (GError              *error,
                                         guint                status,
                                         GBytes              *body,
                                         const char * const  *secrets);

/* The session FcHttp sends with, for tests that watch its connections. */
SoupSession *_fc_http_get_session       (FcHttp              *self);

G_END_DECLS
