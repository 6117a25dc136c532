/* fc-notifier-send.c: sending deliveries: signed POSTs, timeouts, retries, the pump
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-notifier"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "fc-notifier-private.h"
#include "fc-store-private.h"

/* Attempts under way at once for one endpoint. */
#define MAX_JOBS_PER_ENDPOINT 4

/* One delivery being sent: it lives from its first attempt to its end (delivered, failed),
 * waiting between attempts on a timeout. The row in the store is the truth; a job that is
 * abandoned (stop, disable, remove) leaves its row as it was last written. */
typedef struct {
  FcNotifier   *notifier;      /* NULL once abandoned */
  gint64        id;
  char         *endpoint_id;
  char         *event_id;
  char         *event_type;
  GBytes       *body;
  guint         attempts;
  GCancellable *cancellable;   /* of the attempt under way */
  guint         wait_source;
  guint         timeout_source;
  gboolean      timed_out;
  char         *refused;       /* why the attempt under way was kept from connecting */
  GPtrArray    *waiters;       /* GTask from fc_notifier_send_delivery_async () */
  /* How the delivery ended while the store could not record it (the disk full): recorded
   * again after RECORD_RETRY_MS. The job stays in the notifier's table meanwhile, so the pump
   * does not send its row, still pending in the store, over and over. */
  FcDeliveryStatus  held_status;
  guint             held_code;
  char             *held_error;
} Job;

/* How long a delivery's end waits before it is recorded again after the store refused it */
#define RECORD_RETRY_MS 1000
/* Before each attempt the job takes its row for a lease (see _fc_notifier_store_claim_delivery):
 * two notifiers on one store, the app's and `fluxcascade-cli serve`'s, never send the same
 * delivery at once. A job whose row another process holds looks again when that lease ends,
 * and no sooner than CLAIM_RETRY_MS. */
#define CLAIM_SLACK_MS  5000
#define CLAIM_RETRY_MS  100

static void attempt (Job *job);
static void on_network_event_cb (SoupMessage        *message,
                                 GSocketClientEvent  event,
                                 GIOStream          *connection,
                                 gpointer            user_data);

static void
job_free (Job *job)
{
  g_clear_handle_id (&job->wait_source, g_source_remove);
  g_clear_handle_id (&job->timeout_source, g_source_remove);
  g_free (job->endpoint_id);
  g_free (job->event_id);
  g_free (job->event_type);
  g_free (job->refused);
  g_free (job->held_error);
  g_clear_pointer (&job->body, g_bytes_unref);
  g_clear_object (&job->cancellable);
  g_clear_pointer (&job->waiters, g_ptr_array_unref);
  g_free (job);
}

static void
return_to_waiters (Job        *job,
                   FcDelivery *delivery,
                   GError     *error)
{
  for (guint i = 0; i < job->waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (job->waiters, i);

      if (delivery != NULL)
        g_task_return_pointer (task, g_object_ref (delivery), g_object_unref);
      else
        g_task_return_error (task, g_error_copy (error));
    }
  g_ptr_array_set_size (job->waiters, 0);
}

/* The notifier lets go of @job: its waiters are told, and it is freed now unless an async
 * call still holds it (that callback frees it). */
static void
abandon (Job *job)
{
  g_autoptr (GError) error = NULL;
  gboolean busy = job->cancellable != NULL;

  error = g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                       _("Delivery %lld was stopped before it ended"),
                       (long long) job->id);
  return_to_waiters (job, NULL, error);
  job->notifier = NULL;
  g_clear_handle_id (&job->wait_source, g_source_remove);
  g_clear_handle_id (&job->timeout_source, g_source_remove);
  if (busy)
    g_cancellable_cancel (job->cancellable);
  else
    job_free (job);
}

void
_fc_notifier_cancel_jobs (FcNotifier *self,
                          const char *endpoint_id)
{
  GHashTableIter iter;
  gpointer value;
  g_autoptr (GPtrArray) dropped = g_ptr_array_new ();

  if (self->jobs == NULL)
    return;

  g_hash_table_iter_init (&iter, self->jobs);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Job *job = value;

      if (endpoint_id == NULL || g_strcmp0 (job->endpoint_id, endpoint_id) == 0)
        {
          g_hash_table_iter_remove (&iter);
          g_ptr_array_add (dropped, job);
        }
    }

  for (guint i = 0; i < dropped->len; i++)
    abandon (g_ptr_array_index (dropped, i));
}

/* The delivery has ended (or the job cannot go on): tell the waiters and let the pump send
 * what comes next. */
static void
finish (Job *job)
{
  FcNotifier *self = job->notifier;
  g_autoptr (FcDelivery) delivery = NULL;
  g_autoptr (GError) error = NULL;

  g_hash_table_remove (self->jobs, &job->id);
  delivery = _fc_notifier_store_get_delivery (self->store, job->id, &error);
  return_to_waiters (job, delivery, error);
  _fc_notifier_emit_deliveries_changed (self, job->endpoint_id);
  job_free (job);
  _fc_notifier_queue_pump (self);
}

static gboolean
record (Job              *job,
        FcDeliveryStatus  status,
        guint             status_code,
        const char       *error_text,
        gint64            next_attempt_ms)
{
  g_autoptr (GError) error = NULL;

  if (!_fc_notifier_store_record_attempt (job->notifier->store, job->id, status, job->attempts,
                                          status_code, error_text, next_attempt_ms, &error))
    {
      g_warning ("Delivery %" G_GINT64_FORMAT ": %s", job->id, error->message);
      return FALSE;
    }
  return TRUE;
}

static void succeed (Job        *job,
                     guint       status_code);
static void give_up (Job        *job,
                     guint       status_code,
                     const char *error_text);

static gboolean
on_record_retry_cb (gpointer user_data)
{
  Job *job = user_data;
  g_autofree char *error_text = g_steal_pointer (&job->held_error);

  job->wait_source = 0;
  if (job->held_status == FC_DELIVERY_STATUS_DELIVERED)
    succeed (job, job->held_code);
  else
    give_up (job, job->held_code, error_text);
  return G_SOURCE_REMOVE;
}

/* The store refused the delivery's end: keep the job, record it again later. */
static void
hold_end (Job              *job,
          FcDeliveryStatus  status,
          guint             status_code,
          const char       *error_text)
{
  job->held_status = status;
  job->held_code = status_code;
  g_free (job->held_error);
  job->held_error = g_strdup (error_text);
  job->wait_source = g_timeout_add (RECORD_RETRY_MS, on_record_retry_cb, job);
}

static gboolean
on_wait_done_cb (gpointer user_data)
{
  Job *job = user_data;

  job->wait_source = 0;
  attempt (job);
  return G_SOURCE_REMOVE;
}

static void
wait_then_attempt (Job    *job,
                   gint64  delay_ms)
{
  job->wait_source = g_timeout_add ((guint) MAX (delay_ms, 0), on_wait_done_cb, job);
}

static void
succeed (Job   *job,
         guint  status_code)
{
  FcNotifier *self = job->notifier;
  g_autofree char *endpoint_id = g_strdup (job->endpoint_id);

  if (!record (job, FC_DELIVERY_STATUS_DELIVERED, status_code, NULL, 0))
    {
      hold_end (job, FC_DELIVERY_STATUS_DELIVERED, status_code, NULL);
      return;
    }
  g_debug ("Delivery %" G_GINT64_FORMAT " (%s) delivered after %u attempts", job->id,
           job->event_type, job->attempts);
  finish (job);
  _fc_notifier_note_success (self, endpoint_id);
}

static void
fail_attempt (Job        *job,
              guint       status_code,
              const char *error_text)
{
  FcNotifier *self = job->notifier;
  gint64 delay_ms;

  g_debug ("Delivery %" G_GINT64_FORMAT " attempt %u failed: %s", job->id, job->attempts,
           error_text);

  if (job->attempts < FC_NOTIFIER_MAX_ATTEMPTS)
    {
      /* 1, 2, 4 times the base */
      delay_ms = (gint64) self->retry_base_ms << (job->attempts - 1);
      record (job, FC_DELIVERY_STATUS_PENDING, status_code, error_text,
              _fc_store_now_ms () + delay_ms);
      _fc_notifier_emit_deliveries_changed (self, job->endpoint_id);
      wait_then_attempt (job, delay_ms);
      return;
    }

  give_up (job, status_code, error_text);
}

/* The last attempt failed: the delivery is failed. */
static void
give_up (Job        *job,
         guint       status_code,
         const char *error_text)
{
  FcNotifier *self = job->notifier;
  g_autofree char *endpoint_id = NULL;
  g_autofree char *last_error = NULL;

  if (!record (job, FC_DELIVERY_STATUS_FAILED, status_code, error_text, 0))
    {
      hold_end (job, FC_DELIVERY_STATUS_FAILED, status_code, error_text);
      return;
    }
  endpoint_id = g_strdup (job->endpoint_id);
  last_error = g_strdup (error_text);
  finish (job);
  _fc_notifier_note_failure (self, endpoint_id, last_error);
}

static gboolean
on_attempt_timeout_cb (gpointer user_data)
{
  Job *job = user_data;

  job->timeout_source = 0;
  job->timed_out = TRUE;
  g_cancellable_cancel (job->cancellable);
  return G_SOURCE_REMOVE;
}

/* Ends the attempt's async part. FALSE when the job was abandoned meanwhile (and is freed). */
static gboolean
end_async (Job *job)
{
  g_clear_handle_id (&job->timeout_source, g_source_remove);
  g_clear_object (&job->cancellable);
  if (job->notifier != NULL)
    return TRUE;
  job_free (job);
  return FALSE;
}

static void
on_sent_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Job *job = user_data;
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr (GBytes) answer = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  guint status;

  g_signal_handlers_disconnect_by_func (message, on_network_event_cb, job);
  answer = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (!end_async (job))
    return;

  job->attempts++;
  if (job->refused != NULL)
    {
      g_autofree char *refused = g_steal_pointer (&job->refused);

      g_message ("Delivery %" G_GINT64_FORMAT ": %s", job->id, refused);
      fail_attempt (job, 0, refused);
      return;
    }
  if (answer == NULL)
    {
      if (job->timed_out)
        text = g_strdup_printf (_("No answer within %u ms"), job->notifier->timeout_ms);
      else
        text = g_strdup (error->message);
      fail_attempt (job, 0, text);
      return;
    }

  status = soup_message_get_status (message);
  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      succeed (job, status);
      return;
    }

  text = g_strdup_printf (_("The endpoint answered HTTP %u %s"), status,
                          soup_message_get_reason_phrase (message) != NULL
                            ? soup_message_get_reason_phrase (message) : "");
  g_strchomp (text);
  fail_attempt (job, status, text);
}

/* Where the host name of the URL led: a name may resolve to the local network even though the
 * URL passed fc_notifier_check_url (). Checked on every address the connection is about to
 * use, before anything is sent; the socket is closed and the attempt cancelled when it fails.
 * Through a proxy, the address is the proxy's, which the user chose. */
static void
on_network_event_cb (SoupMessage        *message,
                     GSocketClientEvent  event,
                     GIOStream          *connection,
                     gpointer            user_data)
{
  Job *job = user_data;
  g_autoptr (GSocketAddress) remote = NULL;
  g_autoptr (GError) error = NULL;
  GInetAddress *address;

  if (event != G_SOCKET_CLIENT_CONNECTING || !G_IS_SOCKET_CONNECTION (connection))
    return;
  remote = g_socket_connection_get_remote_address (G_SOCKET_CONNECTION (connection), NULL);
  if (!G_IS_INET_SOCKET_ADDRESS (remote) || G_IS_PROXY_ADDRESS (remote))
    return;

  address = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (remote));
  if (fc_notifier_check_address (address, &error))
    return;

  g_socket_close (g_socket_connection_get_socket (G_SOCKET_CONNECTION (connection)), NULL);
  if (job->refused == NULL)
    job->refused = g_strdup_printf (_("Refused to connect to “%s”: %s"),
                                    g_uri_get_host (soup_message_get_uri (message)),
                                    error->message);
  if (job->cancellable != NULL)
    g_cancellable_cancel (job->cancellable);
}

static void
send_signed (Job        *job,
             const char *secret)
{
  FcNotifier *self = job->notifier;
  FcEndpoint *endpoint = _fc_notifier_find_endpoint (self, job->endpoint_id);
  g_autoptr (SoupMessage) message = NULL;
  g_autoptr (GString) stamped = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *stamped_signature = NULL;
  g_autofree char *timestamp = NULL;
  gsize length;
  const char *body = g_bytes_get_data (job->body, &length);

  if (endpoint == NULL)
    {
      job->attempts++;
      fail_attempt (job, 0, _("The endpoint no longer exists"));
      return;
    }

  message = soup_message_new ("POST", fc_endpoint_get_url (endpoint));
  if (message == NULL)
    {
      job->attempts++;
      fail_attempt (job, 0, _("The endpoint URL cannot be used"));
      return;
    }

  timestamp = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / G_USEC_PER_SEC);
  signature = fc_notifier_sign (secret, body, length);
  stamped = g_string_new (timestamp);
  g_string_append_c (stamped, '.');
  g_string_append_len (stamped, body, length);
  stamped_signature = fc_notifier_sign (secret, stamped->str, stamped->len);

  /* A redirect could lead the signed payload to a host the URL rules refuse. */
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
  g_signal_connect (message, "network-event", G_CALLBACK (on_network_event_cb), job);
  soup_message_set_request_body_from_bytes (message, "application/json", job->body);
  soup_message_headers_replace (soup_message_get_request_headers (message),
                                FC_NOTIFIER_SIGNATURE_HEADER, signature);
  soup_message_headers_replace (soup_message_get_request_headers (message),
                                FC_NOTIFIER_TIMESTAMP_HEADER, timestamp);
  soup_message_headers_replace (soup_message_get_request_headers (message),
                                FC_NOTIFIER_TIMESTAMP_SIGNATURE_HEADER, stamped_signature);
  soup_message_headers_replace (soup_message_get_request_headers (message),
                                FC_NOTIFIER_EVENT_ID_HEADER, job->event_id);
  soup_message_headers_replace (soup_message_get_request_headers (message),
                                FC_NOTIFIER_EVENT_TYPE_HEADER, job->event_type);

  job->timed_out = FALSE;
  job->cancellable = g_cancellable_new ();
  job->timeout_source = g_timeout_add (self->timeout_ms, on_attempt_timeout_cb, job);
  soup_session_send_and_read_async (self->session, message, G_PRIORITY_DEFAULT,
                                    job->cancellable, on_sent_cb, job);
}

static void
on_secret_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Job *job = user_data;
  g_autoptr (GError) error = NULL;
  char *secret = _fc_notifier_secret_lookup_finish (result, &error);

  if (!end_async (job))
    {
      _fc_notifier_secret_free (secret);
      return;
    }

  if (secret == NULL)
    {
      g_autofree char *text = error != NULL
        ? g_strdup (error->message)
        : g_strdup_printf (_("The signing secret of endpoint %s is not in the keyring"),
                           job->endpoint_id);

      job->attempts++;
      fail_attempt (job, 0, text);
      return;
    }

  g_hash_table_insert (job->notifier->secrets, g_strdup (job->endpoint_id), secret);
  send_signed (job, secret);
}

/* Another process's notifier on the same store took the delivery, or ended it: follow the row.
 * Ended, the job ends with it; still pending, the job waits for its next due time (the end
 * of that process's lease, or its retry) and tries again. */
static void
follow_row (Job *job)
{
  g_autoptr (FcDelivery) delivery = NULL;
  g_autoptr (GError) error = NULL;
  GDateTime *next;

  delivery = _fc_notifier_store_get_delivery (job->notifier->store, job->id, &error);
  if (delivery == NULL || fc_delivery_get_status (delivery) != FC_DELIVERY_STATUS_PENDING)
    {
      finish (job);
      return;
    }
  job->attempts = fc_delivery_get_attempts (delivery);
  next = fc_delivery_get_next_attempt_at (delivery);
  wait_then_attempt (job, MAX (next != NULL ? _fc_store_ms_from_date_time (next)
                                              - _fc_store_now_ms () : 0, CLAIM_RETRY_MS));
}

static void
attempt (Job *job)
{
  const char *secret = g_hash_table_lookup (job->notifier->secrets, job->endpoint_id);
  g_autoptr (GError) error = NULL;
  gboolean claimed;
  /* Long enough for the keyring, the attempt's own time limit, and recording its end */
  gint64 lease_ms = 2 * (gint64) job->notifier->timeout_ms + CLAIM_SLACK_MS;

  if (!_fc_notifier_store_claim_delivery (job->notifier->store, job->id, job->attempts,
                                          _fc_store_now_ms () + lease_ms, &claimed, &error))
    {
      /* Nothing is sent that could not be recorded. */
      g_warning ("Delivery %" G_GINT64_FORMAT ": %s", job->id, error->message);
      wait_then_attempt (job, RECORD_RETRY_MS);
      return;
    }
  if (!claimed)
    {
      follow_row (job);
      return;
    }

  if (secret != NULL)
    {
      send_signed (job, secret);
      return;
    }

  job->cancellable = g_cancellable_new ();
  _fc_notifier_secret_lookup_async (job->endpoint_id, job->cancellable, on_secret_cb, job);
}

/* Makes the job of the pending delivery @delivery and starts it. */
static Job *
start_job (FcNotifier *self,
           FcDelivery *delivery)
{
  Job *job = g_new0 (Job, 1);
  const char *payload = fc_delivery_get_payload (delivery);
  GDateTime *next = fc_delivery_get_next_attempt_at (delivery);
  gint64 delay_ms = next != NULL ? _fc_store_ms_from_date_time (next) - _fc_store_now_ms () : 0;

  job->notifier = self;
  job->id = fc_delivery_get_id (delivery);
  job->endpoint_id = g_strdup (fc_delivery_get_endpoint_id (delivery));
  job->event_id = g_strdup (fc_delivery_get_event_id (delivery));
  job->event_type = g_strdup (fc_delivery_get_event_type (delivery));
  job->body = g_bytes_new (payload, strlen (payload));
  job->attempts = fc_delivery_get_attempts (delivery);
  job->waiters = g_ptr_array_new_with_free_func (g_object_unref);
  g_hash_table_insert (self->jobs, &job->id, job);

  /* What is left of a wait an earlier process began. */
  if (delay_ms > 0)
    wait_then_attempt (job, delay_ms);
  else
    attempt (job);
  return job;
}

void
_fc_notifier_send_one (FcNotifier *self,
                       gint64      id,
                       GTask      *task)
{
  g_autoptr (FcDelivery) delivery = NULL;
  GError *error = NULL;
  Job *job = g_hash_table_lookup (self->jobs, &id);

  if (job == NULL)
    {
      delivery = fc_notifier_get_delivery (self, id, &error);
      if (delivery == NULL)
        {
          if (task != NULL)
            g_task_return_error (task, error);
          else
            g_error_free (error);
          return;
        }
      if (fc_delivery_get_status (delivery) != FC_DELIVERY_STATUS_PENDING)
        {
          if (task != NULL)
            g_task_return_pointer (task, g_steal_pointer (&delivery), g_object_unref);
          return;
        }
      job = start_job (self, delivery);
    }

  if (task != NULL)
    g_ptr_array_add (job->waiters, g_object_ref (task));
}

static guint
count_jobs (FcNotifier *self,
            const char *endpoint_id)
{
  GHashTableIter iter;
  gpointer value;
  guint count = 0;

  g_hash_table_iter_init (&iter, self->jobs);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (g_strcmp0 (((Job *) value)->endpoint_id, endpoint_id) == 0)
      count++;
  return count;
}

static void
pump_endpoint (FcNotifier *self,
               FcEndpoint *endpoint)
{
  const char *endpoint_id = fc_endpoint_get_id (endpoint);
  guint running = count_jobs (self, endpoint_id);
  g_autoptr (GArray) ids = NULL;
  g_autoptr (GError) error = NULL;

  if (running >= MAX_JOBS_PER_ENDPOINT)
    return;

  /* The oldest pending rows, some of which may be running already. */
  ids = _fc_notifier_store_list_pending (self->store, endpoint_id,
                                         MAX_JOBS_PER_ENDPOINT + running, &error);
  if (ids == NULL)
    {
      g_warning ("Endpoint %s: %s", endpoint_id, error->message);
      return;
    }

  for (guint i = 0; i < ids->len && running < MAX_JOBS_PER_ENDPOINT; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);

      if (g_hash_table_contains (self->jobs, &id))
        continue;
      _fc_notifier_send_one (self, id, NULL);
      running++;
    }
}

static gboolean
on_pump_cb (gpointer user_data)
{
  FcNotifier *self = user_data;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->endpoints));

  self->pump_source = 0;
  if (!self->started)
    return G_SOURCE_REMOVE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (FcEndpoint) endpoint = g_list_model_get_item (G_LIST_MODEL (self->endpoints), i);

      if (fc_endpoint_get_enabled (endpoint))
        pump_endpoint (self, endpoint);
    }
  return G_SOURCE_REMOVE;
}

void
_fc_notifier_queue_pump (FcNotifier *self)
{
  if (!self->started || self->pump_source != 0)
    return;
  self->pump_source = g_idle_add (on_pump_cb, self);
}
