/* fc-sim-jobber-schema.c: the resolvers of the object types of Jobber's schema, the schema's
 * assembly, and records rendered for the control API
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-sim-jobber"

#include "config.h"

#include <string.h>

#include "fc-sim-jobber-private.h"

/* Helpers of the resolvers */

static FcSimJobber *
get_jb (const FcSimGqlCall *call)
{
  return call->user_data;
}

static gboolean
is (const FcSimGqlCall *call,
    const char         *name)
{
  return g_str_equal (call->field_name, name);
}

static FcSimGqlValue *
time_value (gint64 ms)
{
  g_autofree char *text = _fc_sim_format_iso_s (ms);

  return _fc_sim_gql_value_string (text);
}

static FcSimGqlValue *
optional_time (FcSimRecord *record,
               const char  *field)
{
  if (!json_object_has_member (record->fields, field))
    return _fc_sim_gql_value_null ();

  return time_value (_fc_sim_jobber_int (record, field));
}

static FcSimGqlValue *
id_value (const char *type,
          gint64      id)
{
  g_autofree char *encoded = fc_sim_jobber_encode_id (type, id);

  return _fc_sim_gql_value_string (encoded);
}

static const char *
text_or_empty (const char *text)
{
  return text != NULL ? text : "";
}

static const char *
member_text (JsonObject *object,
             const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node)
         && json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : "";
}

static FcSimGqlValue *
record_value (FcSimJobber         *jb,
              FcSimJobberObjectId  object,
              gint64               id)
{
  FcSimRecord *record = _fc_sim_collection_lookup (jb->objects[object], id);

  if (record == NULL || record->deleted_ms != 0)
    return _fc_sim_gql_value_null ();

  return _fc_sim_gql_value_object (_fc_sim_jobber_get_object (object)->type, record, NULL, NULL);
}

/* Every live record of @object whose @field is @id, in id order */
static GPtrArray *
belonging (FcSimJobber         *jb,
           FcSimJobberObjectId  object,
           const char          *field,
           gint64               id)
{
  FcSimCollection *collection = jb->objects[object];
  GPtrArray *items = g_ptr_array_new ();

  for (guint i = 0; i < _fc_sim_collection_get_length (collection); i++)
    {
      FcSimRecord *record = _fc_sim_collection_get_nth (collection, i);

      if (record->deleted_ms == 0 && _fc_sim_jobber_int (record, field) == id)
        g_ptr_array_add (items, record);
    }

  return items;
}

static char *
street_of (const char *street1,
           const char *street2)
{
  g_autofree char *joined = g_strjoin (" ", text_or_empty (street1), text_or_empty (street2),
                                       NULL);

  return g_strdup (g_strstrip (joined));
}

/* Clients and what they hold */

static FcSimGqlValue *
client_title (FcSimRecord *client)
{
  static const struct { const char *value; const char *shown; } titles[] = {
    { "MR", "Mr." }, { "MS", "Ms." }, { "MRS", "Mrs." }, { "MISS", "Miss" }, { "DR", "Dr." },
  };
  const char *title = _fc_sim_jobber_string (client, "title");

  for (guint i = 0; title != NULL && i < G_N_ELEMENTS (titles); i++)
    {
      if (g_str_equal (title, titles[i].value))
        return _fc_sim_gql_value_string (titles[i].shown);
    }

  return _fc_sim_gql_value_null ();
}

static FcSimGqlValue *
contact_list (FcSimRecord *client,
              const char  *member,
              const char  *type)
{
  JsonArray *entries = _fc_sim_json_array (client->fields, member);
  FcSimGqlValue *list = _fc_sim_gql_value_list ();

  for (guint i = 0; entries != NULL && i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = _fc_sim_json_array_object (entries, i);

      _fc_sim_gql_value_append (list, _fc_sim_gql_value_object (type, json_object_ref (entry),
                                                                client,
                                                                (GDestroyNotify)
                                                                json_object_unref));
    }
  return list;
}

static FcSimGqlValue *
secondary_name (FcSimRecord *client)
{
  const char *first = text_or_empty (_fc_sim_jobber_string (client, "firstName"));
  const char *last = text_or_empty (_fc_sim_jobber_string (client, "lastName"));
  const char *company = _fc_sim_jobber_string (client, "companyName");
  g_autofree char *joined = g_strjoin (" ", first, last, NULL);

  g_strstrip (joined);
  if (_fc_sim_jobber_bool (client, "isCompany"))
    return _fc_sim_gql_value_string (joined[0] != '\0' ? joined : NULL);

  return _fc_sim_gql_value_string (company != NULL && company[0] != '\0' ? company : NULL);
}

static FcSimGqlValue *
resolve_client (const FcSimGqlCall  *call,
                GError             **error)
{
  FcSimRecord *client = call->object;
  JsonObject *address;
  g_autofree char *text = NULL;

  if (is (call, "id"))
    return id_value ("Client", client->id);
  if (is (call, "firstName") || is (call, "lastName"))
    return _fc_sim_gql_value_string (text_or_empty (_fc_sim_jobber_string (client,
                                                                           call->field_name)));
  if (is (call, "companyName"))
    return _fc_sim_gql_value_string (_fc_sim_jobber_string (client, "companyName"));
  if (is (call, "isCompany") || is (call, "isLead") || is (call, "isArchived"))
    return _fc_sim_gql_value_boolean (_fc_sim_jobber_bool (client, call->field_name));
  if (is (call, "isArchivable"))
    return _fc_sim_gql_value_boolean (TRUE);
  if (is (call, "balance"))
    return _fc_sim_gql_value_double (0);
  if (is (call, "title"))
    return client_title (client);
  if (is (call, "secondaryName"))
    return secondary_name (client);
  if (is (call, "createdAt"))
    return time_value (client->created_ms);
  if (is (call, "updatedAt"))
    return time_value (client->updated_ms);
  if (is (call, "billingAddress"))
    {
      address = _fc_sim_json_object (client->fields, "billingAddress");
      return _fc_sim_gql_value_object ("ClientAddress",
                                       address != NULL ? json_object_ref (address) : NULL,
                                       NULL, (GDestroyNotify) json_object_unref);
    }

  text = is (call, "name") ? _fc_sim_jobber_client_name (client)
                           : _fc_sim_jobber_web_uri (FC_SIM_JB_CLIENTS, client->id);
  return _fc_sim_gql_value_string (text);
}

/* emails, phones, defaultEmails and properties: plain lists */
static FcSimGqlValue *
resolve_client_list (const FcSimGqlCall  *call,
                     GError             **error)
{
  FcSimRecord *client = call->object;
  JsonArray *emails = _fc_sim_json_array (client->fields, "emails");
  g_autoptr (GPtrArray) properties = NULL;
  FcSimGqlValue *list;

  if (is (call, "emails"))
    return contact_list (client, "emails", "Email");
  if (is (call, "phones"))
    return contact_list (client, "phones", "ClientPhoneNumber");

  list = _fc_sim_gql_value_list ();
  if (is (call, "defaultEmails"))
    {
      for (guint i = 0; emails != NULL && i < json_array_get_length (emails); i++)
        {
          JsonObject *email = _fc_sim_json_array_object (emails, i);

          _fc_sim_gql_value_append (list,
                                    _fc_sim_gql_value_string (member_text (email, "address")));
        }
      return list;
    }

  properties = belonging (get_jb (call), FC_SIM_JB_PROPERTIES, "clientId", client->id);
  for (guint i = 0; i < properties->len; i++)
    _fc_sim_gql_value_append (list, _fc_sim_gql_value_object ("Property",
                                                              g_ptr_array_index (properties, i),
                                                              NULL, NULL));
  return list;
}

/* clientProperties, jobs and quotes: connections */
static FcSimGqlValue *
resolve_client_connection (const FcSimGqlCall  *call,
                           GError             **error)
{
  FcSimJobber *jb = get_jb (call);
  FcSimRecord *client = call->object;

  if (is (call, "clientProperties"))
    return _fc_sim_jobber_connection (call, "Property",
                                      belonging (jb, FC_SIM_JB_PROPERTIES, "clientId", client->id),
                                      error);
  if (is (call, "jobs"))
    return _fc_sim_jobber_connection (call, "Job",
                                      belonging (jb, FC_SIM_JB_JOBS, "clientId", client->id),
                                      error);

  return _fc_sim_jobber_connection (call, "Quote",
                                    belonging (jb, FC_SIM_JB_QUOTES, "clientId", client->id),
                                    error);
}

/* "(415) 555-2671" for North American numbers, else the number as entered */
static char *
friendly_phone (const char *number,
                char      **e164)
{
  GString *digits = g_string_new (NULL);
  g_autofree char *all = NULL;

  for (const char *p = number; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
    }
  all = g_string_free (digits, FALSE);

  *e164 = NULL;
  if (strlen (all) == 11 && all[0] == '1')
    {
      /* a copy, not a memmove in place: GCC's -Warray-bounds misreads that under ASan */
      char *national = g_strdup (all + 1);

      g_free (all);
      all = national;
    }
  if (strlen (all) == 10)
    {
      *e164 = g_strdup_printf ("+1%s", all);
      return g_strdup_printf ("(%.3s) %.3s-%.4s", all, all + 3, all + 6);
    }
  if (number[0] == '+' && strlen (all) >= 8)
    *e164 = g_strdup_printf ("+%s", all);

  return g_strdup (number);
}

static FcSimGqlValue *
resolve_contact (const FcSimGqlCall  *call,
                 GError             **error)
{
  JsonObject *entry = call->object;
  FcSimRecord *client = call->extra;
  gint64 id = json_object_get_int_member_with_default (entry, "id", 0);
  g_autofree char *e164 = NULL;
  g_autofree char *friendly = NULL;

  if (is (call, "id"))
    return id_value (call->type_name, id);
  if (is (call, "client"))
    return _fc_sim_gql_value_object ("Client", client, NULL, NULL);
  if (is (call, "friendly") || is (call, "normalizedPhoneNumber"))
    {
      friendly = friendly_phone (member_text (entry, "number"), &e164);
      return _fc_sim_gql_value_string (is (call, "friendly") ? friendly : e164);
    }

  return _fc_sim_gql_resolve_member (call, error);
}

static FcSimGqlValue *
resolve_client_address (const FcSimGqlCall  *call,
                        GError             **error)
{
  JsonObject *address = call->object;
  g_autofree char *street = NULL;

  if (is (call, "street"))
    {
      street = street_of (member_text (address, "street1"), member_text (address, "street2"));
      return _fc_sim_gql_value_string (street);
    }

  return _fc_sim_gql_value_string (member_text (address, call->field_name));
}

/* Properties */

static FcSimGqlValue *
resolve_property (const FcSimGqlCall  *call,
                  GError             **error)
{
  FcSimJobber *jb = get_jb (call);
  FcSimRecord *property = call->object;
  g_autofree char *text = NULL;

  if (is (call, "id"))
    return id_value ("Property", property->id);
  if (is (call, "address"))
    return _fc_sim_gql_value_object ("PropertyAddress", property, NULL, NULL);
  if (is (call, "client"))
    return record_value (jb, FC_SIM_JB_CLIENTS, _fc_sim_jobber_int (property, "clientId"));
  if (is (call, "isBillingAddress"))
    return _fc_sim_gql_value_boolean (_fc_sim_jobber_bool (property, "isBillingAddress"));
  if (is (call, "jobs"))
    return _fc_sim_jobber_connection (call, "Job",
                                      belonging (jb, FC_SIM_JB_JOBS, "propertyId", property->id),
                                      error);
  if (is (call, "quotes"))
    return _fc_sim_jobber_connection (call, "Quote",
                                      belonging (jb, FC_SIM_JB_QUOTES, "propertyId",
                                                 property->id),
                                      error);

  if (is (call, "jobberWebUri"))
    text = _fc_sim_jobber_web_uri (FC_SIM_JB_PROPERTIES, property->id);
  else if (is (call, "street"))
    text = street_of (_fc_sim_jobber_string (property, "street1"),
                      _fc_sim_jobber_string (property, "street2"));
  else
    text = g_strdup (text_or_empty (_fc_sim_jobber_string (property, call->field_name)));

  return _fc_sim_gql_value_string (text);
}

static FcSimGqlValue *
resolve_property_address (const FcSimGqlCall  *call,
                          GError             **error)
{
  FcSimRecord *property = call->object;
  g_autofree char *street = NULL;

  if (is (call, "id"))
    return id_value ("PropertyAddress", _fc_sim_jobber_int (property, "addressId"));
  if (is (call, "street"))
    {
      street = street_of (_fc_sim_jobber_string (property, "street1"),
                          _fc_sim_jobber_string (property, "street2"));
      return _fc_sim_gql_value_string (street);
    }

  return _fc_sim_gql_value_string (text_or_empty (_fc_sim_jobber_string (property,
                                                                         call->field_name)));
}

/* Jobs and quotes */

static FcSimGqlValue *
line_items (const FcSimGqlCall  *call,
            FcSimRecord         *record,
            const char          *type,
            GError             **error)
{
  JsonArray *entries = _fc_sim_json_array (record->fields, "lineItems");
  GPtrArray *items = g_ptr_array_new ();

  for (guint i = 0; entries != NULL && i < json_array_get_length (entries); i++)
    g_ptr_array_add (items, _fc_sim_json_array_object (entries, i));

  return _fc_sim_jobber_connection (call, type, items, error);
}

static FcSimGqlValue *
resolve_job (const FcSimGqlCall  *call,
             GError             **error)
{
  FcSimJobber *jb = get_jb (call);
  FcSimRecord *job = call->object;
  g_autofree char *text = NULL;

  if (is (call, "id"))
    return id_value ("Job", job->id);
  if (is (call, "jobNumber"))
    return _fc_sim_gql_value_int (_fc_sim_jobber_int (job, "jobNumber"));
  if (is (call, "title") || is (call, "instructions") || is (call, "jobType")
      || is (call, "billingType"))
    return _fc_sim_gql_value_string (_fc_sim_jobber_string (job, call->field_name));
  if (is (call, "jobStatus"))
    return _fc_sim_gql_value_string (_fc_sim_jobber_job_status (jb, job));
  if (is (call, "total"))
    return _fc_sim_gql_value_double (_fc_sim_jobber_line_total (job));
  if (is (call, "startAt") || is (call, "endAt") || is (call, "completedAt"))
    return optional_time (job, call->field_name);
  if (is (call, "createdAt"))
    return time_value (job->created_ms);
  if (is (call, "updatedAt"))
    return time_value (job->updated_ms);
  if (is (call, "client"))
    return record_value (jb, FC_SIM_JB_CLIENTS, _fc_sim_jobber_int (job, "clientId"));
  if (is (call, "property"))
    return record_value (jb, FC_SIM_JB_PROPERTIES, _fc_sim_jobber_int (job, "propertyId"));
  if (is (call, "quote"))
    return record_value (jb, FC_SIM_JB_QUOTES, _fc_sim_jobber_int (job, "quoteId"));
  if (is (call, "lineItems"))
    return line_items (call, job, "JobLineItem", error);

  text = _fc_sim_jobber_web_uri (FC_SIM_JB_JOBS, job->id);
  return _fc_sim_gql_value_string (text);
}

static FcSimGqlValue *
resolve_quote (const FcSimGqlCall  *call,
               GError             **error)
{
  FcSimJobber *jb = get_jb (call);
  FcSimRecord *quote = call->object;
  g_autofree char *text = NULL;

  if (is (call, "id"))
    return id_value ("Quote", quote->id);
  if (is (call, "quoteNumber") || is (call, "title") || is (call, "message")
      || is (call, "quoteStatus"))
    return _fc_sim_gql_value_string (_fc_sim_jobber_string (quote, call->field_name));
  if (is (call, "amounts"))
    return _fc_sim_gql_value_object ("QuoteAmounts", quote, NULL, NULL);
  if (is (call, "sentAt") || is (call, "transitionedAt"))
    return optional_time (quote, call->field_name);
  if (is (call, "createdAt"))
    return time_value (quote->created_ms);
  if (is (call, "updatedAt"))
    return time_value (quote->updated_ms);
  if (is (call, "client"))
    return record_value (jb, FC_SIM_JB_CLIENTS, _fc_sim_jobber_int (quote, "clientId"));
  if (is (call, "property"))
    return record_value (jb, FC_SIM_JB_PROPERTIES, _fc_sim_jobber_int (quote, "propertyId"));
  if (is (call, "lineItems"))
    return line_items (call, quote, "QuoteLineItem", error);
  if (is (call, "jobs"))
    return _fc_sim_jobber_connection (call, "Job",
                                      belonging (jb, FC_SIM_JB_JOBS, "quoteId", quote->id),
                                      error);

  text = _fc_sim_jobber_web_uri (FC_SIM_JB_QUOTES, quote->id);
  return _fc_sim_gql_value_string (text);
}

static FcSimGqlValue *
resolve_quote_amounts (const FcSimGqlCall  *call,
                       GError             **error)
{
  double subtotal, discount, total, deposit;

  _fc_sim_jobber_quote_amounts (call->object, &subtotal, &discount, &total, &deposit);
  if (is (call, "subtotal"))
    return _fc_sim_gql_value_double (subtotal);
  if (is (call, "discountAmount"))
    return _fc_sim_gql_value_double (discount);
  if (is (call, "total") || is (call, "nonTaxAmount"))
    return _fc_sim_gql_value_double (total);
  if (is (call, "depositAmount") || is (call, "outstandingDepositAmount"))
    return _fc_sim_gql_value_double (deposit);

  return _fc_sim_gql_value_double (0);
}

static double
item_number (JsonObject *item,
             const char *name)
{
  JsonNode *node = json_object_get_member (item, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_double (node) : 0;
}

static FcSimGqlValue *
resolve_line_item (const FcSimGqlCall  *call,
                   GError             **error)
{
  JsonObject *item = call->object;

  if (is (call, "id"))
    return id_value (call->type_name, json_object_get_int_member_with_default (item, "id", 0));
  if (is (call, "qty") || is (call, "quantity"))
    return _fc_sim_gql_value_double (item_number (item, "quantity"));
  if (is (call, "unitPrice") || is (call, "unitCost"))
    return _fc_sim_gql_value_double (item_number (item, call->field_name));
  if (is (call, "totalPrice"))
    return _fc_sim_gql_value_double (item_number (item, "unitPrice")
                                     * item_number (item, "quantity"));
  if (is (call, "cost"))
    return _fc_sim_gql_value_double (item_number (item, "unitCost")
                                     * item_number (item, "quantity"));
  if (is (call, "textOnly"))
    return _fc_sim_gql_value_boolean (FALSE);
  if (is (call, "createdAt") || is (call, "updatedAt"))
    return time_value (json_object_get_int_member_with_default (item, is (call, "createdAt")
                                                                      ? "createdMs"
                                                                      : "updatedMs", 0));

  return _fc_sim_gql_resolve_member (call, error);
}

/* The account and the app */

static FcSimGqlValue *
resolve_account (const FcSimGqlCall  *call,
                 GError             **error)
{
  FcSimJobber *jb = get_jb (call);

  if (is (call, "id"))
    return id_value ("Account", jb->account_id);
  if (is (call, "createdAt"))
    return time_value (jb->account_created_ms);

  return _fc_sim_gql_value_string (jb->account_name);
}

static FcSimGqlValue *
resolve_application (const FcSimGqlCall  *call,
                     GError             **error)
{
  if (is (call, "id"))
    return id_value ("Application", 1);
  if (is (call, "applicationScopes"))
    return _fc_sim_gql_value_string ("read_clients write_clients read_jobs write_jobs "
                                     "read_quotes write_quotes read_users");
  if (is (call, "author"))
    return _fc_sim_gql_value_string ("FluxCascade");

  return _fc_sim_gql_value_string ("FluxCascade (simulated app)");
}

FcSimGqlSchema *
_fc_sim_jobber_schema_new (void)
{
  static const char * const client_lists[] = { "emails", "phones", "defaultEmails",
                                                "properties" };
  static const char * const client_connections[] = { "clientProperties", "jobs", "quotes" };
  g_autoptr (GError) error = NULL;
  FcSimGqlSchema *schema = _fc_sim_gql_schema_new (_fc_sim_jobber_get_sdl (), &error);

  if (schema == NULL)
    g_error ("The Jobber schema does not parse: %s", error->message);

  _fc_sim_gql_schema_bind (schema, "Client", NULL, resolve_client, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (client_lists); i++)
    _fc_sim_gql_schema_bind (schema, "Client", client_lists[i], resolve_client_list, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (client_connections); i++)
    _fc_sim_gql_schema_bind (schema, "Client", client_connections[i], resolve_client_connection,
                             NULL);
  _fc_sim_gql_schema_bind (schema, "Email", NULL, resolve_contact, NULL);
  _fc_sim_gql_schema_bind (schema, "ClientPhoneNumber", NULL, resolve_contact, NULL);
  _fc_sim_gql_schema_bind (schema, "ClientAddress", NULL, resolve_client_address, NULL);
  _fc_sim_gql_schema_bind (schema, "Property", NULL, resolve_property, NULL);
  _fc_sim_gql_schema_bind (schema, "PropertyAddress", NULL, resolve_property_address, NULL);
  _fc_sim_gql_schema_bind (schema, "Job", NULL, resolve_job, NULL);
  _fc_sim_gql_schema_bind (schema, "Quote", NULL, resolve_quote, NULL);
  _fc_sim_gql_schema_bind (schema, "QuoteAmounts", NULL, resolve_quote_amounts, NULL);
  _fc_sim_gql_schema_bind (schema, "JobLineItem", NULL, resolve_line_item, NULL);
  _fc_sim_gql_schema_bind (schema, "QuoteLineItem", NULL, resolve_line_item, NULL);
  _fc_sim_gql_schema_bind (schema, "Account", NULL, resolve_account, NULL);
  _fc_sim_gql_schema_bind (schema, "Application", NULL, resolve_application, NULL);
  _fc_sim_gql_schema_bind (schema, "MutationErrors", NULL, _fc_sim_gql_resolve_member, NULL);
  _fc_sim_jobber_bind_connections (schema);
  _fc_sim_jobber_bind_queries (schema);
  _fc_sim_jobber_bind_mutations (schema);

  if (!_fc_sim_gql_schema_check (schema, &error))
    g_error ("The Jobber schema is incomplete: %s", error->message);

  return schema;
}

/* The control API shows records as a query selecting every served field would */
static const char * const selections[FC_SIM_JB_N_OBJECTS] = {
  "{ id title firstName lastName companyName isCompany name secondaryName isLead isArchived "
  "emails { id address description primary } phones { id number friendly "
  "normalizedPhoneNumber description primary smsAllowed } billingAddress { street1 street2 "
  "city province postalCode country } createdAt updatedAt jobberWebUri }",
  "{ id client { id } address { id street1 street2 city province postalCode country } "
  "isBillingAddress jobberWebUri }",
  "{ id jobNumber title instructions jobStatus jobType billingType total startAt endAt "
  "completedAt client { id } property { id } quote { id } lineItems { nodes { id name "
  "description quantity unitPrice totalPrice } } createdAt updatedAt jobberWebUri }",
  "{ id quoteNumber title message quoteStatus client { id } property { id } amounts { "
  "subtotal discountAmount total depositAmount } lineItems { nodes { id name description "
  "quantity unitPrice totalPrice optional } } sentAt transitionedAt createdAt updatedAt "
  "jobberWebUri }",
};

JsonNode *
_fc_sim_jobber_render (FcSimJobber         *jb,
                       FcSimJobberObjectId  object,
                       FcSimRecord         *record)
{
  return _fc_sim_gql_render (jb->schema, _fc_sim_jobber_get_object (object)->type, record, NULL,
                             selections[object], jb);
}
