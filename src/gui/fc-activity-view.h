/* fc-activity-view.h: the history of sync runs and what each one changed
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fc-engine.h"
#include "fc-run-log.h"

G_BEGIN_DECLS

#define FC_TYPE_ACTIVITY_VIEW (fc_activity_view_get_type ())

G_DECLARE_FINAL_TYPE (FcActivityView, fc_activity_view, FC, ACTIVITY_VIEW, GtkWidget)

void       fc_activity_view_set_engine (FcActivityView *self,
                                        FcEngine       *engine);
/* Selects the run @run_id (clearing filters that hide it) and shows its events. */
void       fc_activity_view_show_run   (FcActivityView *self,
                                        const char     *run_id);
/* (transfer none) The runs as listed, filtered and sorted. */
FcRunList *fc_activity_view_get_runs   (FcActivityView *self);
/* Reads the runs again now (the view also does so on the engine's sync.* events). */
void       fc_activity_view_reload     (FcActivityView *self);

G_END_DECLS
