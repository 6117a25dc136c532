/* test-scheduler.c: scheduled runs, catch-up and real-time polling, with a test clock, through
 * the real engine and the provider simulator
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <libsoup/soup.h>

#include "fc-engine.h"
#include "fc-scheduler-private.h"
#include "fc-sim.h"
#include "fc-store-private.h"
#include "fc-test-people.h"
#include "fc-test-util.h"

#define HUBSPOT_TOKEN "pat-na1-scheduler-test-7c1d"
#define PIPEDRIVE_TOKEN "9b2e4c6a8d0f1e3a5c7b9d1f3e5a7c9b1d3f5e70"
#define MINUTE ((gint64) 60 * G_USEC_PER_SEC)

typedef struct {
  FcSim           *sim;
  SoupSession     *browser;
  char            *data_dir;
  FcEngine        *engine;
  FcScheduler     *scheduler;   /* the engine's */
  GNetworkMonitor *monitor;
  FcConnection    *hubspot;
  FcConnection    *pipedrive;
  FcConnection    *salesforce;
  FcMapping       *mapping;     /* the engine's */
  gint64           base_us;     /* the test clock at set-up */
  gint64           now_us;      /* the test clock */
  GPtrArray       *started;     /* trigger nicks of "run-started" */
  GPtrArray       *finished;    /* status nicks of "run-finished", "error" without a result */
  GPtrArray       *skipped;     /* reasons of "run-skipped" */
  GPtrArray       *sync_started;/* trigger nicks of the engine's "sync.started" events */
  guint            skip_events; /* the engine's "sync.skipped" events */
} Fixture;

/* ---- a network monitor whose signal the tests emit -------------------------------------- */

#define TEST_TYPE_MONITOR (test_monitor_get_type ())

G_DECLARE_FINAL_TYPE (TestMonitor, test_monitor, TEST, MONITOR, GObject)

struct _TestMonitor
{
  GObject parent_instance;
};

static gboolean
test_monitor_init_sync (GInitable     *initable,
                        GCancellable  *cancellable,
                        GError       **error)
{
  return TRUE;
}

static void
test_monitor_initable_iface_init (GInitableIface *iface)
{
  iface->init = test_monitor_init_sync;
}

static void
test_monitor_iface_init (GNetworkMonitorInterface *iface)
{
}

G_DEFINE_FINAL_TYPE_WITH_CODE (TestMonitor, test_monitor, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE,
                                                      test_monitor_initable_iface_init)
                               G_IMPLEMENT_INTERFACE (G_TYPE_NETWORK_MONITOR,
                                                      test_monitor_iface_init))

enum {
  MONITOR_PROP_0,
  MONITOR_PROP_AVAILABLE,
  MONITOR_PROP_METERED,
  MONITOR_PROP_CONNECTIVITY,
};

static void
test_monitor_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  switch (prop_id)
    {
    case MONITOR_PROP_AVAILABLE:
      g_value_set_boolean (value, TRUE);
      break;
    case MONITOR_PROP_METERED:
      g_value_set_boolean (value, FALSE);
      break;
    case MONITOR_PROP_CONNECTIVITY:
      g_value_set_enum (value, G_NETWORK_CONNECTIVITY_FULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
test_monitor_class_init (TestMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = test_monitor_get_property;
  g_object_class_override_property (object_class, MONITOR_PROP_AVAILABLE, "network-available");
  g_object_class_override_property (object_class, MONITOR_PROP_METERED, "network-metered");
  g_object_class_override_property (object_class, MONITOR_PROP_CONNECTIVITY, "connectivity");
}

static void
test_monitor_init (TestMonitor *self)
{
}

/* ---- set-up ----------------------------------------------------------------------------- */

static gint64
test_clock (gpointer user_data)
{
  return ((Fixture *) user_data)->now_us;
}

static void
on_run_started_cb (FcScheduler   *scheduler,
                   const char    *mapping_id,
                   FcSyncTrigger  trigger,
                   Fixture       *fixture)
{
  g_ptr_array_add (fixture->started, g_strdup (fc_enum_to_nick (FC_TYPE_SYNC_TRIGGER, trigger)));
}

static void
on_run_finished_cb (FcScheduler   *scheduler,
                    const char    *mapping_id,
                    FcSyncTrigger  trigger,
                    FcSyncResult  *result,
                    const GError  *error,
                    Fixture       *fixture)
{
  g_assert_true ((result == NULL) != (error == NULL));
  g_ptr_array_add (fixture->finished,
                   g_strdup (result != NULL
                             ? fc_enum_to_nick (FC_TYPE_SYNC_STATUS,
                                                fc_sync_result_get_status (result))
                             : "error"));
}

static void
on_run_skipped_cb (FcScheduler   *scheduler,
                   const char    *mapping_id,
                   FcSyncTrigger  trigger,
                   const char    *reason,
                   Fixture       *fixture)
{
  g_ptr_array_add (fixture->skipped, g_strdup (reason));
}

static void
on_event_cb (FcEngine   *engine,
             const char *type,
             JsonNode   *data,
             Fixture    *fixture)
{
  JsonObject *object = json_node_get_object (data);

  if (g_str_equal (type, "sync.started"))
    g_ptr_array_add (fixture->sync_started,
                     g_strdup (json_object_get_string_member (object, "trigger")));
  else if (g_str_equal (type, "sync.skipped"))
    {
      g_assert_cmpstr (json_object_get_string_member (object, "mappingId"), ==,
                       fc_mapping_get_id (fixture->mapping));
      g_assert_nonnull (json_object_get_string_member (object, "reason"));
      fixture->skip_events++;
    }
}

static FcConnection *
add_connection (Fixture    *fixture,
                FcProvider  provider,
                const char *name,
                const char *token)
{
  return fc_test_add_sim_connection (fixture->engine, fixture->sim, fixture->browser, provider,
                                     name, token, 2);
}

static FcMapping *
save_mapping (Fixture      *fixture,
              FcConnection *source,
              const char   *source_object,
              FcConnection *target,
              const char   *target_object,
              const char   *source_email,
              const char   *target_email,
              guint         minutes,
              gboolean      realtime)
{
  g_autoptr (FcMapping) mapping = fc_mapping_new ();
  g_autoptr (FcFieldPair) email = fc_field_pair_new_simple (source_email, target_email);
  g_autoptr (GError) error = NULL;

  fc_mapping_set_name (mapping, "Scheduled people");
  fc_mapping_set_source_connection_id (mapping, fc_connection_get_id (source));
  fc_mapping_set_source_object (mapping, source_object);
  fc_mapping_set_target_connection_id (mapping, fc_connection_get_id (target));
  fc_mapping_set_target_object (mapping, target_object);
  fc_mapping_set_schedule_minutes (mapping, minutes);
  fc_mapping_set_realtime (mapping, realtime);
  fc_field_pair_set_required (email, TRUE);
  fc_mapping_add_field_pair (mapping, email);
  /* Pipedrive persons need a name. */
  if (g_str_equal (target_object, "persons"))
    {
      const char * const first_last[] = { "firstname", "lastname", NULL };
      const char * const full_name[] = { "name", NULL };
      g_autoptr (FcFieldPair) name = fc_field_pair_new (first_last, full_name);

      fc_field_pair_set_transform (name, "concatenate");
      fc_mapping_add_field_pair (mapping, name);
    }

  g_assert_true (fc_engine_save_mapping (fixture->engine, mapping, &error));
  g_assert_no_error (error);
  return g_object_ref (fc_engine_lookup_mapping (fixture->engine, fc_mapping_get_id (mapping)));
}

static void
attach_scheduler (Fixture *fixture)
{
  fixture->scheduler = fc_engine_get_scheduler (fixture->engine);
  g_assert_true (fixture->scheduler == fc_engine_get_scheduler (fixture->engine));
  fc_scheduler_set_clock (fixture->scheduler, test_clock, fixture, NULL);
  _fc_scheduler_set_network_monitor (fixture->scheduler, fixture->monitor);
  /* The guard is tested with the sync runner; here nothing is held. */
  fc_scheduler_set_guard_max_update_percent (fixture->scheduler, 0);
  fc_scheduler_set_guard_max_creates (fixture->scheduler, 0);
  fc_scheduler_set_guard_hold_deletes (fixture->scheduler, FALSE);

  g_signal_connect (fixture->scheduler, "run-started", G_CALLBACK (on_run_started_cb), fixture);
  g_signal_connect (fixture->scheduler, "run-finished", G_CALLBACK (on_run_finished_cb),
                    fixture);
  g_signal_connect (fixture->scheduler, "run-skipped", G_CALLBACK (on_run_skipped_cb), fixture);
  g_signal_connect (fixture->engine, "event", G_CALLBACK (on_event_cb), fixture);
}

/* HubSpot contacts to Pipedrive persons every quarter hour; or, @realtime, Salesforce contacts
 * to HubSpot contacts in real time without a schedule. One HubSpot contact to sync. */
static void
set_up (Fixture  *fixture,
        gboolean  realtime)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;

  fixture->sim = fc_sim_new ();
  fc_sim_set_seed (fixture->sim, 31);
  g_assert_true (fc_sim_add_static_token (fixture->sim, "hubspot", HUBSPOT_TOKEN, &error));
  g_assert_true (fc_sim_add_static_token (fixture->sim, "pipedrive", PIPEDRIVE_TOKEN, &error));
  g_assert_true (fc_sim_start_in_thread (fixture->sim, 0, &error));
  g_assert_no_error (error);
  fc_test_use_sim_client (fixture->sim, "salesforce");

  fixture->data_dir = g_dir_make_tmp ("fc-scheduler-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->engine = fc_engine_new (fixture->data_dir, &error);
  g_assert_no_error (error);
  fixture->browser = soup_session_new ();
  fixture->monitor = g_object_new (test_monitor_get_type (), NULL);
  fixture->started = g_ptr_array_new_with_free_func (g_free);
  fixture->finished = g_ptr_array_new_with_free_func (g_free);
  fixture->skipped = g_ptr_array_new_with_free_func (g_free);
  fixture->sync_started = g_ptr_array_new_with_free_func (g_free);
  /* Whole milliseconds, as the store keeps them. */
  fixture->base_us = g_get_real_time () / 1000 * 1000;
  fixture->now_us = fixture->base_us;

  fixture->hubspot = add_connection (fixture, FC_PROVIDER_HUBSPOT, "hubspot", HUBSPOT_TOKEN);
  id = fc_sim_seed (fixture->sim, "hubspot", "contacts",
                    "{\"properties\":{\"email\":\"ada@example.com\",\"firstname\":\"Ada\","
                    "\"lastname\":\"Lovelace\"}}", &error);
  g_assert_no_error (error);

  if (realtime)
    {
      fixture->salesforce = add_connection (fixture, FC_PROVIDER_SALESFORCE, "salesforce", NULL);
      fixture->mapping = save_mapping (fixture, fixture->salesforce, "Contact", fixture->hubspot,
                                       "contacts", "Email", "email", 0, TRUE);
    }
  else
    {
      fixture->pipedrive = add_connection (fixture, FC_PROVIDER_PIPEDRIVE, "pipedrive",
                                           PIPEDRIVE_TOKEN);
      fixture->mapping = save_mapping (fixture, fixture->hubspot, "contacts", fixture->pipedrive,
                                       "persons", "email", "email", 15, FALSE);
    }

  attach_scheduler (fixture);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  set_up (fixture, FALSE);
}

static void
fixture_set_up_realtime (Fixture       *fixture,
                         gconstpointer  user_data)
{
  set_up (fixture, TRUE);
}

static void
drop_engine (Fixture *fixture)
{
  g_clear_object (&fixture->mapping);
  g_clear_object (&fixture->hubspot);
  g_clear_object (&fixture->pipedrive);
  g_clear_object (&fixture->salesforce);
  fixture->scheduler = NULL;
  g_assert_finalize_object (fixture->engine);
  fixture->engine = NULL;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  drop_engine (fixture);
  fc_sim_stop (fixture->sim);
  g_clear_object (&fixture->sim);
  g_clear_object (&fixture->browser);
  g_clear_object (&fixture->monitor);
  fc_test_remove_tree (fixture->data_dir);
  g_free (fixture->data_dir);
  g_ptr_array_unref (fixture->started);
  g_ptr_array_unref (fixture->finished);
  g_ptr_array_unref (fixture->skipped);
  g_ptr_array_unref (fixture->sync_started);
}

/* A new engine on the same folder, as after a restart; the clock stays where it is. */
static void
reopen_engine (Fixture *fixture)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *mapping_id = g_strdup (fc_mapping_get_id (fixture->mapping));
  g_autofree char *hubspot_id = g_strdup (fc_connection_get_id (fixture->hubspot));
  g_autofree char *pipedrive_id = g_strdup (fc_connection_get_id (fixture->pipedrive));

  drop_engine (fixture);
  fixture->engine = fc_engine_new (fixture->data_dir, &error);
  g_assert_no_error (error);
  fixture->mapping = g_object_ref (fc_engine_lookup_mapping (fixture->engine, mapping_id));
  fixture->hubspot = g_object_ref (fc_engine_lookup_connection (fixture->engine, hubspot_id));
  fixture->pipedrive = g_object_ref (fc_engine_lookup_connection (fixture->engine,
                                                                  pipedrive_id));
  attach_scheduler (fixture);
}

/* ---- helpers ---------------------------------------------------------------------------- */

static void
wait_until_idle (Fixture *fixture)
{
  while (fc_scheduler_get_busy (fixture->scheduler))
    g_main_context_iteration (NULL, TRUE);
}

static gint64
to_us (GDateTime *dt)
{
  return g_date_time_to_unix (dt) * G_USEC_PER_SEC + g_date_time_get_microsecond (dt);
}

static void
assert_next_run (Fixture *fixture,
                 gint64   expected_us)
{
  g_autoptr (GDateTime) next = fc_scheduler_dup_next_run (fixture->scheduler,
                                                          fc_mapping_get_id (fixture->mapping));

  g_assert_nonnull (next);
  g_assert_cmpint (to_us (next), ==, expected_us);
}

/* mappings.next_run_at as stored, -1 for NULL. */
static gint64
stored_next_run_ms (Fixture *fixture)
{
  FcStore *store = fc_engine_get_store (fixture->engine);
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GError) error = NULL;

  stmt = _fc_store_prepare (store, "SELECT next_run_at FROM mappings WHERE id = ?1", &error);
  g_assert_no_error (error);
  _fc_store_bind_text (stmt, 1, fc_mapping_get_id (fixture->mapping));
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  if (sqlite3_column_type (stmt, 0) == SQLITE_NULL)
    return -1;
  return sqlite3_column_int64 (stmt, 0);
}

static void
assert_strings (GPtrArray   *array,
                const char **expected)
{
  guint n = g_strv_length ((char **) expected);

  g_assert_cmpuint (array->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (g_ptr_array_index (array, i), ==, expected[i]);
}

static void
save_copy (Fixture   *fixture,
           FcMapping *copy)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (fc_engine_save_mapping (fixture->engine, copy, &error));
  g_assert_no_error (error);
  g_clear_object (&fixture->mapping);
  fixture->mapping = g_object_ref (fc_engine_lookup_mapping (fixture->engine,
                                                             fc_mapping_get_id (copy)));
}

/* ---- tests ------------------------------------------------------------------------------ */

static void
test_due (Fixture       *fixture,
          gconstpointer  user_data)
{
  const char *schedule[] = { "schedule", NULL };
  const char *completed[] = { "completed", NULL };

  g_assert_false (fc_scheduler_get_started (fixture->scheduler));
  fc_scheduler_start (fixture->scheduler);
  g_assert_true (fc_scheduler_get_started (fixture->scheduler));

  /* A new schedule starts from now: nothing is due at start. */
  g_assert_false (fc_scheduler_get_busy (fixture->scheduler));
  assert_next_run (fixture, fixture->base_us + 15 * MINUTE);
  g_assert_cmpint (stored_next_run_ms (fixture), ==, (fixture->base_us + 15 * MINUTE) / 1000);

  fixture->now_us += 15 * MINUTE - 1000;
  fc_scheduler_run_due (fixture->scheduler);
  g_assert_cmpuint (fixture->started->len, ==, 0);

  fixture->now_us += 1000;
  fc_scheduler_run_due (fixture->scheduler);
  g_assert_true (fc_scheduler_get_busy (fixture->scheduler));
  g_assert_true (fc_engine_is_syncing (fixture->engine, fc_mapping_get_id (fixture->mapping)));
  wait_until_idle (fixture);

  assert_strings (fixture->started, schedule);
  assert_strings (fixture->sync_started, schedule);
  assert_strings (fixture->finished, completed);
  g_assert_cmpuint (fc_sim_count_records (fixture->sim, "pipedrive", "persons", FALSE), ==, 1);
  assert_next_run (fixture, fixture->base_us + 30 * MINUTE);
  g_assert_cmpint (stored_next_run_ms (fixture), ==, (fixture->base_us + 30 * MINUTE) / 1000);

  fc_scheduler_stop (fixture->scheduler);
  g_assert_false (fc_scheduler_get_started (fixture->scheduler));
}

static void
test_persisted (Fixture       *fixture,
                gconstpointer  user_data)
{
  fc_scheduler_start (fixture->scheduler);
  fixture->now_us += 16 * MINUTE;
  fc_scheduler_run_due (fixture->scheduler);
  wait_until_idle (fixture);
  assert_next_run (fixture, fixture->base_us + 30 * MINUTE);

  /* A new engine on the same store knows the plan before its scheduler starts. */
  fixture->now_us += MINUTE;
  reopen_engine (fixture);
  assert_next_run (fixture, fixture->base_us + 30 * MINUTE);
  fc_scheduler_start (fixture->scheduler);
  g_assert_false (fc_scheduler_get_busy (fixture->scheduler));
  assert_next_run (fixture, fixture->base_us + 30 * MINUTE);
  g_assert_cmpuint (fixture->started->len, ==, 1);
}

static void
test_startup_catch_up (Fixture       *fixture,
                       gconstpointer  user_data)
{
  const char *startup[] = { "startup", NULL };

  fc_scheduler_start (fixture->scheduler);
  assert_next_run (fixture, fixture->base_us + 15 * MINUTE);

  /* Two hours with nothing running: eight runs missed, one made up, at start. */
  fixture->now_us += 120 * MINUTE;
  reopen_engine (fixture);
  fc_scheduler_start (fixture->scheduler);
  g_assert_true (fc_scheduler_get_busy (fixture->scheduler));
  wait_until_idle (fixture);

  assert_strings (fixture->started, startup);
  assert_strings (fixture->sync_started, startup);
  /* The plan keeps its cadence: the first quarter hour after now. */
  assert_next_run (fixture, fixture->base_us + 135 * MINUTE);

  fc_scheduler_run_due (fixture->scheduler);
  g_assert_cmpuint (fixture->started->len, ==, 1);
}

static void
test_no_overlap (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (FcSyncResult) manual = NULL;
  g_autoptr (GError) error = NULL;
  const char *schedule[] = { "schedule", NULL };
  const char *all[] = { "manual", "schedule", NULL };

  fc_scheduler_start (fixture->scheduler);

  /* A manual run in progress when the schedule comes due: skipped, the plan moves on. */
  fc_engine_sync_async (fixture->engine, fixture->mapping, NULL, NULL, NULL, NULL,
                        fc_test_on_ready_cb, &result);
  fixture->now_us += 15 * MINUTE;
  fc_scheduler_run_due (fixture->scheduler);
  g_assert_cmpuint (fixture->started->len, ==, 0);
  g_assert_cmpuint (fixture->skipped->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (fixture->skipped, 0), "in progress"));
  g_assert_cmpuint (fixture->skip_events, ==, 1);
  assert_next_run (fixture, fixture->base_us + 30 * MINUTE);
  manual = fc_engine_sync_finish (fixture->engine, fc_test_wait_for (&result), &error);
  g_assert_no_error (error);

  /* The scheduler's own run still going (the main loop has not run it) when the next one is
   * due: no second run. */
  fixture->now_us += 15 * MINUTE;
  fc_scheduler_run_due (fixture->scheduler);
  g_assert_cmpuint (fixture->started->len, ==, 1);
  fixture->now_us += 15 * MINUTE;
  fc_scheduler_run_due (fixture->scheduler);
  fc_scheduler_catch_up (fixture->scheduler, FC_SYNC_TRIGGER_SCHEDULE);
  g_assert_cmpuint (fixture->started->len, ==, 1);
  g_assert_cmpuint (fixture->skipped->len, ==, 2);
  wait_until_idle (fixture);

  assert_strings (fixture->started, schedule);
  assert_strings (fixture->sync_started, all);
  assert_next_run (fixture, fixture->base_us + 60 * MINUTE);
}

typedef enum {
  SKIP_PAUSED,
  SKIP_EXPIRED,
  SKIP_ERROR,
} SkipCase;

typedef struct {
  SkipCase    skip;
  const char *reason;  /* a part of the reason given */
} SkipData;

static const SkipData skip_cases[] = {
  { SKIP_PAUSED, "paused" },
  { SKIP_EXPIRED, "expired" },
  { SKIP_ERROR, "in error" },
};

/* A due mapping that cannot run is skipped with the reason, and its plan moves on. */
static void
test_skipped (Fixture       *fixture,
              gconstpointer  user_data)
{
  const SkipData *data = user_data;
  g_autoptr (GError) error = NULL;

  fc_scheduler_start (fixture->scheduler);

  if (data->skip == SKIP_PAUSED)
    {
      g_autoptr (FcMapping) copy = fc_mapping_copy (fixture->mapping);

      fc_mapping_set_active (copy, FALSE);
      save_copy (fixture, copy);
    }
  else
    {
      fc_connection_set_status (fixture->pipedrive, data->skip == SKIP_EXPIRED
                                                    ? FC_CONNECTION_STATUS_EXPIRED
                                                    : FC_CONNECTION_STATUS_ERROR);
      g_assert_true (fc_engine_save_connection (fixture->engine, fixture->pipedrive, &error));
      g_assert_no_error (error);
    }
  /* Pausing is not a change of schedule. */
  assert_next_run (fixture, fixture->base_us + 15 * MINUTE);

  fixture->now_us += 15 * MINUTE;
  fc_scheduler_run_due (fixture->scheduler);
  g_assert_false (fc_scheduler_get_busy (fixture->scheduler));
  g_assert_cmpuint (fixture->started->len, ==, 0);
  g_assert_cmpuint (fixture->sync_started->len, ==, 0);
  g_assert_cmpuint (fixture->skipped->len, ==, 1);
  g_assert_cmpuint (fixture->skip_events, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (fixture->skipped, 0), data->reason));
  assert_next_run (fixture, fixture->base_us + 30 * MINUTE);

  /* Not a failure: nothing to catch up when the network returns. */
  g_signal_emit_by_name (fixture->monitor, "network-changed", FALSE);
  g_signal_emit_by_name (fixture->monitor, "network-changed", TRUE);
  g_assert_cmpuint (fixture->skipped->len, ==, 1);
}

static void
test_network (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  const char *started[] = { "schedule", "schedule", "schedule", NULL };
  const char *finished[] = { "error", "completed", "completed", NULL };

  fc_scheduler_start (fixture->scheduler);

  /* The scheduled run fails: every HubSpot answer is an error. */
  g_assert_true (fc_sim_set_faults (fixture->sim, "hubspot",
                                    "{\"error_rate\":1.0,\"error_statuses\":[503]}", &error));
  g_assert_no_error (error);
  fixture->now_us += 15 * MINUTE;
  fc_scheduler_run_due (fixture->scheduler);
  wait_until_idle (fixture);
  g_assert_cmpuint (fixture->finished->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fixture->finished, 0), ==, "error");
  fc_sim_clear_faults (fixture->sim, "hubspot");

  /* The network going is nothing to act on; its return catches the failed run up. */
  g_signal_emit_by_name (fixture->monitor, "network-changed", FALSE);
  g_assert_false (fc_scheduler_get_busy (fixture->scheduler));
  g_signal_emit_by_name (fixture->monitor, "network-changed", TRUE);
  g_assert_true (fc_scheduler_get_busy (fixture->scheduler));
  wait_until_idle (fixture);
  g_assert_cmpuint (fixture->started->len, ==, 2);
  assert_next_run (fixture, fixture->now_us + 15 * MINUTE);

  /* A run whose time passed while the timer could not fire is caught up too; a second
   * "available" without a loss in between changes nothing. */
  fixture->now_us += 16 * MINUTE;
  g_signal_emit_by_name (fixture->monitor, "network-changed", FALSE);
  g_signal_emit_by_name (fixture->monitor, "network-changed", TRUE);
  g_signal_emit_by_name (fixture->monitor, "network-changed", TRUE);
  wait_until_idle (fixture);

  assert_strings (fixture->started, started);
  assert_strings (fixture->finished, finished);
}

/* After a suspend the timer is late: the wake-up catches up at once. */
static void
test_resume (Fixture       *fixture,
             gconstpointer  user_data)
{
  const char *schedule[] = { "schedule", NULL };

  fc_scheduler_start (fixture->scheduler);
  _fc_scheduler_resumed (fixture->scheduler);
  g_assert_false (fc_scheduler_get_busy (fixture->scheduler));

  fixture->now_us += 3 * 60 * MINUTE;
  _fc_scheduler_resumed (fixture->scheduler);
  g_assert_true (fc_scheduler_get_busy (fixture->scheduler));
  wait_until_idle (fixture);

  assert_strings (fixture->started, schedule);
  assert_next_run (fixture, fixture->base_us + 195 * MINUTE);

  /* A stopped scheduler does not react. */
  fc_scheduler_stop (fixture->scheduler);
  fixture->now_us += 3 * 60 * MINUTE;
  _fc_scheduler_resumed (fixture->scheduler);
  g_signal_emit_by_name (fixture->monitor, "network-changed", FALSE);
  g_signal_emit_by_name (fixture->monitor, "network-changed", TRUE);
  fc_scheduler_run_due (fixture->scheduler);
  g_assert_false (fc_scheduler_get_busy (fixture->scheduler));
  g_assert_cmpuint (fixture->started->len, ==, 1);
}

/* A removed mapping leaves the plan. */
static void
test_removed (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autofree char *id = g_strdup (fc_mapping_get_id (fixture->mapping));
  g_autoptr (GError) error = NULL;

  fc_scheduler_start (fixture->scheduler);
  g_assert_true (fc_engine_remove_mapping (fixture->engine, id, &error));
  g_assert_no_error (error);
  g_assert_null (fc_scheduler_dup_next_run (fixture->scheduler, id));

  fixture->now_us += 60 * MINUTE;
  fc_scheduler_run_due (fixture->scheduler);
  fc_scheduler_catch_up (fixture->scheduler, FC_SYNC_TRIGGER_SCHEDULE);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_false (fc_scheduler_get_busy (fixture->scheduler));
  g_assert_cmpuint (fixture->started->len, ==, 0);
  g_assert_cmpuint (fixture->skipped->len, ==, 0);
}

static void
test_reschedule (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr (FcMapping) hourly = NULL;
  g_autoptr (FcMapping) same = NULL;
  g_autoptr (FcMapping) off = NULL;

  fc_scheduler_start (fixture->scheduler);
  assert_next_run (fixture, fixture->base_us + 15 * MINUTE);

  /* A new interval starts from the time it is set. */
  fixture->now_us += 5 * MINUTE;
  hourly = fc_mapping_copy (fixture->mapping);
  fc_mapping_set_schedule_minutes (hourly, FC_SCHEDULER_MINUTES_HOURLY);
  save_copy (fixture, hourly);
  assert_next_run (fixture, fixture->base_us + 65 * MINUTE);
  g_assert_cmpint (stored_next_run_ms (fixture), ==, (fixture->base_us + 65 * MINUTE) / 1000);

  fixture->now_us += 15 * MINUTE;
  fc_scheduler_run_due (fixture->scheduler);
  g_assert_cmpuint (fixture->started->len, ==, 0);

  /* Saving without a change of interval keeps the plan. */
  same = fc_mapping_copy (fixture->mapping);
  save_copy (fixture, same);
  assert_next_run (fixture, fixture->base_us + 65 * MINUTE);

  off = fc_mapping_copy (fixture->mapping);
  fc_mapping_set_schedule_minutes (off, 0);
  save_copy (fixture, off);
  g_assert_null (fc_scheduler_dup_next_run (fixture->scheduler,
                                            fc_mapping_get_id (fixture->mapping)));
  g_assert_cmpint (stored_next_run_ms (fixture), ==, -1);

  fixture->now_us += 24 * 60 * MINUTE;
  fc_scheduler_run_due (fixture->scheduler);
  fc_scheduler_catch_up (fixture->scheduler, FC_SYNC_TRIGGER_SCHEDULE);
  g_assert_cmpuint (fixture->started->len, ==, 0);
  g_assert_cmpuint (fixture->skipped->len, ==, 0);
}

static void
test_realtime_poll (Fixture       *fixture,
                    gconstpointer  user_data)
{
  const char *mapping_id = fc_mapping_get_id (fixture->mapping);
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) next_poll = NULL;
  g_autoptr (FcMapping) plain = NULL;
  FcConnector *connector;
  guint interval;
  const char *webhook[] = { "webhook", "webhook", NULL };
  const char *completed[] = { "completed", "completed", NULL };

  connector = fc_engine_get_connector (fixture->engine, fixture->salesforce, &error);
  g_assert_no_error (error);
  interval = fc_connector_get_realtime_poll_interval (connector);
  g_assert_false (fc_connector_get_receives_webhooks (connector));
  g_assert_cmpuint (interval, ==, 60);
  g_assert_cmpuint (fc_scheduler_get_poll_interval (fixture->scheduler, mapping_id), ==,
                    interval);
  /* Real time without a schedule: nothing to persist. */
  g_assert_null (fc_scheduler_dup_next_run (fixture->scheduler, mapping_id));

  fc_scheduler_start (fixture->scheduler);
  next_poll = fc_scheduler_dup_next_poll (fixture->scheduler, mapping_id);
  g_assert_nonnull (next_poll);
  g_assert_cmpint (to_us (next_poll), ==, fixture->base_us + interval * G_USEC_PER_SEC);

  fixture->now_us += (interval - 1) * G_USEC_PER_SEC;
  fc_scheduler_run_due (fixture->scheduler);
  g_assert_cmpuint (fixture->started->len, ==, 0);

  fixture->now_us += G_USEC_PER_SEC;
  fc_scheduler_run_due (fixture->scheduler);
  wait_until_idle (fixture);
  fixture->now_us += interval * G_USEC_PER_SEC;
  fc_scheduler_run_due (fixture->scheduler);
  wait_until_idle (fixture);

  assert_strings (fixture->started, webhook);
  assert_strings (fixture->sync_started, webhook);
  assert_strings (fixture->finished, completed);

  /* Real time off: no polling. */
  plain = fc_mapping_copy (fixture->mapping);
  fc_mapping_set_realtime (plain, FALSE);
  save_copy (fixture, plain);
  g_assert_cmpuint (fc_scheduler_get_poll_interval (fixture->scheduler, mapping_id), ==, 0);
  g_assert_null (fc_scheduler_dup_next_poll (fixture->scheduler, mapping_id));
  fixture->now_us += 10 * interval * G_USEC_PER_SEC;
  fc_scheduler_run_due (fixture->scheduler);
  g_assert_cmpuint (fixture->started->len, ==, 2);
}

/* ---- without the simulator -------------------------------------------------------------- */

typedef struct {
  gboolean realtime;
  guint    preference;
  guint    expected;
} Suggestion;

static const Suggestion suggestions[] = {
  { TRUE, 15, FC_SCHEDULER_MINUTES_HOURLY },
  { TRUE, 0, FC_SCHEDULER_MINUTES_HOURLY },
  { FALSE, 15, 15 },
  { FALSE, 0, 0 },
};

static void
test_suggest (gconstpointer user_data)
{
  const Suggestion *s = user_data;

  g_assert_cmpuint (fc_scheduler_suggest_minutes (s->realtime, s->preference), ==, s->expected);
}

static void
test_minutes (void)
{
  const int *minutes = fc_scheduler_list_minutes ();
  const int expected[] = { 0, 5, 15, 30, 60, 1440, -1 };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpint (minutes[i], ==, expected[i]);
}

static void
test_options (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("fc-scheduler-XXXXXX", &error);
  g_autoptr (FcEngine) engine = NULL;
  FcScheduler *scheduler;
  FcSyncOptions options;

  g_assert_no_error (error);
  engine = fc_engine_new (dir, &error);
  g_assert_no_error (error);
  scheduler = fc_engine_get_scheduler (engine);

  /* Guarded by default, like the preferences. */
  fc_scheduler_fill_options (scheduler, FC_SYNC_TRIGGER_STARTUP, &options);
  g_assert_cmpint (options.trigger, ==, FC_SYNC_TRIGGER_STARTUP);
  g_assert_cmpuint (options.max_update_percent, ==, 50);
  g_assert_cmpuint (options.max_creates, ==, 500);
  g_assert_true (options.hold_deletes);
  g_assert_false (options.dry_run);
  g_assert_false (options.approved);
  g_assert_null (options.targets);

  g_object_set (scheduler, "guard-max-update-percent", 20, "guard-max-creates", 7,
                "guard-hold-deletes", FALSE, NULL);
  fc_scheduler_fill_options (scheduler, FC_SYNC_TRIGGER_SCHEDULE, &options);
  g_assert_cmpint (options.trigger, ==, FC_SYNC_TRIGGER_SCHEDULE);
  g_assert_cmpuint (options.max_update_percent, ==, 20);
  g_assert_cmpuint (options.max_creates, ==, 7);
  g_assert_false (options.hold_deletes);

  g_object_add_weak_pointer (G_OBJECT (scheduler), (gpointer *) &scheduler);
  g_assert_finalize_object (g_steal_pointer (&engine));
  g_assert_null (scheduler);
  fc_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, set_up, func) \
  g_test_add (path, Fixture, NULL, set_up, func, fixture_tear_down)

  ADD ("/fc/scheduler/due", fixture_set_up, test_due);
  ADD ("/fc/scheduler/persisted", fixture_set_up, test_persisted);
  ADD ("/fc/scheduler/startup-catch-up", fixture_set_up, test_startup_catch_up);
  ADD ("/fc/scheduler/no-overlap", fixture_set_up, test_no_overlap);
  ADD ("/fc/scheduler/network", fixture_set_up, test_network);
  ADD ("/fc/scheduler/reschedule", fixture_set_up, test_reschedule);
  ADD ("/fc/scheduler/resume", fixture_set_up, test_resume);
  ADD ("/fc/scheduler/removed", fixture_set_up, test_removed);
  ADD ("/fc/scheduler/realtime-poll", fixture_set_up_realtime, test_realtime_poll);
#undef ADD

  for (guint i = 0; i < G_N_ELEMENTS (skip_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fc/scheduler/skip/%s", skip_cases[i].reason);

      g_strdelimit (path, " ", '-');
      g_test_add (path, Fixture, &skip_cases[i], fixture_set_up, test_skipped,
                  fixture_tear_down);
    }

  for (guint i = 0; i < G_N_ELEMENTS (suggestions); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fc/scheduler/suggest/%u", i);
      g_test_add_data_func (path, &suggestions[i], test_suggest);
    }
  g_test_add_func ("/fc/scheduler/minutes", test_minutes);
  g_test_add_func ("/fc/scheduler/options", test_options);

  return g_test_run ();
}
