/* fc-store-schema.c: the database schema, version by version
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-store-private.h"

/* Conventions of every version:
 * - ids of user-visible objects are text with a type prefix ("con_", "map_", "run_", "whk_"),
 *   rows that only the engine sees have integer ids;
 * - times are integer milliseconds since the Unix epoch, UTC, in columns named *_at;
 * - enumerations are stored as their nicks (fc-types.h), lists of strings as JSON arrays;
 * - no secret is ever stored here: tokens and signing keys live in the keyring.
 *
 * Migrations are forward-only. Migration N turns a version N-1 database into version N and runs
 * in one transaction together with the user_version update, so a failure leaves the file at
 * N-1. Never edit a migration once released: add the next one. */

/* Version 1: what the first release stored. tests/data/fluxcascade-v1.sql is a copy of it,
 * with data, and tests/data/fluxcascade-v1.db is that file built with sqlite3. */
static const char migration_1[] =
  "CREATE TABLE connections ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  provider TEXT NOT NULL,"
  "  status TEXT NOT NULL DEFAULT 'active',"
  "  account_name TEXT,"
  "  account_id TEXT,"
  "  api_base_url TEXT,"
  "  auth_base_url TEXT,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX connections_account ON connections (provider, account_id);"
  ""
  "CREATE TABLE mappings ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  name TEXT NOT NULL,"
  "  source_connection_id TEXT NOT NULL REFERENCES connections (id),"
  "  source_object TEXT NOT NULL,"
  "  target_connection_id TEXT NOT NULL REFERENCES connections (id),"
  "  target_object TEXT NOT NULL,"
  "  direction TEXT NOT NULL DEFAULT 'source_to_target',"
  "  match_rule TEXT NOT NULL DEFAULT '[]',"
  "  conflict_strategy TEXT NOT NULL DEFAULT 'newest_wins',"
  "  active INTEGER NOT NULL DEFAULT 1,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX mappings_source_connection ON mappings (source_connection_id);"
  "CREATE INDEX mappings_target_connection ON mappings (target_connection_id);"
  ""
  "CREATE TABLE field_pairs ("
  "  mapping_id TEXT NOT NULL REFERENCES mappings (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  source_fields TEXT NOT NULL,"
  "  target_fields TEXT NOT NULL,"
  "  transform TEXT,"
  "  direction TEXT NOT NULL DEFAULT 'bidirectional',"
  "  required INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (mapping_id, position)"
  ");";

/* Version 2: the mapping's delete policy and triggers, unique mapping names, and the tables of
 * the sync engine, the webhook listener and the outbound notifier. */
static const char migration_2[] =
  "ALTER TABLE mappings ADD COLUMN delete_policy TEXT NOT NULL DEFAULT 'ignore';"
  "ALTER TABLE mappings ADD COLUMN realtime INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE mappings ADD COLUMN schedule_minutes INTEGER NOT NULL DEFAULT 0;"
  ""
  /* Version 1 allowed two mappings of the same name; keep the oldest name as it is and make the
   * others unique by their id before the index forbids duplicates. */
  "UPDATE mappings SET name = name || ' (' || id || ')'"
  "  WHERE rowid NOT IN (SELECT min(rowid) FROM mappings GROUP BY name COLLATE NOCASE);"
  "CREATE UNIQUE INDEX mappings_name ON mappings (name COLLATE NOCASE);"
  ""
  /* One row per pair of records known to correspond. */
  "CREATE TABLE links ("
  "  id INTEGER PRIMARY KEY,"
  "  mapping_id TEXT NOT NULL REFERENCES mappings (id) ON DELETE CASCADE,"
  "  source_record_id TEXT NOT NULL,"
  "  target_record_id TEXT NOT NULL,"
  "  match_key TEXT,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  UNIQUE (mapping_id, source_record_id),"
  "  UNIQUE (mapping_id, target_record_id)"
  ");"
  "CREATE INDEX links_match_key ON links (mapping_id, match_key);"
  ""
  /* The last values both sides agreed on, per link and field pair. A pair is known by its key
   * (its source and target field names), so that reordering pairs keeps their bases and
   * changing a pair's fields starts it afresh. Values are JSON arrays, one per field. */
  "CREATE TABLE bases ("
  "  link_id INTEGER NOT NULL REFERENCES links (id) ON DELETE CASCADE,"
  "  pair_key TEXT NOT NULL,"
  "  source_values TEXT,"
  "  target_values TEXT,"
  "  updated_at INTEGER NOT NULL,"
  "  PRIMARY KEY (link_id, pair_key)"
  ") WITHOUT ROWID;"
  ""
  /* How far each side has been read: the provider's opaque position and/or a modified-since
   * time; the fetch subtracts its overlap window from the latter. */
  "CREATE TABLE cursors ("
  "  mapping_id TEXT NOT NULL REFERENCES mappings (id) ON DELETE CASCADE,"
  "  side TEXT NOT NULL CHECK (side IN ('source', 'target')),"
  "  position TEXT,"
  "  modified_since INTEGER,"
  "  updated_at INTEGER NOT NULL,"
  "  PRIMARY KEY (mapping_id, side)"
  ") WITHOUT ROWID;"
  ""
  "CREATE TABLE runs ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  mapping_id TEXT NOT NULL REFERENCES mappings (id) ON DELETE CASCADE,"
  "  trigger TEXT NOT NULL,"
  "  status TEXT NOT NULL DEFAULT 'pending',"
  "  dry_run INTEGER NOT NULL DEFAULT 0,"
  "  started_at INTEGER NOT NULL,"
  "  finished_at INTEGER,"
  "  fetched INTEGER NOT NULL DEFAULT 0,"
  "  created INTEGER NOT NULL DEFAULT 0,"
  "  updated INTEGER NOT NULL DEFAULT 0,"
  "  skipped INTEGER NOT NULL DEFAULT 0,"
  "  conflicts INTEGER NOT NULL DEFAULT 0,"
  "  failed INTEGER NOT NULL DEFAULT 0,"
  "  error TEXT"
  ");"
  "CREATE INDEX runs_mapping ON runs (mapping_id, started_at);"
  "CREATE INDEX runs_started ON runs (started_at);"
  ""
  /* What a run did to each record (record.created, record.updated, record.error, ...). */
  "CREATE TABLE run_events ("
  "  id INTEGER PRIMARY KEY,"
  "  run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,"
  "  at INTEGER NOT NULL,"
  "  kind TEXT NOT NULL,"
  "  side TEXT CHECK (side IS NULL OR side IN ('source', 'target')),"
  "  source_record_id TEXT,"
  "  target_record_id TEXT,"
  "  message TEXT,"
  "  details TEXT"
  ");"
  "CREATE INDEX run_events_run ON run_events (run_id, id);"
  ""
  /* Values both sides changed differently since the base; open while resolved_at is NULL. */
  "CREATE TABLE conflicts ("
  "  id INTEGER PRIMARY KEY,"
  "  mapping_id TEXT NOT NULL REFERENCES mappings (id) ON DELETE CASCADE,"
  "  link_id INTEGER NOT NULL REFERENCES links (id) ON DELETE CASCADE,"
  "  run_id TEXT REFERENCES runs (id) ON DELETE SET NULL,"
  "  pair_key TEXT NOT NULL,"
  "  base_values TEXT,"
  "  source_values TEXT,"
  "  target_values TEXT,"
  "  source_modified_at INTEGER,"
  "  target_modified_at INTEGER,"
  "  strategy TEXT NOT NULL,"
  "  resolution TEXT CHECK (resolution IS NULL OR resolution IN ('source', 'target')),"
  "  created_at INTEGER NOT NULL,"
  "  resolved_at INTEGER"
  ");"
  "CREATE INDEX conflicts_mapping ON conflicts (mapping_id, resolved_at);"
  "CREATE INDEX conflicts_link ON conflicts (link_id);"
  ""
  /* Written before each remote create and removed once the link is stored: after a crash the
   * record is looked up before it is created again. */
  "CREATE TABLE intents ("
  "  id INTEGER PRIMARY KEY,"
  "  mapping_id TEXT NOT NULL REFERENCES mappings (id) ON DELETE CASCADE,"
  "  run_id TEXT REFERENCES runs (id) ON DELETE SET NULL,"
  "  side TEXT NOT NULL CHECK (side IN ('source', 'target')),"
  "  origin_record_id TEXT NOT NULL,"
  "  match_key TEXT,"
  "  payload TEXT,"
  "  created_at INTEGER NOT NULL,"
  "  UNIQUE (mapping_id, side, origin_record_id)"
  ");"
  ""
  /* Webhook deliveries received, stored before they are acknowledged; the provider's event id
   * makes duplicates and replays fail the unique constraint. */
  "CREATE TABLE inbound_events ("
  "  id INTEGER PRIMARY KEY,"
  "  provider TEXT NOT NULL,"
  "  connection_id TEXT REFERENCES connections (id) ON DELETE CASCADE,"
  "  event_id TEXT NOT NULL,"
  "  kind TEXT,"
  "  object TEXT,"
  "  record_id TEXT,"
  "  payload TEXT NOT NULL,"
  "  status TEXT NOT NULL DEFAULT 'pending',"
  "  attempts INTEGER NOT NULL DEFAULT 0,"
  "  next_attempt_at INTEGER,"
  "  last_error TEXT,"
  "  received_at INTEGER NOT NULL,"
  "  processed_at INTEGER,"
  "  UNIQUE (provider, event_id)"
  ");"
  "CREATE INDEX inbound_events_due ON inbound_events (status, next_attempt_at);"
  "CREATE INDEX inbound_events_received ON inbound_events (received_at);"
  ""
  /* The user's own endpoints for FluxCascade's events; the signing secret is in the keyring
   * under the endpoint id. An empty event_types array means every event. */
  "CREATE TABLE outbound_endpoints ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  url TEXT NOT NULL,"
  "  description TEXT,"
  "  event_types TEXT NOT NULL DEFAULT '[]',"
  "  enabled INTEGER NOT NULL DEFAULT 1,"
  "  consecutive_failures INTEGER NOT NULL DEFAULT 0,"
  "  disabled_reason TEXT,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL"
  ");"
  ""
  "CREATE TABLE deliveries ("
  "  id INTEGER PRIMARY KEY,"
  "  endpoint_id TEXT NOT NULL REFERENCES outbound_endpoints (id) ON DELETE CASCADE,"
  "  event_id TEXT NOT NULL,"
  "  event_type TEXT NOT NULL,"
  "  payload TEXT NOT NULL,"
  "  status TEXT NOT NULL DEFAULT 'pending',"
  "  attempts INTEGER NOT NULL DEFAULT 0,"
  "  next_attempt_at INTEGER,"
  "  last_status_code INTEGER,"
  "  last_error TEXT,"
  "  created_at INTEGER NOT NULL,"
  "  delivered_at INTEGER,"
  "  UNIQUE (endpoint_id, event_id)"
  ");"
  "CREATE INDEX deliveries_due ON deliveries (status, next_attempt_at);"
  "CREATE INDEX deliveries_created ON deliveries (created_at);";

/* Version 3: how the user resolved a conflict, kept until a run has written it, and the count
 * of records a run parked. A resolution taking one side sets resolution; one giving a value of
 * the user's own leaves resolution NULL and sets resolved_values to {"source":[...],
 * "target":[...]}, the values each side must end with. applied_at is set once both sides hold
 * the resolved values (at once for conflicts the mapping's strategy settled). */
static const char migration_3[] =
  "ALTER TABLE runs ADD COLUMN parked INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE conflicts ADD COLUMN resolved_values TEXT;"
  "ALTER TABLE conflicts ADD COLUMN applied_at INTEGER;"
  "CREATE INDEX conflicts_pending ON conflicts (mapping_id, applied_at);";

/* Version 4: what the sync guard, external ids, schedules and the webhook listener keep.
 * - field_pairs.allow_clear: an empty value may erase a non-empty one through this pair.
 * - mappings.external_id_fields: JSON ["source field", "target field"] into which each side's
 *   record gets its counterpart's id, or NULL when the mapping does not store external ids.
 * - mappings.next_run_at / last_scheduled_at: the schedule's persisted next and last due time.
 * - runs.plan: the plan of a run the guard held (status 'held') until the user approves it;
 *   runs.approved_at: when the user approved it, and runs.approved_run_id the run that did it.
 * - connections.webhook_registration: what the provider's API said when the subscription was
 *   made (JSON: ids of the subscriptions), NULL when none is registered through the API;
 *   connections.webhook_last_received_at: when the last verified webhook arrived. */
static const char migration_4[] =
  "ALTER TABLE field_pairs ADD COLUMN allow_clear INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE mappings ADD COLUMN external_id_fields TEXT;"
  "ALTER TABLE mappings ADD COLUMN next_run_at INTEGER;"
  "ALTER TABLE mappings ADD COLUMN last_scheduled_at INTEGER;"
  "ALTER TABLE runs ADD COLUMN plan TEXT;"
  "ALTER TABLE runs ADD COLUMN approved_at INTEGER;"
  "ALTER TABLE runs ADD COLUMN approved_run_id TEXT;"
  "ALTER TABLE connections ADD COLUMN webhook_registration TEXT;"
  "ALTER TABLE connections ADD COLUMN webhook_last_received_at INTEGER;"
  "CREATE INDEX runs_status ON runs (status);"
  "CREATE INDEX run_events_source ON run_events (source_record_id);"
  "CREATE INDEX run_events_target ON run_events (target_record_id);";

/* Version 5: the listener looks for an earlier event of the same record with the same content
 * before storing one; without this index that look-up scanned the whole day's events and the
 * listener acknowledged ever more slowly under load (bench/fc-bench-webhooks). */
static const char migration_5[] =
  "CREATE INDEX inbound_events_record ON inbound_events (connection_id, record_id, received_at);";

/* Version 6: one intent row per batch of creates instead of one per record. records is a JSON
 * array of {"origin": the record created from, "matchKey": its match value or null, "bases":
 * the bases the create sets once confirmed, or null}. A row per record cost two B-tree
 * inserts (the table and its unique index) before each batch and two deletes after it, a good
 * part of the store's work per created record; a batch's row is one insert and one delete.
 * The rows of version 5 become batches of one (but for an orphan, which no run could use and
 * the new table's foreign keys would refuse).
 * links_match_key goes: no query reads links by their match key (matching works on the staged
 * records), and each new link paid for an entry in it. */
static const char migration_6[] =
  "ALTER TABLE intents RENAME TO intents_v5;"
  "CREATE TABLE intents ("
  "  id INTEGER PRIMARY KEY,"
  "  mapping_id TEXT NOT NULL REFERENCES mappings (id) ON DELETE CASCADE,"
  "  run_id TEXT REFERENCES runs (id) ON DELETE SET NULL,"
  "  side TEXT NOT NULL CHECK (side IN ('source', 'target')),"
  "  records TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL"
  ");"
  "INSERT INTO intents (mapping_id, run_id, side, records, created_at) "
  "SELECT mapping_id, (SELECT id FROM runs WHERE id = run_id), side, "
  "  json_array (json_object ('origin', origin_record_id, 'matchKey', match_key, "
  "  'bases', CASE WHEN json_valid (payload) THEN json (payload) END)), created_at "
  "FROM intents_v5 WHERE mapping_id IN (SELECT id FROM mappings) ORDER BY id;"
  "DROP TABLE intents_v5;"
  "DROP INDEX links_match_key;";

/* Version 7: a conflict's id is never given again. The user names conflicts by id
 * (fluxcascade-cli conflicts resolve ID); with a plain INTEGER PRIMARY KEY, removing a mapping
 * whose conflicts had the highest ids let the next conflict, of any mapping, take an id a
 * listing had shown for another, and an old command would then settle the wrong one.
 * AUTOINCREMENT keeps the highest id ever used in sqlite_sequence; the copied rows keep their
 * ids. */
static const char migration_7[] =
  "ALTER TABLE conflicts RENAME TO conflicts_v6;"
  "CREATE TABLE conflicts ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  mapping_id TEXT NOT NULL REFERENCES mappings (id) ON DELETE CASCADE,"
  "  link_id INTEGER NOT NULL REFERENCES links (id) ON DELETE CASCADE,"
  "  run_id TEXT REFERENCES runs (id) ON DELETE SET NULL,"
  "  pair_key TEXT NOT NULL,"
  "  base_values TEXT,"
  "  source_values TEXT,"
  "  target_values TEXT,"
  "  source_modified_at INTEGER,"
  "  target_modified_at INTEGER,"
  "  strategy TEXT NOT NULL,"
  "  resolution TEXT CHECK (resolution IS NULL OR resolution IN ('source', 'target')),"
  "  created_at INTEGER NOT NULL,"
  "  resolved_at INTEGER,"
  "  resolved_values TEXT,"
  "  applied_at INTEGER"
  ");"
  "INSERT INTO conflicts (id, mapping_id, link_id, run_id, pair_key, base_values, "
  "  source_values, target_values, source_modified_at, target_modified_at, strategy, "
  "  resolution, created_at, resolved_at, resolved_values, applied_at) "
  "SELECT id, mapping_id, link_id, run_id, pair_key, base_values, source_values, "
  "  target_values, source_modified_at, target_modified_at, strategy, resolution, created_at, "
  "  resolved_at, resolved_values, applied_at FROM conflicts_v6 ORDER BY id;"
  "DROP TABLE conflicts_v6;"
  "CREATE INDEX conflicts_mapping ON conflicts (mapping_id, resolved_at);"
  "CREATE INDEX conflicts_link ON conflicts (link_id);"
  "CREATE INDEX conflicts_pending ON conflicts (mapping_id, applied_at);";

static const char * const migrations[] = {
  migration_1,
  migration_2,
  migration_3,
  migration_4,
  migration_5,
  migration_6,
  migration_7,
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == FC_STORE_SCHEMA_VERSION);

static void
set_db_error (sqlite3     *db,
              int          rc,
              GError     **error,
              const char  *what)
{
  int code = FC_STORE_ERROR_FAILED;

  if ((rc & 0xff) == SQLITE_NOTADB || (rc & 0xff) == SQLITE_CORRUPT)
    code = FC_STORE_ERROR_CORRUPT;

  g_set_error (error, FC_STORE_ERROR, code, "%s: %s", what, sqlite3_errmsg (db));
}

gboolean
_fc_store_schema_read_version (sqlite3  *db,
                               int      *out_version,
                               GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      set_db_error (db, rc, error, _("Cannot read the schema version"));
      sqlite3_finalize (stmt);
      return FALSE;
    }

  *out_version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return TRUE;
}

static gboolean
exec_or_error (sqlite3     *db,
               const char  *sql,
               int          version,
               GError     **error)
{
  char *errmsg = NULL;
  int rc = sqlite3_exec (db, sql, NULL, NULL, &errmsg);

  if (rc == SQLITE_OK)
    return TRUE;

  g_set_error (error, FC_STORE_ERROR, FC_STORE_ERROR_FAILED,
               _("Cannot upgrade the database to schema version %d: %s"),
               version, errmsg != NULL ? errmsg : sqlite3_errstr (rc));
  sqlite3_free (errmsg);
  return FALSE;
}

static gboolean
apply_migration (sqlite3  *db,
                 int       version,
                 GError  **error)
{
  g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", version);
  int current;

  if (!exec_or_error (db, "BEGIN IMMEDIATE", version, error))
    return FALSE;

  /* Another process (the app and the command line starting together) may have upgraded the
   * file since it was first read; holding the write lock, look again. */
  if (!_fc_store_schema_read_version (db, &current, error))
    goto fail;
  if (current >= version)
    return exec_or_error (db, "COMMIT", version, error);

  /* user_version is in the file header, so it commits or rolls back with the migration. */
  if (!exec_or_error (db, migrations[version - 1], version, error) ||
      !exec_or_error (db, set_version, version, error) ||
      !exec_or_error (db, "COMMIT", version, error))
    goto fail;

  g_debug ("Upgraded the database to schema version %d", version);
  return TRUE;

fail:
  if (!sqlite3_get_autocommit (db))
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

gboolean
_fc_store_schema_migrate_to (sqlite3  *db,
                             int       from_version,
                             int       to_version,
                             GError  **error)
{
  g_return_val_if_fail (from_version >= 0, FALSE);
  g_return_val_if_fail (to_version <= FC_STORE_SCHEMA_VERSION, FALSE);

  for (int version = from_version + 1; version <= to_version; version++)
    if (!apply_migration (db, version, error))
      return FALSE;

  return TRUE;
}

gboolean
_fc_store_schema_migrate (sqlite3  *db,
                          int       from_version,
                          GError  **error)
{
  return _fc_store_schema_migrate_to (db, from_version, FC_STORE_SCHEMA_VERSION, error);
}
