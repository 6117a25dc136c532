/* fc-notifier-delivery.c: one event on its way to one endpoint
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-notifier"

#include "config.h"

#include "fc-notifier-private.h"
#include "fc-store-private.h"

#define PREVIEW_CHARS 120

struct _FcDelivery
{
  GObject           parent_instance;

  gint64            id;
  char             *endpoint_id;
  char             *event_id;
  char             *event_type;
  char             *payload;
  FcDeliveryStatus  status;
  guint             attempts;
  guint             last_status_code;
  char             *last_error;
  GDateTime        *next_attempt_at;
  GDateTime        *created_at;
  GDateTime        *delivered_at;
};

G_DEFINE_FINAL_TYPE (FcDelivery, fc_delivery, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_ENDPOINT_ID,
  PROP_EVENT_ID,
  PROP_EVENT_TYPE,
  PROP_PAYLOAD,
  PROP_STATUS,
  PROP_ATTEMPTS,
  PROP_LAST_STATUS_CODE,
  PROP_LAST_ERROR,
  PROP_NEXT_ATTEMPT_AT,
  PROP_CREATED_AT,
  PROP_DELIVERED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
fc_delivery_finalize (GObject *object)
{
  FcDelivery *self = (FcDelivery *) object;

  g_free (self->endpoint_id);
  g_free (self->event_id);
  g_free (self->event_type);
  g_free (self->payload);
  g_free (self->last_error);
  g_clear_pointer (&self->next_attempt_at, g_date_time_unref);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->delivered_at, g_date_time_unref);

  G_OBJECT_CLASS (fc_delivery_parent_class)->finalize (object);
}

static void
fc_delivery_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  FcDelivery *self = FC_DELIVERY (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_ENDPOINT_ID:
      g_value_set_string (value, self->endpoint_id);
      break;
    case PROP_EVENT_ID:
      g_value_set_string (value, self->event_id);
      break;
    case PROP_EVENT_TYPE:
      g_value_set_string (value, self->event_type);
      break;
    case PROP_PAYLOAD:
      g_value_set_string (value, self->payload);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_ATTEMPTS:
      g_value_set_uint (value, self->attempts);
      break;
    case PROP_LAST_STATUS_CODE:
      g_value_set_uint (value, self->last_status_code);
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;
    case PROP_NEXT_ATTEMPT_AT:
      g_value_set_boxed (value, self->next_attempt_at);
      break;
    case PROP_CREATED_AT:
      g_value_set_boxed (value, self->created_at);
      break;
    case PROP_DELIVERED_AT:
      g_value_set_boxed (value, self->delivered_at);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_delivery_class_init (FcDeliveryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = fc_delivery_finalize;
  object_class->get_property = fc_delivery_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_ENDPOINT_ID] = g_param_spec_string ("endpoint-id", NULL, NULL, NULL, flags);
  properties[PROP_EVENT_ID] = g_param_spec_string ("event-id", NULL, NULL, NULL, flags);
  properties[PROP_EVENT_TYPE] = g_param_spec_string ("event-type", NULL, NULL, NULL, flags);
  properties[PROP_PAYLOAD] = g_param_spec_string ("payload", NULL, NULL, NULL, flags);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, FC_TYPE_DELIVERY_STATUS,
                       FC_DELIVERY_STATUS_PENDING, flags);
  properties[PROP_ATTEMPTS] =
    g_param_spec_uint ("attempts", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_LAST_STATUS_CODE] =
    g_param_spec_uint ("last-status-code", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_LAST_ERROR] = g_param_spec_string ("last-error", NULL, NULL, NULL, flags);
  properties[PROP_NEXT_ATTEMPT_AT] =
    g_param_spec_boxed ("next-attempt-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_CREATED_AT] =
    g_param_spec_boxed ("created-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_DELIVERED_AT] =
    g_param_spec_boxed ("delivered-at", NULL, NULL, G_TYPE_DATE_TIME, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fc_delivery_init (FcDelivery *self)
{
}

static GDateTime *
date_time_or_null (gint64 ms)
{
  return ms > 0 ? _fc_store_date_time_from_ms (ms) : NULL;
}

FcDelivery *
_fc_delivery_new (gint64            id,
                  const char       *endpoint_id,
                  const char       *event_id,
                  const char       *event_type,
                  const char       *payload,
                  FcDeliveryStatus  status,
                  guint             attempts,
                  guint             last_status_code,
                  const char       *last_error,
                  gint64            next_attempt_ms,
                  gint64            created_ms,
                  gint64            delivered_ms)
{
  FcDelivery *self = g_object_new (FC_TYPE_DELIVERY, NULL);

  self->id = id;
  self->endpoint_id = g_strdup (endpoint_id);
  self->event_id = g_strdup (event_id);
  self->event_type = g_strdup (event_type);
  self->payload = g_strdup (payload);
  self->status = status;
  self->attempts = attempts;
  self->last_status_code = last_status_code;
  self->last_error = g_strdup (last_error);
  self->next_attempt_at = status == FC_DELIVERY_STATUS_PENDING
                          ? date_time_or_null (next_attempt_ms) : NULL;
  self->created_at = date_time_or_null (created_ms);
  self->delivered_at = date_time_or_null (delivered_ms);
  return self;
}

gint64
fc_delivery_get_id (FcDelivery *self)
{
  g_return_val_if_fail (FC_IS_DELIVERY (self), 0);
  return self->id;
}

const char *
fc_delivery_get_endpoint_id (FcDelivery *self)
{
  g_return_val_if_fail (FC_IS_DELIVERY (self), NULL);
  return self->endpoint_id;
}

const char *
fc_delivery_get_event_id (FcDelivery *self)
{
  g_return_val_if_fail (FC_IS_DELIVERY (self), NULL);
  return self->event_id;
}

const char *
fc_delivery_get_event_type (FcDelivery *self)
{
  g_return_val_if_fail (FC_IS_DELIVERY (self), NULL);
  return self->event_type;
}

const char *
fc_delivery_get_payload (FcDelivery *self)
{
  g_return_val_if_fail (FC_IS_DELIVERY (self), NULL);
  return self->payload;
}

char *
fc_delivery_dup_payload_preview (FcDelivery *self)
{
  GString *preview;
  const char *p;
  guint chars = 0;

  g_return_val_if_fail (FC_IS_DELIVERY (self), NULL);

  preview = g_string_new (NULL);
  for (p = self->payload; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (chars == PREVIEW_CHARS)
        {
          g_string_append (preview, "…");
          break;
        }
      /* One line: runs of white space become one space. */
      if (g_unichar_isspace (c))
        {
          if (preview->len > 0 && preview->str[preview->len - 1] != ' ')
            {
              g_string_append_c (preview, ' ');
              chars++;
            }
          continue;
        }
      g_string_append_unichar (preview, c);
      chars++;
    }

  return g_string_free (preview, FALSE);
}

FcDeliveryStatus
fc_delivery_get_status (FcDelivery *self)
{
  g_return_val_if_fail (FC_IS_DELIVERY (self), FC_DELIVERY_STATUS_PENDING);
  return self->status;
}

guint
fc_delivery_get_attempts (FcDelivery *self)
{
  g_return_val_if_fail (FC_IS_DELIVERY (self), 0);
  return self->attempts;
}

guint
fc_delivery_get_last_status_code (FcDelivery *self)
{
  g_return_val_if_fail (FC_IS_DELIVERY (self), 0);
  return self->last_status_code;
}

const char *
fc_delivery_get_last_error (FcDelivery *self)
{
  g_return_val_if_fail (FC_IS_DELIVERY (self), NULL);
  return self->last_error;
}

GDateTime *
fc_delivery_get_next_attempt_at (FcDelivery *self)
{
  g_return_val_if_fail (FC_IS_DELIVERY (self), NULL);
  return self->next_attempt_at;
}

GDateTime *
fc_delivery_get_created_at (FcDelivery *self)
{
  g_return_val_if_fail (FC_IS_DELIVERY (self), NULL);
  return self->created_at;
}

GDateTime *
fc_delivery_get_delivered_at (FcDelivery *self)
{
  g_return_val_if_fail (FC_IS_DELIVERY (self), NULL);
  return self->delivered_at;
}

static void
add_date_time (JsonObject *object,
               const char *name,
               GDateTime  *dt)
{
  g_autofree char *text = dt != NULL ? g_date_time_format_iso8601 (dt) : NULL;

  if (text != NULL)
    json_object_set_string_member (object, name, text);
  else
    json_object_set_null_member (object, name);
}

JsonNode *
fc_delivery_to_json (FcDelivery *self,
                     gboolean    full_payload)
{
  JsonObject *object = json_object_new ();
  JsonNode *node;

  g_return_val_if_fail (FC_IS_DELIVERY (self), NULL);

  json_object_set_int_member (object, "id", self->id);
  json_object_set_string_member (object, "endpointId", self->endpoint_id);
  json_object_set_string_member (object, "eventId", self->event_id);
  json_object_set_string_member (object, "eventType", self->event_type);
  json_object_set_string_member (object, "status", fc_delivery_status_to_string (self->status));
  json_object_set_int_member (object, "attempts", self->attempts);
  if (self->last_status_code > 0)
    json_object_set_int_member (object, "lastStatusCode", self->last_status_code);
  else
    json_object_set_null_member (object, "lastStatusCode");
  if (self->last_error != NULL)
    json_object_set_string_member (object, "lastError", self->last_error);
  else
    json_object_set_null_member (object, "lastError");
  add_date_time (object, "nextAttemptAt", self->next_attempt_at);
  add_date_time (object, "createdAt", self->created_at);
  add_date_time (object, "deliveredAt", self->delivered_at);
  if (full_payload)
    json_object_set_string_member (object, "payload", self->payload);
  else
    {
      g_autofree char *preview = fc_delivery_dup_payload_preview (self);

      json_object_set_string_member (object, "payloadPreview", preview);
    }

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, object);
  return node;
}
