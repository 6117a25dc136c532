/* fuzz-oauth-redirect.c: the query of the loopback OAuth redirect
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: what the browser puts after "GET /oauth/callback" (a query, or any path and query).
 * It goes through what the listener does with it: GUri parses the request target as libsoup's
 * server does, soup_form_decode () reads the query, then _fc_auth_read_redirect () decides.
 * Checks: a code is accepted only with the exact state this flow sent.
 */

#define G_LOG_DOMAIN "fc-fuzz"

#include "config.h"

#include "fc-auth-private.h"
#include "fc-fuzz.h"

#define EXPECTED_STATE "c3RhdGUtZnV6ei1leHBlY3RlZC0xMjM0NTY3ODkwYWJjZA"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *target = NULL;
  g_autofree char *address = NULL;
  g_autofree char *code = NULL;
  g_autoptr (GUri) uri = NULL;
  g_autoptr (GHashTable) query = NULL;
  g_autoptr (GError) error = NULL;
  gboolean accepted;

  fc_fuzz_init ();
  target = fc_fuzz_dup_string (data, size);
  address = g_strconcat ("http://127.0.0.1:49152" FC_AUTH_CALLBACK_PATH, target, NULL);
  uri = g_uri_parse (address, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri != NULL && g_uri_get_query (uri) != NULL)
    query = soup_form_decode (g_uri_get_query (uri));

  accepted = _fc_auth_read_redirect ("HubSpot", EXPECTED_STATE, query, &code, &error);
  g_assert (accepted == (error == NULL));
  if (accepted)
    {
      g_assert (query != NULL);
      g_assert (g_strcmp0 (g_hash_table_lookup (query, "state"), EXPECTED_STATE) == 0);
      g_assert (code != NULL && *code != '\0');
    }
  else
    {
      g_assert (code == NULL);
      g_assert (error->domain == FC_AUTH_ERROR);
    }
  return 0;
}
