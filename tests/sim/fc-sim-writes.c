/* fc-sim-writes.c: the write log: every request that may change data, with the moments it was
 * received and applied in one total order
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Off by default (a benchmark of 100,000 records does not pay for it); POST
 * /_control/write-log {"enabled":true} starts it afresh. A request is logged when its method is
 * not GET or HEAD and it is
 * - on a provider's authenticated API (a route with FC_SIM_ROUTE_AUTH: the token endpoints and
 *   HubSpot's developer webhook settings are not data), origin "api", unless it only reads:
 *   a search (FC_SIM_ROUTE_SEARCH), HubSpot's .../batch/read, Salesforce's
 *   POST /composite/sobjects/{Type} (a retrieve), or a GraphQL document with no mutation;
 * - or on the control API's records (/_control/records/...: create, generate, edit, delete),
 *   origin "control".
 * Both moments take a number from one sequence under the simulator's lock: received when the
 * route is found (before any injected latency), applied when the handler has run. A dropped
 * connection is received and never applied. At the cap the log keeps what it has and counts
 * the writes it could not log in "not_logged".
 */

#define G_LOG_DOMAIN "fc-sim"

#include "config.h"

#include <string.h>

#include "fc-sim-graphql-private.h"
#include "fc-sim-private.h"

#define DEFAULT_MAX_ENTRIES 100000
#define LIMIT_MAX_ENTRIES   1000000

typedef struct
{
  guint64   id;
  char     *provider;
  char     *method;
  char     *path;
  char     *endpoint;
  char     *origin;
  JsonNode *body;
  guint     status;
  guint64   received_seq;
  gint64    received_ms;
  guint64   applied_seq;    /* 0 until applied */
  gint64    applied_ms;
  gboolean  dropped;
} FcSimWrite;

struct _FcSimWriteLog
{
  gboolean   enabled;
  guint      max_entries;
  GPtrArray *entries;       /* FcSimWrite, in id order; ids are consecutive */
  guint64    next_id;       /* never reset, so that a stale id finds nothing */
  guint64    next_seq;
  guint64    not_logged;
};

static void
write_free (gpointer data)
{
  FcSimWrite *write = data;

  g_free (write->provider);
  g_free (write->method);
  g_free (write->path);
  g_free (write->endpoint);
  g_free (write->origin);
  g_clear_pointer (&write->body, json_node_unref);
  g_free (write);
}

void
_fc_sim_writes_free (FcSimWriteLog *log)
{
  g_ptr_array_unref (log->entries);
  g_free (log);
}

static FcSimWriteLog *
get_log (FcSim *sim)
{
  if (sim->write_log == NULL)
    {
      sim->write_log = g_new0 (FcSimWriteLog, 1);
      sim->write_log->max_entries = DEFAULT_MAX_ENTRIES;
      sim->write_log->entries = g_ptr_array_new_with_free_func (write_free);
      sim->write_log->next_id = 1;
      sim->write_log->next_seq = 1;
    }
  return sim->write_log;
}

static FcSimWrite *
find_entry (FcSimWriteLog *log,
            guint64        id)
{
  FcSimWrite *first;

  if (id == 0 || log->entries->len == 0)
    return NULL;
  first = g_ptr_array_index (log->entries, 0);
  if (id < first->id || id - first->id >= log->entries->len)
    return NULL;
  return g_ptr_array_index (log->entries, id - first->id);
}

/* Whether a GraphQL request (Jobber) holds a mutation: the operation it names, or any */
static gboolean
graphql_mutates (FcSimRequest *req)
{
  JsonNode *node = _fc_sim_request_get_json (req, NULL);
  JsonObject *body = node != NULL && JSON_NODE_HOLDS_OBJECT (node)
                     ? json_node_get_object (node) : NULL;
  const char *query = body != NULL
                      ? json_object_get_string_member_with_default (body, "query", NULL) : NULL;
  const char *name = body != NULL
                     ? json_object_get_string_member_with_default (body, "operationName", NULL)
                     : NULL;
  FcSimGqlDocument *document;
  gboolean mutates = FALSE;
  guint line = 0, column = 0;

  if (query == NULL)
    return FALSE;
  document = _fc_sim_gql_parse_document (query, &line, &column, NULL);
  if (document == NULL)
    return FALSE;          /* refused before anything runs */
  for (guint i = 0; i < document->operations->len; i++)
    {
      FcSimGqlOperation *operation = g_ptr_array_index (document->operations, i);

      if (name != NULL && g_strcmp0 (operation->name, name) != 0)
        continue;
      mutates |= g_strcmp0 (operation->operation, "mutation") == 0;
    }
  _fc_sim_gql_document_free (document);

  return mutates;
}

/* The POSTs of the providers' APIs that only read */
static gboolean
only_reads (FcSimRequest *req)
{
  const FcSimRoute *route = req->route;
  const char *composite = "/composite/sobjects/";
  const char *at;

  if ((route->flags & FC_SIM_ROUTE_SEARCH) != 0
      || g_str_has_suffix (route->counter_name, "/batch/read"))
    return TRUE;
  /* POST .../composite/sobjects/{Type} retrieves; POST .../composite/sobjects creates */
  at = strstr (route->counter_name, composite);
  if (g_str_equal (req->method, "POST") && at != NULL
      && strchr (at + strlen (composite), '/') == NULL)
    return TRUE;
  if (g_str_has_suffix (route->counter_name, "/graphql"))
    return !graphql_mutates (req);

  return FALSE;
}

static gboolean
is_logged (FcSimRequest *req)
{
  const FcSimRoute *route = req->route;

  if (g_str_equal (req->method, "GET") || g_str_equal (req->method, "HEAD"))
    return FALSE;
  if (route->provider == NULL)
    return g_str_has_prefix (route->pattern, "/records/");
  return (route->flags & FC_SIM_ROUTE_AUTH) != 0 && !only_reads (req);
}

/* Called with the lock held once @req's route is known. */
void
_fc_sim_writes_received (FcSim        *sim,
                         FcSimRequest *req)
{
  FcSimWriteLog *log = sim->write_log;
  const FcSimRoute *route = req->route;
  FcSimWrite *write;
  JsonNode *json;

  req->write_id = 0;
  if (log == NULL || !log->enabled || route == NULL || !is_logged (req))
    return;
  if (log->entries->len >= log->max_entries)
    {
      log->not_logged++;
      return;
    }

  write = g_new0 (FcSimWrite, 1);
  write->id = log->next_id++;
  if (route->provider != NULL)
    write->provider = g_strdup (route->provider->klass->name);
  else
    write->provider = g_strdup (_fc_sim_request_get_param (req, "provider"));
  write->method = g_strdup (req->method);
  write->path = g_strconcat ("/", route->mount, req->path, NULL);
  write->endpoint = g_strdup (route->provider != NULL ? route->counter_name : route->pattern);
  write->origin = g_strdup (route->provider != NULL ? "api" : "control");
  json = g_bytes_get_size (req->body) > 0 ? _fc_sim_request_get_json (req, NULL) : NULL;
  if (json != NULL)
    write->body = json_node_copy (json);
  else if (g_bytes_get_size (req->body) > 0)
    {
      g_autofree char *text = g_strndup (g_bytes_get_data (req->body, NULL),
                                         g_bytes_get_size (req->body));

      write->body = json_node_new (JSON_NODE_VALUE);
      json_node_set_string (write->body, text);
    }
  write->received_seq = log->next_seq++;
  write->received_ms = g_get_real_time () / 1000;
  g_ptr_array_add (log->entries, write);
  req->write_id = write->id;
}

/* Called with the lock held once @req's handler (or an injected fault) has answered. */
void
_fc_sim_writes_applied (FcSim        *sim,
                        FcSimRequest *req)
{
  FcSimWriteLog *log = sim->write_log;
  FcSimWrite *write = log != NULL ? find_entry (log, req->write_id) : NULL;

  if (write == NULL)
    return;
  write->status = req->status;
  write->applied_seq = log->next_seq++;
  write->applied_ms = g_get_real_time () / 1000;
}

/* Called with the lock held when the drop fault closes @req's connection unanswered. */
void
_fc_sim_writes_dropped (FcSim        *sim,
                        FcSimRequest *req)
{
  FcSimWriteLog *log = sim->write_log;
  FcSimWrite *write = log != NULL ? find_entry (log, req->write_id) : NULL;

  if (write != NULL)
    write->dropped = TRUE;
}

static void
add_entry (JsonBuilder *builder,
           FcSimWrite  *write)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, (gint64) write->id);
  json_builder_set_member_name (builder, "provider");
  json_builder_add_string_value (builder, write->provider);
  json_builder_set_member_name (builder, "origin");
  json_builder_add_string_value (builder, write->origin);
  json_builder_set_member_name (builder, "method");
  json_builder_add_string_value (builder, write->method);
  json_builder_set_member_name (builder, "path");
  json_builder_add_string_value (builder, write->path);
  json_builder_set_member_name (builder, "endpoint");
  json_builder_add_string_value (builder, write->endpoint);
  json_builder_set_member_name (builder, "body");
  if (write->body != NULL)
    json_builder_add_value (builder, json_node_copy (write->body));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "received_seq");
  json_builder_add_int_value (builder, (gint64) write->received_seq);
  json_builder_set_member_name (builder, "received_ms");
  json_builder_add_int_value (builder, write->received_ms);
  json_builder_set_member_name (builder, "applied_seq");
  if (write->applied_seq != 0)
    json_builder_add_int_value (builder, (gint64) write->applied_seq);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "applied_ms");
  if (write->applied_seq != 0)
    json_builder_add_int_value (builder, write->applied_ms);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "status");
  if (write->applied_seq != 0)
    json_builder_add_int_value (builder, write->status);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "dropped");
  json_builder_add_boolean_value (builder, write->dropped);
  json_builder_end_object (builder);
}

static void
respond_log (FcSimRequest *req)
{
  FcSimWriteLog *log = get_log (req->sim);
  const char *provider = _fc_sim_request_get_query (req, "provider");
  const char *origin = _fc_sim_request_get_query (req, "origin");
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  guint count = 0;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "enabled");
  json_builder_add_boolean_value (builder, log->enabled);
  json_builder_set_member_name (builder, "max_entries");
  json_builder_add_int_value (builder, log->max_entries);
  json_builder_set_member_name (builder, "not_logged");
  json_builder_add_int_value (builder, (gint64) log->not_logged);
  json_builder_set_member_name (builder, "entries");
  json_builder_begin_array (builder);
  for (guint i = 0; i < log->entries->len; i++)
    {
      FcSimWrite *write = g_ptr_array_index (log->entries, i);

      if ((provider != NULL && g_strcmp0 (provider, write->provider) != 0)
          || (origin != NULL && g_strcmp0 (origin, write->origin) != 0))
        continue;
      add_entry (builder, write);
      count++;
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "count");
  json_builder_add_int_value (builder, count);
  json_builder_end_object (builder);
  _fc_sim_respond_builder (req, 200, builder);
}

static void
handle_get (FcSimRequest *req)
{
  const char *origin = _fc_sim_request_get_query (req, "origin");
  g_autoptr (GError) error = NULL;

  if (origin != NULL && !g_str_equal (origin, "api") && !g_str_equal (origin, "control"))
    {
      g_set_error (&error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                   "origin must be “api” or “control”, not “%s”", origin);
      _fc_sim_respond_control_error (req, error);
      return;
    }
  respond_log (req);
}

static void
handle_set (FcSimRequest *req)
{
  FcSimWriteLog *log = get_log (req->sim);
  g_autoptr (GError) error = NULL;
  JsonNode *node = _fc_sim_request_get_json (req, &error);
  JsonObject *body = node != NULL && JSON_NODE_HOLDS_OBJECT (node)
                     ? json_node_get_object (node) : NULL;
  JsonNode *enabled = body != NULL ? json_object_get_member (body, "enabled") : NULL;
  guint max_entries = log->max_entries;

  if (enabled == NULL || !JSON_NODE_HOLDS_VALUE (enabled)
      || json_node_get_value_type (enabled) != G_TYPE_BOOLEAN)
    {
      g_clear_error (&error);
      g_set_error (&error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                   "The body must say {\"enabled\": true|false} (and may give max_entries)");
      _fc_sim_respond_control_error (req, error);
      return;
    }
  if (!_fc_sim_get_uint_member (body, "max_entries", &max_entries, &error))
    {
      _fc_sim_respond_control_error (req, error);
      return;
    }
  if (max_entries == 0 || max_entries > LIMIT_MAX_ENTRIES)
    {
      g_set_error (&error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                   "max_entries must be between 1 and %d, not %u", LIMIT_MAX_ENTRIES,
                   max_entries);
      _fc_sim_respond_control_error (req, error);
      return;
    }

  log->max_entries = max_entries;
  log->enabled = json_node_get_boolean (enabled);
  /* Enabling starts afresh; disabling keeps the entries readable. */
  if (log->enabled)
    {
      g_ptr_array_set_size (log->entries, 0);
      log->not_logged = 0;
    }
  respond_log (req);
}

void
_fc_sim_writes_register_routes (FcSim *sim)
{
  _fc_sim_add_route (sim, NULL, "_control", "GET", "/write-log", NULL, FC_SIM_ROUTE_PUBLIC, 0,
                     handle_get, NULL);
  _fc_sim_add_route (sim, NULL, "_control", "POST", "/write-log", NULL, FC_SIM_ROUTE_PUBLIC, 0,
                     handle_set, NULL);
}
