/* fc-run-details-history.c: everything FluxCascade did to one record, and why it is (not) in
 * sync
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window answers "why is this record (not) in sync?" in one sentence drawn from its links,
 * its open conflicts and its last event, then lists the links with their agreed values (the
 * bases) and every event about the record across runs and mappings, newest first.
 */

#define G_LOG_DOMAIN "fc-record-history"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-run-details-history.h"
#include "fc-run-details-row.h"

struct _FcRecordHistoryWindow
{
  AdwWindow       parent_instance;

  GListModel     *events;
  char           *verdict;

  /* Template children */
  GtkListBox     *events_list;
  AdwPreferencesGroup *links_group;
  GtkImage       *verdict_icon;
  GtkLabel       *verdict_label;
  AdwWindowTitle *window_title;
};

G_DEFINE_FINAL_TYPE (FcRecordHistoryWindow, fc_record_history_window, ADW_TYPE_WINDOW)

static char *
join_values (JsonArray *values)
{
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; values != NULL && i < json_array_get_length (values); i++)
    {
      const char *value = json_array_get_string_element (values, i);

      if (i > 0)
        g_string_append (text, ", ");
      g_string_append (text, value != NULL && value[0] != '\0' ? value : _("(empty)"));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
add_link (FcRecordHistoryWindow *self,
          JsonObject            *link)
{
  JsonArray *bases = json_object_get_array_member (link, "bases");
  g_autofree char *subtitle = NULL;
  GtkWidget *row;

  row = adw_expander_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 json_object_get_string_member (link, "mappingName"));
  subtitle = g_strdup_printf (_("Source %s ↔ target %s"),
                              json_object_get_string_member (link, "sourceRecordId"),
                              json_object_get_string_member (link, "targetRecordId"));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);

  for (guint i = 0; i < json_array_get_length (bases); i++)
    {
      JsonObject *base = json_array_get_object_element (bases, i);
      g_autofree char *source = join_values (json_object_get_array_member (base, "source"));
      g_autofree char *target = join_values (json_object_get_array_member (base, "target"));
      g_autofree char *values = g_strdup_printf (_("Source: %s · Target: %s"), source, target);
      GtkWidget *base_row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (base_row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (base_row),
                                     json_object_get_string_member (base, "pair"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (base_row), values);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), base_row);
    }

  adw_preferences_group_add (self->links_group, row);
}

/* One sentence: why the record is, or is not, in sync. */
static void
find_verdict (FcRecordHistoryWindow  *self,
              JsonArray              *links,
              const char            **out_icon)
{
  g_autoptr (FcEventInfo) last = NULL;
  gint64 open_conflicts = 0;
  const char *kind = NULL;
  const char *message = NULL;

  for (guint i = 0; links != NULL && i < json_array_get_length (links); i++)
    open_conflicts += json_object_get_int_member (json_array_get_object_element (links, i),
                                                  "openConflicts");
  if (g_list_model_get_n_items (self->events) > 0)
    {
      last = g_list_model_get_item (self->events, 0);
      kind = fc_event_info_get_kind (last);
      message = fc_event_info_get_message (last);
    }
  if (message == NULL)
    message = "";

  *out_icon = "dialog-warning-symbolic";
  if (open_conflicts > 0)
    self->verdict = g_strdup_printf (ngettext ("Not in sync: %lld field waits "
                                               "for your decision in Conflicts.",
                                               "Not in sync: %lld fields wait "
                                               "for your decision in Conflicts.",
                                               open_conflicts), (long long) open_conflicts);
  else if (g_strcmp0 (kind, "record.error") == 0)
    self->verdict = g_strdup_printf (_("Not in sync: the last run could not write it (%s). "
                                       "The next run tries again."), message);
  else if (g_strcmp0 (kind, "record.skipped") == 0)
    self->verdict = g_strdup_printf (_("Not in sync: the last run left it alone (%s)."),
                                     message);
  else if (g_strcmp0 (kind, "record.parked") == 0)
    self->verdict = g_strdup_printf (_("Not in sync: its match key fits several records (%s). "
                                       "Make the key unique on one side."), message);
  else if (links != NULL && json_array_get_length (links) > 0)
    {
      *out_icon = "emblem-ok-symbolic";
      self->verdict = g_strdup_printf (ngettext ("In sync: linked in %u mapping, and the last "
                                                 "run wrote what changed.",
                                                 "In sync: linked in %u mappings, and the last "
                                                 "run wrote what changed.",
                                                 json_array_get_length (links)),
                                       json_array_get_length (links));
    }
  else if (last != NULL)
    self->verdict = g_strdup (_("Not in sync: the record has no link in any mapping now."));
  else
    {
      *out_icon = "dialog-question-symbolic";
      self->verdict = g_strdup (_("No run has read or written this record yet."));
    }
}

static void
load (FcRecordHistoryWindow *self,
      FcStore               *store,
      const char            *record_id)
{
  g_autoptr (JsonArray) links = NULL;
  g_autoptr (GError) error = NULL;
  const char *icon = NULL;

  adw_window_title_set_subtitle (self->window_title, record_id);

  self->events = fc_run_log_list_record_events (store, record_id, 0, &error);
  if (self->events != NULL)
    links = fc_run_log_list_record_links (store, record_id, &error);
  if (self->events == NULL)
    self->events = G_LIST_MODEL (g_list_store_new (FC_TYPE_EVENT_INFO));

  if (error != NULL)
    {
      self->verdict = g_strdup (error->message);
      icon = "dialog-error-symbolic";
    }
  else
    find_verdict (self, links, &icon);
  gtk_label_set_text (self->verdict_label, self->verdict);
  gtk_image_set_from_icon_name (self->verdict_icon, icon);

  for (guint i = 0; links != NULL && i < json_array_get_length (links); i++)
    add_link (self, json_array_get_object_element (links, i));
  gtk_widget_set_visible (GTK_WIDGET (self->links_group),
                          links != NULL && json_array_get_length (links) > 0);

  for (guint i = 0; i < g_list_model_get_n_items (self->events); i++)
    {
      g_autoptr (FcEventInfo) event = g_list_model_get_item (self->events, i);
      GtkWidget *row = fc_event_row_new (TRUE);

      fc_event_row_set_event (FC_EVENT_ROW (row), event);
      gtk_list_box_append (self->events_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->events_list),
                          g_list_model_get_n_items (self->events) > 0);
}

static void
fc_record_history_window_dispose (GObject *object)
{
  FcRecordHistoryWindow *self = FC_RECORD_HISTORY_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), FC_TYPE_RECORD_HISTORY_WINDOW);
  g_clear_object (&self->events);

  G_OBJECT_CLASS (fc_record_history_window_parent_class)->dispose (object);
}

static void
fc_record_history_window_finalize (GObject *object)
{
  FcRecordHistoryWindow *self = FC_RECORD_HISTORY_WINDOW (object);

  g_free (self->verdict);

  G_OBJECT_CLASS (fc_record_history_window_parent_class)->finalize (object);
}

static void
fc_record_history_window_class_init (FcRecordHistoryWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fc_record_history_window_dispose;
  object_class->finalize = fc_record_history_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/fluxcascade/FluxCascade/"
                                               "fc-run-details-history.ui");
  gtk_widget_class_bind_template_child (widget_class, FcRecordHistoryWindow, events_list);
  gtk_widget_class_bind_template_child (widget_class, FcRecordHistoryWindow, links_group);
  gtk_widget_class_bind_template_child (widget_class, FcRecordHistoryWindow, verdict_icon);
  gtk_widget_class_bind_template_child (widget_class, FcRecordHistoryWindow, verdict_label);
  gtk_widget_class_bind_template_child (widget_class, FcRecordHistoryWindow, window_title);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
fc_record_history_window_init (FcRecordHistoryWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * fc_record_history_window_new:
 * @store: the store to read
 * @record_id: the record's id, on either side
 *
 * Returns: (transfer none): a new window, not shown yet, owned by GTK until it is destroyed
 */
FcRecordHistoryWindow *
fc_record_history_window_new (FcStore    *store,
                              const char *record_id)
{
  FcRecordHistoryWindow *self;

  g_return_val_if_fail (FC_IS_STORE (store), NULL);
  g_return_val_if_fail (record_id != NULL, NULL);

  self = g_object_new (FC_TYPE_RECORD_HISTORY_WINDOW, NULL);
  load (self, store, record_id);
  return self;
}

const char *
fc_record_history_window_get_verdict (FcRecordHistoryWindow *self)
{
  g_return_val_if_fail (FC_IS_RECORD_HISTORY_WINDOW (self), NULL);

  return self->verdict;
}

GListModel *
fc_record_history_window_get_events (FcRecordHistoryWindow *self)
{
  g_return_val_if_fail (FC_IS_RECORD_HISTORY_WINDOW (self), NULL);

  return self->events;
}
