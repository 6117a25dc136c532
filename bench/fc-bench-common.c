/* fc-bench-common.c: what the benchmarks share: the provider simulator in a process of its own
 * and its control API, CPU time from getrusage () and /proc, the engine's set-up against the
 * simulator
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-bench"

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fc-bench-common.h"
#include "fc-hubspot-connector-private.h"
#include "fc-pipedrive-connector-private.h"
#include "fc-sim.h"

/* ---- waiting ------------------------------------------------------------------------------ */

/* Keeps the result of an async call in the GAsyncResult * that @user_data points to. */
void
fc_bench_on_done_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Dispatches the default main context until fc_bench_on_done_cb () has set *@result. */
GAsyncResult *
fc_bench_wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

/* ---- CPU time and files ------------------------------------------------------------------- */

/* User and system time of this process (RUSAGE_SELF) or its waited-for children, all threads */
double
fc_bench_cpu_seconds (int who)
{
  struct rusage usage;

  if (getrusage (who, &usage) != 0)
    return 0;
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

/* User and system time of another process, from /proc/PID/stat (fields 14 and 15). */
double
fc_bench_process_cpu_seconds (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *text = NULL;
  g_auto (GStrv) fields = NULL;
  const char *rest;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (rest = strrchr (text, ')')) == NULL)
    return 0;
  /* After the name: state is field 3, utime 14, stime 15 */
  fields = g_strsplit (rest + 2, " ", 14);
  if (g_strv_length (fields) < 14)
    return 0;
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) /
         sysconf (_SC_CLK_TCK);
}

/* Removes @path and everything below it, as far as it can. */
void
fc_bench_remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        fc_bench_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* Tokens go to a keyring file of the run's own (libsecret's file backend), unless the caller
 * set up a keyring (SECRET_BACKEND). Returns the keyring's temporary folder, for
 * fc_bench_remove_tree () at the end. */
char *
fc_bench_use_private_keyring (GError **error)
{
  g_autofree char *keyring_dir = g_dir_make_tmp ("fc-bench-keyring-XXXXXX", error);
  g_autofree char *keyring = NULL;

  if (keyring_dir == NULL)
    return NULL;
  keyring = g_build_filename (keyring_dir, "bench.keyring", NULL);
  if (g_getenv ("SECRET_BACKEND") == NULL)
    {
      g_setenv ("SECRET_BACKEND", "file", TRUE);
      g_setenv ("SECRET_FILE_TEST_PATH", keyring, TRUE);
      g_setenv ("SECRET_FILE_TEST_PASSWORD", "bench", TRUE);
    }
  return g_steal_pointer (&keyring_dir);
}

/* ---- the simulator's process -------------------------------------------------------------- */

/* The simulator's process: serves on its own main context until it is sent SIGTERM, or its
 * parent ends. Writes its URLs to @fd, one a line (base, then API and auth of HubSpot and of
 * Pipedrive), then serves. */
G_GNUC_NORETURN static void
sim_process_main (int                      fd,
                  const FcBenchSimOptions *options)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (FcSim) sim = NULL;
  g_autoptr (GString) urls = g_string_new (NULL);
  const char * const providers[] = { "hubspot", "pipedrive" };

  prctl (PR_SET_PDEATHSIG, SIGTERM);
  sim = fc_sim_new ();
  fc_sim_set_seed (sim, options->seed);
  if (!fc_sim_add_static_token (sim, "hubspot", options->hubspot_token, &error) ||
      !fc_sim_add_static_token (sim, "pipedrive", options->pipedrive_token, &error) ||
      !fc_sim_start (sim, 0, &error))
    {
      g_printerr ("The simulator cannot start: %s\n", error->message);
      _exit (1);
    }
  fc_sim_set_rate_limits_enabled (sim, "hubspot", options->rate_limits);
  fc_sim_set_rate_limits_enabled (sim, "pipedrive", options->rate_limits);

  g_string_append_printf (urls, "%s\n", fc_sim_get_base_url (sim));
  for (guint i = 0; i < G_N_ELEMENTS (providers); i++)
    {
      g_autofree char *api = fc_sim_get_api_base_url (sim, providers[i]);
      g_autofree char *auth = fc_sim_get_auth_base_url (sim, providers[i]);

      g_string_append_printf (urls, "%s\n%s\n", api, auth);
    }
  if (write (fd, urls->str, urls->len) != (gssize) urls->len)
    _exit (1);
  close (fd);

  while (TRUE)
    g_main_context_iteration (NULL, TRUE);
}

/* Forks the simulator's process and reads its URLs. Call it before any thread starts. */
gboolean
fc_bench_sim_start (FcBenchSim               *sim,
                    const FcBenchSimOptions  *options,
                    GError                  **error)
{
  g_autoptr (GString) text = g_string_new (NULL);
  g_auto (GStrv) lines = NULL;
  int fds[2];
  char buffer[512];
  gssize n;

  if (pipe (fds) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "pipe: %s",
                   g_strerror (errno));
      return FALSE;
    }
  fflush (stdout);
  sim->pid = fork ();
  if (sim->pid < 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   "Cannot start the simulator's process: %s", g_strerror (errno));
      return FALSE;
    }
  if (sim->pid == 0)
    {
      close (fds[0]);
      sim_process_main (fds[1], options);
    }

  close (fds[1]);
  while ((n = read (fds[0], buffer, sizeof buffer)) > 0 || (n < 0 && errno == EINTR))
    if (n > 0)
      g_string_append_len (text, buffer, n);
  close (fds[0]);

  lines = g_strsplit (text->str, "\n", -1);
  if (g_strv_length (lines) < 5)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The simulator did not start");
      return FALSE;
    }
  sim->url = g_strdup (lines[0]);
  for (guint i = 0; i < 2; i++)
    {
      sim->api_urls[i] = g_strdup (lines[1 + 2 * i]);
      sim->auth_urls[i] = g_strdup (lines[2 + 2 * i]);
    }
  sim->session = soup_session_new ();
  return TRUE;
}

/* Ends the simulator's process (if it runs) and frees the rest; @sim can start again. */
void
fc_bench_sim_stop (FcBenchSim *sim)
{
  if (sim->pid > 0)
    {
      kill (sim->pid, SIGTERM);
      while (waitpid (sim->pid, NULL, 0) < 0 && errno == EINTR)
        ;
      sim->pid = 0;
    }
  g_clear_object (&sim->session);
  g_clear_pointer (&sim->url, g_free);
  for (guint i = 0; i < 2; i++)
    {
      g_clear_pointer (&sim->api_urls[i], g_free);
      g_clear_pointer (&sim->auth_urls[i], g_free);
    }
}

/* A call to the simulator's control API (tests/sim/README.md): @method on /_control@path with
 * the JSON @body, or none. Its answer, JSON null when empty. */
JsonNode *
fc_bench_sim_control (FcBenchSim  *sim,
                      const char  *method,
                      const char  *path,
                      const char  *body,
                      GError     **error)
{
  g_autofree char *url = g_strconcat (sim->url, "/_control", path, NULL);
  g_autoptr (SoupMessage) message = soup_message_new (method, url);
  g_autoptr (GBytes) answer = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  const char *data;
  gsize size = 0;
  guint status;

  if (body != NULL)
    {
      g_autoptr (GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (message, "application/json", bytes);
    }
  if (sim->serve_main_context)
    {
      g_autoptr (GAsyncResult) result = NULL;

      soup_session_send_and_read_async (sim->session, message, G_PRIORITY_DEFAULT, NULL,
                                        fc_bench_on_done_cb, &result);
      answer = soup_session_send_and_read_finish (sim->session, fc_bench_wait_for (&result),
                                                  error);
    }
  else
    answer = soup_session_send_and_read (sim->session, message, NULL, error);
  if (answer == NULL)
    return NULL;
  data = g_bytes_get_data (answer, &size);
  status = soup_message_get_status (message);
  if (status >= 300)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s %s: HTTP %u: %.*s", method, path,
                   status, (int) size, data != NULL ? data : "");
      return NULL;
    }
  if (size == 0)
    return json_node_new (JSON_NODE_NULL);
  if (!json_parser_load_from_data (parser, data, (gssize) size, error))
    return NULL;
  return json_node_ref (json_parser_get_root (parser));
}

/* A control call whose answer does not matter, only whether it succeeded */
gboolean
fc_bench_sim_control_ok (FcBenchSim  *sim,
                         const char  *method,
                         const char  *path,
                         const char  *body,
                         GError     **error)
{
  g_autoptr (JsonNode) answer = fc_bench_sim_control (sim, method, path, body, error);

  return answer != NULL;
}

/* Seeds a HubSpot contact (no webhook) from @body_json ({"properties":{...}}); its id. */
char *
fc_bench_sim_seed_hubspot_contact (FcBenchSim  *sim,
                                   const char  *body_json,
                                   GError     **error)
{
  g_autoptr (JsonNode) created = fc_bench_sim_control (sim, "POST",
                                                       "/records/hubspot/contacts?mode=seed",
                                                       body_json, error);
  const char *id;

  if (created == NULL)
    return NULL;
  id = JSON_NODE_HOLDS_OBJECT (created)
    ? json_object_get_string_member_with_default (json_node_get_object (created), "id", NULL)
    : NULL;
  if (id == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "The simulator did not say which id the HubSpot contact got");
      return NULL;
    }
  return g_strdup (id);
}

/* ---- the engine against the simulator ----------------------------------------------------- */

/* Adds a connection to @provider (HubSpot or Pipedrive) at the simulator's URLs, with @token. */
static FcConnection *
add_connection (FcEngine          *engine,
                const FcBenchSim  *sim,
                FcProvider         provider,
                const char        *token,
                GError           **error)
{
  g_autoptr (FcConnection) connection = fc_connection_new (provider);
  guint which = provider == FC_PROVIDER_HUBSPOT ? 0 : 1;
  g_autoptr (GAsyncResult) result = NULL;

  fc_connection_set_api_base_url (connection, sim->api_urls[which]);
  fc_connection_set_auth_base_url (connection, sim->auth_urls[which]);
  fc_engine_add_connection_async (engine, connection, token, NULL, NULL, NULL,
                                  fc_bench_on_done_cb, &result);
  return fc_engine_add_connection_finish (engine, fc_bench_wait_for (&result), error);
}

/* With the simulator's limits off, the connectors' own limiters (which pace calls to the real
 * providers' budgets) would be all that is measured: lift them so the engine is. */
static gboolean
lift_client_limits (FcEngine      *engine,
                    FcConnection  *hubspot,
                    FcConnection  *pipedrive,
                    GError       **error)
{
  FcConnector *hubspot_connector = fc_engine_get_connector (engine, hubspot, error);
  FcConnector *pipedrive_connector;

  if (hubspot_connector == NULL)
    return FALSE;
  pipedrive_connector = fc_engine_get_connector (engine, pipedrive, error);
  if (pipedrive_connector == NULL)
    return FALSE;

  fc_rate_limiter_set_limit (_fc_hubspot_connector_get_limiter (
                               FC_HUBSPOT_CONNECTOR (hubspot_connector)), G_MAXINT, 1);
  fc_rate_limiter_set_limit (_fc_hubspot_connector_get_search_limiter (
                               FC_HUBSPOT_CONNECTOR (hubspot_connector)), G_MAXINT, 1);
  fc_rate_limiter_set_limit (_fc_pipedrive_connector_get_limiter (
                               FC_PIPEDRIVE_CONNECTOR (pipedrive_connector)), G_MAXINT, 1);
  return TRUE;
}

/* With the simulator started (@core's sim, from @options): a store in a new temporary folder
 * named after @data_dir_template, the engine on it, a connection to each provider with the
 * simulator's static tokens, and the connectors' limiters lifted if @lift_limits. */
gboolean
fc_bench_engine_set_up (FcBenchEngine            *core,
                        const FcBenchSimOptions  *options,
                        const char               *data_dir_template,
                        gboolean                  lift_limits,
                        GError                  **error)
{
  core->data_dir = g_dir_make_tmp (data_dir_template, error);
  if (core->data_dir == NULL)
    return FALSE;
  core->engine = fc_engine_new (core->data_dir, error);
  if (core->engine == NULL)
    return FALSE;
  core->hubspot = add_connection (core->engine, &core->sim, FC_PROVIDER_HUBSPOT,
                                  options->hubspot_token, error);
  if (core->hubspot == NULL)
    return FALSE;
  core->pipedrive = add_connection (core->engine, &core->sim, FC_PROVIDER_PIPEDRIVE,
                                    options->pipedrive_token, error);
  if (core->pipedrive == NULL)
    return FALSE;
  return !lift_limits ||
         lift_client_limits (core->engine, core->hubspot, core->pipedrive, error);
}

/* Drops the connections and the engine, ends the simulator's process and removes the store.
 * Whatever else holds the engine's objects (a mapping) must let go first. */
void
fc_bench_engine_clear (FcBenchEngine *core)
{
  g_clear_object (&core->hubspot);
  g_clear_object (&core->pipedrive);
  g_clear_object (&core->engine);
  fc_bench_sim_stop (&core->sim);
  if (core->data_dir != NULL)
    fc_bench_remove_tree (core->data_dir);
  g_clear_pointer (&core->data_dir, g_free);
}

/* A mapping named @name of HubSpot contacts to Pipedrive persons, newest wins, with no field
 * pairs yet. */
FcMapping *
fc_bench_contacts_mapping_new (const char   *name,
                               FcConnection *hubspot,
                               FcConnection *pipedrive,
                               FcDirection   direction)
{
  FcMapping *mapping = fc_mapping_new ();

  fc_mapping_set_name (mapping, name);
  fc_mapping_set_source_connection_id (mapping, fc_connection_get_id (hubspot));
  fc_mapping_set_source_object (mapping, "contacts");
  fc_mapping_set_target_connection_id (mapping, fc_connection_get_id (pipedrive));
  fc_mapping_set_target_object (mapping, "persons");
  fc_mapping_set_direction (mapping, direction);
  fc_mapping_set_conflict_strategy (mapping, FC_CONFLICT_STRATEGY_NEWEST_WINS);
  return mapping;
}

/* Saves @mapping; the engine's own copy of it, as later syncs use it. */
FcMapping *
fc_bench_save_mapping (FcEngine   *engine,
                       FcMapping  *mapping,
                       GError    **error)
{
  if (!fc_engine_save_mapping (engine, mapping, error))
    return NULL;
  return g_object_ref (fc_engine_lookup_mapping (engine, fc_mapping_get_id (mapping)));
}
