/* test-notifier.c: the outbound webhooks against a real HTTP receiver on loopback
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "fc-engine-private.h"
#include "fc-notifier-private.h"
#include "fc-store-private.h"
#include "fc-test-util.h"

static char *keyring_dir;

/* ---- a private keyring ---------------------------------------------------------------------- */

static gboolean
session_keyring_is_private (void)
{
  return g_getenv ("DBUS_SESSION_BUS_ADDRESS") != NULL &&
         (g_getenv ("FC_HEADLESS_STAGE") != NULL || g_getenv ("FC_HEADLESS_BUS") != NULL);
}

static void
use_private_keyring (void)
{
  g_autofree char *path = NULL;

  if (session_keyring_is_private ())
    return;

  /* Outside the headless session: libsecret's file backend, which the CLI inherits too. */
  keyring_dir = g_dir_make_tmp ("fc-test-notifier-keyring-XXXXXX", NULL);
  g_assert_nonnull (keyring_dir);
  path = g_build_filename (keyring_dir, "test.keyring", NULL);
  g_setenv ("SECRET_BACKEND", "file", TRUE);
  g_setenv ("SECRET_FILE_TEST_PATH", path, TRUE);
  g_setenv ("SECRET_FILE_TEST_PASSWORD", "fluxcascade-test", TRUE);
}

/* ---- the fixture: an engine, its notifier, and a receiver ----------------------------------- */

typedef struct {
  gint64  at_us;
  char   *path;
  char   *body;
  char   *content_type;
  char   *signature;
  char   *timestamp;
  char   *timestamp_signature;
  char   *event_id;
  char   *event_type;
} Request;

static void
request_free (Request *request)
{
  g_free (request->path);
  g_free (request->body);
  g_free (request->content_type);
  g_free (request->signature);
  g_free (request->timestamp);
  g_free (request->timestamp_signature);
  g_free (request->event_id);
  g_free (request->event_type);
  g_free (request);
}

/* A reply of 0 holds the request unanswered. */
#define HANG 0

typedef struct {
  char       *data_dir;
  FcEngine   *engine;
  FcNotifier *notifier;
  SoupServer *server;
  char       *url;
  GPtrArray  *requests;
  GArray     *replies;        /* guint, used in order, then default_reply */
  guint       default_reply;
  GPtrArray  *held;           /* SoupServerMessage left unanswered */
  GPtrArray  *engine_events;  /* char *: every engine event's type */
  guint       disabled_signals;
} Fixture;

static void
on_request_cb (SoupServer        *server,
               SoupServerMessage *message,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  Fixture *f = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
  SoupMessageBody *request_body = soup_server_message_get_request_body (message);
  g_autoptr (GBytes) body = soup_message_body_flatten (request_body);
  Request *request = g_new0 (Request, 1);
  gsize length;
  const char *data = g_bytes_get_data (body, &length);
  guint reply;

  request->at_us = g_get_monotonic_time ();
  request->path = g_strdup (path);
  request->body = g_strndup (data, length);
  request->content_type = g_strdup (soup_message_headers_get_content_type (headers, NULL));
  request->signature = g_strdup (soup_message_headers_get_one (headers,
                                                               "X-FluxCascade-Signature"));
  request->timestamp = g_strdup (soup_message_headers_get_one (headers,
                                                               "X-FluxCascade-Timestamp"));
  request->timestamp_signature =
    g_strdup (soup_message_headers_get_one (headers, "X-FluxCascade-Timestamp-Signature"));
  request->event_id = g_strdup (soup_message_headers_get_one (headers,
                                                              "X-FluxCascade-Event-Id"));
  request->event_type = g_strdup (soup_message_headers_get_one (headers,
                                                                "X-FluxCascade-Event-Type"));
  g_ptr_array_add (f->requests, request);

  if (f->replies->len > 0)
    {
      reply = g_array_index (f->replies, guint, 0);
      g_array_remove_index (f->replies, 0);
    }
  else
    reply = f->default_reply;

  if (g_str_equal (path, "/redirect"))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                    "Location", "/hook");
      soup_server_message_set_status (message, SOUP_STATUS_FOUND, NULL);
      return;
    }

  if (reply == HANG)
    {
      g_ptr_array_add (f->held, g_object_ref (message));
      soup_server_message_pause (message);
      return;
    }

  soup_server_message_set_status (message, reply, NULL);
  soup_server_message_set_response (message, "text/plain", SOUP_MEMORY_STATIC, "ok", 2);
}

static void
on_engine_event_cb (FcEngine   *engine,
                    const char *type,
                    JsonNode   *data,
                    Fixture    *f)
{
  g_ptr_array_add (f->engine_events, g_strdup (type));
}

static void
on_endpoint_disabled_cb (FcNotifier *notifier,
                         FcEndpoint *endpoint,
                         const char *reason,
                         Fixture    *f)
{
  g_assert_nonnull (reason);
  f->disabled_signals++;
}

static void
open_engine (Fixture *f)
{
  g_autoptr (GError) error = NULL;

  f->engine = fc_engine_new (f->data_dir, &error);
  g_assert_no_error (error);
  f->notifier = fc_engine_get_notifier (f->engine);
  g_assert_true (FC_IS_NOTIFIER (f->notifier));
  fc_notifier_set_retry_base_ms (f->notifier, 10);
  fc_notifier_set_timeout_ms (f->notifier, 3000);
  g_signal_connect (f->engine, "event", G_CALLBACK (on_engine_event_cb), f);
  g_signal_connect (f->notifier, "endpoint-disabled", G_CALLBACK (on_endpoint_disabled_cb), f);
}

/* Drops the engine (and with it the notifier) and lets abandoned attempts wind down. */
static void
close_engine (Fixture *f)
{
  g_object_add_weak_pointer (G_OBJECT (f->notifier), (gpointer *) &f->notifier);
  g_assert_finalize_object (f->engine);
  f->engine = NULL;
  g_assert_null (f->notifier);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  GSList *uris;

  f->data_dir = g_dir_make_tmp ("fc-test-notifier-XXXXXX", &error);
  g_assert_no_error (error);
  f->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) request_free);
  f->replies = g_array_new (FALSE, FALSE, sizeof (guint));
  f->default_reply = SOUP_STATUS_OK;
  f->held = g_ptr_array_new_with_free_func (g_object_unref);
  f->engine_events = g_ptr_array_new_with_free_func (g_free);

  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, on_request_cb, f, NULL);
  soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  f->url = g_strdup_printf ("http://127.0.0.1:%d/hook", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  open_engine (f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  GListModel *endpoints = fc_notifier_get_endpoints (f->notifier);

  /* Take the secrets out of the keyring. */
  fc_notifier_stop (f->notifier);
  while (g_list_model_get_n_items (endpoints) > 0)
    {
      g_autoptr (FcEndpoint) endpoint = g_list_model_get_item (endpoints, 0);
      g_autoptr (GAsyncResult) result = NULL;
      g_autoptr (GError) error = NULL;

      fc_notifier_remove_endpoint_async (f->notifier, fc_endpoint_get_id (endpoint), NULL,
                                         fc_test_on_ready_cb, &result);
      g_assert_true (fc_notifier_remove_endpoint_finish (f->notifier,
                                                         fc_test_wait_for (&result), &error));
      g_assert_no_error (error);
    }

  close_engine (f);
  soup_server_disconnect (f->server);
  g_ptr_array_unref (f->held);
  g_assert_finalize_object (f->server);
  g_ptr_array_unref (f->requests);
  g_array_unref (f->replies);
  g_ptr_array_unref (f->engine_events);
  g_free (f->url);
  fc_test_remove_tree (f->data_dir);
  g_free (f->data_dir);
}

/* ---- helpers -------------------------------------------------------------------------------- */

static FcEndpoint *
add_endpoint (Fixture             *f,
              const char          *url,
              const char * const  *types,
              char               **out_secret)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (FcEndpoint) endpoint = NULL;

  fc_notifier_add_endpoint_async (f->notifier, url, "test receiver", types, NULL,
                                  fc_test_on_ready_cb, &result);
  endpoint = fc_notifier_add_endpoint_finish (f->notifier, fc_test_wait_for (&result),
                                              out_secret, &error);
  g_assert_no_error (error);
  g_assert_nonnull (endpoint);
  /* The model's object, which stays current. */
  g_assert_true (fc_notifier_lookup_endpoint (f->notifier, fc_endpoint_get_id (endpoint)) ==
                 endpoint);
  return endpoint;
}

static void
emit (Fixture    *f,
      const char *type,
      const char *json)
{
  g_autoptr (JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  _fc_engine_emit_event (f->engine, type, json_object_ref (json_node_get_object (node)));
}

static gboolean
on_tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

typedef gboolean (*Condition) (Fixture *f, gconstpointer data);

/* Runs the main loop until @condition holds; fails the test after @timeout_ms. */
static void
wait_until (Fixture       *f,
            Condition      condition,
            gconstpointer  data,
            guint          timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  guint tick = g_timeout_add (5, on_tick_cb, NULL);

  while (!condition (f, data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("condition not met within %u ms", timeout_ms);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (tick);
}

/* Runs the main loop for @ms. */
static void
run_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;
  guint tick = g_timeout_add (5, on_tick_cb, NULL);

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
}

static GPtrArray *
list_deliveries (Fixture    *f,
                 const char *endpoint_id,
                 int         status)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *deliveries = fc_notifier_list_deliveries (f->notifier, endpoint_id, status, 0, 0,
                                                       &error);

  g_assert_no_error (error);
  g_assert_nonnull (deliveries);
  return deliveries;
}

static guint
count_deliveries (Fixture    *f,
                  const char *endpoint_id,
                  int         status)
{
  g_autoptr (GPtrArray) deliveries = list_deliveries (f, endpoint_id, status);

  return deliveries->len;
}

static gboolean
has_requests (Fixture       *f,
              gconstpointer  data)
{
  return f->requests->len >= GPOINTER_TO_UINT (data);
}

typedef struct {
  FcDeliveryStatus status;
  guint            count;
} StatusCount;

static gboolean
has_deliveries_in (Fixture       *f,
                   gconstpointer  data)
{
  const StatusCount *want = data;

  return count_deliveries (f, NULL, want->status) >= want->count;
}

static void
wait_for_deliveries (Fixture          *f,
                     FcDeliveryStatus  status,
                     guint             count,
                     guint             timeout_ms)
{
  StatusCount want = { status, count };

  wait_until (f, has_deliveries_in, &want, timeout_ms);
}

static FcDelivery *
only_delivery (Fixture *f)
{
  g_autoptr (GPtrArray) deliveries = list_deliveries (f, NULL, -1);

  g_assert_cmpuint (deliveries->len, ==, 1);
  return g_object_ref (g_ptr_array_index (deliveries, 0));
}

/* "sha256=" and the hex HMAC-SHA256, as a receiver computes it. */
static char *
hmac_header (const char *key,
             const char *data,
             gsize       length)
{
  g_autoptr (GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *) key, strlen (key));

  g_hmac_update (hmac, (const guchar *) data, length);
  return g_strconcat ("sha256=", g_hmac_get_string (hmac), NULL);
}

static const char record_data[] =
  "{\"side\":\"target\",\"sourceRecordId\":\"101\",\"targetRecordId\":\"9\","
  "\"runId\":\"run_abc\",\"mappingId\":\"map_xyz\",\"mappingName\":\"People\"}";

/* ---- URL rules ------------------------------------------------------------------------------ */

typedef struct {
  const char *url;
  int         code;     /* an FcNotifierError, or -1 for accepted */
  const char *message;  /* what the error message must contain, or NULL */
} UrlCase;

static const UrlCase url_cases[] = {
  { "https://hooks.example.com/fluxcascade", -1 },
  { "https://8.8.8.8/hook", -1 },
  { "https://[2606:4700:4700::1111]/hook", -1 },
  { "https://100.128.0.1/", -1 },                 /* just above the carrier-grade NAT range */
  { "https://172.32.0.1/", -1 },                  /* just above 172.16.0.0/12 */
  { "https://[2002:808:808::1]/", -1 },           /* 6to4 of a public address */
  { "https://127.0.0.1/hook", -1 },
  { "https://[::1]/hook", -1 },
  { "https://[::ffff:127.0.0.1]/hook", -1 },
  { "http://127.0.0.1:8080/hook", -1 },
  { "http://127.9.8.7/hook", -1 },
  { "http://127.1:8080/hook", -1 },
  { "http://localhost:3000/", -1 },
  { "http://LocalHost/", -1 },
  { "http://[::1]:9000/hook", -1 },
  { "http://192.168.1.5/hook", FC_NOTIFIER_ERROR_INSECURE_URL },
  { "http://10.0.0.2/hook", FC_NOTIFIER_ERROR_INSECURE_URL },
  { "http://example.com/hook", FC_NOTIFIER_ERROR_INSECURE_URL },
  { "http://127.0.0.1.example.com/hook", FC_NOTIFIER_ERROR_INSECURE_URL },
  { "http://localhost.example.com/", FC_NOTIFIER_ERROR_INSECURE_URL },
  { "http://[::ffff:127.0.0.1]/", FC_NOTIFIER_ERROR_INSECURE_URL },
  /* https to the local network */
  { "https://192.168.1.5:8443/in", FC_NOTIFIER_ERROR_LOCAL_NETWORK,
    "“192.168.1.5” is a private network address" },
  { "https://10.0.0.2/hook", FC_NOTIFIER_ERROR_LOCAL_NETWORK, "private network" },
  { "https://172.16.0.1/", FC_NOTIFIER_ERROR_LOCAL_NETWORK, "private network" },
  { "https://172.31.255.255/", FC_NOTIFIER_ERROR_LOCAL_NETWORK, "private network" },
  { "https://100.64.0.1/", FC_NOTIFIER_ERROR_LOCAL_NETWORK, "carrier-grade NAT" },
  { "https://169.254.169.254/latest/meta-data/", FC_NOTIFIER_ERROR_LOCAL_NETWORK,
    "“169.254.169.254” is a link-local address" },
  { "https://0.0.0.0:8443/", FC_NOTIFIER_ERROR_LOCAL_NETWORK, "unspecified" },
  { "https://224.0.0.251/", FC_NOTIFIER_ERROR_LOCAL_NETWORK, "multicast" },
  { "https://255.255.255.255/", FC_NOTIFIER_ERROR_LOCAL_NETWORK, "reserved" },
  { "https://192.0.2.10/", FC_NOTIFIER_ERROR_LOCAL_NETWORK, "reserved or documentation" },
  /* the odd IPv4 forms a resolver accepts */
  { "https://10.1/", FC_NOTIFIER_ERROR_LOCAL_NETWORK, "“10.0.0.1”" },
  { "https://0x0a000001/", FC_NOTIFIER_ERROR_LOCAL_NETWORK, "“10.0.0.1”" },
  { "https://167772161/", FC_NOTIFIER_ERROR_LOCAL_NETWORK, "“10.0.0.1”" },
  { "https://012.0.0.1/", FC_NOTIFIER_ERROR_LOCAL_NETWORK, "“10.0.0.1”" },
  { "https://10.0.0.1./", FC_NOTIFIER_ERROR_LOCAL_NETWORK, "“10.0.0.1”" },
  { "https://\xef\xbc\x91\xef\xbc\x90.0.0.1/", FC_NOTIFIER_ERROR_LOCAL_NETWORK, "“10.0.0.1”" },
  /* IPv6, and IPv4 inside IPv6 */
  { "https://[::ffff:10.0.0.1]/", FC_NOTIFIER_ERROR_LOCAL_NETWORK, "private network" },
  { "https://[::ffff:a9fe:a9fe]/", FC_NOTIFIER_ERROR_LOCAL_NETWORK, "link-local" },
  { "https://[::192.168.0.1]/", FC_NOTIFIER_ERROR_LOCAL_NETWORK, "private network" },
  { "https://[64:ff9b::10.0.0.1]/", FC_NOTIFIER_ERROR_LOCAL_NETWORK, "private network" },
  { "https://[2002:a00:1::1]/", FC_NOTIFIER_ERROR_LOCAL_NETWORK, "private network" },
  { "https://[fd12:3456:789a::1]/", FC_NOTIFIER_ERROR_LOCAL_NETWORK, "unique local" },
  { "https://[fe80::1%25eth0]:8443/", FC_NOTIFIER_ERROR_LOCAL_NETWORK, "link-local" },
  { "https://[fec0::1]/", FC_NOTIFIER_ERROR_LOCAL_NETWORK, "private network" },
  { "https://[ff02::1]/", FC_NOTIFIER_ERROR_LOCAL_NETWORK, "multicast" },
  { "https://[::]/", FC_NOTIFIER_ERROR_LOCAL_NETWORK, "unspecified" },
  { "https://[2001:db8::1]/", FC_NOTIFIER_ERROR_LOCAL_NETWORK, "documentation" },
  { "file:///etc/passwd", FC_NOTIFIER_ERROR_UNSUPPORTED_SCHEME },
  { "ftp://example.com/x", FC_NOTIFIER_ERROR_UNSUPPORTED_SCHEME },
  { "javascript:alert(1)", FC_NOTIFIER_ERROR_UNSUPPORTED_SCHEME },
  { "https://user:password@example.com/", FC_NOTIFIER_ERROR_INVALID_URL },
  { "https:///no-host", FC_NOTIFIER_ERROR_INVALID_URL },
  { "example.com/hook", FC_NOTIFIER_ERROR_INVALID_URL },
  { "", FC_NOTIFIER_ERROR_INVALID_URL },
};

static void
test_url_rule (gconstpointer data)
{
  const UrlCase *c = data;
  g_autoptr (GError) error = NULL;
  gboolean ok = fc_notifier_check_url (c->url, &error);

  if (c->code < 0)
    {
      g_assert_no_error (error);
      g_assert_true (ok);
    }
  else
    {
      g_assert_error (error, FC_NOTIFIER_ERROR, c->code);
      g_assert_false (ok);
      g_test_message ("%s: %s", c->url, error->message);
      if (c->message != NULL)
        g_assert_nonnull (strstr (error->message, c->message));
    }
}

static void
test_add_refused (Fixture       *f,
                  gconstpointer  data)
{
  static const char * const refused[] = {
    "http://192.168.1.5/hook", "http://example.com/hook", "file:///tmp/x",
  };
  static const char * const bad_types[] = { "sync.completed", "sync.exploded", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (refused) + 1; i++)
    {
      g_autoptr (GAsyncResult) result = NULL;
      g_autoptr (GError) error = NULL;
      g_autoptr (FcEndpoint) endpoint = NULL;
      char *secret = NULL;
      gboolean types_case = i == G_N_ELEMENTS (refused);

      fc_notifier_add_endpoint_async (f->notifier, types_case ? f->url : refused[i], NULL,
                                      types_case ? bad_types : NULL, NULL,
                                      fc_test_on_ready_cb, &result);
      endpoint = fc_notifier_add_endpoint_finish (f->notifier, fc_test_wait_for (&result),
                                                  &secret, &error);
      g_assert_null (endpoint);
      g_assert_null (secret);
      g_assert_nonnull (error);
      g_assert_true (error->domain == FC_NOTIFIER_ERROR);
      if (types_case)
        g_assert_cmpint (error->code, ==, FC_NOTIFIER_ERROR_UNKNOWN_EVENT_TYPE);
      else if (i == 2)
        g_assert_cmpint (error->code, ==, FC_NOTIFIER_ERROR_UNSUPPORTED_SCHEME);
      else
        g_assert_cmpint (error->code, ==, FC_NOTIFIER_ERROR_INSECURE_URL);
    }

  g_assert_cmpuint (g_list_model_get_n_items (fc_notifier_get_endpoints (f->notifier)), ==, 0);
}

/* ---- payloads ------------------------------------------------------------------------------- */

typedef struct {
  const char *type;
  const char *engine_data;
  const char *expected;       /* members data must have, with these values */
  const char *first_members;  /* the order of data's first members, comma-separated */
  const char *absent;         /* members data must not have, comma-separated */
} PayloadCase;

static const PayloadCase payload_cases[] = {
  { "sync.completed",
    "{\"status\":\"completed\",\"dryRun\":false,\"durationMs\":12,\"counts\":{\"fetched\":100,"
    "\"created\":15,\"updated\":82,\"skipped\":0,\"conflicts\":0,\"failed\":3,\"parked\":0},"
    "\"runId\":\"run_abc\",\"mappingId\":\"map_xyz\",\"mappingName\":\"People\"}",
    "{\"jobId\":\"run_abc\",\"mappingId\":\"map_xyz\",\"status\":\"completed\",\"stats\":"
    "{\"fetched\":100,\"created\":15,\"updated\":82,\"failed\":3,\"skipped\":0,\"conflicts\":0,"
    "\"parked\":0},\"mappingName\":\"People\",\"durationMs\":12}",
    "jobId,mappingId,status,stats", "runId,counts" },
  { "sync.failed",
    "{\"status\":\"failed\",\"dryRun\":false,\"durationMs\":3,\"counts\":{\"fetched\":0,"
    "\"created\":0,\"updated\":0,\"skipped\":0,\"conflicts\":0,\"failed\":0,\"parked\":0},"
    "\"error\":\"The HubSpot connection has expired\",\"runId\":\"run_def\","
    "\"mappingId\":\"map_xyz\",\"mappingName\":\"People\"}",
    "{\"jobId\":\"run_def\",\"status\":\"failed\",\"error\":\"The HubSpot connection has "
    "expired\"}",
    "jobId,mappingId,status,stats", "runId,counts" },
  { "record.created", record_data,
    "{\"jobId\":\"run_abc\",\"mappingId\":\"map_xyz\",\"side\":\"target\","
    "\"sourceRecordId\":\"101\",\"targetRecordId\":\"9\"}",
    "jobId", "runId" },
  { "connection.created",
    "{\"connectionId\":\"con_1\",\"provider\":\"hubspot\",\"status\":\"active\","
    "\"accountName\":\"Acme Inc.\",\"accountId\":\"4711\"}",
    "{\"connectionId\":\"con_1\",\"provider\":\"hubspot\",\"status\":\"active\","
    "\"accountName\":\"Acme Inc.\",\"accountId\":\"4711\"}",
    "connectionId,provider,status", "" },
  { "mapping.deleted",
    "{\"mappingId\":\"map_1\",\"name\":\"People\"}",
    "{\"mappingId\":\"map_1\",\"name\":\"People\"}",
    "mappingId,name", "" },
};

static void
assert_iso_timestamp (const char *text)
{
  g_autoptr (GRegex) shape = g_regex_new ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$", 0, 0,
                                          NULL);
  g_autoptr (GDateTime) at = g_date_time_new_from_iso8601 (text, NULL);
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();

  g_assert_true (g_regex_match (shape, text, 0, NULL));
  g_assert_nonnull (at);
  g_assert_cmpint (ABS (g_date_time_difference (now, at)), <, 60 * G_TIME_SPAN_SECOND);
}

static void
test_payload (Fixture       *f,
              gconstpointer  data)
{
  const PayloadCase *c = data;
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (JsonNode) expected = json_from_string (c->expected, NULL);
  g_autoptr (GList) names = NULL;
  g_autoptr (GList) data_names = NULL;
  g_auto (GStrv) first = g_strsplit (c->first_members, ",", -1);
  g_auto (GStrv) absent = g_strsplit (c->absent, ",", -1);
  g_autoptr (FcDelivery) delivery = NULL;
  JsonObject *payload;
  JsonObject *payload_data;
  JsonObject *metadata;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;
  Request *request;
  GList *l;
  guint i;

  add_endpoint (f, f->url, NULL, NULL);
  fc_notifier_start (f->notifier);
  emit (f, c->type, c->engine_data);
  wait_until (f, has_requests, GUINT_TO_POINTER (1), 5000);
  wait_for_deliveries (f, FC_DELIVERY_STATUS_DELIVERED, 1, 5000);

  request = g_ptr_array_index (f->requests, 0);
  g_assert_cmpstr (request->path, ==, "/hook");
  g_assert_cmpstr (request->content_type, ==, "application/json");
  g_assert_cmpstr (request->event_type, ==, c->type);

  root = json_from_string (request->body, NULL);
  g_assert_nonnull (root);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  payload = json_node_get_object (root);

  /* Exactly the document's four members, in its order. */
  names = json_object_get_members (payload);
  g_assert_cmpuint (g_list_length (names), ==, 4);
  g_assert_cmpstr (g_list_nth_data (names, 0), ==, "eventType");
  g_assert_cmpstr (g_list_nth_data (names, 1), ==, "timestamp");
  g_assert_cmpstr (g_list_nth_data (names, 2), ==, "data");
  g_assert_cmpstr (g_list_nth_data (names, 3), ==, "metadata");

  g_assert_cmpstr (json_object_get_string_member (payload, "eventType"), ==, c->type);
  assert_iso_timestamp (json_object_get_string_member (payload, "timestamp"));

  metadata = json_object_get_object_member (payload, "metadata");
  g_assert_cmpuint (json_object_get_size (metadata), ==, 1);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (metadata, "fluxcascadeEventId"),
                                   "evt_"));
  g_assert_cmpstr (json_object_get_string_member (metadata, "fluxcascadeEventId"), ==,
                   request->event_id);

  payload_data = json_object_get_object_member (payload, "data");
  json_object_iter_init (&iter, json_node_get_object (expected));
  while (json_object_iter_next (&iter, &name, &value))
    {
      g_test_message ("data.%s", name);
      g_assert_true (json_object_has_member (payload_data, name));
      g_assert_true (json_node_equal (value, json_object_get_member (payload_data, name)));
    }

  data_names = json_object_get_members (payload_data);
  for (i = 0, l = data_names; first[i] != NULL; i++, l = l->next)
    {
      g_assert_nonnull (l);
      g_assert_cmpstr (l->data, ==, first[i]);
    }
  for (i = 0; absent[i] != NULL; i++)
    if (*absent[i] != '\0')
      g_assert_false (json_object_has_member (payload_data, absent[i]));

  /* The stored row is the body that was sent. */
  delivery = only_delivery (f);
  g_assert_cmpstr (fc_delivery_get_payload (delivery), ==, request->body);
  g_assert_cmpstr (fc_delivery_get_event_id (delivery), ==, request->event_id);
  g_assert_cmpstr (fc_delivery_get_event_type (delivery), ==, c->type);
  g_assert_cmpuint (fc_delivery_get_attempts (delivery), ==, 1);
  g_assert_cmpuint (fc_delivery_get_last_status_code (delivery), ==, 200);
  g_assert_nonnull (fc_delivery_get_delivered_at (delivery));
}

/* ---- signatures ----------------------------------------------------------------------------- */

static void
test_signature (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *secret = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *stamped = NULL;
  g_autofree char *expected_stamped = NULL;
  g_autofree char *forged = NULL;
  Request *request;
  gint64 timestamp;
  char *end;

  add_endpoint (f, f->url, NULL, &secret);
  g_assert_true (g_str_has_prefix (secret, "whsec_"));
  /* 32 bytes in unpadded base64url */
  g_assert_cmpuint (strlen (secret), ==, strlen ("whsec_") + 43);
  g_assert_null (strpbrk (secret + 6, "+/="));

  fc_notifier_start (f->notifier);
  emit (f, "record.updated", record_data);
  wait_until (f, has_requests, GUINT_TO_POINTER (1), 5000);
  request = g_ptr_array_index (f->requests, 0);

  /* What a receiver computes, with nothing but the secret and the raw body. */
  expected = hmac_header (secret, request->body, strlen (request->body));
  g_assert_cmpstr (request->signature, ==, expected);

  g_assert_nonnull (request->timestamp);
  timestamp = g_ascii_strtoll (request->timestamp, &end, 10);
  g_assert_cmpint (*end, ==, '\0');
  g_assert_cmpint (ABS (timestamp - g_get_real_time () / G_USEC_PER_SEC), <=, 5);

  stamped = g_strdup_printf ("%s.%s", request->timestamp, request->body);
  expected_stamped = hmac_header (secret, stamped, strlen (stamped));
  g_assert_cmpstr (request->timestamp_signature, ==, expected_stamped);

  /* Another key does not give the same signature. */
  forged = hmac_header ("whsec_someone-else", request->body, strlen (request->body));
  g_assert_cmpstr (request->signature, !=, forged);
}

static void
test_rotate_secret (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *old_secret = NULL;
  g_autofree char *new_secret = NULL;
  g_autofree char *with_new = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  FcEndpoint *endpoint = add_endpoint (f, f->url, NULL, &old_secret);
  Request *request;

  fc_notifier_start (f->notifier);
  emit (f, "record.created", record_data);
  wait_until (f, has_requests, GUINT_TO_POINTER (1), 5000);

  fc_notifier_rotate_secret_async (f->notifier, fc_endpoint_get_id (endpoint), NULL,
                                   fc_test_on_ready_cb, &result);
  new_secret = fc_notifier_rotate_secret_finish (f->notifier, fc_test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (new_secret, "whsec_"));
  g_assert_cmpstr (new_secret, !=, old_secret);

  emit (f, "record.created", record_data);
  wait_until (f, has_requests, GUINT_TO_POINTER (2), 5000);
  request = g_ptr_array_index (f->requests, 1);
  with_new = hmac_header (new_secret, request->body, strlen (request->body));
  g_assert_cmpstr (request->signature, ==, with_new);
}

/* ---- retries, failures, disabling ----------------------------------------------------------- */

static void
test_retry_timing (Fixture       *f,
                   gconstpointer  data)
{
  const guint base = 150;
  FcEndpoint *endpoint = add_endpoint (f, f->url, NULL, NULL);
  g_autoptr (FcDelivery) delivery = NULL;

  f->default_reply = SOUP_STATUS_INTERNAL_SERVER_ERROR;
  fc_notifier_set_retry_base_ms (f->notifier, base);
  fc_notifier_start (f->notifier);
  emit (f, "sync.started", "{\"runId\":\"run_1\",\"mappingId\":\"map_1\"}");
  wait_for_deliveries (f, FC_DELIVERY_STATUS_FAILED, 1, 10000);

  g_assert_cmpuint (f->requests->len, ==, 4);
  for (guint i = 1; i < f->requests->len; i++)
    {
      Request *before = g_ptr_array_index (f->requests, i - 1);
      Request *after = g_ptr_array_index (f->requests, i);
      gint64 gap_ms = (after->at_us - before->at_us) / 1000;
      gint64 wanted_ms = (gint64) base << (i - 1);

      g_test_message ("retry %u after %" G_GINT64_FORMAT " ms (wanted %" G_GINT64_FORMAT ")",
                      i, gap_ms, wanted_ms);
      g_assert_cmpint (gap_ms, >=, wanted_ms - 5);
      g_assert_cmpint (gap_ms, <, wanted_ms + 400);
      /* Every try sends the same event. */
      g_assert_cmpstr (after->body, ==, before->body);
    }

  delivery = only_delivery (f);
  g_assert_cmpint (fc_delivery_get_status (delivery), ==, FC_DELIVERY_STATUS_FAILED);
  g_assert_cmpuint (fc_delivery_get_attempts (delivery), ==, 4);
  g_assert_cmpuint (fc_delivery_get_last_status_code (delivery), ==, 500);
  g_assert_nonnull (strstr (fc_delivery_get_last_error (delivery), "500"));
  g_assert_null (fc_delivery_get_next_attempt_at (delivery));
  g_assert_cmpuint (fc_endpoint_get_consecutive_failures (endpoint), ==, 1);
  g_assert_true (fc_endpoint_get_enabled (endpoint));
}

static void
test_timeout (Fixture       *f,
              gconstpointer  data)
{
  const guint hang = HANG;
  g_autoptr (FcDelivery) delivery = NULL;
  Request *first;
  Request *second;

  add_endpoint (f, f->url, NULL, NULL);
  g_array_append_val (f->replies, hang);
  fc_notifier_set_timeout_ms (f->notifier, 300);
  fc_notifier_set_retry_base_ms (f->notifier, 50);
  fc_notifier_start (f->notifier);
  emit (f, "sync.started", "{\"runId\":\"run_1\",\"mappingId\":\"map_1\"}");
  wait_for_deliveries (f, FC_DELIVERY_STATUS_DELIVERED, 1, 5000);

  g_assert_cmpuint (f->requests->len, ==, 2);
  first = g_ptr_array_index (f->requests, 0);
  second = g_ptr_array_index (f->requests, 1);
  /* The timeout, then the first retry's wait. */
  g_assert_cmpint ((second->at_us - first->at_us) / 1000, >=, 300 + 50 - 5);

  delivery = only_delivery (f);
  g_assert_cmpuint (fc_delivery_get_attempts (delivery), ==, 2);
  g_assert_cmpuint (fc_delivery_get_last_status_code (delivery), ==, 200);
}

/* A redirect could carry the signed payload to a host the URL rules refuse: not followed. */
static void
test_no_redirect (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *url = g_strdup_printf ("%.*sredirect", (int) (strlen (f->url) - strlen ("hook")),
                                          f->url);
  g_autoptr (FcDelivery) delivery = NULL;

  add_endpoint (f, url, NULL, NULL);
  fc_notifier_start (f->notifier);
  emit (f, "record.created", record_data);
  wait_for_deliveries (f, FC_DELIVERY_STATUS_FAILED, 1, 5000);

  g_assert_cmpuint (f->requests->len, ==, FC_NOTIFIER_MAX_ATTEMPTS);
  for (guint i = 0; i < f->requests->len; i++)
    g_assert_cmpstr (((Request *) g_ptr_array_index (f->requests, i))->path, ==, "/redirect");
  delivery = only_delivery (f);
  g_assert_cmpuint (fc_delivery_get_last_status_code (delivery), ==, 302);
}

static gboolean
endpoint_is_disabled (Fixture       *f,
                      gconstpointer  data)
{
  return !fc_endpoint_get_enabled ((FcEndpoint *) data);
}

/* ---- where a host name leads ---------------------------------------------------------------- */

/* A resolver that knows a few names, so that a test decides what a host name resolves to. */
#define TEST_TYPE_RESOLVER (test_resolver_get_type ())
G_DECLARE_FINAL_TYPE (TestResolver, test_resolver, TEST, RESOLVER, GResolver)

struct _TestResolver
{
  GResolver   parent_instance;
  GHashTable *names;   /* name -> comma-separated addresses */
};

G_DEFINE_FINAL_TYPE (TestResolver, test_resolver, G_TYPE_RESOLVER)

static GList *
resolve (TestResolver             *self,
         const char               *name,
         GResolverNameLookupFlags  flags,
         GError                  **error)
{
  const char *known = g_hash_table_lookup (self->names, name);
  g_auto (GStrv) texts = NULL;
  GList *addresses = NULL;

  if (known == NULL)
    {
      g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, "No test address for %s",
                   name);
      return NULL;
    }

  texts = g_strsplit (known, ",", -1);
  for (guint i = 0; texts[i] != NULL; i++)
    {
      GInetAddress *address = g_inet_address_new_from_string (texts[i]);
      GSocketFamily family = g_inet_address_get_family (address);

      if ((flags & G_RESOLVER_NAME_LOOKUP_FLAGS_IPV4_ONLY && family != G_SOCKET_FAMILY_IPV4) ||
          (flags & G_RESOLVER_NAME_LOOKUP_FLAGS_IPV6_ONLY && family != G_SOCKET_FAMILY_IPV6))
        g_object_unref (address);
      else
        addresses = g_list_append (addresses, address);
    }
  if (addresses == NULL)
    g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
                 "No test address of that family for %s", name);
  return addresses;
}

static GList *
test_resolver_lookup_by_name (GResolver     *resolver,
                              const char    *name,
                              GCancellable  *cancellable,
                              GError       **error)
{
  return resolve (TEST_RESOLVER (resolver), name, G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT, error);
}

static void
test_resolver_lookup_by_name_with_flags_async (GResolver                *resolver,
                                               const char               *name,
                                               GResolverNameLookupFlags  flags,
                                               GCancellable             *cancellable,
                                               GAsyncReadyCallback       callback,
                                               gpointer                  user_data)
{
  g_autoptr (GTask) task = g_task_new (resolver, cancellable, callback, user_data);
  GError *error = NULL;
  GList *addresses = resolve (TEST_RESOLVER (resolver), name, flags, &error);

  if (addresses == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, addresses, (GDestroyNotify) g_resolver_free_addresses);
}

static void
test_resolver_lookup_by_name_async (GResolver           *resolver,
                                    const char          *name,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  test_resolver_lookup_by_name_with_flags_async (resolver, name,
                                                 G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT,
                                                 cancellable, callback, user_data);
}

static GList *
test_resolver_lookup_by_name_finish (GResolver     *resolver,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
test_resolver_finalize (GObject *object)
{
  g_hash_table_unref (TEST_RESOLVER (object)->names);
  G_OBJECT_CLASS (test_resolver_parent_class)->finalize (object);
}

static void
test_resolver_class_init (TestResolverClass *klass)
{
  GResolverClass *resolver_class = G_RESOLVER_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = test_resolver_finalize;
  resolver_class->lookup_by_name = test_resolver_lookup_by_name;
  resolver_class->lookup_by_name_async = test_resolver_lookup_by_name_async;
  resolver_class->lookup_by_name_finish = test_resolver_lookup_by_name_finish;
  resolver_class->lookup_by_name_with_flags_async = test_resolver_lookup_by_name_with_flags_async;
  resolver_class->lookup_by_name_with_flags_finish = test_resolver_lookup_by_name_finish;
}

static void
test_resolver_init (TestResolver *self)
{
  self->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

typedef struct {
  const char *name;
  const char *addresses;   /* what the host name resolves to, in order */
  const char *refused;     /* what the delivery's error must contain; NULL: delivered */
} ResolveCase;

static const ResolveCase resolve_cases[] = {
  { "loopback", "127.0.0.1", NULL },
  { "private", "10.0.0.1", "“10.0.0.1” is a private network address" },
  { "metadata", "169.254.169.254", "link-local" },
  { "mapped", "::ffff:192.168.7.7", "“::ffff:192.168.7.7” is a private network address" },
  { "unique-local", "fd00::5", "unique local" },
  /* The first address is refused and the attempt ends there, never falling back. */
  { "private-first", "10.1.2.3,127.0.0.1", "“10.1.2.3”" },
};

/* A name that passes the URL rules and resolves where the case says: a delivered case's URL
 * is plain http (the receiver here has no TLS), which the rules keep for the loopback, so it
 * is written to the store as the endpoint's URL behind the rules' back. */
static void
test_resolved_address (Fixture       *f,
                       gconstpointer  data)
{
  const ResolveCase *c = data;
  g_autoptr (GResolver) original = g_resolver_get_default ();
  g_autoptr (TestResolver) resolver = g_object_new (TEST_TYPE_RESOLVER, NULL);
  g_autofree char *host = g_strdup_printf ("%s.test-resolver.example", c->name);
  g_autoptr (GUri) receiver = g_uri_parse (f->url, G_URI_FLAGS_NONE, NULL);
  g_autofree char *url = g_strdup_printf ("%s://%s:%d/hook", c->refused != NULL ? "https" : "http",
                                          host, g_uri_get_port (receiver));
  g_autoptr (FcDelivery) delivery = NULL;
  g_autoptr (GError) error = NULL;
  FcEndpoint *endpoint;

  g_hash_table_insert (resolver->names, g_strdup (host), g_strdup (c->addresses));
  g_resolver_set_default (G_RESOLVER (resolver));

  if (c->refused != NULL)
    {
      /* What the name leads to is only known when a delivery connects. */
      g_assert_true (fc_notifier_check_url (url, &error));
      g_assert_no_error (error);
      add_endpoint (f, url, NULL, NULL);
      for (guint i = 0; i < FC_NOTIFIER_MAX_ATTEMPTS; i++)
        g_test_expect_message ("fc-notifier", G_LOG_LEVEL_MESSAGE, "*Refused to connect to*");
    }
  else
    {
      g_autoptr (FcEndpoint) moved = NULL;

      endpoint = add_endpoint (f, f->url, NULL, NULL);
      moved = _fc_endpoint_new (fc_endpoint_get_id (endpoint), url, NULL, NULL, TRUE, 0, NULL,
                                1, 1);
      g_assert_true (_fc_notifier_store_save_endpoint (fc_engine_get_store (f->engine), moved,
                                                       &error));
      g_assert_no_error (error);
      g_assert_true (fc_notifier_reload (f->notifier, &error));
      g_assert_no_error (error);
      endpoint = fc_notifier_lookup_endpoint (f->notifier, fc_endpoint_get_id (moved));
      g_assert_cmpstr (fc_endpoint_get_url (endpoint), ==, url);
    }

  fc_notifier_start (f->notifier);
  emit (f, "record.created", record_data);
  wait_for_deliveries (f, c->refused != NULL ? FC_DELIVERY_STATUS_FAILED
                                             : FC_DELIVERY_STATUS_DELIVERED, 1, 10000);
  g_resolver_set_default (original);

  delivery = only_delivery (f);
  if (c->refused == NULL)
    {
      g_assert_cmpuint (f->requests->len, ==, 1);
      return;
    }

  g_test_assert_expected_messages ();
  g_test_message ("%s", fc_delivery_get_last_error (delivery));
  g_assert_cmpuint (f->requests->len, ==, 0);
  g_assert_cmpuint (fc_delivery_get_attempts (delivery), ==, FC_NOTIFIER_MAX_ATTEMPTS);
  g_assert_cmpuint (fc_delivery_get_last_status_code (delivery), ==, 0);
  g_assert_nonnull (strstr (fc_delivery_get_last_error (delivery), host));
  g_assert_nonnull (strstr (fc_delivery_get_last_error (delivery), c->refused));
}

static void
test_auto_disable (Fixture       *f,
                   gconstpointer  data)
{
  FcEndpoint *endpoint = add_endpoint (f, f->url, NULL, NULL);
  guint requests;

  f->default_reply = SOUP_STATUS_SERVICE_UNAVAILABLE;
  fc_notifier_set_retry_base_ms (f->notifier, 2);
  fc_notifier_start (f->notifier);
  for (guint i = 0; i < FC_NOTIFIER_MAX_CONSECUTIVE_FAILURES; i++)
    emit (f, "record.created", record_data);

  wait_until (f, endpoint_is_disabled, endpoint, 20000);
  g_assert_cmpuint (f->disabled_signals, ==, 1);
  g_assert_true (g_ptr_array_find_with_equal_func (f->engine_events, "endpoint.disabled",
                                                   g_str_equal, NULL));
  g_assert_cmpuint (fc_endpoint_get_consecutive_failures (endpoint), ==, 10);
  g_assert_nonnull (fc_endpoint_get_disabled_reason (endpoint));
  g_assert_nonnull (strstr (fc_endpoint_get_disabled_reason (endpoint), "503"));
  g_assert_cmpuint (count_deliveries (f, NULL, FC_DELIVERY_STATUS_FAILED), ==, 10);
  g_assert_cmpuint (f->requests->len, ==, 10 * FC_NOTIFIER_MAX_ATTEMPTS);

  /* What happens while disabled is kept, not sent. */
  requests = f->requests->len;
  emit (f, "record.created", record_data);
  run_for (100);
  g_assert_cmpuint (f->requests->len, ==, requests);
  g_assert_cmpuint (count_deliveries (f, NULL, FC_DELIVERY_STATUS_SKIPPED), ==, 1);

  /* The state is in the store, not only in the model. */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (FcEndpoint) stored =
      _fc_notifier_store_get_endpoint (fc_engine_get_store (f->engine),
                                       fc_endpoint_get_id (endpoint), &error);

    g_assert_no_error (error);
    g_assert_false (fc_endpoint_get_enabled (stored));
    g_assert_cmpuint (fc_endpoint_get_consecutive_failures (stored), ==, 10);
    g_assert_cmpstr (fc_endpoint_get_disabled_reason (stored), ==,
                     fc_endpoint_get_disabled_reason (endpoint));
  }
}

static void
test_success_resets (Fixture       *f,
                     gconstpointer  data)
{
  FcEndpoint *endpoint = add_endpoint (f, f->url, NULL, NULL);
  const guint fail = SOUP_STATUS_BAD_GATEWAY;

  for (guint i = 0; i < 2 * FC_NOTIFIER_MAX_ATTEMPTS; i++)
    g_array_append_val (f->replies, fail);
  fc_notifier_set_retry_base_ms (f->notifier, 2);
  fc_notifier_start (f->notifier);

  emit (f, "record.created", record_data);
  wait_for_deliveries (f, FC_DELIVERY_STATUS_FAILED, 1, 5000);
  emit (f, "record.created", record_data);
  wait_for_deliveries (f, FC_DELIVERY_STATUS_FAILED, 2, 5000);
  g_assert_cmpuint (fc_endpoint_get_consecutive_failures (endpoint), ==, 2);

  emit (f, "record.updated", record_data);
  wait_for_deliveries (f, FC_DELIVERY_STATUS_DELIVERED, 1, 5000);
  g_assert_cmpuint (fc_endpoint_get_consecutive_failures (endpoint), ==, 0);
  g_assert_true (fc_endpoint_get_enabled (endpoint));
}

static void
test_manual_retry (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr (FcDelivery) failed = NULL;
  g_autoptr (FcDelivery) retried = NULL;
  g_autoptr (FcDelivery) sent = NULL;
  g_autoptr (GPtrArray) pending = NULL;
  g_autoptr (GError) error = NULL;
  FcEndpoint *endpoint = add_endpoint (f, f->url, NULL, NULL);
  gint64 id;

  f->default_reply = SOUP_STATUS_INTERNAL_SERVER_ERROR;
  fc_notifier_start (f->notifier);
  emit (f, "sync.partial", "{\"runId\":\"run_1\",\"mappingId\":\"map_1\"}");
  wait_for_deliveries (f, FC_DELIVERY_STATUS_FAILED, 1, 5000);
  failed = only_delivery (f);
  id = fc_delivery_get_id (failed);

  f->default_reply = SOUP_STATUS_OK;
  g_assert_true (fc_notifier_retry_delivery (f->notifier, id, &error));
  g_assert_no_error (error);
  wait_for_deliveries (f, FC_DELIVERY_STATUS_DELIVERED, 1, 5000);
  retried = fc_notifier_get_delivery (f->notifier, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fc_delivery_get_attempts (retried), ==, 1);
  g_assert_cmpuint (f->requests->len, ==, FC_NOTIFIER_MAX_ATTEMPTS + 1);
  g_assert_cmpuint (fc_endpoint_get_consecutive_failures (endpoint), ==, 0);

  /* Only failed and skipped deliveries can be retried. */
  g_assert_false (fc_notifier_retry_delivery (f->notifier, id, &error));
  g_assert_error (error, FC_NOTIFIER_ERROR, FC_NOTIFIER_ERROR_NOT_RETRYABLE);
  g_clear_error (&error);
  g_assert_false (fc_notifier_retry_delivery (f->notifier, id + 1000, &error));
  g_assert_error (error, FC_NOTIFIER_ERROR, FC_NOTIFIER_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* The command line's way: the notifier is not started; the delivery is sent on request. */
  fc_notifier_stop (f->notifier);
  f->default_reply = SOUP_STATUS_NOT_FOUND;
  emit (f, "sync.partial", "{\"runId\":\"run_2\",\"mappingId\":\"map_1\"}");
  run_for (50);
  pending = list_deliveries (f, NULL, FC_DELIVERY_STATUS_PENDING);
  g_assert_cmpuint (pending->len, ==, 1);
  g_assert_cmpuint (f->requests->len, ==, FC_NOTIFIER_MAX_ATTEMPTS + 1);
  id = fc_delivery_get_id (g_ptr_array_index (pending, 0));
  {
    g_autoptr (GAsyncResult) result = NULL;

    fc_notifier_send_delivery_async (f->notifier, id, NULL, fc_test_on_ready_cb, &result);
    sent = fc_notifier_send_delivery_finish (f->notifier, fc_test_wait_for (&result), &error);
    g_assert_no_error (error);
    g_assert_cmpint (fc_delivery_get_status (sent), ==, FC_DELIVERY_STATUS_FAILED);
    g_assert_cmpuint (fc_delivery_get_last_status_code (sent), ==, 404);
    g_clear_object (&sent);
  }
  f->default_reply = SOUP_STATUS_ACCEPTED;
  g_assert_true (fc_notifier_retry_delivery (f->notifier, id, &error));
  g_assert_no_error (error);
  {
    g_autoptr (GAsyncResult) result = NULL;

    fc_notifier_send_delivery_async (f->notifier, id, NULL, fc_test_on_ready_cb, &result);
    sent = fc_notifier_send_delivery_finish (f->notifier, fc_test_wait_for (&result), &error);
    g_assert_no_error (error);
    g_assert_cmpint (fc_delivery_get_status (sent), ==, FC_DELIVERY_STATUS_DELIVERED);
    g_assert_cmpuint (fc_delivery_get_last_status_code (sent), ==, 202);
    g_assert_cmpuint (fc_delivery_get_attempts (sent), ==, 1);
  }
}

static gboolean
set_contains_event_ids (GPtrArray *requests,
                        GPtrArray *deliveries)
{
  for (guint i = 0; i < deliveries->len; i++)
    {
      const char *event_id = fc_delivery_get_event_id (g_ptr_array_index (deliveries, i));
      gboolean seen = FALSE;

      for (guint j = 0; j < requests->len && !seen; j++)
        seen = g_strcmp0 (((Request *) g_ptr_array_index (requests, j))->event_id, event_id) == 0;
      if (!seen)
        return FALSE;
    }
  return TRUE;
}

static void
test_replay (Fixture       *f,
             gconstpointer  data)
{
  FcEndpoint *endpoint = add_endpoint (f, f->url, NULL, NULL);
  const char *id = fc_endpoint_get_id (endpoint);
  g_autoptr (GPtrArray) skipped = NULL;
  g_autoptr (GError) error = NULL;

  fc_notifier_start (f->notifier);

  /* Disabled by the user: events are kept as skipped; enabling without replay sends none. */
  g_assert_true (fc_notifier_set_endpoint_enabled (f->notifier, id, FALSE, FALSE, &error));
  g_assert_no_error (error);
  g_assert_null (fc_endpoint_get_disabled_reason (endpoint));
  emit (f, "mapping.updated", "{\"mappingId\":\"map_1\",\"name\":\"People\"}");
  g_assert_true (fc_notifier_set_endpoint_enabled (f->notifier, id, TRUE, FALSE, &error));
  g_assert_no_error (error);
  run_for (100);
  g_assert_cmpuint (f->requests->len, ==, 0);
  g_assert_cmpuint (count_deliveries (f, id, FC_DELIVERY_STATUS_SKIPPED), ==, 1);

  /* A skipped delivery cannot be retried while its endpoint is disabled. */
  g_assert_true (fc_notifier_set_endpoint_enabled (f->notifier, id, FALSE, FALSE, &error));
  skipped = list_deliveries (f, id, FC_DELIVERY_STATUS_SKIPPED);
  g_assert_false (fc_notifier_retry_delivery (f->notifier,
                                              fc_delivery_get_id (g_ptr_array_index (skipped, 0)),
                                              &error));
  g_assert_error (error, FC_NOTIFIER_ERROR, FC_NOTIFIER_ERROR_DISABLED);
  g_clear_error (&error);
  g_clear_pointer (&skipped, g_ptr_array_unref);

  emit (f, "mapping.activated", "{\"mappingId\":\"map_1\",\"name\":\"People\"}");
  emit (f, "mapping.deactivated", "{\"mappingId\":\"map_1\",\"name\":\"People\"}");
  run_for (50);
  g_assert_cmpuint (f->requests->len, ==, 0);
  skipped = list_deliveries (f, id, FC_DELIVERY_STATUS_SKIPPED);
  g_assert_cmpuint (skipped->len, ==, 3);

  /* Enabling with replay sends everything that was missed. */
  g_assert_true (fc_notifier_set_endpoint_enabled (f->notifier, id, TRUE, TRUE, &error));
  g_assert_no_error (error);
  wait_for_deliveries (f, FC_DELIVERY_STATUS_DELIVERED, 3, 5000);
  g_assert_cmpuint (f->requests->len, ==, 3);
  g_assert_true (set_contains_event_ids (f->requests, skipped));
  g_assert_cmpuint (count_deliveries (f, id, FC_DELIVERY_STATUS_SKIPPED), ==, 0);
}

static gboolean
first_attempt_recorded (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr (GPtrArray) deliveries = list_deliveries (f, NULL, FC_DELIVERY_STATUS_PENDING);

  return deliveries->len == 1 &&
         fc_delivery_get_attempts (g_ptr_array_index (deliveries, 0)) == 1;
}

static void
test_restart_resumes (Fixture       *f,
                      gconstpointer  data)
{
  const guint fail = SOUP_STATUS_INTERNAL_SERVER_ERROR;
  const guint base = 400;
  g_autoptr (GPtrArray) deliveries = NULL;
  Request *first;
  Request *second;

  add_endpoint (f, f->url, NULL, NULL);
  g_array_append_val (f->replies, fail);
  fc_notifier_set_retry_base_ms (f->notifier, base);
  fc_notifier_start (f->notifier);

  /* One delivery between its first and second attempt ... */
  emit (f, "sync.completed", "{\"runId\":\"run_1\",\"mappingId\":\"map_1\"}");
  wait_until (f, first_attempt_recorded, NULL, 5000);
  /* ... and one queued by a process that never sends. */
  fc_notifier_stop (f->notifier);
  emit (f, "connection.expired", "{\"connectionId\":\"con_1\",\"provider\":\"jobber\"}");
  run_for (50);
  g_assert_cmpuint (f->requests->len, ==, 1);
  g_assert_cmpuint (count_deliveries (f, NULL, FC_DELIVERY_STATUS_PENDING), ==, 2);

  /* A new process on the same data folder. */
  close_engine (f);
  open_engine (f);
  fc_notifier_set_retry_base_ms (f->notifier, base);
  g_assert_cmpuint (g_list_model_get_n_items (fc_notifier_get_endpoints (f->notifier)), ==, 1);
  fc_notifier_start (f->notifier);
  wait_for_deliveries (f, FC_DELIVERY_STATUS_DELIVERED, 2, 5000);

  g_assert_cmpuint (f->requests->len, ==, 3);
  first = g_ptr_array_index (f->requests, 0);
  for (guint i = 1; i < f->requests->len; i++)
    {
      second = g_ptr_array_index (f->requests, i);
      if (g_strcmp0 (second->event_id, first->event_id) == 0)
        /* The wait an earlier process began is kept. */
        g_assert_cmpint ((second->at_us - first->at_us) / 1000, >=, base - 5);
    }

  deliveries = list_deliveries (f, NULL, FC_DELIVERY_STATUS_DELIVERED);
  for (guint i = 0; i < deliveries->len; i++)
    {
      FcDelivery *delivery = g_ptr_array_index (deliveries, i);

      if (g_strcmp0 (fc_delivery_get_event_type (delivery), "sync.completed") == 0)
        g_assert_cmpuint (fc_delivery_get_attempts (delivery), ==, 2);
      else
        g_assert_cmpuint (fc_delivery_get_attempts (delivery), ==, 1);
    }
}

/* Two processes on one data folder (the app and `fluxcascade-cli serve`) each run a notifier
 * over the same pending deliveries: a delivery one of them is sending, the other leaves alone,
 * and every delivery is sent once. */
static void
test_two_processes (Fixture       *f,
                    gconstpointer  data)
{
  const guint n = 8;
  const guint hang = HANG;
  g_autoptr (GHashTable) sent = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (FcEngine) other = NULL;
  g_autoptr (GError) error = NULL;
  FcNotifier *other_notifier;

  add_endpoint (f, f->url, NULL, NULL);
  other = fc_engine_new (f->data_dir, &error);
  g_assert_no_error (error);
  other_notifier = fc_engine_get_notifier (other);
  fc_notifier_set_timeout_ms (other_notifier, 3000);
  g_assert_cmpuint (g_list_model_get_n_items (fc_notifier_get_endpoints (other_notifier)), ==, 1);

  /* The other process has sent a delivery before: it holds the signing secret, and sends as
   * soon as its pump finds a pending row. */
  emit (f, "connection.expired", "{\"connectionId\":\"con_1\",\"provider\":\"jobber\"}");
  fc_notifier_start (other_notifier);
  wait_for_deliveries (f, FC_DELIVERY_STATUS_DELIVERED, 1, 5000);
  fc_notifier_stop (other_notifier);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"runId\":\"run_%u\",\"mappingId\":\"map_1\"}",
                                               i);

      emit (f, "sync.completed", json);
    }
  /* This process's first attempts go unanswered for now (two at once: libsoup's connections
   * to one host; its next two wait for a connection) ... */
  for (guint i = 0; i < 2; i++)
    g_array_append_val (f->replies, hang);
  fc_notifier_start (f->notifier);
  wait_until (f, has_requests, GUINT_TO_POINTER (1 + 2), 5000);

  /* ... while the other's pump finds those rows still pending. */
  fc_notifier_start (other_notifier);
  run_for (500);
  g_assert_cmpuint (f->requests->len, ==, 1 + 2);

  for (guint i = 0; i < f->held->len; i++)
    {
      SoupServerMessage *held = g_ptr_array_index (f->held, i);

      soup_server_message_set_status (held, SOUP_STATUS_OK, NULL);
      soup_server_message_unpause (held);
    }
  wait_for_deliveries (f, FC_DELIVERY_STATUS_DELIVERED, 1 + n, 10000);
  /* Nothing more comes: a second copy would be on its way by now. */
  run_for (300);

  g_assert_cmpuint (f->requests->len, ==, 1 + n);
  for (guint i = 0; i < f->requests->len; i++)
    {
      Request *request = g_ptr_array_index (f->requests, i);

      g_hash_table_add (sent, request->event_id);
    }
  g_assert_cmpuint (g_hash_table_size (sent), ==, 1 + n);
  fc_notifier_stop (other_notifier);
}

/* A delivery answered 2xx whose end the store cannot record (the disk full) is kept by its
 * job and recorded later; it used to go back to the pump, still pending in the store, and be
 * sent again and again as fast as the store failed. */
static void
test_store_refuses_end (Fixture       *f,
                        gconstpointer  data)
{
  sqlite3 *db = _fc_store_get_db (fc_engine_get_store (f->engine));
  g_autoptr (FcDelivery) delivery = NULL;
  const guint hang = HANG;
  SoupServerMessage *held;

  add_endpoint (f, f->url, NULL, NULL);
  emit (f, "sync.completed", "{\"runId\":\"run_1\",\"mappingId\":\"map_1\"}");
  g_assert_cmpuint (count_deliveries (f, NULL, FC_DELIVERY_STATUS_PENDING), ==, 1);

  g_array_append_val (f->replies, hang);
  fc_notifier_start (f->notifier);
  wait_until (f, has_requests, GUINT_TO_POINTER (1), 5000);
  /* The attempt is under way; from now on every write fails, and then it is answered */
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA query_only = ON", NULL, NULL, NULL), ==, SQLITE_OK);
  g_test_expect_message ("fc-notifier", G_LOG_LEVEL_WARNING,
                         "Delivery *recording a webhook delivery attempt*");
  held = g_ptr_array_index (f->held, 0);
  soup_server_message_set_status (held, SOUP_STATUS_OK, NULL);
  soup_server_message_unpause (held);
  run_for (400);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (f->requests->len, ==, 1);
  g_assert_cmpuint (count_deliveries (f, NULL, FC_DELIVERY_STATUS_PENDING), ==, 1);

  g_assert_cmpint (sqlite3_exec (db, "PRAGMA query_only = OFF", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  wait_for_deliveries (f, FC_DELIVERY_STATUS_DELIVERED, 1, 5000);
  g_assert_cmpuint (f->requests->len, ==, 1);
  delivery = only_delivery (f);
  g_assert_cmpuint (fc_delivery_get_attempts (delivery), ==, 1);
}

/* ---- subscriptions, editing, removal -------------------------------------------------------- */

/* Whether an event would reach anyone (the sync runner skips building the others): an
 * endpoint wanting its type, enabled or not, or any handler of the engine's signal. */
static void
test_wants_event (Fixture       *f,
                  gconstpointer  data)
{
  const char * const types[] = { "record.created", NULL };

  g_signal_handlers_disconnect_by_func (f->engine, on_engine_event_cb, f);
  g_assert_false (_fc_engine_wants_event (f->engine, "record.created"));

  add_endpoint (f, f->url, types, NULL);
  g_assert_true (_fc_engine_wants_event (f->engine, "record.created"));
  g_assert_false (_fc_engine_wants_event (f->engine, "record.updated"));
  g_assert_false (_fc_engine_wants_event (f->engine, "record.no-such-kind"));

  g_signal_connect (f->engine, "event", G_CALLBACK (on_engine_event_cb), f);
  g_assert_true (_fc_engine_wants_event (f->engine, "record.updated"));
  g_assert_true (_fc_engine_wants_event (f->engine, "record.no-such-kind"));
}

static void
test_subscriptions (Fixture       *f,
                    gconstpointer  data)
{
  static const char * const only_failures[] = { "sync.failed", NULL };
  static const char * const unknown[] = { "sync.failed", "sync.exploded", NULL };
  static const char * const every[] = { NULL };
  FcEndpoint *picky = add_endpoint (f, f->url, only_failures, NULL);
  FcEndpoint *all = add_endpoint (f, f->url, NULL, NULL);
  g_autoptr (GError) error = NULL;

  emit (f, "record.created", record_data);
  emit (f, "sync.failed", "{\"runId\":\"run_1\",\"mappingId\":\"map_1\"}");
  /* Not in the document's list: not sent anywhere. */
  emit (f, "conflict.resolved", "{\"conflictId\":1}");
  emit (f, "endpoint.disabled", "{\"endpointId\":\"wh_x\"}");
  /* A dry run changes nothing, so it announces nothing. */
  emit (f, "sync.failed", "{\"runId\":\"run_2\",\"mappingId\":\"map_1\",\"dryRun\":true}");

  g_assert_cmpuint (count_deliveries (f, fc_endpoint_get_id (picky), -1), ==, 1);
  g_assert_cmpuint (count_deliveries (f, fc_endpoint_get_id (all), -1), ==, 2);

  g_assert_false (fc_notifier_update_endpoint (f->notifier, fc_endpoint_get_id (picky), NULL,
                                               NULL, unknown, &error));
  g_assert_error (error, FC_NOTIFIER_ERROR, FC_NOTIFIER_ERROR_UNKNOWN_EVENT_TYPE);
  g_clear_error (&error);
  g_assert_false (fc_notifier_update_endpoint (f->notifier, fc_endpoint_get_id (picky),
                                               "http://192.168.1.5/hook", NULL, NULL, &error));
  g_assert_error (error, FC_NOTIFIER_ERROR, FC_NOTIFIER_ERROR_INSECURE_URL);
  g_clear_error (&error);
  g_assert_cmpstr (fc_endpoint_get_url (picky), ==, f->url);

  g_assert_true (fc_notifier_update_endpoint (f->notifier, fc_endpoint_get_id (picky), NULL,
                                              "now everything", every, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (fc_endpoint_get_description (picky), ==, "now everything");
  g_assert_null (fc_endpoint_get_event_types (picky)[0]);
  emit (f, "record.error", record_data);
  g_assert_cmpuint (count_deliveries (f, fc_endpoint_get_id (picky), -1), ==, 2);

  /* Nothing was sent: the notifier was never started. */
  run_for (50);
  g_assert_cmpuint (f->requests->len, ==, 0);
}

/* Saving, pausing, resuming and removing a mapping announce mapping.* events, each once. */
static void
test_mapping_events (Fixture       *f,
                     gconstpointer  data)
{
  static const char * const expected[] = {
    "mapping.created", "mapping.updated", "mapping.deactivated", "mapping.updated",
    "mapping.updated", "mapping.activated", "mapping.deleted",
  };
  g_autoptr (FcConnection) source = fc_connection_new (FC_PROVIDER_HUBSPOT);
  g_autoptr (FcConnection) target = fc_connection_new (FC_PROVIDER_JOBBER);
  g_autoptr (FcMapping) mapping = fc_mapping_new ();
  g_autoptr (FcFieldPair) email = fc_field_pair_new_simple ("email", "email");
  FcEndpoint *all = add_endpoint (f, f->url, NULL, NULL);
  g_autoptr (GError) error = NULL;
  guint first;

  fc_connection_set_account_id (source, "hub-1");
  fc_connection_set_account_id (target, "jobber-1");
  g_assert_true (fc_engine_save_connection (f->engine, source, &error));
  g_assert_true (fc_engine_save_connection (f->engine, target, &error));
  g_assert_no_error (error);

  fc_mapping_set_name (mapping, "Contacts to clients");
  fc_mapping_set_source_connection_id (mapping, fc_connection_get_id (source));
  fc_mapping_set_source_object (mapping, "contacts");
  fc_mapping_set_target_connection_id (mapping, fc_connection_get_id (target));
  fc_mapping_set_target_object (mapping, "clients");
  fc_mapping_add_field_pair (mapping, email);

  first = f->engine_events->len;
  g_assert_true (fc_engine_save_mapping (f->engine, mapping, &error));
  /* Edited in place, as the app does with the listed object: compared with the stored row. */
  fc_mapping_set_active (mapping, FALSE);
  g_assert_true (fc_engine_save_mapping (f->engine, mapping, &error));
  g_assert_true (fc_engine_save_mapping (f->engine, mapping, &error));
  fc_mapping_set_active (mapping, TRUE);
  g_assert_true (fc_engine_save_mapping (f->engine, mapping, &error));
  g_assert_true (fc_engine_remove_mapping (f->engine, fc_mapping_get_id (mapping), &error));
  g_assert_no_error (error);

  g_assert_cmpuint (f->engine_events->len - first, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (g_ptr_array_index (f->engine_events, first + i), ==, expected[i]);
  /* Each became a delivery for an endpoint that wants every event. */
  g_assert_cmpuint (count_deliveries (f, fc_endpoint_get_id (all), -1), ==,
                    G_N_ELEMENTS (expected));
}

static void
test_remove (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *secret = NULL;
  g_autofree char *id = NULL;
  g_autofree char *in_keyring = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  FcEndpoint *endpoint = add_endpoint (f, f->url, NULL, &secret);

  id = g_strdup (fc_endpoint_get_id (endpoint));
  in_keyring = secret_password_lookup_sync (_fc_notifier_secret_get_schema (), NULL, &error,
                                            "endpoint-id", id, NULL);
  g_assert_no_error (error);
  g_assert_cmpstr (in_keyring, ==, secret);
  g_clear_pointer (&in_keyring, g_free);

  emit (f, "record.created", record_data);
  g_assert_cmpuint (count_deliveries (f, id, -1), ==, 1);

  fc_notifier_remove_endpoint_async (f->notifier, id, NULL, fc_test_on_ready_cb, &result);
  g_assert_true (fc_notifier_remove_endpoint_finish (f->notifier, fc_test_wait_for (&result),
                                                     &error));
  g_assert_no_error (error);

  g_assert_cmpuint (g_list_model_get_n_items (fc_notifier_get_endpoints (f->notifier)), ==, 0);
  g_assert_cmpuint (count_deliveries (f, id, -1), ==, 0);
  in_keyring = secret_password_lookup_sync (_fc_notifier_secret_get_schema (), NULL, &error,
                                            "endpoint-id", id, NULL);
  g_assert_no_error (error);
  g_assert_null (in_keyring);
}

/* ---- secrets stay secret -------------------------------------------------------------------- */

/* Whether @needle is anywhere in the @length bytes at @haystack (which may hold NULs). */
static gboolean
bytes_contain (const char *haystack,
               gsize       length,
               const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; n <= length && i <= length - n; i++)
    if (memcmp (haystack + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

static void
assert_file_lacks (const char *path,
                   const char *needle)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return;
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_test_message ("%s: %" G_GSIZE_FORMAT " bytes", path, length);
  g_assert_false (bytes_contain (contents, length, needle));
}

static char *
run_cli (Fixture    *f,
         int        *out_status,
         ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("FC_CLI"));
  g_ptr_array_add (argv, (gpointer) "--data-dir");
  g_ptr_array_add (argv, f->data_dir);
  va_start (args, out_status);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_test_message ("cli: %s%s", out, err);
  *out_status = g_subprocess_get_exit_status (process);
  return out;
}

static void
test_secret_not_stored (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *secret = NULL;
  g_autofree char *rotated = NULL;
  g_autofree char *db = g_build_filename (f->data_dir, FC_STORE_FILE_NAME, NULL);
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (db, "-shm", NULL);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  FcEndpoint *endpoint = add_endpoint (f, f->url, NULL, &secret);
  const char *id = fc_endpoint_get_id (endpoint);
  const char * const *commands[] = {
    (const char * const []) { "endpoints", "list", NULL },
    (const char * const []) { "endpoints", "list", "--json", NULL },
    (const char * const []) { "deliveries", "list", NULL },
    (const char * const []) { "deliveries", "list", "--json", NULL },
  };

  fc_notifier_start (f->notifier);
  emit (f, "connection.created", "{\"connectionId\":\"con_1\",\"provider\":\"hubspot\"}");
  wait_for_deliveries (f, FC_DELIVERY_STATUS_DELIVERED, 1, 5000);
  g_assert_null (strstr (((Request *) g_ptr_array_index (f->requests, 0))->body, secret));

  fc_notifier_rotate_secret_async (f->notifier, id, NULL, fc_test_on_ready_cb, &result);
  rotated = fc_notifier_rotate_secret_finish (f->notifier, fc_test_wait_for (&result), &error);
  g_assert_no_error (error);

  /* The bytes of the database and its journal files. */
  for (guint i = 0; i < 2; i++)
    {
      const char *needle = i == 0 ? secret : rotated;

      assert_file_lacks (db, needle);
      assert_file_lacks (wal, needle);
      assert_file_lacks (shm, needle);
      /* Nor the part after the prefix, in case of another encoding of the whole. */
      assert_file_lacks (db, needle + strlen (FC_NOTIFIER_SECRET_PREFIX));
      assert_file_lacks (wal, needle + strlen (FC_NOTIFIER_SECRET_PREFIX));
    }

  /* The command line lists the endpoint but never its secret. */
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      const char * const *c = commands[i];
      int status;
      g_autofree char *out = run_cli (f, &status, c[0], c[1], c[2], NULL);

      g_assert_cmpint (status, ==, 0);
      g_assert_nonnull (strstr (out, id));
      g_assert_null (strstr (out, secret));
      g_assert_null (strstr (out, rotated));
      g_assert_null (strstr (out, "whsec_"));
    }
}

static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *added = NULL;
  g_autofree char *listed = NULL;
  g_autofree char *refused = NULL;
  g_autofree char *disabled = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *removed = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *id = NULL;
  const char *secret;
  JsonObject *first;
  int status;

  if (keyring_dir != NULL)
    {
      /* libsecret's file backend refuses writes once another process changed the file. */
      g_test_skip ("the CLI writes the keyring from another process: run this test inside "
                   "build-aux/fc-headless-session");
      return;
    }

  added = run_cli (f, &status, "endpoints", "add", f->url, "--event", "sync.failed",
                   "--event", "record.created", "--description", "Alerts", NULL);
  g_assert_cmpint (status, ==, 0);
  secret = strstr (added, "whsec_");
  g_assert_nonnull (secret);
  /* Once. */
  g_assert_null (strstr (secret + 1, "whsec_"));

  listed = run_cli (f, &status, "endpoints", "list", "--json", NULL);
  g_assert_cmpint (status, ==, 0);
  root = json_from_string (listed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 1);
  first = json_array_get_object_element (json_node_get_array (root), 0);
  id = g_strdup (json_object_get_string_member (first, "id"));
  g_assert_cmpstr (json_object_get_string_member (first, "url"), ==, f->url);
  g_assert_cmpstr (json_object_get_string_member (first, "description"), ==, "Alerts");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (first, "eventTypes")),
                    ==, 2);
  g_assert_null (strstr (listed, "whsec_"));

  refused = run_cli (f, &status, "endpoints", "add", "http://192.168.1.5/hook", NULL);
  g_assert_cmpint (status, ==, 2);

  disabled = run_cli (f, &status, "endpoints", "disable", id, NULL);
  g_assert_cmpint (status, ==, 0);
  shown = run_cli (f, &status, "endpoints", "list", NULL);
  g_assert_nonnull (strstr (shown, "disabled"));

  /* The engine of this test sees what the other process did once it reads again. */
  g_assert_true (fc_notifier_reload (f->notifier, &error));
  g_assert_no_error (error);
  g_assert_false (fc_endpoint_get_enabled (fc_notifier_lookup_endpoint (f->notifier, id)));

  removed = run_cli (f, &status, "endpoints", "remove", id, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (fc_notifier_reload (f->notifier, &error));
  g_assert_cmpuint (g_list_model_get_n_items (fc_notifier_get_endpoints (f->notifier)), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  use_private_keyring ();

  for (guint i = 0; i < G_N_ELEMENTS (url_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fc/notifier/url-rules/%u", i);

      g_test_add_data_func (path, &url_cases[i], test_url_rule);
    }
  for (guint i = 0; i < G_N_ELEMENTS (payload_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fc/notifier/payload/%s", payload_cases[i].type);

      g_test_add (path, Fixture, &payload_cases[i], fixture_set_up, test_payload,
                  fixture_tear_down);
    }

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/fc/notifier/add-refused", test_add_refused);
  ADD ("/fc/notifier/signature", test_signature);
  ADD ("/fc/notifier/rotate-secret", test_rotate_secret);
  ADD ("/fc/notifier/retry-timing", test_retry_timing);
  ADD ("/fc/notifier/timeout", test_timeout);
  ADD ("/fc/notifier/no-redirect", test_no_redirect);
  for (guint i = 0; i < G_N_ELEMENTS (resolve_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fc/notifier/resolved-address/%s",
                                               resolve_cases[i].name);

      g_test_add (path, Fixture, &resolve_cases[i], fixture_set_up, test_resolved_address,
                  fixture_tear_down);
    }
  ADD ("/fc/notifier/auto-disable", test_auto_disable);
  ADD ("/fc/notifier/success-resets", test_success_resets);
  ADD ("/fc/notifier/manual-retry", test_manual_retry);
  ADD ("/fc/notifier/replay", test_replay);
  ADD ("/fc/notifier/restart-resumes", test_restart_resumes);
  ADD ("/fc/notifier/store-refuses-end", test_store_refuses_end);
  ADD ("/fc/notifier/two-processes", test_two_processes);
  ADD ("/fc/notifier/subscriptions", test_subscriptions);
  ADD ("/fc/notifier/wants-event", test_wants_event);
  ADD ("/fc/notifier/remove", test_remove);
  ADD ("/fc/notifier/mapping-events", test_mapping_events);
  ADD ("/fc/notifier/secret-not-stored", test_secret_not_stored);
  ADD ("/fc/notifier/cli", test_cli);
#undef ADD

  {
    int status = g_test_run ();

    if (keyring_dir != NULL)
      fc_test_remove_tree (keyring_dir);
    return status;
  }
}
