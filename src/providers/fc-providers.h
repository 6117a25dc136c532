/* fc-providers.h: which connector class serves which provider
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "fc-types.h"

G_BEGIN_DECLS

/* The FcConnector subclass for @provider, or G_TYPE_INVALID when no connector exists yet. */
GType     fc_providers_get_connector_type (FcProvider provider);
gboolean  fc_providers_has_connector      (FcProvider provider);

G_END_DECLS
