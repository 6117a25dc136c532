/* fc-task-wait.c: waiting inside a GTask chain without blocking the main loop
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rate limits, Retry-After and backoff all need "carry on in N ms, unless cancelled": a timeout
 * source and a cancellable source, whichever fires first ending the wait and removing the other.
 */

#define G_LOG_DOMAIN "fc-task-wait"

#include "config.h"

#include "fc-task-wait.h"

typedef struct {
  GTask      *task;
  FcTaskStep  next;
  GSource    *timeout_source;
  GSource    *cancel_source;
} Wait;

static void
wait_free (Wait *wait)
{
  if (wait->timeout_source != NULL)
    {
      g_source_destroy (wait->timeout_source);
      g_source_unref (wait->timeout_source);
    }
  if (wait->cancel_source != NULL)
    {
      g_source_destroy (wait->cancel_source);
      g_source_unref (wait->cancel_source);
    }
  g_object_unref (wait->task);
  g_free (wait);
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  Wait *wait = user_data;
  g_autoptr (GTask) task = g_object_ref (wait->task);
  FcTaskStep next = wait->next;

  wait_free (wait);
  next (task);
  return G_SOURCE_REMOVE;
}

static gboolean
on_cancelled_cb (GCancellable *cancellable,
                 gpointer      user_data)
{
  Wait *wait = user_data;
  g_autoptr (GTask) task = g_object_ref (wait->task);

  wait_free (wait);
  g_task_return_error_if_cancelled (task);
  return G_SOURCE_REMOVE;
}

void
fc_task_wait_then (GTask      *task,
                   guint       delay_ms,
                   FcTaskStep  next)
{
  GCancellable *cancellable = g_task_get_cancellable (task);
  GMainContext *context = g_task_get_context (task);
  Wait *wait = g_new0 (Wait, 1);

  g_return_if_fail (G_IS_TASK (task));
  g_return_if_fail (next != NULL);

  wait->task = g_object_ref (task);
  wait->next = next;

  wait->timeout_source = g_timeout_source_new (delay_ms);
  g_source_set_callback (wait->timeout_source, on_timeout_cb, wait, NULL);
  g_source_attach (wait->timeout_source, context);

  if (cancellable != NULL)
    {
      wait->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (wait->cancel_source, G_SOURCE_FUNC (on_cancelled_cb), wait, NULL);
      g_source_attach (wait->cancel_source, context);
    }
}
