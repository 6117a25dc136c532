/* fuzz-connector-hubspot.c: HubSpot API answers read into records
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: one byte choosing the object type, then a response body as the search, batch read and
 * batch write endpoints give it ({"results": [SimplePublicObject...], "paging": ...}), or a bare
 * object. The body goes through _fc_hubspot_scan_results () as the connector reads a page, over
 * its text and over json-glib's tree, which must agree; each object through
 * _fc_hubspot_record_from_json () as a single object, and each property value through
 * _fc_hubspot_value_to_string () as writes render it. The records are read directly rather
 * than through an HTTP round trip: see tests/fuzz/README.md.
 */

#define G_LOG_DOMAIN "fc-fuzz"

#include "config.h"

#include "fc-hubspot-connector-private.h"
#include "fc-fuzz.h"
#include "fc-fuzz-records.h"

static const char * const types[] = { "contacts", "companies", "deals" };

static void
read_object (const FcHubspotType *type,
             JsonNode            *node)
{
  g_autoptr (FcRecord) record = NULL;
  JsonObject *object;
  JsonObject *properties;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return;
  object = json_node_get_object (node);
  record = _fc_hubspot_record_from_json (type, object);
  fc_fuzz_check_record (record, type->name);

  properties = _fc_json_get_object (object, "properties");
  if (properties != NULL)
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      json_object_iter_init (&iter, properties);
      while (json_object_iter_next (&iter, &name, &value))
        {
          g_autofree char *text = NULL;
          FcValue view;

          fc_value_init_from_node (&view, value);
          text = _fc_hubspot_value_to_string (&view);
          g_assert (text != NULL);
        }
    }
}

static char *
describe_results (gpointer out)
{
  FcHubspotResults *results = out;
  g_autofree char *records = fc_fuzz_describe_records (results->records);

  return g_strdup_printf ("%d %" G_GINT64_FORMAT "\n%s", results->more, results->total, records);
}

/* The body as a page of records */
static void
read_page (const FcHubspotType *type,
           const uint8_t       *data,
           size_t               size)
{
  g_auto (FcHubspotResults) results = { NULL, };

  _fc_hubspot_results_init (&results, type);
  if (!fc_fuzz_check_scan (data, size, _fc_hubspot_scan_results, &results, describe_results))
    return;
  for (guint i = 0; i < results.records->len; i++)
    fc_fuzz_check_record (g_ptr_array_index (results.records, i), type->name);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr (JsonNode) root = NULL;
  const FcHubspotType *type;
  JsonArray *results;

  fc_fuzz_init ();
  if (size < 1)
    return 0;
  type = _fc_hubspot_find_type (types[data[0] % G_N_ELEMENTS (types)]);
  g_assert (type != NULL);

  read_page (type, data + 1, size - 1);
  root = fc_fuzz_parse_json (data + 1, size - 1);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return 0;

  results = _fc_json_get_array (json_node_get_object (root), "results");
  if (results == NULL)
    read_object (type, root);
  for (guint i = 0; results != NULL && i < json_array_get_length (results); i++)
    read_object (type, json_array_get_element (results, i));
  return 0;
}
