/* fc-run-details-row.h: one event of a sync run: what changed in a record, and why
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fc-run-log.h"

G_BEGIN_DECLS

#define FC_TYPE_EVENT_ROW (fc_event_row_get_type ())

G_DECLARE_FINAL_TYPE (FcEventRow, fc_event_row, FC, EVENT_ROW, GtkWidget)

GtkWidget   *fc_event_row_new          (gboolean     show_run);
void         fc_event_row_set_event    (FcEventRow  *self,
                                        FcEventInfo *event);
FcEventInfo *fc_event_row_get_event    (FcEventRow  *self);

/* "Created", "Updated", "Failed", ... for an event kind such as "record.updated". */
const char  *fc_event_kind_get_label   (const char  *kind);
/* A value of the details as the user reads it: text as it is, "(empty)" for null. */
char        *fc_event_value_to_display (JsonNode    *value);

G_END_DECLS
