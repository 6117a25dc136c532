/* fuzz-connector-pipedrive.c: Pipedrive API answers read into field catalogues and records
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: one byte choosing the object type (bits 0-1) and whether the answer is read as a
 * field catalogue (bit 2) or as records; then a {success, data, additional_data} body. It goes
 * through _fc_pipedrive_get_data () as every answer does, then each element of data through
 * _fc_pipedrive_add_field () or _fc_pipedrive_record_from_json (), the latter with a catalogue
 * that names a custom field by label, and back through _fc_pipedrive_body_from_record () as an
 * update would write it. Read as records, the body also goes through _fc_pipedrive_scan_items ()
 * as a listing reads a page, over its text and over json-glib's tree, which must agree. The
 * records are read directly rather than through an HTTP round trip: see tests/fuzz/README.md.
 */

#define G_LOG_DOMAIN "fc-fuzz"

#include "config.h"

#include "fc-pipedrive-connector-private.h"
#include "fc-fuzz.h"
#include "fc-fuzz-records.h"

static const char * const types[] = { "persons", "organizations", "deals" };

/* A catalogue as /api/v2/personFields gives it, with one custom field. */
static const char catalogue_json[] =
  "[{\"field_code\":\"name\",\"field_name\":\"Name\",\"field_type\":\"varchar\"},"
  "{\"field_code\":\"emails\",\"field_name\":\"Email\",\"field_type\":\"varchar\"},"
  "{\"field_code\":\"5f1c0a\",\"field_name\":\"Lead source\",\"field_type\":\"enum\","
  "\"is_custom_field\":true,\"options\":[{\"id\":1,\"label\":\"Web\"}]}]";

static GListStore *
build_catalogue (const FcPipedriveType *type)
{
  g_autoptr (JsonNode) root = json_from_string (catalogue_json, NULL);
  GListStore *store = g_list_store_new (FC_TYPE_FIELD_INFO);
  JsonArray *fields = json_node_get_array (root);

  for (guint i = 0; i < json_array_get_length (fields); i++)
    _fc_pipedrive_add_field (type, json_array_get_object_element (fields, i), store);
  return store;
}

static void
read_element (const FcPipedriveType *type,
              JsonNode              *node,
              gboolean               as_field,
              GListStore            *catalogue)
{
  g_autoptr (FcRecord) record = NULL;
  g_autoptr (JsonNode) body = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return;
  if (as_field)
    {
      g_autoptr (GListStore) store = g_list_store_new (FC_TYPE_FIELD_INFO);

      _fc_pipedrive_add_field (type, json_node_get_object (node), store);
      return;
    }

  record = _fc_pipedrive_record_from_json (type, json_node_get_object (node),
                                           G_LIST_MODEL (catalogue));
  fc_fuzz_check_record (record, type->name);
  if (record != NULL)
    {
      _fc_pipedrive_needs_current (type, record);
      body = _fc_pipedrive_body_from_record (type, record, json_node_get_object (node),
                                             G_LIST_MODEL (catalogue));
    }
}

static char *
describe_items (gpointer out)
{
  FcPipedriveItems *items = out;
  g_autofree char *records = fc_fuzz_describe_records (items->records);

  return g_strdup_printf ("%s\n%s", items->next != NULL ? items->next : "(none)", records);
}

/* The body as a listing's page */
static void
read_page (const FcPipedriveType *type,
           GListStore            *catalogue,
           const uint8_t         *data,
           size_t                 size)
{
  g_auto (FcPipedriveItems) items = { NULL, };

  _fc_pipedrive_items_init (&items, type, G_LIST_MODEL (catalogue), "Fuzzing");
  if (!fc_fuzz_check_scan (data, size, _fc_pipedrive_scan_items, &items, describe_items))
    return;
  for (guint i = 0; i < items.records->len; i++)
    fc_fuzz_check_record (g_ptr_array_index (items.records, i), type->name);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GListStore) catalogue = NULL;
  g_autofree char *next_cursor = NULL;
  const FcPipedriveType *type;
  gboolean as_field;
  JsonNode *payload;

  fc_fuzz_init ();
  if (size < 1)
    return 0;
  type = _fc_pipedrive_find_type (types[(data[0] & 3) % G_N_ELEMENTS (types)]);
  g_assert (type != NULL);
  as_field = (data[0] & 4) != 0;
  catalogue = build_catalogue (type);

  if (!as_field)
    read_page (type, catalogue, data + 1, size - 1);
  root = fc_fuzz_parse_json (data + 1, size - 1);
  if (root == NULL)
    return 0;
  payload = _fc_pipedrive_get_data (root, "Fuzzing", &next_cursor, &error);
  if (payload == NULL)
    return 0;

  if (JSON_NODE_HOLDS_ARRAY (payload))
    {
      JsonArray *array = json_node_get_array (payload);

      for (guint i = 0; i < json_array_get_length (array); i++)
        read_element (type, json_array_get_element (array, i), as_field, catalogue);
    }
  else
    read_element (type, payload, as_field, catalogue);
  return 0;
}
