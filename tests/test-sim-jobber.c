/* test-sim-jobber.c: the simulated Jobber GraphQL API, its OAuth server, limits and webhooks,
 * driven over real HTTP on loopback
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-test-sim-jobber"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "fc-sim.h"
#include "fc-sim-jobber.h"

#define STATIC_TOKEN "jobber-static-token-for-tests"
#define VERSION "2025-01-20"
#define REDIRECT "http://127.0.0.1:9/callback"
#define WAIT_MS 5000

typedef struct
{
  FcSim       *sim;
  SoupSession *session;
  char        *base;
  char        *graphql;
} Fixture;

typedef struct
{
  guint               status;
  SoupMessageHeaders *headers;
  char               *body;
  JsonNode           *json;
} Reply;

static void
reply_free (Reply *reply)
{
  g_clear_pointer (&reply->headers, soup_message_headers_unref);
  g_free (reply->body);
  g_clear_pointer (&reply->json, json_node_unref);
  g_free (reply);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  fixture->sim = fc_sim_new ();
  fc_sim_set_seed (fixture->sim, 4321);
  g_assert_true (fc_sim_start_in_thread (fixture->sim, 0, &error));
  g_assert_no_error (error);
  g_assert_true (fc_sim_add_static_token (fixture->sim, "jobber", STATIC_TOKEN, &error));
  g_assert_no_error (error);

  fixture->session = soup_session_new ();
  fixture->base = g_strdup (fc_sim_get_base_url (fixture->sim));
  fixture->graphql = g_strconcat (fixture->base, "/jobber/api/graphql", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->session);
  fc_sim_stop (fixture->sim);
  g_assert_finalize_object (fixture->sim);
  g_free (fixture->base);
  g_free (fixture->graphql);
}

/* HTTP */

static Reply *
send_request (Fixture    *fixture,
              const char *method,
              const char *url,
              const char *content_type,
              const char *body,
              ...) G_GNUC_NULL_TERMINATED;

/* Sends a request; headers follow as name, value pairs ending in NULL */
static Reply *
send_request (Fixture    *fixture,
              const char *method,
              const char *url,
              const char *content_type,
              const char *body,
              ...)
{
  g_autoptr (SoupMessage) message = soup_message_new (method, url);
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;
  Reply *reply = g_new0 (Reply, 1);
  const char *name;
  va_list args;

  g_assert_nonnull (message);
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
  va_start (args, body);
  name = va_arg (args, const char *);
  while (name != NULL)
    {
      soup_message_headers_replace (soup_message_get_request_headers (message), name,
                                    va_arg (args, const char *));
      name = va_arg (args, const char *);
    }
  va_end (args);
  if (body != NULL)
    {
      g_autoptr (GBytes) request = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (message, content_type, request);
    }

  bytes = soup_session_send_and_read (fixture->session, message, NULL, &error);
  g_assert_no_error (error);
  reply->status = soup_message_get_status (message);
  reply->headers = soup_message_headers_ref (soup_message_get_response_headers (message));
  reply->body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  if (reply->body[0] == '{' || reply->body[0] == '[')
    reply->json = json_from_string (reply->body, NULL);

  return reply;
}

/* POST /api/graphql with @token; @variables is JSON text or NULL */
static Reply *
graphql (Fixture    *fixture,
         const char *token,
         const char *query,
         const char *variables)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *body = NULL;
  g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "query");
  json_builder_add_string_value (builder, query);
  if (variables != NULL)
    {
      json_builder_set_member_name (builder, "variables");
      json_builder_add_value (builder, json_from_string (variables, NULL));
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  body = json_to_string (root, FALSE);

  return send_request (fixture, "POST", fixture->graphql, "application/json", body,
                       "Authorization", authorization, "X-JOBBER-GRAPHQL-VERSION", VERSION, NULL);
}

static char *
control (Fixture    *fixture,
         const char *method,
         const char *path,
         const char *json,
         guint       expected_status)
{
  guint status = 0;
  char *answer = fc_sim_control (fixture->sim, method, path, json, &status);

  g_assert_cmpuint (status, ==, expected_status);
  return answer;
}

/* JSON */

static JsonObject *
object_of (Reply *reply)
{
  g_assert_nonnull (reply->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (reply->json));
  return json_node_get_object (reply->json);
}

/* The node at a dotted path such as "data.clients.nodes.0.id" */
static JsonNode *
at (JsonNode   *node,
    const char *path)
{
  g_auto (GStrv) steps = g_strsplit (path, ".", -1);

  for (guint i = 0; steps[i] != NULL; i++)
    {
      g_assert_nonnull (node);
      if (JSON_NODE_HOLDS_ARRAY (node))
        node = json_array_get_element (json_node_get_array (node),
                                       (guint) g_ascii_strtoull (steps[i], NULL, 10));
      else if (JSON_NODE_HOLDS_OBJECT (node))
        node = json_object_get_member (json_node_get_object (node), steps[i]);
      else
        g_error ("%s: %s is not an object or array", path, steps[i]);
    }

  return node;
}

static const char *
at_string (JsonNode   *node,
           const char *path)
{
  JsonNode *value = at (node, path);

  g_assert_nonnull (value);
  return json_node_get_string (value);
}

static gint64
at_int (JsonNode   *node,
        const char *path)
{
  JsonNode *value = at (node, path);

  g_assert_nonnull (value);
  return json_node_get_int (value);
}

static gboolean
at_bool (JsonNode   *node,
         const char *path)
{
  JsonNode *value = at (node, path);

  g_assert_nonnull (value);
  return json_node_get_boolean (value);
}

static guint
at_length (JsonNode   *node,
           const char *path)
{
  JsonNode *value = at (node, path);

  g_assert_nonnull (value);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (value));
  return json_array_get_length (json_node_get_array (value));
}

static void
assert_no_errors (Reply *reply)
{
  g_assert_cmpuint (reply->status, ==, 200);
  if (json_object_has_member (object_of (reply), "errors"))
    g_error ("Unexpected errors: %s", reply->body);
}

/* OAuth: the authorize redirect, then the code for tokens */
static void
connect_app (Fixture  *fixture,
             char    **access,
             char    **refresh)
{
  g_autofree char *authorize = g_strdup_printf ("%s/jobber/api/oauth/authorize?response_type=code"
                                                "&client_id=sim-jobber-client-id&redirect_uri=%s"
                                                "&state=st4te", fixture->base, REDIRECT);
  g_autoptr (Reply) redirect = send_request (fixture, "GET", authorize, NULL, NULL, NULL);
  const char *location = soup_message_headers_get_one (redirect->headers, "Location");
  g_autoptr (GUri) uri = NULL;
  g_autoptr (GHashTable) params = NULL;
  g_autofree char *form = NULL;
  g_autofree char *token_url = g_strconcat (fixture->base, "/jobber/api/oauth/token", NULL);
  g_autoptr (Reply) tokens = NULL;

  g_assert_cmpuint (redirect->status, ==, 302);
  g_assert_true (g_str_has_prefix (location, REDIRECT "?"));
  uri = g_uri_parse (location, G_URI_FLAGS_NONE, NULL);
  params = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, NULL);
  g_assert_cmpstr (g_hash_table_lookup (params, "state"), ==, "st4te");
  g_assert_nonnull (g_hash_table_lookup (params, "code"));

  form = g_strdup_printf ("client_id=sim-jobber-client-id&client_secret=sim-jobber-client-secret"
                          "&grant_type=authorization_code&code=%s&redirect_uri=%s",
                          (char *) g_hash_table_lookup (params, "code"), REDIRECT);
  tokens = send_request (fixture, "POST", token_url, "application/x-www-form-urlencoded", form,
                         NULL);
  g_assert_cmpuint (tokens->status, ==, 200);
  *access = g_strdup (at_string (tokens->json, "access_token"));
  *refresh = g_strdup (at_string (tokens->json, "refresh_token"));
}

static Reply *
refresh_tokens (Fixture    *fixture,
                const char *refresh)
{
  g_autofree char *token_url = g_strconcat (fixture->base, "/jobber/api/oauth/token", NULL);
  g_autofree char *form = g_strdup_printf ("client_id=sim-jobber-client-id"
                                           "&client_secret=sim-jobber-client-secret"
                                           "&grant_type=refresh_token&refresh_token=%s", refresh);

  return send_request (fixture, "POST", token_url, "application/x-www-form-urlencoded", form,
                       NULL);
}

static char *
seed_client (Fixture    *fixture,
             const char *json)
{
  g_autoptr (GError) error = NULL;
  char *id = fc_sim_seed (fixture->sim, "jobber", "clients", json, &error);

  g_assert_no_error (error);
  g_assert_nonnull (id);
  return id;
}

/* Tests */

/* More than a thousand clients, page by page: every id once, cursors that chain */
static void
test_paging (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *cursor = NULL;
  gboolean more = TRUE;
  guint pages = 0;

  g_assert_true (fc_sim_seed_generated (fixture->sim, "jobber", "clients", 1050, &error));
  g_assert_no_error (error);

  while (more)
    {
      g_autofree char *variables = cursor != NULL
                                   ? g_strdup_printf ("{\"after\": \"%s\"}", cursor)
                                   : g_strdup ("{}");
      g_autoptr (Reply) reply = graphql (fixture, STATIC_TOKEN,
                                         "query Page($after: String) {\n"
                                         "  clients(first: 100, after: $after) {\n"
                                         "    edges { cursor node { id } }\n"
                                         "    pageInfo { hasNextPage hasPreviousPage endCursor }\n"
                                         "    totalCount\n"
                                         "  }\n"
                                         "}", variables);
      guint n;

      assert_no_errors (reply);
      n = at_length (reply->json, "data.clients.edges");
      g_assert_cmpint (at_int (reply->json, "data.clients.totalCount"), ==, 1050);
      g_assert_cmpint (at_bool (reply->json, "data.clients.pageInfo.hasPreviousPage"), ==,
                       pages > 0);
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *path = g_strdup_printf ("data.clients.edges.%u.node.id", i);

          g_assert_true (g_hash_table_add (seen, g_strdup (at_string (reply->json, path))));
        }
      if (n > 0)
        {
          g_autofree char *last = g_strdup_printf ("data.clients.edges.%u.cursor", n - 1);

          g_assert_cmpstr (at_string (reply->json, last), ==,
                           at_string (reply->json, "data.clients.pageInfo.endCursor"));
        }
      more = at_bool (reply->json, "data.clients.pageInfo.hasNextPage");
      g_free (cursor);
      cursor = g_strdup (at_string (reply->json, "data.clients.pageInfo.endCursor"));
      pages++;
      g_assert_cmpuint (pages, <=, 11);
    }

  g_assert_cmpuint (pages, ==, 11);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 1050);
  g_assert_cmpuint (fc_sim_get_count (fixture->sim, "jobber", "POST", "graphql:clients", 200),
                    ==, 11);
  g_assert_cmpuint (fc_sim_get_count (fixture->sim, "jobber", "POST", "/api/graphql", 200),
                    ==, 11);
}

/* filter.updatedAt.after: history seeded through the control API, then a UI edit moves a client
 * into the window */
static void
test_updated_filter (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *query = "query Changed($since: ISO8601DateTime!) {"
                      "  clients(filter: {updatedAt: {after: $since}}) { nodes { firstName } "
                      "totalCount } }";
  g_autofree char *old = seed_client (fixture, "{\"firstName\":\"Old\","
                                               "\"updatedAt\":\"2024-01-10T08:00:00Z\"}");
  G_GNUC_UNUSED g_autofree char *recent = seed_client (fixture, "{\"firstName\":\"Recent\","
                                                  "\"updatedAt\":\"2024-07-01T09:30:00Z\"}");
  g_autoptr (GError) error = NULL;
  g_autoptr (Reply) before = NULL;
  g_autoptr (Reply) after = NULL;

  before = graphql (fixture, STATIC_TOKEN, query, "{\"since\": \"2024-06-01T00:00:00Z\"}");
  assert_no_errors (before);
  g_assert_cmpint (at_int (before->json, "data.clients.totalCount"), ==, 1);
  g_assert_cmpstr (at_string (before->json, "data.clients.nodes.0.firstName"), ==, "Recent");

  g_assert_true (fc_sim_edit (fixture->sim, "jobber", "clients", old,
                              "{\"lastName\":\"Edited\"}", &error));
  g_assert_no_error (error);
  after = graphql (fixture, STATIC_TOKEN, query, "{\"since\": \"2024-06-01T00:00:00Z\"}");
  assert_no_errors (after);
  g_assert_cmpint (at_int (after->json, "data.clients.totalCount"), ==, 2);
  g_assert_cmpstr (at_string (after->json, "data.clients.nodes.0.firstName"), ==, "Old");
}

/* graphql-ruby's shape: HTTP 200, no data, errors[] with locations, path and a code */
static void
test_unknown_field (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr (Reply) reply = graphql (fixture, STATIC_TOKEN,
                                     "query Lookup {\n  clients(first: 1) {\n    nodes { id "
                                     "favouriteColour }\n  }\n}", NULL);
  JsonObject *error;

  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_false (json_object_has_member (object_of (reply), "data"));
  g_assert_cmpuint (at_length (reply->json, "errors"), ==, 1);
  error = json_node_get_object (at (reply->json, "errors.0"));
  g_assert_cmpstr (json_object_get_string_member (error, "message"), ==,
                   "Field 'favouriteColour' doesn't exist on type 'Client'");
  g_assert_cmpint (at_int (reply->json, "errors.0.locations.0.line"), ==, 3);
  g_assert_cmpint (at_int (reply->json, "errors.0.locations.0.column"), ==, 16);
  g_assert_cmpstr (at_string (reply->json, "errors.0.path.0"), ==, "query Lookup");
  g_assert_cmpstr (at_string (reply->json, "errors.0.path.3"), ==, "favouriteColour");
  g_assert_cmpstr (at_string (reply->json, "errors.0.extensions.code"), ==, "undefinedField");
  g_assert_cmpint (at_int (reply->json, "extensions.cost.actualQueryCost"), ==, 0);
}

typedef struct
{
  const char *query;
  const char *variables;
  const char *message;
} InvalidCase;

static const InvalidCase invalid_cases[] = {
  { "{ clients(first: \"ten\") { totalCount } }", NULL,
    "Argument 'first' on Field 'clients' has an invalid value (\"ten\"). Expected type 'Int'." },
  { "{ client { id } }", NULL, "Field 'client' is missing required arguments: id" },
  { "{ clients(sortBy: NAME) { totalCount } }", NULL,
    "Field 'clients' doesn't accept argument 'sortBy'" },
  { "{ clients { nodes { emails } } }", NULL,
    "Field must have selections (field 'emails' returns [Email!]! but has no selections. "
    "Did you mean 'emails { ... }'?)" },
  { "{ clients { totalCount { value } } }", NULL,
    "Selections can't be made on scalars (field 'totalCount' returns Int! but has selections "
    "[value])" },
  { "query ($id: String!) { client(id: $id) { id } }", "{\"id\": \"x\"}",
    "Type mismatch on variable $id and argument id (String! / EncodedId!)" },
  { "query ($id: EncodedId!) { client(id: $id) { id } }", "{}",
    "Variable $id of type EncodedId! was provided invalid value" },
  { "{ clients { nodes { ...Missing } } }", NULL, "Fragment Missing was used, but not defined" },
  { "{ clients { nodes { ... on Job { id } } } }", NULL,
    "Fragment on Job can't be spread inside Client" },
  { "mutation ($input: ClientCreateInput!) { clientCreate(input: $input) { client { id } } }",
    "{\"input\": {\"firstName\": \"A\", \"nickname\": \"B\"}}",
    "Variable $input of type ClientCreateInput! was provided invalid value for nickname "
    "(Field is not defined on ClientCreateInput)" },
  { "{ clients(first: 1) { nodes { id } ", NULL, "Unexpected end of document" },
  { "{ clients { nodes { id @upper } } }", NULL, "Directive @upper is not defined" },
};

static void
test_invalid_request (gconstpointer data)
{
  const InvalidCase *test = data;
  Fixture fixture = { 0 };
  g_autoptr (Reply) reply = NULL;

  fixture_set_up (&fixture, NULL);
  reply = graphql (&fixture, STATIC_TOKEN, test->query, test->variables);
  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_false (json_object_has_member (object_of (reply), "data"));
  g_assert_cmpstr (at_string (reply->json, "errors.0.message"), ==, test->message);
  g_assert_nonnull (at (reply->json, "extensions.cost"));
  fixture_tear_down (&fixture, NULL);
}

/* Aliases, variables with defaults, named and inline fragments, @include and __typename */
static void
test_query_language (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *id = seed_client (fixture, "{\"firstName\":\"Ada\",\"lastName\":\"Lovelace\","
                                              "\"companyName\":\"Engines Ltd\",\"isCompany\":true,"
                                              "\"emails\":[{\"address\":\"ada@example.com\"}]}");
  g_autofree char *variables = g_strdup_printf ("{\"id\": \"%s\"}", id);
  g_autoptr (Reply) reply = graphql (fixture, STATIC_TOKEN,
                                     "query One($id: EncodedId!, $withMail: Boolean = true) {\n"
                                     "  who: client(id: $id) { ...Names ... on Client { kind: "
                                     "__typename } emails @include(if: $withMail) { address } }\n"
                                     "  nobody: client(id: \"Z2lkOi8vSm9iYmVyL0NsaWVudC85OTk=\") "
                                     "{ id }\n"
                                     "}\n"
                                     "fragment Names on Client { name secondaryName isCompany }",
                                     variables);

  assert_no_errors (reply);
  g_assert_cmpstr (at_string (reply->json, "data.who.name"), ==, "Engines Ltd");
  g_assert_cmpstr (at_string (reply->json, "data.who.secondaryName"), ==, "Ada Lovelace");
  g_assert_cmpstr (at_string (reply->json, "data.who.kind"), ==, "Client");
  g_assert_cmpstr (at_string (reply->json, "data.who.emails.0.address"), ==, "ada@example.com");
  g_assert_true (JSON_NODE_HOLDS_NULL (at (reply->json, "data.nobody")));
}

/* Validation failures are userErrors with a null client; a valid input creates the client */
static void
test_client_create (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *mutation = "mutation Create($input: ClientCreateInput!) {"
                         "  clientCreate(input: $input) {"
                         "    client { id name emails { address primary } phones { number "
                         "normalizedPhoneNumber } }"
                         "    userErrors { message path } } }";
  g_autoptr (Reply) bad = graphql (fixture, STATIC_TOKEN, mutation,
                                   "{\"input\": {\"firstName\": \"Grace\","
                                   "\"emails\": [{\"address\": \"grace-at-example\"}]}}");
  g_autoptr (Reply) nameless = graphql (fixture, STATIC_TOKEN, mutation,
                                        "{\"input\": {\"emails\": [{\"address\": "
                                        "\"x@example.com\"}]}}");
  g_autoptr (Reply) good = NULL;

  assert_no_errors (bad);
  g_assert_true (JSON_NODE_HOLDS_NULL (at (bad->json, "data.clientCreate.client")));
  g_assert_cmpuint (at_length (bad->json, "data.clientCreate.userErrors"), ==, 1);
  g_assert_cmpstr (at_string (bad->json, "data.clientCreate.userErrors.0.message"), ==,
                   "Email address is invalid");
  g_assert_cmpstr (at_string (bad->json, "data.clientCreate.userErrors.0.path.1"), ==, "emails");
  g_assert_cmpstr (at_string (bad->json, "data.clientCreate.userErrors.0.path.3"), ==, "address");
  assert_no_errors (nameless);
  g_assert_cmpuint (at_length (nameless->json, "data.clientCreate.userErrors"), ==, 1);
  g_assert_cmpuint (fc_sim_count_records (fixture->sim, "jobber", "clients", FALSE), ==, 0);

  good = graphql (fixture, STATIC_TOKEN, mutation,
                  "{\"input\": {\"firstName\": \"Grace\", \"lastName\": \"Hopper\","
                  "\"emails\": [{\"address\": \"grace@example.com\", \"description\": \"WORK\"}],"
                  "\"phones\": [{\"number\": \"(415) 555-2671\"}]}}");
  assert_no_errors (good);
  g_assert_cmpuint (at_length (good->json, "data.clientCreate.userErrors"), ==, 0);
  g_assert_cmpstr (at_string (good->json, "data.clientCreate.client.name"), ==, "Grace Hopper");
  g_assert_true (at_bool (good->json, "data.clientCreate.client.emails.0.primary"));
  g_assert_cmpstr (at_string (good->json,
                              "data.clientCreate.client.phones.0.normalizedPhoneNumber"), ==,
                   "+14155552671");
  g_assert_cmpuint (fc_sim_count_records (fixture->sim, "jobber", "clients", FALSE), ==, 1);
  g_assert_cmpuint (fc_sim_get_count (fixture->sim, "jobber", "POST", "graphql:clientCreate",
                                      200), ==, 3);
}

/* emailsToEdit changes one email by id; the others keep their ids and values */
static void
test_client_edit_email (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *id = seed_client (fixture,
                                     "{\"firstName\":\"Alan\",\"emails\":["
                                     "{\"address\":\"alan@work.example\",\"primary\":true},"
                                     "{\"address\":\"alan@home.example\"},"
                                     "{\"address\":\"old@home.example\"}]}");
  g_autofree char *read_vars = g_strdup_printf ("{\"id\": \"%s\"}", id);
  g_autoptr (Reply) before = graphql (fixture, STATIC_TOKEN,
                                      "query ($id: EncodedId!) { client(id: $id) { emails { id "
                                      "address } updatedAt } }", read_vars);
  g_autofree char *work_id = NULL;
  g_autofree char *home_id = NULL;
  g_autofree char *old_id = NULL;
  g_autofree char *edit_vars = NULL;
  g_autoptr (Reply) edited = NULL;
  g_autoptr (Reply) missing = NULL;

  assert_no_errors (before);
  work_id = g_strdup (at_string (before->json, "data.client.emails.0.id"));
  home_id = g_strdup (at_string (before->json, "data.client.emails.1.id"));
  old_id = g_strdup (at_string (before->json, "data.client.emails.2.id"));

  edit_vars = g_strdup_printf ("{\"id\": \"%s\", \"input\": {\"emailsToEdit\": [{\"id\": \"%s\", "
                               "\"address\": \"alan@house.example\"}], \"emailsToDelete\": "
                               "[\"%s\"]}}", id, home_id, old_id);
  edited = graphql (fixture, STATIC_TOKEN,
                    "mutation Edit($id: EncodedId!, $input: ClientEditInput!) {"
                    "  clientEdit(clientId: $id, input: $input) {"
                    "    client { emails { id address primary } }"
                    "    userErrors { message path } } }", edit_vars);
  assert_no_errors (edited);
  g_assert_cmpuint (at_length (edited->json, "data.clientEdit.userErrors"), ==, 0);
  g_assert_cmpuint (at_length (edited->json, "data.clientEdit.client.emails"), ==, 2);
  g_assert_cmpstr (at_string (edited->json, "data.clientEdit.client.emails.0.id"), ==, work_id);
  g_assert_cmpstr (at_string (edited->json, "data.clientEdit.client.emails.0.address"), ==,
                   "alan@work.example");
  g_assert_true (at_bool (edited->json, "data.clientEdit.client.emails.0.primary"));
  g_assert_cmpstr (at_string (edited->json, "data.clientEdit.client.emails.1.id"), ==, home_id);
  g_assert_cmpstr (at_string (edited->json, "data.clientEdit.client.emails.1.address"), ==,
                   "alan@house.example");

  /* An id that is not one of the client's emails is a userError, and nothing changes */
  g_free (edit_vars);
  edit_vars = g_strdup_printf ("{\"id\": \"%s\", \"input\": {\"firstName\": \"Alan M\", "
                               "\"emailsToEdit\": [{\"id\": \"%s\", \"address\": "
                               "\"x@example.com\"}]}}", id, old_id);
  missing = graphql (fixture, STATIC_TOKEN,
                     "mutation Edit($id: EncodedId!, $input: ClientEditInput!) {"
                     "  clientEdit(clientId: $id, input: $input) {"
                     "    client { id } userErrors { message path } } }", edit_vars);
  assert_no_errors (missing);
  g_assert_true (JSON_NODE_HOLDS_NULL (at (missing->json, "data.clientEdit.client")));
  g_assert_cmpstr (at_string (missing->json, "data.clientEdit.userErrors.0.message"), ==,
                   "Email not found");
  g_assert_cmpstr (at_string (missing->json, "data.clientEdit.userErrors.0.path.1"), ==,
                   "emailsToEdit");
}

/* extensions.cost on a frozen clock: the bucket drains, THROTTLED comes, time refills it */
static void
test_cost_and_throttling (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  const char *cheap = "{ clients(first: 10) { nodes { id name } pageInfo { endCursor } } }";
  const char *costly = "{ clients(first: 1000) { nodes { id firstName lastName companyName } } }";
  g_autoptr (Reply) first = NULL;
  g_autoptr (Reply) throttled = NULL;
  g_autoptr (Reply) later = NULL;
  guint throttled_after = 0;

  g_assert_true (fc_sim_seed_generated (fixture->sim, "jobber", "clients", 1020, &error));
  g_assert_no_error (error);
  fc_sim_set_clock_frozen (fixture->sim, TRUE);

  /* 1 (clients) + 10 x 2 (id, name) + 2 (pageInfo, endCursor) */
  first = graphql (fixture, STATIC_TOKEN, cheap, NULL);
  assert_no_errors (first);
  g_assert_cmpint (at_int (first->json, "extensions.cost.requestedQueryCost"), ==, 23);
  g_assert_cmpint (at_int (first->json, "extensions.cost.actualQueryCost"), ==, 23);
  g_assert_cmpint (at_int (first->json, "extensions.cost.throttleStatus.maximumAvailable"), ==,
                   10000);
  g_assert_cmpint (at_int (first->json, "extensions.cost.throttleStatus.restoreRate"), ==, 500);
  g_assert_cmpint (at_int (first->json, "extensions.cost.throttleStatus.currentlyAvailable"), ==,
                   10000 - 23);
  g_assert_cmpstr (at_string (first->json, "extensions.versioning.version"), ==, VERSION);

  /* Each costly query costs 4001 points; with the clock stopped nothing comes back */
  for (guint i = 0; i < 5 && throttled == NULL; i++)
    {
      Reply *reply = graphql (fixture, STATIC_TOKEN, costly, NULL);

      g_assert_cmpuint (reply->status, ==, 200);
      g_assert_cmpint (at_int (reply->json, "extensions.cost.requestedQueryCost"), ==, 4001);
      if (json_object_has_member (object_of (reply), "errors"))
        {
          throttled = reply;
          throttled_after = i;
        }
      else
        {
          reply_free (reply);
        }
    }

  g_assert_nonnull (throttled);
  g_assert_cmpuint (throttled_after, ==, 2);
  g_assert_false (json_object_has_member (object_of (throttled), "data"));
  g_assert_cmpstr (at_string (throttled->json, "errors.0.message"), ==, "Throttled");
  g_assert_cmpstr (at_string (throttled->json, "errors.0.extensions.code"), ==, "THROTTLED");
  g_assert_cmpint (at_int (throttled->json, "extensions.cost.actualQueryCost"), ==, 0);
  g_assert_cmpint (at_int (throttled->json,
                           "extensions.cost.throttleStatus.currentlyAvailable"), <, 4001);

  /* 500 points a second: ten seconds later the query fits again */
  fc_sim_advance_clock (fixture->sim, 10000);
  later = graphql (fixture, STATIC_TOKEN, costly, NULL);
  assert_no_errors (later);
}

/* The DDoS guard answers 429 once the window is full (a small window set through the control
 * API), and frees up as the clock moves */
static void
test_ddos_guard (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *limits = NULL;
  g_autoptr (Reply) blocked = NULL;
  g_autoptr (Reply) again = NULL;

  fc_sim_set_clock_frozen (fixture->sim, TRUE);
  limits = control (fixture, "POST", "/rate-limits/jobber",
                    "{\"ddos_requests\": 3, \"ddos_window_s\": 60}", 200);
  g_assert_nonnull (strstr (limits, "\"ddos_requests\":3"));

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr (Reply) reply = graphql (fixture, STATIC_TOKEN, "{ clients { totalCount } }",
                                         NULL);

      assert_no_errors (reply);
    }
  blocked = graphql (fixture, STATIC_TOKEN, "{ clients { totalCount } }", NULL);
  g_assert_cmpuint (blocked->status, ==, 429);
  g_assert_cmpstr (soup_message_headers_get_one (blocked->headers, "Retry-After"), ==, "60");

  fc_sim_advance_clock (fixture->sim, 60000);
  again = graphql (fixture, STATIC_TOKEN, "{ clients { totalCount } }", NULL);
  assert_no_errors (again);
}

/* Requests that never reach GraphQL: form bodies, no version, bad tokens */
static void
test_http_errors (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr (Reply) form = send_request (fixture, "POST", fixture->graphql,
                                         "application/x-www-form-urlencoded",
                                         "query=%7B+clients+%7B+totalCount+%7D+%7D",
                                         "Authorization", "Bearer " STATIC_TOKEN,
                                         "X-JOBBER-GRAPHQL-VERSION", VERSION, NULL);
  g_autoptr (Reply) no_version = send_request (fixture, "POST", fixture->graphql,
                                               "application/json",
                                               "{\"query\": \"{ clients { totalCount } }\"}",
                                               "Authorization", "Bearer " STATIC_TOKEN, NULL);
  g_autoptr (Reply) bad_token = graphql (fixture, "eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl",
                                         "{ clients { totalCount } }", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (Reply) faulty = NULL;
  g_autoptr (Reply) recovered = NULL;

  g_assert_cmpuint (form->status, ==, 415);
  g_assert_cmpuint (no_version->status, ==, 400);
  g_assert_nonnull (strstr (no_version->body, "X-JOBBER-GRAPHQL-VERSION"));
  g_assert_cmpuint (bad_token->status, ==, 401);
  g_assert_cmpstr (at_string (bad_token->json, "error"), ==, "invalid_request");

  /* Injected faults answer in Jobber's error shape, then the endpoint recovers */
  g_assert_true (fc_sim_set_faults (fixture->sim, "jobber",
                                    "{\"error_next\": 1, \"error_statuses\": [503]}", &error));
  g_assert_no_error (error);
  faulty = graphql (fixture, STATIC_TOKEN, "{ clients { totalCount } }", NULL);
  g_assert_cmpuint (faulty->status, ==, 503);
  g_assert_nonnull (at_string (faulty->json, "errors.0.message"));
  recovered = graphql (fixture, STATIC_TOKEN, "{ clients { totalCount } }", NULL);
  assert_no_errors (recovered);
  g_assert_cmpuint (fc_sim_get_count (fixture->sim, "jobber", "POST", "/api/graphql", 503), ==, 1);
}

/* Refresh tokens rotate: the old one dies at once; access tokens are signed JWTs that expire */
static void
test_token_rotation (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *access = NULL;
  g_autofree char *refresh = NULL;
  g_auto (GStrv) parts = NULL;
  g_autofree guchar *decoded = NULL;
  g_autofree char *claims_text = NULL;
  g_autoptr (JsonNode) claims = NULL;
  g_autoptr (Reply) rotated = NULL;
  g_autoptr (Reply) reused = NULL;
  g_autoptr (Reply) next = NULL;
  g_autoptr (Reply) old_access = NULL;
  g_autoptr (Reply) expired = NULL;
  g_autoptr (Reply) revoked = NULL;
  gsize length = 0;

  fc_sim_set_clock_frozen (fixture->sim, TRUE);
  connect_app (fixture, &access, &refresh);

  parts = g_strsplit (access, ".", -1);
  g_assert_cmpuint (g_strv_length (parts), ==, 3);
  g_strdelimit (parts[1], "-", '+');
  g_strdelimit (parts[1], "_", '/');
  while (strlen (parts[1]) % 4 != 0)
    {
      char *padded = g_strconcat (parts[1], "=", NULL);

      g_free (parts[1]);
      parts[1] = padded;
    }
  decoded = g_base64_decode (parts[1], &length);
  claims_text = g_strndup ((const char *) decoded, length);
  claims = json_from_string (claims_text, NULL);
  g_assert_nonnull (claims);
  g_assert_cmpstr (at_string (claims, "iss"), ==, "https://api.getjobber.com");
  g_assert_cmpstr (at_string (claims, "client_id"), ==, "sim-jobber-client-id");
  g_assert_cmpint (at_int (claims, "exp"), ==, fc_sim_get_time_ms (fixture->sim) / 1000 + 3600);
  g_assert_nonnull (at (claims, "account_id"));
  g_assert_nonnull (at (claims, "app_id"));

  rotated = refresh_tokens (fixture, refresh);
  g_assert_cmpuint (rotated->status, ==, 200);
  g_assert_cmpstr (at_string (rotated->json, "refresh_token"), !=, refresh);
  g_assert_cmpstr (at_string (rotated->json, "access_token"), !=, access);

  reused = refresh_tokens (fixture, refresh);
  g_assert_cmpuint (reused->status, ==, 400);
  g_assert_cmpstr (at_string (reused->json, "error"), ==, "invalid_grant");

  next = refresh_tokens (fixture, at_string (rotated->json, "refresh_token"));
  g_assert_cmpuint (next->status, ==, 200);

  /* Revoked through the control API (the C API runs the same route) */
  g_assert_true (fc_sim_revoke_token (fixture->sim, at_string (next->json, "access_token")));
  revoked = graphql (fixture, at_string (next->json, "access_token"), "{ account { id } }", NULL);
  g_assert_cmpuint (revoked->status, ==, 401);

  /* The first access token still works until its hour is over */
  old_access = graphql (fixture, access, "{ clients { totalCount } }", NULL);
  assert_no_errors (old_access);
  fc_sim_advance_clock (fixture->sim, 3601 * 1000);
  expired = graphql (fixture, access, "{ clients { totalCount } }", NULL);
  g_assert_cmpuint (expired->status, ==, 401);
}

/* Once the owner disconnects the app, its tokens get Jobber's error; authorizing again
 * connects it */
static void
test_disconnected (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *access = NULL;
  g_autofree char *refresh = NULL;
  g_autofree char *new_access = NULL;
  g_autofree char *new_refresh = NULL;
  g_autofree char *state = NULL;
  g_autoptr (Reply) connected = NULL;
  g_autoptr (Reply) gone = NULL;
  g_autoptr (Reply) refused = NULL;
  g_autoptr (Reply) back = NULL;
  g_autoptr (Reply) stale = NULL;

  connect_app (fixture, &access, &refresh);
  connected = graphql (fixture, access, "{ account { id name } }", NULL);
  assert_no_errors (connected);

  state = control (fixture, "POST", "/app/jobber", "{\"connected\": false}", 200);
  g_assert_nonnull (strstr (state, "\"connected\":false"));
  gone = graphql (fixture, access, "{ account { id } }", NULL);
  g_assert_cmpuint (gone->status, ==, 200);
  g_assert_cmpstr (at_string (gone->json, "errors.0.message"), ==,
                   "User has disconnected this app from their account. Please delete this token");
  refused = refresh_tokens (fixture, refresh);
  g_assert_cmpuint (refused->status, ==, 400);

  connect_app (fixture, &new_access, &new_refresh);
  back = graphql (fixture, new_access, "{ account { name } }", NULL);
  assert_no_errors (back);
  stale = graphql (fixture, access, "{ account { id } }", NULL);
  g_assert_cmpstr (at_string (stale->json, "errors.0.message"), ==,
                   "User has disconnected this app from their account. Please delete this token");
}

/* The signer against the reference's test vector */
static void
test_signature_vector (void)
{
  const char *body = "{\"data\":{\"webHookEvent\":{\"topic\":\"CLIENT_UPDATE\","
                     "\"appId\":\"3ef22a50-072d-430c-a78f-b7646657560b\",\"accountId\":\"MQ==\","
                     "\"itemId\":\"MQ==\",\"occurredAt\":\"2021-08-12T16:31:36-06:00\"}}}";
  g_autofree char *signature = fc_sim_jobber_sign_webhook ("test_client_secret", body, -1);
  g_autofree char *other = fc_sim_jobber_sign_webhook ("another_secret", body, -1);
  g_autofree char *id = fc_sim_jobber_encode_id ("Client", 123);

  g_assert_cmpstr (signature, ==, "YcxLHzLN90s6PiLV3CrhtwdGL4XViIrZNNPR9oo0jRc=");
  g_assert_cmpstr (other, !=, signature);
  g_assert_cmpstr (id, ==, "Z2lkOi8vSm9iYmVyL0NsaWVudC8xMjM=");
}

typedef struct
{
  GPtrArray *bodies;      /* char * */
  GPtrArray *signatures;  /* char * */
} Inbox;

static void
on_webhook_cb (SoupServer        *server,
               SoupServerMessage *message,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  Inbox *inbox = user_data;
  SoupMessageBody *body = soup_server_message_get_request_body (message);
  g_autoptr (GBytes) bytes = soup_message_body_flatten (body);
  const char *signature = soup_message_headers_get_one (
                            soup_server_message_get_request_headers (message),
                            "X-Jobber-Hmac-SHA256");

  g_ptr_array_add (inbox->bodies, g_strndup (g_bytes_get_data (bytes, NULL),
                                             g_bytes_get_size (bytes)));
  g_ptr_array_add (inbox->signatures, g_strdup (signature));
  soup_server_message_set_status (message, 200, NULL);
}

static void
wait_for (Inbox *inbox,
          guint  count)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_MS * 1000;

  while (inbox->bodies->len < count && g_get_monotonic_time () < deadline)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  g_assert_cmpuint (inbox->bodies->len, >=, count);
}

/* Changes made in the UI and through the API reach a local listener, signed with the client
 * secret over the raw body */
static void
test_webhook_delivery (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr (SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr (GError) error = NULL;
  Inbox inbox = { g_ptr_array_new_with_free_func (g_free),
                  g_ptr_array_new_with_free_func (g_free) };
  g_autofree char *url = NULL;
  g_autofree char *id = NULL;
  g_autofree char *expected = NULL;
  g_autoptr (Reply) edited = NULL;
  g_autofree char *variables = NULL;
  GSList *uris;

  soup_server_add_handler (server, "/hooks/jobber", on_webhook_cb, &inbox, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("http://127.0.0.1:%d/hooks/jobber", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  g_assert_true (fc_sim_set_webhook_target (fixture->sim, "jobber", url, NULL, &error));
  g_assert_no_error (error);

  id = fc_sim_create (fixture->sim, "jobber", "clients", "{\"firstName\":\"Barbara\"}", &error);
  g_assert_no_error (error);
  wait_for (&inbox, 1);
  expected = fc_sim_jobber_sign_webhook ("sim-jobber-client-secret",
                                         g_ptr_array_index (inbox.bodies, 0), -1);
  g_assert_cmpstr (g_ptr_array_index (inbox.signatures, 0), ==, expected);

  {
    g_autoptr (JsonNode) event = json_from_string (g_ptr_array_index (inbox.bodies, 0), NULL);

    g_assert_cmpstr (at_string (event, "data.webHookEvent.topic"), ==, "CLIENT_CREATE");
    g_assert_cmpstr (at_string (event, "data.webHookEvent.itemId"), ==, id);
    g_assert_nonnull (at_string (event, "data.webHookEvent.appId"));
    g_assert_nonnull (at_string (event, "data.webHookEvent.accountId"));
    g_assert_nonnull (at_string (event, "data.webHookEvent.occurredAt"));
  }

  variables = g_strdup_printf ("{\"id\": \"%s\"}", id);
  edited = graphql (fixture, STATIC_TOKEN,
                    "mutation ($id: EncodedId!) { clientEdit(clientId: $id, input: {lastName: "
                    "\"Liskov\"}) { client { name } userErrors { message } } }", variables);
  assert_no_errors (edited);
  wait_for (&inbox, 2);
  g_assert_nonnull (strstr (g_ptr_array_index (inbox.bodies, 1), "\"CLIENT_UPDATE\""));
  g_assert_true (fc_sim_delete (fixture->sim, "jobber", "clients", id, &error));
  wait_for (&inbox, 3);
  g_assert_nonnull (strstr (g_ptr_array_index (inbox.bodies, 2), "\"CLIENT_DESTROY\""));
  /* The simulator logs each delivery when the answer is back in its thread */
  {
    gint64 deadline = g_get_monotonic_time () + WAIT_MS * 1000;

    while (fc_sim_get_delivery_count (fixture->sim, "jobber", TRUE) < 3
           && g_get_monotonic_time () < deadline)
      {
        if (!g_main_context_iteration (NULL, FALSE))
          g_usleep (1000);
      }
  }
  g_assert_cmpuint (fc_sim_get_delivery_count (fixture->sim, "jobber", TRUE), ==, 3);

  soup_server_disconnect (server);
  g_ptr_array_unref (inbox.bodies);
  g_ptr_array_unref (inbox.signatures);
}

/* Jobs and quotes hang on a client's property; the connection test of a connector reads them */
static void
test_jobs_and_quotes (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *client = seed_client (fixture, "{\"firstName\":\"Frances\",\"properties\":"
                                                  "[{\"address\":{\"street1\":\"1 Oak Street\","
                                                  "\"city\":\"Guelph\"}}]}");
  g_autofree char *variables = g_strdup_printf ("{\"id\": \"%s\"}", client);
  g_autoptr (Reply) property = graphql (fixture, STATIC_TOKEN,
                                        "query ($id: EncodedId!) { client(id: $id) { properties "
                                        "{ id street1 } } }", variables);
  g_autofree char *job_vars = NULL;
  g_autoptr (Reply) job = NULL;
  g_autoptr (Reply) quote = NULL;

  assert_no_errors (property);
  job_vars = g_strdup_printf ("{\"input\": {\"propertyId\": \"%s\", \"title\": \"Gutters\", "
                              "\"scheduling\": {\"createVisits\": false, \"notifyTeam\": false}, "
                              "\"invoicing\": {\"invoicingType\": \"FIXED_PRICE\", "
                              "\"invoicingSchedule\": \"ON_COMPLETION\"}, \"lineItems\": "
                              "[{\"name\": \"Clean\", \"unitPrice\": 75.5, \"quantity\": 2, "
                              "\"saveToProductsAndServices\": false}]}, \"client\": \"%s\", "
                              "\"property\": \"%s\"}",
                              at_string (property->json, "data.client.properties.0.id"), client,
                              at_string (property->json, "data.client.properties.0.id"));
  job = graphql (fixture, STATIC_TOKEN,
                 "mutation ($input: JobCreateAttributes!, $client: EncodedId!, "
                 "$property: EncodedId!) {"
                 "  jobCreate(input: $input) { job { jobNumber jobStatus total client { id } } "
                 "userErrors { message } }"
                 "  quoteCreate(attributes: {clientId: $client, propertyId: $property, "
                 "lineItems: [{name: \"Clean\", unitPrice: 100, quantity: 1, "
                 "saveToProductsAndServices: false}], discount: {rate: 10, type: Percent}}) { "
                 "quote { quoteNumber quoteStatus amounts { total } } userErrors { message } } }",
                 job_vars);
  assert_no_errors (job);
  g_assert_cmpint (at_int (job->json, "data.jobCreate.job.jobNumber"), ==, 1);
  g_assert_cmpstr (at_string (job->json, "data.jobCreate.job.jobStatus"), ==, "unscheduled");
  g_assert_cmpfloat_with_epsilon (json_node_get_double (at (job->json,
                                                            "data.jobCreate.job.total")),
                                  151.0, 0.001);
  g_assert_cmpstr (at_string (job->json, "data.jobCreate.job.client.id"), ==, client);
  g_assert_cmpstr (at_string (job->json, "data.quoteCreate.quote.quoteNumber"), ==, "1");
  g_assert_cmpfloat_with_epsilon (json_node_get_double (at (job->json, "data.quoteCreate.quote."
                                                            "amounts.total")),
                                  90.0, 0.001);

  quote = graphql (fixture, STATIC_TOKEN,
                   "{ jobs(filter: {status: unscheduled}) { totalCount } quotes(filter: "
                   "{status: draft}) { nodes { client { name } } } }", NULL);
  assert_no_errors (quote);
  g_assert_cmpint (at_int (quote->json, "data.jobs.totalCount"), ==, 1);
  g_assert_cmpstr (at_string (quote->json, "data.quotes.nodes.0.client.name"), ==, "Frances");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/fc/sim/jobber/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("paging", test_paging);
  ADD ("updated-filter", test_updated_filter);
  ADD ("unknown-field", test_unknown_field);
  ADD ("query-language", test_query_language);
  ADD ("client-create", test_client_create);
  ADD ("client-edit-email", test_client_edit_email);
  ADD ("jobs-and-quotes", test_jobs_and_quotes);
  ADD ("cost-and-throttling", test_cost_and_throttling);
  ADD ("ddos-guard", test_ddos_guard);
  ADD ("http-errors", test_http_errors);
  ADD ("token-rotation", test_token_rotation);
  ADD ("disconnected", test_disconnected);
  ADD ("webhook-delivery", test_webhook_delivery);
  g_test_add_func ("/fc/sim/jobber/signature-vector", test_signature_vector);

  for (guint i = 0; i < G_N_ELEMENTS (invalid_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fc/sim/jobber/invalid/%u", i);

      g_test_add_data_func (path, &invalid_cases[i], test_invalid_request);
    }

#undef ADD

  return g_test_run ();
}
