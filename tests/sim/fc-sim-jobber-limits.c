/* fc-sim-jobber-limits.c: Jobber's limits: the query-cost leaky bucket (extensions.cost and
 * THROTTLED) and the DDoS guard (HTTP 429), both on the simulator's clock
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-sim-jobber"

#include "config.h"

#include "fc-sim-jobber-private.h"

static void
refill (FcSimJobber *jb)
{
  gint64 now = _fc_sim_now_ms (jb->provider->sim);

  if (now > jb->available_ms)
    jb->available = MIN ((double) jb->maximum_available,
                         jb->available + (double) (now - jb->available_ms) * jb->restore_rate
                                         / 1000.0);
  jb->available_ms = now;
}

/* Takes @requested points out of the bucket; FALSE (and nothing taken) when it lacks them. */
gboolean
_fc_sim_jobber_take_cost (FcSimJobber *jb,
                          guint        requested)
{
  if (!jb->cost_enabled)
    return TRUE;

  refill (jb);
  if ((double) requested > jb->available)
    return FALSE;

  jb->available -= requested;
  return TRUE;
}

/* Returns what a query was charged beyond its actual cost */
void
_fc_sim_jobber_give_back (FcSimJobber *jb,
                          guint        points)
{
  if (!jb->cost_enabled)
    return;

  jb->available = MIN ((double) jb->maximum_available, jb->available + points);
}

/* extensions.cost of a response */
JsonNode *
_fc_sim_jobber_cost_json (FcSimJobber *jb,
                          guint        requested,
                          guint        actual)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  refill (jb);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "requestedQueryCost");
  json_builder_add_int_value (builder, requested);
  json_builder_set_member_name (builder, "actualQueryCost");
  json_builder_add_int_value (builder, actual);
  json_builder_set_member_name (builder, "throttleStatus");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "maximumAvailable");
  json_builder_add_int_value (builder, jb->maximum_available);
  json_builder_set_member_name (builder, "currentlyAvailable");
  json_builder_add_int_value (builder, (gint64) jb->available);
  json_builder_set_member_name (builder, "restoreRate");
  json_builder_add_int_value (builder, jb->restore_rate);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* The DDoS guard: at most ddos_requests per ddos_window_s for the app and account */
gboolean
_fc_sim_jobber_check_ddos (FcSimRequest *req)
{
  FcSimJobber *jb = req->provider->state;
  gint64 now = _fc_sim_now_ms (req->sim);
  gint64 window_ms = (gint64) jb->ddos_window_s * 1000;
  guint expired = 0;

  if (!jb->ddos_enabled)
    return TRUE;

  while (expired < jb->ddos_times->len
         && g_array_index (jb->ddos_times, gint64, expired) <= now - window_ms)
    expired++;
  g_array_remove_range (jb->ddos_times, 0, expired);

  if (jb->ddos_times->len >= jb->ddos_requests)
    {
      gint64 oldest = jb->ddos_times->len > 0 ? g_array_index (jb->ddos_times, gint64, 0) : now;
      gint64 wait_ms = oldest + window_ms - now;

      req->provider->klass->respond_throttled (req, (guint) ((wait_ms + 999) / 1000));
      return FALSE;
    }

  g_array_append_val (jb->ddos_times, now);
  return TRUE;
}

gboolean
_fc_sim_jobber_configure_limits (FcSimProvider  *provider,
                                 JsonObject     *settings,
                                 GError        **error)
{
  FcSimJobber *jb = provider->state;
  guint maximum = jb->maximum_available;
  guint restore = jb->restore_rate;
  guint requests = jb->ddos_requests;
  guint window = jb->ddos_window_s;
  guint available = G_MAXUINT;

  if (!_fc_sim_get_uint_member (settings, "maximum_available", &maximum, error)
      || !_fc_sim_get_uint_member (settings, "restore_rate", &restore, error)
      || !_fc_sim_get_uint_member (settings, "currently_available", &available, error)
      || !_fc_sim_get_uint_member (settings, "ddos_requests", &requests, error)
      || !_fc_sim_get_uint_member (settings, "ddos_window_s", &window, error))
    return FALSE;

  if (maximum == 0 || window == 0)
    {
      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                   "maximum_available and ddos_window_s must be at least 1; turn a limit off "
                   "with \"cost_bucket\": false or \"ddos_guard\": false");
      return FALSE;
    }

  refill (jb);
  jb->maximum_available = maximum;
  jb->restore_rate = restore;
  jb->ddos_requests = requests;
  jb->ddos_window_s = window;
  jb->cost_enabled = json_object_get_boolean_member_with_default (settings, "cost_bucket",
                                                                  jb->cost_enabled);
  jb->ddos_enabled = json_object_get_boolean_member_with_default (settings, "ddos_guard",
                                                                  jb->ddos_enabled);
  if (json_object_get_boolean_member_with_default (settings, "reset_bucket", FALSE))
    jb->available = maximum;
  if (available != G_MAXUINT)
    jb->available = available;
  jb->available = MIN (jb->available, (double) maximum);

  return TRUE;
}

JsonNode *
_fc_sim_jobber_describe_limits (FcSimProvider *provider)
{
  FcSimJobber *jb = provider->state;
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  refill (jb);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "enabled");
  json_builder_add_boolean_value (builder, provider->limits_enabled);
  json_builder_set_member_name (builder, "cost_bucket");
  json_builder_add_boolean_value (builder, jb->cost_enabled);
  json_builder_set_member_name (builder, "maximum_available");
  json_builder_add_int_value (builder, jb->maximum_available);
  json_builder_set_member_name (builder, "currently_available");
  json_builder_add_int_value (builder, (gint64) jb->available);
  json_builder_set_member_name (builder, "restore_rate");
  json_builder_add_int_value (builder, jb->restore_rate);
  json_builder_set_member_name (builder, "ddos_guard");
  json_builder_add_boolean_value (builder, jb->ddos_enabled);
  json_builder_set_member_name (builder, "ddos_requests");
  json_builder_add_int_value (builder, jb->ddos_requests);
  json_builder_set_member_name (builder, "ddos_window_s");
  json_builder_add_int_value (builder, jb->ddos_window_s);
  json_builder_set_member_name (builder, "ddos_recent");
  json_builder_add_int_value (builder, jb->ddos_times->len);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* A full bucket and an empty window; the settings stay */
void
_fc_sim_jobber_limits_reset (FcSimJobber *jb)
{
  jb->available = jb->maximum_available;
  jb->available_ms = _fc_sim_now_ms (jb->provider->sim);
  g_array_set_size (jb->ddos_times, 0);
}
