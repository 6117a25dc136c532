/* fc-types.c: conversions between the shared enumerations and their stable names
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-types"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-enum-types.h"
#include "fc-types.h"

/* Returns the stable name of @value, or NULL when @value is not a member of @enum_type. */
const char *
fc_enum_to_nick (GType enum_type,
                 int   value)
{
  g_autoptr (GEnumClass) klass = g_type_class_ref (enum_type);
  GEnumValue *ev = g_enum_get_value (klass, value);

  return ev != NULL ? ev->value_nick : NULL;
}

gboolean
fc_enum_from_nick (GType       enum_type,
                   const char *nick,
                   int        *out_value)
{
  g_autoptr (GEnumClass) klass = NULL;
  GEnumValue *ev;

  if (nick == NULL)
    return FALSE;

  klass = g_type_class_ref (enum_type);
  ev = g_enum_get_value_by_nick (klass, nick);
  if (ev == NULL)
    return FALSE;

  if (out_value != NULL)
    *out_value = ev->value;
  return TRUE;
}

/* "a, b, c": for error messages that list what would have been accepted. */
char *
fc_enum_list_nicks (GType enum_type)
{
  g_autoptr (GEnumClass) klass = g_type_class_ref (enum_type);
  g_autoptr (GString) out = g_string_new (NULL);

  for (guint i = 0; i < klass->n_values; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      g_string_append (out, klass->values[i].value_nick);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

const char *
fc_provider_get_display_name (FcProvider provider)
{
  switch (provider)
    {
    case FC_PROVIDER_HUBSPOT:
      return "HubSpot";
    case FC_PROVIDER_JOBBER:
      return "Jobber";
    case FC_PROVIDER_PIPEDRIVE:
      return "Pipedrive";
    case FC_PROVIDER_SALESFORCE:
      return "Salesforce";
    default:
      return _("Unknown provider");
    }
}
