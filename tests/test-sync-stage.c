/* test-sync-stage.c: the staging table of sync runs: records listed twice, runs kept apart
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A page is staged by statements of several rows, which ignore a record already staged (or
 * staged earlier in the same statement) and then upsert such rows one by one: whatever the
 * batch sizes, the result must be that of staging each record in order, the later copy (by
 * modified time) winning and a record once fetched staying fetched.
 */

#include "config.h"

#include "fc-test-util.h"

#include "fc-store-private.h"
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

  fixture->dir = g_dir_make_tmp ("fc-test-sync-stage-XXXXXX", &error);
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

/* Stages the records of @specs (one batch: a page) on the source side of @run_id, all fetched
 * or all not as their first says. */
static void
stage_batch (Fixture            *fixture,
             const char         *run_id,
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

  g_assert_true (fc_sync_store_stage_put (fixture->store, run_id, FC_SYNC_SIDE_SOURCE,
                                          (FcSyncStageEntry *) (void *) entries->data,
                                          entries->len, fetched, NULL, &error));
  g_assert_no_error (error);
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

  return g_test_run ();
}
