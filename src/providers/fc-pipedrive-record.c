/* fc-pipedrive-record.c: Pipedrive v2 objects to flat records and back, and the catalogue
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-pipedrive"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "fc-pipedrive-connector-private.h"

#define CUSTOM_PREFIX "custom_fields."

static const char * const address_parts[] = {
  "country", "admin_area_level_1", "admin_area_level_2", "locality", "sublocality", "route",
  "street_number", "subpremise", "postal_code", NULL
};

/* Fields Pipedrive sets itself; never sent in a write. */
static const char * const read_only_fields[] = {
  "id", "add_time", "update_time", "is_deleted", "first_name", "last_name", "picture_id",
  "creator_user_id", "stage_change_time", "next_activity_id", "last_activity_id", "won_time",
  "lost_time", "close_time", "archive_time", "is_archived", "org_name", "owner_name",
  "cc_email", NULL
};

static gboolean
is_read_only (const char *name)
{
  return g_strv_contains (read_only_fields, name);
}

/* ---- the catalogue --------------------------------------------------------------------- */

static FcFieldInfo *
new_field (const char *name,
           const char *label,
           const char *type,
           gboolean    custom)
{
  FcFieldInfo *info = fc_field_info_new (name, label, type);

  fc_field_info_set_read_only (info, is_read_only (name));
  fc_field_info_set_custom (info, custom);
  return info;
}

static void
add_options (FcFieldInfo *info,
             JsonArray   *options)
{
  for (guint i = 0; options != NULL && i < json_array_get_length (options); i++)
    {
      JsonNode *node = json_array_get_element (options, i);
      JsonObject *option = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      g_autofree char *id = _fc_json_dup_id (option, "id");

      if (id != NULL)
        fc_field_info_add_option (info, id, _fc_json_get_string (option, "label"));
    }
}

/* A subfield's part name: "locality", from "locality" or "postal_address_locality". */
static const char *
part_name (const char *code,
           const char *subfield)
{
  gsize length = strlen (code);

  if (strncmp (subfield, code, length) == 0 && subfield[length] == '_')
    return subfield + length + 1;
  return subfield;
}

static void
add_address_parts (const char *code,
                   const char *label,
                   JsonArray  *subfields,
                   GListStore *store)
{
  guint n = subfields != NULL ? json_array_get_length (subfields) : 0;

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (subfields, i);
      JsonObject *subfield = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *sub_code = _fc_json_get_string (subfield, "field_code");
      const char *sub_label = _fc_json_get_string (subfield, "field_name");
      g_autofree char *name = NULL;
      g_autofree char *full_label = NULL;
      g_autoptr (FcFieldInfo) info = NULL;

      if (sub_code == NULL || g_str_equal (part_name (code, sub_code), "value"))
        continue;
      name = g_strdup_printf ("%s.%s", code, part_name (code, sub_code));
      full_label = g_strdup_printf ("%s: %s", label, sub_label != NULL ? sub_label : sub_code);
      info = new_field (name, full_label, _fc_json_get_string (subfield, "field_type"), FALSE);
      g_list_store_append (store, info);
    }

  /* Without subfields in the metadata, the parts the v2 objects carry */
  for (guint i = 0; n == 0 && address_parts[i] != NULL; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s.%s", code, address_parts[i]);
      g_autofree char *full_label = g_strdup_printf ("%s: %s", label, address_parts[i]);
      g_autoptr (FcFieldInfo) info = new_field (name, full_label, "varchar", FALSE);

      g_list_store_append (store, info);
    }
}

void
_fc_pipedrive_add_field (const FcPipedriveType *type,
                         JsonObject            *field,
                         GListStore            *store)
{
  const char *code = _fc_json_get_string (field, "field_code");
  const char *label = _fc_json_get_string (field, "field_name");
  const char *field_type = _fc_json_get_string (field, "field_type");
  gboolean custom = _fc_json_get_boolean (field, "is_custom_field", FALSE);
  g_autoptr (FcFieldInfo) info = NULL;

  if (code == NULL)
    return;
  if (label == NULL)
    label = code;

  if (custom)
    {
      g_autofree char *name = g_strconcat (CUSTOM_PREFIX, code, NULL);

      info = new_field (name, label, field_type, TRUE);
      add_options (info, _fc_json_get_array (field, "options"));
      g_list_store_append (store, info);
      return;
    }

  /* The contact lists flatten to the primary value and the whole list */
  if (type->has_contacts && (g_str_equal (code, "email") || g_str_equal (code, "emails")
                             || g_str_equal (code, "phone") || g_str_equal (code, "phones")))
    {
      gboolean email = code[0] == 'e';
      g_autofree char *all_label = g_strdup_printf (_("%s (all)"), label);
      g_autoptr (FcFieldInfo) all = NULL;

      info = new_field (email ? "email" : "phone", label, field_type, FALSE);
      all = new_field (email ? "emails" : "phones", all_label, field_type, FALSE);
      g_list_store_append (store, info);
      g_list_store_append (store, all);
      return;
    }

  info = new_field (code, label, field_type, FALSE);
  add_options (info, _fc_json_get_array (field, "options"));
  g_list_store_append (store, info);

  if (g_strcmp0 (field_type, "address") == 0)
    add_address_parts (code, label, _fc_json_get_array (field, "subfields"), store);
}

/* The custom field whose label is @label, when that label names nothing else. */
static const char *
custom_field_by_label (GListModel *fields,
                       const char *label)
{
  const char *found = NULL;
  guint n = fields != NULL ? g_list_model_get_n_items (fields) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (FcFieldInfo) info = g_list_model_get_item (fields, i);
      const char *name = fc_field_info_get_name (info);

      if (g_str_equal (name, label))
        return NULL;
      if (!fc_field_info_get_custom (info)
          || g_strcmp0 (fc_field_info_get_label (info), label) != 0)
        continue;
      if (found != NULL)
        return NULL;
      found = name;
    }
  return found;
}

const char *
_fc_pipedrive_resolve_field (GListModel *fields,
                             const char *name)
{
  const char *custom;

  if (g_str_has_prefix (name, CUSTOM_PREFIX))
    return name;
  custom = custom_field_by_label (fields, name);
  return custom != NULL ? custom : name;
}

/* ---- reading --------------------------------------------------------------------------- */

static JsonNode *
string_or_null (const char *value)
{
  return value != NULL ? json_node_init_string (json_node_alloc (), value)
                       : json_node_new (JSON_NODE_NULL);
}

/* emails[] / phones[] as read: the value nodes, those of primary items first */
typedef struct
{
  gboolean   seen;
  GPtrArray *values;     /* char *, not empty; NULL until there is one */
  guint      n_primary;
} Contacts;

static void
contacts_clear (Contacts *contacts)
{
  g_clear_pointer (&contacts->values, g_ptr_array_unref);
}

/* One item: {"value": ..., "primary": ...}, or a bare string */
static void
scan_contact (Contacts   *contacts,
              FcJsonScan *scan)
{
  g_autofree char *value = NULL;
  gboolean primary = FALSE;
  const char *member;
  FcValue read;

  /* of members named twice, the last counts */
  if (fc_json_scan_enter_object (scan))
    while ((member = fc_json_scan_next_member (scan)) != NULL)
      {
        if (g_str_equal (member, "value"))
          {
            g_clear_pointer (&value, g_free);
            if (fc_json_scan_read_scalar (scan, &read) && read.kind == FC_VALUE_STRING)
              value = g_strdup (read.v.string);
          }
        else if (g_str_equal (member, "primary"))
          primary = fc_json_scan_read_scalar (scan, &read) && read.kind == FC_VALUE_BOOLEAN
                    && read.v.boolean;
      }
  else if (fc_json_scan_read_scalar (scan, &read) && read.kind == FC_VALUE_STRING)
    value = g_strdup (read.v.string);

  if (value == NULL || *value == '\0')
    return;
  if (contacts->values == NULL)
    contacts->values = g_ptr_array_new_with_free_func (g_free);
  if (primary)
    g_ptr_array_insert (contacts->values, (gint) contacts->n_primary++, g_steal_pointer (&value));
  else
    g_ptr_array_add (contacts->values, g_steal_pointer (&value));
}

static void
scan_contacts (Contacts   *contacts,
               FcJsonScan *scan)
{
  /* of members named twice, the last counts */
  contacts_clear (contacts);
  contacts->n_primary = 0;
  contacts->seen = TRUE;
  if (fc_json_scan_enter_array (scan))
    while (fc_json_scan_next_element (scan))
      scan_contact (contacts, scan);
}

/* The primary value as @single (else the first), every value as @plural, primary first */
static void
flatten_contacts (FcRecord   *record,
                  const char *single,
                  const char *plural,
                  Contacts   *contacts)
{
  JsonArray *values = json_array_new ();
  guint n = contacts->values != NULL ? contacts->values->len : 0;

  for (guint i = 0; i < n; i++)
    json_array_add_string_element (values, g_ptr_array_index (contacts->values, i));
  fc_record_set_string (record, single, n > 0 ? json_array_get_string_element (values, 0) : NULL);
  fc_record_take_field (record, plural, json_node_init_array (json_node_alloc (), values));
  json_array_unref (values);
}

static void
flatten_address (FcRecord   *record,
                 const char *name,
                 JsonNode   *node)
{
  JsonObject *address = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

  fc_record_take_field (record, name, string_or_null (_fc_json_get_string (address, "value")));
  if (address == NULL)
    return;

  for (guint i = 0; address_parts[i] != NULL; i++)
    {
      g_autofree char *part = g_strdup_printf ("%s.%s", name, address_parts[i]);
      JsonNode *value = json_object_get_member (address, address_parts[i]);

      fc_record_set_field (record, part, value);
    }
}

static void
flatten_custom_fields (FcRecord   *record,
                       JsonNode   *node,
                       GListModel *fields)
{
  JsonObject *custom = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  if (custom == NULL)
    return;

  json_object_iter_init (&iter, custom);
  while (json_object_iter_next (&iter, &key, &value))
    {
      g_autofree char *name = g_strconcat (CUSTOM_PREFIX, key, NULL);
      FcFieldInfo *info = _fc_connector_find_field (fields, name);
      const char *label = info != NULL ? fc_field_info_get_label (info) : NULL;

      fc_record_set_field (record, name, value);
      if (label != NULL && *label != '\0'
          && g_strcmp0 (custom_field_by_label (fields, label), name) == 0)
        fc_record_set_field (record, label, value);
    }
}

/* The members a Pipedrive object flattens into several fields, kept as read */
enum { NESTED_ADDRESS, NESTED_CUSTOM, N_NESTED };

FcRecord *
_fc_pipedrive_scan_record (const FcPipedriveType *type,
                           FcJsonScan            *scan,
                           GListModel            *fields)
{
  g_autoptr (FcRecord) record = NULL;
  g_autoptr (JsonNode) id_node = NULL;
  JsonNode *nested[N_NESTED] = { NULL, };
  FcValue is_deleted;
  Contacts emails = { FALSE, NULL, 0 };
  Contacts phones = { FALSE, NULL, 0 };
  g_autofree char *id = NULL;
  const char *member;
  gint64 modified;

  if (!fc_json_scan_enter_object (scan))
    {
      fc_json_scan_skip (scan);
      return NULL;
    }

  record = fc_record_new (type->name, NULL);
  while ((member = fc_json_scan_next_member (scan)) != NULL)
    {
      JsonNode **keep = NULL;

      if (*member == '\0')  /* JSON allows "" as a name */
        continue;
      if (type->has_contacts && (g_str_equal (member, "emails")
                                 || g_str_equal (member, "phones")))
        {
          /* flattened once the object is read, as the others below */
          scan_contacts (member[0] == 'e' ? &emails : &phones, scan);
          continue;
        }
      if (g_str_equal (member, "id"))
        keep = &id_node;
      else if (g_strcmp0 (member, type->address) == 0)
        keep = &nested[NESTED_ADDRESS];
      else if (g_str_equal (member, "custom_fields"))
        keep = &nested[NESTED_CUSTOM];
      if (keep != NULL)
        {
          /* flattened once the object is read: of members named twice, the last counts */
          g_clear_pointer (keep, json_node_unref);
          *keep = fc_json_scan_read (scan);
          continue;
        }
      if (!fc_json_scan_read_field (scan, record, member))
        break;
    }

  id = _fc_json_node_dup_id (id_node);
  if (id != NULL && !fc_json_scan_failed (scan))
    {
      fc_record_set_id (record, id);
      /* read from the fields, which hold the last of members named twice */
      modified = _fc_connector_parse_time_ms (fc_record_get_string (record, "update_time"));
      if (modified >= 0)
        fc_record_set_modified_ms (record, modified);
      fc_record_set_archived (record, (fc_record_get_value (record, "is_deleted", &is_deleted)
                                       && is_deleted.kind == FC_VALUE_BOOLEAN
                                       && is_deleted.v.boolean)
                                      || g_strcmp0 (fc_record_get_string (record, "status"),
                                                    "deleted") == 0);
      if (emails.seen)
        flatten_contacts (record, "email", "emails", &emails);
      if (phones.seen)
        flatten_contacts (record, "phone", "phones", &phones);
      if (nested[NESTED_ADDRESS] != NULL)
        flatten_address (record, type->address, nested[NESTED_ADDRESS]);
      if (nested[NESTED_CUSTOM] != NULL)
        flatten_custom_fields (record, nested[NESTED_CUSTOM], fields);
    }
  else
    g_clear_object (&record);

  for (guint i = 0; i < N_NESTED; i++)
    g_clear_pointer (&nested[i], json_node_unref);
  contacts_clear (&emails);
  contacts_clear (&phones);
  return g_steal_pointer (&record);
}

FcRecord *
_fc_pipedrive_record_from_json (const FcPipedriveType *type,
                                JsonObject            *object,
                                GListModel            *fields)
{
  g_autoptr (JsonNode) node = json_node_init_object (json_node_alloc (), object);
  g_autoptr (FcJsonScan) scan = fc_json_scan_new_node (node);

  return _fc_pipedrive_scan_record (type, scan, fields);
}

/* ---- writing --------------------------------------------------------------------------- */

static gboolean
is_address_field (const FcPipedriveType *type,
                  const char            *name)
{
  gsize length;

  if (type->address == NULL)
    return FALSE;
  length = strlen (type->address);
  return strncmp (name, type->address, length) == 0
         && (name[length] == '\0' || name[length] == '.');
}

gboolean
_fc_pipedrive_needs_current (const FcPipedriveType *type,
                             FcRecord              *record)
{
  g_auto (GStrv) names = fc_record_list_fields (record);

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (is_address_field (type, names[i]))
        return TRUE;
      if (type->has_contacts && (g_str_equal (names[i], "email")
                                 || g_str_equal (names[i], "emails")
                                 || g_str_equal (names[i], "phone")
                                 || g_str_equal (names[i], "phones")))
        return TRUE;
    }
  return FALSE;
}

/* The current item of a contact list with this value (for its label), or NULL. */
static JsonObject *
find_contact (JsonArray  *current,
              const char *value)
{
  for (guint i = 0; current != NULL && i < json_array_get_length (current); i++)
    {
      JsonNode *node = json_array_get_element (current, i);
      JsonObject *item = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *old = _fc_json_get_string (item, "value");

      if (old != NULL && g_ascii_strcasecmp (old, value) == 0)
        return item;
    }
  return NULL;
}

static void
add_value (GPtrArray  *values,
           const char *value)
{
  if (value == NULL || *value == '\0')
    return;
  for (guint i = 0; i < values->len; i++)
    if (g_ascii_strcasecmp (g_ptr_array_index (values, i), value) == 0)
      return;
  g_ptr_array_add (values, g_strdup (value));
}

/* The list to write: @single replaces the primary, @plural (when given) the whole list, and
 * the items that stay keep their labels. */
static JsonArray *
build_contacts (FcRecord   *record,
                const char *single,
                const char *plural,
                JsonArray  *current)
{
  g_autoptr (GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  JsonNode *list = fc_record_get_field (record, plural);
  gboolean has_single = fc_record_has_field (record, single);
  g_autofree char *primary = has_single ? fc_record_dup_string (record, single) : NULL;
  JsonArray *items = json_array_new ();
  JsonArray *given;

  if (primary != NULL)
    add_value (values, primary);

  given = list != NULL && JSON_NODE_HOLDS_ARRAY (list) ? json_node_get_array (list) : NULL;
  if (given != NULL)
    for (guint i = 0; i < json_array_get_length (given); i++)
      {
        JsonNode *node = json_array_get_element (given, i);

        if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
          add_value (values, json_node_get_string (node));
        else if (JSON_NODE_HOLDS_OBJECT (node))
          add_value (values, _fc_json_get_string (json_node_get_object (node), "value"));
      }
  else if (list == NULL)
    {
      /* Keep the current others; a changed or cleared primary replaces the current one */
      for (guint i = 0; current != NULL && i < json_array_get_length (current); i++)
        {
          JsonNode *node = json_array_get_element (current, i);
          JsonObject *item = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

          if (has_single && _fc_json_get_boolean (item, "primary", FALSE))
            continue;
          add_value (values, _fc_json_get_string (item, "value"));
        }
    }

  for (guint i = 0; i < values->len; i++)
    {
      const char *value = g_ptr_array_index (values, i);
      JsonObject *old = find_contact (current, value);
      JsonObject *item = json_object_new ();

      json_object_set_string_member (item, "value", value);
      json_object_set_boolean_member (item, "primary", i == 0);
      json_object_set_string_member (item, "label", _fc_json_get_string (old, "label") != NULL
                                                    ? _fc_json_get_string (old, "label")
                                                    : "work");
      json_array_add_object_element (items, item);
    }
  return items;
}

static JsonObject *
build_address (const FcPipedriveType *type,
               FcRecord              *record,
               JsonObject            *current)
{
  JsonObject *address = json_object_new ();
  JsonObject *old = _fc_json_get_object (current, type->address);

  /* The parts not written stay as they are */
  for (guint i = 0; old != NULL && address_parts[i] != NULL; i++)
    if (json_object_has_member (old, address_parts[i]))
      json_object_set_member (address, address_parts[i],
                              json_node_copy (json_object_get_member (old, address_parts[i])));
  if (old != NULL && json_object_has_member (old, "value"))
    json_object_set_member (address, "value", json_node_copy (json_object_get_member (old,
                                                                                      "value")));

  for (guint i = 0; address_parts[i] != NULL; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s.%s", type->address, address_parts[i]);

      if (fc_record_has_field (record, name))
        json_object_set_member (address, address_parts[i],
                                json_node_copy (fc_record_get_field (record, name)));
    }
  if (fc_record_has_field (record, type->address))
    json_object_set_member (address, "value",
                            json_node_copy (fc_record_get_field (record, type->address)));
  return address;
}

/* "first last" for a person written with only its name's parts. */
static char *
join_name (FcRecord *record)
{
  g_autofree char *first = fc_record_dup_string (record, "first_name");
  g_autofree char *last = fc_record_dup_string (record, "last_name");
  char *name = g_strjoin (" ", first != NULL ? first : "", last != NULL ? last : "", NULL);

  return g_strstrip (name);
}

/* Adds record field @field to the body (or to its custom fields). */
static void
add_to_body (const FcPipedriveType *type,
             FcRecord              *record,
             const char            *field,
             JsonObject            *current,
             GListModel            *fields,
             JsonObject            *body,
             JsonObject            *custom)
{
  const char *name = _fc_pipedrive_resolve_field (fields, field);
  gboolean by_label = !g_str_equal (name, field);
  JsonNode *value = fc_record_get_field (record, field);

  if (is_read_only (name))
    return;

  if (type->has_contacts && (g_str_equal (name, "email") || g_str_equal (name, "emails")))
    {
      if (!json_object_has_member (body, "emails"))
        json_object_set_array_member (body, "emails",
                                      build_contacts (record, "email", "emails",
                                                      _fc_json_get_array (current, "emails")));
    }
  else if (type->has_contacts && (g_str_equal (name, "phone") || g_str_equal (name, "phones")))
    {
      if (!json_object_has_member (body, "phones"))
        json_object_set_array_member (body, "phones",
                                      build_contacts (record, "phone", "phones",
                                                      _fc_json_get_array (current, "phones")));
    }
  else if (is_address_field (type, name))
    {
      if (!json_object_has_member (body, type->address))
        json_object_set_object_member (body, type->address,
                                       build_address (type, record, current));
    }
  else if (g_str_has_prefix (name, CUSTOM_PREFIX))
    {
      const char *key = name + strlen (CUSTOM_PREFIX);

      /* A value under the key wins over the same field under its label */
      if (!by_label || !json_object_has_member (custom, key))
        json_object_set_member (custom, key, json_node_copy (value));
    }
  else
    json_object_set_member (body, name, json_node_copy (value));
}

JsonNode *
_fc_pipedrive_body_from_record (const FcPipedriveType *type,
                                FcRecord              *record,
                                JsonObject            *current,
                                GListModel            *fields)
{
  g_auto (GStrv) names = fc_record_list_fields (record);
  JsonObject *body = json_object_new ();
  JsonObject *custom = json_object_new ();
  JsonNode *root;

  for (guint i = 0; names[i] != NULL; i++)
    add_to_body (type, record, names[i], current, fields, body, custom);

  if (g_str_equal (type->title, "name") && !json_object_has_member (body, "name")
      && (fc_record_has_field (record, "first_name") || fc_record_has_field (record, "last_name")))
    {
      g_autofree char *name = join_name (record);

      if (*name != '\0')
        json_object_set_string_member (body, "name", name);
    }

  if (json_object_get_size (custom) > 0)
    json_object_set_object_member (body, "custom_fields", custom);
  else
    json_object_unref (custom);

  root = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (root, body);
  return root;
}
