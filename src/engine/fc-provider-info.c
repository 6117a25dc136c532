/* fc-provider-info.c: fixed facts about each provider (addresses, OAuth style, token kinds)
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-provider-info"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-provider-info.h"

/* Indexed by FcProvider. Sources: provider-apis.md sections 1.10, 2.1/2.7, 3.2 and 4.1. */
static const FcProviderInfo provider_infos[] = {
  [FC_PROVIDER_HUBSPOT] = {
    .provider = FC_PROVIDER_HUBSPOT,
    .name = "hubspot",
    .env_name = "HUBSPOT",
    .display_name = "HubSpot",
    .default_api_url = "https://api.hubapi.com",
    .default_auth_url = "https://app.hubspot.com",
    .authorize_path = "/oauth/authorize",
    .token_path = "/oauth/v1/token",
    .token_on_api_base = TRUE,
    .uses_pkce = TRUE,
    .client_auth = FC_CLIENT_AUTH_FORM,
    .default_scopes = "oauth"
                      " crm.objects.contacts.read crm.objects.contacts.write"
                      " crm.objects.companies.read crm.objects.companies.write"
                      " crm.objects.deals.read crm.objects.deals.write"
                      " crm.schemas.contacts.read crm.schemas.companies.read"
                      " crm.schemas.deals.read",
    .expiry_from_jwt = FALSE,
    .signs_identity = FALSE,
    .api_base_field = NULL,
    .supports_static_token = TRUE,
    .static_token_header = "Authorization",
    .static_token_label = N_("Private app access token"),
  },
  [FC_PROVIDER_JOBBER] = {
    .provider = FC_PROVIDER_JOBBER,
    .name = "jobber",
    .env_name = "JOBBER",
    .display_name = "Jobber",
    .default_api_url = "https://api.getjobber.com",
    .default_auth_url = "https://api.getjobber.com",
    .authorize_path = "/api/oauth/authorize",
    .token_path = "/api/oauth/token",
    .token_on_api_base = FALSE,
    .uses_pkce = FALSE,
    .client_auth = FC_CLIENT_AUTH_FORM,
    .default_scopes = NULL,
    .expiry_from_jwt = TRUE,
    .signs_identity = FALSE,
    .api_base_field = NULL,
    .supports_static_token = FALSE,
    .static_token_header = NULL,
    .static_token_label = NULL,
  },
  [FC_PROVIDER_PIPEDRIVE] = {
    .provider = FC_PROVIDER_PIPEDRIVE,
    .name = "pipedrive",
    .env_name = "PIPEDRIVE",
    .display_name = "Pipedrive",
    .default_api_url = "https://api.pipedrive.com",
    .default_auth_url = "https://oauth.pipedrive.com",
    .authorize_path = "/oauth/authorize",
    .token_path = "/oauth/token",
    .token_on_api_base = FALSE,
    .uses_pkce = FALSE,
    .client_auth = FC_CLIENT_AUTH_BASIC,
    .default_scopes = NULL,
    .expiry_from_jwt = FALSE,
    .signs_identity = FALSE,
    .api_base_field = "api_domain",
    .supports_static_token = TRUE,
    .static_token_header = "x-api-token",
    .static_token_label = N_("Personal API token"),
  },
  [FC_PROVIDER_SALESFORCE] = {
    .provider = FC_PROVIDER_SALESFORCE,
    .name = "salesforce",
    .env_name = "SALESFORCE",
    .display_name = "Salesforce",
    .default_api_url = "https://login.salesforce.com",
    .default_auth_url = "https://login.salesforce.com",
    .authorize_path = "/services/oauth2/authorize",
    .token_path = "/services/oauth2/token",
    .token_on_api_base = FALSE,
    .uses_pkce = TRUE,
    .client_auth = FC_CLIENT_AUTH_FORM,
    .default_scopes = "api refresh_token",
    .expiry_from_jwt = FALSE,
    .signs_identity = TRUE,
    .api_base_field = "instance_url",
    .supports_static_token = FALSE,
    .static_token_header = NULL,
    .static_token_label = NULL,
  },
};

const FcProviderInfo *
fc_provider_info_get (FcProvider provider)
{
  g_return_val_if_fail ((guint) provider < G_N_ELEMENTS (provider_infos), NULL);

  return &provider_infos[provider];
}

const FcProviderInfo *
fc_provider_info_lookup (const char *name)
{
  if (name == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (provider_infos); i++)
    if (g_str_equal (provider_infos[i].name, name))
      return &provider_infos[i];

  return NULL;
}

/* The value of FLUXCASCADE_<PROVIDER>_<suffix>, or NULL when unset or empty. */
static const char *
get_provider_env (const FcProviderInfo *info,
                  const char           *suffix)
{
  g_autofree char *name = g_strdup_printf ("FLUXCASCADE_%s_%s", info->env_name, suffix);
  const char *value = g_getenv (name);

  return value != NULL && *value != '\0' ? value : NULL;
}

static char *
strip_trailing_slashes (const char *url)
{
  char *copy = g_strdup (url);
  gsize len = strlen (copy);

  while (len > 0 && copy[len - 1] == '/')
    copy[--len] = '\0';

  return copy;
}

static char *
resolve_base (const FcProviderInfo *info,
              const char           *override,
              const char           *env_suffix,
              const char           *fallback)
{
  const char *env;

  if (override != NULL && *override != '\0')
    return strip_trailing_slashes (override);

  env = get_provider_env (info, env_suffix);
  if (env != NULL)
    return strip_trailing_slashes (env);

  return strip_trailing_slashes (fallback);
}

char *
fc_provider_resolve_api_url (FcProvider    provider,
                             FcConnection *connection)
{
  const FcProviderInfo *info = fc_provider_info_get (provider);

  g_return_val_if_fail (info != NULL, NULL);
  g_return_val_if_fail (connection == NULL || FC_IS_CONNECTION (connection), NULL);

  return resolve_base (info,
                       connection != NULL ? fc_connection_get_api_base_url (connection) : NULL,
                       "API_URL", info->default_api_url);
}

char *
fc_provider_resolve_auth_url (FcProvider    provider,
                              FcConnection *connection)
{
  const FcProviderInfo *info = fc_provider_info_get (provider);

  g_return_val_if_fail (info != NULL, NULL);
  g_return_val_if_fail (connection == NULL || FC_IS_CONNECTION (connection), NULL);

  return resolve_base (info,
                       connection != NULL ? fc_connection_get_auth_base_url (connection) : NULL,
                       "AUTH_URL", info->default_auth_url);
}

char *
fc_provider_resolve_account_api_url (FcProvider    provider,
                                     FcConnection *connection,
                                     const char   *account_api_url)
{
  const FcProviderInfo *info = fc_provider_info_get (provider);
  const char *fallback;

  g_return_val_if_fail (info != NULL, NULL);
  g_return_val_if_fail (connection == NULL || FC_IS_CONNECTION (connection), NULL);

  fallback = account_api_url != NULL && *account_api_url != '\0'
             ? account_api_url : info->default_api_url;

  return resolve_base (info,
                       connection != NULL ? fc_connection_get_api_base_url (connection) : NULL,
                       "API_URL", fallback);
}

char *
fc_provider_resolve_authorize_url (FcProvider    provider,
                                   FcConnection *connection)
{
  const FcProviderInfo *info = fc_provider_info_get (provider);
  g_autofree char *base = NULL;

  g_return_val_if_fail (info != NULL, NULL);

  base = fc_provider_resolve_auth_url (provider, connection);
  return g_strconcat (base, info->authorize_path, NULL);
}

char *
fc_provider_resolve_token_url (FcProvider    provider,
                               FcConnection *connection)
{
  const FcProviderInfo *info = fc_provider_info_get (provider);
  g_autofree char *base = NULL;

  g_return_val_if_fail (info != NULL, NULL);

  if (info->token_on_api_base)
    base = fc_provider_resolve_api_url (provider, connection);
  else
    base = fc_provider_resolve_auth_url (provider, connection);

  return g_strconcat (base, info->token_path, NULL);
}

/* The credentials the build was configured with; "" when the option was left empty. */
static const char *
get_packaged_client (FcProvider provider,
                     gboolean   secret)
{
  switch (provider)
    {
    case FC_PROVIDER_HUBSPOT:
      return secret ? FC_OAUTH_CLIENT_SECRET_HUBSPOT : FC_OAUTH_CLIENT_ID_HUBSPOT;
    case FC_PROVIDER_JOBBER:
      return secret ? FC_OAUTH_CLIENT_SECRET_JOBBER : FC_OAUTH_CLIENT_ID_JOBBER;
    case FC_PROVIDER_PIPEDRIVE:
      return secret ? FC_OAUTH_CLIENT_SECRET_PIPEDRIVE : FC_OAUTH_CLIENT_ID_PIPEDRIVE;
    case FC_PROVIDER_SALESFORCE:
      return secret ? FC_OAUTH_CLIENT_SECRET_SALESFORCE : FC_OAUTH_CLIENT_ID_SALESFORCE;
    default:
      return "";
    }
}

static char *
resolve_client (FcProvider provider,
                gboolean   secret)
{
  const FcProviderInfo *info = fc_provider_info_get (provider);
  const char *value;

  g_return_val_if_fail (info != NULL, NULL);

  value = get_provider_env (info, secret ? "CLIENT_SECRET" : "CLIENT_ID");
  if (value == NULL)
    value = get_packaged_client (provider, secret);

  return *value != '\0' ? g_strdup (value) : NULL;
}

char *
fc_provider_resolve_client_id (FcProvider provider)
{
  return resolve_client (provider, FALSE);
}

char *
fc_provider_resolve_client_secret (FcProvider provider)
{
  return resolve_client (provider, TRUE);
}
