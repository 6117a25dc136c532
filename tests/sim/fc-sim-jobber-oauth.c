/* fc-sim-jobber-oauth.c: Jobber's OAuth server (api.getjobber.com/api/oauth): authorize, the
 * token endpoint with rotating refresh tokens, JWT access tokens and their checking
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-sim-jobber"

#include "config.h"

#include <string.h>

#include "fc-sim-jobber-private.h"

#define ISSUER "https://api.getjobber.com"
#define APP_SCOPES "read_clients write_clients read_jobs write_jobs read_quotes write_quotes " \
                   "read_users"
#define DISCONNECTED "User has disconnected this app from their account. Please delete this token"

/* JSON Web Tokens, HS256 with the simulator's key */

static char *
base64url (const guchar *data,
           gsize         length)
{
  char *encoded = g_base64_encode (data, length);
  gsize n = strlen (encoded);

  while (n > 0 && encoded[n - 1] == '=')
    encoded[--n] = '\0';
  g_strdelimit (encoded, "+", '-');
  g_strdelimit (encoded, "/", '_');

  return encoded;
}

static char *
jwt_signature (FcSimJobber *jb,
               const char  *signed_part,
               gsize        length)
{
  g_autoptr (GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *) jb->jwt_key,
                                       strlen (jb->jwt_key));
  guint8 digest[32];
  gsize digest_length = sizeof digest;

  g_hmac_update (hmac, (const guchar *) signed_part, length);
  g_hmac_get_digest (hmac, digest, &digest_length);

  return base64url (digest, digest_length);
}

/* The claims of Jobber's access tokens (sub, iss, client_id, app_id, scope, user_id,
 * account_id, exp) plus iat and jti, which keep two tokens of the same second apart. */
static char *
jwt_issue (FcSimJobber *jb,
           const char  *client_id,
           gint64       now_ms,
           guint        lifetime_s)
{
  static const char header[] = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) claims = NULL;
  g_autofree char *jti = _fc_sim_random_hex (jb->provider->sim, 16);
  g_autofree char *payload = NULL;
  g_autofree char *head64 = NULL;
  g_autofree char *body64 = NULL;
  g_autofree char *signed_part = NULL;
  g_autofree char *signature = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "sub");
  json_builder_add_int_value (builder, jb->user_id);
  json_builder_set_member_name (builder, "iss");
  json_builder_add_string_value (builder, ISSUER);
  json_builder_set_member_name (builder, "client_id");
  json_builder_add_string_value (builder, client_id);
  json_builder_set_member_name (builder, "app_id");
  json_builder_add_string_value (builder, jb->app_id);
  json_builder_set_member_name (builder, "scope");
  json_builder_add_string_value (builder, APP_SCOPES);
  json_builder_set_member_name (builder, "user_id");
  json_builder_add_int_value (builder, jb->user_id);
  json_builder_set_member_name (builder, "account_id");
  json_builder_add_int_value (builder, jb->account_id);
  json_builder_set_member_name (builder, "iat");
  json_builder_add_int_value (builder, now_ms / 1000);
  json_builder_set_member_name (builder, "exp");
  json_builder_add_int_value (builder, now_ms / 1000 + lifetime_s);
  json_builder_set_member_name (builder, "jti");
  json_builder_add_string_value (builder, jti);
  json_builder_end_object (builder);
  claims = json_builder_get_root (builder);
  payload = _fc_sim_json_to_string (claims);

  head64 = base64url ((const guchar *) header, strlen (header));
  body64 = base64url ((const guchar *) payload, strlen (payload));
  signed_part = g_strconcat (head64, ".", body64, NULL);
  signature = jwt_signature (jb, signed_part, strlen (signed_part));

  return g_strconcat (signed_part, ".", signature, NULL);
}

/* TRUE when @token is three parts whose signature is the simulator's */
static gboolean
jwt_verify (FcSimJobber *jb,
            const char  *token)
{
  const char *last = strrchr (token, '.');
  g_autofree char *expected = NULL;

  if (last == NULL || strchr (token, '.') == last)
    return FALSE;

  expected = jwt_signature (jb, token, last - token);
  return g_str_equal (expected, last + 1);
}

/* Authentication of API requests */

static void
respond_unauthorized (FcSimRequest *req,
                      const char   *description)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, "invalid_request");
  json_builder_set_member_name (builder, "error_description");
  json_builder_add_string_value (builder, description);
  json_builder_end_object (builder);
  _fc_sim_respond_builder (req, 401, builder);
}

static void
respond_disconnected (FcSimRequest *req)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "errors");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, DISCONNECTED);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  _fc_sim_respond_builder (req, 200, builder);
}

/* Bearer access tokens (JWTs issued here, or static tokens of the control API). Invalid ones
 * get 401 invalid_request; tokens of a disconnected app get Jobber's disconnected error. */
gboolean
_fc_sim_jobber_authenticate (FcSimRequest *req)
{
  FcSimJobber *jb = req->provider->state;
  g_autofree char *bearer = _fc_sim_request_get_bearer (req);
  FcSimToken *token = NULL;
  FcSimTokenState state;

  if (bearer == NULL)
    {
      respond_unauthorized (req, "Authorization: Bearer <access token> is missing");
      return FALSE;
    }

  state = _fc_sim_oauth_check (req->provider, bearer, FC_SIM_TOKEN_ACCESS, &token);
  if (state == FC_SIM_TOKEN_VALID && token->kind == FC_SIM_TOKEN_ACCESS
      && !jwt_verify (jb, bearer))
    state = FC_SIM_TOKEN_UNKNOWN;

  switch (state)
    {
    case FC_SIM_TOKEN_UNKNOWN:
      respond_unauthorized (req, "The access token is invalid");
      return FALSE;
    case FC_SIM_TOKEN_EXPIRED:
      respond_unauthorized (req, "The access token expired");
      return FALSE;
    case FC_SIM_TOKEN_REVOKED:
      respond_unauthorized (req, "The access token was revoked");
      return FALSE;
    case FC_SIM_TOKEN_VALID:
    default:
      break;
    }

  if (jb->disconnected || g_hash_table_contains (jb->dead_tokens, bearer))
    {
      respond_disconnected (req);
      return FALSE;
    }

  req->principal = token;
  return TRUE;
}

/* The token endpoint */

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

/* The token request's parameters: a form (as the oauth2 gem sends) or a JSON object */
static GHashTable *
read_params (FcSimRequest *req)
{
  const char *media = soup_message_headers_get_content_type (req->request_headers, NULL);
  GHashTable *params;
  JsonNode *root;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (g_strcmp0 (media, "application/json") != 0)
    return _fc_sim_request_get_form (req);

  params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  root = _fc_sim_request_get_json (req, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return params;

  json_object_iter_init (&iter, json_node_get_object (root));
  while (json_object_iter_next (&iter, &name, &value))
    {
      if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
        g_hash_table_insert (params, g_strdup (name), g_strdup (json_node_get_string (value)));
    }

  return params;
}

static gboolean
check_client (FcSimRequest *req,
              GHashTable   *params)
{
  g_autofree char *user = NULL;
  g_autofree char *password = NULL;
  const char *client_id = g_hash_table_lookup (params, "client_id");
  const char *secret = g_hash_table_lookup (params, "client_secret");

  if (client_id == NULL && _fc_sim_request_get_basic (req, &user, &password))
    {
      client_id = user;
      secret = password;
    }

  if (g_strcmp0 (client_id, req->provider->oauth.client_id) == 0
      && g_strcmp0 (secret, req->provider->oauth.client_secret) == 0)
    return TRUE;

  respond_oauth_error (req, 401, "invalid_client",
                       client_id == NULL
                       ? "Client authentication failed: send client_id and client_secret"
                       : "Client authentication failed: unknown client_id or wrong "
                         "client_secret");
  return FALSE;
}

static FcSimToken *
issue_refresh (FcSimRequest *req,
               const char   *client_id)
{
  g_autofree char *value = _fc_sim_random_hex (req->sim, 32);

  return _fc_sim_oauth_issue (req->provider, FC_SIM_TOKEN_REFRESH, value, client_id, APP_SCOPES,
                              0, NULL);
}

static void
respond_tokens (FcSimRequest *req,
                const char   *client_id,
                FcSimToken   *refresh,
                const char   *warning)
{
  FcSimJobber *jb = req->provider->state;
  guint lifetime = req->provider->oauth.access_lifetime_s;
  g_autofree char *jwt = jwt_issue (jb, client_id, _fc_sim_now_ms (req->sim), lifetime);
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  _fc_sim_oauth_issue (req->provider, FC_SIM_TOKEN_ACCESS, jwt, client_id, APP_SCOPES, lifetime,
                       refresh->value);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "access_token");
  json_builder_add_string_value (builder, jwt);
  json_builder_set_member_name (builder, "refresh_token");
  json_builder_add_string_value (builder, refresh->value);
  if (warning != NULL)
    {
      json_builder_set_member_name (builder, "warning");
      json_builder_add_string_value (builder, warning);
    }
  json_builder_end_object (builder);
  _fc_sim_respond_builder (req, 200, builder);
}

static void
grant_code (FcSimRequest *req,
            GHashTable   *params)
{
  FcSimJobber *jb = req->provider->state;
  g_autoptr (GError) error = NULL;
  g_autofree char *description = NULL;
  FcSimCode *code;

  code = _fc_sim_oauth_redeem_code (req->provider, g_hash_table_lookup (params, "code"),
                                    g_hash_table_lookup (params, "redirect_uri"), NULL, &error);
  if (code == NULL)
    {
      description = g_strdup_printf ("The authorization grant is invalid: %s", error->message);
      respond_oauth_error (req, 400, "invalid_grant", description);
      return;
    }

  /* Authorizing again is how an owner connects a disconnected app */
  _fc_sim_jobber_set_disconnected (jb, FALSE, FC_SIM_SOURCE_UI);
  respond_tokens (req, code->client_id, issue_refresh (req, code->client_id), NULL);
}

/* With rotation (the default) every refresh returns a new refresh token and the old one dies
 * at once; its access tokens live on until they expire. */
static void
grant_refresh (FcSimRequest *req,
               GHashTable   *params)
{
  FcSimJobber *jb = req->provider->state;
  const char *value = g_hash_table_lookup (params, "refresh_token");
  FcSimToken *refresh = NULL;
  FcSimTokenState state;

  state = _fc_sim_oauth_check (req->provider, value, FC_SIM_TOKEN_REFRESH, &refresh);
  if (state != FC_SIM_TOKEN_VALID || g_hash_table_contains (jb->dead_tokens, value))
    {
      respond_oauth_error (req, 400, "invalid_grant",
                           state == FC_SIM_TOKEN_REVOKED
                           ? "The refresh token was already used or revoked"
                           : state == FC_SIM_TOKEN_VALID
                           ? "The app was disconnected from the account; authorize it again"
                           : "The refresh token is unknown");
      return;
    }

  if (!req->provider->oauth.rotate_refresh_tokens)
    {
      respond_tokens (req, refresh->client_id, refresh,
                      "Refresh token rotation is off for this app; the same refresh token "
                      "stays valid");
      return;
    }

  refresh->revoked = TRUE;
  respond_tokens (req, refresh->client_id, issue_refresh (req, refresh->client_id), NULL);
}

static void
handle_token (FcSimRequest *req)
{
  g_autoptr (GHashTable) params = read_params (req);
  const char *grant = g_hash_table_lookup (params, "grant_type");

  if (!check_client (req, params))
    return;

  if (g_strcmp0 (grant, "authorization_code") == 0)
    grant_code (req, params);
  else if (g_strcmp0 (grant, "refresh_token") == 0)
    grant_refresh (req, params);
  else
    respond_oauth_error (req, 400, "unsupported_grant_type",
                         "grant_type must be authorization_code or refresh_token");
}

/* No PKCE: Jobber documents the server-side flow with a client secret only */
static void
handle_authorize (FcSimRequest *req)
{
  _fc_sim_oauth_handle_authorize (req, FALSE, "access_denied");
}

void
_fc_sim_jobber_register_oauth_routes (FcSimJobber *jb)
{
  FcSim *sim = jb->provider->sim;

  _fc_sim_add_route (sim, jb->provider, "jobber", "GET", "/api/oauth/authorize", NULL,
                     FC_SIM_ROUTE_PUBLIC, 0, handle_authorize, NULL);
  _fc_sim_add_route (sim, jb->provider, "jobber", "POST", "/api/oauth/token", NULL,
                     FC_SIM_ROUTE_FAULTS, 0, handle_token, NULL);
}
