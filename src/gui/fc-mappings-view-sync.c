/* fc-mappings-view-sync.c: the runs the Mappings view starts: Sync now, Sync all, Preview
 * changes and the approval of a held run
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each run has a SyncOp, kept in the view's table while the run goes, so that the row of its
 * mapping (made again whenever the model replaces the mapping) shows its progress and can
 * cancel it. The result is told in a toast over the window, with a button that opens the run in
 * the Activity view (win.show-run); a preview shows its plan in FcPlanDialog.
 */

#define G_LOG_DOMAIN "fc-mappings-view"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-mappings-view-private.h"
#include "fc-plan-dialog.h"
#include "fc-sync-store.h"

void
_fc_mappings_view_sync_op_free (SyncOp *op)
{
  g_clear_weak_pointer (&op->view);
  g_free (op->mapping_id);
  g_free (op->mapping_name);
  g_clear_object (&op->cancellable);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SyncOp, _fc_mappings_view_sync_op_free)

static const char *
describe_phase (FcSyncPhase phase)
{
  switch (phase)
    {
    case FC_SYNC_PHASE_FETCH:
      return _("Fetching changes");
    case FC_SYNC_PHASE_MATCH:
      return _("Matching records");
    case FC_SYNC_PHASE_APPLY:
    default:
      return _("Applying changes");
    }
}

static void
on_sync_progress (FcSyncPhase phase,
                  guint64     processed,
                  gint64      total,
                  gpointer    user_data)
{
  SyncOp *op = user_data;
  /* The share of the whole run each phase starts at, and how much it takes. */
  static const double starts[] = { 0.0, 0.4, 0.5 };
  static const double shares[] = { 0.4, 0.1, 0.5 };
  g_autofree char *text = NULL;
  FcMappingRow *row;
  double fraction = -1;

  if (op->view == NULL || (row = _fc_mappings_view_find_row (op->view, op->mapping_id)) == NULL)
    return;

  if (total > 0 && phase <= FC_SYNC_PHASE_APPLY)
    {
      fraction = starts[phase] + shares[phase] * MIN (1.0, (double) processed / total);
      /* Translators: a phase of a run ("Fetching changes"), then records done of the total */
      text = g_strdup_printf (_("%s: %llu of %lld"),
                              describe_phase (phase), (unsigned long long) processed,
                              (long long) total);
    }
  else
    /* Translators: a phase of a run ("Fetching changes"), then records done so far */
    text = g_strdup_printf (_("%s: %llu"), describe_phase (phase),
                            (unsigned long long) processed);

  fc_mapping_row_set_progress (row, fraction, text);
}

/* "3 created, 5 updated, 1 conflict" */
static char *
describe_counts (const FcSyncCounts *counts)
{
  g_autoptr (GString) text = g_string_new (NULL);

  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u created", "%u created",
                                             counts->created),
                          counts->created);
  g_string_append (text, _(", "));
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u updated", "%u updated",
                                             counts->updated),
                          counts->updated);
  if (counts->conflicts > 0)
    {
      g_string_append (text, _(", "));
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u conflict", "%u conflicts",
                                                 counts->conflicts),
                              counts->conflicts);
    }
  if (counts->failed > 0)
    {
      g_string_append (text, _(", "));
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u failed", "%u failed",
                                                 counts->failed),
                              counts->failed);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The id of the mapping's newest run, for a run that gave an error instead of a result. */
static char *
dup_last_run_id (FcMappingsView *self,
                 const char     *mapping_id)
{
  g_autoptr (JsonArray) runs = NULL;

  runs = fc_sync_store_list_runs (fc_engine_get_store (self->engine), mapping_id, 1, NULL);
  if (runs == NULL || json_array_get_length (runs) == 0)
    return NULL;

  return g_strdup (json_object_get_string_member_with_default (
                     json_array_get_object_element (runs, 0), "id", NULL));
}

static void
on_plan_apply_cb (FcPlanDialog   *dialog,
                  FcMappingsView *self)
{
  FcMapping *mapping;

  mapping = fc_engine_lookup_mapping (self->engine, fc_plan_dialog_get_mapping_id (dialog));
  if (mapping != NULL)
    _fc_mappings_view_start_sync (self, mapping, SYNC_KIND_RUN, NULL);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
tell_result (SyncOp       *op,
             FcSyncResult *result)
{
  FcMappingsView *self = op->view;
  g_autofree char *counts = describe_counts (fc_sync_result_get_counts (result));
  g_autofree char *message = NULL;
  const char *run_id = fc_sync_result_get_run_id (result);

  if (op->kind == SYNC_KIND_PREVIEW)
    {
      FcPlanDialog *dialog;

      dialog = fc_plan_dialog_new (_fc_mappings_view_get_parent_window (self), self->engine, result);
      g_signal_connect_object (dialog, "apply", G_CALLBACK (on_plan_apply_cb), self, 0);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  switch (fc_sync_result_get_status (result))
    {
    case FC_SYNC_STATUS_HELD:
      /* Translators: %s names a mapping, the second says why its run was held */
      message = g_strdup_printf (_("“%s” needs approval: %s"), op->mapping_name,
                                 fc_sync_result_get_message (result) != NULL
                                 ? fc_sync_result_get_message (result) : counts);
      break;

    case FC_SYNC_STATUS_PARTIAL:
      /* Translators: %s names a mapping, the second %s gives the counts of records */
      message = g_strdup_printf (_("Partly synced “%s”: %s"), op->mapping_name, counts);
      break;

    default:
      /* Translators: %s names a mapping, the second %s gives the counts of records, as in
       * "3 created, 5 updated, 1 conflict" */
      message = g_strdup_printf (_("Synced “%s”: %s"), op->mapping_name, counts);
      break;
    }

  _fc_mappings_view_show_toast (self, message, run_id);
}

static void
finish_op (SyncOp       *op,
           FcSyncResult *result,
           GError       *error)
{
  FcMappingsView *self = op->view;
  FcMappingRow *row;

  if (self == NULL)
    return;

  g_hash_table_steal (self->ops, op->mapping_id);
  row = _fc_mappings_view_find_row (self, op->mapping_id);
  if (row != NULL)
    fc_mapping_row_set_running (row, FALSE);

  if (result != NULL)
    tell_result (op, result);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *run_id = dup_last_run_id (self, op->mapping_id);
      /* Translators: %s names a mapping */
      g_autofree char *message = g_strdup_printf (_("Sync of “%s” cancelled"), op->mapping_name);

      _fc_mappings_view_show_toast (self, message, run_id);
    }
  else
    {
      g_autofree char *run_id = dup_last_run_id (self, op->mapping_id);
      /* Translators: %s names a mapping, the second %s says what went wrong */
      g_autofree char *message = g_strdup_printf (_("Sync of “%s” failed: %s"),
                                                  op->mapping_name, error->message);

      _fc_mappings_view_show_toast (self, message, run_id);
    }
}

static void
on_sync_done_cb (GObject      *source,
                 GAsyncResult *res,
                 gpointer      user_data)
{
  g_autoptr (SyncOp) op = user_data;
  g_autoptr (FcSyncResult) result = NULL;
  g_autoptr (GError) error = NULL;

  if (op->kind == SYNC_KIND_APPROVE)
    result = fc_engine_approve_run_finish (FC_ENGINE (source), res, &error);
  else
    result = fc_engine_sync_finish (FC_ENGINE (source), res, &error);
  finish_op (op, result, error);
}

void
_fc_mappings_view_start_sync (FcMappingsView *self,
                              FcMapping      *mapping,
                              SyncKind        kind,
                              const char     *held_run_id)
{
  FcSyncOptions options = { 0 };
  const char *id = fc_mapping_get_id (mapping);
  FcMappingRow *row;
  SyncOp *op;

  if (g_hash_table_contains (self->ops, id))
    return;

  op = g_new0 (SyncOp, 1);
  g_set_weak_pointer (&op->view, self);
  op->mapping_id = g_strdup (id);
  op->mapping_name = g_strdup (fc_mapping_get_name (mapping));
  op->kind = kind;
  op->cancellable = g_cancellable_new ();
  g_hash_table_insert (self->ops, op->mapping_id, op);

  row = _fc_mappings_view_find_row (self, id);
  if (row != NULL)
    fc_mapping_row_set_running (row, TRUE);

  options.trigger = FC_SYNC_TRIGGER_MANUAL;
  options.dry_run = kind == SYNC_KIND_PREVIEW;

  if (kind == SYNC_KIND_APPROVE)
    fc_engine_approve_run_async (self->engine, held_run_id, op->cancellable,
                                 on_sync_progress, op, on_sync_done_cb, op);
  else
    fc_engine_sync_async (self->engine, mapping, &options, op->cancellable,
                          on_sync_progress, op, on_sync_done_cb, op);
}
