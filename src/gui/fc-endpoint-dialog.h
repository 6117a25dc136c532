/* fc-endpoint-dialog.h: adding or editing an outbound webhook endpoint, and showing its secret
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fc-engine.h"

G_BEGIN_DECLS

#define FC_TYPE_ENDPOINT_DIALOG (fc_endpoint_dialog_get_type ())

G_DECLARE_FINAL_TYPE (FcEndpointDialog, fc_endpoint_dialog, FC, ENDPOINT_DIALOG, AdwWindow)

/* @endpoint NULL: a dialog that adds one. The dialog saves through @notifier, emits "saved"
 * (FcEndpoint *endpoint, const char *secret: the new endpoint's, or NULL after an edit) and
 * closes; errors stay shown in the dialog. */
FcEndpointDialog *fc_endpoint_dialog_new          (GtkWindow        *parent,
                                                   FcNotifier       *notifier,
                                                   FcEndpoint       *endpoint);
FcEndpoint       *fc_endpoint_dialog_get_endpoint (FcEndpointDialog *self);

/* A dialog that shows @secret, the signing secret of the endpoint at @url, this once, with a
 * Copy button. The secret's label is named "secret-label". */
GtkWidget        *fc_endpoint_secret_dialog_new   (GtkWindow        *parent,
                                                   const char       *url,
                                                   const char       *secret);

G_END_DECLS
