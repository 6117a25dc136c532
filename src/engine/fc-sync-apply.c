/* fc-sync-apply.c: merging and writing the staged records, one chunk at a time
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A chunk is up to FC_SYNC_CHUNK_SIZE staged records with their counterparts. For each chunk:
 *
 * 1. read the counterparts that were not fetched (read_records, one call per side);
 * 2. store the links of records matched by key (a fact, no remote write), then merge;
 * 3. a dry run turns the merge into plan entries and goes on with the next chunk;
 * 4. otherwise write, batch by batch (fc-sync-write.c);
 * 5. a last transaction stores the bases that moved without a write, conflicts and the events
 *    of records skipped or linked.
 *
 * The provider's work and the engine's overlap: steps 1 to 3 of the next chunk (job->ahead) run
 * while writes are on their way, from an idle callback, so that each write request leaves
 * first; and up to FC_SYNC_WRITES_IN_FLIGHT chunks write at once (job->writing), so that the
 * engine stores what one chunk's call confirmed while the provider works on the other's.
 * Chunks hold different records: the order their writes finish in does not matter. A failure
 * while preparing waits until the writes on their way are confirmed, then ends the run: records
 * they create would otherwise wait for the next run's recovery to be linked.
 */

#define G_LOG_DOMAIN "fc-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-sync-private.h"

static void advance       (GTask *task);
static void advance_later (GTask *task);
static void read_next     (GTask *task);

void
_fc_sync_chunk_free (FcSyncChunk *chunk)
{
  g_warn_if_fail (chunk->call_task == NULL);
  g_ptr_array_unref (chunk->items);
  g_clear_pointer (&chunk->batch, g_ptr_array_unref);
  g_free (chunk);
}

void
_fc_sync_item_skip_gone (FcSyncItem *item,
                         FcSyncSide  side)
{
  item->skipped = TRUE;
  g_free (item->message);
  item->message = g_strdup_printf (_("The linked %s record %s no longer exists; nothing is "
                                     "written (deletes follow only what the provider reports)"),
                                   fc_sync_side_to_string (side), item->ids[side]);
}

static GError *
store_error (GError *error)
{
  GError *wrapped = g_error_new (FC_SYNC_ERROR, FC_SYNC_ERROR_STORE, "%s", error->message);

  g_error_free (error);
  return wrapped;
}

static void
fail_store (GTask  *task,
            GError *error)
{
  _fc_sync_job_fail (task, store_error (error));
}

/* The next chunk cannot be prepared: the run fails now, or once the writes in flight are
 * confirmed. */
static void
fail_ahead (GTask  *task,
            GError *error)
{
  FcSyncJob *job = g_task_get_task_data (task);

  g_clear_pointer (&job->ahead, _fc_sync_chunk_free);
  if (job->writing->len == 0)
    _fc_sync_job_fail (task, error);
  else if (job->ahead_error == NULL)
    job->ahead_error = error;
  else
    g_error_free (error);
}

static gboolean
ahead_cancelled (GTask *task)
{
  FcSyncJob *job = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_cancellable_set_error_if_cancelled (job->cancellable, &error))
    return FALSE;
  fail_ahead (task, error);
  return TRUE;
}

static const char *
source_of (FcSyncItem *item)
{
  return item->ids[FC_SYNC_SIDE_SOURCE];
}

static const char *
target_of (FcSyncItem *item)
{
  return item->ids[FC_SYNC_SIDE_TARGET];
}

/* ---- loading ---------------------------------------------------------------------------- */

static FcSyncItem *
item_from_row (FcSyncJob    *job,
               FcSyncStaged *row)
{
  FcSyncItem *item = g_new0 (FcSyncItem, 1);
  FcSyncSide side = row->side;
  FcSyncSide other = !side;

  item->ids[side] = g_strdup (row->record_id);
  item->records[side] = fc_sync_staged_dup_record (row, job->objects[side]);
  item->staged[side] = TRUE;

  if (g_strcmp0 (row->plan, "create") == 0)
    {
      item->create = TRUE;
      item->origin = side;
      item->match_raw = g_strdup (row->match_raw);
      return item;
    }

  item->link_id = row->link_id;
  item->new_link = g_strcmp0 (row->plan, "link") == 0;
  item->ids[other] = g_strdup (row->counterpart_id);
  if (row->counterpart != NULL)
    {
      item->records[other] = fc_sync_staged_dup_record (row->counterpart, job->objects[other]);
      item->staged[other] = TRUE;
    }
  return item;
}

/* TRUE when @key has a base for the link: stored, or pending (fc-sync-write.c). */
static gboolean
has_base (FcSyncJob   *job,
          FcSyncItem  *item,
          const char  *key,
          GStrv       *out_base,
          FcSyncSide   side,
          GError     **error)
{
  g_auto (GStrv) source = NULL;
  g_auto (GStrv) target = NULL;

  if (!fc_sync_store_get_base (job->store, item->link_id, key, &source, &target, error))
    return FALSE;
  if (out_base != NULL)
    *out_base = side == FC_SYNC_SIDE_SOURCE ? g_steal_pointer (&source)
                                            : g_steal_pointer (&target);
  return TRUE;
}

/* Whether the counterpart of a linked record listed on one side still holds the stored bases
 * of every pair: the other side was listed in this run and the counterpart was not among its
 * changes. Never for a record that needs both sides read: one deleted, an unconfirmed update
 * (pending base), a conflict resolution to apply, a pair without a base, an empty required
 * value, or external IDs to keep.
 *
 * *out_unchanged: the listed record holds the bases too. Its modified time moved for a field no
 * pair maps, or it is the engine's own write coming back (a timestamp cursor cannot tell):
 * merging would find nothing to do, and the record is left out before its counterpart is
 * read. */
static gboolean
counterpart_holds_bases (FcSyncJob   *job,
                         FcSyncItem  *item,
                         gboolean    *out_unchanged,
                         GError     **error)
{
  FcSyncSide side = item->records[FC_SYNC_SIDE_SOURCE] != NULL ? FC_SYNC_SIDE_SOURCE
                                                              : FC_SYNC_SIDE_TARGET;
  FcSyncSide other = !side;
  g_autoptr (GPtrArray) resolutions = NULL;

  *out_unchanged = FALSE;
  if (item->create || item->new_link || item->link_id == 0 || item->ids[other] == NULL ||
      item->records[side] == NULL || item->records[other] != NULL ||
      fc_record_get_archived (item->records[side]) || job->options.targets != NULL ||
      !job->fetch_sides[other] || job->listing_cut[other] ||
      job->external_fields[FC_SYNC_SIDE_SOURCE] != NULL ||
      job->external_fields[FC_SYNC_SIDE_TARGET] != NULL)
    return FALSE;

  *out_unchanged = TRUE;
  for (guint i = 0; i < job->pairs->len; i++)
    {
      FcSyncPair *pair = g_ptr_array_index (job->pairs, i);
      g_auto (GStrv) base = NULL;

      if (!has_base (job, item, pair->key, &base, side, error) ||
          has_base (job, item, pair->pending_keys[FC_SYNC_SIDE_SOURCE], NULL, side, error) ||
          *error != NULL ||
          has_base (job, item, pair->pending_keys[FC_SYNC_SIDE_TARGET], NULL, side, error) ||
          *error != NULL ||
          (fc_field_pair_get_required (pair->pair) &&
           fc_merge_values_empty ((const char * const *) base)))
        {
          *out_unchanged = FALSE;
          return FALSE;
        }
      if (*out_unchanged &&
          !_fc_sync_record_holds (item->records[side], pair->fields[side],
                                  (const char * const *) base))
        *out_unchanged = FALSE;
    }

  /* Most chunks have none to apply: asked once for the chunk rather than per record */
  if (!job->ahead->resolutions)
    return TRUE;
  resolutions = fc_sync_store_list_resolutions (job->store, item->link_id, error);
  if (resolutions != NULL && resolutions->len == 0)
    return TRUE;
  *out_unchanged = FALSE;
  return FALSE;
}

/* For a counterpart that holds the bases (counterpart_holds_bases ()): when the listing that did
 * not show it may stand for a read, because its provider's listing does not lag and it is
 * younger than FC_SYNC_LISTING_FRESH_MS, the record as the bases say it is, in records[], instead
 * of a read. FALSE (and nothing done) when it is to be read. */
static gboolean
take_counterpart_from_bases (FcSyncJob   *job,
                             FcSyncItem  *item,
                             GError     **error)
{
  FcSyncSide other = item->records[FC_SYNC_SIDE_SOURCE] != NULL ? FC_SYNC_SIDE_TARGET
                                                               : FC_SYNC_SIDE_SOURCE;
  g_autoptr (FcRecord) record = NULL;

  if (fc_connector_get_listing_lags (job->connectors[other]) ||
      g_get_monotonic_time () - job->listed_us[other] > FC_SYNC_LISTING_FRESH_MS * 1000)
    return FALSE;

  record = fc_record_new (job->objects[other], item->ids[other]);
  for (guint i = 0; i < job->pairs->len; i++)
    {
      FcSyncPair *pair = g_ptr_array_index (job->pairs, i);
      g_auto (GStrv) base = NULL;

      if (!has_base (job, item, pair->key, &base, other, error))
        return FALSE;
      for (guint f = 0; pair->fields[other][f] != NULL && base[f] != NULL; f++)
        fc_record_set_string (record, pair->fields[other][f], base[f]);
    }
  item->records[other] = g_steal_pointer (&record);
  item->from_bases[other] = TRUE;
  return TRUE;
}

static void
on_read_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  FcSyncJob *job = g_task_get_task_data (task);
  FcSyncChunk *chunk = job->ahead;
  FcSyncSide side;
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  GError *error = NULL;

  records = fc_connector_read_records_finish (FC_CONNECTOR (object), result, &error);
  if (!job->applying)
    {
      g_clear_error (&error);
      return;  /* the writes of the chunk before failed meanwhile */
    }
  side = chunk->read_side;
  if (records == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail_ahead (task, error);
      else
        {
          fail_ahead (task, g_error_new (FC_SYNC_ERROR, FC_SYNC_ERROR_FETCH,
                                         _("Cannot read %s records of the %s: %s"),
                                         job->objects[side], fc_sync_side_to_string (side),
                                         error->message));
          g_error_free (error);
        }
      return;
    }

  for (guint i = 0; i < records->len; i++)
    {
      FcRecord *record = g_ptr_array_index (records, i);

      g_hash_table_insert (by_id, (gpointer) fc_record_get_id (record), record);
    }

  for (guint i = 0; i < chunk->items->len; i++)
    {
      FcSyncItem *item = g_ptr_array_index (chunk->items, i);
      FcRecord *record;

      if (item->ids[side] == NULL || item->records[side] != NULL || item->skipped)
        continue;
      record = g_hash_table_lookup (by_id, item->ids[side]);
      if (record != NULL)
        {
          item->records[side] = g_object_ref (record);
          continue;
        }

      /* Gone without the provider saying so: nothing is inferred from the absence. */
      if (!item->new_link)
        {
          _fc_sync_item_skip_gone (item, side);
          continue;
        }
      item->skipped = TRUE;
      item->message = g_strdup_printf (_("The record names the %s record %s as its "
                                         "counterpart (external ID), but there is no such "
                                         "record; it is neither matched nor created"),
                                       fc_sync_side_to_string (side), item->ids[side]);
    }

  chunk->read_side++;
  read_next (task);
}

/* ---- merging ---------------------------------------------------------------------------- */

/* A link in a savepoint of its own, for a record linked meanwhile by another run of the same
 * mapping (another process): its insert fails, and the item says why. */
static gboolean
store_new_link_alone (FcSyncJob   *job,
                      FcSyncItem  *item,
                      const char  *match_raw,
                      GError     **error)
{
  g_autoptr (GError) local_error = NULL;

  if (!fc_store_transaction_begin (job->store, error))
    return FALSE;
  if (fc_sync_store_insert_link (job->store, job->mapping_id, source_of (item), target_of (item),
                                 match_raw, &item->link_id, &local_error))
    return fc_store_transaction_commit (job->store, error);

  fc_store_transaction_rollback (job->store);
  if (!g_error_matches (local_error, FC_STORE_ERROR, FC_STORE_ERROR_CONSTRAINT))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  item->skipped = TRUE;
  item->message = g_strdup_printf (_("Not linked: %s"), local_error->message);
  return TRUE;
}

/* The links of the chunk's records matched by key, written together: the records that have a
 * link already (or twice in the chunk) are looked up first, rather than each insert having a
 * savepoint to fail in. */
static gboolean
store_new_links (FcStore  *store,
                 gpointer  user_data,
                 GError  **error)
{
  FcSyncJob *job = user_data;
  g_autoptr (GPtrArray) items = g_ptr_array_new ();
  g_autoptr (GPtrArray) source_ids = g_ptr_array_new ();
  g_autoptr (GPtrArray) target_ids = g_ptr_array_new ();
  g_autoptr (GHashTable) source_linked = NULL;
  g_autoptr (GHashTable) target_linked = NULL;

  for (guint i = 0; i < job->ahead->items->len; i++)
    {
      FcSyncItem *item = g_ptr_array_index (job->ahead->items, i);

      if (!item->new_link || item->skipped)
        continue;
      g_ptr_array_add (items, item);
      g_ptr_array_add (source_ids, (gpointer) source_of (item));
      g_ptr_array_add (target_ids, (gpointer) target_of (item));
    }
  if (items->len == 0)
    return TRUE;

  source_linked = fc_sync_store_find_linked (store, job->mapping_id, FC_SYNC_SIDE_SOURCE,
                                             (const char * const *) source_ids->pdata,
                                             source_ids->len, error);
  if (source_linked == NULL)
    return FALSE;
  target_linked = fc_sync_store_find_linked (store, job->mapping_id, FC_SYNC_SIDE_TARGET,
                                             (const char * const *) target_ids->pdata,
                                             target_ids->len, error);
  if (target_linked == NULL)
    return FALSE;

  for (guint i = 0; i < items->len; i++)
    {
      FcSyncItem *item = g_ptr_array_index (items, i);
      g_autofree char *raw = NULL;
      g_autofree char *key = NULL;
      gboolean alone;

      _fc_sync_job_match_value (job, FC_SYNC_SIDE_SOURCE, item->records[FC_SYNC_SIDE_SOURCE],
                                &raw, &key);
      alone = !g_hash_table_add (source_linked, g_strdup (source_of (item))) ||
              !g_hash_table_add (target_linked, g_strdup (target_of (item)));
      if (alone ? !store_new_link_alone (job, item, raw, error)
                : !fc_sync_store_insert_link (store, job->mapping_id, source_of (item),
                                              target_of (item), raw, &item->link_id, error))
        return FALSE;
    }

  return TRUE;
}

static void
plan_item (FcSyncJob  *job,
           FcSyncItem *item)
{
  FcSyncSide own = item->create ? item->origin
                   : item->ids[FC_SYNC_SIDE_SOURCE] != NULL ? FC_SYNC_SIDE_SOURCE
                                                            : FC_SYNC_SIDE_TARGET;
  char *summary = NULL;
  JsonObject *changes = NULL;

  if (item->skipped)
    {
      job->result->counts.skipped++;
      _fc_sync_job_add_plan (job, FC_SYNC_PLAN_SKIP, own, source_of (item), target_of (item),
                             item->message, NULL);
      return;
    }

  if (item->new_link)
    _fc_sync_job_add_plan (job, FC_SYNC_PLAN_LINK, FC_SYNC_SIDE_SOURCE, source_of (item),
                           target_of (item), _("Matched by the match key"), NULL);

  for (FcSyncSide side = FC_SYNC_SIDE_SOURCE; side <= FC_SYNC_SIDE_TARGET; side++)
    {
      if (item->delete_side[side])
        _fc_sync_job_add_plan (job, FC_SYNC_PLAN_DELETE, side, source_of (item),
                               target_of (item), item->message, NULL);
      if (item->writes[side] == NULL)
        continue;
      summary = _fc_sync_item_summary (item, side);
      if (item->create)
        job->result->counts.created++;
      else
        job->result->counts.updated++;
      changes = _fc_sync_item_dup_changes (item, side);
      _fc_sync_job_add_plan (job, item->create ? FC_SYNC_PLAN_CREATE : FC_SYNC_PLAN_UPDATE, side,
                             source_of (item), target_of (item), summary, changes);
      g_clear_pointer (&summary, g_free);
      g_clear_pointer (&changes, json_object_unref);
    }

  for (guint i = 0; item->outcomes != NULL && i < item->outcomes->len; i++)
    {
      FcSyncOutcome *outcome = g_ptr_array_index (item->outcomes, i);

      if (outcome->action == FC_MERGE_CONFLICT)
        {
          g_autofree char *message = g_strdup_printf ("%s: %s", outcome->pair->key,
                                                      outcome->reason);

          _fc_sync_job_add_plan (job, FC_SYNC_PLAN_CONFLICT, FC_SYNC_SIDE_SOURCE,
                                 source_of (item), target_of (item), message, NULL);
        }
    }
}

static void
merge_chunk (GTask *task)
{
  FcSyncJob *job = g_task_get_task_data (task);
  FcSyncChunk *chunk = job->ahead;
  GError *error = NULL;

  if (!job->options.dry_run &&
      !fc_store_run_in_transaction (job->store, store_new_links, job, &error))
    {
      fail_ahead (task, store_error (error));
      return;
    }

  chunk->resolutions = fc_sync_store_has_resolutions (job->store, job->mapping_id, &error);
  if (error != NULL)
    {
      fail_ahead (task, store_error (error));
      return;
    }

  for (guint i = 0; i < chunk->items->len; i++)
    {
      FcSyncItem *item = g_ptr_array_index (chunk->items, i);

      if (!item->skipped && !_fc_sync_merge_item (job, item, &error))
        {
          fail_ahead (task, store_error (error));
          return;
        }
    }

  if (job->options.dry_run)
    {
      for (guint i = 0; i < chunk->items->len; i++)
        plan_item (job, g_ptr_array_index (chunk->items, i));
      job->processed += chunk->items->len;
      _fc_sync_job_progress (job, FC_SYNC_PHASE_APPLY, job->processed, job->total);
      g_clear_pointer (&job->ahead, _fc_sync_chunk_free);
      advance_later (task);
      return;
    }

  chunk->merged = TRUE;
  advance (task);
}

static void
read_next (GTask *task)
{
  FcSyncJob *job = g_task_get_task_data (task);
  FcSyncChunk *chunk = job->ahead;

  if (ahead_cancelled (task))
    return;

  for (; chunk->read_side <= FC_SYNC_SIDE_TARGET; chunk->read_side++)
    {
      g_autoptr (GPtrArray) ids = g_ptr_array_new ();

      for (guint i = 0; i < chunk->items->len; i++)
        {
          FcSyncItem *item = g_ptr_array_index (chunk->items, i);

          if (item->ids[chunk->read_side] != NULL && item->records[chunk->read_side] == NULL &&
              !item->skipped)
            g_ptr_array_add (ids, item->ids[chunk->read_side]);
        }
      if (ids->len == 0)
        continue;

      g_ptr_array_add (ids, NULL);
      fc_connector_read_records_async (job->connectors[chunk->read_side],
                                       job->objects[chunk->read_side],
                                       (const char * const *) ids->pdata,
                                       job->read_fields[chunk->read_side], job->cancellable,
                                       on_read_cb, g_object_ref (task));
      return;
    }

  merge_chunk (task);
}

/* ---- the end of a chunk ----------------------------------------------------------------- */

static gboolean
record_outcomes (FcSyncJob   *job,
                 FcSyncItem  *item,
                 gboolean    *out_said,
                 GError     **error)
{
  for (guint i = 0; i < item->outcomes->len; i++)
    {
      FcSyncOutcome *outcome = g_ptr_array_index (item->outcomes, i);
      gboolean writes = outcome->writes[0] || outcome->writes[1];
      FcSyncConflictRow row = { 0 };
      g_auto (GStrv) base_source = NULL;
      g_auto (GStrv) base_target = NULL;

      /* Bases that moved without a write: both sides already agree. */
      if (!writes && outcome->new_base[0] != NULL && outcome->new_base[1] != NULL)
        {
          if (!fc_sync_store_set_base (job->store, item->link_id, outcome->pair->key,
                                       (const char * const *) outcome->new_base[0],
                                       (const char * const *) outcome->new_base[1], error) ||
              !fc_sync_store_close_conflict (job->store, item->link_id, outcome->pair->key,
                                             error))
            return FALSE;
          if (outcome->resolution_id != 0 &&
              !fc_sync_store_mark_applied (job->store, outcome->resolution_id, error))
            return FALSE;
        }

      if (!outcome->conflict)
        continue;

      if (!fc_sync_store_get_base (job->store, item->link_id, outcome->pair->key, &base_source,
                                   &base_target, error) && error != NULL && *error != NULL)
        return FALSE;
      row.link_id = item->link_id;
      row.pair_key = outcome->pair->key;
      row.base_source = (const char * const *) base_source;
      row.base_target = (const char * const *) base_target;
      row.source = (const char * const *) outcome->values[FC_SYNC_SIDE_SOURCE];
      row.target = (const char * const *) outcome->values[FC_SYNC_SIDE_TARGET];
      row.source_ms = item->records[0] != NULL ? fc_record_get_modified_ms (item->records[0]) : 0;
      row.target_ms = item->records[1] != NULL ? fc_record_get_modified_ms (item->records[1]) : 0;
      row.strategy = fc_mapping_get_conflict_strategy (job->mapping);
      row.resolution = !outcome->settled ? NULL
                       : outcome->winner == FC_MERGE_WINNER_TARGET ? "target" : "source";
      if (!fc_sync_store_record_conflict (job->store, job->mapping_id, job->result->run_id, &row,
                                          error))
        return FALSE;

      if (!outcome->settled)
        {
          g_autoptr (JsonObject) details = json_object_new ();
          g_autofree char *message = g_strdup_printf ("%s: %s", outcome->pair->key,
                                                      outcome->reason);

          json_object_set_string_member (details, "pair", outcome->pair->key);
          json_object_set_array_member (details, "source",
                                        json_array_sized_new (0));
          for (guint v = 0; outcome->values[0][v] != NULL; v++)
            json_array_add_string_element (json_object_get_array_member (details, "source"),
                                           outcome->values[0][v]);
          json_object_set_array_member (details, "target", json_array_sized_new (0));
          for (guint v = 0; outcome->values[1][v] != NULL; v++)
            json_array_add_string_element (json_object_get_array_member (details, "target"),
                                           outcome->values[1][v]);
          if (!fc_sync_store_add_event (job->store, job->result->run_id, "record.conflict", -1,
                                        source_of (item), target_of (item), message, details,
                                        error))
            return FALSE;
          *out_said = TRUE;
        }
    }

  return TRUE;
}

static gboolean
finish_items (FcStore  *store,
              gpointer  user_data,
              GError  **error)
{
  FcSyncJob *job = ((FcSyncChunkStep *) user_data)->job;
  FcSyncChunk *chunk = ((FcSyncChunkStep *) user_data)->chunk;

  for (guint i = 0; i < chunk->items->len; i++)
    {
      FcSyncItem *item = g_ptr_array_index (chunk->items, i);
      FcSyncSide own = item->create ? item->origin
                       : item->ids[FC_SYNC_SIDE_SOURCE] != NULL ? FC_SYNC_SIDE_SOURCE
                                                                : FC_SYNC_SIDE_TARGET;
      gboolean said = item->written[0] || item->written[1];

      if (item->failed)
        {
          job->result->counts.failed++;
          continue;
        }
      if (item->skipped)
        {
          job->result->counts.skipped++;
          if (!fc_sync_store_add_event (store, job->result->run_id, "record.skipped", own,
                                        source_of (item), target_of (item), item->message, NULL,
                                        error))
            return FALSE;
          continue;
        }
      if (item->create || item->link_id == 0)
        continue;

      if (!record_outcomes (job, item, &said, error))
        return FALSE;

      if (!said && item->new_link &&
          !fc_sync_store_add_event (store, job->result->run_id, "record.linked", -1,
                                    source_of (item), target_of (item),
                                    _("Matched by the match key; the records already agree"),
                                    NULL, error))
        return FALSE;
      else if (!said && !item->new_link && item->message != NULL)
        {
          job->result->counts.skipped++;
          if (!fc_sync_store_add_event (store, job->result->run_id, "record.skipped", own,
                                        source_of (item), target_of (item), item->message, NULL,
                                        error))
            return FALSE;
        }
    }

  return TRUE;
}

void
_fc_sync_job_finish_chunk (GTask       *task,
                           FcSyncChunk *chunk)
{
  FcSyncJob *job = g_task_get_task_data (task);
  FcSyncChunkStep step = { job, chunk };
  GError *error = NULL;

  if (!fc_store_run_in_transaction (job->store, finish_items, &step, &error))
    {
      fail_store (task, error);
      return;
    }

  job->processed += chunk->items->len;
  _fc_sync_job_progress (job, FC_SYNC_PHASE_APPLY, job->processed, job->total);
  g_ptr_array_remove_fast (job->writing, chunk);
  advance_later (task);
}

/* ---- chunks ----------------------------------------------------------------------------- */

/* Reads the next chunk's rows into job->ahead, then its counterparts, then merges it; or notes
 * that no row is left. */
static void
load_ahead (GTask *task)
{
  FcSyncJob *job = g_task_get_task_data (task);
  g_autoptr (GPtrArray) rows = NULL;
  FcSyncChunk *chunk;
  GError *error = NULL;

  if (ahead_cancelled (task))
    return;

  while (TRUE)
    {
      g_clear_pointer (&rows, g_ptr_array_unref);
      rows = fc_sync_store_stage_next (job->store, job->result->run_id, job->item_side,
                                       job->item_after, FC_SYNC_CHUNK_SIZE, FALSE, &error);
      if (rows == NULL)
        {
          fail_ahead (task, store_error (error));
          return;
        }
      if (rows->len > 0)
        break;
      if (job->item_side == FC_SYNC_SIDE_TARGET)
        {
          job->rows_done = TRUE;
          advance (task);
          return;
        }
      job->item_side = FC_SYNC_SIDE_TARGET;
      job->item_after = 0;
    }

  job->item_after = ((FcSyncStaged *) g_ptr_array_index (rows, rows->len - 1))->rowid;
  chunk = job->ahead = g_new0 (FcSyncChunk, 1);
  chunk->items = g_ptr_array_new_with_free_func ((GDestroyNotify) _fc_sync_item_free);
  chunk->resolutions = fc_sync_store_has_resolutions (job->store, job->mapping_id, &error);
  if (error != NULL)
    {
      fail_ahead (task, store_error (error));
      return;
    }
  for (guint i = 0; i < rows->len; i++)
    {
      FcSyncItem *item = item_from_row (job, g_ptr_array_index (rows, i));
      gboolean unchanged;

      if (counterpart_holds_bases (job, item, &unchanged, &error))
        {
          if (unchanged)
            {
              _fc_sync_item_free (item);
              job->processed++;
              continue;
            }
          take_counterpart_from_bases (job, item, &error);
        }
      if (error != NULL)
        {
          _fc_sync_item_free (item);
          fail_ahead (task, store_error (error));
          return;
        }
      g_ptr_array_add (chunk->items, item);
    }

  chunk->read_side = FC_SYNC_SIDE_SOURCE;
  read_next (task);
}

/* What comes next: a failure of the chunk prepared, the writes of the chunk merged once the one
 * before is done, preparing the next chunk, or the end of the run. Called whenever one of them
 * may have become possible. */
static void
advance (GTask *task)
{
  FcSyncJob *job = g_task_get_task_data (task);

  if (!job->applying)
    return;

  if (job->writing->len == 0 && job->ahead_error != NULL)
    _fc_sync_job_fail (task, g_steal_pointer (&job->ahead_error));
  else if (job->writing->len < FC_SYNC_WRITES_IN_FLIGHT && job->ahead != NULL &&
           job->ahead->merged)
    {
      FcSyncChunk *chunk = g_steal_pointer (&job->ahead);

      g_ptr_array_add (job->writing, chunk);
      _fc_sync_job_write (task, chunk);
    }
  else if (job->ahead == NULL && job->ahead_error == NULL && !job->rows_done)
    load_ahead (task);
  else if (job->writing->len == 0 && job->ahead == NULL && job->rows_done)
    {
      /* Dropping the idle callbacks may drop references to the task */
      g_autoptr (GTask) held = g_object_ref (task);

      job->applying = FALSE;
      _fc_sync_job_drop_idles (job);
      _fc_sync_job_finish (held);
    }
}

static gboolean
advance_cb (gpointer user_data)
{
  FcSyncJob *job = g_task_get_task_data (G_TASK (user_data));

  g_clear_pointer (&job->advance_source, g_source_unref);
  advance (G_TASK (user_data));
  return G_SOURCE_REMOVE;
}

/* From the main loop rather than from here: chunks that send nothing (a dry run, a run where
 * nothing changed) would otherwise call each other, every chunk's rows and stack frames held
 * until the last one, memory and stack growing with the records. One call is enough for any
 * number of reasons: advance () looks at the whole state. */
static void
advance_later (GTask *task)
{
  FcSyncJob *job = g_task_get_task_data (task);

  if (job->advance_source != NULL)
    return;
  job->advance_source = g_idle_source_new ();
  g_source_set_priority (job->advance_source, G_PRIORITY_DEFAULT);
  g_task_attach_source (task, job->advance_source, advance_cb);
}

void
_fc_sync_job_drop_idles (FcSyncJob *job)
{
  GSource **sources[] = { &job->advance_source, &job->ahead_source };

  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    if (*sources[i] != NULL)
      {
        g_source_destroy (*sources[i]);
        g_clear_pointer (sources[i], g_source_unref);
      }
}

static gboolean
work_ahead_cb (gpointer user_data)
{
  g_autoptr (GTask) task = g_object_ref (user_data);
  FcSyncJob *job = g_task_get_task_data (task);

  g_clear_pointer (&job->ahead_source, g_source_unref);
  advance (task);
  return G_SOURCE_REMOVE;
}

/* At the idle priority: the request just made is sent before the next chunk is prepared. The
 * source holds no reference to the task: the writes on their way do, and each one's answer
 * advances the run anyway. Once the run has returned, the job, and with it the source, goes
 * with the task, rather than the source keeping the task and its engine alive until the main
 * loop next runs idle callbacks. */
void
_fc_sync_job_work_ahead (GTask *task)
{
  FcSyncJob *job = g_task_get_task_data (task);

  if (job->ahead != NULL || job->rows_done || job->ahead_source != NULL)
    return;
  job->ahead_source = g_idle_source_new ();
  g_source_set_priority (job->ahead_source, G_PRIORITY_DEFAULT_IDLE);
  g_source_set_callback (job->ahead_source, work_ahead_cb, task, NULL);
  g_source_attach (job->ahead_source, g_task_get_context (task));
}

void
_fc_sync_job_apply (GTask *task)
{
  FcSyncJob *job = g_task_get_task_data (task);

  if (_fc_sync_job_cancelled (task))
    return;

  job->total = fc_sync_store_stage_count_items (job->store, job->result->run_id);
  job->processed = 0;
  job->item_side = FC_SYNC_SIDE_SOURCE;
  job->item_after = 0;
  job->rows_done = FALSE;
  job->applying = TRUE;
  if (job->writing == NULL)
    job->writing = g_ptr_array_new_with_free_func ((GDestroyNotify) _fc_sync_chunk_free);
  g_debug ("Run %s: merging and writing %" G_GINT64_FORMAT " records", job->result->run_id,
           job->total);
  _fc_sync_job_progress (job, FC_SYNC_PHASE_APPLY, 0, job->total);
  advance (task);
}
