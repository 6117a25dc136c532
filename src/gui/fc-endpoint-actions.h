/* fc-endpoint-actions.h: what the user does to an outbound endpoint, with its dialogs
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fc-engine.h"

G_BEGIN_DECLS

/* Each acts for @widget (a view in a window): its dialogs belong to @widget's window and its
 * results show as toasts there (fc_window_add_toast ()). */

/* The Add Endpoint dialog, then the new endpoint's secret, once. */
void fc_endpoint_actions_add        (GtkWidget  *widget,
                                     FcNotifier *notifier);
void fc_endpoint_actions_edit       (GtkWidget  *widget,
                                     FcNotifier *notifier,
                                     const char *endpoint_id);
/* After a confirmation. */
void fc_endpoint_actions_remove     (GtkWidget  *widget,
                                     FcNotifier *notifier,
                                     const char *endpoint_id);
/* After a confirmation; then the new secret, once. */
void fc_endpoint_actions_rotate     (GtkWidget  *widget,
                                     FcNotifier *notifier,
                                     const char *endpoint_id);
/* Enabling an endpoint that missed events asks whether to send them. */
void fc_endpoint_actions_set_enabled (GtkWidget  *widget,
                                      FcNotifier *notifier,
                                      const char *endpoint_id,
                                      gboolean    enabled);

/* A toast in @widget's FcWindow (a log message without one). */
void fc_endpoint_actions_show_toast (GtkWidget  *widget,
                                     const char *text);

G_END_DECLS
