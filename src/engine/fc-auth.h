/* fc-auth.h: signing in to providers (OAuth 2.0 for desktop apps) and keeping tokens fresh
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fc-connection.h"
#include "fc-provider-info.h"
#include "fc-secrets.h"
#include "fc-types.h"

G_BEGIN_DECLS

#define FC_AUTH_ERROR (fc_auth_error_quark ())

typedef enum {
  FC_AUTH_ERROR_CANCELLED,      /* the caller's GCancellable was triggered */
  FC_AUTH_ERROR_TIMEOUT,        /* the browser did not come back in time */
  FC_AUTH_ERROR_STATE_MISMATCH, /* the redirect's state is not the one this flow sent */
  FC_AUTH_ERROR_DENIED,         /* the user declined on the consent page */
  FC_AUTH_ERROR_PROVIDER,       /* the provider answered with an OAuth error */
  FC_AUTH_ERROR_EXPIRED,        /* the grant is gone (revoked, uninstalled): sign in again */
  FC_AUTH_ERROR_BAD_RESPONSE,   /* the provider's answer is not a usable token response */
  FC_AUTH_ERROR_NETWORK,        /* the provider could not be reached */
  FC_AUTH_ERROR_NOT_CONNECTED,  /* the keyring holds no token for the connection */
  FC_AUTH_ERROR_CONFIG,         /* no OAuth client id or secret configured */
  FC_AUTH_ERROR_FAILED,         /* local failure: no loopback listener, no random source */
} FcAuthError;

GQuark      fc_auth_error_quark                     (void);

/* An FC_AUTH_ERROR from a provider's answer keeps what the provider said: its error code
 * ("invalid_grant"), its description and the HTTP status. NULL / 0 when not known or when
 * @error is of another domain. */
const char *fc_auth_error_get_provider_error        (const GError *error);
const char *fc_auth_error_get_provider_description  (const GError *error);
guint       fc_auth_error_get_http_status           (const GError *error);

/* The loopback redirect URI is http://127.0.0.1:<ephemeral port>FC_AUTH_CALLBACK_PATH. */
#define FC_AUTH_CALLBACK_PATH "/oauth/callback"

/* Defaults: how long the browser may take, and how long before expiry a token is renewed. */
#define FC_AUTH_DEFAULT_TIMEOUT_SECONDS        300
#define FC_AUTH_DEFAULT_REFRESH_MARGIN_SECONDS 300

/* Shows @uri to the user, normally in the system browser (gtk_show_uri (),
 * g_app_info_launch_default_for_uri ()). Returning FALSE with @error ends the sign-in with that
 * error. A caller that opens the browser asynchronously returns TRUE and, on failure, cancels
 * the sign-in through its GCancellable. */
typedef gboolean (*FcAuthOpenUriFunc) (const char  *uri,
                                       gpointer     user_data,
                                       GError     **error);

#define FC_TYPE_AUTH (fc_auth_get_type ())

G_DECLARE_FINAL_TYPE (FcAuth, fc_auth, FC, AUTH, GObject)

/* One per engine. Everything runs on the thread-default main context of the thread that calls
 * the functions below (one thread only).
 *
 * Signals:
 *   connection-expired (FcConnection *): the provider refused the connection's grant (or its
 *     static token); the connection's status is now FC_CONNECTION_STATUS_EXPIRED. The user has
 *     to sign in again; the owner of the connection saves the new status.
 *   connection-refreshed (FcConnection *): a new access token was stored in the keyring. */
FcAuth     *fc_auth_new                             (FcSecrets            *secrets);
FcSecrets  *fc_auth_get_secrets                     (FcAuth               *self);

/* Property "refresh-margin": a token that expires within this many seconds is renewed before
 * it is handed out (FC_AUTH_DEFAULT_REFRESH_MARGIN_SECONDS). */
guint       fc_auth_get_refresh_margin              (FcAuth               *self);
void        fc_auth_set_refresh_margin              (FcAuth               *self,
                                                     guint                 seconds);

/* Sign-in through the system browser (RFC 8252): listens on 127.0.0.1 on an ephemeral port,
 * calls @open_uri with the provider's consent page (with state and, where the provider supports
 * it, a PKCE S256 challenge), waits for the one redirect, answers the browser with a short page,
 * closes the listener and exchanges the code.
 *
 * @connection (nullable) supplies address overrides and the user's own OAuth application: the
 * one set with fc_auth_set_own_client (), else the one in the connection's stored token (when
 * signing in again), else the packaged application (fc_provider_resolve_client_id ()).
 *
 * A redirect whose state does not match ends the sign-in with STATE_MISMATCH (the browser is
 * told so): a stale tab or a forged request cannot make the flow accept a code, and the user
 * learns at once instead of waiting for the timeout. @timeout_seconds 0 means
 * FC_AUTH_DEFAULT_TIMEOUT_SECONDS. Cancelling gives CANCELLED. Whatever the outcome, nothing
 * keeps listening once the task completes.
 *
 * The result is not stored: the caller names the account, then fc_auth_store_token_async (). */
void        fc_auth_authorize_async                 (FcAuth               *self,
                                                     FcProvider            provider,
                                                     FcConnection         *connection,
                                                     FcAuthOpenUriFunc     open_uri,
                                                     gpointer              open_uri_data,
                                                     guint                 timeout_seconds,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
FcToken    *fc_auth_authorize_finish                (FcAuth               *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

/* The user's own OAuth application for @connection's next sign-in (NULLs: forget it). Kept in
 * memory only; the token from the sign-in carries it into the keyring. */
void        fc_auth_set_own_client                  (FcAuth               *self,
                                                     FcConnection         *connection,
                                                     const char           *client_id,
                                                     const char           *client_secret);

/* A static token (HubSpot private app token, Pipedrive personal API token) pasted by the user,
 * checked for shape (not empty, no spaces or control characters) and for a provider that has
 * such tokens (CONFIG otherwise). Store it with fc_auth_store_token_async (). */
FcToken    *fc_auth_make_static_token               (FcProvider            provider,
                                                     const char           *token,
                                                     GError              **error);

/* Stores @token for @connection in the keyring and makes it the one handed out. Sets the
 * connection's status to active when it was expired. */
void        fc_auth_store_token_async               (FcAuth               *self,
                                                     FcConnection         *connection,
                                                     FcToken              *token,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean    fc_auth_store_token_finish              (FcAuth               *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

/* A usable token for @connection, for connectors. Reads the keyring once and keeps the token
 * in memory; renews an OAuth token that expires within the refresh margin, or at once with
 * @force_refresh (a connector passes it once after a 401). A refresh that completed within the
 * last few seconds satisfies @force_refresh, so that requests failing together renew once.
 *
 * One refresh at a time per connection: callers arriving meanwhile wait for it. The new token
 * is stored in the keyring before anyone gets it. A refused grant (invalid_grant and the like),
 * or a forced refresh of a static token, marks the connection expired, emits
 * connection-expired and gives EXPIRED; an expired connection gives EXPIRED without asking the
 * provider. No token stored: NOT_CONNECTED. Cancelling one caller does not cancel a refresh
 * others wait for. */
void        fc_auth_get_token_async                 (FcAuth               *self,
                                                     FcConnection         *connection,
                                                     gboolean              force_refresh,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
/* For a request the provider refused with @refused_access_token: a new token, refreshed now
 * unless another caller already replaced that one. Finish with fc_auth_get_token_finish (). */
void        fc_auth_replace_token_async             (FcAuth               *self,
                                                     FcConnection         *connection,
                                                     const char           *refused_access_token,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
FcToken    *fc_auth_get_token_finish                (FcAuth               *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

/* For a connector that learns from an API answer that the grant is gone (Jobber's "User has
 * disconnected this app", a 401 on a static token): marks @connection expired, drops its
 * cached token and emits connection-expired. */
void        fc_auth_report_revoked                  (FcAuth               *self,
                                                     FcConnection         *connection);

/* Renews @connection's token ahead of its expiry from a timer on the main context, without a
 * caller; a token without an expiry (static, Salesforce) is renewed only on demand. */
void        fc_auth_watch_connection                (FcAuth               *self,
                                                     FcConnection         *connection);
void        fc_auth_unwatch_connection              (FcAuth               *self,
                                                     FcConnection         *connection);

/* Unwatches @connection, forgets its cached token and deletes its keyring item (when the
 * connection is removed). A refresh in flight is not stored. */
void        fc_auth_forget_connection_async         (FcAuth               *self,
                                                     FcConnection         *connection,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean    fc_auth_forget_connection_finish        (FcAuth               *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

G_END_DECLS
