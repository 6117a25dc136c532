/* fc-window.h: the main window, one view per part of the engine
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fc-application.h"
#include "fc-engine.h"

G_BEGIN_DECLS

#define FC_TYPE_WINDOW (fc_window_get_type ())

G_DECLARE_FINAL_TYPE (FcWindow, fc_window, FC, WINDOW, AdwApplicationWindow)

FcWindow *fc_window_new        (FcApplication *application,
                                FcEngine      *engine);
FcEngine *fc_window_get_engine (FcWindow      *self);
void      fc_window_add_toast  (FcWindow      *self,
                                AdwToast      *toast);

G_END_DECLS
