/* fc-notifier-endpoint.c: one of the user's own URLs that receive FluxCascade's events
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-notifier"

#include "config.h"

#include "fc-notifier-private.h"
#include "fc-store-private.h"

struct _FcEndpoint
{
  GObject    parent_instance;

  char      *id;
  char      *url;
  char      *description;
  GStrv      event_types;
  gboolean   enabled;
  guint      consecutive_failures;
  char      *disabled_reason;
  GDateTime *created_at;
  GDateTime *updated_at;
};

G_DEFINE_FINAL_TYPE (FcEndpoint, fc_endpoint, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_URL,
  PROP_DESCRIPTION,
  PROP_EVENT_TYPES,
  PROP_ENABLED,
  PROP_CONSECUTIVE_FAILURES,
  PROP_DISABLED_REASON,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
fc_endpoint_finalize (GObject *object)
{
  FcEndpoint *self = (FcEndpoint *) object;

  g_free (self->id);
  g_free (self->url);
  g_free (self->description);
  g_strfreev (self->event_types);
  g_free (self->disabled_reason);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->updated_at, g_date_time_unref);

  G_OBJECT_CLASS (fc_endpoint_parent_class)->finalize (object);
}

static void
fc_endpoint_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  FcEndpoint *self = FC_ENDPOINT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_URL:
      g_value_set_string (value, self->url);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case PROP_EVENT_TYPES:
      g_value_set_boxed (value, self->event_types);
      break;
    case PROP_ENABLED:
      g_value_set_boolean (value, self->enabled);
      break;
    case PROP_CONSECUTIVE_FAILURES:
      g_value_set_uint (value, self->consecutive_failures);
      break;
    case PROP_DISABLED_REASON:
      g_value_set_string (value, self->disabled_reason);
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
fc_endpoint_class_init (FcEndpointClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = fc_endpoint_finalize;
  object_class->get_property = fc_endpoint_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_URL] = g_param_spec_string ("url", NULL, NULL, NULL, flags);
  properties[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, NULL, flags);
  properties[PROP_EVENT_TYPES] =
    g_param_spec_boxed ("event-types", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_ENABLED] = g_param_spec_boolean ("enabled", NULL, NULL, TRUE, flags);
  properties[PROP_CONSECUTIVE_FAILURES] =
    g_param_spec_uint ("consecutive-failures", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_DISABLED_REASON] =
    g_param_spec_string ("disabled-reason", NULL, NULL, NULL, flags);
  properties[PROP_CREATED_AT] =
    g_param_spec_boxed ("created-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_UPDATED_AT] =
    g_param_spec_boxed ("updated-at", NULL, NULL, G_TYPE_DATE_TIME, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fc_endpoint_init (FcEndpoint *self)
{
  self->enabled = TRUE;
  self->event_types = g_new0 (char *, 1);
}

static GDateTime *
date_time_or_null (gint64 ms)
{
  return ms > 0 ? _fc_store_date_time_from_ms (ms) : NULL;
}

FcEndpoint *
_fc_endpoint_new (const char         *id,
                  const char         *url,
                  const char         *description,
                  const char * const *event_types,
                  gboolean            enabled,
                  guint               consecutive_failures,
                  const char         *disabled_reason,
                  gint64              created_ms,
                  gint64              updated_ms)
{
  FcEndpoint *self = g_object_new (FC_TYPE_ENDPOINT, NULL);

  self->id = g_strdup (id);
  self->url = g_strdup (url);
  self->description = description != NULL && *description != '\0' ? g_strdup (description)
                                                                    : NULL;
  if (event_types != NULL)
    {
      g_strfreev (self->event_types);
      self->event_types = g_strdupv ((char **) event_types);
    }
  self->enabled = enabled;
  self->consecutive_failures = consecutive_failures;
  self->disabled_reason = g_strdup (disabled_reason);
  self->created_at = date_time_or_null (created_ms);
  self->updated_at = date_time_or_null (updated_ms);
  return self;
}

static gboolean
replace_string (char       **field,
                const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static gboolean
replace_date_time (GDateTime **field,
                   GDateTime  *value)
{
  if (*field == value || (*field != NULL && value != NULL && g_date_time_equal (*field, value)))
    return FALSE;
  g_clear_pointer (field, g_date_time_unref);
  *field = value != NULL ? g_date_time_ref (value) : NULL;
  return TRUE;
}

void
_fc_endpoint_assign (FcEndpoint *self,
                     FcEndpoint *from)
{
  g_return_if_fail (FC_IS_ENDPOINT (self));
  g_return_if_fail (FC_IS_ENDPOINT (from));

  g_object_freeze_notify (G_OBJECT (self));
  if (replace_string (&self->id, from->id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
  if (replace_string (&self->url, from->url))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URL]);
  if (replace_string (&self->description, from->description))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCRIPTION]);
  if (!g_strv_equal ((const char * const *) self->event_types,
                     (const char * const *) from->event_types))
    {
      g_strfreev (self->event_types);
      self->event_types = g_strdupv (from->event_types);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVENT_TYPES]);
    }
  if (self->enabled != from->enabled)
    {
      self->enabled = from->enabled;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENABLED]);
    }
  if (self->consecutive_failures != from->consecutive_failures)
    {
      self->consecutive_failures = from->consecutive_failures;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONSECUTIVE_FAILURES]);
    }
  if (replace_string (&self->disabled_reason, from->disabled_reason))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISABLED_REASON]);
  if (replace_date_time (&self->created_at, from->created_at))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREATED_AT]);
  if (replace_date_time (&self->updated_at, from->updated_at))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATED_AT]);
  g_object_thaw_notify (G_OBJECT (self));
}

const char *
fc_endpoint_get_id (FcEndpoint *self)
{
  g_return_val_if_fail (FC_IS_ENDPOINT (self), NULL);
  return self->id;
}

const char *
fc_endpoint_get_url (FcEndpoint *self)
{
  g_return_val_if_fail (FC_IS_ENDPOINT (self), NULL);
  return self->url;
}

const char *
fc_endpoint_get_description (FcEndpoint *self)
{
  g_return_val_if_fail (FC_IS_ENDPOINT (self), NULL);
  return self->description;
}

const char * const *
fc_endpoint_get_event_types (FcEndpoint *self)
{
  g_return_val_if_fail (FC_IS_ENDPOINT (self), NULL);
  return (const char * const *) self->event_types;
}

gboolean
fc_endpoint_get_enabled (FcEndpoint *self)
{
  g_return_val_if_fail (FC_IS_ENDPOINT (self), FALSE);
  return self->enabled;
}

guint
fc_endpoint_get_consecutive_failures (FcEndpoint *self)
{
  g_return_val_if_fail (FC_IS_ENDPOINT (self), 0);
  return self->consecutive_failures;
}

const char *
fc_endpoint_get_disabled_reason (FcEndpoint *self)
{
  g_return_val_if_fail (FC_IS_ENDPOINT (self), NULL);
  return self->disabled_reason;
}

GDateTime *
fc_endpoint_get_created_at (FcEndpoint *self)
{
  g_return_val_if_fail (FC_IS_ENDPOINT (self), NULL);
  return self->created_at;
}

GDateTime *
fc_endpoint_get_updated_at (FcEndpoint *self)
{
  g_return_val_if_fail (FC_IS_ENDPOINT (self), NULL);
  return self->updated_at;
}

gboolean
fc_endpoint_wants (FcEndpoint *self,
                   const char *type)
{
  g_return_val_if_fail (FC_IS_ENDPOINT (self), FALSE);

  if (!fc_notifier_is_event_type (type))
    return FALSE;
  return self->event_types[0] == NULL ||
         g_strv_contains ((const char * const *) self->event_types, type);
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_date_time (JsonBuilder *builder,
               const char  *name,
               GDateTime   *dt)
{
  g_autofree char *text = NULL;

  json_builder_set_member_name (builder, name);
  if (dt == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }
  text = g_date_time_format_iso8601 (dt);
  json_builder_add_string_value (builder, text);
}

JsonNode *
fc_endpoint_to_json (FcEndpoint *self)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (FC_IS_ENDPOINT (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, self->id);
  json_builder_set_member_name (builder, "url");
  json_builder_add_string_value (builder, self->url);
  add_string (builder, "description", self->description);
  json_builder_set_member_name (builder, "eventTypes");
  json_builder_begin_array (builder);
  for (guint i = 0; self->event_types[i] != NULL; i++)
    json_builder_add_string_value (builder, self->event_types[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "enabled");
  json_builder_add_boolean_value (builder, self->enabled);
  json_builder_set_member_name (builder, "consecutiveFailures");
  json_builder_add_int_value (builder, self->consecutive_failures);
  add_string (builder, "disabledReason", self->disabled_reason);
  add_date_time (builder, "createdAt", self->created_at);
  add_date_time (builder, "updatedAt", self->updated_at);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
