/* fc-cli-endpoints.c: "fluxcascade-cli endpoints …" and "deliveries …", the outbound webhooks
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-cli"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-cli-private.h"

#define DEFAULT_PAGE 50

static int run_add           (const FcCliCommand *command, int argc, char **argv);
static int run_list          (const FcCliCommand *command, int argc, char **argv);
static int run_edit          (const FcCliCommand *command, int argc, char **argv);
static int run_enable        (const FcCliCommand *command, int argc, char **argv);
static int run_disable       (const FcCliCommand *command, int argc, char **argv);
static int run_remove        (const FcCliCommand *command, int argc, char **argv);
static int run_rotate        (const FcCliCommand *command, int argc, char **argv);
static int run_deliveries    (const FcCliCommand *command, int argc, char **argv);
static int run_retry         (const FcCliCommand *command, int argc, char **argv);

const FcCliCommand fc_cli_endpoints_commands[] = {
  { "add", N_("URL"), N_("Add an endpoint for FluxCascade’s events and print its signing secret"),
    run_add, NULL },
  { "list", "", N_("List the webhook endpoints"), run_list, NULL },
  { "edit", N_("ENDPOINT"), N_("Change an endpoint’s URL, description or event types"),
    run_edit, NULL },
  { "enable", N_("ENDPOINT"), N_("Send events to an endpoint again"), run_enable, NULL },
  { "disable", N_("ENDPOINT"), N_("Stop sending events to an endpoint"), run_disable, NULL },
  { "remove", N_("ENDPOINT"), N_("Remove an endpoint, its secret and its deliveries"),
    run_remove, NULL },
  { "rotate-secret", N_("ENDPOINT"), N_("Replace an endpoint’s signing secret and print it"),
    run_rotate, NULL },
  { NULL }
};

const FcCliCommand fc_cli_deliveries_commands[] = {
  { "list", "", N_("List the deliveries of events to webhook endpoints"), run_deliveries, NULL },
  { "retry", N_("DELIVERY"), N_("Send a failed or skipped delivery again, now"), run_retry, NULL },
  { NULL }
};

/* Parses the options, wants exactly one argument, opens the engine. */
static FcEngine *
open_for_one (const FcCliCommand  *command,
              GOptionContext      *context,
              int                 *argc,
              char              ***argv,
              int                 *status)
{
  g_autoptr (GError) error = NULL;
  FcEngine *engine;

  if (!fc_cli_parse (context, argc, argv))
    {
      *status = FC_CLI_EXIT_USAGE;
      return NULL;
    }
  if (*argc != 2)
    {
      *status = fc_cli_usage_error (command, _("“%s” takes one %s"), command->name,
                                    _(command->parameters));
      return NULL;
    }
  if ((engine = fc_cli_open_engine (&error)) == NULL)
    *status = fc_cli_fail (g_steal_pointer (&error));
  return engine;
}

static FcEndpoint *
find_endpoint (FcEngine   *engine,
               const char *id,
               int        *status)
{
  FcEndpoint *endpoint = fc_notifier_lookup_endpoint (fc_engine_get_notifier (engine), id);

  if (endpoint == NULL)
    {
      g_printerr ("%s: %s\n", g_get_prgname (),
                  _("There is no endpoint with that id (see “endpoints list”)."));
      *status = FC_CLI_EXIT_USAGE;
    }
  return endpoint;
}

static int
usage_status_for (GError *error)
{
  /* Bad input is the user's to fix: exit status 2, like other usage errors. */
  if (error->domain == FC_NOTIFIER_ERROR && error->code != FC_NOTIFIER_ERROR_KEYRING)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      g_error_free (error);
      return FC_CLI_EXIT_USAGE;
    }
  return fc_cli_fail (error);
}

static void
print_secret (const char *secret)
{
  g_print ("%s\n  %s\n", _("Signing secret (shown only this once; put it in your receiver):"),
           secret);
}

static int
run_add (const FcCliCommand *command,
         int                 argc,
         char              **argv)
{
  g_auto (GStrv) events = NULL;
  g_autofree char *description = NULL;
  const GOptionEntry entries[] = {
    { "event", 0, 0, G_OPTION_ARG_STRING_ARRAY, &events,
      N_("Send only events of type TYPE (repeat for more; default: every event)"), N_("TYPE") },
    { "description", 0, 0, G_OPTION_ARG_STRING, &description,
      N_("What the endpoint is for"), N_("TEXT") },
    { NULL }
  };
  g_autoptr (GOptionContext) context = fc_cli_option_context_new (command, entries);
  g_autoptr (FcEngine) engine = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (FcEndpoint) endpoint = NULL;
  g_autoptr (GError) error = NULL;
  char *secret = NULL;
  int status = FC_CLI_EXIT_OK;

  if ((engine = open_for_one (command, context, &argc, &argv, &status)) == NULL)
    return status;

  fc_notifier_add_endpoint_async (fc_engine_get_notifier (engine), argv[1], description,
                                  (const char * const *) events, NULL, fc_cli_on_ready, &result);
  endpoint = fc_notifier_add_endpoint_finish (fc_engine_get_notifier (engine),
                                              fc_cli_wait (&result), &secret, &error);
  if (endpoint == NULL)
    return usage_status_for (g_steal_pointer (&error));

  g_print (_("Added endpoint %s for %s\n"), fc_endpoint_get_id (endpoint),
           fc_endpoint_get_url (endpoint));
  print_secret (secret);
  g_free (secret);
  return FC_CLI_EXIT_OK;
}

static char *
describe_events (FcEndpoint *endpoint)
{
  const char * const *types = fc_endpoint_get_event_types (endpoint);

  if (types[0] == NULL)
    return g_strdup (_("all events"));
  return g_strjoinv (",", (char **) types);
}

static int
run_list (const FcCliCommand *command,
          int                 argc,
          char              **argv)
{
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON instead of a table"), NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = fc_cli_option_context_new (command, entries);
  g_autoptr (FcEngine) engine = NULL;
  g_autoptr (JsonArray) array = json_array_new ();
  g_autoptr (GError) error = NULL;
  GListModel *endpoints;
  guint n;

  if (!fc_cli_parse (context, &argc, &argv))
    return FC_CLI_EXIT_USAGE;
  if (argc > 1)
    return fc_cli_usage_error (command, _("“list” takes no arguments"));
  if ((engine = fc_cli_open_engine (&error)) == NULL)
    return fc_cli_fail (g_steal_pointer (&error));

  endpoints = fc_notifier_get_endpoints (fc_engine_get_notifier (engine));
  n = g_list_model_get_n_items (endpoints);
  if (!as_json && n == 0)
    g_print ("%s\n", _("No webhook endpoints yet. Add one with “fluxcascade-cli endpoints add”."));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (FcEndpoint) endpoint = g_list_model_get_item (endpoints, i);
      g_autofree char *events = NULL;

      if (as_json)
        {
          json_array_add_element (array, fc_endpoint_to_json (endpoint));
          continue;
        }

      events = describe_events (endpoint);
      g_print ("%s  %-8s  %s  %s  (%s)\n", fc_endpoint_get_id (endpoint),
               fc_endpoint_get_enabled (endpoint) ? _("enabled") : _("disabled"),
               fc_endpoint_get_url (endpoint),
               fc_endpoint_get_description (endpoint) != NULL
                 ? fc_endpoint_get_description (endpoint) : "",
               events);
      if (fc_endpoint_get_consecutive_failures (endpoint) > 0)
        g_print ("    %s %u\n", _("failed deliveries in a row:"),
                 fc_endpoint_get_consecutive_failures (endpoint));
      if (fc_endpoint_get_disabled_reason (endpoint) != NULL)
        g_print ("    %s\n", fc_endpoint_get_disabled_reason (endpoint));
    }

  if (as_json)
    {
      g_autoptr (JsonNode) root = json_node_init_array (json_node_alloc (), array);
      fc_cli_print_json (root);
    }
  return FC_CLI_EXIT_OK;
}

static int
run_edit (const FcCliCommand *command,
          int                 argc,
          char              **argv)
{
  g_auto (GStrv) events = NULL;
  g_autofree char *url = NULL;
  g_autofree char *description = NULL;
  gboolean all_events = FALSE;
  const GOptionEntry entries[] = {
    { "url", 0, 0, G_OPTION_ARG_STRING, &url, N_("Send to URL instead"), N_("URL") },
    { "description", 0, 0, G_OPTION_ARG_STRING, &description,
      N_("What the endpoint is for (empty to remove)"), N_("TEXT") },
    { "event", 0, 0, G_OPTION_ARG_STRING_ARRAY, &events,
      N_("Send only events of type TYPE (repeat for more)"), N_("TYPE") },
    { "all-events", 0, 0, G_OPTION_ARG_NONE, &all_events, N_("Send every event"), NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = fc_cli_option_context_new (command, entries);
  g_autoptr (FcEngine) engine = NULL;
  g_autoptr (GError) error = NULL;
  const char * const no_types[] = { NULL };
  const char * const *types = NULL;
  int status = FC_CLI_EXIT_OK;

  if ((engine = open_for_one (command, context, &argc, &argv, &status)) == NULL)
    return status;
  if (all_events && events != NULL)
    return fc_cli_usage_error (command, _("--all-events and --event cannot be used together"));
  if (find_endpoint (engine, argv[1], &status) == NULL)
    return status;

  if (all_events)
    types = no_types;
  else if (events != NULL)
    types = (const char * const *) events;

  if (!fc_notifier_update_endpoint (fc_engine_get_notifier (engine), argv[1], url, description,
                                    types, &error))
    return usage_status_for (g_steal_pointer (&error));

  g_print (_("Changed endpoint %s\n"), argv[1]);
  return FC_CLI_EXIT_OK;
}

static int
set_enabled (const FcCliCommand *command,
             int                 argc,
             char              **argv,
             gboolean            enabled)
{
  gboolean replay = FALSE;
  const GOptionEntry enable_entries[] = {
    { "replay", 0, 0, G_OPTION_ARG_NONE, &replay,
      N_("Also send the events missed while the endpoint was disabled"), NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context =
    fc_cli_option_context_new (command, enabled ? enable_entries : NULL);
  g_autoptr (FcEngine) engine = NULL;
  g_autoptr (GError) error = NULL;
  FcNotifier *notifier;
  int status = FC_CLI_EXIT_OK;

  if ((engine = open_for_one (command, context, &argc, &argv, &status)) == NULL)
    return status;
  if (find_endpoint (engine, argv[1], &status) == NULL)
    return status;

  notifier = fc_engine_get_notifier (engine);
  if (!fc_notifier_set_endpoint_enabled (notifier, argv[1], enabled, replay, &error))
    return fc_cli_fail (g_steal_pointer (&error));

  if (!enabled)
    g_print (_("Disabled endpoint %s\n"), argv[1]);
  else if (replay)
    g_print (_("Enabled endpoint %s; missed events will be sent by the app or “fluxcascade-cli "
               "serve”\n"), argv[1]);
  else
    g_print (_("Enabled endpoint %s\n"), argv[1]);
  return FC_CLI_EXIT_OK;
}

static int
run_enable (const FcCliCommand *command,
            int                 argc,
            char              **argv)
{
  return set_enabled (command, argc, argv, TRUE);
}

static int
run_disable (const FcCliCommand *command,
             int                 argc,
             char              **argv)
{
  return set_enabled (command, argc, argv, FALSE);
}

static int
run_remove (const FcCliCommand *command,
            int                 argc,
            char              **argv)
{
  g_autoptr (GOptionContext) context = fc_cli_option_context_new (command, NULL);
  g_autoptr (FcEngine) engine = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  FcNotifier *notifier;
  int status = FC_CLI_EXIT_OK;

  if ((engine = open_for_one (command, context, &argc, &argv, &status)) == NULL)
    return status;
  if (find_endpoint (engine, argv[1], &status) == NULL)
    return status;

  notifier = fc_engine_get_notifier (engine);
  fc_notifier_remove_endpoint_async (notifier, argv[1], NULL, fc_cli_on_ready, &result);
  if (!fc_notifier_remove_endpoint_finish (notifier, fc_cli_wait (&result), &error))
    return fc_cli_fail (g_steal_pointer (&error));

  g_print (_("Removed endpoint %s\n"), argv[1]);
  return FC_CLI_EXIT_OK;
}

static int
run_rotate (const FcCliCommand *command,
            int                 argc,
            char              **argv)
{
  g_autoptr (GOptionContext) context = fc_cli_option_context_new (command, NULL);
  g_autoptr (FcEngine) engine = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  FcNotifier *notifier;
  char *secret;
  int status = FC_CLI_EXIT_OK;

  if ((engine = open_for_one (command, context, &argc, &argv, &status)) == NULL)
    return status;
  if (find_endpoint (engine, argv[1], &status) == NULL)
    return status;

  notifier = fc_engine_get_notifier (engine);
  fc_notifier_rotate_secret_async (notifier, argv[1], NULL, fc_cli_on_ready, &result);
  secret = fc_notifier_rotate_secret_finish (notifier, fc_cli_wait (&result), &error);
  if (secret == NULL)
    return fc_cli_fail (g_steal_pointer (&error));

  g_print (_("Endpoint %s has a new signing secret; the old one no longer works.\n"), argv[1]);
  print_secret (secret);
  g_free (secret);
  return FC_CLI_EXIT_OK;
}

/* ---- deliveries --------------------------------------------------------------------------- */

static int
run_deliveries (const FcCliCommand *command,
                int                 argc,
                char              **argv)
{
  g_autofree char *endpoint_id = NULL;
  g_autofree char *status_text = NULL;
  gboolean as_json = FALSE;
  int limit = DEFAULT_PAGE;
  gint64 before = 0;
  const GOptionEntry entries[] = {
    { "endpoint", 0, 0, G_OPTION_ARG_STRING, &endpoint_id,
      N_("Only the deliveries to ENDPOINT"), N_("ENDPOINT") },
    { "status", 0, 0, G_OPTION_ARG_STRING, &status_text,
      N_("Only pending, delivered, failed or skipped deliveries"), N_("STATUS") },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("Show at most N (default 50, 0 for all)"),
      N_("N") },
    { "before", 0, 0, G_OPTION_ARG_INT64, &before,
      N_("Only deliveries older than the one with id ID (the next page)"), N_("ID") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON instead of a table"), NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = fc_cli_option_context_new (command, entries);
  g_autoptr (FcEngine) engine = NULL;
  g_autoptr (GPtrArray) deliveries = NULL;
  g_autoptr (GError) error = NULL;
  FcDeliveryStatus status = FC_DELIVERY_STATUS_PENDING;
  int status_filter = -1;

  if (!fc_cli_parse (context, &argc, &argv))
    return FC_CLI_EXIT_USAGE;
  if (argc > 1)
    return fc_cli_usage_error (command, _("“list” takes no arguments"));
  if (limit < 0 || before < 0)
    return fc_cli_usage_error (command, _("--limit and --before must not be negative"));
  if (status_text != NULL)
    {
      if (!fc_delivery_status_from_string (status_text, &status))
        return fc_cli_usage_error (command, _("Unknown status “%s”; expected pending, delivered, "
                                              "failed or skipped"), status_text);
      status_filter = status;
    }
  if ((engine = fc_cli_open_engine (&error)) == NULL)
    return fc_cli_fail (g_steal_pointer (&error));

  deliveries = fc_notifier_list_deliveries (fc_engine_get_notifier (engine), endpoint_id,
                                            status_filter, before, (guint) limit, &error);
  if (deliveries == NULL)
    return fc_cli_fail (g_steal_pointer (&error));

  if (as_json)
    {
      g_autoptr (JsonArray) array = json_array_new ();
      g_autoptr (JsonNode) root = NULL;

      for (guint i = 0; i < deliveries->len; i++)
        json_array_add_element (array, fc_delivery_to_json (g_ptr_array_index (deliveries, i),
                                                            FALSE));
      root = json_node_init_array (json_node_alloc (), array);
      fc_cli_print_json (root);
      return FC_CLI_EXIT_OK;
    }

  if (deliveries->len == 0)
    g_print ("%s\n", _("No deliveries."));
  for (guint i = 0; i < deliveries->len; i++)
    {
      FcDelivery *delivery = g_ptr_array_index (deliveries, i);
      g_autofree char *created = g_date_time_format (fc_delivery_get_created_at (delivery),
                                                     "%Y-%m-%d %H:%M:%S");
      g_autofree char *preview = fc_delivery_dup_payload_preview (delivery);
      g_autofree char *code = fc_delivery_get_last_status_code (delivery) > 0
        ? g_strdup_printf ("%u", fc_delivery_get_last_status_code (delivery)) : g_strdup ("-");

      g_print ("%-6" G_GINT64_FORMAT "  %-9s  %u  %-3s  %-20s  %s  %s\n",
               fc_delivery_get_id (delivery),
               fc_delivery_status_to_string (fc_delivery_get_status (delivery)),
               fc_delivery_get_attempts (delivery), code, fc_delivery_get_event_type (delivery),
               created, fc_delivery_get_endpoint_id (delivery));
      if (fc_delivery_get_last_error (delivery) != NULL)
        g_print ("        %s\n", fc_delivery_get_last_error (delivery));
      g_print ("        %s\n", preview);
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
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (FcDelivery) delivery = NULL;
  g_autoptr (GError) error = NULL;
  FcNotifier *notifier;
  char *end = NULL;
  gint64 id;
  int status = FC_CLI_EXIT_OK;

  if ((engine = open_for_one (command, context, &argc, &argv, &status)) == NULL)
    return status;

  id = g_ascii_strtoll (argv[1], &end, 10);
  if (end == argv[1] || *end != '\0' || id <= 0)
    return fc_cli_usage_error (command, _("“%s” is not a delivery id (see “deliveries list”)"),
                               argv[1]);

  notifier = fc_engine_get_notifier (engine);
  if (!fc_notifier_retry_delivery (notifier, id, &error))
    return usage_status_for (g_steal_pointer (&error));

  g_print (_("Sending delivery %lld…\n"), (long long) id);
  fc_notifier_send_delivery_async (notifier, id, NULL, fc_cli_on_ready, &result);
  delivery = fc_notifier_send_delivery_finish (notifier, fc_cli_wait (&result), &error);
  if (delivery == NULL)
    return fc_cli_fail (g_steal_pointer (&error));

  if (fc_delivery_get_status (delivery) == FC_DELIVERY_STATUS_DELIVERED)
    {
      g_print (_("Delivered (HTTP %u) after %u attempts\n"),
               fc_delivery_get_last_status_code (delivery), fc_delivery_get_attempts (delivery));
      return FC_CLI_EXIT_OK;
    }

  g_printerr ("%s: %s: %s\n", g_get_prgname (),
              fc_delivery_status_to_string (fc_delivery_get_status (delivery)),
              fc_delivery_get_last_error (delivery) != NULL ? fc_delivery_get_last_error (delivery)
                                                             : "");
  return FC_CLI_EXIT_FAILED;
}
