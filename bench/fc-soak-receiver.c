/* fc-soak-receiver.c: the soak's receiver of outbound webhooks: verifies each delivery's
 * signatures with its own HMAC (not the notifier's code), counts them, and fails some on purpose
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-soak"

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "fc-notifier-types.h"
#include "fc-soak.h"

struct _FcSoakReceiver {
  GMutex                lock;
  GCond                 cond;
  GMainContext         *context;
  GMainLoop            *loop;
  GThread              *thread;
  char                 *url;
  char                 *secret;
  gboolean              ready;
  GRand                *rand;
  guint                 fail_per_mille;
  GHashTable           *accepted;      /* event id -> times accepted */
  FcSoakReceiverCounts  counts;
};

/* "sha256=" + hex HMAC-SHA256 of @data keyed by @secret */
static char *
expected_signature (const char *secret,
                    const char *data,
                    gsize       length)
{
  g_autoptr (GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *) secret,
                                       strlen (secret));

  g_hmac_update (hmac, (const guchar *) data, (gssize) length);
  return g_strconcat ("sha256=", g_hmac_get_string (hmac), NULL);
}

static gboolean
signatures_hold (FcSoakReceiver     *self,
                 SoupMessageHeaders *headers,
                 const char         *body,
                 gsize               length)
{
  const char *signature = soup_message_headers_get_one (headers, FC_NOTIFIER_SIGNATURE_HEADER);
  const char *timestamp = soup_message_headers_get_one (headers, FC_NOTIFIER_TIMESTAMP_HEADER);
  const char *stamped = soup_message_headers_get_one (headers,
                                                      FC_NOTIFIER_TIMESTAMP_SIGNATURE_HEADER);
  g_autofree char *want = NULL;
  g_autofree char *want_stamped = NULL;
  g_autoptr (GString) stamped_text = NULL;

  if (self->secret == NULL || signature == NULL || timestamp == NULL || stamped == NULL)
    return FALSE;
  want = expected_signature (self->secret, body, length);
  stamped_text = g_string_new (timestamp);
  g_string_append_c (stamped_text, '.');
  g_string_append_len (stamped_text, body, (gssize) length);
  want_stamped = expected_signature (self->secret, stamped_text->str, stamped_text->len);
  return g_str_equal (want, signature) && g_str_equal (want_stamped, stamped);
}

static void
on_request_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  FcSoakReceiver *self = user_data;
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *event_id = soup_message_headers_get_one (headers, FC_NOTIFIER_EVENT_ID_HEADER);
  gboolean verified;
  guint status = SOUP_STATUS_OK;

  g_mutex_lock (&self->lock);
  self->counts.requests++;
  verified = g_str_equal (soup_server_message_get_method (msg), "POST") && event_id != NULL
             && signatures_hold (self, headers, body->data != NULL ? body->data : "",
                                 (gsize) body->length);
  if (!verified)
    {
      self->counts.bad_signature++;
      status = SOUP_STATUS_UNAUTHORIZED;
    }
  else
    {
      self->counts.verified++;
      if ((guint) g_rand_int_range (self->rand, 0, 1000) < self->fail_per_mille)
        {
          self->counts.answered_500++;
          status = SOUP_STATUS_INTERNAL_SERVER_ERROR;
        }
      else
        {
          guint times = GPOINTER_TO_UINT (g_hash_table_lookup (self->accepted, event_id));

          self->counts.accepted++;
          if (times > 0)
            self->counts.repeated++;
          g_hash_table_replace (self->accepted, g_strdup (event_id),
                                GUINT_TO_POINTER (times + 1));
        }
    }
  g_mutex_unlock (&self->lock);
  soup_server_message_set_status (msg, status, NULL);
}

static gpointer
receiver_thread (gpointer user_data)
{
  FcSoakReceiver *self = user_data;
  g_autoptr (SoupServer) server = NULL;
  g_autoptr (GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (self->context);
  server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server, "/", on_request_cb, self, NULL);
  if (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    {
      uris = soup_server_get_uris (server);
      self->url = g_uri_to_string (uris->data);
      g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
    }
  else
    g_printerr ("The receiver cannot listen: %s\n", error->message);

  g_mutex_lock (&self->lock);
  self->ready = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);

  if (self->url != NULL)
    g_main_loop_run (self->loop);
  soup_server_disconnect (server);
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

FcSoakReceiver *
fc_soak_receiver_start (guint32   seed,
                        guint     fail_per_mille,
                        GError  **error)
{
  FcSoakReceiver *self = g_new0 (FcSoakReceiver, 1);

  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->rand = g_rand_new_with_seed (seed);
  self->fail_per_mille = fail_per_mille;
  self->accepted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->thread = g_thread_new ("soak-receiver", receiver_thread, self);
  g_mutex_lock (&self->lock);
  while (!self->ready)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);
  if (self->url == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The webhook receiver did not start");
      fc_soak_receiver_free (self);
      return NULL;
    }
  return self;
}

const char *
fc_soak_receiver_get_url (FcSoakReceiver *self)
{
  return self->url;
}

void
fc_soak_receiver_set_secret (FcSoakReceiver *self,
                             const char     *secret)
{
  g_mutex_lock (&self->lock);
  g_free (self->secret);
  self->secret = g_strdup (secret);
  g_mutex_unlock (&self->lock);
}

void
fc_soak_receiver_stop (FcSoakReceiver *self)
{
  if (self->thread == NULL)
    return;
  g_main_loop_quit (self->loop);
  g_thread_join (self->thread);
  self->thread = NULL;
}

void
fc_soak_receiver_free (FcSoakReceiver *self)
{
  if (self == NULL)
    return;
  fc_soak_receiver_stop (self);
  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_hash_table_unref (self->accepted);
  g_rand_free (self->rand);
  g_free (self->url);
  g_free (self->secret);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self);
}

void
fc_soak_receiver_get_counts (FcSoakReceiver       *self,
                             FcSoakReceiverCounts *counts)
{
  g_mutex_lock (&self->lock);
  *counts = self->counts;
  g_mutex_unlock (&self->lock);
}

gboolean
fc_soak_receiver_accepted (FcSoakReceiver *self,
                           const char     *event_id)
{
  gboolean accepted;

  g_mutex_lock (&self->lock);
  accepted = g_hash_table_contains (self->accepted, event_id);
  g_mutex_unlock (&self->lock);
  return accepted;
}
