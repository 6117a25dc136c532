/* fc-jobber-connector.h: Jobber's GraphQL API (clients, jobs, quotes)
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "fc-connector.h"

G_BEGIN_DECLS

#define FC_TYPE_JOBBER_CONNECTOR (fc_jobber_connector_get_type ())

/* The class is only created through fc_connector_new (); its structures are private
 * (fc-jobber-connector-private.h).
 *
 * Record fields, flattened from Jobber's objects:
 *
 * clients   id, name (read-only: Jobber builds it), firstName, lastName, companyName,
 *           isCompany, title (MR, MS, MRS, MISS, DR), isLead, isArchived, createdAt,
 *           updatedAt (read-only), and
 *             email, phone          the primary address and number (strings)
 *             emails, phones        every address and number, primary first: JSON arrays of
 *                                   {id, address, description, primary} and
 *                                   {id, number, description, primary, smsAllowed}
 *             billingAddress.<part> street1, street2, city, province, postalCode, country
 * jobs      id, jobNumber, jobStatus, jobType, total, startAt, endAt, completedAt, createdAt,
 *           updatedAt, clientName, quoteId (read-only), title, instructions, and clientId and
 *           propertyId (set when the job is created)
 * quotes    id, quoteNumber, quoteStatus, subtotal, total, createdAt, updatedAt, clientName
 *           (read-only), title, message, and clientId and propertyId (set on create)
 *
 * Writes take the same names. A client's emails and phones are edited entry by entry, by id:
 * `email` changes the primary address in place (or adds one), `emails` gives the whole list
 * (strings, or objects whose id names the entry to change); entries that stay keep their ids,
 * and only entries the record no longer has are deleted. A job or quote is created for the
 * client named by `clientId` (or `client`) at `propertyId`, or at the client's first property,
 * which is created from the client's billing address when the client has none; a `total` on
 * create becomes one line item. */
GType      fc_jobber_connector_get_type  (void) G_GNUC_CONST;

/* base64 (HMAC-SHA256 keyed with @secret over the raw @body): the X-Jobber-Hmac-SHA256 header
 * of a webhook delivery (reference: provider-apis.md 3.6). */
char      *fc_jobber_webhook_signature   (const char          *secret,
                                          GBytes              *body);

/* Checks X-Jobber-Hmac-SHA256 against @body in constant time; SIGNATURE errors say which check
 * failed, never the expected value. */
gboolean   fc_jobber_verify_webhook      (const char          *secret,
                                          SoupMessageHeaders  *headers,
                                          GBytes              *body,
                                          GError             **error);

/* Reads a verified delivery ({"data":{"webHookEvent":{...}}}) into FcWebhookEvents: topics of
 * clients, jobs and quotes only (others give an empty array). Jobber sends no event id: the id
 * is "<topic>:<itemId>:<occurredAt>", the same for every delivery of one event. */
GPtrArray *fc_jobber_parse_events        (GBytes              *body,
                                          GError             **error);

G_END_DECLS
