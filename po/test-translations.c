/* test-translations.c: the compiled translations load the way the app loads them
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run once per language with LANGUAGE set (see po/meson.build): binds the text domain to the
 * .mo files that i18n.gettext built in the build folder, exactly as src/main.c binds it to the
 * installed ones, and looks up plain, context and plural messages.
 */

#define G_LOG_DOMAIN "fc-test-translations"

#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib.h>
#include <glib/gi18n-lib.h>

typedef struct
{
  const char *language;
  const char *context;
  const char *msgid;
  const char *msgid_plural;
  gulong      n;
  const char *expected;
} TranslationCase;

static const TranslationCase cases[] = {
  { "de", NULL, "Show the version and exit", NULL, 0,
    "Version anzeigen und beenden" },
  { "de", NULL, "Keep records in sync between HubSpot, Pipedrive, Salesforce and Jobber.", NULL, 0,
    "Datensätze zwischen HubSpot, Pipedrive, Salesforce und Jobber synchron halten." },
  { "de", "shortcut window", "Quit", NULL, 0, "Beenden" },
  { "de", NULL, "The mapping %s uses this connection and will be removed too.",
    "The mappings %s use this connection and will be removed too.", 1,
    "Die Zuordnung %s verwendet diese Verbindung und wird ebenfalls entfernt." },
  { "de", NULL, "The mapping %s uses this connection and will be removed too.",
    "The mappings %s use this connection and will be removed too.", 0,
    "Die Zuordnungen %s verwenden diese Verbindung und werden ebenfalls entfernt." },
  { "fr", NULL, "Show the version and exit", NULL, 0,
    "Afficher la version et quitter" },
  { "fr", NULL, "Keep records in sync between HubSpot, Pipedrive, Salesforce and Jobber.", NULL, 0,
    "Garder les enregistrements synchronisés entre HubSpot, Pipedrive, Salesforce et Jobber." },
  { "fr", "shortcut window", "Quit", NULL, 0, "Quitter" },
  /* French uses the singular for 0 as well as 1. */
  { "fr", NULL, "The mapping %s uses this connection and will be removed too.",
    "The mappings %s use this connection and will be removed too.", 0,
    "La correspondance %s utilise cette connexion et sera aussi supprimée." },
  { "fr", NULL, "The mapping %s uses this connection and will be removed too.",
    "The mappings %s use this connection and will be removed too.", 3,
    "Les correspondances %s utilisent cette connexion et seront aussi supprimées." },
};

static void
test_lookup (gconstpointer data)
{
  const TranslationCase *c = data;
  const char *found;

  if (c->msgid_plural != NULL)
    found = g_dngettext (GETTEXT_PACKAGE, c->msgid, c->msgid_plural, c->n);
  else if (c->context != NULL)
    found = g_dpgettext2 (GETTEXT_PACKAGE, c->context, c->msgid);
  else
    found = g_dgettext (GETTEXT_PACKAGE, c->msgid);

  g_assert_cmpstr (found, ==, c->expected);
}

/* The header is what GLib looks at to decide whether the domain is translated at all. */
static void
test_header (gconstpointer data)
{
  const char *language = data;
  const char *header = g_dgettext (GETTEXT_PACKAGE, "");
  g_autofree char *expected = g_strdup_printf ("Language: %s\n", language);

  g_assert_nonnull (strstr (header, expected));
  g_assert_nonnull (strstr (header, "charset=UTF-8"));
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("FC_TEST_LOCALEDIR");
  const char *language = g_getenv ("LANGUAGE");
  guint added = 0;

  g_test_init (&argc, &argv, NULL);

  if (localedir == NULL || language == NULL)
    {
      g_printerr ("Set FC_TEST_LOCALEDIR to the folder of the built translations and LANGUAGE\n");
      return 1;
    }

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_add_data_func ("/fc/translations/header", language, test_header);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = NULL;

      if (g_strcmp0 (cases[i].language, language) != 0)
        continue;
      path = g_strdup_printf ("/fc/translations/lookup/%u", i);
      g_test_add_data_func (path, &cases[i], test_lookup);
      added++;
    }

  /* A language without cases here would pass without looking anything up. */
  if (added == 0)
    {
      g_printerr ("No lookup cases for LANGUAGE=%s; add some to %s\n", language, __FILE__);
      return 1;
    }

  return g_test_run ();
}
