/* fc-cli-transform.c: "fluxcascade-cli transform", one transform or chain applied to values
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-cli"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "fc-cli-private.h"
#include "fc-transform.h"

/* Quotes @value for the chain syntax: name(key="value"). */
static void
append_quoted (GString    *out,
               const char *value)
{
  g_string_append_c (out, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/* Turns NAME plus the --region and --arg options into chain text. NAME may itself be a chain
 * ("trim|lowercase"); arguments then belong inside it, since it is not clear which step they
 * would be for. */
static char *
build_chain_text (const char  *name,
                  const char  *region,
                  char       **args,
                  GError     **error)
{
  g_autoptr (GString) spec = NULL;
  gboolean has_args = region != NULL || (args != NULL && args[0] != NULL);

  if (!has_args)
    return g_strdup (name);

  if (strpbrk (name, "|(") != NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--region and --arg apply to a single transform; write the arguments inside "
                     "the chain instead, e.g. “trim|phone_e164(region=US)”"));
      return NULL;
    }

  spec = g_string_new (name);
  g_string_append_c (spec, '(');
  if (region != NULL)
    {
      g_string_append (spec, "region=");
      append_quoted (spec, region);
    }
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    {
      const char *eq = strchr (args[i], '=');

      if (eq == NULL || eq == args[i])
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--arg takes KEY=VALUE, not “%s”"), args[i]);
          return NULL;
        }
      if (spec->str[spec->len - 1] != '(')
        g_string_append_c (spec, ',');
      g_string_append_len (spec, args[i], eq - args[i]);
      g_string_append_c (spec, '=');
      append_quoted (spec, eq + 1);
    }
  g_string_append_c (spec, ')');

  return g_string_free (g_steal_pointer (&spec), FALSE);
}

int
fc_cli_transform (const FcCliCommand *command,
                  int                 argc,
                  char              **argv)
{
  g_autofree char *region = NULL;
  g_auto (GStrv) args = NULL;
  g_auto (GStrv) rest = NULL;
  gboolean reverse = FALSE;
  gboolean list = FALSE;
  int n_fields = 0;
  const GOptionEntry entries[] = {
    { "region", 0, 0, G_OPTION_ARG_STRING, &region,
      N_("Region for national phone numbers, as a two-letter country code"), N_("CC") },
    { "arg", 0, 0, G_OPTION_ARG_STRING_ARRAY, &args,
      N_("An argument of the transform; may be repeated"), N_("KEY=VALUE") },
    { "reverse", 0, 0, G_OPTION_ARG_NONE, &reverse,
      N_("Apply the reverse transform (target value back to the source)"), NULL },
    { "fields", 0, 0, G_OPTION_ARG_INT, &n_fields,
      N_("With --reverse: how many source fields to split the value back into (concatenate)"),
      N_("N") },
    { "list", 0, 0, G_OPTION_ARG_NONE, &list, N_("List the transforms and exit"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &rest, NULL, NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = fc_cli_option_context_new (command, entries);
  g_autoptr (FcTransformChain) chain = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *spec = NULL;
  g_auto (GStrv) result = NULL;
  guint n_values;

  g_option_context_set_description (context,
    _("Prints each result on its own line. Use -- before values that begin with a dash.\n"
      "Example: fluxcascade-cli transform phone_e164 --region US \"(415) 555-2671\""));
  if (!fc_cli_parse (context, &argc, &argv))
    return FC_CLI_EXIT_USAGE;

  if (list)
    {
      for (const char * const *n = fc_transform_list_names (); *n != NULL; n++)
        g_print ("%-12s %s\n", *n,
                 fc_transform_info_get_description (fc_transform_lookup (*n)));
      return FC_CLI_EXIT_OK;
    }

  if (n_fields < 0 || (n_fields > 0 && !reverse))
    return fc_cli_usage_error (command,
                               _("--fields takes a positive number and goes with --reverse"));
  if (rest == NULL || rest[0] == NULL)
    return fc_cli_usage_error (command, _("name a transform, e.g. “uppercase” (see --list)"));
  n_values = g_strv_length (rest) - 1;
  if (n_values == 0)
    return fc_cli_usage_error (command, _("give at least one value to transform"));

  spec = build_chain_text (rest[0], region, args, &error);
  if (spec != NULL)
    chain = fc_transform_chain_parse (spec, &error);
  if (chain != NULL)
    {
      const char * const *values = (const char * const *) rest + 1;

      if (reverse && n_fields > 0)
        result = fc_transform_chain_apply_reverse_full (chain, values, n_values, n_fields, &error);
      else if (reverse)
        result = fc_transform_chain_apply_reverse (chain, values, n_values, &error);
      else
        result = fc_transform_chain_apply (chain, values, n_values, &error);
    }

  if (result == NULL)
    return fc_cli_usage_error (command, "%s", error->message);

  for (guint i = 0; result[i] != NULL; i++)
    g_print ("%s\n", result[i]);

  return FC_CLI_EXIT_OK;
}
