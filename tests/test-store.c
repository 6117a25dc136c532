/* test-store.c: the SQLite store: files, permissions, migrations, rows and errors
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fc-test-util.h"

#include <glib/gstdio.h>
#include <sys/stat.h>

#include "fc-engine.h"
#include "fc-store-private.h"
#include "fc-sync-store.h"

typedef struct
{
  char *dir;   /* a fresh temporary directory */
  char *path;  /* dir/data/fluxcascade.db, not created yet */
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("fc-test-store-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "data", FC_STORE_FILE_NAME, NULL);
}


static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  fc_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static FcStore *
open_store (const char *path)
{
  g_autoptr (GError) error = NULL;
  FcStore *store = fc_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static FcMapping *
new_mapping (const char   *name,
             FcConnection *source,
             FcConnection *target)
{
  FcMapping *mapping = fc_mapping_new ();
  g_autoptr (FcFieldPair) email = fc_field_pair_new_simple ("email", "email");
  g_autoptr (FcFieldPair) phone = fc_field_pair_new_simple ("phone", "phone");

  fc_mapping_set_name (mapping, name);
  fc_mapping_set_source_connection_id (mapping, fc_connection_get_id (source));
  fc_mapping_set_source_object (mapping, "contacts");
  fc_mapping_set_target_connection_id (mapping, fc_connection_get_id (target));
  fc_mapping_set_target_object (mapping, "clients");
  fc_mapping_add_field_pair (mapping, email);
  fc_mapping_add_field_pair (mapping, phone);
  return mapping;
}

static gint64
query_int (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static char *
query_text (sqlite3    *db,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

static guint
file_mode (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 0777;
}

static const char * const all_tables[] = {
  "connections", "mappings", "field_pairs", "links", "bases", "cursors", "runs", "run_events",
  "conflicts", "intents", "inbound_events", "outbound_endpoints", "deliveries", NULL
};

static void
assert_has_all_tables (FcStore *store)
{
  for (guint i = 0; all_tables[i] != NULL; i++)
    {
      g_autofree char *sql =
        g_strdup_printf ("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '%s'",
                         all_tables[i]);

      g_test_message ("table %s", all_tables[i]);
      g_assert_cmpint (query_int (_fc_store_get_db (store), sql), ==, 1);
    }
}

static void
test_create (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr (FcStore) store = NULL;
  g_autofree char *data_dir = g_path_get_dirname (fixture->path);
  g_autofree char *journal = NULL;
  sqlite3 *db;

  g_assert_false (g_file_test (data_dir, G_FILE_TEST_EXISTS));

  store = open_store (fixture->path);
  db = _fc_store_get_db (store);

  g_assert_cmpstr (fc_store_get_path (store), ==, fixture->path);
  g_assert_cmpint (fc_store_get_schema_version (store), ==, FC_STORE_SCHEMA_VERSION);
  g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==, FC_STORE_SCHEMA_VERSION);
  g_assert_cmpint (query_int (db, "PRAGMA foreign_keys"), ==, 1);
  journal = query_text (db, "PRAGMA journal_mode");
  g_assert_cmpstr (journal, ==, "wal");

  g_assert_cmpuint (file_mode (data_dir), ==, 0700);
  g_assert_cmpuint (file_mode (fixture->path), ==, 0600);
  assert_has_all_tables (store);
}

static void
test_reopen (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (FcStore) store = open_store (fixture->path);
  g_autoptr (FcConnection) hubspot =
    fc_test_save_connection (store, FC_PROVIDER_HUBSPOT, "4821", "Acme");
  g_autoptr (FcConnection) jobber =
    fc_test_save_connection (store, FC_PROVIDER_JOBBER, "J-1", "Acme Ops");
  g_autoptr (FcMapping) mapping = new_mapping ("Contacts", hubspot, jobber);
  g_autoptr (GPtrArray) connections = NULL;
  g_autoptr (GPtrArray) mappings = NULL;
  FcMapping *found;

  g_assert_true (fc_store_save_mapping (store, mapping, &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  store = open_store (fixture->path);
  g_assert_cmpuint (file_mode (fixture->path), ==, 0600);

  connections = fc_store_list_connections (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (connections->len, ==, 2);
  g_assert_cmpstr (fc_connection_get_id (g_ptr_array_index (connections, 0)), ==,
                   fc_connection_get_id (hubspot));
  g_assert_cmpstr (fc_connection_get_account_name (g_ptr_array_index (connections, 1)), ==,
                   "Acme Ops");

  mappings = fc_store_list_mappings (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mappings->len, ==, 1);
  found = g_ptr_array_index (mappings, 0);
  g_assert_cmpstr (fc_mapping_get_id (found), ==, fc_mapping_get_id (mapping));
  g_assert_cmpstr (fc_mapping_get_name (found), ==, "Contacts");
  g_assert_cmpuint (fc_mapping_get_n_field_pairs (found), ==, 2);
}

static void
test_resolve_data_dir (void)
{
  g_autofree char *saved = g_strdup (g_getenv ("FLUXCASCADE_DATA_DIR"));
  g_autofree char *from_override = NULL;
  g_autofree char *from_env = NULL;
  g_autofree char *from_default = NULL;
  g_autofree char *expected_default = NULL;

  g_setenv ("FLUXCASCADE_DATA_DIR", "/tmp/from-env", TRUE);
  from_override = fc_store_resolve_data_dir ("/tmp/override");
  from_env = fc_store_resolve_data_dir (NULL);
  g_unsetenv ("FLUXCASCADE_DATA_DIR");
  from_default = fc_store_resolve_data_dir (NULL);
  if (saved != NULL)
    g_setenv ("FLUXCASCADE_DATA_DIR", saved, TRUE);

  expected_default = g_build_filename (g_get_user_data_dir (), "fluxcascade", NULL);
  g_assert_cmpstr (from_override, ==, "/tmp/override");
  g_assert_cmpstr (from_env, ==, "/tmp/from-env");
  g_assert_cmpstr (from_default, ==, expected_default);
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *dir = g_path_get_dirname (to);
  gsize length;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_get_contents (from, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (to, contents, length, &error));
  g_assert_no_error (error);
}

static const char v1_contacts[] = "map_0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a";
static const char v1_hubspot[] = "con_5f0c2a9e41d84c7f9b1e6a3d2c8b7f10";
static const char v1_jobber[] = "con_9a7e3b1c5d2f4e6a8b0c1d2e3f4a5b6c";

static void
assert_v1_connections (FcStore *store)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (FcConnection) hubspot = fc_store_get_connection (store, v1_hubspot, &error);
  g_autoptr (FcConnection) jobber = NULL;
  g_autofree char *created = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (fc_connection_get_provider (hubspot), ==, FC_PROVIDER_HUBSPOT);
  g_assert_cmpint (fc_connection_get_status (hubspot), ==, FC_CONNECTION_STATUS_ACTIVE);
  g_assert_cmpstr (fc_connection_get_account_name (hubspot), ==, "Acme Plumbing");
  g_assert_cmpstr (fc_connection_get_account_id (hubspot), ==, "48213377");
  g_assert_null (fc_connection_get_api_base_url (hubspot));
  created = g_date_time_format_iso8601 (fc_connection_get_created_at (hubspot));
  g_assert_cmpstr (created, ==, "2026-01-05T09:00:00Z");

  jobber = fc_store_get_connection (store, v1_jobber, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fc_connection_get_provider (jobber), ==, FC_PROVIDER_JOBBER);
  g_assert_cmpint (fc_connection_get_status (jobber), ==, FC_CONNECTION_STATUS_EXPIRED);
  g_assert_cmpstr (fc_connection_get_api_base_url (jobber), ==, "http://127.0.0.1:8931");
  g_assert_cmpstr (fc_connection_get_auth_base_url (jobber), ==, "http://127.0.0.1:8931");
}

static void
assert_v1_contacts_mapping (FcStore *store)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (FcMapping) mapping = fc_store_get_mapping (store, v1_contacts, &error);
  const char * const names[] = { "firstName", "lastName", NULL };
  FcFieldPair *pair;

  g_assert_no_error (error);
  g_assert_cmpstr (fc_mapping_get_name (mapping), ==, "Contacts to clients");
  g_assert_cmpstr (fc_mapping_get_source_connection_id (mapping), ==, v1_hubspot);
  g_assert_cmpstr (fc_mapping_get_target_object (mapping), ==, "clients");
  g_assert_cmpint (fc_mapping_get_direction (mapping), ==, FC_DIRECTION_BIDIRECTIONAL);
  g_assert_cmpint (fc_mapping_get_conflict_strategy (mapping), ==,
                   FC_CONFLICT_STRATEGY_SOURCE_WINS);
  g_assert_true (fc_mapping_get_active (mapping));
  /* The columns migration 2 added have their defaults. */
  g_assert_cmpint (fc_mapping_get_delete_policy (mapping), ==, FC_DELETE_POLICY_IGNORE);
  g_assert_false (fc_mapping_get_realtime (mapping));
  g_assert_cmpuint (fc_mapping_get_schedule_minutes (mapping), ==, 0);

  g_assert_cmpuint (fc_mapping_get_n_field_pairs (mapping), ==, 3);
  pair = fc_mapping_get_field_pair (mapping, 0);
  g_assert_cmpstr (fc_field_pair_get_transform (pair), ==, "trim|lowercase");
  g_assert_true (fc_field_pair_get_required (pair));
  pair = fc_mapping_get_field_pair (mapping, 1);
  g_assert_true (g_strv_equal (fc_field_pair_get_target_fields (pair), names));
  g_assert_null (fc_field_pair_get_transform (pair));
  pair = fc_mapping_get_field_pair (mapping, 2);
  g_assert_cmpstr (fc_field_pair_get_transform (pair), ==, "phone_e164(region=US)");
  g_assert_cmpint (fc_field_pair_get_direction (pair), ==, FC_FIELD_DIRECTION_SOURCE_ONLY);
}

static void
test_migrate_v1 (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *v1 = g_test_build_filename (G_TEST_DIST, "data", "fluxcascade-v1.db", NULL);
  g_autoptr (FcStore) store = NULL;
  g_autoptr (GPtrArray) mappings = NULL;
  g_autoptr (FcMapping) deals = NULL;
  const char * const deals_rule[] = { "dealname=title", NULL };

  copy_file (v1, fixture->path);
  store = open_store (fixture->path);

  g_assert_cmpint (fc_store_get_schema_version (store), ==, FC_STORE_SCHEMA_VERSION);
  g_assert_cmpint (query_int (_fc_store_get_db (store), "PRAGMA user_version"), ==,
                   FC_STORE_SCHEMA_VERSION);
  assert_has_all_tables (store);
  assert_v1_connections (store);
  assert_v1_contacts_mapping (store);

  deals = fc_store_get_mapping (store, "map_1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d", &error);
  g_assert_no_error (error);
  g_assert_false (fc_mapping_get_active (deals));
  g_assert_true (g_strv_equal (fc_mapping_get_match_rule (deals), deals_rule));

  /* Version 1 allowed names equal but for case; the later one was made unique. */
  mappings = fc_store_list_mappings (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mappings->len, ==, 3);
  g_assert_cmpstr (fc_mapping_get_name (g_ptr_array_index (mappings, 0)), ==,
                   "Contacts to clients");
  g_assert_cmpstr (fc_mapping_get_name (g_ptr_array_index (mappings, 1)), ==, "Deals to jobs");
  g_assert_cmpstr (fc_mapping_get_name (g_ptr_array_index (mappings, 2)), ==,
                   "deals to jobs (map_2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e)");

  /* And it stays migrated: opening again changes nothing. */
  g_clear_object (&store);
  store = open_store (fixture->path);
  assert_v1_contacts_mapping (store);
}

/* An old file at @version, with two connections and mappings "map_a" and "map_b" between them,
 * then @sql; @db is left open. */
static sqlite3 *
open_old_file (const char *path,
               int         version,
               const char *sql)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *data_dir = g_path_get_dirname (path);
  sqlite3 *db = NULL;

  g_assert_cmpint (g_mkdir_with_parents (data_dir, 0700), ==, 0);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_true (_fc_store_schema_migrate_to (db, 0, version, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO connections (id, provider, created_at, "
                                 "updated_at) VALUES ('con_h', 'hubspot', 1, 1), "
                                 "('con_p', 'pipedrive', 1, 1);"
                                 "INSERT INTO mappings (id, name, source_connection_id, "
                                 "source_object, target_connection_id, target_object, "
                                 "created_at, updated_at) VALUES "
                                 "('map_a', 'A', 'con_h', 'contacts', 'con_p', 'persons', 1, 1),"
                                 "('map_b', 'B', 'con_p', 'persons', 'con_h', 'contacts', 1, 1);",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  return db;
}

/* Version 6 keeps the intents of a batch of creates in one row: a version-5 file's intents
 * (one row each) become rows of one, read back as they were, and nothing else changes. */
static void
test_migrate_v5_intents (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (FcStore) store = NULL;
  g_autoptr (GPtrArray) intents = NULL;
  g_autoptr (GString) listed = g_string_new (NULL);
  g_auto (GStrv) source = NULL;
  g_auto (GStrv) target = NULL;
  g_autofree char *other_id = NULL;
  const char * const email[] = { "ada@example.com", NULL };
  sqlite3 *db;
  gint64 link_id = 0;

  db = open_old_file (fixture->path, 5,
                      "INSERT INTO runs (id, mapping_id, trigger, started_at) "
                      "VALUES ('run_a', 'map_a', 'manual', 1);"
                      "INSERT INTO links (id, mapping_id, source_record_id, "
                      "target_record_id, match_key, created_at, updated_at) "
                      "VALUES (7, 'map_a', 'h1', 'p1', 'ada@example.com', 1, 1);"
                      "INSERT INTO bases (link_id, pair_key, source_values, "
                      "target_values, updated_at) VALUES (7, 'email', "
                      "'[\"ada@example.com\"]', '[\"ada@example.com\"]', 1);"
                      "INSERT INTO intents (mapping_id, run_id, side, "
                      "origin_record_id, match_key, payload, created_at) VALUES "
                      "('map_a', 'run_a', 'target', 'h2', 'grace@example.com', "
                      "'{\"email\":{\"source\":[\"grace@example.com\"],"
                      "\"target\":[\"grace@example.com\"]}}', 1),"
                      "('map_b', 'run_gone', 'source', 'p3', NULL, NULL, 2),"
                      "('map_a', NULL, 'source', 'p\"4', 'hedy@example.com', "
                      "'not JSON', 3),"
                      /* An orphan: its mapping is gone */
                      "('map_gone', NULL, 'target', 'h5', NULL, NULL, 4);");
  sqlite3_close (db);

  store = open_store (fixture->path);
  g_assert_cmpint (fc_store_get_schema_version (store), ==, FC_STORE_SCHEMA_VERSION);
  assert_has_all_tables (store);
  g_assert_cmpint (query_int (_fc_store_get_db (store), "SELECT count(*) FROM intents"), ==, 3);
  g_assert_cmpint (query_int (_fc_store_get_db (store),
                              "SELECT count(*) FROM intents WHERE run_id = 'run_a'"), ==, 1);

  intents = fc_sync_store_list_intents (store, "map_a", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < intents->len; i++)
    {
      FcSyncIntent *intent = g_ptr_array_index (intents, i);

      g_string_append_printf (listed, "%s %s|%s|%s\n", fc_sync_side_to_string (intent->side),
                              intent->origin_id,
                              intent->match_key != NULL ? intent->match_key : "(null)",
                              intent->payload != NULL ? intent->payload : "(null)");
    }
  g_assert_cmpstr (listed->str, ==,
                   "target h2|grace@example.com|"
                   "{\"email\":{\"source\":[\"grace@example.com\"],"
                   "\"target\":[\"grace@example.com\"]}}\n"
                   "source p\"4|hedy@example.com|(null)\n");
  g_clear_pointer (&intents, g_ptr_array_unref);
  intents = fc_sync_store_list_intents (store, "map_b", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (intents->len, ==, 1);
  g_assert_cmpstr (((FcSyncIntent *) g_ptr_array_index (intents, 0))->origin_id, ==, "p3");
  g_assert_null (((FcSyncIntent *) g_ptr_array_index (intents, 0))->match_key);
  g_assert_null (((FcSyncIntent *) g_ptr_array_index (intents, 0))->payload);

  /* Recovery removes a migrated intent with its row */
  g_assert_true (fc_sync_store_remove_intent (store, ((FcSyncIntent *)
                                                      g_ptr_array_index (intents, 0))->id,
                                              "p3", &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (_fc_store_get_db (store), "SELECT count(*) FROM intents"), ==, 2);

  /* Links and bases are as they were, without the index of match keys nobody read */
  g_assert_cmpint (query_int (_fc_store_get_db (store), "SELECT count(*) FROM sqlite_master "
                                                        "WHERE name = 'links_match_key'"), ==, 0);
  g_assert_true (fc_sync_store_find_link (store, "map_a", FC_SYNC_SIDE_SOURCE, "h1", &link_id,
                                          &other_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (link_id, ==, 7);
  g_assert_cmpstr (other_id, ==, "p1");
  g_assert_true (fc_sync_store_get_base (store, 7, "email", &source, &target, &error));
  g_assert_no_error (error);
  g_assert_true (g_strv_equal ((const char * const *) source, email));
  g_assert_true (g_strv_equal ((const char * const *) target, email));
}

/* Version 7: a version-6 file's conflicts keep their ids and values, and an id is not given
 * again once the conflicts that had the highest ids are gone with their mapping. */
static void
test_migrate_v6_conflicts (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (FcStore) store = NULL;
  g_autoptr (JsonObject) kept = NULL;
  g_autoptr (JsonArray) open = NULL;
  const char * const hs[] = { "+14155550101", NULL };
  const char * const pd[] = { "+14155550199", NULL };
  FcSyncConflictRow row = { 7, "phone=phone", NULL, NULL, hs, pd, 5, 6,
                            FC_CONFLICT_STRATEGY_MANUAL, NULL };
  sqlite3 *db;
  JsonObject *values;
  gint64 next_id;

  db = open_old_file (fixture->path, 6,
                      "INSERT INTO links (id, mapping_id, source_record_id, "
                      "target_record_id, created_at, updated_at) VALUES "
                      "(7, 'map_a', 'h1', 'p1', 1, 1), (8, 'map_b', 'p2', 'h2', 1, 1);"
                      "INSERT INTO conflicts (id, mapping_id, link_id, pair_key, "
                      "source_values, target_values, strategy, created_at, "
                      "resolved_at, resolved_values) VALUES "
                      "(3, 'map_a', 7, 'name=name', '[\"Ada\"]', '[\"Augusta\"]', "
                      "'manual', 10, 11, '{\"source\":[\"A\"],\"target\":[\"A\"]}'),"
                      "(9, 'map_b', 8, 'email=email', '[\"a@x.org\"]', "
                      "'[\"b@x.org\"]', 'manual', 12, NULL, NULL);");
  sqlite3_close (db);

  store = open_store (fixture->path);
  g_assert_cmpint (fc_store_get_schema_version (store), ==, FC_STORE_SCHEMA_VERSION);
  assert_has_all_tables (store);

  kept = fc_sync_store_get_conflict (store, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (kept, "pair"), ==, "name=name");
  g_assert_false (json_object_get_null_member (kept, "resolvedAt"));
  values = json_object_get_object_member (kept, "resolvedValues");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (values,
                                                                                "target"), 0),
                   ==, "A");
  open = fc_sync_store_list_conflicts (store, "map_b", TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (open), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (open, 0), "id"),
                   ==, 9);

  /* Mapping B goes, and conflict 9 with it: the next conflict gets 10, not 4. */
  g_assert_true (fc_store_remove_mapping (store, "map_b", &error));
  g_assert_no_error (error);
  g_assert_true (fc_sync_store_record_conflict (store, "map_a", NULL, &row, &error));
  g_assert_no_error (error);
  next_id = query_int (_fc_store_get_db (store),
                       "SELECT id FROM conflicts WHERE pair_key = 'phone=phone'");
  g_assert_cmpint (next_id, ==, 10);
  g_assert_cmpint (query_int (_fc_store_get_db (store), "SELECT count(*) FROM sqlite_master "
                                                        "WHERE name = 'conflicts_v6'"), ==, 0);
  g_assert_cmpint (query_int (_fc_store_get_db (store), "SELECT count(*) FROM sqlite_master "
                                                        "WHERE type = 'index' AND "
                                                        "tbl_name = 'conflicts'"), ==, 3);
}

/* The app and the command line may open an old file at the same moment: the one that comes
 * second finds the work done and must not redo it. */
static void
test_migrate_concurrently (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *v1 = g_test_build_filename (G_TEST_DIST, "data", "fluxcascade-v1.db", NULL);
  g_autoptr (FcStore) first = NULL;
  sqlite3 *late = NULL;
  int version = -1;

  copy_file (v1, fixture->path);
  g_assert_cmpint (sqlite3_open (fixture->path, &late), ==, SQLITE_OK);
  g_assert_true (_fc_store_schema_read_version (late, &version, &error));
  g_assert_cmpint (version, ==, 1);

  first = open_store (fixture->path);

  g_assert_true (_fc_store_schema_migrate (late, version, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (late, "PRAGMA user_version"), ==, FC_STORE_SCHEMA_VERSION);
  g_assert_cmpint (query_int (late, "SELECT count(*) FROM mappings"), ==, 3);
  sqlite3_close (late);
}

/* A migration that fails leaves the file as it was, at the version before. */
static void
test_failed_migration_rolls_back (Fixture       *fixture,
                                  gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *v1 = g_test_build_filename (G_TEST_DIST, "data", "fluxcascade-v1.db", NULL);
  FcStore *store;
  sqlite3 *db = NULL;

  copy_file (v1, fixture->path);
  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE links (in_the_way TEXT)", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (db);

  store = fc_store_open (fixture->path, &error);
  g_assert_null (store);
  g_assert_error (error, FC_STORE_ERROR, FC_STORE_ERROR_FAILED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "schema version 2"));
  g_assert_nonnull (strstr (error->message, "links"));

  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM pragma_table_info ('mappings') "
                                  "WHERE name = 'delete_policy'"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM sqlite_master WHERE name = 'runs'"), ==,
                   0);
  sqlite3_close (db);
}

/* A CREATE statement with its blanks collapsed, so that layout differences do not count. */
static char *
normalize_sql (const char *sql)
{
  g_autoptr (GRegex) blanks = g_regex_new ("\\s+", 0, 0, NULL);
  g_autoptr (GRegex) after_open = g_regex_new ("\\( ", 0, 0, NULL);
  g_autoptr (GRegex) before_close = g_regex_new (" \\)", 0, 0, NULL);
  g_autofree char *single = g_regex_replace_literal (blanks, sql, -1, 0, " ", 0, NULL);
  g_autofree char *opened = g_regex_replace_literal (after_open, single, -1, 0, "(", 0, NULL);

  return g_regex_replace_literal (before_close, opened, -1, 0, ")", 0, NULL);
}

static char *
dump_schema (sqlite3 *db)
{
  g_autoptr (GString) out = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL "
                                       "ORDER BY name", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *sql = normalize_sql ((const char *) sqlite3_column_text (stmt, 0));

      g_string_append_printf (out, "%s\n", sql);
    }
  sqlite3_finalize (stmt);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The kept v1 file must be what migration 1 makes, or the migration test proves little. */
static void
test_v1_fixture_matches_migration_1 (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *v1 = g_test_build_filename (G_TEST_DIST, "data", "fluxcascade-v1.db", NULL);
  g_autofree char *from_code = NULL;
  g_autofree char *from_file = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (":memory:", &db), ==, SQLITE_OK);
  g_assert_true (_fc_store_schema_migrate_to (db, 0, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==, 1);
  from_code = dump_schema (db);
  sqlite3_close (db);

  g_assert_cmpint (sqlite3_open_v2 (v1, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==, 1);
  from_file = dump_schema (db);
  sqlite3_close (db);

  g_assert_cmpstr (from_code, ==, from_file);
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr (GError) error = NULL;
  char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

static void
set_user_version (const char *path,
                  int         version)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %d", version);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
test_too_new (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (FcStore) store = open_store (fixture->path);
  G_GNUC_UNUSED g_autoptr (FcConnection) connection =
      fc_test_save_connection (store, FC_PROVIDER_HUBSPOT, "1", "A");
  g_autoptr (GBytes) before = NULL;
  g_autoptr (GBytes) after = NULL;
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  FcStore *refused;

  /* A WAL-mode file, closed cleanly, then stamped as written by a future version. */
  g_clear_object (&store);
  set_user_version (fixture->path, 99);
  before = read_bytes (fixture->path);

  refused = fc_store_open (fixture->path, &error);
  g_assert_error (error, FC_STORE_ERROR, FC_STORE_ERROR_TOO_NEW);
  g_assert_null (refused);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "99"));
  {
    g_autofree char *up_to = g_strdup_printf ("up to %d", FC_STORE_SCHEMA_VERSION);
    g_assert_nonnull (strstr (error->message, up_to));
  }
  g_assert_nonnull (strstr (error->message, fixture->path));

  after = read_bytes (fixture->path);
  g_assert_true (g_bytes_equal (before, after));
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

static void
assert_refused_unchanged (const char *path,
                          int         code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) before = read_bytes (path);
  g_autoptr (GBytes) after = NULL;
  FcStore *refused = fc_store_open (path, &error);

  g_assert_error (error, FC_STORE_ERROR, code);
  g_assert_null (refused);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "left unchanged"));

  after = read_bytes (path);
  g_assert_true (g_bytes_equal (before, after));
}

static void
test_not_a_database (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) text = g_string_new (NULL);
  g_autofree char *dir = g_path_get_dirname (fixture->path);

  /* Long enough to look like a file header, which SQLite checks. */
  for (guint i = 0; i < 200; i++)
    g_string_append (text, "These are not the rows you are looking for.\n");

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (fixture->path, text->str, text->len, &error));
  g_assert_no_error (error);

  assert_refused_unchanged (fixture->path, FC_STORE_ERROR_CORRUPT);
}

static void
test_foreign_database (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autofree char *dir = g_path_get_dirname (fixture->path);
  sqlite3 *db = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE songs (title TEXT);"
                                     "INSERT INTO songs VALUES ('Cascade');",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  assert_refused_unchanged (fixture->path, FC_STORE_ERROR_CORRUPT);
}

static void
test_connection_in_use (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (FcStore) store = open_store (fixture->path);
  g_autoptr (FcConnection) hubspot = fc_test_save_connection (store, FC_PROVIDER_HUBSPOT, "1", "A");
  g_autoptr (FcConnection) jobber = fc_test_save_connection (store, FC_PROVIDER_JOBBER, "2", "B");
  g_autoptr (FcMapping) first = new_mapping ("Contacts to clients", hubspot, jobber);
  g_autoptr (FcMapping) second = new_mapping ("Leads to clients", hubspot, jobber);
  g_autoptr (FcConnection) still_there = NULL;

  g_assert_true (fc_store_save_mapping (store, first, &error));
  g_assert_true (fc_store_save_mapping (store, second, &error));
  g_assert_no_error (error);

  g_assert_false (fc_store_remove_connection (store, fc_connection_get_id (jobber), &error));
  g_assert_error (error, FC_STORE_ERROR, FC_STORE_ERROR_CONSTRAINT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, fc_connection_get_id (jobber)));
  g_assert_nonnull (strstr (error->message, "“Contacts to clients”"));
  g_assert_nonnull (strstr (error->message, "“Leads to clients”"));
  g_clear_error (&error);

  still_there = fc_store_get_connection (store, fc_connection_get_id (jobber), &error);
  g_assert_no_error (error);
  g_assert_nonnull (still_there);

  /* The foreign keys hold even for SQL that bypasses the check. */
  g_assert_cmpint (sqlite3_exec (_fc_store_get_db (store), "DELETE FROM connections",
                                 NULL, NULL, NULL) & 0xff, ==, SQLITE_CONSTRAINT);

  g_assert_true (fc_store_remove_mapping (store, fc_mapping_get_id (first), &error));
  g_assert_true (fc_store_remove_mapping (store, fc_mapping_get_id (second), &error));
  g_assert_true (fc_store_remove_connection (store, fc_connection_get_id (jobber), &error));
  g_assert_no_error (error);

  g_assert_false (fc_store_remove_connection (store, fc_connection_get_id (jobber), &error));
  g_assert_error (error, FC_STORE_ERROR, FC_STORE_ERROR_NOT_FOUND);
}

static void
test_duplicate_name (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (FcStore) store = open_store (fixture->path);
  g_autoptr (FcConnection) hubspot = fc_test_save_connection (store, FC_PROVIDER_HUBSPOT, "1", "A");
  g_autoptr (FcConnection) jobber = fc_test_save_connection (store, FC_PROVIDER_JOBBER, "2", "B");
  g_autoptr (FcMapping) first = new_mapping ("Contacts", hubspot, jobber);
  g_autoptr (FcMapping) second = new_mapping ("CONTACTS", hubspot, jobber);
  g_autoptr (GPtrArray) mappings = NULL;

  g_assert_true (fc_store_save_mapping (store, first, &error));
  g_assert_no_error (error);

  g_assert_false (fc_store_save_mapping (store, second, &error));
  g_assert_error (error, FC_STORE_ERROR, FC_STORE_ERROR_CONSTRAINT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "“CONTACTS”"));
  g_assert_nonnull (strstr (error->message, fc_mapping_get_id (first)));
  g_clear_error (&error);
  g_assert_null (fc_mapping_get_id (second));

  mappings = fc_store_list_mappings (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mappings->len, ==, 1);

  /* Saving the first one again under its own name is no clash. */
  fc_mapping_set_name (first, "contacts");
  g_assert_true (fc_store_save_mapping (store, first, &error));
  g_assert_no_error (error);
}

static void
test_missing_connection (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (FcStore) store = open_store (fixture->path);
  g_autoptr (FcConnection) hubspot = fc_test_save_connection (store, FC_PROVIDER_HUBSPOT, "1", "A");
  g_autoptr (FcConnection) unsaved = fc_connection_new (FC_PROVIDER_JOBBER);
  g_autoptr (FcMapping) mapping = new_mapping ("Contacts", hubspot, unsaved);
  g_autoptr (GPtrArray) mappings = NULL;

  g_assert_false (fc_store_save_mapping (store, mapping, &error));
  g_assert_error (error, FC_STORE_ERROR, FC_STORE_ERROR_CONSTRAINT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "target connection"));
  g_assert_nonnull (strstr (error->message, fc_connection_get_id (unsaved)));
  g_clear_error (&error);

  mappings = fc_store_list_mappings (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mappings->len, ==, 0);
}

static void
test_invalid_mapping_not_saved (Fixture       *fixture,
                                gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (FcStore) store = open_store (fixture->path);
  g_autoptr (FcConnection) hubspot = fc_test_save_connection (store, FC_PROVIDER_HUBSPOT, "1", "A");
  g_autoptr (FcConnection) jobber = fc_test_save_connection (store, FC_PROVIDER_JOBBER, "2", "B");
  g_autoptr (FcMapping) mapping = new_mapping ("Contacts", hubspot, jobber);
  g_autoptr (GPtrArray) mappings = NULL;

  fc_mapping_remove_all_field_pairs (mapping);
  g_assert_false (fc_store_save_mapping (store, mapping, &error));
  g_assert_error (error, FC_MAPPING_ERROR, FC_MAPPING_ERROR_NO_PAIRS);
  g_clear_error (&error);

  mappings = fc_store_list_mappings (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mappings->len, ==, 0);
}

/* A mapping copied for editing is saved only over the row it was copied from: another
 * connection's save or removal in between stops it, and writes nothing. */
static void
test_save_unless_changed (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (FcStore) store = open_store (fixture->path);
  g_autoptr (FcStore) elsewhere = open_store (fixture->path);
  g_autoptr (FcConnection) hubspot = fc_test_save_connection (store, FC_PROVIDER_HUBSPOT, "1", "A");
  g_autoptr (FcConnection) jobber = fc_test_save_connection (store, FC_PROVIDER_JOBBER, "2", "B");
  g_autoptr (FcMapping) mapping = new_mapping ("Contacts", hubspot, jobber);
  g_autoptr (FcMapping) edited = NULL;
  g_autoptr (FcMapping) other = NULL;
  g_autoptr (FcMapping) stored = NULL;
  g_autoptr (FcMapping) fresh = new_mapping ("Clients", hubspot, jobber);

  /* A new mapping has nothing to be changed against. */
  g_assert_true (fc_store_save_mapping_unless_changed (store, mapping, &error));
  g_assert_no_error (error);

  edited = fc_mapping_copy (mapping);
  other = fc_store_get_mapping (elsewhere, fc_mapping_get_id (mapping), &error);
  g_assert_no_error (error);

  /* Saved elsewhere, twice in a row: each save moves updated-at, even within a millisecond,
   * so a copy taken between the two is stale too. */
  fc_mapping_set_name (other, "Contacts (elsewhere)");
  g_assert_true (fc_store_save_mapping_unless_changed (elsewhere, other, &error));
  g_assert_no_error (error);
  g_clear_object (&stored);
  stored = fc_mapping_copy (other);
  g_assert_true (fc_store_save_mapping_unless_changed (elsewhere, other, &error));
  g_assert_no_error (error);
  g_assert_false (fc_store_save_mapping_unless_changed (elsewhere, stored, &error));
  g_assert_error (error, FC_STORE_ERROR, FC_STORE_ERROR_CHANGED);
  g_clear_error (&error);

  fc_mapping_set_name (edited, "Contacts (here)");
  fc_mapping_set_delete_policy (edited, FC_DELETE_POLICY_ARCHIVE);
  g_assert_false (fc_store_save_mapping_unless_changed (store, edited, &error));
  g_assert_error (error, FC_STORE_ERROR, FC_STORE_ERROR_CHANGED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "“Contacts (here)”"));
  g_assert_nonnull (strstr (error->message, "changed elsewhere"));
  g_clear_error (&error);

  g_clear_object (&stored);
  stored = fc_store_get_mapping (store, fc_mapping_get_id (mapping), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fc_mapping_get_name (stored), ==, "Contacts (elsewhere)");
  g_assert_cmpint (fc_mapping_get_delete_policy (stored), ==, FC_DELETE_POLICY_IGNORE);

  /* A copy of what is stored now saves, and a plain save goes over anything. */
  g_clear_object (&edited);
  edited = fc_mapping_copy (stored);
  fc_mapping_set_delete_policy (edited, FC_DELETE_POLICY_ARCHIVE);
  g_assert_true (fc_store_save_mapping_unless_changed (store, edited, &error));
  g_assert_no_error (error);
  g_assert_true (fc_store_save_mapping (elsewhere, other, &error));
  g_assert_no_error (error);

  /* Removed elsewhere: the copy does not bring it back. */
  g_clear_object (&edited);
  edited = fc_mapping_copy (other);
  g_assert_true (fc_store_remove_mapping (elsewhere, fc_mapping_get_id (other), &error));
  g_assert_no_error (error);
  g_assert_false (fc_store_save_mapping_unless_changed (store, edited, &error));
  g_assert_error (error, FC_STORE_ERROR, FC_STORE_ERROR_CHANGED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "removed elsewhere"));
  g_clear_error (&error);
  g_clear_object (&stored);
  stored = fc_store_get_mapping (store, fc_mapping_get_id (other), &error);
  g_assert_error (error, FC_STORE_ERROR, FC_STORE_ERROR_NOT_FOUND);
  g_assert_null (stored);
  g_clear_error (&error);

  /* An unsaved mapping with the same checks is simply new. */
  g_assert_true (fc_store_save_mapping_unless_changed (store, fresh, &error));
  g_assert_no_error (error);
}

static void
assert_mappings_equal (FcMapping *a,
                       FcMapping *b)
{
  guint n = fc_mapping_get_n_field_pairs (a);

  g_assert_cmpstr (fc_mapping_get_id (a), ==, fc_mapping_get_id (b));
  g_assert_cmpstr (fc_mapping_get_name (a), ==, fc_mapping_get_name (b));
  g_assert_cmpstr (fc_mapping_get_source_connection_id (a), ==,
                   fc_mapping_get_source_connection_id (b));
  g_assert_cmpstr (fc_mapping_get_source_object (a), ==, fc_mapping_get_source_object (b));
  g_assert_cmpstr (fc_mapping_get_target_connection_id (a), ==,
                   fc_mapping_get_target_connection_id (b));
  g_assert_cmpstr (fc_mapping_get_target_object (a), ==, fc_mapping_get_target_object (b));
  g_assert_cmpint (fc_mapping_get_direction (a), ==, fc_mapping_get_direction (b));
  g_assert_true (g_strv_equal (fc_mapping_get_match_rule (a), fc_mapping_get_match_rule (b)));
  g_assert_cmpint (fc_mapping_get_conflict_strategy (a), ==,
                   fc_mapping_get_conflict_strategy (b));
  g_assert_cmpint (fc_mapping_get_delete_policy (a), ==, fc_mapping_get_delete_policy (b));
  g_assert_cmpint (fc_mapping_get_active (a), ==, fc_mapping_get_active (b));
  g_assert_cmpint (fc_mapping_get_realtime (a), ==, fc_mapping_get_realtime (b));
  g_assert_cmpuint (fc_mapping_get_schedule_minutes (a), ==, fc_mapping_get_schedule_minutes (b));
  g_assert_true (g_date_time_equal (fc_mapping_get_created_at (a), fc_mapping_get_created_at (b)));
  g_assert_true (g_date_time_equal (fc_mapping_get_updated_at (a), fc_mapping_get_updated_at (b)));

  g_assert_cmpuint (n, ==, fc_mapping_get_n_field_pairs (b));
  for (guint i = 0; i < n; i++)
    {
      FcFieldPair *pa = fc_mapping_get_field_pair (a, i);
      FcFieldPair *pb = fc_mapping_get_field_pair (b, i);

      g_assert_true (g_strv_equal (fc_field_pair_get_source_fields (pa),
                                   fc_field_pair_get_source_fields (pb)));
      g_assert_true (g_strv_equal (fc_field_pair_get_target_fields (pa),
                                   fc_field_pair_get_target_fields (pb)));
      g_assert_cmpstr (fc_field_pair_get_transform (pa), ==, fc_field_pair_get_transform (pb));
      g_assert_cmpint (fc_field_pair_get_direction (pa), ==, fc_field_pair_get_direction (pb));
      g_assert_cmpint (fc_field_pair_get_required (pa), ==, fc_field_pair_get_required (pb));
    }
}

static void
test_mapping_round_trip (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (FcStore) store = open_store (fixture->path);
  g_autoptr (FcConnection) hubspot = fc_test_save_connection (store, FC_PROVIDER_HUBSPOT, "1", "A");
  g_autoptr (FcConnection) sf =
    fc_test_save_connection (store, FC_PROVIDER_SALESFORCE, "00D", "Acme SF");
  g_autoptr (FcMapping) mapping = new_mapping ("Contacts to leads", hubspot, sf);
  g_autoptr (FcMapping) loaded = NULL;
  g_autoptr (FcMapping) reloaded = NULL;
  g_autoptr (GDateTime) created = NULL;
  g_autoptr (FcFieldPair) name = NULL;
  const char * const full[] = { "firstname", "lastname", NULL };
  const char * const name_fields[] = { "Name", NULL };
  const char * const rule[] = { "email=Email", NULL };

  name = fc_field_pair_new (full, name_fields);
  fc_field_pair_set_transform (name, "concatenate(separator=\" \")");
  fc_field_pair_set_direction (name, FC_FIELD_DIRECTION_SOURCE_ONLY);
  fc_field_pair_set_required (name, TRUE);
  fc_mapping_add_field_pair (mapping, name);
  fc_mapping_set_target_object (mapping, "Lead");
  fc_mapping_set_direction (mapping, FC_DIRECTION_BIDIRECTIONAL);
  fc_mapping_set_match_rule (mapping, rule);
  fc_mapping_set_conflict_strategy (mapping, FC_CONFLICT_STRATEGY_MANUAL);
  fc_mapping_set_delete_policy (mapping, FC_DELETE_POLICY_ARCHIVE);
  fc_mapping_set_active (mapping, FALSE);
  fc_mapping_set_realtime (mapping, TRUE);
  fc_mapping_set_schedule_minutes (mapping, 45);

  g_assert_true (fc_store_save_mapping (store, mapping, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (fc_mapping_get_id (mapping), "map_"));
  g_assert_cmpuint (strlen (fc_mapping_get_id (mapping)), ==, 4 + 32);
  g_assert_nonnull (fc_mapping_get_created_at (mapping));

  loaded = fc_store_get_mapping (store, fc_mapping_get_id (mapping), &error);
  g_assert_no_error (error);
  assert_mappings_equal (mapping, loaded);

  /* Edit: reorder, drop a pair, rename; the creation time stays. */
  created = g_date_time_ref (fc_mapping_get_created_at (loaded));
  fc_mapping_move_field_pair (loaded, 2, 0);
  fc_mapping_remove_field_pair (loaded, 2);
  fc_mapping_set_name (loaded, "Leads");
  g_usleep (2 * G_TIME_SPAN_MILLISECOND);
  g_assert_true (fc_store_save_mapping (store, loaded, &error));
  g_assert_no_error (error);
  g_assert_true (g_date_time_equal (fc_mapping_get_created_at (loaded), created));
  g_assert_cmpint (g_date_time_compare (fc_mapping_get_updated_at (loaded), created), >, 0);

  reloaded = fc_store_get_mapping (store, fc_mapping_get_id (mapping), &error);
  g_assert_no_error (error);
  assert_mappings_equal (loaded, reloaded);
  g_assert_cmpstr (fc_field_pair_get_source_fields (fc_mapping_get_field_pair (reloaded, 0))[1],
                   ==, "lastname");
  g_assert_cmpuint (fc_mapping_get_n_field_pairs (reloaded), ==, 2);
}

static void
test_connection_round_trip (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (FcStore) store = open_store (fixture->path);
  g_autoptr (FcConnection) connection = fc_connection_new (FC_PROVIDER_PIPEDRIVE);
  g_autoptr (FcConnection) loaded = NULL;
  g_autoptr (GDateTime) created = NULL;

  g_assert_true (g_str_has_prefix (fc_connection_get_id (connection), "con_"));
  g_assert_cmpuint (strlen (fc_connection_get_id (connection)), ==, 4 + 32);

  fc_connection_set_account_id (connection, "12345");
  fc_connection_set_account_name (connection, "Acme Sales");
  fc_connection_set_api_base_url (connection, "http://127.0.0.1:9000/api");
  fc_connection_set_status (connection, FC_CONNECTION_STATUS_ERROR);
  g_assert_true (fc_store_save_connection (store, connection, &error));
  g_assert_no_error (error);

  loaded = fc_store_get_connection (store, fc_connection_get_id (connection), &error);
  g_assert_no_error (error);
  g_assert_cmpint (fc_connection_get_provider (loaded), ==, FC_PROVIDER_PIPEDRIVE);
  g_assert_cmpint (fc_connection_get_status (loaded), ==, FC_CONNECTION_STATUS_ERROR);
  g_assert_cmpstr (fc_connection_get_account_id (loaded), ==, "12345");
  g_assert_cmpstr (fc_connection_get_account_name (loaded), ==, "Acme Sales");
  g_assert_cmpstr (fc_connection_get_api_base_url (loaded), ==, "http://127.0.0.1:9000/api");
  g_assert_null (fc_connection_get_auth_base_url (loaded));
  g_assert_true (g_date_time_equal (fc_connection_get_created_at (loaded),
                                    fc_connection_get_created_at (connection)));

  /* Update through a copy without timestamps: the stored creation time is kept. */
  created = g_date_time_ref (fc_connection_get_created_at (loaded));
  fc_connection_set_created_at (loaded, NULL);
  fc_connection_set_status (loaded, FC_CONNECTION_STATUS_ACTIVE);
  g_assert_true (fc_store_save_connection (store, loaded, &error));
  g_assert_no_error (error);
  g_assert_true (g_date_time_equal (fc_connection_get_created_at (loaded), created));

  g_clear_object (&loaded);
  loaded = fc_store_get_connection (store, fc_connection_get_id (connection), &error);
  g_assert_cmpint (fc_connection_get_status (loaded), ==, FC_CONNECTION_STATUS_ACTIVE);

  g_clear_object (&loaded);
  loaded = fc_store_get_connection (store, "con_nope", &error);
  g_assert_error (error, FC_STORE_ERROR, FC_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "con_nope"));
  g_assert_null (loaded);
}

static void
test_find_mapping (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (FcStore) store = open_store (fixture->path);
  g_autoptr (FcConnection) hubspot = fc_test_save_connection (store, FC_PROVIDER_HUBSPOT, "1", "A");
  g_autoptr (FcConnection) jobber = fc_test_save_connection (store, FC_PROVIDER_JOBBER, "2", "B");
  g_autoptr (FcConnection) pipedrive =
    fc_test_save_connection (store, FC_PROVIDER_PIPEDRIVE, "3", "C");
  g_autoptr (FcMapping) first = new_mapping ("Contacts", hubspot, jobber);
  g_autoptr (FcMapping) second = new_mapping ("Persons", pipedrive, jobber);
  g_autoptr (FcMapping) by_id = NULL;
  g_autoptr (FcMapping) by_name = NULL;
  g_autoptr (FcMapping) by_other_case = NULL;
  g_autoptr (GPtrArray) for_hubspot = NULL;
  g_autoptr (GPtrArray) for_jobber = NULL;

  g_assert_true (fc_store_save_mapping (store, first, &error));
  g_assert_true (fc_store_save_mapping (store, second, &error));
  g_assert_no_error (error);

  by_id = fc_store_find_mapping (store, fc_mapping_get_id (second), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fc_mapping_get_name (by_id), ==, "Persons");

  by_name = fc_store_find_mapping (store, "Contacts", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fc_mapping_get_id (by_name), ==, fc_mapping_get_id (first));

  by_other_case = fc_store_find_mapping (store, "contacts", &error);
  g_assert_error (error, FC_STORE_ERROR, FC_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "“contacts”"));
  g_assert_null (by_other_case);
  g_clear_error (&error);

  for_hubspot = fc_store_list_mappings_for_connection (store, fc_connection_get_id (hubspot),
                                                       &error);
  g_assert_no_error (error);
  g_assert_cmpuint (for_hubspot->len, ==, 1);
  for_jobber = fc_store_list_mappings_for_connection (store, fc_connection_get_id (jobber),
                                                      &error);
  g_assert_no_error (error);
  g_assert_cmpuint (for_jobber->len, ==, 2);
}

static gboolean
save_then_fail (FcStore   *store,
                gpointer   user_data,
                GError   **error)
{
  g_assert_true (fc_store_save_connection (store, user_data, error));
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "changed my mind");
  return FALSE;
}

static guint
count_connections (FcStore *store)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) connections = fc_store_list_connections (store, &error);

  g_assert_no_error (error);
  return connections->len;
}

static void
test_transactions (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (FcStore) store = open_store (fixture->path);
  g_autoptr (FcConnection) a = fc_connection_new (FC_PROVIDER_HUBSPOT);
  g_autoptr (FcConnection) b = fc_connection_new (FC_PROVIDER_JOBBER);
  g_autoptr (FcConnection) c = fc_connection_new (FC_PROVIDER_PIPEDRIVE);

  /* Rolled back */
  g_assert_true (fc_store_transaction_begin (store, &error));
  g_assert_true (fc_store_save_connection (store, a, &error));
  fc_store_transaction_rollback (store);
  g_assert_cmpuint (count_connections (store), ==, 0);

  /* Nested: the inner part rolled back, the outer committed */
  g_assert_true (fc_store_transaction_begin (store, &error));
  g_assert_true (fc_store_save_connection (store, a, &error));
  g_assert_true (fc_store_transaction_begin (store, &error));
  g_assert_true (fc_store_save_connection (store, b, &error));
  fc_store_transaction_rollback (store);
  g_assert_true (fc_store_transaction_commit (store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_connections (store), ==, 1);

  /* A failing function undoes its work */
  g_assert_false (fc_store_run_in_transaction (store, save_then_fail, c, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (count_connections (store), ==, 1);
  g_assert_true (sqlite3_get_autocommit (_fc_store_get_db (store)));
}

static void
test_remove_mapping_cascades (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (FcStore) store = open_store (fixture->path);
  g_autoptr (FcConnection) hubspot = fc_test_save_connection (store, FC_PROVIDER_HUBSPOT, "1", "A");
  g_autoptr (FcConnection) jobber = fc_test_save_connection (store, FC_PROVIDER_JOBBER, "2", "B");
  g_autoptr (FcMapping) mapping = new_mapping ("Contacts", hubspot, jobber);
  g_autofree char *sql = NULL;
  sqlite3 *db = _fc_store_get_db (store);

  g_assert_true (fc_store_save_mapping (store, mapping, &error));
  g_assert_no_error (error);

  sql = g_strdup_printf ("INSERT INTO links (id, mapping_id, source_record_id, target_record_id, "
                         "  created_at, updated_at) VALUES (1, '%1$s', 's1', 't1', 0, 0);"
                         "INSERT INTO bases VALUES (1, 'email→email', '[\"a@x\"]', '[\"a@x\"]', 0);"
                         "INSERT INTO cursors VALUES ('%1$s', 'source', NULL, 5, 0);"
                         "INSERT INTO runs (id, mapping_id, trigger, started_at) "
                         "  VALUES ('run_1', '%1$s', 'manual', 0);"
                         "INSERT INTO run_events (run_id, at, kind) VALUES ('run_1', 0, 'x');",
                         fc_mapping_get_id (mapping));
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);

  g_assert_true (fc_store_remove_mapping (store, fc_mapping_get_id (mapping), &error));
  g_assert_no_error (error);

  g_assert_cmpint (query_int (db, "SELECT count(*) FROM field_pairs"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM links"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM bases"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM cursors"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM runs"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM run_events"), ==, 0);

  g_assert_false (fc_store_remove_mapping (store, fc_mapping_get_id (mapping), &error));
  g_assert_error (error, FC_STORE_ERROR, FC_STORE_ERROR_NOT_FOUND);
}

static void
test_engine_models (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *data_dir = g_path_get_dirname (fixture->path);
  g_autoptr (FcEngine) engine = fc_engine_new (data_dir, &error);
  g_autoptr (FcConnection) hubspot = fc_connection_new (FC_PROVIDER_HUBSPOT);
  g_autoptr (FcConnection) jobber = fc_connection_new (FC_PROVIDER_JOBBER);
  g_autoptr (FcMapping) zeta = NULL;
  g_autoptr (FcMapping) alpha = NULL;
  g_autoptr (FcMapping) item = NULL;
  g_autoptr (FcEngine) other = NULL;
  GListModel *connections;
  GListModel *mappings;

  g_assert_no_error (error);
  g_assert_cmpstr (fc_engine_get_data_dir (engine), ==, data_dir);
  g_assert_true (g_file_test (fixture->path, G_FILE_TEST_IS_REGULAR));
  connections = fc_engine_get_connections (engine);
  mappings = fc_engine_get_mappings (engine);
  g_assert_cmpuint (g_list_model_get_n_items (connections), ==, 0);

  g_assert_true (fc_engine_save_connection (engine, hubspot, &error));
  g_assert_true (fc_engine_save_connection (engine, jobber, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (connections), ==, 2);
  g_assert_true (fc_engine_lookup_connection (engine, fc_connection_get_id (jobber)) == jobber);

  zeta = new_mapping ("Zeta", hubspot, jobber);
  alpha = new_mapping ("alpha", hubspot, jobber);
  g_assert_true (fc_engine_save_mapping (engine, zeta, &error));
  g_assert_true (fc_engine_save_mapping (engine, alpha, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (mappings), ==, 2);
  item = g_list_model_get_item (mappings, 0);
  g_assert_true (item == alpha);
  g_clear_object (&item);

  /* Renaming moves it; the model holds it once. */
  fc_mapping_set_name (zeta, "Aardvark");
  g_assert_true (fc_engine_save_mapping (engine, zeta, &error));
  g_assert_cmpuint (g_list_model_get_n_items (mappings), ==, 2);
  item = g_list_model_get_item (mappings, 0);
  g_assert_true (item == zeta);
  g_clear_object (&item);

  g_assert_false (fc_engine_remove_connection (engine, fc_connection_get_id (hubspot), &error));
  g_assert_error (error, FC_STORE_ERROR, FC_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_cmpuint (g_list_model_get_n_items (connections), ==, 2);

  g_assert_true (fc_engine_remove_mapping (engine, fc_mapping_get_id (zeta), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (mappings), ==, 1);
  g_assert_null (fc_engine_lookup_mapping (engine, fc_mapping_get_id (zeta)));
  g_assert_nonnull (fc_engine_lookup_mapping (engine, fc_mapping_get_id (alpha)));

  /* A second engine on the same data sees the same, and reload picks up its changes. */
  other = fc_engine_new (data_dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (fc_engine_get_mappings (other)), ==, 1);
  g_assert_true (fc_engine_remove_mapping (other, fc_mapping_get_id (alpha), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (mappings), ==, 1);
  g_assert_true (fc_engine_reload (engine, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (mappings), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (connections), ==, 2);
}

static void
test_engine_refuses_too_new (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *data_dir = g_path_get_dirname (fixture->path);
  g_autoptr (FcStore) store = open_store (fixture->path);
  FcEngine *engine;

  g_clear_object (&store);
  set_user_version (fixture->path, FC_STORE_SCHEMA_VERSION + 1);

  engine = fc_engine_new (data_dir, &error);
  g_assert_error (error, FC_STORE_ERROR, FC_STORE_ERROR_TOO_NEW);
  g_assert_null (engine);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/fc/store/create", test_create);
  ADD ("/fc/store/reopen", test_reopen);
  g_test_add_func ("/fc/store/resolve-data-dir", test_resolve_data_dir);
  g_test_add_func ("/fc/store/v1-fixture-matches-migration-1",
                   test_v1_fixture_matches_migration_1);
  ADD ("/fc/store/migrate-v1", test_migrate_v1);
  ADD ("/fc/store/migrate-v5-intents", test_migrate_v5_intents);
  ADD ("/fc/store/migrate-v6-conflicts", test_migrate_v6_conflicts);
  ADD ("/fc/store/migrate-concurrently", test_migrate_concurrently);
  ADD ("/fc/store/failed-migration-rolls-back", test_failed_migration_rolls_back);
  ADD ("/fc/store/refuse-too-new", test_too_new);
  ADD ("/fc/store/refuse-not-a-database", test_not_a_database);
  ADD ("/fc/store/refuse-foreign-database", test_foreign_database);
  ADD ("/fc/store/constraint/connection-in-use", test_connection_in_use);
  ADD ("/fc/store/constraint/duplicate-name", test_duplicate_name);
  ADD ("/fc/store/constraint/missing-connection", test_missing_connection);
  ADD ("/fc/store/invalid-mapping-not-saved", test_invalid_mapping_not_saved);
  ADD ("/fc/store/connection-round-trip", test_connection_round_trip);
  ADD ("/fc/store/mapping-round-trip", test_mapping_round_trip);
  ADD ("/fc/store/find-mapping", test_find_mapping);
  ADD ("/fc/store/save-unless-changed", test_save_unless_changed);
  ADD ("/fc/store/transactions", test_transactions);
  ADD ("/fc/store/remove-mapping-cascades", test_remove_mapping_cascades);
  ADD ("/fc/store/engine/models", test_engine_models);
  ADD ("/fc/store/engine/refuses-too-new", test_engine_refuses_too_new);

#undef ADD

  return g_test_run ();
}
