/* fc-webhook-listener.h: the local HTTP server that receives the providers' webhooks
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "fc-connection.h"

G_BEGIN_DECLS

#define FC_WEBHOOK_LISTENER_ERROR (fc_webhook_listener_error_quark ())

typedef enum {
  FC_WEBHOOK_LISTENER_ERROR_NOT_LOOPBACK, /* an address beyond loopback without all-interfaces */
  FC_WEBHOOK_LISTENER_ERROR_LISTEN,       /* the port is taken or cannot be bound */
  FC_WEBHOOK_LISTENER_ERROR_MANUAL,       /* the provider's API cannot register webhooks */
  FC_WEBHOOK_LISTENER_ERROR_NO_SECRET,    /* the keyring could not keep the credentials */
  FC_WEBHOOK_LISTENER_ERROR_NOT_FOUND,    /* no such connection or event */
} FcWebhookListenerError;

GQuark fc_webhook_listener_error_quark (void);

/* How a connection learns about changes in real time. */
typedef enum {
  FC_WEBHOOK_STATE_REGISTERED,     /* subscriptions made through the provider's API */
  FC_WEBHOOK_STATE_NOT_REGISTERED, /* the API could make them, but has not yet */
  FC_WEBHOOK_STATE_MANUAL,         /* the user adds the URL in the provider's app settings */
  FC_WEBHOOK_STATE_POLLING,        /* no webhooks: short-interval polling (Salesforce) */
} FcWebhookState;

/* "registered", "not-registered", "manual", "polling" */
const char *fc_webhook_state_to_string (FcWebhookState state);

#define FC_WEBHOOK_LISTENER_DEFAULT_PORT     8765
#define FC_WEBHOOK_LISTENER_DEFAULT_MAX_BODY (1024 * 1024)
/* Path of a connection's webhooks: FC_WEBHOOK_LISTENER_PATH "/<connection id>" */
#define FC_WEBHOOK_LISTENER_PATH             "/webhooks"

#define FC_TYPE_WEBHOOK_LISTENER (fc_webhook_listener_get_type ())

G_DECLARE_FINAL_TYPE (FcWebhookListener, fc_webhook_listener, FC, WEBHOOK_LISTENER, GObject)

/* The engine owns its listener (fc_engine_get_webhook_listener ()); it does nothing until
 * started. Every request to FC_WEBHOOK_LISTENER_PATH/<connection id> is checked in this order,
 * and a failed check answers at once with a log line and never reaches a sync: a body over
 * max-body-size (413), a method other than POST (405), an unknown connection or one whose
 * provider sends no webhooks (404), the provider's signature or credentials, including
 * HubSpot's five-minute window (401), a verified body that cannot be read (400). Accepted
 * events are stored in one transaction (duplicates dropped), then answered 200; a queue then
 * syncs each changed record through its real-time mappings.
 *
 * Properties:
 *   port (guint): the TCP port to listen on (0: any free port), default 8765.
 *   address (string): the address to listen on, default "127.0.0.1". One beyond loopback is
 *     refused unless all-interfaces is set.
 *   all-interfaces (gboolean): listen on every interface (with a warning in the log) when
 *     address is NULL or a wildcard.
 *   public-url (string): the base URL the providers call (a tunnel or reverse proxy), without
 *     FC_WEBHOOK_LISTENER_PATH; NULL: the listener's own address.
 *   max-body-size (guint): bytes, default 1 MiB.
 *   minute-ms (guint): how long a "minute" of the retry schedule lasts, in milliseconds
 *     (60000; tests shrink it; $FLUXCASCADE_WEBHOOK_MINUTE_MS sets the default).
 *   batch-delay-ms (guint): how long accepted events wait so that several for one record are
 *     synced together (default 20).
 *   running (gboolean, read-only)
 *
 * Signals:
 *   rejected (guint status, const char *connection_id (nullable), const char *reason)
 *   accepted (const char *connection_id, guint n_events, guint n_stored)
 *   event-processed (gint64 id, const char *status): after each processing attempt; status is
 *     the event's new one ("done", "ignored", "pending" for a retry to come, "failed"). */

guint          fc_webhook_listener_get_port            (FcWebhookListener   *self);
void           fc_webhook_listener_set_port            (FcWebhookListener   *self,
                                                        guint                port);
const char    *fc_webhook_listener_get_address         (FcWebhookListener   *self);
void           fc_webhook_listener_set_address         (FcWebhookListener   *self,
                                                        const char          *address);
gboolean       fc_webhook_listener_get_all_interfaces  (FcWebhookListener   *self);
void           fc_webhook_listener_set_all_interfaces  (FcWebhookListener   *self,
                                                        gboolean             all_interfaces);
const char    *fc_webhook_listener_get_public_url      (FcWebhookListener   *self);
void           fc_webhook_listener_set_public_url      (FcWebhookListener   *self,
                                                        const char          *public_url);
guint          fc_webhook_listener_get_max_body_size   (FcWebhookListener   *self);
void           fc_webhook_listener_set_max_body_size   (FcWebhookListener   *self,
                                                        guint                max_body_size);
guint          fc_webhook_listener_get_minute_ms       (FcWebhookListener   *self);
void           fc_webhook_listener_set_minute_ms       (FcWebhookListener   *self,
                                                        guint                minute_ms);
guint          fc_webhook_listener_get_batch_delay_ms  (FcWebhookListener   *self);
void           fc_webhook_listener_set_batch_delay_ms  (FcWebhookListener   *self,
                                                        guint                batch_delay_ms);
gboolean       fc_webhook_listener_get_running         (FcWebhookListener   *self);

/* Starts listening and processing the events still pending from before. */
gboolean       fc_webhook_listener_start               (FcWebhookListener   *self,
                                                        GError             **error);
void           fc_webhook_listener_stop                (FcWebhookListener   *self);
/* Why the last fc_webhook_listener_start () failed, for the user; NULL when it succeeded or
 * was never called. */
const char    *fc_webhook_listener_get_last_error      (FcWebhookListener   *self);
/* The port actually bound (useful with port 0), or 0 when not running. */
guint          fc_webhook_listener_get_bound_port      (FcWebhookListener   *self);

/* The exact URL to register at the provider for @connection: public-url (or the listener's
 * own address) + FC_WEBHOOK_LISTENER_PATH "/" + the connection's id. */
char          *fc_webhook_listener_dup_url             (FcWebhookListener   *self,
                                                        FcConnection        *connection);

/* ---- registration and status (fc-webhook-listener-register.c) ------------------------ */

FcWebhookState fc_webhook_listener_get_state           (FcWebhookListener   *self,
                                                        FcConnection        *connection);
/* When the last verified webhook for @connection arrived, or NULL. */
GDateTime     *fc_webhook_listener_dup_last_received   (FcWebhookListener   *self,
                                                        FcConnection        *connection);
/* Translated steps for the user to add the webhook in the provider's settings (HubSpot app,
 * Jobber app), or to say what happens instead (Pipedrive: registered by FluxCascade;
 * Salesforce: polling). Names the URL of fc_webhook_listener_dup_url (). */
char          *fc_webhook_listener_dup_instructions    (FcWebhookListener   *self,
                                                        FcConnection        *connection);

/* Pipedrive: generates the connection's HTTP Basic credentials on first use (kept in the
 * keyring), then subscribes the listener's URL to every change of the objects the connection's
 * mappings use, through POST /v1/webhooks (replacing an earlier registration); the webhook ids
 * go to connections.webhook_registration. Other providers: MANUAL. */
void           fc_webhook_listener_register_async      (FcWebhookListener   *self,
                                                        FcConnection        *connection,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean       fc_webhook_listener_register_finish     (FcWebhookListener   *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);
/* Deletes the subscriptions registered for @connection (those already gone count as done). */
void           fc_webhook_listener_unregister_async    (FcWebhookListener   *self,
                                                        FcConnection        *connection,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean       fc_webhook_listener_unregister_finish   (FcWebhookListener   *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

/* The secret that verifies @connection's webhooks when it is not the OAuth application's
 * client secret (a HubSpot private app's or the user's own app's): kept in the keyring.
 * NULL removes it. */
void           fc_webhook_listener_set_signing_secret_async  (FcWebhookListener   *self,
                                                              FcConnection        *connection,
                                                              const char          *secret,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
gboolean       fc_webhook_listener_set_signing_secret_finish (FcWebhookListener   *self,
                                                              GAsyncResult        *result,
                                                              GError             **error);

/* ---- received events (fc-webhook-listener-queue.c) ----------------------------------- */

/* A JSON array of received events, newest first, @limit (0: 100) from @offset, filtered by
 * @connection_id and @status when not NULL. Each: {"id", "provider", "connectionId", "eventId",
 * "kind", "object", "recordId", "mergedIds", "status", "attempts", "nextAttemptAt",
 * "lastError", "receivedAt", "processedAt"}. */
JsonNode      *fc_webhook_listener_list_events         (FcWebhookListener   *self,
                                                        const char          *connection_id,
                                                        const char          *status,
                                                        guint                offset,
                                                        guint                limit,
                                                        GError             **error);
/* Makes a failed (or ignored) event pending again and processes it at once when running. */
gboolean       fc_webhook_listener_retry_event         (FcWebhookListener   *self,
                                                        gint64               event_id,
                                                        GError             **error);
/* Looks for due events now instead of at the next timer (after another process changed the
 * store). */
void           fc_webhook_listener_process_now         (FcWebhookListener   *self);

G_END_DECLS
