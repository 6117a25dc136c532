/* test-run-log.c: the sync log as the app reads it, page by page
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sys/stat.h>

#include "fc-run-log.h"
#include "fc-store-private.h"
#include "fc-sync-store.h"
#include "fc-test-util.h"

typedef struct
{
  char         *dir;
  FcStore      *store;
  FcConnection *hubspot;
  FcConnection *jobber;
  FcMapping    *customers;
  FcMapping    *jobs;
} Fixture;

static FcMapping *
add_mapping (Fixture    *fixture,
             const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (FcFieldPair) email = fc_field_pair_new_simple ("email", "email");
  FcMapping *mapping = fc_mapping_new ();

  fc_mapping_set_name (mapping, name);
  fc_mapping_set_source_connection_id (mapping, fc_connection_get_id (fixture->hubspot));
  fc_mapping_set_source_object (mapping, "contacts");
  fc_mapping_set_target_connection_id (mapping, fc_connection_get_id (fixture->jobber));
  fc_mapping_set_target_object (mapping, "clients");
  fc_mapping_add_field_pair (mapping, email);
  fc_store_save_mapping (fixture->store, mapping, &error);
  g_assert_no_error (error);
  return mapping;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("fc-test-run-log-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, FC_STORE_FILE_NAME, NULL);
  fixture->store = fc_store_open (path, &error);
  g_assert_no_error (error);

  fixture->hubspot = fc_test_save_connection (fixture->store, FC_PROVIDER_HUBSPOT,
                                               "Acme CRM", "Acme CRM");
  fixture->jobber = fc_test_save_connection (fixture->store, FC_PROVIDER_JOBBER,
                                              "Acme Field", "Acme Field");
  fixture->customers = add_mapping (fixture, "Customers");
  fixture->jobs = add_mapping (fixture, "Jobs, quotes & more");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_object (&fixture->customers);
  g_clear_object (&fixture->jobs);
  g_clear_object (&fixture->hubspot);
  g_clear_object (&fixture->jobber);
  g_assert_finalize_object (fixture->store);
  fc_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static void
exec_sql (Fixture    *fixture,
          const char *sql)
{
  g_autoptr (GError) error = NULL;

  _fc_store_exec (fixture->store, sql, &error);
  g_assert_no_error (error);
}

/* Run @index of mapping @mapping: id "run-NNNNN", started at @index seconds. */
static void
add_run (Fixture      *fixture,
         FcMapping    *mapping,
         guint         index,
         FcSyncStatus  status,
         guint         fetched,
         const char   *error_text)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *id = g_strdup_printf ("run-%05u", index);
  g_autofree char *sql = NULL;
  FcSyncCounts counts = { .fetched = fetched, .created = fetched / 2, .failed = index % 3 };

  fc_sync_store_insert_run (fixture->store, id, fc_mapping_get_id (mapping),
                            FC_SYNC_TRIGGER_SCHEDULE, FALSE, &error);
  g_assert_no_error (error);
  fc_sync_store_update_run (fixture->store, id, status, &counts, TRUE, error_text, &error);
  g_assert_no_error (error);
  sql = g_strdup_printf ("UPDATE runs SET started_at = %u000, finished_at = %u000 + %u "
                         "WHERE id = '%s'", index, index, index * 7 % 1000, id);
  exec_sql (fixture, sql);
}

static void
add_event (Fixture    *fixture,
           const char *run_id,
           const char *kind,
           int         side,
           const char *source_id,
           const char *target_id,
           const char *message,
           const char *details_json)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) details = NULL;

  if (details_json != NULL)
    {
      details = json_from_string (details_json, &error);
      g_assert_no_error (error);
    }
  fc_sync_store_add_event (fixture->store, run_id, kind, side, source_id, target_id, message,
                           details != NULL ? json_node_get_object (details) : NULL, &error);
  g_assert_no_error (error);
}

static void
reload (FcRunList *list)
{
  g_autoptr (GError) error = NULL;

  fc_run_list_reload (list, &error);
  g_assert_no_error (error);
}

/* Tests */

static void
test_runs_paging (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr (FcRunList) list = fc_run_list_new (fixture->store);
  g_autoptr (JsonArray) expected = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (FcRunInfo) last = NULL;
  GListModel *model = G_LIST_MODEL (list);

  exec_sql (fixture, "BEGIN");
  for (guint i = 1; i <= 450; i++)
    add_run (fixture, i % 2 ? fixture->customers : fixture->jobs, i, FC_SYNC_STATUS_COMPLETED,
             i, NULL);
  /* Two runs at the same time: the later row comes first. */
  add_run (fixture, fixture->customers, 451, FC_SYNC_STATUS_COMPLETED, 1, NULL);
  exec_sql (fixture, "UPDATE runs SET started_at = 450000 WHERE id = 'run-00451'");
  exec_sql (fixture, "COMMIT");

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  reload (list);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 451);
  g_assert_true (g_list_model_get_item_type (model) == FC_TYPE_RUN_INFO);
  g_assert_cmpuint (fc_run_list_get_n_page_loads (list), ==, 0);

  /* The last item costs one page, not all of them. */
  last = g_list_model_get_item (model, 450);
  g_assert_cmpstr (fc_run_info_get_id (last), ==, "run-00001");
  g_assert_cmpuint (fc_run_list_get_n_page_loads (list), ==, 1);
  g_assert_null (g_list_model_get_item (model, 451));

  /* The same order as the store's own listing, across the page boundaries. */
  expected = fc_sync_store_list_runs (fixture->store, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (expected), ==, 451);
  for (guint i = 0; i < 451; i++)
    {
      g_autoptr (FcRunInfo) run = g_list_model_get_item (model, i);
      JsonObject *row = json_array_get_object_element (expected, i);

      g_assert_cmpstr (fc_run_info_get_id (run), ==, json_object_get_string_member (row, "id"));
      g_assert_cmpstr (fc_run_info_get_mapping_name (run), ==,
                       json_object_get_string_member (row, "mappingName"));
      g_assert_cmpint (fc_run_info_get_duration_ms (run), ==,
                       json_object_get_int_member (row, "durationMs"));
      g_assert_cmpuint (fc_run_info_get_counts (run)->fetched, ==,
                        json_object_get_int_member (json_object_get_object_member (row, "counts"),
                                                    "fetched"));
    }
  g_assert_cmpuint (fc_run_list_get_n_page_loads (list), ==, 3);
  {
    g_autoptr (FcRunInfo) first = g_list_model_get_item (model, 0);
    g_autoptr (FcRunInfo) second = g_list_model_get_item (model, 1);

    g_assert_cmpstr (fc_run_info_get_id (first), ==, "run-00451");
    g_assert_cmpstr (fc_run_info_get_id (second), ==, "run-00450");
    g_assert_cmpint (fc_run_info_get_trigger (first), ==, FC_SYNC_TRIGGER_SCHEDULE);
    g_assert_cmpint (fc_run_info_get_status (first), ==, FC_SYNC_STATUS_COMPLETED);
  }

  /* Finding a run gives its position. */
  g_assert_cmpint (fc_run_list_find (list, "run-00451", &error), ==, 0);
  g_assert_cmpint (fc_run_list_find (list, "run-00300", &error), ==, 151);
  g_assert_cmpint (fc_run_list_find (list, "run-00001", &error), ==, 450);
  g_assert_cmpint (fc_run_list_find (list, "run-99999", &error), ==, -1);
  g_assert_no_error (error);
}

typedef struct
{
  const char *name;
  const char *mapping;   /* "customers", "jobs" or NULL */
  int         status;
  const char *text;
  guint       expected;
} FilterCase;

/* 60 runs: odd ones of Customers, even ones of Jobs; every fifth failed with "HTTP 429 from
 * HubSpot", every seventh partial. */
static const FilterCase filter_cases[] = {
  { "none", NULL, -1, NULL, 60 },
  { "mapping", "customers", -1, NULL, 30 },
  { "status-failed", NULL, FC_SYNC_STATUS_FAILED, NULL, 12 },
  { "status-partial", NULL, FC_SYNC_STATUS_PARTIAL, NULL, 7 },
  { "mapping-and-status", "jobs", FC_SYNC_STATUS_FAILED, NULL, 6 },
  { "text-error", NULL, -1, "http 429", 12 },
  { "text-mapping-name", NULL, -1, "QUOTES &", 30 },
  { "text-wildcards-literal", NULL, -1, "%", 0 },
  { "text-underscore-literal", NULL, -1, "_", 0 },
  { "text-and-mapping", "customers", -1, "429", 6 },
  { "no-match", NULL, FC_SYNC_STATUS_HELD, NULL, 0 },
};

static void
test_runs_filter (Fixture       *fixture,
                  gconstpointer  user_data)
{
  const FilterCase *filter = user_data;
  g_autoptr (FcRunList) list = fc_run_list_new (fixture->store);
  GListModel *model = G_LIST_MODEL (list);
  const char *mapping_id = NULL;
  guint n;

  exec_sql (fixture, "BEGIN");
  for (guint i = 1; i <= 60; i++)
    {
      FcSyncStatus status = i % 5 == 0 ? FC_SYNC_STATUS_FAILED
                            : i % 7 == 0 ? FC_SYNC_STATUS_PARTIAL : FC_SYNC_STATUS_COMPLETED;

      add_run (fixture, i % 2 ? fixture->customers : fixture->jobs, i, status, i,
               status == FC_SYNC_STATUS_FAILED ? "HTTP 429 from HubSpot" : NULL);
    }
  exec_sql (fixture, "COMMIT");

  if (g_strcmp0 (filter->mapping, "customers") == 0)
    mapping_id = fc_mapping_get_id (fixture->customers);
  else if (g_strcmp0 (filter->mapping, "jobs") == 0)
    mapping_id = fc_mapping_get_id (fixture->jobs);

  fc_run_list_set_filter (list, mapping_id, filter->status, filter->text);
  reload (list);
  n = g_list_model_get_n_items (model);
  g_assert_cmpuint (n, ==, filter->expected);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (FcRunInfo) run = g_list_model_get_item (model, i);

      if (mapping_id != NULL)
        g_assert_cmpstr (fc_run_info_get_mapping_id (run), ==, mapping_id);
      if (filter->status >= 0)
        g_assert_cmpint (fc_run_info_get_status (run), ==, filter->status);
    }

  /* Clearing the filters brings every run back. */
  fc_run_list_set_filter (list, NULL, -1, "");
  reload (list);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 60);
}

static void
on_items_changed_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     guint      *counts)
{
  counts[0] = position;
  counts[1] = removed;
  counts[2] = added;
}

static void
test_runs_sort (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr (FcRunList) list = fc_run_list_new (fixture->store);
  GListModel *model = G_LIST_MODEL (list);
  guint changed[3] = { 0 };
  gboolean descending;

  exec_sql (fixture, "BEGIN");
  for (guint i = 1; i <= 500; i++)
    add_run (fixture, i % 3 ? fixture->customers : fixture->jobs, i, FC_SYNC_STATUS_COMPLETED,
             (i * 37) % 101, NULL);
  exec_sql (fixture, "COMMIT");
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed_cb), changed);

  for (FcRunSort sort = FC_RUN_SORT_STARTED; sort <= FC_RUN_SORT_DURATION; sort++)
    {
      for (int desc = 0; desc <= 1; desc++)
        {
          g_autoptr (FcRunInfo) previous = NULL;
          FcRunSort parsed;

          g_assert_true (fc_run_sort_from_string (fc_run_sort_to_string (sort), &parsed));
          g_assert_cmpint (parsed, ==, sort);
          fc_run_list_set_sort (list, sort, desc);
          g_assert_cmpint (fc_run_list_get_sort (list, &descending), ==, sort);
          g_assert_true (descending == desc);
          reload (list);
          g_assert_cmpuint (changed[2], ==, 500);

          for (guint i = 0; i < 500; i++)
            {
              g_autoptr (FcRunInfo) run = g_list_model_get_item (model, i);
              gint64 a = 0, b = 0;

              g_assert_nonnull (run);
              if (previous != NULL)
                {
                  switch (sort)
                    {
                    case FC_RUN_SORT_FETCHED:
                      a = fc_run_info_get_counts (previous)->fetched;
                      b = fc_run_info_get_counts (run)->fetched;
                      break;
                    case FC_RUN_SORT_FAILED:
                      a = fc_run_info_get_counts (previous)->failed;
                      b = fc_run_info_get_counts (run)->failed;
                      break;
                    case FC_RUN_SORT_DURATION:
                      a = fc_run_info_get_duration_ms (previous);
                      b = fc_run_info_get_duration_ms (run);
                      break;
                    case FC_RUN_SORT_MAPPING:
                      a = g_ascii_strcasecmp (fc_run_info_get_mapping_name (previous),
                                              fc_run_info_get_mapping_name (run));
                      break;
                    case FC_RUN_SORT_STARTED:
                      a = fc_run_info_get_started_ms (previous);
                      b = fc_run_info_get_started_ms (run);
                      break;
                    default:
                      break;
                    }
                  if (desc)
                    g_assert_cmpint (a, >=, b);
                  else
                    g_assert_cmpint (a, <=, b);
                }
              g_set_object (&previous, run);
            }

          /* Every run is there once, wherever the page boundaries fall. */
          {
            g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
            g_autoptr (GPtrArray) keep = g_ptr_array_new_with_free_func (g_object_unref);

            for (guint i = 0; i < 500; i++)
              {
                FcRunInfo *run = g_list_model_get_item (model, i);

                g_ptr_array_add (keep, run);
                g_assert_true (g_hash_table_add (seen, (gpointer) fc_run_info_get_id (run)));
              }
          }

          /* find agrees with the order. */
          {
            g_autoptr (FcRunInfo) run = g_list_model_get_item (model, 321);
            g_autoptr (GError) error = NULL;

            g_assert_cmpint (fc_run_list_find (list, fc_run_info_get_id (run), &error), ==, 321);
            g_assert_no_error (error);
          }
        }
    }
}

static void
fill_run (Fixture    *fixture,
          const char *run_id,
          guint       n_events)
{
  exec_sql (fixture, "BEGIN");
  for (guint i = 0; i < n_events; i++)
    {
      g_autofree char *source = g_strdup_printf ("hs-%u", i);
      g_autofree char *target = g_strdup_printf ("jb-%u", i);
      g_autofree char *message = g_strdup_printf ("email: changed on the source (%u)", i);
      g_autofree char *details = g_strdup_printf ("{\"fields\": {\"email\": {\"before\": "
                                                  "\"old%u@example.com\", \"after\": "
                                                  "\"new%u@example.com\"}}}", i, i);

      if (i % 1000 == 999)
        add_event (fixture, run_id, "record.error", 1, source, target, "HTTP 422",
                   "{\"error\": {\"message\": \"HTTP 422\", \"providerCode\": \"INVALID\"}}");
      else
        add_event (fixture, run_id, "record.updated", 1, source, target, message, details);
    }
  exec_sql (fixture, "COMMIT");
}

static void
test_events_scroll (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr (FcRunEventList) events = NULL;
  g_autoptr (FcEventInfo) last = NULL;
  g_autoptr (GError) error = NULL;
  GListModel *model;
  gint64 previous = 0;

  add_run (fixture, fixture->customers, 1, FC_SYNC_STATUS_PARTIAL, 10000, NULL);
  add_run (fixture, fixture->jobs, 2, FC_SYNC_STATUS_COMPLETED, 10, NULL);
  fill_run (fixture, "run-00002", 10);
  fill_run (fixture, "run-00001", 10000);
  fill_run (fixture, "run-00002", 10);

  g_assert_null (fc_run_event_list_new (fixture->store, "run-nope", &error));
  g_assert_error (error, FC_RUN_LOG_ERROR, FC_RUN_LOG_ERROR_NOT_FOUND);
  g_clear_error (&error);

  events = fc_run_event_list_new (fixture->store, "run-00001", &error);
  g_assert_no_error (error);
  model = G_LIST_MODEL (events);
  g_assert_cmpstr (fc_run_event_list_get_run_id (events), ==, "run-00001");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 10000);
  g_assert_cmpuint (fc_run_event_list_get_n_page_loads (events), ==, 0);

  /* Straight to the end: one page. */
  last = g_list_model_get_item (model, 9999);
  g_assert_cmpstr (fc_event_info_get_source_record_id (last), ==, "hs-9999");
  g_assert_cmpstr (fc_event_info_get_kind (last), ==, "record.error");
  g_assert_cmpstr (json_object_get_string_member (fc_event_info_get_error (last),
                                                  "providerCode"), ==, "INVALID");
  g_assert_cmpuint (fc_run_event_list_get_n_page_loads (events), ==, 1);

  /* Scrolling through all of it sees every event of the run once, in order. */
  for (guint i = 0; i < 10000; i++)
    {
      g_autoptr (FcEventInfo) event = g_list_model_get_item (model, i);
      g_autofree char *source = g_strdup_printf ("hs-%u", i);

      g_assert_cmpint (fc_event_info_get_id (event), >, previous);
      previous = fc_event_info_get_id (event);
      g_assert_cmpstr (fc_event_info_get_run_id (event), ==, "run-00001");
      g_assert_cmpstr (fc_event_info_get_source_record_id (event), ==, source);
      g_assert_cmpstr (fc_event_info_get_mapping_name (event), ==, "Customers");
      g_assert_cmpstr (fc_event_info_get_side (event), ==, "target");
    }
  /* 50 pages of 200, each read once more for the last one read first. */
  g_assert_cmpuint (fc_run_event_list_get_n_page_loads (events), ==, 51);

  /* The before and after values come with each event. */
  {
    g_autoptr (FcEventInfo) event = g_list_model_get_item (model, 17);
    JsonObject *fields = json_object_get_object_member (fc_event_info_get_details (event),
                                                        "fields");
    JsonObject *email = json_object_get_object_member (fields, "email");

    g_assert_cmpstr (json_object_get_string_member (email, "before"), ==, "old17@example.com");
    g_assert_cmpstr (json_object_get_string_member (email, "after"), ==, "new17@example.com");
    g_assert_null (fc_event_info_get_error (event));
  }
}

static void
test_events_filter (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr (FcRunEventList) events = NULL;
  g_autoptr (GError) error = NULL;
  GListModel *model;

  add_run (fixture, fixture->customers, 1, FC_SYNC_STATUS_PARTIAL, 3000, NULL);
  fill_run (fixture, "run-00001", 3000);
  events = fc_run_event_list_new (fixture->store, "run-00001", &error);
  g_assert_no_error (error);
  model = G_LIST_MODEL (events);

  /* Errors only. */
  fc_run_event_list_set_filter (events, NULL, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);

  /* A record id. */
  fc_run_event_list_set_filter (events, "hs-2500", FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);

  /* A value inside the details, whatever its case. */
  fc_run_event_list_set_filter (events, "NEW1234@", FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  {
    g_autoptr (FcEventInfo) event = g_list_model_get_item (model, 0);

    g_assert_cmpstr (fc_event_info_get_target_record_id (event), ==, "jb-1234");
  }

  /* The message, and the kind, with errors only. */
  fc_run_event_list_set_filter (events, "422", TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  fc_run_event_list_set_filter (events, "changed on the source (1", FALSE, &error);
  g_assert_no_error (error);
  /* 1, 10-19, 100-199 and 1000-1999 but the errors among them (999 is not in, 1999 is) */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1 + 10 + 100 + 1000 - 1);

  fc_run_event_list_set_filter (events, "", FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3000);
}

static void
test_record_history (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr (GListModel) events = NULL;
  g_autoptr (JsonArray) links = NULL;
  g_autoptr (GError) error = NULL;
  const char *base_source[] = { "ann@old.example", NULL };
  const char *source[] = { "ann@new.example", NULL };
  const char *target[] = { "ann@field.example", NULL };
  FcSyncConflictRow conflict = {
    .pair_key = "email=email", .base_source = base_source, .base_target = base_source,
    .source = source, .target = target, .strategy = FC_CONFLICT_STRATEGY_MANUAL,
  };
  JsonObject *link;
  JsonObject *base;
  gint64 link_id;

  add_run (fixture, fixture->customers, 1, FC_SYNC_STATUS_COMPLETED, 1, NULL);
  add_run (fixture, fixture->customers, 2, FC_SYNC_STATUS_PARTIAL, 1, NULL);
  add_run (fixture, fixture->jobs, 3, FC_SYNC_STATUS_COMPLETED, 1, NULL);
  add_event (fixture, "run-00001", "record.created", 1, "hs-ann", "jb-ann", NULL,
             "{\"fields\": {\"email\": {\"before\": null, \"after\": \"ann@old.example\"}}}");
  add_event (fixture, "run-00001", "record.created", 1, "hs-bob", "jb-bob", NULL, NULL);
  add_event (fixture, "run-00002", "record.conflict", -1, "hs-ann", "jb-ann", "both changed",
             NULL);
  add_event (fixture, "run-00003", "record.skipped", 0, "hs-ann", NULL, "email is missing",
             NULL);
  add_event (fixture, "run-00003", "record.skipped", 0, "jb-ann", NULL, "another side's id",
             NULL);

  fc_sync_store_insert_link (fixture->store, fc_mapping_get_id (fixture->customers), "hs-ann",
                             "jb-ann", "ann@old.example", &link_id, &error);
  g_assert_no_error (error);
  fc_sync_store_set_base (fixture->store, link_id, "email=email", base_source, base_source,
                          &error);
  g_assert_no_error (error);
  conflict.link_id = link_id;
  fc_sync_store_record_conflict (fixture->store, fc_mapping_get_id (fixture->customers),
                                 "run-00002", &conflict, &error);
  g_assert_no_error (error);

  /* Found by its source id: in every mapping, newest first. */
  events = fc_run_log_list_record_events (fixture->store, "hs-ann", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (events), ==, 3);
  {
    g_autoptr (FcEventInfo) newest = g_list_model_get_item (events, 0);
    g_autoptr (FcEventInfo) oldest = g_list_model_get_item (events, 2);

    g_assert_cmpstr (fc_event_info_get_kind (newest), ==, "record.skipped");
    g_assert_cmpstr (fc_event_info_get_mapping_name (newest), ==, "Jobs, quotes & more");
    g_assert_cmpstr (fc_event_info_get_kind (oldest), ==, "record.created");
    g_assert_cmpstr (fc_event_info_get_run_id (oldest), ==, "run-00001");
  }
  g_clear_object (&events);

  /* By its target id too, wherever it is named. */
  events = fc_run_log_list_record_events (fixture->store, "jb-ann", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (events), ==, 3);
  g_clear_object (&events);
  events = fc_run_log_list_record_events (fixture->store, "jb-ann", 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (events), ==, 1);

  /* The link, its agreed values and its open conflict. */
  links = fc_run_log_list_record_links (fixture->store, "jb-ann", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (links), ==, 1);
  link = json_array_get_object_element (links, 0);
  g_assert_cmpstr (json_object_get_string_member (link, "mappingName"), ==, "Customers");
  g_assert_cmpstr (json_object_get_string_member (link, "side"), ==, "target");
  g_assert_cmpstr (json_object_get_string_member (link, "sourceRecordId"), ==, "hs-ann");
  g_assert_cmpint (json_object_get_int_member (link, "openConflicts"), ==, 1);
  base = json_array_get_object_element (json_object_get_array_member (link, "bases"), 0);
  g_assert_cmpstr (json_object_get_string_member (base, "pair"), ==, "email=email");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (base, "source"),
                                                  0), ==, "ann@old.example");
  g_clear_pointer (&links, json_array_unref);

  links = fc_run_log_list_record_links (fixture->store, "hs-bob", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (links), ==, 0);
}

typedef struct
{
  const char *value;
  const char *expected;
} CsvFieldCase;

static const CsvFieldCase csv_field_cases[] = {
  { "plain", "plain" },
  { "", "" },
  { "a,b", "\"a,b\"" },
  { "say \"hi\"", "\"say \"\"hi\"\"\"" },
  { "two\nlines", "\"two\nlines\"" },
  { "cr\r", "\"cr\r\"" },
  { "Zoë's café", "Zoë's café" },
};

static void
test_csv_field (gconstpointer user_data)
{
  const CsvFieldCase *csv_case = user_data;
  g_autoptr (GString) out = g_string_new (NULL);

  fc_run_log_append_csv_field (out, csv_case->value);
  g_assert_cmpstr (out->str, ==, csv_case->expected);
}

static void
test_csv_export (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "run.csv", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  g_auto (GStrv) lines = NULL;
  GStatBuf st;
  gint64 n;

  add_run (fixture, fixture->customers, 1, FC_SYNC_STATUS_PARTIAL, 3, NULL);
  add_event (fixture, "run-00001", "record.updated", 1, "hs-1", "jb-1", "name, email",
             "{\"fields\": {\"name\": {\"before\": \"Ann \\\"A\\\" Lee\", \"after\": "
             "\"Ann Lee\"}, \"email\": {\"before\": null, \"after\": \"ann@example.com\"}}}");
  add_event (fixture, "run-00001", "record.error", 1, "hs-2", NULL, "HTTP 400\nbad phone",
             "{\"error\": {\"message\": \"bad phone\", \"providerCode\": \"VALIDATION\"}}");
  add_event (fixture, "run-00001", "record.skipped", 0, "hs-3", NULL, "email missing", NULL);

  /* An older file of the same name, readable by all, is replaced by a private one. */
  g_assert_true (g_file_set_contents (path, "old", -1, NULL));
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);

  n = fc_run_log_export_csv (fixture->store, "run-00001", file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 4);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_suffix (contents, "\r\n"));
  lines = g_strsplit (contents, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 6);
  g_assert_cmpstr (lines[0], ==, "event_id,time,kind,side,source_record_id,target_record_id,"
                                 "field,before,after,message,error");
  g_assert_true (strstr (lines[1], ",record.updated,target,hs-1,jb-1,name,"
                                   "\"Ann \"\"A\"\" Lee\",Ann Lee,\"name, email\",") != NULL);
  g_assert_true (g_str_has_suffix (lines[2], ",email,,ann@example.com,\"name, email\","));
  g_assert_true (strstr (lines[3], ",record.error,target,hs-2,,,,,\"HTTP 400\nbad phone\","
                                   "\"{\"\"message\"\":\"\"bad phone\"\",\"\"providerCode\"\":"
                                   "\"\"VALIDATION\"\"}\"") != NULL);
  g_assert_true (strstr (lines[4], ",record.skipped,source,hs-3,,,,,email missing,") != NULL);
  g_assert_cmpstr (lines[5], ==, "");

  /* An unknown run writes nothing. */
  g_assert_cmpint (fc_run_log_export_csv (fixture->store, "run-nope", file, NULL, &error), ==,
                   -1);
  g_assert_error (error, FC_RUN_LOG_ERROR, FC_RUN_LOG_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A folder that is not there is a write error naming the file. */
  {
    g_autoptr (GFile) nowhere = g_file_new_for_path ("/nonexistent-fc-folder/run.csv");

    g_assert_cmpint (fc_run_log_export_csv (fixture->store, "run-00001", nowhere, NULL, &error),
                     ==, -1);
    g_assert_error (error, FC_RUN_LOG_ERROR, FC_RUN_LOG_ERROR_WRITE);
    g_assert_nonnull (strstr (error->message, "/nonexistent-fc-folder/run.csv"));
  }
}

/* ---- export in a thread ----------------------------------------------------------------- */

/* A run of @n_events events, some with changed fields, some with characters CSV quotes. */
static void
add_many_events (Fixture    *fixture,
                 const char *run_id,
                 guint       n_events)
{
  g_autofree char *sql = NULL;

  sql = g_strdup_printf (
    "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %u) "
    "INSERT INTO run_events (run_id, at, kind, side, source_record_id, target_record_id, "
    "message, details) SELECT '%s', 1700000000000 + i, "
    "CASE WHEN i %% 10 = 0 THEN 'record.error' ELSE 'record.updated' END, 'target', "
    "'hs-' || i, 'jb-' || i, 'row ' || i || ', \"quoted\"', "
    "CASE WHEN i %% 10 = 0 THEN '{\"error\": {\"message\": \"bad ' || i || '\"}}' "
    "ELSE '{\"fields\": {\"email\": {\"before\": \"p' || i || '@old.example\", "
    "\"after\": \"p' || i || '@new.example\"}, \"phone\": {\"before\": null, "
    "\"after\": \"+1 555 ' || i || '\"}}}' END FROM n", n_events, run_id);
  exec_sql (fixture, "BEGIN");
  exec_sql (fixture, sql);
  exec_sql (fixture, "COMMIT");
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The names in @dir, sorted, as one string. */
static char *
list_dir (const char *dir)
{
  g_autoptr (GDir) handle = g_dir_open (dir, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  const char *name;

  g_assert_nonnull (handle);
  while ((name = g_dir_read_name (handle)) != NULL)
    g_ptr_array_add (names, (gpointer) name);
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

typedef struct
{
  GMainLoop    *loop;
  FcStore      *store;
  GCancellable *cancellable;
  gint64        n_lines;
  GError       *error;
  guint         n_progress;
  guint64       last_done;
  guint64       last_total;
  /* Set: cancel at the first report, and note what this folder holds then. */
  const char   *cancel_dir;
  char         *dir_when_cancelled;
  gboolean      returned;
  /* Weak: the thread drops its reference to the task (and the store) a moment after it
   * returns. */
  GAsyncResult *result;
} ExportWait;

static void
on_export_progress_cb (guint64  done,
                       guint64  total,
                       gpointer user_data)
{
  ExportWait *wait = user_data;

  g_assert_false (wait->returned);
  g_assert_cmpuint (done, <=, total);
  g_assert_cmpuint (done, >=, wait->last_done);
  wait->n_progress++;
  wait->last_done = done;
  wait->last_total = total;
  if (wait->cancel_dir != NULL && !g_cancellable_is_cancelled (wait->cancellable))
    {
      wait->dir_when_cancelled = list_dir (wait->cancel_dir);
      g_cancellable_cancel (wait->cancellable);
    }
}

static void
on_export_done_cb (GObject      *source_object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ExportWait *wait = user_data;

  g_assert_true (FC_STORE (source_object) == wait->store);
  wait->returned = TRUE;
  wait->result = result;
  g_object_add_weak_pointer (G_OBJECT (result), (gpointer *) &wait->result);
  wait->n_lines = fc_run_log_export_csv_finish (wait->store, result, &wait->error);
  g_main_loop_quit (wait->loop);
}

static void
export_wait_init (ExportWait *wait,
                  FcStore    *store)
{
  memset (wait, 0, sizeof *wait);
  wait->loop = g_main_loop_new (NULL, FALSE);
  wait->store = store;
  wait->cancellable = g_cancellable_new ();
  wait->n_lines = -2;
}

static void
export_wait_clear (ExportWait *wait)
{
  g_main_loop_unref (wait->loop);
  g_object_unref (wait->cancellable);
  g_clear_error (&wait->error);
  g_free (wait->dir_when_cancelled);
}

/* Until the export has returned and let go of the store. */
static void
export_wait_run (ExportWait *wait)
{
  g_main_loop_run (wait->loop);
  while (wait->result != NULL)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
export_async (ExportWait *wait,
              const char *run_id,
              GFile      *file)
{
  fc_run_log_export_csv_async (wait->store, run_id, file, wait->cancellable,
                               on_export_progress_cb, on_export_done_cb, wait);
  export_wait_run (wait);
}

#define MANY_EVENTS 20000

static void
test_csv_export_async (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autofree char *sync_path = g_build_filename (fixture->dir, "sync.csv", NULL);
  g_autofree char *async_path = g_build_filename (fixture->dir, "async.csv", NULL);
  g_autoptr (GFile) sync_file = g_file_new_for_path (sync_path);
  g_autoptr (GFile) async_file = g_file_new_for_path (async_path);
  g_autoptr (GError) error = NULL;
  g_autofree char *sync_text = NULL;
  g_autofree char *async_text = NULL;
  gsize sync_len, async_len;
  ExportWait wait;
  GStatBuf st;
  gint64 n;

  add_run (fixture, fixture->customers, 1, FC_SYNC_STATUS_PARTIAL, MANY_EVENTS, NULL);
  add_many_events (fixture, "run-00001", MANY_EVENTS);

  n = fc_run_log_export_csv (fixture->store, "run-00001", sync_file, NULL, &error);
  g_assert_no_error (error);
  /* Nine in ten events change two fields. */
  g_assert_cmpint (n, ==, MANY_EVENTS / 10 * 9 * 2 + MANY_EVENTS / 10);

  /* An older file readable by all is replaced by a private one. */
  g_assert_true (g_file_set_contents (async_path, "old", -1, NULL));
  g_assert_cmpint (g_chmod (async_path, 0644), ==, 0);

  export_wait_init (&wait, fixture->store);
  export_async (&wait, "run-00001", async_file);
  g_assert_no_error (wait.error);
  g_assert_cmpint (wait.n_lines, ==, n);
  /* The first report, some on the way (at most ten a second), the last one complete. */
  g_assert_cmpuint (wait.n_progress, >=, 2);
  g_assert_cmpuint (wait.last_done, ==, MANY_EVENTS);
  g_assert_cmpuint (wait.last_total, ==, MANY_EVENTS);
  export_wait_clear (&wait);

  g_assert_cmpint (g_stat (async_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (sync_path, &sync_text, &sync_len, NULL));
  g_assert_true (g_file_get_contents (async_path, &async_text, &async_len, NULL));
  g_assert_cmpuint (async_len, >, 1000);
  g_assert_cmpmem (async_text, async_len, sync_text, sync_len);
  {
    g_autofree char *names = list_dir (fixture->dir);

    /* Nothing else beside them: no temporary file is left. */
    g_assert_cmpstr (names, ==, "async.csv " FC_STORE_FILE_NAME " " FC_STORE_FILE_NAME "-shm "
                                FC_STORE_FILE_NAME "-wal sync.csv");
  }

  /* An unknown run. */
  export_wait_init (&wait, fixture->store);
  export_async (&wait, "run-nope", async_file);
  g_assert_error (wait.error, FC_RUN_LOG_ERROR, FC_RUN_LOG_ERROR_NOT_FOUND);
  g_assert_cmpint (wait.n_lines, ==, -1);
  export_wait_clear (&wait);
}

static void
test_csv_export_cancel (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "run.csv", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  ExportWait wait;

  add_run (fixture, fixture->customers, 1, FC_SYNC_STATUS_PARTIAL, MANY_EVENTS, NULL);
  add_many_events (fixture, "run-00001", MANY_EVENTS);
  before = list_dir (fixture->dir);

  /* Cancelled from the first report: the thread has its temporary file open then and goes
   * on writing until it sees the cancellation. */
  export_wait_init (&wait, fixture->store);
  wait.cancel_dir = fixture->dir;
  export_async (&wait, "run-00001", file);
  g_assert_error (wait.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (wait.n_lines, ==, -1);
  g_assert_cmpuint (wait.n_progress, ==, 1);
  g_assert_nonnull (wait.dir_when_cancelled);
  g_assert_nonnull (strstr (wait.dir_when_cancelled, ".run.csv."));
  g_assert_cmpstr (wait.dir_when_cancelled, !=, before);
  export_wait_clear (&wait);

  /* Neither the file nor a temporary one. */
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  after = list_dir (fixture->dir);
  g_assert_cmpstr (after, ==, before);

  /* Cancelled before it starts: the same. */
  export_wait_init (&wait, fixture->store);
  g_cancellable_cancel (wait.cancellable);
  export_async (&wait, "run-00001", file);
  g_assert_error (wait.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  export_wait_clear (&wait);
  g_free (after);
  after = list_dir (fixture->dir);
  g_assert_cmpstr (after, ==, before);
}

typedef struct
{
  Fixture *fixture;
  guint    n_written;
} WriteWhileExport;

/* On the main thread, while the export reads: events of another run, each its own commit. */
static void
on_progress_write_cb (guint64  done,
                      guint64  total,
                      gpointer user_data)
{
  ExportWait *wait = user_data;
  WriteWhileExport *writer = g_object_get_data (G_OBJECT (wait->cancellable), "writer");

  on_export_progress_cb (done, total, user_data);
  for (guint i = 0; i < 20; i++, writer->n_written++)
    add_event (writer->fixture, "run-00002", "record.created", 1, "hs-new", "jb-new",
               "created while exporting", NULL);
}

static void
test_csv_export_while_writing (Fixture       *fixture,
                               gconstpointer  user_data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "run.csv", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;
  WriteWhileExport writer = { fixture, 0 };
  ExportWait wait;
  gint64 n;

  add_run (fixture, fixture->customers, 1, FC_SYNC_STATUS_PARTIAL, MANY_EVENTS, NULL);
  add_run (fixture, fixture->jobs, 2, FC_SYNC_STATUS_RUNNING, 0, NULL);
  add_many_events (fixture, "run-00001", MANY_EVENTS);
  n = MANY_EVENTS / 10 * 9 * 2 + MANY_EVENTS / 10;

  export_wait_init (&wait, fixture->store);
  g_object_set_data (G_OBJECT (wait.cancellable), "writer", &writer);
  fc_run_log_export_csv_async (fixture->store, "run-00001", file, wait.cancellable,
                               on_progress_write_cb, on_export_done_cb, &wait);
  /* Writes right away too, before the thread has read much. */
  for (guint i = 0; i < 50; i++, writer.n_written++)
    add_event (fixture, "run-00002", "record.created", 1, "hs-new", "jb-new",
               "created while exporting", NULL);
  export_wait_run (&wait);
  g_assert_no_error (wait.error);
  g_assert_cmpint (wait.n_lines, ==, n);
  export_wait_clear (&wait);
  g_assert_cmpuint (writer.n_written, >=, 50 + 2 * 20);

  /* Every write reached the store. */
  {
    g_autofree char *other_path = g_build_filename (fixture->dir, "other.csv", NULL);
    g_autoptr (GFile) other_file = g_file_new_for_path (other_path);

    g_assert_cmpint (fc_run_log_export_csv (fixture->store, "run-00002", other_file, NULL,
                                            &error), ==, writer.n_written);
    g_assert_no_error (error);
  }
}

static void
test_open_conflicts (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr (GListModel) conflicts = NULL;
  g_autoptr (GError) error = NULL;
  const char *base[] = { "old", NULL };
  const char *source[] = { "from source", NULL };
  const char *target[] = { "from target", NULL };
  const char *pairs[] = { "email=email", "phone=phone", "name=name" };
  gint64 links[2];
  g_autoptr (FcConflictInfo) first = NULL;

  add_run (fixture, fixture->customers, 1, FC_SYNC_STATUS_COMPLETED, 1, NULL);
  fc_sync_store_insert_link (fixture->store, fc_mapping_get_id (fixture->customers), "hs-1",
                             "jb-1", NULL, &links[0], &error);
  g_assert_no_error (error);
  fc_sync_store_insert_link (fixture->store, fc_mapping_get_id (fixture->customers), "hs-2",
                             "jb-2", NULL, &links[1], &error);
  g_assert_no_error (error);

  /* Interleaved: link 0 email, link 1 email, link 0 phone, link 1 phone, link 0 name. */
  for (guint i = 0; i < 5; i++)
    {
      FcSyncConflictRow row = {
        .link_id = links[i % 2], .pair_key = pairs[i / 2], .base_source = base,
        .base_target = base, .source = source, .target = target,
        .strategy = FC_CONFLICT_STRATEGY_MANUAL,
      };

      fc_sync_store_record_conflict (fixture->store, fc_mapping_get_id (fixture->customers),
                                     "run-00001", &row, &error);
      g_assert_no_error (error);
    }
  /* Settled by the strategy: not in the queue. */
  {
    FcSyncConflictRow row = {
      .link_id = links[1], .pair_key = "name=name", .base_source = base, .base_target = base,
      .source = source, .target = target, .strategy = FC_CONFLICT_STRATEGY_SOURCE_WINS,
      .resolution = "source",
    };

    fc_sync_store_record_conflict (fixture->store, fc_mapping_get_id (fixture->customers),
                                   "run-00001", &row, &error);
    g_assert_no_error (error);
  }

  conflicts = fc_run_log_list_open_conflicts (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (conflicts), ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr (FcConflictInfo) conflict = g_list_model_get_item (conflicts, i);

      /* Link 0's three first, then link 1's two. */
      g_assert_cmpint (fc_conflict_info_get_link_id (conflict), ==, links[i < 3 ? 0 : 1]);
    }
  first = g_list_model_get_item (conflicts, 0);
  g_assert_cmpstr (fc_conflict_info_get_pair (first), ==, "email=email");
  g_assert_cmpstr (fc_conflict_info_get_mapping_name (first), ==, "Customers");
  g_assert_cmpstr (fc_conflict_info_get_source_record_id (first), ==, "hs-1");
  g_assert_cmpstr (fc_conflict_info_get_target_record_id (first), ==, "jb-1");
  g_assert_cmpstr (fc_conflict_info_get_source (first)[0], ==, "from source");
  g_assert_cmpstr (fc_conflict_info_get_target (first)[0], ==, "from target");
  g_assert_cmpstr (fc_conflict_info_get_base_source (first)[0], ==, "old");
  g_assert_cmpint (fc_conflict_info_get_created_ms (first), >, 0);

  /* Resolved ones leave the queue. */
  fc_sync_store_resolve_conflict (fixture->store, fc_conflict_info_get_id (first), "source",
                                  NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&conflicts);
  conflicts = fc_run_log_list_open_conflicts (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (conflicts), ==, 4);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/fc/run-log/runs/paging", Fixture, NULL, fixture_set_up, test_runs_paging,
              fixture_tear_down);
  for (guint i = 0; i < G_N_ELEMENTS (filter_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fc/run-log/runs/filter/%s",
                                               filter_cases[i].name);

      g_test_add (path, Fixture, &filter_cases[i], fixture_set_up, test_runs_filter,
                  fixture_tear_down);
    }
  g_test_add ("/fc/run-log/runs/sort", Fixture, NULL, fixture_set_up, test_runs_sort,
              fixture_tear_down);
  g_test_add ("/fc/run-log/events/scroll", Fixture, NULL, fixture_set_up, test_events_scroll,
              fixture_tear_down);
  g_test_add ("/fc/run-log/events/filter", Fixture, NULL, fixture_set_up, test_events_filter,
              fixture_tear_down);
  g_test_add ("/fc/run-log/record-history", Fixture, NULL, fixture_set_up, test_record_history,
              fixture_tear_down);
  for (guint i = 0; i < G_N_ELEMENTS (csv_field_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fc/run-log/csv/field/%u", i);

      g_test_add_data_func (path, &csv_field_cases[i], test_csv_field);
    }
  g_test_add ("/fc/run-log/csv/export", Fixture, NULL, fixture_set_up, test_csv_export,
              fixture_tear_down);
  g_test_add ("/fc/run-log/csv/export-async", Fixture, NULL, fixture_set_up,
              test_csv_export_async, fixture_tear_down);
  g_test_add ("/fc/run-log/csv/export-cancel", Fixture, NULL, fixture_set_up,
              test_csv_export_cancel, fixture_tear_down);
  g_test_add ("/fc/run-log/csv/export-while-writing", Fixture, NULL, fixture_set_up,
              test_csv_export_while_writing, fixture_tear_down);
  g_test_add ("/fc/run-log/conflicts/open", Fixture, NULL, fixture_set_up, test_open_conflicts,
              fixture_tear_down);

  return g_test_run ();
}
