/* fc-plan-dialog.c: what a sync run would do, shown before it is done
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A dry run's plan grouped by kind: records to create, updates with each field's value before
 * and after, conflicts, deletes, and what is left alone. "Apply" asks (signal "apply") for the
 * run to be done for real; the dialog itself runs nothing.
 */

#define G_LOG_DOMAIN "fc-plan-dialog"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-plan-dialog.h"

/* Rows listed per group; the rest are counted. */
#define MAX_ROWS_PER_GROUP 200

struct _FcPlanDialog
{
  AdwWindow     parent_instance;

  FcEngine     *engine;
  FcSyncResult *result;
  guint         n_rows[FC_SYNC_PLAN_DELETE + 1];

  /* Template children */
  GtkButton    *apply_button;
  AdwPreferencesPage *page;
  GtkStack     *stack;
  GtkLabel     *summary_label;
};

G_DEFINE_FINAL_TYPE (FcPlanDialog, fc_plan_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_APPLY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The order and titles of the groups. */
static const struct {
  FcSyncPlanKind kind;
  const char    *title;
} group_order[] = {
  { FC_SYNC_PLAN_CREATE, N_("Records to Create") },
  { FC_SYNC_PLAN_UPDATE, N_("Records to Update") },
  { FC_SYNC_PLAN_CONFLICT, N_("Conflicts") },
  { FC_SYNC_PLAN_DELETE, N_("Records to Delete or Archive") },
  { FC_SYNC_PLAN_LINK, N_("Records Matched") },
  { FC_SYNC_PLAN_PARK, N_("Ambiguous Matches") },
  { FC_SYNC_PLAN_SKIP, N_("Records Left Alone") },
};

static char *
describe_side (FcPlanDialog *self,
               FcSyncSide    side)
{
  FcMapping *mapping;
  FcConnection *connection;
  const char *connection_id;
  const char *object;

  mapping = fc_engine_lookup_mapping (self->engine, fc_sync_result_get_mapping_id (self->result));
  if (mapping == NULL)
    return g_strdup (side == FC_SYNC_SIDE_SOURCE ? _("source") : _("target"));

  connection_id = side == FC_SYNC_SIDE_SOURCE ? fc_mapping_get_source_connection_id (mapping)
                                              : fc_mapping_get_target_connection_id (mapping);
  object = side == FC_SYNC_SIDE_SOURCE ? fc_mapping_get_source_object (mapping)
                                       : fc_mapping_get_target_object (mapping);
  connection = fc_engine_lookup_connection (self->engine, connection_id);
  if (connection == NULL)
    return g_strdup (object);

  /* Translators: a provider's name and the kind of record, as in "HubSpot contacts" */
  return g_strdup_printf (C_("mapping side", "%s %s"),
                          fc_provider_get_display_name (fc_connection_get_provider (connection)),
                          object);
}

static char *
describe_value (JsonObject *change,
                const char *member)
{
  JsonNode *node = json_object_get_member (change, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup (_("(empty)"));
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));

  return json_to_string (node, FALSE);
}

static char *
describe_entry (FcPlanDialog    *self,
                FcSyncPlanEntry *entry)
{
  g_autofree char *side = describe_side (self, entry->side);
  const char *id = entry->side == FC_SYNC_SIDE_SOURCE ? entry->source_id : entry->target_id;
  const char *other = entry->side == FC_SYNC_SIDE_SOURCE ? entry->target_id : entry->source_id;

  switch (entry->kind)
    {
    case FC_SYNC_PLAN_CREATE:
      /* Translators: %s is where, as in "HubSpot contacts"; the second the record it copies */
      return g_strdup_printf (_("New record in %s, from %s"), side, other != NULL ? other : "—");
    case FC_SYNC_PLAN_UPDATE:
      /* Translators: the first %s is a record's id, the second where, as in "HubSpot
       * contacts" */
      return g_strdup_printf (_("Record %s in %s"), id != NULL ? id : "—", side);
    case FC_SYNC_PLAN_DELETE:
      /* Translators: the first %s is a record's id, the second where */
      return g_strdup_printf (_("Record %s in %s"), id != NULL ? id : "—", side);
    case FC_SYNC_PLAN_CONFLICT:
    case FC_SYNC_PLAN_LINK:
    case FC_SYNC_PLAN_PARK:
    case FC_SYNC_PLAN_SKIP:
    default:
      /* Translators: the ids of a source record and of its counterpart */
      return g_strdup_printf (_("%s ↔ %s"),
                              entry->source_id != NULL ? entry->source_id : "—",
                              entry->target_id != NULL ? entry->target_id : "—");
    }
}

static GtkWidget *
create_entry_row (FcPlanDialog    *self,
                  FcSyncPlanEntry *entry)
{
  g_autofree char *title = describe_entry (self, entry);
  g_autoptr (GList) members = NULL;
  GtkWidget *row;

  if (entry->fields == NULL || json_object_get_size (entry->fields) == 0)
    {
      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      if (entry->message != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), entry->message);
      return row;
    }

  row = adw_expander_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (entry->message != NULL)
    adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), entry->message);

  /* One line per field: "email" with "old@example.com → new@example.com" */
  members = json_object_get_members (entry->fields);
  members = g_list_sort (members, (GCompareFunc) g_strcmp0);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (entry->fields, l->data);
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;
      g_autofree char *change = NULL;
      GtkWidget *field_row;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      before = describe_value (json_node_get_object (node), "before");
      after = describe_value (json_node_get_object (node), "after");
      if (entry->kind == FC_SYNC_PLAN_CREATE)
        change = g_strdup (after);
      else
        /* Translators: a field's value before and after a sync */
        change = g_strdup_printf (_("%s → %s"), before, after);

      field_row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (field_row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (field_row), l->data);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (field_row), change);
      gtk_widget_add_css_class (field_row, "property");
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), field_row);
    }
  /* A short plan opens its rows; a long one stays compact. */
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), json_object_get_size (entry->fields) <= 4
                                 && fc_sync_result_get_plan (self->result)->len <= 6);

  return row;
}

static void
fill_plan (FcPlanDialog *self)
{
  GPtrArray *plan = fc_sync_result_get_plan (self->result);
  const FcSyncCounts *counts = fc_sync_result_get_counts (self->result);
  g_autofree char *summary = NULL;
  gboolean writes = FALSE;

  for (guint g = 0; g < G_N_ELEMENTS (group_order); g++)
    {
      AdwPreferencesGroup *group = NULL;
      guint n = 0;

      for (guint i = 0; i < plan->len; i++)
        {
          FcSyncPlanEntry *entry = g_ptr_array_index (plan, i);

          if (entry->kind != group_order[g].kind)
            continue;
          n++;
          if (n > MAX_ROWS_PER_GROUP)
            continue;
          if (group == NULL)
            {
              group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
              adw_preferences_group_set_title (group, _(group_order[g].title));
              adw_preferences_page_add (self->page, group);
            }
          adw_preferences_group_add (group, create_entry_row (self, entry));
          self->n_rows[entry->kind]++;
        }

      if (n > MAX_ROWS_PER_GROUP)
        {
          g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                "and %u more record",
                                                                "and %u more records",
                                                                n - MAX_ROWS_PER_GROUP),
                                                   n - MAX_ROWS_PER_GROUP);
          adw_preferences_group_set_description (group, more);
        }

      if (n > 0 && group_order[g].kind != FC_SYNC_PLAN_SKIP &&
          group_order[g].kind != FC_SYNC_PLAN_PARK)
        writes = TRUE;
    }

  /* Translators: what a run would do, counted */
  summary = g_strdup_printf (_("%u to create, %u to update, %u conflicts, %u left alone, "
                               "from %u changed records"),
                             counts->created, counts->updated, counts->conflicts,
                             counts->skipped, counts->fetched);
  gtk_label_set_label (self->summary_label, summary);

  gtk_stack_set_visible_child_name (self->stack, plan->len > 0 ? "plan" : "empty");
  gtk_widget_set_sensitive (GTK_WIDGET (self->apply_button), writes);
}

static void
on_apply_clicked_cb (FcPlanDialog *self)
{
  g_signal_emit (self, signals[SIGNAL_APPLY], 0);
}

static void
fc_plan_dialog_dispose (GObject *object)
{
  FcPlanDialog *self = FC_PLAN_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), FC_TYPE_PLAN_DIALOG);
  g_clear_object (&self->engine);
  g_clear_pointer (&self->result, fc_sync_result_unref);

  G_OBJECT_CLASS (fc_plan_dialog_parent_class)->dispose (object);
}

static void
fc_plan_dialog_class_init (FcPlanDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fc_plan_dialog_dispose;

  /**
   * FcPlanDialog::apply:
   *
   * The user asked for the planned changes to be made.
   */
  signals[SIGNAL_APPLY] =
    g_signal_new ("apply", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/fluxcascade/FluxCascade/fc-plan-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FcPlanDialog, apply_button);
  gtk_widget_class_bind_template_child (widget_class, FcPlanDialog, page);
  gtk_widget_class_bind_template_child (widget_class, FcPlanDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, FcPlanDialog, summary_label);
  gtk_widget_class_bind_template_callback (widget_class, on_apply_clicked_cb);
}

static void
fc_plan_dialog_init (FcPlanDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * fc_plan_dialog_new:
 * @parent: (nullable): the window the dialog is modal to
 * @engine: the engine that ran the mapping
 * @result: the result of a dry run
 *
 * Returns: (transfer none): a new dialog listing the plan of @result
 */
FcPlanDialog *
fc_plan_dialog_new (GtkWindow    *parent,
                    FcEngine     *engine,
                    FcSyncResult *result)
{
  FcPlanDialog *self;
  FcMapping *mapping;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (FC_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (result != NULL, NULL);

  self = g_object_new (FC_TYPE_PLAN_DIALOG,
                       "transient-for", parent,
                       "application", parent != NULL ? gtk_window_get_application (parent) : NULL,
                       NULL);
  self->engine = g_object_ref (engine);
  self->result = fc_sync_result_ref (result);

  mapping = fc_engine_lookup_mapping (engine, fc_sync_result_get_mapping_id (result));
  if (mapping != NULL)
    {
      /* Translators: %s names a mapping */
      g_autofree char *title = g_strdup_printf (_("Preview of “%s”"),
                                                fc_mapping_get_name (mapping));
      gtk_window_set_title (GTK_WINDOW (self), title);
    }

  fill_plan (self);

  return self;
}

const char *
fc_plan_dialog_get_mapping_id (FcPlanDialog *self)
{
  g_return_val_if_fail (FC_IS_PLAN_DIALOG (self), NULL);

  return fc_sync_result_get_mapping_id (self->result);
}

guint
fc_plan_dialog_count_rows (FcPlanDialog   *self,
                           FcSyncPlanKind  kind)
{
  g_return_val_if_fail (FC_IS_PLAN_DIALOG (self), 0);
  g_return_val_if_fail (kind <= FC_SYNC_PLAN_DELETE, 0);

  return self->n_rows[kind];
}
