/* fc-activity-view.h: the history of sync runs and what each one changed
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FC_TYPE_ACTIVITY_VIEW (fc_activity_view_get_type ())

G_DECLARE_FINAL_TYPE (FcActivityView, fc_activity_view, FC, ACTIVITY_VIEW, GtkWidget)

G_END_DECLS
