/* fc-sim-salesforce-schema.c: the org's objects and fields (Contact, Account, Opportunity,
 * Lead) and the custom fields added to them
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-sim-salesforce"

#include "config.h"

#include <string.h>

#include "fc-sim-salesforce-private.h"

#define EDIT     (FC_SIM_SF_NILLABLE | FC_SIM_SF_CREATEABLE | FC_SIM_SF_UPDATEABLE)
#define REQUIRED (FC_SIM_SF_CREATEABLE | FC_SIM_SF_UPDATEABLE)
#define READONLY (FC_SIM_SF_NILLABLE)
#define SYSTEM   (FC_SIM_SF_SYSTEM | FC_SIM_SF_DEFAULTED)
#define CALC     (FC_SIM_SF_CALCULATED)

/* A standard field. @extra: the target object of a reference, the values of a picklist ("|"
 * between them, "*" before the default) or the prefix of an address. */
typedef struct
{
  const char  *name;
  const char  *label;
  FcSimSfType  type;
  guint        length;
  guint        precision;
  guint        scale;
  guint        flags;
  const char  *extra;
} Template;

#define F(name, label, type, length, flags, extra) \
  { name, label, FC_SIM_SF_TYPE_ ## type, length, 0, 0, flags, extra }
#define N(name, label, type, precision, scale, flags) \
  { name, label, FC_SIM_SF_TYPE_ ## type, 0, precision, scale, flags, NULL }
#define ADDRESS(prefix, label) { prefix, label, FC_SIM_SF_TYPE_ADDRESS, 0, 0, 0, 0, prefix }

#define SALUTATIONS "Mr.|Ms.|Mrs.|Dr.|Prof.|Mx."
#define LEAD_SOURCES "Web|Phone Inquiry|Partner Referral|Purchased List|Other"
#define INDUSTRIES "Agriculture|Apparel|Banking|Biotechnology|Chemicals|Communications|" \
  "Construction|Consulting|Education|Electronics|Energy|Engineering|Entertainment|" \
  "Environmental|Finance|Food & Beverage|Government|Healthcare|Hospitality|Insurance|" \
  "Machinery|Manufacturing|Media|Not For Profit|Recreation|Retail|Shipping|Technology|" \
  "Telecommunications|Transportation|Utilities|Other"

static const Template head[] = {
  F ("Id", "Contact ID", ID, 18, FC_SIM_SF_SYSTEM | FC_SIM_SF_ID_LOOKUP, NULL),
  F ("IsDeleted", "Deleted", BOOLEAN, 0, SYSTEM, NULL),
};

static const Template tail[] = {
  F ("OwnerId", "Owner ID", REFERENCE, 18, REQUIRED | FC_SIM_SF_DEFAULTED, "User"),
  F ("CreatedDate", "Created Date", DATETIME, 0, SYSTEM, NULL),
  F ("CreatedById", "Created By ID", REFERENCE, 18, SYSTEM, "User"),
  F ("LastModifiedDate", "Last Modified Date", DATETIME, 0, SYSTEM, NULL),
  F ("LastModifiedById", "Last Modified By ID", REFERENCE, 18, SYSTEM, "User"),
  F ("SystemModstamp", "System Modstamp", DATETIME, 0, SYSTEM, NULL),
};

static const Template contact_fields[] = {
  F ("AccountId", "Account ID", REFERENCE, 18, EDIT, "Account"),
  F ("LastName", "Last Name", STRING, 80, REQUIRED, NULL),
  F ("FirstName", "First Name", STRING, 40, EDIT, NULL),
  F ("Salutation", "Salutation", PICKLIST, 40, EDIT, SALUTATIONS),
  F ("Name", "Full Name", STRING, 121, CALC | FC_SIM_SF_NAME_FIELD, NULL),
  ADDRESS ("Other", "Other Address"),
  ADDRESS ("Mailing", "Mailing Address"),
  F ("Phone", "Business Phone", PHONE, 40, EDIT, NULL),
  F ("Fax", "Business Fax", PHONE, 40, EDIT, NULL),
  F ("MobilePhone", "Mobile Phone", PHONE, 40, EDIT, NULL),
  F ("HomePhone", "Home Phone", PHONE, 40, EDIT, NULL),
  F ("OtherPhone", "Other Phone", PHONE, 40, EDIT, NULL),
  F ("Email", "Email", EMAIL, 80, EDIT | FC_SIM_SF_ID_LOOKUP, NULL),
  F ("Title", "Title", STRING, 128, EDIT, NULL),
  F ("Department", "Department", STRING, 80, EDIT, NULL),
  F ("LeadSource", "Lead Source", PICKLIST, 255, EDIT, LEAD_SOURCES),
  F ("Birthdate", "Birthdate", DATE, 0, EDIT, NULL),
  F ("Description", "Contact Description", TEXTAREA, 32000, EDIT, NULL),
  F ("HasOptedOutOfEmail", "Email Opt Out", BOOLEAN, 0, REQUIRED | FC_SIM_SF_DEFAULTED, NULL),
};

static const Template account_fields[] = {
  F ("Name", "Account Name", STRING, 255, REQUIRED | FC_SIM_SF_NAME_FIELD, NULL),
  F ("Type", "Account Type", PICKLIST, 255, EDIT,
     "Prospect|Customer - Direct|Customer - Channel|Channel Partner / Reseller|"
     "Installation Partner|Technology Partner|Other"),
  F ("ParentId", "Parent Account ID", REFERENCE, 18, EDIT, "Account"),
  ADDRESS ("Billing", "Billing Address"),
  ADDRESS ("Shipping", "Shipping Address"),
  F ("Phone", "Account Phone", PHONE, 40, EDIT, NULL),
  F ("Fax", "Account Fax", PHONE, 40, EDIT, NULL),
  F ("AccountNumber", "Account Number", STRING, 40, EDIT, NULL),
  F ("Website", "Website", URL, 255, EDIT, NULL),
  F ("Industry", "Industry", PICKLIST, 255, EDIT, INDUSTRIES),
  N ("AnnualRevenue", "Annual Revenue", CURRENCY, 18, 0, EDIT),
  N ("NumberOfEmployees", "Employees", INT, 8, 0, EDIT),
  F ("Description", "Account Description", TEXTAREA, 32000, EDIT, NULL),
};

static const Template opportunity_fields[] = {
  F ("AccountId", "Account ID", REFERENCE, 18, EDIT, "Account"),
  F ("Name", "Name", STRING, 120, REQUIRED | FC_SIM_SF_NAME_FIELD, NULL),
  F ("Description", "Description", TEXTAREA, 32000, EDIT, NULL),
  F ("StageName", "Stage", PICKLIST, 255, REQUIRED | FC_SIM_SF_RESTRICTED,
     "Prospecting|Qualification|Needs Analysis|Value Proposition|Id. Decision Makers|"
     "Perception Analysis|Proposal/Price Quote|Negotiation/Review|Closed Won|Closed Lost"),
  N ("Amount", "Amount", CURRENCY, 18, 2, EDIT),
  N ("Probability", "Probability (%)", PERCENT, 3, 0, EDIT | FC_SIM_SF_DEFAULTED),
  F ("CloseDate", "Close Date", DATE, 0, REQUIRED, NULL),
  F ("Type", "Opportunity Type", PICKLIST, 255, EDIT,
     "Existing Customer - Upgrade|Existing Customer - Replacement|"
     "Existing Customer - Downgrade|New Customer"),
  F ("NextStep", "Next Step", STRING, 255, EDIT, NULL),
  F ("LeadSource", "Lead Source", PICKLIST, 255, EDIT, LEAD_SOURCES),
  F ("IsClosed", "Closed", BOOLEAN, 0, CALC | FC_SIM_SF_DEFAULTED, NULL),
  F ("IsWon", "Won", BOOLEAN, 0, CALC | FC_SIM_SF_DEFAULTED, NULL),
};

static const Template lead_fields[] = {
  F ("LastName", "Last Name", STRING, 80, REQUIRED, NULL),
  F ("FirstName", "First Name", STRING, 40, EDIT, NULL),
  F ("Salutation", "Salutation", PICKLIST, 40, EDIT, SALUTATIONS),
  F ("Name", "Full Name", STRING, 121, CALC | FC_SIM_SF_NAME_FIELD, NULL),
  F ("Title", "Title", STRING, 128, EDIT, NULL),
  F ("Company", "Company", STRING, 255, REQUIRED, NULL),
  ADDRESS ("", "Address"),
  F ("Phone", "Phone", PHONE, 40, EDIT, NULL),
  F ("MobilePhone", "Mobile Phone", PHONE, 40, EDIT, NULL),
  F ("Fax", "Fax", PHONE, 40, EDIT, NULL),
  F ("Email", "Email", EMAIL, 80, EDIT | FC_SIM_SF_ID_LOOKUP, NULL),
  F ("Website", "Website", URL, 255, EDIT, NULL),
  F ("Description", "Description", TEXTAREA, 32000, EDIT, NULL),
  F ("LeadSource", "Lead Source", PICKLIST, 255, EDIT, LEAD_SOURCES),
  F ("Status", "Status", PICKLIST, 255, REQUIRED | FC_SIM_SF_DEFAULTED | FC_SIM_SF_RESTRICTED,
     "*Open - Not Contacted|Working - Contacted|Closed - Converted|Closed - Not Converted"),
  F ("Industry", "Industry", PICKLIST, 255, EDIT, INDUSTRIES),
  F ("Rating", "Rating", PICKLIST, 255, EDIT, "Hot|Warm|Cold"),
  N ("AnnualRevenue", "Annual Revenue", CURRENCY, 18, 0, EDIT),
  N ("NumberOfEmployees", "Employees", INT, 8, 0, EDIT),
  F ("IsConverted", "Converted", BOOLEAN, 0, FC_SIM_SF_DEFAULTED, NULL),
};

static const struct
{
  FcSimSfObjectId  id;
  const char      *name;
  const char      *label_plural;
  const char      *key_prefix;
  const Template  *fields;
  guint            n_fields;
} definitions[FC_SIM_SF_N_OBJECTS] = {
  { FC_SIM_SF_CONTACT, "Contact", "Contacts", "003", contact_fields,
    G_N_ELEMENTS (contact_fields) },
  { FC_SIM_SF_ACCOUNT, "Account", "Accounts", "001", account_fields,
    G_N_ELEMENTS (account_fields) },
  { FC_SIM_SF_OPPORTUNITY, "Opportunity", "Opportunities", "006", opportunity_fields,
    G_N_ELEMENTS (opportunity_fields) },
  { FC_SIM_SF_LEAD, "Lead", "Leads", "00Q", lead_fields, G_N_ELEMENTS (lead_fields) },
};

static const struct
{
  const char *stage;
  double      probability;
  gboolean    closed;
  gboolean    won;
} stages[] = {
  { "Prospecting", 10, FALSE, FALSE },
  { "Qualification", 10, FALSE, FALSE },
  { "Needs Analysis", 20, FALSE, FALSE },
  { "Value Proposition", 50, FALSE, FALSE },
  { "Id. Decision Makers", 60, FALSE, FALSE },
  { "Perception Analysis", 70, FALSE, FALSE },
  { "Proposal/Price Quote", 75, FALSE, FALSE },
  { "Negotiation/Review", 90, FALSE, FALSE },
  { "Closed Won", 100, TRUE, TRUE },
  { "Closed Lost", 0, TRUE, FALSE },
};

/* The default probability of an opportunity stage, and whether it is closed and won */
double
_fc_sim_sf_stage_probability (const char *stage,
                              gboolean   *closed,
                              gboolean   *won)
{
  for (guint i = 0; stage != NULL && i < G_N_ELEMENTS (stages); i++)
    {
      if (g_str_equal (stage, stages[i].stage))
        {
          if (closed != NULL)
            *closed = stages[i].closed;
          if (won != NULL)
            *won = stages[i].won;
          return stages[i].probability;
        }
    }

  if (closed != NULL)
    *closed = FALSE;
  if (won != NULL)
    *won = FALSE;
  return 0;
}

/* Fields */

static void
field_free (gpointer data)
{
  FcSimSfField *field = data;

  g_free (field->name);
  g_free (field->label);
  g_free (field->reference_to);
  g_free (field->relationship);
  g_strfreev (field->picklist);
  g_free (field->default_value);
  g_free (field->compound);
  g_free (field->address_prefix);
  g_free (field);
}

static void
add_field (FcSimSfObject *object,
           FcSimSfField  *field)
{
  g_ptr_array_add (object->fields, field);
  g_hash_table_insert (object->by_name, g_utf8_casefold (field->name, -1), field);
}

static void
set_picklist (FcSimSfField *field,
              const char   *values)
{
  g_auto (GStrv) parts = g_strsplit (values, "|", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (parts[i][0] == '*')
        {
          memmove (parts[i], parts[i] + 1, strlen (parts[i]));
          g_free (field->default_value);
          field->default_value = g_strdup (parts[i]);
        }
    }
  field->picklist = g_steal_pointer (&parts);
}

static void
add_address (FcSimSfObject *object,
             const char    *prefix,
             const char    *label)
{
  static const struct { const char *part; const char *label; FcSimSfType type; guint length; }
  parts[] = {
    { "Street", "Street", FC_SIM_SF_TYPE_TEXTAREA, 255 },
    { "City", "City", FC_SIM_SF_TYPE_STRING, 40 },
    { "State", "State/Province", FC_SIM_SF_TYPE_STRING, 80 },
    { "PostalCode", "Zip/Postal Code", FC_SIM_SF_TYPE_STRING, 20 },
    { "Country", "Country", FC_SIM_SF_TYPE_STRING, 80 },
  };
  g_autofree char *compound = g_strconcat (prefix, "Address", NULL);
  const char *space = prefix[0] != '\0' ? " " : "";
  g_autofree char *word = g_strndup (label, strlen (label) - strlen ("Address"));
  FcSimSfField *field;

  g_strchomp (word);
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      field = g_new0 (FcSimSfField, 1);
      field->name = g_strconcat (prefix, parts[i].part, NULL);
      field->label = g_strconcat (word, space, parts[i].label, NULL);
      field->type = parts[i].type;
      field->length = parts[i].length;
      field->flags = EDIT;
      field->compound = g_strdup (compound);
      add_field (object, field);
    }

  field = g_new0 (FcSimSfField, 1);
  field->name = g_steal_pointer (&compound);
  field->label = g_strdup (label);
  field->type = FC_SIM_SF_TYPE_ADDRESS;
  field->flags = READONLY;
  field->address_prefix = g_strdup (prefix);
  add_field (object, field);
}

static void
add_template (FcSimSfObject  *object,
              const Template *template)
{
  FcSimSfField *field;

  if (template->type == FC_SIM_SF_TYPE_ADDRESS)
    {
      add_address (object, template->extra, template->label);
      return;
    }

  field = g_new0 (FcSimSfField, 1);
  field->name = g_strdup (template->name);
  field->label = g_strdup (template->label);
  field->type = template->type;
  field->length = template->length;
  field->precision = template->precision;
  field->scale = template->scale;
  field->flags = template->flags;

  if (g_str_equal (field->name, "Id"))
    {
      g_free (field->label);
      field->label = g_strdup_printf ("%s ID", object->name);
    }
  if (template->type == FC_SIM_SF_TYPE_REFERENCE)
    {
      field->reference_to = g_strdup (template->extra);
      field->relationship = g_strndup (field->name, strlen (field->name) - 2);
    }
  if (template->type == FC_SIM_SF_TYPE_PICKLIST)
    set_picklist (field, template->extra);

  add_field (object, field);
}

static FcSimSfObject *
object_new (guint   index,
            gint64  now_ms)
{
  FcSimSfObject *object = g_new0 (FcSimSfObject, 1);

  object->id = definitions[index].id;
  object->name = definitions[index].name;
  object->label_plural = definitions[index].label_plural;
  object->key_prefix = definitions[index].key_prefix;
  object->fields = g_ptr_array_new_with_free_func (field_free);
  object->by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  object->records = _fc_sim_collection_new (object->name);
  object->next_seq = 1;
  object->schema_ms = now_ms;

  for (guint i = 0; i < G_N_ELEMENTS (head); i++)
    add_template (object, &head[i]);
  for (guint i = 0; i < definitions[index].n_fields; i++)
    add_template (object, &definitions[index].fields[i]);
  for (guint i = 0; i < G_N_ELEMENTS (tail); i++)
    add_template (object, &tail[i]);
  object->n_standard = object->fields->len;

  return object;
}

static void
object_free (FcSimSfObject *object)
{
  g_hash_table_unref (object->by_name);
  g_ptr_array_unref (object->fields);
  _fc_sim_collection_free (object->records);
  g_free (object);
}

void
_fc_sim_sf_schema_init (FcSimSalesforce *sf)
{
  for (guint i = 0; i < FC_SIM_SF_N_OBJECTS; i++)
    sf->objects[i] = object_new (i, sf->schema_base_ms);
}

/* Forgets every record and custom field */
void
_fc_sim_sf_schema_reset (FcSimSalesforce *sf)
{
  _fc_sim_sf_schema_free (sf);
  _fc_sim_sf_schema_init (sf);
}

void
_fc_sim_sf_schema_free (FcSimSalesforce *sf)
{
  for (guint i = 0; i < FC_SIM_SF_N_OBJECTS; i++)
    g_clear_pointer (&sf->objects[i], object_free);
}

/* Field names are case-insensitive, as in Salesforce */
FcSimSfField *
_fc_sim_sf_find_field (FcSimSfObject *object,
                       const char    *name)
{
  g_autofree char *folded = NULL;

  if (name == NULL)
    return NULL;

  folded = g_utf8_casefold (name, -1);
  return g_hash_table_lookup (object->by_name, folded);
}

const char *
_fc_sim_sf_type_name (FcSimSfType type)
{
  static const char * const names[] = {
    "id", "string", "email", "phone", "textarea", "url", "picklist", "reference", "datetime",
    "date", "boolean", "double", "currency", "percent", "int", "address",
  };

  return names[type];
}

/* Custom fields, added through the control API */

static gboolean
custom_name_is_valid (const char *name)
{
  gsize length = strlen (name);

  if (length < 4 || length > 43 || !g_str_has_suffix (name, "__c") || !g_ascii_isalpha (name[0]))
    return FALSE;
  for (gsize i = 0; i < length - 3; i++)
    {
      if (!g_ascii_isalnum (name[i]) && name[i] != '_')
        return FALSE;
      if (name[i] == '_' && (name[i + 1] == '_' || i + 1 == length - 3))
        return FALSE;
    }

  return TRUE;
}

static gboolean
parse_custom_type (const char   *text,
                   FcSimSfType  *type,
                   GError      **error)
{
  static const struct { const char *name; FcSimSfType type; } types[] = {
    { "string", FC_SIM_SF_TYPE_STRING }, { "text", FC_SIM_SF_TYPE_STRING },
    { "textarea", FC_SIM_SF_TYPE_TEXTAREA }, { "email", FC_SIM_SF_TYPE_EMAIL },
    { "phone", FC_SIM_SF_TYPE_PHONE }, { "url", FC_SIM_SF_TYPE_URL },
    { "picklist", FC_SIM_SF_TYPE_PICKLIST }, { "boolean", FC_SIM_SF_TYPE_BOOLEAN },
    { "checkbox", FC_SIM_SF_TYPE_BOOLEAN }, { "double", FC_SIM_SF_TYPE_DOUBLE },
    { "number", FC_SIM_SF_TYPE_DOUBLE }, { "currency", FC_SIM_SF_TYPE_CURRENCY },
    { "percent", FC_SIM_SF_TYPE_PERCENT }, { "date", FC_SIM_SF_TYPE_DATE },
    { "datetime", FC_SIM_SF_TYPE_DATETIME }, { "reference", FC_SIM_SF_TYPE_REFERENCE },
    { "lookup", FC_SIM_SF_TYPE_REFERENCE },
  };

  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (types); i++)
    {
      if (g_ascii_strcasecmp (text, types[i].name) == 0)
        {
          *type = types[i].type;
          return TRUE;
        }
    }

  g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
               "type “%s” is not a custom field type the simulator knows; use string, textarea, "
               "email, phone, url, picklist, boolean, double, currency, percent, date, datetime "
               "or reference", text != NULL ? text : "");
  return FALSE;
}

static gboolean
read_picklist (FcSimSfField  *field,
               JsonObject    *body,
               GError       **error)
{
  JsonArray *values = _fc_sim_json_array (body, "picklistValues");
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  const char *default_value = json_object_get_string_member_with_default (body, "defaultValue",
                                                                          NULL);

  for (guint i = 0; values != NULL && i < json_array_get_length (values); i++)
    {
      JsonObject *entry = _fc_sim_json_array_object (values, i);
      const char *value = entry != NULL
                          ? json_object_get_string_member_with_default (entry, "value", NULL)
                          : _fc_sim_json_array_string (values, i);

      if (value == NULL || value[0] == '\0')
        {
          g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                       "picklistValues[%u] must be a string or {\"value\": ...}", i);
          return FALSE;
        }
      g_strv_builder_add (builder, value);
      if (entry != NULL && json_object_get_boolean_member_with_default (entry, "default", FALSE))
        default_value = value;
    }

  field->picklist = g_strv_builder_end (builder);
  if (field->picklist[0] == NULL)
    {
      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                   "a picklist needs picklistValues, e.g. [\"Gold\", \"Silver\"]");
      return FALSE;
    }
  if (default_value != NULL
      && !g_strv_contains ((const char * const *) field->picklist, default_value))
    {
      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                   "defaultValue “%s” is not one of the picklistValues", default_value);
      return FALSE;
    }
  field->default_value = g_strdup (default_value);
  if (json_object_get_boolean_member_with_default (body, "restricted", FALSE))
    field->flags |= FC_SIM_SF_RESTRICTED;
  if (field->default_value != NULL)
    field->flags |= FC_SIM_SF_DEFAULTED;

  return TRUE;
}

static gboolean
read_sizes (FcSimSfField  *field,
            JsonObject    *body,
            GError       **error)
{
  guint max_length = field->type == FC_SIM_SF_TYPE_TEXTAREA ? 131072 : 255;

  field->length = field->type == FC_SIM_SF_TYPE_EMAIL ? 80
                  : field->type == FC_SIM_SF_TYPE_PHONE ? 40 : 255;
  field->precision = 18;
  field->scale = field->type == FC_SIM_SF_TYPE_CURRENCY ? 2 : 0;
  if (!_fc_sim_get_uint_member (body, "length", &field->length, error)
      || !_fc_sim_get_uint_member (body, "precision", &field->precision, error)
      || !_fc_sim_get_uint_member (body, "scale", &field->scale, error))
    return FALSE;

  if (field->length == 0 || field->length > max_length)
    {
      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                   "length must be from 1 to %u for a %s field, not %u", max_length,
                   _fc_sim_sf_type_name (field->type), field->length);
      return FALSE;
    }
  if (field->precision == 0 || field->precision > 18 || field->scale > field->precision)
    {
      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                   "precision must be from 1 to 18 and scale at most the precision (got %u, %u)",
                   field->precision, field->scale);
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_flags (FcSimSalesforce  *sf,
            FcSimSfField     *field,
            JsonObject       *body,
            GError          **error)
{
  gboolean external = json_object_get_boolean_member_with_default (body, "externalId", FALSE);
  gboolean unique = json_object_get_boolean_member_with_default (body, "unique", FALSE);
  gboolean keyable = field->type == FC_SIM_SF_TYPE_STRING || field->type == FC_SIM_SF_TYPE_EMAIL
                     || field->type == FC_SIM_SF_TYPE_DOUBLE;
  const char *target = json_object_get_string_member_with_default (body, "referenceTo", NULL);

  if ((external || unique) && !keyable)
    {
      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                   "External ID and unique fields must be Text (string), Number (double) or "
                   "Email, not %s", _fc_sim_sf_type_name (field->type));
      return FALSE;
    }
  if (external)
    field->flags |= FC_SIM_SF_EXTERNAL_ID | FC_SIM_SF_ID_LOOKUP;
  if (unique)
    field->flags |= FC_SIM_SF_UNIQUE | FC_SIM_SF_ID_LOOKUP;
  if (json_object_get_boolean_member_with_default (body, "required", FALSE)
      && field->type != FC_SIM_SF_TYPE_BOOLEAN)
    field->flags &= ~FC_SIM_SF_NILLABLE;
  if (field->type == FC_SIM_SF_TYPE_BOOLEAN)
    field->flags = (field->flags & ~FC_SIM_SF_NILLABLE) | FC_SIM_SF_DEFAULTED;

  if (field->type == FC_SIM_SF_TYPE_REFERENCE)
    {
      if (target == NULL || (!g_str_equal (target, "User")
                             && _fc_sim_sf_find_object (sf, target) == NULL))
        {
          g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                       "a reference field needs referenceTo: Contact, Account, Opportunity, "
                       "Lead or User (got “%s”)", target != NULL ? target : "");
          return FALSE;
        }
      field->reference_to = g_strdup (target);
      field->relationship = g_strconcat (field->name, NULL);
      memcpy (field->relationship + strlen (field->relationship) - 3, "__r", 3);
      field->length = 18;
    }

  return TRUE;
}

/* Body: {"name":"Tier__c" (or "Tier"), "label", "type", "length", "precision", "scale",
 * "externalId", "unique", "required", "picklistValues", "restricted", "defaultValue",
 * "referenceTo"}. Returns the field as describe shows it. */
JsonNode *
_fc_sim_sf_add_custom_field (FcSimSalesforce  *sf,
                             FcSimSfObject    *object,
                             JsonObject       *body,
                             GError          **error)
{
  const char *name = json_object_get_string_member_with_default (body, "name", NULL);
  const char *label = json_object_get_string_member_with_default (body, "label", NULL);
  FcSimSfField *field;
  FcSimSfType type;

  if (name == NULL || name[0] == '\0')
    name = label;
  if (name == NULL || name[0] == '\0')
    {
      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                   "A custom field needs a name such as Tier__c");
      return NULL;
    }
  if (!parse_custom_type (json_object_get_string_member_with_default (body, "type", "string"),
                          &type, error))
    return NULL;

  field = g_new0 (FcSimSfField, 1);
  field->name = g_str_has_suffix (name, "__c") ? g_strdup (name) : g_strconcat (name, "__c", NULL);
  g_strdelimit (field->name, " -", '_');
  field->label = g_strdup (label != NULL ? label : name);
  field->type = type;
  field->flags = EDIT | FC_SIM_SF_CUSTOM;

  if (!custom_name_is_valid (field->name))
    g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                 "“%s” is not a valid custom field name: letters, digits and single underscores, "
                 "starting with a letter, at most 40 characters before __c", field->name);
  else if (_fc_sim_sf_find_field (object, field->name) != NULL)
    g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_CONFLICT,
                 "%s already has a field named %s", object->name, field->name);
  else if (read_sizes (field, body, error) && read_flags (sf, field, body, error)
           && (type != FC_SIM_SF_TYPE_PICKLIST || read_picklist (field, body, error)))
    {
      add_field (object, field);
      object->schema_ms = _fc_sim_now_ms (sf->provider->sim);
      return _fc_sim_sf_field_to_json (field);
    }

  field_free (field);
  return NULL;
}
