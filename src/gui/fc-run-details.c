/* fc-run-details.c: what one sync run did, record by record
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The run's summary over the list of its events (FcEventRow), which a FcRunEventList reads a
 * page at a time, so that a run of a hundred thousand records opens as fast as a small one.
 * The events can be searched, narrowed to the failures, and exported as CSV; the export runs in
 * a thread, with its progress and a Cancel button in place of the Export button.
 */

#define G_LOG_DOMAIN "fc-run-details"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-run-details-row.h"
#include "fc-run-details.h"

struct _FcRunDetails
{
  GtkWidget       parent_instance;

  FcStore        *store;
  FcRunInfo      *run;
  FcRunEventList *events;
  GtkNoSelection *selection;
  /* Set while an export runs. */
  GCancellable   *export_cancellable;
  char           *export_name;

  /* Template children */
  GtkLabel       *error_label;
  GtkToggleButton *errors_button;
  GtkStack       *events_stack;
  GtkListView    *events_view;
  GtkProgressBar *export_progress;
  GtkStack       *export_stack;
  GtkSearchEntry *search_entry;
  GtkStack       *stack;
  GtkLabel       *status_label;
  GtkLabel       *summary_label;
  GtkLabel       *title_label;
};

G_DEFINE_FINAL_TYPE (FcRunDetails, fc_run_details, GTK_TYPE_WIDGET)

/* Labels */

char *
fc_run_details_format_duration (gint64 ms)
{
  if (ms < 0)
    return g_strdup (_("Running"));
  if (ms < 60 * 1000)
    return g_strdup_printf (_("%.1f s"), ms / 1000.0);
  if (ms < 3600 * 1000)
    return g_strdup_printf (_("%d min %d s"), (int) (ms / 60000), (int) (ms / 1000 % 60));
  return g_strdup_printf (_("%d h %d min"), (int) (ms / 3600000), (int) (ms / 60000 % 60));
}

const char *
fc_run_details_status_label (FcSyncStatus status)
{
  switch (status)
    {
    case FC_SYNC_STATUS_PENDING:
      return _("Pending");
    case FC_SYNC_STATUS_RUNNING:
      return _("Running");
    case FC_SYNC_STATUS_COMPLETED:
      return _("Completed");
    case FC_SYNC_STATUS_PARTIAL:
      return _("Partial");
    case FC_SYNC_STATUS_HELD:
      return _("Held");
    case FC_SYNC_STATUS_FAILED:
    default:
      return _("Failed");
    }
}

const char *
fc_run_details_status_class (FcSyncStatus status)
{
  switch (status)
    {
    case FC_SYNC_STATUS_COMPLETED:
      return "success";
    case FC_SYNC_STATUS_PARTIAL:
    case FC_SYNC_STATUS_HELD:
      return "warning";
    case FC_SYNC_STATUS_FAILED:
      return "error";
    case FC_SYNC_STATUS_PENDING:
    case FC_SYNC_STATUS_RUNNING:
    default:
      return "accent";
    }
}

const char *
fc_run_details_trigger_label (FcSyncTrigger trigger)
{
  switch (trigger)
    {
    case FC_SYNC_TRIGGER_SCHEDULE:
      return _("Schedule");
    case FC_SYNC_TRIGGER_WEBHOOK:
      return _("Webhook");
    case FC_SYNC_TRIGGER_STARTUP:
      return _("Start-up");
    case FC_SYNC_TRIGGER_MANUAL:
    default:
      return _("Manual");
    }
}

static const char * const status_classes[] = { "success", "warning", "error", "accent" };

static void
show_summary (FcRunDetails *self)
{
  const FcSyncCounts *counts = fc_run_info_get_counts (self->run);
  g_autoptr (GDateTime) utc = NULL;
  g_autoptr (GDateTime) local = NULL;
  g_autofree char *started = NULL;
  g_autofree char *title = NULL;
  g_autofree char *duration = NULL;
  g_autofree char *summary = NULL;
  const char *mapping_name = fc_run_info_get_mapping_name (self->run);
  const char *error = fc_run_info_get_error (self->run);

  utc = g_date_time_new_from_unix_utc (fc_run_info_get_started_ms (self->run) / 1000);
  local = g_date_time_to_local (utc);
  started = g_date_time_format (local, "%x %X");
  title = g_strdup_printf ("%s · %s", mapping_name[0] != '\0' ? mapping_name
                                                             : _("Removed mapping"), started);
  gtk_label_set_text (self->title_label, title);

  for (guint i = 0; i < G_N_ELEMENTS (status_classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), status_classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label),
                            fc_run_details_status_class (fc_run_info_get_status (self->run)));
  gtk_label_set_text (self->status_label,
                      fc_run_details_status_label (fc_run_info_get_status (self->run)));

  duration = fc_run_details_format_duration (fc_run_info_get_duration_ms (self->run));
  summary = g_strdup_printf (_("%s%s · %s · %u fetched, %u created, %u updated, %u skipped, "
                               "%u conflicts, %u failed"),
                             fc_run_details_trigger_label (fc_run_info_get_trigger (self->run)),
                             fc_run_info_get_dry_run (self->run) ? _(" (preview)") : "",
                             duration, counts->fetched, counts->created, counts->updated,
                             counts->skipped, counts->conflicts, counts->failed);
  gtk_label_set_text (self->summary_label, summary);

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
  gtk_label_set_text (self->error_label, error != NULL ? error : "");
}

static void
update_events_page (FcRunDetails *self)
{
  gboolean has_events = self->events != NULL &&
                        g_list_model_get_n_items (G_LIST_MODEL (self->events)) > 0;

  gtk_stack_set_visible_child_name (self->events_stack, has_events ? "events" : "empty");
}

static void
on_filter_changed_cb (FcRunDetails *self)
{
  g_autoptr (GError) error = NULL;

  if (self->events == NULL)
    return;

  if (!fc_run_event_list_set_filter (self->events,
                                     gtk_editable_get_text (GTK_EDITABLE (self->search_entry)),
                                     gtk_toggle_button_get_active (self->errors_button), &error))
    g_warning ("Cannot filter the events of the run: %s", error->message);
  update_events_page (self);
}

/* Rows */

static void
on_setup_event_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   gpointer                  user_data)
{
  gtk_list_item_set_child (list_item, fc_event_row_new (FALSE));
  gtk_list_item_set_activatable (list_item, FALSE);
}

static void
on_bind_event_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  gpointer                  user_data)
{
  fc_event_row_set_event (FC_EVENT_ROW (gtk_list_item_get_child (list_item)),
                          gtk_list_item_get_item (list_item));
}

static void
on_unbind_event_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item,
                    gpointer                  user_data)
{
  fc_event_row_set_event (FC_EVENT_ROW (gtk_list_item_get_child (list_item)), NULL);
}

/* Export */

static void
add_toast (FcRunDetails *self,
           const char   *text)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (text));
}

static void
update_export_actions (FcRunDetails *self)
{
  gboolean exporting = self->export_cancellable != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.export",
                                 self->run != NULL && !exporting);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.cancel-export", exporting);
}

static void
on_export_progress_cb (guint64  done,
                       guint64  total,
                       gpointer user_data)
{
  FcRunDetails *self = FC_RUN_DETAILS (user_data);
  double fraction = total > 0 ? (double) done / (double) total : 0.0;
  g_autofree char *text = NULL;

  if (self->export_cancellable == NULL)
    return;

  /* TRANSLATORS: the progress of an export, %d is the percentage done */
  text = g_strdup_printf (_("Exporting… %d%%"), (int) (fraction * 100.0));
  gtk_progress_bar_set_fraction (self->export_progress, fraction);
  gtk_progress_bar_set_text (self->export_progress, text);
}

static void
on_export_done_cb (GObject      *source_object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (FcRunDetails) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *count = NULL;
  g_autofree char *name = g_steal_pointer (&self->export_name);
  gint64 n_lines;

  n_lines = fc_run_log_export_csv_finish (FC_STORE (source_object), result, &error);

  /* Closed meanwhile: the export was cancelled, nobody is left to tell. */
  if (self->export_cancellable == NULL)
    return;
  g_clear_object (&self->export_cancellable);
  gtk_stack_set_visible_child_name (self->export_stack, "idle");
  update_export_actions (self);

  if (n_lines >= 0)
    {
      count = g_strdup_printf ("%'" G_GINT64_FORMAT, n_lines);
      /* TRANSLATORS: the first %s is a number of lines, the second a file name */
      text = g_strdup_printf (ngettext ("Exported %s line to %s",
                                        "Exported %s lines to %s", n_lines),
                              count, name);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    text = g_strdup (_("Export cancelled"));
  else
    text = g_strdup_printf (_("Export failed: %s"), error->message);
  add_toast (self, text);
}

void
fc_run_details_export_to_file (FcRunDetails *self,
                               GFile        *file)
{
  g_autofree char *basename = NULL;

  g_return_if_fail (FC_IS_RUN_DETAILS (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (self->run != NULL);
  g_return_if_fail (self->export_cancellable == NULL);

  basename = g_file_get_basename (file);
  self->export_name = g_filename_display_name (basename);
  self->export_cancellable = g_cancellable_new ();
  gtk_progress_bar_set_fraction (self->export_progress, 0.0);
  on_export_progress_cb (0, 0, self);
  gtk_stack_set_visible_child_name (self->export_stack, "running");
  update_export_actions (self);

  fc_run_log_export_csv_async (self->store, fc_run_info_get_id (self->run), file,
                               self->export_cancellable, on_export_progress_cb,
                               on_export_done_cb, g_object_ref (self));
}

gboolean
fc_run_details_get_exporting (FcRunDetails *self)
{
  g_return_val_if_fail (FC_IS_RUN_DETAILS (self), FALSE);

  return self->export_cancellable != NULL;
}

void
fc_run_details_cancel_export (FcRunDetails *self)
{
  g_return_if_fail (FC_IS_RUN_DETAILS (self));

  if (self->export_cancellable != NULL)
    g_cancellable_cancel (self->export_cancellable);
}

static void
on_export_response_cb (GtkNativeDialog *dialog,
                       int              response,
                       gpointer         user_data)
{
  g_autoptr (FcRunDetails) self = user_data;
  g_autoptr (GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);

  if (file == NULL || self->run == NULL || self->export_cancellable != NULL)
    return;

  fc_run_details_export_to_file (self, file);
}

static void
cancel_export_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  fc_run_details_cancel_export (FC_RUN_DETAILS (widget));
}

static void
export_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  FcRunDetails *self = FC_RUN_DETAILS (widget);
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;
  GtkRoot *root;

  if (self->run == NULL || self->export_cancellable != NULL)
    return;

  root = gtk_widget_get_root (widget);
  chooser = gtk_file_chooser_native_new (_("Export Run as CSV"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  name = g_strdup_printf ("%s.csv", fc_run_info_get_id (self->run));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_response_cb),
                    g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Run */

void
fc_run_details_set_store (FcRunDetails *self,
                          FcStore      *store)
{
  g_return_if_fail (FC_IS_RUN_DETAILS (self));

  g_set_object (&self->store, store);
}

void
fc_run_details_set_run (FcRunDetails *self,
                        FcRunInfo    *run)
{
  g_autoptr (GError) error = NULL;

  g_return_if_fail (FC_IS_RUN_DETAILS (self));

  /* An export is of the run shown: showing another one, or none, stops it. */
  if (self->run != NULL &&
      (run == NULL || g_strcmp0 (fc_run_info_get_id (run), fc_run_info_get_id (self->run)) != 0))
    fc_run_details_cancel_export (self);
  g_set_object (&self->run, run);
  update_export_actions (self);
  if (run == NULL || self->store == NULL)
    {
      g_clear_object (&self->events);
      gtk_no_selection_set_model (self->selection, NULL);
      gtk_stack_set_visible_child_name (self->stack, "none");
      return;
    }

  show_summary (self);
  gtk_stack_set_visible_child_name (self->stack, "run");

  /* Another run keeps the filters the user chose. */
  if (self->events == NULL ||
      g_strcmp0 (fc_run_event_list_get_run_id (self->events), fc_run_info_get_id (run)) != 0)
    {
      g_clear_object (&self->events);
      self->events = fc_run_event_list_new (self->store, fc_run_info_get_id (run), &error);
      if (self->events == NULL)
        g_warning ("Cannot read the events of the run %s: %s", fc_run_info_get_id (run),
                   error->message);
      gtk_no_selection_set_model (self->selection, G_LIST_MODEL (self->events));
    }
  on_filter_changed_cb (self);
}

FcRunInfo *
fc_run_details_get_run (FcRunDetails *self)
{
  g_return_val_if_fail (FC_IS_RUN_DETAILS (self), NULL);

  return self->run;
}

FcRunEventList *
fc_run_details_get_events (FcRunDetails *self)
{
  g_return_val_if_fail (FC_IS_RUN_DETAILS (self), NULL);

  return self->events;
}

void
fc_run_details_reload (FcRunDetails *self)
{
  g_return_if_fail (FC_IS_RUN_DETAILS (self));

  on_filter_changed_cb (self);
}

static void
fc_run_details_dispose (GObject *object)
{
  FcRunDetails *self = FC_RUN_DETAILS (object);

  /* Closing the view stops its export; on_export_done_cb () then finds nothing to update. */
  if (self->export_cancellable != NULL)
    {
      g_cancellable_cancel (self->export_cancellable);
      g_clear_object (&self->export_cancellable);
    }
  g_clear_pointer (&self->export_name, g_free);

  gtk_widget_dispose_template (GTK_WIDGET (self), FC_TYPE_RUN_DETAILS);

  g_clear_object (&self->selection);
  g_clear_object (&self->events);
  g_clear_object (&self->run);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (fc_run_details_parent_class)->dispose (object);
}

static void
fc_run_details_class_init (FcRunDetailsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fc_run_details_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/fluxcascade/FluxCascade/fc-run-details.ui");
  gtk_widget_class_bind_template_child (widget_class, FcRunDetails, error_label);
  gtk_widget_class_bind_template_child (widget_class, FcRunDetails, errors_button);
  gtk_widget_class_bind_template_child (widget_class, FcRunDetails, events_stack);
  gtk_widget_class_bind_template_child (widget_class, FcRunDetails, events_view);
  gtk_widget_class_bind_template_child (widget_class, FcRunDetails, export_progress);
  gtk_widget_class_bind_template_child (widget_class, FcRunDetails, export_stack);
  gtk_widget_class_bind_template_child (widget_class, FcRunDetails, search_entry);
  gtk_widget_class_bind_template_child (widget_class, FcRunDetails, stack);
  gtk_widget_class_bind_template_child (widget_class, FcRunDetails, status_label);
  gtk_widget_class_bind_template_child (widget_class, FcRunDetails, summary_label);
  gtk_widget_class_bind_template_child (widget_class, FcRunDetails, title_label);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed_cb);

  /* details.export asks where to write the run's events as CSV. */
  gtk_widget_class_install_action (widget_class, "details.export", NULL, export_activated);
  /* details.cancel-export stops the export under way; nothing is written. */
  gtk_widget_class_install_action (widget_class, "details.cancel-export", NULL,
                                   cancel_export_activated);
}

static void
fc_run_details_init (FcRunDetails *self)
{
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (on_setup_event_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (on_bind_event_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (on_unbind_event_cb), self);
  gtk_list_view_set_factory (self->events_view, factory);
  g_object_unref (factory);

  self->selection = gtk_no_selection_new (NULL);
  gtk_list_view_set_model (self->events_view, GTK_SELECTION_MODEL (self->selection));
  update_export_actions (self);
}
