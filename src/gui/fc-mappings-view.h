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

FcEngine  *fc_mappings_view_get_engine      (FcMappingsView *self);
void       fc_mappings_view_set_engine      (FcMappingsView *self,
                                             FcEngine       *engine);

/* Opens the mapping editor on a new mapping, or on a copy of the mapping @id. */
void       fc_mappings_view_add_mapping     (FcMappingsView *self);
void       fc_mappings_view_edit_mapping    (FcMappingsView *self,
                                             const char     *id);
/* Runs the mapping @id now (trigger manual); the result is told in a toast. */
void       fc_mappings_view_sync_mapping    (FcMappingsView *self,
                                             const char     *id);
/* Runs every active mapping that is not running already. */
void       fc_mappings_view_sync_all        (FcMappingsView *self);
/* Runs the selected (or focused) mapping; FALSE when there is none. */
gboolean   fc_mappings_view_sync_selected   (FcMappingsView *self);
/* Dry-runs the mapping @id and shows the plan, with a button that applies it. */
void       fc_mappings_view_preview_mapping (FcMappingsView *self,
                                             const char     *id);
/* Whether a run of @id started from this view goes on. */
gboolean   fc_mappings_view_is_syncing      (FcMappingsView *self,
                                             const char     *id);

G_END_DECLS
