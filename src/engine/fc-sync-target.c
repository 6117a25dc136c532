/* fc-sync-target.c: targeted runs, which sync only the records a webhook named
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A targeted run (FcSyncOptions.targets) replaces the FETCH step: instead of listing each side's
 * changes, it
 *
 * 1. moves the links of merged-away records to the record that survived the merge (or drops
 *    them when the survivor has a link of its own), so that a merge never deletes and creates;
 * 2. reads the named records by id, one call per side, and stages them as fetched; a record the
 *    provider reported deleted is staged as deleted, without a read; a record the read does not
 *    return is skipped with a log entry (a delete is acted on only when the provider says so);
 * 3. goes on to MATCH, MERGE and APPLY as any run does.
 *
 * The cursors are never moved by a targeted run: it read no listing.
 */

#define G_LOG_DOMAIN "fc-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-store-private.h"
#include "fc-sync-private.h"

static void read_side (GTask *task);

static void
fail_store (GTask  *task,
            GError *error)
{
  _fc_sync_job_fail (task, g_error_new (FC_SYNC_ERROR, FC_SYNC_ERROR_STORE, "%s",
                                        error->message));
  g_error_free (error);
}

/* Points the link @link_id at @record_id on @side. */
static gboolean
move_link (FcStore     *store,
           gint64       link_id,
           FcSyncSide   side,
           const char  *record_id,
           GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = _fc_store_prepare (store,
                            side == FC_SYNC_SIDE_SOURCE
                            ? "UPDATE links SET source_record_id = ?, updated_at = ? WHERE id = ?"
                            : "UPDATE links SET target_record_id = ?, updated_at = ? WHERE id = ?",
                            error);
  if (stmt == NULL)
    return FALSE;
  _fc_store_bind_text (stmt, 1, record_id);
  sqlite3_bind_int64 (stmt, 2, _fc_store_now_ms ());
  sqlite3_bind_int64 (stmt, 3, link_id);
  return _fc_store_step_done (store, stmt, _("Cannot move a link to the surviving record"),
                              error);
}

typedef struct {
  FcSyncJob  *job;
  GPtrArray  *told;   /* JsonObject {side, source, target, message}: emitted once stored */
} Relinks;

/* One merged-away record @merged_id of @target. */
static gboolean
relink_merged (Relinks       *relinks,
               FcSyncTarget  *target,
               const char    *merged_id,
               GError       **error)
{
  FcSyncJob *job = relinks->job;
  JsonObject *told;
  FcSyncSide side = target->side;
  const char *ids[2] = { NULL, NULL };
  g_autofree char *counterpart = NULL;
  g_autofree char *message = NULL;
  gint64 merged_link = 0;
  gint64 survivor_link = 0;
  gboolean survivor_linked;

  if (g_strcmp0 (merged_id, target->record_id) == 0)
    return TRUE;
  if (!fc_sync_store_find_link (job->store, job->mapping_id, side, merged_id, &merged_link,
                                &counterpart, error))
    return error == NULL || *error == NULL;

  survivor_linked = fc_sync_store_find_link (job->store, job->mapping_id, side,
                                             target->record_id, &survivor_link, NULL, error);
  if (!survivor_linked && error != NULL && *error != NULL)
    return FALSE;

  ids[side] = target->record_id;
  ids[!side] = counterpart;
  if (survivor_linked)
    message = g_strdup_printf (_("The %s record %s was merged into %s, which already has a "
                                 "counterpart; the link of %s is dropped and its counterpart "
                                 "%s kept"), fc_sync_side_to_string (side), merged_id,
                               target->record_id, merged_id, counterpart);
  else
    message = g_strdup_printf (_("The %s record %s was merged into %s; its counterpart %s is "
                                 "now linked to %s"), fc_sync_side_to_string (side), merged_id,
                               target->record_id, counterpart, target->record_id);

  if (job->options.dry_run)
    {
      _fc_sync_job_add_plan (job, FC_SYNC_PLAN_LINK, side, ids[FC_SYNC_SIDE_SOURCE],
                             ids[FC_SYNC_SIDE_TARGET], message, NULL);
      return TRUE;
    }

  if (survivor_linked)
    {
      if (!fc_sync_store_delete_link (job->store, merged_link, error))
        return FALSE;
    }
  else if (!move_link (job->store, merged_link, side, target->record_id, error))
    return FALSE;

  told = json_object_new ();
  json_object_set_int_member (told, "side", side);
  json_object_set_string_member (told, "source", ids[FC_SYNC_SIDE_SOURCE]);
  json_object_set_string_member (told, "target", ids[FC_SYNC_SIDE_TARGET]);
  json_object_set_string_member (told, "message", message);
  g_ptr_array_add (relinks->told, told);
  return fc_sync_store_add_event (job->store, job->result->run_id, "record.relinked", side,
                                  ids[FC_SYNC_SIDE_SOURCE], ids[FC_SYNC_SIDE_TARGET], message,
                                  NULL, error);
}

static gboolean
relink_all (FcStore  *store,
            gpointer  user_data,
            GError  **error)
{
  Relinks *relinks = user_data;
  FcSyncJob *job = relinks->job;

  for (guint i = 0; i < job->options.targets->len; i++)
    {
      FcSyncTarget *target = g_ptr_array_index (job->options.targets, i);

      for (guint m = 0; target->merged_ids != NULL && target->merged_ids[m] != NULL; m++)
        if (!relink_merged (relinks, target, target->merged_ids[m], error))
          return FALSE;
    }

  return TRUE;
}

/* Stages @record as fetched on @side. */
static gboolean
stage_record (FcSyncJob   *job,
              FcSyncSide   side,
              FcRecord    *record,
              GError     **error)
{
  if (!_fc_sync_job_stage_records (job, side, &record, 1, TRUE, error))
    return FALSE;
  job->result->counts.fetched++;
  return TRUE;
}

/* Whether @target is read on its side: only sides the mapping's direction reads from. */
static gboolean
wanted (FcSyncJob    *job,
        FcSyncTarget *target)
{
  return job->fetch_sides[target->side] && target->record_id != NULL &&
         *target->record_id != '\0';
}

typedef struct {
  FcSyncJob  *job;
  GPtrArray  *records;   /* of job->fetch_side */
} StagedRead;

static gboolean
stage_read (FcStore  *store,
            gpointer  user_data,
            GError  **error)
{
  StagedRead *read = user_data;
  FcSyncJob *job = read->job;
  FcSyncSide side = job->fetch_side;
  g_autoptr (GHashTable) found = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) done = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; read->records != NULL && i < read->records->len; i++)
    {
      FcRecord *record = g_ptr_array_index (read->records, i);

      g_hash_table_add (found, (gpointer) fc_record_get_id (record));
      if (!stage_record (job, side, record, error))
        return FALSE;
    }

  for (guint i = 0; i < job->options.targets->len; i++)
    {
      FcSyncTarget *target = g_ptr_array_index (job->options.targets, i);
      g_autoptr (FcRecord) gone = NULL;
      g_autofree char *message = NULL;

      if (target->side != side || !wanted (job, target) ||
          !g_hash_table_add (done, target->record_id))
        continue;

      if (target->deleted)
        {
          gone = fc_record_new (job->objects[side], target->record_id);
          fc_record_set_archived (gone, TRUE);
          fc_record_set_modified_ms (gone, _fc_store_now_ms ());
          if (!stage_record (job, side, gone, error))
            return FALSE;
          continue;
        }
      if (g_hash_table_contains (found, target->record_id))
        continue;

      /* Named by the webhook, but not there (yet, or for us): nothing is inferred. */
      message = g_strdup_printf (_("The %s record %s named by the webhook cannot be read; "
                                   "nothing is written for it"), fc_sync_side_to_string (side),
                                 target->record_id);
      job->result->counts.skipped++;
      if (job->options.dry_run)
        _fc_sync_job_add_plan (job, FC_SYNC_PLAN_SKIP, side,
                               side == FC_SYNC_SIDE_SOURCE ? target->record_id : NULL,
                               side == FC_SYNC_SIDE_TARGET ? target->record_id : NULL, message,
                               NULL);
      else if (!fc_sync_store_add_event (store, job->result->run_id, "record.skipped", side,
                                         side == FC_SYNC_SIDE_SOURCE ? target->record_id : NULL,
                                         side == FC_SYNC_SIDE_TARGET ? target->record_id : NULL,
                                         message, NULL, error))
        return FALSE;
    }

  return TRUE;
}

static void
next_side (GTask *task)
{
  FcSyncJob *job = g_task_get_task_data (task);

  if (job->fetch_side == FC_SYNC_SIDE_SOURCE)
    {
      job->fetch_side = FC_SYNC_SIDE_TARGET;
      read_side (task);
      return;
    }

  _fc_sync_job_progress (job, FC_SYNC_PHASE_FETCH, job->result->counts.fetched,
                         job->result->counts.fetched);
  _fc_sync_job_match (task);
}

static void
on_read_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  FcSyncJob *job = g_task_get_task_data (task);
  FcSyncSide side = job->fetch_side;
  g_autoptr (GPtrArray) records = NULL;
  GError *error = NULL;
  StagedRead read;

  records = fc_connector_read_records_finish (FC_CONNECTOR (object), result, &error);
  if (records == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _fc_sync_job_fail (task, error);
      else
        {
          _fc_sync_job_fail (task, g_error_new (FC_SYNC_ERROR, FC_SYNC_ERROR_FETCH,
                                                _("Cannot read the %s %s the webhook named: %s"),
                                                fc_sync_side_to_string (side),
                                                job->objects[side], error->message));
          g_error_free (error);
        }
      return;
    }

  read.job = job;
  read.records = records;
  if (!fc_store_run_in_transaction (job->store, stage_read, &read, &error))
    {
      fail_store (task, error);
      return;
    }

  if (_fc_sync_job_cancelled (task))
    return;
  next_side (task);
}

static void
read_side (GTask *task)
{
  FcSyncJob *job = g_task_get_task_data (task);
  FcSyncSide side = job->fetch_side;
  g_autoptr (GPtrArray) ids = g_ptr_array_new ();
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GError *error = NULL;
  gboolean any = FALSE;

  for (guint i = 0; i < job->options.targets->len; i++)
    {
      FcSyncTarget *target = g_ptr_array_index (job->options.targets, i);

      if (target->side != side || !wanted (job, target))
        continue;
      any = TRUE;
      if (!target->deleted && g_hash_table_add (seen, target->record_id))
        g_ptr_array_add (ids, target->record_id);
    }

  if (!any)
    {
      next_side (task);
      return;
    }

  if (ids->len == 0)
    {
      StagedRead read = { job, NULL };

      /* Only deletes: nothing to read. */
      if (!fc_store_run_in_transaction (job->store, stage_read, &read, &error))
        {
          fail_store (task, error);
          return;
        }
      next_side (task);
      return;
    }

  g_debug ("Run %s: reading %u %s %s named by a webhook", job->result->run_id, ids->len,
           fc_sync_side_to_string (side), job->objects[side]);
  g_ptr_array_add (ids, NULL);
  fc_connector_read_records_async (job->connectors[side], job->objects[side],
                                   (const char * const *) ids->pdata, job->read_fields[side],
                                   job->cancellable, on_read_cb, g_object_ref (task));
}

void
_fc_sync_job_fetch_targets (GTask *task)
{
  FcSyncJob *job = g_task_get_task_data (task);
  g_autoptr (GPtrArray) told = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  Relinks relinks = { job, told };
  GError *error = NULL;

  if (_fc_sync_job_cancelled (task))
    return;

  if (!fc_store_run_in_transaction (job->store, relink_all, &relinks, &error))
    {
      fail_store (task, error);
      return;
    }
  for (guint i = 0; i < told->len; i++)
    {
      JsonObject *said = g_ptr_array_index (told, i);

      _fc_sync_job_emit_record (job, "record.relinked",
                                json_object_get_int_member (said, "side"),
                                json_object_get_string_member (said, "source"),
                                json_object_get_string_member (said, "target"),
                                json_object_get_string_member (said, "message"));
    }

  job->fetch_side = FC_SYNC_SIDE_SOURCE;
  read_side (task);
}
