/* fc-rate-limiter.h: a rolling-window request budget, corrected by what the provider reports
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* A limiter allows at most max_requests in any window of window_ms (a rolling window, the way
 * HubSpot counts its ten-second limit and Pipedrive its two-second burst limit). It also keeps
 * what the provider last said: how many requests remain until its window resets, and a pause
 * after a 429 with Retry-After. It never waits itself: fc_rate_limiter_reserve () says how long the
 * caller must wait, and the caller waits on its main loop (FcHttp does).
 *
 * Times are monotonic microseconds (g_get_monotonic_time ()), passed in so that tests can drive
 * the clock. One limiter belongs to one connection (and, where a provider has a separate budget
 * for some endpoints such as HubSpot search, one per budget). */

#define FC_TYPE_RATE_LIMITER (fc_rate_limiter_get_type ())

G_DECLARE_FINAL_TYPE (FcRateLimiter, fc_rate_limiter, FC, RATE_LIMITER, GObject)

FcRateLimiter *fc_rate_limiter_new             (guint           max_requests,
                                                guint           window_ms);

guint          fc_rate_limiter_get_max_requests (FcRateLimiter *self);
guint          fc_rate_limiter_get_window_ms   (FcRateLimiter *self);
void           fc_rate_limiter_set_limit       (FcRateLimiter *self,
                                                guint           max_requests,
                                                guint           window_ms);

/* 0 when a request may be sent at @now_us, and then counts it as sent at @now_us; otherwise the
 * number of microseconds to wait before asking again (nothing is counted). A call counted as sent
 * at s leaves the window one window after the provider counted it, which is at the latest a
 * margin after s (a twentieth of the window, at most 50 ms) until its answer comes in. */
gint64         fc_rate_limiter_reserve         (FcRateLimiter *self,
                                                gint64          now_us);

/* The answer (any status, or a failure after which the request may have reached the provider)
 * to a call that fc_rate_limiter_reserve () counted as sent at @sent_us came in at @now_us: the
 * provider counted the call by then, so it leaves the window (ours, and the one of the
 * provider's remaining count) one window after the earlier of @now_us and @sent_us plus the
 * margin. Calls may be answered in any order; of two counted at the same @sent_us, one answer
 * marks one. An answer to a call no longer in the window changes nothing. Not for a request
 * cancelled before its answer: whether the provider counted it, and when, is not known. */
void           fc_rate_limiter_answered        (FcRateLimiter *self,
                                                gint64          sent_us,
                                                gint64          now_us);

/* What a response said, each value -1 when the response did not say it: @limit requests per
 * @interval_ms (updates the window's size), @remaining requests left until the provider's window
 * resets in @reset_ms (when @reset_ms is -1, the window is assumed to reset at the latest one
 * interval later). */
void           fc_rate_limiter_observe         (FcRateLimiter *self,
                                                gint64          limit,
                                                gint64          interval_ms,
                                                gint64          remaining,
                                                gint64          reset_ms,
                                                gint64          now_us);

/* Sends nothing before @until_us (after a 429: now plus Retry-After). */
void           fc_rate_limiter_pause_until     (FcRateLimiter *self,
                                                gint64          until_us);

/* Requests counted in the window ending at @now_us. */
guint          fc_rate_limiter_count_in_window (FcRateLimiter *self,
                                                gint64          now_us);

G_END_DECLS
