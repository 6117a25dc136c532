/* fc-sim-oauth.c: authorization codes and tokens shared by every simulated provider
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-sim"

#include "config.h"

#include <string.h>

#include "fc-sim-private.h"

#define CODE_LIFETIME_MS (5 * 60 * 1000)

static void
token_free (gpointer data)
{
  FcSimToken *token = data;

  g_free (token->value);
  g_free (token->client_id);
  g_free (token->scope);
  g_free (token->parent);
  g_free (token);
}

static void
code_free (gpointer data)
{
  FcSimCode *code = data;

  g_free (code->value);
  g_free (code->client_id);
  g_free (code->redirect_uri);
  g_free (code->scope);
  g_free (code->challenge);
  g_free (code->challenge_method);
  g_free (code);
}

void
_fc_sim_oauth_init (FcSim *sim)
{
  sim->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, token_free);
  sim->codes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, code_free);
}

void
_fc_sim_oauth_clear (FcSim *sim)
{
  g_clear_pointer (&sim->tokens, g_hash_table_unref);
  g_clear_pointer (&sim->codes, g_hash_table_unref);
}

void
_fc_sim_oauth_settings_clear (FcSimOAuthSettings *settings)
{
  g_clear_pointer (&settings->client_id, g_free);
  g_clear_pointer (&settings->client_secret, g_free);
}

/* Registers a token; @value NULL draws a random one. Lifetime 0 means it never expires. */
FcSimToken *
_fc_sim_oauth_issue (FcSimProvider  *provider,
                     FcSimTokenKind  kind,
                     const char     *value,
                     const char     *client_id,
                     const char     *scope,
                     guint           lifetime_s,
                     const char     *parent)
{
  FcSim *sim = provider->sim;
  FcSimToken *token = g_new0 (FcSimToken, 1);
  gint64 now = _fc_sim_now_ms (sim);

  token->value = value != NULL ? g_strdup (value) : _fc_sim_random_token (sim, "", 48);
  token->kind = kind;
  token->provider = provider;
  token->client_id = g_strdup (client_id);
  token->scope = g_strdup (scope);
  token->parent = g_strdup (parent);
  token->issued_ms = now;
  token->expires_ms = lifetime_s > 0 ? now + (gint64) lifetime_s * 1000 : 0;
  g_hash_table_replace (sim->tokens, token->value, token);

  return token;
}

gboolean
_fc_sim_oauth_value_free_for (FcSimProvider  *provider,
                              const char     *value,
                              GError        **error)
{
  FcSimToken *token = value != NULL ? g_hash_table_lookup (provider->sim->tokens, value) : NULL;

  if (token == NULL || token->provider == provider)
    return TRUE;
  g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_CONFLICT,
               "the token “%s” is already %s's; give each provider a token of its own", value,
               token->provider->klass->name);
  return FALSE;
}

/* Checks that @value is a live token of @provider. FC_SIM_TOKEN_ACCESS also accepts static
 * tokens (private-app tokens, personal API tokens). */
FcSimTokenState
_fc_sim_oauth_check (FcSimProvider   *provider,
                     const char      *value,
                     FcSimTokenKind   kind,
                     FcSimToken     **out_token)
{
  FcSimToken *token = value != NULL ? g_hash_table_lookup (provider->sim->tokens, value) : NULL;
  gboolean kind_ok;

  if (out_token != NULL)
    *out_token = token;

  if (token == NULL || token->provider != provider)
    return FC_SIM_TOKEN_UNKNOWN;

  kind_ok = token->kind == kind
            || (kind == FC_SIM_TOKEN_ACCESS && token->kind == FC_SIM_TOKEN_STATIC);
  if (!kind_ok)
    return FC_SIM_TOKEN_UNKNOWN;
  if (token->revoked)
    return FC_SIM_TOKEN_REVOKED;
  if (token->expires_ms != 0 && _fc_sim_now_ms (provider->sim) >= token->expires_ms)
    return FC_SIM_TOKEN_EXPIRED;

  return FC_SIM_TOKEN_VALID;
}

FcSimToken *
_fc_sim_oauth_lookup (FcSim      *sim,
                      const char *value)
{
  return value != NULL ? g_hash_table_lookup (sim->tokens, value) : NULL;
}

/* Revokes a token; revoking a refresh token also ends the access tokens it produced. */
gboolean
_fc_sim_oauth_revoke (FcSim      *sim,
                      const char *value)
{
  FcSimToken *token = _fc_sim_oauth_lookup (sim, value);
  GHashTableIter iter;
  gpointer data;

  if (token == NULL)
    return FALSE;

  token->revoked = TRUE;
  if (token->kind != FC_SIM_TOKEN_REFRESH)
    return TRUE;

  g_hash_table_iter_init (&iter, sim->tokens);
  while (g_hash_table_iter_next (&iter, NULL, &data))
    {
      FcSimToken *child = data;

      if (g_strcmp0 (child->parent, value) == 0)
        child->revoked = TRUE;
    }

  return TRUE;
}

/* Makes an access token expire now, as if its lifetime had passed. */
gboolean
_fc_sim_oauth_expire (FcSim      *sim,
                      const char *value)
{
  FcSimToken *token = _fc_sim_oauth_lookup (sim, value);

  if (token == NULL || token->kind == FC_SIM_TOKEN_REFRESH)
    return FALSE;

  token->expires_ms = _fc_sim_now_ms (sim) - 1;
  return TRUE;
}

FcSimCode *
_fc_sim_oauth_issue_code (FcSimProvider *provider,
                          const char    *client_id,
                          const char    *redirect_uri,
                          const char    *scope,
                          const char    *challenge,
                          const char    *challenge_method)
{
  FcSim *sim = provider->sim;
  FcSimCode *code = g_new0 (FcSimCode, 1);

  code->value = _fc_sim_random_token (sim, "", 32);
  code->provider = provider;
  code->client_id = g_strdup (client_id);
  code->redirect_uri = g_strdup (redirect_uri);
  code->scope = g_strdup (scope);
  code->challenge = g_strdup (challenge);
  code->challenge_method = g_strdup (challenge_method);
  code->expires_ms = _fc_sim_now_ms (sim) + CODE_LIFETIME_MS;
  g_hash_table_replace (sim->codes, code->value, code);

  return code;
}

/* base64url (no padding) of SHA-256 of @verifier: the S256 code challenge of RFC 7636 */
char *
_fc_sim_pkce_challenge (const char *verifier)
{
  guint8 digest[32];
  gsize length = sizeof digest;
  g_autoptr (GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *encoded = NULL;
  gsize n;

  g_checksum_update (checksum, (const guchar *) verifier, strlen (verifier));
  g_checksum_get_digest (checksum, digest, &length);
  encoded = g_base64_encode (digest, length);
  n = strlen (encoded);
  while (n > 0 && encoded[n - 1] == '=')
    encoded[--n] = '\0';
  g_strdelimit (encoded, "+", '-');
  g_strdelimit (encoded, "/", '_');

  return g_steal_pointer (&encoded);
}

/* Takes a code for a token. Errors: FC_SIM_ERROR_NOT_FOUND for an unknown, used or expired code,
 * FC_SIM_ERROR_CONFLICT for a redirect_uri that differs from the authorize request,
 * FC_SIM_ERROR_INVALID for a missing or wrong PKCE verifier. A used code stays used. */
FcSimCode *
_fc_sim_oauth_redeem_code (FcSimProvider  *provider,
                           const char     *value,
                           const char     *redirect_uri,
                           const char     *verifier,
                           GError        **error)
{
  FcSimCode *code = value != NULL ? g_hash_table_lookup (provider->sim->codes, value) : NULL;

  if (code == NULL || code->provider != provider)
    {
      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_NOT_FOUND,
                   "The authorization code is unknown");
      return NULL;
    }
  if (code->used)
    {
      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_NOT_FOUND,
                   "The authorization code was already used");
      return NULL;
    }
  if (_fc_sim_now_ms (provider->sim) >= code->expires_ms)
    {
      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_NOT_FOUND,
                   "The authorization code expired");
      return NULL;
    }
  code->used = TRUE;

  if (g_strcmp0 (code->redirect_uri, redirect_uri) != 0)
    {
      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_CONFLICT,
                   "redirect_uri “%s” differs from the one of the authorize request (“%s”)",
                   redirect_uri != NULL ? redirect_uri : "", code->redirect_uri);
      return NULL;
    }

  if (code->challenge != NULL)
    {
      g_autofree char *expected = NULL;

      if (verifier == NULL)
        {
          g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                       "code_verifier is required because the authorize request sent a "
                       "code_challenge");
          return NULL;
        }
      expected = g_strcmp0 (code->challenge_method, "plain") == 0
                 ? g_strdup (verifier) : _fc_sim_pkce_challenge (verifier);
      if (!g_str_equal (expected, code->challenge))
        {
          g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                       "code_verifier does not match the code_challenge");
          return NULL;
        }
    }

  return code;
}

static char *
append_query (const char *uri,
              const char *first_name,
              ...) G_GNUC_NULL_TERMINATED;

static char *
append_query (const char *uri,
              const char *first_name,
              ...)
{
  GString *out = g_string_new (uri);
  gboolean has_query = strchr (uri, '?') != NULL;
  const char *name = first_name;
  va_list args;

  va_start (args, first_name);
  while (name != NULL)
    {
      const char *value = va_arg (args, const char *);

      if (value != NULL)
        {
          g_string_append_c (out, has_query ? '&' : '?');
          g_string_append_uri_escaped (out, name, NULL, FALSE);
          g_string_append_c (out, '=');
          g_string_append_uri_escaped (out, value, NULL, FALSE);
          has_query = TRUE;
        }
      name = va_arg (args, const char *);
    }
  va_end (args);

  return g_string_free (out, FALSE);
}

static void
respond_authorize_page_error (FcSimRequest *req,
                              const char   *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);
  g_autofree char *page = g_strdup_printf ("<!DOCTYPE html>\n<html><head><title>Authorization "
                                           "error</title></head><body><h1>Authorization "
                                           "error</h1><p>%s</p></body></html>\n", escaped);

  _fc_sim_respond_text (req, 400, "text/html;charset=utf-8", page);
}

/* The authorize page. There is no login form: a valid request is answered at once with a 302
 * to redirect_uri carrying code and state, or an error when the provider is set to deny. */
void
_fc_sim_oauth_handle_authorize (FcSimRequest *req,
                                gboolean      pkce,
                                const char   *denied_error)
{
  FcSimProvider *provider = req->provider;
  const char *client_id = _fc_sim_request_get_query (req, "client_id");
  const char *redirect_uri = _fc_sim_request_get_query (req, "redirect_uri");
  const char *state = _fc_sim_request_get_query (req, "state");
  const char *scope = _fc_sim_request_get_query (req, "scope");
  const char *response_type = _fc_sim_request_get_query (req, "response_type");
  const char *challenge = pkce ? _fc_sim_request_get_query (req, "code_challenge") : NULL;
  const char *method = _fc_sim_request_get_query (req, "code_challenge_method");
  g_autoptr (GUri) uri = NULL;
  g_autofree char *location = NULL;
  FcSimCode *code;

  if (client_id == NULL || g_strcmp0 (client_id, provider->oauth.client_id) != 0)
    {
      g_autofree char *message = g_strdup_printf ("client_id “%s” does not belong to an app",
                                                  client_id != NULL ? client_id : "");

      respond_authorize_page_error (req, message);
      return;
    }

  if (redirect_uri != NULL)
    uri = g_uri_parse (redirect_uri, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0
                      && g_strcmp0 (g_uri_get_scheme (uri), "https") != 0))
    {
      respond_authorize_page_error (req, "redirect_uri is missing or is not an http(s) URL");
      return;
    }

  if (response_type != NULL && !g_str_equal (response_type, "code"))
    {
      location = append_query (redirect_uri, "error", "unsupported_response_type",
                               "state", state, NULL);
    }
  else if (challenge != NULL && method != NULL && !g_str_equal (method, "S256")
           && !g_str_equal (method, "plain"))
    {
      location = append_query (redirect_uri, "error", "invalid_request",
                               "error_description", "code_challenge_method must be S256 or plain",
                               "state", state, NULL);
    }
  else if (provider->oauth.deny_authorize)
    {
      location = append_query (redirect_uri, "error", denied_error,
                               "error_description", "The user denied access to the app",
                               "state", state, NULL);
    }
  else
    {
      code = _fc_sim_oauth_issue_code (provider, client_id, redirect_uri, scope, challenge,
                                       challenge != NULL ? (method != NULL ? method : "plain")
                                                         : NULL);
      location = append_query (redirect_uri, "code", code->value, "state", state, NULL);
    }

  _fc_sim_respond_redirect (req, location);
}
