/* fc-add-connection-dialog.h: connecting an account, or signing in to one again
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fc-engine.h"

G_BEGIN_DECLS

#define FC_TYPE_ADD_CONNECTION_DIALOG (fc_add_connection_dialog_get_type ())

G_DECLARE_FINAL_TYPE (FcAddConnectionDialog, fc_add_connection_dialog,
                      FC, ADD_CONNECTION_DIALOG, AdwWindow)

FcAddConnectionDialog *fc_add_connection_dialog_new         (GtkWindow             *parent,
                                                             FcEngine              *engine);
FcAddConnectionDialog *fc_add_connection_dialog_new_for_reconnect
                                                            (GtkWindow             *parent,
                                                             FcEngine              *engine,
                                                             FcConnection          *connection);

FcEngine     *fc_add_connection_dialog_get_engine       (FcAddConnectionDialog *self);
FcConnection *fc_add_connection_dialog_get_connection   (FcAddConnectionDialog *self);

/* How the provider's sign-in page reaches the user; by default the system browser opens it.
 * The dialog shows the address in any case, so that it can be copied into a browser by hand.
 * A launcher that fails leaves that as the way to go on. */
void          fc_add_connection_dialog_set_uri_launcher (FcAddConnectionDialog *self,
                                                         FcAuthOpenUriFunc      launcher,
                                                         gpointer               user_data);

G_END_DECLS
