/* test-rate-limiter.c: the rolling-window budget, driven by a fake clock
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fc-rate-limiter.h"

#define MS (G_TIME_SPAN_MILLISECOND)

static void
test_window (void)
{
  g_autoptr (FcRateLimiter) limiter = fc_rate_limiter_new (3, 1000);
  gint64 now = 1000 * MS;

  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (fc_rate_limiter_reserve (limiter, now + i * MS), ==, 0);

  /* The fourth waits for the first to leave the window, and a twentieth of it more (the
   * provider counted the first when it arrived) */
  g_assert_cmpint (fc_rate_limiter_reserve (limiter, now + 10 * MS), ==, 1040 * MS);
  g_assert_cmpuint (fc_rate_limiter_count_in_window (limiter, now + 10 * MS), ==, 3);
  g_assert_cmpint (fc_rate_limiter_reserve (limiter, now + 1049 * MS), ==, 1 * MS);
  g_assert_cmpint (fc_rate_limiter_reserve (limiter, now + 1050 * MS), ==, 0);
  g_assert_cmpuint (fc_rate_limiter_count_in_window (limiter, now + 1050 * MS), ==, 3);
}

static void
test_provider_remaining (void)
{
  g_autoptr (FcRateLimiter) limiter = fc_rate_limiter_new (100, 10000);
  gint64 now = 5000 * MS;

  /* Others used the budget: 1 left, resetting in 1.5 s */
  fc_rate_limiter_observe (limiter, -1, -1, 1, 1500, now);
  g_assert_cmpint (fc_rate_limiter_reserve (limiter, now), ==, 0);
  g_assert_cmpint (fc_rate_limiter_reserve (limiter, now + 100 * MS), ==, 1400 * MS);
  g_assert_cmpint (fc_rate_limiter_reserve (limiter, now + 1500 * MS), ==, 0);
}

static void
test_observe_limit (void)
{
  g_autoptr (FcRateLimiter) limiter = fc_rate_limiter_new (100, 10000);

  /* HubSpot headers: Max 110 per 10000 ms; Pipedrive: limit without interval */
  fc_rate_limiter_observe (limiter, 110, 10000, -1, -1, 0);
  g_assert_cmpuint (fc_rate_limiter_get_max_requests (limiter), ==, 110);
  g_assert_cmpuint (fc_rate_limiter_get_window_ms (limiter), ==, 10000);
  fc_rate_limiter_observe (limiter, 40, -1, -1, -1, 0);
  g_assert_cmpuint (fc_rate_limiter_get_max_requests (limiter), ==, 40);
  g_assert_cmpuint (fc_rate_limiter_get_window_ms (limiter), ==, 10000);
}

static void
test_remaining_without_reset (void)
{
  g_autoptr (FcRateLimiter) limiter = fc_rate_limiter_new (100, 10000);

  /* HubSpot says 0 remaining without a reset time: wait at most one window */
  fc_rate_limiter_observe (limiter, 100, 10000, 0, -1, 0);
  g_assert_cmpint (fc_rate_limiter_reserve (limiter, 2000 * MS), ==, 8000 * MS);
  g_assert_cmpint (fc_rate_limiter_reserve (limiter, 10000 * MS), ==, 0);
}

/* The provider says the window is spent and every call it counts is ours: the slot frees when
 * our oldest call leaves the window (with the margin), not a whole window after the answer. */
static void
test_remaining_own_calls (void)
{
  g_autoptr (FcRateLimiter) limiter = fc_rate_limiter_new (4, 1000);

  for (guint i = 0; i < 4; i++)
    g_assert_cmpint (fc_rate_limiter_reserve (limiter, i * 100 * MS), ==, 0);
  fc_rate_limiter_observe (limiter, 4, 1000, 0, -1, 300 * MS);
  g_assert_cmpint (fc_rate_limiter_reserve (limiter, 400 * MS), ==, 650 * MS);
  g_assert_cmpint (fc_rate_limiter_reserve (limiter, 1050 * MS), ==, 0);

  /* Pipedrive's reset in whole seconds is later still: the oldest call decides. */
  fc_rate_limiter_observe (limiter, 4, -1, 0, 2000, 1050 * MS);
  g_assert_cmpint (fc_rate_limiter_reserve (limiter, 1100 * MS), ==, (1150 - 1100) * MS);
}

/* Others spend the same budget: the provider counts their calls too, and when they leave its
 * window is not known; ours leaving frees a slot, and without any of ours its reset decides. */
static void
test_remaining_shared (void)
{
  g_autoptr (FcRateLimiter) limiter = fc_rate_limiter_new (4, 1000);

  g_assert_cmpint (fc_rate_limiter_reserve (limiter, 0), ==, 0);
  g_assert_cmpint (fc_rate_limiter_reserve (limiter, 100 * MS), ==, 0);
  fc_rate_limiter_observe (limiter, 4, -1, 0, 1500, 100 * MS);
  g_assert_cmpint (fc_rate_limiter_reserve (limiter, 200 * MS), ==, 850 * MS);
  g_assert_cmpint (fc_rate_limiter_reserve (limiter, 1050 * MS), ==, 0);
  g_assert_cmpint (fc_rate_limiter_reserve (limiter, 1060 * MS), ==, (1150 - 1060) * MS);
  g_assert_cmpint (fc_rate_limiter_reserve (limiter, 1150 * MS), ==, 0);
  /* Both of ours have left and been used again: the reset decides. */
  g_assert_cmpint (fc_rate_limiter_reserve (limiter, 1160 * MS), ==, (1600 - 1160) * MS);
}

static void
test_pause (void)
{
  g_autoptr (FcRateLimiter) limiter = fc_rate_limiter_new (10, 1000);

  fc_rate_limiter_pause_until (limiter, 3000 * MS);
  fc_rate_limiter_pause_until (limiter, 2000 * MS); /* an earlier end does not shorten it */
  g_assert_cmpint (fc_rate_limiter_reserve (limiter, 1000 * MS), ==, 2000 * MS);
  g_assert_cmpuint (fc_rate_limiter_count_in_window (limiter, 1000 * MS), ==, 0);
  g_assert_cmpint (fc_rate_limiter_reserve (limiter, 3000 * MS), ==, 0);
}

static void
test_shrunk_limit (void)
{
  g_autoptr (FcRateLimiter) limiter = fc_rate_limiter_new (5, 1000);

  for (guint i = 0; i < 5; i++)
    g_assert_cmpint (fc_rate_limiter_reserve (limiter, i * 100 * MS), ==, 0);

  /* Down to 2: the third-newest send must leave the window first */
  fc_rate_limiter_set_limit (limiter, 2, 1000);
  g_assert_cmpint (fc_rate_limiter_reserve (limiter, 450 * MS), ==, (1050 + 300 - 450) * MS);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fc/rate-limiter/window", test_window);
  g_test_add_func ("/fc/rate-limiter/provider-remaining", test_provider_remaining);
  g_test_add_func ("/fc/rate-limiter/observe-limit", test_observe_limit);
  g_test_add_func ("/fc/rate-limiter/remaining-own-calls", test_remaining_own_calls);
  g_test_add_func ("/fc/rate-limiter/remaining-shared", test_remaining_shared);
  g_test_add_func ("/fc/rate-limiter/remaining-without-reset", test_remaining_without_reset);
  g_test_add_func ("/fc/rate-limiter/pause", test_pause);
  g_test_add_func ("/fc/rate-limiter/shrunk-limit", test_shrunk_limit);

  return g_test_run ();
}
