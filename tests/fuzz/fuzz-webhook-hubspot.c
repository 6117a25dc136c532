/* fuzz-webhook-hubspot.c: HubSpot webhook deliveries through fc_connector_parse_webhook ()
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: one flag byte, then a line of header values separated by spaces, then the body.
 * Flag bit 0: sign the body correctly with the known client secret (so that the event parser
 * is reached); bits 1-2: signature version (0 v1, 1 v2, 2-3 v3).
 * Unsigned, the header values are, in order: the signature, the version (v1/v2) or the request
 * timestamp (v3), and a suffix of the URL the provider called. Signed, only the URL suffix
 * (third value) is read.
 */

#define G_LOG_DOMAIN "fc-fuzz"

#include "config.h"

#define FC_FUZZ_WEBHOOK_EVENTS

#include "fc-connector.h"
#include "fc-hubspot-connector.h"
#include "fc-fuzz.h"

#define SECRET "fuzz-client-secret-1b6f"
#define METHOD "POST"
#define BASE_URL "https://fc.example/webhooks/hubspot"

static FcConnector *
get_connector (void)
{
  return fc_fuzz_webhook_connector (FC_PROVIDER_HUBSPOT);
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
  g_autofree char *url = NULL;
  g_auto (GStrv) values = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *timestamp = NULL;
  guint8 flags;
  guint version;
  guint n_values;

  fc_fuzz_init ();
  if (size < 1)
    return 0;
  flags = data[0];
  version = MIN ((flags >> 1) & 3, 2) + 1;

  line = fc_fuzz_split_line (data + 1, size - 1, &body);
  g_strdelimit (line, "\r", ' ');
  values = g_strsplit (line, " ", 3);
  n_values = g_strv_length (values);
  url = g_strconcat (BASE_URL, n_values > 2 ? values[2] : "", NULL);

  headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  if ((flags & 1) != 0)
    {
      switch (version)
        {
        case 1:
          signature = fc_hubspot_signature_v1 (SECRET, body);
          soup_message_headers_append (headers, "X-HubSpot-Signature", signature);
          break;
        case 2:
          signature = fc_hubspot_signature_v2 (SECRET, METHOD, url, body);
          soup_message_headers_append (headers, "X-HubSpot-Signature", signature);
          soup_message_headers_append (headers, "X-HubSpot-Signature-Version", "v2");
          break;
        default:
          timestamp = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / 1000);
          signature = fc_hubspot_signature_v3 (SECRET, METHOD, url, body, timestamp);
          soup_message_headers_append (headers, "X-HubSpot-Signature-v3", signature);
          soup_message_headers_append (headers, "X-HubSpot-Request-Timestamp", timestamp);
          break;
        }
    }
  else if (version < 3)
    {
      if (n_values > 0)
        soup_message_headers_append (headers, "X-HubSpot-Signature", values[0]);
      if (n_values > 1)
        soup_message_headers_append (headers, "X-HubSpot-Signature-Version", values[1]);
    }
  else
    {
      if (n_values > 0)
        soup_message_headers_append (headers, "X-HubSpot-Signature-v3", values[0]);
      if (n_values > 1)
        soup_message_headers_append (headers, "X-HubSpot-Request-Timestamp", values[1]);
    }

  events = fc_connector_parse_webhook (get_connector (), METHOD, url, headers, body, SECRET,
                                       &error);
  g_assert ((events == NULL) != (error == NULL));
  fc_fuzz_check_events (events);
  if ((flags & 1) != 0 && error != NULL)
    g_assert (!g_error_matches (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_SIGNATURE));
  return 0;
}
