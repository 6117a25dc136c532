/* fc-test-sim-http.c: one HTTP request to the provider simulator and its answer
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-test"

#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "fc-test-sim-http.h"

void
fc_test_reply_free (FcTestReply *reply)
{
  g_clear_pointer (&reply->headers, soup_message_headers_unref);
  g_free (reply->body);
  g_clear_pointer (&reply->json, json_node_unref);
  g_clear_error (&reply->error);
  g_free (reply);
}

FcTestReply *
fc_test_send (SoupSession *session,
              const char  *base,
              const char  *method,
              const char  *path,
              const char  *content_type,
              const char  *body,
              ...)
{
  g_autofree char *url = g_str_has_prefix (path, "http") ? g_strdup (path)
                                                          : g_strconcat (base, path, NULL);
  g_autoptr (SoupMessage) message = soup_message_new (method, url);
  g_autoptr (GBytes) bytes = NULL;
  FcTestReply *reply = g_new0 (FcTestReply, 1);
  const char *name;
  va_list args;

  g_assert_nonnull (message);
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
  va_start (args, body);
  while ((name = va_arg (args, const char *)) != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (message), name,
                                  va_arg (args, const char *));
  va_end (args);
  if (body != NULL)
    {
      g_autoptr (GBytes) request = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (message,
                                                content_type != NULL ? content_type
                                                                     : "application/json",
                                                request);
    }

  bytes = soup_session_send_and_read (session, message, NULL, &reply->error);
  if (bytes == NULL)
    return reply;

  reply->status = soup_message_get_status (message);
  reply->headers = soup_message_headers_ref (soup_message_get_response_headers (message));
  reply->body = g_bytes_get_size (bytes) > 0
                ? g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes))
                : g_strdup ("");
  if (reply->body[0] == '{' || reply->body[0] == '[')
    reply->json = json_from_string (reply->body, NULL);
  return reply;
}

void
fc_test_sim_set_up (FcTestSim *fixture,
                    guint32    seed,
                    ...)
{
  g_autoptr (GError) error = NULL;
  const char *provider;
  va_list args;

  fixture->sim = fc_sim_new ();
  fc_sim_set_seed (fixture->sim, seed);
  g_assert_true (fc_sim_start_in_thread (fixture->sim, 0, &error));
  g_assert_no_error (error);
  va_start (args, seed);
  while ((provider = va_arg (args, const char *)) != NULL)
    {
      const char *token = va_arg (args, const char *);

      g_assert_true (fc_sim_add_static_token (fixture->sim, provider, token, &error));
      g_assert_no_error (error);
    }
  va_end (args);
  fc_sim_set_rate_limits_enabled (fixture->sim, NULL, FALSE);

  fixture->session = soup_session_new ();
  fixture->base = g_strdup (fc_sim_get_base_url (fixture->sim));
  g_assert_true (g_str_has_prefix (fixture->base, "http://127.0.0.1:"));
}

void
fc_test_sim_tear_down (FcTestSim *fixture)
{
  g_clear_object (&fixture->session);
  fc_sim_stop (fixture->sim);
  g_assert_finalize_object (fixture->sim);
  g_free (fixture->base);
}
