/* fc-bench-sync.c: how fast, how lean and how frugal with API calls the sync engine is, on the
 * provider simulator: an initial sync, a no-op run and a run after 1 % edits, per size
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-bench"

#include "config.h"

#include <errno.h>
#include <malloc.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "fc-bench-common.h"
#include "fc-engine.h"

#define HUBSPOT_TOKEN   "pat-na1-bench-7c1e5a"
#define PIPEDRIVE_TOKEN "b3e1c9a07d5f4e2a8c6b0d1f3e5a7c9b2d4f6e80"

/* Page and batch sizes of the providers as the connectors use them (provider-apis.md, and the
 * connectors' own constants): HubSpot lists through search, 200 a page, and writes in batches
 * of 100; Pipedrive lists 500 a page and has no batch writes in API v2. */
#define HS_LIST_PAGE   200
#define HS_BATCH       100
#define PD_LIST_PAGE   500

/* The simulator's real limits (tests/sim/README.md): HubSpot private-app tokens 100 calls per
 * rolling 10 s, search 5 per second on its own budget; Pipedrive API tokens 40 per rolling 2 s. */
#define HS_LIMIT          100
#define HS_WINDOW_S       10.0
#define HS_SEARCH_LIMIT   5
#define HS_SEARCH_WINDOW_S 1.0
#define PD_LIMIT          40
#define PD_WINDOW_S       2.0

/* Between runs the simulator's clock moves on by more than the engine's overlap window, as
 * it would between scheduled syncs. */
#define CLOCK_STEP_MS  (3 * 60 * 1000)

/* Share of the records that pre-exist on both sides (matched by email): one in ten. */
#define SHARED_DIVISOR 10

typedef enum {
  STEP_INITIAL,
  STEP_NOOP,
  STEP_EDITS,
  N_STEPS
} Step;

static const char * const step_names[N_STEPS] = { "initial", "no-op", "1% edits" };

#define N_PHASES (FC_SYNC_PHASE_APPLY + 1)
static const char * const phase_names[N_PHASES] = { "read", "match", "merge+write" };

typedef struct {
  char  *provider;
  char  *method;
  char  *endpoint;
  guint  calls;
  guint  throttled;  /* answers 429 among @calls */
  guint  bound;
} EndpointCount;

typedef struct {
  double      wall_s;
  double      engine_cpu_s;    /* CPU time of the engine's process, every thread */
  double      sim_cpu_s;       /* CPU time of the simulator's process */
  guint       fetched;
  guint       created;
  guint       updated;
  guint       failed;
  guint       conflicts;
  const char *status;
  gint64      peak_kb;         /* VmHWM of the engine's process at the end of the step (reset
                                * before it) */
  gint64      rss_kb;          /* VmRSS at the end of the step */
  gint64      sim_peak_kb;     /* VmHWM of the simulator's process over the step */
  GPtrArray  *endpoints;       /* EndpointCount */
  guint       calls;
  guint       bound;
  guint       echo_bound;      /* @bound, plus reading back once what the previous run wrote */
  guint       writes;
  double      limit_s;         /* the time the real rate limits impose on these calls, reading
                                * then writing */
  double      overlap_limit_s; /* the same if every budget could be spent at once */
  /* Per phase of the run (reading, matching, merging and writing): wall time, and CPU time of
   * the engine's and the simulator's processes. Wall time beyond the engine's CPU time is
   * where it waited for an answer. */
  double      phase_wall_s[N_PHASES];
  double      phase_engine_s[N_PHASES];
  double      phase_sim_s[N_PHASES];
} StepResult;

typedef struct {
  guint       size;
  gboolean    limited;
  gboolean    hwm_reset;       /* VmHWM could be reset before each step */
  gint64      base_kb;         /* RSS of the engine's process, ready and empty */
  gint64      sim_base_kb;     /* RSS of the simulator's process before seeding */
  gint64      sim_seeded_kb;   /* and after */
  guint       seeded_records;
  StepResult  steps[N_STEPS];
} Pass;

/* The simulator serves from a process of its own (forked before anything else starts), so that
 * the engine's process is measured alone: its memory, its CPU time. The benchmark drives it
 * through its control API. */
typedef struct {
  FcBenchEngine core;           /* the simulator, the engine and its two connections */
  FcMapping    *mapping;
  GPtrArray    *shared_hs_ids;  /* HubSpot ids of the records that pre-existed on both sides */
  /* Calls per budget (HubSpot search, HubSpot other, Pipedrive) when the run began to merge and
   * write: what its reading phase spent */
  guint         read_phase[3];
  gboolean      read_phase_seen;
  StepResult   *step;           /* the step running */
  int           phase;          /* its phase now, -1 before the first report */
  gint64        phase_start;    /* when that phase began: monotonic time, CPU times */
  double        phase_engine_cpu;
  double        phase_sim_cpu;
} Bench;

/* ---- small helpers -------------------------------------------------------------------- */

static void
endpoint_count_free (EndpointCount *count)
{
  g_free (count->provider);
  g_free (count->method);
  g_free (count->endpoint);
  g_free (count);
}

static void
pass_free (Pass *pass)
{
  for (guint i = 0; i < N_STEPS; i++)
    g_clear_pointer (&pass->steps[i].endpoints, g_ptr_array_unref);
  g_free (pass);
}

static guint
ceil_div (guint n,
          guint d)
{
  return (n + d - 1) / d;
}

/* A listing reads at least one page, even an empty one. */
static guint
pages (guint records,
       guint page_size)
{
  return MAX (1, ceil_div (records, page_size));
}

/* The wait a rolling window of @limit calls per @window_s imposes on @calls calls sent as
 * fast as allowed: call k (from 0) cannot leave before floor (k / limit) windows. */
static double
window_time (guint  calls,
             guint  limit,
             double window_s)
{
  return calls == 0 ? 0.0 : (double) ((calls - 1) / limit) * window_s;
}

/* A figure of /proc/PID/status (0: this process) */
static gint64
read_status_kb (GPid        pid,
                const char *key)
{
  g_autofree char *path = pid > 0 ? g_strdup_printf ("/proc/%d/status", (int) pid)
                                  : g_strdup ("/proc/self/status");
  g_autofree char *text = NULL;
  const char *line;
  gsize key_len = strlen (key);

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return -1;
  for (line = text; line != NULL && *line != '\0'; line = strchr (line, '\n'))
    {
      if (*line == '\n')
        line++;
      if (strncmp (line, key, key_len) == 0 && line[key_len] == ':')
        return g_ascii_strtoll (line + key_len + 1, NULL, 10);
    }
  return -1;
}

/* Gives freed memory back, then makes VmHWM start again from VmRSS (of PID, 0: this process,
 * whose heap is trimmed first). */
static gboolean
reset_peak_rss (GPid pid)
{
  g_autofree char *path = pid > 0 ? g_strdup_printf ("/proc/%d/clear_refs", (int) pid)
                                  : g_strdup ("/proc/self/clear_refs");
  FILE *file;
  gboolean ok;

  if (pid <= 0)
    malloc_trim (0);
  file = fopen (path, "w");
  if (file == NULL)
    return FALSE;
  ok = fputs ("5", file) >= 0;
  return fclose (file) == 0 && ok;
}

static double
mb (gint64 kb)
{
  return (double) kb / 1024.0;
}

/* ---- set-up ---------------------------------------------------------------------------- */

static FcMapping *
save_mapping (Bench   *bench,
              GError **error)
{
  g_autoptr (FcMapping) mapping = fc_bench_contacts_mapping_new ("Benchmark contacts and persons",
                                                                 bench->core.hubspot,
                                                                 bench->core.pipedrive,
                                                                 FC_DIRECTION_BIDIRECTIONAL);
  g_autoptr (FcFieldPair) email = fc_field_pair_new_simple ("email", "email");
  g_autoptr (FcFieldPair) name = NULL;
  g_autoptr (FcFieldPair) phone = fc_field_pair_new_simple ("phone", "phone");
  const char * const first_last[] = { "firstname", "lastname", NULL };
  const char * const full_name[] = { "name", NULL };

  fc_field_pair_set_required (email, TRUE);
  fc_mapping_add_field_pair (mapping, email);
  name = fc_field_pair_new (first_last, full_name);
  fc_field_pair_set_transform (name, "concatenate");
  fc_mapping_add_field_pair (mapping, name);
  fc_field_pair_set_transform (phone, "phone_e164(region=US)");
  fc_mapping_add_field_pair (mapping, phone);

  return fc_bench_save_mapping (bench->core.engine, mapping, error);
}

static char *
sim_counters_json (Bench   *bench,
                   GError **error)
{
  g_autoptr (JsonNode) answer = fc_bench_sim_control (&bench->core.sim, "GET", "/counters", NULL,
                                                      error);

  return answer != NULL ? json_to_string (answer, FALSE) : NULL;
}

static gboolean
bench_set_up (Bench     *bench,
              gboolean   limited,
              GError   **error)
{
  const FcBenchSimOptions sim_options = { 42, HUBSPOT_TOKEN, PIPEDRIVE_TOKEN, limited };

  if (!fc_bench_sim_start (&bench->core.sim, &sim_options, error) ||
      !fc_bench_engine_set_up (&bench->core, &sim_options, "fc-bench-XXXXXX", !limited, error))
    return FALSE;
  bench->mapping = save_mapping (bench, error);
  bench->shared_hs_ids = g_ptr_array_new_with_free_func (g_free);
  return bench->mapping != NULL;
}

static void
bench_tear_down (Bench *bench)
{
  g_clear_object (&bench->mapping);
  fc_bench_engine_clear (&bench->core);
  g_clear_pointer (&bench->shared_hs_ids, g_ptr_array_unref);
}

/* ---- the data -------------------------------------------------------------------------- */

/* @size persons generated in Pipedrive (ids 1..size); the first size / 10 of them also exist in
 * HubSpot, with the same email and name, for the engine to match instead of create. */
static gboolean
seed_records (Bench   *bench,
              guint    size,
              GError **error)
{
  guint shared = size / SHARED_DIVISOR;
  g_autofree char *count = g_strdup_printf ("{\"count\":%u}", size);

  if (!fc_bench_sim_control_ok (&bench->core.sim, "POST", "/records/pipedrive/persons/generate",
                                count, error))
    return FALSE;

  for (guint i = 1; i <= shared; i++)
    {
      g_autofree char *path = g_strdup_printf ("/records/pipedrive/persons/%u", i);
      g_autoptr (JsonNode) node = fc_bench_sim_control (&bench->core.sim, "GET", path, NULL, error);
      g_autoptr (JsonBuilder) builder = json_builder_new ();
      g_autoptr (JsonNode) body = NULL;
      g_autofree char *body_json = NULL;
      g_auto (GStrv) names = NULL;
      JsonObject *person;
      JsonArray *emails;
      char *hs_id;

      if (node == NULL)
        return FALSE;
      person = json_node_get_object (node);
      emails = json_object_get_array_member (person, "emails");
      names = g_strsplit (json_object_get_string_member (person, "name"), " ", 2);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "properties");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "email");
      json_builder_add_string_value (builder,
                                     json_object_get_string_member (
                                       json_array_get_object_element (emails, 0), "value"));
      json_builder_set_member_name (builder, "firstname");
      json_builder_add_string_value (builder, names[0]);
      json_builder_set_member_name (builder, "lastname");
      json_builder_add_string_value (builder, names[1] != NULL ? names[1] : "");
      json_builder_end_object (builder);
      json_builder_end_object (builder);
      body = json_builder_get_root (builder);
      body_json = json_to_string (body, FALSE);

      hs_id = fc_bench_sim_seed_hubspot_contact (&bench->core.sim, body_json, error);
      if (hs_id == NULL)
        return FALSE;
      g_ptr_array_add (bench->shared_hs_ids, hs_id);
    }
  return TRUE;
}

/* 1 % of the records edited by their users, half in HubSpot (last names of matched records),
 * half in Pipedrive (names of records the initial sync created in HubSpot). */
static gboolean
edit_records (Bench   *bench,
              guint    size,
              guint   *out_hs_edits,
              guint   *out_pd_edits,
              GError **error)
{
  guint edits = MAX (2, size / 100);
  guint hs_edits = MIN (edits / 2, bench->shared_hs_ids->len);
  guint pd_edits = edits - hs_edits;
  guint shared = size / SHARED_DIVISOR;

  for (guint i = 0; i < hs_edits; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"properties\":{\"lastname\":\"Edited%u\"}}",
                                               i);
      g_autofree char *path = g_strdup_printf ("/records/hubspot/contacts/%s",
                                               (char *) g_ptr_array_index (bench->shared_hs_ids,
                                                                           i));

      if (!fc_bench_sim_control_ok (&bench->core.sim, "PATCH", path, json, error))
        return FALSE;
    }
  for (guint i = 0; i < pd_edits; i++)
    {
      g_autofree char *path = g_strdup_printf ("/records/pipedrive/persons/%u", shared + 1 + i);
      g_autofree char *json = g_strdup_printf ("{\"name\":\"Renamed Person%u\"}", i);

      if (!fc_bench_sim_control_ok (&bench->core.sim, "PATCH", path, json, error))
        return FALSE;
    }
  *out_hs_edits = hs_edits;
  *out_pd_edits = pd_edits;
  return TRUE;
}

/* ---- counting calls -------------------------------------------------------------------- */

static gboolean
is_write (const char *method,
          const char *endpoint)
{
  return !g_str_equal (method, "GET") && !g_str_has_suffix (endpoint, "/search") &&
         !g_str_has_suffix (endpoint, "/batch/read");
}

/* The fewest calls the step needs at @endpoint. */
static guint
endpoint_bound (const guint *bounds,
                const char  *provider,
                const char  *method,
                const char  *endpoint)
{
  if (g_str_equal (provider, "hubspot"))
    {
      if (g_str_equal (endpoint, "/crm/v3/objects/contacts/search"))
        return bounds[0];
      if (g_str_equal (endpoint, "/crm/v3/objects/contacts/batch/create"))
        return bounds[1];
      if (g_str_equal (endpoint, "/crm/v3/objects/contacts/batch/update"))
        return bounds[2];
    }
  else if (g_str_equal (provider, "pipedrive"))
    {
      if (g_str_equal (method, "GET") && g_str_equal (endpoint, "/api/v2/persons"))
        return bounds[3];
      if (g_str_equal (method, "POST") && g_str_equal (endpoint, "/api/v2/persons"))
        return bounds[4];
      if (g_str_equal (method, "PATCH"))
        return bounds[5];
    }
  return 0;
}

static EndpointCount *
find_endpoint (GPtrArray  *endpoints,
               const char *provider,
               const char *method,
               const char *endpoint)
{
  for (guint i = 0; i < endpoints->len; i++)
    {
      EndpointCount *count = g_ptr_array_index (endpoints, i);

      if (g_str_equal (count->provider, provider) && g_str_equal (count->method, method) &&
          g_str_equal (count->endpoint, endpoint))
        return count;
    }
  return NULL;
}

static void
add_endpoint (GPtrArray  *endpoints,
              const char *provider,
              const char *method,
              const char *endpoint,
              guint       bound)
{
  EndpointCount *count = g_new0 (EndpointCount, 1);

  count->provider = g_strdup (provider);
  count->method = g_strdup (method);
  count->endpoint = g_strdup (endpoint);
  count->bound = bound;
  g_ptr_array_add (endpoints, count);
}

static int
compare_endpoints (gconstpointer a,
                   gconstpointer b)
{
  const EndpointCount *x = *(EndpointCount * const *) a;
  const EndpointCount *y = *(EndpointCount * const *) b;
  int order = strcmp (x->provider, y->provider);

  if (order == 0)
    order = strcmp (x->endpoint, y->endpoint);
  return order != 0 ? order : strcmp (x->method, y->method);
}

/* Calls of the simulator's counters (a JSON array) per budget: HubSpot search, HubSpot's other
 * calls, Pipedrive. */
static void
count_budgets (JsonArray *counters,
               guint      budgets[3])
{
  budgets[0] = budgets[1] = budgets[2] = 0;
  for (guint i = 0; i < json_array_get_length (counters); i++)
    {
      JsonObject *counter = json_array_get_object_element (counters, i);
      const char *provider = json_object_get_string_member (counter, "provider");
      const char *endpoint = json_object_get_string_member (counter, "endpoint");
      guint calls = json_object_get_int_member (counter, "count");

      if (g_str_equal (provider, "hubspot") && g_str_has_suffix (endpoint, "/search"))
        budgets[0] += calls;
      else if (g_str_equal (provider, "hubspot"))
        budgets[1] += calls;
      else if (g_str_equal (provider, "pipedrive"))
        budgets[2] += calls;
    }
}

/* Each budget is separate and can be spent at the same time: the slowest one sets the pace. */
static double
budgets_time (const guint budgets[3])
{
  return MAX (window_time (budgets[0], HS_SEARCH_LIMIT, HS_SEARCH_WINDOW_S),
              MAX (window_time (budgets[1], HS_LIMIT, HS_WINDOW_S),
                   window_time (budgets[2], PD_LIMIT, PD_WINDOW_S)));
}

/* Closes the phase that ran (the time before the first report counts as reading) and starts
 * @phase; -1 at the end of the run. */
static void
change_phase (Bench *bench,
              int    phase)
{
  gint64 now = g_get_monotonic_time ();
  double engine_cpu = fc_bench_cpu_seconds (RUSAGE_SELF);
  double sim_cpu = fc_bench_process_cpu_seconds (bench->core.sim.pid);
  int closing = MAX (bench->phase, FC_SYNC_PHASE_FETCH);

  bench->step->phase_wall_s[closing] += (double) (now - bench->phase_start) / G_USEC_PER_SEC;
  bench->step->phase_engine_s[closing] += engine_cpu - bench->phase_engine_cpu;
  bench->step->phase_sim_s[closing] += sim_cpu - bench->phase_sim_cpu;
  bench->phase = phase;
  bench->phase_start = now;
  bench->phase_engine_cpu = engine_cpu;
  bench->phase_sim_cpu = sim_cpu;
}

/* The run starts merging and writing: it has read both sides. A sync cannot write before
 * then (it would create records the other side's listing was still to show it), so the
 * calls spent reading and those spent writing take their budgets' time one after the other. */
static void
on_progress_cb (FcSyncPhase phase,
                guint64     processed,
                gint64      total,
                gpointer    user_data)
{
  Bench *bench = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) answer = NULL;

  if ((int) phase != bench->phase)
    change_phase (bench, phase);
  if (phase != FC_SYNC_PHASE_APPLY || bench->read_phase_seen)
    return;
  bench->read_phase_seen = TRUE;
  answer = fc_bench_sim_control (&bench->core.sim, "GET", "/counters", NULL, &error);
  if (answer == NULL)
    {
      g_printerr ("Cannot read the simulator's counters: %s\n", error->message);
      return;
    }
  count_budgets (json_object_get_array_member (json_node_get_object (answer), "counters"),
                 bench->read_phase);
}

/* @bounds: HubSpot search pages, batch creates, batch updates; Pipedrive list pages, creates,
 * updates. Every endpoint with a bound shows, called or not. */
static gboolean
collect_counters (Bench        *bench,
                  StepResult   *step,
                  const guint  *bounds,
                  GError      **error)
{
  g_autofree char *json = sim_counters_json (bench, error);
  g_autoptr (JsonNode) node = json != NULL ? json_from_string (json, error) : NULL;
  JsonArray *counters;
  guint total[3];

  if (node == NULL)
    return FALSE;
  counters = json_object_get_array_member (json_node_get_object (node), "counters");
  step->endpoints = g_ptr_array_new_with_free_func ((GDestroyNotify) endpoint_count_free);
  add_endpoint (step->endpoints, "hubspot", "POST", "/crm/v3/objects/contacts/search",
                bounds[0]);
  add_endpoint (step->endpoints, "hubspot", "POST", "/crm/v3/objects/contacts/batch/create",
                bounds[1]);
  add_endpoint (step->endpoints, "hubspot", "POST", "/crm/v3/objects/contacts/batch/update",
                bounds[2]);
  add_endpoint (step->endpoints, "pipedrive", "GET", "/api/v2/persons", bounds[3]);
  add_endpoint (step->endpoints, "pipedrive", "POST", "/api/v2/persons", bounds[4]);
  add_endpoint (step->endpoints, "pipedrive", "PATCH", "/api/v2/persons/{id}", bounds[5]);

  for (guint i = 0; i < json_array_get_length (counters); i++)
    {
      JsonObject *counter = json_array_get_object_element (counters, i);
      const char *provider = json_object_get_string_member (counter, "provider");
      const char *method = json_object_get_string_member (counter, "method");
      const char *endpoint = json_object_get_string_member (counter, "endpoint");
      guint status = json_object_get_int_member (counter, "status");
      guint calls = json_object_get_int_member (counter, "count");
      EndpointCount *count = find_endpoint (step->endpoints, provider, method, endpoint);

      if (count == NULL)
        {
          add_endpoint (step->endpoints, provider, method, endpoint,
                        endpoint_bound (bounds, provider, method, endpoint));
          count = g_ptr_array_index (step->endpoints, step->endpoints->len - 1);
        }
      count->calls += calls;
      if (status == 429)
        count->throttled += calls;
      step->calls += calls;
      if (is_write (method, endpoint))
        step->writes += calls;
    }
  g_ptr_array_sort (step->endpoints, compare_endpoints);
  for (guint i = 0; i < 6; i++)
    step->bound += bounds[i];
  step->echo_bound = step->bound;

  count_budgets (counters, total);
  {
    guint writing[3];

    step->overlap_limit_s = budgets_time (total);
    if (!bench->read_phase_seen)
      step->limit_s = step->overlap_limit_s;
    else
      {
        for (guint b = 0; b < 3; b++)
          writing[b] = total[b] - MIN (total[b], bench->read_phase[b]);
        step->limit_s = budgets_time (bench->read_phase) + budgets_time (writing);
      }
  }
  return TRUE;
}

/* ---- running ----------------------------------------------------------------------------- */

static gboolean
run_step (Bench       *bench,
          Pass        *pass,
          Step         which,
          const guint *bounds,
          GError     **error)
{
  StepResult *step = &pass->steps[which];
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (FcSyncResult) sync = NULL;
  const FcSyncCounts *counts;
  double cpu_engine, cpu_sim;
  gint64 start;

  /* The simulator's clock jumped minutes on, but the connectors' own limiters count real time:
   * let their longest window pass, so that each run starts with the budgets a run minutes
   * after the one before would have (otherwise the no-op's searches slow the edits' search). */
  if (pass->limited && which != STEP_INITIAL)
    g_usleep ((gulong) (HS_WINDOW_S * G_USEC_PER_SEC));

  if (!fc_bench_sim_control_ok (&bench->core.sim, "DELETE", "/counters", NULL, error))
    return FALSE;
  pass->hwm_reset = reset_peak_rss (0) && reset_peak_rss (bench->core.sim.pid);

  start = g_get_monotonic_time ();
  cpu_engine = fc_bench_cpu_seconds (RUSAGE_SELF);
  cpu_sim = fc_bench_process_cpu_seconds (bench->core.sim.pid);
  bench->read_phase_seen = FALSE;
  bench->step = step;
  bench->phase = -1;
  bench->phase_start = start;
  bench->phase_engine_cpu = cpu_engine;
  bench->phase_sim_cpu = cpu_sim;
  fc_engine_sync_async (bench->core.engine, bench->mapping, NULL, NULL, on_progress_cb, bench,
                        fc_bench_on_done_cb, &result);
  sync = fc_engine_sync_finish (bench->core.engine, fc_bench_wait_for (&result), error);
  change_phase (bench, -1);
  step->wall_s = (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
  step->engine_cpu_s = fc_bench_cpu_seconds (RUSAGE_SELF) - cpu_engine;
  step->sim_cpu_s = fc_bench_process_cpu_seconds (bench->core.sim.pid) - cpu_sim;
  step->peak_kb = read_status_kb (0, "VmHWM");
  step->rss_kb = read_status_kb (0, "VmRSS");
  step->sim_peak_kb = read_status_kb (bench->core.sim.pid, "VmHWM");
  /* Per-arena totals of the engine's process on stderr */
  if (g_getenv ("FC_BENCH_MALLOC_STATS") != NULL)
    {
      g_printerr ("-- malloc arenas after the %s step:\n", step_names[which]);
      malloc_stats ();
      g_printerr ("sqlite: %" G_GINT64_FORMAT " bytes in use, %" G_GINT64_FORMAT " at most\n",
                  (gint64) sqlite3_memory_used (), (gint64) sqlite3_memory_highwater (TRUE));
    }
  if (sync == NULL)
    return FALSE;

  counts = fc_sync_result_get_counts (sync);
  step->fetched = counts->fetched;
  step->created = counts->created;
  step->updated = counts->updated;
  step->failed = counts->failed;
  step->conflicts = counts->conflicts;
  step->status = fc_enum_to_nick (FC_TYPE_SYNC_STATUS, fc_sync_result_get_status (sync));
  return collect_counters (bench, step, bounds, error);
}

static gboolean
advance_clock (Bench   *bench,
               GError **error)
{
  g_autofree char *body = g_strdup_printf ("{\"advance_ms\":%d}", CLOCK_STEP_MS);

  return fc_bench_sim_control_ok (&bench->core.sim, "POST", "/clock", body, error);
}

static gboolean
run_pass (Pass     *pass,
          GError  **error)
{
  Bench bench = { 0 };
  guint size = pass->size;
  guint shared = size / SHARED_DIVISOR;
  guint hs_edits = 0, pd_edits = 0;
  gboolean ok = FALSE;

  if (!bench_set_up (&bench, pass->limited, error))
    goto out;

  reset_peak_rss (0);
  pass->base_kb = read_status_kb (0, "VmRSS");
  pass->sim_base_kb = read_status_kb (bench.core.sim.pid, "VmRSS");
  if (!seed_records (&bench, size, error))
    goto out;
  pass->sim_seeded_kb = read_status_kb (bench.core.sim.pid, "VmRSS");
  pass->seeded_records = size + shared;
  /* The records were there before FluxCascade was connected: the clock moves on before the
   * first sync too, so that no listing's overlap window reaches back to the seeding. */
  if (!advance_clock (&bench, error))
    goto out;

  {
    /* HubSpot holds the shared records, Pipedrive all: read both, create the rest in HubSpot. */
    const guint bounds[6] = { pages (shared, HS_LIST_PAGE), ceil_div (size - shared, HS_BATCH),
                              0, pages (size, PD_LIST_PAGE), 0, 0 };

    if (!run_step (&bench, pass, STEP_INITIAL, bounds, error))
      goto out;
  }
  {
    const guint bounds[6] = { 1, 0, 0, 1, 0, 0 };

    if (!advance_clock (&bench, error))
      goto out;
    if (!run_step (&bench, pass, STEP_NOOP, bounds, error))
      goto out;
    /* The records the initial sync created in HubSpot are changes since its cursor. */
    pass->steps[STEP_NOOP].echo_bound += pages (size - shared, HS_LIST_PAGE) - 1;
  }
  if (!advance_clock (&bench, error))
    goto out;
  if (!edit_records (&bench, size, &hs_edits, &pd_edits, error))
    goto out;
  {
    /* HubSpot edits go to Pipedrive one PATCH each; Pipedrive edits to HubSpot in batches. */
    const guint bounds[6] = { pages (hs_edits, HS_LIST_PAGE), 0, ceil_div (pd_edits, HS_BATCH),
                              pages (pd_edits, PD_LIST_PAGE), 0, hs_edits };

    if (!run_step (&bench, pass, STEP_EDITS, bounds, error))
      goto out;
  }
  ok = TRUE;

out:
  bench_tear_down (&bench);
  return ok;
}

/* ---- the report -------------------------------------------------------------------------- */

static double
ratio (guint calls,
       guint bound)
{
  return bound == 0 ? (calls == 0 ? 1.0 : INFINITY) : (double) calls / bound;
}

static void
print_pass (const Pass *pass)
{
  guint shared = pass->size / SHARED_DIVISOR;
  double per_record = pass->seeded_records > 0
    ? (double) (pass->sim_seeded_kb - pass->sim_base_kb) * 1024.0 / pass->seeded_records : 0;

  printf ("\n== N = %u, %s ==\n", pass->size,
          pass->limited ? "simulator rate limits ON (real limits, engine's own limiters)"
                        : "engine speed (simulator limits off, engine limiters lifted)");
  printf ("data: %u Pipedrive persons generated; %u of them pre-exist in HubSpot (same email "
          "and name)\n", pass->size, shared);
  printf ("engine process RSS: %.1f MB ready and empty; the simulator runs in a process of its "
          "own (its store: %.1f MB for %u seeded records, %.0f bytes/record)\n",
          mb (pass->base_kb), mb (pass->sim_seeded_kb - pass->sim_base_kb),
          pass->seeded_records, per_record);
  printf ("peak RSS is %s\n\n", pass->hwm_reset ? "VmHWM reset before each step"
                                                : "the running peak (VmHWM could not be reset)");

  printf ("%-9s %-9s %8s %7s %7s %9s %7s %7s %9s %8s %8s %8s %7s %6s %6s %7s %7s",
          "step", "status", "wall s", "fetched", "written", "rec/s", "eng cpu", "sim cpu",
          "rec/cpu s", "peak MB", "sim MB",
          "eng MB", "calls", "bound", "ratio", "echo bd", "writes");
  if (pass->limited)
    printf (" %8s %8s %7s", "limit s", "lim ovl", "wall/lim");
  printf ("\n");

  for (guint i = 0; i < N_STEPS; i++)
    {
      const StepResult *step = &pass->steps[i];
      printf ("%-9s %-9s %8.2f %7u %7u %9.0f %7.2f %7.2f %9.0f %8.1f %8.1f %8.1f %7u %6u %6.2f "
              "%7u %7u",
              step_names[i], step->status != NULL ? step->status : "-", step->wall_s,
              step->fetched, step->created + step->updated,
              step->wall_s > 0 ? step->fetched / step->wall_s : 0, step->engine_cpu_s,
              step->sim_cpu_s,
              step->engine_cpu_s > 0 ? step->fetched / step->engine_cpu_s : 0,
              mb (step->peak_kb),
              mb (step->sim_peak_kb), mb (step->peak_kb - pass->base_kb), step->calls,
              step->bound, ratio (step->calls, step->bound), step->echo_bound, step->writes);
      if (pass->limited)
        printf (" %8.2f %8.2f %7.2f", step->limit_s, step->overlap_limit_s,
                step->limit_s > 0 ? step->wall_s / step->limit_s : INFINITY);
      printf ("\n");
    }

  printf ("\n%-9s %-12s %8s %8s %8s %8s\n", "step", "phase", "wall s", "eng cpu", "sim cpu",
          "waited");
  for (guint i = 0; i < N_STEPS; i++)
    for (guint j = 0; j < N_PHASES; j++)
      {
        const StepResult *step = &pass->steps[i];

        printf ("%-9s %-12s %8.3f %8.3f %8.3f %8.3f\n", step_names[i], phase_names[j],
                step->phase_wall_s[j], step->phase_engine_s[j], step->phase_sim_s[j],
                MAX (step->phase_wall_s[j] - step->phase_engine_s[j], 0));
      }

  printf ("\n%-9s %-9s %-6s %-40s %7s %6s %6s %5s\n", "step", "provider", "method", "endpoint",
          "calls", "bound", "ratio", "429s");
  for (guint i = 0; i < N_STEPS; i++)
    {
      const StepResult *step = &pass->steps[i];

      for (guint j = 0; step->endpoints != NULL && j < step->endpoints->len; j++)
        {
          const EndpointCount *count = g_ptr_array_index (step->endpoints, j);

          if (count->calls == 0 && count->bound == 0)
            continue;
          printf ("%-9s %-9s %-6s %-40s %7u %6u %6.2f %5u\n", step_names[i], count->provider,
                  count->method, count->endpoint, count->calls, count->bound,
                  ratio (count->calls, count->bound), count->throttled);
        }
    }
}

static const char *
verdict (gboolean met)
{
  return met ? "met" : "NOT met";
}

static void
print_targets (GPtrArray *passes)
{
  printf ("\n== targets (issue 5) ==\n");
  for (guint i = 0; i < passes->len; i++)
    {
      const Pass *pass = g_ptr_array_index (passes, i);
      const StepResult *initial = &pass->steps[STEP_INITIAL];
      gboolean calls_met = TRUE;
      double worst = 0;

      for (guint s = 0; s < N_STEPS; s++)
        {
          double r = ratio (pass->steps[s].calls, pass->steps[s].bound);

          worst = MAX (worst, r);
          calls_met = calls_met && r <= 1.02;
        }

      printf ("N=%-7u %-7s API calls within 2%% of the lower bound: %s (worst step ratio %.2f)\n",
              pass->size, pass->limited ? "limits" : "speed", verdict (calls_met), worst);
      printf ("N=%-7u %-7s zero writes in the no-op run: %s (%u writes)\n", pass->size,
              pass->limited ? "limits" : "speed", verdict (pass->steps[STEP_NOOP].writes == 0),
              pass->steps[STEP_NOOP].writes);
      if (!pass->limited)
        {
          double rate = initial->wall_s > 0 ? initial->fetched / initial->wall_s : 0;

          double cpu_rate = initial->engine_cpu_s > 0
            ? initial->fetched / initial->engine_cpu_s : 0;

          printf ("N=%-7u speed   >= 20,000 records/s (initial sync): %s (%.0f records/s of "
                  "wall time; %.0f per second of the engine process's CPU time)\n",
                  pass->size, verdict (rate >= 20000), rate, cpu_rate);
        }
      if (!pass->limited && pass->size >= 100000)
        {
          gint64 peak = 0, engine = 0;

          for (guint s = 0; s < N_STEPS; s++)
            {
              peak = MAX (peak, pass->steps[s].peak_kb);
              engine = MAX (engine, pass->steps[s].peak_kb - pass->base_kb);
            }
          printf ("N=%-7u speed   peak RSS < 64 MB: %s for the engine's process (%.1f MB; the "
                  "simulator runs apart), %s above its ready, empty RSS (%.1f MB)\n", pass->size,
                  verdict (peak < 64 * 1024), mb (peak), verdict (engine < 64 * 1024),
                  mb (engine));
        }
      if (pass->limited)
        {
          double wall = 0, limit = 0, bound_wall = 0, bound_limit = 0;

          for (guint s = 0; s < N_STEPS; s++)
            {
              const StepResult *step = &pass->steps[s];

              wall += step->wall_s;
              limit += step->limit_s;
              if (step->limit_s <= 0)
                continue;
              bound_wall += step->wall_s;
              bound_limit += step->limit_s;
              printf ("N=%-7u limits  %-8s wall within 10%% of the limit-imposed time: %s "
                      "(%.2f s against %.2f s, ratio %.2f)\n", pass->size, step_names[s],
                      verdict (step->wall_s <= step->limit_s * 1.10), step->wall_s,
                      step->limit_s, step->wall_s / step->limit_s);
            }
          printf ("N=%-7u limits  wall time within 10%% of the limit-imposed time, steps the "
                  "limits slow: %s (%.1f s against %.1f s, ratio %.2f)\n", pass->size,
                  verdict (bound_wall <= bound_limit * 1.10), bound_wall, bound_limit,
                  bound_limit > 0 ? bound_wall / bound_limit : 0);
          printf ("N=%-7u limits  wall time within 10%% of the limit-imposed time, all three "
                  "steps: %s (%.1f s against %.1f s, ratio %.2f)\n", pass->size,
                  verdict (wall <= limit * 1.10), wall, limit, limit > 0 ? wall / limit : 0);
        }
    }
}

/* ---- main -------------------------------------------------------------------------------- */

static GArray *
parse_sizes (const char  *text,
             GError     **error)
{
  g_auto (GStrv) parts = g_strsplit (text, ",", -1);
  g_autoptr (GArray) sizes = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; parts[i] != NULL; i++)
    {
      guint64 value;

      if (!g_ascii_string_to_unsigned (g_strstrip (parts[i]), 10, 10, 10000000, &value, error))
        {
          g_prefix_error (error, "--sizes: ");
          return NULL;
        }
      g_array_append_val (sizes, value);
    }
  return g_steal_pointer (&sizes);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) sizes = NULL;
  g_autoptr (GPtrArray) passes = g_ptr_array_new_with_free_func ((GDestroyNotify) pass_free);
  g_autofree char *sizes_text = NULL;
  g_autofree char *keyring_dir = NULL;
  gboolean quick = FALSE;
  gboolean no_limits_pass = FALSE;
  gint limited_size = 10000;
  const GOptionEntry entries[] = {
    { "sizes", 's', 0, G_OPTION_ARG_STRING, &sizes_text,
      "Record counts to run, comma-separated (default 10000,100000)", "N,N" },
    { "quick", 'q', 0, G_OPTION_ARG_NONE, &quick,
      "1,000 records only, in both passes", NULL },
    { "limited-size", 'l', 0, G_OPTION_ARG_INT, &limited_size,
      "Records in the pass with the real rate limits (default 10000; 0 skips it)", "N" },
    { "no-limits-pass", 0, 0, G_OPTION_ARG_NONE, &no_limits_pass,
      "Skip the pass with the real rate limits", NULL },
    { NULL }
  };

  context = g_option_context_new ("- benchmark the sync engine on the provider simulator");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (quick)
    {
      g_free (sizes_text);
      sizes_text = g_strdup ("1000");
      limited_size = 1000;
    }
  sizes = parse_sizes (sizes_text != NULL ? sizes_text : "10000,100000", &error);
  if (sizes == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (no_limits_pass)
    limited_size = 0;

  keyring_dir = fc_bench_use_private_keyring (&error);
  if (keyring_dir == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  /* Each pass runs in a child process of its own, so that it starts from a fresh heap and its
   * RSS figures are its own. Nothing has started a thread yet. */
  for (guint i = 0; i <= sizes->len; i++)
    {
      Pass *pass = g_new0 (Pass, 1);
      pid_t pid;
      int status = 0;

      if (i < sizes->len)
        pass->size = g_array_index (sizes, guint, i);
      else if (limited_size > 0)
        {
          pass->size = (guint) limited_size;
          pass->limited = TRUE;
        }
      else
        {
          g_free (pass);
          break;
        }
      g_ptr_array_add (passes, pass);

      fflush (stdout);
      pid = fork ();
      if (pid < 0)
        {
          g_printerr ("Cannot start the pass N=%u: %s\n", pass->size, g_strerror (errno));
          continue;
        }
      if (pid == 0)
        {
          g_autoptr (GPtrArray) one = g_ptr_array_new ();

          if (!run_pass (pass, &error))
            printf ("\nN=%u%s stopped: %s\n", pass->size, pass->limited ? " (limits)" : "",
                    error->message);
          print_pass (pass);
          g_ptr_array_add (one, pass);
          print_targets (one);
          fflush (stdout);
          _exit (0);
        }
      while (waitpid (pid, &status, 0) < 0 && errno == EINTR)
        ;
      if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
        printf ("\nN=%u%s: the pass ended abnormally (status %d)\n", pass->size,
                pass->limited ? " (limits)" : "", status);
    }

  fc_bench_remove_tree (keyring_dir);
  return 0;
}
