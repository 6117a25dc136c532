/* fc-connection-row.h: one connected account in the Connections view
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fc-engine.h"

G_BEGIN_DECLS

#define FC_TYPE_CONNECTION_ROW (fc_connection_row_get_type ())

G_DECLARE_FINAL_TYPE (FcConnectionRow, fc_connection_row, FC, CONNECTION_ROW, AdwActionRow)

GtkWidget    *fc_connection_row_new            (FcConnection    *connection);
FcConnection *fc_connection_row_get_connection (FcConnectionRow *self);

FcWebhookListener *fc_connection_row_get_listener (FcConnectionRow   *self);
void               fc_connection_row_set_listener (FcConnectionRow   *self,
                                                   FcWebhookListener *listener);

G_END_DECLS
