/* fc-store-private.h: what the engine's own modules use of the store
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "fc-store.h"

G_BEGIN_DECLS

void          _fc_store_release_statement     (sqlite3_stmt  *stmt);

/* Statements from _fc_store_prepare () go back to the store for reuse when their scope ends. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, _fc_store_release_statement)

/* The connection, for the engine's modules that keep their own tables (links, bases, runs...).
 * Owned by the store; use it on the thread that opened the store. */
sqlite3      *_fc_store_get_db                (FcStore       *self);

/* Prepares @sql, or sets @error (FAILED, with SQLite's message and the statement). */
sqlite3_stmt *_fc_store_prepare               (FcStore       *self,
                                               const char    *sql,
                                               GError       **error);
/* A copy of some rows kept in memory by a module (fc-sync-store.c's bases of a chunk): dropped
 * whenever a transaction rolls back, as it may then hold rows that were never committed.
 * Setting replaces (and destroys) the one before; NULL drops it. */
gpointer      _fc_store_get_mirror            (FcStore       *self);
void          _fc_store_set_mirror            (FcStore       *self,
                                               gpointer       data,
                                               GDestroyNotify destroy);
/* Rows a module holds back inside a transaction to write several to a statement
 * (fc-sync-store.c): @flush writes them, and is called before any other statement is prepared
 * or run through the store (a savepoint and the commit included), so that every statement sees
 * them; a rollback drops them (@destroy) with the transaction. @flush empties what it wrote and
 * keeps @data; it fails with the first statement that does. Setting replaces (and destroys) the
 * data before; NULL drops it. Rows are held only where _fc_store_can_hold_rows () says. */
typedef gboolean (*FcStoreFlushFunc)          (FcStore       *self,
                                               gpointer       data,
                                               GError       **error);
gpointer      _fc_store_get_held_rows         (FcStore       *self);
/* Writes the rows held now (through @flush) */
gboolean      _fc_store_flush_held_rows       (FcStore       *self,
                                               GError       **error);
void          _fc_store_set_held_rows         (FcStore       *self,
                                               gpointer       data,
                                               FcStoreFlushFunc flush,
                                               GDestroyNotify destroy);
/* Inside a transaction and outside its savepoints. A caller opens a savepoint to handle the
 * failure of a statement itself (fc-sync-apply.c's store_new_links ()): there, and outside
 * transactions, a row is written at once, and its failure is the statement's own. */
gboolean      _fc_store_can_hold_rows         (FcStore       *self);
/* Runs statements that return no rows. */
gboolean      _fc_store_exec                  (FcStore       *self,
                                               const char    *sql,
                                               GError       **error);
/* Turns the last SQLite failure into @error: CONSTRAINT for constraint failures (the message
 * says what was being done, @what, and SQLite's explanation), FAILED otherwise. */
void          _fc_store_set_error_from_db     (FcStore       *self,
                                               int            rc,
                                               const char    *what,
                                               GError       **error);

/* Binds @value, or NULL. */
void          _fc_store_bind_text             (sqlite3_stmt  *stmt,
                                               int            index,
                                               const char    *value);
/* Steps a statement whose rows, if any, are not wanted; @what says what was being done, for
 * the error message. */
gboolean      _fc_store_step_done             (FcStore       *self,
                                               sqlite3_stmt  *stmt,
                                               const char    *what,
                                               GError       **error);
const char   *_fc_store_column_text           (sqlite3_stmt  *stmt,
                                               int            column);
/* Reads an enumeration stored as its nick; an unknown nick is a CORRUPT error naming @table
 * and @row_id. */
gboolean      _fc_store_column_enum           (sqlite3_stmt  *stmt,
                                               int            column,
                                               GType          type,
                                               const char    *table,
                                               const char    *row_id,
                                               int           *out_value,
                                               GError       **error);
/* NULL for a NULL column. */
GDateTime    *_fc_store_column_date_time      (sqlite3_stmt  *stmt,
                                               int            column);
/* A JSON array of strings; anything else is a CORRUPT error naming @table and @row_id. */
GStrv         _fc_store_column_strv           (sqlite3_stmt  *stmt,
                                               int            column,
                                               const char    *table,
                                               const char    *row_id,
                                               GError       **error);

/* Timestamps are stored as integer milliseconds since the Unix epoch, UTC. */
gint64        _fc_store_ms_from_date_time     (GDateTime     *dt);
GDateTime    *_fc_store_date_time_from_ms     (gint64         ms);
gint64        _fc_store_now_ms                (void);

/* A new id: @prefix and 32 lowercase hex digits. */
char         *_fc_store_new_id                (const char    *prefix);

/* Lists of strings are stored as JSON arrays (_fc_json_text_append_strv ()). */
char         *_fc_store_strv_to_json          (const char * const *strv);
GStrv         _fc_store_strv_from_json        (const char    *json,
                                               GError       **error);

/* fc-store-schema.c */
/* The schema version of the open database (PRAGMA user_version). */
gboolean      _fc_store_schema_read_version   (sqlite3       *db,
                                               int           *out_version,
                                               GError       **error);
/* Applies every migration after @from_version, each in its own transaction. */
gboolean      _fc_store_schema_migrate        (sqlite3       *db,
                                               int            from_version,
                                               GError       **error);
/* Brings a database up to @to_version only (for tests that need an old schema). */
gboolean      _fc_store_schema_migrate_to     (sqlite3       *db,
                                               int            from_version,
                                               int            to_version,
                                               GError       **error);

G_END_DECLS
