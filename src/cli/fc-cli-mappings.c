/* fc-cli-mappings.c: "fluxcascade-cli mappings …", the mappings in the store
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-cli"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "fc-cli-private.h"
#include "fc-enum-types.h"
#include "fc-mapping-io.h"
#include "fc-store.h"

static int run_list   (const FcCliCommand *command, int argc, char **argv);
static int run_show   (const FcCliCommand *command, int argc, char **argv);
static int run_remove (const FcCliCommand *command, int argc, char **argv);
static int run_export (const FcCliCommand *command, int argc, char **argv);
static int run_import (const FcCliCommand *command, int argc, char **argv);

const FcCliCommand fc_cli_mappings_commands[] = {
  { "list", "", N_("List the mappings"), run_list, NULL },
  { "add", "", N_("Add a mapping"), fc_cli_mappings_add, NULL },
  { "show", N_("MAPPING"), N_("Show one mapping (by id or name) with its field pairs"), run_show,
    NULL },
  { "remove", N_("MAPPING"), N_("Remove a mapping and everything recorded for it"), run_remove,
    NULL },
  { "export", N_("[MAPPING…]"), N_("Write mappings as a JSON file to share (no secrets)"),
    run_export, NULL },
  { "import", N_("FILE"), N_("Add the mappings of an exported JSON file"), run_import, NULL },
  { NULL }
};

static const char *
direction_arrow (FcDirection direction)
{
  switch (direction)
    {
    case FC_DIRECTION_SOURCE_TO_TARGET:
      return "→";
    case FC_DIRECTION_TARGET_TO_SOURCE:
      return "←";
    case FC_DIRECTION_BIDIRECTIONAL:
    default:
      return "↔";
    }
}

/* "HubSpot (Acme Inc) contacts", or the bare id when the connection is gone. */
static char *
describe_side (FcEngine   *engine,
               const char *connection_id,
               const char *object)
{
  FcConnection *connection = fc_engine_lookup_connection (engine, connection_id);
  const char *account;

  if (connection == NULL)
    return g_strdup_printf ("%s %s", connection_id, object);

  account = fc_connection_get_account_name (connection);
  if (account == NULL || *account == '\0')
    account = fc_connection_get_account_id (connection);
  if (account == NULL || *account == '\0')
    return g_strdup_printf ("%s %s",
                            fc_provider_get_display_name (fc_connection_get_provider (connection)),
                            object);

  return g_strdup_printf ("%s (%s) %s",
                          fc_provider_get_display_name (fc_connection_get_provider (connection)),
                          account, object);
}

static FcEngine *
open_engine_or_report (int *status)
{
  g_autoptr (GError) error = NULL;
  FcEngine *engine = fc_cli_open_engine (&error);

  if (engine == NULL)
    *status = fc_cli_fail (g_steal_pointer (&error));
  return engine;
}

static JsonNode *
mapping_to_json (FcEngine  *engine,
                 FcMapping *mapping,
                 GError   **error)
{
  return fc_mapping_io_mapping_to_json (fc_engine_get_store (engine), mapping, error);
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
  g_autoptr (JsonArray) array = NULL;
  GListModel *mappings;
  int status = FC_CLI_EXIT_OK;
  guint n;

  if (!fc_cli_parse (context, &argc, &argv))
    return FC_CLI_EXIT_USAGE;
  if (argc > 1)
    return fc_cli_usage_error (command, _("“list” takes no arguments"));
  if ((engine = open_engine_or_report (&status)) == NULL)
    return status;

  mappings = fc_engine_get_mappings (engine);
  n = g_list_model_get_n_items (mappings);
  array = json_array_new ();

  if (!as_json && n == 0)
    g_print ("%s\n", _("No mappings yet."));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (FcMapping) mapping = g_list_model_get_item (mappings, i);

      if (as_json)
        {
          g_autoptr (GError) error = NULL;
          JsonNode *node = mapping_to_json (engine, mapping, &error);

          if (node == NULL)
            return fc_cli_fail (g_steal_pointer (&error));
          json_array_add_element (array, node);
        }
      else
        {
          g_autofree char *source = describe_side (engine,
                                                   fc_mapping_get_source_connection_id (mapping),
                                                   fc_mapping_get_source_object (mapping));
          g_autofree char *target = describe_side (engine,
                                                   fc_mapping_get_target_connection_id (mapping),
                                                   fc_mapping_get_target_object (mapping));

          g_print ("%s  %s: %s %s %s%s\n", fc_mapping_get_id (mapping),
                   fc_mapping_get_name (mapping), source,
                   direction_arrow (fc_mapping_get_direction (mapping)), target,
                   fc_mapping_get_active (mapping) ? "" : _(" (paused)"));
        }
    }

  if (as_json)
    {
      g_autoptr (JsonNode) root = json_node_init_array (json_node_alloc (), array);
      fc_cli_print_json (root);
    }

  return FC_CLI_EXIT_OK;
}

/* Finds the one mapping named on the command line, reporting a usage problem otherwise. */
static FcMapping *
take_mapping_argument (const FcCliCommand *command,
                       FcEngine           *engine,
                       int                 argc,
                       char              **argv,
                       int                *status)
{
  g_autoptr (GError) error = NULL;
  FcMapping *mapping;

  if (argc != 2)
    {
      *status = fc_cli_usage_error (command, _("name exactly one mapping, by id or by name"));
      return NULL;
    }

  mapping = fc_store_find_mapping (fc_engine_get_store (engine), argv[1], &error);
  if (mapping == NULL)
    *status = fc_cli_fail (g_steal_pointer (&error));
  return mapping;
}

static void
print_mapping (FcEngine  *engine,
               FcMapping *mapping)
{
  g_autofree char *source = describe_side (engine, fc_mapping_get_source_connection_id (mapping),
                                           fc_mapping_get_source_object (mapping));
  g_autofree char *target = describe_side (engine, fc_mapping_get_target_connection_id (mapping),
                                           fc_mapping_get_target_object (mapping));
  g_auto (GStrv) match = fc_mapping_dup_effective_match_rule (mapping);
  g_autofree char *match_text = match != NULL ? g_strjoinv (", ", match) : NULL;
  guint n_pairs = fc_mapping_get_n_field_pairs (mapping);

  g_print ("%s\n", fc_mapping_get_name (mapping));
  g_print ("  %-12s %s\n", _("Id:"), fc_mapping_get_id (mapping));
  g_print ("  %-12s %s\n", _("Source:"), source);
  g_print ("  %-12s %s\n", _("Target:"), target);
  g_print ("  %-12s %s\n", _("Direction:"),
           fc_enum_to_nick (FC_TYPE_DIRECTION, fc_mapping_get_direction (mapping)));
  g_print ("  %-12s %s\n", _("Match on:"),
           match_text != NULL && *match_text != '\0' ? match_text : _("(no match rule)"));
  if (fc_mapping_get_external_id_fields (mapping) != NULL)
    g_print ("  %-12s %s=%s\n", _("External IDs:"),
             fc_mapping_get_external_id_fields (mapping)[0],
             fc_mapping_get_external_id_fields (mapping)[1]);
  g_print ("  %-12s %s\n", _("Conflicts:"),
           fc_enum_to_nick (FC_TYPE_CONFLICT_STRATEGY, fc_mapping_get_conflict_strategy (mapping)));
  g_print ("  %-12s %s\n", _("Deletes:"),
           fc_enum_to_nick (FC_TYPE_DELETE_POLICY, fc_mapping_get_delete_policy (mapping)));
  g_print ("  %-12s %s\n", _("Active:"), fc_mapping_get_active (mapping) ? _("yes") : _("no"));
  g_print ("  %-12s %s\n", _("Real time:"),
           fc_mapping_get_realtime (mapping) ? _("yes") : _("no"));
  if (fc_mapping_get_schedule_minutes (mapping) == 0)
    g_print ("  %-12s %s\n", _("Schedule:"), _("off"));
  else
    g_print ("  %-12s %s %u %s\n", _("Schedule:"), _("every"),
             fc_mapping_get_schedule_minutes (mapping), _("minutes"));

  g_print ("  %s\n", _("Field pairs:"));
  for (guint i = 0; i < n_pairs; i++)
    {
      FcFieldPair *pair = fc_mapping_get_field_pair (mapping, i);
      g_autofree char *sources =
        g_strjoinv (", ", (char **) fc_field_pair_get_source_fields (pair));
      g_autofree char *targets =
        g_strjoinv (", ", (char **) fc_field_pair_get_target_fields (pair));
      const char *transform = fc_field_pair_get_transform (pair);

      g_print ("    %u. %s → %s", i + 1, sources, targets);
      if (transform != NULL && *transform != '\0')
        g_print ("  [%s]", transform);
      g_print ("  (%s%s%s)\n",
               fc_enum_to_nick (FC_TYPE_FIELD_DIRECTION, fc_field_pair_get_direction (pair)),
               fc_field_pair_get_required (pair) ? _(", required") : "",
               fc_field_pair_get_allow_clear (pair) ? _(", may clear") : "");
    }
}

static int
run_show (const FcCliCommand *command,
          int                 argc,
          char              **argv)
{
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON instead of text"), NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = fc_cli_option_context_new (command, entries);
  g_autoptr (FcEngine) engine = NULL;
  g_autoptr (FcMapping) mapping = NULL;
  int status = FC_CLI_EXIT_OK;

  if (!fc_cli_parse (context, &argc, &argv))
    return FC_CLI_EXIT_USAGE;
  if ((engine = open_engine_or_report (&status)) == NULL)
    return status;
  if ((mapping = take_mapping_argument (command, engine, argc, argv, &status)) == NULL)
    return status;

  if (as_json)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (JsonNode) node = mapping_to_json (engine, mapping, &error);

      if (node == NULL)
        return fc_cli_fail (g_steal_pointer (&error));
      fc_cli_print_json (node);
    }
  else
    print_mapping (engine, mapping);

  return FC_CLI_EXIT_OK;
}

static int
run_remove (const FcCliCommand *command,
            int                 argc,
            char              **argv)
{
  g_autoptr (GOptionContext) context = fc_cli_option_context_new (command, NULL);
  g_autoptr (FcEngine) engine = NULL;
  g_autoptr (FcMapping) mapping = NULL;
  g_autoptr (GError) error = NULL;
  int status = FC_CLI_EXIT_OK;

  if (!fc_cli_parse (context, &argc, &argv))
    return FC_CLI_EXIT_USAGE;
  if ((engine = open_engine_or_report (&status)) == NULL)
    return status;
  if ((mapping = take_mapping_argument (command, engine, argc, argv, &status)) == NULL)
    return status;

  if (!fc_engine_remove_mapping (engine, fc_mapping_get_id (mapping), &error))
    return fc_cli_fail (g_steal_pointer (&error));

  g_print (_("Removed mapping “%s” (%s).\n"), fc_mapping_get_name (mapping),
           fc_mapping_get_id (mapping));
  return FC_CLI_EXIT_OK;
}

/* Writes @contents to @path with user-only permissions, or to standard output for "-". */
static gboolean
write_private_file (const char  *path,
                    const char  *contents,
                    GError     **error)
{
  if (g_strcmp0 (path, "-") == 0)
    {
      g_print ("%s\n", contents);
      return TRUE;
    }

  return g_file_set_contents_full (path, contents, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                   error);
}

static int
run_export (const FcCliCommand *command,
            int                 argc,
            char              **argv)
{
  g_autofree char *output = NULL;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write to FILE instead of standard output"), N_("FILE") },
    { NULL }
  };
  g_autoptr (GOptionContext) context = fc_cli_option_context_new (command, entries);
  g_autoptr (FcEngine) engine = NULL;
  g_autoptr (GPtrArray) selected = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *document = NULL;
  int status = FC_CLI_EXIT_OK;

  g_option_context_set_description (context,
    _("Without MAPPING, exports every mapping. Connections are written as provider and account, "
      "never with their tokens, so the file can be imported on another computer."));
  if (!fc_cli_parse (context, &argc, &argv))
    return FC_CLI_EXIT_USAGE;
  if ((engine = open_engine_or_report (&status)) == NULL)
    return status;

  if (argc > 1)
    {
      selected = g_ptr_array_new_with_free_func (g_object_unref);
      for (int i = 1; i < argc; i++)
        {
          FcMapping *mapping = fc_store_find_mapping (fc_engine_get_store (engine), argv[i],
                                                      &error);
          if (mapping == NULL)
            return fc_cli_fail (g_steal_pointer (&error));
          g_ptr_array_add (selected, mapping);
        }
    }

  document = fc_mapping_io_export (fc_engine_get_store (engine), selected, &error);
  if (document == NULL || !write_private_file (output != NULL ? output : "-", document, &error))
    return fc_cli_fail (g_steal_pointer (&error));

  return FC_CLI_EXIT_OK;
}

/* --bind PROVIDER:ACCOUNT=CONNECTION_ID into the table the importer reads. */
static GHashTable *
parse_bindings (char   **binds,
                GError **error)
{
  g_autoptr (GHashTable) table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; binds != NULL && binds[i] != NULL; i++)
    {
      const char *eq = strrchr (binds[i], '=');

      if (eq == NULL || eq == binds[i] || eq[1] == '\0' || strchr (binds[i], ':') == NULL ||
          strchr (binds[i], ':') > eq)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--bind takes PROVIDER:ACCOUNT=CONNECTION_ID, not “%s”"), binds[i]);
          return NULL;
        }
      g_hash_table_insert (table, g_strndup (binds[i], eq - binds[i]), g_strdup (eq + 1));
    }

  return g_steal_pointer (&table);
}

static int
run_import (const FcCliCommand *command,
            int                 argc,
            char              **argv)
{
  g_auto (GStrv) binds = NULL;
  const GOptionEntry entries[] = {
    { "bind", 0, 0, G_OPTION_ARG_STRING_ARRAY, &binds,
      N_("Use connection ID for the account the file names; may be repeated"),
      N_("PROVIDER:ACCOUNT=ID") },
    { NULL }
  };
  g_autoptr (GOptionContext) context = fc_cli_option_context_new (command, entries);
  g_autoptr (FcEngine) engine = NULL;
  g_autoptr (GHashTable) bindings = NULL;
  g_autoptr (GPtrArray) imported = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  int status = FC_CLI_EXIT_OK;

  g_option_context_set_description (context,
    _("Each mapping is bound to the local connection of the same provider and account. A file "
      "with any error changes nothing."));
  if (!fc_cli_parse (context, &argc, &argv))
    return FC_CLI_EXIT_USAGE;
  if (argc != 2)
    return fc_cli_usage_error (command, _("name one file to import"));
  if ((bindings = parse_bindings (binds, &error)) == NULL)
    return fc_cli_usage_error (command, "%s", error->message);
  if (!g_file_get_contents (argv[1], &contents, &length, &error))
    return fc_cli_fail (g_steal_pointer (&error));
  if ((engine = open_engine_or_report (&status)) == NULL)
    return status;

  imported = fc_engine_import_mappings (engine, contents, length, bindings, &error);
  if (imported == NULL)
    {
      g_printerr ("%s: %s: %s\n", g_get_prgname (), argv[1], error->message);
      return FC_CLI_EXIT_USAGE;
    }

  for (guint i = 0; i < imported->len; i++)
    {
      FcMapping *mapping = g_ptr_array_index (imported, i);
      g_print (_("Imported mapping “%s” (%s).\n"), fc_mapping_get_name (mapping),
               fc_mapping_get_id (mapping));
    }

  return FC_CLI_EXIT_OK;
}
