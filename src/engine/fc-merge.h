/* fc-merge.h: the three-way merge of one field pair
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "fc-field-pair.h"
#include "fc-transform.h"
#include "fc-types.h"

G_BEGIN_DECLS

typedef enum {
  FC_MERGE_NOTHING,       /* both sides agree (the base may still move) */
  FC_MERGE_WRITE_TARGET,  /* write target_values to the target */
  FC_MERGE_WRITE_SOURCE,  /* write source_values to the source */
  FC_MERGE_CONFLICT,      /* both changed, manual strategy: kept for the user, nothing written */
  FC_MERGE_SKIP,          /* a write that must not happen (transform error, empty over a value) */
} FcMergeAction;

typedef enum {
  FC_MERGE_WINNER_NONE,
  FC_MERGE_WINNER_SOURCE,
  FC_MERGE_WINNER_TARGET,
} FcMergeWinner;

/* What the merge is told about one linked pair of records. Values are one string per field of
 * the pair's side; NULL or "" is empty. A NULL base means the records were never in agreement
 * (a new link). Modification times are milliseconds since the epoch, by each provider's clock. */
typedef struct {
  FcFieldPair         *pair;
  FcTransformChain    *chain;
  FcDirection          direction;
  FcConflictStrategy   strategy;
  gboolean             allow_clear;       /* an empty value may erase a non-empty one */
  const char * const  *base_source;
  const char * const  *base_target;
  const char * const  *source;
  const char * const  *target;
  gint64               source_modified_ms;
  gint64               target_modified_ms;
} FcMergeInput;

typedef struct {
  FcMergeAction  action;
  FcMergeWinner  winner;          /* who won a conflict, when there was one */
  gboolean       conflict;        /* both sides changed the field to different values */
  GStrv          source_values;   /* WRITE_SOURCE: what to write */
  GStrv          target_values;   /* WRITE_TARGET: what to write */
  GStrv          new_base_source; /* the base once the write (if any) is confirmed; NULL: keep */
  GStrv          new_base_target;
  char          *reason;          /* one sentence for the sync log */
  GError        *error;           /* SKIP after a transform failed */
} FcMergeResult;

FcMergeResult *fc_merge_field_pair   (const FcMergeInput *input);
void           fc_merge_result_free  (FcMergeResult      *result);

/* Equality of two value vectors, NULL and "" being the same. */
gboolean       fc_merge_values_equal (const char * const *a,
                                      const char * const *b);
gboolean       fc_merge_values_empty (const char * const *values);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcMergeResult, fc_merge_result_free)

G_END_DECLS
