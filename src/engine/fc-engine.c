/* fc-engine.c: the one object per process that owns the store and the live models
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-engine"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-engine-private.h"
#include "fc-notifier-private.h"

G_DEFINE_FINAL_TYPE (FcEngine, fc_engine, G_TYPE_OBJECT)

/* How often the engine asks the store whether another process committed */
#define REFRESH_INTERVAL_S 2

static void watch_store (FcEngine *self);

enum {
  SIGNAL_EVENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_DATA_DIR,
  PROP_STORE,
  PROP_CONNECTIONS,
  PROP_MAPPINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
fc_engine_finalize (GObject *object)
{
  FcEngine *self = (FcEngine *) object;

  if (self->auth != NULL)
    g_signal_handlers_disconnect_by_data (self->auth, self);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_clear_pointer (&self->connectors, g_hash_table_unref);
  g_clear_object (&self->auth);
  g_clear_object (&self->secrets);
  g_clear_object (&self->connections);
  g_clear_object (&self->mappings);
  g_clear_object (&self->store);
  g_clear_pointer (&self->data_dir, g_free);

  G_OBJECT_CLASS (fc_engine_parent_class)->finalize (object);
}

static void
fc_engine_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  FcEngine *self = FC_ENGINE (object);

  switch (prop_id)
    {
    case PROP_DATA_DIR:
      g_value_set_string (value, self->data_dir);
      break;
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_CONNECTIONS:
      g_value_set_object (value, self->connections);
      break;
    case PROP_MAPPINGS:
      g_value_set_object (value, self->mappings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_engine_class_init (FcEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = fc_engine_finalize;
  object_class->get_property = fc_engine_get_property;

  properties[PROP_DATA_DIR] =
    g_param_spec_string ("data-dir", NULL, NULL, NULL, flags);
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, FC_TYPE_STORE, flags);
  properties[PROP_CONNECTIONS] =
    g_param_spec_object ("connections", NULL, NULL, G_TYPE_LIST_MODEL, flags);
  properties[PROP_MAPPINGS] =
    g_param_spec_object ("mappings", NULL, NULL, G_TYPE_LIST_MODEL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FcEngine::event:
   * @type: the product's event name, e.g. "connection.created"
   * @data: (nullable): a JSON object with the event's details, never a secret
   *
   * Everything that happens and that the user, the log or the outbound webhooks may want to
   * know about, named as in the webhooks API document.
   */
  signals[SIGNAL_EVENT] =
    g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, JSON_TYPE_NODE);
}

void
_fc_engine_emit_event (FcEngine   *self,
                       const char *type,
                       JsonObject *data)
{
  g_autoptr (JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  /* The callers hand over a new object: taken, not referenced again. */
  json_node_take_object (node, data != NULL ? data : json_object_new ());
  /* Not for each record a run writes: those are in the run's log, and the line, even when
   * dropped, costs about a tenth of the event. */
  if (!g_str_has_prefix (type, "record."))
    g_debug ("Event %s", type);
  /* Called rather than connected, so that _fc_engine_wants_event () can ask it. */
  if (self->notifier != NULL)
    _fc_notifier_queue_event (self->notifier, type, node);
  g_signal_emit (self, signals[SIGNAL_EVENT], 0, type, node);
}

gboolean
_fc_engine_wants_event (FcEngine   *self,
                        const char *type)
{
  return g_signal_has_handler_pending (self, signals[SIGNAL_EVENT], 0, FALSE) ||
         (self->notifier != NULL && _fc_notifier_wants_event (self->notifier, type));
}

static void
fc_engine_init (FcEngine *self)
{
  self->connections = g_list_store_new (FC_TYPE_CONNECTION);
  self->mappings = g_list_store_new (FC_TYPE_MAPPING);
  self->secrets = fc_secrets_new ();
  self->auth = fc_auth_new (self->secrets);
  self->connectors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

FcEngine *
fc_engine_new (const char  *data_dir_override,
               GError     **error)
{
  g_autoptr (FcEngine) self = g_object_new (FC_TYPE_ENGINE, NULL);
  g_autofree char *path = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self->data_dir = fc_store_resolve_data_dir (data_dir_override);
  path = g_build_filename (self->data_dir, FC_STORE_FILE_NAME, NULL);

  self->store = fc_store_open (path, error);
  if (self->store == NULL)
    return NULL;

  if (!fc_engine_reload (self, error))
    return NULL;
  if (!_fc_notifier_attach (self, error))
    return NULL;

  _fc_engine_watch_connections (self);
  watch_store (self);
  return g_steal_pointer (&self);
}

FcStore *
fc_engine_get_store (FcEngine *self)
{
  g_return_val_if_fail (FC_IS_ENGINE (self), NULL);
  return self->store;
}

const char *
fc_engine_get_data_dir (FcEngine *self)
{
  g_return_val_if_fail (FC_IS_ENGINE (self), NULL);
  return self->data_dir;
}

GListModel *
fc_engine_get_connections (FcEngine *self)
{
  g_return_val_if_fail (FC_IS_ENGINE (self), NULL);
  return G_LIST_MODEL (self->connections);
}

GListModel *
fc_engine_get_mappings (FcEngine *self)
{
  g_return_val_if_fail (FC_IS_ENGINE (self), NULL);
  return G_LIST_MODEL (self->mappings);
}

FcAuth *
fc_engine_get_auth (FcEngine *self)
{
  g_return_val_if_fail (FC_IS_ENGINE (self), NULL);
  return self->auth;
}

/* Both item types have a string "id" property. */
gboolean
_fc_engine_find_by_id (GListStore *store,
            const char *id,
            guint      *out_position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GObject) item = g_list_model_get_item (G_LIST_MODEL (store), i);
      g_autofree char *item_id = NULL;

      g_object_get (item, "id", &item_id, NULL);
      if (g_strcmp0 (item_id, id) == 0)
        {
          *out_position = i;
          return TRUE;
        }
    }

  return FALSE;
}

FcConnection *
fc_engine_lookup_connection (FcEngine   *self,
                             const char *id)
{
  g_autoptr (FcConnection) connection = NULL;
  guint position;

  g_return_val_if_fail (FC_IS_ENGINE (self), NULL);

  if (id == NULL || !_fc_engine_find_by_id (self->connections, id, &position))
    return NULL;

  /* The model keeps a reference, so the borrowed pointer stays valid. */
  connection = g_list_model_get_item (G_LIST_MODEL (self->connections), position);
  return connection;
}

FcMapping *
fc_engine_lookup_mapping (FcEngine   *self,
                          const char *id)
{
  g_autoptr (FcMapping) mapping = NULL;
  guint position;

  g_return_val_if_fail (FC_IS_ENGINE (self), NULL);

  if (id == NULL || !_fc_engine_find_by_id (self->mappings, id, &position))
    return NULL;

  mapping = g_list_model_get_item (G_LIST_MODEL (self->mappings), position);
  return mapping;
}

static int
compare_mappings (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  int by_name = g_ascii_strcasecmp (fc_mapping_get_name ((FcMapping *) a),
                                    fc_mapping_get_name ((FcMapping *) b));

  if (by_name != 0)
    return by_name;
  return g_strcmp0 (fc_mapping_get_id ((FcMapping *) a), fc_mapping_get_id ((FcMapping *) b));
}

/* mapping.created, .updated, .deleted, .activated or .deactivated */
static void
emit_mapping_event (FcEngine   *self,
                    FcMapping  *mapping,
                    const char *type)
{
  JsonObject *data = json_object_new ();

  json_object_set_string_member (data, "mappingId", fc_mapping_get_id (mapping));
  json_object_set_string_member (data, "name", fc_mapping_get_name (mapping));
  json_object_set_boolean_member (data, "active", fc_mapping_get_active (mapping));
  _fc_engine_emit_event (self, type, data);
}

/* Puts @mapping where the store's order says, replacing the item of the same id. */
static void
place_mapping (FcEngine  *self,
               FcMapping *mapping)
{
  guint position;

  if (_fc_engine_find_by_id (self->mappings, fc_mapping_get_id (mapping), &position))
    g_list_store_remove (self->mappings, position);

  g_list_store_insert_sorted (self->mappings, mapping, compare_mappings, NULL);
}

gboolean
fc_engine_save_connection (FcEngine      *self,
                           FcConnection  *connection,
                           GError       **error)
{
  guint position;

  g_return_val_if_fail (FC_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (FC_IS_CONNECTION (connection), FALSE);

  if (!fc_store_save_connection (self->store, connection, error))
    return FALSE;

  /* Connections are listed in creation order, so a saved one keeps its place. */
  if (_fc_engine_find_by_id (self->connections, fc_connection_get_id (connection), &position))
    g_list_store_splice (self->connections, position, 1, (gpointer *) &connection, 1);
  else
    g_list_store_append (self->connections, connection);

  return TRUE;
}

gboolean
fc_engine_remove_connection (FcEngine    *self,
                             const char  *id,
                             GError     **error)
{
  guint position;

  g_return_val_if_fail (FC_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (!fc_store_remove_connection (self->store, id, error))
    return FALSE;

  if (_fc_engine_find_by_id (self->connections, id, &position))
    g_list_store_remove (self->connections, position);

  return TRUE;
}

static gboolean
save_mapping (FcEngine   *self,
              FcMapping  *mapping,
              gboolean    unless_changed,
              GError    **error)
{
  g_autoptr (FcMapping) before = NULL;
  gboolean saved;

  g_return_val_if_fail (FC_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (FC_IS_MAPPING (mapping), FALSE);

  /* The stored row, not the listed object: callers may have edited that one in place. */
  if (fc_mapping_get_id (mapping) != NULL)
    before = fc_store_get_mapping (self->store, fc_mapping_get_id (mapping), NULL);

  saved = unless_changed ? fc_store_save_mapping_unless_changed (self->store, mapping, error)
                         : fc_store_save_mapping (self->store, mapping, error);
  if (!saved)
    return FALSE;

  place_mapping (self, mapping);

  emit_mapping_event (self, mapping, before == NULL ? "mapping.created" : "mapping.updated");
  if (before != NULL && fc_mapping_get_active (before) != fc_mapping_get_active (mapping))
    emit_mapping_event (self, mapping,
                        fc_mapping_get_active (mapping) ? "mapping.activated"
                                                        : "mapping.deactivated");
  return TRUE;
}

gboolean
fc_engine_save_mapping (FcEngine   *self,
                        FcMapping  *mapping,
                        GError    **error)
{
  return save_mapping (self, mapping, FALSE, error);
}

gboolean
fc_engine_save_mapping_unless_changed (FcEngine   *self,
                                       FcMapping  *mapping,
                                       GError    **error)
{
  return save_mapping (self, mapping, TRUE, error);
}

gboolean
fc_engine_remove_mapping (FcEngine    *self,
                          const char  *id,
                          GError     **error)
{
  g_autoptr (FcMapping) before = NULL;
  guint position;

  g_return_val_if_fail (FC_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  before = fc_store_get_mapping (self->store, id, NULL);

  if (!fc_store_remove_mapping (self->store, id, error))
    return FALSE;

  if (_fc_engine_find_by_id (self->mappings, id, &position))
    g_list_store_remove (self->mappings, position);

  if (before != NULL)
    emit_mapping_event (self, before, "mapping.deleted");
  return TRUE;
}

GPtrArray *
fc_engine_import_mappings (FcEngine    *self,
                           const char  *json,
                           gssize       length,
                           GHashTable  *bindings,
                           GError     **error)
{
  g_autoptr (GPtrArray) imported = NULL;

  g_return_val_if_fail (FC_IS_ENGINE (self), NULL);

  imported = fc_mapping_io_import (self->store, json, length, bindings, error);
  if (imported == NULL)
    return NULL;

  for (guint i = 0; i < imported->len; i++)
    place_mapping (self, g_ptr_array_index (imported, i));

  return g_steal_pointer (&imported);
}

/* Whether two connections or two mappings of the same id are the same stored version: every
 * save sets updated-at (milliseconds). */
static gboolean
same_version (GObject *a,
              GObject *b)
{
  g_autoptr (GDateTime) a_time = NULL;
  g_autoptr (GDateTime) b_time = NULL;

  g_object_get (a, "updated-at", &a_time, NULL);
  g_object_get (b, "updated-at", &b_time, NULL);
  return a_time != NULL && b_time != NULL && g_date_time_equal (a_time, b_time);
}

/* Brings @list in line with @stored (connections or mappings as the store holds them): one
 * whose updated-at moved is replaced, in its place or, with @compare, where it sorts now; a new
 * one is added (at the end, or sorted); one gone is removed. The others stay the very same
 * objects, so that views, bindings and connectors made on them stay too. */
static void
merge_stored (GListStore       *list,
              GPtrArray        *stored,
              GCompareDataFunc  compare)
{
  g_autoptr (GHashTable) to_add = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < stored->len; i++)
    {
      char *id = NULL;

      g_object_get (g_ptr_array_index (stored, i), "id", &id, NULL);
      g_hash_table_insert (to_add, id, g_ptr_array_index (stored, i));
    }

  for (guint i = g_list_model_get_n_items (G_LIST_MODEL (list)); i > 0; i--)
    {
      g_autoptr (GObject) current = g_list_model_get_item (G_LIST_MODEL (list), i - 1);
      g_autofree char *id = NULL;
      GObject *fresh;

      g_object_get (current, "id", &id, NULL);
      fresh = g_hash_table_lookup (to_add, id);
      if (fresh == NULL)
        g_list_store_remove (list, i - 1);
      else if (same_version (current, fresh))
        g_hash_table_remove (to_add, id);
      else if (compare == NULL)
        {
          g_list_store_splice (list, i - 1, 1, (gpointer *) &fresh, 1);
          g_hash_table_remove (to_add, id);
        }
      else
        g_list_store_remove (list, i - 1);
    }

  for (guint i = 0; i < stored->len; i++)
    {
      GObject *fresh = g_ptr_array_index (stored, i);
      g_autofree char *id = NULL;

      g_object_get (fresh, "id", &id, NULL);
      if (!g_hash_table_contains (to_add, id))
        continue;
      if (compare != NULL)
        g_list_store_insert_sorted (list, fresh, compare, NULL);
      else
        g_list_store_append (list, fresh);
    }
}

gboolean
fc_engine_reload (FcEngine  *self,
                  GError   **error)
{
  g_autoptr (GPtrArray) connections = NULL;
  g_autoptr (GPtrArray) mappings = NULL;

  g_return_val_if_fail (FC_IS_ENGINE (self), FALSE);

  connections = fc_store_list_connections (self->store, error);
  if (connections == NULL)
    return FALSE;
  mappings = fc_store_list_mappings (self->store, error);
  if (mappings == NULL)
    return FALSE;

  /* Connections are listed in creation order, mappings by name */
  merge_stored (self->connections, connections, NULL);
  merge_stored (self->mappings, mappings, compare_mappings);
  return TRUE;
}

gboolean
_fc_engine_refresh (FcEngine  *self,
                    GError   **error)
{
  return !fc_store_changed_elsewhere (self->store) || fc_engine_reload (self, error);
}

static gboolean
refresh_cb (gpointer user_data)
{
  FcEngine *self = user_data;
  g_autoptr (GError) error = NULL;

  if (!_fc_engine_refresh (self, &error))
    g_warning ("Cannot read the connections and mappings another process saved: %s",
               error->message);
  return G_SOURCE_CONTINUE;
}

/* The app and fluxcascade-cli serve (or any command of the CLI) may work on the same data
 * folder: what one of them saves reaches the other's models without a restart. The store is
 * asked every few seconds (one PRAGMA), rather than the database watched: its write-ahead log
 * changes with every commit, and the file notifications of a sync's many commits cost the
 * engine 4% of its time at 100,000 records. */
static void
watch_store (FcEngine *self)
{
  self->refresh_source = g_timeout_add_seconds (REFRESH_INTERVAL_S, refresh_cb, self);
}
