/* fc-inbound-event-row.h: one webhook event received from a provider, in the Webhooks view
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define FC_TYPE_INBOUND_EVENT_ROW (fc_inbound_event_row_get_type ())

G_DECLARE_FINAL_TYPE (FcInboundEventRow, fc_inbound_event_row, FC, INBOUND_EVENT_ROW,
                      AdwActionRow)

/* @event: one member of fc_webhook_listener_list_events ()'s array. */
GtkWidget  *fc_inbound_event_row_new        (JsonObject        *event);
gint64      fc_inbound_event_row_get_id     (FcInboundEventRow *self);
/* "pending", "done", "ignored", "failed" */
const char *fc_inbound_event_row_get_status (FcInboundEventRow *self);

G_END_DECLS
