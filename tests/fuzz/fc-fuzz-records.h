/* fc-fuzz-records.h: what the connector response targets share
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "fc-record.h"

/* The provider's answer as JSON, or NULL when it is not JSON (or only white space). */
static inline JsonNode *
fc_fuzz_parse_json (const uint8_t *data,
                    size_t         size)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (size == 0 || !json_parser_load_from_data (parser, (const char *) data, (gssize) size,
                                                NULL))
    return NULL;
  root = json_parser_get_root (parser);
  return root != NULL ? json_node_copy (root) : NULL;
}

/* A record read from a response is whole: an id, its object type, and fields that copy,
 * compare equal to themselves and serialise. */
static inline void
fc_fuzz_check_record (FcRecord   *record,
                      const char *object_type)
{
  g_autoptr (FcRecord) copy = NULL;
  g_autoptr (JsonNode) json = NULL;
  g_auto (GStrv) fields = NULL;

  if (record == NULL)
    return;
  g_assert (fc_record_get_id (record) != NULL);
  g_assert_cmpstr (fc_record_get_object_type (record), ==, object_type);
  copy = fc_record_copy (record);
  g_assert (fc_record_equal (record, copy));
  fields = fc_record_list_fields (record);
  g_assert (g_strv_length (fields) == fc_record_get_n_fields (record));
  for (guint i = 0; fields[i] != NULL; i++)
    {
      g_assert (fc_record_has_field (record, fields[i]));
      g_free (fc_record_dup_string (record, fields[i]));
    }
  json = fc_record_to_json (record);
  g_assert (json != NULL);
}
