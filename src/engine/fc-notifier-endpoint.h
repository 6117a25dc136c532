/* fc-notifier-endpoint.h: one of the user's own URLs that receive FluxCascade's events
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "fc-notifier-types.h"

G_BEGIN_DECLS

/* What may be shown of an endpoint. Its signing secret is in the keyring under the endpoint's
 * id and never here. Endpoints are made, changed and removed through FcNotifier; the objects in
 * fc_notifier_get_endpoints () are updated in place (with notify) when that happens. */

#define FC_TYPE_ENDPOINT (fc_endpoint_get_type ())

G_DECLARE_FINAL_TYPE (FcEndpoint, fc_endpoint, FC, ENDPOINT, GObject)

const char         *fc_endpoint_get_id                   (FcEndpoint *self);
const char         *fc_endpoint_get_url                  (FcEndpoint *self);
/* NULL when there is none. */
const char         *fc_endpoint_get_description          (FcEndpoint *self);
/* The subscribed event types; empty means every event type. */
const char * const *fc_endpoint_get_event_types          (FcEndpoint *self);
gboolean            fc_endpoint_get_enabled              (FcEndpoint *self);
guint               fc_endpoint_get_consecutive_failures (FcEndpoint *self);
/* Why FluxCascade disabled it; NULL when enabled or disabled by the user. */
const char         *fc_endpoint_get_disabled_reason      (FcEndpoint *self);
GDateTime          *fc_endpoint_get_created_at           (FcEndpoint *self);
GDateTime          *fc_endpoint_get_updated_at           (FcEndpoint *self);

/* Whether events of @type go to this endpoint (enabled or not). */
gboolean            fc_endpoint_wants                    (FcEndpoint *self,
                                                          const char *type);

/* Members: id, url, description, eventTypes, enabled, consecutiveFailures, disabledReason,
 * createdAt, updatedAt. Never the secret. */
JsonNode           *fc_endpoint_to_json                  (FcEndpoint *self);

G_END_DECLS
