/* test-http.c: FcHttp's use of its connections against the provider simulator: keep-alive, and
 * concurrent requests while the provider drops connections
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fc-test-util.h"

#include <string.h>

#include <libsoup/soup.h>

#include "fc-auth.h"
#include "fc-connector.h"
#include "fc-http.h"
#include "fc-http-private.h"
#include "fc-secrets.h"
#include "fc-sim.h"

#define TOKEN "pat-na1-test-0123456789"
#define READ_WHAT "Reading the test contact"
#define SEARCH_WHAT "Searching the test contacts"

typedef struct {
  FcSim        *sim;
  FcSecrets    *secrets;
  FcAuth       *auth;
  FcConnection *connection;
  FcHttp       *http;
  char         *contact_id;
  char         *contact_path;

  /* what the session did, seen from its messages' signals */
  guint         n_connections;     /* TCP connections opened */
  guint         n_restarts;        /* libsoup's own re-sends after a connection closed */
  guint         n_restarts_reused; /* ... of them, those free to reuse an idle connection */
} Fixture;

/* A window of @concurrency requests in flight, @total in all; with @search_every > 0 every
 * such request is a POST search instead of a GET of the contact. */
typedef struct {
  Fixture *fixture;
  guint    total;
  guint    concurrency;
  guint    search_every;
  guint    started;
  guint    done;
  guint    answered;
  guint    failed;
} Load;

/* ---- watching the session -------------------------------------------------------------- */

static void
on_network_event (SoupMessage        *message,
                  GSocketClientEvent  event,
                  GIOStream          *connection,
                  gpointer            user_data)
{
  Fixture *fixture = user_data;

  if (event == G_SOCKET_CLIENT_CONNECTED)
    fixture->n_connections++;
}

/* Connected after FcHttp's own handler, so it sees the flags that one left */
static void
on_restarted (SoupMessage *message,
              gpointer     user_data)
{
  Fixture *fixture = user_data;

  if (soup_message_get_status (message) != SOUP_STATUS_NONE)
    return;
  fixture->n_restarts++;
  if (!soup_message_query_flags (message, SOUP_MESSAGE_NEW_CONNECTION))
    fixture->n_restarts_reused++;
}

static void
on_request_queued (SoupSession *session,
                   SoupMessage *message,
                   gpointer     user_data)
{
  g_signal_connect (message, "network-event", G_CALLBACK (on_network_event), user_data);
  g_signal_connect (message, "restarted", G_CALLBACK (on_restarted), user_data);
}

/* ---- fixture --------------------------------------------------------------------------- */

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *api_url = NULL;

  /* The simulator answers from a thread of its own, as a provider does from far away */
  fixture->sim = fc_sim_new ();
  fc_sim_set_seed (fixture->sim, 7);
  g_assert_true (fc_sim_start_in_thread (fixture->sim, 0, &error));
  g_assert_no_error (error);
  g_assert_true (fc_sim_add_static_token (fixture->sim, "hubspot", TOKEN, &error));
  g_assert_no_error (error);
  fc_sim_set_rate_limits_enabled (fixture->sim, "hubspot", FALSE);
  fixture->contact_id = fc_sim_seed (fixture->sim, "hubspot", "contacts",
                                     "{\"properties\":{\"email\":\"ada@example.com\"}}", &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->contact_id);
  fixture->contact_path = g_strdup_printf ("/crm/v3/objects/contacts/%s", fixture->contact_id);

  fixture->connection = fc_connection_new (FC_PROVIDER_HUBSPOT);
  api_url = fc_sim_get_api_base_url (fixture->sim, "hubspot");
  fc_connection_set_api_base_url (fixture->connection, api_url);
  fixture->secrets = fc_secrets_new ();
  fixture->auth = fc_auth_new (fixture->secrets);
  fc_test_store_static_token (fixture->auth, fixture->connection, TOKEN);

  fixture->http = fc_http_new (fixture->connection, fixture->auth);
  /* many tries with short waits: a request fails only after a long run of drops */
  fc_http_set_retry_policy (fixture->http, 6, 1, 4);
  g_signal_connect (_fc_http_get_session (fixture->http), "request-queued",
                    G_CALLBACK (on_request_queued), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->http);
  g_clear_object (&fixture->auth);
  g_clear_object (&fixture->secrets);
  g_clear_object (&fixture->connection);
  fc_sim_stop (fixture->sim);
  g_clear_object (&fixture->sim);
  g_free (fixture->contact_id);
  g_free (fixture->contact_path);
}

static void
set_faults (Fixture    *fixture,
            const char *json)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (fc_sim_set_faults (fixture->sim, "hubspot", json, &error));
  g_assert_no_error (error);
}

/* ---- the load -------------------------------------------------------------------------- */

static void send_one (Load *load);

static void
on_answer_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Load *load = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = NULL;
  guint status = 0;

  root = fc_http_request_finish (FC_HTTP (source), result, &status, NULL, &error);
  load->done++;
  g_assert_cmpuint (load->done, <=, load->started);

  if (error != NULL)
    {
      /* Only ever a transport failure after every try, which says what it was doing */
      g_test_message ("request failed: %s", error->message);
      g_assert_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_NETWORK);
      g_assert_true (g_str_has_prefix (error->message, READ_WHAT)
                     || g_str_has_prefix (error->message, SEARCH_WHAT));
      load->failed++;
    }
  else
    {
      JsonObject *object;

      g_assert_cmpuint (status, ==, 200);
      g_assert_nonnull (root);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
      object = json_node_get_object (root);
      if (json_object_has_member (object, "results"))
        g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object,
                                                                               "results")),
                          ==, 1);
      else
        g_assert_cmpstr (json_object_get_string_member (object, "id"), ==,
                         load->fixture->contact_id);
      load->answered++;
    }

  if (load->started < load->total)
    send_one (load);
}

static void
send_one (Load *load)
{
  Fixture *fixture = load->fixture;

  load->started++;
  if (load->search_every > 0 && load->started % load->search_every == 0)
    {
      g_autoptr (JsonNode) body = json_from_string ("{\"limit\":1}", NULL);

      fc_http_request_async (fixture->http, "POST", "/crm/v3/objects/contacts/search", body,
                             NULL, FC_HTTP_FLAG_NONE, SEARCH_WHAT, NULL, on_answer_cb, load);
    }
  else
    fc_http_request_async (fixture->http, "GET", fixture->contact_path, NULL, NULL,
                           FC_HTTP_FLAG_NONE, READ_WHAT, NULL, on_answer_cb, load);
}

static void
run_load (Load *load)
{
  while (load->started < MIN (load->concurrency, load->total))
    send_one (load);
  while (load->done < load->total)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (load->answered + load->failed, ==, load->total);
}

/* ---- tests ----------------------------------------------------------------------------- */

/* Without faults, requests one after another and many at once reuse the kept-alive
 * connections: at most two (libsoup's connections per host) for 400 GETs. */
static void
test_keep_alive (Fixture       *fixture,
                 gconstpointer  data)
{
  Load one_by_one = { fixture, 200, 1, 0 };
  Load many = { fixture, 200, 8, 0 };

  run_load (&one_by_one);
  g_assert_cmpuint (one_by_one.answered, ==, 200);
  g_assert_cmpuint (fixture->n_connections, ==, 1);

  run_load (&many);
  g_assert_cmpuint (many.answered, ==, 200);
  g_assert_cmpuint (fixture->n_connections, <=, 2);
  g_assert_cmpuint (fc_http_get_n_sent (fixture->http), ==, 400);
  g_assert_cmpuint (fixture->n_restarts, ==, 0);
}

typedef struct {
  const char *name;
  guint       concurrency;
  guint       search_every;
} DropCase;

static const DropCase drop_cases[] = {
  { "gets-8", 8, 0 },
  { "gets-3", 3, 0 },
  { "mixed-8", 8, 4 },
};

/* The provider drops a quarter of the requests' connections while several requests are in
 * flight: libsoup re-sends a GET whose kept-alive connection was closed, FcHttp tries again
 * what failed, and every request ends once, answered or with a NETWORK error; libsoup's own
 * re-sends go out on a new connection, never on another idle one (libsoup 3.2 ended requests
 * twice, and crashed, when they did). */
static void
test_dropped (Fixture       *fixture,
              gconstpointer  data)
{
  const DropCase *drop = data;
  Load load = { fixture, 3000, drop->concurrency, drop->search_every };
  guint dropped, sent, received, ok, posts;

  set_faults (fixture, "{\"drop_rate\":0.25}");
  run_load (&load);
  fc_sim_clear_faults (fixture->sim, "hubspot");

  sent = fc_http_get_n_sent (fixture->http);
  received = fc_sim_get_count (fixture->sim, "hubspot", NULL, NULL, 0);
  ok = fc_sim_get_count (fixture->sim, "hubspot", NULL, NULL, 200);
  dropped = received - ok;
  posts = fc_sim_get_count (fixture->sim, "hubspot", "POST", NULL, 0);
  g_test_message ("%s: %u answered, %u failed, %u sent by FcHttp, %u re-sent by libsoup, "
                  "%u received (%u POST), %u dropped, %u connections", drop->name,
                  load.answered, load.failed, sent, fixture->n_restarts, received, posts,
                  dropped, fixture->n_connections);

  /* every answer arrived, every drop was survived by a retry of one or the other */
  g_assert_cmpuint (ok, ==, load.answered);
  g_assert_cmpuint (dropped, >, 3000 / 8);
  g_assert_cmpuint (received, <=, sent + fixture->n_restarts);
  g_assert_cmpuint (load.answered, >=, 3000 - 3000 / 100);
  g_assert_cmpuint (fixture->n_restarts, >, 0);
  g_assert_cmpuint (fixture->n_restarts_reused, ==, 0);
  /* Keep-alive goes on: a connection is only opened to replace a dropped one (beyond the two
   * of the start), and for each POST, which libsoup sends on a new connection. */
  g_assert_cmpuint (fixture->n_connections, <=, dropped + 2 + posts);
}

/* ---- the provider's raw answer to a failed request ------------------------------------- */

/* A provider that echoes the request's credentials in its error ("/echo"), or answers an
 * error body of 10 KiB in two-byte characters ("/big") */
static void
on_echo_cb (SoupServer        *server,
            SoupServerMessage *message,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");
  g_autoptr (GString) body = g_string_new (NULL);

  if (g_str_equal (path, "/big"))
    {
      g_string_append (body, "{\"message\":\"Too long\",\"detail\":\"x");
      for (guint i = 0; i < 5 * 1024; i++)
        g_string_append (body, "é");
      g_string_append (body, "\"}");
    }
  else
    {
      g_autofree char *escaped = g_uri_escape_string (authorization, NULL, FALSE);

      g_assert_true (g_str_has_prefix (authorization, "Bearer "));
      g_string_append_printf (body, "{\"message\":\"Token %s is not valid here\","
                              "\"category\":\"VALIDATION_ERROR\",\"echo\":\"%s\","
                              "\"query\":\"?access_token=%s\"}",
                              authorization + strlen ("Bearer "), authorization, escaped);
    }
  soup_server_message_set_status (message, 400, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY, body->str,
                                    body->len);
}

/* Sends a GET of @path to a local server with @handler and gives its error */
static GError *
request_echo_server (Fixture    *fixture,
                     const char *path)
{
  g_autoptr (SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *base = NULL;
  GSList *uris;
  GError *failure = NULL;

  soup_server_add_handler (server, NULL, on_echo_cb, NULL, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  base = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  /* without the final '/': FcHttp appends the path */
  base[strlen (base) - 1] = '\0';
  fc_connection_set_api_base_url (fixture->connection, base);

  fc_http_request_async (fixture->http, "GET", path, NULL, NULL, FC_HTTP_FLAG_NONE, READ_WHAT,
                         NULL, fc_test_on_ready_cb, &result);
  root = fc_http_request_finish (fixture->http, fc_test_wait_for (&result), NULL, NULL,
                                 &failure);
  g_assert_null (root);
  g_assert_nonnull (failure);
  soup_server_disconnect (server);
  return failure;
}

/* The error of a failed request keeps the provider's status and body for the run log, with the
 * token it echoed blanked out there and in the message, however it was written. */
static void
test_raw_error_token (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr (GError) error = request_echo_server (fixture, "/echo");
  const char *raw;
  guint status = 0;
  gboolean truncated = TRUE;

  g_assert_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_VALIDATION);
  raw = fc_connector_error_get_raw (error, &status, &truncated);
  g_test_message ("%s\nraw answer: HTTP %u %s", error->message, status, raw);
  g_assert_nonnull (raw);
  g_assert_cmpuint (status, ==, 400);
  g_assert_false (truncated);
  g_assert_true (g_str_has_prefix (raw, "{\"message\":\"Token [redacted] is not valid here\""));
  g_assert_null (strstr (raw, TOKEN));
  g_assert_null (strstr (raw, "0123456789"));
  g_assert_nonnull (strstr (error->message, "Token [redacted] is not valid here"));
  g_assert_null (strstr (error->message, TOKEN));

  /* a copy keeps it; another domain has none */
  {
    g_autoptr (GError) copy = g_error_copy (error);
    g_autoptr (GError) other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "other");

    g_assert_cmpstr (fc_connector_error_get_raw (copy, &status, NULL), ==, raw);
    g_assert_cmpuint (status, ==, 400);
    g_assert_null (fc_connector_error_get_raw (other, NULL, NULL));
  }
}

/* A long error body is kept up to 4 KiB, whole characters only, and said to be cut. */
static void
test_raw_error_truncated (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr (GError) error = request_echo_server (fixture, "/big");
  const char *raw;
  guint status = 0;
  gboolean truncated = FALSE;

  raw = fc_connector_error_get_raw (error, &status, &truncated);
  g_assert_nonnull (raw);
  g_assert_cmpuint (status, ==, 400);
  g_assert_true (truncated);
  g_assert_true (g_str_has_prefix (raw, "{\"message\":\"Too long\",\"detail\":\"xé"));
  g_assert_cmpuint (strlen (raw), <=, FC_CONNECTOR_RAW_ERROR_MAX_BYTES);
  g_assert_cmpuint (strlen (raw), >=, FC_CONNECTOR_RAW_ERROR_MAX_BYTES - 3);
  g_assert_true (g_utf8_validate (raw, -1, NULL));
  g_assert_true (g_str_has_suffix (raw, "é"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/fc/http/keep-alive", Fixture, NULL, fixture_set_up, test_keep_alive,
              fixture_tear_down);
  for (guint i = 0; i < G_N_ELEMENTS (drop_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fc/http/dropped/%s", drop_cases[i].name);

      g_test_add (path, Fixture, &drop_cases[i], fixture_set_up, test_dropped,
                  fixture_tear_down);
    }

  g_test_add ("/fc/http/raw-error/token-redacted", Fixture, NULL, fixture_set_up,
              test_raw_error_token, fixture_tear_down);
  g_test_add ("/fc/http/raw-error/truncated", Fixture, NULL, fixture_set_up,
              test_raw_error_truncated, fixture_tear_down);

  return g_test_run ();
}
