/* fc-mappings-view.c: which objects are kept in sync, and in which direction
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-mappings-view"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-mappings-view.h"

struct _FcMappingsView
{
  GtkWidget   parent_instance;

  FcEngine   *engine;
  GListModel *mappings;

  /* Template children */
  GtkListBox *list_box;
  GtkStack   *stack;
};

G_DEFINE_FINAL_TYPE (FcMappingsView, fc_mappings_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ENGINE,
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

static GtkWidget *
create_mapping_row (gpointer item,
                    gpointer user_data)
{
  FcMappingsView *self = FC_MAPPINGS_VIEW (user_data);
  FcMapping *mapping = FC_MAPPING (item);
  g_autofree char *source = NULL;
  g_autofree char *target = NULL;
  g_autofree char *flow = NULL;
  g_autofree char *explanation = NULL;
  const char *arrow;
  GtkWidget *row;
  GtkWidget *state;

  source = describe_side (self->engine,
                          fc_mapping_get_source_connection_id (mapping),
                          fc_mapping_get_source_object (mapping));
  target = describe_side (self->engine,
                          fc_mapping_get_target_connection_id (mapping),
                          fc_mapping_get_target_object (mapping));

  switch (fc_mapping_get_direction (mapping))
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

  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), fc_mapping_get_name (mapping));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), flow);
  gtk_widget_set_tooltip_text (row, explanation);

  if (fc_mapping_get_active (mapping))
    {
      state = gtk_label_new (_("Active"));
      gtk_widget_add_css_class (state, "success");
    }
  else
    {
      state = gtk_label_new (_("Paused"));
      gtk_widget_add_css_class (state, "dim-label");
    }
  gtk_widget_set_valign (state, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (state, "caption-heading");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), state);

  return row;
}

static void
update_visible_page (FcMappingsView *self)
{
  gboolean has_items;

  has_items = self->mappings != NULL && g_list_model_get_n_items (self->mappings) > 0;
  gtk_stack_set_visible_child_name (self->stack, has_items ? "list" : "empty");
}

static void
on_mappings_items_changed_cb (FcMappingsView *self,
                              guint           position,
                              guint           removed,
                              guint           added,
                              GListModel     *model)
{
  update_visible_page (self);
}

static void
release_mappings (FcMappingsView *self)
{
  if (self->mappings == NULL)
    return;

  g_signal_handlers_disconnect_by_func (self->mappings, on_mappings_items_changed_cb, self);
  g_clear_object (&self->mappings);
}

static void
fc_mappings_view_dispose (GObject *object)
{
  FcMappingsView *self = FC_MAPPINGS_VIEW (object);

  release_mappings (self);
  g_clear_object (&self->engine);

  gtk_widget_dispose_template (GTK_WIDGET (self), FC_TYPE_MAPPINGS_VIEW);

  G_OBJECT_CLASS (fc_mappings_view_parent_class)->dispose (object);
}

static void
fc_mappings_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  FcMappingsView *self = FC_MAPPINGS_VIEW (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      g_value_set_object (value, self->engine);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_mappings_view_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  FcMappingsView *self = FC_MAPPINGS_VIEW (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      fc_mappings_view_set_engine (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_mappings_view_class_init (FcMappingsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fc_mappings_view_dispose;
  object_class->get_property = fc_mappings_view_get_property;
  object_class->set_property = fc_mappings_view_set_property;

  /**
   * FcMappingsView:engine:
   *
   * The engine whose mappings are listed.
   */
  properties[PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL,
                         FC_TYPE_ENGINE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/fluxcascade/FluxCascade/fc-mappings-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FcMappingsView, list_box);
  gtk_widget_class_bind_template_child (widget_class, FcMappingsView, stack);
}

static void
fc_mappings_view_init (FcMappingsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  update_visible_page (self);
}

/**
 * fc_mappings_view_get_engine:
 * @self: a #FcMappingsView
 *
 * Returns: (transfer none) (nullable): the engine whose mappings are listed
 */
FcEngine *
fc_mappings_view_get_engine (FcMappingsView *self)
{
  g_return_val_if_fail (FC_IS_MAPPINGS_VIEW (self), NULL);

  return self->engine;
}

/**
 * fc_mappings_view_set_engine:
 * @self: a #FcMappingsView
 * @engine: (nullable): the engine whose mappings to list
 *
 * Lists the mappings of @engine, and follows that model as it changes.
 */
void
fc_mappings_view_set_engine (FcMappingsView *self,
                             FcEngine       *engine)
{
  g_return_if_fail (FC_IS_MAPPINGS_VIEW (self));
  g_return_if_fail (engine == NULL || FC_IS_ENGINE (engine));

  if (self->engine == engine)
    return;

  release_mappings (self);
  g_set_object (&self->engine, engine);

  if (engine != NULL)
    {
      self->mappings = g_object_ref (fc_engine_get_mappings (engine));
      g_signal_connect_swapped (self->mappings,
                                "items-changed",
                                G_CALLBACK (on_mappings_items_changed_cb),
                                self);
    }

  gtk_list_box_bind_model (self->list_box, self->mappings,
                           create_mapping_row, self, NULL);
  update_visible_page (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENGINE]);
}
