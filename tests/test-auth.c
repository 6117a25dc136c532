/* test-auth.c: sign-in and token refresh (FcAuth) against the provider simulator
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "fc-auth-private.h"
#include "fc-enum-types.h"
#include "fc-sim.h"

#define HUBSPOT_CLIENT_ID       "fc-test-hubspot-app"
#define HUBSPOT_CLIENT_SECRET   "fc-test-hubspot-secret-5f1c9a"
#define PIPEDRIVE_CLIENT_ID     "fc-test-pipedrive-app"
#define PIPEDRIVE_CLIENT_SECRET "fc-test-pipedrive-secret-77d0e2"
#define WAIT_SECONDS            20

/* ---- what the test saw and what was logged --------------------------------------------- */

/* Every log record (all levels, every thread), every GError message and every page the
 * listener served; at the end no token may appear in it. */
static GMutex captured_mutex;
static GString *captured;
static GPtrArray *seen_secrets;

static void
capture (const char *text)
{
  g_mutex_lock (&captured_mutex);
  g_string_append (captured, text);
  g_string_append_c (captured, '\n');
  g_mutex_unlock (&captured_mutex);
}

static GLogWriterOutput
capture_log_writer (GLogLevelFlags   level,
                    const GLogField *fields,
                    gsize            n_fields,
                    gpointer         user_data)
{
  g_mutex_lock (&captured_mutex);
  for (gsize i = 0; i < n_fields; i++)
    {
      if (fields[i].length < 0)
        g_string_append (captured, fields[i].value);
      else
        g_string_append_len (captured, fields[i].value, fields[i].length);
      g_string_append_c (captured, ' ');
    }
  g_string_append_c (captured, '\n');
  g_mutex_unlock (&captured_mutex);

  if (level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO))
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (level, fields, n_fields, user_data);
}

/* The classic g_log () API (g_debug () and friends) goes to handlers, not to the writer. */
static GLogFunc test_log_handler;

static void
capture_log_handler (const char     *log_domain,
                     GLogLevelFlags  level,
                     const char     *message,
                     gpointer        user_data)
{
  g_mutex_lock (&captured_mutex);
  g_string_append_printf (captured, "%s %s\n", log_domain != NULL ? log_domain : "", message);
  g_mutex_unlock (&captured_mutex);

  if (level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO))
    return;
  test_log_handler (log_domain, level, message, NULL);
}

static void
note_secret (const char *secret)
{
  if (secret != NULL && strlen (secret) >= 8)
    g_ptr_array_add (seen_secrets, g_strdup (secret));
}

static void
note_token (FcToken *token)
{
  note_secret (fc_token_get_access_token (token));
  note_secret (fc_token_get_refresh_token (token));
  note_secret (fc_token_get_client_secret (token));
}

static void
note_error (const GError *error)
{
  if (error != NULL)
    capture (error->message);
}

/* ---- keyring --------------------------------------------------------------------------- */

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
    return;

  keyring_dir = g_dir_make_tmp ("fc-test-auth-XXXXXX", NULL);
  g_assert_nonnull (keyring_dir);
  path = g_build_filename (keyring_dir, "test.keyring", NULL);
  g_setenv ("SECRET_BACKEND", "file", TRUE);
  g_setenv ("SECRET_FILE_TEST_PATH", path, TRUE);
  g_setenv ("SECRET_FILE_TEST_PASSWORD", "fluxcascade-test", TRUE);
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

/* ---- main loop helpers ----------------------------------------------------------------- */

typedef struct {
  GAsyncResult *result;
  gint64        done_at;
} Slot;

static void
on_slot_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Slot *slot = user_data;

  g_assert_null (slot->result);
  slot->result = g_object_ref (result);
  slot->done_at = g_get_monotonic_time ();
}

static void
slot_clear (Slot *slot)
{
  g_clear_object (&slot->result);
  slot->done_at = 0;
}

/* Iterates the default context until every slot has its result. */
static void
wait_slots (Slot  *slots,
            guint  n_slots)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;

  for (;;)
    {
      guint done = 0;

      for (guint i = 0; i < n_slots; i++)
        done += slots[i].result != NULL;
      if (done == n_slots)
        return;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static gboolean
on_flag_timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Lets the main loop run for @ms milliseconds. */
static void
spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, on_flag_timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* ---- fixture --------------------------------------------------------------------------- */

typedef enum {
  BROWSER_FOLLOW,         /* fetch the consent page and follow the redirect, as a browser */
  BROWSER_TAMPER_STATE,   /* follow it with another state */
  BROWSER_IDLE,           /* never come back */
  BROWSER_FAIL,           /* no browser at all */
} BrowserMode;

typedef struct {
  const char   *provider_name;
  FcProvider    provider;
  FcSim        *sim;
  FcSecrets    *secrets;
  FcAuth       *auth;
  FcConnection *connection;
  SoupSession  *browser;

  BrowserMode   browser_mode;
  char         *authorize_uri;
  guint         page_status;
  char         *page_body;
  gboolean      page_done;

  guint         n_expired;
  guint         n_refreshed;
} Fixture;

static void
on_connection_expired_cb (FcAuth       *auth,
                          FcConnection *connection,
                          Fixture      *fixture)
{
  g_assert_true (connection == fixture->connection);
  g_assert_cmpint (fc_connection_get_status (connection), ==, FC_CONNECTION_STATUS_EXPIRED);
  fixture->n_expired++;
}

static void
on_connection_refreshed_cb (FcAuth       *auth,
                            FcConnection *connection,
                            Fixture      *fixture)
{
  g_assert_true (connection == fixture->connection);
  fixture->n_refreshed++;
}

/* One request served proves the simulator's thread runs its loop: fc_sim_stop () before that
 * loses its quit and hangs. */
static void
ping_sim (Fixture *fixture)
{
  g_autofree char *url = g_strconcat (fc_sim_get_base_url (fixture->sim), "/_control/counters",
                                      NULL);
  g_autoptr (SoupMessage) message = soup_message_new ("GET", url);
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GError) error = NULL;

  body = soup_session_send_and_read (fixture->browser, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, 200);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *api_url = NULL;
  g_autofree char *auth_url = NULL;
  int provider;

  fixture->provider_name = data;
  g_assert_true (fc_enum_from_nick (FC_TYPE_PROVIDER, fixture->provider_name, &provider));
  fixture->provider = provider;

  fixture->sim = fc_sim_new ();
  fc_sim_set_seed (fixture->sim, 20260101);
  fc_sim_set_client (fixture->sim, "hubspot", HUBSPOT_CLIENT_ID, HUBSPOT_CLIENT_SECRET, &error);
  g_assert_no_error (error);
  if (!fc_sim_set_client (fixture->sim, "pipedrive", PIPEDRIVE_CLIENT_ID,
                          PIPEDRIVE_CLIENT_SECRET, &error))
    g_clear_error (&error);
  fc_sim_start_in_thread (fixture->sim, 0, &error);
  g_assert_no_error (error);

  fixture->secrets = fc_secrets_new ();
  fixture->auth = fc_auth_new (fixture->secrets);
  g_signal_connect (fixture->auth, "connection-expired", G_CALLBACK (on_connection_expired_cb),
                    fixture);
  g_signal_connect (fixture->auth, "connection-refreshed",
                    G_CALLBACK (on_connection_refreshed_cb), fixture);

  fixture->connection = fc_connection_new (fixture->provider);
  api_url = fc_sim_get_api_base_url (fixture->sim, fixture->provider_name);
  auth_url = fc_sim_get_auth_base_url (fixture->sim, fixture->provider_name);
  fc_connection_set_api_base_url (fixture->connection, api_url);
  fc_connection_set_auth_base_url (fixture->connection, auth_url);

  fixture->browser = soup_session_new ();
  ping_sim (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  fc_secrets_delete_token (fixture->secrets, fixture->connection, NULL, &error);
  g_assert_no_error (error);

  drain ();
  g_assert_finalize_object (fixture->auth);
  g_assert_finalize_object (fixture->secrets);
  g_assert_finalize_object (fixture->connection);
  g_assert_finalize_object (fixture->browser);
  fc_sim_stop (fixture->sim);
  g_assert_finalize_object (fixture->sim);
  g_clear_pointer (&fixture->authorize_uri, g_free);
  g_clear_pointer (&fixture->page_body, g_free);
}

/* Skips tests of a provider the simulator does not serve yet. */
static gboolean
sim_serves (Fixture *fixture)
{
  g_autofree char *client = g_strdup (fc_sim_get_client_id (fixture->sim,
                                                            fixture->provider_name));

  if (client != NULL)
    return TRUE;

  g_test_skip ("the simulator does not serve this provider yet");
  return FALSE;
}

/* ---- the browser ----------------------------------------------------------------------- */

static void
on_browser_page_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Fixture *fixture = user_data;
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GError) error = NULL;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
  fixture->page_status = soup_message_get_status (message);
  g_free (fixture->page_body);  /* a test may sign in more than once */
  fixture->page_body = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  capture (fixture->page_body);
  fixture->page_done = TRUE;
}

static void
browse (Fixture    *fixture,
        const char *uri)
{
  g_autoptr (SoupMessage) message = soup_message_new ("GET", uri);

  g_assert_nonnull (message);
  soup_session_send_and_read_async (fixture->browser, message, G_PRIORITY_DEFAULT, NULL,
                                    on_browser_page_cb, fixture);
}

/* The consent page answered with a redirect; go there with a state of our own. */
static void
on_browser_redirect_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  Fixture *fixture = user_data;
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GUri) location = NULL;
  g_autoptr (GHashTable) params = NULL;
  g_autoptr (GString) forged = NULL;
  const char *code;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, SOUP_STATUS_FOUND);
  location = g_uri_parse (soup_message_headers_get_one (soup_message_get_response_headers
                                                          (message), "Location"),
                          G_URI_FLAGS_ENCODED, &error);
  g_assert_no_error (error);
  params = g_uri_parse_params (g_uri_get_query (location), -1, "&", G_URI_PARAMS_NONE, &error);
  g_assert_no_error (error);
  code = g_hash_table_lookup (params, "code");
  g_assert_nonnull (code);
  note_secret (code);

  forged = g_string_new (NULL);
  g_string_append_printf (forged, "http://%s:%d%s?code=", g_uri_get_host (location),
                          g_uri_get_port (location), g_uri_get_path (location));
  g_string_append_uri_escaped (forged, code, NULL, FALSE);
  g_string_append (forged, "&state=forged-state-0000000000000000000000000000000");
  browse (fixture, forged->str);
}

static gboolean
open_uri_cb (const char  *uri,
             gpointer     user_data,
             GError     **error)
{
  Fixture *fixture = user_data;
  g_autoptr (SoupMessage) message = NULL;

  g_free (fixture->authorize_uri);
  fixture->authorize_uri = g_strdup (uri);

  switch (fixture->browser_mode)
    {
    case BROWSER_FOLLOW:
      browse (fixture, uri);
      break;
    case BROWSER_TAMPER_STATE:
      message = soup_message_new ("GET", uri);
      soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
      soup_session_send_and_read_async (fixture->browser, message, G_PRIORITY_DEFAULT, NULL,
                                        on_browser_redirect_cb, fixture);
      break;
    case BROWSER_IDLE:
      break;
    case BROWSER_FAIL:
    default:
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no browser installed");
      return FALSE;
    }

  return TRUE;
}

static GHashTable *
parse_authorize_uri (Fixture *fixture)
{
  g_autoptr (GUri) uri = NULL;
  g_autoptr (GError) error = NULL;
  GHashTable *params;

  g_assert_nonnull (fixture->authorize_uri);
  uri = g_uri_parse (fixture->authorize_uri, G_URI_FLAGS_ENCODED, &error);
  g_assert_no_error (error);
  params = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, &error);
  g_assert_no_error (error);
  return params;
}

/* The listener must be gone once the sign-in is over. */
static void
assert_listener_closed (Fixture *fixture)
{
  g_autoptr (GHashTable) params = parse_authorize_uri (fixture);
  g_autoptr (GUri) redirect = NULL;
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  g_autoptr (GSocketConnection) connection = NULL;
  g_autoptr (GError) error = NULL;

  redirect = g_uri_parse (g_hash_table_lookup (params, "redirect_uri"), G_URI_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_uri_get_host (redirect), ==, "127.0.0.1");
  connection = g_socket_client_connect_to_host (client, "127.0.0.1",
                                                (guint16) g_uri_get_port (redirect), NULL,
                                                &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  g_assert_null (connection);
}

static FcToken *
authorize (Fixture  *fixture,
           guint     timeout_seconds,
           GError  **error)
{
  Slot slot = { 0 };
  FcToken *token;

  fixture->page_done = FALSE;
  fc_auth_authorize_async (fixture->auth, fixture->provider, fixture->connection, open_uri_cb,
                           fixture, timeout_seconds, NULL, on_slot_done_cb, &slot);
  wait_slots (&slot, 1);
  token = fc_auth_authorize_finish (fixture->auth, slot.result, error);
  slot_clear (&slot);

  if (token != NULL)
    note_token (token);
  else if (error != NULL)
    note_error (*error);
  return token;
}

static void
store_token (Fixture *fixture,
             FcToken *token)
{
  Slot slot = { 0 };
  g_autoptr (GError) error = NULL;

  fc_auth_store_token_async (fixture->auth, fixture->connection, token, NULL, on_slot_done_cb,
                             &slot);
  wait_slots (&slot, 1);
  g_assert_true (fc_auth_store_token_finish (fixture->auth, slot.result, &error));
  g_assert_no_error (error);
  slot_clear (&slot);
}

/* Signs in through the simulator and stores the token: a connected connection. */
static FcToken *
sign_in (Fixture *fixture)
{
  g_autoptr (GError) error = NULL;
  FcToken *token;

  fixture->browser_mode = BROWSER_FOLLOW;
  token = authorize (fixture, 10, &error);
  g_assert_no_error (error);
  g_assert_nonnull (token);
  store_token (fixture, token);
  return token;
}

static FcToken *
get_token (Fixture   *fixture,
           gboolean   force_refresh,
           GError   **error)
{
  Slot slot = { 0 };
  FcToken *token;

  fc_auth_get_token_async (fixture->auth, fixture->connection, force_refresh, NULL,
                           on_slot_done_cb, &slot);
  wait_slots (&slot, 1);
  token = fc_auth_get_token_finish (fixture->auth, slot.result, error);
  slot_clear (&slot);

  if (token != NULL)
    note_token (token);
  else if (error != NULL)
    note_error (*error);
  return token;
}

static guint
count_token_requests (Fixture *fixture)
{
  const char *endpoint = fixture->provider == FC_PROVIDER_HUBSPOT ? "/oauth/v1/token"
                                                                  : "/oauth/token";

  return fc_sim_get_count (fixture->sim, fixture->provider_name, "POST", endpoint, 0);
}

/* An API call with @token: proves the simulator accepts it. */
static guint
call_api (Fixture *fixture,
          FcToken *token)
{
  g_autofree char *base = fc_sim_get_api_base_url (fixture->sim, "hubspot");
  g_autofree char *url = g_strconcat (base, "/crm/v3/objects/contacts?limit=1", NULL);
  g_autofree char *bearer = g_strconcat ("Bearer ", fc_token_get_access_token (token), NULL);
  g_autoptr (SoupMessage) message = soup_message_new ("GET", url);
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GError) error = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization",
                                bearer);
  body = soup_session_send_and_read (fixture->browser, message, NULL, &error);
  g_assert_no_error (error);
  return soup_message_get_status (message);
}

static void
set_lifetime (Fixture *fixture,
              guint    seconds)
{
  fc_sim_set_token_lifetime (fixture->sim, fixture->provider_name, seconds);
}

/* ---- units without the simulator ------------------------------------------------------- */

static void
test_provider_table (void)
{
  const FcProviderInfo *hubspot = fc_provider_info_get (FC_PROVIDER_HUBSPOT);
  const FcProviderInfo *pipedrive = fc_provider_info_get (FC_PROVIDER_PIPEDRIVE);
  const FcProviderInfo *jobber = fc_provider_info_get (FC_PROVIDER_JOBBER);
  const FcProviderInfo *salesforce = fc_provider_info_get (FC_PROVIDER_SALESFORCE);
  g_autoptr (GEnumClass) klass = g_type_class_ref (FC_TYPE_PROVIDER);

  for (guint i = 0; i < klass->n_values; i++)
    {
      const FcProviderInfo *info = fc_provider_info_get (klass->values[i].value);

      g_assert_cmpint (info->provider, ==, klass->values[i].value);
      g_assert_cmpstr (info->name, ==, klass->values[i].value_nick);
      g_assert_true (fc_provider_info_lookup (info->name) == info);
      g_assert_cmpstr (info->display_name, ==, fc_provider_get_display_name (info->provider));
      g_assert_true (g_str_has_prefix (info->default_api_url, "https://"));
      g_assert_true (g_str_has_prefix (info->default_auth_url, "https://"));
      g_assert_false (g_str_has_suffix (info->default_api_url, "/"));
      g_assert_true (info->supports_static_token == (info->static_token_header != NULL));
    }
  g_assert_null (fc_provider_info_lookup ("zoho"));

  g_assert_true (hubspot->uses_pkce);
  g_assert_true (salesforce->uses_pkce);
  g_assert_false (pipedrive->uses_pkce);
  g_assert_false (jobber->uses_pkce);
  g_assert_cmpint (pipedrive->client_auth, ==, FC_CLIENT_AUTH_BASIC);
  g_assert_cmpint (hubspot->client_auth, ==, FC_CLIENT_AUTH_FORM);
  g_assert_cmpint (jobber->client_auth, ==, FC_CLIENT_AUTH_FORM);
  g_assert_cmpint (salesforce->client_auth, ==, FC_CLIENT_AUTH_FORM);
  g_assert_true (hubspot->supports_static_token);
  g_assert_true (pipedrive->supports_static_token);
  g_assert_cmpstr (pipedrive->static_token_header, ==, "x-api-token");
  g_assert_false (jobber->supports_static_token);
  g_assert_false (salesforce->supports_static_token);
  g_assert_true (jobber->expiry_from_jwt);
  g_assert_true (salesforce->signs_identity);
}

typedef struct {
  FcProvider  provider;
  const char *connection_api;
  const char *connection_auth;
  const char *env_api;
  const char *env_auth;
  const char *expected_api;
  const char *expected_authorize;
  const char *expected_token;
} ResolveCase;

static const ResolveCase resolve_cases[] = {
  { FC_PROVIDER_HUBSPOT, NULL, NULL, NULL, NULL,
    "https://api.hubapi.com", "https://app.hubspot.com/oauth/authorize",
    "https://api.hubapi.com/oauth/v1/token" },
  { FC_PROVIDER_PIPEDRIVE, NULL, NULL, NULL, NULL,
    "https://api.pipedrive.com", "https://oauth.pipedrive.com/oauth/authorize",
    "https://oauth.pipedrive.com/oauth/token" },
  { FC_PROVIDER_JOBBER, NULL, NULL, NULL, NULL,
    "https://api.getjobber.com", "https://api.getjobber.com/api/oauth/authorize",
    "https://api.getjobber.com/api/oauth/token" },
  { FC_PROVIDER_SALESFORCE, NULL, NULL, NULL, NULL,
    "https://login.salesforce.com", "https://login.salesforce.com/services/oauth2/authorize",
    "https://login.salesforce.com/services/oauth2/token" },
  /* the environment beats the default */
  { FC_PROVIDER_HUBSPOT, NULL, NULL, "http://127.0.0.1:9/hs/", "http://127.0.0.1:9/hs-auth",
    "http://127.0.0.1:9/hs", "http://127.0.0.1:9/hs-auth/oauth/authorize",
    "http://127.0.0.1:9/hs/oauth/v1/token" },
  /* the connection beats the environment */
  { FC_PROVIDER_PIPEDRIVE, "http://127.0.0.1:7/pd", "http://127.0.0.1:7/pd-auth//",
    "http://127.0.0.1:9/env", "http://127.0.0.1:9/env-auth",
    "http://127.0.0.1:7/pd", "http://127.0.0.1:7/pd-auth/oauth/authorize",
    "http://127.0.0.1:7/pd-auth/oauth/token" },
  /* an empty variable counts as unset */
  { FC_PROVIDER_SALESFORCE, NULL, NULL, "", "",
    "https://login.salesforce.com", "https://login.salesforce.com/services/oauth2/authorize",
    "https://login.salesforce.com/services/oauth2/token" },
};

static void
set_or_unset_env (const char *name,
                  const char *value)
{
  if (value != NULL)
    g_setenv (name, value, TRUE);
  else
    g_unsetenv (name);
}

static void
test_provider_resolve (gconstpointer data)
{
  const ResolveCase *c = data;
  const FcProviderInfo *info = fc_provider_info_get (c->provider);
  g_autofree char *api_env = g_strdup_printf ("FLUXCASCADE_%s_API_URL", info->env_name);
  g_autofree char *auth_env = g_strdup_printf ("FLUXCASCADE_%s_AUTH_URL", info->env_name);
  g_autoptr (FcConnection) connection = fc_connection_new (c->provider);
  g_autofree char *api = NULL;
  g_autofree char *authorize_url = NULL;
  g_autofree char *token_url = NULL;
  g_autofree char *account = NULL;

  fc_connection_set_api_base_url (connection, c->connection_api);
  fc_connection_set_auth_base_url (connection, c->connection_auth);
  set_or_unset_env (api_env, c->env_api);
  set_or_unset_env (auth_env, c->env_auth);

  api = fc_provider_resolve_api_url (c->provider, connection);
  authorize_url = fc_provider_resolve_authorize_url (c->provider, connection);
  token_url = fc_provider_resolve_token_url (c->provider, connection);
  g_assert_cmpstr (api, ==, c->expected_api);
  g_assert_cmpstr (authorize_url, ==, c->expected_authorize);
  g_assert_cmpstr (token_url, ==, c->expected_token);

  /* Without a connection, only the environment and the default count. */
  if (c->connection_api == NULL)
    {
      g_autofree char *bare = fc_provider_resolve_api_url (c->provider, NULL);

      g_assert_cmpstr (bare, ==, c->expected_api);
    }

  /* The account's own host (api_domain, instance_url) comes after overrides. */
  account = fc_provider_resolve_account_api_url (c->provider, connection,
                                                 "https://acme.example.com/");
  if (c->connection_api != NULL || (c->env_api != NULL && *c->env_api != '\0'))
    g_assert_cmpstr (account, ==, c->expected_api);
  else
    g_assert_cmpstr (account, ==, "https://acme.example.com");

  g_unsetenv (api_env);
  g_unsetenv (auth_env);
}

static void
test_client_config (void)
{
  g_auto (FcAuthClient) client = { 0 };
  g_autoptr (GError) error = NULL;
  g_autofree char *saved_id = g_strdup (g_getenv ("FLUXCASCADE_JOBBER_CLIENT_ID"));
  g_autofree char *saved_secret = g_strdup (g_getenv ("FLUXCASCADE_JOBBER_CLIENT_SECRET"));

  g_unsetenv ("FLUXCASCADE_JOBBER_CLIENT_ID");
  g_unsetenv ("FLUXCASCADE_JOBBER_CLIENT_SECRET");

  if (*FC_OAUTH_CLIENT_ID_JOBBER == '\0')
    {
      g_assert_null (fc_provider_resolve_client_id (FC_PROVIDER_JOBBER));
      g_assert_false (_fc_auth_client_resolve (&client, FC_PROVIDER_JOBBER, NULL, NULL, &error));
      g_assert_error (error, FC_AUTH_ERROR, FC_AUTH_ERROR_CONFIG);
      /* The message names both ways to set it. */
      g_assert_nonnull (strstr (error->message, "-Djobber_client_id="));
      g_assert_nonnull (strstr (error->message, "FLUXCASCADE_JOBBER_CLIENT_ID"));
      g_clear_error (&error);
    }

  g_setenv ("FLUXCASCADE_JOBBER_CLIENT_ID", "env-id", TRUE);
  g_setenv ("FLUXCASCADE_JOBBER_CLIENT_SECRET", "env-secret", TRUE);
  g_assert_true (_fc_auth_client_resolve (&client, FC_PROVIDER_JOBBER, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (client.id, ==, "env-id");
  g_assert_cmpstr (client.secret, ==, "env-secret");
  g_assert_false (client.own);

  /* The user's own app wins, and is marked as such. */
  g_assert_true (_fc_auth_client_resolve (&client, FC_PROVIDER_JOBBER, "own-id", "own-secret",
                                          &error));
  g_assert_no_error (error);
  g_assert_cmpstr (client.id, ==, "own-id");
  g_assert_true (client.own);

  g_assert_false (_fc_auth_client_resolve (&client, FC_PROVIDER_JOBBER, "own-id", "", &error));
  g_assert_error (error, FC_AUTH_ERROR, FC_AUTH_ERROR_CONFIG);

  set_or_unset_env ("FLUXCASCADE_JOBBER_CLIENT_ID", saved_id);
  set_or_unset_env ("FLUXCASCADE_JOBBER_CLIENT_SECRET", saved_secret);
}

static void
test_pkce (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *challenge = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  /* RFC 7636, appendix B */
  challenge = _fc_auth_compute_pkce_challenge ("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
  g_assert_cmpstr (challenge, ==, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");

  a = _fc_auth_random_string (32, &error);
  g_assert_no_error (error);
  b = _fc_auth_random_string (32, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (a), ==, 43);
  g_assert_cmpstr (a, !=, b);
  for (const char *p = a; *p != '\0'; p++)
    g_assert_true (g_ascii_isalnum (*p) || *p == '-' || *p == '_');
}

typedef struct {
  const char *secret;
  const char *id;
  const char *issued_at;
  const char *signature;
  gboolean    valid;
} SignatureCase;

#define SF_ID        "https://login.salesforce.com/id/00Dx0000000BV7z/005x00000012Q9P"
#define SF_ISSUED_AT "1278448384422"
#define SF_SIGNATURE "++4q5UZdJowxBPXMq+vVO9pV7AHsp1PsARfgmrUX1fs="

static const SignatureCase signature_cases[] = {
  /* the reference's test vector (provider-apis.md 4.1) */
  { "test_consumer_secret", SF_ID, SF_ISSUED_AT, SF_SIGNATURE, TRUE },
  { "test_consumer_secreT", SF_ID, SF_ISSUED_AT, SF_SIGNATURE, FALSE },
  { "test_consumer_secret", SF_ID "X", SF_ISSUED_AT, SF_SIGNATURE, FALSE },
  { "test_consumer_secret", SF_ID, "1278448384423", SF_SIGNATURE, FALSE },
  { "test_consumer_secret", SF_ID, SF_ISSUED_AT, "++4q5UZdJowxBPXMq+vVO9pV7AHsp1PsARfgmrUX1fs",
    FALSE },
  { "test_consumer_secret", SF_ID, SF_ISSUED_AT, "", FALSE },
  { NULL, SF_ID, SF_ISSUED_AT, SF_SIGNATURE, FALSE },
};

static void
test_salesforce_signature (gconstpointer data)
{
  const SignatureCase *c = data;

  g_assert_cmpint (_fc_auth_verify_identity_signature (c->secret, c->id, c->issued_at,
                                                       c->signature), ==, c->valid);
}

static char *
make_jwt (const char *payload)
{
  g_autofree char *encoded = g_base64_encode ((const guchar *) payload, strlen (payload));

  g_strdelimit (encoded, "+", '-');
  g_strdelimit (encoded, "/", '_');
  g_strdelimit (encoded, "=", '\0');
  return g_strconcat ("eyJhbGciOiJIUzI1NiJ9.", encoded, ".c2lnbmF0dXJl", NULL);
}

static void
test_jwt_expiry (void)
{
  g_autofree char *jwt = make_jwt ("{\"sub\":\"1\",\"exp\":1900000123,\"scope\":\"read_clients\"}");
  g_autofree char *no_exp = make_jwt ("{\"sub\":\"1\"}");
  g_autofree char *text_exp = make_jwt ("{\"exp\":\"soon\"}");
  gint64 exp = 0;

  g_assert_true (_fc_auth_parse_jwt_expiry (jwt, &exp));
  g_assert_cmpint (exp, ==, 1900000123);
  g_assert_false (_fc_auth_parse_jwt_expiry (no_exp, &exp));
  g_assert_false (_fc_auth_parse_jwt_expiry (text_exp, &exp));
  g_assert_false (_fc_auth_parse_jwt_expiry ("not-a-jwt", &exp));
  g_assert_false (_fc_auth_parse_jwt_expiry ("a.!!!.c", &exp));
  g_assert_false (_fc_auth_parse_jwt_expiry (NULL, &exp));
}

typedef struct {
  const char *name;
  FcProvider  provider;
  guint       status;
  const char *body;
  gboolean    code_exchange;
  int         error_code;        /* -1: success */
  const char *provider_error;
  gboolean    dead_grant;
  /* on success */
  const char *access_token;
  const char *refresh_token;
  const char *scope;
  gint64      expires_in;        /* 0: no expiry; -1: from the JWT below */
  const char *account_url;
} ParseCase;

#define SF_OK_BODY \
  "{\"access_token\":\"00Dx!AQ4AQ-sf-access\",\"refresh_token\":\"5Aep-sf-refresh\"," \
  "\"instance_url\":\"https://acme.my.salesforce.com\",\"id\":\"" SF_ID "\"," \
  "\"token_type\":\"Bearer\",\"issued_at\":\"" SF_ISSUED_AT "\",\"signature\":\"" \
  SF_SIGNATURE "\",\"scope\":\"api refresh_token\"}"

static const ParseCase parse_cases[] = {
  { "hubspot-ok", FC_PROVIDER_HUBSPOT, 200,
    "{\"token_type\":\"bearer\",\"refresh_token\":\"hs-refresh-1\",\"access_token\":"
    "\"hs-access-1\",\"expires_in\":1800,\"hub_id\":62515,\"scopes\":[\"oauth\","
    "\"crm.objects.contacts.read\"]}",
    TRUE, -1, NULL, FALSE, "hs-access-1", "hs-refresh-1", "oauth crm.objects.contacts.read",
    1800, NULL },
  { "pipedrive-ok", FC_PROVIDER_PIPEDRIVE, 200,
    "{\"access_token\":\"pd-access-1\",\"token_type\":\"Bearer\",\"refresh_token\":"
    "\"pd-refresh-1\",\"scope\":\"base,contacts:full\",\"expires_in\":\"3599\","
    "\"api_domain\":\"https://acme.pipedrive.com\"}",
    TRUE, -1, NULL, FALSE, "pd-access-1", "pd-refresh-1", "base,contacts:full", 3599,
    "https://acme.pipedrive.com" },
  { "salesforce-ok", FC_PROVIDER_SALESFORCE, 200, SF_OK_BODY,
    TRUE, -1, NULL, FALSE, "00Dx!AQ4AQ-sf-access", "5Aep-sf-refresh", "api refresh_token", 0,
    "https://acme.my.salesforce.com" },
  { "salesforce-bad-signature", FC_PROVIDER_SALESFORCE, 200,
    "{\"access_token\":\"sf-access\",\"instance_url\":\"https://evil.example.com\",\"id\":\""
    SF_ID "\",\"issued_at\":\"" SF_ISSUED_AT "\",\"signature\":\"AAAA\"}",
    TRUE, FC_AUTH_ERROR_BAD_RESPONSE },
  { "salesforce-unsigned", FC_PROVIDER_SALESFORCE, 200,
    "{\"access_token\":\"sf-access\",\"instance_url\":\"https://acme.my.salesforce.com\"}",
    TRUE, FC_AUTH_ERROR_BAD_RESPONSE },
  { "salesforce-unsigned-refresh", FC_PROVIDER_SALESFORCE, 200,
    "{\"access_token\":\"sf-access-2\",\"instance_url\":\"https://acme.my.salesforce.com\"}",
    FALSE, -1, NULL, FALSE, "sf-access-2", NULL, NULL, 0, "https://acme.my.salesforce.com" },
  { "not-json", FC_PROVIDER_HUBSPOT, 200, "{\"token_type\":\"bearer\",\"refresh_tok",
    TRUE, FC_AUTH_ERROR_BAD_RESPONSE },
  { "html", FC_PROVIDER_PIPEDRIVE, 200, "<html>maintenance</html>",
    TRUE, FC_AUTH_ERROR_BAD_RESPONSE },
  { "no-access-token", FC_PROVIDER_HUBSPOT, 200, "{\"refresh_token\":\"r\",\"expires_in\":5}",
    TRUE, FC_AUTH_ERROR_BAD_RESPONSE },
  { "bad-expires-in", FC_PROVIDER_HUBSPOT, 200, "{\"access_token\":\"a\",\"expires_in\":\"x\"}",
    TRUE, FC_AUTH_ERROR_BAD_RESPONSE },
  { "invalid-grant", FC_PROVIDER_PIPEDRIVE, 400,
    "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid grant: refresh token is "
    "invalid\"}",
    FALSE, FC_AUTH_ERROR_PROVIDER, "invalid_grant", TRUE },
  { "hubspot-bad-refresh-token", FC_PROVIDER_HUBSPOT, 400,
    "{\"status\":\"BAD_REFRESH_TOKEN\",\"message\":\"missing or unknown refresh token\"}",
    FALSE, FC_AUTH_ERROR_PROVIDER, "BAD_REFRESH_TOKEN", TRUE },
  { "invalid-client", FC_PROVIDER_JOBBER, 401, "{\"error\":\"invalid_client\"}",
    TRUE, FC_AUTH_ERROR_PROVIDER, "invalid_client", FALSE },
  { "error-in-200", FC_PROVIDER_SALESFORCE, 200,
    "{\"error\":\"invalid_grant\",\"error_description\":\"expired authorization code\"}",
    TRUE, FC_AUTH_ERROR_PROVIDER, "invalid_grant", TRUE },
  { "unavailable", FC_PROVIDER_HUBSPOT, 503, "upstream unavailable",
    FALSE, FC_AUTH_ERROR_NETWORK },
  { "throttled", FC_PROVIDER_PIPEDRIVE, 429, "{\"error\":\"rate_limited\"}",
    FALSE, FC_AUTH_ERROR_NETWORK, "rate_limited" },
  { "jobber-jwt", FC_PROVIDER_JOBBER, 200, NULL /* built in the test */,
    TRUE, -1, NULL, FALSE, NULL, "jb-refresh-1", NULL, -1, NULL },
};

static void
test_parse_response (gconstpointer data)
{
  const ParseCase *c = data;
  const FcProviderInfo *info = fc_provider_info_get (c->provider);
  FcAuthClient client = { (char *) "client-id", (char *) "test_consumer_secret", FALSE };
  const char * const secrets[] = { "test_consumer_secret", NULL };
  g_autofree char *jwt = NULL;
  g_autofree char *jobber_body = NULL;
  g_autoptr (GBytes) body = NULL;
  g_autoptr (FcToken) token = NULL;
  g_autoptr (GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (c->body != NULL)
    body = g_bytes_new_static (c->body, strlen (c->body));
  else
    {
      jwt = make_jwt ("{\"sub\":\"7\",\"iss\":\"https://api.getjobber.com\",\"exp\":1900000000}");
      jobber_body = g_strdup_printf ("{\"access_token\":\"%s\",\"refresh_token\":"
                                     "\"jb-refresh-1\",\"expires_in\":60}", jwt);
      body = g_bytes_new (jobber_body, strlen (jobber_body));
    }

  token = _fc_auth_parse_token_response (info, c->status, body, &client, NULL,
                                         c->code_exchange, secrets, &error);
  if (c->error_code >= 0)
    {
      g_assert_null (token);
      g_assert_error (error, FC_AUTH_ERROR, c->error_code);
      g_assert_cmpstr (fc_auth_error_get_provider_error (error), ==, c->provider_error);
      g_assert_cmpuint (fc_auth_error_get_http_status (error), ==, c->status);
      g_assert_cmpint (_fc_auth_error_is_dead_grant (error), ==, c->dead_grant);
      g_assert_null (strstr (error->message, "test_consumer_secret"));
      g_test_message ("%s: %s", c->name, error->message);
      return;
    }

  g_assert_no_error (error);
  g_assert_nonnull (token);
  g_assert_cmpstr (fc_token_get_access_token (token), ==, c->access_token != NULL
                                                          ? c->access_token : jwt);
  g_assert_cmpstr (fc_token_get_refresh_token (token), ==, c->refresh_token);
  g_assert_cmpstr (fc_token_get_scope (token), ==, c->scope);
  g_assert_cmpstr (fc_token_get_account_api_url (token), ==, c->account_url);
  g_assert_false (fc_token_is_static (token));
  if (c->expires_in == 0)
    g_assert_cmpint (fc_token_get_expires_at (token), ==, 0);
  else if (c->expires_in < 0)
    g_assert_cmpint (fc_token_get_expires_at (token), ==, 1900000000);
  else
    {
      g_assert_cmpint (fc_token_get_expires_at (token), >=, now + c->expires_in);
      g_assert_cmpint (fc_token_get_expires_at (token), <=, now + c->expires_in + 2);
    }
  if (c->provider == FC_PROVIDER_SALESFORCE && c->code_exchange)
    g_assert_cmpstr (fc_token_get_identity_url (token), ==, SF_ID);
  /* Packaged app: no credentials travel with the token. */
  g_assert_null (fc_token_get_client_id (token));
}

static void
test_parse_refresh_keeps (void)
{
  const FcProviderInfo *info = fc_provider_info_get (FC_PROVIDER_PIPEDRIVE);
  FcAuthClient client = { (char *) "own-id", (char *) "own-secret", TRUE };
  const char *answer = "{\"access_token\":\"pd-access-2\",\"expires_in\":3599,"
                       "\"error_description\":\"ignored\"}";
  g_autoptr (GBytes) body = g_bytes_new_static (answer, strlen (answer));
  g_autoptr (FcToken) previous = fc_token_new_oauth ("pd-access-1", "pd-refresh-1", "Bearer",
                                                     "base", 1);
  g_autoptr (FcToken) token = NULL;
  g_autoptr (GError) error = NULL;

  fc_token_set_api_domain (previous, "https://acme.pipedrive.com");
  token = _fc_auth_parse_token_response (info, 200, body, &client, previous, FALSE, NULL,
                                         &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fc_token_get_access_token (token), ==, "pd-access-2");
  g_assert_cmpstr (fc_token_get_refresh_token (token), ==, "pd-refresh-1");
  g_assert_cmpstr (fc_token_get_scope (token), ==, "base");
  g_assert_cmpstr (fc_token_get_api_domain (token), ==, "https://acme.pipedrive.com");
  g_assert_cmpstr (fc_token_get_client_id (token), ==, "own-id");
  g_assert_cmpstr (fc_token_get_client_secret (token), ==, "own-secret");
}

static void
test_parse_redacts (void)
{
  const FcProviderInfo *info = fc_provider_info_get (FC_PROVIDER_HUBSPOT);
  FcAuthClient client = { (char *) "id", (char *) "secret-abcdef", FALSE };
  const char *answer = "{\"status\":\"BAD_REFRESH_TOKEN\",\"message\":\"refresh token "
                       "rt-0123456789 is unknown\"}";
  const char * const secrets[] = { "rt-0123456789", "secret-abcdef", NULL };
  g_autoptr (GBytes) body = g_bytes_new_static (answer, strlen (answer));
  g_autoptr (GError) error = NULL;

  g_assert_null (_fc_auth_parse_token_response (info, 400, body, &client, NULL, FALSE, secrets,
                                                &error));
  g_assert_error (error, FC_AUTH_ERROR, FC_AUTH_ERROR_PROVIDER);
  g_assert_null (strstr (error->message, "rt-0123456789"));
  g_assert_null (strstr (fc_auth_error_get_provider_description (error), "rt-0123456789"));
  g_assert_nonnull (strstr (error->message, "BAD_REFRESH_TOKEN"));
  g_assert_nonnull (strstr (error->message, "is unknown"));
}

static void
test_static_token (void)
{
  g_autoptr (FcToken) token = NULL;
  g_autoptr (GError) error = NULL;

  token = fc_auth_make_static_token (FC_PROVIDER_HUBSPOT, "pat-na1-11112222-3333", &error);
  g_assert_no_error (error);
  g_assert_true (fc_token_is_static (token));
  g_assert_cmpstr (fc_token_get_access_token (token), ==, "pat-na1-11112222-3333");
  g_assert_false (fc_token_expires_within (token, G_MAXINT32));
  g_clear_pointer (&token, fc_token_unref);

  token = fc_auth_make_static_token (FC_PROVIDER_PIPEDRIVE, "0123456789abcdef", &error);
  g_assert_no_error (error);
  g_assert_true (fc_token_is_static (token));
  g_clear_pointer (&token, fc_token_unref);

  g_assert_null (fc_auth_make_static_token (FC_PROVIDER_JOBBER, "abc", &error));
  g_assert_error (error, FC_AUTH_ERROR, FC_AUTH_ERROR_CONFIG);
  g_clear_error (&error);

  g_assert_null (fc_auth_make_static_token (FC_PROVIDER_HUBSPOT, "", &error));
  g_assert_error (error, FC_AUTH_ERROR, FC_AUTH_ERROR_CONFIG);
  g_clear_error (&error);

  g_assert_null (fc_auth_make_static_token (FC_PROVIDER_HUBSPOT, "pat-na1 secretpart", &error));
  g_assert_error (error, FC_AUTH_ERROR, FC_AUTH_ERROR_CONFIG);
  g_assert_null (strstr (error->message, "secretpart"));
  g_assert_nonnull (strstr (error->message, "position 8"));
}

/* ---- sign-in --------------------------------------------------------------------------- */

static void
test_flow_hubspot (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr (FcToken) token = NULL;
  g_autoptr (FcToken) stored = NULL;
  g_autoptr (FcToken) handed = NULL;
  g_autoptr (GHashTable) params = NULL;
  g_autoptr (GError) error = NULL;
  const char *verifier_shape;

  token = sign_in (fixture);
  g_assert_true (fixture->page_done);
  g_assert_cmpuint (fixture->page_status, ==, 200);
  g_assert_nonnull (strstr (fixture->page_body, "close this window"));

  params = parse_authorize_uri (fixture);
  g_assert_cmpstr (g_hash_table_lookup (params, "client_id"), ==, HUBSPOT_CLIENT_ID);
  g_assert_cmpstr (g_hash_table_lookup (params, "code_challenge_method"), ==, "S256");
  verifier_shape = g_hash_table_lookup (params, "code_challenge");
  g_assert_nonnull (verifier_shape);
  g_assert_cmpuint (strlen (verifier_shape), ==, 43);
  g_assert_cmpuint (strlen (g_hash_table_lookup (params, "state")), >=, 43);
  g_assert_true (g_str_has_prefix (g_hash_table_lookup (params, "redirect_uri"),
                                   "http://127.0.0.1:"));
  g_assert_true (g_str_has_suffix (g_hash_table_lookup (params, "redirect_uri"),
                                   FC_AUTH_CALLBACK_PATH));
  g_assert_nonnull (strstr (g_hash_table_lookup (params, "scope"), "crm.objects.contacts.read"));
  assert_listener_closed (fixture);

  g_assert_false (fc_token_is_static (token));
  g_assert_nonnull (fc_token_get_refresh_token (token));
  g_assert_cmpstr (fc_token_get_token_type (token), ==, "bearer");
  g_assert_false (fc_token_expires_within (token, 60));
  g_assert_nonnull (strstr (fc_token_get_scope (token), "crm.objects.contacts.read"));
  g_assert_null (fc_token_get_client_id (token));
  g_assert_cmpuint (count_token_requests (fixture), ==, 1);
  g_assert_cmpuint (call_api (fixture, token), ==, 200);

  /* Stored in the keyring, and handed out from there without a refresh. */
  stored = fc_secrets_lookup_token (fixture->secrets, fixture->connection, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fc_token_get_access_token (stored), ==, fc_token_get_access_token (token));
  handed = get_token (fixture, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fc_token_get_access_token (handed), ==, fc_token_get_access_token (token));
  g_assert_cmpuint (count_token_requests (fixture), ==, 1);
  g_assert_cmpuint (fixture->n_refreshed, ==, 0);
}

static void
test_flow_pipedrive (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr (FcToken) token = NULL;
  g_autoptr (GHashTable) params = NULL;

  if (!sim_serves (fixture))
    return;

  token = sign_in (fixture);
  params = parse_authorize_uri (fixture);
  g_assert_cmpstr (g_hash_table_lookup (params, "client_id"), ==, PIPEDRIVE_CLIENT_ID);
  g_assert_false (g_hash_table_contains (params, "code_challenge"));
  g_assert_false (g_hash_table_contains (params, "scope"));
  assert_listener_closed (fixture);

  g_assert_nonnull (fc_token_get_refresh_token (token));
  g_assert_nonnull (fc_token_get_api_domain (token));
  g_assert_false (fc_token_expires_within (token, 60));
  g_assert_cmpuint (count_token_requests (fixture), ==, 1);
  /* HTTP Basic: the simulator refuses a Pipedrive token request without it. */
  g_assert_cmpuint (fc_sim_get_count (fixture->sim, "pipedrive", "POST", "/oauth/token", 200),
                    ==, 1);
}

static void
test_flow_own_client (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr (FcToken) token = NULL;
  g_autoptr (FcToken) again = NULL;
  g_autoptr (GError) error = NULL;

  /* The simulator knows only the user's own app now: the packaged one is refused. */
  fc_sim_set_client (fixture->sim, "hubspot", "own-app-id", "own-app-secret-31337", &error);
  g_assert_no_error (error);
  fixture->browser_mode = BROWSER_FOLLOW;
  g_assert_null (authorize (fixture, 10, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  fc_auth_set_own_client (fixture->auth, fixture->connection, "own-app-id",
                          "own-app-secret-31337");
  token = sign_in (fixture);
  g_assert_cmpstr (fc_token_get_client_id (token), ==, "own-app-id");
  g_assert_cmpstr (fc_token_get_client_secret (token), ==, "own-app-secret-31337");

  /* Signing in again reuses the credentials stored with the token. */
  fc_auth_set_own_client (fixture->auth, fixture->connection, NULL, NULL);
  again = authorize (fixture, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fc_token_get_client_id (again), ==, "own-app-id");

  /* And the refresh uses them too. */
  g_clear_pointer (&again, fc_token_unref);
  again = get_token (fixture, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fc_token_get_access_token (again), !=, fc_token_get_access_token (token));
  g_assert_cmpstr (fc_token_get_client_id (again), ==, "own-app-id");
}

static void
test_flow_denied (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr (FcToken) token = NULL;
  g_autoptr (GError) error = NULL;

  fc_sim_set_oauth_denied (fixture->sim, "hubspot", TRUE);
  fixture->browser_mode = BROWSER_FOLLOW;
  token = authorize (fixture, 10, &error);
  g_assert_null (token);
  g_assert_error (error, FC_AUTH_ERROR, FC_AUTH_ERROR_DENIED);
  g_assert_cmpstr (fc_auth_error_get_provider_error (error), ==, "access_denied");
  g_assert_true (fixture->page_done);
  g_assert_nonnull (strstr (fixture->page_body, "not given access"));
  g_assert_cmpuint (count_token_requests (fixture), ==, 0);
  assert_listener_closed (fixture);
}

static void
test_flow_state_mismatch (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr (FcToken) token = NULL;
  g_autoptr (GError) error = NULL;

  fixture->browser_mode = BROWSER_TAMPER_STATE;
  token = authorize (fixture, 10, &error);
  g_assert_null (token);
  g_assert_error (error, FC_AUTH_ERROR, FC_AUTH_ERROR_STATE_MISMATCH);
  /* The browser is told, and the code was never exchanged. */
  g_assert_true (fixture->page_done);
  g_assert_cmpuint (fixture->page_status, ==, 400);
  g_assert_cmpuint (count_token_requests (fixture), ==, 0);
  assert_listener_closed (fixture);
}

static gboolean
on_cancel_timeout_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_flow_cancel (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (FcToken) token = NULL;
  g_autoptr (GError) error = NULL;
  Slot slot = { 0 };
  gint64 started = g_get_monotonic_time ();

  fixture->browser_mode = BROWSER_IDLE;
  fc_auth_authorize_async (fixture->auth, fixture->provider, fixture->connection, open_uri_cb,
                           fixture, 60, cancellable, on_slot_done_cb, &slot);
  g_timeout_add (200, on_cancel_timeout_cb, cancellable);
  wait_slots (&slot, 1);
  token = fc_auth_authorize_finish (fixture->auth, slot.result, &error);
  slot_clear (&slot);

  g_assert_null (token);
  g_assert_error (error, FC_AUTH_ERROR, FC_AUTH_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 5 * G_USEC_PER_SEC);
  assert_listener_closed (fixture);
}

static void
test_flow_timeout (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr (FcToken) token = NULL;
  g_autoptr (GError) error = NULL;
  gint64 started = g_get_monotonic_time ();

  fixture->browser_mode = BROWSER_IDLE;
  token = authorize (fixture, 1, &error);
  g_assert_null (token);
  g_assert_error (error, FC_AUTH_ERROR, FC_AUTH_ERROR_TIMEOUT);
  g_assert_cmpint (g_get_monotonic_time () - started, >=, G_USEC_PER_SEC);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 5 * G_USEC_PER_SEC);
  assert_listener_closed (fixture);
}

static void
test_flow_no_browser (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  fixture->browser_mode = BROWSER_FAIL;
  g_assert_null (authorize (fixture, 10, &error));
  g_assert_error (error, FC_AUTH_ERROR, FC_AUTH_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "no browser installed"));
  assert_listener_closed (fixture);
}

static void
test_flow_malformed (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  fc_sim_set_faults (fixture->sim, "hubspot",
                     "{\"malformed_next\": 1, \"path_prefix\": \"/oauth/v1/token\"}", &error);
  g_assert_no_error (error);
  fixture->browser_mode = BROWSER_FOLLOW;
  g_assert_null (authorize (fixture, 10, &error));
  g_assert_error (error, FC_AUTH_ERROR, FC_AUTH_ERROR_BAD_RESPONSE);
  g_assert_cmpuint (count_token_requests (fixture), ==, 1);
}

/* A free port on 127.0.0.1 that nothing listens on. */
static char *
make_dead_url (void)
{
  g_autoptr (GSocket) socket = NULL;
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) bound = NULL;
  g_autoptr (GError) error = NULL;
  guint16 port;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         &error);
  g_assert_no_error (error);
  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);

  return g_strdup_printf ("http://127.0.0.1:%u", port);
}

static void
test_flow_unreachable (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *dead = make_dead_url ();
  g_autoptr (GError) error = NULL;

  /* The consent page works, the token endpoint (on HubSpot's API host) does not. */
  fc_connection_set_api_base_url (fixture->connection, dead);
  fixture->browser_mode = BROWSER_FOLLOW;
  g_assert_null (authorize (fixture, 10, &error));
  g_assert_error (error, FC_AUTH_ERROR, FC_AUTH_ERROR_NETWORK);
  assert_listener_closed (fixture);
}

/* ---- tokens for connectors ------------------------------------------------------------- */

static void
test_not_connected (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  g_assert_null (get_token (fixture, FALSE, &error));
  g_assert_error (error, FC_AUTH_ERROR, FC_AUTH_ERROR_NOT_CONNECTED);
  g_assert_nonnull (strstr (error->message, fc_connection_get_id (fixture->connection)));
}

static void
test_refresh_before_expiry (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr (FcToken) first = NULL;
  g_autoptr (FcToken) same = NULL;
  g_autoptr (FcToken) renewed = NULL;
  g_autoptr (FcToken) stored = NULL;
  g_autoptr (GError) error = NULL;
  guint before;

  /* Tokens live 4 s; renewal comes at most half a lifetime ahead: after 2 s. */
  set_lifetime (fixture, 4);
  fc_auth_set_refresh_margin (fixture->auth, 60);
  first = sign_in (fixture);
  before = count_token_requests (fixture);

  same = get_token (fixture, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fc_token_get_access_token (same), ==, fc_token_get_access_token (first));
  g_assert_cmpuint (count_token_requests (fixture), ==, before);

  spin (2300);
  renewed = get_token (fixture, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fc_token_get_access_token (renewed), !=, fc_token_get_access_token (first));
  g_assert_cmpuint (count_token_requests (fixture), ==, before + 1);
  g_assert_cmpuint (fixture->n_refreshed, ==, 1);
  g_assert_cmpuint (call_api (fixture, renewed), ==, 200);

  /* The keyring had it before we did. */
  stored = fc_secrets_lookup_token (fixture->secrets, fixture->connection, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fc_token_get_access_token (stored), ==, fc_token_get_access_token (renewed));
  g_assert_cmpstr (fc_token_get_refresh_token (stored), ==,
                   fc_token_get_refresh_token (renewed));
}

static void
on_refreshed_check_keyring_cb (FcAuth       *auth,
                               FcConnection *connection,
                               gpointer      user_data)
{
  GPtrArray *stored_tokens = user_data;
  g_autoptr (GError) error = NULL;
  FcToken *stored;

  /* When anyone hears of the new token, the keyring already has it. */
  stored = fc_secrets_lookup_token (fc_auth_get_secrets (auth), connection, NULL, &error);
  g_assert_no_error (error);
  g_ptr_array_add (stored_tokens, stored);
}

static void
test_refresh_single_flight (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr (FcToken) first = NULL;
  g_autoptr (GPtrArray) stored_tokens = g_ptr_array_new_with_free_func
                                          ((GDestroyNotify) fc_token_unref);
  g_autoptr (GError) error = NULL;
  g_autofree char *control = NULL;
  Slot slots[3] = { 0 };
  FcToken *tokens[3];
  guint before;
  guint status = 0;

  /* Rotating refresh tokens: a second refresh with the old one would fail. */
  control = fc_sim_control (fixture->sim, "POST", "/_control/oauth/hubspot",
                            "{\"rotate_refresh_tokens\": true}", &status);
  g_assert_cmpuint (status, ==, 200);
  set_lifetime (fixture, 4);
  fc_auth_set_refresh_margin (fixture->auth, 60);
  first = sign_in (fixture);
  g_signal_connect (fixture->auth, "connection-refreshed",
                    G_CALLBACK (on_refreshed_check_keyring_cb), stored_tokens);
  before = count_token_requests (fixture);

  spin (2300);
  /* Both need a refresh (near expiry); the third comes from a 401. */
  fc_auth_get_token_async (fixture->auth, fixture->connection, FALSE, NULL, on_slot_done_cb,
                           &slots[0]);
  fc_auth_get_token_async (fixture->auth, fixture->connection, FALSE, NULL, on_slot_done_cb,
                           &slots[1]);
  fc_auth_get_token_async (fixture->auth, fixture->connection, TRUE, NULL, on_slot_done_cb,
                           &slots[2]);
  wait_slots (slots, 3);

  for (guint i = 0; i < 3; i++)
    {
      tokens[i] = fc_auth_get_token_finish (fixture->auth, slots[i].result, &error);
      g_assert_no_error (error);
      note_token (tokens[i]);
      slot_clear (&slots[i]);
      g_assert_cmpstr (fc_token_get_access_token (tokens[i]), ==,
                       fc_token_get_access_token (tokens[0]));
    }

  g_assert_cmpuint (count_token_requests (fixture), ==, before + 1);
  g_assert_cmpuint (fixture->n_refreshed, ==, 1);
  g_assert_cmpstr (fc_token_get_access_token (tokens[0]), !=, fc_token_get_access_token (first));
  g_assert_cmpstr (fc_token_get_refresh_token (tokens[0]), !=,
                   fc_token_get_refresh_token (first));
  g_assert_cmpuint (stored_tokens->len, ==, 1);
  g_assert_cmpstr (fc_token_get_access_token (g_ptr_array_index (stored_tokens, 0)), ==,
                   fc_token_get_access_token (tokens[0]));
  g_assert_cmpuint (call_api (fixture, tokens[0]), ==, 200);

  /* A 401 right after the refresh does not renew again. */
  g_clear_pointer (&tokens[1], fc_token_unref);
  tokens[1] = get_token (fixture, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fc_token_get_access_token (tokens[1]), ==,
                   fc_token_get_access_token (tokens[0]));
  g_assert_cmpuint (count_token_requests (fixture), ==, before + 1);

  for (guint i = 0; i < 3; i++)
    fc_token_unref (tokens[i]);
}

static void
test_refresh_cancel_one (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (FcToken) first = NULL;
  g_autoptr (FcToken) renewed = NULL;
  g_autoptr (FcToken) cancelled = NULL;
  g_autoptr (GError) error = NULL;
  Slot slots[2] = { 0 };
  guint before;

  first = sign_in (fixture);
  before = count_token_requests (fixture);
  fc_sim_set_faults (fixture->sim, "hubspot",
                     "{\"latency_ms\": 1500, \"path_prefix\": \"/oauth/v1/token\"}", &error);
  g_assert_no_error (error);

  fc_auth_get_token_async (fixture->auth, fixture->connection, TRUE, cancellable,
                           on_slot_done_cb, &slots[0]);
  fc_auth_get_token_async (fixture->auth, fixture->connection, TRUE, NULL, on_slot_done_cb,
                           &slots[1]);
  g_timeout_add (100, on_cancel_timeout_cb, cancellable);
  wait_slots (slots, 2);

  /* The cancelled caller left at once; the other one got the renewed token. */
  g_assert_cmpint (slots[0].done_at, <, slots[1].done_at);
  cancelled = fc_auth_get_token_finish (fixture->auth, slots[0].result, &error);
  g_assert_null (cancelled);
  g_assert_error (error, FC_AUTH_ERROR, FC_AUTH_ERROR_CANCELLED);
  g_clear_error (&error);
  renewed = fc_auth_get_token_finish (fixture->auth, slots[1].result, &error);
  g_assert_no_error (error);
  note_token (renewed);
  g_assert_cmpstr (fc_token_get_access_token (renewed), !=, fc_token_get_access_token (first));
  g_assert_cmpuint (count_token_requests (fixture), ==, before + 1);
  slot_clear (&slots[0]);
  slot_clear (&slots[1]);
  fc_sim_clear_faults (fixture->sim, "hubspot");
}

static void
test_refresh_watch (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr (FcToken) first = NULL;
  g_autoptr (FcToken) current = NULL;
  g_autoptr (GError) error = NULL;
  gint64 deadline;
  guint refreshed;

  set_lifetime (fixture, 4);
  fc_auth_set_refresh_margin (fixture->auth, 60);
  first = sign_in (fixture);

  /* No caller asks: the timer renews ahead of expiry. */
  fc_auth_watch_connection (fixture->auth, fixture->connection);
  deadline = g_get_monotonic_time () + 8 * G_USEC_PER_SEC;
  while (fixture->n_refreshed < 2)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }

  current = get_token (fixture, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fc_token_get_access_token (current), !=, fc_token_get_access_token (first));
  g_assert_false (fc_token_expires_within (current, 0));
  g_assert_cmpuint (call_api (fixture, current), ==, 200);

  fc_auth_unwatch_connection (fixture->auth, fixture->connection);
  refreshed = fixture->n_refreshed;
  spin (3000);
  g_assert_cmpuint (fixture->n_refreshed, ==, refreshed);
}

static void
test_refresh_invalid_grant (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr (FcToken) first = NULL;
  g_autoptr (GError) error = NULL;
  guint before;

  first = sign_in (fixture);
  fc_auth_watch_connection (fixture->auth, fixture->connection);
  g_assert_true (fc_sim_revoke_token (fixture->sim, fc_token_get_refresh_token (first)));
  before = count_token_requests (fixture);

  g_assert_null (get_token (fixture, TRUE, &error));
  g_assert_error (error, FC_AUTH_ERROR, FC_AUTH_ERROR_EXPIRED);
  g_assert_cmpstr (fc_auth_error_get_provider_error (error), ==, "BAD_REFRESH_TOKEN");
  g_assert_cmpuint (fixture->n_expired, ==, 1);
  g_assert_cmpint (fc_connection_get_status (fixture->connection), ==,
                   FC_CONNECTION_STATUS_EXPIRED);
  g_assert_cmpuint (count_token_requests (fixture), ==, before + 1);
  g_clear_error (&error);

  /* No retry: later callers hear it without a request. */
  g_assert_null (get_token (fixture, FALSE, &error));
  g_assert_error (error, FC_AUTH_ERROR, FC_AUTH_ERROR_EXPIRED);
  g_assert_cmpuint (count_token_requests (fixture), ==, before + 1);
  g_assert_cmpuint (fixture->n_expired, ==, 1);
  g_clear_error (&error);

  /* Signing in again brings the connection back. */
  g_clear_pointer (&first, fc_token_unref);
  first = sign_in (fixture);
  g_assert_cmpint (fc_connection_get_status (fixture->connection), ==,
                   FC_CONNECTION_STATUS_ACTIVE);
  g_clear_pointer (&first, fc_token_unref);
  first = get_token (fixture, TRUE, &error);
  g_assert_no_error (error);
}

static void
test_refresh_malformed (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr (FcToken) first = NULL;
  g_autoptr (FcToken) renewed = NULL;
  g_autoptr (GError) error = NULL;

  first = sign_in (fixture);
  fc_sim_set_faults (fixture->sim, "hubspot",
                     "{\"malformed_next\": 1, \"path_prefix\": \"/oauth/v1/token\"}", &error);
  g_assert_no_error (error);

  g_assert_null (get_token (fixture, TRUE, &error));
  g_assert_error (error, FC_AUTH_ERROR, FC_AUTH_ERROR_BAD_RESPONSE);
  g_assert_cmpint (fc_connection_get_status (fixture->connection), ==,
                   FC_CONNECTION_STATUS_ACTIVE);
  g_assert_cmpuint (fixture->n_expired, ==, 0);
  g_assert_cmpuint (fixture->n_refreshed, ==, 0);
  g_clear_error (&error);

  /* The fault was one answer: the next refresh works (the refresh token was not rotated). */
  renewed = get_token (fixture, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fc_token_get_access_token (renewed), !=, fc_token_get_access_token (first));
}

static void
test_refresh_unreachable (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *dead = make_dead_url ();
  g_autoptr (FcToken) token = fc_token_new_oauth ("offline-access-0123456789",
                                                  "offline-refresh-0123456789", "bearer", NULL,
                                                  g_get_real_time () / G_USEC_PER_SEC + 3600);
  g_autoptr (FcToken) still = NULL;
  g_autoptr (GError) error = NULL;

  note_token (token);
  fc_connection_set_api_base_url (fixture->connection, dead);
  store_token (fixture, token);

  g_assert_null (get_token (fixture, TRUE, &error));
  g_assert_error (error, FC_AUTH_ERROR, FC_AUTH_ERROR_NETWORK);
  g_assert_cmpint (fc_connection_get_status (fixture->connection), ==,
                   FC_CONNECTION_STATUS_ACTIVE);
  g_clear_error (&error);

  /* An early renewal that cannot reach the provider keeps the still-valid token. */
  fc_auth_set_refresh_margin (fixture->auth, 7200);
  still = get_token (fixture, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fc_token_get_access_token (still), ==, fc_token_get_access_token (token));
}

static void
test_static_connection (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr (FcToken) token = NULL;
  g_autoptr (FcToken) handed = NULL;
  g_autoptr (GError) error = NULL;

  token = fc_auth_make_static_token (FC_PROVIDER_HUBSPOT, "pat-na1-static-0123456789", &error);
  g_assert_no_error (error);
  note_token (token);
  g_assert_true (fc_sim_add_static_token (fixture->sim, "hubspot",
                                          fc_token_get_access_token (token), &error));
  store_token (fixture, token);

  handed = get_token (fixture, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (fc_token_is_static (handed));
  g_assert_cmpuint (call_api (fixture, handed), ==, 200);
  g_assert_cmpuint (count_token_requests (fixture), ==, 0);

  /* A 401 on a token that cannot be renewed: the connection needs the user. */
  g_assert_null (get_token (fixture, TRUE, &error));
  g_assert_error (error, FC_AUTH_ERROR, FC_AUTH_ERROR_EXPIRED);
  g_assert_cmpuint (fixture->n_expired, ==, 1);
  g_assert_cmpuint (count_token_requests (fixture), ==, 0);
}

static void
test_forget (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr (FcToken) token = NULL;
  g_autoptr (FcToken) stored = NULL;
  g_autoptr (GError) error = NULL;
  Slot slot = { 0 };

  token = sign_in (fixture);
  fc_auth_watch_connection (fixture->auth, fixture->connection);
  fc_auth_forget_connection_async (fixture->auth, fixture->connection, NULL, on_slot_done_cb,
                                   &slot);
  wait_slots (&slot, 1);
  g_assert_true (fc_auth_forget_connection_finish (fixture->auth, slot.result, &error));
  g_assert_no_error (error);
  slot_clear (&slot);

  stored = fc_secrets_lookup_token (fixture->secrets, fixture->connection, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (stored);
  g_assert_null (get_token (fixture, FALSE, &error));
  g_assert_error (error, FC_AUTH_ERROR, FC_AUTH_ERROR_NOT_CONNECTED);
}

/* Last: nothing the tests handled as a secret reached a log line, a GError or a page. */
static void
test_no_token_in_logs (void)
{
  g_mutex_lock (&captured_mutex);
  g_test_message ("checked %u secrets against %" G_GSIZE_FORMAT " bytes of log",
                  seen_secrets->len, captured->len);
  /* The check means something only if the flows ran and logged. */
  g_assert_cmpuint (seen_secrets->len, >=, 10);
  g_assert_nonnull (strstr (captured->str, "Sign-in to HubSpot"));
  g_assert_nonnull (strstr (captured->str, "renewing the access token"));
  for (guint i = 0; i < seen_secrets->len; i++)
    {
      const char *secret = g_ptr_array_index (seen_secrets, i);

      if (strstr (captured->str, secret) != NULL)
        g_error ("a secret of %" G_GSIZE_FORMAT " characters appears in the captured output",
                 strlen (secret));
    }
  g_mutex_unlock (&captured_mutex);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_setenv ("FLUXCASCADE_HUBSPOT_CLIENT_ID", HUBSPOT_CLIENT_ID, TRUE);
  g_setenv ("FLUXCASCADE_HUBSPOT_CLIENT_SECRET", HUBSPOT_CLIENT_SECRET, TRUE);
  g_setenv ("FLUXCASCADE_PIPEDRIVE_CLIENT_ID", PIPEDRIVE_CLIENT_ID, TRUE);
  g_setenv ("FLUXCASCADE_PIPEDRIVE_CLIENT_SECRET", PIPEDRIVE_CLIENT_SECRET, TRUE);
  captured = g_string_new (NULL);
  seen_secrets = g_ptr_array_new_with_free_func (g_free);
  note_secret (HUBSPOT_CLIENT_SECRET);
  note_secret (PIPEDRIVE_CLIENT_SECRET);
  g_log_set_writer_func (capture_log_writer, NULL, NULL);

  g_test_init (&argc, &argv, NULL);
  test_log_handler = g_log_set_default_handler (capture_log_handler, NULL);
  use_private_keyring ();

  /* Units first: they change the environment, which must not happen with threads about. */
  g_test_add_func ("/fc/auth/provider/table", test_provider_table);
  for (guint i = 0; i < G_N_ELEMENTS (resolve_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fc/auth/provider/resolve/%u", i);

      g_test_add_data_func (path, &resolve_cases[i], test_provider_resolve);
    }
  g_test_add_func ("/fc/auth/provider/client-config", test_client_config);
  g_test_add_func ("/fc/auth/pkce", test_pkce);
  for (guint i = 0; i < G_N_ELEMENTS (signature_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fc/auth/salesforce-signature/%u", i);

      g_test_add_data_func (path, &signature_cases[i], test_salesforce_signature);
    }
  g_test_add_func ("/fc/auth/jwt-expiry", test_jwt_expiry);
  for (guint i = 0; i < G_N_ELEMENTS (parse_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fc/auth/parse/%s", parse_cases[i].name);

      g_test_add_data_func (path, &parse_cases[i], test_parse_response);
    }
  g_test_add_func ("/fc/auth/parse/refresh-keeps", test_parse_refresh_keeps);
  g_test_add_func ("/fc/auth/parse/redacts", test_parse_redacts);
  g_test_add_func ("/fc/auth/static-token", test_static_token);

#define ADD(path, provider, func) \
  g_test_add ("/fc/auth/" path, Fixture, provider, fixture_set_up, func, fixture_tear_down)
  ADD ("flow/hubspot", "hubspot", test_flow_hubspot);
  ADD ("flow/pipedrive", "pipedrive", test_flow_pipedrive);
  ADD ("flow/own-client", "hubspot", test_flow_own_client);
  ADD ("flow/denied", "hubspot", test_flow_denied);
  ADD ("flow/state-mismatch", "hubspot", test_flow_state_mismatch);
  ADD ("flow/cancel", "hubspot", test_flow_cancel);
  ADD ("flow/timeout", "hubspot", test_flow_timeout);
  ADD ("flow/no-browser", "hubspot", test_flow_no_browser);
  ADD ("flow/malformed", "hubspot", test_flow_malformed);
  ADD ("flow/unreachable", "hubspot", test_flow_unreachable);
  ADD ("token/not-connected", "hubspot", test_not_connected);
  ADD ("token/refresh-before-expiry", "hubspot", test_refresh_before_expiry);
  ADD ("token/single-flight", "hubspot", test_refresh_single_flight);
  ADD ("token/cancel-one-caller", "hubspot", test_refresh_cancel_one);
  ADD ("token/watch", "hubspot", test_refresh_watch);
  ADD ("token/invalid-grant", "hubspot", test_refresh_invalid_grant);
  ADD ("token/malformed", "hubspot", test_refresh_malformed);
  ADD ("token/unreachable", "hubspot", test_refresh_unreachable);
  ADD ("token/static", "hubspot", test_static_connection);
  ADD ("token/forget", "hubspot", test_forget);
#undef ADD
  g_test_add_func ("/fc/auth/zz-logs/no-token-in-logs", test_no_token_in_logs);

  status = g_test_run ();
  remove_private_keyring ();
  g_string_free (captured, TRUE);
  g_ptr_array_unref (seen_secrets);
  return status;
}
