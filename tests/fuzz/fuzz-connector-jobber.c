/* fuzz-connector-jobber.c: Jobber GraphQL answers read into records, errors and query costs
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: one byte choosing the object type, then a GraphQL answer
 * ({"data": {<type>: {"nodes": [...]}, "r0": {...}}, "errors": [...], "extensions": {"cost":
 * ...}}). Its errors go through _fc_jobber_errors_to_error (), its cost through the query-cost
 * bucket, and its nodes (listing) and aliased records (batch read) through
 * _fc_jobber_record_from_json (). The records are read directly rather than through an HTTP
 * round trip: see tests/fuzz/README.md.
 */

#define G_LOG_DOMAIN "fc-fuzz"

#include "config.h"

#include "fc-jobber-connector-private.h"
#include "fc-fuzz.h"
#include "fc-fuzz-records.h"

static const char * const types[] = { "clients", "jobs", "quotes" };

static void
read_node (const FcJobberType *type,
           JsonNode           *node)
{
  g_autoptr (FcRecord) record = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return;
  record = _fc_jobber_record_from_json (type, json_node_get_object (node));
  fc_fuzz_check_record (record, type->name);
  if (record != NULL)
    {
      _fc_jobber_needs_current (type, record);
      _fc_jobber_record_client_id (record);
      _fc_jobber_record_property_id (record);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *code = NULL;
  const FcJobberType *type;
  FcJobberBucket bucket;
  JsonObject *response;
  JsonObject *answer;
  JsonObject *connection;
  JsonArray *errors;
  JsonArray *nodes;

  fc_fuzz_init ();
  if (size < 1)
    return 0;
  type = _fc_jobber_find_type (types[data[0] % G_N_ELEMENTS (types)]);
  g_assert (type != NULL);

  root = fc_fuzz_parse_json (data + 1, size - 1);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return 0;
  response = json_node_get_object (root);

  _fc_jobber_bucket_init (&bucket);
  if (_fc_jobber_bucket_observe (&bucket, response, 1000000))
    {
      double available = _fc_jobber_bucket_estimate (&bucket, 2000000);

      g_assert (available == available);  /* not NaN */
      _fc_jobber_bucket_reserve (&bucket, _fc_jobber_type_cost (type, 50), 2000000);
    }

  errors = _fc_json_get_array (response, "errors");
  if (errors != NULL)
    {
      gboolean failed = _fc_jobber_errors_to_error (errors, NULL, "Fuzzing", &code, &error);

      g_assert (failed == (error != NULL));
      _fc_jobber_errors_disconnected (errors);
      g_clear_error (&error);
      _fc_jobber_errors_to_error (errors, "r0", "Fuzzing", NULL, &error);
    }

  answer = _fc_json_get_object (response, "data");
  if (answer == NULL)
    return 0;
  connection = _fc_json_get_object (answer, type->name);
  nodes = connection != NULL ? _fc_json_get_array (connection, "nodes") : NULL;
  for (guint i = 0; nodes != NULL && i < json_array_get_length (nodes); i++)
    read_node (type, json_array_get_element (nodes, i));
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *alias = g_strdup_printf ("r%u", i);
      JsonNode *node = json_object_get_member (answer, alias);

      read_node (type, node);
    }
  return 0;
}
