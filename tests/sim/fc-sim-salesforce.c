/* fc-sim-salesforce.c: the simulated Salesforce org: error arrays, sessions, the daily API
 * allocation, API versions, limits and the control hooks
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-sim-salesforce"

#include "config.h"

#include <string.h>

#include "fc-sim-salesforce-private.h"

#define DAY_MS (24 * 60 * 60 * 1000)
#define SESSION_TIMEOUT_S (2 * 60 * 60)
#define DEVELOPER_EDITION_DAILY 15000
#define DATA_STORAGE_MB 5
#define RECORD_STORAGE_KB 2

static const char * const objects[] = { "Contact", "Account", "Opportunity", "Lead", NULL };

static FcSimSalesforce *
get_sf (FcSimRequest *req)
{
  return req->provider->state;
}

FcSimSfObject *
_fc_sim_sf_find_object (FcSimSalesforce *sf,
                        const char      *name)
{
  for (guint i = 0; name != NULL && i < FC_SIM_SF_N_OBJECTS; i++)
    {
      if (g_ascii_strcasecmp (name, sf->objects[i]->name) == 0)
        return sf->objects[i];
    }

  return NULL;
}

/* The vXX.X of the request's path; the newest one for requests without a version */
const char *
_fc_sim_sf_version (FcSimRequest *req)
{
  const char *version = req != NULL ? _fc_sim_request_get_param (req, "version") : NULL;

  return version != NULL ? version : FC_SIM_SF_MAX_VERSION_TEXT;
}

static gboolean
version_is_served (const char *version)
{
  guint64 number;
  g_autofree char *digits = NULL;

  if (version == NULL || version[0] != 'v' || !g_str_has_suffix (version, ".0")
      || strlen (version) < 4)
    return FALSE;

  digits = g_strndup (version + 1, strlen (version) - 3);
  return g_ascii_string_to_unsigned (digits, 10, FC_SIM_SF_MIN_VERSION, FC_SIM_SF_MAX_VERSION,
                                     &number, NULL);
}

static gboolean
is_instance (FcSimRequest *req)
{
  if (req->route != NULL)
    return g_str_equal (req->route->mount, FC_SIM_SF_INSTANCE_MOUNT);

  return g_str_has_prefix (req->path, "/" FC_SIM_SF_INSTANCE_MOUNT "/");
}

/* Errors: [{"message": ..., "errorCode": ..., "fields": [...]}] */

static void
add_error (JsonBuilder *builder,
           const char  *code,
           const char  *message,
           char       **fields)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_set_member_name (builder, "errorCode");
  json_builder_add_string_value (builder, code);
  if (fields != NULL)
    {
      json_builder_set_member_name (builder, "fields");
      json_builder_begin_array (builder);
      for (guint i = 0; fields[i] != NULL; i++)
        json_builder_add_string_value (builder, fields[i]);
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
}

void
_fc_sim_sf_respond_error (FcSimRequest  *req,
                          guint          status,
                          const char    *code,
                          const char    *message,
                          char         **fields)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  add_error (builder, code, message, fields);
  json_builder_end_array (builder);
  _fc_sim_respond_builder (req, status, builder);
}

/* @errors: FcSimSfError */
void
_fc_sim_sf_respond_errors (FcSimRequest *req,
                           guint         status,
                           GPtrArray    *errors)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < errors->len; i++)
    {
      FcSimSfError *error = g_ptr_array_index (errors, i);

      add_error (builder, error->code, error->message, error->fields);
    }
  json_builder_end_array (builder);
  _fc_sim_respond_builder (req, status, builder);
}

/* The JSON body as an object, or NULL after answering 400 JSON_PARSER_ERROR (or 415). */
JsonObject *
_fc_sim_sf_body_object (FcSimRequest *req)
{
  const char *type = _fc_sim_request_get_header (req, "Content-Type");
  g_autoptr (GError) error = NULL;
  JsonNode *node;

  if (type != NULL && strstr (type, "json") == NULL)
    {
      g_autofree char *message = g_strdup_printf ("Content type '%s' not supported", type);

      _fc_sim_sf_respond_error (req, 415, "UNSUPPORTED_MEDIA_TYPE", message, NULL);
      return NULL;
    }

  if (g_bytes_get_size (req->body) == 0)
    {
      _fc_sim_sf_respond_error (req, 400, "JSON_PARSER_ERROR",
                                "No content to map due to end-of-input", NULL);
      return NULL;
    }

  node = _fc_sim_request_get_json (req, &error);
  if (node == NULL)
    {
      g_autofree char *message = g_strdup_printf ("Unexpected character in the JSON body: %s",
                                                  error->message);

      _fc_sim_sf_respond_error (req, 400, "JSON_PARSER_ERROR", message, NULL);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      _fc_sim_sf_respond_error (req, 400, "JSON_PARSER_ERROR",
                                "Cannot deserialize instance of an sObject from START_ARRAY "
                                "value [ or request may be missing a required field", NULL);
      return NULL;
    }

  return json_node_get_object (node);
}

static void
respond_oauth_error (FcSimRequest *req,
                     guint         status,
                     const char   *error,
                     const char   *description)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, error);
  json_builder_set_member_name (builder, "error_description");
  json_builder_add_string_value (builder, description);
  json_builder_end_object (builder);
  _fc_sim_respond_builder (req, status, builder);
}

/* Daily API requests: a rolling 24 hours on the simulator's clock */

guint
_fc_sim_sf_usage (FcSimSalesforce *sf,
                  gint64           now_ms)
{
  guint expired = 0;

  while (expired < sf->usage->len && g_array_index (sf->usage, gint64, expired) <= now_ms - DAY_MS)
    expired++;
  if (expired > 0)
    g_array_remove_range (sf->usage, 0, expired);

  return sf->usage->len;
}

static void
set_limit_header (FcSimRequest *req)
{
  FcSimSalesforce *sf = get_sf (req);
  g_autofree char *value = g_strdup_printf ("api-usage=%u/%u",
                                            _fc_sim_sf_usage (sf, _fc_sim_now_ms (req->sim)),
                                            sf->daily_max);

  _fc_sim_set_header (req, "Sforce-Limit-Info", value);
}

/* The router's own answers (unknown paths, methods, injected faults) */

static char *
allowed_methods (FcSimRequest *req)
{
  g_auto (GStrv) parts = g_strsplit (req->path, "/", -1);
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) segments = NULL;
  GPtrArray *routes = req->sim->routes;
  g_autoptr (GString) allowed = g_string_new (NULL);
  guint n;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (parts[i][0] != '\0')
        g_strv_builder_add (builder, parts[i]);
    }
  segments = g_strv_builder_end (builder);
  n = g_strv_length (segments);

  for (guint i = 0; i < routes->len; i++)
    {
      FcSimRoute *route = g_ptr_array_index (routes, i);
      gboolean match = n > 0 && g_str_equal (route->mount, segments[0])
                       && g_strv_length (route->segments) == n - 1;

      for (guint s = 0; match && s + 1 < n; s++)
        match = route->segments[s][0] == '{' || g_str_equal (route->segments[s], segments[s + 1]);
      if (match && strstr (allowed->str, route->method) == NULL)
        g_string_append_printf (allowed, "%s%s", allowed->len > 0 ? "," : "", route->method);
    }

  return g_string_free (g_steal_pointer (&allowed), FALSE);
}

static void
salesforce_respond_error (FcSimRequest *req,
                          guint         status,
                          const char   *message)
{
  g_autofree char *text = NULL;
  const char *code;

  if (!is_instance (req))
    {
      respond_oauth_error (req, status, status >= 500 ? "server_error" : "invalid_request",
                           message);
      return;
    }

  switch (status)
    {
    case 401:
      code = "INVALID_SESSION_ID";
      message = "Session expired or invalid";
      break;
    case 403:
      code = "FORBIDDEN";
      break;
    case 404:
      code = "NOT_FOUND";
      message = "The requested resource does not exist";
      break;
    case 405:
      {
        g_autofree char *allowed = allowed_methods (req);

        code = "METHOD_NOT_ALLOWED";
        text = g_strdup_printf ("HTTP Method '%s' not allowed. Allowed are %s", req->method,
                                allowed);
        message = text;
      }
      break;
    case 503:
      code = "SERVER_UNAVAILABLE";
      message = "Server is temporarily unavailable. Please try again later.";
      break;
    default:
      if (status >= 500)
        {
          code = "UNKNOWN_EXCEPTION";
          text = g_strdup_printf ("An unexpected error occurred. Please include this ErrorId if "
                                  "you contact support: %d-%d (%d)",
                                  _fc_sim_random_int (req->sim, 100000000, 999999999),
                                  _fc_sim_random_int (req->sim, 1000, 99999),
                                  -_fc_sim_random_int (req->sim, 100000000, 999999999));
          message = text;
        }
      else
        {
          code = "BAD_REQUEST";
        }
      break;
    }

  if (req->principal == NULL && status != 401)
    set_limit_header (req);
  _fc_sim_sf_respond_error (req, status, code, message, NULL);
}

/* Salesforce answers an overload with 403 REQUEST_LIMIT_EXCEEDED, not 429 */
static void
salesforce_respond_throttled (FcSimRequest *req,
                              guint         retry_after_s)
{
  if (!is_instance (req))
    {
      respond_oauth_error (req, 503, "server_error", "The login server is busy");
      return;
    }

  set_limit_header (req);
  _fc_sim_sf_respond_error (req, 403, "REQUEST_LIMIT_EXCEEDED",
                            "ConcurrentPerOrgLongTxn Limit exceeded.", NULL);
}

/* Sessions: Authorization: Bearer (or OAuth) with an access token. A session ends after the
 * timeout without use; use in its second half extends it, as the org's session settings do. */

static char *
get_session_id (FcSimRequest *req)
{
  const char *value = _fc_sim_request_get_header (req, "Authorization");

  if (value != NULL && g_ascii_strncasecmp (value, "OAuth ", 6) == 0)
    {
      value += 6;
      while (*value == ' ')
        value++;
      return value[0] != '\0' ? g_strdup (value) : NULL;
    }

  return _fc_sim_request_get_bearer (req);
}

static gboolean
salesforce_authenticate (FcSimRequest *req)
{
  FcSimSalesforce *sf = get_sf (req);
  g_autofree char *session = get_session_id (req);
  FcSimToken *token = NULL;
  gint64 now = _fc_sim_now_ms (req->sim);
  gint64 timeout_ms = (gint64) req->provider->oauth.access_lifetime_s * 1000;

  if (_fc_sim_oauth_check (req->provider, session, FC_SIM_TOKEN_ACCESS, &token)
      != FC_SIM_TOKEN_VALID)
    {
      if (is_instance (req))
        _fc_sim_sf_respond_error (req, 401, "INVALID_SESSION_ID", "Session expired or invalid",
                                  NULL);
      else
        _fc_sim_respond_text (req, 403, "text/plain;charset=utf-8", "Bad_OAuth_Token");
      return FALSE;
    }

  if (token->kind == FC_SIM_TOKEN_ACCESS && token->expires_ms != 0 && timeout_ms > 0
      && token->expires_ms - now < timeout_ms / 2)
    token->expires_ms = now + timeout_ms;
  req->principal = token;

  if (!is_instance (req))
    return TRUE;

  g_array_append_val (sf->usage, now);
  set_limit_header (req);

  if (_fc_sim_request_get_param (req, "version") != NULL
      && !version_is_served (_fc_sim_request_get_param (req, "version")))
    {
      _fc_sim_sf_respond_error (req, 404, "NOT_FOUND", "The requested resource does not exist",
                                NULL);
      return FALSE;
    }

  return TRUE;
}

static gboolean
salesforce_check_rate_limit (FcSimRequest *req)
{
  FcSimSalesforce *sf = get_sf (req);

  if (_fc_sim_sf_usage (sf, _fc_sim_now_ms (req->sim)) <= sf->daily_max)
    return TRUE;

  _fc_sim_sf_respond_error (req, 403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.",
                            NULL);
  return FALSE;
}

static gboolean
salesforce_configure_limits (FcSimProvider  *provider,
                             JsonObject     *settings,
                             GError        **error)
{
  FcSimSalesforce *sf = provider->state;
  gint64 now = _fc_sim_now_ms (provider->sim);
  guint usage = G_MAXUINT;

  if (!_fc_sim_get_uint_member (settings, "daily_api_requests", &sf->daily_max, error)
      || !_fc_sim_get_uint_member (settings, "api_usage", &usage, error))
    return FALSE;

  if (json_object_get_boolean_member_with_default (settings, "reset_usage", FALSE))
    g_array_set_size (sf->usage, 0);
  if (usage != G_MAXUINT)
    {
      g_array_set_size (sf->usage, 0);
      for (guint i = 0; i < usage; i++)
        g_array_append_val (sf->usage, now);
    }

  return TRUE;
}

static JsonNode *
salesforce_describe_limits (FcSimProvider *provider)
{
  FcSimSalesforce *sf = provider->state;
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "enabled");
  json_builder_add_boolean_value (builder, provider->limits_enabled);
  json_builder_set_member_name (builder, "daily_api_requests");
  json_builder_add_int_value (builder, sf->daily_max);
  json_builder_set_member_name (builder, "api_usage");
  json_builder_add_int_value (builder, _fc_sim_sf_usage (sf, _fc_sim_now_ms (provider->sim)));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static gboolean
salesforce_configure_webhooks (FcSimProvider  *provider,
                               JsonObject     *settings,
                               GError        **error)
{
  if (json_object_has_member (settings, "target_url") || json_object_has_member (settings, "secret")
      || json_object_has_member (settings, "subscriptions"))
    {
      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                   "The simulated Salesforce org sends no webhooks: FluxCascade polls it with "
                   "SOQL on SystemModstamp");
      return FALSE;
    }

  return TRUE;
}

static JsonNode *
salesforce_describe_webhooks (FcSimProvider *provider)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "supported");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* API versions, resources and limits */

static char *
release_label (guint version)
{
  static const char * const seasons[] = { "Winter", "Spring", "Summer" };
  int offset = (int) version - 59;   /* v59.0 is Winter '24 */
  int year = 24 + (offset >= 0 ? offset / 3 : -((2 - offset) / 3));
  int season = ((offset % 3) + 3) % 3;

  return g_strdup_printf ("%s '%02d", seasons[season], year);
}

static void
handle_versions (FcSimRequest *req)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint v = FC_SIM_SF_MIN_VERSION; v <= FC_SIM_SF_MAX_VERSION; v++)
    {
      g_autofree char *label = release_label (v);
      g_autofree char *url = g_strdup_printf ("/services/data/v%u.0", v);
      g_autofree char *number = g_strdup_printf ("%u.0", v);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "label");
      json_builder_add_string_value (builder, label);
      json_builder_set_member_name (builder, "url");
      json_builder_add_string_value (builder, url);
      json_builder_set_member_name (builder, "version");
      json_builder_add_string_value (builder, number);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  _fc_sim_respond_builder (req, 200, builder);
}

static void
handle_resources (FcSimRequest *req)
{
  static const char * const resources[] = {
    "composite", "limits", "query", "queryAll", "sobjects", NULL
  };
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  for (guint i = 0; resources[i] != NULL; i++)
    {
      g_autofree char *url = g_strdup_printf ("/services/data/%s/%s", _fc_sim_sf_version (req),
                                              resources[i]);

      json_builder_set_member_name (builder, resources[i]);
      json_builder_add_string_value (builder, url);
    }
  json_builder_end_object (builder);
  _fc_sim_respond_builder (req, 200, builder);
}

static void
add_limit (JsonBuilder *builder,
           const char  *name,
           gint64       max,
           gint64       remaining)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Max");
  json_builder_add_int_value (builder, max);
  json_builder_set_member_name (builder, "Remaining");
  json_builder_add_int_value (builder, MAX (remaining, 0));
  json_builder_end_object (builder);
}

static void
handle_limits (FcSimRequest *req)
{
  FcSimSalesforce *sf = get_sf (req);
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  guint used = _fc_sim_sf_usage (sf, _fc_sim_now_ms (req->sim));
  guint records = 0;

  for (guint i = 0; i < FC_SIM_SF_N_OBJECTS; i++)
    records += _fc_sim_collection_count_live (sf->objects[i]->records);

  json_builder_begin_object (builder);
  add_limit (builder, "DailyApiRequests", sf->daily_max, (gint64) sf->daily_max - used);
  add_limit (builder, "DataStorageMB", DATA_STORAGE_MB,
             DATA_STORAGE_MB - ((gint64) records * RECORD_STORAGE_KB + 1023) / 1024);
  json_builder_end_object (builder);
  _fc_sim_respond_builder (req, 200, builder);
}

static void
salesforce_reset (FcSimProvider *provider)
{
  FcSimSalesforce *sf = provider->state;

  sf->schema_base_ms = _fc_sim_now_ms (provider->sim);
  _fc_sim_sf_schema_reset (sf);
  g_hash_table_remove_all (sf->code_hosts);
  g_hash_table_remove_all (sf->cursors);
  g_array_set_size (sf->usage, 0);
}

static void
salesforce_free_state (gpointer state)
{
  FcSimSalesforce *sf = state;

  _fc_sim_sf_schema_free (sf);
  g_hash_table_unref (sf->code_hosts);
  g_hash_table_unref (sf->cursors);
  g_array_unref (sf->usage);
  g_free (sf->org_id);
  g_free (sf->user_id);
  g_free (sf->username);
  g_free (sf);
}

static const FcSimProviderClass salesforce_class = {
  .name = "salesforce",
  .api_mount = FC_SIM_SF_INSTANCE_MOUNT,
  .auth_mount = FC_SIM_SF_LOGIN_MOUNT,
  .objects = objects,
  .free_state = salesforce_free_state,
  .reset = salesforce_reset,
  .authenticate = salesforce_authenticate,
  .check_rate_limit = salesforce_check_rate_limit,
  .respond_error = salesforce_respond_error,
  .respond_throttled = salesforce_respond_throttled,
  .create_record = _fc_sim_sf_control_create,
  .update_record = _fc_sim_sf_control_update,
  .delete_record = _fc_sim_sf_control_delete,
  .get_record = _fc_sim_sf_control_get,
  .list_records = _fc_sim_sf_control_list,
  .generate_record = _fc_sim_sf_control_generate,
  .add_custom_field = _fc_sim_sf_control_add_field,
  .configure_limits = salesforce_configure_limits,
  .describe_limits = salesforce_describe_limits,
  .configure_webhooks = salesforce_configure_webhooks,
  .describe_webhooks = salesforce_describe_webhooks,
};

void
_fc_sim_salesforce_register (FcSim *sim)
{
  FcSimSalesforce *sf = g_new0 (FcSimSalesforce, 1);
  FcSimProvider *provider;

  sf->org_id = _fc_sim_sf_make_id ("00D", 1);
  sf->user_id = _fc_sim_sf_make_id ("005", 1);
  sf->username = g_strdup ("admin@fluxcascade-sim.example.com");
  sf->code_hosts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sf->cursors = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, _fc_sim_sf_cursor_free);
  sf->next_cursor_seq = 1;
  sf->daily_max = DEVELOPER_EDITION_DAILY;
  sf->usage = g_array_new (FALSE, FALSE, sizeof (gint64));
  sf->schema_base_ms = _fc_sim_now_ms (sim);

  provider = _fc_sim_add_provider (sim, &salesforce_class, sf);
  sf->provider = provider;
  provider->oauth.client_id = g_strdup ("sim-salesforce-client-id");
  provider->oauth.client_secret = g_strdup ("sim-salesforce-client-secret");
  provider->oauth.access_lifetime_s = SESSION_TIMEOUT_S;
  provider->oauth.rotate_refresh_tokens = FALSE;

  _fc_sim_sf_schema_init (sf);
  _fc_sim_sf_register_oauth_routes (sf);

  _fc_sim_add_route (sim, provider, FC_SIM_SF_INSTANCE_MOUNT, "GET", "/services/data",
                     "/services/data", FC_SIM_ROUTE_FAULTS, 0, handle_versions, NULL);
  _fc_sim_add_route (sim, provider, FC_SIM_SF_INSTANCE_MOUNT, "GET",
                     "/services/data/{version}", "/services/data/vXX.X", FC_SIM_ROUTE_API, 1,
                     handle_resources, NULL);
  _fc_sim_add_route (sim, provider, FC_SIM_SF_INSTANCE_MOUNT, "GET",
                     "/services/data/{version}/limits", "/services/data/vXX.X/limits",
                     FC_SIM_ROUTE_API, 1, handle_limits, NULL);
  _fc_sim_sf_register_schema_routes (sf);
  _fc_sim_sf_register_record_routes (sf);
  _fc_sim_sf_register_query_routes (sf);
  _fc_sim_sf_register_collection_routes (sf);
}
