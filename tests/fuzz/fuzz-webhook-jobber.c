/* fuzz-webhook-jobber.c: Jobber webhook deliveries through fc_connector_parse_webhook ()
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: one flag byte, then a line, then the body. Flag bit 0: sign the body with the known
 * client secret (so that the event parser is reached); otherwise the line is the value of
 * X-Jobber-Hmac-SHA256. Each run gets its own connection and connector: an APP_DISCONNECT
 * event for the connection's account marks the connection's grant as revoked, and that must not
 * carry over to the next run.
 */

#define G_LOG_DOMAIN "fc-fuzz"

#include "config.h"

#define FC_FUZZ_WEBHOOK_EVENTS

#include "fc-connector.h"
#include "fc-jobber-connector.h"
#include "fc-fuzz.h"

#define SECRET "fuzz-jobber-secret-77aa"
#define ACCOUNT_ID "Z2lkOi8vSm9iYmVyL0FjY291bnQvMTIz"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr (SoupMessageHeaders) headers = NULL;
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GPtrArray) events = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (FcConnection) connection = NULL;
  g_autoptr (FcSecrets) secrets = NULL;
  g_autoptr (FcAuth) auth = NULL;
  g_autoptr (FcConnector) connector = NULL;
  g_autofree char *line = NULL;
  g_autofree char *signature = NULL;
  gboolean sign;

  fc_fuzz_init ();
  if (size < 1)
    return 0;
  sign = (data[0] & 1) != 0;

  connection = fc_connection_new (FC_PROVIDER_JOBBER);
  fc_connection_set_account_id (connection, ACCOUNT_ID);
  secrets = fc_secrets_new ();
  auth = fc_auth_new (secrets);
  connector = fc_connector_new (connection, auth, NULL);
  g_assert (connector != NULL);

  line = fc_fuzz_split_line (data + 1, size - 1, &body);
  g_strdelimit (line, "\r", ' ');
  headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  if (sign)
    {
      signature = fc_jobber_webhook_signature (SECRET, body);
      soup_message_headers_append (headers, "X-Jobber-Hmac-SHA256", signature);
    }
  else if (*line != '\0')
    soup_message_headers_append (headers, "X-Jobber-Hmac-SHA256", line);

  events = fc_connector_parse_webhook (connector, "POST", "https://fc.example/webhooks/jobber",
                                       headers, body, SECRET, &error);
  g_assert ((events == NULL) != (error == NULL));
  fc_fuzz_check_events (events);
  if (sign && error != NULL)
    g_assert (!g_error_matches (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_SIGNATURE));
  return 0;
}
