/* fc-delivery-row.h: one event on its way to one endpoint, in the Webhooks view
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fc-engine.h"

G_BEGIN_DECLS

#define FC_TYPE_DELIVERY_ROW (fc_delivery_row_get_type ())

G_DECLARE_FINAL_TYPE (FcDeliveryRow, fc_delivery_row, FC, DELIVERY_ROW, AdwExpanderRow)

/* @endpoint_url: (nullable): shown when the list mixes the deliveries of several endpoints. */
GtkWidget  *fc_delivery_row_new          (FcDelivery    *delivery,
                                          const char    *endpoint_url);
FcDelivery *fc_delivery_row_get_delivery (FcDeliveryRow *self);

G_END_DECLS
