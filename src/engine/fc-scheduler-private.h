/* fc-scheduler-private.h: what the engine and the tests use of FcScheduler
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fc-engine-private.h"
#include "fc-scheduler.h"

G_BEGIN_DECLS

typedef struct _FcSchedulerWatch FcSchedulerWatch;

/* What the scheduler knows of one mapping. */
typedef struct {
  char     *mapping_id;
  guint     minutes;            /* the schedule; 0: none */
  guint     poll_seconds;       /* real-time polling; 0: none */
  gint64    next_run_us;        /* 0: none */
  gint64    last_scheduled_us;  /* the due time the last scheduled run served; 0: none */
  gint64    next_poll_us;       /* 0: none */
  gboolean  missed;             /* the last scheduled run failed: caught up when possible */
} FcSchedulerEntry;

/* A run waiting in the queue. */
typedef struct {
  char          *mapping_id;
  FcSyncTrigger  trigger;
} FcSchedulerPending;

struct _FcScheduler
{
  GObject               parent_instance;

  FcEngine             *engine;        /* not owned: it owns us; NULL once it is gone */
  GHashTable           *entries;       /* mapping id -> FcSchedulerEntry */
  GQueue                pending;       /* FcSchedulerPending: runs waiting for the one in progress */
  char                 *running_id;    /* the mapping of the run in progress */
  GCancellable         *cancellable;   /* of the run in progress */
  gboolean              started;
  gboolean              busy;
  guint                 timer_id;
  guint                 purge_id;
  gint64                armed_real_us;
  gint64                armed_mono_us;

  FcSchedulerClockFunc  clock;
  gpointer              clock_data;
  GDestroyNotify        clock_destroy;

  GNetworkMonitor      *monitor;
  FcSchedulerWatch     *watch;
  gboolean              network_available;

  guint                 guard_max_update_percent;
  guint                 guard_max_creates;
  gboolean              guard_hold_deletes;

  /* One scheduler per data folder runs the schedules (fc-scheduler-lock.c). */
  int                   lock_fd;           /* the held scheduler.lock; -1: not held */
  guint                 lock_retry_id;     /* standby: the next try */
  guint                 lock_retry_ms;
  char                 *standby_reason;    /* NULL unless started and not holding the lock */
  char                 *process_name;      /* NULL: g_get_prgname () */
};

/* fc-scheduler.c: the engine's scheduler, made by fc_engine_get_scheduler (). It does not keep
 * the engine alive; when the engine goes, the scheduler stops. */
FcScheduler *_fc_scheduler_new                 (FcEngine        *engine);

/* The network monitor whose "network-changed" signal makes the scheduler catch up (by default
 * g_network_monitor_get_default ()). Tests give their own and emit the signal. */
void         _fc_scheduler_set_network_monitor (FcScheduler     *self,
                                                GNetworkMonitor *monitor);

/* Whether the scheduler runs the schedules: started, and holding the lock. */
gboolean     _fc_scheduler_is_running          (FcScheduler     *self);

/* fc-scheduler-plan.c */
void         _fc_scheduler_entry_free          (FcSchedulerEntry *entry);
/* Reads the plan of every entry again from the store, where another process may have moved it
 * on; "next-run-changed" for those whose next run changed. */
void         _fc_scheduler_reload_plan         (FcScheduler     *self);
/* Brings the entries up to date with the engine's mappings. */
void         _fc_scheduler_update_all_entries  (FcScheduler     *self);
/* The engine's model of mappings changed ("items-changed"). */
void         _fc_scheduler_mappings_changed    (GListModel      *model,
                                                guint            position,
                                                guint            removed,
                                                guint            added,
                                                FcScheduler     *self);
/* (Re)sets the one timer, for the earliest due time; none while stopped. */
void         _fc_scheduler_arm_timer           (FcScheduler     *self);

/* fc-scheduler-runs.c */
void         _fc_scheduler_pending_free        (FcSchedulerPending *pending);
/* Queues a run of @mapping_id, or skips it saying why it cannot run. */
void         _fc_scheduler_request_run         (FcScheduler     *self,
                                                const char      *mapping_id,
                                                FcSyncTrigger    trigger);
/* Notifies "busy" when a run in progress or queued starts or stops being there. */
void         _fc_scheduler_update_busy         (FcScheduler     *self);

/* fc-scheduler-lock.c: the lock on FC_SCHEDULER_LOCK_FILE_NAME in the data folder. Takes it,
 * or sets the standby reason and plans another try; TRUE when it is held. */
gboolean     _fc_scheduler_lock_try            (FcScheduler     *self);
/* Lets the lock go (the kernel does too when the process ends) and stops the tries. */
void         _fc_scheduler_lock_release        (FcScheduler     *self);
/* Plans the next try in standby, after "lock-retry-interval" (again, when it changed). */
void         _fc_scheduler_lock_schedule_retry (FcScheduler     *self);
/* The lock was just taken: the plan is read again and what is due is caught up. */
void         _fc_scheduler_took_over           (FcScheduler     *self);

/* fc-scheduler-watch.c: what makes the scheduler catch up besides its timer: the network coming
 * back (@monitor's "network-changed") and a resume from suspend (logind's PrepareForSleep on the
 * system bus, when there is one). The watch calls the two functions below. */
FcSchedulerWatch *_fc_scheduler_watch_new       (FcScheduler      *scheduler,
                                                 GNetworkMonitor  *monitor);
void              _fc_scheduler_watch_free      (FcSchedulerWatch *watch);

void         _fc_scheduler_network_changed     (FcScheduler     *self,
                                                gboolean         available);
void         _fc_scheduler_resumed             (FcScheduler     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcSchedulerWatch, _fc_scheduler_watch_free)

G_END_DECLS
