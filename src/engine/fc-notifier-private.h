/* fc-notifier-private.h: what the files of FcNotifier share
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libsecret/secret.h>
#include <libsoup/soup.h>

#include "fc-engine.h"
#include "fc-notifier.h"
#include "fc-store.h"

G_BEGIN_DECLS

struct _FcNotifier
{
  GObject       parent_instance;

  GWeakRef      engine;
  FcStore      *store;
  GListStore   *endpoints;
  SoupSession  *session;
  GHashTable   *secrets;       /* endpoint id -> secret read from the keyring (wiped on free) */
  GHashTable   *jobs;          /* delivery id (gint64 *) -> FcNotifierJob, in flight */
  guint         retry_base_ms;
  guint         timeout_ms;
  guint         pump_source;
  gboolean      started;
};

/* fc-notifier-endpoint.c */
FcEndpoint *_fc_endpoint_new            (const char          *id,
                                         const char          *url,
                                         const char          *description,
                                         const char * const  *event_types,
                                         gboolean             enabled,
                                         guint                consecutive_failures,
                                         const char          *disabled_reason,
                                         gint64               created_ms,
                                         gint64               updated_ms);
/* Copies every field of @from into @self, notifying those that change. */
void        _fc_endpoint_assign         (FcEndpoint          *self,
                                         FcEndpoint          *from);

/* fc-notifier-delivery.c */
FcDelivery *_fc_delivery_new            (gint64               id,
                                         const char          *endpoint_id,
                                         const char          *event_id,
                                         const char          *event_type,
                                         const char          *payload,
                                         FcDeliveryStatus     status,
                                         guint                attempts,
                                         guint                last_status_code,
                                         const char          *last_error,
                                         gint64               next_attempt_ms,
                                         gint64               created_ms,
                                         gint64               delivered_ms);

/* fc-notifier-store.c: every function fails with an FC_STORE_ERROR; none opens a transaction.
 * Times are milliseconds since the epoch, 0 for none. */
GPtrArray  *_fc_notifier_store_list_endpoints   (FcStore          *store,
                                                 GError          **error);
/* NULL with NOT_FOUND when there is none. */
FcEndpoint *_fc_notifier_store_get_endpoint     (FcStore          *store,
                                                 const char       *id,
                                                 GError          **error);
/* Inserts or replaces the row of @endpoint's id. */
gboolean    _fc_notifier_store_save_endpoint    (FcStore          *store,
                                                 FcEndpoint       *endpoint,
                                                 GError          **error);
gboolean    _fc_notifier_store_remove_endpoint  (FcStore          *store,
                                                 const char       *id,
                                                 GError          **error);
gboolean    _fc_notifier_store_insert_delivery  (FcStore          *store,
                                                 const char       *endpoint_id,
                                                 const char       *event_id,
                                                 const char       *event_type,
                                                 const char       *payload,
                                                 FcDeliveryStatus  status,
                                                 gint64           *out_id,
                                                 GError          **error);
FcDelivery *_fc_notifier_store_get_delivery     (FcStore          *store,
                                                 gint64            id,
                                                 GError          **error);
/* Newest first; @endpoint_id NULL for every endpoint, @status < 0 for every status, @before_id
 * 0 to start from the newest. */
GPtrArray  *_fc_notifier_store_list_deliveries  (FcStore          *store,
                                                 const char       *endpoint_id,
                                                 int               status,
                                                 gint64            before_id,
                                                 guint             limit,
                                                 GError          **error);
/* Ids of the oldest pending deliveries of @endpoint_id, in order. */
GArray     *_fc_notifier_store_list_pending     (FcStore          *store,
                                                 const char       *endpoint_id,
                                                 guint             limit,
                                                 GError          **error);
/* Takes the pending delivery @id for one attempt by this process until @lease_until_ms: its
 * next_attempt_at moves there, so that another process's notifier on the same store leaves it
 * alone meanwhile. Refused (*out_claimed FALSE) when the row is no longer pending, another
 * attempt was recorded since this process read @attempts, or it is due later (another process
 * holds it, or waits to retry it). */
gboolean    _fc_notifier_store_claim_delivery   (FcStore          *store,
                                                 gint64            id,
                                                 guint             attempts,
                                                 gint64            lease_until_ms,
                                                 gboolean         *out_claimed,
                                                 GError          **error);
/* What one attempt ended with. */
gboolean    _fc_notifier_store_record_attempt   (FcStore          *store,
                                                 gint64            id,
                                                 FcDeliveryStatus  status,
                                                 guint             attempts,
                                                 guint             status_code,
                                                 const char       *error_text,
                                                 gint64            next_attempt_ms,
                                                 GError          **error);
/* Every delivery of @endpoint_id in status @from goes to @to; going to pending starts its
 * attempts again. */
gboolean    _fc_notifier_store_move_deliveries  (FcStore          *store,
                                                 const char       *endpoint_id,
                                                 FcDeliveryStatus  from,
                                                 FcDeliveryStatus  to,
                                                 GError          **error);
/* A failed or skipped delivery becomes pending with no attempts. */
gboolean    _fc_notifier_store_requeue_delivery (FcStore          *store,
                                                 gint64            id,
                                                 GError          **error);
/* Removes delivered deliveries created before @before_ms. */
gboolean    _fc_notifier_store_prune            (FcStore          *store,
                                                 gint64            before_ms,
                                                 GError          **error);

/* fc-notifier-secret.c: the keyring items of the signing secrets */
const SecretSchema *_fc_notifier_secret_get_schema (void);
/* A new secret: FC_NOTIFIER_SECRET_PREFIX and 32 random bytes in unpadded base64url. */
char       *_fc_notifier_secret_generate   (GError              **error);
void        _fc_notifier_secret_store_async   (const char          *endpoint_id,
                                               const char          *url,
                                               const char          *secret,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean    _fc_notifier_secret_store_finish  (GAsyncResult        *result,
                                               GError             **error);
/* NULL without an error when there is no item. */
void        _fc_notifier_secret_lookup_async  (const char          *endpoint_id,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
char       *_fc_notifier_secret_lookup_finish (GAsyncResult        *result,
                                               GError             **error);
void        _fc_notifier_secret_clear_async   (const char          *endpoint_id,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean    _fc_notifier_secret_clear_finish  (GAsyncResult        *result,
                                               GError             **error);
/* Overwrites, then frees. */
void        _fc_notifier_secret_free          (char                *secret);

/* fc-notifier-send.c */
/* Sends whatever is due, when started; coalesced in an idle. */
void        _fc_notifier_queue_pump          (FcNotifier          *self);
/* Starts (or joins) the job of delivery @id even when not started; @task, when given, returns
 * the delivery as it ends (delivered, failed or skipped). */
void        _fc_notifier_send_one            (FcNotifier          *self,
                                              gint64               id,
                                              GTask               *task);
/* Cancels every job of @endpoint_id (NULL: every job). Their rows stay as they are. */
void        _fc_notifier_cancel_jobs         (FcNotifier          *self,
                                              const char          *endpoint_id);

/* fc-notifier.c */
/* Made by the engine once its store is open; listens to its "event" signal. */
FcNotifier *_fc_notifier_new                      (FcEngine            *engine,
                                                   GError             **error);
/* (transfer none) The model's endpoint of that id, or NULL. */
FcEndpoint *_fc_notifier_find_endpoint            (FcNotifier          *self,
                                                   const char          *id);
void        _fc_notifier_emit_deliveries_changed  (FcNotifier          *self,
                                                   const char          *endpoint_id);
void        _fc_notifier_emit_endpoint_disabled   (FcNotifier          *self,
                                                   FcEndpoint          *endpoint,
                                                   const char          *reason);

/* fc-notifier-events.c: an event of a known type becomes one delivery row per endpoint that
 * wants it (pending, or skipped while the endpoint is disabled). Events of dry runs are not
 * sent. The engine hands each event over before its signal's handlers see it. */
void        _fc_notifier_queue_event              (FcNotifier          *self,
                                                   const char          *type,
                                                   JsonNode            *data);
/* Whether an endpoint, enabled or not, wants events of @type (a delivery row would be made). */
gboolean    _fc_notifier_wants_event              (FcNotifier          *self,
                                                   const char          *type);

/* fc-notifier-manage.c */
/* A delivery failed for good: counts it, and disables the endpoint at the limit. */
void        _fc_notifier_note_failure             (FcNotifier          *self,
                                                   const char          *endpoint_id,
                                                   const char          *last_error);
/* A delivery was delivered: the count of failures in a row starts again. */
void        _fc_notifier_note_success             (FcNotifier          *self,
                                                   const char          *endpoint_id);

G_END_DECLS
