/* fc-field-pair-row.h: one field pair in the mapping editor
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fc-engine.h"

G_BEGIN_DECLS

#define FC_TYPE_FIELD_PAIR_ROW (fc_field_pair_row_get_type ())

G_DECLARE_FINAL_TYPE (FcFieldPairRow, fc_field_pair_row, FC, FIELD_PAIR_ROW, GtkListBoxRow)

/* The row edits @pair in place and emits "changed" after each edit; "move" (with -1 or +1) and
 * "remove" ask the editor to move or remove it. */
GtkWidget   *fc_field_pair_row_new                   (FcFieldPair    *pair);
FcFieldPair *fc_field_pair_row_get_pair              (FcFieldPairRow *self);
void         fc_field_pair_row_set_catalogues        (FcFieldPairRow *self,
                                                      GListModel     *source_fields,
                                                      GListModel     *target_fields);
void         fc_field_pair_row_set_mapping_direction (FcFieldPairRow *self,
                                                      FcDirection     direction);
void         fc_field_pair_row_set_position          (FcFieldPairRow *self,
                                                      guint           index,
                                                      guint           n_pairs);
/* @message: (nullable) the validation error that concerns this pair, or NULL. */
void         fc_field_pair_row_set_error             (FcFieldPairRow *self,
                                                      const char     *message);
const char  *fc_field_pair_row_get_error             (FcFieldPairRow *self);
/* @text: (nullable) the pair's value in the sample record, or why it cannot be had. */
void         fc_field_pair_row_set_preview           (FcFieldPairRow *self,
                                                      const char     *text,
                                                      gboolean        is_error);
const char  *fc_field_pair_row_get_preview           (FcFieldPairRow *self);

G_END_DECLS
