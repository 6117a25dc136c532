/* fc-store.h: the SQLite file that holds connections, mappings and sync state
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fc-connection.h"
#include "fc-mapping.h"

G_BEGIN_DECLS

/* The schema version this build writes; PRAGMA user_version of an up-to-date file. */
#define FC_STORE_SCHEMA_VERSION 7

/* The file name inside the data directory. */
#define FC_STORE_FILE_NAME "fluxcascade.db"

#define FC_STORE_ERROR (fc_store_error_quark ())

typedef enum {
  FC_STORE_ERROR_OPEN,       /* the file or its directory cannot be opened or created */
  FC_STORE_ERROR_TOO_NEW,    /* written by a newer FluxCascade; left untouched */
  FC_STORE_ERROR_CORRUPT,    /* not a FluxCascade database, or damaged; left untouched */
  FC_STORE_ERROR_CONSTRAINT, /* a uniqueness or reference rule would be broken */
  FC_STORE_ERROR_NOT_FOUND,  /* no row with that id (or name) */
  FC_STORE_ERROR_FAILED,     /* any other SQLite failure */
  FC_STORE_ERROR_CHANGED,    /* saved or removed by someone else since it was read */
} FcStoreError;

GQuark fc_store_error_quark (void);

#define FC_TYPE_STORE (fc_store_get_type ())

G_DECLARE_FINAL_TYPE (FcStore, fc_store, FC, STORE, GObject)

/* @override when not NULL, else $FLUXCASCADE_DATA_DIR when set and not empty, else
 * g_get_user_data_dir()/fluxcascade. */
char         *fc_store_resolve_data_dir              (const char   *override);

/* Opens (creating it and its directory, 0700, when missing) the database at @path and brings
 * its schema up to FC_STORE_SCHEMA_VERSION. A new file is made 0600. A file written by a
 * newer version (TOO_NEW) or that is not a database (CORRUPT) is refused unmodified. */
FcStore      *fc_store_open                          (const char   *path,
                                                      GError      **error);
const char   *fc_store_get_path                      (FcStore      *self);
/* Whether another connection to the file (another process) committed since the last call, or
 * since the store was opened. */
gboolean      fc_store_changed_elsewhere             (FcStore      *self);
int           fc_store_get_schema_version            (FcStore      *self);

/* Transactions nest: the outermost begin starts an immediate transaction, inner ones are
 * savepoints. Every begin must be matched by one commit or one rollback. */
gboolean      fc_store_transaction_begin             (FcStore      *self,
                                                      GError      **error);
gboolean      fc_store_transaction_commit            (FcStore      *self,
                                                      GError      **error);
void          fc_store_transaction_rollback          (FcStore      *self);

typedef gboolean (*FcStoreTransactionFunc) (FcStore   *store,
                                            gpointer   user_data,
                                            GError   **error);

/* Runs @func inside a transaction: committed when it returns TRUE, rolled back otherwise. */
gboolean      fc_store_run_in_transaction            (FcStore                 *self,
                                                      FcStoreTransactionFunc   func,
                                                      gpointer                 user_data,
                                                      GError                 **error);

/* Connections. Saving inserts or updates by id, assigns an id when unset, sets created-at
 * when unset and updated-at to now. */
gboolean      fc_store_save_connection               (FcStore      *self,
                                                      FcConnection *connection,
                                                      GError      **error);
/* (element-type FcConnection), ordered by creation time */
GPtrArray    *fc_store_list_connections              (FcStore      *self,
                                                      GError      **error);
FcConnection *fc_store_get_connection                (FcStore      *self,
                                                      const char   *id,
                                                      GError      **error);
/* Fails with CONSTRAINT, naming them, while mappings use the connection. */
gboolean      fc_store_remove_connection             (FcStore      *self,
                                                      const char   *id,
                                                      GError      **error);

/* Mappings. Saving validates first (FC_MAPPING_ERROR), then stores the mapping and its field
 * pairs, in order, in one transaction; it assigns an id when unset and sets the timestamps.
 * Names are unique, ignoring ASCII case (CONSTRAINT). */
gboolean      fc_store_save_mapping                  (FcStore      *self,
                                                      FcMapping    *mapping,
                                                      GError      **error);
/* As fc_store_save_mapping (), for a mapping read from the store and edited since: saves only
 * over the row it was read from, which still has the mapping's updated-at. Fails with CHANGED,
 * writing nothing, when a save (from this or another process) came in between or the mapping
 * was removed. A mapping without an id is saved as new. */
gboolean      fc_store_save_mapping_unless_changed   (FcStore      *self,
                                                      FcMapping    *mapping,
                                                      GError      **error);
/* (element-type FcMapping), ordered by name */
GPtrArray    *fc_store_list_mappings                 (FcStore      *self,
                                                      GError      **error);
GPtrArray    *fc_store_list_mappings_for_connection  (FcStore      *self,
                                                      const char   *connection_id,
                                                      GError      **error);
FcMapping    *fc_store_get_mapping                   (FcStore      *self,
                                                      const char   *id,
                                                      GError      **error);
/* By id, else by exact name. */
FcMapping    *fc_store_find_mapping                  (FcStore      *self,
                                                      const char   *id_or_name,
                                                      GError      **error);
/* Also removes everything recorded for the mapping (links, bases, cursors, runs, ...). */
gboolean      fc_store_remove_mapping                (FcStore      *self,
                                                      const char   *id,
                                                      GError      **error);

G_END_DECLS
