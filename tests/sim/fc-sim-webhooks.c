/* fc-sim-webhooks.c: delivering webhooks with retries, a log of attempts, and HubSpot's
 * signature algorithms
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-sim"

#include "config.h"

#include <string.h>

#include "fc-sim-private.h"

#define LOG_MAX_ENTRIES 2000

struct _FcSimDelivery
{
  gint               ref_count;
  FcSim             *sim;
  FcSimProvider     *provider;
  char              *id;
  char              *url;
  char              *summary;
  guint              attempt;      /* tries made so far */
  guint              first_status;
  guint              max_attempts;
  GArray            *delays_ms;
  guint              timeout_ms;
  FcSimBuildMessage  build;
  FcSimShouldRetry   should_retry;
  FcSimDeliveryDone  done;
  gpointer           data;
  GDestroyNotify     destroy;
};

typedef struct
{
  FcSimDelivery *delivery;
  SoupMessage   *message;
  GCancellable  *cancellable;
  GSource       *timeout;
} Attempt;

void
_fc_sim_retry_policy_init (FcSimRetryPolicy *policy,
                           guint             max_attempts,
                           const guint      *delays_ms,
                           guint             n_delays,
                           guint             timeout_ms)
{
  g_clear_pointer (&policy->delays_ms, g_array_unref);
  policy->max_attempts = MAX (max_attempts, 1);
  policy->delays_ms = g_array_new (FALSE, FALSE, sizeof (guint));
  g_array_append_vals (policy->delays_ms, delays_ms, n_delays);
  if (policy->delays_ms->len == 0)
    {
      guint zero = 0;

      g_array_append_val (policy->delays_ms, zero);
    }
  policy->timeout_ms = timeout_ms > 0 ? timeout_ms : 10000;
}

void
_fc_sim_retry_policy_clear (FcSimRetryPolicy *policy)
{
  g_clear_pointer (&policy->delays_ms, g_array_unref);
}

void
_fc_sim_webhooks_init (FcSim *sim)
{
  sim->delivery_log = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
}

void
_fc_sim_webhooks_clear (FcSim *sim)
{
  g_clear_pointer (&sim->delivery_log, g_ptr_array_unref);
}

static FcSimDelivery *
delivery_ref (FcSimDelivery *delivery)
{
  g_atomic_int_inc (&delivery->ref_count);
  return delivery;
}

static void
delivery_unref (gpointer data)
{
  FcSimDelivery *delivery = data;

  if (!g_atomic_int_dec_and_test (&delivery->ref_count))
    return;

  if (delivery->destroy != NULL)
    delivery->destroy (delivery->data);
  g_array_unref (delivery->delays_ms);
  g_free (delivery->id);
  g_free (delivery->url);
  g_free (delivery->summary);
  g_free (delivery);
}

static void
log_attempt (FcSimDelivery *delivery,
             guint          status,
             const GError  *error)
{
  FcSim *sim = delivery->sim;
  JsonObject *entry = json_object_new ();
  g_autofree char *time = _fc_sim_format_iso_ms (_fc_sim_now_ms (sim));

  json_object_set_string_member (entry, "delivery_id", delivery->id);
  json_object_set_string_member (entry, "provider", delivery->provider->klass->name);
  json_object_set_string_member (entry, "url", delivery->url);
  json_object_set_string_member (entry, "summary", delivery->summary);
  json_object_set_int_member (entry, "attempt", delivery->attempt);
  json_object_set_int_member (entry, "status", status);
  json_object_set_boolean_member (entry, "delivered", SOUP_STATUS_IS_SUCCESSFUL (status));
  if (error != NULL)
    json_object_set_string_member (entry, "error", error->message);
  json_object_set_string_member (entry, "time", time);

  if (sim->delivery_log->len >= LOG_MAX_ENTRIES)
    g_ptr_array_remove_index (sim->delivery_log, 0);
  g_ptr_array_add (sim->delivery_log, entry);
}

static gboolean try_delivery_cb (gpointer user_data);

static void
attempt_free (Attempt *attempt)
{
  if (attempt->timeout != NULL)
    {
      g_source_destroy (attempt->timeout);
      g_source_unref (attempt->timeout);
    }
  g_object_unref (attempt->message);
  g_object_unref (attempt->cancellable);
  delivery_unref (attempt->delivery);
  g_free (attempt);
}

static void
finish_attempt (FcSimDelivery *delivery,
                guint          status,
                const GError  *error)
{
  FcSim *sim = delivery->sim;
  gboolean delivered = SOUP_STATUS_IS_SUCCESSFUL (status);
  gboolean stopping = g_cancellable_is_cancelled (_fc_sim_get_cancellable (sim));

  delivery->attempt++;
  if (delivery->attempt == 1)
    delivery->first_status = status;
  log_attempt (delivery, status, error);

  if (stopping)
    return;

  if (!delivered && delivery->attempt < delivery->max_attempts
      && (delivery->should_retry == NULL || delivery->should_retry (status)))
    {
      guint index = MIN (delivery->attempt - 1, delivery->delays_ms->len - 1);
      guint delay = g_array_index (delivery->delays_ms, guint, index);

      _fc_sim_schedule (sim, delay, try_delivery_cb, delivery_ref (delivery), delivery_unref);
      return;
    }

  if (delivery->done != NULL)
    delivery->done (delivery, delivered, delivery->first_status, delivery->data);
}

static void
on_delivery_sent_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Attempt *attempt = user_data;
  FcSimDelivery *delivery = attempt->delivery;
  FcSim *sim = delivery->sim;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) body = NULL;
  guint status = 0;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (body != NULL)
    status = soup_message_get_status (attempt->message);

  _fc_sim_lock (sim);
  sim->in_flight--;
  finish_attempt (delivery, status, error);
  _fc_sim_unlock (sim);

  attempt_free (attempt);
}

static gboolean
cancel_attempt_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);

  return G_SOURCE_REMOVE;
}

static gboolean
try_delivery_cb (gpointer user_data)
{
  FcSimDelivery *delivery = user_data;
  FcSim *sim = delivery->sim;
  SoupSession *session = _fc_sim_get_session (sim);
  Attempt *attempt;

  if (session == NULL || g_cancellable_is_cancelled (_fc_sim_get_cancellable (sim)))
    return G_SOURCE_REMOVE;

  attempt = g_new0 (Attempt, 1);
  attempt->delivery = delivery_ref (delivery);
  attempt->cancellable = g_cancellable_new ();

  _fc_sim_lock (sim);
  attempt->message = delivery->build (delivery, delivery->attempt, delivery->data);
  sim->in_flight++;
  attempt->timeout = _fc_sim_schedule (sim, delivery->timeout_ms, cancel_attempt_cb,
                                       g_object_ref (attempt->cancellable), g_object_unref);
  if (attempt->timeout != NULL)
    g_source_ref (attempt->timeout);
  _fc_sim_unlock (sim);

  soup_session_send_and_read_async (session, attempt->message, G_PRIORITY_DEFAULT,
                                    attempt->cancellable, on_delivery_sent_cb, attempt);

  return G_SOURCE_REMOVE;
}

/* Queues a delivery to @url under @provider's retry policy. @build makes the message of each
 * try (0-based @attempt), @should_retry says whether a failed status is worth another try,
 * @done hears the outcome. Call with the lock held; the work runs on the simulator's context. */
void
_fc_sim_webhooks_send (FcSimProvider     *provider,
                       const char        *url,
                       const char        *summary,
                       FcSimBuildMessage  build,
                       FcSimShouldRetry   should_retry,
                       FcSimDeliveryDone  done,
                       gpointer           data,
                       GDestroyNotify     destroy)
{
  FcSim *sim = provider->sim;
  FcSimDelivery *delivery = g_new0 (FcSimDelivery, 1);

  delivery->ref_count = 1;
  delivery->sim = sim;
  delivery->provider = provider;
  delivery->id = _fc_sim_random_uuid (sim);
  delivery->url = g_strdup (url);
  delivery->summary = g_strdup (summary);
  delivery->max_attempts = provider->retry.max_attempts;
  delivery->delays_ms = g_array_copy (provider->retry.delays_ms);
  delivery->timeout_ms = provider->retry.timeout_ms;
  delivery->build = build;
  delivery->should_retry = should_retry;
  delivery->done = done;
  delivery->data = data;
  delivery->destroy = destroy;

  _fc_sim_schedule (sim, 0, try_delivery_cb, delivery, delivery_unref);
}

JsonNode *
_fc_sim_webhooks_log_to_json (FcSim      *sim,
                              const char *provider)
{
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; i < sim->delivery_log->len; i++)
    {
      JsonObject *entry = g_ptr_array_index (sim->delivery_log, i);

      if (provider == NULL
          || g_str_equal (json_object_get_string_member (entry, "provider"), provider))
        json_array_add_object_element (array, json_object_ref (entry));
    }
  json_node_take_array (node, array);

  return node;
}

/* Counts delivery attempts (retries included) that reached @provider's targets. */
guint
_fc_sim_webhooks_count (FcSim      *sim,
                        const char *provider,
                        gboolean    successful_only)
{
  guint count = 0;

  for (guint i = 0; i < sim->delivery_log->len; i++)
    {
      JsonObject *entry = g_ptr_array_index (sim->delivery_log, i);

      if (provider != NULL
          && !g_str_equal (json_object_get_string_member (entry, "provider"), provider))
        continue;
      if (successful_only && !json_object_get_boolean_member (entry, "delivered"))
        continue;
      count++;
    }

  return count;
}

guint
_fc_sim_webhooks_in_flight (FcSim *sim)
{
  guint count;

  _fc_sim_lock (sim);
  count = sim->in_flight;
  _fc_sim_unlock (sim);

  return count;
}

guint
fc_sim_get_delivery_count (FcSim      *self,
                           const char *provider,
                           gboolean    successful_only)
{
  guint count;

  g_return_val_if_fail (FC_IS_SIM (self), 0);

  _fc_sim_lock (self);
  count = _fc_sim_webhooks_count (self, provider, successful_only);
  _fc_sim_unlock (self);

  return count;
}

/**
 * fc_sim_hubspot_sign_v1:
 * @length: length of @body, or -1 when it is nul-terminated
 *
 * HubSpot's v1 webhook signature: hex SHA-256 of the app secret followed by the raw body.
 */
char *
fc_sim_hubspot_sign_v1 (const char *secret,
                        const char *body,
                        gssize      length)
{
  g_autoptr (GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  g_checksum_update (checksum, (const guchar *) secret, strlen (secret));
  g_checksum_update (checksum, (const guchar *) body, length);

  return g_strdup (g_checksum_get_string (checksum));
}

/**
 * fc_sim_hubspot_sign_v3:
 * @length: length of @body, or -1 when it is nul-terminated
 * @timestamp: the X-HubSpot-Request-Timestamp value (epoch milliseconds as text)
 *
 * HubSpot's v3 signature: base64 of HMAC-SHA256 keyed with the app secret over
 * METHOD + URI + body + timestamp.
 */
char *
fc_sim_hubspot_sign_v3 (const char *secret,
                        const char *method,
                        const char *uri,
                        const char *body,
                        gssize      length,
                        const char *timestamp)
{
  g_autoptr (GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *) secret,
                                       strlen (secret));
  guint8 digest[32];
  gsize digest_length = sizeof digest;

  g_hmac_update (hmac, (const guchar *) method, strlen (method));
  g_hmac_update (hmac, (const guchar *) uri, strlen (uri));
  g_hmac_update (hmac, (const guchar *) body, length);
  g_hmac_update (hmac, (const guchar *) timestamp, strlen (timestamp));
  g_hmac_get_digest (hmac, digest, &digest_length);

  return g_base64_encode (digest, digest_length);
}
