/* fc-webhook-listener-register.c: the secrets that verify webhooks, registering them at the
 * provider, and each connection's real-time state
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Secrets: Pipedrive signs nothing, so each connection gets HTTP Basic credentials of its own,
 * generated on first registration and kept in the keyring ("user:password", kind "basic").
 * HubSpot and Jobber sign with the OAuth application's client secret: a secret the user set for
 * the connection (kind "signing": a private app's, say), else the user's own application's from
 * the connection's token, else the packaged application's.
 */

#define G_LOG_DOMAIN "fc-webhook"

#include "config.h"

#include <string.h>
#include <sys/random.h>

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "fc-inbound-store.h"
#include "fc-pipedrive-webhook.h"
#include "fc-provider-info.h"
#include "fc-store-private.h"
#include "fc-webhook-listener-private.h"

#define BASIC_USER "fluxcascade"

static const SecretSchema webhook_secret_schema = {
  "com.fluxcascade.FluxCascade.WebhookSecret",
  SECRET_SCHEMA_NONE,
  {
    { "connection-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
};

static const char *
secret_kind (FcConnection *connection)
{
  return fc_connection_get_provider (connection) == FC_PROVIDER_PIPEDRIVE ? "basic" : "signing";
}

static char *
dup_secret_label (FcConnection *connection)
{
  g_autofree char *title = fc_connection_dup_title (connection);

  return g_strdup_printf (_("FluxCascade webhook secret for %s"), title);
}

/* ---- looking the secret up ---------------------------------------------------------------- */

static void
on_token_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  FcWebhookListener *self = g_task_get_source_object (task);
  FcConnection *connection = g_task_get_task_data (task);
  g_autoptr (FcToken) token = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *secret = NULL;

  token = fc_secrets_lookup_token_finish (FC_SECRETS (source), result, &error);
  if (token != NULL && fc_token_get_client_secret (token) != NULL)
    secret = g_strdup (fc_token_get_client_secret (token));
  else
    secret = fc_provider_resolve_client_secret (fc_connection_get_provider (connection));

  if (secret != NULL)
    g_hash_table_replace (self->secrets, g_strdup (fc_connection_get_id (connection)),
                          g_strdup (secret));
  g_task_return_pointer (task, g_steal_pointer (&secret), g_free);
}

static void
on_keyring_secret_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  FcWebhookListener *self = g_task_get_source_object (task);
  FcConnection *connection = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  char *secret;

  secret = secret_password_lookup_finish (result, &error);
  if (secret != NULL)
    {
      g_autofree char *copy = g_strdup (secret);

      secret_password_free (secret);
      g_hash_table_replace (self->secrets, g_strdup (fc_connection_get_id (connection)),
                            g_strdup (copy));
      g_task_return_pointer (task, g_steal_pointer (&copy), g_free);
      return;
    }

  if (fc_connection_get_provider (connection) == FC_PROVIDER_PIPEDRIVE)
    {
      if (error != NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_pointer (task, NULL, NULL);
      return;
    }

  if (error != NULL)
    g_debug ("No webhook signing secret from the keyring: %s", error->message);
  fc_secrets_lookup_token_async (fc_auth_get_secrets (fc_engine_get_auth (self->engine)),
                                 connection, g_task_get_cancellable (task), on_token_cb,
                                 g_object_ref (task));
}

void
_fc_webhook_listener_lookup_secret_async (FcWebhookListener   *self,
                                          FcConnection        *connection,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  const char *cached = g_hash_table_lookup (self->secrets, fc_connection_get_id (connection));

  g_task_set_source_tag (task, _fc_webhook_listener_lookup_secret_async);
  g_task_set_task_data (task, g_object_ref (connection), g_object_unref);

  if (cached != NULL)
    {
      g_task_return_pointer (task, g_strdup (cached), g_free);
      return;
    }

  secret_password_lookup (&webhook_secret_schema, cancellable, on_keyring_secret_cb,
                          g_steal_pointer (&task), "connection-id", fc_connection_get_id (connection),
                          "kind", secret_kind (connection), NULL);
}

char *
_fc_webhook_listener_lookup_secret_finish (FcWebhookListener  *self,
                                           GAsyncResult       *result,
                                           GError            **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- the signing secret the user sets ----------------------------------------------------- */

static void
on_signing_secret_done_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  const char *secret = g_object_get_data (G_OBJECT (task), "secret");
  FcWebhookListener *self = g_task_get_source_object (task);
  FcConnection *connection = g_task_get_task_data (task);
  gboolean ok;

  ok = secret != NULL ? secret_password_store_finish (result, &error)
                      : (secret_password_clear_finish (result, &error) || error == NULL);
  if (!ok)
    {
      g_task_return_new_error (task, FC_WEBHOOK_LISTENER_ERROR,
                               FC_WEBHOOK_LISTENER_ERROR_NO_SECRET,
                               _("The keyring could not keep the webhook secret: %s"),
                               error->message);
      return;
    }
  /* the next delivery looks the secret up again */
  g_hash_table_remove (self->secrets, fc_connection_get_id (connection));
  g_task_return_boolean (task, TRUE);
}

void
fc_webhook_listener_set_signing_secret_async (FcWebhookListener   *self,
                                              FcConnection        *connection,
                                              const char          *secret,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (FC_IS_WEBHOOK_LISTENER (self));
  g_return_if_fail (FC_IS_CONNECTION (connection));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fc_webhook_listener_set_signing_secret_async);
  g_task_set_task_data (task, g_object_ref (connection), g_object_unref);
  g_object_set_data_full (G_OBJECT (task), "secret", g_strdup (secret), g_free);

  if (secret == NULL)
    {
      secret_password_clear (&webhook_secret_schema, cancellable, on_signing_secret_done_cb,
                             g_steal_pointer (&task), "connection-id",
                             fc_connection_get_id (connection), "kind", "signing", NULL);
      return;
    }
  label = dup_secret_label (connection);
  secret_password_store (&webhook_secret_schema, SECRET_COLLECTION_DEFAULT, label, secret,
                         cancellable, on_signing_secret_done_cb, g_steal_pointer (&task),
                         "connection-id", fc_connection_get_id (connection), "kind", "signing",
                         NULL);
}

gboolean
fc_webhook_listener_set_signing_secret_finish (FcWebhookListener  *self,
                                               GAsyncResult       *result,
                                               GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- state -------------------------------------------------------------------------------- */

FcWebhookState
fc_webhook_listener_get_state (FcWebhookListener *self,
                               FcConnection      *connection)
{
  g_autofree char *registration = NULL;

  g_return_val_if_fail (FC_IS_WEBHOOK_LISTENER (self), FC_WEBHOOK_STATE_MANUAL);
  g_return_val_if_fail (FC_IS_CONNECTION (connection), FC_WEBHOOK_STATE_MANUAL);

  switch (fc_connection_get_provider (connection))
    {
    case FC_PROVIDER_SALESFORCE:
      return FC_WEBHOOK_STATE_POLLING;
    case FC_PROVIDER_PIPEDRIVE:
      if (!_fc_inbound_store_get_webhook_state (fc_engine_get_store (self->engine),
                                                fc_connection_get_id (connection),
                                                &registration, NULL, NULL))
        return FC_WEBHOOK_STATE_NOT_REGISTERED;
      return registration != NULL ? FC_WEBHOOK_STATE_REGISTERED
                                  : FC_WEBHOOK_STATE_NOT_REGISTERED;
    case FC_PROVIDER_HUBSPOT:
    case FC_PROVIDER_JOBBER:
    default:
      return FC_WEBHOOK_STATE_MANUAL;
    }
}

GDateTime *
fc_webhook_listener_dup_last_received (FcWebhookListener *self,
                                       FcConnection      *connection)
{
  gint64 last_ms = -1;

  g_return_val_if_fail (FC_IS_WEBHOOK_LISTENER (self), NULL);
  g_return_val_if_fail (FC_IS_CONNECTION (connection), NULL);

  if (!_fc_inbound_store_get_webhook_state (fc_engine_get_store (self->engine),
                                            fc_connection_get_id (connection), NULL, &last_ms,
                                            NULL) || last_ms < 0)
    return NULL;
  return _fc_store_date_time_from_ms (last_ms);
}

char *
fc_webhook_listener_dup_instructions (FcWebhookListener *self,
                                      FcConnection      *connection)
{
  g_autofree char *url = NULL;

  g_return_val_if_fail (FC_IS_WEBHOOK_LISTENER (self), NULL);
  g_return_val_if_fail (FC_IS_CONNECTION (connection), NULL);

  url = fc_webhook_listener_dup_url (self, connection);
  switch (fc_connection_get_provider (connection))
    {
    case FC_PROVIDER_HUBSPOT:
      return g_strdup_printf (_("1. In HubSpot, open Development, then your app (or the private "
                                "app whose token this connection uses).\n"
                                "2. Open Webhooks and set the target URL to:\n   %s\n"
                                "3. Create subscriptions for the objects your mappings sync: "
                                "creation, deletion, merge and property change of contacts, "
                                "companies or deals.\n"
                                "4. Activate the subscriptions. HubSpot signs each request "
                                "with the app’s client secret; for a private app, enter its "
                                "client secret in FluxCascade as this connection’s webhook "
                                "secret."), url);
    case FC_PROVIDER_JOBBER:
      return g_strdup_printf (_("1. In the Jobber Developer Center, open your app and edit it.\n"
                                "2. Under Webhooks, add a webhook for each topic your mappings "
                                "need (CLIENT_CREATE, CLIENT_UPDATE, CLIENT_DESTROY, "
                                "JOB_CREATE, …) with the URL:\n   %s\n"
                                "3. Save the app. Jobber signs each request with the app’s "
                                "client secret."), url);
    case FC_PROVIDER_PIPEDRIVE:
      return g_strdup_printf (_("FluxCascade registers Pipedrive webhooks itself, with "
                                "credentials of their own, when real-time sync is turned on. "
                                "They point to:\n   %s"), url);
    case FC_PROVIDER_SALESFORCE:
    default:
      return g_strdup (_("Salesforce sends no webhooks to desktop apps: while real-time sync "
                         "is on, FluxCascade asks it for changes every few seconds."));
    }
}

/* ---- registering (Pipedrive) -------------------------------------------------------------- */

typedef struct {
  FcConnection *connection;
  FcConnector  *connector;
  char         *url;
  char         *password;
  GPtrArray    *entities;   /* char * */
  GStrv         old_ids;
  guint         next;
  GPtrArray    *ids;        /* char *: made by this registration */
} Register;

static void
register_free (Register *data)
{
  g_object_unref (data->connection);
  g_clear_object (&data->connector);
  g_free (data->url);
  if (data->password != NULL)
    memset (data->password, 0, strlen (data->password));
  g_free (data->password);
  g_clear_pointer (&data->entities, g_ptr_array_unref);
  g_strfreev (data->old_ids);
  g_clear_pointer (&data->ids, g_ptr_array_unref);
  g_free (data);
}

static char *
generate_password (void)
{
  guint8 bytes[24];

  if (getrandom (bytes, sizeof bytes, 0) != (ssize_t) sizeof bytes)
    {
      g_autofree char *a = g_uuid_string_random ();
      g_autofree char *b = g_uuid_string_random ();

      return g_strconcat (a, b, NULL);
    }
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, bytes, sizeof bytes);
}

GPtrArray *
_fc_webhook_listener_collect_entities (FcWebhookListener *self,
                                       FcConnection      *connection,
                                       gboolean           realtime_only)
{
  const char *id = fc_connection_get_id (connection);
  g_autoptr (GPtrArray) mappings = fc_engine_list_mappings_using (self->engine, id);
  GPtrArray *entities = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < mappings->len; i++)
    {
      FcMapping *mapping = g_ptr_array_index (mappings, i);
      const char *objects[2] = { NULL, NULL };

      if (realtime_only && !(fc_mapping_get_active (mapping) && fc_mapping_get_realtime (mapping)))
        continue;
      if (g_strcmp0 (fc_mapping_get_source_connection_id (mapping), id) == 0)
        objects[0] = fc_mapping_get_source_object (mapping);
      if (g_strcmp0 (fc_mapping_get_target_connection_id (mapping), id) == 0)
        objects[1] = fc_mapping_get_target_object (mapping);
      for (guint j = 0; j < 2; j++)
        {
          const char *entity = objects[j] != NULL
                               ? fc_pipedrive_webhook_entity_for_object (objects[j]) : NULL;

          if (entity != NULL && !g_ptr_array_find_with_equal_func (entities, entity,
                                                                   g_str_equal, NULL))
            g_ptr_array_add (entities, g_strdup (entity));
        }
    }
  return entities;
}

/* What to subscribe to: the objects of the real-time mappings, else of any mapping, else all. */
static GPtrArray *
collect_entities (FcWebhookListener *self,
                  FcConnection      *connection)
{
  static const char * const all[] = { "persons", "organizations", "deals", NULL };
  GPtrArray *entities = _fc_webhook_listener_collect_entities (self, connection, TRUE);

  if (entities->len == 0)
    {
      g_ptr_array_unref (entities);
      entities = _fc_webhook_listener_collect_entities (self, connection, FALSE);
    }
  for (guint i = 0; entities->len == 0 && all[i] != NULL; i++)
    g_ptr_array_add (entities, g_strdup (fc_pipedrive_webhook_entity_for_object (all[i])));
  return entities;
}

static JsonObject *
read_registration (FcWebhookListener *self,
                   FcConnection      *connection)
{
  g_autofree char *registration = NULL;
  g_autoptr (JsonNode) root = NULL;

  if (_fc_inbound_store_get_webhook_state (fc_engine_get_store (self->engine),
                                           fc_connection_get_id (connection), &registration,
                                           NULL, NULL) && registration != NULL)
    root = json_from_string (registration, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_object_ref (json_node_get_object (root));
}

static GStrv
strv_member (JsonObject *object,
             const char *member)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array = NULL;

  if (object != NULL && json_object_has_member (object, member)
      && JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, member)))
    array = json_object_get_array_member (object, member);
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    if (json_array_get_string_element (array, i) != NULL)
      g_strv_builder_add (builder, json_array_get_string_element (array, i));
  return g_strv_builder_end (builder);
}

static GStrv
read_registered_ids (FcWebhookListener *self,
                     FcConnection      *connection)
{
  g_autoptr (JsonObject) registration = read_registration (self, connection);

  return strv_member (registration, "webhookIds");
}

GStrv
_fc_webhook_listener_dup_registered_objects (FcWebhookListener  *self,
                                             FcConnection       *connection,
                                             char              **out_url)
{
  g_autoptr (JsonObject) registration = read_registration (self, connection);

  if (registration == NULL)
    return NULL;
  if (out_url != NULL)
    *out_url = g_strdup (json_object_get_string_member_with_default (registration, "url", NULL));
  return strv_member (registration, "objects");
}

static gboolean
save_registration (FcWebhookListener  *self,
                   Register           *data,
                   GError            **error)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *json = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "url");
  json_builder_add_string_value (builder, data->url);
  json_builder_set_member_name (builder, "webhookIds");
  json_builder_begin_array (builder);
  for (guint i = 0; i < data->ids->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (data->ids, i));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "objects");
  json_builder_begin_array (builder);
  for (guint i = 0; i < data->next && i < data->entities->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (data->entities, i));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "registeredAt");
  json_builder_add_int_value (builder, g_get_real_time () / 1000);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);

  return _fc_inbound_store_set_registration (fc_engine_get_store (self->engine),
                                             fc_connection_get_id (data->connection),
                                             data->ids->len > 0 ? json : NULL, error);
}

static void register_next (GTask *task);

static void
on_webhook_registered_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  FcWebhookListener *self = g_task_get_source_object (task);
  Register *data = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;

  id = fc_pipedrive_register_webhook_finish (FC_CONNECTOR (source), result, &error);
  if (id == NULL)
    {
      /* keep what was made, so that unregistering finds it */
      save_registration (self, data, NULL);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_ptr_array_add (data->ids, g_steal_pointer (&id));
  data->next++;
  register_next (task);
}

static void
register_next (GTask *task)
{
  FcWebhookListener *self = g_task_get_source_object (task);
  Register *data = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autofree char *secret = NULL;

  if (data->next < data->entities->len)
    {
      fc_pipedrive_register_webhook_async (data->connector, data->url,
                                           g_ptr_array_index (data->entities, data->next),
                                           BASIC_USER, data->password,
                                           g_task_get_cancellable (task),
                                           on_webhook_registered_cb, g_object_ref (task));
      return;
    }

  if (!save_registration (self, data, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  secret = g_strconcat (BASIC_USER ":", data->password, NULL);
  g_hash_table_replace (self->secrets, g_strdup (fc_connection_get_id (data->connection)),
                        g_steal_pointer (&secret));
  g_task_return_boolean (task, TRUE);
}

static void
on_old_webhook_deleted_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  Register *data = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  if (!fc_pipedrive_unregister_webhook_finish (FC_CONNECTOR (source), result, &error))
    g_message ("Could not delete the earlier Pipedrive webhook of connection %s: %s",
               fc_connection_get_id (data->connection), error->message);
  data->next++;
  if (data->old_ids[data->next] != NULL)
    {
      fc_pipedrive_unregister_webhook_async (data->connector, data->old_ids[data->next],
                                             g_task_get_cancellable (task),
                                             on_old_webhook_deleted_cb, g_object_ref (task));
      return;
    }
  data->next = 0;
  register_next (task);
}

/* With the credentials: the earlier webhooks go first, then the new ones are made. */
static void
register_with_password (GTask *task)
{
  Register *data = g_task_get_task_data (task);

  data->next = 0;
  if (data->old_ids[0] != NULL)
    {
      fc_pipedrive_unregister_webhook_async (data->connector, data->old_ids[0],
                                             g_task_get_cancellable (task),
                                             on_old_webhook_deleted_cb, g_object_ref (task));
      return;
    }
  register_next (task);
}

static void
on_password_stored_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    {
      g_task_return_new_error (task, FC_WEBHOOK_LISTENER_ERROR,
                               FC_WEBHOOK_LISTENER_ERROR_NO_SECRET,
                               _("The keyring could not keep the webhook credentials: %s"),
                               error->message);
      return;
    }
  register_with_password (task);
}

static void
on_password_found_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  Register *data = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autofree char *label = NULL;
  char *secret;

  secret = secret_password_lookup_finish (result, &error);
  if (secret != NULL && g_str_has_prefix (secret, BASIC_USER ":"))
    {
      data->password = g_strdup (secret + strlen (BASIC_USER ":"));
      secret_password_free (secret);
      register_with_password (task);
      return;
    }
  g_clear_pointer (&secret, secret_password_free);
  if (error != NULL)
    {
      g_task_return_new_error (task, FC_WEBHOOK_LISTENER_ERROR,
                               FC_WEBHOOK_LISTENER_ERROR_NO_SECRET,
                               _("The keyring could not be read: %s"), error->message);
      return;
    }

  /* first use: new credentials */
  data->password = generate_password ();
  secret = g_strconcat (BASIC_USER ":", data->password, NULL);
  label = dup_secret_label (data->connection);
  secret_password_store (&webhook_secret_schema, SECRET_COLLECTION_DEFAULT, label, secret,
                         g_task_get_cancellable (task), on_password_stored_cb,
                         g_object_ref (task), "connection-id",
                         fc_connection_get_id (data->connection), "kind", "basic", NULL);
  memset (secret, 0, strlen (secret));
  g_free (secret);
}

void
_fc_webhook_listener_do_register_async (FcWebhookListener   *self,
                                        FcConnection        *connection,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GError) error = NULL;
  FcConnector *connector;
  Register *data;

  g_return_if_fail (FC_IS_WEBHOOK_LISTENER (self));
  g_return_if_fail (FC_IS_CONNECTION (connection));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, _fc_webhook_listener_do_register_async);

  if (fc_connection_get_provider (connection) != FC_PROVIDER_PIPEDRIVE)
    {
      g_task_return_new_error (task, FC_WEBHOOK_LISTENER_ERROR, FC_WEBHOOK_LISTENER_ERROR_MANUAL,
                               _("%s webhooks cannot be registered through its API: add the "
                                 "URL in the provider’s settings"),
                               fc_provider_get_display_name (fc_connection_get_provider (connection)));
      return;
    }
  connector = fc_engine_get_connector (self->engine, connection, &error);
  if (connector == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data = g_new0 (Register, 1);
  data->connection = g_object_ref (connection);
  data->connector = g_object_ref (connector);
  data->url = fc_webhook_listener_dup_url (self, connection);
  data->entities = collect_entities (self, connection);
  data->old_ids = read_registered_ids (self, connection);
  data->ids = g_ptr_array_new_with_free_func (g_free);
  g_task_set_task_data (task, data, (GDestroyNotify) register_free);

  secret_password_lookup (&webhook_secret_schema, cancellable, on_password_found_cb,
                          g_steal_pointer (&task), "connection-id",
                          fc_connection_get_id (connection), "kind", "basic", NULL);
}

gboolean
_fc_webhook_listener_do_register_finish (FcWebhookListener  *self,
                                         GAsyncResult       *result,
                                         GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- unregistering ------------------------------------------------------------------------ */

static void
on_webhook_deleted_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  FcWebhookListener *self = g_task_get_source_object (task);
  Register *data = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  if (!fc_pipedrive_unregister_webhook_finish (FC_CONNECTOR (source), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  data->next++;
  if (data->old_ids[data->next] != NULL)
    {
      fc_pipedrive_unregister_webhook_async (data->connector, data->old_ids[data->next],
                                             g_task_get_cancellable (task),
                                             on_webhook_deleted_cb, g_object_ref (task));
      return;
    }
  if (!_fc_inbound_store_set_registration (fc_engine_get_store (self->engine),
                                           fc_connection_get_id (data->connection), NULL,
                                           &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
_fc_webhook_listener_do_unregister_async (FcWebhookListener   *self,
                                          FcConnection        *connection,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GError) error = NULL;
  FcConnector *connector;
  Register *data;

  g_return_if_fail (FC_IS_WEBHOOK_LISTENER (self));
  g_return_if_fail (FC_IS_CONNECTION (connection));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, _fc_webhook_listener_do_unregister_async);

  data = g_new0 (Register, 1);
  data->connection = g_object_ref (connection);
  data->old_ids = read_registered_ids (self, connection);
  g_task_set_task_data (task, data, (GDestroyNotify) register_free);
  if (data->old_ids[0] == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  connector = fc_engine_get_connector (self->engine, connection, &error);
  if (connector == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  data->connector = g_object_ref (connector);
  fc_pipedrive_unregister_webhook_async (connector, data->old_ids[0], cancellable,
                                         on_webhook_deleted_cb, g_steal_pointer (&task));
}

gboolean
_fc_webhook_listener_do_unregister_finish (FcWebhookListener  *self,
                                           GAsyncResult       *result,
                                           GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
