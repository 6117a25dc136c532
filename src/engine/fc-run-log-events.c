/* fc-run-log-events.c: the events of one sync run, read a page at a time
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-run-log"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-run-log-private.h"
#include "fc-sync-store.h"

#define EVENT_PAGE_SIZE 200
#define EVENT_MAX_PAGES 16

struct _FcRunEventList
{
  GObject        parent_instance;

  FcStore       *store;
  FcRunLogPager *pager;
  char          *run_id;
  char          *pattern;
  gboolean       errors_only;
};

static void fc_run_event_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FcRunEventList, fc_run_event_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      fc_run_event_list_model_init))

static GType
fc_run_event_list_get_item_type (GListModel *model)
{
  return FC_TYPE_EVENT_INFO;
}

static guint
fc_run_event_list_get_n_items (GListModel *model)
{
  return _fc_run_log_pager_get_n_items (FC_RUN_EVENT_LIST (model)->pager);
}

static gpointer
fc_run_event_list_get_item (GListModel *model,
                            guint       position)
{
  return _fc_run_log_pager_get_item (FC_RUN_EVENT_LIST (model)->pager, position);
}

static void
fc_run_event_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = fc_run_event_list_get_item_type;
  iface->get_n_items = fc_run_event_list_get_n_items;
  iface->get_item = fc_run_event_list_get_item;
}

static void
fc_run_event_list_finalize (GObject *object)
{
  FcRunEventList *self = FC_RUN_EVENT_LIST (object);

  g_clear_pointer (&self->pager, _fc_run_log_pager_free);
  g_clear_object (&self->store);
  g_free (self->run_id);
  g_free (self->pattern);

  G_OBJECT_CLASS (fc_run_event_list_parent_class)->finalize (object);
}

static void
fc_run_event_list_class_init (FcRunEventListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fc_run_event_list_finalize;
}

static void
fc_run_event_list_init (FcRunEventList *self)
{
}

static GObject *
event_from_row (sqlite3_stmt *stmt)
{
  return G_OBJECT (_fc_event_info_new_from_row (stmt));
}

static void
bind_filter (sqlite3_stmt *stmt,
             gpointer      user_data)
{
  FcRunEventList *self = user_data;

  _fc_store_bind_text (stmt, 1, self->run_id);
  _fc_store_bind_text (stmt, 2, self->pattern);
}

static gboolean
reload (FcRunEventList  *self,
        GError         **error)
{
  g_autoptr (GString) where = g_string_new ("WHERE e.run_id = ?1");
  g_autofree char *keys_sql = NULL;
  g_autofree char *page_sql = NULL;
  guint old_n = _fc_run_log_pager_get_n_items (self->pager);
  gboolean ok;

  /* Without a text the keys come from the index (run_id, id) alone. */
  if (self->pattern != NULL)
    g_string_append (where, " AND (e.message LIKE ?2 ESCAPE '\\' OR e.kind LIKE ?2 ESCAPE '\\' "
                            "OR e.source_record_id LIKE ?2 ESCAPE '\\' "
                            "OR e.target_record_id LIKE ?2 ESCAPE '\\' "
                            "OR e.details LIKE ?2 ESCAPE '\\')");
  if (self->errors_only)
    g_string_append (where, " AND e.kind = 'record.error'");

  keys_sql = g_strdup_printf ("SELECT e.id, e.id FROM run_events e %s ORDER BY e.id", where->str);
  page_sql = g_strdup_printf ("SELECT " FC_RUN_LOG_EVENT_COLUMNS " FROM run_events e "
                              "LEFT JOIN runs r ON r.id = e.run_id "
                              "LEFT JOIN mappings m ON m.id = r.mapping_id "
                              "%s AND e.id >= ?8 AND ?9 NOT NULL ORDER BY e.id LIMIT ?10",
                              where->str);

  ok = _fc_run_log_pager_reset (self->pager, keys_sql, page_sql, bind_filter, self, error);
  if (old_n > 0 || _fc_run_log_pager_get_n_items (self->pager) > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n,
                                _fc_run_log_pager_get_n_items (self->pager));
  return ok;
}

/**
 * fc_run_event_list_new:
 * @store: the store to read
 * @run_id: the run
 * @error: NOT_FOUND when there is no such run
 *
 * Returns: (transfer full): the events of @run_id in the order they happened
 */
FcRunEventList *
fc_run_event_list_new (FcStore     *store,
                       const char  *run_id,
                       GError     **error)
{
  g_autoptr (FcRunEventList) self = NULL;
  g_autoptr (JsonObject) run = NULL;
  g_autoptr (GError) local_error = NULL;

  g_return_val_if_fail (FC_IS_STORE (store), NULL);
  g_return_val_if_fail (run_id != NULL, NULL);

  run = fc_sync_store_get_run (store, run_id, &local_error);
  if (run == NULL)
    {
      g_set_error (error, FC_RUN_LOG_ERROR,
                   g_error_matches (local_error, FC_STORE_ERROR, FC_STORE_ERROR_NOT_FOUND)
                   ? FC_RUN_LOG_ERROR_NOT_FOUND : FC_RUN_LOG_ERROR_STORE,
                   "%s", local_error->message);
      return NULL;
    }

  self = g_object_new (FC_TYPE_RUN_EVENT_LIST, NULL);
  self->store = g_object_ref (store);
  self->run_id = g_strdup (run_id);
  self->pager = _fc_run_log_pager_new (store, event_from_row, EVENT_PAGE_SIZE, EVENT_MAX_PAGES);
  if (!reload (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

const char *
fc_run_event_list_get_run_id (FcRunEventList *self)
{
  g_return_val_if_fail (FC_IS_RUN_EVENT_LIST (self), NULL);

  return self->run_id;
}

gboolean
fc_run_event_list_set_filter (FcRunEventList  *self,
                              const char      *text,
                              gboolean         errors_only,
                              GError         **error)
{
  g_return_val_if_fail (FC_IS_RUN_EVENT_LIST (self), FALSE);

  g_free (self->pattern);
  self->pattern = _fc_run_log_like_pattern (text);
  self->errors_only = errors_only;
  return reload (self, error);
}

guint
fc_run_event_list_get_n_page_loads (FcRunEventList *self)
{
  g_return_val_if_fail (FC_IS_RUN_EVENT_LIST (self), 0);

  return _fc_run_log_pager_get_n_loads (self->pager);
}
