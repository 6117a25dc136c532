/* fuzz-mapping-import.c: mapping files through fc_mapping_io_import ()
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: a mapping file. The store (a temporary folder, removed at exit) stays open across
 * runs with four connections in it; each run imports inside a transaction that is rolled back,
 * so nothing carries over. Checks: what imports exports again, and the export imports again
 * to the same number of mappings.
 */

#define G_LOG_DOMAIN "fc-fuzz"

#include "config.h"

#include <glib/gstdio.h>

#include "fc-mapping-io.h"
#include "fc-mapping.h"
#include "fc-fuzz.h"

static FcStore *store = NULL;
static char *store_dir = NULL;

static void
remove_store (void)
{
  g_autoptr (GDir) dir = NULL;
  const char *name;

  g_clear_object (&store);
  if (store_dir == NULL)
    return;
  dir = g_dir_open (store_dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (store_dir, name, NULL);

      g_unlink (file);
    }
  g_rmdir (store_dir);
  g_clear_pointer (&store_dir, g_free);
}

static void
add_connection (FcProvider  provider,
                const char *account_id,
                const char *account_name)
{
  g_autoptr (FcConnection) connection = fc_connection_new (provider);
  g_autoptr (GError) error = NULL;

  fc_connection_set_account_id (connection, account_id);
  fc_connection_set_account_name (connection, account_name);
  if (!fc_store_save_connection (store, connection, &error))
    g_error ("Cannot save a connection: %s", error->message);
}

static FcStore *
get_store (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  if (store != NULL)
    return store;

  store_dir = g_dir_make_tmp ("fc-fuzz-mapping-import-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (store_dir, "fluxcascade.db", NULL);
  store = fc_store_open (path, &error);
  g_assert_no_error (error);
  atexit (remove_store);

  add_connection (FC_PROVIDER_HUBSPOT, "4821", "Acme Plumbing");
  add_connection (FC_PROVIDER_JOBBER, "J-774", "Acme Field");
  add_connection (FC_PROVIDER_PIPEDRIVE, "77", "Acme Sales");
  add_connection (FC_PROVIDER_SALESFORCE, NULL, "Acme SF");
  return store;
}

static GPtrArray *
import_rolled_back (const char  *json,
                    gssize       length,
                    char       **out_export)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *imported;

  g_assert (fc_store_transaction_begin (get_store (), &error));
  imported = fc_mapping_io_import (store, json, length, NULL, &error);
  g_assert ((imported == NULL) != (error == NULL));
  if (imported == NULL)
    g_assert (error->domain == FC_MAPPING_IO_ERROR);
  if (imported != NULL && out_export != NULL)
    {
      *out_export = fc_mapping_io_export (store, imported, &error);
      g_assert_no_error (error);
    }
  fc_store_transaction_rollback (store);
  return imported;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr (GPtrArray) imported = NULL;
  g_autoptr (GPtrArray) again = NULL;
  g_autofree char *exported = NULL;

  fc_fuzz_init ();
  imported = import_rolled_back ((const char *) data, (gssize) size, &exported);
  if (imported == NULL)
    return 0;

  again = import_rolled_back (exported, -1, NULL);
  g_assert (again != NULL);
  g_assert (again->len == imported->len);
  return 0;
}
