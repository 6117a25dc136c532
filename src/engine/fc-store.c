/* fc-store.c: the SQLite file that holds connections, mappings and sync state
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "fc-enum-types.h"
#include "fc-json-text-private.h"
#include "fc-store-private.h"

/* How long a statement waits for another process (the CLI, a second window) holding the
 * write lock before it fails with "database is locked". */
#define BUSY_TIMEOUT_MS 5000

struct _FcStore
{
  GObject     parent_instance;

  char       *path;
  sqlite3    *db;
  int         schema_version;
  guint       transaction_depth;
  gint64      data_version;   /* PRAGMA data_version when last asked (fc_store_changed_elsewhere) */

  /* Prepared statements kept for reuse: SQL text -> GPtrArray of idle sqlite3_stmt. A sync
   * runs the same few statements for every record, and preparing them each time cost a third
   * of the engine's time. */
  GHashTable *idle_statements;
  guint       n_idle_statements;

  gpointer       mirror;
  GDestroyNotify mirror_destroy;

  gpointer          held;
  FcStoreFlushFunc  held_flush;
  GDestroyNotify    held_destroy;
  gboolean          flushing;
};

/* At most this many idle statements per store; SQL built at run time (IN lists) cannot fill
 * the cache beyond it. */
#define MAX_IDLE_STATEMENTS 128

/* Which store a connection belongs to, so that a statement can be given back to it by the
 * g_autoptr cleanup, which sees only the statement. */
static GMutex stores_lock;
static GHashTable *stores_by_db;

G_DEFINE_FINAL_TYPE (FcStore, fc_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (fc-store-error-quark, fc_store_error)

static void
fc_store_finalize (GObject *object)
{
  FcStore *self = (FcStore *) object;

  if (self->transaction_depth > 0)
    g_critical ("Store “%s” finalized inside a transaction; it is rolled back", self->path);

  g_mutex_lock (&stores_lock);
  if (stores_by_db != NULL && self->db != NULL)
    g_hash_table_remove (stores_by_db, self->db);
  g_mutex_unlock (&stores_lock);
  _fc_store_set_held_rows (self, NULL, NULL, NULL);
  g_clear_pointer (&self->idle_statements, g_hash_table_unref);
  _fc_store_set_mirror (self, NULL, NULL);

  g_clear_pointer (&self->db, sqlite3_close_v2);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (fc_store_parent_class)->finalize (object);
}

static void
fc_store_class_init (FcStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fc_store_finalize;
}

static void
fc_store_init (FcStore *self)
{
}

/* Helpers for the engine's modules */

sqlite3 *
_fc_store_get_db (FcStore *self)
{
  g_return_val_if_fail (FC_IS_STORE (self), NULL);
  return self->db;
}

void
_fc_store_set_error_from_db (FcStore     *self,
                             int          rc,
                             const char  *what,
                             GError     **error)
{
  int code;

  switch (rc & 0xff)
    {
    case SQLITE_CONSTRAINT:
      code = FC_STORE_ERROR_CONSTRAINT;
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      code = FC_STORE_ERROR_CORRUPT;
      break;
    default:
      code = FC_STORE_ERROR_FAILED;
    }

  g_set_error (error, FC_STORE_ERROR, code, "%s: %s", what, sqlite3_errmsg (self->db));
}

/* Before any statement runs, the rows held back are written, so that it sees them; not from
 * the flush itself, whose own statements come through here. Rows are held only inside a
 * transaction: outside, nothing here is touched (statements may come from other threads). */
gboolean
_fc_store_flush_held_rows (FcStore  *self,
                           GError  **error)
{
  gboolean ok;

  if (self->transaction_depth == 0 || self->held == NULL || self->flushing)
    return TRUE;

  self->flushing = TRUE;
  ok = self->held_flush (self, self->held, error);
  self->flushing = FALSE;
  return ok;
}

/* The idle statements are found by their SQL, hashed twice per statement run: g_str_hash ()
 * over every character of a long text cost more than many a statement's own work. The
 * length, the start (the kind of statement) and the end (its WHERE clause) tell texts apart
 * well enough; the equality test still compares the whole text. */
static guint
sql_hash (gconstpointer key)
{
  const char *sql = key;
  gsize length = strlen (sql);
  gsize head = MIN (length, 16);
  gsize tail = MIN (length - head, 48);
  guint hash = (guint) length;

  for (gsize i = 0; i < head; i++)
    hash = hash * 31 + (guchar) sql[i];
  for (gsize i = length - tail; i < length; i++)
    hash = hash * 31 + (guchar) sql[i];
  return hash;
}

sqlite3_stmt *
_fc_store_prepare (FcStore     *self,
                   const char  *sql,
                   GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (FC_IS_STORE (self), NULL);

  if (!_fc_store_flush_held_rows (self, error))
    return NULL;

  g_mutex_lock (&stores_lock);
  if (self->idle_statements != NULL)
    {
      GPtrArray *idle = g_hash_table_lookup (self->idle_statements, sql);

      if (idle != NULL && idle->len > 0)
        {
          stmt = g_ptr_array_steal_index_fast (idle, idle->len - 1);
          self->n_idle_statements--;
        }
    }
  else
    {
      self->idle_statements = g_hash_table_new_full (sql_hash, g_str_equal, g_free,
                                                     (GDestroyNotify) g_ptr_array_unref);
      if (stores_by_db == NULL)
        stores_by_db = g_hash_table_new (NULL, NULL);
      g_hash_table_insert (stores_by_db, self->db, self);
    }
  g_mutex_unlock (&stores_lock);
  if (stmt != NULL)
    return stmt;

  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      g_autofree char *what = g_strdup_printf (_("Cannot prepare “%s”"), sql);

      _fc_store_set_error_from_db (self, rc, what, error);
      sqlite3_finalize (stmt);
      return NULL;
    }

  return stmt;
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

/* The g_autoptr (sqlite3_stmt) cleanup: the statement goes back to its store's idle list, reset
 * and unbound, or is finalized when the store is gone or its list is full. */
void
_fc_store_release_statement (sqlite3_stmt *stmt)
{
  FcStore *store;

  if (stmt == NULL)
    return;

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  g_mutex_lock (&stores_lock);
  store = stores_by_db != NULL ? g_hash_table_lookup (stores_by_db, sqlite3_db_handle (stmt))
                               : NULL;
  if (store != NULL && store->n_idle_statements < MAX_IDLE_STATEMENTS)
    {
      const char *sql = sqlite3_sql (stmt);
      GPtrArray *idle = g_hash_table_lookup (store->idle_statements, sql);

      if (idle == NULL)
        {
          idle = g_ptr_array_new_with_free_func (finalize_statement);
          g_hash_table_insert (store->idle_statements, g_strdup (sql), idle);
        }
      g_ptr_array_add (idle, stmt);
      store->n_idle_statements++;
      stmt = NULL;
    }
  g_mutex_unlock (&stores_lock);

  if (stmt != NULL)
    sqlite3_finalize (stmt);
}

gpointer
_fc_store_get_mirror (FcStore *self)
{
  g_return_val_if_fail (FC_IS_STORE (self), NULL);
  return self->mirror;
}

void
_fc_store_set_mirror (FcStore        *self,
                      gpointer        data,
                      GDestroyNotify  destroy)
{
  gpointer old = self->mirror;
  GDestroyNotify old_destroy = self->mirror_destroy;

  g_return_if_fail (FC_IS_STORE (self));

  self->mirror = data;
  self->mirror_destroy = destroy;
  if (old != NULL && old_destroy != NULL)
    old_destroy (old);
}

gpointer
_fc_store_get_held_rows (FcStore *self)
{
  g_return_val_if_fail (FC_IS_STORE (self), NULL);
  return self->held;
}

void
_fc_store_set_held_rows (FcStore          *self,
                         gpointer          data,
                         FcStoreFlushFunc  flush,
                         GDestroyNotify    destroy)
{
  gpointer old = self->held;
  GDestroyNotify old_destroy = self->held_destroy;

  g_return_if_fail (FC_IS_STORE (self));
  g_return_if_fail (data == NULL || flush != NULL);

  self->held = data;
  self->held_flush = flush;
  self->held_destroy = destroy;
  if (old != NULL && old_destroy != NULL)
    old_destroy (old);
}

gboolean
_fc_store_can_hold_rows (FcStore *self)
{
  g_return_val_if_fail (FC_IS_STORE (self), FALSE);
  return self->transaction_depth == 1;
}

gboolean
_fc_store_exec (FcStore     *self,
                const char  *sql,
                GError     **error)
{
  int rc;

  g_return_val_if_fail (FC_IS_STORE (self), FALSE);

  if (!_fc_store_flush_held_rows (self, error))
    return FALSE;

  rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      g_autofree char *what = g_strdup_printf (_("Cannot run “%s”"), sql);

      _fc_store_set_error_from_db (self, rc, what, error);
      return FALSE;
    }

  return TRUE;
}

gint64
_fc_store_ms_from_date_time (GDateTime *dt)
{
  return g_date_time_to_unix (dt) * 1000 + g_date_time_get_microsecond (dt) / 1000;
}

GDateTime *
_fc_store_date_time_from_ms (gint64 ms)
{
  g_autoptr (GDateTime) seconds = NULL;
  gint64 s = ms / 1000;
  gint64 rest = ms % 1000;

  if (rest < 0)
    {
      s -= 1;
      rest += 1000;
    }

  seconds = g_date_time_new_from_unix_utc (s);
  if (seconds == NULL)
    return NULL;
  return g_date_time_add (seconds, rest * G_TIME_SPAN_MILLISECOND);
}

gint64
_fc_store_now_ms (void)
{
  return g_get_real_time () / 1000;
}

char *
_fc_store_new_id (const char *prefix)
{
  g_autofree char *uuid = g_uuid_string_random ();
  GString *id = g_string_new (prefix);

  for (const char *p = uuid; *p != '\0'; p++)
    if (*p != '-')
      g_string_append_c (id, *p);

  return g_string_free (id, FALSE);
}

char *
_fc_store_strv_to_json (const char * const *strv)
{
  GString *out = g_string_sized_new (64);

  _fc_json_text_append_strv (out, strv);
  return g_string_free (out, FALSE);
}

static const char *
skip_space (const char *p)
{
  while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
    p++;
  return p;
}

static int
hex_value (const char *p)
{
  int value = 0;

  for (guint i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (p[i]);

      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }
  return value;
}

/* One JSON string at @p (after its opening quote) into @out; the position after its closing
 * quote, or NULL for anything this reader does not take (the caller falls back to json-glib). */
static const char *
read_string (const char *p,
             GString    *out)
{
  g_string_truncate (out, 0);
  while (*p != '"')
    {
      int code, low;

      if (*p == '\0' || (guchar) *p < 0x20)
        return NULL;
      if (*p != '\\')
        {
          g_string_append_c (out, *p++);
          continue;
        }
      p++;
      switch (*p)
        {
        case '"': case '\\': case '/':
          g_string_append_c (out, *p);
          break;
        case 'b':
          g_string_append_c (out, '\b');
          break;
        case 'f':
          g_string_append_c (out, '\f');
          break;
        case 'n':
          g_string_append_c (out, '\n');
          break;
        case 'r':
          g_string_append_c (out, '\r');
          break;
        case 't':
          g_string_append_c (out, '\t');
          break;
        case 'u':
          code = hex_value (p + 1);
          if (code < 0)
            return NULL;
          p += 4;
          if (code >= 0xd800 && code < 0xdc00)
            {
              if (p[1] != '\\' || p[2] != 'u' || (low = hex_value (p + 3)) < 0xdc00 ||
                  low >= 0xe000)
                return NULL;
              code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
              p += 6;
            }
          else if (code >= 0xdc00 && code < 0xe000)
            return NULL;
          if (code == 0)
            return NULL;
          g_string_append_unichar (out, code);
          break;
        default:
          return NULL;
        }
      p++;
    }
  return p + 1;
}

/* A JSON string at @p (after its opening quote) as a new string, or NULL for anything
 * read_string () does not take or text not in UTF-8; *@end is set to after its closing quote.
 * @escaped is made when a string has escapes, for read_string () to use. */
static char *
dup_string (const char  *p,
            GString    **escaped,
            const char **end)
{
  const char *plain = p;

  /* Most values have no escape: copied at once */
  while ((guchar) *p >= 0x20 && *p != '"' && *p != '\\')
    p++;
  if (*p == '"')
    {
      if (!g_utf8_validate_len (plain, p - plain, NULL))
        return NULL;
      *end = p + 1;
      return g_strndup (plain, p - plain);
    }
  if (*p != '\\')
    return NULL;

  if (*escaped == NULL)
    *escaped = g_string_sized_new (64);
  if ((*end = read_string (plain, *escaped)) == NULL ||
      !g_utf8_validate_len ((*escaped)->str, (*escaped)->len, NULL))
    return NULL;
  return g_strndup ((*escaped)->str, (*escaped)->len);
}

/* NULL when @json is not a plain array of strings in valid UTF-8. */
static GStrv
strv_from_json_fast (const char *json)
{
  g_auto (GStrv) values = NULL;
  g_autoptr (GString) escaped = NULL;
  const char *p = skip_space (json);
  guint n_quotes = 0;
  guint n_values = 0;

  /* Each value takes two quotes: the vector is allocated once, with room enough (the merge
   * reads a base's values three times per field pair) */
  for (const char *quote = strchr (p, '"'); quote != NULL; quote = strchr (quote + 1, '"'))
    n_quotes++;
  values = g_new0 (char *, n_quotes / 2 + 1);

  if (*p++ != '[')
    return NULL;
  p = skip_space (p);
  if (*p != ']')
    while (TRUE)
      {
        if (*p++ != '"' || (values[n_values] = dup_string (p, &escaped, &p)) == NULL)
          return NULL;
        n_values++;
        p = skip_space (p);
        if (*p == ']')
          break;
        if (*p++ != ',')
          return NULL;
        p = skip_space (p);
      }

  if (*skip_space (p + 1) != '\0')
    return NULL;
  return g_steal_pointer (&values);
}

GStrv
_fc_store_strv_from_json (const char  *json,
                          GError     **error)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GStrvBuilder) builder = NULL;
  JsonArray *array;
  GStrv fast;

  if (json != NULL && (fast = strv_from_json_fast (json)) != NULL)
    return fast;

  builder = g_strv_builder_new ();
  root = json_from_string (json != NULL ? json : "", NULL);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error (error, FC_STORE_ERROR, FC_STORE_ERROR_CORRUPT,
                   _("“%s” is not a JSON array of strings"), json != NULL ? json : "");
      return NULL;
    }

  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        {
          g_set_error (error, FC_STORE_ERROR, FC_STORE_ERROR_CORRUPT,
                       _("“%s” is not a JSON array of strings"), json);
          return NULL;
        }
      g_strv_builder_add (builder, json_node_get_string (element));
    }

  return g_strv_builder_end (builder);
}

/* Opening */

char *
fc_store_resolve_data_dir (const char *override)
{
  const char *env;

  if (override != NULL && override[0] != '\0')
    return g_strdup (override);

  env = g_getenv ("FLUXCASCADE_DATA_DIR");
  if (env != NULL && env[0] != '\0')
    return g_strdup (env);

  return g_build_filename (g_get_user_data_dir (), "fluxcascade", NULL);
}

/* Creates the directory (0700) and an empty file (0600) when missing, so that SQLite, which
 * gives its -wal and -shm files the database file's mode, never makes anything wider. */
static gboolean
ensure_file (const char  *path,
             GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, FC_STORE_ERROR, FC_STORE_ERROR_OPEN,
                   _("Cannot create the data folder “%s”: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }

  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0)
    return g_close (fd, error);

  if (errno != EEXIST)
    {
      int saved_errno = errno;

      g_set_error (error, FC_STORE_ERROR, FC_STORE_ERROR_OPEN,
                   _("Cannot create the database “%s”: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

/* Only reads: a file that will be refused must stay byte for byte as it was. */
static gboolean
check_openable (FcStore  *self,
                int      *out_version,
                GError  **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  GError *local_error = NULL;
  int version;
  int rc;

  if (!_fc_store_schema_read_version (self->db, &version, &local_error))
    {
      if (g_error_matches (local_error, FC_STORE_ERROR, FC_STORE_ERROR_CORRUPT))
        g_propagate_prefixed_error (error, local_error,
                                    _("“%s” is not a FluxCascade database, or it is damaged; "
                                      "it was left unchanged: "), self->path);
      else
        g_propagate_prefixed_error (error, local_error, _("Cannot open “%s”: "), self->path);
      return FALSE;
    }

  if (version > FC_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, FC_STORE_ERROR, FC_STORE_ERROR_TOO_NEW,
                   _("“%s” was written by a newer version of FluxCascade (schema version %d; "
                     "this version knows schema versions up to %d). It was left unchanged; "
                     "update FluxCascade to open it."),
                   self->path, version, FC_STORE_SCHEMA_VERSION);
      return FALSE;
    }

  if (version == 0)
    {
      /* A version 0 file is new only if it is empty: anything else is another program's. */
      stmt = _fc_store_prepare (self, "SELECT count(*) FROM sqlite_master", error);
      if (stmt == NULL)
        return FALSE;
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_ROW)
        {
          _fc_store_set_error_from_db (self, rc, self->path, error);
          return FALSE;
        }
      if (sqlite3_column_int (stmt, 0) > 0)
        {
          g_set_error (error, FC_STORE_ERROR, FC_STORE_ERROR_CORRUPT,
                       _("“%s” is an SQLite database of another program, not FluxCascade’s; "
                         "it was left unchanged"), self->path);
          return FALSE;
        }
    }

  *out_version = version;
  return TRUE;
}

static gboolean
configure_connection (FcStore  *self,
                      GError  **error)
{
  /* journal_mode may stay "delete" where WAL is impossible (some network file systems);
   * that is slower but correct, so its result is not checked. */
  return _fc_store_exec (self, "PRAGMA journal_mode = WAL", error) &&
         _fc_store_exec (self, "PRAGMA synchronous = NORMAL", error) &&
         _fc_store_exec (self, "PRAGMA foreign_keys = ON", error);
}

FcStore *
fc_store_open (const char  *path,
               GError     **error)
{
  g_autoptr (FcStore) self = NULL;
  int version = 0;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!ensure_file (path, error))
    return NULL;

  self = g_object_new (FC_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  rc = sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, FC_STORE_ERROR, FC_STORE_ERROR_OPEN,
                   _("Cannot open the database “%s”: %s"),
                   path, self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, TRUE);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);

  if (!check_openable (self, &version, error))
    return NULL;

  if (!configure_connection (self, error))
    {
      g_prefix_error (error, _("Cannot open “%s”: "), path);
      return NULL;
    }

  if (!_fc_store_schema_migrate (self->db, version, error))
    {
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }

  self->schema_version = FC_STORE_SCHEMA_VERSION;
  fc_store_changed_elsewhere (self);
  return g_steal_pointer (&self);
}

gboolean
fc_store_changed_elsewhere (FcStore *self)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gint64 version = self->data_version;
  gboolean changed;

  g_return_val_if_fail (FC_IS_STORE (self), FALSE);

  /* The value moves only with commits of other connections to the file */
  stmt = _fc_store_prepare (self, "PRAGMA data_version", NULL);
  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int64 (stmt, 0);

  changed = version != self->data_version;
  self->data_version = version;
  return changed;
}

const char *
fc_store_get_path (FcStore *self)
{
  g_return_val_if_fail (FC_IS_STORE (self), NULL);
  return self->path;
}

int
fc_store_get_schema_version (FcStore *self)
{
  g_return_val_if_fail (FC_IS_STORE (self), 0);
  return self->schema_version;
}

/* Transactions */

/* A statement without rows, prepared once and kept (BEGIN and COMMIT of every transaction). */
static gboolean
run_prepared (FcStore     *self,
              const char  *sql,
              GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = _fc_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      g_autofree char *what = g_strdup_printf (_("Cannot run “%s”"), sql);

      _fc_store_set_error_from_db (self, rc, what, error);
      return FALSE;
    }
  return TRUE;
}

gboolean
fc_store_transaction_begin (FcStore  *self,
                            GError  **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (FC_IS_STORE (self), FALSE);

  /* IMMEDIATE takes the write lock now, so that a busy database fails here, after the busy
   * timeout, rather than half-way through the work. */
  if (self->transaction_depth == 0)
    {
      /* Prepared once: a sync begins several transactions per chunk */
      if (!run_prepared (self, "BEGIN IMMEDIATE", error))
        return FALSE;
      self->transaction_depth++;
      return TRUE;
    }

  sql = g_strdup_printf ("SAVEPOINT fc_%u", self->transaction_depth);
  if (!_fc_store_exec (self, sql, error))
    return FALSE;

  self->transaction_depth++;
  return TRUE;
}

gboolean
fc_store_transaction_commit (FcStore  *self,
                             GError  **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (FC_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->transaction_depth > 0, FALSE);

  if (self->transaction_depth > 1)
    sql = g_strdup_printf ("RELEASE fc_%u", self->transaction_depth - 1);

  if (sql != NULL ? !_fc_store_exec (self, sql, error) : !run_prepared (self, "COMMIT", error))
    {
      /* A transaction that cannot be committed is not left open. */
      fc_store_transaction_rollback (self);
      return FALSE;
    }

  self->transaction_depth--;
  return TRUE;
}

void
fc_store_transaction_rollback (FcStore *self)
{
  g_autofree char *sql = NULL;
  g_autoptr (GError) error = NULL;

  g_return_if_fail (FC_IS_STORE (self));
  g_return_if_fail (self->transaction_depth > 0);

  self->transaction_depth--;
  /* Before the ROLLBACK, which would write them first */
  _fc_store_set_held_rows (self, NULL, NULL, NULL);
  _fc_store_set_mirror (self, NULL, NULL);

  if (self->transaction_depth == 0)
    {
      /* SQLite may already have rolled back by itself (after SQLITE_FULL, for instance). */
      if (sqlite3_get_autocommit (self->db))
        return;
      sql = g_strdup ("ROLLBACK");
    }
  else
    sql = g_strdup_printf ("ROLLBACK TO fc_%u; RELEASE fc_%u",
                           self->transaction_depth, self->transaction_depth);

  if (!_fc_store_exec (self, sql, &error))
    g_warning ("Cannot roll back: %s", error->message);
}

gboolean
fc_store_run_in_transaction (FcStore                 *self,
                             FcStoreTransactionFunc   func,
                             gpointer                 user_data,
                             GError                 **error)
{
  g_return_val_if_fail (FC_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if (!fc_store_transaction_begin (self, error))
    return FALSE;

  if (!func (self, user_data, error))
    {
      fc_store_transaction_rollback (self);
      return FALSE;
    }

  return fc_store_transaction_commit (self, error);
}

/* Statement helpers */

void
_fc_store_bind_text (sqlite3_stmt *stmt,
                     int           index,
                     const char   *value)
{
  if (value != NULL)
    sqlite3_bind_text (stmt, index, value, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

gboolean
_fc_store_step_done (FcStore       *self,
                     sqlite3_stmt  *stmt,
                     const char    *what,
                     GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      _fc_store_set_error_from_db (self, rc, what, error);
      return FALSE;
    }

  return TRUE;
}

const char *
_fc_store_column_text (sqlite3_stmt *stmt,
                       int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

gboolean
_fc_store_column_enum (sqlite3_stmt  *stmt,
                       int            column,
                       GType          type,
                       const char    *table,
                       const char    *row_id,
                       int           *out_value,
                       GError       **error)
{
  const char *nick = _fc_store_column_text (stmt, column);

  if (fc_enum_from_nick (type, nick, out_value))
    return TRUE;

  g_set_error (error, FC_STORE_ERROR, FC_STORE_ERROR_CORRUPT,
               _("Row “%s” of table %s has an unknown %s “%s”"),
               row_id, table, sqlite3_column_name (stmt, column), nick != NULL ? nick : "");
  return FALSE;
}

GDateTime *
_fc_store_column_date_time (sqlite3_stmt *stmt,
                            int           column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return NULL;
  return _fc_store_date_time_from_ms (sqlite3_column_int64 (stmt, column));
}

GStrv
_fc_store_column_strv (sqlite3_stmt  *stmt,
                       int            column,
                       const char    *table,
                       const char    *row_id,
                       GError       **error)
{
  GStrv strv = _fc_store_strv_from_json (_fc_store_column_text (stmt, column), error);

  if (strv == NULL)
    g_prefix_error (error, _("Row “%s” of table %s, column %s: "),
                    row_id, table, sqlite3_column_name (stmt, column));
  return strv;
}
