/* fc-sim-jobber-mutations.c: the mutations the simulator serves and their payloads; validation
 * failures come back as userErrors with a null object, never as top-level errors
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-sim-jobber"

#include "config.h"

#include "fc-sim-jobber-private.h"

static void
payload_free (gpointer data)
{
  FcSimJobberPayload *payload = data;

  g_clear_pointer (&payload->records, g_ptr_array_unref);
  json_array_unref (payload->user_errors);
  g_free (payload);
}

static FcSimJobberPayload *
payload_new (FcSimJobberObjectId object)
{
  FcSimJobberPayload *payload = g_new0 (FcSimJobberPayload, 1);

  payload->object = object;
  payload->user_errors = json_array_new ();
  return payload;
}

static FcSimGqlValue *
payload_value (const FcSimGqlCall *call,
               FcSimJobberPayload *payload)
{
  g_autofree char *type = g_strdup_printf ("%c%sPayload", g_ascii_toupper (call->field_name[0]),
                                           call->field_name + 1);

  /* With userErrors the object is null: nothing was saved */
  if (json_array_get_length (payload->user_errors) > 0)
    {
      payload->record = NULL;
      payload->client = NULL;
      g_clear_pointer (&payload->records, g_ptr_array_unref);
    }

  return _fc_sim_gql_value_object (type, payload, call->user_data, payload_free);
}

static FcSimGqlValue *
record_or_null (FcSimJobberObjectId  object,
                FcSimRecord         *record)
{
  if (record == NULL || record->deleted_ms != 0)
    return _fc_sim_gql_value_null ();

  return _fc_sim_gql_value_object (_fc_sim_jobber_get_object (object)->type, record, NULL, NULL);
}

static FcSimGqlValue *
resolve_payload (const FcSimGqlCall  *call,
                 GError             **error)
{
  FcSimJobberPayload *payload = call->object;
  FcSimGqlValue *list;

  if (g_str_equal (call->field_name, "userErrors"))
    {
      list = _fc_sim_gql_value_list ();
      for (guint i = 0; i < json_array_get_length (payload->user_errors); i++)
        {
          JsonObject *entry = _fc_sim_json_array_object (payload->user_errors, i);

          _fc_sim_gql_value_append (list, _fc_sim_gql_value_object ("MutationErrors",
                                                                    json_object_ref (entry), NULL,
                                                                    (GDestroyNotify)
                                                                    json_object_unref));
        }
      return list;
    }

  if (g_str_equal (call->field_name, "app"))
    return _fc_sim_gql_value_object ("Application",
                                     json_array_get_length (payload->user_errors) == 0
                                     ? call->extra : NULL,
                                     NULL, NULL);

  if (g_str_equal (call->field_name, "properties"))
    {
      list = _fc_sim_gql_value_list ();
      for (guint i = 0; payload->records != NULL && i < payload->records->len; i++)
        _fc_sim_gql_value_append (list, record_or_null (FC_SIM_JB_PROPERTIES,
                                                        g_ptr_array_index (payload->records, i)));
      return list;
    }

  if (payload->object == FC_SIM_JB_PROPERTIES)
    return record_or_null (FC_SIM_JB_CLIENTS, payload->client);

  return record_or_null (payload->object, payload->record);
}

/* Finds the record an EncodedId argument names, or adds "<Type> not found" to userErrors */
static FcSimRecord *
argument_record (const FcSimGqlCall  *call,
                 FcSimJobberPayload  *payload,
                 FcSimJobberObjectId  object,
                 const char          *argument)
{
  const char *id = json_object_get_string_member_with_default (call->args, argument, NULL);
  FcSimRecord *record = _fc_sim_jobber_lookup (call->user_data, object, id);
  g_autofree char *message = NULL;

  if (record == NULL)
    {
      message = g_strdup_printf ("%s not found", _fc_sim_jobber_get_object (object)->type);
      _fc_sim_jobber_add_user_error (payload->user_errors, message, argument, NULL);
    }

  return record;
}

static FcSimGqlValue *
client_create (const FcSimGqlCall  *call,
               GError             **error)
{
  FcSimJobberPayload *payload = payload_new (FC_SIM_JB_CLIENTS);

  payload->record = _fc_sim_jobber_client_create (call->user_data,
                                                  _fc_sim_json_object (call->args, "input"),
                                                  FC_SIM_SOURCE_API, payload->user_errors);
  return payload_value (call, payload);
}

static FcSimGqlValue *
client_edit (const FcSimGqlCall  *call,
             GError             **error)
{
  FcSimJobberPayload *payload = payload_new (FC_SIM_JB_CLIENTS);
  FcSimRecord *client = argument_record (call, payload, FC_SIM_JB_CLIENTS, "clientId");

  if (client != NULL
      && _fc_sim_jobber_client_edit (call->user_data, client,
                                     _fc_sim_json_object (call->args, "input"),
                                     FC_SIM_SOURCE_API, payload->user_errors))
    payload->record = client;

  return payload_value (call, payload);
}

static FcSimGqlValue *
client_archive (const FcSimGqlCall  *call,
                GError             **error)
{
  FcSimJobberPayload *payload = payload_new (FC_SIM_JB_CLIENTS);
  FcSimRecord *client = argument_record (call, payload, FC_SIM_JB_CLIENTS, "clientId");

  if (client != NULL)
    {
      _fc_sim_jobber_client_archive (call->user_data, client, FC_SIM_SOURCE_API);
      payload->record = client;
    }

  return payload_value (call, payload);
}

static FcSimGqlValue *
property_create (const FcSimGqlCall  *call,
                 GError             **error)
{
  FcSimJobberPayload *payload = payload_new (FC_SIM_JB_PROPERTIES);
  FcSimRecord *client = argument_record (call, payload, FC_SIM_JB_CLIENTS, "clientId");
  JsonArray *properties = _fc_sim_json_array (_fc_sim_json_object (call->args, "input"),
                                              "properties");

  if (properties == NULL || json_array_get_length (properties) == 0)
    _fc_sim_jobber_add_user_error (payload->user_errors, "At least one property is required",
                                   "input", "properties", NULL);
  if (client != NULL && json_array_get_length (payload->user_errors) == 0)
    {
      payload->client = client;
      payload->records = _fc_sim_jobber_properties_create (call->user_data, client, properties,
                                                           FC_SIM_SOURCE_API,
                                                           payload->user_errors);
    }

  return payload_value (call, payload);
}

static FcSimGqlValue *
job_create (const FcSimGqlCall  *call,
            GError             **error)
{
  FcSimJobberPayload *payload = payload_new (FC_SIM_JB_JOBS);

  payload->record = _fc_sim_jobber_job_create (call->user_data,
                                               _fc_sim_json_object (call->args, "input"),
                                               FC_SIM_SOURCE_API, payload->user_errors);
  return payload_value (call, payload);
}

static FcSimGqlValue *
job_edit (const FcSimGqlCall  *call,
          GError             **error)
{
  FcSimJobberPayload *payload = payload_new (FC_SIM_JB_JOBS);
  FcSimRecord *job = argument_record (call, payload, FC_SIM_JB_JOBS, "jobId");

  if (job != NULL
      && _fc_sim_jobber_job_edit (call->user_data, job, _fc_sim_json_object (call->args, "input"),
                                  FC_SIM_SOURCE_API, payload->user_errors))
    payload->record = job;

  return payload_value (call, payload);
}

static FcSimGqlValue *
quote_create (const FcSimGqlCall  *call,
              GError             **error)
{
  FcSimJobberPayload *payload = payload_new (FC_SIM_JB_QUOTES);

  payload->record = _fc_sim_jobber_quote_create (call->user_data,
                                                 _fc_sim_json_object (call->args, "attributes"),
                                                 FC_SIM_SOURCE_API, payload->user_errors);
  return payload_value (call, payload);
}

static FcSimGqlValue *
quote_edit (const FcSimGqlCall  *call,
            GError             **error)
{
  FcSimJobberPayload *payload = payload_new (FC_SIM_JB_QUOTES);
  FcSimRecord *quote = argument_record (call, payload, FC_SIM_JB_QUOTES, "quoteId");

  if (quote != NULL
      && _fc_sim_jobber_quote_edit (call->user_data, quote,
                                    _fc_sim_json_object (call->args, "attributes"),
                                    FC_SIM_SOURCE_API, payload->user_errors))
    payload->record = quote;

  return payload_value (call, payload);
}

/* The app disconnects itself: its tokens die, APP_DISCONNECT goes out */
static FcSimGqlValue *
app_disconnect (const FcSimGqlCall  *call,
                GError             **error)
{
  FcSimJobberPayload *payload = payload_new (FC_SIM_JB_CLIENTS);

  _fc_sim_jobber_set_disconnected (call->user_data, TRUE, FC_SIM_SOURCE_API);
  return payload_value (call, payload);
}

void
_fc_sim_jobber_bind_mutations (FcSimGqlSchema *schema)
{
  static const struct { const char *name; FcSimGqlResolve resolve; } mutations[] = {
    { "appDisconnect", app_disconnect },
    { "clientArchive", client_archive },
    { "clientCreate", client_create },
    { "clientEdit", client_edit },
    { "jobCreate", job_create },
    { "jobEdit", job_edit },
    { "propertyCreate", property_create },
    { "quoteCreate", quote_create },
    { "quoteEdit", quote_edit },
  };

  for (guint i = 0; i < G_N_ELEMENTS (mutations); i++)
    {
      g_autofree char *payload = g_strdup_printf ("%c%sPayload",
                                                  g_ascii_toupper (mutations[i].name[0]),
                                                  mutations[i].name + 1);

      _fc_sim_gql_schema_bind (schema, "Mutation", mutations[i].name, mutations[i].resolve, NULL);
      _fc_sim_gql_schema_bind (schema, payload, NULL, resolve_payload, NULL);
    }
}
