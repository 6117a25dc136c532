/* fc-fuzz-records.h: what the connector response targets share
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "fc-http-private.h"
#include "fc-json-scan.h"
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

/* What a page reader made of an answer, written out to compare */
typedef char *(*FcFuzzDescribe) (gpointer out);

/* A page reader (an FcHttpReadFunc into @out, which it empties first) reads an answer over its
 * text as over json-glib's tree of it: when the text reads, the tree reads to the same. Then
 * as FcHttp reads an answer, into @out, for the caller to look at. */
static inline gboolean
fc_fuzz_check_scan (const uint8_t  *data,
                    size_t          size,
                    FcHttpReadFunc  read,
                    gpointer        out,
                    FcFuzzDescribe  describe)
{
  g_autoptr (FcJsonScan) scan = fc_json_scan_new_text ((const char *) data, size);
  g_autoptr (GError) error = NULL;

  if (read (scan, out, NULL) && fc_json_scan_finish (scan))
    {
      g_autoptr (JsonNode) root = fc_fuzz_parse_json (data, size);
      g_autoptr (FcJsonScan) tree = fc_json_scan_new_node (root);
      g_autofree char *over_text = describe (out);
      g_autofree char *over_tree = NULL;

      g_assert (root != NULL);
      g_assert (read (tree, out, NULL));
      over_tree = describe (out);
      g_assert_cmpstr (over_text, ==, over_tree);
    }
  return _fc_http_read_body ("Provider", "Fuzzing", 200, (const char *) data, size, read, out,
                             &error);
}

/* Records written out with every value, as a page reader's records compare */
static inline char *
fc_fuzz_describe_records (GPtrArray *records)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < records->len; i++)
    {
      g_autoptr (JsonNode) json = fc_record_to_json (g_ptr_array_index (records, i));
      g_autofree char *one = json_to_string (json, FALSE);

      g_string_append_printf (text, "%s\n", one);
    }
  return g_string_free (text, FALSE);
}
