/* fc-field-picker.h: a button that picks one or more fields from a provider's field catalogue
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fc-engine.h"

G_BEGIN_DECLS

#define FC_TYPE_FIELD_PICKER (fc_field_picker_get_type ())

G_DECLARE_FINAL_TYPE (FcFieldPicker, fc_field_picker, FC, FIELD_PICKER, GtkWidget)

GtkWidget          *fc_field_picker_new          (void);
/* (element-type FcFieldInfo) (nullable) The catalogue to pick from. */
GListModel         *fc_field_picker_get_catalogue (FcFieldPicker      *self);
void                fc_field_picker_set_catalogue (FcFieldPicker      *self,
                                                   GListModel         *catalogue);
/* Never NULL. */
const char * const *fc_field_picker_get_fields    (FcFieldPicker      *self);
void                fc_field_picker_set_fields    (FcFieldPicker      *self,
                                                   const char * const *fields);
/* Whether several fields may be combined (the source side of a pair). */
void                fc_field_picker_set_multiple  (FcFieldPicker      *self,
                                                   gboolean            multiple);
/* The catalogue entry of @name, or NULL. */
FcFieldInfo        *fc_field_picker_lookup        (FcFieldPicker      *self,
                                                   const char         *name);
/* What the search entry holds; as a user types it. */
void                fc_field_picker_set_search    (FcFieldPicker      *self,
                                                   const char         *text);
/* The items the search leaves. */
GListModel         *fc_field_picker_get_matches   (FcFieldPicker      *self);
/* Picks the @position'th match, as a click on it does. */
void                fc_field_picker_activate_match (FcFieldPicker     *self,
                                                    guint              position);
GtkWidget          *fc_field_picker_get_popover   (FcFieldPicker      *self);

G_END_DECLS
