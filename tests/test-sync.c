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
#include "fc-sync-private.h"
#include "fc-sync-store.h"
#include "fc-test-people.h"
#include "fc-test-util.h"

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

/* A connection with a static token, with quick retries: fault tests should not wait for real
 * backoff. */
static FcConnection *
add_connection (Fixture    *fixture,
                FcProvider  provider,
                const char *name,
                const char *token)
{
  return fc_test_add_sim_connection (fixture->engine, fixture->sim, NULL, provider, name, token,
                                     2);
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
  guint before = fc_sim_count_writes (fixture->sim);
  g_autoptr (FcSyncResult) result = sync_ok (fixture);

  g_assert_cmpint (fc_sync_result_get_status (result), ==, FC_SYNC_STATUS_COMPLETED);
  g_assert_cmpuint (fc_sync_result_get_counts (result)->created, ==, 0);
  g_assert_cmpuint (fc_sync_result_get_counts (result)->updated, ==, 0);
  g_assert_cmpuint (fc_sim_count_writes (fixture->sim), ==, before);
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

/* A run builds record events only for someone to receive them: with no handler of the
 * engine's signal, an endpoint wanting record.created still gets one delivery for each record
 * created, naming it, and none of the kinds it does not want; the run's log is whole. */
static void
test_record_event_receivers (Fixture       *fixture,
                             gconstpointer  user_data)
{
  const char * const types[] = { "record.created", NULL };
  FcNotifier *notifier = fc_engine_get_notifier (fixture->engine);
  g_auto (People) people = { 0 };
  g_autoptr (FcSyncResult) result = NULL;
  g_autoptr (GAsyncResult) async_result = NULL;
  g_autoptr (GAsyncResult) added = NULL;
  g_autoptr (GAsyncResult) removed = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (FcEndpoint) endpoint = NULL;
  g_autoptr (GPtrArray) deliveries = NULL;
  g_autoptr (JsonArray) events = NULL;
  g_autofree char *grace_pd = NULL;
  guint logged = 0;
  guint heard = fixture->events->len;
  gboolean named = FALSE;

  g_signal_handlers_disconnect_by_func (fixture->engine, on_event_cb, fixture);
  /* Not started: deliveries are queued, never sent */
  g_assert_false (fc_notifier_is_started (notifier));
  fc_notifier_add_endpoint_async (notifier, "http://127.0.0.1:9/hook", "record events", types,
                                  NULL, on_done_cb, &added);
  endpoint = fc_notifier_add_endpoint_finish (notifier, wait_for (&added), NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (endpoint);

  seed_people (fixture, &people);
  fc_engine_sync_async (fixture->engine, fixture->mapping, NULL, NULL, NULL, NULL, on_done_cb,
                        &async_result);
  result = fc_engine_sync_finish (fixture->engine, wait_for (&async_result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (fc_sync_result_get_status (result), ==, FC_SYNC_STATUS_COMPLETED);
  g_assert_cmpuint (fc_sync_result_get_counts (result)->created, ==, 2);
  g_assert_cmpuint (fixture->events->len, ==, heard);

  grace_pd = linked_target (fixture, people.grace_hs);
  g_assert_nonnull (grace_pd);
  deliveries = fc_notifier_list_deliveries (notifier, fc_endpoint_get_id (endpoint), -1, 0, 0,
                                            &error);
  g_assert_no_error (error);
  g_assert_cmpuint (deliveries->len, ==, 2);
  for (guint i = 0; i < deliveries->len; i++)
    {
      FcDelivery *delivery = g_ptr_array_index (deliveries, i);

      g_assert_cmpstr (fc_delivery_get_event_type (delivery), ==, "record.created");
      named = named || strstr (fc_delivery_get_payload (delivery), grace_pd) != NULL;
    }
  g_assert_true (named);

  events = events_of (fixture, result);
  for (guint i = 0; i < json_array_get_length (events); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (events, i),
                                                  "kind"), "record.created") == 0)
      logged++;
  g_assert_cmpuint (logged, ==, 2);

  /* Its secret leaves the keyring */
  fc_notifier_remove_endpoint_async (notifier, fc_endpoint_get_id (endpoint), NULL, on_done_cb,
                                     &removed);
  g_assert_true (fc_notifier_remove_endpoint_finish (notifier, wait_for (&removed), &error));
  g_assert_no_error (error);
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

  /* Past the overlap window, a change to a field no pair maps: HubSpot lists Ada again, her
   * mapped values still equal the bases and Pipedrive listed no change of hers, so her
   * counterpart is not read by id (Pipedrive's one call is the empty listing). */
  fc_sim_advance_clock (fixture->sim, 5 * 60 * 1000);
  assert_quiet_run (fixture);  /* the cursors move past everything written so far */
  fc_sim_advance_clock (fixture->sim, 5 * 60 * 1000);
  hs_edit (fixture, people.ada_hs, "company", "Analytical Engines");
  fc_sim_advance_clock (fixture->sim, 30 * 1000);  /* past the search index's lag */
  fc_sim_reset_counters (fixture->sim);
  assert_quiet_run (fixture);
  g_assert_cmpuint (fc_sim_get_count (fixture->sim, "hubspot", "POST",
                                      "/crm/v3/objects/contacts/search", 0), ==, 1);
  g_assert_cmpuint (fc_sim_get_count (fixture->sim, "hubspot", "POST",
                                      "/crm/v3/objects/contacts/batch/read", 0), ==, 0);
  g_assert_cmpuint (fc_sim_get_count (fixture->sim, "pipedrive", "GET", "/api/v2/persons", 0),
                    ==, 1);
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

  /* The split name changed its first half only: the log shows that field alone as changed. */
  g_clear_pointer (&events, json_array_unref);
  events = events_of (fixture, third);
  updated = NULL;
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);

      if (g_strcmp0 (json_object_get_string_member (event, "kind"), "record.updated") == 0 &&
          g_strcmp0 (json_object_get_string_member (event, "side"), "source") == 0)
        updated = event;
    }
  g_assert_nonnull (updated);
  {
    JsonObject *fields = json_object_get_object_member (
      json_object_get_object_member (updated, "details"), "fields");

    g_assert_true (json_object_has_member (fields, "firstname"));
    g_assert_false (json_object_has_member (fields, "lastname"));
  }
  assert_quiet_run (fixture);
}

/* A counterpart that a fresh listing of its side did not show still holds the bases: it is not
 * read before the update. Pipedrive's listing stands for a read; HubSpot's search, whose index
 * lags writes, does not. A person deleted meanwhile, which Pipedrive's listing of changes does
 * not show, is found gone by the update and skipped, as a read would have found it. */
static void
test_counterpart_from_listing (Fixture       *fixture,
                               gconstpointer  user_data)
{
  g_auto (People) people = { 0 };
  g_autoptr (FcSyncResult) first = NULL;
  g_autoptr (FcSyncResult) second = NULL;
  g_autoptr (FcSyncResult) third = NULL;
  g_autoptr (FcSyncResult) late = NULL;
  g_autoptr (JsonArray) events = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *latency = NULL;
  g_autofree char *grace_pd = NULL;
  g_autofree char *linus_hs = NULL;
  g_autofree char *name = NULL;
  g_autofree char *last_name = NULL;
  g_autofree char *path = NULL;
  g_autofree char *answer = NULL;
  JsonObject *updated = NULL;
  JsonObject *skipped;
  JsonObject *change;
  guint status = 0;

  seed_people (fixture, &people);
  first = sync_ok (fixture);
  grace_pd = linked_target (fixture, people.grace_hs);
  fc_sync_store_find_link (fc_engine_get_store (fixture->engine),
                           fc_mapping_get_id (fixture->mapping), FC_SYNC_SIDE_TARGET,
                           people.linus_pd, NULL, &linus_hs, &error);
  g_assert_no_error (error);
  g_assert_nonnull (grace_pd);
  g_assert_nonnull (linus_hs);

  /* Later than the listings' overlap, edits of fields no pair maps move both cursors past the
   * first run's writes: the next listings show only what is edited after. */
  fc_sim_advance_clock (fixture->sim, 10 * 60 * 1000);
  hs_edit (fixture, people.ada_hs, "jobtitle", "Analyst");
  pd_edit (fixture, people.linus_pd, "{\"job_title\":\"Maintainer\"}");
  assert_quiet_run (fixture);

  /* A name, unlike a phone, is written to Pipedrive without the connector reading the person's
   * contact lists first. */
  fc_sim_advance_clock (fixture->sim, 10 * 60 * 1000);
  fc_sim_reset_counters (fixture->sim);
  hs_edit (fixture, people.ada_hs, "firstname", "Augusta");
  pd_edit (fixture, people.linus_pd, "{\"name\":\"Linus Benedict\"}");
  second = sync_ok (fixture);
  g_assert_cmpint (fc_sync_result_get_status (second), ==, FC_SYNC_STATUS_COMPLETED);
  g_assert_cmpuint (fc_sync_result_get_counts (second)->updated, ==, 2);
  name = pd_value (fixture, people.ada_pd, "name");
  g_assert_cmpstr (name, ==, "Augusta Lovelace");
  last_name = hs_value (fixture, linus_hs, "lastname");
  g_assert_cmpstr (last_name, ==, "Benedict");
  /* Pipedrive: its listing, and no read of Ada's person; HubSpot: Linus's contact is read. */
  g_assert_cmpuint (fc_sim_get_count (fixture->sim, "pipedrive", "GET", "/api/v2/persons", 0), ==, 1);
  g_assert_cmpuint (fc_sim_get_count (fixture->sim, "hubspot", "POST",
                                 "/crm/v3/objects/contacts/batch/read", 0), ==, 1);
  /* The run log's before value of the person's name is what the bases say it held. */
  events = events_of (fixture, second);
  for (guint i = 0; i < json_array_get_length (events) && updated == NULL; i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);

      if (g_str_equal (json_object_get_string_member (event, "kind"), "record.updated") &&
          g_str_equal (json_object_get_string_member (event, "side"), "target"))
        updated = event;
    }
  g_assert_nonnull (updated);
  change = json_object_get_object_member (
    json_object_get_object_member (json_object_get_object_member (updated, "details"),
                                   "fields"), "name");
  g_assert_nonnull (change);
  g_assert_cmpstr (json_object_get_string_member (change, "before"), ==, "Ada Lovelace");
  g_assert_cmpstr (json_object_get_string_member (change, "after"), ==, "Augusta Lovelace");
  assert_quiet_run (fixture);

  /* Grace's person is deleted in Pipedrive, then her contact edited in HubSpot. */
  path = g_strdup_printf ("/records/pipedrive/persons/%s", grace_pd);
  answer = fc_sim_control (fixture->sim, "DELETE", path, NULL, &status);
  g_assert_cmpuint (status, <, 300);
  fc_sim_advance_clock (fixture->sim, 10 * 60 * 1000);
  hs_edit (fixture, people.grace_hs, "firstname", "Gracie");
  third = sync_ok (fixture);
  g_assert_cmpint (fc_sync_result_get_status (third), ==, FC_SYNC_STATUS_COMPLETED);
  g_assert_cmpuint (fc_sync_result_get_counts (third)->skipped, ==, 1);
  g_assert_cmpuint (fc_sync_result_get_counts (third)->failed, ==, 0);
  g_assert_cmpuint (fc_sync_result_get_counts (third)->updated, ==, 0);
  g_clear_pointer (&events, json_array_unref);
  events = events_of (fixture, third);
  skipped = find_event (events, "record.skipped");
  g_assert_nonnull (skipped);
  g_test_message ("%s", json_object_get_string_member (skipped, "message"));
  g_assert_nonnull (strstr (json_object_get_string_member (skipped, "message"), grace_pd));
  g_assert_nonnull (strstr (json_object_get_string_member (skipped, "message"),
                            "no longer exists"));
  g_assert_null (find_event (events, "record.error"));
  assert_quiet_run (fixture);

  /* A listing older than FC_SYNC_LISTING_FRESH_MS when the records are merged (HubSpot's search
   * answers late) does not stand for a read: Ada's person is read before the update. First the
   * HubSpot cursor moves past Grace's contact, which would be read again (its update is
   * unconfirmed) while within the overlap. */
  fc_sim_advance_clock (fixture->sim, 10 * 60 * 1000);
  hs_edit (fixture, linus_hs, "jobtitle", "Maintainer");
  assert_quiet_run (fixture);
  fc_sim_advance_clock (fixture->sim, 10 * 60 * 1000);
  hs_edit (fixture, people.ada_hs, "firstname", "Ada");
  latency = g_strdup_printf ("{\"latency_ms\":%d,\"path_prefix\":"
                             "\"/crm/v3/objects/contacts/search\"}",
                             FC_SYNC_LISTING_FRESH_MS + 500);
  g_assert_true (fc_sim_set_faults (fixture->sim, "hubspot", latency, &error));
  g_assert_no_error (error);
  fc_sim_reset_counters (fixture->sim);
  late = sync_ok (fixture);
  fc_sim_clear_faults (fixture->sim, "hubspot");
  g_assert_cmpint (fc_sync_result_get_status (late), ==, FC_SYNC_STATUS_COMPLETED);
  g_assert_cmpuint (fc_sync_result_get_counts (late)->updated, ==, 1);
  g_clear_pointer (&name, g_free);
  name = pd_value (fixture, people.ada_pd, "name");
  g_assert_cmpstr (name, ==, "Ada Lovelace");
  g_assert_cmpuint (fc_sim_get_count (fixture->sim, "pipedrive", "GET", "/api/v2/persons", 0), ==, 2);
}

static gboolean
give_up_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Another process (here another engine on the same data folder, with its own database
 * connection) edits the mapping: the next run here runs the edit, though this engine's model
 * still held the old mapping object; and the model itself follows another process's saves a
 * moment later, keeping the objects nobody changed. */
static void
test_mapping_edited_elsewhere (Fixture       *fixture,
                               gconstpointer  user_data)
{
  g_auto (People) people = { 0 };
  g_autoptr (FcEngine) other = NULL;
  g_autoptr (FcMapping) edited = NULL;
  g_autoptr (FcMapping) renamed = NULL;
  g_autoptr (FcSyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *phone = NULL;
  g_autoptr (GObject) hubspot_before = NULL;
  g_autoptr (GObject) hubspot_after = NULL;
  g_autoptr (GAsyncResult) async_result = NULL;
  FcMapping *current;
  gboolean gave_up = FALSE;
  guint timeout;

  /* Seeding runs the main loop, in which the engine looks for other processes' saves every
   * few seconds: it comes first. */
  seed_people (fixture, &people);

  other = fc_engine_new (fixture->data_dir, &error);
  g_assert_no_error (error);
  edited = fc_mapping_copy (fc_engine_lookup_mapping (other, fc_mapping_get_id (fixture->mapping)));
  g_assert_cmpuint (fc_mapping_get_n_field_pairs (edited), ==, 3);
  fc_mapping_remove_field_pair (edited, 2);   /* the phone pair */
  g_assert_true (fc_engine_save_mapping (other, edited, &error));
  g_assert_no_error (error);

  /* No main loop ran: this engine's model has not looked yet. */
  g_assert_true (fc_engine_lookup_mapping (fixture->engine, fc_mapping_get_id (fixture->mapping))
                 == fixture->mapping);
  hubspot_before = g_list_model_get_item (fc_engine_get_connections (fixture->engine), 0);

  result = sync_ok (fixture);
  g_assert_cmpint (fc_sync_result_get_status (result), ==, FC_SYNC_STATUS_COMPLETED);
  phone = pd_value (fixture, people.ada_pd, "phone");
  g_assert_null (phone);
  current = fc_engine_lookup_mapping (fixture->engine, fc_mapping_get_id (fixture->mapping));
  g_assert_true (current != fixture->mapping);
  g_assert_cmpuint (fc_mapping_get_n_field_pairs (current), ==, 2);
  /* The connections did not change: the same objects */
  hubspot_after = g_list_model_get_item (fc_engine_get_connections (fixture->engine), 0);
  g_assert_true (hubspot_after == hubspot_before);

  /* A rename there reaches this engine's model by itself. */
  renamed = fc_mapping_copy (fc_engine_lookup_mapping (other, fc_mapping_get_id (edited)));
  fc_mapping_set_name (renamed, "Renamed elsewhere");
  g_assert_true (fc_engine_save_mapping (other, renamed, &error));
  g_assert_no_error (error);
  timeout = g_timeout_add_seconds (10 * fc_test_timeout_multiplier (), give_up_cb, &gave_up);
  while (!gave_up &&
         g_strcmp0 (fc_mapping_get_name (fc_engine_lookup_mapping (fixture->engine,
                                                                   fc_mapping_get_id (edited))),
                    "Renamed elsewhere") != 0)
    g_main_context_iteration (NULL, TRUE);
  if (!gave_up)
    g_source_remove (timeout);
  g_assert_false (gave_up);
  g_assert_cmpuint (g_list_model_get_n_items (fc_engine_get_mappings (fixture->engine)), ==, 1);

  /* A run of the engine's own object, which only its model holds (as the scheduler passes
   * it), after another process changed the mapping again: the run reads the new one, and the
   * object the model drops meanwhile is not used after. */
  g_clear_object (&renamed);
  renamed = fc_mapping_copy (fc_engine_lookup_mapping (other, fc_mapping_get_id (edited)));
  fc_mapping_set_name (renamed, "Renamed again");
  g_assert_true (fc_engine_save_mapping (other, renamed, &error));
  g_assert_no_error (error);
  current = fc_engine_lookup_mapping (fixture->engine, fc_mapping_get_id (edited));
  g_assert_cmpstr (fc_mapping_get_name (current), ==, "Renamed elsewhere");
  fc_engine_sync_async (fixture->engine, current, NULL, NULL, NULL, NULL, fc_test_on_ready_cb,
                        &async_result);
  g_clear_pointer (&result, fc_sync_result_unref);
  result = fc_engine_sync_finish (fixture->engine, fc_test_wait_for (&async_result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (fc_sync_result_get_status (result), ==, FC_SYNC_STATUS_COMPLETED);
  g_assert_cmpstr (fc_mapping_get_name (fc_engine_lookup_mapping (fixture->engine,
                                                                  fc_mapping_get_id (edited))),
                   ==, "Renamed again");
}

/* ---- what the engine asks HubSpot for ------------------------------------------------- */

/* A proxy between the engine and the simulated HubSpot that keeps what each request asked
 * for. The simulator answers from its own thread, so the proxy may wait for it. */
typedef struct {
  SoupServer  *server;
  SoupSession *session;
  char        *upstream;   /* the simulator's HubSpot API base */
  GPtrArray   *requests;   /* JsonObject: {"method", "path", "body"} */
} Proxy;

static gboolean
is_hop_header (const char *name)
{
  return g_ascii_strcasecmp (name, "Host") == 0 || g_ascii_strcasecmp (name, "Connection") == 0
         || g_ascii_strcasecmp (name, "Content-Length") == 0
         || g_ascii_strcasecmp (name, "Transfer-Encoding") == 0
         || g_ascii_strcasecmp (name, "Content-Encoding") == 0
         || g_ascii_strcasecmp (name, "Accept-Encoding") == 0;
}

static void
copy_header (const char *name,
             const char *value,
             gpointer    user_data)
{
  if (!is_hop_header (name))
    soup_message_headers_append (user_data, name, value);
}

static void
on_proxied_cb (SoupServer        *server,
               SoupServerMessage *message,
               const char        *path,
               GHashTable        *query,
               gpointer          user_data)
{
  Proxy *proxy = user_data;
  GUri *uri = soup_server_message_get_uri (message);
  g_autoptr (GBytes) body = soup_message_body_flatten (
                              soup_server_message_get_request_body (message));
  g_autofree char *url = g_strconcat (proxy->upstream, path,
                                      g_uri_get_query (uri) != NULL ? "?" : "",
                                      g_uri_get_query (uri) != NULL ? g_uri_get_query (uri) : "",
                                      NULL);
  g_autoptr (SoupMessage) forward = soup_message_new (soup_server_message_get_method (message),
                                                      url);
  g_autoptr (GBytes) answer = NULL;
  g_autoptr (GError) error = NULL;
  JsonObject *request = json_object_new ();
  const char *type;

  json_object_set_string_member (request, "method", soup_server_message_get_method (message));
  json_object_set_string_member (request, "path", path);
  if (g_bytes_get_size (body) > 0)
    json_object_set_member (request, "body",
                            json_from_string (g_bytes_get_data (body, NULL), NULL));
  g_ptr_array_add (proxy->requests, request);

  soup_message_headers_foreach (soup_server_message_get_request_headers (message), copy_header,
                                soup_message_get_request_headers (forward));
  if (g_bytes_get_size (body) > 0)
    soup_message_set_request_body_from_bytes (
      forward, soup_message_headers_get_content_type (
                 soup_server_message_get_request_headers (message), NULL), body);
  answer = soup_session_send_and_read (proxy->session, forward, NULL, &error);
  g_assert_no_error (error);

  soup_server_message_set_status (message, soup_message_get_status (forward), NULL);
  soup_message_headers_foreach (soup_message_get_response_headers (forward), copy_header,
                                soup_server_message_get_response_headers (message));
  type = soup_message_headers_get_content_type (soup_message_get_response_headers (forward),
                                                NULL);
  soup_server_message_set_response (message, type != NULL ? type : "application/json",
                                    SOUP_MEMORY_COPY, g_bytes_get_data (answer, NULL),
                                    g_bytes_get_size (answer));
}

/* Puts the proxy between the engine's HubSpot connection and the simulator */
static void
proxy_start (Proxy   *proxy,
             Fixture *fixture)
{
  g_autoptr (GError) error = NULL;
  g_autoslist (GUri) uris = NULL;
  g_autofree char *base = NULL;

  proxy->upstream = fc_sim_get_api_base_url (fixture->sim, "hubspot");
  proxy->session = soup_session_new ();
  proxy->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  proxy->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (proxy->server, NULL, on_proxied_cb, proxy, NULL);
  g_assert_true (soup_server_listen_local (proxy->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY,
                                           &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (proxy->server);
  base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  fc_connection_set_api_base_url (fixture->hubspot, base);
}

static void
proxy_stop (Proxy *proxy)
{
  soup_server_disconnect (proxy->server);
  g_clear_object (&proxy->server);
  g_clear_object (&proxy->session);
  g_clear_pointer (&proxy->requests, g_ptr_array_unref);
  g_free (proxy->upstream);
}

/* Asserts that every listing (search) and read by id (batch read) since request @from asked
 * for exactly the @expected properties; the number of reads of each kind in @out_searches and
 * @out_reads. */
static void
assert_asked_for (Proxy              *proxy,
                  guint               from,
                  const char * const *expected,
                  guint              *out_searches,
                  guint              *out_reads)
{
  *out_searches = 0;
  *out_reads = 0;
  for (guint i = from; i < proxy->requests->len; i++)
    {
      JsonObject *request = g_ptr_array_index (proxy->requests, i);
      const char *path = json_object_get_string_member (request, "path");
      JsonNode *body = json_object_get_member (request, "body");
      JsonArray *properties;
      g_autofree char *asked = NULL;

      if (g_str_has_suffix (path, "/search"))
        (*out_searches)++;
      else if (g_str_has_suffix (path, "/batch/read"))
        (*out_reads)++;
      else
        continue;

      g_assert_nonnull (body);
      properties = json_object_get_array_member (json_node_get_object (body), "properties");
      asked = json_to_string (json_object_get_member (json_node_get_object (body), "properties"),
                              FALSE);
      g_test_message ("%s asked for %s", path, asked);
      g_assert_cmpuint (json_array_get_length (properties), ==, g_strv_length ((char **) expected));
      for (guint p = 0; p < json_array_get_length (properties); p++)
        g_assert_true (g_strv_contains (expected, json_array_get_string_element (properties, p)));
    }
}

/* A run asks HubSpot only for the properties the mapping reads (its pairs and match rule, and
 * the id and modified time the connector needs), listing and reading by id; contacts hold
 * other properties, which the sync leaves alone, and the merge is as complete as ever. */
static void
test_wanted_fields (Fixture       *fixture,
                    gconstpointer  user_data)
{
  const char * const expected[] = { "hs_object_id", "lastmodifieddate", "email", "firstname",
                                    "lastname", "phone", NULL };
  g_auto (People) people = { 0 };
  Proxy proxy = { 0 };
  g_autoptr (FcSyncResult) first = NULL;
  g_autoptr (FcSyncResult) second = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *grace_pd = NULL;
  g_autofree char *grace_name = NULL;
  g_autofree char *first_name = NULL;
  g_autofree char *company = NULL;
  g_autofree char *title = NULL;
  guint searches, reads, from;

  seed_people (fixture, &people);
  hs_edit (fixture, people.ada_hs, "company", "Analytical Engines");
  hs_edit (fixture, people.ada_hs, "jobtitle", "Analyst");
  proxy_start (&proxy, fixture);

  first = sync_ok (fixture);
  g_assert_cmpint (fc_sync_result_get_status (first), ==, FC_SYNC_STATUS_COMPLETED);
  g_assert_cmpuint (fc_sync_result_get_counts (first)->fetched, ==, 4);
  g_assert_cmpuint (fc_sync_result_get_counts (first)->created, ==, 2);
  assert_asked_for (&proxy, 0, expected, &searches, &reads);
  g_assert_cmpuint (searches, >=, 1);

  /* Matched and merged as always: Ada's phone in E.164, Grace's name joined */
  phone = pd_value (fixture, people.ada_pd, "phone");
  g_assert_cmpstr (phone, ==, "+14155552671");
  grace_pd = linked_target (fixture, people.grace_hs);
  g_assert_nonnull (grace_pd);
  grace_name = pd_value (fixture, grace_pd, "name");
  g_assert_cmpstr (grace_name, ==, "Grace Hopper");
  g_assert_cmpuint (count_with_email (fixture, "hubspot", "linus@example.com"), ==, 1);

  /* Pipedrive's name comes back to HubSpot, whose record is read by id for it; the properties
   * never read stay as they were */
  fc_sim_advance_clock (fixture->sim, 5 * 60 * 1000);
  assert_quiet_run (fixture);
  fc_sim_advance_clock (fixture->sim, 5 * 60 * 1000);
  pd_edit (fixture, people.ada_pd, "{\"name\":\"Augusta Lovelace\"}");
  from = proxy.requests->len;
  second = sync_ok (fixture);
  g_assert_cmpuint (fc_sync_result_get_counts (second)->updated, ==, 1);
  assert_asked_for (&proxy, from, expected, &searches, &reads);
  g_assert_cmpuint (searches, >=, 1);
  g_assert_cmpuint (reads, ==, 1);
  first_name = hs_value (fixture, people.ada_hs, "firstname");
  g_assert_cmpstr (first_name, ==, "Augusta");
  company = hs_value (fixture, people.ada_hs, "company");
  g_assert_cmpstr (company, ==, "Analytical Engines");
  title = hs_value (fixture, people.ada_hs, "jobtitle");
  g_assert_cmpstr (title, ==, "Analyst");
  assert_quiet_run (fixture);

  proxy_stop (&proxy);
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

/* A manual conflict closes once the users make both sides agree: the run that finds them
 * agreeing moves the base and closes the conflict (through the store's copy of the chunk's
 * bases, which knows which pairs have one open). */
static void
test_conflict_agreed (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_auto (People) people = { 0 };
  g_autoptr (FcSyncResult) first = NULL;
  g_autoptr (FcSyncResult) result = NULL;
  g_autoptr (FcSyncResult) agreed = NULL;
  g_autoptr (JsonArray) open = NULL;
  g_autoptr (JsonArray) after = NULL;
  g_autoptr (GError) error = NULL;

  seed_people_full (fixture, &people, FALSE);
  first = sync_ok (fixture);
  hs_edit (fixture, people.ada_hs, "phone", "(617) 555-0101");
  fc_sim_advance_clock (fixture->sim, 2000);
  pd_edit (fixture, people.ada_pd,
           "{\"phones\":[{\"value\":\"+16175550199\",\"primary\":true,\"label\":\"work\"}]}");
  result = sync_ok (fixture);
  g_assert_cmpuint (fc_sync_result_get_counts (result)->conflicts, ==, 1);
  open = fc_sync_store_list_conflicts (fc_engine_get_store (fixture->engine), NULL, TRUE, &error);
  g_assert_cmpuint (json_array_get_length (open), ==, 1);

  fc_sim_advance_clock (fixture->sim, 2000);
  hs_edit (fixture, people.ada_hs, "phone", "+16175550199");
  agreed = sync_ok (fixture);
  g_assert_cmpuint (fc_sync_result_get_counts (agreed)->conflicts, ==, 0);
  after = fc_sync_store_list_conflicts (fc_engine_get_store (fixture->engine), NULL, TRUE, &error);
  g_assert_cmpuint (json_array_get_length (after), ==, 0);
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
  g_assert_true (g_str_has_prefix (json_object_get_string_member (
                                     find_event (events, "record.conflict"), "message"),
                                   "phone=phone: "));

  open = fc_sync_store_list_conflicts (fc_engine_get_store (fixture->engine), NULL, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (open), ==, 1);
  conflict = json_array_get_object_element (open, 0);
  g_assert_cmpstr (json_object_get_string_member (conflict, "pair"), ==, "phone=phone");
  g_assert_cmpstr (json_object_get_string_member (conflict, "sourceRecordId"), ==, people.ada_hs);
  id = json_object_get_int_member (conflict, "id");

  /* Still open, a run writes nothing more. */
  assert_quiet_run (fixture);

  /* An empty value would erase the phone on both sides, which the pair does not allow. */
  g_assert_false (fc_engine_resolve_conflict (fixture->engine, id, FC_SYNC_TAKE_VALUE, " ",
                                              &error));
  g_assert_error (error, FC_SYNC_ERROR, FC_SYNC_ERROR_INVALID_VALUE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "phone"));
  g_clear_error (&error);
  g_clear_pointer (&open, json_array_unref);
  open = fc_sync_store_list_conflicts (fc_engine_get_store (fixture->engine), NULL, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (open), ==, 1);

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
  G_GNUC_UNUSED g_autofree char *one = pd_person (fixture, "Dee Upton", "dup@example.com", NULL);
  G_GNUC_UNUSED g_autofree char *two = pd_person (fixture, "D. Upton", "DUP@example.com", NULL);
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
  g_assert_cmpuint (fc_sim_count_writes (fixture->sim), ==, 0);
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
  g_assert_cmpuint (fc_sim_count_writes (fixture->sim), ==, 0);
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
              g_assert_cmpstr (entry->message, ==,
                               "New in the source, with no match in the target");
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
  sql = g_strdup_printf ("INSERT INTO intents (mapping_id, side, records, created_at) "
                         "VALUES ('%s', 'target', json_array (json_object ('origin', '%s', "
                         "'matchKey', 'hedy@example.com', 'bases', NULL)), 1)",
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
      G_GNUC_UNUSED g_autofree char *id = hs_contact (fixture, email, "Pat", last, NULL);
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
  /* A row holds the intents of a batch of creates */
  intents = query_int (fixture, "SELECT coalesce (sum (json_array_length (records)), 0) "
                                "FROM intents");
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
  g_assert_cmpuint (fc_sim_count_writes (fixture->sim), ==, 0);
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
  writes = fc_sim_count_writes (fixture->sim);
  fourth = sync_mapping (fixture, saved);
  g_assert_cmpuint (fc_sim_count_writes (fixture->sim), ==, writes);
  last_name = hs_value (fixture, ada_hs, "lastname");
  g_assert_cmpstr (last_name, ==, "Byron");
  pd_phone = pd_value (fixture, ada_pd, "phone");
  g_assert_cmpstr (pd_phone, ==, "+14155552671");
  g_assert_nonnull (other_hs);
}

/* ---- targeted runs (webhooks) ----------------------------------------------------------- */

static FcSyncResult *
sync_with (Fixture             *fixture,
           const FcSyncOptions *options,
           GError             **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  fc_engine_sync_async (fixture->engine, fixture->mapping, options, NULL, NULL, NULL,
                        on_done_cb, &result);
  return fc_engine_sync_finish (fixture->engine, wait_for (&result), error);
}

/* A targeted run of the one record @id of @side. */
static FcSyncResult *
sync_target (Fixture            *fixture,
             FcSyncSide          side,
             const char         *id,
             gboolean            deleted,
             const char * const *merged_ids)
{
  g_autoptr (GPtrArray) targets = g_ptr_array_new_with_free_func (
    (GDestroyNotify) fc_sync_target_free);
  FcSyncOptions options = { .trigger = FC_SYNC_TRIGGER_WEBHOOK };
  g_autoptr (GError) error = NULL;
  FcSyncResult *result;

  g_ptr_array_add (targets, fc_sync_target_new (side, id, deleted, merged_ids));
  options.targets = targets;
  result = sync_with (fixture, &options, &error);
  g_assert_no_error (error);
  return result;
}

static gint64
cursor_sum (Fixture *fixture)
{
  g_autofree char *sql = g_strdup_printf ("SELECT coalesce (sum (modified_since), -1) || '' FROM "
                                          "cursors WHERE mapping_id = '%s'",
                                          fc_mapping_get_id (fixture->mapping));

  return query_int (fixture, sql);
}

/* A targeted run writes the records it names and only those, and leaves the cursors where they
 * were, so the next incremental run still sees every other change. */
static void
test_targeted_update (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_auto (People) people = { 0 };
  g_autoptr (FcSyncResult) first = NULL;
  g_autoptr (FcSyncResult) targeted = NULL;
  g_autoptr (FcSyncResult) later = NULL;
  g_autoptr (FcSyncResult) empty = NULL;
  g_autoptr (GPtrArray) none = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *grace_pd = NULL;
  g_autofree char *ada_phone = NULL;
  g_autofree char *grace_name = NULL;
  FcSyncOptions options = { .trigger = FC_SYNC_TRIGGER_WEBHOOK };
  gint64 cursors;

  seed_people (fixture, &people);
  first = sync_ok (fixture);
  grace_pd = linked_target (fixture, people.grace_hs);
  g_assert_nonnull (grace_pd);
  cursors = cursor_sum (fixture);
  g_assert_cmpint (cursors, >, 0);

  hs_edit (fixture, people.ada_hs, "phone", "+14155550199");
  hs_edit (fixture, people.grace_hs, "lastname", "Murray");
  fc_sim_reset_counters (fixture->sim);
  targeted = sync_target (fixture, FC_SYNC_SIDE_SOURCE, people.ada_hs, FALSE, NULL);
  g_assert_cmpint (fc_sync_result_get_status (targeted), ==, FC_SYNC_STATUS_COMPLETED);
  g_assert_cmpuint (fc_sync_result_get_counts (targeted)->fetched, ==, 1);
  g_assert_cmpuint (fc_sync_result_get_counts (targeted)->updated, ==, 1);
  ada_phone = pd_value (fixture, people.ada_pd, "phone");
  g_assert_cmpstr (ada_phone, ==, "+14155550199");
  grace_name = pd_value (fixture, grace_pd, "name");
  g_assert_cmpstr (grace_name, ==, "Grace Hopper");
  /* No listing was read, and the cursors did not move. */
  g_assert_cmpuint (fc_sim_get_count (fixture->sim, "hubspot", "POST",
                                      "/crm/v3/objects/contacts/search", 0), ==, 0);
  g_assert_cmpint (cursor_sum (fixture), ==, cursors);

  later = sync_ok (fixture);
  g_assert_cmpuint (fc_sync_result_get_counts (later)->updated, ==, 1);
  g_clear_pointer (&grace_name, g_free);
  grace_name = pd_value (fixture, grace_pd, "name");
  g_assert_cmpstr (grace_name, ==, "Grace Murray");
  assert_quiet_run (fixture);

  /* No targets: nothing read, nothing written. */
  options.targets = none;
  empty = sync_with (fixture, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fc_sync_result_get_status (empty), ==, FC_SYNC_STATUS_COMPLETED);
  g_assert_cmpuint (fc_sync_result_get_counts (empty)->fetched, ==, 0);
}

/* Targeted requests made while a run goes on wait for one follow-up run that syncs all their
 * targets; the options (and targets) they passed may be freed at once. */
static void
test_targeted_coalesced (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_auto (People) people = { 0 };
  g_autoptr (FcSyncResult) first = NULL;
  g_autoptr (GAsyncResult) r1 = NULL;
  g_autoptr (GAsyncResult) r2 = NULL;
  g_autoptr (GAsyncResult) r3 = NULL;
  g_autoptr (FcSyncResult) s1 = NULL;
  g_autoptr (FcSyncResult) s2 = NULL;
  g_autoptr (FcSyncResult) s3 = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *ada_phone = NULL;
  g_autofree char *linus_phone = NULL;
  g_autofree char *linus_hs = NULL;
  gint64 cursors;

  seed_people (fixture, &people);
  first = sync_ok (fixture);
  cursors = cursor_sum (fixture);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT source_record_id FROM links WHERE "
                                            "target_record_id = '%s'", people.linus_pd);

    linus_hs = g_strdup_printf ("%" G_GINT64_FORMAT, query_int (fixture, sql));
  }

  fc_engine_sync_async (fixture->engine, fixture->mapping, NULL, NULL, NULL, NULL, on_done_cb,
                        &r1);
  hs_edit (fixture, people.ada_hs, "phone", "+14155550161");
  pd_edit (fixture, people.linus_pd, "{\"phones\":[{\"value\":\"+14155550162\","
                                     "\"primary\":true,\"label\":\"work\"}]}");
  {
    g_autoptr (GPtrArray) one = g_ptr_array_new_with_free_func (
      (GDestroyNotify) fc_sync_target_free);
    g_autoptr (GPtrArray) two = g_ptr_array_new_with_free_func (
      (GDestroyNotify) fc_sync_target_free);
    FcSyncOptions options = { .trigger = FC_SYNC_TRIGGER_WEBHOOK };

    g_ptr_array_add (one, fc_sync_target_new (FC_SYNC_SIDE_SOURCE, people.ada_hs, FALSE, NULL));
    g_ptr_array_add (two, fc_sync_target_new (FC_SYNC_SIDE_TARGET, people.linus_pd, FALSE,
                                              NULL));
    options.targets = one;
    fc_engine_sync_async (fixture->engine, fixture->mapping, &options, NULL, NULL, NULL,
                          on_done_cb, &r2);
    options.targets = two;
    fc_engine_sync_async (fixture->engine, fixture->mapping, &options, NULL, NULL, NULL,
                          on_done_cb, &r3);
  }

  s1 = fc_engine_sync_finish (fixture->engine, wait_for (&r1), &error);
  g_assert_no_error (error);
  s2 = fc_engine_sync_finish (fixture->engine, wait_for (&r2), &error);
  g_assert_no_error (error);
  s3 = fc_engine_sync_finish (fixture->engine, wait_for (&r3), &error);
  g_assert_no_error (error);

  g_assert_cmpstr (fc_sync_result_get_run_id (s2), ==, fc_sync_result_get_run_id (s3));
  g_assert_cmpstr (fc_sync_result_get_run_id (s1), !=, fc_sync_result_get_run_id (s2));
  g_assert_cmpuint (fc_sync_result_get_counts (s2)->fetched, ==, 2);
  ada_phone = pd_value (fixture, people.ada_pd, "phone");
  g_assert_cmpstr (ada_phone, ==, "+14155550161");
  linus_phone = hs_value (fixture, linus_hs, "phone");
  g_assert_cmpstr (linus_phone, ==, "+14155550162");
  g_assert_cmpint (cursor_sum (fixture), >=, cursors);
}

/* A record the webhook says was deleted: the delete policy acts on its counterpart. A record the
 * webhook names that cannot be read is skipped: nothing is inferred from its absence. */
static void
test_targeted_delete (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_auto (People) people = { 0 };
  g_autoptr (FcSyncResult) first = NULL;
  g_autoptr (FcSyncResult) ignored = NULL;
  g_autoptr (FcSyncResult) deleted = NULL;
  g_autoptr (FcSyncResult) missing = NULL;
  g_autoptr (FcMapping) edited = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *grace_pd = NULL;
  g_autofree char *linus_hs = NULL;
  guint persons;

  seed_people (fixture, &people);
  first = sync_ok (fixture);
  grace_pd = linked_target (fixture, people.grace_hs);
  persons = fc_sim_count_records (fixture->sim, "pipedrive", "persons", FALSE);

  /* The delete policy "ignore": the counterpart stays. */
  g_assert_true (fc_sim_delete (fixture->sim, "hubspot", "contacts", people.grace_hs, &error));
  g_assert_no_error (error);
  ignored = sync_target (fixture, FC_SYNC_SIDE_SOURCE, people.grace_hs, TRUE, NULL);
  g_assert_cmpint (fc_sync_result_get_status (ignored), ==, FC_SYNC_STATUS_COMPLETED);
  g_assert_cmpuint (fc_sim_count_records (fixture->sim, "pipedrive", "persons", FALSE), ==,
                    persons);

  edited = fc_mapping_copy (fixture->mapping);
  fc_mapping_set_delete_policy (edited, FC_DELETE_POLICY_DELETE);
  g_assert_true (fc_engine_save_mapping (fixture->engine, edited, &error));
  g_assert_no_error (error);
  g_set_object (&fixture->mapping, fc_engine_lookup_mapping (fixture->engine,
                                                             fc_mapping_get_id (edited)));
  deleted = sync_target (fixture, FC_SYNC_SIDE_SOURCE, people.grace_hs, TRUE, NULL);
  g_assert_cmpint (fc_sync_result_get_status (deleted), ==, FC_SYNC_STATUS_COMPLETED);
  g_assert_cmpuint (fc_sim_count_records (fixture->sim, "pipedrive", "persons", FALSE), ==,
                    persons - 1);
  g_assert_null (linked_target (fixture, people.grace_hs));

  /* Named but gone, without the provider saying deleted: skipped, counterpart kept. */
  linus_hs = g_strdup ("999999999");
  missing = sync_target (fixture, FC_SYNC_SIDE_SOURCE, linus_hs, FALSE, NULL);
  g_assert_cmpint (fc_sync_result_get_status (missing), ==, FC_SYNC_STATUS_COMPLETED);
  g_assert_cmpuint (fc_sync_result_get_counts (missing)->skipped, ==, 1);
  g_assert_cmpuint (fc_sync_result_get_counts (missing)->created, ==, 0);
  g_assert_cmpuint (fc_sim_count_records (fixture->sim, "pipedrive", "persons", FALSE), ==,
                    persons - 1);
  g_assert_nonnull (grace_pd);
}

/* A merge at the provider relinks the merged-away record's counterpart to the survivor:
 * nothing is deleted or created, and the survivor's values flow through the normal merge. */
static void
test_targeted_merge (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_auto (People) people = { 0 };
  g_autoptr (FcSyncResult) first = NULL;
  g_autoptr (FcSyncResult) merged = NULL;
  g_autoptr (JsonArray) events = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *survivor = NULL;
  g_autofree char *linked = NULL;
  g_autofree char *phone = NULL;
  const char *merged_ids[] = { NULL, NULL };
  guint persons;
  guint contacts;

  seed_people (fixture, &people);
  first = sync_ok (fixture);
  persons = fc_sim_count_records (fixture->sim, "pipedrive", "persons", FALSE);

  /* HubSpot merges Ada into a new contact that holds her newer phone. */
  g_assert_true (fc_sim_delete (fixture->sim, "hubspot", "contacts", people.ada_hs, &error));
  g_assert_no_error (error);
  survivor = hs_contact (fixture, "ada@example.com", "Ada", "Lovelace", "+14155550123");
  contacts = fc_sim_count_records (fixture->sim, "hubspot", "contacts", FALSE);
  merged_ids[0] = people.ada_hs;
  merged = sync_target (fixture, FC_SYNC_SIDE_SOURCE, survivor, FALSE, merged_ids);
  g_assert_cmpint (fc_sync_result_get_status (merged), ==, FC_SYNC_STATUS_COMPLETED);
  g_assert_cmpuint (fc_sync_result_get_counts (merged)->created, ==, 0);
  g_assert_cmpuint (fc_sync_result_get_counts (merged)->parked, ==, 0);
  g_assert_cmpuint (fc_sync_result_get_counts (merged)->updated, ==, 1);
  linked = linked_target (fixture, survivor);
  g_assert_cmpstr (linked, ==, people.ada_pd);
  g_assert_null (linked_target (fixture, people.ada_hs));
  phone = pd_value (fixture, people.ada_pd, "phone");
  g_assert_cmpstr (phone, ==, "+14155550123");
  g_assert_cmpuint (fc_sim_count_records (fixture->sim, "pipedrive", "persons", FALSE), ==,
                    persons);
  g_assert_cmpuint (fc_sim_count_records (fixture->sim, "hubspot", "contacts", FALSE), ==,
                    contacts);
  events = events_of (fixture, merged);
  g_assert_nonnull (find_event (events, "record.relinked"));
  g_assert_true (event_seen (fixture, "record.relinked"));
  assert_quiet_run (fixture);
}

/* ---- allow-clear ------------------------------------------------------------------------ */

static void
set_pair_allow_clear (Fixture    *fixture,
                      const char *source_field,
                      gboolean    allow_clear)
{
  g_autoptr (FcMapping) edited = fc_mapping_copy (fixture->mapping);
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < fc_mapping_get_n_field_pairs (edited); i++)
    {
      FcFieldPair *pair = fc_mapping_get_field_pair (edited, i);

      if (g_str_equal (fc_field_pair_get_source_fields (pair)[0], source_field))
        fc_field_pair_set_allow_clear (pair, allow_clear);
    }
  g_assert_true (fc_engine_save_mapping (fixture->engine, edited, &error));
  g_assert_no_error (error);
  g_set_object (&fixture->mapping, fc_engine_lookup_mapping (fixture->engine,
                                                             fc_mapping_get_id (edited)));
}

/* A value emptied on one side never erases the other side's, unless the pair allows clearing;
 * then the clear reaches the other side, and stays. */
static void
test_allow_clear (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_auto (People) people = { 0 };
  g_autoptr (FcSyncResult) first = NULL;
  g_autoptr (FcSyncResult) kept = NULL;
  g_autoptr (FcSyncResult) cleared = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after_kept = NULL;
  g_autofree char *after_cleared = NULL;
  FcSyncOptions rescan = { .trigger = FC_SYNC_TRIGGER_MANUAL, .full_rescan = TRUE };

  seed_people (fixture, &people);
  first = sync_ok (fixture);
  before = pd_value (fixture, people.ada_pd, "phone");
  g_assert_cmpstr (before, ==, "+14155552671");

  hs_edit (fixture, people.ada_hs, "phone", "");
  kept = sync_with (fixture, &rescan, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fc_sync_result_get_counts (kept)->updated, ==, 0);
  after_kept = pd_value (fixture, people.ada_pd, "phone");
  g_assert_cmpstr (after_kept, ==, "+14155552671");

  set_pair_allow_clear (fixture, "phone", TRUE);
  g_assert_true (fc_field_pair_get_allow_clear (fc_mapping_get_field_pair (fixture->mapping,
                                                                           2)));
  cleared = sync_with (fixture, &rescan, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fc_sync_result_get_counts (cleared)->updated, ==, 1);
  after_cleared = pd_value (fixture, people.ada_pd, "phone");
  g_assert_true (after_cleared == NULL || *after_cleared == '\0');
  assert_quiet_run (fixture);
}

/* ---- external ID storage ---------------------------------------------------------------- */

/* "custom_fields.KEY" of a new Pipedrive text field on persons */
static char *
pd_custom_field (Fixture    *fixture,
                 const char *label)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *json = g_strdup_printf ("{\"field_name\":\"%s\",\"field_type\":\"varchar\"}",
                                           label);
  g_autofree char *answer = fc_sim_add_custom_field (fixture->sim, "pipedrive", "persons", json,
                                                     &error);
  g_autoptr (JsonNode) node = NULL;

  g_assert_no_error (error);
  node = json_from_string (answer, &error);
  g_assert_no_error (error);
  return g_strconcat ("custom_fields.",
                      json_object_get_string_member (json_node_get_object (node), "field_code"),
                      NULL);
}

static char *
pd_custom_value (Fixture    *fixture,
                 const char *id,
                 const char *field)
{
  g_autoptr (JsonObject) record = sim_record (fixture, "pipedrive", "persons", id);
  JsonObject *custom = json_object_get_object_member (record, "custom_fields");
  const char *key = field + strlen ("custom_fields.");
  JsonNode *value = custom != NULL ? json_object_get_member (custom, key) : NULL;

  return value != NULL && JSON_NODE_HOLDS_VALUE (value) ? g_strdup (json_node_get_string (value))
                                                       : NULL;
}

/* Each side keeps its counterpart's id: written with a create (the origin after it), and to
 * records linked by their key; a record that holds a free counterpart's id is matched by it
 * before the match rule, whatever the emails say. */
static void
test_external_ids (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_auto (People) people = { 0 };
  g_autoptr (FcMapping) edited = NULL;
  g_autoptr (FcSyncResult) first = NULL;
  g_autoptr (FcSyncResult) matched = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *added = NULL;
  g_autofree char *pd_field = NULL;
  g_autofree char *grace_pd = NULL;
  g_autofree char *other_pd = NULL;
  g_autofree char *other_hs = NULL;
  g_autofree char *json = NULL;
  g_autofree char *linked = NULL;
  const char *fields[3] = { "pipedrive_id", NULL, NULL };
  struct {
    const char *hs;
    char       *pd;
  } expected[3];

  added = fc_sim_add_custom_field (fixture->sim, "hubspot", "contacts",
                                   "{\"name\":\"pipedrive_id\",\"label\":\"Pipedrive ID\","
                                   "\"type\":\"string\",\"fieldType\":\"text\"}", &error);
  g_assert_no_error (error);
  pd_field = pd_custom_field (fixture, "HubSpot ID");
  fields[1] = pd_field;
  edited = fc_mapping_copy (fixture->mapping);
  fc_mapping_set_external_id_fields (edited, fields);
  g_assert_true (fc_engine_save_mapping (fixture->engine, edited, &error));
  g_assert_no_error (error);
  g_set_object (&fixture->mapping, fc_engine_lookup_mapping (fixture->engine,
                                                             fc_mapping_get_id (edited)));
  g_assert_nonnull (fc_mapping_get_external_id_fields (fixture->mapping));

  seed_people (fixture, &people);
  first = sync_ok (fixture);
  g_assert_cmpint (fc_sync_result_get_status (first), ==, FC_SYNC_STATUS_COMPLETED);
  g_assert_cmpuint (fc_sync_result_get_counts (first)->created, ==, 2);

  grace_pd = linked_target (fixture, people.grace_hs);
  expected[0].hs = people.ada_hs;
  expected[0].pd = people.ada_pd;
  expected[1].hs = people.grace_hs;
  expected[1].pd = grace_pd;
  expected[2].hs = NULL;
  expected[2].pd = people.linus_pd;
  {
    g_autofree char *sql = g_strdup_printf ("SELECT source_record_id FROM links WHERE "
                                            "target_record_id = '%s'", people.linus_pd);
    sqlite3_stmt *stmt = NULL;
    static char linus_hs[64];

    g_assert_cmpint (sqlite3_prepare_v2 (_fc_store_get_db (fc_engine_get_store (fixture->engine)),
                                         sql, -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_strlcpy (linus_hs, (const char *) sqlite3_column_text (stmt, 0), sizeof linus_hs);
    sqlite3_finalize (stmt);
    expected[2].hs = linus_hs;
  }

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *in_hs = hs_value (fixture, expected[i].hs, "pipedrive_id");
      g_autofree char *in_pd = pd_custom_value (fixture, expected[i].pd, pd_field);

      g_test_message ("%s <-> %s: %s / %s", expected[i].hs, expected[i].pd, in_hs, in_pd);
      g_assert_cmpstr (in_hs, ==, expected[i].pd);
      g_assert_cmpstr (in_pd, ==, expected[i].hs);
    }
  assert_quiet_run (fixture);

  /* Different emails, but the HubSpot contact holds the Pipedrive person's id. */
  other_pd = pd_person (fixture, "Katherine Johnson", "kj@nasa.example.com", NULL);
  json = g_strdup_printf ("{\"properties\":{\"email\":\"katherine@example.com\","
                          "\"firstname\":\"Katherine\",\"lastname\":\"Johnson\","
                          "\"pipedrive_id\":\"%s\"}}", other_pd);
  other_hs = fc_sim_create (fixture->sim, "hubspot", "contacts", json, &error);
  g_assert_no_error (error);
  matched = sync_ok (fixture);
  g_assert_cmpuint (fc_sync_result_get_counts (matched)->created, ==, 0);
  g_assert_cmpuint (fc_sync_result_get_counts (matched)->parked, ==, 0);
  linked = linked_target (fixture, other_hs);
  g_assert_cmpstr (linked, ==, other_pd);
  {
    g_autofree char *back = pd_custom_value (fixture, other_pd, pd_field);

    g_assert_cmpstr (back, ==, other_hs);
  }
  assert_quiet_run (fixture);
}

/* ---- match rules of several entries ---------------------------------------------------- */

/* Email first, then phone: a record whose email finds nothing is matched by its phone when that
 * finds exactly one free record, parked when it finds several, and its counterpart created only
 * when no entry finds any. */
static void
test_match_rule_entries (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr (FcMapping) edited = NULL;
  g_autoptr (FcSyncResult) first = NULL;
  g_autoptr (GError) error = NULL;
  const char * const rule[] = { "email=email", "phone=phone", NULL };
  g_autofree char *by_email_hs = hs_contact (fixture, "same@example.com", "Sam", "Same",
                                             "+14155550101");
  g_autofree char *by_email_pd = pd_person (fixture, "Sam Same", "same@example.com",
                                            "+14155550909");
  g_autofree char *by_phone_hs = hs_contact (fixture, "home@example.com", "Pat", "Phone",
                                             "+14155550142");
  g_autofree char *by_phone_pd = pd_person (fixture, "Pat Phone", "work@example.com",
                                            "+14155550142");
  g_autofree char *twice_hs = hs_contact (fixture, "twice@example.com", "Tom", "Twice",
                                          "+14155550155");
  g_autofree char *twice_pd1 = pd_person (fixture, "Tina One", "one@example.com",
                                          "+14155550155");
  g_autofree char *twice_pd2 = pd_person (fixture, "Tina Two", "two@example.com",
                                          "+14155550155");
  g_autofree char *alone_hs = hs_contact (fixture, "alone@example.com", "Al", "Alone",
                                          "+14155550177");
  g_autofree char *linked = NULL;
  guint persons;

  edited = fc_mapping_copy (fixture->mapping);
  fc_mapping_set_match_rule (edited, rule);
  g_assert_true (fc_engine_save_mapping (fixture->engine, edited, &error));
  g_assert_no_error (error);
  g_set_object (&fixture->mapping, fc_engine_lookup_mapping (fixture->engine,
                                                             fc_mapping_get_id (edited)));
  persons = fc_sim_count_records (fixture->sim, "pipedrive", "persons", FALSE);

  first = sync_ok (fixture);
  g_assert_cmpint (fc_sync_result_get_status (first), ==, FC_SYNC_STATUS_COMPLETED);
  linked = linked_target (fixture, by_email_hs);
  g_assert_cmpstr (linked, ==, by_email_pd);
  g_clear_pointer (&linked, g_free);
  linked = linked_target (fixture, by_phone_hs);
  g_assert_cmpstr (linked, ==, by_phone_pd);
  g_clear_pointer (&linked, g_free);
  linked = linked_target (fixture, twice_hs);
  g_assert_null (linked);
  g_assert_cmpuint (fc_sync_result_get_counts (first)->parked, >=, 1);
  linked = linked_target (fixture, alone_hs);
  g_assert_nonnull (linked);
  /* Only Al gets a new person; Tom is parked, not created. */
  g_assert_cmpuint (count_with_email (fixture, "pipedrive", "twice@example.com"), ==, 0);
  g_assert_cmpuint (fc_sim_count_records (fixture->sim, "pipedrive", "persons", FALSE), ==,
                    persons + 1);
  g_assert_nonnull (twice_pd1);
  g_assert_nonnull (twice_pd2);
}

/* ---- the guard -------------------------------------------------------------------------- */

static FcSyncResult *
approve (Fixture     *fixture,
         const char  *run_id,
         GError     **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  fc_engine_approve_run_async (fixture->engine, run_id, NULL, NULL, NULL, on_done_cb, &result);
  return fc_engine_approve_run_finish (fixture->engine, wait_for (&result), error);
}

static JsonObject *
held_run (Fixture    *fixture,
          const char *run_id)
{
  g_autoptr (GError) error = NULL;
  JsonObject *run = fc_sync_store_get_held_run (fc_engine_get_store (fixture->engine), run_id,
                                                &error);

  g_assert_no_error (error);
  return run;
}

/* A scheduled run that would update more than the share allowed writes nothing and is held with
 * its plan; approving it runs it for real; it cannot be approved twice. A manual run with the
 * same limits is never held, and a scheduled run within them writes at once. */
static void
test_guard_updates (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_auto (People) people = { 0 };
  g_autoptr (FcSyncResult) first = NULL;
  g_autoptr (FcSyncResult) held = NULL;
  g_autoptr (FcSyncResult) approved = NULL;
  g_autoptr (FcSyncResult) again = NULL;
  g_autoptr (FcSyncResult) manual = NULL;
  g_autoptr (FcSyncResult) within = NULL;
  g_autoptr (JsonObject) run = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *phone = NULL;
  FcSyncOptions options = { .trigger = FC_SYNC_TRIGGER_SCHEDULE, .max_update_percent = 50,
                            .max_creates = 10, .hold_deletes = TRUE };
  JsonObject *plan;
  guint writes;

  seed_people (fixture, &people);
  first = sync_ok (fixture);
  g_assert_cmpuint (fc_sync_store_count_links (fc_engine_get_store (fixture->engine),
                                               fc_mapping_get_id (fixture->mapping), NULL), ==, 3);

  hs_edit (fixture, people.ada_hs, "phone", "+14155550111");
  hs_edit (fixture, people.grace_hs, "lastname", "Murray");
  writes = fc_sim_count_writes (fixture->sim);
  held = sync_with (fixture, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fc_sync_result_get_status (held), ==, FC_SYNC_STATUS_HELD);
  g_assert_false (fc_sync_result_get_dry_run (held));
  g_assert_cmpstr (fc_sync_result_get_message (held), ==,
                   "Would update 67% of 3 linked records; the limit is 50%");
  g_assert_cmpuint (fc_sync_result_get_counts (held)->updated, ==, 2);
  g_assert_cmpuint (fc_sync_result_get_plan (held)->len, >=, 2);
  g_assert_cmpuint (fc_sim_count_writes (fixture->sim), ==, writes);
  g_assert_true (event_seen (fixture, "sync.held"));

  run = held_run (fixture, fc_sync_result_get_run_id (held));
  g_assert_cmpstr (json_object_get_string_member (run, "status"), ==, "held");
  g_assert_cmpstr (json_object_get_string_member (run, "message"), ==,
                   fc_sync_result_get_message (held));
  plan = json_object_get_object_member (run, "plan");
  g_assert_nonnull (plan);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (plan, "entries")), ==,
                    fc_sync_result_get_plan (held)->len);
  g_assert_true (json_object_get_null_member (run, "approvedAt"));

  /* An approval whose run fails names that run, and the held run can be approved again. */
  set_retries (fixture, fixture->hubspot, 1);
  g_assert_true (fc_sim_set_faults (fixture->sim, "hubspot",
                                    "{\"error_rate\":1,\"error_statuses\":[503]}", &error));
  g_assert_no_error (error);
  {
    g_autoptr (GAsyncResult) result = NULL;
    g_autoptr (FcSyncResult) failed = NULL;
    g_autoptr (JsonArray) runs = NULL;
    const char *failed_run_id;

    fc_engine_approve_run_async (fixture->engine, fc_sync_result_get_run_id (held), NULL, NULL,
                                 NULL, on_done_cb, &result);
    failed = fc_engine_approve_run_finish (fixture->engine, wait_for (&result), &error);
    g_assert_null (failed);
    g_assert_nonnull (error);
    g_clear_error (&error);
    failed_run_id = fc_engine_sync_get_run_id (fixture->engine, result);
    g_assert_nonnull (failed_run_id);
    g_assert_cmpstr (failed_run_id, !=, fc_sync_result_get_run_id (held));
    runs = fc_sync_store_list_runs (fc_engine_get_store (fixture->engine), NULL, 1, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (runs, 0),
                                                    "id"), ==, failed_run_id);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (runs, 0),
                                                    "status"), ==, "failed");
  }
  fc_sim_clear_faults (fixture->sim, "hubspot");
  set_retries (fixture, fixture->hubspot, 4);

  approved = approve (fixture, fc_sync_result_get_run_id (held), &error);
  g_assert_no_error (error);
  g_assert_cmpint (fc_sync_result_get_status (approved), ==, FC_SYNC_STATUS_COMPLETED);
  g_assert_cmpuint (fc_sync_result_get_counts (approved)->updated, ==, 2);
  g_assert_cmpstr (fc_sync_result_get_approved_run_id (approved), ==,
                   fc_sync_result_get_run_id (held));
  phone = pd_value (fixture, people.ada_pd, "phone");
  g_assert_cmpstr (phone, ==, "+14155550111");
  g_clear_pointer (&run, json_object_unref);
  run = held_run (fixture, fc_sync_result_get_run_id (held));
  g_assert_false (json_object_get_null_member (run, "approvedAt"));
  g_assert_cmpstr (json_object_get_string_member (run, "approvedRunId"), ==,
                   fc_sync_result_get_run_id (approved));

  again = approve (fixture, fc_sync_result_get_run_id (held), &error);
  g_assert_error (error, FC_SYNC_ERROR, FC_SYNC_ERROR_NOT_FOUND);
  g_assert_null (again);
  g_clear_error (&error);

  /* The same edits, by hand: never held. */
  hs_edit (fixture, people.ada_hs, "phone", "+14155550112");
  hs_edit (fixture, people.grace_hs, "lastname", "Hopper");
  options.trigger = FC_SYNC_TRIGGER_MANUAL;
  manual = sync_with (fixture, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fc_sync_result_get_status (manual), ==, FC_SYNC_STATUS_COMPLETED);
  g_assert_cmpuint (fc_sync_result_get_counts (manual)->updated, ==, 2);

  /* One of three: within the limit, written by the scheduled run itself. */
  hs_edit (fixture, people.ada_hs, "phone", "+14155550113");
  options.trigger = FC_SYNC_TRIGGER_SCHEDULE;
  within = sync_with (fixture, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fc_sync_result_get_status (within), ==, FC_SYNC_STATUS_COMPLETED);
  g_assert_cmpuint (fc_sync_result_get_counts (within)->updated, ==, 1);
  g_clear_pointer (&phone, g_free);
  phone = pd_value (fixture, people.ada_pd, "phone");
  g_assert_cmpstr (phone, ==, "+14155550113");
  assert_quiet_run (fixture);

  /* Two of three again, but the share counts only from three updates on: not held. */
  hs_edit (fixture, people.ada_hs, "phone", "+14155550114");
  hs_edit (fixture, people.grace_hs, "lastname", "Murray");
  options.min_updates_to_hold = 3;
  g_clear_pointer (&within, fc_sync_result_unref);
  within = sync_with (fixture, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fc_sync_result_get_status (within), ==, FC_SYNC_STATUS_COMPLETED);
  g_assert_cmpuint (fc_sync_result_get_counts (within)->updated, ==, 2);
  assert_quiet_run (fixture);
}

/* A webhook run of one record cannot go past limits counted from ten updates on, so it skips
 * the guard's planning pass and reads its record once; with the share counted from the first
 * update, the same run plans first and reads more. Neither is held (1 of 3 links). */
static void
test_guard_targeted_skip (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_auto (People) people = { 0 };
  g_autoptr (FcSyncResult) first = NULL;
  g_autoptr (FcSyncResult) skipped = NULL;
  g_autoptr (FcSyncResult) planned = NULL;
  g_autoptr (GPtrArray) targets = g_ptr_array_new_with_free_func (
    (GDestroyNotify) fc_sync_target_free);
  g_autoptr (GError) error = NULL;
  FcSyncOptions options = { .trigger = FC_SYNC_TRIGGER_WEBHOOK, .max_update_percent = 50,
                            .min_updates_to_hold = FC_SYNC_GUARD_MIN_UPDATES,
                            .max_creates = 10, .hold_deletes = TRUE };
  guint without_pass, with_pass;

  seed_people (fixture, &people);
  first = sync_ok (fixture);
  g_ptr_array_add (targets, fc_sync_target_new (FC_SYNC_SIDE_SOURCE, people.ada_hs, FALSE, NULL));
  options.targets = targets;

  hs_edit (fixture, people.ada_hs, "phone", "+14155550121");
  fc_sim_reset_counters (fixture->sim);
  skipped = sync_with (fixture, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fc_sync_result_get_status (skipped), ==, FC_SYNC_STATUS_COMPLETED);
  g_assert_cmpuint (fc_sync_result_get_counts (skipped)->updated, ==, 1);
  without_pass = fc_sim_get_count (fixture->sim, NULL, NULL, NULL, 0);

  hs_edit (fixture, people.ada_hs, "phone", "+14155550122");
  fc_sim_reset_counters (fixture->sim);
  options.min_updates_to_hold = 0;
  planned = sync_with (fixture, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fc_sync_result_get_status (planned), ==, FC_SYNC_STATUS_COMPLETED);
  g_assert_cmpuint (fc_sync_result_get_counts (planned)->updated, ==, 1);
  with_pass = fc_sim_get_count (fixture->sim, NULL, NULL, NULL, 0);

  g_assert_cmpuint (without_pass, <, with_pass);
  assert_quiet_run (fixture);
}

/* Creates past the limit hold a start-up run; a delete holds a webhook run, whose approval syncs
 * the same targets. */
static void
test_guard_creates_deletes (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_auto (People) people = { 0 };
  g_autoptr (FcSyncResult) held = NULL;
  g_autoptr (FcSyncResult) approved = NULL;
  g_autoptr (FcSyncResult) held_delete = NULL;
  g_autoptr (FcSyncResult) approved_delete = NULL;
  g_autoptr (FcMapping) edited = NULL;
  g_autoptr (GPtrArray) targets = g_ptr_array_new_with_free_func (
    (GDestroyNotify) fc_sync_target_free);
  g_autoptr (JsonObject) run = NULL;
  g_autoptr (GError) error = NULL;
  FcSyncOptions options = { .trigger = FC_SYNC_TRIGGER_STARTUP, .max_creates = 1 };
  guint persons;

  seed_people (fixture, &people);
  persons = fc_sim_count_records (fixture->sim, "pipedrive", "persons", FALSE);
  held = sync_with (fixture, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fc_sync_result_get_status (held), ==, FC_SYNC_STATUS_HELD);
  g_assert_cmpstr (fc_sync_result_get_message (held), ==,
                   "Would create 2 records; the limit is 1");
  g_assert_cmpuint (fc_sim_count_records (fixture->sim, "pipedrive", "persons", FALSE), ==,
                    persons);
  approved = approve (fixture, fc_sync_result_get_run_id (held), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fc_sync_result_get_counts (approved)->created, ==, 2);
  g_assert_cmpuint (fc_sim_count_records (fixture->sim, "pipedrive", "persons", FALSE), ==,
                    persons + 1);

  edited = fc_mapping_copy (fixture->mapping);
  fc_mapping_set_delete_policy (edited, FC_DELETE_POLICY_DELETE);
  g_assert_true (fc_engine_save_mapping (fixture->engine, edited, &error));
  g_assert_no_error (error);
  g_set_object (&fixture->mapping, fc_engine_lookup_mapping (fixture->engine,
                                                             fc_mapping_get_id (edited)));
  g_assert_true (fc_sim_delete (fixture->sim, "hubspot", "contacts", people.grace_hs, &error));
  g_assert_no_error (error);
  g_ptr_array_add (targets, fc_sync_target_new (FC_SYNC_SIDE_SOURCE, people.grace_hs, TRUE,
                                                NULL));
  options.trigger = FC_SYNC_TRIGGER_WEBHOOK;
  options.max_creates = 0;
  options.hold_deletes = TRUE;
  options.targets = targets;
  held_delete = sync_with (fixture, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fc_sync_result_get_status (held_delete), ==, FC_SYNC_STATUS_HELD);
  g_assert_nonnull (strstr (fc_sync_result_get_message (held_delete), "delete"));
  g_assert_cmpuint (fc_sim_count_records (fixture->sim, "pipedrive", "persons", FALSE), ==,
                    persons + 1);
  run = held_run (fixture, fc_sync_result_get_run_id (held_delete));
  g_assert_cmpstr (json_object_get_string_member (run, "trigger"), ==, "webhook");
  g_assert_cmpuint (json_array_get_length (
                      json_object_get_array_member (json_object_get_object_member (run, "plan"),
                                                    "targets")), ==, 1);

  approved_delete = approve (fixture, fc_sync_result_get_run_id (held_delete), &error);
  g_assert_no_error (error);
  g_assert_cmpint (fc_sync_result_get_status (approved_delete), ==, FC_SYNC_STATUS_COMPLETED);
  g_assert_cmpuint (fc_sim_count_records (fixture->sim, "pipedrive", "persons", FALSE), ==,
                    persons);
  g_assert_null (linked_target (fixture, people.grace_hs));
}

/* ---- the command line ------------------------------------------------------------------- */

/* Runs fluxcascade-cli on the fixture's data folder with the NULL-terminated arguments. */
#define run_cli(fixture, result, ...) \
  fc_test_run_cli ((fixture)->data_dir, (result), __VA_ARGS__)

static void
test_cli (Fixture       *fixture,
          gconstpointer  user_data)
{
  g_auto (FcTestCliResult) r = { 0 };
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
  plan = fc_test_parse_json (r.out);
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
  g_assert_cmpuint (fc_sim_count_writes (fixture->sim), ==, 0);

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
  runs = fc_test_parse_json (r.out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (runs)), ==, 2);
  run_id = json_object_get_string_member (json_array_get_object_element (json_node_get_array (runs),
                                                                         0), "id");
  run_cli (fixture, &r, "log", "--run", run_id, "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  one_run = fc_test_parse_json (r.out);
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

    hs_list = fc_test_parse_json (json);
    records = json_object_get_array_member (json_node_get_object (hs_list), "records");
    mary_hs = g_strdup (json_object_get_string_member (json_array_get_object_element (records, 0),
                                                       "id"));
    hs_edit (fixture, mary_hs, "phone", "757-555-0122");
  }
  run_cli (fixture, &r, "sync", "People from Pipedrive", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_cli (fixture, &r, "conflicts", "list", "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  conflicts = fc_test_parse_json (r.out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (conflicts)), ==, 1);
  conflict_id = g_strdup_printf ("%" G_GINT64_FORMAT,
                                 json_object_get_int_member (
                                   json_array_get_object_element (json_node_get_array (conflicts),
                                                                  0), "id"));
  run_cli (fixture, &r, "conflicts", "list", NULL);
  g_assert_nonnull (strstr (r.out, "phone=phone"));
  run_cli (fixture, &r, "conflicts", "resolve", conflict_id, "--take", "(757) 555-0142", NULL);
  g_assert_cmpint (r.status, ==, 0);
  writes = fc_sim_count_writes (fixture->sim);
  run_cli (fixture, &r, "sync", "People from Pipedrive", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpuint (fc_sim_count_writes (fixture->sim), ==, writes + 2);
  pd_phone = pd_value (fixture, mary_pd, "phone");
  g_assert_cmpstr (pd_phone, ==, "(757) 555-0142");
  run_cli (fixture, &r, "conflicts", "list", "--json", NULL);
  g_clear_pointer (&conflicts, json_node_unref);
  conflicts = fc_test_parse_json (r.out);
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

/* The guard from the command line: --trigger schedule is held (exit status 4), "log" shows the
 * held run and its plan, and "sync --approve" runs it. */
static void
test_guard_cli (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_auto (People) people = { 0 };
  g_auto (FcTestCliResult) r = { 0 };
  g_autoptr (FcSyncResult) first = NULL;
  g_autoptr (JsonNode) held = NULL;
  g_autofree char *run_id = NULL;
  g_autofree char *phone = NULL;
  guint writes;

  seed_people (fixture, &people);
  first = sync_ok (fixture);
  hs_edit (fixture, people.ada_hs, "phone", "+14155550177");
  hs_edit (fixture, people.grace_hs, "lastname", "Murray");
  writes = fc_sim_count_writes (fixture->sim);

  run_cli (fixture, &r, "sync", "Contacts and persons", "--trigger", "schedule",
           "--max-update-percent", "50", "--json", NULL);
  g_assert_cmpint (r.status, ==, 4);
  held = fc_test_parse_json (r.out);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (held), "status"), ==,
                   "held");
  g_assert_nonnull (strstr (json_object_get_string_member (json_node_get_object (held),
                                                           "message"), "67%"));
  run_id = g_strdup (json_object_get_string_member (json_node_get_object (held), "runId"));
  g_assert_cmpuint (fc_sim_count_writes (fixture->sim), ==, writes);

  run_cli (fixture, &r, "log", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "held"));
  g_assert_nonnull (strstr (r.out, "Would update 67%"));
  run_cli (fixture, &r, "log", "--run", run_id, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "sync --approve"));
  g_assert_nonnull (strstr (r.out, "update "));

  run_cli (fixture, &r, "sync", "--approve", run_id, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "completed"));
  g_assert_nonnull (strstr (r.out, run_id));
  phone = pd_value (fixture, people.ada_pd, "phone");
  g_assert_cmpstr (phone, ==, "+14155550177");

  run_cli (fixture, &r, "sync", "--approve", run_id, NULL);
  g_assert_cmpint (r.status, ==, 1);
  run_cli (fixture, &r, "sync", "Contacts and persons", "--trigger", "hourly", NULL);
  g_assert_cmpint (r.status, ==, 2);
  run_cli (fixture, &r, "sync", "--help", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "--approve"));
  g_assert_nonnull (strstr (r.out, "4 when the guard held"));
}

/* The pair suffixes from the command line: ! required, ~ may clear, in either order; and
 * --external-id. */
static void
test_allow_clear_cli (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_auto (FcTestCliResult) r = { 0 };
  g_autoptr (FcMapping) mapping = NULL;
  g_autoptr (GError) error = NULL;

  run_cli (fixture, &r, "mappings", "add", "--name", "Clearing", "--from", "pipedrive:persons",
           "--to", "hubspot:contacts", "--pair", "email=email!~", "--pair", "phone=phone~!",
           "--pair", "name=firstname,lastname|split_name~", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_cli (fixture, &r, "mappings", "show", "Clearing", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "may clear"));

  mapping = fc_store_find_mapping (fc_engine_get_store (fixture->engine), "Clearing", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fc_mapping_get_n_field_pairs (mapping), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      FcFieldPair *pair = fc_mapping_get_field_pair (mapping, i);

      g_assert_true (fc_field_pair_get_allow_clear (pair));
      g_assert_cmpint (fc_field_pair_get_required (pair), ==, i < 2);
    }
  g_assert_cmpstr (fc_field_pair_get_transform (fc_mapping_get_field_pair (mapping, 2)), ==,
                   "split_name");

  run_cli (fixture, &r, "mappings", "add", "--help", NULL);
  g_assert_nonnull (strstr (r.out, "trailing ~"));
  g_assert_nonnull (strstr (r.out, "--external-id"));

  /* External ID storage */
  run_cli (fixture, &r, "mappings", "add", "--name", "With ids", "--from", "pipedrive:persons",
           "--to", "hubspot:contacts", "--pair", "email=email", "--external-id", "hs_id", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "SOURCE_FIELD=TARGET_FIELD"));
  run_cli (fixture, &r, "mappings", "add", "--name", "With ids", "--from", "pipedrive:persons",
           "--to", "hubspot:contacts", "--pair", "email=email",
           "--external-id", "hs_id=pipedrive_id", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_cli (fixture, &r, "mappings", "show", "With ids", NULL);
  g_assert_nonnull (strstr (r.out, "hs_id=pipedrive_id"));
  g_clear_object (&mapping);
  mapping = fc_store_find_mapping (fc_engine_get_store (fixture->engine), "With ids", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fc_mapping_get_external_id_fields (mapping)[0], ==, "hs_id");
  g_assert_cmpstr (fc_mapping_get_external_id_fields (mapping)[1], ==, "pipedrive_id");
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
  ADD ("/fc/sync/wanted-fields", test_wanted_fields, FC_CONFLICT_STRATEGY_NEWEST_WINS);
  ADD ("/fc/sync/counterpart-from-listing", test_counterpart_from_listing,
       FC_CONFLICT_STRATEGY_NEWEST_WINS);
  ADD ("/fc/sync/mapping-edited-elsewhere", test_mapping_edited_elsewhere,
       FC_CONFLICT_STRATEGY_NEWEST_WINS);
  ADD ("/fc/sync/record-event-receivers", test_record_event_receivers,
       FC_CONFLICT_STRATEGY_NEWEST_WINS);
  ADD ("/fc/sync/conflict/newest-wins", test_conflict_strategy,
       FC_CONFLICT_STRATEGY_NEWEST_WINS);
  ADD ("/fc/sync/conflict/source-wins", test_conflict_strategy,
       FC_CONFLICT_STRATEGY_SOURCE_WINS);
  ADD ("/fc/sync/conflict/target-wins", test_conflict_strategy,
       FC_CONFLICT_STRATEGY_TARGET_WINS);
  ADD ("/fc/sync/conflict/manual", test_conflict_manual, FC_CONFLICT_STRATEGY_MANUAL);
  ADD ("/fc/sync/conflict/agreed", test_conflict_agreed, FC_CONFLICT_STRATEGY_MANUAL);
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
  ADD ("/fc/sync/targeted/update", test_targeted_update, FC_CONFLICT_STRATEGY_NEWEST_WINS);
  ADD ("/fc/sync/targeted/delete", test_targeted_delete, FC_CONFLICT_STRATEGY_NEWEST_WINS);
  ADD ("/fc/sync/targeted/merge", test_targeted_merge, FC_CONFLICT_STRATEGY_NEWEST_WINS);
  ADD ("/fc/sync/targeted/coalesced", test_targeted_coalesced,
       FC_CONFLICT_STRATEGY_NEWEST_WINS);
  ADD ("/fc/sync/guard/updates", test_guard_updates, FC_CONFLICT_STRATEGY_NEWEST_WINS);
  ADD ("/fc/sync/guard/creates-deletes", test_guard_creates_deletes,
       FC_CONFLICT_STRATEGY_NEWEST_WINS);
  ADD ("/fc/sync/guard/cli", test_guard_cli, FC_CONFLICT_STRATEGY_NEWEST_WINS);
  ADD ("/fc/sync/guard/targeted-skip", test_guard_targeted_skip,
       FC_CONFLICT_STRATEGY_NEWEST_WINS);
  ADD ("/fc/sync/allow-clear", test_allow_clear, FC_CONFLICT_STRATEGY_NEWEST_WINS);
  ADD ("/fc/sync/external-ids", test_external_ids, FC_CONFLICT_STRATEGY_NEWEST_WINS);
  ADD ("/fc/sync/match-rule-entries", test_match_rule_entries,
       FC_CONFLICT_STRATEGY_NEWEST_WINS);
  ADD ("/fc/sync/mappings-add/cli", test_allow_clear_cli, FC_CONFLICT_STRATEGY_NEWEST_WINS);

#undef ADD

  return g_test_run ();
}
