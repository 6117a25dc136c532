/* fc-soak-engine.c: the soak's engine process: the engine, its webhook listener, notifier and
 * scheduler, as "fluxcascade-cli serve" runs them, with a fixed port and fast retries
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The soak kills this process with SIGKILL at random moments and starts it again; it prints
 * one line per run and listener event (flushed at once, the soak keeps them in a log file).
 */

#define G_LOG_DOMAIN "fc-soak"

#include "config.h"

#include <signal.h>
#include <stdio.h>

#include <glib-unix.h>

#include "fc-engine.h"
#include "fc-soak.h"

/* How long a clean stop waits for the run in progress */
#define STOP_TIMEOUT_MS 30000
/* How long the listener tries to bind its port (the killed process's port is freed at once,
 * but be patient with a slow kernel) */
#define BIND_TIMEOUT_MS 10000

typedef struct {
  FcEngine  *engine;
  GMainLoop *loop;
  gboolean   stopping;
} Child;

static void
say (const char *format,
     ...) G_GNUC_PRINTF (1, 2);

static void
say (const char *format,
     ...)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%T.%f");
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  printf ("%.12s [%d] %s\n", stamp, (int) getpid (), text);
  fflush (stdout);
}

static void
on_run_finished_cb (FcScheduler   *scheduler,
                    const char    *mapping_id,
                    FcSyncTrigger  trigger,
                    FcSyncResult  *result,
                    const GError  *error,
                    Child         *child)
{
  const FcSyncCounts *counts;

  if (result == NULL)
    {
      say ("run failed (%s): %s", fc_enum_to_nick (FC_TYPE_SYNC_TRIGGER, trigger),
           error != NULL ? error->message : "?");
      return;
    }
  counts = fc_sync_result_get_counts (result);
  say ("run %s (%s): %u created, %u updated, %u failed, %u conflicts%s%s",
       fc_enum_to_nick (FC_TYPE_SYNC_STATUS, fc_sync_result_get_status (result)),
       fc_enum_to_nick (FC_TYPE_SYNC_TRIGGER, trigger), counts->created, counts->updated,
       counts->failed, counts->conflicts, fc_sync_result_get_message (result) != NULL ? ": " : "",
       fc_sync_result_get_message (result) != NULL ? fc_sync_result_get_message (result) : "");
}

static void
on_run_skipped_cb (FcScheduler   *scheduler,
                   const char    *mapping_id,
                   FcSyncTrigger  trigger,
                   const char    *reason,
                   Child         *child)
{
  say ("run skipped (%s): %s", fc_enum_to_nick (FC_TYPE_SYNC_TRIGGER, trigger), reason);
}

static void
on_rejected_cb (FcWebhookListener *listener,
                guint              status,
                const char        *connection_id,
                const char        *reason,
                Child             *child)
{
  say ("webhook rejected %u: %s", status, reason);
}

static void
on_event_processed_cb (FcWebhookListener *listener,
                       gint64             id,
                       const char        *status,
                       Child             *child)
{
  if (!g_str_equal (status, "done"))
    say ("webhook event %" G_GINT64_FORMAT " %s", id, status);
}

static void
on_engine_event_cb (FcEngine   *engine,
                    const char *type,
                    JsonNode   *data,
                    Child      *child)
{
  if (g_str_has_prefix (type, "connection.") || g_str_has_prefix (type, "endpoint."))
    say ("engine event %s", type);
}

static void
on_busy_cb (FcScheduler *scheduler,
            GParamSpec  *pspec,
            Child       *child)
{
  if (child->stopping && !fc_scheduler_get_busy (scheduler))
    g_main_loop_quit (child->loop);
}

static gboolean
on_stop_timeout_cb (gpointer user_data)
{
  Child *child = user_data;

  say ("the run in progress did not stop in time");
  g_main_loop_quit (child->loop);
  return G_SOURCE_REMOVE;
}

static gboolean
on_sigterm_cb (gpointer user_data)
{
  Child *child = user_data;
  FcScheduler *scheduler = fc_engine_get_scheduler (child->engine);

  if (child->stopping)
    return G_SOURCE_CONTINUE;
  child->stopping = TRUE;
  say ("stopping");
  fc_scheduler_stop (scheduler);
  fc_webhook_listener_stop (fc_engine_get_webhook_listener (child->engine));
  fc_notifier_stop (fc_engine_get_notifier (child->engine));
  if (fc_scheduler_get_busy (scheduler))
    g_timeout_add (STOP_TIMEOUT_MS, on_stop_timeout_cb, child);
  else
    g_main_loop_quit (child->loop);
  return G_SOURCE_CONTINUE;
}

static gboolean
start_listener (FcWebhookListener  *listener,
                guint               port,
                GError            **error)
{
  gint64 deadline = g_get_monotonic_time () + BIND_TIMEOUT_MS * 1000;

  fc_webhook_listener_set_port (listener, port);
  while (!fc_webhook_listener_start (listener, error))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_clear_error (error);
      g_usleep (200 * 1000);
    }
  return TRUE;
}

int
fc_soak_engine_child_main (const char *data_dir,
                           guint       port,
                           guint       notifier_retry_ms)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (FcEngine) engine = NULL;
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  FcWebhookListener *listener;
  FcScheduler *scheduler;
  FcNotifier *notifier;
  Child child = { 0 };

  /* A write past a file size limit (the fallback's "disk full") fails with EFBIG instead of
   * ending the process. */
  signal (SIGXFSZ, SIG_IGN);

  engine = fc_engine_new (data_dir, &error);
  if (engine == NULL)
    {
      say ("the engine cannot start: %s", error->message);
      return 3;
    }
  child.engine = engine;
  child.loop = loop;

  listener = fc_engine_get_webhook_listener (engine);
  g_signal_connect (listener, "rejected", G_CALLBACK (on_rejected_cb), &child);
  g_signal_connect (listener, "event-processed", G_CALLBACK (on_event_processed_cb), &child);
  if (!start_listener (listener, port, &error))
    {
      say ("the listener cannot start: %s", error->message);
      return 4;
    }

  fc_engine_watch_tokens (engine);
  g_signal_connect (engine, "event", G_CALLBACK (on_engine_event_cb), &child);

  notifier = fc_engine_get_notifier (engine);
  fc_notifier_set_retry_base_ms (notifier, notifier_retry_ms);
  fc_notifier_set_timeout_ms (notifier, 5000);
  fc_notifier_start (notifier);

  /* The guard would hold unattended runs for the user's approval: nobody approves in a soak */
  scheduler = fc_engine_get_scheduler (engine);
  fc_scheduler_set_guard_max_update_percent (scheduler, 0);
  fc_scheduler_set_guard_max_creates (scheduler, 0);
  fc_scheduler_set_guard_hold_deletes (scheduler, FALSE);
  g_signal_connect (scheduler, "run-finished", G_CALLBACK (on_run_finished_cb), &child);
  g_signal_connect (scheduler, "run-skipped", G_CALLBACK (on_run_skipped_cb), &child);
  g_signal_connect (scheduler, "notify::busy", G_CALLBACK (on_busy_cb), &child);
  g_unix_signal_add (SIGTERM, on_sigterm_cb, &child);

  say ("serving on port %u", fc_webhook_listener_get_bound_port (listener));
  fc_scheduler_start (scheduler);
  g_main_loop_run (loop);

  g_signal_handlers_disconnect_by_data (scheduler, &child);
  g_signal_handlers_disconnect_by_data (listener, &child);
  g_signal_handlers_disconnect_by_data (engine, &child);
  say ("stopped");
  return 0;
}

static void
on_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

int
fc_soak_final_child_main (const char *data_dir,
                          const char *mapping_id,
                          guint       notifier_retry_ms)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (FcEngine) engine = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (FcSyncResult) sync = NULL;
  FcMapping *mapping;
  FcNotifier *notifier;
  gint64 deadline;

  engine = fc_engine_new (data_dir, &error);
  if (engine == NULL)
    {
      g_printerr ("the engine cannot start: %s\n", error->message);
      return 3;
    }
  mapping = fc_engine_lookup_mapping (engine, mapping_id);
  if (mapping == NULL)
    {
      g_printerr ("no mapping %s\n", mapping_id);
      return 3;
    }
  fc_engine_sync_async (engine, mapping, NULL, NULL, NULL, NULL, on_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  sync = fc_engine_sync_finish (engine, result, &error);
  if (sync == NULL)
    g_printerr ("the final sync failed: %s\n", error->message);
  else if (fc_sync_result_get_error (sync) != NULL)
    g_printerr ("the final sync: %s\n", fc_sync_result_get_error (sync));

  /* What the final sync sent out, and anything still pending */
  notifier = fc_engine_get_notifier (engine);
  fc_notifier_set_retry_base_ms (notifier, notifier_retry_ms);
  fc_notifier_start (notifier);
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr (GPtrArray) pending = fc_notifier_list_deliveries (notifier, NULL,
                                                                   FC_DELIVERY_STATUS_PENDING, 0,
                                                                   0, NULL);

      if (pending != NULL && pending->len == 0)
        break;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
    }
  fc_notifier_stop (notifier);
  /* Keyring lookups the run or the notifier started end on this main context: let them, so
   * that nothing is still under way (and counted as leaked) when the process ends. */
  deadline = g_get_monotonic_time () + G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
    }
  printf ("final status %s\n", sync != NULL
          ? fc_enum_to_nick (FC_TYPE_SYNC_STATUS, fc_sync_result_get_status (sync)) : "failed");
  return 0;
}
