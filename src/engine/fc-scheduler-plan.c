/* fc-scheduler-plan.c: when each mapping runs next, and the timer for the earliest
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each mapping with a schedule has a next run, kept in mappings.next_run_at so that a restart
 * keeps the plan. One timer is set for the earliest due time (and at most a minute ahead, which
 * is how a suspend or a wall-clock change is noticed: the timer runs on the monotonic clock).
 * When a mapping is due, its next run moves on by whole intervals from the time it was due, so
 * runs missed while nothing ran are made up by one run, not by one per interval.
 *
 * Entries follow the engine's model of mappings: a new schedule (or a changed one) starts a new
 * plan from now; real-time polls are planned in memory only.
 */

#define G_LOG_DOMAIN "fc-scheduler"

#include "config.h"

#include "fc-enum-types.h"
#include "fc-scheduler-private.h"
#include "fc-store-private.h"

#define USEC_PER_MINUTE ((gint64) 60 * G_USEC_PER_SEC)
/* The longest the timer sleeps, so that a suspend or a wall-clock change is noticed. */
#define WATCH_INTERVAL_MS (60 * 1000)
/* The wall clock moving on more than this beyond the monotonic clock between two ticks of the
 * timer means the machine slept (or the clock was set forward). */
#define CLOCK_JUMP_USEC ((gint64) 90 * G_USEC_PER_SEC)

void
_fc_scheduler_entry_free (FcSchedulerEntry *entry)
{
  g_free (entry->mapping_id);
  g_free (entry);
}

static gint64
now_us (FcScheduler *self)
{
  return self->clock != NULL ? self->clock (self->clock_data) : g_get_real_time ();
}

/* The first of @due + k * @minutes (k >= 1) that is after @now. */
static gint64
advance (gint64 due,
         guint  minutes,
         gint64 now)
{
  gint64 step = minutes * USEC_PER_MINUTE;

  if (due > now)
    return due + step;
  return due + ((now - due) / step + 1) * step;
}

static void
load_entry (FcScheduler      *self,
            FcSchedulerEntry *entry)
{
  FcStore *store = fc_engine_get_store (self->engine);
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GError) error = NULL;

  stmt = _fc_store_prepare (store,
                            "SELECT next_run_at, last_scheduled_at FROM mappings WHERE id = ?1",
                            &error);
  if (stmt == NULL)
    {
      g_warning ("Could not read the schedule of mapping %s: %s", entry->mapping_id,
                 error->message);
      return;
    }

  _fc_store_bind_text (stmt, 1, entry->mapping_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return;

  if (sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    entry->next_run_us = sqlite3_column_int64 (stmt, 0) * 1000;
  if (sqlite3_column_type (stmt, 1) != SQLITE_NULL)
    entry->last_scheduled_us = sqlite3_column_int64 (stmt, 1) * 1000;
}

static void
bind_time (sqlite3_stmt *stmt,
           int           index,
           gint64        us)
{
  if (us > 0)
    sqlite3_bind_int64 (stmt, index, us / 1000);
  else
    sqlite3_bind_null (stmt, index);
}

/* Keeps the entry's plan in the store, and tells who shows it. */
static void
save_entry (FcScheduler      *self,
            FcSchedulerEntry *entry)
{
  FcStore *store = fc_engine_get_store (self->engine);
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GError) error = NULL;

  stmt = _fc_store_prepare (store,
                            "UPDATE mappings SET next_run_at = ?1, last_scheduled_at = ?2 "
                            "WHERE id = ?3",
                            &error);
  if (stmt != NULL)
    {
      bind_time (stmt, 1, entry->next_run_us);
      bind_time (stmt, 2, entry->last_scheduled_us);
      _fc_store_bind_text (stmt, 3, entry->mapping_id);
    }
  if (stmt == NULL || !_fc_store_step_done (store, stmt, "saving the next scheduled run", &error))
    g_warning ("Could not keep the next run of mapping %s: %s", entry->mapping_id,
               error->message);

  g_signal_emit_by_name (self, "next-run-changed", entry->mapping_id);
}

/* The shortest real-time poll interval of the mapping's connectors that get no webhooks. */
static guint
compute_poll_seconds (FcScheduler *self,
                      FcMapping   *mapping)
{
  const char *ids[] = { fc_mapping_get_source_connection_id (mapping),
                        fc_mapping_get_target_connection_id (mapping) };
  guint seconds = 0;

  if (!fc_mapping_get_realtime (mapping))
    return 0;

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      FcConnection *connection = fc_engine_lookup_connection (self->engine, ids[i]);
      g_autoptr (GError) error = NULL;
      FcConnector *connector;
      guint interval;

      if (connection == NULL)
        continue;
      connector = fc_engine_get_connector (self->engine, connection, &error);
      if (connector == NULL)
        {
          g_debug ("No connector for connection %s: %s", ids[i], error->message);
          continue;
        }
      interval = fc_connector_get_realtime_poll_interval (connector);
      if (fc_connector_get_receives_webhooks (connector) || interval == 0)
        continue;
      seconds = seconds == 0 ? interval : MIN (seconds, interval);
    }

  return seconds;
}

/* Brings the entry of @mapping up to date: a new schedule starts a new plan from now. */
static void
update_entry (FcScheduler *self,
              FcMapping   *mapping,
              gint64       now)
{
  const char *id = fc_mapping_get_id (mapping);
  guint minutes = fc_mapping_get_schedule_minutes (mapping);
  guint poll_seconds;
  FcSchedulerEntry *entry;

  if (id == NULL)
    return;

  entry = g_hash_table_lookup (self->entries, id);
  if (entry == NULL)
    {
      entry = g_new0 (FcSchedulerEntry, 1);
      entry->mapping_id = g_strdup (id);
      entry->minutes = minutes;
      g_hash_table_insert (self->entries, entry->mapping_id, entry);
      load_entry (self, entry);
      /* Before the start, the plan is as stored; fc_scheduler_start () plans the rest. */
      if (self->started && minutes > 0 && entry->next_run_us == 0)
        {
          entry->next_run_us = now + minutes * USEC_PER_MINUTE;
          save_entry (self, entry);
        }
    }
  else if (entry->minutes != minutes)
    {
      g_debug ("Mapping %s: schedule %u -> %u minutes", id, entry->minutes, minutes);
      entry->minutes = minutes;
      entry->next_run_us = minutes > 0 ? now + minutes * USEC_PER_MINUTE : 0;
      entry->missed = FALSE;
      save_entry (self, entry);
    }

  poll_seconds = compute_poll_seconds (self, mapping);
  if (poll_seconds != entry->poll_seconds)
    {
      entry->poll_seconds = poll_seconds;
      entry->next_poll_us = 0;
    }
  if (self->started && entry->poll_seconds > 0 && entry->next_poll_us == 0)
    entry->next_poll_us = now + entry->poll_seconds * G_USEC_PER_SEC;
}

static gboolean
purge_entries_cb (gpointer user_data)
{
  FcScheduler *self = user_data;
  GHashTableIter iter;
  gpointer key;

  self->purge_id = 0;
  if (self->engine == NULL)
    return G_SOURCE_REMOVE;

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (fc_engine_lookup_mapping (self->engine, key) == NULL)
      g_hash_table_iter_remove (&iter);

  _fc_scheduler_arm_timer (self);
  return G_SOURCE_REMOVE;
}

/* Saving a mapping replaces the model's item (removed, then added): entries are updated from the
 * added items at once and dropped for good later, so that a removal and the addition that
 * follows it do not lose the plan. */
void
_fc_scheduler_mappings_changed (GListModel  *model,
                              guint        position,
                              guint        removed,
                              guint        added,
                              FcScheduler *self)
{
  gint64 now = now_us (self);

  for (guint i = position; i < position + added; i++)
    {
      g_autoptr (FcMapping) mapping = g_list_model_get_item (model, i);

      update_entry (self, mapping, now);
    }

  if (removed > 0 && self->purge_id == 0)
    self->purge_id = g_idle_add (purge_entries_cb, self);

  _fc_scheduler_arm_timer (self);
}

void
_fc_scheduler_update_all_entries (FcScheduler *self)
{
  GListModel *mappings = fc_engine_get_mappings (self->engine);
  gint64 now = now_us (self);

  for (guint i = 0; i < g_list_model_get_n_items (mappings); i++)
    {
      g_autoptr (FcMapping) mapping = g_list_model_get_item (mappings, i);

      update_entry (self, mapping, now);
    }
}

void
_fc_scheduler_reload_plan (FcScheduler *self)
{
  GHashTableIter iter;
  FcSchedulerEntry *entry;

  if (self->engine == NULL)
    return;

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    {
      gint64 next_run_us = entry->next_run_us;

      entry->next_run_us = 0;
      entry->last_scheduled_us = 0;
      load_entry (self, entry);
      if (entry->next_run_us != next_run_us)
        g_signal_emit_by_name (self, "next-run-changed", entry->mapping_id);
    }
}

/* ---- the plan --------------------------------------------------------------------------- */

typedef struct {
  char          *mapping_id;
  FcSyncTrigger  trigger;
} Due;

static void
due_clear (Due *due)
{
  g_free (due->mapping_id);
}

static void
add_due (GArray        *due,
         const char    *mapping_id,
         FcSyncTrigger  trigger)
{
  Due item = { g_strdup (mapping_id), trigger };

  g_array_append_val (due, item);
}

/* The runs of @due are requested once the plan has moved on: the signals they emit may reach
 * code that saves a mapping, which changes the entries. */
static void
request_due (FcScheduler *self,
             GArray      *due)
{
  for (guint i = 0; i < due->len && self->engine != NULL; i++)
    {
      Due *item = &g_array_index (due, Due, i);

      _fc_scheduler_request_run (self, item->mapping_id, item->trigger);
    }
}

static GArray *
new_due_array (void)
{
  GArray *due = g_array_new (FALSE, TRUE, sizeof (Due));

  g_array_set_clear_func (due, (GDestroyNotify) due_clear);
  return due;
}

void
fc_scheduler_run_due (FcScheduler *self)
{
  g_autoptr (GArray) due = new_due_array ();
  GHashTableIter iter;
  FcSchedulerEntry *entry;
  gint64 now;

  g_return_if_fail (FC_IS_SCHEDULER (self));

  if (!_fc_scheduler_is_running (self))
    return;

  now = now_us (self);
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    {
      gint64 step = entry->minutes * USEC_PER_MINUTE;

      if (entry->minutes > 0 && entry->next_run_us > 0 && entry->next_run_us <= now)
        {
          entry->last_scheduled_us = entry->next_run_us;
          entry->next_run_us = advance (entry->next_run_us, entry->minutes, now);
          save_entry (self, entry);
          add_due (due, entry->mapping_id, FC_SYNC_TRIGGER_SCHEDULE);
        }
      else if (entry->minutes > 0 && entry->next_run_us > now + step)
        {
          /* The clock went back: keep to one interval from now. */
          entry->next_run_us = now + step;
          save_entry (self, entry);
        }

      if (entry->poll_seconds > 0 &&
          (entry->next_poll_us <= now ||
           entry->next_poll_us > now + entry->poll_seconds * G_USEC_PER_SEC))
        {
          if (entry->next_poll_us <= now)
            add_due (due, entry->mapping_id, FC_SYNC_TRIGGER_WEBHOOK);
          entry->next_poll_us = now + entry->poll_seconds * G_USEC_PER_SEC;
        }
    }

  request_due (self, due);
  _fc_scheduler_arm_timer (self);
}

void
fc_scheduler_catch_up (FcScheduler   *self,
                       FcSyncTrigger  trigger)
{
  g_autoptr (GArray) due = new_due_array ();
  GHashTableIter iter;
  FcSchedulerEntry *entry;
  gint64 now;

  g_return_if_fail (FC_IS_SCHEDULER (self));

  if (!_fc_scheduler_is_running (self))
    return;

  now = now_us (self);
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    {
      if (entry->minutes == 0)
        continue;

      if (entry->next_run_us == 0)
        {
          /* A schedule never planned: it starts from now. */
          entry->next_run_us = now + entry->minutes * USEC_PER_MINUTE;
          save_entry (self, entry);
          continue;
        }

      if (entry->next_run_us <= now)
        {
          entry->last_scheduled_us = entry->next_run_us;
          entry->next_run_us = advance (entry->next_run_us, entry->minutes, now);
        }
      else if (entry->missed)
        entry->next_run_us = now + entry->minutes * USEC_PER_MINUTE;
      else
        continue;

      entry->missed = FALSE;
      save_entry (self, entry);
      add_due (due, entry->mapping_id, trigger);
    }

  if (due->len > 0)
    g_message ("Catching up %u missed scheduled run(s) (%s)", due->len,
               fc_enum_to_nick (FC_TYPE_SYNC_TRIGGER, trigger));
  request_due (self, due);
  _fc_scheduler_arm_timer (self);
}

static gboolean
on_timer_cb (gpointer user_data)
{
  FcScheduler *self = user_data;
  gint64 real_elapsed = now_us (self) - self->armed_real_us;
  gint64 mono_elapsed = g_get_monotonic_time () - self->armed_mono_us;

  self->timer_id = 0;

  /* The monotonic clock stands still while the machine sleeps; the wall clock does not. */
  if (real_elapsed - mono_elapsed > CLOCK_JUMP_USEC)
    {
      g_message ("The wall clock moved %" G_GINT64_FORMAT " s beyond the monotonic clock: "
                 "catching up", (real_elapsed - mono_elapsed) / G_USEC_PER_SEC);
      fc_scheduler_catch_up (self, FC_SYNC_TRIGGER_SCHEDULE);
    }

  fc_scheduler_run_due (self);
  return G_SOURCE_REMOVE;
}

/* One timer, for the earliest due time and at most WATCH_INTERVAL_MS ahead. */
void
_fc_scheduler_arm_timer (FcScheduler *self)
{
  GHashTableIter iter;
  FcSchedulerEntry *entry;
  gint64 earliest = G_MAXINT64;
  gint64 now;
  gint64 delay_ms;

  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (!_fc_scheduler_is_running (self))
    return;

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    {
      if (entry->minutes > 0 && entry->next_run_us > 0)
        earliest = MIN (earliest, entry->next_run_us);
      if (entry->poll_seconds > 0)
        earliest = MIN (earliest, entry->next_poll_us);
    }
  if (earliest == G_MAXINT64)
    return;

  now = now_us (self);
  delay_ms = earliest <= now ? 0 : MIN ((earliest - now + 999) / 1000, WATCH_INTERVAL_MS);
  self->armed_real_us = now;
  self->armed_mono_us = g_get_monotonic_time ();
  self->timer_id = g_timeout_add_full (G_PRIORITY_DEFAULT, (guint) delay_ms, on_timer_cb, self,
                                       NULL);
}
