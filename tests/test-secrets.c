/* test-secrets.c: tokens in a real keyring (FcSecrets) and the token blob format
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "fc-secrets.h"

/* Inside build-aux/fc-headless-session the private gnome-keyring serves the tests; anywhere
 * else libsecret's file backend in a temporary folder does, so that a developer's own keyring
 * is never touched. */
static char *keyring_dir;

/* TRUE inside build-aux/fc-headless-session (or with FC_TEST_KEYRING=session), whose
 * gnome-keyring is private to the run; FC_TEST_KEYRING=file forces the file backend. */
static gboolean
session_keyring_is_private (void)
{
  const char *choice = g_getenv ("FC_TEST_KEYRING");

  if (g_strcmp0 (choice, "file") == 0)
    return FALSE;
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    return FALSE;
  return g_strcmp0 (choice, "session") == 0 || g_getenv ("FC_HEADLESS_STAGE") != NULL ||
         g_getenv ("FC_HEADLESS_BUS") != NULL;
}

static void
use_private_keyring (void)
{
  g_autofree char *path = NULL;

  if (session_keyring_is_private ())
    {
      g_test_message ("keyring: gnome-keyring of the headless session");
      return;
    }

  keyring_dir = g_dir_make_tmp ("fc-test-secrets-XXXXXX", NULL);
  g_assert_nonnull (keyring_dir);
  path = g_build_filename (keyring_dir, "test.keyring", NULL);
  g_setenv ("SECRET_BACKEND", "file", TRUE);
  g_setenv ("SECRET_FILE_TEST_PATH", path, TRUE);
  g_setenv ("SECRET_FILE_TEST_PASSWORD", "fluxcascade-test", TRUE);
  g_test_message ("keyring: libsecret file backend at %s", path);
}

static void
remove_private_keyring (void)
{
  g_autofree char *path = NULL;

  if (keyring_dir == NULL)
    return;

  path = g_build_filename (keyring_dir, "test.keyring", NULL);
  g_unlink (path);
  g_rmdir (keyring_dir);
  g_clear_pointer (&keyring_dir, g_free);
}

typedef struct {
  FcSecrets    *secrets;
  FcConnection *first;
  FcConnection *second;
  GMainLoop    *loop;
  GAsyncResult *result;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->secrets = fc_secrets_new ();
  /* Two accounts of the same provider: items must not collide. */
  fixture->first = fc_connection_new (FC_PROVIDER_HUBSPOT);
  fc_connection_set_account_name (fixture->first, "Acme Inc.");
  fixture->second = fc_connection_new (FC_PROVIDER_HUBSPOT);
  fc_connection_set_account_name (fixture->second, "Globex");
  fixture->loop = g_main_loop_new (NULL, FALSE);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  fc_secrets_delete_token (fixture->secrets, fixture->first, NULL, &error);
  g_assert_no_error (error);
  fc_secrets_delete_token (fixture->secrets, fixture->second, NULL, &error);
  g_assert_no_error (error);

  g_clear_object (&fixture->result);
  g_main_loop_unref (fixture->loop);
  g_assert_finalize_object (fixture->first);
  g_assert_finalize_object (fixture->second);
  g_assert_finalize_object (fixture->secrets);
}

static void
on_async_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Fixture *fixture = user_data;

  g_assert_null (fixture->result);
  fixture->result = g_object_ref (result);
  g_main_loop_quit (fixture->loop);
}

/* Runs the loop until the pending async call reports; the caller owns the result. */
static GAsyncResult *
wait_result (Fixture *fixture)
{
  g_main_loop_run (fixture->loop);
  g_assert_nonnull (fixture->result);
  return g_steal_pointer (&fixture->result);
}

static FcToken *
make_full_token (const char *suffix)
{
  g_autofree char *access = g_strdup_printf ("access-%s-0123456789", suffix);
  g_autofree char *refresh = g_strdup_printf ("refresh-%s-0123456789", suffix);
  FcToken *token = fc_token_new_oauth (access, refresh, "bearer", "crm.objects.contacts.read",
                                       1900000000);

  fc_token_set_api_domain (token, "https://acme.pipedrive.com");
  fc_token_set_client (token, "own-client-id", "own-client-secret");
  return token;
}

static void
assert_tokens_equal (FcToken *a,
                     FcToken *b)
{
  g_assert_cmpint (fc_token_get_kind (a), ==, fc_token_get_kind (b));
  g_assert_cmpstr (fc_token_get_access_token (a), ==, fc_token_get_access_token (b));
  g_assert_cmpstr (fc_token_get_refresh_token (a), ==, fc_token_get_refresh_token (b));
  g_assert_cmpstr (fc_token_get_token_type (a), ==, fc_token_get_token_type (b));
  g_assert_cmpstr (fc_token_get_scope (a), ==, fc_token_get_scope (b));
  g_assert_cmpint (fc_token_get_expires_at (a), ==, fc_token_get_expires_at (b));
  g_assert_cmpstr (fc_token_get_api_domain (a), ==, fc_token_get_api_domain (b));
  g_assert_cmpstr (fc_token_get_instance_url (a), ==, fc_token_get_instance_url (b));
  g_assert_cmpstr (fc_token_get_identity_url (a), ==, fc_token_get_identity_url (b));
  g_assert_cmpstr (fc_token_get_client_id (a), ==, fc_token_get_client_id (b));
  g_assert_cmpstr (fc_token_get_client_secret (a), ==, fc_token_get_client_secret (b));
}

/* The raw secret of @connection's item, read past FcSecrets. */
static char *
lookup_raw (FcConnection *connection)
{
  g_autoptr (GError) error = NULL;
  char *secret;

  secret = secret_password_lookup_sync (fc_secrets_get_token_schema (), NULL, &error,
                                        "connection-id", fc_connection_get_id (connection),
                                        "provider", "hubspot",
                                        NULL);
  g_assert_no_error (error);
  return secret;
}

static void
store_raw (FcConnection *connection,
           const char   *secret)
{
  g_autoptr (GError) error = NULL;

  secret_password_store_sync (fc_secrets_get_token_schema (), SECRET_COLLECTION_DEFAULT,
                              "garbled test item", secret, NULL, &error,
                              "connection-id", fc_connection_get_id (connection),
                              "provider", "hubspot",
                              NULL);
  g_assert_no_error (error);
}

static void
test_store_lookup (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr (FcToken) first = make_full_token ("first");
  g_autoptr (FcToken) second = fc_token_new_static ("pat-na1-second-0123456789");
  g_autoptr (FcToken) found = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (fc_secrets_store_token (fixture->secrets, fixture->first, first, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (fc_secrets_store_token (fixture->secrets, fixture->second, second, NULL,
                                         &error));
  g_assert_no_error (error);

  found = fc_secrets_lookup_token (fixture->secrets, fixture->first, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  assert_tokens_equal (found, first);
  g_clear_pointer (&found, fc_token_unref);

  found = fc_secrets_lookup_token (fixture->secrets, fixture->second, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_true (fc_token_is_static (found));
  assert_tokens_equal (found, second);
  g_assert_null (fc_token_get_refresh_token (found));
  g_assert_cmpint (fc_token_get_expires_at (found), ==, 0);
}

static void
test_replace (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr (FcToken) old_token = make_full_token ("old");
  g_autoptr (FcToken) new_token = fc_token_new_oauth ("access-new-0123456789",
                                                      "refresh-new-0123456789", "bearer",
                                                      NULL, 1800000000);
  g_autoptr (FcToken) other = make_full_token ("other");
  g_autoptr (FcToken) found = NULL;
  g_autoptr (GError) error = NULL;

  fc_secrets_store_token (fixture->secrets, fixture->first, old_token, NULL, &error);
  g_assert_no_error (error);
  fc_secrets_store_token (fixture->secrets, fixture->second, other, NULL, &error);
  g_assert_no_error (error);
  fc_secrets_store_token (fixture->secrets, fixture->first, new_token, NULL, &error);
  g_assert_no_error (error);

  found = fc_secrets_lookup_token (fixture->secrets, fixture->first, NULL, &error);
  g_assert_no_error (error);
  assert_tokens_equal (found, new_token);
  /* Replaced as a whole: no field of the old token survives. */
  g_assert_null (fc_token_get_client_id (found));
  g_assert_null (fc_token_get_api_domain (found));
  g_clear_pointer (&found, fc_token_unref);

  found = fc_secrets_lookup_token (fixture->secrets, fixture->second, NULL, &error);
  g_assert_no_error (error);
  assert_tokens_equal (found, other);
}

static void
test_delete (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr (FcToken) first = make_full_token ("first");
  g_autoptr (FcToken) second = make_full_token ("second");
  g_autoptr (FcToken) found = NULL;
  g_autoptr (GError) error = NULL;

  fc_secrets_store_token (fixture->secrets, fixture->first, first, NULL, &error);
  g_assert_no_error (error);
  fc_secrets_store_token (fixture->secrets, fixture->second, second, NULL, &error);
  g_assert_no_error (error);

  g_assert_true (fc_secrets_delete_token (fixture->secrets, fixture->first, NULL, &error));
  g_assert_no_error (error);
  found = fc_secrets_lookup_token (fixture->secrets, fixture->first, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (found);

  /* Deleting what is not there is fine. */
  g_assert_true (fc_secrets_delete_token (fixture->secrets, fixture->first, NULL, &error));
  g_assert_no_error (error);

  found = fc_secrets_lookup_token (fixture->secrets, fixture->second, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  assert_tokens_equal (found, second);
}

static void
test_async (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr (FcToken) token = make_full_token ("async");
  g_autoptr (FcToken) found = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;

  fc_secrets_lookup_token_async (fixture->secrets, fixture->first, NULL, on_async_done_cb,
                                 fixture);
  result = wait_result (fixture);
  found = fc_secrets_lookup_token_finish (fixture->secrets, result, &error);
  g_assert_no_error (error);
  g_assert_null (found);
  g_clear_object (&result);

  fc_secrets_store_token_async (fixture->secrets, fixture->first, token, NULL, on_async_done_cb,
                                fixture);
  result = wait_result (fixture);
  g_assert_true (fc_secrets_store_token_finish (fixture->secrets, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  fc_secrets_lookup_token_async (fixture->secrets, fixture->first, NULL, on_async_done_cb,
                                 fixture);
  result = wait_result (fixture);
  found = fc_secrets_lookup_token_finish (fixture->secrets, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  assert_tokens_equal (found, token);
  g_clear_pointer (&found, fc_token_unref);
  g_clear_object (&result);

  fc_secrets_delete_token_async (fixture->secrets, fixture->first, NULL, on_async_done_cb,
                                 fixture);
  result = wait_result (fixture);
  g_assert_true (fc_secrets_delete_token_finish (fixture->secrets, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  found = fc_secrets_lookup_token (fixture->secrets, fixture->first, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (found);
}

static void
test_blob_version (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr (FcToken) oauth = make_full_token ("versioned");
  g_autoptr (FcToken) pat = fc_token_new_static ("pat-versioned-0123456789");
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  char *raw;
  JsonObject *object;

  fc_secrets_store_token (fixture->secrets, fixture->first, oauth, NULL, &error);
  g_assert_no_error (error);
  fc_secrets_store_token (fixture->secrets, fixture->second, pat, NULL, &error);
  g_assert_no_error (error);

  raw = lookup_raw (fixture->first);
  g_assert_true (json_parser_load_from_data (parser, raw, -1, &error));
  g_assert_no_error (error);
  secret_password_free (raw);
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (object, "version"), ==, FC_SECRETS_TOKEN_VERSION);
  g_assert_cmpint (FC_SECRETS_TOKEN_VERSION, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (object, "kind"), ==, "oauth");
  g_assert_cmpint (json_object_get_int_member (object, "expires_at"), ==, 1900000000);
  g_assert_cmpstr (json_object_get_string_member (object, "client_secret"), ==,
                   "own-client-secret");

  raw = lookup_raw (fixture->second);
  g_assert_true (json_parser_load_from_data (parser, raw, -1, &error));
  g_assert_no_error (error);
  secret_password_free (raw);
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (object, "version"), ==, FC_SECRETS_TOKEN_VERSION);
  g_assert_cmpstr (json_object_get_string_member (object, "kind"), ==, "static");
  /* Only what is set is written: no client credentials unless the user brought their own. */
  g_assert_false (json_object_has_member (object, "client_id"));
  g_assert_false (json_object_has_member (object, "client_secret"));
  g_assert_false (json_object_has_member (object, "refresh_token"));
}

typedef struct {
  const char     *name;
  const char     *blob;
  FcSecretsError  code;
  const char     *leak;  /* a piece of the blob that must not reach the message */
} GarbledCase;

static const GarbledCase garbled_cases[] = {
  { "not-json", "access=tok-LEAKME-123", FC_SECRETS_ERROR_CORRUPT, "LEAKME" },
  { "truncated", "{\"version\":1,\"kind\":\"oauth\",\"access_token\":\"tok-LEAKME",
    FC_SECRETS_ERROR_CORRUPT, "LEAKME" },
  { "array", "[\"tok-LEAKME\"]", FC_SECRETS_ERROR_CORRUPT, "LEAKME" },
  { "no-version", "{\"kind\":\"oauth\",\"access_token\":\"tok-LEAKME\"}",
    FC_SECRETS_ERROR_CORRUPT, "LEAKME" },
  { "version-string", "{\"version\":\"1\",\"kind\":\"oauth\",\"access_token\":\"tok-LEAKME\"}",
    FC_SECRETS_ERROR_CORRUPT, "LEAKME" },
  { "version-zero", "{\"version\":0,\"kind\":\"oauth\",\"access_token\":\"tok-LEAKME\"}",
    FC_SECRETS_ERROR_CORRUPT, "LEAKME" },
  { "version-newer", "{\"version\":2,\"kind\":\"oauth\",\"access_token\":\"tok-LEAKME\"}",
    FC_SECRETS_ERROR_TOO_NEW, "LEAKME" },
  { "bad-kind", "{\"version\":1,\"kind\":\"tok-LEAKME\",\"access_token\":\"x\"}",
    FC_SECRETS_ERROR_CORRUPT, "LEAKME" },
  { "no-access-token", "{\"version\":1,\"kind\":\"oauth\",\"refresh_token\":\"tok-LEAKME\"}",
    FC_SECRETS_ERROR_CORRUPT, "LEAKME" },
  { "access-token-number", "{\"version\":1,\"kind\":\"oauth\",\"access_token\":12345}",
    FC_SECRETS_ERROR_CORRUPT, "12345" },
  { "expires-string",
    "{\"version\":1,\"kind\":\"oauth\",\"access_token\":\"tok-LEAKME\",\"expires_at\":\"soon\"}",
    FC_SECRETS_ERROR_CORRUPT, "LEAKME" },
  { "expires-negative",
    "{\"version\":1,\"kind\":\"oauth\",\"access_token\":\"tok-LEAKME\",\"expires_at\":-5}",
    FC_SECRETS_ERROR_CORRUPT, "LEAKME" },
};

static void
test_garbled (Fixture       *fixture,
              gconstpointer  data)
{
  const GarbledCase *c = data;
  g_autoptr (FcToken) token = NULL;
  g_autoptr (FcToken) untouched = make_full_token ("untouched");
  g_autoptr (GError) error = NULL;
  g_autoptr (GAsyncResult) result = NULL;

  fc_secrets_store_token (fixture->secrets, fixture->second, untouched, NULL, &error);
  g_assert_no_error (error);
  store_raw (fixture->first, c->blob);

  token = fc_secrets_lookup_token (fixture->secrets, fixture->first, NULL, &error);
  g_assert_null (token);
  g_assert_error (error, FC_SECRETS_ERROR, (int) c->code);
  g_test_message ("%s: %s", c->name, error->message);
  g_assert_nonnull (strstr (error->message, fc_connection_get_id (fixture->first)));
  g_assert_null (strstr (error->message, c->leak));
  g_clear_error (&error);

  /* The async path says the same. */
  fc_secrets_lookup_token_async (fixture->secrets, fixture->first, NULL, on_async_done_cb,
                                 fixture);
  result = wait_result (fixture);
  token = fc_secrets_lookup_token_finish (fixture->secrets, result, &error);
  g_assert_null (token);
  g_assert_error (error, FC_SECRETS_ERROR, (int) c->code);
  g_clear_error (&error);

  /* The other connection's item is unaffected; storing over the bad item repairs it. */
  token = fc_secrets_lookup_token (fixture->secrets, fixture->second, NULL, &error);
  g_assert_no_error (error);
  assert_tokens_equal (token, untouched);
  g_clear_pointer (&token, fc_token_unref);

  fc_secrets_store_token (fixture->secrets, fixture->first, untouched, NULL, &error);
  g_assert_no_error (error);
  token = fc_secrets_lookup_token (fixture->secrets, fixture->first, NULL, &error);
  g_assert_no_error (error);
  assert_tokens_equal (token, untouched);
}

static void
test_store_empty (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr (FcToken) empty = fc_token_new_static ("");
  g_autoptr (GError) error = NULL;

  g_assert_false (fc_secrets_store_token (fixture->secrets, fixture->first, empty, NULL,
                                          &error));
  g_assert_error (error, FC_SECRETS_ERROR, FC_SECRETS_ERROR_INVALID);
}

/* Keyring-free checks of FcToken */

static void
test_roundtrip (void)
{
  g_autoptr (FcToken) token = make_full_token ("roundtrip");
  g_autoptr (FcToken) copy = NULL;
  g_autoptr (FcToken) parsed = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *blob = NULL;

  fc_token_set_instance_url (token, "https://acme.my.salesforce.com");
  fc_token_set_identity_url (token, "https://login.salesforce.com/id/00D/005");
  blob = fc_token_serialize (token);
  parsed = fc_token_deserialize (blob, &error);
  g_assert_no_error (error);
  assert_tokens_equal (parsed, token);

  copy = fc_token_copy (token);
  assert_tokens_equal (copy, token);
  fc_token_set_client (copy, NULL, NULL);
  g_assert_null (fc_token_get_client_secret (copy));
  g_assert_cmpstr (fc_token_get_client_secret (token), ==, "own-client-secret");
  g_assert_cmpstr (fc_token_get_account_api_url (token), ==, "https://acme.pipedrive.com");
  fc_token_set_api_domain (token, NULL);
  g_assert_cmpstr (fc_token_get_account_api_url (token), ==, "https://acme.my.salesforce.com");
}

typedef struct {
  gint64   expires_in;   /* from now; G_MININT64: no expiry */
  gint64   within;
  gboolean expected;
} ExpiryCase;

static const ExpiryCase expiry_cases[] = {
  { G_MININT64, 300, FALSE },
  { G_MININT64, G_MAXINT32, FALSE },
  { 1000, 300, FALSE },
  { 100, 300, TRUE },
  { 300, 300, TRUE },
  { 302, 300, FALSE },
  { -60, 0, TRUE },
  { 60, 0, FALSE },
};

static void
test_expires_within (gconstpointer data)
{
  const ExpiryCase *c = data;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 expires_at = c->expires_in == G_MININT64 ? 0 : now + c->expires_in;
  g_autoptr (FcToken) token = fc_token_new_oauth ("a", NULL, NULL, NULL, expires_at);

  g_assert_cmpint (fc_token_expires_within (token, c->within), ==, c->expected);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  use_private_keyring ();

#define ADD(path, func) \
  g_test_add ("/fc/secrets/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("store-lookup", test_store_lookup);
  ADD ("replace", test_replace);
  ADD ("delete", test_delete);
  ADD ("async", test_async);
  ADD ("blob-version", test_blob_version);
  ADD ("store-empty", test_store_empty);
#undef ADD

  for (guint i = 0; i < G_N_ELEMENTS (garbled_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fc/secrets/garbled/%s", garbled_cases[i].name);

      g_test_add (path, Fixture, &garbled_cases[i], fixture_set_up, test_garbled,
                  fixture_tear_down);
    }

  g_test_add_func ("/fc/secrets/token/roundtrip", test_roundtrip);
  for (guint i = 0; i < G_N_ELEMENTS (expiry_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fc/secrets/token/expires-within/%u", i);

      g_test_add_data_func (path, &expiry_cases[i], test_expires_within);
    }

  status = g_test_run ();
  remove_private_keyring ();
  return status;
}
