/* fc-sim-hubspot.c: the simulated HubSpot account: object types, errors, authentication,
 * rate limits, OAuth and the control hooks
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-sim-hubspot"

#include "config.h"

#include <string.h>

#include "fc-sim-hubspot-private.h"

#define TEN_SECONDS_MS 10000
#define DAY_MS (24 * 60 * 60 * 1000)

static const char * const contact_defaults[] = { "firstname", "lastname", "email", NULL };
static const char * const company_defaults[] = { "name", "domain", NULL };
static const char * const deal_defaults[] = {
  "dealname", "amount", "closedate", "pipeline", "dealstage", NULL
};
static const char * const contact_searchable[] = {
  "firstname", "lastname", "email", "phone", "mobilephone", "company", NULL
};
static const char * const company_searchable[] = { "name", "domain", "website", "phone", NULL };
static const char * const deal_searchable[] = { "dealname", NULL };

static const FcSimHubSpotType types[FC_SIM_HS_N_TYPES] = {
  { FC_SIM_HS_CONTACTS, "contacts", "0-1", "contact", "CONTACT", "lastmodifieddate",
    "contactinformation", contact_defaults, contact_searchable },
  { FC_SIM_HS_COMPANIES, "companies", "0-2", "company", "COMPANY", "hs_lastmodifieddate",
    "companyinformation", company_defaults, company_searchable },
  { FC_SIM_HS_DEALS, "deals", "0-3", "deal", "DEAL", "hs_lastmodifieddate",
    "dealinformation", deal_defaults, deal_searchable },
};

static const char * const objects[] = { "contacts", "companies", "deals", NULL };

/* Accepts the plural name, the singular and the type id (contacts, contact, 0-1). */
const FcSimHubSpotType *
_fc_sim_hubspot_find_type (const char *name)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (types); i++)
    {
      if (g_str_equal (name, types[i].name) || g_str_equal (name, types[i].type_id)
          || g_str_equal (name, types[i].singular))
        return &types[i];
    }

  return NULL;
}

const FcSimHubSpotType *
_fc_sim_hubspot_get_type (FcSimHubSpotTypeId id)
{
  return &types[id];
}

static FcSimHubSpot *
get_hs (FcSimRequest *req)
{
  return req->provider->state;
}

/* Errors: {"status":"error","message":...,"correlationId":uuid,"category":...,"context":...} */
void
_fc_sim_hubspot_respond (FcSimRequest *req,
                         guint         status,
                         const char   *category,
                         const char   *message,
                         JsonNode     *context)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autofree char *correlation = _fc_sim_random_uuid (req->sim);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, "error");
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_set_member_name (builder, "correlationId");
  json_builder_add_string_value (builder, correlation);
  if (context != NULL)
    {
      json_builder_set_member_name (builder, "context");
      json_builder_add_value (builder, context);
    }
  json_builder_set_member_name (builder, "category");
  json_builder_add_string_value (builder, category);
  json_builder_end_object (builder);
  _fc_sim_respond_builder (req, status, builder);
}

void
_fc_sim_hubspot_respond_gerror (FcSimRequest *req,
                                const GError *error)
{
  guint status = 400;
  const char *category = "VALIDATION_ERROR";

  if (error->domain == FC_SIM_ERROR && error->code == FC_SIM_ERROR_NOT_FOUND)
    {
      status = 404;
      category = "OBJECT_NOT_FOUND";
    }
  else if (error->domain == FC_SIM_ERROR && error->code == FC_SIM_ERROR_CONFLICT)
    {
      status = 409;
      category = "CONFLICT";
    }

  _fc_sim_hubspot_respond (req, status, category, error->message, NULL);
}

/* The JSON body as an object, or NULL after answering 400. */
JsonObject *
_fc_sim_hubspot_body (FcSimRequest *req)
{
  g_autoptr (GError) error = NULL;
  JsonNode *node = _fc_sim_request_get_json (req, &error);
  g_autofree char *message = NULL;

  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    return json_node_get_object (node);

  message = g_strdup_printf ("Invalid input JSON on line 1: %s",
                             error != NULL ? error->message : "expected an object");
  _fc_sim_hubspot_respond (req, 400, "VALIDATION_ERROR", message, NULL);
  return NULL;
}

static void
hubspot_respond_error (FcSimRequest *req,
                       guint         status,
                       const char   *message)
{
  const char *category;

  switch (status)
    {
    case 400: category = "VALIDATION_ERROR"; break;
    case 401: category = "INVALID_AUTHENTICATION"; break;
    case 403: category = "MISSING_SCOPES"; break;
    case 404: category = "OBJECT_NOT_FOUND"; break;
    case 405: category = "METHOD_NOT_ALLOWED"; break;
    case 409: category = "CONFLICT"; break;
    case 429: category = "RATE_LIMITS"; break;
    default: category = status >= 500 ? "INTERNAL_ERROR" : "VALIDATION_ERROR"; break;
    }

  _fc_sim_hubspot_respond (req, status, category, message, NULL);
}

static void
respond_rate_limited (FcSimRequest *req,
                      const char   *policy,
                      const char   *message,
                      const char   *group,
                      guint         retry_after_s)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autofree char *correlation = _fc_sim_random_uuid (req->sim);
  g_autofree char *request_id = _fc_sim_random_uuid (req->sim);
  g_autofree char *retry = g_strdup_printf ("%u", MAX (retry_after_s, 1));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, "error");
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_set_member_name (builder, "errorType");
  json_builder_add_string_value (builder, "RATE_LIMIT");
  json_builder_set_member_name (builder, "correlationId");
  json_builder_add_string_value (builder, correlation);
  json_builder_set_member_name (builder, "policyName");
  json_builder_add_string_value (builder, policy);
  json_builder_set_member_name (builder, "groupName");
  json_builder_add_string_value (builder, group);
  json_builder_set_member_name (builder, "requestId");
  json_builder_add_string_value (builder, request_id);
  json_builder_set_member_name (builder, "category");
  json_builder_add_string_value (builder, "RATE_LIMITS");
  json_builder_end_object (builder);

  _fc_sim_set_header (req, "Retry-After", retry);
  _fc_sim_respond_builder (req, 429, builder);
}

static void
hubspot_respond_throttled (FcSimRequest *req,
                           guint         retry_after_s)
{
  respond_rate_limited (req, "TEN_SECONDLY_ROLLING",
                        "You have reached your ten_secondly_rolling limit.",
                        "api-calls", retry_after_s);
}

/* Authentication: Bearer with an OAuth access token or a private-app token */

static gboolean
token_has_scope (FcSimToken *token,
                 const char *needed_read,
                 const char *needed_write,
                 gboolean    write)
{
  g_auto (GStrv) scopes = NULL;

  if (token->scope == NULL || token->scope[0] == '\0')
    return TRUE;

  scopes = g_strsplit_set (token->scope, " ,", -1);
  if (g_strv_contains ((const char * const *) scopes, needed_write))
    return TRUE;

  return !write && g_strv_contains ((const char * const *) scopes, needed_read);
}

static gboolean
route_writes (FcSimRequest *req)
{
  const char *name = req->route->counter_name;

  if (g_str_equal (req->method, "GET"))
    return FALSE;

  return !g_str_has_suffix (name, "/search") && !g_str_has_suffix (name, "/batch/read");
}

static gboolean
hubspot_authenticate (FcSimRequest *req)
{
  g_autofree char *bearer = _fc_sim_request_get_bearer (req);
  const FcSimHubSpotType *type = req->route->data;
  FcSimToken *token = NULL;
  FcSimTokenState state;

  if (bearer == NULL)
    {
      _fc_sim_hubspot_respond (req, 401, "INVALID_AUTHENTICATION",
                               "Authentication credentials not found. This API supports OAuth "
                               "2.0 authentication and you can find more details at "
                               "https://developers.hubspot.com/docs/methods/auth/oauth-overview",
                               NULL);
      return FALSE;
    }

  state = _fc_sim_oauth_check (req->provider, bearer, FC_SIM_TOKEN_ACCESS, &token);
  if (state == FC_SIM_TOKEN_EXPIRED)
    {
      gint64 ago = (_fc_sim_now_ms (req->sim) - token->expires_ms) / 1000;
      g_autofree char *message =
        g_strdup_printf ("The OAuth token used to make this call expired %" G_GINT64_FORMAT
                         " second(s) ago.", ago);

      _fc_sim_hubspot_respond (req, 401, "EXPIRED_AUTHENTICATION", message, NULL);
      return FALSE;
    }
  if (state != FC_SIM_TOKEN_VALID)
    {
      _fc_sim_hubspot_respond (req, 401, "INVALID_AUTHENTICATION",
                               "Authentication credentials not found or the token was revoked. "
                               "This API supports OAuth 2.0 authentication and private app "
                               "access tokens.", NULL);
      return FALSE;
    }

  if (type != NULL && g_str_has_prefix (req->route->counter_name, "/crm/v3/objects/"))
    {
      g_autofree char *read = g_strdup_printf ("crm.objects.%s.read", type->name);
      g_autofree char *write = g_strdup_printf ("crm.objects.%s.write", type->name);
      gboolean writes = route_writes (req);

      if (!token_has_scope (token, read, write, writes))
        {
          g_autofree char *message =
            g_strdup_printf ("This app hasn't been granted all required scopes to make this "
                             "call. Read more about required scopes here: "
                             "https://developers.hubspot.com/scopes. Required: %s",
                             writes ? write : read);

          _fc_sim_hubspot_respond (req, 403, "MISSING_SCOPES", message, NULL);
          return FALSE;
        }
    }

  req->principal = token;
  return TRUE;
}

/* Rate limits: a rolling 10-second window per app (OAuth) or per private-app token, a daily
 * budget for private apps, and a separate per-second limit for search. */

static guint
window_count (GArray *times,
              gint64  now,
              gint64  span_ms)
{
  guint expired = 0;

  while (expired < times->len && g_array_index (times, gint64, expired) <= now - span_ms)
    expired++;
  if (expired > 0)
    g_array_remove_range (times, 0, expired);

  return times->len;
}

static GArray *
get_window (FcSimHubSpot *hs,
            const char   *key)
{
  GArray *times = g_hash_table_lookup (hs->windows, key);

  if (times == NULL)
    {
      times = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_hash_table_insert (hs->windows, g_strdup (key), times);
    }

  return times;
}

static guint
seconds_until_free (GArray *times,
                    gint64  now,
                    gint64  span_ms)
{
  gint64 oldest = times->len > 0 ? g_array_index (times, gint64, 0) : now;

  return (guint) MAX (1, (oldest + span_ms - now + 999) / 1000);
}

static gboolean
check_search_limit (FcSimRequest *req,
                    FcSimHubSpot *hs,
                    const char   *key)
{
  g_autofree char *search_key = g_strconcat ("search:", key, NULL);
  GArray *times = get_window (hs, search_key);
  gint64 now = _fc_sim_now_ms (req->sim);

  if (window_count (times, now, 1000) >= hs->search_per_second)
    {
      respond_rate_limited (req, "SECONDLY", "You have reached your secondly limit.",
                            "search-api", 1);
      return FALSE;
    }

  g_array_append_val (times, now);
  return TRUE;
}

static gboolean
check_daily_limit (FcSimRequest *req,
                   FcSimHubSpot *hs,
                   const char   *key,
                   gint64        now)
{
  GArray *day = g_hash_table_lookup (hs->daily, key);
  gint64 today = now / DAY_MS;
  gint64 *slots;
  g_autofree char *limit = NULL;
  g_autofree char *remaining = NULL;

  if (day == NULL)
    {
      day = g_array_set_size (g_array_new (FALSE, TRUE, sizeof (gint64)), 2);
      g_hash_table_insert (hs->daily, g_strdup (key), day);
    }
  slots = (gint64 *) day->data;
  if (slots[0] != today)
    {
      slots[0] = today;
      slots[1] = 0;
    }

  if (slots[1] >= hs->daily_private)
    {
      guint retry = (guint) (((today + 1) * DAY_MS - now) / 1000);

      respond_rate_limited (req, "DAILY", "You have reached your daily limit.", "api-calls-daily",
                            retry);
      return FALSE;
    }

  slots[1]++;
  limit = g_strdup_printf ("%u", hs->daily_private);
  remaining = g_strdup_printf ("%" G_GINT64_FORMAT, hs->daily_private - slots[1]);
  _fc_sim_set_header (req, "X-HubSpot-RateLimit-Daily", limit);
  _fc_sim_set_header (req, "X-HubSpot-RateLimit-Daily-Remaining", remaining);
  return TRUE;
}

static gboolean
hubspot_check_rate_limit (FcSimRequest *req)
{
  FcSimHubSpot *hs = get_hs (req);
  FcSimToken *token = req->principal;
  gboolean private_app = token->kind == FC_SIM_TOKEN_STATIC;
  g_autofree char *key = private_app ? g_strconcat ("private:", token->value, NULL)
                                     : g_strconcat ("app:", token->client_id, NULL);
  guint max = private_app ? hs->ten_second_private : hs->ten_second_oauth;
  gint64 now = _fc_sim_now_ms (req->sim);
  GArray *times;
  guint used;
  g_autofree char *max_text = NULL;
  g_autofree char *remaining = NULL;

  if ((req->route->flags & FC_SIM_ROUTE_SEARCH) != 0)
    return check_search_limit (req, hs, key);

  times = get_window (hs, key);
  used = window_count (times, now, TEN_SECONDS_MS);
  max_text = g_strdup_printf ("%u", max);
  _fc_sim_set_header (req, "X-HubSpot-RateLimit-Interval-Milliseconds", "10000");
  _fc_sim_set_header (req, "X-HubSpot-RateLimit-Max", max_text);

  if (used >= max)
    {
      _fc_sim_set_header (req, "X-HubSpot-RateLimit-Remaining", "0");
      respond_rate_limited (req, "TEN_SECONDLY_ROLLING",
                            "You have reached your ten_secondly_rolling limit.",
                            private_app ? "api-calls-private-app" : "api-calls-oauth",
                            seconds_until_free (times, now, TEN_SECONDS_MS));
      return FALSE;
    }

  if (private_app && !check_daily_limit (req, hs, key, now))
    return FALSE;

  g_array_append_val (times, now);
  remaining = g_strdup_printf ("%u", max - used - 1);
  _fc_sim_set_header (req, "X-HubSpot-RateLimit-Remaining", remaining);
  return TRUE;
}

static gboolean
hubspot_configure_limits (FcSimProvider  *provider,
                          JsonObject     *settings,
                          GError        **error)
{
  FcSimHubSpot *hs = provider->state;

  return _fc_sim_get_uint_member (settings, "ten_second_oauth", &hs->ten_second_oauth, error)
         && _fc_sim_get_uint_member (settings, "ten_second_private", &hs->ten_second_private,
                                     error)
         && _fc_sim_get_uint_member (settings, "search_per_second", &hs->search_per_second, error)
         && _fc_sim_get_uint_member (settings, "daily_private", &hs->daily_private, error);
}

static JsonNode *
hubspot_describe_limits (FcSimProvider *provider)
{
  FcSimHubSpot *hs = provider->state;
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "enabled");
  json_builder_add_boolean_value (builder, provider->limits_enabled);
  json_builder_set_member_name (builder, "ten_second_oauth");
  json_builder_add_int_value (builder, hs->ten_second_oauth);
  json_builder_set_member_name (builder, "ten_second_private");
  json_builder_add_int_value (builder, hs->ten_second_private);
  json_builder_set_member_name (builder, "search_per_second");
  json_builder_add_int_value (builder, hs->search_per_second);
  json_builder_set_member_name (builder, "daily_private");
  json_builder_add_int_value (builder, hs->daily_private);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Control hooks */

static const FcSimHubSpotType *
control_type (const char  *object,
              GError     **error)
{
  const FcSimHubSpotType *type = _fc_sim_hubspot_find_type (object);

  if (type == NULL)
    g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_NOT_FOUND,
                 "HubSpot has no object type “%s”; use contacts, companies or deals",
                 object != NULL ? object : "");
  return type;
}

static gboolean
read_time (JsonObject  *body,
           const char  *name,
           gint64      *ms,
           GError     **error)
{
  JsonNode *node = json_object_get_member (body, name);

  if (node == NULL)
    return TRUE;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    {
      *ms = json_node_get_int (node);
      return TRUE;
    }
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
      && _fc_sim_parse_iso (json_node_get_string (node), ms))
    return TRUE;

  g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
               "“%s” must be epoch milliseconds or an ISO 8601 date-time", name);
  return FALSE;
}

/* Body: {"properties":{...}} plus, for seeding history, "createdAt", "updatedAt", "archived". */
static char *
hubspot_create_record (FcSimProvider  *provider,
                       const char     *object,
                       JsonObject     *body,
                       FcSimSource     source,
                       GError        **error)
{
  FcSimHubSpot *hs = provider->state;
  const FcSimHubSpotType *type = control_type (object, error);
  JsonObject *properties;
  FcSimRecord *record;
  gint64 created = 0;
  gint64 updated = 0;

  if (type == NULL)
    return NULL;

  properties = _fc_sim_json_object (body, "properties");
  if (properties == NULL)
    {
      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                   "The body must be {\"properties\": {...}}");
      return NULL;
    }
  if (!read_time (body, "createdAt", &created, error)
      || !read_time (body, "updatedAt", &updated, error))
    return NULL;

  record = _fc_sim_hubspot_create (hs, type, properties, source, error);
  if (record == NULL)
    return NULL;

  /* History: an earlier update time also moves the creation back */
  if (created != 0)
    record->created_ms = record->updated_ms = created;
  if (updated != 0)
    record->updated_ms = updated;
  record->created_ms = MIN (record->created_ms, record->updated_ms);
  _fc_sim_collection_changed (hs->objects[type->id]);
  if (json_object_get_boolean_member_with_default (body, "archived", FALSE))
    _fc_sim_collection_delete (hs->objects[type->id], record, record->updated_ms);

  return g_strdup_printf ("%" G_GINT64_FORMAT, record->id);
}

static gboolean
hubspot_update_record (FcSimProvider  *provider,
                       const char     *object,
                       const char     *id,
                       JsonObject     *body,
                       FcSimSource     source,
                       GError        **error)
{
  FcSimHubSpot *hs = provider->state;
  const FcSimHubSpotType *type = control_type (object, error);
  FcSimRecord *record;
  JsonObject *properties;

  if (type == NULL)
    return FALSE;
  record = _fc_sim_hubspot_lookup (hs, type, id, NULL, FALSE, error);
  if (record == NULL)
    return FALSE;

  properties = _fc_sim_json_object (body, "properties");
  if (properties == NULL)
    {
      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                   "The body must be {\"properties\": {...}}");
      return FALSE;
    }

  return _fc_sim_hubspot_update (hs, type, record, properties, source, error);
}

static gboolean
hubspot_delete_record (FcSimProvider  *provider,
                       const char     *object,
                       const char     *id,
                       FcSimSource     source,
                       GError        **error)
{
  FcSimHubSpot *hs = provider->state;
  const FcSimHubSpotType *type = control_type (object, error);
  FcSimRecord *record;

  if (type == NULL)
    return FALSE;
  record = _fc_sim_hubspot_lookup (hs, type, id, NULL, FALSE, error);
  if (record == NULL)
    return FALSE;

  _fc_sim_hubspot_archive (hs, type, record, source);
  return TRUE;
}

static JsonNode *
hubspot_get_record (FcSimProvider  *provider,
                    const char     *object,
                    const char     *id,
                    GError        **error)
{
  FcSimHubSpot *hs = provider->state;
  const FcSimHubSpotType *type = control_type (object, error);
  FcSimRecord *record;

  if (type == NULL)
    return NULL;
  record = _fc_sim_hubspot_lookup (hs, type, id, NULL, TRUE, error);
  if (record == NULL)
    return NULL;

  return _fc_sim_hubspot_object_to_json (hs, type, record, NULL, TRUE);
}

static JsonNode *
hubspot_list_records (FcSimProvider *provider,
                      const char    *object,
                      gboolean       include_deleted)
{
  FcSimHubSpot *hs = provider->state;
  const FcSimHubSpotType *type = _fc_sim_hubspot_find_type (object);
  JsonArray *array;
  JsonNode *node;
  FcSimCollection *collection;

  if (type == NULL)
    return NULL;

  collection = hs->objects[type->id];
  array = json_array_new ();
  for (guint i = 0; i < _fc_sim_collection_get_length (collection); i++)
    {
      FcSimRecord *record = _fc_sim_collection_get_nth (collection, i);

      if (record->deleted_ms == 0 || include_deleted)
        json_array_add_element (array, _fc_sim_hubspot_object_to_json (hs, type, record, NULL,
                                                                        TRUE));
    }
  node = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (node, array);

  return node;
}

static const char * const first_names[] = {
  "Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Radia", "Linus",
  "Margaret", "Dennis", "Katherine", "Tim", "Hedy", "John",
};
static const char * const last_names[] = {
  "Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson", "Perlman",
  "Torvalds", "Hamilton", "Ritchie", "Johnson", "Berners-Lee", "Lamarr", "McCarthy",
};
static const char * const cities[] = {
  "Boston", "Denver", "Austin", "Portland", "Chicago", "Seattle", "Atlanta", "Phoenix",
};

static JsonObject *
hubspot_generate_record (FcSimProvider *provider,
                         const char    *object,
                         guint          index)
{
  FcSimHubSpot *hs = provider->state;
  FcSim *sim = provider->sim;
  const FcSimHubSpotType *type = _fc_sim_hubspot_find_type (object);
  const char *first = first_names[_fc_sim_random_int (sim, 0, G_N_ELEMENTS (first_names))];
  const char *last = last_names[_fc_sim_random_int (sim, 0, G_N_ELEMENTS (last_names))];
  const char *city = cities[_fc_sim_random_int (sim, 0, G_N_ELEMENTS (cities))];
  JsonObject *body;
  JsonObject *properties;
  g_autofree char *text = NULL;
  g_autofree char *lower = NULL;

  if (type == NULL)
    return NULL;

  body = json_object_new ();
  properties = json_object_new ();
  switch (type->id)
    {
    case FC_SIM_HS_CONTACTS:
      json_object_set_string_member (properties, "firstname", first);
      json_object_set_string_member (properties, "lastname", last);
      lower = g_ascii_strdown (first, -1);
      text = g_strdup_printf ("%s.%" G_GINT64_FORMAT "@example.com", lower, hs->next_id);
      json_object_set_string_member (properties, "email", text);
      g_free (text);
      text = g_strdup_printf ("+1617555%04d", _fc_sim_random_int (sim, 0, 10000));
      json_object_set_string_member (properties, "phone", text);
      json_object_set_string_member (properties, "city", city);
      json_object_set_string_member (properties, "lifecyclestage", index % 3 == 0 ? "customer"
                                                                                  : "lead");
      break;
    case FC_SIM_HS_COMPANIES:
      text = g_strdup_printf ("%s %s Ltd %u", last, city, index);
      json_object_set_string_member (properties, "name", text);
      g_free (text);
      lower = g_ascii_strdown (city, -1);
      text = g_strdup_printf ("%s-%u.example.com", lower, index);
      json_object_set_string_member (properties, "domain", text);
      json_object_set_string_member (properties, "city", city);
      break;
    case FC_SIM_HS_DEALS:
    case FC_SIM_HS_N_TYPES:
    default:
      text = g_strdup_printf ("%s deal %u", city, index);
      json_object_set_string_member (properties, "dealname", text);
      g_free (text);
      text = g_strdup_printf ("%d", _fc_sim_random_int (sim, 1, 500) * 100);
      json_object_set_string_member (properties, "amount", text);
      json_object_set_string_member (properties, "pipeline", "default");
      json_object_set_string_member (properties, "dealstage", "appointmentscheduled");
      break;
    }
  json_object_set_object_member (body, "properties", properties);

  return body;
}

static JsonNode *
hubspot_add_custom_field (FcSimProvider  *provider,
                          const char     *object,
                          JsonObject     *body,
                          GError        **error)
{
  const FcSimHubSpotType *type = control_type (object, error);

  if (type == NULL)
    return NULL;

  return _fc_sim_hubspot_add_property (provider->state, type, body, error);
}

static void
hubspot_reset (FcSimProvider *provider)
{
  FcSimHubSpot *hs = provider->state;

  for (guint i = 0; i < FC_SIM_HS_N_TYPES; i++)
    _fc_sim_collection_clear (hs->objects[i]);
  _fc_sim_hubspot_properties_reset (hs);
  g_hash_table_remove_all (hs->windows);
  g_hash_table_remove_all (hs->daily);
  _fc_sim_hubspot_webhooks_reset (hs);
}

static void
hubspot_free_state (gpointer state)
{
  FcSimHubSpot *hs = state;

  for (guint i = 0; i < FC_SIM_HS_N_TYPES; i++)
    _fc_sim_collection_free (hs->objects[i]);
  _fc_sim_hubspot_properties_free (hs);
  g_hash_table_unref (hs->windows);
  g_hash_table_unref (hs->daily);
  _fc_sim_hubspot_webhooks_reset (hs);
  g_ptr_array_unref (hs->subscriptions);
  json_array_unref (hs->pending);
  g_free (hs->target_url);
  g_free (hs->webhook_secret);
  g_free (hs->hub_domain);
  g_free (hs->developer_key);
  g_free (hs);
}

static const FcSimProviderClass hubspot_class = {
  .name = "hubspot",
  .api_mount = "hubspot",
  .auth_mount = "hubspot-auth",
  .objects = objects,
  .free_state = hubspot_free_state,
  .reset = hubspot_reset,
  .authenticate = hubspot_authenticate,
  .check_rate_limit = hubspot_check_rate_limit,
  .respond_error = hubspot_respond_error,
  .respond_throttled = hubspot_respond_throttled,
  .create_record = hubspot_create_record,
  .update_record = hubspot_update_record,
  .delete_record = hubspot_delete_record,
  .get_record = hubspot_get_record,
  .list_records = hubspot_list_records,
  .generate_record = hubspot_generate_record,
  .add_custom_field = hubspot_add_custom_field,
  .configure_limits = hubspot_configure_limits,
  .describe_limits = hubspot_describe_limits,
  .configure_webhooks = _fc_sim_hubspot_configure_webhooks,
  .describe_webhooks = _fc_sim_hubspot_describe_webhooks,
};

void
_fc_sim_hubspot_register (FcSim *sim)
{
  FcSimHubSpot *hs = g_new0 (FcSimHubSpot, 1);
  static const guint retry_delays[] = { 1000, 2000, 4000, 8000, 16000, 32000, 64000, 128000 };

  for (guint i = 0; i < FC_SIM_HS_N_TYPES; i++)
    {
      hs->objects[i] = _fc_sim_collection_new (types[i].name);
      hs->properties[i] = NULL;
    }
  hs->next_id = 1001;
  hs->portal_id = 62515;
  hs->app_id = 54321;
  hs->user_id = 7001;
  hs->hub_domain = g_strdup ("fluxcascade-sim.hubspot.com");
  hs->developer_key = g_strdup ("sim-hubspot-developer-key");
  hs->ten_second_oauth = 110;
  hs->ten_second_private = 100;
  hs->search_per_second = 5;
  hs->daily_private = 250000;
  hs->windows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) g_array_unref);
  hs->daily = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                     (GDestroyNotify) g_array_unref);
  hs->subscriptions = g_ptr_array_new ();
  hs->pending = json_array_new ();
  hs->next_subscription_id = 1;
  hs->next_event_id = 100;
  hs->max_concurrent = 10;

  hs->provider = _fc_sim_add_provider (sim, &hubspot_class, hs);
  hs->provider->oauth.client_id = g_strdup ("sim-hubspot-client-id");
  hs->provider->oauth.client_secret = g_strdup ("sim-hubspot-client-secret");
  hs->provider->oauth.access_lifetime_s = 1800;
  _fc_sim_retry_policy_init (&hs->provider->retry, 10, retry_delays, G_N_ELEMENTS (retry_delays),
                             5000);

  _fc_sim_hubspot_properties_init (hs);
  _fc_sim_hubspot_register_oauth_routes (hs);
  _fc_sim_hubspot_register_object_routes (hs);
  _fc_sim_hubspot_register_property_routes (hs);
  _fc_sim_hubspot_register_webhook_routes (hs);
}
