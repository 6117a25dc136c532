/* fc-webhooks-view.h: webhook events received from providers and sent to your endpoints
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fc-engine.h"

G_BEGIN_DECLS

#define FC_TYPE_WEBHOOKS_VIEW (fc_webhooks_view_get_type ())

G_DECLARE_FINAL_TYPE (FcWebhooksView, fc_webhooks_view, FC, WEBHOOKS_VIEW, GtkWidget)

/* Without an engine set, the view shows the engine of the FcWindow it is in. */
FcEngine *fc_webhooks_view_get_engine (FcWebhooksView *self);
void      fc_webhooks_view_set_engine (FcWebhooksView *self,
                                       FcEngine       *engine);

/* Lists the deliveries of the endpoint of that id (NULL: of every endpoint). */
void      fc_webhooks_view_show_deliveries (FcWebhooksView *self,
                                            const char     *endpoint_id);

/* "10:42" today, "Nov 21, 10:42" before; NULL for NULL. Shared by the view's rows. */
char     *fc_webhooks_view_format_time (GDateTime *time);

G_END_DECLS
