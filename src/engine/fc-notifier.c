/* fc-notifier.c: the product's own webhooks: endpoints, events into the delivery queue
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

/* Delivered rows are kept this long for the deliveries view. */
#define KEEP_DELIVERED_MS (30 * G_GINT64_CONSTANT (86400000))

G_DEFINE_FINAL_TYPE (FcNotifier, fc_notifier, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RETRY_BASE_MS,
  PROP_TIMEOUT_MS,
  PROP_ENDPOINTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_ENDPOINT_DISABLED,
  SIGNAL_DELIVERIES_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
fc_notifier_dispose (GObject *object)
{
  FcNotifier *self = (FcNotifier *) object;

  fc_notifier_stop (self);
  _fc_notifier_cancel_jobs (self, NULL);
  if (self->session != NULL)
    soup_session_abort (self->session);

  G_OBJECT_CLASS (fc_notifier_parent_class)->dispose (object);
}

static void
fc_notifier_finalize (GObject *object)
{
  FcNotifier *self = (FcNotifier *) object;

  g_weak_ref_clear (&self->engine);
  g_clear_object (&self->store);
  g_clear_object (&self->endpoints);
  g_clear_object (&self->session);
  g_clear_pointer (&self->secrets, g_hash_table_unref);
  g_clear_pointer (&self->jobs, g_hash_table_unref);

  G_OBJECT_CLASS (fc_notifier_parent_class)->finalize (object);
}

static void
fc_notifier_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  FcNotifier *self = FC_NOTIFIER (object);

  switch (prop_id)
    {
    case PROP_RETRY_BASE_MS:
      g_value_set_uint (value, self->retry_base_ms);
      break;
    case PROP_TIMEOUT_MS:
      g_value_set_uint (value, self->timeout_ms);
      break;
    case PROP_ENDPOINTS:
      g_value_set_object (value, self->endpoints);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_notifier_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  FcNotifier *self = FC_NOTIFIER (object);

  switch (prop_id)
    {
    case PROP_RETRY_BASE_MS:
      fc_notifier_set_retry_base_ms (self, g_value_get_uint (value));
      break;
    case PROP_TIMEOUT_MS:
      fc_notifier_set_timeout_ms (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_notifier_class_init (FcNotifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = fc_notifier_dispose;
  object_class->finalize = fc_notifier_finalize;
  object_class->get_property = fc_notifier_get_property;
  object_class->set_property = fc_notifier_set_property;

  properties[PROP_RETRY_BASE_MS] =
    g_param_spec_uint ("retry-base-ms", NULL, NULL, 1, G_MAXUINT,
                       FC_NOTIFIER_DEFAULT_RETRY_BASE_MS, flags);
  properties[PROP_TIMEOUT_MS] =
    g_param_spec_uint ("timeout-ms", NULL, NULL, 1, G_MAXUINT,
                       FC_NOTIFIER_DEFAULT_TIMEOUT_MS, flags);
  properties[PROP_ENDPOINTS] =
    g_param_spec_object ("endpoints", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FcNotifier::endpoint-disabled:
   * @endpoint: the endpoint, now disabled
   * @reason: why, for the user
   *
   * FluxCascade disabled the endpoint after too many failed deliveries in a row.
   */
  signals[SIGNAL_ENDPOINT_DISABLED] =
    g_signal_new ("endpoint-disabled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 2, FC_TYPE_ENDPOINT, G_TYPE_STRING);

  /**
   * FcNotifier::deliveries-changed:
   * @endpoint_id: the endpoint whose deliveries changed
   *
   * A delivery of the endpoint was queued or changed status; lists may read them again.
   */
  signals[SIGNAL_DELIVERIES_CHANGED] =
    g_signal_new ("deliveries-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
fc_notifier_init (FcNotifier *self)
{
  g_autofree char *user_agent = g_strdup_printf ("FluxCascade/%s", PACKAGE_VERSION);

  g_weak_ref_init (&self->engine, NULL);
  self->endpoints = g_list_store_new (FC_TYPE_ENDPOINT);
  self->secrets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) _fc_notifier_secret_free);
  self->jobs = g_hash_table_new (g_int64_hash, g_int64_equal);
  self->retry_base_ms = FC_NOTIFIER_DEFAULT_RETRY_BASE_MS;
  self->timeout_ms = FC_NOTIFIER_DEFAULT_TIMEOUT_MS;
  /* The notifier times each attempt itself (timeout_ms). */
  self->session = soup_session_new_with_options ("user-agent", user_agent, NULL);
}

/* ---- the object ------------------------------------------------------------------------- */

FcNotifier *
_fc_notifier_new (FcEngine  *engine,
                  GError   **error)
{
  g_autoptr (FcNotifier) self = g_object_new (FC_TYPE_NOTIFIER, NULL);

  g_return_val_if_fail (FC_IS_ENGINE (engine), NULL);

  g_weak_ref_set (&self->engine, engine);
  self->store = g_object_ref (fc_engine_get_store (engine));
  if (!fc_notifier_reload (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

gboolean
fc_notifier_reload (FcNotifier  *self,
                    GError     **error)
{
  g_autoptr (GPtrArray) endpoints = NULL;

  g_return_val_if_fail (FC_IS_NOTIFIER (self), FALSE);

  endpoints = _fc_notifier_store_list_endpoints (self->store, error);
  if (endpoints == NULL)
    return FALSE;

  g_list_store_splice (self->endpoints, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->endpoints)),
                       endpoints->pdata, endpoints->len);
  /* Another process may have rotated a secret: read them from the keyring again. */
  g_hash_table_remove_all (self->secrets);
  return TRUE;
}

void
fc_notifier_set_retry_base_ms (FcNotifier *self,
                               guint       retry_base_ms)
{
  g_return_if_fail (FC_IS_NOTIFIER (self));
  g_return_if_fail (retry_base_ms > 0);

  if (self->retry_base_ms == retry_base_ms)
    return;
  self->retry_base_ms = retry_base_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETRY_BASE_MS]);
}

guint
fc_notifier_get_retry_base_ms (FcNotifier *self)
{
  g_return_val_if_fail (FC_IS_NOTIFIER (self), 0);
  return self->retry_base_ms;
}

void
fc_notifier_set_timeout_ms (FcNotifier *self,
                            guint       timeout_ms)
{
  g_return_if_fail (FC_IS_NOTIFIER (self));
  g_return_if_fail (timeout_ms > 0);

  if (self->timeout_ms == timeout_ms)
    return;
  self->timeout_ms = timeout_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT_MS]);
}

guint
fc_notifier_get_timeout_ms (FcNotifier *self)
{
  g_return_val_if_fail (FC_IS_NOTIFIER (self), 0);
  return self->timeout_ms;
}

void
fc_notifier_start (FcNotifier *self)
{
  g_autoptr (GError) error = NULL;

  g_return_if_fail (FC_IS_NOTIFIER (self));

  if (self->started)
    return;
  self->started = TRUE;

  if (!_fc_notifier_store_prune (self->store, _fc_store_now_ms () - KEEP_DELIVERED_MS, &error))
    g_warning ("%s", error->message);
  _fc_notifier_queue_pump (self);
}

void
fc_notifier_stop (FcNotifier *self)
{
  g_return_if_fail (FC_IS_NOTIFIER (self));

  self->started = FALSE;
  g_clear_handle_id (&self->pump_source, g_source_remove);
  _fc_notifier_cancel_jobs (self, NULL);
}

gboolean
fc_notifier_is_started (FcNotifier *self)
{
  g_return_val_if_fail (FC_IS_NOTIFIER (self), FALSE);
  return self->started;
}

GListModel *
fc_notifier_get_endpoints (FcNotifier *self)
{
  g_return_val_if_fail (FC_IS_NOTIFIER (self), NULL);
  return G_LIST_MODEL (self->endpoints);
}

FcEndpoint *
_fc_notifier_find_endpoint (FcNotifier *self,
                            const char *id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->endpoints));

  for (guint i = 0; id != NULL && i < n; i++)
    {
      FcEndpoint *endpoint = g_list_model_get_item (G_LIST_MODEL (self->endpoints), i);

      /* The model keeps a reference, so the borrowed pointer stays valid. */
      g_object_unref (endpoint);
      if (g_strcmp0 (fc_endpoint_get_id (endpoint), id) == 0)
        return endpoint;
    }
  return NULL;
}

FcEndpoint *
fc_notifier_lookup_endpoint (FcNotifier *self,
                             const char *id)
{
  g_return_val_if_fail (FC_IS_NOTIFIER (self), NULL);
  return _fc_notifier_find_endpoint (self, id);
}

void
_fc_notifier_emit_deliveries_changed (FcNotifier *self,
                                      const char *endpoint_id)
{
  g_signal_emit (self, signals[SIGNAL_DELIVERIES_CHANGED], 0, endpoint_id);
}

void
_fc_notifier_emit_endpoint_disabled (FcNotifier *self,
                                     FcEndpoint *endpoint,
                                     const char *reason)
{
  g_signal_emit (self, signals[SIGNAL_ENDPOINT_DISABLED], 0, endpoint, reason);
}

/* ---- deliveries --------------------------------------------------------------------------- */

static GError *
translate_store_error (GError *error)
{
  if (g_error_matches (error, FC_STORE_ERROR, FC_STORE_ERROR_NOT_FOUND))
    {
      GError *translated = g_error_new_literal (FC_NOTIFIER_ERROR, FC_NOTIFIER_ERROR_NOT_FOUND,
                                                error->message);
      g_error_free (error);
      return translated;
    }
  return error;
}

GPtrArray *
fc_notifier_list_deliveries (FcNotifier  *self,
                             const char  *endpoint_id,
                             int          status,
                             gint64       before_id,
                             guint        limit,
                             GError     **error)
{
  g_return_val_if_fail (FC_IS_NOTIFIER (self), NULL);

  return _fc_notifier_store_list_deliveries (self->store, endpoint_id, status, before_id, limit,
                                             error);
}

FcDelivery *
fc_notifier_get_delivery (FcNotifier  *self,
                          gint64       id,
                          GError     **error)
{
  GError *local_error = NULL;
  FcDelivery *delivery;

  g_return_val_if_fail (FC_IS_NOTIFIER (self), NULL);

  delivery = _fc_notifier_store_get_delivery (self->store, id, &local_error);
  if (delivery == NULL)
    g_propagate_error (error, translate_store_error (local_error));
  return delivery;
}

gboolean
fc_notifier_retry_delivery (FcNotifier  *self,
                            gint64       id,
                            GError     **error)
{
  g_autoptr (FcDelivery) delivery = NULL;
  FcEndpoint *endpoint;
  FcDeliveryStatus status;

  g_return_val_if_fail (FC_IS_NOTIFIER (self), FALSE);

  if ((delivery = fc_notifier_get_delivery (self, id, error)) == NULL)
    return FALSE;

  status = fc_delivery_get_status (delivery);
  if (status != FC_DELIVERY_STATUS_FAILED && status != FC_DELIVERY_STATUS_SKIPPED)
    {
      g_set_error (error, FC_NOTIFIER_ERROR, FC_NOTIFIER_ERROR_NOT_RETRYABLE,
                   _("Delivery %lld is %s; only failed or skipped deliveries "
                     "can be retried"), (long long) id,
                   fc_delivery_status_to_string (status));
      return FALSE;
    }

  endpoint = _fc_notifier_find_endpoint (self, fc_delivery_get_endpoint_id (delivery));
  if (endpoint != NULL && !fc_endpoint_get_enabled (endpoint))
    {
      g_set_error (error, FC_NOTIFIER_ERROR, FC_NOTIFIER_ERROR_DISABLED,
                   _("The endpoint %s of delivery %lld is disabled; enable it "
                     "first"), fc_endpoint_get_id (endpoint), (long long) id);
      return FALSE;
    }

  if (!_fc_notifier_store_requeue_delivery (self->store, id, error))
    return FALSE;

  _fc_notifier_emit_deliveries_changed (self, fc_delivery_get_endpoint_id (delivery));
  _fc_notifier_queue_pump (self);
  return TRUE;
}

void
fc_notifier_send_delivery_async (FcNotifier          *self,
                                 gint64               id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (FC_IS_NOTIFIER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fc_notifier_send_delivery_async);
  _fc_notifier_send_one (self, id, task);
}

FcDelivery *
fc_notifier_send_delivery_finish (FcNotifier    *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        fc_notifier_send_delivery_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- the engine's notifier ---------------------------------------------------------------- */

static void
on_engine_gone (gpointer  user_data,
                GObject  *where_the_engine_was)
{
  /* From the engine's dispose, its memory still valid: events emitted later reach no
   * notifier, as they reach no handler of the signal by then */
  ((FcEngine *) where_the_engine_was)->notifier = NULL;
  g_object_unref (user_data);
}

gboolean
_fc_notifier_attach (FcEngine  *engine,
                     GError   **error)
{
  g_return_val_if_fail (FC_IS_ENGINE (engine), FALSE);
  g_return_val_if_fail (engine->notifier == NULL, FALSE);

  engine->notifier = _fc_notifier_new (engine, error);
  if (engine->notifier == NULL)
    return FALSE;

  /* The engine's reference, dropped when the engine goes. */
  g_object_weak_ref (G_OBJECT (engine), on_engine_gone, engine->notifier);
  return TRUE;
}

FcNotifier *
fc_engine_get_notifier (FcEngine *self)
{
  g_return_val_if_fail (FC_IS_ENGINE (self), NULL);
  return self->notifier;
}
