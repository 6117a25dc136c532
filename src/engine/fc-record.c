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
  guint8      owned;
  guint8      own_string;    /* a string value allocated on its own, not in the record's text */
  FcValue     value;         /* its node (an array or an object) referenced */
  JsonNode   *node;          /* a scalar's node, made when fc_record_get_field () first asks */
} Field;

/* The strings of a record's fields are copied into a few blocks of the record's rather than
 * allocated one by one: a record is built from a page and freed with it. A block never moves
 * (a string read stays valid until its field changes); a string replaced leaves its bytes
 * behind, so the blocks of a record stop at TEXT_MAX bytes and later strings are allocated on
 * their own. */
typedef struct _TextBlock TextBlock;

struct _TextBlock
{
  TextBlock *next;
  gsize      size;
  gsize      used;
  char       data[];
};

#define TEXT_FIRST 256
#define TEXT_MAX 4096

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
  Field      *fields;        /* sorted by name in byte order */
  guint       n_fields;
  guint       n_allocated;
  TextBlock  *text;          /* the newest block first */
  gsize       text_size;     /* of all blocks */
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

/* Each thread keeps the names it shared last, in slots chosen by their length, ends and middle:
 * the records of a page have the same names over and over, which then rarely take the lock. */
#define RECENT_NAMES 256
static _Thread_local const char *recent_names[RECENT_NAMES];

static const char *
share_name (const char *name)
{
  gsize length = strlen (name);
  guint slot;
  const char *shared;

  if (length == 0 || length > MAX_SHARED_NAME_LENGTH)
    return NULL;
  slot = (guint) (length * 31 + (guchar) name[0] * 7 + (guchar) name[length / 2] * 5
                  + (guchar) name[length - 1]) % RECENT_NAMES;
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

void
fc_value_init_from_node (FcValue  *value,
                         JsonNode *node)
{
  GType type;

  value->kind = FC_VALUE_NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return;
  if (!JSON_NODE_HOLDS_VALUE (node))
    {
      value->kind = FC_VALUE_NODE;
      value->v.node = node;
      return;
    }
  type = json_node_get_value_type (node);
  if (type == G_TYPE_STRING)
    {
      value->kind = FC_VALUE_STRING;
      value->v.string = json_node_get_string (node);
    }
  else if (type == G_TYPE_INT64)
    {
      value->kind = FC_VALUE_INT;
      value->v.integer = json_node_get_int (node);
    }
  else if (type == G_TYPE_DOUBLE)
    {
      value->kind = FC_VALUE_DOUBLE;
      value->v.number = json_node_get_double (node);
    }
  else if (type == G_TYPE_BOOLEAN)
    {
      value->kind = FC_VALUE_BOOLEAN;
      value->v.boolean = json_node_get_boolean (node);
    }
}

JsonNode *
fc_value_to_node (const FcValue *value)
{
  JsonNode *node;

  if (value->kind == FC_VALUE_NODE)
    return json_node_ref (value->v.node);

  node = json_node_alloc ();
  switch (value->kind)
    {
    case FC_VALUE_STRING:
      return json_node_init_string (node, value->v.string);
    case FC_VALUE_INT:
      return json_node_init_int (node, value->v.integer);
    case FC_VALUE_DOUBLE:
      return json_node_init_double (node, value->v.number);
    case FC_VALUE_BOOLEAN:
      return json_node_init_boolean (node, value->v.boolean);
    case FC_VALUE_NULL:
    case FC_VALUE_NODE:
    default:
      return json_node_init_null (node);
    }
}

gboolean
fc_value_equal (const FcValue *a,
                const FcValue *b)
{
  g_autoptr (JsonNode) node_a = NULL;
  g_autoptr (JsonNode) node_b = NULL;

  /* json-glib compares numbers of both kinds in its own way: left to it, as before */
  if (a->kind == FC_VALUE_DOUBLE || b->kind == FC_VALUE_DOUBLE)
    {
      node_a = fc_value_to_node (a);
      node_b = fc_value_to_node (b);
      return json_node_equal (node_a, node_b);
    }
  if (a->kind != b->kind)
    return FALSE;
  switch (a->kind)
    {
    case FC_VALUE_STRING:
      return strcmp (a->v.string, b->v.string) == 0;
    case FC_VALUE_INT:
      return a->v.integer == b->v.integer;
    case FC_VALUE_BOOLEAN:
      return !a->v.boolean == !b->v.boolean;
    case FC_VALUE_NODE:
      return json_node_equal (a->v.node, b->v.node);
    case FC_VALUE_NULL:
    case FC_VALUE_DOUBLE:
    default:
      return TRUE;
    }
}

/* A copy of @string in the record's text, or allocated on its own (*@own) */
static const char *
copy_string (FcRecord   *self,
             const char *string,
             guint8     *own)
{
  gsize length = strlen (string) + 1;
  TextBlock *block = self->text;

  if (block == NULL || block->size - block->used < length)
    {
      gsize size = block != NULL ? block->size * 2 : TEXT_FIRST;

      while (size < length)
        size *= 2;
      if (self->text_size + size > TEXT_MAX)
        {
          *own = TRUE;
          return g_memdup2 (string, length);
        }
      block = g_malloc (sizeof (TextBlock) + size);
      block->next = self->text;
      block->size = size;
      block->used = 0;
      self->text = block;
      self->text_size += size;
    }

  *own = FALSE;
  memcpy (block->data + block->used, string, length);
  block->used += length;
  return block->data + block->used - length;
}

static void
field_clear_value (Field *field)
{
  if (field->value.kind == FC_VALUE_STRING && field->own_string)
    g_free ((char *) field->value.v.string);
  else if (field->value.kind == FC_VALUE_NODE)
    json_node_unref (field->value.v.node);
  g_clear_pointer (&field->node, json_node_unref);
  field->value.kind = FC_VALUE_NULL;
}

/* Copies @value into @to, whose own value is cleared first */
static void
field_set_value (FcRecord      *self,
                 Field         *to,
                 const FcValue *value)
{
  FcValue copy = *value;
  guint8 own_string = FALSE;

  if (copy.kind == FC_VALUE_STRING)
    copy.v.string = copy_string (self, copy.v.string, &own_string);
  else if (copy.kind == FC_VALUE_NODE)
    copy.v.node = json_node_ref (copy.v.node);
  else if (copy.kind == FC_VALUE_BOOLEAN)
    copy.v.boolean = !!copy.v.boolean;

  field_clear_value (to);
  to->value = copy;
  to->own_string = own_string;
}

static void
field_init (Field      *field,
            const char *name)
{
  field->name = share_name (name);
  field->owned = field->name == NULL;
  if (field->owned)
    field->name = g_strdup (name);
  field->value.kind = FC_VALUE_NULL;
  field->own_string = FALSE;
  field->node = NULL;
}

static void
clear_field (Field *field)
{
  if (field->owned)
    g_free ((char *) field->name);
  field_clear_value (field);
}

/* The index of @name, or where it would go when *@found is FALSE. */
static guint
find_field (FcRecord   *self,
            const char *name,
            gboolean   *found)
{
  guint low = 0;
  guint high = self->n_fields;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;
      int order = strcmp (self->fields[middle].name, name);

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
  for (guint i = 0; i < self->n_fields; i++)
    clear_field (&self->fields[i]);
  g_free (self->fields);
  while (self->text != NULL)
    {
      TextBlock *block = self->text;

      self->text = block->next;
      g_free (block);
    }

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

  copy->fields = g_new (Field, self->n_fields);
  copy->n_allocated = copy->n_fields = self->n_fields;
  for (guint i = 0; i < self->n_fields; i++)
    {
      field_init (&copy->fields[i], self->fields[i].name);
      field_set_value (copy, &copy->fields[i], &self->fields[i].value);
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

/* The field @name, added (as JSON null) when the record lacks it and @add is TRUE */
static Field *
lookup_field (FcRecord   *self,
              const char *name,
              gboolean    add)
{
  Field *at;
  gboolean found;
  guint index;

  index = find_field (self, name, &found);
  if (found)
    return &self->fields[index];
  if (!add)
    return NULL;

  if (self->n_fields == self->n_allocated)
    {
      self->n_allocated = MAX (16, self->n_allocated * 2);
      self->fields = g_renew (Field, self->fields, self->n_allocated);
    }
  at = &self->fields[index];
  memmove (at + 1, at, (self->n_fields - index) * sizeof (Field));
  self->n_fields++;
  field_init (at, name);
  return at;
}

JsonNode *
fc_record_get_field (FcRecord   *self,
                     const char *name)
{
  Field *field;

  g_return_val_if_fail (FC_IS_RECORD (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  field = lookup_field (self, name, FALSE);
  if (field == NULL)
    return NULL;
  if (field->value.kind == FC_VALUE_NODE)
    return field->value.v.node;
  if (field->node == NULL)
    field->node = fc_value_to_node (&field->value);
  return field->node;
}

gboolean
fc_record_get_value (FcRecord   *self,
                     const char *name,
                     FcValue    *value)
{
  Field *field;

  g_return_val_if_fail (FC_IS_RECORD (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  field = lookup_field (self, name, FALSE);
  if (field == NULL)
    return FALSE;
  *value = field->value;
  return TRUE;
}

gboolean
fc_record_has_field (FcRecord   *self,
                     const char *name)
{
  g_return_val_if_fail (FC_IS_RECORD (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  return lookup_field (self, name, FALSE) != NULL;
}

void
fc_record_set_value (FcRecord      *self,
                     const char    *name,
                     const FcValue *value)
{
  g_return_if_fail (FC_IS_RECORD (self));
  g_return_if_fail (name != NULL && *name != '\0');
  g_return_if_fail (value != NULL);

  field_set_value (self, lookup_field (self, name, TRUE), value);
}

void
fc_record_take_field (FcRecord   *self,
                      const char *name,
                      JsonNode   *value)
{
  Field *field;
  FcValue view;

  g_return_if_fail (FC_IS_RECORD (self));
  g_return_if_fail (name != NULL && *name != '\0');

  fc_value_init_from_node (&view, value);
  field = lookup_field (self, name, TRUE);
  field_set_value (self, field, &view);
  /* A scalar's node, already made, serves fc_record_get_field () */
  if (view.kind == FC_VALUE_NODE || value == NULL)
    g_clear_pointer (&value, json_node_unref);
  else
    field->node = value;
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
  if (!found)
    return FALSE;
  clear_field (&self->fields[index]);
  self->n_fields--;
  memmove (&self->fields[index], &self->fields[index + 1],
           (self->n_fields - index) * sizeof (Field));
  return TRUE;
}

void
fc_record_set_string (FcRecord   *self,
                      const char *name,
                      const char *value)
{
  FcValue view = { value != NULL ? FC_VALUE_STRING : FC_VALUE_NULL, { .string = value } };

  fc_record_set_value (self, name, &view);
}

void
fc_record_set_int (FcRecord   *self,
                   const char *name,
                   gint64      value)
{
  FcValue view = { FC_VALUE_INT, { .integer = value } };

  fc_record_set_value (self, name, &view);
}

const char *
fc_record_get_string (FcRecord   *self,
                      const char *name)
{
  FcValue value;

  if (!fc_record_get_value (self, name, &value) || value.kind != FC_VALUE_STRING)
    return NULL;
  return value.v.string;
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
scalar_to_string (const FcValue *value)
{
  switch (value->kind)
    {
    case FC_VALUE_STRING:
      return g_strdup (value->v.string);
    case FC_VALUE_INT:
      return g_strdup_printf ("%" G_GINT64_FORMAT, value->v.integer);
    case FC_VALUE_DOUBLE:
      return format_double (value->v.number);
    case FC_VALUE_BOOLEAN:
      return g_strdup (value->v.boolean ? "true" : "false");
    case FC_VALUE_NULL:
    case FC_VALUE_NODE:
    default:
      return NULL;
    }
}

char *
fc_value_dup_string (const FcValue *value)
{
  g_autoptr (GString) joined = NULL;
  JsonArray *array;

  g_return_val_if_fail (value != NULL, NULL);

  if (value->kind != FC_VALUE_NODE || !JSON_NODE_HOLDS_ARRAY (value->v.node))
    return scalar_to_string (value);

  array = json_node_get_array (value->v.node);
  joined = g_string_new (NULL);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *item = NULL;
      FcValue element;

      fc_value_init_from_node (&element, json_array_get_element (array, i));
      item = scalar_to_string (&element);

      if (item == NULL)
        continue;
      if (joined->len > 0)
        g_string_append_c (joined, ';');
      g_string_append (joined, item);
    }
  return g_string_free (g_steal_pointer (&joined), FALSE);
}

char *
fc_record_dup_string (FcRecord   *self,
                      const char *name)
{
  FcValue value;

  if (!fc_record_get_value (self, name, &value))
    return NULL;
  return fc_value_dup_string (&value);
}

guint
fc_record_get_n_fields (FcRecord *self)
{
  g_return_val_if_fail (FC_IS_RECORD (self), 0);
  return self->n_fields;
}

void
fc_record_foreach_field (FcRecord          *self,
                         FcRecordFieldFunc  func,
                         gpointer           user_data)
{
  g_return_if_fail (FC_IS_RECORD (self));
  g_return_if_fail (func != NULL);

  for (guint i = 0; i < self->n_fields; i++)
    {
      Field *field = &self->fields[i];

      func (field->name, &field->value, user_data);
    }
}

GStrv
fc_record_list_fields (FcRecord *self)
{
  char **names;

  g_return_val_if_fail (FC_IS_RECORD (self), NULL);

  names = g_new (char *, self->n_fields + 1);
  for (guint i = 0; i < self->n_fields; i++)
    names[i] = g_strdup (self->fields[i].name);
  names[self->n_fields] = NULL;
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
  Field *in_a;
  Field *in_b;

  g_return_val_if_fail (FC_IS_RECORD (a), FALSE);
  g_return_val_if_fail (FC_IS_RECORD (b), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  in_a = lookup_field (a, name, FALSE);
  in_b = lookup_field (b, name, FALSE);
  if (in_a == NULL || in_b == NULL)
    return in_a == in_b;
  return fc_value_equal (&in_a->value, &in_b->value);
}

gboolean
fc_record_fields_equal (FcRecord *a,
                        FcRecord *b)
{
  g_return_val_if_fail (FC_IS_RECORD (a), FALSE);
  g_return_val_if_fail (FC_IS_RECORD (b), FALSE);

  /* Both sorted by name: the same names are at the same places */
  if (a->n_fields != b->n_fields)
    return FALSE;
  for (guint i = 0; i < a->n_fields; i++)
    {
      Field *in_a = &a->fields[i];
      Field *in_b = &b->fields[i];

      if (strcmp (in_a->name, in_b->name) != 0
          || !fc_value_equal (&in_a->value, &in_b->value))
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
  for (guint i = 0; i < self->n_fields; i++)
    {
      Field *field = &self->fields[i];

      json_builder_set_member_name (builder, field->name);
      json_builder_add_value (builder, field->value.kind == FC_VALUE_NODE
                                       ? json_node_copy (field->value.v.node)
                                       : fc_value_to_node (&field->value));
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
