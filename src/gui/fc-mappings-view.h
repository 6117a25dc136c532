/* fc-mappings-view.h: which objects are kept in sync, and in which direction
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fc-engine.h"

G_BEGIN_DECLS

#define FC_TYPE_MAPPINGS_VIEW (fc_mappings_view_get_type ())

G_DECLARE_FINAL_TYPE (FcMappingsView, fc_mappings_view, FC, MAPPINGS_VIEW, GtkWidget)

FcEngine *fc_mappings_view_get_engine (FcMappingsView *self);
void      fc_mappings_view_set_engine (FcMappingsView *self,
                                       FcEngine       *engine);

G_END_DECLS
