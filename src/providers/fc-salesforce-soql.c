/* fc-salesforce-soql.c: Salesforce text in and out: SOQL queries and literals, date-times,
 * records, limit headers, error codes and login hosts
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-salesforce"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "fc-salesforce-connector-private.h"

/* ---- login hosts ----------------------------------------------------------------------- */

static gboolean
is_host_name (const char *host)
{
  gsize len = strlen (host);

  if (len == 0 || len > 253 || host[0] == '.' || host[0] == '-' || host[len - 1] == '.'
      || host[len - 1] == '-' || strstr (host, "..") != NULL)
    return FALSE;
  for (const char *p = host; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '.')
      return FALSE;
  return TRUE;
}

static char *
login_url_from_uri (const char  *text,
                    GError     **error)
{
  g_autoptr (GUri) uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  const char *path = uri != NULL ? g_uri_get_path (uri) : NULL;

  if (uri == NULL || g_uri_get_host (uri) == NULL
      || (g_strcmp0 (g_uri_get_scheme (uri), "https") != 0
          && g_strcmp0 (g_uri_get_scheme (uri), "http") != 0)
      || g_uri_get_userinfo (uri) != NULL || g_uri_get_query (uri) != NULL
      || g_uri_get_fragment (uri) != NULL
      || (path != NULL && *path != '\0' && g_strcmp0 (path, "/") != 0))
    {
      g_set_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_VALIDATION,
                   _("“%s” is not a Salesforce login address: expected a web address such as "
                     "https://acme.my.salesforce.com, without a path"), text);
      return NULL;
    }
  return g_uri_join (G_URI_FLAGS_NONE, g_uri_get_scheme (uri), NULL, g_uri_get_host (uri),
                     g_uri_get_port (uri), "", NULL, NULL);
}

char *
fc_salesforce_login_url_for_host (const char  *host,
                                  GError     **error)
{
  g_autofree char *text = g_strstrip (g_strdup (host != NULL ? host : ""));
  g_autofree char *lower = NULL;

  if (*text == '\0' || g_ascii_strcasecmp (text, "production") == 0
      || g_ascii_strcasecmp (text, "login") == 0)
    return g_strdup (FC_SALESFORCE_PRODUCTION_LOGIN_URL);
  if (g_ascii_strcasecmp (text, "sandbox") == 0 || g_ascii_strcasecmp (text, "test") == 0)
    return g_strdup (FC_SALESFORCE_SANDBOX_LOGIN_URL);
  if (strstr (text, "://") != NULL)
    return login_url_from_uri (text, error);

  lower = g_ascii_strdown (text, -1);
  if (!is_host_name (lower))
    {
      g_set_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_VALIDATION,
                   _("“%s” is not a Salesforce login host: expected “production”, “sandbox”, "
                     "a My Domain name such as “acme”, or a host such as "
                     "acme.my.salesforce.com"), text);
      return NULL;
    }
  /* A bare My Domain name */
  if (strchr (lower, '.') == NULL)
    return g_strdup_printf ("https://%s.my.salesforce.com", lower);
  return g_strdup_printf ("https://%s", lower);
}

/* ---- limits and errors ----------------------------------------------------------------- */

gboolean
fc_salesforce_parse_limit_info (const char *header,
                                gint64     *out_used,
                                gint64     *out_max)
{
  g_auto (GStrv) parts = NULL;

  if (header == NULL)
    return FALSE;

  /* Other counters may follow ("per-app-api-usage=...", "api-bursts=..."): match the name */
  parts = g_strsplit_set (header, ";,", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *part = g_strstrip (parts[i]);
      g_auto (GStrv) numbers = NULL;
      guint64 used, max;

      if (!g_str_has_prefix (part, "api-usage="))
        continue;
      numbers = g_strsplit (part + strlen ("api-usage="), "/", 3);
      if (g_strv_length (numbers) != 2
          || !g_ascii_string_to_unsigned (g_strstrip (numbers[0]), 10, 0, G_MAXINT64, &used,
                                          NULL)
          || !g_ascii_string_to_unsigned (g_strstrip (numbers[1]), 10, 0, G_MAXINT64, &max,
                                          NULL))
        return FALSE;
      *out_used = (gint64) used;
      *out_max = (gint64) max;
      return TRUE;
    }
  return FALSE;
}

static const struct {
  const char *provider_code;
  int         code;
} error_codes[] = {
  { "INVALID_FIELD", FC_CONNECTOR_ERROR_VALIDATION },
  { "MALFORMED_QUERY", FC_CONNECTOR_ERROR_VALIDATION },
  { "INVALID_QUERY_FILTER_OPERATOR", FC_CONNECTOR_ERROR_VALIDATION },
  { "INVALID_TYPE", FC_CONNECTOR_ERROR_VALIDATION },
  { "INVALID_FIELD_FOR_INSERT_UPDATE", FC_CONNECTOR_ERROR_VALIDATION },
  { "INVALID_TYPE_ON_FIELD_IN_RECORD", FC_CONNECTOR_ERROR_VALIDATION },
  { "REQUIRED_FIELD_MISSING", FC_CONNECTOR_ERROR_VALIDATION },
  { "STRING_TOO_LONG", FC_CONNECTOR_ERROR_VALIDATION },
  { "INVALID_EMAIL_ADDRESS", FC_CONNECTOR_ERROR_VALIDATION },
  { "FIELD_CUSTOM_VALIDATION_EXCEPTION", FC_CONNECTOR_ERROR_VALIDATION },
  { "FIELD_INTEGRITY_EXCEPTION", FC_CONNECTOR_ERROR_VALIDATION },
  { "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", FC_CONNECTOR_ERROR_VALIDATION },
  { "INVALID_CROSS_REFERENCE_KEY", FC_CONNECTOR_ERROR_VALIDATION },
  { "NUMBER_OUTSIDE_VALID_RANGE", FC_CONNECTOR_ERROR_VALIDATION },
  { "JSON_PARSER_ERROR", FC_CONNECTOR_ERROR_VALIDATION },
  { "MALFORMED_ID", FC_CONNECTOR_ERROR_VALIDATION },
  { "INVALID_ID_FIELD", FC_CONNECTOR_ERROR_VALIDATION },
  { "NOT_FOUND", FC_CONNECTOR_ERROR_NOT_FOUND },
  { "ENTITY_IS_DELETED", FC_CONNECTOR_ERROR_NOT_FOUND },
  { "INVALID_QUERY_LOCATOR", FC_CONNECTOR_ERROR_NOT_FOUND },
  { "DUPLICATE_VALUE", FC_CONNECTOR_ERROR_CONFLICT },
  { "DUPLICATES_DETECTED", FC_CONNECTOR_ERROR_CONFLICT },
  { "DUPLICATE_EXTERNAL_ID", FC_CONNECTOR_ERROR_CONFLICT },
  { "MULTIPLE_CHOICES", FC_CONNECTOR_ERROR_CONFLICT },
  { "ENTITY_IS_LOCKED", FC_CONNECTOR_ERROR_CONFLICT },
  { "INVALID_SESSION_ID", FC_CONNECTOR_ERROR_AUTH },
  { "INSUFFICIENT_ACCESS", FC_CONNECTOR_ERROR_AUTH },
  { "INSUFFICIENT_ACCESS_OR_READONLY", FC_CONNECTOR_ERROR_AUTH },
  { "INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY", FC_CONNECTOR_ERROR_AUTH },
  { "API_DISABLED_FOR_ORG", FC_CONNECTOR_ERROR_AUTH },
  { "API_CURRENTLY_DISABLED", FC_CONNECTOR_ERROR_AUTH },
  { "REQUEST_LIMIT_EXCEEDED", FC_CONNECTOR_ERROR_RATE_LIMITED },
  { "SERVER_UNAVAILABLE", FC_CONNECTOR_ERROR_SERVER },
  { "UNKNOWN_EXCEPTION", FC_CONNECTOR_ERROR_SERVER },
  { "UNABLE_TO_LOCK_ROW", FC_CONNECTOR_ERROR_SERVER },
};

int
fc_salesforce_error_code_for (const char *provider_code)
{
  for (guint i = 0; provider_code != NULL && i < G_N_ELEMENTS (error_codes); i++)
    if (g_str_equal (error_codes[i].provider_code, provider_code))
      return error_codes[i].code;
  return -1;
}

/* ---- SOQL ------------------------------------------------------------------------------ */

char *
fc_salesforce_soql_quote (const char *value)
{
  GString *out = g_string_sized_new (value != NULL ? strlen (value) + 2 : 2);

  g_string_append_c (out, '\'');
  for (const char *p = value != NULL ? value : ""; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\'':
          g_string_append (out, "\\'");
          break;
        case '"':
          g_string_append (out, "\\\"");
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
        case '\b':
          g_string_append (out, "\\b");
          break;
        case '\f':
          g_string_append (out, "\\f");
          break;
        default:
          g_string_append_c (out, *p);
        }
    }
  g_string_append_c (out, '\'');
  return g_string_free (out, FALSE);
}

gboolean
fc_salesforce_is_field_name (const char *name)
{
  gboolean segment_start = TRUE;

  if (name == NULL || *name == '\0' || strlen (name) > 255)
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    {
      if (*p == '.')
        {
          if (segment_start)
            return FALSE;
          segment_start = TRUE;
          continue;
        }
      if (segment_start ? !g_ascii_isalpha (*p) : !(g_ascii_isalnum (*p) || *p == '_'))
        return FALSE;
      segment_start = FALSE;
    }
  return !segment_start;
}

gboolean
_fc_salesforce_is_id (const char *id)
{
  gsize len = id != NULL ? strlen (id) : 0;

  if (len != 15 && len != 18)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (id[i]))
      return FALSE;
  return TRUE;
}

/* A SOQL date-time literal, in whole seconds: "2025-01-31T12:00:00Z". */
static char *
format_soql_datetime (gint64 ms)
{
  g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (ms / 1000);

  return dt != NULL ? g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ") : NULL;
}

char *
fc_salesforce_build_changed_query (const char         *object_type,
                                   const char * const *fields,
                                   gint64              since_ms)
{
  GString *soql = g_string_new ("SELECT Id");

  g_return_val_if_fail (fc_salesforce_is_field_name (object_type), NULL);

  for (guint i = 0; fields != NULL && fields[i] != NULL; i++)
    if (!g_str_equal (fields[i], "Id") && !g_str_equal (fields[i], "SystemModstamp")
        && fc_salesforce_is_field_name (fields[i]))
      g_string_append_printf (soql, ", %s", fields[i]);
  g_string_append_printf (soql, ", SystemModstamp FROM %s", object_type);

  if (since_ms >= 0)
    {
      g_autofree char *since = format_soql_datetime (since_ms);

      /* Rounded down to the second: an inclusive cursor may list a record again, never skip
       * one. */
      if (since != NULL)
        g_string_append_printf (soql, " WHERE SystemModstamp >= %s", since);
    }
  g_string_append (soql, " ORDER BY SystemModstamp ASC, Id ASC");
  return g_string_free (soql, FALSE);
}

static gboolean
is_number (const char *value)
{
  char *end = NULL;
  double number;

  if (*value == '\0' || strspn (value, "+-0123456789.eE") != strlen (value))
    return FALSE;
  number = g_ascii_strtod (value, &end);
  return end != NULL && *end == '\0' && isfinite (number);
}

static gboolean
is_date (const char *value)
{
  guint64 year, month, day;
  g_auto (GStrv) parts = NULL;

  if (strlen (value) != 10 || value[4] != '-' || value[7] != '-')
    return FALSE;
  parts = g_strsplit (value, "-", 3);
  return g_ascii_string_to_unsigned (parts[0], 10, 1, 9999, &year, NULL)
         && g_ascii_string_to_unsigned (parts[1], 10, 1, 12, &month, NULL)
         && g_ascii_string_to_unsigned (parts[2], 10, 1, 31, &day, NULL)
         && g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

char *
_fc_salesforce_soql_literal (const char  *type,
                             const char  *value,
                             GError     **error)
{
  const char *expected = NULL;

  if (g_strcmp0 (type, "boolean") == 0)
    {
      if (g_ascii_strcasecmp (value, "true") == 0 || g_ascii_strcasecmp (value, "false") == 0)
        return g_ascii_strdown (value, -1);
      expected = _("true or false");
    }
  else if (g_strcmp0 (type, "int") == 0 || g_strcmp0 (type, "double") == 0
           || g_strcmp0 (type, "currency") == 0 || g_strcmp0 (type, "percent") == 0)
    {
      if (is_number (value))
        return g_strdup (value);
      expected = _("a number");
    }
  else if (g_strcmp0 (type, "date") == 0)
    {
      if (is_date (value))
        return g_strdup (value);
      expected = _("a date such as 2026-01-31");
    }
  else if (g_strcmp0 (type, "datetime") == 0)
    {
      gint64 ms = strchr (value, 'T') != NULL ? _fc_connector_parse_time_ms (value) : -1;

      if (ms >= 0)
        return format_soql_datetime (ms);
      expected = _("a date and time such as 2026-01-31T12:00:00Z");
    }
  else
    return fc_salesforce_soql_quote (value);

  g_set_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_VALIDATION,
               _("“%s” cannot be compared with a Salesforce %s field: expected %s"),
               value, type, expected);
  return NULL;
}

/* ---- values and records ---------------------------------------------------------------- */

char *
fc_salesforce_normalize_datetime (const char *text)
{
  gsize len = text != NULL ? strlen (text) : 0;
  const char *zone;
  gint64 ms;

  /* YYYY-MM-DDThh:mm:ss, then fractions, then Z or an offset */
  if (len < 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':')
    return NULL;
  zone = text + 19;
  zone += strspn (zone, ".0123456789");
  if (*zone != 'Z' && *zone != '+' && *zone != '-')
    return NULL;

  ms = _fc_connector_parse_time_ms (text);
  return ms >= 0 ? _fc_connector_format_cursor (ms) : NULL;
}

static GQuark
datetime_fields_quark (void)
{
  return g_quark_from_static_string ("fc-salesforce-datetime-fields");
}

/* name -> GINT_TO_POINTER (TRUE) when datetime, FALSE otherwise; kept on the catalogue. */
static GHashTable *
get_field_kinds (GListModel *fields)
{
  GHashTable *kinds;
  guint n;

  if (fields == NULL)
    return NULL;
  kinds = g_object_get_qdata (G_OBJECT (fields), datetime_fields_quark ());
  if (kinds != NULL)
    return kinds;

  kinds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  n = g_list_model_get_n_items (fields);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (FcFieldInfo) info = g_list_model_get_item (fields, i);

      g_hash_table_insert (kinds, g_strdup (fc_field_info_get_name (info)),
                           GINT_TO_POINTER (g_strcmp0 (fc_field_info_get_field_type (info),
                                                       "datetime") == 0));
    }
  g_object_set_qdata_full (G_OBJECT (fields), datetime_fields_quark (), kinds,
                           (GDestroyNotify) g_hash_table_unref);
  return kinds;
}

static void
add_members (FcRecord   *record,
             const char *prefix,
             JsonObject *object,
             GHashTable *kinds)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &value))
    {
      g_autofree char *full = NULL;
      gpointer is_datetime = NULL;
      gboolean known;

      if (g_str_equal (name, "attributes") || *name == '\0')  /* JSON allows "" as a name */
        continue;
      full = prefix != NULL ? g_strconcat (prefix, ".", name, NULL) : g_strdup (name);

      /* A related record (SELECT Account.Name ...): its fields under its name */
      if (JSON_NODE_HOLDS_OBJECT (value))
        {
          add_members (record, full, json_node_get_object (value), kinds);
          continue;
        }

      known = kinds != NULL && g_hash_table_lookup_extended (kinds, full, NULL, &is_datetime);
      if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING
          && (!known || GPOINTER_TO_INT (is_datetime)))
        {
          char *normal = fc_salesforce_normalize_datetime (json_node_get_string (value));

          if (normal != NULL)
            {
              fc_record_take_field (record, full,
                                    json_node_init_string (json_node_alloc (), normal));
              g_free (normal);
              continue;
            }
        }
      fc_record_set_field (record, full, value);
    }
}

FcRecord *
fc_salesforce_record_from_json (const char *object_type,
                                JsonObject *object,
                                GListModel *fields)
{
  const char *id = _fc_json_get_string (object, "Id");
  g_autoptr (FcRecord) record = NULL;
  gint64 modified;

  if (id == NULL || *id == '\0')
    return NULL;

  record = fc_record_new (object_type, id);
  add_members (record, NULL, object, get_field_kinds (fields));

  modified = _fc_connector_parse_time_ms (fc_record_get_string (record, "SystemModstamp"));
  if (modified < 0)
    modified = _fc_connector_parse_time_ms (fc_record_get_string (record, "LastModifiedDate"));
  if (modified >= 0)
    fc_record_set_modified_ms (record, modified);
  fc_record_set_archived (record, _fc_json_get_boolean (object, "IsDeleted", FALSE));

  return g_steal_pointer (&record);
}
