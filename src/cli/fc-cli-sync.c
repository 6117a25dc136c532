/* fc-cli-sync.c: "fluxcascade-cli mappings add", "sync", "log" and "conflicts …"
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-cli"

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "fc-cli-private.h"
#include "fc-enum-types.h"
#include "fc-sync-store.h"

/* sync's status for a run that finished with some records failed */
#define EXIT_PARTIAL 3
/* sync's status for an unattended run the guard held until the user approves it */
#define EXIT_HELD 4

static int run_conflicts_list    (const FcCliCommand *command, int argc, char **argv);
static int run_conflicts_resolve (const FcCliCommand *command, int argc, char **argv);

const FcCliCommand fc_cli_conflicts_commands[] = {
  { "list", "", N_("List the conflicts waiting for a decision"), run_conflicts_list, NULL },
  { "resolve", N_("ID"), N_("Settle a conflict: take the source's value, the target's, or your "
                            "own"), run_conflicts_resolve, NULL },
  { NULL }
};

static FcEngine *
open_engine_or_report (int *status)
{
  g_autoptr (GError) error = NULL;
  FcEngine *engine = fc_cli_open_engine (&error);

  if (engine == NULL)
    *status = fc_cli_fail (g_steal_pointer (&error));
  return engine;
}

/* ---- mappings add ----------------------------------------------------------------------- */

/* CONN is a connection id, a provider name when exactly one connection of it exists, or an
 * account name or id. */
static FcConnection *
find_connection (FcEngine    *engine,
                 const char  *spec,
                 GError     **error)
{
  GListModel *connections = fc_engine_get_connections (engine);
  FcConnection *found = NULL;
  guint matches = 0;
  int provider = -1;

  if (fc_engine_lookup_connection (engine, spec) != NULL)
    return fc_engine_lookup_connection (engine, spec);

  fc_enum_from_nick (FC_TYPE_PROVIDER, spec, &provider);
  for (guint i = 0; i < g_list_model_get_n_items (connections); i++)
    {
      g_autoptr (FcConnection) connection = g_list_model_get_item (connections, i);

      if ((provider >= 0 && (int) fc_connection_get_provider (connection) == provider) ||
          g_strcmp0 (fc_connection_get_account_name (connection), spec) == 0 ||
          g_strcmp0 (fc_connection_get_account_id (connection), spec) == 0)
        {
          found = connection;
          matches++;
        }
    }

  if (matches == 1)
    return found;

  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               matches == 0 ? _("No connection “%s”; see “connections list”")
                            : _("“%s” names several connections; give the connection id"),
               spec);
  return NULL;
}

static gboolean
parse_side (FcEngine     *engine,
            const char   *option,
            const char   *value,
            char        **out_connection_id,
            char        **out_object,
            GError      **error)
{
  const char *colon = value != NULL ? strrchr (value, ':') : NULL;
  g_autofree char *spec = NULL;
  FcConnection *connection;

  if (colon == NULL || colon == value || colon[1] == '\0')
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("%s takes CONNECTION:OBJECT (e.g. hubspot:contacts), not “%s”"), option,
                   value != NULL ? value : "");
      return FALSE;
    }

  spec = g_strndup (value, colon - value);
  connection = find_connection (engine, spec, error);
  if (connection == NULL)
    return FALSE;

  *out_connection_id = g_strdup (fc_connection_get_id (connection));
  *out_object = g_strdup (colon + 1);
  return TRUE;
}

/* The comma-separated field names of one side of a pair, or NULL when one is empty (or the
 * side has none). */
static GStrv
split_fields (const char *text)
{
  g_auto (GStrv) parts = g_strsplit (text, ",", -1);
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  if (parts[0] == NULL)
    return NULL;
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (*parts[i] == '\0')
        return NULL;
      g_strv_builder_add (builder, parts[i]);
    }
  return g_strv_builder_end (builder);
}

/* 'SRC[,SRC]=TGT[,TGT][|transform…][@direction][!][~]': ! required, ~ allow clearing (in
 * either order) */
static FcFieldPair *
parse_pair (const char  *spec,
            GError     **error)
{
  g_autofree char *text = g_strstrip (g_strdup (spec));
  g_auto (GStrv) sources = NULL;
  g_auto (GStrv) targets = NULL;
  g_autofree char *target_text = NULL;
  FcFieldPair *pair;
  gboolean required = FALSE;
  gboolean allow_clear = FALSE;
  int direction = FC_FIELD_DIRECTION_BIDIRECTIONAL;
  char *at;
  char *eq;
  char *bar;
  gsize length = strlen (text);

  while (length > 0 && (text[length - 1] == '!' || text[length - 1] == '~'))
    {
      if (text[length - 1] == '!')
        required = TRUE;
      else
        allow_clear = TRUE;
      text[--length] = '\0';
    }

  at = strrchr (text, '@');
  if (at != NULL && fc_enum_from_nick (FC_TYPE_FIELD_DIRECTION, at + 1, &direction))
    *at = '\0';
  else if (at != NULL && strchr (at, ')') == NULL && strchr (at, '"') == NULL)
    {
      g_autofree char *nicks = fc_enum_list_nicks (FC_TYPE_FIELD_DIRECTION);

      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--pair “%s”: unknown direction “%s” (expected %s)"), spec, at + 1, nicks);
      return NULL;
    }

  eq = strchr (text, '=');
  if (eq == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--pair “%s”: expected SOURCE=TARGET[|transform][@direction][!][~]"), spec);
      return NULL;
    }
  *eq = '\0';
  bar = strchr (eq + 1, '|');
  target_text = bar != NULL ? g_strndup (eq + 1, bar - (eq + 1)) : g_strdup (eq + 1);
  if (strchr (target_text, '=') != NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--pair “%s”: more than one “=” before the transforms; expected "
                     "SOURCE=TARGET"), spec);
      return NULL;
    }
  if (bar != NULL)
    g_strstrip (bar + 1);
  if (bar != NULL && bar[1] == '\0')
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--pair “%s”: no transform after “|”; name one (e.g. trim) or leave "
                     "out the “|”"), spec);
      return NULL;
    }

  sources = split_fields (text);
  targets = split_fields (target_text);
  if (sources == NULL || targets == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--pair “%s”: a field name is empty"), spec);
      return NULL;
    }

  pair = fc_field_pair_new ((const char * const *) sources, (const char * const *) targets);
  if (bar != NULL)
    fc_field_pair_set_transform (pair, bar + 1);
  fc_field_pair_set_direction (pair, direction);
  fc_field_pair_set_required (pair, required);
  fc_field_pair_set_allow_clear (pair, allow_clear);
  return pair;
}

/* The names and labels (the connectors take custom fields by label) of the fields of @object,
 * case-folded, or NULL with @error set when the provider cannot list them. */
static GHashTable *
read_field_names (FcEngine    *engine,
                  const char  *connection_id,
                  const char  *object,
                  GError     **error)
{
  FcConnection *connection = fc_engine_lookup_connection (engine, connection_id);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GListModel) fields = NULL;
  FcConnector *connector;
  GHashTable *names;

  connector = fc_engine_get_connector (engine, connection, error);
  if (connector == NULL)
    return NULL;
  fc_connector_list_fields_async (connector, object, NULL, fc_cli_on_ready, &result);
  fields = fc_connector_list_fields_finish (connector, fc_cli_wait (&result), error);
  if (fields == NULL)
    return NULL;

  names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < g_list_model_get_n_items (fields); i++)
    {
      g_autoptr (FcFieldInfo) field = g_list_model_get_item (fields, i);
      const char *label = fc_field_info_get_label (field);

      g_hash_table_add (names, g_utf8_casefold (fc_field_info_get_name (field), -1));
      if (label != NULL)
        g_hash_table_add (names, g_utf8_casefold (label, -1));
    }
  return names;
}

/* The first of @fields that @names (NULL: not known) lacks, or NULL. */
static const char *
find_unknown_field (GHashTable         *names,
                    const char * const *fields)
{
  for (guint i = 0; names != NULL && fields != NULL && fields[i] != NULL; i++)
    {
      g_autofree char *folded = g_utf8_casefold (fields[i], -1);

      if (!g_hash_table_contains (names, folded))
        return fields[i];
    }
  return NULL;
}

/* "Pipedrive persons": a side of a mapping, as the messages below name it. */
static char *
describe_object (FcEngine   *engine,
                 const char *connection_id,
                 const char *object)
{
  FcConnection *connection = fc_engine_lookup_connection (engine, connection_id);

  return g_strdup_printf ("%s %s",
                          fc_provider_get_display_name (fc_connection_get_provider (connection)),
                          object);
}

/* The field names of one side for check_field_names(): NULL and TRUE when its catalogue cannot
 * be read (a warning says so), NULL and FALSE with @error set when the provider lacks the
 * object type. */
static gboolean
read_side (FcEngine     *engine,
           const char   *option,
           const char   *connection_id,
           const char   *object,
           GHashTable  **out_names,
           GError      **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autofree char *described = NULL;

  *out_names = read_field_names (engine, connection_id, object, &local_error);
  if (*out_names != NULL)
    return TRUE;
  if (g_error_matches (local_error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_UNSUPPORTED))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "%s: %s", option,
                   local_error->message);
      return FALSE;
    }

  described = describe_object (engine, connection_id, object);
  g_printerr (_("%s: warning: the field names of %s were not checked: %s\n"), g_get_prgname (),
              described, local_error->message);
  return TRUE;
}

/* Fails naming the first of @source_fields and @target_fields that the side's catalogue in
 * @names (NULL: not read) lacks; @option and @spec are the argument that named it. */
static gboolean
check_fields (FcEngine            *engine,
              FcMapping           *mapping,
              GHashTable         **names,
              const char          *option,
              const char          *spec,
              const char * const  *source_fields,
              const char * const  *target_fields,
              GError             **error)
{
  const char *source = find_unknown_field (names[0], source_fields);
  const char *target = find_unknown_field (names[1], target_fields);
  g_autofree char *described = NULL;

  if (source == NULL && target == NULL)
    return TRUE;

  described = source != NULL
              ? describe_object (engine, fc_mapping_get_source_connection_id (mapping),
                                 fc_mapping_get_source_object (mapping))
              : describe_object (engine, fc_mapping_get_target_connection_id (mapping),
                                 fc_mapping_get_target_object (mapping));
  /* Translators: the first %s is an option (--pair or --match), the second what it was given */
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("%s “%s”: %s has no field “%s” (“connections fields” lists them)"),
               option, spec, described, source != NULL ? source : target);
  return FALSE;
}

/* Checks the fields that the pairs and the --match entries name against the providers'
 * catalogues. */
static gboolean
check_field_names (FcEngine    *engine,
                   FcMapping   *mapping,
                   char       **pair_specs,
                   char       **match_specs,
                   GError     **error)
{
  const char * const *rule = fc_mapping_get_match_rule (mapping);
  g_autoptr (GHashTable) source_names = NULL;
  g_autoptr (GHashTable) target_names = NULL;
  GHashTable *names[2];

  if (!read_side (engine, "--from", fc_mapping_get_source_connection_id (mapping),
                  fc_mapping_get_source_object (mapping), &source_names, error) ||
      !read_side (engine, "--to", fc_mapping_get_target_connection_id (mapping),
                  fc_mapping_get_target_object (mapping), &target_names, error))
    return FALSE;
  names[0] = source_names;
  names[1] = target_names;

  for (guint i = 0; i < fc_mapping_get_n_field_pairs (mapping); i++)
    {
      FcFieldPair *pair = fc_mapping_get_field_pair (mapping, i);

      if (!check_fields (engine, mapping, names, "--pair", pair_specs[i],
                         fc_field_pair_get_source_fields (pair),
                         fc_field_pair_get_target_fields (pair), error))
        return FALSE;
    }

  /* The rule holds one "SOURCE=TARGET" entry per --match, in order. */
  for (guint i = 0; match_specs != NULL && match_specs[i] != NULL && rule[i] != NULL; i++)
    {
      g_auto (GStrv) fields = g_strsplit (rule[i], "=", 2);
      const char *source_field[2] = { fields[0], NULL };
      const char *target_field[2] = { fields[1], NULL };

      if (!check_fields (engine, mapping, names, "--match", match_specs[i], source_field,
                         target_field, error))
        return FALSE;
    }

  return TRUE;
}

/* --match takes SOURCE=TARGET, or one field name: the 1 -> 1 pair that has it on either side,
 * else the same name on both sides. */
static char *
match_entry (FcMapping  *mapping,
             const char *spec)
{
  if (strchr (spec, '=') != NULL)
    return g_strdup (spec);

  for (guint i = 0; i < fc_mapping_get_n_field_pairs (mapping); i++)
    {
      FcFieldPair *pair = fc_mapping_get_field_pair (mapping, i);
      const char * const *sources = fc_field_pair_get_source_fields (pair);
      const char * const *targets = fc_field_pair_get_target_fields (pair);

      if (g_strv_length ((char **) sources) == 1 && g_strv_length ((char **) targets) == 1 &&
          (g_str_equal (sources[0], spec) || g_str_equal (targets[0], spec)))
        return g_strdup_printf ("%s=%s", sources[0], targets[0]);
    }
  return g_strdup_printf ("%s=%s", spec, spec);
}

int
fc_cli_mappings_add (const FcCliCommand *command,
                     int                 argc,
                     char              **argv)
{
  g_autofree char *name = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *direction = NULL;
  g_autofree char *conflict = NULL;
  g_autofree char *deletes = NULL;
  g_autofree char *external_id = NULL;
  g_auto (GStrv) pairs = NULL;
  g_auto (GStrv) matches = NULL;
  const GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("The mapping’s name"), N_("NAME") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("The source: connection and object"),
      N_("CONN:OBJECT") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("The target: connection and object"),
      N_("CONN:OBJECT") },
    { "direction", 0, 0, G_OPTION_ARG_STRING, &direction,
      N_("source_to_target (default), target_to_source or bidirectional"), N_("DIRECTION") },
    { "pair", 0, 0, G_OPTION_ARG_STRING_ARRAY, &pairs,
      N_("A field pair; may be repeated"), N_("SRC=TGT[|TRANSFORM][@DIRECTION][!][~]") },
    { "conflict", 0, 0, G_OPTION_ARG_STRING, &conflict,
      N_("newest_wins (default), source_wins, target_wins or manual"), N_("STRATEGY") },
    { "match", 0, 0, G_OPTION_ARG_STRING_ARRAY, &matches,
      N_("Match records by this field (or SRC=TGT); may be repeated: the entries are tried "
         "in order until one finds a counterpart"), N_("FIELD") },
    { "deletes", 0, 0, G_OPTION_ARG_STRING, &deletes,
      N_("ignore (default), archive or delete"), N_("POLICY") },
    { "external-id", 0, 0, G_OPTION_ARG_STRING, &external_id,
      N_("Keep each record’s counterpart id: the target’s id in the source field SRC, the "
         "source’s id in the target field TGT; matching uses them before --match"),
      N_("SRC=TGT") },
    { NULL }
  };
  g_autoptr (GOptionContext) context = fc_cli_option_context_new (command, entries);
  g_autoptr (FcEngine) engine = NULL;
  g_autoptr (FcMapping) mapping = fc_mapping_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *source_id = NULL;
  g_autofree char *source_object = NULL;
  g_autofree char *target_id = NULL;
  g_autofree char *target_object = NULL;
  int status = FC_CLI_EXIT_OK;
  int value;

  g_option_context_set_description (context,
    _("A pair joins source fields to target fields, e.g. 'email=email!' (required), "
      "'fullname=firstname,lastname|split_name', "
      "'phone=phone|phone_e164(region=US)@source_only'. A trailing ! makes the pair required "
      "(a record without the value is skipped); a trailing ~ lets a value emptied on one side "
      "empty the other (without it an empty value never erases one), e.g. 'notes=notes~'."));
  if (!fc_cli_parse (context, &argc, &argv))
    return FC_CLI_EXIT_USAGE;
  if (argc > 1)
    return fc_cli_usage_error (command, _("“add” takes options only; see --help"));
  if (name == NULL || from == NULL || to == NULL)
    return fc_cli_usage_error (command, _("--name, --from and --to are required"));
  if ((engine = open_engine_or_report (&status)) == NULL)
    return status;

  if (!parse_side (engine, "--from", from, &source_id, &source_object, &error) ||
      !parse_side (engine, "--to", to, &target_id, &target_object, &error))
    return fc_cli_usage_error (command, "%s", error->message);

  fc_mapping_set_name (mapping, name);
  fc_mapping_set_source_connection_id (mapping, source_id);
  fc_mapping_set_source_object (mapping, source_object);
  fc_mapping_set_target_connection_id (mapping, target_id);
  fc_mapping_set_target_object (mapping, target_object);

  if (direction != NULL)
    {
      if (!fc_enum_from_nick (FC_TYPE_DIRECTION, direction, &value))
        {
          g_autofree char *nicks = fc_enum_list_nicks (FC_TYPE_DIRECTION);
          return fc_cli_usage_error (command, _("Unknown direction “%s” (expected %s)"),
                                     direction, nicks);
        }
      fc_mapping_set_direction (mapping, value);
    }
  if (conflict != NULL)
    {
      if (!fc_enum_from_nick (FC_TYPE_CONFLICT_STRATEGY, conflict, &value))
        {
          g_autofree char *nicks = fc_enum_list_nicks (FC_TYPE_CONFLICT_STRATEGY);
          return fc_cli_usage_error (command, _("Unknown conflict strategy “%s” (expected %s)"),
                                     conflict, nicks);
        }
      fc_mapping_set_conflict_strategy (mapping, value);
    }
  if (deletes != NULL)
    {
      if (!fc_enum_from_nick (FC_TYPE_DELETE_POLICY, deletes, &value))
        {
          g_autofree char *nicks = fc_enum_list_nicks (FC_TYPE_DELETE_POLICY);
          return fc_cli_usage_error (command, _("Unknown delete policy “%s” (expected %s)"),
                                     deletes, nicks);
        }
      fc_mapping_set_delete_policy (mapping, value);
    }

  for (guint i = 0; pairs != NULL && pairs[i] != NULL; i++)
    {
      g_autoptr (FcFieldPair) pair = parse_pair (pairs[i], &error);

      if (pair == NULL)
        return fc_cli_usage_error (command, "%s", error->message);
      fc_mapping_add_field_pair (mapping, pair);
    }

  if (external_id != NULL)
    {
      const char *eq = strchr (external_id, '=');
      g_autofree char *source_field = NULL;
      g_autofree char *target_field = NULL;
      const char *fields[3] = { NULL, NULL, NULL };

      if (eq != NULL)
        {
          source_field = g_strstrip (g_strndup (external_id, eq - external_id));
          target_field = g_strstrip (g_strdup (eq + 1));
        }
      if (eq == NULL || *source_field == '\0' || *target_field == '\0' ||
          strchr (target_field, '=') != NULL)
        return fc_cli_usage_error (command,
                                   _("--external-id takes SOURCE_FIELD=TARGET_FIELD, not “%s”"),
                                   external_id);
      fields[0] = source_field;
      fields[1] = target_field;
      fc_mapping_set_external_id_fields (mapping, fields);
    }

  if (matches != NULL)
    {
      g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
      g_auto (GStrv) rule = NULL;

      for (guint i = 0; matches[i] != NULL; i++)
        {
          g_autofree char *entry = match_entry (mapping, matches[i]);
          g_strv_builder_add (builder, entry);
        }
      rule = g_strv_builder_end (builder);
      fc_mapping_set_match_rule (mapping, (const char * const *) rule);
    }

  if (!fc_mapping_validate (mapping, &error) ||
      !check_field_names (engine, mapping, pairs, matches, &error))
    return fc_cli_usage_error (command, "%s", error->message);

  if (!fc_engine_save_mapping (engine, mapping, &error))
    {
      if (error->domain == FC_MAPPING_ERROR ||
          g_error_matches (error, FC_STORE_ERROR, FC_STORE_ERROR_CONSTRAINT))
        return fc_cli_usage_error (command, "%s", error->message);
      return fc_cli_fail (g_steal_pointer (&error));
    }

  g_print (_("Added mapping “%s” (%s).\n"), fc_mapping_get_name (mapping),
           fc_mapping_get_id (mapping));
  return FC_CLI_EXIT_OK;
}

/* ---- sync ------------------------------------------------------------------------------- */

static void
print_fields (JsonObject *fields)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *change;

  if (fields == NULL)
    return;

  json_object_iter_init (&iter, fields);
  while (json_object_iter_next (&iter, &name, &change))
    {
      JsonObject *object = json_node_get_object (change);
      JsonNode *before = json_object_get_member (object, "before");
      JsonNode *after = json_object_get_member (object, "after");

      g_print ("      %s: %s → %s\n", name,
               before != NULL && !JSON_NODE_HOLDS_NULL (before) ? json_node_get_string (before)
                                                                 : "∅",
               after != NULL && !JSON_NODE_HOLDS_NULL (after) ? json_node_get_string (after)
                                                               : "∅");
    }
}

static void
print_counts (const FcSyncCounts *counts)
{
  g_print (_("%u fetched, %u created, %u updated, %u skipped, %u conflicts, %u failed, "
             "%u parked\n"), counts->fetched, counts->created, counts->updated, counts->skipped,
           counts->conflicts, counts->failed, counts->parked);
}

static void
print_result (FcMapping    *mapping,
              FcSyncResult *result)
{
  GPtrArray *plan = fc_sync_result_get_plan (result);

  if (fc_sync_result_get_dry_run (result))
    {
      g_print (_("Plan for “%s” (dry run, nothing was written):\n"), fc_mapping_get_name (mapping));
      if (plan->len == 0)
        g_print ("  %s\n", _("Nothing to do."));
      for (guint i = 0; i < plan->len; i++)
        {
          FcSyncPlanEntry *entry = g_ptr_array_index (plan, i);

          g_print ("  %-8s %-6s source %s, target %s%s%s\n",
                   fc_sync_plan_kind_to_string (entry->kind),
                   fc_sync_side_to_string (entry->side),
                   entry->source_id != NULL ? entry->source_id : "(new)",
                   entry->target_id != NULL ? entry->target_id : "(new)",
                   entry->message != NULL ? ": " : "",
                   entry->message != NULL ? entry->message : "");
          print_fields (entry->fields);
        }
    }
  else
    g_print (_("Run %s of “%s”: %s in %.1f s\n"), fc_sync_result_get_run_id (result),
             fc_mapping_get_name (mapping),
             fc_enum_to_nick (FC_TYPE_SYNC_STATUS, fc_sync_result_get_status (result)),
             fc_sync_result_get_duration_ms (result) / 1000.0);

  if (fc_sync_result_get_status (result) == FC_SYNC_STATUS_HELD)
    {
      g_print ("  %s\n", fc_sync_result_get_message (result));
      g_print (_("  Nothing was written. See the plan with “log --run %s”; approve it with "
                 "“sync --approve %s”.\n"), fc_sync_result_get_run_id (result),
               fc_sync_result_get_run_id (result));
    }
  if (fc_sync_result_get_approved_run_id (result) != NULL)
    g_print (_("  Approves the held run %s.\n"), fc_sync_result_get_approved_run_id (result));

  g_print ("  ");
  print_counts (fc_sync_result_get_counts (result));
}

/* The guard's limits of an unattended run: the app's preferences when their schema is
 * installed, else the preferences' own defaults; each option given overrides. */
static void
read_guard_limits (FcSyncOptions *options,
                   int            max_update_percent,
                   int            max_creates,
                   const char    *hold_deletes)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema = NULL;

  options->max_update_percent = 50;
  options->max_creates = 500;
  options->hold_deletes = TRUE;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema != NULL)
    {
      g_autoptr (GSettings) settings = g_settings_new (APP_ID);

      options->max_update_percent = g_settings_get_uint (settings, "guard-max-update-percent");
      options->max_creates = g_settings_get_uint (settings, "guard-max-creates");
      options->hold_deletes = g_settings_get_boolean (settings, "guard-hold-deletes");
    }

  if (max_update_percent >= 0)
    options->max_update_percent = max_update_percent;
  if (max_creates >= 0)
    options->max_creates = max_creates;
  if (hold_deletes != NULL)
    options->hold_deletes = g_str_equal (hold_deletes, "yes");
}

int
fc_cli_sync (const FcCliCommand *command,
             int                 argc,
             char              **argv)
{
  gboolean dry_run = FALSE;
  gboolean full = FALSE;
  gboolean as_json = FALSE;
  g_autofree char *trigger = NULL;
  g_autofree char *approve = NULL;
  g_autofree char *hold_deletes = NULL;
  /* G_MININT: not given */
  int max_update_percent = G_MININT;
  int max_creates = G_MININT;
  const GOptionEntry entries[] = {
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run,
      N_("Print what would be written, and write nothing"), NULL },
    { "full", 0, 0, G_OPTION_ARG_NONE, &full,
      N_("Read every record of both sides, not only the recent changes"), NULL },
    { "trigger", 0, 0, G_OPTION_ARG_STRING, &trigger,
      N_("Run as if started by: manual (default), schedule, webhook or startup; the last three "
         "are unattended and checked by the guard"), N_("TRIGGER") },
    { "max-update-percent", 0, 0, G_OPTION_ARG_INT, &max_update_percent,
      /* xgettext:no-c-format */
      N_("Guard: hold an unattended run that updates more than N% of the linked records "
         "(0: no limit; default: the app’s preference)"), N_("N") },
    { "max-creates", 0, 0, G_OPTION_ARG_INT, &max_creates,
      N_("Guard: hold an unattended run that creates more than N records (0: no limit)"),
      N_("N") },
    { "hold-deletes", 0, 0, G_OPTION_ARG_STRING, &hold_deletes,
      N_("Guard: hold an unattended run that deletes or archives (yes or no)"), N_("yes|no") },
    { "approve", 0, 0, G_OPTION_ARG_STRING, &approve,
      N_("Approve the held run ID: run its mapping again, with the guard lifted (no MAPPING "
         "then)"), N_("RUN_ID") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = fc_cli_option_context_new (command, entries);
  g_autoptr (FcEngine) engine = NULL;
  g_autoptr (FcMapping) stored = NULL;
  g_autoptr (GAsyncResult) async_result = NULL;
  g_autoptr (FcSyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *failed_run_id = NULL;
  FcSyncOptions options = { .trigger = FC_SYNC_TRIGGER_MANUAL };
  FcMapping *mapping = NULL;
  int status = FC_CLI_EXIT_OK;
  int value;

  g_option_context_set_description (context,
    _("Exit status: 0 when the run completed, 3 when some records failed (they are retried by "
      "the next run), 4 when the guard held an unattended run (nothing was written; approve it "
      "with --approve RUN_ID), 1 when the run failed."));
  if (!fc_cli_parse (context, &argc, &argv))
    return FC_CLI_EXIT_USAGE;
  if (approve != NULL && argc != 1)
    return fc_cli_usage_error (command, _("--approve names the run; give no mapping with it"));
  if (approve == NULL && argc != 2)
    return fc_cli_usage_error (command, _("name exactly one mapping, by id or by name"));
  if (trigger != NULL)
    {
      if (!fc_enum_from_nick (FC_TYPE_SYNC_TRIGGER, trigger, &value))
        {
          g_autofree char *nicks = fc_enum_list_nicks (FC_TYPE_SYNC_TRIGGER);
          return fc_cli_usage_error (command, _("Unknown trigger “%s” (expected %s)"), trigger,
                                     nicks);
        }
      options.trigger = value;
    }
  if (max_update_percent != G_MININT && (max_update_percent < 0 || max_update_percent > 100))
    return fc_cli_usage_error (command, _("--max-update-percent takes 0 to 100, not %d"),
                               max_update_percent);
  if (max_creates != G_MININT && max_creates < 0)
    return fc_cli_usage_error (command, _("--max-creates takes a number of records, 0 or more, "
                                          "not %d"), max_creates);
  if (hold_deletes != NULL && !g_str_equal (hold_deletes, "yes") &&
      !g_str_equal (hold_deletes, "no"))
    return fc_cli_usage_error (command, _("--hold-deletes takes yes or no, not “%s”"),
                               hold_deletes);
  if ((engine = open_engine_or_report (&status)) == NULL)
    return status;

  if (approve != NULL)
    {
      fc_engine_approve_run_async (engine, approve, NULL, NULL, NULL, fc_cli_on_ready,
                                   &async_result);
      result = fc_engine_approve_run_finish (engine, fc_cli_wait (&async_result), &error);
      if (result != NULL)
        mapping = fc_engine_lookup_mapping (engine, fc_sync_result_get_mapping_id (result));
      else
        failed_run_id = g_strdup (fc_engine_sync_get_run_id (engine, async_result));
    }
  else
    {
      stored = fc_store_find_mapping (fc_engine_get_store (engine), argv[1], &error);
      if (stored == NULL)
        return fc_cli_fail (g_steal_pointer (&error));
      mapping = fc_engine_lookup_mapping (engine, fc_mapping_get_id (stored));

      options.dry_run = dry_run;
      options.full_rescan = full;
      if (options.trigger != FC_SYNC_TRIGGER_MANUAL)
        read_guard_limits (&options, max_update_percent, max_creates, hold_deletes);
      fc_engine_sync_async (engine, mapping, &options, NULL, NULL, NULL, fc_cli_on_ready,
                            &async_result);
      result = fc_engine_sync_finish (engine, fc_cli_wait (&async_result), &error);
      if (result == NULL)
        failed_run_id = g_strdup (fc_engine_sync_get_run_id (engine, async_result));
    }

  if (result == NULL)
    {
      if (as_json)
        {
          g_autoptr (JsonBuilder) builder = json_builder_new ();
          g_autoptr (JsonNode) root = NULL;

          json_builder_begin_object (builder);
          /* the failed run is in the log, where "log --run" shows it */
          if (failed_run_id != NULL)
            {
              json_builder_set_member_name (builder, "runId");
              json_builder_add_string_value (builder, failed_run_id);
            }
          json_builder_set_member_name (builder, "status");
          json_builder_add_string_value (builder, "failed");
          json_builder_set_member_name (builder, "error");
          json_builder_add_string_value (builder, error->message);
          json_builder_end_object (builder);
          root = json_builder_get_root (builder);
          fc_cli_print_json (root);
        }
      else if (failed_run_id != NULL)
        g_prefix_error (&error, _("Run %s failed: "), failed_run_id);
      return fc_cli_fail (g_steal_pointer (&error));
    }

  if (as_json)
    {
      g_autoptr (JsonNode) node = fc_sync_result_to_json (result);
      fc_cli_print_json (node);
    }
  else if (mapping != NULL)
    print_result (mapping, result);

  switch (fc_sync_result_get_status (result))
    {
    case FC_SYNC_STATUS_PARTIAL:
      return EXIT_PARTIAL;
    case FC_SYNC_STATUS_HELD:
      return EXIT_HELD;
    case FC_SYNC_STATUS_FAILED:
      return FC_CLI_EXIT_FAILED;
    case FC_SYNC_STATUS_PENDING:
    case FC_SYNC_STATUS_RUNNING:
    case FC_SYNC_STATUS_COMPLETED:
    default:
      return FC_CLI_EXIT_OK;
    }
}

/* ---- log -------------------------------------------------------------------------------- */

static const char *
member_text (JsonObject *object,
             const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return "";
  return json_node_get_string (node);
}

static guint
count_member (JsonObject *counts,
              const char *member)
{
  return counts != NULL ? (guint) json_object_get_int_member_with_default (counts, member, 0) : 0;
}

static void
print_run_line (JsonObject *run)
{
  JsonObject *counts = json_object_get_object_member (run, "counts");
  JsonNode *duration = json_object_get_member (run, "durationMs");
  g_autofree char *status = g_strconcat (json_object_get_boolean_member (run, "dryRun")
                                         ? _("(dry) ") : "", member_text (run, "status"), NULL);
  FcSyncCounts totals = {
    .fetched = count_member (counts, "fetched"),
    .created = count_member (counts, "created"),
    .updated = count_member (counts, "updated"),
    .skipped = count_member (counts, "skipped"),
    .conflicts = count_member (counts, "conflicts"),
    .failed = count_member (counts, "failed"),
    .parked = count_member (counts, "parked"),
  };

  g_print ("%s  %s  %-24s %-9s %-15s", member_text (run, "id"), member_text (run, "startedAt"),
           member_text (run, "mappingName"), member_text (run, "trigger"), status);
  if (duration != NULL && !JSON_NODE_HOLDS_NULL (duration))
    g_print (" %6.1f s  ", json_node_get_int (duration) / 1000.0);
  else
    g_print ("           ");
  print_counts (&totals);
  if (*member_text (run, "error") != '\0')
    g_print ("  %s\n", member_text (run, "error"));
}

static char *values_text (JsonObject *object,
                          const char *member);

/* The provider's own answer to a failed write, on one indented line */
static void
print_raw_error (JsonObject *raw)
{
  g_autofree char *body = NULL;

  if (raw == NULL)
    return;
  if (json_object_has_member (raw, "sameBodyAsRecord"))
    {
      /* Translators: a whole batch failed with one answer, printed for the first record */
      g_print (_("      provider answer: HTTP %d, as for record %s\n"),
               (int) json_object_get_int_member_with_default (raw, "status", 0),
               member_text (raw, "sameBodyAsRecord"));
      return;
    }
  /* a body over several lines stays on one */
  body = g_strdelimit (g_strdup (member_text (raw, "body")), "\r\n", ' ');
  g_print ("      %s HTTP %" G_GINT64_FORMAT " %s%s\n", _("provider answer:"),
           json_object_get_int_member_with_default (raw, "status", 0), body,
           json_object_get_boolean_member_with_default (raw, "truncated", FALSE)
           ? _(" (truncated)") : "");
}

static void
print_event (JsonObject *event)
{
  JsonNode *details = json_object_get_member (event, "details");
  JsonObject *error_object = NULL;

  g_print ("  %s  %-16s %-6s source %s, target %s", member_text (event, "at"),
           member_text (event, "kind"), member_text (event, "side"),
           *member_text (event, "sourceRecordId") != '\0' ? member_text (event, "sourceRecordId")
                                                           : "-",
           *member_text (event, "targetRecordId") != '\0' ? member_text (event, "targetRecordId")
                                                           : "-");
  if (*member_text (event, "message") != '\0')
    g_print (": %s", member_text (event, "message"));
  g_print ("\n");

  if (details == NULL || !JSON_NODE_HOLDS_OBJECT (details))
    return;
  if (json_object_has_member (json_node_get_object (details), "fields"))
    print_fields (json_object_get_object_member (json_node_get_object (details), "fields"));
  if (*member_text (json_node_get_object (details), "pair") != '\0')
    {
      g_autofree char *source = values_text (json_node_get_object (details), "source");
      g_autofree char *target = values_text (json_node_get_object (details), "target");

      g_print ("      %s: %s %s, %s %s\n", member_text (json_node_get_object (details), "pair"),
               _("source"), source, _("target"), target);
    }
  if (json_object_has_member (json_node_get_object (details), "error"))
    error_object = json_object_get_object_member (json_node_get_object (details), "error");
  if (error_object != NULL && *member_text (error_object, "providerCode") != '\0')
    g_print ("      %s %s\n", _("provider code:"), member_text (error_object, "providerCode"));
  if (error_object != NULL && json_object_has_member (error_object, "raw"))
    print_raw_error (json_object_get_object_member (error_object, "raw"));
}

/* The plan a held run waits with, and whether it was approved. */
static void
print_held (FcStore    *store,
            const char *run_id)
{
  g_autoptr (JsonObject) held = fc_sync_store_get_held_run (store, run_id, NULL);
  JsonObject *plan;
  JsonArray *entries;

  if (held == NULL)
    return;
  if (*member_text (held, "approvedRunId") != '\0')
    g_print (_("  Approved: run %s (%s)\n"), member_text (held, "approvedRunId"),
             member_text (held, "approvedAt"));
  else
    g_print (_("  Held: approve it with “sync --approve %s”\n"), run_id);
  if (json_object_get_null_member (held, "plan"))
    return;

  plan = json_object_get_object_member (held, "plan");
  entries = json_object_get_array_member (plan, "entries");
  for (guint i = 0; entries != NULL && i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);

      g_print ("  %-8s %-6s source %s, target %s%s%s\n", member_text (entry, "kind"),
               member_text (entry, "side"),
               *member_text (entry, "sourceRecordId") != '\0'
               ? member_text (entry, "sourceRecordId") : "(new)",
               *member_text (entry, "targetRecordId") != '\0'
               ? member_text (entry, "targetRecordId") : "(new)",
               *member_text (entry, "message") != '\0' ? ": " : "", member_text (entry, "message"));
      if (json_object_has_member (entry, "fields"))
        print_fields (json_object_get_object_member (entry, "fields"));
    }
}

int
fc_cli_log (const FcCliCommand *command,
            int                 argc,
            char              **argv)
{
  g_autofree char *run_id = NULL;
  g_autofree char *mapping_spec = NULL;
  gboolean as_json = FALSE;
  int limit = 20;
  const GOptionEntry entries[] = {
    { "run", 0, 0, G_OPTION_ARG_STRING, &run_id, N_("Show what one run did, record by record"),
      N_("ID") },
    { "mapping", 0, 0, G_OPTION_ARG_STRING, &mapping_spec, N_("Only the runs of this mapping"),
      N_("MAPPING") },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("Show at most N runs (default 20, 0: all)"),
      N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = fc_cli_option_context_new (command, entries);
  g_autoptr (FcEngine) engine = NULL;
  g_autoptr (GError) error = NULL;
  int status = FC_CLI_EXIT_OK;
  FcStore *store;

  if (!fc_cli_parse (context, &argc, &argv))
    return FC_CLI_EXIT_USAGE;
  if (argc > 1)
    return fc_cli_usage_error (command, _("“log” takes options only; see --help"));
  if (limit < 0)
    return fc_cli_usage_error (command, _("--limit takes a number of runs, 0 or more"));
  if ((engine = open_engine_or_report (&status)) == NULL)
    return status;
  store = fc_engine_get_store (engine);

  if (run_id != NULL)
    {
      g_autoptr (JsonObject) run = fc_sync_store_get_run (store, run_id, &error);
      g_autoptr (JsonArray) events = NULL;

      if (run == NULL)
        return fc_cli_fail (g_steal_pointer (&error));
      events = fc_sync_store_list_events (store, run_id, &error);
      if (events == NULL)
        return fc_cli_fail (g_steal_pointer (&error));

      if (as_json)
        {
          g_autoptr (JsonNode) root = NULL;

          json_object_set_array_member (run, "events", json_array_ref (events));
          if (g_strcmp0 (member_text (run, "status"), "held") == 0)
            {
              JsonObject *held = fc_sync_store_get_held_run (store, run_id, NULL);

              if (held != NULL)
                json_object_set_object_member (run, "held", held);
            }
          root = json_node_init_object (json_node_alloc (), run);
          fc_cli_print_json (root);
          return FC_CLI_EXIT_OK;
        }

      print_run_line (run);
      if (g_strcmp0 (member_text (run, "status"), "held") == 0)
        print_held (store, run_id);
      if (json_array_get_length (events) == 0)
        g_print ("  %s\n", _("No record was touched."));
      for (guint i = 0; i < json_array_get_length (events); i++)
        print_event (json_array_get_object_element (events, i));
      return FC_CLI_EXIT_OK;
    }
  else
    {
      g_autoptr (FcMapping) mapping = NULL;
      g_autoptr (JsonArray) runs = NULL;

      if (mapping_spec != NULL)
        {
          mapping = fc_store_find_mapping (store, mapping_spec, &error);
          if (mapping == NULL)
            return fc_cli_fail (g_steal_pointer (&error));
        }

      runs = fc_sync_store_list_runs (store, mapping != NULL ? fc_mapping_get_id (mapping) : NULL,
                                      limit, &error);
      if (runs == NULL)
        return fc_cli_fail (g_steal_pointer (&error));

      if (as_json)
        {
          g_autoptr (JsonNode) root = json_node_init_array (json_node_alloc (), runs);
          fc_cli_print_json (root);
          return FC_CLI_EXIT_OK;
        }

      if (json_array_get_length (runs) == 0)
        g_print ("%s\n", _("No sync has run yet."));
      for (guint i = 0; i < json_array_get_length (runs); i++)
        print_run_line (json_array_get_object_element (runs, i));
    }

  return FC_CLI_EXIT_OK;
}

/* ---- conflicts -------------------------------------------------------------------------- */

/* The values of a JSON array of strings in @object's @member, quoted, or "∅". */
static char *
values_text (JsonObject *object,
             const char *member)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autoptr (GString) text = g_string_new (NULL);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return g_strdup ("∅");
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      const char *value = json_array_get_string_element (array, i);

      if (i > 0)
        g_string_append (text, ", ");
      g_string_append_printf (text, "“%s”", value != NULL ? value : "");
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static int
run_conflicts_list (const FcCliCommand *command,
                    int                 argc,
                    char              **argv)
{
  gboolean as_json = FALSE;
  gboolean all = FALSE;
  const GOptionEntry entries[] = {
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, N_("Also the conflicts already settled"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = fc_cli_option_context_new (command, entries);
  g_autoptr (FcEngine) engine = NULL;
  g_autoptr (JsonArray) conflicts = NULL;
  g_autoptr (GError) error = NULL;
  int status = FC_CLI_EXIT_OK;

  if (!fc_cli_parse (context, &argc, &argv))
    return FC_CLI_EXIT_USAGE;
  if (argc > 1)
    return fc_cli_usage_error (command, _("“list” takes no arguments"));
  if ((engine = open_engine_or_report (&status)) == NULL)
    return status;

  conflicts = fc_sync_store_list_conflicts (fc_engine_get_store (engine), NULL, !all, &error);
  if (conflicts == NULL)
    return fc_cli_fail (g_steal_pointer (&error));

  if (as_json)
    {
      g_autoptr (JsonNode) root = json_node_init_array (json_node_alloc (), conflicts);
      fc_cli_print_json (root);
      return FC_CLI_EXIT_OK;
    }

  if (json_array_get_length (conflicts) == 0)
    g_print ("%s\n", all ? _("No conflicts.") : _("No open conflicts."));
  for (guint i = 0; i < json_array_get_length (conflicts); i++)
    {
      JsonObject *conflict = json_array_get_object_element (conflicts, i);
      g_autofree char *source = values_text (conflict, "source");
      g_autofree char *target = values_text (conflict, "target");

      g_print ("%" G_GINT64_FORMAT "  %s  %s\n", json_object_get_int_member (conflict, "id"),
               member_text (conflict, "mappingName"), member_text (conflict, "pair"));
      g_print ("    %s %-10s %s\n", _("source"), member_text (conflict, "sourceRecordId"), source);
      g_print ("    %s %-10s %s\n", _("target"), member_text (conflict, "targetRecordId"), target);
      if (*member_text (conflict, "resolvedAt") != '\0' &&
          *member_text (conflict, "resolution") == '\0' &&
          json_object_has_member (conflict, "resolvedValues") &&
          JSON_NODE_HOLDS_OBJECT (json_object_get_member (conflict, "resolvedValues")))
        {
          JsonObject *values = json_object_get_object_member (conflict, "resolvedValues");
          g_autofree char *source_values = values_text (values, "source");
          g_autofree char *target_values = values_text (values, "target");

          g_print ("    %s %s %s, %s %s\n", _("settled:"), _("source"), source_values,
                   _("target"), target_values);
        }
      else if (*member_text (conflict, "resolvedAt") != '\0')
        g_print ("    %s %s\n", _("settled:"), *member_text (conflict, "resolution") != '\0'
                                               ? member_text (conflict, "resolution")
                                               : _("a value of the user’s"));
    }

  return FC_CLI_EXIT_OK;
}

static int
run_conflicts_resolve (const FcCliCommand *command,
                       int                 argc,
                       char              **argv)
{
  g_autofree char *take = NULL;
  const GOptionEntry entries[] = {
    { "take", 0, 0, G_OPTION_ARG_STRING, &take,
      N_("“source”, “target”, or the value both sides should get"), N_("source|target|VALUE") },
    { NULL }
  };
  g_autoptr (GOptionContext) context = fc_cli_option_context_new (command, entries);
  g_autoptr (FcEngine) engine = NULL;
  g_autoptr (GError) error = NULL;
  FcSyncTake how = FC_SYNC_TAKE_VALUE;
  int status = FC_CLI_EXIT_OK;
  char *end = NULL;
  gint64 id;

  g_option_context_set_description (context,
    _("The next sync of the mapping writes the decision to the side (or sides) that need it."));
  if (!fc_cli_parse (context, &argc, &argv))
    return FC_CLI_EXIT_USAGE;
  if (argc != 2)
    return fc_cli_usage_error (command, _("name one conflict by its id (see “conflicts list”)"));
  if (take == NULL)
    return fc_cli_usage_error (command, _("--take is required"));

  id = g_ascii_strtoll (argv[1], &end, 10);
  if (end == argv[1] || *end != '\0' || id <= 0)
    return fc_cli_usage_error (command, _("“%s” is not a conflict id"), argv[1]);
  if (g_str_equal (take, "source"))
    how = FC_SYNC_TAKE_SOURCE;
  else if (g_str_equal (take, "target"))
    how = FC_SYNC_TAKE_TARGET;

  if ((engine = open_engine_or_report (&status)) == NULL)
    return status;

  if (!fc_engine_resolve_conflict (engine, id, how, how == FC_SYNC_TAKE_VALUE ? take : NULL,
                                   &error))
    {
      if (g_error_matches (error, FC_SYNC_ERROR, FC_SYNC_ERROR_INVALID_VALUE))
        return fc_cli_usage_error (command, "%s", error->message);
      return fc_cli_fail (g_steal_pointer (&error));
    }

  g_print (_("Conflict %lld settled; the next sync writes it.\n"), (long long) id);
  return FC_CLI_EXIT_OK;
}
