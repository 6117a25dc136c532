/* fc-jobber-writes.c: Jobber creates, edits and archives, several records per GraphQL request
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-jobber"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "fc-jobber-connector-private.h"

/* Records are written WRITE_BATCH at a time, as aliased mutations (w0, w1, ...) of one
 * document. Before the mutations of a batch go out, each batch gathers what it needs:
 *
 * - edits of clients whose emails, phones or billing address change read the clients first,
 *   so that entries are edited by id (only what changes is sent); edits of jobs and quotes
 *   that name a client, property or total read them to check they stay the same;
 * - jobs and quotes created without a property go to their client's first property; a client
 *   without one gets a property at its billing address first (propertyCreate).
 *
 * A mutation's userErrors fail its record (VALIDATION, with Jobber's messages and paths); an
 * error that names an alias fails that record; an error of the whole request fails the batch,
 * and a provider that cannot be used (AUTH, NETWORK, RATE_LIMITED) fails the rest, or the
 * whole write when nothing was written yet. */

#define WRITE_BATCH 20

#define PROPERTY_LOOKUP \
  "id billingAddress { street1 street2 city province postalCode country } " \
  "clientProperties(first: 1) { nodes { id } }"

typedef enum
{
  OP_CREATE,
  OP_UPDATE,
  OP_DELETE,
} Operation;

typedef void (*WriteStep) (GTask *task);

typedef struct
{
  const FcJobberType *type;
  Operation           operation;
  char               *what;
  GPtrArray          *records;     /* FcRecord */
  GPtrArray          *results;     /* FcWriteResult, NULL until known; as long as records */
  guint               start;       /* the batch: records[start, end) */
  guint               end;
  GHashTable         *current;     /* id -> JsonObject: records as they are now */
  GHashTable         *properties;  /* client id -> property id */
  GHashTable         *addresses;   /* client id -> JsonObject billingAddress, no property */
  GPtrArray          *lookups;     /* ids of the query or mutation under way */
  GArray             *pending;     /* record indices of the mutation under way, by alias */
  gboolean            wrote;
} Write;

static void next_batch (GTask *task);
static void send_mutation (GTask *task);
static void create_properties (GTask *task);

static void
write_free (Write *write)
{
  g_free (write->what);
  g_clear_pointer (&write->records, g_ptr_array_unref);
  g_clear_pointer (&write->results, g_ptr_array_unref);
  g_clear_pointer (&write->current, g_hash_table_unref);
  g_clear_pointer (&write->properties, g_hash_table_unref);
  g_clear_pointer (&write->addresses, g_hash_table_unref);
  g_clear_pointer (&write->lookups, g_ptr_array_unref);
  g_clear_pointer (&write->pending, g_array_unref);
  g_free (write);
}

static gboolean
provider_unusable (const GError *error)
{
  return g_error_matches (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_AUTH)
         || g_error_matches (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_NETWORK)
         || g_error_matches (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_RATE_LIMITED);
}

/* ---- results --------------------------------------------------------------------------- */

static void
set_result (Write         *write,
            guint          index,
            FcWriteResult *result)
{
  g_assert (g_ptr_array_index (write->results, index) == NULL);
  write->results->pdata[index] = result;
}

/* "Creating Jobber clients, record 2: <what Jobber said>" */
static void
fail_record (Write        *write,
             guint         index,
             const GError *error,
             const char   *provider_code)
{
  FcRecord *record = g_ptr_array_index (write->records, index);
  gsize what_length = strlen (write->what);
  const char *message = error->message;
  g_autofree char *text = NULL;
  g_autoptr (GError) copy = NULL;

  if (strncmp (message, write->what, what_length) == 0
      && g_str_has_prefix (message + what_length, ": "))
    message += what_length + 2;
  text = g_strdup_printf (_("%s, record %u: %s"), write->what, index, message);
  /* a copy keeps the provider's raw answer that the error carries */
  copy = g_error_copy (error);
  g_free (copy->message);
  copy->message = g_steal_pointer (&text);
  set_result (write, index, fc_write_result_new_failure (index, fc_record_get_id (record), copy,
                                                         provider_code));
}

/* Fails every record of the batch (all of the rest with @rest) that has no result yet. */
static void
fail_open (Write        *write,
           gboolean      rest,
           const GError *error,
           const char   *provider_code)
{
  guint end = rest ? write->records->len : write->end;

  for (guint i = write->start; i < end; i++)
    if (g_ptr_array_index (write->results, i) == NULL)
      fail_record (write, i, error, provider_code);
  if (rest)
    write->end = write->records->len;
}

/* After a request of the batch failed as a whole: the task fails when nothing was written
 * and the provider cannot be used; otherwise the batch (or, for such a provider, everything
 * left) fails record by record. FALSE when the task is done. */
static gboolean
fail_request (GTask  *task,
              GError *error)
{
  Write *write = g_task_get_task_data (task);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || (provider_unusable (error) && !write->wrote))
    {
      g_task_return_error (task, error);
      return FALSE;
    }
  fail_open (write, provider_unusable (error), error, NULL);
  g_error_free (error);
  return TRUE;
}

/* ---- reading what the batch needs ------------------------------------------------------ */

/* Reads the ids in write->lookups with @selection; the answer goes to @callback. */
static void
read_lookups (GTask               *task,
              const char          *selection,
              const char          *what,
              GAsyncReadyCallback  callback)
{
  FcJobberConnector *self = g_task_get_source_object (task);
  Write *write = g_task_get_task_data (task);
  const FcJobberType *type = selection == NULL ? write->type : _fc_jobber_find_type ("clients");
  g_autoptr (JsonObject) variables = json_object_new ();
  g_autofree char *query = NULL;

  for (guint i = 0; i < write->lookups->len; i++)
    {
      g_autofree char *name = g_strdup_printf ("id%u", i);

      json_object_set_string_member (variables, name, g_ptr_array_index (write->lookups, i));
    }
  query = _fc_jobber_build_read_query (type, write->lookups->len, selection);
  _fc_jobber_graphql_async (self, query, variables,
                            selection == NULL ? _fc_jobber_type_cost (type, write->lookups->len)
                                              : 5 + write->lookups->len
                                                * (1 + _fc_jobber_selection_cost (selection)),
                            FC_HTTP_FLAG_NONE, what, g_task_get_cancellable (task), callback,
                            g_object_ref (task));
}

static void
on_current_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  Write *write = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) data = NULL;

  data = _fc_jobber_graphql_finish (FC_JOBBER_CONNECTOR (object), result, NULL, &error);
  if (data == NULL)
    {
      if (fail_request (task, g_steal_pointer (&error)))
        next_batch (task);
      return;
    }

  for (guint i = 0; i < write->lookups->len; i++)
    {
      g_autofree char *alias = g_strdup_printf ("r%u", i);
      JsonObject *node = _fc_json_get_object (data, alias);

      if (node != NULL)
        g_hash_table_replace (write->current, g_strdup (g_ptr_array_index (write->lookups, i)),
                              json_object_ref (node));
    }
  send_mutation (task);
}

static void
read_current (GTask *task)
{
  Write *write = g_task_get_task_data (task);

  g_ptr_array_set_size (write->lookups, 0);
  for (guint i = write->start; i < write->end; i++)
    {
      FcRecord *record = g_ptr_array_index (write->records, i);
      const char *id = fc_record_get_id (record);

      if (_fc_jobber_is_encoded_id (id) && _fc_jobber_needs_current (write->type, record)
          && !g_hash_table_contains (write->current, id))
        g_ptr_array_add (write->lookups, g_strdup (id));
    }
  if (write->lookups->len == 0)
    send_mutation (task);
  else
    read_lookups (task, NULL, write->what, on_current_cb);
}

static void
on_clients_looked_up_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  Write *write = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) data = NULL;

  data = _fc_jobber_graphql_finish (FC_JOBBER_CONNECTOR (object), result, NULL, &error);
  if (data == NULL)
    {
      if (fail_request (task, g_steal_pointer (&error)))
        next_batch (task);
      return;
    }

  for (guint i = 0; i < write->lookups->len; i++)
    {
      g_autofree char *alias = g_strdup_printf ("r%u", i);
      const char *client_id = g_ptr_array_index (write->lookups, i);
      JsonObject *client = _fc_json_get_object (data, alias);
      JsonArray *nodes = _fc_json_get_array (_fc_json_get_object (client, "clientProperties"),
                                             "nodes");
      JsonNode *first = nodes != NULL && json_array_get_length (nodes) > 0
                        ? json_array_get_element (nodes, 0) : NULL;
      const char *property = first != NULL && JSON_NODE_HOLDS_OBJECT (first)
                             ? _fc_json_get_string (json_node_get_object (first), "id") : NULL;

      if (property != NULL)
        g_hash_table_replace (write->properties, g_strdup (client_id), g_strdup (property));
      else if (client != NULL)
        g_hash_table_replace (write->addresses, g_strdup (client_id),
                              _fc_json_get_object (client, "billingAddress") != NULL
                              ? json_object_ref (_fc_json_get_object (client, "billingAddress"))
                              : json_object_new ());
    }
  create_properties (task);
}

/* Jobs and quotes to create without a property: their clients' first properties. */
static void
look_up_properties (GTask *task)
{
  Write *write = g_task_get_task_data (task);

  g_ptr_array_set_size (write->lookups, 0);
  for (guint i = write->start; i < write->end; i++)
    {
      FcRecord *record = g_ptr_array_index (write->records, i);
      const char *client = _fc_jobber_record_client_id (record);

      if (_fc_jobber_record_property_id (record) == NULL && _fc_jobber_is_encoded_id (client)
          && !g_hash_table_contains (write->properties, client)
          && !g_ptr_array_find_with_equal_func (write->lookups, client, g_str_equal, NULL))
        g_ptr_array_add (write->lookups, g_strdup (client));
    }
  if (write->lookups->len == 0)
    send_mutation (task);
  else
    read_lookups (task, PROPERTY_LOOKUP, write->what, on_clients_looked_up_cb);
}

static const FcJobberMutation property_create = {
  "propertyCreate", "clientId", "input", "PropertyCreateInput!", NULL, "properties", "id"
};

/* Fails the records of the batch that wait for @client's property. */
static void
fail_client_records (Write        *write,
                     const char   *client,
                     const GError *error)
{
  for (guint i = write->start; i < write->end; i++)
    {
      FcRecord *record = g_ptr_array_index (write->records, i);

      if (g_ptr_array_index (write->results, i) == NULL
          && _fc_jobber_record_property_id (record) == NULL
          && g_strcmp0 (_fc_jobber_record_client_id (record), client) == 0)
        fail_record (write, i, error, NULL);
    }
}

static void
on_properties_created_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  Write *write = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) data = NULL;
  g_autoptr (JsonArray) errors = NULL;

  data = _fc_jobber_graphql_finish (FC_JOBBER_CONNECTOR (object), result, &errors, &error);
  if (data == NULL)
    {
      if (fail_request (task, g_steal_pointer (&error)))
        next_batch (task);
      return;
    }

  for (guint i = 0; i < write->lookups->len; i++)
    {
      g_autofree char *alias = g_strdup_printf ("w%u", i);
      const char *client = g_ptr_array_index (write->lookups, i);
      JsonObject *payload = _fc_json_get_object (data, alias);
      JsonArray *user_errors = _fc_json_get_array (payload, "userErrors");
      JsonArray *created = _fc_json_get_array (payload, "properties");
      JsonNode *first = created != NULL && json_array_get_length (created) > 0
                        ? json_array_get_element (created, 0) : NULL;
      const char *property = first != NULL && JSON_NODE_HOLDS_OBJECT (first)
                             ? _fc_json_get_string (json_node_get_object (first), "id") : NULL;
      g_autoptr (GError) failure = NULL;
      g_autofree char *what = g_strdup_printf (_("Creating a property for Jobber client %s"),
                                               client);

      if (_fc_jobber_errors_to_error (errors, alias, what, NULL, &failure)
          || _fc_jobber_errors_to_error (user_errors, NULL, what, NULL, &failure))
        fail_client_records (write, client, failure);
      else if (property == NULL)
        {
          _fc_connector_set_bad_response (&failure, what, "no properties[0].id");
          fail_client_records (write, client, failure);
        }
      else
        {
          write->wrote = TRUE;
          g_hash_table_replace (write->properties, g_strdup (client), g_strdup (property));
        }
    }
  send_mutation (task);
}

/* Clients without a property get one at their billing address. */
static void
create_properties (GTask *task)
{
  FcJobberConnector *self = g_task_get_source_object (task);
  Write *write = g_task_get_task_data (task);
  g_autoptr (JsonObject) variables = json_object_new ();
  g_autofree char *mutation = NULL;
  GHashTableIter iter;
  gpointer key, value;

  g_ptr_array_set_size (write->lookups, 0);
  g_hash_table_iter_init (&iter, write->addresses);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree char *id_name = g_strdup_printf ("id%u", write->lookups->len);
      g_autofree char *in_name = g_strdup_printf ("in%u", write->lookups->len);
      JsonObject *input = json_object_new ();
      JsonArray *list = json_array_new ();
      JsonObject *property = json_object_new ();

      json_object_set_object_member (property, "address", json_object_ref (value));
      json_array_add_object_element (list, property);
      json_object_set_array_member (input, "properties", list);
      json_object_set_string_member (variables, id_name, key);
      json_object_set_object_member (variables, in_name, input);
      g_ptr_array_add (write->lookups, g_strdup (key));
    }
  g_hash_table_remove_all (write->addresses);

  if (write->lookups->len == 0)
    {
      send_mutation (task);
      return;
    }
  mutation = _fc_jobber_build_mutation ("CreateProperties", &property_create,
                                        write->lookups->len);
  _fc_jobber_graphql_async (self, mutation, variables, 5 + 3 * write->lookups->len,
                            FC_HTTP_FLAG_NOT_IDEMPOTENT, write->what,
                            g_task_get_cancellable (task), on_properties_created_cb,
                            g_object_ref (task));
}

/* ---- the mutations --------------------------------------------------------------------- */

static const FcJobberMutation *
mutation_for (const FcJobberType *type,
              Operation           operation)
{
  static const FcJobberMutation mutations[3][3] = {
    [FC_JOBBER_CLIENTS] = {
      [OP_CREATE] = { "clientCreate", NULL, "input", "ClientCreateInput!", NULL, "client", NULL },
      [OP_UPDATE] = { "clientEdit", "clientId", "input", "ClientEditInput!", NULL, "client",
                      NULL },
      [OP_DELETE] = { "clientArchive", "clientId", NULL, NULL, NULL, "client",
                      "id isArchived updatedAt" },
    },
    [FC_JOBBER_JOBS] = {
      [OP_CREATE] = { "jobCreate", NULL, "input", "JobCreateAttributes!", NULL, "job", NULL },
      [OP_UPDATE] = { "jobEdit", "jobId", "input", "JobEditInput!", NULL, "job", NULL },
      /* A job is archived by closing it; its future visits go */
      [OP_DELETE] = { "jobClose", "jobId", NULL, NULL,
                      "input: {modifyIncompleteVisitsBy: COMPLETE_PAST_DESTROY_FUTURE}", "job",
                      "id jobStatus updatedAt" },
    },
    [FC_JOBBER_QUOTES] = {
      [OP_CREATE] = { "quoteCreate", NULL, "attributes", "QuoteCreateAttributes!", NULL, "quote",
                      NULL },
      [OP_UPDATE] = { "quoteEdit", "quoteId", "attributes", "QuoteEditAttributes!", NULL, "quote",
                      NULL },
      [OP_DELETE] = { "quoteArchive", "id", NULL, NULL, NULL, "quote",
                      "id quoteStatus updatedAt" },
    },
  };

  return &mutations[type->kind][operation];
}

/* The property a job or quote is created at: its own, or its client's first one (looked up
 * or created before). */
static const char *
resolve_property (Write     *write,
                  FcRecord  *record,
                  GError   **error)
{
  const char *client = _fc_jobber_record_client_id (record);
  const char *property = _fc_jobber_record_property_id (record);

  if (property == NULL && client == NULL)
    g_set_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_VALIDATION,
                 _("A Jobber %s needs the client it is for: set “clientId”"),
                 write->type->singular);
  else if (property == NULL && !_fc_jobber_is_encoded_id (client))
    g_set_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_VALIDATION,
                 _("“%s” is not a Jobber client id"), client);
  else if (property == NULL
           && (property = g_hash_table_lookup (write->properties, client)) == NULL)
    g_set_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_NOT_FOUND,
                 _("Jobber has no client “%s”"), client);
  else if (!_fc_jobber_is_encoded_id (property))
    {
      g_set_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_VALIDATION,
                   _("“%s” is not a Jobber property id"), property);
      property = NULL;
    }
  return property;
}

/* The input of an edit; with @out_done set when nothing changes (the record is done). */
static JsonObject *
edit_input (Write       *write,
            guint        index,
            FcRecord    *record,
            gboolean    *out_done,
            GError     **error)
{
  const char *id = fc_record_get_id (record);
  JsonObject *current = g_hash_table_lookup (write->current, id);
  g_autoptr (JsonObject) input = NULL;
  FcWriteResult *done;
  g_autoptr (FcRecord) now = NULL;

  *out_done = FALSE;
  if (current == NULL && _fc_jobber_needs_current (write->type, record))
    {
      g_set_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_NOT_FOUND,
                   _("Jobber has no %s “%s”"), write->type->singular, id);
      return NULL;
    }
  input = _fc_jobber_edit_input (write->type, record, current, error);
  if (input == NULL || json_object_get_size (input) > 0)
    return g_steal_pointer (&input);

  done = fc_write_result_new_success (index, id);
  now = current != NULL ? _fc_jobber_record_from_json (write->type, current) : NULL;
  fc_write_result_set_record (done, now);
  set_result (write, index, done);
  *out_done = TRUE;
  return NULL;
}

/* The variables of record @index as alias @alias; FALSE when the record is already done
 * (failed, or an edit that changes nothing). */
static gboolean
add_record_variables (Write      *write,
                      guint       index,
                      guint       alias,
                      JsonObject *variables)
{
  FcRecord *record = g_ptr_array_index (write->records, index);
  const char *id = fc_record_get_id (record);
  g_autofree char *id_name = g_strdup_printf ("id%u", alias);
  g_autofree char *in_name = g_strdup_printf ("in%u", alias);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) input = NULL;
  gboolean done = FALSE;

  if (write->operation == OP_CREATE)
    {
      const char *property = write->type->kind != FC_JOBBER_CLIENTS
                             ? resolve_property (write, record, &error) : NULL;

      if (error == NULL)
        input = _fc_jobber_create_input (write->type, record, property, &error);
    }
  else if (!_fc_jobber_is_encoded_id (id))
    g_set_error (&error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_VALIDATION,
                 _("“%s” is not a Jobber id"), id != NULL ? id : "");
  else if (write->operation == OP_UPDATE)
    input = edit_input (write, index, record, &done, &error);

  if (error != NULL)
    fail_record (write, index, error, NULL);
  if (error != NULL || done)
    return FALSE;

  if (write->operation != OP_CREATE)
    json_object_set_string_member (variables, id_name, id);
  if (input != NULL)
    json_object_set_object_member (variables, in_name, g_steal_pointer (&input));
  return TRUE;
}

static void
on_mutation_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  Write *write = g_task_get_task_data (task);
  const FcJobberMutation *mutation = mutation_for (write->type, write->operation);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) data = NULL;
  g_autoptr (JsonArray) errors = NULL;

  data = _fc_jobber_graphql_finish (FC_JOBBER_CONNECTOR (object), result, &errors, &error);
  if (data == NULL)
    {
      if (fail_request (task, g_steal_pointer (&error)))
        next_batch (task);
      return;
    }

  for (guint alias = 0; alias < write->pending->len; alias++)
    {
      guint index = g_array_index (write->pending, guint, alias);
      FcRecord *input = g_ptr_array_index (write->records, index);
      g_autofree char *name = g_strdup_printf ("w%u", alias);
      JsonObject *payload = _fc_json_get_object (data, name);
      JsonObject *written = _fc_json_get_object (payload, mutation->payload);
      g_autoptr (GError) failure = NULL;
      g_autofree char *code = NULL;
      g_autoptr (FcRecord) record = NULL;
      FcWriteResult *done;

      if (_fc_jobber_errors_to_error (errors, name, write->what, &code, &failure)
          || _fc_jobber_errors_to_error (_fc_json_get_array (payload, "userErrors"), NULL,
                                         write->what, &code, &failure))
        {
          fail_record (write, index, failure, code);
          continue;
        }
      if (written == NULL || _fc_json_get_string (written, "id") == NULL)
        {
          g_autofree char *detail = g_strdup_printf ("no %s.%s.id", name, mutation->payload);

          _fc_connector_set_bad_response (&failure, write->what, detail);
          fail_record (write, index, failure, NULL);
          continue;
        }

      write->wrote = TRUE;
      if (write->operation != OP_DELETE)
        record = _fc_jobber_record_from_json (write->type, written);
      done = fc_write_result_new_success (index, _fc_json_get_string (written, "id"));
      fc_write_result_set_record (done, record);
      fc_write_result_set_created (done, write->operation == OP_CREATE);
      set_result (write, index, done);
      g_debug ("%s: record %u is %s", write->what, index, fc_record_get_id (input) != NULL
               ? fc_record_get_id (input) : _fc_json_get_string (written, "id"));
    }
  next_batch (task);
}

static void
send_mutation (GTask *task)
{
  FcJobberConnector *self = g_task_get_source_object (task);
  Write *write = g_task_get_task_data (task);
  const FcJobberMutation *mutation = mutation_for (write->type, write->operation);
  FcJobberMutation spelled = *mutation;
  g_autoptr (JsonObject) variables = json_object_new ();
  g_autofree char *document = NULL;
  const char *names[] = { "CreateClients", "EditClients", "ArchiveClients",
                          "CreateJobs", "EditJobs", "CloseJobs",
                          "CreateQuotes", "EditQuotes", "ArchiveQuotes" };
  guint cost;

  g_array_set_size (write->pending, 0);
  for (guint i = write->start; i < write->end; i++)
    if (g_ptr_array_index (write->results, i) == NULL
        && add_record_variables (write, i, write->pending->len, variables))
      g_array_append_val (write->pending, i);

  if (write->pending->len == 0)
    {
      next_batch (task);
      return;
    }

  if (spelled.selection == NULL)
    spelled.selection = write->type->selection;
  document = _fc_jobber_build_mutation (names[write->type->kind * 3 + write->operation],
                                        &spelled, write->pending->len);
  cost = 5 + write->pending->len * (3 + _fc_jobber_selection_cost (spelled.selection));
  _fc_jobber_graphql_async (self, document, variables, cost,
                            write->operation == OP_CREATE ? FC_HTTP_FLAG_NOT_IDEMPOTENT
                                                          : FC_HTTP_FLAG_NONE,
                            write->what, g_task_get_cancellable (task), on_mutation_cb,
                            g_object_ref (task));
}

static void
next_batch (GTask *task)
{
  Write *write = g_task_get_task_data (task);

  write->start = write->end;
  if (write->start >= write->records->len)
    {
      g_task_return_pointer (task, g_ptr_array_ref (write->results),
                             (GDestroyNotify) g_ptr_array_unref);
      return;
    }
  write->end = MIN (write->records->len, write->start + WRITE_BATCH);

  if (write->operation == OP_UPDATE)
    read_current (task);
  else if (write->operation == OP_CREATE && write->type->kind != FC_JOBBER_CLIENTS)
    look_up_properties (task);
  else
    send_mutation (task);
}

static void
start_write (const char *object_type,
             Operation   operation,
             GPtrArray  *records,
             GTask      *task)
{
  Write *write = g_new0 (Write, 1);
  const char *verbs[] = { N_("Creating"), N_("Updating"), N_("Archiving") };

  write->type = _fc_jobber_find_type (object_type);
  write->operation = operation;
  write->what = g_strdup_printf (_("%s Jobber %s"), _(verbs[operation]), object_type);
  write->records = g_ptr_array_ref (records);
  write->results = g_ptr_array_new_with_free_func ((GDestroyNotify) fc_write_result_unref);
  g_ptr_array_set_size (write->results, records->len);
  write->current = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) json_object_unref);
  write->properties = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  write->addresses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) json_object_unref);
  write->lookups = g_ptr_array_new_with_free_func (g_free);
  write->pending = g_array_new (FALSE, FALSE, sizeof (guint));
  g_task_set_task_data (task, write, (GDestroyNotify) write_free);

  next_batch (task);
}

void
_fc_jobber_create_records (FcConnector *connector,
                           const char  *object_type,
                           GPtrArray   *records,
                           GTask       *task)
{
  start_write (object_type, OP_CREATE, records, task);
}

void
_fc_jobber_update_records (FcConnector *connector,
                           const char  *object_type,
                           GPtrArray   *records,
                           GTask       *task)
{
  start_write (object_type, OP_UPDATE, records, task);
}

void
_fc_jobber_delete_records (FcConnector        *connector,
                           const char         *object_type,
                           const char * const *ids,
                           GTask              *task)
{
  g_autoptr (GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; ids[i] != NULL; i++)
    g_ptr_array_add (records, fc_record_new (object_type, ids[i]));
  start_write (object_type, OP_DELETE, records, task);
}
