/* fc-mapping-editor.h: the visual editor of a mapping and its field pairs
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fc-engine.h"

G_BEGIN_DECLS

#define FC_TYPE_MAPPING_EDITOR (fc_mapping_editor_get_type ())

G_DECLARE_FINAL_TYPE (FcMappingEditor, fc_mapping_editor, FC, MAPPING_EDITOR, AdwWindow)

/* Edits a copy of @mapping (NULL: a new mapping); Save stores it through the engine, emits
 * "saved" with the stored mapping and closes the editor. */
FcMappingEditor *fc_mapping_editor_new         (GtkWindow       *parent,
                                                FcEngine        *engine,
                                                FcMapping       *mapping);
/* (transfer none) The mapping as edited so far. */
FcMapping       *fc_mapping_editor_get_mapping (FcMappingEditor *self);
/* Whether something is still read from the providers (object types, fields, the sample). */
gboolean         fc_mapping_editor_is_busy     (FcMappingEditor *self);
/* Whether the mapping validates, and so can be saved. */
gboolean         fc_mapping_editor_is_valid    (FcMappingEditor *self);
/* Whether there are edits not saved. */
gboolean         fc_mapping_editor_is_modified (FcMappingEditor *self);
/* (transfer none) (nullable) The record the preview shows, once read. */
FcRecord        *fc_mapping_editor_get_sample  (FcMappingEditor *self);
/* (element-type FcFieldPair) (transfer none) The suggestions shown. */
GPtrArray       *fc_mapping_editor_get_suggestions (FcMappingEditor *self);
/* Takes the suggestion at @index into the pairs (@accept) or drops it for good. */
void             fc_mapping_editor_answer_suggestion (FcMappingEditor *self,
                                                      guint            index,
                                                      gboolean         accept);

G_END_DECLS
