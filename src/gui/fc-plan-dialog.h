/* fc-plan-dialog.h: what a sync run would do, shown before it is done
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fc-engine.h"

G_BEGIN_DECLS

#define FC_TYPE_PLAN_DIALOG (fc_plan_dialog_get_type ())

G_DECLARE_FINAL_TYPE (FcPlanDialog, fc_plan_dialog, FC, PLAN_DIALOG, AdwWindow)

/* @result: the result of a dry run (or of a held run), whose plan the dialog lists. The
 * "apply" signal tells that the user asked to run the mapping for real. */
FcPlanDialog *fc_plan_dialog_new            (GtkWindow    *parent,
                                             FcEngine     *engine,
                                             FcSyncResult *result);
const char   *fc_plan_dialog_get_mapping_id (FcPlanDialog *self);
/* The rows listed for entries of @kind. */
guint         fc_plan_dialog_count_rows     (FcPlanDialog  *self,
                                             FcSyncPlanKind kind);

G_END_DECLS
