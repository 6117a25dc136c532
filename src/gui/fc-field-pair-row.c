/* fc-field-pair-row.c: one field pair in the mapping editor
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Source field(s), the way values flow (for a bidirectional mapping), target field(s), a
 * transform from the registry with its arguments (or a chain written out), and whether the pair
 * is required. The row writes every edit into its FcFieldPair and emits "changed"; the editor
 * validates the mapping and tells the row its error, and the sample record's value.
 */

#define G_LOG_DOMAIN "fc-field-pair-row"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-field-pair-row.h"
#include "fc-field-picker.h"
#include "fc-transform.h"

struct _FcFieldPairRow
{
  GtkListBoxRow  parent_instance;

  FcFieldPair   *pair;
  FcDirection    mapping_direction;
  GtkStringList *transforms;  /* "" (none), the registry's names, then "…" (a chain) */
  gboolean       updating;

  /* Template children */
  GtkEntry      *args_entry;
  GtkLabel      *arrow_label;
  GtkButton     *direction_button;
  GtkButton     *down_button;
  GtkImage      *drag_handle;
  graphene_point_t grabbed_at;   /* where the handle was grabbed, in its coordinates */
  GtkLabel      *error_label;
  GtkLabel      *preview_label;
  GtkButton     *remove_button;
  GtkSwitch     *required_switch;
  FcFieldPicker *source_picker;
  FcFieldPicker *target_picker;
  GtkDropDown   *transform_dropdown;
  GtkButton     *up_button;
};

G_DEFINE_FINAL_TYPE (FcFieldPairRow, fc_field_pair_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  SIGNAL_CHANGED,
  SIGNAL_MOVE,
  SIGNAL_DROPPED,
  SIGNAL_REMOVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

#define CHAIN_ITEM "…"

static const char *
arrow_for (FcFieldDirection direction)
{
  switch (direction)
    {
    case FC_FIELD_DIRECTION_SOURCE_ONLY:
      return "→";
    case FC_FIELD_DIRECTION_TARGET_ONLY:
      return "←";
    case FC_FIELD_DIRECTION_BIDIRECTIONAL:
    default:
      return "↔";
    }
}

static const char *
describe_direction (FcFieldDirection direction)
{
  switch (direction)
    {
    case FC_FIELD_DIRECTION_SOURCE_ONLY:
      return _("From source to target only");
    case FC_FIELD_DIRECTION_TARGET_ONLY:
      return _("From target to source only");
    case FC_FIELD_DIRECTION_BIDIRECTIONAL:
    default:
      return _("Both ways");
    }
}

static void
update_direction (FcFieldPairRow *self)
{
  FcFieldDirection direction = fc_field_pair_get_direction (self->pair);
  gboolean both_ways = self->mapping_direction == FC_DIRECTION_BIDIRECTIONAL;
  const char *arrow;

  gtk_button_set_label (self->direction_button, arrow_for (direction));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->direction_button),
                               describe_direction (direction));
  gtk_widget_set_visible (GTK_WIDGET (self->direction_button), both_ways);

  arrow = self->mapping_direction == FC_DIRECTION_TARGET_TO_SOURCE ? "←" : "→";
  gtk_label_set_label (self->arrow_label, arrow);
  gtk_widget_set_visible (GTK_WIDGET (self->arrow_label), !both_ways);
}

/* The dropdown's position of @name, or of the chain item for anything else. */
static guint
find_transform (FcFieldPairRow *self,
                const char     *name)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->transforms));

  for (guint i = 0; i + 1 < n; i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->transforms, i), name) == 0)
      return i;

  return n - 1;
}

/* "phone_e164(region=US)" shows as phone_e164 with "region=US"; a chain of several steps, or a
 * name the registry lacks, shows whole in the entry. */
static void
show_transform (FcFieldPairRow *self)
{
  const char *transform = fc_field_pair_get_transform (self->pair);
  g_autofree char *name = NULL;
  g_autofree char *args = NULL;
  const char *paren;
  guint position;

  if (transform == NULL || *transform == '\0')
    {
      gtk_drop_down_set_selected (self->transform_dropdown, 0);
      gtk_editable_set_text (GTK_EDITABLE (self->args_entry), "");
      return;
    }

  paren = strchr (transform, '(');
  name = paren != NULL ? g_strndup (transform, paren - transform) : g_strdup (transform);
  g_strstrip (name);
  position = find_transform (self, name);

  if (strchr (transform, '|') == NULL && position + 1 < g_list_model_get_n_items (
        G_LIST_MODEL (self->transforms)))
    {
      if (paren != NULL)
        {
          const char *end = strrchr (paren, ')');

          args = g_strndup (paren + 1, end != NULL ? end - paren - 1 : (gssize) strlen (paren + 1));
        }
      gtk_drop_down_set_selected (self->transform_dropdown, position);
      gtk_editable_set_text (GTK_EDITABLE (self->args_entry), args != NULL ? args : "");
    }
  else
    {
      gtk_drop_down_set_selected (self->transform_dropdown,
                                  g_list_model_get_n_items (G_LIST_MODEL (self->transforms)) - 1);
      gtk_editable_set_text (GTK_EDITABLE (self->args_entry), transform);
    }
}

/* The entry's hint: the arguments the chosen transform takes. */
static void
update_args_hint (FcFieldPairRow *self)
{
  guint selected = gtk_drop_down_get_selected (self->transform_dropdown);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->transforms));
  const FcTransformInfo *info = NULL;
  const char * const *keys;
  g_autoptr (GString) hint = g_string_new (NULL);
  g_autoptr (GString) help = g_string_new (NULL);

  if (selected == n - 1)
    {
      gtk_entry_set_placeholder_text (self->args_entry, "trim|lowercase");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->args_entry),
                                   _("A chain of transforms, separated by |"));
      gtk_widget_set_sensitive (GTK_WIDGET (self->args_entry), TRUE);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->transform_dropdown), _("Chain"));
      return;
    }

  if (selected > 0 && selected < n)
    info = fc_transform_lookup (gtk_string_list_get_string (self->transforms, selected));
  keys = info != NULL ? fc_transform_info_get_argument_names (info) : NULL;

  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      const char *description = fc_transform_info_get_argument_description (info, keys[i]);

      g_string_append_printf (hint, "%s%s=…", i > 0 ? "," : "", keys[i]);
      g_string_append_printf (help, "%s%s: %s", i > 0 ? "\n" : "", keys[i],
                              description != NULL ? description : "");
    }

  gtk_entry_set_placeholder_text (self->args_entry, hint->len > 0 ? hint->str : NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->args_entry), hint->len > 0);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->args_entry), help->len > 0 ? help->str : NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->transform_dropdown),
                               info != NULL ? fc_transform_info_get_description (info)
                                            : _("No transform: values are copied as they are"));
}

static void
emit_changed (FcFieldPairRow *self)
{
  if (!self->updating)
    g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

/* Writes the dropdown and the entry into the pair. */
static void
store_transform (FcFieldPairRow *self)
{
  guint selected = gtk_drop_down_get_selected (self->transform_dropdown);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->transforms));
  g_autofree char *args = g_strstrip (g_strdup (gtk_editable_get_text (
                                                  GTK_EDITABLE (self->args_entry))));
  g_autofree char *transform = NULL;

  if (selected == n - 1)
    transform = g_steal_pointer (&args);
  else if (selected > 0 && selected < n)
    {
      const char *name = gtk_string_list_get_string (self->transforms, selected);

      transform = *args != '\0' ? g_strdup_printf ("%s(%s)", name, args) : g_strdup (name);
    }

  fc_field_pair_set_transform (self->pair, transform);
}

static void
on_transform_selected_cb (FcFieldPairRow *self)
{
  update_args_hint (self);
  if (self->updating)
    return;

  /* Arguments of one transform mean nothing to another. */
  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->args_entry), "");
  self->updating = FALSE;
  store_transform (self);
  emit_changed (self);
}

static void
on_args_changed_cb (FcFieldPairRow *self)
{
  if (self->updating)
    return;

  store_transform (self);
  emit_changed (self);
}

static void
on_fields_changed_cb (FcFieldPairRow *self)
{
  if (self->updating)
    return;

  fc_field_pair_set_source_fields (self->pair, fc_field_picker_get_fields (self->source_picker));
  fc_field_pair_set_target_fields (self->pair, fc_field_picker_get_fields (self->target_picker));
  emit_changed (self);
}

static void
on_required_changed_cb (FcFieldPairRow *self)
{
  if (self->updating)
    return;

  fc_field_pair_set_required (self->pair, gtk_switch_get_active (self->required_switch));
  emit_changed (self);
}

static void
on_direction_clicked_cb (FcFieldPairRow *self)
{
  /* ↔, then →, then ←, then ↔ again */
  switch (fc_field_pair_get_direction (self->pair))
    {
    case FC_FIELD_DIRECTION_BIDIRECTIONAL:
      fc_field_pair_set_direction (self->pair, FC_FIELD_DIRECTION_SOURCE_ONLY);
      break;
    case FC_FIELD_DIRECTION_SOURCE_ONLY:
      fc_field_pair_set_direction (self->pair, FC_FIELD_DIRECTION_TARGET_ONLY);
      break;
    case FC_FIELD_DIRECTION_TARGET_ONLY:
    default:
      fc_field_pair_set_direction (self->pair, FC_FIELD_DIRECTION_BIDIRECTIONAL);
      break;
    }

  update_direction (self);
  emit_changed (self);
}

static void
on_up_clicked_cb (FcFieldPairRow *self)
{
  g_signal_emit (self, signals[SIGNAL_MOVE], 0, -1);
}

static void
on_down_clicked_cb (FcFieldPairRow *self)
{
  g_signal_emit (self, signals[SIGNAL_MOVE], 0, 1);
}

static void
on_remove_clicked_cb (FcFieldPairRow *self)
{
  g_signal_emit (self, signals[SIGNAL_REMOVE], 0);
}

/* ---- dragging by the handle ------------------------------------------------------------- */

/* What is dragged is the row itself: pairs are only dropped within the same editor. */
static GdkContentProvider *
on_drag_prepare_cb (GtkDragSource  *source,
                    double          x,
                    double          y,
                    FcFieldPairRow *self)
{
  graphene_point_init (&self->grabbed_at, (float) x, (float) y);
  return gdk_content_provider_new_typed (FC_TYPE_FIELD_PAIR_ROW, self);
}

/* The row follows the pointer, held where the handle was grabbed. */
static void
on_drag_begin_cb (GtkDragSource  *source,
                  GdkDrag        *drag,
                  FcFieldPairRow *self)
{
  g_autoptr (GdkPaintable) picture = gtk_widget_paintable_new (GTK_WIDGET (self));
  graphene_point_t at;

  if (!gtk_widget_compute_point (GTK_WIDGET (self->drag_handle), GTK_WIDGET (self),
                                 &self->grabbed_at, &at))
    graphene_point_init (&at, 0, 0);
  gtk_drag_source_set_icon (source, picture, (int) at.x, (int) at.y);
}

static gboolean
on_drop_cb (GtkDropTarget  *target,
            const GValue   *value,
            double          x,
            double          y,
            FcFieldPairRow *self)
{
  FcFieldPairRow *dragged = g_value_get_object (value);

  if (dragged == NULL || dragged == self)
    return FALSE;
  g_signal_emit (self, signals[SIGNAL_DROPPED], 0, dragged);
  return TRUE;
}

static void
fc_field_pair_row_dispose (GObject *object)
{
  FcFieldPairRow *self = FC_FIELD_PAIR_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), FC_TYPE_FIELD_PAIR_ROW);
  g_clear_object (&self->pair);
  g_clear_object (&self->transforms);

  G_OBJECT_CLASS (fc_field_pair_row_parent_class)->dispose (object);
}

static void
fc_field_pair_row_class_init (FcFieldPairRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fc_field_pair_row_dispose;

  /**
   * FcFieldPairRow::changed:
   *
   * The user edited the pair.
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  /**
   * FcFieldPairRow::move:
   * @delta: -1 to move the pair up, 1 to move it down
   */
  signals[SIGNAL_MOVE] =
    g_signal_new ("move", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT);
  /**
   * FcFieldPairRow::dropped:
   * @dragged: the row whose handle was dragged onto this one
   *
   * The user dragged another pair here: it is to take this pair's place.
   */
  signals[SIGNAL_DROPPED] =
    g_signal_new ("dropped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, FC_TYPE_FIELD_PAIR_ROW);
  /**
   * FcFieldPairRow::remove:
   *
   * The user asked to remove the pair.
   */
  signals[SIGNAL_REMOVE] =
    g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  g_type_ensure (FC_TYPE_FIELD_PICKER);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/com/fluxcascade/FluxCascade/fc-field-pair-row.ui");
  gtk_widget_class_bind_template_child (widget_class, FcFieldPairRow, args_entry);
  gtk_widget_class_bind_template_child (widget_class, FcFieldPairRow, arrow_label);
  gtk_widget_class_bind_template_child (widget_class, FcFieldPairRow, direction_button);
  gtk_widget_class_bind_template_child (widget_class, FcFieldPairRow, down_button);
  gtk_widget_class_bind_template_child (widget_class, FcFieldPairRow, drag_handle);
  gtk_widget_class_bind_template_child (widget_class, FcFieldPairRow, error_label);
  gtk_widget_class_bind_template_child (widget_class, FcFieldPairRow, preview_label);
  gtk_widget_class_bind_template_child (widget_class, FcFieldPairRow, remove_button);
  gtk_widget_class_bind_template_child (widget_class, FcFieldPairRow, required_switch);
  gtk_widget_class_bind_template_child (widget_class, FcFieldPairRow, source_picker);
  gtk_widget_class_bind_template_child (widget_class, FcFieldPairRow, target_picker);
  gtk_widget_class_bind_template_child (widget_class, FcFieldPairRow, transform_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FcFieldPairRow, up_button);
  gtk_widget_class_bind_template_callback (widget_class, on_direction_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_down_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_remove_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_up_clicked_cb);
}

static void
fc_field_pair_row_init (FcFieldPairRow *self)
{
  const char * const *names = fc_transform_list_names ();
  GtkDragSource *source;
  GtkDropTarget *target;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Dragged by its handle onto another row, the pair takes that row's place. The buttons
   * beside do the same one step at a time, from the keyboard too. */
  source = gtk_drag_source_new ();
  gtk_drag_source_set_actions (source, GDK_ACTION_MOVE);
  g_signal_connect_object (source, "prepare", G_CALLBACK (on_drag_prepare_cb), self, 0);
  g_signal_connect_object (source, "drag-begin", G_CALLBACK (on_drag_begin_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->drag_handle), GTK_EVENT_CONTROLLER (source));
  target = gtk_drop_target_new (FC_TYPE_FIELD_PAIR_ROW, GDK_ACTION_MOVE);
  g_signal_connect_object (target, "drop", G_CALLBACK (on_drop_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));

  /* "" stands for no transform; the factory shows it as a word. */
  self->transforms = gtk_string_list_new (NULL);
  gtk_string_list_append (self->transforms, _("No transform"));
  for (guint i = 0; names[i] != NULL; i++)
    gtk_string_list_append (self->transforms, names[i]);
  gtk_string_list_append (self->transforms, _("Chain…"));
  gtk_drop_down_set_model (self->transform_dropdown, G_LIST_MODEL (self->transforms));

  fc_field_picker_set_multiple (self->source_picker, TRUE);
  self->mapping_direction = FC_DIRECTION_SOURCE_TO_TARGET;
}

GtkWidget *
fc_field_pair_row_new (FcFieldPair *pair)
{
  FcFieldPairRow *self;

  g_return_val_if_fail (FC_IS_FIELD_PAIR (pair), NULL);

  self = g_object_new (FC_TYPE_FIELD_PAIR_ROW, NULL);
  self->pair = g_object_ref (pair);

  self->updating = TRUE;
  fc_field_picker_set_fields (self->source_picker, fc_field_pair_get_source_fields (pair));
  fc_field_picker_set_fields (self->target_picker, fc_field_pair_get_target_fields (pair));
  gtk_switch_set_active (self->required_switch, fc_field_pair_get_required (pair));
  show_transform (self);
  update_args_hint (self);
  update_direction (self);
  self->updating = FALSE;

  g_signal_connect_object (self->source_picker, "notify::fields",
                           G_CALLBACK (on_fields_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->target_picker, "notify::fields",
                           G_CALLBACK (on_fields_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->required_switch, "notify::active",
                           G_CALLBACK (on_required_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->transform_dropdown, "notify::selected",
                           G_CALLBACK (on_transform_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->args_entry, "changed",
                           G_CALLBACK (on_args_changed_cb), self, G_CONNECT_SWAPPED);

  return GTK_WIDGET (self);
}

FcFieldPair *
fc_field_pair_row_get_pair (FcFieldPairRow *self)
{
  g_return_val_if_fail (FC_IS_FIELD_PAIR_ROW (self), NULL);

  return self->pair;
}

void
fc_field_pair_row_set_catalogues (FcFieldPairRow *self,
                                  GListModel     *source_fields,
                                  GListModel     *target_fields)
{
  g_return_if_fail (FC_IS_FIELD_PAIR_ROW (self));

  fc_field_picker_set_catalogue (self->source_picker, source_fields);
  fc_field_picker_set_catalogue (self->target_picker, target_fields);
}

void
fc_field_pair_row_set_mapping_direction (FcFieldPairRow *self,
                                         FcDirection     direction)
{
  g_return_if_fail (FC_IS_FIELD_PAIR_ROW (self));

  self->mapping_direction = direction;
  update_direction (self);
}

void
fc_field_pair_row_set_position (FcFieldPairRow *self,
                                guint           index,
                                guint           n_pairs)
{
  g_return_if_fail (FC_IS_FIELD_PAIR_ROW (self));

  gtk_widget_set_sensitive (GTK_WIDGET (self->up_button), index > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->down_button), index + 1 < n_pairs);
}

void
fc_field_pair_row_set_error (FcFieldPairRow *self,
                             const char     *message)
{
  g_return_if_fail (FC_IS_FIELD_PAIR_ROW (self));

  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

const char *
fc_field_pair_row_get_error (FcFieldPairRow *self)
{
  g_return_val_if_fail (FC_IS_FIELD_PAIR_ROW (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return NULL;
  return gtk_label_get_label (self->error_label);
}

void
fc_field_pair_row_set_preview (FcFieldPairRow *self,
                               const char     *text,
                               gboolean        is_error)
{
  g_return_if_fail (FC_IS_FIELD_PAIR_ROW (self));

  gtk_label_set_label (self->preview_label, text != NULL ? text : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->preview_label), text);
  gtk_widget_set_visible (GTK_WIDGET (self->preview_label), text != NULL);
  if (is_error)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->preview_label), "warning");
      gtk_widget_remove_css_class (GTK_WIDGET (self->preview_label), "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->preview_label), "warning");
      gtk_widget_add_css_class (GTK_WIDGET (self->preview_label), "dim-label");
    }
}

const char *
fc_field_pair_row_get_preview (FcFieldPairRow *self)
{
  g_return_val_if_fail (FC_IS_FIELD_PAIR_ROW (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->preview_label)))
    return NULL;
  return gtk_label_get_label (self->preview_label);
}
