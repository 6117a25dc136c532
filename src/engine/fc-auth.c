/* fc-auth.c: the FcAuth object, its errors and the OAuth client credentials
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-auth"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "fc-auth-private.h"

#define HTTP_TIMEOUT_SECONDS 30

/* ---- errors ---------------------------------------------------------------------------- */

typedef struct {
  char  *provider_error;
  char  *provider_description;
  guint  http_status;
} FcAuthErrorPrivate;

static void
fc_auth_error_private_init (FcAuthErrorPrivate *priv)
{
}

static void
fc_auth_error_private_copy (const FcAuthErrorPrivate *src,
                            FcAuthErrorPrivate       *dest)
{
  dest->provider_error = g_strdup (src->provider_error);
  dest->provider_description = g_strdup (src->provider_description);
  dest->http_status = src->http_status;
}

static void
fc_auth_error_private_clear (FcAuthErrorPrivate *priv)
{
  g_clear_pointer (&priv->provider_error, g_free);
  g_clear_pointer (&priv->provider_description, g_free);
}

G_DEFINE_EXTENDED_ERROR (FcAuthError, fc_auth_error)

const char *
fc_auth_error_get_provider_error (const GError *error)
{
  if (error == NULL || error->domain != FC_AUTH_ERROR)
    return NULL;
  return fc_auth_error_get_private (error)->provider_error;
}

const char *
fc_auth_error_get_provider_description (const GError *error)
{
  if (error == NULL || error->domain != FC_AUTH_ERROR)
    return NULL;
  return fc_auth_error_get_private (error)->provider_description;
}

guint
fc_auth_error_get_http_status (const GError *error)
{
  if (error == NULL || error->domain != FC_AUTH_ERROR)
    return 0;
  return fc_auth_error_get_private (error)->http_status;
}

GError *
_fc_auth_error_new (FcAuthError  code,
                    const char  *provider_error,
                    const char  *provider_description,
                    guint        http_status,
                    const char  *format,
                    ...)
{
  FcAuthErrorPrivate *priv;
  GError *error;
  va_list args;

  va_start (args, format);
  error = g_error_new_valist (FC_AUTH_ERROR, code, format, args);
  va_end (args);

  priv = fc_auth_error_get_private (error);
  priv->provider_error = g_strdup (provider_error);
  priv->provider_description = g_strdup (provider_description);
  priv->http_status = http_status;
  return error;
}

GError *
_fc_auth_error_recode (const GError *error,
              FcAuthError   code)
{
  return _fc_auth_error_new (code, fc_auth_error_get_provider_error (error),
                             fc_auth_error_get_provider_description (error),
                             fc_auth_error_get_http_status (error), "%s", error->message);
}

/* ---- client credentials ---------------------------------------------------------------- */

void
_fc_auth_client_clear (FcAuthClient *client)
{
  g_clear_pointer (&client->id, g_free);
  if (client->secret != NULL)
    {
      memset (client->secret, 0, strlen (client->secret));
      g_clear_pointer (&client->secret, g_free);
    }
  client->own = FALSE;
}

gboolean
_fc_auth_client_resolve (FcAuthClient  *client,
                         FcProvider     provider,
                         const char    *own_id,
                         const char    *own_secret,
                         GError       **error)
{
  const FcProviderInfo *info = fc_provider_info_get (provider);

  _fc_auth_client_clear (client);

  if (own_id != NULL && *own_id != '\0')
    {
      if (own_secret == NULL || *own_secret == '\0')
        {
          g_set_error (error, FC_AUTH_ERROR, FC_AUTH_ERROR_CONFIG,
                       _("The own %s app of this connection has a client id but no client "
                         "secret"), info->display_name);
          return FALSE;
        }
      client->id = g_strdup (own_id);
      client->secret = g_strdup (own_secret);
      client->own = TRUE;
      return TRUE;
    }

  client->id = fc_provider_resolve_client_id (provider);
  client->secret = fc_provider_resolve_client_secret (provider);
  if (client->id == NULL || client->secret == NULL)
    {
      const char *what = client->id == NULL ? "ID" : "SECRET";

      g_set_error (error, FC_AUTH_ERROR, FC_AUTH_ERROR_CONFIG,
                   /* Translators: "No OAuth client ID is configured for HubSpot: build with
                    * -Dhubspot_client_id=… or set FLUXCASCADE_HUBSPOT_CLIENT_ID" */
                   _("No OAuth client %s is configured for %s: build with -D%s_client_%s=… "
                     "or set FLUXCASCADE_%s_CLIENT_%s, or use your own app’s credentials"),
                   what, info->display_name, info->name,
                   client->id == NULL ? "id" : "secret", info->env_name, what);
      _fc_auth_client_clear (client);
      return FALSE;
    }

  return TRUE;
}

/* ---- the object ------------------------------------------------------------------------ */

G_DEFINE_FINAL_TYPE (FcAuth, fc_auth, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SECRETS,
  PROP_REFRESH_MARGIN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_CONNECTION_EXPIRED,
  SIGNAL_CONNECTION_REFRESHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
fc_auth_dispose (GObject *object)
{
  _fc_auth_cache_stop_timers (FC_AUTH (object));

  G_OBJECT_CLASS (fc_auth_parent_class)->dispose (object);
}

static void
fc_auth_finalize (GObject *object)
{
  FcAuth *self = FC_AUTH (object);

  g_clear_pointer (&self->entries, g_hash_table_unref);
  g_clear_object (&self->session);
  g_clear_object (&self->secrets);

  G_OBJECT_CLASS (fc_auth_parent_class)->finalize (object);
}

static void
fc_auth_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  FcAuth *self = FC_AUTH (object);

  switch (prop_id)
    {
    case PROP_SECRETS:
      g_value_set_object (value, self->secrets);
      break;
    case PROP_REFRESH_MARGIN:
      g_value_set_uint (value, self->refresh_margin);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_auth_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  FcAuth *self = FC_AUTH (object);

  switch (prop_id)
    {
    case PROP_SECRETS:
      self->secrets = g_value_dup_object (value);
      break;
    case PROP_REFRESH_MARGIN:
      fc_auth_set_refresh_margin (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_auth_class_init (FcAuthClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fc_auth_dispose;
  object_class->finalize = fc_auth_finalize;
  object_class->get_property = fc_auth_get_property;
  object_class->set_property = fc_auth_set_property;

  properties[PROP_SECRETS] =
    g_param_spec_object ("secrets", NULL, NULL, FC_TYPE_SECRETS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REFRESH_MARGIN] =
    g_param_spec_uint ("refresh-margin", NULL, NULL,
                       0, G_MAXUINT, FC_AUTH_DEFAULT_REFRESH_MARGIN_SECONDS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_CONNECTION_EXPIRED] =
    g_signal_new ("connection-expired", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, FC_TYPE_CONNECTION);
  signals[SIGNAL_CONNECTION_REFRESHED] =
    g_signal_new ("connection-refreshed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, FC_TYPE_CONNECTION);
}

static void
fc_auth_init (FcAuth *self)
{
  g_autofree char *user_agent = g_strdup_printf ("FluxCascade/%s", PACKAGE_VERSION);

  self->refresh_margin = FC_AUTH_DEFAULT_REFRESH_MARGIN_SECONDS;
  self->entries = _fc_auth_cache_new ();
  self->session = soup_session_new_with_options ("timeout", HTTP_TIMEOUT_SECONDS,
                                                 "user-agent", user_agent,
                                                 NULL);
}

FcAuth *
fc_auth_new (FcSecrets *secrets)
{
  g_return_val_if_fail (FC_IS_SECRETS (secrets), NULL);

  return g_object_new (FC_TYPE_AUTH, "secrets", secrets, NULL);
}

FcSecrets *
fc_auth_get_secrets (FcAuth *self)
{
  g_return_val_if_fail (FC_IS_AUTH (self), NULL);
  return self->secrets;
}

guint
fc_auth_get_refresh_margin (FcAuth *self)
{
  g_return_val_if_fail (FC_IS_AUTH (self), 0);
  return self->refresh_margin;
}

void
fc_auth_set_refresh_margin (FcAuth *self,
                            guint   seconds)
{
  g_return_if_fail (FC_IS_AUTH (self));

  if (self->refresh_margin == seconds)
    return;

  self->refresh_margin = seconds;
  _fc_auth_cache_reschedule (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFRESH_MARGIN]);
}

void
_fc_auth_emit_connection_expired (FcAuth       *self,
                                  FcConnection *connection)
{
  g_signal_emit (self, signals[SIGNAL_CONNECTION_EXPIRED], 0, connection);
}

void
_fc_auth_emit_connection_refreshed (FcAuth       *self,
                                    FcConnection *connection)
{
  g_signal_emit (self, signals[SIGNAL_CONNECTION_REFRESHED], 0, connection);
}

SoupSession *
_fc_auth_get_session (FcAuth *self)
{
  return self->session;
}

FcToken *
fc_auth_make_static_token (FcProvider   provider,
                           const char  *token,
                           GError     **error)
{
  const FcProviderInfo *info = fc_provider_info_get (provider);

  g_return_val_if_fail (info != NULL, NULL);

  if (!info->supports_static_token)
    {
      g_set_error (error, FC_AUTH_ERROR, FC_AUTH_ERROR_CONFIG,
                   _("%s has no personal or private-app tokens: sign in through the browser"),
                   info->display_name);
      return NULL;
    }
  if (token == NULL || *token == '\0')
    {
      g_set_error (error, FC_AUTH_ERROR, FC_AUTH_ERROR_CONFIG,
                   _("The %s %s is empty"), info->display_name,
                   g_dgettext (GETTEXT_PACKAGE, info->static_token_label));
      return NULL;
    }
  if (!g_utf8_validate (token, -1, NULL))
    {
      g_set_error (error, FC_AUTH_ERROR, FC_AUTH_ERROR_CONFIG,
                   _("The %s %s is not valid text"), info->display_name,
                   g_dgettext (GETTEXT_PACKAGE, info->static_token_label));
      return NULL;
    }
  for (const char *p = token; *p != '\0'; p++)
    if (g_ascii_isspace (*p) || g_ascii_iscntrl (*p))
      {
        /* Offsets only: the token itself must not reach a message. */
        g_set_error (error, FC_AUTH_ERROR, FC_AUTH_ERROR_CONFIG,
                     _("The %s %s contains a space or control character at position %u; "
                       "paste the token alone"), info->display_name,
                     g_dgettext (GETTEXT_PACKAGE, info->static_token_label),
                     (guint) (p - token) + 1);
        return NULL;
      }

  return fc_token_new_static (token);
}

