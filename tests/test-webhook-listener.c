/* test-webhook-listener.c: the webhook listener over real HTTP on loopback, with the simulated
 * providers sending the webhooks, the real engine, a real SQLite file and the session's keyring
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <libsoup/soup.h>

#include "fc-engine.h"
#include "fc-sim.h"
#include "fc-sim-jobber.h"
#include "fc-store-private.h"
#include "fc-sync-store.h"
#include "fc-test-people.h"
#include "fc-test-util.h"

#define HUBSPOT_TOKEN   "pat-na1-webhook-test-51d2"
#define PIPEDRIVE_TOKEN "4c1e7a9b2d5f8e0a3c6b9d2e5f8a1b4c7d0e3f6a"
/* A "minute" of the retry schedule, in the tests */
#define MINUTE_MS       20

typedef struct {
  FcSim             *sim;
  char              *data_dir;
  FcEngine          *engine;
  FcWebhookListener *listener;
  SoupSession       *browser;   /* the OAuth sign-ins' browser */
  SoupSession       *client;    /* the test's own deliveries */
  FcConnection      *hubspot;
  FcConnection      *pipedrive;
  FcConnection      *jobber;
  FcMapping         *mapping;
  GArray            *rejected;  /* guint statuses */
  guint              accepted;
  guint              stored;
  GHashTable        *processed; /* event id -> last status */
  guint              n_processed;
} Fixture;

/* ---- set-up ----------------------------------------------------------------------------- */

/* A connection through the engine, one try per request (no retries). */
static FcConnection *
add_connection (Fixture    *fixture,
                FcProvider  provider,
                const char *name,
                const char *token)
{
  return fc_test_add_sim_connection (fixture->engine, fixture->sim, fixture->browser, provider,
                                     name, token, 1);
}

static void
on_rejected_cb (FcWebhookListener *listener,
                guint              status,
                const char        *connection_id,
                const char        *reason,
                Fixture           *fixture)
{
  g_assert_nonnull (reason);
  g_array_append_val (fixture->rejected, status);
}

static void
on_accepted_cb (FcWebhookListener *listener,
                const char        *connection_id,
                guint              n_events,
                guint              n_stored,
                Fixture           *fixture)
{
  fixture->accepted++;
  fixture->stored += n_stored;
}

static void
on_event_processed_cb (FcWebhookListener *listener,
                       gint64             id,
                       const char        *status,
                       Fixture           *fixture)
{
  g_hash_table_replace (fixture->processed, g_memdup2 (&id, sizeof id), g_strdup (status));
  fixture->n_processed++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  const guint delays[] = { 20 };

  fixture->sim = fc_sim_new ();
  fc_sim_set_seed (fixture->sim, 61);
  g_assert_true (fc_sim_add_static_token (fixture->sim, "hubspot", HUBSPOT_TOKEN, &error));
  g_assert_true (fc_sim_add_static_token (fixture->sim, "pipedrive", PIPEDRIVE_TOKEN, &error));
  g_assert_no_error (error);
  g_assert_true (fc_sim_start_in_thread (fixture->sim, 0, &error));
  g_assert_no_error (error);
  fc_test_use_sim_client (fixture->sim, "jobber");
  /* HubSpot signs with its app's client secret: the packaged one here */
  g_setenv ("FLUXCASCADE_HUBSPOT_CLIENT_SECRET",
            fc_sim_get_client_secret (fixture->sim, "hubspot"), TRUE);
  for (guint i = 0; i < 3; i++)
    {
      const char *provider = (const char *[]) { "hubspot", "pipedrive", "jobber" }[i];

      g_assert_true (fc_sim_set_webhook_retries (fixture->sim, provider, 2, delays, 1, &error));
      g_assert_no_error (error);
    }

  fixture->data_dir = g_dir_make_tmp ("fc-webhook-listener-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->engine = fc_engine_new (fixture->data_dir, &error);
  g_assert_no_error (error);
  fixture->browser = soup_session_new ();
  fixture->client = soup_session_new ();
  fixture->rejected = g_array_new (FALSE, FALSE, sizeof (guint));
  fixture->processed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);

  fixture->hubspot = add_connection (fixture, FC_PROVIDER_HUBSPOT, "hubspot", HUBSPOT_TOKEN);
  fixture->pipedrive = add_connection (fixture, FC_PROVIDER_PIPEDRIVE, "pipedrive",
                                       PIPEDRIVE_TOKEN);
  fixture->jobber = add_connection (fixture, FC_PROVIDER_JOBBER, "jobber", NULL);

  fixture->listener = fc_engine_get_webhook_listener (fixture->engine);
  g_assert_true (fc_engine_get_webhook_listener (fixture->engine) == fixture->listener);
  fc_webhook_listener_set_port (fixture->listener, 0);
  fc_webhook_listener_set_minute_ms (fixture->listener, MINUTE_MS);
  fc_webhook_listener_set_batch_delay_ms (fixture->listener, 5);
  g_signal_connect (fixture->listener, "rejected", G_CALLBACK (on_rejected_cb), fixture);
  g_signal_connect (fixture->listener, "accepted", G_CALLBACK (on_accepted_cb), fixture);
  g_signal_connect (fixture->listener, "event-processed", G_CALLBACK (on_event_processed_cb),
                    fixture);
  g_assert_true (fc_webhook_listener_start (fixture->listener, &error));
  g_assert_no_error (error);
  g_assert_true (fc_webhook_listener_get_running (fixture->listener));
  g_assert_cmpuint (fc_webhook_listener_get_bound_port (fixture->listener), >, 0);
}

static guint count_events (Fixture *fixture, const char *status);

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  /* the runs still going hold the engine: let them end */
  while (count_events (fixture, "pending") > 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handlers_disconnect_by_data (fixture->listener, fixture);
  fc_webhook_listener_stop (fixture->listener);
  g_assert_false (fc_webhook_listener_get_running (fixture->listener));
  g_clear_object (&fixture->mapping);
  g_clear_object (&fixture->hubspot);
  g_clear_object (&fixture->pipedrive);
  g_clear_object (&fixture->jobber);
  g_assert_finalize_object (fixture->engine);
  fc_sim_stop (fixture->sim);
  g_clear_object (&fixture->sim);
  g_clear_object (&fixture->browser);
  g_clear_object (&fixture->client);
  fc_test_remove_tree (fixture->data_dir);
  g_free (fixture->data_dir);
  g_array_unref (fixture->rejected);
  g_hash_table_unref (fixture->processed);
}

/* ---- helpers ---------------------------------------------------------------------------- */

static gboolean
on_timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

typedef gboolean (*Predicate) (Fixture *fixture, gconstpointer data);

/* Runs the main context until @predicate holds, at most @timeout_ms. */
static gboolean
wait_until (Fixture       *fixture,
            Predicate      predicate,
            gconstpointer  data,
            guint          timeout_ms)
{
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add (timeout_ms * fc_test_timeout_multiplier (), on_timeout_cb,
                                 &timed_out);

  while (!predicate (fixture, data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timeout);
  return predicate (fixture, data);
}

/* Lets the main context run for @ms. */
static void
run_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, on_timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static JsonArray *
list_events (Fixture    *fixture,
             const char *status)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = fc_webhook_listener_list_events (fixture->listener, NULL, status,
                                                                0, 1000, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  return json_array_ref (json_node_get_array (node));
}

static guint
count_events (Fixture    *fixture,
              const char *status)
{
  g_autoptr (JsonArray) events = list_events (fixture, status);

  return json_array_get_length (events);
}

static gboolean
events_stored (Fixture       *fixture,
               gconstpointer  data)
{
  return count_events (fixture, NULL) >= GPOINTER_TO_UINT (data);
}

/* Every stored event has left "pending" (done, ignored or failed). */
static gboolean
nothing_pending (Fixture       *fixture,
                 gconstpointer  data)
{
  return count_events (fixture, NULL) > 0 && count_events (fixture, "pending") == 0;
}

static gint64
count_runs (Fixture *fixture)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (sqlite3_stmt) stmt = _fc_store_prepare (fc_engine_get_store (fixture->engine),
                                                     "SELECT COUNT (*) FROM runs", &error);

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

typedef struct {
  guint  status;
  gint64 elapsed_us;
  char  *body;
} Answer;

static void
answer_clear (Answer *answer)
{
  g_free (answer->body);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Answer, answer_clear)

/* Sends a request to the listener (running on this thread) and waits for the answer. @headers:
 * name, value, ..., NULL. */
static void
send_request (Fixture     *fixture,
              const char  *method,
              const char  *url,
              const char  *body,
              gssize       length,
              Answer      *answer,
              ...)
{
  g_autoptr (SoupMessage) message = soup_message_new (method, url);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;
  const char *name;
  gint64 started;
  va_list args;

  g_assert_nonnull (message);
  if (body != NULL)
    {
      g_autoptr (GBytes) request = g_bytes_new (body, length < 0 ? strlen (body) : (gsize) length);

      soup_message_set_request_body_from_bytes (message, "application/json", request);
    }
  /* after the body, so that a Transfer-Encoding given here wins over its Content-Length */
  va_start (args, answer);
  while ((name = va_arg (args, const char *)) != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (message), name,
                                  va_arg (args, const char *));
  va_end (args);

  started = g_get_monotonic_time ();
  soup_session_send_and_read_async (fixture->client, message, G_PRIORITY_DEFAULT, NULL,
                                    fc_test_on_ready_cb, &result);
  bytes = soup_session_send_and_read_finish (fixture->client, fc_test_wait_for (&result), &error);
  answer->elapsed_us = g_get_monotonic_time () - started;
  g_assert_no_error (error);
  answer->status = soup_message_get_status (message);
  answer->body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static char *
url_of (Fixture      *fixture,
        FcConnection *connection)
{
  return fc_webhook_listener_dup_url (fixture->listener, connection);
}

/* A HubSpot delivery of @events (a JSON array) to @connection, signed v3 with @secret at
 * @timestamp_ms (0: now). */
static void
send_hubspot (Fixture    *fixture,
              const char *events,
              const char *secret,
              gint64      timestamp_ms,
              Answer     *answer)
{
  g_autofree char *url = url_of (fixture, fixture->hubspot);
  g_autofree char *timestamp = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                timestamp_ms != 0 ? timestamp_ms
                                                : g_get_real_time () / 1000);
  g_autofree char *signature = fc_sim_hubspot_sign_v3 (secret, "POST", url, events, -1,
                                                       timestamp);

  send_request (fixture, "POST", url, events, -1, answer, "X-HubSpot-Signature-v3", signature,
                "X-HubSpot-Request-Timestamp", timestamp, NULL);
}

static const char *
hubspot_secret (Fixture *fixture)
{
  return fc_sim_get_client_secret (fixture->sim, "hubspot");
}

/* One HubSpot event (without the array brackets). */
static char *
hubspot_event (guint64     event_id,
               const char *type,
               const char *object_id,
               gint64      occurred_ms,
               const char *property)
{
  g_autofree char *property_member = property != NULL
    ? g_strdup_printf (",\"propertyName\":\"%s\",\"propertyValue\":\"x\"", property)
    : g_strdup ("");

  return g_strdup_printf ("{\"eventId\":%" G_GUINT64_FORMAT ",\"subscriptionId\":4242,"
                          "\"portalId\":62515,\"appId\":54321,\"occurredAt\":%" G_GINT64_FORMAT
                          ",\"subscriptionType\":\"%s\",\"attemptNumber\":0,\"objectId\":%s,"
                          "\"changeSource\":\"CRM\"%s}",
                          event_id, occurred_ms, type, object_id, property_member);
}

static void
point_sim_at_listener (Fixture      *fixture,
                       const char   *provider,
                       FcConnection *connection)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *url = url_of (fixture, connection);

  g_assert_true (fc_sim_set_webhook_target (fixture->sim, provider, url, NULL, &error));
  g_assert_no_error (error);
}

static void
register_pipedrive (Fixture *fixture)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;

  fc_webhook_listener_register_async (fixture->listener, fixture->pipedrive, NULL,
                                      fc_test_on_ready_cb, &result);
  g_assert_true (fc_webhook_listener_register_finish (fixture->listener,
                                                      fc_test_wait_for (&result), &error));
  g_assert_no_error (error);
}

typedef struct {
  const char *source;
  const char *target;
  const char *transform;
  gboolean    required;
} PairSpec;

static FcMapping *
save_mapping (Fixture        *fixture,
              FcConnection   *source,
              const char     *source_object,
              FcConnection   *target,
              const char     *target_object,
              FcDirection     direction,
              const PairSpec *pairs)
{
  g_autoptr (FcMapping) mapping = fc_mapping_new ();
  g_autoptr (GError) error = NULL;

  fc_mapping_set_name (mapping, "Real time");
  fc_mapping_set_source_connection_id (mapping, fc_connection_get_id (source));
  fc_mapping_set_source_object (mapping, source_object);
  fc_mapping_set_target_connection_id (mapping, fc_connection_get_id (target));
  fc_mapping_set_target_object (mapping, target_object);
  fc_mapping_set_direction (mapping, direction);
  fc_mapping_set_conflict_strategy (mapping, FC_CONFLICT_STRATEGY_NEWEST_WINS);
  fc_mapping_set_realtime (mapping, TRUE);
  for (guint i = 0; pairs[i].source != NULL; i++)
    {
      g_auto (GStrv) sources = g_strsplit (pairs[i].source, ",", -1);
      g_auto (GStrv) targets = g_strsplit (pairs[i].target, ",", -1);
      g_autoptr (FcFieldPair) pair = fc_field_pair_new ((const char * const *) sources,
                                                        (const char * const *) targets);

      fc_field_pair_set_transform (pair, pairs[i].transform);
      fc_field_pair_set_required (pair, pairs[i].required);
      fc_mapping_add_field_pair (mapping, pair);
    }

  g_assert_true (fc_engine_save_mapping (fixture->engine, mapping, &error));
  g_assert_no_error (error);
  fixture->mapping = g_object_ref (fc_engine_lookup_mapping (fixture->engine,
                                                             fc_mapping_get_id (mapping)));
  return fixture->mapping;
}

static const PairSpec person_contact_pairs[] = {
  { "name", "firstname,lastname", "split_name", FALSE },
  { "email", "email", NULL, TRUE },
  { NULL }
};

static const PairSpec contact_person_pairs[] = {
  { "email", "email", NULL, TRUE },
  { "lastname", "name", NULL, TRUE },
  { NULL }
};

static const PairSpec contact_client_pairs[] = {
  { "email", "email", NULL, TRUE },
  { "firstname", "firstName", NULL, FALSE },
  { "lastname", "lastName", NULL, FALSE },
  { NULL }
};

/* The ids of @provider's @object records whose JSON holds @needle. */
static guint
count_records_with (Fixture    *fixture,
                    const char *provider,
                    const char *object,
                    const char *needle)
{
  g_autofree char *path = g_strdup_printf ("/records/%s/%s", provider, object);
  g_autofree char *json = NULL;
  g_autoptr (JsonNode) root = NULL;
  JsonArray *records;
  guint status = 0;
  guint count = 0;

  json = fc_sim_control (fixture->sim, "GET", path, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  root = json_from_string (json, NULL);
  records = json_object_get_array_member (json_node_get_object (root), "records");
  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      g_autofree char *text = json_to_string (json_array_get_element (records, i), FALSE);

      if (strstr (text, needle) != NULL)
        count++;
    }
  return count;
}

typedef struct {
  const char *provider;
  const char *object;
  const char *needle;
} RecordQuery;

static gboolean
record_exists (Fixture       *fixture,
               gconstpointer  data)
{
  const RecordQuery *query = data;

  return count_records_with (fixture, query->provider, query->object, query->needle) > 0;
}

/* ---- accepted deliveries ---------------------------------------------------------------- */

typedef struct {
  const char *provider;
  const char *object;
  const char *record;   /* the simulator's write shape */
} AcceptCase;

static const AcceptCase accept_cases[] = {
  { "hubspot", "contacts", "{\"properties\":{\"email\":\"ines@example.com\","
                           "\"lastname\":\"Ines\"}}" },
  { "jobber", "clients", "{\"firstName\":\"Ines\",\"lastName\":\"Rota\",\"emails\":"
                         "[{\"description\":\"MAIN\",\"address\":\"ines@example.com\","
                         "\"primary\":true}]}" },
  { "pipedrive", "persons", "{\"name\":\"Ines Rota\",\"emails\":[{\"value\":"
                            "\"ines@example.com\",\"primary\":true,\"label\":\"work\"}]}" },
};

static FcConnection *
connection_of (Fixture    *fixture,
               const char *provider)
{
  if (g_str_equal (provider, "hubspot"))
    return fixture->hubspot;
  if (g_str_equal (provider, "jobber"))
    return fixture->jobber;
  return fixture->pipedrive;
}

/* The simulator's own deliveries (signed, or with the registered credentials) are verified,
 * stored with what they say, and, with no real-time mapping using them, ignored. */
static void
test_accept (Fixture       *fixture,
             gconstpointer  user_data)
{
  const AcceptCase *accept = user_data;
  FcConnection *connection = connection_of (fixture, accept->provider);
  g_autoptr (JsonArray) events = NULL;
  g_autoptr (GDateTime) last = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  gboolean found = FALSE;

  if (g_str_equal (accept->provider, "pipedrive"))
    register_pipedrive (fixture);
  else
    point_sim_at_listener (fixture, accept->provider, connection);
  g_assert_null (fc_webhook_listener_dup_last_received (fixture->listener, connection));

  id = fc_sim_create (fixture->sim, accept->provider, accept->object, accept->record, &error);
  g_assert_no_error (error);
  g_assert_true (wait_until (fixture, events_stored, GUINT_TO_POINTER (1), 5000));
  g_assert_true (wait_until (fixture, nothing_pending, NULL, 5000));

  g_assert_cmpuint (fixture->rejected->len, ==, 0);
  g_assert_cmpuint (fixture->accepted, >=, 1);
  events = list_events (fixture, NULL);
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);

      g_assert_cmpstr (json_object_get_string_member (event, "connectionId"), ==,
                       fc_connection_get_id (connection));
      g_assert_cmpstr (json_object_get_string_member (event, "provider"), ==, accept->provider);
      g_assert_cmpstr (json_object_get_string_member (event, "object"), ==, accept->object);
      g_assert_cmpstr (json_object_get_string_member (event, "status"), ==, "ignored");
      g_assert_nonnull (json_object_get_string_member (event, "lastError"));
      if (g_strcmp0 (json_object_get_string_member (event, "recordId"), id) == 0
          && g_str_equal (json_object_get_string_member (event, "kind"), "create"))
        found = TRUE;
    }
  g_assert_true (found);
  last = fc_webhook_listener_dup_last_received (fixture->listener, connection);
  g_assert_nonnull (last);
  /* nothing was synced: no mapping is real-time */
  g_assert_cmpint (count_runs (fixture), ==, 0);
}

/* ---- rejected requests ------------------------------------------------------------------ */

typedef enum {
  REJECT_FORGED,
  REJECT_STALE,
  REJECT_BAD_JSON,
  REJECT_OVERSIZED,
  REJECT_OVERSIZED_CHUNKED,
  REJECT_UNKNOWN_CONNECTION,
  REJECT_WRONG_METHOD,
  REJECT_PIPEDRIVE_CREDENTIALS,
  REJECT_JOBBER_FORGED,
  REJECT_NO_SIGNATURE,
} RejectKind;

typedef struct {
  const char *name;
  RejectKind  kind;
  guint       status;
} RejectCase;

static const RejectCase reject_cases[] = {
  { "forged", REJECT_FORGED, 401 },
  { "stale", REJECT_STALE, 401 },
  { "bad-json", REJECT_BAD_JSON, 400 },
  { "oversized", REJECT_OVERSIZED, 413 },
  { "oversized-chunked", REJECT_OVERSIZED_CHUNKED, 413 },
  { "unknown-connection", REJECT_UNKNOWN_CONNECTION, 404 },
  { "wrong-method", REJECT_WRONG_METHOD, 405 },
  { "pipedrive-credentials", REJECT_PIPEDRIVE_CREDENTIALS, 401 },
  { "jobber-forged", REJECT_JOBBER_FORGED, 401 },
  { "no-signature", REJECT_NO_SIGNATURE, 401 },
};

static void
send_rejected (Fixture          *fixture,
               const RejectCase *reject,
               Answer           *answer)
{
  g_autofree char *event = hubspot_event (77, "contact.creation", "1001",
                                          g_get_real_time () / 1000, NULL);
  g_autofree char *events = g_strdup_printf ("[%s]", event);
  g_autofree char *hubspot_url = url_of (fixture, fixture->hubspot);
  g_autofree char *jobber_url = url_of (fixture, fixture->jobber);
  g_autofree char *pipedrive_url = url_of (fixture, fixture->pipedrive);
  const char *jobber_body = "{\"data\":{\"webHookEvent\":{\"topic\":\"CLIENT_UPDATE\","
                            "\"appId\":\"a\",\"accountId\":\"MQ==\",\"itemId\":\"MQ==\","
                            "\"occurredAt\":\"2026-01-05T10:00:00+00:00\"}}}";

  switch (reject->kind)
    {
    case REJECT_FORGED:
      send_hubspot (fixture, events, "not-the-client-secret", 0, answer);
      break;
    case REJECT_STALE:
      send_hubspot (fixture, events, hubspot_secret (fixture),
                    g_get_real_time () / 1000 - 6 * 60 * 1000, answer);
      break;
    case REJECT_BAD_JSON:
      send_hubspot (fixture, "[{\"eventId\": 1,", hubspot_secret (fixture), 0, answer);
      break;
    case REJECT_OVERSIZED:
    case REJECT_OVERSIZED_CHUNKED:
      {
        gsize size = FC_WEBHOOK_LISTENER_DEFAULT_MAX_BODY + 10;
        g_autofree char *big = g_malloc (size);

        memset (big, ' ', size);
        big[0] = '[';
        big[size - 1] = ']';
        if (reject->kind == REJECT_OVERSIZED)
          send_request (fixture, "POST", hubspot_url, big, (gssize) size, answer, NULL);
        else
          send_request (fixture, "POST", hubspot_url, big, (gssize) size, answer,
                        "Transfer-Encoding", "chunked", NULL);
      }
      break;
    case REJECT_UNKNOWN_CONNECTION:
      {
        g_autofree char *base = g_strndup (hubspot_url, strlen (hubspot_url)
                                                        - strlen (fc_connection_get_id (fixture->hubspot)));
        g_autofree char *unknown = g_strconcat (base, "no-such-connection", NULL);

        send_request (fixture, "POST", unknown, events, -1, answer, NULL);
      }
      break;
    case REJECT_WRONG_METHOD:
      send_request (fixture, "GET", hubspot_url, NULL, 0, answer, NULL);
      g_assert_cmpstr (answer->body, ==, "Method Not Allowed");
      break;
    case REJECT_PIPEDRIVE_CREDENTIALS:
      {
        g_autofree char *basic = g_base64_encode ((const guchar *) "fluxcascade:guess", 17);
        g_autofree char *authorization = g_strconcat ("Basic ", basic, NULL);

        register_pipedrive (fixture);
        send_request (fixture, "POST", pipedrive_url,
                      "{\"meta\":{\"action\":\"create\",\"entity\":\"person\",\"entity_id\":\"1\","
                      "\"id\":\"3f1c\",\"timestamp\":\"2026-01-05T10:00:00Z\"},\"data\":{}}", -1,
                      answer, "Authorization", authorization, NULL);
      }
      break;
    case REJECT_JOBBER_FORGED:
      {
        g_autofree char *signature = fc_sim_jobber_sign_webhook ("forged", jobber_body, -1);

        send_request (fixture, "POST", jobber_url, jobber_body, -1, answer,
                      "X-Jobber-Hmac-SHA256", signature, NULL);
      }
      break;
    case REJECT_NO_SIGNATURE:
      send_request (fixture, "POST", hubspot_url, events, -1, answer, NULL);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Each bad request gets its status and a log line, and nothing is stored or synced. */
static void
test_reject (Fixture       *fixture,
             gconstpointer  user_data)
{
  const RejectCase *reject = user_data;
  g_auto (Answer) answer = { 0 };

  save_mapping (fixture, fixture->hubspot, "contacts", fixture->pipedrive, "persons",
                FC_DIRECTION_SOURCE_TO_TARGET, contact_person_pairs);
  send_rejected (fixture, reject, &answer);
  g_assert_cmpuint (answer.status, ==, reject->status);
  g_assert_cmpuint (fixture->rejected->len, ==, 1);
  g_assert_cmpuint (g_array_index (fixture->rejected, guint, 0), ==, reject->status);
  g_assert_cmpuint (fixture->accepted, ==, 0);

  run_for (100);
  g_assert_cmpuint (count_events (fixture, NULL), ==, 0);
  g_assert_cmpint (count_runs (fixture), ==, 0);
  g_assert_cmpuint (fixture->n_processed, ==, 0);
}

/* ---- duplicates and coalescing ---------------------------------------------------------- */

/* A delivery sent again (HubSpot retries with the same event ids) is answered 200 and stored
 * once; an event repeating another's content under a new id is dropped too; a real second
 * change of the same record is kept. */
static void
test_duplicates (Fixture       *fixture,
                 gconstpointer  user_data)
{
  gint64 now = g_get_real_time () / 1000;
  gint64 occurred = now - now % 1000 + 123;  /* to the millisecond */
  g_autofree char *first = hubspot_event (501, "contact.propertyChange", "1001", occurred,
                                          "email");
  g_autofree char *same_content = hubspot_event (502, "contact.propertyChange", "1001",
                                                 occurred, "email");
  g_autofree char *later = hubspot_event (503, "contact.propertyChange", "1001", occurred + 5,
                                          "email");
  g_autofree char *body = g_strdup_printf ("[%s]", first);
  g_autofree char *body2 = g_strdup_printf ("[%s,%s]", same_content, later);
  g_auto (Answer) a = { 0 };
  g_auto (Answer) b = { 0 };
  g_auto (Answer) c = { 0 };

  send_hubspot (fixture, body, hubspot_secret (fixture), 0, &a);
  send_hubspot (fixture, body, hubspot_secret (fixture), 0, &b);
  g_assert_cmpuint (a.status, ==, 200);
  g_assert_cmpuint (b.status, ==, 200);
  g_assert_cmpuint (fixture->stored, ==, 1);
  g_assert_cmpuint (count_events (fixture, NULL), ==, 1);

  send_hubspot (fixture, body2, hubspot_secret (fixture), 0, &c);
  g_assert_cmpuint (c.status, ==, 200);
  g_assert_cmpuint (fixture->stored, ==, 2);
  g_assert_cmpuint (count_events (fixture, NULL), ==, 2);
  g_assert_cmpuint (fixture->rejected->len, ==, 0);
}

/* Several events for one record make one target of one run: six events for two contacts give
 * one run, and both contacts reach Pipedrive once. */
static void
test_coalesce (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *ada = fc_sim_seed (fixture->sim, "hubspot", "contacts",
                                      "{\"properties\":{\"email\":\"ada@example.com\","
                                      "\"lastname\":\"Lovelace\"}}", &error);
  g_autofree char *alan = fc_sim_seed (fixture->sim, "hubspot", "contacts",
                                       "{\"properties\":{\"email\":\"alan@example.com\","
                                       "\"lastname\":\"Turing\"}}", &error);
  gint64 now = g_get_real_time () / 1000;
  g_autoptr (GString) body = g_string_new ("[");
  g_auto (Answer) answer = { 0 };
  const char *properties[] = { NULL, "email", "lastname", "phone", "city" };

  g_assert_no_error (error);
  save_mapping (fixture, fixture->hubspot, "contacts", fixture->pipedrive, "persons",
                FC_DIRECTION_SOURCE_TO_TARGET, contact_person_pairs);
  for (guint i = 0; i < G_N_ELEMENTS (properties); i++)
    {
      g_autofree char *event = hubspot_event (600 + i, properties[i] == NULL
                                              ? "contact.creation" : "contact.propertyChange",
                                              ada, now - 1000 + i, properties[i]);

      g_string_append_printf (body, "%s%s", i > 0 ? "," : "", event);
    }
  {
    g_autofree char *event = hubspot_event (700, "contact.creation", alan, now - 900, NULL);

    g_string_append_printf (body, ",%s]", event);
  }

  send_hubspot (fixture, body->str, hubspot_secret (fixture), 0, &answer);
  g_assert_cmpuint (answer.status, ==, 200);
  g_assert_cmpuint (fixture->stored, ==, 6);
  g_assert_true (wait_until (fixture, nothing_pending, NULL, 10000));

  g_assert_cmpuint (count_events (fixture, "done"), ==, 6);
  g_assert_cmpint (count_runs (fixture), ==, 1);
  g_assert_cmpuint (count_records_with (fixture, "pipedrive", "persons", "ada@example.com"), ==,
                    1);
  g_assert_cmpuint (count_records_with (fixture, "pipedrive", "persons", "alan@example.com"), ==,
                    1);
}

/* ---- retries ---------------------------------------------------------------------------- */

static gboolean
event_has_status (Fixture       *fixture,
                  gconstpointer  data)
{
  return count_events (fixture, data) > 0;
}

/* A failing sync is tried at once, then after 1, 5 and 30 "minutes", then the event is failed
 * with the error kept; a manual retry then syncs it. */
static void
test_retry (Fixture       *fixture,
            gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *ada = fc_sim_seed (fixture->sim, "hubspot", "contacts",
                                      "{\"properties\":{\"email\":\"ada@example.com\","
                                      "\"lastname\":\"Lovelace\"}}", &error);
  g_autofree char *event = hubspot_event (901, "contact.creation", ada,
                                          g_get_real_time () / 1000, NULL);
  g_autofree char *body = g_strdup_printf ("[%s]", event);
  g_autoptr (JsonArray) failed = NULL;
  g_auto (Answer) answer = { 0 };
  JsonObject *row;
  gint64 started, elapsed_ms;
  gint64 id;

  g_assert_no_error (error);
  save_mapping (fixture, fixture->hubspot, "contacts", fixture->pipedrive, "persons",
                FC_DIRECTION_SOURCE_TO_TARGET, contact_person_pairs);
  g_assert_true (fc_sim_set_faults (fixture->sim, "hubspot",
                                    "{\"error_rate\":1.0,\"error_statuses\":[500]}", &error));
  g_assert_no_error (error);

  started = g_get_monotonic_time ();
  send_hubspot (fixture, body, hubspot_secret (fixture), 0, &answer);
  g_assert_cmpuint (answer.status, ==, 200);
  g_assert_true (wait_until (fixture, event_has_status, "failed", 20000));
  elapsed_ms = (g_get_monotonic_time () - started) / 1000;
  /* 0 + 1 + 5 + 30 minutes of MINUTE_MS */
  g_assert_cmpint (elapsed_ms, >=, 36 * MINUTE_MS);
  g_test_message ("Five attempts took %" G_GINT64_FORMAT " ms", elapsed_ms);

  failed = list_events (fixture, "failed");
  g_assert_cmpuint (json_array_get_length (failed), ==, 1);
  row = json_array_get_object_element (failed, 0);
  g_assert_cmpint (json_object_get_int_member (row, "attempts"), ==, 5);
  g_assert_nonnull (json_object_get_string_member (row, "lastError"));
  g_assert_true (json_object_get_null_member (row, "nextAttemptAt"));
  g_assert_cmpuint (count_records_with (fixture, "pipedrive", "persons", "ada@example.com"), ==,
                    0);
  id = json_object_get_int_member (row, "id");

  /* only failed (or ignored) events can be retried by hand */
  g_assert_false (fc_webhook_listener_retry_event (fixture->listener, id + 1000, &error));
  g_assert_error (error, FC_WEBHOOK_LISTENER_ERROR, FC_WEBHOOK_LISTENER_ERROR_NOT_FOUND);
  g_clear_error (&error);

  fc_sim_clear_faults (fixture->sim, "hubspot");
  g_assert_true (fc_webhook_listener_retry_event (fixture->listener, id, &error));
  g_assert_no_error (error);
  g_assert_true (wait_until (fixture, event_has_status, "done", 10000));
  g_assert_cmpuint (count_records_with (fixture, "pipedrive", "persons", "ada@example.com"), ==,
                    1);
  g_assert_false (fc_webhook_listener_retry_event (fixture->listener, id, &error));
  g_assert_error (error, FC_STORE_ERROR, FC_STORE_ERROR_CONSTRAINT);
}

static void
count_unrecorded_cb (const char     *log_domain,
                     GLogLevelFlags  log_level,
                     const char     *message,
                     gpointer        user_data)
{
  if (strstr (message, "Could not record how") != NULL)
    (*(guint *) user_data)++;
}

/* When the store cannot record how a batch of events went (the disk full), the events stay
 * due; the queue looks at them again after a "minute", not at once (it used to sync them over
 * and over as fast as the store failed), and syncs them once the store takes writes again. */
static void
test_store_refuses_outcome (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *ada = fc_sim_seed (fixture->sim, "hubspot", "contacts",
                                      "{\"properties\":{\"email\":\"ada@example.com\","
                                      "\"lastname\":\"Lovelace\"}}", &error);
  g_autofree char *event = hubspot_event (911, "contact.creation", ada,
                                          g_get_real_time () / 1000, NULL);
  g_autofree char *body = g_strdup_printf ("[%s]", event);
  sqlite3 *db = _fc_store_get_db (fc_engine_get_store (fixture->engine));
  g_auto (Answer) answer = { 0 };
  guint unrecorded = 0;
  guint handler;

  g_assert_no_error (error);
  save_mapping (fixture, fixture->hubspot, "contacts", fixture->pipedrive, "persons",
                FC_DIRECTION_SOURCE_TO_TARGET, contact_person_pairs);
  fc_webhook_listener_set_minute_ms (fixture->listener, 1000);
  fc_webhook_listener_set_batch_delay_ms (fixture->listener, 100);
  handler = g_log_set_handler ("fc-webhook", G_LOG_LEVEL_MESSAGE, count_unrecorded_cb,
                               &unrecorded);

  send_hubspot (fixture, body, hubspot_secret (fixture), 0, &answer);
  g_assert_cmpuint (answer.status, ==, 200);
  /* Stored; from now on every write fails, as on a full disk */
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA query_only = ON", NULL, NULL, NULL), ==, SQLITE_OK);
  run_for (700);
  g_assert_cmpuint (unrecorded, ==, 1);
  g_assert_cmpuint (count_events (fixture, "pending"), ==, 1);

  g_assert_cmpint (sqlite3_exec (db, "PRAGMA query_only = OFF", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  g_assert_true (wait_until (fixture, event_has_status, "done", 10000));
  g_log_remove_handler ("fc-webhook", handler);
  g_assert_cmpuint (unrecorded, ==, 1);
  g_assert_cmpuint (count_records_with (fixture, "pipedrive", "persons", "ada@example.com"), ==,
                    1);
}

/* A provider's retries can deliver an older change of a record after the record's deletion,
 * both in one batch: the deletion stands (a deleted record takes no update) and the
 * counterpart goes as the delete policy says. The last event used to decide, so the batch read
 * as an update of a record that could not be read, and the deletion was lost for good (found
 * by bench/fc-soak). */
static void
test_delete_then_late_update (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *ada = fc_sim_seed (fixture->sim, "hubspot", "contacts",
                                      "{\"properties\":{\"email\":\"ada@example.com\","
                                      "\"lastname\":\"Lovelace\"}}", &error);
  gint64 now_ms = g_get_real_time () / 1000;
  g_autofree char *created = hubspot_event (921, "contact.creation", ada, now_ms - 60000, NULL);
  g_autofree char *deleted = hubspot_event (922, "contact.deletion", ada, now_ms, NULL);
  g_autofree char *late = hubspot_event (923, "contact.propertyChange", ada, now_ms - 5000,
                                         "lastname");
  g_autofree char *first = g_strdup_printf ("[%s]", created);
  g_autofree char *second = g_strdup_printf ("[%s,%s]", deleted, late);
  g_auto (Answer) answer = { 0 };
  g_auto (Answer) answer_2 = { 0 };

  g_assert_no_error (error);
  save_mapping (fixture, fixture->hubspot, "contacts", fixture->pipedrive, "persons",
                FC_DIRECTION_SOURCE_TO_TARGET, contact_person_pairs);
  fc_mapping_set_delete_policy (fixture->mapping, FC_DELETE_POLICY_DELETE);
  g_assert_true (fc_engine_save_mapping (fixture->engine, fixture->mapping, &error));
  g_assert_no_error (error);
  fc_scheduler_set_guard_hold_deletes (fc_engine_get_scheduler (fixture->engine), FALSE);

  send_hubspot (fixture, first, hubspot_secret (fixture), 0, &answer);
  g_assert_cmpuint (answer.status, ==, 200);
  g_assert_true (wait_until (fixture, nothing_pending, NULL, 10000));
  g_assert_cmpuint (count_records_with (fixture, "pipedrive", "persons", "ada@example.com"), ==,
                    1);

  g_assert_true (fc_sim_delete (fixture->sim, "hubspot", "contacts", ada, &error));
  g_assert_no_error (error);
  send_hubspot (fixture, second, hubspot_secret (fixture), 0, &answer_2);
  g_assert_cmpuint (answer_2.status, ==, 200);
  g_assert_true (wait_until (fixture, events_stored, GUINT_TO_POINTER (3), 5000));
  g_assert_true (wait_until (fixture, nothing_pending, NULL, 10000));
  g_assert_cmpuint (count_events (fixture, "done"), ==, 3);
  g_assert_cmpuint (count_records_with (fixture, "pipedrive", "persons", "ada@example.com"), ==,
                    0);
}

/* ---- Pipedrive registration ------------------------------------------------------------- */

static guint
count_sim_pipedrive_webhooks (Fixture    *fixture,
                              const char *url)
{
  g_autofree char *json = NULL;
  g_autoptr (JsonNode) root = NULL;
  JsonArray *webhooks;
  guint status = 0;
  guint count = 0;

  json = fc_sim_control (fixture->sim, "GET", "/webhooks/pipedrive", NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  root = json_from_string (json, NULL);
  g_assert_nonnull (root);
  webhooks = json_object_get_array_member (json_object_get_object_member (json_node_get_object (root),
                                                                         "settings"),
                                           "webhooks");
  for (guint i = 0; i < json_array_get_length (webhooks); i++)
    {
      JsonObject *webhook = json_array_get_object_element (webhooks, i);

      if (g_strcmp0 (json_object_get_string_member (webhook, "subscription_url"), url) == 0)
        count++;
    }
  return count;
}

static void
test_pipedrive_registration (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autofree char *url = url_of (fixture, fixture->pipedrive);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  const RecordQuery query = { "pipedrive", "persons", "ines@example.com" };

  /* the mapping uses persons only: one webhook, for person events */
  save_mapping (fixture, fixture->pipedrive, "persons", fixture->hubspot, "contacts",
                FC_DIRECTION_SOURCE_TO_TARGET, person_contact_pairs);
  g_assert_cmpint (fc_webhook_listener_get_state (fixture->listener, fixture->pipedrive), ==,
                   FC_WEBHOOK_STATE_NOT_REGISTERED);

  register_pipedrive (fixture);
  g_assert_cmpint (fc_webhook_listener_get_state (fixture->listener, fixture->pipedrive), ==,
                   FC_WEBHOOK_STATE_REGISTERED);
  g_assert_cmpuint (count_sim_pipedrive_webhooks (fixture, url), ==, 1);
  g_assert_cmpuint (fc_sim_get_count (fixture->sim, "pipedrive", "POST", NULL, 0), >=, 1);

  /* registering again replaces the webhook instead of adding one */
  register_pipedrive (fixture);
  g_assert_cmpuint (count_sim_pipedrive_webhooks (fixture, url), ==, 1);

  /* the generated credentials let Pipedrive's deliveries in */
  id = fc_sim_create (fixture->sim, "pipedrive", "persons",
                      "{\"name\":\"Ines Rota\",\"emails\":[{\"value\":\"ines@example.com\","
                      "\"primary\":true,\"label\":\"work\"}]}", &error);
  g_assert_no_error (error);
  g_assert_true (wait_until (fixture, events_stored, GUINT_TO_POINTER (1), 5000));
  g_assert_cmpuint (fixture->rejected->len, ==, 0);
  g_assert_true (record_exists (fixture, &query));

  fc_webhook_listener_unregister_async (fixture->listener, fixture->pipedrive, NULL,
                                        fc_test_on_ready_cb, &result);
  g_assert_true (fc_webhook_listener_unregister_finish (fixture->listener,
                                                        fc_test_wait_for (&result), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_sim_pipedrive_webhooks (fixture, url), ==, 0);
  g_assert_cmpint (fc_webhook_listener_get_state (fixture->listener, fixture->pipedrive), ==,
                   FC_WEBHOOK_STATE_NOT_REGISTERED);
  g_clear_object (&result);

  /* HubSpot has no API for it: the user follows the steps */
  fc_webhook_listener_register_async (fixture->listener, fixture->hubspot, NULL,
                                      fc_test_on_ready_cb, &result);
  g_assert_false (fc_webhook_listener_register_finish (fixture->listener,
                                                       fc_test_wait_for (&result), &error));
  g_assert_error (error, FC_WEBHOOK_LISTENER_ERROR, FC_WEBHOOK_LISTENER_ERROR_MANUAL);
}


typedef struct {
  FcWebhookState state;
  guint          n_webhooks;
} RegistrationWanted;

static gboolean
registration_is (Fixture       *fixture,
                 gconstpointer  data)
{
  const RegistrationWanted *wanted = data;
  g_autofree char *url = url_of (fixture, fixture->pipedrive);

  return fc_webhook_listener_get_state (fixture->listener, fixture->pipedrive) == wanted->state
         && count_sim_pipedrive_webhooks (fixture, url) == wanted->n_webhooks;
}

/* With a public URL, turning real time on for a Pipedrive mapping registers its webhooks, and
 * turning it off deletes them. */
static void
test_auto_registration (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr (FcMapping) off = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *local = NULL;
  g_autofree char *base = NULL;
  const RegistrationWanted registered = { FC_WEBHOOK_STATE_REGISTERED, 1 };
  const RegistrationWanted deleted = { FC_WEBHOOK_STATE_NOT_REGISTERED, 0 };

  /* without a public URL nothing is registered by itself */
  save_mapping (fixture, fixture->pipedrive, "persons", fixture->hubspot, "contacts",
                FC_DIRECTION_SOURCE_TO_TARGET, person_contact_pairs);
  run_for (100);
  g_assert_true (registration_is (fixture, &deleted));

  /* the simulator reaches the listener at its own address: use it as the public one */
  local = url_of (fixture, fixture->pipedrive);
  base = g_strndup (local, strlen (local) - strlen ("/webhooks/")
                           - strlen (fc_connection_get_id (fixture->pipedrive)));
  fc_webhook_listener_set_public_url (fixture->listener, base);
  g_assert_true (wait_until (fixture, registration_is, &registered, 5000));

  off = fc_mapping_copy (fixture->mapping);
  fc_mapping_set_realtime (off, FALSE);
  g_assert_true (fc_engine_save_mapping (fixture->engine, off, &error));
  g_assert_no_error (error);
  g_assert_true (wait_until (fixture, registration_is, &deleted, 5000));
}

/* ---- end to end ------------------------------------------------------------------------- */

/* A person made in Pipedrive reaches HubSpot through Pipedrive's webhook, without any run
 * but the ones the webhooks trigger. */
static void
test_end_to_end_pipedrive (Fixture       *fixture,
                           gconstpointer  user_data)
{
  const RecordQuery query = { "hubspot", "contacts", "grace@example.com" };
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;

  save_mapping (fixture, fixture->pipedrive, "persons", fixture->hubspot, "contacts",
                FC_DIRECTION_SOURCE_TO_TARGET, person_contact_pairs);
  register_pipedrive (fixture);

  id = fc_sim_create (fixture->sim, "pipedrive", "persons",
                      "{\"name\":\"Grace Hopper\",\"emails\":[{\"value\":\"grace@example.com\","
                      "\"primary\":true,\"label\":\"work\"}]}", &error);
  g_assert_no_error (error);
  g_assert_true (wait_until (fixture, record_exists, &query, 10000));
  g_assert_true (wait_until (fixture, nothing_pending, NULL, 5000));
  g_assert_cmpuint (count_records_with (fixture, "hubspot", "contacts", "Hopper"), ==, 1);
  g_assert_cmpuint (count_events (fixture, "done"), >=, 1);
  g_assert_cmpint (count_runs (fixture), >=, 1);
}

static gboolean
jobber_has_hubspot_edit (Fixture       *fixture,
                         gconstpointer  data)
{
  return count_records_with (fixture, "hubspot", "contacts", "Lovelace-King") == 1;
}

/* HubSpot contacts <-> Jobber clients on webhooks only: a contact made in HubSpot appears in
 * Jobber, an edit in Jobber comes back to HubSpot, and our own writes' webhooks, processed,
 * write nothing more. */
static void
test_end_to_end_hubspot_jobber (Fixture       *fixture,
                                gconstpointer  user_data)
{
  const RecordQuery in_jobber = { "jobber", "clients", "ada@example.com" };
  g_autoptr (GError) error = NULL;
  g_autofree char *contact = NULL;
  g_autofree char *clients = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *client_id = NULL;
  guint writes, status = 0;

  save_mapping (fixture, fixture->hubspot, "contacts", fixture->jobber, "clients",
                FC_DIRECTION_BIDIRECTIONAL, contact_client_pairs);
  point_sim_at_listener (fixture, "hubspot", fixture->hubspot);
  point_sim_at_listener (fixture, "jobber", fixture->jobber);

  contact = fc_sim_create (fixture->sim, "hubspot", "contacts",
                           "{\"properties\":{\"email\":\"ada@example.com\",\"firstname\":\"Ada\","
                           "\"lastname\":\"Lovelace\"}}", &error);
  g_assert_no_error (error);
  g_assert_true (wait_until (fixture, record_exists, &in_jobber, 10000));

  /* the client Jobber has now, edited in Jobber's UI */
  clients = fc_sim_control (fixture->sim, "GET", "/records/jobber/clients", NULL, &status);
  root = json_from_string (clients, NULL);
  {
    JsonArray *records = json_object_get_array_member (json_node_get_object (root), "records");

    g_assert_cmpuint (json_array_get_length (records), ==, 1);
    client_id = g_strdup (json_object_get_string_member (json_array_get_object_element (records, 0),
                                                         "id"));
  }
  g_assert_true (wait_until (fixture, nothing_pending, NULL, 10000));
  g_assert_true (fc_sim_edit (fixture->sim, "jobber", "clients", client_id,
                              "{\"lastName\":\"Lovelace-King\"}", &error));
  g_assert_no_error (error);
  g_assert_true (wait_until (fixture, jobber_has_hubspot_edit, NULL, 10000));

  /* the echoes of our writes settle without writing again */
  g_assert_true (wait_until (fixture, nothing_pending, NULL, 10000));
  run_for (300);
  g_assert_true (wait_until (fixture, nothing_pending, NULL, 10000));
  writes = fc_sim_get_count (fixture->sim, "hubspot", "PATCH", NULL, 0)
           + fc_sim_get_count (fixture->sim, "hubspot", "POST", NULL, 0);
  run_for (500);
  g_assert_true (wait_until (fixture, nothing_pending, NULL, 10000));
  g_assert_cmpuint (fc_sim_get_count (fixture->sim, "hubspot", "PATCH", NULL, 0)
                    + fc_sim_get_count (fixture->sim, "hubspot", "POST", NULL, 0), ==, writes);
  g_assert_cmpuint (count_records_with (fixture, "jobber", "clients", "ada@example.com"), ==, 1);
  g_assert_cmpuint (count_records_with (fixture, "hubspot", "contacts", "ada@example.com"), ==,
                    1);
  g_assert_cmpuint (count_events (fixture, "failed"), ==, 0);
}

/* ---- acknowledgement time --------------------------------------------------------------- */

/* Each delivery is stored before it is answered, and answered well within a second. */
static void
test_ack_time (Fixture       *fixture,
               gconstpointer  user_data)
{
  const guint n = 200;
  gint64 total_us = 0, max_us = 0;
  gint64 now = g_get_real_time () / 1000;

  save_mapping (fixture, fixture->hubspot, "contacts", fixture->pipedrive, "persons",
                FC_DIRECTION_SOURCE_TO_TARGET, contact_person_pairs);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *object = g_strdup_printf ("%u", 5000 + i);
      g_autofree char *event = hubspot_event (10000 + i, "contact.creation", object, now + i,
                                              NULL);
      g_autofree char *body = g_strdup_printf ("[%s]", event);
      g_auto (Answer) answer = { 0 };

      send_hubspot (fixture, body, hubspot_secret (fixture), 0, &answer);
      g_assert_cmpuint (answer.status, ==, 200);
      /* durable before the answer */
      g_assert_cmpuint (count_events (fixture, NULL), ==, i + 1);
      total_us += answer.elapsed_us;
      max_us = MAX (max_us, answer.elapsed_us);
    }
  g_test_message ("Acknowledged %u deliveries: mean %.2f ms, max %.2f ms", n,
                  total_us / 1000.0 / n, max_us / 1000.0);
  g_print ("# ack time: mean %.2f ms, max %.2f ms over %u deliveries\n",
           total_us / 1000.0 / n, max_us / 1000.0, n);
  g_assert_cmpint (max_us, <, G_USEC_PER_SEC);
  g_assert_cmpint (total_us / n, <, G_USEC_PER_SEC / 10);
}

/* ---- binding, URLs and states ----------------------------------------------------------- */

static void
test_bind (Fixture       *fixture,
           gconstpointer  user_data)
{
  g_autoptr (FcWebhookListener) other = g_object_new (FC_TYPE_WEBHOOK_LISTENER, NULL);
  g_autoptr (GError) error = NULL;

  /* the fixture's listener: loopback only */
  g_assert_cmpstr (fc_webhook_listener_get_address (fixture->listener), ==, "127.0.0.1");
  g_assert_false (fc_webhook_listener_get_all_interfaces (fixture->listener));

  fc_webhook_listener_set_port (other, 0);
  fc_webhook_listener_set_address (other, "0.0.0.0");
  g_assert_false (fc_webhook_listener_start (other, &error));
  g_assert_error (error, FC_WEBHOOK_LISTENER_ERROR, FC_WEBHOOK_LISTENER_ERROR_NOT_LOOPBACK);
  g_assert_false (fc_webhook_listener_get_running (other));
  g_clear_error (&error);

  fc_webhook_listener_set_address (other, "192.0.2.10");
  g_assert_false (fc_webhook_listener_start (other, &error));
  g_assert_error (error, FC_WEBHOOK_LISTENER_ERROR, FC_WEBHOOK_LISTENER_ERROR_NOT_LOOPBACK);
  g_clear_error (&error);

  fc_webhook_listener_set_address (other, NULL);
  g_assert_false (fc_webhook_listener_start (other, &error));
  g_assert_error (error, FC_WEBHOOK_LISTENER_ERROR, FC_WEBHOOK_LISTENER_ERROR_NOT_LOOPBACK);
  g_clear_error (&error);

  /* on, it listens everywhere, with a warning */
  fc_webhook_listener_set_all_interfaces (other, TRUE);
  g_test_expect_message ("fc-webhook", G_LOG_LEVEL_WARNING, "*other machines*");
  g_assert_true (fc_webhook_listener_start (other, &error));
  g_assert_no_error (error);
  g_test_assert_expected_messages ();
  g_assert_true (fc_webhook_listener_get_running (other));
  fc_webhook_listener_stop (other);

  /* the same port twice cannot be bound */
  fc_webhook_listener_set_all_interfaces (other, FALSE);
  fc_webhook_listener_set_address (other, "127.0.0.1");
  fc_webhook_listener_set_port (other, fc_webhook_listener_get_bound_port (fixture->listener));
  g_assert_false (fc_webhook_listener_start (other, &error));
  g_assert_error (error, FC_WEBHOOK_LISTENER_ERROR, FC_WEBHOOK_LISTENER_ERROR_LISTEN);
  /* the app shows why */
  g_assert_cmpstr (fc_webhook_listener_get_last_error (other), ==, error->message);
  g_clear_error (&error);

  /* a start that succeeds forgets the failure */
  fc_webhook_listener_set_port (other, 0);
  g_assert_true (fc_webhook_listener_start (other, &error));
  g_assert_no_error (error);
  g_assert_null (fc_webhook_listener_get_last_error (other));
  fc_webhook_listener_stop (other);
}

static void
test_urls_and_states (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autofree char *local = url_of (fixture, fixture->hubspot);
  g_autofree char *expected_local = g_strdup_printf ("http://127.0.0.1:%u/webhooks/%s",
                                                     fc_webhook_listener_get_bound_port (fixture->listener),
                                                     fc_connection_get_id (fixture->hubspot));
  g_autofree char *expected_public = g_strconcat ("https://hooks.example.com/fc/webhooks/",
                                                  fc_connection_get_id (fixture->hubspot), NULL);
  g_autofree char *public = NULL;
  g_autofree char *steps = NULL;
  g_autofree char *jobber_steps = NULL;
  g_autoptr (FcConnection) salesforce = fc_connection_new (FC_PROVIDER_SALESFORCE);

  g_assert_cmpstr (local, ==, expected_local);
  fc_webhook_listener_set_public_url (fixture->listener, "https://hooks.example.com/fc/");
  g_assert_cmpstr (fc_webhook_listener_get_public_url (fixture->listener), ==,
                   "https://hooks.example.com/fc");
  public = url_of (fixture, fixture->hubspot);
  g_assert_cmpstr (public, ==, expected_public);

  g_assert_cmpint (fc_webhook_listener_get_state (fixture->listener, fixture->hubspot), ==,
                   FC_WEBHOOK_STATE_MANUAL);
  g_assert_cmpint (fc_webhook_listener_get_state (fixture->listener, fixture->jobber), ==,
                   FC_WEBHOOK_STATE_MANUAL);
  g_assert_cmpint (fc_webhook_listener_get_state (fixture->listener, salesforce), ==,
                   FC_WEBHOOK_STATE_POLLING);
  g_assert_cmpstr (fc_webhook_state_to_string (FC_WEBHOOK_STATE_REGISTERED), ==, "registered");

  steps = fc_webhook_listener_dup_instructions (fixture->listener, fixture->hubspot);
  g_assert_nonnull (strstr (steps, public));
  jobber_steps = fc_webhook_listener_dup_instructions (fixture->listener, fixture->jobber);
  g_assert_nonnull (strstr (jobber_steps, "/webhooks/"));
  g_assert_nonnull (strstr (jobber_steps, "CLIENT_UPDATE"));
}

/* With a public URL, HubSpot signs the URL it called (the proxy's), not the listener's own. */
static void
test_public_url_signature (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autofree char *event = hubspot_event (42, "contact.creation", "1001",
                                          g_get_real_time () / 1000, NULL);
  g_autofree char *events = g_strdup_printf ("[%s]", event);
  g_autofree char *local = url_of (fixture, fixture->hubspot);
  g_autofree char *public = NULL;
  g_autofree char *timestamp = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / 1000);
  g_autofree char *signature = NULL;
  g_auto (Answer) answer = { 0 };

  fc_webhook_listener_set_public_url (fixture->listener, "https://hooks.example.com");
  public = url_of (fixture, fixture->hubspot);
  signature = fc_sim_hubspot_sign_v3 (hubspot_secret (fixture), "POST", public, events, -1,
                                      timestamp);
  send_request (fixture, "POST", local, events, -1, &answer, "X-HubSpot-Signature-v3",
                signature, "X-HubSpot-Request-Timestamp", timestamp, NULL);
  g_assert_cmpuint (answer.status, ==, 200);
  g_assert_cmpuint (fixture->stored, ==, 1);
}


/* A secret set for the connection (a private app's) replaces the application's client secret. */
static void
test_signing_secret (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autofree char *event = hubspot_event (55, "contact.creation", "1001",
                                          g_get_real_time () / 1000, NULL);
  g_autofree char *events = g_strdup_printf ("[%s]", event);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (Answer) before = { 0 };
  g_auto (Answer) after = { 0 };
  g_auto (Answer) app = { 0 };

  send_hubspot (fixture, events, "private-app-secret", 0, &before);
  g_assert_cmpuint (before.status, ==, 401);

  fc_webhook_listener_set_signing_secret_async (fixture->listener, fixture->hubspot,
                                                "private-app-secret", NULL, fc_test_on_ready_cb,
                                                &result);
  g_assert_true (fc_webhook_listener_set_signing_secret_finish (fixture->listener,
                                                                fc_test_wait_for (&result),
                                                                &error));
  g_assert_no_error (error);
  send_hubspot (fixture, events, "private-app-secret", 0, &after);
  g_assert_cmpuint (after.status, ==, 200);
  /* the application's secret no longer verifies this connection */
  send_hubspot (fixture, events, hubspot_secret (fixture), 0, &app);
  g_assert_cmpuint (app.status, ==, 401);
  g_clear_object (&result);

  fc_webhook_listener_set_signing_secret_async (fixture->listener, fixture->hubspot, NULL, NULL,
                                                fc_test_on_ready_cb, &result);
  g_assert_true (fc_webhook_listener_set_signing_secret_finish (fixture->listener,
                                                                fc_test_wait_for (&result),
                                                                &error));
  g_assert_no_error (error);
}

/* A burst of 1,000 events for 10 records (100 changes each), sent as fast as the client can:
 * every one is stored and processed, each record reaches Pipedrive once, and the runs are far
 * fewer than the events. (10 records, not more: each new record costs one Pipedrive search,
 * which the connector paces to Pipedrive's search limit.) */
#define N_BURST_RECORDS 10

static void
test_burst (Fixture       *fixture,
            gconstpointer  user_data)
{
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  gint64 now = g_get_real_time () / 1000;
  gint64 runs;
  guint64 event_id = 20000;

  g_assert_true (fc_sim_set_rate_limits (fixture->sim, "pipedrive", "{\"enabled\":false}",
                                         &error));
  g_assert_true (fc_sim_set_rate_limits (fixture->sim, "hubspot", "{\"enabled\":false}",
                                         &error));
  g_assert_no_error (error);
  for (guint i = 0; i < N_BURST_RECORDS; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"properties\":{\"email\":\"burst%u@example.com\","
                                               "\"lastname\":\"Burst %u\"}}", i, i);

      g_ptr_array_add (ids, fc_sim_seed (fixture->sim, "hubspot", "contacts", json, &error));
      g_assert_no_error (error);
    }
  save_mapping (fixture, fixture->hubspot, "contacts", fixture->pipedrive, "persons",
                FC_DIRECTION_SOURCE_TO_TARGET, contact_person_pairs);

  /* 100 deliveries of 10 events, each naming 10 records */
  for (guint d = 0; d < 100; d++)
    {
      g_autoptr (GString) body = g_string_new ("[");
      g_auto (Answer) answer = { 0 };

      for (guint e = 0; e < 10; e++)
        {
          const char *record = g_ptr_array_index (ids, (d * 10 + e * 7) % N_BURST_RECORDS);
          g_autofree char *event = hubspot_event (event_id++, "contact.propertyChange", record,
                                                  now + d * 10 + e, "lastname");

          g_string_append_printf (body, "%s%s", e > 0 ? "," : "", event);
        }
      g_string_append_c (body, ']');
      send_hubspot (fixture, body->str, hubspot_secret (fixture), 0, &answer);
      g_assert_cmpuint (answer.status, ==, 200);
    }
  g_assert_cmpuint (fixture->stored, ==, 1000);
  g_assert_true (wait_until (fixture, nothing_pending, NULL, 120000));
  g_assert_cmpuint (count_events (fixture, "done"), ==, 1000);

  for (guint i = 0; i < N_BURST_RECORDS; i++)
    {
      g_autofree char *email = g_strdup_printf ("\"burst%u@example.com\"", i);

      g_assert_cmpuint (count_records_with (fixture, "pipedrive", "persons", email), ==, 1);
    }
  runs = count_runs (fixture);
  g_test_message ("1,000 events for %u records took %" G_GINT64_FORMAT " runs", N_BURST_RECORDS,
                  runs);
  g_assert_cmpint (runs, >=, 1);
  g_assert_cmpint (runs, <, 100);
}

/* A burst of 1,000 webhooks, one event each and many in flight at once, for 100 records that
 * are already linked (as in steady operation: an earlier sync matched them by email, so no
 * record needs a Pipedrive search, which the connector paces to Pipedrive's search budget).
 * Each record was changed once in HubSpot before the burst, and each of its 10 events repeats
 * that change: every event is stored and processed exactly once, none is lost, and each record
 * change is written to Pipedrive exactly once. */
#define N_BURST100_RECORDS 100
#define N_BURST100_EVENTS  1000

typedef struct {
  guint answered;
  guint ok;
} BurstAnswers;

static void
on_burst_answer_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  SoupSession *session = SOUP_SESSION (source);
  SoupMessage *message = soup_session_get_async_result_message (session, result);
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;
  BurstAnswers *answers = user_data;

  /* the message lives as long as the result */
  bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
  answers->answered++;
  if (soup_message_get_status (message) == SOUP_STATUS_OK)
    answers->ok++;
}

static gboolean
burst_answered (Fixture       *fixture,
                gconstpointer  data)
{
  return ((const BurstAnswers *) data)->answered == N_BURST100_EVENTS;
}

static GHashTable *processed_counts;  /* event id -> number of "done" signals */

static void
on_burst_processed_cb (FcWebhookListener *listener,
                       gint64             id,
                       const char        *status,
                       gpointer           user_data)
{
  guint count;

  if (!g_str_equal (status, "done"))
    return;
  count = GPOINTER_TO_UINT (g_hash_table_lookup (processed_counts, &id));
  g_hash_table_replace (processed_counts, g_memdup2 (&id, sizeof id),
                        GUINT_TO_POINTER (count + 1));
}

static void
test_burst_100 (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (FcSyncResult) initial = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *url = url_of (fixture, fixture->hubspot);
  BurstAnswers answers = { 0 };
  GHashTableIter iter;
  gpointer value;
  gint64 now = g_get_real_time () / 1000;
  gint64 runs, started, sent_us;
  gulong handler;

  /* the simulator's limits off; the connectors' own limiters stay as they ship */
  g_assert_true (fc_sim_set_rate_limits (fixture->sim, "pipedrive", "{\"enabled\":false}",
                                         &error));
  g_assert_true (fc_sim_set_rate_limits (fixture->sim, "hubspot", "{\"enabled\":false}",
                                         &error));
  g_assert_no_error (error);
  /* Every record edited at once is what the guard holds for the user's approval when a run
   * updates more than half the links: lift that limit, the test is about the listener. */
  fc_scheduler_set_guard_max_update_percent (fc_engine_get_scheduler (fixture->engine), 100);
  for (guint i = 0; i < N_BURST100_RECORDS; i++)
    {
      g_autofree char *contact = g_strdup_printf ("{\"properties\":{\"email\":"
                                                  "\"many%u@example.com\",\"lastname\":"
                                                  "\"Many %u\"}}", i, i);
      g_autofree char *person = g_strdup_printf ("{\"name\":\"Many %u\",\"emails\":[{\"value\":"
                                                 "\"many%u@example.com\",\"primary\":true,"
                                                 "\"label\":\"work\"}]}", i, i);
      g_autofree char *pd_id = NULL;

      g_ptr_array_add (ids, fc_sim_seed (fixture->sim, "hubspot", "contacts", contact, &error));
      g_assert_no_error (error);
      pd_id = fc_sim_seed (fixture->sim, "pipedrive", "persons", person, &error);
      g_assert_no_error (error);
    }
  save_mapping (fixture, fixture->hubspot, "contacts", fixture->pipedrive, "persons",
                FC_DIRECTION_SOURCE_TO_TARGET, contact_person_pairs);

  /* the earlier sync that links the records (by email, from the listings: no search) */
  fc_engine_sync_async (fixture->engine, fixture->mapping, NULL, NULL, NULL, NULL,
                        fc_test_on_ready_cb, &result);
  initial = fc_engine_sync_finish (fixture->engine, fc_test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (fc_sync_result_get_status (initial), ==, FC_SYNC_STATUS_COMPLETED);
  g_assert_cmpuint (fc_sync_result_get_counts (initial)->created, ==, 0);
  g_assert_cmpuint (fc_sim_count_records (fixture->sim, "pipedrive", "persons", FALSE), ==,
                    N_BURST100_RECORDS);

  /* one change per record, made in HubSpot (no webhook target: nothing is delivered) */
  for (guint i = 0; i < N_BURST100_RECORDS; i++)
    {
      g_autofree char *edit = g_strdup_printf ("{\"properties\":{\"lastname\":\"Changed %u\"}}",
                                               i);

      g_assert_true (fc_sim_edit (fixture->sim, "hubspot", "contacts",
                                  g_ptr_array_index (ids, i), edit, &error));
      g_assert_no_error (error);
    }
  fc_sim_reset_counters (fixture->sim);
  g_assert_cmpint (count_runs (fixture), ==, 1);

  processed_counts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  handler = g_signal_connect (fixture->listener, "event-processed",
                              G_CALLBACK (on_burst_processed_cb), NULL);

  started = g_get_monotonic_time ();
  /* 1,000 deliveries of one event each, all queued at once (the session keeps several
   * connections busy); each record is named by 10 of them, interleaved */
  for (guint e = 0; e < N_BURST100_EVENTS; e++)
    {
      const char *record = g_ptr_array_index (ids, (e * 7) % N_BURST100_RECORDS);
      g_autofree char *event = hubspot_event (40000 + e, "contact.propertyChange", record,
                                              now + e, "lastname");
      g_autofree char *body = g_strdup_printf ("[%s]", event);
      g_autofree char *timestamp = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                    g_get_real_time () / 1000);
      g_autofree char *signature = fc_sim_hubspot_sign_v3 (hubspot_secret (fixture), "POST",
                                                           url, body, -1, timestamp);
      g_autoptr (SoupMessage) message = soup_message_new ("POST", url);
      g_autoptr (GBytes) bytes = g_bytes_new (body, strlen (body));
      SoupMessageHeaders *headers = soup_message_get_request_headers (message);

      soup_message_set_request_body_from_bytes (message, "application/json", bytes);
      soup_message_headers_replace (headers, "X-HubSpot-Signature-v3", signature);
      soup_message_headers_replace (headers, "X-HubSpot-Request-Timestamp", timestamp);
      soup_session_send_and_read_async (fixture->client, message, G_PRIORITY_DEFAULT, NULL,
                                        on_burst_answer_cb, &answers);
    }
  g_assert_true (wait_until (fixture, burst_answered, &answers, 30000));
  sent_us = g_get_monotonic_time () - started;
  g_assert_cmpuint (answers.ok, ==, N_BURST100_EVENTS);
  g_assert_cmpuint (fixture->stored, ==, N_BURST100_EVENTS);
  g_assert_cmpuint (fixture->rejected->len, ==, 0);

  g_assert_true (wait_until (fixture, nothing_pending, NULL, 60000));
  g_signal_handler_disconnect (fixture->listener, handler);

  /* none lost, none processed twice */
  g_assert_cmpuint (count_events (fixture, NULL), ==, N_BURST100_EVENTS);
  g_assert_cmpuint (count_events (fixture, "done"), ==, N_BURST100_EVENTS);
  g_assert_cmpuint (g_hash_table_size (processed_counts), ==, N_BURST100_EVENTS);
  g_hash_table_iter_init (&iter, processed_counts);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_assert_cmpuint (GPOINTER_TO_UINT (value), ==, 1);
  g_clear_pointer (&processed_counts, g_hash_table_unref);

  /* each record change reached Pipedrive once: one PATCH per record, no search, no create */
  for (guint i = 0; i < N_BURST100_RECORDS; i++)
    {
      g_autofree char *name = g_strdup_printf ("\"Changed %u\"", i);

      g_assert_cmpuint (count_records_with (fixture, "pipedrive", "persons", name), ==, 1);
    }
  g_assert_cmpuint (fc_sim_count_records (fixture->sim, "pipedrive", "persons", FALSE), ==,
                    N_BURST100_RECORDS);
  g_assert_cmpuint (fc_sim_get_count (fixture->sim, "pipedrive", "PATCH", NULL, 0), ==,
                    N_BURST100_RECORDS);
  g_assert_cmpuint (fc_sim_get_count (fixture->sim, "pipedrive", "POST", NULL, 0), ==, 0);
  g_assert_cmpuint (fc_sim_get_count (fixture->sim, "pipedrive", "GET",
                                      "/api/v2/persons/search", 0), ==, 0);

  runs = count_runs (fixture) - 1;
  g_test_message ("1,000 webhooks for %u records: sent and acknowledged in %.2f s, all "
                  "processed in %.2f s, %" G_GINT64_FORMAT " runs", N_BURST100_RECORDS,
                  sent_us / 1e6, (g_get_monotonic_time () - started) / 1e6, runs);
  /* Events coalesce into runs: far fewer runs than events. How few depends on how fast the
   * events come against the batch delay (a sanitized build answers slower and batches less),
   * so the bound leaves room: a queue that did not coalesce would make 1,000. */
  g_assert_cmpint (runs, >=, 1);
  g_assert_cmpint (runs, <, N_BURST100_EVENTS / 4);
}

/* ---- the command line ------------------------------------------------------------------- */

/* Runs fluxcascade-cli on the fixture's data folder with the NULL-terminated arguments. */
#define run_cli(fixture, result, ...) \
  fc_test_run_cli ((fixture)->data_dir, (result), __VA_ARGS__)

/* "webhooks status", "webhooks events --json" and "webhooks retry" on what the listener
 * received. */
static void
test_cli (Fixture       *fixture,
          gconstpointer  user_data)
{
  g_autofree char *event = hubspot_event (31, "contact.creation", "1001",
                                          g_get_real_time () / 1000, NULL);
  g_autofree char *body = g_strdup_printf ("[%s]", event);
  g_autofree char *url = url_of (fixture, fixture->hubspot);
  g_autofree char *retry_id = NULL;
  g_auto (Answer) answer = { 0 };
  g_auto (FcTestCliResult) status = { 0 };
  g_auto (FcTestCliResult) events = { 0 };
  g_auto (FcTestCliResult) retry = { 0 };
  g_auto (FcTestCliResult) unknown = { 0 };
  g_auto (FcTestCliResult) pending = { 0 };
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) error = NULL;
  JsonObject *row;
  guint before;

  if (g_getenv ("FC_CLI") == NULL)
    {
      g_test_skip ("FC_CLI is not set (run the test through meson)");
      return;
    }

  send_hubspot (fixture, body, hubspot_secret (fixture), 0, &answer);
  g_assert_cmpuint (answer.status, ==, 200);
  g_assert_true (wait_until (fixture, nothing_pending, NULL, 5000));

  run_cli (fixture, &status, "webhooks", "status", "--port",
           "4711", NULL);
  g_assert_cmpint (status.status, ==, 0);
  g_assert_nonnull (strstr (status.out, fc_connection_get_id (fixture->hubspot)));
  g_assert_nonnull (strstr (status.out, "manual steps"));
  g_assert_nonnull (strstr (status.out, "http://127.0.0.1:4711/webhooks/"));
  g_assert_null (strstr (status.out, url));

  run_cli (fixture, &events, "webhooks", "events", "--json", NULL);
  g_assert_cmpint (events.status, ==, 0);
  root = json_from_string (events.out, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 1);
  row = json_array_get_object_element (json_node_get_array (root), 0);
  g_assert_cmpstr (json_object_get_string_member (row, "status"), ==, "ignored");
  g_assert_cmpstr (json_object_get_string_member (row, "eventId"), ==, "4242:31");
  g_assert_cmpstr (json_object_get_string_member (row, "recordId"), ==, "1001");

  retry_id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (row, "id"));
  before = fixture->n_processed;
  run_cli (fixture, &retry, "webhooks", "retry", retry_id, NULL);
  g_assert_cmpint (retry.status, ==, 0);
  run_cli (fixture, &pending, "webhooks", "events", "--status", "pending", NULL);
  g_assert_cmpint (pending.status, ==, 0);
  g_assert_nonnull (strstr (pending.out, "1001"));

  /* the running listener sees the retried event within its minute */
  fc_webhook_listener_process_now (fixture->listener);
  g_assert_true (wait_until (fixture, nothing_pending, NULL, 5000));
  g_assert_cmpuint (fixture->n_processed, >, before);

  run_cli (fixture, &unknown, "webhooks", "retry", "987654", NULL);
  g_assert_cmpint (unknown.status, ==, 2);
  g_assert_nonnull (strstr (unknown.err, "987654"));
}

/* ---- header limits ---------------------------------------------------------------------- */

/* A raw request written from a thread of its own (the listener answers on this thread's main
 * context), and what came back before the connection closed. */
typedef struct {
  guint     port;
  char     *request;
  GString  *reply;
  gint      done;
} RawRequest;

static gpointer
raw_request_thread (gpointer data)
{
  RawRequest *raw = data;
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  g_autoptr (GSocketConnection) connection = NULL;
  char buffer[4096];
  gssize n;

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", raw->port, NULL, NULL);
  if (connection != NULL)
    {
      GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
      GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));

      /* The server may close before it has read it all: a failed write is an answer too. */
      g_output_stream_write_all (out, raw->request, strlen (raw->request), NULL, NULL, NULL);
      while ((n = g_input_stream_read (in, buffer, sizeof buffer, NULL, NULL)) > 0)
        g_string_append_len (raw->reply, buffer, n);
    }
  g_atomic_int_set (&raw->done, TRUE);
  return NULL;
}

static gboolean
raw_request_done (Fixture       *fixture,
                  gconstpointer  data)
{
  RawRequest *raw = (RawRequest *) data;

  return g_atomic_int_get (&raw->done);
}

/* Sends a POST of "[]" to @path with @headers (whole lines) and returns the status line of
 * the answer, or "" when the connection closed without one. */
static char *
send_raw (Fixture    *fixture,
          const char *path,
          const char *headers)
{
  RawRequest raw = { 0 };
  g_autoptr (GThread) thread = NULL;
  g_autoptr (GString) reply = NULL;
  const char *end;

  raw.port = fc_webhook_listener_get_bound_port (fixture->listener);
  raw.request = g_strdup_printf ("POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                                 "Content-Length: 2\r\n%s\r\n[]", path, headers);
  raw.reply = g_string_new (NULL);
  thread = g_thread_new ("raw-request", raw_request_thread, &raw);
  g_assert_true (wait_until (fixture, raw_request_done, &raw, 20000));
  g_thread_join (g_steal_pointer (&thread));
  g_free (raw.request);
  reply = raw.reply;
  end = strstr (reply->str, "\r\n");
  return end != NULL ? g_strndup (reply->str, end - reply->str) : g_strdup ("");
}

/* Header blocks past libsoup's bound (64 KiB) are refused before any handler of ours sees
 * them, whether in one long line or many short ones; the listener answers the next request as
 * before. What stays under the bound reaches the listener's own checks (here: no such
 * connection). */
static void
test_header_limits (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autofree char *url = url_of (fixture, fixture->hubspot);
  g_autoptr (GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  g_autofree char *unknown = g_strconcat (g_uri_get_path (uri), "-unknown", NULL);
  g_autofree char *big = g_strnfill (1024 * 1024, 'a');
  g_autofree char *small = g_strnfill (32 * 1024, 'a');
  g_autofree char *long_line = g_strdup_printf ("X-Padding: %s\r\n", big);
  g_autofree char *under = g_strdup_printf ("X-Padding: %s\r\n", small);
  g_autoptr (GString) many = g_string_new (NULL);
  g_autofree char *status = NULL;

  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (many, "X-Header-%u: v\r\n", i);

  status = send_raw (fixture, unknown, under);
  g_assert_cmpstr (status, ==, "HTTP/1.1 404 Not Found");
  g_assert_cmpuint (fixture->rejected->len, ==, 1);

  g_clear_pointer (&status, g_free);
  status = send_raw (fixture, g_uri_get_path (uri), long_line);
  g_assert_cmpstr (status, ==, "");
  g_clear_pointer (&status, g_free);
  status = send_raw (fixture, g_uri_get_path (uri), many->str);
  g_assert_cmpstr (status, ==, "");
  g_assert_cmpuint (fixture->rejected->len, ==, 1);
  g_assert_cmpuint (fixture->accepted, ==, 0);
  g_assert_cmpuint (count_events (fixture, NULL), ==, 0);

  g_clear_pointer (&status, g_free);
  status = send_raw (fixture, unknown, "");
  g_assert_cmpstr (status, ==, "HTTP/1.1 404 Not Found");
  g_assert_cmpuint (fixture->rejected->len, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, data) \
  g_test_add ("/fc/webhook-listener/" path, Fixture, data, fixture_set_up, func, \
              fixture_tear_down)

  for (guint i = 0; i < G_N_ELEMENTS (accept_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fc/webhook-listener/accept/%s",
                                               accept_cases[i].provider);

      g_test_add (path, Fixture, &accept_cases[i], fixture_set_up, test_accept,
                  fixture_tear_down);
    }
  for (guint i = 0; i < G_N_ELEMENTS (reject_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fc/webhook-listener/reject/%s",
                                               reject_cases[i].name);

      g_test_add (path, Fixture, &reject_cases[i], fixture_set_up, test_reject,
                  fixture_tear_down);
    }
  ADD ("duplicates", test_duplicates, NULL);
  ADD ("coalesce", test_coalesce, NULL);
  ADD ("retry", test_retry, NULL);
  ADD ("store-refuses-outcome", test_store_refuses_outcome, NULL);
  ADD ("delete-then-late-update", test_delete_then_late_update, NULL);
  ADD ("pipedrive-registration", test_pipedrive_registration, NULL);
  ADD ("auto-registration", test_auto_registration, NULL);
  ADD ("end-to-end/pipedrive", test_end_to_end_pipedrive, NULL);
  ADD ("end-to-end/hubspot-jobber", test_end_to_end_hubspot_jobber, NULL);
  ADD ("ack-time", test_ack_time, NULL);
  ADD ("bind", test_bind, NULL);
  ADD ("header-limits", test_header_limits, NULL);
  ADD ("urls-and-states", test_urls_and_states, NULL);
  ADD ("public-url-signature", test_public_url_signature, NULL);
  ADD ("cli", test_cli, NULL);
  ADD ("signing-secret", test_signing_secret, NULL);
  ADD ("burst", test_burst, NULL);
  ADD ("burst-100", test_burst_100, NULL);

#undef ADD

  return g_test_run ();
}
