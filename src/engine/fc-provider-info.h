/* fc-provider-info.h: fixed facts about each provider (addresses, OAuth style, token kinds)
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "fc-connection.h"
#include "fc-types.h"

G_BEGIN_DECLS

/* How the client proves its identity to the token endpoint. */
typedef enum {
  FC_CLIENT_AUTH_FORM,  /* client_id and client_secret as fields of the form body */
  FC_CLIENT_AUTH_BASIC, /* Authorization: Basic base64(client_id:client_secret) */
} FcClientAuth;

typedef struct {
  FcProvider    provider;
  const char   *name;                  /* "hubspot": the enum nick and keyring attribute */
  const char   *env_name;              /* "HUBSPOT": FLUXCASCADE_<env_name>_API_URL, ... */
  const char   *display_name;          /* "HubSpot" (a brand: not translated) */

  const char   *default_api_url;       /* no trailing slash */
  const char   *default_auth_url;      /* the host of the consent page, no trailing slash */
  const char   *authorize_path;        /* appended to the auth base */
  const char   *token_path;            /* appended to the auth base, or the API base below */
  gboolean      token_on_api_base;     /* HubSpot: the token endpoint is on the API host */

  gboolean      uses_pkce;             /* send an S256 code challenge and the verifier */
  FcClientAuth  client_auth;
  const char   *default_scopes;        /* space-separated; NULL: scopes fixed in the app's
                                        * settings at the provider, none sent */
  gboolean      expiry_from_jwt;       /* the access token is a JWT whose "exp" gives its
                                        * expiry (Jobber) */
  gboolean      signs_identity;        /* the token response carries id, issued_at and an
                                        * HMAC signature over them (Salesforce) */
  const char   *api_base_field;        /* token response field naming the account's API host:
                                        * "api_domain", "instance_url", or NULL */

  gboolean      supports_static_token; /* a user-made token (HubSpot private app token,
                                        * Pipedrive personal API token) can stand in for OAuth */
  const char   *static_token_header;   /* the header that carries it: "Authorization" (as
                                        * "Bearer <token>") or "x-api-token"; NULL when none */
  const char   *static_token_label;    /* untranslated (mark with N_ at the definition): what
                                        * the provider calls it, e.g. "Private app access token" */
} FcProviderInfo;

/* The entry of @provider; never NULL for a member of FcProvider. */
const FcProviderInfo *fc_provider_info_get             (FcProvider     provider);

/* By name ("pipedrive"); NULL for an unknown name. */
const FcProviderInfo *fc_provider_info_lookup          (const char    *name);

/* Base URLs without a trailing slash. Order: @connection's override (when @connection is not
 * NULL and has one), else the environment variable FLUXCASCADE_<PROVIDER>_API_URL or
 * FLUXCASCADE_<PROVIDER>_AUTH_URL when set and not empty, else the provider's default. */
char                 *fc_provider_resolve_api_url       (FcProvider     provider,
                                                         FcConnection  *connection);
char                 *fc_provider_resolve_auth_url      (FcProvider     provider,
                                                         FcConnection  *connection);

/* The base the connector talks to once it holds a token: @connection's override, else the
 * environment variable, else @account_api_url (the token's api_domain or instance_url, see
 * fc_token_get_account_api_url (); may be NULL), else the default. */
char                 *fc_provider_resolve_account_api_url (FcProvider    provider,
                                                           FcConnection *connection,
                                                           const char   *account_api_url);

/* Full endpoint URLs built from the resolved bases above. */
char                 *fc_provider_resolve_authorize_url (FcProvider     provider,
                                                         FcConnection  *connection);
char                 *fc_provider_resolve_token_url     (FcProvider     provider,
                                                         FcConnection  *connection);

/* The packaged OAuth application: FLUXCASCADE_<PROVIDER>_CLIENT_ID / _CLIENT_SECRET when set
 * and not empty, else the value the build was configured with (meson options
 * <provider>_client_id / <provider>_client_secret). NULL when neither is set. Credentials a
 * user brings for one connection travel in its FcToken instead. */
char                 *fc_provider_resolve_client_id     (FcProvider     provider);
char                 *fc_provider_resolve_client_secret (FcProvider     provider);

G_END_DECLS
