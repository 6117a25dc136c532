/* fc-soak.c: the fault-injection soak: the engine, its webhook listener and its notifier run for
 * a set time against the provider simulator while a driver edits, creates and deletes records
 * on both sides and injects faults (errors, 429 storms, slow and dropped connections, token
 * expiry, the engine's process killed, the disk full); then everything quiesces and the soak
 * checks that both sides converged with nothing lost or duplicated
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Processes: this one (the driver, the checks and the receiver of outbound webhooks, on a
 * thread), the simulator (forked first), and the engine (this program again, --engine-child,
 * started anew after each kill). See bench/README.md.
 */

#define G_LOG_DOMAIN "fc-soak"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "fc-bench-common.h"
#include "fc-engine.h"
#include "fc-soak.h"
#include "fc-store.h"
#include "fc-test-people.h"

#define HUBSPOT_TOKEN        "pat-na1-soak-5d2b"        /* unused: HubSpot signs in with OAuth */
#define PIPEDRIVE_TOKEN      "5ac1e3b7d9f20486a1c3e5b7d9f1a3c5e7b9d1f3"
#define HUBSPOT_CLIENT_ID    "sim-hubspot-client-id"     /* the simulator's app (README) */
#define HUBSPOT_SECRET       "sim-hubspot-client-secret" /* also signs its webhooks */
#define DISK_SIZE            "12m"
#define NOTIFIER_RETRY_MS    250
#define RECEIVER_FAIL_PER_MILLE 50
/* The driver leaves a record alone this long after touching it: timestamps of one second
 * (Pipedrive's update_time) cannot order two edits closer than that on different sides. */
#define EDIT_SPACING_US      (3 * G_USEC_PER_SEC)
/* ... and this long before deleting it, so that its last edit has reached the other side */
#define DELETE_SPACING_US    (6 * G_USEC_PER_SEC)
#define QUIESCE_TIMEOUT_S    120
#define QUIET_SECONDS        6

static const char * const first_names[] = {
  "Ada", "Grace", "Hedy", "Mary", "Katherine", "Dorothy", "Radia", "Frances", "Barbara", "Joan",
};
static const char * const last_names[] = {
  "Lovelace", "Hopper", "Lamarr", "Jackson", "Johnson", "Vaughan", "Perlman", "Allen", "Liskov",
  "Clarke",
};

typedef enum {
  SIDE_HUBSPOT,
  SIDE_PIPEDRIVE,
} Side;

static const char * const side_names[] = { "hubspot", "pipedrive" };
static const char * const side_paths[] = { "/records/hubspot/contacts",
                                           "/records/pipedrive/persons" };

/* One person as the driver knows it: the ids it has seen, what it last wrote */
typedef struct {
  char     *email;
  char     *ids[2];        /* per Side, NULL until seen */
  char     *name;          /* "First Last", as last written by the driver */
  char     *phone;         /* +1XXXXXXXXXX, as last written */
  gint64    touched_us;    /* monotonic time of the last create, edit or delete */
  gint64    edited_ms;     /* wall-clock time of the last create or edit */
  gint64    name_edited_ms;  /* the same, of the name alone */
  gint64    phone_edited_ms; /* and of the phone */
  gboolean  deleted;
  gboolean  created;       /* by the driver while the soak ran */
  guint     edits;
} Person;

typedef enum {
  DISK_NONE,
  DISK_TMPFS,
  DISK_RLIMIT,
} DiskMethod;

typedef struct {
  guint duration_s;
  guint32 seed;
  gboolean quick;
  guint people;
  gboolean keep;
  gboolean no_mount;
  gboolean no_drops;
} Options;

typedef struct {
  guint kills;
  guint restarts;
  guint crashes;            /* the engine's process ended without being told to */
  guint start_refused;      /* ended at start because the disk was full */
  guint disk_full;          /* episodes */
  guint enospc_seen;        /* episodes where the ballast really reached the end of the disk */
  guint error_episodes;
  guint throttle_episodes;
  guint latency_episodes;
  guint drop_episodes;
  guint expiries;           /* clock jumps past the access tokens' lifetime */
  guint edits[2];
  guint creates[2];
  guint deletes[2];
  guint driver_errors;
} Stats;

typedef struct {
  Options          options;
  GRand           *rand;
  FcBenchSim       sim;
  char            *self_exe;
  char            *work_dir;        /* temporary: the log and the mount point */
  char            *data_dir;        /* the engine's store, on the small file system */
  char            *db_path;
  char            *ballast_path;
  char            *log_path;
  char            *keyring_dir;
  DiskMethod       disk_method;
  gboolean         mounted;
  gboolean         disk_limited;    /* the rlimit fallback's episode is on */
  guint            port;
  GPid             child;
  char            *mapping_id;
  char            *hubspot_id;      /* connection ids */
  char            *pipedrive_id;
  FcSoakReceiver  *receiver;
  GHashTable      *people;          /* email -> Person */
  GPtrArray       *order;           /* Person, in creation order */
  guint            next_email;
  Stats            stats;
  GPtrArray       *failures;        /* char *, one per failed check */
  FILE            *journal;         /* what the driver did, when (in the work folder) */
} Soak;

static void
person_free (Person *person)
{
  g_free (person->email);
  g_free (person->ids[0]);
  g_free (person->ids[1]);
  g_free (person->name);
  g_free (person->phone);
  g_free (person);
}

static void
fail (Soak       *soak,
      const char *format,
      ...) G_GNUC_PRINTF (2, 3);

static void
fail (Soak       *soak,
      const char *format,
      ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (soak->failures, g_strdup_vprintf (format, args));
  va_end (args);
}

static void
note (Soak       *soak,
      const char *format,
      ...) G_GNUC_PRINTF (2, 3);

/* A line in the driver's journal, with the wall-clock time the engine's log uses too */
static void
note (Soak       *soak,
      const char *format,
      ...)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%T.%f");
  va_list args;

  if (soak->journal == NULL)
    return;
  fprintf (soak->journal, "%.12s ", stamp);
  va_start (args, format);
  vfprintf (soak->journal, format, args);
  va_end (args);
  fputc ('\n', soak->journal);
  fflush (soak->journal);
}

static void
set_str (char       **place,
         const char  *value)
{
  char *copy = g_strdup (value);

  g_free (*place);
  *place = copy;
}

static double
uniform (Soak   *soak,
         double  low,
         double  high)
{
  return g_rand_double_range (soak->rand, low, high);
}

static gint64
after_seconds (Soak   *soak,
               double  low,
               double  high)
{
  return g_get_monotonic_time () + (gint64) (uniform (soak, low, high) * G_USEC_PER_SEC);
}

/* ---- people as the providers hold them ---------------------------------------------------- */

/* Every live record of @side: email (lower case) -> GPtrArray of FcTestPerson */
static GHashTable *
read_side (Soak     *soak,
           Side      side,
           GError  **error)
{
  g_autoptr (JsonNode) answer = fc_bench_sim_control (&soak->sim, "GET", side_paths[side], NULL,
                                                      error);
  JsonArray *records;

  if (answer == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (answer)
      || (records = json_object_get_array_member (json_node_get_object (answer),
                                                  "records")) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The simulator's %s list has no records",
                   side_names[side]);
      return NULL;
    }

  return fc_test_people_by_email (records, side == SIDE_HUBSPOT);
}

/* Learns the ids of people the driver has not seen on a side yet. */
static void
refresh_ids (Soak *soak)
{
  for (Side side = SIDE_HUBSPOT; side <= SIDE_PIPEDRIVE; side++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GHashTable) held = read_side (soak, side, &error);

      if (held == NULL)
        {
          g_printerr ("reading %s: %s\n", side_names[side], error->message);
          soak->stats.driver_errors++;
          continue;
        }
      for (guint i = 0; i < soak->order->len; i++)
        {
          Person *person = g_ptr_array_index (soak->order, i);
          GPtrArray *list;

          if (person->ids[side] != NULL || person->deleted)
            continue;
          list = g_hash_table_lookup (held, person->email);
          if (list != NULL && list->len == 1)
            person->ids[side] = g_strdup (((FcTestPerson *) g_ptr_array_index (list, 0))->id);
        }
    }
}

/* ---- bodies, as a user types them ---------------------------------------------------------- */

static char *
random_name (Soak *soak)
{
  static guint serial;

  return g_strdup_printf ("%s %s%u",
                          first_names[g_rand_int_range (soak->rand, 0, G_N_ELEMENTS (first_names))],
                          last_names[g_rand_int_range (soak->rand, 0, G_N_ELEMENTS (last_names))],
                          ++serial);
}

/* A HubSpot body {"properties":{...}} or a Pipedrive body with what is not NULL; the phone
 * typed as people type it */
static char *
person_body (Soak       *soak,
             Side        side,
             const char *email,
             const char *name,
             const char *phone)
{
  g_autofree char *typed = NULL;

  if (side == SIDE_HUBSPOT)
    return fc_test_hubspot_body (soak->rand, email, name, phone);
  typed = phone != NULL ? fc_test_typed_phone (soak->rand, phone) : NULL;
  return fc_test_pipedrive_body (email, name, typed);
}

/* Creates a person on @side, seeded (no webhook) or as a user (webhooks go out); its id */
static char *
create_on (Soak        *soak,
           Side         side,
           Person      *person,
           gboolean     seed,
           GError     **error)
{
  g_autofree char *body = person_body (soak, side, person->email, person->name, person->phone);
  g_autofree char *path = g_strconcat (side_paths[side], seed ? "?mode=seed" : "", NULL);
  g_autoptr (JsonNode) created = fc_bench_sim_control (&soak->sim, "POST", path, body, error);
  JsonNode *id;

  if (created == NULL)
    return NULL;
  id = JSON_NODE_HOLDS_OBJECT (created)
       ? json_object_get_member (json_node_get_object (created), "id") : NULL;
  if (id == NULL || !JSON_NODE_HOLDS_VALUE (id))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The simulator gave no id for %s",
                   person->email);
      return NULL;
    }
  if (json_node_get_value_type (id) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (id));
  return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (id));
}

static Person *
new_person (Soak       *soak,
            const char *tag)
{
  Person *person = g_new0 (Person, 1);

  person->email = g_strdup_printf ("soak%u-%s@example.com", soak->next_email++, tag);
  person->name = random_name (soak);
  person->phone = fc_test_random_phone (soak->rand);
  person->touched_us = g_get_monotonic_time ();
  person->edited_ms = g_get_real_time () / 1000;
  person->name_edited_ms = person->phone_edited_ms = person->edited_ms;
  g_hash_table_insert (soak->people, person->email, person);
  g_ptr_array_add (soak->order, person);
  return person;
}

/* ---- the small disk ----------------------------------------------------------------------- */

/* The engine's data folder on a file system that can fill: a tmpfs of DISK_SIZE mounted on it
 * (as root), else nothing here and a file size limit on the engine's process during
 * episodes. */
static void
prepare_disk (Soak *soak)
{
  g_autofree char *options = g_strdup_printf ("size=%s,mode=0700", DISK_SIZE);

  soak->data_dir = g_build_filename (soak->work_dir, "data", NULL);
  g_mkdir_with_parents (soak->data_dir, 0700);
  if (!soak->options.no_mount
      && mount ("fc-soak", soak->data_dir, "tmpfs", MS_NOSUID | MS_NODEV, options) == 0)
    {
      soak->mounted = TRUE;
      soak->disk_method = DISK_TMPFS;
    }
  else
    soak->disk_method = DISK_RLIMIT;
  soak->db_path = g_build_filename (soak->data_dir, FC_STORE_FILE_NAME, NULL);
  soak->ballast_path = g_build_filename (soak->data_dir, "ballast", NULL);
}

/* Writes the ballast until the file system is full; TRUE when it reached ENOSPC. */
static gboolean
fill_disk (Soak *soak)
{
  static char chunk[64 * 1024];
  int fd = open (soak->ballast_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  gboolean full = FALSE;

  if (fd < 0)
    return errno == ENOSPC;
  memset (chunk, 'x', sizeof chunk);
  while (TRUE)
    {
      ssize_t n = write (fd, chunk, sizeof chunk);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          full = errno == ENOSPC;
          break;
        }
    }
  /* The last bytes a page at a time: nothing left for SQLite */
  while (full && write (fd, chunk, 512) > 0)
    ;
  close (fd);
  return full;
}

static void
free_disk (Soak *soak)
{
  g_unlink (soak->ballast_path);
}

/* ---- the engine's process ----------------------------------------------------------------- */

static void
start_child (Soak *soak)
{
  g_autofree char *port = g_strdup_printf ("%u", soak->port);
  g_autofree char *retry = g_strdup_printf ("%u", NOTIFIER_RETRY_MS);
  char *argv[] = { soak->self_exe, (char *) "--engine-child", (char *) "--data-dir",
                   soak->data_dir, (char *) "--port", port, (char *) "--notifier-retry-ms", retry,
                   NULL };
  rlim_t limit = RLIM_INFINITY;
  int log_fd;
  pid_t pid;

  if (soak->disk_limited)
    {
      /* The fallback's disk full: no file may grow beyond the store's size now, so that the
       * write-ahead log (usually larger) fails as soon as it grows past it. The engine's log
       * lines written meanwhile are lost too. */
      struct stat info;

      limit = stat (soak->db_path, &info) == 0 ? MAX ((rlim_t) info.st_size, 4096) : 4096;
    }

  log_fd = open (soak->log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  fflush (stdout);
  fflush (stderr);
  pid = fork ();
  if (pid == 0)
    {
      struct rlimit rl = { limit, limit };
      struct rlimit core = { RLIM_INFINITY, RLIM_INFINITY };

      if (log_fd >= 0)
        {
          dup2 (log_fd, STDOUT_FILENO);
          dup2 (log_fd, STDERR_FILENO);
        }
      prctl (PR_SET_PDEATHSIG, SIGKILL);
      signal (SIGXFSZ, SIG_IGN);
      /* A crash leaves its core in the work folder (with core_pattern "core") */
      if (chdir (soak->work_dir) == 0)
        setrlimit (RLIMIT_CORE, &core);
      if (limit != RLIM_INFINITY)
        setrlimit (RLIMIT_FSIZE, &rl);
      execv (soak->self_exe, argv);
      _exit (127);
    }
  if (log_fd >= 0)
    close (log_fd);
  soak->child = pid;
}

/* Reaps the engine's process if it ended by itself; counts why. */
static void
check_child (Soak     *soak,
             gboolean  disk_full_now)
{
  int status;

  if (soak->child <= 0 || waitpid (soak->child, &status, WNOHANG) != soak->child)
    return;
  soak->child = 0;
  if (WIFEXITED (status) && WEXITSTATUS (status) == 3 && disk_full_now)
    soak->stats.start_refused++;
  else
    {
      soak->stats.crashes++;
      fail (soak, "the engine's process ended by itself (%s %d)",
            WIFSIGNALED (status) ? "signal" : "exit status",
            WIFSIGNALED (status) ? WTERMSIG (status) : WEXITSTATUS (status));
    }
}

static void
kill_child (Soak *soak)
{
  if (soak->child <= 0)
    return;
  kill (soak->child, SIGKILL);
  while (waitpid (soak->child, NULL, 0) < 0 && errno == EINTR)
    ;
  soak->child = 0;
}

/* SIGTERM, then wait (the engine finishes its run in progress) */
static gboolean
stop_child (Soak *soak)
{
  int status = 0;

  if (soak->child <= 0)
    return TRUE;
  kill (soak->child, SIGTERM);
  while (waitpid (soak->child, &status, 0) < 0 && errno == EINTR)
    ;
  soak->child = 0;
  return WIFEXITED (status) && WEXITSTATUS (status) == 0;
}

/* ---- the store, read beside the engine ---------------------------------------------------- */

static sqlite3 *
open_store (Soak *soak)
{
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (soak->db_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_busy_timeout (db, 5000);
  return db;
}

/* The first column of the first row of @sql as an integer, or -1 */
static gint64
query_int (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  if (db != NULL && sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* ---- set-up ------------------------------------------------------------------------------- */

static FcConnection *
add_connection (Soak        *soak,
                FcEngine    *engine,
                FcProvider   provider,
                const char  *token,
                GError     **error)
{
  g_autoptr (FcConnection) connection = fc_connection_new (provider);
  g_autoptr (SoupSession) browser = soup_session_new ();
  g_autoptr (GAsyncResult) result = NULL;
  guint which = provider == FC_PROVIDER_HUBSPOT ? 0 : 1;

  fc_connection_set_api_base_url (connection, soak->sim.api_urls[which]);
  fc_connection_set_auth_base_url (connection, soak->sim.auth_urls[which]);
  fc_engine_add_connection_async (engine, connection, token,
                                  token == NULL ? fc_test_open_uri_in_browser : NULL, browser, NULL,
                                  fc_bench_on_done_cb, &result);
  return fc_engine_add_connection_finish (engine, fc_bench_wait_for (&result), error);
}

/* Bidirectional and real time, newest wins, deletes followed: email (required, the match key),
 * firstname + lastname = name (concatenate), phone through phone_e164(region=US). */
static FcMapping *
people_mapping_new (FcConnection *hubspot,
                    FcConnection *pipedrive)
{
  FcMapping *mapping = fc_bench_contacts_mapping_new ("Soak people", hubspot, pipedrive,
                                                      FC_DIRECTION_BIDIRECTIONAL);
  g_autoptr (FcFieldPair) email = fc_field_pair_new_simple ("email", "email");
  g_autoptr (FcFieldPair) full_name = NULL;
  g_autoptr (FcFieldPair) phone = fc_field_pair_new_simple ("phone", "phone");
  const char * const first_last[] = { "firstname", "lastname", NULL };
  const char * const name_field[] = { "name", NULL };

  fc_mapping_set_realtime (mapping, TRUE);
  fc_mapping_set_delete_policy (mapping, FC_DELETE_POLICY_DELETE);
  fc_field_pair_set_required (email, TRUE);
  fc_mapping_add_field_pair (mapping, email);
  full_name = fc_field_pair_new (first_last, name_field);
  fc_field_pair_set_transform (full_name, "concatenate");
  fc_mapping_add_field_pair (mapping, full_name);
  fc_field_pair_set_transform (phone, "phone_e164(region=US)");
  fc_mapping_add_field_pair (mapping, phone);
  return mapping;
}

static gboolean
sync_once (FcEngine      *engine,
           FcMapping     *mapping,
           FcSyncStatus  *out_status,
           GError       **error)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (FcSyncResult) sync = NULL;

  fc_engine_sync_async (engine, mapping, NULL, NULL, NULL, NULL, fc_bench_on_done_cb, &result);
  sync = fc_engine_sync_finish (engine, fc_bench_wait_for (&result), error);
  if (sync == NULL)
    return FALSE;
  *out_status = fc_sync_result_get_status (sync);
  return TRUE;
}

/* Seeds the people (some on one side, some on both), connects, saves the mapping, links
 * everything with a first sync, points the webhooks at the listener's port and adds the
 * outbound endpoint; then lets the engine go (the child opens it again). */
static gboolean
set_up (Soak    *soak,
        GError **error)
{
  g_autoptr (FcEngine) engine = NULL;
  g_autoptr (FcConnection) hubspot = NULL;
  g_autoptr (FcConnection) pipedrive = NULL;
  g_autoptr (FcMapping) draft = NULL;
  g_autoptr (FcMapping) mapping = NULL;
  g_autoptr (FcEndpoint) endpoint = NULL;
  g_autoptr (GAsyncResult) registered = NULL;
  g_autoptr (GAsyncResult) added = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *hook_url = NULL;
  g_autofree char *hubspot_hooks = NULL;
  g_autofree char *public_url = NULL;
  g_autofree char *endpoint_url = NULL;
  FcWebhookListener *listener;
  FcSyncStatus status;

  for (guint i = 0; i < soak->options.people; i++)
    {
      guint kind = i % 5;                 /* 0, 1: HubSpot only; 2, 3: Pipedrive; 4: both */
      Person *person = new_person (soak, "seed");

      for (Side side = SIDE_HUBSPOT; side <= SIDE_PIPEDRIVE; side++)
        {
          if ((side == SIDE_HUBSPOT && kind >= 2 && kind != 4)
              || (side == SIDE_PIPEDRIVE && kind < 2))
            continue;
          person->ids[side] = create_on (soak, side, person, TRUE, error);
          if (person->ids[side] == NULL)
            return FALSE;
        }
    }

  engine = fc_engine_new (soak->data_dir, error);
  if (engine == NULL)
    return FALSE;
  hubspot = add_connection (soak, engine, FC_PROVIDER_HUBSPOT, NULL, error);
  if (hubspot == NULL)
    return FALSE;
  pipedrive = add_connection (soak, engine, FC_PROVIDER_PIPEDRIVE, PIPEDRIVE_TOKEN, error);
  if (pipedrive == NULL)
    return FALSE;
  soak->hubspot_id = g_strdup (fc_connection_get_id (hubspot));
  soak->pipedrive_id = g_strdup (fc_connection_get_id (pipedrive));

  draft = people_mapping_new (hubspot, pipedrive);
  mapping = fc_bench_save_mapping (engine, draft, error);
  if (mapping == NULL)
    return FALSE;
  soak->mapping_id = g_strdup (fc_mapping_get_id (mapping));
  if (!sync_once (engine, mapping, &status, error))
    return FALSE;
  if (status != FC_SYNC_STATUS_COMPLETED)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The first sync ended %s",
                   fc_enum_to_nick (FC_TYPE_SYNC_STATUS, status));
      return FALSE;
    }

  /* Webhooks: HubSpot's app target (signed with the app's secret), Pipedrive's registered by
   * the listener with its own credentials; both retried quickly so that what arrives while
   * the engine is down comes again. */
  listener = fc_engine_get_webhook_listener (engine);
  public_url = g_strdup_printf ("http://127.0.0.1:%u", soak->port);
  fc_webhook_listener_set_port (listener, soak->port);
  fc_webhook_listener_set_public_url (listener, public_url);
  hook_url = fc_webhook_listener_dup_url (listener, hubspot);
  hubspot_hooks = g_strdup_printf ("{\"target_url\":\"%s\",\"secret\":\"%s\",\"max_attempts\":"
                                   "12,\"retry_delays_ms\":[500,1000,2000,4000]}", hook_url,
                                   HUBSPOT_SECRET);
  if (!fc_bench_sim_control_ok (&soak->sim, "POST", "/webhooks/hubspot", hubspot_hooks, error)
      || !fc_bench_sim_control_ok (&soak->sim, "POST", "/webhooks/pipedrive",
                                   "{\"max_attempts\":12,\"retry_delays_ms\":"
                                   "[500,1000,2000,4000]}", error))
    return FALSE;
  fc_webhook_listener_register_async (listener, pipedrive, NULL, fc_bench_on_done_cb,
                                      &registered);
  if (!fc_webhook_listener_register_finish (listener, fc_bench_wait_for (&registered), error))
    return FALSE;

  endpoint_url = g_strconcat (fc_soak_receiver_get_url (soak->receiver), "hook", NULL);
  fc_notifier_add_endpoint_async (fc_engine_get_notifier (engine), endpoint_url, "soak", NULL,
                                  NULL, fc_bench_on_done_cb, &added);
  endpoint = fc_notifier_add_endpoint_finish (fc_engine_get_notifier (engine),
                                              fc_bench_wait_for (&added), &secret, error);
  if (endpoint == NULL)
    return FALSE;
  fc_soak_receiver_set_secret (soak->receiver, secret);
  return TRUE;
}

/* ---- faults ------------------------------------------------------------------------------- */

static void
set_faults (Soak       *soak,
            Side        side,
            const char *json)
{
  g_autofree char *path = g_strconcat ("/faults/", side_names[side], NULL);
  g_autoptr (GError) error = NULL;

  if (!fc_bench_sim_control_ok (&soak->sim, json != NULL ? "POST" : "DELETE", path, json,
                                &error))
    {
      g_printerr ("faults: %s\n", error->message);
      soak->stats.driver_errors++;
    }
}

/* Starts one fault episode on a random provider; it lasts until @until_us (the caller clears
 * the faults then). */
static void
inject_fault (Soak   *soak,
              gint64 *until_us)
{
  Side side = g_rand_boolean (soak->rand) ? SIDE_HUBSPOT : SIDE_PIPEDRIVE;
  g_autofree char *json = NULL;
  g_autoptr (GError) error = NULL;
  guint kind;

  *until_us = after_seconds (soak, 2, 5);
  kind = (guint) g_rand_int_range (soak->rand, 0, 5);
  /* Without dropped connections, the slot goes to 5xx */
  if (kind == 3 && soak->options.no_drops)
    kind = 0;
  switch (kind)
    {
    case 0:
      json = g_strdup_printf ("{\"error_rate\":%.2f,\"error_statuses\":[500,502,503]}",
                              uniform (soak, 0.2, 0.5));
      soak->stats.error_episodes++;
      break;
    case 1:
      json = g_strdup_printf ("{\"throttle_next\":%d,\"retry_after_s\":1}",
                              g_rand_int_range (soak->rand, 5, 25));
      soak->stats.throttle_episodes++;
      break;
    case 2:
      json = g_strdup_printf ("{\"latency_ms\":%d}", g_rand_int_range (soak->rand, 500, 3000));
      soak->stats.latency_episodes++;
      break;
    case 3:
      json = g_strdup_printf ("{\"drop_next\":%d,\"drop_rate\":0.1}",
                              g_rand_int_range (soak->rand, 1, 5));
      soak->stats.drop_episodes++;
      break;
    default:
      /* Token expiry: the simulator's clock past HubSpot's access token lifetime (30 min), so
       * the next call gets 401 EXPIRED_AUTHENTICATION and the engine must refresh. */
      if (fc_bench_sim_control_ok (&soak->sim, "POST", "/clock", "{\"advance_ms\":1801000}",
                                   &error))
        soak->stats.expiries++;
      else
        {
          g_printerr ("clock: %s\n", error->message);
          soak->stats.driver_errors++;
        }
      *until_us = 0;
      return;
    }
  note (soak, "faults %s %s", side_names[side], json);
  set_faults (soak, side, json);
}

/* ---- the driver --------------------------------------------------------------------------- */

static Person *
pick_person (Soak   *soak,
             gint64  spacing_us,
             gboolean both_sides)
{
  gint64 now = g_get_monotonic_time ();

  for (guint tries = 0; tries < 20 && soak->order->len > 0; tries++)
    {
      Person *person = g_ptr_array_index (soak->order,
                                          g_rand_int_range (soak->rand, 0, soak->order->len));

      if (person->deleted || now - person->touched_us < spacing_us)
        continue;
      if (both_sides ? (person->ids[0] == NULL || person->ids[1] == NULL)
                     : (person->ids[0] == NULL && person->ids[1] == NULL))
        continue;
      return person;
    }
  return NULL;
}

static Side
pick_side (Soak   *soak,
           Person *person)
{
  if (person->ids[SIDE_HUBSPOT] == NULL)
    return SIDE_PIPEDRIVE;
  if (person->ids[SIDE_PIPEDRIVE] == NULL)
    return SIDE_HUBSPOT;
  return g_rand_boolean (soak->rand) ? SIDE_HUBSPOT : SIDE_PIPEDRIVE;
}

static void
edit_person (Soak *soak)
{
  Person *person = pick_person (soak, EDIT_SPACING_US, FALSE);
  g_autofree char *name = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *body = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  Side side;

  if (person == NULL)
    return;
  side = pick_side (soak, person);
  if (g_rand_int_range (soak->rand, 0, 3) < 2)
    name = random_name (soak);
  else
    phone = fc_test_random_phone (soak->rand);
  body = person_body (soak, side, NULL, name, phone);
  path = g_strdup_printf ("%s/%s", side_paths[side], person->ids[side]);
  if (!fc_bench_sim_control_ok (&soak->sim, "PATCH", path, body, &error))
    {
      g_printerr ("edit %s on %s: %s\n", person->email, side_names[side], error->message);
      soak->stats.driver_errors++;
      return;
    }
  note (soak, "edit %s %s (%s): %s%s", side_names[side], person->ids[side], person->email,
        name != NULL ? name : "phone ", name != NULL ? "" : phone);
  if (name != NULL)
    set_str (&person->name, name);
  if (phone != NULL)
    set_str (&person->phone, phone);
  person->touched_us = g_get_monotonic_time ();
  person->edited_ms = g_get_real_time () / 1000;
  if (name != NULL)
    person->name_edited_ms = person->edited_ms;
  if (phone != NULL)
    person->phone_edited_ms = person->edited_ms;
  person->edits++;
  soak->stats.edits[side]++;
}

static void
create_person (Soak *soak)
{
  Side side = g_rand_boolean (soak->rand) ? SIDE_HUBSPOT : SIDE_PIPEDRIVE;
  Person *person = new_person (soak, side_names[side]);
  g_autoptr (GError) error = NULL;

  person->created = TRUE;
  person->ids[side] = create_on (soak, side, person, FALSE, &error);
  if (person->ids[side] == NULL)
    {
      /* Not created: nobody expects it */
      g_printerr ("create %s: %s\n", person->email, error->message);
      soak->stats.driver_errors++;
      person->deleted = TRUE;
      return;
    }
  note (soak, "create %s %s (%s): %s %s", side_names[side], person->ids[side], person->email,
        person->name, person->phone);
  soak->stats.creates[side]++;
}

/* Whether the engine has stored the link of @person's two records. A record the engine
 * created but had not linked yet when it was killed cannot be told, once a user deletes it,
 * from a create that never happened (the engine looks it up by its key, finds nothing and
 * creates it again): the driver deletes only linked people. */
static gboolean
is_linked (Soak   *soak,
           Person *person)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean linked = FALSE;

  if (sqlite3_open_v2 (soak->db_path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK
      && sqlite3_prepare_v2 (db, "SELECT count(*) FROM links WHERE source_record_id = ?1 AND "
                             "target_record_id = ?2", -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_busy_timeout (db, 2000);
      sqlite3_bind_text (stmt, 1, person->ids[SIDE_HUBSPOT], -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, person->ids[SIDE_PIPEDRIVE], -1, SQLITE_TRANSIENT);
      linked = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) > 0;
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return linked;
}

static void
delete_person (Soak *soak)
{
  Person *person = pick_person (soak, DELETE_SPACING_US, TRUE);
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  Side side;

  if (person == NULL || !is_linked (soak, person))
    return;
  side = pick_side (soak, person);
  path = g_strdup_printf ("%s/%s", side_paths[side], person->ids[side]);
  if (!fc_bench_sim_control_ok (&soak->sim, "DELETE", path, NULL, &error))
    {
      g_printerr ("delete %s on %s: %s\n", person->email, side_names[side], error->message);
      soak->stats.driver_errors++;
      return;
    }
  person->deleted = TRUE;
  person->touched_us = g_get_monotonic_time ();
  note (soak, "delete %s %s (%s)", side_names[side], person->ids[side], person->email);
  soak->stats.deletes[side]++;
}

static void
drive (Soak *soak)
{
  gint64 now = g_get_monotonic_time ();
  gint64 end = now + (gint64) soak->options.duration_s * G_USEC_PER_SEC;
  gboolean quick = soak->options.quick;
  gint64 next_kill = after_seconds (soak, quick ? 4 : 8, quick ? 8 : 20);
  gint64 restart_at = 0;
  gint64 next_disk = after_seconds (soak, quick ? 3 : 6, quick ? 6 : 15);
  gint64 disk_until = 0;
  gint64 next_fault = after_seconds (soak, 1, 3);
  gint64 fault_until = 0;
  gint64 next_refresh = 0;
  gint64 next_report = now + 10 * G_USEC_PER_SEC;

  while ((now = g_get_monotonic_time ()) < end)
    {
      guint roll;

      check_child (soak, disk_until != 0);
      if (soak->child <= 0 && restart_at == 0)
        restart_at = now;      /* ended by itself: start it again at once */
      if (restart_at != 0 && now >= restart_at)
        {
          start_child (soak);
          note (soak, "engine started, pid %d", (int) soak->child);
          soak->stats.restarts++;
          restart_at = 0;
        }
      else if (soak->child > 0 && now >= next_kill)
        {
          note (soak, "engine killed, pid %d", (int) soak->child);
          kill_child (soak);
          soak->stats.kills++;
          restart_at = after_seconds (soak, 0.2, 1.5);
          next_kill = after_seconds (soak, quick ? 4 : 8, quick ? 8 : 20);
        }

      if (disk_until == 0 && now >= next_disk)
        {
          soak->stats.disk_full++;
          disk_until = after_seconds (soak, 2, 5);
          note (soak, "disk full");
          if (soak->disk_method == DISK_TMPFS)
            soak->stats.enospc_seen += fill_disk (soak);
          else
            {
              /* The limit applies from the process's start: restart it under the limit */
              soak->disk_limited = TRUE;
              if (soak->child > 0)
                {
                  kill_child (soak);
                  start_child (soak);
                }
            }
        }
      else if (disk_until != 0 && now >= disk_until)
        {
          if (soak->disk_method == DISK_TMPFS)
            free_disk (soak);
          else
            {
              soak->disk_limited = FALSE;
              if (soak->child > 0)
                {
                  kill_child (soak);
                  start_child (soak);
                }
            }
          disk_until = 0;
          note (soak, "disk free");
          next_disk = after_seconds (soak, quick ? 5 : 10, quick ? 9 : 25);
        }

      if (fault_until != 0 && now >= fault_until)
        {
          set_faults (soak, SIDE_HUBSPOT, NULL);
          set_faults (soak, SIDE_PIPEDRIVE, NULL);
          fault_until = 0;
        }
      if (fault_until == 0 && now >= next_fault)
        {
          inject_fault (soak, &fault_until);
          next_fault = after_seconds (soak, 3, 6);
        }

      if (now >= next_refresh)
        {
          refresh_ids (soak);
          next_refresh = now + 2 * G_USEC_PER_SEC;
        }

      roll = g_rand_int_range (soak->rand, 0, 100);
      if (roll < 80)
        edit_person (soak);
      else if (roll < 93)
        create_person (soak);
      else
        delete_person (soak);

      if (now >= next_report)
        {
          printf ("  %3lld s: %u edits, %u creates, %u deletes, %u kills, %u disk full\n",
                  (long long) (soak->options.duration_s - (end - now) / G_USEC_PER_SEC),
                  soak->stats.edits[0] + soak->stats.edits[1],
                  soak->stats.creates[0] + soak->stats.creates[1],
                  soak->stats.deletes[0] + soak->stats.deletes[1], soak->stats.kills,
                  soak->stats.disk_full);
          fflush (stdout);
          next_report = now + 10 * G_USEC_PER_SEC;
        }
      g_usleep ((gulong) g_rand_int_range (soak->rand, 120, 350) * 1000);
    }

  /* Faults off, the disk free, the engine running */
  set_faults (soak, SIDE_HUBSPOT, NULL);
  set_faults (soak, SIDE_PIPEDRIVE, NULL);
  if (disk_until != 0)
    {
      if (soak->disk_method == DISK_TMPFS)
        free_disk (soak);
      else if (soak->child > 0)
        {
          soak->disk_limited = FALSE;
          kill_child (soak);
        }
      soak->disk_limited = FALSE;
    }
  check_child (soak, FALSE);
  if (soak->child <= 0)
    {
      start_child (soak);
      soak->stats.restarts++;
    }
}

/* ---- quiescence and the final sync -------------------------------------------------------- */

/* Webhook deliveries the simulator has made so far (every attempt) */
static gint64
sim_delivery_attempts (Soak *soak)
{
  g_autoptr (JsonNode) answer = fc_bench_sim_control (&soak->sim, "GET", "/webhooks/deliveries",
                                                      NULL, NULL);
  JsonNode *list;

  if (answer == NULL)
    return -1;
  if (JSON_NODE_HOLDS_ARRAY (answer))
    return json_array_get_length (json_node_get_array (answer));
  if (!JSON_NODE_HOLDS_OBJECT (answer))
    return -1;
  list = json_object_get_member (json_node_get_object (answer), "deliveries");
  return list != NULL && JSON_NODE_HOLDS_ARRAY (list)
         ? (gint64) json_array_get_length (json_node_get_array (list)) : -1;
}

/* Waits until nothing is pending (webhooks the simulator retries, events the listener holds,
 * outbound deliveries, runs) and nothing changed for QUIET_SECONDS. */
static gboolean
quiesce (Soak *soak)
{
  g_autofree char *last = NULL;
  guint quiet = 0;

  for (guint second = 0; second < QUIESCE_TIMEOUT_S; second++)
    {
      sqlite3 *db = open_store (soak);
      g_autofree char *now = g_strdup_printf (
        "%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT
        "/%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT,
        sim_delivery_attempts (soak),
        query_int (db, "SELECT count(*) FROM inbound_events"),
        query_int (db, "SELECT count(*) FROM inbound_events WHERE status = 'pending'"),
        query_int (db, "SELECT count(*) FROM deliveries WHERE status = 'pending'"),
        query_int (db, "SELECT count(*) FROM runs WHERE status IN ('pending', 'running')"),
        query_int (db, "SELECT count(*) FROM runs"));

      sqlite3_close (db);
      check_child (soak, FALSE);
      if (soak->child <= 0)
        {
          start_child (soak);
          soak->stats.restarts++;
        }
      if (last != NULL && g_str_equal (now, last) && strstr (now, "/0/0/0/") != NULL)
        quiet++;
      else
        quiet = 0;
      if (quiet >= QUIET_SECONDS)
        return TRUE;
      set_str (&last, now);
      g_usleep (G_USEC_PER_SEC);
    }
  fail (soak, "nothing quiesced within %u s (deliveries/events/pending events/pending "
        "deliveries/running runs/runs: %s)", QUIESCE_TIMEOUT_S, last);
  return FALSE;
}

/* The final sync, in a process of its own as the engine's (libsecret's file backend keeps
 * the keyring file it read first and would refuse to write over the engine's process's
 * changes): its status, or FALSE. */
static gboolean
final_sync (Soak          *soak,
            FcSyncStatus  *out_status,
            GError       **error)
{
  g_autofree char *retry = g_strdup_printf ("%u", NOTIFIER_RETRY_MS);
  char *argv[] = { soak->self_exe, (char *) "--final-child", (char *) "--data-dir",
                   soak->data_dir, (char *) "--mapping", soak->mapping_id,
                   (char *) "--notifier-retry-ms", retry, NULL };
  g_autofree char *output = NULL;
  g_autofree char *errors = NULL;
  g_autofree char *nick = NULL;
  const char *line;
  int status = 0;
  int value;

  if (!g_spawn_sync (NULL, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &output, &errors, &status,
                     error))
    return FALSE;
  if (errors != NULL && errors[0] != '\0')
    printf ("%s", errors);
  line = output != NULL ? strstr (output, "final status ") : NULL;
  if (!g_spawn_check_wait_status (status, error))
    return FALSE;
  nick = line != NULL ? g_strstrip (g_strndup (line + 13, strcspn (line + 13, "\n"))) : NULL;
  if (nick == NULL || !fc_enum_from_nick (FC_TYPE_SYNC_STATUS, nick, &value))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The final sync said: %s",
                   output != NULL ? output : "");
      return FALSE;
    }
  *out_status = (FcSyncStatus) value;
  return TRUE;
}

/* ---- checks ------------------------------------------------------------------------------- */

/* Whether the run log holds a conflict on the record @hs_id / @pd_id */
static gboolean
in_conflict (sqlite3    *db,
             const char *hs_id,
             const char *pd_id)
{
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;

  if (sqlite3_prepare_v2 (db, "SELECT count(*) FROM conflicts c JOIN links l ON l.id = c.link_id"
                          " WHERE l.source_record_id = ?1 OR l.target_record_id = ?2", -1, &stmt,
                          NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, hs_id != NULL ? hs_id : "", -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, pd_id != NULL ? pd_id : "", -1, SQLITE_TRANSIENT);
      found = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) > 0;
    }
  sqlite3_finalize (stmt);
  return found;
}

/* The value of @field ("name" or "phone") that one side's entry of an event's details gives
 * (@part: "before" or "after"), as the driver writes it: HubSpot's first and last names
 * joined (a part the write left alone taken from @name), phones in E.164; NULL when the event
 * did not write the field. */
static char *
event_value (JsonObject *fields,
             gboolean    hubspot,
             const char *field,
             const char *part,
             const char *name)
{
  JsonObject *value;

  if (g_str_equal (field, "phone"))
    {
      value = fields != NULL && json_object_has_member (fields, "phone")
              ? json_object_get_object_member (fields, "phone") : NULL;
      return value != NULL ? fc_test_canonical_phone (fc_test_member_string (value, part)) : NULL;
    }
  if (!hubspot)
    {
      value = fields != NULL && json_object_has_member (fields, "name")
              ? json_object_get_object_member (fields, "name") : NULL;
      return value != NULL ? g_strdup (fc_test_member_string (value, part)) : NULL;
    }
  {
    g_auto (GStrv) parts = g_strsplit (name != NULL ? name : "", " ", 2);
    JsonObject *first = fields != NULL && json_object_has_member (fields, "firstname")
                        ? json_object_get_object_member (fields, "firstname") : NULL;
    JsonObject *last = fields != NULL && json_object_has_member (fields, "lastname")
                       ? json_object_get_object_member (fields, "lastname") : NULL;

    if (first == NULL && last == NULL)
      return NULL;
    return g_strdup_printf ("%s %s",
                            first != NULL ? fc_test_member_string (first, part) : parts[0],
                            last != NULL ? fc_test_member_string (last, part)
                                         : (parts[0] != NULL ? parts[1] : NULL));
  }
}

/* A run that read the record before the driver's last edit of @field at @edited_ms and wrote
 * it after: the last event writing @field on the person's records, from a run started before
 * the edit, recorded after it, that put @held where it found a value other than @edited. The
 * window between a run's read and its write is open to any edit (no conditional writes in
 * either API). Returns its description, or NULL. */
static char *
read_before_edit (sqlite3    *db,
                  const char *hs_id,
                  const char *pd_id,
                  const char *email,
                  const char *field,
                  const char *held,
                  const char *edited,
                  gint64      edited_ms)
{
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT r.id, r.started_at, e.at, e.side, e.details "
                          "FROM run_events e JOIN runs r ON r.id = e.run_id WHERE e.kind = "
                          "'record.updated' AND ((e.side = 'source' AND e.source_record_id = ?1) "
                          "OR (e.side = 'target' AND e.target_record_id = ?2)) "
                          "ORDER BY e.at DESC, e.id DESC", -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_text (stmt, 1, hs_id != NULL ? hs_id : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, pd_id != NULL ? pd_id : "", -1, SQLITE_TRANSIENT);
  while (text == NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      gboolean hubspot = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 3), "source") == 0;
      g_autoptr (JsonNode) details = json_from_string ((const char *) sqlite3_column_text (stmt, 4),
                                                       NULL);
      JsonObject *object = details != NULL && JSON_NODE_HOLDS_OBJECT (details)
                           ? json_node_get_object (details) : NULL;
      JsonObject *fields = object != NULL && json_object_has_member (object, "fields")
                           ? json_object_get_object_member (object, "fields") : NULL;
      g_autofree char *before = event_value (fields, hubspot, field, "before", held);
      g_autofree char *after = event_value (fields, hubspot, field, "after", held);
      gint64 started = sqlite3_column_int64 (stmt, 1);
      gint64 at = sqlite3_column_int64 (stmt, 2);

      if (after == NULL)
        continue;           /* this write left the field alone */
      if (started < edited_ms && at > edited_ms && g_strcmp0 (after, held) == 0
          && g_strcmp0 (before, edited) != 0)
        {
          g_autofree char *started_text = fc_soak_format_ms (started);
          g_autofree char *edited_text = fc_soak_format_ms (edited_ms);
          g_autofree char *at_text = fc_soak_format_ms (at);

          text = g_strdup_printf ("%s: %s %s “%s”: run %s started %s and read “%s”, the "
                                  "driver's edit to “%s” at %s, the run's write recorded %s",
                                  email, hubspot ? "hubspot" : "pipedrive",
                                  hubspot ? hs_id : pd_id, held != NULL ? held : "",
                                  sqlite3_column_text (stmt, 0), started_text,
                                  before != NULL ? before : "", edited != NULL ? edited : "",
                                  edited_text, at_text);
        }
      break;                /* only the last write of the field counts */
    }
  sqlite3_finalize (stmt);
  return text;
}

/* The lost fields of a person, each explained by a run that read before the edit and wrote
 * after it; NULL unless every one is */
static char *
explain_by_runs (sqlite3      *db,
                 const char   *hs_id,
                 const char   *pd_id,
                 const char   *email,
                 const char   *held_name,
                 const char   *held_phone,
                 const Person *person)
{
  const char *fields[] = { "name", "phone" };
  const char *held[] = { held_name, held_phone };
  const char *edited[] = { person->name, person->phone };
  /* A field's own edit: the run that overwrote it may have ended before a later edit of the
   * other field */
  gint64 edited_ms[] = { person->name_edited_ms, person->phone_edited_ms };
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *one = NULL;

      if (g_strcmp0 (held[i], edited[i]) == 0)
        continue;
      one = read_before_edit (db, hs_id, pd_id, email, fields[i], held[i], edited[i],
                              edited_ms[i]);
      if (one == NULL)
        return NULL;
      g_string_append_printf (text, "%s%s", text->len > 0 ? "; " : "", one);
    }
  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

/* Which run last wrote the record @hs_id / @pd_id, and whether it had started before the
 * driver's last edit at @edited_ms (it then read the record before the edit) */
static char *
last_writer (sqlite3    *db,
             const char *hs_id,
             const char *pd_id,
             gint64      edited_ms)
{
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT r.id, r.trigger, r.started_at, e.at, e.side, e.details "
                          "FROM run_events e JOIN runs r ON r.id = e.run_id WHERE e.kind = "
                          "'record.updated' AND (e.source_record_id = ?1 OR e.target_record_id "
                          "= ?2) ORDER BY e.at DESC LIMIT 1", -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, hs_id != NULL ? hs_id : "", -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, pd_id != NULL ? pd_id : "", -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          gint64 started = sqlite3_column_int64 (stmt, 2);
          gint64 at = sqlite3_column_int64 (stmt, 3);

          text = g_strdup_printf ("last written by %s run %s (started %.3f s, wrote the %s at "
                                  "%.3f s%s): %s", sqlite3_column_text (stmt, 1),
                                  sqlite3_column_text (stmt, 0), started / 1000.0,
                                  sqlite3_column_text (stmt, 4), at / 1000.0,
                                  started < edited_ms && at > edited_ms
                                  ? ", a run in flight across the edit" : "",
                                  sqlite3_column_text (stmt, 5));
        }
    }
  sqlite3_finalize (stmt);
  return text != NULL ? text : g_strdup ("no run wrote it");
}

typedef struct {
  guint live;
  guint deleted;
  guint created;
  guint explained;       /* converged on a value other than the last edit, conflict logged */
  GPtrArray *in_flight;  /* char *: overwritten by an engine's write in flight across the edit */
  GPtrArray *read_before; /* char *: overwritten by a run that read before the edit */
} PeopleCounts;

static void
check_people (Soak         *soak,
              sqlite3      *db,
              FcSoakWrites *writes,
              PeopleCounts *counts)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GHashTable) hubspot = read_side (soak, SIDE_HUBSPOT, &error);
  g_autoptr (GHashTable) pipedrive = hubspot != NULL ? read_side (soak, SIDE_PIPEDRIVE, &error)
                                                     : NULL;
  GHashTable *sides[2];
  GHashTableIter iter;
  gpointer key;

  if (pipedrive == NULL)
    {
      fail (soak, "cannot read the providers' records: %s", error->message);
      return;
    }
  sides[0] = hubspot;
  sides[1] = pipedrive;

  for (Side side = SIDE_HUBSPOT; side <= SIDE_PIPEDRIVE; side++)
    {
      GPtrArray *list;

      g_hash_table_iter_init (&iter, sides[side]);
      while (g_hash_table_iter_next (&iter, &key, (gpointer *) &list))
        {
          if (list->len > 1)
            fail (soak, "%s holds %s %u times", side_names[side], (const char *) key, list->len);
          if (!g_hash_table_contains (soak->people, key))
            fail (soak, "%s holds %s, which nobody created", side_names[side],
                  (const char *) key);
        }
    }

  for (guint i = 0; i < soak->order->len; i++)
    {
      Person *person = g_ptr_array_index (soak->order, i);
      GPtrArray *lists[2] = { g_hash_table_lookup (hubspot, person->email),
                              g_hash_table_lookup (pipedrive, person->email) };
      FcTestPerson *held[2];
      gboolean name_ok, phone_ok;
      g_autofree char *in_flight = NULL;

      if (person->deleted)
        {
          counts->deleted++;
          for (Side side = SIDE_HUBSPOT; side <= SIDE_PIPEDRIVE; side++)
            if (lists[side] != NULL && (person->ids[side] != NULL || person->created))
              fail (soak, "%s was deleted but %s still holds it", person->email,
                    side_names[side]);
          continue;
        }
      counts->live++;
      counts->created += person->created;
      if (lists[0] == NULL || lists[1] == NULL)
        {
          fail (soak, "%s is missing in %s", person->email,
                lists[0] == NULL ? side_names[0] : side_names[1]);
          continue;
        }
      held[0] = g_ptr_array_index (lists[0], 0);
      held[1] = g_ptr_array_index (lists[1], 0);
      if (g_strcmp0 (held[0]->name, held[1]->name) != 0
          || g_strcmp0 (held[0]->phone, held[1]->phone) != 0)
        {
          fail (soak, "%s did not converge: hubspot “%s” %s, pipedrive “%s” %s", person->email,
                held[0]->name, held[0]->phone, held[1]->name, held[1]->phone);
          continue;
        }
      name_ok = g_strcmp0 (held[0]->name, person->name) == 0;
      phone_ok = g_strcmp0 (held[0]->phone, person->phone) == 0;
      if (name_ok && phone_ok)
        continue;
      if (in_conflict (db, held[0]->id, held[1]->id))
        counts->explained++;
      else if (writes != NULL
               && (in_flight = fc_soak_writes_explain (writes, held[0]->id, held[1]->id,
                                                       person->email, held[0]->name,
                                                       held[0]->phone, person->name,
                                                       person->phone)) != NULL)
        g_ptr_array_add (counts->in_flight, g_steal_pointer (&in_flight));
      else if ((in_flight = explain_by_runs (db, held[0]->id, held[1]->id, person->email,
                                             held[0]->name, held[0]->phone, person)) != NULL)
        g_ptr_array_add (counts->read_before, g_steal_pointer (&in_flight));
      else
        {
          g_autofree char *writer = last_writer (db, held[0]->id, held[1]->id,
                                                 person->edited_ms);

          fail (soak, "%s lost an update: both sides hold “%s” %s, the last edit (%s %s %s, "
                "%.3f s) was “%s” %s; %s%s", person->email, held[0]->name, held[0]->phone,
                side_names[0], held[0]->id, held[1]->id, person->edited_ms / 1000.0,
                person->name, person->phone, writer,
                writes != NULL ? "; the write log shows no write of the engine's in flight "
                                 "across the edit" : "");
        }
    }
}

typedef struct {
  gint64 delivered;
  gint64 failed;
  gint64 pending;
  gint64 skipped;
  guint  unverified;     /* delivered rows the receiver did not accept */
} DeliveryCounts;

static void
check_deliveries (Soak           *soak,
                  sqlite3        *db,
                  DeliveryCounts *counts)
{
  sqlite3_stmt *stmt = NULL;

  counts->delivered = query_int (db, "SELECT count(*) FROM deliveries WHERE status = 'delivered'");
  counts->failed = query_int (db, "SELECT count(*) FROM deliveries WHERE status = 'failed'");
  counts->pending = query_int (db, "SELECT count(*) FROM deliveries WHERE status = 'pending'");
  counts->skipped = query_int (db, "SELECT count(*) FROM deliveries WHERE status = 'skipped'");
  if (counts->pending != 0)
    fail (soak, "%" G_GINT64_FORMAT " outbound deliveries are still pending", counts->pending);
  if (counts->delivered <= 0)
    fail (soak, "no outbound delivery was delivered");
  if (sqlite3_prepare_v2 (db, "SELECT event_id FROM deliveries WHERE status = 'delivered'", -1,
                          &stmt, NULL) != SQLITE_OK)
    {
      fail (soak, "cannot read the deliveries: %s", sqlite3_errmsg (db));
      return;
    }
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *event_id = (const char *) sqlite3_column_text (stmt, 0);

      if (!fc_soak_receiver_accepted (soak->receiver, event_id))
        counts->unverified++;
    }
  sqlite3_finalize (stmt);
  if (counts->unverified > 0)
    fail (soak, "%u deliveries are marked delivered but the receiver never accepted them",
          counts->unverified);
}

/* Sums the simulator's counters: status 429, 5xx, 0 (dropped), and HubSpot's token grants */
static void
sim_counts (Soak   *soak,
            gint64 *throttled,
            gint64 *errors,
            gint64 *dropped,
            gint64 *token_grants)
{
  g_autoptr (JsonNode) answer = fc_bench_sim_control (&soak->sim, "GET", "/counters", NULL, NULL);
  JsonArray *counters;

  *throttled = *errors = *dropped = *token_grants = 0;
  if (answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer)
      || (counters = json_object_get_array_member (json_node_get_object (answer),
                                                   "counters")) == NULL)
    return;
  for (guint i = 0; i < json_array_get_length (counters); i++)
    {
      JsonObject *counter = json_array_get_object_element (counters, i);
      gint64 status = json_object_get_int_member_with_default (counter, "status", -1);
      gint64 count = json_object_get_int_member_with_default (counter, "count", 0);
      const char *endpoint = fc_test_member_string (counter, "endpoint");

      if (status == 429)
        *throttled += count;
      else if (status >= 500)
        *errors += count;
      else if (status == 0)
        *dropped += count;
      if (status == 200 && endpoint != NULL && g_str_equal (endpoint, "/oauth/v1/token"))
        *token_grants += count;
    }
}

/* Webhooks the simulator sent (attempts) and those answered 2xx */
static void
sim_webhooks (Soak   *soak,
              gint64 *sent,
              gint64 *accepted)
{
  g_autoptr (JsonNode) answer = fc_bench_sim_control (&soak->sim, "GET", "/webhooks/deliveries",
                                                      NULL, NULL);
  JsonNode *node = answer;
  JsonArray *list;

  *sent = *accepted = 0;
  if (answer != NULL && JSON_NODE_HOLDS_OBJECT (answer))
    node = json_object_get_member (json_node_get_object (answer), "deliveries");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return;
  list = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *delivery = json_array_get_object_element (list, i);

      (*sent)++;
      if (json_object_get_boolean_member_with_default (delivery, "delivered", FALSE))
        (*accepted)++;
    }
}

static void
print_row (const char *what,
           const char *format,
           ...) G_GNUC_PRINTF (2, 3);

static void
print_row (const char *what,
           const char *format,
           ...)
{
  g_autofree char *value = NULL;
  va_list args;

  va_start (args, format);
  value = g_strdup_vprintf (format, args);
  va_end (args);
  printf ("  %-34s %s\n", what, value);
}

static void
check_and_report (Soak         *soak,
                  FcSyncStatus  final_status)
{
  sqlite3 *db = open_store (soak);
  g_autoptr (GPtrArray) in_flight = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) read_before = g_ptr_array_new_with_free_func (g_free);
  PeopleCounts people = { .in_flight = in_flight, .read_before = read_before };
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) log_answer = NULL;
  g_autoptr (FcSoakWrites) writes = NULL;
  DeliveryCounts deliveries = { 0 };
  FcSoakReceiverCounts received;
  gint64 throttled, errors, dropped, grants, hooks_sent, hooks_accepted;
  g_autofree char *integrity = NULL;
  sqlite3_stmt *stmt = NULL;
  g_autoptr (GString) runs = g_string_new (NULL);
  g_autoptr (GString) events = g_string_new (NULL);

  if (db == NULL)
    {
      fail (soak, "cannot open the store %s", soak->db_path);
      return;
    }

  if (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    integrity = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  if (g_strcmp0 (integrity, "ok") != 0)
    fail (soak, "the store is damaged: %s", integrity != NULL ? integrity : sqlite3_errmsg (db));

  log_answer = fc_bench_sim_control (&soak->sim, "GET", "/write-log", NULL, &error);
  writes = log_answer != NULL ? fc_soak_writes_new (log_answer, &error) : NULL;
  if (writes == NULL)
    fail (soak, "cannot read the simulator's write log: %s", error->message);
  else
    {
      /* Beside the engine's log, for whoever reads a failure */
      g_autofree char *path = g_build_filename (soak->work_dir, "write-log.json", NULL);
      g_autofree char *text = json_to_string (log_answer, TRUE);

      g_file_set_contents (path, text, -1, NULL);
    }
  check_people (soak, db, writes, &people);
  fc_soak_receiver_get_counts (soak->receiver, &received);
  check_deliveries (soak, db, &deliveries);
  if (received.bad_signature > 0)
    fail (soak, "%u outbound deliveries had a wrong signature", received.bad_signature);
  if (final_status != FC_SYNC_STATUS_COMPLETED)
    fail (soak, "the final sync ended %s", fc_enum_to_nick (FC_TYPE_SYNC_STATUS, final_status));
  if (query_int (db, "SELECT count(*) FROM runs WHERE status IN ('pending', 'running')") != 0)
    fail (soak, "runs are left pending or running");
  if (query_int (db, "SELECT count(*) FROM inbound_events WHERE status = 'pending'") != 0)
    fail (soak, "received webhook events are left pending");

  if (sqlite3_prepare_v2 (db, "SELECT status, count(*) FROM runs GROUP BY status ORDER BY 1", -1,
                          &stmt, NULL) == SQLITE_OK)
    while (sqlite3_step (stmt) == SQLITE_ROW)
      g_string_append_printf (runs, "%s%s %d", runs->len > 0 ? ", " : "",
                              sqlite3_column_text (stmt, 0), sqlite3_column_int (stmt, 1));
  sqlite3_finalize (stmt);
  if (sqlite3_prepare_v2 (db, "SELECT status, count(*) FROM inbound_events GROUP BY status "
                          "ORDER BY 1", -1, &stmt, NULL) == SQLITE_OK)
    while (sqlite3_step (stmt) == SQLITE_ROW)
      g_string_append_printf (events, "%s%s %d", events->len > 0 ? ", " : "",
                              sqlite3_column_text (stmt, 0), sqlite3_column_int (stmt, 1));
  sqlite3_finalize (stmt);

  sim_counts (soak, &throttled, &errors, &dropped, &grants);
  sim_webhooks (soak, &hooks_sent, &hooks_accepted);

  printf ("\nWhat it survived (seed %u, %u s):\n", soak->options.seed, soak->options.duration_s);
  print_row ("engine killed (SIGKILL) / restarts", "%u / %u", soak->stats.kills,
             soak->stats.restarts);
  print_row ("engine ended by itself", "%u (start refused on a full disk: %u)",
             soak->stats.crashes, soak->stats.start_refused);
  print_row ("disk full episodes", "%u (%s; ENOSPC reached %u)", soak->stats.disk_full,
             soak->disk_method == DISK_TMPFS ? "tmpfs of " DISK_SIZE " filled with a ballast"
                                             : "RLIMIT_FSIZE on the engine's process",
             soak->stats.enospc_seen);
  print_row ("fault episodes", "5xx %u, 429 storm %u, slow %u, drops %u, token expiry %u",
             soak->stats.error_episodes, soak->stats.throttle_episodes,
             soak->stats.latency_episodes, soak->stats.drop_episodes, soak->stats.expiries);
  print_row ("API answers 429 / 5xx / dropped", "%" G_GINT64_FORMAT " / %" G_GINT64_FORMAT
             " / %" G_GINT64_FORMAT, throttled, errors, dropped);
  print_row ("HubSpot token refreshes", "%" G_GINT64_FORMAT, MAX (grants - 1, 0));
  print_row ("driver edits hubspot / pipedrive", "%u / %u", soak->stats.edits[0],
             soak->stats.edits[1]);
  print_row ("driver creates hubspot / pipedrive", "%u / %u", soak->stats.creates[0],
             soak->stats.creates[1]);
  print_row ("driver deletes hubspot / pipedrive", "%u / %u", soak->stats.deletes[0],
             soak->stats.deletes[1]);
  print_row ("driver errors", "%u", soak->stats.driver_errors);
  print_row ("webhooks sent / answered 2xx", "%" G_GINT64_FORMAT " / %" G_GINT64_FORMAT,
             hooks_sent, hooks_accepted);
  print_row ("webhook events stored", "%s", events->len > 0 ? events->str : "none");
  print_row ("runs by status", "%s", runs->len > 0 ? runs->str : "none");
  print_row ("final sync", "%s", fc_enum_to_nick (FC_TYPE_SYNC_STATUS, final_status));
  print_row ("outbound deliveries", "delivered %" G_GINT64_FORMAT ", failed %" G_GINT64_FORMAT
             ", pending %" G_GINT64_FORMAT ", skipped %" G_GINT64_FORMAT, deliveries.delivered,
             deliveries.failed, deliveries.pending, deliveries.skipped);
  print_row ("receiver: requests / verified", "%u / %u (bad signature %u, answered 500 %u, "
             "repeated %u)", received.requests, received.verified, received.bad_signature,
             received.answered_500, received.repeated);
  print_row ("people live / deleted / created", "%u / %u / %u", people.live, people.deleted,
             people.created);
  print_row ("conflicts explaining a value", "%u", people.explained);
  print_row ("overwritten by a write in flight", "%u", in_flight->len);
  print_row ("overwritten, read before the edit", "%u", read_before->len);
  if (writes != NULL)
    print_row ("write log entries / not logged", "%u / %" G_GINT64_FORMAT,
               fc_soak_writes_get_count (writes), fc_soak_writes_get_not_logged (writes));
  print_row ("store integrity", "%s", integrity != NULL ? integrity : "?");
  sqlite3_close (db);

  if (in_flight->len > 0)
    {
      printf ("\nOverwritten by a write in flight across the edit (neither API has conditional "
              "writes; bench/README.md):\n");
      for (guint i = 0; i < in_flight->len; i++)
        printf ("  - %s\n", (const char *) g_ptr_array_index (in_flight, i));
    }
  if (read_before->len > 0)
    {
      printf ("\nOverwritten by a run that read the record before the edit and wrote it after "
              "(no conditional writes; bench/README.md):\n");
      for (guint i = 0; i < read_before->len; i++)
        printf ("  - %s\n", (const char *) g_ptr_array_index (read_before, i));
    }
}

/* ---- main --------------------------------------------------------------------------------- */

static void
soak_clear (Soak *soak)
{
  kill_child (soak);
  fc_bench_sim_stop (&soak->sim);
  if (soak->receiver != NULL)
    fc_soak_receiver_free (soak->receiver);
  if (soak->mounted && soak->options.keep)
    {
      /* The store outlives the small disk: copied beside the log */
      g_autofree char *copy = g_build_filename (soak->work_dir, "store", NULL);
      g_autoptr (GDir) dir = g_dir_open (soak->data_dir, 0, NULL);
      const char *name;

      g_mkdir_with_parents (copy, 0700);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *from = g_build_filename (soak->data_dir, name, NULL);
          g_autofree char *to = g_build_filename (copy, name, NULL);
          g_autofree char *bytes = NULL;
          gsize length;

          if (!g_str_equal (name, "ballast") && g_file_get_contents (from, &bytes, &length, NULL))
            g_file_set_contents_full (to, bytes, (gssize) length, G_FILE_SET_CONTENTS_NONE,
                                      0600, NULL);
        }
    }
  if (soak->mounted)
    umount2 (soak->data_dir, MNT_DETACH);
  if (soak->work_dir != NULL && !soak->options.keep)
    fc_bench_remove_tree (soak->work_dir);
  if (soak->keyring_dir != NULL)
    fc_bench_remove_tree (soak->keyring_dir);
  g_clear_pointer (&soak->people, g_hash_table_unref);
  g_clear_pointer (&soak->order, g_ptr_array_unref);
  g_clear_pointer (&soak->failures, g_ptr_array_unref);
  g_clear_pointer (&soak->rand, g_rand_free);
  g_clear_pointer (&soak->journal, fclose);
  g_free (soak->self_exe);
  g_free (soak->work_dir);
  g_free (soak->data_dir);
  g_free (soak->db_path);
  g_free (soak->ballast_path);
  g_free (soak->log_path);
  g_free (soak->keyring_dir);
  g_free (soak->mapping_id);
  g_free (soak->hubspot_id);
  g_free (soak->pipedrive_id);
}

/* A free TCP port on loopback for the listener, which keeps it over restarts */
static guint
free_port (void)
{
  g_autoptr (GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                             G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) bound = NULL;

  if (socket == NULL || !g_socket_bind (socket, any, TRUE, NULL))
    return 0;
  bound = g_socket_get_local_address (socket, NULL);
  return bound != NULL ? g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)) : 0;
}

int
main (int    argc,
      char **argv)
{
  int duration = -1;
  gint64 seed = -1;
  int people = -1;
  gboolean quick = FALSE;
  gboolean keep = FALSE;
  gboolean no_mount = FALSE;
  gboolean no_drops = FALSE;
  gboolean engine_child = FALSE;
  g_autofree char *child_data_dir = NULL;
  int child_port = 0;
  int child_retry_ms = NOTIFIER_RETRY_MS;
  gboolean final_child = FALSE;
  g_autofree char *child_mapping = NULL;
  const GOptionEntry entries[] = {
    { "duration", 'd', 0, G_OPTION_ARG_INT, &duration, "Seconds of faults and edits (120; "
      "--quick: 30)", "SECONDS" },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &seed, "Seed of the driver and the simulator "
      "(default: from the time)", "N" },
    { "quick", 'q', 0, G_OPTION_ARG_NONE, &quick, "A short run: 30 s, fewer people, faults "
      "more often", NULL },
    { "people", 'p', 0, G_OPTION_ARG_INT, &people, "People seeded before the soak (40; "
      "--quick: 20)", "N" },
    { "keep", 'k', 0, G_OPTION_ARG_NONE, &keep, "Keep the work folder (store and the engine's "
      "log)", NULL },
    { "no-mount", 0, 0, G_OPTION_ARG_NONE, &no_mount, "Do not mount a small disk even as root: "
      "fill the disk through a file size limit instead", NULL },
    { "no-drops", 0, 0, G_OPTION_ARG_NONE, &no_drops, "Inject no dropped connections (libsoup "
      "3.2 can crash on them: see bench/README.md)", NULL },
    { "engine-child", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &engine_child, NULL, NULL },
    { "data-dir", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, &child_data_dir, NULL, NULL },
    { "port", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &child_port, NULL, NULL },
    { "final-child", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &final_child, NULL, NULL },
    { "mapping", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &child_mapping, NULL, NULL },
    { "notifier-retry-ms", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &child_retry_ms, NULL,
      NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("- the fault-injection soak");
  g_autoptr (GError) error = NULL;
  FcBenchSimOptions sim_options = { 0, HUBSPOT_TOKEN, PIPEDRIVE_TOKEN, TRUE };
  Soak soak = { 0 };
  FcSyncStatus final_status = FC_SYNC_STATUS_FAILED;
  gboolean ok;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (final_child)
    {
      if (child_data_dir == NULL || child_mapping == NULL || child_retry_ms <= 0)
        {
          g_printerr ("--final-child needs --data-dir and --mapping\n");
          return 2;
        }
      return fc_soak_final_child_main (child_data_dir, child_mapping, (guint) child_retry_ms);
    }
  if (engine_child)
    {
      if (child_data_dir == NULL || child_port <= 0 || child_port > 65535 || child_retry_ms <= 0)
        {
          g_printerr ("--engine-child needs --data-dir and --port\n");
          return 2;
        }
      return fc_soak_engine_child_main (child_data_dir, (guint) child_port,
                                        (guint) child_retry_ms);
    }

  soak.options.quick = quick;
  soak.options.keep = keep;
  soak.options.no_mount = no_mount;
  soak.options.no_drops = no_drops;
  soak.options.duration_s = duration > 0 ? (guint) duration : quick ? 30u : 120u;
  soak.options.people = people > 0 ? (guint) people : quick ? 20u : 40u;
  soak.options.seed = seed >= 0 ? (guint32) seed : (guint32) g_get_real_time ();
  soak.rand = g_rand_new_with_seed (soak.options.seed);
  soak.people = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                       (GDestroyNotify) person_free);
  soak.order = g_ptr_array_new ();
  soak.failures = g_ptr_array_new_with_free_func (g_free);
  sim_options.seed = soak.options.seed;

  /* Before any thread: the simulator's process is forked. Its write log tells a write in
   * flight across an edit from a lost update. */
  if (!fc_bench_sim_start (&soak.sim, &sim_options, &error)
      || !fc_bench_sim_control_ok (&soak.sim, "POST", "/write-log", "{\"enabled\":true}",
                                   &error))
    {
      g_printerr ("%s\n", error->message);
      soak_clear (&soak);
      return 1;
    }

  soak.self_exe = g_file_read_link ("/proc/self/exe", &error);
  soak.keyring_dir = soak.self_exe != NULL ? fc_bench_use_private_keyring (&error) : NULL;
  soak.work_dir = soak.keyring_dir != NULL ? g_dir_make_tmp ("fc-soak-XXXXXX", &error) : NULL;
  soak.port = free_port ();
  if (soak.work_dir == NULL || soak.port == 0)
    {
      g_printerr ("%s\n", error != NULL ? error->message : "no free port");
      soak_clear (&soak);
      return 1;
    }
  soak.log_path = g_build_filename (soak.work_dir, "engine.log", NULL);
  {
    g_autofree char *journal = g_build_filename (soak.work_dir, "driver.log", NULL);

    soak.journal = fopen (journal, "we");
  }
  prepare_disk (&soak);

  /* HubSpot signs in with the simulator's OAuth app, whose secret also signs its webhooks;
   * the listener's retries of failed events come within seconds. */
  g_setenv ("FLUXCASCADE_HUBSPOT_CLIENT_ID", HUBSPOT_CLIENT_ID, TRUE);
  g_setenv ("FLUXCASCADE_HUBSPOT_CLIENT_SECRET", HUBSPOT_SECRET, TRUE);
  g_setenv ("FLUXCASCADE_WEBHOOK_MINUTE_MS", "500", TRUE);

  soak.receiver = fc_soak_receiver_start (soak.options.seed, RECEIVER_FAIL_PER_MILLE, &error);
  printf ("fc-soak: seed %u, %u s, %u people; engine on port %u (log %s), disk: %s\n",
          soak.options.seed, soak.options.duration_s, soak.options.people, soak.port,
          soak.log_path, soak.disk_method == DISK_TMPFS ? "tmpfs of " DISK_SIZE
                                                        : "RLIMIT_FSIZE fallback");
  fflush (stdout);
  ok = soak.receiver != NULL && set_up (&soak, &error);
  if (!ok)
    {
      g_printerr ("set-up failed: %s\n", error->message);
      soak_clear (&soak);
      return 1;
    }

  printf ("driving for %u s\n", soak.options.duration_s);
  fflush (stdout);
  start_child (&soak);
  drive (&soak);

  printf ("quiescing\n");
  fflush (stdout);
  quiesce (&soak);
  if (!stop_child (&soak))
    fail (&soak, "the engine's process did not stop cleanly on SIGTERM");
  if (!final_sync (&soak, &final_status, &error))
    {
      fail (&soak, "the final sync failed: %s", error->message);
      g_clear_error (&error);
    }
  fc_soak_receiver_stop (soak.receiver);
  check_and_report (&soak, final_status);

  if (soak.failures->len > 0)
    {
      printf ("\nFAILED (%u):\n", soak.failures->len);
      for (guint i = 0; i < soak.failures->len; i++)
        printf ("  - %s\n", (const char *) g_ptr_array_index (soak.failures, i));
      printf ("kept in %s: the engine's log (engine.log), the driver's journal (driver.log), "
              "the simulator's write log (write-log.json) and a copy of the store (store/)\n",
              soak.work_dir);
    }
  else
    printf ("\nall checks passed\n");
  ok = soak.failures->len == 0;
  soak.options.keep |= !ok;
  soak_clear (&soak);
  return ok ? 0 : 1;
}
