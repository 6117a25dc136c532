/* fc-pipedrive-webhook.h: subscribing to Pipedrive's webhooks through its API
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fc-connector.h"

G_BEGIN_DECLS

/* The entity Pipedrive's webhooks name for an object type of the connector ("persons" ->
 * "person"), or NULL for an object type it does not have. */
const char *fc_pipedrive_webhook_entity_for_object (const char          *object_type);

/* POST /v1/webhooks: a version 2.0 webhook sending every action on @event_object (an entity:
 * "person", "organization", "deal") to @url with HTTP Basic credentials @user and @password.
 * Finishes with the new webhook's id. @connector must be a Pipedrive connector. */
void        fc_pipedrive_register_webhook_async    (FcConnector         *connector,
                                                    const char          *url,
                                                    const char          *event_object,
                                                    const char          *user,
                                                    const char          *password,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
char       *fc_pipedrive_register_webhook_finish   (FcConnector         *connector,
                                                    GAsyncResult        *result,
                                                    GError             **error);

/* DELETE /v1/webhooks/{id}; a webhook already gone counts as deleted. */
void        fc_pipedrive_unregister_webhook_async  (FcConnector         *connector,
                                                    const char          *webhook_id,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean    fc_pipedrive_unregister_webhook_finish (FcConnector         *connector,
                                                    GAsyncResult        *result,
                                                    GError             **error);

G_END_DECLS
