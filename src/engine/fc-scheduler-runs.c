/* fc-scheduler-runs.c: starting the scheduler's runs, one at a time, or saying why not
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A due mapping is queued unless it cannot run (paused, a connection not active, a run of it
 * already going or queued): then it is skipped with the reason. The queue starts one run at a
 * time, checking again, when its turn comes, that the mapping can still run.
 */

#define G_LOG_DOMAIN "fc-scheduler"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-enum-types.h"
#include "fc-scheduler-private.h"

typedef struct {
  FcScheduler   *self;
  char          *mapping_id;
  FcSyncTrigger  trigger;
} Run;

static void process_queue (FcScheduler *self);

void
_fc_scheduler_pending_free (FcSchedulerPending *pending)
{
  g_free (pending->mapping_id);
  g_free (pending);
}

void
_fc_scheduler_update_busy (FcScheduler *self)
{
  gboolean busy = self->running_id != NULL || !g_queue_is_empty (&self->pending);

  if (busy == self->busy)
    return;
  self->busy = busy;
  g_object_notify (G_OBJECT (self), "busy");
}

static gboolean
is_pending (FcScheduler *self,
            const char  *mapping_id)
{
  for (GList *l = self->pending.head; l != NULL; l = l->next)
    if (g_str_equal (((FcSchedulerPending *) l->data)->mapping_id, mapping_id))
      return TRUE;
  return FALSE;
}

static char *
dup_connection_problem (FcScheduler *self,
                        const char  *connection_id)
{
  FcConnection *connection = fc_engine_lookup_connection (self->engine, connection_id);
  g_autofree char *title = NULL;

  if (connection == NULL)
    return g_strdup_printf (_("its connection %s no longer exists"), connection_id);

  title = fc_connection_dup_title (connection);
  switch (fc_connection_get_status (connection))
    {
    case FC_CONNECTION_STATUS_ACTIVE:
      return NULL;
    case FC_CONNECTION_STATUS_EXPIRED:
      return g_strdup_printf (_("the connection “%s” has expired; sign in to it again"), title);
    case FC_CONNECTION_STATUS_ERROR:
    default:
      return g_strdup_printf (_("the connection “%s” is in error"), title);
    }
}

/* Why @mapping cannot run now, or NULL when it can. */
static char *
dup_skip_reason (FcScheduler *self,
                 FcMapping   *mapping)
{
  const char *id = fc_mapping_get_id (mapping);
  char *problem;

  if (!fc_mapping_get_active (mapping))
    return g_strdup (_("the mapping is paused"));

  problem = dup_connection_problem (self, fc_mapping_get_source_connection_id (mapping));
  if (problem == NULL)
    problem = dup_connection_problem (self, fc_mapping_get_target_connection_id (mapping));
  if (problem != NULL)
    return problem;

  if (g_strcmp0 (self->running_id, id) == 0 || fc_engine_is_syncing (self->engine, id) ||
      is_pending (self, id))
    return g_strdup (_("a run of it is already in progress"));

  return NULL;
}

static void
skip (FcScheduler   *self,
      FcMapping     *mapping,
      FcSyncTrigger  trigger,
      const char    *reason)
{
  const char *id = fc_mapping_get_id (mapping);
  JsonObject *data;

  /* Real-time polls come every minute: a skipped one is not worth telling anyone about. */
  if (trigger == FC_SYNC_TRIGGER_WEBHOOK)
    {
      g_debug ("Skipped polling mapping %s: %s", id, reason);
      return;
    }

  g_message ("Skipped the %s run of mapping “%s” (%s): %s",
             fc_enum_to_nick (FC_TYPE_SYNC_TRIGGER, trigger), fc_mapping_get_name (mapping),
             id, reason);

  data = json_object_new ();
  json_object_set_string_member (data, "mappingId", id);
  json_object_set_string_member (data, "mappingName", fc_mapping_get_name (mapping));
  json_object_set_string_member (data, "trigger", fc_enum_to_nick (FC_TYPE_SYNC_TRIGGER, trigger));
  json_object_set_string_member (data, "reason", reason);
  _fc_engine_emit_event (self->engine, "sync.skipped", data);

  g_signal_emit_by_name (self, "run-skipped", id, trigger, reason);
}

/* Queues a run of @mapping_id, or skips it with the reason it cannot run. */
void
_fc_scheduler_request_run (FcScheduler   *self,
                           const char    *mapping_id,
                           FcSyncTrigger  trigger)
{
  FcMapping *mapping = fc_engine_lookup_mapping (self->engine, mapping_id);
  g_autofree char *reason = NULL;
  FcSchedulerPending *pending;

  if (mapping == NULL)
    return;

  reason = dup_skip_reason (self, mapping);
  if (reason != NULL)
    {
      skip (self, mapping, trigger, reason);
      return;
    }

  pending = g_new0 (FcSchedulerPending, 1);
  pending->mapping_id = g_strdup (mapping_id);
  pending->trigger = trigger;
  g_queue_push_tail (&self->pending, pending);
  process_queue (self);
}

static void
on_run_done_cb (GObject      *source,
                GAsyncResult *async_result,
                gpointer      user_data)
{
  Run *run = user_data;
  FcScheduler *self = run->self;
  g_autoptr (FcSyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  FcSchedulerEntry *entry;

  result = fc_engine_sync_finish (FC_ENGINE (source), async_result, &error);

  entry = g_hash_table_lookup (self->entries, run->mapping_id);
  if (entry != NULL && run->trigger != FC_SYNC_TRIGGER_WEBHOOK)
    entry->missed = result == NULL ||
                    fc_sync_result_get_status (result) == FC_SYNC_STATUS_FAILED;

  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_message ("The %s run of mapping %s failed: %s",
               fc_enum_to_nick (FC_TYPE_SYNC_TRIGGER, run->trigger), run->mapping_id,
               error->message);

  g_clear_pointer (&self->running_id, g_free);
  g_signal_emit_by_name (self, "run-finished", run->mapping_id, run->trigger, result, error);

  if (self->started && self->engine != NULL)
    process_queue (self);
  else
    /* Stopped while this run went on: now another process may run the schedules. */
    _fc_scheduler_lock_release (self);
  _fc_scheduler_update_busy (self);

  g_free (run->mapping_id);
  g_object_unref (run->self);
  g_free (run);
}

static void
start_run (FcScheduler   *self,
           FcMapping     *mapping,
           FcSyncTrigger  trigger)
{
  FcSyncOptions options;
  Run *run;

  fc_scheduler_fill_options (self, trigger, &options);

  run = g_new0 (Run, 1);
  run->self = g_object_ref (self);
  run->mapping_id = g_strdup (fc_mapping_get_id (mapping));
  run->trigger = trigger;
  self->running_id = g_strdup (run->mapping_id);

  g_debug ("Starting the %s run of mapping %s", fc_enum_to_nick (FC_TYPE_SYNC_TRIGGER, trigger),
           run->mapping_id);
  g_signal_emit_by_name (self, "run-started", run->mapping_id, trigger);
  fc_engine_sync_async (self->engine, mapping, &options, self->cancellable, NULL, NULL,
                        on_run_done_cb, run);
}

/* Starts the next queued run when none is in progress; one that can no longer run (its mapping
 * paused or its connection expired meanwhile) is skipped. */
static void
process_queue (FcScheduler *self)
{
  while (self->running_id == NULL && !g_queue_is_empty (&self->pending))
    {
      FcSchedulerPending *pending = g_queue_pop_head (&self->pending);
      FcMapping *mapping = fc_engine_lookup_mapping (self->engine, pending->mapping_id);
      g_autofree char *reason = NULL;

      if (mapping != NULL)
        reason = dup_skip_reason (self, mapping);
      if (mapping != NULL && reason != NULL)
        skip (self, mapping, pending->trigger, reason);
      else if (mapping != NULL)
        start_run (self, mapping, pending->trigger);

      _fc_scheduler_pending_free (pending);
    }

  _fc_scheduler_update_busy (self);
}
