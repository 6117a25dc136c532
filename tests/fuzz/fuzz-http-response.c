/* fuzz-http-response.c: an HTTP answer's status line, headers and body through what FcHttp
 * and the connectors read of them
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: one byte choosing the provider (bits 0-1); then the response head as it comes off the
 * wire (status line and header lines, up to the first empty line), read by libsoup's own
 * soup_headers_parse_response (); then the body. Without any network it goes through:
 * - the Date header kept as the cursor anchor (_fc_http_date_ms ());
 * - the rate-limit headers (X-HubSpot-RateLimit-*, x-ratelimit-*) correcting an FcRateLimiter,
 *   which must then still answer how long to wait with a wait that is not negative;
 * - Retry-After (seconds or an HTTP date) and x-ratelimit-reset for a 429;
 * - Salesforce's Sforce-Limit-Info (fc_salesforce_parse_limit_info ());
 * - the body as FcHttp returns it for a 2xx (_fc_http_parse_body ()), or the provider's error
 *   body turned into a GError for anything else (_fc_http_error_from_body ()), with the error
 *   code mapped as the Salesforce connector maps it.
 * FcHttp reads no Content-Type or charset: every body is taken as UTF-8 JSON.
 */

#define G_LOG_DOMAIN "fc-fuzz"

#include "config.h"

#include <libsoup/soup.h>

#include "fc-connector.h"
#include "fc-http-private.h"
#include "fc-salesforce-connector.h"
#include "fc-fuzz.h"

#define WHAT "Reading fuzzed records"

/* The head ends at the first empty line ("\n\n" or "\r\n\r\n"); -1 when there is none. */
static gssize
find_head_end (const uint8_t *data,
               size_t         size,
               size_t        *out_body)
{
  for (size_t i = 0; i + 1 < size; i++)
    {
      if (data[i] != '\n')
        continue;
      if (data[i + 1] == '\n')
        {
          *out_body = i + 2;
          return (gssize) i + 1;
        }
      if (data[i + 1] == '\r' && i + 2 < size && data[i + 2] == '\n')
        {
          *out_body = i + 3;
          return (gssize) i + 1;
        }
    }
  return -1;
}

static void
read_rate_headers (SoupMessageHeaders *headers)
{
  g_autoptr (FcRateLimiter) limiter = fc_rate_limiter_new (100, 10000);
  gint64 now = 1000000000000;
  gint64 wait;

  _fc_http_observe_rate_headers (limiter, headers, now);
  wait = fc_rate_limiter_reserve (limiter, now);
  g_assert_cmpint (wait, >=, 0);
  if (wait == 0)
    g_assert_cmpuint (fc_rate_limiter_count_in_window (limiter, now), >=, 1);
  g_assert_cmpuint (fc_rate_limiter_get_max_requests (limiter), >, 0);
}

static void
read_body (FcProvider  provider,
           guint       status,
           GBytes     *body)
{
  const char *name = fc_provider_get_display_name (provider);
  gsize size = 0;
  const char *data = g_bytes_get_data (body, &size);
  g_autoptr (GError) error = NULL;
  g_autofree char *code = NULL;

  if (status >= 200 && status < 300)
    {
      g_autoptr (JsonNode) root = _fc_http_parse_body (name, WHAT, status, data, size, &error);

      g_assert (root == NULL || error == NULL);
      g_assert (error == NULL || g_error_matches (error, FC_CONNECTOR_ERROR,
                                                  FC_CONNECTOR_ERROR_BAD_RESPONSE));
      return;
    }

  error = _fc_http_error_from_body (name, WHAT, status, body, &code);
  g_assert (error != NULL && error->domain == FC_CONNECTOR_ERROR);
  g_assert (g_str_has_prefix (error->message, WHAT ": "));
  g_assert (g_utf8_validate (error->message, -1, NULL));
  if (code != NULL)
    g_assert (*code != '\0');
  if (provider == FC_PROVIDER_SALESFORCE)
    g_assert_cmpint (fc_salesforce_error_code_for (code), >=, -1);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr (SoupMessageHeaders) headers = NULL;
  g_autoptr (GBytes) body = NULL;
  g_autofree char *head = NULL;
  g_autofree char *reason = NULL;
  FcProvider provider;
  SoupHTTPVersion version;
  guint status = 0;
  size_t body_offset = 0;
  gssize head_length;
  gint64 used = -1, max = -1;
  gint64 delay;

  fc_fuzz_init ();
  if (size < 1)
    return 0;
  provider = (FcProvider) (data[0] & 3);
  head_length = find_head_end (data + 1, size - 1, &body_offset);
  if (head_length < 0)
    return 0;

  head = g_strndup ((const char *) data + 1, head_length);
  headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  if (!soup_headers_parse_response (head, (int) strlen (head), headers, &version, &status,
                                    &reason))
    return 0;
  body = g_bytes_new (data + 1 + body_offset, size - 1 - body_offset);

  (void) _fc_http_date_ms (headers);
  read_rate_headers (headers);
  delay = _fc_http_rate_limit_delay_ms (headers);
  g_assert_cmpint (delay, >=, -1);
  if (fc_salesforce_parse_limit_info (soup_message_headers_get_one (headers,
                                                                    "Sforce-Limit-Info"),
                                      &used, &max))
    g_assert (used >= 0 && max >= 0);

  read_body (provider, status, body);
  return 0;
}
