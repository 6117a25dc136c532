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

/* A call's answer came in: the provider counted it by then, so it leaves the window one window
 * after its answer, or after its sending and the margin when that is sooner (a slow answer). */
typedef struct
{
  const char *name;
  gint64      answer_ms;       /* after its sending */
  gint64      free_ms;         /* when the full window has a place again */
} AnsweredCase;

static const AnsweredCase answered_cases[] = {
  { "loopback", 2, 1002 },
  { "quick", 30, 1030 },
  { "at-margin", 50, 1050 },
  { "slow", 250, 1050 },       /* later than the margin: the margin decides, as in flight */
};

static void
test_answered_frees_slot (gconstpointer data)
{
  const AnsweredCase *c = data;
  g_autoptr (FcRateLimiter) limiter = fc_rate_limiter_new (3, 1000);
  gint64 first = 1000 * MS;

  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (fc_rate_limiter_reserve (limiter, first + i * 100 * MS), ==, 0);
  fc_rate_limiter_answered (limiter, first, first + c->answer_ms * MS);

  g_assert_cmpint (fc_rate_limiter_reserve (limiter, first + 300 * MS), ==,
                   (c->free_ms - 300) * MS);
  g_assert_cmpuint (fc_rate_limiter_count_in_window (limiter, first + (c->free_ms - 1) * MS), ==,
                    3);
  g_assert_cmpint (fc_rate_limiter_reserve (limiter, first + (c->free_ms - 1) * MS), ==, 1 * MS);
  g_assert_cmpuint (fc_rate_limiter_count_in_window (limiter, first + c->free_ms * MS), ==, 2);
  g_assert_cmpint (fc_rate_limiter_reserve (limiter, first + c->free_ms * MS), ==, 0);
}

/* Calls still on their way keep the margin, whatever was answered around them; an answer to a
 * call the window no longer holds changes nothing. */
static void
test_answered_in_flight (void)
{
  g_autoptr (FcRateLimiter) limiter = fc_rate_limiter_new (3, 1000);

  g_assert_cmpint (fc_rate_limiter_reserve (limiter, 0), ==, 0);           /* stays in flight */
  g_assert_cmpint (fc_rate_limiter_reserve (limiter, 10 * MS), ==, 0);
  g_assert_cmpint (fc_rate_limiter_reserve (limiter, 20 * MS), ==, 0);
  fc_rate_limiter_answered (limiter, 10 * MS, 12 * MS);
  fc_rate_limiter_answered (limiter, 20 * MS, 22 * MS);
  fc_rate_limiter_answered (limiter, 5 * MS, 22 * MS);                     /* never sent */

  /* The first answered call frees the first place, although a call sent before it is still in
   * the window */
  g_assert_cmpint (fc_rate_limiter_reserve (limiter, 30 * MS), ==, (1012 - 30) * MS);
  g_assert_cmpint (fc_rate_limiter_reserve (limiter, 1012 * MS), ==, 0);
  g_assert_cmpint (fc_rate_limiter_reserve (limiter, 1013 * MS), ==, (1022 - 1013) * MS);
  g_assert_cmpint (fc_rate_limiter_reserve (limiter, 1022 * MS), ==, 0);

  /* The one in flight leaves with its margin */
  g_assert_cmpint (fc_rate_limiter_reserve (limiter, 1023 * MS), ==, (1050 - 1023) * MS);
  g_assert_cmpuint (fc_rate_limiter_count_in_window (limiter, 1049 * MS), ==, 3);
  g_assert_cmpuint (fc_rate_limiter_count_in_window (limiter, 1050 * MS), ==, 2);

  /* Answers to calls that left change nothing; the one sent at 1012 leaves a window after its
   * answer, before the one sent at 1022 still on its way */
  fc_rate_limiter_answered (limiter, 0, 1055 * MS);
  fc_rate_limiter_answered (limiter, 10 * MS, 1055 * MS);
  fc_rate_limiter_answered (limiter, 1012 * MS, 1055 * MS);
  g_assert_cmpuint (fc_rate_limiter_count_in_window (limiter, 1055 * MS), ==, 2);
  g_assert_cmpint (fc_rate_limiter_reserve (limiter, 1060 * MS), ==, 0);
  g_assert_cmpint (fc_rate_limiter_reserve (limiter, 1061 * MS), ==, (2055 - 1061) * MS);
}

/* Several calls on their way, answered in another order than sent: the k-th time a call leaves,
 * not the k-th sending, frees the k-th place. */
static void
test_answered_out_of_order (void)
{
  g_autoptr (FcRateLimiter) limiter = fc_rate_limiter_new (3, 1000);

  g_assert_cmpint (fc_rate_limiter_reserve (limiter, 0), ==, 0);           /* A, stays in flight */
  g_assert_cmpint (fc_rate_limiter_reserve (limiter, 10 * MS), ==, 0);     /* B */
  g_assert_cmpint (fc_rate_limiter_reserve (limiter, 20 * MS), ==, 0);     /* C */
  fc_rate_limiter_answered (limiter, 20 * MS, 25 * MS);
  fc_rate_limiter_answered (limiter, 10 * MS, 26 * MS);

  /* B leaves at 1026, C at 1025, A at 1050 */
  g_assert_cmpint (fc_rate_limiter_reserve (limiter, 30 * MS), ==, (1025 - 30) * MS);

  /* Down to two places: two must leave, C and B, and the second sent (B) is not the second
   * to leave */
  fc_rate_limiter_set_limit (limiter, 2, 1000);
  g_assert_cmpint (fc_rate_limiter_reserve (limiter, 30 * MS), ==, (1026 - 30) * MS);
  g_assert_cmpuint (fc_rate_limiter_count_in_window (limiter, 1025 * MS), ==, 2);
  g_assert_cmpint (fc_rate_limiter_reserve (limiter, 1025 * MS), ==, 1 * MS);
  g_assert_cmpint (fc_rate_limiter_reserve (limiter, 1026 * MS), ==, 0);   /* D */

  /* A, still on its way, keeps its margin; its late answer does not shorten it */
  g_assert_cmpint (fc_rate_limiter_reserve (limiter, 1027 * MS), ==, (1050 - 1027) * MS);
  fc_rate_limiter_answered (limiter, 0, 1030 * MS);
  g_assert_cmpint (fc_rate_limiter_reserve (limiter, 1030 * MS), ==, (1050 - 1030) * MS);
  g_assert_cmpint (fc_rate_limiter_reserve (limiter, 1050 * MS), ==, 0);
}

/* Two calls counted as sent at the same time: one answer marks one of them only. */
static void
test_answered_same_time (void)
{
  g_autoptr (FcRateLimiter) limiter = fc_rate_limiter_new (2, 1000);

  g_assert_cmpint (fc_rate_limiter_reserve (limiter, 0), ==, 0);
  g_assert_cmpint (fc_rate_limiter_reserve (limiter, 0), ==, 0);
  fc_rate_limiter_answered (limiter, 0, 5 * MS);
  g_assert_cmpint (fc_rate_limiter_reserve (limiter, 6 * MS), ==, (1005 - 6) * MS);
  fc_rate_limiter_answered (limiter, 0, 8 * MS);
  g_assert_cmpint (fc_rate_limiter_reserve (limiter, 10 * MS), ==, (1005 - 10) * MS);
  g_assert_cmpint (fc_rate_limiter_reserve (limiter, 1005 * MS), ==, 0);
  g_assert_cmpint (fc_rate_limiter_reserve (limiter, 1006 * MS), ==, (1008 - 1006) * MS);
  g_assert_cmpint (fc_rate_limiter_reserve (limiter, 1008 * MS), ==, 0);
}

/* The provider says its window is spent while our calls are on their way: each counted call
 * gives its place back a window after its answer, also when the answer comes after the count. */
static void
test_answered_remaining (void)
{
  g_autoptr (FcRateLimiter) limiter = fc_rate_limiter_new (100, 1000);

  g_assert_cmpint (fc_rate_limiter_reserve (limiter, 0), ==, 0);           /* A */
  g_assert_cmpint (fc_rate_limiter_reserve (limiter, 10 * MS), ==, 0);     /* B */
  fc_rate_limiter_observe (limiter, -1, -1, 0, 1500, 5 * MS);
  fc_rate_limiter_answered (limiter, 10 * MS, 12 * MS);

  /* B leaves the provider's window at 1012, before A still on its way */
  g_assert_cmpint (fc_rate_limiter_reserve (limiter, 20 * MS), ==, (1012 - 20) * MS);
  fc_rate_limiter_answered (limiter, 0, 30 * MS);                         /* A leaves at 1030 */
  g_assert_cmpint (fc_rate_limiter_reserve (limiter, 1012 * MS), ==, 0);
  g_assert_cmpint (fc_rate_limiter_reserve (limiter, 1013 * MS), ==, (1030 - 1013) * MS);
  g_assert_cmpint (fc_rate_limiter_reserve (limiter, 1030 * MS), ==, 0);
  /* Both used again: the provider's reset decides */
  g_assert_cmpint (fc_rate_limiter_reserve (limiter, 1031 * MS), ==, (1505 - 1031) * MS);

  /* A count told after an answer, once those calls left: the answered call leaves at its own
   * time, the one in flight with its margin */
  g_assert_cmpint (fc_rate_limiter_reserve (limiter, 2100 * MS), ==, 0);   /* C, in flight */
  g_assert_cmpint (fc_rate_limiter_reserve (limiter, 2110 * MS), ==, 0);   /* D */
  fc_rate_limiter_answered (limiter, 2110 * MS, 2113 * MS);
  fc_rate_limiter_observe (limiter, -1, -1, 0, 2000, 2113 * MS);
  g_assert_cmpint (fc_rate_limiter_reserve (limiter, 2120 * MS), ==, (3113 - 2120) * MS);
  g_assert_cmpint (fc_rate_limiter_reserve (limiter, 3113 * MS), ==, 0);
  g_assert_cmpint (fc_rate_limiter_reserve (limiter, 3114 * MS), ==, (3150 - 3114) * MS);
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
  for (guint i = 0; i < G_N_ELEMENTS (answered_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fc/rate-limiter/answered-frees-slot/%s",
                                               answered_cases[i].name);

      g_test_add_data_func (path, &answered_cases[i], test_answered_frees_slot);
    }
  g_test_add_func ("/fc/rate-limiter/answered-in-flight", test_answered_in_flight);
  g_test_add_func ("/fc/rate-limiter/answered-out-of-order", test_answered_out_of_order);
  g_test_add_func ("/fc/rate-limiter/answered-same-time", test_answered_same_time);
  g_test_add_func ("/fc/rate-limiter/answered-remaining", test_answered_remaining);

  return g_test_run ();
}
