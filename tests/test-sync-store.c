/* test-sync-store.c: the rows a sync writes (links, bases, events), held back inside a
 * transaction and written several to a statement, the intents of batches of creates, and the
 * JSON arrays of strings of bases
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Held rows keep their texts in one buffer of the store's, bound without a copy when they are
 * written: what is read back must be what was given, whatever the texts, however many rows a
 * transaction holds (several writes of the buffer) and after a rollback dropped some.
 */

#include "config.h"

#include "fc-test-util.h"

#include "fc-engine.h"
#include "fc-store-private.h"
#include "fc-sync-private.h"
#include "fc-sync-store.h"

#define RUN_ID "run_held_rows"

typedef struct
{
  char    *dir;
  FcStore *store;
  char    *mapping_id;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (FcConnection) source = NULL;
  g_autoptr (FcConnection) target = NULL;
  g_autoptr (FcMapping) mapping = fc_mapping_new ();
  g_autoptr (FcFieldPair) email = fc_field_pair_new_simple ("email", "email");

  fixture->store = fc_test_open_temp_store ("fc-test-sync-store-XXXXXX", &fixture->dir);

  /* Links, intents and events refer to a mapping and a run */
  source = fc_test_save_connection (fixture->store, FC_PROVIDER_HUBSPOT, "portal-1",
                                    "portal-1");
  target = fc_test_save_connection (fixture->store, FC_PROVIDER_PIPEDRIVE, "company-1",
                                    "company-1");
  fc_mapping_set_name (mapping, "Contacts");
  fc_mapping_set_source_connection_id (mapping, fc_connection_get_id (source));
  fc_mapping_set_source_object (mapping, "contacts");
  fc_mapping_set_target_connection_id (mapping, fc_connection_get_id (target));
  fc_mapping_set_target_object (mapping, "persons");
  fc_mapping_add_field_pair (mapping, email);
  g_assert_true (fc_store_save_mapping (fixture->store, mapping, &error));
  g_assert_no_error (error);
  fixture->mapping_id = g_strdup (fc_mapping_get_id (mapping));
  g_assert_true (fc_sync_store_insert_run (fixture->store, RUN_ID, fixture->mapping_id,
                                           FC_SYNC_TRIGGER_MANUAL, FALSE, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_object (&fixture->store);
  fc_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->mapping_id);
}

/* ---- JSON arrays of strings ------------------------------------------------------------- */

typedef struct {
  const char *name;
  const char *json;
  gboolean    valid;
  const char *values[4];   /* NULL-terminated, when valid */
} StrvCase;

static const StrvCase strv_cases[] = {
  { "empty", "[]", TRUE, { NULL } },
  { "one", "[\"a\"]", TRUE, { "a", NULL } },
  { "spaces", " [ \"a\" ,\n\"b\" ] ", TRUE, { "a", "b", NULL } },
  { "empty-strings", "[\"\",\"\",\"\"]", TRUE, { "", "", "", NULL } },
  { "escapes", "[\"say \\\"hi\\\"\",\"back\\\\slash\",\"tab\\there\"]", TRUE,
    { "say \"hi\"", "back\\slash", "tab\there", NULL } },
  { "only-quotes", "[\"\\\"\\\"\\\"\\\"\"]", TRUE, { "\"\"\"\"", NULL } },
  { "unicode", "[\"caf\\u00e9\",\"\\ud83d\\ude00\",\"\xc3\xa9t\xc3\xa9\"]", TRUE,
    { "caf\xc3\xa9", "\xf0\x9f\x98\x80", "\xc3\xa9t\xc3\xa9", NULL } },
  { "control", "[\"a\\u0001b\\nc\\u001f\",\"\\r\\f\\b\"]", TRUE,
    { "a\001b\nc\037", "\r\f\b", NULL } },
  { "number", "[1]", FALSE, { NULL } },
  { "mixed", "[\"a\",null]", FALSE, { NULL } },
  { "trailing-comma", "[\"a\",]", FALSE, { NULL } },
  { "unclosed", "[\"a\"", FALSE, { NULL } },
  { "text-after", "[\"a\"] \"b\"", FALSE, { NULL } },
  { "object", "{\"a\":\"b\"}", FALSE, { NULL } },
};

static void
test_strv_json (gconstpointer data)
{
  const StrvCase *strv_case = data;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) values = _fc_store_strv_from_json (strv_case->json, &error);
  g_autofree char *json = NULL;
  g_auto (GStrv) again = NULL;

  if (!strv_case->valid)
    {
      g_assert_error (error, FC_STORE_ERROR, FC_STORE_ERROR_CORRUPT);
      g_assert_null (values);
      return;
    }

  g_assert_no_error (error);
  g_assert_nonnull (values);
  g_assert_true (g_strv_equal ((const char * const *) values, strv_case->values));

  /* What is written reads back the same */
  json = _fc_store_strv_to_json ((const char * const *) values);
  again = _fc_store_strv_from_json (json, &error);
  g_assert_no_error (error);
  g_assert_true (g_strv_equal ((const char * const *) again, strv_case->values));
}

/* Written as json-glib's generator writes them, and read back by its parser, whatever the
 * bytes; except that the generator (1.6) leaves 0x1f unescaped and escapes 0x7f, both of
 * which it reads back the same either way. */
static void
test_strv_json_as_generator (void)
{
  g_autoptr (GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *json = NULL;
  JsonArray *array;

  for (guint c = 1; c < 128; c++)
    {
      g_autoptr (JsonArray) one = json_array_new ();
      g_autoptr (JsonNode) root = json_node_new (JSON_NODE_ARRAY);
      char *value = g_strdup_printf ("%c x%c\xc3\xa9", (char) c, (char) c);
      const char * const single[] = { value, NULL };
      g_autofree char *expected = NULL;
      g_autofree char *written = NULL;

      g_ptr_array_add (values, value);
      json_array_add_string_element (one, value);
      json_node_take_array (root, g_steal_pointer (&one));
      expected = json_to_string (root, FALSE);
      written = _fc_store_strv_to_json (single);
      if (c != 0x1f && c != 0x7f)
        g_assert_cmpstr (written, ==, expected);
    }
  g_ptr_array_add (values, NULL);

  json = _fc_store_strv_to_json ((const char * const *) values->pdata);
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, values->len - 1);
  for (guint i = 0; i < json_array_get_length (array); i++)
    g_assert_cmpstr (json_array_get_string_element (array, i), ==,
                     g_ptr_array_index (values, i));
}

/* More values than a vector is usually made for, some of them quotes and escapes */
static void
test_strv_json_many (void)
{
  g_autoptr (GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  g_auto (GStrv) read = NULL;
  g_autofree char *json = NULL;
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < 300; i++)
    g_ptr_array_add (values, i % 3 == 0 ? g_strdup_printf ("\"%u\"", i)
                             : i % 3 == 1 ? g_strdup_printf ("v%u\\\n", i) : g_strdup (""));
  g_ptr_array_add (values, NULL);
  json = _fc_store_strv_to_json ((const char * const *) values->pdata);
  read = _fc_store_strv_from_json (json, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (read), ==, 300);
  g_assert_true (g_strv_equal ((const char * const *) read,
                               (const char * const *) values->pdata));
}

/* ---- held rows -------------------------------------------------------------------------- */

/* The texts of row @i: every kind a row may hold (empty, quotes, backslashes, control
 * characters, UTF-8, long), different from row to row */
static char *
record_id (guint i)
{
  return g_strdup_printf ("%s-%u", i % 4 == 0 ? "r\xc3\xa9" : i % 4 == 1 ? "\"q\"" : "r", i);
}

static GStrv
base_values (guint    i,
             gboolean source)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *long_text = g_strnfill (200 + i % 50, 'x');
  g_autofree char *numbered = g_strdup_printf ("%s %u \xe2\x82\xac", source ? "s" : "t", i);

  g_strv_builder_add (builder, i % 5 == 0 ? "" : source ? "Ann \"A\" \\ Smith" : "Ann\tSmith");
  if (i % 2 == 0)
    g_strv_builder_add (builder, long_text);
  g_strv_builder_add (builder, numbered);
  return g_strv_builder_end (builder);
}

static gint64
query_int (FcStore    *store,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (_fc_store_get_db (store), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* Adds row @i: a link of its records, its base and an event */
static gint64
add_rows (Fixture *fixture,
          guint    i)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *source_id = record_id (i);
  g_autofree char *target_id = g_strdup_printf ("p%u", i);
  g_autofree char *match_key = g_strdup_printf ("user%u@example.com", i);
  g_autofree char *message = g_strdup_printf ("Created \"%s\"", source_id);
  g_auto (GStrv) source = base_values (i, TRUE);
  g_auto (GStrv) target = base_values (i, FALSE);
  gint64 link_id = 0;

  g_assert_true (fc_sync_store_insert_link (fixture->store, fixture->mapping_id, source_id,
                                            target_id, i % 3 == 0 ? NULL : match_key, &link_id,
                                            &error));
  g_assert_no_error (error);
  g_assert_true (fc_sync_store_add_base (fixture->store, link_id, "email\xe2\x86\x92" "email",
                                         (const char * const *) source,
                                         (const char * const *) target, &error));
  g_assert_no_error (error);
  g_assert_true (fc_sync_store_add_event (fixture->store, RUN_ID, "record.created",
                                          i % 2 == 0 ? FC_SYNC_SIDE_SOURCE : -1, source_id,
                                          target_id, i % 7 == 0 ? NULL : message, NULL, &error));
  g_assert_no_error (error);
  return link_id;
}

/* Row @i as add_rows () wrote it, read back from the tables */
static void
check_rows (Fixture *fixture,
            guint    i,
            gint64   link_id)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *source_id = record_id (i);
  g_autofree char *target_id = g_strdup_printf ("p%u", i);
  g_autofree char *other_id = NULL;
  g_auto (GStrv) source = base_values (i, TRUE);
  g_auto (GStrv) target = base_values (i, FALSE);
  g_auto (GStrv) read_source = NULL;
  g_auto (GStrv) read_target = NULL;
  gint64 found_id = 0;

  g_assert_true (fc_sync_store_find_link (fixture->store, fixture->mapping_id,
                                          FC_SYNC_SIDE_SOURCE, source_id, &found_id, &other_id,
                                          &error));
  g_assert_no_error (error);
  g_assert_cmpint (found_id, ==, link_id);
  g_assert_cmpstr (other_id, ==, target_id);
  g_assert_true (fc_sync_store_get_base (fixture->store, link_id, "email\xe2\x86\x92" "email",
                                         &read_source, &read_target, &error));
  g_assert_no_error (error);
  g_assert_true (g_strv_equal ((const char * const *) read_source,
                               (const char * const *) source));
  g_assert_true (g_strv_equal ((const char * const *) read_target,
                               (const char * const *) target));
}

static void
check_events (Fixture *fixture,
              guint    n_rows)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonArray) events = fc_sync_store_list_events (fixture->store, RUN_ID, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (events), ==, n_rows);
  for (guint i = 0; i < n_rows; i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);
      g_autofree char *source_id = record_id (i);
      g_autofree char *target_id = g_strdup_printf ("p%u", i);
      g_autofree char *message = g_strdup_printf ("Created \"%s\"", source_id);

      g_assert_cmpstr (json_object_get_string_member (event, "kind"), ==, "record.created");
      g_assert_cmpstr (json_object_get_string_member (event, "side"), ==,
                       i % 2 == 0 ? "source" : NULL);
      g_assert_cmpstr (json_object_get_string_member (event, "sourceRecordId"), ==, source_id);
      g_assert_cmpstr (json_object_get_string_member (event, "targetRecordId"), ==, target_id);
      g_assert_cmpstr (json_object_get_string_member (event, "message"), ==,
                       i % 7 == 0 ? NULL : message);
    }

}

/* More rows than a transaction holds before writing them (the buffer of texts is written and
 * reused several times), then a transaction rolled back, whose rows must leave no trace, then
 * rows added outside a transaction, written one at a time. */
static void
test_held_rows (Fixture       *fixture,
                gconstpointer  user_data)
{
  const guint n_held = 700;
  const guint n_more = 5;
  g_autoptr (GArray) links = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GError) error = NULL;

  g_assert_true (fc_store_transaction_begin (fixture->store, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < n_held; i++)
    {
      gint64 link_id = add_rows (fixture, i);

      g_array_append_val (links, link_id);
    }
  g_assert_true (fc_store_transaction_commit (fixture->store, &error));
  g_assert_no_error (error);

  /* Rows held when the transaction rolls back go with it, and the next rows are written as
   * given (add_rows () of a later number: another record and link) */
  g_assert_true (fc_store_transaction_begin (fixture->store, &error));
  g_assert_no_error (error);
  add_rows (fixture, n_held + n_more);
  fc_store_transaction_rollback (fixture->store);

  for (guint i = n_held; i < n_held + n_more; i++)
    {
      gint64 link_id = add_rows (fixture, i);

      g_array_append_val (links, link_id);
    }

  g_assert_cmpint (query_int (fixture->store, "SELECT count(*) FROM links"), ==,
                   n_held + n_more);
  g_assert_cmpint (query_int (fixture->store, "SELECT count(*) FROM bases"), ==,
                   n_held + n_more);
  for (guint i = 0; i < n_held + n_more; i++)
    check_rows (fixture, i, g_array_index (links, gint64, i));
  check_events (fixture, n_held + n_more);

  /* The same bases read at once into the store's mirror, and answered from there */
  g_assert_true (fc_sync_store_load_bases (fixture->store, (const gint64 *) (void *) links->data,
                                           links->len, &error));
  g_assert_no_error (error);
  g_assert_true (fc_sync_store_delete_link (fixture->store, g_array_index (links, gint64, 0),
                                            &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (fixture->store, "SELECT count(*) FROM bases"), ==,
                   n_held + n_more - 1);
  for (guint i = 1; i < n_held + n_more; i++)
    check_rows (fixture, i, g_array_index (links, gint64, i));
}

/* ---- intents of batches of creates ------------------------------------------------------ */

/* The intents of the store's mapping, as "origin|match key|payload" lines in their order, each
 * prefixed with its row's number among the rows listed (0, 1, ...) */
static char *
list_intents (Fixture *fixture)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) intents = fc_sync_store_list_intents (fixture->store,
                                                              fixture->mapping_id, &error);
  g_autoptr (GString) out = g_string_new (NULL);
  gint64 row_id = 0;
  guint row = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < intents->len; i++)
    {
      FcSyncIntent *intent = g_ptr_array_index (intents, i);

      g_assert_cmpint (intent->side, ==, FC_SYNC_SIDE_TARGET);
      if (i > 0 && intent->id != row_id)
        row++;
      row_id = intent->id;
      g_string_append_printf (out, "%u %s|%s|%s\n", row, intent->origin_id,
                              intent->match_key != NULL ? intent->match_key : "(null)",
                              intent->payload != NULL ? intent->payload : "(null)");
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gint64
add_intents (Fixture                  *fixture,
             const FcSyncIntentRecord *records,
             guint                     n_records)
{
  g_autoptr (GError) error = NULL;
  gint64 id = 0;

  g_assert_true (fc_sync_store_add_intents (fixture->store, fixture->mapping_id, RUN_ID,
                                            FC_SYNC_SIDE_TARGET, records, n_records, &id,
                                            &error));
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

/* A batch's intents are one row: read back as given (texts that need escaping, no match key,
 * no payload), kept in part when some creates' outcome is unknown, removed one by one by
 * recovery, the row gone with its last; a rolled back transaction leaves no row. */
static void
test_intents (Fixture       *fixture,
              gconstpointer  user_data)
{
  static const FcSyncIntentRecord first[] = {
    { "p1", "ada@example.com", "{\"email\":{\"source\":[\"ada@example.com\"],"
                               "\"target\":[\"ada@example.com\"]}}" },
    { "p\"2\\", NULL, "{}" },
    { "p3", "caf\xc3\xa9@example.com", NULL },
  };
  static const FcSyncIntentRecord second[] = {
    { "p4", "grace@example.com", "{}" },
    { "p5", "hedy@example.com", "{}" },
  };
  const char * const kept[] = { "p3", "p1" };
  g_autoptr (GError) error = NULL;
  g_autofree char *listed = NULL;
  gint64 first_id;
  gint64 second_id;

  g_assert_true (fc_store_transaction_begin (fixture->store, &error));
  g_assert_no_error (error);
  add_intents (fixture, first, G_N_ELEMENTS (first));
  fc_store_transaction_rollback (fixture->store);
  g_assert_cmpint (query_int (fixture->store, "SELECT count(*) FROM intents"), ==, 0);

  first_id = add_intents (fixture, first, G_N_ELEMENTS (first));
  second_id = add_intents (fixture, second, G_N_ELEMENTS (second));
  g_assert_cmpint (query_int (fixture->store, "SELECT count(*) FROM intents"), ==, 2);
  listed = list_intents (fixture);
  g_assert_cmpstr (listed, ==,
                   "0 p1|ada@example.com|{\"email\":{\"source\":[\"ada@example.com\"],"
                   "\"target\":[\"ada@example.com\"]}}\n"
                   "0 p\"2\\|(null)|{}\n"
                   "0 p3|caf\xc3\xa9@example.com|(null)\n"
                   "1 p4|grace@example.com|{}\n"
                   "1 p5|hedy@example.com|{}\n");
  g_clear_pointer (&listed, g_free);

  /* Two of the first batch's creates were not answered; every one of the second was */
  g_assert_true (fc_sync_store_keep_intents (fixture->store, first_id, kept, G_N_ELEMENTS (kept),
                                             &error));
  g_assert_no_error (error);
  g_assert_true (fc_sync_store_keep_intents (fixture->store, second_id, NULL, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (fixture->store, "SELECT count(*) FROM intents"), ==, 1);
  listed = list_intents (fixture);
  g_assert_cmpstr (listed, ==,
                   "0 p1|ada@example.com|{\"email\":{\"source\":[\"ada@example.com\"],"
                   "\"target\":[\"ada@example.com\"]}}\n"
                   "0 p3|caf\xc3\xa9@example.com|(null)\n");
  g_clear_pointer (&listed, g_free);

  /* Recovery removes them one at a time; an origin the row does not have changes nothing */
  g_assert_true (fc_sync_store_remove_intent (fixture->store, first_id, "p4", &error));
  g_assert_no_error (error);
  g_assert_true (fc_sync_store_remove_intent (fixture->store, first_id, "p1", &error));
  g_assert_no_error (error);
  listed = list_intents (fixture);
  g_assert_cmpstr (listed, ==, "0 p3|caf\xc3\xa9@example.com|(null)\n");
  g_assert_true (fc_sync_store_remove_intent (fixture->store, first_id, "p3", &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (fixture->store, "SELECT count(*) FROM intents"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (strv_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fc/sync-store/strv-json/%s",
                                               strv_cases[i].name);

      g_test_add_data_func (path, &strv_cases[i], test_strv_json);
    }
  g_test_add_func ("/fc/sync-store/strv-json/many", test_strv_json_many);
  g_test_add_func ("/fc/sync-store/strv-json/as-generator", test_strv_json_as_generator);
  g_test_add ("/fc/sync-store/held-rows", Fixture, NULL, fixture_set_up, test_held_rows,
              fixture_tear_down);
  g_test_add ("/fc/sync-store/intents", Fixture, NULL, fixture_set_up, test_intents,
              fixture_tear_down);

  return g_test_run ();
}
