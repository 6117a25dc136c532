/* test-salesforce.c: the Salesforce connector: its SOQL, values and limits, then the connector
 * against the provider simulator over HTTP on loopback, signed in with OAuth and PKCE
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "fc-auth.h"
#include "fc-connector.h"
#include "fc-salesforce-connector.h"
#include "fc-sim.h"
#include "fc-test-connector.h"
#include "fc-test-util.h"

/* ---- SOQL text ------------------------------------------------------------------------- */

typedef struct
{
  const char *name;
  const char *input;
  const char *expected;
} TextCase;

static const TextCase quote_cases[] = {
  { "plain", "ada@example.com", "'ada@example.com'" },
  { "empty", "", "''" },
  { "quote", "o'brien@example.com", "'o\\'brien@example.com'" },
  { "backslash", "a\\b", "'a\\\\b'" },
  { "backslash-quote", "\\'", "'\\\\\\''" },
  { "injection", "x' OR Name != '", "'x\\' OR Name != \\''" },
  { "double-quote", "say \"hi\"", "'say \\\"hi\\\"'" },
  { "controls", "a\nb\tc\rd", "'a\\nb\\tc\\rd'" },
  { "unicode", "Zoë Ågren", "'Zoë Ågren'" },
};

static void
test_soql_quote (gconstpointer data)
{
  const TextCase *c = data;
  g_autofree char *quoted = fc_salesforce_soql_quote (c->input);

  g_assert_cmpstr (quoted, ==, c->expected);
}

static const struct {
  const char *name;
  gboolean    valid;
} field_name_cases[] = {
  { "Email", TRUE },
  { "Ext_Id__c", TRUE },
  { "Account.Name", TRUE },
  { "Owner.Manager.Email", TRUE },
  { "", FALSE },
  { "1Email", FALSE },
  { "Email,Name", FALSE },
  { "Email FROM Contact", FALSE },
  { "Account.", FALSE },
  { ".Name", FALSE },
  { "Account..Name", FALSE },
  { "Name'", FALSE },
};

static void
test_field_names (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (field_name_cases); i++)
    {
      g_test_message ("field name \"%s\"", field_name_cases[i].name);
      g_assert_cmpint (fc_salesforce_is_field_name (field_name_cases[i].name), ==,
                       field_name_cases[i].valid);
    }
}

static void
test_changed_query (void)
{
  const char *fields[] = { "Email", "Id", "LastName", "Bad Name", "Account.Name", NULL };
  g_autofree char *all = fc_salesforce_build_changed_query ("Contact", NULL, -1);
  g_autofree char *since = NULL;
  g_autofree char *rounded = NULL;

  g_assert_cmpstr (all, ==,
                   "SELECT Id, SystemModstamp FROM Contact ORDER BY SystemModstamp ASC, Id ASC");

  /* 2026-01-31T12:00:00.999Z: the cursor is inclusive, so it is rounded down */
  since = fc_salesforce_build_changed_query ("Contact", fields,
                                             G_GINT64_CONSTANT (1769860800999));
  g_assert_cmpstr (since, ==,
                   "SELECT Id, Email, LastName, Account.Name, SystemModstamp FROM Contact "
                   "WHERE SystemModstamp >= 2026-01-31T12:00:00Z "
                   "ORDER BY SystemModstamp ASC, Id ASC");

  rounded = fc_salesforce_build_changed_query ("Lead", NULL, 0);
  g_assert_nonnull (strstr (rounded, "WHERE SystemModstamp >= 1970-01-01T00:00:00Z"));
}

typedef struct
{
  const char *name;
  const char *header;
  gboolean    ok;
  gint64      used;
  gint64      max;
} LimitCase;

static const LimitCase limit_cases[] = {
  { "plain", "api-usage=18/15000", TRUE, 18, 15000 },
  { "with-app", "api-usage=25/5000; per-app-api-usage=17/250(appName=sample)", TRUE, 25, 5000 },
  { "app-first", "per-app-api-usage=17/250(appName=x); api-usage=30/100", TRUE, 30, 100 },
  { "bursts", "api-usage=10018/100000; api-bursts=1/750", TRUE, 10018, 100000 },
  { "spaces", " api-usage = 5/10 ", FALSE, 0, 0 },
  { "only-app", "per-app-api-usage=17/250(appName=sample)", FALSE, 0, 0 },
  { "garbage", "api-usage=lots/many", FALSE, 0, 0 },
  { "missing-max", "api-usage=12", FALSE, 0, 0 },
  { "empty", "", FALSE, 0, 0 },
};

static void
test_limit_info (gconstpointer data)
{
  const LimitCase *c = data;
  gint64 used = 0, max = 0;

  g_assert_cmpint (fc_salesforce_parse_limit_info (c->header, &used, &max), ==, c->ok);
  if (c->ok)
    {
      g_assert_cmpint (used, ==, c->used);
      g_assert_cmpint (max, ==, c->max);
    }
}

static const TextCase datetime_cases[] = {
  { "salesforce", "2013-05-20T20:49:32.000+0000", "2013-05-20T20:49:32.000Z" },
  { "offset", "2013-05-20T22:49:32.250+0200", "2013-05-20T20:49:32.250Z" },
  { "colon-offset", "2013-05-20T15:49:32.000-05:00", "2013-05-20T20:49:32.000Z" },
  { "zulu", "2013-05-20T20:49:32Z", "2013-05-20T20:49:32.000Z" },
  { "date", "2013-05-20", NULL },
  { "no-zone", "2013-05-20T20:49:32.000", NULL },
  { "time", "20:49:32.000Z", NULL },
  { "text", "Acme Corporation, founded 2013", NULL },
};

static void
test_datetime (gconstpointer data)
{
  const TextCase *c = data;
  g_autofree char *normal = fc_salesforce_normalize_datetime (c->input);

  g_assert_cmpstr (normal, ==, c->expected);
}

static const TextCase login_cases[] = {
  { "default", "", FC_SALESFORCE_PRODUCTION_LOGIN_URL },
  { "production", "production", FC_SALESFORCE_PRODUCTION_LOGIN_URL },
  { "sandbox", "Sandbox", FC_SALESFORCE_SANDBOX_LOGIN_URL },
  { "test", "test", FC_SALESFORCE_SANDBOX_LOGIN_URL },
  { "my-domain-name", "acme", "https://acme.my.salesforce.com" },
  { "my-domain-host", "Acme.my.salesforce.com", "https://acme.my.salesforce.com" },
  { "sandbox-my-domain", "https://acme--uat.sandbox.my.salesforce.com/",
    "https://acme--uat.sandbox.my.salesforce.com" },
  { "loopback", "http://127.0.0.1:8080/", "http://127.0.0.1:8080" },
  { "path", "https://acme.my.salesforce.com/services/oauth2", NULL },
  { "scheme", "ftp://acme.my.salesforce.com", NULL },
  { "spaces", "acme corp", NULL },
  { "dots", "acme..my.salesforce.com", NULL },
};

static void
test_login_host (gconstpointer data)
{
  const TextCase *c = data;
  g_autoptr (GError) error = NULL;
  g_autofree char *url = fc_salesforce_login_url_for_host (c->input, &error);

  g_assert_cmpstr (url, ==, c->expected);
  if (c->expected == NULL)
    g_assert_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_VALIDATION);
  else
    g_assert_no_error (error);
}

static const struct {
  const char *code;
  int         expected;
} error_code_cases[] = {
  { "INVALID_FIELD", FC_CONNECTOR_ERROR_VALIDATION },
  { "MALFORMED_QUERY", FC_CONNECTOR_ERROR_VALIDATION },
  { "REQUIRED_FIELD_MISSING", FC_CONNECTOR_ERROR_VALIDATION },
  { "NOT_FOUND", FC_CONNECTOR_ERROR_NOT_FOUND },
  { "ENTITY_IS_DELETED", FC_CONNECTOR_ERROR_NOT_FOUND },
  { "DUPLICATE_VALUE", FC_CONNECTOR_ERROR_CONFLICT },
  { "DUPLICATE_EXTERNAL_ID", FC_CONNECTOR_ERROR_CONFLICT },
  { "REQUEST_LIMIT_EXCEEDED", FC_CONNECTOR_ERROR_RATE_LIMITED },
  { "INVALID_SESSION_ID", FC_CONNECTOR_ERROR_AUTH },
  { "SERVER_UNAVAILABLE", FC_CONNECTOR_ERROR_SERVER },
  { "SOMETHING_NEW", -1 },
  { NULL, -1 },
};

static void
test_error_codes (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (error_code_cases); i++)
    g_assert_cmpint (fc_salesforce_error_code_for (error_code_cases[i].code), ==,
                     error_code_cases[i].expected);
}

static JsonObject *
parse_object (const char *json)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
test_record_from_json (void)
{
  g_autoptr (JsonObject) object = parse_object (
    "{\"attributes\":{\"type\":\"Contact\",\"url\":\"/services/data/v62.0/sobjects/Contact/"
    "003000000000001AAA\"},"
    "\"Id\":\"003000000000001AAA\",\"LastName\":\"Lovelace\",\"Email\":null,"
    "\"HasOptedOutOfEmail\":false,\"Score__c\":42,\"Amount__c\":1250.5,"
    "\"Birthdate\":\"1815-12-10\","
    "\"Note__c\":\"2013-05-20T20:49:32.000+0000\","
    "\"Met_At__c\":\"2020-02-02T10:00:00.000+0100\","
    "\"SystemModstamp\":\"2026-01-31T12:00:00.123+0000\","
    "\"Account\":{\"attributes\":{\"type\":\"Account\"},\"Name\":\"Analytical Engines\"},"
    "\"IsDeleted\":true}");
  g_autoptr (GListStore) fields = g_list_store_new (FC_TYPE_FIELD_INFO);
  g_autoptr (FcFieldInfo) note = fc_field_info_new ("Note__c", "Note", "string");
  g_autoptr (FcFieldInfo) stamp = fc_field_info_new ("SystemModstamp", "System Modstamp",
                                                     "datetime");
  g_autoptr (FcRecord) record = NULL;
  g_autoptr (FcRecord) unknown = NULL;
  JsonNode *value;

  g_list_store_append (fields, note);
  g_list_store_append (fields, stamp);
  record = fc_salesforce_record_from_json ("Contact", object, G_LIST_MODEL (fields));
  g_assert_nonnull (record);

  g_assert_cmpstr (fc_record_get_id (record), ==, "003000000000001AAA");
  g_assert_cmpstr (fc_record_get_object_type (record), ==, "Contact");
  g_assert_false (fc_record_has_field (record, "attributes"));
  g_assert_false (fc_record_has_field (record, "Account.attributes"));
  g_assert_cmpstr (fc_record_get_string (record, "Account.Name"), ==, "Analytical Engines");
  g_assert_cmpstr (fc_record_get_string (record, "LastName"), ==, "Lovelace");
  /* A text field keeps its text; a date-time the catalogue does not know is normalised */
  g_assert_cmpstr (fc_record_get_string (record, "Note__c"), ==, "2013-05-20T20:49:32.000+0000");
  g_assert_cmpstr (fc_record_get_string (record, "Met_At__c"), ==, "2020-02-02T09:00:00.000Z");
  g_assert_cmpstr (fc_record_get_string (record, "SystemModstamp"), ==,
                   "2026-01-31T12:00:00.123Z");
  g_assert_cmpstr (fc_record_get_string (record, "Birthdate"), ==, "1815-12-10");

  value = fc_record_get_field (record, "Email");
  g_assert_nonnull (value);
  g_assert_true (JSON_NODE_HOLDS_NULL (value));
  value = fc_record_get_field (record, "HasOptedOutOfEmail");
  g_assert_cmpint (json_node_get_value_type (value), ==, G_TYPE_BOOLEAN);
  g_assert_false (json_node_get_boolean (value));
  value = fc_record_get_field (record, "Score__c");
  g_assert_cmpint (json_node_get_value_type (value), ==, G_TYPE_INT64);
  g_assert_cmpint (json_node_get_int (value), ==, 42);
  value = fc_record_get_field (record, "Amount__c");
  g_assert_cmpfloat (json_node_get_double (value), ==, 1250.5);

  g_assert_cmpint (fc_record_get_modified_ms (record), ==, G_GINT64_CONSTANT (1769860800123));
  g_assert_true (fc_record_get_archived (record));

  /* Without a catalogue every date-time is normalised; without an Id there is no record */
  unknown = fc_salesforce_record_from_json ("Contact", object, NULL);
  g_assert_cmpstr (fc_record_get_string (unknown, "Note__c"), ==, "2013-05-20T20:49:32.000Z");
  json_object_remove_member (object, "Id");
  g_assert_null (fc_salesforce_record_from_json ("Contact", object, NULL));
}

/* ---- against the simulator ------------------------------------------------------------ */

typedef struct
{
  FcSim        *sim;
  FcSecrets    *secrets;
  FcAuth       *auth;
  FcConnection *connection;
  FcConnector  *connector;
  SoupSession  *browser;
  char         *access;        /* the access token of the sign-in */
  char         *consent_url;   /* where the sign-in sent the browser */
} Fixture;

static char *keyring_dir;

/* Inside build-aux/fc-headless-session the session's gnome-keyring is private to the run;
 * elsewhere libsecret's file backend in a temporary folder stands in for it. */
static void
use_private_keyring (void)
{
  g_autofree char *path = NULL;

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") != NULL && g_getenv ("FC_HEADLESS_STAGE") != NULL
      && g_strcmp0 (g_getenv ("FC_TEST_KEYRING"), "file") != 0)
    return;

  keyring_dir = g_dir_make_tmp ("fc-test-salesforce-XXXXXX", NULL);
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

/* The browser: follows the consent page's redirect back to FcAuth's loopback listener. */
static gboolean
open_uri_cb (const char  *uri,
             gpointer     user_data,
             GError     **error)
{
  Fixture *fixture = user_data;
  g_autoptr (SoupMessage) message = soup_message_new ("GET", uri);

  g_free (fixture->consent_url);
  fixture->consent_url = g_strdup (uri);
  soup_session_send_and_read_async (fixture->browser, message, G_PRIORITY_DEFAULT, NULL, NULL,
                                    NULL);
  return TRUE;
}

static char *
sim_url (Fixture    *fixture,
         const char *mount)
{
  return g_strdup_printf ("%s/%s", fc_sim_get_base_url (fixture->sim), mount);
}

/* A connection signed in through the login host at BASE/@mount with the OAuth web server flow
 * and PKCE, its token in the keyring. */
static FcConnection *
sign_in (Fixture    *fixture,
         const char *mount)
{
  FcConnection *connection = fc_connection_new (FC_PROVIDER_SALESFORCE);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GAsyncResult) stored = NULL;
  g_autoptr (FcToken) token = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *login = sim_url (fixture, mount);
  g_autofree char *instance = sim_url (fixture, "salesforce");

  /* The login host is the connection's auth address; the API address comes with the token */
  fc_connection_set_auth_base_url (connection, login);
  fc_auth_set_own_client (fixture->auth, connection,
                          fc_sim_get_client_id (fixture->sim, "salesforce"),
                          fc_sim_get_client_secret (fixture->sim, "salesforce"));
  fc_auth_authorize_async (fixture->auth, FC_PROVIDER_SALESFORCE, connection, open_uri_cb,
                           fixture, 30, NULL, fc_test_on_ready_cb, &result);
  token = fc_auth_authorize_finish (fixture->auth, fc_test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (token);
  g_assert_cmpstr (fc_token_get_instance_url (token), ==, instance);
  g_assert_nonnull (fc_token_get_identity_url (token));
  g_assert_true (g_str_has_prefix (fixture->consent_url, login));
  g_assert_nonnull (strstr (fixture->consent_url, "code_challenge="));

  fc_auth_store_token_async (fixture->auth, connection, token, NULL, fc_test_on_ready_cb,
                             &stored);
  g_assert_true (fc_auth_store_token_finish (fixture->auth, fc_test_wait_for (&stored),
                                             &error));
  g_assert_no_error (error);

  g_free (fixture->access);
  fixture->access = g_strdup (fc_token_get_access_token (token));
  return connection;
}

static FcConnector *
new_connector (FcConnection *connection,
               FcAuth       *auth)
{
  FcConnector *connector = fc_test_connector_new (connection, auth);

  g_assert_true (G_TYPE_CHECK_INSTANCE_TYPE (connector, FC_TYPE_SALESFORCE_CONNECTOR));
  return connector;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  fixture->sim = fc_sim_new ();
  fc_sim_set_seed (fixture->sim, 42);
  g_assert_true (fc_sim_start_in_thread (fixture->sim, 0, &error));
  g_assert_no_error (error);

  fixture->browser = soup_session_new ();
  fixture->secrets = fc_secrets_new ();
  fixture->auth = fc_auth_new (fixture->secrets);
  fixture->connection = sign_in (fixture, "salesforce-login");
  fixture->connector = new_connector (fixture->connection, fixture->auth);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->connector);
  g_clear_object (&fixture->auth);
  g_clear_object (&fixture->secrets);
  g_clear_object (&fixture->connection);
  g_clear_object (&fixture->browser);
  fc_sim_stop (fixture->sim);
  g_clear_object (&fixture->sim);
  g_free (fixture->access);
  g_free (fixture->consent_url);
}

static void
generate (Fixture    *fixture,
          const char *object,
          guint       count)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (fc_sim_seed_generated (fixture->sim, "salesforce", object, count, &error));
  g_assert_no_error (error);
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

static void
control (Fixture    *fixture,
         const char *method,
         const char *path,
         const char *json)
{
  guint status = 0;
  g_autofree char *answer = fc_sim_control (fixture->sim, method, path, json, &status);

  if (status >= 300)
    g_error ("control %s %s: HTTP %u: %s", method, path, status, answer);
}

static void
set_faults (Fixture    *fixture,
            const char *json)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (fc_sim_set_faults (fixture->sim, "salesforce", json, &error));
  g_assert_no_error (error);
}

static guint
count (Fixture    *fixture,
       const char *method,
       const char *endpoint,
       guint       status)
{
  return fc_sim_get_count (fixture->sim, "salesforce", method, endpoint, status);
}

#define LIST_ENDPOINT "/services/data/vXX.X/queryAll"
#define TOKEN_ENDPOINT "/services/oauth2/token"


/* One page of the listing, asking for @fields (NULL: every field) */
static FcRecordPage *
list_page_of (FcConnector         *connector,
              const char          *object,
              const char          *cursor,
              const char          *token,
              const char * const  *fields,
              GError             **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  fc_connector_list_changed_async (connector, object, cursor, token, fields, NULL,
                                   fc_test_on_ready_cb, &result);
  return fc_connector_list_changed_finish (connector, fc_test_wait_for (&result), error);
}

/* Every record changed since @cursor with @fields (NULL: every field), page by page; the page
 * sizes in @out_sizes. */
static GPtrArray *
list_fields_all (FcConnector         *connector,
                 const char          *object,
                 const char          *cursor,
                 const char * const  *fields,
                 GArray              *out_sizes,
                 char               **out_cursor)
{
  GPtrArray *records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *token = NULL;
  guint pages = 0;

  do
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (FcRecordPage) page = list_page_of (connector, object, cursor, token, fields,
                                                    &error);
      GPtrArray *items;

      g_assert_no_error (error);
      g_assert_nonnull (page);
      items = fc_record_page_get_records (page);
      for (guint i = 0; i < items->len; i++)
        g_ptr_array_add (records, g_object_ref (g_ptr_array_index (items, i)));
      if (out_sizes != NULL)
        g_array_append_val (out_sizes, items->len);
      g_free (token);
      token = g_strdup (fc_record_page_get_next_page_token (page));
      if (out_cursor != NULL)
        {
          g_free (*out_cursor);
          *out_cursor = g_strdup (fc_record_page_get_cursor (page));
        }
      g_assert_cmpuint (++pages, <, 100);
    }
  while (token != NULL);

  return records;
}

static GPtrArray *
list_all (FcConnector  *connector,
          const char   *object,
          const char   *cursor,
          GArray       *out_sizes,
          char        **out_cursor)
{
  return list_fields_all (connector, object, cursor, NULL, out_sizes, out_cursor);
}

static gint64
parse_ms (const char *iso)
{
  g_autoptr (GDateTime) dt = iso != NULL ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;

  g_assert_nonnull (dt);
  return g_date_time_to_unix (dt) * 1000 + g_date_time_get_microsecond (dt) / 1000;
}


static GListModel *
list_fields (FcConnector  *connector,
             const char   *object,
             GError      **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  fc_connector_list_fields_async (connector, object, NULL, fc_test_on_ready_cb, &result);
  return fc_connector_list_fields_finish (connector, fc_test_wait_for (&result), error);
}

static FcFieldInfo *
find_field (GListModel *fields,
            const char *name)
{
  for (guint i = 0; i < g_list_model_get_n_items (fields); i++)
    {
      g_autoptr (FcFieldInfo) info = g_list_model_get_item (fields, i);

      if (g_str_equal (fc_field_info_get_name (info), name))
        return info;
    }
  return NULL;
}



static GPtrArray *
delete_records (FcConnector        *connector,
                const char         *object,
                const char * const *ids,
                GError            **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  fc_connector_delete_records_async (connector, object, ids, NULL, fc_test_on_ready_cb,
                                     &result);
  return fc_connector_write_finish (connector, fc_test_wait_for (&result), error);
}

static FcRecord *
new_contact (const char *last_name,
             const char *email)
{
  FcRecord *record = fc_record_new ("Contact", NULL);

  if (last_name != NULL)
    fc_record_set_string (record, "LastName", last_name);
  if (email != NULL)
    fc_record_set_string (record, "Email", email);
  return record;
}

/* The record's value of @field in the simulator's own store */
static char *
sim_value (Fixture    *fixture,
           const char *object,
           const char *id,
           const char *field)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *json = fc_sim_get_record (fixture->sim, "salesforce", object, id, &error);
  g_autoptr (JsonObject) record = NULL;
  JsonNode *node;

  g_assert_no_error (error);
  record = parse_object (json);
  node = json_object_get_member (record, field);
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return json_to_string (node, FALSE);
}

/* A frozen simulator clock, set before anything exists (fixture data) */
#define PAST_CLOCK "2025-06-01T00:00:00Z"

static void
fixture_set_up_past (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  fixture->sim = fc_sim_new ();
  fc_sim_set_seed (fixture->sim, 42);
  g_assert_true (fc_sim_start_in_thread (fixture->sim, 0, &error));
  g_assert_no_error (error);
  control (fixture, "POST", "/clock", "{\"now\":\"" PAST_CLOCK "\"}");
  control (fixture, "POST", "/reset", "{}");

  fixture->browser = soup_session_new ();
  fixture->secrets = fc_secrets_new ();
  fixture->auth = fc_auth_new (fixture->secrets);
  fixture->connection = sign_in (fixture, "salesforce-login");
  fixture->connector = new_connector (fixture->connection, fixture->auth);
}

static void
test_realtime (Fixture       *fixture,
               gconstpointer  data)
{
  const char * const expected[] = { "Contact", "Account", "Opportunity", "Lead", NULL };
  g_autoptr (FcConnection) hubspot = fc_connection_new (FC_PROVIDER_HUBSPOT);
  g_autoptr (FcConnector) other = NULL;
  g_autoptr (SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  g_autoptr (GBytes) body = g_bytes_new_static ("{}", 2);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GPtrArray) events = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) types = NULL;

  fc_connector_list_object_types_async (fixture->connector, NULL, fc_test_on_ready_cb, &result);
  types = fc_connector_list_object_types_finish (fixture->connector, fc_test_wait_for (&result),
                                                 &error);
  g_assert_no_error (error);
  g_assert_true (g_strv_equal ((const char * const *) types, expected));

  /* Nothing is pushed: real time is a poll every minute */
  g_assert_false (fc_connector_get_receives_webhooks (fixture->connector));
  g_assert_cmpuint (fc_connector_get_realtime_poll_interval (fixture->connector), ==, 60);
  events = fc_connector_parse_webhook (fixture->connector, "POST", "http://127.0.0.1:9/hooks",
                                       headers, body, "secret", &error);
  g_assert_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_UNSUPPORTED);
  g_assert_null (events);
  g_clear_error (&error);

  /* A connector whose provider pushes webhooks does not poll */
  other = fc_connector_new (hubspot, fixture->auth, &error);
  g_assert_no_error (error);
  g_assert_true (fc_connector_get_receives_webhooks (other));
  g_assert_cmpuint (fc_connector_get_realtime_poll_interval (other), ==, 0);
}

static void
test_fields (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr (GListModel) fields = NULL;
  g_autoptr (GError) error = NULL;
  FcFieldInfo *info;

  add_field (fixture, "Contact", "{\"name\":\"Ext_Id__c\",\"label\":\"External Id\","
             "\"type\":\"string\",\"externalId\":true}");
  fields = list_fields (fixture->connector, "Contact", &error);
  g_assert_no_error (error);

  info = find_field (fields, "Email");
  g_assert_nonnull (info);
  g_assert_cmpstr (fc_field_info_get_label (info), ==, "Email");
  g_assert_cmpstr (fc_field_info_get_field_type (info), ==, "email");
  g_assert_false (fc_field_info_get_read_only (info));
  g_assert_false (fc_field_info_get_custom (info));
  g_assert_false (fc_field_info_get_external_id (info));

  info = find_field (fields, "Ext_Id__c");
  g_assert_nonnull (info);
  g_assert_cmpstr (fc_field_info_get_label (info), ==, "External Id");
  g_assert_true (fc_field_info_get_custom (info));
  g_assert_true (fc_field_info_get_external_id (info));
  g_assert_false (fc_field_info_get_read_only (info));

  /* Kept by the org, or derived: never written */
  g_assert_true (fc_field_info_get_read_only (find_field (fields, "Id")));
  g_assert_true (fc_field_info_get_read_only (find_field (fields, "Name")));
  info = find_field (fields, "SystemModstamp");
  g_assert_true (fc_field_info_get_read_only (info));
  g_assert_cmpstr (fc_field_info_get_field_type (info), ==, "datetime");

  info = find_field (fields, "LeadSource");
  g_assert_cmpstr (fc_field_info_get_field_type (info), ==, "picklist");
  g_assert_cmpuint (fc_field_info_get_n_options (info), ==, 5);
  g_assert_cmpstr (fc_field_info_lookup_option_label (info, "Web"), ==, "Web");

  g_assert_cmpuint (count (fixture, "GET", "/services/data/vXX.X/sobjects/Contact/describe", 200),
                    ==, 1);
}

/* The catalogue is asked for again with If-Modified-Since: 304 keeps it, a change replaces it */
static void
test_fields_not_modified (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr (GListModel) first = NULL;
  g_autoptr (GListModel) second = NULL;
  g_autoptr (GListModel) third = NULL;
  g_autoptr (GError) error = NULL;
  const char *describe = "/services/data/vXX.X/sobjects/Account/describe";

  first = list_fields (fixture->connector, "Account", &error);
  g_assert_no_error (error);
  second = list_fields (fixture->connector, "Account", &error);
  g_assert_no_error (error);
  g_assert_true (first == second);
  g_assert_cmpuint (count (fixture, "GET", describe, 200), ==, 1);
  g_assert_cmpuint (count (fixture, "GET", describe, 304), ==, 1);
  g_assert_null (find_field (second, "Tier__c"));

  /* The org's clock moves past this machine's, and a field is added */
  fc_sim_advance_clock (fixture->sim, g_get_real_time () / 1000 - fc_sim_get_time_ms (fixture->sim)
                                      + 3600 * 1000);
  add_field (fixture, "Account", "{\"name\":\"Tier__c\",\"type\":\"picklist\","
             "\"picklistValues\":[\"Gold\",\"Silver\"]}");
  third = list_fields (fixture->connector, "Account", &error);
  g_assert_no_error (error);
  g_assert_true (third != second);
  g_assert_cmpuint (count (fixture, "GET", describe, 200), ==, 2);
  g_assert_cmpuint (fc_field_info_get_n_options (find_field (third, "Tier__c")), ==, 2);
}

static void
test_paging (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr (GArray) sizes = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GHashTable) ids = NULL;
  g_autoptr (GPtrArray) read = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) some = NULL;
  g_autofree char *cursor = NULL;
  gint64 last_ms = -1;

  generate (fixture, "Contact", 4500);
  records = list_all (fixture->connector, "Contact", NULL, sizes, &cursor);
  g_assert_cmpuint (records->len, ==, 4500);
  ids = fc_test_unique_ids (records);

  /* Pages as large as Salesforce allows */
  g_assert_cmpuint (sizes->len, ==, 3);
  g_assert_cmpuint (g_array_index (sizes, guint, 0), ==, 2000);
  g_assert_cmpuint (g_array_index (sizes, guint, 1), ==, 2000);
  g_assert_cmpuint (g_array_index (sizes, guint, 2), ==, 500);

  /* Oldest first; the cursor is the newest time listed */
  for (guint i = 0; i < records->len; i++)
    {
      FcRecord *record = g_ptr_array_index (records, i);

      g_assert_cmpint (fc_record_get_modified_ms (record), >=, last_ms);
      last_ms = fc_record_get_modified_ms (record);
      g_assert_false (fc_record_has_field (record, "attributes"));
      g_assert_true (g_str_has_suffix (fc_record_get_string (record, "SystemModstamp"), "Z"));
    }
  g_assert_cmpint (parse_ms (cursor), ==, last_ms);

  /* Reads by id go 200 to a call, in the order asked */
  for (guint i = 0; i < 450; i++)
    g_strv_builder_add (builder, fc_record_get_id (g_ptr_array_index (records, 4499 - i)));
  some = g_strv_builder_end (builder);
  read = fc_test_read_records (fixture->connector, "Contact", (const char * const *) some, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (read->len, ==, 450);
  g_assert_cmpstr (fc_record_get_id (g_ptr_array_index (read, 0)), ==, some[0]);
  g_assert_cmpstr (fc_record_get_id (g_ptr_array_index (read, 449)), ==, some[449]);
  g_assert_cmpuint (count (fixture, "GET", "/services/data/vXX.X/composite/sobjects/Contact", 200),
                    ==, 3);
}

static void
edit (Fixture    *fixture,
      const char *id,
      const char *json)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (fc_sim_edit (fixture->sim, "salesforce", "Contact", id, json, &error));
  g_assert_no_error (error);
}

static void
assert_ids (GPtrArray          *records,
            const char * const *expected)
{
  g_assert_cmpuint (records->len, ==, g_strv_length ((char **) expected));
  for (guint i = 0; expected[i] != NULL; i++)
    g_assert_cmpstr (fc_record_get_id (g_ptr_array_index (records, i)), ==, expected[i]);
}

/* Listing from a cursor: SystemModstamp at or after it, oldest first (simulator clock frozen) */
static void
test_incremental (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *wanted[] = { "LastName", "Email", NULL };
  g_autofree char *a = seed (fixture, "Contact", "{\"LastName\":\"Able\",\"Phone\":\"1\"}");
  g_autofree char *b = seed (fixture, "Contact", "{\"LastName\":\"Baker\"}");
  g_autofree char *c = seed (fixture, "Contact", "{\"LastName\":\"Charlie\"}");
  g_autoptr (GPtrArray) all = NULL;
  g_autoptr (GPtrArray) changed = NULL;
  g_autoptr (GPtrArray) rounded = NULL;
  g_autoptr (GPtrArray) none = NULL;
  g_autoptr (GPtrArray) deleted = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *after = NULL;
  FcRecord *record;

  all = list_all (fixture->connector, "Contact", NULL, NULL, &cursor);
  g_assert_cmpuint (all->len, ==, 3);
  g_assert_cmpstr (cursor, ==, "2025-06-01T00:00:00.000Z");

  fc_sim_advance_clock (fixture->sim, 60 * 1000);
  edit (fixture, c, "{\"Email\":\"charlie@example.com\"}");
  edit (fixture, a, "{\"Email\":\"able@example.com\"}");
  fc_sim_advance_clock (fixture->sim, 60 * 1000);
  edit (fixture, b, "{\"Email\":\"baker@example.com\"}");

  /* The cursor is inclusive; records after it come in SystemModstamp, then Id, order */
  changed = list_fields_all (fixture->connector, "Contact", "2025-06-01T00:01:00.000Z", wanted,
                             NULL, &after);
  assert_ids (changed, (const char * const []) { a, c, b, NULL });
  g_assert_cmpstr (after, ==, "2025-06-01T00:02:00.000Z");

  /* Only the fields asked for, values as Salesforce gave them, date-times in UTC with Z */
  record = g_ptr_array_index (changed, 0);
  g_assert_cmpstr (fc_record_get_string (record, "Email"), ==, "able@example.com");
  g_assert_cmpstr (fc_record_get_string (record, "LastName"), ==, "Able");
  g_assert_false (fc_record_has_field (record, "Phone"));
  g_assert_cmpstr (fc_record_get_string (record, "SystemModstamp"), ==,
                   "2025-06-01T00:01:00.000Z");
  g_assert_cmpint (fc_record_get_modified_ms (record), ==, parse_ms ("2025-06-01T00:01:00Z"));

  /* A cursor inside a second is rounded down: nothing at that second is skipped */
  rounded = list_all (fixture->connector, "Contact", "2025-06-01T00:02:00.500Z", NULL, NULL);
  assert_ids (rounded, (const char * const []) { b, NULL });

  none = list_all (fixture->connector, "Contact", "2025-06-01T00:05:00.000Z", NULL, &after);
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_cmpstr (after, ==, "2025-06-01T00:05:00.000Z");

  /* A deletion is a change too: the record comes from the recycle bin, archived */
  fc_sim_advance_clock (fixture->sim, 10 * 60 * 1000);
  g_assert_true (fc_sim_delete (fixture->sim, "salesforce", "Contact", c, NULL));
  deleted = list_all (fixture->connector, "Contact", "2025-06-01T00:05:00.000Z", NULL, NULL);
  assert_ids (deleted, (const char * const []) { c, NULL });
  g_assert_true (fc_record_get_archived (g_ptr_array_index (deleted, 0)));
  g_assert_false (fc_record_get_archived (g_ptr_array_index (changed, 0)));
}

static void
test_read_find (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *quoted = seed (fixture, "Contact", "{\"LastName\":\"O'Brien\","
                                  "\"Email\":\"o'brien@example.com\"}");
  g_autofree char *plain = seed (fixture, "Contact", "{\"LastName\":\"OBrien\","
                                 "\"Email\":\"obrien@example.com\"}");
  g_autofree char *slash = seed (fixture, "Contact", "{\"LastName\":\"Back\\\\slash\"}");
  g_autofree char *noslash = seed (fixture, "Contact", "{\"LastName\":\"Backslash\"}");
  g_autofree char *short_id = g_strndup (plain, 15);
  g_autofree char *missing = g_strdup (quoted);
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GPtrArray) read = NULL;
  g_autoptr (GError) error = NULL;
  const char *ids[] = { NULL, NULL, "not an id", NULL, NULL };

  /* The quote ends no literal: exactly the one record */
  found = fc_test_find_records (fixture->connector, "Contact", "Email", "o'brien@example.com", &error);
  g_assert_no_error (error);
  assert_ids (found, (const char * const []) { quoted, NULL });
  g_clear_pointer (&found, g_ptr_array_unref);

  /* Emails match without regard to case */
  found = fc_test_find_records (fixture->connector, "Contact", "Email", "O'Brien@Example.COM", &error);
  g_assert_no_error (error);
  assert_ids (found, (const char * const []) { quoted, NULL });
  g_clear_pointer (&found, g_ptr_array_unref);

  found = fc_test_find_records (fixture->connector, "Contact", "LastName", "Back\\slash", &error);
  g_assert_no_error (error);
  assert_ids (found, (const char * const []) { slash, NULL });
  g_clear_pointer (&found, g_ptr_array_unref);

  found = fc_test_find_records (fixture->connector, "Contact", "Email", "x' OR LastName != 'y", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_pointer (&found, g_ptr_array_unref);

  /* A field that is no field name never reaches the query */
  found = fc_test_find_records (fixture->connector, "Contact", "Email = '' OR Id", "x", &error);
  g_assert_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_VALIDATION);
  g_assert_null (found);
  g_clear_error (&error);

  /* Reads: missing ids and text that is no id are left out; 15-character ids work */
  missing[14] = missing[14] == 'z' ? 'y' : 'z';
  ids[0] = noslash;
  ids[1] = missing;
  ids[3] = short_id;
  read = fc_test_read_records (fixture->connector, "Contact", ids, &error);
  g_assert_no_error (error);
  assert_ids (read, (const char * const []) { noslash, plain, NULL });
  g_assert_cmpstr (fc_record_get_string (g_ptr_array_index (read, 1), "Email"), ==,
                   "obrien@example.com");
}

static GPtrArray *
read_of (FcConnector         *connector,
         const char * const  *ids,
         const char * const  *fields)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  GPtrArray *records;

  fc_connector_read_records_async (connector, "Contact", ids, fields, NULL, fc_test_on_ready_cb,
                                   &result);
  records = fc_connector_read_records_finish (connector, fc_test_wait_for (&result), &error);
  g_assert_no_error (error);
  return records;
}

static GPtrArray *
find_of (FcConnector         *connector,
         const char          *field,
         const char          *value,
         const char * const  *fields)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  GPtrArray *records;

  fc_connector_find_records_async (connector, "Contact", field, value, fields, NULL,
                                   fc_test_on_ready_cb, &result);
  records = fc_connector_find_records_finish (connector, fc_test_wait_for (&result), &error);
  g_assert_no_error (error);
  return records;
}

/* Each listing, read and find asks only for the fields its caller gives (and Id,
 * SystemModstamp, IsDeleted, and a find's field), a query naming only those; NULL asks for
 * every field. Calls with different fields overlap on the one connector without mixing. */
static void
test_wanted_fields (Fixture       *fixture,
                    gconstpointer  data)
{
  const char * const all[] = { "LastName", "Email", "Phone", "Title", "Department", NULL };
  const char * const name_email[] = { "LastName", "Email", NULL };
  const char * const phone[] = { "Phone", NULL };
  const char * const title_unknown[] = { "Title", "Nope__c", "not a name", NULL };
  g_autofree char *id = seed (fixture, "Contact", "{\"LastName\":\"Lovelace\","
                              "\"Email\":\"ada@example.com\",\"Phone\":\"+44 20 7946 0000\","
                              "\"Title\":\"Analyst\",\"Department\":\"Engines\"}");
  const char * const ids[] = { id, NULL };
  g_autoptr (GPtrArray) listed = NULL;
  g_autoptr (GPtrArray) everything = NULL;
  g_autoptr (GPtrArray) read = NULL;
  g_autoptr (GPtrArray) read_all = NULL;
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GPtrArray) unknown = NULL;
  FcRecord *record;

  listed = list_fields_all (fixture->connector, "Contact", NULL, name_email, NULL, NULL);
  g_assert_cmpuint (listed->len, ==, 1);
  record = g_ptr_array_index (listed, 0);
  fc_test_assert_fields (record, all, name_email);
  g_assert_cmpstr (fc_record_get_string (record, "Email"), ==, "ada@example.com");
  g_assert_true (fc_record_has_field (record, "SystemModstamp"));
  g_assert_cmpint (fc_record_get_modified_ms (record), >, 0);

  everything = list_all (fixture->connector, "Contact", NULL, NULL, NULL);
  fc_test_assert_fields (g_ptr_array_index (everything, 0), all, all);

  /* A retrieve by id asks for its fields by name */
  read = read_of (fixture->connector, ids, phone);
  g_assert_cmpuint (read->len, ==, 1);
  fc_test_assert_fields (g_ptr_array_index (read, 0), all, phone);
  read_all = read_of (fixture->connector, ids, NULL);
  fc_test_assert_fields (g_ptr_array_index (read_all, 0), all, all);

  /* A find reads the field it looks up too, to check the match */
  found = find_of (fixture->connector, "Email", "ADA@example.com", phone);
  g_assert_cmpuint (found->len, ==, 1);
  fc_test_assert_fields (g_ptr_array_index (found, 0), all,
                 (const char * const []) { "Email", "Phone", NULL });

  /* Names the org lacks, or that are no field names, are not asked for: the query stands */
  unknown = list_fields_all (fixture->connector, "Contact", NULL, title_unknown, NULL, NULL);
  g_assert_cmpuint (unknown->len, ==, 1);
  fc_test_assert_fields (g_ptr_array_index (unknown, 0), all, (const char * const []) { "Title", NULL });
  g_assert_false (fc_record_has_field (g_ptr_array_index (unknown, 0), "Nope__c"));

  /* Two listings in flight at once, one narrow and one whole */
  fc_test_assert_overlapping_listings (fixture->connector, "Contact", all, phone);
}

static FcWriteResult *
result_at (GPtrArray *results,
           guint      index)
{
  FcWriteResult *result = g_ptr_array_index (results, index);

  g_assert_cmpuint (fc_write_result_get_index (result), ==, index);
  return result;
}

static void
assert_failed (FcWriteResult *result,
               int            code,
               const char    *provider_code)
{
  g_assert_false (fc_write_result_get_success (result));
  g_test_message ("record %u: %s", fc_write_result_get_index (result),
                  fc_write_result_get_error (result)->message);
  g_assert_error (fc_write_result_get_error (result), FC_CONNECTOR_ERROR, code);
  g_assert_cmpstr (fc_write_result_get_provider_code (result), ==, provider_code);
  if (provider_code != NULL)
    g_assert_nonnull (strstr (fc_write_result_get_error (result)->message, provider_code));
}

static void
test_create_partial (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr (GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) results = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *stored = NULL;
  FcRecord *grace;
  FcWriteResult *result;

  /* Read-only fields (a derived Name, a system date) are left out of the body */
  grace = new_contact ("Hopper", "grace@example.com");
  fc_record_set_string (grace, "Name", "Rear Admiral Hopper");
  fc_record_set_string (grace, "CreatedDate", "2020-01-01T00:00:00.000Z");
  fc_record_take_field (grace, "HasOptedOutOfEmail", json_node_init_boolean (json_node_alloc (),
                                                                             TRUE));
  g_ptr_array_add (records, grace);
  g_ptr_array_add (records, new_contact (NULL, "nameless@example.com"));
  g_ptr_array_add (records, new_contact ("Lovelace", "ada@example.com"));
  for (guint i = 0; i < 250; i++)
    {
      g_autofree char *email = g_strdup_printf ("bulk%u@example.com", i);

      g_ptr_array_add (records, new_contact ("Bulk", email));
    }

  results = fc_test_write_records (fixture->connector, "create", "Contact", records, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, records->len);

  result = result_at (results, 0);
  g_assert_true (fc_write_result_get_success (result));
  g_assert_true (fc_write_result_get_created (result));
  g_assert_nonnull (fc_write_result_get_id (result));
  stored = sim_value (fixture, "Contact", fc_write_result_get_id (result), "LastName");
  g_assert_cmpstr (stored, ==, "Hopper");
  g_clear_pointer (&stored, g_free);
  stored = sim_value (fixture, "Contact", fc_write_result_get_id (result), "HasOptedOutOfEmail");
  g_assert_cmpstr (stored, ==, "true");

  /* One refused record does not hold back the others */
  assert_failed (result_at (results, 1), FC_CONNECTOR_ERROR_VALIDATION, "REQUIRED_FIELD_MISSING");
  g_assert_nonnull (strstr (fc_write_result_get_error (result_at (results, 1))->message,
                            "LastName"));
  g_assert_true (fc_write_result_get_success (result_at (results, 2)));
  for (guint i = 3; i < results->len; i++)
    g_assert_true (fc_write_result_get_success (result_at (results, i)));

  /* 253 records: two calls */
  g_assert_cmpuint (count (fixture, "POST", "/services/data/vXX.X/composite/sobjects", 200), ==,
                    2);
  g_assert_cmpuint (fc_sim_count_records (fixture->sim, "salesforce", "Contact", FALSE), ==, 252);
}

static void
test_update_delete (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *ada = seed (fixture, "Contact", "{\"LastName\":\"Lovelace\","
                               "\"Title\":\"Countess\"}");
  g_autofree char *alan = seed (fixture, "Contact", "{\"LastName\":\"Turing\"}");
  g_autofree char *gone = seed (fixture, "Contact", "{\"LastName\":\"Gone\"}");
  g_autoptr (GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) results = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *stored = NULL;
  FcRecord *record;

  g_assert_true (fc_sim_delete (fixture->sim, "salesforce", "Contact", gone, &error));
  g_assert_no_error (error);

  record = fc_record_new ("Contact", ada);
  fc_record_set_string (record, "Phone", "+44 20 7946 0000");
  fc_record_set_string (record, "SystemModstamp", "2020-01-01T00:00:00.000Z");
  fc_record_set_field (record, "Title", NULL);
  g_ptr_array_add (records, record);
  record = fc_record_new ("Contact", gone);
  fc_record_set_string (record, "Phone", "0");
  g_ptr_array_add (records, record);
  g_ptr_array_add (records, new_contact ("No id", NULL));
  record = fc_record_new ("Contact", alan);
  fc_record_set_string (record, "Email", "not an email");
  g_ptr_array_add (records, record);

  results = fc_test_write_records (fixture->connector, "update", "Contact", records, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 4);
  g_assert_true (fc_write_result_get_success (result_at (results, 0)));
  g_assert_cmpstr (fc_write_result_get_id (result_at (results, 0)), ==, ada);
  stored = sim_value (fixture, "Contact", ada, "Phone");
  g_assert_cmpstr (stored, ==, "+44 20 7946 0000");
  g_clear_pointer (&stored, g_free);
  /* A null value clears the field */
  stored = sim_value (fixture, "Contact", ada, "Title");
  g_assert_null (stored);
  assert_failed (result_at (results, 1), FC_CONNECTOR_ERROR_NOT_FOUND, "ENTITY_IS_DELETED");
  assert_failed (result_at (results, 2), FC_CONNECTOR_ERROR_VALIDATION, NULL);
  assert_failed (result_at (results, 3), FC_CONNECTOR_ERROR_VALIDATION, "INVALID_EMAIL_ADDRESS");
  g_clear_pointer (&results, g_ptr_array_unref);

  /* Deleting: what is already in the recycle bin counts as deleted */
  results = delete_records (fixture->connector, "Contact",
                            (const char * const []) { ada, gone, "bogus", NULL }, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 3);
  g_assert_true (fc_write_result_get_success (result_at (results, 0)));
  g_assert_true (fc_write_result_get_success (result_at (results, 1)));
  assert_failed (result_at (results, 2), FC_CONNECTOR_ERROR_VALIDATION, NULL);
  g_assert_cmpuint (fc_sim_count_records (fixture->sim, "salesforce", "Contact", FALSE), ==, 1);
}

static void
test_upsert (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr (GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) results = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *one = NULL;
  g_autofree char *dup1 = NULL;
  g_autofree char *dup2 = NULL;
  g_autofree char *stored = NULL;
  FcRecord *record;
  FcWriteResult *result;

  add_field (fixture, "Contact", "{\"name\":\"Ext_Id__c\",\"type\":\"string\","
             "\"externalId\":true}");
  one = seed (fixture, "Contact", "{\"LastName\":\"One\",\"Ext_Id__c\":\"EXT-1\"}");
  dup1 = seed (fixture, "Contact", "{\"LastName\":\"Twin\",\"Ext_Id__c\":\"DUP\"}");
  dup2 = seed (fixture, "Contact", "{\"LastName\":\"Twin\",\"Ext_Id__c\":\"DUP\"}");

  record = new_contact ("Uno", NULL);
  fc_record_set_string (record, "Ext_Id__c", "EXT-1");
  g_ptr_array_add (records, record);
  record = new_contact ("Two", NULL);
  fc_record_set_string (record, "Ext_Id__c", "EXT-2");
  g_ptr_array_add (records, record);
  record = new_contact ("Ambiguous", NULL);
  fc_record_set_string (record, "Ext_Id__c", "DUP");
  g_ptr_array_add (records, record);
  g_ptr_array_add (records, new_contact ("Keyless", NULL));

  results = fc_test_write_records (fixture->connector, "Ext_Id__c", "Contact", records, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 4);

  result = result_at (results, 0);
  g_assert_true (fc_write_result_get_success (result));
  g_assert_false (fc_write_result_get_created (result));
  g_assert_cmpstr (fc_write_result_get_id (result), ==, one);
  stored = sim_value (fixture, "Contact", one, "LastName");
  g_assert_cmpstr (stored, ==, "Uno");

  result = result_at (results, 1);
  g_assert_true (fc_write_result_get_success (result));
  g_assert_true (fc_write_result_get_created (result));
  g_clear_pointer (&stored, g_free);
  stored = sim_value (fixture, "Contact", fc_write_result_get_id (result), "Ext_Id__c");
  g_assert_cmpstr (stored, ==, "EXT-2");

  /* Two records hold the value: nothing is guessed */
  assert_failed (result_at (results, 2), FC_CONNECTOR_ERROR_CONFLICT, "DUPLICATE_EXTERNAL_ID");
  g_assert_nonnull (strstr (fc_write_result_get_error (result_at (results, 2))->message, dup1));
  g_clear_pointer (&stored, g_free);
  stored = sim_value (fixture, "Contact", dup2, "LastName");
  g_assert_cmpstr (stored, ==, "Twin");

  assert_failed (result_at (results, 3), FC_CONNECTOR_ERROR_VALIDATION, NULL);
  g_assert_cmpuint (count (fixture, "PATCH",
                           "/services/data/vXX.X/composite/sobjects/Contact/{field}", 200), ==, 1);
}

/* The session ends between two pages: one refresh, and the listing goes on */
static void
test_session_expiry (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr (FcRecordPage) first = NULL;
  g_autoptr (FcRecordPage) second = NULL;
  g_autoptr (GError) error = NULL;

  generate (fixture, "Contact", 2300);
  first = fc_test_list_page (fixture->connector, "Contact", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fc_record_page_get_records (first)->len, ==, 2000);
  g_assert_nonnull (fc_record_page_get_next_page_token (first));

  g_assert_true (fc_sim_expire_token (fixture->sim, fixture->access));
  fc_sim_reset_counters (fixture->sim);
  second = fc_test_list_page (fixture->connector, "Contact", NULL,
                      fc_record_page_get_next_page_token (first), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fc_record_page_get_records (second)->len, ==, 300);
  g_assert_null (fc_record_page_get_next_page_token (second));

  g_assert_cmpuint (count (fixture, "GET", NULL, 401), ==, 1);
  g_assert_cmpuint (count (fixture, "POST", TOKEN_ENDPOINT, 200), ==, 1);
  g_assert_cmpuint (count (fixture, NULL, NULL, 0), ==, 3);
  g_assert_cmpint (fc_connection_get_status (fixture->connection), ==,
                   FC_CONNECTION_STATUS_ACTIVE);
}

/* Salesforce forgets a query cursor after 15 idle minutes: the listing starts again from the
 * last time it listed instead of failing (simulator clock frozen) */
static void
test_query_locator_expired (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr (FcRecordPage) first = NULL;
  g_autoptr (FcRecordPage) second = NULL;
  g_autoptr (GError) error = NULL;
  GPtrArray *records;
  FcRecord *last;

  generate (fixture, "Contact", 1000);
  fc_sim_advance_clock (fixture->sim, 1000);
  generate (fixture, "Contact", 1000);
  fc_sim_advance_clock (fixture->sim, 1000);
  generate (fixture, "Contact", 500);

  first = fc_test_list_page (fixture->connector, "Contact", NULL, NULL, &error);
  g_assert_no_error (error);
  records = fc_record_page_get_records (first);
  g_assert_cmpuint (records->len, ==, 2000);
  last = g_ptr_array_index (records, records->len - 1);
  g_assert_cmpint (fc_record_get_modified_ms (last), ==, parse_ms (PAST_CLOCK) + 1000);

  fc_sim_advance_clock (fixture->sim, 16 * 60 * 1000);
  fc_sim_reset_counters (fixture->sim);
  second = fc_test_list_page (fixture->connector, "Contact", NULL,
                      fc_record_page_get_next_page_token (first), &error);
  g_assert_no_error (error);

  /* The second thousand again (same time as the last record listed), then the rest */
  records = fc_record_page_get_records (second);
  g_assert_cmpuint (records->len, ==, 1500);
  g_assert_cmpint (fc_record_get_modified_ms (g_ptr_array_index (records, 0)), ==,
                   parse_ms (PAST_CLOCK) + 1000);
  g_assert_null (fc_record_page_get_next_page_token (second));
  g_assert_cmpstr (fc_record_page_get_cursor (second), ==, "2025-06-01T00:00:02.000Z");
  g_assert_cmpuint (count (fixture, "GET", NULL, 400), ==, 1);
  g_assert_cmpuint (count (fixture, "GET", LIST_ENDPOINT, 200), ==, 1);
}

static void
set_allocation (Fixture *fixture,
                guint    daily)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *json = g_strdup_printf ("{\"daily_api_requests\":%u,\"reset_usage\":true}",
                                           daily);

  g_assert_true (fc_sim_set_rate_limits (fixture->sim, "salesforce", json, &error));
  g_assert_no_error (error);
}

/* Lists one page after another until the connector refuses; the number of pages listed. */
static guint
list_until_refused (Fixture  *fixture,
                    GError  **error)
{
  guint pages = 0;

  for (;;)
    {
      g_autoptr (FcRecordPage) page = fc_test_list_page (fixture->connector, "Contact", NULL, NULL,
                                                 error);

      if (page == NULL)
        return pages;
      g_assert_cmpuint (++pages, <, 200);
    }
}

static void
test_daily_limit (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr (FcConnector) fresh = NULL;
  g_autoptr (GListModel) fields = NULL;
  g_autoptr (GError) error = NULL;
  gint64 used = 0, max = 0;
  guint pages;

  generate (fixture, "Contact", 5);
  set_allocation (fixture, 100);
  fc_salesforce_connector_set_api_reserve (fixture->connector, 10, 4);
  fc_sim_reset_counters (fixture->sim);

  /* The reserve (10 % of 100) is kept: the org refuses nothing, the connector stops first */
  pages = list_until_refused (fixture, &error);
  g_assert_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_RATE_LIMITED);
  g_test_message ("refused after %u pages: %s", pages, error->message);
  g_assert_nonnull (strstr (error->message, "90 of 100"));
  g_assert_nonnull (strstr (error->message, "10 are left"));
  g_assert_nonnull (strstr (error->message, "24 hours"));
  fc_salesforce_connector_get_api_usage (fixture->connector, &used, &max);
  g_assert_cmpint (used, ==, 90);
  g_assert_cmpint (max, ==, 100);
  g_assert_cmpuint (count (fixture, NULL, NULL, 403), ==, 0);
  g_assert_cmpuint (count (fixture, "GET", LIST_ENDPOINT, 200), ==, pages);
  g_assert_cmpuint (count (fixture, NULL, NULL, 0), ==, 90);
  g_clear_error (&error);

  /* A connector that has not seen the numbers yet meets the org's own refusal, which says the
   * same; after it, nothing more is sent */
  g_assert_true (fc_sim_set_rate_limits (fixture->sim, "salesforce", "{\"api_usage\":100}",
                                         &error));
  g_assert_no_error (error);
  fresh = new_connector (fixture->connection, fixture->auth);
  fields = list_fields (fresh, "Contact", &error);
  g_assert_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_RATE_LIMITED);
  g_assert_null (fields);
  g_assert_nonnull (strstr (error->message, "REQUEST_LIMIT_EXCEEDED"));
  g_assert_nonnull (strstr (error->message, "24 hours"));
  g_clear_error (&error);
  fc_salesforce_connector_get_api_usage (fresh, &used, &max);
  g_assert_cmpint (used, >=, max);

  fc_sim_reset_counters (fixture->sim);
  fields = list_fields (fresh, "Contact", &error);
  g_assert_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_RATE_LIMITED);
  g_assert_cmpuint (count (fixture, NULL, NULL, 0), ==, 0);
}

static void
discover (FcConnector  *connector,
          char        **name,
          char        **id,
          GError      **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  fc_connector_discover_account_async (connector, NULL, fc_test_on_ready_cb, &result);
  fc_connector_discover_account_finish (connector, fc_test_wait_for (&result), name, id,
                                        error);
}

static void
test_account (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *id = NULL;

  discover (fixture->connector, &name, &id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (name, ==, "admin@fluxcascade-sim.example.com");
  g_assert_true (g_str_has_prefix (id, "00D"));
  g_assert_cmpuint (strlen (id), ==, 18);
  g_assert_cmpuint (count (fixture, "GET", "/id/{org}/{user}", 200), ==, 1);
}

/* Another login host, given as the connection's auth address: the whole flow, the refresh and
 * the identity go through it */
static void
check_login_host (Fixture    *fixture,
                  const char *mount)
{
  g_autoptr (FcConnection) connection = sign_in (fixture, mount);
  g_autoptr (FcConnector) connector = new_connector (connection, fixture->auth);
  g_autofree char *login = sim_url (fixture, mount);
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *id = NULL;
  g_autofree char *resolved = fc_provider_resolve_token_url (FC_PROVIDER_SALESFORCE, connection);
  g_autofree char *token_url = g_strconcat (login, TOKEN_ENDPOINT, NULL);

  g_assert_cmpstr (resolved, ==, token_url);

  generate (fixture, "Lead", 3);
  g_assert_true (fc_sim_expire_token (fixture->sim, fixture->access));
  fc_sim_reset_counters (fixture->sim);
  records = list_all (connector, "Lead", NULL, NULL, NULL);
  g_assert_cmpuint (records->len, ==, 3);
  g_assert_cmpuint (count (fixture, "POST", TOKEN_ENDPOINT, 200), ==, 1);

  discover (connector, &name, &id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (name, ==, "admin@fluxcascade-sim.example.com");
}

static void
test_login_my_domain (Fixture       *fixture,
                      gconstpointer  data)
{
  check_login_host (fixture, "salesforce-mydomain");
}

static void
test_login_sandbox (Fixture       *fixture,
                    gconstpointer  data)
{
  check_login_host (fixture, "salesforce-test");
}

static void
test_malformed (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr (FcRecordPage) page = NULL;
  g_autoptr (GError) error = NULL;

  generate (fixture, "Account", 4);
  page = fc_test_list_page (fixture->connector, "Account", NULL, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&page, fc_record_page_unref);

  set_faults (fixture, "{\"malformed_next\":1}");
  page = fc_test_list_page (fixture->connector, "Account", NULL, NULL, &error);
  g_assert_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_BAD_RESPONSE);
  g_assert_null (page);
  g_clear_error (&error);

  page = fc_test_list_page (fixture->connector, "Account", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fc_record_page_get_records (page)->len, ==, 4);
}

static void
test_unreachable (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr (FcConnector) connector = NULL;
  g_autoptr (GListModel) fields = NULL;
  g_autoptr (GError) error = NULL;

  /* Port 1 on loopback: nothing listens there */
  fc_connection_set_api_base_url (fixture->connection, "http://127.0.0.1:1");
  connector = new_connector (fixture->connection, fixture->auth);
  fc_http_set_retry_policy (fc_connector_get_http (connector), 3, 10, 50);

  fields = list_fields (connector, "Contact", &error);
  g_assert_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_NETWORK);
  g_assert_null (fields);
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));
  g_assert_cmpuint (fc_http_get_n_sent (fc_connector_get_http (connector)), ==, 3);
}

/* Salesforce's error arrays keep their code and message */
static void
test_errors (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr (FcRecordPage) page = NULL;
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GError) error = NULL;

  found = fc_test_find_records (fixture->connector, "Contact", "Nope__c", "x", &error);
  g_assert_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_VALIDATION);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "INVALID_FIELD"));
  g_assert_nonnull (strstr (error->message, "Nope__c"));
  /* Salesforce quotes the query; the message keeps only its explanation */
  g_assert_null (strstr (error->message, "SELECT"));
  g_assert_null (strchr (error->message, '\n'));
  g_clear_error (&error);

  /* A value that does not fit the field's type is refused before any call */
  found = fc_test_find_records (fixture->connector, "Contact", "HasOptedOutOfEmail", "maybe", &error);
  g_assert_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_VALIDATION);
  g_assert_nonnull (strstr (error->message, "true or false"));
  g_clear_error (&error);

  /* A page token from elsewhere is not followed */
  page = fc_test_list_page (fixture->connector, "Contact", NULL, "https://evil.example.com/steal", &error);
  g_assert_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_VALIDATION);
  g_assert_null (page);
}

/* A retrieve too long for a URL goes as a POST body */
static void
test_long_read (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GPtrArray) read = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) ids = NULL;
  const char *retrieve = "/services/data/vXX.X/composite/sobjects/Opportunity";

  for (guint i = 0; i < 120; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"name\":\"Quarterly_Forecast_Adjustment_%03u\","
                                               "\"type\":\"string\"}", i);

      add_field (fixture, "Opportunity", json);
    }
  generate (fixture, "Opportunity", 250);
  records = list_all (fixture->connector, "Opportunity", NULL, NULL, NULL);
  g_assert_cmpuint (records->len, ==, 250);
  for (guint i = 0; i < records->len; i++)
    g_strv_builder_add (builder, fc_record_get_id (g_ptr_array_index (records, i)));
  ids = g_strv_builder_end (builder);

  read = fc_test_read_records (fixture->connector, "Opportunity", (const char * const *) ids, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (read->len, ==, 250);
  g_assert_true (fc_record_has_field (g_ptr_array_index (read, 0),
                                      "Quarterly_Forecast_Adjustment_119__c"));
  g_assert_cmpuint (count (fixture, "POST", retrieve, 200), ==, 1);
  g_assert_cmpuint (count (fixture, "GET", retrieve, 200), ==, 1);
}

/* ---- main ------------------------------------------------------------------------------ */

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (quote_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fc/salesforce/soql/quote/%s",
                                               quote_cases[i].name);

      g_test_add_data_func (path, &quote_cases[i], test_soql_quote);
    }
  g_test_add_func ("/fc/salesforce/soql/field-names", test_field_names);
  g_test_add_func ("/fc/salesforce/soql/changed-query", test_changed_query);
  for (guint i = 0; i < G_N_ELEMENTS (limit_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fc/salesforce/limit-info/%s",
                                               limit_cases[i].name);

      g_test_add_data_func (path, &limit_cases[i], test_limit_info);
    }
  for (guint i = 0; i < G_N_ELEMENTS (datetime_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fc/salesforce/datetime/%s",
                                               datetime_cases[i].name);

      g_test_add_data_func (path, &datetime_cases[i], test_datetime);
    }
  for (guint i = 0; i < G_N_ELEMENTS (login_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fc/salesforce/login-host/%s",
                                               login_cases[i].name);

      g_test_add_data_func (path, &login_cases[i], test_login_host);
    }
  g_test_add_func ("/fc/salesforce/error-codes", test_error_codes);
  g_test_add_func ("/fc/salesforce/record-from-json", test_record_from_json);

#define ADD(path, func) \
  g_test_add ("/fc/salesforce/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
#define ADD_PAST(path, func) \
  g_test_add ("/fc/salesforce/" path, Fixture, NULL, fixture_set_up_past, func, \
              fixture_tear_down)

  ADD ("realtime", test_realtime);
  ADD ("fields", test_fields);
  ADD_PAST ("fields-not-modified", test_fields_not_modified);
  ADD ("paging", test_paging);
  ADD_PAST ("incremental", test_incremental);
  ADD ("read-find", test_read_find);
  ADD ("wanted-fields", test_wanted_fields);
  ADD ("long-read", test_long_read);
  ADD ("create-partial", test_create_partial);
  ADD ("update-delete", test_update_delete);
  ADD ("upsert", test_upsert);
  ADD ("session-expiry", test_session_expiry);
  ADD_PAST ("query-locator-expired", test_query_locator_expired);
  ADD ("daily-limit", test_daily_limit);
  ADD ("account", test_account);
  ADD ("login/my-domain", test_login_my_domain);
  ADD ("login/sandbox", test_login_sandbox);
  ADD ("errors", test_errors);
  ADD ("malformed", test_malformed);
  ADD ("unreachable", test_unreachable);

#undef ADD
#undef ADD_PAST

  use_private_keyring ();
  status = g_test_run ();
  remove_private_keyring ();
  return status;
}
