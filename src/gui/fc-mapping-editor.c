/* fc-mapping-editor.c: the visual editor of a mapping and its field pairs
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The editor works on a copy of the mapping: every widget writes its value into the copy at
 * once, the engine's validation (fc_field_pair_validate, fc_mapping_validate) runs after each
 * edit and its messages go to the pair they concern, and Save stays off until the copy
 * validates. Object types, field catalogues and the sample record of the preview come from the
 * connectors (fc-mapping-editor-load.c). Closing with edits not saved asks what to do.
 */

#define G_LOG_DOMAIN "fc-mapping-editor"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-mapping-editor-private.h"

G_DEFINE_FINAL_TYPE (FcMappingEditor, fc_mapping_editor, ADW_TYPE_WINDOW)

enum {
  SIGNAL_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The schedules offered, in minutes; 0 is none. */
static const guint schedule_choices[] = { 0, 5, 15, 30, 60, 24 * 60 };

static char *
describe_schedule_choice (guint minutes)
{
  switch (minutes)
    {
    case 0:
      return g_strdup (_("Off"));
    case 60:
      return g_strdup (_("Hourly"));
    case 24 * 60:
      return g_strdup (_("Daily"));
    default:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Every %u minute",
                                           "Every %u minutes", minutes),
                              minutes);
    }
}

void
_fc_mapping_editor_mark_modified (FcMappingEditor *self)
{
  if (!self->updating)
    self->modified = TRUE;
}

AdwComboRow *
_fc_mapping_editor_get_object_row (FcMappingEditor *self,
                                   FcSyncSide       side)
{
  return side == FC_SYNC_SIDE_SOURCE ? self->source_object_row : self->target_object_row;
}

void
_fc_mapping_editor_set_busy (FcMappingEditor *self,
                             gboolean         busy)
{
  if (busy)
    self->busy++;
  else
    self->busy--;

  if (!self->disposed)
    gtk_spinner_set_spinning (self->spinner, self->busy > 0);
}


/* The general settings */

static void
on_name_changed_cb (FcMappingEditor *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (
                                                  GTK_EDITABLE (self->name_row))));

  fc_mapping_set_name (self->mapping, name);
  _fc_mapping_editor_mark_modified (self);
  _fc_mapping_editor_validate (self);
}

static void
on_match_changed_cb (FcMappingEditor *self)
{
  g_auto (GStrv) parts = g_strsplit (gtk_editable_get_text (GTK_EDITABLE (self->match_row)), ",",
                                     -1);
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) rule = NULL;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (*parts[i] != '\0')
        g_strv_builder_add (builder, parts[i]);
    }
  rule = g_strv_builder_end (builder);

  fc_mapping_set_match_rule (self->mapping, (const char * const *) rule);
  _fc_mapping_editor_mark_modified (self);
  _fc_mapping_editor_validate (self);
}

static void
on_direction_selected_cb (FcMappingEditor *self)
{
  guint selected = adw_combo_row_get_selected (self->direction_row);
  FcSyncSide old_side = fc_mapping_get_direction (self->mapping) == FC_DIRECTION_TARGET_TO_SOURCE
                        ? FC_SYNC_SIDE_TARGET : FC_SYNC_SIDE_SOURCE;
  FcSyncSide new_side = selected == FC_DIRECTION_TARGET_TO_SOURCE
                        ? FC_SYNC_SIDE_TARGET : FC_SYNC_SIDE_SOURCE;

  if (selected > FC_DIRECTION_BIDIRECTIONAL)
    return;

  fc_mapping_set_direction (self->mapping, selected);
  _fc_mapping_editor_mark_modified (self);
  _fc_mapping_editor_update_pair_rows (self);
  _fc_mapping_editor_validate (self);

  /* The preview reads the side the values come from. */
  if (old_side != new_side)
    _fc_mapping_editor_load_sample (self);
  else
    _fc_mapping_editor_update_preview (self);
}

static void
on_conflict_selected_cb (FcMappingEditor *self)
{
  guint selected = adw_combo_row_get_selected (self->conflict_row);

  if (selected > FC_CONFLICT_STRATEGY_MANUAL)
    return;
  fc_mapping_set_conflict_strategy (self->mapping, selected);
  _fc_mapping_editor_mark_modified (self);
}

static void
on_delete_selected_cb (FcMappingEditor *self)
{
  guint selected = adw_combo_row_get_selected (self->delete_row);

  if (selected > FC_DELETE_POLICY_DELETE)
    return;
  fc_mapping_set_delete_policy (self->mapping, selected);
  _fc_mapping_editor_mark_modified (self);
}

static void
on_schedule_selected_cb (FcMappingEditor *self)
{
  guint selected = adw_combo_row_get_selected (self->schedule_row);

  if (selected >= self->schedule_minutes->len)
    return;
  fc_mapping_set_schedule_minutes (self->mapping,
                                   g_array_index (self->schedule_minutes, guint, selected));
  _fc_mapping_editor_mark_modified (self);
}

/* Connections and objects */

static FcSyncSide
side_of_row (FcMappingEditor *self,
             AdwComboRow     *row)
{
  return row == self->source_connection_row || row == self->source_object_row
         ? FC_SYNC_SIDE_SOURCE : FC_SYNC_SIDE_TARGET;
}

static void
on_connection_selected_cb (AdwComboRow     *row,
                           GParamSpec      *pspec,
                           FcMappingEditor *self)
{
  FcSyncSide side = side_of_row (self, row);
  guint selected = adw_combo_row_get_selected (row);
  const char *id;

  if (self->updating || selected >= self->connection_ids->len)
    return;

  id = g_ptr_array_index (self->connection_ids, selected);
  if (side == FC_SYNC_SIDE_SOURCE)
    {
      fc_mapping_set_source_connection_id (self->mapping, id);
      fc_mapping_set_source_object (self->mapping, NULL);
    }
  else
    {
      fc_mapping_set_target_connection_id (self->mapping, id);
      fc_mapping_set_target_object (self->mapping, NULL);
    }
  _fc_mapping_editor_mark_modified (self);
  _fc_mapping_editor_validate (self);
  _fc_mapping_editor_load_objects (self, side);
}

static void
on_object_selected_cb (AdwComboRow     *row,
                       GParamSpec      *pspec,
                       FcMappingEditor *self)
{
  if (self->updating)
    return;

  _fc_mapping_editor_mark_modified (self);
  _fc_mapping_editor_select_object (self, side_of_row (self, row));
}

/* Takes the object the row shows into the mapping, and reads its fields. */
void
_fc_mapping_editor_select_object (FcMappingEditor *self,
                                  FcSyncSide       side)
{
  AdwComboRow *row = _fc_mapping_editor_get_object_row (self, side);
  GtkStringList *objects = self->sides[side].objects;
  guint selected = adw_combo_row_get_selected (row);
  const char *object = NULL;

  if (selected < g_list_model_get_n_items (G_LIST_MODEL (objects)))
    object = gtk_string_list_get_string (objects, selected);

  if (side == FC_SYNC_SIDE_SOURCE)
    fc_mapping_set_source_object (self->mapping, object);
  else
    fc_mapping_set_target_object (self->mapping, object);

  _fc_mapping_editor_validate (self);
  _fc_mapping_editor_load_fields (self, side);
}

static void
fill_connections (FcMappingEditor *self)
{
  GListModel *connections = fc_engine_get_connections (self->engine);
  g_autoptr (GtkStringList) titles = gtk_string_list_new (NULL);
  const char *chosen[2];
  guint n = g_list_model_get_n_items (connections);

  chosen[FC_SYNC_SIDE_SOURCE] = fc_mapping_get_source_connection_id (self->mapping);
  chosen[FC_SYNC_SIDE_TARGET] = fc_mapping_get_target_connection_id (self->mapping);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (FcConnection) connection = g_list_model_get_item (connections, i);
      g_autofree char *title = fc_connection_dup_title (connection);

      g_ptr_array_add (self->connection_ids, g_strdup (fc_connection_get_id (connection)));
      gtk_string_list_append (titles, title);
    }

  /* A new mapping starts from the first two accounts. */
  if (chosen[FC_SYNC_SIDE_SOURCE] == NULL && n > 0)
    {
      chosen[FC_SYNC_SIDE_SOURCE] = g_ptr_array_index (self->connection_ids, 0);
      fc_mapping_set_source_connection_id (self->mapping, chosen[FC_SYNC_SIDE_SOURCE]);
    }
  if (chosen[FC_SYNC_SIDE_TARGET] == NULL && n > 0)
    {
      chosen[FC_SYNC_SIDE_TARGET] = g_ptr_array_index (self->connection_ids, MIN (1, n - 1));
      fc_mapping_set_target_connection_id (self->mapping, chosen[FC_SYNC_SIDE_TARGET]);
    }

  adw_combo_row_set_model (self->source_connection_row, G_LIST_MODEL (titles));
  adw_combo_row_set_model (self->target_connection_row, G_LIST_MODEL (titles));
  for (guint i = 0; i < n; i++)
    {
      const char *id = g_ptr_array_index (self->connection_ids, i);

      if (g_strcmp0 (id, chosen[FC_SYNC_SIDE_SOURCE]) == 0)
        adw_combo_row_set_selected (self->source_connection_row, i);
      if (g_strcmp0 (id, chosen[FC_SYNC_SIDE_TARGET]) == 0)
        adw_combo_row_set_selected (self->target_connection_row, i);
    }
}

static void
fill_schedules (FcMappingEditor *self)
{
  g_autoptr (GtkStringList) labels = gtk_string_list_new (NULL);
  guint minutes = fc_mapping_get_schedule_minutes (self->mapping);
  gboolean offered = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (schedule_choices); i++)
    {
      g_array_append_val (self->schedule_minutes, schedule_choices[i]);
      offered = offered || schedule_choices[i] == minutes;
    }
  /* A schedule set elsewhere (the CLI, an import) stays offered. */
  if (!offered)
    g_array_append_val (self->schedule_minutes, minutes);

  for (guint i = 0; i < self->schedule_minutes->len; i++)
    {
      g_autofree char *label = describe_schedule_choice (g_array_index (self->schedule_minutes,
                                                                        guint, i));
      gtk_string_list_append (labels, label);
    }

  adw_combo_row_set_model (self->schedule_row, G_LIST_MODEL (labels));
  for (guint i = 0; i < self->schedule_minutes->len; i++)
    if (g_array_index (self->schedule_minutes, guint, i) == minutes)
      adw_combo_row_set_selected (self->schedule_row, i);
}

static void
show_mapping (FcMappingEditor *self)
{
  g_autofree char *rule = NULL;

  self->updating = TRUE;

  gtk_editable_set_text (GTK_EDITABLE (self->name_row),
                         fc_mapping_get_name (self->mapping) != NULL
                         ? fc_mapping_get_name (self->mapping) : "");
  rule = g_strjoinv (", ", (char **) fc_mapping_get_match_rule (self->mapping));
  gtk_editable_set_text (GTK_EDITABLE (self->match_row), rule);
  adw_combo_row_set_selected (self->direction_row, fc_mapping_get_direction (self->mapping));
  adw_combo_row_set_selected (self->conflict_row,
                              fc_mapping_get_conflict_strategy (self->mapping));
  adw_combo_row_set_selected (self->delete_row, fc_mapping_get_delete_policy (self->mapping));
  fill_schedules (self);
  fill_connections (self);

  for (FcSyncSide side = FC_SYNC_SIDE_SOURCE; side <= FC_SYNC_SIDE_TARGET; side++)
    adw_combo_row_set_model (_fc_mapping_editor_get_object_row (self, side),
                             G_LIST_MODEL (self->sides[side].objects));

  self->updating = FALSE;
}

/* Saving and closing */

static void ask_about_other_save (FcMappingEditor *self);

/* Saves and closes. Unless @over_other_save, a save made elsewhere since the editor opened (or
 * the mapping's removal) stops it, and the user is asked what to do. */
static gboolean
save (FcMappingEditor *self,
      gboolean         over_other_save)
{
  g_autoptr (GError) error = NULL;
  gboolean saved;

  _fc_mapping_editor_validate (self);
  if (!self->valid)
    return FALSE;

  saved = over_other_save
          ? fc_engine_save_mapping (self->engine, self->mapping, &error)
          : fc_engine_save_mapping_unless_changed (self->engine, self->mapping, &error);
  if (!saved)
    {
      self->modified = TRUE;
      if (g_error_matches (error, FC_STORE_ERROR, FC_STORE_ERROR_CHANGED))
        ask_about_other_save (self);
      else
        _fc_mapping_editor_show_general_error (self, error->message);
      return FALSE;
    }

  self->modified = FALSE;
  g_signal_emit (self, signals[SIGNAL_SAVED], 0, self->mapping);
  gtk_window_destroy (GTK_WINDOW (self));
  return TRUE;
}

static void
on_add_pair_clicked_cb (FcMappingEditor *self)
{
  _fc_mapping_editor_add_pair (self);
}

static void
on_save_clicked_cb (FcMappingEditor *self)
{
  save (self, FALSE);
}

/* Closing the editor takes its dialogs with it: it waits for the dialog's answer to be over. */
static gboolean
close_after_question (gpointer user_data)
{
  FcMappingEditor *self = user_data;

  if (!self->disposed)
    gtk_window_destroy (GTK_WINDOW (self));
  return G_SOURCE_REMOVE;
}

static gboolean
save_after_question (gpointer user_data)
{
  FcMappingEditor *self = user_data;

  if (!self->disposed)
    save (self, FALSE);
  return G_SOURCE_REMOVE;
}

static gboolean
replace_after_question (gpointer user_data)
{
  FcMappingEditor *self = user_data;

  if (!self->disposed)
    save (self, TRUE);
  return G_SOURCE_REMOVE;
}

/* The answer to either question: "discard" closes without saving, "save" saves, "replace"
 * saves over what was saved elsewhere; "cancel" goes back to editing. */
static void
on_question_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         FcMappingEditor  *self)
{
  GSourceFunc then = NULL;

  if (g_strcmp0 (response, "discard") == 0)
    {
      self->modified = FALSE;
      then = close_after_question;
    }
  else if (g_strcmp0 (response, "save") == 0)
    then = save_after_question;
  else if (g_strcmp0 (response, "replace") == 0)
    then = replace_after_question;

  if (then != NULL)
    g_idle_add_full (G_PRIORITY_DEFAULT, then, g_object_ref (self), g_object_unref);
}

/* Shows @dialog, modal to the editor; closing it is "cancel". */
static void
present_question (FcMappingEditor *self,
                  GtkWidget       *dialog)
{
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_question_response_cb), self, 0);
  gtk_window_set_application (GTK_WINDOW (dialog),
                              gtk_window_get_application (GTK_WINDOW (self)));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The mapping was saved or removed elsewhere (another window, fluxcascade-cli, an import)
 * after the editor opened: the user keeps editing, drops this version, or saves it over the
 * other one. */
static void
ask_about_other_save (FcMappingEditor *self)
{
  g_autoptr (FcMapping) stored = NULL;
  g_autofree char *body = NULL;
  const char *name;
  GtkWidget *dialog;

  stored = fc_store_get_mapping (fc_engine_get_store (self->engine),
                                 fc_mapping_get_id (self->mapping), NULL);
  name = self->original != NULL ? fc_mapping_get_name (self->original)
                                : fc_mapping_get_name (self->mapping);

  if (stored != NULL)
    /* Translators: %s names a mapping, as it was when the editor opened */
    body = g_strdup_printf (_("“%s” was saved in another window or by fluxcascade-cli after "
                              "you opened it. Replacing it with your version loses the changes "
                              "made there."), name);
  else
    /* Translators: %s names a mapping, as it was when the editor opened */
    body = g_strdup_printf (_("“%s” was removed in another window or by fluxcascade-cli after "
                              "you opened it. Saving your version adds it again, without its "
                              "links and sync history."), name);

  dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                   stored != NULL ? _("Mapping Changed Elsewhere")
                                                  : _("Mapping Removed Elsewhere"),
                                   body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Keep Editing"),
                                    "discard", _("_Discard Mine"),
                                    "replace", stored != NULL ? _("_Replace") : _("_Save Again"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "replace",
                                              stored != NULL ? ADW_RESPONSE_DESTRUCTIVE
                                                             : ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  present_question (self, dialog);
}

static gboolean
fc_mapping_editor_close_request (GtkWindow *window)
{
  FcMappingEditor *self = FC_MAPPING_EDITOR (window);
  GtkWidget *dialog;

  if (!self->modified)
    return GTK_WINDOW_CLASS (fc_mapping_editor_parent_class)->close_request (window);

  dialog = adw_message_dialog_new (window, _("Save Changes?"),
                                   _("The mapping has changes that are not saved. Changes "
                                     "that are discarded are lost."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save", self->valid);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog),
                                           self->valid ? "save" : "cancel");
  present_question (self, dialog);

  return TRUE;
}

/* GObject */

static void
save_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  save (FC_MAPPING_EDITOR (widget), FALSE);
}

static void
fc_mapping_editor_dispose (GObject *object)
{
  FcMappingEditor *self = FC_MAPPING_EDITOR (object);

  self->disposed = TRUE;
  for (FcSyncSide side = FC_SYNC_SIDE_SOURCE; side <= FC_SYNC_SIDE_TARGET; side++)
    {
      g_cancellable_cancel (self->sides[side].objects_load);
      g_cancellable_cancel (self->sides[side].fields_load);
    }
  g_cancellable_cancel (self->sample_load);

  if (self->mapping != NULL)
    _fc_mapping_editor_unbind_pairs (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), FC_TYPE_MAPPING_EDITOR);

  G_OBJECT_CLASS (fc_mapping_editor_parent_class)->dispose (object);
}

static void
fc_mapping_editor_finalize (GObject *object)
{
  FcMappingEditor *self = FC_MAPPING_EDITOR (object);

  for (FcSyncSide side = FC_SYNC_SIDE_SOURCE; side <= FC_SYNC_SIDE_TARGET; side++)
    {
      g_clear_object (&self->sides[side].objects);
      g_clear_object (&self->sides[side].catalogue);
      g_clear_object (&self->sides[side].objects_load);
      g_clear_object (&self->sides[side].fields_load);
    }
  g_clear_object (&self->sample);
  g_clear_object (&self->sample_load);
  g_free (self->sample_error);
  g_clear_object (&self->engine);
  g_clear_object (&self->original);
  g_clear_object (&self->mapping);
  g_ptr_array_unref (self->connection_ids);
  g_array_unref (self->schedule_minutes);
  g_ptr_array_unref (self->suggestions);
  g_hash_table_unref (self->rejected);

  G_OBJECT_CLASS (fc_mapping_editor_parent_class)->finalize (object);
}

static void
fc_mapping_editor_class_init (FcMappingEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = fc_mapping_editor_dispose;
  object_class->finalize = fc_mapping_editor_finalize;
  window_class->close_request = fc_mapping_editor_close_request;

  /**
   * FcMappingEditor::saved:
   * @mapping: the mapping as stored
   *
   * The mapping was saved; the editor closes.
   */
  signals[SIGNAL_SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, FC_TYPE_MAPPING);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "editor.save", NULL);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/com/fluxcascade/FluxCascade/fc-mapping-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, FcMappingEditor, add_pair_button);
  gtk_widget_class_bind_template_child (widget_class, FcMappingEditor, conflict_row);
  gtk_widget_class_bind_template_child (widget_class, FcMappingEditor, delete_row);
  gtk_widget_class_bind_template_child (widget_class, FcMappingEditor, direction_row);
  gtk_widget_class_bind_template_child (widget_class, FcMappingEditor, general_error_label);
  gtk_widget_class_bind_template_child (widget_class, FcMappingEditor, match_row);
  gtk_widget_class_bind_template_child (widget_class, FcMappingEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, FcMappingEditor, pairs_group);
  gtk_widget_class_bind_template_child (widget_class, FcMappingEditor, pairs_list);
  gtk_widget_class_bind_template_child (widget_class, FcMappingEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, FcMappingEditor, schedule_row);
  gtk_widget_class_bind_template_child (widget_class, FcMappingEditor, source_connection_row);
  gtk_widget_class_bind_template_child (widget_class, FcMappingEditor, source_object_row);
  gtk_widget_class_bind_template_child (widget_class, FcMappingEditor, spinner);
  gtk_widget_class_bind_template_child (widget_class, FcMappingEditor, suggestions_group);
  gtk_widget_class_bind_template_child (widget_class, FcMappingEditor, suggestions_list);
  gtk_widget_class_bind_template_child (widget_class, FcMappingEditor, target_connection_row);
  gtk_widget_class_bind_template_child (widget_class, FcMappingEditor, target_object_row);
  gtk_widget_class_bind_template_callback (widget_class, on_add_pair_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_match_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_name_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked_cb);
}

static void
fc_mapping_editor_init (FcMappingEditor *self)
{
  /* Template callbacks run while the template is built: nothing is edited yet. */
  self->updating = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->updating = FALSE;

  self->connection_ids = g_ptr_array_new_with_free_func (g_free);
  self->schedule_minutes = g_array_new (FALSE, FALSE, sizeof (guint));
  self->suggestions = g_ptr_array_new_with_free_func (g_object_unref);
  self->rejected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (FcSyncSide side = FC_SYNC_SIDE_SOURCE; side <= FC_SYNC_SIDE_TARGET; side++)
    self->sides[side].objects = gtk_string_list_new (NULL);
}

static void
fc_mapping_editor_constructed_for (FcMappingEditor *self)
{
  show_mapping (self);
  _fc_mapping_editor_bind_pairs (self);

  g_signal_connect_object (self->source_connection_row, "notify::selected",
                           G_CALLBACK (on_connection_selected_cb), self, 0);
  g_signal_connect_object (self->target_connection_row, "notify::selected",
                           G_CALLBACK (on_connection_selected_cb), self, 0);
  g_signal_connect_object (self->source_object_row, "notify::selected",
                           G_CALLBACK (on_object_selected_cb), self, 0);
  g_signal_connect_object (self->target_object_row, "notify::selected",
                           G_CALLBACK (on_object_selected_cb), self, 0);
  g_signal_connect_object (self->direction_row, "notify::selected",
                           G_CALLBACK (on_direction_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->conflict_row, "notify::selected",
                           G_CALLBACK (on_conflict_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->delete_row, "notify::selected",
                           G_CALLBACK (on_delete_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->schedule_row, "notify::selected",
                           G_CALLBACK (on_schedule_selected_cb), self, G_CONNECT_SWAPPED);

  _fc_mapping_editor_validate (self);
  for (FcSyncSide side = FC_SYNC_SIDE_SOURCE; side <= FC_SYNC_SIDE_TARGET; side++)
    _fc_mapping_editor_load_objects (self, side);
}

/**
 * fc_mapping_editor_new:
 * @parent: (nullable): the window the editor is modal to
 * @engine: the engine that holds the connections and stores the mapping
 * @mapping: (nullable): the mapping to edit, or %NULL for a new one
 *
 * Returns: (transfer none): a new editor, not yet shown
 */
FcMappingEditor *
fc_mapping_editor_new (GtkWindow *parent,
                       FcEngine  *engine,
                       FcMapping *mapping)
{
  FcMappingEditor *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (FC_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (mapping == NULL || FC_IS_MAPPING (mapping), NULL);

  self = g_object_new (FC_TYPE_MAPPING_EDITOR,
                       "transient-for", parent,
                       "application", parent != NULL ? gtk_window_get_application (parent) : NULL,
                       NULL);
  self->engine = g_object_ref (engine);

  if (mapping != NULL)
    {
      /* Translators: %s names a mapping */
      g_autofree char *title = g_strdup_printf (_("Edit “%s”"), fc_mapping_get_name (mapping));

      self->original = g_object_ref (mapping);
      self->mapping = fc_mapping_copy (mapping);
      gtk_window_set_title (GTK_WINDOW (self), title);
    }
  else
    {
      g_autoptr (GSettings) settings = g_settings_new (APP_ID);

      self->mapping = fc_mapping_new ();
      fc_mapping_set_schedule_minutes (self->mapping,
                                       g_settings_get_uint (settings, "default-schedule-minutes"));
    }

  fc_mapping_editor_constructed_for (self);

  return self;
}

FcMapping *
fc_mapping_editor_get_mapping (FcMappingEditor *self)
{
  g_return_val_if_fail (FC_IS_MAPPING_EDITOR (self), NULL);

  return self->mapping;
}

gboolean
fc_mapping_editor_is_busy (FcMappingEditor *self)
{
  g_return_val_if_fail (FC_IS_MAPPING_EDITOR (self), FALSE);

  return self->busy > 0;
}

gboolean
fc_mapping_editor_is_valid (FcMappingEditor *self)
{
  g_return_val_if_fail (FC_IS_MAPPING_EDITOR (self), FALSE);

  return self->valid;
}

gboolean
fc_mapping_editor_is_modified (FcMappingEditor *self)
{
  g_return_val_if_fail (FC_IS_MAPPING_EDITOR (self), FALSE);

  return self->modified;
}

FcRecord *
fc_mapping_editor_get_sample (FcMappingEditor *self)
{
  g_return_val_if_fail (FC_IS_MAPPING_EDITOR (self), NULL);

  return self->sample;
}

GPtrArray *
fc_mapping_editor_get_suggestions (FcMappingEditor *self)
{
  g_return_val_if_fail (FC_IS_MAPPING_EDITOR (self), NULL);

  return self->suggestions;
}
