/* fc-jobber-graphql.c: Jobber GraphQL requests: the pinned version, the query-cost bucket,
 * THROTTLED retries and GraphQL errors
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-jobber"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "fc-jobber-connector-private.h"
#include "fc-task-wait.h"

/* Every answer, errors included, carries extensions.cost {requestedQueryCost,
 * actualQueryCost, throttleStatus {maximumAvailable, currentlyAvailable, restoreRate}}. The
 * connector keeps the last status per connection, restores it at its rate, takes each query's
 * estimated cost from it before sending, and waits for the deficit to be restored when the
 * estimate runs short, so that THROTTLED stays the exception. When it comes anyway (another
 * app of the same account spends the same bucket), the answer's requestedQueryCost and status
 * say how long to wait before sending the same query again. */

#define DISCONNECTED_MESSAGE "User has disconnected this app"
/* Never wait less than this after a THROTTLED answer, whatever the status says; never more
 * than this for the bucket at once (a bucket that slow is not waited out) */
#define MIN_THROTTLE_WAIT_MS 50
#define MAX_BUCKET_WAIT_MS   60000

/* ---- the bucket ------------------------------------------------------------------------ */

void
_fc_jobber_bucket_init (FcJobberBucket *bucket)
{
  bucket->maximum = FC_JOBBER_BUCKET_MAXIMUM;
  bucket->available = FC_JOBBER_BUCKET_MAXIMUM;
  bucket->restore_rate = FC_JOBBER_BUCKET_RESTORE_RATE;
  bucket->observed_us = 0;
}

double
_fc_jobber_bucket_estimate (FcJobberBucket *bucket,
                            gint64          now_us)
{
  double elapsed = bucket->observed_us > 0 && now_us > bucket->observed_us
                   ? (double) (now_us - bucket->observed_us) / G_USEC_PER_SEC : 0.0;

  return MIN (bucket->maximum, bucket->available + elapsed * bucket->restore_rate);
}

gint64
_fc_jobber_bucket_reserve (FcJobberBucket *bucket,
                           double          cost,
                           gint64          now_us)
{
  double available = _fc_jobber_bucket_estimate (bucket, now_us);
  double needed = MIN (cost, bucket->maximum);

  if (available + 1e-6 < needed && bucket->restore_rate > 0)
    return (gint64) ceil ((needed - available) / bucket->restore_rate * G_USEC_PER_SEC);

  bucket->available = available - cost;
  bucket->observed_us = now_us;
  return 0;
}

static gboolean
get_number (JsonObject *object,
            const char *member,
            double     *out)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    return FALSE;
  *out = json_node_get_double (node);
  return TRUE;
}

static JsonObject *
get_cost (JsonObject *response)
{
  return _fc_json_get_object (_fc_json_get_object (response, "extensions"), "cost");
}

gboolean
_fc_jobber_bucket_observe (FcJobberBucket *bucket,
                           JsonObject     *response,
                           gint64          now_us)
{
  JsonObject *status = _fc_json_get_object (get_cost (response), "throttleStatus");
  double maximum, available, rate;

  if (!get_number (status, "currentlyAvailable", &available))
    return FALSE;
  if (get_number (status, "maximumAvailable", &maximum) && maximum > 0)
    bucket->maximum = maximum;
  if (get_number (status, "restoreRate", &rate) && rate > 0)
    bucket->restore_rate = rate;
  bucket->available = MIN (available, bucket->maximum);
  bucket->observed_us = now_us;
  return TRUE;
}

guint
_fc_jobber_selection_cost (const char *selection)
{
  guint cost = 0;
  int depth = 0;
  gboolean fragment = FALSE;

  for (const char *p = selection; *p != '\0';)
    {
      const char *start = p;
      gsize length;

      if (*p == '(')
        depth++;
      else if (*p == ')')
        depth--;
      if (!g_ascii_isalpha (*p) && *p != '_')
        {
          if (*p == '.')
            fragment = TRUE;
          p++;
          continue;
        }
      while (g_ascii_isalnum (*p) || *p == '_')
        p++;
      length = p - start;
      if (depth > 0)
        continue;
      /* "... on Type": neither word is a field */
      if (fragment)
        {
          if (length == 2 && strncmp (start, "on", 2) == 0)
            continue;
          fragment = FALSE;
          continue;
        }
      if ((length == 5 && strncmp (start, "nodes", 5) == 0)
          || (length == 5 && strncmp (start, "edges", 5) == 0)
          || (length == 4 && strncmp (start, "node", 4) == 0))
        continue;
      cost++;
    }
  return cost;
}

/* ---- errors ---------------------------------------------------------------------------- */

static const char *
error_code (JsonObject *error)
{
  return _fc_json_get_string (_fc_json_get_object (error, "extensions"), "code");
}

/* "a.b.0" for a path, or NULL. */
static char *
join_path (JsonArray *path)
{
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; path != NULL && i < json_array_get_length (path); i++)
    {
      JsonNode *node = json_array_get_element (path, i);

      if (text->len > 0)
        g_string_append_c (text, '.');
      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        g_string_append (text, json_node_get_string (node));
      else if (JSON_NODE_HOLDS_VALUE (node))
        g_string_append_printf (text, "%" G_GINT64_FORMAT, json_node_get_int (node));
    }
  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

/* The alias an error's path starts with, or NULL. */
static const char *
error_alias (JsonObject *error)
{
  JsonArray *path = _fc_json_get_array (error, "path");
  JsonNode *first = path != NULL && json_array_get_length (path) > 0
                    ? json_array_get_element (path, 0) : NULL;

  if (first == NULL || !JSON_NODE_HOLDS_VALUE (first)
      || json_node_get_value_type (first) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (first);
}

gboolean
_fc_jobber_errors_disconnected (JsonArray *errors)
{
  for (guint i = 0; errors != NULL && i < json_array_get_length (errors); i++)
    {
      JsonNode *node = json_array_get_element (errors, i);
      const char *message = JSON_NODE_HOLDS_OBJECT (node)
                            ? _fc_json_get_string (json_node_get_object (node), "message")
                            : NULL;

      if (message != NULL && strstr (message, DISCONNECTED_MESSAGE) != NULL)
        return TRUE;
    }
  return FALSE;
}

static int
code_for_error (JsonObject *error)
{
  const char *code = error_code (error);
  const char *message = _fc_json_get_string (error, "message");

  if (g_strcmp0 (code, "THROTTLED") == 0)
    return FC_CONNECTOR_ERROR_RATE_LIMITED;
  if ((message != NULL && strstr (message, DISCONNECTED_MESSAGE) != NULL)
      || g_strcmp0 (code, "UNAUTHORIZED") == 0 || g_strcmp0 (code, "UNAUTHENTICATED") == 0
      || g_strcmp0 (code, "FORBIDDEN") == 0 || g_strcmp0 (code, "ACCESS_DENIED") == 0)
    return FC_CONNECTOR_ERROR_AUTH;
  if (g_strcmp0 (code, "NOT_FOUND") == 0 || g_strcmp0 (code, "RECORD_NOT_FOUND") == 0)
    return FC_CONNECTOR_ERROR_NOT_FOUND;
  return FC_CONNECTOR_ERROR_VALIDATION;
}

gboolean
_fc_jobber_errors_to_error (JsonArray   *errors,
                            const char  *alias,
                            const char  *what,
                            char       **out_code,
                            GError     **error)
{
  g_autoptr (GString) text = g_string_new (NULL);
  g_autoptr (JsonArray) named = json_array_new ();
  g_autoptr (JsonNode) raw = NULL;
  g_autofree char *raw_text = NULL;
  const char *first_code = NULL;
  int code = -1;

  for (guint i = 0; errors != NULL && i < json_array_get_length (errors); i++)
    {
      JsonNode *node = json_array_get_element (errors, i);
      JsonObject *item = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *message = _fc_json_get_string (item, "message");
      g_autofree char *path = NULL;

      if (item == NULL || (alias != NULL && g_strcmp0 (error_alias (item), alias) != 0))
        continue;

      json_array_add_element (named, json_node_copy (node));
      path = join_path (_fc_json_get_array (item, "path"));
      if (text->len > 0)
        g_string_append (text, "; ");
      g_string_append (text, message != NULL ? message : _("an error without a message"));
      if (path != NULL)
        g_string_append_printf (text, _(" (at %s)"), path);
      if (code < 0 || code == FC_CONNECTOR_ERROR_VALIDATION)
        code = code_for_error (item);
      if (first_code == NULL)
        first_code = error_code (item);
    }

  if (code < 0)
    return FALSE;

  if (first_code != NULL)
    g_string_append_printf (text, " [%s]", first_code);
  g_set_error (error, FC_CONNECTOR_ERROR, code, "%s: %s", what, text->str);
  /* Jobber's own error objects, for the run log: GraphQL errors come in a 200 answer */
  if (error != NULL)
    {
      raw = json_node_init_array (json_node_alloc (), named);
      raw_text = json_to_string (raw, FALSE);
      fc_connector_error_set_raw (*error, 200, raw_text, -1);
    }
  if (out_code != NULL)
    *out_code = g_strdup (first_code);
  return TRUE;
}

/* ---- requests -------------------------------------------------------------------------- */

typedef struct
{
  char        *query;
  JsonObject  *variables;
  double       cost;
  FcHttpFlags  flags;
  char        *what;
  guint        throttled;

  JsonArray   *errors;          /* the result's errors with a path */
} Call;

static void step_reserve (GTask *task);

static void
call_free (Call *call)
{
  g_free (call->query);
  g_clear_pointer (&call->variables, json_object_unref);
  g_free (call->what);
  g_clear_pointer (&call->errors, json_array_unref);
  g_free (call);
}

static void
report_disconnected (FcJobberConnector *self)
{
  FcConnector *connector = FC_CONNECTOR (self);

  g_debug ("Jobber says the app was disconnected: the connection needs a new sign-in");
  fc_auth_report_revoked (fc_connector_get_auth (connector),
                          fc_connector_get_connection (connector));
}

/* After THROTTLED: the cost the answer names becomes the query's, and the bucket (which took
 * the answer's status) says how long to wait. */
static void
handle_throttled (GTask      *task,
                  JsonObject *response,
                  JsonArray  *errors)
{
  FcJobberConnector *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  FcJobberBucket *bucket = _fc_jobber_connector_get_bucket (self);
  double requested = call->cost;
  double deficit;
  gint64 wait_ms;

  get_number (get_cost (response), "requestedQueryCost", &requested);
  if (requested > bucket->maximum)
    {
      g_task_return_new_error (task, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_RATE_LIMITED,
                               _("%s: the query costs %.0f points, more than Jobber’s bucket "
                                 "ever holds (%.0f) [THROTTLED]"),
                               call->what, requested, bucket->maximum);
      return;
    }

  call->throttled++;
  if (call->throttled > FC_JOBBER_MAX_THROTTLE_RETRIES)
    {
      GError *error = NULL;

      _fc_jobber_errors_to_error (errors, NULL, call->what, NULL, &error);
      g_prefix_error (&error, _("Still throttled after %u waits: "), call->throttled - 1);
      g_task_return_error (task, error);
      return;
    }

  /* The bucket took the answer's status: wait until it holds the query's cost */
  call->cost = MAX (call->cost, requested);
  deficit = call->cost - _fc_jobber_bucket_estimate (bucket, g_get_monotonic_time ());
  wait_ms = deficit > 0 && bucket->restore_rate > 0
            ? (gint64) ceil (deficit / bucket->restore_rate * 1000) : 0;
  wait_ms = MAX (wait_ms, MIN_THROTTLE_WAIT_MS);
  if (wait_ms > MAX_BUCKET_WAIT_MS)
    {
      g_task_return_new_error (task, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_RATE_LIMITED,
                               _("%s: throttled, and Jobber’s query-cost bucket needs %u s to "
                                 "hold the %.0f points the query costs [THROTTLED]"),
                               call->what, (guint) ((wait_ms + 999) / 1000), call->cost);
      return;
    }
  g_debug ("%s: throttled (%.0f points), waiting %" G_GINT64_FORMAT " ms", call->what,
           call->cost, wait_ms);
  fc_task_wait_then (task, (guint) wait_ms, step_reserve);
}

/* Jobber says which version answered, and warns ahead of removing one: worth a line in the
 * log once per connector, since the documents are written for FC_JOBBER_API_VERSION. */
static void
note_versioning (FcJobberConnector *self,
                 JsonObject        *response)
{
  JsonObject *versioning = _fc_json_get_object (_fc_json_get_object (response, "extensions"),
                                                "versioning");
  const char *version = _fc_json_get_string (versioning, "version");
  const char *warning = _fc_json_get_string (versioning, "warning");

  if ((version == NULL || g_str_equal (version, FC_JOBBER_API_VERSION)) && warning == NULL)
    return;
  if (!_fc_jobber_connector_take_version_note (self))
    return;
  g_message ("Jobber answers with API version %s to requests for %s%s%s",
             version != NULL ? version : "?", FC_JOBBER_API_VERSION,
             warning != NULL ? ": " : "", warning != NULL ? warning : "");
}

static gboolean
errors_throttled (JsonArray *errors)
{
  for (guint i = 0; errors != NULL && i < json_array_get_length (errors); i++)
    {
      JsonNode *node = json_array_get_element (errors, i);

      if (JSON_NODE_HOLDS_OBJECT (node)
          && g_strcmp0 (error_code (json_node_get_object (node)), "THROTTLED") == 0)
        return TRUE;
    }
  return FALSE;
}

/* Completes the call with what the answer's data and errors say (not THROTTLED). */
static void
return_answer (GTask      *task,
               JsonObject *data,
               JsonArray  *errors)
{
  Call *call = g_task_get_task_data (task);
  g_autoptr (JsonArray) located = json_array_new ();
  g_autoptr (JsonArray) unlocated = json_array_new ();
  g_autoptr (GError) error = NULL;

  /* Errors with a path belong to an alias; the others to the whole request */
  for (guint i = 0; errors != NULL && i < json_array_get_length (errors); i++)
    {
      JsonNode *node = json_array_get_element (errors, i);

      if (JSON_NODE_HOLDS_OBJECT (node) && error_alias (json_node_get_object (node)) != NULL)
        json_array_add_element (located, json_node_copy (node));
      else
        json_array_add_element (unlocated, json_node_copy (node));
    }

  if (json_array_get_length (unlocated) > 0
      || (data == NULL && json_array_get_length (located) > 0))
    {
      _fc_jobber_errors_to_error (json_array_get_length (unlocated) > 0 ? unlocated : located,
                                  NULL, call->what, NULL, &error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (data == NULL)
    {
      _fc_connector_set_bad_response (&error, call->what, "neither data nor errors");
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (json_array_get_length (located) > 0)
    call->errors = g_steal_pointer (&located);
  g_task_return_pointer (task, json_object_ref (data), (GDestroyNotify) json_object_unref);
}

static void
on_response_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  FcJobberConnector *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = NULL;
  JsonObject *response;
  JsonArray *errors;

  root = fc_http_request_finish (FC_HTTP (object), result, NULL, NULL, &error);
  if (error != NULL)
    {
      if (g_error_matches (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_AUTH)
          && strstr (error->message, DISCONNECTED_MESSAGE) != NULL)
        report_disconnected (self);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      _fc_connector_set_bad_response (&error, call->what, "the answer is not a JSON object");
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  response = json_node_get_object (root);
  _fc_jobber_bucket_observe (_fc_jobber_connector_get_bucket (self), response,
                             g_get_monotonic_time ());
  note_versioning (self, response);
  errors = _fc_json_get_array (response, "errors");

  if (errors_throttled (errors))
    handle_throttled (task, response, errors);
  else if (_fc_jobber_errors_disconnected (errors))
    {
      report_disconnected (self);
      _fc_jobber_errors_to_error (errors, NULL, call->what, NULL, &error);
      g_task_return_error (task, g_steal_pointer (&error));
    }
  else
    return_answer (task, _fc_json_get_object (response, "data"), errors);
}

static void
step_send (GTask *task)
{
  FcJobberConnector *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  static const char * const headers[] = {
    "X-JOBBER-GRAPHQL-VERSION", FC_JOBBER_API_VERSION, NULL
  };
  g_autoptr (JsonNode) body = json_node_new (JSON_NODE_OBJECT);
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "query", call->query);
  json_object_set_object_member (object, "variables",
                                 call->variables != NULL ? json_object_ref (call->variables)
                                                         : json_object_new ());
  json_node_take_object (body, object);

  fc_http_request_with_headers_async (fc_connector_get_http (FC_CONNECTOR (self)), "POST",
                                      FC_JOBBER_GRAPHQL_PATH, headers, body,
                                      _fc_jobber_connector_get_limiter (self), call->flags,
                                      call->what, g_task_get_cancellable (task),
                                      on_response_cb, g_object_ref (task));
}

static void
step_reserve (GTask *task)
{
  FcJobberConnector *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  gint64 wait_us;

  if (g_task_return_error_if_cancelled (task))
    return;

  wait_us = _fc_jobber_bucket_reserve (_fc_jobber_connector_get_bucket (self), call->cost,
                                       g_get_monotonic_time ());
  if (wait_us > (gint64) MAX_BUCKET_WAIT_MS * 1000)
    {
      g_task_return_new_error (task, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_RATE_LIMITED,
                               _("%s: Jobber’s query-cost bucket needs %u s to hold the %.0f "
                                 "points the query costs"),
                               call->what,
                               (guint) ((wait_us + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC),
                               call->cost);
      return;
    }
  if (wait_us > 0)
    {
      g_debug ("%s: waiting %" G_GINT64_FORMAT " ms for %.0f points of query cost", call->what,
               wait_us / 1000, call->cost);
      fc_task_wait_then (task, (guint) MIN ((wait_us + 999) / 1000, G_MAXUINT), step_reserve);
    }
  else
    step_send (task);
}

void
_fc_jobber_graphql_async (FcJobberConnector   *self,
                          const char          *query,
                          JsonObject          *variables,
                          guint                cost,
                          FcHttpFlags          flags,
                          const char          *what,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  Call *call = g_new0 (Call, 1);

  call->query = g_strdup (query);
  call->variables = variables != NULL ? json_object_ref (variables) : NULL;
  call->cost = MAX (cost, 1);
  call->flags = flags;
  call->what = g_strdup (what);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, _fc_jobber_graphql_async);
  g_task_set_task_data (task, call, (GDestroyNotify) call_free);
  step_reserve (task);
}

JsonObject *
_fc_jobber_graphql_finish (FcJobberConnector  *self,
                           GAsyncResult       *result,
                           JsonArray         **out_errors,
                           GError            **error)
{
  Call *call;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == _fc_jobber_graphql_async,
                        NULL);

  call = g_task_get_task_data (G_TASK (result));
  if (out_errors != NULL)
    *out_errors = call->errors != NULL && !g_task_had_error (G_TASK (result))
                  ? json_array_ref (call->errors) : NULL;
  return g_task_propagate_pointer (G_TASK (result), error);
}
