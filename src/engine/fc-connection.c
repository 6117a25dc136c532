/* fc-connection.c: an account on one provider that mappings read from and write to
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-connection"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-connection.h"
#include "fc-enum-types.h"

struct _FcConnection
{
  GObject             parent_instance;

  char               *id;
  FcProvider          provider;
  FcConnectionStatus  status;
  char               *account_name;
  char               *account_id;
  char               *api_base_url;
  char               *auth_base_url;
  GDateTime          *created_at;
  GDateTime          *updated_at;
};

G_DEFINE_FINAL_TYPE (FcConnection, fc_connection, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_PROVIDER,
  PROP_STATUS,
  PROP_ACCOUNT_NAME,
  PROP_ACCOUNT_ID,
  PROP_API_BASE_URL,
  PROP_AUTH_BASE_URL,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
generate_id (void)
{
  g_autofree char *uuid = g_uuid_string_random ();
  GString *id = g_string_new (FC_CONNECTION_ID_PREFIX);

  for (const char *p = uuid; *p != '\0'; p++)
    if (*p != '-')
      g_string_append_c (id, *p);

  return g_string_free (id, FALSE);
}

/* Replaces *@field with @value when they differ and notifies @pspec. */
static void
update_string (FcConnection  *self,
               char         **field,
               const char    *value,
               GParamSpec    *pspec)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

static gboolean
date_times_equal (GDateTime *a,
                  GDateTime *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_date_time_equal (a, b);
}

static void
update_date_time (FcConnection  *self,
                  GDateTime    **field,
                  GDateTime     *value,
                  GParamSpec    *pspec)
{
  if (date_times_equal (*field, value))
    return;

  g_clear_pointer (field, g_date_time_unref);
  if (value != NULL)
    *field = g_date_time_ref (value);
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

static void
fc_connection_finalize (GObject *object)
{
  FcConnection *self = (FcConnection *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->account_name, g_free);
  g_clear_pointer (&self->account_id, g_free);
  g_clear_pointer (&self->api_base_url, g_free);
  g_clear_pointer (&self->auth_base_url, g_free);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->updated_at, g_date_time_unref);

  G_OBJECT_CLASS (fc_connection_parent_class)->finalize (object);
}

static void
fc_connection_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  FcConnection *self = FC_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_PROVIDER:
      g_value_set_enum (value, self->provider);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_ACCOUNT_NAME:
      g_value_set_string (value, self->account_name);
      break;
    case PROP_ACCOUNT_ID:
      g_value_set_string (value, self->account_id);
      break;
    case PROP_API_BASE_URL:
      g_value_set_string (value, self->api_base_url);
      break;
    case PROP_AUTH_BASE_URL:
      g_value_set_string (value, self->auth_base_url);
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
fc_connection_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  FcConnection *self = FC_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_ID:
      fc_connection_set_id (self, g_value_get_string (value));
      break;
    case PROP_PROVIDER:
      fc_connection_set_provider (self, g_value_get_enum (value));
      break;
    case PROP_STATUS:
      fc_connection_set_status (self, g_value_get_enum (value));
      break;
    case PROP_ACCOUNT_NAME:
      fc_connection_set_account_name (self, g_value_get_string (value));
      break;
    case PROP_ACCOUNT_ID:
      fc_connection_set_account_id (self, g_value_get_string (value));
      break;
    case PROP_API_BASE_URL:
      fc_connection_set_api_base_url (self, g_value_get_string (value));
      break;
    case PROP_AUTH_BASE_URL:
      fc_connection_set_auth_base_url (self, g_value_get_string (value));
      break;
    case PROP_CREATED_AT:
      fc_connection_set_created_at (self, g_value_get_boxed (value));
      break;
    case PROP_UPDATED_AT:
      fc_connection_set_updated_at (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_connection_class_init (FcConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = fc_connection_finalize;
  object_class->get_property = fc_connection_get_property;
  object_class->set_property = fc_connection_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_PROVIDER] =
    g_param_spec_enum ("provider", NULL, NULL,
                       FC_TYPE_PROVIDER, FC_PROVIDER_HUBSPOT, flags);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL,
                       FC_TYPE_CONNECTION_STATUS, FC_CONNECTION_STATUS_ACTIVE, flags);
  properties[PROP_ACCOUNT_NAME] =
    g_param_spec_string ("account-name", NULL, NULL, NULL, flags);
  properties[PROP_ACCOUNT_ID] =
    g_param_spec_string ("account-id", NULL, NULL, NULL, flags);
  properties[PROP_API_BASE_URL] =
    g_param_spec_string ("api-base-url", NULL, NULL, NULL, flags);
  properties[PROP_AUTH_BASE_URL] =
    g_param_spec_string ("auth-base-url", NULL, NULL, NULL, flags);
  properties[PROP_CREATED_AT] =
    g_param_spec_boxed ("created-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_UPDATED_AT] =
    g_param_spec_boxed ("updated-at", NULL, NULL, G_TYPE_DATE_TIME, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fc_connection_init (FcConnection *self)
{
  self->provider = FC_PROVIDER_HUBSPOT;
  self->status = FC_CONNECTION_STATUS_ACTIVE;
}

FcConnection *
fc_connection_new (FcProvider provider)
{
  g_autofree char *id = generate_id ();

  return g_object_new (FC_TYPE_CONNECTION,
                       "id", id,
                       "provider", provider,
                       NULL);
}

FcConnection *
fc_connection_copy (FcConnection *self)
{
  g_return_val_if_fail (FC_IS_CONNECTION (self), NULL);

  return g_object_new (FC_TYPE_CONNECTION,
                       "id", self->id,
                       "provider", self->provider,
                       "status", self->status,
                       "account-name", self->account_name,
                       "account-id", self->account_id,
                       "api-base-url", self->api_base_url,
                       "auth-base-url", self->auth_base_url,
                       "created-at", self->created_at,
                       "updated-at", self->updated_at,
                       NULL);
}

const char *
fc_connection_get_id (FcConnection *self)
{
  g_return_val_if_fail (FC_IS_CONNECTION (self), NULL);
  return self->id;
}

void
fc_connection_set_id (FcConnection *self,
                      const char   *id)
{
  g_return_if_fail (FC_IS_CONNECTION (self));
  update_string (self, &self->id, id, properties[PROP_ID]);
}

FcProvider
fc_connection_get_provider (FcConnection *self)
{
  g_return_val_if_fail (FC_IS_CONNECTION (self), FC_PROVIDER_HUBSPOT);
  return self->provider;
}

void
fc_connection_set_provider (FcConnection *self,
                            FcProvider    provider)
{
  g_return_if_fail (FC_IS_CONNECTION (self));

  if (self->provider == provider)
    return;
  self->provider = provider;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROVIDER]);
}

FcConnectionStatus
fc_connection_get_status (FcConnection *self)
{
  g_return_val_if_fail (FC_IS_CONNECTION (self), FC_CONNECTION_STATUS_ACTIVE);
  return self->status;
}

void
fc_connection_set_status (FcConnection       *self,
                          FcConnectionStatus  status)
{
  g_return_if_fail (FC_IS_CONNECTION (self));

  if (self->status == status)
    return;
  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

const char *
fc_connection_get_account_name (FcConnection *self)
{
  g_return_val_if_fail (FC_IS_CONNECTION (self), NULL);
  return self->account_name;
}

void
fc_connection_set_account_name (FcConnection *self,
                                const char   *account_name)
{
  g_return_if_fail (FC_IS_CONNECTION (self));
  update_string (self, &self->account_name, account_name, properties[PROP_ACCOUNT_NAME]);
}

const char *
fc_connection_get_account_id (FcConnection *self)
{
  g_return_val_if_fail (FC_IS_CONNECTION (self), NULL);
  return self->account_id;
}

void
fc_connection_set_account_id (FcConnection *self,
                              const char   *account_id)
{
  g_return_if_fail (FC_IS_CONNECTION (self));
  update_string (self, &self->account_id, account_id, properties[PROP_ACCOUNT_ID]);
}

const char *
fc_connection_get_api_base_url (FcConnection *self)
{
  g_return_val_if_fail (FC_IS_CONNECTION (self), NULL);
  return self->api_base_url;
}

void
fc_connection_set_api_base_url (FcConnection *self,
                                const char   *api_base_url)
{
  g_return_if_fail (FC_IS_CONNECTION (self));
  update_string (self, &self->api_base_url, api_base_url, properties[PROP_API_BASE_URL]);
}

const char *
fc_connection_get_auth_base_url (FcConnection *self)
{
  g_return_val_if_fail (FC_IS_CONNECTION (self), NULL);
  return self->auth_base_url;
}

void
fc_connection_set_auth_base_url (FcConnection *self,
                                 const char   *auth_base_url)
{
  g_return_if_fail (FC_IS_CONNECTION (self));
  update_string (self, &self->auth_base_url, auth_base_url, properties[PROP_AUTH_BASE_URL]);
}

GDateTime *
fc_connection_get_created_at (FcConnection *self)
{
  g_return_val_if_fail (FC_IS_CONNECTION (self), NULL);
  return self->created_at;
}

void
fc_connection_set_created_at (FcConnection *self,
                              GDateTime    *created_at)
{
  g_return_if_fail (FC_IS_CONNECTION (self));
  update_date_time (self, &self->created_at, created_at, properties[PROP_CREATED_AT]);
}

GDateTime *
fc_connection_get_updated_at (FcConnection *self)
{
  g_return_val_if_fail (FC_IS_CONNECTION (self), NULL);
  return self->updated_at;
}

void
fc_connection_set_updated_at (FcConnection *self,
                              GDateTime    *updated_at)
{
  g_return_if_fail (FC_IS_CONNECTION (self));
  update_date_time (self, &self->updated_at, updated_at, properties[PROP_UPDATED_AT]);
}

char *
fc_connection_dup_title (FcConnection *self)
{
  const char *account;

  g_return_val_if_fail (FC_IS_CONNECTION (self), NULL);

  if (self->account_name != NULL && self->account_name[0] != '\0')
    account = self->account_name;
  else if (self->account_id != NULL && self->account_id[0] != '\0')
    account = self->account_id;
  else
    account = self->id;

  /* Translators: a connection's title: provider name, a middle dot, the account name */
  return g_strdup_printf (_("%s · %s"),
                          fc_provider_get_display_name (self->provider),
                          account != NULL ? account : "");
}
