/* fc-sync-write.c: the writes of one chunk, batch by batch, and what each confirms
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One batch call per side and kind of write: creates (preceded by their intents, one row for
 * the batch, committed before the call), updates, deletes. After each call, one transaction
 * stores what it confirmed: the new links and their bases, the bases of the pairs written, the
 * events, and it removes the intents of the creates answered. A record whose write failed
 * keeps its old base and its staging row is marked failed, which holds its side's cursor back.
 */

#define G_LOG_DOMAIN "fc-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-json-text-private.h"
#include "fc-store-private.h"
#include "fc-sync-private.h"

typedef enum {
  WRITE_CREATE,
  WRITE_UPDATE,
  WRITE_DELETE,
} WriteKind;

static const struct {
  WriteKind  kind;
  FcSyncSide side;
} write_steps[] = {
  { WRITE_CREATE, FC_SYNC_SIDE_TARGET },
  { WRITE_CREATE, FC_SYNC_SIDE_SOURCE },
  { WRITE_UPDATE, FC_SYNC_SIDE_TARGET },
  { WRITE_UPDATE, FC_SYNC_SIDE_SOURCE },
  { WRITE_DELETE, FC_SYNC_SIDE_TARGET },
  { WRITE_DELETE, FC_SYNC_SIDE_SOURCE },
};

static void write_next (GTask       *task,
                        FcSyncChunk *chunk);

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

static void
fail_store (GTask  *task,
            GError *error)
{
  _fc_sync_job_fail (task, g_error_new (FC_SYNC_ERROR, FC_SYNC_ERROR_STORE, "%s",
                                        error->message));
  g_error_free (error);
}

/* ---- writing ---------------------------------------------------------------------------- */

/* A record id of @item, as its log event names it: the source's when it has one. */
static const char *
item_record_id (FcSyncItem *item)
{
  return item->ids[FC_SYNC_SIDE_SOURCE] != NULL ? item->ids[FC_SYNC_SIDE_SOURCE]
                                                : item->ids[FC_SYNC_SIDE_TARGET];
}

/* @body_logged_with: the record whose event already holds the raw body of @error (a whole
 * batch failed with one answer), which this event then names instead of holding it again. */
static void
fail_item (FcSyncItem   *item,
           const GError *error,
           const char   *provider_code,
           const char   *body_logged_with)
{
  const char *raw_body;
  guint raw_status = 0;
  gboolean truncated = FALSE;

  item->failed = TRUE;
  g_free (item->message);
  item->message = g_strdup (error->message);
  g_clear_pointer (&item->error_details, json_object_unref);
  item->error_details = json_object_new ();
  json_object_set_string_member (item->error_details, "message", error->message);
  json_object_set_string_member (item->error_details, "domain", g_quark_to_string (error->domain));
  json_object_set_int_member (item->error_details, "code", error->code);
  if (provider_code != NULL)
    json_object_set_string_member (item->error_details, "providerCode", provider_code);
  raw_body = fc_connector_error_get_raw (error, &raw_status, &truncated);
  if (raw_body != NULL)
    {
      JsonObject *raw = json_object_new ();

      json_object_set_int_member (raw, "status", raw_status);
      if (body_logged_with != NULL)
        json_object_set_string_member (raw, "sameBodyAsRecord", body_logged_with);
      else
        {
          json_object_set_string_member (raw, "body", raw_body);
          json_object_set_boolean_member (raw, "truncated", truncated);
        }
      json_object_set_object_member (item->error_details, "raw", raw);
    }
}

static gboolean
mark_failed (FcSyncJob   *job,
             FcSyncItem  *item,
             GError     **error)
{
  for (FcSyncSide side = FC_SYNC_SIDE_SOURCE; side <= FC_SYNC_SIDE_TARGET; side++)
    if (item->staged[side] && item->ids[side] != NULL &&
        !fc_sync_store_stage_mark_failed (job->store, job->result->run_id, side, item->ids[side],
                                          error))
      return FALSE;
  return TRUE;
}

/* Bases of the pairs whose writes are all confirmed once @side's is. */
static gboolean
store_written_bases (FcSyncJob   *job,
                     FcSyncItem  *item,
                     FcSyncSide   side,
                     GError     **error)
{
  for (guint i = 0; i < item->outcomes->len; i++)
    {
      FcSyncOutcome *outcome = g_ptr_array_index (item->outcomes, i);

      if (!outcome->writes[side] || (outcome->writes[!side] && !item->written[!side]))
        continue;
      if (outcome->new_base[0] == NULL || outcome->new_base[1] == NULL)
        continue;
      if (!fc_sync_store_set_base (job->store, item->link_id, outcome->pair->key,
                                   (const char * const *) outcome->new_base[0],
                                   (const char * const *) outcome->new_base[1], error))
        return FALSE;
      if (outcome->resolution_id != 0 &&
          !fc_sync_store_mark_applied (job->store, outcome->resolution_id, error))
        return FALSE;
    }
  return TRUE;
}

/* The intent of the create is removed by the caller, with those of the batch's other
 * answered creates, in the same transaction. */
static gboolean
confirm_create (FcSyncJob   *job,
                FcSyncItem  *item,
                FcSyncSide   side,
                GError     **error)
{
  g_autofree char *details = _fc_sync_item_details (item, side);
  g_autofree char *summary = _fc_sync_item_summary (item, side);

  if (!fc_sync_store_insert_link (job->store, job->mapping_id, source_of (item),
                                  target_of (item), item->match_raw, &item->link_id, error))
    return FALSE;

  for (guint i = 0; i < item->outcomes->len; i++)
    {
      FcSyncOutcome *outcome = g_ptr_array_index (item->outcomes, i);

      if (outcome->new_base[0] != NULL && outcome->new_base[1] != NULL &&
          !fc_sync_store_add_base (job->store, item->link_id, outcome->pair->key,
                                   (const char * const *) outcome->new_base[0],
                                   (const char * const *) outcome->new_base[1], error))
        return FALSE;
    }

  return _fc_sync_store_add_event_text (job->store, job->result->run_id, "record.created", side,
                                        source_of (item), target_of (item), summary,
                                        g_steal_pointer (&details), error);
}

static gboolean
confirm_write (FcSyncJob      *job,
               FcSyncItem     *item,
               WriteKind       kind,
               FcSyncSide      side,
               GError        **error)
{
  g_autofree char *details = NULL;
  g_autofree char *summary = NULL;

  switch (kind)
    {
    case WRITE_CREATE:
      return confirm_create (job, item, side, error);
    case WRITE_UPDATE:
      details = _fc_sync_item_details (item, side);
      summary = _fc_sync_item_summary (item, side);
      return store_written_bases (job, item, side, error) &&
             _fc_sync_store_add_event_text (job->store, job->result->run_id, "record.updated",
                                            side, source_of (item), target_of (item), summary,
                                            g_steal_pointer (&details), error);
    case WRITE_DELETE:
    default:
      return fc_sync_store_delete_link (job->store, item->link_id, error) &&
             fc_sync_store_add_event (job->store, job->result->run_id, "record.deleted", side,
                                      source_of (item), target_of (item), item->message, NULL,
                                      error);
    }
}

static gboolean
record_failure (FcSyncJob   *job,
                FcSyncItem  *item,
                FcSyncSide   side,
                GError     **error)
{
  g_autofree char *details = _fc_sync_item_details (item, side);

  return mark_failed (job, item, error) &&
         _fc_sync_store_add_event_text (job->store, job->result->run_id, "record.error", side,
                                        source_of (item), target_of (item), item->message,
                                        g_steal_pointer (&details), error);
}

/* Whether a failed create certainly left nothing behind: the provider answered for the
 * record. A connection that broke, or a server error after the retries, may have come after
 * the provider stored it. */
static gboolean
outcome_known (FcWriteResult *written,
               const GError  *cause)
{
  return written != NULL &&
         !g_error_matches (cause, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_NETWORK) &&
         !g_error_matches (cause, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_SERVER);
}

static void
on_written_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  FcSyncChunk *chunk = user_data;
  g_autoptr (GTask) task = g_steal_pointer (&chunk->call_task);
  FcSyncJob *job = g_task_get_task_data (task);
  WriteKind kind = write_steps[chunk->step].kind;
  FcSyncSide side = write_steps[chunk->step].side;
  g_autoptr (GPtrArray) results = NULL;
  g_autoptr (GError) batch_error = NULL;
  g_autoptr (GPtrArray) emitted = g_ptr_array_sized_new (chunk->batch->len);
  g_autoptr (GPtrArray) unknown = g_ptr_array_new ();
  g_autofree FcWriteResult **by_index = NULL;
  const char *batch_body_logged_with = NULL;
  GError *error = NULL;

  results = fc_connector_write_finish (FC_CONNECTOR (object), result, &batch_error);
  if (!job->applying)
    return;  /* the run failed meanwhile: the intents stay, the next run finds out */
  if (results == NULL && g_error_matches (batch_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Unconfirmed: intents stay, bases do not move; the next run finds out. */
      _fc_sync_job_fail (task, g_steal_pointer (&batch_error));
      return;
    }

  if (!fc_store_transaction_begin (job->store, &error))
    {
      fail_store (task, error);
      return;
    }

  /* Each batch item's result, by its index (the last one reported for it) */
  by_index = g_new0 (FcWriteResult *, chunk->batch->len);
  for (guint r = 0; results != NULL && r < results->len; r++)
    {
      FcWriteResult *written = g_ptr_array_index (results, r);
      guint index = fc_write_result_get_index (written);

      if (index < chunk->batch->len)
        by_index[index] = written;
    }

  for (guint i = 0; i < chunk->batch->len; i++)
    {
      FcSyncItem *item = g_ptr_array_index (chunk->batch, i);
      FcWriteResult *written = by_index[i];
      gboolean ok;

      if (written != NULL && fc_write_result_get_success (written))
        {
          item->written[side] = TRUE;
          if (kind == WRITE_CREATE)
            {
              g_free (item->ids[side]);
              item->ids[side] = g_strdup (fc_write_result_get_id (written));
              /* Updates come after creates: the origin's gets the new id. */
              _fc_sync_item_add_external_id (job, item, item->origin, item->ids[side]);
            }
          ok = confirm_write (job, item, kind, side, &error);
          g_ptr_array_add (emitted, item);
        }
      else
        {
          g_autoptr (GError) missing = NULL;
          const GError *cause = batch_error;

          if (written != NULL)
            cause = fc_write_result_get_error (written);
          if (cause == NULL)
            cause = missing = g_error_new (FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_BAD_RESPONSE,
                                           _("The provider did not report this record"));
          /* A counterpart not read before the update (a fresh listing showed it unchanged) is
           * found gone here instead: skipped, as the read would have found it. */
          if (kind == WRITE_UPDATE && item->from_bases[side] && written != NULL &&
              g_error_matches (cause, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_NOT_FOUND))
            {
              _fc_sync_item_skip_gone (item, side);
              continue;
            }
          fail_item (item, cause,
                     written != NULL ? fc_write_result_get_provider_code (written) : NULL,
                     cause == batch_error ? batch_body_logged_with : NULL);
          if (cause == batch_error && batch_body_logged_with == NULL)
            batch_body_logged_with = item_record_id (item);
          /* The provider refused this very record, so it was not created: its intent goes
           * with those of the creates confirmed. When the outcome is not known it may have
           * been, so the intent stays for the next run to look the record up. */
          if (kind == WRITE_CREATE && !outcome_known (written, cause))
            g_ptr_array_add (unknown, item->ids[!side]);
          ok = record_failure (job, item, side, &error);
          g_ptr_array_add (emitted, item);
        }

      if (!ok)
        {
          fc_store_transaction_rollback (job->store);
          fail_store (task, error);
          return;
        }
    }

  /* The intents of the creates answered go */
  if (kind == WRITE_CREATE &&
      !fc_sync_store_keep_intents (job->store, chunk->intent_id,
                                   (const char * const *) unknown->pdata, unknown->len, &error))
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

  /* Told once it is stored. */
  for (guint i = 0; i < emitted->len; i++)
    {
      FcSyncItem *item = g_ptr_array_index (emitted, i);

      if (!item->written[side])
        {
          _fc_sync_job_emit_record (job, "record.error", side, source_of (item), target_of (item),
                                    item->message);
          continue;
        }
      if (kind == WRITE_CREATE)
        {
          job->result->counts.created++;
          _fc_sync_job_emit_record (job, "record.created", side, source_of (item),
                                    target_of (item), item->message);
        }
      else if (kind == WRITE_UPDATE)
        {
          job->result->counts.updated++;
          _fc_sync_job_emit_record (job, "record.updated", side, source_of (item),
                                    target_of (item), item->message);
        }
    }

  g_clear_pointer (&chunk->batch, g_ptr_array_unref);
  chunk->step++;
  write_next (task, chunk);
}

static gboolean
wants_write (FcSyncItem *item,
             WriteKind   kind,
             FcSyncSide  side)
{
  if (item->skipped)
    return FALSE;

  switch (kind)
    {
    case WRITE_CREATE:
      return item->create && (FcSyncSide) !item->origin == side && item->writes[side] != NULL;
    case WRITE_UPDATE:
      /* A create's origin is updated only with the new record's id (external ID storage). */
      return (!item->create || (side == item->origin && item->written[!side])) &&
             item->writes[side] != NULL;
    case WRITE_DELETE:
    default:
      return item->delete_side[side];
    }
}

/* The bases each update will set once confirmed, under the pair's pending key for the side
 * written: if the answer never comes (a kill, a cut connection, a body cut short) while the
 * write did land, the next merge finds that side holding exactly these values and takes them
 * as the base, instead of mistaking the engine's own write for the user's change. */
static gboolean
record_pending_bases (FcStore  *store,
                      gpointer  user_data,
                      GError  **error)
{
  FcSyncChunk *chunk = ((FcSyncChunkStep *) user_data)->chunk;
  FcSyncSide side = write_steps[chunk->step].side;

  for (guint i = 0; i < chunk->batch->len; i++)
    {
      FcSyncItem *item = g_ptr_array_index (chunk->batch, i);

      for (guint o = 0; item->link_id != 0 && item->outcomes != NULL && o < item->outcomes->len;
           o++)
        {
          FcSyncOutcome *outcome = g_ptr_array_index (item->outcomes, o);
          g_auto (GStrv) before = NULL;

          if (!outcome->writes[side] || outcome->new_base[0] == NULL ||
              outcome->new_base[1] == NULL)
            continue;
          /* Unknown (the record was not read): the values written, which tell nothing */
          before = item->records[side] != NULL
                   ? _fc_sync_record_values (item->records[side], outcome->pair->fields[side])
                   : g_strdupv (outcome->new_base[side]);
          if (!fc_sync_store_set_base (store, item->link_id, outcome->pair->pending_keys[side],
                                       (const char * const *) outcome->new_base[0],
                                       (const char * const *) outcome->new_base[1], error) ||
              !fc_sync_store_set_base (store, item->link_id, outcome->pair->before_keys[side],
                                       (const char * const *) before,
                                       (const char * const *) before, error))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
record_intents (FcStore  *store,
                gpointer  user_data,
                GError  **error)
{
  FcSyncJob *job = ((FcSyncChunkStep *) user_data)->job;
  FcSyncChunk *chunk = ((FcSyncChunkStep *) user_data)->chunk;
  FcSyncSide side = write_steps[chunk->step].side;
  /* The payloads one after another, each followed by a NUL; pointed to once complete */
  g_autoptr (GString) payloads = g_string_sized_new (512 * chunk->batch->len);
  g_autofree gsize *offsets = g_new (gsize, chunk->batch->len);
  g_autofree FcSyncIntentRecord *records = g_new (FcSyncIntentRecord, chunk->batch->len);

  for (guint i = 0; i < chunk->batch->len; i++)
    {
      FcSyncItem *item = g_ptr_array_index (chunk->batch, i);
      gsize start = payloads->len;

      offsets[i] = start;
      g_string_append_c (payloads, '{');

      /* The bases the create sets, for recovery to store if the answer never comes: written
       * as text at once, one per create of the run. */
      for (guint o = 0; item->outcomes != NULL && o < item->outcomes->len; o++)
        {
          FcSyncOutcome *outcome = g_ptr_array_index (item->outcomes, o);

          if (outcome->new_base[0] == NULL || outcome->new_base[1] == NULL)
            continue;
          if (payloads->len > start + 1)
            g_string_append_c (payloads, ',');
          _fc_json_text_append_string (payloads, outcome->pair->key);
          g_string_append (payloads, ":{\"source\":");
          _fc_json_text_append_strv (payloads, (const char * const *) outcome->new_base[0]);
          g_string_append (payloads, ",\"target\":");
          _fc_json_text_append_strv (payloads, (const char * const *) outcome->new_base[1]);
          g_string_append_c (payloads, '}');
        }
      g_string_append_c (payloads, '}');
      g_string_append_c (payloads, '\0');
    }

  for (guint i = 0; i < chunk->batch->len; i++)
    {
      FcSyncItem *item = g_ptr_array_index (chunk->batch, i);

      records[i].origin_id = item->ids[item->origin];
      records[i].match_key = item->match_raw;
      records[i].payload = payloads->str + offsets[i];
    }
  return fc_sync_store_add_intents (store, job->mapping_id, job->result->run_id, side, records,
                                    chunk->batch->len, &chunk->intent_id, error);
}

static void
write_next (GTask       *task,
            FcSyncChunk *chunk)
{
  FcSyncJob *job = g_task_get_task_data (task);
  FcSyncChunkStep step = { job, chunk };
  GError *error = NULL;

  if (_fc_sync_job_cancelled (task))
    return;

  for (; chunk->step < G_N_ELEMENTS (write_steps); chunk->step++)
    {
      WriteKind kind = write_steps[chunk->step].kind;
      FcSyncSide side = write_steps[chunk->step].side;
      g_autoptr (GPtrArray) records = NULL;
      g_autoptr (GPtrArray) ids = NULL;
      guint n = 0;

      for (guint i = 0; i < chunk->items->len; i++)
        n += wants_write (g_ptr_array_index (chunk->items, i), kind, side);
      if (n == 0)
        continue;

      /* Sized once: grown one add at a time, they were a good part of the step's cost */
      chunk->batch = g_ptr_array_sized_new (n);
      records = g_ptr_array_sized_new (n);
      ids = g_ptr_array_sized_new (n + 1);
      for (guint i = 0; i < chunk->items->len; i++)
        {
          FcSyncItem *item = g_ptr_array_index (chunk->items, i);

          if (!wants_write (item, kind, side))
            continue;
          g_ptr_array_add (chunk->batch, item);
          g_ptr_array_add (records, item->writes[side]);
          g_ptr_array_add (ids, item->ids[side]);
        }

      switch (kind)
        {
        case WRITE_CREATE:
          /* Committed before the request leaves. */
          if (!fc_store_run_in_transaction (job->store, record_intents, &step, &error))
            {
              fail_store (task, error);
              return;
            }
          fc_connector_create_records_async (job->connectors[side], job->objects[side], records,
                                             job->cancellable, on_written_cb, chunk);
          break;
        case WRITE_UPDATE:
          if (!fc_store_run_in_transaction (job->store, record_pending_bases, &step, &error))
            {
              fail_store (task, error);
              return;
            }
          fc_connector_update_records_async (job->connectors[side], job->objects[side], records,
                                             job->cancellable, on_written_cb, chunk);
          break;
        case WRITE_DELETE:
        default:
          g_ptr_array_add (ids, NULL);
          fc_connector_delete_records_async (job->connectors[side], job->objects[side],
                                             (const char * const *) ids->pdata, job->cancellable,
                                             on_written_cb, chunk);
          break;
        }
      chunk->call_task = g_object_ref (task);
      _fc_sync_job_work_ahead (task);
      return;
    }

  _fc_sync_job_finish_chunk (task, chunk);
}

void
_fc_sync_job_write (GTask       *task,
                    FcSyncChunk *chunk)
{
  chunk->step = 0;
  write_next (task, chunk);
}
