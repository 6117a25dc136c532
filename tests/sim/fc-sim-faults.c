/* fc-sim-faults.c: injected faults of a provider: errors, 429 storms, latency, malformed
 * bodies and dropped connections
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-sim"

#include "config.h"

#include "fc-sim-private.h"

void
_fc_sim_faults_clear (FcSimFaults *faults)
{
  static const guint statuses[] = { 500, 503 };

  faults->error_rate = 0;
  faults->error_next = 0;
  faults->throttle_next = 0;
  faults->retry_after_s = 1;
  faults->latency_ms = 0;
  faults->malformed_rate = 0;
  faults->malformed_next = 0;
  faults->drop_rate = 0;
  faults->drop_next = 0;
  g_clear_pointer (&faults->path_prefix, g_free);
  if (faults->error_statuses != NULL)
    {
      g_array_set_size (faults->error_statuses, 0);
      g_array_append_vals (faults->error_statuses, statuses, G_N_ELEMENTS (statuses));
    }
}

static gboolean
get_rate (JsonObject  *settings,
          const char  *name,
          double      *rate,
          GError     **error)
{
  double value = *rate;

  if (!_fc_sim_get_double_member (settings, name, &value, error))
    return FALSE;
  if (value < 0 || value > 1)
    {
      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                   "“%s” must be between 0 and 1, not %g", name, value);
      return FALSE;
    }

  *rate = value;
  return TRUE;
}

/* Applies the members present in @settings; the others keep their values. */
gboolean
_fc_sim_faults_configure (FcSimFaults  *faults,
                          JsonObject   *settings,
                          GError      **error)
{
  g_autoptr (GArray) statuses = NULL;
  GError *local_error = NULL;
  const char *prefix;

  statuses = _fc_sim_get_uint_array (settings, "error_statuses", &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  for (guint i = 0; statuses != NULL && i < statuses->len; i++)
    {
      guint status = g_array_index (statuses, guint, i);

      if (status < 400 || status > 599)
        {
          g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                       "error_statuses must be HTTP error statuses (400-599), not %u", status);
          return FALSE;
        }
    }

  if (!get_rate (settings, "error_rate", &faults->error_rate, error)
      || !get_rate (settings, "malformed_rate", &faults->malformed_rate, error)
      || !get_rate (settings, "drop_rate", &faults->drop_rate, error)
      || !_fc_sim_get_uint_member (settings, "error_next", &faults->error_next, error)
      || !_fc_sim_get_uint_member (settings, "throttle_next", &faults->throttle_next, error)
      || !_fc_sim_get_uint_member (settings, "retry_after_s", &faults->retry_after_s, error)
      || !_fc_sim_get_uint_member (settings, "latency_ms", &faults->latency_ms, error)
      || !_fc_sim_get_uint_member (settings, "malformed_next", &faults->malformed_next, error)
      || !_fc_sim_get_uint_member (settings, "drop_next", &faults->drop_next, error))
    return FALSE;

  if (statuses != NULL && statuses->len > 0)
    {
      g_array_set_size (faults->error_statuses, 0);
      g_array_append_vals (faults->error_statuses, statuses->data, statuses->len);
    }

  if (json_object_has_member (settings, "path_prefix"))
    {
      prefix = json_object_get_string_member_with_default (settings, "path_prefix", NULL);
      g_free (faults->path_prefix);
      faults->path_prefix = prefix != NULL && prefix[0] != '\0' ? g_strdup (prefix) : NULL;
    }

  return TRUE;
}

JsonNode *
_fc_sim_faults_to_json (FcSimFaults *faults)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error_rate");
  json_builder_add_double_value (builder, faults->error_rate);
  json_builder_set_member_name (builder, "error_statuses");
  json_builder_begin_array (builder);
  for (guint i = 0; i < faults->error_statuses->len; i++)
    json_builder_add_int_value (builder, g_array_index (faults->error_statuses, guint, i));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "error_next");
  json_builder_add_int_value (builder, faults->error_next);
  json_builder_set_member_name (builder, "throttle_next");
  json_builder_add_int_value (builder, faults->throttle_next);
  json_builder_set_member_name (builder, "retry_after_s");
  json_builder_add_int_value (builder, faults->retry_after_s);
  json_builder_set_member_name (builder, "latency_ms");
  json_builder_add_int_value (builder, faults->latency_ms);
  json_builder_set_member_name (builder, "malformed_rate");
  json_builder_add_double_value (builder, faults->malformed_rate);
  json_builder_set_member_name (builder, "malformed_next");
  json_builder_add_int_value (builder, faults->malformed_next);
  json_builder_set_member_name (builder, "drop_rate");
  json_builder_add_double_value (builder, faults->drop_rate);
  json_builder_set_member_name (builder, "drop_next");
  json_builder_add_int_value (builder, faults->drop_next);
  json_builder_set_member_name (builder, "path_prefix");
  if (faults->path_prefix != NULL)
    json_builder_add_string_value (builder, faults->path_prefix);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
