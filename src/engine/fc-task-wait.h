/* fc-task-wait.h: waiting inside a GTask chain without blocking the main loop
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef void (*FcTaskStep) (GTask *task);

/* Runs @next (@task) after @delay_ms on @task's main context. If @task's cancellable fires first,
 * @task returns its cancellation error instead and @next never runs. A reference on @task is held
 * for the length of the wait. */
void fc_task_wait_then (GTask      *task,
                        guint       delay_ms,
                        FcTaskStep  next);

G_END_DECLS
