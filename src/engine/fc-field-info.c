/* fc-field-info.c: one field of a provider's object type, as its metadata API describes it
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-field-info"

#include "config.h"

#include "fc-field-info.h"

struct _FcFieldInfo
{
  GObject    parent_instance;

  char      *name;
  char      *label;
  char      *field_type;
  gboolean   read_only;
  gboolean   unique;
  gboolean   custom;
  gboolean   external_id;
  GPtrArray *option_values; /* char * */
  GPtrArray *option_labels; /* char * */
};

G_DEFINE_FINAL_TYPE (FcFieldInfo, fc_field_info, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_LABEL,
  PROP_FIELD_TYPE,
  PROP_READ_ONLY,
  PROP_UNIQUE,
  PROP_CUSTOM,
  PROP_EXTERNAL_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
fc_field_info_finalize (GObject *object)
{
  FcFieldInfo *self = (FcFieldInfo *) object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->label, g_free);
  g_clear_pointer (&self->field_type, g_free);
  g_clear_pointer (&self->option_values, g_ptr_array_unref);
  g_clear_pointer (&self->option_labels, g_ptr_array_unref);

  G_OBJECT_CLASS (fc_field_info_parent_class)->finalize (object);
}

static void
fc_field_info_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  FcFieldInfo *self = FC_FIELD_INFO (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    case PROP_FIELD_TYPE:
      g_value_set_string (value, self->field_type);
      break;
    case PROP_READ_ONLY:
      g_value_set_boolean (value, self->read_only);
      break;
    case PROP_UNIQUE:
      g_value_set_boolean (value, self->unique);
      break;
    case PROP_CUSTOM:
      g_value_set_boolean (value, self->custom);
      break;
    case PROP_EXTERNAL_ID:
      g_value_set_boolean (value, self->external_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_field_info_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  FcFieldInfo *self = FC_FIELD_INFO (object);

  switch (prop_id)
    {
    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;
    case PROP_LABEL:
      self->label = g_value_dup_string (value);
      break;
    case PROP_FIELD_TYPE:
      self->field_type = g_value_dup_string (value);
      break;
    case PROP_READ_ONLY:
      fc_field_info_set_read_only (self, g_value_get_boolean (value));
      break;
    case PROP_UNIQUE:
      fc_field_info_set_unique (self, g_value_get_boolean (value));
      break;
    case PROP_CUSTOM:
      fc_field_info_set_custom (self, g_value_get_boolean (value));
      break;
    case PROP_EXTERNAL_ID:
      fc_field_info_set_external_id (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_field_info_class_init (FcFieldInfoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fc_field_info_finalize;
  object_class->get_property = fc_field_info_get_property;
  object_class->set_property = fc_field_info_set_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FIELD_TYPE] =
    g_param_spec_string ("field-type", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_READ_ONLY] =
    g_param_spec_boolean ("read-only", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNIQUE] =
    g_param_spec_boolean ("unique", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CUSTOM] =
    g_param_spec_boolean ("custom", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EXTERNAL_ID] =
    g_param_spec_boolean ("external-id", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fc_field_info_init (FcFieldInfo *self)
{
  self->option_values = g_ptr_array_new_with_free_func (g_free);
  self->option_labels = g_ptr_array_new_with_free_func (g_free);
}

FcFieldInfo *
fc_field_info_new (const char *name,
                   const char *label,
                   const char *type)
{
  g_return_val_if_fail (name != NULL, NULL);

  return g_object_new (FC_TYPE_FIELD_INFO,
                       "name", name,
                       "label", label != NULL ? label : name,
                       "field-type", type,
                       NULL);
}

const char *
fc_field_info_get_name (FcFieldInfo *self)
{
  g_return_val_if_fail (FC_IS_FIELD_INFO (self), NULL);
  return self->name;
}

const char *
fc_field_info_get_label (FcFieldInfo *self)
{
  g_return_val_if_fail (FC_IS_FIELD_INFO (self), NULL);
  return self->label;
}

const char *
fc_field_info_get_field_type (FcFieldInfo *self)
{
  g_return_val_if_fail (FC_IS_FIELD_INFO (self), NULL);
  return self->field_type;
}

gboolean
fc_field_info_get_read_only (FcFieldInfo *self)
{
  g_return_val_if_fail (FC_IS_FIELD_INFO (self), FALSE);
  return self->read_only;
}

void
fc_field_info_set_read_only (FcFieldInfo *self,
                             gboolean     read_only)
{
  g_return_if_fail (FC_IS_FIELD_INFO (self));

  read_only = !!read_only;
  if (self->read_only == read_only)
    return;
  self->read_only = read_only;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READ_ONLY]);
}

gboolean
fc_field_info_get_unique (FcFieldInfo *self)
{
  g_return_val_if_fail (FC_IS_FIELD_INFO (self), FALSE);
  return self->unique;
}

void
fc_field_info_set_unique (FcFieldInfo *self,
                          gboolean     unique)
{
  g_return_if_fail (FC_IS_FIELD_INFO (self));

  unique = !!unique;
  if (self->unique == unique)
    return;
  self->unique = unique;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNIQUE]);
}

gboolean
fc_field_info_get_custom (FcFieldInfo *self)
{
  g_return_val_if_fail (FC_IS_FIELD_INFO (self), FALSE);
  return self->custom;
}

void
fc_field_info_set_custom (FcFieldInfo *self,
                          gboolean     custom)
{
  g_return_if_fail (FC_IS_FIELD_INFO (self));

  custom = !!custom;
  if (self->custom == custom)
    return;
  self->custom = custom;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUSTOM]);
}

gboolean
fc_field_info_get_external_id (FcFieldInfo *self)
{
  g_return_val_if_fail (FC_IS_FIELD_INFO (self), FALSE);
  return self->external_id;
}

void
fc_field_info_set_external_id (FcFieldInfo *self,
                               gboolean     external_id)
{
  g_return_if_fail (FC_IS_FIELD_INFO (self));

  external_id = !!external_id;
  if (self->external_id == external_id)
    return;
  self->external_id = external_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXTERNAL_ID]);
}

void
fc_field_info_add_option (FcFieldInfo *self,
                          const char  *value,
                          const char  *label)
{
  g_return_if_fail (FC_IS_FIELD_INFO (self));
  g_return_if_fail (value != NULL);

  g_ptr_array_add (self->option_values, g_strdup (value));
  g_ptr_array_add (self->option_labels, g_strdup (label != NULL ? label : value));
}

guint
fc_field_info_get_n_options (FcFieldInfo *self)
{
  g_return_val_if_fail (FC_IS_FIELD_INFO (self), 0);
  return self->option_values->len;
}

const char *
fc_field_info_get_option_value (FcFieldInfo *self,
                                guint        index)
{
  g_return_val_if_fail (FC_IS_FIELD_INFO (self), NULL);
  g_return_val_if_fail (index < self->option_values->len, NULL);
  return g_ptr_array_index (self->option_values, index);
}

const char *
fc_field_info_get_option_label (FcFieldInfo *self,
                                guint        index)
{
  g_return_val_if_fail (FC_IS_FIELD_INFO (self), NULL);
  g_return_val_if_fail (index < self->option_labels->len, NULL);
  return g_ptr_array_index (self->option_labels, index);
}

const char *
fc_field_info_lookup_option_label (FcFieldInfo *self,
                                   const char  *value)
{
  g_return_val_if_fail (FC_IS_FIELD_INFO (self), NULL);

  for (guint i = 0; value != NULL && i < self->option_values->len; i++)
    if (g_str_equal (g_ptr_array_index (self->option_values, i), value))
      return g_ptr_array_index (self->option_labels, i);
  return NULL;
}
