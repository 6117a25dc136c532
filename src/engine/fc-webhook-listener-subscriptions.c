/* fc-webhook-listener-subscriptions.c: registering webhooks at the provider, one registration at
 * a time, and keeping them in step with the real-time mappings
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Registrations replace what a connection had (delete, then create), so two of them for one
 * connection must not interleave: every request waits in a queue for the one before it.
 *
 * While the listener runs with a public URL (a real provider cannot call the listener's own
 * loopback address), each change of the mappings is followed by a review of the Pipedrive
 * connections: one whose active real-time mappings need objects (or a URL) its registration
 * does not cover is registered again; one that no real-time mapping uses any more loses its
 * registration. HubSpot and Jobber have no such API: the user follows the steps of
 * fc_webhook_listener_dup_instructions ().
 */

#define G_LOG_DOMAIN "fc-webhook"

#include "config.h"

#include "fc-webhook-listener-private.h"

typedef struct {
  gboolean      registering;
  FcConnection *connection;
} Request;

static void
request_free (Request *request)
{
  g_object_unref (request->connection);
  g_free (request);
}

static void run_next (FcWebhookListener *self);

static void
on_request_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  FcWebhookListener *self = FC_WEBHOOK_LISTENER (source);
  Request *request = g_task_get_task_data (task);
  GError *error = NULL;
  gboolean ok;

  ok = request->registering ? _fc_webhook_listener_do_register_finish (self, result, &error)
                            : _fc_webhook_listener_do_unregister_finish (self, result, &error);
  g_clear_object (&self->registering);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
  run_next (self);
}

static void
run_next (FcWebhookListener *self)
{
  Request *request;
  GTask *task;

  if (self->registering != NULL)
    return;
  task = g_queue_pop_head (&self->registrations);
  if (task == NULL)
    return;

  self->registering = task;
  request = g_task_get_task_data (task);
  if (request->registering)
    _fc_webhook_listener_do_register_async (self, request->connection,
                                            g_task_get_cancellable (task), on_request_done_cb,
                                            g_object_ref (task));
  else
    _fc_webhook_listener_do_unregister_async (self, request->connection,
                                              g_task_get_cancellable (task), on_request_done_cb,
                                              g_object_ref (task));
}

static void
enqueue (FcWebhookListener   *self,
         FcConnection        *connection,
         gboolean             registering,
         gpointer             source_tag,
         GCancellable        *cancellable,
         GAsyncReadyCallback  callback,
         gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Request *request = g_new0 (Request, 1);

  g_task_set_source_tag (task, source_tag);
  request->registering = registering;
  request->connection = g_object_ref (connection);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);
  g_queue_push_tail (&self->registrations, task);
  run_next (self);
}

void
fc_webhook_listener_register_async (FcWebhookListener   *self,
                                    FcConnection        *connection,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (FC_IS_WEBHOOK_LISTENER (self));
  g_return_if_fail (FC_IS_CONNECTION (connection));

  enqueue (self, connection, TRUE, fc_webhook_listener_register_async, cancellable, callback,
           user_data);
}

gboolean
fc_webhook_listener_register_finish (FcWebhookListener  *self,
                                     GAsyncResult       *result,
                                     GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
fc_webhook_listener_unregister_async (FcWebhookListener   *self,
                                      FcConnection        *connection,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (FC_IS_WEBHOOK_LISTENER (self));
  g_return_if_fail (FC_IS_CONNECTION (connection));

  enqueue (self, connection, FALSE, fc_webhook_listener_unregister_async, cancellable, callback,
           user_data);
}

gboolean
fc_webhook_listener_unregister_finish (FcWebhookListener  *self,
                                       GAsyncResult       *result,
                                       GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- keeping registrations in step with the mappings -------------------------------------- */

static void
on_auto_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autofree char *connection_id = user_data;
  g_autoptr (GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_message ("Could not update the Pipedrive webhooks of connection %s: %s", connection_id,
               error->message);
}

/* Whether @a (char *) and @b hold the same names, in any order. */
static gboolean
same_names (GPtrArray          *a,
            const char * const *b)
{
  guint n_b = g_strv_length ((char **) b);

  if (a->len != n_b)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (!g_strv_contains (b, g_ptr_array_index (a, i)))
      return FALSE;
  return TRUE;
}

static void
review_connection (FcWebhookListener *self,
                   FcConnection      *connection)
{
  g_autoptr (GPtrArray) wanted = _fc_webhook_listener_collect_entities (self, connection, TRUE);
  g_autofree char *registered_url = NULL;
  g_auto (GStrv) registered = _fc_webhook_listener_dup_registered_objects (self, connection,
                                                                           &registered_url);
  g_autofree char *url = fc_webhook_listener_dup_url (self, connection);
  const char *id = fc_connection_get_id (connection);

  if (wanted->len == 0 && registered != NULL)
    {
      g_info ("No real-time mapping uses connection %s any more: deleting its webhooks", id);
      enqueue (self, connection, FALSE, review_connection, NULL, on_auto_done_cb, g_strdup (id));
    }
  else if (wanted->len > 0
           && (registered == NULL || !same_names (wanted, (const char * const *) registered)
               || g_strcmp0 (registered_url, url) != 0))
    {
      g_info ("Registering the webhooks of connection %s for its real-time mappings", id);
      enqueue (self, connection, TRUE, review_connection, NULL, on_auto_done_cb, g_strdup (id));
    }
}

static gboolean
on_review_cb (gpointer user_data)
{
  FcWebhookListener *self = user_data;
  GListModel *connections = fc_engine_get_connections (self->engine);

  self->review_source = 0;
  if (fc_webhook_listener_get_public_url (self) == NULL)
    return G_SOURCE_REMOVE;

  for (guint i = 0; i < g_list_model_get_n_items (connections); i++)
    {
      g_autoptr (FcConnection) connection = g_list_model_get_item (connections, i);

      if (fc_connection_get_provider (connection) == FC_PROVIDER_PIPEDRIVE
          && fc_connection_get_status (connection) == FC_CONNECTION_STATUS_ACTIVE)
        review_connection (self, connection);
    }
  return G_SOURCE_REMOVE;
}

static void
schedule_review (FcWebhookListener *self)
{
  if (self->review_source == 0 && self->mappings_changed_id != 0)
    self->review_source = g_idle_add (on_review_cb, self);
}

static void
on_mappings_changed_cb (FcWebhookListener *self,
                        guint              position,
                        guint              removed,
                        guint              added)
{
  schedule_review (self);
}

static void
on_public_url_changed_cb (FcWebhookListener *self,
                          GParamSpec        *pspec)
{
  schedule_review (self);
}

void
_fc_webhook_listener_watch_mappings (FcWebhookListener *self)
{
  if (self->engine == NULL || self->mappings_changed_id != 0)
    return;

  self->watched_mappings = g_object_ref (fc_engine_get_mappings (self->engine));
  self->mappings_changed_id = g_signal_connect_swapped (self->watched_mappings, "items-changed",
                                                        G_CALLBACK (on_mappings_changed_cb),
                                                        self);
  g_signal_connect (self, "notify::public-url", G_CALLBACK (on_public_url_changed_cb), NULL);
  schedule_review (self);
}

void
_fc_webhook_listener_unwatch_mappings (FcWebhookListener *self)
{
  if (self->mappings_changed_id == 0)
    return;

  g_clear_signal_handler (&self->mappings_changed_id, self->watched_mappings);
  g_clear_object (&self->watched_mappings);
  g_signal_handlers_disconnect_by_func (self, on_public_url_changed_cb, NULL);
  g_clear_handle_id (&self->review_source, g_source_remove);
}
