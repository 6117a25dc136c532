/* fc-webhook-listener.c: the local HTTP server that receives the providers' webhooks
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-webhook"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "fc-engine-private.h"
#include "fc-inbound-store.h"
#include "fc-webhook-listener-private.h"

G_DEFINE_QUARK (fc-webhook-listener-error-quark, fc_webhook_listener_error)

G_DEFINE_FINAL_TYPE (FcWebhookListener, fc_webhook_listener, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PORT,
  PROP_ADDRESS,
  PROP_ALL_INTERFACES,
  PROP_PUBLIC_URL,
  PROP_MAX_BODY_SIZE,
  PROP_MINUTE_MS,
  PROP_BATCH_DELAY_MS,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_REJECTED,
  SIGNAL_ACCEPTED,
  SIGNAL_EVENT_PROCESSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

const char *
fc_webhook_state_to_string (FcWebhookState state)
{
  switch (state)
    {
    case FC_WEBHOOK_STATE_REGISTERED:
      return "registered";
    case FC_WEBHOOK_STATE_NOT_REGISTERED:
      return "not-registered";
    case FC_WEBHOOK_STATE_MANUAL:
      return "manual";
    case FC_WEBHOOK_STATE_POLLING:
      return "polling";
    default:
      g_return_val_if_reached (NULL);
    }
}

static void
fc_webhook_listener_dispose (GObject *object)
{
  FcWebhookListener *self = FC_WEBHOOK_LISTENER (object);

  fc_webhook_listener_stop (self);
  G_OBJECT_CLASS (fc_webhook_listener_parent_class)->dispose (object);
}

static void
fc_webhook_listener_finalize (GObject *object)
{
  FcWebhookListener *self = FC_WEBHOOK_LISTENER (object);

  g_clear_pointer (&self->secrets, g_hash_table_unref);
  g_clear_pointer (&self->in_flight, g_hash_table_unref);
  g_clear_pointer (&self->busy_mappings, g_hash_table_unref);
  g_free (self->address);
  g_free (self->public_url);
  g_free (self->last_error);
  G_OBJECT_CLASS (fc_webhook_listener_parent_class)->finalize (object);
}

static void
fc_webhook_listener_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  FcWebhookListener *self = FC_WEBHOOK_LISTENER (object);

  switch (prop_id)
    {
    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;
    case PROP_ADDRESS:
      g_value_set_string (value, self->address);
      break;
    case PROP_ALL_INTERFACES:
      g_value_set_boolean (value, self->all_interfaces);
      break;
    case PROP_PUBLIC_URL:
      g_value_set_string (value, self->public_url);
      break;
    case PROP_MAX_BODY_SIZE:
      g_value_set_uint (value, self->max_body_size);
      break;
    case PROP_MINUTE_MS:
      g_value_set_uint (value, self->minute_ms);
      break;
    case PROP_BATCH_DELAY_MS:
      g_value_set_uint (value, self->batch_delay_ms);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->server != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_webhook_listener_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  FcWebhookListener *self = FC_WEBHOOK_LISTENER (object);

  switch (prop_id)
    {
    case PROP_PORT:
      fc_webhook_listener_set_port (self, g_value_get_uint (value));
      break;
    case PROP_ADDRESS:
      fc_webhook_listener_set_address (self, g_value_get_string (value));
      break;
    case PROP_ALL_INTERFACES:
      fc_webhook_listener_set_all_interfaces (self, g_value_get_boolean (value));
      break;
    case PROP_PUBLIC_URL:
      fc_webhook_listener_set_public_url (self, g_value_get_string (value));
      break;
    case PROP_MAX_BODY_SIZE:
      fc_webhook_listener_set_max_body_size (self, g_value_get_uint (value));
      break;
    case PROP_MINUTE_MS:
      fc_webhook_listener_set_minute_ms (self, g_value_get_uint (value));
      break;
    case PROP_BATCH_DELAY_MS:
      fc_webhook_listener_set_batch_delay_ms (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_webhook_listener_class_init (FcWebhookListenerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = fc_webhook_listener_dispose;
  object_class->finalize = fc_webhook_listener_finalize;
  object_class->get_property = fc_webhook_listener_get_property;
  object_class->set_property = fc_webhook_listener_set_property;

  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL, 0, G_MAXUINT16, FC_WEBHOOK_LISTENER_DEFAULT_PORT,
                       flags);
  properties[PROP_ADDRESS] =
    g_param_spec_string ("address", NULL, NULL, "127.0.0.1", flags);
  properties[PROP_ALL_INTERFACES] =
    g_param_spec_boolean ("all-interfaces", NULL, NULL, FALSE, flags);
  properties[PROP_PUBLIC_URL] =
    g_param_spec_string ("public-url", NULL, NULL, NULL, flags);
  properties[PROP_MAX_BODY_SIZE] =
    g_param_spec_uint ("max-body-size", NULL, NULL, 1, G_MAXUINT,
                       FC_WEBHOOK_LISTENER_DEFAULT_MAX_BODY, flags);
  properties[PROP_MINUTE_MS] =
    g_param_spec_uint ("minute-ms", NULL, NULL, 1, G_MAXUINT, 60000, flags);
  properties[PROP_BATCH_DELAY_MS] =
    g_param_spec_uint ("batch-delay-ms", NULL, NULL, 0, 60000, 20, flags);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_REJECTED] =
    g_signal_new ("rejected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_STRING, G_TYPE_STRING);
  signals[SIGNAL_ACCEPTED] =
    g_signal_new ("accepted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_UINT, G_TYPE_UINT);
  signals[SIGNAL_EVENT_PROCESSED] =
    g_signal_new ("event-processed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_STRING);
}

static void
fc_webhook_listener_init (FcWebhookListener *self)
{
  const char *minute = g_getenv ("FLUXCASCADE_WEBHOOK_MINUTE_MS");
  guint64 minute_ms = 0;

  self->port = FC_WEBHOOK_LISTENER_DEFAULT_PORT;
  self->address = g_strdup ("127.0.0.1");
  self->max_body_size = FC_WEBHOOK_LISTENER_DEFAULT_MAX_BODY;
  self->minute_ms = 60000;
  if (minute != NULL && g_ascii_string_to_unsigned (minute, 10, 1, G_MAXUINT, &minute_ms, NULL))
    self->minute_ms = (guint) minute_ms;
  self->batch_delay_ms = 20;
  self->process_at = -1;
  self->secrets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->in_flight = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->busy_mappings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

FcWebhookListener *
_fc_webhook_listener_new (FcEngine *engine)
{
  FcWebhookListener *self = g_object_new (FC_TYPE_WEBHOOK_LISTENER, NULL);

  self->engine = engine;
  return self;
}

FcWebhookListener *
fc_engine_get_webhook_listener (FcEngine *self)
{
  g_return_val_if_fail (FC_IS_ENGINE (self), NULL);

  /* The engine's data keeps the reference, so that the listener goes with the engine. */
  if (self->webhook_listener == NULL)
    {
      self->webhook_listener = _fc_webhook_listener_new (self);
      g_object_set_data_full (G_OBJECT (self), "fc-webhook-listener", self->webhook_listener,
                              g_object_unref);
    }
  return self->webhook_listener;
}

/* ---- properties --------------------------------------------------------------------------- */

/* g_set_str () of GLib 2.76, which Debian 12 lacks */
static gboolean
replace_string (char       **slot,
                const char  *value)
{
  if (g_strcmp0 (*slot, value) == 0)
    return FALSE;
  g_free (*slot);
  *slot = g_strdup (value);
  return TRUE;
}

guint
fc_webhook_listener_get_port (FcWebhookListener *self)
{
  g_return_val_if_fail (FC_IS_WEBHOOK_LISTENER (self), 0);
  return self->port;
}

void
fc_webhook_listener_set_port (FcWebhookListener *self,
                              guint              port)
{
  g_return_if_fail (FC_IS_WEBHOOK_LISTENER (self));
  g_return_if_fail (port <= G_MAXUINT16);

  if (self->port == port)
    return;
  self->port = port;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
}

const char *
fc_webhook_listener_get_address (FcWebhookListener *self)
{
  g_return_val_if_fail (FC_IS_WEBHOOK_LISTENER (self), NULL);
  return self->address;
}

void
fc_webhook_listener_set_address (FcWebhookListener *self,
                                 const char        *address)
{
  g_return_if_fail (FC_IS_WEBHOOK_LISTENER (self));

  if (replace_string (&self->address, address))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ADDRESS]);
}

gboolean
fc_webhook_listener_get_all_interfaces (FcWebhookListener *self)
{
  g_return_val_if_fail (FC_IS_WEBHOOK_LISTENER (self), FALSE);
  return self->all_interfaces;
}

void
fc_webhook_listener_set_all_interfaces (FcWebhookListener *self,
                                        gboolean           all_interfaces)
{
  g_return_if_fail (FC_IS_WEBHOOK_LISTENER (self));

  all_interfaces = !!all_interfaces;
  if (self->all_interfaces == all_interfaces)
    return;
  self->all_interfaces = all_interfaces;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALL_INTERFACES]);
}

const char *
fc_webhook_listener_get_public_url (FcWebhookListener *self)
{
  g_return_val_if_fail (FC_IS_WEBHOOK_LISTENER (self), NULL);
  return self->public_url;
}

void
fc_webhook_listener_set_public_url (FcWebhookListener *self,
                                    const char        *public_url)
{
  g_autofree char *trimmed = NULL;

  g_return_if_fail (FC_IS_WEBHOOK_LISTENER (self));

  /* "" (the preference's default) means none; a trailing slash is dropped */
  if (public_url != NULL && *public_url != '\0')
    {
      trimmed = g_strdup (public_url);
      while (g_str_has_suffix (trimmed, "/"))
        trimmed[strlen (trimmed) - 1] = '\0';
    }
  if (replace_string (&self->public_url, trimmed))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PUBLIC_URL]);
}

guint
fc_webhook_listener_get_max_body_size (FcWebhookListener *self)
{
  g_return_val_if_fail (FC_IS_WEBHOOK_LISTENER (self), 0);
  return self->max_body_size;
}

void
fc_webhook_listener_set_max_body_size (FcWebhookListener *self,
                                       guint              max_body_size)
{
  g_return_if_fail (FC_IS_WEBHOOK_LISTENER (self));
  g_return_if_fail (max_body_size > 0);

  if (self->max_body_size == max_body_size)
    return;
  self->max_body_size = max_body_size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_BODY_SIZE]);
}

guint
fc_webhook_listener_get_minute_ms (FcWebhookListener *self)
{
  g_return_val_if_fail (FC_IS_WEBHOOK_LISTENER (self), 0);
  return self->minute_ms;
}

void
fc_webhook_listener_set_minute_ms (FcWebhookListener *self,
                                   guint              minute_ms)
{
  g_return_if_fail (FC_IS_WEBHOOK_LISTENER (self));
  g_return_if_fail (minute_ms > 0);

  if (self->minute_ms == minute_ms)
    return;
  self->minute_ms = minute_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MINUTE_MS]);
}

guint
fc_webhook_listener_get_batch_delay_ms (FcWebhookListener *self)
{
  g_return_val_if_fail (FC_IS_WEBHOOK_LISTENER (self), 0);
  return self->batch_delay_ms;
}

void
fc_webhook_listener_set_batch_delay_ms (FcWebhookListener *self,
                                        guint              batch_delay_ms)
{
  g_return_if_fail (FC_IS_WEBHOOK_LISTENER (self));

  if (self->batch_delay_ms == batch_delay_ms)
    return;
  self->batch_delay_ms = batch_delay_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BATCH_DELAY_MS]);
}

gboolean
fc_webhook_listener_get_running (FcWebhookListener *self)
{
  g_return_val_if_fail (FC_IS_WEBHOOK_LISTENER (self), FALSE);
  return self->server != NULL;
}

void
_fc_webhook_listener_emit_processed (FcWebhookListener *self,
                                     gint64             id,
                                     const char        *status)
{
  g_signal_emit (self, signals[SIGNAL_EVENT_PROCESSED], 0, id, status);
}

/* ---- requests ----------------------------------------------------------------------------- */

static void
reject (FcWebhookListener *self,
        SoupServerMessage *msg,
        guint              status,
        const char        *connection_id,
        const char        *reason)
{
  const char *method = soup_server_message_get_method (msg);
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));
  const char *phrase = soup_status_get_phrase (status);

  /* the reason goes to the log only: the caller is not trusted yet */
  g_message ("Rejected a webhook (%s %s) with %u: %s", method, path, status, reason);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, phrase,
                                    strlen (phrase));
  if (status == SOUP_STATUS_METHOD_NOT_ALLOWED)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow",
                                  "POST");
  g_signal_emit (self, signals[SIGNAL_REJECTED], 0, status, connection_id, reason);
}

/* Bodies announced as too large are refused before they are read. */
#define TOO_LARGE_KEY "fc-webhook-body-too-large"

/* Once a chunked body passes the limit, the rest is read but no longer kept: the request is
 * answered 413 when it ends (answering earlier would leave the client writing into a closed
 * connection), and memory stays bounded by the limit. */
static void
on_got_chunk_cb (SoupServerMessage *msg,
                 GBytes            *chunk,
                 FcWebhookListener *self)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);

  if (body->length <= (goffset) self->max_body_size)
    return;

  soup_message_body_set_accumulate (body, FALSE);
  soup_message_body_truncate (body);
  g_object_set_data (G_OBJECT (msg), TOO_LARGE_KEY, GINT_TO_POINTER (TRUE));
}

static void
on_early_request_cb (SoupServer        *server,
                     SoupServerMessage *msg,
                     const char        *path,
                     GHashTable        *query,
                     gpointer           user_data)
{
  FcWebhookListener *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  goffset length = soup_message_headers_get_content_length (headers);
  g_autofree char *reason = NULL;

  /* A body of unannounced length is watched as it arrives. */
  if (soup_message_headers_get_encoding (headers) != SOUP_ENCODING_CONTENT_LENGTH)
    {
      g_signal_connect_object (msg, "got-chunk", G_CALLBACK (on_got_chunk_cb), self, 0);
      return;
    }
  if (length <= (goffset) self->max_body_size)
    return;

  reason = g_strdup_printf (_("The body is %lld bytes, more than the %u "
                              "allowed"), (long long) length, self->max_body_size);
  reject (self, msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, NULL, reason);
}

/* The URL the provider called, as it signed it: the public URL when one is set (the provider
 * calls the tunnel or proxy, not us), else the request's own. */
static char *
dup_called_url (FcWebhookListener *self,
                SoupServerMessage *msg)
{
  GUri *uri = soup_server_message_get_uri (msg);
  const char *query = g_uri_get_query (uri);

  if (self->public_url == NULL)
    return g_uri_to_string (uri);
  return g_strconcat (self->public_url, g_uri_get_path (uri), query != NULL ? "?" : "",
                      query != NULL ? query : "", NULL);
}

typedef struct {
  FcWebhookListener *self;
  SoupServerMessage *msg;
  FcConnection      *connection;
} Delivery;

static void
delivery_free (Delivery *delivery)
{
  g_object_unref (delivery->self);
  g_object_unref (delivery->msg);
  g_object_unref (delivery->connection);
  g_free (delivery);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Delivery, delivery_free)

static void
verify_and_store (FcWebhookListener *self,
                  SoupServerMessage *msg,
                  FcConnection      *connection,
                  const char        *secret)
{
  const char *connection_id = fc_connection_get_id (connection);
  SoupMessageBody *request_body = soup_server_message_get_request_body (msg);
  g_autoptr (GBytes) body = soup_message_body_flatten (request_body);
  g_autofree char *url = dup_called_url (self, msg);
  g_autoptr (GPtrArray) events = NULL;
  g_autoptr (GError) error = NULL;
  FcConnector *connector;
  guint stored = 0;

  if (secret == NULL)
    {
      reject (self, msg, SOUP_STATUS_UNAUTHORIZED, connection_id,
              _("No secret to verify this connection’s webhooks is configured"));
      return;
    }

  connector = fc_engine_get_connector (self->engine, connection, &error);
  if (connector != NULL)
    events = fc_connector_parse_webhook (connector, soup_server_message_get_method (msg), url,
                                         soup_server_message_get_request_headers (msg), body,
                                         secret, &error);
  if (events == NULL)
    {
      guint status = g_error_matches (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_SIGNATURE)
                     ? SOUP_STATUS_UNAUTHORIZED : SOUP_STATUS_BAD_REQUEST;

      reject (self, msg, status, connection_id, error->message);
      return;
    }

  if (!_fc_inbound_store_add (fc_engine_get_store (self->engine), connection, events,
                              g_get_real_time () / 1000, &stored, &error))
    {
      g_message ("Could not store a webhook for connection %s: %s", connection_id,
                 error->message);
      soup_server_message_set_status (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
      return;
    }

  g_debug ("Accepted a webhook for connection %s: %u events, %u new", connection_id,
           events->len, stored);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, "{}", 2);
  g_signal_emit (self, signals[SIGNAL_ACCEPTED], 0, connection_id, events->len, stored);
  if (stored > 0)
    _fc_webhook_listener_schedule (self, self->batch_delay_ms);
}

static void
on_secret_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (Delivery) delivery = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *secret = NULL;

  secret = _fc_webhook_listener_lookup_secret_finish (delivery->self, result, &error);
  if (error != NULL)
    g_message ("Could not read the webhook secret of connection %s: %s",
               fc_connection_get_id (delivery->connection), error->message);
  /* stopped meanwhile: the provider tries again later */
  if (delivery->self->server == NULL)
    soup_server_message_set_status (delivery->msg, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL);
  else
    verify_and_store (delivery->self, delivery->msg, delivery->connection, secret);
  soup_server_message_unpause (delivery->msg);
}

static void
on_request_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  FcWebhookListener *self = user_data;
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  const char *secret;
  const char *id = NULL;
  FcConnection *connection = NULL;
  FcConnector *connector = NULL;
  Delivery *delivery;

  /* already answered by the early handler */
  if (soup_server_message_get_status (msg) != 0)
    return;

  if (body->length > (goffset) self->max_body_size)
    {
      g_autofree char *reason = g_strdup_printf (_("The body is %lld bytes, "
                                                   "more than the %u allowed"),
                                                 (long long) body->length, self->max_body_size);

      reject (self, msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, NULL, reason);
      return;
    }
  if (g_object_get_data (G_OBJECT (msg), TOO_LARGE_KEY) != NULL)
    {
      g_autofree char *reason = g_strdup_printf (_("The body is more than the %u bytes allowed"),
                                                 self->max_body_size);

      reject (self, msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, NULL, reason);
      return;
    }

  if (g_strcmp0 (soup_server_message_get_method (msg), SOUP_METHOD_POST) != 0)
    {
      reject (self, msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL,
              _("Webhooks are delivered with POST only"));
      return;
    }

  if (g_str_has_prefix (path, FC_WEBHOOK_LISTENER_PATH "/"))
    id = path + strlen (FC_WEBHOOK_LISTENER_PATH "/");
  if (self->engine != NULL && id != NULL && *id != '\0' && strchr (id, '/') == NULL)
    connection = fc_engine_lookup_connection (self->engine, id);
  if (connection != NULL)
    connector = fc_engine_get_connector (self->engine, connection, NULL);
  if (connector == NULL || !fc_connector_get_receives_webhooks (connector))
    {
      reject (self, msg, SOUP_STATUS_NOT_FOUND, NULL,
              connection == NULL ? _("No connection has this webhook path")
                                 : _("This connection’s provider sends no webhooks"));
      return;
    }

  secret = g_hash_table_lookup (self->secrets, fc_connection_get_id (connection));
  if (secret != NULL)
    {
      verify_and_store (self, msg, connection, secret);
      return;
    }

  /* the first delivery of a connection: its secret comes from the keyring */
  delivery = g_new0 (Delivery, 1);
  delivery->self = g_object_ref (self);
  delivery->msg = g_object_ref (msg);
  delivery->connection = g_object_ref (connection);
  soup_server_message_pause (msg);
  _fc_webhook_listener_lookup_secret_async (self, connection, NULL, on_secret_cb, delivery);
}

/* ---- starting and stopping ---------------------------------------------------------------- */

static gboolean
is_wildcard (const char *address)
{
  return address == NULL || g_str_equal (address, "0.0.0.0") || g_str_equal (address, "::");
}

const char *
fc_webhook_listener_get_last_error (FcWebhookListener *self)
{
  g_return_val_if_fail (FC_IS_WEBHOOK_LISTENER (self), NULL);
  return self->last_error;
}

static gboolean start_listening (FcWebhookListener  *self,
                                 GError            **error);

gboolean
fc_webhook_listener_start (FcWebhookListener  *self,
                           GError            **error)
{
  g_autoptr (GError) local_error = NULL;

  g_return_val_if_fail (FC_IS_WEBHOOK_LISTENER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_clear_pointer (&self->last_error, g_free);
  if (start_listening (self, &local_error))
    return TRUE;

  self->last_error = g_strdup (local_error->message);
  /* The state did not change, but what the app shows about it did. */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static gboolean
start_listening (FcWebhookListener  *self,
                 GError            **error)
{
  g_autoptr (SoupServer) server = NULL;
  g_autoptr (GInetAddress) inet = NULL;
  g_autoptr (GSocketAddress) socket_address = NULL;
  g_autoptr (GError) local_error = NULL;
  gboolean ok;

  if (self->server != NULL)
    return TRUE;

  if (!is_wildcard (self->address))
    {
      inet = g_inet_address_new_from_string (self->address);
      if (inet == NULL)
        {
          g_set_error (error, FC_WEBHOOK_LISTENER_ERROR, FC_WEBHOOK_LISTENER_ERROR_LISTEN,
                       _("The listener address “%s” is not an IP address"), self->address);
          return FALSE;
        }
    }
  if (!self->all_interfaces && (inet == NULL || !g_inet_address_get_is_loopback (inet)))
    {
      g_set_error (error, FC_WEBHOOK_LISTENER_ERROR, FC_WEBHOOK_LISTENER_ERROR_NOT_LOOPBACK,
                   _("The webhook listener may listen on “%s” only when listening on every "
                     "interface is turned on; it listens on loopback otherwise"),
                   self->address != NULL ? self->address : "*");
      return FALSE;
    }

  server = soup_server_new ("server-header", "FluxCascade ", NULL);
  soup_server_add_early_handler (server, FC_WEBHOOK_LISTENER_PATH, on_early_request_cb, self,
                                 NULL);
  soup_server_add_handler (server, FC_WEBHOOK_LISTENER_PATH, on_request_cb, self, NULL);

  if (inet != NULL)
    {
      socket_address = g_inet_socket_address_new (inet, self->port);
      ok = soup_server_listen (server, socket_address, 0, &local_error);
    }
  else
    ok = soup_server_listen_all (server, self->port, 0, &local_error);
  if (!ok)
    {
      g_set_error (error, FC_WEBHOOK_LISTENER_ERROR, FC_WEBHOOK_LISTENER_ERROR_LISTEN,
                   _("The webhook listener cannot listen on port %u: %s"), self->port,
                   local_error->message);
      return FALSE;
    }
  if (inet == NULL || !g_inet_address_get_is_loopback (inet))
    g_warning ("The webhook listener accepts connections from other machines on port %u: "
               "anyone who can reach it may send requests (they are verified, but exposed)",
               fc_webhook_listener_get_port (self));

  self->server = g_steal_pointer (&server);
  /* a listener made without an engine (fc_engine_get_webhook_listener () makes the real one)
   * answers but has nothing to process */
  self->processing = self->engine != NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_info ("Webhook listener on port %u", fc_webhook_listener_get_bound_port (self));

  /* events received before a stop or a crash */
  _fc_webhook_listener_schedule (self, 0);
  _fc_webhook_listener_watch_mappings (self);
  return TRUE;
}

void
fc_webhook_listener_stop (FcWebhookListener *self)
{
  g_return_if_fail (FC_IS_WEBHOOK_LISTENER (self));

  _fc_webhook_listener_stop_queue (self);
  _fc_webhook_listener_unwatch_mappings (self);
  if (self->server == NULL)
    return;

  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

guint
fc_webhook_listener_get_bound_port (FcWebhookListener *self)
{
  GSList *uris;
  guint port = 0;

  g_return_val_if_fail (FC_IS_WEBHOOK_LISTENER (self), 0);

  if (self->server == NULL)
    return 0;
  uris = soup_server_get_uris (self->server);
  if (uris != NULL)
    port = (guint) g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return port;
}

char *
fc_webhook_listener_dup_url (FcWebhookListener *self,
                             FcConnection      *connection)
{
  g_autofree char *base = NULL;
  guint port;

  g_return_val_if_fail (FC_IS_WEBHOOK_LISTENER (self), NULL);
  g_return_val_if_fail (FC_IS_CONNECTION (connection), NULL);

  if (self->public_url != NULL)
    base = g_strdup (self->public_url);
  else
    {
      const char *host = is_wildcard (self->address) ? "127.0.0.1" : self->address;
      gboolean v6 = strchr (host, ':') != NULL;

      port = fc_webhook_listener_get_bound_port (self);
      base = g_strdup_printf ("http://%s%s%s:%u", v6 ? "[" : "", host, v6 ? "]" : "",
                              port != 0 ? port : self->port);
    }
  return g_strconcat (base, FC_WEBHOOK_LISTENER_PATH "/", fc_connection_get_id (connection),
                      NULL);
}
