/* fc-mapping.c: how records of one object on one connection correspond to another's
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-mapping"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-enum-types.h"
#include "fc-field-pair-private.h"
#include "fc-mapping.h"

struct _FcMapping
{
  GObject             parent_instance;

  char               *id;
  char               *name;
  char               *source_connection_id;
  char               *source_object;
  char               *target_connection_id;
  char               *target_object;
  FcDirection         direction;
  GListStore         *field_pairs;
  GStrv               match_rule;
  GStrv               external_id_fields;
  FcConflictStrategy  conflict_strategy;
  FcDeletePolicy      delete_policy;
  guint               schedule_minutes;
  GDateTime          *created_at;
  GDateTime          *updated_at;
  guint               active : 1;
  guint               realtime : 1;
};

G_DEFINE_FINAL_TYPE (FcMapping, fc_mapping, G_TYPE_OBJECT)

G_DEFINE_QUARK (fc-mapping-error-quark, fc_mapping_error)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_SOURCE_CONNECTION_ID,
  PROP_SOURCE_OBJECT,
  PROP_TARGET_CONNECTION_ID,
  PROP_TARGET_OBJECT,
  PROP_DIRECTION,
  PROP_FIELD_PAIRS,
  PROP_MATCH_RULE,
  PROP_EXTERNAL_ID_FIELDS,
  PROP_CONFLICT_STRATEGY,
  PROP_DELETE_POLICY,
  PROP_ACTIVE,
  PROP_REALTIME,
  PROP_SCHEDULE_MINUTES,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const empty_strv[] = { NULL };

/* The objects whose records are people, so that email is a sensible default match key. */
static const char * const person_objects[] = {
  "contacts",  /* HubSpot */
  "persons",   /* Pipedrive */
  "clients",   /* Jobber */
  "Contact",   /* Salesforce */
  "Lead",      /* Salesforce */
  NULL
};

static void
update_string (FcMapping   *self,
               char       **field,
               const char  *value,
               GParamSpec  *pspec)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

static void
update_date_time (FcMapping   *self,
                  GDateTime  **field,
                  GDateTime   *value,
                  GParamSpec  *pspec)
{
  if (*field == value || (*field != NULL && value != NULL && g_date_time_equal (*field, value)))
    return;

  g_clear_pointer (field, g_date_time_unref);
  if (value != NULL)
    *field = g_date_time_ref (value);
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

static void
fc_mapping_finalize (GObject *object)
{
  FcMapping *self = (FcMapping *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->source_connection_id, g_free);
  g_clear_pointer (&self->source_object, g_free);
  g_clear_pointer (&self->target_connection_id, g_free);
  g_clear_pointer (&self->target_object, g_free);
  g_clear_object (&self->field_pairs);
  g_clear_pointer (&self->match_rule, g_strfreev);
  g_clear_pointer (&self->external_id_fields, g_strfreev);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->updated_at, g_date_time_unref);

  G_OBJECT_CLASS (fc_mapping_parent_class)->finalize (object);
}

static void
fc_mapping_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  FcMapping *self = FC_MAPPING (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_SOURCE_CONNECTION_ID:
      g_value_set_string (value, self->source_connection_id);
      break;
    case PROP_SOURCE_OBJECT:
      g_value_set_string (value, self->source_object);
      break;
    case PROP_TARGET_CONNECTION_ID:
      g_value_set_string (value, self->target_connection_id);
      break;
    case PROP_TARGET_OBJECT:
      g_value_set_string (value, self->target_object);
      break;
    case PROP_DIRECTION:
      g_value_set_enum (value, self->direction);
      break;
    case PROP_FIELD_PAIRS:
      g_value_set_object (value, self->field_pairs);
      break;
    case PROP_MATCH_RULE:
      g_value_set_boxed (value, self->match_rule);
      break;
    case PROP_EXTERNAL_ID_FIELDS:
      g_value_set_boxed (value, self->external_id_fields);
      break;
    case PROP_CONFLICT_STRATEGY:
      g_value_set_enum (value, self->conflict_strategy);
      break;
    case PROP_DELETE_POLICY:
      g_value_set_enum (value, self->delete_policy);
      break;
    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;
    case PROP_REALTIME:
      g_value_set_boolean (value, self->realtime);
      break;
    case PROP_SCHEDULE_MINUTES:
      g_value_set_uint (value, self->schedule_minutes);
      break;
    case PROP_CREATED_AT:
      g_value_set_boxed (value, self->created_at);
      break;
    case PROP_UPDATED_AT:
      g_value_set_boxed (value, self->updated_at);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_mapping_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  FcMapping *self = FC_MAPPING (object);

  switch (prop_id)
    {
    case PROP_ID:
      fc_mapping_set_id (self, g_value_get_string (value));
      break;
    case PROP_NAME:
      fc_mapping_set_name (self, g_value_get_string (value));
      break;
    case PROP_SOURCE_CONNECTION_ID:
      fc_mapping_set_source_connection_id (self, g_value_get_string (value));
      break;
    case PROP_SOURCE_OBJECT:
      fc_mapping_set_source_object (self, g_value_get_string (value));
      break;
    case PROP_TARGET_CONNECTION_ID:
      fc_mapping_set_target_connection_id (self, g_value_get_string (value));
      break;
    case PROP_TARGET_OBJECT:
      fc_mapping_set_target_object (self, g_value_get_string (value));
      break;
    case PROP_DIRECTION:
      fc_mapping_set_direction (self, g_value_get_enum (value));
      break;
    case PROP_MATCH_RULE:
      fc_mapping_set_match_rule (self, g_value_get_boxed (value));
      break;
    case PROP_EXTERNAL_ID_FIELDS:
      fc_mapping_set_external_id_fields (self, g_value_get_boxed (value));
      break;
    case PROP_CONFLICT_STRATEGY:
      fc_mapping_set_conflict_strategy (self, g_value_get_enum (value));
      break;
    case PROP_DELETE_POLICY:
      fc_mapping_set_delete_policy (self, g_value_get_enum (value));
      break;
    case PROP_ACTIVE:
      fc_mapping_set_active (self, g_value_get_boolean (value));
      break;
    case PROP_REALTIME:
      fc_mapping_set_realtime (self, g_value_get_boolean (value));
      break;
    case PROP_SCHEDULE_MINUTES:
      fc_mapping_set_schedule_minutes (self, g_value_get_uint (value));
      break;
    case PROP_CREATED_AT:
      fc_mapping_set_created_at (self, g_value_get_boxed (value));
      break;
    case PROP_UPDATED_AT:
      fc_mapping_set_updated_at (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_mapping_class_init (FcMappingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = fc_mapping_finalize;
  object_class->get_property = fc_mapping_get_property;
  object_class->set_property = fc_mapping_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_SOURCE_CONNECTION_ID] =
    g_param_spec_string ("source-connection-id", NULL, NULL, NULL, flags);
  properties[PROP_SOURCE_OBJECT] =
    g_param_spec_string ("source-object", NULL, NULL, NULL, flags);
  properties[PROP_TARGET_CONNECTION_ID] =
    g_param_spec_string ("target-connection-id", NULL, NULL, NULL, flags);
  properties[PROP_TARGET_OBJECT] =
    g_param_spec_string ("target-object", NULL, NULL, NULL, flags);
  properties[PROP_DIRECTION] =
    g_param_spec_enum ("direction", NULL, NULL,
                       FC_TYPE_DIRECTION, FC_DIRECTION_SOURCE_TO_TARGET, flags);
  properties[PROP_FIELD_PAIRS] =
    g_param_spec_object ("field-pairs", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_MATCH_RULE] =
    g_param_spec_boxed ("match-rule", NULL, NULL, G_TYPE_STRV, flags);
  /* NULL, or { source field, target field }: where each side keeps its counterpart's id. */
  properties[PROP_EXTERNAL_ID_FIELDS] =
    g_param_spec_boxed ("external-id-fields", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_CONFLICT_STRATEGY] =
    g_param_spec_enum ("conflict-strategy", NULL, NULL,
                       FC_TYPE_CONFLICT_STRATEGY, FC_CONFLICT_STRATEGY_NEWEST_WINS, flags);
  properties[PROP_DELETE_POLICY] =
    g_param_spec_enum ("delete-policy", NULL, NULL,
                       FC_TYPE_DELETE_POLICY, FC_DELETE_POLICY_IGNORE, flags);
  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL, TRUE, flags);
  properties[PROP_REALTIME] =
    g_param_spec_boolean ("realtime", NULL, NULL, FALSE, flags);
  properties[PROP_SCHEDULE_MINUTES] =
    g_param_spec_uint ("schedule-minutes", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_CREATED_AT] =
    g_param_spec_boxed ("created-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_UPDATED_AT] =
    g_param_spec_boxed ("updated-at", NULL, NULL, G_TYPE_DATE_TIME, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fc_mapping_init (FcMapping *self)
{
  self->field_pairs = g_list_store_new (FC_TYPE_FIELD_PAIR);
  self->match_rule = g_new0 (char *, 1);
  self->direction = FC_DIRECTION_SOURCE_TO_TARGET;
  self->conflict_strategy = FC_CONFLICT_STRATEGY_NEWEST_WINS;
  self->delete_policy = FC_DELETE_POLICY_IGNORE;
  self->active = TRUE;
}

FcMapping *
fc_mapping_new (void)
{
  return g_object_new (FC_TYPE_MAPPING, NULL);
}

FcMapping *
fc_mapping_copy (FcMapping *self)
{
  FcMapping *copy;
  guint n;

  g_return_val_if_fail (FC_IS_MAPPING (self), NULL);

  copy = g_object_new (FC_TYPE_MAPPING,
                       "id", self->id,
                       "name", self->name,
                       "source-connection-id", self->source_connection_id,
                       "source-object", self->source_object,
                       "target-connection-id", self->target_connection_id,
                       "target-object", self->target_object,
                       "direction", self->direction,
                       "match-rule", self->match_rule,
                       "external-id-fields", self->external_id_fields,
                       "conflict-strategy", self->conflict_strategy,
                       "delete-policy", self->delete_policy,
                       "active", (gboolean) self->active,
                       "realtime", (gboolean) self->realtime,
                       "schedule-minutes", self->schedule_minutes,
                       "created-at", self->created_at,
                       "updated-at", self->updated_at,
                       NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->field_pairs));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (FcFieldPair) pair = g_list_model_get_item (G_LIST_MODEL (self->field_pairs), i);
      g_autoptr (FcFieldPair) pair_copy = fc_field_pair_copy (pair);

      g_list_store_append (copy->field_pairs, pair_copy);
    }

  return copy;
}

const char *
fc_mapping_get_id (FcMapping *self)
{
  g_return_val_if_fail (FC_IS_MAPPING (self), NULL);
  return self->id;
}

void
fc_mapping_set_id (FcMapping  *self,
                   const char *id)
{
  g_return_if_fail (FC_IS_MAPPING (self));
  update_string (self, &self->id, id, properties[PROP_ID]);
}

const char *
fc_mapping_get_name (FcMapping *self)
{
  g_return_val_if_fail (FC_IS_MAPPING (self), NULL);
  return self->name;
}

void
fc_mapping_set_name (FcMapping  *self,
                     const char *name)
{
  g_return_if_fail (FC_IS_MAPPING (self));
  update_string (self, &self->name, name, properties[PROP_NAME]);
}

const char *
fc_mapping_get_source_connection_id (FcMapping *self)
{
  g_return_val_if_fail (FC_IS_MAPPING (self), NULL);
  return self->source_connection_id;
}

void
fc_mapping_set_source_connection_id (FcMapping  *self,
                                     const char *connection_id)
{
  g_return_if_fail (FC_IS_MAPPING (self));
  update_string (self, &self->source_connection_id, connection_id,
                 properties[PROP_SOURCE_CONNECTION_ID]);
}

const char *
fc_mapping_get_source_object (FcMapping *self)
{
  g_return_val_if_fail (FC_IS_MAPPING (self), NULL);
  return self->source_object;
}

void
fc_mapping_set_source_object (FcMapping  *self,
                              const char *object)
{
  g_return_if_fail (FC_IS_MAPPING (self));
  update_string (self, &self->source_object, object, properties[PROP_SOURCE_OBJECT]);
}

const char *
fc_mapping_get_target_connection_id (FcMapping *self)
{
  g_return_val_if_fail (FC_IS_MAPPING (self), NULL);
  return self->target_connection_id;
}

void
fc_mapping_set_target_connection_id (FcMapping  *self,
                                     const char *connection_id)
{
  g_return_if_fail (FC_IS_MAPPING (self));
  update_string (self, &self->target_connection_id, connection_id,
                 properties[PROP_TARGET_CONNECTION_ID]);
}

const char *
fc_mapping_get_target_object (FcMapping *self)
{
  g_return_val_if_fail (FC_IS_MAPPING (self), NULL);
  return self->target_object;
}

void
fc_mapping_set_target_object (FcMapping  *self,
                              const char *object)
{
  g_return_if_fail (FC_IS_MAPPING (self));
  update_string (self, &self->target_object, object, properties[PROP_TARGET_OBJECT]);
}

FcDirection
fc_mapping_get_direction (FcMapping *self)
{
  g_return_val_if_fail (FC_IS_MAPPING (self), FC_DIRECTION_SOURCE_TO_TARGET);
  return self->direction;
}

void
fc_mapping_set_direction (FcMapping   *self,
                          FcDirection  direction)
{
  g_return_if_fail (FC_IS_MAPPING (self));

  if (self->direction == direction)
    return;
  self->direction = direction;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRECTION]);
}

const char * const *
fc_mapping_get_match_rule (FcMapping *self)
{
  g_return_val_if_fail (FC_IS_MAPPING (self), NULL);
  return (const char * const *) self->match_rule;
}

void
fc_mapping_set_match_rule (FcMapping          *self,
                           const char * const *match_rule)
{
  g_return_if_fail (FC_IS_MAPPING (self));

  if (match_rule == NULL)
    match_rule = empty_strv;
  if (g_strv_equal ((const char * const *) self->match_rule, match_rule))
    return;

  g_strfreev (self->match_rule);
  self->match_rule = g_strdupv ((char **) match_rule);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MATCH_RULE]);
}

FcConflictStrategy
fc_mapping_get_conflict_strategy (FcMapping *self)
{
  g_return_val_if_fail (FC_IS_MAPPING (self), FC_CONFLICT_STRATEGY_NEWEST_WINS);
  return self->conflict_strategy;
}

void
fc_mapping_set_conflict_strategy (FcMapping          *self,
                                  FcConflictStrategy  strategy)
{
  g_return_if_fail (FC_IS_MAPPING (self));

  if (self->conflict_strategy == strategy)
    return;
  self->conflict_strategy = strategy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONFLICT_STRATEGY]);
}

FcDeletePolicy
fc_mapping_get_delete_policy (FcMapping *self)
{
  g_return_val_if_fail (FC_IS_MAPPING (self), FC_DELETE_POLICY_IGNORE);
  return self->delete_policy;
}

void
fc_mapping_set_delete_policy (FcMapping      *self,
                              FcDeletePolicy  policy)
{
  g_return_if_fail (FC_IS_MAPPING (self));

  if (self->delete_policy == policy)
    return;
  self->delete_policy = policy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELETE_POLICY]);
}

gboolean
fc_mapping_get_active (FcMapping *self)
{
  g_return_val_if_fail (FC_IS_MAPPING (self), FALSE);
  return self->active;
}

void
fc_mapping_set_active (FcMapping *self,
                       gboolean   active)
{
  g_return_if_fail (FC_IS_MAPPING (self));

  active = !!active;
  if (self->active == (guint) active)
    return;
  self->active = active;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
}

gboolean
fc_mapping_get_realtime (FcMapping *self)
{
  g_return_val_if_fail (FC_IS_MAPPING (self), FALSE);
  return self->realtime;
}

void
fc_mapping_set_realtime (FcMapping *self,
                         gboolean   realtime)
{
  g_return_if_fail (FC_IS_MAPPING (self));

  realtime = !!realtime;
  if (self->realtime == (guint) realtime)
    return;
  self->realtime = realtime;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REALTIME]);
}

guint
fc_mapping_get_schedule_minutes (FcMapping *self)
{
  g_return_val_if_fail (FC_IS_MAPPING (self), 0);
  return self->schedule_minutes;
}

void
fc_mapping_set_schedule_minutes (FcMapping *self,
                                 guint      minutes)
{
  g_return_if_fail (FC_IS_MAPPING (self));

  if (self->schedule_minutes == minutes)
    return;
  self->schedule_minutes = minutes;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCHEDULE_MINUTES]);
}

GDateTime *
fc_mapping_get_created_at (FcMapping *self)
{
  g_return_val_if_fail (FC_IS_MAPPING (self), NULL);
  return self->created_at;
}

void
fc_mapping_set_created_at (FcMapping *self,
                           GDateTime *created_at)
{
  g_return_if_fail (FC_IS_MAPPING (self));
  update_date_time (self, &self->created_at, created_at, properties[PROP_CREATED_AT]);
}

GDateTime *
fc_mapping_get_updated_at (FcMapping *self)
{
  g_return_val_if_fail (FC_IS_MAPPING (self), NULL);
  return self->updated_at;
}

void
fc_mapping_set_updated_at (FcMapping *self,
                           GDateTime *updated_at)
{
  g_return_if_fail (FC_IS_MAPPING (self));
  update_date_time (self, &self->updated_at, updated_at, properties[PROP_UPDATED_AT]);
}

GListModel *
fc_mapping_get_field_pairs (FcMapping *self)
{
  g_return_val_if_fail (FC_IS_MAPPING (self), NULL);
  return G_LIST_MODEL (self->field_pairs);
}

guint
fc_mapping_get_n_field_pairs (FcMapping *self)
{
  g_return_val_if_fail (FC_IS_MAPPING (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->field_pairs));
}

FcFieldPair *
fc_mapping_get_field_pair (FcMapping *self,
                           guint      position)
{
  g_autoptr (FcFieldPair) pair = NULL;

  g_return_val_if_fail (FC_IS_MAPPING (self), NULL);

  /* The store keeps its own reference, so the borrowed pointer stays valid. */
  pair = g_list_model_get_item (G_LIST_MODEL (self->field_pairs), position);
  return pair;
}

void
fc_mapping_add_field_pair (FcMapping   *self,
                           FcFieldPair *pair)
{
  g_return_if_fail (FC_IS_MAPPING (self));
  g_return_if_fail (FC_IS_FIELD_PAIR (pair));

  g_list_store_append (self->field_pairs, pair);
}

void
fc_mapping_insert_field_pair (FcMapping   *self,
                              guint        position,
                              FcFieldPair *pair)
{
  g_return_if_fail (FC_IS_MAPPING (self));
  g_return_if_fail (FC_IS_FIELD_PAIR (pair));
  g_return_if_fail (position <= fc_mapping_get_n_field_pairs (self));

  g_list_store_insert (self->field_pairs, position, pair);
}

void
fc_mapping_remove_field_pair (FcMapping *self,
                              guint      position)
{
  g_return_if_fail (FC_IS_MAPPING (self));
  g_return_if_fail (position < fc_mapping_get_n_field_pairs (self));

  g_list_store_remove (self->field_pairs, position);
}

void
fc_mapping_move_field_pair (FcMapping *self,
                            guint      from_position,
                            guint      to_position)
{
  g_autoptr (FcFieldPair) pair = NULL;
  guint n;

  g_return_if_fail (FC_IS_MAPPING (self));
  n = fc_mapping_get_n_field_pairs (self);
  g_return_if_fail (from_position < n);
  g_return_if_fail (to_position < n);

  if (from_position == to_position)
    return;

  pair = g_list_model_get_item (G_LIST_MODEL (self->field_pairs), from_position);
  g_list_store_remove (self->field_pairs, from_position);
  g_list_store_insert (self->field_pairs, to_position, pair);
}

void
fc_mapping_remove_all_field_pairs (FcMapping *self)
{
  g_return_if_fail (FC_IS_MAPPING (self));
  g_list_store_remove_all (self->field_pairs);
}

gboolean
fc_mapping_object_is_person (const char *object)
{
  return object != NULL && g_strv_contains (person_objects, object);
}

static gboolean
is_email_field (const char *field)
{
  g_autofree char *lower = g_ascii_strdown (field, -1);

  return strstr (lower, "email") != NULL;
}

const char * const *
fc_mapping_get_external_id_fields (FcMapping *self)
{
  g_return_val_if_fail (FC_IS_MAPPING (self), NULL);
  return (const char * const *) self->external_id_fields;
}

void
fc_mapping_set_external_id_fields (FcMapping          *self,
                                   const char * const *fields)
{
  g_return_if_fail (FC_IS_MAPPING (self));

  if (fields != NULL && fields[0] == NULL)
    fields = NULL;
  if (fields == NULL && self->external_id_fields == NULL)
    return;
  if (fields != NULL && self->external_id_fields != NULL &&
      g_strv_equal ((const char * const *) self->external_id_fields, fields))
    return;

  g_strfreev (self->external_id_fields);
  self->external_id_fields = fields != NULL ? g_strdupv ((char **) fields) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXTERNAL_ID_FIELDS]);
}

GStrv
fc_mapping_dup_effective_match_rule (FcMapping *self)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  guint n;

  g_return_val_if_fail (FC_IS_MAPPING (self), NULL);

  if (self->match_rule[0] != NULL)
    return g_strdupv (self->match_rule);

  if (!fc_mapping_object_is_person (self->source_object) &&
      !fc_mapping_object_is_person (self->target_object))
    return g_strv_builder_end (builder);

  n = fc_mapping_get_n_field_pairs (self);
  for (guint i = 0; i < n; i++)
    {
      FcFieldPair *pair = fc_mapping_get_field_pair (self, i);
      const char * const *sources = fc_field_pair_get_source_fields (pair);
      const char * const *targets = fc_field_pair_get_target_fields (pair);

      if (g_strv_length ((char **) sources) == 1 && g_strv_length ((char **) targets) == 1 &&
          is_email_field (sources[0]) && is_email_field (targets[0]))
        {
          g_autofree char *entry = g_strdup_printf ("%s=%s", sources[0], targets[0]);

          g_strv_builder_add (builder, entry);
          break;
        }
    }

  return g_strv_builder_end (builder);
}

static gboolean
is_blank (const char *s)
{
  if (s == NULL)
    return TRUE;
  for (; *s != '\0'; s++)
    if (!g_ascii_isspace (*s))
      return FALSE;
  return TRUE;
}

static gboolean
validate_endpoints (FcMapping  *self,
                    GError    **error)
{
  if (is_blank (self->name))
    {
      g_set_error_literal (error, FC_MAPPING_ERROR, FC_MAPPING_ERROR_INVALID,
                           _("The mapping has no name"));
      return FALSE;
    }
  if (is_blank (self->source_connection_id))
    {
      g_set_error (error, FC_MAPPING_ERROR, FC_MAPPING_ERROR_INVALID,
                   _("Mapping “%s” has no source connection"), self->name);
      return FALSE;
    }
  if (is_blank (self->source_object))
    {
      g_set_error (error, FC_MAPPING_ERROR, FC_MAPPING_ERROR_INVALID,
                   _("Mapping “%s” has no source object"), self->name);
      return FALSE;
    }
  if (is_blank (self->target_connection_id))
    {
      g_set_error (error, FC_MAPPING_ERROR, FC_MAPPING_ERROR_INVALID,
                   _("Mapping “%s” has no target connection"), self->name);
      return FALSE;
    }
  if (is_blank (self->target_object))
    {
      g_set_error (error, FC_MAPPING_ERROR, FC_MAPPING_ERROR_INVALID,
                   _("Mapping “%s” has no target object"), self->name);
      return FALSE;
    }
  if (g_str_equal (self->source_connection_id, self->target_connection_id) &&
      g_str_equal (self->source_object, self->target_object))
    {
      g_set_error (error, FC_MAPPING_ERROR, FC_MAPPING_ERROR_SAME_ENDPOINT,
                   _("Mapping “%s” has the same source and target (object “%s” of connection "
                     "%s); records would be synced onto themselves"),
                   self->name, self->source_object, self->source_connection_id);
      return FALSE;
    }

  return TRUE;
}

static gboolean
validate_match_rule (FcMapping  *self,
                     GError    **error)
{
  for (guint i = 0; self->match_rule[i] != NULL; i++)
    {
      const char *entry = self->match_rule[i];
      const char *eq = strchr (entry, '=');

      if (eq == NULL || eq == entry || eq[1] == '\0' || strchr (eq + 1, '=') != NULL)
        {
          g_set_error (error, FC_MAPPING_ERROR, FC_MAPPING_ERROR_INVALID,
                       _("Match rule entry %u “%s” of mapping “%s” is not of the form "
                         "SOURCE_FIELD=TARGET_FIELD"),
                       i + 1, entry, self->name);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
validate_external_id_fields (FcMapping  *self,
                             GError    **error)
{
  const char * const *fields = (const char * const *) self->external_id_fields;

  if (fields == NULL)
    return TRUE;
  if (g_strv_length ((char **) fields) != 2 || *fields[0] == '\0' || *fields[1] == '\0')
    {
      g_set_error (error, FC_MAPPING_ERROR, FC_MAPPING_ERROR_INVALID,
                   _("The external ID storage of mapping “%s” needs two field names, one on "
                     "the source and one on the target"), self->name);
      return FALSE;
    }

  for (guint i = 0; i < fc_mapping_get_n_field_pairs (self); i++)
    {
      FcFieldPair *pair = fc_mapping_get_field_pair (self, i);

      if (g_strv_contains (fc_field_pair_get_source_fields (pair), fields[0]) ||
          g_strv_contains (fc_field_pair_get_target_fields (pair), fields[1]))
        {
          g_set_error (error, FC_MAPPING_ERROR, FC_MAPPING_ERROR_DUPLICATE_TARGET,
                       _("Mapping “%s” keeps external IDs in %s and %s, but a field pair also "
                         "writes one of them"), self->name, fields[0], fields[1]);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
validate_pairs (FcMapping  *self,
                GError    **error)
{
  guint n = fc_mapping_get_n_field_pairs (self);

  if (n == 0)
    {
      g_set_error (error, FC_MAPPING_ERROR, FC_MAPPING_ERROR_NO_PAIRS,
                   _("Mapping “%s” has no field pairs; add at least one"), self->name);
      return FALSE;
    }

  for (guint i = 0; i < n; i++)
    {
      FcFieldPair *pair = fc_mapping_get_field_pair (self, i);
      GError *local_error = NULL;

      if (!_fc_field_pair_check (pair, self->direction, NULL, &local_error))
        {
          g_autofree char *label = fc_field_pair_dup_label (pair);

          g_propagate_prefixed_error (error, local_error, _("Field pair %u (%s): "), i + 1, label);
          return FALSE;
        }
    }

  return TRUE;
}

/* Records in @writers (field name -> 1-based pair index) the fields pair @index writes on one
 * side; fails when another pair already writes one of them. */
static gboolean
claim_fields (FcMapping           *self,
              GHashTable          *writers,
              const char * const  *fields,
              guint                index,
              gboolean             are_targets,
              GError             **error)
{
  for (guint i = 0; fields[i] != NULL; i++)
    {
      guint other = GPOINTER_TO_UINT (g_hash_table_lookup (writers, fields[i]));

      if (other != 0)
        {
          FcFieldPair *pair = fc_mapping_get_field_pair (self, index - 1);
          FcFieldPair *other_pair = fc_mapping_get_field_pair (self, other - 1);
          g_autofree char *label = fc_field_pair_dup_label (pair);
          g_autofree char *other_label = fc_field_pair_dup_label (other_pair);

          g_set_error (error, FC_MAPPING_ERROR, FC_MAPPING_ERROR_DUPLICATE_TARGET,
                       are_targets
                         ? _("Field pair %u (%s) writes target field “%s”, which field pair %u "
                             "(%s) already writes")
                         : _("Field pair %u (%s) writes source field “%s”, which field pair %u "
                             "(%s) already writes"),
                       index, label, fields[i], other, other_label);
          return FALSE;
        }

      g_hash_table_insert (writers, (gpointer) fields[i], GUINT_TO_POINTER (index));
    }

  return TRUE;
}

static gboolean
validate_writers (FcMapping  *self,
                  GError    **error)
{
  g_autoptr (GHashTable) target_writers = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) source_writers = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = fc_mapping_get_n_field_pairs (self);

  for (guint i = 0; i < n; i++)
    {
      FcFieldPair *pair = fc_mapping_get_field_pair (self, i);

      if (fc_field_pair_flows_to_target (pair, self->direction) &&
          !claim_fields (self, target_writers, fc_field_pair_get_target_fields (pair),
                         i + 1, TRUE, error))
        return FALSE;

      if (fc_field_pair_flows_to_source (pair, self->direction) &&
          !claim_fields (self, source_writers, fc_field_pair_get_source_fields (pair),
                         i + 1, FALSE, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
fc_mapping_validate (FcMapping  *self,
                     GError    **error)
{
  g_return_val_if_fail (FC_IS_MAPPING (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return validate_endpoints (self, error) &&
         validate_match_rule (self, error) &&
         validate_external_id_fields (self, error) &&
         validate_pairs (self, error) &&
         validate_writers (self, error);
}
