/* fc-run-log-items.c: the runs, events and conflicts the run log lists
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-run-log"

#include "config.h"

#include "fc-enum-types.h"
#include "fc-run-log-private.h"

/* ---- FcRunInfo -------------------------------------------------------------------------- */

struct _FcRunInfo
{
  GObject        parent_instance;

  char          *id;
  char          *mapping_id;
  char          *mapping_name;
  FcSyncTrigger  trigger;
  FcSyncStatus   status;
  gboolean       dry_run;
  gint64         started_ms;
  gint64         duration_ms;
  FcSyncCounts   counts;
  char          *error;
};

G_DEFINE_FINAL_TYPE (FcRunInfo, fc_run_info, G_TYPE_OBJECT)

static void
fc_run_info_finalize (GObject *object)
{
  FcRunInfo *self = FC_RUN_INFO (object);

  g_free (self->id);
  g_free (self->mapping_id);
  g_free (self->mapping_name);
  g_free (self->error);

  G_OBJECT_CLASS (fc_run_info_parent_class)->finalize (object);
}

static void
fc_run_info_class_init (FcRunInfoClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fc_run_info_finalize;
}

static void
fc_run_info_init (FcRunInfo *self)
{
  self->duration_ms = -1;
}

static int
column_enum (sqlite3_stmt *stmt,
             int           column,
             GType         type,
             int           fallback)
{
  int value;

  if (!fc_enum_from_nick (type, _fc_store_column_text (stmt, column), &value))
    return fallback;
  return value;
}

FcRunInfo *
_fc_run_info_new_from_row (sqlite3_stmt *stmt)
{
  FcRunInfo *self = g_object_new (FC_TYPE_RUN_INFO, NULL);
  const char *name = _fc_store_column_text (stmt, 2);

  self->id = g_strdup (_fc_store_column_text (stmt, 0));
  self->mapping_id = g_strdup (_fc_store_column_text (stmt, 1));
  self->mapping_name = g_strdup (name != NULL ? name : "");
  self->trigger = column_enum (stmt, 3, FC_TYPE_SYNC_TRIGGER, FC_SYNC_TRIGGER_MANUAL);
  self->status = column_enum (stmt, 4, FC_TYPE_SYNC_STATUS, FC_SYNC_STATUS_FAILED);
  self->dry_run = sqlite3_column_int (stmt, 5) != 0;
  self->started_ms = sqlite3_column_int64 (stmt, 6);
  if (sqlite3_column_type (stmt, 7) != SQLITE_NULL)
    self->duration_ms = MAX (0, sqlite3_column_int64 (stmt, 7) - self->started_ms);
  self->counts.fetched = sqlite3_column_int (stmt, 8);
  self->counts.created = sqlite3_column_int (stmt, 9);
  self->counts.updated = sqlite3_column_int (stmt, 10);
  self->counts.skipped = sqlite3_column_int (stmt, 11);
  self->counts.conflicts = sqlite3_column_int (stmt, 12);
  self->counts.failed = sqlite3_column_int (stmt, 13);
  self->counts.parked = sqlite3_column_int (stmt, 14);
  self->error = g_strdup (_fc_store_column_text (stmt, 15));
  return self;
}

const char *
fc_run_info_get_id (FcRunInfo *self)
{
  g_return_val_if_fail (FC_IS_RUN_INFO (self), NULL);
  return self->id;
}

const char *
fc_run_info_get_mapping_id (FcRunInfo *self)
{
  g_return_val_if_fail (FC_IS_RUN_INFO (self), NULL);
  return self->mapping_id;
}

const char *
fc_run_info_get_mapping_name (FcRunInfo *self)
{
  g_return_val_if_fail (FC_IS_RUN_INFO (self), NULL);
  return self->mapping_name;
}

FcSyncTrigger
fc_run_info_get_trigger (FcRunInfo *self)
{
  g_return_val_if_fail (FC_IS_RUN_INFO (self), FC_SYNC_TRIGGER_MANUAL);
  return self->trigger;
}

FcSyncStatus
fc_run_info_get_status (FcRunInfo *self)
{
  g_return_val_if_fail (FC_IS_RUN_INFO (self), FC_SYNC_STATUS_FAILED);
  return self->status;
}

gboolean
fc_run_info_get_dry_run (FcRunInfo *self)
{
  g_return_val_if_fail (FC_IS_RUN_INFO (self), FALSE);
  return self->dry_run;
}

gint64
fc_run_info_get_started_ms (FcRunInfo *self)
{
  g_return_val_if_fail (FC_IS_RUN_INFO (self), 0);
  return self->started_ms;
}

gint64
fc_run_info_get_duration_ms (FcRunInfo *self)
{
  g_return_val_if_fail (FC_IS_RUN_INFO (self), -1);
  return self->duration_ms;
}

const FcSyncCounts *
fc_run_info_get_counts (FcRunInfo *self)
{
  g_return_val_if_fail (FC_IS_RUN_INFO (self), NULL);
  return &self->counts;
}

const char *
fc_run_info_get_error (FcRunInfo *self)
{
  g_return_val_if_fail (FC_IS_RUN_INFO (self), NULL);
  return self->error;
}

/* ---- FcEventInfo ------------------------------------------------------------------------ */

struct _FcEventInfo
{
  GObject     parent_instance;

  gint64      id;
  char       *run_id;
  char       *mapping_name;
  gint64      at_ms;
  char       *kind;
  char       *side;
  char       *source_record_id;
  char       *target_record_id;
  char       *message;
  char       *details_text;
  JsonObject *details;
  gboolean    details_parsed;
};

G_DEFINE_FINAL_TYPE (FcEventInfo, fc_event_info, G_TYPE_OBJECT)

static void
fc_event_info_finalize (GObject *object)
{
  FcEventInfo *self = FC_EVENT_INFO (object);

  g_free (self->run_id);
  g_free (self->mapping_name);
  g_free (self->kind);
  g_free (self->side);
  g_free (self->source_record_id);
  g_free (self->target_record_id);
  g_free (self->message);
  g_free (self->details_text);
  g_clear_pointer (&self->details, json_object_unref);

  G_OBJECT_CLASS (fc_event_info_parent_class)->finalize (object);
}

static void
fc_event_info_class_init (FcEventInfoClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fc_event_info_finalize;
}

static void
fc_event_info_init (FcEventInfo *self)
{
}

FcEventInfo *
_fc_event_info_new_from_row (sqlite3_stmt *stmt)
{
  FcEventInfo *self = g_object_new (FC_TYPE_EVENT_INFO, NULL);
  const char *name = _fc_store_column_text (stmt, 2);

  self->id = sqlite3_column_int64 (stmt, 0);
  self->run_id = g_strdup (_fc_store_column_text (stmt, 1));
  self->mapping_name = g_strdup (name != NULL ? name : "");
  self->at_ms = sqlite3_column_int64 (stmt, 3);
  self->kind = g_strdup (_fc_store_column_text (stmt, 4));
  self->side = g_strdup (_fc_store_column_text (stmt, 5));
  self->source_record_id = g_strdup (_fc_store_column_text (stmt, 6));
  self->target_record_id = g_strdup (_fc_store_column_text (stmt, 7));
  self->message = g_strdup (_fc_store_column_text (stmt, 8));
  self->details_text = g_strdup (_fc_store_column_text (stmt, 9));
  return self;
}

gint64
fc_event_info_get_id (FcEventInfo *self)
{
  g_return_val_if_fail (FC_IS_EVENT_INFO (self), 0);
  return self->id;
}

const char *
fc_event_info_get_run_id (FcEventInfo *self)
{
  g_return_val_if_fail (FC_IS_EVENT_INFO (self), NULL);
  return self->run_id;
}

const char *
fc_event_info_get_mapping_name (FcEventInfo *self)
{
  g_return_val_if_fail (FC_IS_EVENT_INFO (self), NULL);
  return self->mapping_name;
}

gint64
fc_event_info_get_at_ms (FcEventInfo *self)
{
  g_return_val_if_fail (FC_IS_EVENT_INFO (self), 0);
  return self->at_ms;
}

const char *
fc_event_info_get_kind (FcEventInfo *self)
{
  g_return_val_if_fail (FC_IS_EVENT_INFO (self), NULL);
  return self->kind;
}

const char *
fc_event_info_get_side (FcEventInfo *self)
{
  g_return_val_if_fail (FC_IS_EVENT_INFO (self), NULL);
  return self->side;
}

const char *
fc_event_info_get_source_record_id (FcEventInfo *self)
{
  g_return_val_if_fail (FC_IS_EVENT_INFO (self), NULL);
  return self->source_record_id;
}

const char *
fc_event_info_get_target_record_id (FcEventInfo *self)
{
  g_return_val_if_fail (FC_IS_EVENT_INFO (self), NULL);
  return self->target_record_id;
}

const char *
fc_event_info_get_message (FcEventInfo *self)
{
  g_return_val_if_fail (FC_IS_EVENT_INFO (self), NULL);
  return self->message;
}

JsonObject *
fc_event_info_get_details (FcEventInfo *self)
{
  g_return_val_if_fail (FC_IS_EVENT_INFO (self), NULL);

  if (!self->details_parsed)
    {
      g_autoptr (JsonNode) node = NULL;

      self->details_parsed = TRUE;
      if (self->details_text != NULL)
        node = json_from_string (self->details_text, NULL);
      if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
        self->details = json_object_ref (json_node_get_object (node));
    }
  return self->details;
}

JsonObject *
fc_event_info_get_error (FcEventInfo *self)
{
  JsonObject *details = fc_event_info_get_details (self);
  JsonNode *error;

  if (details == NULL)
    return NULL;
  error = json_object_get_member (details, "error");
  return error != NULL && JSON_NODE_HOLDS_OBJECT (error) ? json_node_get_object (error) : NULL;
}

/* ---- FcConflictInfo --------------------------------------------------------------------- */

struct _FcConflictInfo
{
  GObject  parent_instance;

  gint64   id;
  gint64   link_id;
  char    *mapping_id;
  char    *mapping_name;
  char    *source_record_id;
  char    *target_record_id;
  char    *pair;
  GStrv    base_source;
  GStrv    base_target;
  GStrv    source;
  GStrv    target;
  gint64   created_ms;
};

G_DEFINE_FINAL_TYPE (FcConflictInfo, fc_conflict_info, G_TYPE_OBJECT)

static void
fc_conflict_info_finalize (GObject *object)
{
  FcConflictInfo *self = FC_CONFLICT_INFO (object);

  g_free (self->mapping_id);
  g_free (self->mapping_name);
  g_free (self->source_record_id);
  g_free (self->target_record_id);
  g_free (self->pair);
  g_strfreev (self->base_source);
  g_strfreev (self->base_target);
  g_strfreev (self->source);
  g_strfreev (self->target);

  G_OBJECT_CLASS (fc_conflict_info_parent_class)->finalize (object);
}

static void
fc_conflict_info_class_init (FcConflictInfoClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fc_conflict_info_finalize;
}

static void
fc_conflict_info_init (FcConflictInfo *self)
{
}

static char *
dup_string_member (JsonObject *object,
                   const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE)
    return NULL;
  return g_strdup (json_node_get_string (node));
}

/* A JSON array of strings as a vector; NULL for anything else. */
static GStrv
strv_from_node (JsonNode *node)
{
  g_autoptr (GStrvBuilder) builder = NULL;
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  array = json_node_get_array (node);
  builder = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      g_strv_builder_add (builder, JSON_NODE_HOLDS_VALUE (element)
                                   ? json_node_get_string (element) : "");
    }
  return g_strv_builder_end (builder);
}

FcConflictInfo *
_fc_conflict_info_new_from_json (JsonObject *object)
{
  FcConflictInfo *self = g_object_new (FC_TYPE_CONFLICT_INFO, NULL);
  g_autofree char *created = dup_string_member (object, "createdAt");
  g_autoptr (GDateTime) created_dt = NULL;
  JsonNode *base = json_object_get_member (object, "base");

  self->id = json_object_get_int_member_with_default (object, "id", 0);
  self->link_id = json_object_get_int_member_with_default (object, "linkId", 0);
  self->mapping_id = dup_string_member (object, "mappingId");
  self->mapping_name = dup_string_member (object, "mappingName");
  if (self->mapping_name == NULL)
    self->mapping_name = g_strdup ("");
  self->source_record_id = dup_string_member (object, "sourceRecordId");
  self->target_record_id = dup_string_member (object, "targetRecordId");
  self->pair = dup_string_member (object, "pair");
  if (base != NULL && JSON_NODE_HOLDS_OBJECT (base))
    {
      self->base_source = strv_from_node (json_object_get_member (json_node_get_object (base),
                                                                  "source"));
      self->base_target = strv_from_node (json_object_get_member (json_node_get_object (base),
                                                                  "target"));
    }
  self->source = strv_from_node (json_object_get_member (object, "source"));
  self->target = strv_from_node (json_object_get_member (object, "target"));
  if (self->source == NULL)
    self->source = g_new0 (char *, 1);
  if (self->target == NULL)
    self->target = g_new0 (char *, 1);
  if (created != NULL)
    created_dt = g_date_time_new_from_iso8601 (created, NULL);
  self->created_ms = created_dt != NULL ? g_date_time_to_unix (created_dt) * 1000 +
                                          g_date_time_get_microsecond (created_dt) / 1000 : 0;
  return self;
}

gint64
fc_conflict_info_get_id (FcConflictInfo *self)
{
  g_return_val_if_fail (FC_IS_CONFLICT_INFO (self), 0);
  return self->id;
}

gint64
fc_conflict_info_get_link_id (FcConflictInfo *self)
{
  g_return_val_if_fail (FC_IS_CONFLICT_INFO (self), 0);
  return self->link_id;
}

const char *
fc_conflict_info_get_mapping_id (FcConflictInfo *self)
{
  g_return_val_if_fail (FC_IS_CONFLICT_INFO (self), NULL);
  return self->mapping_id;
}

const char *
fc_conflict_info_get_mapping_name (FcConflictInfo *self)
{
  g_return_val_if_fail (FC_IS_CONFLICT_INFO (self), NULL);
  return self->mapping_name;
}

const char *
fc_conflict_info_get_source_record_id (FcConflictInfo *self)
{
  g_return_val_if_fail (FC_IS_CONFLICT_INFO (self), NULL);
  return self->source_record_id;
}

const char *
fc_conflict_info_get_target_record_id (FcConflictInfo *self)
{
  g_return_val_if_fail (FC_IS_CONFLICT_INFO (self), NULL);
  return self->target_record_id;
}

const char *
fc_conflict_info_get_pair (FcConflictInfo *self)
{
  g_return_val_if_fail (FC_IS_CONFLICT_INFO (self), NULL);
  return self->pair;
}

const char * const *
fc_conflict_info_get_base_source (FcConflictInfo *self)
{
  g_return_val_if_fail (FC_IS_CONFLICT_INFO (self), NULL);
  return (const char * const *) self->base_source;
}

const char * const *
fc_conflict_info_get_base_target (FcConflictInfo *self)
{
  g_return_val_if_fail (FC_IS_CONFLICT_INFO (self), NULL);
  return (const char * const *) self->base_target;
}

const char * const *
fc_conflict_info_get_source (FcConflictInfo *self)
{
  g_return_val_if_fail (FC_IS_CONFLICT_INFO (self), NULL);
  return (const char * const *) self->source;
}

const char * const *
fc_conflict_info_get_target (FcConflictInfo *self)
{
  g_return_val_if_fail (FC_IS_CONFLICT_INFO (self), NULL);
  return (const char * const *) self->target;
}

gint64
fc_conflict_info_get_created_ms (FcConflictInfo *self)
{
  g_return_val_if_fail (FC_IS_CONFLICT_INFO (self), 0);
  return self->created_ms;
}
