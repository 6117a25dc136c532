/* fc-notifier-types.h: what the outbound webhooks share: errors, statuses, event types, URLs
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define FC_NOTIFIER_ERROR (fc_notifier_error_quark ())

typedef enum {
  FC_NOTIFIER_ERROR_INVALID_URL,        /* not an absolute URL with a host, or it has a user */
  FC_NOTIFIER_ERROR_UNSUPPORTED_SCHEME, /* neither https nor http */
  FC_NOTIFIER_ERROR_INSECURE_URL,       /* http to a host that is not the loopback */
  FC_NOTIFIER_ERROR_UNKNOWN_EVENT_TYPE, /* not one of fc_notifier_get_event_types () */
  FC_NOTIFIER_ERROR_NOT_FOUND,          /* no endpoint or delivery with that id */
  FC_NOTIFIER_ERROR_DISABLED,           /* the endpoint is disabled */
  FC_NOTIFIER_ERROR_NOT_RETRYABLE,      /* the delivery is neither failed nor skipped */
  FC_NOTIFIER_ERROR_KEYRING,            /* the signing secret cannot be made, kept or read */
  FC_NOTIFIER_ERROR_LOCAL_NETWORK,      /* the host is, or resolved to, a non-public address */
} FcNotifierError;

GQuark fc_notifier_error_quark (void);

/* Where a delivery stands:
 * - pending: waiting for its first or next attempt (next_attempt_at says when);
 * - delivered: the endpoint answered 2xx;
 * - failed: every attempt failed; it can be retried by hand;
 * - skipped: the endpoint was disabled when the event happened (or before the delivery was
 *   sent); re-enabling the endpoint with replay sends these. */
typedef enum {
  FC_DELIVERY_STATUS_PENDING,
  FC_DELIVERY_STATUS_DELIVERED,
  FC_DELIVERY_STATUS_FAILED,
  FC_DELIVERY_STATUS_SKIPPED,
} FcDeliveryStatus;

#define FC_TYPE_DELIVERY_STATUS (fc_delivery_status_get_type ())

GType               fc_delivery_status_get_type      (void) G_GNUC_CONST;
/* "pending", "delivered", "failed", "skipped" */
const char         *fc_delivery_status_to_string     (FcDeliveryStatus   status);
gboolean            fc_delivery_status_from_string   (const char        *text,
                                                      FcDeliveryStatus  *out_status);

/* Tries of one delivery in all: the first and three retries. */
#define FC_NOTIFIER_MAX_ATTEMPTS 4
/* This many failed deliveries in a row disable the endpoint. */
#define FC_NOTIFIER_MAX_CONSECUTIVE_FAILURES 10
#define FC_NOTIFIER_DEFAULT_RETRY_BASE_MS 1000
#define FC_NOTIFIER_DEFAULT_TIMEOUT_MS 10000

#define FC_NOTIFIER_SIGNATURE_HEADER "X-FluxCascade-Signature"
#define FC_NOTIFIER_TIMESTAMP_HEADER "X-FluxCascade-Timestamp"
#define FC_NOTIFIER_TIMESTAMP_SIGNATURE_HEADER "X-FluxCascade-Timestamp-Signature"
#define FC_NOTIFIER_EVENT_ID_HEADER "X-FluxCascade-Event-Id"
#define FC_NOTIFIER_EVENT_TYPE_HEADER "X-FluxCascade-Event-Type"

/* The signing secrets' prefix; the rest is 32 random bytes in unpadded base64url. */
#define FC_NOTIFIER_SECRET_PREFIX "whsec_"
#define FC_NOTIFIER_ENDPOINT_ID_PREFIX "wh_"

/* The event types of the webhooks API document, in its order, NULL-terminated. */
const char * const *fc_notifier_get_event_types     (void);
gboolean            fc_notifier_is_event_type       (const char          *type);
/* Each must be an event type; NULL or empty means every event type. */
gboolean            fc_notifier_check_event_types   (const char * const *types,
                                                     GError            **error);

/* An endpoint's URL must be https, or http to the loopback (localhost, 127.0.0.0/8, ::1); it
 * may not carry a user name or password, and a host written as an address (in any form a
 * resolver accepts: 10.1, 0x0a000001, [::ffff:10.0.0.1] ...) must pass
 * fc_notifier_check_address (). Host names are checked when a delivery connects. */
gboolean            fc_notifier_check_url           (const char         *url,
                                                     GError            **error);
/* Whether deliveries may go to @address: a public address or the loopback. Private,
 * link-local, unique-local, shared (CGNAT), multicast, unspecified, broadcast, reserved and
 * documentation ranges fail with FC_NOTIFIER_ERROR_LOCAL_NETWORK; an IPv6 address that embeds
 * an IPv4 one (mapped, compatible, NAT64, 6to4) is judged by the IPv4 address. */
gboolean            fc_notifier_check_address       (GInetAddress       *address,
                                                     GError            **error);

/* "sha256=" and the lowercase hex HMAC-SHA256 of @data with @secret as the key. */
char               *fc_notifier_sign                (const char         *secret,
                                                     const char         *data,
                                                     gsize               length);

G_END_DECLS
