/* fuzz-transform.c: transform chains, parsed, printed, applied and reversed
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: the chain text on the first line, then the input values, one per line (none: one
 * empty value). Checks: a chain prints to text that parses to a chain printing the same; apply
 * gives as many values as the chain says; a reversible chain's reverse takes the outputs back
 * to as many values as went in; values_equal says a value equals itself.
 */

#define G_LOG_DOMAIN "fc-fuzz"

#include "config.h"

#include "fc-transform.h"
#include "fc-fuzz.h"

#define MAX_VALUES 8

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr (FcTransformChain) chain = NULL;
  g_autoptr (FcTransformChain) reparsed = NULL;
  g_autoptr (GBytes) rest = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *spec = NULL;
  g_autofree char *values_text = NULL;
  g_autofree char *printed = NULL;
  g_autofree char *reprinted = NULL;
  g_auto (GStrv) values = NULL;
  g_auto (GStrv) outputs = NULL;
  g_auto (GStrv) back = NULL;
  gsize rest_size = 0;
  const char *rest_data;
  guint n_values;
  int n_outputs;

  fc_fuzz_init ();
  spec = fc_fuzz_split_line (data, size, &rest);
  rest_data = g_bytes_get_data (rest, &rest_size);
  values_text = g_strndup (rest_data != NULL ? rest_data : "", rest_size);
  values = g_strsplit (values_text, "\n", MAX_VALUES);
  n_values = MAX (g_strv_length (values), 1);

  chain = fc_transform_chain_parse (spec, &error);
  if (chain == NULL)
    {
      g_assert (error != NULL && error->domain == FC_TRANSFORM_ERROR);
      return 0;
    }

  printed = fc_transform_chain_to_string (chain);
  reparsed = fc_transform_chain_parse (printed, &error);
  g_assert_no_error (error);
  reprinted = fc_transform_chain_to_string (reparsed);
  g_assert_cmpstr (printed, ==, reprinted);
  g_assert (fc_transform_chain_get_n_steps (chain) == fc_transform_chain_get_n_steps (reparsed));
  for (guint i = 0; i < fc_transform_chain_get_n_steps (chain); i++)
    g_assert (fc_transform_chain_get_step (chain, i) != NULL);

  n_outputs = fc_transform_chain_get_n_outputs_for (chain, n_values);
  outputs = fc_transform_chain_apply (chain, (const char * const *) values, n_values, &error);
  if (outputs == NULL)
    {
      g_assert (error != NULL && error->domain == FC_TRANSFORM_ERROR);
      return 0;
    }
  g_assert (n_outputs >= 0 && g_strv_length (outputs) == (guint) n_outputs);
  for (guint i = 0; outputs[i] != NULL; i++)
    {
      g_assert (g_utf8_validate (outputs[i], -1, NULL));
      g_assert (fc_transform_chain_values_equal (chain, outputs[i], outputs[i]));
    }

  if (!fc_transform_chain_check_reversible (chain, NULL))
    return 0;
  back = fc_transform_chain_apply_reverse_full (chain, (const char * const *) outputs,
                                                (guint) n_outputs, n_values, &error);
  if (back == NULL)
    g_assert (error != NULL && error->domain == FC_TRANSFORM_ERROR);
  else
    g_assert (g_strv_length (back) == n_values);
  return 0;
}
