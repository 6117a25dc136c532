/* fc-conflicts-view.h: the conflicts waiting for the user's decision
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fc-engine.h"

G_BEGIN_DECLS

#define FC_TYPE_CONFLICTS_VIEW (fc_conflicts_view_get_type ())

G_DECLARE_FINAL_TYPE (FcConflictsView, fc_conflicts_view, FC, CONFLICTS_VIEW, GtkWidget)

void        fc_conflicts_view_set_engine    (FcConflictsView *self,
                                             FcEngine        *engine);
/* Reads the open conflicts again now (the view also does so on the engine's events). */
void        fc_conflicts_view_reload        (FcConflictsView *self);
/* (transfer none) The open conflicts shown (FcConflictInfo). */
GListModel *fc_conflicts_view_get_conflicts (FcConflictsView *self);
guint       fc_conflicts_view_get_n_open    (FcConflictsView *self);

G_END_DECLS
