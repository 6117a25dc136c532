/* fc-sim-salesforce-values.c: record ids, errors, and field values and records as the API
 * returns them
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-sim-salesforce"

#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "fc-sim-salesforce-private.h"
#include "fc-sim-soql.h"

/* The pod and reserved characters of every id this org hands out: 003 5g 0 000000001 */
#define ID_POD "5g0"

static const char base62[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/* Ids */

/* The 18-character id of record @seq of the object with key prefix @prefix */
char *
_fc_sim_sf_make_id (const char *prefix,
                    gint64      seq)
{
  char id15[16];

  memcpy (id15, prefix, 3);
  memcpy (id15 + 3, ID_POD, 3);
  for (int i = 14; i >= 6; i--)
    {
      id15[i] = base62[seq % 62];
      seq /= 62;
    }
  id15[15] = '\0';

  return _fc_sim_soql_normalize_id (id15);
}

/* Reads a 15- or 18-character id this org could have made. FALSE for anything else. */
gboolean
_fc_sim_sf_parse_id (const char  *text,
                     char       **id18,
                     gint64      *seq)
{
  g_autofree char *id = _fc_sim_soql_normalize_id (text);
  gint64 number = 0;

  if (id == NULL || strncmp (id + 3, ID_POD, 3) != 0)
    return FALSE;

  for (guint i = 6; i < 15; i++)
    number = number * 62 + (strchr (base62, id[i]) - base62);

  if (seq != NULL)
    *seq = number;
  if (id18 != NULL)
    *id18 = g_steal_pointer (&id);
  return TRUE;
}

FcSimSfObject *
_fc_sim_sf_object_of_id (FcSimSalesforce *sf,
                         const char      *id)
{
  for (guint i = 0; id != NULL && i < FC_SIM_SF_N_OBJECTS; i++)
    {
      if (strncmp (id, sf->objects[i]->key_prefix, 3) == 0)
        return sf->objects[i];
    }

  return NULL;
}

/* The record of @object with id @id, deleted or not; NULL for other objects' ids */
FcSimRecord *
_fc_sim_sf_lookup (FcSimSfObject *object,
                   const char    *id)
{
  gint64 seq;

  if (id == NULL || strncmp (id, object->key_prefix, 3) != 0
      || !_fc_sim_sf_parse_id (id, NULL, &seq))
    return NULL;

  return _fc_sim_collection_lookup (object->records, seq);
}

char *
_fc_sim_sf_record_id (FcSimSfObject *object,
                      FcSimRecord   *record)
{
  return _fc_sim_sf_make_id (object->key_prefix, record->id);
}

/* 2013-05-20T20:49:32.000+0000, as Salesforce writes date-times */
char *
_fc_sim_sf_format_datetime (gint64 ms)
{
  g_autoptr (GDateTime) time = g_date_time_new_from_unix_utc (ms / 1000);
  g_autofree char *seconds = g_date_time_format (time, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("%s.%03d+0000", seconds, (int) (ms % 1000));
}

/* Errors */

FcSimSfError *
_fc_sim_sf_error_new (const char  *code,
                      char       **fields,
                      const char  *format,
                      ...)
{
  FcSimSfError *error = g_new0 (FcSimSfError, 1);
  va_list args;

  va_start (args, format);
  error->message = g_strdup_vprintf (format, args);
  va_end (args);
  error->code = g_strdup (code);
  error->fields = fields != NULL ? fields : g_new0 (char *, 1);

  return error;
}

void
_fc_sim_sf_error_free (FcSimSfError *error)
{
  if (error == NULL)
    return;

  g_free (error->code);
  g_free (error->message);
  g_strfreev (error->fields);
  g_free (error);
}

/* Reading values */

static JsonNode *
string_node (const char *text)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  json_node_set_string (node, text);
  return node;
}

static JsonNode *
stored (FcSimRecord *record,
        const char  *name)
{
  JsonNode *node = json_object_get_member (record->fields, name);

  return node != NULL ? json_node_copy (node) : json_node_new (JSON_NODE_NULL);
}

static const char *
stored_string (FcSimRecord *record,
               const char  *name)
{
  JsonNode *node = json_object_get_member (record->fields, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static JsonNode *
address_value (FcSimRecord  *record,
               FcSimSfField *field)
{
  static const struct { const char *part; const char *member; } parts[] = {
    { "City", "city" }, { "Country", "country" }, { "PostalCode", "postalCode" },
    { "State", "state" }, { "Street", "street" },
  };
  g_autoptr (JsonObject) address = json_object_new ();
  gboolean any = FALSE;
  JsonNode *node;

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_autofree char *name = g_strconcat (field->address_prefix, parts[i].part, NULL);
      const char *value = stored_string (record, name);

      if (i == 2)
        {
          json_object_set_null_member (address, "geocodeAccuracy");
          json_object_set_null_member (address, "latitude");
          json_object_set_null_member (address, "longitude");
        }
      if (value != NULL)
        {
          json_object_set_string_member (address, parts[i].member, value);
          any = TRUE;
        }
      else
        {
          json_object_set_null_member (address, parts[i].member);
        }
    }

  if (!any)
    return json_node_new (JSON_NODE_NULL);

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, address);
  return node;
}

/* The value of @field in @record as the API returns it: a new node, JSON null when unset. */
JsonNode *
_fc_sim_sf_get_value (FcSimSalesforce *sf,
                      FcSimSfObject   *object,
                      FcSimRecord     *record,
                      FcSimSfField    *field)
{
  const char *name = field->name;
  JsonNode *node;

  if (field->type == FC_SIM_SF_TYPE_ADDRESS)
    return address_value (record, field);

  if ((field->flags & (FC_SIM_SF_SYSTEM | FC_SIM_SF_CALCULATED)) != 0)
    {
      if (g_str_equal (name, "Id"))
        {
          g_autofree char *id = _fc_sim_sf_record_id (object, record);

          return string_node (id);
        }
      if (g_str_equal (name, "IsDeleted"))
        return json_node_init_boolean (json_node_alloc (), record->deleted_ms != 0);
      if (g_str_equal (name, "CreatedDate") || g_str_equal (name, "LastModifiedDate")
          || g_str_equal (name, "SystemModstamp"))
        {
          g_autofree char *text =
            _fc_sim_sf_format_datetime (g_str_equal (name, "CreatedDate") ? record->created_ms
                                                                          : record->updated_ms);

          return string_node (text);
        }
      if (g_str_equal (name, "CreatedById") || g_str_equal (name, "LastModifiedById"))
        return string_node (sf->user_id);
      if (g_str_equal (name, "Name"))
        {
          const char *first = stored_string (record, "FirstName");
          const char *last = stored_string (record, "LastName");
          g_autofree char *full = g_strjoin (first != NULL && last != NULL ? " " : "",
                                             first != NULL ? first : "",
                                             last != NULL ? last : "", NULL);

          return full[0] != '\0' ? string_node (full) : json_node_new (JSON_NODE_NULL);
        }
      if (g_str_equal (name, "IsClosed") || g_str_equal (name, "IsWon"))
        {
          gboolean closed = FALSE, won = FALSE;

          _fc_sim_sf_stage_probability (stored_string (record, "StageName"), &closed, &won);
          return json_node_init_boolean (json_node_alloc (),
                                         g_str_equal (name, "IsClosed") ? closed : won);
        }
    }

  node = stored (record, name);
  if (JSON_NODE_HOLDS_NULL (node) && field->type == FC_SIM_SF_TYPE_BOOLEAN)
    json_node_init_boolean (node, FALSE);
  return node;
}

/* {"attributes":{"type","url"}, field: value, ...} with @fields (FcSimSfField) in that order,
 * or every field when @fields is NULL. */
JsonNode *
_fc_sim_sf_record_to_json (FcSimSalesforce *sf,
                           FcSimSfObject   *object,
                           FcSimRecord     *record,
                           GPtrArray       *fields,
                           const char      *version)
{
  g_autoptr (JsonObject) json = json_object_new ();
  JsonObject *attributes = json_object_new ();
  g_autofree char *id = _fc_sim_sf_record_id (object, record);
  g_autofree char *url = g_strdup_printf ("/services/data/%s/sobjects/%s/%s", version,
                                          object->name, id);
  GPtrArray *list = fields != NULL ? fields : object->fields;
  JsonNode *node;

  json_object_set_string_member (attributes, "type", object->name);
  json_object_set_string_member (attributes, "url", url);
  json_object_set_object_member (json, "attributes", attributes);
  for (guint i = 0; i < list->len; i++)
    {
      FcSimSfField *field = g_ptr_array_index (list, i);

      json_object_set_member (json, field->name, _fc_sim_sf_get_value (sf, object, record, field));
    }

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, json);
  return node;
}

/* "Id, Email" -> the fields, in order; NULL with @unknown set to the first unknown name. */
GPtrArray *
_fc_sim_sf_parse_field_list (FcSimSfObject  *object,
                             const char     *list,
                             char          **unknown)
{
  g_auto (GStrv) names = _fc_sim_split_list (list);
  g_autoptr (GPtrArray) fields = g_ptr_array_new ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      FcSimSfField *field = _fc_sim_sf_find_field (object, names[i]);

      if (field == NULL)
        {
          *unknown = g_strdup (names[i]);
          return NULL;
        }
      if (!g_ptr_array_find (fields, field, NULL))
        g_ptr_array_add (fields, field);
    }

  return g_steal_pointer (&fields);
}
