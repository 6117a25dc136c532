/* test-transform.c: the transform registry, chain parsing, and every transform, from tables
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "fc-transform.h"

#include "test-transform-cases.h"

static FcTransformChain *
parse_or_fail (const char *spec)
{
  g_autoptr(GError) error = NULL;
  FcTransformChain *chain = fc_transform_chain_parse (spec, &error);

  g_assert_no_error (error);
  g_assert_nonnull (chain);
  return chain;
}

static void
assert_error (const GError *error,
              int           code,
              const char   *message_part)
{
  g_assert_error (error, FC_TRANSFORM_ERROR, code);
  if (message_part != NULL && strstr (error->message, message_part) == NULL)
    g_error ("The message “%s” does not contain “%s”", error->message, message_part);
}

static void
assert_values (GStrv               values,
               const char * const *expected)
{
  g_assert_nonnull (values);
  g_assert_cmpuint (g_strv_length (values), ==, g_strv_length ((char **) expected));
  for (guint i = 0; expected[i] != NULL; i++)
    g_assert_cmpstr (values[i], ==, expected[i]);
}

/* Tables */

static void
test_apply (gconstpointer data)
{
  const ApplyCase *test = data;
  g_autoptr(FcTransformChain) chain = parse_or_fail (test->chain);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) outputs = NULL;

  outputs = fc_transform_chain_apply (chain, test->inputs, test->n_inputs, &error);
  if (test->error == SUCCEEDS)
    {
      g_assert_no_error (error);
      assert_values (outputs, test->outputs);
    }
  else
    {
      assert_error (error, test->error, test->message_part);
      g_assert_null (outputs);
    }
}

static void
test_reverse (gconstpointer data)
{
  const ReverseCase *test = data;
  g_autoptr(FcTransformChain) chain = parse_or_fail (test->chain);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) inputs = NULL;

  if (test->n_inputs == 0)
    inputs = fc_transform_chain_apply_reverse (chain, test->outputs, test->n_outputs, &error);
  else
    inputs = fc_transform_chain_apply_reverse_full (chain, test->outputs, test->n_outputs,
                                                    test->n_inputs, &error);

  if (test->error == SUCCEEDS)
    {
      g_assert_no_error (error);
      assert_values (inputs, test->inputs);
    }
  else
    {
      assert_error (error, test->error, test->message_part);
      g_assert_null (inputs);
    }
}

static void
test_round_trip (gconstpointer data)
{
  const RoundTripCase *test = data;
  g_autoptr(FcTransformChain) chain = parse_or_fail (test->chain);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) outputs = NULL;
  g_auto(GStrv) back = NULL;
  g_auto(GStrv) again = NULL;

  g_assert_true (fc_transform_chain_check_reversible (chain, &error));
  g_assert_no_error (error);

  outputs = fc_transform_chain_apply (chain, test->inputs, test->n_inputs, &error);
  g_assert_no_error (error);
  back = fc_transform_chain_apply_reverse_full (chain, (const char * const *) outputs,
                                                g_strv_length (outputs), test->n_inputs,
                                                &error);
  g_assert_no_error (error);
  assert_values (back, test->expected);

  /* The reverse is a fixed point: the value it gives transforms to the same outputs. */
  again = fc_transform_chain_apply (chain, (const char * const *) back, test->n_inputs, &error);
  g_assert_no_error (error);
  assert_values (again, (const char * const *) outputs);

  /* Reformatting is not a change: where input and output are one value of the same kind,
   * the original and the value the reverse gives compare equal. */
  if (test->n_inputs == 1 && g_strv_length (outputs) == 1)
    g_assert_true (fc_transform_chain_values_equal (chain, test->inputs[0], back[0]));
}

static void
test_values_equal (gconstpointer data)
{
  const EqualCase *test = data;
  g_autoptr(FcTransformChain) chain = parse_or_fail (test->chain);

  g_assert_cmpint (fc_transform_chain_values_equal (chain, test->a, test->b), ==, test->equal);
  g_assert_cmpint (fc_transform_chain_values_equal (chain, test->b, test->a), ==, test->equal);
  g_assert_true (fc_transform_chain_values_equal (chain, test->a, test->a));
}

static void
test_parse (gconstpointer data)
{
  const ParseCase *test = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcTransformChain) chain = fc_transform_chain_parse (test->spec, &error);
  g_autoptr(FcTransformChain) reparsed = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text_again = NULL;

  if (test->error != SUCCEEDS)
    {
      assert_error (error, test->error, test->message_part);
      g_assert_null (chain);
      return;
    }

  g_assert_no_error (error);
  g_assert_cmpuint (fc_transform_chain_get_n_steps (chain), ==, test->n_steps);
  text = fc_transform_chain_to_string (chain);
  g_assert_cmpstr (text, ==, test->canonical);

  /* The canonical text parses to a chain with the same canonical text. */
  reparsed = fc_transform_chain_parse (text, &error);
  g_assert_no_error (error);
  text_again = fc_transform_chain_to_string (reparsed);
  g_assert_cmpstr (text_again, ==, text);
  g_assert_cmpuint (fc_transform_chain_get_n_steps (reparsed), ==, test->n_steps);
}

static void
test_arity (gconstpointer data)
{
  const ArityCase *test = data;
  g_autoptr(FcTransformChain) chain = parse_or_fail (test->chain);
  g_autoptr(GError) error = NULL;
  gboolean ok;
  int n_outputs;

  ok = fc_transform_chain_check_arity (chain, test->n_inputs, test->n_outputs, &error);
  n_outputs = fc_transform_chain_get_n_outputs_for (chain, test->n_inputs);
  if (test->error == SUCCEEDS)
    {
      g_assert_no_error (error);
      g_assert_true (ok);
      g_assert_cmpint (n_outputs, ==, (int) test->n_outputs);
    }
  else
    {
      assert_error (error, test->error, test->message_part);
      g_assert_false (ok);
      g_assert_cmpint (n_outputs, !=, (int) test->n_outputs);
    }
}

static void
test_reversible (gconstpointer data)
{
  const ReversibleCase *test = data;
  g_autoptr(FcTransformChain) chain = parse_or_fail (test->chain);
  g_autoptr(GError) error = NULL;
  gboolean ok = fc_transform_chain_check_reversible (chain, &error);

  if (test->error == SUCCEEDS)
    {
      g_assert_no_error (error);
      g_assert_true (ok);
    }
  else
    {
      assert_error (error, test->error, test->message_part);
      g_assert_false (ok);
    }
}

/* Registry and chain objects */

static void
test_registry_names (void)
{
  const char * const *names = fc_transform_list_names ();
  const char * const required[] = {
    "uppercase", "lowercase", "trim", "phone_e164", "date_iso", "split_name", "concatenate",
  };
  guint n = g_strv_length ((char **) names);

  g_assert_cmpuint (n, >=, G_N_ELEMENTS (required));
  for (guint i = 0; i + 1 < n; i++)
    g_assert_cmpstr (names[i], <, names[i + 1]);

  for (guint i = 0; i < n; i++)
    {
      const FcTransformInfo *info = fc_transform_lookup (names[i]);

      g_assert_nonnull (info);
      g_assert_cmpstr (fc_transform_info_get_name (info), ==, names[i]);
      g_assert_cmpuint (strlen (fc_transform_info_get_description (info)), >, 10);
      g_assert_cmpint (fc_transform_info_get_n_outputs (info), >=, 1);
      g_assert_nonnull (fc_transform_info_get_argument_names (info));
    }

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    g_assert_true (g_strv_contains (names, required[i]));

  g_assert_null (fc_transform_lookup ("no_such_transform"));
  g_assert_null (fc_transform_lookup (NULL));
  g_assert_true (fc_transform_list_names () == names);
}

static void
test_registry_info (void)
{
  const FcTransformInfo *concatenate = fc_transform_lookup ("concatenate");
  const FcTransformInfo *split = fc_transform_lookup ("split_name");
  const FcTransformInfo *upper = fc_transform_lookup ("uppercase");
  const FcTransformInfo *phone = fc_transform_lookup ("phone_e164");
  const FcTransformInfo *date = fc_transform_lookup ("date_iso");
  const char * const *date_args = fc_transform_info_get_argument_names (date);

  g_assert_cmpint (fc_transform_info_get_n_inputs (concatenate), ==, -1);
  g_assert_cmpint (fc_transform_info_get_n_outputs (concatenate), ==, 1);
  g_assert_cmpint (fc_transform_info_get_n_inputs (split), ==, 1);
  g_assert_cmpint (fc_transform_info_get_n_outputs (split), ==, 2);
  g_assert_false (fc_transform_info_has_reverse (upper));
  g_assert_false (fc_transform_info_has_reverse (fc_transform_lookup ("lowercase")));
  g_assert_true (fc_transform_info_has_reverse (fc_transform_lookup ("trim")));
  g_assert_true (fc_transform_info_has_reverse (phone));
  g_assert_true (fc_transform_info_has_reverse (concatenate));

  g_assert_cmpuint (g_strv_length ((char **) fc_transform_info_get_argument_names (upper)), ==, 0);
  g_assert_true (g_strv_contains (fc_transform_info_get_argument_names (phone), "region"));
  g_assert_true (g_strv_contains (date_args, "order"));
  g_assert_true (g_strv_contains (date_args, "format"));
  g_assert_nonnull (fc_transform_info_get_argument_description (date, "format"));
  g_assert_null (fc_transform_info_get_argument_description (date, "region"));
}

static void
test_chain_accessors (void)
{
  g_autoptr(FcTransformChain) chain =
    parse_or_fail ("trim | phone_e164(region=gb) | concatenate(separator=\" / \")");
  g_autoptr(FcTransformChain) identity = parse_or_fail (NULL);

  g_assert_cmpuint (fc_transform_chain_get_n_steps (chain), ==, 3);
  g_assert_true (fc_transform_chain_get_step (chain, 0) == fc_transform_lookup ("trim"));
  g_assert_true (fc_transform_chain_get_step (chain, 1) == fc_transform_lookup ("phone_e164"));
  g_assert_cmpstr (fc_transform_chain_get_step_arg (chain, 1, "region"), ==, "GB");
  g_assert_cmpstr (fc_transform_chain_get_step_arg (chain, 2, "separator"), ==, " / ");
  g_assert_null (fc_transform_chain_get_step_arg (chain, 0, "separator"));
  g_assert_null (fc_transform_chain_get_step_arg (chain, 1, "order"));
  g_assert_false (fc_transform_chain_is_identity (chain));

  g_assert_true (fc_transform_chain_is_identity (identity));
  g_assert_cmpuint (fc_transform_chain_get_n_steps (identity), ==, 0);
}

static void
test_chain_boxed (void)
{
  FcTransformChain *chain = parse_or_fail ("trim");
  FcTransformChain *copy;
  g_autofree char *text = NULL;

  g_assert_true (G_TYPE_IS_BOXED (FC_TYPE_TRANSFORM_CHAIN));
  copy = g_boxed_copy (FC_TYPE_TRANSFORM_CHAIN, chain);
  g_assert_true (copy == chain);
  fc_transform_chain_unref (chain);

  /* The copy holds its own reference. */
  text = fc_transform_chain_to_string (copy);
  g_assert_cmpstr (text, ==, "trim");
  g_boxed_free (FC_TYPE_TRANSFORM_CHAIN, copy);
}

/* The chain keeps no state between calls: the same chain used from several threads at once
 * gives every thread the right answers. */
static gpointer
apply_many_times (gpointer data)
{
  FcTransformChain *chain = data;

  for (guint i = 0; i < 200; i++)
    {
      const char *input = "(415) 555-2671";
      g_auto(GStrv) outputs = fc_transform_chain_apply (chain, &input, 1, NULL);

      if (outputs == NULL || g_strcmp0 (outputs[0], "+14155552671") != 0)
        return GINT_TO_POINTER (FALSE);
    }

  return GINT_TO_POINTER (TRUE);
}

static void
test_chain_threads (void)
{
  g_autoptr(FcTransformChain) chain = parse_or_fail ("trim|phone_e164(region=US)");
  GThread *threads[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("apply", apply_many_times, chain);

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_assert_true (GPOINTER_TO_INT (g_thread_join (threads[i])));
}

static void
test_apply_invalid_utf8 (void)
{
  g_autoptr(FcTransformChain) chain = parse_or_fail ("uppercase");
  g_autoptr(GError) error = NULL;
  const char *inputs[] = { "ok", "bad \xc3\x28" };
  g_auto(GStrv) outputs = fc_transform_chain_apply (chain, inputs, 2, &error);

  assert_error (error, FC_TRANSFORM_ERROR_INVALID_INPUT, "Value 2");
  g_assert_null (outputs);
  g_assert_false (fc_transform_chain_values_equal (chain, "\xc3\x28", "x"));
  g_assert_true (fc_transform_chain_values_equal (chain, "\xc3\x28", "\xc3\x28"));
}

/* Registration */

static guint n_cases = 0;

static void
add_case (GHashTable    *paths,
          const char    *group,
          const char    *name,
          gconstpointer  data,
          GTestDataFunc  func)
{
  char *path = g_strdup_printf ("/fc/transform/%s/%s", group, name);

  if (!g_hash_table_add (paths, path))
    g_error ("Two test cases are called %s", path);

  g_test_add_data_func (path, data, func);
  n_cases++;
}

#define ADD_TABLE(paths, group, table, func)                                    \
  G_STMT_START {                                                                \
    for (guint i_ = 0; i_ < G_N_ELEMENTS (table); i_++)                         \
      add_case (paths, group, table[i_].name, &table[i_], func);                \
  } G_STMT_END

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GHashTable) paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  ADD_TABLE (paths, "apply", apply_cases, test_apply);
  ADD_TABLE (paths, "reverse", reverse_cases, test_reverse);
  ADD_TABLE (paths, "round-trip", round_trip_cases, test_round_trip);
  ADD_TABLE (paths, "values-equal", equal_cases, test_values_equal);
  ADD_TABLE (paths, "parse", parse_cases, test_parse);
  ADD_TABLE (paths, "arity", arity_cases, test_arity);
  ADD_TABLE (paths, "reversible", reversible_cases, test_reversible);

  g_test_add_func ("/fc/transform/registry/names", test_registry_names);
  g_test_add_func ("/fc/transform/registry/info", test_registry_info);
  g_test_add_func ("/fc/transform/chain/accessors", test_chain_accessors);
  g_test_add_func ("/fc/transform/chain/boxed", test_chain_boxed);
  g_test_add_func ("/fc/transform/chain/threads", test_chain_threads);
  g_test_add_func ("/fc/transform/chain/invalid-utf8", test_apply_invalid_utf8);
  n_cases += 6;

  g_test_message ("%u test cases", n_cases);

  return g_test_run ();
}
