/* fc-sync-job.c: one run of a mapping, from its start to its end
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A run is a chain of asynchronous steps on the main context, each started by the callback of
 * the one before, with the cancellable checked between them:
 *
 *   START            check the connections, record the run
 *   RECOVER_INTENTS  creates an earlier run began but did not confirm: look the record up by its
 *                    match key and link it when it exists (fc-sync-recover.c)
 *   FETCH            page through each side's changes since its cursor (minus the overlap
 *                    window) into the staging table (fc-sync-job.c, fc-sync-stage.c)
 *   MATCH            links, then the match key: a join on the staging table, else the other
 *                    side's find_records (fc-sync-match.c)
 *   MERGE+APPLY      chunk by chunk: read counterparts, merge each field pair, write in batches,
 *                    store links, bases and events once the writes are confirmed
 *                    (fc-sync-apply.c, fc-sync-merge.c)
 *   FINISH           advance the cursors (never past a record that failed), close the run
 *
 * A failure of a whole step (a side cannot be listed, the store fails, cancellation) ends the run
 * failed; what earlier chunks wrote and confirmed stays, consistent, and the cursors stay where
 * they were, so the next run sees every record again.
 */

#define G_LOG_DOMAIN "fc-sync"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "fc-connector-private.h"
#include "fc-enum-types.h"
#include "fc-store-private.h"
#include "fc-sync-private.h"


static void
sync_pair_free (FcSyncPair *pair)
{
  g_clear_object (&pair->pair);
  g_clear_pointer (&pair->chain, fc_transform_chain_unref);
  g_free (pair->key);
  for (guint i = 0; i < 2; i++)
    {
      g_free (pair->pending_keys[i]);
      g_free (pair->before_keys[i]);
    }
  g_free (pair);
}

static void
job_free (FcSyncJob *job)
{
  g_clear_object (&job->engine);
  g_clear_object (&job->mapping);
  g_free (job->mapping_id);
  g_clear_object (&job->cancellable);
  g_clear_pointer (&job->result, fc_sync_result_unref);
  for (guint i = 0; i < 2; i++)
    {
      g_clear_object (&job->connectors[i]);
      g_free (job->objects[i]);
      g_free (job->match_fields[i]);
      g_free (job->external_fields[i]);
      g_clear_pointer (&job->rule_fields[i], g_ptr_array_unref);
      g_clear_pointer (&job->used_fields[i], g_hash_table_unref);
      g_free (job->read_fields[i]);
    }
  g_clear_pointer (&job->pairs, g_ptr_array_unref);
  _fc_sync_job_drop_idles (job);
  _fc_sync_job_reset_listing (job);
  g_clear_pointer (&job->intents, g_ptr_array_unref);
  g_clear_pointer (&job->match_rows, g_ptr_array_unref);
  g_free (job->match_asked);
  g_clear_pointer (&job->match_planned, g_hash_table_unref);
  g_clear_pointer (&job->match_repeated, g_hash_table_unref);
  g_clear_pointer (&job->writing, g_ptr_array_unref);
  g_clear_pointer (&job->ahead, _fc_sync_chunk_free);
  g_clear_error (&job->ahead_error);
  _fc_sync_options_clear (&job->options);
  g_free (job);
}

/* ---- helpers shared by the steps -------------------------------------------------------- */

void
_fc_sync_emit (FcSyncJob  *job,
               const char *type,
               JsonObject *data)
{
  json_object_set_string_member (data, "runId", job->result->run_id);
  json_object_set_string_member (data, "mappingId", job->mapping_id);
  json_object_set_string_member (data, "mappingName", fc_mapping_get_name (job->mapping));
  _fc_engine_emit_event (job->engine, type, data);
}

void
_fc_sync_job_emit_record (FcSyncJob  *job,
                          const char *kind,
                          FcSyncSide  side,
                          const char *source_id,
                          const char *target_id,
                          const char *message)
{
  JsonObject *data;

  /* One for each record written: with no window open and no endpoint wanting it, nobody
   * would receive it (the run log keeps its own rows). */
  if (!_fc_engine_wants_event (job->engine, kind))
    return;

  data = json_object_new ();
  json_object_set_string_member (data, "side", fc_sync_side_to_string (side));
  if (source_id != NULL)
    json_object_set_string_member (data, "sourceRecordId", source_id);
  if (target_id != NULL)
    json_object_set_string_member (data, "targetRecordId", target_id);
  if (message != NULL)
    json_object_set_string_member (data, "message", message);
  _fc_sync_emit (job, kind, data);
}

void
_fc_sync_job_add_plan (FcSyncJob      *job,
                       FcSyncPlanKind  kind,
                       FcSyncSide      side,
                       const char     *source_id,
                       const char     *target_id,
                       const char     *message,
                       JsonObject     *fields)
{
  g_ptr_array_add (job->result->plan,
                   _fc_sync_plan_entry_new (kind, side, source_id, target_id, message, fields));
}

void
_fc_sync_job_progress (FcSyncJob   *job,
                       FcSyncPhase  phase,
                       guint64      processed,
                       gint64       total)
{
  if (job->progress != NULL)
    job->progress (phase, processed, total, job->progress_data);
}

/* Whether "email" is in @field, whatever its case. */
static gboolean
names_email (const char *field)
{
  for (const char *p = field; p != NULL && *p != '\0'; p++)
    if (g_ascii_strncasecmp (p, "email", 5) == 0)
      return TRUE;
  return FALSE;
}

char *
_fc_sync_normalise_key (const char *field,
                        const char *value)
{
  g_autofree char *trimmed = NULL;
  const char *start = value;
  const char *end;

  if (value == NULL)
    return NULL;
  /* What g_strstrip () keeps, copied once */
  while (g_ascii_isspace (*start))
    start++;
  end = start + strlen (start);
  while (end > start && g_ascii_isspace (end[-1]))
    end--;
  if (end == start)
    return NULL;
  trimmed = g_strndup (start, end - start);
  if (!names_email (field))
    return g_steal_pointer (&trimmed);

  /* Most emails are lowercase ASCII: g_utf8_strdown () would return them unchanged, in every
   * locale (only its uppercase and non-ASCII letters depend on one). */
  for (const char *p = trimmed; *p != '\0'; p++)
    if (!g_ascii_isprint (*p) || g_ascii_isupper (*p))
      return g_utf8_strdown (trimmed, -1);
  return g_steal_pointer (&trimmed);
}

gboolean
_fc_sync_job_match_value (FcSyncJob   *job,
                          FcSyncSide   side,
                          FcRecord    *record,
                          char       **out_raw,
                          char       **out_normalised)
{
  const char *field = job->match_fields[side];
  g_autofree char *raw = NULL;
  g_autofree char *normalised = NULL;

  *out_raw = NULL;
  *out_normalised = NULL;
  if (field == NULL)
    return FALSE;

  raw = fc_record_dup_string (record, field);
  normalised = _fc_sync_normalise_key (field, raw);
  if (normalised == NULL)
    return FALSE;

  *out_raw = g_strstrip (g_steal_pointer (&raw));
  *out_normalised = g_steal_pointer (&normalised);
  return TRUE;
}

static void
set_run_status (FcSyncJob    *job,
                FcSyncStatus  status,
                gboolean      finished)
{
  g_autoptr (GError) error = NULL;

  job->result->status = status;
  if (job->run_row &&
      !fc_sync_store_update_run (job->store, job->result->run_id, status, &job->result->counts,
                                 finished,
                                 job->result->error != NULL ? job->result->error
                                                            : job->result->message, &error))
    g_warning ("Run %s: %s", job->result->run_id, error->message);
}

static void
close_run (FcSyncJob *job)
{
  g_autoptr (GError) error = NULL;

  job->result->duration_ms = (g_get_monotonic_time () - job->started_us) / 1000;
  if (job->staging && !fc_sync_store_stage_clear (job->store, job->result->run_id, &error))
    g_warning ("Run %s: %s", job->result->run_id, error->message);
}

JsonObject *
_fc_sync_job_event_data (FcSyncJob *job)
{
  JsonObject *data = json_object_new ();

  json_object_set_string_member (data, "status",
                                 fc_enum_to_nick (FC_TYPE_SYNC_STATUS, job->result->status));
  json_object_set_boolean_member (data, "dryRun", job->result->dry_run);
  json_object_set_int_member (data, "durationMs", job->result->duration_ms);
  json_object_set_object_member (data, "counts", _fc_sync_counts_to_json (&job->result->counts));
  if (job->result->error != NULL)
    json_object_set_string_member (data, "error", job->result->error);
  if (job->result->message != NULL)
    json_object_set_string_member (data, "message", job->result->message);
  return data;
}

void
_fc_sync_job_close (FcSyncJob    *job,
                    FcSyncStatus  status)
{
  close_run (job);
  set_run_status (job, status, TRUE);
}

void
_fc_sync_job_fail (GTask  *task,
                   GError *error)
{
  /* Dropping the idle callbacks may drop references to the task */
  g_autoptr (GTask) held = g_object_ref (task);
  FcSyncJob *job = g_task_get_task_data (held);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    job->result->error = g_strdup ("cancelled");
  else
    job->result->error = g_strdup (error->message);

  job->applying = FALSE;
  _fc_sync_job_drop_idles (job);
  close_run (job);
  set_run_status (job, FC_SYNC_STATUS_FAILED, TRUE);
  /* A held run whose approval failed waits for another one */
  if (job->result->approved_run_id != NULL)
    {
      g_autoptr (GError) unapprove_error = NULL;

      if (!fc_sync_store_unapprove_run (job->store, job->result->approved_run_id,
                                        job->result->run_id, &unapprove_error))
        g_warning ("%s", unapprove_error->message);
    }
  g_debug ("Run %s failed: %s", job->result->run_id, error->message);
  _fc_sync_emit (job, "sync.failed", _fc_sync_job_event_data (job));
  g_task_return_error (task, error);
}

gboolean
_fc_sync_job_cancelled (GTask *task)
{
  FcSyncJob *job = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_cancellable_set_error_if_cancelled (job->cancellable, &error))
    return FALSE;

  _fc_sync_job_fail (task, error);
  return TRUE;
}

/* ---- FINISH ----------------------------------------------------------------------------- */

/* Where each listed side's cursor goes: to the latest change seen, but never past the oldest
 * fetched record whose sync failed (the listing is inclusive, so that record comes again), and
 * never backwards unless a failure holds it back. */
static gboolean
store_cursors (FcStore  *store,
               gpointer  user_data,
               GError  **error)
{
  FcSyncJob *job = user_data;

  for (FcSyncSide side = FC_SYNC_SIDE_SOURCE; side <= FC_SYNC_SIDE_TARGET; side++)
    {
      gint64 held;
      gint64 next;

      if (!job->fetch_sides[side] || job->listing_cut[side])
        continue;

      /* A failed record was listed, so it is no later than the latest change seen. */
      held = fc_sync_store_stage_min_failed (store, job->result->run_id, side);
      next = held >= 0 ? held : MAX (job->cursor_ms[side], job->seen_ms[side]);
      if (next < 0)
        continue;
      if (!fc_sync_store_set_cursor (store, job->mapping_id, side, next, error))
        return FALSE;
    }

  return TRUE;
}

void
_fc_sync_job_finish (GTask *task)
{
  FcSyncJob *job = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  FcSyncStatus status;

  /* The guard pass ends held, or runs again for real. */
  if (_fc_sync_guard_finish (task))
    return;

  /* A targeted run read no listing: the cursors stay. */
  if (!job->options.dry_run && job->options.targets == NULL &&
      !fc_store_run_in_transaction (job->store, store_cursors, job, &error))
    {
      _fc_sync_job_fail (task, g_error_new (FC_SYNC_ERROR, FC_SYNC_ERROR_STORE,
                                            _("Cannot store the cursors: %s"), error->message));
      return;
    }

  status = job->result->counts.failed > 0 || job->listing_cut[FC_SYNC_SIDE_SOURCE] ||
           job->listing_cut[FC_SYNC_SIDE_TARGET] ? FC_SYNC_STATUS_PARTIAL
                                                 : FC_SYNC_STATUS_COMPLETED;
  close_run (job);
  set_run_status (job, status, TRUE);
  _fc_sync_emit (job, status == FC_SYNC_STATUS_PARTIAL ? "sync.partial" : "sync.completed",
                 _fc_sync_job_event_data (job));
  g_task_return_pointer (task, fc_sync_result_ref (job->result),
                         (GDestroyNotify) fc_sync_result_unref);
}

/* ---- FETCH ------------------------------------------------------------------------------ */

/* Both sides are listed at once, and each side asks for its next page as soon as the one before
 * has arrived, before that page is staged: staging (SQLite) then runs while the providers answer,
 * and a rate-limited side waits for its budget while the other side's pages come in. Pages are
 * staged in the order each side returned them, from an idle source of the main context, so
 * that the page requests are sent before the staging of the page before starts. At most
 * FETCH_QUEUE_MAX pages of a side wait for staging; the next is asked for when there is room. */
#define FETCH_QUEUE_MAX 2

/* A page whose answer was not readable (FC_CONNECTOR_ERROR_BAD_RESPONSE: cut short, not JSON,
 * not the shape the provider documents) is asked for again, up to PAGE_TRIES times in all,
 * PAGE_RETRY_MS apart and then twice that: reading is safe to repeat, and such answers come
 * from a connection or proxy that failed once more often than from the provider. Statuses and
 * network errors are retried by FcHttp already. */
#define PAGE_TRIES 3
#define PAGE_RETRY_MS 500

typedef struct {
  GTask      *task;
  FcSyncSide  side;
  char       *token;
  guint       tries;
} PageRequest;

static void
page_request_free (PageRequest *request)
{
  g_free (request->token);
  g_free (request);
}

typedef struct {
  FcSyncJob    *job;
  FcSyncSide    side;
  FcRecordPage *page;
} StagedPage;

static void on_page_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data);

static void drop_page_retry (FcSyncJob  *job,
                             FcSyncSide  side);

void
_fc_sync_job_reset_listing (FcSyncJob *job)
{
  g_clear_handle_id (&job->stage_idle, g_source_remove);
  for (FcSyncSide side = FC_SYNC_SIDE_SOURCE; side <= FC_SYNC_SIDE_TARGET; side++)
    {
      drop_page_retry (job, side);
      g_clear_pointer (&job->since[side], g_free);
      g_clear_pointer (&job->page_token[side], g_free);
      g_queue_clear_full (&job->pages[side], (GDestroyNotify) fc_record_page_unref);
      job->more_pages[side] = FALSE;
      job->requesting[side] = FALSE;
    }
  job->listing_over = FALSE;
}

/* The listing ends the run: answers still on their way are dropped when they come. */
static void
listing_fail (GTask  *task,
              GError *error)
{
  FcSyncJob *job = g_task_get_task_data (task);

  _fc_sync_job_reset_listing (job);
  job->listing_over = TRUE;
  _fc_sync_job_fail (task, error);
}

static void
send_page_request (PageRequest *request)
{
  FcSyncJob *job = g_task_get_task_data (request->task);
  FcSyncSide side = request->side;

  request->tries++;
  fc_connector_list_changed_async (job->connectors[side], job->objects[side], job->since[side],
                                   request->token, job->read_fields[side], job->cancellable,
                                   on_page_cb, request);
}

static gboolean
retry_page_cb (gpointer user_data)
{
  PageRequest *request = user_data;
  FcSyncJob *job = g_task_get_task_data (request->task);

  job->page_retry[request->side] = 0;
  job->retried_page[request->side] = NULL;
  send_page_request (request);
  return G_SOURCE_REMOVE;
}

/* A page waiting to be asked for again is not, once the listing ends. */
static void
drop_page_retry (FcSyncJob  *job,
                 FcSyncSide  side)
{
  PageRequest *request = job->retried_page[side];

  if (job->page_retry[side] == 0)
    return;
  g_clear_handle_id (&job->page_retry[side], g_source_remove);
  job->retried_page[side] = NULL;
  g_object_unref (request->task);
  page_request_free (request);
}

static void
request_page (GTask      *task,
              FcSyncSide  side)
{
  FcSyncJob *job = g_task_get_task_data (task);
  PageRequest *request;
  g_autofree char *token = NULL;

  if (!job->more_pages[side] || job->requesting[side] ||
      g_queue_get_length (&job->pages[side]) >= FETCH_QUEUE_MAX)
    return;

  token = g_steal_pointer (&job->page_token[side]);
  job->more_pages[side] = FALSE;
  job->requesting[side] = TRUE;
  request = g_new0 (PageRequest, 1);
  request->task = g_object_ref (task);
  request->side = side;
  request->token = g_steal_pointer (&token);
  send_page_request (request);
}

static gboolean
side_listed (FcSyncJob  *job,
             FcSyncSide  side)
{
  return !job->more_pages[side] && !job->requesting[side] &&
         g_queue_is_empty (&job->pages[side]);
}

static gboolean
stage_page (FcStore  *store,
            gpointer  user_data,
            GError  **error)
{
  StagedPage *staged = user_data;
  GPtrArray *records = fc_record_page_get_records (staged->page);

  return _fc_sync_job_stage_records (staged->job, staged->side, (FcRecord **) records->pdata,
                                     records->len, TRUE, error);
}

/* Stages one waiting page per call (the main context sends and receives in between); once
 * nothing waits and neither side has more to read, matching starts. */
static gboolean
stage_next_cb (gpointer user_data)
{
  GTask *task = user_data;
  FcSyncJob *job = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  if (g_cancellable_set_error_if_cancelled (job->cancellable, &error))
    {
      job->stage_idle = 0;
      listing_fail (task, g_steal_pointer (&error));
      return G_SOURCE_REMOVE;
    }

  for (FcSyncSide side = FC_SYNC_SIDE_SOURCE; side <= FC_SYNC_SIDE_TARGET; side++)
    {
      g_autoptr (FcRecordPage) page = g_queue_pop_head (&job->pages[side]);
      StagedPage staged = { job, side, page };

      if (page == NULL)
        continue;
      if (!fc_store_run_in_transaction (job->store, stage_page, &staged, &error))
        {
          job->stage_idle = 0;
          listing_fail (task, g_error_new (FC_SYNC_ERROR, FC_SYNC_ERROR_STORE, "%s",
                                           error->message));
          return G_SOURCE_REMOVE;
        }
      request_page (task, side);
    }

  if (!g_queue_is_empty (&job->pages[FC_SYNC_SIDE_SOURCE]) ||
      !g_queue_is_empty (&job->pages[FC_SYNC_SIDE_TARGET]))
    return G_SOURCE_CONTINUE;

  job->stage_idle = 0;
  if (side_listed (job, FC_SYNC_SIDE_SOURCE) && side_listed (job, FC_SYNC_SIDE_TARGET))
    {
      job->listing_over = TRUE;
      _fc_sync_job_match (task);
    }
  return G_SOURCE_REMOVE;
}

static void
schedule_staging (GTask *task)
{
  FcSyncJob *job = g_task_get_task_data (task);

  if (job->stage_idle == 0)
    job->stage_idle = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, stage_next_cb,
                                       g_object_ref (task), g_object_unref);
}

/* A page failed (after the connector's retries) once others were read. What was read is
 * synced; the side counts as not listed whole (matching asks the provider rather than concluding
 * that a counterpart does not exist) and its cursor stays where it was, so the next run reads
 * the rest, and what this run read, again. The run ends partial. */
static void
cut_listing (GTask        *task,
             FcSyncSide    side,
             const GError *error)
{
  FcSyncJob *job = g_task_get_task_data (task);
  g_autofree char *text = NULL;

  text = g_strdup_printf (_("The listing of the %s %s stopped after %u records: %s; the records "
                            "read were synced, the rest waits for the next run"),
                          fc_sync_side_to_string (side), job->objects[side],
                          job->records_read[side],
                          error->message);
  g_debug ("Run %s: %s", job->result->run_id, text);
  job->listing_cut[side] = TRUE;
  job->full_listing[side] = FALSE;
  if (job->result->message == NULL)
    job->result->message = g_steal_pointer (&text);
  else
    {
      char *joined = g_strconcat (job->result->message, "; ", text, NULL);

      g_free (job->result->message);
      job->result->message = joined;
    }
}

static void
on_page_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  PageRequest *request = user_data;
  g_autoptr (GTask) task = request->task;
  FcSyncSide side = request->side;
  FcSyncJob *job = g_task_get_task_data (task);
  g_autoptr (FcRecordPage) page = NULL;
  g_autoptr (GError) error = NULL;
  const char *cursor;
  gint64 cursor_ms = -1;
  gint64 total = -1;

  page = fc_connector_list_changed_finish (FC_CONNECTOR (object), result, &error);
  if (page == NULL && !job->listing_over && request->tries < PAGE_TRIES &&
      g_error_matches (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_BAD_RESPONSE))
    {
      g_debug ("Reading the changed %s of the %s again (try %u of %u): %s",
               job->objects[side], fc_sync_side_to_string (side), request->tries + 1,
               PAGE_TRIES, error->message);
      g_steal_pointer (&task);  /* the request keeps it for the next try */
      job->retried_page[side] = request;
      job->page_retry[side] = g_timeout_add (PAGE_RETRY_MS << (request->tries - 1),
                                             retry_page_cb, request);
      return;
    }
  if (error != NULL && request->tries > 1)
    g_prefix_error (&error, _("After %u tries: "), request->tries);
  page_request_free (request);
  if (job->listing_over)
    return;  /* the run ended while this page was on its way */
  job->requesting[side] = FALSE;

  if (page == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        listing_fail (task, g_steal_pointer (&error));
      else if (job->pages_read[side] > 0)
        {
          cut_listing (task, side, error);
          schedule_staging (task);
        }
      else
        listing_fail (task, g_error_new (FC_SYNC_ERROR, FC_SYNC_ERROR_FETCH,
                                         _("Cannot read the changed %s of the %s: %s"),
                                         job->objects[side], fc_sync_side_to_string (side),
                                         error->message));
      return;
    }
  job->pages_read[side]++;
  job->records_read[side] += fc_record_page_get_records (page)->len;
  job->result->counts.fetched += fc_record_page_get_records (page)->len;
  cursor = fc_record_page_get_cursor (page);
  if (cursor != NULL && _fc_connector_parse_cursor (cursor, &cursor_ms, NULL))
    job->seen_ms[side] = MAX (job->seen_ms[side], cursor_ms);
  if (job->totals[side] < 0)
    job->totals[side] = fc_record_page_get_total (page);
  /* Known once every side to list has said how many it has. */
  total = 0;
  for (FcSyncSide s = FC_SYNC_SIDE_SOURCE; s <= FC_SYNC_SIDE_TARGET && total >= 0; s++)
    if (job->fetch_sides[s] || job->context_sides[s])
      total = job->totals[s] >= 0 ? total + job->totals[s] : -1;
  if (total >= 0 && (gint64) job->result->counts.fetched > total)
    total = job->result->counts.fetched;  /* records changed while listing come twice */
  _fc_sync_job_progress (job, FC_SYNC_PHASE_FETCH, job->result->counts.fetched, total);

  job->page_token[side] = g_strdup (fc_record_page_get_next_page_token (page));
  job->more_pages[side] = job->page_token[side] != NULL;
  g_queue_push_tail (&job->pages[side], g_steal_pointer (&page));
  request_page (task, side);
  schedule_staging (task);
}

static void
start_listing (GTask      *task,
               FcSyncSide  side)
{
  FcSyncJob *job = g_task_get_task_data (task);

  if (!job->fetch_sides[side] && !job->context_sides[side])
    return;

  if (job->fetch_sides[side] && !job->options.full_rescan && job->cursor_ms[side] >= 0)
    job->since[side] =
      _fc_connector_format_cursor (MAX (job->cursor_ms[side] - FC_SYNC_OVERLAP_MS, 0));
  job->full_listing[side] = job->since[side] == NULL;
  job->listed_us[side] = g_get_monotonic_time ();

  g_debug ("Run %s: listing the %s %s since %s", job->result->run_id,
           fc_sync_side_to_string (side), job->objects[side],
           job->since[side] != NULL ? job->since[side] : "the beginning");
  job->more_pages[side] = TRUE;
  request_page (task, side);
}

void
_fc_sync_job_fetch (GTask *task)
{
  FcSyncJob *job = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  if (_fc_sync_job_cancelled (task))
    return;

  if (job->options.targets != NULL)
    {
      _fc_sync_job_fetch_targets (task);
      return;
    }

  for (FcSyncSide side = FC_SYNC_SIDE_SOURCE; side <= FC_SYNC_SIDE_TARGET; side++)
    if (!fc_sync_store_get_cursor (job->store, job->mapping_id, side, &job->cursor_ms[side],
                                   &error))
      {
        _fc_sync_job_fail (task, g_error_new (FC_SYNC_ERROR, FC_SYNC_ERROR_STORE, "%s",
                                              error->message));
        return;
      }

  /* A one-way mapping does not list the side it only writes. But on its first run, when every
   * record is still to match, listing that side whole costs a page per few hundred records
   * where looking each record up would cost a request per record. */
  if (fc_sync_store_count_links (job->store, job->mapping_id, NULL) == 0)
    for (FcSyncSide side = FC_SYNC_SIDE_SOURCE; side <= FC_SYNC_SIDE_TARGET; side++)
      job->context_sides[side] = !job->fetch_sides[side] && job->match_fields[side] != NULL;

  _fc_sync_job_reset_listing (job);
  for (FcSyncSide side = FC_SYNC_SIDE_SOURCE; side <= FC_SYNC_SIDE_TARGET; side++)
    start_listing (task, side);
  /* Matching starts once both listings are staged; with neither side to list, at once. */
  schedule_staging (task);
}

/* ---- START ------------------------------------------------------------------------------ */

static int
compare_names (const void *a,
               const void *b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
prepare_pairs (FcSyncJob  *job,
               GError    **error)
{
  FcDirection direction = fc_mapping_get_direction (job->mapping);
  g_auto (GStrv) rule = fc_mapping_dup_effective_match_rule (job->mapping);

  job->pairs = g_ptr_array_new_with_free_func ((GDestroyNotify) sync_pair_free);
  for (guint i = 0; i < fc_mapping_get_n_field_pairs (job->mapping); i++)
    {
      FcSyncPair *pair = g_new0 (FcSyncPair, 1);
      g_autofree char *sources = NULL;
      g_autofree char *targets = NULL;

      g_ptr_array_add (job->pairs, pair);
      pair->pair = g_object_ref (fc_mapping_get_field_pair (job->mapping, i));
      pair->chain = fc_transform_chain_parse (fc_field_pair_get_transform (pair->pair), error);
      if (pair->chain == NULL)
        return FALSE;
      pair->fields[FC_SYNC_SIDE_SOURCE] = fc_field_pair_get_source_fields (pair->pair);
      pair->fields[FC_SYNC_SIDE_TARGET] = fc_field_pair_get_target_fields (pair->pair);
      pair->to_target = fc_field_pair_flows_to_target (pair->pair, direction);
      pair->to_source = fc_field_pair_flows_to_source (pair->pair, direction);
      sources = g_strjoinv (",", (char **) pair->fields[FC_SYNC_SIDE_SOURCE]);
      targets = g_strjoinv (",", (char **) pair->fields[FC_SYNC_SIDE_TARGET]);
      pair->key = g_strdup_printf ("%s=%s", sources, targets);
      pair->pending_keys[FC_SYNC_SIDE_SOURCE] = g_strconcat (pair->key,
                                                             FC_SYNC_PENDING_BASE_SOURCE, NULL);
      pair->pending_keys[FC_SYNC_SIDE_TARGET] = g_strconcat (pair->key,
                                                             FC_SYNC_PENDING_BASE_TARGET, NULL);
      pair->before_keys[FC_SYNC_SIDE_SOURCE] = g_strconcat (pair->key,
                                                            FC_SYNC_PENDING_BEFORE_SOURCE, NULL);
      pair->before_keys[FC_SYNC_SIDE_TARGET] = g_strconcat (pair->key,
                                                            FC_SYNC_PENDING_BEFORE_TARGET, NULL);
    }

  /* The first entry of the rule is the match key the staging table keeps; the others are
   * tried in order when it finds no counterpart (fc-sync-match.c). */
  for (FcSyncSide side = FC_SYNC_SIDE_SOURCE; side <= FC_SYNC_SIDE_TARGET; side++)
    job->rule_fields[side] = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; rule != NULL && rule[i] != NULL; i++)
    {
      const char *eq = strchr (rule[i], '=');

      if (eq == NULL || eq == rule[i] || eq[1] == '\0')
        continue;
      g_ptr_array_add (job->rule_fields[FC_SYNC_SIDE_SOURCE], g_strndup (rule[i], eq - rule[i]));
      g_ptr_array_add (job->rule_fields[FC_SYNC_SIDE_TARGET], g_strdup (eq + 1));
    }
  if (job->rule_fields[FC_SYNC_SIDE_SOURCE]->len > 0)
    for (FcSyncSide side = FC_SYNC_SIDE_SOURCE; side <= FC_SYNC_SIDE_TARGET; side++)
      job->match_fields[side] = g_strdup (g_ptr_array_index (job->rule_fields[side], 0));

  if (fc_mapping_get_external_id_fields (job->mapping) != NULL)
    for (FcSyncSide side = FC_SYNC_SIDE_SOURCE; side <= FC_SYNC_SIDE_TARGET; side++)
      job->external_fields[side] =
        g_strdup (fc_mapping_get_external_id_fields (job->mapping)[side]);

  /* What staging keeps of each record */
  for (FcSyncSide side = FC_SYNC_SIDE_SOURCE; side <= FC_SYNC_SIDE_TARGET; side++)
    {
      job->used_fields[side] = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; i < job->pairs->len; i++)
        {
          FcSyncPair *pair = g_ptr_array_index (job->pairs, i);

          for (guint f = 0; pair->fields[side][f] != NULL; f++)
            g_hash_table_add (job->used_fields[side], (gpointer) pair->fields[side][f]);
        }
      for (guint i = 0; i < job->rule_fields[side]->len; i++)
        g_hash_table_add (job->used_fields[side], g_ptr_array_index (job->rule_fields[side], i));
      if (job->external_fields[side] != NULL)
        g_hash_table_add (job->used_fields[side], job->external_fields[side]);

      /* Only these are asked of the provider: nothing else of a record is read */
      job->read_fields[side] =
        (const char **) g_hash_table_get_keys_as_array (job->used_fields[side], NULL);
      qsort (job->read_fields[side], g_hash_table_size (job->used_fields[side]), sizeof (char *),
             compare_names);
    }

  job->fetch_sides[FC_SYNC_SIDE_SOURCE] = direction != FC_DIRECTION_TARGET_TO_SOURCE;
  job->fetch_sides[FC_SYNC_SIDE_TARGET] = direction != FC_DIRECTION_SOURCE_TO_TARGET;
  return TRUE;
}

/* The mapping's connections must exist and be active; a check before any request. */
static gboolean
prepare_connectors (FcSyncJob  *job,
                    GError    **error)
{
  const char *ids[2] = {
    fc_mapping_get_source_connection_id (job->mapping),
    fc_mapping_get_target_connection_id (job->mapping),
  };

  job->objects[FC_SYNC_SIDE_SOURCE] = g_strdup (fc_mapping_get_source_object (job->mapping));
  job->objects[FC_SYNC_SIDE_TARGET] = g_strdup (fc_mapping_get_target_object (job->mapping));

  for (FcSyncSide side = FC_SYNC_SIDE_SOURCE; side <= FC_SYNC_SIDE_TARGET; side++)
    {
      FcConnection *connection = fc_engine_lookup_connection (job->engine, ids[side]);
      FcConnector *connector;
      g_autofree char *title = NULL;

      if (connection == NULL)
        {
          g_set_error (error, FC_SYNC_ERROR, FC_SYNC_ERROR_CONNECTION_MISSING,
                       _("The %s connection “%s” of mapping “%s” no longer exists"),
                       fc_sync_side_to_string (side), ids[side],
                       fc_mapping_get_name (job->mapping));
          return FALSE;
        }

      title = fc_connection_dup_title (connection);
      if (fc_connection_get_status (connection) != FC_CONNECTION_STATUS_ACTIVE)
        {
          g_set_error (error, FC_SYNC_ERROR, FC_SYNC_ERROR_CONNECTION_INACTIVE,
                       _("The %s connection “%s” is %s; reconnect it to sync mapping “%s”"),
                       fc_sync_side_to_string (side), title,
                       fc_enum_to_nick (FC_TYPE_CONNECTION_STATUS,
                                        fc_connection_get_status (connection)),
                       fc_mapping_get_name (job->mapping));
          return FALSE;
        }

      connector = fc_engine_get_connector (job->engine, connection, error);
      if (connector == NULL)
        return FALSE;
      job->connectors[side] = g_object_ref (connector);
    }

  return TRUE;
}

static void
job_start (GTask *task)
{
  FcSyncJob *job = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  JsonObject *data;

  if (!fc_sync_store_insert_run (job->store, job->result->run_id, job->mapping_id,
                                 job->options.trigger, job->options.dry_run, &error))
    {
      g_task_return_error (task, g_error_new (FC_SYNC_ERROR, FC_SYNC_ERROR_STORE, "%s",
                                              error->message));
      return;
    }
  job->run_row = TRUE;

  if (!fc_mapping_validate (job->mapping, &error))
    {
      _fc_sync_job_fail (task, g_error_new (FC_SYNC_ERROR, FC_SYNC_ERROR_INVALID_MAPPING,
                                            _("Mapping “%s” cannot run: %s"),
                                            fc_mapping_get_name (job->mapping), error->message));
      return;
    }
  if (!prepare_connectors (job, &error) || !prepare_pairs (job, &error) ||
      !fc_sync_store_stage_prepare (job->store, &error))
    {
      _fc_sync_job_fail (task, g_steal_pointer (&error));
      return;
    }
  job->staging = TRUE;

  set_run_status (job, FC_SYNC_STATUS_RUNNING, FALSE);
  data = json_object_new ();
  json_object_set_string_member (data, "trigger",
                                 fc_enum_to_nick (FC_TYPE_SYNC_TRIGGER, job->options.trigger));
  json_object_set_boolean_member (data, "dryRun", job->options.dry_run);
  json_object_set_boolean_member (data, "fullRescan", job->options.full_rescan);
  json_object_set_boolean_member (data, "targeted", job->options.targets != NULL);
  _fc_sync_emit (job, "sync.started", data);

  if (job->options.approved_run_id != NULL)
    {
      job->result->approved_run_id = g_strdup (job->options.approved_run_id);
      if (!fc_sync_store_approve_run (job->store, job->options.approved_run_id,
                                      job->result->run_id, &error))
        {
          _fc_sync_job_fail (task, g_error_new (FC_SYNC_ERROR, FC_SYNC_ERROR_STORE, "%s",
                                                error->message));
          return;
        }
    }

  /* The guard measures the plan of a dry pass before anything is written. */
  if (_fc_sync_guard_applies (&job->options))
    {
      job->guard_pass = TRUE;
      job->options.dry_run = TRUE;
    }

  _fc_sync_job_recover (task);
}

void
_fc_sync_job_run (FcEngine            *engine,
                  FcMapping           *mapping,
                  const FcSyncOptions *options,
                  GCancellable        *cancellable,
                  FcSyncProgressFunc   progress,
                  gpointer             progress_data,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  g_autoptr (GTask) task = g_task_new (engine, cancellable, callback, user_data);
  g_autofree char *run_id = _fc_store_new_id ("run_");
  FcSyncJob *job = g_new0 (FcSyncJob, 1);

  g_task_set_source_tag (task, _fc_sync_job_run);
  /* The run reports its own cancellation, as a failed run. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);

  job->engine = g_object_ref (engine);
  job->store = fc_engine_get_store (engine);
  job->mapping = fc_mapping_copy (mapping);
  job->mapping_id = g_strdup (fc_mapping_get_id (mapping));
  _fc_sync_options_copy (&job->options, options);
  job->cancellable = cancellable != NULL ? g_object_ref (cancellable) : g_cancellable_new ();
  job->progress = progress;
  job->progress_data = progress_data;
  job->result = _fc_sync_result_new (run_id, job->mapping_id, options->dry_run);
  job->started_us = g_get_monotonic_time ();
  for (guint i = 0; i < 2; i++)
    {
      job->cursor_ms[i] = -1;
      job->seen_ms[i] = -1;
      job->totals[i] = -1;
    }

  job_start (task);
}

FcSyncResult *
_fc_sync_job_run_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
_fc_sync_job_run_get_run_id (GAsyncResult *result)
{
  FcSyncJob *job;

  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == _fc_sync_job_run, NULL);

  job = g_task_get_task_data (G_TASK (result));
  return job != NULL && job->run_row ? job->result->run_id : NULL;
}
