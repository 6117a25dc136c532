/* fc-preferences-window.h: the user's preferences: listener, background, schedules, guard
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FC_TYPE_PREFERENCES_WINDOW (fc_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (FcPreferencesWindow, fc_preferences_window, FC, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

/* Returns: (transfer none): a new window bound to the application's settings, not shown yet */
FcPreferencesWindow *fc_preferences_window_new (GtkWindow *parent);

/* The schedules offered, in minutes (0: none), and the one closest to @minutes. */
guint                fc_preferences_schedule_to_index (guint minutes);
guint                fc_preferences_schedule_from_index (guint index);

G_END_DECLS
