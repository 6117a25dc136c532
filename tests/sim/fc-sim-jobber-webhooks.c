/* fc-sim-jobber-webhooks.c: Jobber's webhooks: one POST per event with the item's id only,
 * signed in X-Jobber-Hmac-SHA256, at least once (duplicates can be asked for)
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-sim-jobber"

#include "config.h"

#include <string.h>

#include "fc-sim-jobber-private.h"

/* WebHookTopicEnum of the 2022-03-10 schema */
static const char * const topics[] = {
  "APP_CONNECT", "APP_DISCONNECT", "CLIENT_CREATE", "CLIENT_DESTROY", "CLIENT_UPDATE",
  "INVOICE_CREATE", "INVOICE_DESTROY", "INVOICE_UPDATE", "JOB_CREATE", "JOB_DESTROY",
  "JOB_UPDATE", "PROPERTY_CREATE", "PROPERTY_DESTROY", "PROPERTY_UPDATE", "QUOTE_CREATE",
  "QUOTE_DESTROY", "QUOTE_UPDATE", "REQUEST_CREATE", "REQUEST_DESTROY", "REQUEST_UPDATE",
  "VISIT_COMPLETE", "VISIT_CREATE", "VISIT_DESTROY", "VISIT_UPDATE",
  "PRODUCT_OR_SERVICE_CREATE", "PRODUCT_OR_SERVICE_DESTROY", "PRODUCT_OR_SERVICE_UPDATE",
  "PAYMENT_CREATE", "PAYMENT_DESTROY", "PAYMENT_UPDATE", "PAYOUT_CREATE", "PAYOUT_DESTROY",
  "PAYOUT_UPDATE", NULL
};

typedef struct
{
  char *url;
  char *body;
  char *signature;
} Event;

static void
event_free (gpointer data)
{
  Event *event = data;

  g_free (event->url);
  g_free (event->body);
  g_free (event->signature);
  g_free (event);
}

char *
fc_sim_jobber_sign_webhook (const char *secret,
                            const char *body,
                            gssize      length)
{
  g_autoptr (GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *) secret,
                                       strlen (secret));
  guint8 digest[32];
  gsize digest_length = sizeof digest;

  g_hmac_update (hmac, (const guchar *) body, length);
  g_hmac_get_digest (hmac, digest, &digest_length);

  return g_base64_encode (digest, digest_length);
}

static SoupMessage *
build_message (FcSimDelivery *delivery,
               guint          attempt,
               gpointer       data)
{
  Event *event = data;
  SoupMessage *message = soup_message_new ("POST", event->url);
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);
  g_autoptr (GBytes) bytes = g_bytes_new (event->body, strlen (event->body));

  soup_message_headers_replace (headers, "X-Jobber-Hmac-SHA256", event->signature);
  soup_message_headers_replace (headers, "User-Agent", "Jobber-Webhooks");
  soup_message_set_request_body_from_bytes (message, "application/json", bytes);

  return message;
}

static gboolean
should_retry (guint status)
{
  return TRUE;
}

static gboolean
wants (FcSimJobber *jb,
       const char  *topic)
{
  if (jb->webhook_url == NULL)
    return FALSE;
  if (jb->webhook_topics->len == 0)
    return TRUE;

  for (guint i = 0; i < jb->webhook_topics->len; i++)
    {
      if (g_str_equal (g_ptr_array_index (jb->webhook_topics, i), topic))
        return TRUE;
    }

  return FALSE;
}

/* occurredAt: the account's local time with its offset; the simulated account is on UTC */
static char *
occurred_at (FcSimJobber *jb)
{
  g_autoptr (GDateTime) time = g_date_time_new_from_unix_utc (_fc_sim_now_ms (jb->provider->sim)
                                                              / 1000);

  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%S+00:00");
}

static char *
event_body (FcSimJobber *jb,
            const char  *topic,
            const char  *item_id)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *account = fc_sim_jobber_encode_id ("Account", jb->account_id);
  g_autofree char *time = occurred_at (jb);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "data");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "webHookEvent");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "topic");
  json_builder_add_string_value (builder, topic);
  json_builder_set_member_name (builder, "appId");
  json_builder_add_string_value (builder, jb->app_id);
  json_builder_set_member_name (builder, "accountId");
  json_builder_add_string_value (builder, account);
  json_builder_set_member_name (builder, "itemId");
  json_builder_add_string_value (builder, item_id);
  json_builder_set_member_name (builder, jb->legacy_occured_at ? "occuredAt" : "occurredAt");
  json_builder_add_string_value (builder, time);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  return _fc_sim_json_to_string (root);
}

static void
send_once (FcSimJobber *jb,
           const char  *topic,
           const char  *body)
{
  const char *secret = jb->webhook_secret != NULL ? jb->webhook_secret
                                                  : jb->provider->oauth.client_secret;
  Event *event = g_new0 (Event, 1);

  event->url = g_strdup (jb->webhook_url);
  event->body = g_strdup (body);
  event->signature = fc_sim_jobber_sign_webhook (secret, body, -1);
  _fc_sim_webhooks_send (jb->provider, event->url, topic, build_message, should_retry, NULL,
                         event, event_free);
}

/* Sends @topic about @item_id (an EncodedId) to the app's webhook URL. Seeded records send
 * nothing. Call with the lock held. */
void
_fc_sim_jobber_emit (FcSimJobber *jb,
                     const char  *topic,
                     const char  *item_id,
                     FcSimSource  source)
{
  g_autofree char *body = NULL;

  if (source == FC_SIM_SOURCE_SEED || !wants (jb, topic))
    return;

  body = event_body (jb, topic, item_id);
  send_once (jb, topic, body);
  if (jb->duplicate_rate > 0 && _fc_sim_random_double (jb->provider->sim) < jb->duplicate_rate)
    send_once (jb, topic, body);
}

static gboolean
read_topics (FcSimJobber  *jb,
             JsonObject   *settings,
             GError      **error)
{
  JsonArray *array = _fc_sim_json_array (settings, "topics");
  g_autoptr (GPtrArray) wanted = g_ptr_array_new_with_free_func (g_free);

  if (!json_object_has_member (settings, "topics"))
    return TRUE;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      const char *topic = _fc_sim_json_array_string (array, i);

      if (topic == NULL || !g_strv_contains (topics, topic))
        {
          g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                       "topics[%u] is not a WebHookTopicEnum value such as CLIENT_UPDATE", i);
          return FALSE;
        }
      g_ptr_array_add (wanted, g_strdup (topic));
    }

  g_ptr_array_set_size (jb->webhook_topics, 0);
  g_ptr_array_extend_and_steal (jb->webhook_topics, g_steal_pointer (&wanted));
  return TRUE;
}

/* target_url (empty: off), secret (default: the client secret), topics (default: all),
 * legacy_occured_at (the misspelling of apps made before 2023-12-08), duplicate_rate */
gboolean
_fc_sim_jobber_configure_webhooks (FcSimProvider  *provider,
                                   JsonObject     *settings,
                                   GError        **error)
{
  FcSimJobber *jb = provider->state;
  const char *url = json_object_get_string_member_with_default (settings, "target_url", NULL);
  const char *secret = json_object_get_string_member_with_default (settings, "secret", NULL);
  double rate = jb->duplicate_rate;

  if (!_fc_sim_get_double_member (settings, "duplicate_rate", &rate, error))
    return FALSE;
  if (rate < 0 || rate > 1)
    {
      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                   "duplicate_rate must be between 0 and 1, not %g", rate);
      return FALSE;
    }
  if (url != NULL && url[0] != '\0' && !g_str_has_prefix (url, "http://")
      && !g_str_has_prefix (url, "https://"))
    {
      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                   "target_url must be an http(s) URL, not “%s”", url);
      return FALSE;
    }
  if (!read_topics (jb, settings, error))
    return FALSE;

  if (json_object_has_member (settings, "target_url"))
    {
      g_free (jb->webhook_url);
      jb->webhook_url = url != NULL && url[0] != '\0' ? g_strdup (url) : NULL;
    }
  if (secret != NULL)
    {
      g_free (jb->webhook_secret);
      jb->webhook_secret = secret[0] != '\0' ? g_strdup (secret) : NULL;
    }
  jb->duplicate_rate = rate;
  jb->legacy_occured_at = json_object_get_boolean_member_with_default (settings,
                                                                       "legacy_occured_at",
                                                                       jb->legacy_occured_at);
  return TRUE;
}

JsonNode *
_fc_sim_jobber_describe_webhooks (FcSimProvider *provider)
{
  FcSimJobber *jb = provider->state;
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "target_url");
  if (jb->webhook_url != NULL)
    json_builder_add_string_value (builder, jb->webhook_url);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "secret_is_client_secret");
  json_builder_add_boolean_value (builder, jb->webhook_secret == NULL);
  json_builder_set_member_name (builder, "topics");
  json_builder_begin_array (builder);
  for (guint i = 0; i < jb->webhook_topics->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (jb->webhook_topics, i));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "legacy_occured_at");
  json_builder_add_boolean_value (builder, jb->legacy_occured_at);
  json_builder_set_member_name (builder, "duplicate_rate");
  json_builder_add_double_value (builder, jb->duplicate_rate);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Like the other providers, /reset forgets the webhook target */
void
_fc_sim_jobber_webhooks_reset (FcSimJobber *jb)
{
  g_clear_pointer (&jb->webhook_url, g_free);
  g_clear_pointer (&jb->webhook_secret, g_free);
  g_ptr_array_set_size (jb->webhook_topics, 0);
}
