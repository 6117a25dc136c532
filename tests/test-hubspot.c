/* test-hubspot.c: the HubSpot connector against the provider simulator, over HTTP on loopback
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
#include "fc-connector-private.h"
#include "fc-hubspot-connector.h"
#include "fc-sim.h"

#define TOKEN "pat-na1-test-0123456789"

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
  fc_test_connector_fixture_set_up (fixture, FC_PROVIDER_HUBSPOT, 42, TOKEN);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  fc_test_connector_fixture_tear_down (fixture);
}

static void
seed (Fixture    *fixture,
      const char *object,
      guint       count)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (fc_sim_seed_generated (fixture->sim, "hubspot", object, count, &error));
  g_assert_no_error (error);
}

static char *
seed_json (Fixture    *fixture,
           const char *object,
           const char *json)
{
  g_autoptr (GError) error = NULL;
  char *id = fc_sim_seed (fixture->sim, "hubspot", object, json, &error);

  g_assert_no_error (error);
  g_assert_nonnull (id);
  return id;
}




static FcRecord *
new_contact (const char *email,
             const char *firstname)
{
  FcRecord *record = fc_record_new ("contacts", NULL);

  fc_record_set_string (record, "email", email);
  fc_record_set_string (record, "firstname", firstname);
  return record;
}

static void
set_faults (Fixture    *fixture,
            const char *json)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (fc_sim_set_faults (fixture->sim, "hubspot", json, &error));
  g_assert_no_error (error);
}


/* ---- object types and fields ----------------------------------------------------------- */

static void
test_object_types (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) types = NULL;
  g_autoptr (FcRecordPage) page = NULL;

  fc_connector_list_object_types_async (fixture->connector, NULL, fc_test_on_ready_cb, &result);
  types = fc_connector_list_object_types_finish (fixture->connector, fc_test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (types), ==, 3);
  g_assert_true (g_strv_contains ((const char * const *) types, "contacts"));
  g_assert_true (g_strv_contains ((const char * const *) types, "companies"));
  g_assert_true (g_strv_contains ((const char * const *) types, "deals"));

  page = fc_test_list_page (fixture->connector, "tickets", NULL, NULL, &error);
  g_assert_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_UNSUPPORTED);
  g_assert_null (page);
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

static void
test_fields (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GListModel) fields = NULL;
  g_autofree char *added = NULL;
  FcFieldInfo *info;

  added = fc_sim_add_custom_field (fixture->sim, "hubspot", "contacts",
                                   "{\"name\":\"customer_tier\",\"label\":\"Customer tier\","
                                   "\"type\":\"enumeration\",\"fieldType\":\"select\","
                                   "\"options\":[{\"label\":\"Gold\",\"value\":\"gold\"},"
                                   "{\"label\":\"Silver\",\"value\":\"silver\"}]}",
                                   &error);
  g_assert_no_error (error);

  fc_connector_list_fields_async (fixture->connector, "contacts", NULL, fc_test_on_ready_cb, &result);
  fields = fc_connector_list_fields_finish (fixture->connector, fc_test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (fields), >, 10);
  g_assert_true (g_list_model_get_item_type (fields) == FC_TYPE_FIELD_INFO);

  info = find_field (fields, "email");
  g_assert_nonnull (info);
  g_assert_true (fc_field_info_get_unique (info));
  g_assert_false (fc_field_info_get_read_only (info));
  g_assert_false (fc_field_info_get_custom (info));

  info = find_field (fields, "lastmodifieddate");
  g_assert_nonnull (info);
  g_assert_true (fc_field_info_get_read_only (info));

  info = find_field (fields, "customer_tier");
  g_assert_nonnull (info);
  g_assert_cmpstr (fc_field_info_get_label (info), ==, "Customer tier");
  g_assert_cmpstr (fc_field_info_get_field_type (info), ==, "enumeration");
  g_assert_true (fc_field_info_get_custom (info));
  g_assert_cmpuint (fc_field_info_get_n_options (info), ==, 2);
  g_assert_cmpstr (fc_field_info_lookup_option_label (info, "silver"), ==, "Silver");
}

/* The connector's own lookups of the catalogue (writes coerce values by field type) read it
 * once, even when several are made before the first answer: the engine writes two batches at
 * once. One whose caller gives up does not fail the others. The public listing still asks. */
static void
test_fields_read_once (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GAsyncResult) given_up = NULL;
  GAsyncResult *results[3] = { NULL, };
  GListModel *fields[3] = { NULL, };
  g_autoptr (GListModel) cached = NULL;
  g_autoptr (GListModel) listed = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    _fc_connector_ensure_fields_async (fixture->connector, "contacts", NULL,
                                       fc_test_on_ready_cb, &results[i]);
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      fields[i] = _fc_connector_ensure_fields_finish (fixture->connector,
                                                      fc_test_wait_for (&results[i]), &error);
      g_assert_no_error (error);
      g_assert_nonnull (find_field (fields[i], "email"));
      g_assert_true (fields[i] == fields[0]);
    }
  g_assert_cmpuint (fc_sim_get_count (fixture->sim, "hubspot", "GET", "/crm/v3/properties/contacts",
                                      200), ==, 1);

  /* From the cache now */
  _fc_connector_ensure_fields_async (fixture->connector, "contacts", NULL, fc_test_on_ready_cb,
                                     &result);
  cached = _fc_connector_ensure_fields_finish (fixture->connector, fc_test_wait_for (&result),
                                               &error);
  g_assert_no_error (error);
  g_assert_true (cached == fields[0]);
  g_clear_object (&result);
  fc_connector_list_fields_async (fixture->connector, "contacts", NULL, fc_test_on_ready_cb,
                                  &result);
  listed = fc_connector_list_fields_finish (fixture->connector, fc_test_wait_for (&result),
                                            &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fc_sim_get_count (fixture->sim, "hubspot", "GET", "/crm/v3/properties/contacts",
                                      200), ==, 2);
  g_clear_object (&result);

  /* The first caller of another type gives up; the one waiting with it gets the catalogue */
  _fc_connector_ensure_fields_async (fixture->connector, "deals", cancellable,
                                     fc_test_on_ready_cb, &given_up);
  _fc_connector_ensure_fields_async (fixture->connector, "deals", NULL, fc_test_on_ready_cb,
                                     &result);
  g_cancellable_cancel (cancellable);
  g_assert_null (_fc_connector_ensure_fields_finish (fixture->connector,
                                                     fc_test_wait_for (&given_up), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_clear_object (&cached);
  cached = _fc_connector_ensure_fields_finish (fixture->connector, fc_test_wait_for (&result),
                                               &error);
  g_assert_no_error (error);
  g_assert_nonnull (find_field (cached, "dealname"));

  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      g_object_unref (results[i]);
      g_object_unref (fields[i]);
    }
}

/* ---- listing --------------------------------------------------------------------------- */

static void
test_paging (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GHashTable) ids = NULL;
  g_autoptr (FcRecordPage) first = NULL;
  g_autoptr (GError) error = NULL;
  guint pages = 0;

  seed (fixture, "contacts", 1200);

  first = fc_test_list_page (fixture->connector, "contacts", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fc_record_page_get_records (first)->len, ==, 200);
  g_assert_cmpint (fc_record_page_get_total (first), ==, 1200);
  g_assert_nonnull (fc_record_page_get_next_page_token (first));

  records = fc_test_list_all (fixture->connector, "contacts", NULL, &pages, NULL);
  ids = fc_test_unique_ids (records);
  g_assert_cmpuint (g_hash_table_size (ids), ==, 1200);
  g_assert_cmpuint (pages, >=, 6);

  /* Oldest first, each record with its properties */
  for (guint i = 1; i < records->len; i++)
    g_assert_cmpint (fc_record_get_modified_ms (g_ptr_array_index (records, i - 1)), <=,
                     fc_record_get_modified_ms (g_ptr_array_index (records, i)));
  g_assert_nonnull (fc_record_get_string (g_ptr_array_index (records, 0), "email"));
  g_assert_nonnull (fc_record_get_string (g_ptr_array_index (records, 0), "firstname"));
}

static void
test_incremental (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr (GPtrArray) all = NULL;
  g_autoptr (GPtrArray) changed = NULL;
  g_autoptr (GHashTable) edited = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *cursor = NULL;
  g_autofree char *second_cursor = NULL;
  g_autoptr (GDateTime) cursor_dt = NULL;
  gint64 cursor_ms;
  guint n_edited_seen = 0;

  /* HubSpot's clock (its Date header, in whole seconds) stays at the last change: the cursor
   * is that change's time, however long this run takes */
  fc_sim_set_clock_frozen (fixture->sim, TRUE);
  seed (fixture, "contacts", 60);
  all = fc_test_list_all (fixture->connector, "contacts", NULL, NULL, &cursor);
  g_assert_cmpuint (all->len, ==, 60);
  g_assert_nonnull (cursor);
  cursor_dt = g_date_time_new_from_iso8601 (cursor, NULL);
  g_assert_nonnull (cursor_dt);
  cursor_ms = unix_usec (cursor_dt) / 1000;
  g_assert_cmpint (cursor_ms, ==, fc_record_get_modified_ms (g_ptr_array_index (all, 59)));

  fc_sim_advance_clock (fixture->sim, 5000);
  for (guint i = 10; i < 40; i += 10)
    {
      g_autoptr (GError) error = NULL;
      const char *id = fc_record_get_id (g_ptr_array_index (all, i));

      g_assert_true (fc_sim_edit (fixture->sim, "hubspot", "contacts", id,
                                  "{\"properties\":{\"jobtitle\":\"Engineer\"}}", &error));
      g_assert_no_error (error);
      g_hash_table_add (edited, (gpointer) id);
    }

  changed = fc_test_list_all (fixture->connector, "contacts", cursor, NULL, &second_cursor);
  for (guint i = 0; i < changed->len; i++)
    {
      FcRecord *record = g_ptr_array_index (changed, i);

      if (g_hash_table_contains (edited, fc_record_get_id (record)))
        {
          g_assert_cmpstr (fc_record_get_string (record, "jobtitle"), ==, "Engineer");
          n_edited_seen++;
        }
      else
        /* Only the records at the cursor itself come again (the cursor is inclusive) */
        g_assert_cmpint (fc_record_get_modified_ms (record), ==, cursor_ms);
    }
  g_assert_cmpuint (n_edited_seen, ==, 3);
  g_assert_cmpstr (second_cursor, >, cursor);
}

static void
assert_lists_everything (Fixture *fixture,
                         guint    count)
{
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GHashTable) ids = NULL;
  guint pages = 0;
  guint searches;

  fc_sim_reset_counters (fixture->sim);
  records = fc_test_list_all (fixture->connector, "contacts", NULL, &pages, NULL);
  ids = fc_test_unique_ids (records);
  g_assert_cmpuint (g_hash_table_size (ids), ==, count);
  g_assert_cmpuint (fc_sim_count_records (fixture->sim, "hubspot", "contacts", FALSE), ==, count);

  /* No search paged past the cap, and one search per page: each page is a new query, so
   * records sharing the boundary value come again and are skipped, hence the margin */
  g_assert_cmpuint (fc_sim_get_count (fixture->sim, "hubspot", "POST", NULL, 400), ==, 0);
  searches = fc_sim_get_count (fixture->sim, "hubspot", "POST", NULL, 200);
  g_assert_cmpuint (searches, ==, pages);
  g_assert_cmpuint (searches, >=, count / 200);
  g_assert_cmpuint (searches, <=, count / 100 + 3);
}

static void
test_cap (Fixture       *fixture,
          gconstpointer  data)
{
  seed (fixture, "contacts", 10050);
  assert_lists_everything (fixture, 10050);
}

static void
test_equal_times (Fixture       *fixture,
                  gconstpointer  data)
{
  /* A bulk import: more records share one modified time than fit a page */
  fc_sim_set_clock_frozen (fixture->sim, TRUE);
  seed (fixture, "contacts", 650);
  fc_sim_set_clock_frozen (fixture->sim, FALSE);
  fc_sim_advance_clock (fixture->sim, 1000);
  seed (fixture, "contacts", 30);
  assert_lists_everything (fixture, 680);
}

static void
test_batches_same_time (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GHashTable) ids = NULL;
  guint pages = 0;

  /* Three batches written in one millisecond: a page of 200 all at one modified value, which
   * the next query leaves out (two NOT_IN filters) instead of walking the value by id */
  fc_sim_set_clock_frozen (fixture->sim, TRUE);
  seed (fixture, "contacts", 300);
  fc_sim_set_clock_frozen (fixture->sim, FALSE);
  fc_sim_advance_clock (fixture->sim, 1000);
  seed (fixture, "contacts", 30);

  fc_sim_reset_counters (fixture->sim);
  records = fc_test_list_all (fixture->connector, "contacts", NULL, &pages, NULL);
  ids = fc_test_unique_ids (records);
  g_assert_cmpuint (g_hash_table_size (ids), ==, 330);
  g_assert_cmpuint (records->len, ==, 330);
  g_assert_cmpuint (pages, ==, 2);
  g_assert_cmpuint (fc_sim_get_count (fixture->sim, "hubspot", "POST", NULL, 200), ==, 2);
  g_assert_cmpuint (fc_sim_get_count (fixture->sim, "hubspot", "POST", NULL, 400), ==, 0);
}

/* ---- reading and finding --------------------------------------------------------------- */

static FcRecord *
first_listed (Fixture            *fixture,
              const char * const *fields)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (FcRecordPage) page = NULL;
  g_autoptr (GError) error = NULL;
  GPtrArray *records;

  fc_connector_list_changed_async (fixture->connector, "contacts", NULL, NULL, fields, NULL,
                                   fc_test_on_ready_cb, &result);
  page = fc_connector_list_changed_finish (fixture->connector, fc_test_wait_for (&result),
                                           &error);
  g_assert_no_error (error);
  records = fc_record_page_get_records (page);
  g_assert_cmpuint (records->len, ==, 1);
  return g_object_ref (g_ptr_array_index (records, 0));
}

/* Each listing, read and find asks only for the properties its caller gives (and the id and
 * modified properties, and a find's property): HubSpot answers with the properties asked for,
 * and without needing the catalogue for them. NULL asks for every property of the catalogue.
 * Calls with different fields overlap on the one connector without mixing. */
static void
test_wanted_fields (Fixture       *fixture,
                    gconstpointer  data)
{
  const char * const all[] = { "email", "firstname", "lastname", "phone", "company", "jobtitle",
                               NULL };
  const char * const email_first[] = { "email", "firstname", NULL };
  const char * const phone[] = { "phone", NULL };
  g_autofree char *id = seed_json (fixture, "contacts", "{\"properties\":{\"email\":"
                                   "\"ada@example.com\",\"firstname\":\"Ada\","
                                   "\"lastname\":\"Lovelace\",\"phone\":\"+442079460000\","
                                   "\"company\":\"Analytical Engines\","
                                   "\"jobtitle\":\"Analyst\"}}");
  const char * const ids[] = { id, NULL };
  g_autoptr (FcRecord) listed = NULL;
  g_autoptr (FcRecord) everything = NULL;
  g_autoptr (GPtrArray) read = NULL;
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GAsyncResult) read_result = NULL;
  g_autoptr (GAsyncResult) found_result = NULL;
  g_autoptr (GError) error = NULL;

  fc_sim_reset_counters (fixture->sim);
  listed = first_listed (fixture, email_first);
  fc_test_assert_fields (listed, all, email_first);
  g_assert_cmpstr (fc_record_get_string (listed, "firstname"), ==, "Ada");
  g_assert_true (fc_record_has_field (listed, "hs_object_id"));
  g_assert_true (fc_record_has_field (listed, "lastmodifieddate"));
  g_assert_cmpint (fc_record_get_modified_ms (listed), >, 0);

  /* Reading by id and finding, with fields: still no catalogue asked for */
  fc_connector_read_records_async (fixture->connector, "contacts", ids, phone, NULL,
                                   fc_test_on_ready_cb, &read_result);
  read = fc_connector_read_records_finish (fixture->connector, fc_test_wait_for (&read_result),
                                           &error);
  g_assert_no_error (error);
  g_assert_cmpuint (read->len, ==, 1);
  fc_test_assert_fields (g_ptr_array_index (read, 0), all, phone);

  /* A find reads the property it looks up too, to check the match */
  fc_connector_find_records_async (fixture->connector, "contacts", "email", "ada@example.com",
                                   phone, NULL, fc_test_on_ready_cb, &found_result);
  found = fc_connector_find_records_finish (fixture->connector, fc_test_wait_for (&found_result),
                                            &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  fc_test_assert_fields (g_ptr_array_index (found, 0), all,
                 (const char * const []) { "email", "phone", NULL });
  g_assert_cmpuint (fc_sim_get_count (fixture->sim, "hubspot", "GET", NULL, 0), ==, 0);

  /* Every property: the catalogue says which */
  everything = first_listed (fixture, NULL);
  fc_test_assert_fields (everything, all, all);
  g_assert_cmpuint (fc_sim_get_count (fixture->sim, "hubspot", "GET", NULL, 0), ==, 1);

  /* Two listings in flight at once, one narrow and one whole */
  fc_test_assert_overlapping_listings (fixture->connector, "contacts", all, phone);
}

static void
test_read_find (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *a = seed_json (fixture, "contacts", "{\"properties\":{\"email\":"
                                  "\"ada@example.com\",\"firstname\":\"Ada\"}}");
  g_autofree char *b = seed_json (fixture, "contacts", "{\"properties\":{\"email\":"
                                  "\"grace@example.com\",\"firstname\":\"Grace\"}}");
  const char *ids[] = { b, "999999", a, NULL };
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;

  records = fc_test_read_records (fixture->connector, "contacts", ids, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 2);
  g_assert_cmpstr (fc_record_get_id (g_ptr_array_index (records, 0)), ==, b);
  g_assert_cmpstr (fc_record_get_string (g_ptr_array_index (records, 0), "firstname"), ==,
                   "Grace");
  g_assert_cmpstr (fc_record_get_id (g_ptr_array_index (records, 1)), ==, a);
  g_assert_cmpstr (fc_record_get_object_type (g_ptr_array_index (records, 1)), ==, "contacts");
  g_assert_cmpint (fc_record_get_modified_ms (g_ptr_array_index (records, 1)), >, 0);

  fc_connector_find_records_async (fixture->connector, "contacts", "email", "ada@example.com",
                                   NULL, NULL, fc_test_on_ready_cb, &result);
  found = fc_connector_find_records_finish (fixture->connector, fc_test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (fc_record_get_id (g_ptr_array_index (found, 0)), ==, a);
}

/* ---- writing --------------------------------------------------------------------------- */

static void
test_batch_create_partial (Fixture       *fixture,
                           gconstpointer  data)
{
  G_GNUC_UNUSED g_autofree char *existing =
      seed_json (fixture, "contacts", "{\"properties\":{\"email\":\"taken@example.com\"}}");
  g_autoptr (GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) results = NULL;
  g_autoptr (GError) error = NULL;

  g_ptr_array_add (records, new_contact ("one@example.com", "One"));
  g_ptr_array_add (records, new_contact ("two@example.com", "Two"));
  g_ptr_array_add (records, new_contact ("taken@example.com", "Dup"));
  g_ptr_array_add (records, new_contact ("four@example.com", "Four"));

  fc_sim_reset_counters (fixture->sim);
  results = fc_test_write_records (fixture->connector, "create", "contacts", records, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 4);
  g_assert_cmpuint (fc_sim_get_count (fixture->sim, "hubspot", "POST", NULL, 207), ==, 1);

  for (guint i = 0; i < 4; i++)
    {
      FcWriteResult *result = g_ptr_array_index (results, i);

      g_assert_cmpuint (fc_write_result_get_index (result), ==, i);
      if (i == 2)
        {
          g_assert_false (fc_write_result_get_success (result));
          g_assert_error (fc_write_result_get_error (result), FC_CONNECTOR_ERROR,
                          FC_CONNECTOR_ERROR_CONFLICT);
          g_assert_cmpstr (fc_write_result_get_provider_code (result), ==, "CONFLICT");
          continue;
        }
      g_assert_true (fc_write_result_get_success (result));
      g_assert_nonnull (fc_write_result_get_id (result));
      g_assert_cmpstr (fc_record_get_string (fc_write_result_get_record (result), "email"), ==,
                       fc_record_get_string (g_ptr_array_index (records, i), "email"));
    }
  g_assert_cmpuint (fc_sim_count_records (fixture->sim, "hubspot", "contacts", FALSE), ==, 4);
}

static void
test_batch_create_invalid (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr (GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) results = NULL;
  g_autoptr (GError) error = NULL;

  /* One record names a property the portal does not have: HubSpot refuses the whole batch */
  for (guint i = 0; i < 8; i++)
    {
      g_autofree char *email = g_strdup_printf ("person%u@example.com", i);
      FcRecord *record = new_contact (email, "Person");

      if (i == 5)
        fc_record_set_string (record, "no_such_property", "x");
      g_ptr_array_add (records, record);
    }

  results = fc_test_write_records (fixture->connector, "create", "contacts", records, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 8; i++)
    {
      FcWriteResult *result = g_ptr_array_index (results, i);

      g_assert_cmpuint (fc_write_result_get_index (result), ==, i);
      g_assert_true (fc_write_result_get_success (result) == (i != 5));
    }
  g_assert_error (fc_write_result_get_error (g_ptr_array_index (results, 5)),
                  FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_VALIDATION);
  g_assert_nonnull (strstr (fc_write_result_get_error (g_ptr_array_index (results, 5))->message,
                            "no_such_property"));
  g_assert_cmpuint (fc_sim_count_records (fixture->sim, "hubspot", "contacts", FALSE), ==, 7);
}

static void
test_batch_update_partial (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *a = seed_json (fixture, "contacts", "{\"properties\":{\"email\":"
                                  "\"a@example.com\"}}");
  g_autofree char *b = seed_json (fixture, "contacts", "{\"properties\":{\"email\":"
                                  "\"b@example.com\"}}");
  const char *ids[] = { a, "424242", b };
  g_autoptr (GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) results = NULL;
  g_autoptr (GPtrArray) read = NULL;
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      FcRecord *record = fc_record_new ("contacts", ids[i]);

      fc_record_set_string (record, "jobtitle", "Pilot");
      fc_record_set_string (record, "lastmodifieddate", "2001-01-01T00:00:00Z"); /* read-only */
      g_ptr_array_add (records, record);
    }

  results = fc_test_write_records (fixture->connector, "update", "contacts", records, &error);
  g_assert_no_error (error);
  g_assert_true (fc_write_result_get_success (g_ptr_array_index (results, 0)));
  g_assert_false (fc_write_result_get_success (g_ptr_array_index (results, 1)));
  g_assert_error (fc_write_result_get_error (g_ptr_array_index (results, 1)),
                  FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_NOT_FOUND);
  g_assert_cmpstr (fc_write_result_get_provider_code (g_ptr_array_index (results, 1)), ==,
                   "OBJECT_NOT_FOUND");
  g_assert_true (fc_write_result_get_success (g_ptr_array_index (results, 2)));

  read = fc_test_read_records (fixture->connector, "contacts", (const char *[]) { a, b, NULL }, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < read->len; i++)
    g_assert_cmpstr (fc_record_get_string (g_ptr_array_index (read, i), "jobtitle"), ==,
                     "Pilot");
}

static void
test_upsert_archive (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *a = seed_json (fixture, "contacts", "{\"properties\":{\"email\":"
                                  "\"kept@example.com\",\"firstname\":\"Old\"}}");
  g_autoptr (GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) results = NULL;
  g_autoptr (GPtrArray) deleted = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  const char *ids[] = { a, NULL };

  g_ptr_array_add (records, new_contact ("kept@example.com", "New"));
  g_ptr_array_add (records, new_contact ("fresh@example.com", "Fresh"));
  results = fc_test_write_records (fixture->connector, "email", "contacts", records, &error);
  g_assert_no_error (error);
  g_assert_true (fc_write_result_get_success (g_ptr_array_index (results, 0)));
  g_assert_false (fc_write_result_get_created (g_ptr_array_index (results, 0)));
  g_assert_cmpstr (fc_write_result_get_id (g_ptr_array_index (results, 0)), ==, a);
  g_assert_true (fc_write_result_get_success (g_ptr_array_index (results, 1)));
  g_assert_true (fc_write_result_get_created (g_ptr_array_index (results, 1)));
  g_assert_cmpuint (fc_sim_count_records (fixture->sim, "hubspot", "contacts", FALSE), ==, 2);

  fc_connector_delete_records_async (fixture->connector, "contacts", ids, NULL, fc_test_on_ready_cb,
                                     &result);
  deleted = fc_connector_write_finish (fixture->connector, fc_test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (deleted->len, ==, 1);
  g_assert_true (fc_write_result_get_success (g_ptr_array_index (deleted, 0)));
  g_assert_cmpuint (fc_sim_count_records (fixture->sim, "hubspot", "contacts", FALSE), ==, 1);
}

/* ---- failures -------------------------------------------------------------------------- */

static GPtrArray *
read_one (Fixture     *fixture,
          const char  *id,
          GError     **error)
{
  const char *ids[] = { id, NULL };

  return fc_test_read_records (fixture->connector, "contacts", ids, error);
}

static void
test_rate_limited (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *a = seed_json (fixture, "contacts", "{\"properties\":{\"email\":"
                                  "\"a@example.com\"}}");
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GError) error = NULL;
  FcHttp *http = fc_connector_get_http (fixture->connector);
  guint sent_before;
  gint64 start;

  /* Load the catalogue first so that only the read meets the storm */
  g_clear_pointer (&records, g_ptr_array_unref);
  records = read_one (fixture, a, &error);
  g_assert_no_error (error);

  set_faults (fixture, "{\"throttle_next\":2,\"retry_after_s\":1}");
  fc_sim_reset_counters (fixture->sim);
  sent_before = fc_http_get_n_sent (http);
  start = g_get_monotonic_time ();
  g_clear_pointer (&records, g_ptr_array_unref);
  records = read_one (fixture, a, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1);

  /* Two waits of Retry-After (1 s each), three tries */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 2 * G_TIME_SPAN_SECOND);
  g_assert_cmpuint (fc_http_get_n_sent (http) - sent_before, ==, 3);
  g_assert_cmpuint (fc_sim_get_count (fixture->sim, "hubspot", NULL, NULL, 429), ==, 2);
}

static void
test_rate_limited_bounded (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GError) error = NULL;
  FcHttp *http = fc_connector_get_http (fixture->connector);
  guint sent_before;

  records = read_one (fixture, "1", &error);
  g_assert_no_error (error);
  g_clear_pointer (&records, g_ptr_array_unref);

  fc_http_set_rate_limit_policy (http, 2, 60000);
  set_faults (fixture, "{\"throttle_next\":50,\"retry_after_s\":1}");
  sent_before = fc_http_get_n_sent (http);
  records = read_one (fixture, "1", &error);
  g_assert_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_RATE_LIMITED);
  g_assert_null (records);
  g_assert_cmpuint (fc_http_get_n_sent (http) - sent_before, ==, 3);
  g_assert_nonnull (strstr (error->message, "ten_secondly_rolling"));
  g_clear_error (&error);

  /* A wait longer than allowed (a daily limit) is not waited out */
  fc_sim_clear_faults (fixture->sim, "hubspot");
  fc_http_set_rate_limit_policy (http, 6, 500);
  set_faults (fixture, "{\"throttle_next\":5,\"retry_after_s\":3600}");
  sent_before = fc_http_get_n_sent (http);
  records = read_one (fixture, "1", &error);
  g_assert_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_RATE_LIMITED);
  g_assert_cmpuint (fc_http_get_n_sent (http) - sent_before, ==, 1);
  g_assert_nonnull (strstr (error->message, "3600"));
}

static void
test_server_errors (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *a = seed_json (fixture, "contacts", "{\"properties\":{\"email\":"
                                  "\"a@example.com\"}}");
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GError) error = NULL;
  FcHttp *http = fc_connector_get_http (fixture->connector);
  guint sent_before;

  records = read_one (fixture, a, &error);
  g_assert_no_error (error);
  g_clear_pointer (&records, g_ptr_array_unref);

  /* Transient: two failures, then the answer */
  set_faults (fixture, "{\"error_next\":2,\"error_statuses\":[503]}");
  sent_before = fc_http_get_n_sent (http);
  records = read_one (fixture, a, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1);
  g_assert_cmpuint (fc_http_get_n_sent (http) - sent_before, ==, 3);
  g_clear_pointer (&records, g_ptr_array_unref);

  /* Persistent: SERVER after the allowed tries, with HubSpot's own message */
  set_faults (fixture, "{\"error_rate\":1.0,\"error_statuses\":[500]}");
  sent_before = fc_http_get_n_sent (http);
  records = read_one (fixture, a, &error);
  g_assert_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_SERVER);
  g_assert_null (records);
  g_assert_cmpuint (fc_http_get_n_sent (http) - sent_before, ==, 4);
  g_assert_nonnull (strstr (error->message, "injected fault"));
  g_assert_nonnull (strstr (error->message, "HTTP 500"));
  g_assert_null (strstr (error->message, TOKEN));
}

static void
test_timeout_dropped (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *a = seed_json (fixture, "contacts", "{\"properties\":{\"email\":"
                                  "\"a@example.com\"}}");
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GError) error = NULL;
  FcHttp *http = fc_connector_get_http (fixture->connector);
  guint sent_before;
  gint64 start;

  records = read_one (fixture, a, &error);
  g_assert_no_error (error);
  g_clear_pointer (&records, g_ptr_array_unref);

  /* A connection closed without an answer is tried again */
  set_faults (fixture, "{\"drop_next\":1}");
  sent_before = fc_http_get_n_sent (http);
  records = read_one (fixture, a, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1);
  g_assert_cmpuint (fc_http_get_n_sent (http) - sent_before, ==, 2);
  g_clear_pointer (&records, g_ptr_array_unref);

  /* An answer slower than the timeout: NETWORK after the tries, saying so */
  fc_http_set_timeout (http, 1);
  fc_http_set_retry_policy (http, 2, 10, 10);
  set_faults (fixture, "{\"latency_ms\":2500}");
  start = g_get_monotonic_time ();
  records = read_one (fixture, a, &error);
  g_assert_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_NETWORK);
  g_assert_null (records);
  g_assert_nonnull (strstr (error->message, "did not answer within 1 seconds"));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2500 * G_TIME_SPAN_MILLISECOND * 2);
}

static void
test_malformed (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (FcRecordPage) page = NULL;
  g_autoptr (GError) error = NULL;

  seed (fixture, "contacts", 5);
  records = read_one (fixture, "1", &error);
  g_assert_no_error (error);

  set_faults (fixture, "{\"malformed_next\":1}");
  page = fc_test_list_page (fixture->connector, "contacts", NULL, NULL, &error);
  g_assert_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_BAD_RESPONSE);
  g_assert_null (page);
  g_clear_error (&error);

  /* The next answer is whole again */
  page = fc_test_list_page (fixture->connector, "contacts", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fc_record_page_get_records (page)->len, ==, 5);
}

static void
test_unreachable (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr (FcConnection) connection = fc_connection_new (FC_PROVIDER_HUBSPOT);
  g_autoptr (FcConnector) connector = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GListModel) fields = NULL;
  g_autoptr (GError) error = NULL;

  /* Port 1 on loopback: nothing listens there */
  fc_connection_set_api_base_url (connection, "http://127.0.0.1:1");
  fc_test_store_static_token (fixture->auth, connection, TOKEN);
  connector = fc_connector_new (connection, fixture->auth, &error);
  g_assert_no_error (error);
  fc_http_set_retry_policy (fc_connector_get_http (connector), 3, 10, 50);

  fc_connector_list_fields_async (connector, "contacts", NULL, fc_test_on_ready_cb, &result);
  fields = fc_connector_list_fields_finish (connector, fc_test_wait_for (&result), &error);
  g_assert_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_NETWORK);
  g_assert_null (fields);
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));
  g_assert_nonnull (strstr (error->message, "3 tries"));
  g_assert_cmpuint (fc_http_get_n_sent (fc_connector_get_http (connector)), ==, 3);
}

static void
test_auth_refused (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (fc_sim_revoke_token (fixture->sim, TOKEN));
  records = read_one (fixture, "1", &error);
  g_assert_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_AUTH);
  g_assert_null (records);
  g_assert_null (strstr (error->message, TOKEN));
}

static void
discover (FcConnector  *connector,
          char        **name,
          char        **id,
          GError      **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  fc_connector_discover_account_async (connector, NULL, fc_test_on_ready_cb, &result);
  fc_connector_discover_account_finish (connector, fc_test_wait_for (&result), name, id, error);
}

static void
test_account_private_app (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *id = NULL;

  /* A private app token has no token information: the account details name the portal */
  discover (fixture->connector, &name, &id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (id, ==, "62515");
  g_assert_nonnull (name);
  g_assert_cmpstr (name, !=, "");
}

/* A connection signed in through the simulator's OAuth flow; @out_access gets the token. */
static FcConnection *
sign_in (Fixture  *fixture,
         char    **out_access)
{
  g_autoptr (FcToken) token = NULL;
  FcConnection *connection = fc_test_sign_in_oauth (fixture->sim, fixture->auth,
                                                    FC_PROVIDER_HUBSPOT, &token);

  if (out_access != NULL)
    *out_access = g_strdup (fc_token_get_access_token (token));
  return connection;
}

static void
test_account_oauth (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr (FcConnection) connection = sign_in (fixture, NULL);
  g_autoptr (FcConnector) connector = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *id = NULL;

  /* The token information names the hub; the token itself is in the path, never in logs */
  connector = fc_connector_new (connection, fixture->auth, &error);
  g_assert_no_error (error);
  discover (connector, &name, &id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (id, ==, "62515");
  g_assert_cmpstr (name, ==, "fluxcascade-sim.hubspot.com");
  g_assert_cmpuint (fc_sim_get_count (fixture->sim, "hubspot", "GET",
                                      "/oauth/v1/access-tokens/{token}", 200), ==, 1);
}

static void
test_oauth_refresh_on_401 (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *access = NULL;
  g_autoptr (FcConnection) connection = sign_in (fixture, &access);
  g_autoptr (FcConnector) connector = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GListModel) fields = NULL;
  g_autoptr (GError) error = NULL;

  /* The provider drops the token before its announced expiry: one 401, a forced refresh, and
   * the request goes through with the new token */
  g_assert_true (fc_sim_expire_token (fixture->sim, access));
  connector = fc_connector_new (connection, fixture->auth, &error);
  g_assert_no_error (error);
  fc_sim_reset_counters (fixture->sim);
  fc_connector_list_fields_async (connector, "deals", NULL, fc_test_on_ready_cb, &result);
  fields = fc_connector_list_fields_finish (connector, fc_test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (fields), >, 0);
  g_assert_cmpuint (fc_http_get_n_sent (fc_connector_get_http (connector)), ==, 2);
  g_assert_cmpuint (fc_sim_get_count (fixture->sim, "hubspot", "GET", NULL, 401), ==, 1);
  g_assert_cmpuint (fc_sim_get_count (fixture->sim, "hubspot", "POST", "/oauth/v1/token", 200),
                    ==, 1);
}

/* ---- webhooks -------------------------------------------------------------------------- */

#define VECTOR_SECRET "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy"
#define VECTOR_URI "https://www.example.com/webhook_uri"
#define VECTOR_BODY "[{\"eventId\":1,\"subscriptionId\":12345,\"portalId\":62515," \
  "\"occurredAt\":1564113600000,\"subscriptionType\":\"contact.creation\",\"attemptNumber\":0," \
  "\"objectId\":123,\"changeSource\":\"CRM\",\"changeFlag\":\"NEW\",\"appId\":54321}]"
#define VECTOR_TIMESTAMP "1564113600000"
#define VECTOR_NOW_MS G_GINT64_CONSTANT (1564113660000)

typedef struct
{
  const char *version;
  const char *method;
  const char *body;
  const char *signature;
} SignatureVector;

static const SignatureVector vectors[] = {
  { "v1", "POST", VECTOR_BODY,
    "232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de" },
  { "v2", "GET", "", "eee2dddcc73c94d699f5e395f4b9d454a069a6855fbfa152e91e88823087200e" },
  { "v2", "POST", "{\"example_field\":\"example_value\"}",
    "9569219f8ba981ffa6f6f16aa0f48637d35d728c7e4d93d0d52efaa512af7900" },
  { "v3", "POST", VECTOR_BODY, "DxmVAjFNa2xfF3YgQjdZP6TNcok9k1oaH7UXombPtvw=" },
};

static SoupMessageHeaders *
signed_headers (const SignatureVector *vector,
                const char            *timestamp)
{
  SoupMessageHeaders *headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);

  if (g_str_equal (vector->version, "v3"))
    {
      soup_message_headers_replace (headers, "X-HubSpot-Signature-v3", vector->signature);
      soup_message_headers_replace (headers, "X-HubSpot-Request-Timestamp", timestamp);
    }
  else
    {
      soup_message_headers_replace (headers, "X-HubSpot-Signature", vector->signature);
      soup_message_headers_replace (headers, "X-HubSpot-Signature-Version", vector->version);
    }
  return headers;
}

static void
test_webhook_vector (gconstpointer data)
{
  const SignatureVector *vector = data;
  g_autoptr (GBytes) body = g_bytes_new_static (vector->body, strlen (vector->body));
  g_autoptr (SoupMessageHeaders) headers = signed_headers (vector, VECTOR_TIMESTAMP);
  g_autofree char *computed = NULL;
  g_autoptr (GError) error = NULL;

  if (g_str_equal (vector->version, "v1"))
    computed = fc_hubspot_signature_v1 (VECTOR_SECRET, body);
  else if (g_str_equal (vector->version, "v2"))
    computed = fc_hubspot_signature_v2 (VECTOR_SECRET, vector->method, VECTOR_URI, body);
  else
    computed = fc_hubspot_signature_v3 (VECTOR_SECRET, vector->method, VECTOR_URI, body,
                                        VECTOR_TIMESTAMP);
  g_assert_cmpstr (computed, ==, vector->signature);

  g_assert_true (fc_hubspot_verify_webhook (VECTOR_SECRET, vector->method, VECTOR_URI, headers,
                                            body, VECTOR_NOW_MS, &error));
  g_assert_no_error (error);

  /* Another secret fails the same delivery */
  g_assert_false (fc_hubspot_verify_webhook ("zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz",
                                             vector->method, VECTOR_URI, headers, body,
                                             VECTOR_NOW_MS, &error));
  g_assert_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_SIGNATURE);
}

typedef struct
{
  const char *name;
  const char *header;       /* replaced or, when value is NULL, removed */
  const char *value;
  gint64      now_ms;
  const char *body;
  const char *uri;
  const char *message_part; /* what the error says */
} Rejection;

static const Rejection rejections[] = {
  { "forged", "X-HubSpot-Signature-v3", "DxmVAjFNa2xfF3YgQjdZP6TNcok9k1oaH7UXombPtvx=",
    VECTOR_NOW_MS, VECTOR_BODY, VECTOR_URI, "does not match" },
  { "stale", NULL, NULL, G_GINT64_CONSTANT (1564113600000) + 301000, VECTOR_BODY, VECTOR_URI,
    "five minutes" },
  { "future", NULL, NULL, G_GINT64_CONSTANT (1564113600000) - 301000, VECTOR_BODY, VECTOR_URI,
    "five minutes" },
  { "tampered-body", NULL, NULL, VECTOR_NOW_MS,
    "[{\"eventId\":2,\"subscriptionId\":12345,\"objectId\":124}]", VECTOR_URI, "does not match" },
  { "other-url", NULL, NULL, VECTOR_NOW_MS, VECTOR_BODY, "https://evil.example.com/webhook_uri",
    "does not match" },
  { "no-timestamp", "X-HubSpot-Request-Timestamp", NULL, VECTOR_NOW_MS, VECTOR_BODY, VECTOR_URI,
    "X-HubSpot-Request-Timestamp" },
  { "no-signature", "X-HubSpot-Signature-v3", NULL, VECTOR_NOW_MS, VECTOR_BODY, VECTOR_URI,
    "no HubSpot signature" },
};

static void
test_webhook_rejected (gconstpointer data)
{
  const Rejection *rejection = data;
  g_autoptr (GBytes) body = g_bytes_new_static (rejection->body, strlen (rejection->body));
  g_autoptr (SoupMessageHeaders) headers = signed_headers (&vectors[3], VECTOR_TIMESTAMP);
  g_autoptr (GError) error = NULL;

  if (rejection->header != NULL && rejection->value != NULL)
    soup_message_headers_replace (headers, rejection->header, rejection->value);
  else if (rejection->header != NULL)
    soup_message_headers_remove (headers, rejection->header);

  g_assert_false (fc_hubspot_verify_webhook (VECTOR_SECRET, "POST", rejection->uri, headers, body,
                                             rejection->now_ms, &error));
  g_assert_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_SIGNATURE);
  g_assert_nonnull (strstr (error->message, rejection->message_part));
}

static void
test_webhook_events (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *body_text =
    "[{\"eventId\":7,\"subscriptionId\":11,\"portalId\":62515,\"occurredAt\":1767225600123,"
    "\"subscriptionType\":\"contact.propertyChange\",\"attemptNumber\":0,\"objectId\":501,"
    "\"propertyName\":\"email\",\"propertyValue\":\"x@example.com\",\"changeSource\":\"CRM\"},"
    "{\"eventId\":8,\"subscriptionId\":12,\"occurredAt\":1767225600200,"
    "\"subscriptionType\":\"company.deletion\",\"objectId\":77},"
    "{\"eventId\":9,\"subscriptionId\":13,\"occurredAt\":1767225600300,"
    "\"subscriptionType\":\"contact.merge\",\"objectId\":501,\"primaryObjectId\":501,"
    "\"mergedObjectIds\":[502,503]},"
    "{\"eventId\":10,\"subscriptionId\":14,\"occurredAt\":1767225600400,"
    "\"subscriptionType\":\"object.creation\",\"objectTypeId\":\"0-3\",\"objectId\":9001},"
    "{\"eventId\":11,\"subscriptionId\":15,\"occurredAt\":1767225600500,"
    "\"subscriptionType\":\"ticket.creation\",\"objectId\":5}]";
  g_autoptr (GBytes) body = g_bytes_new_static (body_text, strlen (body_text));
  g_autoptr (SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  g_autofree char *timestamp = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / 1000);
  g_autofree char *signature = NULL;
  g_autoptr (GPtrArray) events = NULL;
  g_autoptr (GError) error = NULL;
  const char *url = "https://hooks.example.com/hubspot?connection=con_1";
  FcWebhookEvent *event;

  signature = fc_sim_hubspot_sign_v3 ("app-secret", "POST", url, body_text, -1, timestamp);
  soup_message_headers_replace (headers, "X-HubSpot-Signature-v3", signature);
  soup_message_headers_replace (headers, "X-HubSpot-Request-Timestamp", timestamp);

  events = fc_connector_parse_webhook (fixture->connector, "POST", url, headers, body,
                                       "app-secret", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 4); /* the ticket is not synced */

  event = g_ptr_array_index (events, 0);
  g_assert_cmpint (fc_webhook_event_get_kind (event), ==, FC_WEBHOOK_EVENT_UPDATE);
  g_assert_cmpstr (fc_webhook_event_get_object_type (event), ==, "contacts");
  g_assert_cmpstr (fc_webhook_event_get_record_id (event), ==, "501");
  g_assert_cmpstr (fc_webhook_event_get_event_id (event), ==, "11:7");
  g_assert_cmpstr (fc_webhook_event_get_property (event), ==, "email");
  g_assert_cmpint (unix_usec (fc_webhook_event_get_occurred_at (event)), ==,
                   G_GINT64_CONSTANT (1767225600123000));

  event = g_ptr_array_index (events, 1);
  g_assert_cmpint (fc_webhook_event_get_kind (event), ==, FC_WEBHOOK_EVENT_DELETE);
  g_assert_cmpstr (fc_webhook_event_get_object_type (event), ==, "companies");

  event = g_ptr_array_index (events, 2);
  g_assert_cmpint (fc_webhook_event_get_kind (event), ==, FC_WEBHOOK_EVENT_MERGE);
  g_assert_cmpstr (fc_webhook_event_get_record_id (event), ==, "501");
  g_assert_cmpuint (g_strv_length ((char **) fc_webhook_event_get_merged_ids (event)), ==, 2);
  g_assert_cmpstr (fc_webhook_event_get_merged_ids (event)[1], ==, "503");

  event = g_ptr_array_index (events, 3);
  g_assert_cmpint (fc_webhook_event_get_kind (event), ==, FC_WEBHOOK_EVENT_CREATE);
  g_assert_cmpstr (fc_webhook_event_get_object_type (event), ==, "deals");

  /* The same delivery signed with another secret */
  g_clear_pointer (&events, g_ptr_array_unref);
  events = fc_connector_parse_webhook (fixture->connector, "POST", url, headers, body,
                                       "other-secret", &error);
  g_assert_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_SIGNATURE);
  g_assert_null (events);
}

/* The simulator's own deliveries, received by a SoupServer in the test */
typedef struct
{
  FcConnector *connector;
  char        *base;
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
  g_autofree char *url = g_strconcat (receiver->base, path, NULL);
  GPtrArray *events;

  events = fc_connector_parse_webhook (receiver->connector,
                                       soup_server_message_get_method (msg), url,
                                       soup_server_message_get_request_headers (msg), body,
                                       "sim-hubspot-client-secret", &receiver->error);
  for (guint i = 0; events != NULL && i < events->len; i++)
    g_ptr_array_add (receiver->events, fc_webhook_event_ref (g_ptr_array_index (events, i)));
  g_clear_pointer (&events, g_ptr_array_unref);
  soup_server_message_set_status (msg, receiver->error == NULL ? 204 : 401, NULL);
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
  Receiver receiver = { fixture->connector, NULL, NULL, NULL };
  gint64 deadline;

  receiver.events = g_ptr_array_new_with_free_func ((GDestroyNotify) fc_webhook_event_unref);
  soup_server_add_handler (server, "/hooks", on_webhook_cb, &receiver, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  receiver.base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  target = g_strconcat (receiver.base, "/hooks/hubspot", NULL);
  g_assert_true (fc_sim_set_webhook_target (fixture->sim, "hubspot", target, NULL, &error));
  g_assert_no_error (error);
  id = fc_sim_create (fixture->sim, "hubspot", "contacts",
                      "{\"properties\":{\"email\":\"hook@example.com\"}}", &error);
  g_assert_no_error (error);

  deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;
  while (receiver.events->len == 0 && receiver.error == NULL
         && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_assert_no_error (receiver.error);
  g_assert_cmpuint (receiver.events->len, >=, 1);
  g_assert_cmpint (fc_webhook_event_get_kind (g_ptr_array_index (receiver.events, 0)), ==,
                   FC_WEBHOOK_EVENT_CREATE);
  g_assert_cmpstr (fc_webhook_event_get_record_id (g_ptr_array_index (receiver.events, 0)), ==,
                   id);
  g_ptr_array_unref (receiver.events);
  g_free (receiver.base);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/fc/hubspot/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("object-types", test_object_types);
  ADD ("fields", test_fields);
  ADD ("fields-read-once", test_fields_read_once);
  ADD ("paging", test_paging);
  ADD ("incremental", test_incremental);
  ADD ("cap", test_cap);
  ADD ("equal-times", test_equal_times);
  ADD ("batches-same-time", test_batches_same_time);
  ADD ("read-find", test_read_find);
  ADD ("wanted-fields", test_wanted_fields);
  ADD ("batch-create-partial", test_batch_create_partial);
  ADD ("batch-create-invalid", test_batch_create_invalid);
  ADD ("batch-update-partial", test_batch_update_partial);
  ADD ("upsert-archive", test_upsert_archive);
  ADD ("rate-limited", test_rate_limited);
  ADD ("rate-limited-bounded", test_rate_limited_bounded);
  ADD ("server-errors", test_server_errors);
  ADD ("timeout-dropped", test_timeout_dropped);
  ADD ("malformed", test_malformed);
  ADD ("unreachable", test_unreachable);
  ADD ("auth-refused", test_auth_refused);
  ADD ("account/private-app", test_account_private_app);
  ADD ("account/oauth", test_account_oauth);
  ADD ("oauth-refresh-on-401", test_oauth_refresh_on_401);
  ADD ("webhook/events", test_webhook_events);
  ADD ("webhook/delivery", test_webhook_delivery);

#undef ADD

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fc/hubspot/webhook/vector/%s-%s-%u",
                                               vectors[i].version, vectors[i].method, i);

      g_test_add_data_func (path, &vectors[i], test_webhook_vector);
    }
  for (guint i = 0; i < G_N_ELEMENTS (rejections); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fc/hubspot/webhook/rejected/%s",
                                               rejections[i].name);

      g_test_add_data_func (path, &rejections[i], test_webhook_rejected);
    }

  return g_test_run ();
}
