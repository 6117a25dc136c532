/* fc-connector.c: reading and writing one connection's records at its provider
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-connector"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "fc-connector-private.h"
#include "fc-providers.h"

/* fc_connector_error_quark () is in fc-connector-types.c: its errors carry the raw answer */

typedef struct
{
  FcConnection *connection;
  FcAuth       *auth;
  FcHttp       *http;
  GHashTable   *fields;        /* object type -> GListModel of FcFieldInfo */
  GHashTable   *waiting;       /* object type -> GPtrArray of the GTasks of the lookups that
                                * wait for the catalogue another lookup is reading */
} FcConnectorPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (FcConnector, fc_connector, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CONNECTION,
  PROP_AUTH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
fc_connector_constructed (GObject *object)
{
  FcConnector *self = FC_CONNECTOR (object);
  FcConnectorPrivate *priv = fc_connector_get_instance_private (self);

  G_OBJECT_CLASS (fc_connector_parent_class)->constructed (object);

  g_assert (priv->connection != NULL);
  g_assert (priv->auth != NULL);
  priv->http = fc_http_new (priv->connection, priv->auth);
}

static void
fc_connector_dispose (GObject *object)
{
  FcConnector *self = FC_CONNECTOR (object);
  FcConnectorPrivate *priv = fc_connector_get_instance_private (self);

  g_clear_object (&priv->http);
  g_clear_object (&priv->auth);
  g_clear_object (&priv->connection);

  G_OBJECT_CLASS (fc_connector_parent_class)->dispose (object);
}

static void
fc_connector_finalize (GObject *object)
{
  FcConnector *self = FC_CONNECTOR (object);
  FcConnectorPrivate *priv = fc_connector_get_instance_private (self);

  g_clear_pointer (&priv->fields, g_hash_table_unref);
  g_clear_pointer (&priv->waiting, g_hash_table_unref);

  G_OBJECT_CLASS (fc_connector_parent_class)->finalize (object);
}

static void
fc_connector_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  FcConnector *self = FC_CONNECTOR (object);
  FcConnectorPrivate *priv = fc_connector_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      g_value_set_object (value, priv->connection);
      break;
    case PROP_AUTH:
      g_value_set_object (value, priv->auth);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_connector_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  FcConnector *self = FC_CONNECTOR (object);
  FcConnectorPrivate *priv = fc_connector_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      priv->connection = g_value_dup_object (value);
      break;
    case PROP_AUTH:
      priv->auth = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_connector_class_init (FcConnectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = fc_connector_constructed;
  object_class->dispose = fc_connector_dispose;
  object_class->finalize = fc_connector_finalize;
  object_class->get_property = fc_connector_get_property;
  object_class->set_property = fc_connector_set_property;

  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL, FC_TYPE_CONNECTION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AUTH] =
    g_param_spec_object ("auth", NULL, NULL, FC_TYPE_AUTH,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fc_connector_init (FcConnector *self)
{
  FcConnectorPrivate *priv = fc_connector_get_instance_private (self);

  priv->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  priv->waiting = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_ptr_array_unref);
}

FcConnector *
fc_connector_new (FcConnection  *connection,
                  FcAuth        *auth,
                  GError       **error)
{
  FcProvider provider;
  GType type;

  g_return_val_if_fail (FC_IS_CONNECTION (connection), NULL);
  g_return_val_if_fail (FC_IS_AUTH (auth), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  provider = fc_connection_get_provider (connection);
  type = fc_providers_get_connector_type (provider);
  if (type == G_TYPE_INVALID)
    {
      g_set_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_UNKNOWN_PROVIDER,
                   _("FluxCascade cannot read or write %s records yet"),
                   fc_provider_get_display_name (provider));
      return NULL;
    }

  return g_object_new (type, "connection", connection, "auth", auth, NULL);
}

FcConnection *
fc_connector_get_connection (FcConnector *self)
{
  FcConnectorPrivate *priv = fc_connector_get_instance_private (self);

  g_return_val_if_fail (FC_IS_CONNECTOR (self), NULL);
  return priv->connection;
}

FcProvider
fc_connector_get_provider (FcConnector *self)
{
  g_return_val_if_fail (FC_IS_CONNECTOR (self), FC_PROVIDER_HUBSPOT);
  return fc_connection_get_provider (fc_connector_get_connection (self));
}

FcAuth *
fc_connector_get_auth (FcConnector *self)
{
  FcConnectorPrivate *priv = fc_connector_get_instance_private (self);

  g_return_val_if_fail (FC_IS_CONNECTOR (self), NULL);
  return priv->auth;
}

FcHttp *
fc_connector_get_http (FcConnector *self)
{
  FcConnectorPrivate *priv = fc_connector_get_instance_private (self);

  g_return_val_if_fail (FC_IS_CONNECTOR (self), NULL);
  return priv->http;
}

gboolean
fc_connector_get_receives_webhooks (FcConnector *self)
{
  g_return_val_if_fail (FC_IS_CONNECTOR (self), FALSE);
  return FC_CONNECTOR_GET_CLASS (self)->parse_webhook != NULL;
}

guint
fc_connector_get_realtime_poll_interval (FcConnector *self)
{
  g_return_val_if_fail (FC_IS_CONNECTOR (self), 0);
  return FC_CONNECTOR_GET_CLASS (self)->realtime_poll_interval;
}

gboolean
fc_connector_get_listing_lags (FcConnector *self)
{
  g_return_val_if_fail (FC_IS_CONNECTOR (self), TRUE);
  return FC_CONNECTOR_GET_CLASS (self)->listing_lags;
}

/* The object type is one the connector knows; otherwise @task gets UNSUPPORTED. */
static gboolean
check_object_type (FcConnector *self,
                   const char  *object_type,
                   GTask       *task)
{
  FcConnectorClass *klass = FC_CONNECTOR_GET_CLASS (self);

  if (object_type != NULL && klass->object_types != NULL
      && g_strv_contains (klass->object_types, object_type))
    return TRUE;

  g_task_return_new_error (task, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_UNSUPPORTED,
                           _("%s has no object type “%s”"),
                           fc_provider_get_display_name (fc_connector_get_provider (self)),
                           object_type != NULL ? object_type : "");
  return FALSE;
}

static gboolean
check_vfunc (FcConnector *self,
             gpointer     vfunc,
             GTask       *task,
             const char  *operation)
{
  if (vfunc != NULL)
    return TRUE;

  g_task_return_new_error (task, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_UNSUPPORTED,
                           _("The %s connector cannot %s"),
                           fc_provider_get_display_name (fc_connector_get_provider (self)),
                           operation);
  return FALSE;
}

static GTask *
new_task (FcConnector         *self,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data,
          gpointer             source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  return task;
}

void
fc_connector_list_object_types_async (FcConnector         *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (FC_IS_CONNECTOR (self));

  task = new_task (self, cancellable, callback, user_data, fc_connector_list_object_types_async);
  g_task_return_pointer (task, g_strdupv ((char **) FC_CONNECTOR_GET_CLASS (self)->object_types),
                         (GDestroyNotify) g_strfreev);
}

GStrv
fc_connector_list_object_types_finish (FcConnector   *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result))
                        == fc_connector_list_object_types_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The catalogue cache: the public listing always asks the provider and refreshes the cache;
 * the connectors' own lookups ask only the first time, and those made while the first is on
 * its way (two batches written at once) wait for its answer rather than ask again. */
static void ensure_fields (FcConnector *self,
                           const char  *object_type,
                           gboolean     use_cache,
                           GTask       *task);

static void
on_fields_listed_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  FcConnector *self = g_task_get_source_object (task);
  FcConnectorPrivate *priv = fc_connector_get_instance_private (self);
  const char *object_type = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (GListModel) fields = NULL;
  g_autoptr (GPtrArray) waiting = NULL;
  gpointer key;

  if (g_task_get_source_tag (task) == _fc_connector_ensure_fields_async &&
      g_hash_table_steal_extended (priv->waiting, object_type, &key, (gpointer *) &waiting))
    g_free (key);

  fields = g_task_propagate_pointer (G_TASK (result), &error);
  for (guint i = 0; waiting != NULL && i < waiting->len; i++)
    {
      GTask *waiter = g_ptr_array_index (waiting, i);

      if (fields != NULL)
        g_task_return_pointer (waiter, g_object_ref (fields), g_object_unref);
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        ensure_fields (self, object_type, TRUE, waiter);  /* the first caller gave up, not they */
      else
        g_task_return_error (waiter, g_error_copy (error));
    }

  if (fields == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_hash_table_replace (priv->fields, g_strdup (object_type), g_object_ref (fields));
  g_task_return_pointer (task, g_steal_pointer (&fields), g_object_unref);
}

static void
ensure_fields (FcConnector *self,
               const char  *object_type,
               gboolean     use_cache,
               GTask       *task)
{
  FcConnectorPrivate *priv = fc_connector_get_instance_private (self);
  FcConnectorClass *klass = FC_CONNECTOR_GET_CLASS (self);
  GListModel *cached;
  g_autoptr (GTask) inner = NULL;

  if (!check_object_type (self, object_type, task)
      || !check_vfunc (self, klass->list_fields, task, _("list fields")))
    return;

  cached = g_hash_table_lookup (priv->fields, object_type);
  if (use_cache && cached != NULL)
    {
      g_task_return_pointer (task, g_object_ref (cached), g_object_unref);
      return;
    }
  if (use_cache)
    {
      GPtrArray *waiting = g_hash_table_lookup (priv->waiting, object_type);

      if (waiting != NULL)
        {
          g_ptr_array_add (waiting, g_object_ref (task));
          return;
        }
      g_hash_table_insert (priv->waiting, g_strdup (object_type),
                           g_ptr_array_new_with_free_func (g_object_unref));
    }

  g_task_set_task_data (task, g_strdup (object_type), g_free);
  inner = g_task_new (self, g_task_get_cancellable (task), on_fields_listed_cb,
                      g_object_ref (task));
  g_task_set_source_tag (inner, fc_connector_list_fields_async);
  klass->list_fields (self, object_type, inner);
}

void
fc_connector_list_fields_async (FcConnector         *self,
                                const char          *object_type,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (FC_IS_CONNECTOR (self));

  task = new_task (self, cancellable, callback, user_data, fc_connector_list_fields_async);
  ensure_fields (self, object_type, FALSE, task);
}

GListModel *
fc_connector_list_fields_finish (FcConnector   *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result))
                        == fc_connector_list_fields_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
_fc_connector_ensure_fields_async (FcConnector         *self,
                                   const char          *object_type,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;

  task = new_task (self, cancellable, callback, user_data, _fc_connector_ensure_fields_async);
  ensure_fields (self, object_type, TRUE, task);
}

GListModel *
_fc_connector_ensure_fields_finish (FcConnector   *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

FcFieldInfo *
_fc_connector_find_field (GListModel *fields,
                          const char *name)
{
  guint n = fields != NULL ? g_list_model_get_n_items (fields) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (FcFieldInfo) info = g_list_model_get_item (fields, i);

      if (g_strcmp0 (fc_field_info_get_name (info), name) == 0)
        return info;
    }
  return NULL;
}

void
fc_connector_list_changed_async (FcConnector         *self,
                                 const char          *object_type,
                                 const char          *since_cursor,
                                 const char          *page_token,
                                 const char * const  *fields,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  FcConnectorClass *klass;
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (FC_IS_CONNECTOR (self));

  klass = FC_CONNECTOR_GET_CLASS (self);
  task = new_task (self, cancellable, callback, user_data, fc_connector_list_changed_async);
  if (check_object_type (self, object_type, task)
      && check_vfunc (self, klass->list_changed, task, _("list changed records")))
    klass->list_changed (self, object_type, since_cursor, page_token, fields, task);
}

FcRecordPage *
fc_connector_list_changed_finish (FcConnector   *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result))
                        == fc_connector_list_changed_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
fc_connector_read_records_async (FcConnector         *self,
                                 const char          *object_type,
                                 const char * const  *ids,
                                 const char * const  *fields,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  FcConnectorClass *klass;
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (FC_IS_CONNECTOR (self));
  g_return_if_fail (ids != NULL);

  klass = FC_CONNECTOR_GET_CLASS (self);
  task = new_task (self, cancellable, callback, user_data, fc_connector_read_records_async);
  if (!check_object_type (self, object_type, task)
      || !check_vfunc (self, klass->read_records, task, _("read records")))
    return;

  if (ids[0] == NULL)
    g_task_return_pointer (task, g_ptr_array_new_with_free_func (g_object_unref),
                           (GDestroyNotify) g_ptr_array_unref);
  else
    klass->read_records (self, object_type, ids, fields, task);
}

GPtrArray *
fc_connector_read_records_finish (FcConnector   *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result))
                        == fc_connector_read_records_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
fc_connector_find_records_async (FcConnector         *self,
                                 const char          *object_type,
                                 const char          *field,
                                 const char          *value,
                                 const char * const  *fields,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  FcConnectorClass *klass;
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (FC_IS_CONNECTOR (self));
  g_return_if_fail (field != NULL);

  klass = FC_CONNECTOR_GET_CLASS (self);
  task = new_task (self, cancellable, callback, user_data, fc_connector_find_records_async);
  if (!check_object_type (self, object_type, task)
      || !check_vfunc (self, klass->find_records, task, _("find records")))
    return;

  if (value == NULL || *value == '\0')
    g_task_return_new_error (task, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_VALIDATION,
                             _("Cannot look up %s records by an empty “%s”"),
                             object_type, field);
  else
    klass->find_records (self, object_type, field, value, fields, task);
}

GPtrArray *
fc_connector_find_records_finish (FcConnector   *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result))
                        == fc_connector_find_records_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
return_no_results (GTask *task)
{
  g_task_return_pointer (task, g_ptr_array_new_with_free_func (
                                 (GDestroyNotify) fc_write_result_unref),
                         (GDestroyNotify) g_ptr_array_unref);
}

/* Create and update share their shape: records in, one result per record out. */
typedef void (*WriteRecordsFunc) (FcConnector *self,
                                  const char  *object_type,
                                  GPtrArray   *records,
                                  GTask       *task);

static void
write_records (FcConnector         *self,
               const char          *object_type,
               GPtrArray           *records,
               WriteRecordsFunc     vfunc,
               const char          *what,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data,
               gpointer             source_tag)
{
  g_autoptr (GTask) task = new_task (self, cancellable, callback, user_data, source_tag);

  if (!check_object_type (self, object_type, task) || !check_vfunc (self, vfunc, task, what))
    return;

  if (records->len == 0)
    return_no_results (task);
  else
    vfunc (self, object_type, records, task);
}

void
fc_connector_create_records_async (FcConnector         *self,
                                   const char          *object_type,
                                   GPtrArray           *records,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (FC_IS_CONNECTOR (self));
  g_return_if_fail (records != NULL);

  write_records (self, object_type, records, FC_CONNECTOR_GET_CLASS (self)->create_records,
                 _("create records"), cancellable, callback, user_data,
                 fc_connector_create_records_async);
}

void
fc_connector_update_records_async (FcConnector         *self,
                                   const char          *object_type,
                                   GPtrArray           *records,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (FC_IS_CONNECTOR (self));
  g_return_if_fail (records != NULL);

  write_records (self, object_type, records, FC_CONNECTOR_GET_CLASS (self)->update_records,
                 _("update records"), cancellable, callback, user_data,
                 fc_connector_update_records_async);
}

void
fc_connector_upsert_records_async (FcConnector         *self,
                                   const char          *object_type,
                                   const char          *id_field,
                                   GPtrArray           *records,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  FcConnectorClass *klass;
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (FC_IS_CONNECTOR (self));
  g_return_if_fail (id_field != NULL);
  g_return_if_fail (records != NULL);

  klass = FC_CONNECTOR_GET_CLASS (self);
  task = new_task (self, cancellable, callback, user_data, fc_connector_upsert_records_async);
  if (!check_object_type (self, object_type, task)
      || !check_vfunc (self, klass->upsert_records, task, _("create or update records by a "
                                                             "unique field")))
    return;

  if (records->len == 0)
    return_no_results (task);
  else
    klass->upsert_records (self, object_type, id_field, records, task);
}

void
fc_connector_delete_records_async (FcConnector         *self,
                                   const char          *object_type,
                                   const char * const  *ids,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  FcConnectorClass *klass;
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (FC_IS_CONNECTOR (self));
  g_return_if_fail (ids != NULL);

  klass = FC_CONNECTOR_GET_CLASS (self);
  task = new_task (self, cancellable, callback, user_data, fc_connector_delete_records_async);
  if (!check_object_type (self, object_type, task)
      || !check_vfunc (self, klass->delete_records, task, _("delete records")))
    return;

  if (ids[0] == NULL)
    return_no_results (task);
  else
    klass->delete_records (self, object_type, ids, task);
}

GPtrArray *
fc_connector_write_finish (FcConnector   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  gpointer tag;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  tag = g_task_get_source_tag (G_TASK (result));
  g_return_val_if_fail (tag == fc_connector_create_records_async
                        || tag == fc_connector_update_records_async
                        || tag == fc_connector_upsert_records_async
                        || tag == fc_connector_delete_records_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
fc_connector_discover_account_async (FcConnector         *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  FcConnectorClass *klass;
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (FC_IS_CONNECTOR (self));

  klass = FC_CONNECTOR_GET_CLASS (self);
  task = new_task (self, cancellable, callback, user_data, fc_connector_discover_account_async);
  if (check_vfunc (self, klass->discover_account, task, _("discover the account")))
    klass->discover_account (self, task);
}

void
_fc_connector_return_account (GTask      *task,
                              const char *name,
                              const char *id)
{
  char **account = g_new0 (char *, 3);

  account[0] = g_strdup (name != NULL ? name : "");
  account[1] = g_strdup (id != NULL ? id : "");
  g_task_return_pointer (task, account, (GDestroyNotify) g_strfreev);
}

gboolean
fc_connector_discover_account_finish (FcConnector   *self,
                                      GAsyncResult  *result,
                                      char         **out_name,
                                      char         **out_id,
                                      GError       **error)
{
  g_auto (GStrv) account = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result))
                        == fc_connector_discover_account_async, FALSE);

  account = g_task_propagate_pointer (G_TASK (result), error);
  if (account == NULL)
    return FALSE;

  if (out_name != NULL)
    *out_name = g_steal_pointer (&account[0]);
  if (out_id != NULL)
    *out_id = g_steal_pointer (&account[1]);
  return TRUE;
}

GPtrArray *
fc_connector_parse_webhook (FcConnector         *self,
                            const char          *method,
                            const char          *url,
                            SoupMessageHeaders  *headers,
                            GBytes              *body,
                            const char          *secret,
                            GError             **error)
{
  FcConnectorClass *klass;

  g_return_val_if_fail (FC_IS_CONNECTOR (self), NULL);
  g_return_val_if_fail (method != NULL, NULL);
  g_return_val_if_fail (url != NULL, NULL);
  g_return_val_if_fail (headers != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  klass = FC_CONNECTOR_GET_CLASS (self);
  if (klass->parse_webhook == NULL)
    {
      g_set_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_UNSUPPORTED,
                   _("The %s connector does not receive webhooks"),
                   fc_provider_get_display_name (fc_connector_get_provider (self)));
      return NULL;
    }
  if (secret == NULL || *secret == '\0')
    {
      g_set_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_SIGNATURE,
                   _("No webhook secret is set for this %s connection, so the webhook cannot "
                     "be verified"),
                   fc_provider_get_display_name (fc_connector_get_provider (self)));
      return NULL;
    }

  return klass->parse_webhook (self, method, url, headers, body, secret, error);
}
