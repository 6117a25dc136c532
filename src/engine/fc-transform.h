/* fc-transform.h: the registry of value transforms and the chains built from them
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* A field pair may carry a chain of transforms, written as text:
 *
 *   trim|lowercase
 *   phone_e164(region=US)
 *   concatenate(separator=", ")|uppercase
 *
 * Steps are separated by `|`; a step is `name` or `name(key=value,...)`. A value may be written
 * in double quotes, with `\"` and `\\` escapes, so it can hold `,`, `)`, `|` or spaces.
 *
 * Values are UTF-8 strings; NULL and "" are both "empty", and an empty value always transforms to
 * empty output. A 1 -> 1 step applied to several values applies to each of them; any other step
 * needs exactly its number of inputs (a variadic step takes all current values). */

#define FC_TRANSFORM_ERROR (fc_transform_error_quark ())

typedef enum {
  FC_TRANSFORM_ERROR_UNKNOWN,        /* no transform of that name */
  FC_TRANSFORM_ERROR_SYNTAX,         /* the chain text cannot be parsed */
  FC_TRANSFORM_ERROR_BAD_ARGUMENT,   /* unknown argument key, or a bad argument value */
  FC_TRANSFORM_ERROR_ARITY,          /* wrong number of values for the transform or chain */
  FC_TRANSFORM_ERROR_INVALID_INPUT,  /* the value cannot be transformed */
  FC_TRANSFORM_ERROR_NO_REVERSE,     /* reverse asked of a transform that has none */
  FC_TRANSFORM_ERROR_AMBIGUOUS,      /* a reverse that cannot decide (concatenate) */
} FcTransformError;

GQuark fc_transform_error_quark (void);

/* Registry entries are static and live as long as the process. */
typedef struct _FcTransformInfo FcTransformInfo;

const FcTransformInfo *fc_transform_lookup                  (const char *name);
const char * const    *fc_transform_list_names              (void);
const char            *fc_transform_info_get_name           (const FcTransformInfo *info);
const char            *fc_transform_info_get_description    (const FcTransformInfo *info);
int                    fc_transform_info_get_n_inputs       (const FcTransformInfo *info);
int                    fc_transform_info_get_n_outputs      (const FcTransformInfo *info);
gboolean               fc_transform_info_has_reverse        (const FcTransformInfo *info);
const char * const    *fc_transform_info_get_argument_names (const FcTransformInfo *info);
const char            *fc_transform_info_get_argument_description (const FcTransformInfo *info,
                                                                   const char            *key);

#define FC_TYPE_TRANSFORM_CHAIN (fc_transform_chain_get_type ())

typedef struct _FcTransformChain FcTransformChain;

GType             fc_transform_chain_get_type      (void) G_GNUC_CONST;
FcTransformChain *fc_transform_chain_parse         (const char        *spec,
                                                    GError           **error);
FcTransformChain *fc_transform_chain_ref           (FcTransformChain  *chain);
void              fc_transform_chain_unref         (FcTransformChain  *chain);
char             *fc_transform_chain_to_string     (FcTransformChain  *chain);
gboolean          fc_transform_chain_is_identity   (FcTransformChain  *chain);
guint             fc_transform_chain_get_n_steps   (FcTransformChain  *chain);
const FcTransformInfo *
                  fc_transform_chain_get_step      (FcTransformChain  *chain,
                                                    guint              i);
const char       *fc_transform_chain_get_step_arg  (FcTransformChain  *chain,
                                                    guint              i,
                                                    const char        *key);
/* How many values the chain gives for @n_inputs values, or -1 when it cannot take that many. */
int               fc_transform_chain_get_n_outputs_for (FcTransformChain *chain,
                                                        guint             n_inputs);

/* Checks the chain maps @n_inputs values to @n_outputs values; an ARITY error names the step. */
gboolean          fc_transform_chain_check_arity   (FcTransformChain  *chain,
                                                    guint              n_inputs,
                                                    guint              n_outputs,
                                                    GError           **error);
/* TRUE when every step has a reverse and its arguments allow one; else NO_REVERSE naming the
 * step. */
gboolean          fc_transform_chain_check_reversible (FcTransformChain *chain,
                                                       GError          **error);

/* Applies the chain to the @n_inputs values of @inputs (NULL entries count as ""). Returns a new
 * NULL-terminated vector of output values (never NULL entries), or NULL with an error: ARITY,
 * or INVALID_INPUT prefixed with the name of the transform that refused a value. */
GStrv             fc_transform_chain_apply         (FcTransformChain   *chain,
                                                    const char * const *inputs,
                                                    guint               n_inputs,
                                                    GError            **error);
/* Maps the @n_outputs values of @outputs (the chain's output side; @n_outputs is the length of
 * that array) back to the input side. Fails with NO_REVERSE (see check_reversible), ARITY,
 * INVALID_INPUT, or AMBIGUOUS, which a chain with a variadic step (concatenate) always gives
 * here since only apply_reverse_full is told how many values to split back into. */
GStrv             fc_transform_chain_apply_reverse (FcTransformChain   *chain,
                                                    const char * const *outputs,
                                                    guint               n_outputs,
                                                    GError            **error);
/* Like apply_reverse, for a chain that takes @n_inputs values (the pair's number of source
 * fields, the length of the vector returned): a variadic step such as concatenate needs that
 * number to split its value back. Checks the arity first (ARITY error). */
GStrv             fc_transform_chain_apply_reverse_full (FcTransformChain   *chain,
                                                         const char * const *outputs,
                                                         guint               n_outputs,
                                                         guint               n_inputs,
                                                         GError            **error);

/* Equality of two values in the chain's output space after normalisation: "+14155552671" and
 * "(415) 555-2671" are equal under phone_e164(region=US); " a" and "a" under trim. For an empty
 * chain the comparison is exact (NULL equals ""). */
gboolean          fc_transform_chain_values_equal  (FcTransformChain  *chain,
                                                    const char        *a,
                                                    const char        *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcTransformChain, fc_transform_chain_unref)

G_END_DECLS
