/* test-sim-writes.c: the simulator's write log (/_control/write-log), over real HTTP on
 * loopback
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-test-sim-writes"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "fc-sim.h"
#include "fc-test-sim-http.h"

#define HS_TOKEN "pat-na1-11111111-2222-3333-4444-555555555555"
#define PD_TOKEN "pd-personal-token-0123456789"
#define JB_TOKEN "jobber-static-token-for-write-log"
#define JB_VERSION "2025-01-20"
#define LATENCY_MS 1500
#define WAIT_US (5 * G_USEC_PER_SEC)

typedef FcTestSim Fixture;

typedef FcTestReply Reply;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, fc_test_reply_free)

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fc_test_sim_set_up (fixture, 4321, "hubspot", HS_TOKEN, "pipedrive", PD_TOKEN,
                      "jobber", JB_TOKEN, NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  fc_test_sim_tear_down (fixture);
}

/* One request in @session; the provider's credentials from the path's mount */
static Reply *
send_in (SoupSession *session,
         const char  *base,
         const char  *method,
         const char  *path,
         const char  *body)
{
  if (g_str_has_prefix (path, "/hubspot/"))
    return fc_test_send (session, base, method, path, NULL, body,
                         "Authorization", "Bearer " HS_TOKEN, NULL);
  if (g_str_has_prefix (path, "/pipedrive/"))
    return fc_test_send (session, base, method, path, NULL, body, "x-api-token", PD_TOKEN, NULL);
  if (g_str_has_prefix (path, "/jobber/"))
    return fc_test_send (session, base, method, path, NULL, body,
                         "Authorization", "Bearer " JB_TOKEN,
                         "X-JOBBER-GRAPHQL-VERSION", JB_VERSION, NULL);
  return fc_test_send (session, base, method, path, NULL, body, NULL);
}

static Reply *
call (Fixture    *fixture,
      const char *method,
      const char *path,
      const char *body)
{
  return send_in (fixture->session, fixture->base, method, path, body);
}

/* The id in @reply's object, as a string (ids are strings in HubSpot, numbers in
 * Pipedrive's data envelope) */
static char *
reply_id (Reply *reply)
{
  JsonObject *object;
  JsonNode *id;

  g_assert_no_error (reply->error);
  g_assert_nonnull (reply->json);
  object = json_node_get_object (reply->json);
  if (json_object_has_member (object, "data"))
    object = json_object_get_object_member (object, "data");
  id = json_object_get_member (object, "id");
  g_assert_nonnull (id);
  if (json_node_get_value_type (id) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (id));
  return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (id));
}

/* GET /_control/write-log[?query]: the answer's object (kept alive by @reply) */
static JsonObject *
read_log (Fixture    *fixture,
          const char *query,
          Reply     **reply)
{
  g_autofree char *path = g_strconcat ("/_control/write-log", query != NULL ? "?" : "",
                                       query != NULL ? query : "", NULL);

  *reply = call (fixture, "GET", path, NULL);
  g_assert_no_error ((*reply)->error);
  g_assert_cmpuint ((*reply)->status, ==, 200);
  g_assert_nonnull ((*reply)->json);
  return json_node_get_object ((*reply)->json);
}

static JsonArray *
log_entries (JsonObject *log)
{
  JsonArray *entries = json_object_get_array_member (log, "entries");

  g_assert_nonnull (entries);
  g_assert_cmpint (json_object_get_int_member (log, "count"), ==,
                   json_array_get_length (entries));
  return entries;
}

static void
enable_log (Fixture    *fixture,
            const char *body)
{
  g_autoptr (Reply) reply = call (fixture, "POST", "/_control/write-log",
                                  body != NULL ? body : "{\"enabled\":true}");

  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (reply->json),
                                                 "enabled"));
}

static void
set_faults (Fixture    *fixture,
            const char *provider,
            const char *body)
{
  g_autofree char *path = g_strdup_printf ("/_control/faults/%s", provider);
  g_autoptr (Reply) reply = call (fixture, "POST", path, body);

  g_assert_cmpuint (reply->status, ==, 200);
}

static gint64
int_or_zero (JsonObject *entry,
             const char *member)
{
  JsonNode *node = json_object_get_member (entry, member);

  g_assert_nonnull (node);
  return JSON_NODE_HOLDS_NULL (node) ? 0 : json_node_get_int (node);
}

/* Asserts that @entry is @origin's @method of @path on @provider, applied with @status */
static void
assert_entry (JsonObject *entry,
              const char *provider,
              const char *origin,
              const char *method,
              const char *path,
              guint       status)
{
  g_assert_cmpstr (json_object_get_string_member (entry, "provider"), ==, provider);
  g_assert_cmpstr (json_object_get_string_member (entry, "origin"), ==, origin);
  g_assert_cmpstr (json_object_get_string_member (entry, "method"), ==, method);
  g_assert_cmpstr (json_object_get_string_member (entry, "path"), ==, path);
  g_assert_cmpint (int_or_zero (entry, "status"), ==, status);
  g_assert_false (json_object_get_boolean_member (entry, "dropped"));
  g_assert_cmpint (int_or_zero (entry, "received_seq"), >, 0);
  g_assert_cmpint (int_or_zero (entry, "applied_seq"), >, int_or_zero (entry, "received_seq"));
  g_assert_cmpint (int_or_zero (entry, "applied_ms"), >=, int_or_zero (entry, "received_ms"));
}

static const char *
body_string (JsonObject *entry,
             const char *outer,
             const char *member)
{
  JsonObject *body = json_object_get_object_member (entry, "body");

  g_assert_nonnull (body);
  if (outer != NULL)
    body = json_object_get_object_member (body, outer);
  g_assert_nonnull (body);
  return json_object_get_string_member (body, member);
}

/* Writes before the log is enabled leave no trace; enabling starts it empty, and disabling
 * keeps what it holds. */
static void
test_off_by_default (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr (Reply) created = call (fixture, "POST", "/_control/records/hubspot/contacts",
                                    "{\"properties\":{\"email\":\"off@example.com\"}}");
  g_autoptr (Reply) patched = call (fixture, "PATCH", "/hubspot/crm/v3/objects/contacts/1001",
                                    "{\"properties\":{\"firstname\":\"Off\"}}");
  g_autoptr (Reply) before = NULL;
  g_autoptr (Reply) after = NULL;
  g_autoptr (Reply) edited = NULL;
  g_autoptr (Reply) stopped = NULL;
  g_autoptr (Reply) kept = NULL;
  g_autoptr (Reply) unlogged = NULL;
  g_autoptr (Reply) still = NULL;
  JsonObject *log;

  g_assert_cmpuint (created->status, ==, 201);
  g_assert_cmpuint (patched->status, ==, 200);
  log = read_log (fixture, NULL, &before);
  g_assert_false (json_object_get_boolean_member (log, "enabled"));
  g_assert_cmpuint (json_array_get_length (log_entries (log)), ==, 0);

  enable_log (fixture, NULL);
  log = read_log (fixture, NULL, &after);
  g_assert_true (json_object_get_boolean_member (log, "enabled"));
  g_assert_cmpuint (json_array_get_length (log_entries (log)), ==, 0);

  edited = call (fixture, "PATCH", "/_control/records/hubspot/contacts/1001",
                 "{\"properties\":{\"firstname\":\"On\"}}");
  g_assert_cmpuint (edited->status, ==, 200);
  stopped = call (fixture, "POST", "/_control/write-log", "{\"enabled\":false}");
  g_assert_cmpuint (stopped->status, ==, 200);
  unlogged = call (fixture, "PATCH", "/_control/records/hubspot/contacts/1001",
                   "{\"properties\":{\"firstname\":\"Off again\"}}");
  g_assert_cmpuint (unlogged->status, ==, 200);
  log = read_log (fixture, NULL, &kept);
  g_assert_false (json_object_get_boolean_member (log, "enabled"));
  g_assert_cmpuint (json_array_get_length (log_entries (log)), ==, 1);
  g_assert_cmpstr (body_string (json_array_get_object_element (log_entries (log), 0),
                                "properties", "firstname"), ==, "On");

  /* Enabling again starts afresh */
  enable_log (fixture, NULL);
  log = read_log (fixture, NULL, &still);
  g_assert_cmpuint (json_array_get_length (log_entries (log)), ==, 0);
}

/* Writes of both origins, in the order they ran, each received before it was applied and
 * after the one before it was applied */
static void
test_order (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr (Reply) hs_created = NULL;
  g_autoptr (Reply) hs_patched = NULL;
  g_autoptr (Reply) hs_batch = NULL;
  g_autoptr (Reply) control_edit = NULL;
  g_autoptr (Reply) pd_created = NULL;
  g_autoptr (Reply) pd_deleted = NULL;
  g_autoptr (Reply) control_delete = NULL;
  g_autoptr (Reply) refused = NULL;
  g_autoptr (Reply) everything = NULL;
  g_autoptr (Reply) pipedrive_only = NULL;
  g_autoptr (Reply) control_only = NULL;
  g_autofree char *hs_id = NULL;
  g_autofree char *pd_id = NULL;
  g_autofree char *hs_path = NULL;
  g_autofree char *control_path = NULL;
  g_autofree char *pd_path = NULL;
  g_autofree char *batch = NULL;
  JsonArray *entries;
  JsonObject *log;
  gint64 last_applied = 0;

  enable_log (fixture, NULL);
  hs_created = call (fixture, "POST", "/hubspot/crm/v3/objects/contacts",
                     "{\"properties\":{\"email\":\"ada@example.com\",\"firstname\":\"Ada\"}}");
  g_assert_cmpuint (hs_created->status, ==, 201);
  hs_id = reply_id (hs_created);
  hs_path = g_strdup_printf ("/hubspot/crm/v3/objects/contacts/%s", hs_id);
  hs_patched = call (fixture, "PATCH", hs_path, "{\"properties\":{\"lastname\":\"Lovelace\"}}");
  g_assert_cmpuint (hs_patched->status, ==, 200);
  batch = g_strdup_printf ("{\"inputs\":[{\"id\":\"%s\",\"properties\":{\"phone\":"
                           "\"+14155550100\"}}]}", hs_id);
  hs_batch = call (fixture, "POST", "/hubspot/crm/v3/objects/contacts/batch/update", batch);
  g_assert_cmpuint (hs_batch->status, ==, 200);
  control_path = g_strdup_printf ("/_control/records/hubspot/contacts/%s", hs_id);
  control_edit = call (fixture, "PATCH", control_path,
                       "{\"properties\":{\"firstname\":\"Augusta\"}}");
  g_assert_cmpuint (control_edit->status, ==, 200);
  pd_created = call (fixture, "POST", "/pipedrive/api/v2/persons",
                     "{\"name\":\"Grace Hopper\",\"emails\":[{\"value\":\"grace@example.com\","
                     "\"primary\":true}]}");
  g_assert_cmpuint (pd_created->status, ==, 200);
  pd_id = reply_id (pd_created);
  pd_path = g_strdup_printf ("/pipedrive/api/v2/persons/%s", pd_id);
  pd_deleted = call (fixture, "DELETE", pd_path, NULL);
  g_assert_cmpuint (pd_deleted->status, ==, 200);
  control_delete = call (fixture, "DELETE", control_path, NULL);
  g_assert_cmpuint (control_delete->status, ==, 200);
  /* A refused write is logged with its status: it was applied, and changed nothing */
  refused = call (fixture, "PATCH", "/hubspot/crm/v3/objects/contacts/999999",
                  "{\"properties\":{\"firstname\":\"Nobody\"}}");
  g_assert_cmpuint (refused->status, ==, 404);

  log = read_log (fixture, NULL, &everything);
  entries = log_entries (log);
  g_assert_cmpuint (json_array_get_length (entries), ==, 8);
  assert_entry (json_array_get_object_element (entries, 0), "hubspot", "api", "POST",
                "/hubspot/crm/v3/objects/contacts", 201);
  assert_entry (json_array_get_object_element (entries, 1), "hubspot", "api", "PATCH", hs_path,
                200);
  assert_entry (json_array_get_object_element (entries, 2), "hubspot", "api", "POST",
                "/hubspot/crm/v3/objects/contacts/batch/update", 200);
  assert_entry (json_array_get_object_element (entries, 3), "hubspot", "control", "PATCH",
                control_path, 200);
  assert_entry (json_array_get_object_element (entries, 4), "pipedrive", "api", "POST",
                "/pipedrive/api/v2/persons", 200);
  assert_entry (json_array_get_object_element (entries, 5), "pipedrive", "api", "DELETE",
                pd_path, 200);
  assert_entry (json_array_get_object_element (entries, 6), "hubspot", "control", "DELETE",
                control_path, 200);
  assert_entry (json_array_get_object_element (entries, 7), "hubspot", "api", "PATCH",
                "/hubspot/crm/v3/objects/contacts/999999", 404);

  g_assert_cmpstr (body_string (json_array_get_object_element (entries, 1), "properties",
                                "lastname"), ==, "Lovelace");
  g_assert_cmpstr (body_string (json_array_get_object_element (entries, 3), "properties",
                                "firstname"), ==, "Augusta");
  g_assert_cmpstr (body_string (json_array_get_object_element (entries, 4), NULL, "name"), ==,
                   "Grace Hopper");
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (
                   json_array_get_object_element (entries, 5), "body")));
  g_assert_cmpstr (json_object_get_string_member (
                     json_array_get_object_element (entries, 2), "endpoint"), ==,
                   "/crm/v3/objects/contacts/batch/update");

  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);

      g_assert_cmpint (int_or_zero (entry, "received_seq"), >, last_applied);
      last_applied = int_or_zero (entry, "applied_seq");
    }

  log = read_log (fixture, "provider=pipedrive", &pipedrive_only);
  entries = log_entries (log);
  g_assert_cmpuint (json_array_get_length (entries), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (entries, 1),
                                                  "path"), ==, pd_path);
  log = read_log (fixture, "origin=control", &control_only);
  g_assert_cmpuint (json_array_get_length (log_entries (log)), ==, 2);
}

/* A request held by injected latency is received before a control edit made meanwhile and
 * applied after it: the edit is then lost, and the log shows why. */
typedef struct
{
  char  *base;
  char  *path;
  Reply *reply;
} Delayed;

static gpointer
delayed_patch_thread (gpointer data)
{
  Delayed *delayed = data;
  g_autoptr (SoupSession) session = soup_session_new ();

  delayed->reply = send_in (session, delayed->base, "PATCH", delayed->path,
                            "{\"properties\":{\"firstname\":\"Mary\"}}");
  return NULL;
}

static void
test_latency (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr (Reply) created = call (fixture, "POST", "/_control/records/hubspot/contacts",
                                    "{\"properties\":{\"email\":\"mary@example.com\","
                                    "\"firstname\":\"Marie\"}}");
  g_autofree char *id = reply_id (created);
  g_autofree char *api_path = g_strdup_printf ("/hubspot/crm/v3/objects/contacts/%s", id);
  g_autofree char *control_path = g_strdup_printf ("/_control/records/hubspot/contacts/%s", id);
  g_autoptr (Reply) edited = NULL;
  g_autoptr (Reply) final = NULL;
  g_autoptr (Reply) whole = NULL;
  Delayed delayed = { fixture->base, api_path, NULL };
  GThread *thread;
  gint64 deadline = g_get_monotonic_time () + WAIT_US;
  JsonObject *api, *edit;
  JsonArray *entries;

  enable_log (fixture, NULL);
  set_faults (fixture, "hubspot", "{\"latency_ms\":" G_STRINGIFY (LATENCY_MS) "}");
  thread = g_thread_new ("delayed-patch", delayed_patch_thread, &delayed);

  /* Wait until the simulator holds the PATCH, received and not applied */
  for (;;)
    {
      g_autoptr (Reply) reply = NULL;
      JsonObject *log = read_log (fixture, "origin=api", &reply);

      if (json_array_get_length (log_entries (log)) == 1)
        {
          JsonObject *entry = json_array_get_object_element (log_entries (log), 0);

          g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (entry, "applied_seq")));
          g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (entry, "status")));
          break;
        }
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (10 * 1000);
    }

  edited = call (fixture, "PATCH", control_path, "{\"properties\":{\"firstname\":\"Dorothy\"}}");
  g_assert_cmpuint (edited->status, ==, 200);
  g_thread_join (thread);
  g_assert_no_error (delayed.reply->error);
  g_assert_cmpuint (delayed.reply->status, ==, 200);

  /* The PATCH was applied last: it holds */
  final = call (fixture, "GET", control_path, NULL);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                     json_node_get_object (final->json), "properties"), "firstname"), ==,
                   "Mary");

  entries = log_entries (read_log (fixture, NULL, &whole));
  g_assert_cmpuint (json_array_get_length (entries), ==, 2);
  api = json_array_get_object_element (entries, 0);
  edit = json_array_get_object_element (entries, 1);
  assert_entry (api, "hubspot", "api", "PATCH", api_path, 200);
  assert_entry (edit, "hubspot", "control", "PATCH", control_path, 200);
  g_assert_cmpint (int_or_zero (api, "received_seq"), <, int_or_zero (edit, "received_seq"));
  g_assert_cmpint (int_or_zero (edit, "applied_seq"), <, int_or_zero (api, "applied_seq"));
  g_assert_cmpint (int_or_zero (api, "applied_ms") - int_or_zero (api, "received_ms"), >=,
                   LATENCY_MS);
  g_assert_cmpstr (body_string (api, "properties", "firstname"), ==, "Mary");
  g_assert_cmpstr (body_string (edit, "properties", "firstname"), ==, "Dorothy");

  fc_test_reply_free (delayed.reply);
}

/* A dropped connection: received, never applied */
static void
test_dropped (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr (Reply) dropped = NULL;
  g_autoptr (Reply) next = NULL;
  g_autoptr (Reply) whole = NULL;
  JsonArray *entries;
  JsonObject *entry;

  enable_log (fixture, NULL);
  set_faults (fixture, "pipedrive", "{\"drop_next\":1}");
  /* A fresh connection: libsoup resends once on a reused one that closes */
  g_clear_object (&fixture->session);
  fixture->session = soup_session_new ();
  dropped = call (fixture, "POST", "/pipedrive/api/v2/persons", "{\"name\":\"Lost\"}");
  g_assert_nonnull (dropped->error);
  next = call (fixture, "POST", "/pipedrive/api/v2/persons", "{\"name\":\"Kept\"}");
  g_assert_cmpuint (next->status, ==, 200);

  entries = log_entries (read_log (fixture, NULL, &whole));
  g_assert_cmpuint (json_array_get_length (entries), ==, 2);
  entry = json_array_get_object_element (entries, 0);
  g_assert_true (json_object_get_boolean_member (entry, "dropped"));
  g_assert_cmpint (int_or_zero (entry, "received_seq"), >, 0);
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (entry, "applied_seq")));
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (entry, "applied_ms")));
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (entry, "status")));
  g_assert_cmpstr (body_string (entry, NULL, "name"), ==, "Lost");
  assert_entry (json_array_get_object_element (entries, 1), "pipedrive", "api", "POST",
                "/pipedrive/api/v2/persons", 200);
}

/* At the cap the log keeps its entries and counts the others; bad settings are refused. */
static void
test_cap (Fixture       *fixture,
          gconstpointer  data)
{
  static const char * const refused[] = {
    "{}",
    "{\"enabled\":\"yes\"}",
    "{\"enabled\":true,\"max_entries\":0}",
    "{\"enabled\":true,\"max_entries\":-3}",
    "{\"enabled\":true,\"max_entries\":5000000}",
  };
  g_autoptr (Reply) whole = NULL;
  JsonObject *log;
  JsonArray *entries;

  enable_log (fixture, "{\"enabled\":true,\"max_entries\":2}");
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"name\":\"Person %u\"}", i);
      g_autoptr (Reply) reply = call (fixture, "POST", "/_control/records/pipedrive/persons",
                                      body);

      g_assert_cmpuint (reply->status, ==, 201);
    }
  log = read_log (fixture, NULL, &whole);
  entries = log_entries (log);
  g_assert_cmpuint (json_array_get_length (entries), ==, 2);
  g_assert_cmpint (json_object_get_int_member (log, "max_entries"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (log, "not_logged"), ==, 1);
  g_assert_cmpstr (body_string (json_array_get_object_element (entries, 1), NULL, "name"), ==,
                   "Person 1");

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr (Reply) reply = call (fixture, "POST", "/_control/write-log", refused[i]);

      g_assert_cmpuint (reply->status, ==, 400);
    }
}

/* GraphQL: one route for reads and writes; a document is logged when the operation that runs
 * (operationName's, else the only one) is a mutation */
static void
test_graphql (Fixture       *fixture,
              gconstpointer  data)
{
  static const struct
  {
    const char *body;
    gboolean    logged;
  } requests[] = {
    { "{\"query\":\"{ clients(first: 1) { nodes { id } } }\"}", FALSE },
    { "{\"query\":\"mutation { clientCreate(input: {firstName: \\\"Ada\\\"}) "
      "{ client { id } } }\"}", TRUE },
    { "{\"query\":\"query Read { clients { totalCount } } mutation Write { clientCreate("
      "input: {firstName: \\\"Grace\\\"}) { client { id } } }\",\"operationName\":\"Read\"}",
      FALSE },
    { "{\"query\":\"query Read { clients { totalCount } } mutation Write { clientCreate("
      "input: {firstName: \\\"Hedy\\\"}) { client { id } } }\",\"operationName\":\"Write\"}",
      TRUE },
  };
  g_autoptr (Reply) whole = NULL;
  JsonArray *entries;
  guint expected = 0;

  enable_log (fixture, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (requests); i++)
    {
      g_autoptr (Reply) reply = call (fixture, "POST", "/jobber/api/graphql", requests[i].body);

      g_assert_cmpuint (reply->status, ==, 200);
      g_assert_false (json_object_has_member (json_node_get_object (reply->json), "errors"));
      expected += requests[i].logged;
    }
  g_assert_cmpuint (fc_sim_count_records (fixture->sim, "jobber", "clients", FALSE), ==, 2);

  entries = log_entries (read_log (fixture, "provider=jobber", &whole));
  g_assert_cmpuint (json_array_get_length (entries), ==, expected);
  for (guint i = 0; i < json_array_get_length (entries); i++)
    assert_entry (json_array_get_object_element (entries, i), "jobber", "api", "POST",
                  "/jobber/api/graphql", 200);
  g_assert_nonnull (strstr (json_object_get_string_member (
                              json_object_get_object_member (
                                json_array_get_object_element (entries, 1), "body"),
                              "query"), "Hedy"));
}

/* Requests that read, POSTs among them, leave no entry. */
typedef struct
{
  const char *name;
  const char *method;
  const char *path;
  const char *body;
  guint       status;
} ReadCase;

static const ReadCase read_cases[] = {
  { "hubspot-list", "GET", "/hubspot/crm/v3/objects/contacts", NULL, 200 },
  { "hubspot-get", "GET", "/hubspot/crm/v3/objects/contacts/1001", NULL, 200 },
  { "hubspot-search", "POST", "/hubspot/crm/v3/objects/contacts/search",
    "{\"filterGroups\":[],\"limit\":10}", 200 },
  { "hubspot-batch-read", "POST", "/hubspot/crm/v3/objects/contacts/batch/read",
    "{\"inputs\":[{\"id\":\"1001\"}],\"properties\":[\"email\"]}", 200 },
  { "hubspot-token", "POST", "/hubspot/oauth/v1/token",
    "{\"grant_type\":\"refresh_token\"}", 400 },
  { "pipedrive-list", "GET", "/pipedrive/api/v2/persons", NULL, 200 },
  { "pipedrive-search", "GET", "/pipedrive/api/v2/persons/search?term=read", NULL, 200 },
  { "control-list", "GET", "/_control/records/hubspot/contacts", NULL, 200 },
  { "control-get", "GET", "/_control/records/hubspot/contacts/1001", NULL, 200 },
  { "control-faults", "POST", "/_control/faults/hubspot", "{\"error_next\":0}", 200 },
  { "control-counters", "GET", "/_control/counters", NULL, 200 },
};

static void
test_reads (Fixture       *fixture,
            gconstpointer  data)
{
  const ReadCase *read = data;
  g_autoptr (Reply) seeded = call (fixture, "POST", "/_control/records/hubspot/contacts?mode=seed",
                                   "{\"properties\":{\"email\":\"read@example.com\"}}");
  g_autoptr (Reply) reply = NULL;
  g_autoptr (Reply) whole = NULL;
  g_autoptr (Reply) marker = NULL;
  JsonArray *entries;

  g_assert_cmpuint (seeded->status, ==, 201);
  enable_log (fixture, NULL);
  reply = call (fixture, read->method, read->path, read->body);
  g_assert_no_error (reply->error);
  g_assert_cmpuint (reply->status, ==, read->status);
  /* A write after it, so that an empty log cannot mean a log that records nothing */
  marker = call (fixture, "PATCH", "/_control/records/hubspot/contacts/1001",
                 "{\"properties\":{\"firstname\":\"Marker\"}}");
  g_assert_cmpuint (marker->status, ==, 200);

  entries = log_entries (read_log (fixture, NULL, &whole));
  g_assert_cmpuint (json_array_get_length (entries), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (entries, 0),
                                                  "path"), ==,
                   "/_control/records/hubspot/contacts/1001");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/fc/sim/write-log/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("off-by-default", test_off_by_default);
  ADD ("order", test_order);
  ADD ("latency", test_latency);
  ADD ("dropped", test_dropped);
  ADD ("cap", test_cap);
  ADD ("graphql", test_graphql);
#undef ADD

  for (guint i = 0; i < G_N_ELEMENTS (read_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fc/sim/write-log/reads/%s", read_cases[i].name);

      g_test_add (path, Fixture, &read_cases[i], fixture_set_up, test_reads, fixture_tear_down);
    }

  return g_test_run ();
}
