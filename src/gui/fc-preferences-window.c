/* fc-preferences-window.c: the user's preferences: listener, background, schedules, guard
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every row is bound to its GSettings key, so a change is kept as it is made. The engine does
 * not read the settings itself; the application hands the values to it.
 */

#define G_LOG_DOMAIN "fc-preferences-window"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-preferences-window.h"

struct _FcPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;

  /* Template children */
  GtkWidget            *all_interfaces_switch;
  GtkWidget            *all_interfaces_warning;
  GtkWidget            *background_switch;
  GtkWidget            *hold_deletes_switch;
  GtkWidget            *login_switch;
  GtkWidget            *max_creates_spin;
  GtkWidget            *notify_switch;
  GtkWidget            *port_spin;
  GtkWidget            *public_url_row;
  GtkWidget            *schedule_row;
  GtkWidget            *update_percent_spin;
};

G_DEFINE_FINAL_TYPE (FcPreferencesWindow, fc_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* In the order of the Default Schedule row's choices. */
static const guint schedules[] = { 0, 5, 15, 30, 60, 1440 };

guint
fc_preferences_schedule_to_index (guint minutes)
{
  guint best = 0;

  for (guint i = 1; i < G_N_ELEMENTS (schedules); i++)
    if ((guint) ABS ((int) schedules[i] - (int) minutes) <
        (guint) ABS ((int) schedules[best] - (int) minutes))
      best = i;
  return best;
}

guint
fc_preferences_schedule_from_index (guint index)
{
  return schedules[MIN (index, G_N_ELEMENTS (schedules) - 1)];
}

static gboolean
schedule_get_mapping (GValue   *value,
                      GVariant *variant,
                      gpointer  user_data)
{
  g_value_set_uint (value, fc_preferences_schedule_to_index (g_variant_get_uint32 (variant)));
  return TRUE;
}

static GVariant *
schedule_set_mapping (const GValue       *value,
                      const GVariantType *expected_type,
                      gpointer            user_data)
{
  return g_variant_new_uint32 (fc_preferences_schedule_from_index (g_value_get_uint (value)));
}

/* An address the providers can call: http or https, with a host. Empty is allowed (no
 * real-time sync). */
static void
on_public_url_changed_cb (FcPreferencesWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->public_url_row));
  g_autoptr (GUri) uri = NULL;
  gboolean valid = TRUE;

  if (text[0] != '\0')
    {
      uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
      valid = uri != NULL && g_uri_get_host (uri) != NULL && g_uri_get_host (uri)[0] != '\0' &&
              (g_str_equal (g_uri_get_scheme (uri), "https") ||
               g_str_equal (g_uri_get_scheme (uri), "http"));
    }

  if (valid)
    gtk_widget_remove_css_class (self->public_url_row, "error");
  else
    gtk_widget_add_css_class (self->public_url_row, "error");
}

static void
fc_preferences_window_dispose (GObject *object)
{
  FcPreferencesWindow *self = FC_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), FC_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (fc_preferences_window_parent_class)->dispose (object);
}

static void
fc_preferences_window_class_init (FcPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fc_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/fluxcascade/FluxCascade/"
                                               "fc-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FcPreferencesWindow, all_interfaces_switch);
  gtk_widget_class_bind_template_child (widget_class, FcPreferencesWindow, all_interfaces_warning);
  gtk_widget_class_bind_template_child (widget_class, FcPreferencesWindow, background_switch);
  gtk_widget_class_bind_template_child (widget_class, FcPreferencesWindow, hold_deletes_switch);
  gtk_widget_class_bind_template_child (widget_class, FcPreferencesWindow, login_switch);
  gtk_widget_class_bind_template_child (widget_class, FcPreferencesWindow, max_creates_spin);
  gtk_widget_class_bind_template_child (widget_class, FcPreferencesWindow, notify_switch);
  gtk_widget_class_bind_template_child (widget_class, FcPreferencesWindow, port_spin);
  gtk_widget_class_bind_template_child (widget_class, FcPreferencesWindow, public_url_row);
  gtk_widget_class_bind_template_child (widget_class, FcPreferencesWindow, schedule_row);
  gtk_widget_class_bind_template_child (widget_class, FcPreferencesWindow, update_percent_spin);
  gtk_widget_class_bind_template_callback (widget_class, on_public_url_changed_cb);
}

static void
fc_preferences_window_init (FcPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);

  g_settings_bind (self->settings, "run-in-background", self->background_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "start-at-login", self->login_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "default-schedule-minutes", self->schedule_row,
                                "selected", G_SETTINGS_BIND_DEFAULT, schedule_get_mapping,
                                schedule_set_mapping, NULL, NULL);
  g_settings_bind (self->settings, "notify-failures", self->notify_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);

  g_settings_bind (self->settings, "listener-port", self->port_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "public-url", self->public_url_row, "text",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "listener-all-interfaces", self->all_interfaces_switch,
                   "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "listener-all-interfaces", self->all_interfaces_warning,
                   "visible", G_SETTINGS_BIND_GET);

  g_settings_bind (self->settings, "guard-max-update-percent", self->update_percent_spin,
                   "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "guard-max-creates", self->max_creates_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "guard-hold-deletes", self->hold_deletes_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
}

FcPreferencesWindow *
fc_preferences_window_new (GtkWindow *parent)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (FC_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       NULL);
}
