/* fc-webhook-listener-private.h: what the files of FcWebhookListener share
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "fc-engine.h"
#include "fc-webhook-listener.h"

G_BEGIN_DECLS

struct _FcWebhookListener
{
  GObject      parent_instance;

  FcEngine    *engine;          /* owns the listener: not referenced */
  SoupServer  *server;
  char        *last_error;      /* why the last start failed, NULL once one succeeded */
  guint        port;
  char        *address;
  gboolean     all_interfaces;
  char        *public_url;
  guint        max_body_size;
  guint        minute_ms;
  guint        batch_delay_ms;

  GHashTable  *secrets;         /* connection id -> the secret that verifies its webhooks */

  /* the processing queue */
  gboolean     processing;      /* started: events are taken from the store */
  guint        process_source;  /* the timeout that looks for due events */
  gint64       process_at;      /* monotonic ms it fires at, or -1 */
  GHashTable  *in_flight;       /* event ids (gint64 *) being synced */
  GHashTable  *busy_mappings;   /* mapping ids the queue is running */

  /* registrations (fc-webhook-listener-subscriptions.c), one at a time */
  GQueue       registrations;   /* GTask, waiting */
  GTask       *registering;     /* the one in progress, or NULL */
  GListModel  *watched_mappings; /* the engine's, while watched */
  gulong       mappings_changed_id;
  guint        review_source;   /* the idle that compares mappings and registrations */
};

FcWebhookListener *_fc_webhook_listener_new           (FcEngine            *engine);

/* fc-webhook-listener-queue.c: looks for due events @delay_ms from now (or sooner when a look
 * is already due sooner). */
void               _fc_webhook_listener_schedule      (FcWebhookListener   *self,
                                                       guint                delay_ms);
void               _fc_webhook_listener_stop_queue    (FcWebhookListener   *self);
void               _fc_webhook_listener_emit_processed (FcWebhookListener  *self,
                                                        gint64              id,
                                                        const char         *status);

/* fc-webhook-listener-register.c: the secret that verifies @connection's webhooks (NULL
 * without an error when none is configured); cached in self->secrets. */
void               _fc_webhook_listener_lookup_secret_async  (FcWebhookListener   *self,
                                                              FcConnection        *connection,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
char              *_fc_webhook_listener_lookup_secret_finish (FcWebhookListener   *self,
                                                              GAsyncResult        *result,
                                                              GError             **error);

/* fc-webhook-listener-register.c: the work of fc_webhook_listener_register_async () and
 * fc_webhook_listener_unregister_async (), which run them one at a time. */
void               _fc_webhook_listener_do_register_async    (FcWebhookListener   *self,
                                                              FcConnection        *connection,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
gboolean           _fc_webhook_listener_do_register_finish   (FcWebhookListener   *self,
                                                              GAsyncResult        *result,
                                                              GError             **error);
void               _fc_webhook_listener_do_unregister_async  (FcWebhookListener   *self,
                                                              FcConnection        *connection,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
gboolean           _fc_webhook_listener_do_unregister_finish (FcWebhookListener   *self,
                                                              GAsyncResult        *result,
                                                              GError             **error);
/* The objects (Pipedrive entities) a connection's registration covers, and the URL it points
 * to; NULL when there is no registration. */
GStrv              _fc_webhook_listener_dup_registered_objects (FcWebhookListener  *self,
                                                                FcConnection       *connection,
                                                                char              **out_url);
/* The Pipedrive entities of the objects @connection's mappings use (with @realtime_only, its
 * active real-time mappings); may be empty. */
GPtrArray         *_fc_webhook_listener_collect_entities   (FcWebhookListener   *self,
                                                            FcConnection        *connection,
                                                            gboolean             realtime_only);

/* fc-webhook-listener-subscriptions.c: while running, keeps Pipedrive registrations in step
 * with the real-time mappings. */
void               _fc_webhook_listener_watch_mappings     (FcWebhookListener   *self);
void               _fc_webhook_listener_unwatch_mappings   (FcWebhookListener   *self);

G_END_DECLS
