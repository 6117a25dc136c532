/* main.c: starts the FluxCascade application
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-main"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>

#include "fc-application.h"
#include "fc-secrets.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr (FcApplication) app = NULL;

  fc_secrets_protect_process ();
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = fc_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
