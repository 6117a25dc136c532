/* fc-application.h: the FluxCascade application, owner of the engine
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fc-engine.h"

G_BEGIN_DECLS

#define FC_TYPE_APPLICATION (fc_application_get_type ())

G_DECLARE_FINAL_TYPE (FcApplication, fc_application, FC, APPLICATION, AdwApplication)

FcApplication *fc_application_new          (void);
const char    *fc_application_get_data_dir (FcApplication *self);
void           fc_application_set_data_dir (FcApplication *self,
                                            const char    *data_dir);
FcEngine      *fc_application_get_engine   (FcApplication *self);

G_END_DECLS
