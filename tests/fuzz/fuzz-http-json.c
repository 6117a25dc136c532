/* fuzz-http-json.c: FcHttp's strict JSON reader, against json-glib's parser
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: a response body, as it comes off the wire. FcHttp reads every answer with its own
 * strict reader (fc_json_scan_read_text ()) and hands what that refuses to json-glib's parser,
 * promising that the tree is the same either way. So, besides memory safety, for every input:
 * when the strict reader takes it, json-glib must take it too and give the same tree (same node
 * kinds, value types, values, member names and member order). Refusing what json-glib takes is
 * allowed: that is the fallback.
 */

#define G_LOG_DOMAIN "fc-fuzz"

#include "config.h"

#include <math.h>

#include <json-glib/json-glib.h>

#include "fc-http-private.h"
#include "fc-json-scan.h"
#include "fc-fuzz.h"

static gboolean nodes_same (JsonNode *a,
                            JsonNode *b,
                            GString  *where);

static gboolean
objects_same (JsonObject *a,
              JsonObject *b,
              GString    *where)
{
  g_autoptr (GList) names_a = json_object_get_members (a);
  g_autoptr (GList) names_b = json_object_get_members (b);
  GList *la, *lb;

  if (json_object_get_size (a) != json_object_get_size (b))
    {
      g_string_append_printf (where, ": %u members against %u", json_object_get_size (a),
                              json_object_get_size (b));
      return FALSE;
    }
  for (la = names_a, lb = names_b; la != NULL && lb != NULL; la = la->next, lb = lb->next)
    {
      gsize length = where->len;

      if (g_strcmp0 (la->data, lb->data) != 0)
        {
          g_string_append_printf (where, ": member “%s” where the other has “%s”",
                                  (const char *) la->data, (const char *) lb->data);
          return FALSE;
        }
      g_string_append_printf (where, ".%s", (const char *) la->data);
      if (!nodes_same (json_object_get_member (a, la->data), json_object_get_member (b, lb->data),
                       where))
        return FALSE;
      g_string_truncate (where, length);
    }
  return la == NULL && lb == NULL;
}

static gboolean
arrays_same (JsonArray *a,
             JsonArray *b,
             GString   *where)
{
  if (json_array_get_length (a) != json_array_get_length (b))
    {
      g_string_append_printf (where, ": %u elements against %u", json_array_get_length (a),
                              json_array_get_length (b));
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      gsize length = where->len;

      g_string_append_printf (where, "[%u]", i);
      if (!nodes_same (json_array_get_element (a, i), json_array_get_element (b, i), where))
        return FALSE;
      g_string_truncate (where, length);
    }
  return TRUE;
}

static gboolean
values_same (JsonNode *a,
             JsonNode *b,
             GString  *where)
{
  GType type = json_node_get_value_type (a);
  double da, db;

  if (type != json_node_get_value_type (b))
    {
      g_string_append_printf (where, ": %s against %s", g_type_name (type),
                              g_type_name (json_node_get_value_type (b)));
      return FALSE;
    }
  if (type == G_TYPE_INT64 && json_node_get_int (a) != json_node_get_int (b))
    {
      g_string_append_printf (where, ": %" G_GINT64_FORMAT " against %" G_GINT64_FORMAT,
                              json_node_get_int (a), json_node_get_int (b));
      return FALSE;
    }
  if (type == G_TYPE_BOOLEAN && json_node_get_boolean (a) != json_node_get_boolean (b))
    {
      g_string_append (where, ": true against false");
      return FALSE;
    }
  if (type == G_TYPE_STRING && g_strcmp0 (json_node_get_string (a), json_node_get_string (b)) != 0)
    {
      g_string_append_printf (where, ": “%s” against “%s”", json_node_get_string (a),
                              json_node_get_string (b));
      return FALSE;
    }
  if (type == G_TYPE_DOUBLE)
    {
      da = json_node_get_double (a);
      db = json_node_get_double (b);
      /* the same double, to the bit: -0.0 is not 0.0 */
      if (!(isnan (da) && isnan (db)) && (da != db || signbit (da) != signbit (db)))
        {
          g_string_append_printf (where, ": %.17g against %.17g", da, db);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
nodes_same (JsonNode *a,
            JsonNode *b,
            GString  *where)
{
  if (a == NULL || b == NULL)
    {
      g_string_append (where, ": a node missing");
      return a == b;
    }
  if (JSON_NODE_TYPE (a) != JSON_NODE_TYPE (b))
    {
      g_string_append_printf (where, ": %s against %s", json_node_type_name (a),
                              json_node_type_name (b));
      return FALSE;
    }
  switch (JSON_NODE_TYPE (a))
    {
    case JSON_NODE_OBJECT:
      return objects_same (json_node_get_object (a), json_node_get_object (b), where);
    case JSON_NODE_ARRAY:
      return arrays_same (json_node_get_array (a), json_node_get_array (b), where);
    case JSON_NODE_VALUE:
      return values_same (a, b, where);
    case JSON_NODE_NULL:
    default:
      return TRUE;
    }
}

/* A difference is a bug: abort, so that libFuzzer keeps the input. */
static void
report (const char *what,
        const char *where)
{
  g_printerr ("fuzz-http-json: %s%s\n", what, where);
  abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr (JsonNode) strict = NULL;
  g_autoptr (JsonParser) parser = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) where = g_string_new ("$");
  JsonNode *lenient;

  fc_fuzz_init ();
  strict = fc_json_scan_read_text ((const char *) data, size);
  if (strict == NULL)
    return 0;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, (const char *) data, (gssize) size, &error))
    report ("the strict reader took what json-glib refuses: ", error->message);
  lenient = json_parser_get_root (parser);
  if (!nodes_same (strict, lenient, where))
    report ("the trees differ at ", where->str);

  return 0;
}
