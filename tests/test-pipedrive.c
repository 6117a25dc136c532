/* test-pipedrive.c: the Pipedrive connector against the provider simulator, over HTTP on
 * loopback
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fc-test-connector.h"
#include "fc-test-people.h"
#include "fc-test-util.h"

#include <string.h>

#include "fc-auth.h"
#include "fc-connector.h"
#include "fc-pipedrive-connector.h"
#include "fc-sim.h"

#define TOKEN "0123456789abcdef0123456789abcdef01234567"
#define WEBHOOK_SECRET "hook-user:hook-password"

typedef FcTestConnectorFixture Fixture;

/* ---- helpers --------------------------------------------------------------------------- */


static gint64
unix_usec (GDateTime *dt)
{
  return g_date_time_to_unix (dt) * G_USEC_PER_SEC + g_date_time_get_microsecond (dt);
}



static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fc_test_connector_fixture_set_up (fixture, FC_PROVIDER_PIPEDRIVE, 7, TOKEN);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  fc_test_connector_fixture_tear_down (fixture);
}

static char *
seed_json (Fixture    *fixture,
           const char *object,
           const char *json)
{
  g_autoptr (GError) error = NULL;
  char *id = fc_sim_seed (fixture->sim, "pipedrive", object, json, &error);

  g_assert_no_error (error);
  g_assert_nonnull (id);
  return id;
}

/* Adds a custom field and returns its 40-character key. */
static char *
add_custom_field (Fixture    *fixture,
                  const char *object,
                  const char *json)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *answer = fc_sim_add_custom_field (fixture->sim, "pipedrive", object, json,
                                                     &error);
  g_autoptr (JsonNode) node = NULL;

  g_assert_no_error (error);
  node = json_from_string (answer, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return g_strdup (json_object_get_string_member (json_node_get_object (node), "field_code"));
}




static FcRecord *
read_one (Fixture    *fixture,
          const char *object,
          const char *id)
{
  return fc_test_read_one (fixture->connector, object, id);
}

static void
set_faults (Fixture    *fixture,
            const char *json)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (fc_sim_set_faults (fixture->sim, "pipedrive", json, &error));
  g_assert_no_error (error);
}

static char *
dup_json (JsonNode *node)
{
  return node != NULL ? json_to_string (node, FALSE) : NULL;
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

#define PERSON_JSON \
  "{\"name\":\"Ada Lovelace\",\"emails\":[" \
  "{\"value\":\"ada@home.example\",\"primary\":false,\"label\":\"home\"}," \
  "{\"value\":\"ada@work.example\",\"primary\":true,\"label\":\"work\"}]," \
  "\"phones\":[{\"value\":\"+441234567\",\"primary\":true,\"label\":\"mobile\"}]," \
  "\"postal_address\":{\"value\":\"12 St James's Square, London\",\"route\":\"St James's " \
  "Square\",\"street_number\":\"12\",\"locality\":\"London\",\"country\":\"United Kingdom\"," \
  "\"postal_code\":\"SW1Y 4JH\"}%s}"

/* ---- object types, fields, record shape ------------------------------------------------ */

static void
test_object_types (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) types = NULL;

  fc_connector_list_object_types_async (fixture->connector, NULL, fc_test_on_ready_cb, &result);
  types = fc_connector_list_object_types_finish (fixture->connector, fc_test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (types), ==, 3);
  g_assert_cmpstr (types[0], ==, "persons");
  g_assert_cmpstr (types[1], ==, "organizations");
  g_assert_cmpstr (types[2], ==, "deals");
}

static void
test_fields (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *source = add_custom_field (fixture, "persons",
                                              "{\"field_name\":\"Lead source\","
                                              "\"field_type\":\"varchar\"}");
  g_autofree char *tier = add_custom_field (fixture, "persons",
                                            "{\"field_name\":\"Tier\",\"field_type\":\"enum\","
                                            "\"options\":[{\"label\":\"Gold\"},"
                                            "{\"label\":\"Silver\"}]}");
  g_autofree char *source_name = g_strconcat ("custom_fields.", source, NULL);
  g_autofree char *tier_name = g_strconcat ("custom_fields.", tier, NULL);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GListModel) fields = NULL;
  FcFieldInfo *info;

  g_assert_cmpuint (strlen (source), ==, 40);

  fc_connector_list_fields_async (fixture->connector, "persons", NULL, fc_test_on_ready_cb, &result);
  fields = fc_connector_list_fields_finish (fixture->connector, fc_test_wait_for (&result), &error);
  g_assert_no_error (error);

  info = find_field (fields, source_name);
  g_assert_nonnull (info);
  g_assert_cmpstr (fc_field_info_get_label (info), ==, "Lead source");
  g_assert_true (fc_field_info_get_custom (info));
  g_assert_false (fc_field_info_get_read_only (info));

  info = find_field (fields, tier_name);
  g_assert_nonnull (info);
  g_assert_cmpstr (fc_field_info_get_field_type (info), ==, "enum");
  g_assert_cmpuint (fc_field_info_get_n_options (info), ==, 2);
  g_assert_cmpstr (fc_field_info_get_option_label (info, 1), ==, "Silver");

  g_assert_nonnull (find_field (fields, "email"));
  g_assert_nonnull (find_field (fields, "emails"));
  g_assert_nonnull (find_field (fields, "phones"));
  g_assert_nonnull (find_field (fields, "postal_address.locality"));
  info = find_field (fields, "update_time");
  g_assert_nonnull (info);
  g_assert_true (fc_field_info_get_read_only (info));
  g_assert_true (fc_field_info_get_read_only (find_field (fields, "first_name")));
}

static void
test_flatten (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *key = add_custom_field (fixture, "persons",
                                           "{\"field_name\":\"Lead source\","
                                           "\"field_type\":\"varchar\"}");
  g_autofree char *custom = g_strdup_printf (",\"custom_fields\":{\"%s\":\"Referral\"}", key);
  g_autofree char *json = g_strdup_printf (PERSON_JSON, custom);
  g_autofree char *id = seed_json (fixture, "persons", json);
  g_autofree char *key_name = g_strconcat ("custom_fields.", key, NULL);
  g_autoptr (FcRecord) record = read_one (fixture, "persons", id);
  g_autofree char *emails = dup_json (fc_record_get_field (record, "emails"));

  g_assert_cmpstr (fc_record_get_string (record, "name"), ==, "Ada Lovelace");
  g_assert_cmpstr (fc_record_get_string (record, "first_name"), ==, "Ada");
  g_assert_cmpstr (fc_record_get_string (record, "email"), ==, "ada@work.example");
  g_assert_cmpstr (emails, ==, "[\"ada@work.example\",\"ada@home.example\"]");
  g_assert_cmpstr (fc_record_get_string (record, "phone"), ==, "+441234567");
  g_assert_cmpstr (fc_record_get_string (record, "postal_address"), ==,
                   "12 St James's Square, London");
  g_assert_cmpstr (fc_record_get_string (record, "postal_address.locality"), ==, "London");
  g_assert_cmpstr (fc_record_get_string (record, "postal_address.postal_code"), ==, "SW1Y 4JH");
  g_assert_cmpstr (fc_record_get_string (record, key_name), ==, "Referral");
  g_assert_cmpstr (fc_record_get_string (record, "Lead source"), ==, "Referral");
  g_assert_false (fc_record_has_field (record, "emails.0"));
  g_assert_cmpint (fc_record_get_modified_ms (record), >, 0);
}

/* ---- listing --------------------------------------------------------------------------- */

static void
test_paging (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  guint pages = 0;

  g_assert_true (fc_sim_seed_generated (fixture->sim, "pipedrive", "persons", 1200, &error));
  g_assert_no_error (error);

  fc_sim_reset_counters (fixture->sim);
  records = fc_test_list_all (fixture->connector, "persons", NULL, &pages, NULL);
  g_assert_cmpuint (records->len, ==, 1200);
  g_assert_cmpuint (pages, ==, 3); /* 500 per page */
  for (guint i = 0; i < records->len; i++)
    {
      FcRecord *record = g_ptr_array_index (records, i);

      g_assert_true (g_hash_table_add (ids, (gpointer) fc_record_get_id (record)));
      g_assert_nonnull (fc_record_get_string (record, "email"));
      if (i > 0)
        g_assert_cmpint (fc_record_get_modified_ms (g_ptr_array_index (records, i - 1)), <=,
                         fc_record_get_modified_ms (record));
    }
}

static void
test_incremental (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) all = NULL;
  g_autoptr (GPtrArray) changed = NULL;
  g_autoptr (GHashTable) edited = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *cursor = NULL;
  g_autoptr (GDateTime) cursor_dt = NULL;
  gint64 cursor_s;
  guint n_edited = 0;

  g_assert_true (fc_sim_seed_generated (fixture->sim, "pipedrive", "persons", 40, &error));
  g_assert_no_error (error);
  all = fc_test_list_all (fixture->connector, "persons", NULL, NULL, &cursor);
  g_assert_cmpuint (all->len, ==, 40);
  cursor_dt = g_date_time_new_from_iso8601 (cursor, NULL);
  g_assert_nonnull (cursor_dt);
  cursor_s = g_date_time_to_unix (cursor_dt);

  fc_sim_advance_clock (fixture->sim, 5000);
  for (guint i = 5; i < 20; i += 5)
    {
      const char *id = fc_record_get_id (g_ptr_array_index (all, i));

      g_assert_true (fc_sim_edit (fixture->sim, "pipedrive", "persons", id,
                                  "{\"job_title\":\"Engineer\"}", &error));
      g_assert_no_error (error);
      g_hash_table_add (edited, (gpointer) id);
    }

  changed = fc_test_list_all (fixture->connector, "persons", cursor, NULL, NULL);
  for (guint i = 0; i < changed->len; i++)
    {
      FcRecord *record = g_ptr_array_index (changed, i);

      if (g_hash_table_contains (edited, fc_record_get_id (record)))
        {
          g_assert_cmpstr (fc_record_get_string (record, "job_title"), ==, "Engineer");
          n_edited++;
        }
      else
        /* updated_since counts in whole seconds: only the cursor's second comes again */
        g_assert_cmpint (fc_record_get_modified_ms (record) / 1000, ==, cursor_s);
    }
  g_assert_cmpuint (n_edited, ==, 3);
}

/* ---- writing --------------------------------------------------------------------------- */

static void
test_create_partial (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *key = add_custom_field (fixture, "persons",
                                           "{\"field_name\":\"Lead source\","
                                           "\"field_type\":\"varchar\"}");
  g_autoptr (GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) results = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (FcRecord) created = NULL;
  g_autofree char *key_name = g_strconcat ("custom_fields.", key, NULL);
  FcRecord *record;

  record = fc_record_new ("persons", NULL);
  fc_record_set_string (record, "first_name", "Grace");
  fc_record_set_string (record, "last_name", "Hopper");
  fc_record_set_string (record, "email", "grace@example.com");
  fc_record_set_string (record, "Lead source", "Conference");
  fc_record_set_string (record, "postal_address.locality", "Arlington");
  g_ptr_array_add (records, record);

  /* No name at all: Pipedrive refuses it */
  record = fc_record_new ("persons", NULL);
  fc_record_set_string (record, "email", "nobody@example.com");
  g_ptr_array_add (records, record);

  record = fc_record_new ("persons", NULL);
  fc_record_set_string (record, "name", "Alan Turing");
  g_ptr_array_add (records, record);

  results = fc_test_write_records (fixture->connector, "create", "persons", records, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 3);
  g_assert_true (fc_write_result_get_success (g_ptr_array_index (results, 0)));
  g_assert_false (fc_write_result_get_success (g_ptr_array_index (results, 1)));
  g_assert_error (fc_write_result_get_error (g_ptr_array_index (results, 1)), FC_CONNECTOR_ERROR,
                  FC_CONNECTOR_ERROR_VALIDATION);
  g_assert_cmpuint (fc_write_result_get_index (g_ptr_array_index (results, 1)), ==, 1);
  g_assert_true (fc_write_result_get_success (g_ptr_array_index (results, 2)));
  g_assert_cmpuint (fc_sim_count_records (fixture->sim, "pipedrive", "persons", FALSE), ==, 2);

  created = read_one (fixture, "persons",
                      fc_write_result_get_id (g_ptr_array_index (results, 0)));
  g_assert_cmpstr (fc_record_get_string (created, "name"), ==, "Grace Hopper");
  g_assert_cmpstr (fc_record_get_string (created, "email"), ==, "grace@example.com");
  g_assert_cmpstr (fc_record_get_string (created, key_name), ==, "Conference");
  g_assert_cmpstr (fc_record_get_string (created, "postal_address.locality"), ==, "Arlington");
}

static void
test_update_merges (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *json = g_strdup_printf (PERSON_JSON, "");
  g_autofree char *id = seed_json (fixture, "persons", json);
  g_autoptr (GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) results = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (FcRecord) updated = NULL;
  g_autofree char *emails = NULL;
  FcRecord *record;

  /* A new primary address and a new city: the other address and the other parts stay */
  record = fc_record_new ("persons", id);
  fc_record_set_string (record, "email", "ada@new.example");
  fc_record_set_string (record, "postal_address.locality", "Cambridge");
  g_ptr_array_add (records, record);
  record = fc_record_new ("persons", "987654");
  fc_record_set_string (record, "name", "Nobody");
  g_ptr_array_add (records, record);

  results = fc_test_write_records (fixture->connector, "update", "persons", records, &error);
  g_assert_no_error (error);
  g_assert_true (fc_write_result_get_success (g_ptr_array_index (results, 0)));
  g_assert_false (fc_write_result_get_success (g_ptr_array_index (results, 1)));
  g_assert_error (fc_write_result_get_error (g_ptr_array_index (results, 1)), FC_CONNECTOR_ERROR,
                  FC_CONNECTOR_ERROR_NOT_FOUND);

  updated = read_one (fixture, "persons", id);
  emails = dup_json (fc_record_get_field (updated, "emails"));
  g_assert_cmpstr (fc_record_get_string (updated, "email"), ==, "ada@new.example");
  g_assert_cmpstr (emails, ==, "[\"ada@new.example\",\"ada@home.example\"]");
  g_assert_cmpstr (fc_record_get_string (updated, "phone"), ==, "+441234567");
  g_assert_cmpstr (fc_record_get_string (updated, "postal_address.locality"), ==, "Cambridge");
  g_assert_cmpstr (fc_record_get_string (updated, "postal_address.postal_code"), ==, "SW1Y 4JH");
  g_assert_cmpstr (fc_record_get_string (updated, "name"), ==, "Ada Lovelace");
}

static void
test_delete_find (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *json = g_strdup_printf (PERSON_JSON, "");
  g_autofree char *id = seed_json (fixture, "persons", json);
  g_autofree char *other = seed_json (fixture, "persons", "{\"name\":\"Someone Else\"}");
  const char *ids[] = { other, "31337", NULL };
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GAsyncResult) found_result = NULL;
  g_autoptr (GPtrArray) results = NULL;
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GError) error = NULL;

  /* Found by its primary address, and by the other one */
  fc_connector_find_records_async (fixture->connector, "persons", "email", "ada@home.example",
                                   NULL, NULL, fc_test_on_ready_cb, &found_result);
  found = fc_connector_find_records_finish (fixture->connector, fc_test_wait_for (&found_result),
                                            &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (fc_record_get_id (g_ptr_array_index (found, 0)), ==, id);

  fc_connector_delete_records_async (fixture->connector, "persons", ids, NULL, fc_test_on_ready_cb,
                                     &result);
  results = fc_connector_write_finish (fixture->connector, fc_test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 2);
  g_assert_true (fc_write_result_get_success (g_ptr_array_index (results, 0)));
  g_assert_cmpstr (fc_write_result_get_id (g_ptr_array_index (results, 0)), ==, other);
  g_assert_false (fc_write_result_get_success (g_ptr_array_index (results, 1)));
  g_assert_cmpuint (fc_sim_count_records (fixture->sim, "pipedrive", "persons", FALSE), ==, 1);
}

/* ---- failures -------------------------------------------------------------------------- */

static void
test_rate_limited (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *id = seed_json (fixture, "persons", "{\"name\":\"Ada\"}");
  G_GNUC_UNUSED g_autoptr (FcRecord) warm = read_one (fixture, "persons", id);
  g_autoptr (FcRecord) record = NULL;
  FcHttp *http = fc_connector_get_http (fixture->connector);
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GError) error = NULL;
  guint sent_before;
  gint64 start;

  set_faults (fixture, "{\"throttle_next\":2,\"retry_after_s\":1}");
  sent_before = fc_http_get_n_sent (http);
  start = g_get_monotonic_time ();
  record = read_one (fixture, "persons", id);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 2 * G_TIME_SPAN_SECOND);
  g_assert_cmpuint (fc_http_get_n_sent (http) - sent_before, ==, 3);
  g_assert_cmpuint (fc_sim_get_count (fixture->sim, "pipedrive", NULL, NULL, 429), ==, 2);

  /* Bounded */
  fc_http_set_rate_limit_policy (http, 1, 60000);
  set_faults (fixture, "{\"throttle_next\":10,\"retry_after_s\":1}");
  sent_before = fc_http_get_n_sent (http);
  records = fc_test_read_records (fixture->connector, "persons", (const char *[]) { id, NULL }, &error);
  g_assert_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_RATE_LIMITED);
  g_assert_null (records);
  g_assert_cmpuint (fc_http_get_n_sent (http) - sent_before, ==, 2);
}

static void
test_server_errors (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *id = seed_json (fixture, "persons", "{\"name\":\"Ada\"}");
  G_GNUC_UNUSED g_autoptr (FcRecord) warm = read_one (fixture, "persons", id);
  g_autoptr (FcRecord) record = NULL;
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GError) error = NULL;
  FcHttp *http = fc_connector_get_http (fixture->connector);
  guint sent_before;

  set_faults (fixture, "{\"error_next\":2,\"error_statuses\":[502]}");
  sent_before = fc_http_get_n_sent (http);
  record = read_one (fixture, "persons", id);
  g_assert_cmpuint (fc_http_get_n_sent (http) - sent_before, ==, 3);

  set_faults (fixture, "{\"error_rate\":1.0,\"error_statuses\":[500]}");
  sent_before = fc_http_get_n_sent (http);
  records = fc_test_read_records (fixture->connector, "persons", (const char *[]) { id, NULL }, &error);
  g_assert_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_SERVER);
  g_assert_cmpuint (fc_http_get_n_sent (http) - sent_before, ==, 4);
  g_assert_nonnull (strstr (error->message, "injected fault"));
  g_assert_null (strstr (error->message, TOKEN));
}

static void
test_malformed (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr (FcRecordPage) page = NULL;
  g_autoptr (FcRecordPage) again = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (fc_sim_seed_generated (fixture->sim, "pipedrive", "deals", 3, &error));
  g_assert_no_error (error);
  page = fc_test_list_page (fixture->connector, "deals", NULL, NULL, &error);
  g_assert_no_error (error);

  set_faults (fixture, "{\"malformed_next\":1}");
  g_clear_pointer (&page, fc_record_page_unref);
  page = fc_test_list_page (fixture->connector, "deals", NULL, NULL, &error);
  g_assert_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_BAD_RESPONSE);
  g_assert_null (page);
  g_clear_error (&error);

  again = fc_test_list_page (fixture->connector, "deals", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fc_record_page_get_records (again)->len, ==, 3);
  g_assert_nonnull (fc_record_get_string (g_ptr_array_index (fc_record_page_get_records (again),
                                                             0), "title"));
}

static void
test_unreachable (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr (FcConnection) connection = fc_connection_new (FC_PROVIDER_PIPEDRIVE);
  g_autoptr (FcConnector) connector = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;

  fc_connection_set_api_base_url (connection, "http://127.0.0.1:1");
  fc_test_store_static_token (fixture->auth, connection, TOKEN);
  connector = fc_connector_new (connection, fixture->auth, &error);
  g_assert_no_error (error);
  fc_http_set_retry_policy (fc_connector_get_http (connector), 2, 10, 50);

  fc_connector_discover_account_async (connector, NULL, fc_test_on_ready_cb, &result);
  g_assert_false (fc_connector_discover_account_finish (connector, fc_test_wait_for (&result), &name,
                                                        NULL, &error));
  g_assert_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "could not reach Pipedrive at 127.0.0.1"));
  g_assert_null (name);
}

static void
test_account (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *id = NULL;

  fc_connector_discover_account_async (fixture->connector, NULL, fc_test_on_ready_cb, &result);
  g_assert_true (fc_connector_discover_account_finish (fixture->connector, fc_test_wait_for (&result),
                                                       &name, &id, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (name, ==, "FluxCascade Simulated Company");
  g_assert_cmpstr (id, ==, "7654321");
}

/* The browser of the OAuth sign-in: follows the consent page's redirect to FcAuth. */
static gboolean
open_uri_cb (const char  *uri,
             gpointer     user_data,
             GError     **error)
{
  SoupSession *browser = user_data;
  g_autoptr (SoupMessage) message = soup_message_new ("GET", uri);

  soup_session_send_and_read_async (browser, message, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  return TRUE;
}

static void
test_oauth_api_domain (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr (FcConnection) connection = fc_connection_new (FC_PROVIDER_PIPEDRIVE);
  g_autoptr (SoupSession) browser = soup_session_new ();
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GAsyncResult) stored = NULL;
  g_autoptr (FcConnector) connector = NULL;
  g_autoptr (FcToken) token = NULL;
  g_autoptr (FcRecordPage) page = NULL;
  g_autoptr (GAsyncResult) listed = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *auth_url = fc_sim_get_auth_base_url (fixture->sim, "pipedrive");
  g_autofree char *id = seed_json (fixture, "persons", "{\"name\":\"Ada\"}");

  /* No API address on the connection: the token's api_domain is where the account lives */
  fc_connection_set_auth_base_url (connection, auth_url);
  fc_auth_set_own_client (fixture->auth, connection,
                          fc_sim_get_client_id (fixture->sim, "pipedrive"),
                          fc_sim_get_client_secret (fixture->sim, "pipedrive"));
  fc_auth_authorize_async (fixture->auth, FC_PROVIDER_PIPEDRIVE, connection, open_uri_cb,
                           browser, 30, NULL, fc_test_on_ready_cb, &result);
  token = fc_auth_authorize_finish (fixture->auth, fc_test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (fc_token_get_api_domain (token));
  fc_auth_store_token_async (fixture->auth, connection, token, NULL, fc_test_on_ready_cb, &stored);
  g_assert_true (fc_auth_store_token_finish (fixture->auth, fc_test_wait_for (&stored), &error));
  g_assert_no_error (error);

  connector = fc_connector_new (connection, fixture->auth, &error);
  g_assert_no_error (error);
  fc_sim_reset_counters (fixture->sim);
  fc_connector_list_changed_async (connector, "persons", NULL, NULL, NULL, NULL,
                                   fc_test_on_ready_cb, &listed);
  page = fc_connector_list_changed_finish (connector, fc_test_wait_for (&listed), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fc_record_page_get_records (page)->len, ==, 1);
  g_assert_cmpstr (fc_record_get_id (g_ptr_array_index (fc_record_page_get_records (page), 0)),
                   ==, id);
  g_assert_cmpuint (fc_sim_get_count (fixture->sim, "pipedrive", "GET", NULL, 200), ==, 2);
}

/* ---- webhooks -------------------------------------------------------------------------- */

#define V2_CHANGE \
  "{\"meta\":{\"action\":\"change\",\"entity\":\"person\",\"entity_id\":\"42\"," \
  "\"company_id\":\"7654321\",\"id\":\"0b7c7e2a-5f0e-4b9f-9f35-2f3d1f1a6c01\"," \
  "\"timestamp\":\"2026-01-31T10:20:30.456Z\",\"version\":\"2.0\",\"attempt\":1}," \
  "\"data\":{\"id\":42,\"name\":\"Ada\"},\"previous\":{\"name\":\"Ad\"}}"

typedef struct
{
  const char *name;
  const char *authorization; /* NULL: none sent */
  const char *body;
  int         error_code;    /* -1: accepted */
  guint       n_events;
} WebhookCase;

static const WebhookCase webhook_cases[] = {
  /* base64 ("hook-user:hook-password") */
  { "accepted", "Basic aG9vay11c2VyOmhvb2stcGFzc3dvcmQ=", V2_CHANGE, -1, 1 },
  { "wrong-password", "Basic aG9vay11c2VyOndyb25n", V2_CHANGE,
    FC_CONNECTOR_ERROR_SIGNATURE, 0 },
  { "no-credentials", NULL, V2_CHANGE, FC_CONNECTOR_ERROR_SIGNATURE, 0 },
  { "bearer", "Bearer aG9vay11c2VyOmhvb2stcGFzc3dvcmQ=", V2_CHANGE,
    FC_CONNECTOR_ERROR_SIGNATURE, 0 },
  { "not-json", "Basic aG9vay11c2VyOmhvb2stcGFzc3dvcmQ=", "{\"meta\":",
    FC_CONNECTOR_ERROR_INVALID_WEBHOOK, 0 },
  { "other-entity", "Basic aG9vay11c2VyOmhvb2stcGFzc3dvcmQ=",
    "{\"meta\":{\"action\":\"create\",\"entity\":\"activity\",\"entity_id\":\"9\","
    "\"id\":\"e1\",\"timestamp\":\"2026-01-31T10:20:30Z\",\"version\":\"2.0\"},\"data\":{}}",
    -1, 0 },
};

static void
test_webhook_case (Fixture       *fixture,
                   gconstpointer  data)
{
  const WebhookCase *test = data;
  g_autoptr (SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  g_autoptr (GBytes) body = g_bytes_new_static (test->body, strlen (test->body));
  g_autoptr (GPtrArray) events = NULL;
  g_autoptr (GError) error = NULL;

  if (test->authorization != NULL)
    soup_message_headers_replace (headers, "Authorization", test->authorization);
  events = fc_connector_parse_webhook (fixture->connector, "POST",
                                       "https://hooks.example.com/pipedrive", headers, body,
                                       WEBHOOK_SECRET, &error);
  if (test->error_code >= 0)
    {
      g_assert_error (error, FC_CONNECTOR_ERROR, test->error_code);
      g_assert_null (events);
      return;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, test->n_events);
  if (test->n_events > 0)
    {
      FcWebhookEvent *event = g_ptr_array_index (events, 0);

      g_assert_cmpint (fc_webhook_event_get_kind (event), ==, FC_WEBHOOK_EVENT_UPDATE);
      g_assert_cmpstr (fc_webhook_event_get_object_type (event), ==, "persons");
      g_assert_cmpstr (fc_webhook_event_get_record_id (event), ==, "42");
      g_assert_cmpstr (fc_webhook_event_get_event_id (event), ==,
                       "0b7c7e2a-5f0e-4b9f-9f35-2f3d1f1a6c01");
      g_assert_cmpint (unix_usec (fc_webhook_event_get_occurred_at (event)), ==,
                       G_GINT64_CONSTANT (1769854830456000));
    }
}

static void
test_webhook_merge (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *text =
    "{\"meta\":{\"action\":\"delete\",\"entity\":\"organization\",\"entity_id\":\"7\","
    "\"merged_to_id\":\"3\",\"id\":\"ev-9\",\"timestamp\":\"2026-01-31T10:20:30Z\","
    "\"version\":\"2.0\"},\"data\":null,\"previous\":{\"id\":7}}";
  g_autoptr (SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  g_autoptr (GBytes) body = g_bytes_new_static (text, strlen (text));
  g_autoptr (GPtrArray) events = NULL;
  g_autoptr (GError) error = NULL;
  FcWebhookEvent *event;

  soup_message_headers_replace (headers, "Authorization",
                                "Basic aG9vay11c2VyOmhvb2stcGFzc3dvcmQ=");
  events = fc_connector_parse_webhook (fixture->connector, "POST", "https://h.example/p",
                                       headers, body, WEBHOOK_SECRET, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);
  event = g_ptr_array_index (events, 0);
  g_assert_cmpint (fc_webhook_event_get_kind (event), ==, FC_WEBHOOK_EVENT_MERGE);
  g_assert_cmpstr (fc_webhook_event_get_object_type (event), ==, "organizations");
  g_assert_cmpstr (fc_webhook_event_get_record_id (event), ==, "3");
  g_assert_cmpstr (fc_webhook_event_get_merged_ids (event)[0], ==, "7");
}

typedef struct
{
  FcConnector *connector;
  GPtrArray   *events;
  GError      *error;
} Receiver;

static void
on_webhook_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  Receiver *receiver = user_data;
  g_autoptr (GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  GPtrArray *events;

  events = fc_connector_parse_webhook (receiver->connector, "POST", path,
                                       soup_server_message_get_request_headers (msg), body,
                                       WEBHOOK_SECRET, &receiver->error);
  for (guint i = 0; events != NULL && i < events->len; i++)
    g_ptr_array_add (receiver->events, fc_webhook_event_ref (g_ptr_array_index (events, i)));
  g_clear_pointer (&events, g_ptr_array_unref);
  soup_server_message_set_status (msg, receiver->error == NULL ? 200 : 401, NULL);
}

static void
test_webhook_delivery (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr (SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *target = NULL;
  GSList *uris;
  Receiver receiver = { fixture->connector, NULL, NULL };
  gint64 deadline;

  receiver.events = g_ptr_array_new_with_free_func ((GDestroyNotify) fc_webhook_event_unref);
  soup_server_add_handler (server, "/hooks", on_webhook_cb, &receiver, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  target = g_strdup_printf ("http://127.0.0.1:%d/hooks/pipedrive", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_assert_true (fc_sim_set_webhook_target (fixture->sim, "pipedrive", target, WEBHOOK_SECRET,
                                            &error));
  g_assert_no_error (error);
  id = fc_sim_create (fixture->sim, "pipedrive", "deals", "{\"title\":\"Hooked deal\"}", &error);
  g_assert_no_error (error);

  deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;
  while (receiver.events->len == 0 && receiver.error == NULL
         && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_assert_no_error (receiver.error);
  g_assert_cmpuint (receiver.events->len, >=, 1);
  g_assert_cmpint (fc_webhook_event_get_kind (g_ptr_array_index (receiver.events, 0)), ==,
                   FC_WEBHOOK_EVENT_CREATE);
  g_assert_cmpstr (fc_webhook_event_get_object_type (g_ptr_array_index (receiver.events, 0)), ==,
                   "deals");
  g_assert_cmpstr (fc_webhook_event_get_record_id (g_ptr_array_index (receiver.events, 0)), ==,
                   id);
  g_ptr_array_unref (receiver.events);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/fc/pipedrive/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("object-types", test_object_types);
  ADD ("fields", test_fields);
  ADD ("flatten", test_flatten);
  ADD ("paging", test_paging);
  ADD ("incremental", test_incremental);
  ADD ("create-partial", test_create_partial);
  ADD ("update-merges", test_update_merges);
  ADD ("delete-find", test_delete_find);
  ADD ("rate-limited", test_rate_limited);
  ADD ("server-errors", test_server_errors);
  ADD ("malformed", test_malformed);
  ADD ("unreachable", test_unreachable);
  ADD ("account", test_account);
  ADD ("oauth-api-domain", test_oauth_api_domain);
  ADD ("webhook/merge", test_webhook_merge);
  ADD ("webhook/delivery", test_webhook_delivery);

#undef ADD

  for (guint i = 0; i < G_N_ELEMENTS (webhook_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fc/pipedrive/webhook/%s", webhook_cases[i].name);

      g_test_add (path, Fixture, &webhook_cases[i], fixture_set_up, test_webhook_case,
                  fixture_tear_down);
    }

  return g_test_run ();
}
