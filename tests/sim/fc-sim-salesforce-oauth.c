/* fc-sim-salesforce-oauth.c: the login hosts (login.salesforce.com, test.salesforce.com and a
 * My Domain): the web server flow with PKCE, refresh, revoke and the identity URL
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-sim-salesforce"

#include "config.h"

#include <string.h>

#include "fc-sim-salesforce-private.h"
#include "fc-sim-soql.h"

#define DEFAULT_SCOPE "api refresh_token"

static const char * const login_mounts[] = {
  FC_SIM_SF_LOGIN_MOUNT, FC_SIM_SF_TEST_MOUNT, FC_SIM_SF_MYDOMAIN_MOUNT, NULL
};

static FcSimSalesforce *
get_sf (FcSimRequest *req)
{
  return req->provider->state;
}

/* base64 (HMAC-SHA256 (key = client secret, message = id URL + issued_at)) */
char *
_fc_sim_sf_signature (const char *client_secret,
                      const char *id_url,
                      const char *issued_at)
{
  g_autoptr (GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *) client_secret,
                                       strlen (client_secret));
  guint8 digest[32];
  gsize length = sizeof digest;

  g_hmac_update (hmac, (const guchar *) id_url, strlen (id_url));
  g_hmac_update (hmac, (const guchar *) issued_at, strlen (issued_at));
  g_hmac_get_digest (hmac, digest, &length);

  return g_base64_encode (digest, length);
}

char *
fc_sim_salesforce_sign (const char *client_secret,
                        const char *id_url,
                        const char *issued_at)
{
  g_return_val_if_fail (client_secret != NULL && id_url != NULL && issued_at != NULL, NULL);

  return _fc_sim_sf_signature (client_secret, id_url, issued_at);
}

static void
respond_oauth_error (FcSimRequest *req,
                     guint         status,
                     const char   *error,
                     const char   *description)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, error);
  json_builder_set_member_name (builder, "error_description");
  json_builder_add_string_value (builder, description);
  json_builder_end_object (builder);
  _fc_sim_respond_builder (req, status, builder);
}

/* Authorize: no login form; a valid request is answered at once with a 302 to redirect_uri */

static void
append_param (GString    *uri,
              const char *name,
              const char *value)
{
  if (value == NULL)
    return;

  g_string_append_c (uri, strchr (uri->str, '?') != NULL ? '&' : '?');
  g_string_append_uri_escaped (uri, name, NULL, FALSE);
  g_string_append_c (uri, '=');
  g_string_append_uri_escaped (uri, value, NULL, FALSE);
}

static void
redirect_error (FcSimRequest *req,
                const char   *redirect_uri,
                const char   *error,
                const char   *description,
                const char   *state)
{
  g_autoptr (GString) location = g_string_new (redirect_uri);

  append_param (location, "error", error);
  append_param (location, "error_description", description);
  append_param (location, "state", state);
  _fc_sim_respond_redirect (req, location->str);
}

static void
respond_error_page (FcSimRequest *req,
                    const char   *error,
                    const char   *description)
{
  g_autofree char *page = g_strdup_printf ("<!DOCTYPE html>\n<html><head><title>Error</title>"
                                           "</head><body><p>error=%s</p><p>error_description=%s"
                                           "</p></body></html>\n", error, description);

  _fc_sim_respond_text (req, 400, "text/html;charset=utf-8", page);
}

static void
handle_authorize (FcSimRequest *req)
{
  FcSimSalesforce *sf = get_sf (req);
  FcSimProvider *provider = req->provider;
  const char *client_id = _fc_sim_request_get_query (req, "client_id");
  const char *redirect_uri = _fc_sim_request_get_query (req, "redirect_uri");
  const char *state = _fc_sim_request_get_query (req, "state");
  const char *scope = _fc_sim_request_get_query (req, "scope");
  const char *response_type = _fc_sim_request_get_query (req, "response_type");
  const char *challenge = _fc_sim_request_get_query (req, "code_challenge");
  const char *method = _fc_sim_request_get_query (req, "code_challenge_method");
  g_autoptr (GUri) uri = NULL;
  g_autoptr (GString) location = NULL;
  FcSimCode *code;

  if (g_strcmp0 (client_id, provider->oauth.client_id) != 0)
    {
      respond_error_page (req, "invalid_client_id", "client identifier invalid");
      return;
    }
  if (redirect_uri != NULL)
    uri = g_uri_parse (redirect_uri, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0
                      && g_strcmp0 (g_uri_get_scheme (uri), "https") != 0))
    {
      respond_error_page (req, "redirect_uri_mismatch",
                          "redirect_uri must match configuration (an http or https URL)");
      return;
    }

  if (g_strcmp0 (response_type, "code") != 0)
    redirect_error (req, redirect_uri, "unsupported_response_type", "response type not supported",
                    state);
  else if (challenge != NULL && method != NULL && !g_str_equal (method, "S256"))
    redirect_error (req, redirect_uri, "invalid_request",
                    "invalid code_challenge_method: only S256 is supported", state);
  else if (provider->oauth.deny_authorize)
    redirect_error (req, redirect_uri, "access_denied", "end-user denied authorization", state);
  else
    {
      code = _fc_sim_oauth_issue_code (provider, client_id, redirect_uri,
                                       scope != NULL ? scope : DEFAULT_SCOPE, challenge,
                                       challenge != NULL ? "S256" : NULL);
      g_hash_table_replace (sf->code_hosts, g_strdup (code->value),
                            g_strdup (req->route->mount));
      location = g_string_new (redirect_uri);
      append_param (location, "code", code->value);
      append_param (location, "state", state);
      _fc_sim_respond_redirect (req, location->str);
    }
}

/* Token */

static gboolean
scope_has (const char *scope,
           const char *name)
{
  g_auto (GStrv) scopes = g_strsplit_set (scope != NULL ? scope : "", " +,", -1);

  return g_strv_contains ((const char * const *) scopes, name);
}

static void
respond_tokens (FcSimRequest *req,
                FcSimToken   *access,
                FcSimToken   *refresh)
{
  FcSimSalesforce *sf = get_sf (req);
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autofree char *id_url = g_strdup_printf ("%s/%s/id/%s/%s", req->sim->base_url,
                                             req->route->mount, sf->org_id, sf->user_id);
  g_autofree char *instance = g_strdup_printf ("%s/%s", req->sim->base_url,
                                               FC_SIM_SF_INSTANCE_MOUNT);
  g_autofree char *issued_at = g_strdup_printf ("%" G_GINT64_FORMAT, access->issued_ms);
  g_autofree char *signature = _fc_sim_sf_signature (req->provider->oauth.client_secret, id_url,
                                                     issued_at);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "access_token");
  json_builder_add_string_value (builder, access->value);
  if (refresh != NULL)
    {
      json_builder_set_member_name (builder, "refresh_token");
      json_builder_add_string_value (builder, refresh->value);
    }
  json_builder_set_member_name (builder, "signature");
  json_builder_add_string_value (builder, signature);
  json_builder_set_member_name (builder, "scope");
  json_builder_add_string_value (builder, access->scope);
  json_builder_set_member_name (builder, "instance_url");
  json_builder_add_string_value (builder, instance);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id_url);
  json_builder_set_member_name (builder, "token_type");
  json_builder_add_string_value (builder, "Bearer");
  json_builder_set_member_name (builder, "issued_at");
  json_builder_add_string_value (builder, issued_at);
  json_builder_end_object (builder);
  _fc_sim_respond_builder (req, 200, builder);
}

static FcSimToken *
issue_access (FcSimRequest *req,
              const char   *client_id,
              const char   *scope,
              const char   *parent)
{
  FcSimSalesforce *sf = get_sf (req);
  g_autofree char *org15 = g_strndup (sf->org_id, 15);
  g_autofree char *random = _fc_sim_random_token (req->sim, "AQ", 94);
  g_autofree char *value = g_strconcat (org15, "!", random, NULL);

  return _fc_sim_oauth_issue (req->provider, FC_SIM_TOKEN_ACCESS, value, client_id, scope,
                              req->provider->oauth.access_lifetime_s, parent);
}

/* client_secret may be left out only when the flow used PKCE; when sent it must be right. */
static gboolean
check_secret (FcSimRequest *req,
              GHashTable   *form,
              gboolean      optional)
{
  const char *secret = g_hash_table_lookup (form, "client_secret");

  if ((secret == NULL && optional)
      || g_strcmp0 (secret, req->provider->oauth.client_secret) == 0)
    return TRUE;

  respond_oauth_error (req, 400, "invalid_client", "invalid client credentials");
  return FALSE;
}

static void
grant_code (FcSimRequest *req,
            GHashTable   *form)
{
  FcSimSalesforce *sf = get_sf (req);
  const char *value = g_hash_table_lookup (form, "code");
  const char *verifier = g_hash_table_lookup (form, "code_verifier");
  FcSimCode *code = value != NULL ? g_hash_table_lookup (req->sim->codes, value) : NULL;
  const char *host = value != NULL ? g_hash_table_lookup (sf->code_hosts, value) : NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *scope = NULL;
  g_autofree char *client_id = NULL;
  FcSimToken *refresh = NULL;

  if (g_strcmp0 (g_hash_table_lookup (form, "client_id"), req->provider->oauth.client_id) != 0)
    {
      respond_oauth_error (req, 400, "invalid_client_id", "client identifier invalid");
      return;
    }
  /* A code works only on the login host that issued it */
  if (code == NULL || code->provider != req->provider || g_strcmp0 (host, req->route->mount) != 0)
    {
      respond_oauth_error (req, 400, "invalid_grant", "invalid authorization code");
      return;
    }
  if (!check_secret (req, form, code->challenge != NULL))
    return;

  code = _fc_sim_oauth_redeem_code (req->provider, value,
                                    g_hash_table_lookup (form, "redirect_uri"), verifier, &error);
  if (code == NULL)
    {
      if (g_error_matches (error, FC_SIM_ERROR, FC_SIM_ERROR_CONFLICT))
        respond_oauth_error (req, 400, "redirect_uri_mismatch",
                             "redirect_uri must match configuration");
      else if (g_error_matches (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID))
        respond_oauth_error (req, 400, verifier == NULL ? "invalid_grant" : "invalid_request",
                             "invalid code verifier");
      else
        respond_oauth_error (req, 400, "invalid_grant",
                             strstr (error->message, "expired") != NULL
                             ? "expired authorization code" : "invalid authorization code");
      return;
    }

  g_hash_table_remove (sf->code_hosts, value);
  scope = g_strdup (code->scope);
  client_id = g_strdup (code->client_id);
  if (scope_has (scope, "refresh_token") || scope_has (scope, "offline_access"))
    {
      g_autofree char *random = _fc_sim_random_token (req->sim, "5Aep861", 80);

      refresh = _fc_sim_oauth_issue (req->provider, FC_SIM_TOKEN_REFRESH, random, client_id,
                                     scope, 0, NULL);
    }

  respond_tokens (req, issue_access (req, client_id, scope,
                                     refresh != NULL ? refresh->value : NULL),
                  refresh);
}

/* Refreshing returns a new access token and no refresh token. */
static void
grant_refresh (FcSimRequest *req,
               GHashTable   *form)
{
  FcSimToken *refresh = NULL;
  const char *value = g_hash_table_lookup (form, "refresh_token");
  g_autofree char *scope = NULL;
  g_autofree char *client_id = NULL;

  if (g_strcmp0 (g_hash_table_lookup (form, "client_id"), req->provider->oauth.client_id) != 0)
    {
      respond_oauth_error (req, 400, "invalid_client_id", "client identifier invalid");
      return;
    }
  if (!check_secret (req, form, TRUE))
    return;
  if (_fc_sim_oauth_check (req->provider, value, FC_SIM_TOKEN_REFRESH, &refresh)
      != FC_SIM_TOKEN_VALID)
    {
      respond_oauth_error (req, 400, "invalid_grant", "expired access/refresh token");
      return;
    }

  scope = g_strdup (refresh->scope);
  client_id = g_strdup (refresh->client_id);
  respond_tokens (req, issue_access (req, client_id, scope, refresh->value), NULL);
}

static void
handle_token (FcSimRequest *req)
{
  g_autoptr (GHashTable) form = _fc_sim_request_get_form (req);
  const char *grant = g_hash_table_lookup (form, "grant_type");

  if (g_strcmp0 (grant, "authorization_code") == 0)
    grant_code (req, form);
  else if (g_strcmp0 (grant, "refresh_token") == 0)
    grant_refresh (req, form);
  else
    respond_oauth_error (req, 400, "unsupported_grant_type", "grant type not supported");
}

/* Revoke: an access token ends its session, a refresh token also its sessions */
static void
handle_revoke (FcSimRequest *req)
{
  g_autoptr (GHashTable) form = _fc_sim_request_get_form (req);
  const char *value = g_hash_table_lookup (form, "token");
  FcSimToken *token;

  if (value == NULL)
    value = _fc_sim_request_get_query (req, "token");
  token = _fc_sim_oauth_lookup (req->sim, value);
  if (token == NULL || token->provider != req->provider || token->revoked)
    {
      respond_oauth_error (req, 400, "invalid_token", "invalid token");
      return;
    }

  _fc_sim_oauth_revoke (req->sim, token->value);
  _fc_sim_respond_empty (req, 200);
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_urls (JsonBuilder     *builder,
          FcSimRequest    *req,
          FcSimSalesforce *sf)
{
  g_autofree char *instance = g_strdup_printf ("%s/%s", req->sim->base_url,
                                               FC_SIM_SF_INSTANCE_MOUNT);
  g_autofree char *org15 = g_strndup (sf->org_id, 15);
  g_autofree char *rest = g_strconcat (instance, "/services/data/v{version}/", NULL);
  g_autofree char *sobjects = g_strconcat (rest, "sobjects/", NULL);
  g_autofree char *query = g_strconcat (rest, "query/", NULL);
  g_autofree char *enterprise = g_strconcat (instance, "/services/Soap/c/{version}/", org15,
                                             NULL);
  g_autofree char *partner = g_strconcat (instance, "/services/Soap/u/{version}/", org15, NULL);
  g_autofree char *profile = g_strconcat (instance, "/", sf->user_id, NULL);
  g_autofree char *domain = g_strdup_printf ("%s/%s", req->sim->base_url,
                                             FC_SIM_SF_MYDOMAIN_MOUNT);

  json_builder_set_member_name (builder, "urls");
  json_builder_begin_object (builder);
  add_string (builder, "enterprise", enterprise);
  add_string (builder, "partner", partner);
  add_string (builder, "rest", rest);
  add_string (builder, "sobjects", sobjects);
  add_string (builder, "query", query);
  add_string (builder, "profile", profile);
  add_string (builder, "custom_domain", domain);
  json_builder_end_object (builder);
}

static void
handle_identity (FcSimRequest *req)
{
  FcSimSalesforce *sf = get_sf (req);
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autofree char *org = _fc_sim_soql_normalize_id (_fc_sim_request_get_param (req, "org"));
  g_autofree char *user = _fc_sim_soql_normalize_id (_fc_sim_request_get_param (req, "user"));
  g_autofree char *id_url = g_strdup_printf ("%s/%s/id/%s/%s", req->sim->base_url,
                                             req->route->mount, sf->org_id, sf->user_id);
  g_autofree char *modified = _fc_sim_sf_format_datetime (sf->schema_base_ms
                                                          - sf->schema_base_ms % 1000);

  if (g_strcmp0 (org, sf->org_id) != 0 || g_strcmp0 (user, sf->user_id) != 0)
    {
      respond_oauth_error (req, 404, "invalid_request", "Bad_Id");
      return;
    }

  json_builder_begin_object (builder);
  add_string (builder, "id", id_url);
  json_builder_set_member_name (builder, "asserted_user");
  json_builder_add_boolean_value (builder, TRUE);
  add_string (builder, "user_id", sf->user_id);
  add_string (builder, "organization_id", sf->org_id);
  add_string (builder, "username", sf->username);
  add_string (builder, "nick_name", "admin");
  add_string (builder, "display_name", "Simulated Admin");
  add_string (builder, "email", sf->username);
  json_builder_set_member_name (builder, "email_verified");
  json_builder_add_boolean_value (builder, TRUE);
  add_string (builder, "first_name", "Simulated");
  add_string (builder, "last_name", "Admin");
  add_string (builder, "timezone", "UTC");
  json_builder_set_member_name (builder, "active");
  json_builder_add_boolean_value (builder, TRUE);
  add_string (builder, "user_type", "STANDARD");
  add_string (builder, "language", "en_US");
  add_string (builder, "locale", "en_US");
  json_builder_set_member_name (builder, "utcOffset");
  json_builder_add_int_value (builder, 0);
  add_string (builder, "last_modified_date", modified);
  json_builder_set_member_name (builder, "is_app_installed");
  json_builder_add_boolean_value (builder, TRUE);
  add_urls (builder, req, sf);
  json_builder_end_object (builder);
  _fc_sim_respond_builder (req, 200, builder);
}

void
_fc_sim_sf_register_oauth_routes (FcSimSalesforce *sf)
{
  FcSim *sim = sf->provider->sim;

  for (guint i = 0; login_mounts[i] != NULL; i++)
    {
      const char *mount = login_mounts[i];

      _fc_sim_add_route (sim, sf->provider, mount, "GET", "/services/oauth2/authorize", NULL,
                         FC_SIM_ROUTE_PUBLIC, 0, handle_authorize, NULL);
      _fc_sim_add_route (sim, sf->provider, mount, "POST", "/services/oauth2/token", NULL,
                         FC_SIM_ROUTE_FAULTS, 0, handle_token, NULL);
      _fc_sim_add_route (sim, sf->provider, mount, "POST", "/services/oauth2/revoke", NULL,
                         FC_SIM_ROUTE_FAULTS, 0, handle_revoke, NULL);
      _fc_sim_add_route (sim, sf->provider, mount, "GET", "/services/oauth2/revoke", NULL,
                         FC_SIM_ROUTE_FAULTS, 0, handle_revoke, NULL);
      _fc_sim_add_route (sim, sf->provider, mount, "GET", "/id/{org}/{user}", "/id/{org}/{user}",
                         FC_SIM_ROUTE_AUTH | FC_SIM_ROUTE_FAULTS, 0, handle_identity, NULL);
    }
}
