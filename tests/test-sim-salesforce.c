/* test-sim-salesforce.c: the simulated Salesforce org, driven over real HTTP on loopback
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-test-sim-salesforce"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "fc-sim.h"

#define TOKEN "00Dsim!static-session-for-tests"
#define API "/salesforce/services/data/v64.0"
#define REDIRECT "http://127.0.0.1:9/oauth/callback"
#define CLIENT_ID "sim-salesforce-client-id"
#define CLIENT_SECRET "sim-salesforce-client-secret"

typedef struct
{
  FcSim       *sim;
  SoupSession *session;
  char        *base;
} Fixture;

typedef struct
{
  guint               status;
  SoupMessageHeaders *headers;
  char               *body;
  JsonNode           *json;
} Reply;

static void
reply_free (Reply *reply)
{
  g_clear_pointer (&reply->headers, soup_message_headers_unref);
  g_free (reply->body);
  g_clear_pointer (&reply->json, json_node_unref);
  g_free (reply);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  fixture->sim = fc_sim_new ();
  fc_sim_set_seed (fixture->sim, 4242);
  g_assert_true (fc_sim_start_in_thread (fixture->sim, 0, &error));
  g_assert_no_error (error);
  g_assert_true (fc_sim_add_static_token (fixture->sim, "salesforce", TOKEN, &error));
  g_assert_no_error (error);
  /* The daily allocation gets its own test */
  fc_sim_set_rate_limits_enabled (fixture->sim, NULL, FALSE);

  fixture->session = soup_session_new ();
  fixture->base = g_strdup (fc_sim_get_base_url (fixture->sim));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->session);
  fc_sim_stop (fixture->sim);
  g_assert_finalize_object (fixture->sim);
  g_free (fixture->base);
}

/* HTTP */

static Reply *
send_request (Fixture    *fixture,
              const char *method,
              const char *path,
              const char *token,
              const char *header,
              const char *value,
              const char *content_type,
              const char *body)
{
  g_autofree char *url = g_str_has_prefix (path, "http") ? g_strdup (path)
                                                          : g_strconcat (fixture->base, path,
                                                                         NULL);
  g_autoptr (SoupMessage) message = soup_message_new (method, url);
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;
  SoupMessageHeaders *headers;
  Reply *reply = g_new0 (Reply, 1);

  g_assert_nonnull (message);
  headers = soup_message_get_request_headers (message);
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
  if (token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (headers, "Authorization", authorization);
    }
  if (header != NULL)
    soup_message_headers_replace (headers, header, value);
  if (body != NULL)
    {
      g_autoptr (GBytes) request = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (message,
                                                content_type != NULL ? content_type
                                                                     : "application/json",
                                                request);
    }

  bytes = soup_session_send_and_read (fixture->session, message, NULL, &error);
  g_assert_no_error (error);

  reply->status = soup_message_get_status (message);
  reply->headers = soup_message_headers_ref (soup_message_get_response_headers (message));
  reply->body = g_bytes_get_size (bytes) > 0
                ? g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes))
                : g_strdup ("");
  if (reply->body[0] == '{' || reply->body[0] == '[')
    {
      g_autoptr (JsonParser) parser = json_parser_new ();

      if (json_parser_load_from_data (parser, reply->body, -1, NULL))
        reply->json = json_node_ref (json_parser_get_root (parser));
    }

  return reply;
}

/* A call to the org's REST API with the static session; @path below /services/data/v64.0, or
 * a whole path from /services/data on */
static Reply *
api_with_token (Fixture    *fixture,
                const char *token,
                const char *method,
                const char *path,
                const char *body)
{
  g_autofree char *full = g_str_has_prefix (path, "/services/")
                          ? g_strconcat ("/salesforce", path, NULL)
                          : g_strconcat (API, path, NULL);

  return send_request (fixture, method, full, token, NULL, NULL, NULL, body);
}

static Reply *
api (Fixture    *fixture,
     const char *method,
     const char *path,
     const char *body)
{
  return api_with_token (fixture, TOKEN, method, path, body);
}

static Reply *
query_with (Fixture    *fixture,
            const char *resource,
            const char *soql,
            const char *options)
{
  g_autofree char *escaped = g_uri_escape_string (soql, NULL, FALSE);
  g_autofree char *path = g_strdup_printf (API "/%s?q=%s", resource, escaped);

  return send_request (fixture, "GET", path, TOKEN, options != NULL ? "Sforce-Query-Options"
                                                                    : NULL,
                       options, NULL, NULL);
}

static Reply *
query (Fixture    *fixture,
       const char *soql)
{
  return query_with (fixture, "query", soql, NULL);
}

static Reply *
post_form (Fixture    *fixture,
           const char *mount,
           const char *path,
           const char *form)
{
  g_autofree char *full = g_strdup_printf ("/%s%s", mount, path);

  return send_request (fixture, "POST", full, NULL, NULL, NULL,
                       "application/x-www-form-urlencoded", form);
}

/* JSON */

static JsonObject *
object_of (Reply *reply)
{
  g_assert_nonnull (reply->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (reply->json));
  return json_node_get_object (reply->json);
}

static JsonArray *
array_of (Reply *reply)
{
  g_assert_nonnull (reply->json);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (reply->json));
  return json_node_get_array (reply->json);
}

static JsonArray *
records_of (Reply *reply)
{
  g_assert_cmpuint (reply->status, ==, 200);
  return json_object_get_array_member (object_of (reply), "records");
}

static const char *
header (Reply      *reply,
        const char *name)
{
  return soup_message_headers_get_one (reply->headers, name);
}

/* Checks the error array shape and returns the first message */
static const char *
assert_error (Reply      *reply,
              guint       status,
              const char *code)
{
  JsonArray *errors;
  JsonObject *first;

  g_assert_cmpuint (reply->status, ==, status);
  errors = array_of (reply);
  g_assert_cmpuint (json_array_get_length (errors), >=, 1);
  first = json_array_get_object_element (errors, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "errorCode"), ==, code);
  g_assert_nonnull (json_object_get_string_member (first, "message"));

  return json_object_get_string_member (first, "message");
}

static void
assert_oauth_error (Reply      *reply,
                    const char *error)
{
  JsonObject *object = object_of (reply);

  g_assert_cmpuint (reply->status, ==, 400);
  g_assert_cmpstr (json_object_get_string_member (object, "error"), ==, error);
  g_assert_nonnull (json_object_get_string_member (object, "error_description"));
}

static char *
seed (Fixture    *fixture,
      const char *object,
      const char *json)
{
  g_autoptr (GError) error = NULL;
  char *id = fc_sim_seed (fixture->sim, "salesforce", object, json, &error);

  g_assert_no_error (error);
  g_assert_nonnull (id);
  return id;
}

static void
set_clock (Fixture    *fixture,
           const char *now)
{
  g_autofree char *body = g_strdup_printf ("{\"now\":\"%s\"}", now);
  g_autofree char *answer = NULL;
  guint status = 0;

  answer = fc_sim_control (fixture->sim, "POST", "/clock", body, &status);
  g_assert_cmpuint (status, ==, 200);
}

static void
add_field (Fixture    *fixture,
           const char *object,
           const char *json)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *field = fc_sim_add_custom_field (fixture->sim, "salesforce", object, json,
                                                    &error);

  g_assert_no_error (error);
  g_assert_nonnull (field);
}

static JsonObject *
find_by_name (JsonArray  *array,
              const char *name)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);

      if (g_strcmp0 (json_object_get_string_member (object, "name"), name) == 0)
        return object;
    }

  return NULL;
}

static gboolean
has_picklist_value (JsonObject *field,
                    const char *value)
{
  JsonArray *values = json_object_get_array_member (field, "picklistValues");

  for (guint i = 0; i < json_array_get_length (values); i++)
    {
      JsonObject *entry = json_array_get_object_element (values, i);

      if (g_strcmp0 (json_object_get_string_member (entry, "value"), value) == 0)
        return TRUE;
    }

  return FALSE;
}

/* OAuth helpers, computed on the test's side */

static char *
pkce_challenge (const char *verifier)
{
  g_autoptr (GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize length = sizeof digest;
  char *encoded;
  gsize n;

  g_checksum_update (checksum, (const guchar *) verifier, -1);
  g_checksum_get_digest (checksum, digest, &length);
  encoded = g_base64_encode (digest, length);
  n = strlen (encoded);
  while (n > 0 && encoded[n - 1] == '=')
    encoded[--n] = '\0';
  g_strdelimit (encoded, "+", '-');
  g_strdelimit (encoded, "/", '_');

  return encoded;
}

static char *
expected_signature (const char *secret,
                    const char *id,
                    const char *issued_at)
{
  g_autoptr (GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *) secret,
                                       strlen (secret));
  guint8 digest[32];
  gsize length = sizeof digest;

  g_hmac_update (hmac, (const guchar *) id, -1);
  g_hmac_update (hmac, (const guchar *) issued_at, -1);
  g_hmac_get_digest (hmac, digest, &length);

  return g_base64_encode (digest, length);
}

/* Runs the authorize page; returns the Location's query parameters */
static GHashTable *
authorize (Fixture    *fixture,
           const char *mount,
           const char *challenge,
           const char *state)
{
  g_autofree char *escaped = g_uri_escape_string (REDIRECT, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/%s/services/oauth2/authorize?response_type=code"
                                           "&client_id=" CLIENT_ID "&redirect_uri=%s"
                                           "&scope=api%%20refresh_token&state=%s%s%s%s",
                                           mount, escaped, state,
                                           challenge != NULL ? "&code_challenge=" : "",
                                           challenge != NULL ? challenge : "",
                                           challenge != NULL ? "&code_challenge_method=S256"
                                                             : "");
  g_autoptr (Reply) reply = send_request (fixture, "GET", path, NULL, NULL, NULL, NULL, NULL);
  const char *location = header (reply, "Location");
  g_autoptr (GUri) uri = NULL;

  g_assert_cmpuint (reply->status, ==, 302);
  g_assert_true (g_str_has_prefix (location, REDIRECT "?"));
  uri = g_uri_parse (location, G_URI_FLAGS_NONE, NULL);
  g_assert_nonnull (uri);

  return g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, NULL);
}

static char *
authorize_code (Fixture    *fixture,
                const char *mount,
                const char *challenge)
{
  g_autoptr (GHashTable) params = authorize (fixture, mount, challenge, "st4te");

  g_assert_cmpstr (g_hash_table_lookup (params, "state"), ==, "st4te");
  g_assert_nonnull (g_hash_table_lookup (params, "code"));
  return g_strdup (g_hash_table_lookup (params, "code"));
}

static Reply *
exchange (Fixture    *fixture,
          const char *mount,
          const char *code,
          const char *verifier,
          gboolean    with_secret)
{
  g_autofree char *escaped = g_uri_escape_string (REDIRECT, NULL, FALSE);
  g_autofree char *form = g_strdup_printf ("grant_type=authorization_code&code=%s"
                                           "&client_id=" CLIENT_ID "&redirect_uri=%s%s%s%s",
                                           code, escaped,
                                           with_secret ? "&client_secret=" CLIENT_SECRET : "",
                                           verifier != NULL ? "&code_verifier=" : "",
                                           verifier != NULL ? verifier : "");

  return post_form (fixture, mount, "/services/oauth2/token", form);
}

static Reply *
refresh (Fixture    *fixture,
         const char *refresh_token)
{
  g_autofree char *form = g_strdup_printf ("grant_type=refresh_token&refresh_token=%s"
                                           "&client_id=" CLIENT_ID
                                           "&client_secret=" CLIENT_SECRET, refresh_token);

  return post_form (fixture, "salesforce-login", "/services/oauth2/token", form);
}

/* Tests: OAuth */

static void
test_oauth (Fixture       *fixture,
            gconstpointer  data)
{
  const char *mount = data;
  const char *other = g_str_equal (mount, "salesforce-login") ? "salesforce-test"
                                                               : "salesforce-login";
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *verifier = g_strconcat (uuid, "-pkce", NULL);
  g_autofree char *challenge = pkce_challenge (verifier);
  g_autofree char *code = NULL;
  g_autofree char *id_prefix = g_strdup_printf ("%s/%s/id/", fixture->base, mount);
  g_autofree char *instance = g_strdup_printf ("%s/salesforce", fixture->base);
  g_autofree char *signature = NULL;
  g_autofree char *from_sim = NULL;
  g_autoptr (Reply) reply = NULL;
  g_autoptr (GHashTable) params = NULL;
  JsonObject *tokens;
  const char *access, *id, *issued_at;
  gint64 issued;

  set_clock (fixture, "2025-03-01T10:00:00.123Z");

  /* A wrong verifier is invalid_request; the code is spent */
  code = authorize_code (fixture, mount, challenge);
  reply = exchange (fixture, mount, code, "not-the-verifier-0123456789012345678901234", TRUE);
  assert_oauth_error (reply, "invalid_request");
  g_clear_pointer (&reply, reply_free);
  reply = exchange (fixture, mount, code, verifier, TRUE);
  assert_oauth_error (reply, "invalid_grant");
  g_clear_pointer (&reply, reply_free);
  g_clear_pointer (&code, g_free);

  /* No verifier after a challenge is invalid_grant */
  code = authorize_code (fixture, mount, challenge);
  reply = exchange (fixture, mount, code, NULL, TRUE);
  assert_oauth_error (reply, "invalid_grant");
  g_clear_pointer (&reply, reply_free);
  g_clear_pointer (&code, g_free);

  /* A code works only on the login host that issued it */
  code = authorize_code (fixture, mount, challenge);
  reply = exchange (fixture, other, code, verifier, TRUE);
  assert_oauth_error (reply, "invalid_grant");
  g_clear_pointer (&reply, reply_free);
  g_clear_pointer (&code, g_free);

  /* The right verifier; with PKCE the secret may stay home */
  code = authorize_code (fixture, mount, challenge);
  reply = exchange (fixture, mount, code, verifier, FALSE);
  g_assert_cmpuint (reply->status, ==, 200);
  tokens = object_of (reply);
  access = json_object_get_string_member (tokens, "access_token");
  id = json_object_get_string_member (tokens, "id");
  issued_at = json_object_get_string_member (tokens, "issued_at");
  g_assert_nonnull (strchr (access, '!'));
  g_assert_nonnull (json_object_get_string_member (tokens, "refresh_token"));
  g_assert_cmpstr (json_object_get_string_member (tokens, "instance_url"), ==, instance);
  g_assert_cmpstr (json_object_get_string_member (tokens, "token_type"), ==, "Bearer");
  g_assert_cmpstr (json_object_get_string_member (tokens, "scope"), ==, "api refresh_token");
  g_assert_false (json_object_has_member (tokens, "expires_in"));
  g_assert_true (g_str_has_prefix (id, id_prefix));
  /* issued_at: epoch milliseconds, as a string */
  g_assert_true (g_ascii_string_to_signed (issued_at, 10, 0, G_MAXINT64, &issued, NULL));
  g_assert_cmpint (issued, ==, fc_sim_get_time_ms (fixture->sim));
  g_assert_cmpint (issued, ==, G_GINT64_CONSTANT (1740823200123));

  signature = expected_signature (CLIENT_SECRET, id, issued_at);
  from_sim = fc_sim_salesforce_sign (CLIENT_SECRET, id, issued_at);
  g_assert_cmpstr (json_object_get_string_member (tokens, "signature"), ==, signature);
  g_assert_cmpstr (from_sim, ==, signature);

  /* The session works on the instance and on the identity URL */
  {
    g_autoptr (Reply) sobjects = api_with_token (fixture, access, "GET", "/sobjects", NULL);
    g_autoptr (Reply) identity = send_request (fixture, "GET", id, access, NULL, NULL, NULL,
                                               NULL);
    g_autoptr (Reply) anonymous = send_request (fixture, "GET", id, NULL, NULL, NULL, NULL,
                                                NULL);

    g_assert_cmpuint (sobjects->status, ==, 200);
    g_assert_nonnull (header (sobjects, "Sforce-Limit-Info"));
    g_assert_cmpuint (identity->status, ==, 200);
    g_assert_cmpstr (json_object_get_string_member (object_of (identity), "id"), ==, id);
    g_assert_true (g_str_has_suffix (id, json_object_get_string_member (object_of (identity),
                                                                        "user_id")));
    g_assert_cmpuint (anonymous->status, ==, 403);
  }

  /* A user who says no */
  fc_sim_set_oauth_denied (fixture->sim, "salesforce", TRUE);
  params = authorize (fixture, mount, challenge, "st4te");
  g_assert_cmpstr (g_hash_table_lookup (params, "error"), ==, "access_denied");
  g_assert_cmpstr (g_hash_table_lookup (params, "state"), ==, "st4te");
  g_assert_null (g_hash_table_lookup (params, "code"));
}

typedef struct
{
  const char *secret;
  const char *id;
  const char *issued_at;
  const char *signature;
} SignatureVector;

static const SignatureVector signature_vectors[] = {
  /* provider-apis.md 4.1 */
  { "test_consumer_secret", "https://login.salesforce.com/id/00Dx0000000BV7z/005x00000012Q9P",
    "1278448384422", "++4q5UZdJowxBPXMq+vVO9pV7AHsp1PsARfgmrUX1fs=" },
  /* computed with Python's hmac module for this test */
  { "sim-salesforce-client-secret",
    "http://127.0.0.1:8080/salesforce-login/id/00D5g0000000001EAA/0055g0000000001AAA",
    "1735725600000", "mYucWyZCcUhomJ6roMUDRJcMKuOzKyWErpAJzQ3Dtfk=" },
  { "s3cr3t", "https://acme.my.salesforce.com/id/00D000000000001AAA/005000000000001AAA",
    "1700000000123", "A+i7RuDGdxF3OZb9ec+/QdFJAUQGQyjgmyTCKfB5hJ4=" },
};

static void
test_signature_vector (gconstpointer data)
{
  const SignatureVector *vector = data;
  g_autofree char *signature = fc_sim_salesforce_sign (vector->secret, vector->id,
                                                       vector->issued_at);

  g_assert_cmpstr (signature, ==, vector->signature);
}

/* Tests: sessions */

static void
test_session_expiry (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *code = NULL;
  g_autofree char *access = NULL;
  g_autofree char *refresh_token = NULL;
  g_autofree char *renewed = NULL;
  g_autoptr (Reply) reply = NULL;
  JsonObject *tokens;

  set_clock (fixture, "2025-03-01T10:00:00Z");
  fc_sim_set_token_lifetime (fixture->sim, "salesforce", 120);

  code = authorize_code (fixture, "salesforce-login", NULL);
  reply = exchange (fixture, "salesforce-login", code, NULL, TRUE);
  g_assert_cmpuint (reply->status, ==, 200);
  access = g_strdup (json_object_get_string_member (object_of (reply), "access_token"));
  refresh_token = g_strdup (json_object_get_string_member (object_of (reply), "refresh_token"));
  g_clear_pointer (&reply, reply_free);

  reply = api_with_token (fixture, access, "GET", "/limits", NULL);
  g_assert_cmpuint (reply->status, ==, 200);
  g_clear_pointer (&reply, reply_free);

  /* Past the session timeout without use */
  fc_sim_advance_clock (fixture->sim, 121 * 1000);
  reply = api_with_token (fixture, access, "GET", "/limits", NULL);
  g_assert_cmpstr (assert_error (reply, 401, "INVALID_SESSION_ID"), ==,
                   "Session expired or invalid");
  g_clear_pointer (&reply, reply_free);

  /* Refresh: a new session, no new refresh token, no expires_in */
  reply = refresh (fixture, refresh_token);
  g_assert_cmpuint (reply->status, ==, 200);
  tokens = object_of (reply);
  g_assert_false (json_object_has_member (tokens, "refresh_token"));
  g_assert_false (json_object_has_member (tokens, "expires_in"));
  g_assert_nonnull (json_object_get_string_member (tokens, "signature"));
  renewed = g_strdup (json_object_get_string_member (tokens, "access_token"));
  g_assert_cmpstr (renewed, !=, access);
  g_clear_pointer (&reply, reply_free);

  /* Use in the second half of the timeout extends the session */
  fc_sim_advance_clock (fixture->sim, 90 * 1000);
  reply = api_with_token (fixture, renewed, "GET", "/limits", NULL);
  g_assert_cmpuint (reply->status, ==, 200);
  g_clear_pointer (&reply, reply_free);
  fc_sim_advance_clock (fixture->sim, 90 * 1000);
  reply = api_with_token (fixture, renewed, "GET", "/limits", NULL);
  g_assert_cmpuint (reply->status, ==, 200);
  g_clear_pointer (&reply, reply_free);

  /* Ended at once through the control API */
  g_assert_true (fc_sim_expire_token (fixture->sim, renewed));
  reply = api_with_token (fixture, renewed, "GET", "/limits", NULL);
  assert_error (reply, 401, "INVALID_SESSION_ID");
  g_clear_pointer (&reply, reply_free);

  /* No session at all */
  reply = api_with_token (fixture, NULL, "GET", "/limits", NULL);
  assert_error (reply, 401, "INVALID_SESSION_ID");
  g_clear_pointer (&reply, reply_free);

  /* Revoking the refresh token ends the chain */
  {
    g_autofree char *form = g_strdup_printf ("token=%s", refresh_token);
    g_autoptr (Reply) revoked = post_form (fixture, "salesforce-login", "/services/oauth2/revoke",
                                           form);

    g_assert_cmpuint (revoked->status, ==, 200);
  }
  reply = refresh (fixture, refresh_token);
  assert_oauth_error (reply, "invalid_grant");
}

/* Tests: queries */

static void
test_query_paging (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (Reply) reply = NULL;
  g_autofree char *next = NULL;
  guint sizes[4] = { 0 };
  guint pages = 0;
  JsonObject *page;

  g_assert_true (fc_sim_seed_generated (fixture->sim, "salesforce", "Contact", 2500, &error));
  g_assert_no_error (error);

  /* Default batches of 2,000, then the rest through nextRecordsUrl */
  reply = query (fixture, "SELECT Id, LastName FROM Contact");
  while (TRUE)
    {
      JsonArray *records = records_of (reply);

      page = object_of (reply);
      g_assert_cmpint (json_object_get_int_member (page, "totalSize"), ==, 2500);
      for (guint i = 0; i < json_array_get_length (records); i++)
        {
          JsonObject *record = json_array_get_object_element (records, i);
          JsonObject *attributes = json_object_get_object_member (record, "attributes");

          g_assert_cmpstr (json_object_get_string_member (attributes, "type"), ==, "Contact");
          g_assert_true (g_hash_table_add (seen,
                                           g_strdup (json_object_get_string_member (record,
                                                                                    "Id"))));
        }
      sizes[pages++] = json_array_get_length (records);
      if (json_object_get_boolean_member (page, "done"))
        break;

      g_free (next);
      next = g_strdup (json_object_get_string_member (page, "nextRecordsUrl"));
      g_assert_true (g_str_has_prefix (next, "/services/data/v64.0/query/01g"));
      g_clear_pointer (&reply, reply_free);
      reply = api (fixture, "GET", next, NULL);
    }
  g_assert_false (json_object_has_member (page, "nextRecordsUrl"));
  g_assert_cmpuint (pages, ==, 2);
  g_assert_cmpuint (sizes[0], ==, 2000);
  g_assert_cmpuint (sizes[1], ==, 500);
  g_assert_true (g_str_has_suffix (next, "-2000"));
  g_assert_cmpuint (g_hash_table_size (seen), ==, 2500);
  g_clear_pointer (&reply, reply_free);

  /* batchSize=1000: three batches; the header also applies to the following ones */
  pages = 0;
  reply = query_with (fixture, "query", "SELECT Id FROM Contact", "batchSize=1000");
  while (TRUE)
    {
      page = object_of (reply);
      sizes[pages++] = json_array_get_length (records_of (reply));
      if (json_object_get_boolean_member (page, "done"))
        break;
      g_free (next);
      next = g_strconcat ("/salesforce", json_object_get_string_member (page, "nextRecordsUrl"),
                          NULL);
      g_clear_pointer (&reply, reply_free);
      reply = send_request (fixture, "GET", next, TOKEN, "Sforce-Query-Options",
                            "batchSize=1000", NULL, NULL);
    }
  g_assert_cmpuint (pages, ==, 3);
  g_assert_cmpuint (sizes[0], ==, 1000);
  g_assert_cmpuint (sizes[1], ==, 1000);
  g_assert_cmpuint (sizes[2], ==, 500);
  g_clear_pointer (&reply, reply_free);

  /* Below the minimum of 200, the batch is 200 */
  reply = query_with (fixture, "query", "SELECT Id FROM Contact", "batchSize=50");
  g_assert_cmpuint (json_array_get_length (records_of (reply)), ==, 200);
  g_clear_pointer (&reply, reply_free);

  /* A locator the org never handed out */
  reply = api (fixture, "GET", "/query/01g5g0000000999AAA-2000", NULL);
  assert_error (reply, 400, "INVALID_QUERY_LOCATOR");
  g_clear_pointer (&reply, reply_free);

  /* COUNT() */
  reply = query (fixture, "select count() from contact");
  g_assert_cmpint (json_object_get_int_member (object_of (reply), "totalSize"), ==, 2500);
  g_assert_cmpuint (json_array_get_length (records_of (reply)), ==, 0);
  g_clear_pointer (&reply, reply_free);

  /* ORDER BY, LIMIT and OFFSET */
  reply = query (fixture, "SELECT Id, Email FROM Contact ORDER BY Email DESC LIMIT 5 OFFSET 10");
  {
    JsonArray *records = records_of (reply);

    g_assert_cmpuint (json_array_get_length (records), ==, 5);
    g_assert_cmpint (json_object_get_int_member (object_of (reply), "totalSize"), ==, 5);
    for (guint i = 1; i < 5; i++)
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (records,
                                                                                     i - 1),
                                                      "Email"), >=,
                       json_object_get_string_member (json_array_get_object_element (records, i),
                                                      "Email"));
  }

  g_assert_cmpuint (fc_sim_get_count (fixture->sim, "salesforce", "GET",
                                      "/services/data/vXX.X/query/{locator}", 200), ==, 3);
}

static void
test_query_incremental (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *d = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (Reply) reply = NULL;
  JsonArray *records;
  JsonObject *row;

  set_clock (fixture, "2025-03-01T10:00:00Z");
  a = seed (fixture, "Contact", "{\"LastName\":\"Avery\"}");
  b = seed (fixture, "Contact", "{\"LastName\":\"Baker\"}");
  c = seed (fixture, "Contact", "{\"LastName\":\"Chen\"}");
  d = seed (fixture, "Contact", "{\"LastName\":\"Diaz\"}");

  /* The cursor is 10:01:00; then a UI edit, an API update and an API delete at 10:01:01.5 */
  fc_sim_advance_clock (fixture->sim, 61500);
  g_assert_true (fc_sim_edit (fixture->sim, "salesforce", "Contact", a, "{\"Title\":\"CTO\"}",
                              &error));
  g_assert_no_error (error);
  path = g_strdup_printf ("/sobjects/Contact/%s", b);
  reply = api (fixture, "PATCH", path, "{\"Phone\":\"+1 617 555 0100\"}");
  g_assert_cmpuint (reply->status, ==, 204);
  g_clear_pointer (&reply, reply_free);
  g_free (path);
  path = g_strdup_printf ("/sobjects/Contact/%s", c);
  reply = api (fixture, "DELETE", path, NULL);
  g_assert_cmpuint (reply->status, ==, 204);
  g_clear_pointer (&reply, reply_free);

  reply = query (fixture, "SELECT Id, LastName, SystemModstamp, LastModifiedDate FROM Contact "
                          "WHERE SystemModstamp > 2025-03-01T10:01:00Z "
                          "ORDER BY SystemModstamp, Id");
  records = records_of (reply);
  g_assert_cmpuint (json_array_get_length (records), ==, 2);
  row = json_array_get_object_element (records, 0);
  g_assert_cmpstr (json_object_get_string_member (row, "Id"), ==, a);
  /* Salesforce's format, to the second */
  g_assert_cmpstr (json_object_get_string_member (row, "SystemModstamp"), ==,
                   "2025-03-01T10:01:01.000+0000");
  g_assert_cmpstr (json_object_get_string_member (row, "LastModifiedDate"), ==,
                   "2025-03-01T10:01:01.000+0000");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (records, 1),
                                                  "Id"), ==, b);
  g_clear_pointer (&reply, reply_free);

  /* The same instant written with an offset */
  reply = query (fixture,
                 "SELECT Id FROM Contact WHERE SystemModstamp > 2025-03-01T11:01:00+01:00");
  g_assert_cmpuint (json_array_get_length (records_of (reply)), ==, 2);
  g_clear_pointer (&reply, reply_free);

  /* Equal stamps are not "greater" */
  reply = query (fixture, "SELECT Id FROM Contact WHERE SystemModstamp > 2025-03-01T10:01:01Z");
  g_assert_cmpuint (json_array_get_length (records_of (reply)), ==, 0);
  g_clear_pointer (&reply, reply_free);
  reply = query (fixture, "SELECT Id FROM Contact WHERE SystemModstamp <= 2025-03-01T10:01:00Z");
  records = records_of (reply);
  g_assert_cmpuint (json_array_get_length (records), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (records, 0),
                                                  "Id"), ==, d);
  g_clear_pointer (&reply, reply_free);

  /* queryAll also returns the deleted row, with IsDeleted */
  reply = query_with (fixture, "queryAll", "SELECT Id, IsDeleted FROM Contact "
                                           "WHERE SystemModstamp > 2025-03-01T10:01:00Z", NULL);
  records = records_of (reply);
  g_assert_cmpuint (json_array_get_length (records), ==, 3);
  row = json_array_get_object_element (records, 2);
  g_assert_cmpstr (json_object_get_string_member (row, "Id"), ==, c);
  g_assert_true (json_object_get_boolean_member (row, "IsDeleted"));
  g_clear_pointer (&reply, reply_free);
  reply = query (fixture, "SELECT Id FROM Contact WHERE IsDeleted = true");
  g_assert_cmpuint (json_array_get_length (records_of (reply)), ==, 0);
}

typedef struct
{
  const char *object;
  const char *where;
  guint       expected;
} WhereCase;

static const WhereCase where_cases[] = {
  { "Contact", "MailingCity = 'London'", 2 },
  { "Contact", "MailingCity = 'london'", 2 },
  { "Contact", "MailingCity != 'London'", 4 },
  { "Contact", "MailingCity <> 'London'", 4 },
  { "Contact", "Email = null", 1 },
  { "Contact", "Email != null", 5 },
  { "Contact", "Title LIKE 'Prof%'", 3 },
  { "Contact", "Title LIKE '%admiral'", 1 },
  { "Contact", "Email LIKE '%@example.com'", 2 },
  { "Contact", "FirstName LIKE 'A__'", 1 },
  { "Contact", "LastName IN ('Hopper', 'Knuth', 'Nobody')", 2 },
  { "Contact", "LastName NOT IN ('Hopper', 'Knuth')", 4 },
  { "Contact", "MailingCity = 'London' AND FirstName = 'Alan'", 1 },
  { "Contact", "MailingCity = 'London' OR MailingCity = 'Austin'", 3 },
  { "Contact", "(MailingCity = 'London' OR MailingCity = 'Boston') AND Title LIKE 'Prof%'", 1 },
  { "Contact", "NOT (MailingCity = 'London')", 4 },
  { "Contact", "Birthdate < 1900-01-01", 1 },
  { "Contact", "LastName > 'L'", 3 },
  { "Contact", "CreatedDate >= 2025-03-01T10:00:00Z AND CreatedDate < 2025-03-02T00:00:00Z", 6 },
  { "Opportunity", "Amount > 999.99", 2 },
  { "Opportunity", "Amount >= 50000", 1 },
  { "Opportunity", "Amount = null", 1 },
  { "Opportunity", "IsWon = true", 1 },
  { "Opportunity", "IsClosed = false", 1 },
  { "Opportunity", "CloseDate >= 2026-01-01", 2 },
  { "Opportunity", "StageName = 'Closed Won' AND Amount > 1000", 1 },
  { "Opportunity", "Probability = 10", 1 },
};

static void
seed_people (Fixture *fixture)
{
  static const char * const contacts[] = {
    "{\"FirstName\":\"Ada\",\"LastName\":\"Lovelace\",\"Email\":\"ada@example.com\","
    "\"MailingCity\":\"London\",\"Title\":\"Analyst\",\"Birthdate\":\"1815-12-10\"}",
    "{\"FirstName\":\"Grace\",\"LastName\":\"Hopper\",\"Email\":\"grace@navy.example.mil\","
    "\"MailingCity\":\"Arlington\",\"Title\":\"Rear Admiral\",\"Birthdate\":\"1906-12-09\"}",
    "{\"FirstName\":\"Alan\",\"LastName\":\"Turing\",\"Email\":\"alan@example.co.uk\","
    "\"MailingCity\":\"London\"}",
    "{\"FirstName\":\"Edsger\",\"LastName\":\"Dijkstra\",\"MailingCity\":\"Austin\","
    "\"Title\":\"Professor\"}",
    "{\"FirstName\":\"Barbara\",\"LastName\":\"Liskov\",\"Email\":\"barbara@mit.example.edu\","
    "\"MailingCity\":\"Boston\",\"Title\":\"Professor\"}",
    "{\"FirstName\":\"Donald\",\"LastName\":\"Knuth\",\"Email\":\"don@example.com\","
    "\"MailingCity\":\"Stanford\",\"Title\":\"Professor Emeritus\"}",
  };
  static const char * const opportunities[] = {
    "{\"Name\":\"Pilot\",\"StageName\":\"Prospecting\",\"CloseDate\":\"2026-01-15\","
    "\"Amount\":1000}",
    "{\"Name\":\"Rollout\",\"StageName\":\"Closed Won\",\"CloseDate\":\"2025-12-31\","
    "\"Amount\":50000}",
    "{\"Name\":\"Renewal\",\"StageName\":\"Closed Lost\",\"CloseDate\":\"2026-06-30\"}",
  };

  set_clock (fixture, "2025-03-01T10:00:00Z");
  for (guint i = 0; i < G_N_ELEMENTS (contacts); i++)
    g_free (seed (fixture, "Contact", contacts[i]));
  for (guint i = 0; i < G_N_ELEMENTS (opportunities); i++)
    g_free (seed (fixture, "Opportunity", opportunities[i]));
}

static void
test_query_where (Fixture       *fixture,
                  gconstpointer  data)
{
  const WhereCase *where = data;
  g_autofree char *soql = g_strdup_printf ("SELECT Id FROM %s WHERE %s", where->object,
                                           where->where);
  g_autoptr (Reply) reply = NULL;

  seed_people (fixture);
  reply = query (fixture, soql);
  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (records_of (reply)), ==, where->expected);
  g_assert_cmpint (json_object_get_int_member (object_of (reply), "totalSize"), ==,
                   where->expected);
}

typedef struct
{
  const char *soql;
  const char *code;
  const char *fragment;
} BadQuery;

static const BadQuery bad_queries[] = {
  { "SELECT Id FORM Contact", "MALFORMED_QUERY", "unexpected token: 'FORM'" },
  { "SELECT Id FROM Contact WHERE", "MALFORMED_QUERY", "unexpected token: '<EOF>'" },
  { "SELECT Id FROM Contact WHERE LastName = 'a' AND Email = 'b' OR Phone = 'c'",
    "MALFORMED_QUERY", "unexpected token: 'OR'" },
  { "SELECT Id FROM Contact WHERE LastName = 'open", "MALFORMED_QUERY", "ERROR at Row:1" },
  { "SELECT Id, Id FROM Contact", "MALFORMED_QUERY", "duplicate field selected: Id" },
  { "SELECT Id FROM Contact WHERE CreatedDate > TODAY", "MALFORMED_QUERY", "TODAY" },
  { "SELECT Id FROM Contact WHERE SystemModstamp > 2025-01-01T00:00:00", "MALFORMED_QUERY",
    "not a valid dateTime" },
  { "SELECT Id, Foo__c FROM Contact", "INVALID_FIELD", "No such column 'Foo__c' on entity "
    "'Contact'" },
  { "SELECT Id FROM Widget__c", "INVALID_TYPE", "sObject type 'Widget__c' is not supported" },
  { "SELECT Id FROM Contact WHERE SystemModstamp > '2025-01-01T00:00:00Z'", "INVALID_FIELD",
    "must be of type dateTime and should not be enclosed in quotes" },
  { "SELECT Id FROM Contact WHERE LastName = 5", "INVALID_FIELD",
    "must be of type string and should be enclosed in quotes" },
  { "SELECT Id FROM Contact WHERE MailingAddress = 'x'", "INVALID_FIELD", "can not be filtered" },
  { "SELECT Id FROM Contact WHERE Id = 'abc'", "INVALID_QUERY_FILTER_OPERATOR",
    "invalid ID field: abc" },
  { "SELECT Id FROM Contact OFFSET 2001", "NUMBER_OUTSIDE_VALID_RANGE",
    "Maximum SOQL offset allowed is 2000" },
  { "", "MALFORMED_QUERY", "A query string has to be specified" },
};

static void
test_query_error (Fixture       *fixture,
                  gconstpointer  data)
{
  const BadQuery *bad = data;
  g_autoptr (Reply) reply = query (fixture, bad->soql);
  const char *message = assert_error (reply, 400, bad->code);

  g_assert_nonnull (strstr (message, bad->fragment));
  if (bad->soql[0] != '\0' && !g_str_equal (bad->code, "NUMBER_OUTSIDE_VALID_RANGE"))
    g_assert_true (g_str_has_prefix (message, "\n"));
}

/* Tests: describe */

static void
test_describe (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *field = NULL;
  g_autoptr (Reply) reply = NULL;
  g_autoptr (JsonNode) node = NULL;
  JsonArray *fields;
  JsonObject *object;

  set_clock (fixture, "2025-03-01T10:00:00Z");
  field = fc_sim_add_custom_field (fixture->sim, "salesforce", "Contact",
                                   "{\"name\":\"Legacy_Id__c\",\"label\":\"Legacy Id\","
                                   "\"type\":\"string\",\"length\":40,\"externalId\":true}",
                                   &error);
  g_assert_no_error (error);
  node = json_from_string (field, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (node), "externalId"));
  add_field (fixture, "Contact", "{\"label\":\"Tier\",\"type\":\"picklist\","
                                 "\"picklistValues\":[\"Gold\",\"Silver\"],\"restricted\":true}");

  reply = api (fixture, "GET", "/sobjects/Contact/describe", NULL);
  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (object_of (reply), "keyPrefix"), ==, "003");
  fields = json_object_get_array_member (object_of (reply), "fields");

  object = find_by_name (fields, "LastName");
  g_assert_cmpstr (json_object_get_string_member (object, "type"), ==, "string");
  g_assert_cmpint (json_object_get_int_member (object, "length"), ==, 80);
  g_assert_false (json_object_get_boolean_member (object, "nillable"));
  g_assert_true (json_object_get_boolean_member (object, "createable"));
  g_assert_cmpstr (json_object_get_string_member (find_by_name (fields, "Email"), "type"), ==,
                   "email");
  object = find_by_name (fields, "AccountId");
  g_assert_cmpstr (json_object_get_string_member (object, "type"), ==, "reference");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (object,
                                                                                "referenceTo"),
                                                  0), ==, "Account");
  g_assert_cmpstr (json_object_get_string_member (find_by_name (fields, "MailingAddress"),
                                                  "type"), ==, "address");
  g_assert_cmpstr (json_object_get_string_member (find_by_name (fields, "MailingCity"),
                                                  "compoundFieldName"), ==, "MailingAddress");
  object = find_by_name (fields, "SystemModstamp");
  g_assert_cmpstr (json_object_get_string_member (object, "type"), ==, "datetime");
  g_assert_false (json_object_get_boolean_member (object, "createable"));

  object = find_by_name (fields, "Legacy_Id__c");
  g_assert_nonnull (object);
  g_assert_true (json_object_get_boolean_member (object, "externalId"));
  g_assert_true (json_object_get_boolean_member (object, "custom"));
  g_assert_true (json_object_get_boolean_member (object, "idLookup"));
  g_assert_cmpint (json_object_get_int_member (object, "length"), ==, 40);
  object = find_by_name (fields, "Tier__c");
  g_assert_nonnull (object);
  g_assert_true (json_object_get_boolean_member (object, "restrictedPicklist"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object,
                                                                          "picklistValues")),
                    ==, 2);
  g_clear_pointer (&reply, reply_free);

  /* If-Modified-Since: 304 until the schema changes */
  reply = send_request (fixture, "GET", API "/sobjects/Contact/describe", TOKEN,
                        "If-Modified-Since", "Sat, 01 Mar 2025 10:00:30 GMT", NULL, NULL);
  g_assert_cmpuint (reply->status, ==, 304);
  g_assert_cmpstr (reply->body, ==, "");
  g_clear_pointer (&reply, reply_free);
  fc_sim_advance_clock (fixture->sim, 60 * 1000);
  add_field (fixture, "Contact", "{\"name\":\"Score__c\",\"type\":\"double\",\"precision\":5,"
                                 "\"scale\":1}");
  reply = send_request (fixture, "GET", API "/sobjects/Contact/describe", TOKEN,
                        "If-Modified-Since", "Sat, 01 Mar 2025 10:00:30 GMT", NULL, NULL);
  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_nonnull (find_by_name (json_object_get_array_member (object_of (reply), "fields"),
                                  "Score__c"));
  g_clear_pointer (&reply, reply_free);

  /* The other objects */
  reply = api (fixture, "GET", "/sobjects/Opportunity/describe", NULL);
  fields = json_object_get_array_member (object_of (reply), "fields");
  object = find_by_name (fields, "StageName");
  g_assert_true (json_object_get_boolean_member (object, "restrictedPicklist"));
  g_assert_true (has_picklist_value (object, "Closed Won"));
  g_assert_false (has_picklist_value (object, "Closed Maybe"));
  g_assert_false (json_object_get_boolean_member (find_by_name (fields, "CloseDate"),
                                                  "nillable"));
  g_clear_pointer (&reply, reply_free);
  reply = api (fixture, "GET", "/sobjects/", NULL);
  g_assert_cmpint (json_object_get_int_member (object_of (reply), "maxBatchSize"), ==, 200);
  g_assert_nonnull (find_by_name (json_object_get_array_member (object_of (reply), "sobjects"),
                                  "Lead"));
  g_clear_pointer (&reply, reply_free);
  reply = api (fixture, "GET", "/sobjects/Widget__c/describe", NULL);
  assert_error (reply, 404, "NOT_FOUND");
  g_clear_pointer (&reply, reply_free);

  /* The new fields at work */
  reply = api (fixture, "POST", "/sobjects/Contact", "{\"LastName\":\"Gold\",\"Tier__c\":"
                                                     "\"Platinum\"}");
  assert_error (reply, 400, "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST");
  g_clear_pointer (&reply, reply_free);
  reply = query (fixture, "SELECT Id, Legacy_Id__c, Score__c FROM Contact "
                          "WHERE Legacy_Id__c = 'L-1' OR Score__c > 1.5");
  g_assert_cmpuint (reply->status, ==, 200);
}

/* Tests: records */

static void
test_crud (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr (Reply) reply = NULL;
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  g_autofree char *short_path = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *long_name = g_strnfill (81, 'x');
  g_autofree char *body = NULL;
  JsonObject *object;

  set_clock (fixture, "2025-03-01T10:00:00Z");
  reply = api (fixture, "POST", "/sobjects/Contact",
               "{\"FirstName\":\"Ada\",\"LastName\":\"Lovelace\",\"Email\":\"ada@example.com\"}");
  g_assert_cmpuint (reply->status, ==, 201);
  object = object_of (reply);
  g_assert_true (json_object_get_boolean_member (object, "success"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "errors")), ==,
                    0);
  id = g_strdup (json_object_get_string_member (object, "id"));
  g_assert_cmpuint (strlen (id), ==, 18);
  g_assert_true (g_str_has_prefix (id, "003"));
  /* A fresh org: this was the first API request of the day */
  g_assert_cmpstr (header (reply, "Sforce-Limit-Info"), ==, "api-usage=1/15000");
  g_clear_pointer (&reply, reply_free);

  path = g_strdup_printf ("/sobjects/Contact/%s", id);
  short_path = g_strdup_printf ("/sobjects/Contact/%.15s?fields=Id,Name,Email,SystemModstamp",
                                id);
  reply = api (fixture, "GET", short_path, NULL);
  g_assert_cmpuint (reply->status, ==, 200);
  object = object_of (reply);
  g_assert_cmpuint (json_object_get_size (object), ==, 5);
  g_assert_cmpstr (json_object_get_string_member (object, "Id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (object, "Name"), ==, "Ada Lovelace");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object,
                                                                                 "attributes"),
                                                  "type"), ==, "Contact");
  stamp = g_strdup (json_object_get_string_member (object, "SystemModstamp"));
  g_clear_pointer (&reply, reply_free);

  fc_sim_advance_clock (fixture->sim, 5000);
  reply = api (fixture, "PATCH", path, "{\"Phone\":\"+1 617 555 0100\"}");
  g_assert_cmpuint (reply->status, ==, 204);
  g_assert_cmpstr (reply->body, ==, "");
  g_clear_pointer (&reply, reply_free);
  reply = api (fixture, "GET", path, NULL);
  object = object_of (reply);
  g_assert_cmpstr (json_object_get_string_member (object, "Phone"), ==, "+1 617 555 0100");
  g_assert_cmpstr (json_object_get_string_member (object, "SystemModstamp"), >, stamp);
  g_assert_cmpstr (json_object_get_string_member (object, "CreatedDate"), ==, stamp);
  g_clear_pointer (&reply, reply_free);

  /* Values Salesforce refuses */
  body = g_strdup_printf ("{\"LastName\":\"%s\"}", long_name);
  reply = api (fixture, "PATCH", path, body);
  g_assert_nonnull (strstr (assert_error (reply, 400, "STRING_TOO_LONG"), "max length=80"));
  g_assert_cmpstr (json_array_get_string_element (
                     json_object_get_array_member (json_array_get_object_element (array_of (reply),
                                                                                  0), "fields"),
                     0), ==, "LastName");
  g_clear_pointer (&reply, reply_free);
  reply = api (fixture, "PATCH", path, "{\"Email\":\"not-an-email\"}");
  assert_error (reply, 400, "INVALID_EMAIL_ADDRESS");
  g_clear_pointer (&reply, reply_free);
  reply = api (fixture, "PATCH", path, "{\"Shoe_Size__c\":44}");
  assert_error (reply, 400, "INVALID_FIELD");
  g_clear_pointer (&reply, reply_free);
  reply = api (fixture, "PATCH", path, "{\"LastName\":null}");
  assert_error (reply, 400, "REQUIRED_FIELD_MISSING");
  g_clear_pointer (&reply, reply_free);
  reply = api (fixture, "PATCH", path, "{\"Name\":\"Someone Else\"}");
  assert_error (reply, 400, "INVALID_FIELD_FOR_INSERT_UPDATE");
  g_clear_pointer (&reply, reply_free);
  g_free (body);
  body = g_strdup_printf ("{\"AccountId\":\"%s\"}", id);
  reply = api (fixture, "PATCH", path, body);
  assert_error (reply, 400, "FIELD_INTEGRITY_EXCEPTION");
  g_clear_pointer (&reply, reply_free);
  reply = api (fixture, "POST", "/sobjects/Contact", "{\"FirstName\":\"Nobody\"}");
  g_assert_cmpstr (assert_error (reply, 400, "REQUIRED_FIELD_MISSING"), ==,
                   "Required fields are missing: [LastName]");
  g_clear_pointer (&reply, reply_free);
  reply = api (fixture, "POST", "/sobjects/Account", "{\"Phone\":\"555\"}");
  g_assert_cmpstr (assert_error (reply, 400, "REQUIRED_FIELD_MISSING"), ==,
                   "Required fields are missing: [Name]");
  g_clear_pointer (&reply, reply_free);
  reply = api (fixture, "POST", "/sobjects/Opportunity", "{\"Name\":\"Deal\"}");
  g_assert_cmpstr (assert_error (reply, 400, "REQUIRED_FIELD_MISSING"), ==,
                   "Required fields are missing: [StageName, CloseDate]");
  g_clear_pointer (&reply, reply_free);
  reply = api (fixture, "POST", "/sobjects/Opportunity",
               "{\"Name\":\"Deal\",\"StageName\":\"Prospecting\",\"CloseDate\":\"2026-01-31\","
               "\"Amount\":\"lots\"}");
  assert_error (reply, 400, "JSON_PARSER_ERROR");
  g_clear_pointer (&reply, reply_free);
  reply = api (fixture, "POST", "/sobjects/Contact", "{\"LastName\":");
  assert_error (reply, 400, "JSON_PARSER_ERROR");
  g_clear_pointer (&reply, reply_free);

  /* Delete: 204, then gone for reads and deleted for writes */
  reply = api (fixture, "DELETE", path, NULL);
  g_assert_cmpuint (reply->status, ==, 204);
  g_clear_pointer (&reply, reply_free);
  reply = api (fixture, "GET", path, NULL);
  assert_error (reply, 404, "NOT_FOUND");
  g_clear_pointer (&reply, reply_free);
  reply = api (fixture, "DELETE", path, NULL);
  assert_error (reply, 404, "ENTITY_IS_DELETED");
  g_clear_pointer (&reply, reply_free);
  reply = api (fixture, "GET", "/sobjects/Contact/not-an-id", NULL);
  assert_error (reply, 404, "NOT_FOUND");
  g_clear_pointer (&reply, reply_free);
  reply = api (fixture, "PUT", path, "{}");
  assert_error (reply, 405, "METHOD_NOT_ALLOWED");
  g_clear_pointer (&reply, reply_free);

  /* Versions: listed without a session; one the org does not serve is 404 */
  reply = send_request (fixture, "GET", "/salesforce/services/data", NULL, NULL, NULL, NULL,
                        NULL);
  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (array_of (reply)), >, 10);
  g_clear_pointer (&reply, reply_free);
  reply = api (fixture, "GET", "/services/data/v20.0/sobjects", NULL);
  assert_error (reply, 404, "NOT_FOUND");
}

/* Tests: sObject Collections */

#define MIXED_CREATE \
  "{\"allOrNone\":%s,\"records\":[" \
  "{\"attributes\":{\"type\":\"Contact\"},\"LastName\":\"Avery\"," \
  "\"Email\":\"avery@example.com\"}," \
  "{\"attributes\":{\"type\":\"Contact\"},\"FirstName\":\"No last name\"}," \
  "{\"attributes\":{\"type\":\"Account\"},\"Name\":\"Avery Holdings\"}]}"

static JsonObject *
result_at (Reply *reply,
           guint  index)
{
  return json_array_get_object_element (array_of (reply), index);
}

static const char *
result_error (Reply *reply,
              guint  index)
{
  JsonArray *errors = json_object_get_array_member (result_at (reply, index), "errors");

  g_assert_false (json_object_get_boolean_member (result_at (reply, index), "success"));
  g_assert_cmpuint (json_array_get_length (errors), ==, 1);
  return json_object_get_string_member (json_array_get_object_element (errors, 0), "statusCode");
}

static void
test_collections_partial (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *body = g_strdup_printf (MIXED_CREATE, "false");
  g_autoptr (Reply) reply = api (fixture, "POST", "/composite/sobjects", body);
  g_autofree char *contact = NULL;
  g_autofree char *account = NULL;
  g_autofree char *path = NULL;
  JsonArray *errors;

  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (array_of (reply)), ==, 3);
  g_assert_true (json_object_get_boolean_member (result_at (reply, 0), "success"));
  contact = g_strdup (json_object_get_string_member (result_at (reply, 0), "id"));
  g_assert_true (g_str_has_prefix (contact, "003"));
  g_assert_cmpstr (result_error (reply, 1), ==, "REQUIRED_FIELD_MISSING");
  errors = json_object_get_array_member (result_at (reply, 1), "errors");
  g_assert_cmpstr (json_array_get_string_element (
                     json_object_get_array_member (json_array_get_object_element (errors, 0),
                                                   "fields"), 0), ==, "LastName");
  g_assert_false (json_object_has_member (result_at (reply, 1), "id"));
  account = g_strdup (json_object_get_string_member (result_at (reply, 2), "id"));
  g_assert_true (g_str_has_prefix (account, "001"));
  g_assert_cmpuint (fc_sim_count_records (fixture->sim, "salesforce", "Contact", FALSE), ==, 1);
  g_assert_cmpuint (fc_sim_count_records (fixture->sim, "salesforce", "Account", FALSE), ==, 1);
  g_clear_pointer (&reply, reply_free);

  /* Update: records carry their Id; one bad value fails alone */
  g_free (body);
  body = g_strdup_printf ("{\"allOrNone\":false,\"records\":["
                          "{\"attributes\":{\"type\":\"Contact\"},\"Id\":\"%s\","
                          "\"AccountId\":\"%s\"},"
                          "{\"attributes\":{\"type\":\"Account\"},\"Id\":\"%s\","
                          "\"Website\":\"%s\"},"
                          "{\"attributes\":{\"type\":\"Contact\"},\"LastName\":\"No Id\"}]}",
                          contact, account, account, "https://avery.example.com");
  reply = api (fixture, "PATCH", "/composite/sobjects", body);
  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_true (json_object_get_boolean_member (result_at (reply, 0), "success"));
  g_assert_true (json_object_get_boolean_member (result_at (reply, 1), "success"));
  g_assert_cmpstr (result_error (reply, 2), ==, "MISSING_ARGUMENT");
  g_clear_pointer (&reply, reply_free);

  /* Retrieve, with null for unknown ids */
  path = g_strdup_printf ("/composite/sobjects/Contact?ids=%s,0035g0000000999AAA"
                          "&fields=Id,LastName,AccountId", contact);
  reply = api (fixture, "GET", path, NULL);
  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (result_at (reply, 0), "AccountId"), ==,
                   account);
  g_assert_true (JSON_NODE_HOLDS_NULL (json_array_get_element (array_of (reply), 1)));
  g_clear_pointer (&reply, reply_free);

  /* Delete, one id at a time in the results */
  g_free (path);
  path = g_strdup_printf ("/composite/sobjects?ids=%s,%s,garbage&allOrNone=false", contact,
                          account);
  reply = api (fixture, "DELETE", path, NULL);
  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_true (json_object_get_boolean_member (result_at (reply, 0), "success"));
  g_assert_true (json_object_get_boolean_member (result_at (reply, 1), "success"));
  g_assert_cmpstr (result_error (reply, 2), ==, "MALFORMED_ID");
  g_assert_cmpuint (fc_sim_count_records (fixture->sim, "salesforce", "Contact", FALSE), ==, 0);
}

static void
test_collections_all_or_none (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *body = g_strdup_printf (MIXED_CREATE, "true");
  g_autoptr (Reply) reply = api (fixture, "POST", "/composite/sobjects", body);
  g_autoptr (GString) many = g_string_new ("{\"records\":[");

  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpstr (result_error (reply, 0), ==, "ALL_OR_NONE_OPERATION_ROLLED_BACK");
  g_assert_cmpstr (result_error (reply, 1), ==, "REQUIRED_FIELD_MISSING");
  g_assert_cmpstr (result_error (reply, 2), ==, "ALL_OR_NONE_OPERATION_ROLLED_BACK");
  for (guint i = 0; i < 3; i++)
    g_assert_false (json_object_has_member (result_at (reply, i), "id"));
  g_assert_cmpuint (fc_sim_count_records (fixture->sim, "salesforce", "Contact", TRUE), ==, 0);
  g_assert_cmpuint (fc_sim_count_records (fixture->sim, "salesforce", "Account", TRUE), ==, 0);
  g_clear_pointer (&reply, reply_free);

  /* Every record valid: all written */
  reply = api (fixture, "POST", "/composite/sobjects",
               "{\"allOrNone\":true,\"records\":["
               "{\"attributes\":{\"type\":\"Contact\"},\"LastName\":\"One\"},"
               "{\"attributes\":{\"type\":\"Lead\"},\"LastName\":\"Two\",\"Company\":\"Acme\"}]}");
  g_assert_true (json_object_get_boolean_member (result_at (reply, 0), "success"));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (result_at (reply, 1), "id"),
                                   "00Q"));
  g_clear_pointer (&reply, reply_free);

  /* An Id in a create, a missing type */
  reply = api (fixture, "POST", "/composite/sobjects",
               "{\"records\":[{\"attributes\":{\"type\":\"Contact\"},\"Id\":"
               "\"0035g0000000001AAA\",\"LastName\":\"X\"},{\"LastName\":\"Y\"}]}");
  g_assert_cmpstr (result_error (reply, 0), ==, "INVALID_FIELD_FOR_INSERT_UPDATE");
  g_assert_cmpstr (result_error (reply, 1), ==, "INVALID_TYPE");
  g_clear_pointer (&reply, reply_free);

  /* More than 200 records: refused as a whole */
  for (guint i = 0; i < 201; i++)
    g_string_append_printf (many, "%s{\"attributes\":{\"type\":\"Contact\"},\"LastName\":\"N%u\"}",
                            i > 0 ? "," : "", i);
  g_string_append (many, "]}");
  reply = api (fixture, "POST", "/composite/sobjects", many->str);
  assert_error (reply, 400, "EXCEEDED_ID_LIMIT");
  g_assert_cmpuint (fc_sim_count_records (fixture->sim, "salesforce", "Contact", FALSE), ==, 1);
}

/* Tests: upsert */

static void
test_upsert (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr (Reply) reply = NULL;
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  JsonObject *object;

  add_field (fixture, "Contact", "{\"name\":\"Legacy_Id__c\",\"type\":\"string\","
                                 "\"externalId\":true}");
  g_free (seed (fixture, "Contact", "{\"LastName\":\"Twin A\",\"Legacy_Id__c\":\"L-dup\"}"));
  g_free (seed (fixture, "Contact", "{\"LastName\":\"Twin B\",\"Legacy_Id__c\":\"L-DUP\"}"));

  /* Created: 201 with created:true */
  reply = api (fixture, "PATCH", "/sobjects/Contact/Legacy_Id__c/L-1", "{\"LastName\":\"Avery\"}");
  g_assert_cmpuint (reply->status, ==, 201);
  object = object_of (reply);
  g_assert_true (json_object_get_boolean_member (object, "created"));
  g_assert_true (json_object_get_boolean_member (object, "success"));
  id = g_strdup (json_object_get_string_member (object, "id"));
  g_clear_pointer (&reply, reply_free);

  /* Updated: 204 */
  reply = api (fixture, "PATCH", "/sobjects/Contact/Legacy_Id__c/L-1",
               "{\"Email\":\"avery@example.com\"}");
  g_assert_cmpuint (reply->status, ==, 204);
  g_clear_pointer (&reply, reply_free);
  path = g_strdup_printf ("/sobjects/Contact/%s?fields=Legacy_Id__c,Email,LastName", id);
  reply = api (fixture, "GET", path, NULL);
  object = object_of (reply);
  g_assert_cmpstr (json_object_get_string_member (object, "Legacy_Id__c"), ==, "L-1");
  g_assert_cmpstr (json_object_get_string_member (object, "Email"), ==, "avery@example.com");
  g_assert_cmpstr (json_object_get_string_member (object, "LastName"), ==, "Avery");
  g_clear_pointer (&reply, reply_free);

  /* Several matches (external ids compare case-insensitively): 300 with their URLs */
  reply = api (fixture, "PATCH", "/sobjects/Contact/Legacy_Id__c/l-dup", "{\"Title\":\"?\"}");
  g_assert_cmpuint (reply->status, ==, 300);
  g_assert_cmpuint (json_array_get_length (array_of (reply)), ==, 2);
  g_assert_true (g_str_has_prefix (json_array_get_string_element (array_of (reply), 0),
                                   "/services/data/v64.0/sobjects/Contact/003"));
  g_clear_pointer (&reply, reply_free);

  /* updateOnly refuses to create */
  reply = api (fixture, "PATCH", "/sobjects/Contact/Legacy_Id__c/L-2?updateOnly=true",
               "{\"LastName\":\"Nope\"}");
  assert_error (reply, 404, "NOT_FOUND");
  g_clear_pointer (&reply, reply_free);

  /* Only external id fields (or Id) */
  reply = api (fixture, "PATCH", "/sobjects/Contact/Email/a@example.com", "{\"LastName\":\"X\"}");
  assert_error (reply, 400, "INVALID_FIELD");
  g_clear_pointer (&reply, reply_free);
  reply = api (fixture, "PATCH", "/sobjects/Contact/Nope__c/1", "{\"LastName\":\"X\"}");
  assert_error (reply, 404, "NOT_FOUND");
  g_clear_pointer (&reply, reply_free);

  /* By external id in a collection: update, create, ambiguous, duplicated in the request */
  reply = api (fixture, "PATCH", "/composite/sobjects/Contact/Legacy_Id__c",
               "{\"allOrNone\":false,\"records\":["
               "{\"attributes\":{\"type\":\"Contact\"},\"Legacy_Id__c\":\"L-1\",\"Title\":\"VP\"},"
               "{\"attributes\":{\"type\":\"Contact\"},\"Legacy_Id__c\":\"L-3\","
               "\"LastName\":\"Chen\"},"
               "{\"attributes\":{\"type\":\"Contact\"},\"Legacy_Id__c\":\"L-dup\","
               "\"Title\":\"?\"},"
               "{\"attributes\":{\"type\":\"Contact\"},\"Legacy_Id__c\":\"L-4\","
               "\"LastName\":\"Once\"},"
               "{\"attributes\":{\"type\":\"Contact\"},\"Legacy_Id__c\":\"L-4\","
               "\"LastName\":\"Twice\"}]}");
  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_true (json_object_get_boolean_member (result_at (reply, 0), "success"));
  g_assert_false (json_object_get_boolean_member (result_at (reply, 0), "created"));
  g_assert_cmpstr (json_object_get_string_member (result_at (reply, 0), "id"), ==, id);
  g_assert_true (json_object_get_boolean_member (result_at (reply, 1), "created"));
  g_assert_cmpstr (result_error (reply, 2), ==, "DUPLICATE_EXTERNAL_ID");
  g_assert_cmpstr (result_error (reply, 3), ==, "DUPLICATE_EXTERNAL_ID");
  g_assert_cmpstr (result_error (reply, 4), ==, "DUPLICATE_EXTERNAL_ID");
  g_assert_cmpuint (fc_sim_count_records (fixture->sim, "salesforce", "Contact", FALSE), ==, 4);
}

/* Tests: limits and faults */

static void
test_api_limit (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (Reply) reply = NULL;
  JsonObject *daily;

  set_clock (fixture, "2025-03-01T10:00:00Z");
  fc_sim_set_rate_limits_enabled (fixture->sim, "salesforce", TRUE);
  g_assert_true (fc_sim_set_rate_limits (fixture->sim, "salesforce",
                                         "{\"daily_api_requests\":3,\"reset_usage\":true}",
                                         &error));
  g_assert_no_error (error);

  for (guint i = 1; i <= 3; i++)
    {
      g_autofree char *expected = g_strdup_printf ("api-usage=%u/3", i);

      reply = api (fixture, "GET", "/sobjects", NULL);
      g_assert_cmpuint (reply->status, ==, 200);
      g_assert_cmpstr (header (reply, "Sforce-Limit-Info"), ==, expected);
      g_clear_pointer (&reply, reply_free);
    }

  reply = api (fixture, "GET", "/sobjects", NULL);
  g_assert_cmpstr (assert_error (reply, 403, "REQUEST_LIMIT_EXCEEDED"), ==,
                   "TotalRequests Limit exceeded.");
  g_assert_cmpstr (header (reply, "Sforce-Limit-Info"), ==, "api-usage=4/3");
  g_clear_pointer (&reply, reply_free);

  /* A larger allocation; /limits reports what is left */
  g_assert_true (fc_sim_set_rate_limits (fixture->sim, "salesforce",
                                         "{\"daily_api_requests\":10}", &error));
  reply = api (fixture, "GET", "/limits", NULL);
  g_assert_cmpuint (reply->status, ==, 200);
  daily = json_object_get_object_member (object_of (reply), "DailyApiRequests");
  g_assert_cmpint (json_object_get_int_member (daily, "Max"), ==, 10);
  g_assert_cmpint (json_object_get_int_member (daily, "Remaining"), ==, 5);
  g_clear_pointer (&reply, reply_free);

  /* A rolling 24 hours on the simulator's clock */
  g_assert_true (fc_sim_set_rate_limits (fixture->sim, "salesforce", "{\"api_usage\":10}",
                                         &error));
  reply = api (fixture, "GET", "/limits", NULL);
  assert_error (reply, 403, "REQUEST_LIMIT_EXCEEDED");
  g_clear_pointer (&reply, reply_free);
  fc_sim_advance_clock (fixture->sim, 24 * 60 * 60 * 1000 + 1000);
  reply = api (fixture, "GET", "/limits", NULL);
  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpstr (header (reply, "Sforce-Limit-Info"), ==, "api-usage=1/10");
}

static void
test_faults (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (Reply) reply = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();

  g_assert_true (fc_sim_set_faults (fixture->sim, "salesforce",
                                    "{\"error_next\":1,\"error_statuses\":[503]}", &error));
  g_assert_no_error (error);
  reply = api (fixture, "GET", "/limits", NULL);
  assert_error (reply, 503, "SERVER_UNAVAILABLE");
  g_clear_pointer (&reply, reply_free);

  g_assert_true (fc_sim_set_faults (fixture->sim, "salesforce",
                                    "{\"error_next\":1,\"error_statuses\":[500]}", &error));
  reply = api (fixture, "GET", "/limits", NULL);
  g_assert_nonnull (strstr (assert_error (reply, 500, "UNKNOWN_EXCEPTION"), "ErrorId"));
  g_clear_pointer (&reply, reply_free);

  g_assert_true (fc_sim_set_faults (fixture->sim, "salesforce", "{\"malformed_next\":1}",
                                    &error));
  reply = api (fixture, "GET", "/limits", NULL);
  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_false (json_parser_load_from_data (parser, reply->body, -1, NULL));
  g_clear_pointer (&reply, reply_free);

  g_assert_cmpuint (fc_sim_get_count (fixture->sim, "salesforce", "GET",
                                      "/services/data/vXX.X/limits", 503), ==, 1);
  g_assert_cmpuint (fc_sim_get_count (fixture->sim, "salesforce", "GET",
                                      "/services/data/vXX.X/limits", 0), ==, 3);

  /* No webhooks: the product polls Salesforce */
  g_assert_false (fc_sim_set_webhook_target (fixture->sim, "salesforce",
                                             "http://127.0.0.1:9/hook", NULL, &error));
  g_assert_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, data) \
  g_test_add ("/fc/sim/salesforce/" path, Fixture, data, fixture_set_up, func, fixture_tear_down)

  ADD ("oauth/login", test_oauth, "salesforce-login");
  ADD ("oauth/sandbox", test_oauth, "salesforce-test");
  ADD ("oauth/my-domain", test_oauth, "salesforce-mydomain");
  for (guint i = 0; i < G_N_ELEMENTS (signature_vectors); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fc/sim/salesforce/oauth/signature/%u", i);

      g_test_add_data_func (path, &signature_vectors[i], test_signature_vector);
    }
  ADD ("session/expiry", test_session_expiry, NULL);
  ADD ("query/paging", test_query_paging, NULL);
  ADD ("query/incremental", test_query_incremental, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (where_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fc/sim/salesforce/query/where/%u", i);

      g_test_add (path, Fixture, &where_cases[i], fixture_set_up, test_query_where,
                  fixture_tear_down);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad_queries); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fc/sim/salesforce/query/error/%u", i);

      g_test_add (path, Fixture, &bad_queries[i], fixture_set_up, test_query_error,
                  fixture_tear_down);
    }
  ADD ("describe", test_describe, NULL);
  ADD ("records/crud", test_crud, NULL);
  ADD ("collections/partial", test_collections_partial, NULL);
  ADD ("collections/all-or-none", test_collections_all_or_none, NULL);
  ADD ("records/upsert", test_upsert, NULL);
  ADD ("limits/daily", test_api_limit, NULL);
  ADD ("faults", test_faults, NULL);

#undef ADD

  return g_test_run ();
}
