/* fc-scheduler.c: runs mappings on their schedules, and polls where real time has no webhooks
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The plan (fc-scheduler-plan.c): each mapping's next run, kept in the store, and one timer for
 * the earliest. The runs (fc-scheduler-runs.c): one at a time, or skipped with a reason.
 *
 * The scheduler starts one run at a time and never a run of a mapping that is already syncing.
 * A due mapping that cannot run (paused, a connection expired or in error, a run already going)
 * is skipped with a reason: the "run-skipped" signal, a "sync.skipped" engine event and a log
 * line; its next run moves on all the same.
 *
 * One process per data folder runs the schedules (fc-scheduler-lock.c); a scheduler started
 * in another one stands by, says why, and takes over when the lock comes free.
 *
 * Real time without webhooks (Salesforce, or any connector whose
 * fc_connector_get_receives_webhooks () is FALSE but which offers a poll interval) is an
 * incremental run every poll interval with trigger "webhook": it stands in for the webhooks the
 * provider cannot send, and the activity log shows it as real-time work. These polls are not
 * persisted (they are seconds apart), and a poll that cannot run is skipped quietly.
 */

#define G_LOG_DOMAIN "fc-scheduler"

#include "config.h"

#include "fc-enum-types.h"
#include "fc-scheduler-private.h"
#include "fc-store-private.h"

G_DEFINE_FINAL_TYPE (FcScheduler, fc_scheduler, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STARTED,
  PROP_BUSY,
  PROP_GUARD_MAX_UPDATE_PERCENT,
  PROP_GUARD_MAX_CREATES,
  PROP_GUARD_HOLD_DELETES,
  PROP_STANDBY_REASON,
  PROP_LOCK_RETRY_INTERVAL,
  PROP_PROCESS_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_RUN_STARTED,
  SIGNAL_RUN_FINISHED,
  SIGNAL_RUN_SKIPPED,
  SIGNAL_NEXT_RUN_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const int schedule_minutes[] = { 0, 5, 15, 30, FC_SCHEDULER_MINUTES_HOURLY,
                                        FC_SCHEDULER_MINUTES_DAILY, -1 };

const int *
fc_scheduler_list_minutes (void)
{
  return schedule_minutes;
}

guint
fc_scheduler_suggest_minutes (gboolean realtime,
                              guint    default_minutes)
{
  return realtime ? FC_SCHEDULER_MINUTES_HOURLY : default_minutes;
}

static GDateTime *
date_time_from_us (gint64 us)
{
  return us > 0 ? _fc_store_date_time_from_ms (us / 1000) : NULL;
}

gboolean
_fc_scheduler_is_running (FcScheduler *self)
{
  return self->started && self->lock_fd >= 0 && self->engine != NULL;
}

/* ---- the watches ------------------------------------------------------------------------ */

/* Catches up after @event, or, in standby, tries the lock again. */
static void
wake_up (FcScheduler *self,
         const char  *event)
{
  if (!self->started)
    return;

  if (self->lock_fd < 0)
    {
      if (_fc_scheduler_lock_try (self))
        _fc_scheduler_took_over (self);
      return;
    }

  g_message ("%s: catching up", event);
  fc_scheduler_catch_up (self, FC_SYNC_TRIGGER_SCHEDULE);
}

void
_fc_scheduler_network_changed (FcScheduler *self,
                               gboolean     available)
{
  gboolean returned = available && !self->network_available;

  self->network_available = available;
  if (returned)
    wake_up (self, "The network is back");
}

void
_fc_scheduler_resumed (FcScheduler *self)
{
  wake_up (self, "The computer woke up");
}

void
_fc_scheduler_set_network_monitor (FcScheduler     *self,
                                   GNetworkMonitor *monitor)
{
  g_return_if_fail (FC_IS_SCHEDULER (self));
  g_return_if_fail (G_IS_NETWORK_MONITOR (monitor));

  g_set_object (&self->monitor, monitor);
  if (self->started)
    {
      g_clear_pointer (&self->watch, _fc_scheduler_watch_free);
      self->network_available = g_network_monitor_get_network_available (monitor);
      self->watch = _fc_scheduler_watch_new (self, monitor);
    }
}

/* ---- the object ------------------------------------------------------------------------- */

void
fc_scheduler_start (FcScheduler *self)
{
  g_return_if_fail (FC_IS_SCHEDULER (self));

  if (self->started || self->engine == NULL)
    return;

  self->started = TRUE;
  self->cancellable = g_cancellable_new ();
  if (self->monitor == NULL)
    self->monitor = g_object_ref (g_network_monitor_get_default ());
  self->network_available = g_network_monitor_get_network_available (self->monitor);
  self->watch = _fc_scheduler_watch_new (self, self->monitor);

  _fc_scheduler_update_all_entries (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STARTED]);
  if (_fc_scheduler_lock_try (self))
    {
      _fc_scheduler_reload_plan (self);
      fc_scheduler_catch_up (self, FC_SYNC_TRIGGER_STARTUP);
    }
}

void
fc_scheduler_stop (FcScheduler *self)
{
  g_return_if_fail (FC_IS_SCHEDULER (self));

  if (!self->started)
    return;

  self->started = FALSE;
  /* Another process may take over only once the run in progress has ended. */
  if (self->running_id == NULL)
    _fc_scheduler_lock_release (self);
  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_clear_pointer (&self->watch, _fc_scheduler_watch_free);
  g_queue_clear_full (&self->pending, (GDestroyNotify) _fc_scheduler_pending_free);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  _fc_scheduler_update_busy (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STARTED]);
}

gboolean
fc_scheduler_get_started (FcScheduler *self)
{
  g_return_val_if_fail (FC_IS_SCHEDULER (self), FALSE);
  return self->started;
}

gboolean
fc_scheduler_get_busy (FcScheduler *self)
{
  g_return_val_if_fail (FC_IS_SCHEDULER (self), FALSE);
  return self->busy;
}

const char *
fc_scheduler_get_standby_reason (FcScheduler *self)
{
  g_return_val_if_fail (FC_IS_SCHEDULER (self), NULL);
  return self->standby_reason;
}

guint
fc_scheduler_get_lock_retry_interval (FcScheduler *self)
{
  g_return_val_if_fail (FC_IS_SCHEDULER (self), 0);
  return self->lock_retry_ms;
}

void
fc_scheduler_set_lock_retry_interval (FcScheduler *self,
                                      guint        milliseconds)
{
  g_return_if_fail (FC_IS_SCHEDULER (self));
  g_return_if_fail (milliseconds > 0);

  if (self->lock_retry_ms == milliseconds)
    return;
  self->lock_retry_ms = milliseconds;
  if (self->lock_retry_id != 0)
    _fc_scheduler_lock_schedule_retry (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCK_RETRY_INTERVAL]);
}

const char *
fc_scheduler_get_process_name (FcScheduler *self)
{
  g_return_val_if_fail (FC_IS_SCHEDULER (self), NULL);
  return self->process_name;
}

void
fc_scheduler_set_process_name (FcScheduler *self,
                               const char  *name)
{
  g_return_if_fail (FC_IS_SCHEDULER (self));

  if (g_strcmp0 (self->process_name, name) == 0)
    return;
  g_free (self->process_name);
  self->process_name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROCESS_NAME]);
}

GDateTime *
fc_scheduler_dup_next_run (FcScheduler *self,
                           const char  *mapping_id)
{
  FcSchedulerEntry *entry;

  g_return_val_if_fail (FC_IS_SCHEDULER (self), NULL);
  g_return_val_if_fail (mapping_id != NULL, NULL);

  if (self->engine == NULL || fc_engine_lookup_mapping (self->engine, mapping_id) == NULL)
    return NULL;
  entry = g_hash_table_lookup (self->entries, mapping_id);
  if (entry == NULL || entry->minutes == 0)
    return NULL;
  return date_time_from_us (entry->next_run_us);
}

GDateTime *
fc_scheduler_dup_next_poll (FcScheduler *self,
                            const char  *mapping_id)
{
  FcSchedulerEntry *entry;

  g_return_val_if_fail (FC_IS_SCHEDULER (self), NULL);
  g_return_val_if_fail (mapping_id != NULL, NULL);

  entry = g_hash_table_lookup (self->entries, mapping_id);
  if (entry == NULL || entry->poll_seconds == 0)
    return NULL;
  return date_time_from_us (entry->next_poll_us);
}

guint
fc_scheduler_get_poll_interval (FcScheduler *self,
                                const char  *mapping_id)
{
  FcSchedulerEntry *entry;

  g_return_val_if_fail (FC_IS_SCHEDULER (self), 0);
  g_return_val_if_fail (mapping_id != NULL, 0);

  entry = g_hash_table_lookup (self->entries, mapping_id);
  return entry != NULL ? entry->poll_seconds : 0;
}

void
fc_scheduler_set_clock (FcScheduler          *self,
                        FcSchedulerClockFunc  clock,
                        gpointer              user_data,
                        GDestroyNotify        destroy)
{
  g_return_if_fail (FC_IS_SCHEDULER (self));

  if (self->clock_destroy != NULL)
    self->clock_destroy (self->clock_data);
  self->clock = clock;
  self->clock_data = user_data;
  self->clock_destroy = destroy;
  _fc_scheduler_arm_timer (self);
}

void
fc_scheduler_fill_options (FcScheduler   *self,
                           FcSyncTrigger  trigger,
                           FcSyncOptions *options)
{
  g_return_if_fail (FC_IS_SCHEDULER (self));
  g_return_if_fail (options != NULL);

  *options = (FcSyncOptions) { 0 };
  options->trigger = trigger;
  options->max_update_percent = self->guard_max_update_percent;
  options->min_updates_to_hold = FC_SYNC_GUARD_MIN_UPDATES;
  options->max_creates = self->guard_max_creates;
  options->hold_deletes = self->guard_hold_deletes;
}

#define DEFINE_GUARD_ACCESSORS(type, name, prop)                                     \
  type                                                                               \
  fc_scheduler_get_guard_##name (FcScheduler *self)                                  \
  {                                                                                  \
    g_return_val_if_fail (FC_IS_SCHEDULER (self), 0);                                \
    return self->guard_##name;                                                       \
  }                                                                                  \
                                                                                     \
  void                                                                               \
  fc_scheduler_set_guard_##name (FcScheduler *self,                                  \
                                 type         value)                                 \
  {                                                                                  \
    g_return_if_fail (FC_IS_SCHEDULER (self));                                       \
    if (self->guard_##name == value)                                                 \
      return;                                                                        \
    self->guard_##name = value;                                                      \
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);                    \
  }

DEFINE_GUARD_ACCESSORS (guint, max_update_percent, PROP_GUARD_MAX_UPDATE_PERCENT)
DEFINE_GUARD_ACCESSORS (guint, max_creates, PROP_GUARD_MAX_CREATES)
DEFINE_GUARD_ACCESSORS (gboolean, hold_deletes, PROP_GUARD_HOLD_DELETES)

/* The engine went away: nothing more can run. */
static void
on_engine_gone (gpointer  user_data,
                GObject  *where_the_engine_was)
{
  FcScheduler *self = user_data;

  fc_scheduler_stop (self);
  g_clear_handle_id (&self->purge_id, g_source_remove);
  self->engine = NULL;
  g_object_unref (self);
}

FcScheduler *
_fc_scheduler_new (FcEngine *engine)
{
  FcScheduler *self = g_object_new (FC_TYPE_SCHEDULER, NULL);

  self->engine = engine;
  g_signal_connect_object (fc_engine_get_mappings (engine), "items-changed",
                           G_CALLBACK (_fc_scheduler_mappings_changed), self, 0);
  _fc_scheduler_update_all_entries (self);
  return self;
}

FcScheduler *
fc_engine_get_scheduler (FcEngine *self)
{
  g_return_val_if_fail (FC_IS_ENGINE (self), NULL);

  if (self->scheduler == NULL)
    {
      self->scheduler = _fc_scheduler_new (self);
      /* The engine's reference, dropped when the engine goes. */
      g_object_weak_ref (G_OBJECT (self), on_engine_gone, self->scheduler);
    }
  return self->scheduler;
}

static void
fc_scheduler_dispose (GObject *object)
{
  FcScheduler *self = FC_SCHEDULER (object);

  fc_scheduler_stop (self);
  g_clear_handle_id (&self->purge_id, g_source_remove);

  G_OBJECT_CLASS (fc_scheduler_parent_class)->dispose (object);
}

static void
fc_scheduler_finalize (GObject *object)
{
  FcScheduler *self = FC_SCHEDULER (object);

  if (self->clock_destroy != NULL)
    self->clock_destroy (self->clock_data);
  _fc_scheduler_lock_release (self);
  g_clear_pointer (&self->standby_reason, g_free);
  g_clear_pointer (&self->process_name, g_free);
  g_clear_object (&self->monitor);
  g_clear_pointer (&self->running_id, g_free);
  g_hash_table_unref (self->entries);

  G_OBJECT_CLASS (fc_scheduler_parent_class)->finalize (object);
}

static void
fc_scheduler_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  FcScheduler *self = FC_SCHEDULER (object);

  switch (prop_id)
    {
    case PROP_STARTED:
      g_value_set_boolean (value, self->started);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    case PROP_GUARD_MAX_UPDATE_PERCENT:
      g_value_set_uint (value, self->guard_max_update_percent);
      break;
    case PROP_GUARD_MAX_CREATES:
      g_value_set_uint (value, self->guard_max_creates);
      break;
    case PROP_GUARD_HOLD_DELETES:
      g_value_set_boolean (value, self->guard_hold_deletes);
      break;
    case PROP_STANDBY_REASON:
      g_value_set_string (value, self->standby_reason);
      break;
    case PROP_LOCK_RETRY_INTERVAL:
      g_value_set_uint (value, self->lock_retry_ms);
      break;
    case PROP_PROCESS_NAME:
      g_value_set_string (value, self->process_name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_scheduler_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  FcScheduler *self = FC_SCHEDULER (object);

  switch (prop_id)
    {
    case PROP_GUARD_MAX_UPDATE_PERCENT:
      fc_scheduler_set_guard_max_update_percent (self, g_value_get_uint (value));
      break;
    case PROP_GUARD_MAX_CREATES:
      fc_scheduler_set_guard_max_creates (self, g_value_get_uint (value));
      break;
    case PROP_GUARD_HOLD_DELETES:
      fc_scheduler_set_guard_hold_deletes (self, g_value_get_boolean (value));
      break;
    case PROP_LOCK_RETRY_INTERVAL:
      fc_scheduler_set_lock_retry_interval (self, g_value_get_uint (value));
      break;
    case PROP_PROCESS_NAME:
      fc_scheduler_set_process_name (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_scheduler_class_init (FcSchedulerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->dispose = fc_scheduler_dispose;
  object_class->finalize = fc_scheduler_finalize;
  object_class->get_property = fc_scheduler_get_property;
  object_class->set_property = fc_scheduler_set_property;

  properties[PROP_STARTED] = g_param_spec_boolean ("started", NULL, NULL, FALSE, ro);
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE, ro);
  /* The defaults are the preferences' defaults, so that a caller that sets nothing still
   * guards the runs nobody watches. */
  properties[PROP_GUARD_MAX_UPDATE_PERCENT] =
    g_param_spec_uint ("guard-max-update-percent", NULL, NULL, 0, 100, 50, rw);
  properties[PROP_GUARD_MAX_CREATES] =
    g_param_spec_uint ("guard-max-creates", NULL, NULL, 0, G_MAXUINT, 500, rw);
  properties[PROP_GUARD_HOLD_DELETES] =
    g_param_spec_boolean ("guard-hold-deletes", NULL, NULL, TRUE, rw);
  properties[PROP_STANDBY_REASON] =
    g_param_spec_string ("standby-reason", NULL, NULL, NULL, ro);
  properties[PROP_LOCK_RETRY_INTERVAL] =
    g_param_spec_uint ("lock-retry-interval", NULL, NULL, 1, G_MAXUINT,
                       FC_SCHEDULER_LOCK_RETRY_MS, rw);
  properties[PROP_PROCESS_NAME] = g_param_spec_string ("process-name", NULL, NULL, NULL, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FcScheduler::run-started:
   * @mapping_id: the mapping
   * @trigger: schedule, startup (a catch-up at start) or webhook (a real-time poll)
   */
  signals[SIGNAL_RUN_STARTED] =
    g_signal_new ("run-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_STRING, FC_TYPE_SYNC_TRIGGER);
  /**
   * FcScheduler::run-finished:
   * @mapping_id: the mapping
   * @trigger: as in ::run-started
   * @result: (nullable): the run's result (completed, partial or held), or NULL
   * @error: (nullable): why the run failed, or NULL
   */
  signals[SIGNAL_RUN_FINISHED] =
    g_signal_new ("run-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 4, G_TYPE_STRING, FC_TYPE_SYNC_TRIGGER,
                  FC_TYPE_SYNC_RESULT, G_TYPE_ERROR);
  /**
   * FcScheduler::run-skipped:
   * @mapping_id: the mapping
   * @trigger: the run that did not happen
   * @reason: why, in a sentence for the user ("the mapping is paused")
   */
  signals[SIGNAL_RUN_SKIPPED] =
    g_signal_new ("run-skipped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 3, G_TYPE_STRING, FC_TYPE_SYNC_TRIGGER, G_TYPE_STRING);
  /**
   * FcScheduler::next-run-changed:
   * @mapping_id: the mapping whose fc_scheduler_dup_next_run () changed
   */
  signals[SIGNAL_NEXT_RUN_CHANGED] =
    g_signal_new ("next-run-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
fc_scheduler_init (FcScheduler *self)
{
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                         (GDestroyNotify) _fc_scheduler_entry_free);
  g_queue_init (&self->pending);
  self->guard_max_update_percent = 50;
  self->guard_max_creates = 500;
  self->guard_hold_deletes = TRUE;
  self->lock_fd = -1;
  self->lock_retry_ms = FC_SCHEDULER_LOCK_RETRY_MS;
}
