/* fc-activity-view.c: the history of sync runs and what each one changed
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-activity-view"

#include "config.h"

#include "fc-activity-view.h"

struct _FcActivityView
{
  GtkWidget      parent_instance;

  /* Template children (bound so that gtk_widget_dispose_template () unparents them) */
  AdwStatusPage *status_page;
};

G_DEFINE_FINAL_TYPE (FcActivityView, fc_activity_view, GTK_TYPE_WIDGET)

static void
fc_activity_view_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), FC_TYPE_ACTIVITY_VIEW);

  G_OBJECT_CLASS (fc_activity_view_parent_class)->dispose (object);
}

static void
fc_activity_view_class_init (FcActivityViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fc_activity_view_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/fluxcascade/FluxCascade/fc-activity-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FcActivityView, status_page);
}

static void
fc_activity_view_init (FcActivityView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
