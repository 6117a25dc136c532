/* fc-auth-flow.c: signing in through the system browser and a one-shot loopback listener
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-auth"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "fc-auth-private.h"

/* 32 random bytes: a 43-character state and PKCE verifier (RFC 7636 wants 43 to 128). */
#define RANDOM_BYTES 32

/* One sign-in: the task data of the authorize task. */
typedef struct {
  GTask                 *task;             /* unowned: the flow is the task's data */
  FcProvider             provider;
  const FcProviderInfo  *info;
  FcConnection          *connection;
  FcAuthOpenUriFunc      open_uri;
  gpointer               open_uri_data;
  guint                  timeout_seconds;

  FcAuthClient           client;
  char                  *state;
  char                  *verifier;
  char                  *redirect_uri;

  SoupServer            *server;
  SoupServerMessage     *callback_message; /* the one redirect we answered; unowned */
  GSource               *timeout_source;
  GSource               *cancel_source;

  GError                *outcome;          /* decided when the redirect arrives */
  char                  *code;
  gboolean               finished;
} Flow;

static void
wipe_free (char *secret)
{
  if (secret == NULL)
    return;
  memset (secret, 0, strlen (secret));
  g_free (secret);
}

static void
destroy_source (GSource **source)
{
  if (*source == NULL)
    return;
  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

static void
stop_listening (Flow *flow)
{
  if (flow->server == NULL)
    return;

  soup_server_remove_handler (flow->server, FC_AUTH_CALLBACK_PATH);
  soup_server_disconnect (flow->server);
  g_signal_handlers_disconnect_matched (flow->server, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL,
                                        flow);
  g_clear_object (&flow->server);
  g_debug ("Sign-in to %s: listener closed", flow->info->display_name);
}

static void
flow_free (gpointer data)
{
  Flow *flow = data;

  stop_listening (flow);
  destroy_source (&flow->timeout_source);
  destroy_source (&flow->cancel_source);
  g_clear_object (&flow->connection);
  _fc_auth_client_clear (&flow->client);
  wipe_free (flow->state);
  wipe_free (flow->verifier);
  wipe_free (flow->code);
  g_free (flow->redirect_uri);
  g_clear_error (&flow->outcome);
  g_free (flow);
}

/* Ends the sign-in once: closes everything, then returns @token or @error (both consumed). */
static void
flow_finish (GTask   *task,
             FcToken *token,
             GError  *error)
{
  Flow *flow = g_task_get_task_data (task);
  g_autoptr (GTask) held = g_object_ref (task);

  if (flow->finished)
    {
      g_clear_pointer (&token, fc_token_unref);
      g_clear_error (&error);
      return;
    }

  flow->finished = TRUE;
  stop_listening (flow);
  /* The sources hold the task: destroying them may drop the last reference but @held. */
  destroy_source (&flow->timeout_source);
  destroy_source (&flow->cancel_source);

  if (error != NULL)
    g_task_return_error (held, error);
  else
    g_task_return_pointer (held, token, (GDestroyNotify) fc_token_unref);
}

static gboolean
strings_equal_constant_time (const char *a,
                             const char *b)
{
  gsize len_a = strlen (a);
  gsize len_b = strlen (b);
  guint8 diff = len_a != len_b;

  for (gsize i = 0; i < len_a; i++)
    diff |= (guint8) a[i] ^ (guint8) b[i % (len_b > 0 ? len_b : 1)];

  return diff == 0;
}

/* ---- the browser's side ---------------------------------------------------------------- */

static void
respond_page (SoupServerMessage *message,
              guint              status,
              const char        *heading,
              const char        *text)
{
  g_autofree char *escaped_heading = g_markup_escape_text (heading, -1);
  g_autofree char *escaped_text = g_markup_escape_text (text, -1);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);
  char *page;

  page = g_strdup_printf ("<!DOCTYPE html>\n"
                          "<html><head><meta charset=\"utf-8\">"
                          "<title>FluxCascade — %s</title>"
                          "<style>body{font-family:sans-serif;max-width:36em;margin:4em auto;"
                          "padding:0 1em;line-height:1.5}</style></head>\n"
                          "<body><h1>%s</h1><p>%s</p></body></html>\n",
                          escaped_heading, escaped_heading, escaped_text);

  /* The address carries the code: no caching, no referrer, and no second request on this
   * connection. */
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "Referrer-Policy", "no-referrer");
  soup_message_headers_replace (headers, "Connection", "close");
  soup_server_message_set_status (message, status, NULL);
  soup_server_message_set_response (message, "text/html; charset=utf-8", SOUP_MEMORY_TAKE,
                                    page, strlen (page));
}

gboolean
_fc_auth_read_redirect (const char  *display_name,
                        const char  *expected_state,
                        GHashTable  *query,
                        char       **out_code,
                        GError     **error)
{
  const char *name = display_name;
  const char *state = query != NULL ? g_hash_table_lookup (query, "state") : NULL;
  const char *provider_error = query != NULL ? g_hash_table_lookup (query, "error") : NULL;
  const char *description = query != NULL ? g_hash_table_lookup (query, "error_description")
                                          : NULL;
  const char *code = query != NULL ? g_hash_table_lookup (query, "code") : NULL;

  if (state == NULL || !strings_equal_constant_time (state, expected_state))
    {
      g_set_error (error, FC_AUTH_ERROR, FC_AUTH_ERROR_STATE_MISMATCH,
                   _("The %s sign-in was answered with a state that FluxCascade did not send; "
                     "start the sign-in again"), name);
      return FALSE;
    }
  if (g_strcmp0 (provider_error, "access_denied") == 0)
    {
      g_propagate_error (error, _fc_auth_error_new (FC_AUTH_ERROR_DENIED, provider_error,
                                                    description, 0,
                                                    _("Access to %s was not granted"), name));
      return FALSE;
    }
  if (provider_error != NULL)
    {
      g_propagate_error (error, _fc_auth_error_new (FC_AUTH_ERROR_PROVIDER, provider_error,
                                                    description, 0,
                                                    _("%s refused the sign-in: %s (%s)"), name,
                                                    provider_error,
                                                    description != NULL ? description : ""));
      return FALSE;
    }
  if (code == NULL || *code == '\0')
    {
      g_propagate_error (error, _fc_auth_error_new (FC_AUTH_ERROR_BAD_RESPONSE, NULL, NULL, 0,
                                                    _("The %s sign-in came back with neither a "
                                                      "code nor an error"), name));
      return FALSE;
    }

  *out_code = g_strdup (code);
  return TRUE;
}

/* Decides the outcome from the redirect's query and tells the browser. */
static void
judge_redirect (Flow              *flow,
                SoupServerMessage *message,
                GHashTable        *query)
{
  g_autoptr (GError) error = NULL;

  if (_fc_auth_read_redirect (flow->info->display_name, flow->state, query, &flow->code,
                              &error))
    respond_page (message, SOUP_STATUS_OK, _("Signed in"),
                  _("FluxCascade received the sign-in. You can close this window."));
  else if (g_error_matches (error, FC_AUTH_ERROR, FC_AUTH_ERROR_STATE_MISMATCH))
    respond_page (message, SOUP_STATUS_BAD_REQUEST, _("Sign-in not accepted"),
                  _("This answer does not belong to the sign-in FluxCascade started. Close "
                    "this window and start again from FluxCascade."));
  else if (g_error_matches (error, FC_AUTH_ERROR, FC_AUTH_ERROR_DENIED))
    respond_page (message, SOUP_STATUS_OK, _("Access not granted"),
                  _("FluxCascade was not given access. You can close this window."));
  else if (g_error_matches (error, FC_AUTH_ERROR, FC_AUTH_ERROR_PROVIDER))
    respond_page (message, SOUP_STATUS_OK, _("Sign-in failed"),
                  _("The provider reported an error. You can close this window; FluxCascade "
                    "shows the details."));
  else
    respond_page (message, SOUP_STATUS_BAD_REQUEST, _("Sign-in failed"),
                  _("The answer has no authorization code. Close this window and start "
                    "again from FluxCascade."));
  flow->outcome = g_steal_pointer (&error);
}

static void
on_callback_request_cb (SoupServer        *server,
                        SoupServerMessage *message,
                        const char        *path,
                        GHashTable        *query,
                        gpointer           user_data)
{
  Flow *flow = user_data;

  if (!g_str_equal (path, FC_AUTH_CALLBACK_PATH))
    {
      soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }
  if (flow->callback_message != NULL || flow->finished)
    {
      respond_page (message, SOUP_STATUS_GONE, _("Already answered"),
                    _("This sign-in has already been answered. You can close this window."));
      return;
    }
  if (g_strcmp0 (soup_server_message_get_method (message), SOUP_METHOD_GET) != 0)
    {
      soup_server_message_set_status (message, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
      return;
    }

  flow->callback_message = message;
  judge_redirect (flow, message, query);
}

/* ---- the exchange ---------------------------------------------------------------------- */

static void
on_exchange_done_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;
  FcToken *token;

  token = _fc_auth_request_token_finish (result, &error);
  flow_finish (task, token, error);
}

/* Runs once the browser has its page: closes the listener, then exchanges the code. */
static gboolean
on_redirect_answered_cb (gpointer user_data)
{
  GTask *task = user_data;
  Flow *flow = g_task_get_task_data (task);
  const char *fields[] = {
    "grant_type", "authorization_code",
    "code", flow->code,
    "redirect_uri", flow->redirect_uri,
    flow->info->uses_pkce ? "code_verifier" : NULL, flow->verifier,
    NULL
  };

  if (flow->finished)
    return G_SOURCE_REMOVE;

  stop_listening (flow);
  destroy_source (&flow->timeout_source);

  if (flow->outcome != NULL)
    {
      flow_finish (task, NULL, g_steal_pointer (&flow->outcome));
      return G_SOURCE_REMOVE;
    }

  g_debug ("Sign-in to %s: exchanging the code", flow->info->display_name);
  _fc_auth_request_token_async (_fc_auth_get_session (g_task_get_source_object (task)),
                                flow->provider, flow->connection, &flow->client, NULL, TRUE,
                                fields, g_task_get_cancellable (task), on_exchange_done_cb,
                                g_object_ref (task));
  return G_SOURCE_REMOVE;
}

static void
on_request_done_cb (SoupServer        *server,
                    SoupServerMessage *message,
                    gpointer           user_data)
{
  Flow *flow = user_data;
  GSource *idle;

  if (message != flow->callback_message || flow->finished)
    return;

  /* Not from inside the server's own signal: the server is about to be closed. */
  idle = g_idle_source_new ();
  g_source_set_callback (idle, on_redirect_answered_cb, g_object_ref (flow->task),
                         g_object_unref);
  g_source_attach (idle, g_task_get_context (flow->task));
  g_source_unref (idle);
}

/* ---- start ----------------------------------------------------------------------------- */

static gboolean
on_timeout_cb (gpointer user_data)
{
  GTask *task = user_data;
  Flow *flow = g_task_get_task_data (task);

  flow_finish (task, NULL,
               g_error_new (FC_AUTH_ERROR, FC_AUTH_ERROR_TIMEOUT,
                            _("The %s sign-in did not come back from the browser within %u "
                              "seconds"), flow->info->display_name, flow->timeout_seconds));
  return G_SOURCE_REMOVE;
}

static gboolean
on_cancelled_cb (GCancellable *cancellable,
                 gpointer      user_data)
{
  GTask *task = user_data;
  Flow *flow = g_task_get_task_data (task);

  flow_finish (task, NULL,
               g_error_new (FC_AUTH_ERROR, FC_AUTH_ERROR_CANCELLED,
                            _("The %s sign-in was cancelled"), flow->info->display_name));
  return G_SOURCE_REMOVE;
}

static void
append_param (GString    *uri,
              const char *name,
              const char *value)
{
  if (value == NULL)
    return;

  g_string_append_c (uri, strchr (uri->str, '?') != NULL ? '&' : '?');
  g_string_append_uri_escaped (uri, name, NULL, FALSE);
  g_string_append_c (uri, '=');
  g_string_append_uri_escaped (uri, value, NULL, FALSE);
}

static char *
build_authorize_uri (Flow *flow)
{
  g_autofree char *base = fc_provider_resolve_authorize_url (flow->provider, flow->connection);
  g_autofree char *challenge = NULL;
  GString *uri = g_string_new (base);

  if (flow->verifier != NULL)
    challenge = _fc_auth_compute_pkce_challenge (flow->verifier);

  append_param (uri, "response_type", "code");
  append_param (uri, "client_id", flow->client.id);
  append_param (uri, "redirect_uri", flow->redirect_uri);
  append_param (uri, "scope", flow->info->default_scopes);
  append_param (uri, "state", flow->state);
  append_param (uri, "code_challenge", challenge);
  append_param (uri, "code_challenge_method", challenge != NULL ? "S256" : NULL);

  return g_string_free (uri, FALSE);
}

static gboolean
start_listening (Flow    *flow,
                 GError **error)
{
  g_autoptr (GError) local_error = NULL;
  GSList *uris;
  int port;

  flow->server = soup_server_new ("server-header", "FluxCascade ", NULL);
  soup_server_add_handler (flow->server, FC_AUTH_CALLBACK_PATH, on_callback_request_cb, flow,
                           NULL);
  g_signal_connect (flow->server, "request-finished", G_CALLBACK (on_request_done_cb), flow);
  g_signal_connect (flow->server, "request-aborted", G_CALLBACK (on_request_done_cb), flow);

  /* Loopback only (RFC 8252 section 7.3), on a port the system picks. */
  if (!soup_server_listen_local (flow->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &local_error))
    {
      g_set_error (error, FC_AUTH_ERROR, FC_AUTH_ERROR_FAILED,
                   _("Could not listen on 127.0.0.1 for the sign-in answer: %s"),
                   local_error->message);
      return FALSE;
    }

  uris = soup_server_get_uris (flow->server);
  port = uris != NULL ? g_uri_get_port (uris->data) : -1;
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  if (port <= 0)
    {
      g_set_error_literal (error, FC_AUTH_ERROR, FC_AUTH_ERROR_FAILED,
                           _("The loopback listener for the sign-in answer has no port"));
      return FALSE;
    }

  flow->redirect_uri = g_strdup_printf ("http://127.0.0.1:%d%s", port, FC_AUTH_CALLBACK_PATH);
  g_debug ("Sign-in to %s: waiting on %s", flow->info->display_name, flow->redirect_uri);
  return TRUE;
}

static void
flow_start (GTask       *task,
            const char  *own_id,
            const char  *own_secret)
{
  Flow *flow = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autofree char *uri = NULL;
  GError *error = NULL;

  if (!_fc_auth_client_resolve (&flow->client, flow->provider, own_id, own_secret, &error))
    {
      flow_finish (task, NULL, error);
      return;
    }

  flow->state = _fc_auth_random_string (RANDOM_BYTES, &error);
  if (flow->state != NULL && flow->info->uses_pkce)
    flow->verifier = _fc_auth_random_string (RANDOM_BYTES, &error);
  if (error != NULL || !start_listening (flow, &error))
    {
      flow_finish (task, NULL, error);
      return;
    }

  flow->timeout_source = g_timeout_source_new ((guint) MIN ((guint64) flow->timeout_seconds * 1000,
                                                           G_MAXUINT));
  g_source_set_callback (flow->timeout_source, on_timeout_cb, g_object_ref (task),
                         g_object_unref);
  g_source_attach (flow->timeout_source, g_task_get_context (task));
  if (cancellable != NULL)
    {
      flow->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (flow->cancel_source, G_SOURCE_FUNC (on_cancelled_cb),
                             g_object_ref (task), g_object_unref);
      g_source_attach (flow->cancel_source, g_task_get_context (task));
    }

  uri = build_authorize_uri (flow);
  if (!flow->open_uri (uri, flow->open_uri_data, &error))
    {
      g_autoptr (GError) open_error = error;

      flow_finish (task, NULL,
                   g_error_new (FC_AUTH_ERROR, FC_AUTH_ERROR_FAILED,
                                _("Could not open the %s sign-in page: %s"),
                                flow->info->display_name,
                                open_error != NULL ? open_error->message : _("no reason given")));
    }
}

static void
on_stored_client_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  Flow *flow = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (FcToken) token = NULL;

  token = fc_secrets_lookup_token_finish (FC_SECRETS (source), result, &error);
  if (flow->finished)
    return;
  if (error != NULL)
    {
      /* Without the old item, the packaged application is the one to use. */
      g_debug ("Sign-in to %s: the connection’s stored token could not be read: %s",
               flow->info->display_name, error->message);
    }

  if (token != NULL && fc_token_get_client_id (token) != NULL)
    flow_start (task, fc_token_get_client_id (token), fc_token_get_client_secret (token));
  else
    flow_start (task, NULL, NULL);
}

void
fc_auth_authorize_async (FcAuth              *self,
                         FcProvider           provider,
                         FcConnection        *connection,
                         FcAuthOpenUriFunc    open_uri,
                         gpointer             open_uri_data,
                         guint                timeout_seconds,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  const char *own_id = NULL;
  const char *own_secret = NULL;
  Flow *flow;

  g_return_if_fail (FC_IS_AUTH (self));
  g_return_if_fail (fc_provider_info_get (provider) != NULL);
  g_return_if_fail (connection == NULL || FC_IS_CONNECTION (connection));
  g_return_if_fail (open_uri != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fc_auth_authorize_async);
  /* Cancellation is reported as FC_AUTH_ERROR_CANCELLED, not replaced by G_IO_ERROR. */
  g_task_set_check_cancellable (task, FALSE);

  flow = g_new0 (Flow, 1);
  flow->task = task;
  flow->provider = provider;
  flow->info = fc_provider_info_get (provider);
  flow->connection = connection != NULL ? g_object_ref (connection) : NULL;
  flow->open_uri = open_uri;
  flow->open_uri_data = open_uri_data;
  flow->timeout_seconds = timeout_seconds > 0 ? timeout_seconds
                                              : FC_AUTH_DEFAULT_TIMEOUT_SECONDS;
  g_task_set_task_data (task, flow, flow_free);

  if (g_cancellable_is_cancelled (cancellable))
    {
      flow_finish (task, NULL,
                   g_error_new (FC_AUTH_ERROR, FC_AUTH_ERROR_CANCELLED,
                                _("The %s sign-in was cancelled"), flow->info->display_name));
      return;
    }

  if (connection != NULL && _fc_auth_get_own_client (self, connection, &own_id, &own_secret))
    flow_start (task, own_id, own_secret);
  else if (connection != NULL)
    fc_secrets_lookup_token_async (fc_auth_get_secrets (self), connection, cancellable,
                                   on_stored_client_cb, g_object_ref (task));
  else
    flow_start (task, NULL, NULL);
}

FcToken *
fc_auth_authorize_finish (FcAuth        *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fc_auth_authorize_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
