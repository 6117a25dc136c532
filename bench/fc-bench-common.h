/* fc-bench-common.h: what the benchmarks share: the provider simulator in a process of its own
 * and its control API, CPU time from getrusage () and /proc, the engine's set-up against the
 * simulator
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "fc-engine.h"

G_BEGIN_DECLS

/* How the simulator's process starts: its random seed, the static token of each provider, and
 * whether it enforces the providers' real rate limits. */
typedef struct {
  guint32     seed;
  const char *hubspot_token;
  const char *pipedrive_token;
  gboolean    rate_limits;
} FcBenchSimOptions;

/* The simulator, serving from a process of its own (forked before anything else starts, so that
 * the engine's process is measured alone), and a session for its control API. */
typedef struct {
  GPid         pid;
  char        *url;                 /* base URL; the control API is below /_control */
  char        *api_urls[2];         /* HubSpot, Pipedrive */
  char        *auth_urls[2];
  SoupSession *session;
  /* While waiting for a control call's answer, dispatch the default main context (so that a
   * listener in this process keeps serving); otherwise the call blocks. */
  gboolean     serve_main_context;
} FcBenchSim;

gboolean      fc_bench_sim_start                 (FcBenchSim               *sim,
                                                  const FcBenchSimOptions  *options,
                                                  GError                  **error);
void          fc_bench_sim_stop                  (FcBenchSim               *sim);
JsonNode     *fc_bench_sim_control               (FcBenchSim               *sim,
                                                  const char               *method,
                                                  const char               *path,
                                                  const char               *body,
                                                  GError                  **error);
gboolean      fc_bench_sim_control_ok            (FcBenchSim               *sim,
                                                  const char               *method,
                                                  const char               *path,
                                                  const char               *body,
                                                  GError                  **error);
char         *fc_bench_sim_seed_hubspot_contact  (FcBenchSim               *sim,
                                                  const char               *body_json,
                                                  GError                  **error);

/* Waiting for an async call on the default main context */
void          fc_bench_on_done_cb                (GObject                  *source,
                                                  GAsyncResult             *result,
                                                  gpointer                  user_data);
GAsyncResult *fc_bench_wait_for                  (GAsyncResult            **result);

/* CPU time */
double        fc_bench_cpu_seconds               (int                       who);
double        fc_bench_process_cpu_seconds       (GPid                      pid);

/* Files */
void          fc_bench_remove_tree               (const char               *path);
char         *fc_bench_use_private_keyring       (GError                  **error);

/* The engine in this process and its connections to the simulator's HubSpot and Pipedrive */
typedef struct {
  FcBenchSim    sim;
  char         *data_dir;            /* the engine's store, removed by fc_bench_engine_clear () */
  FcEngine     *engine;
  FcConnection *hubspot;
  FcConnection *pipedrive;
} FcBenchEngine;

gboolean      fc_bench_engine_set_up             (FcBenchEngine            *core,
                                                  const FcBenchSimOptions  *options,
                                                  const char               *data_dir_template,
                                                  gboolean                  lift_limits,
                                                  GError                  **error);
void          fc_bench_engine_clear              (FcBenchEngine            *core);
FcMapping    *fc_bench_contacts_mapping_new      (const char               *name,
                                                  FcConnection             *hubspot,
                                                  FcConnection             *pipedrive,
                                                  FcDirection               direction);
FcMapping    *fc_bench_save_mapping              (FcEngine                 *engine,
                                                  FcMapping                *mapping,
                                                  GError                  **error);

G_END_DECLS
