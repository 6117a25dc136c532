/* fc-bench-webhooks.c: the webhook listener on the provider simulator: how long a change takes
 * from the source provider's webhook to the write in the target provider, and how many signed
 * webhooks per second the listener accepts with nothing lost
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-bench"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <libsoup/soup.h>

#include "fc-bench-common.h"
#include "fc-engine.h"
#include "fc-sim.h"
#include "fc-store-private.h"

#define HUBSPOT_TOKEN   "pat-na1-bench-webhooks-3f1a"
#define PIPEDRIVE_TOKEN "9d2e4f6a8b0c1d3e5f7a9b1c3d5e7f9a0b2c4d6e"
/* Signs the simulator's HubSpot deliveries and the load client's */
#define HUBSPOT_SECRET  "bench-hubspot-webhook-secret"
/* The subscription id of the load client's HubSpot events */
#define SUBSCRIPTION_ID 4242
/* A change not written after this long counts as missed */
#define CHANGE_TIMEOUT_MS 10000

/* The simulator: seed 43, these tokens, its rate limits off */
static const FcBenchSimOptions sim_options = { 43, HUBSPOT_TOKEN, PIPEDRIVE_TOKEN, FALSE };

typedef struct {
  guint    changes;
  guint    records;
  guint    seconds;
  guint    connections;
  guint    provider_latency_ms;
  gint     batch_delay_ms;      /* -1: the listener's default */
} Options;

/* ---- the target write, as the target simulator reports it -------------------------------- */

/* Pipedrive's simulator sends a webhook for every change it stores, the engine's PATCH
 * included, as soon as it has stored it. The observer receives them on a thread and a main
 * context of its own (not the engine's), and notes when each person name first arrived. */
typedef struct {
  GMutex        lock;
  GCond         cond;
  GHashTable   *seen;     /* person name -> gint64 * (monotonic µs) */
  GMainContext *context;
  GMainLoop    *loop;
  GThread      *thread;
  char         *url;
  gboolean      ready;
} Observer;

static void
on_observed_cb (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  Observer *observer = user_data;
  gint64 now = g_get_monotonic_time ();
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *root, *data;
  const char *name;

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  if (body->data == NULL || !json_parser_load_from_data (parser, body->data, body->length, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return;
  root = json_node_get_object (json_parser_get_root (parser));
  if (!json_object_has_member (root, "data")
      || !JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "data")))
    return;
  data = json_object_get_object_member (root, "data");
  name = json_object_get_string_member_with_default (data, "name", NULL);
  if (name == NULL)
    return;

  g_mutex_lock (&observer->lock);
  if (!g_hash_table_contains (observer->seen, name))
    g_hash_table_insert (observer->seen, g_strdup (name), g_memdup2 (&now, sizeof now));
  g_mutex_unlock (&observer->lock);
  /* the bench waits on the default context */
  g_main_context_wakeup (NULL);
}

static gpointer
observer_thread (gpointer user_data)
{
  Observer *observer = user_data;
  g_autoptr (SoupServer) server = NULL;
  g_autoptr (GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (observer->context);
  server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server, "/", on_observed_cb, observer, NULL);
  if (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    {
      uris = soup_server_get_uris (server);
      observer->url = g_uri_to_string (uris->data);
      g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
    }
  else
    g_printerr ("The observer cannot listen: %s\n", error->message);

  g_mutex_lock (&observer->lock);
  observer->ready = TRUE;
  g_cond_signal (&observer->cond);
  g_mutex_unlock (&observer->lock);

  if (observer->url != NULL)
    g_main_loop_run (observer->loop);
  soup_server_disconnect (server);
  g_main_context_pop_thread_default (observer->context);
  return NULL;
}

static gboolean
observer_start (Observer *observer)
{
  g_mutex_init (&observer->lock);
  g_cond_init (&observer->cond);
  observer->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  observer->context = g_main_context_new ();
  observer->loop = g_main_loop_new (observer->context, FALSE);
  observer->thread = g_thread_new ("observer", observer_thread, observer);
  g_mutex_lock (&observer->lock);
  while (!observer->ready)
    g_cond_wait (&observer->cond, &observer->lock);
  g_mutex_unlock (&observer->lock);
  return observer->url != NULL;
}

static void
observer_stop (Observer *observer)
{
  if (observer->thread == NULL)
    return;
  g_main_loop_quit (observer->loop);
  g_thread_join (observer->thread);
  g_main_loop_unref (observer->loop);
  g_main_context_unref (observer->context);
  g_hash_table_unref (observer->seen);
  g_free (observer->url);
  g_mutex_clear (&observer->lock);
  g_cond_clear (&observer->cond);
}

/* When the person name @name reached Pipedrive, or -1 */
static gint64
observer_lookup (Observer   *observer,
                 const char *name)
{
  gint64 *at;
  gint64 result;

  g_mutex_lock (&observer->lock);
  at = g_hash_table_lookup (observer->seen, name);
  result = at != NULL ? *at : -1;
  g_mutex_unlock (&observer->lock);
  return result;
}

/* ---- the bench ---------------------------------------------------------------------------- */

typedef struct {
  FcBenchEngine      core;           /* the simulator (its control calls serve the listener
                                      * while they wait), the engine and its two connections */
  FcMapping         *mapping;
  FcWebhookListener *listener;
  GPtrArray         *hs_ids;         /* the HubSpot contacts, linked to Pipedrive persons */
  Observer           observer;

  /* what the listener says, for the phase running */
  gint64             last_accepted_us;
  guint              accepted_requests;
  guint              stored_events;
  guint              rejected;
  gint64             last_done_us;
  guint              done_signals;
  GHashTable        *done_counts;    /* row id -> "done" signals */
} Bench;

static gboolean
on_timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
run_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, on_timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

/* Nearest-rank percentile of sorted @values */
static double
percentile (GArray *values,
            double  p)
{
  guint rank;

  if (values->len == 0)
    return 0;
  rank = (guint) (p / 100.0 * values->len + 0.999999);
  rank = CLAMP (rank, 1, values->len);
  return g_array_index (values, double, rank - 1);
}

/* API calls counted by the simulator since the counters were last reset */
static guint
sim_total_calls (Bench *bench)
{
  g_autoptr (JsonNode) answer = fc_bench_sim_control (&bench->core.sim, "GET", "/counters", NULL,
                                                      NULL);

  if (answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer))
    return 0;
  return (guint) json_object_get_int_member_with_default (json_node_get_object (answer),
                                                          "total", 0);
}

/* ---- set-up ------------------------------------------------------------------------------- */

/* Real time, HubSpot contacts to Pipedrive persons: email (required, the match key), last
 * name to name. */
static FcMapping *
save_mapping (Bench   *bench,
              GError **error)
{
  g_autoptr (FcMapping) mapping = fc_bench_contacts_mapping_new ("Benchmark webhooks",
                                                                 bench->core.hubspot,
                                                                 bench->core.pipedrive,
                                                                 FC_DIRECTION_SOURCE_TO_TARGET);
  g_autoptr (FcFieldPair) email = fc_field_pair_new_simple ("email", "email");
  g_autoptr (FcFieldPair) name = fc_field_pair_new_simple ("lastname", "name");

  fc_mapping_set_realtime (mapping, TRUE);
  fc_field_pair_set_required (email, TRUE);
  fc_mapping_add_field_pair (mapping, email);
  fc_field_pair_set_required (name, TRUE);
  fc_mapping_add_field_pair (mapping, name);

  return fc_bench_save_mapping (bench->core.engine, mapping, error);
}

static void
on_accepted_cb (FcWebhookListener *listener,
                const char        *connection_id,
                guint              n_events,
                guint              n_stored,
                Bench             *bench)
{
  bench->last_accepted_us = g_get_monotonic_time ();
  bench->accepted_requests++;
  bench->stored_events += n_stored;
}

static void
on_rejected_cb (FcWebhookListener *listener,
                guint              status,
                const char        *connection_id,
                const char        *reason,
                Bench             *bench)
{
  bench->rejected++;
}

static void
on_event_processed_cb (FcWebhookListener *listener,
                       gint64             id,
                       const char        *status,
                       Bench             *bench)
{
  guint count;

  if (!g_str_equal (status, "done"))
    return;
  bench->last_done_us = g_get_monotonic_time ();
  bench->done_signals++;
  count = GPOINTER_TO_UINT (g_hash_table_lookup (bench->done_counts, &id));
  g_hash_table_replace (bench->done_counts, g_memdup2 (&id, sizeof id),
                        GUINT_TO_POINTER (count + 1));
}

/* @records HubSpot contacts, seeded (no webhook), then linked to Pipedrive persons by a first
 * sync, which creates them there. */
static gboolean
seed_and_link (Bench    *bench,
               guint     records,
               GError  **error)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (FcSyncResult) sync = NULL;

  for (guint i = 0; i < records; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"properties\":{\"email\":"
                                               "\"hook%u@example.com\",\"lastname\":"
                                               "\"Hook %u\"}}", i, i);
      char *id = fc_bench_sim_seed_hubspot_contact (&bench->core.sim, body, error);

      if (id == NULL)
        return FALSE;
      g_ptr_array_add (bench->hs_ids, id);
    }

  fc_engine_sync_async (bench->core.engine, bench->mapping, NULL, NULL, NULL, NULL,
                        fc_bench_on_done_cb, &result);
  sync = fc_engine_sync_finish (bench->core.engine, fc_bench_wait_for (&result), error);
  if (sync == NULL)
    return FALSE;
  if (fc_sync_result_get_counts (sync)->created != records)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "The first sync created %u Pipedrive persons, not %u",
                   fc_sync_result_get_counts (sync)->created, records);
      return FALSE;
    }
  return TRUE;
}

static gboolean
bench_set_up (Bench          *bench,
              const Options  *options,
              GError        **error)
{
  g_autofree char *hubspot_hook = NULL;
  g_autofree char *pipedrive_hook = NULL;
  g_autofree char *listener_url = NULL;

  /* The simulator's limits are off: lift the connectors' own limiters too, or they would pace
   * the calls to the real providers' budgets and the tables would measure those. */
  if (!fc_bench_engine_set_up (&bench->core, &sim_options, "fc-bench-webhooks-XXXXXX", TRUE,
                               error))
    return FALSE;
  bench->mapping = save_mapping (bench, error);
  if (bench->mapping == NULL)
    return FALSE;
  bench->hs_ids = g_ptr_array_new_with_free_func (g_free);
  bench->done_counts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  if (!seed_and_link (bench, options->records, error))
    return FALSE;

  bench->listener = fc_engine_get_webhook_listener (bench->core.engine);
  fc_webhook_listener_set_port (bench->listener, 0);
  if (options->batch_delay_ms >= 0)
    fc_webhook_listener_set_batch_delay_ms (bench->listener, (guint) options->batch_delay_ms);
  g_signal_connect (bench->listener, "accepted", G_CALLBACK (on_accepted_cb), bench);
  g_signal_connect (bench->listener, "rejected", G_CALLBACK (on_rejected_cb), bench);
  g_signal_connect (bench->listener, "event-processed", G_CALLBACK (on_event_processed_cb),
                    bench);
  if (!fc_webhook_listener_start (bench->listener, error))
    return FALSE;

  if (!observer_start (&bench->observer))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The observer did not start");
      return FALSE;
    }
  listener_url = fc_webhook_listener_dup_url (bench->listener, bench->core.hubspot);
  hubspot_hook = g_strdup_printf ("{\"target_url\":\"%s\",\"secret\":\"%s\"}", listener_url,
                                  HUBSPOT_SECRET);
  pipedrive_hook = g_strdup_printf ("{\"target_url\":\"%s\",\"secret\":\"bench:observer\"}",
                                    bench->observer.url);
  return fc_bench_sim_control_ok (&bench->core.sim, "POST", "/webhooks/hubspot", hubspot_hook,
                                  error)
         && fc_bench_sim_control_ok (&bench->core.sim, "POST", "/webhooks/pipedrive",
                                     pipedrive_hook, error);
}

static void
bench_tear_down (Bench *bench)
{
  if (bench->listener != NULL)
    {
      g_signal_handlers_disconnect_by_data (bench->listener, bench);
      fc_webhook_listener_stop (bench->listener);
    }
  observer_stop (&bench->observer);
  g_clear_object (&bench->mapping);
  fc_bench_engine_clear (&bench->core);
  g_clear_pointer (&bench->hs_ids, g_ptr_array_unref);
  g_clear_pointer (&bench->done_counts, g_hash_table_unref);
}

/* ---- (a) latency -------------------------------------------------------------------------- */

typedef struct {
  guint   changes;
  guint   missed;          /* not written within CHANGE_TIMEOUT_MS */
  GArray *write_ms;        /* edit sent -> Pipedrive stored the write (double) */
  GArray *ack_ms;          /* edit sent -> listener stored and answered the webhook */
  GArray *done_ms;         /* edit sent -> the event marked done */
  double  calls_per_change;
  double  wall_s;
} Latency;

static void
append_ms (GArray *values,
           gint64  us)
{
  double ms = us / 1000.0;

  g_array_append_val (values, ms);
}

static gboolean
run_latency (Bench          *bench,
             const Options  *options,
             Latency        *latency,
             GError        **error)
{
  gint64 phase_start = g_get_monotonic_time ();
  guint calls;

  latency->write_ms = g_array_new (FALSE, FALSE, sizeof (double));
  latency->ack_ms = g_array_new (FALSE, FALSE, sizeof (double));
  latency->done_ms = g_array_new (FALSE, FALSE, sizeof (double));
  latency->changes = options->changes;

  if (options->provider_latency_ms > 0)
    {
      g_autofree char *faults = g_strdup_printf ("{\"latency_ms\":%u}",
                                                 options->provider_latency_ms);

      if (!fc_bench_sim_control_ok (&bench->core.sim, "POST", "/faults/hubspot", faults, error)
          || !fc_bench_sim_control_ok (&bench->core.sim, "POST", "/faults/pipedrive", faults,
                                       error))
        return FALSE;
    }
  if (!fc_bench_sim_control_ok (&bench->core.sim, "DELETE", "/counters", NULL, error))
    return FALSE;

  for (guint i = 0; i < options->changes; i++)
    {
      const char *id = g_ptr_array_index (bench->hs_ids, i % bench->hs_ids->len);
      g_autofree char *name = g_strdup_printf ("Latency %u", i);
      g_autofree char *path = g_strdup_printf ("/records/hubspot/contacts/%s", id);
      g_autofree char *body = g_strdup_printf ("{\"properties\":{\"lastname\":\"%s\"}}", name);
      gint64 deadline, sent, written = -1;
      guint done_before = bench->done_signals;
      gboolean timed_out = FALSE;
      guint timeout;

      bench->last_accepted_us = -1;
      sent = g_get_monotonic_time ();
      /* the simulator sends the webhook as it stores the edit, as a user's edit in its UI */
      if (!fc_bench_sim_control_ok (&bench->core.sim, "PATCH", path, body, error))
        return FALSE;

      deadline = sent + CHANGE_TIMEOUT_MS * 1000;
      timeout = g_timeout_add (CHANGE_TIMEOUT_MS, on_timeout_cb, &timed_out);
      /* the observer wakes this context when a write arrives */
      while (!timed_out)
        {
          written = observer_lookup (&bench->observer, name);
          if (written >= 0 && bench->done_signals > done_before)
            break;
          g_main_context_iteration (NULL, TRUE);
        }
      if (!timed_out)
        g_source_remove (timeout);
      if (written < 0 || g_get_monotonic_time () > deadline)
        {
          latency->missed++;
          continue;
        }
      append_ms (latency->write_ms, written - sent);
      if (bench->last_accepted_us >= 0)
        append_ms (latency->ack_ms, bench->last_accepted_us - sent);
      append_ms (latency->done_ms, bench->last_done_us - sent);
      /* one change at a time: let the listener settle before the next */
      run_for (5);
    }
  latency->wall_s = (g_get_monotonic_time () - phase_start) / 1e6;

  calls = sim_total_calls (bench);
  latency->calls_per_change = options->changes > 0 ? (double) calls / options->changes : 0;
  if (options->provider_latency_ms > 0
      && (!fc_bench_sim_control_ok (&bench->core.sim, "DELETE", "/faults/hubspot", NULL, error)
          || !fc_bench_sim_control_ok (&bench->core.sim, "DELETE", "/faults/pipedrive", NULL,
                                       error)))
    return FALSE;

  g_array_sort (latency->write_ms, compare_doubles);
  g_array_sort (latency->ack_ms, compare_doubles);
  g_array_sort (latency->done_ms, compare_doubles);
  return TRUE;
}

static void
print_latency (const Options *options,
               const Latency *latency)
{
  GArray *rows[] = { latency->ack_ms, latency->write_ms, latency->done_ms };
  const char *names[] = { "webhook acknowledged", "target write stored", "event done" };
  double provider_ms = latency->calls_per_change * options->provider_latency_ms;
  double p50 = percentile (latency->write_ms, 50), p99 = percentile (latency->write_ms, 99);

  printf ("\n== (a) latency: HubSpot contact edited -> webhook -> listener -> sync -> Pipedrive "
          "person written ==\n");
  printf ("%u changes, one at a time, over %u linked records; provider latency %u ms per API "
          "call (simulator's latency_ms), %.2f API calls per change; batch delay %u ms; "
          "%u missed (not written within %u s); %.1f s\n\n", latency->changes, options->records,
          options->provider_latency_ms, latency->calls_per_change,
          options->batch_delay_ms >= 0 ? (guint) options->batch_delay_ms : 20u, latency->missed,
          CHANGE_TIMEOUT_MS / 1000, latency->wall_s);
  printf ("%-22s %6s %9s %9s %9s %9s %9s %12s %12s\n", "from the edit to", "n", "p50 ms",
          "p90 ms", "p99 ms", "max ms", "mean ms", "provider ms", "engine p50");
  for (guint r = 0; r < G_N_ELEMENTS (rows); r++)
    {
      GArray *values = rows[r];
      double sum = 0;

      for (guint i = 0; i < values->len; i++)
        sum += g_array_index (values, double, i);
      printf ("%-22s %6u %9.2f %9.2f %9.2f %9.2f %9.2f %12.1f %12.2f\n", names[r], values->len,
              percentile (values, 50), percentile (values, 90), percentile (values, 99),
              values->len > 0 ? g_array_index (values, double, values->len - 1) : 0,
              values->len > 0 ? sum / values->len : 0, r == 0 ? 0 : provider_ms,
              percentile (values, 50) - (r == 0 ? 0 : provider_ms));
    }
  printf ("\ntarget (issue 6) p50 < 50 ms beyond the providers' latency: %s (%.2f ms - %.1f ms)\n",
          p50 - provider_ms < 50 ? "met" : "NOT met", p50, provider_ms);
  printf ("target (issue 6) p99 < 250 ms beyond the providers' latency: %s (%.2f ms - %.1f ms)\n",
          p99 - provider_ms < 250 ? "met" : "NOT met", p99, provider_ms);
}

/* ---- (b) throughput: the load client -------------------------------------------------------- */

typedef struct {
  const char  *url;
  const char  *secret;
  GStrv        records;
  guint        n_records;
  guint        index;          /* the connection's number */
  guint        n_connections;
  gint64       deadline;       /* monotonic µs */
  gint64       occurred_base;  /* epoch ms */
  GArray      *accepted;       /* guint64 event ids answered 2xx */
  GArray      *ack_ms;         /* double */
  guint        sent;
  guint        refused;        /* answered, not 2xx */
  guint        failed;         /* no answer */
} Client;

static gpointer
client_thread (gpointer user_data)
{
  Client *client = user_data;
  g_autoptr (SoupSession) session = soup_session_new_with_options ("max-conns-per-host", 1,
                                                                   "timeout", 30, NULL);

  for (guint64 k = 0; g_get_monotonic_time () < client->deadline; k++)
    {
      guint64 sequence = (guint64) client->index * 100000000 + k;
      guint64 event_id = 1000000000 + sequence;
      const char *record = client->records[(client->index + k * client->n_connections)
                                           % client->n_records];
      g_autofree char *timestamp = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                    g_get_real_time () / 1000);
      g_autofree char *body = g_strdup_printf (
        "[{\"eventId\":%" G_GUINT64_FORMAT ",\"subscriptionId\":%d,\"portalId\":62515,"
        "\"appId\":54321,\"occurredAt\":%" G_GINT64_FORMAT ",\"subscriptionType\":"
        "\"contact.propertyChange\",\"attemptNumber\":0,\"objectId\":%s,\"changeSource\":"
        "\"CRM\",\"propertyName\":\"lastname\",\"propertyValue\":\"Load %" G_GUINT64_FORMAT
        "\"}]", event_id, SUBSCRIPTION_ID, client->occurred_base + (gint64) sequence, record,
        sequence);
      g_autofree char *signature = fc_sim_hubspot_sign_v3 (client->secret, "POST", client->url,
                                                           body, -1, timestamp);
      g_autoptr (SoupMessage) message = soup_message_new ("POST", client->url);
      g_autoptr (GBytes) request = g_bytes_new (body, strlen (body));
      g_autoptr (GBytes) answer = NULL;
      g_autoptr (GError) error = NULL;
      SoupMessageHeaders *headers = soup_message_get_request_headers (message);
      gint64 started;
      double elapsed;

      soup_message_set_request_body_from_bytes (message, "application/json", request);
      soup_message_headers_replace (headers, "X-HubSpot-Signature-v3", signature);
      soup_message_headers_replace (headers, "X-HubSpot-Request-Timestamp", timestamp);
      started = g_get_monotonic_time ();
      answer = soup_session_send_and_read (session, message, NULL, &error);
      elapsed = (g_get_monotonic_time () - started) / 1000.0;
      client->sent++;
      if (answer == NULL)
        client->failed++;
      else if (SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (message)))
        {
          g_array_append_val (client->accepted, event_id);
          g_array_append_val (client->ack_ms, elapsed);
        }
      else
        client->refused++;
    }
  return NULL;
}

/* The load client's process: prints "summary <seconds> <sent> <2xx> <refused> <failed> <p50>
 * <p99> <max> <cpu s>", then "accepted <event id>" for each delivery answered 2xx. */
static int
load_client_main (const char *url,
                  const char *secret,
                  const char *records,
                  guint       seconds,
                  guint       connections)
{
  g_auto (GStrv) ids = g_strsplit (records, ",", -1);
  g_autoptr (GArray) ack_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree Client *clients = g_new0 (Client, connections);
  g_autofree GThread **threads = g_new0 (GThread *, connections);
  gint64 started = g_get_monotonic_time ();
  gint64 occurred_base = g_get_real_time () / 1000;
  guint sent = 0, accepted = 0, refused = 0, failed = 0;
  double elapsed;

  for (guint i = 0; i < connections; i++)
    {
      clients[i].url = url;
      clients[i].secret = secret;
      clients[i].records = ids;
      clients[i].n_records = g_strv_length (ids);
      clients[i].index = i;
      clients[i].n_connections = connections;
      clients[i].deadline = started + (gint64) seconds * G_USEC_PER_SEC;
      clients[i].occurred_base = occurred_base;
      clients[i].accepted = g_array_new (FALSE, FALSE, sizeof (guint64));
      clients[i].ack_ms = g_array_new (FALSE, FALSE, sizeof (double));
      threads[i] = g_thread_new ("client", client_thread, &clients[i]);
    }
  for (guint i = 0; i < connections; i++)
    {
      g_thread_join (threads[i]);
      sent += clients[i].sent;
      accepted += clients[i].accepted->len;
      refused += clients[i].refused;
      failed += clients[i].failed;
      g_array_append_vals (ack_ms, clients[i].ack_ms->data, clients[i].ack_ms->len);
    }
  elapsed = (g_get_monotonic_time () - started) / 1e6;
  g_array_sort (ack_ms, compare_doubles);

  printf ("summary %.3f %u %u %u %u %.3f %.3f %.3f %.3f\n", elapsed, sent, accepted, refused,
          failed, percentile (ack_ms, 50), percentile (ack_ms, 99),
          ack_ms->len > 0 ? g_array_index (ack_ms, double, ack_ms->len - 1) : 0,
          fc_bench_cpu_seconds (RUSAGE_SELF));
  for (guint i = 0; i < connections; i++)
    {
      for (guint j = 0; j < clients[i].accepted->len; j++)
        printf ("accepted %" G_GUINT64_FORMAT "\n", g_array_index (clients[i].accepted, guint64,
                                                                   j));
      g_array_unref (clients[i].accepted);
      g_array_unref (clients[i].ack_ms);
    }
  return 0;
}

/* ---- (b) throughput: the engine's side ------------------------------------------------------ */

typedef struct {
  double  client_s;
  guint   sent;
  guint   accepted;        /* answered 2xx */
  guint   refused;
  guint   failed;
  double  ack_p50, ack_p99, ack_max;
  double  client_cpu_s;
  double  engine_cpu_s;    /* while the client sent */
  double  sim_cpu_s;
  guint   stored;          /* rows in inbound_events from the load */
  guint   missing;         /* accepted, not stored */
  guint   done;
  guint   not_done;
  guint   retried;         /* rows with more than one attempt */
  guint   once;            /* done rows signalled "done" exactly once */
  guint   twice;           /* done rows signalled more than once */
  gint64  runs;
  double  drain_s;         /* after the client stopped, until nothing was pending */
} Throughput;

static guint
count_pending (Bench *bench)
{
  g_autoptr (sqlite3_stmt) stmt = _fc_store_prepare (fc_engine_get_store (bench->core.engine),
                                                     "SELECT COUNT (*) FROM inbound_events "
                                                     "WHERE status = 'pending'", NULL);

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return G_MAXUINT;
  return (guint) sqlite3_column_int64 (stmt, 0);
}

static gint64
count_runs (Bench *bench)
{
  g_autoptr (sqlite3_stmt) stmt = _fc_store_prepare (fc_engine_get_store (bench->core.engine),
                                                     "SELECT COUNT (*) FROM runs", NULL);

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return -1;
  return sqlite3_column_int64 (stmt, 0);
}

/* Compares what the client says was accepted with inbound_events and the "done" signals. */
static gboolean
verify_events (Bench       *bench,
               GHashTable  *accepted,
               Throughput  *throughput,
               GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GHashTable) stored = g_hash_table_new (g_str_hash, g_str_equal);
  /* stored as "<connection id>:<subscription id>:<event id>" */
  g_autofree char *prefix = g_strdup_printf ("%s:%d:", fc_connection_get_id (bench->core.hubspot),
                                             SUBSCRIPTION_ID);
  g_autoptr (GPtrArray) keep = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key;
  int step;

  stmt = _fc_store_prepare (fc_engine_get_store (bench->core.engine),
                            "SELECT id, event_id, status, attempts FROM inbound_events", error);
  if (stmt == NULL)
    return FALSE;
  while ((step = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const char *event_id = (const char *) sqlite3_column_text (stmt, 1);
      const char *status = (const char *) sqlite3_column_text (stmt, 2);
      guint signals;
      char *copy;

      if (event_id == NULL || !g_str_has_prefix (event_id, prefix))
        continue;  /* the latency phase's */
      copy = g_strdup (event_id + strlen (prefix));
      g_ptr_array_add (keep, copy);
      g_hash_table_add (stored, copy);
      throughput->stored++;
      /* attempts counts the one that succeeded too */
      if (sqlite3_column_int64 (stmt, 3) > 1)
        throughput->retried++;
      if (g_strcmp0 (status, "done") != 0)
        {
          throughput->not_done++;
          continue;
        }
      throughput->done++;
      signals = GPOINTER_TO_UINT (g_hash_table_lookup (bench->done_counts, &id));
      if (signals == 1)
        throughput->once++;
      else if (signals > 1)
        throughput->twice++;
    }
  if (step != SQLITE_DONE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Reading inbound_events: %s",
                   sqlite3_errstr (step));
      return FALSE;
    }

  g_hash_table_iter_init (&iter, accepted);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (stored, key))
      throughput->missing++;
  return TRUE;
}

static gboolean
run_throughput (Bench          *bench,
                const Options  *options,
                Throughput     *throughput,
                GError        **error)
{
  g_autofree char *self_path = g_file_read_link ("/proc/self/exe", error);
  g_autofree char *url = fc_webhook_listener_dup_url (bench->listener, bench->core.hubspot);
  g_autofree char *records = NULL;
  g_autofree char *seconds = g_strdup_printf ("%u", options->seconds);
  g_autofree char *connections = g_strdup_printf ("%u", options->connections);
  g_autoptr (GPtrArray) record_list = g_ptr_array_new ();
  g_autoptr (GSubprocess) client = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GHashTable) accepted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                           NULL);
  g_autofree char *out = NULL;
  g_auto (GStrv) lines = NULL;
  gint64 runs_before = count_runs (bench);
  gint64 stopped, drain_deadline;
  double cpu_engine, cpu_sim;
  gboolean summary = FALSE;

  if (self_path == NULL)
    return FALSE;
  for (guint i = 0; i < bench->hs_ids->len; i++)
    g_ptr_array_add (record_list, g_ptr_array_index (bench->hs_ids, i));
  g_ptr_array_add (record_list, NULL);
  records = g_strjoinv (",", (GStrv) record_list->pdata);
  g_hash_table_remove_all (bench->done_counts);

  cpu_engine = fc_bench_cpu_seconds (RUSAGE_SELF);
  cpu_sim = fc_bench_process_cpu_seconds (bench->core.sim.pid);
  client = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, error, self_path, "--load-client",
                             "--url", url, "--secret", HUBSPOT_SECRET, "--record-ids", records,
                             "--seconds", seconds, "--connections", connections, NULL);
  if (client == NULL)
    return FALSE;
  /* the listener answers on this context while the client sends */
  g_subprocess_communicate_utf8_async (client, NULL, NULL, fc_bench_on_done_cb, &result);
  if (!g_subprocess_communicate_utf8_finish (client, fc_bench_wait_for (&result), &out, NULL,
                                             error))
    return FALSE;
  stopped = g_get_monotonic_time ();
  throughput->engine_cpu_s = fc_bench_cpu_seconds (RUSAGE_SELF) - cpu_engine;
  throughput->sim_cpu_s = fc_bench_process_cpu_seconds (bench->core.sim.pid) - cpu_sim;

  lines = g_strsplit (out != NULL ? out : "", "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "accepted "))
        g_hash_table_add (accepted, g_strdup (lines[i] + strlen ("accepted ")));
      else if (g_str_has_prefix (lines[i], "summary "))
        summary = sscanf (lines[i], "summary %lf %u %u %u %u %lf %lf %lf %lf",
                          &throughput->client_s, &throughput->sent, &throughput->accepted,
                          &throughput->refused, &throughput->failed, &throughput->ack_p50,
                          &throughput->ack_p99, &throughput->ack_max,
                          &throughput->client_cpu_s) == 9;
    }
  if (!summary)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The load client printed no summary");
      return FALSE;
    }

  /* then every stored event is processed */
  drain_deadline = stopped + 300 * G_USEC_PER_SEC;
  while (count_pending (bench) > 0 && g_get_monotonic_time () < drain_deadline)
    run_for (20);
  throughput->drain_s = (g_get_monotonic_time () - stopped) / 1e6;
  throughput->runs = count_runs (bench) - runs_before;
  return verify_events (bench, accepted, throughput, error);
}

static void
print_throughput (const Options    *options,
                  const Throughput *t)
{
  double rate = t->client_s > 0 ? t->accepted / t->client_s : 0;

  printf ("\n== (b) throughput: signed HubSpot webhooks (one event each) from %u connections "
          "for %u s, %u records ==\n\n", options->connections, options->seconds,
          options->records);
  printf ("%7s %7s %6s %6s %9s %8s %8s %8s %7s %7s %7s\n", "sent", "2xx", "non2xx", "no ans",
          "2xx/s", "ack p50", "ack p99", "ack max", "eng cpu", "cli cpu", "sim cpu");
  printf ("%7u %7u %6u %6u %9.0f %8.2f %8.2f %8.2f %7.2f %7.2f %7.2f\n\n", t->sent, t->accepted,
          t->refused, t->failed, rate, t->ack_p50, t->ack_p99, t->ack_max, t->engine_cpu_s,
          t->client_cpu_s, t->sim_cpu_s);
  printf ("%7s %7s %7s %8s %7s %9s %6s %8s\n", "stored", "missing", "done", "not done",
          "retried", "done once", "twice", "runs");
  printf ("%7u %7u %7u %8u %7u %9u %6u %8" G_GINT64_FORMAT "\n", t->stored, t->missing, t->done,
          t->not_done, t->retried, t->once, t->twice, t->runs);
  printf ("processing drained %.2f s after the client stopped (%.0f events/s through the sync "
          "over the whole phase)\n", t->drain_s,
          t->client_s + t->drain_s > 0 ? t->done / (t->client_s + t->drain_s) : 0);
  printf ("\ntarget (issue 6) >= 1,000 webhooks/s accepted: %s (%.0f/s)\n",
          rate >= 1000 ? "met" : "NOT met", rate);
  printf ("nothing lost (every 2xx stored and done, each processed once): %s\n",
          t->missing == 0 && t->not_done == 0 && t->twice == 0 && t->once == t->stored
          && t->stored >= t->accepted ? "yes" : "NO");
}

/* ---- main --------------------------------------------------------------------------------- */

int
main (int    argc,
      char **argv)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *keyring_dir = NULL;
  g_autofree char *load_url = NULL;
  g_autofree char *load_secret = NULL;
  g_autofree char *load_records = NULL;
  gboolean load_client = FALSE;
  gboolean quick = FALSE;
  gint changes = 300, records = 100, seconds = 5, connections = 4, provider_latency = 0;
  gint batch_delay = -1;
  Options options;
  Bench bench = { 0 };
  Latency latency = { 0 };
  Throughput throughput = { 0 };
  gboolean ok;
  const GOptionEntry entries[] = {
    { "changes", 'n', 0, G_OPTION_ARG_INT, &changes,
      "Changes in the latency phase (default 300)", "N" },
    { "records", 'r', 0, G_OPTION_ARG_INT, &records,
      "Linked records (default 100)", "N" },
    { "seconds", 't', 0, G_OPTION_ARG_INT, &seconds,
      "Seconds of the throughput phase (default 5)", "T" },
    { "connections", 'c', 0, G_OPTION_ARG_INT, &connections,
      "Concurrent client connections in the throughput phase (default 4)", "C" },
    { "provider-latency-ms", 'l', 0, G_OPTION_ARG_INT, &provider_latency,
      "The simulator's latency per API call in the latency phase (default 0)", "MS" },
    { "batch-delay-ms", 'b', 0, G_OPTION_ARG_INT, &batch_delay,
      "The listener's batch-delay-ms (default: its own, 20)", "MS" },
    { "quick", 'q', 0, G_OPTION_ARG_NONE, &quick,
      "50 changes, 2 seconds of load", NULL },
    { "load-client", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &load_client, NULL, NULL },
    { "url", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &load_url, NULL, NULL },
    { "secret", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &load_secret, NULL, NULL },
    { "record-ids", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &load_records, NULL, NULL },
    { NULL }
  };

  context = g_option_context_new ("- benchmark the webhook listener on the provider simulator");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (quick)
    {
      changes = 50;
      seconds = 2;
    }
  if (changes < 1 || records < 1 || seconds < 1 || connections < 1 || provider_latency < 0)
    {
      g_printerr ("--changes, --records, --seconds and --connections must be positive\n");
      return 2;
    }
  if (load_client)
    {
      if (load_url == NULL || load_secret == NULL || load_records == NULL)
        {
          g_printerr ("--load-client needs --url, --secret and --record-ids\n");
          return 2;
        }
      return load_client_main (load_url, load_secret, load_records, (guint) seconds,
                               (guint) connections);
    }
  options = (Options) { (guint) changes, (guint) records, (guint) seconds, (guint) connections,
                        (guint) provider_latency, batch_delay };

  /* before any thread: the simulator's process is forked */
  bench.core.sim.serve_main_context = TRUE;
  if (!fc_bench_sim_start (&bench.core.sim, &sim_options, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  keyring_dir = fc_bench_use_private_keyring (&error);
  if (keyring_dir == NULL)
    {
      g_printerr ("%s\n", error->message);
      fc_bench_sim_stop (&bench.core.sim);
      return 1;
    }
  /* HubSpot's webhooks are signed with the app's client secret */
  g_setenv ("FLUXCASCADE_HUBSPOT_CLIENT_SECRET", HUBSPOT_SECRET, TRUE);

  printf ("fc-bench-webhooks: engine, listener and observer in this process; the simulator "
          "and the load client in processes of their own; %ld CPUs online, shared with "
          "whatever else runs\n", sysconf (_SC_NPROCESSORS_ONLN));
  ok = bench_set_up (&bench, &options, &error)
       && run_latency (&bench, &options, &latency, &error)
       && run_throughput (&bench, &options, &throughput, &error);
  if (latency.write_ms != NULL)
    print_latency (&options, &latency);
  if (throughput.client_s > 0)
    print_throughput (&options, &throughput);
  if (!ok)
    printf ("\nstopped: %s\n", error->message);
  if (bench.rejected > 0)
    printf ("\nthe listener rejected %u requests\n", bench.rejected);

  bench_tear_down (&bench);
  g_clear_pointer (&latency.write_ms, g_array_unref);
  g_clear_pointer (&latency.ack_ms, g_array_unref);
  g_clear_pointer (&latency.done_ms, g_array_unref);
  fc_bench_remove_tree (keyring_dir);
  return 0;
}
