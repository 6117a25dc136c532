/* fc-webhook-listener-queue.c: from stored webhook events to targeted sync runs
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Due events are taken from inbound_events in the order they arrived and grouped by connection
 * and object type. Each group goes to every active real-time mapping that reads or writes that
 * object of that connection, as one run per mapping that syncs exactly the group's records (each
 * record once, however many events named it). A mapping that is running already (for the queue,
 * a schedule or the user) is left alone and looked at again shortly: runs never overlap. When
 * every run of a group succeeded its events are done; otherwise each is tried again at once,
 * then after 1, 5 and 30 minutes, then marked failed with the error.
 */

#define G_LOG_DOMAIN "fc-webhook"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-inbound-store.h"
#include "fc-webhook-listener-private.h"

/* Events taken at once; more wait for the next look. */
#define MAX_EVENTS_PER_LOOK 500
/* How soon to look again while a mapping the queue needs is running. */
#define BUSY_RECHECK_MS     100

/* Minutes after the first, second, third and fourth failed attempt. */
static const guint retry_minutes[] = { 0, 1, 5, 30 };

typedef struct {
  char      *connection_id;
  char      *object;
  GPtrArray *events;   /* FcInboundEvent */
} Group;

static void
group_free (Group *group)
{
  g_free (group->connection_id);
  g_free (group->object);
  g_ptr_array_unref (group->events);
  g_free (group);
}

/* One mapping a group goes to, and on which sides the group's object lives. */
typedef struct {
  FcMapping *mapping;
  gboolean   source;
  gboolean   target;
} Use;

static void
use_free (Use *use)
{
  g_object_unref (use->mapping);
  g_free (use);
}

typedef struct {
  FcWebhookListener *self;
  GArray            *ids;       /* gint64 */
  GArray            *attempts;  /* guint, before this try */
  guint              pending;   /* runs still going */
  GString           *errors;
  char              *note;
} Batch;

static void
batch_free (Batch *batch)
{
  g_object_unref (batch->self);
  g_array_unref (batch->ids);
  g_array_unref (batch->attempts);
  g_string_free (batch->errors, TRUE);
  g_free (batch->note);
  g_free (batch);
}

typedef struct {
  Batch *batch;
  char  *mapping_id;
  char  *mapping_name;
} Run;

static gboolean on_look_cb (gpointer user_data);

void
_fc_webhook_listener_schedule (FcWebhookListener *self,
                               guint              delay_ms)
{
  gint64 at = g_get_monotonic_time () / 1000 + delay_ms;

  if (!self->processing)
    return;
  if (self->process_source != 0 && self->process_at <= at)
    return;

  g_clear_handle_id (&self->process_source, g_source_remove);
  self->process_at = at;
  self->process_source = g_timeout_add (delay_ms, on_look_cb, self);
  g_source_set_name_by_id (self->process_source, "[fc] webhook queue");
}

void
_fc_webhook_listener_stop_queue (FcWebhookListener *self)
{
  self->processing = FALSE;
  self->process_at = -1;
  g_clear_handle_id (&self->process_source, g_source_remove);
}

void
fc_webhook_listener_process_now (FcWebhookListener *self)
{
  g_return_if_fail (FC_IS_WEBHOOK_LISTENER (self));

  _fc_webhook_listener_schedule (self, 0);
}

static void
emit_all (FcWebhookListener *self,
          GArray            *ids,
          const char        *status)
{
  for (guint i = 0; i < ids->len; i++)
    _fc_webhook_listener_emit_processed (self, g_array_index (ids, gint64, i), status);
}

/* The active real-time mappings that read or write @object of @connection_id. */
static GPtrArray *
find_uses (FcWebhookListener *self,
           const char        *connection_id,
           const char        *object)
{
  GListModel *mappings = fc_engine_get_mappings (self->engine);
  GPtrArray *uses = g_ptr_array_new_with_free_func ((GDestroyNotify) use_free);

  for (guint i = 0; i < g_list_model_get_n_items (mappings); i++)
    {
      g_autoptr (FcMapping) mapping = g_list_model_get_item (mappings, i);
      gboolean source, target;
      Use *use;

      if (!fc_mapping_get_active (mapping) || !fc_mapping_get_realtime (mapping))
        continue;
      source = g_strcmp0 (fc_mapping_get_source_connection_id (mapping), connection_id) == 0
               && g_strcmp0 (fc_mapping_get_source_object (mapping), object) == 0;
      target = g_strcmp0 (fc_mapping_get_target_connection_id (mapping), connection_id) == 0
               && g_strcmp0 (fc_mapping_get_target_object (mapping), object) == 0;
      if (!source && !target)
        continue;

      use = g_new0 (Use, 1);
      use->mapping = g_steal_pointer (&mapping);
      use->source = source;
      use->target = target;
      g_ptr_array_add (uses, use);
    }
  return uses;
}

typedef struct {
  gboolean    deleted;
  GPtrArray  *merged;   /* char *, without repeats */
} Change;

static void
change_free (Change *change)
{
  g_ptr_array_unref (change->merged);
  g_free (change);
}

static void
add_targets (GPtrArray  *targets,
             FcSyncSide  side,
             GPtrArray  *order,
             GHashTable *changes)
{
  for (guint i = 0; i < order->len; i++)
    {
      const char *record_id = g_ptr_array_index (order, i);
      Change *change = g_hash_table_lookup (changes, record_id);
      g_autoptr (GPtrArray) merged = g_ptr_array_copy (change->merged, NULL, NULL);

      g_ptr_array_add (merged, NULL);
      g_ptr_array_add (targets,
                       fc_sync_target_new (side, record_id, change->deleted,
                                           change->merged->len > 0
                                           ? (const char * const *) merged->pdata : NULL));
    }
}

/* One target per record of the group (and side): deleted when an event deleted it and no
 * later one created it again; the ids merged into it add up. */
static GPtrArray *
build_targets (Group *group,
               Use   *use)
{
  GPtrArray *targets = g_ptr_array_new_with_free_func ((GDestroyNotify) fc_sync_target_free);
  g_autoptr (GHashTable) changes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                          (GDestroyNotify) change_free);
  g_autoptr (GPtrArray) order = g_ptr_array_new ();

  for (guint i = 0; i < group->events->len; i++)
    {
      FcInboundEvent *event = g_ptr_array_index (group->events, i);
      Change *change = g_hash_table_lookup (changes, event->record_id);

      if (change == NULL)
        {
          change = g_new0 (Change, 1);
          change->merged = g_ptr_array_new ();
          g_hash_table_insert (changes, event->record_id, change);
          g_ptr_array_add (order, event->record_id);
        }
      /* A deleted record takes no update: an update that comes after its deletion is an
       * older change delivered late (a provider's retry), and must not undo the deletion. A
       * create (a record made again under its id) does. */
      if (g_strcmp0 (event->kind, "delete") == 0)
        change->deleted = TRUE;
      else if (g_strcmp0 (event->kind, "create") == 0)
        change->deleted = FALSE;
      for (guint j = 0; event->merged_ids[j] != NULL; j++)
        if (!g_ptr_array_find_with_equal_func (change->merged, event->merged_ids[j],
                                               g_str_equal, NULL))
          g_ptr_array_add (change->merged, event->merged_ids[j]);
    }

  if (use->source)
    add_targets (targets, FC_SYNC_SIDE_SOURCE, order, changes);
  if (use->target)
    add_targets (targets, FC_SYNC_SIDE_TARGET, order, changes);
  return targets;
}

static void
schedule_next_due (FcWebhookListener *self)
{
  g_autoptr (GError) error = NULL;
  gint64 next = _fc_inbound_store_next_due (fc_engine_get_store (self->engine), &error);
  gint64 now = g_get_real_time () / 1000;

  if (error != NULL)
    {
      g_message ("Could not read when the next webhook event is due: %s", error->message);
      _fc_webhook_listener_schedule (self, self->minute_ms);
      return;
    }
  /* events due now are the ones in flight: their end looks again; otherwise look at least
   * once a minute, for events another process made due (a retry from the command line) */
  if (next >= 0 && next <= now && g_hash_table_size (self->in_flight) > 0)
    return;
  if (next < 0)
    _fc_webhook_listener_schedule (self, self->minute_ms);
  else
    _fc_webhook_listener_schedule (self, (guint) CLAMP (next - now, 0, (gint64) self->minute_ms));
}

static void
batch_end (Batch *batch)
{
  FcWebhookListener *self = batch->self;
  FcStore *store = fc_engine_get_store (self->engine);
  g_autoptr (GError) error = NULL;
  gint64 now = g_get_real_time () / 1000;

  if (batch->errors->len == 0)
    {
      if (_fc_inbound_store_finish (store, batch->ids, FC_INBOUND_STATUS_DONE, batch->note, now,
                                    &error))
        emit_all (self, batch->ids, FC_INBOUND_STATUS_DONE);
    }
  else
    {
      gint64 delays[G_N_ELEMENTS (retry_minutes)];

      for (guint i = 0; i < G_N_ELEMENTS (retry_minutes); i++)
        delays[i] = (gint64) retry_minutes[i] * self->minute_ms;
      g_message ("Syncing %u webhook events failed: %s", batch->ids->len, batch->errors->str);
      if (_fc_inbound_store_defer (store, batch->ids, batch->errors->str, delays,
                                   G_N_ELEMENTS (delays), now, &error))
        for (guint i = 0; i < batch->ids->len; i++)
          _fc_webhook_listener_emit_processed (self, g_array_index (batch->ids, gint64, i),
                                               g_array_index (batch->attempts, guint, i)
                                               < G_N_ELEMENTS (delays)
                                               ? FC_INBOUND_STATUS_PENDING
                                               : FC_INBOUND_STATUS_FAILED);
    }
  if (error != NULL)
    g_message ("Could not record how %u webhook events were processed: %s", batch->ids->len,
               error->message);

  for (guint i = 0; i < batch->ids->len; i++)
    g_hash_table_remove (self->in_flight, &g_array_index (batch->ids, gint64, i));
  /* When the store could not record the outcome (the disk full), the events are still due:
   * looking again at once would sync them over and over as fast as the store fails. */
  _fc_webhook_listener_schedule (self, error != NULL ? self->minute_ms : 0);
  batch_free (batch);
}

static void
on_synced_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Run *run = user_data;
  Batch *batch = run->batch;
  g_autoptr (FcSyncResult) sync_result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *failure = NULL;

  sync_result = fc_engine_sync_finish (FC_ENGINE (source), result, &error);
  if (sync_result == NULL)
    failure = g_strdup (error->message);
  else if (fc_sync_result_get_status (sync_result) == FC_SYNC_STATUS_FAILED)
    failure = g_strdup (fc_sync_result_get_error (sync_result) != NULL
                        ? fc_sync_result_get_error (sync_result) : _("the run failed"));
  else if (fc_sync_result_get_status (sync_result) == FC_SYNC_STATUS_PARTIAL)
    failure = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u record could not be written",
                                            "%u records could not be written",
                                            fc_sync_result_get_counts (sync_result)->failed),
                               fc_sync_result_get_counts (sync_result)->failed);
  else if (fc_sync_result_get_status (sync_result) == FC_SYNC_STATUS_HELD)
    batch->note = g_strdup_printf (_("“%s”: the run was held for approval"), run->mapping_name);

  if (failure != NULL)
    g_string_append_printf (batch->errors, "%s“%s”: %s", batch->errors->len > 0 ? "; " : "",
                            run->mapping_name, failure);

  g_hash_table_remove (batch->self->busy_mappings, run->mapping_id);
  g_free (run->mapping_id);
  g_free (run->mapping_name);
  g_free (run);
  if (--batch->pending == 0)
    batch_end (batch);
}

static void
start_batch (FcWebhookListener *self,
             Group             *group,
             GPtrArray         *uses)
{
  Batch *batch = g_new0 (Batch, 1);

  batch->self = g_object_ref (self);
  batch->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  batch->attempts = g_array_new (FALSE, FALSE, sizeof (guint));
  batch->errors = g_string_new (NULL);
  for (guint i = 0; i < group->events->len; i++)
    {
      FcInboundEvent *event = g_ptr_array_index (group->events, i);

      g_array_append_val (batch->ids, event->id);
      g_array_append_val (batch->attempts, event->attempts);
      g_hash_table_add (self->in_flight, g_memdup2 (&event->id, sizeof event->id));
    }

  batch->pending = uses->len;
  for (guint i = 0; i < uses->len; i++)
    {
      Use *use = g_ptr_array_index (uses, i);
      g_autoptr (GPtrArray) targets = build_targets (group, use);
      FcSyncOptions options;
      Run *run = g_new0 (Run, 1);

      run->batch = batch;
      run->mapping_id = g_strdup (fc_mapping_get_id (use->mapping));
      run->mapping_name = g_strdup (fc_mapping_get_name (use->mapping));
      g_hash_table_add (self->busy_mappings, g_strdup (run->mapping_id));

      /* The user's guard limits, as for scheduled runs. */
      fc_scheduler_fill_options (fc_engine_get_scheduler (self->engine), FC_SYNC_TRIGGER_WEBHOOK,
                                 &options);
      options.targets = targets;
      g_debug ("Syncing %u records of %s through “%s” for webhook events", targets->len,
               group->object, run->mapping_name);
      fc_engine_sync_async (self->engine, use->mapping, &options, NULL, NULL, NULL,
                            on_synced_cb, run);
    }
}

static gboolean
is_busy (FcWebhookListener *self,
         GPtrArray         *uses)
{
  for (guint i = 0; i < uses->len; i++)
    {
      const char *id = fc_mapping_get_id (((Use *) g_ptr_array_index (uses, i))->mapping);

      if (g_hash_table_contains (self->busy_mappings, id)
          || fc_engine_is_syncing (self->engine, id))
        return TRUE;
    }
  return FALSE;
}

static void
ignore_group (FcWebhookListener *self,
              Group             *group)
{
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GError) error = NULL;
  g_autofree char *note = g_strdup_printf (_("No active real-time mapping uses %s of this "
                                             "connection"), group->object);

  for (guint i = 0; i < group->events->len; i++)
    g_array_append_val (ids, ((FcInboundEvent *) g_ptr_array_index (group->events, i))->id);
  if (!_fc_inbound_store_finish (fc_engine_get_store (self->engine), ids,
                                 FC_INBOUND_STATUS_IGNORED, note, g_get_real_time () / 1000,
                                 &error))
    {
      g_message ("Could not record ignored webhook events: %s", error->message);
      return;
    }
  emit_all (self, ids, FC_INBOUND_STATUS_IGNORED);
}

/* The due events not in flight, by connection and object, in the order they arrived. */
static GPtrArray *
group_events (FcWebhookListener *self,
              GPtrArray         *events)
{
  g_autoptr (GHashTable) by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *groups = g_ptr_array_new_with_free_func ((GDestroyNotify) group_free);

  for (guint i = 0; i < events->len; i++)
    {
      FcInboundEvent *event = g_ptr_array_index (events, i);
      g_autofree char *key = NULL;
      Group *group;

      if (g_hash_table_contains (self->in_flight, &event->id))
        continue;
      key = g_strconcat (event->connection_id, "\n", event->object, NULL);
      group = g_hash_table_lookup (by_key, key);
      if (group == NULL)
        {
          group = g_new0 (Group, 1);
          group->connection_id = g_strdup (event->connection_id);
          group->object = g_strdup (event->object);
          group->events = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                          _fc_inbound_event_free);
          g_hash_table_insert (by_key, g_steal_pointer (&key), group);
          g_ptr_array_add (groups, group);
        }
      /* moved into the group */
      g_ptr_array_add (group->events, g_steal_pointer (&events->pdata[i]));
    }
  return groups;
}

static gboolean
on_look_cb (gpointer user_data)
{
  FcWebhookListener *self = user_data;
  g_autoptr (GPtrArray) events = NULL;
  g_autoptr (GPtrArray) groups = NULL;
  g_autoptr (GError) error = NULL;
  gboolean busy = FALSE;
  guint n_due;

  self->process_source = 0;
  self->process_at = -1;

  events = _fc_inbound_store_list_due (fc_engine_get_store (self->engine),
                                       g_get_real_time () / 1000, MAX_EVENTS_PER_LOOK, &error);
  if (events == NULL)
    {
      g_message ("Could not read the webhook events due: %s", error->message);
      _fc_webhook_listener_schedule (self, self->minute_ms);
      return G_SOURCE_REMOVE;
    }
  n_due = events->len;
  groups = group_events (self, events);

  for (guint i = 0; i < groups->len; i++)
    {
      Group *group = g_ptr_array_index (groups, i);
      g_autoptr (GPtrArray) uses = find_uses (self, group->connection_id, group->object);

      if (uses->len == 0)
        ignore_group (self, group);
      else if (is_busy (self, uses))
        busy = TRUE;
      else
        start_batch (self, group, uses);
    }

  if (busy)
    _fc_webhook_listener_schedule (self, BUSY_RECHECK_MS);
  else if (n_due == MAX_EVENTS_PER_LOOK)
    _fc_webhook_listener_schedule (self, 0);
  else
    schedule_next_due (self);
  return G_SOURCE_REMOVE;
}

/* ---- the events, for the app and the command line ---------------------------------------- */

JsonNode *
fc_webhook_listener_list_events (FcWebhookListener  *self,
                                 const char         *connection_id,
                                 const char         *status,
                                 guint               offset,
                                 guint               limit,
                                 GError            **error)
{
  g_return_val_if_fail (FC_IS_WEBHOOK_LISTENER (self), NULL);

  return _fc_inbound_store_list_json (fc_engine_get_store (self->engine), connection_id, status,
                                      offset, limit, error);
}

gboolean
fc_webhook_listener_retry_event (FcWebhookListener  *self,
                                 gint64              event_id,
                                 GError            **error)
{
  g_autoptr (GError) local_error = NULL;

  g_return_val_if_fail (FC_IS_WEBHOOK_LISTENER (self), FALSE);

  if (!_fc_inbound_store_retry (fc_engine_get_store (self->engine), event_id,
                                g_get_real_time () / 1000, &local_error))
    {
      if (g_error_matches (local_error, FC_STORE_ERROR, FC_STORE_ERROR_NOT_FOUND))
        g_set_error_literal (error, FC_WEBHOOK_LISTENER_ERROR,
                             FC_WEBHOOK_LISTENER_ERROR_NOT_FOUND, local_error->message);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  _fc_webhook_listener_schedule (self, 0);
  return TRUE;
}
