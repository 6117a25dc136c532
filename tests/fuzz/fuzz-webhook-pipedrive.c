/* fuzz-webhook-pipedrive.c: Pipedrive webhook deliveries through fc_connector_parse_webhook ()
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: one flag byte, then a line, then the body. Flag bit 0: send the right HTTP Basic
 * credentials (so that the event parser is reached); otherwise the line is the whole
 * Authorization header value.
 */

#define G_LOG_DOMAIN "fc-fuzz"

#include "config.h"

#define FC_FUZZ_WEBHOOK_EVENTS

#include "fc-connector.h"
#include "fc-fuzz.h"

#define SECRET "fuzz-user:fuzz-password-5c1e"

static FcConnector *
get_connector (void)
{
  return fc_fuzz_webhook_connector (FC_PROVIDER_PIPEDRIVE);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr (SoupMessageHeaders) headers = NULL;
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GPtrArray) events = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *encoded = NULL;
  g_autofree char *authorization = NULL;
  gboolean sign;

  fc_fuzz_init ();
  if (size < 1)
    return 0;
  sign = (data[0] & 1) != 0;

  line = fc_fuzz_split_line (data + 1, size - 1, &body);
  g_strdelimit (line, "\r", ' ');
  headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  if (sign)
    {
      encoded = g_base64_encode ((const guchar *) SECRET, strlen (SECRET));
      authorization = g_strconcat ("Basic ", encoded, NULL);
      soup_message_headers_append (headers, "Authorization", authorization);
    }
  else if (*line != '\0')
    soup_message_headers_append (headers, "Authorization", line);

  events = fc_connector_parse_webhook (get_connector (), "POST",
                                       "https://fc.example/webhooks/pipedrive", headers, body,
                                       SECRET, &error);
  g_assert ((events == NULL) != (error == NULL));
  fc_fuzz_check_events (events);
  if (sign && error != NULL)
    g_assert (!g_error_matches (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_SIGNATURE));
  return 0;
}
