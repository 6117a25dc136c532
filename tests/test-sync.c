/* test-sync.c: sync runs end to end: HubSpot contacts <-> Pipedrive persons on the provider
 * simulator, through the real engine, a real SQLite file and the session's keyring
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "fc-engine.h"
#include "fc-sim.h"
#include "fc-store-private.h"
#include "fc-sync-store.h"

#define HUBSPOT_TOKEN "pat-na1-sync-test-4f2a9c"
#define PIPEDRIVE_TOKEN "5a1c9e0b7d2f4e6a8c0b1d3f5e7a9c0b2d4f6e81"

typedef struct {
  FcSim         *sim;
  char          *data_dir;
  FcEngine      *engine;
  FcConnection  *hubspot;
  FcConnection  *pipedrive;
  FcMapping     *mapping;     /* the engine's */
  GPtrArray     *events;      /* event type names, in order */
} Fixture;

/* ---- set-up ----------------------------------------------------------------------------- */

static void
on_event_cb (FcEngine   *engine,
             const char *type,
             JsonNode   *data,
             Fixture    *fixture)
{
  g_ptr_array_add (fixture->events, g_strdup (type));
}

static void
on_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

static FcConnection *
add_connection (Fixture    *fixture,
                FcProvider  provider,
                const char  *name,
                const char  *token)
{
  g_autoptr (FcConnection) connection = fc_connection_new (provider);
  g_autofree char *api = fc_sim_get_api_base_url (fixture->sim, name);
  g_autofree char *auth = fc_sim_get_auth_base_url (fixture->sim, name);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  FcConnection *added;
  FcConnector *connector;

  fc_connection_set_api_base_url (connection, api);
  fc_connection_set_auth_base_url (connection, auth);
  fc_engine_add_connection_async (fixture->engine, connection, token, NULL, NULL, NULL,
                                  on_done_cb, &result);
  added = fc_engine_add_connection_finish (fixture->engine, wait_for (&result), &error);
  g_assert_no_error (error);

  /* Quick retries: fault tests should not wait for real backoff. */
  connector = fc_engine_get_connector (fixture->engine, added, &error);
  g_assert_no_error (error);
  fc_http_set_retry_policy (fc_connector_get_http (connector), 2, 10, 20);
  return added;
}

static void
set_retries (Fixture      *fixture,
             FcConnection *connection,
             guint         attempts)
{
  g_autoptr (GError) error = NULL;
  FcConnector *connector = fc_engine_get_connector (fixture->engine, connection, &error);

  g_assert_no_error (error);
  fc_http_set_retry_policy (fc_connector_get_http (connector), attempts, 10, 20);
}

static FcMapping *
save_mapping (Fixture            *fixture,
              const char         *name,
              FcConflictStrategy  strategy)
{
  g_autoptr (FcMapping) mapping = fc_mapping_new ();
  g_autoptr (FcFieldPair) email = fc_field_pair_new_simple ("email", "email");
  g_autoptr (FcFieldPair) name_pair = NULL;
  g_autoptr (FcFieldPair) phone = fc_field_pair_new_simple ("phone", "phone");
  g_autoptr (GError) error = NULL;
  const char * const first_last[] = { "firstname", "lastname", NULL };
  const char * const full_name[] = { "name", NULL };

  fc_mapping_set_name (mapping, name);
  fc_mapping_set_source_connection_id (mapping, fc_connection_get_id (fixture->hubspot));
  fc_mapping_set_source_object (mapping, "contacts");
  fc_mapping_set_target_connection_id (mapping, fc_connection_get_id (fixture->pipedrive));
  fc_mapping_set_target_object (mapping, "persons");
  fc_mapping_set_direction (mapping, FC_DIRECTION_BIDIRECTIONAL);
  fc_mapping_set_conflict_strategy (mapping, strategy);

  fc_field_pair_set_required (email, TRUE);
  fc_mapping_add_field_pair (mapping, email);
  name_pair = fc_field_pair_new (first_last, full_name);
  fc_field_pair_set_transform (name_pair, "concatenate");
  fc_mapping_add_field_pair (mapping, name_pair);
  fc_field_pair_set_transform (phone, "phone_e164(region=US)");
  fc_mapping_add_field_pair (mapping, phone);

  g_assert_true (fc_engine_save_mapping (fixture->engine, mapping, &error));
  g_assert_no_error (error);
  return g_object_ref (fc_engine_lookup_mapping (fixture->engine, fc_mapping_get_id (mapping)));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  FcConflictStrategy strategy = GPOINTER_TO_INT (user_data);
  g_autoptr (GError) error = NULL;

  fixture->sim = fc_sim_new ();
  fc_sim_set_seed (fixture->sim, 11);
  g_assert_true (fc_sim_add_static_token (fixture->sim, "hubspot", HUBSPOT_TOKEN, &error));
  g_assert_true (fc_sim_add_static_token (fixture->sim, "pipedrive", PIPEDRIVE_TOKEN, &error));
  g_assert_no_error (error);
  g_assert_true (fc_sim_start_in_thread (fixture->sim, 0, &error));
  g_assert_no_error (error);

  fixture->data_dir = g_dir_make_tmp ("fc-sync-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->engine = fc_engine_new (fixture->data_dir, &error);
  g_assert_no_error (error);
  fixture->events = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (fixture->engine, "event", G_CALLBACK (on_event_cb), fixture);

  fixture->hubspot = add_connection (fixture, FC_PROVIDER_HUBSPOT, "hubspot", HUBSPOT_TOKEN);
  fixture->pipedrive = add_connection (fixture, FC_PROVIDER_PIPEDRIVE, "pipedrive",
                                       PIPEDRIVE_TOKEN);
  fixture->mapping = save_mapping (fixture, "Contacts and persons", strategy);
}

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_object (&fixture->mapping);
  g_clear_object (&fixture->hubspot);
  g_clear_object (&fixture->pipedrive);
  g_assert_finalize_object (fixture->engine);
  fc_sim_stop (fixture->sim);
  g_clear_object (&fixture->sim);
  remove_tree (fixture->data_dir);
  g_free (fixture->data_dir);
  g_ptr_array_unref (fixture->events);
}

/* ---- the providers' side ---------------------------------------------------------------- */

static char *
hs_contact (Fixture    *fixture,
            const char *email,
            const char *first,
            const char *last,
            const char *phone)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *json = NULL;
  char *id;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "properties");
  json_builder_begin_object (builder);
  if (email != NULL)
    {
      json_builder_set_member_name (builder, "email");
      json_builder_add_string_value (builder, email);
    }
  json_builder_set_member_name (builder, "firstname");
  json_builder_add_string_value (builder, first);
  json_builder_set_member_name (builder, "lastname");
  json_builder_add_string_value (builder, last);
  if (phone != NULL)
    {
      json_builder_set_member_name (builder, "phone");
      json_builder_add_string_value (builder, phone);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);

  id = fc_sim_create (fixture->sim, "hubspot", "contacts", json, &error);
  g_assert_no_error (error);
  return id;
}

static char *
pd_person (Fixture    *fixture,
           const char *name,
           const char *email,
           const char *phone)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *phones = phone != NULL
    ? g_strdup_printf (",\"phones\":[{\"value\":\"%s\",\"primary\":true,"
                       "\"label\":\"work\"}]", phone)
    : g_strdup ("");
  char *id;

  json = g_strdup_printf ("{\"name\":\"%s\",\"emails\":[{\"value\":\"%s\",\"primary\":true,"
                          "\"label\":\"work\"}]%s}", name, email, phones);
  id = fc_sim_create (fixture->sim, "pipedrive", "persons", json, &error);
  g_assert_no_error (error);
  return id;
}

static JsonObject *
sim_record (Fixture    *fixture,
            const char *provider,
            const char *object,
            const char *id)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *json = fc_sim_get_record (fixture->sim, provider, object, id, &error);
  g_autoptr (JsonNode) node = NULL;

  g_assert_no_error (error);
  node = json_from_string (json, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (node));
}

static char *
hs_value (Fixture    *fixture,
          const char *id,
          const char *property)
{
  g_autoptr (JsonObject) record = sim_record (fixture, "hubspot", "contacts", id);
  JsonObject *properties = json_object_get_object_member (record, "properties");
  JsonNode *value = json_object_get_member (properties, property);

  return value != NULL && !JSON_NODE_HOLDS_NULL (value) ? g_strdup (json_node_get_string (value))
                                                        : NULL;
}

/* "name", or the primary "email" / "phone" */
static char *
pd_value (Fixture    *fixture,
          const char *id,
          const char *field)
{
  g_autoptr (JsonObject) record = sim_record (fixture, "pipedrive", "persons", id);
  JsonArray *values;

  if (g_str_equal (field, "name"))
    return g_strdup (json_object_get_string_member (record, "name"));

  values = json_object_get_array_member (record, g_str_equal (field, "email") ? "emails"
                                                                              : "phones");
  for (guint i = 0; values != NULL && i < json_array_get_length (values); i++)
    {
      JsonObject *entry = json_array_get_object_element (values, i);

      if (json_object_get_boolean_member_with_default (entry, "primary", FALSE))
        return g_strdup (json_object_get_string_member (entry, "value"));
    }
  return NULL;
}

static void
hs_edit (Fixture    *fixture,
         const char *id,
         const char *property,
         const char *value)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *json = g_strdup_printf ("{\"properties\":{\"%s\":\"%s\"}}", property, value);

  g_assert_true (fc_sim_edit (fixture->sim, "hubspot", "contacts", id, json, &error));
  g_assert_no_error (error);
}

static void
pd_edit (Fixture    *fixture,
         const char *id,
         const char *json)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (fc_sim_edit (fixture->sim, "pipedrive", "persons", id, json, &error));
  g_assert_no_error (error);
}

/* Records of @provider whose email (any of them) is @email, ignoring case. */
static guint
count_with_email (Fixture    *fixture,
                  const char *provider,
                  const char *email)
{
  g_autofree char *path = g_strdup_printf ("/records/%s/%s", provider,
                                           g_str_equal (provider, "hubspot") ? "contacts"
                                                                             : "persons");
  g_autofree char *json = fc_sim_control (fixture->sim, "GET", path, NULL, NULL);
  g_autoptr (JsonNode) node = json_from_string (json, NULL);
  JsonArray *records = json_object_get_array_member (json_node_get_object (node), "records");
  guint count = 0;

  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      JsonObject *record = json_array_get_object_element (records, i);
      g_autoptr (JsonNode) value = NULL;
      g_autofree char *raw = NULL;
      g_autofree char *text = NULL;

      if (json_object_has_member (record, "properties"))
        {
          JsonObject *properties = json_object_get_object_member (record, "properties");

          value = json_node_copy (json_object_get_member (properties, "email"));
        }
      else
        value = json_node_copy (json_object_get_member (record, "emails"));
      if (value == NULL)
        continue;
      raw = json_to_string (value, FALSE);
      text = g_ascii_strdown (raw, -1);
      if (strstr (text, email) != NULL)
        count++;
    }
  return count;
}

/* Calls that change something at the providers (searches and batch reads excluded). */
static guint
count_writes (Fixture *fixture)
{
  g_autofree char *json = fc_sim_get_counters_json (fixture->sim);
  g_autoptr (JsonNode) node = json_from_string (json, NULL);
  JsonArray *counters = json_object_get_array_member (json_node_get_object (node), "counters");
  guint writes = 0;

  for (guint i = 0; i < json_array_get_length (counters); i++)
    {
      JsonObject *counter = json_array_get_object_element (counters, i);
      const char *method = json_object_get_string_member (counter, "method");
      const char *endpoint = json_object_get_string_member (counter, "endpoint");

      if (g_str_equal (method, "GET") || g_str_has_suffix (endpoint, "/search") ||
          g_str_has_suffix (endpoint, "/batch/read"))
        continue;
      writes += json_object_get_int_member (counter, "count");
    }
  return writes;
}

/* ---- the engine's side ------------------------------------------------------------------ */

static FcSyncResult *
sync_run_full (Fixture        *fixture,
               gboolean        dry_run,
               GCancellable   *cancellable,
               GError        **error)
{
  g_autoptr (GAsyncResult) result = NULL;
  FcSyncOptions options = { FC_SYNC_TRIGGER_MANUAL, dry_run, FALSE };

  fc_engine_sync_async (fixture->engine, fixture->mapping, &options, cancellable, NULL, NULL,
                        on_done_cb, &result);
  return fc_engine_sync_finish (fixture->engine, wait_for (&result), error);
}

/* A run that must complete. */
static FcSyncResult *
sync_ok (Fixture *fixture)
{
  g_autoptr (GError) error = NULL;
  FcSyncResult *result = sync_run_full (fixture, FALSE, NULL, &error);

  g_assert_no_error (error);
  g_test_message ("run %s: %s, %u fetched, %u created, %u updated, %u skipped, %u conflicts, "
                  "%u failed, %u parked", fc_sync_result_get_run_id (result),
                  fc_sync_result_get_error (result) != NULL ? fc_sync_result_get_error (result)
                                                            : "ok",
                  fc_sync_result_get_counts (result)->fetched,
                  fc_sync_result_get_counts (result)->created,
                  fc_sync_result_get_counts (result)->updated,
                  fc_sync_result_get_counts (result)->skipped,
                  fc_sync_result_get_counts (result)->conflicts,
                  fc_sync_result_get_counts (result)->failed,
                  fc_sync_result_get_counts (result)->parked);
  return result;
}

/* A run that writes nothing at all: the providers' write counters do not move. */
static void
assert_quiet_run (Fixture *fixture)
{
  guint before = count_writes (fixture);
  g_autoptr (FcSyncResult) result = sync_ok (fixture);

  g_assert_cmpint (fc_sync_result_get_status (result), ==, FC_SYNC_STATUS_COMPLETED);
  g_assert_cmpuint (fc_sync_result_get_counts (result)->created, ==, 0);
  g_assert_cmpuint (fc_sync_result_get_counts (result)->updated, ==, 0);
  g_assert_cmpuint (count_writes (fixture), ==, before);
}

static char *
linked_target (Fixture    *fixture,
               const char *source_id)
{
  g_autoptr (GError) error = NULL;
  char *target = NULL;

  fc_sync_store_find_link (fc_engine_get_store (fixture->engine),
                           fc_mapping_get_id (fixture->mapping), FC_SYNC_SIDE_SOURCE, source_id,
                           NULL, &target, &error);
  g_assert_no_error (error);
  return target;
}

static JsonArray *
events_of (Fixture      *fixture,
           FcSyncResult *result)
{
  g_autoptr (GError) error = NULL;
  JsonArray *events = fc_sync_store_list_events (fc_engine_get_store (fixture->engine),
                                                 fc_sync_result_get_run_id (result), &error);

  g_assert_no_error (error);
  return events;
}

/* The first event of @kind, or NULL. */
static JsonObject *
find_event (JsonArray  *events,
            const char *kind)
{
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);

      if (g_strcmp0 (json_object_get_string_member (event, "kind"), kind) == 0)
        return event;
    }
  return NULL;
}

static gboolean
event_seen (Fixture    *fixture,
            const char *type)
{
  for (guint i = 0; i < fixture->events->len; i++)
    if (g_str_equal (g_ptr_array_index (fixture->events, i), type))
      return TRUE;
  return FALSE;
}

static gint64
query_int (Fixture    *fixture,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (_fc_store_get_db (fc_engine_get_store (fixture->engine)),
                                       sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static void
exec_sql (Fixture    *fixture,
          const char *sql)
{
  g_assert_cmpint (sqlite3_exec (_fc_store_get_db (fc_engine_get_store (fixture->engine)), sql,
                                 NULL, NULL, NULL), ==, SQLITE_OK);
}

/* Two HubSpot contacts and two Pipedrive persons, one of them on both sides. */
typedef struct {
  char *ada_hs;
  char *grace_hs;
  char *ada_pd;
  char *linus_pd;
} People;

static void
people_clear (People *people)
{
  g_free (people->ada_hs);
  g_free (people->grace_hs);
  g_free (people->ada_pd);
  g_free (people->linus_pd);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (People, people_clear)

/* With @other_case, Pipedrive has Ada's email in another case, which matches (keys compare
 * without case) but is a difference of values the first run settles by the strategy. */
static void
seed_people_full (Fixture  *fixture,
                  People   *people,
                  gboolean  other_case)
{
  people->ada_hs = hs_contact (fixture, "ada@example.com", "Ada", "Lovelace", "(415) 555-2671");
  people->grace_hs = hs_contact (fixture, "grace@example.com", "Grace", "Hopper", NULL);
  /* The same person, with no phone yet. */
  people->ada_pd = pd_person (fixture, "Ada Lovelace",
                              other_case ? "Ada@Example.com" : "ada@example.com", NULL);
  people->linus_pd = pd_person (fixture, "Linus Torvalds", "linus@example.com",
                                "+14155550100");
}

static void
seed_people (Fixture *fixture,
             People  *people)
{
  seed_people_full (fixture, people, TRUE);
}

/* ---- tests ------------------------------------------------------------------------------ */

typedef struct {
  guint   calls;
  guint64 processed;   /* of the last APPLY report */
  gint64  total;
} ProgressLog;

static void
on_progress_logged_cb (FcSyncPhase  phase,
                       guint64      processed,
                       gint64       total,
                       gpointer     user_data)
{
  ProgressLog *log = user_data;

  log->calls++;
  g_assert_true (total < 0 || processed <= (guint64) total);
  if (phase == FC_SYNC_PHASE_APPLY)
    {
      log->processed = processed;
      log->total = total;
    }
}

/* Records on both sides are matched by email (compared without case), the others created on the
 * side that lacks them; a second run writes nothing. */
static void
test_initial_sync (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_auto (People) people = { 0 };
  g_autoptr (FcSyncResult) result = NULL;
  g_autoptr (GAsyncResult) async_result = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonArray) events = NULL;
  ProgressLog progress = { 0, 0, -1 };
  g_autofree char *ada_target = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *grace_pd = NULL;
  g_autofree char *grace_name = NULL;
  JsonObject *created;

  seed_people (fixture, &people);
  fc_sim_reset_counters (fixture->sim);

  fc_engine_sync_async (fixture->engine, fixture->mapping, NULL, NULL, on_progress_logged_cb,
                        &progress, on_done_cb, &async_result);
  result = fc_engine_sync_finish (fixture->engine, wait_for (&async_result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (fc_sync_result_get_status (result), ==, FC_SYNC_STATUS_COMPLETED);
  g_assert_cmpuint (fc_sync_result_get_counts (result)->fetched, ==, 4);
  /* Ada (matched), Grace and Linus (created) */
  g_assert_cmpint (progress.total, ==, 3);
  g_assert_cmpuint (progress.processed, ==, 3);
  g_assert_cmpuint (progress.calls, >=, 4);
  g_assert_cmpuint (fc_sync_result_get_counts (result)->created, ==, 2);
  g_assert_cmpuint (fc_sync_result_get_counts (result)->failed, ==, 0);

  /* Ada matched, not duplicated; her phone reached Pipedrive in E.164. */
  ada_target = linked_target (fixture, people.ada_hs);
  g_assert_cmpstr (ada_target, ==, people.ada_pd);
  phone = pd_value (fixture, people.ada_pd, "phone");
  g_assert_cmpstr (phone, ==, "+14155552671");
  g_assert_cmpuint (count_with_email (fixture, "pipedrive", "ada@example.com"), ==, 1);
  g_assert_cmpuint (count_with_email (fixture, "hubspot", "ada@example.com"), ==, 1);

  /* Grace created in Pipedrive, Linus in HubSpot, each once. */
  g_assert_cmpuint (count_with_email (fixture, "pipedrive", "grace@example.com"), ==, 1);
  g_assert_cmpuint (count_with_email (fixture, "hubspot", "linus@example.com"), ==, 1);
  grace_pd = linked_target (fixture, people.grace_hs);
  g_assert_nonnull (grace_pd);
  grace_name = pd_value (fixture, grace_pd, "name");
  g_assert_cmpstr (grace_name, ==, "Grace Hopper");
  g_assert_cmpint (fc_sync_store_count_links (fc_engine_get_store (fixture->engine),
                                              fc_mapping_get_id (fixture->mapping), NULL), ==, 3);

  /* The log: one event per record touched, with the values written. */
  events = events_of (fixture, result);
  created = find_event (events, "record.created");
  g_assert_nonnull (created);
  g_assert_true (json_object_has_member (json_object_get_object_member (created, "details"),
                                         "fields"));
  g_assert_true (event_seen (fixture, "sync.started"));
  g_assert_true (event_seen (fixture, "sync.completed"));
  g_assert_true (event_seen (fixture, "record.created"));
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM runs WHERE status = 'completed'"),
                   ==, 1);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM cursors"), ==, 2);

  /* Our own writes come back as changes whose values equal the bases. */
  assert_quiet_run (fixture);
  assert_quiet_run (fixture);
}

/* An edit on one side reaches the other, and back; edits of different fields on both sides
 * both survive. */
static void
test_edits_flow (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_auto (People) people = { 0 };
  g_autoptr (FcSyncResult) first = NULL;
  g_autoptr (FcSyncResult) second = NULL;
  g_autoptr (FcSyncResult) third = NULL;
  g_autoptr (JsonArray) events = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *first_name = NULL;
  g_autofree char *last_name = NULL;
  g_autofree char *name = NULL;
  JsonObject *updated;

  seed_people (fixture, &people);
  first = sync_ok (fixture);

  /* HubSpot's phone reaches Pipedrive. */
  hs_edit (fixture, people.ada_hs, "phone", "415-555-0132");
  second = sync_ok (fixture);
  g_assert_cmpuint (fc_sync_result_get_counts (second)->updated, ==, 1);
  phone = pd_value (fixture, people.ada_pd, "phone");
  g_assert_cmpstr (phone, ==, "+14155550132");
  events = events_of (fixture, second);
  updated = find_event (events, "record.updated");
  g_assert_nonnull (updated);
  g_assert_cmpstr (json_object_get_string_member (updated, "side"), ==, "target");
  g_assert_nonnull (json_object_get_object_member (
    json_object_get_object_member (json_object_get_object_member (updated, "details"), "fields"),
    "phone"));
  assert_quiet_run (fixture);

  /* Pipedrive's name comes back to HubSpot, split. */
  pd_edit (fixture, people.ada_pd, "{\"name\":\"Augusta King\"}");
  third = sync_ok (fixture);
  g_assert_cmpuint (fc_sync_result_get_counts (third)->updated, ==, 1);
  first_name = hs_value (fixture, people.ada_hs, "firstname");
  last_name = hs_value (fixture, people.ada_hs, "lastname");
  g_assert_cmpstr (first_name, ==, "Augusta");
  g_assert_cmpstr (last_name, ==, "King");
  assert_quiet_run (fixture);

  /* Both sides edit different fields: both changes survive. */
  hs_edit (fixture, people.ada_hs, "phone", "(415) 555-0199");
  fc_sim_advance_clock (fixture->sim, 3000);
  pd_edit (fixture, people.ada_pd, "{\"name\":\"Ada King\"}");
  g_clear_pointer (&third, fc_sync_result_unref);
  third = sync_ok (fixture);
  g_assert_cmpuint (fc_sync_result_get_counts (third)->conflicts, ==, 0);
  g_clear_pointer (&phone, g_free);
  phone = pd_value (fixture, people.ada_pd, "phone");
  g_assert_cmpstr (phone, ==, "+14155550199");
  g_clear_pointer (&first_name, g_free);
  first_name = hs_value (fixture, people.ada_hs, "firstname");
  g_assert_cmpstr (first_name, ==, "Ada");
  name = pd_value (fixture, people.ada_pd, "name");
  g_assert_cmpstr (name, ==, "Ada King");
  assert_quiet_run (fixture);
}

/* Both sides change the phone: the mapping's strategy decides (newest_wins, source_wins,
 * target_wins); the loser gets the winner's value and the run after writes nothing. */
static void
test_conflict_strategy (Fixture       *fixture,
                        gconstpointer  user_data)
{
  FcConflictStrategy strategy = GPOINTER_TO_INT (user_data);
  g_auto (People) people = { 0 };
  g_autoptr (FcSyncResult) first = NULL;
  g_autoptr (FcSyncResult) result = NULL;
  g_autoptr (JsonArray) events = NULL;
  g_autoptr (JsonArray) settled = NULL;
  g_autofree char *hs_phone = NULL;
  g_autofree char *pd_phone = NULL;
  const char *expected;
  JsonObject *updated;
  guint phone_conflicts = 0;

  seed_people (fixture, &people);
  first = sync_ok (fixture);

  hs_edit (fixture, people.ada_hs, "phone", "(617) 555-0101");
  fc_sim_advance_clock (fixture->sim, 5000);
  pd_edit (fixture, people.ada_pd,
           "{\"phones\":[{\"value\":\"+16175550199\",\"primary\":true,\"label\":\"work\"}]}");

  result = sync_ok (fixture);
  g_assert_cmpint (fc_sync_result_get_status (result), ==, FC_SYNC_STATUS_COMPLETED);
  g_assert_cmpuint (fc_sync_result_get_counts (result)->conflicts, ==, 1);
  g_assert_cmpuint (fc_sync_result_get_counts (result)->updated, ==, 1);

  /* Pipedrive's change is 5 s newer. */
  expected = strategy == FC_CONFLICT_STRATEGY_SOURCE_WINS ? "+16175550101" : "+16175550199";
  pd_phone = pd_value (fixture, people.ada_pd, "phone");
  g_assert_cmpstr (pd_phone, ==, expected);
  hs_phone = hs_value (fixture, people.ada_hs, "phone");
  if (strategy == FC_CONFLICT_STRATEGY_SOURCE_WINS)
    g_assert_cmpstr (hs_phone, ==, "(617) 555-0101");
  else
    g_assert_cmpstr (hs_phone, ==, "+16175550199");

  /* The log says why; the conflict is on record, already settled. */
  events = events_of (fixture, result);
  updated = find_event (events, "record.updated");
  g_assert_nonnull (updated);
  g_test_message ("%s", json_object_get_string_member (updated, "message"));
  g_assert_true (json_object_has_member (json_object_get_object_member (updated, "details"),
                                         "conflicts"));
  if (strategy == FC_CONFLICT_STRATEGY_NEWEST_WINS)
    g_assert_nonnull (strstr (json_object_get_string_member (updated, "message"), "clocks"));
  /* (The first run settled the case of Ada's email the same way.) */
  settled = fc_sync_store_list_conflicts (fc_engine_get_store (fixture->engine), NULL, FALSE,
                                          NULL);
  for (guint i = 0; i < json_array_get_length (settled); i++)
    {
      JsonObject *conflict = json_array_get_object_element (settled, i);

      if (!g_str_equal (json_object_get_string_member (conflict, "pair"), "phone=phone"))
        continue;
      phone_conflicts++;
      g_assert_false (json_object_get_null_member (conflict, "resolvedAt"));
      g_assert_cmpstr (json_object_get_string_member (conflict, "resolution"), ==,
                       strategy == FC_CONFLICT_STRATEGY_SOURCE_WINS ? "source" : "target");
    }
  g_assert_cmpuint (phone_conflicts, ==, 1);

  assert_quiet_run (fixture);
}

/* manual: the conflict waits in the queue while the record's other fields still sync; once
 * resolved, the next run writes the decision. */
static void
test_conflict_manual (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_auto (People) people = { 0 };
  g_autoptr (FcSyncResult) first = NULL;
  g_autoptr (FcSyncResult) result = NULL;
  g_autoptr (FcSyncResult) resolved = NULL;
  g_autoptr (JsonArray) open = NULL;
  g_autoptr (JsonArray) after = NULL;
  g_autoptr (JsonArray) events = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *hs_phone = NULL;
  g_autofree char *pd_phone = NULL;
  g_autofree char *name = NULL;
  JsonObject *conflict;
  gint64 id;

  seed_people_full (fixture, &people, FALSE);
  first = sync_ok (fixture);
  g_assert_cmpuint (fc_sync_result_get_counts (first)->conflicts, ==, 0);

  hs_edit (fixture, people.ada_hs, "phone", "(617) 555-0101");
  hs_edit (fixture, people.ada_hs, "lastname", "Byron");
  fc_sim_advance_clock (fixture->sim, 2000);
  pd_edit (fixture, people.ada_pd,
           "{\"phones\":[{\"value\":\"+16175550199\",\"primary\":true,\"label\":\"work\"}]}");

  result = sync_ok (fixture);
  g_assert_cmpint (fc_sync_result_get_status (result), ==, FC_SYNC_STATUS_COMPLETED);
  g_assert_cmpuint (fc_sync_result_get_counts (result)->conflicts, ==, 1);
  /* The phones stay as each side has them; the name still syncs. */
  hs_phone = hs_value (fixture, people.ada_hs, "phone");
  pd_phone = pd_value (fixture, people.ada_pd, "phone");
  g_assert_cmpstr (hs_phone, ==, "(617) 555-0101");
  g_assert_cmpstr (pd_phone, ==, "+16175550199");
  name = pd_value (fixture, people.ada_pd, "name");
  g_assert_cmpstr (name, ==, "Ada Byron");
  events = events_of (fixture, result);
  g_assert_nonnull (find_event (events, "record.conflict"));

  open = fc_sync_store_list_conflicts (fc_engine_get_store (fixture->engine), NULL, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (open), ==, 1);
  conflict = json_array_get_object_element (open, 0);
  g_assert_cmpstr (json_object_get_string_member (conflict, "pair"), ==, "phone=phone");
  g_assert_cmpstr (json_object_get_string_member (conflict, "sourceRecordId"), ==, people.ada_hs);
  id = json_object_get_int_member (conflict, "id");

  /* Still open, a run writes nothing more. */
  assert_quiet_run (fixture);

  g_assert_true (fc_engine_resolve_conflict (fixture->engine, id, FC_SYNC_TAKE_TARGET, NULL,
                                             &error));
  g_assert_no_error (error);
  g_assert_false (fc_engine_resolve_conflict (fixture->engine, id, FC_SYNC_TAKE_SOURCE, NULL,
                                              &error));
  g_assert_error (error, FC_SYNC_ERROR, FC_SYNC_ERROR_NOT_FOUND);
  g_clear_error (&error);

  resolved = sync_ok (fixture);
  g_assert_cmpuint (fc_sync_result_get_counts (resolved)->updated, ==, 1);
  g_clear_pointer (&hs_phone, g_free);
  hs_phone = hs_value (fixture, people.ada_hs, "phone");
  g_assert_cmpstr (hs_phone, ==, "+16175550199");
  after = fc_sync_store_list_conflicts (fc_engine_get_store (fixture->engine), NULL, TRUE, &error);
  g_assert_cmpuint (json_array_get_length (after), ==, 0);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM conflicts WHERE applied_at IS NULL"),
                   ==, 0);
  assert_quiet_run (fixture);
}

/* One HubSpot contact, two Pipedrive persons with its email: nothing is guessed or created. */
static void
test_ambiguous_parked (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autofree char *hs = hs_contact (fixture, "dup@example.com", "Dee", "Upton", NULL);
  g_autofree char *one = pd_person (fixture, "Dee Upton", "dup@example.com", NULL);
  g_autofree char *two = pd_person (fixture, "D. Upton", "DUP@example.com", NULL);
  g_autoptr (FcSyncResult) result = NULL;
  g_autoptr (FcSyncResult) again = NULL;
  g_autoptr (JsonArray) events = NULL;
  g_autofree char *target = NULL;
  JsonObject *parked;

  fc_sim_reset_counters (fixture->sim);
  result = sync_ok (fixture);
  g_assert_cmpint (fc_sync_result_get_status (result), ==, FC_SYNC_STATUS_COMPLETED);
  g_assert_cmpuint (fc_sync_result_get_counts (result)->parked, ==, 3);
  g_assert_cmpuint (fc_sync_result_get_counts (result)->created, ==, 0);
  g_assert_cmpuint (count_writes (fixture), ==, 0);
  target = linked_target (fixture, hs);
  g_assert_null (target);
  g_assert_cmpuint (count_with_email (fixture, "hubspot", "dup@example.com"), ==, 1);
  g_assert_cmpuint (count_with_email (fixture, "pipedrive", "dup@example.com"), ==, 2);

  events = events_of (fixture, result);
  parked = find_event (events, "record.parked");
  g_assert_nonnull (parked);
  g_test_message ("%s", json_object_get_string_member (parked, "message"));
  g_assert_nonnull (strstr (json_object_get_string_member (parked, "message"), "dup@example.com"));

  /* And again: still parked, still nothing created. */
  again = sync_ok (fixture);
  g_assert_cmpuint (fc_sync_result_get_counts (again)->created, ==, 0);
  g_assert_cmpuint (count_with_email (fixture, "pipedrive", "dup@example.com"), ==, 2);
}

/* The email pair is required: a contact without one is skipped, with the reason. */
static void
test_required_missing (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autofree char *hs = hs_contact (fixture, NULL, "Nemo", "Nobody", "(415) 555-0111");
  g_autoptr (FcSyncResult) result = NULL;
  g_autoptr (JsonArray) events = NULL;
  JsonObject *skipped;
  const char *message;

  result = sync_ok (fixture);
  g_assert_cmpint (fc_sync_result_get_status (result), ==, FC_SYNC_STATUS_COMPLETED);
  g_assert_cmpuint (fc_sync_result_get_counts (result)->skipped, ==, 1);
  g_assert_cmpuint (fc_sync_result_get_counts (result)->created, ==, 0);
  g_assert_cmpuint (fc_sim_count_records (fixture->sim, "pipedrive", "persons", FALSE), ==, 0);

  events = events_of (fixture, result);
  skipped = find_event (events, "record.skipped");
  g_assert_nonnull (skipped);
  message = json_object_get_string_member (skipped, "message");
  g_test_message ("%s", message);
  g_assert_nonnull (strstr (message, "required field email"));
  g_assert_nonnull (strstr (message, hs));
}

/* A dry run plans everything and writes nothing: not to the providers, not to links, bases or
 * cursors. */
static void
test_dry_run (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_auto (People) people = { 0 };
  g_autoptr (FcSyncResult) plan = NULL;
  g_autoptr (FcSyncResult) real = NULL;
  g_autoptr (JsonNode) json = NULL;
  g_autoptr (GError) error = NULL;
  GPtrArray *entries;
  JsonArray *json_plan;
  guint creates = 0;
  guint updates = 0;
  guint links = 0;

  seed_people (fixture, &people);
  fc_sim_reset_counters (fixture->sim);

  plan = sync_run_full (fixture, TRUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (fc_sync_result_get_dry_run (plan));
  g_assert_cmpuint (count_writes (fixture), ==, 0);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM links"), ==, 0);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM bases"), ==, 0);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM cursors"), ==, 0);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM intents"), ==, 0);
  g_assert_cmpint (query_int (fixture, "SELECT dry_run FROM runs"), ==, 1);

  entries = fc_sync_result_get_plan (plan);
  for (guint i = 0; i < entries->len; i++)
    {
      FcSyncPlanEntry *entry = g_ptr_array_index (entries, i);

      if (entry->kind == FC_SYNC_PLAN_CREATE)
        {
          creates++;
          g_assert_nonnull (entry->fields);
          if (entry->side == FC_SYNC_SIDE_TARGET)
            {
              JsonObject *name = json_object_get_object_member (entry->fields, "name");
              g_assert_cmpstr (json_object_get_string_member (name, "after"), ==, "Grace Hopper");
            }
        }
      else if (entry->kind == FC_SYNC_PLAN_UPDATE)
        {
          JsonObject *phone = json_object_get_object_member (entry->fields, "phone");

          updates++;
          g_assert_cmpint (entry->side, ==, FC_SYNC_SIDE_TARGET);
          g_assert_cmpstr (entry->target_id, ==, people.ada_pd);
          g_assert_cmpstr (json_object_get_string_member (phone, "after"), ==, "+14155552671");
        }
      else if (entry->kind == FC_SYNC_PLAN_LINK)
        links++;
    }
  g_assert_cmpuint (creates, ==, 2);
  g_assert_cmpuint (links, ==, 1);
  g_assert_cmpuint (updates, >=, 1);
  g_assert_cmpuint (fc_sync_result_get_counts (plan)->created, ==, 2);

  json = fc_sync_result_to_json (plan);
  json_plan = json_object_get_array_member (json_node_get_object (json), "plan");
  g_assert_cmpuint (json_array_get_length (json_plan), ==, entries->len);

  /* The real run does what the plan said. */
  real = sync_ok (fixture);
  g_assert_cmpuint (fc_sync_result_get_counts (real)->created, ==, 2);
  g_assert_cmpuint (fc_sync_result_get_plan (real)->len, ==, 0);
}

/* A write the provider refuses for one record: the run is partial, the log keeps the provider's
 * error, the cursor stays behind the record and the next run writes it. */
static void
test_write_failure_retried (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_auto (People) people = { 0 };
  g_autoptr (FcSyncResult) first = NULL;
  g_autoptr (FcSyncResult) partial = NULL;
  g_autoptr (FcSyncResult) retry = NULL;
  g_autoptr (JsonArray) events = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *ada_phone = NULL;
  g_autofree char *grace_pd = NULL;
  g_autofree char *grace_phone = NULL;
  g_autofree char *sql = NULL;
  g_autoptr (JsonObject) ada_record = NULL;
  g_autoptr (GDateTime) ada_modified = NULL;
  JsonObject *failed;
  JsonObject *details;

  seed_people (fixture, &people);
  first = sync_ok (fixture);
  grace_pd = linked_target (fixture, people.grace_hs);

  /* Ten minutes apart, so that a cursor moved to Grace's change would leave Ada's outside the
   * overlap window. */
  hs_edit (fixture, people.ada_hs, "phone", "(415) 555-0177");
  fc_sim_advance_clock (fixture->sim, 10 * 60 * 1000);
  hs_edit (fixture, people.grace_hs, "phone", "(415) 555-0188");

  /* Pipedrive writes one record per call: the first of them fails, with no retry. */
  set_retries (fixture, fixture->pipedrive, 1);
  g_assert_true (fc_sim_set_faults (fixture->sim, "pipedrive",
                                    "{\"error_next\":1,\"error_statuses\":[500],"
                                    "\"path_prefix\":\"/api/v2/persons/{id}\"}", &error));
  g_assert_no_error (error);

  partial = sync_ok (fixture);
  g_assert_cmpint (fc_sync_result_get_status (partial), ==, FC_SYNC_STATUS_PARTIAL);
  g_assert_cmpuint (fc_sync_result_get_counts (partial)->failed, ==, 1);
  g_assert_cmpuint (fc_sync_result_get_counts (partial)->updated, ==, 1);
  g_assert_true (event_seen (fixture, "sync.partial"));
  g_assert_true (event_seen (fixture, "record.error"));

  events = events_of (fixture, partial);
  failed = find_event (events, "record.error");
  g_assert_nonnull (failed);
  g_test_message ("%s", json_object_get_string_member (failed, "message"));
  g_assert_cmpstr (json_object_get_string_member (failed, "sourceRecordId"), ==, people.ada_hs);

  /* The source cursor stays at Ada's change, not at Grace's later one. */
  ada_record = sim_record (fixture, "hubspot", "contacts", people.ada_hs);
  ada_modified = g_date_time_new_from_iso8601 (json_object_get_string_member (ada_record,
                                                                              "updatedAt"), NULL);
  g_assert_nonnull (ada_modified);
  sql = g_strdup_printf ("SELECT modified_since FROM cursors WHERE mapping_id = '%s' "
                         "AND side = 'source'", fc_mapping_get_id (fixture->mapping));
  g_assert_cmpint (query_int (fixture, sql), ==,
                   g_date_time_to_unix (ada_modified) * 1000 +
                   g_date_time_get_microsecond (ada_modified) / 1000);
  details = json_object_get_object_member (failed, "details");
  g_assert_true (json_object_has_member (details, "error"));
  g_assert_true (json_object_has_member (details, "fields"));
  g_assert_nonnull (strstr (json_object_get_string_member (json_object_get_object_member (details,
                                                                                        "error"),
                                                           "message"), "500"));

  fc_sim_clear_faults (fixture->sim, "pipedrive");
  set_retries (fixture, fixture->pipedrive, 2);

  retry = sync_ok (fixture);
  g_assert_cmpint (fc_sync_result_get_status (retry), ==, FC_SYNC_STATUS_COMPLETED);
  g_assert_cmpuint (fc_sync_result_get_counts (retry)->updated, ==, 1);
  ada_phone = pd_value (fixture, people.ada_pd, "phone");
  grace_phone = pd_value (fixture, grace_pd, "phone");
  g_assert_cmpstr (ada_phone, ==, "+14155550177");
  g_assert_cmpstr (grace_phone, ==, "+14155550188");
  assert_quiet_run (fixture);
}

/* A 5xx storm on HubSpot's batch endpoint: the whole batch fails, every record of it is logged
 * and retried by the next run. */
static void
test_server_storm (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_auto (People) people = { 0 };
  g_autoptr (FcSyncResult) first = NULL;
  g_autoptr (FcSyncResult) storm = NULL;
  g_autoptr (FcSyncResult) after = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *ada_phone = NULL;

  seed_people (fixture, &people);
  first = sync_ok (fixture);

  pd_edit (fixture, people.ada_pd,
           "{\"phones\":[{\"value\":\"+14155550122\",\"primary\":true,\"label\":\"work\"}]}");
  pd_edit (fixture, people.linus_pd, "{\"name\":\"Linus Benedict\"}");
  g_assert_true (fc_sim_set_faults (fixture->sim, "hubspot",
                                    "{\"error_rate\":1.0,\"error_statuses\":[503],"
                                    "\"path_prefix\":\"/crm/v3/objects/contacts/batch/update\"}",
                                    &error));
  g_assert_no_error (error);

  storm = sync_ok (fixture);
  g_assert_cmpint (fc_sync_result_get_status (storm), ==, FC_SYNC_STATUS_PARTIAL);
  g_assert_cmpuint (fc_sync_result_get_counts (storm)->failed, ==, 2);
  g_assert_cmpuint (fc_sim_get_count (fixture->sim, "hubspot", "POST",
                                      "/crm/v3/objects/contacts/batch/update", 503), >=, 2);

  fc_sim_clear_faults (fixture->sim, "hubspot");
  after = sync_ok (fixture);
  g_assert_cmpint (fc_sync_result_get_status (after), ==, FC_SYNC_STATUS_COMPLETED);
  g_assert_cmpuint (fc_sync_result_get_counts (after)->updated, ==, 2);
  ada_phone = hs_value (fixture, people.ada_hs, "phone");
  g_assert_cmpstr (ada_phone, ==, "+14155550122");
  assert_quiet_run (fixture);
}

/* A run stopped after its create reached the provider but before the link was stored: the
 * intent row is left, and the next run links the record instead of creating it again. */
static void
test_intent_recovery (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autofree char *hs = hs_contact (fixture, "hedy@example.com", "Hedy", "Lamarr", NULL);
  g_autofree char *pd = NULL;
  g_autofree char *sql = NULL;
  g_autoptr (FcSyncResult) result = NULL;
  g_autoptr (JsonArray) events = NULL;
  g_autofree char *target = NULL;
  JsonObject *linked;

  /* What the interrupted run left: the person at Pipedrive, the intent, nothing else. */
  pd = pd_person (fixture, "Hedy Lamarr", "hedy@example.com", NULL);
  sql = g_strdup_printf ("INSERT INTO intents (mapping_id, side, origin_record_id, match_key, "
                         "created_at) VALUES ('%s', 'target', '%s', 'hedy@example.com', 1)",
                         fc_mapping_get_id (fixture->mapping), hs);
  exec_sql (fixture, sql);
  fc_sim_reset_counters (fixture->sim);

  result = sync_ok (fixture);
  g_assert_cmpuint (fc_sync_result_get_counts (result)->created, ==, 0);
  g_assert_cmpuint (fc_sim_get_count (fixture->sim, "pipedrive", "POST", "/api/v2/persons", 0),
                    ==, 0);
  g_assert_cmpuint (count_with_email (fixture, "pipedrive", "hedy@example.com"), ==, 1);
  target = linked_target (fixture, hs);
  g_assert_cmpstr (target, ==, pd);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM intents"), ==, 0);

  events = events_of (fixture, result);
  linked = find_event (events, "record.linked");
  g_assert_nonnull (linked);
  g_test_message ("%s", json_object_get_string_member (linked, "message"));
  assert_quiet_run (fixture);
}

typedef struct {
  GCancellable *cancellable;
  guint         timeout_id;
} CancelLater;

static gboolean
cancel_now_cb (gpointer user_data)
{
  CancelLater *later = user_data;

  g_cancellable_cancel (later->cancellable);
  later->timeout_id = 0;
  return G_SOURCE_REMOVE;
}

static void
on_progress_cb (FcSyncPhase  phase,
                guint64      processed,
                gint64       total,
                gpointer     user_data)
{
  CancelLater *later = user_data;

  g_assert_true (total < 0 || processed <= (guint64) total);
  if (phase == FC_SYNC_PHASE_APPLY && later->timeout_id == 0 &&
      !g_cancellable_is_cancelled (later->cancellable))
    later->timeout_id = g_timeout_add (150, cancel_now_cb, later);
}

/* Cancelled while Pipedrive creates the records: the run ends failed ("cancelled"), what was
 * created is either linked or has its intent, and the next run finishes without a duplicate. */
static void
test_cancel_mid_run (Fixture       *fixture,
                     gconstpointer  user_data)
{
  CancelLater later = { g_cancellable_new (), 0 };
  g_autoptr (GAsyncResult) async_result = NULL;
  g_autoptr (FcSyncResult) cancelled = NULL;
  g_autoptr (FcSyncResult) after = NULL;
  g_autoptr (GError) error = NULL;
  FcSyncOptions options = { FC_SYNC_TRIGGER_MANUAL, FALSE, FALSE };
  guint created_early;
  gint64 links;
  gint64 intents;
  const guint n = 12;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *email = g_strdup_printf ("person%02u@example.com", i);
      g_autofree char *last = g_strdup_printf ("Number%u", i);
      g_autofree char *id = hs_contact (fixture, email, "Pat", last, NULL);
    }
  g_assert_true (fc_sim_set_faults (fixture->sim, "pipedrive", "{\"latency_ms\":40}", &error));

  fc_engine_sync_async (fixture->engine, fixture->mapping, &options, later.cancellable,
                        on_progress_cb, &later, on_done_cb, &async_result);
  cancelled = fc_engine_sync_finish (fixture->engine, wait_for (&async_result), &error);
  g_assert_null (cancelled);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM runs WHERE status = 'failed' "
                                       "AND error = 'cancelled'"), ==, 1);
  g_assert_true (event_seen (fixture, "sync.failed"));

  /* Consistent: every person Pipedrive has is linked, or its intent says to look it up. */
  created_early = fc_sim_count_records (fixture->sim, "pipedrive", "persons", FALSE);
  links = query_int (fixture, "SELECT count(*) FROM links");
  intents = query_int (fixture, "SELECT count(*) FROM intents");
  g_test_message ("cancelled after %u creates: %" G_GINT64_FORMAT " links, %" G_GINT64_FORMAT
                  " intents", created_early, links, intents);
  g_assert_cmpint (created_early, <, n);
  g_assert_cmpint (links + intents, >=, created_early);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM bases WHERE link_id NOT IN "
                                       "(SELECT id FROM links)"), ==, 0);

  fc_sim_clear_faults (fixture->sim, "pipedrive");
  after = sync_ok (fixture);
  g_assert_cmpint (fc_sync_result_get_status (after), ==, FC_SYNC_STATUS_COMPLETED);
  g_assert_cmpuint (fc_sim_count_records (fixture->sim, "pipedrive", "persons", FALSE), ==, n);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM links"), ==, n);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM intents"), ==, 0);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *email = g_strdup_printf ("person%02u@example.com", i);
      g_assert_cmpuint (count_with_email (fixture, "pipedrive", email), ==, 1);
    }
  assert_quiet_run (fixture);

  if (later.timeout_id != 0)
    g_source_remove (later.timeout_id);
  g_object_unref (later.cancellable);
}

/* An expired connection: the run fails at once, with a run row that says why. */
static void
test_inactive_connection (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autoptr (FcSyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonArray) runs = NULL;
  JsonObject *run;

  fc_connection_set_status (fixture->pipedrive, FC_CONNECTION_STATUS_EXPIRED);
  g_assert_true (fc_engine_save_connection (fixture->engine, fixture->pipedrive, &error));
  fc_sim_reset_counters (fixture->sim);

  result = sync_run_full (fixture, FALSE, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, FC_SYNC_ERROR, FC_SYNC_ERROR_CONNECTION_INACTIVE);
  g_test_message ("%s", error->message);

  runs = fc_sync_store_list_runs (fc_engine_get_store (fixture->engine), NULL, 0, NULL);
  g_assert_cmpuint (json_array_get_length (runs), ==, 1);
  run = json_array_get_object_element (runs, 0);
  g_assert_cmpstr (json_object_get_string_member (run, "status"), ==, "failed");
  g_assert_nonnull (strstr (json_object_get_string_member (run, "error"), "expired"));
  g_assert_cmpuint (fc_sim_get_count (fixture->sim, NULL, NULL, NULL, 0), ==, 0);
}

/* Requests while a run is in progress share one follow-up run. */
static void
test_coalesced (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_auto (People) people = { 0 };
  g_autoptr (GAsyncResult) r1 = NULL;
  g_autoptr (GAsyncResult) r2 = NULL;
  g_autoptr (GAsyncResult) r3 = NULL;
  g_autoptr (FcSyncResult) s1 = NULL;
  g_autoptr (FcSyncResult) s2 = NULL;
  g_autoptr (FcSyncResult) s3 = NULL;
  g_autoptr (GError) error = NULL;

  seed_people (fixture, &people);
  fc_engine_sync_async (fixture->engine, fixture->mapping, NULL, NULL, NULL, NULL, on_done_cb, &r1);
  g_assert_true (fc_engine_is_syncing (fixture->engine, fc_mapping_get_id (fixture->mapping)));
  fc_engine_sync_async (fixture->engine, fixture->mapping, NULL, NULL, NULL, NULL, on_done_cb, &r2);
  fc_engine_sync_async (fixture->engine, fixture->mapping, NULL, NULL, NULL, NULL, on_done_cb, &r3);

  s1 = fc_engine_sync_finish (fixture->engine, wait_for (&r1), &error);
  g_assert_no_error (error);
  s2 = fc_engine_sync_finish (fixture->engine, wait_for (&r2), &error);
  g_assert_no_error (error);
  s3 = fc_engine_sync_finish (fixture->engine, wait_for (&r3), &error);
  g_assert_no_error (error);

  g_assert_cmpstr (fc_sync_result_get_run_id (s1), !=, fc_sync_result_get_run_id (s2));
  g_assert_cmpstr (fc_sync_result_get_run_id (s2), ==, fc_sync_result_get_run_id (s3));
  g_assert_cmpuint (fc_sync_result_get_counts (s1)->created, ==, 2);
  g_assert_cmpuint (fc_sync_result_get_counts (s2)->created, ==, 0);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM runs"), ==, 2);
  g_assert_false (fc_engine_is_syncing (fixture->engine, fc_mapping_get_id (fixture->mapping)));
}

static FcSyncResult *
sync_mapping (Fixture   *fixture,
              FcMapping *mapping)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  FcSyncResult *outcome;

  fc_engine_sync_async (fixture->engine, mapping, NULL, NULL, NULL, NULL, on_done_cb, &result);
  outcome = fc_engine_sync_finish (fixture->engine, wait_for (&result), &error);
  g_assert_no_error (error);
  return outcome;
}

/* Pipedrive persons -> HubSpot contacts, one way, with split_name and phone_e164. Its first run
 * lists HubSpot whole to match against (one search, not one per person); later runs read only
 * the linked contacts, and a HubSpot edit does not flow back. */
static void
test_one_way (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autoptr (FcMapping) mapping = fc_mapping_new ();
  g_autoptr (FcFieldPair) name = NULL;
  g_autoptr (FcFieldPair) email = fc_field_pair_new_simple ("email", "email");
  g_autoptr (FcFieldPair) phone = fc_field_pair_new_simple ("phone", "phone");
  g_autoptr (FcSyncResult) first = NULL;
  g_autoptr (FcSyncResult) second = NULL;
  g_autoptr (FcSyncResult) third = NULL;
  g_autoptr (FcSyncResult) fourth = NULL;
  g_autoptr (GError) error = NULL;
  const char * const full_name[] = { "name", NULL };
  const char * const first_last[] = { "firstname", "lastname", NULL };
  g_autofree char *ada_pd = pd_person (fixture, "Ada Lovelace", "ada@example.com",
                                       "+14155552671");
  g_autofree char *grace_pd = pd_person (fixture, "Grace Hopper", "grace@example.com", NULL);
  g_autofree char *ada_hs = hs_contact (fixture, "ada@example.com", "Ada", "Lovelace", NULL);
  g_autofree char *other_hs = hs_contact (fixture, "other@example.com", "Otto", "Other", NULL);
  g_autofree char *ada_phone = NULL;
  g_autofree char *grace_hs = NULL;
  g_autofree char *last_name = NULL;
  g_autofree char *pd_phone = NULL;
  FcMapping *saved;
  guint writes;

  fc_mapping_set_name (mapping, "Persons to contacts");
  fc_mapping_set_source_connection_id (mapping, fc_connection_get_id (fixture->pipedrive));
  fc_mapping_set_source_object (mapping, "persons");
  fc_mapping_set_target_connection_id (mapping, fc_connection_get_id (fixture->hubspot));
  fc_mapping_set_target_object (mapping, "contacts");
  name = fc_field_pair_new (full_name, first_last);
  fc_field_pair_set_transform (name, "split_name");
  fc_mapping_add_field_pair (mapping, name);
  fc_field_pair_set_required (email, TRUE);
  fc_mapping_add_field_pair (mapping, email);
  fc_field_pair_set_transform (phone, "phone_e164(region=US)");
  fc_mapping_add_field_pair (mapping, phone);
  g_assert_true (fc_engine_save_mapping (fixture->engine, mapping, &error));
  g_assert_no_error (error);
  saved = fc_engine_lookup_mapping (fixture->engine, fc_mapping_get_id (mapping));
  fc_sim_reset_counters (fixture->sim);

  first = sync_mapping (fixture, saved);
  g_assert_cmpint (fc_sync_result_get_status (first), ==, FC_SYNC_STATUS_COMPLETED);
  g_assert_cmpuint (fc_sync_result_get_counts (first)->created, ==, 1);
  g_assert_cmpuint (fc_sync_result_get_counts (first)->updated, ==, 1);
  g_assert_cmpuint (fc_sim_get_count (fixture->sim, "hubspot", "POST",
                                      "/crm/v3/objects/contacts/search", 0), ==, 1);
  ada_phone = hs_value (fixture, ada_hs, "phone");
  g_assert_cmpstr (ada_phone, ==, "+14155552671");
  g_assert_cmpuint (count_with_email (fixture, "hubspot", "ada@example.com"), ==, 1);
  g_assert_cmpuint (count_with_email (fixture, "hubspot", "grace@example.com"), ==, 1);
  g_assert_cmpuint (fc_sim_count_records (fixture->sim, "pipedrive", "persons", FALSE), ==, 2);
  g_assert_cmpuint (fc_sim_get_count (fixture->sim, "pipedrive", "POST", NULL, 0) +
                    fc_sim_get_count (fixture->sim, "pipedrive", "PATCH", NULL, 0), ==, 0);

  /* Nothing new: nothing written, HubSpot no longer listed. */
  fc_sim_reset_counters (fixture->sim);
  second = sync_mapping (fixture, saved);
  g_assert_cmpuint (count_writes (fixture), ==, 0);
  g_assert_cmpuint (fc_sim_get_count (fixture->sim, "hubspot", "POST",
                                      "/crm/v3/objects/contacts/search", 0), ==, 0);

  /* A Pipedrive edit reaches HubSpot, split. */
  pd_edit (fixture, grace_pd, "{\"name\":\"Grace Brewster Hopper\"}");
  third = sync_mapping (fixture, saved);
  g_assert_cmpuint (fc_sync_result_get_counts (third)->updated, ==, 1);
  grace_hs = linked_target (fixture, grace_pd);
  g_assert_null (grace_hs);  /* the bidirectional mapping's links are not this one's */
  {
    g_autofree char *json = fc_sim_control (fixture->sim, "GET", "/records/hubspot/contacts",
                                            NULL, NULL);
    g_assert_nonnull (strstr (json, "Brewster"));
  }

  /* A HubSpot edit does not flow back, and does not come back as a change either. */
  hs_edit (fixture, ada_hs, "lastname", "Byron");
  writes = count_writes (fixture);
  fourth = sync_mapping (fixture, saved);
  g_assert_cmpuint (count_writes (fixture), ==, writes);
  last_name = hs_value (fixture, ada_hs, "lastname");
  g_assert_cmpstr (last_name, ==, "Byron");
  pd_phone = pd_value (fixture, ada_pd, "phone");
  g_assert_cmpstr (pd_phone, ==, "+14155552671");
  g_assert_nonnull (other_hs);
}

/* ---- the command line ------------------------------------------------------------------- */

typedef struct {
  int   status;
  char *out;
  char *err;
} CliResult;

static void
cli_result_clear (CliResult *result)
{
  g_free (result->out);
  g_free (result->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliResult, cli_result_clear)

static void
run_cli (Fixture   *fixture,
         CliResult *result,
         ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("FC_CLI"));
  g_ptr_array_add (argv, (gpointer) "--data-dir");
  g_ptr_array_add (argv, fixture->data_dir);
  va_start (args, result);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  cli_result_clear (result);
  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &result->out, &result->err, &error);
  g_assert_no_error (error);
  g_test_message ("$ %s\n%s%s", (char *) g_ptr_array_index (argv, 3), result->out, result->err);
  g_assert_true (g_subprocess_get_if_exited (process));
  result->status = g_subprocess_get_exit_status (process);
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr (GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static void
test_cli (Fixture       *fixture,
          gconstpointer  user_data)
{
  g_auto (CliResult) r = { 0 };
  g_autoptr (JsonNode) plan = NULL;
  g_autoptr (JsonNode) runs = NULL;
  g_autoptr (JsonNode) one_run = NULL;
  g_autoptr (JsonNode) conflicts = NULL;
  g_autofree char *mary_pd = NULL;
  g_autofree char *conflict_id = NULL;
  g_autofree char *pd_phone = NULL;
  JsonObject *result;
  JsonArray *entries;
  const char *run_id;
  gboolean planned_create = FALSE;
  guint writes;

  /* A pair the transforms cannot map: a usage error with the engine's message. */
  run_cli (fixture, &r, "mappings", "add", "--name", "Broken", "--from", "pipedrive:persons",
           "--to", "hubspot:contacts", "--pair", "name=firstname|split_name", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "split_name"));
  run_cli (fixture, &r, "mappings", "add", "--name", "Broken", "--from", "pipedrive:persons",
           "--to", "hubspot:contacts", "--pair", "name=firstname,lastname|frobnicate", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "frobnicate"));

  run_cli (fixture, &r, "mappings", "add", "--name", "People from Pipedrive",
           "--from", "pipedrive:persons", "--to", "hubspot:contacts",
           "--direction", "bidirectional", "--conflict", "manual", "--match", "email",
           "--pair", "name=firstname,lastname|split_name",
           "--pair", "email=email!", "--pair", "phone=phone|phone_e164(region=US)", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "People from Pipedrive"));

  mary_pd = pd_person (fixture, "Mary Jackson", "mary@example.com", "+17575550100");
  fc_sim_reset_counters (fixture->sim);

  /* The plan, as JSON, and nothing written. */
  run_cli (fixture, &r, "sync", "People from Pipedrive", "--dry-run", "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  plan = parse_json (r.out);
  result = json_node_get_object (plan);
  g_assert_true (json_object_get_boolean_member (result, "dryRun"));
  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "completed");
  entries = json_object_get_array_member (result, "plan");
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);

      if (g_str_equal (json_object_get_string_member (entry, "kind"), "create") &&
          g_str_equal (json_object_get_string_member (entry, "side"), "target"))
        {
          JsonObject *fields = json_object_get_object_member (entry, "fields");
          JsonObject *first = json_object_get_object_member (fields, "firstname");

          g_assert_cmpstr (json_object_get_string_member (first, "after"), ==, "Mary");
          planned_create = TRUE;
        }
    }
  g_assert_true (planned_create);
  g_assert_cmpuint (count_writes (fixture), ==, 0);

  run_cli (fixture, &r, "sync", "People from Pipedrive", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "completed"));
  g_assert_cmpuint (count_with_email (fixture, "hubspot", "mary@example.com"), ==, 1);

  /* The log: runs newest first, and what one run did. */
  run_cli (fixture, &r, "log", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "People from Pipedrive"));
  run_cli (fixture, &r, "log", "--json", "--mapping", "People from Pipedrive", NULL);
  g_assert_cmpint (r.status, ==, 0);
  runs = parse_json (r.out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (runs)), ==, 2);
  run_id = json_object_get_string_member (json_array_get_object_element (json_node_get_array (runs),
                                                                         0), "id");
  run_cli (fixture, &r, "log", "--run", run_id, "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  one_run = parse_json (r.out);
  g_assert_cmpstr (json_object_get_string_member (
                     json_array_get_object_element (
                       json_object_get_array_member (json_node_get_object (one_run), "events"),
                       0),
                     "kind"), ==, "record.created");
  run_cli (fixture, &r, "log", "--run", run_id, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "record.created"));

  /* A conflict (manual strategy), listed and settled with a value of the user's own. */
  pd_edit (fixture, mary_pd,
           "{\"phones\":[{\"value\":\"+17575550111\",\"primary\":true,\"label\":\"work\"}]}");
  {
    g_autofree char *mary_hs = NULL;
    g_autoptr (JsonNode) hs_list = NULL;
    g_autofree char *json = fc_sim_control (fixture->sim, "GET", "/records/hubspot/contacts",
                                            NULL, NULL);
    JsonArray *records;

    hs_list = parse_json (json);
    records = json_object_get_array_member (json_node_get_object (hs_list), "records");
    mary_hs = g_strdup (json_object_get_string_member (json_array_get_object_element (records, 0),
                                                       "id"));
    hs_edit (fixture, mary_hs, "phone", "757-555-0122");
  }
  run_cli (fixture, &r, "sync", "People from Pipedrive", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_cli (fixture, &r, "conflicts", "list", "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  conflicts = parse_json (r.out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (conflicts)), ==, 1);
  conflict_id = g_strdup_printf ("%" G_GINT64_FORMAT,
                                 json_object_get_int_member (
                                   json_array_get_object_element (json_node_get_array (conflicts),
                                                                  0), "id"));
  run_cli (fixture, &r, "conflicts", "list", NULL);
  g_assert_nonnull (strstr (r.out, "phone=phone"));
  run_cli (fixture, &r, "conflicts", "resolve", conflict_id, "--take", "(757) 555-0142", NULL);
  g_assert_cmpint (r.status, ==, 0);
  writes = count_writes (fixture);
  run_cli (fixture, &r, "sync", "People from Pipedrive", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpuint (count_writes (fixture), ==, writes + 2);
  pd_phone = pd_value (fixture, mary_pd, "phone");
  g_assert_cmpstr (pd_phone, ==, "(757) 555-0142");
  run_cli (fixture, &r, "conflicts", "list", "--json", NULL);
  g_clear_pointer (&conflicts, json_node_unref);
  conflicts = parse_json (r.out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (conflicts)), ==, 0);

  /* A value HubSpot refuses: partial, exit status 3. */
  pd_edit (fixture, mary_pd,
           "{\"emails\":[{\"value\":\"mary-at-example\",\"primary\":true,\"label\":\"work\"}]}");
  run_cli (fixture, &r, "sync", "People from Pipedrive", NULL);
  g_assert_cmpint (r.status, ==, 3);
  g_assert_nonnull (strstr (r.out, "partial"));

  /* No such mapping: a failure, status 1. */
  run_cli (fixture, &r, "sync", "No such mapping", NULL);
  g_assert_cmpint (r.status, ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, data) \
  g_test_add (path, Fixture, GINT_TO_POINTER (data), fixture_set_up, func, fixture_tear_down)

  ADD ("/fc/sync/initial", test_initial_sync, FC_CONFLICT_STRATEGY_NEWEST_WINS);
  ADD ("/fc/sync/edits-flow", test_edits_flow, FC_CONFLICT_STRATEGY_NEWEST_WINS);
  ADD ("/fc/sync/conflict/newest-wins", test_conflict_strategy,
       FC_CONFLICT_STRATEGY_NEWEST_WINS);
  ADD ("/fc/sync/conflict/source-wins", test_conflict_strategy,
       FC_CONFLICT_STRATEGY_SOURCE_WINS);
  ADD ("/fc/sync/conflict/target-wins", test_conflict_strategy,
       FC_CONFLICT_STRATEGY_TARGET_WINS);
  ADD ("/fc/sync/conflict/manual", test_conflict_manual, FC_CONFLICT_STRATEGY_MANUAL);
  ADD ("/fc/sync/ambiguous-parked", test_ambiguous_parked, FC_CONFLICT_STRATEGY_NEWEST_WINS);
  ADD ("/fc/sync/required-missing", test_required_missing, FC_CONFLICT_STRATEGY_NEWEST_WINS);
  ADD ("/fc/sync/dry-run", test_dry_run, FC_CONFLICT_STRATEGY_NEWEST_WINS);
  ADD ("/fc/sync/write-failure", test_write_failure_retried, FC_CONFLICT_STRATEGY_NEWEST_WINS);
  ADD ("/fc/sync/server-storm", test_server_storm, FC_CONFLICT_STRATEGY_NEWEST_WINS);
  ADD ("/fc/sync/intent-recovery", test_intent_recovery, FC_CONFLICT_STRATEGY_NEWEST_WINS);
  ADD ("/fc/sync/cancel", test_cancel_mid_run, FC_CONFLICT_STRATEGY_NEWEST_WINS);
  ADD ("/fc/sync/inactive-connection", test_inactive_connection,
       FC_CONFLICT_STRATEGY_NEWEST_WINS);
  ADD ("/fc/sync/coalesced", test_coalesced, FC_CONFLICT_STRATEGY_NEWEST_WINS);
  ADD ("/fc/sync/one-way", test_one_way, FC_CONFLICT_STRATEGY_NEWEST_WINS);
  ADD ("/fc/sync/cli", test_cli, FC_CONFLICT_STRATEGY_NEWEST_WINS);

#undef ADD

  return g_test_run ();
}
