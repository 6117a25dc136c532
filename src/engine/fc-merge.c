/* fc-merge.c: the three-way merge of one field pair
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each side's current values are compared with the base, the values both sides last agreed on.
 * Only a side that differs from the base has changed, so only its change travels; a side that
 * merely shows what we wrote there last time equals the base and sends nothing back, which is
 * what keeps two systems from echoing each other forever. When both changed, to values that do
 * not agree, the mapping's strategy decides.
 *
 * Values are compared the way the pair's transforms see them: in the target's space through the
 * chain's normalising comparison ("+14155552671" equals "(415) 555-2671" under phone_e164), so a
 * provider re-formatting a value is not a change.
 */

#define G_LOG_DOMAIN "fc-merge"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-merge.h"

typedef struct {
  const FcMergeInput *in;
  gboolean            to_target;  /* the pair carries source values to the target */
  gboolean            to_source;  /* ... and target values to the source */
  guint               n_source;
  guint               n_target;
  GStrv               projected;  /* what sides_agree () projected (to the target when
                                   * to_target, else to the source), for the write to take */
} Merge;

static gboolean
is_empty (const char *value)
{
  return value == NULL || *value == '\0';
}

gboolean
fc_merge_values_empty (const char * const *values)
{
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    if (!is_empty (values[i]))
      return FALSE;
  return TRUE;
}

gboolean
fc_merge_values_equal (const char * const *a,
                       const char * const *b)
{
  guint n_a = a != NULL ? g_strv_length ((char **) a) : 0;
  guint n_b = b != NULL ? g_strv_length ((char **) b) : 0;

  for (guint i = 0; i < MAX (n_a, n_b); i++)
    {
      const char *x = i < n_a ? a[i] : NULL;
      const char *y = i < n_b ? b[i] : NULL;

      if (is_empty (x) != is_empty (y) || (!is_empty (x) && g_strcmp0 (x, y) != 0))
        return FALSE;
    }
  return TRUE;
}

/* Element-wise comparison through the chain's normalisation. */
static gboolean
chain_values_equal (FcTransformChain   *chain,
                    const char * const *a,
                    const char * const *b,
                    guint               n)
{
  for (guint i = 0; i < n; i++)
    {
      const char *x = a != NULL ? a[i] : NULL;
      const char *y = b != NULL ? b[i] : NULL;

      if (!fc_transform_chain_values_equal (chain, x, y))
        return FALSE;
    }
  return TRUE;
}

/* The chain is written in the direction the data flows: source to target for a pair that goes
 * to the target (its reverse brings values back), target to source for a pair that only goes to
 * the source. So the comparisons are made in the space the chain writes into. */
static gboolean
equal_in_target (Merge              *m,
                 const char * const *a,
                 const char * const *b)
{
  if (m->to_target)
    return chain_values_equal (m->in->chain, a, b, m->n_target);
  return fc_merge_values_equal (a, b);
}

static gboolean
equal_in_source (Merge              *m,
                 const char * const *a,
                 const char * const *b)
{
  if (!m->to_target)
    return chain_values_equal (m->in->chain, a, b, m->n_source);
  return fc_merge_values_equal (a, b);
}

static GStrv
project_to_target (Merge   *m,
                   GError **error)
{
  return fc_transform_chain_apply (m->in->chain, m->in->source, m->n_source, error);
}

static GStrv
project_to_source (Merge   *m,
                   GError **error)
{
  if (m->to_target)
    return fc_transform_chain_apply_reverse_full (m->in->chain, m->in->target, m->n_target,
                                                  m->n_source, error);
  return fc_transform_chain_apply (m->in->chain, m->in->target, m->n_target, error);
}

static FcMergeResult *
result_new (FcMergeAction  action,
            const char    *reason)
{
  FcMergeResult *result = g_new0 (FcMergeResult, 1);

  result->action = action;
  result->reason = g_strdup (reason);
  return result;
}

static void
set_base (FcMergeResult      *result,
          const char * const *source,
          const char * const *target)
{
  result->new_base_source = g_strdupv ((char **) source);
  result->new_base_target = g_strdupv ((char **) target);
}

static FcMergeResult *
write_target (Merge      *m,
              const char *why)
{
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) values = m->to_target && m->projected != NULL
                          ? g_steal_pointer (&m->projected) : project_to_target (m, &error);
  FcMergeResult *result;

  if (values == NULL)
    {
      result = result_new (FC_MERGE_SKIP, error->message);
      result->error = g_steal_pointer (&error);
      return result;
    }

  if (fc_merge_values_empty ((const char * const *) values) &&
      !fc_merge_values_empty (m->in->target) && !m->in->allow_clear)
    return result_new (FC_MERGE_SKIP,
                       _("The source is empty and the pair does not allow clearing the target"));

  result = result_new (FC_MERGE_WRITE_TARGET, why);
  set_base (result, m->in->source, (const char * const *) values);
  result->target_values = g_steal_pointer (&values);
  return result;
}

static FcMergeResult *
write_source (Merge      *m,
              const char *why)
{
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) values = !m->to_target && m->projected != NULL
                          ? g_steal_pointer (&m->projected) : project_to_source (m, &error);
  FcMergeResult *result;

  if (values == NULL)
    {
      result = result_new (FC_MERGE_SKIP, error->message);
      result->error = g_steal_pointer (&error);
      return result;
    }

  if (fc_merge_values_empty ((const char * const *) values) &&
      !fc_merge_values_empty (m->in->source) && !m->in->allow_clear)
    return result_new (FC_MERGE_SKIP,
                       _("The target is empty and the pair does not allow clearing the source"));

  result = result_new (FC_MERGE_WRITE_SOURCE, why);
  set_base (result, (const char * const *) values, m->in->target);
  result->source_values = g_steal_pointer (&values);
  return result;
}

/* Do the two sides hold the same thing, as the pair sees it? The projection made to tell is
 * kept in m->projected: the write that may follow needs the same one. */
static gboolean
sides_agree (Merge *m)
{
  if (m->to_target)
    {
      m->projected = project_to_target (m, NULL);
      return m->projected != NULL && equal_in_target (m, (const char * const *) m->projected,
                                                      m->in->target);
    }

  m->projected = project_to_source (m, NULL);
  return m->projected != NULL && equal_in_source (m, (const char * const *) m->projected,
                                                  m->in->source);
}

static FcMergeResult *
resolve_conflict (Merge *m)
{
  const FcMergeInput *in = m->in;
  FcMergeResult *result;
  FcMergeWinner winner;
  g_autofree char *reason = NULL;

  /* A pair that flows one way has an authority: its change is carried, no conflict. */
  if (!m->to_source)
    return write_target (m, _("Both sides changed; the pair flows from the source only"));
  if (!m->to_target)
    return write_source (m, _("Both sides changed; the pair flows from the target only"));

  switch (in->strategy)
    {
    case FC_CONFLICT_STRATEGY_SOURCE_WINS:
      winner = FC_MERGE_WINNER_SOURCE;
      reason = g_strdup (_("Both sides changed; the source wins"));
      break;
    case FC_CONFLICT_STRATEGY_TARGET_WINS:
      winner = FC_MERGE_WINNER_TARGET;
      reason = g_strdup (_("Both sides changed; the target wins"));
      break;
    case FC_CONFLICT_STRATEGY_MANUAL:
      result = result_new (FC_MERGE_CONFLICT,
                           _("Both sides changed to different values; kept for you to decide"));
      result->conflict = TRUE;
      return result;
    case FC_CONFLICT_STRATEGY_NEWEST_WINS:
    default:
      /* The two times come from two servers' clocks; the log says so. A tie, or a time that is
       * not known, goes to the source. */
      if (in->target_modified_ms > in->source_modified_ms && in->source_modified_ms > 0)
        {
          winner = FC_MERGE_WINNER_TARGET;
          reason = g_strdup_printf (_("Both sides changed; the target’s change is newer by %.3f s "
                                      "(comparing the two servers’ clocks)"),
                                    (in->target_modified_ms - in->source_modified_ms) / 1000.0);
        }
      else
        {
          winner = FC_MERGE_WINNER_SOURCE;
          if (in->source_modified_ms > in->target_modified_ms && in->target_modified_ms > 0)
            reason = g_strdup_printf (_("Both sides changed; the source’s change is newer by "
                                        "%.3f s (comparing the two servers’ clocks)"),
                                      (in->source_modified_ms - in->target_modified_ms) / 1000.0);
          else
            reason = g_strdup (_("Both sides changed at the same time, or a time is unknown; "
                                 "the source wins"));
        }
      break;
    }

  result = winner == FC_MERGE_WINNER_SOURCE ? write_target (m, reason) : write_source (m, reason);
  result->conflict = TRUE;
  result->winner = winner;
  return result;
}

static FcMergeResult *
merge (Merge *m)
{
  const FcMergeInput *in = m->in;
  FcMergeResult *result;
  gboolean source_changed;
  gboolean target_changed;

  if (in->base_source == NULL || in->base_target == NULL)
    {
      /* A new link: nothing was agreed yet, so whatever each side holds is its change. */
      source_changed = !fc_merge_values_empty (in->source);
      target_changed = !fc_merge_values_empty (in->target);
    }
  else
    {
      source_changed = !equal_in_source (m, in->source, in->base_source);
      target_changed = !equal_in_target (m, in->target, in->base_target);
      if (!source_changed && !target_changed)
        return result_new (FC_MERGE_NOTHING, _("Neither side changed"));
    }

  /* Both empty (a new link with nothing on either side) agree too. */
  if (sides_agree (m))
    {
      result = result_new (FC_MERGE_NOTHING, _("Both sides hold the same value"));
      set_base (result, in->source, in->target);
      return result;
    }

  if (source_changed && !target_changed)
    {
      if (m->to_target)
        return write_target (m, _("The source changed"));
      return result_new (FC_MERGE_NOTHING,
                         _("The source changed, but the pair does not flow to the target"));
    }

  if (target_changed && !source_changed)
    {
      if (m->to_source)
        return write_source (m, _("The target changed"));
      return result_new (FC_MERGE_NOTHING,
                         _("The target changed, but the pair does not flow to the source"));
    }

  return resolve_conflict (m);
}

FcMergeResult *
fc_merge_field_pair (const FcMergeInput *in)
{
  Merge m = { in };
  FcMergeResult *result;

  g_return_val_if_fail (in != NULL && FC_IS_FIELD_PAIR (in->pair) && in->chain != NULL, NULL);

  m.to_target = fc_field_pair_flows_to_target (in->pair, in->direction);
  m.to_source = fc_field_pair_flows_to_source (in->pair, in->direction);
  m.n_source = g_strv_length ((char **) fc_field_pair_get_source_fields (in->pair));
  m.n_target = g_strv_length ((char **) fc_field_pair_get_target_fields (in->pair));

  result = merge (&m);
  g_strfreev (m.projected);
  return result;
}

void
fc_merge_result_free (FcMergeResult *result)
{
  if (result == NULL)
    return;

  g_strfreev (result->source_values);
  g_strfreev (result->target_values);
  g_strfreev (result->new_base_source);
  g_strfreev (result->new_base_target);
  g_free (result->reason);
  g_clear_error (&result->error);
  g_free (result);
}
