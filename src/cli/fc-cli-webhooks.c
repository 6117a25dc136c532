/* fc-cli-webhooks.c: "fluxcascade-cli webhooks …", the webhooks the providers send us
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-cli"

#include "config.h"

#include <stdio.h>
#include <gio/gunixinputstream.h>
#include <glib/gi18n-lib.h>

#include "fc-cli-private.h"
#include "fc-enum-types.h"

static int run_status     (const FcCliCommand *command, int argc, char **argv);
static int run_events     (const FcCliCommand *command, int argc, char **argv);
static int run_retry      (const FcCliCommand *command, int argc, char **argv);
static int run_register   (const FcCliCommand *command, int argc, char **argv);
static int run_unregister (const FcCliCommand *command, int argc, char **argv);
static int run_set_secret (const FcCliCommand *command, int argc, char **argv);

const FcCliCommand fc_cli_webhooks_commands[] = {
  { "status", "", N_("Show each connection’s webhook URL, registration and last delivery"),
    run_status, NULL },
  { "events", "", N_("List the webhook events received and how they were processed"),
    run_events, NULL },
  { "retry", N_("EVENT_ID"), N_("Process a failed webhook event again"), run_retry, NULL },
  { "register", N_("CONNECTION"),
    N_("Subscribe the listener to a Pipedrive connection’s changes"), run_register, NULL },
  { "unregister", N_("CONNECTION"), N_("Delete a Pipedrive connection’s webhook subscriptions"),
    run_unregister, NULL },
  { "set-secret", N_("CONNECTION"),
    N_("Keep the secret that signs a HubSpot or Jobber connection’s webhooks (read from the "
       "standard input; empty removes it)"), run_set_secret, NULL },
  { NULL }
};

static char *public_url_option;
static int port_option = -1;

static const GOptionEntry url_entries[] = {
  { "public-url", 0, 0, G_OPTION_ARG_STRING, &public_url_option,
    N_("The address at which the providers reach the listener (default: the preference)"),
    N_("URL") },
  { "port", 0, 0, G_OPTION_ARG_INT, &port_option,
    N_("The listener’s port (default: the preference)"), N_("PORT") },
  { NULL }
};

/* The listener as the preferences (or the options) set it up, without starting it. */
static FcWebhookListener *
configure_listener (FcEngine *engine)
{
  FcWebhookListener *listener = fc_engine_get_webhook_listener (engine);
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema = NULL;
  g_autoptr (GSettings) settings = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema != NULL)
    {
      g_autoptr (GVariant) port = NULL;
      g_autofree char *public_url = NULL;

      settings = g_settings_new_full (schema, NULL, NULL);
      port = g_settings_get_value (settings, "listener-port");
      public_url = g_settings_get_string (settings, "public-url");
      fc_webhook_listener_set_port (listener, g_variant_get_uint16 (port));
      fc_webhook_listener_set_public_url (listener, public_url);
    }
  if (port_option >= 0 && port_option <= G_MAXUINT16)
    fc_webhook_listener_set_port (listener, (guint) port_option);
  if (public_url_option != NULL)
    fc_webhook_listener_set_public_url (listener, public_url_option);
  return listener;
}

static JsonNode *
status_to_json (FcWebhookListener *listener,
                FcConnection      *connection)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (GDateTime) last = fc_webhook_listener_dup_last_received (listener, connection);
  g_autofree char *url = fc_webhook_listener_dup_url (listener, connection);
  FcWebhookState state = fc_webhook_listener_get_state (listener, connection);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "connectionId");
  json_builder_add_string_value (builder, fc_connection_get_id (connection));
  json_builder_set_member_name (builder, "provider");
  json_builder_add_string_value (builder, fc_enum_to_nick (FC_TYPE_PROVIDER,
                                                           fc_connection_get_provider (connection)));
  json_builder_set_member_name (builder, "accountName");
  json_builder_add_string_value (builder, fc_connection_get_account_name (connection));
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, fc_webhook_state_to_string (state));
  json_builder_set_member_name (builder, "url");
  if (state == FC_WEBHOOK_STATE_POLLING)
    json_builder_add_null_value (builder);
  else
    json_builder_add_string_value (builder, url);
  json_builder_set_member_name (builder, "lastReceivedAt");
  if (last != NULL)
    {
      g_autofree char *text = g_date_time_format_iso8601 (last);

      json_builder_add_string_value (builder, text);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static const char *
state_label (FcWebhookState state)
{
  switch (state)
    {
    case FC_WEBHOOK_STATE_REGISTERED:
      return _("registered");
    case FC_WEBHOOK_STATE_NOT_REGISTERED:
      return _("not registered");
    case FC_WEBHOOK_STATE_MANUAL:
      return _("manual steps");
    case FC_WEBHOOK_STATE_POLLING:
    default:
      return _("polling");
    }
}

static int
run_status (const FcCliCommand *command,
            int                 argc,
            char              **argv)
{
  gboolean as_json = FALSE;
  gboolean steps = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON instead of a table"), NULL },
    { "steps", 0, 0, G_OPTION_ARG_NONE, &steps,
      N_("Also print the steps to add each webhook at its provider"), NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = fc_cli_option_context_new (command, entries);
  g_autoptr (JsonArray) array = json_array_new ();
  g_autoptr (FcEngine) engine = NULL;
  g_autoptr (GError) error = NULL;
  FcWebhookListener *listener;
  GListModel *connections;

  g_option_context_add_main_entries (context, url_entries, GETTEXT_PACKAGE);
  if (!fc_cli_parse (context, &argc, &argv))
    return FC_CLI_EXIT_USAGE;
  if (argc > 1)
    return fc_cli_usage_error (command, _("“status” takes no arguments"));
  if ((engine = fc_cli_open_engine (&error)) == NULL)
    return fc_cli_fail (g_steal_pointer (&error));

  listener = configure_listener (engine);
  connections = fc_engine_get_connections (engine);
  if (!as_json && g_list_model_get_n_items (connections) == 0)
    g_print ("%s\n", _("No connections yet. Add one with “fluxcascade-cli connections add”."));

  for (guint i = 0; i < g_list_model_get_n_items (connections); i++)
    {
      g_autoptr (FcConnection) connection = g_list_model_get_item (connections, i);
      g_autoptr (GDateTime) last = NULL;
      g_autofree char *url = NULL;
      g_autofree char *last_text = NULL;
      g_autofree char *title = NULL;
      FcWebhookState state;

      if (as_json)
        {
          json_array_add_element (array, status_to_json (listener, connection));
          continue;
        }

      state = fc_webhook_listener_get_state (listener, connection);
      last = fc_webhook_listener_dup_last_received (listener, connection);
      url = fc_webhook_listener_dup_url (listener, connection);
      title = fc_connection_dup_title (connection);
      last_text = last != NULL ? g_date_time_format_iso8601 (last) : g_strdup (_("never"));
      g_print ("%s  %s\n", fc_connection_get_id (connection), title);
      g_print ("  %-15s %s\n", _("State:"), state_label (state));
      if (state != FC_WEBHOOK_STATE_POLLING)
        g_print ("  %-15s %s\n", _("URL:"), url);
      g_print ("  %-15s %s\n", _("Last received:"), last_text);
      if (steps)
        {
          g_autofree char *text = fc_webhook_listener_dup_instructions (listener, connection);

          g_print ("\n%s\n", text);
        }
      g_print ("\n");
    }

  if (as_json)
    {
      g_autoptr (JsonNode) node = json_node_new (JSON_NODE_ARRAY);

      json_node_set_array (node, array);
      fc_cli_print_json (node);
    }
  return FC_CLI_EXIT_OK;
}

static int
run_events (const FcCliCommand *command,
            int                 argc,
            char              **argv)
{
  gboolean as_json = FALSE;
  g_autofree char *connection_id = NULL;
  g_autofree char *status = NULL;
  int limit = 50;
  int offset = 0;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON instead of a table"), NULL },
    { "connection", 0, 0, G_OPTION_ARG_STRING, &connection_id,
      N_("Only the events of this connection"), N_("CONNECTION") },
    { "status", 0, 0, G_OPTION_ARG_STRING, &status,
      N_("Only events in this state: pending, done, failed or ignored"), N_("STATUS") },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("At most this many events (default 50)"),
      N_("N") },
    { "offset", 0, 0, G_OPTION_ARG_INT, &offset, N_("Skip this many of the newest events"),
      N_("N") },
    { NULL }
  };
  g_autoptr (GOptionContext) context = fc_cli_option_context_new (command, entries);
  g_autoptr (FcEngine) engine = NULL;
  g_autoptr (JsonNode) events = NULL;
  g_autoptr (GError) error = NULL;
  JsonArray *array;

  if (!fc_cli_parse (context, &argc, &argv))
    return FC_CLI_EXIT_USAGE;
  if (argc > 1)
    return fc_cli_usage_error (command, _("“events” takes no arguments"));
  if (limit <= 0 || offset < 0)
    return fc_cli_usage_error (command, _("--limit must be above 0 and --offset not below 0"));
  if (status != NULL && !g_strv_contains ((const char * const[]) { "pending", "done", "failed",
                                                                   "ignored", NULL }, status))
    return fc_cli_usage_error (command, _("--status must be pending, done, failed or ignored, "
                                          "not “%s”"), status);
  if ((engine = fc_cli_open_engine (&error)) == NULL)
    return fc_cli_fail (g_steal_pointer (&error));

  events = fc_webhook_listener_list_events (fc_engine_get_webhook_listener (engine),
                                            connection_id, status, (guint) offset, (guint) limit,
                                            &error);
  if (events == NULL)
    return fc_cli_fail (g_steal_pointer (&error));
  if (as_json)
    {
      fc_cli_print_json (events);
      return FC_CLI_EXIT_OK;
    }

  array = json_node_get_array (events);
  if (json_array_get_length (array) == 0)
    g_print ("%s\n", _("No webhook events received."));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *event = json_array_get_object_element (array, i);
      const char *last_error = json_object_get_string_member_with_default (event, "lastError",
                                                                            NULL);

      g_print ("%-6" G_GINT64_FORMAT " %-25s %-10s %-7s %s %s  %s (%s %" G_GINT64_FORMAT ")\n",
               json_object_get_int_member (event, "id"),
               json_object_get_string_member (event, "receivedAt"),
               json_object_get_string_member (event, "provider"),
               json_object_get_string_member (event, "kind"),
               json_object_get_string_member (event, "object"),
               json_object_get_string_member (event, "recordId"),
               json_object_get_string_member (event, "status"), _("attempts"),
               json_object_get_int_member (event, "attempts"));
      if (last_error != NULL)
        g_print ("       %s\n", last_error);
    }
  return FC_CLI_EXIT_OK;
}

static int
run_retry (const FcCliCommand *command,
           int                 argc,
           char              **argv)
{
  g_autoptr (GOptionContext) context = fc_cli_option_context_new (command, NULL);
  g_autoptr (FcEngine) engine = NULL;
  g_autoptr (GError) error = NULL;
  gint64 id = 0;

  if (!fc_cli_parse (context, &argc, &argv))
    return FC_CLI_EXIT_USAGE;
  if (argc != 2)
    return fc_cli_usage_error (command, _("“retry” takes one event id (see “webhooks events”)"));
  if (!g_ascii_string_to_signed (argv[1], 10, 1, G_MAXINT64, &id, NULL))
    return fc_cli_usage_error (command, _("“%s” is not an event id (a number)"), argv[1]);
  if ((engine = fc_cli_open_engine (&error)) == NULL)
    return fc_cli_fail (g_steal_pointer (&error));

  if (!fc_webhook_listener_retry_event (fc_engine_get_webhook_listener (engine), id, &error))
    {
      if (g_error_matches (error, FC_WEBHOOK_LISTENER_ERROR, FC_WEBHOOK_LISTENER_ERROR_NOT_FOUND))
        {
          g_printerr ("%s: %s\n", g_get_prgname (), error->message);
          return FC_CLI_EXIT_USAGE;
        }
      return fc_cli_fail (g_steal_pointer (&error));
    }
  g_print (_("Event %lld is pending again; “fluxcascade-cli serve” (or the "
             "app) processes it.\n"), (long long) id);
  return FC_CLI_EXIT_OK;
}

static int
run_registration (const FcCliCommand *command,
                  int                 argc,
                  char              **argv,
                  gboolean            registering)
{
  g_autoptr (GOptionContext) context = fc_cli_option_context_new (command, url_entries);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (FcEngine) engine = NULL;
  g_autoptr (GError) error = NULL;
  FcWebhookListener *listener;
  FcConnection *connection;
  gboolean ok;

  if (!fc_cli_parse (context, &argc, &argv))
    return FC_CLI_EXIT_USAGE;
  if (argc != 2)
    return fc_cli_usage_error (command, _("“%s” takes one connection id"), command->name);
  if ((engine = fc_cli_open_engine (&error)) == NULL)
    return fc_cli_fail (g_steal_pointer (&error));
  connection = fc_engine_lookup_connection (engine, argv[1]);
  if (connection == NULL)
    return fc_cli_usage_error (command, _("There is no connection with the id “%s” (see "
                                          "“connections list”)."), argv[1]);

  listener = configure_listener (engine);
  if (registering)
    {
      fc_webhook_listener_register_async (listener, connection, NULL, fc_cli_on_ready, &result);
      ok = fc_webhook_listener_register_finish (listener, fc_cli_wait (&result), &error);
    }
  else
    {
      fc_webhook_listener_unregister_async (listener, connection, NULL, fc_cli_on_ready, &result);
      ok = fc_webhook_listener_unregister_finish (listener, fc_cli_wait (&result), &error);
    }
  if (!ok)
    {
      if (g_error_matches (error, FC_WEBHOOK_LISTENER_ERROR, FC_WEBHOOK_LISTENER_ERROR_MANUAL))
        {
          g_autofree char *steps = fc_webhook_listener_dup_instructions (listener, connection);

          g_printerr ("%s: %s\n\n%s\n", g_get_prgname (), error->message, steps);
          return FC_CLI_EXIT_USAGE;
        }
      return fc_cli_fail (g_steal_pointer (&error));
    }

  if (registering)
    {
      g_autofree char *url = fc_webhook_listener_dup_url (listener, connection);

      g_print (_("Registered: the provider now sends changes to %s\n"), url);
    }
  else
    g_print ("%s\n", _("The webhook subscriptions are deleted."));
  return FC_CLI_EXIT_OK;
}

static int
run_register (const FcCliCommand *command,
              int                 argc,
              char              **argv)
{
  return run_registration (command, argc, argv, TRUE);
}

static int
run_unregister (const FcCliCommand *command,
                int                 argc,
                char              **argv)
{
  return run_registration (command, argc, argv, FALSE);
}

static int
run_set_secret (const FcCliCommand *command,
                int                 argc,
                char              **argv)
{
  g_autoptr (GOptionContext) context = fc_cli_option_context_new (command, NULL);
  g_autoptr (GInputStream) input = NULL;
  g_autoptr (GDataInputStream) lines = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (FcEngine) engine = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *secret = NULL;
  FcWebhookListener *listener;
  FcConnection *connection;

  if (!fc_cli_parse (context, &argc, &argv))
    return FC_CLI_EXIT_USAGE;
  if (argc != 2)
    return fc_cli_usage_error (command, _("“set-secret” takes one connection id"));
  if ((engine = fc_cli_open_engine (&error)) == NULL)
    return fc_cli_fail (g_steal_pointer (&error));
  connection = fc_engine_lookup_connection (engine, argv[1]);
  if (connection == NULL)
    return fc_cli_usage_error (command, _("There is no connection with the id “%s” (see "
                                          "“connections list”)."), argv[1]);
  if (fc_connection_get_provider (connection) != FC_PROVIDER_HUBSPOT
      && fc_connection_get_provider (connection) != FC_PROVIDER_JOBBER)
    return fc_cli_usage_error (command, _("Only HubSpot and Jobber webhooks are signed with a "
                                          "secret"));

  /* one line, without echoing it anywhere */
  input = g_unix_input_stream_new (0, FALSE);
  lines = g_data_input_stream_new (input);
  secret = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  if (error != NULL)
    return fc_cli_fail (g_steal_pointer (&error));
  if (secret != NULL)
    g_strstrip (secret);

  listener = fc_engine_get_webhook_listener (engine);
  fc_webhook_listener_set_signing_secret_async (listener, connection,
                                                secret != NULL && *secret != '\0' ? secret : NULL,
                                                NULL, fc_cli_on_ready, &result);
  if (!fc_webhook_listener_set_signing_secret_finish (listener, fc_cli_wait (&result), &error))
    return fc_cli_fail (g_steal_pointer (&error));
  g_print ("%s\n", secret != NULL && *secret != '\0'
                   ? _("The webhook secret is kept in the keyring.")
                   : _("The webhook secret is removed; the app’s client secret is used."));
  return FC_CLI_EXIT_OK;
}
