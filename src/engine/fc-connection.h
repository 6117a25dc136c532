/* fc-connection.h: an account on one provider that mappings read from and write to
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "fc-types.h"

G_BEGIN_DECLS

/* A connection holds what may be shown and stored: the provider, the account and the API
 * addresses. Tokens and keys live in the keyring under the connection id, never here. */

#define FC_CONNECTION_ID_PREFIX "con_"

#define FC_TYPE_CONNECTION (fc_connection_get_type ())

G_DECLARE_FINAL_TYPE (FcConnection, fc_connection, FC, CONNECTION, GObject)

/* The new connection has a fresh id ("con_" and 32 hex digits), status active and no
 * timestamps; the store sets those when it saves. */
FcConnection       *fc_connection_new               (FcProvider          provider);
FcConnection       *fc_connection_copy              (FcConnection       *self);

const char         *fc_connection_get_id            (FcConnection       *self);
void                fc_connection_set_id            (FcConnection       *self,
                                                     const char         *id);
FcProvider          fc_connection_get_provider      (FcConnection       *self);
void                fc_connection_set_provider      (FcConnection       *self,
                                                     FcProvider          provider);
FcConnectionStatus  fc_connection_get_status        (FcConnection       *self);
void                fc_connection_set_status        (FcConnection       *self,
                                                     FcConnectionStatus  status);
const char         *fc_connection_get_account_name  (FcConnection       *self);
void                fc_connection_set_account_name  (FcConnection       *self,
                                                     const char         *account_name);
const char         *fc_connection_get_account_id    (FcConnection       *self);
void                fc_connection_set_account_id    (FcConnection       *self,
                                                     const char         *account_id);
/* Overrides of the provider's default API and OAuth addresses (the simulator, a sandbox);
 * NULL means the provider's default. */
const char         *fc_connection_get_api_base_url  (FcConnection       *self);
void                fc_connection_set_api_base_url  (FcConnection       *self,
                                                     const char         *api_base_url);
const char         *fc_connection_get_auth_base_url (FcConnection       *self);
void                fc_connection_set_auth_base_url (FcConnection       *self,
                                                     const char         *auth_base_url);
GDateTime          *fc_connection_get_created_at    (FcConnection       *self);
void                fc_connection_set_created_at    (FcConnection       *self,
                                                     GDateTime          *created_at);
GDateTime          *fc_connection_get_updated_at    (FcConnection       *self);
void                fc_connection_set_updated_at    (FcConnection       *self,
                                                     GDateTime          *updated_at);

/* "HubSpot · Acme Inc." (or the account id, or the connection id, when there is no name). */
char               *fc_connection_dup_title         (FcConnection       *self);

G_END_DECLS
