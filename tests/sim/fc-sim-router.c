/* fc-sim-router.c: finding the route of a request, injected faults, counters, and running
 * handlers under the simulator's lock
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-sim"

#include "config.h"

#include <string.h>

#include "fc-sim-private.h"

/* A request answered after the injected latency */
typedef struct
{
  FcSim             *sim;
  FcSimRequest      *req;
  SoupServerMessage *msg;
} Delayed;

/* Routes */

static char **
split_path (const char *path)
{
  g_auto (GStrv) parts = g_strsplit (path, "/", -1);
  GStrvBuilder *builder = g_strv_builder_new ();
  char **segments;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (parts[i][0] != '\0')
        g_strv_builder_add (builder, parts[i]);
    }
  segments = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);

  return segments;
}

void
_fc_sim_add_route (FcSim           *self,
                   FcSimProvider   *provider,
                   const char      *mount,
                   const char      *method,
                   const char      *pattern,
                   const char      *counter_name,
                   FcSimRouteFlags  flags,
                   guint            cost,
                   FcSimHandler     handler,
                   gconstpointer    data)
{
  FcSimRoute *route = g_new0 (FcSimRoute, 1);

  route->provider = provider;
  route->mount = g_strdup (mount);
  route->method = g_strdup (method);
  route->pattern = g_strdup (pattern);
  route->segments = split_path (pattern);
  route->counter_name = g_strdup (counter_name != NULL ? counter_name : pattern);
  route->flags = flags;
  route->cost = cost;
  route->handler = handler;
  route->data = data;
  g_ptr_array_add (self->routes, route);
}

static gboolean
route_matches_path (const FcSimRoute *route,
                    char            **segments,
                    GHashTable       *params)
{
  guint n = g_strv_length (segments);

  if (g_strv_length (route->segments) != n)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      const char *want = route->segments[i];

      if (want[0] == '{')
        continue;
      if (!g_str_equal (want, segments[i]))
        return FALSE;
    }

  for (guint i = 0; params != NULL && i < n; i++)
    {
      const char *want = route->segments[i];

      if (want[0] == '{')
        g_hash_table_insert (params,
                             g_strndup (want + 1, strlen (want) - 2),
                             g_uri_unescape_string (segments[i], NULL));
    }

  return TRUE;
}

/* Finds the route for @req, and marks a write's receipt in the write log; answers 404 or 405
 * itself and returns FALSE when there is none. */
static gboolean
resolve_route (FcSim        *self,
               FcSimRequest *req)
{
  g_auto (GStrv) segments = split_path (req->path);
  FcSimProvider *mount_provider = NULL;
  gboolean mount_known = FALSE;
  gboolean path_known = FALSE;
  g_autofree char *rest = NULL;

  if (segments[0] == NULL)
    {
      _fc_sim_respond_text (req, 404, "text/plain",
                            "fc-provider-sim: see /_control/info for the URL layout\n");
      return FALSE;
    }

  for (guint i = 0; i < self->routes->len; i++)
    {
      const FcSimRoute *route = g_ptr_array_index (self->routes, i);

      if (!g_str_equal (route->mount, segments[0]))
        continue;
      mount_known = TRUE;
      mount_provider = route->provider;
      if (!route_matches_path (route, segments + 1, NULL))
        continue;
      path_known = TRUE;
      if (!g_str_equal (route->method, req->method))
        continue;

      req->route = route;
      req->provider = route->provider;
      route_matches_path (route, segments + 1, req->params);
      rest = g_strjoinv ("/", segments + 1);
      g_free (req->path);
      req->path = g_strconcat ("/", rest, NULL);
      _fc_sim_writes_received (self, req);
      return TRUE;
    }

  req->provider = mount_provider;
  if (!mount_known)
    {
      g_autofree char *text = g_strdup_printf ("fc-provider-sim: nothing is mounted at /%s; "
                                               "see /_control/info\n", segments[0]);

      _fc_sim_respond_text (req, 404, "text/plain", text);
    }
  else
    {
      guint status = path_known ? 405 : 404;
      g_autofree char *message = g_strdup_printf ("%s %s is not a known endpoint",
                                                  req->method, req->path);

      if (mount_provider != NULL)
        mount_provider->klass->respond_error (req, status, message);
      else
        _fc_sim_respond_text (req, status, "text/plain", message);
    }

  return FALSE;
}

/* Counters */

static void
count_request (FcSim        *self,
               FcSimRequest *req)
{
  g_autofree char *key = NULL;
  gpointer value;

  if (req->route == NULL || req->route->provider == NULL)
    return;

  key = g_strdup_printf ("%s\t%s\t%s\t%u", req->route->provider->klass->name, req->method,
                         req->route->counter_name, req->status);
  value = g_hash_table_lookup (self->counters, key);
  g_hash_table_replace (self->counters, g_steal_pointer (&key),
                        GUINT_TO_POINTER (GPOINTER_TO_UINT (value) + 1));
}

JsonNode *
_fc_sim_counters_to_json (FcSim *self)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (GList) keys = g_list_sort (g_hash_table_get_keys (self->counters),
                                        (GCompareFunc) g_strcmp0);
  guint total = 0;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "counters");
  json_builder_begin_array (builder);
  for (GList *l = keys; l != NULL; l = l->next)
    {
      g_auto (GStrv) parts = g_strsplit (l->data, "\t", 4);
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (self->counters, l->data));

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "provider");
      json_builder_add_string_value (builder, parts[0]);
      json_builder_set_member_name (builder, "method");
      json_builder_add_string_value (builder, parts[1]);
      json_builder_set_member_name (builder, "endpoint");
      json_builder_add_string_value (builder, parts[2]);
      json_builder_set_member_name (builder, "status");
      json_builder_add_int_value (builder, g_ascii_strtoll (parts[3], NULL, 10));
      json_builder_set_member_name (builder, "count");
      json_builder_add_int_value (builder, count);
      json_builder_end_object (builder);
      total += count;
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "total");
  json_builder_add_int_value (builder, total);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

void
_fc_sim_counters_reset (FcSim *self)
{
  g_hash_table_remove_all (self->counters);
}

/* Whether to count a counter, from its key split in provider, METHOD, endpoint and status */
typedef gboolean (*CounterFilter) (char          **parts,
                                   gconstpointer   data);

static guint
sum_counters (FcSim         *self,
              CounterFilter  accept,
              gconstpointer  data)
{
  GHashTableIter iter;
  gpointer key, value;
  guint total = 0;

  _fc_sim_lock (self);
  g_hash_table_iter_init (&iter, self->counters);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_auto (GStrv) parts = g_strsplit (key, "\t", 4);

      if (accept (parts, data))
        total += GPOINTER_TO_UINT (value);
    }
  _fc_sim_unlock (self);

  return total;
}

typedef struct {
  const char *provider;
  const char *method;
  const char *endpoint;
  guint       status;
} CounterQuery;

static gboolean
counter_matches (char          **parts,
                 gconstpointer   data)
{
  const CounterQuery *query = data;

  return (query->provider == NULL || g_str_equal (parts[0], query->provider))
         && (query->method == NULL || g_str_equal (parts[1], query->method))
         && (query->endpoint == NULL || g_str_equal (parts[2], query->endpoint))
         && (query->status == 0 || (guint) g_ascii_strtoull (parts[3], NULL, 10) == query->status);
}

guint
fc_sim_get_count (FcSim      *self,
                  const char *provider,
                  const char *method,
                  const char *endpoint,
                  guint       status)
{
  CounterQuery query = { provider, method, endpoint, status };

  g_return_val_if_fail (FC_IS_SIM (self), 0);
  return sum_counters (self, counter_matches, &query);
}

/* Whether a counted call changed something at a provider: not a read, a search, a query, a
 * token exchange or one of Jobber's query fields. */
static gboolean
is_write (const char *provider,
          const char *method,
          const char *endpoint)
{
  static const char * const jobber_queries[] = {
    "graphql:account", "graphql:client", "graphql:clients", "graphql:property",
    "graphql:properties", "graphql:job", "graphql:jobs", "graphql:quote", "graphql:quotes", NULL
  };

  if (g_str_equal (method, "GET") || strstr (endpoint, "oauth") != NULL
      || strstr (endpoint, "token") != NULL)
    return FALSE;
  if (g_str_equal (provider, "jobber"))
    return g_str_has_prefix (endpoint, "graphql:") && !g_strv_contains (jobber_queries, endpoint);
  if (g_str_equal (provider, "salesforce"))
    /* POST .../composite/sobjects/{Type} is a retrieve; the collection root writes */
    return !(g_str_equal (method, "POST") && g_str_has_prefix (endpoint, "/services/data/")
             && strstr (endpoint, "/composite/sobjects/") != NULL);
  return !g_str_has_suffix (endpoint, "/search") && !g_str_has_suffix (endpoint, "/batch/read");
}

static gboolean
counter_is_write (char          **parts,
                  gconstpointer   data)
{
  return is_write (parts[0], parts[1], parts[2]);
}

guint
fc_sim_count_writes (FcSim *self)
{
  g_return_val_if_fail (FC_IS_SIM (self), 0);
  return sum_counters (self, counter_is_write, NULL);
}

char *
fc_sim_get_counters_json (FcSim *self)
{
  g_autoptr (JsonNode) node = NULL;

  g_return_val_if_fail (FC_IS_SIM (self), NULL);

  _fc_sim_lock (self);
  node = _fc_sim_counters_to_json (self);
  _fc_sim_unlock (self);

  return _fc_sim_json_to_string (node);
}

void
fc_sim_reset_counters (FcSim *self)
{
  g_return_if_fail (FC_IS_SIM (self));

  _fc_sim_lock (self);
  _fc_sim_counters_reset (self);
  _fc_sim_unlock (self);
}

/* Dispatch */

static gboolean
roll (FcSim  *self,
      double  rate,
      guint  *next)
{
  if (*next > 0)
    {
      (*next)--;
      return TRUE;
    }

  return rate > 0 && _fc_sim_random_double (self) < rate;
}

static gboolean
faults_apply (FcSimRequest *req)
{
  return req->provider != NULL
         && (req->route->flags & FC_SIM_ROUTE_FAULTS) != 0
         && (req->provider->faults.path_prefix == NULL
             || g_str_has_prefix (req->route->counter_name, req->provider->faults.path_prefix));
}

static void
truncate_response (FcSimRequest *req)
{
  gsize size = 0;
  const char *data;

  if (req->response == NULL)
    return;

  data = g_bytes_get_data (req->response, &size);
  if (size > 1)
    {
      GBytes *half = g_bytes_new (data, size / 2);

      g_bytes_unref (req->response);
      req->response = half;
    }
}

/* Runs the route with the lock held: injected errors, authentication, limits, handler. */
static void
handle_locked (FcSim        *self,
               FcSimRequest *req)
{
  FcSimProvider *provider = req->provider;
  gboolean faulty = faults_apply (req);

  if (faulty && roll (self, provider->faults.error_rate, &provider->faults.error_next))
    {
      GArray *statuses = provider->faults.error_statuses;
      guint status = 500;

      if (statuses->len > 0)
        status = g_array_index (statuses, guint,
                                _fc_sim_random_int (self, 0, (gint32) statuses->len));
      provider->klass->respond_error (req, status, status == 503
                                      ? "The service is temporarily unavailable"
                                      : "An internal error occurred (injected fault)");
    }
  else if (faulty && provider->faults.throttle_next > 0)
    {
      provider->faults.throttle_next--;
      provider->klass->respond_throttled (req, provider->faults.retry_after_s);
    }
  else if ((req->route->flags & FC_SIM_ROUTE_AUTH) != 0 && !provider->klass->authenticate (req))
    {
      /* answered by the provider */
    }
  else if ((req->route->flags & FC_SIM_ROUTE_LIMITED) != 0
           && provider->limits_enabled
           && !provider->klass->check_rate_limit (req))
    {
      /* answered by the provider */
    }
  else
    {
      req->route->handler (req);
    }

  if (req->status == 0)
    _fc_sim_respond_text (req, 500, "text/plain", "fc-provider-sim: the handler did not answer");

  if (faulty && roll (self, provider->faults.malformed_rate, &provider->faults.malformed_next))
    truncate_response (req);

  count_request (self, req);
  _fc_sim_writes_applied (self, req);

  if (self->verbose)
    g_printerr ("fc-provider-sim: %s %s %s -> %u\n",
                provider != NULL ? provider->klass->name : "control",
                req->method, req->path, req->status);
}

/* The provider's clock, which its records' times follow (libsoup put the machine's): clients
 * may anchor their cursors on it. */
static void
set_date (FcSimRequest *req)
{
  g_autoptr (GDateTime) now = g_date_time_new_from_unix_utc (_fc_sim_now_ms (req->sim) / 1000);
  g_autofree char *text = now != NULL ? soup_date_time_to_string (now, SOUP_DATE_HTTP) : NULL;

  if (text != NULL)
    _fc_sim_set_header (req, "Date", text);
}

static void
write_response (FcSimRequest      *req,
                SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  SoupMessageHeadersIter iter;
  const char *name, *value;

  soup_message_headers_iter_init (&iter, req->response_headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    if (g_ascii_strcasecmp (name, "Date") == 0)
      soup_message_headers_replace (headers, name, value);
    else
      soup_message_headers_append (headers, name, value);

  soup_server_message_set_status (msg, req->status, NULL);
  if (req->response != NULL && g_bytes_get_size (req->response) > 0)
    {
      gsize size;
      gconstpointer data = g_bytes_get_data (req->response, &size);

      soup_server_message_set_response (msg, req->content_type, SOUP_MEMORY_COPY, data, size);
    }
}

static void
finish_request (FcSim             *self,
                FcSimRequest      *req,
                SoupServerMessage *msg)
{
  _fc_sim_lock (self);
  handle_locked (self, req);
  set_date (req);
  _fc_sim_unlock (self);
  write_response (req, msg);
}

static gboolean
delayed_run_cb (gpointer user_data)
{
  Delayed *delayed = user_data;

  finish_request (delayed->sim, delayed->req, delayed->msg);
#if SOUP_CHECK_VERSION (3, 2, 0)
  soup_server_message_unpause (delayed->msg);
#else
  soup_server_unpause_message (delayed->sim->server, delayed->msg);
#endif

  return G_SOURCE_REMOVE;
}

static void
delayed_free (gpointer user_data)
{
  Delayed *delayed = user_data;

  _fc_sim_request_free (delayed->req);
  g_object_unref (delayed->msg);
  g_free (delayed);
}

static void
drop_connection (SoupServerMessage *msg)
{
  g_autoptr (GIOStream) stream = soup_server_message_steal_connection (msg);

  if (stream != NULL)
    g_io_stream_close (stream, NULL, NULL);
}

/* The SoupServer handler of every request */
void
_fc_sim_handle_server_request (SoupServer        *server,
                               SoupServerMessage *msg,
                               const char        *path,
                               GHashTable        *query,
                               gpointer           user_data)
{
  FcSim *self = user_data;
  GUri *uri = soup_server_message_get_uri (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr (GBytes) bytes = soup_message_body_flatten (body);
  FcSimRequest *req;
  guint latency = 0;
  gboolean drop = FALSE;

  req = _fc_sim_request_new (self, soup_server_message_get_method (msg), path,
                             g_uri_get_query (uri),
                             soup_server_message_get_request_headers (msg), bytes);

  _fc_sim_lock (self);
  if (!resolve_route (self, req))
    {
      _fc_sim_unlock (self);
      write_response (req, msg);
      _fc_sim_request_free (req);
      return;
    }
  if (faults_apply (req))
    {
      FcSimFaults *faults = &req->provider->faults;

      drop = roll (self, faults->drop_rate, &faults->drop_next);
      latency = faults->latency_ms;
      if (drop)
        {
          count_request (self, req);
          _fc_sim_writes_dropped (self, req);
        }
    }
  _fc_sim_unlock (self);

  if (drop)
    {
      drop_connection (msg);
      _fc_sim_request_free (req);
    }
  else if (latency > 0)
    {
      Delayed *delayed = g_new0 (Delayed, 1);

      delayed->sim = self;
      delayed->req = req;
      delayed->msg = g_object_ref (msg);
#if SOUP_CHECK_VERSION (3, 2, 0)
      soup_server_message_pause (msg);
#else
      soup_server_pause_message (server, msg);
#endif
      _fc_sim_schedule (self, latency, delayed_run_cb, delayed, delayed_free);
    }
  else
    {
      finish_request (self, req, msg);
      _fc_sim_request_free (req);
    }
}

/* Runs a request without HTTP: the C API uses it to reach the control routes. */
JsonNode *
_fc_sim_dispatch_local (FcSim      *self,
                        const char *method,
                        const char *path,
                        const char *body,
                        guint      *status)
{
  g_autoptr (GBytes) bytes = g_bytes_new (body != NULL ? body : "",
                                          body != NULL ? strlen (body) : 0);
  g_autoptr (SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  const char *question = strchr (path, '?');
  g_autofree char *bare = question != NULL ? g_strndup (path, question - path) : g_strdup (path);
  FcSimRequest *req;
  JsonNode *node = NULL;

  if (body != NULL)
    soup_message_headers_replace (headers, "Content-Type", "application/json");
  req = _fc_sim_request_new (self, method, bare, question != NULL ? question + 1 : NULL,
                             headers, bytes);

  _fc_sim_lock (self);
  if (resolve_route (self, req))
    handle_locked (self, req);
  _fc_sim_unlock (self);

  if (status != NULL)
    *status = req->status;
  if (req->response != NULL && g_bytes_get_size (req->response) > 0)
    {
      g_autofree char *text = g_strndup (g_bytes_get_data (req->response, NULL),
                                         g_bytes_get_size (req->response));

      node = _fc_sim_json_from_string (text, NULL);
      if (node == NULL)
        {
          node = json_node_new (JSON_NODE_VALUE);
          json_node_set_string (node, text);
        }
    }
  _fc_sim_request_free (req);

  return node;
}
