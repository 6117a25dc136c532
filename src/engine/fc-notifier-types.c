/* fc-notifier-types.c: what the outbound webhooks share: errors, statuses, event types, URLs
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-notifier"

#include "config.h"

#include <string.h>
#include <arpa/inet.h>
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

/* ---- addresses ---------------------------------------------------------------------------- */

typedef enum {
  ADDRESS_PUBLIC,
  ADDRESS_LOOPBACK,
  ADDRESS_PRIVATE,
  ADDRESS_LINK_LOCAL,
  ADDRESS_UNIQUE_LOCAL,
  ADDRESS_SHARED,
  ADDRESS_MULTICAST,
  ADDRESS_UNSPECIFIED,
  ADDRESS_RESERVED,
} AddressKind;

typedef struct {
  guint8      bytes[16];
  guint       prefix;
  AddressKind kind;
} AddressRange;

/* What is not reachable on the internet (RFC 6890 and the IANA special-purpose registries). */
static const AddressRange ipv4_ranges[] = {
  { { 0 }, 8, ADDRESS_UNSPECIFIED },              /* "this network"; 0.0.0.0 is this host */
  { { 10 }, 8, ADDRESS_PRIVATE },
  { { 100, 64 }, 10, ADDRESS_SHARED },            /* carrier-grade NAT */
  { { 127 }, 8, ADDRESS_LOOPBACK },
  { { 169, 254 }, 16, ADDRESS_LINK_LOCAL },
  { { 172, 16 }, 12, ADDRESS_PRIVATE },
  { { 192, 0, 0 }, 24, ADDRESS_RESERVED },        /* IETF protocol assignments */
  { { 192, 0, 2 }, 24, ADDRESS_RESERVED },        /* documentation */
  { { 192, 168 }, 16, ADDRESS_PRIVATE },
  { { 198, 18 }, 15, ADDRESS_RESERVED },          /* benchmarking */
  { { 198, 51, 100 }, 24, ADDRESS_RESERVED },     /* documentation */
  { { 203, 0, 113 }, 24, ADDRESS_RESERVED },      /* documentation */
  { { 224 }, 4, ADDRESS_MULTICAST },
  { { 240 }, 4, ADDRESS_RESERVED },               /* future use and the broadcast address */
};

static const AddressRange ipv6_ranges[] = {
  { { 0 }, 128, ADDRESS_UNSPECIFIED },
  { { [15] = 1 }, 128, ADDRESS_LOOPBACK },
  { { 0x01 }, 64, ADDRESS_RESERVED },             /* discard-only */
  { { 0x20, 0x01, 0x0d, 0xb8 }, 32, ADDRESS_RESERVED }, /* documentation */
  { { 0xfc }, 7, ADDRESS_UNIQUE_LOCAL },
  { { 0xfe, 0x80 }, 10, ADDRESS_LINK_LOCAL },
  { { 0xfe, 0xc0 }, 10, ADDRESS_PRIVATE },        /* site-local, deprecated */
  { { 0xff }, 8, ADDRESS_MULTICAST },
};

static gboolean
has_prefix (const guint8 *bytes,
            const guint8 *prefix,
            guint         bits)
{
  guint whole = bits / 8;
  guint8 mask = (guint8) (0xff << (8 - bits % 8));

  if (memcmp (bytes, prefix, whole) != 0)
    return FALSE;
  return bits % 8 == 0 || (bytes[whole] & mask) == (prefix[whole] & mask);
}

static AddressKind
classify_in (const AddressRange *ranges,
             gsize               n_ranges,
             const guint8       *bytes)
{
  for (gsize i = 0; i < n_ranges; i++)
    if (has_prefix (bytes, ranges[i].bytes, ranges[i].prefix))
      return ranges[i].kind;
  return ADDRESS_PUBLIC;
}

static AddressKind
classify_ipv6 (const guint8 *bytes)
{
  static const guint8 mapped[12] = { [10] = 0xff, [11] = 0xff };
  static const guint8 nat64[12] = { 0x00, 0x64, 0xff, 0x9b };
  static const guint8 six_to_four[2] = { 0x20, 0x02 };
  static const guint8 zero[12] = { 0 };
  AddressKind kind = classify_in (ipv6_ranges, G_N_ELEMENTS (ipv6_ranges), bytes);

  if (kind != ADDRESS_PUBLIC && kind != ADDRESS_RESERVED)
    return kind;

  /* Forms that carry an IPv4 address, which is where the packets end up: mapped
   * (::ffff:a.b.c.d), compatible (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d) and 6to4
   * (2002:AABB:CCDD::). */
  if (memcmp (bytes, mapped, 12) == 0 || memcmp (bytes, zero, 12) == 0 ||
      memcmp (bytes, nat64, 12) == 0)
    return classify_in (ipv4_ranges, G_N_ELEMENTS (ipv4_ranges), bytes + 12);
  if (memcmp (bytes, six_to_four, 2) == 0)
    return classify_in (ipv4_ranges, G_N_ELEMENTS (ipv4_ranges), bytes + 2);
  return kind;
}

static AddressKind
classify_address (GInetAddress *address)
{
  const guint8 *bytes = g_inet_address_to_bytes (address);

  if (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV4)
    return classify_in (ipv4_ranges, G_N_ELEMENTS (ipv4_ranges), bytes);
  return classify_ipv6 (bytes);
}

static const char *
describe_kind (AddressKind kind)
{
  switch (kind)
    {
    case ADDRESS_PRIVATE:
      return _("a private network address");
    case ADDRESS_LINK_LOCAL:
      return _("a link-local address");
    case ADDRESS_UNIQUE_LOCAL:
      return _("a unique local IPv6 address");
    case ADDRESS_SHARED:
      return _("a carrier-grade NAT address");
    case ADDRESS_MULTICAST:
      return _("a multicast address");
    case ADDRESS_UNSPECIFIED:
      return _("an unspecified address");
    case ADDRESS_RESERVED:
    case ADDRESS_PUBLIC:
    case ADDRESS_LOOPBACK:
    default:
      return _("a reserved or documentation address");
    }
}

gboolean
fc_notifier_check_address (GInetAddress  *address,
                           GError       **error)
{
  AddressKind kind;
  g_autofree char *text = NULL;

  g_return_val_if_fail (G_IS_INET_ADDRESS (address), FALSE);

  kind = classify_address (address);
  if (kind == ADDRESS_PUBLIC || kind == ADDRESS_LOOPBACK)
    return TRUE;

  text = g_inet_address_to_string (address);
  g_set_error (error, FC_NOTIFIER_ERROR, FC_NOTIFIER_ERROR_LOCAL_NETWORK,
               _("“%s” is %s, not a public address; endpoints must be on the internet or on "
                 "this computer"), text, describe_kind (kind));
  return FALSE;
}

/* The address @host stands for when it is written as one: an IPv4 or IPv6 address (with an
 * IPv6 zone or a final dot), or one of the short, hexadecimal, octal and decimal IPv4 forms
 * that resolvers accept (10.1, 0x0a000001, 012.0.0.1, 167772161). NULL for a name. */
static GInetAddress *
parse_host_address (const char *host)
{
  g_autofree char *text = g_strdup (host);
  char *zone = strchr (text, '%');
  struct in_addr ipv4;
  GInetAddress *address;
  gsize length;

  if (zone != NULL)
    *zone = '\0';
  length = strlen (text);
  if (length > 1 && text[length - 1] == '.')
    text[length - 1] = '\0';

  address = g_inet_address_new_from_string (text);
  if (address != NULL)
    return address;
  if (inet_aton (text, &ipv4) != 0)
    return g_inet_address_new_from_bytes ((const guint8 *) &ipv4.s_addr, G_SOCKET_FAMILY_IPV4);
  return NULL;
}

/* "localhost", an IPv4 address in 127.0.0.0/8, or ::1. Names other than "localhost" are not
 * resolved: what a name points to can change after the check. */
static gboolean
is_loopback_host (const char *host)
{
  g_autoptr (GInetAddress) address = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = parse_host_address (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

gboolean
fc_notifier_check_url (const char  *url,
                       GError     **error)
{
  g_autoptr (GUri) uri = NULL;
  g_autoptr (GError) parse_error = NULL;
  g_autoptr (GError) address_error = NULL;
  g_autoptr (GInetAddress) address = NULL;
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
  address = parse_host_address (host);
  if (address != NULL && !fc_notifier_check_address (address, &address_error))
    {
      g_set_error (error, FC_NOTIFIER_ERROR, FC_NOTIFIER_ERROR_LOCAL_NETWORK,
                   _("The endpoint URL “%s” is refused: %s"), url, address_error->message);
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
