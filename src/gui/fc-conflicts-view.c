/* fc-conflicts-view.c: the conflicts waiting for the user's decision
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One group per record (link), one row per field pair with the base, source and target values
 * side by side, and the choices: take the source, take the target, or edit a value of one's
 * own; per field, per record, or for every conflict listed. Each choice goes through
 * fc_engine_resolve_conflict (); the next run of the mapping writes it.
 */

#define G_LOG_DOMAIN "fc-conflicts-view"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-conflicts-view.h"
#include "fc-run-log.h"

#define RELOAD_DELAY_MS 250

struct _FcConflictsView
{
  GtkWidget   parent_instance;

  FcEngine   *engine;
  GListModel *conflicts;
  guint       reload_id;

  /* Template children */
  GtkLabel   *count_label;
  GtkBox     *groups_box;
  GtkWidget  *resolve_all_button;
  GtkStack   *stack;
  AdwStatusPage *status_page;
};

G_DEFINE_FINAL_TYPE (FcConflictsView, fc_conflicts_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_N_OPEN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
show_error (FcConflictsView *self,
            const GError    *error)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (error->message));
  else
    g_message ("%s", error->message);
}

/* ---- rows ------------------------------------------------------------------------------- */

static char *
join_values (const char * const *values)
{
  g_autoptr (GString) text = g_string_new (NULL);

  if (values == NULL)
    return g_strdup (_("(no base yet)"));
  for (guint i = 0; values[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (text, ", ");
      g_string_append (text, values[i][0] != '\0' ? values[i] : _("(empty)"));
    }
  if (text->len == 0)
    g_string_append (text, _("(empty)"));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* "firstname,lastname=name" as "firstname, lastname ↔ name". */
static char *
pair_title (const char *pair)
{
  g_auto (GStrv) sides = g_strsplit (pair != NULL ? pair : "", "=", 2);
  g_auto (GStrv) sources = NULL;
  g_auto (GStrv) targets = NULL;
  g_autofree char *source = NULL;
  g_autofree char *target = NULL;

  if (g_strv_length (sides) < 2)
    return g_strdup (pair);
  sources = g_strsplit (sides[0], ",", -1);
  targets = g_strsplit (sides[1], ",", -1);
  source = g_strjoinv (", ", sources);
  target = g_strjoinv (", ", targets);
  return g_strdup_printf ("%s ↔ %s", source, target);
}

static GtkWidget *
value_column (const char         *heading,
              const char * const *values,
              const char         *css_class)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *label = gtk_label_new (heading);
  g_autofree char *text = join_values (values);

  gtk_widget_set_hexpand (box, TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);

  label = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_box_append (GTK_BOX (box), label);
  return box;
}

static GtkWidget *
action_button (const char *label,
               const char *tooltip,
               gint64      conflict_id,
               const char *take)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "conflicts.take");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(xs)", conflict_id, take);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  return button;
}

static void
on_use_value_clicked_cb (GtkButton       *button,
                         FcConflictsView *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (button), "fc-value-entry");
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (button), "fc-conflict-id");

  gtk_widget_activate_action (GTK_WIDGET (self), "conflicts.use-value", "(xs)", id,
                              gtk_editable_get_text (entry));
}

/* Several fields on both sides take no single value of the user's own. */
static gboolean
can_edit (FcConflictInfo *conflict)
{
  return g_strv_length ((char **) fc_conflict_info_get_source (conflict)) <= 1 ||
         g_strv_length ((char **) fc_conflict_info_get_target (conflict)) <= 1;
}

static GtkWidget *
conflict_row (FcConflictsView *self,
              FcConflictInfo  *conflict)
{
  gint64 id = fc_conflict_info_get_id (conflict);
  g_autofree char *title = pair_title (fc_conflict_info_get_pair (conflict));
  g_autofree char *name = NULL;
  const char * const *base;
  GtkWidget *row;
  GtkWidget *box;
  GtkWidget *choices;
  GtkWidget *label;
  GtkWidget *values;
  GtkWidget *edit;
  GtkWidget *revealer;
  GtkWidget *edit_box;
  GtkWidget *entry;
  GtkWidget *apply;

  row = g_object_new (ADW_TYPE_PREFERENCES_ROW, "activatable", FALSE, "title", title,
                      "use-markup", FALSE, NULL);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 10);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  label = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);

  /* The choices go under the values, so that a narrow window keeps them whole. */
  choices = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_halign (choices, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (choices),
                  action_button (_("Take _Source"), _("Keep the source's value"), id, "source"));
  gtk_box_append (GTK_BOX (choices),
                  action_button (_("Take _Target"), _("Keep the target's value"), id, "target"));
  edit = gtk_toggle_button_new_with_mnemonic (_("_Edit"));
  gtk_widget_set_tooltip_text (edit, _("Give a value of your own"));
  gtk_widget_set_valign (edit, GTK_ALIGN_CENTER);
  gtk_widget_set_sensitive (edit, can_edit (conflict));
  name = g_strdup_printf ("edit-%" G_GINT64_FORMAT, id);
  gtk_widget_set_name (edit, name);
  gtk_box_append (GTK_BOX (choices), edit);

  values = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_box_set_homogeneous (GTK_BOX (values), TRUE);
  base = fc_conflict_info_get_base_source (conflict);
  gtk_box_append (GTK_BOX (values), value_column (_("Base (last agreed)"), base, "dim-label"));
  gtk_box_append (GTK_BOX (values), value_column (_("Source"),
                                                  fc_conflict_info_get_source (conflict), NULL));
  gtk_box_append (GTK_BOX (values), value_column (_("Target"),
                                                  fc_conflict_info_get_target (conflict), NULL));
  gtk_box_append (GTK_BOX (box), values);
  gtk_box_append (GTK_BOX (box), choices);

  revealer = gtk_revealer_new ();
  g_object_bind_property (edit, "active", revealer, "reveal-child", G_BINDING_SYNC_CREATE);
  edit_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  entry = gtk_entry_new ();
  gtk_widget_set_hexpand (entry, TRUE);
  g_free (name);
  name = g_strdup_printf ("entry-%" G_GINT64_FORMAT, id);
  gtk_widget_set_name (entry, name);
  gtk_editable_set_text (GTK_EDITABLE (entry),
                         fc_conflict_info_get_source (conflict)[0] != NULL
                         ? fc_conflict_info_get_source (conflict)[0] : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Value for both sides"), -1);
  gtk_box_append (GTK_BOX (edit_box), entry);
  apply = gtk_button_new_with_mnemonic (_("_Use Value"));
  gtk_widget_add_css_class (apply, "suggested-action");
  g_free (name);
  name = g_strdup_printf ("apply-%" G_GINT64_FORMAT, id);
  gtk_widget_set_name (apply, name);
  g_object_set_data (G_OBJECT (apply), "fc-value-entry", entry);
  g_object_set_data_full (G_OBJECT (apply), "fc-conflict-id", g_memdup2 (&id, sizeof id), g_free);
  g_signal_connect_object (apply, "clicked", G_CALLBACK (on_use_value_clicked_cb), self, 0);
  g_signal_connect_swapped (entry, "activate", G_CALLBACK (gtk_widget_activate), apply);
  gtk_box_append (GTK_BOX (edit_box), apply);
  gtk_revealer_set_child (GTK_REVEALER (revealer), edit_box);
  gtk_box_append (GTK_BOX (box), revealer);

  return row;
}

static GtkWidget *
record_group (FcConflictInfo *first)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  g_autofree char *description = NULL;
  const char *mapping_name = fc_conflict_info_get_mapping_name (first);
  gint64 link_id = fc_conflict_info_get_link_id (first);
  GtkWidget *button;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group),
                                   mapping_name[0] != '\0' ? mapping_name : _("Removed mapping"));
  /* Translators: the ids of a record and of its counterpart */
  description = g_strdup_printf (_("Source %s ↔ target %s"),
                                 fc_conflict_info_get_source_record_id (first),
                                 fc_conflict_info_get_target_record_id (first));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);

  button = gtk_button_new_with_label (_("All Source"));
  gtk_widget_set_tooltip_text (button, _("Keep the source's values of every field of this record"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "conflicts.take-record");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(xs)", link_id, "source");
  gtk_widget_add_css_class (button, "flat");
  gtk_box_append (GTK_BOX (buttons), button);
  button = gtk_button_new_with_label (_("All Target"));
  gtk_widget_set_tooltip_text (button, _("Keep the target's values of every field of this record"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "conflicts.take-record");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(xs)", link_id, "target");
  gtk_widget_add_css_class (button, "flat");
  gtk_box_append (GTK_BOX (buttons), button);
  gtk_widget_set_valign (buttons, GTK_ALIGN_END);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), buttons);
  return group;
}

/* ---- loading ---------------------------------------------------------------------------- */

static void
rebuild (FcConflictsView *self)
{
  GtkWidget *child;
  GtkWidget *group = NULL;
  gint64 group_link = -1;
  guint n;
  g_autofree char *count = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->groups_box))) != NULL)
    gtk_box_remove (self->groups_box, child);

  n = self->conflicts != NULL ? g_list_model_get_n_items (self->conflicts) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (FcConflictInfo) conflict = g_list_model_get_item (self->conflicts, i);

      if (group == NULL || fc_conflict_info_get_link_id (conflict) != group_link)
        {
          group = record_group (conflict);
          group_link = fc_conflict_info_get_link_id (conflict);
          gtk_box_append (self->groups_box, group);
        }
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), conflict_row (self, conflict));
    }

  count = g_strdup_printf (ngettext ("%u field waits for your decision. The next run of its "
                                     "mapping writes what you choose.",
                                     "%u fields wait for your decision. The next run of each "
                                     "mapping writes what you choose.", n), n);
  gtk_label_set_text (self->count_label, count);
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "empty");
}

void
fc_conflicts_view_reload (FcConflictsView *self)
{
  g_autoptr (GError) error = NULL;
  guint old_n;

  g_return_if_fail (FC_IS_CONFLICTS_VIEW (self));

  g_clear_handle_id (&self->reload_id, g_source_remove);
  old_n = fc_conflicts_view_get_n_open (self);
  g_clear_object (&self->conflicts);
  if (self->engine != NULL)
    {
      self->conflicts = fc_run_log_list_open_conflicts (fc_engine_get_store (self->engine),
                                                        &error);
      if (self->conflicts == NULL)
        g_warning ("%s", error->message);
    }
  rebuild (self);

  if (old_n != fc_conflicts_view_get_n_open (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_OPEN]);
}

static gboolean
on_reload_timeout_cb (gpointer user_data)
{
  FcConflictsView *self = FC_CONFLICTS_VIEW (user_data);

  self->reload_id = 0;
  fc_conflicts_view_reload (self);
  return G_SOURCE_REMOVE;
}

static void
on_engine_event_cb (FcEngine        *engine,
                    const char      *type,
                    JsonNode        *data,
                    FcConflictsView *self)
{
  if (!g_str_has_prefix (type, "sync.") && !g_str_has_prefix (type, "conflict.") &&
      !g_str_has_prefix (type, "mapping."))
    return;

  if (self->reload_id == 0)
    self->reload_id = g_timeout_add (RELOAD_DELAY_MS, on_reload_timeout_cb, self);
}

/* ---- actions ---------------------------------------------------------------------------- */

static FcSyncTake
take_from_string (const char *take)
{
  return g_strcmp0 (take, "target") == 0 ? FC_SYNC_TAKE_TARGET : FC_SYNC_TAKE_SOURCE;
}

/* Resolves the conflicts for which @link_id is the link (or all, with -1). */
static void
take_many (FcConflictsView *self,
           gint64           link_id,
           FcSyncTake       take)
{
  g_autoptr (GError) error = NULL;
  guint n = self->conflicts != NULL ? g_list_model_get_n_items (self->conflicts) : 0;

  for (guint i = 0; i < n && error == NULL; i++)
    {
      g_autoptr (FcConflictInfo) conflict = g_list_model_get_item (self->conflicts, i);

      if (link_id >= 0 && fc_conflict_info_get_link_id (conflict) != link_id)
        continue;
      fc_engine_resolve_conflict (self->engine, fc_conflict_info_get_id (conflict), take, NULL,
                                  &error);
    }
  if (error != NULL)
    show_error (self, error);
  fc_conflicts_view_reload (self);
}

static void
take_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  FcConflictsView *self = FC_CONFLICTS_VIEW (widget);
  g_autoptr (GError) error = NULL;
  const char *take;
  gint64 id;

  if (self->engine == NULL)
    return;

  g_variant_get (parameter, "(x&s)", &id, &take);
  if (!fc_engine_resolve_conflict (self->engine, id, take_from_string (take), NULL, &error))
    show_error (self, error);
  fc_conflicts_view_reload (self);
}

static void
use_value_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  FcConflictsView *self = FC_CONFLICTS_VIEW (widget);
  g_autoptr (GError) error = NULL;
  const char *value;
  gint64 id;

  if (self->engine == NULL)
    return;

  g_variant_get (parameter, "(x&s)", &id, &value);
  if (!fc_engine_resolve_conflict (self->engine, id, FC_SYNC_TAKE_VALUE, value, &error))
    {
      /* The row stays, with the value typed, for another try. */
      show_error (self, error);
      return;
    }
  fc_conflicts_view_reload (self);
}

static void
take_record_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  FcConflictsView *self = FC_CONFLICTS_VIEW (widget);
  const char *take;
  gint64 link_id;

  if (self->engine == NULL)
    return;

  g_variant_get (parameter, "(x&s)", &link_id, &take);
  take_many (self, link_id, take_from_string (take));
}

static void
take_all_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  FcConflictsView *self = FC_CONFLICTS_VIEW (widget);

  if (self->engine == NULL)
    return;

  take_many (self, -1, take_from_string (g_variant_get_string (parameter, NULL)));
}

/* ---- public ----------------------------------------------------------------------------- */

void
fc_conflicts_view_set_engine (FcConflictsView *self,
                              FcEngine        *engine)
{
  g_return_if_fail (FC_IS_CONFLICTS_VIEW (self));
  g_return_if_fail (engine == NULL || FC_IS_ENGINE (engine));

  if (self->engine == engine)
    return;

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_set_object (&self->engine, engine);
  if (engine != NULL)
    g_signal_connect_object (engine, "event", G_CALLBACK (on_engine_event_cb), self, 0);
  fc_conflicts_view_reload (self);
}

GListModel *
fc_conflicts_view_get_conflicts (FcConflictsView *self)
{
  g_return_val_if_fail (FC_IS_CONFLICTS_VIEW (self), NULL);

  return self->conflicts;
}

guint
fc_conflicts_view_get_n_open (FcConflictsView *self)
{
  g_return_val_if_fail (FC_IS_CONFLICTS_VIEW (self), 0);

  return self->conflicts != NULL ? g_list_model_get_n_items (self->conflicts) : 0;
}

/* ---- object ----------------------------------------------------------------------------- */

static void
fc_conflicts_view_dispose (GObject *object)
{
  FcConflictsView *self = FC_CONFLICTS_VIEW (object);

  g_clear_handle_id (&self->reload_id, g_source_remove);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);

  gtk_widget_dispose_template (GTK_WIDGET (object), FC_TYPE_CONFLICTS_VIEW);
  g_clear_object (&self->conflicts);

  G_OBJECT_CLASS (fc_conflicts_view_parent_class)->dispose (object);
}

static void
fc_conflicts_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  FcConflictsView *self = FC_CONFLICTS_VIEW (object);

  switch (prop_id)
    {
    case PROP_N_OPEN:
      g_value_set_uint (value, fc_conflicts_view_get_n_open (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_conflicts_view_class_init (FcConflictsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fc_conflicts_view_dispose;
  object_class->get_property = fc_conflicts_view_get_property;

  /**
   * FcConflictsView:n-open:
   *
   * How many conflicts wait for the user (the window badges the view's page with it).
   */
  properties[PROP_N_OPEN] =
    g_param_spec_uint ("n-open", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/fluxcascade/FluxCascade/"
                                               "fc-conflicts-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FcConflictsView, count_label);
  gtk_widget_class_bind_template_child (widget_class, FcConflictsView, groups_box);
  gtk_widget_class_bind_template_child (widget_class, FcConflictsView, resolve_all_button);
  gtk_widget_class_bind_template_child (widget_class, FcConflictsView, stack);
  gtk_widget_class_bind_template_child (widget_class, FcConflictsView, status_page);

  /* conflicts.take::(ID, SIDE) settles conflict ID with SIDE's value ("source", "target");
   * conflicts.use-value::(ID, VALUE) with a value of the user's own; conflicts.take-record::
   * (LINK, SIDE) every conflict of one record; conflicts.take-all::SIDE every one listed. */
  gtk_widget_class_install_action (widget_class, "conflicts.take", "(xs)", take_activated);
  gtk_widget_class_install_action (widget_class, "conflicts.use-value", "(xs)",
                                   use_value_activated);
  gtk_widget_class_install_action (widget_class, "conflicts.take-record", "(xs)",
                                   take_record_activated);
  gtk_widget_class_install_action (widget_class, "conflicts.take-all", "s", take_all_activated);
}

static void
fc_conflicts_view_init (FcConflictsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  rebuild (self);
}
