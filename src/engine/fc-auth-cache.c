/* fc-auth-cache.c: the token of each connection, read once, renewed once at a time
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-auth"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "fc-auth-private.h"

/* A forced refresh is satisfied by a refresh this recent (requests failing together). */
#define RECENT_REFRESH_USEC       (10 * G_USEC_PER_SEC)
/* Retry of a failed refresh from the watch timer: doubles from the first to the last. */
#define WATCH_RETRY_FIRST_SECONDS 30
#define WATCH_RETRY_LAST_SECONDS  600

/* ---- per-connection state -------------------------------------------------------------- */

typedef enum {
  ENTRY_IDLE,
  ENTRY_LOOKING_UP,  /* reading the keyring */
  ENTRY_REFRESHING,  /* at the token endpoint */
  ENTRY_SAVING,      /* storing a renewed token before handing it out */
} EntryState;

typedef struct {
  grefcount      ref_count;
  FcAuth        *auth;            /* unowned: the table of @auth owns the entry */
  char          *id;
  FcConnection  *connection;      /* the latest object given for this id */
  FcToken       *token;           /* as stored in the keyring; NULL until read */
  FcToken       *unsaved;         /* renewed, but the keyring refused it so far */
  gint64         lifetime;        /* seconds a token lived when we got it; 0 when unknown */
  gint64         refreshed_at;    /* monotonic time of the last refresh */
  guint          generation;      /* bumped when a token is stored from outside a refresh */
  EntryState     state;
  GQueue         waiters;         /* of Waiter */
  gboolean       forgotten;

  gboolean       watched;
  guint          watch_timer;
  guint          watch_failures;

  char          *own_client_id;
  char          *own_client_secret;
} Entry;

typedef struct {
  GTask    *task;
  gboolean  force_refresh;
  char     *refused;        /* the access token the provider refused, when known */
  GSource  *cancel_source;
} Waiter;

static void process_entry (Entry *entry);
static void schedule_watch (Entry *entry);

static Entry *
entry_ref (Entry *entry)
{
  g_ref_count_inc (&entry->ref_count);
  return entry;
}

static void
entry_unref (Entry *entry)
{
  if (!g_ref_count_dec (&entry->ref_count))
    return;

  g_assert (g_queue_is_empty (&entry->waiters));
  g_clear_handle_id (&entry->watch_timer, g_source_remove);
  g_free (entry->id);
  g_clear_object (&entry->connection);
  g_clear_pointer (&entry->token, fc_token_unref);
  g_clear_pointer (&entry->unsaved, fc_token_unref);
  g_free (entry->own_client_id);
  if (entry->own_client_secret != NULL)
    memset (entry->own_client_secret, 0, strlen (entry->own_client_secret));
  g_free (entry->own_client_secret);
  g_free (entry);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Entry, entry_unref)

static Entry *
lookup_entry (FcAuth       *self,
              FcConnection *connection)
{
  return g_hash_table_lookup (self->entries, fc_connection_get_id (connection));
}

/* The entry of @connection, created when missing; remembers @connection as its object. */
static Entry *
ensure_entry (FcAuth       *self,
              FcConnection *connection)
{
  Entry *entry = lookup_entry (self, connection);

  if (entry == NULL)
    {
      entry = g_new0 (Entry, 1);
      g_ref_count_init (&entry->ref_count);
      entry->auth = self;
      entry->id = g_strdup (fc_connection_get_id (connection));
      g_queue_init (&entry->waiters);
      g_hash_table_insert (self->entries, entry->id, entry);
    }

  g_set_object (&entry->connection, connection);
  return entry;
}

/* How long before expiry the token of @entry is renewed: the margin, but at most half the
 * lifetime tokens of this connection have, so that short-lived tokens are not renewed on every
 * request. */
static gint64
get_effective_margin (Entry *entry)
{
  gint64 margin = entry->auth->refresh_margin;

  if (entry->lifetime > 0)
    margin = MIN (margin, entry->lifetime / 2);
  return margin;
}

static void
note_lifetime (Entry   *entry,
               FcToken *token)
{
  gint64 expires_at = fc_token_get_expires_at (token);

  if (expires_at > 0)
    entry->lifetime = MAX (expires_at - g_get_real_time () / G_USEC_PER_SEC, 1);
  else
    entry->lifetime = 0;
}

/* ---- waiters --------------------------------------------------------------------------- */

static void
waiter_free (Waiter *waiter)
{
  if (waiter->cancel_source != NULL)
    {
      g_source_destroy (waiter->cancel_source);
      g_source_unref (waiter->cancel_source);
    }
  g_object_unref (waiter->task);
  if (waiter->refused != NULL)
    memset (waiter->refused, 0, strlen (waiter->refused));
  g_free (waiter->refused);
  g_free (waiter);
}

static void
complete_waiter (Waiter       *waiter,
                 FcToken      *token,
                 const GError *error)
{
  GTask *task = g_object_ref (waiter->task);

  waiter_free (waiter);
  if (error != NULL)
    g_task_return_error (task, g_error_copy (error));
  else
    g_task_return_pointer (task, fc_token_ref (token), (GDestroyNotify) fc_token_unref);
  g_object_unref (task);
}

/* Hands @token, or @error, to every waiter of @entry. The queue is emptied first, so that a
 * callback may ask again. */
static void
complete_waiters (Entry        *entry,
                  FcToken      *token,
                  const GError *error)
{
  GQueue waiters = entry->waiters;
  g_autoptr (FcToken) held = token != NULL ? fc_token_ref (token) : NULL;
  g_autoptr (GError) held_error = error != NULL ? g_error_copy (error) : NULL;

  g_queue_init (&entry->waiters);
  while (!g_queue_is_empty (&waiters))
    complete_waiter (g_queue_pop_head (&waiters), held, held_error);
}

typedef struct {
  Entry *entry;
  GTask *task;
} CancelData;

static void
cancel_data_free (gpointer data)
{
  CancelData *cancel = data;

  entry_unref (cancel->entry);
  g_object_unref (cancel->task);
  g_free (cancel);
}

/* Runs on the main context of the waiting task: only this caller stops waiting. */
static gboolean
on_waiter_cancelled_cb (GCancellable *cancellable,
                        gpointer      user_data)
{
  CancelData *cancel = user_data;

  for (GList *l = cancel->entry->waiters.head; l != NULL; l = l->next)
    {
      Waiter *waiter = l->data;
      g_autoptr (GError) error = NULL;

      if (waiter->task != cancel->task)
        continue;

      g_queue_delete_link (&cancel->entry->waiters, l);
      error = g_error_new (FC_AUTH_ERROR, FC_AUTH_ERROR_CANCELLED,
                           _("Getting the token of connection %s was cancelled"),
                           cancel->entry->id);
      complete_waiter (waiter, NULL, error);
      break;
    }

  return G_SOURCE_REMOVE;
}

static void
add_waiter (Entry      *entry,
            GTask      *task,
            gboolean    force_refresh,
            const char *refused)
{
  Waiter *waiter = g_new0 (Waiter, 1);
  GCancellable *cancellable = g_task_get_cancellable (task);

  waiter->task = g_object_ref (task);
  waiter->force_refresh = force_refresh;
  waiter->refused = g_strdup (refused);
  if (cancellable != NULL)
    {
      CancelData *cancel = g_new0 (CancelData, 1);

      cancel->entry = entry_ref (entry);
      cancel->task = g_object_ref (task);
      waiter->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (waiter->cancel_source, G_SOURCE_FUNC (on_waiter_cancelled_cb),
                             cancel, cancel_data_free);
      g_source_attach (waiter->cancel_source, g_task_get_context (task));
    }

  g_queue_push_tail (&entry->waiters, waiter);
}

/* ---- expiry ---------------------------------------------------------------------------- */

static void
expire_connection (Entry *entry)
{
  FcAuth *self = entry->auth;
  g_autoptr (FcConnection) connection = g_object_ref (entry->connection);

  g_clear_handle_id (&entry->watch_timer, g_source_remove);
  if (fc_connection_get_status (connection) == FC_CONNECTION_STATUS_EXPIRED)
    return;

  g_message ("Connection %s expired: the provider refused its grant", entry->id);
  fc_connection_set_status (connection, FC_CONNECTION_STATUS_EXPIRED);
  _fc_auth_emit_connection_expired (self, connection);
}

static GError *
new_expired_error (Entry *entry)
{
  return g_error_new (FC_AUTH_ERROR, FC_AUTH_ERROR_EXPIRED,
                      _("The sign-in of connection %s has expired or was revoked: sign in "
                        "again"), entry->id);
}

/* ---- the keyring ----------------------------------------------------------------------- */

/* Held by each keyring or network operation: it keeps the object alive even when every
 * caller has stopped waiting. */
typedef struct {
  FcAuth  *auth;
  Entry   *entry;
  FcToken *token;
  guint    generation;
} OperationData;

static OperationData *
operation_data_new (Entry   *entry,
                    FcToken *token)
{
  OperationData *op = g_new0 (OperationData, 1);

  op->auth = g_object_ref (entry->auth);
  op->entry = entry_ref (entry);
  op->token = token != NULL ? fc_token_ref (token) : NULL;
  op->generation = entry->generation;
  return op;
}

static void
operation_data_free (OperationData *op)
{
  entry_unref (op->entry);
  g_object_unref (op->auth);
  g_clear_pointer (&op->token, fc_token_unref);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OperationData, operation_data_free)

static void
on_lookup_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (OperationData) op = user_data;
  Entry *entry = op->entry;
  g_autoptr (GError) error = NULL;
  g_autoptr (FcToken) token = NULL;

  token = fc_secrets_lookup_token_finish (FC_SECRETS (source), result, &error);
  entry->state = ENTRY_IDLE;

  if (entry->forgotten)
    {
      error = g_error_new (FC_AUTH_ERROR, FC_AUTH_ERROR_NOT_CONNECTED,
                           _("Connection %s was removed"), entry->id);
      complete_waiters (entry, NULL, error);
      return;
    }
  if (op->generation != entry->generation)
    {
      /* A token was stored while we read: it is the one to use. */
      process_entry (entry);
      return;
    }
  if (error != NULL)
    {
      complete_waiters (entry, NULL, error);
      return;
    }
  if (token == NULL)
    {
      error = g_error_new (FC_AUTH_ERROR, FC_AUTH_ERROR_NOT_CONNECTED,
                           _("The keyring holds no sign-in for connection %s"), entry->id);
      complete_waiters (entry, NULL, error);
      return;
    }

  entry->token = g_steal_pointer (&token);
  process_entry (entry);
  schedule_watch (entry);
}

static void
start_lookup (Entry *entry)
{
  entry->state = ENTRY_LOOKING_UP;
  fc_secrets_lookup_token_async (entry->auth->secrets, entry->connection, NULL,
                                 on_lookup_done_cb, operation_data_new (entry, NULL));
}

static void
on_save_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (OperationData) op = user_data;
  Entry *entry = op->entry;
  FcAuth *self = entry->auth;
  g_autoptr (GError) error = NULL;
  g_autoptr (FcConnection) connection = NULL;

  fc_secrets_store_token_finish (FC_SECRETS (source), result, &error);
  entry->state = ENTRY_IDLE;

  if (entry->forgotten)
    {
      /* Removed while we stored: take the item out again. */
      fc_secrets_delete_token_async (self->secrets, entry->connection, NULL, NULL, NULL);
      g_clear_error (&error);
      error = g_error_new (FC_AUTH_ERROR, FC_AUTH_ERROR_NOT_CONNECTED,
                           _("Connection %s was removed"), entry->id);
      complete_waiters (entry, NULL, error);
      return;
    }
  if (op->generation != entry->generation)
    {
      process_entry (entry);
      return;
    }
  if (error != NULL)
    {
      /* The renewed token stays in memory and is stored before anyone gets it. */
      g_prefix_error (&error, _("The token of connection %s was renewed but not saved: "),
                      entry->id);
      complete_waiters (entry, NULL, error);
      return;
    }

  g_clear_pointer (&entry->token, fc_token_unref);
  entry->token = g_steal_pointer (&entry->unsaved);
  entry->refreshed_at = g_get_monotonic_time ();
  note_lifetime (entry, entry->token);
  g_debug ("Connection %s: renewed token stored", entry->id);

  connection = g_object_ref (entry->connection);
  _fc_auth_emit_connection_refreshed (self, connection);

  /* Those who waited for this refresh get its token, however short its life. */
  complete_waiters (entry, entry->token, NULL);
  schedule_watch (entry);
}

static void
start_save (Entry *entry)
{
  entry->state = ENTRY_SAVING;
  fc_secrets_store_token_async (entry->auth->secrets, entry->connection, entry->unsaved, NULL,
                                on_save_done_cb, operation_data_new (entry, entry->unsaved));
}

/* ---- refresh --------------------------------------------------------------------------- */

static gboolean
any_waiter_forces (Entry *entry)
{
  for (GList *l = entry->waiters.head; l != NULL; l = l->next)
    if (((Waiter *) l->data)->force_refresh)
      return TRUE;
  return FALSE;
}

static gboolean refreshed_recently (Entry *entry);

/* Whether a waiter's forced refresh is still owed. One that names the token the provider
 * refused is owed exactly while that token is the current one (another caller's refresh may have
 * replaced it meanwhile). One that does not is taken as satisfied by a refresh made in the last
 * few seconds, since requests refused together would otherwise each refresh. */
static gboolean
any_waiter_needs_refresh (Entry *entry)
{
  const char *current = entry->token != NULL ? fc_token_get_access_token (entry->token) : NULL;

  for (GList *l = entry->waiters.head; l != NULL; l = l->next)
    {
      Waiter *waiter = l->data;

      if (!waiter->force_refresh)
        continue;
      if (waiter->refused != NULL ? g_strcmp0 (waiter->refused, current) == 0
                                  : !refreshed_recently (entry))
        return TRUE;
    }
  return FALSE;
}

static void
clear_forced (Entry *entry)
{
  for (GList *l = entry->waiters.head; l != NULL; l = l->next)
    ((Waiter *) l->data)->force_refresh = FALSE;
}

static void
on_refresh_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (OperationData) op = user_data;
  Entry *entry = op->entry;
  g_autoptr (GError) error = NULL;
  g_autoptr (FcToken) token = NULL;

  token = _fc_auth_request_token_finish (result, &error);
  entry->state = ENTRY_IDLE;

  if (entry->forgotten)
    {
      g_clear_error (&error);
      error = g_error_new (FC_AUTH_ERROR, FC_AUTH_ERROR_NOT_CONNECTED,
                           _("Connection %s was removed"), entry->id);
      complete_waiters (entry, NULL, error);
      return;
    }
  if (op->generation != entry->generation)
    {
      /* A new sign-in was stored meanwhile; the waiters' old token is gone anyway. */
      clear_forced (entry);
      process_entry (entry);
      return;
    }

  if (token != NULL)
    {
      g_clear_pointer (&entry->unsaved, fc_token_unref);
      entry->unsaved = g_steal_pointer (&token);
      start_save (entry);
      return;
    }

  if (_fc_auth_error_is_dead_grant (error))
    {
      g_autoptr (GError) expired = _fc_auth_error_recode (error, FC_AUTH_ERROR_EXPIRED);

      expire_connection (entry);
      complete_waiters (entry, NULL, expired);
      return;
    }

  if (g_error_matches (error, FC_AUTH_ERROR, FC_AUTH_ERROR_NETWORK) && !any_waiter_forces (entry)
      && entry->token != NULL && !fc_token_expires_within (entry->token, 0))
    {
      /* Renewing ahead of time failed, but the current token still works. */
      g_debug ("Connection %s: early refresh failed, the current token is still valid",
               entry->id);
      complete_waiters (entry, entry->token, NULL);
      return;
    }

  complete_waiters (entry, NULL, error);
}

static void
start_refresh (Entry *entry)
{
  FcAuth *self = entry->auth;
  FcProvider provider = fc_connection_get_provider (entry->connection);
  g_auto (FcAuthClient) client = { 0 };
  g_autoptr (GError) error = NULL;
  const char *refresh_token = fc_token_get_refresh_token (entry->token);
  const char *fields[] = { "grant_type", "refresh_token", "refresh_token", refresh_token, NULL };

  if (refresh_token == NULL)
    {
      /* Nothing to renew with (Salesforce without the refresh_token scope): sign in again. */
      error = new_expired_error (entry);
      expire_connection (entry);
      complete_waiters (entry, NULL, error);
      return;
    }

  if (!_fc_auth_client_resolve (&client, provider, fc_token_get_client_id (entry->token),
                                fc_token_get_client_secret (entry->token), &error))
    {
      complete_waiters (entry, NULL, error);
      return;
    }

  g_debug ("Connection %s: renewing the access token", entry->id);
  entry->state = ENTRY_REFRESHING;
  /* No cancellable: once sent, the answer must be kept, because a provider that rotates refresh
   * tokens has already retired the one we sent. */
  _fc_auth_request_token_async (self->session, provider, entry->connection, &client,
                                entry->token, FALSE, fields, NULL, on_refresh_done_cb,
                                operation_data_new (entry, NULL));
}

static gboolean
refreshed_recently (Entry *entry)
{
  return entry->refreshed_at != 0 &&
         g_get_monotonic_time () - entry->refreshed_at < RECENT_REFRESH_USEC;
}

/* Moves @entry on: answers its waiters, or starts the keyring read, save or refresh they
 * need. Called whenever a waiter arrives or an operation ends. */
static void
process_entry (Entry *entry)
{
  g_autoptr (GError) error = NULL;
  gboolean forced;

  if (entry->state != ENTRY_IDLE || g_queue_is_empty (&entry->waiters))
    return;

  if (entry->forgotten)
    {
      error = g_error_new (FC_AUTH_ERROR, FC_AUTH_ERROR_NOT_CONNECTED,
                           _("Connection %s was removed"), entry->id);
      complete_waiters (entry, NULL, error);
      return;
    }
  if (fc_connection_get_status (entry->connection) == FC_CONNECTION_STATUS_EXPIRED)
    {
      error = new_expired_error (entry);
      complete_waiters (entry, NULL, error);
      return;
    }
  if (entry->unsaved != NULL)
    {
      start_save (entry);
      return;
    }
  if (entry->token == NULL)
    {
      start_lookup (entry);
      return;
    }

  forced = any_waiter_needs_refresh (entry);
  if (fc_token_is_static (entry->token))
    {
      if (forced)
        {
          /* The provider refused a token that cannot be renewed. */
          error = new_expired_error (entry);
          expire_connection (entry);
          complete_waiters (entry, NULL, error);
          return;
        }
    }
  else if (forced || fc_token_expires_within (entry->token, get_effective_margin (entry)))
    {
      start_refresh (entry);
      return;
    }

  complete_waiters (entry, entry->token, NULL);
}

/* ---- watching -------------------------------------------------------------------------- */

static void
on_watch_token_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (Entry) entry = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (FcToken) token = NULL;

  token = fc_auth_get_token_finish (FC_AUTH (source), result, &error);
  if (token != NULL)
    {
      entry->watch_failures = 0;
      schedule_watch (entry);
      return;
    }

  if (g_error_matches (error, FC_AUTH_ERROR, FC_AUTH_ERROR_EXPIRED) ||
      g_error_matches (error, FC_AUTH_ERROR, FC_AUTH_ERROR_NOT_CONNECTED) ||
      entry->forgotten)
    return;

  g_warning ("Renewing the token of connection %s failed, trying again later: %s",
             entry->id, error->message);
  entry->watch_failures++;
  schedule_watch (entry);
}

static gboolean
on_watch_timer_cb (gpointer user_data)
{
  Entry *entry = user_data;

  entry->watch_timer = 0;
  fc_auth_get_token_async (entry->auth, entry->connection, FALSE, NULL, on_watch_token_cb,
                           entry_ref (entry));
  return G_SOURCE_REMOVE;
}

static void
schedule_watch (Entry *entry)
{
  gint64 delay_ms;

  g_clear_handle_id (&entry->watch_timer, g_source_remove);
  if (!entry->watched || entry->forgotten ||
      fc_connection_get_status (entry->connection) == FC_CONNECTION_STATUS_EXPIRED)
    return;

  if (entry->watch_failures > 0)
    {
      delay_ms = (gint64) WATCH_RETRY_FIRST_SECONDS * 1000 << MIN (entry->watch_failures - 1, 5);
      delay_ms = MIN (delay_ms, (gint64) WATCH_RETRY_LAST_SECONDS * 1000);
    }
  else if (entry->token == NULL)
    delay_ms = 0;
  else if (fc_token_get_expires_at (entry->token) == 0)
    return;
  else
    {
      gint64 now_ms = g_get_real_time () / 1000;
      gint64 due_ms = (fc_token_get_expires_at (entry->token) - get_effective_margin (entry))
                      * 1000;

      delay_ms = MAX (due_ms - now_ms, 1000);
    }

  entry->watch_timer = g_timeout_add_full (G_PRIORITY_DEFAULT, (guint) MIN (delay_ms, G_MAXUINT),
                                           on_watch_timer_cb, entry, NULL);
}

/* ---- the table ------------------------------------------------------------------------- */

GHashTable *
_fc_auth_cache_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) entry_unref);
}

/* Operations in flight hold the object, so no entry has waiters when this runs. */
void
_fc_auth_cache_stop_timers (FcAuth *self)
{
  GHashTableIter iter;
  gpointer value;

  if (self->entries == NULL)
    return;

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Entry *entry = value;

      entry->watched = FALSE;
      g_clear_handle_id (&entry->watch_timer, g_source_remove);
    }
}

void
_fc_auth_cache_reschedule (FcAuth *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((Entry *) value)->watch_timer != 0)
      schedule_watch (value);
}

/* ---- own client -------------------------------------------------------------------------- */

gboolean
_fc_auth_get_own_client (FcAuth        *self,
                         FcConnection  *connection,
                         const char   **client_id,
                         const char   **client_secret)
{
  Entry *entry = lookup_entry (self, connection);

  if (entry == NULL || entry->own_client_id == NULL)
    return FALSE;

  *client_id = entry->own_client_id;
  *client_secret = entry->own_client_secret;
  return TRUE;
}

void
fc_auth_set_own_client (FcAuth       *self,
                        FcConnection *connection,
                        const char   *client_id,
                        const char   *client_secret)
{
  Entry *entry;

  g_return_if_fail (FC_IS_AUTH (self));
  g_return_if_fail (FC_IS_CONNECTION (connection));

  entry = ensure_entry (self, connection);
  g_free (entry->own_client_id);
  if (entry->own_client_secret != NULL)
    memset (entry->own_client_secret, 0, strlen (entry->own_client_secret));
  g_free (entry->own_client_secret);
  entry->own_client_id = client_id != NULL && *client_id != '\0' ? g_strdup (client_id) : NULL;
  entry->own_client_secret = entry->own_client_id != NULL ? g_strdup (client_secret) : NULL;
}

/* ---- store ----------------------------------------------------------------------------- */

static void
on_store_token_done_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  FcAuth *self = g_task_get_source_object (task);
  OperationData *op = g_task_get_task_data (task);
  Entry *entry = op->entry;
  GError *error = NULL;

  if (!fc_secrets_store_token_finish (FC_SECRETS (source), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (entry->forgotten)
    {
      /* Removed while we stored: the removal wins. */
      fc_secrets_delete_token_async (self->secrets, entry->connection, NULL, NULL, NULL);
      g_task_return_new_error (task, FC_AUTH_ERROR, FC_AUTH_ERROR_NOT_CONNECTED,
                               _("Connection %s was removed while its token was stored"),
                               entry->id);
      return;
    }

  entry->generation++;
  g_clear_pointer (&entry->token, fc_token_unref);
  g_clear_pointer (&entry->unsaved, fc_token_unref);
  entry->token = fc_token_ref (op->token);
  entry->refreshed_at = 0;
  entry->watch_failures = 0;
  note_lifetime (entry, entry->token);
  if (fc_connection_get_status (entry->connection) == FC_CONNECTION_STATUS_EXPIRED)
    fc_connection_set_status (entry->connection, FC_CONNECTION_STATUS_ACTIVE);

  schedule_watch (entry);
  process_entry (entry);
  g_task_return_boolean (task, TRUE);
}

void
fc_auth_store_token_async (FcAuth              *self,
                           FcConnection        *connection,
                           FcToken             *token,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  Entry *entry;

  g_return_if_fail (FC_IS_AUTH (self));
  g_return_if_fail (FC_IS_CONNECTION (connection));
  g_return_if_fail (token != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fc_auth_store_token_async);
  entry = ensure_entry (self, connection);
  g_task_set_task_data (task, operation_data_new (entry, token),
                        (GDestroyNotify) operation_data_free);

  fc_secrets_store_token_async (self->secrets, connection, token, cancellable,
                                on_store_token_done_cb, g_steal_pointer (&task));
}

gboolean
fc_auth_store_token_finish (FcAuth        *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fc_auth_store_token_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- get_token ------------------------------------------------------------------------- */

static void
get_token (FcAuth              *self,
           FcConnection        *connection,
           gboolean             force_refresh,
           const char          *refused,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  Entry *entry;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fc_auth_get_token_async);
  /* Cancellation is reported as FC_AUTH_ERROR_CANCELLED, not replaced by G_IO_ERROR. */
  g_task_set_check_cancellable (task, FALSE);

  if (g_cancellable_is_cancelled (cancellable))
    {
      g_task_return_new_error (task, FC_AUTH_ERROR, FC_AUTH_ERROR_CANCELLED,
                               _("Getting the token of connection %s was cancelled"),
                               fc_connection_get_id (connection));
      return;
    }

  entry = ensure_entry (self, connection);
  add_waiter (entry, task, force_refresh, refused);
  process_entry (entry);
}

void
fc_auth_get_token_async (FcAuth              *self,
                         FcConnection        *connection,
                         gboolean             force_refresh,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (FC_IS_AUTH (self));
  g_return_if_fail (FC_IS_CONNECTION (connection));

  get_token (self, connection, force_refresh, NULL, cancellable, callback, user_data);
}

void
fc_auth_replace_token_async (FcAuth              *self,
                             FcConnection        *connection,
                             const char          *refused_access_token,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (FC_IS_AUTH (self));
  g_return_if_fail (FC_IS_CONNECTION (connection));
  g_return_if_fail (refused_access_token != NULL);

  get_token (self, connection, TRUE, refused_access_token, cancellable, callback, user_data);
}

FcToken *
fc_auth_get_token_finish (FcAuth        *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fc_auth_get_token_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
fc_auth_report_revoked (FcAuth       *self,
                        FcConnection *connection)
{
  Entry *entry;

  g_return_if_fail (FC_IS_AUTH (self));
  g_return_if_fail (FC_IS_CONNECTION (connection));

  entry = ensure_entry (self, connection);
  if (entry->state == ENTRY_IDLE)
    g_clear_pointer (&entry->token, fc_token_unref);
  expire_connection (entry);
}

/* ---- watch ----------------------------------------------------------------------------- */

void
fc_auth_watch_connection (FcAuth       *self,
                          FcConnection *connection)
{
  Entry *entry;

  g_return_if_fail (FC_IS_AUTH (self));
  g_return_if_fail (FC_IS_CONNECTION (connection));

  entry = ensure_entry (self, connection);
  if (entry->watched)
    return;

  entry->watched = TRUE;
  entry->watch_failures = 0;
  schedule_watch (entry);
}

void
fc_auth_unwatch_connection (FcAuth       *self,
                            FcConnection *connection)
{
  Entry *entry;

  g_return_if_fail (FC_IS_AUTH (self));
  g_return_if_fail (FC_IS_CONNECTION (connection));

  entry = lookup_entry (self, connection);
  if (entry == NULL)
    return;

  entry->watched = FALSE;
  g_clear_handle_id (&entry->watch_timer, g_source_remove);
}

/* ---- forget ---------------------------------------------------------------------------- */

static void
on_forget_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;

  if (!fc_secrets_delete_token_finish (FC_SECRETS (source), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
fc_auth_forget_connection_async (FcAuth              *self,
                                 FcConnection        *connection,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  Entry *entry;

  g_return_if_fail (FC_IS_AUTH (self));
  g_return_if_fail (FC_IS_CONNECTION (connection));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fc_auth_forget_connection_async);

  entry = lookup_entry (self, connection);
  if (entry != NULL)
    {
      g_autoptr (Entry) held = entry_ref (entry);

      held->forgotten = TRUE;
      held->watched = FALSE;
      g_clear_handle_id (&held->watch_timer, g_source_remove);
      g_hash_table_remove (self->entries, held->id);
      /* An idle entry has no waiters; a busy one answers them when its operation ends. */
    }

  fc_secrets_delete_token_async (self->secrets, connection, cancellable, on_forget_done_cb,
                                 g_steal_pointer (&task));
}

gboolean
fc_auth_forget_connection_finish (FcAuth        *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        fc_auth_forget_connection_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
