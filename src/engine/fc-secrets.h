/* fc-secrets.h: tokens in the system keyring (libsecret), and the FcToken they hold
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libsecret/secret.h>

#include "fc-connection.h"
#include "fc-types.h"

G_BEGIN_DECLS

/* ---- FcToken --------------------------------------------------------------------------- */

/* The credentials of one connection. A token is reference counted and, once handed to other
 * code (stored, returned by FcAuth), must be treated as read-only: the setters are for the code
 * that builds it. Nothing in FluxCascade prints or logs a token's strings. */

typedef enum {
  FC_TOKEN_KIND_OAUTH,  /* access token, usually a refresh token, usually an expiry */
  FC_TOKEN_KIND_STATIC, /* a token the user made at the provider; no refresh, no expiry */
} FcTokenKind;

#define FC_TYPE_TOKEN (fc_token_get_type ())

typedef struct _FcToken FcToken;

GType        fc_token_get_type               (void) G_GNUC_CONST;

FcToken     *fc_token_new_oauth              (const char  *access_token,
                                              const char  *refresh_token,
                                              const char  *token_type,
                                              const char  *scope,
                                              gint64       expires_at);
FcToken     *fc_token_new_static             (const char  *access_token);
FcToken     *fc_token_ref                    (FcToken     *self);
void         fc_token_unref                  (FcToken     *self);
/* A deep copy, free to modify. */
FcToken     *fc_token_copy                   (FcToken     *self);

FcTokenKind  fc_token_get_kind               (FcToken     *self);
gboolean     fc_token_is_static              (FcToken     *self);
const char  *fc_token_get_access_token       (FcToken     *self);
const char  *fc_token_get_refresh_token      (FcToken     *self);
const char  *fc_token_get_token_type         (FcToken     *self);
const char  *fc_token_get_scope              (FcToken     *self);
/* Unix seconds; 0 when the provider gave no lifetime (static tokens, Salesforce). */
gint64       fc_token_get_expires_at         (FcToken     *self);
/* Pipedrive's api_domain and Salesforce's instance_url, as the provider returned them. */
const char  *fc_token_get_api_domain         (FcToken     *self);
const char  *fc_token_get_instance_url       (FcToken     *self);
/* Salesforce's identity URL ("id" of the token response). */
const char  *fc_token_get_identity_url       (FcToken     *self);
/* Whichever of api_domain and instance_url is set, else NULL. */
const char  *fc_token_get_account_api_url    (FcToken     *self);
/* The user's own OAuth application, when the connection uses one instead of the packaged
 * application; both NULL otherwise. */
const char  *fc_token_get_client_id          (FcToken     *self);
const char  *fc_token_get_client_secret      (FcToken     *self);

void         fc_token_set_api_domain         (FcToken     *self,
                                              const char  *api_domain);
void         fc_token_set_instance_url       (FcToken     *self,
                                              const char  *instance_url);
void         fc_token_set_identity_url       (FcToken     *self,
                                              const char  *identity_url);
void         fc_token_set_client             (FcToken     *self,
                                              const char  *client_id,
                                              const char  *client_secret);

/* TRUE when the token has an expiry and it falls within @seconds from now (or has passed). */
gboolean     fc_token_expires_within         (FcToken     *self,
                                              gint64       seconds);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcToken, fc_token_unref)

/* ---- FcSecrets ------------------------------------------------------------------------- */

/* The version of the JSON blob this build writes, and the newest it reads. */
#define FC_SECRETS_TOKEN_VERSION 1

/* libsecret schema names */
#define FC_SECRETS_TOKEN_SCHEMA "com.fluxcascade.FluxCascade.Token"

#define FC_SECRETS_ERROR (fc_secrets_error_quark ())

typedef enum {
  FC_SECRETS_ERROR_UNAVAILABLE, /* no keyring service, or it refused the request */
  FC_SECRETS_ERROR_CORRUPT,     /* the stored secret is not a token blob FluxCascade wrote */
  FC_SECRETS_ERROR_TOO_NEW,     /* the blob has a version newer than this build reads */
  FC_SECRETS_ERROR_INVALID,     /* a token without an access token was given to store */
} FcSecretsError;

GQuark fc_secrets_error_quark (void);

#define FC_TYPE_SECRETS (fc_secrets_get_type ())

G_DECLARE_FINAL_TYPE (FcSecrets, fc_secrets, FC, SECRETS, GObject)

FcSecrets          *fc_secrets_new                  (void);

/* The schema of token items: attributes "connection-id" and "provider", both strings. */
const SecretSchema *fc_secrets_get_token_schema     (void);

/* Items are keyed by the connection's id and provider; storing replaces the item. The item's
 * label names the connection (fc_connection_dup_title ()). */
void                fc_secrets_store_token_async    (FcSecrets            *self,
                                                     FcConnection         *connection,
                                                     FcToken              *token,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean            fc_secrets_store_token_finish   (FcSecrets            *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
gboolean            fc_secrets_store_token          (FcSecrets            *self,
                                                     FcConnection         *connection,
                                                     FcToken              *token,
                                                     GCancellable         *cancellable,
                                                     GError              **error);

/* NULL without an error when the keyring has no token for @connection. */
void                fc_secrets_lookup_token_async   (FcSecrets            *self,
                                                     FcConnection         *connection,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
FcToken            *fc_secrets_lookup_token_finish  (FcSecrets            *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
FcToken            *fc_secrets_lookup_token         (FcSecrets            *self,
                                                     FcConnection         *connection,
                                                     GCancellable         *cancellable,
                                                     GError              **error);

/* Succeeds also when there was nothing to delete. */
void                fc_secrets_delete_token_async   (FcSecrets            *self,
                                                     FcConnection         *connection,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean            fc_secrets_delete_token_finish  (FcSecrets            *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
gboolean            fc_secrets_delete_token         (FcSecrets            *self,
                                                     FcConnection         *connection,
                                                     GCancellable         *cancellable,
                                                     GError              **error);

/* The blob format, for tests and tools: serialising never fails; parsing fails with CORRUPT
 * or TOO_NEW and never echoes the blob's content in the message. */
char               *fc_token_serialize              (FcToken              *token);
FcToken            *fc_token_deserialize            (const char           *blob,
                                                     GError              **error);

/* Keeps the memory of this process, which holds tokens and secrets, out of core dumps and
 * away from other processes of the same user that would attach to it as a debugger: marks the
 * process not dumpable (Linux; nothing elsewhere). Programs call it first thing in main ().
 * Returns whether the process is now not dumpable. */
gboolean            fc_secrets_protect_process      (void);

G_END_DECLS
