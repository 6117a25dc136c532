/* fc-sim-store.c: records of one object type, kept in id order, with unique-value indexes
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-sim"

#include "config.h"

#include "fc-sim-private.h"

struct _FcSimCollection
{
  char       *name;
  GPtrArray  *records;  /* FcSimRecord, ascending id */
  GHashTable *by_id;    /* gint64 * -> FcSimRecord */
  GHashTable *unique;   /* field -> (case-folded value -> FcSimRecord) */

  /* The last listing a handler kept, its key and its data; any change drops it */
  char          *listing_key;
  gpointer       listing;
  GDestroyNotify listing_destroy;
};

static void
drop_listing (FcSimCollection *self)
{
  gpointer listing = g_steal_pointer (&self->listing);

  g_clear_pointer (&self->listing_key, g_free);
  if (listing != NULL && self->listing_destroy != NULL)
    self->listing_destroy (listing);
  self->listing_destroy = NULL;
}

static void
record_free (gpointer data)
{
  FcSimRecord *record = data;

  json_object_unref (record->fields);
  g_free (record);
}

FcSimCollection *
_fc_sim_collection_new (const char *name)
{
  FcSimCollection *self = g_new0 (FcSimCollection, 1);

  self->name = g_strdup (name);
  self->records = g_ptr_array_new_with_free_func (record_free);
  self->by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  self->unique = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) g_hash_table_unref);

  return self;
}

void
_fc_sim_collection_free (FcSimCollection *self)
{
  drop_listing (self);
  g_hash_table_unref (self->unique);
  g_hash_table_unref (self->by_id);
  g_ptr_array_unref (self->records);
  g_free (self->name);
  g_free (self);
}

void
_fc_sim_collection_clear (FcSimCollection *self)
{
  GHashTableIter iter;
  gpointer index;

  g_hash_table_iter_init (&iter, self->unique);
  while (g_hash_table_iter_next (&iter, NULL, &index))
    g_hash_table_remove_all (index);
  g_hash_table_remove_all (self->by_id);
  _fc_sim_collection_changed (self);
  g_ptr_array_set_size (self->records, 0);
}

/* Every change to the records passes here: the kept listing no longer holds. Code that edits a
 * record's members or times directly calls it too. */
void
_fc_sim_collection_changed (FcSimCollection *self)
{
  drop_listing (self);
}

/* The data a listing kept with _fc_sim_collection_keep_listing() for the same @key, or NULL when
 * there is none or the records changed since. */
gpointer
_fc_sim_collection_get_listing (FcSimCollection *self,
                                const char      *key)
{
  if (self->listing == NULL || g_strcmp0 (self->listing_key, key) != 0)
    return NULL;

  return self->listing;
}

/* Keeps @listing (owned, freed with @destroy) as the answer for @key until the records change or
 * another listing is kept: one per collection. */
void
_fc_sim_collection_keep_listing (FcSimCollection *self,
                                 const char      *key,
                                 gpointer         listing,
                                 GDestroyNotify   destroy)
{
  drop_listing (self);
  self->listing_key = g_strdup (key);
  self->listing = listing;
  self->listing_destroy = destroy;
}

const char *
_fc_sim_collection_get_name (FcSimCollection *self)
{
  return self->name;
}

static char *
fold (const char *value)
{
  return g_utf8_casefold (value, -1);
}

static const char *
string_field (FcSimRecord *record,
              const char  *field)
{
  JsonNode *node = json_object_get_member (record->fields, field);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static void
index_record (FcSimCollection *self,
              FcSimRecord     *record,
              const char      *field,
              GHashTable      *index)
{
  const char *value = string_field (record, field);

  if (value != NULL && value[0] != '\0' && record->deleted_ms == 0)
    g_hash_table_replace (index, fold (value), record);
}

static void
unindex_record (FcSimCollection *self,
                FcSimRecord     *record,
                const char      *field,
                GHashTable      *index)
{
  const char *value = string_field (record, field);
  g_autofree char *key = NULL;

  if (value == NULL)
    return;

  key = fold (value);
  if (g_hash_table_lookup (index, key) == record)
    g_hash_table_remove (index, key);
}

/* Keeps a case-insensitive index of the string values of @field, e.g. a HubSpot email. */
void
_fc_sim_collection_add_unique (FcSimCollection *self,
                               const char      *field)
{
  GHashTable *index;

  if (g_hash_table_contains (self->unique, field))
    return;

  index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < self->records->len; i++)
    index_record (self, g_ptr_array_index (self->records, i), field, index);
  g_hash_table_insert (self->unique, g_strdup (field), index);
}

gboolean
_fc_sim_collection_is_unique (FcSimCollection *self,
                              const char      *field)
{
  return g_hash_table_contains (self->unique, field);
}

/* Adds an empty record; ids must grow with every insert. */
FcSimRecord *
_fc_sim_collection_insert (FcSimCollection *self,
                           gint64           id,
                           gint64           now_ms)
{
  FcSimRecord *record = g_new0 (FcSimRecord, 1);

  if (self->records->len > 0)
    {
      FcSimRecord *last = g_ptr_array_index (self->records, self->records->len - 1);

      g_return_val_if_fail (id > last->id, NULL);
    }

  record->id = id;
  record->created_ms = now_ms;
  record->updated_ms = now_ms;
  record->fields = json_object_new ();
  g_ptr_array_add (self->records, record);
  g_hash_table_insert (self->by_id, &record->id, record);
  _fc_sim_collection_changed (self);

  return record;
}

FcSimRecord *
_fc_sim_collection_lookup (FcSimCollection *self,
                           gint64           id)
{
  return g_hash_table_lookup (self->by_id, &id);
}

FcSimRecord *
_fc_sim_collection_lookup_str (FcSimCollection *self,
                               const char      *id)
{
  gint64 number;

  if (!_fc_sim_str_to_int64 (id, &number))
    return NULL;

  return _fc_sim_collection_lookup (self, number);
}

FcSimRecord *
_fc_sim_collection_lookup_unique (FcSimCollection *self,
                                  const char      *field,
                                  const char      *value)
{
  GHashTable *index = g_hash_table_lookup (self->unique, field);
  g_autofree char *key = NULL;

  if (index == NULL || value == NULL)
    return NULL;

  key = fold (value);
  return g_hash_table_lookup (index, key);
}

/* Sets @field to @value (consumed) and keeps the unique indexes right. */
void
_fc_sim_collection_set (FcSimCollection *self,
                        FcSimRecord     *record,
                        const char      *field,
                        JsonNode        *value)
{
  GHashTable *index = g_hash_table_lookup (self->unique, field);

  if (index != NULL)
    unindex_record (self, record, field, index);
  json_object_set_member (record->fields, field, value);
  if (index != NULL)
    index_record (self, record, field, index);
  _fc_sim_collection_changed (self);
}

void
_fc_sim_collection_unset (FcSimCollection *self,
                          FcSimRecord     *record,
                          const char      *field)
{
  GHashTable *index = g_hash_table_lookup (self->unique, field);

  if (index != NULL)
    unindex_record (self, record, field, index);
  json_object_remove_member (record->fields, field);
  _fc_sim_collection_changed (self);
}

/* Marks @record deleted (archived); it stays in the collection and leaves the indexes. */
void
_fc_sim_collection_delete (FcSimCollection *self,
                           FcSimRecord     *record,
                           gint64           now_ms)
{
  GHashTableIter iter;
  gpointer field, index;

  g_hash_table_iter_init (&iter, self->unique);
  while (g_hash_table_iter_next (&iter, &field, &index))
    unindex_record (self, record, field, index);
  record->deleted_ms = now_ms;
  _fc_sim_collection_changed (self);
}

guint
_fc_sim_collection_get_length (FcSimCollection *self)
{
  return self->records->len;
}

FcSimRecord *
_fc_sim_collection_get_nth (FcSimCollection *self,
                            guint            index)
{
  return g_ptr_array_index (self->records, index);
}

/* Position of the first record whose id is greater than @id. */
guint
_fc_sim_collection_first_after (FcSimCollection *self,
                                gint64           id)
{
  guint low = 0;
  guint high = self->records->len;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;
      FcSimRecord *record = g_ptr_array_index (self->records, middle);

      if (record->id <= id)
        low = middle + 1;
      else
        high = middle;
    }

  return low;
}

guint
_fc_sim_collection_count_live (FcSimCollection *self)
{
  guint count = 0;

  for (guint i = 0; i < self->records->len; i++)
    {
      FcSimRecord *record = g_ptr_array_index (self->records, i);

      if (record->deleted_ms == 0)
        count++;
    }

  return count;
}
