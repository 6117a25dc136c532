/* fc-provider-sim.c: runs the provider simulator on loopback until SIGINT or SIGTERM
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-provider-sim"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <glib-unix.h>
#include <json-glib/json-glib.h>

#include "fc-sim.h"

static int port = 0;
static gint64 seed = -1;
static int token_lifetime = -1;
static gboolean no_rate_limits = FALSE;
static gboolean frozen_clock = FALSE;
static char *clock_start = NULL;
static gboolean verbose = FALSE;
static char *hubspot_client_id = NULL;
static char *hubspot_client_secret = NULL;
static char *pipedrive_client_id = NULL;
static char *pipedrive_client_secret = NULL;
static char *jobber_client_id = NULL;
static char *jobber_client_secret = NULL;
static char *salesforce_client_id = NULL;
static char *salesforce_client_secret = NULL;
static char *hubspot_webhook_target = NULL;
static char *hubspot_webhook_secret = NULL;
static char *pipedrive_webhook_target = NULL;
static char *pipedrive_webhook_auth = NULL;
static char **static_tokens = NULL;
static char **generate = NULL;

static const GOptionEntry entries[] = {
  { "port", 'p', 0, G_OPTION_ARG_INT, &port,
    "TCP port on 127.0.0.1 (0, the default, picks a free one)", "PORT" },
  { "seed", 's', 0, G_OPTION_ARG_INT64, &seed,
    "Seed of the random generator, for repeatable ids, tokens and faults", "N" },
  { "token-lifetime", 0, 0, G_OPTION_ARG_INT, &token_lifetime,
    "Lifetime of OAuth access tokens in seconds (default: HubSpot 1800, Pipedrive 3599, "
    "Jobber 3600, Salesforce session 7200)",
    "SECONDS" },
  { "no-rate-limits", 0, 0, G_OPTION_ARG_NONE, &no_rate_limits,
    "Turn every rate limit off (for benchmarks)", NULL },
  { "frozen-clock", 0, 0, G_OPTION_ARG_NONE, &frozen_clock,
    "Stop the simulator's clock; move it with POST /_control/clock", NULL },
  { "clock", 0, 0, G_OPTION_ARG_STRING, &clock_start,
    "Start the clock frozen at this RFC 3339 time (with --seed, runs repeat exactly)", "TIME" },
  { "hubspot-client-id", 0, 0, G_OPTION_ARG_STRING, &hubspot_client_id,
    "OAuth client id of the HubSpot app", "ID" },
  { "hubspot-client-secret", 0, 0, G_OPTION_ARG_STRING, &hubspot_client_secret,
    "OAuth client secret of the HubSpot app (also signs webhooks)", "SECRET" },
  { "pipedrive-client-id", 0, 0, G_OPTION_ARG_STRING, &pipedrive_client_id,
    "OAuth client id of the Pipedrive app", "ID" },
  { "pipedrive-client-secret", 0, 0, G_OPTION_ARG_STRING, &pipedrive_client_secret,
    "OAuth client secret of the Pipedrive app", "SECRET" },
  { "jobber-client-id", 0, 0, G_OPTION_ARG_STRING, &jobber_client_id,
    "OAuth client id of the Jobber app", "ID" },
  { "jobber-client-secret", 0, 0, G_OPTION_ARG_STRING, &jobber_client_secret,
    "OAuth client secret of the Jobber app (also signs webhooks)", "SECRET" },
  { "salesforce-client-id", 0, 0, G_OPTION_ARG_STRING, &salesforce_client_id,
    "Consumer key of the Salesforce connected app", "ID" },
  { "salesforce-client-secret", 0, 0, G_OPTION_ARG_STRING, &salesforce_client_secret,
    "Consumer secret of the Salesforce connected app (also signs token responses)", "SECRET" },
  { "hubspot-webhook-target", 0, 0, G_OPTION_ARG_STRING, &hubspot_webhook_target,
    "URL that receives HubSpot webhook events", "URL" },
  { "hubspot-webhook-secret", 0, 0, G_OPTION_ARG_STRING, &hubspot_webhook_secret,
    "Secret that signs HubSpot webhooks (default: the client secret)", "SECRET" },
  { "pipedrive-webhook-target", 0, 0, G_OPTION_ARG_STRING, &pipedrive_webhook_target,
    "URL that receives every Pipedrive webhook event", "URL" },
  { "pipedrive-webhook-auth", 0, 0, G_OPTION_ARG_STRING, &pipedrive_webhook_auth,
    "HTTP Basic credentials sent with Pipedrive webhooks", "USER:PASSWORD" },
  { "static-token", 't', 0, G_OPTION_ARG_STRING_ARRAY, &static_tokens,
    "Register a static token: HubSpot private app, Pipedrive API, Jobber or Salesforce "
    "(repeatable)",
    "PROVIDER:TOKEN" },
  { "generate", 'g', 0, G_OPTION_ARG_STRING_ARRAY, &generate,
    "Seed synthetic records, e.g. hubspot:contacts:500 (repeatable)", "PROVIDER:OBJECT:COUNT" },
  { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, "Log every request on stderr", NULL },
  { NULL }
};

static gboolean
on_signal_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);

  return G_SOURCE_REMOVE;
}

static gboolean
split_pair (const char  *text,
            guint        parts,
            char      ***out,
            GError     **error)
{
  *out = g_strsplit (text, ":", parts);
  if (g_strv_length (*out) == parts)
    return TRUE;

  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               "“%s” must have %u parts separated by “:”", text, parts);
  g_clear_pointer (out, g_strfreev);
  return FALSE;
}

static gboolean
set_clock (FcSim       *sim,
           const char  *time,
           GError     **error)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *body = NULL;
  g_autofree char *answer = NULL;
  guint status = 0;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "now");
  json_builder_add_string_value (builder, time);
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  body = json_to_string (node, FALSE);
  answer = fc_sim_control (sim, "POST", "/clock", body, &status);
  if (status != 200)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--clock: %s", answer);
      return FALSE;
    }

  return TRUE;
}

static gboolean
configure (FcSim   *sim,
           GError **error)
{
  if (seed >= 0)
    fc_sim_set_seed (sim, (guint32) seed);
  if (token_lifetime >= 0)
    fc_sim_set_token_lifetime (sim, NULL, (guint) token_lifetime);
  if (no_rate_limits)
    fc_sim_set_rate_limits_enabled (sim, NULL, FALSE);
  if (frozen_clock)
    fc_sim_set_clock_frozen (sim, TRUE);
  if (clock_start != NULL && !set_clock (sim, clock_start, error))
    return FALSE;
  fc_sim_set_verbose (sim, verbose);

  if (!fc_sim_set_client (sim, "hubspot", hubspot_client_id, hubspot_client_secret, error)
      || !fc_sim_set_client (sim, "pipedrive", pipedrive_client_id, pipedrive_client_secret,
                             error)
      || !fc_sim_set_client (sim, "jobber", jobber_client_id, jobber_client_secret, error)
      || !fc_sim_set_client (sim, "salesforce", salesforce_client_id, salesforce_client_secret,
                             error))
    return FALSE;

  for (guint i = 0; static_tokens != NULL && static_tokens[i] != NULL; i++)
    {
      g_auto (GStrv) parts = NULL;

      if (!split_pair (static_tokens[i], 2, &parts, error)
          || !fc_sim_add_static_token (sim, parts[0], parts[1], error))
        return FALSE;
    }

  for (guint i = 0; generate != NULL && generate[i] != NULL; i++)
    {
      g_auto (GStrv) parts = NULL;
      guint64 count;

      if (!split_pair (generate[i], 3, &parts, error)
          || !g_ascii_string_to_unsigned (parts[2], 10, 0, 1000000, &count, error)
          || !fc_sim_seed_generated (sim, parts[0], parts[1], (guint) count, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
configure_webhooks (FcSim   *sim,
                    GError **error)
{
  if (hubspot_webhook_target != NULL
      && !fc_sim_set_webhook_target (sim, "hubspot", hubspot_webhook_target,
                                     hubspot_webhook_secret, error))
    return FALSE;
  if (pipedrive_webhook_target != NULL
      && !fc_sim_set_webhook_target (sim, "pipedrive", pipedrive_webhook_target,
                                     pipedrive_webhook_auth, error))
    return FALSE;

  return TRUE;
}

static void
print_layout (FcSim *sim)
{
  g_auto (GStrv) providers = fc_sim_list_providers (sim);

  printf ("FC_SIM_URL=%s\n", fc_sim_get_base_url (sim));
  for (guint i = 0; providers[i] != NULL; i++)
    {
      g_autofree char *name = g_ascii_strup (providers[i], -1);
      g_autofree char *api = fc_sim_get_api_base_url (sim, providers[i]);
      g_autofree char *auth = fc_sim_get_auth_base_url (sim, providers[i]);

      printf ("FC_SIM_%s_API=%s\n", name, api);
      printf ("FC_SIM_%s_AUTH=%s\n", name, auth);
      printf ("FC_SIM_%s_CLIENT_ID=%s\n", name, fc_sim_get_client_id (sim, providers[i]));
      printf ("FC_SIM_%s_CLIENT_SECRET=%s\n", name, fc_sim_get_client_secret (sim, providers[i]));
    }
  fflush (stdout);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (FcSim) sim = NULL;
  g_autoptr (GMainLoop) loop = NULL;

  context = g_option_context_new ("- imitate the HubSpot and Pipedrive APIs on loopback");
  g_option_context_set_summary (context,
                                "Serves the simulated providers on 127.0.0.1 and prints its "
                                "base URL as the first line,\nFC_SIM_URL=http://127.0.0.1:PORT. "
                                "Stop it with SIGINT or SIGTERM.\nSee tests/sim/README.md for "
                                "the URL layout and the control API.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("fc-provider-sim: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (port < 0 || port > 65535)
    {
      g_printerr ("fc-provider-sim: --port must be from 0 to 65535, not %d\n", port);
      return EXIT_FAILURE;
    }

  sim = fc_sim_new ();
  if (!configure (sim, &error) || !fc_sim_start (sim, (guint) port, &error)
      || !configure_webhooks (sim, &error))
    {
      g_printerr ("fc-provider-sim: %s\n", error->message);
      return EXIT_FAILURE;
    }

  print_layout (sim);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, on_signal_cb, loop);
  g_unix_signal_add (SIGTERM, on_signal_cb, loop);
  g_main_loop_run (loop);

  fc_sim_stop (sim);
  g_printerr ("fc-provider-sim: stopped\n");

  return EXIT_SUCCESS;
}
