/* fc-jobber-input.c: flat records to the inputs of Jobber's create and edit mutations
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-jobber"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "fc-jobber-connector-private.h"

/* Fields the provider sets; a write that names them leaves them alone. */
static const char * const client_read_only[] = {
  "id", "name", "isLead", "isArchived", "createdAt", "updatedAt", NULL
};
static const char * const job_read_only[] = {
  "id", "jobNumber", "jobStatus", "jobType", "startAt", "endAt", "completedAt", "createdAt",
  "updatedAt", "clientName", "quoteId", NULL
};
static const char * const quote_read_only[] = {
  "id", "quoteNumber", "quoteStatus", "subtotal", "createdAt", "updatedAt", "clientName", NULL
};

static const char * const client_titles[] = { "MR", "MS", "MRS", "MISS", "DR", NULL };

static const char * const address_parts[] = {
  "street1", "street2", "city", "province", "postalCode", "country", NULL
};

static gboolean
is_read_only (const FcJobberType *type,
              const char         *name)
{
  const char * const *list = type->kind == FC_JOBBER_CLIENTS ? client_read_only
                             : type->kind == FC_JOBBER_JOBS ? job_read_only : quote_read_only;

  return g_strv_contains (list, name);
}

static void
set_invalid (GError     **error,
             const char  *field,
             const char  *expected)
{
  g_set_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_VALIDATION,
               _("The value of “%s” is not %s"), field, expected);
}

/* Text of a scalar: strings as they are, numbers and booleans written out; NULL for null. */
static gboolean
value_to_string (FcRecord    *record,
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
  return TRUE;
}

static gboolean
value_to_boolean (FcRecord    *record,
                  const char  *field,
                  gboolean    *out,
                  GError     **error)
{
  JsonNode *node = fc_record_get_field (record, field);
  const char *text;

  *out = FALSE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    {
      *out = json_node_get_boolean (node);
      return TRUE;
    }
  text = fc_record_get_string (record, field);
  if (text != NULL && (g_ascii_strcasecmp (text, "true") == 0 || g_str_equal (text, "1")))
    *out = TRUE;
  else if (text == NULL || (g_ascii_strcasecmp (text, "false") != 0 && !g_str_equal (text, "0")
                            && *text != '\0'))
    {
      set_invalid (error, field, _("true or false"));
      return FALSE;
    }
  return TRUE;
}

/* A number, or a string that is one (CRMs send amounts as text); FALSE when absent or null
 * (@out_null says which) or not a number (with @error). */
static gboolean
value_to_double (FcRecord    *record,
                 const char  *field,
                 double      *out,
                 gboolean    *out_null,
                 GError     **error)
{
  JsonNode *node = fc_record_get_field (record, field);
  const char *text;
  char *end = NULL;

  *out_null = node == NULL || JSON_NODE_HOLDS_NULL (node);
  if (*out_null)
    return FALSE;
  if (JSON_NODE_HOLDS_VALUE (node) && (json_node_get_value_type (node) == G_TYPE_INT64
                                       || json_node_get_value_type (node) == G_TYPE_DOUBLE))
    {
      *out = json_node_get_double (node);
      return TRUE;
    }
  text = fc_record_get_string (record, field);
  if (text != NULL && *text != '\0')
    {
      *out = g_ascii_strtod (text, &end);
      if (end != NULL && *end == '\0')
        return TRUE;
    }
  if (text != NULL && *text == '\0')
    {
      *out_null = TRUE;
      return FALSE;
    }
  set_invalid (error, field, _("a number"));
  return FALSE;
}

/* "Mr." and "mr" name the enum value MR. */
static gboolean
title_to_enum (const char  *text,
               const char **out,
               GError     **error)
{
  g_autofree char *upper = g_ascii_strup (text, -1);
  gsize length = strlen (upper);

  if (length > 0 && upper[length - 1] == '.')
    upper[length - 1] = '\0';
  for (guint i = 0; client_titles[i] != NULL; i++)
    if (g_str_equal (client_titles[i], upper))
      {
        *out = client_titles[i];
        return TRUE;
      }
  g_set_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_VALIDATION,
               _("“%s” is not a Jobber client title: expected Mr, Ms, Mrs, Miss or Dr"), text);
  return FALSE;
}

/* ---- clients --------------------------------------------------------------------------- */

/* billingAddress: on create the parts given; on an edit every part, the current ones kept,
 * and nothing when no part changes. */
static gboolean
add_address (FcRecord    *record,
             JsonObject  *current,
             JsonObject  *input,
             GError     **error)
{
  JsonObject *old = _fc_json_get_object (current, "billingAddress");
  g_autoptr (JsonObject) address = json_object_new ();
  gboolean any = FALSE;
  gboolean changed = FALSE;

  for (guint i = 0; address_parts[i] != NULL; i++)
    {
      g_autofree char *field = g_strconcat ("billingAddress.", address_parts[i], NULL);
      g_autofree char *value = NULL;
      const char *before = _fc_json_get_string (old, address_parts[i]);

      if (!fc_record_has_field (record, field))
        {
          if (current != NULL)
            json_object_set_string_member (address, address_parts[i],
                                           before != NULL ? before : "");
          continue;
        }
      if (!value_to_string (record, field, &value, error))
        return FALSE;
      any = TRUE;
      if (current == NULL && value == NULL)
        continue;
      json_object_set_string_member (address, address_parts[i], value != NULL ? value : "");
      changed |= g_strcmp0 (before != NULL ? before : "", value != NULL ? value : "") != 0;
    }

  if (any && (current == NULL ? json_object_get_size (address) > 0 : changed))
    json_object_set_object_member (input, "billingAddress", json_object_ref (address));
  return TRUE;
}

static gboolean
add_client_scalar (FcRecord    *record,
                   const char  *name,
                   gboolean     create,
                   JsonObject  *input,
                   GError     **error)
{
  g_autofree char *text = NULL;

  if (g_str_equal (name, "isCompany"))
    {
      gboolean value;

      if (!value_to_boolean (record, name, &value, error))
        return FALSE;
      json_object_set_boolean_member (input, name, value);
      return TRUE;
    }

  if (!value_to_string (record, name, &text, error))
    return FALSE;
  if (g_str_equal (name, "title"))
    {
      const char *value = NULL;

      if (text != NULL && *text != '\0' && !title_to_enum (text, &value, error))
        return FALSE;
      if (value != NULL)
        json_object_set_string_member (input, name, value);
      else if (!create)
        json_object_set_null_member (input, name);
      return TRUE;
    }

  /* firstName, lastName, companyName: a cleared name is empty text */
  if (text != NULL || !create)
    json_object_set_string_member (input, name, text != NULL ? text : "");
  return TRUE;
}

static gboolean
client_input (const FcJobberType  *type,
              FcRecord            *record,
              JsonObject          *current,
              gboolean             create,
              JsonObject          *input,
              GError             **error)
{
  static const char * const scalars[] = {
    "title", "firstName", "lastName", "companyName", "isCompany", NULL
  };
  g_auto (GStrv) names = fc_record_list_fields (record);

  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *name = names[i];

      if (g_strv_contains (scalars, name))
        {
          if (!add_client_scalar (record, name, create, input, error))
            return FALSE;
        }
      else if (!is_read_only (type, name) && !g_str_equal (name, "email")
               && !g_str_equal (name, "emails") && !g_str_equal (name, "phone")
               && !g_str_equal (name, "phones") && !g_str_has_prefix (name, "billingAddress."))
        {
          g_set_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_VALIDATION,
                       _("Jobber clients have no field “%s” that can be written"), name);
          return FALSE;
        }
    }

  return _fc_jobber_contacts_input (record, TRUE, _fc_json_get_array (current, "emails"),
                                    create, input, error)
         && _fc_jobber_contacts_input (record, FALSE, _fc_json_get_array (current, "phones"),
                                       create, input, error)
         && add_address (record, current, input, error);
}

/* ---- jobs and quotes ------------------------------------------------------------------- */

/* One line item for a total: Jobber computes totals from line items. */
static JsonArray *
line_items_for (FcRecord   *record,
                double      total)
{
  JsonArray *items = json_array_new ();
  JsonObject *item = json_object_new ();
  const char *title = fc_record_get_string (record, "title");

  json_object_set_string_member (item, "name", title != NULL && *title != '\0' ? title : "Total");
  json_object_set_double_member (item, "unitPrice", total);
  json_object_set_double_member (item, "quantity", 1.0);
  json_object_set_boolean_member (item, "saveToProductsAndServices", FALSE);
  json_array_add_object_element (items, item);
  return items;
}

/* On an edit, what only a create sets must equal what the record already has. */
static gboolean
check_unchanged (const FcJobberType  *type,
                 FcRecord            *record,
                 const char          *name,
                 JsonObject          *current,
                 GError             **error)
{
  const char *singular = type->singular;

  if (g_str_equal (name, "total"))
    {
      JsonObject *holder = type->kind == FC_JOBBER_QUOTES
                           ? _fc_json_get_object (current, "amounts") : current;
      double wanted = 0, now = 0;
      gboolean null = FALSE;
      JsonNode *node = holder != NULL ? json_object_get_member (holder, "total") : NULL;

      if (!value_to_double (record, name, &wanted, &null, error) && !null)
        return FALSE;
      if (node != NULL && JSON_NODE_HOLDS_VALUE (node))
        now = json_node_get_double (node);
      if (!null && (wanted - now > 0.005 || now - wanted > 0.005))
        {
          g_set_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_VALIDATION,
                       _("Jobber computes a %s’s total from its line items; FluxCascade sets it "
                         "only when it creates the %s (total %.2f, asked %.2f)"),
                       singular, singular, now, wanted);
          return FALSE;
        }
      return TRUE;
    }
  else
    {
      const char *member = g_str_equal (name, "propertyId") ? "property" : "client";
      const char *now = _fc_json_get_string (_fc_json_get_object (current, member), "id");
      g_autofree char *wanted = NULL;

      if (!value_to_string (record, name, &wanted, error))
        return FALSE;
      if (wanted != NULL && *wanted != '\0' && g_strcmp0 (wanted, now) != 0)
        {
          g_set_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_VALIDATION,
                       _("A Jobber %s cannot move to another %s (%s “%s”)"), singular, member,
                       name, wanted);
          return FALSE;
        }
      return TRUE;
    }
}

static gboolean
work_input (const FcJobberType  *type,
            FcRecord            *record,
            JsonObject          *current,
            gboolean             create,
            JsonObject          *input,
            GError             **error)
{
  const char *text_field = type->kind == FC_JOBBER_JOBS ? "instructions" : "message";
  g_auto (GStrv) names = fc_record_list_fields (record);

  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *name = names[i];

      if (g_str_equal (name, "title") || g_str_equal (name, text_field))
        {
          g_autofree char *text = NULL;

          if (!value_to_string (record, name, &text, error))
            return FALSE;
          if (text != NULL || !create)
            json_object_set_string_member (input, name, text != NULL ? text : "");
        }
      else if (g_str_equal (name, "total") || g_str_equal (name, "clientId")
               || g_str_equal (name, "client") || g_str_equal (name, "propertyId"))
        {
          double total;
          gboolean null;

          if (!create && !check_unchanged (type, record, name, current, error))
            return FALSE;
          if (create && g_str_equal (name, "total"))
            {
              if (value_to_double (record, name, &total, &null, error))
                json_object_set_array_member (input, "lineItems",
                                              line_items_for (record, total));
              else if (!null)
                return FALSE;
            }
        }
      else if (!is_read_only (type, name))
        {
          g_set_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_VALIDATION,
                       _("Jobber %s have no field “%s” that can be written"), type->name, name);
          return FALSE;
        }
    }
  return TRUE;
}

JsonObject *
_fc_jobber_create_input (const FcJobberType  *type,
                         FcRecord            *record,
                         const char          *property_id,
                         GError             **error)
{
  g_autoptr (JsonObject) input = json_object_new ();

  if (type->kind == FC_JOBBER_CLIENTS)
    return client_input (type, record, NULL, TRUE, input, error)
           ? g_steal_pointer (&input) : NULL;

  if (!work_input (type, record, NULL, TRUE, input, error))
    return NULL;
  json_object_set_string_member (input, "propertyId", property_id);

  if (type->kind == FC_JOBBER_JOBS)
    {
      JsonObject *scheduling = json_object_new ();
      JsonObject *invoicing = json_object_new ();

      /* Unscheduled, invoiced once when done: the job of a won deal, to be planned in Jobber */
      json_object_set_boolean_member (scheduling, "createVisits", FALSE);
      json_object_set_boolean_member (scheduling, "notifyTeam", FALSE);
      json_object_set_string_member (invoicing, "invoicingType", "FIXED_PRICE");
      json_object_set_string_member (invoicing, "invoicingSchedule", "ON_COMPLETION");
      json_object_set_object_member (input, "scheduling", scheduling);
      json_object_set_object_member (input, "invoicing", invoicing);
    }
  else
    {
      json_object_set_string_member (input, "clientId", _fc_jobber_record_client_id (record));
      if (!json_object_has_member (input, "lineItems"))
        json_object_set_array_member (input, "lineItems", json_array_new ());
    }
  return g_steal_pointer (&input);
}

JsonObject *
_fc_jobber_edit_input (const FcJobberType  *type,
                       FcRecord            *record,
                       JsonObject          *current,
                       GError             **error)
{
  g_autoptr (JsonObject) input = json_object_new ();
  gboolean ok = type->kind == FC_JOBBER_CLIENTS
                ? client_input (type, record, current, FALSE, input, error)
                : work_input (type, record, current, FALSE, input, error);

  return ok ? g_steal_pointer (&input) : NULL;
}
