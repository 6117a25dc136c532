/* fc-sim-api.c: the C API of the simulator, mirroring the control API
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-sim"

#include "config.h"

#include "fc-sim-private.h"

char *
fc_sim_control (FcSim      *self,
                const char *method,
                const char *path,
                const char *json,
                guint      *status)
{
  g_autofree char *full = NULL;
  g_autoptr (JsonNode) node = NULL;

  g_return_val_if_fail (FC_IS_SIM (self), NULL);
  g_return_val_if_fail (method != NULL && path != NULL, NULL);

  full = g_str_has_prefix (path, "/_control/") ? g_strdup (path)
                                                 : g_strconcat ("/_control", path, NULL);
  node = _fc_sim_dispatch_local (self, method, full, json, status);

  return node != NULL ? _fc_sim_json_to_string (node) : NULL;
}

static JsonObject *
parse_object (const char  *json,
              GError     **error)
{
  g_autoptr (JsonNode) node = _fc_sim_json_from_string (json != NULL ? json : "", error);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID, "Expected a JSON object: %s", json);
      return NULL;
    }

  return json_object_ref (json_node_get_object (node));
}

static char *
create_from_c (FcSim        *self,
               const char   *provider_name,
               const char   *object,
               const char   *json,
               FcSimSource   source,
               GError      **error)
{
  g_autoptr (JsonObject) body = parse_object (json, error);
  FcSimProvider *provider;
  char *id = NULL;

  if (body == NULL)
    return NULL;

  _fc_sim_lock (self);
  provider = _fc_sim_find_provider (self, provider_name, error);
  if (provider != NULL)
    id = provider->klass->create_record (provider, object, body, source, error);
  _fc_sim_unlock (self);

  return id;
}

/* Adds a record as if it had always been there: no webhook. Returns its id. */
char *
fc_sim_seed (FcSim       *self,
             const char  *provider,
             const char  *object,
             const char  *json,
             GError     **error)
{
  g_return_val_if_fail (FC_IS_SIM (self), NULL);

  return create_from_c (self, provider, object, json, FC_SIM_SOURCE_SEED, error);
}

/* Creates a record as a user of the provider's UI would: webhooks go out. Returns its id. */
char *
fc_sim_create (FcSim       *self,
               const char  *provider,
               const char  *object,
               const char  *json,
               GError     **error)
{
  g_return_val_if_fail (FC_IS_SIM (self), NULL);

  return create_from_c (self, provider, object, json, FC_SIM_SOURCE_UI, error);
}

/* Seeds @count synthetic records (names, emails, phones) drawn from the seeded generator. */
gboolean
fc_sim_seed_generated (FcSim       *self,
                       const char  *provider_name,
                       const char  *object,
                       guint        count,
                       GError     **error)
{
  FcSimProvider *provider;
  gboolean ok = FALSE;

  g_return_val_if_fail (FC_IS_SIM (self), FALSE);

  _fc_sim_lock (self);
  provider = _fc_sim_find_provider (self, provider_name, error);
  if (provider != NULL)
    ok = _fc_sim_generate_records (provider, object, count, error);
  _fc_sim_unlock (self);

  return ok;
}

gboolean
fc_sim_edit (FcSim       *self,
             const char  *provider_name,
             const char  *object,
             const char  *id,
             const char  *json,
             GError     **error)
{
  g_autoptr (JsonObject) body = NULL;
  FcSimProvider *provider;
  gboolean ok = FALSE;

  g_return_val_if_fail (FC_IS_SIM (self), FALSE);

  body = parse_object (json, error);
  if (body == NULL)
    return FALSE;

  _fc_sim_lock (self);
  provider = _fc_sim_find_provider (self, provider_name, error);
  if (provider != NULL)
    ok = provider->klass->update_record (provider, object, id, body, FC_SIM_SOURCE_UI, error);
  _fc_sim_unlock (self);

  return ok;
}

gboolean
fc_sim_delete (FcSim       *self,
               const char  *provider_name,
               const char  *object,
               const char  *id,
               GError     **error)
{
  FcSimProvider *provider;
  gboolean ok = FALSE;

  g_return_val_if_fail (FC_IS_SIM (self), FALSE);

  _fc_sim_lock (self);
  provider = _fc_sim_find_provider (self, provider_name, error);
  if (provider != NULL)
    ok = provider->klass->delete_record (provider, object, id, FC_SIM_SOURCE_UI, error);
  _fc_sim_unlock (self);

  return ok;
}

/* The record as the provider's API shows it (deleted ones included), as JSON text. */
char *
fc_sim_get_record (FcSim       *self,
                   const char  *provider_name,
                   const char  *object,
                   const char  *id,
                   GError     **error)
{
  g_autoptr (JsonNode) record = NULL;
  FcSimProvider *provider;

  g_return_val_if_fail (FC_IS_SIM (self), NULL);

  _fc_sim_lock (self);
  provider = _fc_sim_find_provider (self, provider_name, error);
  if (provider != NULL)
    record = provider->klass->get_record (provider, object, id, error);
  _fc_sim_unlock (self);

  return record != NULL ? _fc_sim_json_to_string (record) : NULL;
}

guint
fc_sim_count_records (FcSim      *self,
                      const char *provider_name,
                      const char *object,
                      gboolean    include_deleted)
{
  g_autoptr (JsonNode) records = NULL;
  FcSimProvider *provider;

  g_return_val_if_fail (FC_IS_SIM (self), 0);

  _fc_sim_lock (self);
  provider = _fc_sim_find_provider (self, provider_name, NULL);
  if (provider != NULL)
    records = provider->klass->list_records (provider, object, include_deleted);
  _fc_sim_unlock (self);

  return records != NULL ? json_array_get_length (json_node_get_array (records)) : 0;
}

/* Creates a custom property (HubSpot) or field (Pipedrive); returns its definition as JSON. */
char *
fc_sim_add_custom_field (FcSim       *self,
                         const char  *provider_name,
                         const char  *object,
                         const char  *json,
                         GError     **error)
{
  g_autoptr (JsonObject) body = NULL;
  g_autoptr (JsonNode) field = NULL;
  FcSimProvider *provider;

  g_return_val_if_fail (FC_IS_SIM (self), NULL);

  body = parse_object (json, error);
  if (body == NULL)
    return NULL;

  _fc_sim_lock (self);
  provider = _fc_sim_find_provider (self, provider_name, error);
  if (provider != NULL)
    field = provider->klass->add_custom_field (provider, object, body, error);
  _fc_sim_unlock (self);

  return field != NULL ? _fc_sim_json_to_string (field) : NULL;
}

gboolean
fc_sim_set_client (FcSim       *self,
                   const char  *provider_name,
                   const char  *client_id,
                   const char  *client_secret,
                   GError     **error)
{
  FcSimProvider *provider;

  g_return_val_if_fail (FC_IS_SIM (self), FALSE);

  _fc_sim_lock (self);
  provider = _fc_sim_find_provider (self, provider_name, error);
  if (provider != NULL)
    {
      if (client_id != NULL)
        {
          g_free (provider->oauth.client_id);
          provider->oauth.client_id = g_strdup (client_id);
        }
      if (client_secret != NULL)
        {
          g_free (provider->oauth.client_secret);
          provider->oauth.client_secret = g_strdup (client_secret);
        }
    }
  _fc_sim_unlock (self);

  return provider != NULL;
}

const char *
fc_sim_get_client_id (FcSim      *self,
                      const char *provider_name)
{
  FcSimProvider *provider = _fc_sim_find_provider (self, provider_name, NULL);

  return provider != NULL ? provider->oauth.client_id : NULL;
}

const char *
fc_sim_get_client_secret (FcSim      *self,
                          const char *provider_name)
{
  FcSimProvider *provider = _fc_sim_find_provider (self, provider_name, NULL);

  return provider != NULL ? provider->oauth.client_secret : NULL;
}

/* Registers a private-app token (HubSpot) or personal API token (Pipedrive). */
gboolean
fc_sim_add_static_token (FcSim       *self,
                         const char  *provider_name,
                         const char  *token,
                         GError     **error)
{
  FcSimProvider *provider;

  g_return_val_if_fail (FC_IS_SIM (self), FALSE);
  g_return_val_if_fail (token != NULL && token[0] != '\0', FALSE);

  _fc_sim_lock (self);
  provider = _fc_sim_find_provider (self, provider_name, error);
  if (provider != NULL && !_fc_sim_oauth_value_free_for (provider, token, error))
    provider = NULL;
  if (provider != NULL)
    _fc_sim_oauth_issue (provider, FC_SIM_TOKEN_STATIC, token, NULL, NULL, 0, NULL);
  _fc_sim_unlock (self);

  return provider != NULL;
}

/* Lifetime of access tokens issued from now on; @provider NULL sets every provider. */
void
fc_sim_set_token_lifetime (FcSim      *self,
                           const char *provider_name,
                           guint       seconds)
{
  GPtrArray *providers;

  g_return_if_fail (FC_IS_SIM (self));

  _fc_sim_lock (self);
  providers = _fc_sim_get_providers (self);
  for (guint i = 0; i < providers->len; i++)
    {
      FcSimProvider *provider = g_ptr_array_index (providers, i);

      if (provider_name == NULL || g_str_equal (provider->klass->name, provider_name))
        provider->oauth.access_lifetime_s = seconds;
    }
  _fc_sim_unlock (self);
}

gboolean
fc_sim_revoke_token (FcSim      *self,
                     const char *token)
{
  gboolean done;

  g_return_val_if_fail (FC_IS_SIM (self), FALSE);

  _fc_sim_lock (self);
  done = _fc_sim_oauth_revoke (self, token);
  _fc_sim_unlock (self);

  return done;
}

gboolean
fc_sim_expire_token (FcSim      *self,
                     const char *token)
{
  gboolean done;

  g_return_val_if_fail (FC_IS_SIM (self), FALSE);

  _fc_sim_lock (self);
  done = _fc_sim_oauth_expire (self, token);
  _fc_sim_unlock (self);

  return done;
}

void
fc_sim_set_oauth_denied (FcSim      *self,
                         const char *provider_name,
                         gboolean    denied)
{
  FcSimProvider *provider;

  g_return_if_fail (FC_IS_SIM (self));

  _fc_sim_lock (self);
  provider = _fc_sim_find_provider (self, provider_name, NULL);
  if (provider != NULL)
    provider->oauth.deny_authorize = denied;
  _fc_sim_unlock (self);
}

static gboolean
configure_with (FcSim       *self,
                const char  *provider_name,
                const char  *json,
                gboolean   (*apply) (FcSimProvider *, JsonObject *, GError **),
                GError     **error)
{
  g_autoptr (JsonObject) body = parse_object (json, error);
  FcSimProvider *provider;
  gboolean ok = FALSE;

  if (body == NULL)
    return FALSE;

  _fc_sim_lock (self);
  provider = _fc_sim_find_provider (self, provider_name, error);
  if (provider != NULL)
    ok = apply (provider, body, error);
  _fc_sim_unlock (self);

  return ok;
}

static gboolean
apply_faults (FcSimProvider  *provider,
              JsonObject     *body,
              GError        **error)
{
  return _fc_sim_faults_configure (&provider->faults, body, error);
}

static gboolean
apply_limits (FcSimProvider  *provider,
              JsonObject     *body,
              GError        **error)
{
  if (!provider->klass->configure_limits (provider, body, error))
    return FALSE;

  provider->limits_enabled = json_object_get_boolean_member_with_default (body, "enabled",
                                                                          provider->limits_enabled);
  return TRUE;
}

static gboolean
apply_webhooks (FcSimProvider  *provider,
                JsonObject     *body,
                GError        **error)
{
  return _fc_sim_configure_retry (provider, body, error)
         && provider->klass->configure_webhooks (provider, body, error);
}

gboolean
fc_sim_set_faults (FcSim       *self,
                   const char  *provider,
                   const char  *json,
                   GError     **error)
{
  g_return_val_if_fail (FC_IS_SIM (self), FALSE);

  return configure_with (self, provider, json, apply_faults, error);
}

void
fc_sim_clear_faults (FcSim      *self,
                     const char *provider_name)
{
  FcSimProvider *provider;

  g_return_if_fail (FC_IS_SIM (self));

  _fc_sim_lock (self);
  provider = _fc_sim_find_provider (self, provider_name, NULL);
  if (provider != NULL)
    _fc_sim_faults_clear (&provider->faults);
  _fc_sim_unlock (self);
}

gboolean
fc_sim_set_rate_limits (FcSim       *self,
                        const char  *provider,
                        const char  *json,
                        GError     **error)
{
  g_return_val_if_fail (FC_IS_SIM (self), FALSE);

  return configure_with (self, provider, json, apply_limits, error);
}

/* Turns rate limiting on or off for @provider, or for all when @provider is NULL. */
void
fc_sim_set_rate_limits_enabled (FcSim      *self,
                                const char *provider_name,
                                gboolean    enabled)
{
  FcSimProvider *provider;

  g_return_if_fail (FC_IS_SIM (self));

  _fc_sim_lock (self);
  if (provider_name == NULL)
    {
      _fc_sim_set_all_limits (self, enabled);
    }
  else
    {
      provider = _fc_sim_find_provider (self, provider_name, NULL);
      if (provider != NULL)
        provider->limits_enabled = enabled;
    }
  _fc_sim_unlock (self);
}

gboolean
fc_sim_set_webhook_target (FcSim       *self,
                           const char  *provider,
                           const char  *url,
                           const char  *secret,
                           GError     **error)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *json = NULL;

  g_return_val_if_fail (FC_IS_SIM (self), FALSE);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "target_url");
  json_builder_add_string_value (builder, url);
  if (secret != NULL)
    {
      json_builder_set_member_name (builder, "secret");
      json_builder_add_string_value (builder, secret);
    }
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  json = _fc_sim_json_to_string (node);

  return configure_with (self, provider, json, apply_webhooks, error);
}

gboolean
fc_sim_set_webhook_retries (FcSim        *self,
                            const char   *provider_name,
                            guint         max_attempts,
                            const guint  *delays_ms,
                            guint         n_delays,
                            GError      **error)
{
  FcSimProvider *provider;

  g_return_val_if_fail (FC_IS_SIM (self), FALSE);

  _fc_sim_lock (self);
  provider = _fc_sim_find_provider (self, provider_name, error);
  if (provider != NULL)
    _fc_sim_retry_policy_init (&provider->retry, max_attempts, delays_ms, n_delays,
                               provider->retry.timeout_ms);
  _fc_sim_unlock (self);

  return provider != NULL;
}
