/* fc-connections-view.h: the accounts FluxCascade reads from and writes to
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fc-engine.h"

G_BEGIN_DECLS

#define FC_TYPE_CONNECTIONS_VIEW (fc_connections_view_get_type ())

G_DECLARE_FINAL_TYPE (FcConnectionsView, fc_connections_view, FC, CONNECTIONS_VIEW, GtkWidget)

FcEngine *fc_connections_view_get_engine (FcConnectionsView *self);
void      fc_connections_view_set_engine (FcConnectionsView *self,
                                          FcEngine          *engine);

void      fc_connections_view_add_connection (FcConnectionsView *self);

G_END_DECLS
