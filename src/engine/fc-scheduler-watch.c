/* fc-scheduler-watch.c: the network coming back and the computer waking up
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Both are hints, and both are optional: without a system bus (a container, a test session)
 * there is no PrepareForSleep, and the scheduler's timer still notices a resume by the wall
 * clock running ahead of the monotonic one.
 */

#define G_LOG_DOMAIN "fc-scheduler"

#include "config.h"

#include "fc-scheduler-private.h"

#define LOGIN1_NAME      "org.freedesktop.login1"
#define LOGIN1_PATH      "/org/freedesktop/login1"
#define LOGIN1_INTERFACE "org.freedesktop.login1.Manager"

struct _FcSchedulerWatch
{
  FcScheduler     *scheduler;     /* not owned: it owns the watch */
  GNetworkMonitor *monitor;
  gulong           network_handler;
  GCancellable    *cancellable;
  GDBusConnection *system_bus;
  guint            sleep_subscription;
};

static void
on_network_changed_cb (GNetworkMonitor *monitor,
                       gboolean         available,
                       gpointer         user_data)
{
  FcSchedulerWatch *watch = user_data;

  _fc_scheduler_network_changed (watch->scheduler, available);
}

/* PrepareForSleep (TRUE) before the suspend, (FALSE) after the resume. */
static void
on_prepare_for_sleep_cb (GDBusConnection *connection,
                         const char      *sender_name,
                         const char      *object_path,
                         const char      *interface_name,
                         const char      *signal_name,
                         GVariant        *parameters,
                         gpointer         user_data)
{
  FcSchedulerWatch *watch = user_data;
  gboolean going_to_sleep;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(b)")))
    return;

  g_variant_get (parameters, "(b)", &going_to_sleep);
  if (!going_to_sleep)
    _fc_scheduler_resumed (watch->scheduler);
}

static void
on_system_bus_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  FcSchedulerWatch *watch = user_data;
  g_autoptr (GDBusConnection) bus = NULL;
  g_autoptr (GError) error = NULL;

  bus = g_bus_get_finish (result, &error);
  if (bus == NULL)
    {
      /* Cancelled means the watch is gone: @watch must not be touched. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No system bus, so no resume notices from logind: %s", error->message);
      return;
    }

  if (g_cancellable_is_cancelled (watch->cancellable))
    return;

  watch->system_bus = g_steal_pointer (&bus);
  watch->sleep_subscription =
    g_dbus_connection_signal_subscribe (watch->system_bus, LOGIN1_NAME, LOGIN1_INTERFACE,
                                        "PrepareForSleep", LOGIN1_PATH, NULL,
                                        G_DBUS_SIGNAL_FLAGS_NONE, on_prepare_for_sleep_cb,
                                        watch, NULL);
}

FcSchedulerWatch *
_fc_scheduler_watch_new (FcScheduler     *scheduler,
                         GNetworkMonitor *monitor)
{
  FcSchedulerWatch *watch = g_new0 (FcSchedulerWatch, 1);

  watch->scheduler = scheduler;
  watch->monitor = g_object_ref (monitor);
  watch->network_handler = g_signal_connect (monitor, "network-changed",
                                             G_CALLBACK (on_network_changed_cb), watch);
  watch->cancellable = g_cancellable_new ();

  /* A ready callback after the watch is freed only ever sees a cancelled operation. */
  g_bus_get (G_BUS_TYPE_SYSTEM, watch->cancellable, on_system_bus_cb, watch);
  return watch;
}

void
_fc_scheduler_watch_free (FcSchedulerWatch *watch)
{
  g_clear_signal_handler (&watch->network_handler, watch->monitor);
  g_clear_object (&watch->monitor);
  g_cancellable_cancel (watch->cancellable);
  g_clear_object (&watch->cancellable);
  if (watch->sleep_subscription != 0)
    g_dbus_connection_signal_unsubscribe (watch->system_bus, watch->sleep_subscription);
  g_clear_object (&watch->system_bus);
  g_free (watch);
}
