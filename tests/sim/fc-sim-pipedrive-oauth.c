/* fc-sim-pipedrive-oauth.c: Pipedrive's OAuth server (oauth.pipedrive.com): authorize,
 * token with HTTP Basic client authentication, and revoke
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-sim-pipedrive"

#include "config.h"

#include "fc-sim-pipedrive-private.h"

#define REFRESH_IDLE_S (60 * 24 * 60 * 60)

static FcSimPipedrive *
get_pd (FcSimRequest *req)
{
  return req->provider->state;
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

static gboolean
check_client (FcSimRequest *req)
{
  g_autofree char *user = NULL;
  g_autofree char *password = NULL;

  if (!_fc_sim_request_get_basic (req, &user, &password)
      || g_strcmp0 (user, req->provider->oauth.client_id) != 0
      || g_strcmp0 (password, req->provider->oauth.client_secret) != 0)
    {
      _fc_sim_set_header (req, "WWW-Authenticate", "Basic realm=\"oauth\"");
      respond_oauth_error (req, 401, "invalid_client",
                           "Invalid client credentials: send Authorization: Basic "
                           "base64(client_id:client_secret)");
      return FALSE;
    }

  return TRUE;
}

static void
respond_tokens (FcSimRequest *req,
                FcSimToken   *access,
                FcSimToken   *refresh)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autofree char *api_domain = NULL;

  api_domain = g_strdup_printf ("%s/pipedrive", req->sim->base_url);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "access_token");
  json_builder_add_string_value (builder, access->value);
  json_builder_set_member_name (builder, "token_type");
  json_builder_add_string_value (builder, "Bearer");
  json_builder_set_member_name (builder, "refresh_token");
  json_builder_add_string_value (builder, refresh->value);
  json_builder_set_member_name (builder, "scope");
  json_builder_add_string_value (builder, access->scope != NULL ? access->scope
                                                                : "base,contacts:full,deals:full");
  json_builder_set_member_name (builder, "expires_in");
  json_builder_add_int_value (builder, req->provider->oauth.access_lifetime_s);
  json_builder_set_member_name (builder, "api_domain");
  json_builder_add_string_value (builder, api_domain);
  json_builder_end_object (builder);
  _fc_sim_respond_builder (req, 200, builder);
}

static FcSimToken *
issue_pair_member (FcSimRequest   *req,
                   FcSimTokenKind  kind,
                   const char     *client_id,
                   const char     *scope,
                   const char     *parent)
{
  FcSimPipedrive *pd = get_pd (req);
  g_autofree char *random = NULL;
  g_autofree char *value = NULL;

  if (kind == FC_SIM_TOKEN_ACCESS)
    {
      value = _fc_sim_random_token (req->sim, "v1u:", 120);
      return _fc_sim_oauth_issue (req->provider, kind, value, client_id, scope,
                                  req->provider->oauth.access_lifetime_s, parent);
    }

  random = _fc_sim_random_hex (req->sim, 40);
  value = g_strdup_printf ("%u:%u:%s", pd->company_id, pd->user_id, random);
  return _fc_sim_oauth_issue (req->provider, kind, value, client_id, scope, REFRESH_IDLE_S, NULL);
}

static void
grant_code (FcSimRequest *req,
            GHashTable   *form)
{
  g_autoptr (GError) error = NULL;
  FcSimCode *code;
  FcSimToken *refresh;

  code = _fc_sim_oauth_redeem_code (req->provider, g_hash_table_lookup (form, "code"),
                                    g_hash_table_lookup (form, "redirect_uri"), NULL, &error);
  if (code == NULL)
    {
      g_autofree char *message = g_strdup_printf ("Invalid grant: %s", error->message);

      respond_oauth_error (req, 400, "invalid_grant", message);
      return;
    }

  refresh = issue_pair_member (req, FC_SIM_TOKEN_REFRESH, code->client_id, code->scope, NULL);
  respond_tokens (req, issue_pair_member (req, FC_SIM_TOKEN_ACCESS, code->client_id, code->scope,
                                          refresh->value),
                  refresh);
}

static void
grant_refresh (FcSimRequest *req,
               GHashTable   *form)
{
  FcSimToken *refresh = NULL;
  const char *value = g_hash_table_lookup (form, "refresh_token");
  g_autofree char *client_id = NULL;
  g_autofree char *scope = NULL;

  if (_fc_sim_oauth_check (req->provider, value, FC_SIM_TOKEN_REFRESH, &refresh)
      != FC_SIM_TOKEN_VALID)
    {
      respond_oauth_error (req, 400, "invalid_grant", "Invalid grant: refresh_token is invalid");
      return;
    }

  client_id = g_strdup (refresh->client_id);
  scope = g_strdup (refresh->scope);
  if (req->provider->oauth.rotate_refresh_tokens)
    {
      _fc_sim_oauth_revoke (req->sim, refresh->value);
      refresh = issue_pair_member (req, FC_SIM_TOKEN_REFRESH, client_id, scope, NULL);
    }
  else
    {
      refresh->expires_ms = _fc_sim_now_ms (req->sim) + (gint64) REFRESH_IDLE_S * 1000;
    }

  respond_tokens (req, issue_pair_member (req, FC_SIM_TOKEN_ACCESS, client_id, scope,
                                          refresh->value),
                  refresh);
}

static void
handle_token (FcSimRequest *req)
{
  g_autoptr (GHashTable) form = NULL;
  const char *grant;

  if (!check_client (req))
    return;

  form = _fc_sim_request_get_form (req);
  grant = g_hash_table_lookup (form, "grant_type");
  if (g_strcmp0 (grant, "authorization_code") == 0)
    grant_code (req, form);
  else if (g_strcmp0 (grant, "refresh_token") == 0)
    grant_refresh (req, form);
  else
    respond_oauth_error (req, 400, "unsupported_grant_type",
                         "grant_type must be authorization_code or refresh_token");
}

static void
handle_revoke (FcSimRequest *req)
{
  g_autoptr (GHashTable) form = NULL;
  FcSimToken *token;

  if (!check_client (req))
    return;

  form = _fc_sim_request_get_form (req);
  token = _fc_sim_oauth_lookup (req->sim, g_hash_table_lookup (form, "token"));
  if (token != NULL && token->provider == req->provider)
    _fc_sim_oauth_revoke (req->sim, token->value);

  _fc_sim_respond_empty (req, 200);
}

static void
handle_authorize (FcSimRequest *req)
{
  _fc_sim_oauth_handle_authorize (req, FALSE, "user_denied");
}

void
_fc_sim_pipedrive_register_oauth_routes (FcSimPipedrive *pd)
{
  FcSim *sim = pd->provider->sim;

  _fc_sim_add_route (sim, pd->provider, "pipedrive-oauth", "GET", "/oauth/authorize", NULL,
                     FC_SIM_ROUTE_PUBLIC, 0, handle_authorize, NULL);
  _fc_sim_add_route (sim, pd->provider, "pipedrive-oauth", "POST", "/oauth/token", NULL,
                     FC_SIM_ROUTE_FAULTS, 0, handle_token, NULL);
  _fc_sim_add_route (sim, pd->provider, "pipedrive-oauth", "POST", "/oauth/revoke", NULL,
                     FC_SIM_ROUTE_FAULTS, 0, handle_revoke, NULL);
}
