/* fc-inbound-store.h: the inbound_events table (webhook events received, their processing)
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "fc-connection.h"
#include "fc-connector-types.h"
#include "fc-store.h"

G_BEGIN_DECLS

/* Statuses of a received event: waiting (first try or a retry), synced, given up, or not used
 * by any real-time mapping. */
#define FC_INBOUND_STATUS_PENDING "pending"
#define FC_INBOUND_STATUS_DONE    "done"
#define FC_INBOUND_STATUS_FAILED  "failed"
#define FC_INBOUND_STATUS_IGNORED "ignored"

/* One stored event, as the processing queue reads it back. */
typedef struct {
  gint64  id;
  char   *connection_id;
  char   *kind;          /* "create", "update", "delete", "merge" */
  char   *object;
  char   *record_id;
  GStrv   merged_ids;    /* never NULL */
  guint   attempts;
} FcInboundEvent;

void            _fc_inbound_event_free        (FcInboundEvent  *event);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcInboundEvent, _fc_inbound_event_free)

/* Stores @events (FcWebhookEvent) of one verified delivery for @connection, and the time it
 * arrived, in one transaction. Events whose provider id was seen before for this connection,
 * and events whose content (kind, object, record, time of the change to the millisecond,
 * property, merged ids) repeats one not yet processed or seen within a day, are dropped.
 * @out_stored: how many were new. */
gboolean        _fc_inbound_store_add         (FcStore         *store,
                                               FcConnection    *connection,
                                               GPtrArray       *events,
                                               gint64           now_ms,
                                               guint           *out_stored,
                                               GError         **error);

/* (element-type FcInboundEvent) Pending events due at @now_ms, oldest first, at most @limit. */
GPtrArray      *_fc_inbound_store_list_due    (FcStore         *store,
                                               gint64           now_ms,
                                               guint            limit,
                                               GError         **error);
/* The earliest next_attempt_at of a pending event, or -1 when none is pending. */
gint64          _fc_inbound_store_next_due    (FcStore         *store,
                                               GError         **error);

/* Ends the processing of @ids (gint64) with @status ("done" or "ignored"); @note may say why. */
gboolean        _fc_inbound_store_finish      (FcStore         *store,
                                               GArray          *ids,
                                               const char      *status,
                                               const char      *note,
                                               gint64           now_ms,
                                               GError         **error);
/* Counts a failed attempt of each of @ids: the n-th failed attempt (n from 1) makes the event
 * due again @delays_ms[n - 1] after @now_ms; past the end of @delays_ms it is failed. The
 * error is kept in last_error either way. */
gboolean        _fc_inbound_store_defer       (FcStore         *store,
                                               GArray          *ids,
                                               const char      *error_message,
                                               const gint64    *delays_ms,
                                               guint            n_delays,
                                               gint64           now_ms,
                                               GError         **error);
/* Makes a failed (or ignored) event pending and due now; NOT_FOUND when there is no such
 * event, CONSTRAINT when it is pending or done already. */
gboolean        _fc_inbound_store_retry       (FcStore         *store,
                                               gint64           id,
                                               gint64           now_ms,
                                               GError         **error);

/* A JSON array of events, newest first: {"id", "provider", "connectionId", "eventId", "kind",
 * "object", "recordId", "mergedIds", "status", "attempts", "nextAttemptAt", "lastError",
 * "receivedAt", "processedAt"} (times ISO 8601 UTC). @connection_id and @status filter when not
 * NULL; @limit 0 means 100. */
JsonNode       *_fc_inbound_store_list_json   (FcStore         *store,
                                               const char      *connection_id,
                                               const char      *status,
                                               guint            offset,
                                               guint            limit,
                                               GError         **error);

/* connections.webhook_registration and webhook_last_received_at (-1 when NULL). */
gboolean        _fc_inbound_store_get_webhook_state (FcStore     *store,
                                                     const char  *connection_id,
                                                     char       **out_registration,
                                                     gint64      *out_last_received_ms,
                                                     GError     **error);
gboolean        _fc_inbound_store_set_registration  (FcStore     *store,
                                                     const char  *connection_id,
                                                     const char  *registration,
                                                     GError     **error);

G_END_DECLS
