/* fc-engine-connections.c: adding, reconnecting and removing the accounts FluxCascade syncs
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A connection exists only when all three of its parts do: the row in the store, the token in
 * the keyring, and the account it names. The flows below make them in that order of risk
 * (provider first, keyring next, store last) and undo what they made when a later step fails.
 */

#define G_LOG_DOMAIN "fc-engine"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-engine-private.h"
#include "fc-enum-types.h"

G_DEFINE_QUARK (fc-engine-error-quark, fc_engine_error)

FcConnector *
fc_engine_get_connector (FcEngine      *self,
                         FcConnection  *connection,
                         GError       **error)
{
  FcConnector *connector;

  g_return_val_if_fail (FC_IS_ENGINE (self), NULL);
  g_return_val_if_fail (FC_IS_CONNECTION (connection), NULL);

  connector = g_hash_table_lookup (self->connectors, fc_connection_get_id (connection));
  if (connector != NULL && fc_connector_get_connection (connector) == connection)
    return connector;

  connector = fc_connector_new (connection, self->auth, error);
  if (connector == NULL)
    return NULL;

  g_hash_table_replace (self->connectors, g_strdup (fc_connection_get_id (connection)),
                        connector);
  return connector;
}

static void
forget_connector (FcEngine   *self,
                  const char *connection_id)
{
  g_hash_table_remove (self->connectors, connection_id);
}

GPtrArray *
fc_engine_list_mappings_using (FcEngine   *self,
                               const char *connection_id)
{
  GListModel *mappings = G_LIST_MODEL (self->mappings);
  GPtrArray *using = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (mappings); i++)
    {
      g_autoptr (FcMapping) mapping = g_list_model_get_item (mappings, i);

      if (g_strcmp0 (fc_mapping_get_source_connection_id (mapping), connection_id) == 0 ||
          g_strcmp0 (fc_mapping_get_target_connection_id (mapping), connection_id) == 0)
        g_ptr_array_add (using, g_steal_pointer (&mapping));
    }

  return using;
}

static JsonObject *
describe_connection (FcConnection *connection)
{
  JsonObject *data = json_object_new ();

  json_object_set_string_member (data, "connectionId", fc_connection_get_id (connection));
  json_object_set_string_member (data, "provider",
                                 fc_enum_to_nick (FC_TYPE_PROVIDER,
                                                  fc_connection_get_provider (connection)));
  json_object_set_string_member (data, "status",
                                 fc_enum_to_nick (FC_TYPE_CONNECTION_STATUS,
                                                  fc_connection_get_status (connection)));
  if (fc_connection_get_account_name (connection) != NULL)
    json_object_set_string_member (data, "accountName",
                                   fc_connection_get_account_name (connection));
  if (fc_connection_get_account_id (connection) != NULL)
    json_object_set_string_member (data, "accountId", fc_connection_get_account_id (connection));
  return data;
}

/* The auth layer found a grant gone: the connection is expired until the user signs in again.
 * Its mappings are not changed; the runner and the scheduler skip mappings whose connections are
 * not active, so they resume by themselves after a reconnection. */
static void
on_auth_connection_expired_cb (FcAuth       *auth,
                               FcConnection *connection,
                               FcEngine     *self)
{
  FcConnection *ours = fc_engine_lookup_connection (self, fc_connection_get_id (connection));
  g_autoptr (GError) error = NULL;

  if (ours == NULL)
    return;

  fc_connection_set_status (ours, FC_CONNECTION_STATUS_EXPIRED);
  if (!fc_engine_save_connection (self, ours, &error))
    g_warning ("Could not record that connection %s expired: %s",
               fc_connection_get_id (ours), error->message);
  _fc_engine_emit_event (self, "connection.expired", describe_connection (ours));
}

static void
on_auth_connection_refreshed_cb (FcAuth       *auth,
                                 FcConnection *connection,
                                 FcEngine     *self)
{
  FcConnection *ours = fc_engine_lookup_connection (self, fc_connection_get_id (connection));

  if (ours != NULL)
    _fc_engine_emit_event (self, "connection.refreshed", describe_connection (ours));
}

/* Keeps the tokens of every active connection fresh on a timer. For the app and the
 * background service; a short CLI command has no need of it. */
void
fc_engine_watch_tokens (FcEngine *self)
{
  GListModel *connections = G_LIST_MODEL (self->connections);

  g_return_if_fail (FC_IS_ENGINE (self));

  for (guint i = 0; i < g_list_model_get_n_items (connections); i++)
    {
      g_autoptr (FcConnection) connection = g_list_model_get_item (connections, i);

      if (fc_connection_get_status (connection) == FC_CONNECTION_STATUS_ACTIVE)
        fc_auth_watch_connection (self->auth, connection);
    }
}

void
_fc_engine_watch_connections (FcEngine *self)
{
  g_signal_connect_object (self->auth, "connection-expired",
                           G_CALLBACK (on_auth_connection_expired_cb), self, 0);
  g_signal_connect_object (self->auth, "connection-refreshed",
                           G_CALLBACK (on_auth_connection_refreshed_cb), self, 0);
}

/* Adding and reconnecting share one flow: token (from the browser or given), keyring, account,
 * store. */

typedef struct {
  FcConnection      *connection;
  char              *static_token;
  FcAuthOpenUriFunc  open_uri;
  gpointer           open_uri_data;
  char              *chosen_name;     /* a name the user gave, kept over the provider's */
  char              *previous_account; /* reconnecting: the account id it must stay */
  gboolean           reconnect;
  gboolean           token_stored;
  GError            *failure;         /* kept while the keyring is cleaned up */
} ConnectData;

static void
connect_data_free (ConnectData *data)
{
  g_clear_object (&data->connection);
  g_free (data->static_token);
  g_free (data->chosen_name);
  g_free (data->previous_account);
  g_clear_error (&data->failure);
  g_free (data);
}

static void
on_failure_cleaned_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  ConnectData *data = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  if (!fc_auth_forget_connection_finish (FC_AUTH (source), result, &error))
    g_warning ("Could not remove the token of the unfinished connection %s from the keyring: %s",
               fc_connection_get_id (data->connection), error->message);

  g_task_return_error (task, g_steal_pointer (&data->failure));
}

/* Ends the flow with @error, first taking back a token stored for a connection that will not
 * exist. A reconnection keeps the old token: the connection stays as it was. */
static void
connect_fail (GTask  *task,
              GError *error)
{
  FcEngine *self = g_task_get_source_object (task);
  ConnectData *data = g_task_get_task_data (task);

  if (data->token_stored && !data->reconnect)
    {
      data->failure = error;
      fc_auth_forget_connection_async (self->auth, data->connection, NULL, on_failure_cleaned_cb,
                                       task);
      return;
    }

  g_task_return_error (task, error);
  g_object_unref (task);
}

static FcConnection *
find_same_account (FcEngine     *self,
                   FcConnection *connection)
{
  GListModel *connections = G_LIST_MODEL (self->connections);

  for (guint i = 0; i < g_list_model_get_n_items (connections); i++)
    {
      g_autoptr (FcConnection) other = g_list_model_get_item (connections, i);

      if (g_strcmp0 (fc_connection_get_id (other), fc_connection_get_id (connection)) != 0 &&
          fc_connection_get_provider (other) == fc_connection_get_provider (connection) &&
          g_strcmp0 (fc_connection_get_account_id (other),
                     fc_connection_get_account_id (connection)) == 0)
        return other;
    }

  return NULL;
}

static void
on_account_discovered_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  GTask *task = user_data;
  FcEngine *self = g_task_get_source_object (task);
  ConnectData *data = g_task_get_task_data (task);
  g_autofree char *name = NULL;
  g_autofree char *id = NULL;
  GError *error = NULL;
  FcConnection *other;

  if (!fc_connector_discover_account_finish (FC_CONNECTOR (source), result, &name, &id, &error))
    {
      g_prefix_error (&error, _("Could not read the account’s details: "));
      connect_fail (task, error);
      return;
    }

  if (data->reconnect && data->previous_account != NULL &&
      g_strcmp0 (id, data->previous_account) != 0)
    {
      connect_fail (task, g_error_new (FC_ENGINE_ERROR, FC_ENGINE_ERROR_WRONG_ACCOUNT,
                                       _("You signed in to account “%s”, but this connection is "
                                         "for account %s. Sign in to that account instead."),
                                       name != NULL ? name : id, data->previous_account));
      return;
    }

  fc_connection_set_account_id (data->connection, id);
  fc_connection_set_account_name (data->connection,
                                  data->chosen_name != NULL ? data->chosen_name : name);

  other = find_same_account (self, data->connection);
  if (other != NULL)
    {
      g_autofree char *title = fc_connection_dup_title (other);
      connect_fail (task, g_error_new (FC_ENGINE_ERROR, FC_ENGINE_ERROR_DUPLICATE,
                                       _("This account is already connected as “%s”."), title));
      return;
    }

  fc_connection_set_status (data->connection, FC_CONNECTION_STATUS_ACTIVE);
  if (!fc_engine_save_connection (self, data->connection, &error))
    {
      connect_fail (task, error);
      return;
    }

  fc_auth_watch_connection (self->auth, data->connection);
  _fc_engine_emit_event (self, data->reconnect ? "connection.refreshed" : "connection.created",
                         describe_connection (data->connection));
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
on_token_stored_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  FcEngine *self = g_task_get_source_object (task);
  ConnectData *data = g_task_get_task_data (task);
  FcConnector *connector;
  GError *error = NULL;

  if (!fc_auth_store_token_finish (FC_AUTH (source), result, &error))
    {
      connect_fail (task, error);
      return;
    }
  data->token_stored = TRUE;

  /* A new token may come with a new API base (Pipedrive's api_domain): start afresh. */
  forget_connector (self, fc_connection_get_id (data->connection));
  connector = fc_engine_get_connector (self, data->connection, &error);
  if (connector == NULL)
    {
      connect_fail (task, error);
      return;
    }

  fc_connector_discover_account_async (connector, g_task_get_cancellable (task),
                                       on_account_discovered_cb, task);
}

static void
store_token (GTask   *task,
             FcToken *token)
{
  FcEngine *self = g_task_get_source_object (task);
  ConnectData *data = g_task_get_task_data (task);

  fc_auth_store_token_async (self->auth, data->connection, token, g_task_get_cancellable (task),
                             on_token_stored_cb, task);
}

static void
on_authorized_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr (FcToken) token = NULL;
  GError *error = NULL;

  token = fc_auth_authorize_finish (FC_AUTH (source), result, &error);
  if (token == NULL)
    {
      connect_fail (task, error);
      return;
    }

  store_token (task, token);
}

static void
start_connect (FcEngine            *self,
               FcConnection        *connection,
               gboolean             reconnect,
               const char          *static_token,
               FcAuthOpenUriFunc    open_uri,
               gpointer             open_uri_data,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data,
               gpointer             source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  ConnectData *data = g_new0 (ConnectData, 1);

  g_task_set_source_tag (task, source_tag);
  data->connection = g_object_ref (connection);
  data->static_token = g_strdup (static_token);
  data->open_uri = open_uri;
  data->open_uri_data = open_uri_data;
  data->reconnect = reconnect;
  if (reconnect)
    data->previous_account = g_strdup (fc_connection_get_account_id (connection));
  /* A name given by the user (or, on reconnection, the one the connection has) is kept. */
  if (fc_connection_get_account_name (connection) != NULL &&
      *fc_connection_get_account_name (connection) != '\0')
    data->chosen_name = g_strdup (fc_connection_get_account_name (connection));
  g_task_set_task_data (task, data, (GDestroyNotify) connect_data_free);

  if (static_token != NULL)
    {
      g_autoptr (FcToken) token = NULL;
      GError *error = NULL;

      token = fc_auth_make_static_token (fc_connection_get_provider (connection), static_token,
                                         &error);
      if (token == NULL)
        {
          connect_fail (task, error);
          return;
        }
      store_token (task, token);
      return;
    }

  fc_auth_authorize_async (self->auth, fc_connection_get_provider (connection), connection,
                           open_uri, open_uri_data, FC_AUTH_DEFAULT_TIMEOUT_SECONDS, cancellable,
                           on_authorized_cb, task);
}

void
fc_engine_add_connection_async (FcEngine            *self,
                                FcConnection        *connection,
                                const char          *static_token,
                                FcAuthOpenUriFunc    open_uri,
                                gpointer             open_uri_data,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (FC_IS_ENGINE (self));
  g_return_if_fail (FC_IS_CONNECTION (connection));
  g_return_if_fail (static_token != NULL || open_uri != NULL);

  start_connect (self, connection, FALSE, static_token, open_uri, open_uri_data, cancellable,
                 callback, user_data, fc_engine_add_connection_async);
}

FcConnection *
fc_engine_add_connection_finish (FcEngine      *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  ConnectData *data;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;

  data = g_task_get_task_data (G_TASK (result));
  return g_object_ref (data->connection);
}

void
fc_engine_reconnect_async (FcEngine            *self,
                           FcConnection        *connection,
                           const char          *static_token,
                           FcAuthOpenUriFunc    open_uri,
                           gpointer             open_uri_data,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (FC_IS_ENGINE (self));
  g_return_if_fail (FC_IS_CONNECTION (connection));
  g_return_if_fail (static_token != NULL || open_uri != NULL);

  start_connect (self, connection, TRUE, static_token, open_uri, open_uri_data, cancellable,
                 callback, user_data, fc_engine_reconnect_async);
}

gboolean
fc_engine_reconnect_finish (FcEngine      *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Removing */

static void
on_token_forgotten_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  FcEngine *self = g_task_get_source_object (task);
  FcConnection *connection = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  /* The connection is gone from the store already; a token left in the keyring is harmless
   * but worth telling. */
  if (!fc_auth_forget_connection_finish (FC_AUTH (source), result, &error))
    g_warning ("Removed connection %s, but its token could not be deleted from the keyring: %s",
               fc_connection_get_id (connection), error->message);

  _fc_engine_emit_event (self, "connection.deleted", describe_connection (connection));
  g_task_return_boolean (task, TRUE);
}

static char *
join_mapping_names (GPtrArray *mappings)
{
  g_autoptr (GString) names = g_string_new (NULL);

  for (guint i = 0; i < mappings->len; i++)
    g_string_append_printf (names, "%s“%s”", i > 0 ? ", " : "",
                            fc_mapping_get_name (g_ptr_array_index (mappings, i)));
  return g_string_free (g_steal_pointer (&names), FALSE);
}

void
fc_engine_delete_connection_async (FcEngine            *self,
                                   const char          *id,
                                   gboolean             with_mappings,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GPtrArray) using = NULL;
  g_autoptr (FcConnection) connection = NULL;
  GError *error = NULL;

  g_return_if_fail (FC_IS_ENGINE (self));
  g_return_if_fail (id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fc_engine_delete_connection_async);

  if (fc_engine_lookup_connection (self, id) == NULL)
    {
      g_task_return_new_error (task, FC_ENGINE_ERROR, FC_ENGINE_ERROR_NOT_FOUND,
                               _("There is no connection with id “%s”."), id);
      return;
    }
  connection = g_object_ref (fc_engine_lookup_connection (self, id));

  using = fc_engine_list_mappings_using (self, id);
  if (using->len > 0 && !with_mappings)
    {
      g_autofree char *names = join_mapping_names (using);
      g_task_return_new_error (task, FC_ENGINE_ERROR, FC_ENGINE_ERROR_IN_USE,
                               g_dngettext (GETTEXT_PACKAGE,
                                            "The mapping %s uses this connection. Remove it "
                                            "first, or remove both together.",
                                            "The mappings %s use this connection. Remove them "
                                            "first, or remove them together.",
                                            using->len),
                               names);
      return;
    }

  for (guint i = 0; i < using->len; i++)
    {
      FcMapping *mapping = g_ptr_array_index (using, i);

      /* Emits mapping.deleted. */
      if (!fc_engine_remove_mapping (self, fc_mapping_get_id (mapping), &error))
        {
          g_task_return_error (task, error);
          return;
        }
    }

  if (!fc_engine_remove_connection (self, id, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  fc_auth_unwatch_connection (self->auth, connection);
  forget_connector (self, id);
  g_task_set_task_data (task, g_object_ref (connection), g_object_unref);
  fc_auth_forget_connection_async (self->auth, connection, cancellable, on_token_forgotten_cb,
                                   g_steal_pointer (&task));
}

gboolean
fc_engine_delete_connection_finish (FcEngine      *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
