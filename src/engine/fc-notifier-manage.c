/* fc-notifier-manage.c: adding, changing, enabling and removing endpoints, their secrets,
 * and what failed deliveries do to them
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-notifier"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-engine-private.h"
#include "fc-notifier-private.h"
#include "fc-store-private.h"

static FcEndpoint *
find_or_fail (FcNotifier  *self,
              const char  *id,
              GError     **error)
{
  FcEndpoint *endpoint = _fc_notifier_find_endpoint (self, id);

  if (endpoint == NULL)
    g_set_error (error, FC_NOTIFIER_ERROR, FC_NOTIFIER_ERROR_NOT_FOUND,
                 _("There is no webhook endpoint with id “%s”"), id);
  return endpoint;
}

/* A copy of @endpoint with the given fields. */
static FcEndpoint *
endpoint_with (FcEndpoint         *endpoint,
               const char         *url,
               const char         *description,
               const char * const *event_types,
               gboolean            enabled,
               guint               consecutive_failures,
               const char         *disabled_reason)
{
  GDateTime *created = fc_endpoint_get_created_at (endpoint);

  return _fc_endpoint_new (fc_endpoint_get_id (endpoint), url, description, event_types, enabled,
                           consecutive_failures, disabled_reason,
                           created != NULL ? _fc_store_ms_from_date_time (created) : 0, 0);
}

/* Stores @changed, then brings the model's endpoint of its id up to date (or adds it). */
static gboolean
commit_endpoint (FcNotifier  *self,
                 FcEndpoint  *changed,
                 GError     **error)
{
  g_autoptr (FcEndpoint) stored = NULL;
  FcEndpoint *current;

  if (!_fc_notifier_store_save_endpoint (self->store, changed, error))
    return FALSE;
  stored = _fc_notifier_store_get_endpoint (self->store, fc_endpoint_get_id (changed), error);
  if (stored == NULL)
    return FALSE;

  current = _fc_notifier_find_endpoint (self, fc_endpoint_get_id (changed));
  if (current != NULL)
    _fc_endpoint_assign (current, stored);
  else
    g_list_store_append (self->endpoints, stored);
  return TRUE;
}

/* ---- endpoints ---------------------------------------------------------------------------- */

typedef struct {
  char *id;
  char *url;
  char *description;
  GStrv event_types;
  char *secret;
} AddData;

static void
add_data_free (AddData *data)
{
  g_free (data->id);
  g_free (data->url);
  g_free (data->description);
  g_strfreev (data->event_types);
  _fc_notifier_secret_free (data->secret);
  g_free (data);
}

typedef struct {
  FcEndpoint *endpoint;
  char       *secret;
} AddResult;

static void
add_result_free (AddResult *result)
{
  g_clear_object (&result->endpoint);
  _fc_notifier_secret_free (result->secret);
  g_free (result);
}

static void
on_add_secret_cleared_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr (GError) error = NULL;

  if (!_fc_notifier_secret_clear_finish (result, &error))
    g_warning ("%s", error->message);
}

static void
on_add_secret_stored_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  FcNotifier *self = g_task_get_source_object (task);
  AddData *data = g_task_get_task_data (task);
  g_autoptr (FcEndpoint) endpoint = NULL;
  GError *error = NULL;
  AddResult *out;

  if (!_fc_notifier_secret_store_finish (result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  endpoint = _fc_endpoint_new (data->id, data->url, data->description,
                               (const char * const *) data->event_types, TRUE, 0, NULL, 0, 0);
  if (!commit_endpoint (self, endpoint, &error))
    {
      /* Leave nothing behind. */
      _fc_notifier_secret_clear_async (data->id, NULL, on_add_secret_cleared_cb, NULL);
      g_task_return_error (task, error);
      return;
    }

  out = g_new0 (AddResult, 1);
  out->endpoint = g_object_ref (_fc_notifier_find_endpoint (self, data->id));
  out->secret = g_steal_pointer (&data->secret);
  g_task_return_pointer (task, out, (GDestroyNotify) add_result_free);
}

void
fc_notifier_add_endpoint_async (FcNotifier          *self,
                                const char          *url,
                                const char          *description,
                                const char * const  *event_types,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  AddData *data;
  GError *error = NULL;

  g_return_if_fail (FC_IS_NOTIFIER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fc_notifier_add_endpoint_async);

  if (!fc_notifier_check_url (url, &error) || !fc_notifier_check_event_types (event_types, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  data = g_new0 (AddData, 1);
  data->id = _fc_store_new_id (FC_NOTIFIER_ENDPOINT_ID_PREFIX);
  data->url = g_strdup (url);
  data->description = g_strdup (description);
  data->event_types = event_types != NULL ? g_strdupv ((char **) event_types) : NULL;
  g_task_set_task_data (task, data, (GDestroyNotify) add_data_free);

  data->secret = _fc_notifier_secret_generate (&error);
  if (data->secret == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  _fc_notifier_secret_store_async (data->id, url, data->secret, cancellable,
                                   on_add_secret_stored_cb, g_steal_pointer (&task));
}

FcEndpoint *
fc_notifier_add_endpoint_finish (FcNotifier    *self,
                                 GAsyncResult  *result,
                                 char         **out_secret,
                                 GError       **error)
{
  AddResult *added;
  FcEndpoint *endpoint;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fc_notifier_add_endpoint_async,
                        NULL);

  added = g_task_propagate_pointer (G_TASK (result), error);
  if (added == NULL)
    return NULL;

  endpoint = g_steal_pointer (&added->endpoint);
  if (out_secret != NULL)
    *out_secret = g_steal_pointer (&added->secret);
  add_result_free (added);
  return endpoint;
}

gboolean
fc_notifier_update_endpoint (FcNotifier          *self,
                             const char          *id,
                             const char          *url,
                             const char          *description,
                             const char * const  *event_types,
                             GError             **error)
{
  g_autoptr (FcEndpoint) changed = NULL;
  FcEndpoint *endpoint;

  g_return_val_if_fail (FC_IS_NOTIFIER (self), FALSE);

  if ((endpoint = find_or_fail (self, id, error)) == NULL)
    return FALSE;
  if (url != NULL && !fc_notifier_check_url (url, error))
    return FALSE;
  if (!fc_notifier_check_event_types (event_types, error))
    return FALSE;

  changed = endpoint_with (endpoint,
                           url != NULL ? url : fc_endpoint_get_url (endpoint),
                           description != NULL ? description
                                               : fc_endpoint_get_description (endpoint),
                           event_types != NULL ? event_types
                                               : fc_endpoint_get_event_types (endpoint),
                           fc_endpoint_get_enabled (endpoint),
                           fc_endpoint_get_consecutive_failures (endpoint),
                           fc_endpoint_get_disabled_reason (endpoint));
  return commit_endpoint (self, changed, error);
}

/* Saves the endpoint's new state and moves its deliveries, together. */
static gboolean
switch_endpoint (FcNotifier        *self,
                 FcEndpoint        *changed,
                 FcDeliveryStatus   from,
                 FcDeliveryStatus   to,
                 gboolean           move,
                 GError           **error)
{
  if (!fc_store_transaction_begin (self->store, error))
    return FALSE;
  if ((move && !_fc_notifier_store_move_deliveries (self->store, fc_endpoint_get_id (changed),
                                                    from, to, error)) ||
      !commit_endpoint (self, changed, error))
    {
      fc_store_transaction_rollback (self->store);
      return FALSE;
    }
  return fc_store_transaction_commit (self->store, error);
}

gboolean
fc_notifier_set_endpoint_enabled (FcNotifier  *self,
                                  const char  *id,
                                  gboolean     enabled,
                                  gboolean     replay_missed,
                                  GError     **error)
{
  g_autoptr (FcEndpoint) changed = NULL;
  FcEndpoint *endpoint;

  g_return_val_if_fail (FC_IS_NOTIFIER (self), FALSE);

  if ((endpoint = find_or_fail (self, id, error)) == NULL)
    return FALSE;

  if (!enabled)
    {
      /* Attempts under way are dropped; their rows become skipped below. */
      _fc_notifier_cancel_jobs (self, id);
      changed = endpoint_with (endpoint, fc_endpoint_get_url (endpoint),
                               fc_endpoint_get_description (endpoint),
                               fc_endpoint_get_event_types (endpoint), FALSE,
                               fc_endpoint_get_consecutive_failures (endpoint),
                               fc_endpoint_get_disabled_reason (endpoint));
      if (!switch_endpoint (self, changed, FC_DELIVERY_STATUS_PENDING, FC_DELIVERY_STATUS_SKIPPED,
                            TRUE, error))
        return FALSE;
    }
  else
    {
      changed = endpoint_with (endpoint, fc_endpoint_get_url (endpoint),
                               fc_endpoint_get_description (endpoint),
                               fc_endpoint_get_event_types (endpoint), TRUE, 0, NULL);
      if (!switch_endpoint (self, changed, FC_DELIVERY_STATUS_SKIPPED, FC_DELIVERY_STATUS_PENDING,
                            replay_missed, error))
        return FALSE;
    }

  _fc_notifier_emit_deliveries_changed (self, id);
  _fc_notifier_queue_pump (self);
  return TRUE;
}

static void
on_remove_secret_cleared_cb (GObject      *source,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  FcNotifier *self = g_task_get_source_object (task);
  const char *id = g_task_get_task_data (task);
  GError *error = NULL;
  guint position;

  if (!_fc_notifier_secret_clear_finish (result, &error) ||
      !_fc_notifier_store_remove_endpoint (self->store, id, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_hash_table_remove (self->secrets, id);
  if (g_list_store_find (self->endpoints, _fc_notifier_find_endpoint (self, id), &position))
    g_list_store_remove (self->endpoints, position);
  _fc_notifier_emit_deliveries_changed (self, id);
  g_task_return_boolean (task, TRUE);
}

void
fc_notifier_remove_endpoint_async (FcNotifier          *self,
                                   const char          *id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  GError *error = NULL;

  g_return_if_fail (FC_IS_NOTIFIER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fc_notifier_remove_endpoint_async);
  g_task_set_task_data (task, g_strdup (id), g_free);

  if (find_or_fail (self, id, &error) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  _fc_notifier_cancel_jobs (self, id);
  _fc_notifier_secret_clear_async (id, cancellable, on_remove_secret_cleared_cb,
                                   g_steal_pointer (&task));
}

gboolean
fc_notifier_remove_endpoint_finish (FcNotifier    *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        fc_notifier_remove_endpoint_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct {
  char *id;
  char *secret;
} RotateData;

static void
rotate_data_free (RotateData *data)
{
  g_free (data->id);
  _fc_notifier_secret_free (data->secret);
  g_free (data);
}

static void
on_rotate_secret_stored_cb (GObject      *source,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  FcNotifier *self = g_task_get_source_object (task);
  RotateData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!_fc_notifier_secret_store_finish (result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_hash_table_insert (self->secrets, g_strdup (data->id), g_strdup (data->secret));
  g_task_return_pointer (task, g_steal_pointer (&data->secret),
                         (GDestroyNotify) _fc_notifier_secret_free);
}

void
fc_notifier_rotate_secret_async (FcNotifier          *self,
                                 const char          *id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  FcEndpoint *endpoint;
  RotateData *data;
  GError *error = NULL;

  g_return_if_fail (FC_IS_NOTIFIER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fc_notifier_rotate_secret_async);

  if ((endpoint = find_or_fail (self, id, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  data = g_new0 (RotateData, 1);
  data->id = g_strdup (id);
  g_task_set_task_data (task, data, (GDestroyNotify) rotate_data_free);
  data->secret = _fc_notifier_secret_generate (&error);
  if (data->secret == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* Storing under the same attributes replaces the item. */
  _fc_notifier_secret_store_async (id, fc_endpoint_get_url (endpoint), data->secret, cancellable,
                                   on_rotate_secret_stored_cb, g_steal_pointer (&task));
}

char *
fc_notifier_rotate_secret_finish (FcNotifier    *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        fc_notifier_rotate_secret_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- failures and the automatic disabling ---------------------------------------------- */

void
_fc_notifier_note_success (FcNotifier *self,
                           const char *endpoint_id)
{
  g_autoptr (FcEndpoint) changed = NULL;
  g_autoptr (GError) error = NULL;
  FcEndpoint *endpoint = _fc_notifier_find_endpoint (self, endpoint_id);

  if (endpoint == NULL || fc_endpoint_get_consecutive_failures (endpoint) == 0)
    return;

  changed = endpoint_with (endpoint, fc_endpoint_get_url (endpoint),
                           fc_endpoint_get_description (endpoint),
                           fc_endpoint_get_event_types (endpoint),
                           fc_endpoint_get_enabled (endpoint), 0,
                           fc_endpoint_get_disabled_reason (endpoint));
  if (!commit_endpoint (self, changed, &error))
    g_warning ("Endpoint %s: %s", endpoint_id, error->message);
}

static void
emit_disabled (FcNotifier *self,
               FcEndpoint *endpoint)
{
  g_autoptr (FcEngine) engine = g_weak_ref_get (&self->engine);
  const char *reason = fc_endpoint_get_disabled_reason (endpoint);

  g_message ("Webhook endpoint %s disabled: %s", fc_endpoint_get_id (endpoint), reason);
  _fc_notifier_emit_endpoint_disabled (self, endpoint, reason);

  if (engine != NULL)
    {
      JsonObject *data = json_object_new ();

      json_object_set_string_member (data, "endpointId", fc_endpoint_get_id (endpoint));
      json_object_set_string_member (data, "url", fc_endpoint_get_url (endpoint));
      json_object_set_string_member (data, "reason", reason);
      json_object_set_int_member (data, "consecutiveFailures",
                                  fc_endpoint_get_consecutive_failures (endpoint));
      _fc_engine_emit_event (engine, "endpoint.disabled", data);
    }
}

void
_fc_notifier_note_failure (FcNotifier *self,
                           const char *endpoint_id,
                           const char *last_error)
{
  g_autoptr (FcEndpoint) changed = NULL;
  g_autoptr (FcEndpoint) keep = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *reason = NULL;
  FcEndpoint *endpoint = _fc_notifier_find_endpoint (self, endpoint_id);
  guint failures;
  gboolean disable;

  if (endpoint == NULL)
    return;

  failures = fc_endpoint_get_consecutive_failures (endpoint) + 1;
  disable = fc_endpoint_get_enabled (endpoint) && failures >= FC_NOTIFIER_MAX_CONSECUTIVE_FAILURES;
  if (disable)
    reason = g_strdup_printf (_("Disabled after %u failed deliveries in a row; the last one "
                                "failed with: %s"), failures,
                              last_error != NULL ? last_error : _("no answer"));

  changed = endpoint_with (endpoint, fc_endpoint_get_url (endpoint),
                           fc_endpoint_get_description (endpoint),
                           fc_endpoint_get_event_types (endpoint),
                           fc_endpoint_get_enabled (endpoint) && !disable, failures,
                           disable ? reason : fc_endpoint_get_disabled_reason (endpoint));
  if (!disable)
    {
      if (!commit_endpoint (self, changed, &error))
        g_warning ("Endpoint %s: %s", endpoint_id, error->message);
      return;
    }

  _fc_notifier_cancel_jobs (self, endpoint_id);
  if (!switch_endpoint (self, changed, FC_DELIVERY_STATUS_PENDING, FC_DELIVERY_STATUS_SKIPPED,
                        TRUE, &error))
    {
      g_warning ("Endpoint %s could not be disabled: %s", endpoint_id, error->message);
      return;
    }

  keep = g_object_ref (endpoint);
  emit_disabled (self, keep);
}
