/* fc-run-log-list.c: the runs of the sync log, read a page at a time
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-run-log"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-enum-types.h"
#include "fc-run-log-private.h"

#define RUN_PAGE_SIZE 200
#define RUN_MAX_PAGES 8

G_DEFINE_QUARK (fc-run-log-error-quark, fc_run_log_error)

/* ---- the pager -------------------------------------------------------------------------- */

typedef struct
{
  sqlite3_value *key;
  gint64         rowid;
} Bound;

struct _FcRunLogPager
{
  FcStore          *store;
  FcRunLogRowFunc   row_func;
  guint             page_size;
  guint             max_pages;

  GArray           *bounds;      /* of Bound: the first row of each page */
  guint             n_items;
  char             *page_sql;
  FcRunLogBindFunc  bind;
  gpointer          bind_data;

  GHashTable       *pages;       /* page number -> GPtrArray of items */
  GQueue            recent;      /* page numbers, most recently used first */
  guint             n_loads;
};

static void
clear_bound (gpointer data)
{
  Bound *bound = data;

  g_clear_pointer (&bound->key, sqlite3_value_free);
}

FcRunLogPager *
_fc_run_log_pager_new (FcStore         *store,
                       FcRunLogRowFunc  row_func,
                       guint            page_size,
                       guint            max_pages)
{
  FcRunLogPager *pager = g_new0 (FcRunLogPager, 1);

  pager->store = g_object_ref (store);
  pager->row_func = row_func;
  pager->page_size = MAX (page_size, 1);
  pager->max_pages = MAX (max_pages, 2);
  pager->bounds = g_array_new (FALSE, TRUE, sizeof (Bound));
  g_array_set_clear_func (pager->bounds, clear_bound);
  pager->pages = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                        (GDestroyNotify) g_ptr_array_unref);
  g_queue_init (&pager->recent);
  return pager;
}

void
_fc_run_log_pager_free (FcRunLogPager *pager)
{
  if (pager == NULL)
    return;
  g_clear_object (&pager->store);
  g_array_unref (pager->bounds);
  g_hash_table_unref (pager->pages);
  g_queue_clear (&pager->recent);
  g_free (pager->page_sql);
  g_free (pager);
}

static void
forget_pages (FcRunLogPager *pager)
{
  g_hash_table_remove_all (pager->pages);
  g_queue_clear (&pager->recent);
}

gboolean
_fc_run_log_pager_reset (FcRunLogPager     *pager,
                         const char        *keys_sql,
                         const char        *page_sql,
                         FcRunLogBindFunc   bind,
                         gpointer           bind_data,
                         GError           **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GError) local_error = NULL;
  guint n = 0;
  int rc;

  forget_pages (pager);
  g_array_set_size (pager->bounds, 0);
  pager->n_items = 0;
  pager->n_loads = 0;
  g_free (pager->page_sql);
  pager->page_sql = g_strdup (page_sql);
  pager->bind = bind;
  pager->bind_data = bind_data;

  stmt = _fc_store_prepare (pager->store, keys_sql, &local_error);
  if (stmt == NULL)
    {
      g_set_error (error, FC_RUN_LOG_ERROR, FC_RUN_LOG_ERROR_STORE,
                   _("Cannot read the sync log: %s"), local_error->message);
      return FALSE;
    }
  bind (stmt, bind_data);

  /* Only the index is read here; the rows themselves wait until their page is asked for. */
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (n % pager->page_size == 0)
        {
          Bound bound = {
            sqlite3_value_dup (sqlite3_column_value (stmt, 0)),
            sqlite3_column_int64 (stmt, 1),
          };

          g_array_append_val (pager->bounds, bound);
        }
      n++;
    }
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, FC_RUN_LOG_ERROR, FC_RUN_LOG_ERROR_STORE,
                   _("Cannot read the sync log: %s"),
                   sqlite3_errmsg (_fc_store_get_db (pager->store)));
      g_array_set_size (pager->bounds, 0);
      return FALSE;
    }

  pager->n_items = n;
  return TRUE;
}

guint
_fc_run_log_pager_get_n_items (FcRunLogPager *pager)
{
  return pager->n_items;
}

guint
_fc_run_log_pager_get_n_loads (FcRunLogPager *pager)
{
  return pager->n_loads;
}

static GPtrArray *
load_page (FcRunLogPager *pager,
           guint          page)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  Bound *bound = &g_array_index (pager->bounds, Bound, page);
  int rc;

  stmt = _fc_store_prepare (pager->store, pager->page_sql, &error);
  if (stmt == NULL)
    {
      g_warning ("Cannot read page %u of the sync log: %s", page, error->message);
      return NULL;
    }
  pager->bind (stmt, pager->bind_data);
  sqlite3_bind_value (stmt, 8, bound->key);
  sqlite3_bind_int64 (stmt, 9, bound->rowid);
  sqlite3_bind_int64 (stmt, 10, pager->page_size);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (items, pager->row_func (stmt));
  if (rc != SQLITE_DONE)
    {
      g_warning ("Cannot read page %u of the sync log: %s", page,
                 sqlite3_errmsg (_fc_store_get_db (pager->store)));
      return NULL;
    }

  pager->n_loads++;
  return g_steal_pointer (&items);
}

gpointer
_fc_run_log_pager_get_item (FcRunLogPager *pager,
                            guint          position)
{
  guint page = position / pager->page_size;
  guint index = position % pager->page_size;
  gpointer key = GUINT_TO_POINTER (page);
  GPtrArray *items;

  if (position >= pager->n_items || page >= pager->bounds->len)
    return NULL;

  items = g_hash_table_lookup (pager->pages, key);
  if (items != NULL)
    {
      if (g_queue_peek_head (&pager->recent) != key)
        {
          g_queue_remove (&pager->recent, key);
          g_queue_push_head (&pager->recent, key);
        }
    }
  else
    {
      items = load_page (pager, page);
      if (items == NULL)
        return NULL;
      g_hash_table_insert (pager->pages, key, items);
      g_queue_push_head (&pager->recent, key);
      while (g_queue_get_length (&pager->recent) > pager->max_pages)
        g_hash_table_remove (pager->pages, g_queue_pop_tail (&pager->recent));
    }

  /* Rows removed since the reset leave a page short. */
  return index < items->len ? g_object_ref (g_ptr_array_index (items, index)) : NULL;
}

/* ---- sort keys -------------------------------------------------------------------------- */

static const struct
{
  const char *name;
  const char *key;
} sort_keys[] = {
  [FC_RUN_SORT_STARTED] = { "started", "r.started_at" },
  [FC_RUN_SORT_MAPPING] = { "mapping", "COALESCE (m.name, '') COLLATE NOCASE" },
  [FC_RUN_SORT_TRIGGER] = { "trigger", "r.trigger" },
  [FC_RUN_SORT_STATUS] = { "status", "r.status" },
  [FC_RUN_SORT_FETCHED] = { "fetched", "r.fetched" },
  [FC_RUN_SORT_CREATED] = { "created", "r.created" },
  [FC_RUN_SORT_UPDATED] = { "updated", "r.updated" },
  [FC_RUN_SORT_SKIPPED] = { "skipped", "r.skipped" },
  [FC_RUN_SORT_CONFLICTS] = { "conflicts", "r.conflicts" },
  [FC_RUN_SORT_FAILED] = { "failed", "r.failed" },
  [FC_RUN_SORT_DURATION] = { "duration", "COALESCE (r.finished_at - r.started_at, -1)" },
};

const char *
fc_run_sort_to_string (FcRunSort sort)
{
  if ((guint) sort >= G_N_ELEMENTS (sort_keys))
    return NULL;
  return sort_keys[sort].name;
}

gboolean
fc_run_sort_from_string (const char *name,
                         FcRunSort  *out_sort)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (sort_keys); i++)
    {
      if (g_str_equal (sort_keys[i].name, name))
        {
          *out_sort = (FcRunSort) i;
          return TRUE;
        }
    }
  return FALSE;
}

/* "%text%" for LIKE, with the wildcards of @text escaped by a backslash; NULL for no text. */
static char *
like_pattern (const char *text)
{
  GString *pattern;

  if (text == NULL || text[0] == '\0')
    return NULL;

  pattern = g_string_new ("%");
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  g_string_append_c (pattern, '%');
  return g_string_free (pattern, FALSE);
}

char *
_fc_run_log_like_pattern (const char *text)
{
  return like_pattern (text);
}

/* ---- FcRunList -------------------------------------------------------------------------- */

struct _FcRunList
{
  GObject        parent_instance;

  FcStore       *store;
  FcRunLogPager *pager;

  char          *mapping_id;
  char          *status;    /* nick, or NULL */
  char          *pattern;   /* LIKE pattern, or NULL */
  FcRunSort      sort;
  gboolean       descending;
};

static void fc_run_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FcRunList, fc_run_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, fc_run_list_model_init))

static GType
fc_run_list_get_item_type (GListModel *model)
{
  return FC_TYPE_RUN_INFO;
}

static guint
fc_run_list_get_n_items (GListModel *model)
{
  return _fc_run_log_pager_get_n_items (FC_RUN_LIST (model)->pager);
}

static gpointer
fc_run_list_get_item (GListModel *model,
                      guint       position)
{
  return _fc_run_log_pager_get_item (FC_RUN_LIST (model)->pager, position);
}

static void
fc_run_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = fc_run_list_get_item_type;
  iface->get_n_items = fc_run_list_get_n_items;
  iface->get_item = fc_run_list_get_item;
}

static void
fc_run_list_finalize (GObject *object)
{
  FcRunList *self = FC_RUN_LIST (object);

  g_clear_pointer (&self->pager, _fc_run_log_pager_free);
  g_clear_object (&self->store);
  g_free (self->mapping_id);
  g_free (self->status);
  g_free (self->pattern);

  G_OBJECT_CLASS (fc_run_list_parent_class)->finalize (object);
}

static void
fc_run_list_class_init (FcRunListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fc_run_list_finalize;
}

static void
fc_run_list_init (FcRunList *self)
{
  self->sort = FC_RUN_SORT_STARTED;
  self->descending = TRUE;
}

static GObject *
run_from_row (sqlite3_stmt *stmt)
{
  return G_OBJECT (_fc_run_info_new_from_row (stmt));
}

/**
 * fc_run_list_new:
 * @store: the store to read
 *
 * Returns: (transfer full): the runs of @store, newest first, unfiltered; empty until
 *   fc_run_list_reload ()
 */
FcRunList *
fc_run_list_new (FcStore *store)
{
  FcRunList *self;

  g_return_val_if_fail (FC_IS_STORE (store), NULL);

  self = g_object_new (FC_TYPE_RUN_LIST, NULL);
  self->store = g_object_ref (store);
  self->pager = _fc_run_log_pager_new (store, run_from_row, RUN_PAGE_SIZE, RUN_MAX_PAGES);
  return self;
}

void
fc_run_list_set_filter (FcRunList  *self,
                        const char *mapping_id,
                        int         status,
                        const char *text)
{
  g_return_if_fail (FC_IS_RUN_LIST (self));

  g_free (self->mapping_id);
  self->mapping_id = mapping_id != NULL && mapping_id[0] != '\0' ? g_strdup (mapping_id) : NULL;
  g_free (self->status);
  self->status = status >= 0 ? g_strdup (fc_enum_to_nick (FC_TYPE_SYNC_STATUS, status)) : NULL;
  g_free (self->pattern);
  self->pattern = like_pattern (text);
}

void
fc_run_list_set_sort (FcRunList *self,
                      FcRunSort  sort,
                      gboolean   descending)
{
  g_return_if_fail (FC_IS_RUN_LIST (self));
  g_return_if_fail ((guint) sort < G_N_ELEMENTS (sort_keys));

  self->sort = sort;
  self->descending = descending;
}

FcRunSort
fc_run_list_get_sort (FcRunList *self,
                      gboolean  *out_descending)
{
  g_return_val_if_fail (FC_IS_RUN_LIST (self), FC_RUN_SORT_STARTED);

  if (out_descending != NULL)
    *out_descending = self->descending;
  return self->sort;
}

static void
bind_filter (sqlite3_stmt *stmt,
             gpointer      user_data)
{
  FcRunList *self = user_data;

  _fc_store_bind_text (stmt, 1, self->mapping_id);
  _fc_store_bind_text (stmt, 2, self->status);
  _fc_store_bind_text (stmt, 3, self->pattern);
}

/* FROM and WHERE of the filtered runs; only the filters in use are named, so that an unfiltered
 * list reads nothing but the index of its sort key. */
static char *
filtered_runs (FcRunList *self)
{
  GString *sql = g_string_new ("FROM runs r LEFT JOIN mappings m ON m.id = r.mapping_id "
                               "WHERE 1");

  if (self->mapping_id != NULL)
    g_string_append (sql, " AND r.mapping_id = ?1");
  if (self->status != NULL)
    g_string_append (sql, " AND r.status = ?2");
  if (self->pattern != NULL)
    g_string_append (sql, " AND (COALESCE (m.name, '') LIKE ?3 ESCAPE '\\' "
                          "OR COALESCE (r.error, '') LIKE ?3 ESCAPE '\\')");
  return g_string_free (sql, FALSE);
}

gboolean
fc_run_list_reload (FcRunList  *self,
                    GError    **error)
{
  g_autofree char *from = NULL;
  g_autofree char *keys_sql = NULL;
  g_autofree char *page_sql = NULL;
  const char *key;
  const char *dir;
  guint old_n;
  gboolean ok;

  g_return_val_if_fail (FC_IS_RUN_LIST (self), FALSE);

  from = filtered_runs (self);
  key = sort_keys[self->sort].key;
  dir = self->descending ? "DESC" : "ASC";
  keys_sql = g_strdup_printf ("SELECT %s, r.rowid %s ORDER BY %s %s, r.rowid %s",
                              key, from, key, dir, dir);
  page_sql = g_strdup_printf ("SELECT " FC_RUN_LOG_RUN_COLUMNS " %s AND (%s, r.rowid) %s (?8, ?9) "
                              "ORDER BY %s %s, r.rowid %s LIMIT ?10",
                              from, key, self->descending ? "<=" : ">=", key, dir, dir);

  old_n = _fc_run_log_pager_get_n_items (self->pager);
  ok = _fc_run_log_pager_reset (self->pager, keys_sql, page_sql, bind_filter, self, error);
  if (old_n > 0 || _fc_run_log_pager_get_n_items (self->pager) > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n,
                                _fc_run_log_pager_get_n_items (self->pager));
  return ok;
}

int
fc_run_list_find (FcRunList   *self,
                  const char  *run_id,
                  GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char *from = NULL;
  g_autofree char *sql = NULL;
  const char *key;
  int rc;

  g_return_val_if_fail (FC_IS_RUN_LIST (self), -1);
  g_return_val_if_fail (run_id != NULL, -1);

  /* The rows before it in the list's order, if the filters keep it at all. */
  from = filtered_runs (self);
  key = sort_keys[self->sort].key;
  sql = g_strdup_printf ("SELECT (SELECT COUNT(*) %s AND (%s, r.rowid) %s "
                         "(SELECT %s, r.rowid FROM runs r LEFT JOIN mappings m "
                         "ON m.id = r.mapping_id WHERE r.id = ?7)) "
                         "%s AND r.id = ?7",
                         from, key, self->descending ? ">" : "<", key, from);
  stmt = _fc_store_prepare (self->store, sql, &local_error);
  if (stmt == NULL)
    {
      g_set_error (error, FC_RUN_LOG_ERROR, FC_RUN_LOG_ERROR_STORE,
                   _("Cannot look for the sync run “%s”: %s"), run_id, local_error->message);
      return -1;
    }
  bind_filter (stmt, self);
  _fc_store_bind_text (stmt, 7, run_id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int (stmt, 0);
  if (rc != SQLITE_DONE)
    g_set_error (error, FC_RUN_LOG_ERROR, FC_RUN_LOG_ERROR_STORE,
                 _("Cannot look for the sync run “%s”: %s"), run_id,
                 sqlite3_errmsg (_fc_store_get_db (self->store)));
  return -1;
}

guint
fc_run_list_get_n_page_loads (FcRunList *self)
{
  g_return_val_if_fail (FC_IS_RUN_LIST (self), 0);

  return _fc_run_log_pager_get_n_loads (self->pager);
}
