/* fc-cli-serve.c: fluxcascade-cli serve, the scheduler, webhook listener and notifier headless
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs until SIGINT or SIGTERM, printing one line per run started, finished or skipped. When
 * another process (the app in the background, another serve) runs the schedules of the same
 * data folder, serve says so and stands by for the schedules, taking over when that process
 * stops; webhooks and outbound webhooks work all the same. On the
 * signal the scheduler, the listener and the notifier stop; a run in progress is cancelled and
 * its end awaited (it records itself as failed, "cancelled"), so the store is left clean.
 */

#define G_LOG_DOMAIN "fc-cli"

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <glib-unix.h>
#include <glib/gi18n-lib.h>

#include "fc-cli-private.h"

/* How long a stop waits for the run in progress to notice its cancellation. */
#define STOP_TIMEOUT_SECONDS 30

typedef struct {
  FcEngine   *engine;
  GMainLoop  *loop;
  gboolean    stopping;
  guint       stop_timeout_id;
} Serve;

/* What the preferences say (the app's GSettings, when its schema is installed), unless the
 * command line says otherwise. */
typedef struct {
  int       port;            /* -1: not given */
  char     *public_url;
  gboolean  all_interfaces;
  guint     max_update_percent;
  guint     max_creates;
  gboolean  hold_deletes;
} ServeSettings;

static void
print_line (const char *format,
            ...) G_GNUC_PRINTF (1, 2);

/* One line, with the local time, flushed at once for whoever reads the pipe. */
static void
print_line (const char *format,
            ...)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%F %T");
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  g_print ("%s  %s\n", stamp, text);
  fflush (stdout);
}

static const char *
mapping_name (Serve      *serve,
              const char *mapping_id)
{
  FcMapping *mapping = fc_engine_lookup_mapping (serve->engine, mapping_id);

  return mapping != NULL ? fc_mapping_get_name (mapping) : mapping_id;
}

static void
on_run_started_cb (FcScheduler   *scheduler,
                   const char    *mapping_id,
                   FcSyncTrigger  trigger,
                   Serve         *serve)
{
  print_line (_("started   “%s” (%s)"), mapping_name (serve, mapping_id),
              fc_enum_to_nick (FC_TYPE_SYNC_TRIGGER, trigger));
}

static void
on_run_finished_cb (FcScheduler   *scheduler,
                    const char    *mapping_id,
                    FcSyncTrigger  trigger,
                    FcSyncResult  *result,
                    const GError  *error,
                    Serve         *serve)
{
  const FcSyncCounts *counts;

  if (result == NULL)
    {
      print_line (_("failed    “%s” (%s): %s"), mapping_name (serve, mapping_id),
                  fc_enum_to_nick (FC_TYPE_SYNC_TRIGGER, trigger), error->message);
      return;
    }

  counts = fc_sync_result_get_counts (result);
  print_line (_("finished  “%s” (%s): %s, %u created, %u updated, %u failed, %u conflicts in "
                "%lld ms"),
              mapping_name (serve, mapping_id), fc_enum_to_nick (FC_TYPE_SYNC_TRIGGER, trigger),
              fc_enum_to_nick (FC_TYPE_SYNC_STATUS, fc_sync_result_get_status (result)),
              counts->created, counts->updated, counts->failed, counts->conflicts,
              (long long) fc_sync_result_get_duration_ms (result));
  if (fc_sync_result_get_message (result) != NULL)
    print_line ("          %s", fc_sync_result_get_message (result));
}

static void
on_run_skipped_cb (FcScheduler   *scheduler,
                   const char    *mapping_id,
                   FcSyncTrigger  trigger,
                   const char    *reason,
                   Serve         *serve)
{
  print_line (_("skipped   “%s” (%s): %s"), mapping_name (serve, mapping_id),
              fc_enum_to_nick (FC_TYPE_SYNC_TRIGGER, trigger), reason);
}

static void
on_engine_event_cb (FcEngine   *engine,
                    const char *type,
                    JsonNode   *data,
                    Serve      *serve)
{
  JsonObject *object = data != NULL && JSON_NODE_HOLDS_OBJECT (data)
                       ? json_node_get_object (data) : NULL;
  FcConnection *connection;
  g_autofree char *title = NULL;

  if (!g_str_equal (type, "connection.expired") || object == NULL)
    return;

  connection = fc_engine_lookup_connection (engine,
                                            json_object_get_string_member_with_default (
                                              object, "connectionId", NULL));
  if (connection == NULL)
    return;
  title = fc_connection_dup_title (connection);
  print_line (_("expired   %s: sign in again with “fluxcascade-cli connections reconnect”"),
              title);
}

static void
on_scheduler_standby_cb (FcScheduler *scheduler,
                         GParamSpec  *pspec,
                         Serve       *serve)
{
  const char *reason = fc_scheduler_get_standby_reason (scheduler);

  if (reason != NULL)
    print_line (_("standby   %s"), reason);
  else if (fc_scheduler_get_started (scheduler))
    print_line ("%s", _("active    this process runs the schedules now"));
}

static void
quit (Serve *serve)
{
  g_clear_handle_id (&serve->stop_timeout_id, g_source_remove);
  g_main_loop_quit (serve->loop);
}

static void
on_scheduler_busy_cb (FcScheduler *scheduler,
                      GParamSpec  *pspec,
                      Serve       *serve)
{
  if (serve->stopping && !fc_scheduler_get_busy (scheduler))
    quit (serve);
}

static gboolean
on_stop_timeout_cb (gpointer user_data)
{
  Serve *serve = user_data;

  serve->stop_timeout_id = 0;
  g_printerr ("%s: %s\n", g_get_prgname (), _("the run in progress did not stop in time"));
  g_main_loop_quit (serve->loop);
  return G_SOURCE_REMOVE;
}

static gboolean
on_signal_cb (gpointer user_data)
{
  Serve *serve = user_data;
  FcScheduler *scheduler = fc_engine_get_scheduler (serve->engine);

  /* A second signal does not wait any more. */
  if (serve->stopping)
    {
      quit (serve);
      return G_SOURCE_CONTINUE;
    }

  serve->stopping = TRUE;
  print_line ("%s", _("stopping"));
  fc_scheduler_stop (scheduler);
  fc_webhook_listener_stop (fc_engine_get_webhook_listener (serve->engine));
  fc_notifier_stop (fc_engine_get_notifier (serve->engine));

  if (fc_scheduler_get_busy (scheduler))
    serve->stop_timeout_id = g_timeout_add_seconds (STOP_TIMEOUT_SECONDS, on_stop_timeout_cb,
                                                    serve);
  else
    quit (serve);
  return G_SOURCE_CONTINUE;
}

static void
read_settings (ServeSettings *settings)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema = NULL;
  g_autoptr (GSettings) gsettings = NULL;

  /* Without the app's schema (the command line installed alone), the preferences' defaults. */
  settings->port = FC_WEBHOOK_LISTENER_DEFAULT_PORT;
  settings->public_url = NULL;
  settings->all_interfaces = FALSE;
  settings->max_update_percent = 50;
  settings->max_creates = 500;
  settings->hold_deletes = TRUE;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    return;

  gsettings = g_settings_new_full (schema, NULL, NULL);
  {
    g_autoptr (GVariant) port = g_settings_get_value (gsettings, "listener-port");

    settings->port = g_variant_get_uint16 (port);
  }
  settings->public_url = g_settings_get_string (gsettings, "public-url");
  settings->all_interfaces = g_settings_get_boolean (gsettings, "listener-all-interfaces");
  settings->max_update_percent = g_settings_get_uint (gsettings, "guard-max-update-percent");
  settings->max_creates = g_settings_get_uint (gsettings, "guard-max-creates");
  settings->hold_deletes = g_settings_get_boolean (gsettings, "guard-hold-deletes");
}

static gboolean
start_listener (Serve               *serve,
                const ServeSettings *settings,
                GError             **error)
{
  FcWebhookListener *listener = fc_engine_get_webhook_listener (serve->engine);
  const char *public_url;

  fc_webhook_listener_set_port (listener, (guint) settings->port);
  fc_webhook_listener_set_all_interfaces (listener, settings->all_interfaces);
  if (settings->all_interfaces)
    fc_webhook_listener_set_address (listener, NULL);
  if (settings->public_url != NULL && settings->public_url[0] != '\0')
    fc_webhook_listener_set_public_url (listener, settings->public_url);

  if (!fc_webhook_listener_start (listener, error))
    return FALSE;

  public_url = fc_webhook_listener_get_public_url (listener);
  print_line (_("listening for webhooks on port %u%s%s"),
              fc_webhook_listener_get_bound_port (listener),
              public_url != NULL ? _("; providers call ") : "",
              public_url != NULL ? public_url : "");
  return TRUE;
}

int
fc_cli_serve (const FcCliCommand *command,
              int                 argc,
              char              **argv)
{
  int port = -1;
  g_autofree char *public_url = NULL;
  gboolean all_interfaces = FALSE;
  gboolean no_listener = FALSE;
  const GOptionEntry entries[] = {
    { "port", 0, 0, G_OPTION_ARG_INT, &port,
      N_("Listen for webhooks on PORT (0: any free port; default: the preference, 8765)"),
      N_("PORT") },
    { "public-url", 0, 0, G_OPTION_ARG_STRING, &public_url,
      N_("The address the providers call (your tunnel or reverse proxy)"), N_("URL") },
    { "all-interfaces", 0, 0, G_OPTION_ARG_NONE, &all_interfaces,
      N_("Listen on every network interface, not only on this computer"), NULL },
    { "no-listener", 0, 0, G_OPTION_ARG_NONE, &no_listener,
      N_("Do not listen for webhooks: schedules and outbound webhooks only"), NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = fc_cli_option_context_new (command, entries);
  g_autoptr (GError) error = NULL;
  g_autoptr (FcEngine) engine = NULL;
  g_autoptr (GMainLoop) loop = NULL;
  ServeSettings settings;
  FcScheduler *scheduler;
  Serve serve = { 0 };
  guint sigint_id, sigterm_id;

  g_option_context_set_description (context,
                                    _("Runs the mappings on their schedules, polls the "
                                      "providers without webhooks while real time is on, "
                                      "receives the providers’ webhooks and sends FluxCascade’s "
                                      "own, until interrupted (Ctrl+C or SIGTERM). Prints one "
                                      "line per run started, finished or skipped. The guard’s "
                                      "limits and the listener’s defaults are the app’s "
                                      "preferences."));
  if (!fc_cli_parse (context, &argc, &argv))
    return FC_CLI_EXIT_USAGE;
  if (argc > 1)
    return fc_cli_usage_error (command, _("“serve” takes no arguments"));
  if (port < -1 || port > 65535)
    return fc_cli_usage_error (command, _("--port must be between 0 and 65535, not %d"), port);

  read_settings (&settings);
  if (port != -1)
    settings.port = port;
  if (public_url != NULL)
    {
      g_free (settings.public_url);
      settings.public_url = g_strdup (public_url);
    }
  settings.all_interfaces |= all_interfaces;

  engine = fc_cli_open_engine (&error);
  if (engine == NULL)
    {
      g_free (settings.public_url);
      return fc_cli_fail (g_steal_pointer (&error));
    }

  loop = g_main_loop_new (NULL, FALSE);
  serve.engine = engine;
  serve.loop = loop;

  if (!no_listener && !start_listener (&serve, &settings, &error))
    {
      g_free (settings.public_url);
      return fc_cli_fail (g_steal_pointer (&error));
    }
  g_free (settings.public_url);

  fc_engine_watch_tokens (engine);
  g_signal_connect (engine, "event", G_CALLBACK (on_engine_event_cb), &serve);
  fc_notifier_start (fc_engine_get_notifier (engine));

  scheduler = fc_engine_get_scheduler (engine);
  g_object_set (scheduler,
                "guard-max-update-percent", settings.max_update_percent,
                "guard-max-creates", settings.max_creates,
                "guard-hold-deletes", settings.hold_deletes,
                NULL);
  g_signal_connect (scheduler, "run-started", G_CALLBACK (on_run_started_cb), &serve);
  g_signal_connect (scheduler, "run-finished", G_CALLBACK (on_run_finished_cb), &serve);
  g_signal_connect (scheduler, "run-skipped", G_CALLBACK (on_run_skipped_cb), &serve);
  g_signal_connect (scheduler, "notify::busy", G_CALLBACK (on_scheduler_busy_cb), &serve);
  g_signal_connect (scheduler, "notify::standby-reason", G_CALLBACK (on_scheduler_standby_cb),
                    &serve);
  fc_scheduler_set_process_name (scheduler, "fluxcascade-cli serve");

  sigint_id = g_unix_signal_add (SIGINT, on_signal_cb, &serve);
  sigterm_id = g_unix_signal_add (SIGTERM, on_signal_cb, &serve);

  print_line (_("serving %u mapping(s); stop with Ctrl+C"),
              g_list_model_get_n_items (fc_engine_get_mappings (engine)));
  fc_scheduler_start (scheduler);
  g_main_loop_run (loop);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  g_signal_handlers_disconnect_by_data (scheduler, &serve);
  g_signal_handlers_disconnect_by_data (engine, &serve);
  print_line ("%s", _("stopped"));
  return FC_CLI_EXIT_OK;
}
