/* fc-rate-limiter.c: a rolling-window request budget, corrected by what the provider reports
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-rate-limiter"

#include "config.h"

#include "fc-rate-limiter.h"

struct _FcRateLimiter
{
  GObject  parent_instance;

  guint    max_requests;
  gint64   window_us;
  GArray  *sent;              /* gint64 send times, oldest first */

  /* The provider's own count, valid until reset_at_us */
  gboolean has_remaining;
  gint64   remaining;
  gint64   reset_at_us;
  GArray  *counted;           /* our send times in the window when the count was told */

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
  self->sent = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->counted = g_array_new (FALSE, FALSE, sizeof (gint64));
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

/* Forgets sends that left the window ending at @now_us. */
/* How much later than our own clock says a call leaves the provider's window: the provider
 * counted it when it arrived, and the next call may arrive sooner after leaving than this one
 * did (a loaded machine, a slow network). A twentieth of the window, at most 50 ms: against
 * a 429's pause of a second or more, it is cheap. */
static gint64
margin_us (FcRateLimiter *self)
{
  return MIN (self->window_us / 20, 50 * G_TIME_SPAN_MILLISECOND);
}

static void
prune (FcRateLimiter *self,
       gint64         now_us)
{
  guint n_old = 0;

  while (n_old < self->sent->len
         && g_array_index (self->sent, gint64, n_old) <= now_us - self->window_us -
                                                         margin_us (self))
    n_old++;
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

  g_return_val_if_fail (FC_IS_RATE_LIMITER (self), 0);

  prune (self, now_us);

  if (now_us < self->paused_until_us)
    wait_us = self->paused_until_us - now_us;

  if (self->sent->len >= self->max_requests)
    {
      /* The send that must leave the window before one more fits */
      gint64 oldest = g_array_index (self->sent, gint64, self->sent->len - self->max_requests);

      wait_us = MAX (wait_us, oldest + self->window_us + margin_us (self) - now_us);
    }

  /* The provider's count went down by each of our calls it counted that has left its window
   * since (a margin later than our clock says, as for our own window). Its
   * reset (whole seconds for Pipedrive; for HubSpot's rolling window, which tells none, a whole
   * window after the answer) is often much later than that. Others' calls on the same budget
   * leave it too, but when is not known. */
  if (self->has_remaining)
    {
      gint64 margin = margin_us (self);
      guint left = 0;

      while (left < self->counted->len &&
             g_array_index (self->counted, gint64, left) + self->window_us + margin <= now_us)
        left++;

      if (now_us >= self->reset_at_us)
        self->has_remaining = FALSE;
      else if (self->remaining + left <= 0)
        {
          gint64 free_at = self->reset_at_us;

          if (left < self->counted->len)
            free_at = MIN (free_at, g_array_index (self->counted, gint64, left) +
                                    self->window_us + margin);
          wait_us = MAX (wait_us, free_at - now_us);
        }
    }

  if (wait_us > 0)
    return wait_us;

  g_array_append_val (self->sent, now_us);
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
