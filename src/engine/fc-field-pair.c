/* fc-field-pair.c: which fields of the two objects correspond, and how values are transformed
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-field-pair"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-enum-types.h"
#include "fc-field-pair-private.h"
#include "fc-mapping.h"
#include "fc-transform.h"

struct _FcFieldPair
{
  GObject           parent_instance;

  GStrv             source_fields;
  GStrv             target_fields;
  char             *transform;
  FcFieldDirection  direction;
  guint             required : 1;
  guint             allow_clear : 1;
};

G_DEFINE_FINAL_TYPE (FcFieldPair, fc_field_pair, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SOURCE_FIELDS,
  PROP_TARGET_FIELDS,
  PROP_TRANSFORM,
  PROP_DIRECTION,
  PROP_REQUIRED,
  PROP_ALLOW_CLEAR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const empty_strv[] = { NULL };

static void
fc_field_pair_finalize (GObject *object)
{
  FcFieldPair *self = (FcFieldPair *) object;

  g_clear_pointer (&self->source_fields, g_strfreev);
  g_clear_pointer (&self->target_fields, g_strfreev);
  g_clear_pointer (&self->transform, g_free);

  G_OBJECT_CLASS (fc_field_pair_parent_class)->finalize (object);
}

static void
fc_field_pair_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  FcFieldPair *self = FC_FIELD_PAIR (object);

  switch (prop_id)
    {
    case PROP_SOURCE_FIELDS:
      g_value_set_boxed (value, self->source_fields);
      break;
    case PROP_TARGET_FIELDS:
      g_value_set_boxed (value, self->target_fields);
      break;
    case PROP_TRANSFORM:
      g_value_set_string (value, self->transform);
      break;
    case PROP_DIRECTION:
      g_value_set_enum (value, self->direction);
      break;
    case PROP_REQUIRED:
      g_value_set_boolean (value, self->required);
      break;
    case PROP_ALLOW_CLEAR:
      g_value_set_boolean (value, self->allow_clear);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_field_pair_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  FcFieldPair *self = FC_FIELD_PAIR (object);

  switch (prop_id)
    {
    case PROP_SOURCE_FIELDS:
      fc_field_pair_set_source_fields (self, g_value_get_boxed (value));
      break;
    case PROP_TARGET_FIELDS:
      fc_field_pair_set_target_fields (self, g_value_get_boxed (value));
      break;
    case PROP_TRANSFORM:
      fc_field_pair_set_transform (self, g_value_get_string (value));
      break;
    case PROP_DIRECTION:
      fc_field_pair_set_direction (self, g_value_get_enum (value));
      break;
    case PROP_REQUIRED:
      fc_field_pair_set_required (self, g_value_get_boolean (value));
      break;
    case PROP_ALLOW_CLEAR:
      fc_field_pair_set_allow_clear (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_field_pair_class_init (FcFieldPairClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = fc_field_pair_finalize;
  object_class->get_property = fc_field_pair_get_property;
  object_class->set_property = fc_field_pair_set_property;

  properties[PROP_SOURCE_FIELDS] =
    g_param_spec_boxed ("source-fields", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_TARGET_FIELDS] =
    g_param_spec_boxed ("target-fields", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_TRANSFORM] =
    g_param_spec_string ("transform", NULL, NULL, NULL, flags);
  properties[PROP_DIRECTION] =
    g_param_spec_enum ("direction", NULL, NULL,
                       FC_TYPE_FIELD_DIRECTION, FC_FIELD_DIRECTION_BIDIRECTIONAL, flags);
  properties[PROP_REQUIRED] =
    g_param_spec_boolean ("required", NULL, NULL, FALSE, flags);
  /* An emptied value may erase the other side's non-empty one (else it never does). */
  properties[PROP_ALLOW_CLEAR] =
    g_param_spec_boolean ("allow-clear", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fc_field_pair_init (FcFieldPair *self)
{
  self->source_fields = g_new0 (char *, 1);
  self->target_fields = g_new0 (char *, 1);
  self->direction = FC_FIELD_DIRECTION_BIDIRECTIONAL;
}

FcFieldPair *
fc_field_pair_new (const char * const *source_fields,
                   const char * const *target_fields)
{
  return g_object_new (FC_TYPE_FIELD_PAIR,
                       "source-fields", source_fields,
                       "target-fields", target_fields,
                       NULL);
}

FcFieldPair *
fc_field_pair_new_simple (const char *source_field,
                          const char *target_field)
{
  const char *source_fields[] = { source_field, NULL };
  const char *target_fields[] = { target_field, NULL };

  return fc_field_pair_new (source_fields, target_fields);
}

FcFieldPair *
fc_field_pair_copy (FcFieldPair *self)
{
  g_return_val_if_fail (FC_IS_FIELD_PAIR (self), NULL);

  return g_object_new (FC_TYPE_FIELD_PAIR,
                       "source-fields", self->source_fields,
                       "target-fields", self->target_fields,
                       "transform", self->transform,
                       "direction", self->direction,
                       "required", (gboolean) self->required,
                       "allow-clear", (gboolean) self->allow_clear,
                       NULL);
}

static gboolean
strv_equal0 (const char * const *a,
             const char * const *b)
{
  return g_strv_equal (a != NULL ? a : empty_strv, b != NULL ? b : empty_strv);
}

static void
update_strv (FcFieldPair         *self,
             GStrv               *field,
             const char * const  *value,
             GParamSpec          *pspec)
{
  if (strv_equal0 ((const char * const *) *field, value))
    return;

  g_strfreev (*field);
  *field = g_strdupv ((char **) (value != NULL ? value : empty_strv));
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

const char * const *
fc_field_pair_get_source_fields (FcFieldPair *self)
{
  g_return_val_if_fail (FC_IS_FIELD_PAIR (self), NULL);
  return (const char * const *) self->source_fields;
}

void
fc_field_pair_set_source_fields (FcFieldPair        *self,
                                 const char * const *source_fields)
{
  g_return_if_fail (FC_IS_FIELD_PAIR (self));
  update_strv (self, &self->source_fields, source_fields, properties[PROP_SOURCE_FIELDS]);
}

const char * const *
fc_field_pair_get_target_fields (FcFieldPair *self)
{
  g_return_val_if_fail (FC_IS_FIELD_PAIR (self), NULL);
  return (const char * const *) self->target_fields;
}

void
fc_field_pair_set_target_fields (FcFieldPair        *self,
                                 const char * const *target_fields)
{
  g_return_if_fail (FC_IS_FIELD_PAIR (self));
  update_strv (self, &self->target_fields, target_fields, properties[PROP_TARGET_FIELDS]);
}

const char *
fc_field_pair_get_transform (FcFieldPair *self)
{
  g_return_val_if_fail (FC_IS_FIELD_PAIR (self), NULL);
  return self->transform;
}

void
fc_field_pair_set_transform (FcFieldPair *self,
                             const char  *transform)
{
  g_return_if_fail (FC_IS_FIELD_PAIR (self));

  if (transform != NULL && transform[0] == '\0')
    transform = NULL;
  if (g_strcmp0 (self->transform, transform) == 0)
    return;

  g_free (self->transform);
  self->transform = g_strdup (transform);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRANSFORM]);
}

FcFieldDirection
fc_field_pair_get_direction (FcFieldPair *self)
{
  g_return_val_if_fail (FC_IS_FIELD_PAIR (self), FC_FIELD_DIRECTION_BIDIRECTIONAL);
  return self->direction;
}

void
fc_field_pair_set_direction (FcFieldPair      *self,
                             FcFieldDirection  direction)
{
  g_return_if_fail (FC_IS_FIELD_PAIR (self));

  if (self->direction == direction)
    return;
  self->direction = direction;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRECTION]);
}

gboolean
fc_field_pair_get_required (FcFieldPair *self)
{
  g_return_val_if_fail (FC_IS_FIELD_PAIR (self), FALSE);
  return self->required;
}

void
fc_field_pair_set_required (FcFieldPair *self,
                            gboolean     required)
{
  g_return_if_fail (FC_IS_FIELD_PAIR (self));

  required = !!required;
  if (self->required == (guint) required)
    return;
  self->required = required;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REQUIRED]);
}

gboolean
fc_field_pair_get_allow_clear (FcFieldPair *self)
{
  g_return_val_if_fail (FC_IS_FIELD_PAIR (self), FALSE);
  return self->allow_clear;
}

void
fc_field_pair_set_allow_clear (FcFieldPair *self,
                               gboolean     allow_clear)
{
  g_return_if_fail (FC_IS_FIELD_PAIR (self));

  allow_clear = !!allow_clear;
  if (self->allow_clear == (guint) allow_clear)
    return;
  self->allow_clear = allow_clear;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALLOW_CLEAR]);
}

char *
fc_field_pair_dup_label (FcFieldPair *self)
{
  g_autofree char *sources = NULL;
  g_autofree char *targets = NULL;

  g_return_val_if_fail (FC_IS_FIELD_PAIR (self), NULL);

  sources = g_strjoinv (", ", self->source_fields);
  targets = g_strjoinv (", ", self->target_fields);

  return g_strdup_printf ("%s → %s", sources, targets);
}

gboolean
fc_field_pair_flows_to_target (FcFieldPair *self,
                               FcDirection  mapping_direction)
{
  g_return_val_if_fail (FC_IS_FIELD_PAIR (self), FALSE);

  switch (mapping_direction)
    {
    case FC_DIRECTION_SOURCE_TO_TARGET:
      return TRUE;
    case FC_DIRECTION_TARGET_TO_SOURCE:
      return FALSE;
    case FC_DIRECTION_BIDIRECTIONAL:
    default:
      return self->direction != FC_FIELD_DIRECTION_TARGET_ONLY;
    }
}

gboolean
fc_field_pair_flows_to_source (FcFieldPair *self,
                               FcDirection  mapping_direction)
{
  g_return_val_if_fail (FC_IS_FIELD_PAIR (self), FALSE);

  switch (mapping_direction)
    {
    case FC_DIRECTION_SOURCE_TO_TARGET:
      return FALSE;
    case FC_DIRECTION_TARGET_TO_SOURCE:
      return TRUE;
    case FC_DIRECTION_BIDIRECTIONAL:
    default:
      return self->direction != FC_FIELD_DIRECTION_SOURCE_ONLY;
    }
}

static gboolean
check_fields (const char * const  *fields,
              gboolean             are_targets,
              GError             **error)
{
  guint n = g_strv_length ((char **) fields);

  if (n == 0)
    {
      g_set_error_literal (error, FC_MAPPING_ERROR, FC_MAPPING_ERROR_INVALID,
                           are_targets ? _("the pair has no target field")
                                       : _("the pair has no source field"));
      return FALSE;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *stripped = g_strstrip (g_strdup (fields[i]));

      if (stripped[0] != '\0')
        continue;

      if (are_targets)
        g_set_error (error, FC_MAPPING_ERROR, FC_MAPPING_ERROR_INVALID,
                     _("target field %u has an empty name"), i + 1);
      else
        g_set_error (error, FC_MAPPING_ERROR, FC_MAPPING_ERROR_INVALID,
                     _("source field %u has an empty name"), i + 1);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_direction (FcFieldPair  *self,
                 FcDirection   mapping_direction,
                 GError      **error)
{
  gboolean contradicts;

  contradicts = (mapping_direction == FC_DIRECTION_SOURCE_TO_TARGET &&
                 self->direction == FC_FIELD_DIRECTION_TARGET_ONLY) ||
                (mapping_direction == FC_DIRECTION_TARGET_TO_SOURCE &&
                 self->direction == FC_FIELD_DIRECTION_SOURCE_ONLY);
  if (!contradicts)
    return TRUE;

  g_set_error (error, FC_MAPPING_ERROR, FC_MAPPING_ERROR_DIRECTION,
               _("the pair is %s but the mapping flows %s, so it would never sync"),
               fc_enum_to_nick (FC_TYPE_FIELD_DIRECTION, self->direction),
               fc_enum_to_nick (FC_TYPE_DIRECTION, mapping_direction));
  return FALSE;
}

static FcMappingError
mapping_code_for_transform_error (const GError *error)
{
  if (error->domain != FC_TRANSFORM_ERROR)
    return FC_MAPPING_ERROR_BAD_TRANSFORM;

  switch (error->code)
    {
    case FC_TRANSFORM_ERROR_UNKNOWN:
      return FC_MAPPING_ERROR_UNKNOWN_TRANSFORM;
    case FC_TRANSFORM_ERROR_ARITY:
      return FC_MAPPING_ERROR_ARITY;
    case FC_TRANSFORM_ERROR_NO_REVERSE:
    case FC_TRANSFORM_ERROR_AMBIGUOUS:
      return FC_MAPPING_ERROR_NO_REVERSE;
    case FC_TRANSFORM_ERROR_SYNTAX:
    case FC_TRANSFORM_ERROR_BAD_ARGUMENT:
    default:
      return FC_MAPPING_ERROR_BAD_TRANSFORM;
    }
}

/* Re-reports a transform error in the FC_MAPPING_ERROR domain, keeping its message. */
static void
propagate_transform_error (GError **dest,
                           GError  *src)
{
  g_set_error_literal (dest, FC_MAPPING_ERROR, mapping_code_for_transform_error (src),
                       src->message);
  g_error_free (src);
}

/* The chain must turn @n_inputs values into @n_outputs; the message says it with the pair's
 * own field counts, which is what the user can change. */
static gboolean
check_arity (FcTransformChain  *chain,
             guint              n_inputs,
             guint              n_outputs,
             gboolean           outputs_are_targets,
             GError           **error)
{
  GError *local_error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *takes = NULL;
  g_autofree char *has = NULL;
  int n_produced;

  if (fc_transform_chain_check_arity (chain, n_inputs, n_outputs, &local_error))
    return TRUE;

  n_produced = fc_transform_chain_get_n_outputs_for (chain, n_inputs);
  if (n_produced < 0 || local_error->code != FC_TRANSFORM_ERROR_ARITY)
    {
      propagate_transform_error (error, local_error);
      return FALSE;
    }
  g_clear_error (&local_error);

  if (fc_transform_chain_is_identity (chain))
    {
      g_set_error (error, FC_MAPPING_ERROR, FC_MAPPING_ERROR_ARITY,
                   _("without a transform a pair needs as many target fields as source fields, "
                     "but it has %u source and %u target"),
                   outputs_are_targets ? n_inputs : n_outputs,
                   outputs_are_targets ? n_outputs : n_inputs);
      return FALSE;
    }

  text = fc_transform_chain_to_string (chain);
  takes = g_strdup_printf (ngettext ("%s takes %u value and gives %d",
                                     "%s takes %u values and gives %d", n_inputs),
                           text, n_inputs, n_produced);
  if (outputs_are_targets)
    has = g_strdup_printf (ngettext ("the pair has %u target field",
                                     "the pair has %u target fields", n_outputs),
                           n_outputs);
  else
    has = g_strdup_printf (ngettext ("the pair has %u source field",
                                     "the pair has %u source fields", n_outputs),
                           n_outputs);

  /* Translators: "split_name takes 1 value and gives 2" ", but " "the pair has 1 target field" */
  g_set_error (error, FC_MAPPING_ERROR, FC_MAPPING_ERROR_ARITY, _("%s, but %s"), takes, has);
  return FALSE;
}

static gboolean
check_transform (FcFieldPair  *self,
                 FcDirection   mapping_direction,
                 GError      **error)
{
  g_autoptr (FcTransformChain) chain = NULL;
  GError *local_error = NULL;
  gboolean to_target = fc_field_pair_flows_to_target (self, mapping_direction);
  gboolean to_source = fc_field_pair_flows_to_source (self, mapping_direction);
  guint n_source = g_strv_length (self->source_fields);
  guint n_target = g_strv_length (self->target_fields);

  chain = fc_transform_chain_parse (self->transform, &local_error);
  if (chain == NULL)
    {
      propagate_transform_error (error, local_error);
      return FALSE;
    }

  /* The chain is written in the direction the data flows: forwards to the target when the
   * pair flows there, else forwards to the source. */
  if (to_target)
    {
      if (!check_arity (chain, n_source, n_target, TRUE, error))
        return FALSE;
    }
  else if (!check_arity (chain, n_target, n_source, FALSE, error))
    return FALSE;

  if (to_target && to_source &&
      !fc_transform_chain_check_reversible (chain, &local_error))
    {
      g_set_error (error, FC_MAPPING_ERROR, FC_MAPPING_ERROR_NO_REVERSE,
                   _("the pair flows both ways, but its transform cannot run backwards "
                     "(%s); make it source_only or target_only"),
                   local_error->message);
      g_error_free (local_error);
      return FALSE;
    }

  return TRUE;
}

gboolean
_fc_field_pair_check (FcFieldPair  *self,
                      FcDirection   mapping_direction,
                      const char  **out_property,
                      GError      **error)
{
  const char *property = NULL;

  g_return_val_if_fail (FC_IS_FIELD_PAIR (self), FALSE);

  if (!check_fields ((const char * const *) self->source_fields, FALSE, error))
    property = "source-fields";
  else if (!check_fields ((const char * const *) self->target_fields, TRUE, error))
    property = "target-fields";
  else if (!check_direction (self, mapping_direction, error))
    property = "direction";
  else if (!check_transform (self, mapping_direction, error))
    property = "transform";

  if (out_property != NULL)
    *out_property = property;
  return property == NULL;
}

gboolean
fc_field_pair_validate (FcFieldPair  *pair,
                        FcDirection   mapping_direction,
                        GError      **error)
{
  GError *local_error = NULL;

  g_return_val_if_fail (FC_IS_FIELD_PAIR (pair), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!_fc_field_pair_check (pair, mapping_direction, NULL, &local_error))
    {
      g_autofree char *label = fc_field_pair_dup_label (pair);

      g_propagate_prefixed_error (error, local_error, _("Field pair (%s): "), label);
      return FALSE;
    }

  return TRUE;
}
