/* fc-sim-hubspot-properties.c: HubSpot's property definitions, the properties API, validation
 * of written values and the object JSON
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-sim-hubspot"

#include "config.h"

#include <string.h>

#include "fc-sim-hubspot-private.h"

enum
{
  UNIQUE     = 1 << 0,
  READ_ONLY  = 1 << 1,
  CALCULATED = 1 << 2,
};

/* When the simulated portal's standard properties were "created": 2019-08-06T02:41:52.474Z */
#define BUILTIN_CREATED_MS G_GINT64_CONSTANT (1565059312474)

typedef struct
{
  const char *name;
  const char *label;
  const char *type;
  const char *field_type;
  const char *description;
  const char *options;     /* "value|Label;value|Label" */
  guint       flags;
} Builtin;

#define LIFECYCLE_OPTIONS \
  "subscriber|Subscriber;lead|Lead;marketingqualifiedlead|Marketing Qualified Lead;" \
  "salesqualifiedlead|Sales Qualified Lead;opportunity|Opportunity;customer|Customer;" \
  "evangelist|Evangelist;other|Other"
#define LEAD_STATUS_OPTIONS \
  "NEW|New;OPEN|Open;IN_PROGRESS|In Progress;OPEN_DEAL|Open Deal;UNQUALIFIED|Unqualified;" \
  "ATTEMPTED_TO_CONTACT|Attempted to Contact;CONNECTED|Connected;BAD_TIMING|Bad Timing"
#define INDUSTRY_OPTIONS \
  "ACCOUNTING|Accounting;COMPUTER_SOFTWARE|Computer Software;CONSTRUCTION|Construction;" \
  "FINANCIAL_SERVICES|Financial Services;HOSPITAL_HEALTH_CARE|Hospital & Health Care;" \
  "REAL_ESTATE|Real Estate;RETAIL|Retail;FACILITIES_SERVICES|Facilities Services"
#define DEALSTAGE_OPTIONS \
  "appointmentscheduled|Appointment Scheduled;qualifiedtobuy|Qualified To Buy;" \
  "presentationscheduled|Presentation Scheduled;decisionmakerboughtin|Decision Maker Bought-In;" \
  "contractsent|Contract Sent;closedwon|Closed Won;closedlost|Closed Lost"

static const Builtin contact_properties[] = {
  { "firstname", "First Name", "string", "text", "A contact's first name", NULL, 0 },
  { "lastname", "Last Name", "string", "text", "A contact's last name", NULL, 0 },
  { "email", "Email", "string", "text", "A contact's email address", NULL, UNIQUE },
  { "phone", "Phone Number", "string", "phonenumber", "A contact's primary phone number", NULL,
    0 },
  { "mobilephone", "Mobile Phone Number", "string", "phonenumber",
    "A contact's mobile phone number", NULL, 0 },
  { "fax", "Fax Number", "string", "phonenumber", "A contact's fax number", NULL, 0 },
  { "address", "Street Address", "string", "text", "A contact's street address", NULL, 0 },
  { "city", "City", "string", "text", "A contact's city of residence", NULL, 0 },
  { "state", "State/Region", "string", "text", "The contact's state of residence", NULL, 0 },
  { "zip", "Postal Code", "string", "text", "A contact's zip code", NULL, 0 },
  { "country", "Country/Region", "string", "text", "The contact's country/region", NULL, 0 },
  { "company", "Company Name", "string", "text", "Name of the contact's company", NULL, 0 },
  { "jobtitle", "Job Title", "string", "text", "A contact's job title", NULL, 0 },
  { "website", "Website URL", "string", "text", "The contact's company website", NULL, 0 },
  { "lifecyclestage", "Lifecycle Stage", "enumeration", "radio",
    "The qualification of contacts to sales readiness", LIFECYCLE_OPTIONS, 0 },
  { "hs_lead_status", "Lead Status", "enumeration", "select",
    "The contact's sales, prospecting or outreach status", LEAD_STATUS_OPTIONS, 0 },
  { "hs_additional_emails", "Additional email addresses", "string", "textarea",
    "A set of additional email addresses for a contact", NULL, READ_ONLY },
  { "createdate", "Create Date", "datetime", "date", "The date that a contact entered the system",
    NULL, 0 },
  { "lastmodifieddate", "Last Modified Date", "datetime", "date",
    "Most recent timestamp of any property update for a contact", NULL, READ_ONLY },
  { "hs_object_id", "Record ID", "number", "number", "The unique ID for this record", NULL,
    READ_ONLY },
};

static const Builtin company_properties[] = {
  { "name", "Company name", "string", "text", "The name of the company or organization", NULL, 0 },
  { "domain", "Company Domain Name", "string", "text", "The domain name of the company", NULL, 0 },
  { "phone", "Phone Number", "string", "phonenumber", "A company's primary phone number", NULL,
    0 },
  { "address", "Street Address", "string", "text", "Street address of the company", NULL, 0 },
  { "address2", "Street Address 2", "string", "text", "Additional address of the company", NULL,
    0 },
  { "city", "City", "string", "text", "City where the company is located", NULL, 0 },
  { "state", "State/Region", "string", "text", "State or region of the company", NULL, 0 },
  { "zip", "Postal Code", "string", "text", "Postal or zip code of the company", NULL, 0 },
  { "country", "Country/Region", "string", "text", "Country in which the company is located",
    NULL, 0 },
  { "industry", "Industry", "enumeration", "select", "The type of business the company performs",
    INDUSTRY_OPTIONS, 0 },
  { "website", "Website URL", "string", "text", "The main website of the company", NULL, 0 },
  { "description", "Description", "string", "textarea", "A short statement about the company",
    NULL, 0 },
  { "numberofemployees", "Number of Employees", "number", "number",
    "The total number of employees who work for the company", NULL, 0 },
  { "annualrevenue", "Annual Revenue", "number", "number",
    "The actual or estimated annual revenue of the company", NULL, 0 },
  { "createdate", "Create Date", "datetime", "date", "The date the company was added", NULL, 0 },
  { "hs_lastmodifieddate", "Last Modified Date", "datetime", "date",
    "Most recent timestamp of any property update for a company", NULL, READ_ONLY },
  { "hs_object_id", "Record ID", "number", "number", "The unique ID for this record", NULL,
    READ_ONLY },
};

static const Builtin deal_properties[] = {
  { "dealname", "Deal Name", "string", "text", "The name given to this deal", NULL, 0 },
  { "amount", "Amount", "number", "number", "The total amount of the deal", NULL, 0 },
  { "closedate", "Close Date", "datetime", "date", "Date the deal was closed", NULL, 0 },
  { "pipeline", "Pipeline", "enumeration", "select", "The pipeline the deal is in",
    "default|Sales Pipeline", 0 },
  { "dealstage", "Deal Stage", "enumeration", "radio", "The stage of the deal",
    DEALSTAGE_OPTIONS, 0 },
  { "dealtype", "Deal Type", "enumeration", "radio", "The type of deal",
    "newbusiness|New Business;existingbusiness|Existing Business", 0 },
  { "description", "Deal Description", "string", "textarea", "Description of the deal", NULL, 0 },
  { "createdate", "Create Date", "datetime", "date", "Date the deal was created", NULL, 0 },
  { "hs_lastmodifieddate", "Last Modified Date", "datetime", "date",
    "Most recent timestamp of any property update for a deal", NULL, READ_ONLY },
  { "hs_object_id", "Record ID", "number", "number", "The unique ID for this record", NULL,
    READ_ONLY },
};

static const struct
{
  const Builtin *list;
  guint          length;
} builtins[FC_SIM_HS_N_TYPES] = {
  { contact_properties, G_N_ELEMENTS (contact_properties) },
  { company_properties, G_N_ELEMENTS (company_properties) },
  { deal_properties, G_N_ELEMENTS (deal_properties) },
};

static void
property_free (gpointer data)
{
  FcSimHubSpotProperty *property = data;

  g_free (property->name);
  g_free (property->label);
  g_free (property->type);
  g_free (property->field_type);
  g_free (property->group_name);
  g_free (property->description);
  json_array_unref (property->options);
  g_free (property);
}

static JsonArray *
parse_options (const char *text)
{
  JsonArray *options = json_array_new ();
  g_auto (GStrv) pairs = g_strsplit (text != NULL ? text : "", ";", -1);

  for (guint i = 0; text != NULL && pairs[i] != NULL; i++)
    {
      g_auto (GStrv) parts = g_strsplit (pairs[i], "|", 2);
      JsonObject *option = json_object_new ();

      json_object_set_string_member (option, "label", parts[1] != NULL ? parts[1] : parts[0]);
      json_object_set_string_member (option, "value", parts[0]);
      json_object_set_int_member (option, "displayOrder", i);
      json_object_set_boolean_member (option, "hidden", FALSE);
      json_array_add_object_element (options, option);
    }

  return options;
}

static void
add_property (FcSimHubSpot           *hs,
              const FcSimHubSpotType *type,
              FcSimHubSpotProperty   *property)
{
  g_ptr_array_add (hs->properties[type->id], property);
  g_hash_table_insert (hs->property_index[type->id], property->name, property);
  if (property->unique)
    _fc_sim_collection_add_unique (hs->objects[type->id], property->name);
}

static void
add_builtins (FcSimHubSpot *hs)
{
  for (guint t = 0; t < FC_SIM_HS_N_TYPES; t++)
    {
      const FcSimHubSpotType *type = _fc_sim_hubspot_get_type (t);

      for (guint i = 0; i < builtins[t].length; i++)
        {
          const Builtin *builtin = &builtins[t].list[i];
          FcSimHubSpotProperty *property = g_new0 (FcSimHubSpotProperty, 1);

          property->name = g_strdup (builtin->name);
          property->label = g_strdup (builtin->label);
          property->type = g_strdup (builtin->type);
          property->field_type = g_strdup (builtin->field_type);
          property->group_name = g_strdup (type->group);
          property->description = g_strdup (builtin->description);
          property->options = parse_options (builtin->options);
          property->display_order = i < 16 ? (int) i : -1;
          property->unique = (builtin->flags & UNIQUE) != 0;
          property->read_only = (builtin->flags & READ_ONLY) != 0;
          property->calculated = (builtin->flags & CALCULATED) != 0;
          property->hubspot_defined = TRUE;
          property->created_ms = BUILTIN_CREATED_MS;
          property->updated_ms = BUILTIN_CREATED_MS;
          add_property (hs, type, property);
        }
    }
}

void
_fc_sim_hubspot_properties_init (FcSimHubSpot *hs)
{
  for (guint t = 0; t < FC_SIM_HS_N_TYPES; t++)
    {
      hs->properties[t] = g_ptr_array_new_with_free_func (property_free);
      hs->property_index[t] = g_hash_table_new (g_str_hash, g_str_equal);
    }
  add_builtins (hs);
}

/* Drops custom properties. */
void
_fc_sim_hubspot_properties_reset (FcSimHubSpot *hs)
{
  for (guint t = 0; t < FC_SIM_HS_N_TYPES; t++)
    {
      g_hash_table_remove_all (hs->property_index[t]);
      g_ptr_array_set_size (hs->properties[t], 0);
    }
  add_builtins (hs);
}

void
_fc_sim_hubspot_properties_free (FcSimHubSpot *hs)
{
  for (guint t = 0; t < FC_SIM_HS_N_TYPES; t++)
    {
      g_clear_pointer (&hs->property_index[t], g_hash_table_unref);
      g_clear_pointer (&hs->properties[t], g_ptr_array_unref);
    }
}

FcSimHubSpotProperty *
_fc_sim_hubspot_find_property (FcSimHubSpot           *hs,
                               const FcSimHubSpotType *type,
                               const char             *name)
{
  return name != NULL ? g_hash_table_lookup (hs->property_index[type->id], name) : NULL;
}

static JsonNode *
property_to_json (FcSimHubSpotProperty *property)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autofree char *created = _fc_sim_format_iso_ms (property->created_ms);
  g_autofree char *updated = _fc_sim_format_iso_ms (property->updated_ms);
  JsonNode *options = json_node_new (JSON_NODE_ARRAY);

  json_node_set_array (options, property->options);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "updatedAt");
  json_builder_add_string_value (builder, updated);
  json_builder_set_member_name (builder, "createdAt");
  json_builder_add_string_value (builder, created);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, property->name);
  json_builder_set_member_name (builder, "label");
  json_builder_add_string_value (builder, property->label);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, property->type);
  json_builder_set_member_name (builder, "fieldType");
  json_builder_add_string_value (builder, property->field_type);
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, property->description);
  json_builder_set_member_name (builder, "groupName");
  json_builder_add_string_value (builder, property->group_name);
  json_builder_set_member_name (builder, "options");
  json_builder_add_value (builder, options);
  json_builder_set_member_name (builder, "displayOrder");
  json_builder_add_int_value (builder, property->display_order);
  json_builder_set_member_name (builder, "calculated");
  json_builder_add_boolean_value (builder, property->calculated);
  json_builder_set_member_name (builder, "externalOptions");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_set_member_name (builder, "archived");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_set_member_name (builder, "hasUniqueValue");
  json_builder_add_boolean_value (builder, property->unique);
  json_builder_set_member_name (builder, "hidden");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_set_member_name (builder, "hubspotDefined");
  json_builder_add_boolean_value (builder, property->hubspot_defined);
  json_builder_set_member_name (builder, "modificationMetadata");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "archivable");
  json_builder_add_boolean_value (builder, !property->hubspot_defined);
  json_builder_set_member_name (builder, "readOnlyDefinition");
  json_builder_add_boolean_value (builder, property->hubspot_defined);
  json_builder_set_member_name (builder, "readOnlyValue");
  json_builder_add_boolean_value (builder, property->read_only || property->calculated);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "formField");
  json_builder_add_boolean_value (builder, !property->read_only);
  json_builder_set_member_name (builder, "dataSensitivity");
  json_builder_add_string_value (builder, "non_sensitive");
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static gboolean
valid_property_name (const char *name)
{
  if (name == NULL || !g_ascii_islower (name[0]) || strlen (name) > 100)
    return FALSE;

  for (const char *p = name; *p != '\0'; p++)
    {
      if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '_')
        return FALSE;
    }

  return TRUE;
}

static JsonArray *
read_options (JsonObject  *body,
              GError     **error)
{
  JsonArray *input = _fc_sim_json_array (body, "options");
  g_autoptr (JsonArray) options = json_array_new ();

  for (guint i = 0; input != NULL && i < json_array_get_length (input); i++)
    {
      JsonObject *given = _fc_sim_json_array_object (input, i);
      JsonObject *option;
      const char *label, *value;

      label = given != NULL ? json_object_get_string_member_with_default (given, "label", NULL)
                            : NULL;
      value = given != NULL ? json_object_get_string_member_with_default (given, "value", NULL)
                            : NULL;
      if (label == NULL || value == NULL)
        {
          g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                       "options[%u] needs a string label and a string value", i);
          return NULL;
        }
      option = json_object_new ();
      json_object_set_string_member (option, "label", label);
      json_object_set_string_member (option, "value", value);
      json_object_set_int_member (option, "displayOrder",
                                  json_object_get_int_member_with_default (given, "displayOrder",
                                                                           i));
      json_object_set_boolean_member (option, "hidden",
                                      json_object_get_boolean_member_with_default (given, "hidden",
                                                                                   FALSE));
      json_array_add_object_element (options, option);
    }

  return g_steal_pointer (&options);
}

/* Creates a custom property from a PropertyCreate body (name, label, type, fieldType, groupName,
 * description, options, hasUniqueValue, displayOrder). */
JsonNode *
_fc_sim_hubspot_add_property (FcSimHubSpot            *hs,
                              const FcSimHubSpotType  *type,
                              JsonObject              *body,
                              GError                 **error)
{
  static const char * const value_types[] = {
    "string", "number", "date", "datetime", "enumeration", "bool", NULL
  };
  static const char * const field_types[] = {
    "text", "textarea", "select", "radio", "checkbox", "booleancheckbox", "date", "number",
    "phonenumber", "file", "html", "calculation_equation", NULL
  };
  const char *name = json_object_get_string_member_with_default (body, "name", NULL);
  const char *label = json_object_get_string_member_with_default (body, "label", NULL);
  const char *value_type = json_object_get_string_member_with_default (body, "type", NULL);
  const char *field_type = json_object_get_string_member_with_default (body, "fieldType", NULL);
  g_autoptr (JsonArray) options = NULL;
  FcSimHubSpotProperty *property;
  gint64 now = _fc_sim_now_ms (hs->provider->sim);

  if (!valid_property_name (name))
    {
      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                   "Property name “%s” is not valid: use lower-case letters, digits and "
                   "underscores, starting with a letter", name != NULL ? name : "");
      return NULL;
    }
  if (_fc_sim_hubspot_find_property (hs, type, name) != NULL)
    {
      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_CONFLICT,
                   "A property named '%s' already exists.", name);
      return NULL;
    }
  if (label == NULL || value_type == NULL || field_type == NULL
      || !g_strv_contains (value_types, value_type) || !g_strv_contains (field_types, field_type))
    {
      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                   "Property “%s” needs a label, a type (string, number, date, datetime, "
                   "enumeration, bool) and a fieldType (text, textarea, select, radio, checkbox, "
                   "booleancheckbox, date, number, phonenumber, ...)", name);
      return NULL;
    }
  options = read_options (body, error);
  if (options == NULL)
    return NULL;
  if (g_str_equal (value_type, "enumeration") && json_array_get_length (options) == 0)
    {
      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                   "Enumeration property “%s” needs at least one option", name);
      return NULL;
    }

  property = g_new0 (FcSimHubSpotProperty, 1);
  property->name = g_strdup (name);
  property->label = g_strdup (label);
  property->type = g_strdup (value_type);
  property->field_type = g_strdup (field_type);
  property->group_name = g_strdup (json_object_get_string_member_with_default (body, "groupName",
                                                                               type->group));
  property->description =
    g_strdup (json_object_get_string_member_with_default (body, "description", ""));
  property->options = g_steal_pointer (&options);
  property->display_order = json_object_get_int_member_with_default (body, "displayOrder", -1);
  property->unique = json_object_get_boolean_member_with_default (body, "hasUniqueValue", FALSE);
  property->created_ms = now;
  property->updated_ms = now;
  add_property (hs, type, property);

  return property_to_json (property);
}

/* The properties API */

static void
handle_list (FcSimRequest *req)
{
  FcSimHubSpot *hs = req->provider->state;
  const FcSimHubSpotType *type = req->route->data;
  gboolean archived = g_strcmp0 (_fc_sim_request_get_query (req, "archived"), "true") == 0;
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  GPtrArray *defined = hs->properties[type->id];

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "results");
  json_builder_begin_array (builder);
  for (guint i = 0; !archived && i < defined->len; i++)
    json_builder_add_value (builder, property_to_json (g_ptr_array_index (defined, i)));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  _fc_sim_respond_builder (req, 200, builder);
}

static void
handle_get (FcSimRequest *req)
{
  FcSimHubSpot *hs = req->provider->state;
  const FcSimHubSpotType *type = req->route->data;
  const char *name = _fc_sim_request_get_param (req, "name");
  FcSimHubSpotProperty *property = _fc_sim_hubspot_find_property (hs, type, name);
  g_autofree char *message = NULL;

  if (property == NULL)
    {
      message = g_strdup_printf ("Unable to find property %s for object type %s", name,
                                 type->type_id);
      _fc_sim_hubspot_respond (req, 404, "OBJECT_NOT_FOUND", message, NULL);
      return;
    }

  _fc_sim_respond_json (req, 200, property_to_json (property));
}

static void
handle_create (FcSimRequest *req)
{
  FcSimHubSpot *hs = req->provider->state;
  const FcSimHubSpotType *type = req->route->data;
  JsonObject *body = _fc_sim_hubspot_body (req);
  g_autoptr (GError) error = NULL;
  JsonNode *property;

  if (body == NULL)
    return;

  property = _fc_sim_hubspot_add_property (hs, type, body, &error);
  if (property == NULL)
    {
      if (error->code == FC_SIM_ERROR_CONFLICT)
        _fc_sim_hubspot_respond (req, 409, "OBJECT_ALREADY_EXISTS", error->message, NULL);
      else
        _fc_sim_hubspot_respond_gerror (req, error);
      return;
    }

  _fc_sim_respond_json (req, 201, property);
}

void
_fc_sim_hubspot_register_property_routes (FcSimHubSpot *hs)
{
  FcSim *sim = hs->provider->sim;

  for (guint t = 0; t < FC_SIM_HS_N_TYPES; t++)
    {
      const FcSimHubSpotType *type = _fc_sim_hubspot_get_type (t);
      const char *names[] = { type->name, type->type_id };
      g_autofree char *list = g_strdup_printf ("/crm/v3/properties/%s", type->name);
      g_autofree char *one = g_strdup_printf ("/crm/v3/properties/%s/{name}", type->name);

      for (guint n = 0; n < G_N_ELEMENTS (names); n++)
        {
          g_autofree char *list_path = g_strdup_printf ("/crm/v3/properties/%s", names[n]);
          g_autofree char *one_path = g_strdup_printf ("/crm/v3/properties/%s/{name}", names[n]);

          _fc_sim_add_route (sim, hs->provider, "hubspot", "GET", list_path, list,
                             FC_SIM_ROUTE_API, 0, handle_list, type);
          _fc_sim_add_route (sim, hs->provider, "hubspot", "POST", list_path, list,
                             FC_SIM_ROUTE_API, 0, handle_create, type);
          _fc_sim_add_route (sim, hs->provider, "hubspot", "GET", one_path, one,
                             FC_SIM_ROUTE_API, 0, handle_get, type);
        }
    }
}
