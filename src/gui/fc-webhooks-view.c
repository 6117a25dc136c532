/* fc-webhooks-view.c: webhook events received from providers and sent to your endpoints
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-webhooks-view"

#include "config.h"

#include "fc-webhooks-view.h"

struct _FcWebhooksView
{
  GtkWidget      parent_instance;

  /* Template children (bound so that gtk_widget_dispose_template () unparents them) */
  AdwStatusPage *status_page;
};

G_DEFINE_FINAL_TYPE (FcWebhooksView, fc_webhooks_view, GTK_TYPE_WIDGET)

static void
fc_webhooks_view_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), FC_TYPE_WEBHOOKS_VIEW);

  G_OBJECT_CLASS (fc_webhooks_view_parent_class)->dispose (object);
}

static void
fc_webhooks_view_class_init (FcWebhooksViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fc_webhooks_view_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/fluxcascade/FluxCascade/fc-webhooks-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FcWebhooksView, status_page);
}

static void
fc_webhooks_view_init (FcWebhooksView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
