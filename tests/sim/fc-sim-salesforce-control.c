/* fc-sim-salesforce-control.c: the control API's view of the org: records in Salesforce's
 * write shape (with history for seeding), generated records and custom fields
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-sim-salesforce"

#include "config.h"

#include "fc-sim-salesforce-private.h"

static const char * const history_members[] = {
  "CreatedDate", "LastModifiedDate", "SystemModstamp", "IsDeleted", NULL
};

/* Record bodies are Salesforce field maps; to seed history they may also carry CreatedDate,
 * LastModifiedDate (or SystemModstamp) and IsDeleted. */

static FcSimSfObject *
control_object (FcSimSalesforce  *sf,
                const char       *name,
                GError          **error)
{
  FcSimSfObject *object = _fc_sim_sf_find_object (sf, name);

  if (object == NULL)
    g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_NOT_FOUND,
                 "Salesforce has no object “%s” here; use Contact, Account, Opportunity or Lead",
                 name != NULL ? name : "");
  return object;
}

static void
propagate_sf_error (GError       **error,
                    FcSimSfError  *sf_error)
{
  g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID, "%s: %s", sf_error->code,
               sf_error->message);
}

static FcSimRecord *
control_lookup (FcSimSfObject  *object,
                const char     *id,
                gboolean        deleted,
                GError        **error)
{
  FcSimRecord *record = _fc_sim_sf_lookup (object, id);

  if (record == NULL || (record->deleted_ms != 0 && !deleted))
    {
      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_NOT_FOUND, "No %s with id “%s”%s",
                   object->name, id != NULL ? id : "",
                   record != NULL ? " (it is in the recycle bin)" : "");
      return NULL;
    }

  return record;
}

static gboolean
read_history_time (JsonObject  *body,
                   const char  *name,
                   gint64      *ms,
                   GError     **error)
{
  const char *text = json_object_get_string_member_with_default (body, name, NULL);

  if (text == NULL)
    return TRUE;
  if (!_fc_sim_parse_iso (text, ms))
    {
      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                   "%s “%s” is not an ISO 8601 date-time", name, text);
      return FALSE;
    }

  *ms -= *ms % 1000;
  return TRUE;
}

char *
_fc_sim_sf_control_create (FcSimProvider  *provider,
                           const char     *name,
                           JsonObject     *body,
                           FcSimSource     source,
                           GError        **error)
{
  FcSimSalesforce *sf = provider->state;
  FcSimSfObject *object = control_object (sf, name, error);
  g_autoptr (JsonObject) fields = NULL;
  g_autoptr (JsonObject) changes = NULL;
  g_autoptr (FcSimSfError) sf_error = NULL;
  gint64 created = -1, modified = -1;
  FcSimRecord *record;

  if (object == NULL
      || !read_history_time (body, "CreatedDate", &created, error)
      || !read_history_time (body, "SystemModstamp", &modified, error)
      || !read_history_time (body, "LastModifiedDate", &modified, error))
    return NULL;

  fields = json_object_new ();
  {
    JsonObjectIter iter;
    const char *member;
    JsonNode *value;

    json_object_iter_init (&iter, body);
    while (json_object_iter_next (&iter, &member, &value))
      {
        if (!g_strv_contains (history_members, member))
          json_object_set_member (fields, member, json_node_copy (value));
      }
  }

  changes = _fc_sim_sf_prepare (sf, object, NULL, fields, NULL, &sf_error);
  if (changes == NULL)
    {
      propagate_sf_error (error, sf_error);
      return NULL;
    }

  record = _fc_sim_sf_apply (sf, object, NULL, changes);
  if (modified >= 0)
    record->updated_ms = modified;
  if (created >= 0)
    record->created_ms = created;
  record->created_ms = MIN (record->created_ms, record->updated_ms);
  if (json_object_get_boolean_member_with_default (body, "IsDeleted", FALSE))
    _fc_sim_collection_delete (object->records, record, record->updated_ms);

  return _fc_sim_sf_record_id (object, record);
}

gboolean
_fc_sim_sf_control_update (FcSimProvider  *provider,
                           const char     *name,
                           const char     *id,
                           JsonObject     *body,
                           FcSimSource     source,
                           GError        **error)
{
  FcSimSalesforce *sf = provider->state;
  FcSimSfObject *object = control_object (sf, name, error);
  g_autoptr (JsonObject) changes = NULL;
  g_autoptr (FcSimSfError) sf_error = NULL;
  FcSimRecord *record;

  if (object == NULL)
    return FALSE;
  record = control_lookup (object, id, FALSE, error);
  if (record == NULL)
    return FALSE;

  changes = _fc_sim_sf_prepare (sf, object, record, body, NULL, &sf_error);
  if (changes == NULL)
    {
      propagate_sf_error (error, sf_error);
      return FALSE;
    }

  _fc_sim_sf_apply (sf, object, record, changes);
  return TRUE;
}

gboolean
_fc_sim_sf_control_delete (FcSimProvider  *provider,
                           const char     *name,
                           const char     *id,
                           FcSimSource     source,
                           GError        **error)
{
  FcSimSalesforce *sf = provider->state;
  FcSimSfObject *object = control_object (sf, name, error);
  FcSimRecord *record;

  if (object == NULL)
    return FALSE;
  record = control_lookup (object, id, FALSE, error);
  if (record == NULL)
    return FALSE;

  _fc_sim_sf_delete (sf, object, record);
  return TRUE;
}

JsonNode *
_fc_sim_sf_control_get (FcSimProvider  *provider,
                        const char     *name,
                        const char     *id,
                        GError        **error)
{
  FcSimSalesforce *sf = provider->state;
  FcSimSfObject *object = control_object (sf, name, error);
  FcSimRecord *record;

  if (object == NULL)
    return NULL;
  record = control_lookup (object, id, TRUE, error);

  if (record == NULL)
    return NULL;

  return _fc_sim_sf_record_to_json (sf, object, record, NULL, FC_SIM_SF_MAX_VERSION_TEXT);
}

JsonNode *
_fc_sim_sf_control_list (FcSimProvider *provider,
                         const char    *name,
                         gboolean       include_deleted)
{
  FcSimSalesforce *sf = provider->state;
  FcSimSfObject *object = _fc_sim_sf_find_object (sf, name);
  JsonArray *array;
  JsonNode *node;

  if (object == NULL)
    return NULL;

  array = json_array_new ();
  for (guint i = 0; i < _fc_sim_collection_get_length (object->records); i++)
    {
      FcSimRecord *record = _fc_sim_collection_get_nth (object->records, i);

      if (record->deleted_ms == 0 || include_deleted)
        json_array_add_element (array, _fc_sim_sf_record_to_json (sf, object, record, NULL,
                                                                  FC_SIM_SF_MAX_VERSION_TEXT));
    }
  node = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (node, array);

  return node;
}

static const char * const given_names[] = {
  "Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken",
};
static const char * const family_names[] = {
  "Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson",
};
static const char * const cities[] = {
  "Boston", "Denver", "Austin", "Portland", "Chicago", "Toronto", "London", "Berlin",
};
static const char * const open_stages[] = {
  "Prospecting", "Qualification", "Needs Analysis", "Value Proposition", "Negotiation/Review",
};

JsonObject *
_fc_sim_sf_control_generate (FcSimProvider *provider,
                             const char    *name,
                             guint          index)
{
  FcSimSalesforce *sf = provider->state;
  FcSim *sim = provider->sim;
  FcSimSfObject *object = _fc_sim_sf_find_object (sf, name);
  const char *given = given_names[_fc_sim_random_int (sim, 0, G_N_ELEMENTS (given_names))];
  const char *family = family_names[_fc_sim_random_int (sim, 0, G_N_ELEMENTS (family_names))];
  const char *city = cities[_fc_sim_random_int (sim, 0, G_N_ELEMENTS (cities))];
  g_autofree char *lower = g_ascii_strdown (given, -1);
  g_autofree char *text = NULL;
  g_autofree char *phone = g_strdup_printf ("(415) 555-%04d", _fc_sim_random_int (sim, 0, 10000));
  JsonObject *body;

  if (object == NULL)
    return NULL;

  body = json_object_new ();
  switch (object->id)
    {
    case FC_SIM_SF_CONTACT:
    case FC_SIM_SF_LEAD:
      json_object_set_string_member (body, "FirstName", given);
      json_object_set_string_member (body, "LastName", family);
      text = g_strdup_printf ("%s.%" G_GINT64_FORMAT "@example.org", lower, object->next_seq);
      json_object_set_string_member (body, "Email", text);
      json_object_set_string_member (body, "Phone", phone);
      if (object->id == FC_SIM_SF_CONTACT)
        {
          json_object_set_string_member (body, "MailingCity", city);
        }
      else
        {
          g_free (text);
          text = g_strdup_printf ("%s Labs %u", family, index);
          json_object_set_string_member (body, "Company", text);
          json_object_set_string_member (body, "City", city);
        }
      break;
    case FC_SIM_SF_ACCOUNT:
      text = g_strdup_printf ("%s Holdings %u", family, index);
      json_object_set_string_member (body, "Name", text);
      json_object_set_string_member (body, "Phone", phone);
      json_object_set_string_member (body, "BillingCity", city);
      break;
    case FC_SIM_SF_OPPORTUNITY:
    case FC_SIM_SF_N_OBJECTS:
    default:
      text = g_strdup_printf ("%s deal %u", family, index);
      json_object_set_string_member (body, "Name", text);
      json_object_set_string_member (body, "StageName",
                                     open_stages[_fc_sim_random_int (sim, 0,
                                                                     G_N_ELEMENTS (open_stages))]);
      g_free (text);
      text = g_strdup_printf ("2026-%02d-%02d", _fc_sim_random_int (sim, 1, 13),
                              _fc_sim_random_int (sim, 1, 29));
      json_object_set_string_member (body, "CloseDate", text);
      json_object_set_double_member (body, "Amount", _fc_sim_random_int (sim, 1, 500) * 100.0);
      break;
    }

  return body;
}

JsonNode *
_fc_sim_sf_control_add_field (FcSimProvider  *provider,
                              const char     *name,
                              JsonObject     *body,
                              GError        **error)
{
  FcSimSalesforce *sf = provider->state;
  FcSimSfObject *object = control_object (sf, name, error);

  if (object == NULL)
    return NULL;

  return _fc_sim_sf_add_custom_field (sf, object, body, error);
}
