/* fc-field-pair.h: which fields of the two objects correspond, and how values are transformed
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "fc-types.h"

G_BEGIN_DECLS

/* A field pair joins one or more source fields to one or more target fields through an optional
 * transform chain (see fc-transform.h), e.g. "fullname" -> "firstName", "lastName" through
 * "split_name". Validation errors are in the FC_MAPPING_ERROR domain (fc-mapping.h).
 *
 * The chain is written in the direction the data flows: source fields in, target fields out for
 * a pair that flows to the target (and its reverse when it also flows back); target fields in,
 * source fields out for a pair that flows only to the source (a target_to_source mapping, or a
 * target_only pair of a bidirectional one). */

#define FC_TYPE_FIELD_PAIR (fc_field_pair_get_type ())

G_DECLARE_FINAL_TYPE (FcFieldPair, fc_field_pair, FC, FIELD_PAIR, GObject)

FcFieldPair        *fc_field_pair_new               (const char * const *source_fields,
                                                     const char * const *target_fields);
FcFieldPair        *fc_field_pair_new_simple        (const char         *source_field,
                                                     const char         *target_field);
FcFieldPair        *fc_field_pair_copy              (FcFieldPair        *self);

/* Never NULL; possibly empty for a pair still being edited. */
const char * const *fc_field_pair_get_source_fields (FcFieldPair        *self);
void                fc_field_pair_set_source_fields (FcFieldPair        *self,
                                                     const char * const *source_fields);
const char * const *fc_field_pair_get_target_fields (FcFieldPair        *self);
void                fc_field_pair_set_target_fields (FcFieldPair        *self,
                                                     const char * const *target_fields);
/* The chain text; NULL for none. "" is stored as NULL. */
const char         *fc_field_pair_get_transform     (FcFieldPair        *self);
void                fc_field_pair_set_transform     (FcFieldPair        *self,
                                                     const char         *transform);
FcFieldDirection    fc_field_pair_get_direction     (FcFieldPair        *self);
void                fc_field_pair_set_direction     (FcFieldPair        *self,
                                                     FcFieldDirection    direction);
gboolean            fc_field_pair_get_required      (FcFieldPair        *self);
void                fc_field_pair_set_required      (FcFieldPair        *self,
                                                     gboolean            required);
/* Whether a value emptied on one side empties the other side's (FALSE: an empty value never
 * erases a non-empty one). */
gboolean            fc_field_pair_get_allow_clear   (FcFieldPair        *self);
void                fc_field_pair_set_allow_clear   (FcFieldPair        *self,
                                                     gboolean            allow_clear);

/* "fullname → firstName, lastName" */
char               *fc_field_pair_dup_label         (FcFieldPair        *self);

/* The pair's effective flow: in a one-way mapping it is the mapping's direction, in a
 * bidirectional mapping it is the pair's own direction. */
gboolean            fc_field_pair_flows_to_target   (FcFieldPair        *self,
                                                     FcDirection         mapping_direction);
gboolean            fc_field_pair_flows_to_source   (FcFieldPair        *self,
                                                     FcDirection         mapping_direction);

/* Checks field names, the transform chain (known names, syntax, arguments, arity in the
 * direction(s) the pair flows, a reverse when it flows back) and the direction against the
 * mapping's. Errors are FC_MAPPING_ERROR codes whose message names the pair. */
gboolean            fc_field_pair_validate          (FcFieldPair        *pair,
                                                     FcDirection         mapping_direction,
                                                     GError            **error);

G_END_DECLS
