/* fc-http.c: a connection's HTTP client: tokens, rate limits, retries and provider errors
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-http"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "fc-connector-private.h"
#include "fc-http.h"
#include "fc-http-private.h"
#include "fc-json-scan.h"
#include "fc-task-wait.h"
#include "fc-provider-info.h"

struct _FcHttp
{
  GObject       parent_instance;

  FcConnection *connection;
  FcAuth       *auth;
  SoupSession  *session;

  guint         timeout;
  guint         max_attempts;
  guint         backoff_ms;
  guint         max_backoff_ms;
  guint         max_rate_limit_retries;
  guint         max_rate_limit_wait_ms;
  guint         n_sent;
  gint64        last_date_ms;
};

G_DEFINE_FINAL_TYPE (FcHttp, fc_http, G_TYPE_OBJECT)

enum {
  GOT_RESPONSE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];


/* The state of one request across its tries (the task data) */
typedef struct
{
  char          *method;
  char          *path;
  GBytes        *body;
  FcRateLimiter *limiter;
  gboolean       reserved;           /* the limiter counted the try in flight as sent, */
  gint64         reserved_us;        /* at this time */
  FcHttpFlags    flags;
  char          *what;

  FcToken       *token;
  gboolean       force_refresh;
  gboolean       refreshed;
  guint          failures;           /* 5xx, connection failures and timeouts so far */
  guint          rate_limited;       /* 429s so far */
  SoupMessage   *message;

  guint          status;
  char          *provider_code;
  GStrv          headers;            /* extra request headers: name, value, ... */

} Request;

static void step_token (GTask *task);
static void step_limit (GTask *task);

static void
request_free (Request *req)
{
  g_free (req->method);
  g_free (req->path);
  g_clear_pointer (&req->body, g_bytes_unref);
  g_clear_object (&req->limiter);
  g_free (req->what);
  g_clear_pointer (&req->token, fc_token_unref);
  g_clear_object (&req->message);
  g_free (req->provider_code);
  g_strfreev (req->headers);
  g_free (req);
}

static void
fc_http_dispose (GObject *object)
{
  FcHttp *self = (FcHttp *) object;

  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->auth);
  g_clear_object (&self->connection);

  G_OBJECT_CLASS (fc_http_parent_class)->dispose (object);
}

static void
fc_http_class_init (FcHttpClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = fc_http_dispose;

  signals[GOT_RESPONSE] =
    g_signal_new ("got-response", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT,
                  SOUP_TYPE_MESSAGE_HEADERS | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
fc_http_init (FcHttp *self)
{
  self->timeout = FC_HTTP_DEFAULT_TIMEOUT_SECONDS;
  self->max_attempts = FC_HTTP_DEFAULT_MAX_ATTEMPTS;
  self->backoff_ms = FC_HTTP_DEFAULT_BACKOFF_MS;
  self->max_backoff_ms = FC_HTTP_DEFAULT_MAX_BACKOFF_MS;
  self->max_rate_limit_retries = FC_HTTP_DEFAULT_MAX_RATE_LIMIT_RETRIES;
  self->max_rate_limit_wait_ms = FC_HTTP_DEFAULT_MAX_RATE_LIMIT_WAIT_MS;
  self->last_date_ms = -1;
  self->session = soup_session_new_with_options ("timeout", self->timeout,
                                                 "user-agent", "FluxCascade/" PACKAGE_VERSION,
                                                 NULL);
}

FcHttp *
fc_http_new (FcConnection *connection,
             FcAuth       *auth)
{
  FcHttp *self;

  g_return_val_if_fail (FC_IS_CONNECTION (connection), NULL);
  g_return_val_if_fail (FC_IS_AUTH (auth), NULL);

  self = g_object_new (FC_TYPE_HTTP, NULL);
  self->connection = g_object_ref (connection);
  self->auth = g_object_ref (auth);
  return self;
}

FcConnection *
fc_http_get_connection (FcHttp *self)
{
  g_return_val_if_fail (FC_IS_HTTP (self), NULL);
  return self->connection;
}

FcAuth *
fc_http_get_auth (FcHttp *self)
{
  g_return_val_if_fail (FC_IS_HTTP (self), NULL);
  return self->auth;
}

guint
fc_http_get_timeout (FcHttp *self)
{
  g_return_val_if_fail (FC_IS_HTTP (self), 0);
  return self->timeout;
}

void
fc_http_set_timeout (FcHttp *self,
                     guint   seconds)
{
  g_return_if_fail (FC_IS_HTTP (self));
  g_return_if_fail (seconds > 0);

  self->timeout = seconds;
  g_object_set (self->session, "timeout", seconds, NULL);
}

void
fc_http_set_retry_policy (FcHttp *self,
                          guint   max_attempts,
                          guint   backoff_ms,
                          guint   max_backoff_ms)
{
  g_return_if_fail (FC_IS_HTTP (self));
  g_return_if_fail (max_attempts > 0);

  self->max_attempts = max_attempts;
  self->backoff_ms = backoff_ms;
  self->max_backoff_ms = MAX (backoff_ms, max_backoff_ms);
}

void
fc_http_set_rate_limit_policy (FcHttp *self,
                               guint   max_retries,
                               guint   max_wait_ms)
{
  g_return_if_fail (FC_IS_HTTP (self));

  self->max_rate_limit_retries = max_retries;
  self->max_rate_limit_wait_ms = max_wait_ms;
}

guint
fc_http_get_n_sent (FcHttp *self)
{
  g_return_val_if_fail (FC_IS_HTTP (self), 0);
  return self->n_sent;
}

gint64
fc_http_get_last_date_ms (FcHttp *self)
{
  g_return_val_if_fail (FC_IS_HTTP (self), -1);
  return self->last_date_ms;
}

SoupSession *
_fc_http_get_session (FcHttp *self)
{
  g_return_val_if_fail (FC_IS_HTTP (self), NULL);
  return self->session;
}

gint64
_fc_http_date_ms (SoupMessageHeaders *headers)
{
  const char *text = soup_message_headers_get_one (headers, "Date");
  g_autoptr (GDateTime) date = text != NULL ? soup_date_time_new_from_http_string (text) : NULL;

  return date != NULL ? g_date_time_to_unix (date) * 1000 : -1;
}

static void
remember_date (FcHttp             *self,
               SoupMessageHeaders *headers)
{
  gint64 date_ms = _fc_http_date_ms (headers);

  if (date_ms >= 0)
    self->last_date_ms = date_ms;
}

char *
fc_http_build_path (const char *path,
                    const char *first_name,
                    ...)
{
  GString *built = g_string_new (path);
  gboolean first = strchr (path, '?') == NULL;
  va_list args;

  va_start (args, first_name);
  for (const char *name = first_name; name != NULL; name = va_arg (args, const char *))
    {
      const char *value = va_arg (args, const char *);

      if (value == NULL)
        continue;
      g_string_append_c (built, first ? '?' : '&');
      g_string_append_uri_escaped (built, name, NULL, FALSE);
      g_string_append_c (built, '=');
      g_string_append_uri_escaped (built, value, NULL, FALSE);
      first = FALSE;
    }
  va_end (args);

  return g_string_free (built, FALSE);
}

/* ---- waiting: backoff (the waits themselves are fc_task_wait_then ()) ------------------ */

/* Exponential backoff with up to 25 % jitter, for failure number @failures (1, 2, ...). */
static guint
backoff_delay (FcHttp *self,
               guint   failures)
{
  guint64 delay = self->backoff_ms;

  for (guint i = 1; i < failures && delay < self->max_backoff_ms; i++)
    delay *= 2;
  delay = MIN (delay, self->max_backoff_ms);
  if (delay >= 4)
    delay += g_random_int_range (0, (gint32) (delay / 4));
  return (guint) delay;
}

/* ---- errors ---------------------------------------------------------------------------- */

static const char *
provider_name (FcHttp *self)
{
  return fc_provider_get_display_name (fc_connection_get_provider (self->connection));
}

static int
error_code_for_status (guint status)
{
  if (status == 400 || status == 422)
    return FC_CONNECTOR_ERROR_VALIDATION;
  if (status == 401 || status == 403)
    return FC_CONNECTOR_ERROR_AUTH;
  if (status == 404 || status == 410)
    return FC_CONNECTOR_ERROR_NOT_FOUND;
  if (status == 409)
    return FC_CONNECTOR_ERROR_CONFLICT;
  if (status == 429)
    return FC_CONNECTOR_ERROR_RATE_LIMITED;
  if (status >= 500)
    return FC_CONNECTOR_ERROR_SERVER;
  return FC_CONNECTOR_ERROR_FAILED;
}

static char *
dup_scalar (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return *json_node_get_string (node) != '\0' ? g_strdup (json_node_get_string (node)) : NULL;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  return NULL;
}

/* The provider's error body: HubSpot {message, category, correlationId, errors[]}, Pipedrive
 * {error, error_info, errorCode}, Salesforce [{message, errorCode, fields}] (the first entry). */
GError *
_fc_http_error_from_body (const char  *provider,
                          const char  *what,
                          guint        status,
                          GBytes      *body,
                          char       **out_code)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autofree char *message = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *code = NULL;
  g_autofree char *correlation = NULL;
  g_autoptr (GString) text = g_string_new (NULL);
  gsize size = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &size) : NULL;
  JsonNode *root = NULL;

  if (size > 0 && _fc_json_nesting_fits (data, size)
      && json_parser_load_from_data (parser, data, (gssize) size, NULL))
    root = json_parser_get_root (parser);
  if (root != NULL && JSON_NODE_HOLDS_ARRAY (root)
      && json_array_get_length (json_node_get_array (root)) > 0)
    root = json_array_get_element (json_node_get_array (root), 0);

  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *object = json_node_get_object (root);

      message = dup_scalar (object, "message");
      if (message == NULL)
        message = dup_scalar (object, "error");
      detail = dup_scalar (object, "error_info");
      code = dup_scalar (object, "category");
      if (code == NULL)
        code = dup_scalar (object, "errorCode");
      if (code == NULL)
        code = dup_scalar (object, "code");
      correlation = dup_scalar (object, "correlationId");
    }

  g_string_append_printf (text, "%s: ", what);
  if (message != NULL)
    g_string_append (text, message);
  else
    g_string_append_printf (text, _("%s answered “%s”"), provider,
                            soup_status_get_phrase (status));
  if (detail != NULL && g_strcmp0 (detail, message) != 0)
    g_string_append_printf (text, " (%s)", detail);
  g_string_append_printf (text, " [HTTP %u", status);
  if (code != NULL)
    g_string_append_printf (text, ", %s", code);
  if (correlation != NULL)
    g_string_append_printf (text, _(", correlation id %s"), correlation);
  g_string_append_c (text, ']');

  *out_code = g_steal_pointer (&code);
  return g_error_new_literal (FC_CONNECTOR_ERROR, error_code_for_status (status), text->str);
}

#define REDACTED "[redacted]"

/* Blanks out every value of @secrets longer than 3 characters in @text: as it is,
 * percent-encoded, and JSON-escaped. */
static void
redact_secrets (GString            *text,
                const char * const *secrets)
{
  for (guint i = 0; secrets != NULL && secrets[i] != NULL; i++)
    {
      g_autofree char *escaped = NULL;
      g_autoptr (GString) json = NULL;

      if (strlen (secrets[i]) <= 3)
        continue;
      escaped = g_uri_escape_string (secrets[i], NULL, FALSE);
      json = g_string_new (secrets[i]);
      g_string_replace (text, secrets[i], REDACTED, 0);
      g_string_replace (text, escaped, REDACTED, 0);
      /* JSON may write a '/' as "\/" */
      if (g_string_replace (json, "/", "\\/", 0) > 0)
        g_string_replace (text, json->str, REDACTED, 0);
    }
}

void
_fc_http_set_raw_error (GError             *error,
                        guint               status,
                        GBytes             *body,
                        const char * const *secrets)
{
  g_autoptr (GString) text = NULL;
  gsize size = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &size) : NULL;

  g_return_if_fail (error != NULL && error->domain == FC_CONNECTOR_ERROR);

  text = g_string_new_len (data != NULL ? data : "", (gssize) size);
  redact_secrets (text, secrets);
  fc_connector_error_set_raw (error, status, text->str, (gssize) text->len);
}

/* Sets @req->provider_code and returns the error, which keeps the provider's answer. A token
 * the provider echoed is blanked out of both, since both go to the run log. */
static GError *
error_from_response (FcHttp     *self,
                     Request    *req,
                     guint       status,
                     GBytes     *body)
{
  const char *secrets[3] = { NULL, };
  GString *message;
  GError *error;

  g_free (req->provider_code);
  error = _fc_http_error_from_body (provider_name (self), req->what, status, body,
                                    &req->provider_code);
  if (req->token != NULL)
    {
      secrets[0] = fc_token_get_access_token (req->token);
      secrets[1] = secrets[0] != NULL ? fc_token_get_refresh_token (req->token) : NULL;
    }
  _fc_http_set_raw_error (error, status, body, secrets);
  message = g_string_new (error->message);
  redact_secrets (message, secrets);
  g_free (error->message);
  error->message = g_string_free (message, FALSE);
  return error;
}

static void
return_network_error (GTask        *task,
                      const GError *cause)
{
  FcHttp *self = g_task_get_source_object (task);
  Request *req = g_task_get_task_data (task);
  g_autofree char *host = NULL;

  if (req->message != NULL)
    host = g_strdup (g_uri_get_host (soup_message_get_uri (req->message)));

  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    g_task_return_new_error (task, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_NETWORK,
                             ngettext ("%s: %s at %s did not answer within %u seconds (%u try)",
                                       "%s: %s at %s did not answer within %u seconds (%u tries)",
                                       req->failures),
                             req->what, provider_name (self), host != NULL ? host : "?",
                             self->timeout, req->failures);
  else
    g_task_return_new_error (task, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_NETWORK,
                             ngettext ("%s: could not reach %s at %s: %s (%u try)",
                                       "%s: could not reach %s at %s: %s (%u tries)",
                                       req->failures),
                             req->what, provider_name (self), host != NULL ? host : "?",
                             cause->message, req->failures);
}

/* ---- the steps ------------------------------------------------------------------------- */

static void
on_token_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  Request *req = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  FcToken *token;

  token = fc_auth_get_token_finish (FC_AUTH (object), result, &error);
  if (token == NULL)
    {
      int code = FC_CONNECTOR_ERROR_AUTH;

      if (g_error_matches (error, FC_AUTH_ERROR, FC_AUTH_ERROR_CANCELLED)
          || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s",
                                   error->message);
          return;
        }
      if (g_error_matches (error, FC_AUTH_ERROR, FC_AUTH_ERROR_NETWORK))
        code = FC_CONNECTOR_ERROR_NETWORK;
      g_task_return_new_error (task, FC_CONNECTOR_ERROR, code, "%s: %s", req->what,
                               error->message);
      return;
    }

  g_clear_pointer (&req->token, fc_token_unref);
  req->token = token;
  req->force_refresh = FALSE;
  step_limit (task);
}

/* The single place that asks for a token. */
static void
step_token (GTask *task)
{
  FcHttp *self = g_task_get_source_object (task);
  Request *req = g_task_get_task_data (task);

  /* After a 401, say which token was refused, so that a token renewed meanwhile by another
   * request is used as it is and a refused one is always renewed. */
  if (req->force_refresh && req->token != NULL)
    fc_auth_replace_token_async (self->auth, self->connection,
                                 fc_token_get_access_token (req->token),
                                 g_task_get_cancellable (task), on_token_cb,
                                 g_object_ref (task));
  else
    fc_auth_get_token_async (self->auth, self->connection, req->force_refresh,
                             g_task_get_cancellable (task), on_token_cb, g_object_ref (task));
}

/* Pipedrive's x-ratelimit-reset, seconds with maybe a fraction, in milliseconds: -1 when
 * there is none or it is no number of seconds (negative, NaN), and at most G_MAXUINT32 seconds,
 * so that a huge value cannot overflow the conversion. */
static gint64
reset_seconds_to_ms (const char *text)
{
  double seconds = text != NULL ? g_ascii_strtod (text, NULL) : -1;

  if (!(seconds >= 0))
    return -1;
  return (gint64) (MIN (seconds, (double) G_MAXUINT32) * 1000);
}

void
_fc_http_observe_rate_headers (FcRateLimiter      *limiter,
                               SoupMessageHeaders *headers,
                               gint64              now)
{
  const char *limit, *interval, *remaining, *reset;

  /* HubSpot: a rolling window without a reset time */
  limit = soup_message_headers_get_one (headers, "X-HubSpot-RateLimit-Max");
  interval = soup_message_headers_get_one (headers, "X-HubSpot-RateLimit-Interval-Milliseconds");
  remaining = soup_message_headers_get_one (headers, "X-HubSpot-RateLimit-Remaining");
  if (limit != NULL || remaining != NULL)
    {
      fc_rate_limiter_observe (limiter,
                               limit != NULL ? g_ascii_strtoll (limit, NULL, 10) : -1,
                               interval != NULL ? g_ascii_strtoll (interval, NULL, 10) : -1,
                               remaining != NULL ? g_ascii_strtoll (remaining, NULL, 10) : -1,
                               -1, now);
      return;
    }

  /* Pipedrive: the burst window, with the seconds until it resets */
  limit = soup_message_headers_get_one (headers, "x-ratelimit-limit");
  remaining = soup_message_headers_get_one (headers, "x-ratelimit-remaining");
  reset = soup_message_headers_get_one (headers, "x-ratelimit-reset");
  if (limit != NULL || remaining != NULL)
    fc_rate_limiter_observe (limiter,
                             limit != NULL ? g_ascii_strtoll (limit, NULL, 10) : -1,
                             -1,
                             remaining != NULL ? g_ascii_strtoll (remaining, NULL, 10) : -1,
                             reset_seconds_to_ms (reset), now);
}

static void
observe_rate_headers (FcHttp             *self,
                      Request            *req,
                      SoupMessageHeaders *headers)
{
  if (req->limiter != NULL && (req->flags & FC_HTTP_FLAG_NO_RATE_HEADERS) == 0)
    _fc_http_observe_rate_headers (req->limiter, headers, g_get_monotonic_time ());
}

/* Milliseconds a 429 asks to wait: Retry-After (seconds or an HTTP date), else Pipedrive's
 * x-ratelimit-reset, else -1. */
gint64
_fc_http_rate_limit_delay_ms (SoupMessageHeaders *headers)
{
  const char *retry_after = soup_message_headers_get_one (headers, "Retry-After");
  const char *reset = soup_message_headers_get_one (headers, "x-ratelimit-reset");

  if (retry_after != NULL)
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (retry_after));
      guint64 seconds;
      g_autoptr (GDateTime) date = NULL;

      if (g_ascii_string_to_unsigned (trimmed, 10, 0, G_MAXUINT32, &seconds, NULL))
        return (gint64) seconds * 1000;

      date = soup_date_time_new_from_http_string (retry_after);
      if (date != NULL)
        {
          g_autoptr (GDateTime) now = g_date_time_new_now_utc ();

          return MAX (0, g_date_time_difference (date, now) / 1000);
        }
    }
  return reset_seconds_to_ms (reset);
}

static gboolean
surely_not_sent (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED)
         || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE)
         || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE)
         || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_NOT_FOUND)
         || error->domain == G_RESOLVER_ERROR;
}

static void
handle_transport_error (GTask  *task,
                        GError *error)
{
  FcHttp *self = g_task_get_source_object (task);
  Request *req = g_task_get_task_data (task);

  req->failures++;
  g_debug ("%s: try %u failed: %s", req->what, req->failures, error->message);

  if ((req->flags & FC_HTTP_FLAG_NOT_IDEMPOTENT) != 0 && !surely_not_sent (error))
    return_network_error (task, error);
  else if (req->failures < self->max_attempts)
    fc_task_wait_then (task, backoff_delay (self, req->failures), step_limit);
  else
    return_network_error (task, error);
}

static void
handle_rate_limited (GTask              *task,
                     SoupMessageHeaders *headers,
                     GBytes             *body)
{
  FcHttp *self = g_task_get_source_object (task);
  Request *req = g_task_get_task_data (task);
  gint64 delay_ms = _fc_http_rate_limit_delay_ms (headers);
  GError *error;

  req->rate_limited++;
  if (delay_ms < 0)
    delay_ms = backoff_delay (self, req->rate_limited);

  if (delay_ms > self->max_rate_limit_wait_ms)
    {
      error = error_from_response (self, req, 429, body);
      g_prefix_error (&error, _("Rate limited for %lld more seconds: "),
                      (long long) ((delay_ms + 999) / 1000));
      g_task_return_error (task, error);
      return;
    }
  if (req->rate_limited > self->max_rate_limit_retries)
    {
      error = error_from_response (self, req, 429, body);
      g_prefix_error (&error, _("Still rate limited after %u waits: "),
                      req->rate_limited - 1);
      g_task_return_error (task, error);
      return;
    }

  g_debug ("%s: rate limited, waiting %" G_GINT64_FORMAT " ms", req->what, delay_ms);
  if (req->limiter != NULL)
    fc_rate_limiter_pause_until (req->limiter, g_get_monotonic_time () + delay_ms * 1000);
  fc_task_wait_then (task, (guint) delay_ms, step_limit);
}

/* ---- reading answers -------------------------------------------------------------------- */

JsonNode *
_fc_http_parse_body (const char  *provider,
                     const char  *what,
                     guint        status,
                     const char  *data,
                     gsize        size,
                     GError     **error)
{
  g_autoptr (JsonParser) parser = NULL;
  g_autoptr (GError) parse_error = NULL;
  JsonNode *root;

  if (size == 0)
    return NULL;

  root = fc_json_scan_read_text (data, size);
  if (root != NULL)
    return root;

  /* too deep for the strict reader, and maybe too deep for json-glib's */
  if (!_fc_json_nesting_fits (data, size))
    g_set_error (&parse_error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE,
                 _("nested more than %u levels deep"), FC_JSON_MAX_NESTING);
  parser = json_parser_new ();
  if (parse_error != NULL
      || !json_parser_load_from_data (parser, data, (gssize) size, &parse_error))
    {
      g_set_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_BAD_RESPONSE,
                   _("%s: %s answered HTTP %u with a body that is not JSON (%s)"),
                   what, provider, status, parse_error->message);
      return NULL;
    }

  /* a body of only white space parses to no root: no body, as an empty one */
  root = json_parser_get_root (parser);
  return root != NULL ? json_node_ref (root) : NULL;
}

/* The body is read when the request is finished: as a tree (fc_http_request_finish ()) or
 * straight into what the caller makes of it (fc_http_request_finish_read ()). */
static void
return_body (GTask  *task,
             GBytes *body)
{
  g_task_return_pointer (task, g_bytes_ref (body), (GDestroyNotify) g_bytes_unref);
}

/* The answer to the try in flight came in (or it failed after it may have reached the
 * provider): the provider counted it by now, which frees its place in the limiter's window
 * sooner than its sending time and a margin would. */
static void
tell_limiter_answered (Request *req)
{
  if (req->limiter != NULL && req->reserved)
    fc_rate_limiter_answered (req->limiter, req->reserved_us, g_get_monotonic_time ());
  req->reserved = FALSE;
}

static void
on_sent_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  FcHttp *self = g_task_get_source_object (task);
  Request *req = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) body = NULL;
  SoupMessageHeaders *headers;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  /* A cancelled try keeps the limiter's margin: whether the provider counted it is not known */
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    tell_limiter_answered (req);
  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        handle_transport_error (task, error);
      return;
    }

  status = soup_message_get_status (req->message);
  headers = soup_message_get_response_headers (req->message);
  req->status = status;
  /* The path without its query, which may hold personal data (a searched email) */
  if ((req->flags & FC_HTTP_FLAG_SECRET_PATH) != 0)
    g_debug ("%s (path hidden): HTTP %u (%s)", req->method, status, req->what);
  else
    g_debug ("%s %.*s: HTTP %u (%s)", req->method, (int) strcspn (req->path, "?"), req->path,
             status, req->what);

  observe_rate_headers (self, req, headers);
  g_signal_emit (self, signals[GOT_RESPONSE], 0, status, headers);

  if (status >= 200 && status < 300)
    {
      remember_date (self, headers);
      return_body (task, body);
    }
  else if (status == 401 && !req->refreshed)
    {
      req->refreshed = TRUE;
      req->force_refresh = TRUE;
      step_token (task);
    }
  else if (status == 429)
    handle_rate_limited (task, headers, body);
  else if (status >= 500 && (req->flags & FC_HTTP_FLAG_NOT_IDEMPOTENT) == 0
           && ++req->failures < self->max_attempts)
    {
      g_debug ("%s: HTTP %u, try %u", req->what, status, req->failures);
      fc_task_wait_then (task, backoff_delay (self, req->failures), step_limit);
    }
  else
    {
      GError *failure = error_from_response (self, req, status, body);

      if (status >= 500 && req->failures > 1)
        g_prefix_error (&failure, _("After %u tries: "), req->failures);
      g_task_return_error (task, failure);
    }
}

/* libsoup 3.2 sends a GET, PUT or DELETE again by itself when the kept-alive connection it went
 * out on closes before any answer. When that happens at once (the idle connection was already
 * closed), the end of the failed try is only delivered from an idle callback; if another idle
 * connection is at hand, the new try starts first, and the late callback then ends the request
 * under it: a spurious "Connection terminated unexpectedly", or a NULL dereference in
 * run_until_read_done () on the freed request (soup-session.c). A new connection is only ready
 * in a later main loop iteration, after that callback. A request restarted for a redirect has a
 * status and keeps libsoup's choice of connection. */
static void
on_message_restarted (SoupMessage *message,
                      gpointer     user_data)
{
  if (soup_message_get_status (message) == SOUP_STATUS_NONE)
    soup_message_add_flags (message, SOUP_MESSAGE_NEW_CONNECTION);
}

static void
step_send (GTask *task)
{
  FcHttp *self = g_task_get_source_object (task);
  Request *req = g_task_get_task_data (task);
  const FcProviderInfo *info = fc_provider_info_get (fc_connection_get_provider (self->connection));
  g_autofree char *base = NULL;
  g_autofree char *url = NULL;
  g_autoptr (GUri) uri = NULL;
  SoupMessageHeaders *headers;

  base = fc_provider_resolve_account_api_url (info->provider, self->connection,
                                              fc_token_get_account_api_url (req->token));
  if ((req->flags & FC_HTTP_FLAG_ABSOLUTE_URL) != 0)
    url = g_strdup (req->path);
  else
    url = g_strconcat (base, req->path, NULL);
  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    {
      g_task_return_new_error (task, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_FAILED,
                               _("%s: the API address “%s” of this %s connection is not a "
                                 "valid URL"),
                               req->what, url, info->display_name);
      return;
    }

  g_clear_object (&req->message);
  req->message = soup_message_new_from_uri (req->method, uri);
  g_signal_connect (req->message, "restarted", G_CALLBACK (on_message_restarted), NULL);
  headers = soup_message_get_request_headers (req->message);
  soup_message_headers_replace (headers, "Accept", "application/json");

  if (fc_token_is_static (req->token) && info->static_token_header != NULL
      && g_ascii_strcasecmp (info->static_token_header, "Authorization") != 0)
    soup_message_headers_replace (headers, info->static_token_header,
                                  fc_token_get_access_token (req->token));
  else
    {
      g_autofree char *value = g_strconcat ("Bearer ", fc_token_get_access_token (req->token),
                                            NULL);

      soup_message_headers_replace (headers, "Authorization", value);
    }

  for (guint i = 0; req->headers != NULL && req->headers[i] != NULL
                   && req->headers[i + 1] != NULL; i += 2)
    soup_message_headers_replace (headers, req->headers[i], req->headers[i + 1]);

  if (req->body != NULL)
    soup_message_set_request_body_from_bytes (req->message, "application/json", req->body);

  self->n_sent++;
  soup_session_send_and_read_async (self->session, req->message, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), on_sent_cb,
                                    g_object_ref (task));
}

static void
step_limit (GTask *task)
{
  Request *req = g_task_get_task_data (task);
  gint64 now_us = g_get_monotonic_time ();
  gint64 wait_us;

  if (g_task_return_error_if_cancelled (task))
    return;

  wait_us = req->limiter != NULL ? fc_rate_limiter_reserve (req->limiter, now_us) : 0;
  if (wait_us > 0)
    fc_task_wait_then (task, (guint) MIN ((wait_us + 999) / 1000, G_MAXUINT), step_limit);
  else
    {
      req->reserved = req->limiter != NULL;
      req->reserved_us = now_us;
      step_send (task);
    }
}

void
fc_http_request_async (FcHttp              *self,
                       const char          *method,
                       const char          *path,
                       JsonNode            *body,
                       FcRateLimiter       *limiter,
                       FcHttpFlags          flags,
                       const char          *what,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  fc_http_request_with_headers_async (self, method, path, NULL, body, limiter, flags, what,
                                      cancellable, callback, user_data);
}

static void
start_request (FcHttp              *self,
               const char          *method,
               const char          *path,
               const char * const  *headers,
               GBytes              *body,
               FcRateLimiter       *limiter,
               FcHttpFlags          flags,
               const char          *what,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  Request *req;

  g_return_if_fail (FC_IS_HTTP (self));
  g_return_if_fail (method != NULL);
  g_return_if_fail (path != NULL
                    && (path[0] == '/' || (flags & FC_HTTP_FLAG_ABSOLUTE_URL) != 0));
  g_return_if_fail (limiter == NULL || FC_IS_RATE_LIMITER (limiter));

  req = g_new0 (Request, 1);
  req->method = g_strdup (method);
  req->path = g_strdup (path);
  req->limiter = limiter != NULL ? g_object_ref (limiter) : NULL;
  req->flags = flags;
  req->headers = g_strdupv ((char **) headers);
  if (what != NULL)
    req->what = g_strdup (what);
  else if ((flags & FC_HTTP_FLAG_SECRET_PATH) != 0)
    req->what = g_strdup_printf (_("%s request"), method);
  else
    req->what = g_strdup_printf ("%s %.*s", method, (int) strcspn (path, "?"), path);
  req->body = body != NULL ? g_bytes_ref (body) : NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fc_http_request_async);
  g_task_set_task_data (task, req, (GDestroyNotify) request_free);

  step_token (task);
}

void
fc_http_request_with_headers_async (FcHttp              *self,
                                    const char          *method,
                                    const char          *path,
                                    const char * const  *headers,
                                    JsonNode            *body,
                                    FcRateLimiter       *limiter,
                                    FcHttpFlags          flags,
                                    const char          *what,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr (GBytes) text = NULL;

  if (body != NULL)
    {
      char *written = json_to_string (body, FALSE);

      text = g_bytes_new_take (written, strlen (written));
    }
  start_request (self, method, path, headers, text, limiter, flags, what, cancellable, callback,
                 user_data);
}

void
fc_http_request_json_text_async (FcHttp              *self,
                                 const char          *method,
                                 const char          *path,
                                 GBytes              *body,
                                 FcRateLimiter       *limiter,
                                 FcHttpFlags          flags,
                                 const char          *what,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  start_request (self, method, path, NULL, body, limiter, flags, what, cancellable, callback,
                 user_data);
}

/* The request's body, its status and provider code to @out_status and @out_provider_code */
static GBytes *
finish_body (FcHttp        *self,
             GAsyncResult  *result,
             guint         *out_status,
             char         **out_provider_code,
             GError       **error)
{
  Request *req;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fc_http_request_async, NULL);

  req = g_task_get_task_data (G_TASK (result));
  if (out_status != NULL)
    *out_status = req->status;
  if (out_provider_code != NULL)
    *out_provider_code = g_strdup (req->provider_code);

  return g_task_propagate_pointer (G_TASK (result), error);
}

JsonNode *
fc_http_request_finish (FcHttp        *self,
                        GAsyncResult  *result,
                        guint         *out_status,
                        char         **out_provider_code,
                        GError       **error)
{
  g_autoptr (GBytes) body = finish_body (self, result, out_status, out_provider_code, error);
  Request *req = g_task_get_task_data (G_TASK (result));
  gsize size = 0;
  const char *data;

  if (body == NULL)
    return NULL;
  data = g_bytes_get_data (body, &size);
  return _fc_http_parse_body (provider_name (self), req->what, req->status, data, size, error);
}

gboolean
_fc_http_read_body (const char      *provider,
                    const char      *what,
                    guint            status,
                    const char      *data,
                    gsize            size,
                    FcHttpReadFunc   read,
                    gpointer         user_data,
                    GError         **error)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (FcJsonScan) tree = NULL;
  GError *parse_error = NULL;

  if (size > 0)
    {
      g_autoptr (FcJsonScan) scan = fc_json_scan_new_text (data, size);

      if (read (scan, user_data, NULL) && fc_json_scan_finish (scan))
        return TRUE;
    }

  /* Not strict JSON, or not what @read expects: json-glib's tree of the same body reads to
   * the same values, or gives the error */
  root = _fc_http_parse_body (provider, what, status, data, size, &parse_error);
  if (parse_error != NULL)
    {
      g_propagate_error (error, parse_error);
      return FALSE;
    }
  tree = fc_json_scan_new_node (root);
  return read (tree, user_data, error);
}

gboolean
fc_http_request_finish_read (FcHttp          *self,
                             GAsyncResult    *result,
                             FcHttpReadFunc   read,
                             gpointer         user_data,
                             guint           *out_status,
                             char           **out_provider_code,
                             GError         **error)
{
  g_autoptr (GBytes) body = finish_body (self, result, out_status, out_provider_code, error);
  Request *req = g_task_get_task_data (G_TASK (result));
  gsize size = 0;
  const char *data;

  g_return_val_if_fail (read != NULL, FALSE);

  if (body == NULL)
    return FALSE;
  data = g_bytes_get_data (body, &size);
  return _fc_http_read_body (provider_name (self), req->what, req->status, data, size, read,
                             user_data, error);
}
