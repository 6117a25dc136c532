/* fc-scheduler.h: runs mappings on their schedules, and polls where real time has no webhooks
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fc-sync-types.h"
#include "fc-types.h"

G_BEGIN_DECLS

/* The schedules the app offers, in minutes (0: no schedule). Any other positive value a mapping
 * holds (from an imported file, say) is honoured as it is. */
#define FC_SCHEDULER_MINUTES_HOURLY 60
#define FC_SCHEDULER_MINUTES_DAILY  1440

/* The file in the data folder whose lock (flock, exclusive) the scheduler that runs the
 * schedules holds; it names that process. */
#define FC_SCHEDULER_LOCK_FILE_NAME "scheduler.lock"
/* How often a scheduler in standby tries to take the lock, by default. */
#define FC_SCHEDULER_LOCK_RETRY_MS  30000

#define FC_TYPE_SCHEDULER (fc_scheduler_get_type ())

G_DECLARE_FINAL_TYPE (FcScheduler, fc_scheduler, FC, SCHEDULER, GObject)

/* What "now" is, in microseconds since the Unix epoch (as g_get_real_time ()). */
typedef gint64 (*FcSchedulerClockFunc) (gpointer user_data);

/* 0, 5, 15, 30, 60, 1440, then -1. */
const int    *fc_scheduler_list_minutes           (void);
/* The schedule to suggest for a mapping: hourly when real time is on (a backstop for what the
 * webhooks miss), else @default_minutes (the preference). */
guint         fc_scheduler_suggest_minutes        (gboolean              realtime,
                                                   guint                 default_minutes);

/* Starts planning: catches up (trigger "startup") the scheduled runs whose time passed while
 * nothing was running, then runs each mapping when it is due, from a timer set for the earliest
 * one. Also catches up (trigger "schedule") after a resume from suspend (logind's PrepareForSleep
 * when the system bus has it, and any forward jump of the wall clock against the monotonic one)
 * and when the network comes back.
 *
 * Only one process per data folder runs the schedules: the one whose scheduler holds the lock
 * on FC_SCHEDULER_LOCK_FILE_NAME there. A scheduler that cannot take it is started but in
 * standby (fc_scheduler_get_standby_reason ()): it runs nothing, and tries again every
 * "lock-retry-interval" milliseconds, after a resume and when the network comes back. Once it
 * has the lock it reads the plan again and catches up (trigger "startup") what is due. Runs
 * that do not come from the scheduler (Sync now, webhooks) do not need the lock. */
void          fc_scheduler_start                  (FcScheduler          *self);
/* Stops the timer and the watches, drops the queued runs and cancels the one in progress;
 * "busy" turns FALSE once that run has ended. */
void          fc_scheduler_stop                   (FcScheduler          *self);
gboolean      fc_scheduler_get_started            (FcScheduler          *self);
/* Whether a run the scheduler started is in progress or queued. */
gboolean      fc_scheduler_get_busy               (FcScheduler          *self);
/* (nullable) Why the started scheduler runs nothing, in a sentence for the user ("Schedules run
 * in another FluxCascade process (fluxcascade-cli serve, process 1234)"); NULL while it runs
 * the schedules and while it is stopped. Notified as "standby-reason". */
const char   *fc_scheduler_get_standby_reason     (FcScheduler          *self);
/* Milliseconds between two tries to take the lock in standby (FC_SCHEDULER_LOCK_RETRY_MS). */
guint         fc_scheduler_get_lock_retry_interval (FcScheduler         *self);
void          fc_scheduler_set_lock_retry_interval (FcScheduler         *self,
                                                    guint                milliseconds);
/* How the lock file names this process to the others ("fluxcascade-cli serve"); NULL, the
 * default, is g_get_prgname (). Set it before fc_scheduler_start (). */
const char   *fc_scheduler_get_process_name       (FcScheduler          *self);
void          fc_scheduler_set_process_name       (FcScheduler          *self,
                                                   const char           *name);

/* (nullable) When the mapping's schedule runs next, or NULL without a schedule. Kept in the
 * store (mappings.next_run_at), so that a restart keeps the plan. */
GDateTime    *fc_scheduler_dup_next_run           (FcScheduler          *self,
                                                   const char           *mapping_id);
/* (nullable) When the mapping is next polled for real time, or NULL (real time off, or pushed
 * by webhooks). */
GDateTime    *fc_scheduler_dup_next_poll          (FcScheduler          *self,
                                                   const char           *mapping_id);
/* Seconds between the real-time polls of the mapping: the shortest real-time poll interval of
 * its connectors that receive no webhooks (Salesforce), or 0. A poll is an incremental run with
 * trigger "webhook" (it stands in for the webhooks such a provider cannot send). */
guint         fc_scheduler_get_poll_interval      (FcScheduler          *self,
                                                   const char           *mapping_id);

/* Runs now whatever is due by the clock. The timer does this by itself; tests call it after
 * moving their clock on. Both this and fc_scheduler_catch_up () do nothing until started, nor in
 * standby. */
void          fc_scheduler_run_due                (FcScheduler          *self);
/* Runs now, with @trigger, every scheduled mapping whose time has passed or whose last
 * scheduled run failed; their next runs follow from now. */
void          fc_scheduler_catch_up               (FcScheduler          *self,
                                                   FcSyncTrigger         trigger);

/* For tests: another clock (NULL: the real one). */
void          fc_scheduler_set_clock              (FcScheduler          *self,
                                                   FcSchedulerClockFunc  clock,
                                                   gpointer              user_data,
                                                   GDestroyNotify        destroy);

/* The guard's limits for the runs the scheduler starts (nobody is there to look at a plan), as
 * the app and the command line read them from their preferences. */
guint         fc_scheduler_get_guard_max_update_percent (FcScheduler *self);
void          fc_scheduler_set_guard_max_update_percent (FcScheduler *self,
                                                         guint        percent);
guint         fc_scheduler_get_guard_max_creates        (FcScheduler *self);
void          fc_scheduler_set_guard_max_creates        (FcScheduler *self,
                                                         guint        creates);
gboolean      fc_scheduler_get_guard_hold_deletes       (FcScheduler *self);
void          fc_scheduler_set_guard_hold_deletes       (FcScheduler *self,
                                                         gboolean     hold);
/* The options of one unattended run with @trigger: the guard's limits filled in. */
void          fc_scheduler_fill_options                 (FcScheduler   *self,
                                                         FcSyncTrigger  trigger,
                                                         FcSyncOptions *options);

G_END_DECLS
