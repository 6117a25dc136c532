/* fc-sync-match.c: finding the counterpart of each fetched record that has no link yet
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Stored links come first (one UPDATE over the staging table). Then, with external ID storage,
 * a record that holds the id of a free record of the other side is paired with it. A record
 * still unlinked is matched by the mapping's match key, compared normalised (trimmed,
 * lowercased for emails):
 *
 * - another record of its own side with the same key: ambiguous, parked;
 * - exactly one free record of the other side fetched in this run with that key: the pair;
 * - several, or one already linked to something else: ambiguous, parked;
 * - none fetched: when the other side was listed whole in this run there is none to find by
 *   that key; otherwise the other side is asked (find_records) and the answer decides the same
 *   way;
 * - with none found, the rule's next entries (e.g. the phone after the email) are asked of the
 *   other side in order: the first to find exactly one free record pairs it, several park the
 *   record; when no entry finds any, the record's counterpart is created.
 *
 * A parked record is never guessed at and never created; the log says which key found what.
 * Matching only writes the staging table: links are stored by the apply step, with the bases.
 */

#define G_LOG_DOMAIN "fc-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-sync-private.h"

static void match_rows (GTask *task);

static const char *
side_label (FcSyncSide side)
{
  return side == FC_SYNC_SIDE_SOURCE ? _("source") : _("target");
}

static gboolean
flows_from (FcSyncJob  *job,
            FcSyncSide  side)
{
  FcDirection direction = fc_mapping_get_direction (job->mapping);

  if (side == FC_SYNC_SIDE_SOURCE)
    return direction != FC_DIRECTION_TARGET_TO_SOURCE;
  return direction != FC_DIRECTION_SOURCE_TO_TARGET;
}

gboolean
_fc_sync_job_stage_records (FcSyncJob   *job,
                            FcSyncSide   side,
                            FcRecord   **records,
                            guint        n_records,
                            gboolean     fetched,
                            GError     **error)
{
  g_autofree FcSyncStageEntry *entries = g_new0 (FcSyncStageEntry, n_records);
  gboolean staged;

  for (guint i = 0; i < n_records; i++)
    {
      entries[i].record = records[i];
      _fc_sync_job_match_value (job, side, records[i], &entries[i].match_raw,
                                &entries[i].match_value);
    }
  staged = fc_sync_store_stage_put (job->store, job->result->run_id, side, entries, n_records,
                                    fetched, job->used_fields[side], error);
  for (guint i = 0; i < n_records; i++)
    {
      g_free (entries[i].match_raw);
      g_free (entries[i].match_value);
    }

  return staged;
}

static char *
planned_key (FcSyncSide  side,
             const char *record_id)
{
  return g_strconcat (fc_sync_side_to_string (side), ":", record_id, NULL);
}

/* Every plan matching sets goes through here, so that decide_rows () knows which candidates
 * of its batch (rows of the other side) changed since the batch was read. The row is found by
 * its @rowid, or by @record_id when @rowid is 0. */
static gboolean
set_plan (FcSyncJob    *job,
          FcSyncSide    side,
          gint64        rowid,
          const char   *record_id,
          const char   *plan,
          const char   *counterpart_id,
          GError      **error)
{
  if (side != job->match_side)
    {
      if (job->match_planned == NULL)
        job->match_planned = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_add (job->match_planned, planned_key (side, record_id));
    }
  return fc_sync_store_stage_set_plan (job->store, job->result->run_id, side, rowid, record_id,
                                       plan, counterpart_id, error);
}

static gboolean
park_row (FcSyncJob     *job,
          FcSyncStaged  *row,
          const char    *message,
          GError       **error)
{
  const char *source_id = row->side == FC_SYNC_SIDE_SOURCE ? row->record_id : NULL;
  const char *target_id = row->side == FC_SYNC_SIDE_TARGET ? row->record_id : NULL;

  if (!set_plan (job, row->side, row->rowid, row->record_id, "park", NULL, error))
    return FALSE;

  job->result->counts.parked++;
  if (job->options.dry_run)
    {
      _fc_sync_job_add_plan (job, FC_SYNC_PLAN_PARK, row->side, source_id, target_id, message,
                             NULL);
      return TRUE;
    }
  return fc_sync_store_add_event (job->store, job->result->run_id, "record.parked", row->side,
                                  source_id, target_id, message, NULL, error);
}

/* No counterpart exists: create one where the mapping writes, else leave the record alone. */
static gboolean
plan_create (FcSyncJob     *job,
             FcSyncStaged  *row,
             GError       **error)
{
  return set_plan (job, row->side, row->rowid, row->record_id,
                   flows_from (job, row->side) ? "create" : "skip", NULL, error);
}

/* @other_rowid: the row of @other_id, or 0 when not known */
static gboolean
pair_rows (FcSyncJob     *job,
           FcSyncStaged  *row,
           gint64         other_rowid,
           const char    *other_id,
           GError       **error)
{
  return set_plan (job, row->side, row->rowid, row->record_id, "link", other_id, error) &&
         set_plan (job, !row->side, other_rowid, other_id, "paired", row->record_id, error);
}

/* External ID storage, after the links and before the match rule: a record that holds the id
 * of a record of the other side, not linked to anything else, is paired with it (*out_paired).
 * An id that names a linked record, or a record matching decided otherwise, is not trusted:
 * the match rule decides. */
static gboolean
match_external_id (FcSyncJob     *job,
                   FcSyncStaged  *row,
                   gboolean      *out_paired,
                   GError       **error)
{
  FcSyncSide other = !row->side;
  const char *field = job->external_fields[row->side];
  g_autoptr (FcRecord) record = NULL;
  g_autoptr (FcSyncStaged) counterpart = NULL;
  g_autofree char *value = NULL;
  gboolean linked;

  *out_paired = FALSE;
  if (field == NULL)
    return TRUE;
  record = fc_sync_staged_dup_record (row, job->objects[row->side]);
  value = record != NULL ? fc_record_dup_string (record, field) : NULL;
  if (value == NULL || *g_strstrip (value) == '\0')
    return TRUE;

  linked = fc_sync_store_find_link (job->store, job->mapping_id, other, value, NULL, NULL,
                                    error);
  if (error != NULL && *error != NULL)
    return FALSE;
  if (linked)
    return TRUE;

  counterpart = fc_sync_store_stage_get (job->store, job->result->run_id, other, value, error);
  if (counterpart == NULL && error != NULL && *error != NULL)
    return FALSE;
  if (counterpart != NULL &&
      (counterpart->link_id != 0 ||
       (counterpart->plan != NULL && !g_str_equal (counterpart->plan, "create"))))
    return TRUE;

  g_debug ("Run %s: %s record %s holds the %s id %s in %s", job->result->run_id,
           fc_sync_side_to_string (row->side), row->record_id, fc_sync_side_to_string (other),
           value, field);
  *out_paired = TRUE;
  return pair_rows (job, row, counterpart != NULL ? counterpart->rowid : 0, value, error);
}

/* The rule's entries after the first are tried in order, from @from, when the ones before found
 * no counterpart: the first the record has a value for is asked of the other side
 * (*out_ask, with job->match_entry and job->match_asked). With none left, the counterpart is
 * created. */
static gboolean
next_entry (FcSyncJob     *job,
            FcSyncStaged  *row,
            guint          from,
            gboolean      *out_ask,
            GError       **error)
{
  g_autoptr (FcRecord) record = NULL;
  GPtrArray *fields = job->rule_fields[row->side];

  *out_ask = FALSE;
  if (from < fields->len)
    record = fc_sync_staged_dup_record (row, job->objects[row->side]);

  for (guint e = from; record != NULL && e < fields->len; e++)
    {
      const char *field = g_ptr_array_index (fields, e);
      g_autofree char *raw = fc_record_dup_string (record, field);
      g_autofree char *key = _fc_sync_normalise_key (field, raw);

      if (key == NULL)
        continue;
      job->match_entry = e;
      g_free (job->match_asked);
      job->match_asked = g_strstrip (g_steal_pointer (&raw));
      *out_ask = TRUE;
      return TRUE;
    }

  return plan_create (job, row, error);
}

/* Decides what it can from the staging table; *out_ask when the other side must be asked. */
static gboolean
decide_row (FcSyncJob     *job,
            FcSyncStaged  *row,
            gboolean      *out_ask,
            GError       **error)
{
  FcSyncSide other = !row->side;
  const char *field = job->match_fields[row->side];
  g_autoptr (GPtrArray) own = NULL;
  FcSyncStagedCandidates *candidates = &row->candidates;
  g_autofree char *message = NULL;
  gboolean paired = FALSE;

  *out_ask = FALSE;

  /* A record the provider reports deleted gets no counterpart. */
  if (row->archived)
    return set_plan (job, row->side, row->rowid, row->record_id, "skip", NULL, error);

  if (!match_external_id (job, row, &paired, error))
    return FALSE;
  if (paired)
    return TRUE;

  if (row->match_value == NULL)
    return next_entry (job, row, 1, out_ask, error);

  /* Rows of the side being matched are only planned, never staged, while it is: the values
   * several of them have are read once, and a row with any other value is alone with it. */
  if (job->match_repeated == NULL || job->match_repeated_side != row->side)
    {
      g_clear_pointer (&job->match_repeated, g_hash_table_unref);
      job->match_repeated = fc_sync_store_stage_repeated_keys (job->store, job->result->run_id,
                                                               row->side, error);
      if (job->match_repeated == NULL)
        return FALSE;
      job->match_repeated_side = row->side;
    }
  if (g_hash_table_contains (job->match_repeated, row->match_value))
    {
      own = fc_sync_store_stage_find_key (job->store, job->result->run_id, row->side,
                                          row->match_value, error);
      if (own == NULL)
        return FALSE;
    }
  if (own != NULL && own->len > 1)
    {
      message = g_strdup_printf (_("%u %s records have the %s “%s”; none is matched or created "
                                   "until only one does"), own->len, side_label (row->side),
                                 field, row->match_raw);
      return park_row (job, row, message, error);
    }

  if (candidates->count == 1)
    {
      if (candidates->link_id == 0 &&
          (candidates->plan == NULL || g_str_equal (candidates->plan, "create")))
        return pair_rows (job, row, candidates->rowid, candidates->record_id, error);

      message = g_strdup_printf (_("The %s record %s has the same %s “%s” but is already linked "
                                   "to another record"), side_label (other),
                                 candidates->record_id, job->match_fields[other],
                                 row->match_raw);
      return park_row (job, row, message, error);
    }
  if (candidates->count > 1)
    {
      message = g_strdup_printf (_("%u %s records have the %s “%s”; the record is not matched "
                                   "to any of them"), candidates->count, side_label (other),
                                 job->match_fields[other], row->match_raw);
      return park_row (job, row, message, error);
    }

  /* Listed whole in this run: had the counterpart existed, it would be a candidate. */
  if (job->full_listing[other])
    return next_entry (job, row, 1, out_ask, error);

  job->match_entry = 0;
  g_free (job->match_asked);
  job->match_asked = g_strdup (row->match_raw);
  *out_ask = TRUE;
  return TRUE;
}

/* The other side's answer for the rule entry job->match_entry; *out_ask when the next entry
 * is to be asked. */
static gboolean
decide_found (FcSyncJob     *job,
              FcSyncStaged  *row,
              GPtrArray     *found,
              gboolean      *out_ask,
              GError       **error)
{
  FcSyncSide other = !row->side;
  const char *own_field = g_ptr_array_index (job->rule_fields[row->side], job->match_entry);
  const char *field = g_ptr_array_index (job->rule_fields[other], job->match_entry);
  g_autoptr (GPtrArray) matching = g_ptr_array_new ();
  g_autoptr (FcSyncStaged) staged = NULL;
  g_autofree char *wanted = _fc_sync_normalise_key (own_field, job->match_asked);
  g_autofree char *message = NULL;
  FcRecord *record;
  gboolean taken;

  *out_ask = FALSE;
  for (guint i = 0; i < found->len; i++)
    {
      g_autofree char *value = fc_record_dup_string (g_ptr_array_index (found, i), field);
      g_autofree char *key = _fc_sync_normalise_key (field, value);

      if (g_strcmp0 (key, wanted) == 0)
        g_ptr_array_add (matching, g_ptr_array_index (found, i));
    }

  if (matching->len == 0)
    return next_entry (job, row, job->match_entry + 1, out_ask, error);
  if (matching->len > 1)
    {
      message = g_strdup_printf (_("%u %s records have the %s “%s”; the record is not matched "
                                   "to any of them"), matching->len, side_label (other), field,
                                 job->match_asked);
      return park_row (job, row, message, error);
    }

  record = g_ptr_array_index (matching, 0);
  taken = fc_sync_store_find_link (job->store, job->mapping_id, other, fc_record_get_id (record),
                                   NULL, NULL, error);
  if (!taken && error != NULL && *error != NULL)
    return FALSE;
  /* Or paired with another record earlier in this run, or itself parked as ambiguous. */
  staged = fc_sync_store_stage_get (job->store, job->result->run_id, other,
                                    fc_record_get_id (record), error);
  if (staged == NULL && error != NULL && *error != NULL)
    return FALSE;
  if (staged != NULL && staged->plan != NULL && g_str_equal (staged->plan, "park"))
    {
      message = g_strdup_printf (_("The %s record %s has the same %s “%s” but is itself "
                                   "ambiguous; neither is matched"), side_label (other),
                                 fc_record_get_id (record), field, job->match_asked);
      return park_row (job, row, message, error);
    }
  if (staged != NULL && (staged->link_id != 0 ||
                         g_strcmp0 (staged->plan, "paired") == 0 ||
                         g_strcmp0 (staged->plan, "link") == 0))
    taken = TRUE;
  if (taken)
    {
      message = g_strdup_printf (_("The %s record %s has the same %s “%s” but is already linked "
                                   "to another record"), side_label (other),
                                 fc_record_get_id (record), field, job->match_asked);
      return park_row (job, row, message, error);
    }

  /* Staged (not fetched: it does not move the cursor) so the merge has its values. That may
   * add a candidate for the rows after this one, or change one's match value: they are read
   * again. */
  if (!_fc_sync_job_stage_records (job, other, &record, 1, FALSE, error))
    return FALSE;
  g_ptr_array_set_size (job->match_rows, job->match_index + 1);
  return pair_rows (job, row, staged != NULL ? staged->rowid : 0, fc_record_get_id (record),
                    error);
}

static void
fail_store (GTask  *task,
            GError *error)
{
  _fc_sync_job_fail (task, g_error_new (FC_SYNC_ERROR, FC_SYNC_ERROR_STORE, "%s",
                                        error->message));
  g_error_free (error);
}

static void on_found_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data);

/* Asks the other side for the records whose field of rule entry job->match_entry holds
 * job->match_asked. */
static void
ask_entry (GTask        *task,
           FcSyncStaged *row)
{
  FcSyncJob *job = g_task_get_task_data (task);
  FcSyncSide other = !row->side;

  if (_fc_sync_job_cancelled (task))
    return;
  fc_connector_find_records_async (job->connectors[other], job->objects[other],
                                   g_ptr_array_index (job->rule_fields[other], job->match_entry),
                                   job->match_asked, job->read_fields[other], job->cancellable,
                                   on_found_cb, g_object_ref (task));
}

static void
on_found_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  FcSyncJob *job = g_task_get_task_data (task);
  /* The row as loaded with its batch: its key and ids do not change. */
  FcSyncStaged *row = g_ptr_array_index (job->match_rows, job->match_index);
  g_autoptr (GPtrArray) found = NULL;
  GError *error = NULL;
  gboolean ask = FALSE;

  found = fc_connector_find_records_finish (FC_CONNECTOR (object), result, &error);
  if (found == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _fc_sync_job_fail (task, error);
      else
        {
          _fc_sync_job_fail (task, g_error_new (FC_SYNC_ERROR, FC_SYNC_ERROR_FETCH,
                                                _("Cannot look up the %s record with the %s "
                                                  "“%s”: %s"), side_label (!row->side),
                                                (char *) g_ptr_array_index (
                                                  job->rule_fields[!row->side],
                                                  job->match_entry),
                                                job->match_asked, error->message));
          g_error_free (error);
        }
      return;
    }

  if (!fc_store_transaction_begin (job->store, &error))
    {
      fail_store (task, error);
      return;
    }
  if (!decide_found (job, row, found, &ask, &error))
    {
      fc_store_transaction_rollback (job->store);
      fail_store (task, error);
      return;
    }
  if (!fc_store_transaction_commit (job->store, &error))
    {
      fail_store (task, error);
      return;
    }

  if (ask)
    {
      ask_entry (task, row);
      return;
    }

  job->match_index++;
  match_rows (task);
}

/* Where no provider is asked while a side is matched (no external ids, a single rule entry,
 * the other side listed whole), the candidates of its rows do not change until they are all
 * decided, whatever the order: the rows whose plan needs no message are planned at once, by
 * a few statements, and decide_row () only sees the ones it parks. */
static gboolean
plan_settled (FcSyncJob  *job,
              GError    **error)
{
  FcSyncSide side = job->match_side;

  if (job->external_fields[side] != NULL || job->rule_fields[side]->len > 1 ||
      !job->full_listing[!side])
    return TRUE;
  return fc_sync_store_stage_plan_settled (job->store, job->result->run_id, side,
                                           flows_from (job, side) ? "create" : "skip", error);
}

/* The next batch of unlinked rows, after those of job->match_rows, source side first; FALSE
 * when both sides are done. */
static gboolean
load_rows (FcSyncJob  *job,
           GError    **error)
{
  while (TRUE)
    {
      /* A side's pass starts */
      if (job->match_rows == NULL && job->match_after == 0 && !plan_settled (job, error))
        return FALSE;
      if (job->match_rows != NULL && job->match_rows->len > 0)
        {
          FcSyncStaged *last = g_ptr_array_index (job->match_rows, job->match_rows->len - 1);

          job->match_after = last->rowid;
        }
      g_clear_pointer (&job->match_rows, g_ptr_array_unref);
      /* Read now: as the plans set until now left them */
      if (job->match_planned != NULL)
        g_hash_table_remove_all (job->match_planned);
      job->match_index = 0;
      job->match_rows = fc_sync_store_stage_next (job->store, job->result->run_id,
                                                  job->match_side, job->match_after,
                                                  FC_SYNC_MATCH_BATCH, TRUE, error);
      if (job->match_rows == NULL)
        return FALSE;
      if (job->match_rows->len > 0)
        return TRUE;
      if (job->match_side == FC_SYNC_SIDE_TARGET || !job->fetch_sides[FC_SYNC_SIDE_TARGET])
        return FALSE;
      g_clear_pointer (&job->match_rows, g_ptr_array_unref);
      job->match_side = FC_SYNC_SIDE_TARGET;
      job->match_after = 0;
    }
}

/* Whether an earlier row planned @row's only candidate since the batch was read. */
static gboolean
candidate_planned (FcSyncJob    *job,
                   FcSyncStaged *row)
{
  g_autofree char *key = NULL;

  if (job->match_planned == NULL || g_hash_table_size (job->match_planned) == 0 ||
      row->candidates.count != 1)
    return FALSE;
  key = planned_key (!row->side, row->candidates.record_id);
  return g_hash_table_contains (job->match_planned, key);
}

/* Decides rows until one needs a provider's answer (*out_ask, the row at match_index) or none
 * is left. */
static gboolean
decide_rows (FcSyncJob  *job,
             gboolean   *out_ask,
             GError    **error)
{
  *out_ask = FALSE;

  while (TRUE)
    {
      FcSyncStaged *row;

      if (job->match_rows == NULL || job->match_index >= job->match_rows->len)
        {
          if (!load_rows (job, error))
            return error == NULL || *error == NULL;
          continue;
        }

      /* Only rows of the other side change while a side is matched (its own rows are planned
       * as they are decided): a row whose candidate an earlier row planned is read again, with
       * the rest of the batch. */
      row = g_ptr_array_index (job->match_rows, job->match_index);
      if (candidate_planned (job, row))
        {
          g_ptr_array_set_size (job->match_rows, job->match_index);
          continue;
        }
      if (!decide_row (job, row, out_ask, error))
        return FALSE;
      if (*out_ask)
        return TRUE;
      job->match_index++;
    }
}

/* Works through the unlinked rows, one transaction per stretch between two requests to a
 * provider; then applies. */
static void
match_rows (GTask *task)
{
  FcSyncJob *job = g_task_get_task_data (task);
  GError *error = NULL;
  gboolean ask = FALSE;

  if (_fc_sync_job_cancelled (task))
    return;

  if (!fc_store_transaction_begin (job->store, &error))
    {
      fail_store (task, error);
      return;
    }
  if (!decide_rows (job, &ask, &error))
    {
      fc_store_transaction_rollback (job->store);
      fail_store (task, error);
      return;
    }
  if (!fc_store_transaction_commit (job->store, &error))
    {
      fail_store (task, error);
      return;
    }

  if (ask)
    {
      ask_entry (task, g_ptr_array_index (job->match_rows, job->match_index));
      return;
    }

  /* Rows of a side listed only to match against are never merged on their own. */
  for (FcSyncSide side = FC_SYNC_SIDE_SOURCE; side <= FC_SYNC_SIDE_TARGET; side++)
    if (job->context_sides[side] &&
        !fc_sync_store_stage_skip_unmatched (job->store, job->result->run_id, side, &error))
      {
        fail_store (task, error);
        return;
      }

  g_clear_pointer (&job->match_rows, g_ptr_array_unref);
  _fc_sync_job_apply (task);
}

void
_fc_sync_job_match (GTask *task)
{
  FcSyncJob *job = g_task_get_task_data (task);
  GError *error = NULL;

  if (_fc_sync_job_cancelled (task))
    return;

  g_debug ("Run %s: matching", job->result->run_id);
  _fc_sync_job_progress (job, FC_SYNC_PHASE_MATCH, 0, -1);
  if (!fc_sync_store_stage_apply_links (job->store, job->result->run_id, job->mapping_id,
                                        &error))
    {
      fail_store (task, error);
      return;
    }

  /* What an earlier pass of the run (the guard's) knew of the staged rows is gone */
  g_clear_pointer (&job->match_repeated, g_hash_table_unref);
  g_clear_pointer (&job->match_planned, g_hash_table_unref);
  job->match_side = job->fetch_sides[FC_SYNC_SIDE_SOURCE] ? FC_SYNC_SIDE_SOURCE
                                                         : FC_SYNC_SIDE_TARGET;
  job->match_after = 0;
  job->match_index = 0;
  match_rows (task);
}
