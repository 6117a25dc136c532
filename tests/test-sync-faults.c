/* test-sync-faults.c: sync runs under faults: the CLI killed at random points and run again,
 * 429 and 5xx storms, an access token expiring mid-run, malformed answers. Whatever happens,
 * nothing is lost, nothing duplicated, and once the faults stop the next run converges and the
 * one after writes nothing.
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fc-engine.h"
#include "fc-sim.h"
#include "fc-sync-store.h"
#include "fc-test-people.h"
#include "fc-test-util.h"

#define HUBSPOT_TOKEN "pat-na1-faults-test-8c1d2e"
#define PIPEDRIVE_TOKEN "7b2d4f6a8c0e1a3c5e7b9d1f3a5c7e9b1d3f5a70"
#define CLIENT_ID "fc-faults-client"
#define CLIENT_SECRET "fc-faults-client-secret-9e3a"
#define MAPPING_NAME "Contacts and persons"

typedef struct {
  FcSim         *sim;
  char          *data_dir;
  FcEngine      *engine;
  FcConnection  *hubspot;
  FcConnection  *pipedrive;
  FcMapping     *mapping;
  GRand         *rand;
  GPtrArray     *people;  /* Person, in the order they were made */
} Fixture;

/* What the test expects of one person, by email. */
typedef struct {
  char       *email;
  FcSyncSide  home;      /* the side the test edits it on */
  char       *hs_id;
  char       *pd_id;
  char       *name;      /* "First Last" */
  char       *phone;     /* +1XXXXXXXXXX, or NULL */
} Person;

static void
person_free (Person *person)
{
  g_free (person->email);
  g_free (person->hs_id);
  g_free (person->pd_id);
  g_free (person->name);
  g_free (person->phone);
  g_free (person);
}

/* ---- set-up ----------------------------------------------------------------------------- */

static FcConnection *
add_connection (Fixture           *fixture,
                FcProvider         provider,
                const char        *name,
                const char        *token,
                FcAuthOpenUriFunc  open_uri,
                gpointer           open_uri_data)
{
  g_autoptr (FcConnection) connection = fc_connection_new (provider);
  g_autofree char *api = fc_sim_get_api_base_url (fixture->sim, name);
  g_autofree char *auth = fc_sim_get_auth_base_url (fixture->sim, name);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  FcConnection *added;

  fc_connection_set_api_base_url (connection, api);
  fc_connection_set_auth_base_url (connection, auth);
  fc_engine_add_connection_async (fixture->engine, connection, token, open_uri, open_uri_data,
                                  NULL, fc_test_on_ready_cb, &result);
  added = fc_engine_add_connection_finish (fixture->engine, fc_test_wait_for (&result), &error);
  g_assert_no_error (error);
  return added;  /* the finish function gave us a reference */
}

static void
set_retries (Fixture      *fixture,
             FcConnection *connection,
             guint         attempts)
{
  g_autoptr (GError) error = NULL;
  FcConnector *connector = fc_engine_get_connector (fixture->engine, connection, &error);

  g_assert_no_error (error);
  fc_http_set_retry_policy (fc_connector_get_http (connector), attempts, 5, 20);
}

static gpointer
browse_thread (gpointer data)
{
  g_autofree char *uri = data;
  g_autoptr (SoupSession) session = soup_session_new ();
  g_autoptr (SoupMessage) message = soup_message_new ("GET", uri);
  g_autoptr (GBytes) body = NULL;

  body = soup_session_send_and_read (session, message, NULL, NULL);
  return GUINT_TO_POINTER (soup_message_get_status (message));
}

/* The user's browser, which the simulator's consent page redirects at once. */
static gboolean
play_browser (const char  *uri,
              gpointer     user_data,
              GError     **error)
{
  *(GThread **) user_data = g_thread_new ("browser", browse_thread, g_strdup (uri));
  return TRUE;
}

static void
save_mapping (Fixture *fixture)
{
  g_autoptr (FcMapping) mapping = fc_test_people_mapping_new (MAPPING_NAME, fixture->hubspot,
                                                              fixture->pipedrive);
  g_autoptr (GError) error = NULL;

  g_assert_true (fc_engine_save_mapping (fixture->engine, mapping, &error));
  g_assert_no_error (error);
  fixture->mapping = g_object_ref (fc_engine_lookup_mapping (fixture->engine,
                                                             fc_mapping_get_id (mapping)));
}

/* @user_data: TRUE for a Pipedrive connection signed in through OAuth (its access tokens
 * expire and are refreshed), FALSE for static tokens on both sides. */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  gboolean oauth = GPOINTER_TO_INT (user_data);
  g_autoptr (GError) error = NULL;
  GThread *browser = NULL;

  fixture->sim = fc_sim_new ();
  fc_sim_set_seed (fixture->sim, 23);
  g_assert_true (fc_sim_add_static_token (fixture->sim, "hubspot", HUBSPOT_TOKEN, &error));
  g_assert_true (fc_sim_add_static_token (fixture->sim, "pipedrive", PIPEDRIVE_TOKEN, &error));
  g_assert_true (fc_sim_set_client (fixture->sim, "pipedrive", CLIENT_ID, CLIENT_SECRET, &error));
  g_assert_no_error (error);
  g_assert_true (fc_sim_start_in_thread (fixture->sim, 0, &error));
  g_assert_no_error (error);
  /* The storms are the faults under test, not the providers' own limits. */
  fc_sim_set_rate_limits_enabled (fixture->sim, "hubspot", FALSE);
  fc_sim_set_rate_limits_enabled (fixture->sim, "pipedrive", FALSE);

  fixture->data_dir = g_dir_make_tmp ("fc-sync-faults-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->engine = fc_engine_new (fixture->data_dir, &error);
  g_assert_no_error (error);

  fixture->hubspot = add_connection (fixture, FC_PROVIDER_HUBSPOT, "hubspot", HUBSPOT_TOKEN,
                                     NULL, NULL);
  fixture->pipedrive = add_connection (fixture, FC_PROVIDER_PIPEDRIVE, "pipedrive",
                                       oauth ? NULL : PIPEDRIVE_TOKEN,
                                       oauth ? play_browser : NULL, &browser);
  if (browser != NULL)
    g_assert_cmpuint (GPOINTER_TO_UINT (g_thread_join (browser)), ==, 200);
  set_retries (fixture, fixture->hubspot, 2);
  set_retries (fixture, fixture->pipedrive, 2);
  save_mapping (fixture);

  fixture->rand = g_rand_new_with_seed (20260522);
  fixture->people = g_ptr_array_new_with_free_func ((GDestroyNotify) person_free);
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
  fc_test_remove_tree (fixture->data_dir);
  g_free (fixture->data_dir);
  g_rand_free (fixture->rand);
  g_ptr_array_unref (fixture->people);
}

/* ---- the providers' side, as a user of their UIs ---------------------------------------- */

static char *
create_on (Fixture    *fixture,
           FcSyncSide  side,
           const char *email,
           const char *name,
           const char *phone)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *body = side == FC_SYNC_SIDE_SOURCE
                          ? fc_test_hubspot_body (fixture->rand, email, name, phone)
                          : fc_test_pipedrive_body (email, name, phone);
  char *id = fc_sim_create (fixture->sim, side == FC_SYNC_SIDE_SOURCE ? "hubspot" : "pipedrive",
                            side == FC_SYNC_SIDE_SOURCE ? "contacts" : "persons", body, &error);

  g_assert_no_error (error);
  return id;
}

static Person *
add_person (Fixture    *fixture,
            const char *email,
            FcSyncSide  home,
            gboolean    both)
{
  Person *person = g_new0 (Person, 1);

  person->email = g_strdup (email);
  person->home = home;
  person->name = fc_test_random_name (fixture->rand);
  person->phone = g_rand_boolean (fixture->rand) ? fc_test_random_phone (fixture->rand) : NULL;
  if (home == FC_SYNC_SIDE_SOURCE || both)
    person->hs_id = create_on (fixture, FC_SYNC_SIDE_SOURCE, email, person->name, person->phone);
  /* The same person already in Pipedrive carries the same values, so no conflict is made. */
  if (home == FC_SYNC_SIDE_TARGET || both)
    person->pd_id = create_on (fixture, FC_SYNC_SIDE_TARGET, email, person->name, person->phone);
  g_ptr_array_add (fixture->people, person);
  return person;
}

/* A random edit of @person's name or phone on its home side; the test knows the new value. */
static void
edit_person (Fixture *fixture,
             Person  *person)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *body = NULL;
  gboolean name = g_rand_boolean (fixture->rand);
  FcSyncSide side = person->home;

  if (name)
    {
      g_free (person->name);
      person->name = fc_test_random_name (fixture->rand);
    }
  else
    {
      g_free (person->phone);
      person->phone = fc_test_random_phone (fixture->rand);
    }

  body = side == FC_SYNC_SIDE_SOURCE
         ? fc_test_hubspot_body (fixture->rand, NULL, name ? person->name : NULL, name ? NULL : person->phone)
         : fc_test_pipedrive_body (NULL, name ? person->name : NULL, name ? NULL : person->phone);
  g_assert_true (fc_sim_edit (fixture->sim, side == FC_SYNC_SIDE_SOURCE ? "hubspot" : "pipedrive",
                              side == FC_SYNC_SIDE_SOURCE ? "contacts" : "persons",
                              side == FC_SYNC_SIDE_SOURCE ? person->hs_id : person->pd_id, body,
                              &error));
  g_assert_no_error (error);
}

static Person *
random_person (Fixture *fixture)
{
  return g_ptr_array_index (fixture->people,
                            g_rand_int_range (fixture->rand, 0, fixture->people->len));
}

/* ---- what the providers hold, as the transforms see it ---------------------------------- */







/* Each person exactly once on each side with the values the test last gave it; no record the
 * test does not know of; no email twice. */
static void
assert_converged (Fixture *fixture)
{
  g_autoptr (GHashTable) source = fc_test_read_people (fixture->sim, "hubspot");
  g_autoptr (GHashTable) target = fc_test_read_people (fixture->sim, "pipedrive");
  GHashTable *sides[2] = { source, target };

  for (FcSyncSide side = FC_SYNC_SIDE_SOURCE; side <= FC_SYNC_SIDE_TARGET; side++)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, sides[side]);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (((GPtrArray *) value)->len != 1)
          g_error ("%s holds %u records with the email \"%s\"",
                   side == FC_SYNC_SIDE_SOURCE ? "HubSpot" : "Pipedrive",
                   ((GPtrArray *) value)->len, (char *) key);
      g_assert_cmpuint (g_hash_table_size (sides[side]), ==, fixture->people->len);
    }

  for (guint i = 0; i < fixture->people->len; i++)
    {
      Person *person = g_ptr_array_index (fixture->people, i);

      for (FcSyncSide side = FC_SYNC_SIDE_SOURCE; side <= FC_SYNC_SIDE_TARGET; side++)
        {
          GPtrArray *list = g_hash_table_lookup (sides[side], person->email);
          FcTestPerson *seen;

          if (list == NULL)
            g_error ("%s lacks %s", side == FC_SYNC_SIDE_SOURCE ? "HubSpot" : "Pipedrive",
                     person->email);
          seen = g_ptr_array_index (list, 0);
          if (g_strcmp0 (seen->name, person->name) != 0 ||
              g_strcmp0 (seen->phone, person->phone) != 0)
            {
              GPtrArray *other = g_hash_table_lookup (sides[!side], person->email);
              FcTestPerson *there = other != NULL ? g_ptr_array_index (other, 0) : NULL;

              g_error ("%s has %s (%s) as \"%s\", %s; expected \"%s\", %s (edited in %s, "
                       "which has \"%s\", %s)",
                       side == FC_SYNC_SIDE_SOURCE ? "HubSpot" : "Pipedrive", person->email,
                       seen->id, seen->name, seen->phone, person->name, person->phone,
                       person->home == FC_SYNC_SIDE_SOURCE ? "HubSpot" : "Pipedrive",
                       there != NULL ? there->name : NULL, there != NULL ? there->phone : NULL);
            }
        }
    }
}

/* ---- runs in this process --------------------------------------------------------------- */

static FcSyncResult *
sync_run (Fixture            *fixture,
          FcSyncProgressFunc  progress,
          gpointer            progress_data)
{
  g_autoptr (GAsyncResult) async_result = NULL;
  g_autoptr (GError) error = NULL;
  FcSyncResult *result;
  const FcSyncCounts *counts;

  fc_engine_sync_async (fixture->engine, fixture->mapping, NULL, NULL, progress, progress_data,
                        fc_test_on_ready_cb, &async_result);
  result = fc_engine_sync_finish (fixture->engine, fc_test_wait_for (&async_result), &error);
  g_assert_no_error (error);
  counts = fc_sync_result_get_counts (result);
  g_test_message ("run %s: %s%s%s, %u fetched, %u created, %u updated, %u skipped, "
                  "%u conflicts, %u failed, %u parked", fc_sync_result_get_run_id (result),
                  fc_enum_to_nick (FC_TYPE_SYNC_STATUS, fc_sync_result_get_status (result)),
                  fc_sync_result_get_error (result) != NULL ? ": " : "",
                  fc_sync_result_get_error (result) ?: "", counts->fetched, counts->created,
                  counts->updated, counts->skipped, counts->conflicts, counts->failed,
                  counts->parked);
  return result;
}

/* (element-type JsonObject) The details.error of each record.error event of @result, each
 * event with a message. */
static GPtrArray *
list_error_details (Fixture      *fixture,
                    FcSyncResult *result)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonArray) events = NULL;
  GPtrArray *found = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  events = fc_sync_store_list_events (fc_engine_get_store (fixture->engine),
                                      fc_sync_result_get_run_id (result), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);
      JsonObject *details;

      if (!g_str_equal (json_object_get_string_member (event, "kind"), "record.error"))
        continue;
      details = json_object_get_object_member (event, "details");
      g_assert_nonnull (details);
      g_assert_true (json_object_has_member (details, "error"));
      g_assert_nonnull (fc_test_member_string (event, "message"));
      g_ptr_array_add (found, json_object_ref (json_object_get_object_member (details,
                                                                              "error")));
    }
  return found;
}

/* A run under faults: completed or partial, and each record it failed has its record.error
 * event with the error. */
static void
assert_failures_logged (Fixture      *fixture,
                        FcSyncResult *result)
{
  g_autoptr (GPtrArray) errors = NULL;

  g_assert_cmpint (fc_sync_result_get_status (result), !=, FC_SYNC_STATUS_FAILED);
  errors = list_error_details (fixture, result);
  g_assert_cmpuint (errors->len, ==, fc_sync_result_get_counts (result)->failed);
  if (fc_sync_result_get_counts (result)->failed > 0)
    g_assert_cmpint (fc_sync_result_get_status (result), ==, FC_SYNC_STATUS_PARTIAL);
}

/* Without faults: one run converges, the next writes nothing. */
static void
assert_recovers (Fixture *fixture)
{
  g_autoptr (FcSyncResult) settle = NULL;
  g_autoptr (FcSyncResult) quiet = NULL;
  guint writes;

  fc_sim_clear_faults (fixture->sim, "hubspot");
  fc_sim_clear_faults (fixture->sim, "pipedrive");
  settle = sync_run (fixture, NULL, NULL);
  g_assert_cmpint (fc_sync_result_get_status (settle), ==, FC_SYNC_STATUS_COMPLETED);
  assert_converged (fixture);

  writes = fc_sim_count_writes (fixture->sim);
  quiet = sync_run (fixture, NULL, NULL);
  g_assert_cmpint (fc_sync_result_get_status (quiet), ==, FC_SYNC_STATUS_COMPLETED);
  g_assert_cmpuint (fc_sync_result_get_counts (quiet)->created, ==, 0);
  g_assert_cmpuint (fc_sync_result_get_counts (quiet)->updated, ==, 0);
  g_assert_cmpuint (fc_sim_count_writes (fixture->sim), ==, writes);
}

/* @n people of each home, a few of them on both sides from the start. */
static void
seed_people (Fixture *fixture,
             guint    n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *hs = g_strdup_printf ("hs%03u@example.com", i);
      g_autofree char *pd = g_strdup_printf ("pd%03u@example.com", i);

      add_person (fixture, hs, FC_SYNC_SIDE_SOURCE, i % 4 == 0);
      add_person (fixture, pd, FC_SYNC_SIDE_TARGET, FALSE);
    }
}

static void
edit_some (Fixture *fixture,
           guint    n)
{
  for (guint i = 0; i < n; i++)
    edit_person (fixture, random_person (fixture));
}

static void
set_faults (Fixture    *fixture,
            const char *provider,
            const char *json)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (fc_sim_set_faults (fixture->sim, provider, json, &error));
  g_assert_no_error (error);
}

/* ---- storms ----------------------------------------------------------------------------- */

typedef struct {
  const char *name;
  const char *hubspot;     /* faults, or NULL */
  const char *pipedrive;
  guint       attempts;    /* HTTP tries per request */
} Storm;

static const Storm storms[] = {
  /* 429s ridden out by waiting as the answers ask */
  { "429", "{\"throttle_next\":6,\"retry_after_s\":0}",
    "{\"throttle_next\":6,\"retry_after_s\":0}", 2 },
  /* every HubSpot update refused, a quarter of Pipedrive's answers 500 or 503 */
  { "5xx", "{\"error_rate\":1.0,\"error_statuses\":[500,503],"
           "\"path_prefix\":\"/crm/v3/objects/contacts/batch/update\"}",
    "{\"error_rate\":0.25,\"error_statuses\":[500,503]}", 6 },
  /* answers to writes cut in half, status kept: their outcome is unknown (HubSpot's creates
   * stay as intents for the next run to look up) */
  { "malformed", "{\"malformed_rate\":1.0,"
                 "\"path_prefix\":\"/crm/v3/objects/contacts/batch/create\"}",
    "{\"malformed_rate\":0.5,\"path_prefix\":\"/api/v2/persons/{id}\"}", 2 },
  /* connections closed without an answer */
  { "dropped", "{\"drop_rate\":0.15}", "{\"drop_rate\":0.15}", 4 },
};

/* An initial sync and edits on both sides, then a run in the storm and a run without it. */
static void
test_storm (Fixture       *fixture,
            gconstpointer  user_data)
{
  const Storm *storm = NULL;
  g_autoptr (FcSyncResult) first = NULL;
  g_autoptr (FcSyncResult) stormy = NULL;
  g_autoptr (FcSyncResult) second = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (storms); i++)
    if (g_str_has_suffix (g_test_get_path (), storms[i].name))
      storm = &storms[i];
  g_assert_nonnull (storm);
  seed_people (fixture, 12);
  first = sync_run (fixture, NULL, NULL);
  g_assert_cmpint (fc_sync_result_get_status (first), ==, FC_SYNC_STATUS_COMPLETED);
  assert_converged (fixture);

  /* New people on both sides and edits of existing ones, then the storm. */
  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *email = g_strdup_printf ("new%02u@example.com", i);

      add_person (fixture, email, i % 2 == 0 ? FC_SYNC_SIDE_SOURCE : FC_SYNC_SIDE_TARGET, FALSE);
    }
  edit_some (fixture, 10);
  set_retries (fixture, fixture->hubspot, storm->attempts);
  set_retries (fixture, fixture->pipedrive, storm->attempts);
  fc_sim_reset_counters (fixture->sim);
  set_faults (fixture, "hubspot", storm->hubspot);
  set_faults (fixture, "pipedrive", storm->pipedrive);

  stormy = sync_run (fixture, NULL, NULL);
  assert_failures_logged (fixture, stormy);
  g_test_message ("storm %s: %u HubSpot and %u Pipedrive answers were faults", storm->name,
                  fc_sim_get_count (fixture->sim, "hubspot", NULL, NULL, 429) +
                  fc_sim_get_count (fixture->sim, "hubspot", NULL, NULL, 500) +
                  fc_sim_get_count (fixture->sim, "hubspot", NULL, NULL, 503),
                  fc_sim_get_count (fixture->sim, "pipedrive", NULL, NULL, 429) +
                  fc_sim_get_count (fixture->sim, "pipedrive", NULL, NULL, 500) +
                  fc_sim_get_count (fixture->sim, "pipedrive", NULL, NULL, 503));

  /* More edits while the storm goes on, then a second stormy run. */
  edit_some (fixture, 5);
  second = sync_run (fixture, NULL, NULL);
  assert_failures_logged (fixture, second);

  set_retries (fixture, fixture->hubspot, 2);
  set_retries (fixture, fixture->pipedrive, 2);
  assert_recovers (fixture);
}

/* A change listing answered with half a body: the page is asked for again, and one bad answer
 * costs nothing. Bad every time (three tries), the run stops before writing anything, says why
 * in its row, and the next run does the work. */
static void
test_malformed_listing (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr (GAsyncResult) async_result = NULL;
  g_autoptr (FcSyncResult) result = NULL;
  g_autoptr (FcSyncResult) retried = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonArray) runs = NULL;
  JsonObject *run;
  guint writes;

  seed_people (fixture, 8);
  set_faults (fixture, "hubspot", "{\"malformed_next\":1,"
                                  "\"path_prefix\":\"/crm/v3/objects/contacts/search\"}");
  retried = sync_run (fixture, NULL, NULL);
  g_assert_cmpint (fc_sync_result_get_status (retried), ==, FC_SYNC_STATUS_COMPLETED);
  g_assert_cmpuint (fc_sync_result_get_counts (retried)->failed, ==, 0);
  assert_converged (fixture);

  edit_some (fixture, 4);
  set_faults (fixture, "hubspot", "{\"malformed_next\":3,"
                                  "\"path_prefix\":\"/crm/v3/objects/contacts/search\"}");
  writes = fc_sim_count_writes (fixture->sim);
  fc_engine_sync_async (fixture->engine, fixture->mapping, NULL, NULL, NULL, NULL,
                        fc_test_on_ready_cb, &async_result);
  result = fc_engine_sync_finish (fixture->engine, fc_test_wait_for (&async_result), &error);
  g_assert_null (result);
  g_assert_error (error, FC_SYNC_ERROR, FC_SYNC_ERROR_FETCH);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "After 3 tries"));
  g_assert_cmpuint (fc_sim_count_writes (fixture->sim), ==, writes);

  runs = fc_sync_store_list_runs (fc_engine_get_store (fixture->engine), NULL, 1, NULL);
  run = json_array_get_object_element (runs, 0);
  g_assert_cmpstr (fc_test_member_string (run, "status"), ==, "failed");
  g_assert_nonnull (strstr (fc_test_member_string (run, "error"), "not JSON"));
  assert_recovers (fixture);
}

typedef struct {
  Fixture  *fixture;
  gboolean  armed;
} CutListing;

/* Once the first page of the listing is in, the next HubSpot searches answer garbage, as many
 * times as the page is asked for. */
static void
on_fetch_progress_cb (FcSyncPhase  phase,
                      guint64      processed,
                      gint64       total,
                      gpointer     user_data)
{
  CutListing *cut = user_data;

  if (phase != FC_SYNC_PHASE_FETCH || processed == 0 || cut->armed)
    return;
  cut->armed = TRUE;
  set_faults (cut->fixture, "hubspot", "{\"malformed_next\":3,"
                                       "\"path_prefix\":\"/crm/v3/objects/contacts/search\"}");
}

/* A listing that fails after its first page: the run syncs what it read and ends partial, with
 * a message saying where the listing stopped; the source's cursor does not move, so the next
 * run reads the rest and converges without a duplicate. */
static void
test_cut_listing (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr (FcSyncResult) cut_run = NULL;
  g_autoptr (JsonArray) runs = NULL;
  CutListing cut = { fixture, FALSE };
  gint64 cursor = 0;
  JsonObject *run;
  guint persons;

  /* More than one page of HubSpot's search (200). */
  for (guint i = 0; i < 230; i++)
    {
      g_autofree char *email = g_strdup_printf ("many%03u@example.com", i);

      add_person (fixture, email, FC_SYNC_SIDE_SOURCE, FALSE);
    }

  cut_run = sync_run (fixture, on_fetch_progress_cb, &cut);
  g_assert_true (cut.armed);
  g_assert_cmpint (fc_sync_result_get_status (cut_run), ==, FC_SYNC_STATUS_PARTIAL);
  g_assert_nonnull (fc_sync_result_get_message (cut_run));
  g_test_message ("%s", fc_sync_result_get_message (cut_run));
  g_assert_nonnull (strstr (fc_sync_result_get_message (cut_run), "stopped after 200 records"));
  g_assert_cmpuint (fc_sync_result_get_counts (cut_run)->created, ==, 200);
  persons = fc_sim_count_records (fixture->sim, "pipedrive", "persons", FALSE);
  g_assert_cmpuint (persons, ==, 200);
  g_assert_true (fc_sync_store_get_cursor (fc_engine_get_store (fixture->engine),
                                           fc_mapping_get_id (fixture->mapping),
                                           FC_SYNC_SIDE_SOURCE, &cursor, NULL));
  g_assert_cmpint (cursor, ==, -1);

  runs = fc_sync_store_list_runs (fc_engine_get_store (fixture->engine), NULL, 1, NULL);
  run = json_array_get_object_element (runs, 0);
  g_assert_cmpstr (fc_test_member_string (run, "status"), ==, "partial");
  g_assert_nonnull (strstr (fc_test_member_string (run, "error"), "not JSON"));

  assert_recovers (fixture);
}

/* An update whose answer is lost (cut short here; a kill or a timeout does the same) did reach
 * the provider, but its base was not stored. The user then edits the record's origin within
 * the same second: Pipedrive's clock (whole seconds) makes that newer edit look older than the
 * engine's own write to HubSpot. Had the merge taken that write for a HubSpot change, it would
 * see "both changed" and newest_wins would give HubSpot's stale value back to Pipedrive, losing
 * the user's edit (as it did before pending bases; found by the kill test). */
static void
test_unconfirmed_update (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr (FcSyncResult) first = NULL;
  g_autoptr (FcSyncResult) unconfirmed = NULL;
  g_autofree char *clock = NULL;
  Person *person;

  seed_people (fixture, 2);
  first = sync_run (fixture, NULL, NULL);
  assert_converged (fixture);
  person = g_ptr_array_index (fixture->people, 1);   /* Pipedrive's */
  g_assert_cmpint (person->home, ==, FC_SYNC_SIDE_TARGET);

  clock = fc_sim_control (fixture->sim, "POST", "/clock",
                          "{\"now\":\"2026-12-01T10:00:00Z\",\"advance_ms\":100}", NULL);
  g_test_message ("%s", clock);
  edit_person (fixture, person);
  fc_sim_advance_clock (fixture->sim, 1000);
  set_faults (fixture, "hubspot", "{\"malformed_next\":1,"
                                  "\"path_prefix\":\"/crm/v3/objects/contacts/batch/update\"}");
  set_faults (fixture, "pipedrive", "{\"malformed_next\":1,"
                                    "\"path_prefix\":\"/api/v2/persons/{id}\"}");
  unconfirmed = sync_run (fixture, NULL, NULL);
  assert_failures_logged (fixture, unconfirmed);
  g_assert_cmpuint (fc_sync_result_get_counts (unconfirmed)->failed, ==, 1);

  fc_sim_advance_clock (fixture->sim, 500);
  edit_person (fixture, person);
  fc_sim_set_clock_frozen (fixture->sim, FALSE);
  assert_recovers (fixture);
}

/* The same for a create: its answer is lost, its intent stays, and the user edits the record
 * it was made from within the same second. Recovery links the created record and stores the
 * bases the create was to set, so the edit is a change to carry over, not a conflict. */
static void
test_unconfirmed_create (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr (FcSyncResult) first = NULL;
  g_autoptr (FcSyncResult) unconfirmed = NULL;
  g_autofree char *clock = NULL;
  Person *person;

  seed_people (fixture, 2);
  first = sync_run (fixture, NULL, NULL);
  assert_converged (fixture);

  clock = fc_sim_control (fixture->sim, "POST", "/clock",
                          "{\"now\":\"2026-12-01T10:00:00Z\",\"advance_ms\":100}", NULL);
  person = add_person (fixture, "hedy@example.com", FC_SYNC_SIDE_TARGET, FALSE);
  fc_sim_advance_clock (fixture->sim, 1000);
  set_faults (fixture, "hubspot", "{\"malformed_next\":1,"
                                  "\"path_prefix\":\"/crm/v3/objects/contacts/batch/create\"}");
  unconfirmed = sync_run (fixture, NULL, NULL);
  assert_failures_logged (fixture, unconfirmed);
  g_assert_cmpuint (fc_sync_result_get_counts (unconfirmed)->failed, ==, 1);

  fc_sim_advance_clock (fixture->sim, 500);
  edit_person (fixture, person);
  fc_sim_set_clock_frozen (fixture->sim, FALSE);
  assert_recovers (fixture);
}

/* An update that never landed, on a link with no base yet: the two records were matched by key
 * while they differed (the user had renamed the HubSpot one), so the run that linked them
 * stored no base for the name, and Pipedrive refused the update that was to carry the new name
 * over. Pipedrive still holds its old name, the one it held before any write; nothing says the
 * user changed it. The next run must not take the pending base (the update's values) as the
 * agreed one, which would make Pipedrive's old name look like a fresh edit and write it back
 * over the user's (as the kill test found: a kill after the link and before its bases does the
 * same). */
static void
test_refused_update_no_base (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autoptr (FcSyncResult) refused = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *body = NULL;
  Person *person;

  person = add_person (fixture, "anita@example.com", FC_SYNC_SIDE_SOURCE, TRUE);
  g_free (person->name);
  person->name = g_strdup ("Anita Borg");   /* not a name fc_test_random_name () makes */
  body = fc_test_hubspot_body (fixture->rand, NULL, person->name, NULL);
  g_assert_true (fc_sim_edit (fixture->sim, "hubspot", "contacts", person->hs_id, body, &error));
  g_assert_no_error (error);

  set_faults (fixture, "pipedrive", "{\"error_rate\":1.0,\"error_statuses\":[400],"
                                    "\"path_prefix\":\"/api/v2/persons/{id}\"}");
  refused = sync_run (fixture, NULL, NULL);
  assert_failures_logged (fixture, refused);
  g_assert_cmpuint (fc_sync_result_get_counts (refused)->failed, ==, 1);
  g_assert_cmpint (fc_sync_store_count_links (fc_engine_get_store (fixture->engine),
                                              fc_mapping_get_id (fixture->mapping), &error), ==,
                   1);
  g_assert_no_error (error);

  assert_recovers (fixture);
}

/* Both sides changed the name: Pipedrive first, HubSpot a few seconds later, so newest_wins
 * gives HubSpot's name to Pipedrive. That update fails without landing (a 500, which could have
 * come after the provider stored it, so its pending base stays). Pipedrive still holds its own
 * older name, the one it held when the update was planned; HubSpot still holds the name the
 * update was made from. The next run must decide the conflict again and carry HubSpot's newer
 * name over. Taking the pending base made Pipedrive's older name look like an edit made after
 * the write and wrote it over HubSpot's (found by bench/fc-soak: a kill between the pending
 * base and the write does the same). */
static void
test_unlanded_conflict_winner (Fixture       *fixture,
                               gconstpointer  user_data)
{
  g_autoptr (FcSyncResult) first = NULL;
  g_autoptr (FcSyncResult) failed = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *clock = NULL;
  g_autofree char *older = NULL;
  g_autofree char *pipedrive_body = NULL;
  g_autofree char *hubspot_body = NULL;
  Person *person;

  person = add_person (fixture, "mary@example.com", FC_SYNC_SIDE_SOURCE, TRUE);
  first = sync_run (fixture, NULL, NULL);
  assert_converged (fixture);

  clock = fc_sim_control (fixture->sim, "POST", "/clock",
                          "{\"now\":\"2026-12-01T10:00:00Z\",\"advance_ms\":100}", NULL);
  older = g_strdup ("Grace Pipedrive");   /* not a name fc_test_random_name () makes */
  pipedrive_body = fc_test_pipedrive_body (NULL, older, NULL);
  g_assert_true (fc_sim_edit (fixture->sim, "pipedrive", "persons", person->pd_id,
                              pipedrive_body, &error));
  g_assert_no_error (error);
  fc_sim_advance_clock (fixture->sim, 3000);
  g_free (person->name);
  person->name = g_strdup ("Ada Hubspot");
  hubspot_body = fc_test_hubspot_body (fixture->rand, NULL, person->name, NULL);
  g_assert_true (fc_sim_edit (fixture->sim, "hubspot", "contacts", person->hs_id, hubspot_body,
                              &error));
  g_assert_no_error (error);
  fc_sim_advance_clock (fixture->sim, 1000);

  set_faults (fixture, "pipedrive", "{\"error_rate\":1.0,\"error_statuses\":[500],"
                                    "\"path_prefix\":\"/api/v2/persons/{id}\"}");
  failed = sync_run (fixture, NULL, NULL);
  assert_failures_logged (fixture, failed);
  g_assert_cmpuint (fc_sync_result_get_counts (failed)->failed, ==, 1);

  fc_sim_advance_clock (fixture->sim, 1000);
  fc_sim_set_clock_frozen (fixture->sim, FALSE);
  /* Both sides end with HubSpot's newer name */
  assert_recovers (fixture);
}

/* ---- the provider's raw answer in the log ----------------------------------------------- */

/* The details.error of @result's only record.error event */
static JsonObject *
dup_error_details (Fixture      *fixture,
                   FcSyncResult *result)
{
  g_autoptr (GPtrArray) errors = list_error_details (fixture, result);

  g_assert_cmpuint (errors->len, ==, 1);
  return json_object_ref (g_ptr_array_index (errors, 0));
}

/* details.error.raw: its status, and its body read as the JSON it is */
static JsonObject *
dup_raw_body (JsonObject *error_details,
              guint       status)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  JsonObject *raw;
  const char *body;

  g_assert_true (json_object_has_member (error_details, "raw"));
  raw = json_object_get_object_member (error_details, "raw");
  g_assert_nonnull (raw);
  g_assert_cmpint (json_object_get_int_member (raw, "status"), ==, status);
  g_assert_false (json_object_get_boolean_member (raw, "truncated"));
  body = fc_test_member_string (raw, "body");
  g_assert_nonnull (body);
  g_test_message ("raw answer: HTTP %u %s", status, body);
  g_assert_true (json_parser_load_from_data (parser, body, -1, &error));
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* A HubSpot batch update refused as a whole (500 on every try): the record's error event keeps
 * HubSpot's answer, status and body, as the simulator gave it. */
static void
test_raw_error_request (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr (FcSyncResult) first = NULL;
  g_autoptr (FcSyncResult) failed = NULL;
  g_autoptr (JsonObject) details = NULL;
  g_autoptr (JsonObject) body = NULL;
  g_autoptr (JsonArray) events = NULL;
  g_autoptr (GError) error = NULL;
  Person *person;
  Person *other;
  const char *with_body = NULL;
  const char *same_as = NULL;

  person = add_person (fixture, "grace@example.com", FC_SYNC_SIDE_TARGET, FALSE);
  other = add_person (fixture, "hedy@example.com", FC_SYNC_SIDE_TARGET, FALSE);
  first = sync_run (fixture, NULL, NULL);
  assert_converged (fixture);

  edit_person (fixture, person);
  edit_person (fixture, other);
  set_faults (fixture, "hubspot", "{\"error_rate\":1.0,\"error_statuses\":[500],"
                                  "\"path_prefix\":\"/crm/v3/objects/contacts/batch/update\"}");
  failed = sync_run (fixture, NULL, NULL);
  assert_failures_logged (fixture, failed);
  g_assert_cmpuint (fc_sync_result_get_counts (failed)->failed, ==, 2);

  /* One answer failed the batch: the first record's event keeps it, the other names that
   * record instead of holding the same body again. */
  events = fc_sync_store_list_events (fc_engine_get_store (fixture->engine),
                                      fc_sync_result_get_run_id (failed), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);
      JsonObject *raw;

      if (!g_str_equal (json_object_get_string_member (event, "kind"), "record.error"))
        continue;
      raw = json_object_get_object_member (json_object_get_object_member (
        json_object_get_object_member (event, "details"), "error"), "raw");
      g_assert_cmpint (json_object_get_int_member (raw, "status"), ==, 500);
      if (json_object_has_member (raw, "body"))
        {
          g_assert_null (with_body);
          with_body = fc_test_member_string (event, "sourceRecordId");
          details = json_object_ref (json_object_get_object_member (
                                       json_object_get_object_member (event, "details"),
                                       "error"));
        }
      else
        {
          g_assert_null (same_as);
          same_as = fc_test_member_string (raw, "sameBodyAsRecord");
        }
    }
  g_assert_nonnull (with_body);
  g_assert_cmpstr (same_as, ==, with_body);

  g_assert_cmpstr (fc_test_member_string (details, "domain"), ==, "fc-connector-error-quark");
  body = dup_raw_body (details, 500);
  g_assert_cmpstr (fc_test_member_string (body, "status"), ==, "error");
  g_assert_cmpstr (fc_test_member_string (body, "category"), ==, "INTERNAL_ERROR");
  g_assert_cmpstr (fc_test_member_string (body, "message"), ==,
                   "An internal error occurred (injected fault)");
  g_assert_nonnull (fc_test_member_string (body, "correlationId"));
  /* the answer only: no header of the request, no token */
  g_assert_null (strstr (json_object_get_string_member (json_object_get_object_member (details,
                                                                                       "raw"),
                                                        "body"), HUBSPOT_TOKEN));
  assert_recovers (fixture);
}

/* One record of a HubSpot batch refused in a 207 answer's errors[] (its new email is another
 * contact's): the record's error event keeps that error object, as HubSpot wrote it. */
static void
test_raw_error_record (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr (FcSyncResult) first = NULL;
  g_autoptr (FcSyncResult) refused = NULL;
  g_autoptr (JsonObject) details = NULL;
  g_autoptr (JsonObject) body = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *edit = NULL;
  Person *taken;
  Person *person;

  taken = add_person (fixture, "ada@example.com", FC_SYNC_SIDE_SOURCE, FALSE);
  person = add_person (fixture, "hopper@example.com", FC_SYNC_SIDE_TARGET, FALSE);
  first = sync_run (fixture, NULL, NULL);
  assert_converged (fixture);

  edit = fc_test_pipedrive_body (taken->email, NULL, NULL);
  g_assert_true (fc_sim_edit (fixture->sim, "pipedrive", "persons", person->pd_id, edit,
                              &error));
  g_assert_no_error (error);
  refused = sync_run (fixture, NULL, NULL);
  assert_failures_logged (fixture, refused);
  g_assert_cmpuint (fc_sync_result_get_counts (refused)->failed, ==, 1);

  details = dup_error_details (fixture, refused);
  g_assert_cmpint (json_object_get_int_member (details, "code"), ==,
                   FC_CONNECTOR_ERROR_CONFLICT);
  body = dup_raw_body (details, 207);
  g_assert_cmpstr (fc_test_member_string (body, "status"), ==, "error");
  g_assert_cmpstr (fc_test_member_string (body, "category"), ==, "CONFLICT");
  g_assert_true (g_str_has_prefix (fc_test_member_string (body, "message"),
                                   "Contact already exists. Existing ID: "));
  g_assert_nonnull (strstr (fc_test_member_string (body, "message"), taken->hs_id));
}

/* ---- token expiry ----------------------------------------------------------------------- */

typedef struct {
  Fixture *fixture;
  char    *token;   /* Pipedrive's access token, to expire */
  guint    fetch_reports;
  gboolean expired;
} Expiry;

static void
on_expire_cb (FcSyncPhase  phase,
              guint64      processed,
              gint64       total,
              gpointer     user_data)
{
  Expiry *expiry = user_data;

  /* After the first page: the next request carries a token the provider no longer takes. */
  if (phase == FC_SYNC_PHASE_FETCH && ++expiry->fetch_reports == 1 && !expiry->expired)
    {
      expiry->expired = fc_sim_expire_token (expiry->fixture->sim, expiry->token);
      g_assert_true (expiry->expired);
    }
}

static char *
current_token (Fixture *fixture)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (FcToken) token = NULL;

  fc_auth_get_token_async (fc_engine_get_auth (fixture->engine), fixture->pipedrive, FALSE, NULL,
                           fc_test_on_ready_cb, &result);
  token = fc_auth_get_token_finish (fc_engine_get_auth (fixture->engine),
                                    fc_test_wait_for (&result), &error);
  g_assert_no_error (error);
  return g_strdup (fc_token_get_access_token (token));
}

/* Pipedrive signed in through OAuth; its access token expires between two pages of a run. The
 * connector refreshes it once and the run goes on. */
static void
test_token_expiry_oauth (Fixture       *fixture,
                         gconstpointer  user_data)
{
  Expiry expiry = { fixture, NULL, 0, FALSE };
  g_autoptr (FcSyncResult) result = NULL;
  g_autoptr (FcSyncResult) quiet = NULL;
  g_autofree char *after = NULL;
  guint writes;

  seed_people (fixture, 130);   /* more than one page of Pipedrive's listing */
  expiry.token = current_token (fixture);
  fc_sim_reset_counters (fixture->sim);

  result = sync_run (fixture, on_expire_cb, &expiry);
  g_assert_true (expiry.expired);
  g_assert_cmpint (fc_sync_result_get_status (result), ==, FC_SYNC_STATUS_COMPLETED);
  g_assert_cmpuint (fc_sim_get_count (fixture->sim, "pipedrive", NULL, NULL, 401), >=, 1);
  g_assert_cmpuint (fc_sim_get_count (fixture->sim, "pipedrive", "POST", "/oauth/token", 200),
                    ==, 1);
  after = current_token (fixture);
  g_assert_cmpstr (after, !=, expiry.token);
  g_assert_cmpint (fc_connection_get_status (fixture->pipedrive), ==,
                   FC_CONNECTION_STATUS_ACTIVE);
  assert_converged (fixture);

  writes = fc_sim_count_writes (fixture->sim);
  quiet = sync_run (fixture, NULL, NULL);
  g_assert_cmpuint (fc_sim_count_writes (fixture->sim), ==, writes);
  g_free (expiry.token);
}

typedef struct {
  Fixture *fixture;
  gboolean revoked;
} Revoke;

static void
on_revoke_cb (FcSyncPhase  phase,
              guint64      processed,
              gint64       total,
              gpointer     user_data)
{
  Revoke *revoke = user_data;

  if (phase == FC_SYNC_PHASE_APPLY && !revoke->revoked)
    revoke->revoked = fc_sim_revoke_token (revoke->fixture->sim, PIPEDRIVE_TOKEN);
}

/* A static token cannot be refreshed: the run stops cleanly, the connection is marked expired,
 * nothing is duplicated, and once the user gives the token again the next run finishes. */
static void
test_token_revoked_static (Fixture       *fixture,
                           gconstpointer  user_data)
{
  Revoke revoke = { fixture, FALSE };
  g_autoptr (GAsyncResult) async_result = NULL;
  g_autoptr (FcSyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GAsyncResult) reconnected = NULL;
  g_autoptr (JsonArray) runs = NULL;
  JsonObject *run;

  seed_people (fixture, 30);
  fc_engine_sync_async (fixture->engine, fixture->mapping, NULL, NULL, on_revoke_cb, &revoke,
                        fc_test_on_ready_cb, &async_result);
  result = fc_engine_sync_finish (fixture->engine, fc_test_wait_for (&async_result), &error);
  g_assert_true (revoke.revoked);
  if (result != NULL)
    {
      /* The writes to Pipedrive failed, each logged; HubSpot's went through. */
      g_test_message ("run ended %s", fc_enum_to_nick (FC_TYPE_SYNC_STATUS,
                                                       fc_sync_result_get_status (result)));
      if (fc_sync_result_get_status (result) != FC_SYNC_STATUS_FAILED)
        assert_failures_logged (fixture, result);
    }
  else
    g_test_message ("run failed: %s", error->message);
  runs = fc_sync_store_list_runs (fc_engine_get_store (fixture->engine), NULL, 1, NULL);
  run = json_array_get_object_element (runs, 0);
  g_assert_cmpstr (fc_test_member_string (run, "status"), !=, "running");
  g_assert_cmpint (fc_connection_get_status (fixture->pipedrive), ==,
                   FC_CONNECTION_STATUS_EXPIRED);

  /* The user pastes the token again. */
  g_assert_true (fc_sim_add_static_token (fixture->sim, "pipedrive", PIPEDRIVE_TOKEN, NULL));
  fc_engine_reconnect_async (fixture->engine, fixture->pipedrive, PIPEDRIVE_TOKEN, NULL, NULL,
                             NULL, fc_test_on_ready_cb, &reconnected);
  g_assert_true (fc_engine_reconnect_finish (fixture->engine, fc_test_wait_for (&reconnected),
                                             &error));
  g_assert_no_error (error);
  assert_recovers (fixture);
}

/* ---- the CLI killed at random points ---------------------------------------------------- */

static GSubprocess *
spawn_sync (Fixture *fixture)
{
  g_autoptr (GError) error = NULL;
  GSubprocess *process;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                              G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                              g_getenv ("FC_CLI"), "--data-dir", fixture->data_dir, "sync",
                              MAPPING_NAME, NULL);
  g_assert_no_error (error);
  return process;
}

static int
wait_status (GSubprocess *process)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (g_subprocess_wait (process, NULL, &error));
  g_assert_no_error (error);
  return g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
}

/* Where the kills landed, as the runs that followed saw it: runs left running (marked failed
 * by the next), and creates found done but unlinked (intents linked by recovery). */
static void
describe_kills (Fixture *fixture)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonArray) runs = fc_sync_store_list_runs (fc_engine_get_store (fixture->engine),
                                                        NULL, 0, &error);
  guint interrupted = 0;
  guint recovered = 0;
  guint events = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < json_array_get_length (runs); i++)
    {
      JsonObject *run = json_array_get_object_element (runs, i);
      g_autoptr (JsonArray) list = NULL;

      if (g_str_equal (fc_test_member_string (run, "status"), "failed"))
        interrupted++;
      list = fc_sync_store_list_events (fc_engine_get_store (fixture->engine),
                                        fc_test_member_string (run, "id"), &error);
      g_assert_no_error (error);
      for (guint j = 0; j < json_array_get_length (list); j++)
        {
          JsonObject *event = json_array_get_object_element (list, j);

          events++;
          if (g_str_equal (fc_test_member_string (event, "kind"), "record.linked") &&
              strstr (fc_test_member_string (event, "message") ?: "", "earlier run") != NULL)
            recovered++;
        }
    }
  g_test_message ("%u runs, %u of them interrupted; %u record events; %u creates left "
                  "unconfirmed by a kill and linked by the next run", json_array_get_length (runs),
                  interrupted, events, recovered);
  g_assert_cmpuint (interrupted, >, 0);
}

/* The CLI's sync, 30 times killed with SIGKILL after a random delay while the providers answer
 * slowly, with edits between the kills; then a run to the end, and one that writes nothing. */
static void
test_kill (Fixture       *fixture,
           gconstpointer  user_data)
{
  guint kills = 30;
  guint finished = 0;
  guint writes;
  gint64 started = g_get_monotonic_time ();
  g_autoptr (GError) error = NULL;

  if (g_getenv ("FC_CLI") == NULL)
    {
      g_test_skip ("FC_CLI is not set");
      return;
    }

  seed_people (fixture, 36);   /* 36 + 9 records on each side; 9 on both */
  set_faults (fixture, "hubspot", "{\"latency_ms\":8}");
  set_faults (fixture, "pipedrive", "{\"latency_ms\":8}");

  for (guint i = 0; i < kills; i++)
    {
      g_autoptr (GSubprocess) process = spawn_sync (fixture);
      guint delay_ms = g_rand_int_range (fixture->rand, 0, 400);
      int status;

      g_usleep (delay_ms * 1000);
      g_subprocess_force_exit (process);
      status = wait_status (process);
      if (status >= 0)
        finished++;
      if (i % 3 == 2)
        edit_some (fixture, 2);
      if (i % 10 == 9)
        {
          g_autofree char *email = g_strdup_printf ("late%02u@example.com", i);

          add_person (fixture, email, i % 20 == 9 ? FC_SYNC_SIDE_SOURCE : FC_SYNC_SIDE_TARGET,
                      FALSE);
        }
    }
  g_test_message ("%u kills, %u runs finished before their kill", kills, finished);
  g_assert_cmpuint (finished, <, kills);

  fc_sim_clear_faults (fixture->sim, "hubspot");
  fc_sim_clear_faults (fixture->sim, "pipedrive");
  {
    g_autoptr (GSubprocess) process = spawn_sync (fixture);

    g_assert_cmpint (wait_status (process), ==, 0);
  }
  assert_converged (fixture);
  g_assert_cmpint (fc_sync_store_count_links (fc_engine_get_store (fixture->engine),
                                              fc_mapping_get_id (fixture->mapping), &error), ==,
                   fixture->people->len);
  g_assert_no_error (error);

  writes = fc_sim_count_writes (fixture->sim);
  {
    g_autoptr (GSubprocess) process = spawn_sync (fixture);

    g_assert_cmpint (wait_status (process), ==, 0);
  }
  g_assert_cmpuint (fc_sim_count_writes (fixture->sim), ==, writes);
  describe_kills (fixture);
  g_test_message ("took %.1f s", (g_get_monotonic_time () - started) / 1e6);
}

int
main (int    argc,
      char **argv)
{
  /* The packaged OAuth application is the simulator's (before any thread starts). */
  g_setenv ("FLUXCASCADE_PIPEDRIVE_CLIENT_ID", CLIENT_ID, TRUE);
  g_setenv ("FLUXCASCADE_PIPEDRIVE_CLIENT_SECRET", CLIENT_SECRET, TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, oauth) \
  g_test_add (path, Fixture, GINT_TO_POINTER (oauth), fixture_set_up, func, fixture_tear_down)

  ADD ("/fc/sync/faults/kill", test_kill, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (storms); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fc/sync/faults/storm/%s", storms[i].name);

      ADD (path, test_storm, FALSE);
    }
  ADD ("/fc/sync/faults/malformed-listing", test_malformed_listing, FALSE);
  ADD ("/fc/sync/faults/cut-listing", test_cut_listing, FALSE);
  ADD ("/fc/sync/faults/unconfirmed-update", test_unconfirmed_update, FALSE);
  ADD ("/fc/sync/faults/unconfirmed-create", test_unconfirmed_create, FALSE);
  ADD ("/fc/sync/faults/refused-update-no-base", test_refused_update_no_base, FALSE);
  ADD ("/fc/sync/faults/unlanded-conflict-winner", test_unlanded_conflict_winner, FALSE);
  ADD ("/fc/sync/faults/raw-error/request", test_raw_error_request, FALSE);
  ADD ("/fc/sync/faults/raw-error/record", test_raw_error_record, FALSE);
  ADD ("/fc/sync/faults/token-expiry/oauth", test_token_expiry_oauth, TRUE);
  ADD ("/fc/sync/faults/token-expiry/static", test_token_revoked_static, FALSE);

#undef ADD

  return g_test_run ();
}
