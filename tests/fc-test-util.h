/* fc-test-util.h: what many tests need and none should write again
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "fc-auth.h"
#include "fc-connection.h"
#include "fc-store.h"

G_BEGIN_DECLS

/* An async callback that keeps the result in the GAsyncResult * that @user_data points to. */
void          fc_test_on_ready_cb        (GObject       *source,
                                          GAsyncResult  *result,
                                          gpointer       user_data);
/* Runs the default main context until fc_test_on_ready_cb () filled *@slot; returns it. */
GAsyncResult *fc_test_wait_for          (GAsyncResult **slot);
/* How many times slower this run is than a plain one, from FC_TEST_TIMEOUT_MULTIPLIER (as
 * meson's --timeout-multiplier is for whole tests; build-aux/fc-dev sets it for sanitized runs):
 * waits of a test multiply their limits by it. 1 when unset. */
guint         fc_test_timeout_multiplier (void);
/* (transfer full) @text parsed as JSON; asserts that it is. */
JsonNode     *fc_test_parse_json        (const char    *text);
/* Deletes a folder made by the test and everything in it. */
void          fc_test_remove_tree       (const char    *path);
/* A new store in a new folder named from @template (g_dir_make_tmp ()), which *@dir gets:
 * the test removes it with fc_test_remove_tree (). */
FcStore      *fc_test_open_temp_store   (const char    *template,
                                         char         **dir);
/* (transfer full) A connection of @provider to account @account_id, saved in @store. */
FcConnection *fc_test_save_connection   (FcStore       *store,
                                         FcProvider     provider,
                                         const char    *account_id,
                                         const char    *account_name);
/* Puts a static token (private app token, personal API token) for @connection in the keyring. */
void          fc_test_store_static_token (FcAuth       *auth,
                                          FcConnection *connection,
                                          const char   *value);

/* What one run of fluxcascade-cli printed, and its exit status. */
typedef struct {
  int   status;
  char *out;
  char *err;
} FcTestCliResult;

void          fc_test_cli_result_clear  (FcTestCliResult *result);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FcTestCliResult, fc_test_cli_result_clear)

/* Runs the CLI that $FC_CLI names on @data_dir (NULL: none given) with the NULL-terminated
 * arguments, logs what it printed and asserts that it exited; @result may hold an earlier run,
 * which is cleared. */
void          fc_test_run_cli           (const char      *data_dir,
                                          FcTestCliResult *result,
                                          ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
