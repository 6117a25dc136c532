/* fc-auth-token.c: talking to a provider's token endpoint, and reading what it answers
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-auth"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "fc-auth-private.h"
#include "fc-connector-private.h"

#define RANDOM_SOURCE "/dev/urandom"
#define REDACTED      "[redacted]"

static void
wipe_free (char *secret)
{
  volatile char *p = secret;

  if (secret == NULL)
    return;

  while (*p != '\0')
    *p++ = '\0';
  g_free (secret);
}

static char *
base64url_encode (const guint8 *data,
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

char *
_fc_auth_random_string (gsize    n_bytes,
                        GError **error)
{
  g_autoptr (GFile) file = g_file_new_for_path (RANDOM_SOURCE);
  g_autoptr (GFileInputStream) stream = NULL;
  g_autofree guint8 *bytes = g_malloc (n_bytes);
  g_autoptr (GError) local_error = NULL;
  gsize n_read = 0;
  char *result;

  stream = g_file_read (file, NULL, &local_error);
  if (stream == NULL ||
      !g_input_stream_read_all (G_INPUT_STREAM (stream), bytes, n_bytes, &n_read, NULL,
                                &local_error) ||
      n_read != n_bytes)
    {
      g_set_error (error, FC_AUTH_ERROR, FC_AUTH_ERROR_FAILED,
                   _("Could not read random bytes from %s: %s"), RANDOM_SOURCE,
                   local_error != NULL ? local_error->message : _("short read"));
      return NULL;
    }

  result = base64url_encode (bytes, n_bytes);
  memset (bytes, 0, n_bytes);
  return result;
}

char *
_fc_auth_compute_pkce_challenge (const char *verifier)
{
  g_autoptr (GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize length = sizeof digest;

  g_return_val_if_fail (verifier != NULL, NULL);

  g_checksum_update (checksum, (const guchar *) verifier, strlen (verifier));
  g_checksum_get_digest (checksum, digest, &length);
  return base64url_encode (digest, length);
}

static gboolean
strings_equal_constant_time (const char *a,
                             const char *b)
{
  gsize len_a = strlen (a);
  gsize len_b = strlen (b);
  guint8 diff = len_a != len_b;

  for (gsize i = 0; i < len_a; i++)
    diff |= (guint8) a[i] ^ (guint8) b[i % (len_b > 0 ? len_b : 1)];

  return diff == 0;
}

gboolean
_fc_auth_verify_identity_signature (const char *client_secret,
                                    const char *identity_url,
                                    const char *issued_at,
                                    const char *signature)
{
  g_autoptr (GHmac) hmac = NULL;
  g_autofree char *expected = NULL;
  guint8 digest[32];
  gsize length = sizeof digest;

  if (client_secret == NULL || identity_url == NULL || issued_at == NULL || signature == NULL)
    return FALSE;

  hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *) client_secret, strlen (client_secret));
  g_hmac_update (hmac, (const guchar *) identity_url, strlen (identity_url));
  g_hmac_update (hmac, (const guchar *) issued_at, strlen (issued_at));
  g_hmac_get_digest (hmac, digest, &length);
  expected = g_base64_encode (digest, length);

  return strings_equal_constant_time (expected, signature);
}

gboolean
_fc_auth_parse_jwt_expiry (const char *jwt,
                           gint64     *out_expires_at)
{
  g_auto (GStrv) parts = NULL;
  g_autoptr (JsonParser) parser = NULL;
  g_autoptr (GString) padded = NULL;
  g_autofree guchar *payload = NULL;
  gsize payload_len = 0;
  JsonNode *root;
  JsonNode *exp;
  gint64 value = 0;

  if (jwt == NULL)
    return FALSE;

  parts = g_strsplit (jwt, ".", 4);
  if (g_strv_length (parts) != 3 || *parts[1] == '\0')
    return FALSE;

  padded = g_string_new (parts[1]);
  g_strdelimit (padded->str, "-", '+');
  g_strdelimit (padded->str, "_", '/');
  while (padded->len % 4 != 0)
    g_string_append_c (padded, '=');
  payload = g_base64_decode (padded->str, &payload_len);
  if (payload == NULL || payload_len == 0)
    return FALSE;

  parser = json_parser_new ();
  if (!_fc_json_nesting_fits ((const char *) payload, payload_len)
      || !json_parser_load_from_data (parser, (const char *) payload, payload_len, NULL))
    return FALSE;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;

  exp = json_object_get_member (json_node_get_object (root), "exp");
  if (exp == NULL || !JSON_NODE_HOLDS_VALUE (exp) ||
      (json_node_get_value_type (exp) != G_TYPE_INT64 &&
       json_node_get_value_type (exp) != G_TYPE_DOUBLE))
    return FALSE;

  /* a double beyond gint64 cannot be converted; @out_expires_at is left alone on failure */
  if (json_node_get_value_type (exp) == G_TYPE_INT64)
    value = json_node_get_int (exp);
  else if (json_node_get_double (exp) > 0 && json_node_get_double (exp) < 0x1p63)
    value = (gint64) json_node_get_double (exp);
  if (value <= 0)
    return FALSE;
  *out_expires_at = value;
  return TRUE;
}

gboolean
_fc_auth_error_is_dead_grant (const GError *error)
{
  /* HubSpot names a refresh token it does not know (uninstalled app) BAD_REFRESH_TOKEN. */
  static const char * const dead_grant_errors[] = { "invalid_grant", "BAD_REFRESH_TOKEN", NULL };
  const char *provider_error = fc_auth_error_get_provider_error (error);

  return provider_error != NULL && g_strv_contains (dead_grant_errors, provider_error);
}

/* A copy of @text with every value of @secrets (longer than 3 characters) blanked out. */
static char *
redact (const char         *text,
        const char * const *secrets)
{
  GString *out;

  if (text == NULL)
    return NULL;

  out = g_string_new (text);
  for (guint i = 0; secrets != NULL && secrets[i] != NULL; i++)
    if (strlen (secrets[i]) > 3)
      g_string_replace (out, secrets[i], REDACTED, 0);

  return g_string_free (out, FALSE);
}

static const char *
get_string (JsonObject *object,
            const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/* Lifetimes beyond a century are refused as malformed (adding them to now would overflow). */
#define MAX_EXPIRES_IN_SECONDS (G_GINT64_CONSTANT (100) * 366 * 24 * 3600)

/* A member that providers send as a number or as a string of digits ("expires_in",
 * Salesforce's "issued_at"), as text; NULL when absent, FALSE when malformed. */
static gboolean
get_number_text (JsonObject  *object,
                 const char  *name,
                 char       **out)
{
  JsonNode *node = json_object_get_member (object, name);
  const char *text;

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      *out = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      return json_node_get_int (node) >= 0;
    case G_TYPE_DOUBLE:
      /* converting a double beyond gint64 is undefined: refuse it first */
      if (!(json_node_get_double (node) >= 0 && json_node_get_double (node) < 0x1p63))
        return FALSE;
      *out = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) json_node_get_double (node));
      return TRUE;
    case G_TYPE_STRING:
      text = json_node_get_string (node);
      if (*text == '\0')
        return FALSE;
      for (const char *p = text; *p != '\0'; p++)
        if (!g_ascii_isdigit (*p))
          return FALSE;
      *out = g_strdup (text);
      return TRUE;
    default:
      return FALSE;
    }
}

/* "scope" as a string, or HubSpot's "scopes" array joined with spaces. */
static char *
dup_scope (JsonObject *object)
{
  JsonNode *node = json_object_get_member (object, "scopes");
  GString *out;
  JsonArray *array;

  if (get_string (object, "scope") != NULL)
    return g_strdup (get_string (object, "scope"));
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  array = json_node_get_array (node);
  out = g_string_new (NULL);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      const char *scope = json_array_get_string_element (array, i);

      if (scope == NULL)
        continue;
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, scope);
    }
  return g_string_free (out, out->len == 0);
}

static GError *
build_refusal (const FcProviderInfo *info,
               guint                 status,
               JsonObject           *object,
               const char * const   *secrets)
{
  const char *raw_error = get_string (object, "error");
  const char *raw_description = get_string (object, "error_description");
  g_autofree char *provider_error = NULL;
  g_autofree char *description = NULL;

  /* HubSpot answers {"status": "BAD_REFRESH_TOKEN", "message": "..."} */
  if (raw_error == NULL)
    raw_error = get_string (object, "status");
  if (raw_description == NULL)
    raw_description = get_string (object, "message");
  provider_error = redact (raw_error, secrets);
  description = redact (raw_description, secrets);

  if (status >= 500 || status == 429)
    return _fc_auth_error_new (FC_AUTH_ERROR_NETWORK, provider_error, description, status,
                               _("The %s token service is unavailable (HTTP %u)"),
                               info->display_name, status);

  if (provider_error != NULL && description != NULL)
    return _fc_auth_error_new (FC_AUTH_ERROR_PROVIDER, provider_error, description, status,
                               /* Translators: "HubSpot refused the token request:
                                * invalid_grant (refresh token expired)" */
                               _("%s refused the token request: %s (%s)"),
                               info->display_name, provider_error, description);
  if (provider_error != NULL)
    return _fc_auth_error_new (FC_AUTH_ERROR_PROVIDER, provider_error, NULL, status,
                               _("%s refused the token request: %s"),
                               info->display_name, provider_error);

  return _fc_auth_error_new (FC_AUTH_ERROR_PROVIDER, NULL, description, status,
                             _("%s refused the token request with HTTP status %u"),
                             info->display_name, status);
}

static GError *
bad_response (const FcProviderInfo *info,
              guint                 status,
              const char           *what)
{
  /* Translators: "The HubSpot token response has no access_token" */
  return _fc_auth_error_new (FC_AUTH_ERROR_BAD_RESPONSE, NULL, NULL, status,
                             _("The %s token response %s"), info->display_name, what);
}

/* Salesforce's id, issued_at and signature; sets identity_url on @token. */
static gboolean
check_identity (const FcProviderInfo  *info,
                guint                  status,
                JsonObject            *object,
                const FcAuthClient    *client,
                gboolean               require_signature,
                FcToken               *token,
                GError               **error)
{
  const char *identity_url = get_string (object, "id");
  const char *signature = get_string (object, "signature");
  g_autofree char *issued_at = NULL;

  if (!get_number_text (object, "issued_at", &issued_at))
    {
      g_propagate_error (error, bad_response (info, status, _("has a malformed issued_at")));
      return FALSE;
    }

  if (signature == NULL)
    {
      if (!require_signature)
        return TRUE;
      g_propagate_error (error, bad_response (info, status, _("has no signature")));
      return FALSE;
    }

  if (!_fc_auth_verify_identity_signature (client->secret, identity_url, issued_at, signature))
    {
      g_propagate_error (error,
                         bad_response (info, status,
                                       _("has a signature that does not match its id and "
                                         "issued_at")));
      return FALSE;
    }

  fc_token_set_identity_url (token, identity_url);
  return TRUE;
}

FcToken *
_fc_auth_parse_token_response (const FcProviderInfo  *info,
                               guint                  status,
                               GBytes                *body,
                               const FcAuthClient    *client,
                               FcToken               *previous,
                               gboolean               require_signature,
                               const char * const    *secrets,
                               GError               **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (FcToken) token = NULL;
  g_autofree char *scope = NULL;
  g_autofree char *expires_in = NULL;
  const char *refresh_token;
  const char *account_url = NULL;
  JsonObject *object = NULL;
  gint64 expires_at = 0;
  gsize size = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &size) : NULL;

  if (data != NULL && size > 0 && _fc_json_nesting_fits (data, size)
      && json_parser_load_from_data (parser, data, size, NULL))
    {
      JsonNode *root = json_parser_get_root (parser);

      if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
        object = json_node_get_object (root);
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_propagate_error (error, build_refusal (info, status, object, secrets));
      return NULL;
    }
  if (object == NULL)
    {
      g_propagate_error (error, bad_response (info, status, _("is not a JSON object")));
      return NULL;
    }
  if (get_string (object, "error") != NULL)
    {
      g_propagate_error (error, build_refusal (info, status, object, secrets));
      return NULL;
    }
  if (get_string (object, "access_token") == NULL || *get_string (object, "access_token") == 0)
    {
      g_propagate_error (error, bad_response (info, status, _("has no access_token")));
      return NULL;
    }
  if (!get_number_text (object, "expires_in", &expires_in)
      || (expires_in != NULL
          && !g_ascii_string_to_unsigned (expires_in, 10, 0, MAX_EXPIRES_IN_SECONDS, NULL,
                                          NULL)))
    {
      g_propagate_error (error, bad_response (info, status, _("has a malformed expires_in")));
      return NULL;
    }

  if (expires_in != NULL)
    expires_at = g_get_real_time () / G_USEC_PER_SEC + g_ascii_strtoll (expires_in, NULL, 10);
  if (info->expiry_from_jwt)
    _fc_auth_parse_jwt_expiry (get_string (object, "access_token"), &expires_at);

  refresh_token = get_string (object, "refresh_token");
  if (refresh_token == NULL && previous != NULL)
    refresh_token = fc_token_get_refresh_token (previous);
  scope = dup_scope (object);
  if (scope == NULL && previous != NULL)
    scope = g_strdup (fc_token_get_scope (previous));

  token = fc_token_new_oauth (get_string (object, "access_token"), refresh_token,
                              get_string (object, "token_type"), scope, expires_at);

  if (info->api_base_field != NULL)
    account_url = get_string (object, info->api_base_field);
  if (account_url == NULL && previous != NULL)
    account_url = fc_token_get_account_api_url (previous);
  if (g_strcmp0 (info->api_base_field, "api_domain") == 0)
    fc_token_set_api_domain (token, account_url);
  else if (g_strcmp0 (info->api_base_field, "instance_url") == 0)
    fc_token_set_instance_url (token, account_url);

  if (previous != NULL)
    fc_token_set_identity_url (token, fc_token_get_identity_url (previous));
  if (info->signs_identity &&
      !check_identity (info, status, object, client, require_signature, token, error))
    return NULL;

  if (client->own)
    fc_token_set_client (token, client->id, client->secret);

  return g_steal_pointer (&token);
}

/* ---- the request ----------------------------------------------------------------------- */

typedef struct {
  const FcProviderInfo *info;
  FcAuthClient          client;
  FcToken              *previous;
  gboolean              code_exchange;
  GStrv                 secrets;
  char                 *host;
  SoupMessage          *message;
} RequestData;

static void
request_data_free (gpointer data)
{
  RequestData *request = data;

  _fc_auth_client_clear (&request->client);
  g_clear_pointer (&request->previous, fc_token_unref);
  if (request->secrets != NULL)
    {
      for (guint i = 0; request->secrets[i] != NULL; i++)
        wipe_free (g_steal_pointer (&request->secrets[i]));
      g_free (request->secrets);
    }
  g_free (request->host);
  g_clear_object (&request->message);
  g_free (request);
}

static gboolean
is_secret_field (const char *name)
{
  static const char * const secret_fields[] = {
    "code", "code_verifier", "refresh_token", "client_secret", NULL
  };

  return g_strv_contains (secret_fields, name);
}

static void
on_token_response_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  RequestData *request = g_task_get_task_data (task);
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GError) error = NULL;
  FcToken *token;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_new_error (task, FC_AUTH_ERROR, FC_AUTH_ERROR_CANCELLED,
                                 _("The token request to %s was cancelled"),
                                 request->info->display_name);
      else
        g_task_return_error (task,
                             _fc_auth_error_new (FC_AUTH_ERROR_NETWORK, NULL, NULL, 0,
                                                 _("Could not reach %s at %s: %s"),
                                                 request->info->display_name, request->host,
                                                 error->message));
      return;
    }

  token = _fc_auth_parse_token_response (request->info,
                                         soup_message_get_status (request->message), body,
                                         &request->client, request->previous,
                                         request->code_exchange,
                                         (const char * const *) request->secrets, &error);
  if (token == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, token, (GDestroyNotify) fc_token_unref);
}

static void
add_basic_auth (SoupMessage        *message,
                const FcAuthClient *client)
{
  char *pair = g_strconcat (client->id, ":", client->secret, NULL);
  char *encoded = g_base64_encode ((const guchar *) pair, strlen (pair));
  char *value = g_strconcat ("Basic ", encoded, NULL);

  soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization",
                                value);
  wipe_free (pair);
  wipe_free (encoded);
  wipe_free (value);
}

static void
append_field (GString    *form,
              const char *name,
              const char *value)
{
  if (form->len > 0)
    g_string_append_c (form, '&');
  g_string_append_uri_escaped (form, name, NULL, FALSE);
  g_string_append_c (form, '=');
  g_string_append_uri_escaped (form, value, NULL, FALSE);
}

void
_fc_auth_request_token_async (SoupSession         *session,
                              FcProvider           provider,
                              FcConnection        *connection,
                              const FcAuthClient  *client,
                              FcToken             *previous,
                              gboolean             code_exchange,
                              const char * const  *fields,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autofree char *url = fc_provider_resolve_token_url (provider, connection);
  g_autoptr (GUri) uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  g_autoptr (GPtrArray) secrets = g_ptr_array_new ();
  RequestData *request = g_new0 (RequestData, 1);
  GString *form = g_string_new (NULL);

  g_task_set_source_tag (task, _fc_auth_request_token_async);
  g_task_set_task_data (task, request, request_data_free);
  request->info = fc_provider_info_get (provider);
  request->client.id = g_strdup (client->id);
  request->client.secret = g_strdup (client->secret);
  request->client.own = client->own;
  request->previous = previous != NULL ? fc_token_ref (previous) : NULL;
  request->code_exchange = code_exchange;

  for (guint i = 0; fields[i] != NULL && fields[i + 1] != NULL; i += 2)
    {
      append_field (form, fields[i], fields[i + 1]);
      if (is_secret_field (fields[i]))
        g_ptr_array_add (secrets, g_strdup (fields[i + 1]));
    }
  if (request->info->client_auth == FC_CLIENT_AUTH_FORM)
    {
      append_field (form, "client_id", client->id);
      append_field (form, "client_secret", client->secret);
    }
  g_ptr_array_add (secrets, g_strdup (client->secret));
  g_ptr_array_add (secrets, NULL);
  request->secrets = (GStrv) g_ptr_array_free (g_steal_pointer (&secrets), FALSE);

  if (uri == NULL || g_uri_get_host (uri) == NULL ||
      (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 &&
       g_strcmp0 (g_uri_get_scheme (uri), "https") != 0))
    {
      wipe_free (g_string_free (form, FALSE));
      g_task_return_new_error (task, FC_AUTH_ERROR, FC_AUTH_ERROR_CONFIG,
                               _("The %s token endpoint “%s” is not an http(s) URL"),
                               request->info->display_name, url);
      return;
    }
  request->host = g_strdup (g_uri_get_host (uri));

  request->message = soup_message_new_from_encoded_form ("POST", url,
                                                         g_string_free (form, FALSE));
  soup_message_headers_replace (soup_message_get_request_headers (request->message), "Accept",
                                "application/json");
  if (request->info->client_auth == FC_CLIENT_AUTH_BASIC)
    add_basic_auth (request->message, client);

  soup_session_send_and_read_async (session, request->message, G_PRIORITY_DEFAULT, cancellable,
                                    on_token_response_cb, g_steal_pointer (&task));
}

FcToken *
_fc_auth_request_token_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == _fc_auth_request_token_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
