/* fc-sim-util.c: time, JSON and text helpers of the simulator
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-sim"

#include "config.h"

#include <string.h>

#include "fc-sim-private.h"

/* 2025-01-01T10:20:00.123Z, as HubSpot writes timestamps */
char *
_fc_sim_format_iso_ms (gint64 ms)
{
  g_autoptr (GDateTime) time = g_date_time_new_from_unix_utc (ms / 1000);
  g_autofree char *seconds = g_date_time_format (time, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("%s.%03dZ", seconds, (int) (ms % 1000));
}

/* 2025-01-01T10:20:00Z, as Pipedrive v2 writes timestamps */
char *
_fc_sim_format_iso_s (gint64 ms)
{
  g_autoptr (GDateTime) time = g_date_time_new_from_unix_utc (ms / 1000);

  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
}

/* Accepts RFC 3339 date-times (a missing zone means UTC), plain dates, and epoch milliseconds. */
gboolean
_fc_sim_parse_iso (const char *text,
                   gint64     *ms)
{
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr (GDateTime) time = NULL;
  gint64 number;

  if (text == NULL || text[0] == '\0')
    return FALSE;

  if (_fc_sim_str_to_int64 (text, &number))
    {
      *ms = number;
      return TRUE;
    }

  time = g_date_time_new_from_iso8601 (text, utc);
  if (time == NULL && strlen (text) == 10)
    {
      g_autofree char *midnight = g_strconcat (text, "T00:00:00Z", NULL);

      time = g_date_time_new_from_iso8601 (midnight, utc);
    }
  if (time == NULL)
    return FALSE;

  *ms = g_date_time_to_unix (time) * 1000 + g_date_time_get_microsecond (time) / 1000;
  return TRUE;
}

char *
_fc_sim_json_to_string (JsonNode *node)
{
  g_autoptr (JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);

  return json_generator_to_data (generator, NULL);
}

JsonNode *
_fc_sim_json_from_string (const char  *text,
                          GError     **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();

  if (!json_parser_load_from_data (parser, text, -1, error))
    return NULL;

  return json_node_ref (json_parser_get_root (parser));
}

/* Splits "a, b,,c" into {"a", "b", "c"}. */
char **
_fc_sim_split_list (const char *text)
{
  g_auto (GStrv) parts = g_strsplit (text != NULL ? text : "", ",", -1);
  GStrvBuilder *builder = g_strv_builder_new ();
  char **list;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (parts[i][0] != '\0')
        g_strv_builder_add (builder, parts[i]);
    }
  list = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);

  return list;
}

char *
_fc_sim_base64url_encode (const char *text)
{
  char *encoded = g_base64_encode ((const guchar *) text, strlen (text));
  gsize length = strlen (encoded);

  while (length > 0 && encoded[length - 1] == '=')
    encoded[--length] = '\0';
  g_strdelimit (encoded, "+", '-');
  g_strdelimit (encoded, "/", '_');

  return encoded;
}

/* Returns NULL when @text is not base64url of UTF-8 text. */
char *
_fc_sim_base64url_decode (const char *text)
{
  g_autoptr (GString) padded = g_string_new (text);
  g_autofree guchar *decoded = NULL;
  gsize length = 0;
  char *result;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && strchr ("-_=+/", *p) == NULL)
        return NULL;
    }
  g_strdelimit (padded->str, "-", '+');
  g_strdelimit (padded->str, "_", '/');
  while (padded->len % 4 != 0)
    g_string_append_c (padded, '=');

  decoded = g_base64_decode (padded->str, &length);
  result = g_strndup ((const char *) decoded, length);
  if (length == 0 || !g_utf8_validate (result, -1, NULL))
    {
      g_free (result);
      return NULL;
    }

  return result;
}

gboolean
_fc_sim_str_to_int64 (const char *text,
                      gint64     *value)
{
  return text != NULL && g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, value, NULL);
}

const char *
_fc_sim_reason (guint status)
{
  return soup_status_get_phrase (status);
}

gboolean
_fc_sim_get_uint_member (JsonObject  *object,
                         const char  *name,
                         guint       *value,
                         GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64
      || json_node_get_int (node) < 0 || json_node_get_int (node) > G_MAXUINT32)
    {
      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                   "“%s” must be a whole number from 0 to %u", name, G_MAXUINT32);
      return FALSE;
    }

  *value = (guint) json_node_get_int (node);
  return TRUE;
}

gboolean
_fc_sim_get_double_member (JsonObject  *object,
                           const char  *name,
                           double      *value,
                           GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);
  GType type;

  if (node == NULL)
    return TRUE;

  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    {
      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID, "“%s” must be a number", name);
      return FALSE;
    }

  *value = json_node_get_double (node);
  return TRUE;
}

/* Reads an array of whole numbers; NULL with @error unset when the member is absent. */
GArray *
_fc_sim_get_uint_array (JsonObject  *object,
                        const char  *name,
                        GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);
  g_autoptr (GArray) values = NULL;
  JsonArray *array;

  if (node == NULL)
    return NULL;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                   "“%s” must be an array of whole numbers", name);
      return NULL;
    }

  array = json_node_get_array (node);
  values = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      guint value;

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_INT64
          || json_node_get_int (element) < 0 || json_node_get_int (element) > G_MAXUINT32)
        {
          g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                       "“%s” must be an array of whole numbers; item %u is not", name, i);
          return NULL;
        }
      value = (guint) json_node_get_int (element);
      g_array_append_val (values, value);
    }

  return g_steal_pointer (&values);
}

/* json-glib asserts when a member is missing or of another type; these return NULL instead. */
JsonObject *
_fc_sim_json_object (JsonObject *object,
                     const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

JsonArray *
_fc_sim_json_array (JsonObject *object,
                    const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

JsonObject *
_fc_sim_json_array_object (JsonArray *array,
                           guint      index)
{
  JsonNode *node = array != NULL && index < json_array_get_length (array)
                   ? json_array_get_element (array, index) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

const char *
_fc_sim_json_array_string (JsonArray *array,
                           guint      index)
{
  JsonNode *node = array != NULL && index < json_array_get_length (array)
                   ? json_array_get_element (array, index) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}
