/* fc-jobber-record.c: Jobber objects to flat records, and the field catalogue
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-jobber"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "fc-jobber-connector-private.h"

/* The catalogue is fixed: Jobber's schema is its metadata, and this table is the part of it
 * the connector reads and writes (checked against the 2022-03-10 introspection dump in
 * provider-apis.md; see fc-jobber-connector.c for where the pinned version differs). */

typedef struct
{
  const char *name;
  const char *label;
  const char *type;        /* the schema's type name */
  gboolean    read_only;
} FieldSpec;

static const FieldSpec client_fields[] = {
  { "id", N_("Jobber ID"), "EncodedId", TRUE },
  { "name", N_("Name"), "String", TRUE },
  { "title", N_("Title"), "ClientTitle", FALSE },
  { "firstName", N_("First name"), "String", FALSE },
  { "lastName", N_("Last name"), "String", FALSE },
  { "companyName", N_("Company name"), "String", FALSE },
  { "isCompany", N_("Is a company"), "Boolean", FALSE },
  { "email", N_("Email"), "String", FALSE },
  { "emails", N_("Emails (all)"), "[Email]", FALSE },
  { "phone", N_("Phone"), "String", FALSE },
  { "phones", N_("Phones (all)"), "[ClientPhoneNumber]", FALSE },
  { "billingAddress.street1", N_("Billing address: street"), "String", FALSE },
  { "billingAddress.street2", N_("Billing address: street, line 2"), "String", FALSE },
  { "billingAddress.city", N_("Billing address: city"), "String", FALSE },
  { "billingAddress.province", N_("Billing address: province or state"), "String", FALSE },
  { "billingAddress.postalCode", N_("Billing address: postal code"), "String", FALSE },
  { "billingAddress.country", N_("Billing address: country"), "String", FALSE },
  { "isLead", N_("Lead"), "Boolean", TRUE },
  { "isArchived", N_("Archived"), "Boolean", TRUE },
  { "createdAt", N_("Created"), "ISO8601DateTime", TRUE },
  { "updatedAt", N_("Last updated"), "ISO8601DateTime", TRUE },
  { NULL }
};

static const FieldSpec job_fields[] = {
  { "id", N_("Jobber ID"), "EncodedId", TRUE },
  { "jobNumber", N_("Job number"), "Int", TRUE },
  { "title", N_("Title"), "String", FALSE },
  { "instructions", N_("Instructions"), "String", FALSE },
  { "total", N_("Total"), "Float", FALSE },
  { "clientId", N_("Client"), "EncodedId", FALSE },
  { "clientName", N_("Client name"), "String", TRUE },
  { "propertyId", N_("Property"), "EncodedId", FALSE },
  { "quoteId", N_("Quote"), "EncodedId", TRUE },
  { "jobStatus", N_("Status"), "JobStatusTypeEnum", TRUE },
  { "jobType", N_("Type"), "JobTypeTypeEnum", TRUE },
  { "startAt", N_("Starts"), "ISO8601DateTime", TRUE },
  { "endAt", N_("Ends"), "ISO8601DateTime", TRUE },
  { "completedAt", N_("Completed"), "ISO8601DateTime", TRUE },
  { "createdAt", N_("Created"), "ISO8601DateTime", TRUE },
  { "updatedAt", N_("Last updated"), "ISO8601DateTime", TRUE },
  { NULL }
};

static const FieldSpec quote_fields[] = {
  { "id", N_("Jobber ID"), "EncodedId", TRUE },
  { "quoteNumber", N_("Quote number"), "String", TRUE },
  { "title", N_("Title"), "String", FALSE },
  { "message", N_("Message"), "String", FALSE },
  { "total", N_("Total"), "Float", FALSE },
  { "subtotal", N_("Subtotal"), "Float", TRUE },
  { "clientId", N_("Client"), "EncodedId", FALSE },
  { "clientName", N_("Client name"), "String", TRUE },
  { "propertyId", N_("Property"), "EncodedId", FALSE },
  { "quoteStatus", N_("Status"), "QuoteStatusTypeEnum", TRUE },
  { "createdAt", N_("Created"), "ISO8601DateTime", TRUE },
  { "updatedAt", N_("Last updated"), "ISO8601DateTime", TRUE },
  { NULL }
};

static const char * const client_titles[] = { "MR", "MS", "MRS", "MISS", "DR", NULL };
static const char * const job_statuses[] = {
  "requires_invoicing", "archived", "late", "today", "upcoming", "action_required", "on_hold",
  "unscheduled", "active", NULL
};
static const char * const job_types[] = { "ONE_OFF", "RECURRING", NULL };
static const char * const quote_statuses[] = {
  "draft", "awaiting_response", "archived", "approved", "converted", "changes_requested", NULL
};

static const FieldSpec *
fields_of (const FcJobberType *type)
{
  switch (type->kind)
    {
    case FC_JOBBER_CLIENTS:
      return client_fields;
    case FC_JOBBER_JOBS:
      return job_fields;
    case FC_JOBBER_QUOTES:
    default:
      return quote_fields;
    }
}

static void
add_options (FcFieldInfo        *info,
             const char * const *values)
{
  for (guint i = 0; values[i] != NULL; i++)
    fc_field_info_add_option (info, values[i], values[i]);
}

GListStore *
_fc_jobber_fixed_fields (const FcJobberType *type)
{
  GListStore *store = g_list_store_new (FC_TYPE_FIELD_INFO);
  const FieldSpec *specs = fields_of (type);

  for (guint i = 0; specs[i].name != NULL; i++)
    {
      g_autoptr (FcFieldInfo) info = fc_field_info_new (specs[i].name, _(specs[i].label),
                                                        specs[i].type);

      fc_field_info_set_read_only (info, specs[i].read_only);
      if (g_str_equal (specs[i].type, "ClientTitle"))
        add_options (info, client_titles);
      else if (g_str_equal (specs[i].type, "JobStatusTypeEnum"))
        add_options (info, job_statuses);
      else if (g_str_equal (specs[i].type, "JobTypeTypeEnum"))
        add_options (info, job_types);
      else if (g_str_equal (specs[i].type, "QuoteStatusTypeEnum"))
        add_options (info, quote_statuses);
      g_list_store_append (store, info);
    }
  return store;
}

/* ---- flattening ------------------------------------------------------------------------ */

static void
copy_member (FcRecord   *record,
             const char *field,
             JsonObject *object,
             const char *member)
{
  if (object != NULL && json_object_has_member (object, member))
    fc_record_set_field (record, field, json_object_get_member (object, member));
}

static JsonNode *
string_or_null (const char *value)
{
  return value != NULL ? json_node_init_string (json_node_alloc (), value)
                       : json_node_new (JSON_NODE_NULL);
}

/* emails[] / phones[]: every entry, primary first, as @plural; the primary (or first) value
 * as @single. */
static void
flatten_contacts (FcRecord           *record,
                  const char         *single,
                  const char         *plural,
                  const char         *value_member,
                  const char * const *members,
                  JsonArray          *items)
{
  JsonArray *list = json_array_new ();
  const char *primary = NULL;
  guint n = items != NULL ? json_array_get_length (items) : 0;

  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < n; i++)
      {
        JsonNode *node = json_array_get_element (items, i);
        JsonObject *item = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
        const char *value = _fc_json_get_string (item, value_member);
        JsonObject *copy;

        if (item == NULL || value == NULL
            || _fc_json_get_boolean (item, "primary", FALSE) != (pass == 0))
          continue;
        if (primary == NULL)
          primary = value;

        copy = json_object_new ();
        for (guint m = 0; members[m] != NULL; m++)
          if (json_object_has_member (item, members[m]))
            json_object_set_member (copy, members[m],
                                    json_node_copy (json_object_get_member (item, members[m])));
        json_array_add_object_element (list, copy);
      }

  fc_record_take_field (record, single, string_or_null (primary));
  fc_record_take_field (record, plural, json_node_init_array (json_node_alloc (), list));
  json_array_unref (list);
}

static const char * const address_parts[] = {
  "street1", "street2", "city", "province", "postalCode", "country", NULL
};

static void
flatten_address (FcRecord   *record,
                 JsonObject *node)
{
  JsonObject *address = _fc_json_get_object (node, "billingAddress");

  if (!json_object_has_member (node, "billingAddress"))
    return;
  for (guint i = 0; address_parts[i] != NULL; i++)
    {
      g_autofree char *field = g_strconcat ("billingAddress.", address_parts[i], NULL);

      if (address != NULL && json_object_has_member (address, address_parts[i]))
        fc_record_set_field (record, field, json_object_get_member (address, address_parts[i]));
      else
        fc_record_take_field (record, field, json_node_new (JSON_NODE_NULL));
    }
}

/* An object member's id (client { id }) as @field, null when the object is null. */
static void
flatten_reference (FcRecord   *record,
                   const char *field,
                   JsonObject *node,
                   const char *member,
                   const char *name_field)
{
  JsonObject *object = _fc_json_get_object (node, member);

  if (!json_object_has_member (node, member))
    return;
  fc_record_take_field (record, field, string_or_null (_fc_json_get_string (object, "id")));
  if (name_field != NULL)
    fc_record_take_field (record, name_field,
                          string_or_null (_fc_json_get_string (object, "name")));
}

static const char * const email_members[] = { "id", "address", "description", "primary", NULL };
static const char * const phone_members[] = {
  "id", "number", "description", "primary", "smsAllowed", NULL
};

static void
flatten_client (FcRecord   *record,
                JsonObject *node)
{
  static const char * const scalars[] = {
    "name", "title", "firstName", "lastName", "companyName", "isCompany", "isLead",
    "isArchived", "createdAt", "updatedAt", NULL
  };

  for (guint i = 0; scalars[i] != NULL; i++)
    copy_member (record, scalars[i], node, scalars[i]);
  if (json_object_has_member (node, "emails"))
    flatten_contacts (record, "email", "emails", "address", email_members,
                      _fc_json_get_array (node, "emails"));
  if (json_object_has_member (node, "phones"))
    flatten_contacts (record, "phone", "phones", "number", phone_members,
                      _fc_json_get_array (node, "phones"));
  flatten_address (record, node);
  fc_record_set_archived (record, _fc_json_get_boolean (node, "isArchived", FALSE));
}

static void
flatten_job (FcRecord   *record,
             JsonObject *node)
{
  static const char * const scalars[] = {
    "jobNumber", "title", "instructions", "total", "jobStatus", "jobType", "startAt", "endAt",
    "completedAt", "createdAt", "updatedAt", NULL
  };

  for (guint i = 0; scalars[i] != NULL; i++)
    copy_member (record, scalars[i], node, scalars[i]);
  flatten_reference (record, "clientId", node, "client", "clientName");
  flatten_reference (record, "propertyId", node, "property", NULL);
  flatten_reference (record, "quoteId", node, "quote", NULL);
  fc_record_set_archived (record,
                          g_strcmp0 (_fc_json_get_string (node, "jobStatus"), "archived") == 0);
}

static void
flatten_quote (FcRecord   *record,
               JsonObject *node)
{
  static const char * const scalars[] = {
    "quoteNumber", "title", "message", "quoteStatus", "createdAt", "updatedAt", NULL
  };
  JsonObject *amounts = _fc_json_get_object (node, "amounts");

  for (guint i = 0; scalars[i] != NULL; i++)
    copy_member (record, scalars[i], node, scalars[i]);
  copy_member (record, "subtotal", amounts, "subtotal");
  copy_member (record, "total", amounts, "total");
  flatten_reference (record, "clientId", node, "client", "clientName");
  flatten_reference (record, "propertyId", node, "property", NULL);
  fc_record_set_archived (record,
                          g_strcmp0 (_fc_json_get_string (node, "quoteStatus"), "archived") == 0);
}

FcRecord *
_fc_jobber_record_from_json (const FcJobberType *type,
                             JsonObject         *node)
{
  const char *id = _fc_json_get_string (node, "id");
  g_autoptr (FcRecord) record = NULL;
  gint64 modified;

  if (id == NULL || *id == '\0')
    return NULL;

  record = fc_record_new (type->name, id);
  fc_record_set_string (record, "id", id);
  modified = _fc_connector_parse_time_ms (_fc_json_get_string (node, "updatedAt"));
  if (modified >= 0)
    fc_record_set_modified_ms (record, modified);

  switch (type->kind)
    {
    case FC_JOBBER_CLIENTS:
      flatten_client (record, node);
      break;
    case FC_JOBBER_JOBS:
      flatten_job (record, node);
      break;
    case FC_JOBBER_QUOTES:
    default:
      flatten_quote (record, node);
      break;
    }
  return g_steal_pointer (&record);
}

/* ---- what writes may name -------------------------------------------------------------- */

const char *
_fc_jobber_record_client_id (FcRecord *record)
{
  const char *id = fc_record_get_string (record, "clientId");

  if (id == NULL || *id == '\0')
    id = fc_record_get_string (record, "client");
  return id != NULL && *id != '\0' ? id : NULL;
}

const char *
_fc_jobber_record_property_id (FcRecord *record)
{
  const char *id = fc_record_get_string (record, "propertyId");

  return id != NULL && *id != '\0' ? id : NULL;
}

gboolean
_fc_jobber_needs_current (const FcJobberType *type,
                          FcRecord           *record)
{
  g_auto (GStrv) names = fc_record_list_fields (record);

  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *name = names[i];

      if (type->kind == FC_JOBBER_CLIENTS
          && (g_str_equal (name, "email") || g_str_equal (name, "emails")
              || g_str_equal (name, "phone") || g_str_equal (name, "phones")
              || g_str_has_prefix (name, "billingAddress.")))
        return TRUE;
      /* Jobs and quotes: what only a create sets is compared with what is there */
      if (type->kind != FC_JOBBER_CLIENTS
          && (g_str_equal (name, "clientId") || g_str_equal (name, "client")
              || g_str_equal (name, "propertyId") || g_str_equal (name, "total")))
        return TRUE;
    }
  return FALSE;
}
