/* fc-cli.c: fluxcascade-cli, the command-line face of the engine
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-cli"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "fc-cli-private.h"
#include "fc-secrets.h"
#include "fc-store.h"

static char *data_dir_option;

static int run_version (const FcCliCommand *command, int argc, char **argv);

static const FcCliCommand top_commands[] = {
  { "version", "", N_("Print the version of FluxCascade"), run_version, NULL },
  { "transform", N_("NAME VALUE…"), N_("Apply a transform to values and print the result"),
    fc_cli_transform, NULL },
  { "connections", N_("COMMAND"), N_("List, add and remove connected accounts"), NULL,
    fc_cli_connections_commands },
  { "mappings", N_("COMMAND"), N_("List, show, remove, export and import mappings"), NULL,
    fc_cli_mappings_commands },
  { "sync", N_("MAPPING"), N_("Run a mapping once, or show its plan with --dry-run"),
    fc_cli_sync, NULL },
  { "log", "", N_("List the sync runs, or what one run did"), fc_cli_log, NULL },
  { "conflicts", N_("COMMAND"), N_("List and settle conflicts"), NULL,
    fc_cli_conflicts_commands },
  { "serve", "", N_("Run schedules, the webhook listener and outbound webhooks until stopped"),
    fc_cli_serve, NULL },
  { "endpoints", N_("COMMAND"), N_("Add, list and remove endpoints for FluxCascade’s events"),
    NULL, fc_cli_endpoints_commands },
  { "deliveries", N_("COMMAND"), N_("List and retry the deliveries of events to endpoints"),
    NULL, fc_cli_deliveries_commands },
  { "webhooks", N_("COMMAND"), N_("Show the webhook listener’s URLs and the events received"),
    NULL, fc_cli_webhooks_commands },
  { NULL }
};

static const GOptionEntry common_entries[] = {
  { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir_option,
    N_("Keep FluxCascade’s data in DIR instead of the user data folder"), N_("DIR") },
  { NULL }
};

static void
print_command_list (FILE               *out,
                    const char         *prefix,
                    const FcCliCommand *commands)
{
  fprintf (out, _("Usage: %s [--data-dir DIR] COMMAND [OPTION…]\n\n"), prefix);
  fprintf (out, "%s\n", _("Commands:"));
  for (const FcCliCommand *c = commands; c->name != NULL; c++)
    fprintf (out, "  %-13s %s\n", c->name, _(c->summary));
  fprintf (out, "\n%s\n", _("Run a command with --help to see its options."));
}

GOptionContext *
fc_cli_option_context_new (const FcCliCommand *command,
                           const GOptionEntry *entries)
{
  GOptionContext *context = g_option_context_new (_(command->parameters));

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _(command->summary));
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, common_entries, GETTEXT_PACKAGE);

  return context;
}

/* Parses the options of one command. On bad options, says why on one line and returns FALSE. */
gboolean
fc_cli_parse (GOptionContext *context,
              int            *argc,
              char         ***argv)
{
  g_autoptr (GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("%s: %s (%s)\n", g_get_prgname (), error->message, _("see --help"));
      return FALSE;
    }

  return TRUE;
}

int
fc_cli_usage_error (const FcCliCommand *command,
                    const char         *format,
                    ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("%s: %s\n", g_get_prgname (), message);
  return FC_CLI_EXIT_USAGE;
}

/* Reports @error (taking it) on one line and returns the failure status. */
int
fc_cli_fail (GError *error)
{
  g_printerr ("%s: %s\n", g_get_prgname (), error->message);
  g_error_free (error);
  return FC_CLI_EXIT_FAILED;
}

FcEngine *
fc_cli_open_engine (GError **error)
{
  return fc_engine_new (data_dir_option, error);
}

void
fc_cli_on_ready (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

GAsyncResult *
fc_cli_wait (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

void
fc_cli_print_json (JsonNode *node)
{
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

static int
run_version (const FcCliCommand *command,
             int                 argc,
             char              **argv)
{
  g_autoptr (GOptionContext) context = fc_cli_option_context_new (command, NULL);

  if (!fc_cli_parse (context, &argc, &argv))
    return FC_CLI_EXIT_USAGE;
  if (argc > 1)
    return fc_cli_usage_error (command, _("“version” takes no arguments"));

  g_print ("fluxcascade-cli %s (store schema %d)\n", PACKAGE_VERSION, FC_STORE_SCHEMA_VERSION);
  return FC_CLI_EXIT_OK;
}

static const FcCliCommand *
find_command (const FcCliCommand *commands,
              const char         *name)
{
  for (const FcCliCommand *c = commands; c->name != NULL; c++)
    if (g_strcmp0 (c->name, name) == 0)
      return c;
  return NULL;
}

/* Consumes the global options that may stand before the command. Returns the index of the
 * command word, argc when there is none, or -1 after reporting a bad option. */
static int
parse_leading_options (int    argc,
                       char **argv,
                       gboolean *want_help)
{
  int i;

  for (i = 1; i < argc; i++)
    {
      const char *arg = argv[i];

      if (g_str_equal (arg, "--help") || g_str_equal (arg, "-h"))
        *want_help = TRUE;
      else if (g_str_equal (arg, "--version"))
        return find_command (top_commands, "version") != NULL ? -2 : -1;
      else if (g_str_equal (arg, "--data-dir"))
        {
          if (i + 1 >= argc)
            {
              g_printerr ("fluxcascade-cli: %s\n", _("--data-dir needs a folder"));
              return -1;
            }
          g_free (data_dir_option);
          data_dir_option = g_strdup (argv[++i]);
        }
      else if (g_str_has_prefix (arg, "--data-dir="))
        {
          g_free (data_dir_option);
          data_dir_option = g_strdup (arg + strlen ("--data-dir="));
        }
      else if (arg[0] == '-')
        {
          g_printerr ("fluxcascade-cli: %s\n", _("unknown option before the command; see --help"));
          g_printerr ("  %s\n", arg);
          return -1;
        }
      else
        return i;
    }

  return i;
}

int
main (int    argc,
      char **argv)
{
  const FcCliCommand *table = top_commands;
  const FcCliCommand *command = NULL;
  g_autofree char *prgname = NULL;
  gboolean want_help = FALSE;
  int index;

  fc_secrets_protect_process ();
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  index = parse_leading_options (argc, argv, &want_help);
  if (index == -2)
    {
      g_print ("fluxcascade-cli %s\n", PACKAGE_VERSION);
      return FC_CLI_EXIT_OK;
    }
  if (index < 0)
    return FC_CLI_EXIT_USAGE;

  prgname = g_strdup ("fluxcascade-cli");
  while (index < argc)
    {
      command = find_command (table, argv[index]);
      if (command == NULL)
        {
          g_printerr ("%s: %s “%s” (%s)\n", prgname, _("unknown command"), argv[index],
                      _("see --help"));
          return FC_CLI_EXIT_USAGE;
        }

      {
        char *longer = g_strconcat (prgname, " ", command->name, NULL);
        g_free (prgname);
        prgname = longer;
      }
      if (command->subcommands == NULL)
        break;

      /* A group such as "mappings": the next word picks the command. */
      table = command->subcommands;
      command = NULL;
      index++;
      if (index < argc && (g_str_equal (argv[index], "--help") || g_str_equal (argv[index], "-h")))
        want_help = TRUE;
      if (want_help || index >= argc)
        break;
    }

  if (command == NULL)
    {
      print_command_list (want_help ? stdout : stderr, prgname, table);
      return want_help ? FC_CLI_EXIT_OK : FC_CLI_EXIT_USAGE;
    }

  g_set_prgname (prgname);
  if (want_help)
    {
      /* "fluxcascade-cli --help transform" reads as help for that command. */
      char *help_argv[] = { argv[index], (char *) "--help", NULL };
      char **help_args = help_argv;
      return command->handler (command, 2, help_args);
    }

  return command->handler (command, argc - index, argv + index);
}
