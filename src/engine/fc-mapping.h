/* fc-mapping.h: how records of one object on one connection correspond to another's
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fc-field-pair.h"
#include "fc-types.h"

G_BEGIN_DECLS

#define FC_MAPPING_ID_PREFIX "map_"

#define FC_MAPPING_ERROR (fc_mapping_error_quark ())

typedef enum {
  FC_MAPPING_ERROR_INVALID,           /* missing name, connection or object; empty field name;
                                       * malformed match rule */
  FC_MAPPING_ERROR_UNKNOWN_TRANSFORM, /* a transform name the registry does not know */
  FC_MAPPING_ERROR_BAD_TRANSFORM,     /* chain syntax, or a bad transform argument */
  FC_MAPPING_ERROR_ARITY,             /* the chain does not map the pair's field counts */
  FC_MAPPING_ERROR_NO_REVERSE,        /* a pair flowing both ways whose chain has no reverse */
  FC_MAPPING_ERROR_SAME_ENDPOINT,     /* source and target are the same connection and object */
  FC_MAPPING_ERROR_DIRECTION,         /* a pair's direction contradicts the mapping's */
  FC_MAPPING_ERROR_DUPLICATE_TARGET,  /* two pairs write the same field on the same side */
  FC_MAPPING_ERROR_NO_PAIRS,          /* a mapping without field pairs */
} FcMappingError;

GQuark fc_mapping_error_quark (void);

#define FC_TYPE_MAPPING (fc_mapping_get_type ())

G_DECLARE_FINAL_TYPE (FcMapping, fc_mapping, FC, MAPPING, GObject)

/* A new mapping has no id (the store assigns "map_" and 32 hex digits on first save),
 * direction source_to_target, conflict strategy newest_wins, delete policy ignore, active,
 * not realtime, no schedule. */
FcMapping          *fc_mapping_new                       (void);
/* A deep copy, field pairs included, for editing without touching the original. */
FcMapping          *fc_mapping_copy                      (FcMapping          *self);

const char         *fc_mapping_get_id                    (FcMapping          *self);
void                fc_mapping_set_id                    (FcMapping          *self,
                                                          const char         *id);
const char         *fc_mapping_get_name                  (FcMapping          *self);
void                fc_mapping_set_name                  (FcMapping          *self,
                                                          const char         *name);
const char         *fc_mapping_get_source_connection_id  (FcMapping          *self);
void                fc_mapping_set_source_connection_id  (FcMapping          *self,
                                                          const char         *connection_id);
const char         *fc_mapping_get_source_object         (FcMapping          *self);
void                fc_mapping_set_source_object         (FcMapping          *self,
                                                          const char         *object);
const char         *fc_mapping_get_target_connection_id  (FcMapping          *self);
void                fc_mapping_set_target_connection_id  (FcMapping          *self,
                                                          const char         *connection_id);
const char         *fc_mapping_get_target_object         (FcMapping          *self);
void                fc_mapping_set_target_object         (FcMapping          *self,
                                                          const char         *object);
FcDirection         fc_mapping_get_direction             (FcMapping          *self);
void                fc_mapping_set_direction             (FcMapping          *self,
                                                          FcDirection         direction);
/* Entries "SOURCE_FIELD=TARGET_FIELD"; never NULL, empty means the default rule. */
const char * const *fc_mapping_get_match_rule            (FcMapping          *self);
void                fc_mapping_set_match_rule            (FcMapping          *self,
                                                          const char * const *match_rule);
/* NULL (off), or { source field, target field }: the source record keeps its counterpart's
 * (target) id in the source field and the target record the source's id in the target field.
 * The engine writes them after a create or a link, and matches by them after the links and
 * before the match rule. An empty vector is NULL. */
const char * const *fc_mapping_get_external_id_fields    (FcMapping          *self);
void                fc_mapping_set_external_id_fields    (FcMapping          *self,
                                                          const char * const *fields);
FcConflictStrategy  fc_mapping_get_conflict_strategy     (FcMapping          *self);
void                fc_mapping_set_conflict_strategy     (FcMapping          *self,
                                                          FcConflictStrategy  strategy);
FcDeletePolicy      fc_mapping_get_delete_policy         (FcMapping          *self);
void                fc_mapping_set_delete_policy         (FcMapping          *self,
                                                          FcDeletePolicy      policy);
gboolean            fc_mapping_get_active                (FcMapping          *self);
void                fc_mapping_set_active                (FcMapping          *self,
                                                          gboolean            active);
gboolean            fc_mapping_get_realtime              (FcMapping          *self);
void                fc_mapping_set_realtime              (FcMapping          *self,
                                                          gboolean            realtime);
/* Minutes between scheduled syncs; 0 means no schedule. */
guint               fc_mapping_get_schedule_minutes      (FcMapping          *self);
void                fc_mapping_set_schedule_minutes      (FcMapping          *self,
                                                          guint               minutes);
GDateTime          *fc_mapping_get_created_at            (FcMapping          *self);
void                fc_mapping_set_created_at            (FcMapping          *self,
                                                          GDateTime          *created_at);
GDateTime          *fc_mapping_get_updated_at            (FcMapping          *self);
void                fc_mapping_set_updated_at            (FcMapping          *self,
                                                          GDateTime          *updated_at);

/* The pairs in order, a GListModel of FcFieldPair owned by the mapping. Editing the pairs
 * themselves or the list through the helpers below changes the mapping. */
GListModel         *fc_mapping_get_field_pairs           (FcMapping          *self);
guint               fc_mapping_get_n_field_pairs         (FcMapping          *self);
/* (transfer none) */
FcFieldPair        *fc_mapping_get_field_pair            (FcMapping          *self,
                                                          guint               position);
void                fc_mapping_add_field_pair            (FcMapping          *self,
                                                          FcFieldPair        *pair);
void                fc_mapping_insert_field_pair         (FcMapping          *self,
                                                          guint               position,
                                                          FcFieldPair        *pair);
void                fc_mapping_remove_field_pair         (FcMapping          *self,
                                                          guint               position);
void                fc_mapping_move_field_pair           (FcMapping          *self,
                                                          guint               from_position,
                                                          guint               to_position);
void                fc_mapping_remove_all_field_pairs    (FcMapping          *self);

/* TRUE for the objects that describe people (contacts, persons, clients, Contact, Lead). */
gboolean            fc_mapping_object_is_person          (const char         *object);

/* The match rule in force: the explicit rule when set; else, when either side is a person
 * object, "SRC=TGT" for the first 1 -> 1 pair whose fields are both email fields; else empty
 * (records are then matched only through stored links). Never NULL. */
GStrv               fc_mapping_dup_effective_match_rule  (FcMapping          *self);

/* Checks the whole mapping; the first problem found is reported, naming the pair (1-based
 * index and its fields) when a pair is at fault. */
gboolean            fc_mapping_validate                  (FcMapping          *self,
                                                          GError            **error);

G_END_DECLS
