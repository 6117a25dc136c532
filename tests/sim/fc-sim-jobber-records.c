/* fc-sim-jobber-records.c: clients and properties: created and edited from the API's input
 * types with Jobber's validation (userErrors), archived and destroyed, each change with its
 * webhook
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-sim-jobber"

#include "config.h"

#include <string.h>

#include "fc-sim-jobber-private.h"

static const char * const address_fields[] = {
  "street1", "street2", "city", "province", "postalCode", "country", NULL
};

/* userErrors: {message, path} with the path as strings, from the mutation's argument down */
void
_fc_sim_jobber_add_user_error (JsonArray  *errors,
                               const char *message,
                               const char *first_step,
                               ...)
{
  JsonObject *error = json_object_new ();
  JsonArray *path = json_array_new ();
  const char *step = first_step;
  va_list args;

  va_start (args, first_step);
  while (step != NULL)
    {
      json_array_add_string_element (path, step);
      step = va_arg (args, const char *);
    }
  va_end (args);

  json_object_set_string_member (error, "message", message);
  json_object_set_array_member (error, "path", path);
  json_array_add_object_element (errors, error);
}

const char *
_fc_sim_jobber_string (FcSimRecord *record,
                       const char  *field)
{
  JsonNode *node = json_object_get_member (record->fields, field);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node)
         && json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : NULL;
}

gint64
_fc_sim_jobber_int (FcSimRecord *record,
                    const char  *field)
{
  JsonNode *node = json_object_get_member (record->fields, field);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_int (node) : 0;
}

gboolean
_fc_sim_jobber_bool (FcSimRecord *record,
                     const char  *field)
{
  JsonNode *node = json_object_get_member (record->fields, field);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_boolean (node);
}

JsonNode *
_fc_sim_jobber_deep_copy (JsonNode *node)
{
  JsonNode *copy;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_object_new ();
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &name, &member))
        json_object_set_member (object, name, _fc_sim_jobber_deep_copy (member));
      copy = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (copy, object);
      return copy;
    }

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *source = json_node_get_array (node);
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < json_array_get_length (source); i++)
        json_array_add_element (array,
                                _fc_sim_jobber_deep_copy (json_array_get_element (source, i)));
      copy = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (copy, array);
      return copy;
    }

  return json_node_copy (node);
}

/* Records a change: updatedAt moves (updates), and the webhook of @action goes out. */
void
_fc_sim_jobber_touch (FcSimJobber         *jb,
                      FcSimJobberObjectId  object,
                      FcSimRecord         *record,
                      const char          *action,
                      FcSimSource          source)
{
  const FcSimJobberObject *info = _fc_sim_jobber_get_object (object);
  g_autofree char *topic = g_strdup_printf ("%s_%s", info->topic, action);
  g_autofree char *item = fc_sim_jobber_encode_id (info->type, record->id);

  if (g_str_equal (action, "UPDATE"))
    record->updated_ms = _fc_sim_now_ms (jb->provider->sim);
  _fc_sim_jobber_emit (jb, topic, item, source);
}

FcSimRecord *
_fc_sim_jobber_insert (FcSimJobber         *jb,
                       FcSimJobberObjectId  object)
{
  return _fc_sim_collection_insert (jb->objects[object], jb->next_ids[object]++,
                                    _fc_sim_now_ms (jb->provider->sim));
}

/* Names */

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node)
         && json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : NULL;
}

static char *
person_name (JsonObject *fields)
{
  const char *first = member_string (fields, "firstName");
  const char *last = member_string (fields, "lastName");
  g_autofree char *joined = g_strjoin (" ", first != NULL ? first : "", last != NULL ? last : "",
                                       NULL);

  return g_strdup (g_strstrip (joined));
}

/* Client.name: the company for companies, else first and last name */
char *
_fc_sim_jobber_client_name (FcSimRecord *client)
{
  g_autofree char *person = person_name (client->fields);
  const char *company = _fc_sim_jobber_string (client, "companyName");

  if (company != NULL && company[0] != '\0'
      && (_fc_sim_jobber_bool (client, "isCompany") || person[0] == '\0'))
    return g_strdup (company);

  return g_steal_pointer (&person);
}

/* Validation */

static gboolean
is_email (const char *text)
{
  const char *at = text != NULL ? strchr (text, '@') : NULL;

  return at != NULL && at != text && strchr (at + 1, '@') == NULL && strchr (at, '.') != NULL
         && at[strlen (at) - 1] != '.' && strpbrk (text, " \t\r\n,;<>") == NULL;
}

static gboolean
is_phone (const char *text)
{
  guint digits = 0;

  for (const char *p = text; p != NULL && *p != '\0'; p++)
    digits += g_ascii_isdigit (*p) ? 1 : 0;

  return digits >= 3;
}

static gint64
find_item (JsonArray  *items,
           gint64      id)
{
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonObject *item = _fc_sim_json_array_object (items, i);

      if (json_object_get_int_member_with_default (item, "id", 0) == id)
        return i;
    }

  return -1;
}

/* Applies the members of an input to @entry, keeping the ones the input leaves out or
 * sets to null */
static void
apply_members (JsonObject *entry,
               JsonObject *input)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  json_object_iter_init (&iter, input);
  while (json_object_iter_next (&iter, &name, &value))
    {
      if (!g_str_equal (name, "id") && !JSON_NODE_HOLDS_NULL (value))
        json_object_set_member (entry, name, json_node_copy (value));
    }
}

typedef struct
{
  const char *plural;       /* emails */
  const char *value;        /* address */
  const char *invalid;      /* the userError of a bad value */
  gboolean  (*valid)        (const char *text);
} Contact;

static const Contact emails = { "emails", "address", "Email address is invalid", is_email };
static const Contact phones = { "phones", "number", "Phone number is invalid", is_phone };

/* One primary at most: the last one marked primary wins, and the first is primary when none is */
static void
settle_primary (JsonArray *items,
                gint       chosen)
{
  guint n = json_array_get_length (items);
  gboolean any = FALSE;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *item = _fc_sim_json_array_object (items, i);

      if (chosen >= 0)
        json_object_set_boolean_member (item, "primary", (gint) i == chosen);
      any = any || json_object_get_boolean_member_with_default (item, "primary", FALSE);
    }
  if (!any && n > 0)
    json_object_set_boolean_member (_fc_sim_json_array_object (items, 0), "primary", TRUE);
}

static void
add_contacts (FcSimJobber   *jb,
              const Contact *kind,
              JsonArray     *items,
              JsonArray     *inputs,
              const char    *member,
              JsonArray     *errors)
{
  gint chosen = -1;

  for (guint i = 0; inputs != NULL && i < json_array_get_length (inputs); i++)
    {
      JsonObject *input = _fc_sim_json_array_object (inputs, i);
      JsonObject *entry = json_object_new ();
      g_autofree char *index = g_strdup_printf ("%u", i);

      if (!kind->valid (member_string (input, kind->value)))
        _fc_sim_jobber_add_user_error (errors, kind->invalid, "input", member, index, kind->value,
                                       NULL);
      json_object_set_int_member (entry, "id", jb->next_item_id++);
      json_object_set_string_member (entry, "description", "MAIN");
      if (kind == &phones)
        json_object_set_boolean_member (entry, "smsAllowed", FALSE);
      json_object_set_boolean_member (entry, "primary", FALSE);
      apply_members (entry, input);
      if (json_object_get_boolean_member_with_default (input, "primary", FALSE))
        chosen = json_array_get_length (items);
      json_array_add_object_element (items, entry);
    }
  settle_primary (items, chosen);
}

/* emailsToEdit / phonesToEdit: by id; the other entries keep their ids and values */
static void
edit_contacts (const Contact *kind,
               JsonArray     *items,
               JsonArray     *inputs,
               const char    *member,
               JsonArray     *errors)
{
  gint chosen = -1;

  for (guint i = 0; inputs != NULL && i < json_array_get_length (inputs); i++)
    {
      JsonObject *input = _fc_sim_json_array_object (inputs, i);
      g_autofree char *index = g_strdup_printf ("%u", i);
      const char *value = member_string (input, kind->value);
      gint64 id = 0;
      gint64 position = -1;

      if (_fc_sim_jobber_decode_id (member_string (input, "id"),
                                    kind == &emails ? "Email" : "ClientPhoneNumber", &id))
        position = find_item (items, id);
      if (position < 0)
        {
          _fc_sim_jobber_add_user_error (errors, kind == &emails ? "Email not found"
                                                                 : "Phone number not found",
                                         "input", member, index, "id", NULL);
          continue;
        }
      if (json_object_has_member (input, kind->value) && !kind->valid (value))
        _fc_sim_jobber_add_user_error (errors, kind->invalid, "input", member, index, kind->value,
                                       NULL);
      apply_members (_fc_sim_json_array_object (items, position), input);
      if (json_object_get_boolean_member_with_default (input, "primary", FALSE))
        chosen = position;
    }
  settle_primary (items, chosen);
}

static void
delete_contacts (const Contact *kind,
                 JsonArray     *items,
                 JsonArray     *ids,
                 const char    *member,
                 JsonArray     *errors)
{
  for (guint i = 0; ids != NULL && i < json_array_get_length (ids); i++)
    {
      g_autofree char *index = g_strdup_printf ("%u", i);
      gint64 id = 0;
      gint64 position = -1;

      if (_fc_sim_jobber_decode_id (_fc_sim_json_array_string (ids, i),
                                    kind == &emails ? "Email" : "ClientPhoneNumber", &id))
        position = find_item (items, id);
      if (position < 0)
        _fc_sim_jobber_add_user_error (errors, kind == &emails ? "Email not found"
                                                               : "Phone number not found",
                                       "input", member, index, NULL);
      else
        json_array_remove_element (items, position);
    }
  settle_primary (items, -1);
}

static JsonArray *
ensure_array (JsonObject *fields,
              const char *name)
{
  JsonArray *array = _fc_sim_json_array (fields, name);

  if (array == NULL)
    {
      array = json_array_new ();
      json_object_set_array_member (fields, name, array);
    }

  return array;
}

/* The scalar members every client input shares, and billingAddress (merged) */
static void
apply_client_scalars (JsonObject *fields,
                      JsonObject *input)
{
  static const char * const scalars[] = {
    "title", "firstName", "lastName", "companyName", "isCompany", NULL
  };
  JsonObject *address = _fc_sim_json_object (input, "billingAddress");

  for (guint i = 0; scalars[i] != NULL; i++)
    {
      JsonNode *value = json_object_get_member (input, scalars[i]);

      if (value != NULL)
        json_object_set_member (fields, scalars[i], json_node_copy (value));
    }

  if (address != NULL)
    {
      JsonObject *current = _fc_sim_json_object (fields, "billingAddress");

      if (current == NULL)
        {
          current = json_object_new ();
          json_object_set_object_member (fields, "billingAddress", current);
        }
      apply_members (current, address);
    }
}

static void
check_client_names (JsonObject *fields,
                    JsonArray  *errors)
{
  g_autofree char *person = person_name (fields);
  const char *company = member_string (fields, "companyName");
  gboolean has_company = company != NULL && company[0] != '\0';
  JsonNode *is_company = json_object_get_member (fields, "isCompany");

  if (person[0] == '\0' && !has_company)
    _fc_sim_jobber_add_user_error (errors, "A client needs a first name, a last name or a company "
                                           "name", "input", "firstName", NULL);
  if (is_company != NULL && JSON_NODE_HOLDS_VALUE (is_company)
      && json_node_get_boolean (is_company) && !has_company)
    _fc_sim_jobber_add_user_error (errors, "Company name can't be blank for a company",
                                   "input", "companyName", NULL);
}

/* Creates a client from ClientCreateInput; NULL (nothing created) when userErrors were added */
FcSimRecord *
_fc_sim_jobber_client_create (FcSimJobber *jb,
                              JsonObject  *input,
                              FcSimSource  source,
                              JsonArray   *errors)
{
  g_autoptr (JsonObject) fields = json_object_new ();
  JsonArray *properties = _fc_sim_json_array (input, "properties");
  guint before = json_array_get_length (errors);
  FcSimRecord *client;

  json_object_set_boolean_member (fields, "isCompany", FALSE);
  json_object_set_boolean_member (fields, "isLead", FALSE);
  json_object_set_boolean_member (fields, "isArchived", FALSE);
  apply_client_scalars (fields, input);
  add_contacts (jb, &emails, ensure_array (fields, "emails"), _fc_sim_json_array (input, "emails"),
                "emails", errors);
  add_contacts (jb, &phones, ensure_array (fields, "phones"), _fc_sim_json_array (input, "phones"),
                "phones", errors);
  check_client_names (fields, errors);
  if (json_array_get_length (errors) > before)
    return NULL;

  client = _fc_sim_jobber_insert (jb, FC_SIM_JB_CLIENTS);
  json_object_unref (client->fields);
  client->fields = g_steal_pointer (&fields);
  _fc_sim_jobber_touch (jb, FC_SIM_JB_CLIENTS, client, "CREATE", source);
  if (properties != NULL)
    g_ptr_array_unref (_fc_sim_jobber_properties_create (jb, client, properties, source, errors));

  return client;
}

/* Applies ClientEditInput; nothing changes when userErrors were added. Emails and phones are
 * added, edited (by id) and deleted one by one, so the ones left alone keep their ids. */
gboolean
_fc_sim_jobber_client_edit (FcSimJobber *jb,
                            FcSimRecord *client,
                            JsonObject  *input,
                            FcSimSource  source,
                            JsonArray   *errors)
{
  g_autoptr (JsonNode) original = json_node_new (JSON_NODE_OBJECT);
  g_autoptr (JsonNode) copy = NULL;
  guint before = json_array_get_length (errors);
  JsonObject *fields;

  json_node_set_object (original, client->fields);
  copy = _fc_sim_jobber_deep_copy (original);
  fields = json_node_get_object (copy);

  apply_client_scalars (fields, input);
  delete_contacts (&emails, ensure_array (fields, "emails"),
                   _fc_sim_json_array (input, "emailsToDelete"), "emailsToDelete", errors);
  edit_contacts (&emails, ensure_array (fields, "emails"),
                 _fc_sim_json_array (input, "emailsToEdit"), "emailsToEdit", errors);
  add_contacts (jb, &emails, ensure_array (fields, "emails"),
                _fc_sim_json_array (input, "emailsToAdd"), "emailsToAdd", errors);
  delete_contacts (&phones, ensure_array (fields, "phones"),
                   _fc_sim_json_array (input, "phonesToDelete"), "phonesToDelete", errors);
  edit_contacts (&phones, ensure_array (fields, "phones"),
                 _fc_sim_json_array (input, "phonesToEdit"), "phonesToEdit", errors);
  add_contacts (jb, &phones, ensure_array (fields, "phones"),
                _fc_sim_json_array (input, "phonesToAdd"), "phonesToAdd", errors);
  check_client_names (fields, errors);
  if (json_array_get_length (errors) > before)
    return FALSE;

  if (json_node_equal (original, copy))
    return TRUE;

  json_object_unref (client->fields);
  client->fields = json_object_ref (fields);
  _fc_sim_jobber_touch (jb, FC_SIM_JB_CLIENTS, client, "UPDATE", source);
  return TRUE;
}

void
_fc_sim_jobber_client_archive (FcSimJobber *jb,
                               FcSimRecord *client,
                               FcSimSource  source)
{
  if (_fc_sim_jobber_bool (client, "isArchived"))
    return;

  json_object_set_boolean_member (client->fields, "isArchived", TRUE);
  _fc_sim_jobber_touch (jb, FC_SIM_JB_CLIENTS, client, "UPDATE", source);
}

/* Adds properties (PropertyAttributes) to @client; returns them (FcSimRecord) */
GPtrArray *
_fc_sim_jobber_properties_create (FcSimJobber *jb,
                                  FcSimRecord *client,
                                  JsonArray   *properties,
                                  FcSimSource  source,
                                  JsonArray   *errors)
{
  GPtrArray *created = g_ptr_array_new ();

  for (guint i = 0; i < json_array_get_length (properties); i++)
    {
      JsonObject *address = _fc_sim_json_object (_fc_sim_json_array_object (properties, i),
                                                 "address");
      FcSimRecord *property = _fc_sim_jobber_insert (jb, FC_SIM_JB_PROPERTIES);

      json_object_set_int_member (property->fields, "clientId", client->id);
      json_object_set_int_member (property->fields, "addressId", jb->next_item_id++);
      json_object_set_boolean_member (property->fields, "isBillingAddress", FALSE);
      for (guint j = 0; address_fields[j] != NULL; j++)
        {
          const char *value = member_string (address, address_fields[j]);

          json_object_set_string_member (property->fields, address_fields[j],
                                         value != NULL ? value : "");
        }
      _fc_sim_jobber_touch (jb, FC_SIM_JB_PROPERTIES, property, "CREATE", source);
      g_ptr_array_add (created, property);
    }

  return created;
}

static void
destroy_belonging (FcSimJobber         *jb,
                   FcSimJobberObjectId  object,
                   gint64               client_id,
                   FcSimSource          source)
{
  FcSimCollection *collection = jb->objects[object];

  for (guint i = 0; i < _fc_sim_collection_get_length (collection); i++)
    {
      FcSimRecord *record = _fc_sim_collection_get_nth (collection, i);

      if (record->deleted_ms == 0 && _fc_sim_jobber_int (record, "clientId") == client_id)
        _fc_sim_jobber_destroy (jb, object, record, source);
    }
}

/* Deletes a record for good (it reads as null from then on). A client takes its properties,
 * jobs and quotes with it. */
void
_fc_sim_jobber_destroy (FcSimJobber         *jb,
                        FcSimJobberObjectId  object,
                        FcSimRecord         *record,
                        FcSimSource          source)
{
  if (record->deleted_ms != 0)
    return;

  _fc_sim_collection_delete (jb->objects[object], record, _fc_sim_now_ms (jb->provider->sim));
  _fc_sim_jobber_touch (jb, object, record, "DESTROY", source);
  if (object != FC_SIM_JB_CLIENTS)
    return;

  destroy_belonging (jb, FC_SIM_JB_JOBS, record->id, source);
  destroy_belonging (jb, FC_SIM_JB_QUOTES, record->id, source);
  destroy_belonging (jb, FC_SIM_JB_PROPERTIES, record->id, source);
}
