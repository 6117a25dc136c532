/* fc-record.h: one provider record, normalised to an id, a modified time and flat named fields
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A record as every connector hands it to the engine: the provider's id, the object type it
 * belongs to ("contacts", "persons", ...), its last modification time (UTC, millisecond
 * precision), whether the provider reports it archived or deleted, and a flat map of field
 * name to JSON value.
 *
 * Field names are the connector's flattened names ("email", "postal_address.locality",
 * "custom_fields.<key>"). Values are JSON nodes: strings mostly, numbers and booleans where the
 * provider has them, arrays for multi-valued fields, and JSON null for an empty value. A field
 * that is absent is different from a field that is null: absent means "not read" (or, in a
 * write, "leave alone"), null means "empty" (or, in a write, "clear").
 *
 * FcRecord is a final GObject rather than a boxed type so that the GUI can put records in a
 * GListStore and bind to id, modified-at and archived; its size is dominated by the field map
 * either way. */

#define FC_TYPE_RECORD (fc_record_get_type ())

G_DECLARE_FINAL_TYPE (FcRecord, fc_record, FC, RECORD, GObject)

FcRecord    *fc_record_new                (const char   *object_type,
                                           const char   *id);
/* A deep copy: the field values are copied too. */
FcRecord    *fc_record_copy               (FcRecord     *self);

const char  *fc_record_get_id             (FcRecord     *self);
void         fc_record_set_id             (FcRecord     *self,
                                           const char   *id);
const char  *fc_record_get_object_type    (FcRecord     *self);
void         fc_record_set_object_type    (FcRecord     *self,
                                           const char   *object_type);
/* Stored in UTC truncated to the millisecond; NULL when the provider gave none. */
GDateTime   *fc_record_get_modified_at    (FcRecord     *self);
void         fc_record_set_modified_at    (FcRecord     *self,
                                           GDateTime    *modified_at);
/* Milliseconds since the Unix epoch, or 0 without a modified time. */
gint64       fc_record_get_modified_ms    (FcRecord     *self);
void         fc_record_set_modified_ms    (FcRecord     *self,
                                           gint64        ms);
gboolean     fc_record_get_archived       (FcRecord     *self);
void         fc_record_set_archived       (FcRecord     *self,
                                           gboolean      archived);

/* A field's value as the record keeps it, without a JsonNode for a scalar: a record is built,
 * compared, staged and written field by field by the thousand, and most fields are strings.
 * An array or an object is kept as its node. A view: the string or node belongs to whoever
 * filled it in (the record, the node given to fc_value_init_from_node ()). */
typedef enum {
  FC_VALUE_NULL,
  FC_VALUE_STRING,
  FC_VALUE_INT,
  FC_VALUE_DOUBLE,
  FC_VALUE_BOOLEAN,
  FC_VALUE_NODE,     /* an array or an object */
} FcValueKind;

typedef struct
{
  FcValueKind kind;
  union
  {
    const char *string;
    gint64      integer;
    double      number;
    gboolean    boolean;
    JsonNode   *node;
  } v;
} FcValue;

/* @value as a view of @node (NULL or a JSON null: FC_VALUE_NULL). */
void         fc_value_init_from_node      (FcValue       *value,
                                           JsonNode      *node);
/* (transfer full) A node of the value: a new one for a scalar, the node itself otherwise. */
JsonNode    *fc_value_to_node             (const FcValue *value);
/* The value as text, as fc_record_dup_string () gives a field's. */
char        *fc_value_dup_string          (const FcValue *value);
/* Equal as fc_json_value_equal () compares the values' nodes. */
gboolean     fc_value_equal               (const FcValue *a,
                                           const FcValue *b);

/* (transfer none) The value of @name, or NULL when the record has no such field (a null value
 * is a JSON null node, not NULL). A scalar's node is made when first asked for; the accessors
 * below read a field without one. */
JsonNode    *fc_record_get_field          (FcRecord     *self,
                                           const char   *name);
gboolean     fc_record_has_field          (FcRecord     *self,
                                           const char   *name);
/* Keeps a reference to @value; NULL stores JSON null. The record shares the node with whoever
 * else holds it (a parsed answer, another record), as json_node_copy() would share its data:
 * nobody changes a node once it is in a record. */
void         fc_record_set_field          (FcRecord     *self,
                                           const char   *name,
                                           JsonNode     *value);
/* Takes ownership of @value. */
void         fc_record_take_field         (FcRecord     *self,
                                           const char   *name,
                                           JsonNode     *value);
gboolean     fc_record_remove_field       (FcRecord     *self,
                                           const char   *name);
void         fc_record_set_string         (FcRecord     *self,
                                           const char   *name,
                                           const char   *value);
void         fc_record_set_int            (FcRecord     *self,
                                           const char   *name,
                                           gint64        value);
/* Copies @value (its string; an array or object node is referenced). */
void         fc_record_set_value          (FcRecord      *self,
                                           const char    *name,
                                           const FcValue *value);
/* TRUE with *@value a view of field @name (valid until the field changes); FALSE when absent. */
gboolean     fc_record_get_value          (FcRecord      *self,
                                           const char    *name,
                                           FcValue       *value);
/* The value when the field holds a JSON string; NULL when it is absent, null or not a string. */
const char  *fc_record_get_string         (FcRecord     *self,
                                           const char   *name);
/* The value as text: strings as they are, numbers and booleans written out ("42", "true"),
 * arrays of scalars joined with ";" (HubSpot's multi-value form); NULL when absent, null, or an
 * object. */
char        *fc_record_dup_string         (FcRecord     *self,
                                           const char   *name);
guint        fc_record_get_n_fields       (FcRecord     *self);
/* Calls @func for each field, in byte order of their names; @func must not change the record. */
typedef void (*FcRecordFieldFunc) (const char    *name,
                                   const FcValue *value,
                                   gpointer       user_data);
void         fc_record_foreach_field      (FcRecord          *self,
                                           FcRecordFieldFunc  func,
                                           gpointer           user_data);
/* The field names in byte order. */
GStrv        fc_record_list_fields        (FcRecord     *self);

/* TRUE when both records have @name with equal values, or both lack it. */
gboolean     fc_record_field_equal        (FcRecord     *a,
                                           FcRecord     *b,
                                           const char   *name);
/* The same field names with equal values. */
gboolean     fc_record_fields_equal       (FcRecord     *a,
                                           FcRecord     *b);
/* Same id, object type, modified time, archived flag and fields. */
gboolean     fc_record_equal              (FcRecord     *a,
                                           FcRecord     *b);

/* {"id":..., "object":..., "modified_at":"...Z", "archived":false, "fields":{...}}, for logs,
 * exports and tests that show a record. */
JsonNode    *fc_record_to_json            (FcRecord     *self);

/* Two JSON values equal as fc_record_field_equal compares them: NULL equals only NULL, numbers
 * compare by value whether integer or double. */
gboolean     fc_json_value_equal          (JsonNode     *a,
                                           JsonNode     *b);

G_END_DECLS
