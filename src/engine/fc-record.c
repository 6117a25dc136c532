/* fc-record.c: one provider record, normalised to an id, a modified time and flat named fields
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-record"

#include "config.h"

#include <string.h>

#include "fc-record.h"

/* Fields are kept in an array sorted by name rather than in a hash table: a record holds a few
 * dozen fields at most, a binary search finds one as fast, and a sync makes and frees records
 * by the thousand, where a hash table's allocations and resizes cost more than the lookups. */
typedef struct
{
  const char *name;          /* shared (see share_name ()) or owned */
  gboolean    owned;
  JsonNode   *value;         /* never NULL; JSON null for empty */
} Field;

struct _FcRecord
{
  GObject     parent_instance;

  char       *id;
  const char *object_type;   /* shared (see share_name ()) or owned */
  gboolean    object_type_owned;
  gboolean    has_modified;
  gint64      modified_ms;
  GDateTime  *modified_at;   /* made from modified_ms when first asked for */
  gboolean    archived;
  GArray     *fields;        /* Field, sorted by name in byte order */
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

/* The milliseconds GDateTime can hold: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z */
#define MIN_MS G_GINT64_CONSTANT (-62135596800000)
#define MAX_MS G_GINT64_CONSTANT (253402300799999)

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

/* Records of one object type have the same field names: they share one copy of each rather
 * than copy and free every name of every record. The names shared are bounded, so that a
 * provider answering ever new names cannot grow memory; past the bound, a record keeps its own
 * copy. */
#define MAX_SHARED_NAMES 4096
#define MAX_SHARED_NAME_LENGTH 64

static GMutex shared_names_lock;
static GHashTable *shared_names;  /* char * (never freed) -> itself */

/* Each thread keeps the names it shared last, in slots chosen by their length and ends: the
 * records of a page have the same names over and over, which then rarely take the lock. */
#define RECENT_NAMES 64
static _Thread_local const char *recent_names[RECENT_NAMES];

static const char *
share_name (const char *name)
{
  gsize length = strlen (name);
  guint slot;
  const char *shared;

  if (length == 0 || length > MAX_SHARED_NAME_LENGTH)
    return NULL;
  slot = (guint) (length * 7 + (guchar) name[0] * 3 + (guchar) name[length - 1]) % RECENT_NAMES;
  if (recent_names[slot] != NULL && strcmp (recent_names[slot], name) == 0)
    return recent_names[slot];

  g_mutex_lock (&shared_names_lock);
  if (shared_names == NULL)
    shared_names = g_hash_table_new (g_str_hash, g_str_equal);
  shared = g_hash_table_lookup (shared_names, name);
  if (shared == NULL && g_hash_table_size (shared_names) < MAX_SHARED_NAMES)
    {
      char *copy = g_strdup (name);

      g_hash_table_add (shared_names, copy);
      shared = copy;
    }
  g_mutex_unlock (&shared_names_lock);

  if (shared != NULL)
    recent_names[slot] = shared;
  return shared;
}

/* Every record of a type has the same type name: shared as field names are */
static void
take_object_type (FcRecord   *self,
                  const char *object_type)
{
  const char *shared = object_type != NULL ? share_name (object_type) : NULL;

  if (self->object_type_owned)
    g_free ((char *) self->object_type);
  self->object_type = shared != NULL ? shared : g_strdup (object_type);
  self->object_type_owned = shared == NULL && object_type != NULL;
}

static void
field_init (Field      *field,
            const char *name,
            JsonNode   *value)
{
  field->name = share_name (name);
  field->owned = field->name == NULL;
  if (field->owned)
    field->name = g_strdup (name);
  field->value = value;
}

static void
clear_field (gpointer data)
{
  Field *field = data;

  if (field->owned)
    g_free ((char *) field->name);
  json_node_unref (field->value);
}

/* The index of @name, or where it would go when *@found is FALSE. */
static guint
find_field (FcRecord   *self,
            const char *name,
            gboolean   *found)
{
  guint low = 0;
  guint high = self->fields->len;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;
      int order = strcmp (g_array_index (self->fields, Field, middle).name, name);

      if (order == 0)
        {
          *found = TRUE;
          return middle;
        }
      if (order < 0)
        low = middle + 1;
      else
        high = middle;
    }
  *found = FALSE;
  return low;
}

static void
fc_record_finalize (GObject *object)
{
  FcRecord *self = (FcRecord *) object;

  g_clear_pointer (&self->id, g_free);
  if (self->object_type_owned)
    g_free ((char *) self->object_type);
  g_clear_pointer (&self->modified_at, g_date_time_unref);
  g_clear_pointer (&self->fields, g_array_unref);

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
      g_value_set_boxed (value, fc_record_get_modified_at (self));
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
  self->fields = g_array_sized_new (FALSE, FALSE, sizeof (Field), 16);
  g_array_set_clear_func (self->fields, clear_field);
}

FcRecord *
fc_record_new (const char *object_type,
               const char *id)
{
  FcRecord *self = g_object_new (FC_TYPE_RECORD, NULL);

  take_object_type (self, object_type);
  self->id = g_strdup (id);
  return self;
}

FcRecord *
fc_record_copy (FcRecord *self)
{
  FcRecord *copy;

  g_return_val_if_fail (FC_IS_RECORD (self), NULL);

  copy = fc_record_new (self->object_type, self->id);
  copy->has_modified = self->has_modified;
  copy->modified_ms = self->modified_ms;
  if (self->modified_at != NULL)
    copy->modified_at = g_date_time_ref (self->modified_at);
  copy->archived = self->archived;

  g_array_set_size (copy->fields, self->fields->len);
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *from = &g_array_index (self->fields, Field, i);
      Field *to = &g_array_index (copy->fields, Field, i);

      field_init (to, from->name, json_node_copy (from->value));
    }

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

  if (g_strcmp0 (self->object_type, object_type) == 0)
    return;
  take_object_type (self, object_type);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OBJECT_TYPE]);
}

GDateTime *
fc_record_get_modified_at (FcRecord *self)
{
  g_return_val_if_fail (FC_IS_RECORD (self), NULL);

  if (self->has_modified && self->modified_at == NULL)
    self->modified_at = date_time_from_ms (self->modified_ms);
  return self->modified_at;
}

void
fc_record_set_modified_at (FcRecord  *self,
                           GDateTime *modified_at)
{
  g_return_if_fail (FC_IS_RECORD (self));

  if (modified_at == NULL)
    {
      if (!self->has_modified)
        return;
      g_clear_pointer (&self->modified_at, g_date_time_unref);
      self->has_modified = FALSE;
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
  return self->has_modified ? self->modified_ms : 0;
}

void
fc_record_set_modified_ms (FcRecord *self,
                           gint64    ms)
{
  g_return_if_fail (FC_IS_RECORD (self));

  if ((self->has_modified && self->modified_ms == ms) || ms < MIN_MS || ms > MAX_MS)
    return;

  g_clear_pointer (&self->modified_at, g_date_time_unref);
  self->has_modified = TRUE;
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
  gboolean found;
  guint index;

  g_return_val_if_fail (FC_IS_RECORD (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  index = find_field (self, name, &found);
  return found ? g_array_index (self->fields, Field, index).value : NULL;
}

gboolean
fc_record_has_field (FcRecord   *self,
                     const char *name)
{
  return fc_record_get_field (self, name) != NULL;
}

void
fc_record_take_field (FcRecord   *self,
                      const char *name,
                      JsonNode   *value)
{
  Field field;
  Field *at;
  gboolean found;
  guint index;

  g_return_if_fail (FC_IS_RECORD (self));
  g_return_if_fail (name != NULL && *name != '\0');

  if (value == NULL)
    value = json_node_init_null (json_node_alloc ());

  index = find_field (self, name, &found);
  if (found)
    {
      Field *old = &g_array_index (self->fields, Field, index);

      json_node_unref (old->value);
      old->value = value;
      return;
    }
  field_init (&field, name, value);
  /* g_array_insert_val () costs as much again as the rest: the array only grows here */
  g_array_set_size (self->fields, self->fields->len + 1);
  at = &g_array_index (self->fields, Field, index);
  memmove (at + 1, at, (self->fields->len - 1 - index) * sizeof (Field));
  *at = field;
}

void
fc_record_set_field (FcRecord   *self,
                     const char *name,
                     JsonNode   *value)
{
  fc_record_take_field (self, name, value != NULL ? json_node_ref (value) : NULL);
}

gboolean
fc_record_remove_field (FcRecord   *self,
                        const char *name)
{
  gboolean found;
  guint index;

  g_return_val_if_fail (FC_IS_RECORD (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  index = find_field (self, name, &found);
  if (found)
    g_array_remove_index (self->fields, index);
  return found;
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
  return self->fields->len;
}

void
fc_record_foreach_field (FcRecord          *self,
                         FcRecordFieldFunc  func,
                         gpointer           user_data)
{
  g_return_if_fail (FC_IS_RECORD (self));
  g_return_if_fail (func != NULL);

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = &g_array_index (self->fields, Field, i);

      func (field->name, field->value, user_data);
    }
}

GStrv
fc_record_list_fields (FcRecord *self)
{
  char **names;

  g_return_val_if_fail (FC_IS_RECORD (self), NULL);

  names = g_new (char *, self->fields->len + 1);
  for (guint i = 0; i < self->fields->len; i++)
    names[i] = g_strdup (g_array_index (self->fields, Field, i).name);
  names[self->fields->len] = NULL;
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
  g_return_val_if_fail (FC_IS_RECORD (a), FALSE);
  g_return_val_if_fail (FC_IS_RECORD (b), FALSE);

  /* Both sorted by name: the same names are at the same places */
  if (a->fields->len != b->fields->len)
    return FALSE;
  for (guint i = 0; i < a->fields->len; i++)
    {
      Field *in_a = &g_array_index (a->fields, Field, i);
      Field *in_b = &g_array_index (b->fields, Field, i);

      if (strcmp (in_a->name, in_b->name) != 0
          || !fc_json_value_equal (in_a->value, in_b->value))
        return FALSE;
    }
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
         && a->has_modified == b->has_modified
         && a->archived == b->archived
         && fc_record_fields_equal (a, b);
}

JsonNode *
fc_record_to_json (FcRecord *self)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  GDateTime *modified_at;

  g_return_val_if_fail (FC_IS_RECORD (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, self->id);
  json_builder_set_member_name (builder, "object");
  json_builder_add_string_value (builder, self->object_type);
  json_builder_set_member_name (builder, "modified_at");
  modified_at = fc_record_get_modified_at (self);
  if (modified_at != NULL)
    {
      g_autofree char *text = g_date_time_format (modified_at, "%Y-%m-%dT%H:%M:%S.%fZ");

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
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = &g_array_index (self->fields, Field, i);

      json_builder_set_member_name (builder, field->name);
      json_builder_add_value (builder, json_node_copy (field->value));
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
