/* fc-sync-guard.c: holding unattended runs whose plan goes past the user's limits
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A run started by a schedule, a webhook or the app's start-up, with at least one limit set in
 * its FcSyncOptions and not approved, first runs as a dry run (the guard pass). Its plan is then
 * measured against the limits:
 *
 * - updates, as a share of the mapping's links (each linked record updated counts once), once
 *   at least min_updates_to_hold records are updated;
 * - creates, both sides together;
 * - any delete or archive.
 *
 * Past a limit, the run writes nothing: its plan goes to runs.plan, it ends "held" with a message
 * that names the limit, and waits for fc_engine_approve_run_async (). Within the limits the run
 * starts again, for real, from the recovery of intents (what it read is read again: the plan
 * was only a measure).
 */

#define G_LOG_DOMAIN "fc-sync"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "fc-enum-types.h"
#include "fc-store-private.h"
#include "fc-sync-private.h"

/* ---- the store ------------------------------------------------------------------------- */

gboolean
fc_sync_store_hold_run (FcStore     *store,
                        const char  *run_id,
                        JsonObject  *plan,
                        const char  *message,
                        GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autofree char *text = _fc_sync_store_json_text (plan);

  stmt = _fc_store_prepare (store, "UPDATE runs SET plan = ?, error = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  _fc_store_bind_text (stmt, 1, text);
  _fc_store_bind_text (stmt, 2, message);
  _fc_store_bind_text (stmt, 3, run_id);
  return _fc_store_step_done (store, stmt, _("Cannot store the plan of a held run"), error);
}

JsonObject *
fc_sync_store_get_held_run (FcStore     *store,
                            const char  *run_id,
                            GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (JsonObject) run = NULL;
  int rc;

  stmt = _fc_store_prepare (store,
                            "SELECT id, mapping_id, trigger, status, plan, error, approved_at, "
                            "approved_run_id FROM runs WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  _fc_store_bind_text (stmt, 1, run_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, FC_STORE_ERROR, FC_STORE_ERROR_NOT_FOUND, _("No run “%s”"), run_id);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      _fc_store_set_error_from_db (store, rc, _("Cannot read a run"), error);
      return NULL;
    }

  run = json_object_new ();
  _fc_sync_store_set_text (run, "id", stmt, 0);
  _fc_sync_store_set_text (run, "mappingId", stmt, 1);
  _fc_sync_store_set_text (run, "trigger", stmt, 2);
  _fc_sync_store_set_text (run, "status", stmt, 3);
  _fc_sync_store_set_json (run, "plan", stmt, 4);
  _fc_sync_store_set_text (run, "message", stmt, 5);
  _fc_sync_store_set_time (run, "approvedAt", stmt, 6);
  _fc_sync_store_set_text (run, "approvedRunId", stmt, 7);
  return g_steal_pointer (&run);
}

gboolean
fc_sync_store_approve_run (FcStore     *store,
                           const char  *run_id,
                           const char  *approved_by_run_id,
                           GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = _fc_store_prepare (store,
                            "UPDATE runs SET approved_at = ?, approved_run_id = ? "
                            "WHERE id = ? AND status = 'held'", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, _fc_store_now_ms ());
  _fc_store_bind_text (stmt, 2, approved_by_run_id);
  _fc_store_bind_text (stmt, 3, run_id);
  return _fc_store_step_done (store, stmt, _("Cannot mark the held run approved"), error);
}

gboolean
fc_sync_store_unapprove_run (FcStore     *store,
                             const char  *run_id,
                             const char  *approved_by_run_id,
                             GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = _fc_store_prepare (store,
                            "UPDATE runs SET approved_at = NULL, approved_run_id = NULL "
                            "WHERE id = ? AND status = 'held' AND approved_run_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  _fc_store_bind_text (stmt, 1, run_id);
  _fc_store_bind_text (stmt, 2, approved_by_run_id);
  return _fc_store_step_done (store, stmt, _("Cannot take back the approval of a held run"),
                              error);
}

/* ---- the guard ------------------------------------------------------------------------- */

/* Whether a targeted run cannot go past any limit, whatever its plan: each target updates at
 * most one link and creates at most one record, and only a deleted or merged target deletes.
 * Such runs (most webhook runs) skip the guard pass, which would read their records twice. */
static gboolean
targets_within_limits (const FcSyncOptions *options)
{
  guint n;

  if (options->targets == NULL)
    return FALSE;

  n = options->targets->len;
  if (options->max_update_percent > 0 && options->max_update_percent < 100 &&
      n >= options->min_updates_to_hold)
    return FALSE;
  if (options->max_creates > 0 && n > options->max_creates)
    return FALSE;
  for (guint i = 0; options->hold_deletes && i < n; i++)
    {
      FcSyncTarget *target = g_ptr_array_index (options->targets, i);

      if (target->deleted || (target->merged_ids != NULL && target->merged_ids[0] != NULL))
        return FALSE;
    }
  return TRUE;
}

gboolean
_fc_sync_guard_applies (const FcSyncOptions *options)
{
  gboolean unattended = options->trigger == FC_SYNC_TRIGGER_SCHEDULE ||
                        options->trigger == FC_SYNC_TRIGGER_WEBHOOK ||
                        options->trigger == FC_SYNC_TRIGGER_STARTUP;
  gboolean limited = (options->max_update_percent > 0 && options->max_update_percent < 100) ||
                     options->max_creates > 0 || options->hold_deletes;

  return unattended && limited && !options->dry_run && !options->approved &&
         options->approved_run_id == NULL && !targets_within_limits (options);
}

/* Why the plan of the guard pass must wait for the user, or NULL. */
static char *
exceeded_limit (FcSyncJob *job)
{
  const FcSyncOptions *options = &job->options;
  g_autoptr (GHashTable) updated = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint deletes = 0;
  guint creates = 0;
  guint links;
  guint share;

  for (guint i = 0; i < job->result->plan->len; i++)
    {
      FcSyncPlanEntry *entry = g_ptr_array_index (job->result->plan, i);

      switch (entry->kind)
        {
        case FC_SYNC_PLAN_UPDATE:
          g_hash_table_add (updated, g_strdup_printf ("%s\x1f%s",
                                                      entry->source_id != NULL
                                                      ? entry->source_id : "",
                                                      entry->target_id != NULL
                                                      ? entry->target_id : ""));
          break;
        case FC_SYNC_PLAN_CREATE:
          creates++;
          break;
        case FC_SYNC_PLAN_DELETE:
          deletes++;
          break;
        case FC_SYNC_PLAN_LINK:
        case FC_SYNC_PLAN_CONFLICT:
        case FC_SYNC_PLAN_SKIP:
        case FC_SYNC_PLAN_PARK:
        default:
          break;
        }
    }

  if (options->hold_deletes && deletes > 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Would delete or archive %u record; deletes wait for "
                                         "approval",
                                         "Would delete or archive %u records; deletes wait for "
                                         "approval", deletes), deletes);

  if (options->max_creates > 0 && creates > options->max_creates)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Would create %u record; the limit is %u",
                                         "Would create %u records; the limit is %u", creates),
                            creates, options->max_creates);

  links = fc_sync_store_count_links (job->store, job->mapping_id, NULL);
  if (options->max_update_percent > 0 && options->max_update_percent < 100 && links > 0 &&
      g_hash_table_size (updated) >= options->min_updates_to_hold &&
      (guint64) g_hash_table_size (updated) * 100 > (guint64) options->max_update_percent * links)
    {
      share = (guint) (((guint64) g_hash_table_size (updated) * 100 + links / 2) / links);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Would update %u%% of %u linked record; the limit is "
                                           "%u%%",
                                           "Would update %u%% of %u linked records; the limit is "
                                           "%u%%", links),
                              share, links, options->max_update_percent);
    }

  return NULL;
}

static JsonObject *
held_plan (FcSyncJob  *job,
           const char *message)
{
  JsonObject *object = json_object_new ();
  JsonArray *entries = json_array_new ();

  json_object_set_string_member (object, "reason", message);
  json_object_set_string_member (object, "trigger",
                                 fc_enum_to_nick (FC_TYPE_SYNC_TRIGGER, job->options.trigger));
  json_object_set_object_member (object, "counts",
                                 _fc_sync_counts_to_json (&job->result->counts));
  for (guint i = 0; i < job->result->plan->len; i++)
    json_array_add_element (entries,
                            fc_sync_plan_entry_to_json (g_ptr_array_index (job->result->plan, i)));
  json_object_set_array_member (object, "entries", entries);

  if (job->options.targets != NULL)
    {
      JsonArray *targets = json_array_new ();

      for (guint i = 0; i < job->options.targets->len; i++)
        {
          FcSyncTarget *target = g_ptr_array_index (job->options.targets, i);
          JsonObject *item = json_object_new ();
          JsonArray *merged = json_array_new ();

          json_object_set_string_member (item, "side", fc_sync_side_to_string (target->side));
          json_object_set_string_member (item, "recordId", target->record_id);
          json_object_set_boolean_member (item, "deleted", target->deleted);
          for (guint m = 0; target->merged_ids != NULL && target->merged_ids[m] != NULL; m++)
            json_array_add_string_element (merged, target->merged_ids[m]);
          json_object_set_array_member (item, "mergedIds", merged);
          json_array_add_object_element (targets, item);
        }
      json_object_set_array_member (object, "targets", targets);
    }

  return object;
}

/* Restarts the run for real: everything the guard pass learnt is forgotten but its run row. */
static void
restart_for_real (GTask *task)
{
  FcSyncJob *job = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  job->guard_pass = FALSE;
  job->options.dry_run = FALSE;
  memset (&job->result->counts, 0, sizeof job->result->counts);
  g_ptr_array_set_size (job->result->plan, 0);
  if (!fc_sync_store_stage_clear (job->store, job->result->run_id, &error))
    {
      _fc_sync_job_fail (task, g_error_new (FC_SYNC_ERROR, FC_SYNC_ERROR_STORE, "%s",
                                            error->message));
      return;
    }
  for (guint i = 0; i < 2; i++)
    {
      job->context_sides[i] = FALSE;
      job->full_listing[i] = FALSE;
      job->cursor_ms[i] = -1;
      job->seen_ms[i] = -1;
      job->totals[i] = -1;
      job->pages_read[i] = 0;
      job->records_read[i] = 0;
      job->listing_cut[i] = FALSE;
    }
  g_clear_pointer (&job->result->message, g_free);
  _fc_sync_job_reset_listing (job);
  g_clear_pointer (&job->intents, g_ptr_array_unref);
  job->intent_index = 0;
  g_clear_pointer (&job->match_rows, g_ptr_array_unref);
  job->match_index = 0;
  g_clear_pointer (&job->ahead, _fc_sync_chunk_free);
  job->rows_done = FALSE;
  job->processed = 0;
  job->total = 0;

  g_debug ("Run %s: within the guard's limits, running for real", job->result->run_id);
  _fc_sync_job_recover (task);
}

gboolean
_fc_sync_guard_finish (GTask *task)
{
  FcSyncJob *job = g_task_get_task_data (task);
  g_autoptr (JsonObject) plan = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;
  JsonObject *data;

  if (!job->guard_pass)
    return FALSE;

  message = exceeded_limit (job);
  if (message == NULL)
    {
      restart_for_real (task);
      return TRUE;
    }

  g_debug ("Run %s held: %s", job->result->run_id, message);
  plan = held_plan (job, message);
  g_free (job->result->message);
  job->result->message = g_strdup (message);
  _fc_sync_job_close (job, FC_SYNC_STATUS_HELD);
  if (!fc_sync_store_hold_run (job->store, job->result->run_id, plan, message, &error))
    g_warning ("Run %s: %s", job->result->run_id, error->message);

  data = _fc_sync_job_event_data (job);
  json_object_set_string_member (data, "message", message);
  _fc_sync_emit (job, "sync.held", data);
  g_task_return_pointer (task, fc_sync_result_ref (job->result),
                         (GDestroyNotify) fc_sync_result_unref);
  return TRUE;
}

/* ---- approval -------------------------------------------------------------------------- */

static GPtrArray *
targets_from_plan (JsonObject *plan)
{
  JsonArray *array;
  GPtrArray *targets;

  if (plan == NULL || !json_object_has_member (plan, "targets"))
    return NULL;

  array = json_object_get_array_member (plan, "targets");
  targets = g_ptr_array_new_with_free_func ((GDestroyNotify) fc_sync_target_free);
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *item = json_array_get_object_element (array, i);
      JsonArray *merged = json_object_get_array_member (item, "mergedIds");
      g_autoptr (GPtrArray) ids = g_ptr_array_new ();
      const char *side = json_object_get_string_member_with_default (item, "side", "source");
      const char *record_id = json_object_get_string_member_with_default (item, "recordId",
                                                                          NULL);

      if (record_id == NULL)
        continue;
      for (guint m = 0; merged != NULL && m < json_array_get_length (merged); m++)
        g_ptr_array_add (ids, (gpointer) json_array_get_string_element (merged, m));
      g_ptr_array_add (ids, NULL);
      g_ptr_array_add (targets,
                       fc_sync_target_new (g_str_equal (side, "target") ? FC_SYNC_SIDE_TARGET
                                                                        : FC_SYNC_SIDE_SOURCE,
                                           record_id,
                                           json_object_get_boolean_member_with_default (item,
                                                                                        "deleted",
                                                                                        FALSE),
                                           (const char * const *) ids->pdata));
    }
  return targets;
}

static void
on_approved_run_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;
  FcSyncResult *outcome;

  outcome = fc_engine_sync_finish (FC_ENGINE (source), result, &error);
  g_task_set_task_data (task, g_strdup (fc_engine_sync_get_run_id (FC_ENGINE (source), result)),
                        g_free);
  if (outcome == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, outcome, (GDestroyNotify) fc_sync_result_unref);
}

void
fc_engine_approve_run_async (FcEngine            *self,
                             const char          *run_id,
                             GCancellable        *cancellable,
                             FcSyncProgressFunc   progress,
                             gpointer             progress_data,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (JsonObject) run = NULL;
  g_autoptr (GPtrArray) targets = NULL;
  g_autoptr (GError) error = NULL;
  FcSyncOptions options = { .trigger = FC_SYNC_TRIGGER_MANUAL };
  JsonObject *plan = NULL;
  FcMapping *mapping;
  int trigger;

  g_return_if_fail (FC_IS_ENGINE (self));
  g_return_if_fail (run_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fc_engine_approve_run_async);

  run = fc_sync_store_get_held_run (fc_engine_get_store (self), run_id, &error);
  if (run == NULL ||
      g_strcmp0 (json_object_get_string_member (run, "status"), "held") != 0 ||
      !json_object_get_null_member (run, "approvedAt"))
    {
      g_task_return_new_error (task, FC_SYNC_ERROR, FC_SYNC_ERROR_NOT_FOUND,
                               _("No held run “%s” waits for approval"), run_id);
      return;
    }

  mapping = fc_engine_lookup_mapping (self, json_object_get_string_member (run, "mappingId"));
  if (mapping == NULL)
    {
      g_task_return_new_error (task, FC_SYNC_ERROR, FC_SYNC_ERROR_NOT_FOUND,
                               _("The mapping of the held run “%s” no longer exists"), run_id);
      return;
    }

  if (fc_enum_from_nick (FC_TYPE_SYNC_TRIGGER, json_object_get_string_member (run, "trigger"),
                         &trigger))
    options.trigger = trigger;
  if (!json_object_get_null_member (run, "plan"))
    plan = json_object_get_object_member (run, "plan");
  targets = targets_from_plan (plan);
  options.targets = targets;
  options.approved = TRUE;
  options.approved_run_id = run_id;

  fc_engine_sync_async (self, mapping, &options, cancellable, progress, progress_data,
                        on_approved_run_cb, g_steal_pointer (&task));
}

FcSyncResult *
fc_engine_approve_run_finish (FcEngine      *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (FC_IS_ENGINE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
