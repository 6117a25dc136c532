/* fc-inbound-store.c: the inbound_events table (webhook events received, their processing)
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Event ids are stored as "<connection id>:<provider's id>": two accounts of one provider may
 * number their events alike, and the table's uniqueness is per provider.
 */

#define G_LOG_DOMAIN "fc-inbound"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "fc-inbound-store.h"
#include "fc-store-private.h"
#include "fc-enum-types.h"
#include "fc-types.h"

/* A content duplicate is looked for among the events received this long before. */
#define CONTENT_WINDOW_MS (24 * 60 * 60 * 1000)

void
_fc_inbound_event_free (FcInboundEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->connection_id);
  g_free (event->kind);
  g_free (event->object);
  g_free (event->record_id);
  g_strfreev (event->merged_ids);
  g_free (event);
}

/* What makes two events the same change, whatever the provider numbered them. */
static char *
dup_content_key (FcWebhookEvent *event)
{
  g_autoptr (GString) key = g_string_new (NULL);
  const char * const *merged = fc_webhook_event_get_merged_ids (event);
  GDateTime *occurred = fc_webhook_event_get_occurred_at (event);

  g_string_append_printf (key, "%s\n%s\n%s\n%" G_GINT64_FORMAT "\n%s",
                          fc_webhook_event_kind_to_string (fc_webhook_event_get_kind (event)),
                          fc_webhook_event_get_object_type (event),
                          fc_webhook_event_get_record_id (event),
                          _fc_store_ms_from_date_time (occurred),
                          fc_webhook_event_get_property (event) != NULL
                          ? fc_webhook_event_get_property (event) : "");
  for (guint i = 0; merged[i] != NULL; i++)
    g_string_append_printf (key, "\n%s", merged[i]);
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, key->str, (gssize) key->len);
}

static char *
event_to_payload (FcWebhookEvent *event,
                  const char     *content_key)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  const char * const *merged = fc_webhook_event_get_merged_ids (event);
  GDateTime *occurred = fc_webhook_event_get_occurred_at (event);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "eventId");
  json_builder_add_string_value (builder, fc_webhook_event_get_event_id (event));
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder,
                                 fc_webhook_event_kind_to_string (fc_webhook_event_get_kind (event)));
  json_builder_set_member_name (builder, "object");
  json_builder_add_string_value (builder, fc_webhook_event_get_object_type (event));
  json_builder_set_member_name (builder, "recordId");
  json_builder_add_string_value (builder, fc_webhook_event_get_record_id (event));
  if (occurred != NULL)
    {
      g_autofree char *text = g_date_time_format_iso8601 (occurred);

      json_builder_set_member_name (builder, "occurredAt");
      json_builder_add_string_value (builder, text);
    }
  if (fc_webhook_event_get_property (event) != NULL)
    {
      json_builder_set_member_name (builder, "property");
      json_builder_add_string_value (builder, fc_webhook_event_get_property (event));
    }
  json_builder_set_member_name (builder, "mergedIds");
  json_builder_begin_array (builder);
  for (guint i = 0; merged[i] != NULL; i++)
    json_builder_add_string_value (builder, merged[i]);
  json_builder_end_array (builder);
  if (content_key != NULL)
    {
      json_builder_set_member_name (builder, "contentKey");
      json_builder_add_string_value (builder, content_key);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/* Whether an event with @content_key counts as already received: one still pending (its sync
 * will read the record as it is anyway), or one within the window whose change time is given
 * to the millisecond (a time to the second could hold two real edits). */
static gboolean
is_content_duplicate (FcStore     *store,
                      const char  *connection_id,
                      const char  *record_id,
                      const char  *content_key,
                      gboolean     precise_time,
                      gint64       now_ms,
                      gboolean    *out_duplicate,
                      GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = _fc_store_prepare (store,
                            "SELECT status FROM inbound_events "
                            "WHERE connection_id = ?1 AND record_id = ?2 AND received_at >= ?3 "
                            "AND json_extract (payload, '$.contentKey') = ?4 "
                            "ORDER BY status = 'pending' DESC LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  _fc_store_bind_text (stmt, 1, connection_id);
  _fc_store_bind_text (stmt, 2, record_id);
  sqlite3_bind_int64 (stmt, 3, now_ms - CONTENT_WINDOW_MS);
  _fc_store_bind_text (stmt, 4, content_key);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      *out_duplicate = FALSE;
      return TRUE;
    }
  if (rc != SQLITE_ROW)
    {
      _fc_store_set_error_from_db (store, rc, "looking for a repeated webhook event", error);
      return FALSE;
    }
  *out_duplicate = precise_time
                   || g_strcmp0 (_fc_store_column_text (stmt, 0), FC_INBOUND_STATUS_PENDING) == 0;
  return TRUE;
}

typedef struct {
  FcConnection *connection;
  GPtrArray    *events;
  gint64        now_ms;
  guint         stored;
} AddData;

static gboolean
add_one (FcStore         *store,
         AddData         *data,
         FcWebhookEvent  *event,
         GError         **error)
{
  const char *connection_id = fc_connection_get_id (data->connection);
  const char *provider = fc_enum_to_nick (FC_TYPE_PROVIDER,
                                          fc_connection_get_provider (data->connection));
  GDateTime *occurred = fc_webhook_event_get_occurred_at (event);
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autofree char *content_key = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *event_id = NULL;
  gboolean duplicate = FALSE;

  if (occurred != NULL)
    {
      gint64 occurred_ms = _fc_store_ms_from_date_time (occurred);

      content_key = dup_content_key (event);
      if (!is_content_duplicate (store, connection_id, fc_webhook_event_get_record_id (event),
                                 content_key, occurred_ms % 1000 != 0, data->now_ms, &duplicate,
                                 error))
        return FALSE;
      if (duplicate)
        {
          g_debug ("Dropped a webhook event repeating an earlier one's content (%s %s)",
                   fc_webhook_event_get_object_type (event),
                   fc_webhook_event_get_record_id (event));
          return TRUE;
        }
    }

  event_id = g_strdup_printf ("%s:%s", connection_id, fc_webhook_event_get_event_id (event));
  payload = event_to_payload (event, content_key);
  stmt = _fc_store_prepare (store,
                            "INSERT INTO inbound_events (provider, connection_id, event_id, kind, "
                            "object, record_id, payload, status, attempts, next_attempt_at, "
                            "received_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'pending', 0, ?8, ?8) "
                            "ON CONFLICT (provider, event_id) DO NOTHING", error);
  if (stmt == NULL)
    return FALSE;
  _fc_store_bind_text (stmt, 1, provider);
  _fc_store_bind_text (stmt, 2, connection_id);
  _fc_store_bind_text (stmt, 3, event_id);
  _fc_store_bind_text (stmt, 4,
                       fc_webhook_event_kind_to_string (fc_webhook_event_get_kind (event)));
  _fc_store_bind_text (stmt, 5, fc_webhook_event_get_object_type (event));
  _fc_store_bind_text (stmt, 6, fc_webhook_event_get_record_id (event));
  _fc_store_bind_text (stmt, 7, payload);
  sqlite3_bind_int64 (stmt, 8, data->now_ms);
  if (!_fc_store_step_done (store, stmt, "storing a webhook event", error))
    return FALSE;

  if (sqlite3_changes (_fc_store_get_db (store)) > 0)
    data->stored++;
  else
    g_debug ("Dropped a webhook event already received (%s)", event_id);
  return TRUE;
}

static gboolean
add_in_transaction (FcStore   *store,
                    gpointer   user_data,
                    GError   **error)
{
  AddData *data = user_data;
  g_autoptr (sqlite3_stmt) stmt = NULL;

  for (guint i = 0; i < data->events->len; i++)
    if (!add_one (store, data, g_ptr_array_index (data->events, i), error))
      return FALSE;

  stmt = _fc_store_prepare (store,
                            "UPDATE connections SET webhook_last_received_at = ?2 WHERE id = ?1",
                            error);
  if (stmt == NULL)
    return FALSE;
  _fc_store_bind_text (stmt, 1, fc_connection_get_id (data->connection));
  sqlite3_bind_int64 (stmt, 2, data->now_ms);
  return _fc_store_step_done (store, stmt, "noting when a webhook arrived", error);
}

gboolean
_fc_inbound_store_add (FcStore       *store,
                       FcConnection  *connection,
                       GPtrArray     *events,
                       gint64         now_ms,
                       guint         *out_stored,
                       GError       **error)
{
  AddData data = { connection, events, now_ms, 0 };

  if (!fc_store_run_in_transaction (store, add_in_transaction, &data, error))
    return FALSE;
  if (out_stored != NULL)
    *out_stored = data.stored;
  return TRUE;
}

static GStrv
merged_ids_from_payload (const char *payload)
{
  g_autoptr (JsonNode) root = json_from_string (payload, NULL);
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *merged = NULL;

  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root)
      && json_object_has_member (json_node_get_object (root), "mergedIds"))
    merged = json_object_get_array_member (json_node_get_object (root), "mergedIds");
  for (guint i = 0; merged != NULL && i < json_array_get_length (merged); i++)
    {
      const char *id = json_array_get_string_element (merged, i);

      if (id != NULL)
        g_strv_builder_add (builder, id);
    }
  return g_strv_builder_end (builder);
}

GPtrArray *
_fc_inbound_store_list_due (FcStore  *store,
                            gint64    now_ms,
                            guint     limit,
                            GError  **error)
{
  g_autoptr (GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                                 _fc_inbound_event_free);
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = _fc_store_prepare (store,
                            "SELECT id, connection_id, kind, object, record_id, payload, attempts "
                            "FROM inbound_events WHERE status = 'pending' "
                            "AND COALESCE (next_attempt_at, 0) <= ?1 ORDER BY id LIMIT ?2",
                            error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, now_ms);
  sqlite3_bind_int64 (stmt, 2, limit);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      FcInboundEvent *event = g_new0 (FcInboundEvent, 1);

      event->id = sqlite3_column_int64 (stmt, 0);
      event->connection_id = g_strdup (_fc_store_column_text (stmt, 1));
      event->kind = g_strdup (_fc_store_column_text (stmt, 2));
      event->object = g_strdup (_fc_store_column_text (stmt, 3));
      event->record_id = g_strdup (_fc_store_column_text (stmt, 4));
      event->merged_ids = merged_ids_from_payload (_fc_store_column_text (stmt, 5));
      event->attempts = (guint) sqlite3_column_int (stmt, 6);
      g_ptr_array_add (events, event);
    }
  if (rc != SQLITE_DONE)
    {
      _fc_store_set_error_from_db (store, rc, "listing the webhook events due", error);
      return NULL;
    }
  return g_steal_pointer (&events);
}

gint64
_fc_inbound_store_next_due (FcStore  *store,
                            GError  **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = _fc_store_prepare (store,
                            "SELECT MIN (COALESCE (next_attempt_at, 0)) FROM inbound_events "
                            "WHERE status = 'pending'", error);
  if (stmt == NULL)
    return -1;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _fc_store_set_error_from_db (store, rc, "finding the next webhook event due", error);
      return -1;
    }
  return sqlite3_column_type (stmt, 0) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, 0);
}

typedef struct {
  GArray       *ids;
  const char   *status;
  const char   *message;
  const gint64 *delays_ms;
  guint         n_delays;
  gint64        now_ms;
} UpdateData;

static gboolean
finish_in_transaction (FcStore   *store,
                       gpointer   user_data,
                       GError   **error)
{
  UpdateData *data = user_data;

  for (guint i = 0; i < data->ids->len; i++)
    {
      g_autoptr (sqlite3_stmt) stmt = NULL;

      stmt = _fc_store_prepare (store,
                                "UPDATE inbound_events SET status = ?2, attempts = attempts + 1, "
                                "last_error = ?3, processed_at = ?4, next_attempt_at = NULL "
                                "WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, g_array_index (data->ids, gint64, i));
      _fc_store_bind_text (stmt, 2, data->status);
      _fc_store_bind_text (stmt, 3, data->message);
      sqlite3_bind_int64 (stmt, 4, data->now_ms);
      if (!_fc_store_step_done (store, stmt, "ending a webhook event", error))
        return FALSE;
    }
  return TRUE;
}

gboolean
_fc_inbound_store_finish (FcStore     *store,
                          GArray      *ids,
                          const char  *status,
                          const char  *note,
                          gint64       now_ms,
                          GError     **error)
{
  UpdateData data = { ids, status, note, NULL, 0, now_ms };

  return fc_store_run_in_transaction (store, finish_in_transaction, &data, error);
}

static gboolean
defer_one (FcStore     *store,
           UpdateData  *data,
           gint64       id,
           GError     **error)
{
  g_autoptr (sqlite3_stmt) select = NULL;
  g_autoptr (sqlite3_stmt) update = NULL;
  guint attempts;
  int rc;

  select = _fc_store_prepare (store, "SELECT attempts FROM inbound_events WHERE id = ?1", error);
  if (select == NULL)
    return FALSE;
  sqlite3_bind_int64 (select, 1, id);
  rc = sqlite3_step (select);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    {
      _fc_store_set_error_from_db (store, rc, "reading a webhook event's attempts", error);
      return FALSE;
    }
  attempts = (guint) sqlite3_column_int (select, 0) + 1;

  update = _fc_store_prepare (store,
                              "UPDATE inbound_events SET status = ?2, attempts = ?3, "
                              "last_error = ?4, next_attempt_at = ?5, processed_at = ?6 "
                              "WHERE id = ?1", error);
  if (update == NULL)
    return FALSE;
  sqlite3_bind_int64 (update, 1, id);
  sqlite3_bind_int (update, 3, (int) attempts);
  _fc_store_bind_text (update, 4, data->message);
  if (attempts <= data->n_delays)
    {
      _fc_store_bind_text (update, 2, FC_INBOUND_STATUS_PENDING);
      sqlite3_bind_int64 (update, 5, data->now_ms + data->delays_ms[attempts - 1]);
      sqlite3_bind_null (update, 6);
    }
  else
    {
      _fc_store_bind_text (update, 2, FC_INBOUND_STATUS_FAILED);
      sqlite3_bind_null (update, 5);
      sqlite3_bind_int64 (update, 6, data->now_ms);
    }
  return _fc_store_step_done (store, update, "scheduling a webhook event's retry", error);
}

static gboolean
defer_in_transaction (FcStore   *store,
                      gpointer   user_data,
                      GError   **error)
{
  UpdateData *data = user_data;

  for (guint i = 0; i < data->ids->len; i++)
    if (!defer_one (store, data, g_array_index (data->ids, gint64, i), error))
      return FALSE;
  return TRUE;
}

gboolean
_fc_inbound_store_defer (FcStore       *store,
                         GArray        *ids,
                         const char    *error_message,
                         const gint64  *delays_ms,
                         guint          n_delays,
                         gint64         now_ms,
                         GError       **error)
{
  UpdateData data = { ids, NULL, error_message, delays_ms, n_delays, now_ms };

  return fc_store_run_in_transaction (store, defer_in_transaction, &data, error);
}

gboolean
_fc_inbound_store_retry (FcStore  *store,
                         gint64    id,
                         gint64    now_ms,
                         GError  **error)
{
  g_autoptr (sqlite3_stmt) select = NULL;
  g_autoptr (sqlite3_stmt) update = NULL;
  const char *status;
  int rc;

  select = _fc_store_prepare (store, "SELECT status FROM inbound_events WHERE id = ?1", error);
  if (select == NULL)
    return FALSE;
  sqlite3_bind_int64 (select, 1, id);
  rc = sqlite3_step (select);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, FC_STORE_ERROR, FC_STORE_ERROR_NOT_FOUND,
                   _("No webhook event has the id %lld"), (long long) id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      _fc_store_set_error_from_db (store, rc, "reading a webhook event", error);
      return FALSE;
    }
  status = _fc_store_column_text (select, 0);
  if (g_strcmp0 (status, FC_INBOUND_STATUS_FAILED) != 0
      && g_strcmp0 (status, FC_INBOUND_STATUS_IGNORED) != 0)
    {
      g_set_error (error, FC_STORE_ERROR, FC_STORE_ERROR_CONSTRAINT,
                   _("Webhook event %lld is %s: only failed or ignored events "
                     "can be retried"), (long long) id, status);
      return FALSE;
    }

  update = _fc_store_prepare (store,
                              "UPDATE inbound_events SET status = 'pending', next_attempt_at = ?2, "
                              "processed_at = NULL WHERE id = ?1", error);
  if (update == NULL)
    return FALSE;
  sqlite3_bind_int64 (update, 1, id);
  sqlite3_bind_int64 (update, 2, now_ms);
  return _fc_store_step_done (store, update, "retrying a webhook event", error);
}

static void
add_time_member (JsonBuilder  *builder,
                 const char   *name,
                 sqlite3_stmt *stmt,
                 int           column)
{
  g_autoptr (GDateTime) time = NULL;
  g_autofree char *text = NULL;

  json_builder_set_member_name (builder, name);
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }
  time = _fc_store_date_time_from_ms (sqlite3_column_int64 (stmt, column));
  text = g_date_time_format_iso8601 (time);
  json_builder_add_string_value (builder, text);
}

static void
add_text_member (JsonBuilder  *builder,
                 const char   *name,
                 const char   *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_event_row (JsonBuilder  *builder,
               sqlite3_stmt *stmt)
{
  const char *connection_id = _fc_store_column_text (stmt, 2);
  const char *event_id = _fc_store_column_text (stmt, 3);
  g_auto (GStrv) merged = merged_ids_from_payload (_fc_store_column_text (stmt, 7));
  gsize prefix = connection_id != NULL ? strlen (connection_id) : 0;

  /* the stored id carries the connection id in front */
  if (event_id != NULL && prefix > 0 && g_str_has_prefix (event_id, connection_id)
      && event_id[prefix] == ':')
    event_id += prefix + 1;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 0));
  add_text_member (builder, "provider", _fc_store_column_text (stmt, 1));
  add_text_member (builder, "connectionId", connection_id);
  add_text_member (builder, "eventId", event_id);
  add_text_member (builder, "kind", _fc_store_column_text (stmt, 4));
  add_text_member (builder, "object", _fc_store_column_text (stmt, 5));
  add_text_member (builder, "recordId", _fc_store_column_text (stmt, 6));
  json_builder_set_member_name (builder, "mergedIds");
  json_builder_begin_array (builder);
  for (guint i = 0; merged[i] != NULL; i++)
    json_builder_add_string_value (builder, merged[i]);
  json_builder_end_array (builder);
  add_text_member (builder, "status", _fc_store_column_text (stmt, 8));
  json_builder_set_member_name (builder, "attempts");
  json_builder_add_int_value (builder, sqlite3_column_int (stmt, 9));
  add_time_member (builder, "nextAttemptAt", stmt, 10);
  add_text_member (builder, "lastError", _fc_store_column_text (stmt, 11));
  add_time_member (builder, "receivedAt", stmt, 12);
  add_time_member (builder, "processedAt", stmt, 13);
  json_builder_end_object (builder);
}

JsonNode *
_fc_inbound_store_list_json (FcStore     *store,
                             const char  *connection_id,
                             const char  *status,
                             guint        offset,
                             guint        limit,
                             GError     **error)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = _fc_store_prepare (store,
                            "SELECT id, provider, connection_id, event_id, kind, object, "
                            "record_id, payload, status, attempts, next_attempt_at, last_error, "
                            "received_at, processed_at FROM inbound_events "
                            "WHERE (?1 IS NULL OR connection_id = ?1) AND (?2 IS NULL OR status = ?2) "
                            "ORDER BY id DESC LIMIT ?3 OFFSET ?4", error);
  if (stmt == NULL)
    return NULL;
  _fc_store_bind_text (stmt, 1, connection_id);
  _fc_store_bind_text (stmt, 2, status);
  sqlite3_bind_int64 (stmt, 3, limit > 0 ? limit : 100);
  sqlite3_bind_int64 (stmt, 4, offset);

  json_builder_begin_array (builder);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    add_event_row (builder, stmt);
  json_builder_end_array (builder);
  if (rc != SQLITE_DONE)
    {
      _fc_store_set_error_from_db (store, rc, "listing webhook events", error);
      return NULL;
    }
  return json_builder_get_root (builder);
}

gboolean
_fc_inbound_store_get_webhook_state (FcStore     *store,
                                     const char  *connection_id,
                                     char       **out_registration,
                                     gint64      *out_last_received_ms,
                                     GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = _fc_store_prepare (store,
                            "SELECT webhook_registration, webhook_last_received_at "
                            "FROM connections WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  _fc_store_bind_text (stmt, 1, connection_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, FC_STORE_ERROR, FC_STORE_ERROR_NOT_FOUND,
                   _("No connection has the id “%s”"), connection_id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      _fc_store_set_error_from_db (store, rc, "reading a connection's webhook state", error);
      return FALSE;
    }
  if (out_registration != NULL)
    *out_registration = g_strdup (_fc_store_column_text (stmt, 0));
  if (out_last_received_ms != NULL)
    *out_last_received_ms = sqlite3_column_type (stmt, 1) == SQLITE_NULL
                            ? -1 : sqlite3_column_int64 (stmt, 1);
  return TRUE;
}

gboolean
_fc_inbound_store_set_registration (FcStore     *store,
                                    const char  *connection_id,
                                    const char  *registration,
                                    GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = _fc_store_prepare (store,
                            "UPDATE connections SET webhook_registration = ?2 WHERE id = ?1",
                            error);
  if (stmt == NULL)
    return FALSE;
  _fc_store_bind_text (stmt, 1, connection_id);
  _fc_store_bind_text (stmt, 2, registration);
  if (!_fc_store_step_done (store, stmt, "saving a connection's webhook registration", error))
    return FALSE;
  if (sqlite3_changes (_fc_store_get_db (store)) == 0)
    {
      g_set_error (error, FC_STORE_ERROR, FC_STORE_ERROR_NOT_FOUND,
                   _("No connection has the id “%s”"), connection_id);
      return FALSE;
    }
  return TRUE;
}
