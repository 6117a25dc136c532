/* fc-sim-control.c: the control API under /_control
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-sim"

#include "config.h"

#include <string.h>

#include "fc-sim-private.h"

#define MOUNT "_control"
#define GENERATE_MAX 200000

/* Helpers of the handlers */

static JsonObject *
body_object (FcSimRequest  *req,
             gboolean       optional,
             GError       **error)
{
  JsonNode *node;

  if (optional && g_bytes_get_size (req->body) == 0)
    return json_object_new ();

  node = _fc_sim_request_get_json (req, error);
  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID, "The body must be a JSON object");
      return NULL;
    }

  return json_object_ref (json_node_get_object (node));
}

static FcSimProvider *
param_provider (FcSimRequest  *req,
                GError       **error)
{
  return _fc_sim_find_provider (req->sim, _fc_sim_request_get_param (req, "provider"), error);
}

static void
respond_ok (FcSimRequest *req)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ok");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_end_object (builder);
  _fc_sim_respond_builder (req, 200, builder);
}

static void
add_provider_urls (FcSimRequest  *req,
                   JsonBuilder   *builder,
                   FcSimProvider *provider)
{
  const char *base = req->sim->base_url != NULL ? req->sim->base_url : "";
  g_autofree char *api = g_strdup_printf ("%s/%s", base, provider->klass->api_mount);
  g_autofree char *auth = g_strdup_printf ("%s/%s", base, provider->klass->auth_mount);

  json_builder_set_member_name (builder, "api_base_url");
  json_builder_add_string_value (builder, api);
  json_builder_set_member_name (builder, "auth_base_url");
  json_builder_add_string_value (builder, auth);
  json_builder_set_member_name (builder, "client_id");
  json_builder_add_string_value (builder, provider->oauth.client_id);
  json_builder_set_member_name (builder, "client_secret");
  json_builder_add_string_value (builder, provider->oauth.client_secret);
  json_builder_set_member_name (builder, "access_token_lifetime_s");
  json_builder_add_int_value (builder, provider->oauth.access_lifetime_s);
  json_builder_set_member_name (builder, "objects");
  json_builder_begin_array (builder);
  for (guint i = 0; provider->klass->objects[i] != NULL; i++)
    json_builder_add_string_value (builder, provider->klass->objects[i]);
  json_builder_end_array (builder);
}

static void
handle_info (FcSimRequest *req)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  GPtrArray *providers = _fc_sim_get_providers (req->sim);
  g_autofree char *now = _fc_sim_format_iso_ms (_fc_sim_now_ms (req->sim));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "base_url");
  json_builder_add_string_value (builder, req->sim->base_url);
  json_builder_set_member_name (builder, "time");
  json_builder_add_string_value (builder, now);
  json_builder_set_member_name (builder, "rate_limits_enabled");
  json_builder_add_boolean_value (builder, _fc_sim_rate_limits_enabled (req->sim));
  json_builder_set_member_name (builder, "providers");
  json_builder_begin_object (builder);
  for (guint i = 0; i < providers->len; i++)
    {
      FcSimProvider *provider = g_ptr_array_index (providers, i);

      json_builder_set_member_name (builder, provider->klass->name);
      json_builder_begin_object (builder);
      add_provider_urls (req, builder, provider);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  _fc_sim_respond_builder (req, 200, builder);
}

static void
handle_reset (FcSimRequest *req)
{
  _fc_sim_reset_data (req->sim);
  respond_ok (req);
}

static void
respond_clock (FcSimRequest *req)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  gint64 now = _fc_sim_now_ms (req->sim);
  g_autofree char *iso = _fc_sim_format_iso_ms (now);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "now_ms");
  json_builder_add_int_value (builder, now);
  json_builder_set_member_name (builder, "now");
  json_builder_add_string_value (builder, iso);
  json_builder_set_member_name (builder, "frozen");
  json_builder_add_boolean_value (builder, req->sim->clock_frozen);
  json_builder_end_object (builder);
  _fc_sim_respond_builder (req, 200, builder);
}

static void
handle_clock_get (FcSimRequest *req)
{
  respond_clock (req);
}

static void
handle_clock_set (FcSimRequest *req)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) body = body_object (req, FALSE, &error);
  gboolean frozen;
  JsonNode *advance;
  const char *now;
  gint64 now_ms = 0;

  if (body == NULL)
    {
      _fc_sim_respond_control_error (req, error);
      return;
    }

  frozen = json_object_get_boolean_member_with_default (body, "frozen", req->sim->clock_frozen);
  advance = json_object_get_member (body, "advance_ms");
  if (advance != NULL && (!JSON_NODE_HOLDS_VALUE (advance)
                          || json_node_get_value_type (advance) != G_TYPE_INT64))
    {
      g_set_error (&error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                   "advance_ms must be a whole number of milliseconds");
      _fc_sim_respond_control_error (req, error);
      return;
    }

  now = json_object_get_string_member_with_default (body, "now", NULL);
  if (now != NULL && !_fc_sim_parse_iso (now, &now_ms))
    {
      g_set_error (&error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                   "now must be an RFC 3339 date-time such as 2025-01-01T10:20:00Z, not %s", now);
      _fc_sim_respond_control_error (req, error);
      return;
    }

  /* Setting the time freezes the clock there */
  if (now != NULL)
    {
      _fc_sim_set_clock (req->sim, TRUE, 0);
      req->sim->frozen_ms = now_ms;
    }
  _fc_sim_set_clock (req->sim, now != NULL || frozen,
                     advance != NULL ? json_node_get_int (advance) : 0);
  respond_clock (req);
}

static void
handle_counters_get (FcSimRequest *req)
{
  _fc_sim_respond_json (req, 200, _fc_sim_counters_to_json (req->sim));
}

static void
handle_counters_reset (FcSimRequest *req)
{
  _fc_sim_counters_reset (req->sim);
  respond_ok (req);
}

/* Records */

static void
handle_records_list (FcSimRequest *req)
{
  g_autoptr (GError) error = NULL;
  FcSimProvider *provider = param_provider (req, &error);
  const char *object = _fc_sim_request_get_param (req, "object");
  gboolean deleted = g_strcmp0 (_fc_sim_request_get_query (req, "include_deleted"), "true") == 0;
  JsonNode *records;
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  if (provider == NULL)
    {
      _fc_sim_respond_control_error (req, error);
      return;
    }
  records = provider->klass->list_records (provider, object, deleted);
  if (records == NULL)
    {
      g_set_error (&error, FC_SIM_ERROR, FC_SIM_ERROR_NOT_FOUND,
                   "%s has no object type “%s”", provider->klass->name, object);
      _fc_sim_respond_control_error (req, error);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "count");
  json_builder_add_int_value (builder, json_array_get_length (json_node_get_array (records)));
  json_builder_set_member_name (builder, "records");
  json_builder_add_value (builder, records);
  json_builder_end_object (builder);
  _fc_sim_respond_builder (req, 200, builder);
}

static void
respond_record (FcSimRequest  *req,
                FcSimProvider *provider,
                const char    *object,
                const char    *id,
                guint          status)
{
  g_autoptr (GError) error = NULL;
  JsonNode *record = provider->klass->get_record (provider, object, id, &error);

  if (record == NULL)
    _fc_sim_respond_control_error (req, error);
  else
    _fc_sim_respond_json (req, status, record);
}

static void
handle_records_create (FcSimRequest *req)
{
  g_autoptr (GError) error = NULL;
  FcSimProvider *provider = NULL;
  const char *object = _fc_sim_request_get_param (req, "object");
  const char *mode = _fc_sim_request_get_query (req, "mode");
  g_autoptr (JsonObject) body = NULL;
  g_autofree char *id = NULL;
  FcSimSource source = FC_SIM_SOURCE_UI;

  if (g_strcmp0 (mode, "seed") == 0)
    source = FC_SIM_SOURCE_SEED;
  else if (mode != NULL && !g_str_equal (mode, "ui"))
    g_set_error (&error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                 "mode must be “seed” or “ui”, not “%s”", mode);

  if (error == NULL)
    provider = param_provider (req, &error);
  if (provider != NULL)
    body = body_object (req, FALSE, &error);
  if (body != NULL)
    id = provider->klass->create_record (provider, object, body, source, &error);
  if (id == NULL)
    {
      _fc_sim_respond_control_error (req, error);
      return;
    }

  respond_record (req, provider, object, id, 201);
}

/* Seeds @count synthetic records, as the provider's generator makes them. */
gboolean
_fc_sim_generate_records (FcSimProvider  *provider,
                          const char     *object,
                          guint           count,
                          GError        **error)
{
  for (guint i = 0; i < count; i++)
    {
      g_autoptr (JsonObject) body = provider->klass->generate_record (provider, object, i);
      g_autofree char *id = NULL;

      if (body == NULL)
        {
          g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_NOT_FOUND,
                       "%s has no object type “%s”", provider->klass->name, object);
          return FALSE;
        }
      id = provider->klass->create_record (provider, object, body, FC_SIM_SOURCE_SEED,
                                              error);
      if (id == NULL)
        return FALSE;
    }

  return TRUE;
}

static void
handle_records_generate (FcSimRequest *req)
{
  g_autoptr (GError) error = NULL;
  FcSimProvider *provider = param_provider (req, &error);
  const char *object = _fc_sim_request_get_param (req, "object");
  g_autoptr (JsonObject) body = NULL;
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  guint count = 0;

  if (provider != NULL)
    body = body_object (req, FALSE, &error);
  if (body != NULL && _fc_sim_get_uint_member (body, "count", &count, &error)
      && count > GENERATE_MAX)
    g_set_error (&error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                 "count must be at most %d, not %u", GENERATE_MAX, count);
  if (error == NULL)
    _fc_sim_generate_records (provider, object, count, &error);
  if (error != NULL)
    {
      _fc_sim_respond_control_error (req, error);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "generated");
  json_builder_add_int_value (builder, count);
  json_builder_end_object (builder);
  _fc_sim_respond_builder (req, 201, builder);
}

static void
handle_records_get (FcSimRequest *req)
{
  g_autoptr (GError) error = NULL;
  FcSimProvider *provider = param_provider (req, &error);

  if (provider == NULL)
    {
      _fc_sim_respond_control_error (req, error);
      return;
    }

  respond_record (req, provider, _fc_sim_request_get_param (req, "object"),
                  _fc_sim_request_get_param (req, "id"), 200);
}

static void
handle_records_edit (FcSimRequest *req)
{
  g_autoptr (GError) error = NULL;
  FcSimProvider *provider = param_provider (req, &error);
  const char *object = _fc_sim_request_get_param (req, "object");
  const char *id = _fc_sim_request_get_param (req, "id");
  g_autoptr (JsonObject) body = NULL;

  if (provider != NULL)
    body = body_object (req, FALSE, &error);
  if (body == NULL
      || !provider->klass->update_record (provider, object, id, body, FC_SIM_SOURCE_UI, &error))
    {
      _fc_sim_respond_control_error (req, error);
      return;
    }

  respond_record (req, provider, object, id, 200);
}

static void
handle_records_delete (FcSimRequest *req)
{
  g_autoptr (GError) error = NULL;
  FcSimProvider *provider = param_provider (req, &error);

  if (provider == NULL
      || !provider->klass->delete_record (provider, _fc_sim_request_get_param (req, "object"),
                                          _fc_sim_request_get_param (req, "id"),
                                          FC_SIM_SOURCE_UI, &error))
    {
      _fc_sim_respond_control_error (req, error);
      return;
    }

  respond_ok (req);
}

static void
handle_fields_create (FcSimRequest *req)
{
  g_autoptr (GError) error = NULL;
  FcSimProvider *provider = param_provider (req, &error);
  g_autoptr (JsonObject) body = NULL;
  JsonNode *field = NULL;

  if (provider != NULL)
    body = body_object (req, FALSE, &error);
  if (body != NULL)
    field = provider->klass->add_custom_field (provider, _fc_sim_request_get_param (req, "object"),
                                               body, &error);
  if (field == NULL)
    {
      _fc_sim_respond_control_error (req, error);
      return;
    }

  _fc_sim_respond_json (req, 201, field);
}

/* Tokens and OAuth settings */

static void
handle_tokens_add (FcSimRequest *req)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) body = body_object (req, FALSE, &error);
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  FcSimProvider *provider = NULL;
  FcSimToken *token;
  const char *value;

  if (body != NULL)
    provider = _fc_sim_find_provider (req->sim,
                                      json_object_get_string_member_with_default (body, "provider",
                                                                                  NULL),
                                      &error);
  if (provider == NULL)
    {
      _fc_sim_respond_control_error (req, error);
      return;
    }

  value = json_object_get_string_member_with_default (body, "token", NULL);
  if (!_fc_sim_oauth_value_free_for (provider, value, &error))
    {
      _fc_sim_respond_control_error (req, error);
      return;
    }
  token = _fc_sim_oauth_issue (provider, FC_SIM_TOKEN_STATIC, value, NULL,
                               json_object_get_string_member_with_default (body, "scope", NULL),
                               0, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "provider");
  json_builder_add_string_value (builder, provider->klass->name);
  json_builder_set_member_name (builder, "token");
  json_builder_add_string_value (builder, token->value);
  json_builder_end_object (builder);
  _fc_sim_respond_builder (req, 201, builder);
}

static void
handle_tokens_change (FcSimRequest *req)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) body = body_object (req, FALSE, &error);
  gboolean expire = g_str_has_suffix (req->path, "/expire");
  const char *value;
  gboolean done;

  if (body == NULL)
    {
      _fc_sim_respond_control_error (req, error);
      return;
    }

  value = json_object_get_string_member_with_default (body, "token", NULL);
  done = expire ? _fc_sim_oauth_expire (req->sim, value) : _fc_sim_oauth_revoke (req->sim, value);
  if (!done)
    {
      g_set_error (&error, FC_SIM_ERROR, FC_SIM_ERROR_NOT_FOUND,
                   "No %s token “%s”", expire ? "access or static" : "known",
                   value != NULL ? value : "");
      _fc_sim_respond_control_error (req, error);
      return;
    }

  respond_ok (req);
}

static void
respond_oauth (FcSimRequest  *req,
               FcSimProvider *provider)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_provider_urls (req, builder, provider);
  json_builder_set_member_name (builder, "deny");
  json_builder_add_boolean_value (builder, provider->oauth.deny_authorize);
  json_builder_set_member_name (builder, "rotate_refresh_tokens");
  json_builder_add_boolean_value (builder, provider->oauth.rotate_refresh_tokens);
  json_builder_end_object (builder);
  _fc_sim_respond_builder (req, 200, builder);
}

static void
handle_oauth_get (FcSimRequest *req)
{
  g_autoptr (GError) error = NULL;
  FcSimProvider *provider = param_provider (req, &error);

  if (provider == NULL)
    _fc_sim_respond_control_error (req, error);
  else
    respond_oauth (req, provider);
}

static void
set_string (char       **field,
            JsonObject  *body,
            const char  *name)
{
  const char *value = json_object_get_string_member_with_default (body, name, NULL);

  if (value != NULL && value[0] != '\0')
    {
      g_free (*field);
      *field = g_strdup (value);
    }
}

static void
handle_oauth_set (FcSimRequest *req)
{
  g_autoptr (GError) error = NULL;
  FcSimProvider *provider = param_provider (req, &error);
  g_autoptr (JsonObject) body = NULL;
  FcSimOAuthSettings *oauth;

  if (provider != NULL)
    body = body_object (req, FALSE, &error);
  if (body == NULL)
    {
      _fc_sim_respond_control_error (req, error);
      return;
    }

  oauth = &provider->oauth;
  if (!_fc_sim_get_uint_member (body, "access_token_lifetime_s", &oauth->access_lifetime_s,
                                &error))
    {
      _fc_sim_respond_control_error (req, error);
      return;
    }
  set_string (&oauth->client_id, body, "client_id");
  set_string (&oauth->client_secret, body, "client_secret");
  oauth->deny_authorize = json_object_get_boolean_member_with_default (body, "deny",
                                                                       oauth->deny_authorize);
  oauth->rotate_refresh_tokens =
    json_object_get_boolean_member_with_default (body, "rotate_refresh_tokens",
                                                 oauth->rotate_refresh_tokens);
  respond_oauth (req, provider);
}

/* Faults, limits, webhooks */

static void
handle_faults (FcSimRequest *req)
{
  g_autoptr (GError) error = NULL;
  FcSimProvider *provider = param_provider (req, &error);
  g_autoptr (JsonObject) body = NULL;

  if (provider != NULL && g_str_equal (req->method, "POST"))
    {
      body = body_object (req, FALSE, &error);
      if (body != NULL)
        _fc_sim_faults_configure (&provider->faults, body, &error);
    }
  else if (provider != NULL && g_str_equal (req->method, "DELETE"))
    {
      _fc_sim_faults_clear (&provider->faults);
    }

  if (error != NULL)
    _fc_sim_respond_control_error (req, error);
  else
    _fc_sim_respond_json (req, 200, _fc_sim_faults_to_json (&provider->faults));
}

static void
handle_limits (FcSimRequest *req)
{
  g_autoptr (GError) error = NULL;
  FcSimProvider *provider = param_provider (req, &error);
  g_autoptr (JsonObject) body = NULL;

  if (provider != NULL && g_str_equal (req->method, "POST"))
    {
      body = body_object (req, FALSE, &error);
      if (body != NULL && provider->klass->configure_limits (provider, body, &error))
        provider->limits_enabled =
          json_object_get_boolean_member_with_default (body, "enabled", provider->limits_enabled);
    }

  if (error != NULL)
    _fc_sim_respond_control_error (req, error);
  else
    _fc_sim_respond_json (req, 200, provider->klass->describe_limits (provider));
}

static void
handle_limits_all (FcSimRequest *req)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) body = body_object (req, FALSE, &error);

  if (body == NULL || !json_object_has_member (body, "enabled"))
    {
      if (error == NULL)
        g_set_error (&error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                     "The body must say {\"enabled\": true|false}");
      _fc_sim_respond_control_error (req, error);
      return;
    }

  _fc_sim_set_all_limits (req->sim, json_object_get_boolean_member (body, "enabled"));
  respond_ok (req);
}

/* Applies max_attempts, retry_delays_ms and timeout_ms from @body. */
gboolean
_fc_sim_configure_retry (FcSimProvider  *provider,
                         JsonObject     *body,
                         GError        **error)
{
  FcSimRetryPolicy *retry = &provider->retry;
  g_autoptr (GArray) delays = NULL;
  guint max_attempts = retry->max_attempts;
  guint timeout_ms = retry->timeout_ms;
  GError *local_error = NULL;

  delays = _fc_sim_get_uint_array (body, "retry_delays_ms", &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (!_fc_sim_get_uint_member (body, "max_attempts", &max_attempts, error)
      || !_fc_sim_get_uint_member (body, "timeout_ms", &timeout_ms, error))
    return FALSE;

  if (delays == NULL)
    delays = g_array_copy (retry->delays_ms);
  _fc_sim_retry_policy_init (retry, max_attempts, (const guint *) delays->data, delays->len,
                             timeout_ms);
  return TRUE;
}

static void
respond_webhooks (FcSimRequest  *req,
                  FcSimProvider *provider)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "max_attempts");
  json_builder_add_int_value (builder, provider->retry.max_attempts);
  json_builder_set_member_name (builder, "retry_delays_ms");
  json_builder_begin_array (builder);
  for (guint i = 0; i < provider->retry.delays_ms->len; i++)
    json_builder_add_int_value (builder, g_array_index (provider->retry.delays_ms, guint, i));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "timeout_ms");
  json_builder_add_int_value (builder, provider->retry.timeout_ms);
  json_builder_set_member_name (builder, "settings");
  json_builder_add_value (builder, provider->klass->describe_webhooks (provider));
  json_builder_end_object (builder);
  _fc_sim_respond_builder (req, 200, builder);
}

static void
handle_webhooks (FcSimRequest *req)
{
  g_autoptr (GError) error = NULL;
  FcSimProvider *provider = param_provider (req, &error);
  g_autoptr (JsonObject) body = NULL;

  if (provider != NULL && g_str_equal (req->method, "POST"))
    {
      body = body_object (req, FALSE, &error);
      if (body != NULL && _fc_sim_configure_retry (provider, body, &error))
        provider->klass->configure_webhooks (provider, body, &error);
    }

  if (error != NULL)
    _fc_sim_respond_control_error (req, error);
  else
    respond_webhooks (req, provider);
}

static void
handle_deliveries (FcSimRequest *req)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  const char *provider = _fc_sim_request_get_query (req, "provider");
  JsonNode *log = _fc_sim_webhooks_log_to_json (req->sim, provider);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "count");
  json_builder_add_int_value (builder, json_array_get_length (json_node_get_array (log)));
  json_builder_set_member_name (builder, "deliveries");
  json_builder_add_value (builder, log);
  json_builder_end_object (builder);
  _fc_sim_respond_builder (req, 200, builder);
}

void
_fc_sim_control_register (FcSim *sim)
{
  static const struct
  {
    const char   *method;
    const char   *pattern;
    FcSimHandler  handler;
  } routes[] = {
    { "GET", "/info", handle_info },
    { "POST", "/reset", handle_reset },
    { "GET", "/clock", handle_clock_get },
    { "POST", "/clock", handle_clock_set },
    { "GET", "/counters", handle_counters_get },
    { "DELETE", "/counters", handle_counters_reset },
    { "POST", "/counters/reset", handle_counters_reset },
    { "GET", "/records/{provider}/{object}", handle_records_list },
    { "POST", "/records/{provider}/{object}", handle_records_create },
    { "POST", "/records/{provider}/{object}/generate", handle_records_generate },
    { "GET", "/records/{provider}/{object}/{id}", handle_records_get },
    { "PATCH", "/records/{provider}/{object}/{id}", handle_records_edit },
    { "DELETE", "/records/{provider}/{object}/{id}", handle_records_delete },
    { "POST", "/fields/{provider}/{object}", handle_fields_create },
    { "POST", "/tokens", handle_tokens_add },
    { "POST", "/tokens/revoke", handle_tokens_change },
    { "POST", "/tokens/expire", handle_tokens_change },
    { "GET", "/oauth/{provider}", handle_oauth_get },
    { "POST", "/oauth/{provider}", handle_oauth_set },
    { "GET", "/faults/{provider}", handle_faults },
    { "POST", "/faults/{provider}", handle_faults },
    { "DELETE", "/faults/{provider}", handle_faults },
    { "POST", "/rate-limits", handle_limits_all },
    { "GET", "/rate-limits/{provider}", handle_limits },
    { "POST", "/rate-limits/{provider}", handle_limits },
    { "GET", "/webhooks/deliveries", handle_deliveries },
    { "GET", "/webhooks/{provider}", handle_webhooks },
    { "POST", "/webhooks/{provider}", handle_webhooks },
  };

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    _fc_sim_add_route (sim, NULL, MOUNT, routes[i].method, routes[i].pattern, NULL,
                       FC_SIM_ROUTE_PUBLIC, 0, routes[i].handler, NULL);
  _fc_sim_writes_register_routes (sim);
}
