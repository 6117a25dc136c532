/* fc-engine.h: the one object per process that owns the store and the live models
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "fc-auth.h"
#include "fc-connection.h"
#include "fc-connector.h"
#include "fc-enum-types.h"
#include "fc-field-pair.h"
#include "fc-mapping.h"
#include "fc-mapping-io.h"
#include "fc-notifier.h"
#include "fc-scheduler.h"
#include "fc-store.h"
#include "fc-sync-types.h"
#include "fc-types.h"
#include "fc-webhook-listener.h"

G_BEGIN_DECLS

#define FC_TYPE_ENGINE (fc_engine_get_type ())

G_DECLARE_FINAL_TYPE (FcEngine, fc_engine, FC, ENGINE, GObject)

/* Opens the store in fc_store_resolve_data_dir (@data_dir_override) and loads the models. */
FcEngine     *fc_engine_new                 (const char   *data_dir_override,
                                             GError      **error);

FcStore      *fc_engine_get_store           (FcEngine     *self);
const char   *fc_engine_get_data_dir        (FcEngine     *self);

/* Live models (a GListModel of FcConnection ordered by creation, and of FcMapping ordered by
 * name), kept current by the functions below. */
GListModel   *fc_engine_get_connections     (FcEngine     *self);
GListModel   *fc_engine_get_mappings        (FcEngine     *self);

/* (transfer none) The model's object with that id, or NULL. */
FcConnection *fc_engine_lookup_connection   (FcEngine     *self,
                                             const char   *id);
FcMapping    *fc_engine_lookup_mapping      (FcEngine     *self,
                                             const char   *id);

/* Save to the store, then put @connection / @mapping in the model (replacing the item of the
 * same id, or adding it). */
gboolean      fc_engine_save_connection     (FcEngine     *self,
                                             FcConnection *connection,
                                             GError      **error);
gboolean      fc_engine_remove_connection   (FcEngine     *self,
                                             const char   *id,
                                             GError      **error);
gboolean      fc_engine_save_mapping        (FcEngine     *self,
                                             FcMapping    *mapping,
                                             GError      **error);
/* As fc_engine_save_mapping (), through fc_store_save_mapping_unless_changed (): for a copy
 * edited over time, which must not replace a save made since the copy was taken. */
gboolean      fc_engine_save_mapping_unless_changed (FcEngine  *self,
                                                     FcMapping *mapping,
                                                     GError   **error);
gboolean      fc_engine_remove_mapping      (FcEngine     *self,
                                             const char   *id,
                                             GError      **error);

/* fc_mapping_io_import () into the store, then the new mappings into the model. */
GPtrArray    *fc_engine_import_mappings     (FcEngine     *self,
                                             const char   *json,
                                             gssize        length,
                                             GHashTable   *bindings,
                                             GError      **error);

/* Reads both models again from the store: a connection or mapping saved since (by another
 * process) replaces the object of the same id, a new one is added and one removed goes; the
 * others stay the same objects. The engine does this by itself every few seconds when another
 * process has committed to the store, and before each sync run. */
gboolean      fc_engine_reload              (FcEngine     *self,
                                             GError      **error);

#define FC_ENGINE_ERROR (fc_engine_error_quark ())

typedef enum {
  FC_ENGINE_ERROR_NOT_FOUND,      /* no connection or mapping with that id */
  FC_ENGINE_ERROR_DUPLICATE,      /* that account is already connected */
  FC_ENGINE_ERROR_WRONG_ACCOUNT,  /* a reconnection signed in to another account */
  FC_ENGINE_ERROR_IN_USE,         /* mappings still use the connection */
} FcEngineError;

GQuark        fc_engine_error_quark               (void);

FcAuth       *fc_engine_get_auth                  (FcEngine            *self);
void          fc_engine_watch_tokens              (FcEngine            *self);

/* The connector of @connection, made on first use and kept, so that all the work done for one
 * account shares its rate limiter. */
FcConnector  *fc_engine_get_connector             (FcEngine            *self,
                                                   FcConnection        *connection,
                                                   GError             **error);

/* Mappings (in the model) that read or write @connection_id. */
GPtrArray    *fc_engine_list_mappings_using       (FcEngine            *self,
                                                   const char          *connection_id);

/* Connects a new account. @connection names the provider and may carry URL overrides and a
 * user-chosen account name; with @static_token (HubSpot private app token, Pipedrive personal
 * API token) no browser is involved, otherwise the OAuth flow runs through @open_uri. The
 * account's name and id are then asked of the provider, the token goes to the keyring and the
 * connection to the store, and "connection.created" is emitted. On any failure nothing is left
 * behind: no row, no secret. */
void          fc_engine_add_connection_async      (FcEngine            *self,
                                                   FcConnection        *connection,
                                                   const char          *static_token,
                                                   FcAuthOpenUriFunc    open_uri,
                                                   gpointer             open_uri_data,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
FcConnection *fc_engine_add_connection_finish     (FcEngine            *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* Signs an expired connection in again (same flow as adding). The account must be the one the
 * connection had; the connection becomes active again. */
void          fc_engine_reconnect_async           (FcEngine            *self,
                                                   FcConnection        *connection,
                                                   const char          *static_token,
                                                   FcAuthOpenUriFunc    open_uri,
                                                   gpointer             open_uri_data,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean      fc_engine_reconnect_finish          (FcEngine            *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* Removes a connection and its token. Mappings that use it make this fail with IN_USE (naming
 * them) unless @with_mappings, which removes them first. Emits "connection.deleted". */
void          fc_engine_delete_connection_async   (FcEngine            *self,
                                                   const char          *id,
                                                   gboolean             with_mappings,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean      fc_engine_delete_connection_finish  (FcEngine            *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* Runs @mapping once (fc-sync-runner.c): fetch both sides' changes, match, merge, write, and
 * record the run. @options NULL means a manual, incremental, real run. One run per mapping at a
 * time: a request while one runs waits for (or queues) the single follow-up run of its kind and
 * gets that run's result. A run that ends failed (a connection not active, a side that cannot be
 * listed, cancellation) gives an error and leaves a failed "runs" row saying why; completed and
 * partial runs give their result. @progress is called on the main context. */
void          fc_engine_sync_async                (FcEngine            *self,
                                                   FcMapping           *mapping,
                                                   const FcSyncOptions *options,
                                                   GCancellable        *cancellable,
                                                   FcSyncProgressFunc   progress,
                                                   gpointer             progress_data,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
FcSyncResult *fc_engine_sync_finish               (FcEngine            *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
/* The id of the run that answered @result of fc_engine_sync_async () or
 * fc_engine_approve_run_async (), failed or not (so that a failed run's log can be found), or
 * NULL when no run row was written for it. */
const char   *fc_engine_sync_get_run_id           (FcEngine            *self,
                                                   GAsyncResult        *result);
/* Approves the held run @run_id (status "held", see FcSyncOptions): runs its mapping again
 * with the guard lifted (the same trigger, and the same targets for a targeted run), then sets
 * the held run's approved_at and approved_run_id (the new run's id). Gives the new run's result
 * as fc_engine_sync_finish () does. FC_SYNC_ERROR_NOT_FOUND when @run_id is not a held run
 * that still waits for approval. */
void          fc_engine_approve_run_async         (FcEngine            *self,
                                                   const char          *run_id,
                                                   GCancellable        *cancellable,
                                                   FcSyncProgressFunc   progress,
                                                   gpointer             progress_data,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
FcSyncResult *fc_engine_approve_run_finish        (FcEngine            *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
/* Whether a run of @mapping_id is in progress (or queued). */
gboolean      fc_engine_is_syncing                (FcEngine            *self,
                                                   const char          *mapping_id);

/* Settles an open conflict. The next run of its mapping (which revisits the link even when
 * neither record changed) writes the decision to the side or sides that do not hold it, then
 * stores it as the new base: taking a side takes that side's value as it is at that run; a value
 * of the user's own (@value, for FC_SYNC_TAKE_VALUE) is the value of the pair's side that has a
 * single field, the other side's coming through the pair's transforms. */
gboolean      fc_engine_resolve_conflict          (FcEngine            *self,
                                                   gint64               conflict_id,
                                                   FcSyncTake           take,
                                                   const char          *value,
                                                   GError             **error);

/* (transfer none) The scheduler of the mappings' schedules and real-time polls (fc-scheduler.h),
 * made on first use; it plans nothing until fc_scheduler_start (). */
FcScheduler  *fc_engine_get_scheduler             (FcEngine            *self);

/* (transfer none) The webhook listener (fc-webhook-listener.h), made on first use; it listens
 * only once fc_webhook_listener_start () is called. */
FcWebhookListener *fc_engine_get_webhook_listener (FcEngine            *self);

/* (transfer none) The outbound webhooks (fc-notifier.h), made with the engine: it queues
 * deliveries of every event from the start and sends them once fc_notifier_start () is
 * called. */
FcNotifier   *fc_engine_get_notifier              (FcEngine            *self);

G_END_DECLS
