/* test-scheduler.c: scheduled runs, catch-up and real-time polling, with a test clock, through
 * the real engine and the provider simulator
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>
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
  /* A test may have dropped it already. */
  if (fixture->engine == NULL)
    return;
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

/* ---- one process per data folder runs the schedules ------------------------------------- */

/* A second engine on the fixture's data folder, as another process would open it. */
typedef struct {
  FcEngine    *engine;
  FcScheduler *scheduler;
  GPtrArray   *started;          /* trigger nicks of "run-started" */
  guint        standby_notifies; /* of "standby-reason" */
} Other;

static void
on_other_run_started_cb (FcScheduler   *scheduler,
                         const char    *mapping_id,
                         FcSyncTrigger  trigger,
                         Other         *other)
{
  g_ptr_array_add (other->started, g_strdup (fc_enum_to_nick (FC_TYPE_SYNC_TRIGGER, trigger)));
}

static void
on_other_standby_cb (FcScheduler *scheduler,
                     GParamSpec  *pspec,
                     Other       *other)
{
  other->standby_notifies++;
}

static void
open_other (Fixture *fixture,
            Other   *other)
{
  g_autoptr (GError) error = NULL;

  other->engine = fc_engine_new (fixture->data_dir, &error);
  g_assert_no_error (error);
  other->scheduler = fc_engine_get_scheduler (other->engine);
  other->started = g_ptr_array_new_with_free_func (g_free);
  other->standby_notifies = 0;
  fc_scheduler_set_clock (other->scheduler, test_clock, fixture, NULL);
  _fc_scheduler_set_network_monitor (other->scheduler, fixture->monitor);
  fc_scheduler_set_guard_max_update_percent (other->scheduler, 0);
  fc_scheduler_set_guard_max_creates (other->scheduler, 0);
  fc_scheduler_set_guard_hold_deletes (other->scheduler, FALSE);
  fc_scheduler_set_process_name (other->scheduler, "test-scheduler second");
  g_object_set (other->scheduler, "lock-retry-interval", 100, NULL);
  g_assert_cmpuint (fc_scheduler_get_lock_retry_interval (other->scheduler), ==, 100);
  g_signal_connect (other->scheduler, "run-started", G_CALLBACK (on_other_run_started_cb),
                    other);
  g_signal_connect (other->scheduler, "notify::standby-reason",
                    G_CALLBACK (on_other_standby_cb), other);
}

static void
close_other (Other *other)
{
  g_signal_handlers_disconnect_by_data (other->scheduler, other);
  other->scheduler = NULL;
  g_assert_finalize_object (g_steal_pointer (&other->engine));
  g_ptr_array_unref (other->started);
}

static void
wait_until_idle_for (FcScheduler *scheduler)
{
  while (fc_scheduler_get_busy (scheduler))
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
on_give_up_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Waits until @scheduler runs the schedules; returns how long that took, in milliseconds. */
static gint64
wait_until_running (FcScheduler *scheduler)
{
  gint64 start = g_get_monotonic_time ();
  gboolean gave_up = FALSE;
  guint give_up_id = g_timeout_add_seconds (30 * fc_test_timeout_multiplier (), on_give_up_cb,
                                            &gave_up);

  while (fc_scheduler_get_standby_reason (scheduler) != NULL && !gave_up)
    g_main_context_iteration (NULL, TRUE);
  if (gave_up)
    g_error ("The scheduler never took the lock over: %s",
             fc_scheduler_get_standby_reason (scheduler));
  g_source_remove (give_up_id);
  return (g_get_monotonic_time () - start) / 1000;
}

static char *
dup_lock_path (Fixture *fixture)
{
  return g_build_filename (fixture->data_dir, FC_SCHEDULER_LOCK_FILE_NAME, NULL);
}

/* The descriptor of this process open on @path, or -1. */
static int
find_open_fd (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  const char *name;
  int found = -1;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL && found < 0)
    {
      g_autofree char *link = g_build_filename ("/proc/self/fd", name, NULL);
      g_autofree char *target = g_file_read_link (link, NULL);

      if (g_strcmp0 (target, path) == 0)
        found = atoi (name);
    }
  return found;
}

static char *
read_lock_file (Fixture *fixture)
{
  g_autofree char *path = dup_lock_path (fixture);
  g_autoptr (GError) error = NULL;
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  return contents;
}

/* Two engines on one data folder (as the app and serve): only the scheduler holding the lock
 * runs the due mapping; the other stands by saying why, still syncs on demand, and takes over
 * with the plan the first left once the first is gone. */
static void
test_lock_one_runs (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autofree char *path = dup_lock_path (fixture);
  g_autofree char *holder = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *mapping_id = g_strdup (fc_mapping_get_id (fixture->mapping));
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (FcSyncResult) manual = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) next = NULL;
  const char *schedule[] = { "schedule", NULL };
  GStatBuf st;
  Other other;
  int fd;

  fc_scheduler_set_process_name (fixture->scheduler, "test-scheduler first");
  fc_scheduler_start (fixture->scheduler);
  g_assert_null (fc_scheduler_get_standby_reason (fixture->scheduler));

  /* The lock file names the holder, is the user's alone, and is not inherited by programs
   * this process starts. */
  holder = read_lock_file (fixture);
  expected = g_strdup_printf ("%d\ntest-scheduler first\n", (int) getpid ());
  g_assert_cmpstr (holder, ==, expected);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  fd = find_open_fd (path);
  g_assert_cmpint (fd, >=, 0);
  g_assert_true (fcntl (fd, F_GETFD) & FD_CLOEXEC);

  /* flock () locks belong to the open file: a second open () in this process conflicts. */
  open_other (fixture, &other);
  fc_scheduler_start (other.scheduler);
  g_assert_true (fc_scheduler_get_started (other.scheduler));
  g_free (expected);
  expected = g_strdup_printf ("Schedules run in another FluxCascade process "
                              "(test-scheduler first, process %d)", (int) getpid ());
  g_assert_cmpstr (fc_scheduler_get_standby_reason (other.scheduler), ==, expected);
  g_object_get (other.scheduler, "standby-reason", &reason, NULL);
  g_assert_cmpstr (reason, ==, expected);
  g_assert_cmpuint (other.standby_notifies, ==, 1);
  /* Only the holder keeps the file open. */
  g_assert_cmpint (find_open_fd (path), ==, fd);

  /* Due: the holder runs it, the other does not, whatever wakes it. */
  fixture->now_us += 15 * MINUTE;
  fc_scheduler_run_due (other.scheduler);
  fc_scheduler_catch_up (other.scheduler, FC_SYNC_TRIGGER_SCHEDULE);
  _fc_scheduler_resumed (other.scheduler);
  g_assert_false (fc_scheduler_get_busy (other.scheduler));
  fc_scheduler_run_due (fixture->scheduler);
  g_signal_emit_by_name (fixture->monitor, "network-changed", FALSE);
  g_signal_emit_by_name (fixture->monitor, "network-changed", TRUE);
  wait_until_idle (fixture);
  assert_strings (fixture->started, schedule);
  assert_strings (fixture->sync_started, schedule);
  g_assert_cmpuint (other.started->len, ==, 0);
  g_assert_cmpuint (fc_sim_count_records (fixture->sim, "pipedrive", "persons", FALSE), ==, 1);
  g_assert_cmpstr (fc_scheduler_get_standby_reason (other.scheduler), ==, expected);
  g_assert_cmpuint (other.standby_notifies, ==, 1);

  /* Sync now does not need the lock. */
  fc_engine_sync_async (other.engine, fc_engine_lookup_mapping (other.engine, mapping_id), NULL,
                        NULL, NULL, NULL, fc_test_on_ready_cb, &result);
  manual = fc_engine_sync_finish (other.engine, fc_test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (fc_sync_result_get_status (manual), ==, FC_SYNC_STATUS_COMPLETED);
  g_clear_object (&result);

  /* The holder goes: its descriptor is closed, and the other takes over within its retry
   * period. Nothing is due by the plan the holder left (a stale one would run now). */
  fixture->now_us = fixture->base_us + 20 * MINUTE;
  drop_engine (fixture);
  g_assert_cmpint (find_open_fd (path), ==, -1);
  g_assert_cmpint (wait_until_running (other.scheduler), <, 10 * 1000);
  g_assert_cmpuint (other.standby_notifies, ==, 2);
  g_free (holder);
  holder = read_lock_file (fixture);
  g_assert_true (g_str_has_suffix (holder, "\ntest-scheduler second\n"));
  g_assert_false (fc_scheduler_get_busy (other.scheduler));
  g_assert_cmpuint (other.started->len, ==, 0);
  next = fc_scheduler_dup_next_run (other.scheduler, mapping_id);
  g_assert_nonnull (next);
  g_assert_cmpint (to_us (next), ==, fixture->base_us + 30 * MINUTE);

  /* And runs the next due run, once. */
  fixture->now_us = fixture->base_us + 30 * MINUTE;
  fc_scheduler_run_due (other.scheduler);
  wait_until_idle_for (other.scheduler);
  assert_strings (other.started, schedule);

  close_other (&other);
  g_assert_cmpint (find_open_fd (path), ==, -1);
}

/* Stopping lets the lock go; started again, the first stands by behind the second. */
static void
test_lock_stopped (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autofree char *path = dup_lock_path (fixture);
  g_autofree char *expected = NULL;
  Other other;

  fc_scheduler_start (fixture->scheduler);
  open_other (fixture, &other);
  fc_scheduler_start (other.scheduler);
  g_assert_nonnull (fc_scheduler_get_standby_reason (other.scheduler));

  /* Stopped during a run: the lock goes once that run has ended, not before. */
  fixture->now_us += 15 * MINUTE;
  fc_scheduler_run_due (fixture->scheduler);
  g_assert_true (fc_scheduler_get_busy (fixture->scheduler));
  fc_scheduler_stop (fixture->scheduler);
  g_assert_null (fc_scheduler_get_standby_reason (fixture->scheduler));
  g_assert_cmpint (find_open_fd (path), >=, 0);
  wait_until_idle (fixture);
  g_assert_cmpint (find_open_fd (path), ==, -1);
  wait_until_running (other.scheduler);
  g_assert_cmpuint (other.started->len, ==, 0);

  fc_scheduler_start (fixture->scheduler);
  expected = g_strdup_printf ("Schedules run in another FluxCascade process "
                              "(test-scheduler second, process %d)", (int) getpid ());
  g_assert_cmpstr (fc_scheduler_get_standby_reason (fixture->scheduler), ==, expected);

  /* A scheduler in standby that stops has no reason to give any more. */
  fc_scheduler_stop (fixture->scheduler);
  g_assert_null (fc_scheduler_get_standby_reason (fixture->scheduler));
  g_assert_null (fc_scheduler_get_standby_reason (other.scheduler));

  /* Missed while nothing could run: the other catches it up as at start. */
  fixture->now_us += 16 * MINUTE;
  fc_scheduler_stop (other.scheduler);
  fc_scheduler_start (other.scheduler);
  g_assert_null (fc_scheduler_get_standby_reason (other.scheduler));
  wait_until_idle_for (other.scheduler);
  g_assert_cmpuint (other.started->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (other.started, 0), ==, "startup");
  close_other (&other);
}

static gboolean
child_holds_lock (Fixture     *fixture,
                  const char  *pid)
{
  g_autofree char *path = dup_lock_path (fixture);
  g_autofree char *contents = NULL;
  g_autofree char *prefix = g_strconcat (pid, "\n", NULL);

  return g_file_get_contents (path, &contents, NULL, NULL) &&
         g_str_has_prefix (contents, prefix);
}

/* fluxcascade-cli serve holds the lock; killed with SIGKILL, it cannot let it go itself, and
 * the kernel does: the scheduler here takes over. */
static void
test_lock_killed (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr (GSubprocess) serve = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *expected = NULL;
  const char *pid;
  gboolean gave_up = FALSE;
  guint give_up_id;
  const char *startup[] = { "startup", NULL };

  if (g_getenv ("FC_CLI") == NULL)
    {
      g_test_skip ("FC_CLI names no fluxcascade-cli: run the test with meson test");
      return;
    }

  serve = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, g_getenv ("FC_CLI"),
                            "--data-dir", fixture->data_dir, "serve", "--no-listener", NULL);
  g_assert_no_error (error);
  pid = g_subprocess_get_identifier (serve);

  /* Serve plans the schedule just after it takes the lock; killed in between, it would leave
   * no plan, and the schedule would start afresh here with nothing due. */
  give_up_id = g_timeout_add_seconds (60 * fc_test_timeout_multiplier (), on_give_up_cb, &gave_up);
  while ((!child_holds_lock (fixture, pid) || stored_next_run_ms (fixture) < 0) && !gave_up)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (20 * 1000);
    }
  g_assert_false (gave_up);
  g_source_remove (give_up_id);

  fc_scheduler_set_lock_retry_interval (fixture->scheduler, 100);
  fc_scheduler_start (fixture->scheduler);
  expected = g_strdup_printf ("Schedules run in another FluxCascade process "
                              "(fluxcascade-cli serve, process %s)", pid);
  g_assert_cmpstr (fc_scheduler_get_standby_reason (fixture->scheduler), ==, expected);

  /* Due meanwhile, by this test's clock (serve keeps the real one). */
  fixture->now_us += 16 * MINUTE;
  fc_scheduler_run_due (fixture->scheduler);
  g_assert_false (fc_scheduler_get_busy (fixture->scheduler));

  g_subprocess_force_exit (serve);
  g_subprocess_wait_async (serve, NULL, fc_test_on_ready_cb, &result);
  g_assert_true (g_subprocess_wait_finish (serve, fc_test_wait_for (&result), &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (serve));
  g_assert_cmpint (g_subprocess_get_term_sig (serve), ==, SIGKILL);

  wait_until_running (fixture->scheduler);
  wait_until_idle (fixture);
  assert_strings (fixture->started, startup);
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
  ADD ("/fc/scheduler/lock/one-runs", fixture_set_up, test_lock_one_runs);
  ADD ("/fc/scheduler/lock/stopped", fixture_set_up, test_lock_stopped);
  ADD ("/fc/scheduler/lock/killed", fixture_set_up, test_lock_killed);
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
