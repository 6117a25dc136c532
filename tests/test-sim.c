/* test-sim.c: the provider simulator, driven over real HTTP on loopback
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-test-sim"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "fc-sim.h"
#include "fc-sim-private.h"
#include "fc-test-sim-http.h"

#define HS_TOKEN "pat-na1-11111111-2222-3333-4444-555555555555"
#define PD_TOKEN "pd-personal-token-0123456789"
#define REDIRECT "http://127.0.0.1:9/callback"
#define WAIT_MS 5000

typedef FcTestSim Fixture;

typedef FcTestReply Reply;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, fc_test_reply_free)

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fc_test_sim_set_up (fixture, 1234, "hubspot", HS_TOKEN, "pipedrive", PD_TOKEN, NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  fc_test_sim_tear_down (fixture);
}

/* HTTP helpers */

static Reply *
call_full (Fixture    *fixture,
           const char *method,
           const char *path,
           const char *header,
           const char *value,
           const char *content_type,
           const char *body)
{
  return fc_test_send (fixture->session, fixture->base, method, path, content_type, body, header,
                       value, NULL);
}

static Reply *
hubspot (Fixture    *fixture,
         const char *method,
         const char *path,
         const char *body)
{
  g_autofree char *full = g_strconcat ("/hubspot", path, NULL);

  return call_full (fixture, method, full, "Authorization", "Bearer " HS_TOKEN, NULL, body);
}

static Reply *
pipedrive (Fixture    *fixture,
           const char *method,
           const char *path,
           const char *body)
{
  g_autofree char *full = g_strconcat ("/pipedrive", path, NULL);

  return call_full (fixture, method, full, "x-api-token", PD_TOKEN, NULL, body);
}

static Reply *
control (Fixture    *fixture,
         const char *method,
         const char *path,
         const char *body)
{
  g_autofree char *full = g_strconcat ("/_control", path, NULL);

  return call_full (fixture, method, full, NULL, NULL, NULL, body);
}

static JsonObject *
object_of (Reply *reply)
{
  g_assert_no_error (reply->error);
  g_assert_nonnull (reply->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (reply->json));

  return json_node_get_object (reply->json);
}

static JsonArray *
array_member (JsonObject *object,
              const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  return json_node_get_array (node);
}

static JsonObject *
object_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_node_get_object (node);
}

static const char *
header (Reply      *reply,
        const char *name)
{
  return soup_message_headers_get_one (reply->headers, name);
}

static void
assert_hubspot_error (Reply      *reply,
                      guint       status,
                      const char *category)
{
  JsonObject *object = object_of (reply);
  const char *correlation = json_object_get_string_member (object, "correlationId");

  g_assert_cmpuint (reply->status, ==, status);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "error");
  g_assert_cmpstr (json_object_get_string_member (object, "category"), ==, category);
  g_assert_true (g_uuid_string_is_valid (correlation));
  g_assert_nonnull (json_object_get_string_member (object, "message"));
}

static void
assert_pipedrive_error (Reply *reply,
                        guint  status)
{
  JsonObject *object = object_of (reply);

  g_assert_cmpuint (reply->status, ==, status);
  g_assert_false (json_object_get_boolean_member (object, "success"));
  g_assert_nonnull (json_object_get_string_member (object, "error"));
  g_assert_nonnull (json_object_get_string_member (object, "error_info"));
  g_assert_true (json_object_get_null_member (object, "data"));
}

static char *
seed (Fixture    *fixture,
      const char *provider,
      const char *object,
      const char *json)
{
  g_autoptr (GError) error = NULL;
  char *id = fc_sim_seed (fixture->sim, provider, object, json, &error);

  g_assert_no_error (error);
  g_assert_nonnull (id);
  return id;
}

static void
freeze_clock (Fixture *fixture)
{
  fc_sim_set_clock_frozen (fixture->sim, TRUE);
}

/* A webhook receiver on the test's own main context */

typedef struct
{
  SoupServer *server;
  char       *url;
  GPtrArray  *requests;  /* Reply, with the request's headers and body */
  GArray     *statuses;  /* what to answer, in order; then 200 */
} Receiver;

static void
on_receiver_request_cb (SoupServer        *server,
                        SoupServerMessage *msg,
                        const char        *path,
                        GHashTable        *query,
                        gpointer           user_data)
{
  Receiver *receiver = user_data;
  g_autoptr (GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  Reply *request = g_new0 (Reply, 1);
  guint status = 200;

  request->headers = soup_message_headers_ref (soup_server_message_get_request_headers (msg));
  request->body = g_bytes_get_size (body) > 0
                  ? g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body))
                  : g_strdup ("");
  request->json = json_from_string (request->body, NULL);
  g_ptr_array_add (receiver->requests, request);

  if (receiver->statuses->len > 0)
    {
      status = g_array_index (receiver->statuses, guint, 0);
      g_array_remove_index (receiver->statuses, 0);
    }
  request->status = status;
  soup_server_message_set_status (msg, status, NULL);
}

static Receiver *
receiver_new (void)
{
  Receiver *receiver = g_new0 (Receiver, 1);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_autoptr (GError) error = NULL;
  GSList *uris;

  receiver->server = soup_server_new (NULL, NULL);
  receiver->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) fc_test_reply_free);
  receiver->statuses = g_array_new (FALSE, FALSE, sizeof (guint));
  soup_server_add_handler (receiver->server, NULL, on_receiver_request_cb, receiver, NULL);
  g_assert_true (soup_server_listen (receiver->server, address, 0, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (receiver->server);
  receiver->url = g_strdup_printf ("http://127.0.0.1:%d/hooks/crm?source=sim",
                                   g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  return receiver;
}

static void
receiver_free (Receiver *receiver)
{
  soup_server_disconnect (receiver->server);
  g_object_unref (receiver->server);
  g_ptr_array_unref (receiver->requests);
  g_array_unref (receiver->statuses);
  g_free (receiver->url);
  g_free (receiver);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Receiver, receiver_free)

static gboolean
on_timeout_cb (gpointer user_data)
{
  gboolean *expired = user_data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main context until @n requests arrived (or, with @exact, also that no more come in
 * a short while). */
static void
receiver_wait (Receiver *receiver,
               guint     n,
               gboolean  exact)
{
  gboolean expired = FALSE;
  guint timeout = g_timeout_add (WAIT_MS, on_timeout_cb, &expired);

  while (receiver->requests->len < n && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (timeout);
  g_assert_cmpuint (receiver->requests->len, >=, n);

  if (exact)
    {
      expired = FALSE;
      g_timeout_add (300, on_timeout_cb, &expired);
      while (!expired)
        g_main_context_iteration (NULL, TRUE);
      g_assert_cmpuint (receiver->requests->len, ==, n);
    }
}

static void
receiver_answer (Receiver *receiver,
                 guint     status)
{
  g_array_append_val (receiver->statuses, status);
}

static Reply *
received (Receiver *receiver,
          guint     index)
{
  g_assert_cmpuint (index, <, receiver->requests->len);
  return g_ptr_array_index (receiver->requests, index);
}

/* HubSpot */

static void
test_hubspot_list_paging (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *after = NULL;
  gint64 previous = 0;
  guint pages = 0;

  g_assert_true (fc_sim_seed_generated (fixture->sim, "hubspot", "contacts", 1050, &error));
  g_assert_no_error (error);

  do
    {
      g_autofree char *escaped = after != NULL ? g_uri_escape_string (after, NULL, FALSE) : NULL;
      g_autofree char *path = g_strdup_printf ("/crm/v3/objects/contacts?limit=100"
                                               "&properties=email,city%s%s",
                                               after != NULL ? "&after=" : "",
                                               after != NULL ? escaped : "");
      g_autoptr (Reply) reply = hubspot (fixture, "GET", path, NULL);
      JsonObject *page = object_of (reply);
      JsonArray *results = array_member (page, "results");

      g_assert_cmpuint (reply->status, ==, 200);
      g_clear_pointer (&after, g_free);
      for (guint i = 0; i < json_array_get_length (results); i++)
        {
          JsonObject *object = json_array_get_object_element (results, i);
          JsonObject *properties = object_member (object, "properties");
          const char *id = json_object_get_string_member (object, "id");

          g_assert_cmpint (g_ascii_strtoll (id, NULL, 10), >, previous);
          previous = g_ascii_strtoll (id, NULL, 10);
          g_assert_true (g_hash_table_add (seen, g_strdup (id)));
          g_assert_true (g_str_has_suffix (json_object_get_string_member (properties, "email"),
                                           "@example.com"));
          g_assert_true (json_object_has_member (properties, "city"));
          g_assert_false (json_object_has_member (properties, "firstname"));
          g_assert_cmpstr (json_object_get_string_member (properties, "hs_object_id"), ==, id);
          g_assert_false (json_object_get_boolean_member (object, "archived"));
        }
      if (json_object_has_member (page, "paging"))
        {
          JsonObject *next = object_member (object_member (page, "paging"), "next");

          g_autofree char *link_end = NULL;
          g_autofree char *escaped_after = NULL;

          after = g_strdup (json_object_get_string_member (next, "after"));
          escaped_after = g_uri_escape_string (after, NULL, FALSE);
          link_end = g_strconcat ("?after=", escaped_after, NULL);
          g_assert_true (g_str_has_suffix (json_object_get_string_member (next, "link"),
                                           link_end));
          g_assert_cmpuint (json_array_get_length (results), ==, 100);
        }
      pages++;
    }
  while (after != NULL);

  g_assert_cmpuint (g_hash_table_size (seen), ==, 1050);
  g_assert_cmpuint (pages, ==, 11);

  {
    g_autoptr (Reply) too_many = hubspot (fixture, "GET", "/crm/v3/objects/contacts?limit=101",
                                          NULL);
    g_autoptr (Reply) bad_cursor = hubspot (fixture, "GET",
                                            "/crm/v3/objects/contacts?after=%25%25", NULL);
    g_autoptr (Reply) unauthenticated = call_full (fixture, "GET",
                                                   "/hubspot/crm/v3/objects/contacts", NULL,
                                                   NULL, NULL, NULL);
    g_autoptr (Reply) deleted = hubspot (fixture, "DELETE", "/crm/v3/objects/contacts/1001",
                                         NULL);
    g_autoptr (Reply) archived = hubspot (fixture, "GET", "/crm/v3/objects/0-1?archived=true",
                                          NULL);
    JsonArray *results;

    assert_hubspot_error (too_many, 400, "VALIDATION_ERROR");
    assert_hubspot_error (bad_cursor, 400, "VALIDATION_ERROR");
    assert_hubspot_error (unauthenticated, 401, "INVALID_AUTHENTICATION");
    g_assert_cmpuint (deleted->status, ==, 204);
    results = array_member (object_of (archived), "results");
    g_assert_cmpuint (json_array_get_length (results), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (results, 0),
                                                    "id"), ==, "1001");
  }
}

static void
test_hubspot_objects (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr (Reply) created = NULL;
  g_autoptr (Reply) duplicate = NULL;
  g_autoptr (Reply) by_email = NULL;
  g_autoptr (Reply) patched = NULL;
  g_autoptr (Reply) read_only = NULL;
  g_autoptr (Reply) unknown = NULL;
  g_autoptr (Reply) bad_option = NULL;
  g_autoptr (Reply) cleared = NULL;
  g_autoptr (Reply) archived = NULL;
  g_autoptr (Reply) gone = NULL;
  g_autofree char *path = NULL;
  g_autofree char *message = NULL;
  JsonObject *object, *properties;
  const char *id;
  char *updated_before;

  freeze_clock (fixture);
  created = hubspot (fixture, "POST", "/crm/v3/objects/contacts",
                     "{\"properties\":{\"email\":\"Ada@Example.org\",\"firstname\":\"Ada\","
                     "\"phone\":\"+1 617 555 0100\",\"lifecyclestage\":\"lead\","
                     "\"createdate\":1700000000000}}");
  g_assert_cmpuint (created->status, ==, 201);
  object = object_of (created);
  properties = object_member (object, "properties");
  id = json_object_get_string_member (object, "id");
  g_assert_cmpstr (json_object_get_string_member (properties, "firstname"), ==, "Ada");
  g_assert_cmpstr (json_object_get_string_member (properties, "createdate"), ==,
                   "2023-11-14T22:13:20.000Z");
  g_assert_cmpstr (json_object_get_string_member (properties, "hs_object_id"), ==, id);
  g_assert_nonnull (json_object_get_string_member (properties, "lastmodifieddate"));
  updated_before = g_strdup (json_object_get_string_member (object, "updatedAt"));

  duplicate = hubspot (fixture, "POST", "/crm/v3/objects/contacts",
                       "{\"properties\":{\"email\":\"ada@example.org\"}}");
  assert_hubspot_error (duplicate, 409, "CONFLICT");
  message = g_strdup_printf ("Contact already exists. Existing ID: %s", id);
  g_assert_cmpstr (json_object_get_string_member (object_of (duplicate), "message"), ==, message);

  by_email = hubspot (fixture, "GET", "/crm/v3/objects/contacts/ada%40example.org"
                      "?idProperty=email&properties=phone,fax", NULL);
  g_assert_cmpuint (by_email->status, ==, 200);
  properties = object_member (object_of (by_email), "properties");
  g_assert_cmpstr (json_object_get_string_member (properties, "phone"), ==, "+1 617 555 0100");
  g_assert_true (json_object_get_null_member (properties, "fax"));

  fc_sim_advance_clock (fixture->sim, 5000);
  path = g_strdup_printf ("/crm/v3/objects/contacts/%s", id);
  patched = hubspot (fixture, "PATCH", path, "{\"properties\":{\"phone\":\"\",\"city\":\"Bath\"}}");
  g_assert_cmpuint (patched->status, ==, 200);
  object = object_of (patched);
  properties = object_member (object, "properties");
  g_assert_false (json_object_has_member (properties, "phone"));
  g_assert_cmpstr (json_object_get_string_member (properties, "city"), ==, "Bath");
  g_assert_cmpstr (json_object_get_string_member (object, "updatedAt"), !=, updated_before);
  g_assert_cmpstr (json_object_get_string_member (properties, "lastmodifieddate"), ==,
                   json_object_get_string_member (object, "updatedAt"));
  g_free (updated_before);

  read_only = hubspot (fixture, "PATCH", path,
                       "{\"properties\":{\"lastmodifieddate\":\"1700000000000\"}}");
  assert_hubspot_error (read_only, 400, "VALIDATION_ERROR");
  g_assert_nonnull (strstr (read_only->body, "READ_ONLY_VALUE"));
  unknown = hubspot (fixture, "PATCH", path, "{\"properties\":{\"shoe_size\":\"44\"}}");
  assert_hubspot_error (unknown, 400, "VALIDATION_ERROR");
  g_assert_nonnull (strstr (unknown->body, "PROPERTY_DOESNT_EXIST"));
  bad_option = hubspot (fixture, "PATCH", path, "{\"properties\":{\"lifecyclestage\":\"vip\"}}");
  assert_hubspot_error (bad_option, 400, "VALIDATION_ERROR");
  g_assert_nonnull (strstr (bad_option->body, "INVALID_OPTION"));

  cleared = hubspot (fixture, "GET", "/crm/v3/objects/0-1/ada@example.org?idProperty=email"
                     "&properties=phone,city", NULL);
  properties = object_member (object_of (cleared), "properties");
  g_assert_true (json_object_get_null_member (properties, "phone"));

  archived = hubspot (fixture, "DELETE", path, NULL);
  g_assert_cmpuint (archived->status, ==, 204);
  g_assert_null (archived->json);
  gone = hubspot (fixture, "GET", path, NULL);
  assert_hubspot_error (gone, 404, "OBJECT_NOT_FOUND");
}

static void
search_page (Fixture    *fixture,
             const char *body,
             guint       status,
             guint       n_results,
             const char *next_after)
{
  g_autoptr (Reply) reply = hubspot (fixture, "POST", "/crm/v3/objects/contacts/search", body);
  JsonObject *object;

  g_assert_cmpuint (reply->status, ==, status);
  if (status != 200)
    {
      assert_hubspot_error (reply, status, "VALIDATION_ERROR");
      return;
    }

  object = object_of (reply);
  g_assert_cmpuint (json_array_get_length (array_member (object, "results")), ==, n_results);
  if (next_after == NULL)
    g_assert_false (json_object_has_member (object, "paging"));
  else
    g_assert_cmpstr (json_object_get_string_member (object_member (object_member (object,
                                                                                   "paging"),
                                                                    "next"),
                                                     "after"), ==, next_after);
}

static void
test_hubspot_search_cap (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (Reply) first = NULL;
  JsonObject *object;

  g_assert_true (fc_sim_seed_generated (fixture->sim, "hubspot", "contacts", 10050, &error));
  g_assert_no_error (error);

  first = hubspot (fixture, "POST", "/crm/v3/objects/contacts/search",
                   "{\"filterGroups\":[{\"filters\":[{\"propertyName\":\"email\","
                   "\"operator\":\"HAS_PROPERTY\"}]}],\"limit\":200,"
                   "\"properties\":[\"email\"]}");
  object = object_of (first);
  g_assert_cmpint (json_object_get_int_member (object, "total"), ==, 10050);
  g_assert_cmpuint (json_array_get_length (array_member (object, "results")), ==, 200);

  search_page (fixture, "{\"limit\":200,\"after\":\"9800\"}", 200, 200, "10000");
  search_page (fixture, "{\"limit\":100,\"after\":\"9950\"}", 200, 50, "10000");
  search_page (fixture, "{\"limit\":100,\"after\":\"10000\"}", 400, 0, NULL);
  search_page (fixture, "{\"limit\":201}", 400, 0, NULL);
}

static void
test_hubspot_search_filters (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *a = NULL, *b = NULL, *c = NULL;
  g_autoptr (Reply) sorted = NULL;
  JsonArray *results;

  freeze_clock (fixture);
  a = seed (fixture, "hubspot", "contacts", "{\"properties\":{\"email\":\"a@one.example\","
            "\"firstname\":\"Ann\",\"city\":\"Leeds\"},\"updatedAt\":1700000000000}");
  b = seed (fixture, "hubspot", "contacts", "{\"properties\":{\"email\":\"b@two.example\","
            "\"firstname\":\"Bob\",\"city\":\"York\"},\"updatedAt\":1700000005000}");
  c = seed (fixture, "hubspot", "contacts", "{\"properties\":{\"firstname\":\"Cy\"},"
            "\"updatedAt\":1700000009000}");

  search_page (fixture, "{\"filterGroups\":[{\"filters\":[{\"propertyName\":\"lastmodifieddate\","
               "\"operator\":\"GTE\",\"value\":\"1700000005000\"}]}]}", 200, 2, NULL);
  search_page (fixture, "{\"filterGroups\":[{\"filters\":[{\"propertyName\":\"lastmodifieddate\","
               "\"operator\":\"BETWEEN\",\"value\":\"2023-11-14T22:13:20Z\","
               "\"highValue\":\"1700000005000\"}]}]}", 200, 2, NULL);
  search_page (fixture, "{\"filterGroups\":[{\"filters\":[{\"propertyName\":\"email\","
               "\"operator\":\"NOT_HAS_PROPERTY\"}]}]}", 200, 1, NULL);
  search_page (fixture, "{\"filterGroups\":[{\"filters\":[{\"propertyName\":\"email\","
               "\"operator\":\"CONTAINS_TOKEN\",\"value\":\"*@two.example\"}]},"
               "{\"filters\":[{\"propertyName\":\"city\",\"operator\":\"IN\","
               "\"values\":[\"leeds\"]}]}]}", 200, 2, NULL);
  search_page (fixture, "{\"filterGroups\":[{\"filters\":[{\"propertyName\":\"city\","
               "\"operator\":\"NOT_IN\",\"values\":[\"York\"]},{\"propertyName\":\"firstname\","
               "\"operator\":\"NEQ\",\"value\":\"Cy\"}]}]}", 200, 1, NULL);
  search_page (fixture, "{\"query\":\"bo\"}", 200, 1, NULL);
  search_page (fixture, "{\"filterGroups\":[{\"filters\":[{\"propertyName\":\"nope\","
               "\"operator\":\"EQ\",\"value\":\"x\"}]}]}", 400, 0, NULL);
  search_page (fixture, "{\"filterGroups\":[{\"filters\":[{\"propertyName\":\"city\","
               "\"operator\":\"LIKE\",\"value\":\"x\"}]}]}", 400, 0, NULL);
  search_page (fixture, "{\"limit\":1}", 200, 1, "1");

  sorted = hubspot (fixture, "POST", "/crm/v3/objects/contacts/search",
                    "{\"sorts\":[{\"propertyName\":\"lastmodifieddate\","
                    "\"direction\":\"DESCENDING\"}]}");
  results = array_member (object_of (sorted), "results");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (results, 0),
                                                  "id"), ==, c);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (results, 2),
                                                  "id"), ==, a);
}

/* The ids of a search page, joined with commas, and its total */
static char *
search_ids (Fixture    *fixture,
            const char *body,
            gint64     *total)
{
  g_autoptr (Reply) reply = hubspot (fixture, "POST", "/crm/v3/objects/contacts/search", body);
  JsonObject *object = object_of (reply);
  JsonArray *results = array_member (object, "results");
  g_autoptr (GStrvBuilder) ids = g_strv_builder_new ();
  g_auto (GStrv) joined = NULL;

  g_assert_cmpuint (reply->status, ==, 200);
  for (guint i = 0; i < json_array_get_length (results); i++)
    g_strv_builder_add (ids, json_object_get_string_member (
                          json_array_get_object_element (results, i), "id"));
  *total = json_object_get_int_member (object, "total");

  joined = g_strv_builder_end (ids);
  return g_strjoinv (",", joined);
}

#define CHANGES_SEARCH \
  "{\"filterGroups\":[{\"filters\":[{\"propertyName\":\"lastmodifieddate\"," \
  "\"operator\":\"GTE\",\"value\":\"1700000000000\"}]}],\"sorts\":[{\"propertyName\":" \
  "\"lastmodifieddate\",\"direction\":\"ASCENDING\"}],\"limit\":2"

/* Pages of one search asked again after an edit, a create and a delete (over the API and the
 * C helpers) answer for the records as they are then. */
static void
test_hubspot_search_changes (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) ids = g_new0 (char *, 6);
  g_autofree char *created = NULL;
  g_autofree char *page = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *patch = NULL;
  g_autofree char *remove = NULL;
  g_autoptr (Reply) edited = NULL;
  g_autoptr (Reply) posted = NULL;
  g_autoptr (Reply) deleted = NULL;
  gint64 total = 0;

  freeze_clock (fixture);
  for (guint i = 0; i < 5; i++)
    {
      /* One second apart from 1700000000000 */
      g_autofree char *json = g_strdup_printf ("{\"properties\":{\"email\":"
                                               "\"p%u@changes.example\"},\"updatedAt\":%"
                                               G_GINT64_FORMAT "}", i,
                                               G_GINT64_CONSTANT (1700000000000) + i * 1000);
      ids[i] = seed (fixture, "hubspot", "contacts", json);
    }

  page = search_ids (fixture, CHANGES_SEARCH "}", &total);
  expected = g_strjoin (",", ids[0], ids[1], NULL);
  g_assert_cmpstr (page, ==, expected);
  g_assert_cmpint (total, ==, 5);
  g_clear_pointer (&page, g_free);
  g_clear_pointer (&expected, g_free);
  page = search_ids (fixture, CHANGES_SEARCH ",\"after\":\"2\"}", &total);
  expected = g_strjoin (",", ids[2], ids[3], NULL);
  g_assert_cmpstr (page, ==, expected);

  /* An edit moves the record to the end: the frozen clock is past every seeded time */
  patch = g_strdup_printf ("/crm/v3/objects/contacts/%s", ids[2]);
  edited = hubspot (fixture, "PATCH", patch, "{\"properties\":{\"firstname\":\"Moved\"}}");
  g_assert_cmpuint (edited->status, ==, 200);
  g_clear_pointer (&page, g_free);
  g_clear_pointer (&expected, g_free);
  page = search_ids (fixture, CHANGES_SEARCH ",\"after\":\"2\"}", &total);
  expected = g_strjoin (",", ids[3], ids[4], NULL);
  g_assert_cmpstr (page, ==, expected);
  g_assert_cmpint (total, ==, 5);

  /* A create over the API comes after it, at the same time with a greater id */
  posted = hubspot (fixture, "POST", "/crm/v3/objects/contacts",
                    "{\"properties\":{\"email\":\"new@changes.example\"}}");
  g_assert_cmpuint (posted->status, ==, 201);
  created = g_strdup (json_object_get_string_member (object_of (posted), "id"));
  g_clear_pointer (&page, g_free);
  g_clear_pointer (&expected, g_free);
  page = search_ids (fixture, CHANGES_SEARCH ",\"after\":\"4\"}", &total);
  expected = g_strjoin (",", ids[2], created, NULL);
  g_assert_cmpstr (page, ==, expected);
  g_assert_cmpint (total, ==, 6);

  /* A delete over the API shifts the later pages */
  remove = g_strdup_printf ("/crm/v3/objects/contacts/%s", ids[1]);
  deleted = hubspot (fixture, "DELETE", remove, NULL);
  g_assert_cmpuint (deleted->status, ==, 204);
  g_clear_pointer (&page, g_free);
  g_clear_pointer (&expected, g_free);
  page = search_ids (fixture, CHANGES_SEARCH ",\"after\":\"2\"}", &total);
  expected = g_strjoin (",", ids[4], ids[2], NULL);
  g_assert_cmpstr (page, ==, expected);
  g_assert_cmpint (total, ==, 5);

  /* The C helpers: an edit that leaves the filter, then a delete */
  g_assert_true (fc_sim_edit (fixture->sim, "hubspot", "contacts", ids[0],
                              "{\"properties\":{\"email\":\"\"}}", &error));
  g_assert_no_error (error);
  g_clear_pointer (&page, g_free);
  g_clear_pointer (&expected, g_free);
  page = search_ids (fixture, "{\"filterGroups\":[{\"filters\":[{\"propertyName\":\"email\","
                     "\"operator\":\"HAS_PROPERTY\"}]}],\"sorts\":[\"hs_object_id\"],"
                     "\"limit\":2,\"after\":\"2\"}", &total);
  expected = g_strjoin (",", ids[4], created, NULL);
  g_assert_cmpstr (page, ==, expected);
  g_assert_cmpint (total, ==, 4);
  g_assert_true (fc_sim_delete (fixture->sim, "hubspot", "contacts", ids[3], &error));
  g_assert_no_error (error);
  g_clear_pointer (&page, g_free);
  g_clear_pointer (&expected, g_free);
  page = search_ids (fixture, "{\"filterGroups\":[{\"filters\":[{\"propertyName\":\"email\","
                     "\"operator\":\"HAS_PROPERTY\"}]}],\"sorts\":[\"hs_object_id\"],"
                     "\"limit\":2,\"after\":\"2\"}", &total);
  g_assert_cmpstr (page, ==, created);
  g_assert_cmpint (total, ==, 3);

  /* A bound on the sorted property, descending: the edits above are the newest, equal times in
   * id order, then the last seeded record left */
  g_clear_pointer (&page, g_free);
  g_clear_pointer (&expected, g_free);
  page = search_ids (fixture, "{\"filterGroups\":[{\"filters\":[{\"propertyName\":"
                     "\"lastmodifieddate\",\"operator\":\"LTE\",\"value\":"
                     "\"2100-01-01T00:00:00Z\"}]}],\"sorts\":[\"-lastmodifieddate\"],"
                     "\"limit\":3,\"after\":\"1\"}", &total);
  expected = g_strjoin (",", ids[2], created, ids[4], NULL);
  g_assert_cmpstr (page, ==, expected);
  g_assert_cmpint (total, ==, 4);
}

static void
test_hubspot_batch (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr (GString) big = g_string_new ("{\"inputs\":[");
  g_autofree char *existing = seed (fixture, "hubspot", "contacts",
                                    "{\"properties\":{\"email\":\"old@batch.example\"}}");
  g_autofree char *read_body = g_strdup_printf ("{\"inputs\":[{\"id\":\"%s\"},{\"id\":\"999999\"}],"
                                                "\"properties\":[\"email\"]}", existing);
  g_autoptr (Reply) too_many = NULL;
  g_autoptr (Reply) created = NULL;
  g_autoptr (Reply) partial = NULL;
  g_autoptr (Reply) upserted = NULL;
  g_autoptr (Reply) invalid = NULL;
  g_autoptr (Reply) archived = NULL;
  JsonObject *object;
  JsonArray *results;
  guint n_new = 0;

  for (guint i = 0; i < 101; i++)
    g_string_append_printf (big, "%s{\"properties\":{\"firstname\":\"N%u\"}}", i ? "," : "", i);
  g_string_append (big, "]}");
  too_many = hubspot (fixture, "POST", "/crm/v3/objects/contacts/batch/create", big->str);
  assert_hubspot_error (too_many, 400, "VALIDATION_ERROR");
  g_assert_cmpstr (json_object_get_string_member (object_of (too_many), "message"), ==,
                   "The maximum number of inputs supported in a batch request is 100");
  g_assert_cmpuint (fc_sim_count_records (fixture->sim, "hubspot", "contacts", FALSE), ==, 1);

  created = hubspot (fixture, "POST", "/crm/v3/objects/contacts/batch/create",
                     "{\"inputs\":[{\"properties\":{\"email\":\"new1@batch.example\"}},"
                     "{\"properties\":{\"email\":\"old@batch.example\"}},"
                     "{\"properties\":{\"email\":\"new2@batch.example\"}}]}");
  g_assert_cmpuint (created->status, ==, 207);
  object = object_of (created);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "COMPLETE");
  g_assert_cmpint (json_object_get_int_member (object, "numErrors"), ==, 1);
  g_assert_cmpuint (json_array_get_length (array_member (object, "results")), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     array_member (object, "errors"), 0), "category"), ==, "CONFLICT");

  partial = hubspot (fixture, "POST", "/crm/v3/objects/contacts/batch/read", read_body);
  g_assert_cmpuint (partial->status, ==, 207);
  object = object_of (partial);
  g_assert_cmpuint (json_array_get_length (array_member (object, "results")), ==, 1);
  g_assert_nonnull (strstr (partial->body, "\"ids\":[\"999999\"]"));

  upserted = hubspot (fixture, "POST", "/crm/v3/objects/contacts/batch/upsert",
                      "{\"inputs\":[{\"id\":\"old@batch.example\",\"idProperty\":\"email\","
                      "\"properties\":{\"city\":\"Ely\"}},{\"id\":\"fresh@batch.example\","
                      "\"idProperty\":\"email\",\"properties\":{\"city\":\"Hull\"}}]}");
  g_assert_cmpuint (upserted->status, ==, 200);
  results = array_member (object_of (upserted), "results");
  g_assert_cmpuint (json_array_get_length (results), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *result = json_array_get_object_element (results, i);
      gboolean is_new = json_object_get_boolean_member (result, "new");

      n_new += is_new;
      if (is_new)
        g_assert_cmpstr (json_object_get_string_member (result, "id"), !=, existing);
      else
        g_assert_cmpstr (json_object_get_string_member (result, "id"), ==, existing);
    }
  g_assert_cmpuint (n_new, ==, 1);

  invalid = hubspot (fixture, "POST", "/crm/v3/objects/contacts/batch/update",
                     "{\"inputs\":[{\"id\":\"1001\",\"properties\":{\"hs_object_id\":\"5\"}}]}");
  assert_hubspot_error (invalid, 400, "VALIDATION_ERROR");

  archived = hubspot (fixture, "POST", "/crm/v3/objects/contacts/batch/archive",
                      "{\"inputs\":[{\"id\":\"1001\"},{\"id\":\"424242\"}]}");
  g_assert_cmpuint (archived->status, ==, 204);
  g_assert_cmpuint (fc_sim_count_records (fixture->sim, "hubspot", "contacts", FALSE), ==, 3);
}

static JsonObject *
find_property (JsonArray  *results,
               const char *name)
{
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *property = json_array_get_object_element (results, i);

      if (g_str_equal (json_object_get_string_member (property, "name"), name))
        return property;
    }

  return NULL;
}

static void
test_hubspot_properties (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr (Reply) contacts = hubspot (fixture, "GET", "/crm/v3/properties/contacts", NULL);
  g_autoptr (Reply) deals = hubspot (fixture, "GET", "/crm/v3/properties/0-3", NULL);
  g_autoptr (Reply) custom = NULL;
  g_autoptr (Reply) written = NULL;
  g_autoptr (Reply) wrong = NULL;
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  JsonArray *results = array_member (object_of (contacts), "results");
  JsonObject *property;

  property = find_property (results, "email");
  g_assert_nonnull (property);
  g_assert_true (json_object_get_boolean_member (property, "hasUniqueValue"));
  g_assert_true (json_object_get_boolean_member (property, "hubspotDefined"));
  g_assert_cmpstr (json_object_get_string_member (property, "groupName"), ==,
                   "contactinformation");
  property = find_property (results, "lastmodifieddate");
  g_assert_true (json_object_get_boolean_member (object_member (property,
                                                                "modificationMetadata"),
                                                 "readOnlyValue"));
  g_assert_cmpstr (json_object_get_string_member (property, "type"), ==, "datetime");
  property = find_property (results, "lifecyclestage");
  g_assert_cmpstr (json_object_get_string_member (property, "type"), ==, "enumeration");
  g_assert_cmpuint (json_array_get_length (array_member (property, "options")), ==, 8);
  property = find_property (array_member (object_of (deals), "results"), "dealstage");
  g_assert_nonnull (property);
  g_assert_nonnull (find_property (array_member (object_of (deals), "results"),
                                   "hs_lastmodifieddate"));

  custom = control (fixture, "POST", "/fields/hubspot/contacts",
                    "{\"name\":\"customer_tier\",\"label\":\"Customer tier\","
                    "\"type\":\"enumeration\",\"fieldType\":\"select\","
                    "\"options\":[{\"label\":\"Gold\",\"value\":\"gold\"}]}");
  g_assert_cmpuint (custom->status, ==, 201);
  g_assert_false (json_object_get_boolean_member (object_of (custom), "hubspotDefined"));

  id = seed (fixture, "hubspot", "contacts", "{\"properties\":{\"firstname\":\"Tia\"}}");
  path = g_strdup_printf ("/crm/v3/objects/contacts/%s", id);
  written = hubspot (fixture, "PATCH", path, "{\"properties\":{\"customer_tier\":\"gold\"}}");
  g_assert_cmpuint (written->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (object_member (object_of (written),
                                                                 "properties"),
                                                  "customer_tier"), ==, "gold");
  wrong = hubspot (fixture, "PATCH", path, "{\"properties\":{\"customer_tier\":\"tin\"}}");
  assert_hubspot_error (wrong, 400, "VALIDATION_ERROR");
}

/* OAuth */

static char *
challenge_for (const char *verifier)
{
  guint8 digest[32];
  gsize length = sizeof digest;
  g_autoptr (GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  char *encoded;

  g_checksum_update (checksum, (const guchar *) verifier, -1);
  g_checksum_get_digest (checksum, digest, &length);
  encoded = g_base64_encode (digest, length);
  g_strdelimit (encoded, "+", '-');
  g_strdelimit (encoded, "/", '_');
  *strchr (encoded, '=') = '\0';

  return encoded;
}

/* Follows the authorize page's redirect and returns a query parameter of it. */
static char *
authorize (Fixture    *fixture,
           const char *path,
           const char *name)
{
  g_autoptr (Reply) reply = call_full (fixture, "GET", path, NULL, NULL, NULL, NULL);
  g_autoptr (GUri) location = NULL;
  g_autoptr (GHashTable) params = NULL;
  const char *query;

  g_assert_cmpuint (reply->status, ==, 302);
  location = g_uri_parse (header (reply, "Location"), G_URI_FLAGS_ENCODED_QUERY, NULL);
  g_assert_nonnull (location);
  g_assert_cmpstr (g_uri_get_path (location), ==, "/callback");
  query = g_uri_get_query (location);
  params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL);
  g_assert_cmpstr (g_hash_table_lookup (params, "state"), ==, "st4te");

  return g_strdup (g_hash_table_lookup (params, name));
}

static Reply *
hubspot_token (Fixture    *fixture,
               const char *form)
{
  return call_full (fixture, "POST", "/hubspot/oauth/v1/token", NULL, NULL,
                    "application/x-www-form-urlencoded", form);
}

static Reply *
with_bearer (Fixture    *fixture,
             const char *path,
             const char *token)
{
  g_autofree char *value = g_strdup_printf ("Bearer %s", token);

  return call_full (fixture, "GET", path, "Authorization", value, NULL, NULL);
}

/* Tokens are found by their value: one already a provider's is refused for another (before,
 * the second replaced the first, and the first provider then refused it), over the C API and
 * the control API. */
static void
test_static_token_taken (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (Reply) refused = NULL;
  g_autoptr (Reply) still = NULL;

  g_assert_false (fc_sim_add_static_token (fixture->sim, "pipedrive", HS_TOKEN, &error));
  g_assert_error (error, FC_SIM_ERROR, FC_SIM_ERROR_CONFLICT);
  g_clear_error (&error);
  refused = control (fixture, "POST", "/tokens",
                     "{\"provider\":\"pipedrive\",\"token\":\"" HS_TOKEN "\"}");
  g_assert_cmpuint (refused->status, ==, 409);

  /* Again for its own provider: fine */
  g_assert_true (fc_sim_add_static_token (fixture->sim, "hubspot", HS_TOKEN, &error));
  g_assert_no_error (error);
  still = hubspot (fixture, "GET", "/crm/v3/objects/contacts", NULL);
  g_assert_cmpuint (still->status, ==, 200);
}

static void
test_hubspot_oauth (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
  g_autofree char *challenge = challenge_for (verifier);
  g_autofree char *authorize_path =
    g_strdup_printf ("/hubspot-auth/oauth/authorize?client_id=sim-hubspot-client-id"
                     "&redirect_uri=%s&scope=crm.objects.contacts.read%%20"
                     "crm.objects.contacts.write&state=st4te&code_challenge=%s"
                     "&code_challenge_method=S256", REDIRECT, challenge);
  g_autofree char *code = authorize (fixture, authorize_path, "code");
  g_autofree char *form = NULL;
  g_autofree char *access = NULL;
  g_autofree char *refresh = NULL;
  g_autofree char *info_path = NULL;
  g_autofree char *revoke_path = NULL;
  g_autofree char *denied = NULL;
  g_autoptr (Reply) wrong = NULL;
  g_autoptr (Reply) granted = NULL;
  g_autoptr (Reply) listed = NULL;
  g_autoptr (Reply) info = NULL;
  g_autoptr (Reply) scoped = NULL;
  g_autoptr (Reply) expired = NULL;
  g_autoptr (Reply) refreshed = NULL;
  g_autoptr (Reply) bad_secret = NULL;
  g_autoptr (Reply) revoked = NULL;
  g_autoptr (Reply) dead = NULL;
  g_autoptr (Reply) after_revoke = NULL;
  JsonObject *object;

  form = g_strdup_printf ("grant_type=authorization_code&client_id=sim-hubspot-client-id"
                          "&client_secret=sim-hubspot-client-secret&redirect_uri=%s&code=%s"
                          "&code_verifier=not-the-verifier", REDIRECT, code);
  wrong = hubspot_token (fixture, form);
  g_assert_cmpuint (wrong->status, ==, 400);
  g_assert_cmpstr (json_object_get_string_member (object_of (wrong), "status"), ==,
                   "BAD_AUTH_CODE");

  g_free (code);
  code = authorize (fixture, authorize_path, "code");
  g_free (form);
  form = g_strdup_printf ("grant_type=authorization_code&client_id=sim-hubspot-client-id"
                          "&client_secret=sim-hubspot-client-secret&redirect_uri=%s&code=%s"
                          "&code_verifier=%s", REDIRECT, code, verifier);
  granted = hubspot_token (fixture, form);
  g_assert_cmpuint (granted->status, ==, 200);
  object = object_of (granted);
  g_assert_cmpint (json_object_get_int_member (object, "expires_in"), ==, 1800);
  g_assert_cmpstr (json_object_get_string_member (object, "token_type"), ==, "bearer");
  access = g_strdup (json_object_get_string_member (object, "access_token"));
  refresh = g_strdup (json_object_get_string_member (object, "refresh_token"));

  listed = with_bearer (fixture, "/hubspot/crm/v3/objects/contacts", access);
  g_assert_cmpuint (listed->status, ==, 200);
  info_path = g_strdup_printf ("/hubspot/oauth/v1/access-tokens/%s", access);
  info = call_full (fixture, "GET", info_path, NULL, NULL, NULL, NULL);
  g_assert_cmpint (json_object_get_int_member (object_of (info), "hub_id"), ==, 62515);
  g_assert_nonnull (json_object_get_string_member (object_of (info), "hub_domain"));
  scoped = with_bearer (fixture, "/hubspot/crm/v3/objects/companies", access);
  assert_hubspot_error (scoped, 403, "MISSING_SCOPES");

  freeze_clock (fixture);
  fc_sim_advance_clock (fixture->sim, 1801 * 1000);
  expired = with_bearer (fixture, "/hubspot/crm/v3/objects/contacts", access);
  assert_hubspot_error (expired, 401, "EXPIRED_AUTHENTICATION");

  g_free (form);
  form = g_strdup_printf ("grant_type=refresh_token&client_id=sim-hubspot-client-id"
                          "&client_secret=sim-hubspot-client-secret&refresh_token=%s", refresh);
  refreshed = hubspot_token (fixture, form);
  object = object_of (refreshed);
  g_assert_cmpstr (json_object_get_string_member (object, "refresh_token"), ==, refresh);
  g_assert_cmpstr (json_object_get_string_member (object, "access_token"), !=, access);
  g_free (access);
  access = g_strdup (json_object_get_string_member (object, "access_token"));

  bad_secret = hubspot_token (fixture, "grant_type=refresh_token&client_id=sim-hubspot-client-id"
                                       "&client_secret=guess&refresh_token=x");
  g_assert_cmpstr (json_object_get_string_member (object_of (bad_secret), "status"), ==,
                   "BAD_CLIENT_SECRET");

  revoke_path = g_strdup_printf ("/hubspot/oauth/v1/refresh-tokens/%s", refresh);
  revoked = call_full (fixture, "DELETE", revoke_path, NULL, NULL, NULL, NULL);
  g_assert_cmpuint (revoked->status, ==, 204);
  dead = hubspot_token (fixture, form);
  g_assert_cmpuint (dead->status, ==, 400);
  g_assert_cmpstr (json_object_get_string_member (object_of (dead), "status"), ==,
                   "BAD_REFRESH_TOKEN");
  after_revoke = with_bearer (fixture, "/hubspot/crm/v3/objects/contacts", access);
  assert_hubspot_error (after_revoke, 401, "INVALID_AUTHENTICATION");

  fc_sim_set_oauth_denied (fixture->sim, "hubspot", TRUE);
  denied = authorize (fixture, authorize_path, "error");
  g_assert_cmpstr (denied, ==, "access_denied");
}

static char *
pipedrive_basic (void)
{
  const char *pair = "sim-pipedrive-client-id:sim-pipedrive-client-secret";
  g_autofree char *encoded = g_base64_encode ((const guchar *) pair, strlen (pair));

  return g_strdup_printf ("Basic %s", encoded);
}

static Reply *
pipedrive_token (Fixture    *fixture,
                 gboolean    with_client,
                 const char *form)
{
  g_autofree char *basic = pipedrive_basic ();

  return call_full (fixture, "POST", "/pipedrive-oauth/oauth/token",
                    with_client ? "Authorization" : NULL, basic,
                    "application/x-www-form-urlencoded", form);
}

static void
test_pipedrive_oauth (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *authorize_path =
    g_strdup_printf ("/pipedrive-oauth/oauth/authorize?client_id=sim-pipedrive-client-id"
                     "&redirect_uri=%s&state=st4te", REDIRECT);
  g_autofree char *code = authorize (fixture, authorize_path, "code");
  g_autofree char *form = g_strdup_printf ("grant_type=authorization_code&code=%s"
                                           "&redirect_uri=%s", code, REDIRECT);
  g_autofree char *api_domain = g_strdup_printf ("%s/pipedrive", fixture->base);
  g_autofree char *persons = NULL;
  g_autofree char *access = NULL;
  g_autofree char *refresh = NULL;
  g_autofree char *refresh_form = NULL;
  g_autofree char *revoke_form = NULL;
  g_autofree char *basic = pipedrive_basic ();
  g_autoptr (Reply) anonymous = NULL;
  g_autoptr (Reply) granted = NULL;
  g_autoptr (Reply) listed = NULL;
  g_autoptr (Reply) rotated = NULL;
  g_autoptr (Reply) reused = NULL;
  g_autoptr (Reply) revoked = NULL;
  g_autoptr (Reply) after_revoke = NULL;
  g_autoptr (Reply) dead_access = NULL;
  JsonObject *object;

  anonymous = pipedrive_token (fixture, FALSE, form);
  g_assert_cmpuint (anonymous->status, ==, 401);
  g_assert_cmpstr (json_object_get_string_member (object_of (anonymous), "error"), ==,
                   "invalid_client");

  granted = pipedrive_token (fixture, TRUE, form);
  g_assert_cmpuint (granted->status, ==, 200);
  object = object_of (granted);
  g_assert_cmpint (json_object_get_int_member (object, "expires_in"), ==, 3599);
  g_assert_cmpstr (json_object_get_string_member (object, "token_type"), ==, "Bearer");
  g_assert_cmpstr (json_object_get_string_member (object, "api_domain"), ==, api_domain);
  access = g_strdup (json_object_get_string_member (object, "access_token"));
  refresh = g_strdup (json_object_get_string_member (object, "refresh_token"));

  persons = g_strdup_printf ("%s/api/v2/persons", api_domain);
  listed = with_bearer (fixture, persons, access);
  g_assert_cmpuint (listed->status, ==, 200);
  g_assert_true (json_object_get_boolean_member (object_of (listed), "success"));

  refresh_form = g_strdup_printf ("grant_type=refresh_token&refresh_token=%s", refresh);
  rotated = pipedrive_token (fixture, TRUE, refresh_form);
  object = object_of (rotated);
  g_assert_cmpstr (json_object_get_string_member (object, "refresh_token"), !=, refresh);
  g_assert_cmpstr (json_object_get_string_member (object, "access_token"), !=, access);
  reused = pipedrive_token (fixture, TRUE, refresh_form);
  g_assert_cmpuint (reused->status, ==, 400);
  g_assert_cmpstr (json_object_get_string_member (object_of (reused), "error"), ==,
                   "invalid_grant");

  g_free (access);
  access = g_strdup (json_object_get_string_member (object, "access_token"));
  revoke_form = g_strdup_printf ("token=%s&token_type_hint=refresh_token",
                                 json_object_get_string_member (object, "refresh_token"));
  revoked = call_full (fixture, "POST", "/pipedrive-oauth/oauth/revoke", NULL, NULL,
                       "application/x-www-form-urlencoded", revoke_form);
  g_assert_cmpuint (revoked->status, ==, 401);
  g_clear_pointer (&revoked, fc_test_reply_free);
  revoked = call_full (fixture, "POST", "/pipedrive-oauth/oauth/revoke", "Authorization", basic,
                       "application/x-www-form-urlencoded", revoke_form);
  g_assert_cmpuint (revoked->status, ==, 200);
  g_free (refresh_form);
  refresh_form = g_strdup_printf ("grant_type=refresh_token&refresh_token=%s",
                                  json_object_get_string_member (object, "refresh_token"));
  after_revoke = pipedrive_token (fixture, TRUE, refresh_form);
  g_assert_cmpuint (after_revoke->status, ==, 400);
  dead_access = with_bearer (fixture, persons, access);
  assert_pipedrive_error (dead_access, 401);
}

/* Rate limits */

static void
test_hubspot_rate_limit (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (Reply) limited = NULL;
  g_autoptr (Reply) later = NULL;
  g_autoptr (Reply) search_limited = NULL;
  JsonObject *object;

  freeze_clock (fixture);
  fc_sim_set_rate_limits_enabled (fixture->sim, NULL, TRUE);
  g_assert_true (fc_sim_set_rate_limits (fixture->sim, "hubspot",
                                         "{\"ten_second_private\":5,\"search_per_second\":2}",
                                         &error));
  g_assert_no_error (error);

  for (guint i = 0; i < 5; i++)
    {
      g_autoptr (Reply) reply = hubspot (fixture, "GET", "/crm/v3/objects/deals", NULL);
      g_autofree char *remaining = g_strdup_printf ("%u", 4 - i);

      g_assert_cmpuint (reply->status, ==, 200);
      g_assert_cmpstr (header (reply, "X-HubSpot-RateLimit-Max"), ==, "5");
      g_assert_cmpstr (header (reply, "X-HubSpot-RateLimit-Remaining"), ==, remaining);
      g_assert_cmpstr (header (reply, "X-HubSpot-RateLimit-Interval-Milliseconds"), ==, "10000");
      g_assert_nonnull (header (reply, "X-HubSpot-RateLimit-Daily-Remaining"));
    }

  limited = hubspot (fixture, "GET", "/crm/v3/objects/deals", NULL);
  g_assert_cmpuint (limited->status, ==, 429);
  object = object_of (limited);
  g_assert_cmpstr (json_object_get_string_member (object, "policyName"), ==,
                   "TEN_SECONDLY_ROLLING");
  g_assert_cmpstr (json_object_get_string_member (object, "errorType"), ==, "RATE_LIMIT");
  g_assert_cmpstr (header (limited, "Retry-After"), ==, "10");
  g_assert_cmpstr (header (limited, "X-HubSpot-RateLimit-Remaining"), ==, "0");

  /* Search has its own limit, not the ten-second one */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr (Reply) reply = hubspot (fixture, "POST", "/crm/v3/objects/deals/search", "{}");

      g_assert_cmpuint (reply->status, ==, 200);
    }
  search_limited = hubspot (fixture, "POST", "/crm/v3/objects/deals/search", "{}");
  g_assert_cmpuint (search_limited->status, ==, 429);
  g_assert_cmpstr (json_object_get_string_member (object_of (search_limited), "policyName"), ==,
                   "SECONDLY");

  fc_sim_advance_clock (fixture->sim, 10000);
  later = hubspot (fixture, "GET", "/crm/v3/objects/deals", NULL);
  g_assert_cmpuint (later->status, ==, 200);
  g_assert_cmpuint (fc_sim_get_count (fixture->sim, "hubspot", NULL, NULL, 429), ==, 2);
}

static void
test_pipedrive_rate_limit (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (Reply) burst = NULL;
  g_autoptr (Reply) spent = NULL;

  freeze_clock (fixture);
  fc_sim_set_rate_limits_enabled (fixture->sim, "pipedrive", TRUE);
  g_assert_true (fc_sim_set_rate_limits (fixture->sim, "pipedrive",
                                         "{\"burst_api_token\":3,\"daily_budget\":25}", &error));
  g_assert_no_error (error);

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr (Reply) reply = pipedrive (fixture, "GET", "/api/v2/persons/1", NULL);
      g_autofree char *remaining = g_strdup_printf ("%u", 2 - i);

      assert_pipedrive_error (reply, 404);
      g_assert_cmpstr (header (reply, "x-ratelimit-limit"), ==, "3");
      g_assert_cmpstr (header (reply, "x-ratelimit-remaining"), ==, remaining);
      g_assert_cmpstr (header (reply, "x-ratelimit-reset"), ==, "2");
    }
  burst = pipedrive (fixture, "GET", "/api/v2/persons", NULL);
  assert_pipedrive_error (burst, 429);
  g_assert_cmpstr (header (burst, "x-ratelimit-remaining"), ==, "0");

  /* 3 tokens spent; two lists cost 20 more, the third would pass 25 */
  fc_sim_advance_clock (fixture->sim, 2000);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr (Reply) reply = pipedrive (fixture, "GET", "/api/v2/persons", NULL);

      g_assert_cmpuint (reply->status, ==, 200);
    }
  spent = pipedrive (fixture, "GET", "/api/v2/persons", NULL);
  assert_pipedrive_error (spent, 429);
  g_assert_cmpstr (header (spent, "x-daily-ratelimit-token-remaining"), ==, "2");
}

/* Pipedrive */

static char *
next_cursor (JsonObject *object)
{
  JsonObject *additional = object_member (object, "additional_data");

  if (json_object_get_null_member (additional, "next_cursor"))
    return NULL;

  return g_strdup (json_object_get_string_member (additional, "next_cursor"));
}

static void
test_pipedrive_paging (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *cursor = NULL;
  g_autoptr (Reply) too_many = NULL;
  g_autoptr (Reply) bad_cursor = NULL;
  g_autoptr (Reply) descending = NULL;
  g_autoptr (Reply) picked = NULL;
  gint64 expected = 1;
  guint pages = 0;

  g_assert_true (fc_sim_seed_generated (fixture->sim, "pipedrive", "persons", 1205, &error));
  g_assert_no_error (error);

  do
    {
      g_autofree char *path = g_strdup_printf ("/api/v2/persons?limit=500%s%s",
                                               cursor != NULL ? "&cursor=" : "",
                                               cursor != NULL ? cursor : "");
      g_autoptr (Reply) reply = pipedrive (fixture, "GET", path, NULL);
      JsonObject *object = object_of (reply);
      JsonArray *rows = array_member (object, "data");

      g_assert_cmpuint (reply->status, ==, 200);
      g_assert_true (json_object_get_boolean_member (object, "success"));
      for (guint i = 0; i < json_array_get_length (rows); i++)
        {
          JsonObject *person = json_array_get_object_element (rows, i);

          g_assert_cmpint (json_object_get_int_member (person, "id"), ==, expected++);
          g_assert_cmpuint (json_array_get_length (array_member (person, "emails")), ==, 1);
          g_assert_nonnull (json_object_get_string_member (person, "update_time"));
        }
      g_free (cursor);
      cursor = next_cursor (object);
      g_assert_cmpuint (json_array_get_length (rows), ==, cursor != NULL ? 500 : 205);
      pages++;
    }
  while (cursor != NULL);
  g_assert_cmpuint (pages, ==, 3);
  g_assert_cmpint (expected, ==, 1206);

  too_many = pipedrive (fixture, "GET", "/api/v2/persons?limit=501", NULL);
  assert_pipedrive_error (too_many, 400);
  bad_cursor = pipedrive (fixture, "GET", "/api/v2/persons?cursor=bm9wZQ", NULL);
  assert_pipedrive_error (bad_cursor, 400);
  descending = pipedrive (fixture, "GET", "/api/v2/persons?sort_by=id&sort_direction=desc"
                          "&limit=2", NULL);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (
                     array_member (object_of (descending), "data"), 0), "id"), ==, 1205);
  picked = pipedrive (fixture, "GET", "/api/v2/persons?ids=3,5,7", NULL);
  g_assert_cmpuint (json_array_get_length (array_member (object_of (picked), "data")), ==, 3);
}

/* The ids of a list page, joined with commas, and its next cursor */
static char *
list_ids (Fixture    *fixture,
          const char *path,
          char      **cursor)
{
  g_autoptr (Reply) reply = pipedrive (fixture, "GET", path, NULL);
  JsonObject *object = object_of (reply);
  JsonArray *rows = array_member (object, "data");
  GString *ids = g_string_new (NULL);

  g_assert_cmpuint (reply->status, ==, 200);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "",
                            json_object_get_int_member (json_array_get_object_element (rows, i),
                                                        "id"));
  g_free (*cursor);
  *cursor = next_cursor (object);

  return g_string_free (ids, FALSE);
}

/* The second page of a list asked again after an edit, a create and a delete (over the API and
 * the C helpers) answers for the records as they are then. */
static void
test_pipedrive_list_changes (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) ids = g_new0 (char *, 6);
  g_autofree char *cursor = NULL;
  g_autofree char *second = NULL;
  g_autofree char *page = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *next = NULL;
  g_autofree char *created = NULL;
  g_autofree char *path = NULL;
  g_autoptr (Reply) patched = NULL;
  g_autoptr (Reply) posted = NULL;
  g_autoptr (Reply) deleted = NULL;

  freeze_clock (fixture);
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"name\":\"Person %u\",\"update_time\":"
                                               "\"2025-01-01T10:0%u:00Z\"}", i, i);

      ids[i] = seed (fixture, "pipedrive", "persons", json);
    }

  page = list_ids (fixture, "/api/v2/persons?sort_by=update_time&limit=2", &cursor);
  expected = g_strjoin (",", ids[0], ids[1], NULL);
  g_assert_cmpstr (page, ==, expected);
  g_assert_nonnull (cursor);
  second = g_strdup_printf ("/api/v2/persons?sort_by=update_time&limit=2&cursor=%s", cursor);
  g_clear_pointer (&page, g_free);
  g_clear_pointer (&expected, g_free);
  page = list_ids (fixture, second, &next);
  expected = g_strjoin (",", ids[2], ids[3], NULL);
  g_assert_cmpstr (page, ==, expected);

  /* An edit over the API moves the record to the end: the clock is past every seeded time */
  path = g_strdup_printf ("/api/v2/persons/%s", ids[2]);
  patched = pipedrive (fixture, "PATCH", path, "{\"name\":\"Person Moved\"}");
  g_assert_cmpuint (patched->status, ==, 200);
  g_clear_pointer (&page, g_free);
  g_clear_pointer (&expected, g_free);
  page = list_ids (fixture, second, &next);
  expected = g_strjoin (",", ids[3], ids[4], NULL);
  g_assert_cmpstr (page, ==, expected);
  g_assert_nonnull (next);

  /* A create over the API, then a delete */
  posted = pipedrive (fixture, "POST", "/api/v2/persons", "{\"name\":\"Person New\"}");
  g_assert_cmpuint (posted->status, ==, 200);
  created = g_strdup_printf ("%" G_GINT64_FORMAT,
                             json_object_get_int_member (object_member (object_of (posted),
                                                                        "data"), "id"));
  g_clear_pointer (&path, g_free);
  path = g_strdup_printf ("/api/v2/persons/%s", ids[3]);
  deleted = pipedrive (fixture, "DELETE", path, NULL);
  g_assert_cmpuint (deleted->status, ==, 200);
  g_clear_pointer (&page, g_free);
  g_clear_pointer (&expected, g_free);
  page = list_ids (fixture, second, &next);
  expected = g_strjoin (",", ids[4], ids[2], NULL);
  g_assert_cmpstr (page, ==, expected);

  /* The C helpers: an edit, a create and a delete */
  g_assert_true (fc_sim_edit (fixture->sim, "pipedrive", "persons", ids[4],
                              "{\"name\":\"Person Edited\"}", &error));
  g_assert_no_error (error);
  g_assert_true (fc_sim_delete (fixture->sim, "pipedrive", "persons", ids[2], &error));
  g_assert_no_error (error);
  g_clear_pointer (&page, g_free);
  g_clear_pointer (&expected, g_free);
  page = list_ids (fixture, second, &next);
  expected = g_strjoin (",", ids[4], created, NULL);
  g_assert_cmpstr (page, ==, expected);
  g_assert_null (next);
  g_free (fc_sim_create (fixture->sim, "pipedrive", "persons", "{\"name\":\"Person Last\"}",
                         &error));
  g_assert_no_error (error);
  g_clear_pointer (&page, g_free);
  page = list_ids (fixture, second, &next);
  g_assert_cmpstr (page, ==, expected);
  g_assert_nonnull (next);
}

static GPtrArray *
names_of (Reply *reply)
{
  JsonArray *rows = array_member (object_of (reply), "data");
  GPtrArray *names = g_ptr_array_new ();

  g_assert_cmpuint (reply->status, ==, 200);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    g_ptr_array_add (names, (gpointer) json_object_get_string_member (
                       json_array_get_object_element (rows, i), "name"));

  return names;
}

static void
test_pipedrive_updated_since (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *a = NULL, *b = NULL, *c = NULL;
  g_autofree char *path = NULL;
  g_autoptr (Reply) since = NULL;
  g_autoptr (Reply) until = NULL;
  g_autoptr (Reply) window = NULL;
  g_autoptr (Reply) newest = NULL;
  g_autoptr (Reply) invalid = NULL;
  g_autoptr (Reply) patched = NULL;
  g_autoptr (Reply) after_patch = NULL;
  g_autoptr (GPtrArray) names = NULL;

  freeze_clock (fixture);
  a = seed (fixture, "pipedrive", "persons", "{\"name\":\"Amy Ant\","
            "\"update_time\":\"2025-01-01T10:00:00Z\"}");
  b = seed (fixture, "pipedrive", "persons", "{\"name\":\"Ben Bee\","
            "\"update_time\":\"2025-01-01T10:20:00Z\"}");
  c = seed (fixture, "pipedrive", "persons", "{\"name\":\"Cal Cow\","
            "\"update_time\":\"2025-01-01T10:40:00Z\"}");

  since = pipedrive (fixture, "GET", "/api/v2/persons?updated_since=2025-01-01T10:20:00Z", NULL);
  names = names_of (since);
  g_assert_cmpuint (names->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (names, 0), ==, "Ben Bee");
  g_clear_pointer (&names, g_ptr_array_unref);

  until = pipedrive (fixture, "GET", "/api/v2/persons?updated_until=2025-01-01T10:40:00Z", NULL);
  names = names_of (until);
  g_assert_cmpuint (names->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (names, 1), ==, "Ben Bee");
  g_clear_pointer (&names, g_ptr_array_unref);

  window = pipedrive (fixture, "GET", "/api/v2/persons?updated_since=2025-01-01T10:10:00%2B00:00"
                      "&updated_until=2025-01-01T10:30:00Z", NULL);
  names = names_of (window);
  g_assert_cmpuint (names->len, ==, 1);
  g_clear_pointer (&names, g_ptr_array_unref);

  newest = pipedrive (fixture, "GET", "/api/v2/persons?sort_by=update_time&sort_direction=desc",
                      NULL);
  names = names_of (newest);
  g_assert_cmpstr (g_ptr_array_index (names, 0), ==, "Cal Cow");
  g_clear_pointer (&names, g_ptr_array_unref);

  invalid = pipedrive (fixture, "GET", "/api/v2/persons?updated_since=yesterday", NULL);
  assert_pipedrive_error (invalid, 400);

  path = g_strdup_printf ("/api/v2/persons/%s", a);
  patched = pipedrive (fixture, "PATCH", path, "{\"name\":\"Amy Aardvark\"}");
  g_assert_cmpuint (patched->status, ==, 200);
  after_patch = pipedrive (fixture, "GET", "/api/v2/persons?sort_by=update_time"
                           "&updated_since=2025-01-01T10:20:00Z", NULL);
  names = names_of (after_patch);
  g_assert_cmpuint (names->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (names, 2), ==, "Amy Aardvark");
}

static gboolean
is_hex_key (const char *key)
{
  if (key == NULL || strlen (key) != 40)
    return FALSE;
  for (const char *p = key; *p != '\0'; p++)
    {
      if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
        return FALSE;
    }

  return TRUE;
}

static void
test_pipedrive_objects (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *field = fc_sim_add_custom_field (fixture->sim, "pipedrive", "persons",
                                                    "{\"field_name\":\"Tier\","
                                                    "\"field_type\":\"enum\",\"options\":["
                                                    "{\"label\":\"Gold\"},{\"label\":\"Tin\"}]}",
                                                    &error);
  g_autoptr (JsonNode) field_json = json_from_string (field, NULL);
  JsonObject *field_object = json_node_get_object (field_json);
  const char *key = json_object_get_string_member (field_object, "field_code");
  gint64 gold = json_object_get_int_member (json_array_get_object_element (
                                              array_member (field_object, "options"), 0), "id");
  g_autofree char *create = NULL;
  g_autofree char *path = NULL;
  g_autofree char *clear = NULL;
  g_autoptr (Reply) fields = NULL;
  g_autoptr (Reply) created = NULL;
  g_autoptr (Reply) bad_option = NULL;
  g_autoptr (Reply) nameless = NULL;
  g_autoptr (Reply) split_name = NULL;
  g_autoptr (Reply) cleared = NULL;
  g_autoptr (Reply) found = NULL;
  g_autoptr (Reply) bad_fields = NULL;
  g_autoptr (Reply) org = NULL;
  g_autoptr (Reply) deal = NULL;
  g_autoptr (Reply) won = NULL;
  g_autoptr (Reply) deleted = NULL;
  g_autoptr (Reply) gone = NULL;
  JsonObject *person;
  JsonArray *rows;
  gboolean custom_listed = FALSE;

  g_assert_no_error (error);
  g_assert_true (is_hex_key (key));

  fields = pipedrive (fixture, "GET", "/api/v2/personFields?limit=500", NULL);
  rows = array_member (object_of (fields), "data");
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);

      if (g_str_equal (json_object_get_string_member (row, "field_code"), key))
        custom_listed = json_object_get_boolean_member (row, "is_custom_field");
      else
        g_assert_false (json_object_get_boolean_member (row, "is_custom_field"));
    }
  g_assert_true (custom_listed);

  create = g_strdup_printf ("{\"name\":\"Grace Hopper\",\"emails\":[{\"value\":"
                            "\"grace@navy.example\",\"label\":\"work\"}],\"custom_fields\":{"
                            "\"%s\":%" G_GINT64_FORMAT "}}", key, gold);
  created = pipedrive (fixture, "POST", "/api/v2/persons", create);
  g_assert_cmpuint (created->status, ==, 200);
  person = object_member (object_of (created), "data");
  g_assert_cmpstr (json_object_get_string_member (person, "first_name"), ==, "Grace");
  g_assert_cmpstr (json_object_get_string_member (person, "last_name"), ==, "Hopper");
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (
                                                   array_member (person, "emails"), 0),
                                                 "primary"));
  g_assert_cmpint (json_object_get_int_member (object_member (person, "custom_fields"), key), ==,
                   gold);

  g_free (create);
  create = g_strdup_printf ("{\"name\":\"X\",\"custom_fields\":{\"%s\":999}}", key);
  bad_option = pipedrive (fixture, "POST", "/api/v2/persons", create);
  assert_pipedrive_error (bad_option, 400);
  nameless = pipedrive (fixture, "POST", "/api/v2/persons", "{\"emails\":[]}");
  assert_pipedrive_error (nameless, 400);
  g_assert_nonnull (strstr (nameless->body, "name is required"));
  split_name = pipedrive (fixture, "POST", "/api/v2/persons", "{\"name\":\"A\","
                          "\"first_name\":\"A\"}");
  assert_pipedrive_error (split_name, 400);

  path = g_strdup_printf ("/api/v2/persons/%" G_GINT64_FORMAT,
                          json_object_get_int_member (person, "id"));
  clear = g_strdup_printf ("{\"custom_fields\":{\"%s\":null}}", key);
  cleared = pipedrive (fixture, "PATCH", path, clear);
  g_assert_cmpuint (cleared->status, ==, 200);
  g_assert_true (json_object_get_null_member (object_member (object_member (object_of (cleared),
                                                                            "data"),
                                                             "custom_fields"),
                                              key));

  found = pipedrive (fixture, "GET", "/api/v2/persons/search?term=grace%40navy&fields=email",
                     NULL);
  rows = array_member (object_member (object_of (found), "data"), "items");
  g_assert_cmpuint (json_array_get_length (rows), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (object_member (json_array_get_object_element (
                                                                   rows, 0), "item"), "type"),
                   ==, "person");
  bad_fields = pipedrive (fixture, "GET", "/api/v2/persons/search?term=gr&fields=title", NULL);
  assert_pipedrive_error (bad_fields, 400);

  org = pipedrive (fixture, "POST", "/api/v2/organizations", "{\"name\":\"US Navy\","
                   "\"address\":{\"value\":\"Arlington, VA\",\"locality\":\"Arlington\"}}");
  g_free (create);
  create = g_strdup_printf ("{\"title\":\"Compiler\",\"value\":1000,\"currency\":\"EUR\","
                            "\"org_id\":%" G_GINT64_FORMAT "}",
                            json_object_get_int_member (object_member (object_of (org), "data"),
                                                        "id"));
  deal = pipedrive (fixture, "POST", "/api/v2/deals", create);
  g_assert_cmpuint (deal->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (object_member (object_of (deal), "data"),
                                                  "status"), ==, "open");
  won = pipedrive (fixture, "PATCH", "/api/v2/deals/1", "{\"status\":\"won\"}");
  g_assert_nonnull (json_object_get_string_member (object_member (object_of (won), "data"),
                                                   "won_time"));

  deleted = pipedrive (fixture, "DELETE", path, NULL);
  g_assert_cmpint (json_object_get_int_member (object_member (object_of (deleted), "data"),
                                               "id"), ==,
                   json_object_get_int_member (person, "id"));
  gone = pipedrive (fixture, "GET", path, NULL);
  assert_pipedrive_error (gone, 404);
}

/* Faults and counters */

static void
set_faults (Fixture    *fixture,
            const char *provider,
            const char *json)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (fc_sim_set_faults (fixture->sim, provider, json, &error));
  g_assert_no_error (error);
}

static void
test_faults (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr (Reply) throttled = NULL;
  g_autoptr (Reply) malformed = NULL;
  g_autoptr (Reply) dropped = NULL;
  g_autoptr (Reply) slow = NULL;
  g_autoptr (Reply) failing_deals = NULL;
  g_autoptr (Reply) fine_persons = NULL;
  g_autoptr (Reply) counters = NULL;
  g_autoptr (Reply) reset = NULL;
  g_autoptr (Reply) zero = NULL;
  gint64 started;

  set_faults (fixture, "hubspot", "{\"error_next\":2,\"error_statuses\":[503]}");
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr (Reply) reply = hubspot (fixture, "GET", "/crm/v3/objects/contacts", NULL);

      if (i < 2)
        assert_hubspot_error (reply, 503, "INTERNAL_ERROR");
      else
        g_assert_cmpuint (reply->status, ==, 200);
    }

  set_faults (fixture, "hubspot", "{\"throttle_next\":1,\"retry_after_s\":7}");
  throttled = hubspot (fixture, "GET", "/crm/v3/objects/contacts", NULL);
  g_assert_cmpuint (throttled->status, ==, 429);
  g_assert_cmpstr (header (throttled, "Retry-After"), ==, "7");
  g_assert_cmpstr (json_object_get_string_member (object_of (throttled), "policyName"), ==,
                   "TEN_SECONDLY_ROLLING");

  set_faults (fixture, "hubspot", "{\"malformed_next\":1}");
  malformed = hubspot (fixture, "GET", "/crm/v3/objects/contacts", NULL);
  g_assert_cmpuint (malformed->status, ==, 200);
  g_assert_null (malformed->json);
  g_assert_cmpuint (strlen (malformed->body), >, 0);

  /* A fresh connection: libsoup resends once on a reused one that closes */
  set_faults (fixture, "hubspot", "{\"drop_next\":1}");
  g_clear_object (&fixture->session);
  fixture->session = soup_session_new ();
  dropped = hubspot (fixture, "GET", "/crm/v3/objects/contacts", NULL);
  g_assert_nonnull (dropped->error);
  g_assert_cmpuint (dropped->status, ==, 0);

  set_faults (fixture, "hubspot", "{\"latency_ms\":150}");
  started = g_get_monotonic_time ();
  slow = hubspot (fixture, "GET", "/crm/v3/objects/contacts", NULL);
  g_assert_cmpuint (slow->status, ==, 200);
  g_assert_cmpint (g_get_monotonic_time () - started, >=, 150 * 1000);
  fc_sim_clear_faults (fixture->sim, "hubspot");

  set_faults (fixture, "pipedrive", "{\"error_rate\":1.0,\"error_statuses\":[500],"
                                    "\"path_prefix\":\"/api/v2/deals\"}");
  failing_deals = pipedrive (fixture, "GET", "/api/v2/deals", NULL);
  assert_pipedrive_error (failing_deals, 500);
  fine_persons = pipedrive (fixture, "GET", "/api/v2/persons", NULL);
  g_assert_cmpuint (fine_persons->status, ==, 200);

  g_assert_cmpuint (fc_sim_get_count (fixture->sim, "hubspot", "GET", "/crm/v3/objects/contacts",
                                      503), ==, 2);
  g_assert_cmpuint (fc_sim_get_count (fixture->sim, "hubspot", "GET", "/crm/v3/objects/contacts",
                                      0), ==, 7);
  g_assert_cmpuint (fc_sim_get_count (fixture->sim, "pipedrive", NULL, "/api/v2/deals", 500), ==,
                    1);
  counters = control (fixture, "GET", "/counters", NULL);
  g_assert_cmpint (json_object_get_int_member (object_of (counters), "total"), ==, 9);
  reset = control (fixture, "DELETE", "/counters", NULL);
  g_assert_cmpuint (reset->status, ==, 200);
  zero = control (fixture, "GET", "/counters", NULL);
  g_assert_cmpint (json_object_get_int_member (object_of (zero), "total"), ==, 0);
}

/* Webhooks */

typedef struct
{
  const char *name;
  const char *method;
  const char *uri;
  const char *body;
  const char *timestamp;
  const char *expected;
} SignatureVector;

#define VECTOR_BODY \
  "[{\"eventId\":1,\"subscriptionId\":12345,\"portalId\":62515,\"occurredAt\":1564113600000," \
  "\"subscriptionType\":\"contact.creation\",\"attemptNumber\":0,\"objectId\":123," \
  "\"changeSource\":\"CRM\",\"changeFlag\":\"NEW\",\"appId\":54321}]"
#define VECTOR_SECRET "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy"

/* From provider-apis.md section 1.11 */
static const SignatureVector signature_vectors[] = {
  { "v1", NULL, NULL, VECTOR_BODY, NULL,
    "232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de" },
  { "v3", "POST", "https://www.example.com/webhook_uri", VECTOR_BODY, "1564113600000",
    "DxmVAjFNa2xfF3YgQjdZP6TNcok9k1oaH7UXombPtvw=" },
};

static void
test_signature_vector (gconstpointer data)
{
  const SignatureVector *vector = data;
  g_autofree char *signature = NULL;
  g_autofree char *other = NULL;

  if (vector->method == NULL)
    {
      signature = fc_sim_hubspot_sign_v1 (VECTOR_SECRET, vector->body, -1);
      other = fc_sim_hubspot_sign_v1 ("zzzzzzzz", vector->body, -1);
    }
  else
    {
      signature = fc_sim_hubspot_sign_v3 (VECTOR_SECRET, vector->method, vector->uri,
                                          vector->body, -1, vector->timestamp);
      other = fc_sim_hubspot_sign_v3 (VECTOR_SECRET, vector->method, vector->uri, vector->body,
                                      -1, "1564113600001");
    }

  g_assert_cmpstr (signature, ==, vector->expected);
  g_assert_cmpstr (other, !=, vector->expected);
}

static JsonObject *
event_at (Reply *request,
          guint  index)
{
  g_assert_nonnull (request->json);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (request->json));
  return json_array_get_object_element (json_node_get_array (request->json), index);
}

static void
assert_signed (Receiver   *receiver,
               Reply      *request,
               const char *secret)
{
  const char *timestamp = header (request, "X-HubSpot-Request-Timestamp");
  g_autofree char *v1 = fc_sim_hubspot_sign_v1 (secret, request->body, -1);
  g_autofree char *v3 = NULL;
  gint64 sent_ms = g_ascii_strtoll (timestamp, NULL, 10);

  g_assert_nonnull (timestamp);
  g_assert_cmpint (ABS (g_get_real_time () / 1000 - sent_ms), <, 300000);
  v3 = fc_sim_hubspot_sign_v3 (secret, "POST", receiver->url, request->body, -1, timestamp);
  g_assert_cmpstr (header (request, "X-HubSpot-Signature"), ==, v1);
  g_assert_cmpstr (header (request, "X-HubSpot-Signature-Version"), ==, "v1");
  g_assert_cmpstr (header (request, "X-HubSpot-Signature-v3"), ==, v3);
  g_assert_true (g_str_has_prefix (header (request, "Content-Type"), "application/json"));
}

static void
test_hubspot_webhooks (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr (Receiver) receiver = receiver_new ();
  g_autoptr (GError) error = NULL;
  static const guint delays[] = { 20 };
  g_autoptr (Reply) created = NULL;
  g_autoptr (Reply) archived = NULL;
  g_autofree char *path = NULL;
  JsonObject *event, *retried;
  const char *id;

  g_assert_true (fc_sim_set_webhook_target (fixture->sim, "hubspot", receiver->url, "s3cret",
                                            &error));
  g_assert_true (fc_sim_set_webhook_retries (fixture->sim, "hubspot", 3, delays, 1, &error));
  g_assert_no_error (error);

  /* Created through the API; the first try fails and is retried */
  receiver_answer (receiver, 500);
  created = hubspot (fixture, "POST", "/crm/v3/objects/contacts",
                     "{\"properties\":{\"email\":\"hook@example.net\"}}");
  id = json_object_get_string_member (object_of (created), "id");
  receiver_wait (receiver, 2, TRUE);
  event = event_at (received (receiver, 0), 0);
  retried = event_at (received (receiver, 1), 0);
  g_assert_cmpstr (json_object_get_string_member (event, "subscriptionType"), ==,
                   "contact.creation");
  g_assert_cmpstr (json_object_get_string_member (event, "changeSource"), ==, "API");
  g_assert_cmpint (json_object_get_int_member (event, "objectId"), ==, g_ascii_strtoll (id, NULL,
                                                                                      10));
  g_assert_cmpint (json_object_get_int_member (event, "portalId"), ==, 62515);
  g_assert_cmpint (json_object_get_int_member (event, "attemptNumber"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (retried, "attemptNumber"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (retried, "eventId"), ==,
                   json_object_get_int_member (event, "eventId"));
  assert_signed (receiver, received (receiver, 0), "s3cret");
  assert_signed (receiver, received (receiver, 1), "s3cret");

  /* Edited in the "UI": one propertyChange per changed property */
  g_assert_true (fc_sim_edit (fixture->sim, "hubspot", "contacts", id,
                              "{\"properties\":{\"firstname\":\"Hook\",\"city\":\"Oslo\"}}",
                              &error));
  g_assert_no_error (error);
  receiver_wait (receiver, 3, FALSE);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (received (receiver, 2)->json)),
                    ==, 2);
  event = event_at (received (receiver, 2), 0);
  g_assert_cmpstr (json_object_get_string_member (event, "subscriptionType"), ==,
                   "contact.propertyChange");
  g_assert_cmpstr (json_object_get_string_member (event, "changeSource"), ==, "CRM_UI");
  g_assert_true (g_str_equal (json_object_get_string_member (event, "propertyName"), "firstname")
                 || g_str_equal (json_object_get_string_member (event, "propertyName"), "city"));

  /* A 404 is not retried */
  receiver_answer (receiver, 404);
  path = g_strdup_printf ("/crm/v3/objects/contacts/%s", id);
  archived = hubspot (fixture, "DELETE", path, NULL);
  receiver_wait (receiver, 4, TRUE);
  g_assert_cmpstr (json_object_get_string_member (event_at (received (receiver, 3), 0),
                                                  "subscriptionType"), ==, "contact.deletion");
  g_assert_cmpuint (fc_sim_get_delivery_count (fixture->sim, "hubspot", TRUE), ==, 2);
  g_assert_cmpuint (fc_sim_get_delivery_count (fixture->sim, "hubspot", FALSE), ==, 4);
}

static JsonObject *
meta_of (Reply *request)
{
  g_assert_nonnull (request->json);
  return object_member (json_node_get_object (request->json), "meta");
}

static void
test_pipedrive_webhooks (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr (Receiver) receiver = receiver_new ();
  g_autoptr (GError) error = NULL;
  static const guint delays[] = { 20 };
  g_autofree char *subscribe = g_strdup_printf ("{\"subscription_url\":\"%s\","
                                                "\"event_action\":\"*\",\"event_object\":"
                                                "\"person\",\"http_auth_user\":\"hook\","
                                                "\"http_auth_password\":\"pw\","
                                                "\"version\":\"2.0\"}", receiver->url);
  g_autoptr (Reply) webhook = NULL;
  g_autoptr (Reply) listed = NULL;
  g_autoptr (Reply) created = NULL;
  g_autoptr (Reply) patched = NULL;
  g_autoptr (Reply) ignored = NULL;
  g_autofree char *path = NULL;
  g_autofree char *id = NULL;
  JsonObject *meta, *body, *previous;

  webhook = pipedrive (fixture, "POST", "/v1/webhooks", subscribe);
  g_assert_cmpuint (webhook->status, ==, 201);
  g_assert_cmpstr (json_object_get_string_member (object_member (object_of (webhook), "data"),
                                                  "version"), ==, "2.0");
  g_assert_true (fc_sim_set_webhook_retries (fixture->sim, "pipedrive", 4, delays, 1, &error));

  receiver_answer (receiver, 503);
  created = pipedrive (fixture, "POST", "/api/v2/persons", "{\"name\":\"Hedy Lamarr\"}");
  id = g_strdup_printf ("%" G_GINT64_FORMAT,
                        json_object_get_int_member (object_member (object_of (created), "data"),
                                                    "id"));
  receiver_wait (receiver, 2, TRUE);
  meta = meta_of (received (receiver, 0));
  g_assert_cmpstr (json_object_get_string_member (meta, "action"), ==, "create");
  g_assert_cmpstr (json_object_get_string_member (meta, "entity"), ==, "person");
  g_assert_cmpstr (json_object_get_string_member (meta, "entity_id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (meta, "version"), ==, "2.0");
  g_assert_cmpstr (json_object_get_string_member (meta, "change_source"), ==, "api");
  g_assert_cmpint (json_object_get_int_member (meta, "attempt"), ==, 1);
  g_assert_true (g_uuid_string_is_valid (json_object_get_string_member (meta, "id")));
  g_assert_cmpint (json_object_get_int_member (meta_of (received (receiver, 1)), "attempt"), ==, 2);
  g_assert_cmpstr (header (received (receiver, 0), "Authorization"), ==, "Basic aG9vazpwdw==");
  body = json_node_get_object (received (receiver, 1)->json);
  g_assert_true (json_object_get_null_member (body, "previous"));
  g_assert_cmpstr (json_object_get_string_member (object_member (body, "data"), "name"), ==,
                   "Hedy Lamarr");

  path = g_strdup_printf ("/api/v2/persons/%s", id);
  patched = pipedrive (fixture, "PATCH", path, "{\"name\":\"Hedy Kiesler\"}");
  receiver_wait (receiver, 3, FALSE);
  body = json_node_get_object (received (receiver, 2)->json);
  previous = object_member (body, "previous");
  g_assert_cmpstr (json_object_get_string_member (meta_of (received (receiver, 2)), "action"), ==,
                   "change");
  g_assert_cmpstr (json_object_get_string_member (previous, "name"), ==, "Hedy Lamarr");
  g_assert_cmpstr (json_object_get_string_member (previous, "last_name"), ==, "Lamarr");
  g_assert_false (json_object_has_member (previous, "emails"));

  /* Not a person: no event; deleted in the app: change_source app, data null */
  ignored = pipedrive (fixture, "POST", "/api/v2/organizations", "{\"name\":\"Quiet Ltd\"}");
  g_assert_true (fc_sim_delete (fixture->sim, "pipedrive", "persons", id, &error));
  g_assert_no_error (error);
  receiver_wait (receiver, 4, TRUE);
  body = json_node_get_object (received (receiver, 3)->json);
  g_assert_cmpstr (json_object_get_string_member (meta_of (received (receiver, 3)), "action"), ==,
                   "delete");
  g_assert_cmpstr (json_object_get_string_member (meta_of (received (receiver, 3)),
                                                  "change_source"), ==, "app");
  g_assert_true (json_object_get_null_member (body, "data"));

  listed = pipedrive (fixture, "GET", "/api/v1/webhooks", NULL);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (
                     array_member (object_of (listed), "data"), 0), "last_http_status"), ==, 200);
}

/* The control API over HTTP */

static void
test_control (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr (Reply) info = control (fixture, "GET", "/info", NULL);
  g_autoptr (Reply) seeded = NULL;
  g_autoptr (Reply) edited = NULL;
  g_autoptr (Reply) listed = NULL;
  g_autoptr (Reply) generated = NULL;
  g_autoptr (Reply) unknown = NULL;
  g_autoptr (Reply) token = NULL;
  g_autoptr (Reply) used = NULL;
  g_autoptr (Reply) reset = NULL;
  g_autoptr (Reply) clock = NULL;
  g_autofree char *api = g_strdup_printf ("%s/hubspot", fixture->base);
  g_autofree char *path = NULL;
  g_autofree char *local = NULL;
  guint status = 0;
  JsonObject *object;

  object = object_member (object_member (object_of (info), "providers"), "hubspot");
  g_assert_cmpstr (json_object_get_string_member (object, "api_base_url"), ==, api);

  seeded = control (fixture, "POST", "/records/hubspot/contacts?mode=seed",
                    "{\"properties\":{\"email\":\"c@control.example\",\"firstname\":\"Cee\"},"
                    "\"createdAt\":\"2024-05-01T12:00:00Z\"}");
  g_assert_cmpuint (seeded->status, ==, 201);
  object = object_of (seeded);
  g_assert_cmpstr (json_object_get_string_member (object, "createdAt"), ==,
                   "2024-05-01T12:00:00.000Z");
  path = g_strdup_printf ("/records/hubspot/contacts/%s",
                          json_object_get_string_member (object, "id"));
  edited = control (fixture, "PATCH", path, "{\"properties\":{\"firstname\":\"Dee\"}}");
  g_assert_cmpstr (json_object_get_string_member (object_member (object_of (edited),
                                                                 "properties"),
                                                  "firstname"), ==, "Dee");
  listed = control (fixture, "GET", "/records/hubspot/contacts", NULL);
  g_assert_cmpint (json_object_get_int_member (object_of (listed), "count"), ==, 1);

  generated = control (fixture, "POST", "/records/pipedrive/persons/generate", "{\"count\":5}");
  g_assert_cmpuint (generated->status, ==, 201);
  g_assert_cmpuint (fc_sim_count_records (fixture->sim, "pipedrive", "persons", FALSE), ==, 5);
  unknown = control (fixture, "GET", "/records/salesforce/contacts", NULL);
  g_assert_cmpuint (unknown->status, ==, 404);
  g_assert_cmpstr (json_object_get_string_member (object_of (unknown), "code"), ==, "not_found");

  token = control (fixture, "POST", "/tokens", "{\"provider\":\"pipedrive\"}");
  g_assert_cmpuint (token->status, ==, 201);
  used = call_full (fixture, "GET", "/pipedrive/api/v2/persons", "x-api-token",
                    json_object_get_string_member (object_of (token), "token"), NULL, NULL);
  g_assert_cmpuint (used->status, ==, 200);

  clock = control (fixture, "POST", "/clock", "{\"frozen\":true,\"advance_ms\":60000}");
  g_assert_true (json_object_get_boolean_member (object_of (clock), "frozen"));
  g_assert_cmpint (json_object_get_int_member (object_of (clock), "now_ms"), >,
                   g_get_real_time () / 1000 + 50000);

  reset = control (fixture, "POST", "/reset", NULL);
  g_assert_cmpuint (reset->status, ==, 200);
  g_assert_cmpuint (fc_sim_count_records (fixture->sim, "hubspot", "contacts", TRUE), ==, 0);

  /* The same routes without HTTP */
  local = fc_sim_control (fixture->sim, "GET", "/faults/pipedrive", NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (strstr (local, "\"error_rate\""));
}

/* Serving on the caller's main context */

static void
on_sent_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GBytes **bytes = user_data;

  *bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);
}

static void
test_main_context (void)
{
  g_autoptr (FcSim) sim = fc_sim_new ();
  g_autoptr (SoupSession) session = soup_session_new ();
  g_autoptr (SoupMessage) message = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *url = NULL;

  g_assert_true (fc_sim_start (sim, 0, &error));
  g_assert_no_error (error);
  url = g_strdup_printf ("%s/_control/info", fc_sim_get_base_url (sim));
  message = soup_message_new ("GET", url);
  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL, on_sent_cb,
                                    &bytes);
  while (bytes == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (soup_message_get_status (message), ==, 200);
  g_assert_nonnull (strstr (g_bytes_get_data (bytes, NULL), "\"hubspot\""));
  fc_sim_stop (sim);
}

/* Determinism */

static char *
generated_person (guint32 seed_value)
{
  g_autoptr (FcSim) sim = fc_sim_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *field = NULL;
  g_autofree char *person = NULL;
  g_autoptr (JsonNode) node = NULL;
  JsonObject *object;

  fc_sim_set_seed (sim, seed_value);
  field = fc_sim_add_custom_field (sim, "pipedrive", "persons",
                                   "{\"field_name\":\"Note\",\"field_type\":\"varchar\"}", &error);
  g_assert_no_error (error);
  g_assert_true (fc_sim_seed_generated (sim, "pipedrive", "persons", 3, &error));
  person = fc_sim_get_record (sim, "pipedrive", "persons", "3", &error);
  g_assert_no_error (error);

  node = json_from_string (person, NULL);
  object = json_node_get_object (node);
  return g_strdup_printf ("%s %s %s", json_object_get_string_member (object, "name"),
                          json_object_get_string_member (json_array_get_object_element (
                            array_member (object, "emails"), 0), "value"),
                          strstr (field, "field_code"));
}

static void
test_determinism (void)
{
  g_autofree char *first = generated_person (99);
  g_autofree char *again = generated_person (99);
  g_autofree char *other = generated_person (100);

  g_assert_cmpstr (first, ==, again);
  g_assert_cmpstr (first, !=, other);
}

/* Lists write their records as text, single-record answers build a tree: from one description,
 * so the two must hold the same members in the same order with the same values */

typedef struct
{
  const char *name;
  const char *provider;
  const char *object;
  const char *seed;          /* the record to seed */
  const char *list;          /* the list that holds it, its records under results or data */
  const char *get;           /* the single-record path, before the id */
  const char *get_query;     /* and after it */
} ShapeCase;

static const ShapeCase shape_cases[] = {
  { "hubspot-contact", "hubspot", "contacts",
    "{\"properties\":{\"email\":\"odd@example.com\","
    "\"firstname\":\"Quote \\\" \\\\ \\u0001 é ✓\",\"lastname\":\"\"},"
    "\"createdAt\":\"2024-02-29T23:59:59.999Z\"}",
    "/crm/v3/objects/contacts?limit=100", "/crm/v3/objects/contacts/", "" },
  { "hubspot-contact-archived", "hubspot", "contacts",
    "{\"properties\":{\"email\":\"gone@example.com\"},\"archived\":true}",
    "/crm/v3/objects/contacts?limit=100&archived=true", "/crm/v3/objects/contacts/",
    "?archived=true" },
  { "hubspot-contact-properties", "hubspot", "contacts",
    "{\"properties\":{\"email\":\"asked@example.com\",\"firstname\":\"Asked\"}}",
    "/crm/v3/objects/contacts?limit=100&properties=email,createdate,email,hs_object_id,nosuch",
    "/crm/v3/objects/contacts/", "?properties=email,createdate,email,hs_object_id,nosuch" },
  { "hubspot-deal", "hubspot", "deals", "{\"properties\":{\"dealname\":\"Big \\t one\"}}",
    "/crm/v3/objects/deals?limit=100", "/crm/v3/objects/deals/", "" },
  { "pipedrive-person", "pipedrive", "persons",
    "{\"name\":\"Mononym\",\"emails\":[{\"value\":\"m@example.com\",\"primary\":true,"
    "\"label\":\"work\"}],\"update_time\":\"2024-02-29T23:59:59Z\"}",
    "/api/v2/persons?limit=500", "/api/v2/persons/", "" },
  { "pipedrive-person-parts", "pipedrive", "persons",
    "{\"name\":\"Ada \\\"Countess\\\" Lovelace\"}",
    "/api/v2/persons?limit=500", "/api/v2/persons/", "" },
  { "pipedrive-organization", "pipedrive", "organizations", "{\"name\":\"Acme \\n Inc\"}",
    "/api/v2/organizations?limit=500", "/api/v2/organizations/", "" },
  { "pipedrive-deal", "pipedrive", "deals",
    "{\"title\":\"Double\",\"value\":1234.5,\"currency\":\"EUR\"}",
    "/api/v2/deals?limit=500", "/api/v2/deals/", "" },
};

static char *
generate (JsonNode *node)
{
  g_autoptr (JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

static void
test_shape_text_tree (Fixture       *fixture,
                      gconstpointer  data)
{
  const ShapeCase *shape = data;
  gboolean hubspot_side = g_str_equal (shape->provider, "hubspot");
  g_autofree char *id = NULL;
  g_autofree char *get_path = NULL;
  g_autofree char *from_list = NULL;
  g_autofree char *single = NULL;
  g_autoptr (Reply) list = NULL;
  g_autoptr (Reply) one = NULL;
  JsonArray *records;
  JsonObject *answer;

  /* A custom field with no value and one with a value, on the Pipedrive side */
  if (!hubspot_side)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *field = fc_sim_add_custom_field (fixture->sim, "pipedrive", shape->object,
                                                        "{\"field_name\":\"Note\","
                                                        "\"field_type\":\"varchar\"}", &error);

      g_assert_no_error (error);
      g_assert_nonnull (field);
    }
  freeze_clock (fixture);
  id = seed (fixture, shape->provider, shape->object, shape->seed);
  get_path = g_strconcat (shape->get, id, shape->get_query, NULL);
  list = hubspot_side ? hubspot (fixture, "GET", shape->list, NULL)
                      : pipedrive (fixture, "GET", shape->list, NULL);
  one = hubspot_side ? hubspot (fixture, "GET", get_path, NULL)
                     : pipedrive (fixture, "GET", get_path, NULL);
  g_assert_cmpuint (list->status, ==, 200);
  g_assert_cmpuint (one->status, ==, 200);

  records = array_member (object_of (list), hubspot_side ? "results" : "data");
  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      JsonNode *record = json_array_get_element (records, i);
      JsonNode *record_id = json_object_get_member (json_node_get_object (record), "id");
      g_autofree char *text = hubspot_side ? g_strdup (json_node_get_string (record_id))
                                           : g_strdup_printf ("%" G_GINT64_FORMAT,
                                                              json_node_get_int (record_id));

      if (g_str_equal (text, id))
        from_list = generate (record);
    }
  answer = object_of (one);
  if (hubspot_side)
    single = generate (one->json);
  else
    single = generate (json_object_get_member (answer, "data"));

  g_assert_nonnull (from_list);
  g_assert_cmpstr (from_list, ==, single);
}

/* Answers are written as text; it must read byte for byte as json-glib's generator wrote it */

static const char * const json_text_cases[] = {
  "{\"b\":1,\"a\":-9223372036854775807,\"c\":[true,false,null],\"d\":{},\"e\":[]}",
  ("[\"plain\",\"quote \\\" and backslash \\\\\",\"\\b\\f\\n\\r\\t\","
   "\"\\u0001\\u001e\\u001f\\u007f\"]"),
  "{\"ünïcødé ✓\":\"Zoë 🙂 \\u2028\",\"nested\":{\"x\":[{\"y\":[[]]}]}}",
  "[0.5,1.0,-2.25,1e300,3.141592653589793,100.0,0]",
  "{\"z\":1,\"y\":2,\"x\":3,\"w\":{\"3\":null,\"1\":null,\"2\":\"\"}}",
  "\"just a string\"",
  "null",
};

static void
test_json_text (gconstpointer data)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *text = NULL;

  g_assert_true (json_parser_load_from_data (parser, data, -1, &error));
  g_assert_no_error (error);
  json_generator_set_root (generator, json_parser_get_root (parser));
  expected = json_generator_to_data (generator, NULL);
  text = _fc_sim_json_to_string (json_parser_get_root (parser));
  g_assert_cmpstr (text, ==, expected);
}

/* Every byte json-glib escapes, and the ones it leaves alone, in a string and in a name */
static void
test_json_text_bytes (void)
{
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr (JsonObject) object = json_object_new ();
  g_autofree char *expected = NULL;
  g_autofree char *text = NULL;
  char bytes[128];

  for (guint i = 1; i < 128; i++)
    bytes[i - 1] = (char) i;
  bytes[127] = '\0';
  json_object_set_string_member (object, bytes, bytes);
  json_node_set_object (node, object);
  json_generator_set_root (generator, node);
  expected = json_generator_to_data (generator, NULL);
  text = _fc_sim_json_to_string (node);
  g_assert_cmpstr (text, ==, expected);
}

static const gint64 iso_cases[] = {
  0, 1, 999, 1000, 86399999, 86400000, 951782400000 /* 2000-02-29 */,
  951868799999, 1709164800123 /* 2024-02-29 */, 1735689600000, 1767225599999,
  4102444800000 /* 2100-01-01 */, 253402300799999 /* 9999-12-31T23:59:59.999 */,
  -1000, -86400000, -2208988800000 /* 1900-01-01 */,
};

/* The timestamps of answers against GDateTime's formatting of the same instant */
static void
test_iso_times (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (iso_cases); i++)
    {
      gint64 ms = iso_cases[i];
      g_autoptr (GDateTime) time = g_date_time_new_from_unix_utc (ms / 1000);
      g_autofree char *seconds = g_date_time_format (time, "%Y-%m-%dT%H:%M:%S");
      g_autofree char *with_ms = g_strdup_printf ("%s.%03dZ", seconds, (int) (ms % 1000));
      g_autofree char *with_s = g_strdup_printf ("%sZ", seconds);
      g_autofree char *text_ms = _fc_sim_format_iso_ms (ms);
      g_autofree char *text_s = _fc_sim_format_iso_s (ms);
      gint64 parsed = 0;

      g_assert_cmpstr (text_ms, ==, with_ms);
      g_assert_cmpstr (text_s, ==, with_s);
      g_assert_true (_fc_sim_parse_iso (text_ms, &parsed));
      g_assert_cmpint (parsed, ==, ms);
    }

  /* Before 1970 a part of a second still counts forward from the whole second before it */
  {
    g_autofree char *text = _fc_sim_format_iso_ms (-1);

    g_assert_cmpstr (text, ==, "1969-12-31T23:59:59.999Z");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/fc/sim/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("hubspot/list-paging", test_hubspot_list_paging);
  ADD ("hubspot/objects", test_hubspot_objects);
  ADD ("hubspot/search-cap", test_hubspot_search_cap);
  ADD ("hubspot/search-filters", test_hubspot_search_filters);
  ADD ("hubspot/search-changes", test_hubspot_search_changes);
  ADD ("hubspot/batch", test_hubspot_batch);
  ADD ("hubspot/properties", test_hubspot_properties);
  ADD ("hubspot/oauth", test_hubspot_oauth);
  ADD ("static-token-taken", test_static_token_taken);
  ADD ("hubspot/rate-limit", test_hubspot_rate_limit);
  ADD ("hubspot/webhooks", test_hubspot_webhooks);
  ADD ("pipedrive/paging", test_pipedrive_paging);
  ADD ("pipedrive/list-changes", test_pipedrive_list_changes);
  ADD ("pipedrive/updated-since", test_pipedrive_updated_since);
  ADD ("pipedrive/objects", test_pipedrive_objects);
  ADD ("pipedrive/oauth", test_pipedrive_oauth);
  ADD ("pipedrive/rate-limit", test_pipedrive_rate_limit);
  ADD ("pipedrive/webhooks", test_pipedrive_webhooks);
  ADD ("faults", test_faults);
  ADD ("control", test_control);
#undef ADD

  for (guint i = 0; i < G_N_ELEMENTS (signature_vectors); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fc/sim/webhooks/signature/%s",
                                               signature_vectors[i].name);

      g_test_add_data_func (path, &signature_vectors[i], test_signature_vector);
    }
  g_test_add_func ("/fc/sim/main-context", test_main_context);
  g_test_add_func ("/fc/sim/determinism", test_determinism);
  for (guint i = 0; i < G_N_ELEMENTS (json_text_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fc/sim/json-text/%u", i);

      g_test_add_data_func (path, json_text_cases[i], test_json_text);
    }
  g_test_add_func ("/fc/sim/json-text/bytes", test_json_text_bytes);
  for (guint i = 0; i < G_N_ELEMENTS (shape_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fc/sim/shape-text-tree/%s", shape_cases[i].name);

      g_test_add (path, Fixture, &shape_cases[i], fixture_set_up, test_shape_text_tree,
                  fixture_tear_down);
    }
  g_test_add_func ("/fc/sim/iso-times", test_iso_times);

  return g_test_run ();
}
