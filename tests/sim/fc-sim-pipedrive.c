/* fc-sim-pipedrive.c: the simulated Pipedrive company: entities, envelopes, authentication,
 * token budget and burst limits, OAuth and the control hooks
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-sim-pipedrive"

#include "config.h"

#include <string.h>

#include "fc-sim-pipedrive-private.h"

#define BURST_WINDOW_MS 2000
#define DAY_MS (24 * 60 * 60 * 1000)
#define ERROR_INFO "Please check developers.pipedrive.com for more information about Pipedrive API."

static const char * const person_search[] = {
  "custom_fields", "email", "notes", "phone", "name", NULL
};
static const char * const organization_search[] = {
  "address", "custom_fields", "notes", "name", NULL
};
static const char * const deal_search[] = { "custom_fields", "notes", "title", NULL };

static const FcSimPipedriveEntity entities[FC_SIM_PD_N_ENTITIES] = {
  { FC_SIM_PD_PERSONS, "persons", "person", "personFields", "name", "contacts", person_search },
  { FC_SIM_PD_ORGANIZATIONS, "organizations", "organization", "organizationFields", "name",
    "contacts", organization_search },
  { FC_SIM_PD_DEALS, "deals", "deal", "dealFields", "title", "deals", deal_search },
};

static const char * const objects[] = { "persons", "organizations", "deals", NULL };

const FcSimPipedriveEntity *
_fc_sim_pipedrive_find_entity (const char *name)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (entities); i++)
    {
      if (g_str_equal (name, entities[i].name) || g_str_equal (name, entities[i].singular))
        return &entities[i];
    }

  return NULL;
}

const FcSimPipedriveEntity *
_fc_sim_pipedrive_get_entity (FcSimPipedriveEntityId id)
{
  return &entities[id];
}

/* YYYY-MM-DD HH:MM:SS, the v1 time format */
char *
_fc_sim_pipedrive_v1_time (gint64 ms)
{
  g_autoptr (GDateTime) time = g_date_time_new_from_unix_utc (ms / 1000);

  return g_date_time_format (time, "%Y-%m-%d %H:%M:%S");
}

/* Errors: {"success":false,"error":...,"errorCode":...,"error_info":...,"data":null,...} */
void
_fc_sim_pipedrive_respond (FcSimRequest *req,
                           guint         status,
                           const char   *error,
                           const char   *error_info)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "success");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, error);
  json_builder_set_member_name (builder, "errorCode");
  json_builder_add_int_value (builder, status);
  json_builder_set_member_name (builder, "error_info");
  json_builder_add_string_value (builder, error_info != NULL ? error_info : ERROR_INFO);
  json_builder_set_member_name (builder, "data");
  json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "additional_data");
  json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  _fc_sim_respond_builder (req, status, builder);
}

void
_fc_sim_pipedrive_respond_gerror (FcSimRequest *req,
                                  const GError *error)
{
  if (error->domain == FC_SIM_ERROR && error->code == FC_SIM_ERROR_NOT_FOUND)
    _fc_sim_pipedrive_respond (req, 404, "Entity was not found", error->message);
  else if (error->domain == FC_SIM_ERROR && error->code == FC_SIM_ERROR_CONFLICT)
    _fc_sim_pipedrive_respond (req, 409, error->message, NULL);
  else
    _fc_sim_pipedrive_respond (req, 400, error->message, NULL);
}

/* {"success":true,"data":...[,"additional_data":{"next_cursor":...}]}; @data is consumed. With
 * @status 0 no additional_data is written; otherwise next_cursor may be NULL (the last page). */
void
_fc_sim_pipedrive_respond_data (FcSimRequest *req,
                                guint         status,
                                JsonNode     *data,
                                const char   *next_cursor)
{
  GString *text = g_string_sized_new (256);

  _fc_sim_json_append (text, data);
  json_node_unref (data);
  _fc_sim_pipedrive_respond_data_text (req, status, text, next_cursor);
}

/* The same with @data already written as JSON text, which the call consumes */
void
_fc_sim_pipedrive_respond_data_text (FcSimRequest *req,
                                     guint         status,
                                     GString      *data,
                                     const char   *next_cursor)
{
  GString *out = g_string_sized_new (data->len + 128);
  gboolean paged = status == 0;

  g_string_append (out, "{\"success\":true,\"data\":");
  g_string_append_len (out, data->str, data->len);
  g_string_free (data, TRUE);
  if (paged)
    {
      g_string_append (out, ",\"additional_data\":{\"next_cursor\":");
      if (next_cursor != NULL)
        _fc_sim_json_append_string (out, next_cursor);
      else
        g_string_append (out, "null");
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, '}');
  _fc_sim_respond_json_text (req, paged ? 200 : status, out);
}

JsonObject *
_fc_sim_pipedrive_body (FcSimRequest *req)
{
  g_autoptr (GError) error = NULL;
  JsonNode *node = _fc_sim_request_get_json (req, &error);
  g_autofree char *message = NULL;

  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    return json_node_get_object (node);

  message = g_strdup_printf ("Invalid JSON body: %s",
                             error != NULL ? error->message : "expected an object");
  _fc_sim_pipedrive_respond (req, 400, message, NULL);
  return NULL;
}

static FcSimPipedrive *
get_pd (FcSimRequest *req)
{
  return req->provider->state;
}

static void
pipedrive_respond_error (FcSimRequest *req,
                         guint         status,
                         const char   *message)
{
  _fc_sim_pipedrive_respond (req, status, message, NULL);
}

static void
pipedrive_respond_throttled (FcSimRequest *req,
                             guint         retry_after_s)
{
  g_autofree char *reset = g_strdup_printf ("%u", MAX (retry_after_s, 1));

  _fc_sim_set_header (req, "x-ratelimit-limit", "0");
  _fc_sim_set_header (req, "x-ratelimit-remaining", "0");
  _fc_sim_set_header (req, "x-ratelimit-reset", reset);
  _fc_sim_pipedrive_respond (req, 429, "Request over limit",
                             "Please check developers.pipedrive.com/docs/api/v1/rate-limiting");
}

/* Authentication: x-api-token (personal API token) or Bearer (OAuth access token) */

static const char *
required_scope (FcSimRequest *req,
                gboolean     *write)
{
  const FcSimPipedriveEntity *entity = req->route->data;
  const char *name = req->route->counter_name;

  *write = !g_str_equal (req->method, "GET");
  if (strstr (name, "/webhooks") != NULL)
    return "admin";
  if (strstr (name, "Fields") != NULL && *write)
    return "admin";
  if (entity == NULL)
    return NULL;

  return entity->scope;
}

static gboolean
token_allows (FcSimToken   *token,
              FcSimRequest *req)
{
  g_auto (GStrv) scopes = NULL;
  g_autofree char *read = NULL;
  g_autofree char *full = NULL;
  const char *scope;
  gboolean write;

  if (token->kind == FC_SIM_TOKEN_STATIC || token->scope == NULL || token->scope[0] == '\0')
    return TRUE;

  scope = required_scope (req, &write);
  if (scope == NULL)
    return TRUE;

  scopes = g_strsplit_set (token->scope, ", ", -1);
  if (g_str_equal (scope, "admin"))
    return g_strv_contains ((const char * const *) scopes, "admin");

  read = g_strdup_printf ("%s:read", scope);
  full = g_strdup_printf ("%s:full", scope);
  if (g_strv_contains ((const char * const *) scopes, full))
    return TRUE;

  return !write && (g_strv_contains ((const char * const *) scopes, read)
                    || ((req->route->flags & FC_SIM_ROUTE_SEARCH) != 0
                        && g_strv_contains ((const char * const *) scopes, "search:read")));
}

static gboolean
pipedrive_authenticate (FcSimRequest *req)
{
  const char *api_token = _fc_sim_request_get_header (req, "x-api-token");
  g_autofree char *bearer = _fc_sim_request_get_bearer (req);
  FcSimToken *token = NULL;
  FcSimTokenState state = FC_SIM_TOKEN_UNKNOWN;

  if (api_token != NULL)
    {
      state = _fc_sim_oauth_check (req->provider, api_token, FC_SIM_TOKEN_STATIC, &token);
    }
  else if (bearer != NULL)
    {
      state = _fc_sim_oauth_check (req->provider, bearer, FC_SIM_TOKEN_ACCESS, &token);
      if (state == FC_SIM_TOKEN_VALID && token->kind == FC_SIM_TOKEN_STATIC)
        state = FC_SIM_TOKEN_UNKNOWN;
    }

  if (state == FC_SIM_TOKEN_EXPIRED)
    {
      _fc_sim_pipedrive_respond (req, 401, "Unauthorized: the access token has expired", NULL);
      return FALSE;
    }
  if (state != FC_SIM_TOKEN_VALID)
    {
      _fc_sim_pipedrive_respond (req, 401, "unauthorized access", NULL);
      return FALSE;
    }
  if (!token_allows (token, req))
    {
      _fc_sim_pipedrive_respond (req, 403, "Scope and URL mismatch",
                                 "The access token lacks the scope this endpoint needs");
      return FALSE;
    }

  req->principal = token;
  return TRUE;
}

/* Rate limits: a company-wide daily token budget spent by operation cost, and a rolling
 * 2-second burst window per token (search endpoints have their own, lower one). */

static GArray *
get_window (FcSimPipedrive *pd,
            const char     *key)
{
  GArray *times = g_hash_table_lookup (pd->windows, key);

  if (times == NULL)
    {
      times = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_hash_table_insert (pd->windows, g_strdup (key), times);
    }

  return times;
}

static guint
window_count (GArray *times,
              gint64  now)
{
  guint expired = 0;

  while (expired < times->len && g_array_index (times, gint64, expired) <= now - BURST_WINDOW_MS)
    expired++;
  if (expired > 0)
    g_array_remove_range (times, 0, expired);

  return times->len;
}

static void
set_number_header (FcSimRequest *req,
                   const char   *name,
                   gint64        value)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);

  _fc_sim_set_header (req, name, text);
}

static gboolean
pipedrive_check_rate_limit (FcSimRequest *req)
{
  FcSimPipedrive *pd = get_pd (req);
  FcSimToken *token = req->principal;
  gboolean search = (req->route->flags & FC_SIM_ROUTE_SEARCH) != 0;
  g_autofree char *key = g_strconcat (search ? "search:" : "", token->value, NULL);
  guint max = search ? pd->burst_search
                     : token->kind == FC_SIM_TOKEN_STATIC ? pd->burst_api_token : pd->burst_oauth;
  gint64 now = _fc_sim_now_ms (req->sim);
  GArray *times = get_window (pd, key);
  guint used = window_count (times, now);
  gint64 oldest = times->len > 0 ? g_array_index (times, gint64, 0) : now;
  gint64 reset = MAX (1, (oldest + BURST_WINDOW_MS - now + 999) / 1000);

  if (pd->budget_day != now / DAY_MS)
    {
      pd->budget_day = now / DAY_MS;
      pd->budget_used = 0;
    }

  set_number_header (req, "x-ratelimit-limit", max);
  set_number_header (req, "x-ratelimit-reset", reset);
  if (used >= max)
    {
      _fc_sim_set_header (req, "x-ratelimit-remaining", "0");
      _fc_sim_pipedrive_respond (req, 429, "Request over limit",
                                 "Please check developers.pipedrive.com/docs/api/v1/rate-limiting");
      return FALSE;
    }
  if (pd->budget_used + req->route->cost > pd->daily_budget)
    {
      _fc_sim_set_header (req, "x-ratelimit-remaining", "0");
      set_number_header (req, "x-daily-ratelimit-token-remaining",
                         pd->daily_budget - pd->budget_used);
      _fc_sim_pipedrive_respond (req, 429, "Daily token budget exhausted",
                                 "The company's API token budget resets at midnight");
      return FALSE;
    }

  g_array_append_val (times, now);
  pd->budget_used += req->route->cost;
  set_number_header (req, "x-ratelimit-remaining", max - used - 1);
  set_number_header (req, "x-daily-ratelimit-token-remaining",
                     pd->daily_budget - pd->budget_used);
  return TRUE;
}

static gboolean
pipedrive_configure_limits (FcSimProvider  *provider,
                            JsonObject     *settings,
                            GError        **error)
{
  FcSimPipedrive *pd = provider->state;

  if (json_object_get_boolean_member_with_default (settings, "reset_budget", FALSE))
    pd->budget_used = 0;

  return _fc_sim_get_uint_member (settings, "burst_api_token", &pd->burst_api_token, error)
         && _fc_sim_get_uint_member (settings, "burst_oauth", &pd->burst_oauth, error)
         && _fc_sim_get_uint_member (settings, "burst_search", &pd->burst_search, error)
         && _fc_sim_get_uint_member (settings, "daily_budget", &pd->daily_budget, error);
}

static JsonNode *
pipedrive_describe_limits (FcSimProvider *provider)
{
  FcSimPipedrive *pd = provider->state;
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "enabled");
  json_builder_add_boolean_value (builder, provider->limits_enabled);
  json_builder_set_member_name (builder, "burst_api_token");
  json_builder_add_int_value (builder, pd->burst_api_token);
  json_builder_set_member_name (builder, "burst_oauth");
  json_builder_add_int_value (builder, pd->burst_oauth);
  json_builder_set_member_name (builder, "burst_search");
  json_builder_add_int_value (builder, pd->burst_search);
  json_builder_set_member_name (builder, "daily_budget");
  json_builder_add_int_value (builder, pd->daily_budget);
  json_builder_set_member_name (builder, "budget_used");
  json_builder_add_int_value (builder, pd->budget_used);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
handle_users_me (FcSimRequest *req)
{
  FcSimPipedrive *pd = get_pd (req);
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autofree char *email = g_strdup_printf ("owner@%s.example.com", pd->company_domain);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, pd->user_id);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, "Simulated Owner");
  json_builder_set_member_name (builder, "email");
  json_builder_add_string_value (builder, email);
  json_builder_set_member_name (builder, "company_id");
  json_builder_add_int_value (builder, pd->company_id);
  json_builder_set_member_name (builder, "company_name");
  json_builder_add_string_value (builder, "FluxCascade Simulated Company");
  json_builder_set_member_name (builder, "company_domain");
  json_builder_add_string_value (builder, pd->company_domain);
  json_builder_set_member_name (builder, "timezone_name");
  json_builder_add_string_value (builder, "UTC");
  json_builder_set_member_name (builder, "default_currency");
  json_builder_add_string_value (builder, "USD");
  json_builder_set_member_name (builder, "is_admin");
  json_builder_add_int_value (builder, 1);
  json_builder_end_object (builder);
  _fc_sim_pipedrive_respond_data (req, 200, json_builder_get_root (builder), NULL);
}

/* Control hooks */

static const FcSimPipedriveEntity *
control_entity (const char  *object,
                GError     **error)
{
  const FcSimPipedriveEntity *entity = _fc_sim_pipedrive_find_entity (object);

  if (entity == NULL)
    g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_NOT_FOUND,
                 "Pipedrive has no entity “%s”; use persons, organizations or deals",
                 object != NULL ? object : "");
  return entity;
}

static JsonObject *
copy_without_history (JsonObject *body)
{
  JsonObject *copy = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  json_object_iter_init (&iter, body);
  while (json_object_iter_next (&iter, &name, &value))
    {
      if (!g_str_equal (name, "update_time") && !g_str_equal (name, "is_deleted"))
        json_object_set_member (copy, name, json_node_copy (value));
    }

  return copy;
}

/* Body: the v2 create body; for seeding history also "update_time" and "is_deleted". */
static char *
pipedrive_create_record (FcSimProvider  *provider,
                         const char     *object,
                         JsonObject     *body,
                         FcSimSource     source,
                         GError        **error)
{
  FcSimPipedrive *pd = provider->state;
  const FcSimPipedriveEntity *entity = control_entity (object, error);
  g_autoptr (JsonObject) copy = NULL;
  const char *update_time;
  gboolean deleted;
  FcSimRecord *record;
  gint64 ms = 0;

  if (entity == NULL)
    return NULL;

  copy = copy_without_history (body);
  update_time = json_object_get_string_member_with_default (body, "update_time", NULL);
  if (update_time != NULL && !_fc_sim_parse_iso (update_time, &ms))
    {
      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                   "update_time “%s” is not an RFC 3339 date-time", update_time);
      return NULL;
    }
  deleted = json_object_get_boolean_member_with_default (body, "is_deleted", FALSE);

  record = _fc_sim_pipedrive_create (pd, entity, copy, source, error);
  if (record == NULL)
    return NULL;
  if (update_time != NULL)
    {
      record->updated_ms = ms;
      record->created_ms = MIN (record->created_ms, ms);
      _fc_sim_collection_changed (pd->entities[entity->id]);
    }
  if (deleted)
    _fc_sim_collection_delete (pd->entities[entity->id], record, record->updated_ms);

  return g_strdup_printf ("%" G_GINT64_FORMAT, record->id);
}

static gboolean
pipedrive_update_record (FcSimProvider  *provider,
                         const char     *object,
                         const char     *id,
                         JsonObject     *body,
                         FcSimSource     source,
                         GError        **error)
{
  FcSimPipedrive *pd = provider->state;
  const FcSimPipedriveEntity *entity = control_entity (object, error);
  FcSimRecord *record;

  if (entity == NULL)
    return FALSE;
  record = _fc_sim_pipedrive_lookup (pd, entity, id, FALSE, error);

  return record != NULL && _fc_sim_pipedrive_update (pd, entity, record, body, source, error);
}

static gboolean
pipedrive_delete_record (FcSimProvider  *provider,
                         const char     *object,
                         const char     *id,
                         FcSimSource     source,
                         GError        **error)
{
  FcSimPipedrive *pd = provider->state;
  const FcSimPipedriveEntity *entity = control_entity (object, error);
  FcSimRecord *record;

  if (entity == NULL)
    return FALSE;
  record = _fc_sim_pipedrive_lookup (pd, entity, id, FALSE, error);
  if (record == NULL)
    return FALSE;

  _fc_sim_pipedrive_delete (pd, entity, record, source);
  return TRUE;
}

static JsonNode *
pipedrive_get_record (FcSimProvider  *provider,
                      const char     *object,
                      const char     *id,
                      GError        **error)
{
  FcSimPipedrive *pd = provider->state;
  const FcSimPipedriveEntity *entity = control_entity (object, error);
  FcSimRecord *record;

  if (entity == NULL)
    return NULL;
  record = _fc_sim_pipedrive_lookup (pd, entity, id, TRUE, error);

  return record != NULL ? _fc_sim_pipedrive_to_json (pd, entity, record, NULL) : NULL;
}

static JsonNode *
pipedrive_list_records (FcSimProvider *provider,
                        const char    *object,
                        gboolean       include_deleted)
{
  FcSimPipedrive *pd = provider->state;
  const FcSimPipedriveEntity *entity = _fc_sim_pipedrive_find_entity (object);
  FcSimCollection *collection;
  JsonArray *array;
  JsonNode *node;

  if (entity == NULL)
    return NULL;

  collection = pd->entities[entity->id];
  array = json_array_new ();
  for (guint i = 0; i < _fc_sim_collection_get_length (collection); i++)
    {
      FcSimRecord *record = _fc_sim_collection_get_nth (collection, i);

      if (record->deleted_ms == 0 || include_deleted)
        json_array_add_element (array, _fc_sim_pipedrive_to_json (pd, entity, record, NULL));
    }
  node = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (node, array);

  return node;
}

static const char * const given_names[] = {
  "Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken",
};
static const char * const family_names[] = {
  "Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson",
};

static JsonObject *
pipedrive_generate_record (FcSimProvider *provider,
                           const char    *object,
                           guint          index)
{
  FcSimPipedrive *pd = provider->state;
  FcSim *sim = provider->sim;
  const FcSimPipedriveEntity *entity = _fc_sim_pipedrive_find_entity (object);
  const char *given = given_names[_fc_sim_random_int (sim, 0, G_N_ELEMENTS (given_names))];
  const char *family = family_names[_fc_sim_random_int (sim, 0, G_N_ELEMENTS (family_names))];
  JsonObject *body;
  g_autofree char *text = NULL;
  g_autofree char *lower = NULL;

  if (entity == NULL)
    return NULL;

  body = json_object_new ();
  switch (entity->id)
    {
    case FC_SIM_PD_PERSONS:
      {
        JsonArray *emails = json_array_new ();
        JsonObject *email = json_object_new ();

        text = g_strdup_printf ("%s %s", given, family);
        json_object_set_string_member (body, "name", text);
        lower = g_ascii_strdown (given, -1);
        g_free (text);
        text = g_strdup_printf ("%s.%" G_GINT64_FORMAT "@example.org", lower,
                                pd->next_ids[entity->id]);
        json_object_set_string_member (email, "value", text);
        json_object_set_boolean_member (email, "primary", TRUE);
        json_object_set_string_member (email, "label", "work");
        json_array_add_object_element (emails, email);
        json_object_set_array_member (body, "emails", emails);
      }
      break;
    case FC_SIM_PD_ORGANIZATIONS:
      text = g_strdup_printf ("%s Holdings %u", family, index);
      json_object_set_string_member (body, "name", text);
      break;
    case FC_SIM_PD_DEALS:
    case FC_SIM_PD_N_ENTITIES:
    default:
      text = g_strdup_printf ("%s deal %u", family, index);
      json_object_set_string_member (body, "title", text);
      json_object_set_int_member (body, "value", _fc_sim_random_int (sim, 1, 500) * 100);
      json_object_set_string_member (body, "currency", "USD");
      break;
    }

  return body;
}

static JsonNode *
pipedrive_add_custom_field (FcSimProvider  *provider,
                            const char     *object,
                            JsonObject     *body,
                            GError        **error)
{
  const FcSimPipedriveEntity *entity = control_entity (object, error);

  if (entity == NULL)
    return NULL;

  return _fc_sim_pipedrive_add_field (provider->state, entity, body, error);
}

static void
pipedrive_reset (FcSimProvider *provider)
{
  FcSimPipedrive *pd = provider->state;

  for (guint i = 0; i < FC_SIM_PD_N_ENTITIES; i++)
    {
      _fc_sim_collection_clear (pd->entities[i]);
      pd->next_ids[i] = 1;
    }
  _fc_sim_pipedrive_fields_reset (pd);
  g_hash_table_remove_all (pd->windows);
  pd->budget_used = 0;
  _fc_sim_pipedrive_webhooks_reset (pd);
}

static void
pipedrive_free_state (gpointer state)
{
  FcSimPipedrive *pd = state;

  for (guint i = 0; i < FC_SIM_PD_N_ENTITIES; i++)
    _fc_sim_collection_free (pd->entities[i]);
  _fc_sim_pipedrive_fields_free (pd);
  _fc_sim_pipedrive_webhooks_reset (pd);
  g_ptr_array_unref (pd->webhooks);
  g_hash_table_unref (pd->windows);
  g_free (pd->company_domain);
  g_free (pd);
}

static const FcSimProviderClass pipedrive_class = {
  .name = "pipedrive",
  .api_mount = "pipedrive",
  .auth_mount = "pipedrive-oauth",
  .objects = objects,
  .free_state = pipedrive_free_state,
  .reset = pipedrive_reset,
  .authenticate = pipedrive_authenticate,
  .check_rate_limit = pipedrive_check_rate_limit,
  .respond_error = pipedrive_respond_error,
  .respond_throttled = pipedrive_respond_throttled,
  .create_record = pipedrive_create_record,
  .update_record = pipedrive_update_record,
  .delete_record = pipedrive_delete_record,
  .get_record = pipedrive_get_record,
  .list_records = pipedrive_list_records,
  .generate_record = pipedrive_generate_record,
  .add_custom_field = pipedrive_add_custom_field,
  .configure_limits = pipedrive_configure_limits,
  .describe_limits = pipedrive_describe_limits,
  .configure_webhooks = _fc_sim_pipedrive_configure_webhooks,
  .describe_webhooks = _fc_sim_pipedrive_describe_webhooks,
};

void
_fc_sim_pipedrive_register (FcSim *sim)
{
  FcSimPipedrive *pd = g_new0 (FcSimPipedrive, 1);
  FcSimProvider *provider;
  static const guint retry_delays[] = { 3000, 30000, 150000 };

  for (guint i = 0; i < FC_SIM_PD_N_ENTITIES; i++)
    {
      pd->entities[i] = _fc_sim_collection_new (entities[i].name);
      pd->next_ids[i] = 1;
    }
  pd->company_id = 7654321;
  pd->user_id = 1234567;
  pd->company_domain = g_strdup ("fluxcascade-sim");
  pd->burst_api_token = 40;
  pd->burst_oauth = 160;
  pd->burst_search = 10;
  pd->daily_budget = 60000;
  pd->windows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) g_array_unref);
  pd->webhooks = g_ptr_array_new ();
  pd->next_webhook_id = 1;
  pd->next_option_id = 1;

  provider = _fc_sim_add_provider (sim, &pipedrive_class, pd);
  pd->provider = provider;
  provider->oauth.client_id = g_strdup ("sim-pipedrive-client-id");
  provider->oauth.client_secret = g_strdup ("sim-pipedrive-client-secret");
  provider->oauth.access_lifetime_s = 3599;
  provider->oauth.rotate_refresh_tokens = TRUE;
  _fc_sim_retry_policy_init (&provider->retry, 4, retry_delays, G_N_ELEMENTS (retry_delays),
                             10000);

  _fc_sim_pipedrive_register_oauth_routes (pd);
  _fc_sim_add_route (sim, provider, "pipedrive", "GET", "/api/v1/users/me", "/v1/users/me",
                     FC_SIM_ROUTE_API, 2, handle_users_me, NULL);
  _fc_sim_add_route (sim, provider, "pipedrive", "GET", "/v1/users/me", "/v1/users/me",
                     FC_SIM_ROUTE_API, 2, handle_users_me, NULL);

  _fc_sim_pipedrive_fields_init (pd);
  _fc_sim_pipedrive_register_object_routes (pd);
  _fc_sim_pipedrive_register_field_routes (pd);
  _fc_sim_pipedrive_register_webhook_routes (pd);
}
