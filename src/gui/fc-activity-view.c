/* fc-activity-view.c: the history of sync runs and what each one changed
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A column view of the runs over an FcRunList, which reads the store a page at a time; the
 * selected run's events below it (FcRunDetails). Sorting a column and filtering by mapping,
 * status or text query the store again rather than sort or filter in memory, so that the view
 * stays fast however long the log grows. The engine's sync.* events refresh the list.
 */

#define G_LOG_DOMAIN "fc-activity-view"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-activity-view.h"
#include "fc-run-details-history.h"
#include "fc-run-details.h"

/* How long the view waits after a sync event before it reads the runs again, so that a burst
 * of events costs one query. */
#define RELOAD_DELAY_MS 250

struct _FcActivityView
{
  GtkWidget           parent_instance;

  FcEngine           *engine;
  FcRunList          *runs;
  GtkSingleSelection *selection;
  GtkStringList      *mapping_names;
  GPtrArray          *mapping_ids;      /* parallel to mapping_names; NULL for "all" */
  guint               reload_id;
  gboolean            blocking_filters;
  gboolean            restoring;

  /* What the column sorters answer while the view asks which column sorts, and how. */
  gboolean            probing;
  int                 probed_sort;

  /* Template children */
  FcRunDetails       *details;
  GtkDropDown        *mapping_dropdown;
  GtkColumnView      *run_view;
  GtkStack           *runs_stack;
  GtkSearchEntry     *search_entry;
  GtkStack           *stack;
  AdwStatusPage      *status_page;
  GtkDropDown        *status_dropdown;
};

G_DEFINE_FINAL_TYPE (FcActivityView, fc_activity_view, GTK_TYPE_WIDGET)

/* The statuses of the status drop-down, after "All Statuses". */
static const FcSyncStatus status_filters[] = {
  FC_SYNC_STATUS_COMPLETED,
  FC_SYNC_STATUS_PARTIAL,
  FC_SYNC_STATUS_FAILED,
  FC_SYNC_STATUS_HELD,
  FC_SYNC_STATUS_RUNNING,
};

/* ---- column sorters --------------------------------------------------------------------- */

/* GTK 4.8 cannot tell which column the user sorted by (gtk_column_view_sorter_get_primary_
 * sort_column () came in 4.10), and the runs are sorted by the store, not in memory. So each
 * column gets a sorter that sorts nothing but, while the view probes the column view's sorter
 * with one comparison, says that it was asked first; the column view's sorter inverts the
 * answer of a descending column, which gives the order. */

#define FC_TYPE_RUN_COLUMN_SORTER (fc_run_column_sorter_get_type ())

G_DECLARE_FINAL_TYPE (FcRunColumnSorter, fc_run_column_sorter, FC, RUN_COLUMN_SORTER, GtkSorter)

struct _FcRunColumnSorter
{
  GtkSorter       parent_instance;

  FcActivityView *view;  /* unowned: the view owns the column that owns the sorter */
  FcRunSort       sort;
};

G_DEFINE_FINAL_TYPE (FcRunColumnSorter, fc_run_column_sorter, GTK_TYPE_SORTER)

static GtkOrdering
fc_run_column_sorter_compare (GtkSorter *sorter,
                              gpointer   item1,
                              gpointer   item2)
{
  FcRunColumnSorter *self = FC_RUN_COLUMN_SORTER (sorter);

  if (self->view == NULL || !self->view->probing || self->view->probed_sort >= 0)
    return GTK_ORDERING_EQUAL;

  self->view->probed_sort = self->sort;
  return GTK_ORDERING_LARGER;
}

static GtkSorterOrder
fc_run_column_sorter_get_order (GtkSorter *sorter)
{
  return GTK_SORTER_ORDER_PARTIAL;
}

static void
fc_run_column_sorter_class_init (FcRunColumnSorterClass *klass)
{
  GtkSorterClass *sorter_class = GTK_SORTER_CLASS (klass);

  sorter_class->compare = fc_run_column_sorter_compare;
  sorter_class->get_order = fc_run_column_sorter_get_order;
}

static void
fc_run_column_sorter_init (FcRunColumnSorter *self)
{
}

/* ---- columns ---------------------------------------------------------------------------- */

typedef struct
{
  FcRunSort   sort;
  const char *title;
  gboolean    numeric;
  gboolean    expand;
} ColumnInfo;

static const ColumnInfo columns[] = {
  { FC_RUN_SORT_STARTED, N_("Time"), FALSE, FALSE },
  { FC_RUN_SORT_MAPPING, N_("Mapping"), FALSE, TRUE },
  { FC_RUN_SORT_TRIGGER, N_("Trigger"), FALSE, FALSE },
  { FC_RUN_SORT_STATUS, N_("Status"), FALSE, FALSE },
  { FC_RUN_SORT_FETCHED, N_("Fetched"), TRUE, FALSE },
  { FC_RUN_SORT_CREATED, N_("Created"), TRUE, FALSE },
  { FC_RUN_SORT_UPDATED, N_("Updated"), TRUE, FALSE },
  { FC_RUN_SORT_SKIPPED, N_("Skipped"), TRUE, FALSE },
  { FC_RUN_SORT_CONFLICTS, N_("Conflicts"), TRUE, FALSE },
  { FC_RUN_SORT_FAILED, N_("Failed"), TRUE, FALSE },
  { FC_RUN_SORT_DURATION, N_("Duration"), TRUE, FALSE },
};

static void
on_setup_cell_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  const ColumnInfo         *column)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), column->numeric ? 1.0 : 0.0);
  /* Only the mapping's name gives way; the other cells are short and read whole. */
  if (column->expand)
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (column->numeric || column->sort == FC_RUN_SORT_STARTED)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (list_item, label);
}

static char *
format_count (guint value)
{
  return g_strdup_printf ("%u", value);
}

static char *
format_cell (const ColumnInfo *column,
             FcRunInfo        *run)
{
  const FcSyncCounts *counts = fc_run_info_get_counts (run);

  switch (column->sort)
    {
    case FC_RUN_SORT_STARTED:
      {
        g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (fc_run_info_get_started_ms (run)
                                                                   / 1000);
        g_autoptr (GDateTime) local = g_date_time_to_local (utc);

        g_autoptr (GDateTime) now = g_date_time_new_now_local ();

        /* The year only when it is not this one; the full time is in the run's details. */
        return g_date_time_format (local, g_date_time_get_year (local) ==
                                          g_date_time_get_year (now) ? "%b %e %H:%M"
                                                                     : "%Y-%m-%d %H:%M");
      }
    case FC_RUN_SORT_MAPPING:
      return g_strdup (fc_run_info_get_mapping_name (run)[0] != '\0'
                       ? fc_run_info_get_mapping_name (run) : _("Removed mapping"));
    case FC_RUN_SORT_TRIGGER:
      if (fc_run_info_get_dry_run (run))
        return g_strdup_printf (_("%s (preview)"),
                                fc_run_details_trigger_label (fc_run_info_get_trigger (run)));
      return g_strdup (fc_run_details_trigger_label (fc_run_info_get_trigger (run)));
    case FC_RUN_SORT_STATUS:
      return g_strdup (fc_run_details_status_label (fc_run_info_get_status (run)));
    case FC_RUN_SORT_FETCHED:
      return format_count (counts->fetched);
    case FC_RUN_SORT_CREATED:
      return format_count (counts->created);
    case FC_RUN_SORT_UPDATED:
      return format_count (counts->updated);
    case FC_RUN_SORT_SKIPPED:
      return format_count (counts->skipped);
    case FC_RUN_SORT_CONFLICTS:
      return format_count (counts->conflicts);
    case FC_RUN_SORT_FAILED:
      return format_count (counts->failed);
    case FC_RUN_SORT_DURATION:
    default:
      return fc_run_details_format_duration (fc_run_info_get_duration_ms (run));
    }
}

static void
on_bind_cell_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 const ColumnInfo         *column)
{
  static const char * const classes[] = { "success", "warning", "error", "accent" };
  GtkWidget *label = gtk_list_item_get_child (list_item);
  FcRunInfo *run = gtk_list_item_get_item (list_item);
  g_autofree char *text = NULL;

  if (run == NULL)
    return;

  text = format_cell (column, run);
  gtk_label_set_text (GTK_LABEL (label), text);
  if (column->sort == FC_RUN_SORT_STATUS)
    {
      for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
        gtk_widget_remove_css_class (label, classes[i]);
      gtk_widget_add_css_class (label,
                                fc_run_details_status_class (fc_run_info_get_status (run)));
    }
  if (column->sort == FC_RUN_SORT_MAPPING || column->sort == FC_RUN_SORT_STATUS)
    gtk_widget_set_tooltip_text (label, fc_run_info_get_error (run));
}

static void
add_columns (FcActivityView *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      g_autoptr (GtkColumnViewColumn) column = NULL;
      g_autoptr (FcRunColumnSorter) sorter = g_object_new (FC_TYPE_RUN_COLUMN_SORTER, NULL);
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

      g_signal_connect (factory, "setup", G_CALLBACK (on_setup_cell_cb), (gpointer) &columns[i]);
      g_signal_connect (factory, "bind", G_CALLBACK (on_bind_cell_cb), (gpointer) &columns[i]);
      sorter->view = self;
      sorter->sort = columns[i].sort;

      column = gtk_column_view_column_new (_(columns[i].title), factory);
      gtk_column_view_column_set_sorter (column, GTK_SORTER (sorter));
      gtk_column_view_column_set_expand (column, columns[i].expand);
      /* Counts are short: their columns need no more than their titles. */
      if (columns[i].numeric)
        gtk_column_view_column_set_fixed_width (column, 80);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_append_column (self->run_view, column);
    }
}

static GtkColumnViewColumn *
get_column (FcActivityView *self,
            FcRunSort       sort)
{
  GListModel *view_columns = gtk_column_view_get_columns (self->run_view);

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      if (columns[i].sort == sort)
        {
          g_autoptr (GtkColumnViewColumn) column = g_list_model_get_item (view_columns, i);

          /* The column view keeps it. */
          return column;
        }
    }
  return NULL;
}

/* ---- loading ---------------------------------------------------------------------------- */

static gboolean
filters_are_set (FcActivityView *self)
{
  return gtk_drop_down_get_selected (self->mapping_dropdown) > 0 ||
         gtk_drop_down_get_selected (self->status_dropdown) > 0 ||
         gtk_editable_get_text (GTK_EDITABLE (self->search_entry))[0] != '\0';
}

static void
select_run (FcActivityView *self,
            int             position)
{
  GtkWidget *list_view;

  if (position < 0)
    return;

  gtk_single_selection_set_selected (self->selection, position);

  /* The column view's rows live in a list view, whose action scrolls to a row. */
  for (list_view = gtk_widget_get_first_child (GTK_WIDGET (self->run_view));
       list_view != NULL && !GTK_IS_LIST_VIEW (list_view);
       list_view = gtk_widget_get_next_sibling (list_view))
    ;
  if (list_view != NULL)
    gtk_widget_activate_action (list_view, "list.scroll-to-item", "u", (guint) position);
}

static void
reload_runs (FcActivityView *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *selected_id = NULL;
  FcRunInfo *selected;
  guint n;

  g_clear_handle_id (&self->reload_id, g_source_remove);
  if (self->runs == NULL)
    return;

  selected = gtk_single_selection_get_selected_item (self->selection);
  if (selected != NULL)
    selected_id = g_strdup (fc_run_info_get_id (selected));

  self->restoring = TRUE;
  if (!fc_run_list_reload (self->runs, &error))
    g_warning ("Cannot read the sync runs: %s", error->message);
  if (selected_id != NULL)
    select_run (self, fc_run_list_find (self->runs, selected_id, NULL));
  self->restoring = FALSE;

  /* The run shown may have gone (filtered out, or its mapping removed). */
  selected = gtk_single_selection_get_selected_item (self->selection);
  if (selected == NULL)
    fc_run_details_set_run (self->details, NULL);
  else
    fc_run_details_set_run (self->details, selected);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->runs));
  gtk_stack_set_visible_child_name (self->stack, n > 0 || filters_are_set (self) ? "log"
                                                                                 : "empty");
  gtk_stack_set_visible_child_name (self->runs_stack, n > 0 ? "runs" : "no-results");
}

static void
apply_filters (FcActivityView *self)
{
  guint mapping = gtk_drop_down_get_selected (self->mapping_dropdown);
  guint status = gtk_drop_down_get_selected (self->status_dropdown);

  if (self->runs == NULL)
    return;

  fc_run_list_set_filter (self->runs,
                          mapping < self->mapping_ids->len
                          ? g_ptr_array_index (self->mapping_ids, mapping) : NULL,
                          status > 0 && status <= G_N_ELEMENTS (status_filters)
                          ? (int) status_filters[status - 1] : -1,
                          gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
on_filter_changed_cb (FcActivityView *self)
{
  if (self->blocking_filters)
    return;

  apply_filters (self);
  reload_runs (self);
}

static void
on_sorter_changed_cb (FcActivityView *self)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (self->run_view);
  GtkOrdering order;

  self->probing = TRUE;
  self->probed_sort = -1;
  /* Any two distinct objects: gtk_sorter_compare () answers EQUAL for an item and itself. */
  order = gtk_sorter_compare (sorter, self, self->selection);
  self->probing = FALSE;

  if (self->probed_sort < 0 || self->runs == NULL)
    {
      /* No column sorts: the newest first. */
      if (self->runs != NULL)
        fc_run_list_set_sort (self->runs, FC_RUN_SORT_STARTED, TRUE);
    }
  else
    fc_run_list_set_sort (self->runs, (FcRunSort) self->probed_sort,
                          order == GTK_ORDERING_SMALLER);
  reload_runs (self);
}

static void
on_selected_item_cb (FcActivityView *self)
{
  FcRunInfo *run = gtk_single_selection_get_selected_item (self->selection);

  if (self->restoring)
    return;
  fc_run_details_set_run (self->details, run);
}

/* ---- mappings drop-down ----------------------------------------------------------------- */

static void
update_mappings (FcActivityView *self)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  g_autofree char *selected_id = NULL;
  GListModel *mappings = fc_engine_get_mappings (self->engine);
  guint selected = gtk_drop_down_get_selected (self->mapping_dropdown);
  guint keep = 0;
  guint n_old;

  if (selected != GTK_INVALID_LIST_POSITION && selected < self->mapping_ids->len)
    selected_id = g_strdup (g_ptr_array_index (self->mapping_ids, selected));

  g_ptr_array_set_size (self->mapping_ids, 0);
  g_ptr_array_add (self->mapping_ids, NULL);
  g_ptr_array_add (names, (gpointer) _("All Mappings"));
  for (guint i = 0; i < g_list_model_get_n_items (mappings); i++)
    {
      g_autoptr (FcMapping) mapping = g_list_model_get_item (mappings, i);

      if (g_strcmp0 (fc_mapping_get_id (mapping), selected_id) == 0)
        keep = i + 1;
      g_ptr_array_add (self->mapping_ids, g_strdup (fc_mapping_get_id (mapping)));
      g_ptr_array_add (names, g_strdup (fc_mapping_get_name (mapping)));
    }
  g_ptr_array_add (names, NULL);

  self->blocking_filters = TRUE;
  n_old = g_list_model_get_n_items (G_LIST_MODEL (self->mapping_names));
  gtk_string_list_splice (self->mapping_names, 0, n_old, (const char * const *) names->pdata);
  gtk_drop_down_set_selected (self->mapping_dropdown, keep);
  self->blocking_filters = FALSE;

  for (guint i = 1; i + 1 < names->len; i++)
    g_free (names->pdata[i]);

  if (selected_id != NULL && keep == 0)
    on_filter_changed_cb (self);
}

/* The drop-downs' buttons show the choice in a label that gives way in a narrow window; their
 * lists show it whole. */
static void
on_setup_choice_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item,
                    gpointer                  ellipsize)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (GPOINTER_TO_INT (ellipsize))
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (list_item, label);
}

static void
on_bind_choice_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   gpointer                  user_data)
{
  GtkStringObject *choice = gtk_list_item_get_item (list_item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (list_item)),
                      choice != NULL ? gtk_string_object_get_string (choice) : "");
}

static GtkListItemFactory *
new_choice_factory (gboolean ellipsize)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (on_setup_choice_cb),
                    GINT_TO_POINTER (ellipsize));
  g_signal_connect (factory, "bind", G_CALLBACK (on_bind_choice_cb), NULL);
  return factory;
}

static void
set_choice_factories (GtkDropDown *drop_down)
{
  g_autoptr (GtkListItemFactory) factory = new_choice_factory (TRUE);
  g_autoptr (GtkListItemFactory) list_factory = new_choice_factory (FALSE);

  gtk_drop_down_set_factory (drop_down, factory);
  gtk_drop_down_set_list_factory (drop_down, list_factory);
}

/* ---- live updates ----------------------------------------------------------------------- */

static gboolean
on_reload_timeout_cb (gpointer user_data)
{
  FcActivityView *self = FC_ACTIVITY_VIEW (user_data);

  self->reload_id = 0;
  reload_runs (self);
  return G_SOURCE_REMOVE;
}

static void
on_engine_event_cb (FcEngine       *engine,
                    const char     *type,
                    JsonNode       *data,
                    FcActivityView *self)
{
  if (!g_str_has_prefix (type, "sync.") && !g_str_equal (type, "conflict.resolved"))
    return;

  if (self->reload_id == 0)
    self->reload_id = g_timeout_add (RELOAD_DELAY_MS, on_reload_timeout_cb, self);
}

/* ---- actions ---------------------------------------------------------------------------- */

static void
record_history_activated (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  FcActivityView *self = FC_ACTIVITY_VIEW (widget);
  FcRecordHistoryWindow *window;
  GtkRoot *root;

  if (self->engine == NULL || g_variant_get_string (parameter, NULL)[0] == '\0')
    return;

  window = fc_record_history_window_new (fc_engine_get_store (self->engine),
                                         g_variant_get_string (parameter, NULL));
  root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (root))
    {
      gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (root));
      gtk_window_set_application (GTK_WINDOW (window),
                                  gtk_window_get_application (GTK_WINDOW (root)));
    }
  gtk_window_present (GTK_WINDOW (window));
}

/* ---- public ----------------------------------------------------------------------------- */

void
fc_activity_view_set_engine (FcActivityView *self,
                             FcEngine       *engine)
{
  g_return_if_fail (FC_IS_ACTIVITY_VIEW (self));
  g_return_if_fail (engine == NULL || FC_IS_ENGINE (engine));

  if (self->engine == engine)
    return;

  if (self->engine != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->engine, self);
      g_signal_handlers_disconnect_by_data (fc_engine_get_mappings (self->engine), self);
    }
  g_clear_object (&self->runs);
  gtk_single_selection_set_model (self->selection, NULL);
  g_set_object (&self->engine, engine);
  if (engine == NULL)
    return;

  self->runs = fc_run_list_new (fc_engine_get_store (engine));
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->runs));
  fc_run_details_set_store (self->details, fc_engine_get_store (engine));
  g_signal_connect_object (engine, "event", G_CALLBACK (on_engine_event_cb), self, 0);
  g_signal_connect_object (fc_engine_get_mappings (engine), "items-changed",
                           G_CALLBACK (update_mappings), self, G_CONNECT_SWAPPED);
  update_mappings (self);
  apply_filters (self);
  on_sorter_changed_cb (self);
}

void
fc_activity_view_show_run (FcActivityView *self,
                           const char     *run_id)
{
  int position;

  g_return_if_fail (FC_IS_ACTIVITY_VIEW (self));
  g_return_if_fail (run_id != NULL);

  if (self->runs == NULL)
    return;

  /* A run that just ended may not be listed yet. */
  reload_runs (self);
  position = fc_run_list_find (self->runs, run_id, NULL);
  if (position < 0 && filters_are_set (self))
    {
      self->blocking_filters = TRUE;
      gtk_drop_down_set_selected (self->mapping_dropdown, 0);
      gtk_drop_down_set_selected (self->status_dropdown, 0);
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      self->blocking_filters = FALSE;
      apply_filters (self);
      reload_runs (self);
      position = fc_run_list_find (self->runs, run_id, NULL);
    }
  if (position < 0)
    {
      g_debug ("No run %s to show", run_id);
      return;
    }

  select_run (self, position);
  fc_run_details_set_run (self->details, gtk_single_selection_get_selected_item (self->selection));
}

FcRunList *
fc_activity_view_get_runs (FcActivityView *self)
{
  g_return_val_if_fail (FC_IS_ACTIVITY_VIEW (self), NULL);

  return self->runs;
}

void
fc_activity_view_reload (FcActivityView *self)
{
  g_return_if_fail (FC_IS_ACTIVITY_VIEW (self));

  reload_runs (self);
}

/* ---- object ----------------------------------------------------------------------------- */

static void
fc_activity_view_dispose (GObject *object)
{
  FcActivityView *self = FC_ACTIVITY_VIEW (object);

  g_clear_handle_id (&self->reload_id, g_source_remove);
  if (self->engine != NULL)
    fc_activity_view_set_engine (self, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (object), FC_TYPE_ACTIVITY_VIEW);

  g_clear_object (&self->selection);
  g_clear_object (&self->mapping_names);
  g_clear_pointer (&self->mapping_ids, g_ptr_array_unref);

  G_OBJECT_CLASS (fc_activity_view_parent_class)->dispose (object);
}

static void
fc_activity_view_class_init (FcActivityViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fc_activity_view_dispose;

  g_type_ensure (FC_TYPE_RUN_DETAILS);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/fluxcascade/FluxCascade/fc-activity-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FcActivityView, details);
  gtk_widget_class_bind_template_child (widget_class, FcActivityView, mapping_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FcActivityView, run_view);
  gtk_widget_class_bind_template_child (widget_class, FcActivityView, runs_stack);
  gtk_widget_class_bind_template_child (widget_class, FcActivityView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, FcActivityView, stack);
  gtk_widget_class_bind_template_child (widget_class, FcActivityView, status_page);
  gtk_widget_class_bind_template_child (widget_class, FcActivityView, status_dropdown);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed_cb);

  /* activity.record-history::ID opens the history of the record ID. */
  gtk_widget_class_install_action (widget_class, "activity.record-history", "s",
                                   record_history_activated);
}

static void
fc_activity_view_init (FcActivityView *self)
{
  self->mapping_ids = g_ptr_array_new_with_free_func (g_free);
  self->mapping_names = gtk_string_list_new (NULL);
  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_drop_down_set_model (self->mapping_dropdown, G_LIST_MODEL (self->mapping_names));
  set_choice_factories (self->mapping_dropdown);
  set_choice_factories (self->status_dropdown);
  add_columns (self);
  gtk_column_view_set_model (self->run_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (on_selected_item_cb), self, G_CONNECT_SWAPPED);

  /* Newest first, as the column header shows. */
  gtk_column_view_sort_by_column (self->run_view, get_column (self, FC_RUN_SORT_STARTED),
                                  GTK_SORT_DESCENDING);
  g_signal_connect_object (gtk_column_view_get_sorter (self->run_view), "changed",
                           G_CALLBACK (on_sorter_changed_cb), self, G_CONNECT_SWAPPED);
}
