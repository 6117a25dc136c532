/* fc-jobber-contacts.c: a client's emails and phone numbers, written entry by entry: edited
 * by id, added when new, deleted only when gone
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-jobber"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "fc-jobber-connector-private.h"

/* What the record asks for (the `emails` list, or the current list with `email` as its primary
 * value) is paired with the entries the client has: by id, then by value, then the rest in
 * order, so that a changed address is one edit of its entry rather than a delete and an add.
 * Entries that stay keep their ids, and only the attributes that change are sent. */

static const char * const email_descriptions[] = { "MAIN", "WORK", "PERSONAL", "OTHER", NULL };
static const char * const phone_descriptions[] = {
  "MAIN", "WORK", "MOBILE", "HOME", "FAX", "OTHER", NULL
};

static void
set_invalid (GError     **error,
             const char  *field,
             const char  *expected)
{
  g_set_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_VALIDATION,
               _("The value of “%s” is not %s"), field, expected);
}

/* The text of @field (a string, or a number or boolean written out); NULL when null or empty */
static gboolean
dup_single (FcRecord    *record,
            const char  *field,
            char       **out,
            GError     **error)
{
  JsonNode *node = fc_record_get_field (record, field);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node))
    {
      set_invalid (error, field, _("text"));
      return FALSE;
    }
  *out = fc_record_dup_string (record, field);
  if (*out != NULL && **out == '\0')
    g_clear_pointer (out, g_free);
  return TRUE;
}

typedef struct
{
  gboolean            email;
  const char         *value_member;   /* "address", "number" */
  const char         *single;         /* "email" */
  const char         *plural;         /* "emails" */
  const char         *to_add;
  const char         *to_edit;
  const char         *to_delete;
  const char * const *descriptions;
} ContactKind;

static const ContactKind email_kind = {
  TRUE, "address", "email", "emails", "emailsToAdd", "emailsToEdit", "emailsToDelete",
  email_descriptions
};
static const ContactKind phone_kind = {
  FALSE, "number", "phone", "phones", "phonesToAdd", "phonesToEdit", "phonesToDelete",
  phone_descriptions
};

/* One entry the record asks for */
typedef struct
{
  char       *id;            /* the entry it names, when given */
  char       *value;
  char       *description;   /* NULL: not given */
  int         primary;       /* -1: not given */
  int         sms_allowed;   /* -1: not given */
  JsonObject *match;         /* the current entry it becomes */
} Wanted;

static void
wanted_free (Wanted *wanted)
{
  g_free (wanted->id);
  g_free (wanted->value);
  g_free (wanted->description);
  g_free (wanted);
}

static Wanted *
wanted_new (const char *id,
            const char *value,
            int         primary)
{
  Wanted *wanted = g_new0 (Wanted, 1);

  wanted->id = g_strdup (id);
  wanted->value = g_strdup (value);
  wanted->primary = primary;
  wanted->sms_allowed = -1;
  return wanted;
}

/* Emails compare without case; phone numbers by their digits, a country code aside. */
static gboolean
same_value (const ContactKind *kind,
            const char        *a,
            const char        *b)
{
  g_autoptr (GString) da = NULL;
  g_autoptr (GString) db = NULL;

  if (a == NULL || b == NULL)
    return FALSE;
  if (kind->email)
    return g_ascii_strcasecmp (a, b) == 0;

  da = g_string_new (NULL);
  db = g_string_new (NULL);
  for (const char *p = a; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (da, *p);
  for (const char *p = b; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (db, *p);
  if (da->len == 0 || db->len == 0)
    return g_strcmp0 (a, b) == 0;
  if (g_str_equal (da->str, db->str))
    return TRUE;
  return da->len >= 10 && db->len >= 10
         && g_str_equal (da->str + da->len - 10, db->str + db->len - 10);
}

gboolean
_fc_jobber_contact_matches (FcRecord   *record,
                            gboolean    email,
                            const char *value)
{
  const ContactKind *kind = email ? &email_kind : &phone_kind;
  JsonNode *list = fc_record_get_field (record, kind->plural);
  JsonArray *items = list != NULL && JSON_NODE_HOLDS_ARRAY (list) ? json_node_get_array (list)
                                                                  : NULL;

  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonNode *node = json_array_get_element (items, i);
      JsonObject *item = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

      if (same_value (kind, _fc_json_get_string (item, kind->value_member), value))
        return TRUE;
    }
  return same_value (kind, fc_record_get_string (record, kind->single), value);
}

static JsonObject *
current_entry (JsonArray *current,
               guint      index)
{
  JsonNode *node = json_array_get_element (current, index);

  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static gboolean
read_wanted_item (const ContactKind  *kind,
                  JsonNode           *node,
                  GPtrArray          *wanted,
                  GError            **error)
{
  JsonObject *item;
  Wanted *entry;
  const char *value;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      if (*json_node_get_string (node) != '\0')
        g_ptr_array_add (wanted, wanted_new (NULL, json_node_get_string (node), -1));
      return TRUE;
    }
  item = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  value = _fc_json_get_string (item, kind->value_member);
  if (value == NULL)
    value = _fc_json_get_string (item, "value");
  if (value == NULL || *value == '\0')
    {
      g_set_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_VALIDATION,
                   _("Each entry of “%s” must be text or an object with “%s”"), kind->plural,
                   kind->value_member);
      return FALSE;
    }

  entry = wanted_new (_fc_json_get_string (item, "id"), value,
                      json_object_has_member (item, "primary")
                      ? _fc_json_get_boolean (item, "primary", FALSE) : -1);
  entry->description = g_strdup (_fc_json_get_string (item, "description"));
  if (!kind->email && json_object_has_member (item, "smsAllowed"))
    entry->sms_allowed = _fc_json_get_boolean (item, "smsAllowed", FALSE);
  g_ptr_array_add (wanted, entry);
  return TRUE;
}

/* Makes entry @found (or, when -1, a new entry with @value) the only primary one. */
static void
make_primary (GPtrArray  *wanted,
              int         found,
              const char *value)
{
  if (found < 0)
    {
      g_ptr_array_add (wanted, wanted_new (NULL, value, 1));
      found = wanted->len - 1;
    }
  for (guint i = 0; i < wanted->len; i++)
    ((Wanted *) g_ptr_array_index (wanted, i))->primary = (int) i == found;
}

static int
find_value (const ContactKind *kind,
            GPtrArray         *wanted,
            const char        *value)
{
  for (guint i = 0; i < wanted->len; i++)
    if (same_value (kind, ((Wanted *) g_ptr_array_index (wanted, i))->value, value))
      return i;
  return -1;
}

/* The current list with the primary value replaced (in place, keeping the entry's id), made
 * primary, or removed. */
static void
replace_primary (const ContactKind *kind,
                 GPtrArray         *wanted,
                 JsonArray         *current,
                 const char        *single)
{
  guint n_current = current != NULL ? json_array_get_length (current) : 0;
  int primary = -1;
  int found;

  for (guint i = 0; i < n_current; i++)
    {
      JsonObject *entry = current_entry (current, i);
      Wanted *copy;

      if (entry == NULL)
        continue;
      copy = wanted_new (_fc_json_get_string (entry, "id"),
                         _fc_json_get_string (entry, kind->value_member),
                         _fc_json_get_boolean (entry, "primary", FALSE));
      if (copy->primary && primary < 0)
        primary = wanted->len;
      g_ptr_array_add (wanted, copy);
    }
  /* The flattened primary is the primary entry, or the first */
  if (primary < 0 && wanted->len > 0)
    primary = 0;

  if (single == NULL)
    {
      if (primary >= 0)
        g_ptr_array_remove_index (wanted, primary);
      return;
    }

  /* The entry with this value (its spelling as given), else the primary one changed */
  found = find_value (kind, wanted, single);
  if (found < 0)
    found = primary;
  if (found >= 0)
    {
      Wanted *entry = g_ptr_array_index (wanted, found);

      g_free (entry->value);
      entry->value = g_strdup (single);
    }
  make_primary (wanted, found, single);
}

/* The list @record asks for: its plural field (with the primary value, when given too, made
 * the primary entry), else the current list with the primary value replaced. */
static GPtrArray *
build_wanted (const ContactKind  *kind,
              FcRecord           *record,
              JsonArray          *current,
              GError            **error)
{
  g_autoptr (GPtrArray) wanted = g_ptr_array_new_with_free_func ((GDestroyNotify) wanted_free);
  JsonNode *list = fc_record_get_field (record, kind->plural);
  g_autofree char *single = NULL;
  gboolean has_single = fc_record_has_field (record, kind->single);
  JsonArray *items;

  if (has_single && !dup_single (record, kind->single, &single, error))
    return NULL;

  if (list == NULL)
    {
      replace_primary (kind, wanted, current, single);
      return g_steal_pointer (&wanted);
    }

  /* The whole list (null: none) */
  items = JSON_NODE_HOLDS_ARRAY (list) ? json_node_get_array (list) : NULL;
  if (items == NULL && !JSON_NODE_HOLDS_NULL (list))
    {
      set_invalid (error, kind->plural, _("a list"));
      return NULL;
    }
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    if (!read_wanted_item (kind, json_array_get_element (items, i), wanted, error))
      return NULL;
  if (single != NULL)
    make_primary (wanted, find_value (kind, wanted, single), single);
  return g_steal_pointer (&wanted);
}

static gboolean
check_description (const ContactKind  *kind,
                   const char         *description,
                   char              **out,
                   GError            **error)
{
  g_autofree char *upper = g_ascii_strup (description, -1);

  if (!g_strv_contains (kind->descriptions, upper))
    {
      g_autofree char *expected = g_strjoinv (", ", (char **) kind->descriptions);

      g_set_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_VALIDATION,
                   _("“%s” is not a Jobber %s description: expected one of %s"), description,
                   kind->single, expected);
      return FALSE;
    }
  *out = g_steal_pointer (&upper);
  return TRUE;
}

/* Pairs each wanted entry with the current entry it becomes: by id, by value, then the
 * remaining ones in order (a changed value is an edit, not a delete and an add). */
static gboolean
match_entries (const ContactKind  *kind,
               GPtrArray          *wanted,
               JsonArray          *current,
               GHashTable         *used,
               GError            **error)
{
  guint n_current = current != NULL ? json_array_get_length (current) : 0;

  for (guint i = 0; i < wanted->len; i++)
    {
      Wanted *entry = g_ptr_array_index (wanted, i);

      if (entry->id == NULL)
        continue;
      for (guint c = 0; c < n_current && entry->match == NULL; c++)
        {
          JsonObject *old = current_entry (current, c);

          if (old != NULL && g_strcmp0 (_fc_json_get_string (old, "id"), entry->id) == 0
              && g_hash_table_add (used, old))
            entry->match = old;
        }
      if (entry->match == NULL)
        {
          g_set_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_VALIDATION,
                       _("The client has no %s with the id “%s”"), kind->single, entry->id);
          return FALSE;
        }
    }

  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < wanted->len; i++)
      {
        Wanted *entry = g_ptr_array_index (wanted, i);

        for (guint c = 0; c < n_current && entry->match == NULL; c++)
          {
            JsonObject *old = current_entry (current, c);

            if (old == NULL || g_hash_table_contains (used, old))
              continue;
            if (pass == 1
                || same_value (kind, _fc_json_get_string (old, kind->value_member),
                               entry->value))
              {
                g_hash_table_add (used, old);
                entry->match = old;
              }
          }
      }
  return TRUE;
}

/* The attributes of an add (@old NULL) or the changed attributes of an edit (NULL when
 * nothing changes). */
static JsonObject *
entry_attributes (const ContactKind  *kind,
                  Wanted             *entry,
                  gboolean            primary,
                  JsonObject         *old,
                  GError            **error)
{
  JsonObject *attributes = json_object_new ();
  g_autofree char *description = NULL;
  const char *old_description = _fc_json_get_string (old, "description");

  if (entry->description != NULL
      && !check_description (kind, entry->description, &description, error))
    {
      json_object_unref (attributes);
      return NULL;
    }

  if (old == NULL)
    {
      json_object_set_string_member (attributes, kind->value_member, entry->value);
      json_object_set_string_member (attributes, "description",
                                     description != NULL ? description : "MAIN");
      json_object_set_boolean_member (attributes, "primary", primary);
      if (entry->sms_allowed >= 0)
        json_object_set_boolean_member (attributes, "smsAllowed", entry->sms_allowed);
      return attributes;
    }

  if (g_strcmp0 (_fc_json_get_string (old, kind->value_member), entry->value) != 0)
    json_object_set_string_member (attributes, kind->value_member, entry->value);
  if (description != NULL && (old_description == NULL
                              || g_ascii_strcasecmp (old_description, description) != 0))
    json_object_set_string_member (attributes, "description", description);
  if (_fc_json_get_boolean (old, "primary", FALSE) != primary)
    json_object_set_boolean_member (attributes, "primary", primary);
  if (entry->sms_allowed >= 0
      && _fc_json_get_boolean (old, "smsAllowed", FALSE) != entry->sms_allowed)
    json_object_set_boolean_member (attributes, "smsAllowed", entry->sms_allowed);

  if (json_object_get_size (attributes) == 0)
    {
      json_object_unref (attributes);
      return NULL;
    }
  json_object_set_string_member (attributes, "id", _fc_json_get_string (old, "id"));
  return attributes;
}

/* The entry that ends up primary: the first marked so, else the first. */
static int
primary_index (GPtrArray *wanted)
{
  for (guint i = 0; i < wanted->len; i++)
    if (((Wanted *) g_ptr_array_index (wanted, i))->primary == 1)
      return i;
  return wanted->len > 0 ? 0 : -1;
}

static gboolean
diff_kind (const ContactKind  *kind,
           FcRecord           *record,
           JsonArray          *current,
           gboolean            create,
           JsonObject         *input,
           GError            **error)
{
  g_autoptr (GPtrArray) wanted = NULL;
  g_autoptr (GHashTable) used = g_hash_table_new (NULL, NULL);
  JsonArray *add = json_array_new ();
  JsonArray *edit = json_array_new ();
  JsonArray *remove = json_array_new ();
  guint n_current = current != NULL ? json_array_get_length (current) : 0;
  gboolean ok = TRUE;
  int primary;

  if (!fc_record_has_field (record, kind->single) && !fc_record_has_field (record, kind->plural))
    goto out;

  wanted = build_wanted (kind, record, current, error);
  ok = wanted != NULL && match_entries (kind, wanted, current, used, error);
  if (!ok)
    goto out;

  primary = primary_index (wanted);
  for (guint i = 0; i < wanted->len && ok; i++)
    {
      Wanted *entry = g_ptr_array_index (wanted, i);
      g_autoptr (GError) local = NULL;
      JsonObject *attributes = entry_attributes (kind, entry, (int) i == primary, entry->match,
                                                 &local);

      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          ok = FALSE;
        }
      else if (attributes != NULL)
        json_array_add_object_element (entry->match != NULL ? edit : add, attributes);
    }
  for (guint c = 0; c < n_current && ok; c++)
    {
      JsonObject *old = current_entry (current, c);

      if (old != NULL && !g_hash_table_contains (used, old)
          && _fc_json_get_string (old, "id") != NULL)
        json_array_add_string_element (remove, _fc_json_get_string (old, "id"));
    }

out:
  if (ok && create && json_array_get_length (add) > 0)
    json_object_set_array_member (input, kind->plural, json_array_ref (add));
  else if (ok && !create)
    {
      if (json_array_get_length (add) > 0)
        json_object_set_array_member (input, kind->to_add, json_array_ref (add));
      if (json_array_get_length (edit) > 0)
        json_object_set_array_member (input, kind->to_edit, json_array_ref (edit));
      if (json_array_get_length (remove) > 0)
        json_object_set_array_member (input, kind->to_delete, json_array_ref (remove));
    }
  json_array_unref (add);
  json_array_unref (edit);
  json_array_unref (remove);
  return ok;
}

gboolean
_fc_jobber_contacts_input (FcRecord    *record,
                           gboolean     email,
                           JsonArray   *current,
                           gboolean     create,
                           JsonObject  *input,
                           GError     **error)
{
  return diff_kind (email ? &email_kind : &phone_kind, record, current, create, input, error);
}
