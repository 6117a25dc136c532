/* fc-hubspot-connector.h: HubSpot CRM v3 (contacts, companies, deals)
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "fc-connector.h"

G_BEGIN_DECLS

#define FC_TYPE_HUBSPOT_CONNECTOR (fc_hubspot_connector_get_type ())

/* The class is only created through fc_connector_new (); its structures are private
 * (fc-hubspot-connector-private.h). */
GType     fc_hubspot_connector_get_type (void) G_GNUC_CONST;

/* Webhook signatures as HubSpot computes them (reference: provider-apis.md 1.11).
 * v1: hex SHA-256 of secret + body; v2: hex SHA-256 of secret + method + URI + body;
 * v3: base64 HMAC-SHA256 keyed with the secret over method + URI + body + timestamp, where the
 * URI has HubSpot's list of percent-escapes decoded first. */
char     *fc_hubspot_signature_v1      (const char         *secret,
                                        GBytes             *body);
char     *fc_hubspot_signature_v2      (const char         *secret,
                                        const char         *method,
                                        const char         *uri,
                                        GBytes             *body);
char     *fc_hubspot_signature_v3      (const char         *secret,
                                        const char         *method,
                                        const char         *uri,
                                        GBytes             *body,
                                        const char         *timestamp);

/* Checks the signature headers of a delivery at the time @now_ms (epoch milliseconds): v3 when
 * X-HubSpot-Signature-v3 is present (and then X-HubSpot-Request-Timestamp must be within five
 * minutes of @now_ms), else v1 or v2 as X-HubSpot-Signature-Version says. Comparisons take
 * constant time. SIGNATURE errors say which check failed, never the expected value. */
gboolean  fc_hubspot_verify_webhook    (const char         *secret,
                                        const char         *method,
                                        const char         *uri,
                                        SoupMessageHeaders *headers,
                                        GBytes             *body,
                                        gint64              now_ms,
                                        GError            **error);

/* Reads a verified delivery (a JSON array of events) into FcWebhookEvents. */
GPtrArray *fc_hubspot_parse_events     (GBytes             *body,
                                        GError            **error);

G_END_DECLS
