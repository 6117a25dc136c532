/* fc-add-connection-dialog-private.h: what the dialog's pages and its sign-in share
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fc-add-connection-dialog.h"

G_BEGIN_DECLS

struct _FcAddConnectionDialog
{
  AdwWindow            parent_instance;

  FcEngine            *engine;
  FcConnection        *reconnect_target;   /* NULL when adding an account */
  FcProvider           provider;
  GCancellable        *cancellable;        /* of the sign-in under way; NULL when none */
  GCancellable        *lookup_cancellable; /* of the keyring look-up when reconnecting */
  char                *sign_in_uri;
  FcAuthOpenUriFunc    launcher;           /* NULL: the system browser */
  gpointer             launcher_data;

  /* Template children */
  GtkWidget           *account_group;
  GtkWidget           *address_box;
  GtkLabel            *address_label;
  GtkWidget           *advanced_group;
  AdwExpanderRow      *advanced_row;
  AdwEntryRow         *api_url_entry;
  AdwEntryRow         *auth_url_entry;
  GtkWidget           *back_button;
  GtkCheckButton      *browser_check;
  GtkLabel            *browser_error_label;
  GtkWidget           *cancel_flow_button;
  GtkWidget           *connect_button;
  GtkWidget           *details_cancel_button;
  AdwWindowTitle      *details_title;
  GtkWidget           *error_box;
  GtkLabel            *error_label;
  AdwPreferencesGroup *method_group;
  AdwEntryRow         *name_entry;
  GtkListBox          *provider_list;
  GtkSpinner          *spinner;
  GtkStack            *stack;
  AdwToastOverlay     *toast_overlay;
  GtkCheckButton      *token_check;
  AdwEntryRow         *token_entry;
  AdwPreferencesGroup *token_group;
  AdwActionRow        *token_row;
  AdwStatusPage       *waiting_page;
  AdwWindowTitle      *waiting_title;
};

/* fc-add-connection-dialog.c: the pages */
gboolean _fc_add_connection_dialog_uses_token      (FcAddConnectionDialog *self);
void     _fc_add_connection_dialog_show_error      (FcAddConnectionDialog *self,
                                                    const char            *message);
void     _fc_add_connection_dialog_show_details    (FcAddConnectionDialog *self);
void     _fc_add_connection_dialog_finish          (FcAddConnectionDialog *self,
                                                    FcConnection          *connection);

/* fc-add-connection-dialog-flow.c: the sign-in */
void     _fc_add_connection_dialog_start_sign_in   (FcAddConnectionDialog *self);
void     _fc_add_connection_dialog_cancel_sign_in  (FcAddConnectionDialog *self);

G_END_DECLS
