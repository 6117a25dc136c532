/* fuzz-connector-salesforce.c: Salesforce REST answers read into pages, catalogues, records
 * and write results
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: one byte, then an answer body. Bits 0-1 of the byte choose what the body is read as:
 * 0 a SOQL query page ({totalSize, done, nextRecordsUrl, records}) through
 * _fc_salesforce_page_from_answer (); 1 an sObject describe ({fields: [...]}) through
 * _fc_salesforce_catalogue_from_fields (); 2 an sObject Collections answer ([{id, success,
 * errors: [{statusCode, message, fields}]}]) through _fc_salesforce_read_write_results ();
 * 3 a retrieve answer (an array of sObjects or nulls) through
 * fc_salesforce_record_from_json (), and the same body as an error array
 * ([{message, errorCode, fields}]) as FcHttp and the connector turn it into an error. Bits 2-3
 * choose the object type, bits 4-5 the write operation, bit 6 whether the listing has a cursor
 * to start from. The readers are called directly, without an HTTP round trip: see
 * tests/fuzz/README.md.
 */

#define G_LOG_DOMAIN "fc-fuzz"

#include "config.h"

#include "fc-http-private.h"
#include "fc-salesforce-connector-private.h"
#include "fc-fuzz.h"
#include "fc-fuzz-records.h"

#define WHAT "Listing fuzzed records"

static const char * const object_types[] = { "Contact", "Account", "Opportunity", "Lead" };
static const char * const operations[] = { "create", "update", "upsert", "delete" };

/* A describe as /sobjects/Contact/describe gives it, cut down: a datetime, a picklist, a
 * read-only field and an external id. */
static const char describe_json[] =
  "[{\"name\":\"Id\",\"label\":\"Contact ID\",\"type\":\"id\",\"createable\":false,"
  "\"updateable\":false},"
  "{\"name\":\"Email\",\"label\":\"Email\",\"type\":\"email\",\"createable\":true,"
  "\"updateable\":true},"
  "{\"name\":\"SystemModstamp\",\"label\":\"System Modstamp\",\"type\":\"datetime\","
  "\"createable\":false,\"updateable\":false},"
  "{\"name\":\"LeadSource\",\"label\":\"Lead Source\",\"type\":\"picklist\",\"createable\":true,"
  "\"updateable\":true,\"picklistValues\":[{\"value\":\"Web\",\"label\":\"Web\","
  "\"active\":true}]},"
  "{\"name\":\"Ext_Id__c\",\"label\":\"External id\",\"type\":\"string\",\"createable\":true,"
  "\"updateable\":true,\"custom\":true,\"externalId\":true,\"unique\":true}]";

static GListStore *
build_catalogue (void)
{
  g_autoptr (JsonNode) root = json_from_string (describe_json, NULL);

  return _fc_salesforce_catalogue_from_fields (json_node_get_array (root));
}

static void
read_page (const char *object_type,
           gint64      since_ms,
           JsonNode   *root)
{
  g_autoptr (GListStore) catalogue = build_catalogue ();
  g_autoptr (FcRecordPage) page = NULL;
  g_autoptr (GError) error = NULL;
  const char *token;
  GPtrArray *records;

  page = _fc_salesforce_page_from_answer (object_type, WHAT, G_LIST_MODEL (catalogue), since_ms,
                                          -1, root, &error);
  g_assert ((page == NULL) != (error == NULL));
  if (page == NULL)
    {
      g_assert (g_error_matches (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_BAD_RESPONSE));
      return;
    }

  records = fc_record_page_get_records (page);
  for (guint i = 0; i < records->len; i++)
    fc_fuzz_check_record (g_ptr_array_index (records, i), object_type);

  /* The next page is only ever a query path of this API, never somewhere else */
  token = fc_record_page_get_next_page_token (page);
  if (token != NULL)
    {
      g_assert (g_str_has_prefix (token, "/services/data/"));
      g_assert (strstr (token, "..") == NULL);
      g_assert (strchr (token, '?') == NULL);
    }
  if (fc_record_page_get_cursor (page) != NULL)
    {
      gint64 ms = -1;

      g_assert (_fc_connector_parse_cursor (fc_record_page_get_cursor (page), &ms, NULL));
    }
}

static void
read_describe (JsonNode *root)
{
  JsonArray *fields = root != NULL && JSON_NODE_HOLDS_OBJECT (root)
                      ? _fc_json_get_array (json_node_get_object (root), "fields") : NULL;
  g_autoptr (GListStore) store = NULL;

  if (fields == NULL)
    return;
  store = _fc_salesforce_catalogue_from_fields (fields);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    {
      g_autoptr (FcFieldInfo) info = g_list_model_get_item (G_LIST_MODEL (store), i);

      g_assert (fc_salesforce_is_field_name (fc_field_info_get_name (info)));
      (void) _fc_salesforce_field_createable (info);
      (void) _fc_salesforce_field_updateable (info);
    }
}

static void
read_write_results (const char *object_type,
                    const char *operation,
                    JsonNode   *root)
{
  static const char * const ids[] = { "003xx000004TmiQAAS", "003xx000004TmiR", "001" };
  g_autoptr (GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) results = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      FcRecord *record = fc_record_new (object_type, ids[i]);

      fc_record_set_string (record, "Email", "ada@example.com");
      fc_record_set_string (record, "Ext_Id__c", "X-1");
      g_ptr_array_add (records, record);
    }

  results = _fc_salesforce_read_write_results (object_type, operation, records, root);
  g_assert_cmpuint (results->len, ==, records->len);
  for (guint i = 0; i < results->len; i++)
    {
      FcWriteResult *result = g_ptr_array_index (results, i);

      /* every record sent has an outcome, and a failure says why */
      g_assert (result != NULL);
      g_assert_cmpuint (fc_write_result_get_index (result), ==, i);
      g_assert (fc_write_result_get_success (result) || fc_write_result_get_error (result) != NULL);
      if (!fc_write_result_get_success (result))
        g_assert (g_utf8_validate (fc_write_result_get_error (result)->message, -1, NULL));
    }
}

static void
read_retrieve (const char *object_type,
               JsonNode   *root,
               GBytes     *body)
{
  g_autoptr (GListStore) catalogue = build_catalogue ();
  g_autoptr (GError) error = NULL;
  g_autofree char *code = NULL;

  if (JSON_NODE_HOLDS_ARRAY (root))
    {
      JsonArray *list = json_node_get_array (root);

      for (guint i = 0; i < json_array_get_length (list); i++)
        {
          JsonNode *node = json_array_get_element (list, i);
          g_autoptr (FcRecord) record = NULL;

          if (JSON_NODE_HOLDS_OBJECT (node))
            record = fc_salesforce_record_from_json (object_type, json_node_get_object (node),
                                                     G_LIST_MODEL (catalogue));
          fc_fuzz_check_record (record, object_type);
        }
    }

  /* The same body as the error array of a refused call */
  error = _fc_http_error_from_body ("Salesforce", WHAT, 400, body, &code);
  g_assert (error != NULL);
  g_assert_cmpint (fc_salesforce_error_code_for (code), >=, -1);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GBytes) body = NULL;
  const char *object_type;
  guint8 flags;

  fc_fuzz_init ();
  if (size < 1)
    return 0;
  flags = data[0];
  object_type = object_types[(flags >> 2) & 3];

  root = fc_fuzz_parse_json (data + 1, size - 1);
  if (root == NULL)
    return 0;
  body = g_bytes_new (data + 1, size - 1);

  switch (flags & 3)
    {
    case 0:
      read_page (object_type, (flags & 0x40) != 0 ? 1700000000000 : -1, root);
      break;
    case 1:
      read_describe (root);
      break;
    case 2:
      read_write_results (object_type, operations[(flags >> 4) & 3], root);
      break;
    default:
      read_retrieve (object_type, root, body);
      break;
    }
  return 0;
}
