/* fc-notifier.h: the product's own webhooks: endpoints, the delivery queue, signed POSTs
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fc-notifier-delivery.h"
#include "fc-notifier-endpoint.h"
#include "fc-notifier-types.h"

G_BEGIN_DECLS

/* The engine owns one FcNotifier (fc_engine_get_notifier ()). It is handed every event the
 * engine emits, before the "event" signal's handlers, from the moment the engine exists
 * (called rather than connected, so that the engine knows when an event would reach nobody
 * and need not be built): every event of a type in
 * fc_notifier_get_event_types () becomes one delivery row per endpoint that subscribes to it
 * (pending, or skipped while the endpoint is disabled), written to SQLite before anything is
 * sent; events of dry runs (data.dryRun true) are left out. Rows are sent only while the
 * notifier is started, so a process that never starts it (a one-off CLI command) only queues
 * them for the app or "fluxcascade-cli serve".
 *
 * Each delivery is a POST of the stored payload (application/json) with the headers
 *   X-FluxCascade-Signature: sha256=<hex HMAC-SHA256 of the raw body, keyed by the secret>
 *   X-FluxCascade-Timestamp: <unix seconds when this attempt was sent>
 *   X-FluxCascade-Timestamp-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">
 *   X-FluxCascade-Event-Id, X-FluxCascade-Event-Type
 * The key is the whole secret string ("whsec_..."), as bytes. An attempt that gets no 2xx
 * within the timeout is tried again after 1, 2 and 4 times the retry base (1 s), then the
 * delivery is failed. A 2xx resets the endpoint's count of consecutive failed deliveries; the
 * tenth failed delivery in a row disables the endpoint (disabled_reason says why), emits
 * "endpoint-disabled" here and "endpoint.disabled" on the engine. Redirects are not followed.
 * Delivery is at least once: a receiver should drop repeated metadata.fluxcascadeEventId. */

#define FC_TYPE_NOTIFIER (fc_notifier_get_type ())

G_DECLARE_FINAL_TYPE (FcNotifier, fc_notifier, FC, NOTIFIER, GObject)

/* Sending */
/* Starts sending: every pending delivery (those left by an earlier process included, each
 * after what is left of its wait) and each new one. Also forgets delivered rows older than
 * 30 days. */
void        fc_notifier_start                    (FcNotifier           *self);
/* Stops sending; attempts in progress are abandoned and their rows stay pending. */
void        fc_notifier_stop                     (FcNotifier           *self);
gboolean    fc_notifier_is_started               (FcNotifier           *self);

/* For tests and tools: the first retry's delay (doubled for each next one), and the longest
 * an attempt may take, both in milliseconds. */
void        fc_notifier_set_retry_base_ms        (FcNotifier           *self,
                                                  guint                 retry_base_ms);
guint       fc_notifier_get_retry_base_ms        (FcNotifier           *self);
void        fc_notifier_set_timeout_ms           (FcNotifier           *self,
                                                  guint                 timeout_ms);
guint       fc_notifier_get_timeout_ms           (FcNotifier           *self);

/* Endpoints */
/* A live GListModel of FcEndpoint, in creation order. */
GListModel *fc_notifier_get_endpoints            (FcNotifier           *self);
/* (transfer none) The endpoint of that id, or NULL. */
FcEndpoint *fc_notifier_lookup_endpoint          (FcNotifier           *self,
                                                  const char           *id);
/* Reads the endpoints again, and their secrets when next needed (after another process
 * changed them). */
gboolean    fc_notifier_reload                   (FcNotifier           *self,
                                                  GError              **error);

/* Checks @url (fc_notifier_check_url ()) and @event_types (NULL or empty: every type), makes
 * a signing secret, puts it in the keyring, then stores the endpoint (enabled). The finish
 * function gives the endpoint and, in @out_secret, the secret: the only time it is shown. */
void        fc_notifier_add_endpoint_async       (FcNotifier           *self,
                                                  const char           *url,
                                                  const char           *description,
                                                  const char * const   *event_types,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
FcEndpoint *fc_notifier_add_endpoint_finish      (FcNotifier           *self,
                                                  GAsyncResult         *result,
                                                  char                **out_secret,
                                                  GError              **error);

/* Changes what is not NULL: the URL (checked), the description ("" removes it), the event
 * types (checked; empty: every type). */
gboolean    fc_notifier_update_endpoint          (FcNotifier           *self,
                                                  const char           *id,
                                                  const char           *url,
                                                  const char           *description,
                                                  const char * const   *event_types,
                                                  GError              **error);

/* Disabling turns the endpoint's pending deliveries into skipped ones, and events that come
 * while it is disabled are kept as skipped deliveries. Enabling clears the count of failures
 * and the reason, and with @replay_missed queues every skipped delivery of the endpoint
 * again, oldest first; without it they stay skipped (each can still be retried). */
gboolean    fc_notifier_set_endpoint_enabled     (FcNotifier           *self,
                                                  const char           *id,
                                                  gboolean              enabled,
                                                  gboolean              replay_missed,
                                                  GError              **error);

/* Deletes the keyring item, then the endpoint and its deliveries. */
void        fc_notifier_remove_endpoint_async    (FcNotifier           *self,
                                                  const char           *id,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean    fc_notifier_remove_endpoint_finish   (FcNotifier           *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

/* Replaces the endpoint's secret with a new one, which the finish function returns (the only
 * time it is shown). Attempts from then on are signed with the new secret. */
void        fc_notifier_rotate_secret_async      (FcNotifier           *self,
                                                  const char           *id,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
char       *fc_notifier_rotate_secret_finish     (FcNotifier           *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

/* Deliveries */
/* (element-type FcDelivery) Newest first. @endpoint_id NULL for every endpoint; @status -1 for
 * every status, else an FcDeliveryStatus; @before_id 0 for the newest page, else the smallest
 * id of the previous page; @limit 0 for no limit. */
GPtrArray  *fc_notifier_list_deliveries          (FcNotifier           *self,
                                                  const char           *endpoint_id,
                                                  int                   status,
                                                  gint64                before_id,
                                                  guint                 limit,
                                                  GError              **error);
FcDelivery *fc_notifier_get_delivery             (FcNotifier           *self,
                                                  gint64                id,
                                                  GError              **error);

/* Queues a failed or skipped delivery again with its attempts counted from zero (sent at
 * once when started). Fails with NOT_RETRYABLE for other statuses and DISABLED when its
 * endpoint is disabled. */
gboolean    fc_notifier_retry_delivery           (FcNotifier           *self,
                                                  gint64                id,
                                                  GError              **error);

/* Sends the pending delivery @id now, started or not, through all its attempts, and gives
 * the delivery as it ends (delivered, failed, or skipped). A delivery that is not pending is
 * given as it is. @cancellable stops the waiting, not the delivery. */
void        fc_notifier_send_delivery_async      (FcNotifier           *self,
                                                  gint64                id,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
FcDelivery *fc_notifier_send_delivery_finish     (FcNotifier           *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

G_END_DECLS
