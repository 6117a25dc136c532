/* fc-record.c: one provider record, normalised to an id, a modified time and flat named fields
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-record"

#include "config.h"

#include <string.h>

#include "fc-record.h"

struct _FcRecord
{
  GObject     parent_instance;

  char       *id;
  char       *object_type;
  gint64      modified_ms;
  GDateTime  *modified_at;
  gboolean    archived;
  GHashTable *fields;        /* char * -> JsonNode * (never NULL; JSON null for empty) */
};

G_DEFINE_FINAL_TYPE (FcRecord, fc_record, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_OBJECT_TYPE,
  PROP_MODIFIED_AT,
  PROP_ARCHIVED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Replaces *@field with a copy of @value; TRUE when it changed. */
static gboolean
update_string (char       **field,
               const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static GDateTime *
date_time_from_ms (gint64 ms)
{
  gint64 seconds = ms / 1000;
  gint64 rest = ms % 1000;
  g_autoptr (GDateTime) whole = NULL;

  if (rest < 0)
    {
      seconds -= 1;
      rest += 1000;
    }
  whole = g_date_time_new_from_unix_utc (seconds);
  if (whole == NULL)
    return NULL;
  return g_date_time_add (whole, rest * G_TIME_SPAN_MILLISECOND);
}

static gint64
ms_from_date_time (GDateTime *dt)
{
  return g_date_time_to_unix (dt) * 1000 + g_date_time_get_microsecond (dt) / 1000;
}

static void
fc_record_finalize (GObject *object)
{
  FcRecord *self = (FcRecord *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->object_type, g_free);
  g_clear_pointer (&self->modified_at, g_date_time_unref);
  g_clear_pointer (&self->fields, g_hash_table_unref);

  G_OBJECT_CLASS (fc_record_parent_class)->finalize (object);
}

static void
fc_record_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  FcRecord *self = FC_RECORD (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_OBJECT_TYPE:
      g_value_set_string (value, self->object_type);
      break;
    case PROP_MODIFIED_AT:
      g_value_set_boxed (value, self->modified_at);
      break;
    case PROP_ARCHIVED:
      g_value_set_boolean (value, self->archived);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_record_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  FcRecord *self = FC_RECORD (object);

  switch (prop_id)
    {
    case PROP_ID:
      fc_record_set_id (self, g_value_get_string (value));
      break;
    case PROP_OBJECT_TYPE:
      fc_record_set_object_type (self, g_value_get_string (value));
      break;
    case PROP_MODIFIED_AT:
      fc_record_set_modified_at (self, g_value_get_boxed (value));
      break;
    case PROP_ARCHIVED:
      fc_record_set_archived (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_record_class_init (FcRecordClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fc_record_finalize;
  object_class->get_property = fc_record_get_property;
  object_class->set_property = fc_record_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OBJECT_TYPE] =
    g_param_spec_string ("object-type", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODIFIED_AT] =
    g_param_spec_boxed ("modified-at", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ARCHIVED] =
    g_param_spec_boolean ("archived", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fc_record_init (FcRecord *self)
{
  self->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) json_node_unref);
}

FcRecord *
fc_record_new (const char *object_type,
               const char *id)
{
  FcRecord *self = g_object_new (FC_TYPE_RECORD, NULL);

  self->object_type = g_strdup (object_type);
  self->id = g_strdup (id);
  return self;
}

FcRecord *
fc_record_copy (FcRecord *self)
{
  FcRecord *copy;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (FC_IS_RECORD (self), NULL);

  copy = fc_record_new (self->object_type, self->id);
  copy->modified_ms = self->modified_ms;
  if (self->modified_at != NULL)
    copy->modified_at = g_date_time_ref (self->modified_at);
  copy->archived = self->archived;

  g_hash_table_iter_init (&iter, self->fields);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy->fields, g_strdup (key), json_node_copy (value));

  return copy;
}

const char *
fc_record_get_id (FcRecord *self)
{
  g_return_val_if_fail (FC_IS_RECORD (self), NULL);
  return self->id;
}

void
fc_record_set_id (FcRecord   *self,
                  const char *id)
{
  g_return_if_fail (FC_IS_RECORD (self));

  if (update_string (&self->id, id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

const char *
fc_record_get_object_type (FcRecord *self)
{
  g_return_val_if_fail (FC_IS_RECORD (self), NULL);
  return self->object_type;
}

void
fc_record_set_object_type (FcRecord   *self,
                           const char *object_type)
{
  g_return_if_fail (FC_IS_RECORD (self));

  if (update_string (&self->object_type, object_type))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OBJECT_TYPE]);
}

GDateTime *
fc_record_get_modified_at (FcRecord *self)
{
  g_return_val_if_fail (FC_IS_RECORD (self), NULL);
  return self->modified_at;
}

void
fc_record_set_modified_at (FcRecord  *self,
                           GDateTime *modified_at)
{
  g_return_if_fail (FC_IS_RECORD (self));

  if (modified_at == NULL)
    {
      if (self->modified_at == NULL)
        return;
      g_clear_pointer (&self->modified_at, g_date_time_unref);
      self->modified_ms = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED_AT]);
      return;
    }

  fc_record_set_modified_ms (self, ms_from_date_time (modified_at));
}

gint64
fc_record_get_modified_ms (FcRecord *self)
{
  g_return_val_if_fail (FC_IS_RECORD (self), 0);
  return self->modified_at != NULL ? self->modified_ms : 0;
}

void
fc_record_set_modified_ms (FcRecord *self,
                           gint64    ms)
{
  g_autoptr (GDateTime) dt = NULL;

  g_return_if_fail (FC_IS_RECORD (self));

  if (self->modified_at != NULL && self->modified_ms == ms)
    return;

  dt = date_time_from_ms (ms);
  if (dt == NULL)
    return;

  g_clear_pointer (&self->modified_at, g_date_time_unref);
  self->modified_at = g_steal_pointer (&dt);
  self->modified_ms = ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED_AT]);
}

gboolean
fc_record_get_archived (FcRecord *self)
{
  g_return_val_if_fail (FC_IS_RECORD (self), FALSE);
  return self->archived;
}

void
fc_record_set_archived (FcRecord *self,
                        gboolean  archived)
{
  g_return_if_fail (FC_IS_RECORD (self));

  archived = !!archived;
  if (self->archived == archived)
    return;
  self->archived = archived;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ARCHIVED]);
}

JsonNode *
fc_record_get_field (FcRecord   *self,
                     const char *name)
{
  g_return_val_if_fail (FC_IS_RECORD (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return g_hash_table_lookup (self->fields, name);
}

gboolean
fc_record_has_field (FcRecord   *self,
                     const char *name)
{
  g_return_val_if_fail (FC_IS_RECORD (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  return g_hash_table_contains (self->fields, name);
}

void
fc_record_take_field (FcRecord   *self,
                      const char *name,
                      JsonNode   *value)
{
  g_return_if_fail (FC_IS_RECORD (self));
  g_return_if_fail (name != NULL && *name != '\0');

  if (value == NULL)
    value = json_node_new (JSON_NODE_NULL);
  g_hash_table_replace (self->fields, g_strdup (name), value);
}

void
fc_record_set_field (FcRecord   *self,
                     const char *name,
                     JsonNode   *value)
{
  fc_record_take_field (self, name, value != NULL ? json_node_copy (value) : NULL);
}

gboolean
fc_record_remove_field (FcRecord   *self,
                        const char *name)
{
  g_return_val_if_fail (FC_IS_RECORD (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  return g_hash_table_remove (self->fields, name);
}

void
fc_record_set_string (FcRecord   *self,
                      const char *name,
                      const char *value)
{
  JsonNode *node = NULL;

  if (value != NULL)
    {
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_string (node, value);
    }
  fc_record_take_field (self, name, node);
}

void
fc_record_set_int (FcRecord   *self,
                   const char *name,
                   gint64      value)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  json_node_set_int (node, value);
  fc_record_take_field (self, name, node);
}

const char *
fc_record_get_string (FcRecord   *self,
                      const char *name)
{
  JsonNode *node = fc_record_get_field (self, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* The shortest text that reads back as the same double ("0.1", not "0.10000000000000001"). */
static char *
format_double (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  for (int precision = 15; precision <= 17; precision++)
    {
      g_autofree char *format = g_strdup_printf ("%%.%dg", precision);

      g_ascii_formatd (buffer, sizeof buffer, format, value);
      if (g_ascii_strtod (buffer, NULL) == value)
        break;
    }
  return g_strdup (buffer);
}

static char *
scalar_to_string (JsonNode *node)
{
  GType type;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (type == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  if (type == G_TYPE_DOUBLE)
    return format_double (json_node_get_double (node));
  if (type == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (node) ? "true" : "false");
  return NULL;
}

char *
fc_record_dup_string (FcRecord   *self,
                      const char *name)
{
  JsonNode *node = fc_record_get_field (self, name);
  g_autoptr (GString) joined = NULL;
  JsonArray *array;

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return scalar_to_string (node);

  array = json_node_get_array (node);
  joined = g_string_new (NULL);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *item = scalar_to_string (json_array_get_element (array, i));

      if (item == NULL)
        continue;
      if (joined->len > 0)
        g_string_append_c (joined, ';');
      g_string_append (joined, item);
    }
  return g_string_free (g_steal_pointer (&joined), FALSE);
}

guint
fc_record_get_n_fields (FcRecord *self)
{
  g_return_val_if_fail (FC_IS_RECORD (self), 0);
  return g_hash_table_size (self->fields);
}

void
fc_record_foreach_field (FcRecord          *self,
                         FcRecordFieldFunc  func,
                         gpointer           user_data)
{
  GHashTableIter iter;
  gpointer name, value;

  g_return_if_fail (FC_IS_RECORD (self));
  g_return_if_fail (func != NULL);

  g_hash_table_iter_init (&iter, self->fields);
  while (g_hash_table_iter_next (&iter, &name, &value))
    func (name, value, user_data);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

GStrv
fc_record_list_fields (FcRecord *self)
{
  guint n = 0;
  char **names;

  g_return_val_if_fail (FC_IS_RECORD (self), NULL);

  names = (char **) g_hash_table_get_keys_as_array (self->fields, &n);
  for (guint i = 0; i < n; i++)
    names[i] = g_strdup (names[i]);
  qsort (names, n, sizeof (char *), compare_strings);
  return names;
}

gboolean
fc_json_value_equal (JsonNode *a,
                     JsonNode *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return json_node_equal (a, b);
}

gboolean
fc_record_field_equal (FcRecord   *a,
                       FcRecord   *b,
                       const char *name)
{
  g_return_val_if_fail (FC_IS_RECORD (a), FALSE);
  g_return_val_if_fail (FC_IS_RECORD (b), FALSE);

  return fc_json_value_equal (fc_record_get_field (a, name), fc_record_get_field (b, name));
}

gboolean
fc_record_fields_equal (FcRecord *a,
                        FcRecord *b)
{
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (FC_IS_RECORD (a), FALSE);
  g_return_val_if_fail (FC_IS_RECORD (b), FALSE);

  if (g_hash_table_size (a->fields) != g_hash_table_size (b->fields))
    return FALSE;

  g_hash_table_iter_init (&iter, a->fields);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!fc_json_value_equal (value, g_hash_table_lookup (b->fields, key)))
      return FALSE;
  return TRUE;
}

gboolean
fc_record_equal (FcRecord *a,
                 FcRecord *b)
{
  g_return_val_if_fail (FC_IS_RECORD (a), FALSE);
  g_return_val_if_fail (FC_IS_RECORD (b), FALSE);

  return g_strcmp0 (a->id, b->id) == 0
         && g_strcmp0 (a->object_type, b->object_type) == 0
         && fc_record_get_modified_ms (a) == fc_record_get_modified_ms (b)
         && (a->modified_at == NULL) == (b->modified_at == NULL)
         && a->archived == b->archived
         && fc_record_fields_equal (a, b);
}

JsonNode *
fc_record_to_json (FcRecord *self)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_auto (GStrv) names = NULL;

  g_return_val_if_fail (FC_IS_RECORD (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, self->id);
  json_builder_set_member_name (builder, "object");
  json_builder_add_string_value (builder, self->object_type);
  json_builder_set_member_name (builder, "modified_at");
  if (self->modified_at != NULL)
    {
      g_autofree char *text = g_date_time_format (self->modified_at, "%Y-%m-%dT%H:%M:%S.%fZ");

      /* %f gives microseconds; the record keeps milliseconds */
      text[23] = 'Z';
      text[24] = '\0';
      json_builder_add_string_value (builder, text);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "archived");
  json_builder_add_boolean_value (builder, self->archived);

  json_builder_set_member_name (builder, "fields");
  json_builder_begin_object (builder);
  names = fc_record_list_fields (self);
  for (guint i = 0; names[i] != NULL; i++)
    {
      json_builder_set_member_name (builder, names[i]);
      json_builder_add_value (builder, json_node_copy (g_hash_table_lookup (self->fields,
                                                                           names[i])));
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
