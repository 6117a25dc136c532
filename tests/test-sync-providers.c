/* test-sync-providers.c: sync runs across providers on the simulator: HubSpot contacts <-> Jobber
 * clients, Pipedrive persons -> HubSpot contacts, HubSpot deals -> Jobber jobs and HubSpot
 * contacts <-> Salesforce Contacts, through the real engine, a real SQLite file and the
 * session's keyring
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <libsoup/soup.h>

#include "fc-engine.h"
#include "fc-sim.h"
#include "fc-sync-store.h"
#include "fc-test-people.h"
#include "fc-test-util.h"

#define HUBSPOT_TOKEN "pat-na1-providers-test-7c1e"
#define PIPEDRIVE_TOKEN "9d2e4f6a8b0c1d3e5f7a9b1c3d5e7f9a0b2c4d6e"

typedef struct {
  char               *provider;
  GBytes             *body;
  SoupMessageHeaders *headers;
} Delivery;

static void
delivery_free (Delivery *delivery)
{
  g_free (delivery->provider);
  g_bytes_unref (delivery->body);
  soup_message_headers_unref (delivery->headers);
  g_free (delivery);
}

typedef struct {
  FcSim         *sim;
  char          *data_dir;
  FcEngine      *engine;
  SoupSession   *browser;
  FcConnection  *hubspot;
  FcConnection  *pipedrive;
  FcConnection  *jobber;
  FcConnection  *salesforce;
  FcMapping     *mapping;     /* the engine's, of the test */
  SoupServer    *hooks;       /* receives the providers' webhooks at /PROVIDER */
  char          *hooks_url;   /* its base URL */
  GPtrArray     *deliveries;  /* (element-type Delivery) */
} Fixture;

/* ---- set-up ----------------------------------------------------------------------------- */

/* A connection through the engine: with @token, or else signed in with OAuth in the browser. */
static FcConnection *
add_connection (Fixture    *fixture,
                FcProvider  provider,
                const char *name,
                const char *token)
{
  FcConnection *added = fc_test_add_sim_connection (fixture->engine, fixture->sim,
                                                    fixture->browser, provider, name, token, 2);

  g_assert_cmpint (fc_connection_get_status (added), ==, FC_CONNECTION_STATUS_ACTIVE);
  return added;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;

  fixture->sim = fc_sim_new ();
  fc_sim_set_seed (fixture->sim, 23);
  g_assert_true (fc_sim_add_static_token (fixture->sim, "hubspot", HUBSPOT_TOKEN, &error));
  g_assert_true (fc_sim_add_static_token (fixture->sim, "pipedrive", PIPEDRIVE_TOKEN, &error));
  g_assert_no_error (error);
  g_assert_true (fc_sim_start_in_thread (fixture->sim, 0, &error));
  g_assert_no_error (error);
  fc_test_use_sim_client (fixture->sim, "jobber");
  fc_test_use_sim_client (fixture->sim, "salesforce");

  fixture->data_dir = g_dir_make_tmp ("fc-sync-providers-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->engine = fc_engine_new (fixture->data_dir, &error);
  g_assert_no_error (error);
  fixture->browser = soup_session_new ();
  fixture->deliveries = g_ptr_array_new_with_free_func ((GDestroyNotify) delivery_free);

  fixture->hubspot = add_connection (fixture, FC_PROVIDER_HUBSPOT, "hubspot", HUBSPOT_TOKEN);
  fixture->pipedrive = add_connection (fixture, FC_PROVIDER_PIPEDRIVE, "pipedrive",
                                       PIPEDRIVE_TOKEN);
  fixture->jobber = add_connection (fixture, FC_PROVIDER_JOBBER, "jobber", NULL);
  fixture->salesforce = add_connection (fixture, FC_PROVIDER_SALESFORCE, "salesforce", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_object (&fixture->mapping);
  g_clear_object (&fixture->hubspot);
  g_clear_object (&fixture->pipedrive);
  g_clear_object (&fixture->jobber);
  g_clear_object (&fixture->salesforce);
  g_assert_finalize_object (fixture->engine);
  fc_sim_stop (fixture->sim);
  g_clear_object (&fixture->sim);
  if (fixture->hooks != NULL)
    soup_server_disconnect (fixture->hooks);
  g_clear_object (&fixture->hooks);
  g_clear_object (&fixture->browser);
  fc_test_remove_tree (fixture->data_dir);
  g_free (fixture->data_dir);
  g_free (fixture->hooks_url);
  g_ptr_array_unref (fixture->deliveries);
}

/* ---- mappings --------------------------------------------------------------------------- */

typedef struct {
  const char *source;     /* fields, comma-separated */
  const char *target;
  const char *transform;
  gboolean    required;
} PairSpec;

static FcMapping *
save_mapping (Fixture            *fixture,
              const char         *name,
              FcConnection       *source,
              const char         *source_object,
              FcConnection       *target,
              const char         *target_object,
              FcDirection         direction,
              FcConflictStrategy  strategy,
              const PairSpec     *pairs)
{
  g_autoptr (FcMapping) mapping = fc_mapping_new ();
  g_autoptr (GError) error = NULL;

  fc_mapping_set_name (mapping, name);
  fc_mapping_set_source_connection_id (mapping, fc_connection_get_id (source));
  fc_mapping_set_source_object (mapping, source_object);
  fc_mapping_set_target_connection_id (mapping, fc_connection_get_id (target));
  fc_mapping_set_target_object (mapping, target_object);
  fc_mapping_set_direction (mapping, direction);
  fc_mapping_set_conflict_strategy (mapping, strategy);
  for (guint i = 0; pairs[i].source != NULL; i++)
    {
      g_auto (GStrv) sources = g_strsplit (pairs[i].source, ",", -1);
      g_auto (GStrv) targets = g_strsplit (pairs[i].target, ",", -1);
      g_autoptr (FcFieldPair) pair = fc_field_pair_new ((const char * const *) sources,
                                                        (const char * const *) targets);

      fc_field_pair_set_transform (pair, pairs[i].transform);
      fc_field_pair_set_required (pair, pairs[i].required);
      fc_mapping_add_field_pair (mapping, pair);
    }

  g_assert_true (fc_engine_save_mapping (fixture->engine, mapping, &error));
  g_assert_no_error (error);
  g_clear_object (&fixture->mapping);
  fixture->mapping = g_object_ref (fc_engine_lookup_mapping (fixture->engine,
                                                             fc_mapping_get_id (mapping)));
  return fixture->mapping;
}

static const PairSpec contact_client_pairs[] = {
  { "email", "email", NULL, TRUE },
  { "firstname", "firstName", NULL, FALSE },
  { "lastname", "lastName", NULL, FALSE },
  { "phone", "phone", "phone_e164(region=US)", FALSE },
  { "address", "billingAddress.street1", NULL, FALSE },
  { "city", "billingAddress.city", NULL, FALSE },
  { "state", "billingAddress.province", NULL, FALSE },
  { "zip", "billingAddress.postalCode", NULL, FALSE },
  { NULL }
};

static const PairSpec contact_salesforce_pairs[] = {
  { "email", "Email", NULL, TRUE },
  { "firstname", "FirstName", NULL, FALSE },
  { "lastname", "LastName", NULL, TRUE },
  { "phone", "Phone", "phone_e164(region=US)", FALSE },
  { "city", "MailingCity", NULL, FALSE },
  { NULL }
};

/* ---- the providers' side ---------------------------------------------------------------- */

/* A JSON object of string members from NULL-terminated name, value pairs (a NULL value is
 * left out). */
static JsonObject *
object_of_pairs (va_list args)
{
  JsonObject *object = json_object_new ();
  const char *name;

  while ((name = va_arg (args, const char *)) != NULL)
    {
      const char *value = va_arg (args, const char *);

      if (value != NULL)
        json_object_set_string_member (object, name, value);
    }
  return object;
}

static char *
object_to_string (JsonObject *object)
{
  g_autoptr (JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  return json_to_string (node, FALSE);
}

/* A HubSpot record of @object made in the UI, with properties given as name, value, ..., NULL. */
static char *
hs_create (Fixture    *fixture,
           const char *object,
           ...)
{
  g_autoptr (JsonObject) body = json_object_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *json = NULL;
  va_list args;
  char *id;

  va_start (args, object);
  json_object_set_object_member (body, "properties", object_of_pairs (args));
  va_end (args);
  json = object_to_string (body);
  id = fc_sim_create (fixture->sim, "hubspot", object, json, &error);
  g_assert_no_error (error);
  return id;
}

static void
hs_edit (Fixture    *fixture,
         const char *id,
         const char *property,
         const char *value)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *json = g_strdup_printf ("{\"properties\":{\"%s\":\"%s\"}}", property, value);

  g_assert_true (fc_sim_edit (fixture->sim, "hubspot", "contacts", id, json, &error));
  g_assert_no_error (error);
}

static JsonObject *
sim_record (Fixture    *fixture,
            const char *provider,
            const char *object,
            const char *id)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *json = fc_sim_get_record (fixture->sim, provider, object, id, &error);
  g_autoptr (JsonNode) node = NULL;

  g_assert_no_error (error);
  node = json_from_string (json, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

static char *
string_member (JsonObject *object,
               const char *member)
{
  JsonNode *value = object != NULL ? json_object_get_member (object, member) : NULL;

  return value != NULL && JSON_NODE_HOLDS_VALUE (value) ? g_strdup (json_node_get_string (value))
                                                        : NULL;
}

static char *
hs_value (Fixture    *fixture,
          const char *object,
          const char *id,
          const char *property)
{
  g_autoptr (JsonObject) record = sim_record (fixture, "hubspot", object, id);

  return string_member (json_object_get_object_member (record, "properties"), property);
}

/* A Jobber client made in Jobber's UI. */
static char *
jb_client (Fixture    *fixture,
           const char *first,
           const char *last,
           const char *email,
           const char *phone,
           const char *city)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *phones = phone != NULL
    ? g_strdup_printf (",\"phones\":[{\"description\":\"MAIN\",\"number\":\"%s\","
                       "\"primary\":true}]", phone)
    : g_strdup ("");
  g_autofree char *address = city != NULL
    ? g_strdup_printf (",\"billingAddress\":{\"street1\":\"1 Main St\",\"city\":\"%s\","
                       "\"province\":\"MA\",\"postalCode\":\"02110\"}", city)
    : g_strdup ("");
  g_autofree char *json = g_strdup_printf ("{\"firstName\":\"%s\",\"lastName\":\"%s\","
                                           "\"emails\":[{\"description\":\"MAIN\","
                                           "\"address\":\"%s\",\"primary\":true}]%s%s}",
                                           first, last, email, phones, address);
  char *id = fc_sim_create (fixture->sim, "jobber", "clients", json, &error);

  g_assert_no_error (error);
  return id;
}

static void
jb_edit (Fixture    *fixture,
         const char *id,
         const char *json)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (fc_sim_edit (fixture->sim, "jobber", "clients", id, json, &error));
  g_assert_no_error (error);
}

/* The primary (or first) entry of a Jobber client's "emails" or "phones". */
static JsonObject *
jb_primary (JsonObject *client,
            const char *list)
{
  JsonArray *items = json_object_get_array_member (client, list);
  JsonObject *first = NULL;

  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (first == NULL)
        first = item;
      if (json_object_get_boolean_member_with_default (item, "primary", FALSE))
        return item;
    }
  return first;
}

/* "phone", "email", "street1", "city" or "postalCode" (of the billing address), or a plain
 * member of a Jobber client. */
static char *
jb_value (Fixture    *fixture,
          const char *id,
          const char *field)
{
  g_autoptr (JsonObject) client = sim_record (fixture, "jobber", "clients", id);

  if (g_str_equal (field, "phone"))
    return string_member (jb_primary (client, "phones"), "number");
  if (g_str_equal (field, "email"))
    return string_member (jb_primary (client, "emails"), "address");
  if (g_str_equal (field, "city") || g_str_equal (field, "postalCode")
      || g_str_equal (field, "street1"))
    return string_member (json_object_get_object_member (client, "billingAddress"), field);
  return string_member (client, field);
}

static void
jb_edit_phone (Fixture    *fixture,
               const char *id,
               const char *number)
{
  g_autoptr (JsonObject) client = sim_record (fixture, "jobber", "clients", id);
  g_autofree char *phone_id = string_member (jb_primary (client, "phones"), "id");
  g_autofree char *json = g_strdup_printf ("{\"phonesToEdit\":[{\"id\":\"%s\",\"number\":\"%s\"}]}",
                                           phone_id, number);

  g_assert_nonnull (phone_id);
  jb_edit (fixture, id, json);
}

static char *
sf_contact (Fixture    *fixture,
            const char *first,
            const char *last,
            const char *email,
            const char *phone)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *phone_member = phone != NULL ? g_strdup_printf (",\"Phone\":\"%s\"", phone)
                                                : g_strdup ("");
  g_autofree char *json = g_strdup_printf ("{\"FirstName\":\"%s\",\"LastName\":\"%s\","
                                           "\"Email\":\"%s\"%s}", first, last, email,
                                           phone_member);
  char *id = fc_sim_create (fixture->sim, "salesforce", "Contact", json, &error);

  g_assert_no_error (error);
  return id;
}

static char *
sf_value (Fixture    *fixture,
          const char *id,
          const char *field)
{
  g_autoptr (JsonObject) record = sim_record (fixture, "salesforce", "Contact", id);

  return string_member (record, field);
}

/* Records of @provider's @object whose JSON text holds @needle, ignoring case (so that an
 * email counts wherever the provider keeps it). */
static guint
count_with (Fixture    *fixture,
            const char *provider,
            const char *object,
            const char *needle)
{
  g_autofree char *path = g_strdup_printf ("/records/%s/%s", provider, object);
  g_autofree char *json = fc_sim_control (fixture->sim, "GET", path, NULL, NULL);
  g_autoptr (JsonNode) node = json_from_string (json, NULL);
  JsonArray *records = json_object_get_array_member (json_node_get_object (node), "records");
  g_autofree char *lower_needle = g_ascii_strdown (needle, -1);
  guint count = 0;

  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      g_autoptr (JsonNode) record = json_node_copy (json_array_get_element (records, i));
      g_autofree char *text = json_to_string (record, FALSE);
      g_autofree char *lower = g_ascii_strdown (text, -1);

      if (strstr (lower, lower_needle) != NULL)
        count++;
    }
  return count;
}

static guint
count_records (Fixture    *fixture,
               const char *provider,
               const char *object)
{
  return fc_sim_count_records (fixture->sim, provider, object, FALSE);
}

/* ---- the engine's side ------------------------------------------------------------------ */

static FcSyncResult *
sync_full (Fixture       *fixture,
           FcSyncTrigger  trigger,
           gboolean       full_rescan)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  FcSyncOptions options = { trigger, FALSE, full_rescan };
  FcSyncResult *sync_result;

  fc_engine_sync_async (fixture->engine, fixture->mapping, &options, NULL, NULL, NULL,
                        fc_test_on_ready_cb, &result);
  sync_result = fc_engine_sync_finish (fixture->engine, fc_test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (sync_result);
  {
    g_autoptr (JsonNode) json = fc_sync_result_to_json (sync_result);
    g_autofree char *text = json_to_string (json, FALSE);

    g_test_message ("run: %s", text);
  }
  return sync_result;
}

static FcSyncResult *
sync_with (Fixture       *fixture,
           FcSyncTrigger  trigger)
{
  return sync_full (fixture, trigger, FALSE);
}

/* A run that completes. */
static FcSyncResult *
sync_ok (Fixture *fixture)
{
  FcSyncResult *result = sync_with (fixture, FC_SYNC_TRIGGER_MANUAL);

  g_assert_cmpint (fc_sync_result_get_status (result), ==, FC_SYNC_STATUS_COMPLETED);
  g_assert_cmpuint (fc_sync_result_get_counts (result)->failed, ==, 0);
  return result;
}

/* A run with no new edits: nothing planned, nothing written at any provider (a conflict still
 * open in the queue is counted again, not written). */
static void
assert_quiet_run (Fixture *fixture)
{
  g_autoptr (FcSyncResult) result = NULL;
  guint before = fc_sim_count_writes (fixture->sim);

  result = sync_ok (fixture);
  g_assert_cmpuint (fc_sync_result_get_counts (result)->created, ==, 0);
  g_assert_cmpuint (fc_sync_result_get_counts (result)->updated, ==, 0);
  g_assert_cmpuint (fc_sim_count_writes (fixture->sim), ==, before);
}

static char *
linked (Fixture    *fixture,
        FcSyncSide  side,
        const char *id)
{
  g_autoptr (GError) error = NULL;
  char *other = NULL;

  fc_sync_store_find_link (fc_engine_get_store (fixture->engine),
                           fc_mapping_get_id (fixture->mapping), side, id, NULL, &other, &error);
  g_assert_no_error (error);
  return other;
}

static guint
count_links (Fixture *fixture)
{
  return fc_sync_store_count_links (fc_engine_get_store (fixture->engine),
                                    fc_mapping_get_id (fixture->mapping), NULL);
}

/* Ends the access token @connection has now at the provider, as its expiry would. */
static void
expire_access_token (Fixture      *fixture,
                     FcConnection *connection)
{
  FcAuth *auth = fc_engine_get_auth (fixture->engine);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (FcToken) token = NULL;
  g_autoptr (GError) error = NULL;

  fc_auth_get_token_async (auth, connection, FALSE, NULL, fc_test_on_ready_cb, &result);
  token = fc_auth_get_token_finish (auth, fc_test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_true (fc_sim_expire_token (fixture->sim, fc_token_get_access_token (token)));
}

/* ---- webhooks --------------------------------------------------------------------------- */

static void
on_hook_cb (SoupServer        *server,
            SoupServerMessage *message,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  Fixture *fixture = user_data;
  SoupMessageBody *body = soup_server_message_get_request_body (message);
  Delivery *delivery = g_new0 (Delivery, 1);

  delivery->provider = g_strdup (path + 1);
  delivery->body = soup_message_body_flatten (body);
  delivery->headers = soup_message_headers_ref (soup_server_message_get_request_headers (message));
  g_ptr_array_add (fixture->deliveries, delivery);
  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
}

/* The provider's webhooks (signed with its client secret) go to the fixture's listener. */
static void
listen_to (Fixture    *fixture,
           const char *provider)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *url = NULL;
  const guint delays[] = { 20 };

  if (fixture->hooks == NULL)
    {
      g_autoslist (GUri) uris = NULL;

      fixture->hooks = soup_server_new (NULL, NULL);
      soup_server_add_handler (fixture->hooks, NULL, on_hook_cb, fixture, NULL);
      g_assert_true (soup_server_listen_local (fixture->hooks, 0, SOUP_SERVER_LISTEN_IPV4_ONLY,
                                               &error));
      g_assert_no_error (error);
      uris = soup_server_get_uris (fixture->hooks);
      fixture->hooks_url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
    }
  url = g_strdup_printf ("%s/%s", fixture->hooks_url, provider);
  g_assert_true (fc_sim_set_webhook_target (fixture->sim, provider, url, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (fc_sim_set_webhook_retries (fixture->sim, provider, 2, delays, 1, &error));
  g_assert_no_error (error);
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Waits (at most 5 s) for an event of @kind about @record_id that @connection's connector
 * verifies and reads. */
static gboolean
wait_for_hook (Fixture            *fixture,
               FcConnection       *connection,
               const char         *provider,
               FcWebhookEventKind  kind,
               const char         *record_id)
{
  g_autoptr (GError) error = NULL;
  FcConnector *connector = fc_engine_get_connector (fixture->engine, connection, &error);
  g_autofree char *url = g_strdup_printf ("%s/%s", fixture->hooks_url, provider);
  gboolean timed_out = FALSE;
  guint seen = 0;
  guint timeout = g_timeout_add (5000 * fc_test_timeout_multiplier (), on_timeout_cb,
                                 &timed_out);

  g_assert_no_error (error);
  while (!timed_out)
    {
      for (; seen < fixture->deliveries->len; seen++)
        {
          Delivery *delivery = g_ptr_array_index (fixture->deliveries, seen);
          g_autoptr (GPtrArray) events = NULL;

          if (!g_str_equal (delivery->provider, provider))
            continue;
          events = fc_connector_parse_webhook (connector, "POST", url, delivery->headers,
                                               delivery->body,
                                               fc_sim_get_client_secret (fixture->sim, provider),
                                               &error);
          g_assert_no_error (error);
          for (guint i = 0; i < events->len; i++)
            {
              FcWebhookEvent *event = g_ptr_array_index (events, i);

              if (fc_webhook_event_get_kind (event) == kind
                  && g_strcmp0 (fc_webhook_event_get_record_id (event), record_id) == 0)
                {
                  g_source_remove (timeout);
                  return TRUE;
                }
            }
        }
      g_main_context_iteration (NULL, TRUE);
    }
  return FALSE;
}

/* ---- 1. HubSpot contacts <-> Jobber clients --------------------------------------------- */

typedef struct {
  char *ada_hs;
  char *grace_hs;
  char *ada_jb;
  char *linus_jb;
} People;

static void
people_clear (People *people)
{
  g_free (people->ada_hs);
  g_free (people->grace_hs);
  g_free (people->ada_jb);
  g_free (people->linus_jb);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (People, people_clear)

/* Ada on both sides (no phone in Jobber yet; except under the manual strategy, her email in
 * another case there, which matches but is a difference the first run settles by the
 * strategy), Grace in HubSpot only, Linus in Jobber only; then the mapping. */
static void
seed_contacts_and_clients (Fixture            *fixture,
                           People             *people,
                           FcConflictStrategy  strategy)
{
  people->ada_hs = hs_create (fixture, "contacts", "email", "ada@example.com",
                              "firstname", "Ada", "lastname", "Lovelace",
                              "phone", "(415) 555-2671", "city", "Boston", NULL);
  people->grace_hs = hs_create (fixture, "contacts", "email", "grace@example.com",
                                "firstname", "Grace", "lastname", "Hopper", NULL);
  people->ada_jb = jb_client (fixture, "Ada", "Lovelace",
                              strategy == FC_CONFLICT_STRATEGY_MANUAL ? "ada@example.com"
                                                                      : "Ada@Example.com",
                              NULL, "Boston");
  people->linus_jb = jb_client (fixture, "Linus", "Torvalds", "linus@example.com",
                                "+14155550100", "Portland");
  save_mapping (fixture, "Contacts and clients", fixture->hubspot, "contacts", fixture->jobber,
                "clients", FC_DIRECTION_BIDIRECTIONAL, strategy, contact_client_pairs);
}

static void
test_jobber_initial (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_auto (People) people = { 0 };
  g_autoptr (FcSyncResult) result = NULL;
  g_autoptr (FcSyncResult) echo = NULL;
  g_autoptr (FcSyncResult) rescan = NULL;
  g_autoptr (FcSyncResult) skipped = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *company = NULL;
  g_autofree char *hs_email = NULL;
  g_autofree char *jb_email = NULL;
  g_autofree char *ada_target = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *grace_jb = NULL;
  g_autofree char *grace_first = NULL;
  g_autofree char *linus_hs = NULL;
  g_autofree char *linus_city = NULL;
  guint writes;

  seed_contacts_and_clients (fixture, &people, FC_CONFLICT_STRATEGY_NEWEST_WINS);
  listen_to (fixture, "jobber");
  listen_to (fixture, "hubspot");
  fc_sim_reset_counters (fixture->sim);

  result = sync_ok (fixture);
  g_assert_cmpuint (fc_sync_result_get_counts (result)->fetched, ==, 4);
  g_assert_cmpuint (fc_sync_result_get_counts (result)->created, ==, 2);
  g_assert_cmpuint (count_links (fixture), ==, 3);

  /* Ada matched by email (in another case), not duplicated; her phone reached Jobber in
   * E.164. */
  ada_target = linked (fixture, FC_SYNC_SIDE_SOURCE, people.ada_hs);
  g_assert_cmpstr (ada_target, ==, people.ada_jb);
  phone = jb_value (fixture, people.ada_jb, "phone");
  g_assert_cmpstr (phone, ==, "+14155552671");
  /* Her email differed in case only: a conflict the strategy settled, alike on both sides. */
  g_assert_cmpuint (fc_sync_result_get_counts (result)->conflicts, ==, 1);
  hs_email = hs_value (fixture, "contacts", people.ada_hs, "email");
  jb_email = jb_value (fixture, people.ada_jb, "email");
  g_assert_cmpstr (hs_email, ==, jb_email);
  g_assert_cmpuint (count_with (fixture, "jobber", "clients", "ada@example.com"), ==, 1);
  g_assert_cmpuint (count_with (fixture, "hubspot", "contacts", "ada@example.com"), ==, 1);

  /* Grace created in Jobber, Linus in HubSpot, once each, with their fields. */
  g_assert_cmpuint (count_records (fixture, "jobber", "clients"), ==, 3);
  g_assert_cmpuint (count_records (fixture, "hubspot", "contacts"), ==, 3);
  grace_jb = linked (fixture, FC_SYNC_SIDE_SOURCE, people.grace_hs);
  g_assert_nonnull (grace_jb);
  grace_first = jb_value (fixture, grace_jb, "firstName");
  g_assert_cmpstr (grace_first, ==, "Grace");
  linus_hs = linked (fixture, FC_SYNC_SIDE_TARGET, people.linus_jb);
  g_assert_nonnull (linus_hs);
  linus_city = hs_value (fixture, "contacts", linus_hs, "city");
  g_assert_cmpstr (linus_city, ==, "Portland");

  /* Our writes come back as the providers' webhooks (to Ada's client in Jobber, Linus made in
   * HubSpot), and then as a poll: neither is a change. */
  g_assert_true (wait_for_hook (fixture, fixture->jobber, "jobber", FC_WEBHOOK_EVENT_UPDATE,
                                people.ada_jb));
  g_assert_true (wait_for_hook (fixture, fixture->hubspot, "hubspot", FC_WEBHOOK_EVENT_CREATE,
                                linus_hs));
  writes = fc_sim_count_writes (fixture->sim);
  echo = sync_with (fixture, FC_SYNC_TRIGGER_WEBHOOK);
  g_assert_cmpint (fc_sync_result_get_status (echo), ==, FC_SYNC_STATUS_COMPLETED);
  g_assert_cmpuint (fc_sync_result_get_counts (echo)->updated, ==, 0);
  g_assert_cmpuint (fc_sync_result_get_counts (echo)->created, ==, 0);
  g_assert_cmpuint (fc_sim_count_writes (fixture->sim), ==, writes);
  assert_quiet_run (fixture);

  /* "Resync everything" reads every record again and still writes nothing. */
  rescan = sync_full (fixture, FC_SYNC_TRIGGER_MANUAL, TRUE);
  g_assert_cmpint (fc_sync_result_get_status (rescan), ==, FC_SYNC_STATUS_COMPLETED);
  g_assert_cmpuint (fc_sync_result_get_counts (rescan)->fetched, >=, 6);
  g_assert_cmpuint (fc_sync_result_get_counts (rescan)->created, ==, 0);
  g_assert_cmpuint (fc_sync_result_get_counts (rescan)->updated, ==, 0);
  g_assert_cmpuint (fc_sim_count_writes (fixture->sim), ==, writes);

  /* A Jobber company with no email cannot be matched or made in HubSpot: skipped. */
  company = fc_sim_create (fixture->sim, "jobber", "clients",
                           "{\"companyName\":\"Acme Roofing\",\"isCompany\":true}", &error);
  g_assert_no_error (error);
  skipped = sync_ok (fixture);
  g_assert_cmpuint (fc_sync_result_get_counts (skipped)->skipped, ==, 1);
  g_assert_cmpuint (fc_sync_result_get_counts (skipped)->created, ==, 0);
  g_assert_null (linked (fixture, FC_SYNC_SIDE_TARGET, company));
  g_assert_cmpuint (fc_sim_count_writes (fixture->sim), ==, writes);
  g_assert_cmpuint (count_records (fixture, "jobber", "clients"), ==, 4);
  g_assert_cmpuint (count_records (fixture, "hubspot", "contacts"), ==, 3);
}

static void
test_jobber_edits (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_auto (People) people = { 0 };
  g_autoptr (FcSyncResult) first = NULL;
  g_autoptr (FcSyncResult) phone_run = NULL;
  g_autoptr (FcSyncResult) city_run = NULL;
  g_autoptr (FcSyncResult) both_run = NULL;
  g_autoptr (FcSyncResult) key_run = NULL;
  g_autoptr (FcSyncResult) same_run = NULL;
  g_autoptr (FcSyncResult) clear_run = NULL;
  guint writes;
  g_autofree char *grace_jb = NULL;
  g_autofree char *email = NULL;
  g_autofree char *linus_hs = NULL;
  g_autofree char *linus_phone = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *city = NULL;
  g_autofree char *zip = NULL;
  g_autofree char *last = NULL;
  g_autofree char *jb_last = NULL;
  g_autofree char *hs_city = NULL;

  seed_contacts_and_clients (fixture, &people, FC_CONFLICT_STRATEGY_NEWEST_WINS);
  first = sync_ok (fixture);
  assert_quiet_run (fixture);

  /* The phone edited in HubSpot reaches Jobber. */
  hs_edit (fixture, people.ada_hs, "phone", "617-555-0132");
  phone_run = sync_ok (fixture);
  g_assert_cmpuint (fc_sync_result_get_counts (phone_run)->updated, ==, 1);
  phone = jb_value (fixture, people.ada_jb, "phone");
  g_assert_cmpstr (phone, ==, "+16175550132");
  assert_quiet_run (fixture);

  /* The address edited in Jobber reaches HubSpot. */
  jb_edit (fixture, people.ada_jb,
           "{\"billingAddress\":{\"city\":\"Cambridge\",\"postalCode\":\"02139\"}}");
  city_run = sync_ok (fixture);
  g_assert_cmpuint (fc_sync_result_get_counts (city_run)->updated, ==, 1);
  city = hs_value (fixture, "contacts", people.ada_hs, "city");
  zip = hs_value (fixture, "contacts", people.ada_hs, "zip");
  g_assert_cmpstr (city, ==, "Cambridge");
  g_assert_cmpstr (zip, ==, "02139");
  assert_quiet_run (fixture);

  /* The match key itself: an email edited in HubSpot replaces Jobber's (the link holds), and
   * Linus's phone edited in Jobber reaches HubSpot in E.164. */
  hs_edit (fixture, people.grace_hs, "email", "grace.hopper@example.com");
  jb_edit_phone (fixture, people.linus_jb, "(503) 555-0111");
  key_run = sync_ok (fixture);
  g_assert_cmpuint (fc_sync_result_get_counts (key_run)->updated, ==, 2);
  g_assert_cmpuint (fc_sync_result_get_counts (key_run)->created, ==, 0);
  grace_jb = linked (fixture, FC_SYNC_SIDE_SOURCE, people.grace_hs);
  email = jb_value (fixture, grace_jb, "email");
  g_assert_cmpstr (email, ==, "grace.hopper@example.com");
  g_assert_cmpuint (count_with (fixture, "jobber", "clients", "grace@example.com"), ==, 0);
  linus_hs = linked (fixture, FC_SYNC_SIDE_TARGET, people.linus_jb);
  linus_phone = hs_value (fixture, "contacts", linus_hs, "phone");
  g_assert_cmpstr (linus_phone, ==, "+15035550111");
  g_assert_cmpuint (count_records (fixture, "jobber", "clients"), ==, 3);
  g_assert_cmpuint (count_records (fixture, "hubspot", "contacts"), ==, 3);
  assert_quiet_run (fixture);

  /* Both edit different fields: both survive. */
  hs_edit (fixture, people.ada_hs, "lastname", "King");
  fc_sim_advance_clock (fixture->sim, 3000);
  jb_edit (fixture, people.ada_jb, "{\"billingAddress\":{\"city\":\"Somerville\"}}");
  both_run = sync_ok (fixture);
  g_assert_cmpuint (fc_sync_result_get_counts (both_run)->conflicts, ==, 0);
  last = hs_value (fixture, "contacts", people.ada_hs, "lastname");
  jb_last = jb_value (fixture, people.ada_jb, "lastName");
  hs_city = hs_value (fixture, "contacts", people.ada_hs, "city");
  g_assert_cmpstr (last, ==, "King");
  g_assert_cmpstr (jb_last, ==, "King");
  g_assert_cmpstr (hs_city, ==, "Somerville");
  assert_quiet_run (fixture);

  /* Both change the phone to the same number, each in its own spelling: no conflict, and
   * nothing to write but the base. */
  hs_edit (fixture, people.ada_hs, "phone", "(617) 555-0177");
  fc_sim_advance_clock (fixture->sim, 2000);
  jb_edit_phone (fixture, people.ada_jb, "+1 617 555 0177");
  writes = fc_sim_count_writes (fixture->sim);
  same_run = sync_ok (fixture);
  g_assert_cmpuint (fc_sync_result_get_counts (same_run)->conflicts, ==, 0);
  g_assert_cmpuint (fc_sync_result_get_counts (same_run)->updated, ==, 0);
  g_assert_cmpuint (fc_sim_count_writes (fixture->sim), ==, writes);
  assert_quiet_run (fixture);

  /* A value emptied in HubSpot does not erase Jobber's, and nothing goes back and forth. */
  hs_edit (fixture, people.ada_hs, "zip", "");
  clear_run = sync_ok (fixture);
  g_assert_cmpuint (fc_sync_result_get_counts (clear_run)->failed, ==, 0);
  g_clear_pointer (&zip, g_free);
  zip = jb_value (fixture, people.ada_jb, "postalCode");
  g_assert_cmpstr (zip, ==, "02139");
  assert_quiet_run (fixture);
  assert_quiet_run (fixture);
}

/* Both change Ada's phone, Jobber 5 s later; the strategy decides. */
static void
test_jobber_conflict (Fixture       *fixture,
                      gconstpointer  user_data)
{
  FcConflictStrategy strategy = GPOINTER_TO_INT (user_data);
  g_auto (People) people = { 0 };
  g_autoptr (FcSyncResult) first = NULL;
  g_autoptr (FcSyncResult) result = NULL;
  g_autoptr (FcSyncResult) resolved = NULL;
  g_autoptr (FcSyncResult) newer = NULL;
  g_autoptr (JsonArray) open = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *hs_phone = NULL;
  g_autofree char *jb_phone = NULL;
  g_autofree char *jb_last = NULL;

  seed_contacts_and_clients (fixture, &people, strategy);
  first = sync_ok (fixture);

  hs_edit (fixture, people.ada_hs, "phone", "(617) 555-0101");
  hs_edit (fixture, people.ada_hs, "lastname", "Byron");
  fc_sim_advance_clock (fixture->sim, 5000);
  jb_edit_phone (fixture, people.ada_jb, "+16175550199");

  result = sync_ok (fixture);
  g_assert_cmpuint (fc_sync_result_get_counts (result)->conflicts, ==, 1);
  hs_phone = hs_value (fixture, "contacts", people.ada_hs, "phone");
  jb_phone = jb_value (fixture, people.ada_jb, "phone");
  /* The other field still syncs, whatever the strategy. */
  jb_last = jb_value (fixture, people.ada_jb, "lastName");
  g_assert_cmpstr (jb_last, ==, "Byron");

  switch (strategy)
    {
    case FC_CONFLICT_STRATEGY_NEWEST_WINS:
    case FC_CONFLICT_STRATEGY_TARGET_WINS:
      g_assert_cmpstr (hs_phone, ==, "+16175550199");
      g_assert_cmpstr (jb_phone, ==, "+16175550199");
      break;
    case FC_CONFLICT_STRATEGY_SOURCE_WINS:
      g_assert_cmpstr (hs_phone, ==, "(617) 555-0101");
      g_assert_cmpstr (jb_phone, ==, "+16175550101");
      break;
    case FC_CONFLICT_STRATEGY_MANUAL:
    default:
      g_assert_cmpstr (hs_phone, ==, "(617) 555-0101");
      g_assert_cmpstr (jb_phone, ==, "+16175550199");
      open = fc_sync_store_list_conflicts (fc_engine_get_store (fixture->engine), NULL, TRUE,
                                           &error);
      g_assert_no_error (error);
      g_assert_cmpuint (json_array_get_length (open), ==, 1);
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (open, 0),
                                                      "sourceRecordId"), ==, people.ada_hs);
      assert_quiet_run (fixture);
      g_clear_pointer (&open, json_array_unref);
      open = fc_sync_store_list_conflicts (fc_engine_get_store (fixture->engine), NULL, TRUE,
                                           &error);
      g_assert_cmpuint (json_array_get_length (open), ==, 1);
      g_assert_true (fc_engine_resolve_conflict (fixture->engine,
                                                 json_object_get_int_member (
                                                   json_array_get_object_element (open, 0),
                                                   "id"),
                                                 FC_SYNC_TAKE_SOURCE, NULL, &error));
      g_assert_no_error (error);
      resolved = sync_ok (fixture);
      g_assert_cmpuint (fc_sync_result_get_counts (resolved)->updated, >=, 1);
      g_clear_pointer (&jb_phone, g_free);
      jb_phone = jb_value (fixture, people.ada_jb, "phone");
      g_assert_cmpstr (jb_phone, ==, "+16175550101");
      break;
    }
  assert_quiet_run (fixture);

  if (strategy != FC_CONFLICT_STRATEGY_NEWEST_WINS)
    return;

  /* And the other way round: HubSpot's change is the newer one. */
  fc_sim_advance_clock (fixture->sim, 2000);
  jb_edit_phone (fixture, people.ada_jb, "+16175550123");
  fc_sim_advance_clock (fixture->sim, 5000);
  hs_edit (fixture, people.ada_hs, "phone", "(617) 555-0145");
  newer = sync_ok (fixture);
  g_assert_cmpuint (fc_sync_result_get_counts (newer)->conflicts, ==, 1);
  g_clear_pointer (&jb_phone, g_free);
  jb_phone = jb_value (fixture, people.ada_jb, "phone");
  g_assert_cmpstr (jb_phone, ==, "+16175550145");
  assert_quiet_run (fixture);
}

/* More records than one page on each side (Jobber and HubSpot list 100 at a time, and HubSpot
 * writes in batches of 100), with matches spread over the pages: every person ends on both
 * sides exactly once, and a second run writes nothing. */
static void
test_jobber_pages (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (FcSyncResult) first = NULL;

  /* 160 creates and pages of 100 clients (about 3,000 points each) would drain Jobber's
   * default query-cost bucket of 10,000 points, refilled at 500 a second, and the connector
   * would rightly wait some 20 s: this test is about pages and batches, so the account gets a
   * bucket ten times larger. */
  g_assert_true (fc_sim_set_rate_limits (fixture->sim, "jobber",
                                         "{\"maximum_available\":100000,\"restore_rate\":5000,"
                                         "\"reset_bucket\":true}", &error));
  g_assert_no_error (error);

  /* HubSpot has people 0 to 149, Jobber 90 to 219: 60 on both sides. */
  for (guint i = 0; i < 220; i++)
    {
      g_autofree char *json = NULL;
      g_autofree char *id = NULL;

      if (i < 150)
        {
          json = g_strdup_printf ("{\"properties\":{\"email\":\"p%03u@example.com\","
                                  "\"firstname\":\"Person\",\"lastname\":\"No%u\"}}", i, i);
          id = fc_sim_seed (fixture->sim, "hubspot", "contacts", json, &error);
          g_assert_no_error (error);
          g_clear_pointer (&json, g_free);
          g_clear_pointer (&id, g_free);
        }
      if (i >= 90)
        {
          json = g_strdup_printf ("{\"firstName\":\"Person\",\"lastName\":\"No%u\","
                                  "\"emails\":[{\"description\":\"MAIN\","
                                  "\"address\":\"P%03u@example.com\",\"primary\":true}]}",
                                  i, i);
          id = fc_sim_seed (fixture->sim, "jobber", "clients", json, &error);
          g_assert_no_error (error);
        }
    }
  save_mapping (fixture, "Contacts and clients", fixture->hubspot, "contacts", fixture->jobber,
                "clients", FC_DIRECTION_BIDIRECTIONAL, FC_CONFLICT_STRATEGY_SOURCE_WINS,
                contact_client_pairs);

  first = sync_ok (fixture);
  g_assert_cmpuint (fc_sync_result_get_counts (first)->fetched, ==, 280);
  g_assert_cmpuint (fc_sync_result_get_counts (first)->created, ==, 90 + 70);
  g_assert_cmpuint (fc_sync_result_get_counts (first)->parked, ==, 0);
  g_assert_cmpuint (count_links (fixture), ==, 220);
  g_assert_cmpuint (count_records (fixture, "hubspot", "contacts"), ==, 220);
  g_assert_cmpuint (count_records (fixture, "jobber", "clients"), ==, 220);
  g_assert_cmpuint (count_with (fixture, "jobber", "clients", "p120@example.com"), ==, 1);
  g_assert_cmpuint (count_with (fixture, "hubspot", "contacts", "p120@example.com"), ==, 1);
  assert_quiet_run (fixture);
}

/* Pairs that go one way inside the two-way mapping: the street belongs to Jobber (target
 * only), the first name to HubSpot (source only). An edit against the pair's direction stays
 * where it was made, is not overwritten while the other side is unchanged, and causes no
 * writes. */
static void
test_jobber_field_directions (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_auto (People) people = { 0 };
  g_autoptr (FcSyncResult) first = NULL;
  g_autoptr (FcSyncResult) flows = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (FcMapping) copy = NULL;
  g_autofree char *street = NULL;
  g_autofree char *first_name = NULL;
  guint writes;

  seed_contacts_and_clients (fixture, &people, FC_CONFLICT_STRATEGY_NEWEST_WINS);
  copy = fc_mapping_copy (fixture->mapping);
  for (guint i = 0; i < fc_mapping_get_n_field_pairs (copy); i++)
    {
      FcFieldPair *pair = fc_mapping_get_field_pair (copy, i);
      const char *field = fc_field_pair_get_source_fields (pair)[0];

      if (g_str_equal (field, "address"))
        fc_field_pair_set_direction (pair, FC_FIELD_DIRECTION_TARGET_ONLY);
      else if (g_str_equal (field, "firstname"))
        fc_field_pair_set_direction (pair, FC_FIELD_DIRECTION_SOURCE_ONLY);
    }
  g_assert_true (fc_engine_save_mapping (fixture->engine, copy, &error));
  g_assert_no_error (error);
  g_clear_object (&fixture->mapping);
  fixture->mapping = g_object_ref (fc_engine_lookup_mapping (fixture->engine,
                                                             fc_mapping_get_id (copy)));
  first = sync_ok (fixture);
  assert_quiet_run (fixture);

  /* Against the pairs' directions: nothing is written anywhere. */
  hs_edit (fixture, people.ada_hs, "address", "99 Wrong Way");
  jb_edit (fixture, people.ada_jb, "{\"firstName\":\"Augusta\"}");
  writes = fc_sim_count_writes (fixture->sim);
  assert_quiet_run (fixture);
  g_assert_cmpuint (fc_sim_count_writes (fixture->sim), ==, writes);
  first_name = hs_value (fixture, "contacts", people.ada_hs, "firstname");
  g_assert_cmpstr (first_name, ==, "Ada");
  street = jb_value (fixture, people.ada_jb, "street1");
  g_assert_cmpstr (street, ==, "1 Main St");

  /* With them: Jobber's street reaches HubSpot, HubSpot's first name reaches Jobber. */
  fc_sim_advance_clock (fixture->sim, 2000);
  jb_edit (fixture, people.ada_jb, "{\"billingAddress\":{\"street1\":\"2 Elm St\"}}");
  hs_edit (fixture, people.ada_hs, "firstname", "Ada Augusta");
  flows = sync_ok (fixture);
  g_assert_cmpuint (fc_sync_result_get_counts (flows)->updated, ==, 2);
  g_assert_cmpuint (fc_sync_result_get_counts (flows)->conflicts, ==, 0);
  g_clear_pointer (&street, g_free);
  street = hs_value (fixture, "contacts", people.ada_hs, "address");
  g_assert_cmpstr (street, ==, "2 Elm St");
  g_clear_pointer (&first_name, g_free);
  first_name = jb_value (fixture, people.ada_jb, "firstName");
  g_assert_cmpstr (first_name, ==, "Ada Augusta");
  assert_quiet_run (fixture);
}

/* Writes a provider refuses: a Jobber client whose email HubSpot does not accept fails alone
 * (the good record of the same batch is written), the run is partial, the log keeps HubSpot's
 * error, and the record is tried again until it is fixed. Then a Jobber account whose
 * query-cost bucket is empty: the connector waits for it instead of failing the run. */
static void
test_jobber_failures (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_auto (People) people = { 0 };
  g_autoptr (FcSyncResult) first = NULL;
  g_autoptr (FcSyncResult) partial = NULL;
  g_autoptr (FcSyncResult) again = NULL;
  g_autoptr (FcSyncResult) fixed = NULL;
  g_autoptr (FcSyncResult) throttled = NULL;
  g_autoptr (JsonArray) events = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *bad_jb = NULL;
  g_autofree char *good_jb = NULL;
  g_autofree char *good_hs = NULL;
  g_autofree char *bad_hs = NULL;
  g_autofree char *phone = NULL;
  gboolean logged = FALSE;

  seed_contacts_and_clients (fixture, &people, FC_CONFLICT_STRATEGY_NEWEST_WINS);
  first = sync_ok (fixture);

  bad_jb = jb_client (fixture, "Mary", "Jackson", "mary@.example.com", NULL, NULL);
  good_jb = jb_client (fixture, "Dorothy", "Vaughan", "dorothy@example.com", NULL, NULL);
  partial = sync_with (fixture, FC_SYNC_TRIGGER_MANUAL);
  g_assert_cmpint (fc_sync_result_get_status (partial), ==, FC_SYNC_STATUS_PARTIAL);
  g_assert_cmpuint (fc_sync_result_get_counts (partial)->failed, ==, 1);
  g_assert_cmpuint (fc_sync_result_get_counts (partial)->created, ==, 1);
  good_hs = linked (fixture, FC_SYNC_SIDE_TARGET, good_jb);
  g_assert_nonnull (good_hs);
  g_assert_null (linked (fixture, FC_SYNC_SIDE_TARGET, bad_jb));
  g_assert_cmpuint (count_with (fixture, "hubspot", "contacts", "dorothy@example.com"), ==, 1);

  events = fc_sync_store_list_events (fc_engine_get_store (fixture->engine),
                                      fc_sync_result_get_run_id (partial), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);
      g_autoptr (JsonNode) node = json_node_init_object (json_node_alloc (), event);
      g_autofree char *text = json_to_string (node, FALSE);

      if (g_str_equal (json_object_get_string_member (event, "kind"), "record.error")
          && strstr (text, "mary@.example.com") != NULL && strstr (text, "INVALID_EMAIL") != NULL)
        {
          g_test_message ("%s", text);
          logged = TRUE;
        }
    }
  g_assert_true (logged);

  /* Tried again, failing again; nothing else written, no duplicate of Dorothy. */
  again = sync_with (fixture, FC_SYNC_TRIGGER_MANUAL);
  g_assert_cmpint (fc_sync_result_get_status (again), ==, FC_SYNC_STATUS_PARTIAL);
  g_assert_cmpuint (fc_sync_result_get_counts (again)->failed, ==, 1);
  g_assert_cmpuint (fc_sync_result_get_counts (again)->created, ==, 0);
  g_assert_cmpuint (count_with (fixture, "hubspot", "contacts", "dorothy@example.com"), ==, 1);

  /* Fixed in Jobber: the next run creates her. */
  {
    g_autoptr (JsonObject) client = sim_record (fixture, "jobber", "clients", bad_jb);
    g_autofree char *email_id = string_member (jb_primary (client, "emails"), "id");
    g_autofree char *json = g_strdup_printf ("{\"emailsToEdit\":[{\"id\":\"%s\","
                                             "\"address\":\"mary@example.com\"}]}", email_id);

    jb_edit (fixture, bad_jb, json);
  }
  fixed = sync_ok (fixture);
  g_assert_cmpuint (fc_sync_result_get_counts (fixed)->created, ==, 1);
  bad_hs = linked (fixture, FC_SYNC_SIDE_TARGET, bad_jb);
  g_assert_nonnull (bad_hs);
  assert_quiet_run (fixture);

  /* Jobber's bucket empty (refilling at 5,000 points a second here) and its access token
   * expired: the run refreshes the token (Jobber rotates refresh tokens) and waits for the
   * bucket. */
  expire_access_token (fixture, fixture->jobber);
  g_assert_true (fc_sim_set_rate_limits (fixture->sim, "jobber",
                                         "{\"restore_rate\":5000,\"currently_available\":0}",
                                         &error));
  g_assert_no_error (error);
  hs_edit (fixture, people.ada_hs, "phone", "617-555-0188");
  throttled = sync_ok (fixture);
  g_assert_cmpuint (fc_sync_result_get_counts (throttled)->updated, ==, 1);
  phone = jb_value (fixture, people.ada_jb, "phone");
  g_assert_cmpstr (phone, ==, "+16175550188");
  assert_quiet_run (fixture);
  g_assert_cmpint (fc_connection_get_status (fixture->jobber), ==, FC_CONNECTION_STATUS_ACTIVE);
}

/* ---- 2. Pipedrive persons -> HubSpot contacts ------------------------------------------- */

static char *
pd_person (Fixture    *fixture,
           const char *name,
           const char *email,
           const char *phone)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *phones = phone != NULL
    ? g_strdup_printf (",\"phones\":[{\"value\":\"%s\",\"primary\":true,"
                       "\"label\":\"work\"}]", phone)
    : g_strdup ("");
  g_autofree char *json = g_strdup_printf ("{\"name\":\"%s\",\"emails\":[{\"value\":\"%s\","
                                           "\"primary\":true,\"label\":\"work\"}]%s}",
                                           name, email, phones);
  char *id = fc_sim_create (fixture->sim, "pipedrive", "persons", json, &error);

  g_assert_no_error (error);
  return id;
}

static const PairSpec person_contact_pairs[] = {
  { "name", "firstname,lastname", "split_name", FALSE },
  { "email", "email", NULL, TRUE },
  { "phone", "phone", "phone_e164(region=US)", FALSE },
  { NULL }
};

static void
test_pipedrive_hubspot (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autofree char *beethoven = pd_person (fixture, "Ludwig van Beethoven",
                                          "ludwig@example.com", "(212) 555-0142");
  G_GNUC_UNUSED g_autofree char *ada_pd =
      pd_person (fixture, "Dr. Ada Lovelace", "ada@example.com", NULL);
  g_autofree char *ada_hs = hs_create (fixture, "contacts", "email", "ada@example.com",
                                       "firstname", "A.", "phone", "+1 415 555 2671", NULL);
  g_autoptr (FcSyncResult) first = NULL;
  g_autoptr (FcSyncResult) edit = NULL;
  g_autofree char *ludwig_hs = NULL;
  g_autofree char *first_name = NULL;
  g_autofree char *last_name = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *ada_first = NULL;
  g_autofree char *ada_last = NULL;
  g_autofree char *ada_phone = NULL;
  guint writes;

  save_mapping (fixture, "Persons to contacts", fixture->pipedrive, "persons", fixture->hubspot,
                "contacts", FC_DIRECTION_SOURCE_TO_TARGET, FC_CONFLICT_STRATEGY_NEWEST_WINS,
                person_contact_pairs);
  fc_sim_reset_counters (fixture->sim);

  first = sync_ok (fixture);
  g_assert_cmpuint (fc_sync_result_get_counts (first)->created, ==, 1);
  g_assert_cmpuint (fc_sync_result_get_counts (first)->updated, ==, 1);
  g_assert_cmpuint (count_records (fixture, "hubspot", "contacts"), ==, 2);
  g_assert_cmpuint (count_with (fixture, "hubspot", "contacts", "ada@example.com"), ==, 1);

  ludwig_hs = linked (fixture, FC_SYNC_SIDE_SOURCE, beethoven);
  g_assert_nonnull (ludwig_hs);
  first_name = hs_value (fixture, "contacts", ludwig_hs, "firstname");
  last_name = hs_value (fixture, "contacts", ludwig_hs, "lastname");
  phone = hs_value (fixture, "contacts", ludwig_hs, "phone");
  g_assert_cmpstr (first_name, ==, "Ludwig");
  g_assert_cmpstr (last_name, ==, "van Beethoven");
  g_assert_cmpstr (phone, ==, "+12125550142");

  /* Ada matched: her name split (the title dropped); an empty Pipedrive phone does not erase
   * HubSpot's. */
  ada_first = hs_value (fixture, "contacts", ada_hs, "firstname");
  ada_last = hs_value (fixture, "contacts", ada_hs, "lastname");
  ada_phone = hs_value (fixture, "contacts", ada_hs, "phone");
  g_assert_cmpstr (ada_first, ==, "Ada");
  g_assert_cmpstr (ada_last, ==, "Lovelace");
  g_assert_cmpstr (ada_phone, ==, "+1 415 555 2671");
  /* One way: nothing written to Pipedrive. */
  g_assert_cmpuint (fc_sim_get_count (fixture->sim, "pipedrive", "POST", NULL, 0) +
                    fc_sim_get_count (fixture->sim, "pipedrive", "PATCH", NULL, 0), ==, 0);
  assert_quiet_run (fixture);

  /* A HubSpot edit stays in HubSpot; a Pipedrive edit reaches it. */
  hs_edit (fixture, ludwig_hs, "lastname", "Beethoven");
  writes = fc_sim_count_writes (fixture->sim);
  assert_quiet_run (fixture);
  g_assert_cmpuint (fc_sim_count_writes (fixture->sim), ==, writes);
  {
    g_autoptr (GError) error = NULL;

    g_assert_true (fc_sim_edit (fixture->sim, "pipedrive", "persons", beethoven,
                                "{\"phones\":[{\"value\":\"212-555-0199\",\"primary\":true,"
                                "\"label\":\"work\"}]}", &error));
    g_assert_no_error (error);
  }
  edit = sync_ok (fixture);
  g_assert_cmpuint (fc_sync_result_get_counts (edit)->updated, ==, 1);
  g_clear_pointer (&phone, g_free);
  phone = hs_value (fixture, "contacts", ludwig_hs, "phone");
  g_assert_cmpstr (phone, ==, "+12125550199");
  assert_quiet_run (fixture);
}

/* The run writes the next chunk's batch while the provider still works on the one before:
 * with every HubSpot batch held 300 ms, the second batch create reaches HubSpot before the
 * first is answered, and every record is still created once. */
static void
test_writes_overlap (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (FcSyncResult) result = NULL;
  g_autofree char *answer = NULL;
  g_autoptr (JsonNode) log = NULL;
  g_autoptr (GPtrArray) creates = g_ptr_array_new ();
  JsonArray *entries;
  guint status = 0;
  gboolean overlapped = FALSE;

  g_assert_true (fc_sim_seed_generated (fixture->sim, "pipedrive", "persons", 250, &error));
  g_assert_no_error (error);
  save_mapping (fixture, "Persons to contacts", fixture->pipedrive, "persons", fixture->hubspot,
                "contacts", FC_DIRECTION_SOURCE_TO_TARGET, FC_CONFLICT_STRATEGY_NEWEST_WINS,
                person_contact_pairs);
  g_assert_true (fc_sim_set_faults (fixture->sim, "hubspot",
                                    "{\"latency_ms\":300,"
                                    "\"path_prefix\":\"/crm/v3/objects/contacts/batch\"}",
                                    &error));
  g_assert_no_error (error);
  g_free (fc_sim_control (fixture->sim, "POST", "/write-log", "{\"enabled\":true}", &status));
  g_assert_cmpuint (status, ==, 200);

  result = sync_ok (fixture);
  g_assert_cmpuint (fc_sync_result_get_counts (result)->created, ==, 250);
  g_assert_cmpuint (count_records (fixture, "hubspot", "contacts"), ==, 250);

  answer = fc_sim_control (fixture->sim, "GET", "/write-log?provider=hubspot", NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  log = json_from_string (answer, &error);
  g_assert_no_error (error);
  entries = json_object_get_array_member (json_node_get_object (log), "entries");
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);

      if (g_str_equal (json_object_get_string_member (entry, "endpoint"),
                       "/crm/v3/objects/contacts/batch/create"))
        g_ptr_array_add (creates, entry);
    }
  g_assert_cmpuint (creates->len, ==, 3);
  for (guint i = 1; i < creates->len; i++)
    overlapped |= json_object_get_int_member (g_ptr_array_index (creates, i), "received_seq") <
                  json_object_get_int_member (g_ptr_array_index (creates, i - 1), "applied_seq");
  g_assert_true (overlapped);

  fc_sim_clear_faults (fixture->sim, "hubspot");
  assert_quiet_run (fixture);
}

/* ---- 3. HubSpot deals -> Jobber jobs ---------------------------------------------------- */

/* The simulator and the HubSpot connector have no associations, so a deal carries its Jobber
 * client in a custom deal property, "jobber_client_id" (what a HubSpot workflow would set
 * from the associated contact when the deal is won). The pair of that property is required:
 * deals without it (not won) are skipped, never half-written. Deals and jobs are not people,
 * so there is no default match key: the mapping matches the deal's name to the job's title. */
static const PairSpec deal_job_pairs[] = {
  { "dealname", "title", NULL, TRUE },
  { "jobber_client_id", "clientId", NULL, TRUE },
  { "amount", "total", NULL, FALSE },
  { "description", "instructions", NULL, FALSE },
  { NULL }
};

/* The Jobber client whose email is @email, as the deal's associated contact would find it. */
static char *
jb_client_with_email (Fixture    *fixture,
                      const char *email)
{
  g_autofree char *json = fc_sim_control (fixture->sim, "GET", "/records/jobber/clients", NULL,
                                          NULL);
  g_autoptr (JsonNode) node = json_from_string (json, NULL);
  JsonArray *records = json_object_get_array_member (json_node_get_object (node), "records");

  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      JsonObject *client = json_array_get_object_element (records, i);
      g_autofree char *address = string_member (jb_primary (client, "emails"), "address");

      if (address != NULL && g_ascii_strcasecmp (address, email) == 0)
        return string_member (client, "id");
    }
  return NULL;
}

static void
test_deals_to_jobs (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *field = NULL;
  g_autofree char *ada_jb = jb_client (fixture, "Ada", "Lovelace", "ada@example.com", NULL,
                                       "Boston");
  g_autofree char *client_id = NULL;
  g_autofree char *won = NULL;
  g_autofree char *open_deal = NULL;
  g_autofree char *job_id = NULL;
  g_autofree char *title = NULL;
  g_autofree char *job_client = NULL;
  g_autoptr (JsonObject) job = NULL;
  g_autoptr (FcSyncResult) first = NULL;
  g_autoptr (FcSyncResult) second = NULL;
  g_autoptr (FcSyncResult) third = NULL;
  g_autoptr (FcSyncResult) fourth = NULL;
  g_autofree char *won_json = NULL;
  g_autofree char *job_for_open = NULL;
  g_autofree char *property_json = NULL;
  g_autofree char *property = NULL;
  g_autofree char *existing_json = NULL;
  g_autofree char *existing_job = NULL;
  g_autoptr (FcMapping) copy = NULL;
  const char * const match_rule[] = { "dealname=title", NULL };
  FcMapping *mapping;
  JsonObject *client;
  guint writes;

  field = fc_sim_add_custom_field (fixture->sim, "hubspot", "deals",
                                   "{\"name\":\"jobber_client_id\",\"label\":\"Jobber client\","
                                   "\"type\":\"string\",\"fieldType\":\"text\"}", &error);
  g_assert_no_error (error);
  client_id = jb_client_with_email (fixture, "ada@example.com");
  g_assert_cmpstr (client_id, ==, ada_jb);

  won = hs_create (fixture, "deals", "dealname", "Roof repair, 12 Elm St", "amount", "4200",
                   "dealstage", "closedwon", "pipeline", "default",
                   "jobber_client_id", client_id, NULL);
  open_deal = hs_create (fixture, "deals", "dealname", "Gutter quote",
                         "dealstage", "appointmentscheduled", "pipeline", "default", NULL);
  /* A job Ada already has in Jobber, made there by hand: the deal of that name (won later)
   * must find it by the match rule instead of making a second one. */
  property_json = g_strdup_printf ("{\"clientId\":\"%s\",\"address\":{\"street1\":"
                                   "\"3 Oak Ave\",\"city\":\"Boston\"}}", ada_jb);
  property = fc_sim_create (fixture->sim, "jobber", "properties", property_json, &error);
  g_assert_no_error (error);
  existing_json = g_strdup_printf ("{\"propertyId\":\"%s\",\"title\":\"Gutter quote\","
                                   "\"scheduling\":{\"createVisits\":false,"
                                   "\"notifyTeam\":false},\"invoicing\":{\"invoicingType\":"
                                   "\"FIXED_PRICE\",\"invoicingSchedule\":\"ON_COMPLETION\"}}",
                                   property);
  existing_job = fc_sim_create (fixture->sim, "jobber", "jobs", existing_json, &error);
  g_assert_no_error (error);

  mapping = save_mapping (fixture, "Won deals to jobs", fixture->hubspot, "deals",
                          fixture->jobber, "jobs", FC_DIRECTION_SOURCE_TO_TARGET,
                          FC_CONFLICT_STRATEGY_SOURCE_WINS, deal_job_pairs);
  copy = fc_mapping_copy (mapping);
  fc_mapping_set_match_rule (copy, match_rule);
  g_assert_true (fc_engine_save_mapping (fixture->engine, copy, &error));
  g_assert_no_error (error);
  g_clear_object (&fixture->mapping);
  fixture->mapping = g_object_ref (fc_engine_lookup_mapping (fixture->engine,
                                                             fc_mapping_get_id (copy)));
  fc_sim_reset_counters (fixture->sim);

  first = sync_with (fixture, FC_SYNC_TRIGGER_MANUAL);
  g_assert_cmpuint (fc_sync_result_get_counts (first)->created, ==, 1);
  g_assert_cmpuint (fc_sync_result_get_counts (first)->skipped, ==, 1);
  g_assert_cmpuint (fc_sync_result_get_counts (first)->failed, ==, 0);
  g_assert_cmpuint (count_records (fixture, "jobber", "jobs"), ==, 2);

  job_id = linked (fixture, FC_SYNC_SIDE_SOURCE, won);
  g_assert_nonnull (job_id);
  /* The open deal matched Ada's job by its name, but has no client yet: nothing of it is
   * written. */
  job_for_open = linked (fixture, FC_SYNC_SIDE_SOURCE, open_deal);
  g_assert_cmpstr (job_for_open, ==, existing_job);
  g_assert_cmpuint (fc_sim_get_count (fixture->sim, "jobber", "POST", "graphql:jobEdit", 0), ==,
                    0);
  job = sim_record (fixture, "jobber", "jobs", job_id);
  title = string_member (job, "title");
  g_assert_cmpstr (title, ==, "Roof repair, 12 Elm St");
  client = json_object_get_object_member (job, "client");
  job_client = client != NULL ? string_member (client, "id") : string_member (job, "clientId");
  g_assert_cmpstr (job_client, ==, ada_jb);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member_with_default (job, "total", 0),
                                  4200.0, 0.005);

  /* Again: the open deal is still skipped, nothing written, no second job. */
  writes = fc_sim_count_writes (fixture->sim);
  second = sync_with (fixture, FC_SYNC_TRIGGER_MANUAL);
  g_assert_cmpuint (fc_sync_result_get_counts (second)->created, ==, 0);
  g_assert_cmpuint (fc_sync_result_get_counts (second)->updated, ==, 0);
  g_assert_cmpuint (count_records (fixture, "jobber", "jobs"), ==, 2);
  g_assert_cmpuint (fc_sim_count_writes (fixture->sim), ==, writes);

  /* The deal renamed: the job's title follows; the job is not made again. */
  g_assert_true (fc_sim_edit (fixture->sim, "hubspot", "deals", won,
                              "{\"properties\":{\"dealname\":\"Roof and gutters, 12 Elm St\"}}",
                              &error));
  g_assert_no_error (error);
  third = sync_with (fixture, FC_SYNC_TRIGGER_MANUAL);
  g_assert_cmpuint (fc_sync_result_get_counts (third)->updated, ==, 1);
  g_assert_cmpuint (fc_sync_result_get_counts (third)->failed, ==, 0);
  g_clear_pointer (&job, json_object_unref);
  job = sim_record (fixture, "jobber", "jobs", job_id);
  g_clear_pointer (&title, g_free);
  title = string_member (job, "title");
  g_assert_cmpstr (title, ==, "Roof and gutters, 12 Elm St");
  g_assert_cmpuint (count_records (fixture, "jobber", "jobs"), ==, 2);

  /* The open deal won, with its client: it has its job already, so nothing is created. */
  won_json = g_strdup_printf ("{\"properties\":{\"dealstage\":\"closedwon\","
                              "\"jobber_client_id\":\"%s\"}}", client_id);
  g_assert_true (fc_sim_edit (fixture->sim, "hubspot", "deals", open_deal, won_json, &error));
  g_assert_no_error (error);
  fourth = sync_with (fixture, FC_SYNC_TRIGGER_MANUAL);
  g_assert_cmpint (fc_sync_result_get_status (fourth), ==, FC_SYNC_STATUS_COMPLETED);
  g_assert_cmpuint (fc_sync_result_get_counts (fourth)->created, ==, 0);
  g_assert_cmpuint (fc_sync_result_get_counts (fourth)->skipped, ==, 0);
  g_assert_cmpuint (fc_sync_result_get_counts (fourth)->failed, ==, 0);
  g_assert_cmpuint (count_records (fixture, "jobber", "jobs"), ==, 2);
  g_clear_pointer (&job_for_open, g_free);
  job_for_open = linked (fixture, FC_SYNC_SIDE_SOURCE, open_deal);
  g_assert_cmpstr (job_for_open, ==, existing_job);
}

/* ---- 4. HubSpot contacts <-> Salesforce Contacts ---------------------------------------- */

static void
test_salesforce (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autofree char *ada_hs = hs_create (fixture, "contacts", "email", "ada@example.com",
                                       "firstname", "Ada", "lastname", "Lovelace",
                                       "phone", "(415) 555-2671", NULL);
  g_autofree char *grace_hs = hs_create (fixture, "contacts", "email", "grace@example.com",
                                         "firstname", "Grace", "lastname", "Hopper", NULL);
  g_autofree char *nameless_hs = hs_create (fixture, "contacts", "email", "anon@example.com",
                                            NULL);
  g_autofree char *ada_sf = sf_contact (fixture, "Ada", "Lovelace", "ADA@example.com", NULL);
  g_autofree char *linus_sf = sf_contact (fixture, "Linus", "Torvalds", "linus@example.com",
                                          "+14155550100");
  g_autoptr (FcSyncResult) first = NULL;
  g_autoptr (FcSyncResult) edits = NULL;
  g_autoptr (FcSyncResult) conflict = NULL;
  g_autoptr (FcSyncResult) newer = NULL;
  g_autoptr (FcSyncResult) named = NULL;
  g_autofree char *nameless_sf = NULL;
  g_autofree char *grace_sf = NULL;
  g_autofree char *linus_hs = NULL;
  g_autofree char *value = NULL;

  save_mapping (fixture, "Contacts and Salesforce", fixture->hubspot, "contacts",
                fixture->salesforce, "Contact", FC_DIRECTION_BIDIRECTIONAL,
                FC_CONFLICT_STRATEGY_NEWEST_WINS, contact_salesforce_pairs);
  fc_sim_reset_counters (fixture->sim);

  first = sync_with (fixture, FC_SYNC_TRIGGER_MANUAL);
  g_assert_cmpint (fc_sync_result_get_status (first), ==, FC_SYNC_STATUS_COMPLETED);
  g_assert_cmpuint (fc_sync_result_get_counts (first)->created, ==, 2);
  /* No last name: skipped with the reason, not refused by Salesforce. */
  g_assert_cmpuint (fc_sync_result_get_counts (first)->skipped, ==, 1);
  g_assert_cmpuint (fc_sync_result_get_counts (first)->failed, ==, 0);
  g_assert_null (linked (fixture, FC_SYNC_SIDE_SOURCE, nameless_hs));

  value = linked (fixture, FC_SYNC_SIDE_SOURCE, ada_hs);
  g_assert_cmpstr (value, ==, ada_sf);
  /* Her email differed in case only: the same on both sides now. */
  g_clear_pointer (&value, g_free);
  value = sf_value (fixture, ada_sf, "Email");
  {
    g_autofree char *hs_email = hs_value (fixture, "contacts", ada_hs, "email");

    g_assert_cmpstr (hs_email, ==, value);
  }
  g_clear_pointer (&value, g_free);
  value = sf_value (fixture, ada_sf, "Phone");
  g_assert_cmpstr (value, ==, "+14155552671");
  g_assert_cmpuint (count_records (fixture, "salesforce", "Contact"), ==, 3);
  g_assert_cmpuint (count_records (fixture, "hubspot", "contacts"), ==, 4);
  grace_sf = linked (fixture, FC_SYNC_SIDE_SOURCE, grace_hs);
  g_assert_nonnull (grace_sf);
  g_clear_pointer (&value, g_free);
  value = sf_value (fixture, grace_sf, "LastName");
  g_assert_cmpstr (value, ==, "Hopper");
  linus_hs = linked (fixture, FC_SYNC_SIDE_TARGET, linus_sf);
  g_assert_nonnull (linus_hs);
  g_assert_cmpuint (count_with (fixture, "hubspot", "contacts", "linus@example.com"), ==, 1);
  assert_quiet_run (fixture);

  /* Salesforce is polled: an edit there reaches HubSpot, one in HubSpot reaches Salesforce;
   * the session ended meanwhile, and the run signs in again with the refresh token. */
  expire_access_token (fixture, fixture->salesforce);
  fc_sim_advance_clock (fixture->sim, 2000);
  {
    g_autoptr (GError) error = NULL;

    g_assert_true (fc_sim_edit (fixture->sim, "salesforce", "Contact", linus_sf,
                                "{\"MailingCity\":\"Portland\"}", &error));
    g_assert_no_error (error);
  }
  hs_edit (fixture, grace_hs, "phone", "212-555-0150");
  edits = sync_ok (fixture);
  g_assert_cmpuint (fc_sync_result_get_counts (edits)->updated, ==, 2);
  g_clear_pointer (&value, g_free);
  value = hs_value (fixture, "contacts", linus_hs, "city");
  g_assert_cmpstr (value, ==, "Portland");
  g_clear_pointer (&value, g_free);
  value = sf_value (fixture, grace_sf, "Phone");
  g_assert_cmpstr (value, ==, "+12125550150");
  assert_quiet_run (fixture);

  /* Both change Ada's phone, Salesforce 5 s later (its clock keeps seconds): it wins. */
  hs_edit (fixture, ada_hs, "phone", "(415) 555-0101");
  fc_sim_advance_clock (fixture->sim, 5000);
  {
    g_autoptr (GError) error = NULL;

    g_assert_true (fc_sim_edit (fixture->sim, "salesforce", "Contact", ada_sf,
                                "{\"Phone\":\"+14155550199\"}", &error));
    g_assert_no_error (error);
  }
  conflict = sync_ok (fixture);
  g_assert_cmpuint (fc_sync_result_get_counts (conflict)->conflicts, ==, 1);
  g_clear_pointer (&value, g_free);
  value = hs_value (fixture, "contacts", ada_hs, "phone");
  g_assert_cmpstr (value, ==, "+14155550199");
  g_clear_pointer (&value, g_free);
  value = sf_value (fixture, ada_sf, "Phone");
  g_assert_cmpstr (value, ==, "+14155550199");
  assert_quiet_run (fixture);

  /* And the other way round: HubSpot's change is the newer one. */
  fc_sim_advance_clock (fixture->sim, 2000);
  {
    g_autoptr (GError) error = NULL;

    g_assert_true (fc_sim_edit (fixture->sim, "salesforce", "Contact", ada_sf,
                                "{\"Phone\":\"+14155550123\"}", &error));
    g_assert_no_error (error);
  }
  fc_sim_advance_clock (fixture->sim, 5000);
  hs_edit (fixture, ada_hs, "phone", "(415) 555-0145");
  newer = sync_ok (fixture);
  g_assert_cmpuint (fc_sync_result_get_counts (newer)->conflicts, ==, 1);
  g_clear_pointer (&value, g_free);
  value = sf_value (fixture, ada_sf, "Phone");
  g_assert_cmpstr (value, ==, "+14155550145");
  assert_quiet_run (fixture);

  /* The contact without a last name gets one: now it reaches Salesforce. */
  hs_edit (fixture, nameless_hs, "lastname", "Nymous");
  named = sync_ok (fixture);
  g_assert_cmpuint (fc_sync_result_get_counts (named)->created, ==, 1);
  nameless_sf = linked (fixture, FC_SYNC_SIDE_SOURCE, nameless_hs);
  g_assert_nonnull (nameless_sf);
  g_clear_pointer (&value, g_free);
  value = sf_value (fixture, nameless_sf, "LastName");
  g_assert_cmpstr (value, ==, "Nymous");
  assert_quiet_run (fixture);
  g_assert_cmpuint (count_records (fixture, "salesforce", "Contact"), ==, 4);
  g_assert_cmpuint (count_records (fixture, "hubspot", "contacts"), ==, 4);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, data) \
  g_test_add ("/fc/sync/providers/" path, Fixture, GINT_TO_POINTER (data), fixture_set_up, \
              func, fixture_tear_down)

  ADD ("hubspot-jobber/initial", test_jobber_initial, 0);
  ADD ("hubspot-jobber/edits", test_jobber_edits, 0);
  ADD ("hubspot-jobber/pages", test_jobber_pages, 0);
  ADD ("hubspot-jobber/failures", test_jobber_failures, 0);
  ADD ("hubspot-jobber/field-directions", test_jobber_field_directions, 0);
  ADD ("hubspot-jobber/conflict/newest-wins", test_jobber_conflict,
       FC_CONFLICT_STRATEGY_NEWEST_WINS);
  ADD ("hubspot-jobber/conflict/source-wins", test_jobber_conflict,
       FC_CONFLICT_STRATEGY_SOURCE_WINS);
  ADD ("hubspot-jobber/conflict/target-wins", test_jobber_conflict,
       FC_CONFLICT_STRATEGY_TARGET_WINS);
  ADD ("hubspot-jobber/conflict/manual", test_jobber_conflict, FC_CONFLICT_STRATEGY_MANUAL);
  ADD ("pipedrive-hubspot/split-name", test_pipedrive_hubspot, 0);
  ADD ("pipedrive-hubspot/writes-overlap", test_writes_overlap, 0);
  ADD ("hubspot-jobber/deals-to-jobs", test_deals_to_jobs, 0);
  ADD ("hubspot-salesforce/bidirectional", test_salesforce, 0);

#undef ADD

  return g_test_run ();
}
