/* fc-mapping-row.c: one mapping in the Mappings view, with its last run and Sync now
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The row tells which records flow where ("HubSpot contacts ↔ Jobber clients"), how the last run
 * went and when the next one is due, and offers what can be done with the mapping. It does none
 * of it itself: its actions ask the Mappings view, through "mappings.sync", "mappings.cancel",
 * "mappings.preview", "mappings.edit", "mappings.remove" and "mappings.approve" with the
 * mapping's id, and "mappings.set-active" / "mappings.set-realtime" with the id and the new
 * state. The view keeps the runs, so that a row made again (the model replaces a saved mapping)
 * shows the run still going.
 */

#define G_LOG_DOMAIN "fc-mapping-row"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-mapping-row.h"
#include "fc-sync-store.h"

struct _FcMappingRow
{
  AdwActionRow    parent_instance;

  FcEngine       *engine;
  FcMapping      *mapping;
  char           *held_run_id;
  gboolean        running;

  /* Template children */
  GtkSwitch      *active_switch;
  GtkButton      *approve_button;
  GtkButton      *cancel_button;
  GtkBox         *held_box;
  GtkLabel       *next_label;
  GtkBox         *progress_box;
  GtkProgressBar *progress_bar;
  GtkLabel       *progress_label;
  GtkSwitch      *realtime_switch;
  GtkLabel       *status_label;
  GtkButton      *sync_button;
};

G_DEFINE_FINAL_TYPE (FcMappingRow, fc_mapping_row, ADW_TYPE_ACTION_ROW)

enum {
  PROP_0,
  PROP_ENGINE,
  PROP_MAPPING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* "HubSpot contacts", or just "contacts" when the connection is unknown. */
static char *
describe_side (FcEngine   *engine,
               const char *connection_id,
               const char *object)
{
  FcConnection *connection = NULL;
  const char *provider_name;

  if (object == NULL)
    object = "";

  if (engine != NULL && connection_id != NULL)
    connection = fc_engine_lookup_connection (engine, connection_id);
  if (connection == NULL)
    return g_strdup (object);

  provider_name = fc_provider_get_display_name (fc_connection_get_provider (connection));
  /* Translators: one side of a mapping: the provider's name, then the kind of record it
   * holds, as in "HubSpot contacts" */
  return g_strdup_printf (C_("mapping side", "%s %s"), provider_name, object);
}

static void
update_flow (FcMappingRow *self)
{
  g_autofree char *source = NULL;
  g_autofree char *target = NULL;
  g_autofree char *flow = NULL;
  g_autofree char *explanation = NULL;
  const char *arrow;

  source = describe_side (self->engine,
                          fc_mapping_get_source_connection_id (self->mapping),
                          fc_mapping_get_source_object (self->mapping));
  target = describe_side (self->engine,
                          fc_mapping_get_target_connection_id (self->mapping),
                          fc_mapping_get_target_object (self->mapping));

  switch (fc_mapping_get_direction (self->mapping))
    {
    case FC_DIRECTION_TARGET_TO_SOURCE:
      arrow = "←";
      explanation = g_strdup_printf (_("Changes flow from %s to %s"), target, source);
      break;

    case FC_DIRECTION_BIDIRECTIONAL:
      arrow = "↔";
      explanation = g_strdup_printf (_("Changes flow both ways between %s and %s"),
                                     source, target);
      break;

    case FC_DIRECTION_SOURCE_TO_TARGET:
    default:
      arrow = "→";
      explanation = g_strdup_printf (_("Changes flow from %s to %s"), source, target);
      break;
    }

  flow = g_strdup_printf ("%s %s %s", source, arrow, target);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), fc_mapping_get_name (self->mapping));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), flow);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), explanation);
}

/* "just now", "5 minutes ago", "3 hours ago", or the date and time for older ones. */
static char *
format_past (GDateTime *when)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (GDateTime) local = g_date_time_to_local (when);
  GTimeSpan span = g_date_time_difference (now, when);
  gint64 minutes = span / G_TIME_SPAN_MINUTE;
  gint64 hours = span / G_TIME_SPAN_HOUR;

  if (minutes < 1)
    return g_strdup (_("just now"));
  if (minutes < 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute ago", "%d minutes ago",
                                         minutes),
                            (int) minutes);
  if (hours < 24)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour ago", "%d hours ago", hours),
                            (int) hours);

  /* Translators: a date and time in g_date_time_format () notation */
  return g_date_time_format (local, _("%b %-d, %H:%M"));
}

static char *
describe_schedule (guint minutes)
{
  if (minutes == 0)
    return g_strdup (_("No schedule"));
  if (minutes == 24 * 60)
    return g_strdup (_("Syncs daily"));
  if (minutes == 60)
    return g_strdup (_("Syncs hourly"));
  if (minutes % 60 == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Syncs every %u hour",
                                         "Syncs every %u hours", minutes / 60),
                            minutes / 60);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Syncs every %u minute",
                                       "Syncs every %u minutes", minutes),
                          minutes);
}

/* "Next run in 12 minutes", "Next run at 14:05" */
static char *
describe_next_run (FcMappingRow *self)
{
  g_autoptr (GDateTime) next = NULL;
  g_autoptr (GDateTime) now = NULL;
  g_autoptr (GDateTime) local = NULL;
  g_autofree char *time = NULL;
  const char *id = fc_mapping_get_id (self->mapping);
  GTimeSpan span;
  gint64 minutes;

  if (!fc_mapping_get_active (self->mapping))
    return g_strdup (_("Paused"));
  if (fc_mapping_get_schedule_minutes (self->mapping) == 0)
    return describe_schedule (0);
  if (self->engine != NULL && id != NULL)
    next = fc_scheduler_dup_next_run (fc_engine_get_scheduler (self->engine), id);
  if (next == NULL)
    return describe_schedule (fc_mapping_get_schedule_minutes (self->mapping));

  now = g_date_time_new_now_utc ();
  span = g_date_time_difference (next, now);
  minutes = (span + G_TIME_SPAN_MINUTE - 1) / G_TIME_SPAN_MINUTE;
  if (span <= 0)
    return g_strdup (_("Next run due now"));
  if (minutes < 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Next run in %d minute",
                                         "Next run in %d minutes", minutes),
                            (int) minutes);

  local = g_date_time_to_local (next);
  /* Translators: a time of day in g_date_time_format () notation */
  time = g_date_time_format (local, span < 24 * G_TIME_SPAN_HOUR ? _("%H:%M")
                                                                 : _("%b %-d, %H:%M"));
  /* Translators: %s is a time of day, or a date and time */
  return g_strdup_printf (_("Next run at %s"), time);
}

static const char *
describe_run_status (const char *status)
{
  if (g_strcmp0 (status, "completed") == 0)
    return _("Completed");
  if (g_strcmp0 (status, "partial") == 0)
    return _("Partly completed");
  if (g_strcmp0 (status, "failed") == 0)
    return _("Failed");
  if (g_strcmp0 (status, "held") == 0)
    return _("Held for approval");
  if (g_strcmp0 (status, "running") == 0 || g_strcmp0 (status, "pending") == 0)
    return _("Running");
  return status;
}

/* "Last run: Completed 5 minutes ago", then "Next run in 12 minutes" */
static void
update_run_status (FcMappingRow *self)
{
  g_autoptr (JsonArray) runs = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *last = NULL;
  g_autofree char *next = NULL;
  JsonObject *run = NULL;
  const char *status = NULL;
  const char *id = fc_mapping_get_id (self->mapping);

  g_clear_pointer (&self->held_run_id, g_free);

  if (self->engine != NULL && id != NULL)
    runs = fc_sync_store_list_runs (fc_engine_get_store (self->engine), id, 1, &error);
  if (error != NULL)
    g_warning ("Cannot read the last run of mapping %s: %s", id, error->message);
  if (runs != NULL && json_array_get_length (runs) > 0)
    run = json_array_get_object_element (runs, 0);

  if (run == NULL)
    last = g_strdup (_("Never synced"));
  else
    {
      const char *at = json_object_get_string_member_with_default (run, "finishedAt", NULL);
      g_autoptr (GDateTime) when = NULL;
      g_autofree char *ago = NULL;

      if (at == NULL)
        at = json_object_get_string_member_with_default (run, "startedAt", NULL);
      when = at != NULL ? g_date_time_new_from_iso8601 (at, NULL) : NULL;
      ago = when != NULL ? format_past (when) : g_strdup ("");
      status = json_object_get_string_member_with_default (run, "status", NULL);

      if (json_object_get_boolean_member_with_default (run, "dryRun", FALSE))
        /* Translators: the first %s is a run's status, the second when it ran */
        last = g_strdup_printf (_("Last preview: %s %s"), describe_run_status (status), ago);
      else
        /* Translators: the first %s is a run's status, the second when it ran */
        last = g_strdup_printf (_("Last run: %s %s"), describe_run_status (status), ago);

      if (g_strcmp0 (status, "held") == 0)
        self->held_run_id = g_strdup (json_object_get_string_member_with_default (run, "id",
                                                                                  NULL));
    }

  gtk_label_set_label (self->status_label, last);
  next = describe_next_run (self);
  gtk_label_set_label (self->next_label, next);
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), !self->running);
  gtk_widget_set_visible (GTK_WIDGET (self->next_label), !self->running);

  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
  if (g_strcmp0 (status, "failed") == 0)
    {
      const char *why = json_object_get_string_member_with_default (run, "error", NULL);

      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "dim-label");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_label), why);
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "dim-label");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_label), last);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->held_box),
                          self->held_run_id != NULL && !self->running);
}

static void
update_switches (FcMappingRow *self)
{
  gtk_switch_set_active (self->active_switch, fc_mapping_get_active (self->mapping));
  gtk_switch_set_active (self->realtime_switch, fc_mapping_get_realtime (self->mapping));
}

static void
update_accessible_labels (FcMappingRow *self)
{
  const char *name = fc_mapping_get_name (self->mapping);
  g_autofree char *sync_label = NULL;
  g_autofree char *cancel_label = NULL;

  /* The buttons of every row look alike: their accessible names say which mapping they act
   * on. */
  /* Translators: %s names a mapping */
  sync_label = g_strdup_printf (_("Sync %s Now"), name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->sync_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, sync_label, -1);
  /* Translators: %s names a mapping */
  cancel_label = g_strdup_printf (_("Cancel the Sync of %s"), name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->cancel_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, cancel_label, -1);
}

/* Actions, forwarded to the view */

static void
forward_to_view (FcMappingRow *self,
                 const char   *action_name)
{
  if (!gtk_widget_activate_action (GTK_WIDGET (self), action_name, "s",
                                   fc_mapping_get_id (self->mapping)))
    g_warning ("%s: no view around the row of mapping %s to handle it",
               action_name, fc_mapping_get_id (self->mapping));
}

static void
row_action_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  g_autofree char *view_action = NULL;

  /* "row.sync" → "mappings.sync" */
  view_action = g_strconcat ("mappings.", action_name + strlen ("row."), NULL);
  forward_to_view (FC_MAPPING_ROW (widget), view_action);
}

static void
row_approve_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  FcMappingRow *self = FC_MAPPING_ROW (widget);

  if (self->held_run_id == NULL)
    return;

  gtk_widget_activate_action (widget, "mappings.approve", "s", self->held_run_id);
}

static void
on_switch_active_cb (GtkSwitch    *sw,
                     GParamSpec   *pspec,
                     FcMappingRow *self)
{
  gboolean active = gtk_switch_get_active (sw);
  gboolean is_active_switch = sw == self->active_switch;
  gboolean current;

  current = is_active_switch ? fc_mapping_get_active (self->mapping)
                             : fc_mapping_get_realtime (self->mapping);
  if (active == current)
    return;

  gtk_widget_activate_action (GTK_WIDGET (self),
                              is_active_switch ? "mappings.set-active" : "mappings.set-realtime",
                              "(sb)", fc_mapping_get_id (self->mapping), active);
}

static void
fc_mapping_row_constructed (GObject *object)
{
  FcMappingRow *self = FC_MAPPING_ROW (object);

  G_OBJECT_CLASS (fc_mapping_row_parent_class)->constructed (object);

  g_return_if_fail (FC_IS_MAPPING (self->mapping));

  update_flow (self);
  update_switches (self);
  update_accessible_labels (self);
  update_run_status (self);

  g_signal_connect_object (self->active_switch, "notify::active",
                           G_CALLBACK (on_switch_active_cb), self, 0);
  g_signal_connect_object (self->realtime_switch, "notify::active",
                           G_CALLBACK (on_switch_active_cb), self, 0);
}

static void
fc_mapping_row_dispose (GObject *object)
{
  FcMappingRow *self = FC_MAPPING_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), FC_TYPE_MAPPING_ROW);
  g_clear_object (&self->mapping);
  g_clear_object (&self->engine);
  g_clear_pointer (&self->held_run_id, g_free);

  G_OBJECT_CLASS (fc_mapping_row_parent_class)->dispose (object);
}

static void
fc_mapping_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FcMappingRow *self = FC_MAPPING_ROW (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      g_value_set_object (value, self->engine);
      break;

    case PROP_MAPPING:
      g_value_set_object (value, self->mapping);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_mapping_row_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  FcMappingRow *self = FC_MAPPING_ROW (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      self->engine = g_value_dup_object (value);
      break;

    case PROP_MAPPING:
      self->mapping = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_mapping_row_class_init (FcMappingRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = fc_mapping_row_constructed;
  object_class->dispose = fc_mapping_row_dispose;
  object_class->get_property = fc_mapping_row_get_property;
  object_class->set_property = fc_mapping_row_set_property;

  /**
   * FcMappingRow:engine:
   *
   * The engine that holds the mapping's connections and runs.
   */
  properties[PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL,
                         FC_TYPE_ENGINE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * FcMappingRow:mapping:
   *
   * The mapping the row shows.
   */
  properties[PROP_MAPPING] =
    g_param_spec_object ("mapping", NULL, NULL,
                         FC_TYPE_MAPPING,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "row.sync", NULL, row_action_activated);
  gtk_widget_class_install_action (widget_class, "row.cancel", NULL, row_action_activated);
  gtk_widget_class_install_action (widget_class, "row.preview", NULL, row_action_activated);
  gtk_widget_class_install_action (widget_class, "row.edit", NULL, row_action_activated);
  gtk_widget_class_install_action (widget_class, "row.remove", NULL, row_action_activated);
  gtk_widget_class_install_action (widget_class, "row.approve", NULL, row_approve_activated);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/fluxcascade/FluxCascade/fc-mapping-row.ui");
  gtk_widget_class_bind_template_child (widget_class, FcMappingRow, active_switch);
  gtk_widget_class_bind_template_child (widget_class, FcMappingRow, approve_button);
  gtk_widget_class_bind_template_child (widget_class, FcMappingRow, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, FcMappingRow, held_box);
  gtk_widget_class_bind_template_child (widget_class, FcMappingRow, next_label);
  gtk_widget_class_bind_template_child (widget_class, FcMappingRow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, FcMappingRow, progress_box);
  gtk_widget_class_bind_template_child (widget_class, FcMappingRow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, FcMappingRow, realtime_switch);
  gtk_widget_class_bind_template_child (widget_class, FcMappingRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, FcMappingRow, sync_button);
}

static void
fc_mapping_row_init (FcMappingRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * fc_mapping_row_new:
 * @engine: the engine that holds the mapping's connections and runs
 * @mapping: the mapping to show
 *
 * Returns: (transfer floating): a row that shows @mapping
 */
GtkWidget *
fc_mapping_row_new (FcEngine  *engine,
                    FcMapping *mapping)
{
  g_return_val_if_fail (FC_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (FC_IS_MAPPING (mapping), NULL);

  return g_object_new (FC_TYPE_MAPPING_ROW,
                       "engine", engine,
                       "mapping", mapping,
                       NULL);
}

/**
 * fc_mapping_row_get_mapping:
 * @self: a #FcMappingRow
 *
 * Returns: (transfer none): the mapping the row shows
 */
FcMapping *
fc_mapping_row_get_mapping (FcMappingRow *self)
{
  g_return_val_if_fail (FC_IS_MAPPING_ROW (self), NULL);

  return self->mapping;
}

/**
 * fc_mapping_row_update_status:
 * @self: a #FcMappingRow
 *
 * Reads the mapping's last run again, after a run ended.
 */
void
fc_mapping_row_update_status (FcMappingRow *self)
{
  g_return_if_fail (FC_IS_MAPPING_ROW (self));

  update_run_status (self);
}

/**
 * fc_mapping_row_set_running:
 * @self: a #FcMappingRow
 * @running: whether a run of the mapping goes on
 *
 * Shows the progress bar and its Cancel button instead of Sync Now while a run goes on.
 */
void
fc_mapping_row_set_running (FcMappingRow *self,
                            gboolean      running)
{
  g_return_if_fail (FC_IS_MAPPING_ROW (self));

  self->running = running;
  gtk_widget_set_visible (GTK_WIDGET (self->progress_box), running);
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), !running);
  gtk_widget_set_visible (GTK_WIDGET (self->next_label), !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sync_button), !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "row.preview", !running);
  gtk_widget_set_visible (GTK_WIDGET (self->held_box), self->held_run_id != NULL && !running);
  if (running)
    fc_mapping_row_set_progress (self, -1, _("Starting…"));
  else
    update_run_status (self);
}

/**
 * fc_mapping_row_set_progress:
 * @self: a #FcMappingRow
 * @fraction: how much of the run is done, from 0 to 1, or < 0 when unknown
 * @text: (nullable): what the run does now
 *
 * Moves the progress bar on, or pulses it when the total is unknown.
 */
void
fc_mapping_row_set_progress (FcMappingRow *self,
                             double        fraction,
                             const char   *text)
{
  g_return_if_fail (FC_IS_MAPPING_ROW (self));

  if (fraction < 0)
    gtk_progress_bar_pulse (self->progress_bar);
  else
    gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0.0, 1.0));
  gtk_label_set_label (self->progress_label, text);
}
