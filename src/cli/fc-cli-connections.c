/* fc-cli-connections.c: "fluxcascade-cli connections …", the accounts FluxCascade may use
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "fc-cli-private.h"
#include "fc-enum-types.h"

static int run_list   (const FcCliCommand *command, int argc, char **argv);
static int run_add    (const FcCliCommand *command, int argc, char **argv);
static int run_remove (const FcCliCommand *command, int argc, char **argv);
static int run_fields (const FcCliCommand *command, int argc, char **argv);

const FcCliCommand fc_cli_connections_commands[] = {
  { "list", "", N_("List the connected accounts"), run_list, NULL },
  { "add", N_("PROVIDER"), N_("Connect an account of hubspot, jobber, pipedrive or salesforce"),
    run_add, NULL },
  { "remove", N_("CONNECTION"), N_("Remove a connection and its token"), run_remove, NULL },
  { "fields", N_("CONNECTION OBJECT"), N_("List the fields of an object type, from the provider"),
    run_fields, NULL },
  { NULL }
};

/* Runs the main loop until *@result is set by an async callback. */
static FcConnection *
find_connection (FcEngine    *engine,
                 const char  *id,
                 int         *status)
{
  FcConnection *connection = fc_engine_lookup_connection (engine, id);

  if (connection == NULL)
    {
      g_autofree char *message =
        g_strdup_printf (_("There is no connection with the id “%s” (see “connections list”)."),
                         id);

      g_printerr ("%s: %s\n", g_get_prgname (), message);
      *status = FC_CLI_EXIT_USAGE;
    }
  return connection;
}

static JsonNode *
connection_to_json (FcConnection *connection)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autofree char *created = NULL;
  const char *value;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, fc_connection_get_id (connection));
  json_builder_set_member_name (builder, "provider");
  json_builder_add_string_value (builder,
                                 fc_enum_to_nick (FC_TYPE_PROVIDER,
                                                  fc_connection_get_provider (connection)));
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder,
                                 fc_enum_to_nick (FC_TYPE_CONNECTION_STATUS,
                                                  fc_connection_get_status (connection)));
  json_builder_set_member_name (builder, "accountName");
  json_builder_add_string_value (builder, fc_connection_get_account_name (connection));
  json_builder_set_member_name (builder, "accountId");
  json_builder_add_string_value (builder, fc_connection_get_account_id (connection));
  if ((value = fc_connection_get_api_base_url (connection)) != NULL)
    {
      json_builder_set_member_name (builder, "apiUrl");
      json_builder_add_string_value (builder, value);
    }
  if ((value = fc_connection_get_auth_base_url (connection)) != NULL)
    {
      json_builder_set_member_name (builder, "authUrl");
      json_builder_add_string_value (builder, value);
    }
  if (fc_connection_get_created_at (connection) != NULL)
    {
      created = g_date_time_format_iso8601 (fc_connection_get_created_at (connection));
      json_builder_set_member_name (builder, "createdAt");
      json_builder_add_string_value (builder, created);
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
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
  GListModel *connections;

  if (!fc_cli_parse (context, &argc, &argv))
    return FC_CLI_EXIT_USAGE;
  if (argc > 1)
    return fc_cli_usage_error (command, _("“list” takes no arguments"));
  if ((engine = fc_cli_open_engine (&error)) == NULL)
    return fc_cli_fail (g_steal_pointer (&error));

  connections = fc_engine_get_connections (engine);
  if (!as_json && g_list_model_get_n_items (connections) == 0)
    g_print ("%s\n", _("No connections yet. Add one with “fluxcascade-cli connections add”."));

  for (guint i = 0; i < g_list_model_get_n_items (connections); i++)
    {
      g_autoptr (FcConnection) connection = g_list_model_get_item (connections, i);

      if (as_json)
        json_array_add_element (array, connection_to_json (connection));
      else
        g_print ("%s  %-10s  %-8s  %s%s%s%s\n", fc_connection_get_id (connection),
                 fc_provider_get_display_name (fc_connection_get_provider (connection)),
                 fc_enum_to_nick (FC_TYPE_CONNECTION_STATUS,
                                  fc_connection_get_status (connection)),
                 fc_connection_get_account_name (connection) != NULL
                   ? fc_connection_get_account_name (connection) : "",
                 fc_connection_get_account_id (connection) != NULL ? " (" : "",
                 fc_connection_get_account_id (connection) != NULL
                   ? fc_connection_get_account_id (connection) : "",
                 fc_connection_get_account_id (connection) != NULL ? ")" : "");
    }

  if (as_json)
    {
      g_autoptr (JsonNode) root = json_node_init_array (json_node_alloc (), array);
      fc_cli_print_json (root);
    }
  return FC_CLI_EXIT_OK;
}

/* The browser step of OAuth from a terminal: say where to go, and try to open it. */
static gboolean
open_in_browser (const char  *uri,
                 gpointer     user_data,
                 GError     **error)
{
  g_autoptr (GError) launch_error = NULL;

  g_printerr ("%s\n  %s\n", _("Open this address in your web browser to allow FluxCascade:"), uri);
  if (g_getenv ("FLUXCASCADE_NO_BROWSER") == NULL &&
      !g_app_info_launch_default_for_uri (uri, NULL, &launch_error))
    g_debug ("No browser opened: %s", launch_error->message);
  return TRUE;
}

/* The places in the original arguments that hold a --token or --client-secret value, to wipe
 * them once it is read: the process list shows those bytes for as long as the process runs. */
static GPtrArray *
find_token_arguments (int    argc,
                      char **argv)
{
  static const char * const options[] = { "--token", "--client-secret" };
  GPtrArray *places = g_ptr_array_new ();

  for (int i = 1; i < argc; i++)
    for (guint j = 0; j < G_N_ELEMENTS (options); j++)
      {
        gsize length = strlen (options[j]);

        if (g_str_equal (argv[i], options[j]) && i + 1 < argc)
          g_ptr_array_add (places, argv[++i]);
        else if (g_str_has_prefix (argv[i], options[j]) && argv[i][length] == '=')
          g_ptr_array_add (places, argv[i] + length + 1);
        else
          continue;
        break;
      }
  return places;
}

static void
wipe_token_arguments (GPtrArray *places)
{
  for (guint i = 0; i < places->len; i++)
    {
      char *value = g_ptr_array_index (places, i);

      if (g_strcmp0 (value, "-") != 0)
        memset (value, 'x', strlen (value));
    }
}

/* A token (or client secret) given as "-" is read from standard input, so that it never shows
 * in the process list. */
static char *
take_token (const char *argument)
{
  char line[8192];
  char *token;

  if (g_strcmp0 (argument, "-") != 0)
    return g_strdup (argument);

  if (fgets (line, sizeof line, stdin) == NULL)
    return NULL;
  token = g_strstrip (g_strdup (line));
  memset (line, 0, sizeof line);
  return token;
}

static int
run_add (const FcCliCommand *command,
         int                 argc,
         char              **argv)
{
  g_autofree char *token_argument = NULL;
  g_autoptr (GPtrArray) token_places = find_token_arguments (argc, argv);
  gboolean oauth = FALSE;
  g_autofree char *name = NULL;
  g_autofree char *api_url = NULL;
  g_autofree char *auth_url = NULL;
  g_autofree char *client_id = NULL;
  g_autofree char *client_secret_argument = NULL;
  g_autofree char *client_secret = NULL;
  const GOptionEntry entries[] = {
    { "token", 0, 0, G_OPTION_ARG_STRING, &token_argument,
      N_("Connect with an API token (HubSpot private app, Pipedrive personal token); "
         "- reads it from standard input"), N_("TOKEN") },
    { "oauth", 0, 0, G_OPTION_ARG_NONE, &oauth, N_("Sign in through the web browser"), NULL },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name,
      N_("The name to show for the account instead of the provider’s"), N_("NAME") },
    { "api-url", 0, 0, G_OPTION_ARG_STRING, &api_url,
      N_("Use another address for the provider’s API (e.g. the simulator)"), N_("URL") },
    { "auth-url", 0, 0, G_OPTION_ARG_STRING, &auth_url,
      N_("Use another address for the provider’s sign-in pages"), N_("URL") },
    { "client-id", 0, 0, G_OPTION_ARG_STRING, &client_id,
      N_("With --oauth: the client id of your own app at the provider"), N_("ID") },
    { "client-secret", 0, 0, G_OPTION_ARG_STRING, &client_secret_argument,
      N_("With --oauth: the client secret of your own app at the provider; - reads it from "
         "standard input"), N_("SECRET") },
    { NULL }
  };
  g_autoptr (GOptionContext) context = fc_cli_option_context_new (command, entries);
  g_autoptr (FcEngine) engine = NULL;
  g_autoptr (FcConnection) connection = NULL;
  g_autoptr (FcConnection) added = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *title = NULL;
  int provider;

  g_option_context_set_description (context,
    _("Give either --token or --oauth. The token is kept in the system keyring, never in "
      "FluxCascade’s files. Give secrets as “-” and type or pipe them (--token -, "
      "--client-secret -): other users can read a program’s arguments while it runs. The "
      "environment variables FLUXCASCADE_<PROVIDER>_API_URL and "
      "FLUXCASCADE_<PROVIDER>_AUTH_URL also set the addresses."));
  if (!fc_cli_parse (context, &argc, &argv))
    return FC_CLI_EXIT_USAGE;
  wipe_token_arguments (token_places);
  if (argc != 2)
    return fc_cli_usage_error (command,
                               _("name one provider: hubspot, jobber, pipedrive or salesforce"));
  if (!fc_enum_from_nick (FC_TYPE_PROVIDER, argv[1], &provider))
    {
      g_autofree char *known = fc_enum_list_nicks (FC_TYPE_PROVIDER);
      return fc_cli_usage_error (command, _("unknown provider “%s” (known: %s)"), argv[1], known);
    }
  if ((token_argument != NULL) == oauth)
    return fc_cli_usage_error (command, _("give either --token or --oauth"));
  if ((client_id != NULL || client_secret_argument != NULL) && !oauth)
    return fc_cli_usage_error (command, _("--client-id and --client-secret go with --oauth"));
  if (client_secret_argument != NULL)
    {
      client_secret = take_token (client_secret_argument);
      memset (client_secret_argument, 0, strlen (client_secret_argument));
      if (client_secret == NULL)
        return fc_cli_usage_error (command, _("no client secret on standard input"));
    }
  if (token_argument != NULL)
    {
      token = take_token (token_argument);
      memset (token_argument, 0, strlen (token_argument));
      if (token == NULL)
        return fc_cli_usage_error (command, _("no token on standard input"));
    }
  if (token != NULL && *token == '\0')
    return fc_cli_usage_error (command, _("the token is empty"));
  if ((engine = fc_cli_open_engine (&error)) == NULL)
    return fc_cli_fail (g_steal_pointer (&error));

  connection = fc_connection_new (provider);
  if (name != NULL)
    fc_connection_set_account_name (connection, name);
  if (api_url != NULL)
    fc_connection_set_api_base_url (connection, api_url);
  if (auth_url != NULL)
    fc_connection_set_auth_base_url (connection, auth_url);
  if (client_id != NULL || client_secret != NULL)
    fc_auth_set_own_client (fc_engine_get_auth (engine), connection, client_id, client_secret);
  if (client_secret != NULL)
    memset (client_secret, 0, strlen (client_secret));

  fc_engine_add_connection_async (engine, connection, token, oauth ? open_in_browser : NULL, NULL,
                                  NULL, fc_cli_on_ready, &result);
  added = fc_engine_add_connection_finish (engine, fc_cli_wait (&result), &error);
  /* A token for a provider without them, or no OAuth client: the command line must change. */
  if (g_error_matches (error, FC_AUTH_ERROR, FC_AUTH_ERROR_CONFIG))
    return fc_cli_usage_error (command, "%s", error->message);
  if (added == NULL)
    return fc_cli_fail (g_steal_pointer (&error));

  title = fc_connection_dup_title (added);
  g_print (_("Connected %s as %s.\n"), title, fc_connection_get_id (added));
  return FC_CLI_EXIT_OK;
}

static int
run_remove (const FcCliCommand *command,
            int                 argc,
            char              **argv)
{
  gboolean with_mappings = FALSE;
  const GOptionEntry entries[] = {
    { "with-mappings", 0, 0, G_OPTION_ARG_NONE, &with_mappings,
      N_("Also remove the mappings that use the connection"), NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = fc_cli_option_context_new (command, entries);
  g_autoptr (FcEngine) engine = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *title = NULL;
  FcConnection *connection;
  int status = FC_CLI_EXIT_OK;

  if (!fc_cli_parse (context, &argc, &argv))
    return FC_CLI_EXIT_USAGE;
  if (argc != 2)
    return fc_cli_usage_error (command, _("name one connection by its id"));
  if ((engine = fc_cli_open_engine (&error)) == NULL)
    return fc_cli_fail (g_steal_pointer (&error));
  if ((connection = find_connection (engine, argv[1], &status)) == NULL)
    return status;

  title = fc_connection_dup_title (connection);
  fc_engine_delete_connection_async (engine, argv[1], with_mappings, NULL, fc_cli_on_ready,
                                     &result);
  if (!fc_engine_delete_connection_finish (engine, fc_cli_wait (&result), &error))
    {
      if (g_error_matches (error, FC_ENGINE_ERROR, FC_ENGINE_ERROR_IN_USE))
        return fc_cli_usage_error (command, "%s", error->message);
      return fc_cli_fail (g_steal_pointer (&error));
    }

  g_print (_("Removed the connection to %s.\n"), title);
  return FC_CLI_EXIT_OK;
}

static int
run_fields (const FcCliCommand *command,
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
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GListModel) fields = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonArray) array = json_array_new ();
  FcConnection *connection;
  FcConnector *connector;
  int status = FC_CLI_EXIT_OK;

  if (!fc_cli_parse (context, &argc, &argv))
    return FC_CLI_EXIT_USAGE;
  if (argc != 3)
    return fc_cli_usage_error (command, _("name a connection and an object type, e.g. contacts"));
  if ((engine = fc_cli_open_engine (&error)) == NULL)
    return fc_cli_fail (g_steal_pointer (&error));
  if ((connection = find_connection (engine, argv[1], &status)) == NULL)
    return status;
  if ((connector = fc_engine_get_connector (engine, connection, &error)) == NULL)
    return fc_cli_fail (g_steal_pointer (&error));

  fc_connector_list_fields_async (connector, argv[2], NULL, fc_cli_on_ready, &result);
  fields = fc_connector_list_fields_finish (connector, fc_cli_wait (&result), &error);
  if (fields == NULL)
    {
      if (g_error_matches (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_UNSUPPORTED))
        return fc_cli_usage_error (command, "%s", error->message);
      return fc_cli_fail (g_steal_pointer (&error));
    }

  for (guint i = 0; i < g_list_model_get_n_items (fields); i++)
    {
      g_autoptr (FcFieldInfo) field = g_list_model_get_item (fields, i);

      if (as_json)
        {
          JsonObject *object = json_object_new ();
          JsonArray *options = json_array_new ();

          json_object_set_string_member (object, "name", fc_field_info_get_name (field));
          json_object_set_string_member (object, "label", fc_field_info_get_label (field));
          json_object_set_string_member (object, "type", fc_field_info_get_field_type (field));
          json_object_set_boolean_member (object, "readOnly", fc_field_info_get_read_only (field));
          json_object_set_boolean_member (object, "unique", fc_field_info_get_unique (field));
          json_object_set_boolean_member (object, "custom", fc_field_info_get_custom (field));
          for (guint o = 0; o < fc_field_info_get_n_options (field); o++)
            {
              JsonObject *option = json_object_new ();

              json_object_set_string_member (option, "value",
                                             fc_field_info_get_option_value (field, o));
              json_object_set_string_member (option, "label",
                                             fc_field_info_get_option_label (field, o));
              json_array_add_object_element (options, option);
            }
          json_object_set_array_member (object, "options", options);
          json_array_add_object_element (array, object);
        }
      else
        g_print ("%-40s %-28s %-12s%s%s\n", fc_field_info_get_name (field),
                 fc_field_info_get_label (field), fc_field_info_get_field_type (field),
                 fc_field_info_get_read_only (field) ? _(" read-only") : "",
                 fc_field_info_get_unique (field) ? _(" unique") : "");
    }

  if (as_json)
    {
      g_autoptr (JsonNode) root = json_node_init_array (json_node_alloc (), array);
      fc_cli_print_json (root);
    }
  return FC_CLI_EXIT_OK;
}
