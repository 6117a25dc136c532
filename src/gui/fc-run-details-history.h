/* fc-run-details-history.h: everything FluxCascade did to one record, and why it is (not) in
 * sync
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fc-run-log.h"

G_BEGIN_DECLS

#define FC_TYPE_RECORD_HISTORY_WINDOW (fc_record_history_window_get_type ())

G_DECLARE_FINAL_TYPE (FcRecordHistoryWindow, fc_record_history_window, FC,
                      RECORD_HISTORY_WINDOW, AdwWindow)

/* Reads the history of @record_id from @store; a store error is shown in the window. */
FcRecordHistoryWindow *fc_record_history_window_new        (FcStore               *store,
                                                            const char            *record_id);
const char            *fc_record_history_window_get_verdict (FcRecordHistoryWindow *self);
/* (transfer none) The events listed, newest first. */
GListModel            *fc_record_history_window_get_events (FcRecordHistoryWindow *self);

G_END_DECLS
