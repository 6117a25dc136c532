/* fc-sim-jobber.c: the simulated Jobber account (api.getjobber.com): objects and their global
 * ids, the GraphQL endpoint, its error shapes, and the app's connection to the account
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-sim-jobber"

#include "config.h"

#include <string.h>

#include "fc-sim-jobber-private.h"

#define MOUNT "jobber"
#define VERSION_HEADER "X-JOBBER-GRAPHQL-VERSION"
#define THROTTLE_DOCS "https://developer.getjobber.com/docs/using_jobbers_api/api_rate_limits"

static const FcSimJobberObject objects[FC_SIM_JB_N_OBJECTS] = {
  { FC_SIM_JB_CLIENTS, "clients", "Client", "CLIENT", "clients" },
  { FC_SIM_JB_PROPERTIES, "properties", "Property", "PROPERTY", "properties" },
  { FC_SIM_JB_JOBS, "jobs", "Job", "JOB", "work_orders" },
  { FC_SIM_JB_QUOTES, "quotes", "Quote", "QUOTE", "quotes" },
};

static const char * const object_names[] = { "clients", "properties", "jobs", "quotes", NULL };

const FcSimJobberObject *
_fc_sim_jobber_get_object (FcSimJobberObjectId id)
{
  return &objects[id];
}

const FcSimJobberObject *
_fc_sim_jobber_find_object (const char *name)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (objects); i++)
    {
      if (g_str_equal (objects[i].name, name) || g_str_equal (objects[i].type, name))
        return &objects[i];
    }

  return NULL;
}

/* Global ids */

char *
fc_sim_jobber_encode_id (const char *type,
                         gint64      id)
{
  g_autofree char *gid = g_strdup_printf ("gid://Jobber/%s/%" G_GINT64_FORMAT, type, id);

  return g_base64_encode ((const guchar *) gid, strlen (gid));
}

/* Reads an EncodedId of @type (any type when NULL); FALSE when it is not one. */
gboolean
_fc_sim_jobber_decode_id (const char *encoded,
                          const char *type,
                          gint64     *id)
{
  g_autofree guchar *decoded = NULL;
  g_autofree char *text = NULL;
  g_autofree char *prefix = NULL;
  gsize length = 0;
  const char *slash;

  if (encoded == NULL || encoded[0] == '\0' || strlen (encoded) > 200
      || strspn (encoded, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")
         != strlen (encoded))
    return FALSE;

  decoded = g_base64_decode (encoded, &length);
  text = g_strndup ((const char *) decoded, length);
  if (!g_str_has_prefix (text, "gid://Jobber/"))
    return FALSE;

  slash = strrchr (text, '/');
  prefix = g_strndup (text + strlen ("gid://Jobber/"), slash - text - strlen ("gid://Jobber/"));
  if (type != NULL && !g_str_equal (prefix, type))
    return FALSE;

  return g_ascii_string_to_signed (slash + 1, 10, 1, G_MAXINT64, id, NULL);
}

/* The live record that @encoded_id names, or NULL */
FcSimRecord *
_fc_sim_jobber_lookup (FcSimJobber         *jb,
                       FcSimJobberObjectId  object,
                       const char          *encoded_id)
{
  FcSimRecord *record;
  gint64 id;

  if (!_fc_sim_jobber_decode_id (encoded_id, objects[object].type, &id))
    return NULL;

  record = _fc_sim_collection_lookup (jb->objects[object], id);
  return record != NULL && record->deleted_ms == 0 ? record : NULL;
}

char *
_fc_sim_jobber_web_uri (FcSimJobberObjectId object,
                        gint64              id)
{
  return g_strdup_printf ("https://secure.getjobber.com/%s/%" G_GINT64_FORMAT,
                          objects[object].web_path, id);
}

/* Error shapes */

static void
respond_errors (FcSimRequest *req,
                guint         status,
                const char   *message)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "errors");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  _fc_sim_respond_builder (req, status, builder);
}

static void
jobber_respond_error (FcSimRequest *req,
                      guint         status,
                      const char   *message)
{
  respond_errors (req, status, message);
}

/* The DDoS guard's answer. The reference does not show its body; this is Rack::Attack's. */
static void
jobber_respond_throttled (FcSimRequest *req,
                          guint         retry_after_s)
{
  g_autofree char *retry = g_strdup_printf ("%u", MAX (retry_after_s, 1));

  _fc_sim_set_header (req, "Retry-After", retry);
  _fc_sim_respond_text (req, 429, "text/plain", "Retry later\n");
}

/* The GraphQL endpoint */

static gboolean
is_version (const char *text)
{
  guint year, month, day;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-'
      || strspn (text, "0123456789-") != 10)
    return FALSE;

  year = (guint) g_ascii_strtoull (text, NULL, 10);
  month = (guint) g_ascii_strtoull (text + 5, NULL, 10);
  day = (guint) g_ascii_strtoull (text + 8, NULL, 10);
  return g_date_valid_dmy (day, month, year);
}

static void
respond_graphql (FcSimRequest *req,
                 JsonNode     *data,
                 JsonNode     *errors,
                 JsonNode     *cost,
                 const char   *version)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  if (data != NULL)
    {
      json_builder_set_member_name (builder, "data");
      json_builder_add_value (builder, data);
    }
  if (errors != NULL)
    {
      json_builder_set_member_name (builder, "errors");
      json_builder_add_value (builder, errors);
    }
  json_builder_set_member_name (builder, "extensions");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "cost");
  json_builder_add_value (builder, cost);
  json_builder_set_member_name (builder, "versioning");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, version);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  _fc_sim_respond_builder (req, 200, builder);
}

static void
respond_throttled_query (FcSimRequest *req,
                         FcSimJobber  *jb,
                         guint         requested,
                         const char   *version)
{
  JsonObject *error = json_object_new ();
  JsonObject *extensions = json_object_new ();
  JsonArray *errors = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  json_object_set_string_member (error, "message", "Throttled");
  json_object_set_string_member (extensions, "code", "THROTTLED");
  json_object_set_string_member (extensions, "documentation", THROTTLE_DOCS);
  json_object_set_object_member (error, "extensions", extensions);
  json_array_add_object_element (errors, error);
  json_node_take_array (node, errors);
  respond_graphql (req, NULL, node, _fc_sim_jobber_cost_json (jb, requested, 0), version);
}

/* Reads query, operationName and variables (an object, or JSON text of one, as Rails apps
 * accept them). FALSE when the body is not usable; the answer is written then. */
static gboolean
read_body (FcSimRequest  *req,
           const char   **query,
           const char   **operation_name,
           JsonNode     **variables)
{
  g_autoptr (GError) error = NULL;
  JsonNode *root = _fc_sim_request_get_json (req, &error);
  JsonObject *body;
  JsonNode *member;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_autofree char *message = g_strdup_printf ("The request body must be a JSON object with "
                                                  "a query: %s",
                                                  error != NULL ? error->message : "not an object");

      respond_errors (req, 400, message);
      return FALSE;
    }

  body = json_node_get_object (root);
  *query = json_object_get_string_member_with_default (body, "query", NULL);
  *operation_name = json_object_get_string_member_with_default (body, "operationName", NULL);
  member = json_object_get_member (body, "variables");
  *variables = NULL;
  if (member == NULL || JSON_NODE_HOLDS_NULL (member))
    return TRUE;

  if (JSON_NODE_HOLDS_OBJECT (member))
    {
      *variables = json_node_copy (member);
      return TRUE;
    }

  if (JSON_NODE_HOLDS_VALUE (member) && json_node_get_value_type (member) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (member);

      if (text[0] == '\0')
        return TRUE;
      *variables = _fc_sim_json_from_string (text, NULL);
      if (*variables != NULL && JSON_NODE_HOLDS_OBJECT (*variables))
        return TRUE;
      g_clear_pointer (variables, json_node_unref);
    }

  respond_errors (req, 400, "variables must be a JSON object, or JSON text of one");
  return FALSE;
}

static gboolean
check_headers (FcSimRequest  *req,
               const char   **version)
{
  const char *media = soup_message_headers_get_content_type (req->request_headers, NULL);
  g_autofree char *message = NULL;

  if (media == NULL || g_ascii_strcasecmp (media, "application/json") != 0)
    {
      message = g_strdup_printf ("Content-Type %s is not accepted: send GraphQL requests as "
                                 "application/json", media != NULL ? media : "(none)");
      respond_errors (req, 415, message);
      return FALSE;
    }

  *version = _fc_sim_request_get_header (req, VERSION_HEADER);
  if (*version == NULL)
    {
      respond_errors (req, 400, "The " VERSION_HEADER " header is required: set it to an API "
                                "version such as 2025-01-20");
      return FALSE;
    }
  if (!is_version (*version))
    {
      message = g_strdup_printf (VERSION_HEADER " “%s” is not an API version; versions are "
                                 "dates such as 2025-01-20", *version);
      respond_errors (req, 400, message);
      return FALSE;
    }

  return TRUE;
}

static void
count_root_fields (FcSimRequest    *req,
                   FcSimGqlRequest *request)
{
  g_auto (GStrv) names = _fc_sim_gql_request_get_root_fields (request);

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *endpoint = g_strconcat ("graphql:", names[i], NULL);

      _fc_sim_counters_add (req->sim, "jobber", req->method, endpoint, req->status);
    }
}

static void
handle_graphql (FcSimRequest *req)
{
  FcSimJobber *jb = req->provider->state;
  const char *version = NULL;
  const char *query = NULL;
  const char *operation_name = NULL;
  g_autoptr (JsonNode) variables = NULL;
  g_autoptr (FcSimGqlRequest) request = NULL;
  JsonNode *data;
  guint requested;
  guint actual = 0;

  if (!check_headers (req, &version)
      || !read_body (req, &query, &operation_name, &variables))
    return;

  request = _fc_sim_gql_request_new (jb->schema, query, operation_name, variables);
  if (!_fc_sim_gql_request_prepare (request))
    {
      respond_graphql (req, NULL, _fc_sim_gql_request_get_errors (request),
                       _fc_sim_jobber_cost_json (jb, 0, 0), version);
      return;
    }

  requested = _fc_sim_gql_request_get_cost (request, FC_SIM_JOBBER_DEFAULT_PAGE);
  if (req->provider->limits_enabled && !_fc_sim_jobber_take_cost (jb, requested))
    {
      respond_throttled_query (req, jb, requested, version);
      count_root_fields (req, request);
      return;
    }

  /* Plain lists (emails, phones) count once in the requested cost but per item when run;
   * the actual cost never exceeds the requested one. */
  data = _fc_sim_gql_request_execute (request, jb, &actual);
  actual = MIN (actual, requested);
  if (req->provider->limits_enabled)
    _fc_sim_jobber_give_back (jb, requested > actual ? requested - actual : 0);
  respond_graphql (req, data, _fc_sim_gql_request_get_errors (request),
                   _fc_sim_jobber_cost_json (jb, requested, actual), version);
  count_root_fields (req, request);
}

/* The app's connection to the account */

static void
kill_current_tokens (FcSimJobber *jb)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, jb->provider->sim->tokens);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      FcSimToken *token = value;

      if (token->provider == jb->provider)
        g_hash_table_add (jb->dead_tokens, g_strdup (token->value));
    }
}

/* Disconnecting kills every token the app holds (they answer with Jobber's "disconnected"
 * error from then on); connecting again takes a new authorization. */
void
_fc_sim_jobber_set_disconnected (FcSimJobber *jb,
                                 gboolean     disconnected,
                                 FcSimSource  source)
{
  g_autofree char *account = fc_sim_jobber_encode_id ("Account", jb->account_id);

  if (jb->disconnected == disconnected)
    return;

  jb->disconnected = disconnected;
  if (disconnected)
    kill_current_tokens (jb);
  _fc_sim_jobber_emit (jb, disconnected ? "APP_DISCONNECT" : "APP_CONNECT", account, source);
}

static void
jobber_reset (FcSimProvider *provider)
{
  FcSimJobber *jb = provider->state;

  for (guint i = 0; i < FC_SIM_JB_N_OBJECTS; i++)
    {
      _fc_sim_collection_clear (jb->objects[i]);
      jb->next_ids[i] = 1;
    }
  jb->next_item_id = 1;
  jb->next_job_number = 1;
  jb->next_quote_number = 1;
  jb->disconnected = FALSE;
  g_hash_table_remove_all (jb->dead_tokens);
  _fc_sim_jobber_limits_reset (jb);
  _fc_sim_jobber_webhooks_reset (jb);
}

static void
jobber_free_state (gpointer state)
{
  FcSimJobber *jb = state;

  for (guint i = 0; i < FC_SIM_JB_N_OBJECTS; i++)
    _fc_sim_collection_free (jb->objects[i]);
  _fc_sim_gql_schema_free (jb->schema);
  g_hash_table_unref (jb->dead_tokens);
  g_array_unref (jb->ddos_times);
  g_ptr_array_unref (jb->webhook_topics);
  g_free (jb->webhook_url);
  g_free (jb->webhook_secret);
  g_free (jb->app_id);
  g_free (jb->account_name);
  g_free (jb->jwt_key);
  g_free (jb);
}

static JsonNode *
jobber_add_custom_field (FcSimProvider  *provider,
                         const char     *object,
                         JsonObject     *body,
                         GError        **error)
{
  g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
               "The Jobber simulation has no custom fields (customFields is not served)");
  return NULL;
}

static const FcSimProviderClass jobber_class = {
  .name = "jobber",
  .api_mount = MOUNT,
  .auth_mount = MOUNT,
  .objects = object_names,
  .free_state = jobber_free_state,
  .reset = jobber_reset,
  .authenticate = _fc_sim_jobber_authenticate,
  .check_rate_limit = _fc_sim_jobber_check_ddos,
  .respond_error = jobber_respond_error,
  .respond_throttled = jobber_respond_throttled,
  .create_record = _fc_sim_jobber_create_record,
  .update_record = _fc_sim_jobber_update_record,
  .delete_record = _fc_sim_jobber_delete_record,
  .get_record = _fc_sim_jobber_get_record,
  .list_records = _fc_sim_jobber_list_records,
  .generate_record = _fc_sim_jobber_generate_record,
  .add_custom_field = jobber_add_custom_field,
  .configure_limits = _fc_sim_jobber_configure_limits,
  .describe_limits = _fc_sim_jobber_describe_limits,
  .configure_webhooks = _fc_sim_jobber_configure_webhooks,
  .describe_webhooks = _fc_sim_jobber_describe_webhooks,
};

void
_fc_sim_jobber_register (FcSim *sim)
{
  FcSimJobber *jb = g_new0 (FcSimJobber, 1);
  FcSimProvider *provider;
  static const guint retry_delays[] = { 10000, 60000, 300000 };

  for (guint i = 0; i < FC_SIM_JB_N_OBJECTS; i++)
    jb->objects[i] = _fc_sim_collection_new (objects[i].name);
  jb->account_id = 1357911;
  jb->user_id = 2468;
  jb->app_id = g_strdup ("9b1d3f0e-6a51-4c2e-8f7a-1c2d3e4f5a6b");
  jb->account_name = g_strdup ("FluxCascade Simulated Services");
  jb->jwt_key = g_strdup ("fc-sim-jobber-jwt-signing-key");
  jb->account_created_ms = G_GINT64_CONSTANT (1577836800000);
  jb->dead_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  jb->ddos_times = g_array_new (FALSE, FALSE, sizeof (gint64));
  jb->webhook_topics = g_ptr_array_new_with_free_func (g_free);
  jb->schema = _fc_sim_jobber_schema_new ();
  jb->cost_enabled = TRUE;
  jb->maximum_available = 10000;
  jb->restore_rate = 500;
  jb->ddos_enabled = TRUE;
  jb->ddos_requests = 2500;
  jb->ddos_window_s = 300;

  provider = _fc_sim_add_provider (sim, &jobber_class, jb);
  jb->provider = provider;
  provider->oauth.client_id = g_strdup ("sim-jobber-client-id");
  provider->oauth.client_secret = g_strdup ("sim-jobber-client-secret");
  provider->oauth.access_lifetime_s = 3600;
  provider->oauth.rotate_refresh_tokens = TRUE;
  _fc_sim_retry_policy_init (&provider->retry, 4, retry_delays, G_N_ELEMENTS (retry_delays),
                             1000);
  jobber_reset (provider);

  _fc_sim_jobber_register_oauth_routes (jb);
  _fc_sim_add_route (sim, provider, MOUNT, "POST", "/api/graphql", NULL, FC_SIM_ROUTE_API, 1,
                     handle_graphql, NULL);
  _fc_sim_jobber_register_control_routes (jb);
}
