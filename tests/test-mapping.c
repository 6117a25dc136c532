/* test-mapping.c: mappings and field pairs: properties, flows, match rules and validation
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fc-engine.h"

#define SOURCE_CONNECTION "con_source"
#define TARGET_CONNECTION "con_target"

typedef struct
{
  const char       *sources;    /* comma-separated; "" gives one empty name, NULL ends a list */
  const char       *targets;    /* comma-separated; "-" gives no field at all */
  const char       *transform;
  FcFieldDirection  direction;
} PairSpec;

typedef void (*Tweak) (FcMapping *mapping);

typedef struct
{
  const char  *path;
  FcDirection  direction;
  PairSpec     pairs[5];
  Tweak        tweak;
  int          code;            /* -1: valid */
  const char  *expect[3];       /* substrings of the message */
} ValidationCase;

static char **
split_fields (const char *fields)
{
  if (g_str_equal (fields, "-"))
    return g_new0 (char *, 1);
  return g_strsplit (fields, ",", -1);
}

static FcFieldPair *
pair_from_spec (const PairSpec *spec)
{
  g_auto (GStrv) sources = split_fields (spec->sources);
  g_auto (GStrv) targets = split_fields (spec->targets);
  FcFieldPair *pair = fc_field_pair_new ((const char * const *) sources,
                                         (const char * const *) targets);

  fc_field_pair_set_transform (pair, spec->transform);
  fc_field_pair_set_direction (pair, spec->direction);
  return pair;
}

static FcMapping *
mapping_from_case (const ValidationCase *vc)
{
  FcMapping *mapping = fc_mapping_new ();

  fc_mapping_set_name (mapping, "Contacts to clients");
  fc_mapping_set_source_connection_id (mapping, SOURCE_CONNECTION);
  fc_mapping_set_source_object (mapping, "contacts");
  fc_mapping_set_target_connection_id (mapping, TARGET_CONNECTION);
  fc_mapping_set_target_object (mapping, "clients");
  fc_mapping_set_direction (mapping, vc->direction);

  for (guint i = 0; i < G_N_ELEMENTS (vc->pairs) && vc->pairs[i].sources != NULL; i++)
    {
      g_autoptr (FcFieldPair) pair = pair_from_spec (&vc->pairs[i]);

      fc_mapping_add_field_pair (mapping, pair);
    }

  if (vc->tweak != NULL)
    vc->tweak (mapping);
  return mapping;
}

static void
tweak_no_name (FcMapping *mapping)
{
  fc_mapping_set_name (mapping, "  ");
}

static void
tweak_no_source_connection (FcMapping *mapping)
{
  fc_mapping_set_source_connection_id (mapping, NULL);
}

static void
tweak_no_target_object (FcMapping *mapping)
{
  fc_mapping_set_target_object (mapping, "");
}

static void
tweak_same_endpoint (FcMapping *mapping)
{
  fc_mapping_set_target_connection_id (mapping, SOURCE_CONNECTION);
  fc_mapping_set_target_object (mapping, "contacts");
}

static void
tweak_same_connection_other_object (FcMapping *mapping)
{
  fc_mapping_set_target_connection_id (mapping, SOURCE_CONNECTION);
  fc_mapping_set_target_object (mapping, "companies");
}

static void
tweak_bad_match_rule (FcMapping *mapping)
{
  const char * const rule[] = { "email=email", "phone", NULL };

  fc_mapping_set_match_rule (mapping, rule);
}

static void
tweak_external_id_one_field (FcMapping *mapping)
{
  const char * const fields[] = { "jobber_id", NULL };

  fc_mapping_set_external_id_fields (mapping, fields);
}

static void
tweak_external_id_paired (FcMapping *mapping)
{
  const char * const fields[] = { "email", "hubspot_id", NULL };

  fc_mapping_set_external_id_fields (mapping, fields);
}

static void
tweak_external_id_valid (FcMapping *mapping)
{
  const char * const fields[] = { "jobber_id", "hubspot_id", NULL };

  fc_mapping_set_external_id_fields (mapping, fields);
}

#define BOTH FC_FIELD_DIRECTION_BIDIRECTIONAL
#define SRC_ONLY FC_FIELD_DIRECTION_SOURCE_ONLY
#define TGT_ONLY FC_FIELD_DIRECTION_TARGET_ONLY
#define S2T FC_DIRECTION_SOURCE_TO_TARGET
#define T2S FC_DIRECTION_TARGET_TO_SOURCE
#define BIDI FC_DIRECTION_BIDIRECTIONAL
#define EMAIL { "email", "email", "trim|lowercase", BOTH }
#define EMAIL_TWO_WAY { "email", "email", "trim", BOTH }

static const ValidationCase validation_cases[] = {
  /* Valid mappings, one per direction */
  { "/fc/mapping/validate/valid/source-to-target", S2T,
    { EMAIL, { "fullname", "firstName,lastName", "split_name", BOTH },
      { "phone", "phone", "phone_e164(region=US)", BOTH },
      { "first,last", "name", "concatenate(separator=\" \")|uppercase", SRC_ONLY } },
    NULL, -1, { NULL } },
  /* The chain is written in the direction the data flows: target fields in, source out. */
  { "/fc/mapping/validate/valid/target-to-source", T2S,
    { EMAIL, { "firstname,lastname", "name", "split_name", BOTH },
      { "notes", "notes", "uppercase", TGT_ONLY } },
    NULL, -1, { NULL } },
  { "/fc/mapping/validate/valid/bidirectional", BIDI,
    { EMAIL_TWO_WAY, { "fullname", "firstName,lastName", "split_name", BOTH },
      { "phone", "phone", "phone_e164(region=US)", BOTH },
      { "lead_source", "source", "uppercase", SRC_ONLY },
      { "job_status", "status", "lowercase", TGT_ONLY } },
    NULL, -1, { NULL } },
  { "/fc/mapping/validate/valid/external-id-fields", S2T,
    { EMAIL }, tweak_external_id_valid, -1, { NULL } },
  { "/fc/mapping/validate/valid/same-connection-other-object", S2T,
    { EMAIL }, tweak_same_connection_other_object, -1, { NULL } },
  /* Two pairs read the same source field: only writes must not collide. */
  { "/fc/mapping/validate/valid/same-field-read-twice", S2T,
    { { "email", "email", NULL, BOTH }, { "email", "username", "lowercase", BOTH } },
    NULL, -1, { NULL } },
  /* One pair writes the target, the other the source: no collision on either side. */
  { "/fc/mapping/validate/valid/writes-on-different-sides", BIDI,
    { { "email", "email", NULL, SRC_ONLY }, { "work_email", "email", NULL, TGT_ONLY } },
    NULL, -1, { NULL } },

  /* INVALID */
  { "/fc/mapping/validate/invalid/no-name", S2T, { EMAIL }, tweak_no_name,
    FC_MAPPING_ERROR_INVALID, { "no name" } },
  { "/fc/mapping/validate/invalid/no-source-connection", S2T, { EMAIL },
    tweak_no_source_connection, FC_MAPPING_ERROR_INVALID, { "no source connection" } },
  { "/fc/mapping/validate/invalid/no-target-object", S2T, { EMAIL }, tweak_no_target_object,
    FC_MAPPING_ERROR_INVALID, { "no target object" } },
  { "/fc/mapping/validate/invalid/empty-field-name", S2T,
    { EMAIL, { "first,", "firstName", NULL, BOTH } }, NULL,
    FC_MAPPING_ERROR_INVALID, { "Field pair 2 (first,  → firstName)", "source field 2" } },
  { "/fc/mapping/validate/invalid/no-target-field", S2T,
    { { "email", "-", NULL, BOTH } }, NULL,
    FC_MAPPING_ERROR_INVALID, { "Field pair 1", "no target field" } },
  { "/fc/mapping/validate/invalid/match-rule", S2T, { EMAIL }, tweak_bad_match_rule,
    FC_MAPPING_ERROR_INVALID, { "Match rule entry 2", "“phone”", "SOURCE_FIELD=TARGET_FIELD" } },

  { "/fc/mapping/validate/invalid/external-id-one-field", S2T, { EMAIL },
    tweak_external_id_one_field, FC_MAPPING_ERROR_INVALID, { "external ID", "two field names" } },
  { "/fc/mapping/validate/invalid/external-id-paired", S2T, { EMAIL }, tweak_external_id_paired,
    FC_MAPPING_ERROR_DUPLICATE_TARGET, { "email and hubspot_id", "field pair" } },

  /* Transforms */
  { "/fc/mapping/validate/unknown-transform", S2T,
    { EMAIL, { "phone", "phone", "trim|frobnicate", BOTH } }, NULL,
    FC_MAPPING_ERROR_UNKNOWN_TRANSFORM, { "Field pair 2 (phone → phone)", "frobnicate" } },
  { "/fc/mapping/validate/bad-transform/syntax", S2T,
    { { "phone", "phone", "phone_e164(region=US", BOTH } }, NULL,
    FC_MAPPING_ERROR_BAD_TRANSFORM, { "Field pair 1 (phone → phone)" } },
  { "/fc/mapping/validate/bad-transform/argument", S2T,
    { EMAIL, { "phone", "phone", "phone_e164(planet=Mars)", BOTH } }, NULL,
    FC_MAPPING_ERROR_BAD_TRANSFORM, { "Field pair 2", "planet" } },
  { "/fc/mapping/validate/arity/split-name-one-target", S2T,
    { EMAIL, { "fullname", "firstName", "split_name", BOTH } }, NULL,
    FC_MAPPING_ERROR_ARITY,
    { "Field pair 2 (fullname → firstName): split_name takes 1 value and gives 2, but the pair "
      "has 1 target field" } },
  { "/fc/mapping/validate/arity/concatenate-two-targets", S2T,
    { { "first,last", "a,b", "concatenate", BOTH } }, NULL,
    FC_MAPPING_ERROR_ARITY, { "Field pair 1", "gives 1", "2 target fields" } },
  { "/fc/mapping/validate/arity/no-transform", S2T,
    { EMAIL, { "first,last", "name", NULL, BOTH } }, NULL,
    FC_MAPPING_ERROR_ARITY, { "Field pair 2", "2 source and 1 target" } },
  /* Flowing to the source, split_name receives the two target fields. */
  { "/fc/mapping/validate/arity/target-to-source", T2S,
    { { "fullname", "firstName,lastName", "split_name", BOTH } }, NULL,
    FC_MAPPING_ERROR_ARITY, { "Field pair 1", "split_name" } },
  { "/fc/mapping/validate/no-reverse/uppercase", BIDI,
    { EMAIL_TWO_WAY, { "name", "name", "trim|uppercase", BOTH } }, NULL,
    FC_MAPPING_ERROR_NO_REVERSE, { "Field pair 2 (name → name)", "uppercase", "source_only" } },
  { "/fc/mapping/validate/no-reverse/lowercase-email", BIDI,
    { EMAIL }, NULL, FC_MAPPING_ERROR_NO_REVERSE, { "Field pair 1 (email → email)", "lowercase" } },

  /* Endpoints and directions */
  { "/fc/mapping/validate/same-endpoint", S2T, { EMAIL }, tweak_same_endpoint,
    FC_MAPPING_ERROR_SAME_ENDPOINT, { "contacts", SOURCE_CONNECTION } },
  { "/fc/mapping/validate/direction/target-only-in-source-to-target", S2T,
    { EMAIL, { "status", "status", NULL, TGT_ONLY } }, NULL,
    FC_MAPPING_ERROR_DIRECTION, { "Field pair 2 (status → status)", "target_only",
                                  "source_to_target" } },
  { "/fc/mapping/validate/direction/source-only-in-target-to-source", T2S,
    { { "status", "status", NULL, SRC_ONLY } }, NULL,
    FC_MAPPING_ERROR_DIRECTION, { "Field pair 1", "source_only", "target_to_source" } },

  /* Two writers of one field */
  { "/fc/mapping/validate/duplicate-target/target-side", S2T,
    { EMAIL, { "phone", "phone", NULL, BOTH }, { "work_email", "email", NULL, BOTH } }, NULL,
    FC_MAPPING_ERROR_DUPLICATE_TARGET,
    { "Field pair 3 (work_email → email)", "target field “email”", "field pair 1" } },
  { "/fc/mapping/validate/duplicate-target/source-side", BIDI,
    { EMAIL_TWO_WAY, { "email", "username", NULL, TGT_ONLY } }, NULL,
    FC_MAPPING_ERROR_DUPLICATE_TARGET, { "Field pair 2", "source field “email”" } },
  /* In a one-way mapping a pair's own direction does not change what it writes. */
  { "/fc/mapping/validate/duplicate-target/one-way-ignores-pair-direction", S2T,
    { { "email", "email", NULL, SRC_ONLY }, { "work_email", "email", NULL, BOTH } }, NULL,
    FC_MAPPING_ERROR_DUPLICATE_TARGET, { "Field pair 2", "target field “email”" } },

  { "/fc/mapping/validate/no-pairs", S2T, { { NULL } }, NULL,
    FC_MAPPING_ERROR_NO_PAIRS, { "Contacts to clients", "no field pairs" } },
};

static void
test_validate (gconstpointer data)
{
  const ValidationCase *vc = data;
  g_autoptr (FcMapping) mapping = mapping_from_case (vc);
  g_autoptr (GError) error = NULL;
  gboolean valid;

  valid = fc_mapping_validate (mapping, &error);

  if (vc->code < 0)
    {
      g_assert_no_error (error);
      g_assert_true (valid);
      return;
    }

  g_assert_false (valid);
  g_assert_error (error, FC_MAPPING_ERROR, vc->code);
  g_test_message ("%s", error->message);
  for (guint i = 0; i < G_N_ELEMENTS (vc->expect) && vc->expect[i] != NULL; i++)
    if (strstr (error->message, vc->expect[i]) == NULL)
      g_error ("“%s” is not in the message “%s”", vc->expect[i], error->message);
}

/* Every code of the domain has at least one case above. */
static void
test_validate_covers_every_code (void)
{
  gboolean seen[FC_MAPPING_ERROR_NO_PAIRS + 1] = { FALSE, };

  for (guint i = 0; i < G_N_ELEMENTS (validation_cases); i++)
    if (validation_cases[i].code >= 0)
      seen[validation_cases[i].code] = TRUE;

  for (guint code = 0; code < G_N_ELEMENTS (seen); code++)
    {
      g_test_message ("code %u", code);
      g_assert_true (seen[code]);
    }
}

static void
test_field_pair_validate (void)
{
  g_autoptr (GError) error = NULL;
  const char * const sources[] = { "fullname", NULL };
  const char * const targets[] = { "firstName", "lastName", NULL };
  g_autoptr (FcFieldPair) pair = fc_field_pair_new (sources, targets);

  fc_field_pair_set_transform (pair, "split_name");
  g_assert_true (fc_field_pair_validate (pair, FC_DIRECTION_BIDIRECTIONAL, &error));
  g_assert_no_error (error);

  fc_field_pair_set_transform (pair, "concatenate");
  g_assert_false (fc_field_pair_validate (pair, FC_DIRECTION_SOURCE_TO_TARGET, &error));
  g_assert_error (error, FC_MAPPING_ERROR, FC_MAPPING_ERROR_ARITY);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message,
                                   "Field pair (fullname → firstName, lastName): "));
}

typedef struct
{
  FcDirection       mapping;
  FcFieldDirection  pair;
  gboolean          to_target;
  gboolean          to_source;
} FlowCase;

static void
test_field_pair_flows (void)
{
  static const FlowCase cases[] = {
    { S2T, BOTH, TRUE, FALSE },
    { S2T, SRC_ONLY, TRUE, FALSE },
    { S2T, TGT_ONLY, TRUE, FALSE },  /* contradictory; validation refuses it */
    { T2S, BOTH, FALSE, TRUE },
    { T2S, TGT_ONLY, FALSE, TRUE },
    { BIDI, BOTH, TRUE, TRUE },
    { BIDI, SRC_ONLY, TRUE, FALSE },
    { BIDI, TGT_ONLY, FALSE, TRUE },
  };
  g_autoptr (FcFieldPair) pair = fc_field_pair_new_simple ("a", "b");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("case %u", i);
      fc_field_pair_set_direction (pair, cases[i].pair);
      g_assert_cmpint (fc_field_pair_flows_to_target (pair, cases[i].mapping), ==,
                       cases[i].to_target);
      g_assert_cmpint (fc_field_pair_flows_to_source (pair, cases[i].mapping), ==,
                       cases[i].to_source);
    }
}

typedef struct
{
  const char *path;
  const char *source_object;
  const char *target_object;
  PairSpec    pairs[3];
  const char *explicit_rule;   /* NULL: none */
  const char *expected;        /* entries joined by ";" */
} MatchCase;

static const MatchCase match_cases[] = {
  { "/fc/mapping/match-rule/hubspot-jobber", "contacts", "clients",
    { { "firstname", "firstName", NULL, BOTH }, EMAIL }, NULL, "email=email" },
  { "/fc/mapping/match-rule/salesforce-lead", "contacts", "Lead",
    { { "email", "Email", NULL, BOTH } }, NULL, "email=Email" },
  { "/fc/mapping/match-rule/pipedrive-person", "persons", "Contact",
    { { "primary_email", "Email", NULL, BOTH } }, NULL, "primary_email=Email" },
  { "/fc/mapping/match-rule/explicit-wins", "contacts", "clients",
    { EMAIL }, "phone=phone", "phone=phone" },
  { "/fc/mapping/match-rule/not-people", "deals", "jobs",
    { { "email", "email", NULL, BOTH } }, NULL, "" },
  { "/fc/mapping/match-rule/no-email-pair", "contacts", "clients",
    { { "phone", "phone", NULL, BOTH } }, NULL, "" },
  { "/fc/mapping/match-rule/multi-field-pair-skipped", "contacts", "clients",
    { { "email,email2", "emails", "concatenate", SRC_ONLY } }, NULL, "" },
};

static void
test_match_rule (gconstpointer data)
{
  const MatchCase *mc = data;
  g_autoptr (FcMapping) mapping = fc_mapping_new ();
  g_auto (GStrv) effective = NULL;
  g_autofree char *joined = NULL;

  fc_mapping_set_source_object (mapping, mc->source_object);
  fc_mapping_set_target_object (mapping, mc->target_object);
  for (guint i = 0; i < G_N_ELEMENTS (mc->pairs) && mc->pairs[i].sources != NULL; i++)
    {
      g_autoptr (FcFieldPair) pair = pair_from_spec (&mc->pairs[i]);

      fc_mapping_add_field_pair (mapping, pair);
    }
  if (mc->explicit_rule != NULL)
    {
      const char * const rule[] = { mc->explicit_rule, NULL };

      fc_mapping_set_match_rule (mapping, rule);
    }

  effective = fc_mapping_dup_effective_match_rule (mapping);
  g_assert_nonnull (effective);
  joined = g_strjoinv (";", effective);
  g_assert_cmpstr (joined, ==, mc->expected);
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_notify_on_change_only (void)
{
  g_autoptr (FcMapping) mapping = fc_mapping_new ();
  g_autoptr (FcConnection) connection = fc_connection_new (FC_PROVIDER_SALESFORCE);
  g_autoptr (FcFieldPair) pair = fc_field_pair_new_simple ("a", "b");
  const char * const same_sources[] = { "a", NULL };
  guint count = 0;

  g_signal_connect (mapping, "notify", G_CALLBACK (count_notify_cb), &count);
  g_signal_connect (connection, "notify", G_CALLBACK (count_notify_cb), &count);
  g_signal_connect (pair, "notify", G_CALLBACK (count_notify_cb), &count);

  fc_mapping_set_name (mapping, "A");
  fc_mapping_set_name (mapping, "A");
  fc_mapping_set_active (mapping, TRUE);           /* the default */
  fc_mapping_set_schedule_minutes (mapping, 15);
  fc_mapping_set_schedule_minutes (mapping, 15);
  fc_mapping_set_match_rule (mapping, NULL);       /* already empty */
  g_assert_cmpuint (count, ==, 2);

  fc_connection_set_account_name (connection, "Acme");
  fc_connection_set_account_name (connection, "Acme");
  fc_connection_set_status (connection, FC_CONNECTION_STATUS_ACTIVE);
  g_assert_cmpuint (count, ==, 3);

  fc_field_pair_set_source_fields (pair, same_sources);
  fc_field_pair_set_transform (pair, "");          /* "" is no transform, as before */
  fc_field_pair_set_required (pair, TRUE);
  fc_field_pair_set_required (pair, 2);
  g_assert_cmpuint (count, ==, 4);

  fc_field_pair_set_allow_clear (pair, TRUE);
  fc_field_pair_set_allow_clear (pair, 3);
  g_assert_cmpuint (count, ==, 5);
  g_assert_true (fc_field_pair_get_allow_clear (pair));
}

static void
test_defaults (void)
{
  g_autoptr (FcMapping) mapping = fc_mapping_new ();
  g_autoptr (FcConnection) connection = fc_connection_new (FC_PROVIDER_JOBBER);
  g_autoptr (FcFieldPair) pair = fc_field_pair_new_simple ("a", "b");
  g_autofree char *title = NULL;

  g_assert_null (fc_mapping_get_id (mapping));
  g_assert_cmpint (fc_mapping_get_direction (mapping), ==, FC_DIRECTION_SOURCE_TO_TARGET);
  g_assert_cmpint (fc_mapping_get_conflict_strategy (mapping), ==,
                   FC_CONFLICT_STRATEGY_NEWEST_WINS);
  g_assert_cmpint (fc_mapping_get_delete_policy (mapping), ==, FC_DELETE_POLICY_IGNORE);
  g_assert_true (fc_mapping_get_active (mapping));
  g_assert_false (fc_mapping_get_realtime (mapping));
  g_assert_cmpuint (fc_mapping_get_schedule_minutes (mapping), ==, 0);
  g_assert_nonnull (fc_mapping_get_match_rule (mapping));
  g_assert_null (fc_mapping_get_match_rule (mapping)[0]);

  g_assert_true (g_str_has_prefix (fc_connection_get_id (connection), "con_"));
  g_assert_cmpint (fc_connection_get_status (connection), ==, FC_CONNECTION_STATUS_ACTIVE);
  fc_connection_set_account_name (connection, "Acme Field");
  title = fc_connection_dup_title (connection);
  g_assert_cmpstr (title, ==, "Jobber · Acme Field");

  g_assert_cmpint (fc_field_pair_get_direction (pair), ==, FC_FIELD_DIRECTION_BIDIRECTIONAL);
  g_assert_false (fc_field_pair_get_required (pair));
  g_assert_false (fc_field_pair_get_allow_clear (pair));
  g_assert_null (fc_field_pair_get_transform (pair));
}

static char *
pair_sources (FcMapping *mapping)
{
  g_autoptr (GString) out = g_string_new (NULL);

  for (guint i = 0; i < fc_mapping_get_n_field_pairs (mapping); i++)
    g_string_append (out, fc_field_pair_get_source_fields (fc_mapping_get_field_pair (mapping,
                                                                                      i))[0]);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_pair_list_and_copy (void)
{
  g_autoptr (FcMapping) mapping = fc_mapping_new ();
  g_autoptr (FcMapping) copy = NULL;
  g_autofree char *order = NULL;
  g_autofree char *copy_order = NULL;
  const char *names[] = { "a", "b", "c", "d" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr (FcFieldPair) pair = fc_field_pair_new_simple (names[i], names[i]);

      fc_mapping_add_field_pair (mapping, pair);
    }

  fc_mapping_move_field_pair (mapping, 3, 0);   /* dabc */
  fc_mapping_move_field_pair (mapping, 1, 2);   /* dbac */
  fc_mapping_remove_field_pair (mapping, 3);    /* dba */
  {
    g_autoptr (FcFieldPair) e = fc_field_pair_new_simple ("e", "e");

    fc_mapping_insert_field_pair (mapping, 1, e);  /* deba */
  }
  order = pair_sources (mapping);
  g_assert_cmpstr (order, ==, "deba");
  g_assert_cmpuint (g_list_model_get_n_items (fc_mapping_get_field_pairs (mapping)), ==, 4);

  fc_mapping_set_name (mapping, "Original");
  fc_field_pair_set_transform (fc_mapping_get_field_pair (mapping, 0), "trim");
  copy = fc_mapping_copy (mapping);
  copy_order = pair_sources (copy);
  g_assert_cmpstr (copy_order, ==, "deba");
  g_assert_cmpstr (fc_mapping_get_name (copy), ==, "Original");
  g_assert_cmpstr (fc_field_pair_get_transform (fc_mapping_get_field_pair (copy, 0)), ==, "trim");

  /* Deep: editing the copy's pairs leaves the original alone. */
  g_assert_true (fc_mapping_get_field_pair (copy, 0) != fc_mapping_get_field_pair (mapping, 0));
  fc_field_pair_set_transform (fc_mapping_get_field_pair (copy, 0), "uppercase");
  g_assert_cmpstr (fc_field_pair_get_transform (fc_mapping_get_field_pair (mapping, 0)), ==,
                   "trim");

  fc_mapping_remove_all_field_pairs (copy);
  g_assert_cmpuint (fc_mapping_get_n_field_pairs (copy), ==, 0);
  g_assert_cmpuint (fc_mapping_get_n_field_pairs (mapping), ==, 4);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (validation_cases); i++)
    g_test_add_data_func (validation_cases[i].path, &validation_cases[i], test_validate);
  g_test_add_func ("/fc/mapping/validate/covers-every-code", test_validate_covers_every_code);
  g_test_add_func ("/fc/mapping/field-pair/validate", test_field_pair_validate);
  g_test_add_func ("/fc/mapping/field-pair/flows", test_field_pair_flows);
  for (guint i = 0; i < G_N_ELEMENTS (match_cases); i++)
    g_test_add_data_func (match_cases[i].path, &match_cases[i], test_match_rule);
  g_test_add_func ("/fc/mapping/notify-on-change-only", test_notify_on_change_only);
  g_test_add_func ("/fc/mapping/defaults", test_defaults);
  g_test_add_func ("/fc/mapping/pair-list-and-copy", test_pair_list_and_copy);

  return g_test_run ();
}
