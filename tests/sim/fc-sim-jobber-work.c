/* fc-sim-jobber-work.c: jobs and quotes: created and edited from the API's input types with
 * userErrors, their line items, numbers, amounts and statuses
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-sim-jobber"

#include "config.h"

#include <string.h>

#include "fc-sim-jobber-private.h"

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node)
         && json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : NULL;
}

static double
member_double (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_double (node) : 0;
}

/* Copies the members @names that @input has; with @keep_on_null a null leaves the value */
static void
copy_members (JsonObject          *fields,
              JsonObject          *input,
              const char * const  *names,
              gboolean             keep_on_null)
{
  for (guint i = 0; names[i] != NULL; i++)
    {
      JsonNode *value = json_object_get_member (input, names[i]);

      if (value != NULL && !(keep_on_null && JSON_NODE_HOLDS_NULL (value)))
        json_object_set_member (fields, names[i], json_node_copy (value));
    }
}

/* Line items */

static void
add_line_items (FcSimJobber *jb,
                JsonObject  *fields,
                JsonArray   *inputs,
                const char  *argument,
                JsonArray   *errors)
{
  static const char * const members[] = {
    "name", "description", "category", "unitPrice", "quantity", "taxable", "unitCost",
    "optional", "recommended", NULL
  };
  JsonArray *items = _fc_sim_json_array (fields, "lineItems");
  gint64 now = _fc_sim_now_ms (jb->provider->sim);

  if (items == NULL)
    {
      items = json_array_new ();
      json_object_set_array_member (fields, "lineItems", items);
    }

  for (guint i = 0; inputs != NULL && i < json_array_get_length (inputs); i++)
    {
      JsonObject *input = _fc_sim_json_array_object (inputs, i);
      JsonObject *item = json_object_new ();
      g_autofree char *index = g_strdup_printf ("%u", i);
      const char *name = member_string (input, "name");

      if (name == NULL || name[0] == '\0')
        _fc_sim_jobber_add_user_error (errors, "Line item name can't be blank", argument,
                                       "lineItems", index, "name", NULL);
      if (member_double (input, "quantity") < 0)
        _fc_sim_jobber_add_user_error (errors, "Quantity must be greater than or equal to 0",
                                       argument, "lineItems", index, "quantity", NULL);

      json_object_set_int_member (item, "id", jb->next_item_id++);
      json_object_set_string_member (item, "description", "");
      json_object_set_string_member (item, "category", "Service");
      json_object_set_boolean_member (item, "taxable", FALSE);
      json_object_set_double_member (item, "unitCost", 0);
      json_object_set_boolean_member (item, "optional", FALSE);
      copy_members (item, input, members, TRUE);
      json_object_set_int_member (item, "createdMs", now);
      json_object_set_int_member (item, "updatedMs", now);
      json_array_add_object_element (items, item);
    }
}

/* The sum of unitPrice times quantity over the line items that are not optional */
double
_fc_sim_jobber_line_total (FcSimRecord *record)
{
  JsonArray *items = _fc_sim_json_array (record->fields, "lineItems");
  double total = 0;

  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonObject *item = _fc_sim_json_array_object (items, i);

      if (!json_object_get_boolean_member_with_default (item, "optional", FALSE))
        total += member_double (item, "unitPrice") * member_double (item, "quantity");
    }

  return total;
}

static double
modifier (JsonObject *cost_modifier,
          double      base)
{
  const char *type = member_string (cost_modifier, "type");
  double rate = member_double (cost_modifier, "rate");

  if (cost_modifier == NULL)
    return 0;

  return g_strcmp0 (type, "Percent") == 0 ? base * rate / 100.0 : rate;
}

/* QuoteAmounts without taxes: subtotal, discount, total and the required deposit */
void
_fc_sim_jobber_quote_amounts (FcSimRecord *quote,
                              double      *subtotal,
                              double      *discount,
                              double      *total,
                              double      *deposit)
{
  *subtotal = _fc_sim_jobber_line_total (quote);
  *discount = MIN (modifier (_fc_sim_json_object (quote->fields, "discount"), *subtotal),
                   *subtotal);
  *total = *subtotal - *discount;
  *deposit = modifier (_fc_sim_json_object (quote->fields, "deposit"), *total);
}

/* Numbers: given ones must be free; new ones follow the highest so far */

static gboolean
number_taken (FcSimJobber         *jb,
              FcSimJobberObjectId  object,
              const char          *field,
              gint64               number,
              FcSimRecord         *self)
{
  FcSimCollection *collection = jb->objects[object];

  for (guint i = 0; i < _fc_sim_collection_get_length (collection); i++)
    {
      FcSimRecord *record = _fc_sim_collection_get_nth (collection, i);
      const char *text = _fc_sim_jobber_string (record, field);
      gint64 value = text != NULL ? g_ascii_strtoll (text, NULL, 10)
                                  : _fc_sim_jobber_int (record, field);

      if (record != self && record->deleted_ms == 0 && value == number)
        return TRUE;
    }

  return FALSE;
}

/* Schedules */

static gint64
date_at (const char *date,
         const char *time)
{
  g_autofree char *text = g_strdup_printf ("%sT%s%sZ", date, time != NULL ? time : "00:00:00",
                                           time != NULL && strlen (time) == 5 ? ":00" : "");
  gint64 ms = 0;

  return _fc_sim_parse_iso (text, &ms) ? ms : 0;
}

static gint64
add_duration (gint64      start_ms,
              const char *units,
              gint64      value)
{
  g_autoptr (GDateTime) start = g_date_time_new_from_unix_utc (start_ms / 1000);
  g_autoptr (GDateTime) end = NULL;

  if (g_strcmp0 (units, "WEEKS") == 0)
    end = g_date_time_add_weeks (start, (gint) value);
  else if (g_strcmp0 (units, "MONTHS") == 0)
    end = g_date_time_add_months (start, (gint) value);
  else if (g_strcmp0 (units, "YEARS") == 0)
    end = g_date_time_add_years (start, (gint) value);
  else
    end = g_date_time_add_days (start, (gint) value);

  return g_date_time_to_unix (end) * 1000;
}

/* startAt and endAt from timeframe {startAt, durationUnits, durationValue} and the scheduling
 * times; jobType from scheduling.recurrence */
static void
apply_schedule (JsonObject *fields,
                JsonObject *input)
{
  JsonObject *timeframe = _fc_sim_json_object (input, "timeframe");
  JsonObject *scheduling = _fc_sim_json_object (input, "scheduling");
  const char *date = member_string (timeframe, "startAt");
  const char *start_time = member_string (scheduling, "startTime");
  const char *end_time = member_string (scheduling, "endTime");
  JsonObject *invoicing = _fc_sim_json_object (input, "invoicing");
  gint64 duration;

  if (scheduling != NULL)
    json_object_set_string_member (fields, "jobType",
                                   member_string (scheduling, "recurrence") != NULL
                                   ? "RECURRING" : "ONE_OFF");
  if (invoicing != NULL && member_string (invoicing, "invoicingType") != NULL)
    json_object_set_string_member (fields, "billingType",
                                   member_string (invoicing, "invoicingType"));
  if (date == NULL)
    return;

  json_object_set_int_member (fields, "startAt", date_at (date, start_time));
  duration = json_object_get_int_member_with_default (timeframe, "durationValue", 0);
  if (duration > 0)
    json_object_set_int_member (fields, "endAt",
                                add_duration (date_at (date, end_time != NULL ? end_time
                                                                              : start_time),
                                              member_string (timeframe, "durationUnits"),
                                              duration));
  else if (end_time != NULL)
    json_object_set_int_member (fields, "endAt", date_at (date, end_time));
  else
    json_object_remove_member (fields, "endAt");
}

/* Jobs */

static gboolean
apply_job_input (FcSimJobber *jb,
                 JsonObject  *fields,
                 JsonObject  *input,
                 FcSimRecord *self,
                 JsonArray   *errors)
{
  static const char * const members[] = { "title", "instructions", NULL };
  JsonNode *number = json_object_get_member (input, "jobNumber");
  guint before = json_array_get_length (errors);

  copy_members (fields, input, members, FALSE);
  if (number != NULL && JSON_NODE_HOLDS_VALUE (number))
    {
      if (json_node_get_int (number) < 1
          || number_taken (jb, FC_SIM_JB_JOBS, "jobNumber", json_node_get_int (number), self))
        _fc_sim_jobber_add_user_error (errors, "Job number has already been taken or is not "
                                               "positive", "input", "jobNumber", NULL);
      json_object_set_int_member (fields, "jobNumber", json_node_get_int (number));
      jb->next_job_number = MAX (jb->next_job_number, json_node_get_int (number) + 1);
    }
  apply_schedule (fields, input);

  return json_array_get_length (errors) == before;
}

/* Creates a job from JobCreateAttributes on a property of a client */
FcSimRecord *
_fc_sim_jobber_job_create (FcSimJobber *jb,
                           JsonObject  *input,
                           FcSimSource  source,
                           JsonArray   *errors)
{
  FcSimRecord *property = _fc_sim_jobber_lookup (jb, FC_SIM_JB_PROPERTIES,
                                                 member_string (input, "propertyId"));
  const char *quote_id = member_string (input, "quoteId");
  FcSimRecord *quote = quote_id != NULL ? _fc_sim_jobber_lookup (jb, FC_SIM_JB_QUOTES, quote_id)
                                        : NULL;
  g_autoptr (JsonObject) fields = json_object_new ();
  FcSimRecord *job;

  if (property == NULL)
    _fc_sim_jobber_add_user_error (errors, "Property not found", "input", "propertyId", NULL);
  if (quote_id != NULL && quote == NULL)
    _fc_sim_jobber_add_user_error (errors, "Quote not found", "input", "quoteId", NULL);
  json_object_set_string_member (fields, "jobType", "ONE_OFF");
  json_object_set_string_member (fields, "billingType", "FIXED_PRICE");
  add_line_items (jb, fields, _fc_sim_json_array (input, "lineItems"), "input", errors);
  if (!apply_job_input (jb, fields, input, NULL, errors) || json_array_get_length (errors) > 0)
    return NULL;

  if (!json_object_has_member (fields, "jobNumber"))
    json_object_set_int_member (fields, "jobNumber",
                                jb->next_job_number++);
  json_object_set_int_member (fields, "clientId", _fc_sim_jobber_int (property, "clientId"));
  json_object_set_int_member (fields, "propertyId", property->id);
  if (quote != NULL)
    json_object_set_int_member (fields, "quoteId", quote->id);

  job = _fc_sim_jobber_insert (jb, FC_SIM_JB_JOBS);
  json_object_unref (job->fields);
  job->fields = g_steal_pointer (&fields);
  _fc_sim_jobber_touch (jb, FC_SIM_JB_JOBS, job, "CREATE", source);
  return job;
}

static gboolean
commit_edit (FcSimJobber         *jb,
             FcSimJobberObjectId  object,
             FcSimRecord         *record,
             JsonNode            *original,
             JsonNode            *copy,
             FcSimSource          source)
{
  if (json_node_equal (original, copy))
    return TRUE;

  json_object_unref (record->fields);
  record->fields = json_object_ref (json_node_get_object (copy));
  _fc_sim_jobber_touch (jb, object, record, "UPDATE", source);
  return TRUE;
}

gboolean
_fc_sim_jobber_job_edit (FcSimJobber *jb,
                         FcSimRecord *job,
                         JsonObject  *input,
                         FcSimSource  source,
                         JsonArray   *errors)
{
  g_autoptr (JsonNode) original = json_node_new (JSON_NODE_OBJECT);
  g_autoptr (JsonNode) copy = NULL;

  json_node_set_object (original, job->fields);
  copy = _fc_sim_jobber_deep_copy (original);
  if (!apply_job_input (jb, json_node_get_object (copy), input, job, errors))
    return FALSE;

  return commit_edit (jb, FC_SIM_JB_JOBS, job, original, copy, source);
}

/* jobStatus: set by the control API, else worked out from the schedule and the clock */
const char *
_fc_sim_jobber_job_status (FcSimJobber *jb,
                           FcSimRecord *job)
{
  const char *status = _fc_sim_jobber_string (job, "jobStatus");
  gint64 now = _fc_sim_now_ms (jb->provider->sim);
  gint64 start = _fc_sim_jobber_int (job, "startAt");
  gint64 end = _fc_sim_jobber_int (job, "endAt");
  const gint64 day_ms = 24 * 60 * 60 * 1000;

  if (status != NULL)
    return status;
  if (!json_object_has_member (job->fields, "startAt"))
    return "unscheduled";
  if (start > now)
    return start / day_ms == now / day_ms ? "today" : "upcoming";
  if (json_object_has_member (job->fields, "endAt") && end < now)
    return "late";

  return "active";
}

/* Quotes */

static gboolean
apply_quote_input (FcSimJobber *jb,
                   JsonObject  *fields,
                   JsonObject  *input,
                   FcSimRecord *self,
                   JsonArray   *errors)
{
  static const char * const members[] = { "title", "message", "discount", "deposit", NULL };
  JsonNode *number = json_object_get_member (input, "quoteNumber");
  guint before = json_array_get_length (errors);

  copy_members (fields, input, members, FALSE);
  if (number != NULL && JSON_NODE_HOLDS_VALUE (number))
    {
      gint64 value = json_node_get_value_type (number) == G_TYPE_STRING
                     ? g_ascii_strtoll (json_node_get_string (number), NULL, 10)
                     : json_node_get_int (number);
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);

      if (value < 1 || number_taken (jb, FC_SIM_JB_QUOTES, "quoteNumber", value, self))
        _fc_sim_jobber_add_user_error (errors, "Quote number has already been taken or is not "
                                               "a positive number", "attributes", "quoteNumber",
                                       NULL);
      json_object_set_string_member (fields, "quoteNumber", text);
      jb->next_quote_number = MAX (jb->next_quote_number, value + 1);
    }

  return json_array_get_length (errors) == before;
}

/* Creates a quote from QuoteCreateAttributes: a client, one of its properties, line items */
FcSimRecord *
_fc_sim_jobber_quote_create (FcSimJobber *jb,
                             JsonObject  *input,
                             FcSimSource  source,
                             JsonArray   *errors)
{
  FcSimRecord *client = _fc_sim_jobber_lookup (jb, FC_SIM_JB_CLIENTS,
                                               member_string (input, "clientId"));
  FcSimRecord *property = _fc_sim_jobber_lookup (jb, FC_SIM_JB_PROPERTIES,
                                                 member_string (input, "propertyId"));
  JsonArray *items = _fc_sim_json_array (input, "lineItems");
  g_autoptr (JsonObject) fields = json_object_new ();
  FcSimRecord *quote;

  if (client == NULL)
    _fc_sim_jobber_add_user_error (errors, "Client not found", "attributes", "clientId", NULL);
  if (property == NULL)
    _fc_sim_jobber_add_user_error (errors, "Property not found", "attributes", "propertyId",
                                   NULL);
  else if (client != NULL && _fc_sim_jobber_int (property, "clientId") != client->id)
    _fc_sim_jobber_add_user_error (errors, "The property does not belong to the client",
                                   "attributes", "propertyId", NULL);
  if (items == NULL || json_array_get_length (items) == 0)
    _fc_sim_jobber_add_user_error (errors, "A quote needs at least one line item", "attributes",
                                   "lineItems", NULL);
  add_line_items (jb, fields, items, "attributes", errors);
  if (!apply_quote_input (jb, fields, input, NULL, errors) || json_array_get_length (errors) > 0)
    return NULL;

  if (!json_object_has_member (fields, "quoteNumber"))
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT,
                                               jb->next_quote_number++);

      json_object_set_string_member (fields, "quoteNumber", text);
    }
  json_object_set_int_member (fields, "clientId", client->id);
  json_object_set_int_member (fields, "propertyId", property->id);
  json_object_set_string_member (fields, "quoteStatus", "draft");

  quote = _fc_sim_jobber_insert (jb, FC_SIM_JB_QUOTES);
  json_object_unref (quote->fields);
  quote->fields = g_steal_pointer (&fields);
  json_object_set_int_member (quote->fields, "transitionedAt", quote->created_ms);
  _fc_sim_jobber_touch (jb, FC_SIM_JB_QUOTES, quote, "CREATE", source);
  return quote;
}

gboolean
_fc_sim_jobber_quote_edit (FcSimJobber *jb,
                           FcSimRecord *quote,
                           JsonObject  *input,
                           FcSimSource  source,
                           JsonArray   *errors)
{
  g_autoptr (JsonNode) original = json_node_new (JSON_NODE_OBJECT);
  g_autoptr (JsonNode) copy = NULL;

  json_node_set_object (original, quote->fields);
  copy = _fc_sim_jobber_deep_copy (original);
  if (!apply_quote_input (jb, json_node_get_object (copy), input, quote, errors))
    return FALSE;

  return commit_edit (jb, FC_SIM_JB_QUOTES, quote, original, copy, source);
}
