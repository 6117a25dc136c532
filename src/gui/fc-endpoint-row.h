/* fc-endpoint-row.h: one of the user's outbound webhook endpoints in the Webhooks view
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fc-engine.h"

G_BEGIN_DECLS

#define FC_TYPE_ENDPOINT_ROW (fc_endpoint_row_get_type ())

G_DECLARE_FINAL_TYPE (FcEndpointRow, fc_endpoint_row, FC, ENDPOINT_ROW, AdwActionRow)

GtkWidget  *fc_endpoint_row_new          (FcEndpoint    *endpoint);
FcEndpoint *fc_endpoint_row_get_endpoint (FcEndpointRow *self);

/* "All events", "sync.failed and record.created", "5 event types" */
char       *fc_endpoint_describe_event_types (const char * const *event_types);

G_END_DECLS
