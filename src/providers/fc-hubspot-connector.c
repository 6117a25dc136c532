/* fc-hubspot-connector.c: HubSpot CRM v3 (contacts, companies, deals)
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-hubspot"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "fc-hubspot-connector-private.h"

struct _FcHubspotConnector
{
  FcConnector    parent_instance;

  FcRateLimiter *limiter;        /* the ten-second budget */
  FcRateLimiter *search_limiter; /* search's own per-second budget */
};

G_DEFINE_FINAL_TYPE (FcHubspotConnector, fc_hubspot_connector, FC_TYPE_CONNECTOR)

static const char * const object_types[] = { "contacts", "companies", "deals", NULL };

static const FcHubspotType types[] = {
  { "contacts", "0-1", "contact", "lastmodifieddate" },
  { "companies", "0-2", "company", "hs_lastmodifieddate" },
  { "deals", "0-3", "deal", "hs_lastmodifieddate" },
};

/* Private apps get 100 calls per 10 s (the smallest tier), OAuth apps 110; the headers of the
 * first answer correct it. Search allows 5 per second, counted where requests arrive: the
 * limiter lets a call leave its window a second after its answer came in (by then it had
 * arrived), so the window is the provider's own, without slack. */
#define TEN_SECOND_LIMIT   100
#define TEN_SECOND_WINDOW  10000
#define SEARCH_LIMIT       5
#define SEARCH_WINDOW      1000

const FcHubspotType *
_fc_hubspot_find_type (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    if (g_strcmp0 (types[i].name, name) == 0)
      return &types[i];
  return NULL;
}

const FcHubspotType *
_fc_hubspot_find_type_by_event (const char *prefix)
{
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    if (g_strcmp0 (types[i].event_prefix, prefix) == 0)
      return &types[i];
  return NULL;
}

const FcHubspotType *
_fc_hubspot_find_type_by_id (const char *type_id)
{
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    if (g_strcmp0 (types[i].type_id, type_id) == 0)
      return &types[i];
  return NULL;
}

FcRateLimiter *
_fc_hubspot_connector_get_limiter (FcHubspotConnector *self)
{
  return self->limiter;
}

FcRateLimiter *
_fc_hubspot_connector_get_search_limiter (FcHubspotConnector *self)
{
  return self->search_limiter;
}

static FcHttp *
get_http (FcHubspotConnector *self)
{
  return fc_connector_get_http (FC_CONNECTOR (self));
}

/* ---- records --------------------------------------------------------------------------- */

/* The properties at @scan, each a field of @record (a field needs a name: JSON allows "") */
static void
scan_properties (FcRecord   *record,
                 FcJsonScan *scan)
{
  const char *name;

  if (!fc_json_scan_enter_object (scan))
    return;
  while ((name = fc_json_scan_next_member (scan)) != NULL)
    if (*name != '\0' && !fc_json_scan_read_field (scan, record, name))
      return;
}

FcRecord *
_fc_hubspot_scan_record (const FcHubspotType *type,
                         FcJsonScan          *scan,
                         const char * const  *extra_names,
                         JsonNode           **extra_values)
{
  g_autoptr (FcRecord) record = NULL;
  g_autoptr (JsonNode) id_node = NULL;
  g_autofree char *id = NULL;
  const char *member;
  gint64 modified;
  g_autofree char *updated = NULL;  /* read only without the modified property */
  gboolean archived = FALSE;
  FcValue value;

  if (!fc_json_scan_enter_object (scan))
    {
      fc_json_scan_skip (scan);
      return NULL;
    }

  record = fc_record_new (type->name, NULL);
  while ((member = fc_json_scan_next_member (scan)) != NULL)
    {
      JsonNode **keep = NULL;

      if (g_str_equal (member, "properties"))
        {
          /* of members named twice, the last counts */
          if (fc_record_get_n_fields (record) > 0)
            {
              g_object_unref (record);
              record = fc_record_new (type->name, NULL);
            }
          scan_properties (record, scan);
          continue;
        }
      /* of members named twice, the last counts */
      if (g_str_equal (member, "updatedAt"))
        {
          g_clear_pointer (&updated, g_free);
          if (fc_json_scan_read_scalar (scan, &value) && value.kind == FC_VALUE_STRING)
            updated = g_strdup (value.v.string);
          continue;
        }
      if (g_str_equal (member, "archived"))
        {
          archived = fc_json_scan_read_scalar (scan, &value) && value.kind == FC_VALUE_BOOLEAN
                     && value.v.boolean;
          continue;
        }
      if (g_str_equal (member, "id"))
        keep = &id_node;
      for (guint i = 0; keep == NULL && extra_names != NULL && extra_names[i] != NULL; i++)
        if (g_str_equal (member, extra_names[i]))
          keep = &extra_values[i];
      if (keep != NULL)
        {
          g_clear_pointer (keep, json_node_unref);
          *keep = fc_json_scan_read (scan);
        }
    }

  id = _fc_json_node_dup_id (id_node);
  if (id == NULL || fc_json_scan_failed (scan))
    return NULL;

  fc_record_set_id (record, id);
  modified = _fc_connector_parse_time_ms (fc_record_get_string (record, type->modified));
  if (modified < 0)
    modified = _fc_connector_parse_time_ms (updated);
  if (modified >= 0)
    fc_record_set_modified_ms (record, modified);
  fc_record_set_archived (record, archived);

  return g_steal_pointer (&record);
}

FcRecord *
_fc_hubspot_record_from_json (const FcHubspotType *type,
                              JsonObject          *object)
{
  g_autoptr (JsonNode) node = json_node_init_object (json_node_alloc (), object);
  g_autoptr (FcJsonScan) scan = fc_json_scan_new_node (node);

  return _fc_hubspot_scan_record (type, scan, NULL, NULL);
}

char *
_fc_hubspot_value_to_string (const FcValue *value)
{
  char *text;

  if (value->kind == FC_VALUE_NODE && JSON_NODE_HOLDS_OBJECT (value->v.node))
    return json_to_string (value->v.node, FALSE);
  /* Scalars as text and arrays joined with ";", as FcRecord writes them; null as "" */
  text = fc_value_dup_string (value);
  return text != NULL ? text : g_strdup ("");
}

static void
add_property_name (JsonArray  *names,
                   GHashTable *seen,
                   const char *name)
{
  if (g_hash_table_add (seen, g_strdup (name)))
    json_array_add_string_element (names, name);
}

JsonArray *
_fc_hubspot_wanted_properties (const FcHubspotType *type,
                               const char * const  *wanted,
                               const char          *also,
                               GListModel          *fields)
{
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonArray *names = json_array_new ();

  add_property_name (names, seen, "hs_object_id");
  add_property_name (names, seen, type->modified);
  if (also != NULL)
    add_property_name (names, seen, also);

  if (wanted != NULL)
    {
      for (guint i = 0; wanted[i] != NULL; i++)
        if (*wanted[i] != '\0')
          add_property_name (names, seen, wanted[i]);
      return names;
    }

  for (guint i = 0; fields != NULL && i < g_list_model_get_n_items (fields); i++)
    {
      g_autoptr (FcFieldInfo) info = g_list_model_get_item (fields, i);

      add_property_name (names, seen, fc_field_info_get_name (info));
    }
  return names;
}

/* ---- field catalogue ------------------------------------------------------------------- */

static FcFieldInfo *
field_from_property (JsonObject *property)
{
  const char *name = _fc_json_get_string (property, "name");
  JsonObject *metadata = _fc_json_get_object (property, "modificationMetadata");
  JsonArray *options = _fc_json_get_array (property, "options");
  FcFieldInfo *info;

  if (name == NULL)
    return NULL;

  info = fc_field_info_new (name, _fc_json_get_string (property, "label"),
                            _fc_json_get_string (property, "type"));
  fc_field_info_set_read_only (info, _fc_json_get_boolean (metadata, "readOnlyValue", FALSE)
                                     || _fc_json_get_boolean (property, "calculated", FALSE));
  fc_field_info_set_unique (info, _fc_json_get_boolean (property, "hasUniqueValue", FALSE));
  fc_field_info_set_custom (info, !_fc_json_get_boolean (property, "hubspotDefined", TRUE));

  for (guint i = 0; options != NULL && i < json_array_get_length (options); i++)
    {
      JsonNode *node = json_array_get_element (options, i);
      JsonObject *option = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *value = _fc_json_get_string (option, "value");

      if (value != NULL)
        fc_field_info_add_option (info, value, _fc_json_get_string (option, "label"));
    }

  return info;
}

static void
on_properties_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GListStore) store = g_list_store_new (FC_TYPE_FIELD_INFO);
  JsonArray *results;

  root = fc_http_request_finish (FC_HTTP (object), result, NULL, NULL, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  results = root != NULL && JSON_NODE_HOLDS_OBJECT (root)
            ? _fc_json_get_array (json_node_get_object (root), "results") : NULL;
  if (results == NULL)
    {
      _fc_connector_set_bad_response (&error, g_task_get_task_data (task), "no results array");
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonNode *node = json_array_get_element (results, i);
      g_autoptr (FcFieldInfo) info = NULL;

      if (JSON_NODE_HOLDS_OBJECT (node))
        info = field_from_property (json_node_get_object (node));
      if (info != NULL)
        g_list_store_append (store, info);
    }

  g_task_return_pointer (task, g_steal_pointer (&store), g_object_unref);
}

static void
fc_hubspot_connector_list_fields (FcConnector *connector,
                                  const char  *object_type,
                                  GTask       *task)
{
  FcHubspotConnector *self = FC_HUBSPOT_CONNECTOR (connector);
  g_autofree char *path = g_strdup_printf ("/crm/v3/properties/%s", object_type);
  g_autofree char *what = g_strdup_printf (_("Reading the properties of HubSpot %s"),
                                           object_type);

  g_task_set_task_data (task, g_strdup (what), g_free);
  fc_http_request_async (get_http (self), "GET", path, NULL, self->limiter, FC_HTTP_FLAG_NONE,
                         what, g_task_get_cancellable (task), on_properties_cb,
                         g_object_ref (task));
}

/* ---- writes ---------------------------------------------------------------------------- */

static void
fc_hubspot_connector_create_records (FcConnector *connector,
                                     const char  *object_type,
                                     GPtrArray   *records,
                                     GTask       *task)
{
  _fc_hubspot_write_records (FC_HUBSPOT_CONNECTOR (connector), _fc_hubspot_find_type (object_type),
                             "create", NULL, records, task);
}

static void
fc_hubspot_connector_update_records (FcConnector *connector,
                                     const char  *object_type,
                                     GPtrArray   *records,
                                     GTask       *task)
{
  _fc_hubspot_write_records (FC_HUBSPOT_CONNECTOR (connector), _fc_hubspot_find_type (object_type),
                             "update", NULL, records, task);
}

static void
fc_hubspot_connector_upsert_records (FcConnector *connector,
                                     const char  *object_type,
                                     const char  *id_field,
                                     GPtrArray   *records,
                                     GTask       *task)
{
  _fc_hubspot_write_records (FC_HUBSPOT_CONNECTOR (connector), _fc_hubspot_find_type (object_type),
                             "upsert", id_field, records, task);
}

static void
fc_hubspot_connector_delete_records (FcConnector        *connector,
                                     const char         *object_type,
                                     const char * const *ids,
                                     GTask              *task)
{
  _fc_hubspot_archive_records (FC_HUBSPOT_CONNECTOR (connector),
                               _fc_hubspot_find_type (object_type), ids, task);
}

/* ---- the account ----------------------------------------------------------------------- */

static void
on_account_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = NULL;
  JsonObject *info;
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;

  root = fc_http_request_finish (FC_HTTP (object), result, NULL, NULL, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  info = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  /* OAuth token information: hub_id and hub_domain; account details: portalId */
  id = _fc_json_dup_id (info, "hub_id");
  if (id == NULL)
    id = _fc_json_dup_id (info, "portalId");
  if (id == NULL)
    {
      _fc_connector_set_bad_response (&error, _("Reading the HubSpot account"),
                                      "neither hub_id nor portalId");
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  name = g_strdup (_fc_json_get_string (info, "hub_domain"));
  if (name == NULL)
    name = g_strdup (_fc_json_get_string (info, "companyName"));
  if (name == NULL)
    name = g_strdup_printf (_("HubSpot account %s"), id);
  _fc_connector_return_account (task, name, id);
}

static void
on_account_token_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  FcHubspotConnector *self = g_task_get_source_object (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (FcToken) token = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  token = fc_auth_get_token_finish (FC_AUTH (object), result, &error);
  if (token == NULL)
    {
      g_task_return_new_error (task, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_AUTH,
                               _("Reading the HubSpot account: %s"), error->message);
      return;
    }

  /* A private app token has no token information; its account has details */
  if (fc_token_is_static (token))
    {
      fc_http_request_async (get_http (self), "GET", "/account-info/v3/details", NULL,
                             self->limiter, FC_HTTP_FLAG_NONE, _("Reading the HubSpot account"),
                             g_task_get_cancellable (task), on_account_cb, g_object_ref (task));
      return;
    }

  escaped = g_uri_escape_string (fc_token_get_access_token (token), NULL, FALSE);
  path = g_strconcat ("/oauth/v1/access-tokens/", escaped, NULL);
  fc_http_request_async (get_http (self), "GET", path, NULL, self->limiter,
                         FC_HTTP_FLAG_SECRET_PATH, _("Reading the HubSpot account"),
                         g_task_get_cancellable (task), on_account_cb, g_object_ref (task));
}

static void
fc_hubspot_connector_discover_account (FcConnector *connector,
                                       GTask       *task)
{
  fc_auth_get_token_async (fc_connector_get_auth (connector),
                           fc_connector_get_connection (connector), FALSE,
                           g_task_get_cancellable (task), on_account_token_cb,
                           g_object_ref (task));
}

/* ---- webhooks -------------------------------------------------------------------------- */

static GPtrArray *
fc_hubspot_connector_parse_webhook (FcConnector         *connector,
                                    const char          *method,
                                    const char          *url,
                                    SoupMessageHeaders  *headers,
                                    GBytes              *body,
                                    const char          *secret,
                                    GError             **error)
{
  if (!fc_hubspot_verify_webhook (secret, method, url, headers, body,
                                  g_get_real_time () / 1000, error))
    return NULL;
  return fc_hubspot_parse_events (body, error);
}

/* ---- the class ------------------------------------------------------------------------- */

static void
fc_hubspot_connector_finalize (GObject *object)
{
  FcHubspotConnector *self = (FcHubspotConnector *) object;

  g_clear_object (&self->limiter);
  g_clear_object (&self->search_limiter);

  G_OBJECT_CLASS (fc_hubspot_connector_parent_class)->finalize (object);
}

static void
fc_hubspot_connector_class_init (FcHubspotConnectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  FcConnectorClass *connector_class = FC_CONNECTOR_CLASS (klass);

  object_class->finalize = fc_hubspot_connector_finalize;

  connector_class->object_types = object_types;
  /* Changes are listed with the search API, whose index lags writes by a few seconds */
  connector_class->listing_lags = TRUE;
  connector_class->list_fields = fc_hubspot_connector_list_fields;
  connector_class->list_changed = _fc_hubspot_list_changed;
  connector_class->read_records = _fc_hubspot_read_records;
  connector_class->find_records = _fc_hubspot_find_records;
  connector_class->create_records = fc_hubspot_connector_create_records;
  connector_class->update_records = fc_hubspot_connector_update_records;
  connector_class->upsert_records = fc_hubspot_connector_upsert_records;
  connector_class->delete_records = fc_hubspot_connector_delete_records;
  connector_class->discover_account = fc_hubspot_connector_discover_account;
  connector_class->parse_webhook = fc_hubspot_connector_parse_webhook;
}

static void
fc_hubspot_connector_init (FcHubspotConnector *self)
{
  self->limiter = fc_rate_limiter_new (TEN_SECOND_LIMIT, TEN_SECOND_WINDOW);
  self->search_limiter = fc_rate_limiter_new (SEARCH_LIMIT, SEARCH_WINDOW);
}
