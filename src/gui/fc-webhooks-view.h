/* fc-webhooks-view.h: webhook events received from providers and sent to your endpoints
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FC_TYPE_WEBHOOKS_VIEW (fc_webhooks_view_get_type ())

G_DECLARE_FINAL_TYPE (FcWebhooksView, fc_webhooks_view, FC, WEBHOOKS_VIEW, GtkWidget)

G_END_DECLS
