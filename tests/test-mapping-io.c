/* test-mapping-io.c: exporting mappings to JSON and importing them into another store
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fc-test-util.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "fc-engine.h"
#include "fc-store-private.h"

typedef struct
{
  char         *dir;
  FcStore      *store;
  FcConnection *hubspot;
  FcConnection *jobber;
  FcConnection *salesforce;
} Fixture;

static FcStore *
open_store_in (const char *dir,
               const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, FC_STORE_FILE_NAME, NULL);
  FcStore *store = fc_store_open (path, &error);

  g_assert_no_error (error);
  return store;
}

/* The importing side: the same accounts under other local ids; Jobber is found by account id
 * although its name changed, Salesforce only by name. */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("fc-test-mapping-io-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->store = open_store_in (fixture->dir, "importer");
  fixture->hubspot = fc_test_save_connection (fixture->store, FC_PROVIDER_HUBSPOT, "4821",
                                              "Acme Plumbing");
  fixture->jobber = fc_test_save_connection (fixture->store, FC_PROVIDER_JOBBER, "J-774",
                                             "Acme Field (renamed)");
  fixture->salesforce = fc_test_save_connection (fixture->store, FC_PROVIDER_SALESFORCE, NULL,
                                                 "Acme SF");
}


static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_object (&fixture->hubspot);
  g_clear_object (&fixture->jobber);
  g_clear_object (&fixture->salesforce);
  g_assert_finalize_object (fixture->store);
  fc_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static FcMapping *
build_contacts_mapping (FcConnection *hubspot,
                        FcConnection *jobber)
{
  FcMapping *mapping = fc_mapping_new ();
  const char * const full_name[] = { "fullname", NULL };
  const char * const split[] = { "firstName", "lastName", NULL };
  const char * const rule[] = { "email=email", NULL };
  const char * const external_ids[] = { "jobber_client_id", "hubspot_contact_id", NULL };
  g_autoptr (FcFieldPair) email = fc_field_pair_new_simple ("email", "email");
  g_autoptr (FcFieldPair) name = fc_field_pair_new (full_name, split);
  g_autoptr (FcFieldPair) phone = fc_field_pair_new_simple ("phone", "phone");
  g_autoptr (FcFieldPair) source = fc_field_pair_new_simple ("hs_lead_source", "leadSource");

  fc_mapping_set_name (mapping, "Contacts to clients");
  fc_mapping_set_source_connection_id (mapping, fc_connection_get_id (hubspot));
  fc_mapping_set_source_object (mapping, "contacts");
  fc_mapping_set_target_connection_id (mapping, fc_connection_get_id (jobber));
  fc_mapping_set_target_object (mapping, "clients");
  fc_mapping_set_direction (mapping, FC_DIRECTION_BIDIRECTIONAL);
  fc_mapping_set_match_rule (mapping, rule);
  fc_mapping_set_conflict_strategy (mapping, FC_CONFLICT_STRATEGY_TARGET_WINS);
  fc_mapping_set_delete_policy (mapping, FC_DELETE_POLICY_ARCHIVE);
  fc_mapping_set_realtime (mapping, TRUE);
  fc_mapping_set_schedule_minutes (mapping, 60);

  fc_field_pair_set_transform (email, "trim");
  fc_field_pair_set_required (email, TRUE);
  fc_field_pair_set_transform (name, "split_name");
  fc_field_pair_set_transform (phone, "phone_e164(region=\"US\")");
  fc_field_pair_set_allow_clear (phone, TRUE);
  fc_mapping_set_external_id_fields (mapping, external_ids);
  fc_field_pair_set_transform (source, "uppercase");
  fc_field_pair_set_direction (source, FC_FIELD_DIRECTION_SOURCE_ONLY);
  fc_mapping_add_field_pair (mapping, email);
  fc_mapping_add_field_pair (mapping, name);
  fc_mapping_add_field_pair (mapping, phone);
  fc_mapping_add_field_pair (mapping, source);
  return mapping;
}

static FcMapping *
build_leads_mapping (FcConnection *hubspot,
                     FcConnection *salesforce)
{
  FcMapping *mapping = fc_mapping_new ();
  g_autoptr (FcFieldPair) email = fc_field_pair_new_simple ("email", "Email");

  fc_mapping_set_name (mapping, "Leads");
  fc_mapping_set_source_connection_id (mapping, fc_connection_get_id (hubspot));
  fc_mapping_set_source_object (mapping, "contacts");
  fc_mapping_set_target_connection_id (mapping, fc_connection_get_id (salesforce));
  fc_mapping_set_target_object (mapping, "Lead");
  fc_mapping_set_active (mapping, FALSE);
  fc_mapping_add_field_pair (mapping, email);
  return mapping;
}

static void
assert_same_mapping (FcMapping  *a,
                     FcMapping  *b,
                     const char *b_source_id,
                     const char *b_target_id)
{
  guint n = fc_mapping_get_n_field_pairs (a);

  g_assert_cmpstr (fc_mapping_get_name (a), ==, fc_mapping_get_name (b));
  g_assert_cmpstr (fc_mapping_get_source_connection_id (b), ==, b_source_id);
  g_assert_cmpstr (fc_mapping_get_target_connection_id (b), ==, b_target_id);
  g_assert_cmpstr (fc_mapping_get_source_object (a), ==, fc_mapping_get_source_object (b));
  g_assert_cmpstr (fc_mapping_get_target_object (a), ==, fc_mapping_get_target_object (b));
  g_assert_cmpint (fc_mapping_get_direction (a), ==, fc_mapping_get_direction (b));
  g_assert_true (g_strv_equal (fc_mapping_get_match_rule (a), fc_mapping_get_match_rule (b)));
  if (fc_mapping_get_external_id_fields (a) == NULL)
    g_assert_null (fc_mapping_get_external_id_fields (b));
  else
    g_assert_true (g_strv_equal (fc_mapping_get_external_id_fields (a),
                                 fc_mapping_get_external_id_fields (b)));
  g_assert_cmpint (fc_mapping_get_conflict_strategy (a), ==,
                   fc_mapping_get_conflict_strategy (b));
  g_assert_cmpint (fc_mapping_get_delete_policy (a), ==, fc_mapping_get_delete_policy (b));
  g_assert_cmpint (fc_mapping_get_active (a), ==, fc_mapping_get_active (b));
  g_assert_cmpint (fc_mapping_get_realtime (a), ==, fc_mapping_get_realtime (b));
  g_assert_cmpuint (fc_mapping_get_schedule_minutes (a), ==, fc_mapping_get_schedule_minutes (b));

  g_assert_cmpuint (n, ==, fc_mapping_get_n_field_pairs (b));
  for (guint i = 0; i < n; i++)
    {
      FcFieldPair *pa = fc_mapping_get_field_pair (a, i);
      FcFieldPair *pb = fc_mapping_get_field_pair (b, i);

      g_assert_true (g_strv_equal (fc_field_pair_get_source_fields (pa),
                                   fc_field_pair_get_source_fields (pb)));
      g_assert_true (g_strv_equal (fc_field_pair_get_target_fields (pa),
                                   fc_field_pair_get_target_fields (pb)));
      g_assert_cmpstr (fc_field_pair_get_transform (pa), ==, fc_field_pair_get_transform (pb));
      g_assert_cmpint (fc_field_pair_get_direction (pa), ==, fc_field_pair_get_direction (pb));
      g_assert_cmpint (fc_field_pair_get_required (pa), ==, fc_field_pair_get_required (pb));
      g_assert_cmpint (fc_field_pair_get_allow_clear (pa), ==,
                       fc_field_pair_get_allow_clear (pb));
    }
}

static char *
export_all (FcStore *store)
{
  g_autoptr (GError) error = NULL;
  char *json = fc_mapping_io_export (store, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (json);
  return json;
}

static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (FcStore) exporter = open_store_in (fixture->dir, "exporter");
  g_autoptr (FcConnection) hubspot =
    fc_test_save_connection (exporter, FC_PROVIDER_HUBSPOT, "4821", "Acme Plumbing");
  g_autoptr (FcConnection) jobber =
    fc_test_save_connection (exporter, FC_PROVIDER_JOBBER, "J-774", "Acme Field Ops");
  g_autoptr (FcConnection) salesforce =
    fc_test_save_connection (exporter, FC_PROVIDER_SALESFORCE, NULL, "Acme SF");
  g_autoptr (FcMapping) contacts = build_contacts_mapping (hubspot, jobber);
  g_autoptr (FcMapping) leads = build_leads_mapping (hubspot, salesforce);
  g_autoptr (GPtrArray) imported = NULL;
  g_autoptr (GPtrArray) stored = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *json = NULL;
  g_autofree char *again = NULL;
  JsonObject *document;
  JsonObject *first;

  g_assert_true (fc_store_save_mapping (exporter, contacts, &error));
  g_assert_true (fc_store_save_mapping (exporter, leads, &error));
  g_assert_no_error (error);

  json = export_all (exporter);
  g_test_message ("%s", json);

  /* The document: versioned, portable, no local ids or times. */
  root = json_from_string (json, &error);
  g_assert_no_error (error);
  document = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (document, "format"), ==,
                   "fluxcascade-mappings");
  g_assert_cmpint (json_object_get_int_member (document, "version"), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (document, "mappings")),
                    ==, 2);
  first = json_array_get_object_element (json_object_get_array_member (document, "mappings"), 0);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (first, "source"),
                                                  "accountId"), ==, "4821");
  g_assert_null (strstr (json, "con_"));
  g_assert_null (strstr (json, "map_"));
  g_assert_null (strstr (json, "createdAt"));
  g_assert_null (strstr (json, "2026"));

  imported = fc_mapping_io_import (fixture->store, json, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (imported->len, ==, 2);

  stored = fc_store_list_mappings (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stored->len, ==, 2);

  /* list order is by name: "Contacts to clients", "Leads" */
  assert_same_mapping (contacts, g_ptr_array_index (stored, 0),
                       fc_connection_get_id (fixture->hubspot),
                       fc_connection_get_id (fixture->jobber));
  assert_same_mapping (leads, g_ptr_array_index (stored, 1),
                       fc_connection_get_id (fixture->hubspot),
                       fc_connection_get_id (fixture->salesforce));
  g_assert_cmpstr (fc_mapping_get_id (g_ptr_array_index (imported, 0)), ==,
                   fc_mapping_get_id (g_ptr_array_index (stored, 0)));
  g_assert_cmpstr (fc_mapping_get_id (g_ptr_array_index (stored, 0)), !=,
                   fc_mapping_get_id (contacts));

  /* Exporting the imported copy gives the same document, but for the renamed account. */
  again = export_all (fixture->store);
  g_assert_nonnull (strstr (again, "Acme Field (renamed)"));
  g_assert_cmpuint (strlen (again), ==,
                    strlen (json) + strlen ("Acme Field (renamed)") - strlen ("Acme Field Ops"));
}

static void
test_export_selected (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (FcMapping) contacts = build_contacts_mapping (fixture->hubspot, fixture->jobber);
  g_autoptr (FcMapping) leads = build_leads_mapping (fixture->hubspot, fixture->salesforce);
  g_autoptr (GPtrArray) selected = g_ptr_array_new ();
  g_autofree char *json = NULL;

  g_assert_true (fc_store_save_mapping (fixture->store, contacts, &error));
  g_assert_true (fc_store_save_mapping (fixture->store, leads, &error));
  g_assert_no_error (error);

  /* One mapping on its own, as programs print it */
  {
    g_autoptr (JsonNode) node = fc_mapping_io_mapping_to_json (fixture->store, contacts, &error);
    JsonObject *object;

    g_assert_no_error (error);
    g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
    object = json_node_get_object (node);
    g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, "Contacts to clients");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "fieldPairs")),
                      ==, 4);
    g_assert_false (json_object_has_member (object, "id"));
  }

  g_ptr_array_add (selected, leads);
  json = fc_mapping_io_export (fixture->store, selected, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (json, "\"Leads\""));
  g_assert_null (strstr (json, "Contacts to clients"));
}

static void
test_bindings (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (FcConnection) other_jobber =
    fc_test_save_connection (fixture->store, FC_PROVIDER_JOBBER, "J-999", "Other");
  g_autoptr (GHashTable) bindings = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) imported = NULL;
  g_autoptr (GPtrArray) refused = NULL;
  const char *json =
    "{\"format\": \"fluxcascade-mappings\", \"version\": 1, \"mappings\": [{"
    "  \"name\": \"Bound\","
    "  \"source\": {\"provider\": \"hubspot\", \"accountName\": \"Acme Plumbing\","
    "             \"object\": \"contacts\"},"
    "  \"target\": {\"provider\": \"jobber\", \"accountId\": \"J-774\", \"object\": \"clients\"},"
    "  \"fieldPairs\": [{\"sourceFields\": [\"email\"], \"targetFields\": [\"email\"]}]}]}";

  /* The binding wins over the connection with the same account id. */
  g_hash_table_insert (bindings, (gpointer) "jobber:J-774",
                       (gpointer) fc_connection_get_id (other_jobber));
  imported = fc_mapping_io_import (fixture->store, json, -1, bindings, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fc_mapping_get_target_connection_id (g_ptr_array_index (imported, 0)), ==,
                   fc_connection_get_id (other_jobber));
  g_assert_cmpstr (fc_mapping_get_source_connection_id (g_ptr_array_index (imported, 0)), ==,
                   fc_connection_get_id (fixture->hubspot));
  /* Defaults for what the file leaves out */
  g_assert_cmpint (fc_mapping_get_direction (g_ptr_array_index (imported, 0)), ==,
                   FC_DIRECTION_SOURCE_TO_TARGET);
  g_assert_true (fc_mapping_get_active (g_ptr_array_index (imported, 0)));

  /* A binding to a connection of another provider is refused. */
  g_hash_table_insert (bindings, (gpointer) "jobber:J-774",
                       (gpointer) fc_connection_get_id (fixture->salesforce));
  refused = fc_mapping_io_import (fixture->store, json, -1, bindings, &error);
  g_assert_error (error, FC_MAPPING_IO_ERROR, FC_MAPPING_IO_ERROR_UNBOUND);
  g_assert_null (refused);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "$.mappings[0].target: "));
}

static void
test_engine_import (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *data_dir = g_build_filename (fixture->dir, "engine", NULL);
  g_autoptr (FcEngine) engine = fc_engine_new (data_dir, &error);
  g_autoptr (FcConnection) hubspot = fc_connection_new (FC_PROVIDER_HUBSPOT);
  g_autoptr (FcConnection) jobber = fc_connection_new (FC_PROVIDER_JOBBER);
  g_autoptr (FcMapping) contacts = build_contacts_mapping (fixture->hubspot, fixture->jobber);
  g_autoptr (GPtrArray) imported = NULL;
  g_autofree char *json = NULL;
  g_autoptr (FcMapping) first = NULL;

  g_assert_no_error (error);
  g_assert_true (fc_store_save_mapping (fixture->store, contacts, &error));
  g_assert_no_error (error);
  json = export_all (fixture->store);

  fc_connection_set_account_id (hubspot, "4821");
  fc_connection_set_account_id (jobber, "J-774");
  g_assert_true (fc_engine_save_connection (engine, hubspot, &error));
  g_assert_true (fc_engine_save_connection (engine, jobber, &error));
  g_assert_no_error (error);

  imported = fc_engine_import_mappings (engine, json, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (imported->len, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (fc_engine_get_mappings (engine)), ==, 1);
  first = g_list_model_get_item (fc_engine_get_mappings (engine), 0);
  g_assert_cmpstr (fc_mapping_get_target_connection_id (first), ==, fc_connection_get_id (jobber));
  g_assert_true (first == g_ptr_array_index (imported, 0));
}

#define DOC(mappings) \
  "{'format': 'fluxcascade-mappings', 'version': 1, 'mappings': [" mappings "]}"
#define SOURCE \
  "'source': {'provider': 'hubspot', 'accountId': '4821', 'accountName': 'Acme Plumbing'," \
  " 'object': 'contacts'}"
#define TARGET "'target': {'provider': 'jobber', 'accountId': 'J-774', 'object': 'clients'}"
#define PAIR(src, tgt) "{'sourceFields': [" src "], 'targetFields': [" tgt "]}"
#define PAIR_T(src, tgt, t) "{'sourceFields': [" src "], 'targetFields': [" tgt "], " t "}"
#define PAIRS "'fieldPairs': [" PAIR ("'email'", "'email'") "]"
#define GOOD(name) "{'name': '" name "', " SOURCE ", " TARGET ", " PAIRS "}"

/* Everything is checked before saving, so a save can only fail for reasons outside the file;
 * a trigger stands in for them (a full disk, a locked database). */
static void
test_atomic_save (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) imported = NULL;
  g_autoptr (GPtrArray) stored = NULL;
  g_autofree char *json = NULL;
  sqlite3 *db = _fc_store_get_db (fixture->store);

  g_assert_cmpint (sqlite3_exec (db,
                                 "CREATE TEMP TRIGGER refuse_boom BEFORE INSERT ON mappings "
                                 "WHEN new.name = 'Boom' "
                                 "BEGIN SELECT RAISE (ABORT, 'disk on fire'); END;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);

  json = g_strdelimit (g_strdup (DOC (GOOD ("Fine") ", " GOOD ("Boom"))), "'", '"');
  imported = fc_mapping_io_import (fixture->store, json, -1, NULL, &error);
  g_assert_null (imported);
  g_assert_error (error, FC_MAPPING_IO_ERROR, FC_MAPPING_IO_ERROR_FAILED);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "$.mappings[1]: "));
  g_assert_nonnull (strstr (error->message, "disk on fire"));
  g_clear_error (&error);

  stored = fc_store_list_mappings (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stored->len, ==, 0);
  g_assert_true (sqlite3_get_autocommit (db));
}

/* Bad files */

typedef struct
{
  const char *path;
  const char *json;      /* with ' for ", to keep the table readable */
  int         code;
  const char *prefix;    /* the JSON path the message must start with */
  const char *also;      /* and something else it must say, or NULL */
} BadCase;

static const BadCase bad_cases[] = {
  { "/fc/mapping-io/bad/not-json", "{'format': 'fluxcascade-mappings', 'version': ",
    FC_MAPPING_IO_ERROR_PARSE, "$: ", "not a JSON document" },
  { "/fc/mapping-io/bad/not-an-object", "[1, 2]", FC_MAPPING_IO_ERROR_FORMAT, "$: ",
    "found an array" },
  { "/fc/mapping-io/bad/wrong-format",
    "{'format': 'zapier-zaps', 'version': 1, 'mappings': []}",
    FC_MAPPING_IO_ERROR_FORMAT, "$.format: ", "zapier-zaps" },
  { "/fc/mapping-io/bad/missing-format", "{'version': 1, 'mappings': []}",
    FC_MAPPING_IO_ERROR_FORMAT, "$.format: missing", NULL },
  { "/fc/mapping-io/bad/newer-version",
    "{'format': 'fluxcascade-mappings', 'version': 2, 'mappings': []}",
    FC_MAPPING_IO_ERROR_FORMAT, "$.version: ", "version 2" },
  { "/fc/mapping-io/bad/version-not-a-number",
    "{'format': 'fluxcascade-mappings', 'version': '1', 'mappings': []}",
    FC_MAPPING_IO_ERROR_FORMAT, "$.version: expected a whole number, found a string", NULL },
  { "/fc/mapping-io/bad/mappings-not-an-array",
    "{'format': 'fluxcascade-mappings', 'version': 1, 'mappings': {}}",
    FC_MAPPING_IO_ERROR_FORMAT, "$.mappings: expected an array, found an object", NULL },
  { "/fc/mapping-io/bad/mapping-not-an-object", DOC (GOOD ("A") ", 'B'"),
    FC_MAPPING_IO_ERROR_FORMAT, "$.mappings[1]: expected an object, found a string", NULL },
  { "/fc/mapping-io/bad/missing-name", DOC ("{" SOURCE ", " TARGET ", " PAIRS "}"),
    FC_MAPPING_IO_ERROR_FORMAT, "$.mappings[0].name: missing", NULL },
  { "/fc/mapping-io/bad/name-not-a-string", DOC ("{'name': 42, " SOURCE ", " TARGET ", " PAIRS "}"),
    FC_MAPPING_IO_ERROR_FORMAT, "$.mappings[0].name: expected a string, found a number", NULL },
  { "/fc/mapping-io/bad/unknown-direction",
    DOC ("{'name': 'A', 'direction': 'sideways', " SOURCE ", " TARGET ", " PAIRS "}"),
    FC_MAPPING_IO_ERROR_FORMAT, "$.mappings[0].direction: ", "bidirectional" },
  { "/fc/mapping-io/bad/missing-source", DOC ("{'name': 'A', " TARGET ", " PAIRS "}"),
    FC_MAPPING_IO_ERROR_FORMAT, "$.mappings[0].source: missing", NULL },
  { "/fc/mapping-io/bad/unknown-provider",
    DOC ("{'name': 'A', 'source': {'provider': 'myspace', 'accountId': '1', 'object': 'x'}, "
         TARGET ", " PAIRS "}"),
    FC_MAPPING_IO_ERROR_FORMAT, "$.mappings[0].source.provider: ", "myspace" },
  { "/fc/mapping-io/bad/no-account",
    DOC ("{'name': 'A', " SOURCE ", 'target': {'provider': 'jobber', 'object': 'clients'}, "
         PAIRS "}"),
    FC_MAPPING_IO_ERROR_FORMAT, "$.mappings[0].target: ", "accountId" },
  { "/fc/mapping-io/bad/missing-object",
    DOC ("{'name': 'A', " SOURCE ", 'target': {'provider': 'jobber', 'accountId': 'J-774'}, "
         PAIRS "}"),
    FC_MAPPING_IO_ERROR_FORMAT, "$.mappings[0].target.object: missing", NULL },
  { "/fc/mapping-io/bad/field-not-a-string",
    DOC ("{'name': 'A', " SOURCE ", " TARGET ", 'fieldPairs': ["
         PAIR ("'email'", "'email'") ", " PAIR ("'phone', 7", "'phone'") "]}"),
    FC_MAPPING_IO_ERROR_FORMAT, "$.mappings[0].fieldPairs[1].sourceFields[1]: ", "a number" },
  { "/fc/mapping-io/bad/no-target-fields",
    DOC ("{'name': 'A', " SOURCE ", " TARGET ", 'fieldPairs': [" PAIR ("'email'", "") "]}"),
    FC_MAPPING_IO_ERROR_FORMAT, "$.mappings[0].fieldPairs[0].targetFields: empty", NULL },
  { "/fc/mapping-io/bad/required-not-boolean",
    DOC ("{'name': 'A', " SOURCE ", " TARGET ", 'fieldPairs': ["
         PAIR_T ("'email'", "'email'", "'required': 'yes'") "]}"),
    FC_MAPPING_IO_ERROR_FORMAT, "$.mappings[0].fieldPairs[0].required: ", "true or false" },
  { "/fc/mapping-io/bad/allow-clear-not-boolean",
    DOC ("{'name': 'A', " SOURCE ", " TARGET ", 'fieldPairs': ["
         PAIR_T ("'email'", "'email'", "'allowClear': 1") "]}"),
    FC_MAPPING_IO_ERROR_FORMAT, "$.mappings[0].fieldPairs[0].allowClear: ", "true or false" },
  { "/fc/mapping-io/bad/negative-schedule",
    DOC ("{'name': 'A', 'scheduleMinutes': -5, " SOURCE ", " TARGET ", " PAIRS "}"),
    FC_MAPPING_IO_ERROR_FORMAT, "$.mappings[0].scheduleMinutes: ", NULL },
  { "/fc/mapping-io/bad/unknown-transform",
    DOC ("{'name': 'A', " SOURCE ", " TARGET ", 'fieldPairs': ["
         PAIR ("'email'", "'email'") ", " PAIR ("'phone'", "'phone'") ", "
         PAIR_T ("'notes'", "'notes'", "'transform': 'frobnicate'") "]}"),
    FC_MAPPING_IO_ERROR_INVALID, "$.mappings[0].fieldPairs[2].transform: ", "“frobnicate”" },
  { "/fc/mapping-io/bad/arity",
    DOC ("{'name': 'A', " SOURCE ", " TARGET ", 'fieldPairs': ["
         PAIR_T ("'fullname'", "'firstName'", "'transform': 'split_name'") "]}"),
    FC_MAPPING_IO_ERROR_INVALID, "$.mappings[0].fieldPairs[0].transform: ", "split_name" },
  { "/fc/mapping-io/bad/no-reverse",
    DOC ("{'name': 'A', 'direction': 'bidirectional', " SOURCE ", " TARGET ", 'fieldPairs': ["
         PAIR_T ("'email'", "'email'", "'transform': 'lowercase'") "]}"),
    FC_MAPPING_IO_ERROR_INVALID, "$.mappings[0].fieldPairs[0].transform: ", "lowercase" },
  { "/fc/mapping-io/bad/pair-direction",
    DOC ("{'name': 'A', " SOURCE ", " TARGET ", 'fieldPairs': ["
         PAIR_T ("'email'", "'email'", "'direction': 'target_only'") "]}"),
    FC_MAPPING_IO_ERROR_INVALID, "$.mappings[0].fieldPairs[0].direction: ", "target_only" },
  { "/fc/mapping-io/bad/empty-field-name",
    DOC ("{'name': 'A', " SOURCE ", " TARGET ", 'fieldPairs': [" PAIR ("'email'", "' '") "]}"),
    FC_MAPPING_IO_ERROR_INVALID, "$.mappings[0].fieldPairs[0].targetFields: ", "empty name" },
  { "/fc/mapping-io/bad/no-pairs",
    DOC ("{'name': 'A', " SOURCE ", " TARGET ", 'fieldPairs': []}"),
    FC_MAPPING_IO_ERROR_INVALID, "$.mappings[0].fieldPairs: ", "no field pairs" },
  { "/fc/mapping-io/bad/blank-name", DOC (GOOD ("   ")),
    FC_MAPPING_IO_ERROR_INVALID, "$.mappings[0].name: ", NULL },
  { "/fc/mapping-io/bad/match-rule",
    DOC ("{'name': 'A', 'matchRule': ['email'], " SOURCE ", " TARGET ", " PAIRS "}"),
    FC_MAPPING_IO_ERROR_INVALID, "$.mappings[0].matchRule: ", "SOURCE_FIELD=TARGET_FIELD" },
  { "/fc/mapping-io/bad/same-endpoint",
    DOC ("{'name': 'A', " SOURCE ", 'target': {'provider': 'hubspot', 'accountId': '4821', "
         "'object': 'contacts'}, " PAIRS "}"),
    FC_MAPPING_IO_ERROR_INVALID, "$.mappings[0].target: ", "same source and target" },
  { "/fc/mapping-io/bad/duplicate-target",
    DOC ("{'name': 'A', " SOURCE ", " TARGET ", 'fieldPairs': ["
         PAIR ("'email'", "'email'") ", " PAIR ("'work_email'", "'email'") "]}"),
    FC_MAPPING_IO_ERROR_INVALID, "$.mappings[0].fieldPairs: ", "“email”" },
  { "/fc/mapping-io/bad/unbound-connection",
    DOC ("{'name': 'A', " SOURCE ", 'target': {'provider': 'pipedrive', 'accountId': '77', "
         "'accountName': 'Acme Sales', 'object': 'persons'}, " PAIRS "}"),
    FC_MAPPING_IO_ERROR_UNBOUND, "$.mappings[0].target: ",
    "Pipedrive account “Acme Sales” (account id 77)" },
  { "/fc/mapping-io/bad/name-taken", DOC (GOOD ("Existing")),
    FC_MAPPING_IO_ERROR_EXISTS, "$.mappings[0].name: ", "“Existing”" },
  { "/fc/mapping-io/bad/name-taken-other-case", DOC (GOOD ("EXISTING")),
    FC_MAPPING_IO_ERROR_EXISTS, "$.mappings[0].name: ", "“Existing”" },
  { "/fc/mapping-io/bad/name-twice-in-file", DOC (GOOD ("Twin") ", " GOOD ("twin")),
    FC_MAPPING_IO_ERROR_EXISTS, "$.mappings[1].name: ", "$.mappings[0]" },
  /* The first mapping is fine, the second is not: neither is saved. */
  { "/fc/mapping-io/bad/second-of-two",
    DOC (GOOD ("Fine") ", {'name': 'Broken', " SOURCE ", " TARGET ", 'fieldPairs': 3}"),
    FC_MAPPING_IO_ERROR_FORMAT, "$.mappings[1].fieldPairs: ", "found a number" },
};

static void
test_bad_import (Fixture       *fixture,
                 gconstpointer  user_data)
{
  const BadCase *bc = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (FcMapping) existing = build_leads_mapping (fixture->hubspot, fixture->salesforce);
  g_autoptr (GPtrArray) imported = NULL;
  g_autofree char *json = g_strdelimit (g_strdup (bc->json), "'", '"');
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  fc_mapping_set_name (existing, "Existing");
  g_assert_true (fc_store_save_mapping (fixture->store, existing, &error));
  g_assert_no_error (error);
  before = export_all (fixture->store);

  imported = fc_mapping_io_import (fixture->store, json, strlen (json), NULL, &error);
  g_assert_null (imported);
  g_assert_error (error, FC_MAPPING_IO_ERROR, bc->code);
  g_test_message ("%s", error->message);
  if (!g_str_has_prefix (error->message, bc->prefix))
    g_error ("“%s” does not start with “%s”", error->message, bc->prefix);
  if (bc->also != NULL && strstr (error->message, bc->also) == NULL)
    g_error ("“%s” is not in “%s”", bc->also, error->message);

  after = export_all (fixture->store);
  g_assert_cmpstr (before, ==, after);
}

/* The same documents, made valid, import: the table tests what it says it tests. */
static void
test_good_import_of_table_shapes (Fixture       *fixture,
                                  gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *json = g_strdelimit (g_strdup (DOC (GOOD ("Fine") ", " GOOD ("Also fine"))),
                                        "'", '"');
  g_autoptr (GPtrArray) imported = fc_mapping_io_import (fixture->store, json, -1, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (imported->len, ==, 2);
  g_assert_cmpstr (fc_mapping_get_source_connection_id (g_ptr_array_index (imported, 1)), ==,
                   fc_connection_get_id (fixture->hubspot));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, data) \
  g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down)

  ADD ("/fc/mapping-io/round-trip", test_round_trip, NULL);
  ADD ("/fc/mapping-io/export-selected", test_export_selected, NULL);
  ADD ("/fc/mapping-io/bindings", test_bindings, NULL);
  ADD ("/fc/mapping-io/engine-import", test_engine_import, NULL);
  ADD ("/fc/mapping-io/good-import", test_good_import_of_table_shapes, NULL);
  ADD ("/fc/mapping-io/atomic-save", test_atomic_save, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    ADD (bad_cases[i].path, test_bad_import, &bad_cases[i]);

#undef ADD

  return g_test_run ();
}
