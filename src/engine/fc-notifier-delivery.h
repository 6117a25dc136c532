/* fc-notifier-delivery.h: one event on its way to one endpoint
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "fc-notifier-types.h"

G_BEGIN_DECLS

/* A row of the delivery queue as it was when read (fc_notifier_list_deliveries ()): a snapshot,
 * not kept current. */

#define FC_TYPE_DELIVERY (fc_delivery_get_type ())

G_DECLARE_FINAL_TYPE (FcDelivery, fc_delivery, FC, DELIVERY, GObject)

gint64            fc_delivery_get_id               (FcDelivery *self);
const char       *fc_delivery_get_endpoint_id      (FcDelivery *self);
/* The payload's metadata.fluxcascadeEventId, shared by every endpoint's delivery of it. */
const char       *fc_delivery_get_event_id         (FcDelivery *self);
const char       *fc_delivery_get_event_type       (FcDelivery *self);
/* The exact body that is sent and signed. */
const char       *fc_delivery_get_payload          (FcDelivery *self);
/* The payload on one line, cut to about 120 characters with an ellipsis. */
char             *fc_delivery_dup_payload_preview  (FcDelivery *self);
FcDeliveryStatus  fc_delivery_get_status           (FcDelivery *self);
/* Attempts since the delivery was queued, or since it was last retried or replayed. */
guint             fc_delivery_get_attempts         (FcDelivery *self);
/* The HTTP status of the last answer; 0 when none came (timeout, refused connection). */
guint             fc_delivery_get_last_status_code (FcDelivery *self);
const char       *fc_delivery_get_last_error       (FcDelivery *self);
/* NULL unless pending. */
GDateTime        *fc_delivery_get_next_attempt_at  (FcDelivery *self);
GDateTime        *fc_delivery_get_created_at       (FcDelivery *self);
GDateTime        *fc_delivery_get_delivered_at     (FcDelivery *self);

/* Members: id, endpointId, eventId, eventType, status, attempts, lastStatusCode, lastError,
 * nextAttemptAt, createdAt, deliveredAt, and payloadPreview (or payload when @full_payload). */
JsonNode         *fc_delivery_to_json              (FcDelivery *self,
                                                    gboolean    full_payload);

G_END_DECLS
