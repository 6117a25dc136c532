/* fc-notifier-types.c: what the outbound webhooks share: errors, statuses, event types, URLs
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-notifier"

#include "config.h"

#include <string.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "fc-notifier-types.h"

G_DEFINE_QUARK (fc-notifier-error-quark, fc_notifier_error)

G_DEFINE_ENUM_TYPE (FcDeliveryStatus, fc_delivery_status,
  G_DEFINE_ENUM_VALUE (FC_DELIVERY_STATUS_PENDING, "pending"),
  G_DEFINE_ENUM_VALUE (FC_DELIVERY_STATUS_DELIVERED, "delivered"),
  G_DEFINE_ENUM_VALUE (FC_DELIVERY_STATUS_FAILED, "failed"),
  G_DEFINE_ENUM_VALUE (FC_DELIVERY_STATUS_SKIPPED, "skipped"))

static const char * const status_names[] = {
  [FC_DELIVERY_STATUS_PENDING] = "pending",
  [FC_DELIVERY_STATUS_DELIVERED] = "delivered",
  [FC_DELIVERY_STATUS_FAILED] = "failed",
  [FC_DELIVERY_STATUS_SKIPPED] = "skipped",
};

const char *
fc_delivery_status_to_string (FcDeliveryStatus status)
{
  g_return_val_if_fail ((guint) status < G_N_ELEMENTS (status_names), NULL);
  return status_names[status];
}

gboolean
fc_delivery_status_from_string (const char       *text,
                                FcDeliveryStatus *out_status)
{
  for (guint i = 0; i < G_N_ELEMENTS (status_names); i++)
    if (g_strcmp0 (text, status_names[i]) == 0)
      {
        *out_status = i;
        return TRUE;
      }
  return FALSE;
}

/* As the webhooks API document lists them. */
static const char * const event_types[] = {
  "sync.started",
  "sync.completed",
  "sync.failed",
  "sync.partial",
  "record.created",
  "record.updated",
  "record.error",
  "connection.created",
  "connection.refreshed",
  "connection.expired",
  "connection.deleted",
  "mapping.created",
  "mapping.updated",
  "mapping.deleted",
  "mapping.activated",
  "mapping.deactivated",
  NULL
};

const char * const *
fc_notifier_get_event_types (void)
{
  return event_types;
}

gboolean
fc_notifier_is_event_type (const char *type)
{
  return type != NULL && g_strv_contains (event_types, type);
}

gboolean
fc_notifier_check_event_types (const char * const  *types,
                               GError             **error)
{
  for (guint i = 0; types != NULL && types[i] != NULL; i++)
    if (!fc_notifier_is_event_type (types[i]))
      {
        g_autofree char *known = g_strjoinv (", ", (char **) event_types);

        g_set_error (error, FC_NOTIFIER_ERROR, FC_NOTIFIER_ERROR_UNKNOWN_EVENT_TYPE,
                     _("“%s” is not an event type; expected one of: %s"), types[i], known);
        return FALSE;
      }
  return TRUE;
}

/* "localhost", an IPv4 address in 127.0.0.0/8, or ::1. Names other than "localhost" are not
 * resolved: what a name points to can change after the check. */
static gboolean
is_loopback_host (const char *host)
{
  g_autoptr (GInetAddress) address = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

gboolean
fc_notifier_check_url (const char  *url,
                       GError     **error)
{
  g_autoptr (GUri) uri = NULL;
  g_autoptr (GError) parse_error = NULL;
  const char *scheme;
  const char *host;

  if (url == NULL || *url == '\0')
    {
      g_set_error_literal (error, FC_NOTIFIER_ERROR, FC_NOTIFIER_ERROR_INVALID_URL,
                           _("The endpoint URL is empty; expected an https:// address"));
      return FALSE;
    }

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, &parse_error);
  if (uri == NULL)
    {
      g_set_error (error, FC_NOTIFIER_ERROR, FC_NOTIFIER_ERROR_INVALID_URL,
                   _("“%s” is not a URL: %s"), url, parse_error->message);
      return FALSE;
    }

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  if (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0)
    {
      g_set_error (error, FC_NOTIFIER_ERROR, FC_NOTIFIER_ERROR_UNSUPPORTED_SCHEME,
                   _("The endpoint URL “%s” uses “%s:”; expected https:// (or http:// to this "
                     "computer only)"), url, scheme);
      return FALSE;
    }
  if (host == NULL || *host == '\0')
    {
      g_set_error (error, FC_NOTIFIER_ERROR, FC_NOTIFIER_ERROR_INVALID_URL,
                   _("The endpoint URL “%s” has no host name"), url);
      return FALSE;
    }
  if (g_uri_get_userinfo (uri) != NULL)
    {
      /* Credentials in the URL would be kept in plain text in the database. */
      g_set_error_literal (error, FC_NOTIFIER_ERROR, FC_NOTIFIER_ERROR_INVALID_URL,
                           _("The endpoint URL may not contain a user name or password; the "
                             "signature proves who is calling"));
      return FALSE;
    }
  if (g_ascii_strcasecmp (scheme, "http") == 0 && !is_loopback_host (host))
    {
      g_set_error (error, FC_NOTIFIER_ERROR, FC_NOTIFIER_ERROR_INSECURE_URL,
                   _("The endpoint URL “%s” uses plain http to “%s”; use https, or http only to "
                     "this computer (localhost, 127.0.0.1 or ::1)"), url, host);
      return FALSE;
    }

  return TRUE;
}

char *
fc_notifier_sign (const char *secret,
                  const char *data,
                  gsize       length)
{
  g_autoptr (GHmac) hmac = NULL;

  g_return_val_if_fail (secret != NULL, NULL);

  hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *) secret, strlen (secret));
  g_hmac_update (hmac, (const guchar *) data, length);
  return g_strconcat ("sha256=", g_hmac_get_string (hmac), NULL);
}
