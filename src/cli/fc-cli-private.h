/* fc-cli-private.h: what the commands of fluxcascade-cli share
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "fc-engine.h"

G_BEGIN_DECLS

/* Exit statuses: 0 success, 1 a failure while doing the work, 2 bad input from the user. */
enum {
  FC_CLI_EXIT_OK = 0,
  FC_CLI_EXIT_FAILED = 1,
  FC_CLI_EXIT_USAGE = 2,
};

typedef struct _FcCliCommand FcCliCommand;

typedef int (*FcCliHandler) (const FcCliCommand *command,
                             int                 argc,
                             char              **argv);

struct _FcCliCommand {
  const char         *name;
  const char         *parameters;   /* shown after the command in --help */
  const char         *summary;
  FcCliHandler        handler;
  const FcCliCommand *subcommands;  /* NULL-name terminated, or NULL */
};

extern const FcCliCommand fc_cli_connections_commands[];
extern const FcCliCommand fc_cli_mappings_commands[];
extern const FcCliCommand fc_cli_conflicts_commands[];
extern const FcCliCommand fc_cli_endpoints_commands[];
extern const FcCliCommand fc_cli_deliveries_commands[];
extern const FcCliCommand fc_cli_webhooks_commands[];

/* fc-cli-sync.c */
int       fc_cli_mappings_add    (const FcCliCommand *command,
                                  int                 argc,
                                  char              **argv);
int       fc_cli_sync            (const FcCliCommand *command,
                                  int                 argc,
                                  char              **argv);
int       fc_cli_log             (const FcCliCommand *command,
                                  int                 argc,
                                  char              **argv);

/* fc-cli-serve.c */
int       fc_cli_serve           (const FcCliCommand *command,
                                  int                 argc,
                                  char              **argv);

int       fc_cli_transform       (const FcCliCommand *command,
                                  int                 argc,
                                  char              **argv);

GOptionContext *fc_cli_option_context_new (const FcCliCommand *command,
                                           const GOptionEntry *entries);
gboolean  fc_cli_parse           (GOptionContext     *context,
                                  int                *argc,
                                  char             ***argv);
int       fc_cli_usage_error     (const FcCliCommand *command,
                                  const char         *format,
                                  ...) G_GNUC_PRINTF (2, 3);
int       fc_cli_fail            (GError             *error);
FcEngine *fc_cli_open_engine     (GError            **error);
void      fc_cli_print_json      (JsonNode           *node);
/* The callback of the commands' async calls: *@user_data (a GAsyncResult *) gets the result. */
void      fc_cli_on_ready        (GObject            *source,
                                  GAsyncResult       *result,
                                  gpointer            user_data);
/* Runs the main loop until fc_cli_on_ready () has set *@result; returns it. */
GAsyncResult *fc_cli_wait        (GAsyncResult      **result);

G_END_DECLS
