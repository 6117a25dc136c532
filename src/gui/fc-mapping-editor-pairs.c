/* fc-mapping-editor-pairs.c: the field pair rows of the mapping editor, and the validation
 * that puts each error on the pair it concerns
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-mapping-editor"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-field-pair-row.h"
#include "fc-mapping-editor-private.h"

static GtkWidget *
create_pair_row (gpointer item,
                 gpointer user_data);

void
_fc_mapping_editor_update_pair_rows (FcMappingEditor *self)
{
  guint n = fc_mapping_get_n_field_pairs (self->mapping);
  GtkListBoxRow *row;

  for (guint i = 0; (row = gtk_list_box_get_row_at_index (self->pairs_list, i)) != NULL; i++)
    {
      if (!FC_IS_FIELD_PAIR_ROW (row))
        continue;
      fc_field_pair_row_set_catalogues (FC_FIELD_PAIR_ROW (row),
                                        self->sides[FC_SYNC_SIDE_SOURCE].catalogue,
                                        self->sides[FC_SYNC_SIDE_TARGET].catalogue);
      fc_field_pair_row_set_mapping_direction (FC_FIELD_PAIR_ROW (row),
                                               fc_mapping_get_direction (self->mapping));
      fc_field_pair_row_set_position (FC_FIELD_PAIR_ROW (row), i, n);
    }
}

static FcFieldPairRow *
get_pair_row (FcMappingEditor *self,
              guint            index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->pairs_list, index);

  return FC_IS_FIELD_PAIR_ROW (row) ? FC_FIELD_PAIR_ROW (row) : NULL;
}

static guint
find_pair (FcMappingEditor *self,
           FcFieldPair     *pair)
{
  guint position = G_MAXUINT;

  g_list_store_find (G_LIST_STORE (fc_mapping_get_field_pairs (self->mapping)), pair, &position);
  return position;
}

static void
on_pair_changed_cb (FcFieldPairRow  *row,
                    FcMappingEditor *self)
{
  _fc_mapping_editor_mark_modified (self);
  _fc_mapping_editor_validate (self);
  _fc_mapping_editor_update_preview (self);
  _fc_mapping_editor_update_suggestions (self);
}

static void
move_pair (FcMappingEditor *self,
           guint            from,
           guint            to)
{
  FcFieldPairRow *row;

  _fc_mapping_editor_mark_modified (self);
  fc_mapping_move_field_pair (self->mapping, from, to);

  /* The row was made again: the focus goes to it, as it was on it. */
  row = get_pair_row (self, to);
  if (row != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (row));
}

static void
on_pair_move_cb (FcFieldPairRow  *row,
                 int              delta,
                 FcMappingEditor *self)
{
  guint from = find_pair (self, fc_field_pair_row_get_pair (row));
  guint n = fc_mapping_get_n_field_pairs (self->mapping);

  if (from == G_MAXUINT || (delta < 0 && from == 0) || (delta > 0 && from + 1 >= n))
    return;
  move_pair (self, from, delta < 0 ? from - 1 : from + 1);
}

/* A pair dragged onto @row takes its place; the pairs between shift by one. */
static void
on_pair_dropped_cb (FcFieldPairRow  *row,
                    FcFieldPairRow  *dragged,
                    FcMappingEditor *self)
{
  guint from = find_pair (self, fc_field_pair_row_get_pair (dragged));
  guint to = find_pair (self, fc_field_pair_row_get_pair (row));

  if (from == G_MAXUINT || to == G_MAXUINT || from == to)
    return;
  move_pair (self, from, to);
}

static void
on_pair_remove_cb (FcFieldPairRow  *row,
                   FcMappingEditor *self)
{
  guint position = find_pair (self, fc_field_pair_row_get_pair (row));

  if (position == G_MAXUINT)
    return;

  _fc_mapping_editor_mark_modified (self);
  fc_mapping_remove_field_pair (self->mapping, position);
}

static GtkWidget *
create_pair_row (gpointer item,
                 gpointer user_data)
{
  FcMappingEditor *self = FC_MAPPING_EDITOR (user_data);
  GtkWidget *row = fc_field_pair_row_new (FC_FIELD_PAIR (item));

  fc_field_pair_row_set_catalogues (FC_FIELD_PAIR_ROW (row),
                                    self->sides[FC_SYNC_SIDE_SOURCE].catalogue,
                                    self->sides[FC_SYNC_SIDE_TARGET].catalogue);
  fc_field_pair_row_set_mapping_direction (FC_FIELD_PAIR_ROW (row),
                                           fc_mapping_get_direction (self->mapping));
  g_signal_connect_object (row, "changed", G_CALLBACK (on_pair_changed_cb), self, 0);
  g_signal_connect_object (row, "move", G_CALLBACK (on_pair_move_cb), self, 0);
  g_signal_connect_object (row, "dropped", G_CALLBACK (on_pair_dropped_cb), self, 0);
  g_signal_connect_object (row, "remove", G_CALLBACK (on_pair_remove_cb), self, 0);

  return row;
}

static void
on_pairs_changed_cb (FcMappingEditor *self,
                     guint            position,
                     guint            removed,
                     guint            added,
                     GListModel      *pairs)
{
  _fc_mapping_editor_update_pair_rows (self);
  _fc_mapping_editor_validate (self);
  _fc_mapping_editor_update_preview (self);
  _fc_mapping_editor_update_suggestions (self);
}

void
_fc_mapping_editor_add_pair (FcMappingEditor *self)
{
  g_autoptr (FcFieldPair) pair = fc_field_pair_new (NULL, NULL);
  guint n;
  FcFieldPairRow *row;

  _fc_mapping_editor_mark_modified (self);
  fc_mapping_add_field_pair (self->mapping, pair);

  n = fc_mapping_get_n_field_pairs (self->mapping);
  row = get_pair_row (self, n - 1);
  if (row != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (row));
}

void
_fc_mapping_editor_catalogues_changed (FcMappingEditor *self)
{
  _fc_mapping_editor_update_pair_rows (self);
  _fc_mapping_editor_update_suggestions (self);
}

/* Validation */

/* The 1-based pair a mapping error names ("Field pair 3 (…) writes target field …"), or 0. */
static guint
find_pair_number (const char *message)
{
  for (const char *p = message; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      return (guint) g_ascii_strtoull (p, NULL, 10);

  return 0;
}

void
_fc_mapping_editor_show_general_error (FcMappingEditor *self,
                                       const char      *message)
{
  gtk_widget_set_visible (GTK_WIDGET (self->general_error_label), message != NULL);
  gtk_label_set_label (self->general_error_label, message != NULL ? message : "");

  /* Before any edit, what is missing is a hint, not a fault. */
  gtk_widget_remove_css_class (GTK_WIDGET (self->general_error_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->general_error_label), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->general_error_label),
                            self->modified ? "error" : "dim-label");
}

void
_fc_mapping_editor_validate (FcMappingEditor *self)
{
  g_autoptr (GError) error = NULL;
  FcDirection direction = fc_mapping_get_direction (self->mapping);
  guint n = fc_mapping_get_n_field_pairs (self->mapping);
  gboolean pair_errors = FALSE;

  if (self->disposed)
    return;

  for (guint i = 0; i < n; i++)
    {
      FcFieldPairRow *row = get_pair_row (self, i);
      g_autoptr (GError) pair_error = NULL;

      if (row == NULL)
        continue;
      if (!fc_field_pair_validate (fc_mapping_get_field_pair (self->mapping, i), direction,
                                   &pair_error))
        pair_errors = TRUE;
      fc_field_pair_row_set_error (row, pair_error != NULL ? pair_error->message : NULL);
    }

  self->valid = fc_mapping_validate (self->mapping, &error);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), self->valid);

  if (error == NULL || pair_errors)
    {
      _fc_mapping_editor_show_general_error (self, NULL);
      return;
    }

  /* An error between pairs (two write the same field) goes to the pair it names. */
  if (g_error_matches (error, FC_MAPPING_ERROR, FC_MAPPING_ERROR_DUPLICATE_TARGET))
    {
      guint number = find_pair_number (error->message);
      FcFieldPairRow *row = number > 0 ? get_pair_row (self, number - 1) : NULL;

      if (row != NULL)
        {
          fc_field_pair_row_set_error (row, error->message);
          _fc_mapping_editor_show_general_error (self, NULL);
          return;
        }
    }

  _fc_mapping_editor_show_general_error (self, error->message);
}

/* Lists the mapping's pairs, one row each, following the list as it changes. */
void
_fc_mapping_editor_bind_pairs (FcMappingEditor *self)
{
  GtkWidget *placeholder;

  placeholder = gtk_label_new (_("No field pairs yet: accept a suggestion or add one"));
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 18);
  gtk_widget_set_margin_bottom (placeholder, 18);
  gtk_list_box_set_placeholder (self->pairs_list, placeholder);
  gtk_list_box_bind_model (self->pairs_list, fc_mapping_get_field_pairs (self->mapping),
                           create_pair_row, self, NULL);
  g_signal_connect_swapped (fc_mapping_get_field_pairs (self->mapping), "items-changed",
                            G_CALLBACK (on_pairs_changed_cb), self);
  _fc_mapping_editor_update_pair_rows (self);
}

void
_fc_mapping_editor_unbind_pairs (FcMappingEditor *self)
{
  g_signal_handlers_disconnect_by_func (fc_mapping_get_field_pairs (self->mapping),
                                        on_pairs_changed_cb, self);
}
