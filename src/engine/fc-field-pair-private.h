/* fc-field-pair-private.h: pair checks shared with the mapping's validation
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fc-field-pair.h"

G_BEGIN_DECLS

/* fc_field_pair_validate () without the "Field pair (...)" prefix on the error message. On
 * error, @out_property (optional) names the property at fault: "source-fields",
 * "target-fields", "direction" or "transform". */
gboolean _fc_field_pair_check (FcFieldPair  *self,
                               FcDirection   mapping_direction,
                               const char  **out_property,
                               GError      **error);

G_END_DECLS
