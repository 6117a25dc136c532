/* fc-notifier-store.c: the outbound_endpoints and deliveries tables
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-notifier"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-notifier-private.h"
#include "fc-store-private.h"

#define ENDPOINT_COLUMNS \
  "id, url, description, event_types, enabled, consecutive_failures, disabled_reason, " \
  "created_at, updated_at"

#define DELIVERY_COLUMNS \
  "id, endpoint_id, event_id, event_type, payload, status, attempts, next_attempt_at, " \
  "last_status_code, last_error, created_at, delivered_at"

static FcEndpoint *
read_endpoint (sqlite3_stmt  *stmt,
               GError       **error)
{
  const char *id = _fc_store_column_text (stmt, 0);
  g_auto (GStrv) types = _fc_store_column_strv (stmt, 3, "outbound_endpoints", id, error);

  if (types == NULL)
    return NULL;

  return _fc_endpoint_new (id, _fc_store_column_text (stmt, 1), _fc_store_column_text (stmt, 2),
                           (const char * const *) types, sqlite3_column_int (stmt, 4) != 0,
                           (guint) sqlite3_column_int (stmt, 5), _fc_store_column_text (stmt, 6),
                           sqlite3_column_int64 (stmt, 7), sqlite3_column_int64 (stmt, 8));
}

static gboolean
finish_rows (FcStore     *store,
             int          rc,
             const char  *what,
             GError     **error)
{
  if (rc == SQLITE_DONE)
    return TRUE;
  _fc_store_set_error_from_db (store, rc, what, error);
  return FALSE;
}

GPtrArray *
_fc_notifier_store_list_endpoints (FcStore  *store,
                                   GError  **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GPtrArray) endpoints = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  stmt = _fc_store_prepare (store,
                            "SELECT " ENDPOINT_COLUMNS " FROM outbound_endpoints "
                            "ORDER BY created_at, id", error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      FcEndpoint *endpoint = read_endpoint (stmt, error);

      if (endpoint == NULL)
        return NULL;
      g_ptr_array_add (endpoints, endpoint);
    }

  if (!finish_rows (store, rc, "reading the webhook endpoints", error))
    return NULL;
  return g_steal_pointer (&endpoints);
}

FcEndpoint *
_fc_notifier_store_get_endpoint (FcStore     *store,
                                 const char  *id,
                                 GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = _fc_store_prepare (store,
                            "SELECT " ENDPOINT_COLUMNS " FROM outbound_endpoints WHERE id = ?",
                            error);
  if (stmt == NULL)
    return NULL;

  _fc_store_bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return read_endpoint (stmt, error);
  if (finish_rows (store, rc, "reading a webhook endpoint", error))
    g_set_error (error, FC_STORE_ERROR, FC_STORE_ERROR_NOT_FOUND,
                 _("There is no webhook endpoint with id “%s”"), id);
  return NULL;
}

static gint64
ms_or_zero (GDateTime *dt)
{
  return dt != NULL ? _fc_store_ms_from_date_time (dt) : 0;
}

gboolean
_fc_notifier_store_save_endpoint (FcStore     *store,
                                  FcEndpoint  *endpoint,
                                  GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autofree char *types = NULL;
  gint64 now = _fc_store_now_ms ();
  gint64 created = ms_or_zero (fc_endpoint_get_created_at (endpoint));

  stmt = _fc_store_prepare (store,
                            "INSERT INTO outbound_endpoints (" ENDPOINT_COLUMNS ") "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                            "ON CONFLICT (id) DO UPDATE SET url = excluded.url, "
                            "description = excluded.description, "
                            "event_types = excluded.event_types, enabled = excluded.enabled, "
                            "consecutive_failures = excluded.consecutive_failures, "
                            "disabled_reason = excluded.disabled_reason, "
                            "updated_at = excluded.updated_at", error);
  if (stmt == NULL)
    return FALSE;

  types = _fc_store_strv_to_json (fc_endpoint_get_event_types (endpoint));
  _fc_store_bind_text (stmt, 1, fc_endpoint_get_id (endpoint));
  _fc_store_bind_text (stmt, 2, fc_endpoint_get_url (endpoint));
  _fc_store_bind_text (stmt, 3, fc_endpoint_get_description (endpoint));
  _fc_store_bind_text (stmt, 4, types);
  sqlite3_bind_int (stmt, 5, fc_endpoint_get_enabled (endpoint) ? 1 : 0);
  sqlite3_bind_int (stmt, 6, (int) fc_endpoint_get_consecutive_failures (endpoint));
  _fc_store_bind_text (stmt, 7, fc_endpoint_get_disabled_reason (endpoint));
  sqlite3_bind_int64 (stmt, 8, created > 0 ? created : now);
  sqlite3_bind_int64 (stmt, 9, now);
  return _fc_store_step_done (store, stmt, "saving a webhook endpoint", error);
}

gboolean
_fc_notifier_store_remove_endpoint (FcStore     *store,
                                    const char  *id,
                                    GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = _fc_store_prepare (store, "DELETE FROM outbound_endpoints WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;

  _fc_store_bind_text (stmt, 1, id);
  if (!_fc_store_step_done (store, stmt, "removing a webhook endpoint", error))
    return FALSE;
  if (sqlite3_changes (_fc_store_get_db (store)) == 0)
    {
      g_set_error (error, FC_STORE_ERROR, FC_STORE_ERROR_NOT_FOUND,
                   _("There is no webhook endpoint with id “%s”"), id);
      return FALSE;
    }
  return TRUE;
}

gboolean
_fc_notifier_store_insert_delivery (FcStore           *store,
                                    const char        *endpoint_id,
                                    const char        *event_id,
                                    const char        *event_type,
                                    const char        *payload,
                                    FcDeliveryStatus   status,
                                    gint64            *out_id,
                                    GError           **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gint64 now = _fc_store_now_ms ();

  stmt = _fc_store_prepare (store,
                            "INSERT INTO deliveries (endpoint_id, event_id, event_type, payload, "
                            "status, attempts, next_attempt_at, created_at) "
                            "VALUES (?, ?, ?, ?, ?, 0, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  _fc_store_bind_text (stmt, 1, endpoint_id);
  _fc_store_bind_text (stmt, 2, event_id);
  _fc_store_bind_text (stmt, 3, event_type);
  _fc_store_bind_text (stmt, 4, payload);
  _fc_store_bind_text (stmt, 5, fc_delivery_status_to_string (status));
  if (status == FC_DELIVERY_STATUS_PENDING)
    sqlite3_bind_int64 (stmt, 6, now);
  else
    sqlite3_bind_null (stmt, 6);
  sqlite3_bind_int64 (stmt, 7, now);
  if (!_fc_store_step_done (store, stmt, "queueing a webhook delivery", error))
    return FALSE;

  if (out_id != NULL)
    *out_id = sqlite3_last_insert_rowid (_fc_store_get_db (store));
  return TRUE;
}

static FcDelivery *
read_delivery (sqlite3_stmt  *stmt,
               GError       **error)
{
  FcDeliveryStatus status;
  const char *status_text = _fc_store_column_text (stmt, 5);

  if (!fc_delivery_status_from_string (status_text, &status))
    {
      g_set_error (error, FC_STORE_ERROR, FC_STORE_ERROR_CORRUPT,
                   _("Delivery %lld has the unknown status “%s”"),
                   (long long) sqlite3_column_int64 (stmt, 0), status_text);
      return NULL;
    }

  return _fc_delivery_new (sqlite3_column_int64 (stmt, 0), _fc_store_column_text (stmt, 1),
                           _fc_store_column_text (stmt, 2), _fc_store_column_text (stmt, 3),
                           _fc_store_column_text (stmt, 4), status,
                           (guint) sqlite3_column_int (stmt, 6),
                           (guint) sqlite3_column_int (stmt, 8),
                           _fc_store_column_text (stmt, 9), sqlite3_column_int64 (stmt, 7),
                           sqlite3_column_int64 (stmt, 10), sqlite3_column_int64 (stmt, 11));
}

FcDelivery *
_fc_notifier_store_get_delivery (FcStore  *store,
                                 gint64    id,
                                 GError  **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = _fc_store_prepare (store, "SELECT " DELIVERY_COLUMNS " FROM deliveries WHERE id = ?",
                            error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return read_delivery (stmt, error);
  if (finish_rows (store, rc, "reading a webhook delivery", error))
    g_set_error (error, FC_STORE_ERROR, FC_STORE_ERROR_NOT_FOUND,
                 _("There is no webhook delivery with id %lld"), (long long) id);
  return NULL;
}

GPtrArray *
_fc_notifier_store_list_deliveries (FcStore     *store,
                                    const char  *endpoint_id,
                                    int          status,
                                    gint64       before_id,
                                    guint        limit,
                                    GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GPtrArray) deliveries = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  stmt = _fc_store_prepare (store,
                            "SELECT " DELIVERY_COLUMNS " FROM deliveries "
                            "WHERE (?1 IS NULL OR endpoint_id = ?1) "
                            "AND (?2 IS NULL OR status = ?2) AND (?3 = 0 OR id < ?3) "
                            "ORDER BY id DESC LIMIT ?4", error);
  if (stmt == NULL)
    return NULL;

  _fc_store_bind_text (stmt, 1, endpoint_id);
  _fc_store_bind_text (stmt, 2, status >= 0 ? fc_delivery_status_to_string (status) : NULL);
  sqlite3_bind_int64 (stmt, 3, before_id);
  sqlite3_bind_int64 (stmt, 4, limit > 0 ? (gint64) limit : -1);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      FcDelivery *delivery = read_delivery (stmt, error);

      if (delivery == NULL)
        return NULL;
      g_ptr_array_add (deliveries, delivery);
    }

  if (!finish_rows (store, rc, "listing webhook deliveries", error))
    return NULL;
  return g_steal_pointer (&deliveries);
}

GArray *
_fc_notifier_store_list_pending (FcStore     *store,
                                 const char  *endpoint_id,
                                 guint        limit,
                                 GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  stmt = _fc_store_prepare (store,
                            "SELECT id FROM deliveries WHERE endpoint_id = ? "
                            "AND status = 'pending' ORDER BY id LIMIT ?", error);
  if (stmt == NULL)
    return NULL;

  _fc_store_bind_text (stmt, 1, endpoint_id);
  sqlite3_bind_int64 (stmt, 2, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }

  if (!finish_rows (store, rc, "listing pending webhook deliveries", error))
    return NULL;
  return g_steal_pointer (&ids);
}

gboolean
_fc_notifier_store_claim_delivery (FcStore   *store,
                                   gint64     id,
                                   guint      attempts,
                                   gint64     lease_until_ms,
                                   gboolean  *out_claimed,
                                   GError   **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  *out_claimed = FALSE;
  stmt = _fc_store_prepare (store,
                            "UPDATE deliveries SET next_attempt_at = ?3 WHERE id = ?1 "
                            "AND status = 'pending' AND attempts = ?2 "
                            "AND (next_attempt_at IS NULL OR next_attempt_at <= ?4)", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int (stmt, 2, (int) attempts);
  sqlite3_bind_int64 (stmt, 3, lease_until_ms);
  sqlite3_bind_int64 (stmt, 4, _fc_store_now_ms ());
  if (!_fc_store_step_done (store, stmt, "taking a webhook delivery for an attempt", error))
    return FALSE;
  *out_claimed = sqlite3_changes (_fc_store_get_db (store)) == 1;
  return TRUE;
}

gboolean
_fc_notifier_store_record_attempt (FcStore           *store,
                                   gint64             id,
                                   FcDeliveryStatus   status,
                                   guint              attempts,
                                   guint              status_code,
                                   const char        *error_text,
                                   gint64             next_attempt_ms,
                                   GError           **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = _fc_store_prepare (store,
                            "UPDATE deliveries SET status = ?, attempts = ?, "
                            "last_status_code = ?, last_error = ?, next_attempt_at = ?, "
                            "delivered_at = CASE WHEN ?1 = 'delivered' THEN ? "
                            "ELSE delivered_at END WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;

  _fc_store_bind_text (stmt, 1, fc_delivery_status_to_string (status));
  sqlite3_bind_int (stmt, 2, (int) attempts);
  if (status_code > 0)
    sqlite3_bind_int (stmt, 3, (int) status_code);
  else
    sqlite3_bind_null (stmt, 3);
  _fc_store_bind_text (stmt, 4, error_text);
  if (status == FC_DELIVERY_STATUS_PENDING)
    sqlite3_bind_int64 (stmt, 5, next_attempt_ms);
  else
    sqlite3_bind_null (stmt, 5);
  sqlite3_bind_int64 (stmt, 6, _fc_store_now_ms ());
  sqlite3_bind_int64 (stmt, 7, id);
  return _fc_store_step_done (store, stmt, "recording a webhook delivery attempt", error);
}

gboolean
_fc_notifier_store_move_deliveries (FcStore           *store,
                                    const char        *endpoint_id,
                                    FcDeliveryStatus   from,
                                    FcDeliveryStatus   to,
                                    GError           **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gboolean restart = to == FC_DELIVERY_STATUS_PENDING;

  stmt = _fc_store_prepare (store,
                            "UPDATE deliveries SET status = ?3, "
                            "attempts = CASE WHEN ?4 THEN 0 ELSE attempts END, "
                            "next_attempt_at = CASE WHEN ?4 THEN ?5 ELSE NULL END "
                            "WHERE endpoint_id = ?1 AND status = ?2", error);
  if (stmt == NULL)
    return FALSE;

  _fc_store_bind_text (stmt, 1, endpoint_id);
  _fc_store_bind_text (stmt, 2, fc_delivery_status_to_string (from));
  _fc_store_bind_text (stmt, 3, fc_delivery_status_to_string (to));
  sqlite3_bind_int (stmt, 4, restart ? 1 : 0);
  sqlite3_bind_int64 (stmt, 5, _fc_store_now_ms ());
  return _fc_store_step_done (store, stmt, "moving webhook deliveries", error);
}

gboolean
_fc_notifier_store_requeue_delivery (FcStore  *store,
                                     gint64    id,
                                     GError  **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = _fc_store_prepare (store,
                            "UPDATE deliveries SET status = 'pending', attempts = 0, "
                            "next_attempt_at = ? WHERE id = ? "
                            "AND status IN ('failed', 'skipped')", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, _fc_store_now_ms ());
  sqlite3_bind_int64 (stmt, 2, id);
  return _fc_store_step_done (store, stmt, "queueing a webhook delivery again", error);
}

gboolean
_fc_notifier_store_prune (FcStore  *store,
                          gint64    before_ms,
                          GError  **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = _fc_store_prepare (store,
                            "DELETE FROM deliveries WHERE status = 'delivered' "
                            "AND created_at < ?", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, before_ms);
  return _fc_store_step_done (store, stmt, "removing old webhook deliveries", error);
}
