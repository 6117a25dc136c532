/* fc-mapping-editor-private.h: what the files of the mapping editor share
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fc-mapping-editor.h"

G_BEGIN_DECLS

/* What the editor knows of one side of the mapping. */
typedef struct
{
  GtkStringList *objects;      /* the object types of the side's connection */
  GListModel    *catalogue;    /* (element-type FcFieldInfo) the fields of its object */
  GCancellable  *objects_load;
  GCancellable  *fields_load;
} FcMappingEditorSide;

struct _FcMappingEditor
{
  AdwWindow            parent_instance;

  FcEngine            *engine;
  FcMapping           *original;     /* NULL for a new mapping */
  FcMapping           *mapping;      /* the copy being edited */
  GPtrArray           *connection_ids;
  GArray              *schedule_minutes;
  FcMappingEditorSide  sides[2];
  FcRecord            *sample;
  char                *sample_error;
  GCancellable        *sample_load;
  GPtrArray           *suggestions;  /* (element-type FcFieldPair) */
  GHashTable          *rejected;     /* "source=target" keys the user turned down */
  guint                busy;
  gboolean             modified;
  gboolean             valid;
  gboolean             updating;     /* the widgets are being set, not edited */
  gboolean             disposed;

  /* Template children */
  GtkWidget           *add_pair_button;
  AdwComboRow         *conflict_row;
  AdwComboRow         *delete_row;
  AdwComboRow         *direction_row;
  GtkLabel            *general_error_label;
  AdwEntryRow         *match_row;
  AdwEntryRow         *name_row;
  GtkListBox          *pairs_list;
  AdwPreferencesGroup *pairs_group;
  GtkButton           *save_button;
  AdwComboRow         *schedule_row;
  AdwComboRow         *source_connection_row;
  AdwComboRow         *source_object_row;
  GtkSpinner          *spinner;
  AdwPreferencesGroup *suggestions_group;
  GtkListBox          *suggestions_list;
  AdwComboRow         *target_connection_row;
  AdwComboRow         *target_object_row;
};

/* fc-mapping-editor-load.c: reading object types, field catalogues and the sample record */
void _fc_mapping_editor_load_objects       (FcMappingEditor *self,
                                            FcSyncSide       side);
void _fc_mapping_editor_load_fields        (FcMappingEditor *self,
                                            FcSyncSide       side);
void _fc_mapping_editor_load_sample        (FcMappingEditor *self);
void _fc_mapping_editor_update_suggestions (FcMappingEditor *self);
void _fc_mapping_editor_update_preview     (FcMappingEditor *self);

/* fc-mapping-editor-pairs.c: the pairs' rows, and validation */
void _fc_mapping_editor_bind_pairs         (FcMappingEditor *self);
void _fc_mapping_editor_unbind_pairs       (FcMappingEditor *self);
void _fc_mapping_editor_update_pair_rows   (FcMappingEditor *self);
void _fc_mapping_editor_add_pair           (FcMappingEditor *self);
/* Validates the mapping as edited: errors go to the rows, Save follows. */
void _fc_mapping_editor_validate           (FcMappingEditor *self);
void _fc_mapping_editor_show_general_error (FcMappingEditor *self,
                                            const char      *message);

/* fc-mapping-editor.c */
void         _fc_mapping_editor_mark_modified  (FcMappingEditor *self);
AdwComboRow *_fc_mapping_editor_get_object_row (FcMappingEditor *self,
                                                FcSyncSide       side);
void         _fc_mapping_editor_set_busy       (FcMappingEditor *self,
                                                gboolean         busy);
void         _fc_mapping_editor_catalogues_changed (FcMappingEditor *self);
void         _fc_mapping_editor_select_object  (FcMappingEditor *self,
                                                FcSyncSide       side);

G_END_DECLS
