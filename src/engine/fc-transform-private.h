/* fc-transform-private.h: what the transform implementations share with the registry
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fc-transform.h"

G_BEGIN_DECLS

/* One step of a parsed chain: a registry entry and its argument values, indexed like
 * info->argument_names (NULL where the argument was not given). check_args may rewrite the
 * values into their canonical form (region codes upper case, ...). */
typedef struct {
  const FcTransformInfo  *info;
  char                  **args;
} FcTransformStep;

/* Validates (and may normalise in place) the arguments of @step. Unknown keys never get here. */
typedef gboolean (*FcTransformCheckArgsFunc)       (FcTransformStep        *step,
                                                    GError                **error);
/* Maps @n_values non-empty-as-a-whole values (n_inputs of them, or any number >= 1 for a
 * variadic transform; the chain applies 1 -> 1 transforms one value at a time) to a vector of
 * n_outputs values. Values are never NULL. When every value is empty the chain answers with
 * empty values itself, so implementations need not handle that case. */
typedef GStrv    (*FcTransformApplyFunc)           (const FcTransformStep  *step,
                                                    const char * const     *values,
                                                    guint                   n_values,
                                                    GError                **error);
/* The reverse of apply: maps n_outputs values back to @n_wanted values (n_inputs, or the count
 * the caller asked for when the transform is variadic). */
typedef GStrv    (*FcTransformReverseFunc)         (const FcTransformStep  *step,
                                                    const char * const     *values,
                                                    guint                   n_values,
                                                    guint                   n_wanted,
                                                    GError                **error);
/* FALSE with NO_REVERSE when the arguments of @step rule the reverse out. */
typedef gboolean (*FcTransformCheckReversibleFunc) (const FcTransformStep  *step,
                                                    GError                **error);
/* A comparison key for one value of the transform's output space: two values are equal when
 * their keys are. Never fails; falls back to some plain form of the text. */
typedef char *   (*FcTransformNormalizeFunc)       (const FcTransformStep  *step,
                                                    const char             *value);

struct _FcTransformInfo {
  const char                     *name;
  const char                     *description;            /* marked with N_() */
  int                             n_inputs;               /* -1: variadic, any number >= 1 */
  int                             n_outputs;
  const char * const             *argument_names;         /* NULL-terminated */
  const char * const             *argument_descriptions;  /* parallel, marked with N_() */
  FcTransformCheckArgsFunc        check_args;             /* NULL: any value is accepted */
  FcTransformApplyFunc            apply;
  FcTransformReverseFunc          reverse;                /* NULL: no reverse */
  FcTransformCheckReversibleFunc  check_reversible;       /* NULL: reverse always possible */
  FcTransformNormalizeFunc        normalize;              /* NULL: exact comparison */
};

extern const FcTransformInfo _fc_transform_info_uppercase;
extern const FcTransformInfo _fc_transform_info_lowercase;
extern const FcTransformInfo _fc_transform_info_trim;
extern const FcTransformInfo _fc_transform_info_concatenate;
extern const FcTransformInfo _fc_transform_info_date_iso;
extern const FcTransformInfo _fc_transform_info_split_name;
extern const FcTransformInfo _fc_transform_info_phone_e164;

const char *_fc_transform_step_get_arg     (const FcTransformStep *step,
                                            const char            *key);
void        _fc_transform_step_take_arg    (FcTransformStep       *step,
                                            const char            *key,
                                            char                  *value);

/* Text helpers shared by the transforms (fc-transform-text.c). */
gboolean    _fc_transform_unichar_is_blank (gunichar               c);
char       *_fc_transform_strip            (const char            *text);
char       *_fc_transform_collapse_blanks  (const char            *text);
GStrv       _fc_transform_strv_new_empty   (guint                  n);

G_END_DECLS
