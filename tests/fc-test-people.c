/* fc-test-people.c: what the simulated HubSpot and Pipedrive hold, person by person, and
 * connections to the simulator through the engine
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fc-test-connector.h"
#include "fc-test-people.h"
#include "fc-test-util.h"

void
fc_test_person_free (FcTestPerson *person)
{
  g_free (person->id);
  g_free (person->name);
  g_free (person->phone);
  g_free (person);
}

char *
fc_test_canonical_phone (const char *text)
{
  g_autoptr (GString) digits = g_string_new (NULL);

  for (const char *p = text; p != NULL && *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);
  if (digits->len == 10)
    g_string_prepend (digits, "+1");
  else if (digits->len > 0)
    g_string_prepend_c (digits, '+');
  return digits->len > 0 ? g_string_free (g_steal_pointer (&digits), FALSE) : NULL;
}

char *
fc_test_nonempty (const char *text)
{
  g_autofree char *copy = g_strstrip (g_strdup (text != NULL ? text : ""));

  return copy[0] != '\0' ? g_steal_pointer (&copy) : NULL;
}

const char *
fc_test_member_string (JsonObject *object,
                       const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node) : NULL;
}

static const char *
primary_value (JsonObject *record,
               const char *member)
{
  JsonNode *node = json_object_get_member (record, member);
  JsonArray *values = node != NULL && JSON_NODE_HOLDS_ARRAY (node)
                      ? json_node_get_array (node) : NULL;

  for (guint i = 0; values != NULL && i < json_array_get_length (values); i++)
    {
      JsonObject *entry = json_array_get_object_element (values, i);

      if (json_object_get_boolean_member_with_default (entry, "primary", FALSE))
        return fc_test_member_string (entry, "value");
    }
  return NULL;
}

GHashTable *
fc_test_people_by_email (JsonArray *records,
                         gboolean   hubspot)
{
  GHashTable *seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) g_ptr_array_unref);

  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      JsonObject *record = json_array_get_object_element (records, i);
      FcTestPerson *one = g_new0 (FcTestPerson, 1);
      g_autofree char *email = NULL;
      GPtrArray *list;

      if (hubspot)
        {
          JsonObject *properties = json_object_get_object_member (record, "properties");
          g_autofree char *name = g_strdup_printf ("%s %s",
                                                   fc_test_member_string (properties, "firstname") ?: "",
                                                   fc_test_member_string (properties, "lastname") ?: "");

          one->id = g_strdup (fc_test_member_string (record, "id"));
          one->name = fc_test_nonempty (name);
          one->phone = fc_test_canonical_phone (fc_test_member_string (properties, "phone"));
          email = g_ascii_strdown (fc_test_member_string (properties, "email") ?: "", -1);
        }
      else
        {
          one->id = g_strdup_printf ("%" G_GINT64_FORMAT,
                                     json_object_get_int_member (record, "id"));
          one->name = fc_test_nonempty (fc_test_member_string (record, "name"));
          one->phone = fc_test_canonical_phone (primary_value (record, "phones"));
          email = g_ascii_strdown (primary_value (record, "emails") ?: "", -1);
        }

      list = g_hash_table_lookup (seen, email);
      if (list == NULL)
        {
          list = g_ptr_array_new_with_free_func ((GDestroyNotify) fc_test_person_free);
          g_hash_table_insert (seen, g_strdup (email), list);
        }
      g_ptr_array_add (list, one);
    }
  return seen;
}

GHashTable *
fc_test_read_people (FcSim      *sim,
                     const char *provider)
{
  gboolean hubspot = g_str_equal (provider, "hubspot");
  const char *path = hubspot ? "/records/hubspot/contacts" : "/records/pipedrive/persons";
  g_autofree char *json = fc_sim_control (sim, "GET", path, NULL, NULL);
  g_autoptr (JsonNode) node = json_from_string (json, NULL);

  return fc_test_people_by_email (json_object_get_array_member (json_node_get_object (node),
                                                                "records"), hubspot);
}

/* ---- people as a user types them in the providers' UIs ---------------------------------- */

static const char * const first_names[] = {
  "Ada", "Grace", "Hedy", "Mary", "Katherine", "Dorothy", "Radia", "Frances", "Barbara", "Joan",
};
static const char * const last_names[] = {
  "Lovelace", "Hopper", "Lamarr", "Jackson", "Johnson", "Vaughan", "Perlman", "Allen", "Liskov",
  "Clarke",
};

char *
fc_test_random_name (GRand *rand)
{
  return g_strdup_printf ("%s %s",
                          first_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (first_names))],
                          last_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (last_names))]);
}

char *
fc_test_random_phone (GRand *rand)
{
  return g_strdup_printf ("+1415555%04d", g_rand_int_range (rand, 0, 10000));
}

char *
fc_test_typed_phone (GRand      *rand,
                     const char *phone)
{
  switch (g_rand_int_range (rand, 0, 3))
    {
    case 0:
      return g_strdup_printf ("(%.3s) %.3s-%.4s", phone + 2, phone + 5, phone + 8);
    case 1:
      return g_strdup_printf ("%.3s-%.3s-%.4s", phone + 2, phone + 5, phone + 8);
    default:
      return g_strdup (phone);
    }
}

char *
fc_test_hubspot_body (GRand      *rand,
                      const char *email,
                      const char *name,
                      const char *phone)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_auto (GStrv) parts = name != NULL ? g_strsplit (name, " ", 2) : NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "properties");
  json_builder_begin_object (builder);
  if (email != NULL)
    {
      json_builder_set_member_name (builder, "email");
      json_builder_add_string_value (builder, email);
    }
  if (parts != NULL)
    {
      json_builder_set_member_name (builder, "firstname");
      json_builder_add_string_value (builder, parts[0]);
      json_builder_set_member_name (builder, "lastname");
      json_builder_add_string_value (builder, parts[1]);
    }
  if (phone != NULL)
    {
      g_autofree char *typed = fc_test_typed_phone (rand, phone);

      json_builder_set_member_name (builder, "phone");
      json_builder_add_string_value (builder, typed);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

char *
fc_test_pipedrive_body (const char *email,
                        const char *name,
                        const char *phone)
{
  g_autoptr (GString) body = g_string_new ("{");

  if (name != NULL)
    g_string_append_printf (body, "\"name\":\"%s\"", name);
  if (email != NULL)
    g_string_append_printf (body, "%s\"emails\":[{\"value\":\"%s\",\"primary\":true,"
                            "\"label\":\"work\"}]", body->len > 1 ? "," : "", email);
  if (phone != NULL)
    g_string_append_printf (body, "%s\"phones\":[{\"value\":\"%s\",\"primary\":true,"
                            "\"label\":\"work\"}]", body->len > 1 ? "," : "", phone);
  g_string_append_c (body, '}');
  return g_string_free (g_steal_pointer (&body), FALSE);
}

gboolean
fc_test_open_uri_in_browser (const char  *uri,
                             gpointer     user_data,
                             GError     **error)
{
  SoupSession *browser = user_data;
  g_autoptr (SoupMessage) message = soup_message_new ("GET", uri);

  soup_session_send_and_read_async (browser, message, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  return TRUE;
}

FcConnection *
fc_test_add_sim_connection (FcEngine    *engine,
                            FcSim       *sim,
                            SoupSession *browser,
                            FcProvider   provider,
                            const char  *provider_name,
                            const char  *token,
                            guint        max_attempts)
{
  g_autoptr (FcConnection) connection = fc_connection_new (provider);
  g_autofree char *api = fc_sim_get_api_base_url (sim, provider_name);
  g_autofree char *auth = fc_sim_get_auth_base_url (sim, provider_name);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  FcConnection *added;
  FcConnector *connector;

  /* Salesforce's API address (the instance) comes with the token. */
  if (provider != FC_PROVIDER_SALESFORCE)
    fc_connection_set_api_base_url (connection, api);
  fc_connection_set_auth_base_url (connection, auth);
  fc_engine_add_connection_async (engine, connection, token,
                                  token == NULL ? fc_test_open_uri_in_browser : NULL, browser,
                                  NULL, fc_test_on_ready_cb, &result);
  added = fc_engine_add_connection_finish (engine, fc_test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (added);

  connector = fc_engine_get_connector (engine, added, &error);
  g_assert_no_error (error);
  fc_http_set_retry_policy (fc_connector_get_http (connector), max_attempts, 10, 20);
  return added;
}

void
fc_test_use_sim_client (FcSim      *sim,
                        const char *provider_name)
{
  g_autofree char *upper = g_ascii_strup (provider_name, -1);
  g_autofree char *id_var = g_strdup_printf ("FLUXCASCADE_%s_CLIENT_ID", upper);
  g_autofree char *secret_var = g_strdup_printf ("FLUXCASCADE_%s_CLIENT_SECRET", upper);

  g_setenv (id_var, fc_sim_get_client_id (sim, provider_name), TRUE);
  g_setenv (secret_var, fc_sim_get_client_secret (sim, provider_name), TRUE);
}

void
fc_test_connector_fixture_set_up (FcTestConnectorFixture *fixture,
                                  FcProvider              provider,
                                  guint32                 seed,
                                  const char             *token)
{
  const char *name = fc_enum_to_nick (FC_TYPE_PROVIDER, provider);
  g_autoptr (GError) error = NULL;
  g_autofree char *api_url = NULL;

  fixture->sim = fc_sim_new ();
  fc_sim_set_seed (fixture->sim, seed);
  g_assert_true (fc_sim_start (fixture->sim, 0, &error));
  g_assert_no_error (error);
  g_assert_true (fc_sim_add_static_token (fixture->sim, name, token, &error));
  g_assert_no_error (error);

  fixture->connection = fc_connection_new (provider);
  api_url = fc_sim_get_api_base_url (fixture->sim, name);
  fc_connection_set_api_base_url (fixture->connection, api_url);

  fixture->secrets = fc_secrets_new ();
  fixture->auth = fc_auth_new (fixture->secrets);
  fc_test_store_static_token (fixture->auth, fixture->connection, token);
  fixture->connector = fc_test_connector_new (fixture->connection, fixture->auth);
}

void
fc_test_connector_fixture_tear_down (FcTestConnectorFixture *fixture)
{
  g_assert_finalize_object (fixture->connector);
  g_clear_object (&fixture->auth);
  g_clear_object (&fixture->secrets);
  g_clear_object (&fixture->connection);
  fc_sim_stop (fixture->sim);
  g_clear_object (&fixture->sim);
}

FcConnection *
fc_test_sign_in_oauth (FcSim       *sim,
                       FcAuth      *auth,
                       FcProvider   provider,
                       FcToken    **out_token)
{
  const char *name = fc_enum_to_nick (FC_TYPE_PROVIDER, provider);
  FcConnection *connection = fc_connection_new (provider);
  g_autoptr (SoupSession) browser = soup_session_new ();
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GAsyncResult) stored = NULL;
  g_autoptr (FcToken) token = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *api_url = fc_sim_get_api_base_url (sim, name);
  g_autofree char *auth_url = fc_sim_get_auth_base_url (sim, name);

  fc_connection_set_api_base_url (connection, api_url);
  fc_connection_set_auth_base_url (connection, auth_url);
  fc_auth_set_own_client (auth, connection, fc_sim_get_client_id (sim, name),
                          fc_sim_get_client_secret (sim, name));
  fc_auth_authorize_async (auth, provider, connection, fc_test_open_uri_in_browser, browser, 30,
                           NULL, fc_test_on_ready_cb, &result);
  token = fc_auth_authorize_finish (auth, fc_test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_false (fc_token_is_static (token));
  fc_auth_store_token_async (auth, connection, token, NULL, fc_test_on_ready_cb, &stored);
  g_assert_true (fc_auth_store_token_finish (auth, fc_test_wait_for (&stored), &error));
  g_assert_no_error (error);

  if (out_token != NULL)
    *out_token = g_steal_pointer (&token);
  return connection;
}

FcMapping *
fc_test_people_mapping_new (const char   *name,
                            FcConnection *hubspot,
                            FcConnection *pipedrive)
{
  FcMapping *mapping = fc_mapping_new ();
  g_autoptr (FcFieldPair) email = fc_field_pair_new_simple ("email", "email");
  g_autoptr (FcFieldPair) full_name = NULL;
  g_autoptr (FcFieldPair) phone = fc_field_pair_new_simple ("phone", "phone");
  const char * const first_last[] = { "firstname", "lastname", NULL };
  const char * const name_field[] = { "name", NULL };

  fc_mapping_set_name (mapping, name);
  fc_mapping_set_source_connection_id (mapping, fc_connection_get_id (hubspot));
  fc_mapping_set_source_object (mapping, "contacts");
  fc_mapping_set_target_connection_id (mapping, fc_connection_get_id (pipedrive));
  fc_mapping_set_target_object (mapping, "persons");
  fc_mapping_set_direction (mapping, FC_DIRECTION_BIDIRECTIONAL);
  fc_mapping_set_conflict_strategy (mapping, FC_CONFLICT_STRATEGY_NEWEST_WINS);
  fc_field_pair_set_required (email, TRUE);
  fc_mapping_add_field_pair (mapping, email);
  full_name = fc_field_pair_new (first_last, name_field);
  fc_field_pair_set_transform (full_name, "concatenate");
  fc_mapping_add_field_pair (mapping, full_name);
  fc_field_pair_set_transform (phone, "phone_e164(region=US)");
  fc_mapping_add_field_pair (mapping, phone);
  return mapping;
}
