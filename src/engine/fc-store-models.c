/* fc-store-models.c: the rows of connections, mappings and field pairs
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-enum-types.h"
#include "fc-store-private.h"

/* Connections */

#define CONNECTION_COLUMNS \
  "id, provider, status, account_name, account_id, api_base_url, auth_base_url, " \
  "created_at, updated_at"

static FcConnection *
connection_from_row (sqlite3_stmt  *stmt,
                     GError       **error)
{
  g_autoptr (FcConnection) connection = NULL;
  g_autoptr (GDateTime) created_at = _fc_store_column_date_time (stmt, 7);
  g_autoptr (GDateTime) updated_at = _fc_store_column_date_time (stmt, 8);
  const char *id = _fc_store_column_text (stmt, 0);
  int provider;
  int status;

  if (!_fc_store_column_enum (stmt, 1, FC_TYPE_PROVIDER, "connections", id, &provider, error) ||
      !_fc_store_column_enum (stmt, 2, FC_TYPE_CONNECTION_STATUS, "connections", id, &status,
                              error))
    return NULL;

  connection = g_object_new (FC_TYPE_CONNECTION,
                             "id", id,
                             "provider", provider,
                             "status", status,
                             "account-name", _fc_store_column_text (stmt, 3),
                             "account-id", _fc_store_column_text (stmt, 4),
                             "api-base-url", _fc_store_column_text (stmt, 5),
                             "auth-base-url", _fc_store_column_text (stmt, 6),
                             "created-at", created_at,
                             "updated-at", updated_at,
                             NULL);
  return g_steal_pointer (&connection);
}

gboolean
fc_store_save_connection (FcStore       *self,
                          FcConnection  *connection,
                          GError       **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GDateTime) created_at = NULL;
  g_autoptr (GDateTime) updated_at = NULL;
  g_autofree char *new_id = NULL;
  g_autofree char *what = NULL;
  const char *id;
  gint64 now = _fc_store_now_ms ();
  gint64 created_ms;
  GDateTime *old_created_at;

  g_return_val_if_fail (FC_IS_STORE (self), FALSE);
  g_return_val_if_fail (FC_IS_CONNECTION (connection), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  id = fc_connection_get_id (connection);
  if (id == NULL || id[0] == '\0')
    id = new_id = _fc_store_new_id (FC_CONNECTION_ID_PREFIX);

  stmt = _fc_store_prepare (self,
                            "INSERT INTO connections (" CONNECTION_COLUMNS ") "
                            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
                            "ON CONFLICT (id) DO UPDATE SET provider = excluded.provider, "
                            "  status = excluded.status, account_name = excluded.account_name, "
                            "  account_id = excluded.account_id, "
                            "  api_base_url = excluded.api_base_url, "
                            "  auth_base_url = excluded.auth_base_url, "
                            "  updated_at = excluded.updated_at "
                            "RETURNING created_at",
                            error);
  if (stmt == NULL)
    return FALSE;

  old_created_at = fc_connection_get_created_at (connection);
  created_ms = old_created_at != NULL ? _fc_store_ms_from_date_time (old_created_at) : now;
  _fc_store_bind_text (stmt, 1, id);
  _fc_store_bind_text (stmt, 2, fc_enum_to_nick (FC_TYPE_PROVIDER,
                                                 fc_connection_get_provider (connection)));
  _fc_store_bind_text (stmt, 3, fc_enum_to_nick (FC_TYPE_CONNECTION_STATUS,
                                                 fc_connection_get_status (connection)));
  _fc_store_bind_text (stmt, 4, fc_connection_get_account_name (connection));
  _fc_store_bind_text (stmt, 5, fc_connection_get_account_id (connection));
  _fc_store_bind_text (stmt, 6, fc_connection_get_api_base_url (connection));
  _fc_store_bind_text (stmt, 7, fc_connection_get_auth_base_url (connection));
  sqlite3_bind_int64 (stmt, 8, created_ms);
  sqlite3_bind_int64 (stmt, 9, now);

  what = g_strdup_printf (_("Cannot save connection “%s”"), id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      int rc = sqlite3_errcode (_fc_store_get_db (self));

      _fc_store_set_error_from_db (self, rc, what, error);
      return FALSE;
    }

  created_at = _fc_store_column_date_time (stmt, 0);
  updated_at = _fc_store_date_time_from_ms (now);
  if (!_fc_store_step_done (self, stmt, what, error))
    return FALSE;

  fc_connection_set_id (connection, id);
  fc_connection_set_created_at (connection, created_at);
  fc_connection_set_updated_at (connection, updated_at);
  return TRUE;
}

GPtrArray *
fc_store_list_connections (FcStore  *self,
                           GError  **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GPtrArray) connections = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  g_return_val_if_fail (FC_IS_STORE (self), NULL);

  stmt = _fc_store_prepare (self,
                            "SELECT " CONNECTION_COLUMNS " FROM connections "
                            "ORDER BY created_at, rowid",
                            error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      FcConnection *connection = connection_from_row (stmt, error);

      if (connection == NULL)
        return NULL;
      g_ptr_array_add (connections, connection);
    }

  if (rc != SQLITE_DONE)
    {
      _fc_store_set_error_from_db (self, rc, _("Cannot list connections"), error);
      return NULL;
    }

  return g_steal_pointer (&connections);
}

FcConnection *
fc_store_get_connection (FcStore     *self,
                         const char  *id,
                         GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (FC_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  stmt = _fc_store_prepare (self,
                            "SELECT " CONNECTION_COLUMNS " FROM connections WHERE id = ?1",
                            error);
  if (stmt == NULL)
    return NULL;
  _fc_store_bind_text (stmt, 1, id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return connection_from_row (stmt, error);

  if (rc == SQLITE_DONE)
    g_set_error (error, FC_STORE_ERROR, FC_STORE_ERROR_NOT_FOUND,
                 _("There is no connection with id “%s”"), id);
  else
    _fc_store_set_error_from_db (self, rc, _("Cannot read a connection"), error);
  return NULL;
}

static char *
join_mapping_names (GPtrArray *mappings)
{
  g_autoptr (GString) names = g_string_new (NULL);

  for (guint i = 0; i < mappings->len; i++)
    {
      if (i > 0)
        g_string_append (names, ", ");
      g_string_append_printf (names, "“%s”", fc_mapping_get_name (g_ptr_array_index (mappings, i)));
    }

  return g_string_free (g_steal_pointer (&names), FALSE);
}

gboolean
fc_store_remove_connection (FcStore     *self,
                            const char  *id,
                            GError     **error)
{
  g_autoptr (GPtrArray) users = NULL;
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autofree char *what = NULL;

  g_return_val_if_fail (FC_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  users = fc_store_list_mappings_for_connection (self, id, error);
  if (users == NULL)
    return FALSE;

  if (users->len > 0)
    {
      g_autoptr (FcConnection) connection = fc_store_get_connection (self, id, NULL);
      g_autofree char *title = connection != NULL ? fc_connection_dup_title (connection) : NULL;
      g_autofree char *names = join_mapping_names (users);

      g_set_error (error, FC_STORE_ERROR, FC_STORE_ERROR_CONSTRAINT,
                   ngettext ("Connection “%s” (%s) is used by mapping %s; remove the mapping "
                             "first",
                             "Connection “%s” (%s) is used by mappings %s; remove the mappings "
                             "first",
                             users->len),
                   title != NULL ? title : id, id, names);
      return FALSE;
    }

  stmt = _fc_store_prepare (self, "DELETE FROM connections WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  _fc_store_bind_text (stmt, 1, id);

  what = g_strdup_printf (_("Cannot remove connection “%s”"), id);
  if (!_fc_store_step_done (self, stmt, what, error))
    return FALSE;

  if (sqlite3_changes (_fc_store_get_db (self)) == 0)
    {
      g_set_error (error, FC_STORE_ERROR, FC_STORE_ERROR_NOT_FOUND,
                   _("There is no connection with id “%s”"), id);
      return FALSE;
    }

  return TRUE;
}

/* Mappings */

#define MAPPING_COLUMNS \
  "id, name, source_connection_id, source_object, target_connection_id, target_object, " \
  "direction, match_rule, conflict_strategy, delete_policy, active, realtime, " \
  "schedule_minutes, created_at, updated_at, external_id_fields"

static gboolean
load_field_pairs (FcStore    *self,
                  FcMapping  *mapping,
                  GError    **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  const char *id = fc_mapping_get_id (mapping);
  int rc;

  stmt = _fc_store_prepare (self,
                            "SELECT source_fields, target_fields, transform, direction, required, "
                            "allow_clear FROM field_pairs WHERE mapping_id = ?1 ORDER BY position",
                            error);
  if (stmt == NULL)
    return FALSE;
  _fc_store_bind_text (stmt, 1, id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_auto (GStrv) sources = _fc_store_column_strv (stmt, 0, "field_pairs", id, error);
      g_auto (GStrv) targets = NULL;
      g_autoptr (FcFieldPair) pair = NULL;
      int direction;

      if (sources == NULL)
        return FALSE;
      targets = _fc_store_column_strv (stmt, 1, "field_pairs", id, error);
      if (targets == NULL ||
          !_fc_store_column_enum (stmt, 3, FC_TYPE_FIELD_DIRECTION, "field_pairs", id,
                                  &direction, error))
        return FALSE;

      pair = g_object_new (FC_TYPE_FIELD_PAIR,
                           "source-fields", sources,
                           "target-fields", targets,
                           "transform", _fc_store_column_text (stmt, 2),
                           "direction", direction,
                           "required", sqlite3_column_int (stmt, 4) != 0,
                           "allow-clear", sqlite3_column_int (stmt, 5) != 0,
                           NULL);
      fc_mapping_add_field_pair (mapping, pair);
    }

  if (rc != SQLITE_DONE)
    {
      _fc_store_set_error_from_db (self, rc, _("Cannot read field pairs"), error);
      return FALSE;
    }

  return TRUE;
}

static FcMapping *
mapping_from_row (FcStore       *self,
                  sqlite3_stmt  *stmt,
                  GError       **error)
{
  g_autoptr (FcMapping) mapping = NULL;
  g_autoptr (GDateTime) created_at = _fc_store_column_date_time (stmt, 13);
  g_autoptr (GDateTime) updated_at = _fc_store_column_date_time (stmt, 14);
  g_auto (GStrv) match_rule = NULL;
  g_auto (GStrv) external_id_fields = NULL;
  const char *id = _fc_store_column_text (stmt, 0);
  int direction;
  int strategy;
  int policy;

  if (!_fc_store_column_enum (stmt, 6, FC_TYPE_DIRECTION, "mappings", id, &direction, error) ||
      !_fc_store_column_enum (stmt, 8, FC_TYPE_CONFLICT_STRATEGY, "mappings", id, &strategy,
                              error) ||
      !_fc_store_column_enum (stmt, 9, FC_TYPE_DELETE_POLICY, "mappings", id, &policy, error))
    return NULL;

  match_rule = _fc_store_column_strv (stmt, 7, "mappings", id, error);
  if (match_rule == NULL)
    return NULL;
  if (sqlite3_column_type (stmt, 15) != SQLITE_NULL)
    {
      external_id_fields = _fc_store_column_strv (stmt, 15, "mappings", id, error);
      if (external_id_fields == NULL)
        return NULL;
    }

  mapping = g_object_new (FC_TYPE_MAPPING,
                          "id", id,
                          "name", _fc_store_column_text (stmt, 1),
                          "source-connection-id", _fc_store_column_text (stmt, 2),
                          "source-object", _fc_store_column_text (stmt, 3),
                          "target-connection-id", _fc_store_column_text (stmt, 4),
                          "target-object", _fc_store_column_text (stmt, 5),
                          "direction", direction,
                          "match-rule", match_rule,
                          "external-id-fields", external_id_fields,
                          "conflict-strategy", strategy,
                          "delete-policy", policy,
                          "active", sqlite3_column_int (stmt, 10) != 0,
                          "realtime", sqlite3_column_int (stmt, 11) != 0,
                          "schedule-minutes", (guint) CLAMP (sqlite3_column_int64 (stmt, 12),
                                                             0, G_MAXUINT),
                          "created-at", created_at,
                          "updated-at", updated_at,
                          NULL);

  if (!load_field_pairs (self, mapping, error))
    return NULL;

  return g_steal_pointer (&mapping);
}

/* Every mapping the statement returns. */
static GPtrArray *
collect_mappings (FcStore       *self,
                  sqlite3_stmt  *stmt,
                  GError       **error)
{
  g_autoptr (GPtrArray) mappings = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      FcMapping *mapping = mapping_from_row (self, stmt, error);

      if (mapping == NULL)
        return NULL;
      g_ptr_array_add (mappings, mapping);
    }

  if (rc != SQLITE_DONE)
    {
      _fc_store_set_error_from_db (self, rc, _("Cannot list mappings"), error);
      return NULL;
    }

  return g_steal_pointer (&mappings);
}

static gboolean
check_connection_exists (FcStore     *self,
                         FcMapping   *mapping,
                         gboolean     is_source,
                         GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  const char *id = is_source ? fc_mapping_get_source_connection_id (mapping)
                             : fc_mapping_get_target_connection_id (mapping);
  int rc;

  stmt = _fc_store_prepare (self, "SELECT 1 FROM connections WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  _fc_store_bind_text (stmt, 1, id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    {
      _fc_store_set_error_from_db (self, rc, _("Cannot read a connection"), error);
      return FALSE;
    }

  g_set_error (error, FC_STORE_ERROR, FC_STORE_ERROR_CONSTRAINT,
               is_source ? _("Mapping “%s” uses source connection “%s”, which does not exist")
                         : _("Mapping “%s” uses target connection “%s”, which does not exist"),
               fc_mapping_get_name (mapping), id);
  return FALSE;
}

static gboolean
check_name_free (FcStore     *self,
                 FcMapping   *mapping,
                 const char  *id,
                 GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = _fc_store_prepare (self,
                            "SELECT id, name FROM mappings "
                            "WHERE name = ?1 COLLATE NOCASE AND id != ?2",
                            error);
  if (stmt == NULL)
    return FALSE;
  _fc_store_bind_text (stmt, 1, fc_mapping_get_name (mapping));
  _fc_store_bind_text (stmt, 2, id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    {
      _fc_store_set_error_from_db (self, rc, _("Cannot read mappings"), error);
      return FALSE;
    }

  g_set_error (error, FC_STORE_ERROR, FC_STORE_ERROR_CONSTRAINT,
               _("Cannot save mapping “%s”: mapping “%s” (%s) already has that name, and names "
                 "must be unique (ignoring case)"),
               fc_mapping_get_name (mapping), _fc_store_column_text (stmt, 1),
               _fc_store_column_text (stmt, 0));
  return FALSE;
}

static gboolean
write_mapping_row (FcStore     *self,
                   FcMapping   *mapping,
                   const char  *id,
                   gint64       created_ms,
                   gint64       updated_ms,
                   gint64      *out_created_ms,
                   GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autofree char *match_rule = NULL;
  g_autofree char *external_id_fields = NULL;
  g_autofree char *what = NULL;

  stmt = _fc_store_prepare (self,
                            "INSERT INTO mappings (" MAPPING_COLUMNS ") "
                            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
                            "  ?14, ?15, ?16) "
                            "ON CONFLICT (id) DO UPDATE SET name = excluded.name, "
                            "  source_connection_id = excluded.source_connection_id, "
                            "  source_object = excluded.source_object, "
                            "  target_connection_id = excluded.target_connection_id, "
                            "  target_object = excluded.target_object, "
                            "  direction = excluded.direction, match_rule = excluded.match_rule, "
                            "  conflict_strategy = excluded.conflict_strategy, "
                            "  delete_policy = excluded.delete_policy, "
                            "  active = excluded.active, realtime = excluded.realtime, "
                            "  schedule_minutes = excluded.schedule_minutes, "
                            "  updated_at = excluded.updated_at, "
                            "  external_id_fields = excluded.external_id_fields "
                            "RETURNING created_at",
                            error);
  if (stmt == NULL)
    return FALSE;

  match_rule = _fc_store_strv_to_json (fc_mapping_get_match_rule (mapping));
  if (fc_mapping_get_external_id_fields (mapping) != NULL)
    external_id_fields = _fc_store_strv_to_json (fc_mapping_get_external_id_fields (mapping));

  _fc_store_bind_text (stmt, 1, id);
  _fc_store_bind_text (stmt, 2, fc_mapping_get_name (mapping));
  _fc_store_bind_text (stmt, 3, fc_mapping_get_source_connection_id (mapping));
  _fc_store_bind_text (stmt, 4, fc_mapping_get_source_object (mapping));
  _fc_store_bind_text (stmt, 5, fc_mapping_get_target_connection_id (mapping));
  _fc_store_bind_text (stmt, 6, fc_mapping_get_target_object (mapping));
  _fc_store_bind_text (stmt, 7, fc_enum_to_nick (FC_TYPE_DIRECTION,
                                                 fc_mapping_get_direction (mapping)));
  _fc_store_bind_text (stmt, 8, match_rule);
  _fc_store_bind_text (stmt, 9, fc_enum_to_nick (FC_TYPE_CONFLICT_STRATEGY,
                                                 fc_mapping_get_conflict_strategy (mapping)));
  _fc_store_bind_text (stmt, 10, fc_enum_to_nick (FC_TYPE_DELETE_POLICY,
                                                  fc_mapping_get_delete_policy (mapping)));
  sqlite3_bind_int (stmt, 11, fc_mapping_get_active (mapping));
  sqlite3_bind_int (stmt, 12, fc_mapping_get_realtime (mapping));
  sqlite3_bind_int64 (stmt, 13, fc_mapping_get_schedule_minutes (mapping));
  sqlite3_bind_int64 (stmt, 14, created_ms);
  sqlite3_bind_int64 (stmt, 15, updated_ms);
  _fc_store_bind_text (stmt, 16, external_id_fields);

  what = g_strdup_printf (_("Cannot save mapping “%s”"), fc_mapping_get_name (mapping));
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      int rc = sqlite3_errcode (_fc_store_get_db (self));

      _fc_store_set_error_from_db (self, rc, what, error);
      return FALSE;
    }
  *out_created_ms = sqlite3_column_int64 (stmt, 0);

  return _fc_store_step_done (self, stmt, what, error);
}

static gboolean
write_field_pairs (FcStore     *self,
                   FcMapping   *mapping,
                   const char  *id,
                   GError     **error)
{
  g_autoptr (sqlite3_stmt) delete_stmt = NULL;
  g_autoptr (sqlite3_stmt) insert_stmt = NULL;
  g_autofree char *what = NULL;
  guint n = fc_mapping_get_n_field_pairs (mapping);

  what = g_strdup_printf (_("Cannot save the field pairs of mapping “%s”"),
                          fc_mapping_get_name (mapping));

  delete_stmt = _fc_store_prepare (self, "DELETE FROM field_pairs WHERE mapping_id = ?1", error);
  if (delete_stmt == NULL)
    return FALSE;
  _fc_store_bind_text (delete_stmt, 1, id);
  if (!_fc_store_step_done (self, delete_stmt, what, error))
    return FALSE;

  insert_stmt = _fc_store_prepare (self,
                                   "INSERT INTO field_pairs (mapping_id, position, source_fields, "
                                   "  target_fields, transform, direction, required, allow_clear) "
                                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                                   error);
  if (insert_stmt == NULL)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      FcFieldPair *pair = fc_mapping_get_field_pair (mapping, i);
      g_autofree char *sources = _fc_store_strv_to_json (fc_field_pair_get_source_fields (pair));
      g_autofree char *targets = _fc_store_strv_to_json (fc_field_pair_get_target_fields (pair));

      sqlite3_reset (insert_stmt);
      _fc_store_bind_text (insert_stmt, 1, id);
      sqlite3_bind_int (insert_stmt, 2, i);
      _fc_store_bind_text (insert_stmt, 3, sources);
      _fc_store_bind_text (insert_stmt, 4, targets);
      _fc_store_bind_text (insert_stmt, 5, fc_field_pair_get_transform (pair));
      _fc_store_bind_text (insert_stmt, 6, fc_enum_to_nick (FC_TYPE_FIELD_DIRECTION,
                                                            fc_field_pair_get_direction (pair)));
      sqlite3_bind_int (insert_stmt, 7, fc_field_pair_get_required (pair));
      sqlite3_bind_int (insert_stmt, 8, fc_field_pair_get_allow_clear (pair));

      if (!_fc_store_step_done (self, insert_stmt, what, error))
        return FALSE;
    }

  return TRUE;
}

/* Fails unless the stored row of @mapping still has the mapping's updated-at. On success,
 * @now moves past the stored updated-at when the clock has not, so every save changes it. */
static gboolean
check_unchanged (FcStore    *self,
                 FcMapping  *mapping,
                 const char *id,
                 gint64     *now,
                 GError    **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  GDateTime *read_at = fc_mapping_get_updated_at (mapping);
  gint64 stored_ms;
  int rc;

  stmt = _fc_store_prepare (self, "SELECT updated_at FROM mappings WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  _fc_store_bind_text (stmt, 1, id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, FC_STORE_ERROR, FC_STORE_ERROR_CHANGED,
                   _("Cannot save mapping “%s”: it was removed elsewhere (in another window or "
                     "by fluxcascade-cli) after it was opened"),
                   fc_mapping_get_name (mapping));
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      _fc_store_set_error_from_db (self, rc, _("Cannot read mappings"), error);
      return FALSE;
    }

  stored_ms = sqlite3_column_int64 (stmt, 0);
  if (read_at == NULL || _fc_store_ms_from_date_time (read_at) != stored_ms)
    {
      g_set_error (error, FC_STORE_ERROR, FC_STORE_ERROR_CHANGED,
                   _("Cannot save mapping “%s”: it was changed elsewhere (in another window or "
                     "by fluxcascade-cli) after it was opened"),
                   fc_mapping_get_name (mapping));
      return FALSE;
    }

  *now = MAX (*now, stored_ms + 1);
  return TRUE;
}

static gboolean
save_mapping (FcStore    *self,
              FcMapping  *mapping,
              gboolean    unless_changed,
              GError    **error)
{
  g_autofree char *new_id = NULL;
  g_autoptr (GDateTime) created_at = NULL;
  g_autoptr (GDateTime) updated_at = NULL;
  GDateTime *old_created_at;
  const char *id;
  gint64 now = _fc_store_now_ms ();
  gint64 created_ms;

  g_return_val_if_fail (FC_IS_STORE (self), FALSE);
  g_return_val_if_fail (FC_IS_MAPPING (mapping), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!fc_mapping_validate (mapping, error))
    return FALSE;

  id = fc_mapping_get_id (mapping);
  if (id == NULL || id[0] == '\0')
    id = new_id = _fc_store_new_id (FC_MAPPING_ID_PREFIX);

  old_created_at = fc_mapping_get_created_at (mapping);
  created_ms = old_created_at != NULL ? _fc_store_ms_from_date_time (old_created_at) : now;

  if (!fc_store_transaction_begin (self, error))
    return FALSE;

  if ((unless_changed && new_id == NULL && !check_unchanged (self, mapping, id, &now, error)) ||
      !check_connection_exists (self, mapping, TRUE, error) ||
      !check_connection_exists (self, mapping, FALSE, error) ||
      !check_name_free (self, mapping, id, error) ||
      !write_mapping_row (self, mapping, id, created_ms, now, &created_ms, error) ||
      !write_field_pairs (self, mapping, id, error))
    {
      fc_store_transaction_rollback (self);
      return FALSE;
    }

  if (!fc_store_transaction_commit (self, error))
    return FALSE;

  created_at = _fc_store_date_time_from_ms (created_ms);
  updated_at = _fc_store_date_time_from_ms (now);
  fc_mapping_set_id (mapping, id);
  fc_mapping_set_created_at (mapping, created_at);
  fc_mapping_set_updated_at (mapping, updated_at);
  return TRUE;
}

gboolean
fc_store_save_mapping (FcStore    *self,
                       FcMapping  *mapping,
                       GError    **error)
{
  return save_mapping (self, mapping, FALSE, error);
}

gboolean
fc_store_save_mapping_unless_changed (FcStore    *self,
                                      FcMapping  *mapping,
                                      GError    **error)
{
  return save_mapping (self, mapping, TRUE, error);
}

GPtrArray *
fc_store_list_mappings (FcStore  *self,
                        GError  **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (FC_IS_STORE (self), NULL);

  stmt = _fc_store_prepare (self,
                            "SELECT " MAPPING_COLUMNS " FROM mappings "
                            "ORDER BY name COLLATE NOCASE, id",
                            error);
  if (stmt == NULL)
    return NULL;

  return collect_mappings (self, stmt, error);
}

GPtrArray *
fc_store_list_mappings_for_connection (FcStore     *self,
                                       const char  *connection_id,
                                       GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (FC_IS_STORE (self), NULL);
  g_return_val_if_fail (connection_id != NULL, NULL);

  stmt = _fc_store_prepare (self,
                            "SELECT " MAPPING_COLUMNS " FROM mappings "
                            "WHERE source_connection_id = ?1 OR target_connection_id = ?1 "
                            "ORDER BY name COLLATE NOCASE, id",
                            error);
  if (stmt == NULL)
    return NULL;
  _fc_store_bind_text (stmt, 1, connection_id);

  return collect_mappings (self, stmt, error);
}

/* The first mapping the statement returns, or NULL without an error when there is none. */
static FcMapping *
first_mapping (FcStore       *self,
               sqlite3_stmt  *stmt,
               GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    return mapping_from_row (self, stmt, error);
  if (rc != SQLITE_DONE)
    _fc_store_set_error_from_db (self, rc, _("Cannot read a mapping"), error);
  return NULL;
}

FcMapping *
fc_store_get_mapping (FcStore     *self,
                      const char  *id,
                      GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  GError *local_error = NULL;
  FcMapping *mapping;

  g_return_val_if_fail (FC_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  stmt = _fc_store_prepare (self, "SELECT " MAPPING_COLUMNS " FROM mappings WHERE id = ?1",
                            error);
  if (stmt == NULL)
    return NULL;
  _fc_store_bind_text (stmt, 1, id);

  mapping = first_mapping (self, stmt, &local_error);
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  else if (mapping == NULL)
    g_set_error (error, FC_STORE_ERROR, FC_STORE_ERROR_NOT_FOUND,
                 _("There is no mapping with id “%s”"), id);
  return mapping;
}

FcMapping *
fc_store_find_mapping (FcStore     *self,
                       const char  *id_or_name,
                       GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  GError *local_error = NULL;
  FcMapping *mapping;

  g_return_val_if_fail (FC_IS_STORE (self), NULL);
  g_return_val_if_fail (id_or_name != NULL, NULL);

  /* An id wins over a name, so that a mapping named like another's id stays reachable. */
  stmt = _fc_store_prepare (self,
                            "SELECT " MAPPING_COLUMNS " FROM mappings "
                            "WHERE id = ?1 OR name = ?1 COLLATE BINARY "
                            "ORDER BY id = ?1 DESC LIMIT 1",
                            error);
  if (stmt == NULL)
    return NULL;
  _fc_store_bind_text (stmt, 1, id_or_name);

  mapping = first_mapping (self, stmt, &local_error);
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  else if (mapping == NULL)
    g_set_error (error, FC_STORE_ERROR, FC_STORE_ERROR_NOT_FOUND,
                 _("There is no mapping with id or name “%s”"), id_or_name);
  return mapping;
}

gboolean
fc_store_remove_mapping (FcStore     *self,
                         const char  *id,
                         GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autofree char *what = NULL;

  g_return_val_if_fail (FC_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  stmt = _fc_store_prepare (self, "DELETE FROM mappings WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  _fc_store_bind_text (stmt, 1, id);

  what = g_strdup_printf (_("Cannot remove mapping “%s”"), id);
  if (!_fc_store_step_done (self, stmt, what, error))
    return FALSE;

  if (sqlite3_changes (_fc_store_get_db (self)) == 0)
    {
      g_set_error (error, FC_STORE_ERROR, FC_STORE_ERROR_NOT_FOUND,
                   _("There is no mapping with id “%s”"), id);
      return FALSE;
    }

  return TRUE;
}
