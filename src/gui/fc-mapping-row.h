/* fc-mapping-row.h: one mapping in the Mappings view, with its last run and Sync now
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fc-engine.h"

G_BEGIN_DECLS

#define FC_TYPE_MAPPING_ROW (fc_mapping_row_get_type ())

G_DECLARE_FINAL_TYPE (FcMappingRow, fc_mapping_row, FC, MAPPING_ROW, AdwActionRow)

GtkWidget  *fc_mapping_row_new             (FcEngine     *engine,
                                            FcMapping    *mapping);
FcMapping  *fc_mapping_row_get_mapping     (FcMappingRow *self);
/* Reads the mapping's last run again from the store. */
void        fc_mapping_row_update_status   (FcMappingRow *self);
/* While a run goes: @fraction in [0, 1], or < 0 to pulse; @text says what is being done. */
void        fc_mapping_row_set_running     (FcMappingRow *self,
                                            gboolean      running);
void        fc_mapping_row_set_progress    (FcMappingRow *self,
                                            double        fraction,
                                            const char   *text);

G_END_DECLS
