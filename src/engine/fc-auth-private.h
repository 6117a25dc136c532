/* fc-auth-private.h: what the parts of FcAuth share, and what the tests reach directly
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "fc-auth.h"

G_BEGIN_DECLS

struct _FcAuth
{
  GObject      parent_instance;

  FcSecrets   *secrets;
  SoupSession *session;
  GHashTable  *entries;          /* connection id -> per-connection state (fc-auth-cache.c) */
  guint        refresh_margin;
};

/* fc-auth.c */

void         _fc_auth_emit_connection_expired   (FcAuth               *self,
                                                 FcConnection         *connection);
void         _fc_auth_emit_connection_refreshed (FcAuth               *self,
                                                 FcConnection         *connection);

/* The OAuth application a request goes out with. */
typedef struct {
  char     *id;
  char     *secret;
  gboolean  own;    /* the user's own application, to be kept with the token */
} FcAuthClient;

void         _fc_auth_client_clear             (FcAuthClient          *client);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FcAuthClient, _fc_auth_client_clear)

/* The user's own application when @own_id is set, else the packaged one; CONFIG naming the
 * meson option and environment variable when there is none. */
gboolean     _fc_auth_client_resolve           (FcAuthClient          *client,
                                                FcProvider             provider,
                                                const char            *own_id,
                                                const char            *own_secret,
                                                GError               **error);

SoupSession *_fc_auth_get_session              (FcAuth                *self);
/* The client set with fc_auth_set_own_client () for @connection; FALSE when none. */
gboolean     _fc_auth_get_own_client           (FcAuth                *self,
                                                FcConnection          *connection,
                                                const char           **client_id,
                                                const char           **client_secret);

/* An FC_AUTH_ERROR carrying what the provider said (each may be NULL / 0). */
GError      *_fc_auth_error_new                (FcAuthError            code,
                                                const char            *provider_error,
                                                const char            *provider_description,
                                                guint                  http_status,
                                                const char            *format,
                                                ...) G_GNUC_PRINTF (5, 6);

/* The same error under another code, keeping the message and what the provider said. */
GError      *_fc_auth_error_recode             (const GError          *error,
                                                FcAuthError            code);

/* fc-auth-cache.c */

GHashTable  *_fc_auth_cache_new                (void);
void         _fc_auth_cache_stop_timers        (FcAuth                *self);
/* Re-arms the running refresh timers (after the margin changed). */
void         _fc_auth_cache_reschedule         (FcAuth                *self);

/* fc-auth-token.c: the token endpoint */

/* @n_bytes from /dev/urandom, base64url without padding. */
char        *_fc_auth_random_string            (gsize                  n_bytes,
                                                GError               **error);
/* base64url (no padding) of SHA-256 (@verifier): the S256 challenge of RFC 7636. */
char        *_fc_auth_compute_pkce_challenge   (const char            *verifier);
/* Salesforce: @signature == base64 (HMAC-SHA256 (@client_secret, @identity_url + @issued_at)),
 * compared in constant time. */
gboolean     _fc_auth_verify_identity_signature (const char           *client_secret,
                                                 const char           *identity_url,
                                                 const char           *issued_at,
                                                 const char           *signature);
/* The "exp" claim of a JWT's payload (not verified: only the expiry is read). */
gboolean     _fc_auth_parse_jwt_expiry         (const char            *jwt,
                                                gint64                *out_expires_at);

/* fc-auth-flow.c: reads the query of the loopback redirect (already form-decoded): TRUE with
 * the authorization code in @out_code, else STATE_MISMATCH (unless @expected_state came back),
 * DENIED, PROVIDER (the provider's error kept) or BAD_RESPONSE (neither code nor error).
 * @query may be NULL. */
gboolean     _fc_auth_read_redirect            (const char            *display_name,
                                                const char            *expected_state,
                                                GHashTable            *query,
                                                char                 **out_code,
                                                GError               **error);

/* Whether @error says the grant itself is gone (invalid_grant and the provider's own names for
 * it), as opposed to a fault of the request or of the client. */
gboolean     _fc_auth_error_is_dead_grant      (const GError          *error);

/* Parses the answer of a token endpoint. Missing fields are taken from @previous (a refresh
 * keeps the refresh token, account address and own client when the answer has none).
 * @secrets are the values sent in the request, blanked out of any message built from the
 * answer. Statuses 5xx and 429 give NETWORK (try later); other errors PROVIDER with the
 * provider's error kept; a 2xx answer that is not a token is BAD_RESPONSE. */
FcToken     *_fc_auth_parse_token_response     (const FcProviderInfo  *info,
                                                guint                  status,
                                                GBytes                *body,
                                                const FcAuthClient    *client,
                                                FcToken               *previous,
                                                gboolean               require_signature,
                                                const char * const    *secrets,
                                                GError               **error);

/* POSTs @fields (name, value, ..., NULL) with the client authentication of @info to the token
 * endpoint of @connection (nullable) and parses the answer as above. */
void         _fc_auth_request_token_async      (SoupSession           *session,
                                                FcProvider             provider,
                                                FcConnection          *connection,
                                                const FcAuthClient    *client,
                                                FcToken               *previous,
                                                gboolean               code_exchange,
                                                const char * const    *fields,
                                                GCancellable          *cancellable,
                                                GAsyncReadyCallback    callback,
                                                gpointer               user_data);
FcToken     *_fc_auth_request_token_finish     (GAsyncResult          *result,
                                                GError               **error);

G_END_DECLS
