/* fc-connector-util.c: what every connector needs: cursors, times, JSON members, secrets
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-connector"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "fc-connector-private.h"

char *
_fc_connector_format_cursor (gint64 ms)
{
  g_autoptr (GDateTime) seconds = g_date_time_new_from_unix_utc (ms / 1000 - (ms % 1000 < 0));
  g_autofree char *text = NULL;
  gint64 rest = ((ms % 1000) + 1000) % 1000;

  if (seconds == NULL)
    return NULL;
  text = g_date_time_format (seconds, "%Y-%m-%dT%H:%M:%S");
  return g_strdup_printf ("%s.%03dZ", text, (int) rest);
}

/* The value of @n digits at @p, or -1 when one is not a digit */
static int
digits_value (const char *p,
              guint       n)
{
  int value = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (p[i]))
        return -1;
      value = value * 10 + (p[i] - '0');
    }
  return value;
}

/* "YYYY-MM-DDTHH:MM:SSZ" or "YYYY-MM-DDTHH:MM:SS.mmmZ", the forms providers send, read without
 * a GDateTime (which costs more than the rest of reading a record); FALSE for anything else,
 * which GDateTime then reads. The same milliseconds as GDateTime's for every such time. */
static gboolean
parse_plain_utc_ms (const char *text,
                    gint64     *out_ms)
{
  gsize length = strlen (text);
  int year, month, day, hour, minute, second, ms = 0;
  int era, year_of_era, day_of_year;
  gint64 days;

  if ((length != 20 && length != 24) || text[4] != '-' || text[7] != '-' || text[10] != 'T'
      || text[13] != ':' || text[16] != ':' || text[length - 1] != 'Z')
    return FALSE;
  if (length == 24 && (text[19] != '.' || (ms = digits_value (text + 20, 3)) < 0))
    return FALSE;
  year = digits_value (text, 4);
  month = digits_value (text + 5, 2);
  day = digits_value (text + 8, 2);
  hour = digits_value (text + 11, 2);
  minute = digits_value (text + 14, 2);
  second = digits_value (text + 17, 2);
  if (year < 1 || month < 1 || month > 12 || day < 1
      || day > g_date_get_days_in_month ((GDateMonth) month, (GDateYear) year)
      || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59)
    return FALSE;

  /* days since 1970-01-01 of the proleptic Gregorian calendar, in eras of 400 years */
  year -= month <= 2;
  era = year / 400;
  year_of_era = year - era * 400;
  day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  days = (gint64) era * 146097 + year_of_era * 365 + year_of_era / 4 - year_of_era / 100
         + day_of_year - 719468;
  *out_ms = ((days * 24 + hour) * 60 + minute) * 60000 + second * 1000 + ms;
  return TRUE;
}

gint64
_fc_connector_parse_time_ms (const char *text)
{
  g_autoptr (GTimeZone) utc = NULL;
  g_autoptr (GDateTime) dt = NULL;
  gboolean digits = text != NULL && *text != '\0';
  gint64 plain_ms;

  if (text == NULL)
    return -1;
  if (parse_plain_utc_ms (text, &plain_ms))
    return plain_ms;

  for (const char *p = text; *p != '\0' && digits; p++)
    digits = g_ascii_isdigit (*p);
  if (digits)
    {
      guint64 ms;

      if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &ms, NULL))
        return -1;
      return (gint64) ms;
    }

  utc = g_time_zone_new_utc ();
  dt = g_date_time_new_from_iso8601 (text, utc);
  if (dt == NULL)
    return -1;
  return g_date_time_to_unix (dt) * 1000 + g_date_time_get_microsecond (dt) / 1000;
}

gboolean
_fc_connector_parse_cursor (const char  *cursor,
                            gint64      *out_ms,
                            GError     **error)
{
  gint64 ms = _fc_connector_parse_time_ms (cursor);

  if (ms < 0)
    {
      g_set_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_VALIDATION,
                   _("“%s” is not a change cursor: expected an ISO 8601 date and time such as "
                     "2026-01-31T12:00:00.000Z"),
                   cursor != NULL ? cursor : "");
      return FALSE;
    }
  *out_ms = ms;
  return TRUE;
}

GDateTime *
_fc_connector_date_time_from_ms (gint64 ms)
{
  g_autoptr (GDateTime) seconds = NULL;

  if (ms < 0)
    return NULL;
  seconds = g_date_time_new_from_unix_utc (ms / 1000);
  if (seconds == NULL)
    return NULL;
  return g_date_time_add (seconds, (ms % 1000) * G_TIME_SPAN_MILLISECOND);
}

gboolean
_fc_connector_secure_equal (const char *a,
                            const char *b)
{
  gsize len_a, len_b, n;
  guint8 diff;

  if (a == NULL || b == NULL)
    return FALSE;

  len_a = strlen (a);
  len_b = strlen (b);
  diff = len_a != len_b;
  n = MAX (len_a, len_b);
  /* Every byte is looked at, whatever differs first; a shorter string reads as zeros. */
  for (gsize i = 0; i < n; i++)
    {
      guint8 x = i < len_a ? (guint8) a[i] : 0;
      guint8 y = i < len_b ? (guint8) b[i] : 0;

      diff |= x ^ y;
    }
  return diff == 0;
}

const char *
_fc_json_node_get_string (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

const char *
_fc_json_get_string (JsonObject *object,
                     const char *member)
{
  return _fc_json_node_get_string (object != NULL ? json_object_get_member (object, member)
                                                  : NULL);
}

JsonObject *
_fc_json_get_object (JsonObject *object,
                     const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

JsonArray *
_fc_json_get_array (JsonObject *object,
                    const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

gboolean
_fc_json_nesting_fits (const char *data,
                       gsize       size)
{
  guint depth = 0;

  for (gsize i = 0; i < size; i++)
    {
      if (data[i] == '[' || data[i] == '{')
        {
          if (++depth > FC_JSON_MAX_NESTING)
            return FALSE;
        }
      else if ((data[i] == ']' || data[i] == '}') && depth > 0)
        depth--;
    }
  return TRUE;
}

gboolean
_fc_json_node_get_boolean (JsonNode *node,
                           gboolean  fallback)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fallback;
  return json_node_get_boolean (node);
}

gboolean
_fc_json_get_boolean (JsonObject *object,
                      const char *member,
                      gboolean    fallback)
{
  return _fc_json_node_get_boolean (object != NULL ? json_object_get_member (object, member)
                                                   : NULL, fallback);
}

char *
_fc_json_node_dup_id (JsonNode *node)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_STRING)
    return *json_node_get_string (node) != '\0' ? g_strdup (json_node_get_string (node)) : NULL;
  if (type == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  if (type == G_TYPE_DOUBLE)
    return g_strdup_printf ("%.0f", json_node_get_double (node));
  return NULL;
}

char *
_fc_json_dup_id (JsonObject *object,
                 const char *member)
{
  return _fc_json_node_dup_id (object != NULL ? json_object_get_member (object, member) : NULL);
}

void
_fc_connector_set_bad_response (GError     **error,
                                const char  *what,
                                const char  *detail)
{
  g_set_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_BAD_RESPONSE,
               _("%s: the provider’s answer is not what its API describes (%s)"), what, detail);
}
