/* test-record-stage.c: records staged and read back keep every field's value and its kind
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The staging table keeps a record's fields in a compact encoding written straight from the
 * record's own values (strings, numbers, booleans and nulls without a JsonNode) and read back
 * into them. A value must come back as it went in: the same text, the same kind (1 and 1.0
 * differ), arrays and objects whole.
 */

#include "config.h"

#include "fc-test-util.h"

#include "fc-json-scan.h"
#include "fc-store-private.h"
#include "fc-sync-private.h"
#include "fc-sync-store.h"

typedef struct
{
  char    *dir;
  FcStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("fc-test-record-stage-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, FC_STORE_FILE_NAME, NULL);
  fixture->store = fc_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (fc_sync_store_stage_prepare (fixture->store, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_object (&fixture->store);
  fc_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

/* A field's value as JSON text: what it must read back as */
static const char * const values[] = {
  "\"Zo\\u00eb \\u20ac\"",
  "\"\"",
  "\"42\"",
  "42",
  "-9223372036854775808",
  "1",
  "1.0",
  "0.1",
  "-2.5e-300",
  "true",
  "false",
  "null",
  "[]",
  "[\"a\",1,2.5,true,null,[\"b\"],{\"c\":\"d\"}]",
  "{\"locality\":\"Lyon\",\"zip\":69001,\"lines\":[\"1 rue\",null],\"x\":{}}",
};

static char *
node_text (JsonNode *node)
{
  return node != NULL ? json_to_string (node, FALSE) : g_strdup ("(absent)");
}

/* Stages @record on the source side of "run-1" and reads it back */
static FcRecord *
stage_and_read (Fixture  *fixture,
                FcRecord *record)
{
  FcSyncStageEntry entry = { record, (char *) "a@x", (char *) "a@x" };
  g_autoptr (FcSyncStaged) staged = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (fc_sync_store_stage_put (fixture->store, "run-1", FC_SYNC_SIDE_SOURCE, &entry,
                                          1, TRUE, NULL, &error));
  g_assert_no_error (error);
  staged = fc_sync_store_stage_get (fixture->store, "run-1", FC_SYNC_SIDE_SOURCE,
                                    fc_record_get_id (record), &error);
  g_assert_no_error (error);
  g_assert_nonnull (staged);
  return fc_sync_staged_dup_record (staged, fc_record_get_object_type (record));
}

/* One value, set as a node and as the record keeps it, in one field among others */
static void
test_value (Fixture       *fixture,
            gconstpointer  data)
{
  const char *json = data;
  g_autoptr (JsonNode) node = json_from_string (json, NULL);
  g_autoptr (FcRecord) record = fc_record_new ("contacts", "7");
  g_autoptr (FcRecord) read = NULL;
  g_autofree char *expected = node_text (node);
  g_autofree char *got = NULL;
  FcValue view;
  FcValue kept;

  g_assert_nonnull (node);
  fc_record_set_modified_ms (record, 1700000000123);
  fc_record_set_string (record, "email", "a@x");
  fc_record_set_field (record, "value", node);
  fc_value_init_from_node (&view, node);
  fc_record_set_value (record, "copy", &view);

  read = stage_and_read (fixture, record);
  g_assert_nonnull (read);
  g_assert_true (fc_record_equal (read, record));
  g_assert_true (fc_record_get_value (read, "value", &kept));
  g_assert_cmpint (kept.kind, ==, view.kind);
  g_assert_true (fc_record_get_value (read, "copy", &kept));
  g_assert_cmpint (kept.kind, ==, view.kind);
  got = node_text (fc_record_get_field (read, "value"));
  g_assert_cmpstr (got, ==, expected);
  g_clear_pointer (&got, g_free);
  got = node_text (fc_record_get_field (read, "copy"));
  g_assert_cmpstr (got, ==, expected);
}

/* Every kind in one record, read from a provider's page as the connectors read it */
static void
test_scanned (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr (GString) body = g_string_new ("{");
  g_autoptr (FcJsonScan) scan = NULL;
  g_autoptr (FcRecord) record = fc_record_new ("persons", "9");
  g_autoptr (FcRecord) read = NULL;
  g_autoptr (JsonNode) exported = NULL;
  g_autoptr (JsonNode) exported_read = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text_read = NULL;
  const char *name;

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    g_string_append_printf (body, "%s\"f%02u\":%s", i > 0 ? "," : "", i, values[i]);
  g_string_append_c (body, '}');

  scan = fc_json_scan_new_text (body->str, body->len);
  g_assert_true (fc_json_scan_enter_object (scan));
  while ((name = fc_json_scan_next_member (scan)) != NULL)
    g_assert_true (fc_json_scan_read_field (scan, record, name));
  g_assert_true (fc_json_scan_finish (scan));
  g_assert_cmpuint (fc_record_get_n_fields (record), ==, G_N_ELEMENTS (values));
  fc_record_set_modified_ms (record, 1700000000456);

  read = stage_and_read (fixture, record);
  g_assert_nonnull (read);
  g_assert_true (fc_record_equal (read, record));
  exported = fc_record_to_json (record);
  exported_read = fc_record_to_json (read);
  text = node_text (exported);
  text_read = node_text (exported_read);
  g_assert_cmpstr (text_read, ==, text);
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *field = g_strdup_printf ("f%02u", i);
      g_autoptr (JsonNode) node = json_from_string (values[i], NULL);
      g_autofree char *expected = node_text (node);
      g_autofree char *got = node_text (fc_record_get_field (read, field));

      g_assert_cmpstr (got, ==, expected);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fc/record-stage/value/%u", i);

      g_test_add (path, Fixture, values[i], fixture_set_up, test_value, fixture_tear_down);
    }
  g_test_add ("/fc/record-stage/scanned", Fixture, NULL, fixture_set_up, test_scanned,
              fixture_tear_down);

  return g_test_run ();
}
