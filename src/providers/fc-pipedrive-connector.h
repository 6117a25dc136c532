/* fc-pipedrive-connector.h: Pipedrive API v2 (persons, organizations, deals)
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fc-connector.h"

G_BEGIN_DECLS

#define FC_TYPE_PIPEDRIVE_CONNECTOR (fc_pipedrive_connector_get_type ())

/* The class is only created through fc_connector_new (); its structures are private
 * (fc-pipedrive-connector-private.h). */
GType     fc_pipedrive_connector_get_type (void) G_GNUC_CONST;

/* Record fields, flattened from Pipedrive's v2 objects:
 *   email, phone          the primary address and number (strings)
 *   emails, phones        every address and number, primary first (JSON arrays of strings)
 *   postal_address,       a person's (an organization's) full address, and each part of it:
 *   postal_address.<part> locality, route, street_number, postal_code, country,
 *   address, address.<p>  admin_area_level_1, admin_area_level_2, sublocality, subpremise
 *   custom_fields.<key>   a custom field by its 40-character key, and also by its label when
 *   <label>               the label names no other field
 *   anything else         as Pipedrive sends it (name, first_name, owner_id, title, value...)
 * Writes take the same names: `name` is written (first_name and last_name are read-only in v2;
 * a record with only those gets them joined into `name`), `email` replaces the primary address
 * and keeps the others, and an address part replaces that part only. */

G_END_DECLS
