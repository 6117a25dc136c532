/* fc-run-details-row.c: one event of a sync run: what changed in a record, and why
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A row shows the kind of event, its time and records, the message, each changed field as
 * "before → after", and the provider's raw error in a monospace expander. Its History button
 * activates activity.record-history with the record's id.
 */

#define G_LOG_DOMAIN "fc-run-details-row"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-run-details-row.h"

struct _FcEventRow
{
  GtkWidget    parent_instance;

  FcEventInfo *event;
  gboolean     show_run;

  GtkWidget   *kind_label;
  GtkWidget   *time_label;
  GtkWidget   *records_label;
  GtkWidget   *history_button;
  GtkWidget   *message_label;
  GtkWidget   *fields_grid;
  GtkWidget   *error_expander;
  GtkWidget   *error_label;
};

G_DEFINE_FINAL_TYPE (FcEventRow, fc_event_row, GTK_TYPE_WIDGET)

static const struct
{
  const char *kind;
  const char *label;
  const char *css_class;
} kinds[] = {
  { "record.created", N_("Created"), "success" },
  { "record.updated", N_("Updated"), "accent" },
  { "record.deleted", N_("Deleted"), "warning" },
  { "record.linked", N_("Linked"), "success" },
  { "record.skipped", N_("Skipped"), "dim-label" },
  { "record.parked", N_("Parked"), "warning" },
  { "record.conflict", N_("Conflict"), "warning" },
  { "record.error", N_("Failed"), "error" },
};

const char *
fc_event_kind_get_label (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kinds[i].kind, kind) == 0)
      return _(kinds[i].label);
  return kind != NULL ? kind : "";
}

static const char *
kind_css_class (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kinds[i].kind, kind) == 0)
      return kinds[i].css_class;
  return "dim-label";
}

char *
fc_event_value_to_display (JsonNode *value)
{
  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    return g_strdup (_("(empty)"));
  if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (value);

      return g_strdup (text[0] != '\0' ? text : _("(empty)"));
    }
  return json_to_string (value, FALSE);
}

static GtkWidget *
new_label (const char *css_class,
           gboolean    wrap)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (wrap)
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
    }
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static void
clear_fields (FcEventRow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->fields_grid)) != NULL)
    gtk_grid_remove (GTK_GRID (self->fields_grid), child);
}

static void
show_fields (FcEventRow *self,
             JsonObject *fields)
{
  g_autoptr (GList) names = json_object_get_members (fields);
  int row = 0;

  for (GList *l = names; l != NULL; l = l->next, row++)
    {
      JsonNode *change = json_object_get_member (fields, l->data);
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;
      GtkWidget *label;

      if (!JSON_NODE_HOLDS_OBJECT (change))
        continue;
      before = fc_event_value_to_display (json_object_get_member (json_node_get_object (change),
                                                                  "before"));
      after = fc_event_value_to_display (json_object_get_member (json_node_get_object (change),
                                                                 "after"));

      label = new_label ("caption-heading", FALSE);
      gtk_label_set_text (GTK_LABEL (label), l->data);
      gtk_grid_attach (GTK_GRID (self->fields_grid), label, 0, row, 1, 1);
      label = new_label ("dim-label", TRUE);
      gtk_label_set_text (GTK_LABEL (label), before);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_grid_attach (GTK_GRID (self->fields_grid), label, 1, row, 1, 1);
      label = new_label ("dim-label", FALSE);
      gtk_label_set_text (GTK_LABEL (label), "→");
      gtk_grid_attach (GTK_GRID (self->fields_grid), label, 2, row, 1, 1);
      label = new_label (NULL, TRUE);
      gtk_label_set_text (GTK_LABEL (label), after);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_grid_attach (GTK_GRID (self->fields_grid), label, 3, row, 1, 1);
    }
  gtk_widget_set_visible (self->fields_grid, row > 0);
}

static char *
format_records (FcEventInfo *event)
{
  const char *source = fc_event_info_get_source_record_id (event);
  const char *target = fc_event_info_get_target_record_id (event);

  if (source != NULL && target != NULL)
    /* Translators: the ids of a record and of its counterpart */
    return g_strdup_printf (_("%s ↔ %s"), source, target);
  if (source != NULL)
    return g_strdup_printf (_("Source %s"), source);
  if (target != NULL)
    return g_strdup_printf (_("Target %s"), target);
  return g_strdup ("");
}

void
fc_event_row_set_event (FcEventRow  *self,
                        FcEventInfo *event)
{
  g_autoptr (GDateTime) utc = NULL;
  g_autoptr (GDateTime) local = NULL;
  g_autofree char *time = NULL;
  g_autofree char *records = NULL;
  const char *record_id;
  const char *message;
  JsonObject *details;
  JsonObject *error;
  JsonNode *fields;

  g_return_if_fail (FC_IS_EVENT_ROW (self));

  if (!g_set_object (&self->event, event))
    return;

  clear_fields (self);
  if (event == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    gtk_widget_remove_css_class (self->kind_label, kinds[i].css_class);
  gtk_widget_add_css_class (self->kind_label, kind_css_class (fc_event_info_get_kind (event)));
  gtk_label_set_text (GTK_LABEL (self->kind_label),
                      fc_event_kind_get_label (fc_event_info_get_kind (event)));

  utc = g_date_time_new_from_unix_utc (fc_event_info_get_at_ms (event) / 1000);
  local = utc != NULL ? g_date_time_to_local (utc) : NULL;
  time = local != NULL ? g_date_time_format (local, self->show_run ? "%x %X" : "%X") : NULL;
  if (self->show_run && time != NULL)
    {
      char *with_mapping = g_strdup_printf ("%s · %s", time,
                                            fc_event_info_get_mapping_name (event));

      g_free (time);
      time = with_mapping;
    }
  gtk_label_set_text (GTK_LABEL (self->time_label), time != NULL ? time : "");

  records = format_records (event);
  gtk_label_set_text (GTK_LABEL (self->records_label), records);

  record_id = fc_event_info_get_source_record_id (event);
  if (record_id == NULL)
    record_id = fc_event_info_get_target_record_id (event);
  gtk_widget_set_visible (self->history_button, record_id != NULL && !self->show_run);
  if (record_id != NULL)
    gtk_actionable_set_action_target (GTK_ACTIONABLE (self->history_button), "s", record_id);

  message = fc_event_info_get_message (event);
  gtk_label_set_text (GTK_LABEL (self->message_label), message != NULL ? message : "");
  gtk_widget_set_visible (self->message_label, message != NULL && message[0] != '\0');

  details = fc_event_info_get_details (event);
  fields = details != NULL ? json_object_get_member (details, "fields") : NULL;
  if (fields != NULL && JSON_NODE_HOLDS_OBJECT (fields))
    show_fields (self, json_node_get_object (fields));
  else
    gtk_widget_set_visible (self->fields_grid, FALSE);

  error = fc_event_info_get_error (event);
  gtk_widget_set_visible (self->error_expander, error != NULL);
  if (error != NULL)
    {
      g_autoptr (JsonNode) node = json_node_init_object (json_node_alloc (), error);
      g_autofree char *text = json_to_string (node, TRUE);

      gtk_label_set_text (GTK_LABEL (self->error_label), text);
    }
}

FcEventInfo *
fc_event_row_get_event (FcEventRow *self)
{
  g_return_val_if_fail (FC_IS_EVENT_ROW (self), NULL);

  return self->event;
}

static void
fc_event_row_dispose (GObject *object)
{
  FcEventRow *self = FC_EVENT_ROW (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->event);

  G_OBJECT_CLASS (fc_event_row_parent_class)->dispose (object);
}

static void
fc_event_row_class_init (FcEventRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fc_event_row_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "fceventrow");
}

static void
fc_event_row_init (FcEventRow *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  GtkWidget *header;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 4);
  gtk_widget_set_margin_top (GTK_WIDGET (self), 8);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self), 8);
  gtk_widget_set_margin_start (GTK_WIDGET (self), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self), 12);

  header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_parent (header, GTK_WIDGET (self));

  self->kind_label = new_label ("heading", FALSE);
  gtk_box_append (GTK_BOX (header), self->kind_label);
  self->records_label = new_label ("monospace", FALSE);
  gtk_label_set_selectable (GTK_LABEL (self->records_label), TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (self->records_label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_set_hexpand (self->records_label, TRUE);
  gtk_box_append (GTK_BOX (header), self->records_label);
  self->time_label = new_label ("dim-label", FALSE);
  gtk_widget_add_css_class (self->time_label, "numeric");
  gtk_box_append (GTK_BOX (header), self->time_label);
  self->history_button = gtk_button_new_from_icon_name ("document-open-recent-symbolic");
  gtk_widget_add_css_class (self->history_button, "flat");
  gtk_widget_set_tooltip_text (self->history_button, _("Record History"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->history_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Record History"), -1);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->history_button), "s", "");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->history_button),
                                  "activity.record-history");
  gtk_box_append (GTK_BOX (header), self->history_button);

  self->message_label = new_label (NULL, TRUE);
  gtk_widget_set_parent (self->message_label, GTK_WIDGET (self));

  self->fields_grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (self->fields_grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (self->fields_grid), 2);
  gtk_widget_set_parent (self->fields_grid, GTK_WIDGET (self));

  self->error_expander = gtk_expander_new (_("Provider Error"));
  self->error_label = new_label ("monospace", TRUE);
  gtk_label_set_selectable (GTK_LABEL (self->error_label), TRUE);
  gtk_expander_set_child (GTK_EXPANDER (self->error_expander), self->error_label);
  gtk_widget_set_parent (self->error_expander, GTK_WIDGET (self));
}

/**
 * fc_event_row_new:
 * @show_run: whether the row says which run (time and mapping) the event is of, as a
 *   record's history does; a run's own list leaves that out and offers the history instead
 *
 * Returns: (transfer floating): a new row without an event
 */
GtkWidget *
fc_event_row_new (gboolean show_run)
{
  FcEventRow *self = g_object_new (FC_TYPE_EVENT_ROW, NULL);

  self->show_run = show_run;
  return GTK_WIDGET (self);
}
