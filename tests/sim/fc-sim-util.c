/* fc-sim-util.c: time, JSON and text helpers of the simulator
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-sim"

#include "config.h"

#include <string.h>

#include "fc-sim-private.h"

/* Writes @value as @width decimal digits, zero-padded, and returns the end. */
static char *
put_digits (char  *out,
            guint  value,
            guint  width)
{
  for (guint i = width; i > 0; i--)
    {
      out[i - 1] = (char) ('0' + value % 10);
      value /= 10;
    }

  return out + width;
}

/* Writes "YYYY-MM-DDTHH:MM:SS" of @seconds since the epoch into @out (20 bytes with the nul).
 * Answers format thousands of timestamps, and g_date_time_format() parses its format string
 * each time: the calendar comes from GDate, the digits are written here. */
static char *
put_date_time (char   *out,
               gint64  seconds)
{
  /* GDate counts days from 0001-01-01 as day 1; 1970-01-01 is day 719163 */
  gint64 days = seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400);
  guint in_day = (guint) (seconds - days * 86400);
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, (guint32) (719163 + days));
  out = put_digits (out, g_date_get_year (&date), 4);
  *out++ = '-';
  out = put_digits (out, g_date_get_month (&date), 2);
  *out++ = '-';
  out = put_digits (out, g_date_get_day (&date), 2);
  *out++ = 'T';
  out = put_digits (out, in_day / 3600, 2);
  *out++ = ':';
  out = put_digits (out, in_day / 60 % 60, 2);
  *out++ = ':';
  out = put_digits (out, in_day % 60, 2);
  *out = '\0';

  return out;
}

/* Writes 2025-01-01T10:20:00.123Z (@with_ms) or 2025-01-01T10:20:00Z into @text (32 bytes) and
 * returns its length. Before 1970 a part of a second counts from the whole second before it. */
static gsize
put_iso (char     *text,
         gint64    ms,
         gboolean  with_ms)
{
  gint64 millis = ms % 1000 < 0 ? ms % 1000 + 1000 : ms % 1000;
  char *end = put_date_time (text, (ms - millis) / 1000);

  if (with_ms)
    {
      *end++ = '.';
      end = put_digits (end, (guint) millis, 3);
    }
  *end++ = 'Z';
  *end = '\0';

  return end - text;
}

/* 2025-01-01T10:20:00.123Z, as HubSpot writes timestamps */
char *
_fc_sim_format_iso_ms (gint64 ms)
{
  char text[32];

  return g_strndup (text, put_iso (text, ms, TRUE));
}

/* 2025-01-01T10:20:00Z, as Pipedrive v2 writes timestamps */
char *
_fc_sim_format_iso_s (gint64 ms)
{
  char text[32];

  return g_strndup (text, put_iso (text, ms, FALSE));
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

/* Appends @text as a JSON string, escaped as json-glib's generator escapes it, so that answers
 * written as text read byte for byte like the ones the generator wrote. */
void
_fc_sim_json_append_string (GString    *out,
                            const char *text)
{
  _fc_sim_json_append_string_len (out, text, strlen (text));
}

/* The same for the first @length bytes of @text */
void
_fc_sim_json_append_string_len (GString    *out,
                                const char *text,
                                gsize       length)
{
  const char *end = text + length;
  const char *run = text;
  const char *p;

  g_string_append_c (out, '"');
  for (p = text; p < end; p++)
    {
      char c = *p;

      /* json-glib escapes 0x01 to 0x1e and 0x7f, and leaves 0x1f as it is */
      if (c != '"' && c != '\\' && (c < 0 || c >= 0x1f) && c != 0x7f)
        continue;

      g_string_append_len (out, run, p - run);
      run = p + 1;
      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\b':
          g_string_append (out, "\\b");
          break;
        case '\f':
          g_string_append (out, "\\f");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          g_string_append_printf (out, "\\u00%02x", (guint) (guchar) c);
          break;
        }
    }
  g_string_append_len (out, run, p - run);
  g_string_append_c (out, '"');
}

static void
append_value (GString  *out,
              JsonNode *node)
{
  g_autoptr (JsonGenerator) generator = NULL;
  g_autofree char *text = NULL;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      _fc_sim_json_append_string (out, json_node_get_string (node));
      break;
    case G_TYPE_INT64:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
      break;
    case G_TYPE_BOOLEAN:
      g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
      break;
    default:
      /* Doubles are rare in answers and their text is json-glib's to decide */
      generator = json_generator_new ();
      json_generator_set_root (generator, node);
      text = json_generator_to_data (generator, NULL);
      g_string_append (out, text);
      break;
    }
}

/* Appends @node as compact JSON text, as json-glib's generator writes it (members in the order
 * they were set) without building the text of every value in a GString of its own. */
void
_fc_sim_json_append (GString  *out,
                     JsonNode *node)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;
  JsonArray *array;
  gboolean first = TRUE;

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      g_string_append_c (out, '{');
      json_object_iter_init_ordered (&iter, json_node_get_object (node));
      while (json_object_iter_next_ordered (&iter, &name, &member))
        {
          if (!first)
            g_string_append_c (out, ',');
          first = FALSE;
          _fc_sim_json_append_string (out, name);
          g_string_append_c (out, ':');
          _fc_sim_json_append (out, member);
        }
      g_string_append_c (out, '}');
      break;
    case JSON_NODE_ARRAY:
      array = json_node_get_array (node);
      g_string_append_c (out, '[');
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          _fc_sim_json_append (out, json_array_get_element (array, i));
        }
      g_string_append_c (out, ']');
      break;
    case JSON_NODE_VALUE:
      append_value (out, node);
      break;
    case JSON_NODE_NULL:
    default:
      g_string_append (out, "null");
      break;
    }
}

/* The writer: one description of a shape gives its text (answers of many records) or its tree
 * (single records, webhook events). Text keeps a bit per open object for "a member came". */

void
_fc_sim_writer_init_text (FcSimJsonWriter *self,
                          GString         *text)
{
  *self = (FcSimJsonWriter) { .text = text };
}

void
_fc_sim_writer_init_tree (FcSimJsonWriter *self)
{
  *self = (FcSimJsonWriter) { .builder = json_builder_new () };
}

/* The tree of a writer made with _fc_sim_writer_init_tree (), which the writer lets go */
JsonNode *
_fc_sim_writer_end_tree (FcSimJsonWriter *self)
{
  JsonNode *root = json_builder_get_root (self->builder);

  g_clear_object (&self->builder);
  return root;
}

void
_fc_sim_writer_begin_object (FcSimJsonWriter *self)
{
  g_return_if_fail (self->depth < 63);

  if (self->builder != NULL)
    {
      json_builder_begin_object (self->builder);
      return;
    }
  g_string_append_c (self->text, '{');
  self->depth++;
  self->started &= ~(G_GUINT64_CONSTANT (1) << self->depth);
}

void
_fc_sim_writer_end_object (FcSimJsonWriter *self)
{
  if (self->builder != NULL)
    {
      json_builder_end_object (self->builder);
      return;
    }
  g_string_append_c (self->text, '}');
  self->depth--;
}

void
_fc_sim_writer_name (FcSimJsonWriter *self,
                     const char      *name)
{
  guint64 bit = G_GUINT64_CONSTANT (1) << self->depth;

  if (self->builder != NULL)
    {
      json_builder_set_member_name (self->builder, name);
      return;
    }
  if (self->started & bit)
    g_string_append_c (self->text, ',');
  self->started |= bit;
  _fc_sim_json_append_string (self->text, name);
  g_string_append_c (self->text, ':');
}

/* A string value, or null for NULL */
void
_fc_sim_writer_string (FcSimJsonWriter *self,
                       const char      *value)
{
  if (value == NULL)
    _fc_sim_writer_null (self);
  else
    _fc_sim_writer_string_len (self, value, strlen (value));
}

void
_fc_sim_writer_string_len (FcSimJsonWriter *self,
                           const char      *value,
                           gsize            length)
{
  g_autofree char *copy = NULL;

  if (self->text != NULL)
    {
      _fc_sim_json_append_string_len (self->text, value, length);
      return;
    }
  copy = g_strndup (value, length);
  json_builder_add_string_value (self->builder, copy);
}

void
_fc_sim_writer_iso_ms (FcSimJsonWriter *self,
                       gint64           ms)
{
  char text[32];

  _fc_sim_writer_string_len (self, text, put_iso (text, ms, TRUE));
}

void
_fc_sim_writer_iso_s (FcSimJsonWriter *self,
                      gint64           ms)
{
  char text[32];

  _fc_sim_writer_string_len (self, text, put_iso (text, ms, FALSE));
}

void
_fc_sim_writer_int (FcSimJsonWriter *self,
                    gint64           value)
{
  if (self->builder != NULL)
    json_builder_add_int_value (self->builder, value);
  else
    g_string_append_printf (self->text, "%" G_GINT64_FORMAT, value);
}

void
_fc_sim_writer_boolean (FcSimJsonWriter *self,
                        gboolean         value)
{
  if (self->builder != NULL)
    json_builder_add_boolean_value (self->builder, value);
  else
    g_string_append (self->text, value ? "true" : "false");
}

void
_fc_sim_writer_null (FcSimJsonWriter *self)
{
  if (self->builder != NULL)
    json_builder_add_null_value (self->builder);
  else
    g_string_append (self->text, "null");
}

/* A copy of @node */
void
_fc_sim_writer_node (FcSimJsonWriter *self,
                     JsonNode        *node)
{
  if (self->builder != NULL)
    json_builder_add_value (self->builder, json_node_copy (node));
  else
    _fc_sim_json_append (self->text, node);
}

/* A constant given as JSON text: null, true, false, [], a whole number or a string without
 * escapes, as shapes write their defaults */
void
_fc_sim_writer_literal (FcSimJsonWriter *self,
                        const char      *literal)
{
  gint64 number;
  gsize length = strlen (literal);

  if (self->text != NULL)
    g_string_append_len (self->text, literal, length);
  else if (g_str_equal (literal, "null"))
    json_builder_add_null_value (self->builder);
  else if (g_str_equal (literal, "true") || g_str_equal (literal, "false"))
    json_builder_add_boolean_value (self->builder, literal[0] == 't');
  else if (g_str_equal (literal, "[]"))
    {
      g_autoptr (JsonArray) array = json_array_new ();

      json_builder_add_value (self->builder, json_node_init_array (json_node_alloc (), array));
    }
  else if (literal[0] == '"' && length >= 2)
    _fc_sim_writer_string_len (self, literal + 1, length - 2);
  else if (_fc_sim_str_to_int64 (literal, &number))
    json_builder_add_int_value (self->builder, number);
  else
    g_return_if_reached ();
}

char *
_fc_sim_json_to_string (JsonNode *node)
{
  GString *out = g_string_sized_new (256);

  _fc_sim_json_append (out, node);

  return g_string_free (out, FALSE);
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
