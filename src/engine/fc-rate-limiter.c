/* fc-rate-limiter.c: a rolling-window request budget, corrected by what the provider reports
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-rate-limiter"

#include "config.h"

#include "fc-rate-limiter.h"

/* One of our calls. The provider counted it at the latest at counted_by_us: when its answer came
 * in, or, while it is on its way, when a margin after its sending (see margin_us ()). It leaves
 * the provider's window a window after that. */
typedef struct
{
  gint64   sent_us;
  gint64   counted_by_us;
  gboolean answered;
} Call;

struct _FcRateLimiter
{
  GObject  parent_instance;

  guint    max_requests;
  gint64   window_us;
  GArray  *sent;              /* Call, in the order they leave the window (by counted_by_us) */

  /* The provider's own count, valid until reset_at_us */
  gboolean has_remaining;
  gint64   remaining;
  gint64   reset_at_us;
  GArray  *counted;           /* Call: ours in the window when the count was told, same order */

  gint64   paused_until_us;
};

G_DEFINE_FINAL_TYPE (FcRateLimiter, fc_rate_limiter, G_TYPE_OBJECT)

static void
fc_rate_limiter_finalize (GObject *object)
{
  FcRateLimiter *self = (FcRateLimiter *) object;

  g_clear_pointer (&self->sent, g_array_unref);
  g_clear_pointer (&self->counted, g_array_unref);

  G_OBJECT_CLASS (fc_rate_limiter_parent_class)->finalize (object);
}

static void
fc_rate_limiter_class_init (FcRateLimiterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fc_rate_limiter_finalize;
}

static void
fc_rate_limiter_init (FcRateLimiter *self)
{
  self->sent = g_array_new (FALSE, FALSE, sizeof (Call));
  self->counted = g_array_new (FALSE, FALSE, sizeof (Call));
}

FcRateLimiter *
fc_rate_limiter_new (guint max_requests,
                     guint window_ms)
{
  FcRateLimiter *self = g_object_new (FC_TYPE_RATE_LIMITER, NULL);

  fc_rate_limiter_set_limit (self, max_requests, window_ms);
  return self;
}

guint
fc_rate_limiter_get_max_requests (FcRateLimiter *self)
{
  g_return_val_if_fail (FC_IS_RATE_LIMITER (self), 0);
  return self->max_requests;
}

guint
fc_rate_limiter_get_window_ms (FcRateLimiter *self)
{
  g_return_val_if_fail (FC_IS_RATE_LIMITER (self), 0);
  return (guint) (self->window_us / 1000);
}

void
fc_rate_limiter_set_limit (FcRateLimiter *self,
                           guint          max_requests,
                           guint          window_ms)
{
  g_return_if_fail (FC_IS_RATE_LIMITER (self));
  g_return_if_fail (max_requests > 0);
  g_return_if_fail (window_ms > 0);

  self->max_requests = max_requests;
  self->window_us = (gint64) window_ms * 1000;
}

/* How much later than our own clock says a call leaves the provider's window while its answer
 * has not come in: the provider counted it when it arrived, and the next call may arrive sooner
 * after leaving than this one did (a loaded machine, a slow network). A twentieth of the window,
 * at most 50 ms: against a 429's pause of a second or more, it is cheap. Once the answer is in,
 * the call was counted before it, which is often much sooner (fc_rate_limiter_answered ()). */
static gint64
margin_us (FcRateLimiter *self)
{
  return MIN (self->window_us / 20, 50 * G_TIME_SPAN_MILLISECOND);
}

static gint64
leaves_at (FcRateLimiter *self,
           const Call    *call)
{
  return call->counted_by_us + self->window_us;
}

/* Puts @call in @calls in the order the calls leave the window; among equal times, last. */
static void
insert_call (GArray     *calls,
             const Call *call)
{
  guint i = calls->len;

  while (i > 0 && g_array_index (calls, Call, i - 1).counted_by_us > call->counted_by_us)
    i--;
  g_array_insert_val (calls, i, *call);
}

/* How many calls of @calls (in leaving order) have left the window at @now_us */
static guint
count_left (FcRateLimiter *self,
            GArray        *calls,
            gint64         now_us)
{
  guint n_left = 0;

  while (n_left < calls->len && leaves_at (self, &g_array_index (calls, Call, n_left)) <= now_us)
    n_left++;
  return n_left;
}

/* Forgets sends that left the window ending at @now_us. */
static void
prune (FcRateLimiter *self,
       gint64         now_us)
{
  guint n_old = count_left (self, self->sent, now_us);

  if (n_old > 0)
    g_array_remove_range (self->sent, 0, n_old);
}

guint
fc_rate_limiter_count_in_window (FcRateLimiter *self,
                                 gint64         now_us)
{
  g_return_val_if_fail (FC_IS_RATE_LIMITER (self), 0);

  prune (self, now_us);
  return self->sent->len;
}

gint64
fc_rate_limiter_reserve (FcRateLimiter *self,
                         gint64         now_us)
{
  gint64 wait_us = 0;
  Call call;

  g_return_val_if_fail (FC_IS_RATE_LIMITER (self), 0);

  prune (self, now_us);

  if (now_us < self->paused_until_us)
    wait_us = self->paused_until_us - now_us;

  if (self->sent->len >= self->max_requests)
    {
      /* The send that must leave the window before one more fits: the array is in leaving
       * order, which is not the sending order once answers came in */
      const Call *first_out = &g_array_index (self->sent, Call,
                                              self->sent->len - self->max_requests);

      wait_us = MAX (wait_us, leaves_at (self, first_out) - now_us);
    }

  /* The provider's count went down by each of our calls it counted that has left its window
   * since (as in our own window: a window after its answer, or after its sending and a margin
   * while it is on its way). Its reset (whole seconds for Pipedrive; for HubSpot's rolling
   * window, which tells none, a whole window after the answer) is often much later than that.
   * Others' calls on the same budget leave it too, but when is not known. */
  if (self->has_remaining)
    {
      guint left = count_left (self, self->counted, now_us);

      if (now_us >= self->reset_at_us)
        self->has_remaining = FALSE;
      else if (self->remaining + left <= 0)
        {
          gint64 free_at = self->reset_at_us;

          if (left < self->counted->len)
            free_at = MIN (free_at, leaves_at (self, &g_array_index (self->counted, Call,
                                                                     left)));
          wait_us = MAX (wait_us, free_at - now_us);
        }
    }

  if (wait_us > 0)
    return wait_us;

  call.sent_us = now_us;
  call.counted_by_us = now_us + margin_us (self);
  call.answered = FALSE;
  insert_call (self->sent, &call);
  if (self->has_remaining)
    self->remaining--;
  return 0;
}

void
fc_rate_limiter_observe (FcRateLimiter *self,
                         gint64         limit,
                         gint64         interval_ms,
                         gint64         remaining,
                         gint64         reset_ms,
                         gint64         now_us)
{
  g_return_if_fail (FC_IS_RATE_LIMITER (self));

  if (limit > 0 && interval_ms > 0)
    fc_rate_limiter_set_limit (self, (guint) MIN (limit, G_MAXUINT), (guint) MIN (interval_ms,
                                                                                 G_MAXUINT));
  else if (limit > 0)
    self->max_requests = (guint) MIN (limit, G_MAXUINT);

  if (remaining < 0)
    return;

  if (reset_ms < 0)
    reset_ms = self->window_us / 1000;
  self->has_remaining = TRUE;
  self->remaining = remaining;
  self->reset_at_us = now_us + reset_ms * 1000;
  prune (self, now_us);
  g_array_set_size (self->counted, 0);
  g_array_append_vals (self->counted, self->sent->data, self->sent->len);
}

void
fc_rate_limiter_pause_until (FcRateLimiter *self,
                             gint64         until_us)
{
  g_return_if_fail (FC_IS_RATE_LIMITER (self));

  self->paused_until_us = MAX (self->paused_until_us, until_us);
}

/* The first call of @calls sent at @sent_us still on its way gets its answer at @now_us, and
 * moves to its new place in the leaving order. */
static void
answer_call (GArray *calls,
             gint64  sent_us,
             gint64  now_us)
{
  for (guint i = 0; i < calls->len; i++)
    {
      Call call = g_array_index (calls, Call, i);

      if (call.sent_us != sent_us || call.answered)
        continue;
      call.answered = TRUE;
      call.counted_by_us = MAX (call.sent_us, MIN (call.counted_by_us, now_us));
      g_array_remove_index (calls, i);
      insert_call (calls, &call);
      return;
    }
}

void
fc_rate_limiter_answered (FcRateLimiter *self,
                          gint64         sent_us,
                          gint64         now_us)
{
  g_return_if_fail (FC_IS_RATE_LIMITER (self));

  answer_call (self->sent, sent_us, now_us);
  answer_call (self->counted, sent_us, now_us);
}
