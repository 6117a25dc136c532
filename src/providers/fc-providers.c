/* fc-providers.c: which connector class serves which provider
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-providers"

#include "config.h"

#include "fc-hubspot-connector.h"
#include "fc-jobber-connector.h"
#include "fc-pipedrive-connector.h"
#include "fc-providers.h"
#include "fc-salesforce-connector.h"

/* One row per provider with a connector; a new connector adds its row here. */
static const struct {
  FcProvider   provider;
  GType      (*get_type) (void);
} connectors[] = {
  { FC_PROVIDER_HUBSPOT, fc_hubspot_connector_get_type },
  { FC_PROVIDER_JOBBER, fc_jobber_connector_get_type },
  { FC_PROVIDER_PIPEDRIVE, fc_pipedrive_connector_get_type },
  { FC_PROVIDER_SALESFORCE, fc_salesforce_connector_get_type },
};

GType
fc_providers_get_connector_type (FcProvider provider)
{
  for (guint i = 0; i < G_N_ELEMENTS (connectors); i++)
    if (connectors[i].provider == provider)
      return connectors[i].get_type ();
  return G_TYPE_INVALID;
}

gboolean
fc_providers_has_connector (FcProvider provider)
{
  return fc_providers_get_connector_type (provider) != G_TYPE_INVALID;
}
