/* fc-salesforce-connector.c: Salesforce REST (Contact, Account, Opportunity, Lead)
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-salesforce"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "fc-salesforce-connector-private.h"

/* The API base is the org's instance (the token's instance_url); the login host (production,
 * sandbox or My Domain) is the connection's auth base URL. Records are listed by SOQL on
 * SystemModstamp and written through sObject Collections, 200 at a time. Every answer's
 * Sforce-Limit-Info header updates the org's API usage, and the connector stops calling while
 * a reserve of the daily allocation is all that is left. Salesforce has no rate window to pace
 * against (its limits are daily), so no FcRateLimiter is used. */

struct _FcSalesforceConnector
{
  FcConnector  parent_instance;

  gint64       api_used;         /* -1 until an answer says */
  gint64       api_max;
  gint64       api_observed_us;  /* monotonic time of the last Sforce-Limit-Info */
  guint        reserve_percent;
  guint        reserve_calls;

  GHashTable  *describes;        /* object type -> Describe */
};

G_DEFINE_FINAL_TYPE (FcSalesforceConnector, fc_salesforce_connector, FC_TYPE_CONNECTOR)

static const char * const object_types[] = { "Contact", "Account", "Opportunity", "Lead", NULL };

/* Numbers older than this are checked again with one call rather than trusted: the allocation
 * is a rolling 24 hours, so usage falls as old calls age out. */
#define LIMIT_RECHECK_US (10 * G_TIME_SPAN_MINUTE)

/* If-Modified-Since is sent this long before the catalogue was read, so that a clock ahead of
 * Salesforce's cannot hide a change; the cost is a full answer now and then. */
#define DESCRIBE_CLOCK_MARGIN (10 * G_TIME_SPAN_MINUTE)

/* A catalogue as describe gave it, and when it was read */
typedef struct
{
  GListModel *fields;
  GDateTime  *read_at;
} Describe;

static void
describe_free (Describe *describe)
{
  g_clear_object (&describe->fields);
  g_clear_pointer (&describe->read_at, g_date_time_unref);
  g_free (describe);
}

/* ---- API usage ------------------------------------------------------------------------- */

static void
on_http_got_response_cb (FcHttp                *http,
                         guint                  status,
                         SoupMessageHeaders    *headers,
                         FcSalesforceConnector *self)
{
  gint64 used, max;

  if (fc_salesforce_parse_limit_info (soup_message_headers_get_one (headers,
                                                                    "Sforce-Limit-Info"),
                                      &used, &max))
    {
      self->api_used = used;
      self->api_max = max;
      self->api_observed_us = g_get_monotonic_time ();
    }
}

void
fc_salesforce_connector_get_api_usage (FcConnector *connector,
                                       gint64      *out_used,
                                       gint64      *out_max)
{
  FcSalesforceConnector *self;

  g_return_if_fail (FC_IS_SALESFORCE_CONNECTOR (connector));

  self = FC_SALESFORCE_CONNECTOR (connector);
  if (out_used != NULL)
    *out_used = self->api_used;
  if (out_max != NULL)
    *out_max = self->api_max;
}

void
fc_salesforce_connector_set_api_reserve (FcConnector *connector,
                                         guint        percent,
                                         guint        calls)
{
  FcSalesforceConnector *self;

  g_return_if_fail (FC_IS_SALESFORCE_CONNECTOR (connector));
  g_return_if_fail (percent <= 100);

  self = FC_SALESFORCE_CONNECTOR (connector);
  self->reserve_percent = percent;
  self->reserve_calls = calls;
}

/* FALSE with RATE_LIMITED when only the reserve of the daily allocation is left. */
static gboolean
check_allocation (FcSalesforceConnector  *self,
                  const char             *what,
                  GError                **error)
{
  gint64 remaining, reserve;
  g_autofree char *used_text = NULL;
  g_autofree char *max_text = NULL;
  g_autofree char *remaining_text = NULL;
  g_autofree char *reserve_text = NULL;

  if (self->api_max <= 0 || self->api_used < 0
      || g_get_monotonic_time () - self->api_observed_us > LIMIT_RECHECK_US)
    return TRUE;

  remaining = MAX (0, self->api_max - self->api_used);
  reserve = MAX (self->api_max * self->reserve_percent / 100, (gint64) self->reserve_calls);
  if (remaining > reserve)
    return TRUE;

  used_text = g_strdup_printf ("%" G_GINT64_FORMAT, self->api_used);
  max_text = g_strdup_printf ("%" G_GINT64_FORMAT, self->api_max);
  remaining_text = g_strdup_printf ("%" G_GINT64_FORMAT, remaining);
  reserve_text = g_strdup_printf ("%" G_GINT64_FORMAT, reserve);
  g_set_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_RATE_LIMITED,
               /* Translators: "Listing Salesforce Contact records: stopped ...: 90 of 100
                * calls are used, 10 are left, and FluxCascade leaves the last 10 ..." */
               _("%s: stopped to spare the Salesforce org’s daily API allocation: %s of %s "
                 "calls are used, %s are left, and FluxCascade leaves the last %s to other "
                 "apps. The allocation counts the calls of the last 24 hours, so calls become "
                 "available again as older ones age out"),
               what, used_text, max_text, remaining_text, reserve_text);
  return FALSE;
}

/* ---- requests -------------------------------------------------------------------------- */

typedef struct
{
  guint  status;
  char  *code;
  char  *what;
} Exchange;

static void
exchange_free (Exchange *exchange)
{
  g_free (exchange->code);
  g_free (exchange->what);
  g_free (exchange);
}

/* A query error quotes the whole query, with a caret under the fault ("\nSELECT ...\n   ^\n
 * ERROR at Row:1:Column:52\nNo such column ..."). The query may hold a searched email: the
 * message keeps what the request was, then only Salesforce's explanation, on one line. */
static void
tidy_query_error (GError     *error,
                  const char *what)
{
  const char *explanation = strstr (error->message, "ERROR at Row:");
  char *tidy;

  if (explanation == NULL || !g_str_has_prefix (error->message, what))
    return;
  tidy = g_strdup_printf ("%s: %s", what, explanation);
  g_strdelimit (tidy, "\r\n", ' ');
  g_free (error->message);
  error->message = tidy;
}

/* Salesforce's errorCode says more than the HTTP status (403 REQUEST_LIMIT_EXCEEDED is a
 * daily limit, not a refused token). */
static GError *
remap_error (FcSalesforceConnector *self,
             GError                *error,
             Exchange              *exchange)
{
  int code = fc_salesforce_error_code_for (exchange->code);
  GError *limited;

  if (error->domain != FC_CONNECTOR_ERROR)
    return error;
  tidy_query_error (error, exchange->what);

  /* The same code also reports a concurrency limit ("ConcurrentPerOrgLongTxn") */
  if (g_strcmp0 (exchange->code, "REQUEST_LIMIT_EXCEEDED") == 0
      && (strstr (error->message, "TotalRequests") != NULL
          || (self->api_max > 0 && self->api_used >= self->api_max)))
    {
      if (self->api_max > 0)
        self->api_used = MAX (self->api_used, self->api_max);
      self->api_observed_us = g_get_monotonic_time ();
      limited = g_error_new (FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_RATE_LIMITED,
                             _("%s. The Salesforce org’s daily API allocation is used up; it "
                               "counts the calls of the last 24 hours, so calls become "
                               "available again as older ones age out"), error->message);
      g_error_free (error);
      return limited;
    }
  if (exchange->status == 300)
    error->code = FC_CONNECTOR_ERROR_CONFLICT;
  else if (code >= 0 && exchange->status != 401)
    error->code = code;
  return error;
}

static void
on_request_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  FcSalesforceConnector *self = g_task_get_source_object (task);
  Exchange *exchange = g_task_get_task_data (task);
  GError *error = NULL;
  JsonNode *root;

  root = fc_http_request_finish (FC_HTTP (object), result, &exchange->status, &exchange->code,
                                 &error);
  if (error != NULL)
    g_task_return_error (task, remap_error (self, error, exchange));
  else
    g_task_return_pointer (task, root, (GDestroyNotify) json_node_unref);
}

void
_fc_salesforce_request_async (FcSalesforceConnector *self,
                              const char            *method,
                              const char            *path,
                              const char * const    *headers,
                              JsonNode              *body,
                              FcHttpFlags            flags,
                              const char            *what,
                              GCancellable          *cancellable,
                              GAsyncReadyCallback    callback,
                              gpointer               user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  Exchange *exchange;
  GError *error = NULL;

  g_return_if_fail (what != NULL);

  g_task_set_source_tag (task, _fc_salesforce_request_async);
  exchange = g_new0 (Exchange, 1);
  exchange->what = g_strdup (what);
  g_task_set_task_data (task, exchange, (GDestroyNotify) exchange_free);

  if (!check_allocation (self, what, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  fc_http_request_with_headers_async (fc_connector_get_http (FC_CONNECTOR (self)), method, path,
                                      headers, body, NULL, flags, what, cancellable,
                                      on_request_cb, g_object_ref (task));
}

JsonNode *
_fc_salesforce_request_finish (FcSalesforceConnector  *self,
                               GAsyncResult           *result,
                               guint                  *out_status,
                               char                  **out_code,
                               GError                **error)
{
  Exchange *exchange;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  exchange = g_task_get_task_data (G_TASK (result));
  if (out_status != NULL)
    *out_status = exchange->status;
  if (out_code != NULL)
    *out_code = g_strdup (exchange->code);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
_fc_salesforce_query_async (FcSalesforceConnector *self,
                            const char            *soql,
                            gboolean               all_rows,
                            const char            *what,
                            GCancellable          *cancellable,
                            GAsyncReadyCallback    callback,
                            gpointer               user_data)
{
  static const char * const headers[] = {
    "Sforce-Query-Options", "batchSize=" G_STRINGIFY (FC_SALESFORCE_QUERY_BATCH_SIZE), NULL
  };
  g_autofree char *path = NULL;

  if (soql[0] == '/')
    path = g_strdup (soql);
  else
    path = fc_http_build_path (all_rows ? FC_SALESFORCE_DATA_PATH "/queryAll"
                                        : FC_SALESFORCE_DATA_PATH "/query", "q", soql, NULL);
  _fc_salesforce_request_async (self, "GET", path, headers, NULL, FC_HTTP_FLAG_NONE, what,
                                cancellable, callback, user_data);
}

/* ---- field catalogue ------------------------------------------------------------------- */

enum {
  WRITE_CREATEABLE = 1 << 0,
  WRITE_UPDATEABLE = 1 << 1,
};

static GQuark
write_flags_quark (void)
{
  return g_quark_from_static_string ("fc-salesforce-write-flags");
}

gboolean
_fc_salesforce_field_createable (FcFieldInfo *info)
{
  guint flags = GPOINTER_TO_UINT (g_object_get_qdata (G_OBJECT (info), write_flags_quark ()));

  return (flags & WRITE_CREATEABLE) != 0;
}

gboolean
_fc_salesforce_field_updateable (FcFieldInfo *info)
{
  guint flags = GPOINTER_TO_UINT (g_object_get_qdata (G_OBJECT (info), write_flags_quark ()));

  return (flags & WRITE_UPDATEABLE) != 0;
}

static FcFieldInfo *
field_from_describe (JsonObject *field)
{
  const char *name = _fc_json_get_string (field, "name");
  JsonArray *picklist = _fc_json_get_array (field, "picklistValues");
  gboolean createable = _fc_json_get_boolean (field, "createable", FALSE);
  gboolean updateable = _fc_json_get_boolean (field, "updateable", FALSE);
  FcFieldInfo *info;

  if (name == NULL || !fc_salesforce_is_field_name (name))
    return NULL;

  info = fc_field_info_new (name, _fc_json_get_string (field, "label"),
                            _fc_json_get_string (field, "type"));
  /* Read-only for sync: a value that cannot be both set on creation and changed later */
  fc_field_info_set_read_only (info, !createable || !updateable);
  fc_field_info_set_unique (info, _fc_json_get_boolean (field, "unique", FALSE));
  fc_field_info_set_custom (info, _fc_json_get_boolean (field, "custom", FALSE));
  fc_field_info_set_external_id (info, _fc_json_get_boolean (field, "externalId", FALSE));
  g_object_set_qdata (G_OBJECT (info), write_flags_quark (),
                      GUINT_TO_POINTER ((createable ? WRITE_CREATEABLE : 0)
                                        | (updateable ? WRITE_UPDATEABLE : 0)));

  for (guint i = 0; picklist != NULL && i < json_array_get_length (picklist); i++)
    {
      JsonNode *node = json_array_get_element (picklist, i);
      JsonObject *option = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *value = _fc_json_get_string (option, "value");

      if (value != NULL && _fc_json_get_boolean (option, "active", TRUE))
        fc_field_info_add_option (info, value, _fc_json_get_string (option, "label"));
    }
  return info;
}

GListStore *
_fc_salesforce_catalogue_from_fields (JsonArray *fields)
{
  GListStore *store = g_list_store_new (FC_TYPE_FIELD_INFO);

  for (guint i = 0; i < json_array_get_length (fields); i++)
    {
      JsonNode *node = json_array_get_element (fields, i);
      g_autoptr (FcFieldInfo) info = NULL;

      if (JSON_NODE_HOLDS_OBJECT (node))
        info = field_from_describe (json_node_get_object (node));
      if (info != NULL)
        g_list_store_append (store, info);
    }
  return store;
}

typedef struct
{
  char      *object_type;
  char      *what;
  GDateTime *asked_at;
} DescribeJob;

static void
describe_job_free (DescribeJob *job)
{
  g_free (job->object_type);
  g_free (job->what);
  g_clear_pointer (&job->asked_at, g_date_time_unref);
  g_free (job);
}

static void
on_describe_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  FcSalesforceConnector *self = FC_SALESFORCE_CONNECTOR (object);
  DescribeJob *job = g_task_get_task_data (task);
  Describe *cached = g_hash_table_lookup (self->describes, job->object_type);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GListStore) store = NULL;
  Describe *describe;
  JsonArray *fields;
  guint status = 0;

  root = _fc_salesforce_request_finish (self, result, &status, NULL, &error);
  if (error != NULL && status == 304 && cached != NULL)
    {
      g_debug ("The catalogue of %s has not changed", job->object_type);
      g_date_time_unref (cached->read_at);
      cached->read_at = g_date_time_ref (job->asked_at);
      g_task_return_pointer (task, g_object_ref (cached->fields), g_object_unref);
      return;
    }
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  fields = root != NULL && JSON_NODE_HOLDS_OBJECT (root)
           ? _fc_json_get_array (json_node_get_object (root), "fields") : NULL;
  if (fields == NULL)
    {
      _fc_connector_set_bad_response (&error, job->what, "no fields array");
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  store = _fc_salesforce_catalogue_from_fields (fields);
  describe = g_new0 (Describe, 1);
  describe->fields = g_object_ref (G_LIST_MODEL (store));
  describe->read_at = g_date_time_ref (job->asked_at);
  g_hash_table_replace (self->describes, g_strdup (job->object_type), describe);
  g_task_return_pointer (task, g_steal_pointer (&store), g_object_unref);
}

static void
fc_salesforce_connector_list_fields (FcConnector *connector,
                                     const char  *object_type,
                                     GTask       *task)
{
  FcSalesforceConnector *self = FC_SALESFORCE_CONNECTOR (connector);
  Describe *cached = g_hash_table_lookup (self->describes, object_type);
  DescribeJob *job = g_new0 (DescribeJob, 1);
  g_autofree char *path = NULL;
  g_autofree char *since = NULL;
  const char *headers[] = { "If-Modified-Since", NULL, NULL };

  job->object_type = g_strdup (object_type);
  job->what = g_strdup_printf (_("Reading the fields of Salesforce %s"), object_type);
  job->asked_at = g_date_time_new_now_utc ();
  g_task_set_task_data (task, job, (GDestroyNotify) describe_job_free);

  if (cached != NULL)
    {
      g_autoptr (GDateTime) margin = g_date_time_add (cached->read_at, -DESCRIBE_CLOCK_MARGIN);

      since = soup_date_time_to_string (margin, SOUP_DATE_HTTP);
      headers[1] = since;
    }
  path = g_strdup_printf (FC_SALESFORCE_DATA_PATH "/sobjects/%s/describe", object_type);
  _fc_salesforce_request_async (self, "GET", path, since != NULL ? headers : NULL, NULL,
                                FC_HTTP_FLAG_NONE, job->what, g_task_get_cancellable (task),
                                on_describe_cb, g_object_ref (task));
}

static gboolean
is_always_read (const char *name)
{
  return g_str_equal (name, "Id") || g_str_equal (name, "SystemModstamp")
         || g_str_equal (name, "IsDeleted");
}

GStrv
_fc_salesforce_fields_to_read (const char * const *wanted,
                               const char         *also,
                               GListModel         *fields)
{
  g_autoptr (GStrvBuilder) names = g_strv_builder_new ();
  g_autoptr (GHashTable) only = NULL;
  guint n = fields != NULL ? g_list_model_get_n_items (fields) : 0;

  g_strv_builder_add (names, "Id");
  g_strv_builder_add (names, "SystemModstamp");
  g_strv_builder_add (names, "IsDeleted");

  /* The caller's fields as the catalogue has them: a field the org does not have is not asked
   * for (a query naming it would fail as a whole), as when every field is read */
  if (wanted != NULL)
    {
      only = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; wanted[i] != NULL; i++)
        g_hash_table_add (only, (gpointer) wanted[i]);
      if (also != NULL)
        g_hash_table_add (only, (gpointer) also);
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (FcFieldInfo) info = g_list_model_get_item (fields, i);
      const char *name = fc_field_info_get_name (info);
      const char *type = fc_field_info_get_field_type (info);

      if (is_always_read (name) || g_strcmp0 (type, "address") == 0
          || g_strcmp0 (type, "location") == 0 || g_strcmp0 (type, "base64") == 0)
        continue;
      if (only != NULL && !g_hash_table_contains (only, name))
        continue;
      g_strv_builder_add (names, name);
    }
  return g_strv_builder_end (names);
}

/* ---- writes ---------------------------------------------------------------------------- */

static void
fc_salesforce_connector_create_records (FcConnector *connector,
                                        const char  *object_type,
                                        GPtrArray   *records,
                                        GTask       *task)
{
  _fc_salesforce_write_records (FC_SALESFORCE_CONNECTOR (connector), object_type, "create", NULL,
                                records, task);
}

static void
fc_salesforce_connector_update_records (FcConnector *connector,
                                        const char  *object_type,
                                        GPtrArray   *records,
                                        GTask       *task)
{
  _fc_salesforce_write_records (FC_SALESFORCE_CONNECTOR (connector), object_type, "update", NULL,
                                records, task);
}

static void
fc_salesforce_connector_upsert_records (FcConnector *connector,
                                        const char  *object_type,
                                        const char  *id_field,
                                        GPtrArray   *records,
                                        GTask       *task)
{
  _fc_salesforce_write_records (FC_SALESFORCE_CONNECTOR (connector), object_type, "upsert",
                                id_field, records, task);
}

static void
fc_salesforce_connector_delete_records (FcConnector        *connector,
                                        const char         *object_type,
                                        const char * const *ids,
                                        GTask              *task)
{
  _fc_salesforce_delete_records (FC_SALESFORCE_CONNECTOR (connector), object_type, ids, task);
}

/* ---- the account ----------------------------------------------------------------------- */

/* The identity URL the token response carried (checked against its signature, and kept across
 * refreshes) names the org and the user: the account is the org, shown by the user's name in
 * it. The identity service is on the login host, not the instance. */

static void
on_identity_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = NULL;
  JsonObject *identity;
  const char *org_id;
  const char *name;

  root = fc_http_request_finish (FC_HTTP (object), result, NULL, NULL, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  identity = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  org_id = _fc_json_get_string (identity, "organization_id");
  if (org_id == NULL)
    {
      _fc_connector_set_bad_response (&error, _("Reading the Salesforce identity"),
                                      "no organization_id");
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  name = _fc_json_get_string (identity, "username");
  if (name == NULL)
    name = _fc_json_get_string (identity, "display_name");
  _fc_connector_return_account (task, name, org_id);
}

static void
on_account_token_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  FcConnector *connector = g_task_get_source_object (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (FcToken) token = NULL;
  const char *identity_url;

  token = fc_auth_get_token_finish (FC_AUTH (object), result, &error);
  if (token == NULL)
    {
      g_task_return_new_error (task, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_AUTH,
                               _("Reading the Salesforce account: %s"), error->message);
      return;
    }

  identity_url = fc_token_get_identity_url (token);
  if (identity_url == NULL || (!g_str_has_prefix (identity_url, "https://")
                               && !g_str_has_prefix (identity_url, "http://")))
    {
      g_task_return_new_error (task, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_AUTH,
                               _("Reading the Salesforce account: the sign-in did not say which "
                                 "user and org it is for (no identity URL); sign in again"));
      return;
    }

  /* Not an API call: it does not count against the daily allocation */
  fc_http_request_async (fc_connector_get_http (connector), "GET", identity_url, NULL, NULL,
                         FC_HTTP_FLAG_ABSOLUTE_URL, _("Reading the Salesforce identity"),
                         g_task_get_cancellable (task), on_identity_cb, g_object_ref (task));
}

static void
fc_salesforce_connector_discover_account (FcConnector *connector,
                                          GTask       *task)
{
  fc_auth_get_token_async (fc_connector_get_auth (connector),
                           fc_connector_get_connection (connector), FALSE,
                           g_task_get_cancellable (task), on_account_token_cb,
                           g_object_ref (task));
}

/* ---- the class ------------------------------------------------------------------------- */

static void
fc_salesforce_connector_constructed (GObject *object)
{
  FcSalesforceConnector *self = (FcSalesforceConnector *) object;

  G_OBJECT_CLASS (fc_salesforce_connector_parent_class)->constructed (object);

  g_signal_connect_object (fc_connector_get_http (FC_CONNECTOR (self)), "got-response",
                           G_CALLBACK (on_http_got_response_cb), self, 0);
}

static void
fc_salesforce_connector_finalize (GObject *object)
{
  FcSalesforceConnector *self = (FcSalesforceConnector *) object;

  g_clear_pointer (&self->describes, g_hash_table_unref);

  G_OBJECT_CLASS (fc_salesforce_connector_parent_class)->finalize (object);
}

static void
fc_salesforce_connector_class_init (FcSalesforceConnectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  FcConnectorClass *connector_class = FC_CONNECTOR_CLASS (klass);

  object_class->constructed = fc_salesforce_connector_constructed;
  object_class->finalize = fc_salesforce_connector_finalize;

  connector_class->object_types = object_types;
  connector_class->realtime_poll_interval = FC_SALESFORCE_REALTIME_POLL_SECONDS;
  connector_class->list_fields = fc_salesforce_connector_list_fields;
  connector_class->list_changed = _fc_salesforce_list_changed;
  connector_class->read_records = _fc_salesforce_read_records;
  connector_class->find_records = _fc_salesforce_find_records;
  connector_class->create_records = fc_salesforce_connector_create_records;
  connector_class->update_records = fc_salesforce_connector_update_records;
  connector_class->upsert_records = fc_salesforce_connector_upsert_records;
  connector_class->delete_records = fc_salesforce_connector_delete_records;
  connector_class->discover_account = fc_salesforce_connector_discover_account;
  /* No parse_webhook: nothing is pushed to the desktop (see realtime_poll_interval) */
}

static void
fc_salesforce_connector_init (FcSalesforceConnector *self)
{
  self->api_used = -1;
  self->api_max = -1;
  self->reserve_percent = FC_SALESFORCE_DEFAULT_RESERVE_PERCENT;
  self->reserve_calls = FC_SALESFORCE_DEFAULT_RESERVE_CALLS;
  self->describes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) describe_free);
}
