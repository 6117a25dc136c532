/* fc-mappings-view.c: which objects are kept in sync, and in which direction
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The view lists the engine's mappings (FcMappingRow) and runs them: Sync now, Sync all,
 * Preview changes (a dry run whose plan FcPlanDialog shows) and the approval of a run the guard
 * held. It keeps one SyncOp per mapping that runs, so that rows made again while a run goes on
 * (the model replaces a mapping when it is saved) show its progress. Results are told in toasts
 * over the window, with a button that opens the run in the Activity view (win.show-run).
 * When another process runs the schedules of the data folder, a note above the list says which
 * (the scheduler's standby reason).
 */

#define G_LOG_DOMAIN "fc-mappings-view"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-mapping-editor.h"
#include "fc-mappings-view-private.h"
#include "fc-sync-store.h"
#include "fc-window.h"

G_DEFINE_FINAL_TYPE (FcMappingsView, fc_mappings_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ENGINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Rows */

static GtkWidget *
create_mapping_row (gpointer item,
                    gpointer user_data)
{
  FcMappingsView *self = FC_MAPPINGS_VIEW (user_data);
  GtkWidget *row = fc_mapping_row_new (self->engine, FC_MAPPING (item));

  if (g_hash_table_contains (self->ops, fc_mapping_get_id (FC_MAPPING (item))))
    fc_mapping_row_set_running (FC_MAPPING_ROW (row), TRUE);

  return row;
}

FcMappingRow *
_fc_mappings_view_find_row (FcMappingsView *self,
                            const char     *mapping_id)
{
  GtkListBoxRow *row;

  for (guint i = 0; (row = gtk_list_box_get_row_at_index (self->list_box, i)) != NULL; i++)
    {
      FcMapping *mapping = fc_mapping_row_get_mapping (FC_MAPPING_ROW (row));

      if (g_strcmp0 (fc_mapping_get_id (mapping), mapping_id) == 0)
        return FC_MAPPING_ROW (row);
    }

  return NULL;
}

static void
update_visible_page (FcMappingsView *self)
{
  gboolean has_items;

  has_items = self->mappings != NULL && g_list_model_get_n_items (self->mappings) > 0;
  gtk_stack_set_visible_child_name (self->stack, has_items ? "list" : "empty");
}

GtkWindow *
_fc_mappings_view_get_parent_window (FcMappingsView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* Results are told in a toast over the main window; @run_id adds a button to open its log. */
void
_fc_mappings_view_show_toast (FcMappingsView *self,
                              const char     *message,
                              const char     *run_id)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *markup = g_markup_escape_text (message, -1);
  AdwToast *toast;

  if (!FC_IS_WINDOW (root))
    return;

  toast = adw_toast_new (markup);
  if (run_id != NULL)
    {
      adw_toast_set_button_label (toast, _("View _Log"));
      adw_toast_set_action_name (toast, "win.show-run");
      adw_toast_set_action_target_value (toast, g_variant_new_string (run_id));
    }
  adw_toast_set_timeout (toast, 10);
  fc_window_add_toast (FC_WINDOW (root), toast);
}

/* Another process runs the schedules: say so above the list, while it lasts. */
static void
update_standby (FcMappingsView *self)
{
  const char *reason = NULL;

  if (self->engine != NULL)
    reason = fc_scheduler_get_standby_reason (fc_engine_get_scheduler (self->engine));
  if (reason != NULL)
    gtk_label_set_label (self->standby_label, reason);
  gtk_revealer_set_reveal_child (self->standby_revealer, reason != NULL);
}

/* Runs of any origin (schedules, webhooks, the CLI's through a reload) change the rows. */
static void
on_engine_event_cb (FcMappingsView *self,
                    const char     *type,
                    JsonNode       *data,
                    FcEngine       *engine)
{
  const char *mapping_id;
  FcMappingRow *row;

  if (!g_str_has_prefix (type, "sync.") || data == NULL || !JSON_NODE_HOLDS_OBJECT (data))
    return;

  mapping_id = json_object_get_string_member_with_default (json_node_get_object (data),
                                                           "mappingId", NULL);
  row = mapping_id != NULL ? _fc_mappings_view_find_row (self, mapping_id) : NULL;
  if (row != NULL && !g_hash_table_contains (self->ops, mapping_id))
    fc_mapping_row_update_status (row);
}

/* Actions of the rows */

static FcMapping *
lookup_for_action (FcMappingsView *self,
                   const char     *action_name,
                   const char     *id)
{
  FcMapping *mapping;

  mapping = self->engine != NULL ? fc_engine_lookup_mapping (self->engine, id) : NULL;
  if (mapping == NULL)
    g_warning ("%s: there is no mapping “%s”", action_name, id);

  return mapping;
}

static void
sync_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  fc_mappings_view_sync_mapping (FC_MAPPINGS_VIEW (widget),
                                 g_variant_get_string (parameter, NULL));
}

static void
cancel_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  FcMappingsView *self = FC_MAPPINGS_VIEW (widget);
  SyncOp *op = g_hash_table_lookup (self->ops, g_variant_get_string (parameter, NULL));

  if (op != NULL)
    g_cancellable_cancel (op->cancellable);
}

static void
preview_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  fc_mappings_view_preview_mapping (FC_MAPPINGS_VIEW (widget),
                                    g_variant_get_string (parameter, NULL));
}

static void
edit_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  fc_mappings_view_edit_mapping (FC_MAPPINGS_VIEW (widget),
                                 g_variant_get_string (parameter, NULL));
}

static void
approve_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  FcMappingsView *self = FC_MAPPINGS_VIEW (widget);
  const char *run_id = g_variant_get_string (parameter, NULL);
  g_autoptr (JsonObject) run = NULL;
  g_autoptr (GError) error = NULL;
  FcMapping *mapping;

  if (self->engine == NULL)
    return;

  run = fc_sync_store_get_run (fc_engine_get_store (self->engine), run_id, &error);
  if (run == NULL)
    {
      _fc_mappings_view_show_toast (self, error->message, NULL);
      return;
    }

  mapping = lookup_for_action (self, action_name,
                               json_object_get_string_member_with_default (run, "mappingId",
                                                                           ""));
  if (mapping != NULL)
    _fc_mappings_view_start_sync (self, mapping, SYNC_KIND_APPROVE, run_id);
}

/* Saving a switch replaces the mapping in the model, and so the row and its switch: the save
 * waits for the switch's signal to be over. */
typedef struct
{
  FcMappingsView *view;
  char           *id;
  gboolean        realtime;
  gboolean        value;
} SwitchChange;

static gboolean
save_switch_change (gpointer user_data)
{
  SwitchChange *change = user_data;
  FcMappingsView *self = change->view;
  g_autoptr (GError) error = NULL;
  FcMapping *mapping = NULL;

  /* The switch changes one setting of the mapping as stored: when another process saved it
   * since the engine last read it, the copy is taken again from what it saved. */
  for (guint attempt = 0; attempt < 2; attempt++)
    {
      g_autoptr (FcMapping) copy = NULL;

      g_clear_error (&error);
      if (attempt > 0 && !fc_engine_reload (self->engine, &error))
        break;
      mapping = self->engine != NULL ? fc_engine_lookup_mapping (self->engine, change->id)
                                     : NULL;
      if (mapping == NULL)
        return G_SOURCE_REMOVE;

      copy = fc_mapping_copy (mapping);
      if (change->realtime)
        fc_mapping_set_realtime (copy, change->value);
      else
        fc_mapping_set_active (copy, change->value);

      if (fc_engine_save_mapping_unless_changed (self->engine, copy, &error) ||
          !g_error_matches (error, FC_STORE_ERROR, FC_STORE_ERROR_CHANGED))
        break;
    }

  if (error != NULL)
    {
      FcMappingRow *row = _fc_mappings_view_find_row (self, change->id);
      /* Translators: %s names a mapping, the second says what went wrong */
      g_autofree char *message = g_strdup_printf (_("Could not save “%s”: %s"),
                                                  fc_mapping_get_name (mapping), error->message);

      _fc_mappings_view_show_toast (self, message, NULL);
      /* The row goes back to what is saved. */
      if (row != NULL)
        gtk_list_box_bind_model (self->list_box, self->mappings, create_mapping_row, self, NULL);
    }

  return G_SOURCE_REMOVE;
}

static void
switch_change_free (gpointer data)
{
  SwitchChange *change = data;

  g_object_unref (change->view);
  g_free (change->id);
  g_free (change);
}

static void
queue_switch_change (FcMappingsView *self,
                     GVariant       *parameter,
                     gboolean        realtime)
{
  SwitchChange *change = g_new0 (SwitchChange, 1);
  const char *id;

  g_variant_get (parameter, "(&sb)", &id, &change->value);
  change->view = g_object_ref (self);
  change->id = g_strdup (id);
  change->realtime = realtime;
  g_idle_add_full (G_PRIORITY_DEFAULT, save_switch_change, change, switch_change_free);
}

static void
set_active_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  queue_switch_change (FC_MAPPINGS_VIEW (widget), parameter, FALSE);
}

static void
set_realtime_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  queue_switch_change (FC_MAPPINGS_VIEW (widget), parameter, TRUE);
}

/* Removing */

static void
on_remove_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       FcMappingsView   *self)
{
  const char *id = g_object_get_data (G_OBJECT (dialog), "mapping-id");
  g_autofree char *name = g_strdup (g_object_get_data (G_OBJECT (dialog), "mapping-name"));
  g_autofree char *message = NULL;
  g_autoptr (GError) error = NULL;

  if (g_strcmp0 (response, "remove") != 0 || self->engine == NULL)
    return;

  if (fc_engine_remove_mapping (self->engine, id, &error))
    /* Translators: %s names a mapping */
    message = g_strdup_printf (_("Removed “%s”"), name);
  else
    /* Translators: %s names a mapping, the second says what went wrong */
    message = g_strdup_printf (_("Could not remove “%s”: %s"), name, error->message);

  _fc_mappings_view_show_toast (self, message, NULL);
}

static void
remove_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  FcMappingsView *self = FC_MAPPINGS_VIEW (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  g_autofree char *heading = NULL;
  FcMapping *mapping;
  GtkWidget *dialog;

  mapping = lookup_for_action (self, action_name, id);
  if (mapping == NULL)
    return;

  /* Translators: %s names a mapping */
  heading = g_strdup_printf (_("Remove “%s”?"), fc_mapping_get_name (mapping));
  dialog = adw_message_dialog_new (_fc_mappings_view_get_parent_window (self), heading,
                                   _("Records stay as they are in both accounts; their links "
                                     "and the history of this mapping are forgotten."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "mapping-id", g_strdup (id), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "mapping-name",
                          g_strdup (fc_mapping_get_name (mapping)), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The editor */

static void
on_editor_saved_cb (FcMappingEditor *editor,
                    FcMapping       *mapping,
                    FcMappingsView  *self)
{
  /* Translators: %s names a mapping */
  g_autofree char *message = g_strdup_printf (_("Saved “%s”"), fc_mapping_get_name (mapping));

  _fc_mappings_view_show_toast (self, message, NULL);
}

static void
present_editor (FcMappingsView *self,
                FcMapping      *mapping)
{
  FcMappingEditor *editor;

  if (self->engine == NULL)
    return;

  editor = fc_mapping_editor_new (_fc_mappings_view_get_parent_window (self), self->engine, mapping);
  g_signal_connect_object (editor, "saved", G_CALLBACK (on_editor_saved_cb), self, 0);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
on_row_activated_cb (FcMappingsView *self,
                     GtkListBoxRow  *row,
                     GtkListBox     *list_box)
{
  present_editor (self, fc_mapping_row_get_mapping (FC_MAPPING_ROW (row)));
}

/* The model */

static void
on_mappings_items_changed_cb (FcMappingsView *self,
                              guint           position,
                              guint           removed,
                              guint           added,
                              GListModel     *model)
{
  update_visible_page (self);
}

static void
release_engine (FcMappingsView *self)
{
  GHashTableIter iter;
  gpointer value;

  /* Runs still going end without the view. */
  g_hash_table_iter_init (&iter, self->ops);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      SyncOp *op = value;

      g_clear_weak_pointer (&op->view);
      g_hash_table_iter_steal (&iter);
    }

  if (self->mappings != NULL)
    g_signal_handlers_disconnect_by_func (self->mappings, on_mappings_items_changed_cb, self);
  g_clear_object (&self->mappings);
  if (self->engine != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->engine, on_engine_event_cb, self);
      g_signal_handlers_disconnect_by_func (fc_engine_get_scheduler (self->engine),
                                            update_standby, self);
    }
  g_clear_object (&self->engine);
}

static void
fc_mappings_view_dispose (GObject *object)
{
  FcMappingsView *self = FC_MAPPINGS_VIEW (object);

  release_engine (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), FC_TYPE_MAPPINGS_VIEW);

  G_OBJECT_CLASS (fc_mappings_view_parent_class)->dispose (object);
}

static void
fc_mappings_view_finalize (GObject *object)
{
  FcMappingsView *self = FC_MAPPINGS_VIEW (object);

  g_hash_table_unref (self->ops);

  G_OBJECT_CLASS (fc_mappings_view_parent_class)->finalize (object);
}

static void
fc_mappings_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  FcMappingsView *self = FC_MAPPINGS_VIEW (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      g_value_set_object (value, self->engine);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_mappings_view_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  FcMappingsView *self = FC_MAPPINGS_VIEW (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      fc_mappings_view_set_engine (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_mappings_view_class_init (FcMappingsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fc_mappings_view_dispose;
  object_class->finalize = fc_mappings_view_finalize;
  object_class->get_property = fc_mappings_view_get_property;
  object_class->set_property = fc_mappings_view_set_property;

  /**
   * FcMappingsView:engine:
   *
   * The engine whose mappings are listed.
   */
  properties[PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL,
                         FC_TYPE_ENGINE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "mappings.sync", "s", sync_activated);
  gtk_widget_class_install_action (widget_class, "mappings.cancel", "s", cancel_activated);
  gtk_widget_class_install_action (widget_class, "mappings.preview", "s", preview_activated);
  gtk_widget_class_install_action (widget_class, "mappings.edit", "s", edit_activated);
  gtk_widget_class_install_action (widget_class, "mappings.remove", "s", remove_activated);
  gtk_widget_class_install_action (widget_class, "mappings.approve", "s", approve_activated);
  gtk_widget_class_install_action (widget_class, "mappings.set-active", "(sb)",
                                   set_active_activated);
  gtk_widget_class_install_action (widget_class, "mappings.set-realtime", "(sb)",
                                   set_realtime_activated);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/fluxcascade/FluxCascade/fc-mappings-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FcMappingsView, list_box);
  gtk_widget_class_bind_template_child (widget_class, FcMappingsView, stack);
  gtk_widget_class_bind_template_child (widget_class, FcMappingsView, standby_label);
  gtk_widget_class_bind_template_child (widget_class, FcMappingsView, standby_revealer);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated_cb);
}

static void
fc_mappings_view_init (FcMappingsView *self)
{
  self->ops = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                     (GDestroyNotify) _fc_mappings_view_sync_op_free);

  gtk_widget_init_template (GTK_WIDGET (self));

  update_visible_page (self);
}

/**
 * fc_mappings_view_get_engine:
 * @self: a #FcMappingsView
 *
 * Returns: (transfer none) (nullable): the engine whose mappings are listed
 */
FcEngine *
fc_mappings_view_get_engine (FcMappingsView *self)
{
  g_return_val_if_fail (FC_IS_MAPPINGS_VIEW (self), NULL);

  return self->engine;
}

/**
 * fc_mappings_view_set_engine:
 * @self: a #FcMappingsView
 * @engine: (nullable): the engine whose mappings to list
 *
 * Lists the mappings of @engine, and follows that model as it changes.
 */
void
fc_mappings_view_set_engine (FcMappingsView *self,
                             FcEngine       *engine)
{
  g_return_if_fail (FC_IS_MAPPINGS_VIEW (self));
  g_return_if_fail (engine == NULL || FC_IS_ENGINE (engine));

  if (self->engine == engine)
    return;

  release_engine (self);

  if (engine != NULL)
    {
      self->engine = g_object_ref (engine);
      self->mappings = g_object_ref (fc_engine_get_mappings (engine));
      g_signal_connect_swapped (self->mappings,
                                "items-changed",
                                G_CALLBACK (on_mappings_items_changed_cb),
                                self);
      g_signal_connect_swapped (engine, "event", G_CALLBACK (on_engine_event_cb), self);
      g_signal_connect_swapped (fc_engine_get_scheduler (engine), "notify::standby-reason",
                                G_CALLBACK (update_standby), self);
    }

  update_standby (self);
  gtk_list_box_bind_model (self->list_box, self->mappings,
                           self->mappings != NULL ? create_mapping_row : NULL, self, NULL);
  update_visible_page (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENGINE]);
}

void
fc_mappings_view_add_mapping (FcMappingsView *self)
{
  g_return_if_fail (FC_IS_MAPPINGS_VIEW (self));

  present_editor (self, NULL);
}

void
fc_mappings_view_edit_mapping (FcMappingsView *self,
                               const char     *id)
{
  FcMapping *mapping;

  g_return_if_fail (FC_IS_MAPPINGS_VIEW (self));

  mapping = lookup_for_action (self, "mappings.edit", id);
  if (mapping != NULL)
    present_editor (self, mapping);
}

void
fc_mappings_view_sync_mapping (FcMappingsView *self,
                               const char     *id)
{
  FcMapping *mapping;

  g_return_if_fail (FC_IS_MAPPINGS_VIEW (self));

  mapping = lookup_for_action (self, "mappings.sync", id);
  if (mapping != NULL)
    _fc_mappings_view_start_sync (self, mapping, SYNC_KIND_RUN, NULL);
}

void
fc_mappings_view_preview_mapping (FcMappingsView *self,
                                  const char     *id)
{
  FcMapping *mapping;

  g_return_if_fail (FC_IS_MAPPINGS_VIEW (self));

  mapping = lookup_for_action (self, "mappings.preview", id);
  if (mapping != NULL)
    _fc_mappings_view_start_sync (self, mapping, SYNC_KIND_PREVIEW, NULL);
}

void
fc_mappings_view_sync_all (FcMappingsView *self)
{
  guint n;

  g_return_if_fail (FC_IS_MAPPINGS_VIEW (self));

  if (self->mappings == NULL)
    return;

  n = g_list_model_get_n_items (self->mappings);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (FcMapping) mapping = g_list_model_get_item (self->mappings, i);

      if (fc_mapping_get_active (mapping))
        _fc_mappings_view_start_sync (self, mapping, SYNC_KIND_RUN, NULL);
    }
}

gboolean
fc_mappings_view_sync_selected (FcMappingsView *self)
{
  GtkListBoxRow *row;
  GtkWidget *focus;

  g_return_val_if_fail (FC_IS_MAPPINGS_VIEW (self), FALSE);

  row = gtk_list_box_get_selected_row (self->list_box);
  if (row == NULL)
    {
      focus = gtk_widget_get_focus_child (GTK_WIDGET (self->list_box));
      row = GTK_IS_LIST_BOX_ROW (focus) ? GTK_LIST_BOX_ROW (focus) : NULL;
    }
  /* With a single mapping, there is no doubt which one is meant. */
  if (row == NULL && self->mappings != NULL && g_list_model_get_n_items (self->mappings) == 1)
    row = gtk_list_box_get_row_at_index (self->list_box, 0);
  if (row == NULL)
    return FALSE;

  _fc_mappings_view_start_sync (self, fc_mapping_row_get_mapping (FC_MAPPING_ROW (row)), SYNC_KIND_RUN, NULL);
  return TRUE;
}

gboolean
fc_mappings_view_is_syncing (FcMappingsView *self,
                             const char     *id)
{
  g_return_val_if_fail (FC_IS_MAPPINGS_VIEW (self), FALSE);

  return g_hash_table_contains (self->ops, id);
}
