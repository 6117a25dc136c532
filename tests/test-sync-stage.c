/* test-sync-stage.c: the staging table of sync runs: records listed twice, runs kept apart
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A page is staged by statements of several rows, which ignore a record already staged (or
 * staged earlier in the same statement) and then upsert such rows one by one: whatever the
 * batch sizes, the result must be that of staging each record in order, the later copy (by
 * modified time) winning and a record once fetched staying fetched.
 *
 * A record's fields are staged in a compact encoding written straight from its own values
 * (strings, numbers, booleans and nulls without a JsonNode) and read back into them: a value
 * must come back as it went in, the same text and the same kind (1 and 1.0 differ), arrays and
 * objects whole.
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

  fixture->store = fc_test_open_temp_store ("fc-test-sync-stage-XXXXXX", &fixture->dir);
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

/* One listed record: "id@modified_ms=email", fetched unless prefixed with "~". */
static FcRecord *
record_from_spec (const char *spec,
                  gboolean   *out_fetched)
{
  g_auto (GStrv) at = NULL;
  g_auto (GStrv) is = NULL;
  FcRecord *record;

  *out_fetched = spec[0] != '~';
  at = g_strsplit (*out_fetched ? spec : spec + 1, "@", 2);
  is = g_strsplit (at[1], "=", 2);
  record = fc_record_new ("contacts", at[0]);
  fc_record_set_modified_ms (record, g_ascii_strtoll (is[0], NULL, 10));
  fc_record_set_string (record, "email", is[1]);
  return record;
}

/* Stages the records of @specs (one batch: a page) on @side of @run_id, all fetched or all
 * not as their first says. */
static void
stage_side (Fixture            *fixture,
            const char         *run_id,
            FcSyncSide          side,
            const char * const *specs)
{
  g_autoptr (GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GArray) entries = g_array_new (FALSE, TRUE, sizeof (FcSyncStageEntry));
  g_autoptr (GError) error = NULL;
  gboolean fetched = TRUE;

  for (guint i = 0; specs[i] != NULL; i++)
    {
      FcRecord *record = record_from_spec (specs[i], &fetched);
      FcSyncStageEntry entry = { record, (char *) fc_record_get_string (record, "email"),
                                 (char *) fc_record_get_string (record, "email") };

      g_ptr_array_add (records, record);
      g_array_append_val (entries, entry);
    }

  g_assert_true (fc_sync_store_stage_put (fixture->store, run_id, side,
                                          (FcSyncStageEntry *) (void *) entries->data,
                                          entries->len, fetched, NULL, &error));
  g_assert_no_error (error);
}

static void
stage_batch (Fixture            *fixture,
             const char         *run_id,
             const char * const *specs)
{
  stage_side (fixture, run_id, FC_SYNC_SIDE_SOURCE, specs);
}

static void
assert_staged (Fixture    *fixture,
               const char *run_id,
               const char *id,
               gint64      modified_ms,
               const char *email,
               gboolean    fetched)
{
  g_autoptr (FcSyncStaged) staged = NULL;
  g_autoptr (FcRecord) record = NULL;
  g_autoptr (GError) error = NULL;

  staged = fc_sync_store_stage_get (fixture->store, run_id, FC_SYNC_SIDE_SOURCE, id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (staged);
  g_assert_cmpint (staged->modified_ms, ==, modified_ms);
  g_assert_cmpstr (staged->match_value, ==, email);
  g_assert_cmpint (staged->fetched, ==, fetched);
  record = fc_sync_staged_dup_record (staged, "contacts");
  g_assert_nonnull (record);
  g_assert_cmpstr (fc_record_get_string (record, "email"), ==, email);
}

typedef struct {
  const char *name;
  const char *batches[3][8];      /* each NULL-terminated; an empty batch ends the list */
  const char *expected[6];        /* "id@modified_ms=email", "~" for not fetched */
  guint       n_staged;
} TwiceCase;

static const TwiceCase twice_cases[] = {
  { "later-copy-wins",
    { { "a@5=old@x", "b@1=b@x", "a@7=new@x", "c@1=c@x", "d@1=d@x", NULL } },
    { "a@7=new@x", "b@1=b@x", "d@1=d@x", NULL }, 4 },
  { "earlier-copy-newer",
    { { "a@7=new@x", "b@1=b@x", "a@5=old@x", NULL } },
    { "a@7=new@x", "b@1=b@x", NULL }, 2 },
  { "across-pages",
    { { "a@5=old@x", "b@1=b@x", "c@1=c@x", NULL },
      { "~a@9=new@x", "~e@2=e@x", NULL } },
    /* a was fetched: staged again by a lookup, it stays fetched */
    { "a@9=new@x", "~e@2=e@x", "c@1=c@x", NULL }, 4 },
  { "older-on-a-later-page",
    { { "a@9=new@x", "b@1=b@x", NULL },
      { "a@3=old@x", "b@2=b2@x", "f@1=f@x", NULL } },
    { "a@9=new@x", "b@2=b2@x", "f@1=f@x", NULL }, 3 },
  { "thrice-in-one-statement",
    { { "a@1=one@x", "a@3=three@x", "a@2=two@x", "g@1=g@x", NULL } },
    { "a@3=three@x", "g@1=g@x", NULL }, 2 },
};

static void
test_listed_twice (Fixture       *fixture,
                   gconstpointer  user_data)
{
  const TwiceCase *test = user_data;

  for (guint b = 0; b < G_N_ELEMENTS (test->batches) && test->batches[b][0] != NULL; b++)
    stage_batch (fixture, "run-1", test->batches[b]);

  for (guint i = 0; test->expected[i] != NULL; i++)
    {
      gboolean fetched;
      g_autoptr (FcRecord) expected = record_from_spec (test->expected[i], &fetched);

      assert_staged (fixture, "run-1", fc_record_get_id (expected),
                     fc_record_get_modified_ms (expected),
                     fc_record_get_string (expected, "email"), fetched);
    }
  g_assert_cmpuint (fc_sync_store_stage_count (fixture->store, "run-1", -1, FALSE), ==,
                    test->n_staged);
}

/* More records than one statement takes, a record repeated far apart: every record staged
 * once, in the order first listed. */
static void
test_large_page (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr (GPtrArray) specs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) rows = NULL;
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < 101; i++)
    g_ptr_array_add (specs, g_strdup_printf ("r%03u@10=r%u@x", i, i));
  g_ptr_array_add (specs, g_strdup ("r001@20=late@x"));
  g_ptr_array_add (specs, NULL);
  stage_batch (fixture, "run-1", (const char * const *) specs->pdata);

  g_assert_cmpuint (fc_sync_store_stage_count (fixture->store, "run-1", FC_SYNC_SIDE_SOURCE,
                                               TRUE), ==, 101);
  assert_staged (fixture, "run-1", "r001", 20, "late@x", TRUE);
  assert_staged (fixture, "run-1", "r100", 10, "r100@x", TRUE);

  rows = fc_sync_store_stage_next (fixture->store, "run-1", FC_SYNC_SIDE_SOURCE, 0, 200, TRUE,
                                   &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 101);
  for (guint i = 0; i < rows->len; i++)
    {
      FcSyncStaged *row = g_ptr_array_index (rows, i);
      g_autofree char *id = g_strdup_printf ("r%03u", i);

      g_assert_cmpstr (row->record_id, ==, id);
      g_assert_cmpuint (row->candidates.count, ==, 0);
    }
}

/* Two runs staging the same records never see each other's rows; clearing one keeps the
 * other's. */
static void
test_runs_apart (Fixture       *fixture,
                 gconstpointer  user_data)
{
  const char * const first[] = { "a@1=a@x", "b@1=b@x", "c@1=c@x", NULL };
  const char * const second[] = { "a@2=other@x", "b@2=b@x", NULL };
  g_autoptr (GError) error = NULL;

  stage_batch (fixture, "run-1", first);
  stage_batch (fixture, "run-2", second);
  g_assert_cmpuint (fc_sync_store_stage_count (fixture->store, "run-1", -1, FALSE), ==, 3);
  g_assert_cmpuint (fc_sync_store_stage_count (fixture->store, "run-2", -1, FALSE), ==, 2);
  assert_staged (fixture, "run-1", "a", 1, "a@x", TRUE);
  assert_staged (fixture, "run-2", "a", 2, "other@x", TRUE);

  g_assert_true (fc_sync_store_stage_clear (fixture->store, "run-1", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fc_sync_store_stage_count (fixture->store, "run-1", -1, FALSE), ==, 0);
  g_assert_cmpuint (fc_sync_store_stage_count (fixture->store, "run-2", -1, FALSE), ==, 2);
  assert_staged (fixture, "run-2", "b", 2, "b@x", TRUE);

  /* A run staged again after its rows were cleared starts afresh */
  stage_batch (fixture, "run-1", second);
  g_assert_cmpuint (fc_sync_store_stage_count (fixture->store, "run-1", -1, FALSE), ==, 2);
  g_assert_true (fc_sync_store_stage_clear (fixture->store, "run-2", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fc_sync_store_stage_count (fixture->store, "run-2", -1, FALSE), ==, 0);
  g_assert_cmpuint (fc_sync_store_stage_count (fixture->store, "run-1", -1, FALSE), ==, 2);
}

static void
set_plan (Fixture    *fixture,
          FcSyncSide  side,
          const char *record_id,
          const char *plan,
          const char *counterpart_id)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (fc_sync_store_stage_set_plan (fixture->store, "run-1", side, 0, record_id, plan,
                                               counterpart_id, &error));
  g_assert_no_error (error);
}

/* The rows to merge come with their counterparts' rows, the same as reading those by id; none
 * for a counterpart not staged in the run, or a row without one. */
static void
test_counterparts (Fixture       *fixture,
                   gconstpointer  user_data)
{
  const char * const sources[] = { "a@1=a@x", "b@1=b@x", "c@1=c@x", "d@1=d@x", NULL };
  const char * const targets[] = { "x@4=x@x", "y@5=y@x", NULL };
  const char * const others[] = { "x@9=other@x", "gone@9=gone@x", NULL };
  /* each source row and its counterpart, NULL for none */
  const char * const ids[] = { "a", "b", "c", "d" };
  const char * const expected[] = { "x", NULL, NULL, "y" };
  g_autoptr (GPtrArray) rows = NULL;
  g_autoptr (GError) error = NULL;

  stage_side (fixture, "run-1", FC_SYNC_SIDE_SOURCE, sources);
  stage_side (fixture, "run-1", FC_SYNC_SIDE_TARGET, targets);
  stage_side (fixture, "run-2", FC_SYNC_SIDE_TARGET, others);
  set_plan (fixture, FC_SYNC_SIDE_SOURCE, "a", "link", "x");
  set_plan (fixture, FC_SYNC_SIDE_SOURCE, "b", "link", "gone");
  set_plan (fixture, FC_SYNC_SIDE_SOURCE, "c", "create", NULL);
  set_plan (fixture, FC_SYNC_SIDE_SOURCE, "d", NULL, "y");
  set_plan (fixture, FC_SYNC_SIDE_TARGET, "y", "paired", "d");

  rows = fc_sync_store_stage_next (fixture->store, "run-1", FC_SYNC_SIDE_SOURCE, 0, 100, FALSE,
                                   &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < rows->len; i++)
    {
      FcSyncStaged *row = g_ptr_array_index (rows, i);
      g_autoptr (FcSyncStaged) by_id = NULL;

      g_assert_cmpstr (row->record_id, ==, ids[i]);
      if (expected[i] == NULL)
        {
          g_assert_null (row->counterpart);
          continue;
        }
      by_id = fc_sync_store_stage_get (fixture->store, "run-1", FC_SYNC_SIDE_TARGET, expected[i],
                                       &error);
      g_assert_no_error (error);
      g_assert_nonnull (row->counterpart);
      g_assert_cmpint (row->counterpart->rowid, ==, by_id->rowid);
      g_assert_cmpint (row->counterpart->side, ==, FC_SYNC_SIDE_TARGET);
      g_assert_cmpstr (row->counterpart->record_id, ==, expected[i]);
      g_assert_cmpint (row->counterpart->modified_ms, ==, by_id->modified_ms);
      g_assert_cmpstr (row->counterpart->match_value, ==, by_id->match_value);
      g_assert_cmpstr (row->counterpart->plan, ==, by_id->plan);
      g_assert_cmpstr (row->counterpart->counterpart_id, ==, by_id->counterpart_id);
      g_assert_cmpmem (row->counterpart->fields, row->counterpart->fields_size, by_id->fields,
                       by_id->fields_size);
      g_assert_null (row->counterpart->counterpart);
    }
}

/* The match key: trimmed of ASCII space, lowercased when the field names an email. */
typedef struct
{
  const char *name;
  const char *field;
  const char *value;
  const char *key;    /* NULL: no key */
} KeyCase;

static const KeyCase key_cases[] = {
  { "null", "email", NULL, NULL },
  { "empty", "email", "", NULL },
  { "blank", "email", " \t\r\n\f ", NULL },
  { "vertical-tab-kept", "email", "\vA@x.io", "\va@x.io" },
  { "lowercase", "email", "ann@example.com", "ann@example.com" },
  { "trimmed", "email", "  ann@example.com\t\n", "ann@example.com" },
  { "mixed-case", "email", " Ann.Lee@Example.COM ", "ann.lee@example.com" },
  { "inner-space", "email", "a b@x.io", "a b@x.io" },
  { "inner-tab", "email", "A\tB@x.io", "a\tb@x.io" },
  { "field-case", "Work EMAIL", "Ann@X.io", "ann@x.io" },
  { "field-prefix", "emailAddress", "Ann@X.io", "ann@x.io" },
  { "field-suffix", "primary_Email", "Ann@X.io", "ann@x.io" },
  { "not-email", "name", " Ann Lee ", "Ann Lee" },
  { "hyphenated", "e-mail", "Ann@X.io", "Ann@X.io" },
  { "no-field", NULL, " Ann ", "Ann" },
  { "non-ascii-email", "email", " \303\211lodie@Exemple.fr ", "\303\251lodie@exemple.fr" },
  { "non-ascii-lower", "email", "j\303\274rgen@x.de", "j\303\274rgen@x.de" },
  { "non-ascii-name", "name", "\303\211LODIE", "\303\211LODIE" },
  /* a final sigma lowercases to the final form */
  { "greek", "email", "\316\243\316\225\316\243@x.gr", "\317\203\316\265\317\202@x.gr" },
  { "nbsp-kept", "email", "\302\240Ann@x.io", "\302\240ann@x.io" },
  { "uppercase-i", "email", "INFO@X.IO", "info@x.io" },
};

static void
test_normalise_key (gconstpointer data)
{
  const KeyCase *key_case = data;
  g_autofree char *key = _fc_sync_normalise_key (key_case->field, key_case->value);

  g_assert_cmpstr (key, ==, key_case->key);
}

/* ---- field values --------------------------------------------------------------------- */

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

  for (guint i = 0; i < G_N_ELEMENTS (twice_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fc/sync-stage/listed-twice/%s",
                                               twice_cases[i].name);

      g_test_add (path, Fixture, &twice_cases[i], fixture_set_up, test_listed_twice,
                  fixture_tear_down);
    }
  g_test_add ("/fc/sync-stage/large-page", Fixture, NULL, fixture_set_up, test_large_page,
              fixture_tear_down);
  g_test_add ("/fc/sync-stage/runs-apart", Fixture, NULL, fixture_set_up, test_runs_apart,
              fixture_tear_down);
  g_test_add ("/fc/sync-stage/counterparts", Fixture, NULL, fixture_set_up, test_counterparts,
              fixture_tear_down);
  for (guint i = 0; i < G_N_ELEMENTS (key_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fc/sync-stage/normalise-key/%s",
                                               key_cases[i].name);

      g_test_add_data_func (path, &key_cases[i], test_normalise_key);
    }
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fc/sync-stage/value/%u", i);

      g_test_add (path, Fixture, values[i], fixture_set_up, test_value, fixture_tear_down);
    }
  g_test_add ("/fc/sync-stage/scanned", Fixture, NULL, fixture_set_up, test_scanned,
              fixture_tear_down);

  return g_test_run ();
}
