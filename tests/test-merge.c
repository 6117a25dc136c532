/* test-merge.c: the three-way merge of one field pair, case by case
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fc-merge.h"
#include "fc-sync-private.h"

#define V(...) ((const char *[]) { __VA_ARGS__, NULL })
#define NONE NULL

typedef struct {
  const char          *name;
  FcDirection          direction;
  FcFieldDirection     pair_direction;
  const char         **source_fields;
  const char         **target_fields;
  const char          *transform;
  FcConflictStrategy   strategy;
  gboolean             allow_clear;
  const char         **base_source;   /* NULL: a new link */
  const char         **base_target;
  const char         **source;
  const char         **target;
  gint64               source_ms;
  gint64               target_ms;
  /* expected */
  FcMergeAction        action;
  const char         **write;         /* the values written, for WRITE_* */
  gboolean             conflict;
  FcMergeWinner        winner;
  gboolean             base_moves;
} MergeCase;

#define BI FC_DIRECTION_BIDIRECTIONAL
#define S2T FC_DIRECTION_SOURCE_TO_TARGET
#define T2S FC_DIRECTION_TARGET_TO_SOURCE
#define PBI FC_FIELD_DIRECTION_BIDIRECTIONAL
#define PSO FC_FIELD_DIRECTION_SOURCE_ONLY
#define PTO FC_FIELD_DIRECTION_TARGET_ONLY
#define NEWEST FC_CONFLICT_STRATEGY_NEWEST_WINS
#define SRC_WINS FC_CONFLICT_STRATEGY_SOURCE_WINS
#define TGT_WINS FC_CONFLICT_STRATEGY_TARGET_WINS
#define MANUAL FC_CONFLICT_STRATEGY_MANUAL

static const MergeCase cases[] = {
  /* A new link */
  { "new/target-empty", BI, PBI, V ("phone"), V ("phone"), "phone_e164(region=US)", NEWEST, FALSE,
    NONE, NONE, V ("(415) 555-2671"), V (""), 1, 2,
    FC_MERGE_WRITE_TARGET, V ("+14155552671"), FALSE, FC_MERGE_WINNER_NONE, TRUE },
  { "new/source-empty", BI, PBI, V ("phone"), V ("phone"), "phone_e164(region=US)", NEWEST, FALSE,
    NONE, NONE, V (""), V ("+14155552671"), 1, 2,
    FC_MERGE_WRITE_SOURCE, V ("+14155552671"), FALSE, FC_MERGE_WINNER_NONE, TRUE },
  { "new/same-number-two-spellings", BI, PBI, V ("phone"), V ("phone"), "phone_e164(region=US)",
    NEWEST, FALSE, NONE, NONE, V ("(415) 555-2671"), V ("+1 415-555-2671"), 1, 2,
    FC_MERGE_NOTHING, NULL, FALSE, FC_MERGE_WINNER_NONE, TRUE },
  { "new/both-empty", BI, PBI, V ("email"), V ("email"), "", NEWEST, FALSE,
    NONE, NONE, V (""), V (NULL), 1, 2, FC_MERGE_NOTHING, NULL, FALSE, FC_MERGE_WINNER_NONE, TRUE },
  { "new/differ-target-newer", BI, PBI, V ("city"), V ("city"), "", NEWEST, FALSE,
    NONE, NONE, V ("Boston"), V ("Cambridge"), 1000, 2000,
    FC_MERGE_WRITE_SOURCE, V ("Cambridge"), TRUE, FC_MERGE_WINNER_TARGET, TRUE },
  { "new/differ-one-way", S2T, PBI, V ("city"), V ("city"), "", NEWEST, FALSE,
    NONE, NONE, V ("Boston"), V ("Cambridge"), 1000, 2000,
    FC_MERGE_WRITE_TARGET, V ("Boston"), FALSE, FC_MERGE_WINNER_NONE, TRUE },
  { "new/one-way-never-erases", S2T, PBI, V ("city"), V ("city"), "", NEWEST, FALSE,
    NONE, NONE, V (""), V ("Cambridge"), 1000, 2000,
    FC_MERGE_NOTHING, NULL, FALSE, FC_MERGE_WINNER_NONE, FALSE },

  /* An existing link */
  { "base/nothing-changed", BI, PBI, V ("city"), V ("city"), "", NEWEST, FALSE,
    V ("Boston"), V ("Boston"), V ("Boston"), V ("Boston"), 1, 2,
    FC_MERGE_NOTHING, NULL, FALSE, FC_MERGE_WINNER_NONE, FALSE },
  { "base/source-changed", BI, PBI, V ("phone"), V ("phone"), "phone_e164(region=US)", NEWEST,
    FALSE, V ("(415) 555-2671"), V ("+14155552671"), V ("415 555 0132"), V ("+14155552671"), 5, 2,
    FC_MERGE_WRITE_TARGET, V ("+14155550132"), FALSE, FC_MERGE_WINNER_NONE, TRUE },
  { "base/target-changed", BI, PBI, V ("city"), V ("city"), "trim", NEWEST, FALSE,
    V ("Boston"), V ("Boston"), V ("Boston"), V ("Cambridge"), 1, 9,
    FC_MERGE_WRITE_SOURCE, V ("Cambridge"), FALSE, FC_MERGE_WINNER_NONE, TRUE },
  { "base/target-changed-one-way", S2T, PBI, V ("city"), V ("city"), "", NEWEST, FALSE,
    V ("Boston"), V ("Boston"), V ("Boston"), V ("Cambridge"), 1, 9,
    FC_MERGE_NOTHING, NULL, FALSE, FC_MERGE_WINNER_NONE, FALSE },
  /* Our own write comes back re-formatted by the provider: not a change, no echo. */
  { "base/echo-reformatted", BI, PBI, V ("phone"), V ("phone"), "phone_e164(region=US)", NEWEST,
    FALSE, V ("(415) 555-2671"), V ("+14155552671"), V ("(415) 555-2671"), V ("+1 (415) 555-2671"),
    1, 9, FC_MERGE_NOTHING, NULL, FALSE, FC_MERGE_WINNER_NONE, FALSE },
  { "base/both-changed-alike", BI, PBI, V ("email"), V ("email"), "trim|lowercase", NEWEST, FALSE,
    V ("a@example.com"), V ("a@example.com"), V ("B@Example.com"), V ("b@example.com"), 1, 2,
    FC_MERGE_NOTHING, NULL, FALSE, FC_MERGE_WINNER_NONE, TRUE },

  /* Both changed to different values: one case per strategy */
  { "conflict/source-wins", BI, PBI, V ("city"), V ("city"), "", SRC_WINS, FALSE,
    V ("Boston"), V ("Boston"), V ("Salem"), V ("Lowell"), 1, 9,
    FC_MERGE_WRITE_TARGET, V ("Salem"), TRUE, FC_MERGE_WINNER_SOURCE, TRUE },
  { "conflict/target-wins", BI, PBI, V ("city"), V ("city"), "", TGT_WINS, FALSE,
    V ("Boston"), V ("Boston"), V ("Salem"), V ("Lowell"), 9, 1,
    FC_MERGE_WRITE_SOURCE, V ("Lowell"), TRUE, FC_MERGE_WINNER_TARGET, TRUE },
  { "conflict/newest-source", BI, PBI, V ("city"), V ("city"), "", NEWEST, FALSE,
    V ("Boston"), V ("Boston"), V ("Salem"), V ("Lowell"), 9000, 1000,
    FC_MERGE_WRITE_TARGET, V ("Salem"), TRUE, FC_MERGE_WINNER_SOURCE, TRUE },
  { "conflict/newest-target", BI, PBI, V ("city"), V ("city"), "", NEWEST, FALSE,
    V ("Boston"), V ("Boston"), V ("Salem"), V ("Lowell"), 1000, 9000,
    FC_MERGE_WRITE_SOURCE, V ("Lowell"), TRUE, FC_MERGE_WINNER_TARGET, TRUE },
  { "conflict/newest-tie-goes-to-source", BI, PBI, V ("city"), V ("city"), "", NEWEST, FALSE,
    V ("Boston"), V ("Boston"), V ("Salem"), V ("Lowell"), 5000, 5000,
    FC_MERGE_WRITE_TARGET, V ("Salem"), TRUE, FC_MERGE_WINNER_SOURCE, TRUE },
  { "conflict/manual", BI, PBI, V ("city"), V ("city"), "", MANUAL, FALSE,
    V ("Boston"), V ("Boston"), V ("Salem"), V ("Lowell"), 1, 9,
    FC_MERGE_CONFLICT, NULL, TRUE, FC_MERGE_WINNER_NONE, FALSE },
  { "conflict/source-only-pair", BI, PSO, V ("lead_source"), V ("source"), "", TGT_WINS, FALSE,
    V ("Web"), V ("Web"), V ("Referral"), V ("Phone"), 1, 9,
    FC_MERGE_WRITE_TARGET, V ("Referral"), FALSE, FC_MERGE_WINNER_NONE, TRUE },

  /* Per-field direction inside a bidirectional mapping */
  { "pair/source-only-target-changed", BI, PSO, V ("lead_source"), V ("source"), "", NEWEST, FALSE,
    V ("Web"), V ("Web"), V ("Web"), V ("Phone"), 1, 9,
    FC_MERGE_NOTHING, NULL, FALSE, FC_MERGE_WINNER_NONE, FALSE },
  { "pair/target-only-target-changed", BI, PTO, V ("status"), V ("jobStatus"), "uppercase", NEWEST,
    FALSE, V ("OPEN"), V ("open"), V ("OPEN"), V ("late"), 1, 9,
    FC_MERGE_WRITE_SOURCE, V ("LATE"), FALSE, FC_MERGE_WINNER_NONE, TRUE },
  { "pair/target-to-source-mapping", T2S, PBI, V ("note"), V ("note"), "trim", NEWEST, FALSE,
    V ("a"), V ("a"), V ("a"), V (" b "), 1, 9,
    FC_MERGE_WRITE_SOURCE, V ("b"), FALSE, FC_MERGE_WINNER_NONE, TRUE },

  /* Empty values and transform failures */
  { "empty/does-not-erase", BI, PBI, V ("city"), V ("city"), "", NEWEST, FALSE,
    V ("Boston"), V ("Boston"), V (""), V ("Boston"), 9, 1,
    FC_MERGE_SKIP, NULL, FALSE, FC_MERGE_WINNER_NONE, FALSE },
  { "empty/erases-when-allowed", BI, PBI, V ("city"), V ("city"), "", NEWEST, TRUE,
    V ("Boston"), V ("Boston"), V (""), V ("Boston"), 9, 1,
    FC_MERGE_WRITE_TARGET, V (""), FALSE, FC_MERGE_WINNER_NONE, TRUE },
  { "error/invalid-phone", S2T, PBI, V ("phone"), V ("phone"), "phone_e164(region=US)", NEWEST,
    FALSE, V ("(415) 555-2671"), V ("+14155552671"), V ("555-0100"), V ("+14155552671"), 9, 1,
    FC_MERGE_SKIP, NULL, FALSE, FC_MERGE_WINNER_NONE, FALSE },
  { "error/ambiguous-concatenate-reverse", BI, PBI, V ("street", "city"), V ("address"),
    "concatenate(separator=\", \")", NEWEST, FALSE, V ("Main St 1", "Boston"),
    V ("Main St 1, Boston"), V ("Main St 1", "Boston"), V ("Main St 1, Suite 2, Boston"), 1, 9,
    FC_MERGE_SKIP, NULL, FALSE, FC_MERGE_WINNER_NONE, FALSE },

  /* Several fields */
  { "split/source-changed", BI, PBI, V ("name"), V ("firstName", "lastName"), "split_name", NEWEST,
    FALSE, V ("John Doe"), V ("John", "Doe"), V ("Jane Doe"), V ("John", "Doe"), 9, 1,
    FC_MERGE_WRITE_TARGET, V ("Jane", "Doe"), FALSE, FC_MERGE_WINNER_NONE, TRUE },
  { "split/target-changed", BI, PBI, V ("name"), V ("firstName", "lastName"), "split_name",
    NEWEST, FALSE, V ("John Doe"), V ("John", "Doe"), V ("John Doe"), V ("John", "Smith"), 1, 9,
    FC_MERGE_WRITE_SOURCE, V ("John Smith"), FALSE, FC_MERGE_WINNER_NONE, TRUE },
  { "concatenate/target-changed", BI, PBI, V ("street", "city"), V ("address"),
    "concatenate(separator=\", \")", NEWEST, FALSE, V ("Main St 1", "Boston"),
    V ("Main St 1, Boston"), V ("Main St 1", "Boston"), V ("Elm St 2, Salem"), 1, 9,
    FC_MERGE_WRITE_SOURCE, V ("Elm St 2", "Salem"), FALSE, FC_MERGE_WINNER_NONE, TRUE },
};

static void
test_case (gconstpointer data)
{
  const MergeCase *tc = data;
  g_autoptr (FcFieldPair) pair = fc_field_pair_new (tc->source_fields, tc->target_fields);
  g_autoptr (FcTransformChain) chain = NULL;
  g_autoptr (FcMergeResult) result = NULL;
  g_autoptr (GError) error = NULL;
  FcMergeInput input = { 0 };
  const char * const *written = NULL;

  fc_field_pair_set_direction (pair, tc->pair_direction);
  fc_field_pair_set_transform (pair, tc->transform);
  chain = fc_transform_chain_parse (tc->transform, &error);
  g_assert_no_error (error);

  input.pair = pair;
  input.chain = chain;
  input.direction = tc->direction;
  input.strategy = tc->strategy;
  input.allow_clear = tc->allow_clear;
  input.base_source = tc->base_source;
  input.base_target = tc->base_target;
  input.source = tc->source;
  input.target = tc->target;
  input.source_modified_ms = tc->source_ms;
  input.target_modified_ms = tc->target_ms;

  result = fc_merge_field_pair (&input);
  g_assert_nonnull (result);
  g_test_message ("%s", result->reason);

  g_assert_cmpint (result->action, ==, tc->action);
  g_assert_cmpint (result->conflict, ==, tc->conflict);
  g_assert_cmpint (result->winner, ==, tc->winner);
  g_assert_cmpint (result->new_base_source != NULL, ==, tc->base_moves);
  g_assert_cmpint (result->new_base_target != NULL, ==, tc->base_moves);
  g_assert_nonnull (result->reason);
  if (tc->action == FC_MERGE_SKIP)
    g_assert_cmpstr (result->reason, !=, "");

  if (tc->action == FC_MERGE_WRITE_TARGET)
    written = (const char * const *) result->target_values;
  else if (tc->action == FC_MERGE_WRITE_SOURCE)
    written = (const char * const *) result->source_values;
  else
    g_assert_true (result->target_values == NULL && result->source_values == NULL);

  if (tc->write != NULL)
    {
      g_assert_nonnull (written);
      g_assert_cmpstrv (written, tc->write);
    }

  /* After a write, the new base is what both sides then hold: merging again from there with
   * nothing changed must do nothing (no oscillation). */
  if (written != NULL)
    {
      g_autoptr (FcMergeResult) again = NULL;
      FcMergeInput next = input;

      next.base_source = (const char * const *) result->new_base_source;
      next.base_target = (const char * const *) result->new_base_target;
      next.source = next.base_source;
      next.target = next.base_target;
      again = fc_merge_field_pair (&next);
      g_assert_cmpint (again->action, ==, FC_MERGE_NOTHING);
    }
}

static void
test_values_equal (void)
{
  g_assert_true (fc_merge_values_equal (V ("a", ""), V ("a", NULL)));
  g_assert_true (fc_merge_values_equal (V (""), NULL));
  g_assert_false (fc_merge_values_equal (V ("a"), V ("A")));
  g_assert_false (fc_merge_values_equal (V ("a", "b"), V ("a")));
  g_assert_true (fc_merge_values_empty (V ("", "")));
  g_assert_false (fc_merge_values_empty (V ("", "x")));
}

/* ---- a record's values as the sync merges them ------------------------------------------ */

typedef struct {
  const char          *name;
  gboolean             no_record;
  const char * const  *fields;
  const char * const  *values;
  gboolean             holds;
} HoldsCase;

static const HoldsCase holds_cases[] = {
  { "string", FALSE, V ("email"), V ("ada@example.com"), TRUE },
  { "string-differs", FALSE, V ("email"), V ("Ada@example.com"), FALSE },
  { "number-as-text", FALSE, V ("count"), V ("42"), TRUE },
  { "array-joined", FALSE, V ("tags"), V ("a;b"), TRUE },
  { "missing-empty", FALSE, V ("absent"), V (""), TRUE },
  { "missing-not-null", FALSE, V ("absent"), V ("null"), FALSE },
  { "empty-string", FALSE, V ("blank"), V (""), TRUE },
  { "fewer-values", FALSE, V ("email", "count"), V ("ada@example.com"), FALSE },
  { "more-values", FALSE, V ("email"), V ("ada@example.com", "42"), FALSE },
  { "several", FALSE, V ("count", "email", "absent"), V ("42", "ada@example.com", ""), TRUE },
  { "no-record", TRUE, V ("email", "count"), V ("", ""), TRUE },
  { "no-record-value", TRUE, V ("email"), V ("ada@example.com"), FALSE },
};

/* _fc_sync_record_holds () answers what comparing _fc_sync_record_values () would. */
static void
test_record_holds (gconstpointer data)
{
  const HoldsCase *c = data;
  g_autoptr (FcRecord) record = NULL;
  g_autoptr (JsonNode) tags = json_from_string ("[\"a\", \"b\"]", NULL);
  g_auto (GStrv) values = NULL;

  if (!c->no_record)
    {
      record = fc_record_new ("contacts", "1");
      fc_record_set_string (record, "email", "ada@example.com");
      fc_record_set_int (record, "count", 42);
      fc_record_set_field (record, "tags", tags);
      fc_record_set_string (record, "blank", "");
    }

  values = _fc_sync_record_values (record, c->fields);
  g_assert_cmpint (_fc_sync_record_holds (record, c->fields, c->values), ==, c->holds);
  g_assert_cmpint (g_strv_equal ((const char * const *) values, c->values), ==, c->holds);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fc/merge/values-equal", test_values_equal);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fc/merge/%s", cases[i].name);
      g_test_add_data_func (path, &cases[i], test_case);
    }

  for (guint i = 0; i < G_N_ELEMENTS (holds_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fc/merge/record-holds/%s",
                                               holds_cases[i].name);
      g_test_add_data_func (path, &holds_cases[i], test_record_holds);
    }

  return g_test_run ();
}
