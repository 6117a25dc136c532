/* fc-sim-hubspot-oauth.c: HubSpot's OAuth: the authorize page, the v1 token endpoint, token
 * information and revocation
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-sim-hubspot"

#include "config.h"

#include <string.h>

#include "fc-sim-hubspot-private.h"

static FcSimHubSpot *
get_hs (FcSimRequest *req)
{
  return req->provider->state;
}

static void
respond_oauth_error (FcSimRequest *req,
                     const char   *status,
                     const char   *message)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autofree char *correlation = _fc_sim_random_uuid (req->sim);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, status);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_set_member_name (builder, "correlationId");
  json_builder_add_string_value (builder, correlation);
  json_builder_end_object (builder);
  _fc_sim_respond_builder (req, 400, builder);
}

static void
add_scopes (JsonBuilder *builder,
            const char  *scope)
{
  g_auto (GStrv) scopes = g_strsplit_set (scope != NULL ? scope : "", " ,", -1);

  json_builder_begin_array (builder);
  for (guint i = 0; scopes[i] != NULL; i++)
    {
      if (scopes[i][0] != '\0')
        json_builder_add_string_value (builder, scopes[i]);
    }
  json_builder_end_array (builder);
}

static void
respond_tokens (FcSimRequest *req,
                FcSimToken   *access,
                FcSimToken   *refresh)
{
  FcSimHubSpot *hs = get_hs (req);
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "token_type");
  json_builder_add_string_value (builder, "bearer");
  json_builder_set_member_name (builder, "refresh_token");
  json_builder_add_string_value (builder, refresh->value);
  json_builder_set_member_name (builder, "access_token");
  json_builder_add_string_value (builder, access->value);
  json_builder_set_member_name (builder, "expires_in");
  json_builder_add_int_value (builder, req->provider->oauth.access_lifetime_s);
  json_builder_set_member_name (builder, "hub_id");
  json_builder_add_int_value (builder, hs->portal_id);
  json_builder_set_member_name (builder, "user_id");
  json_builder_add_int_value (builder, hs->user_id);
  json_builder_set_member_name (builder, "scopes");
  add_scopes (builder, access->scope);
  json_builder_end_object (builder);
  _fc_sim_respond_builder (req, 200, builder);
}

static FcSimToken *
issue_access (FcSimRequest *req,
              const char   *client_id,
              const char   *scope,
              const char   *refresh)
{
  g_autofree char *value = _fc_sim_random_token (req->sim, "CJ", 150);

  return _fc_sim_oauth_issue (req->provider, FC_SIM_TOKEN_ACCESS, value, client_id, scope,
                              req->provider->oauth.access_lifetime_s, refresh);
}

static void
grant_code (FcSimRequest *req,
            GHashTable   *form)
{
  g_autoptr (GError) error = NULL;
  FcSimCode *code;
  FcSimToken *refresh;
  g_autofree char *refresh_value = NULL;

  code = _fc_sim_oauth_redeem_code (req->provider, g_hash_table_lookup (form, "code"),
                                    g_hash_table_lookup (form, "redirect_uri"),
                                    g_hash_table_lookup (form, "code_verifier"), &error);
  if (code == NULL)
    {
      if (error->code == FC_SIM_ERROR_CONFLICT)
        respond_oauth_error (req, "BAD_REDIRECT_URI", error->message);
      else
        respond_oauth_error (req, "BAD_AUTH_CODE",
                             error->code == FC_SIM_ERROR_NOT_FOUND ? "missing or unknown auth code"
                                                                   : error->message);
      return;
    }

  refresh_value = _fc_sim_random_uuid (req->sim);
  refresh = _fc_sim_oauth_issue (req->provider, FC_SIM_TOKEN_REFRESH, refresh_value,
                                 code->client_id, code->scope, 0, NULL);
  respond_tokens (req, issue_access (req, code->client_id, code->scope, refresh->value), refresh);
}

static void
grant_refresh (FcSimRequest *req,
               GHashTable   *form)
{
  FcSimToken *refresh = NULL;
  const char *value = g_hash_table_lookup (form, "refresh_token");

  if (_fc_sim_oauth_check (req->provider, value, FC_SIM_TOKEN_REFRESH, &refresh)
      != FC_SIM_TOKEN_VALID)
    {
      respond_oauth_error (req, "BAD_REFRESH_TOKEN", "missing or unknown refresh token");
      return;
    }

  if (req->provider->oauth.rotate_refresh_tokens)
    {
      g_autofree char *fresh = _fc_sim_random_uuid (req->sim);
      g_autofree char *scope = g_strdup (refresh->scope);
      g_autofree char *client_id = g_strdup (refresh->client_id);

      _fc_sim_oauth_revoke (req->sim, refresh->value);
      refresh = _fc_sim_oauth_issue (req->provider, FC_SIM_TOKEN_REFRESH, fresh, client_id, scope,
                                     0, NULL);
    }

  respond_tokens (req, issue_access (req, refresh->client_id, refresh->scope, refresh->value),
                  refresh);
}

static void
handle_token (FcSimRequest *req)
{
  const char *content_type = _fc_sim_request_get_header (req, "Content-Type");
  g_autoptr (GHashTable) form = NULL;
  const char *grant;

  if (content_type == NULL
      || !g_str_has_prefix (content_type, "application/x-www-form-urlencoded"))
    {
      respond_oauth_error (req, "BAD_REQUEST",
                           "The body must be application/x-www-form-urlencoded");
      return;
    }

  form = _fc_sim_request_get_form (req);
  grant = g_hash_table_lookup (form, "grant_type");
  if (g_strcmp0 (g_hash_table_lookup (form, "client_id"), req->provider->oauth.client_id) != 0)
    respond_oauth_error (req, "BAD_CLIENT_ID", "missing or unknown client id");
  else if (g_strcmp0 (g_hash_table_lookup (form, "client_secret"),
                      req->provider->oauth.client_secret) != 0)
    respond_oauth_error (req, "BAD_CLIENT_SECRET", "missing or invalid client secret");
  else if (g_strcmp0 (grant, "authorization_code") == 0)
    grant_code (req, form);
  else if (g_strcmp0 (grant, "refresh_token") == 0)
    grant_refresh (req, form);
  else
    respond_oauth_error (req, "BAD_GRANT_TYPE",
                         "grant_type must be authorization_code or refresh_token");
}

static void
handle_authorize (FcSimRequest *req)
{
  _fc_sim_oauth_handle_authorize (req, TRUE, "access_denied");
}

static void
handle_token_info (FcSimRequest *req)
{
  FcSimHubSpot *hs = get_hs (req);
  gboolean refresh = strstr (req->route->pattern, "refresh-tokens") != NULL;
  const char *value = _fc_sim_request_get_param (req, "token");
  FcSimToken *token = NULL;
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autofree char *user = NULL;

  if (_fc_sim_oauth_check (req->provider, value,
                           refresh ? FC_SIM_TOKEN_REFRESH : FC_SIM_TOKEN_ACCESS, &token)
      != FC_SIM_TOKEN_VALID || token->kind == FC_SIM_TOKEN_STATIC)
    {
      _fc_sim_hubspot_respond (req, 404, "OBJECT_NOT_FOUND",
                               refresh ? "Refresh token not found" : "Access token not found",
                               NULL);
      return;
    }

  user = g_strdup_printf ("user%u@%s", hs->user_id, hs->hub_domain);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "token");
  json_builder_add_string_value (builder, token->value);
  json_builder_set_member_name (builder, "user");
  json_builder_add_string_value (builder, user);
  json_builder_set_member_name (builder, "hub_domain");
  json_builder_add_string_value (builder, hs->hub_domain);
  json_builder_set_member_name (builder, "scopes");
  add_scopes (builder, token->scope);
  json_builder_set_member_name (builder, "hub_id");
  json_builder_add_int_value (builder, hs->portal_id);
  json_builder_set_member_name (builder, refresh ? "client_id" : "app_id");
  if (refresh)
    json_builder_add_string_value (builder, token->client_id);
  else
    json_builder_add_int_value (builder, hs->app_id);
  if (!refresh)
    {
      json_builder_set_member_name (builder, "expires_in");
      json_builder_add_int_value (builder,
                                  (token->expires_ms - _fc_sim_now_ms (req->sim)) / 1000);
    }
  json_builder_set_member_name (builder, "user_id");
  json_builder_add_int_value (builder, hs->user_id);
  json_builder_set_member_name (builder, "token_type");
  json_builder_add_string_value (builder, refresh ? "refresh" : "access");
  json_builder_end_object (builder);
  _fc_sim_respond_builder (req, 200, builder);
}

static void
handle_token_revoke (FcSimRequest *req)
{
  const char *value = _fc_sim_request_get_param (req, "token");

  if (_fc_sim_oauth_check (req->provider, value, FC_SIM_TOKEN_REFRESH, NULL)
      != FC_SIM_TOKEN_VALID)
    {
      _fc_sim_hubspot_respond (req, 404, "OBJECT_NOT_FOUND", "Refresh token not found", NULL);
      return;
    }

  _fc_sim_oauth_revoke (req->sim, value);
  _fc_sim_respond_empty (req, 204);
}

/* GET /account-info/v3/details: what any token (private-app ones included) may read about its
 * account. The real answer carries no account name, only the portal id and settings. */
static void
handle_account_details (FcSimRequest *req)
{
  FcSimHubSpot *hs = get_hs (req);
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "portalId");
  json_builder_add_int_value (builder, hs->portal_id);
  json_builder_set_member_name (builder, "accountType");
  json_builder_add_string_value (builder, "STANDARD");
  json_builder_set_member_name (builder, "timeZone");
  json_builder_add_string_value (builder, "US/Eastern");
  json_builder_set_member_name (builder, "companyCurrency");
  json_builder_add_string_value (builder, "USD");
  json_builder_set_member_name (builder, "additionalCurrencies");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "utcOffset");
  json_builder_add_string_value (builder, "-05:00");
  json_builder_set_member_name (builder, "utcOffsetMilliseconds");
  json_builder_add_int_value (builder, -18000000);
  json_builder_set_member_name (builder, "uiDomain");
  json_builder_add_string_value (builder, "app.hubspot.com");
  json_builder_set_member_name (builder, "dataHostingLocation");
  json_builder_add_string_value (builder, "na1");
  json_builder_end_object (builder);
  _fc_sim_respond_builder (req, 200, builder);
}

void
_fc_sim_hubspot_register_oauth_routes (FcSimHubSpot *hs)
{
  FcSim *sim = hs->provider->sim;
  FcSimProvider *provider = hs->provider;

  _fc_sim_add_route (sim, provider, "hubspot-auth", "GET", "/oauth/authorize", NULL,
                     FC_SIM_ROUTE_PUBLIC, 0, handle_authorize, NULL);
  _fc_sim_add_route (sim, provider, "hubspot-auth", "GET", "/oauth/{account}/authorize",
                     "/oauth/authorize", FC_SIM_ROUTE_PUBLIC, 0, handle_authorize, NULL);
  _fc_sim_add_route (sim, provider, "hubspot", "POST", "/oauth/v1/token", NULL,
                     FC_SIM_ROUTE_FAULTS, 0, handle_token, NULL);
  _fc_sim_add_route (sim, provider, "hubspot", "GET", "/oauth/v1/access-tokens/{token}",
                     "/oauth/v1/access-tokens/{token}", FC_SIM_ROUTE_FAULTS, 0,
                     handle_token_info, NULL);
  _fc_sim_add_route (sim, provider, "hubspot", "GET", "/oauth/v1/refresh-tokens/{token}", NULL,
                     FC_SIM_ROUTE_FAULTS, 0, handle_token_info, NULL);
  _fc_sim_add_route (sim, provider, "hubspot", "DELETE", "/oauth/v1/refresh-tokens/{token}", NULL,
                     FC_SIM_ROUTE_FAULTS, 0, handle_token_revoke, NULL);
  _fc_sim_add_route (sim, provider, "hubspot", "GET", "/account-info/v3/details", NULL,
                     FC_SIM_ROUTE_API, 0, handle_account_details, NULL);
}
