/* fuzz-token-response.c: token endpoint answers through _fc_auth_parse_token_response ()
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: one byte choosing the provider (bits 0-1), whether a previous token is refreshed
 * (bit 2), whether the answer must carry Salesforce's identity signature (bit 3) and the HTTP
 * status (bits 4-6); the rest is the body. Checks, besides memory safety: an error message
 * never repeats a secret sent in the request, and a token survives the keyring round trip
 * (serialize, then deserialize).
 */

#define G_LOG_DOMAIN "fc-fuzz"

#include "config.h"

#include "fc-auth-private.h"
#include "fc-provider-info.h"
#include "fc-fuzz.h"

#define CLIENT_ID "fuzz-client-id"
#define CLIENT_SECRET "fuzz-client-secret-93d0"
#define REFRESH_TOKEN "fuzz-refresh-token-41ee"
#define CODE "fuzz-code-0c7a"

static const guint statuses[] = { 200, 201, 400, 401, 403, 429, 500, 302 };

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *secrets[] = { CLIENT_SECRET, REFRESH_TOKEN, CODE, NULL };
  FcAuthClient client = { (char *) CLIENT_ID, (char *) CLIENT_SECRET, FALSE };
  const FcProviderInfo *info;
  g_autoptr (FcToken) previous = NULL;
  g_autoptr (FcToken) token = NULL;
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GError) error = NULL;
  guint8 flags;

  fc_fuzz_init ();
  if (size < 1)
    return 0;
  flags = data[0];
  info = fc_provider_info_get ((FcProvider) (flags & 3));
  if ((flags & 4) != 0)
    previous = fc_token_new_oauth ("old-access", REFRESH_TOKEN, "bearer", NULL, 0);
  body = g_bytes_new (data + 1, size - 1);

  token = _fc_auth_parse_token_response (info, statuses[(flags >> 4) & 7], body, &client,
                                         previous, (flags & 8) != 0, secrets, &error);
  g_assert ((token == NULL) != (error == NULL));
  if (error != NULL)
    {
      for (guint i = 0; secrets[i] != NULL; i++)
        g_assert (strstr (error->message, secrets[i]) == NULL);
    }
  else
    {
      g_autofree char *blob = fc_token_serialize (token);
      g_autoptr (FcToken) copy = NULL;
      g_autoptr (GError) read_error = NULL;

      g_assert (fc_token_get_access_token (token) != NULL);
      copy = fc_token_deserialize (blob, &read_error);
      g_assert (copy != NULL);
      g_assert (g_strcmp0 (fc_token_get_access_token (copy),
                           fc_token_get_access_token (token)) == 0);
      g_assert (g_strcmp0 (fc_token_get_refresh_token (copy),
                           fc_token_get_refresh_token (token)) == 0);
      g_assert (fc_token_get_expires_at (copy) == fc_token_get_expires_at (token));
    }
  return 0;
}
