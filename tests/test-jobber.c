/* test-jobber.c: the Jobber connector: its GraphQL documents, flattening, email and phone
 * edits by id, the query-cost bucket and webhooks, then the whole connector against the
 * provider simulator over HTTP on loopback
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fc-test-connector.h"
#include "fc-test-people.h"
#include "fc-test-util.h"

#include <string.h>

#include "fc-auth.h"
#include "fc-connector.h"
#include "fc-jobber-connector-private.h"
#include "fc-sim.h"
#include "fc-sim-jobber.h"

/* ---- helpers --------------------------------------------------------------------------- */

static JsonObject *
parse_object (const char *text)
{
  g_autoptr (JsonNode) node = fc_test_parse_json (text);

  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

static void
assert_json_equal (JsonObject *object,
                   const char *expected)
{
  g_autoptr (JsonNode) want = fc_test_parse_json (expected);
  g_autoptr (JsonNode) got = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *text = NULL;

  json_node_set_object (got, object);
  text = json_to_string (got, FALSE);
  if (!json_node_equal (want, got))
    g_error ("expected %s, got %s", expected, text);
}

/* A record of @object_type with the fields of the JSON object @json. */
static FcRecord *
record_from (const char *object_type,
             const char *id,
             const char *json)
{
  FcRecord *record = fc_record_new (object_type, id);
  g_autoptr (JsonObject) fields = parse_object (json);
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  json_object_iter_init (&iter, fields);
  while (json_object_iter_next (&iter, &name, &value))
    fc_record_set_field (record, name, value);
  return record;
}

static char *
dup_json (JsonNode *node)
{
  return node != NULL ? json_to_string (node, FALSE) : NULL;
}

/* ---- documents ------------------------------------------------------------------------- */

typedef struct
{
  const char *selection;
  guint       cost;
} CostCase;

static const CostCase cost_cases[] = {
  { "id", 1 },
  { "id name emails { id address }", 5 },
  { "nodes { id } pageInfo { endCursor hasNextPage }", 4 },
  { "id clientProperties(first: 1, after: \"x y\") { nodes { id } }", 3 },
  { "customFields { ... on CustomFieldText { label valueText } }", 3 },
  { "edges { node { id } cursor }", 2 },
};

static void
test_selection_cost (gconstpointer data)
{
  const CostCase *c = data;

  g_assert_cmpuint (_fc_jobber_selection_cost (c->selection), ==, c->cost);
}

static void
test_documents (void)
{
  const FcJobberType *clients = _fc_jobber_find_type ("clients");
  const FcJobberType *jobs = _fc_jobber_find_type ("jobs");
  const FcJobberMutation edit = {
    "clientEdit", "clientId", "input", "ClientEditInput!", NULL, "client", "id"
  };
  const FcJobberMutation close = {
    "jobClose", "jobId", NULL, NULL, "input: {modifyIncompleteVisitsBy: DESTROY_ALL}", "job", "id"
  };
  g_autofree char *list = _fc_jobber_build_list_query (clients);
  g_autofree char *job_list = _fc_jobber_build_list_query (jobs);
  g_autofree char *read = _fc_jobber_build_read_query (clients, 2, "id");
  g_autofree char *edits = _fc_jobber_build_mutation ("EditClients", &edit, 2);
  g_autofree char *closes = _fc_jobber_build_mutation ("CloseJobs", &close, 1);

  g_assert_nonnull (strstr (list, "$filter: ClientFilterAttributes"));
  g_assert_nonnull (strstr (list, "clients(first: $first, after: $after, filter: $filter)"));
  g_assert_nonnull (strstr (list, "pageInfo { endCursor hasNextPage }"));
  g_assert_null (strstr (job_list, "filter"));
  g_assert_nonnull (strstr (job_list, "sort: [{key: UPDATED_AT, direction: DESCENDING}]"));

  g_assert_cmpstr (read, ==,
                   "query ReadClients($id0: EncodedId!, $id1: EncodedId!) { "
                   "r0: client(id: $id0) { id } r1: client(id: $id1) { id } }");
  g_assert_cmpstr (edits, ==,
                   "mutation EditClients($id0: EncodedId!, $in0: ClientEditInput!, "
                   "$id1: EncodedId!, $in1: ClientEditInput!) { "
                   "w0: clientEdit(clientId: $id0, input: $in0) { client { id } "
                   "userErrors { message path } } "
                   "w1: clientEdit(clientId: $id1, input: $in1) { client { id } "
                   "userErrors { message path } } }");
  g_assert_cmpstr (closes, ==,
                   "mutation CloseJobs($id0: EncodedId!) { w0: jobClose(jobId: $id0, "
                   "input: {modifyIncompleteVisitsBy: DESTROY_ALL}) { job { id } "
                   "userErrors { message path } } }");

  /* A page of the widest type stays well under the 10,000-point bucket */
  for (const char * const *name = (const char * const []) { "clients", "jobs", "quotes", NULL };
       *name != NULL; name++)
    {
      const FcJobberType *type = _fc_jobber_find_type (*name);

      g_assert_cmpuint (_fc_jobber_type_cost (type, type->page_size), <=,
                        FC_JOBBER_BUCKET_MAXIMUM / 3 + 100);
    }
}

static void
test_list_variables (void)
{
  const FcJobberType *clients = _fc_jobber_find_type ("clients");
  const FcJobberType *jobs = _fc_jobber_find_type ("jobs");
  g_autoptr (JsonObject) first = _fc_jobber_build_list_variables (clients, 100, NULL, -1);
  g_autoptr (JsonObject) next = NULL;
  g_autoptr (JsonObject) job_vars = NULL;
  gint64 since = 0;

  g_assert_true (_fc_connector_parse_cursor ("2026-01-01T10:00:05.300Z", &since, NULL));
  next = _fc_jobber_build_list_variables (clients, 50, "Y3Vyc29y", since);
  job_vars = _fc_jobber_build_list_variables (jobs, 100, NULL, since);

  assert_json_equal (first, "{\"first\":100}");
  /* One second earlier, whole seconds: the cursor's own second is listed again */
  assert_json_equal (next, "{\"first\":50,\"after\":\"Y3Vyc29y\","
                           "\"filter\":{\"updatedAt\":{\"after\":\"2026-01-01T10:00:04Z\"}}}");
  assert_json_equal (job_vars, "{\"first\":100}");
}

/* ---- flattening ------------------------------------------------------------------------ */

#define CLIENT_JSON \
  "{\"id\":\"Z2lkOi8vSm9iYmVyL0NsaWVudC8x\",\"name\":\"Ada Lovelace\",\"title\":null," \
  "\"firstName\":\"Ada\",\"lastName\":\"Lovelace\",\"companyName\":null,\"isCompany\":false," \
  "\"isLead\":true,\"isArchived\":false,\"createdAt\":\"2025-01-02T03:04:05Z\"," \
  "\"updatedAt\":\"2025-02-03T04:05:06-07:00\"," \
  "\"emails\":[{\"id\":\"E1\",\"address\":\"ada@home.example\",\"description\":\"PERSONAL\"," \
  "\"primary\":false},{\"id\":\"E2\",\"address\":\"ada@work.example\",\"description\":\"WORK\"," \
  "\"primary\":true}]," \
  "\"phones\":[{\"id\":\"P1\",\"number\":\"+1 415 555 2671\",\"description\":\"MOBILE\"," \
  "\"primary\":true,\"smsAllowed\":true}]," \
  "\"billingAddress\":{\"street1\":\"12 St James's Square\",\"street2\":\"\",\"city\":\"London\"," \
  "\"province\":\"\",\"postalCode\":\"SW1Y 4JH\",\"country\":\"United Kingdom\"}}"

static void
test_flatten_client (void)
{
  g_autoptr (JsonObject) node = parse_object (CLIENT_JSON);
  g_autoptr (FcRecord) record = _fc_jobber_record_from_json (_fc_jobber_find_type ("clients"),
                                                             node);
  g_autofree char *emails = dup_json (fc_record_get_field (record, "emails"));
  g_autofree char *phones = dup_json (fc_record_get_field (record, "phones"));

  g_assert_nonnull (record);
  g_assert_cmpstr (fc_record_get_id (record), ==, "Z2lkOi8vSm9iYmVyL0NsaWVudC8x");
  g_assert_cmpstr (fc_record_get_object_type (record), ==, "clients");
  g_assert_cmpstr (fc_record_get_string (record, "firstName"), ==, "Ada");
  g_assert_true (JSON_NODE_HOLDS_NULL (fc_record_get_field (record, "companyName")));
  g_assert_false (json_node_get_boolean (fc_record_get_field (record, "isCompany")));
  g_assert_true (json_node_get_boolean (fc_record_get_field (record, "isLead")));
  g_assert_cmpstr (fc_record_get_string (record, "email"), ==, "ada@work.example");
  g_assert_cmpstr (emails, ==,
                   "[{\"id\":\"E2\",\"address\":\"ada@work.example\",\"description\":\"WORK\","
                   "\"primary\":true},{\"id\":\"E1\",\"address\":\"ada@home.example\","
                   "\"description\":\"PERSONAL\",\"primary\":false}]");
  g_assert_cmpstr (fc_record_get_string (record, "phone"), ==, "+1 415 555 2671");
  g_assert_cmpstr (phones, ==,
                   "[{\"id\":\"P1\",\"number\":\"+1 415 555 2671\",\"description\":\"MOBILE\","
                   "\"primary\":true,\"smsAllowed\":true}]");
  g_assert_cmpstr (fc_record_get_string (record, "billingAddress.city"), ==, "London");
  g_assert_cmpstr (fc_record_get_string (record, "billingAddress.postalCode"), ==, "SW1Y 4JH");
  g_assert_cmpstr (fc_record_get_string (record, "billingAddress.street2"), ==, "");
  g_assert_false (fc_record_has_field (record, "billingAddress"));
  /* updatedAt with its offset, in UTC milliseconds */
  g_assert_cmpint (fc_record_get_modified_ms (record), ==, G_GINT64_CONSTANT (1738580706000));
  g_assert_false (fc_record_get_archived (record));
}

static void
test_flatten_work (void)
{
  g_autoptr (JsonObject) job_node = parse_object (
    "{\"id\":\"J1\",\"jobNumber\":17,\"title\":\"Roof\",\"instructions\":null,\"total\":1500.5,"
    "\"jobStatus\":\"archived\",\"jobType\":\"ONE_OFF\",\"createdAt\":\"2025-01-01T00:00:00Z\","
    "\"updatedAt\":\"2025-01-01T00:00:01Z\",\"client\":{\"id\":\"C1\",\"name\":\"Ada\"},"
    "\"property\":{\"id\":\"PR1\"},\"quote\":null}");
  g_autoptr (JsonObject) quote_node = parse_object (
    "{\"id\":\"Q1\",\"quoteNumber\":\"12\",\"title\":\"Fence\",\"quoteStatus\":\"draft\","
    "\"updatedAt\":\"2025-01-01T00:00:02.250Z\",\"amounts\":{\"subtotal\":90,\"total\":99.5},"
    "\"client\":{\"id\":\"C2\",\"name\":\"Bob\"},\"property\":null}");
  g_autoptr (FcRecord) job = _fc_jobber_record_from_json (_fc_jobber_find_type ("jobs"), job_node);
  g_autoptr (FcRecord) quote = _fc_jobber_record_from_json (_fc_jobber_find_type ("quotes"),
                                                            quote_node);
  g_autoptr (JsonObject) no_id = parse_object ("{\"title\":\"x\"}");

  g_assert_cmpint (json_node_get_int (fc_record_get_field (job, "jobNumber")), ==, 17);
  g_assert_cmpfloat (json_node_get_double (fc_record_get_field (job, "total")), ==, 1500.5);
  g_assert_cmpstr (fc_record_get_string (job, "clientId"), ==, "C1");
  g_assert_cmpstr (fc_record_get_string (job, "clientName"), ==, "Ada");
  g_assert_cmpstr (fc_record_get_string (job, "propertyId"), ==, "PR1");
  g_assert_true (JSON_NODE_HOLDS_NULL (fc_record_get_field (job, "quoteId")));
  g_assert_true (fc_record_get_archived (job));

  g_assert_cmpfloat (json_node_get_double (fc_record_get_field (quote, "total")), ==, 99.5);
  g_assert_cmpstr (fc_record_get_string (quote, "clientId"), ==, "C2");
  g_assert_true (JSON_NODE_HOLDS_NULL (fc_record_get_field (quote, "propertyId")));
  g_assert_false (fc_record_get_archived (quote));
  g_assert_cmpint (fc_record_get_modified_ms (quote) % 1000, ==, 250);

  g_assert_null (_fc_jobber_record_from_json (_fc_jobber_find_type ("jobs"), no_id));
}

static void
test_fixed_fields (void)
{
  g_autoptr (GListStore) fields = _fc_jobber_fixed_fields (_fc_jobber_find_type ("clients"));
  g_autoptr (JsonObject) node = parse_object (CLIENT_JSON);
  g_autoptr (FcRecord) record = _fc_jobber_record_from_json (_fc_jobber_find_type ("clients"),
                                                             node);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (fields));

  /* Every field a client record carries is in the catalogue, and the other way round */
  g_assert_cmpuint (n, ==, fc_record_get_n_fields (record));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (FcFieldInfo) info = g_list_model_get_item (G_LIST_MODEL (fields), i);
      const char *name = fc_field_info_get_name (info);

      g_assert_true (fc_record_has_field (record, name));
      g_assert_false (fc_field_info_get_unique (info));
      if (g_str_equal (name, "id") || g_str_equal (name, "updatedAt")
          || g_str_equal (name, "isLead"))
        g_assert_true (fc_field_info_get_read_only (info));
      if (g_str_equal (name, "email") || g_str_has_prefix (name, "billingAddress."))
        g_assert_false (fc_field_info_get_read_only (info));
    }
}

/* ---- inputs ---------------------------------------------------------------------------- */

#define CURRENT_CONTACTS \
  "{\"emails\":[{\"id\":\"E1\",\"address\":\"a@x.example\",\"description\":\"MAIN\"," \
  "\"primary\":true},{\"id\":\"E2\",\"address\":\"b@x.example\",\"description\":\"WORK\"," \
  "\"primary\":false}],\"phones\":[{\"id\":\"P1\",\"number\":\"415-555-2671\"," \
  "\"description\":\"MAIN\",\"primary\":true,\"smsAllowed\":false}]," \
  "\"billingAddress\":{\"street1\":\"1 Main St\",\"street2\":\"\",\"city\":\"Springfield\"," \
  "\"province\":\"IL\",\"postalCode\":\"62701\",\"country\":\"US\"}}"

typedef struct
{
  const char *name;
  const char *fields;     /* the record to write */
  const char *expected;   /* the edit input, or NULL for a VALIDATION failure */
} EditCase;

static const EditCase edit_cases[] = {
  /* The primary address changes in place: same entry, same id */
  { "email-in-place", "{\"email\":\"c@x.example\"}",
    "{\"emailsToEdit\":[{\"id\":\"E1\",\"address\":\"c@x.example\"}]}" },
  /* The other address becomes primary: two flags, no address changes */
  { "email-other-primary", "{\"email\":\"B@X.example\"}",
    "{\"emailsToEdit\":[{\"id\":\"E1\",\"primary\":false},"
    "{\"id\":\"E2\",\"address\":\"B@X.example\",\"primary\":true}]}" },
  { "email-same", "{\"email\":\"a@x.example\"}", "{}" },
  { "email-cleared", "{\"email\":null}",
    "{\"emailsToEdit\":[{\"id\":\"E2\",\"primary\":true}],\"emailsToDelete\":[\"E1\"]}" },
  { "emails-one-gone", "{\"emails\":[\"a@x.example\"]}", "{\"emailsToDelete\":[\"E2\"]}" },
  { "emails-one-more", "{\"emails\":[\"a@x.example\",\"b@x.example\",\"c@x.example\"]}",
    "{\"emailsToAdd\":[{\"address\":\"c@x.example\",\"description\":\"MAIN\","
    "\"primary\":false}]}" },
  /* A changed entry is edited, not deleted and added again */
  { "emails-one-changed", "{\"emails\":[\"a@x.example\",\"d@x.example\"]}",
    "{\"emailsToEdit\":[{\"id\":\"E2\",\"address\":\"d@x.example\"}]}" },
  { "emails-reordered", "{\"emails\":[\"b@x.example\",\"a@x.example\"]}",
    "{\"emailsToEdit\":[{\"id\":\"E2\",\"primary\":true},{\"id\":\"E1\",\"primary\":false}]}" },
  { "emails-by-id",
    "{\"emails\":[{\"id\":\"E2\",\"address\":\"b2@x.example\",\"description\":\"personal\"}]}",
    "{\"emailsToEdit\":[{\"id\":\"E2\",\"address\":\"b2@x.example\",\"description\":\"PERSONAL\","
    "\"primary\":true}],\"emailsToDelete\":[\"E1\"]}" },
  { "emails-flattened-back",
    "{\"emails\":[{\"id\":\"E1\",\"address\":\"a@x.example\",\"description\":\"MAIN\","
    "\"primary\":true},{\"id\":\"E2\",\"address\":\"b@x.example\",\"description\":\"WORK\","
    "\"primary\":false}]}", "{}" },
  { "emails-unknown-id", "{\"emails\":[{\"id\":\"E9\",\"address\":\"z@x.example\"}]}", NULL },
  { "emails-bad-description",
    "{\"emails\":[{\"address\":\"z@x.example\",\"description\":\"FRIDGE\"}]}", NULL },
  { "emails-not-a-list", "{\"emails\":\"a@x.example\"}", NULL },
  /* Phone numbers compare by their digits */
  { "phone-reformatted", "{\"phone\":\"+1 (415) 555-2671\"}",
    "{\"phonesToEdit\":[{\"id\":\"P1\",\"number\":\"+1 (415) 555-2671\"}]}" },
  { "phone-new", "{\"phone\":\"+44 20 7946 0000\"}",
    "{\"phonesToEdit\":[{\"id\":\"P1\",\"number\":\"+44 20 7946 0000\"}]}" },
  { "phones-added",
    "{\"phones\":[\"415-555-2671\",{\"number\":\"555-0100\",\"description\":\"MOBILE\","
    "\"smsAllowed\":true}]}",
    "{\"phonesToAdd\":[{\"number\":\"555-0100\",\"description\":\"MOBILE\",\"primary\":false,"
    "\"smsAllowed\":true}]}" },
  { "phones-cleared", "{\"phones\":null}", "{\"phonesToDelete\":[\"P1\"]}" },
  /* The billing address is written whole, the parts not named kept */
  { "address-city", "{\"billingAddress.city\":\"Shelbyville\"}",
    "{\"billingAddress\":{\"street1\":\"1 Main St\",\"street2\":\"\",\"city\":\"Shelbyville\","
    "\"province\":\"IL\",\"postalCode\":\"62701\",\"country\":\"US\"}}" },
  { "address-same", "{\"billingAddress.city\":\"Springfield\"}", "{}" },
  { "scalars",
    "{\"firstName\":\"Ada\",\"lastName\":null,\"isCompany\":\"true\",\"title\":\"Dr.\","
    "\"name\":\"ignored\",\"updatedAt\":\"ignored\"}",
    "{\"firstName\":\"Ada\",\"lastName\":\"\",\"isCompany\":true,\"title\":\"DR\"}" },
  { "title-cleared", "{\"title\":null}", "{\"title\":null}" },
  { "title-unknown", "{\"title\":\"Sir\"}", NULL },
  { "unknown-field", "{\"favouriteColour\":\"blue\"}", NULL },
};

static void
test_client_edit (gconstpointer data)
{
  const EditCase *c = data;
  g_autoptr (JsonObject) current = parse_object (CURRENT_CONTACTS);
  g_autoptr (FcRecord) record = record_from ("clients", "C1", c->fields);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) input = NULL;

  input = _fc_jobber_edit_input (_fc_jobber_find_type ("clients"), record, current, &error);
  if (c->expected == NULL)
    {
      g_assert_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_VALIDATION);
      g_assert_null (input);
      return;
    }
  g_assert_no_error (error);
  assert_json_equal (input, c->expected);
}

typedef struct
{
  const char *name;
  const char *object_type;
  const char *fields;
  const char *property;
  const char *expected;  /* NULL: VALIDATION */
} CreateCase;

static const CreateCase create_cases[] = {
  { "client", "clients",
    "{\"firstName\":\"Grace\",\"lastName\":\"Hopper\",\"email\":\"grace@navy.example\","
    "\"phones\":[\"555-0101\",\"555-0102\"],\"billingAddress.city\":\"Arlington\","
    "\"billingAddress.street2\":null,\"isLead\":true}", NULL,
    "{\"firstName\":\"Grace\",\"lastName\":\"Hopper\","
    "\"emails\":[{\"address\":\"grace@navy.example\",\"description\":\"MAIN\",\"primary\":true}],"
    "\"phones\":[{\"number\":\"555-0101\",\"description\":\"MAIN\",\"primary\":true},"
    "{\"number\":\"555-0102\",\"description\":\"MAIN\",\"primary\":false}],"
    "\"billingAddress\":{\"city\":\"Arlington\"}}" },
  { "company", "clients", "{\"companyName\":\"Acme\",\"isCompany\":true,\"title\":null}", NULL,
    "{\"companyName\":\"Acme\",\"isCompany\":true}" },
  /* A won deal's amount comes as text */
  { "job", "jobs",
    "{\"clientId\":\"C1\",\"title\":\"Install\",\"instructions\":\"Side gate\","
    "\"total\":\"1500.50\",\"jobStatus\":\"upcoming\"}", "PR1",
    "{\"title\":\"Install\",\"instructions\":\"Side gate\",\"propertyId\":\"PR1\","
    "\"lineItems\":[{\"name\":\"Install\",\"unitPrice\":1500.5,\"quantity\":1.0,"
    "\"saveToProductsAndServices\":false}],"
    "\"scheduling\":{\"createVisits\":false,\"notifyTeam\":false},"
    "\"invoicing\":{\"invoicingType\":\"FIXED_PRICE\",\"invoicingSchedule\":\"ON_COMPLETION\"}}" },
  { "job-no-total", "jobs", "{\"client\":\"C1\",\"title\":\"Visit\",\"total\":null}", "PR1",
    "{\"title\":\"Visit\",\"propertyId\":\"PR1\","
    "\"scheduling\":{\"createVisits\":false,\"notifyTeam\":false},"
    "\"invoicing\":{\"invoicingType\":\"FIXED_PRICE\",\"invoicingSchedule\":\"ON_COMPLETION\"}}" },
  { "job-bad-total", "jobs", "{\"clientId\":\"C1\",\"total\":\"lots\"}", "PR1", NULL },
  { "quote", "quotes", "{\"clientId\":\"C1\",\"title\":\"Fence\",\"message\":\"Thanks\"}", "PR1",
    "{\"title\":\"Fence\",\"message\":\"Thanks\",\"propertyId\":\"PR1\",\"clientId\":\"C1\","
    "\"lineItems\":[]}" },
  { "quote-unknown-field", "quotes", "{\"clientId\":\"C1\",\"discount\":5}", "PR1", NULL },
};

static void
test_create_input (gconstpointer data)
{
  const CreateCase *c = data;
  g_autoptr (FcRecord) record = record_from (c->object_type, NULL, c->fields);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) input = NULL;

  input = _fc_jobber_create_input (_fc_jobber_find_type (c->object_type), record, c->property,
                                   &error);
  if (c->expected == NULL)
    {
      g_assert_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_VALIDATION);
      g_assert_null (input);
      return;
    }
  g_assert_no_error (error);
  assert_json_equal (input, c->expected);
}

static void
test_work_edit (void)
{
  const FcJobberType *jobs = _fc_jobber_find_type ("jobs");
  g_autoptr (JsonObject) current = parse_object ("{\"id\":\"J1\",\"total\":1500.5,"
                                                 "\"client\":{\"id\":\"C1\"},"
                                                 "\"property\":{\"id\":\"PR1\"}}");
  g_autoptr (FcRecord) same = record_from ("jobs", "J1", "{\"title\":\"New\",\"clientId\":\"C1\","
                                                         "\"total\":\"1500.50\"}");
  g_autoptr (FcRecord) moved = record_from ("jobs", "J1", "{\"clientId\":\"C2\"}");
  g_autoptr (FcRecord) repriced = record_from ("jobs", "J1", "{\"total\":99}");
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) input = NULL;

  g_assert_true (_fc_jobber_needs_current (jobs, same));
  input = _fc_jobber_edit_input (jobs, same, current, &error);
  g_assert_no_error (error);
  assert_json_equal (input, "{\"title\":\"New\"}");
  g_clear_pointer (&input, json_object_unref);

  input = _fc_jobber_edit_input (jobs, moved, current, &error);
  g_assert_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_VALIDATION);
  g_assert_nonnull (strstr (error->message, "C2"));
  g_assert_null (input);
  g_clear_error (&error);

  input = _fc_jobber_edit_input (jobs, repriced, current, &error);
  g_assert_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_VALIDATION);
  g_assert_nonnull (strstr (error->message, "line items"));
  g_assert_null (input);
}

/* ---- the bucket and errors ------------------------------------------------------------- */

static void
test_bucket (void)
{
  FcJobberBucket bucket;
  g_autoptr (JsonObject) response = parse_object (
    "{\"data\":{},\"extensions\":{\"cost\":{\"requestedQueryCost\":3005,\"actualQueryCost\":2000,"
    "\"throttleStatus\":{\"maximumAvailable\":1000,\"currentlyAvailable\":100,"
    "\"restoreRate\":50}}}}");
  g_autoptr (JsonObject) bare = parse_object ("{\"data\":{}}");
  gint64 now = 10 * G_USEC_PER_SEC;

  _fc_jobber_bucket_init (&bucket);
  g_assert_cmpfloat (_fc_jobber_bucket_estimate (&bucket, now), ==, FC_JOBBER_BUCKET_MAXIMUM);
  g_assert_cmpint (_fc_jobber_bucket_reserve (&bucket, 3000, now), ==, 0);
  g_assert_cmpfloat (_fc_jobber_bucket_estimate (&bucket, now), ==, 7000);
  /* Restored at 500 points per second, never above the maximum */
  g_assert_cmpfloat (_fc_jobber_bucket_estimate (&bucket, now + G_USEC_PER_SEC), ==, 7500);
  g_assert_cmpfloat (_fc_jobber_bucket_estimate (&bucket, now + 60 * G_USEC_PER_SEC), ==,
                     FC_JOBBER_BUCKET_MAXIMUM);

  g_assert_false (_fc_jobber_bucket_observe (&bucket, bare, now));
  g_assert_true (_fc_jobber_bucket_observe (&bucket, response, now));
  g_assert_cmpfloat (bucket.maximum, ==, 1000);
  g_assert_cmpfloat (bucket.restore_rate, ==, 50);
  /* 300 points with 100 there: the deficit of 200 takes 4 s at 50 per second */
  g_assert_cmpint (_fc_jobber_bucket_reserve (&bucket, 300, now), ==, 4 * G_USEC_PER_SEC);
  g_assert_cmpfloat (_fc_jobber_bucket_estimate (&bucket, now), ==, 100);
  g_assert_cmpint (_fc_jobber_bucket_reserve (&bucket, 300, now + 4 * G_USEC_PER_SEC), ==, 0);
  g_assert_cmpfloat (_fc_jobber_bucket_estimate (&bucket, now + 4 * G_USEC_PER_SEC), ==, 0);
  /* More than the bucket ever holds waits for a full bucket only */
  g_assert_cmpint (_fc_jobber_bucket_reserve (&bucket, 5000, now + 4 * G_USEC_PER_SEC), ==,
                   20 * G_USEC_PER_SEC);
}

typedef struct
{
  const char *name;
  const char *errors;
  const char *alias;
  int         code;       /* -1: no error */
  const char *part;       /* what the message says */
} ErrorCase;

static const ErrorCase error_cases[] = {
  { "throttled", "[{\"message\":\"Throttled\",\"extensions\":{\"code\":\"THROTTLED\"}}]", NULL,
    FC_CONNECTOR_ERROR_RATE_LIMITED, "[THROTTLED]" },
  { "disconnected",
    "[{\"message\":\"User has disconnected this app from their account. Please delete this "
    "token\"}]", NULL, FC_CONNECTOR_ERROR_AUTH, "disconnected" },
  { "schema", "[{\"message\":\"Field 'nope' doesn't exist on type 'Client'\","
    "\"locations\":[{\"line\":1,\"column\":3}],\"extensions\":{\"code\":\"undefinedField\"}}]",
    NULL, FC_CONNECTOR_ERROR_VALIDATION, "doesn't exist" },
  { "alias", "[{\"message\":\"Invalid id\",\"path\":[\"w1\",\"client\"]},"
    "{\"message\":\"Other\",\"path\":[\"w0\"]}]", "w1", FC_CONNECTOR_ERROR_VALIDATION,
    "Invalid id (at w1.client)" },
  { "other-alias", "[{\"message\":\"Other\",\"path\":[\"w0\"]}]", "w3", -1, NULL },
  { "none", "[]", NULL, -1, NULL },
};

static void
test_errors (gconstpointer data)
{
  const ErrorCase *c = data;
  g_autoptr (JsonNode) node = fc_test_parse_json (c->errors);
  g_autoptr (GError) error = NULL;
  gboolean failed;

  failed = _fc_jobber_errors_to_error (json_node_get_array (node), c->alias, "Reading", NULL,
                                       &error);
  if (c->code < 0)
    {
      g_assert_false (failed);
      g_assert_no_error (error);
      return;
    }
  g_assert_true (failed);
  g_assert_error (error, FC_CONNECTOR_ERROR, c->code);
  g_assert_true (g_str_has_prefix (error->message, "Reading: "));
  g_assert_nonnull (strstr (error->message, c->part));
  g_assert_true (_fc_jobber_errors_disconnected (json_node_get_array (node))
                 == g_str_equal (c->name, "disconnected"));
}

/* ---- webhooks -------------------------------------------------------------------------- */

/* provider-apis.md 3.6 */
#define VECTOR_SECRET "test_client_secret"
#define VECTOR_BODY \
  "{\"data\":{\"webHookEvent\":{\"topic\":\"CLIENT_UPDATE\"," \
  "\"appId\":\"3ef22a50-072d-430c-a78f-b7646657560b\",\"accountId\":\"MQ==\"," \
  "\"itemId\":\"MQ==\",\"occurredAt\":\"2021-08-12T16:31:36-06:00\"}}}"
#define VECTOR_SIGNATURE "YcxLHzLN90s6PiLV3CrhtwdGL4XViIrZNNPR9oo0jRc="

static void
test_webhook_vector (void)
{
  g_autoptr (GBytes) body = g_bytes_new_static (VECTOR_BODY, strlen (VECTOR_BODY));
  g_autoptr (SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  g_autofree char *signature = fc_jobber_webhook_signature (VECTOR_SECRET, body);
  g_autoptr (GError) error = NULL;

  g_assert_cmpstr (signature, ==, VECTOR_SIGNATURE);
  soup_message_headers_replace (headers, "X-Jobber-Hmac-SHA256", VECTOR_SIGNATURE);
  g_assert_true (fc_jobber_verify_webhook (VECTOR_SECRET, headers, body, &error));
  g_assert_no_error (error);
}

typedef struct
{
  const char *name;
  const char *secret;
  const char *signature;   /* NULL: no header */
  const char *body;
} Forgery;

static const Forgery forgeries[] = {
  { "forged", VECTOR_SECRET, "YcxLHzLN90s6PiLV3CrhtwdGL4XViIrZNNPR9oo0jRd=", VECTOR_BODY },
  { "other-secret", "another_secret", VECTOR_SIGNATURE, VECTOR_BODY },
  { "tampered-body", VECTOR_SECRET, VECTOR_SIGNATURE,
    "{\"data\":{\"webHookEvent\":{\"topic\":\"CLIENT_DESTROY\",\"itemId\":\"MQ==\"}}}" },
  { "no-header", VECTOR_SECRET, NULL, VECTOR_BODY },
  { "truncated", VECTOR_SECRET, "YcxLHzLN90s6PiLV3Crhtw", VECTOR_BODY },
};

static void
test_webhook_forged (gconstpointer data)
{
  const Forgery *forgery = data;
  g_autoptr (GBytes) body = g_bytes_new_static (forgery->body, strlen (forgery->body));
  g_autoptr (SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  g_autoptr (GError) error = NULL;

  if (forgery->signature != NULL)
    soup_message_headers_replace (headers, "X-Jobber-Hmac-SHA256", forgery->signature);
  g_assert_false (fc_jobber_verify_webhook (forgery->secret, headers, body, &error));
  g_assert_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_SIGNATURE);
  g_assert_null (strstr (error->message, VECTOR_SIGNATURE));
}

typedef struct
{
  const char         *name;
  const char         *body;
  int                 kind;       /* -1: no event; -2: INVALID_WEBHOOK */
  const char         *object_type;
  gint64              occurred_ms;
} EventCase;

#define EVENT(topic, time_member, time) \
  "{\"data\":{\"webHookEvent\":{\"topic\":\"" topic "\",\"appId\":\"app\",\"accountId\":\"A1\"," \
  "\"itemId\":\"SXRlbQ==\",\"" time_member "\":\"" time "\"}}}"

static const EventCase event_cases[] = {
  { "client-update", EVENT ("CLIENT_UPDATE", "occurredAt", "2021-08-12T16:31:36-06:00"),
    FC_WEBHOOK_EVENT_UPDATE, "clients", G_GINT64_CONSTANT (1628807496000) },
  { "job-create", EVENT ("JOB_CREATE", "occurredAt", "2025-01-01T00:00:00Z"),
    FC_WEBHOOK_EVENT_CREATE, "jobs", G_GINT64_CONSTANT (1735689600000) },
  { "quote-destroy", EVENT ("QUOTE_DESTROY", "occurredAt", "2025-01-01T00:00:00Z"),
    FC_WEBHOOK_EVENT_DELETE, "quotes", G_GINT64_CONSTANT (1735689600000) },
  { "quote-approved", EVENT ("QUOTE_APPROVED", "occurredAt", "2025-01-01T00:00:00Z"),
    FC_WEBHOOK_EVENT_UPDATE, "quotes", G_GINT64_CONSTANT (1735689600000) },
  /* Apps made before 2023-12-08 */
  { "misspelled", EVENT ("CLIENT_CREATE", "occuredAt", "2021-08-12T16:31:36-06:00"),
    FC_WEBHOOK_EVENT_CREATE, "clients", G_GINT64_CONSTANT (1628807496000) },
  { "invoice", EVENT ("INVOICE_CREATE", "occurredAt", "2025-01-01T00:00:00Z"), -1, NULL, 0 },
  { "product", EVENT ("PRODUCT_OR_SERVICE_UPDATE", "occurredAt", "2025-01-01T00:00:00Z"), -1,
    NULL, 0 },
  { "no-item", "{\"data\":{\"webHookEvent\":{\"topic\":\"CLIENT_UPDATE\"}}}", -2, NULL, 0 },
  { "no-event", "{\"data\":{}}", -2, NULL, 0 },
  { "not-json", "topic=CLIENT_UPDATE", -2, NULL, 0 },
};

static void
test_webhook_events (gconstpointer data)
{
  const EventCase *c = data;
  g_autoptr (GBytes) body = g_bytes_new_static (c->body, strlen (c->body));
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) events = fc_jobber_parse_events (body, &error);
  g_autoptr (GPtrArray) again = NULL;
  FcWebhookEvent *event;
  GDateTime *when;

  if (c->kind == -2)
    {
      g_assert_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_INVALID_WEBHOOK);
      g_assert_null (events);
      return;
    }
  g_assert_no_error (error);
  if (c->kind == -1)
    {
      g_assert_cmpuint (events->len, ==, 0);
      return;
    }

  g_assert_cmpuint (events->len, ==, 1);
  event = g_ptr_array_index (events, 0);
  g_assert_cmpint (fc_webhook_event_get_kind (event), ==, c->kind);
  g_assert_cmpstr (fc_webhook_event_get_object_type (event), ==, c->object_type);
  g_assert_cmpstr (fc_webhook_event_get_record_id (event), ==, "SXRlbQ==");
  when = fc_webhook_event_get_occurred_at (event);
  g_assert_nonnull (when);
  g_assert_cmpint (g_date_time_to_unix (when) * 1000, ==, c->occurred_ms);

  /* A second delivery of the same event has the same id; another event another one */
  again = fc_jobber_parse_events (body, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fc_webhook_event_get_event_id (g_ptr_array_index (again, 0)), ==,
                   fc_webhook_event_get_event_id (event));
  g_assert_nonnull (strstr (fc_webhook_event_get_event_id (event), "SXRlbQ=="));
}

/* ---- against the simulator ------------------------------------------------------------ */

typedef struct
{
  FcSim        *sim;
  FcSecrets    *secrets;
  FcAuth       *auth;
  FcConnection *connection;
  FcConnector  *connector;
  char         *access_token;
  char         *refresh_token;
  guint         n_expired;
} Fixture;



static void
on_expired_cb (FcAuth       *auth,
               FcConnection *connection,
               gpointer      user_data)
{
  Fixture *fixture = user_data;

  fixture->n_expired++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (FcToken) token = NULL;

  fixture->sim = fc_sim_new ();
  fc_sim_set_seed (fixture->sim, 11);
  g_assert_true (fc_sim_start_in_thread (fixture->sim, 0, &error));
  g_assert_no_error (error);

  fixture->secrets = fc_secrets_new ();
  fixture->auth = fc_auth_new (fixture->secrets);
  g_signal_connect (fixture->auth, "connection-expired", G_CALLBACK (on_expired_cb), fixture);
  /* Signed in with no PKCE, client credentials in the body, the expiry from the JWT's exp:
   * about an hour */
  fixture->connection = fc_test_sign_in_oauth (fixture->sim, fixture->auth, FC_PROVIDER_JOBBER,
                                               &token);
  g_assert_cmpint (fc_token_get_expires_at (token), >, g_get_real_time () / G_USEC_PER_SEC);
  fixture->access_token = g_strdup (fc_token_get_access_token (token));
  fixture->refresh_token = g_strdup (fc_token_get_refresh_token (token));

  fixture->connector = fc_test_connector_new (fixture->connection, fixture->auth);
  fc_sim_reset_counters (fixture->sim);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->connector);
  g_clear_object (&fixture->auth);
  g_clear_object (&fixture->secrets);
  g_clear_object (&fixture->connection);
  fc_sim_stop (fixture->sim);
  g_clear_object (&fixture->sim);
  g_free (fixture->access_token);
  g_free (fixture->refresh_token);
}

static char *
seed (Fixture    *fixture,
      const char *object,
      const char *json)
{
  g_autoptr (GError) error = NULL;
  char *id = fc_sim_seed (fixture->sim, "jobber", object, json, &error);

  g_assert_no_error (error);
  g_assert_nonnull (id);
  return id;
}

static void
set_limits (Fixture    *fixture,
            const char *json)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (fc_sim_set_rate_limits (fixture->sim, "jobber", json, &error));
  g_assert_no_error (error);
}

static guint
count_requests (Fixture *fixture)
{
  return fc_sim_get_count (fixture->sim, "jobber", "POST", "/api/graphql", 0);
}




static FcRecord *
read_one (Fixture    *fixture,
          const char *object,
          const char *id)
{
  return fc_test_read_one (fixture->connector, object, id);
}


static GPtrArray *
records_of (const char *object,
            ...) G_GNUC_NULL_TERMINATED;

/* Records from (id, fields JSON) pairs; a NULL id creates */
static GPtrArray *
records_of (const char *object,
            ...)
{
  GPtrArray *records = g_ptr_array_new_with_free_func (g_object_unref);
  va_list args;

  va_start (args, object);
  for (const char *json = va_arg (args, const char *); json != NULL;
       json = va_arg (args, const char *))
    {
      const char *id = va_arg (args, const char *);

      g_ptr_array_add (records, record_from (object, id, json));
    }
  va_end (args);
  return records;
}

/* The id of the entry of a flattened list (emails, phones) whose @member is @value */
static const char *
entry_id (FcRecord   *record,
          const char *list,
          const char *member,
          const char *value)
{
  JsonArray *items = json_node_get_array (fc_record_get_field (record, list));

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (item, member, NULL),
                     value) == 0)
        return json_object_get_string_member (item, "id");
    }
  return NULL;
}

static void
test_object_types (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) types = NULL;
  g_autoptr (FcRecordPage) page = NULL;

  fc_connector_list_object_types_async (fixture->connector, NULL, fc_test_on_ready_cb, &result);
  types = fc_connector_list_object_types_finish (fixture->connector, fc_test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (types), ==, 3);
  g_assert_cmpstr (types[0], ==, "clients");
  g_assert_cmpstr (types[1], ==, "jobs");
  g_assert_cmpstr (types[2], ==, "quotes");

  page = fc_test_list_page (fixture->connector, "invoices", NULL, NULL, &error);
  g_assert_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_UNSUPPORTED);
  g_assert_null (page);
}

static FcFieldInfo *
find_field (GListModel *fields,
            const char *name)
{
  for (guint i = 0; i < g_list_model_get_n_items (fields); i++)
    {
      g_autoptr (FcFieldInfo) info = g_list_model_get_item (fields, i);

      if (g_str_equal (fc_field_info_get_name (info), name))
        return info;
    }
  return NULL;
}

static void
test_fields (Fixture       *fixture,
             gconstpointer  data)
{
  const char *objects[] = { "clients", "jobs", "quotes" };

  for (guint i = 0; i < G_N_ELEMENTS (objects); i++)
    {
      g_autoptr (GAsyncResult) result = NULL;
      g_autoptr (GError) error = NULL;
      g_autoptr (GListModel) fields = NULL;
      FcFieldInfo *info;

      fc_connector_list_fields_async (fixture->connector, objects[i], NULL, fc_test_on_ready_cb, &result);
      fields = fc_connector_list_fields_finish (fixture->connector, fc_test_wait_for (&result), &error);
      g_assert_no_error (error);
      g_assert_true (g_list_model_get_item_type (fields) == FC_TYPE_FIELD_INFO);

      info = find_field (fields, "id");
      g_assert_nonnull (info);
      g_assert_true (fc_field_info_get_read_only (info));
      g_assert_true (fc_field_info_get_read_only (find_field (fields, "updatedAt")));
      g_assert_false (fc_field_info_get_read_only (find_field (fields, "title")));
      for (guint f = 0; f < g_list_model_get_n_items (fields); f++)
        {
          g_autoptr (FcFieldInfo) any = g_list_model_get_item (fields, f);

          g_assert_false (fc_field_info_get_unique (any));
          g_assert_nonnull (fc_field_info_get_label (any));
        }
      if (i == 0)
        {
          g_assert_false (fc_field_info_get_read_only (find_field (fields, "email")));
          g_assert_nonnull (find_field (fields, "billingAddress.postalCode"));
          g_assert_true (fc_field_info_get_read_only (find_field (fields, "isLead")));
          g_assert_cmpuint (fc_field_info_get_n_options (find_field (fields, "title")), ==, 5);
        }
      else
        {
          g_assert_false (fc_field_info_get_read_only (find_field (fields, "clientId")));
          g_assert_false (fc_field_info_get_read_only (find_field (fields, "total")));
        }
      if (i == 1)
        g_assert_true (fc_field_info_get_read_only (find_field (fields, "jobNumber")));
    }
  /* A fixed catalogue: nothing asked of Jobber */
  g_assert_cmpuint (count_requests (fixture), ==, 0);
}

static void
test_account (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *id = NULL;
  g_autofree char *expected = fc_sim_jobber_encode_id ("Account", 1357911);

  fc_connector_discover_account_async (fixture->connector, NULL, fc_test_on_ready_cb, &result);
  g_assert_true (fc_connector_discover_account_finish (fixture->connector, fc_test_wait_for (&result),
                                                       &name, &id, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (id, ==, expected);
  g_assert_cmpstr (name, ==, "FluxCascade Simulated Services");
}

static void
test_paging (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *cursor = NULL;
  FcRateLimiter *limiter;
  gint64 latest = 0;
  guint pages = 0;

  /* 1,150 clients at ~3,000 points a page: a fast-restoring bucket keeps the test short; the
   * pages still go out only as the bucket allows */
  g_assert_true (fc_sim_seed_generated (fixture->sim, "jobber", "clients", 1150, &error));
  g_assert_no_error (error);
  set_limits (fixture, "{\"restore_rate\":40000}");

  records = fc_test_list_all (fixture->connector, "clients", NULL, &pages, &cursor);
  g_assert_cmpuint (records->len, ==, 1150);
  g_assert_cmpuint (pages, ==, 12);
  g_assert_cmpuint (count_requests (fixture), ==, 12);
  /* Each one counted against the cap of 2,500 requests per 5 minutes */
  limiter = _fc_jobber_connector_get_limiter (FC_JOBBER_CONNECTOR (fixture->connector));
  g_assert_cmpuint (fc_rate_limiter_get_max_requests (limiter), ==, 2500);
  g_assert_cmpuint (fc_rate_limiter_get_window_ms (limiter), ==, 5 * 60 * 1000);
  g_assert_cmpuint (fc_rate_limiter_count_in_window (limiter, g_get_monotonic_time ()), ==, 12);
  for (guint i = 0; i < records->len; i++)
    {
      FcRecord *record = g_ptr_array_index (records, i);

      g_assert_true (g_hash_table_add (ids, (gpointer) fc_record_get_id (record)));
      g_assert_nonnull (fc_record_get_string (record, "email"));
      g_assert_nonnull (fc_record_get_string (record, "billingAddress.city"));
      latest = MAX (latest, fc_record_get_modified_ms (record));
    }
  /* The cursor is the latest change of the whole listing, not of its last page */
  g_assert_nonnull (cursor);
  g_assert_cmpint (_fc_connector_parse_time_ms (cursor), ==, latest);
}

static void
test_incremental (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *old1 = seed (fixture, "clients", "{\"firstName\":\"Old\",\"lastName\":\"One\","
                                "\"updatedAt\":\"2025-01-01T10:00:00Z\"}");
  g_autofree char *old2 = seed (fixture, "clients", "{\"firstName\":\"Old\",\"lastName\":\"Two\","
                                "\"updatedAt\":\"2025-01-01T10:00:04Z\"}");
  g_autofree char *edge = seed (fixture, "clients", "{\"firstName\":\"Edge\","
                                "\"updatedAt\":\"2025-01-01T10:00:05Z\"}");
  g_autofree char *newer = seed (fixture, "clients", "{\"companyName\":\"Newer\","
                                 "\"isCompany\":true,\"updatedAt\":\"2025-02-01T00:00:00Z\"}");
  g_autofree char *client = seed (fixture, "clients", "{\"firstName\":\"Jo\"}");
  g_autofree char *property_json = g_strdup_printf ("{\"clientId\":\"%s\",\"address\":"
                                                    "{\"street1\":\"1 Job Way\"}}", client);
  g_autofree char *property = seed (fixture, "properties", property_json);
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GPtrArray) jobs = NULL;
  g_autofree char *cursor = NULL;
  guint pages = 0;

  /* Inclusive at the cursor's second, nothing older */
  records = fc_test_list_all (fixture->connector, "clients", "2025-01-01T10:00:05.000Z", &pages, &cursor);
  g_assert_cmpuint (pages, ==, 1);
  g_assert_cmpuint (records->len, ==, 3);
  for (guint i = 0; i < records->len; i++)
    {
      const char *id = fc_record_get_id (g_ptr_array_index (records, i));

      g_assert_cmpstr (id, !=, old1);
      g_assert_cmpstr (id, !=, old2);
    }
  g_assert_cmpint (_fc_connector_parse_time_ms (cursor), >=,
                   _fc_connector_parse_time_ms ("2025-02-01T00:00:00Z"));
  g_clear_pointer (&records, g_ptr_array_unref);

  /* Jobs come newest first, and the listing stops at the first older one */
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *json = g_strdup_printf (
        "{\"propertyId\":\"%s\",\"title\":\"Job %u\",\"updatedAt\":\"2025-03-0%uT00:00:00Z\","
        "\"scheduling\":{\"createVisits\":false,\"notifyTeam\":false},"
        "\"invoicing\":{\"invoicingType\":\"FIXED_PRICE\","
        "\"invoicingSchedule\":\"ON_COMPLETION\"}}",
        property, i, i + 1);
      G_GNUC_UNUSED g_autofree char *id = seed (fixture, "jobs", json);
    }
  fc_sim_reset_counters (fixture->sim);
  jobs = fc_test_list_all (fixture->connector, "jobs", "2025-03-04T00:00:00.000Z", &pages, NULL);
  g_assert_cmpuint (jobs->len, ==, 2);
  g_assert_cmpstr (fc_record_get_string (g_ptr_array_index (jobs, 0), "title"), ==, "Job 4");
  g_assert_cmpstr (fc_record_get_string (g_ptr_array_index (jobs, 1), "title"), ==, "Job 3");
  g_assert_cmpstr (fc_record_get_string (g_ptr_array_index (jobs, 0), "clientId"), ==, client);
  g_assert_cmpuint (count_requests (fixture), ==, 1);
  g_assert_nonnull (newer);
  g_assert_nonnull (edge);
}

static void
test_read_find (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *ada = seed (fixture, "clients",
                               "{\"firstName\":\"Ada\",\"lastName\":\"Lovelace\","
                               "\"emails\":[{\"address\":\"ada@example.com\",\"primary\":true},"
                               "{\"address\":\"countess@example.com\"}],"
                               "\"phones\":[{\"number\":\"(415) 555-2671\",\"primary\":true}]}");
  g_autofree char *adam = seed (fixture, "clients",
                                "{\"firstName\":\"Adam\",\"emails\":"
                                "[{\"address\":\"ada@example.com.au\",\"primary\":true}]}");
  g_autofree char *missing = fc_sim_jobber_encode_id ("Client", 999999);
  const char *ids[] = { adam, missing, "MTIz", "not an id!", ada, NULL };
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GError) error = NULL;

  records = fc_test_read_records (fixture->connector, "clients", ids, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 2);
  g_assert_cmpstr (fc_record_get_id (g_ptr_array_index (records, 0)), ==, adam);
  g_assert_cmpstr (fc_record_get_id (g_ptr_array_index (records, 1)), ==, ada);
  g_assert_cmpuint (count_requests (fixture), ==, 1);
  g_clear_pointer (&records, g_ptr_array_unref);

  /* The search finds both; only the exact address stays, whatever its case */
  records = fc_test_find_records (fixture->connector, "clients", "email", "ADA@example.com", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1);
  g_assert_cmpstr (fc_record_get_id (g_ptr_array_index (records, 0)), ==, ada);
  g_clear_pointer (&records, g_ptr_array_unref);

  records = fc_test_find_records (fixture->connector, "clients", "email", "countess@example.com", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1);
  g_clear_pointer (&records, g_ptr_array_unref);

  /* Written another way, the number is the same */
  records = fc_test_find_records (fixture->connector, "clients", "phone", "+1 415-555-2671", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1);
  g_assert_cmpstr (fc_record_get_id (g_ptr_array_index (records, 0)), ==, ada);
  g_clear_pointer (&records, g_ptr_array_unref);

  records = fc_test_find_records (fixture->connector, "clients", "firstName", "Ada", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1);
  g_clear_pointer (&records, g_ptr_array_unref);

  records = fc_test_find_records (fixture->connector, "clients", "isLead", "true", &error);
  g_assert_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_UNSUPPORTED);
  g_assert_null (records);
}

static void
assert_failure (GPtrArray  *results,
                guint       index,
                int         code,
                const char *part)
{
  FcWriteResult *result = g_ptr_array_index (results, index);
  const GError *error = fc_write_result_get_error (result);

  g_assert_cmpuint (fc_write_result_get_index (result), ==, index);
  g_assert_false (fc_write_result_get_success (result));
  g_assert_error ((GError *) error, FC_CONNECTOR_ERROR, code);
  if (strstr (error->message, part) == NULL)
    g_error ("record %u: “%s” does not say “%s”", index, error->message, part);
}

static void
test_batch_writes (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr (GPtrArray) creates = records_of ("clients",
    "{\"firstName\":\"Grace\",\"lastName\":\"Hopper\",\"email\":\"grace@example.com\","
    "\"phone\":\"555-0101\",\"billingAddress.city\":\"Arlington\"}", NULL,
    "{\"email\":\"nobody@example.com\"}", NULL,
    "{\"companyName\":\"Acme\",\"isCompany\":true,\"title\":\"Dr\"}", NULL,
    "{\"firstName\":\"Bad\",\"email\":\"not an address\"}", NULL,
    "{\"firstName\":\"Odd\",\"shoeSize\":44}", NULL,
    NULL);
  g_autoptr (GPtrArray) results = NULL;
  g_autoptr (GPtrArray) updates = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (FcRecord) grace = NULL;
  g_autofree char *missing = fc_sim_jobber_encode_id ("Client", 424242);
  FcWriteResult *result;

  results = fc_test_write_records (fixture->connector, "create", "clients", creates, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 5);

  /* One request for the batch; the record refused before sending is not in it */
  g_assert_cmpuint (count_requests (fixture), ==, 1);
  g_assert_cmpuint (fc_sim_get_count (fixture->sim, "jobber", "POST", "graphql:clientCreate", 0),
                    ==, 4);

  result = g_ptr_array_index (results, 0);
  g_assert_true (fc_write_result_get_success (result));
  g_assert_true (fc_write_result_get_created (result));
  g_assert_nonnull (fc_write_result_get_id (result));
  g_assert_cmpstr (fc_record_get_string (fc_write_result_get_record (result), "email"), ==,
                   "grace@example.com");
  assert_failure (results, 1, FC_CONNECTOR_ERROR_VALIDATION, "first name");
  assert_failure (results, 1, FC_CONNECTOR_ERROR_VALIDATION, "input.firstName");
  g_assert_true (fc_write_result_get_success (g_ptr_array_index (results, 2)));
  assert_failure (results, 3, FC_CONNECTOR_ERROR_VALIDATION, "input.emails.0.address");
  assert_failure (results, 4, FC_CONNECTOR_ERROR_VALIDATION, "shoeSize");
  g_assert_cmpuint (fc_sim_count_records (fixture->sim, "jobber", "clients", FALSE), ==, 2);

  grace = read_one (fixture, "clients", fc_write_result_get_id (g_ptr_array_index (results, 0)));
  g_assert_cmpstr (fc_record_get_string (grace, "phone"), ==, "555-0101");
  g_assert_cmpstr (fc_record_get_string (grace, "billingAddress.city"), ==, "Arlington");

  /* Updates: one that changes nothing is not sent, one names no client */
  updates = records_of ("clients",
    "{\"lastName\":\"Hopper-Murray\"}", fc_write_result_get_id (g_ptr_array_index (results, 0)),
    "{\"firstName\":\"Ghost\"}", missing,
    "{\"companyName\":\"Acme\"}", fc_write_result_get_id (g_ptr_array_index (results, 2)),
    "{\"companyName\":\"\"}", fc_write_result_get_id (g_ptr_array_index (results, 2)),
    NULL);
  g_clear_pointer (&results, g_ptr_array_unref);
  fc_sim_reset_counters (fixture->sim);
  results = fc_test_write_records (fixture->connector, "update", "clients", updates, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 4);
  g_assert_cmpuint (count_requests (fixture), ==, 1);
  g_assert_true (fc_write_result_get_success (g_ptr_array_index (results, 0)));
  g_assert_cmpstr (fc_record_get_string (fc_write_result_get_record (g_ptr_array_index (results,
                                                                                       0)),
                                         "lastName"), ==, "Hopper-Murray");
  g_assert_false (fc_write_result_get_success (g_ptr_array_index (results, 1)));
  g_assert_true (fc_write_result_get_success (g_ptr_array_index (results, 2)));
  assert_failure (results, 3, FC_CONNECTOR_ERROR_VALIDATION, "Company name");
  g_assert_false (fc_write_result_get_created (g_ptr_array_index (results, 0)));
}

static void
test_contacts_by_id (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *id = seed (fixture, "clients",
                              "{\"firstName\":\"Ada\","
                              "\"emails\":[{\"address\":\"ada@work.example\",\"primary\":true,"
                              "\"description\":\"WORK\"},{\"address\":\"ada@home.example\","
                              "\"description\":\"PERSONAL\"}],"
                              "\"phones\":[{\"number\":\"555-0100\",\"primary\":true},"
                              "{\"number\":\"555-0199\",\"description\":\"MOBILE\"}]}");
  g_autoptr (FcRecord) before = read_one (fixture, "clients", id);
  g_autoptr (FcRecord) after = NULL;
  g_autoptr (GPtrArray) updates = NULL;
  g_autoptr (GPtrArray) results = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *home = g_strdup (entry_id (before, "emails", "address", "ada@home.example"));
  g_autofree char *work = g_strdup (entry_id (before, "emails", "address", "ada@work.example"));
  g_autofree char *mobile = g_strdup (entry_id (before, "phones", "number", "555-0199"));
  g_autofree char *main_phone = g_strdup (entry_id (before, "phones", "number", "555-0100"));

  g_assert_nonnull (home);
  g_assert_nonnull (work);

  /* A new primary address, the main number changed, a third number added */
  updates = records_of ("clients",
    "{\"email\":\"ada@newjob.example\",\"phones\":[\"555-0111\",\"555-0199\","
    "{\"number\":\"555-0123\",\"description\":\"HOME\"}]}", id,
    NULL);
  fc_sim_reset_counters (fixture->sim);
  results = fc_test_write_records (fixture->connector, "update", "clients", updates, &error);
  g_assert_no_error (error);
  g_assert_true (fc_write_result_get_success (g_ptr_array_index (results, 0)));
  /* One read for the entries' ids, one edit */
  g_assert_cmpuint (count_requests (fixture), ==, 2);
  g_assert_cmpuint (fc_sim_get_count (fixture->sim, "jobber", "POST", "graphql:clientEdit", 0),
                    ==, 1);

  after = read_one (fixture, "clients", id);
  g_assert_cmpstr (fc_record_get_string (after, "email"), ==, "ada@newjob.example");
  /* The primary entry was edited in place; the other one was not touched */
  g_assert_cmpstr (entry_id (after, "emails", "address", "ada@newjob.example"), ==, work);
  g_assert_cmpstr (entry_id (after, "emails", "address", "ada@home.example"), ==, home);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (
                      fc_record_get_field (after, "emails"))), ==, 2);
  g_assert_cmpstr (entry_id (after, "phones", "number", "555-0111"), ==, main_phone);
  g_assert_cmpstr (entry_id (after, "phones", "number", "555-0199"), ==, mobile);
  g_assert_nonnull (entry_id (after, "phones", "number", "555-0123"));
  g_assert_cmpstr (fc_record_get_string (after, "phone"), ==, "555-0111");

  /* Only the one the record no longer has goes */
  g_clear_pointer (&updates, g_ptr_array_unref);
  g_clear_pointer (&results, g_ptr_array_unref);
  g_clear_object (&before);
  before = g_steal_pointer (&after);
  updates = records_of ("clients", "{\"emails\":[\"ada@newjob.example\"]}", id, NULL);
  results = fc_test_write_records (fixture->connector, "update", "clients", updates, &error);
  g_assert_no_error (error);
  g_assert_true (fc_write_result_get_success (g_ptr_array_index (results, 0)));
  after = read_one (fixture, "clients", id);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (
                      fc_record_get_field (after, "emails"))), ==, 1);
  g_assert_cmpstr (entry_id (after, "emails", "address", "ada@newjob.example"), ==, work);
  g_assert_true (fc_record_field_equal (before, after, "phones"));
}

static void
test_deals_to_jobs (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *client = seed (fixture, "clients",
                                  "{\"firstName\":\"Won\",\"lastName\":\"Deal\","
                                  "\"billingAddress\":{\"street1\":\"7 Harbour Road\","
                                  "\"city\":\"Halifax\",\"province\":\"NS\","
                                  "\"postalCode\":\"B3H 1A1\",\"country\":\"Canada\"}}");
  g_autofree char *job_json = g_strdup_printf ("{\"clientId\":\"%s\",\"title\":\"Deck build\","
                                               "\"instructions\":\"From the CRM deal\","
                                               "\"total\":\"2500.00\"}", client);
  g_autofree char *second_json = g_strdup_printf ("{\"client\":\"%s\",\"title\":\"Stairs\"}",
                                                  client);
  g_autofree char *quote_json = g_strdup_printf ("{\"clientId\":\"%s\",\"title\":\"Railing\","
                                                 "\"total\":300}", client);
  g_autofree char *property = NULL;
  g_autoptr (GPtrArray) jobs = records_of ("jobs", job_json, NULL, second_json, NULL,
                                           "{\"title\":\"Nobody's\"}", NULL, NULL);
  g_autoptr (GPtrArray) quotes = records_of ("quotes", quote_json, NULL, NULL);
  g_autoptr (GPtrArray) results = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (FcRecord) job = NULL;
  g_autofree char *stored = NULL;
  FcRecord *written;

  results = fc_test_write_records (fixture->connector, "create", "jobs", jobs, &error);
  g_assert_no_error (error);
  g_assert_true (fc_write_result_get_success (g_ptr_array_index (results, 0)));
  g_assert_true (fc_write_result_get_success (g_ptr_array_index (results, 1)));
  assert_failure (results, 2, FC_CONNECTOR_ERROR_VALIDATION, "clientId");

  /* One property, made from the billing address, serves both jobs */
  g_assert_cmpuint (fc_sim_count_records (fixture->sim, "jobber", "properties", FALSE), ==, 1);
  g_assert_cmpuint (fc_sim_get_count (fixture->sim, "jobber", "POST", "graphql:propertyCreate",
                                      0), ==, 1);
  written = fc_write_result_get_record (g_ptr_array_index (results, 0));
  property = g_strdup (fc_record_get_string (written, "propertyId"));
  g_assert_nonnull (property);
  g_assert_cmpstr (fc_record_get_string (fc_write_result_get_record (g_ptr_array_index (results,
                                                                                        1)),
                                         "propertyId"), ==, property);
  g_assert_cmpstr (fc_record_get_string (written, "clientId"), ==, client);
  stored = fc_sim_get_record (fixture->sim, "jobber", "properties", property, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (stored, "7 Harbour Road"));

  job = read_one (fixture, "jobs", fc_write_result_get_id (g_ptr_array_index (results, 0)));
  g_assert_cmpstr (fc_record_get_string (job, "title"), ==, "Deck build");
  g_assert_cmpstr (fc_record_get_string (job, "instructions"), ==, "From the CRM deal");
  g_assert_cmpfloat (json_node_get_double (fc_record_get_field (job, "total")), ==, 2500.0);
  g_assert_cmpint (json_node_get_int (fc_record_get_field (job, "jobNumber")), >, 0);

  /* Found by its title (exactly: "Deck" alone finds nothing), and by its client's name */
  g_clear_object (&job);
  {
    g_autoptr (GPtrArray) found = fc_test_find_records (fixture->connector, "jobs", "title", "Deck build", &error);

    g_assert_no_error (error);
    g_assert_cmpuint (found->len, ==, 1);
    g_assert_cmpstr (fc_record_get_string (g_ptr_array_index (found, 0), "instructions"), ==,
                     "From the CRM deal");
    g_clear_pointer (&found, g_ptr_array_unref);
    found = fc_test_find_records (fixture->connector, "jobs", "title", "Deck", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (found->len, ==, 0);
    g_clear_pointer (&found, g_ptr_array_unref);
    found = fc_test_find_records (fixture->connector, "jobs", "clientName", "Won Deal", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (found->len, ==, 2);
  }

  /* A quote for the same client uses the same property */
  g_clear_pointer (&results, g_ptr_array_unref);
  results = fc_test_write_records (fixture->connector, "create", "quotes", quotes, &error);
  g_assert_no_error (error);
  g_assert_true (fc_write_result_get_success (g_ptr_array_index (results, 0)));
  g_assert_cmpstr (fc_record_get_string (fc_write_result_get_record (g_ptr_array_index (results,
                                                                                        0)),
                                         "propertyId"), ==, property);
  g_assert_cmpfloat (json_node_get_double (fc_record_get_field (
                       fc_write_result_get_record (g_ptr_array_index (results, 0)), "total")), ==,
                     300.0);
  g_assert_cmpuint (fc_sim_count_records (fixture->sim, "jobber", "properties", FALSE), ==, 1);
}

static void
test_work_edits (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *client = seed (fixture, "clients", "{\"companyName\":\"Edits Inc\","
                                  "\"isCompany\":true,\"billingAddress\":{\"street1\":\"1 Way\"}}");
  g_autofree char *job_json = g_strdup_printf ("{\"clientId\":\"%s\",\"title\":\"Paint\","
                                               "\"total\":800}", client);
  g_autofree char *quote_json = g_strdup_printf ("{\"clientId\":\"%s\",\"title\":\"Paint\","
                                                 "\"message\":\"Hello\",\"total\":800}", client);
  g_autoptr (GPtrArray) jobs = records_of ("jobs", job_json, NULL, NULL);
  g_autoptr (GPtrArray) quotes = records_of ("quotes", quote_json, NULL, NULL);
  g_autoptr (GPtrArray) created = NULL;
  g_autoptr (GPtrArray) results = NULL;
  g_autoptr (GPtrArray) edits = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *same_client = NULL;
  g_autoptr (FcRecord) quote = NULL;
  const char *job_id;

  created = fc_test_write_records (fixture->connector, "create", "jobs", jobs, &error);
  g_assert_no_error (error);
  job_id = fc_write_result_get_id (g_ptr_array_index (created, 0));
  g_assert_nonnull (job_id);

  /* The title changes; the same client and total pass; another total cannot be set */
  same_client = g_strdup_printf ("{\"title\":\"Paint and trim\",\"clientId\":\"%s\","
                                 "\"total\":\"800.00\"}", client);
  edits = records_of ("jobs", same_client, job_id, "{\"total\":950}", job_id,
                      "{\"instructions\":\"Two coats\"}", "bm90IGEgam9i", NULL);
  results = fc_test_write_records (fixture->connector, "update", "jobs", edits, &error);
  g_assert_no_error (error);
  g_assert_true (fc_write_result_get_success (g_ptr_array_index (results, 0)));
  g_assert_cmpstr (fc_record_get_string (fc_write_result_get_record (g_ptr_array_index (results,
                                                                                       0)),
                                         "title"), ==, "Paint and trim");
  assert_failure (results, 1, FC_CONNECTOR_ERROR_VALIDATION, "line items");
  g_assert_false (fc_write_result_get_success (g_ptr_array_index (results, 2)));
  g_clear_pointer (&results, g_ptr_array_unref);
  g_clear_pointer (&created, g_ptr_array_unref);
  g_clear_pointer (&edits, g_ptr_array_unref);

  created = fc_test_write_records (fixture->connector, "create", "quotes", quotes, &error);
  g_assert_no_error (error);
  g_assert_true (fc_write_result_get_success (g_ptr_array_index (created, 0)));
  edits = records_of ("quotes", "{\"message\":\"Thanks again\",\"title\":null}",
                      fc_write_result_get_id (g_ptr_array_index (created, 0)), NULL);
  results = fc_test_write_records (fixture->connector, "update", "quotes", edits, &error);
  g_assert_no_error (error);
  g_assert_true (fc_write_result_get_success (g_ptr_array_index (results, 0)));
  quote = read_one (fixture, "quotes", fc_write_result_get_id (g_ptr_array_index (created, 0)));
  g_assert_cmpstr (fc_record_get_string (quote, "message"), ==, "Thanks again");
  g_assert_cmpstr (fc_record_get_string (quote, "title"), ==, "");
  g_assert_cmpstr (fc_record_get_string (quote, "clientName"), ==, "Edits Inc");
  g_assert_cmpfloat (json_node_get_double (fc_record_get_field (quote, "total")), ==, 800.0);
}

static void
test_server_error (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr (GPtrArray) creates = records_of ("clients", "{\"firstName\":\"One\"}", NULL,
                                              "{\"firstName\":\"Two\"}", NULL, NULL);
  g_autoptr (GPtrArray) results = NULL;
  g_autoptr (GError) error = NULL;

  /* A create is not sent twice: the 500 fails the batch's records, not the call */
  g_assert_true (fc_sim_set_faults (fixture->sim, "jobber",
                                    "{\"error_next\":1,\"error_statuses\":[500]}", &error));
  g_assert_no_error (error);
  results = fc_test_write_records (fixture->connector, "create", "clients", creates, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 2);
  assert_failure (results, 0, FC_CONNECTOR_ERROR_SERVER, "500");
  assert_failure (results, 1, FC_CONNECTOR_ERROR_SERVER, "500");
  g_assert_cmpuint (count_requests (fixture), ==, 1);
  g_assert_cmpuint (fc_sim_count_records (fixture->sim, "jobber", "clients", FALSE), ==, 0);
}

static void
test_archive (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *id = seed (fixture, "clients", "{\"firstName\":\"Gone\"}");
  g_autofree char *missing = fc_sim_jobber_encode_id ("Client", 31337);
  const char *ids[] = { id, missing, NULL };
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GPtrArray) results = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (FcRecord) record = NULL;

  fc_connector_delete_records_async (fixture->connector, "clients", ids, NULL, fc_test_on_ready_cb,
                                     &result);
  results = fc_connector_write_finish (fixture->connector, fc_test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 2);
  g_assert_true (fc_write_result_get_success (g_ptr_array_index (results, 0)));
  g_assert_false (fc_write_result_get_success (g_ptr_array_index (results, 1)));

  record = read_one (fixture, "clients", id);
  g_assert_true (fc_record_get_archived (record));
  g_assert_true (json_node_get_boolean (fc_record_get_field (record, "isArchived")));
}

/* Keeps the simulated bucket empty while a request retries */
static gboolean
drain_bucket_cb (gpointer user_data)
{
  Fixture *fixture = user_data;

  set_limits (fixture, "{\"currently_available\":0}");
  return G_SOURCE_CONTINUE;
}

static void
test_throttled (Fixture       *fixture,
                gconstpointer  data)
{
  FcHttp *http = fc_connector_get_http (fixture->connector);
  g_autoptr (FcRecordPage) page = NULL;
  g_autoptr (GError) error = NULL;
  guint sent;
  gint64 start;
  guint drain;

  /* A full page, so that its actual cost is about what it asks for */
  g_assert_true (fc_sim_seed_generated (fixture->sim, "jobber", "clients", 100, &error));
  g_assert_no_error (error);

  /* An empty bucket that restores 4,000 points a second: the page (3,005 points) is
   * throttled once, waited out (~0.75 s) and sent again */
  set_limits (fixture, "{\"maximum_available\":4000,\"restore_rate\":4000,"
                       "\"currently_available\":0}");
  sent = fc_http_get_n_sent (http);
  start = g_get_monotonic_time ();
  page = fc_test_list_page (fixture->connector, "clients", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fc_record_page_get_records (page)->len, ==, 100);
  g_assert_cmpuint (fc_http_get_n_sent (http) - sent, ==, 2);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 700 * G_TIME_SPAN_MILLISECOND);
  g_clear_pointer (&page, fc_record_page_unref);

  /* Now the connector knows the bucket: it waits before sending instead of being throttled */
  sent = fc_http_get_n_sent (http);
  start = g_get_monotonic_time ();
  page = fc_test_list_page (fixture->connector, "clients", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fc_http_get_n_sent (http) - sent, ==, 1);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 400 * G_TIME_SPAN_MILLISECOND);
  g_clear_pointer (&page, fc_record_page_unref);

  /* A bucket someone else keeps empty: the retries are bounded */
  set_limits (fixture, "{\"maximum_available\":10000,\"restore_rate\":20000,"
                       "\"currently_available\":0}");
  drain = g_timeout_add (5, drain_bucket_cb, fixture);
  sent = fc_http_get_n_sent (http);
  page = fc_test_list_page (fixture->connector, "clients", NULL, NULL, &error);
  g_source_remove (drain);
  g_assert_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_RATE_LIMITED);
  g_assert_nonnull (strstr (error->message, "THROTTLED"));
  g_assert_null (page);
  g_assert_cmpuint (fc_http_get_n_sent (http) - sent, ==, FC_JOBBER_MAX_THROTTLE_RETRIES + 1);
  g_clear_error (&error);

  /* A bucket smaller than the query: no wait can help */
  set_limits (fixture, "{\"maximum_available\":1000,\"restore_rate\":500,"
                       "\"currently_available\":1000}");
  sent = fc_http_get_n_sent (http);
  page = fc_test_list_page (fixture->connector, "clients", NULL, NULL, &error);
  g_assert_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_RATE_LIMITED);
  g_assert_cmpuint (fc_http_get_n_sent (http) - sent, ==, 1);
}

typedef struct
{
  GAsyncResult *result;
} Slot;

static void
on_slot_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Slot *slot = user_data;

  slot->result = g_object_ref (result);
}

static void
test_refresh_race (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr (SoupSession) session = soup_session_new ();
  g_autoptr (SoupMessage) message = NULL;
  g_autoptr (GBytes) answer = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *token_url = NULL;
  g_autofree char *form = NULL;
  Slot slots[2] = { { NULL }, { NULL } };

  g_assert_true (fc_sim_seed_generated (fixture->sim, "jobber", "clients", 3, &error));
  g_assert_no_error (error);

  /* The access token dies early: two requests at once both get 401, and one refresh serves
   * both (rotation: a second refresh with the same refresh token would fail) */
  g_assert_true (fc_sim_expire_token (fixture->sim, fixture->access_token));
  fc_connector_list_changed_async (fixture->connector, "clients", NULL, NULL, NULL, NULL,
                                   on_slot_cb, &slots[0]);
  fc_connector_read_records_async (fixture->connector, "clients",
                                   (const char * const []) { "Z2lkOi8vSm9iYmVyL0NsaWVudC8x", NULL },
                                   NULL, NULL, on_slot_cb, &slots[1]);
  while (slots[0].result == NULL || slots[1].result == NULL)
    g_main_context_iteration (NULL, TRUE);

  {
    g_autoptr (FcRecordPage) page = fc_connector_list_changed_finish (fixture->connector,
                                                                      slots[0].result, &error);
    g_autoptr (GPtrArray) records = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (fc_record_page_get_records (page)->len, ==, 3);
    records = fc_connector_read_records_finish (fixture->connector, slots[1].result, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (records->len, ==, 1);
  }
  g_clear_object (&slots[0].result);
  g_clear_object (&slots[1].result);

  g_assert_cmpuint (fc_sim_get_count (fixture->sim, "jobber", "POST", "/api/graphql", 401), ==, 2);
  g_assert_cmpuint (fc_sim_get_count (fixture->sim, "jobber", "POST", "/api/oauth/token", 0), ==,
                    1);
  g_assert_cmpuint (fixture->n_expired, ==, 0);

  /* The refresh token of the sign-in is dead now */
  token_url = g_strconcat (fc_sim_get_base_url (fixture->sim), "/jobber/api/oauth/token", NULL);
  form = soup_form_encode ("grant_type", "refresh_token",
                           "refresh_token", fixture->refresh_token,
                           "client_id", fc_sim_get_client_id (fixture->sim, "jobber"),
                           "client_secret", fc_sim_get_client_secret (fixture->sim, "jobber"),
                           NULL);
  message = soup_message_new_from_encoded_form ("POST", token_url, g_steal_pointer (&form));
  answer = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, 400);
  g_assert_nonnull (strstr (g_bytes_get_data (answer, NULL), "invalid_grant"));
}

static void
test_disconnected (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *id = seed (fixture, "clients", "{\"firstName\":\"Ada\"}");
  const char *ids[] = { id, NULL };
  guint status = 0;

  /* The account owner removes the app */
  answer = fc_sim_control (fixture->sim, "POST", "/_control/app/jobber",
                           "{\"connected\":false}", &status);
  g_assert_cmpuint (status, ==, 200);

  records = fc_test_read_records (fixture->connector, "clients", ids, &error);
  g_assert_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_AUTH);
  g_assert_nonnull (strstr (error->message, "disconnected"));
  g_assert_null (records);
  g_assert_cmpint (fc_connection_get_status (fixture->connection), ==,
                   FC_CONNECTION_STATUS_EXPIRED);
  g_assert_cmpuint (fixture->n_expired, ==, 1);
  g_clear_error (&error);

  /* An expired connection does not call Jobber again */
  fc_sim_reset_counters (fixture->sim);
  records = fc_test_read_records (fixture->connector, "clients", ids, &error);
  g_assert_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_AUTH);
  g_assert_cmpuint (count_requests (fixture), ==, 0);
}

static void
test_webhook_app_disconnect (Fixture       *fixture,
                             gconstpointer  data)
{
  const char *text = "{\"data\":{\"webHookEvent\":{\"topic\":\"APP_DISCONNECT\","
                     "\"appId\":\"app\",\"accountId\":\"QWNjb3VudA==\",\"itemId\":\"QWNjb3VudA==\","
                     "\"occurredAt\":\"2025-05-01T12:00:00Z\"}}}";
  g_autoptr (GBytes) body = g_bytes_new_static (text, strlen (text));
  g_autoptr (SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  g_autofree char *signature = fc_sim_jobber_sign_webhook ("hook-secret", text, -1);
  g_autoptr (GPtrArray) events = NULL;
  g_autoptr (GError) error = NULL;

  /* Another account's disconnect is not this connection's */
  fc_connection_set_account_id (fixture->connection, "T3RoZXI=");
  soup_message_headers_replace (headers, "X-Jobber-Hmac-SHA256", signature);
  events = fc_connector_parse_webhook (fixture->connector, "POST", "/hooks", headers, body,
                                       "hook-secret", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 0);
  g_assert_cmpint (fc_connection_get_status (fixture->connection), ==,
                   FC_CONNECTION_STATUS_ACTIVE);
  g_clear_pointer (&events, g_ptr_array_unref);

  /* This account's: the grant is gone */
  fc_connection_set_account_id (fixture->connection, "QWNjb3VudA==");
  events = fc_connector_parse_webhook (fixture->connector, "POST", "/hooks", headers, body,
                                       "hook-secret", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 0);
  g_assert_cmpint (fc_connection_get_status (fixture->connection), ==,
                   FC_CONNECTION_STATUS_EXPIRED);
  g_assert_cmpuint (fixture->n_expired, ==, 1);
  g_clear_pointer (&events, g_ptr_array_unref);

  /* A forged one changes nothing */
  events = fc_connector_parse_webhook (fixture->connector, "POST", "/hooks", headers, body,
                                       "another-secret", &error);
  g_assert_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_SIGNATURE);
  g_assert_null (events);
  g_assert_cmpuint (fixture->n_expired, ==, 1);
}

static void
test_malformed (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr (FcRecordPage) page = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (fc_sim_seed_generated (fixture->sim, "jobber", "clients", 4, &error));
  g_assert_true (fc_sim_set_faults (fixture->sim, "jobber", "{\"malformed_next\":1}", &error));
  g_assert_no_error (error);

  page = fc_test_list_page (fixture->connector, "clients", NULL, NULL, &error);
  g_assert_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_BAD_RESPONSE);
  g_assert_null (page);
  g_clear_error (&error);

  /* The next answer is whole again */
  page = fc_test_list_page (fixture->connector, "clients", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fc_record_page_get_records (page)->len, ==, 4);
}

static void
test_unreachable (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr (FcConnection) connection = fc_connection_new (FC_PROVIDER_JOBBER);
  g_autoptr (FcToken) token = fc_token_new_oauth ("header.payload.signature", "refresh", "bearer",
                                                  NULL, g_get_real_time () / G_USEC_PER_SEC
                                                        + 3600);
  g_autoptr (FcConnector) connector = NULL;
  g_autoptr (GAsyncResult) stored = NULL;
  g_autoptr (FcRecordPage) page = NULL;
  g_autoptr (GError) error = NULL;

  /* Port 1 on loopback: nothing listens there */
  fc_connection_set_api_base_url (connection, "http://127.0.0.1:1");
  fc_auth_store_token_async (fixture->auth, connection, token, NULL, fc_test_on_ready_cb, &stored);
  g_assert_true (fc_auth_store_token_finish (fixture->auth, fc_test_wait_for (&stored), &error));
  connector = fc_connector_new (connection, fixture->auth, &error);
  g_assert_no_error (error);
  fc_http_set_retry_policy (fc_connector_get_http (connector), 3, 10, 50);

  page = fc_test_list_page (connector, "clients", NULL, NULL, &error);
  g_assert_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_NETWORK);
  g_assert_null (page);
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));
  g_assert_cmpuint (fc_http_get_n_sent (fc_connector_get_http (connector)), ==, 3);
}

/* The simulator's own deliveries, received by a SoupServer in the test */
typedef struct
{
  FcConnector *connector;
  GPtrArray   *events;
  GError      *error;
} Receiver;

static void
on_webhook_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  Receiver *receiver = user_data;
  g_autoptr (GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  GPtrArray *events;

  events = fc_connector_parse_webhook (receiver->connector, "POST", path,
                                       soup_server_message_get_request_headers (msg), body,
                                       "sim-jobber-client-secret", &receiver->error);
  for (guint i = 0; events != NULL && i < events->len; i++)
    g_ptr_array_add (receiver->events, fc_webhook_event_ref (g_ptr_array_index (events, i)));
  g_clear_pointer (&events, g_ptr_array_unref);
  soup_server_message_set_status (msg, receiver->error == NULL ? 200 : 401, NULL);
}

static void
test_webhook_delivery (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr (SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *target = NULL;
  Receiver receiver = { fixture->connector, NULL, NULL };
  FcWebhookEvent *event;
  GSList *uris;
  gint64 deadline;

  receiver.events = g_ptr_array_new_with_free_func ((GDestroyNotify) fc_webhook_event_unref);
  soup_server_add_handler (server, "/hooks", on_webhook_cb, &receiver, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  target = g_strdup_printf ("http://127.0.0.1:%d/hooks/jobber", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_assert_true (fc_sim_set_webhook_target (fixture->sim, "jobber", target, NULL, &error));
  g_assert_no_error (error);
  id = fc_sim_create (fixture->sim, "jobber", "clients", "{\"firstName\":\"Hook\"}", &error);
  g_assert_no_error (error);

  deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;
  while (receiver.events->len == 0 && receiver.error == NULL
         && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_assert_no_error (receiver.error);
  g_assert_cmpuint (receiver.events->len, >=, 1);
  event = g_ptr_array_index (receiver.events, 0);
  g_assert_cmpint (fc_webhook_event_get_kind (event), ==, FC_WEBHOOK_EVENT_CREATE);
  g_assert_cmpstr (fc_webhook_event_get_object_type (event), ==, "clients");
  g_assert_cmpstr (fc_webhook_event_get_record_id (event), ==, id);
  g_assert_nonnull (fc_webhook_event_get_occurred_at (event));
  g_ptr_array_unref (receiver.events);
}

/* ---- main ------------------------------------------------------------------------------ */

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fc/jobber/documents", test_documents);
  g_test_add_func ("/fc/jobber/list-variables", test_list_variables);
  g_test_add_func ("/fc/jobber/flatten/client", test_flatten_client);
  g_test_add_func ("/fc/jobber/flatten/work", test_flatten_work);
  g_test_add_func ("/fc/jobber/fixed-fields", test_fixed_fields);
  g_test_add_func ("/fc/jobber/input/work-edit", test_work_edit);
  g_test_add_func ("/fc/jobber/bucket", test_bucket);
  g_test_add_func ("/fc/jobber/webhook/vector", test_webhook_vector);

#define ADD_TABLE(prefix, table, func) \
  for (guint i = 0; i < G_N_ELEMENTS (table); i++) \
    { \
      g_autofree char *path = g_strdup_printf ("/fc/jobber/" prefix "/%s", table[i].name); \
      g_test_add_data_func (path, &table[i], func); \
    }

  ADD_TABLE ("input/client-edit", edit_cases, test_client_edit);
  ADD_TABLE ("input/create", create_cases, test_create_input);
  ADD_TABLE ("errors", error_cases, test_errors);
  ADD_TABLE ("webhook/forged", forgeries, test_webhook_forged);
  ADD_TABLE ("webhook/events", event_cases, test_webhook_events);

#undef ADD_TABLE

#define ADD(path, func) \
  g_test_add ("/fc/jobber/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("sim/object-types", test_object_types);
  ADD ("sim/fields", test_fields);
  ADD ("sim/account", test_account);
  ADD ("sim/paging", test_paging);
  ADD ("sim/incremental", test_incremental);
  ADD ("sim/read-find", test_read_find);
  ADD ("sim/batch-writes", test_batch_writes);
  ADD ("sim/contacts-by-id", test_contacts_by_id);
  ADD ("sim/deals-to-jobs", test_deals_to_jobs);
  ADD ("sim/work-edits", test_work_edits);
  ADD ("sim/server-error", test_server_error);
  ADD ("sim/archive", test_archive);
  ADD ("sim/throttled", test_throttled);
  ADD ("sim/refresh-race", test_refresh_race);
  ADD ("sim/disconnected", test_disconnected);
  ADD ("sim/webhook-app-disconnect", test_webhook_app_disconnect);
  ADD ("sim/malformed", test_malformed);
  ADD ("sim/unreachable", test_unreachable);
  ADD ("sim/webhook-delivery", test_webhook_delivery);

#undef ADD

  for (guint i = 0; i < G_N_ELEMENTS (cost_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fc/jobber/selection-cost/%u", i);

      g_test_add_data_func (path, &cost_cases[i], test_selection_cost);
    }

  return g_test_run ();
}
