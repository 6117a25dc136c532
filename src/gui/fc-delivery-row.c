/* fc-delivery-row.c: one event on its way to one endpoint, in the Webhooks view
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The row shows a snapshot of the delivery: the event type, where it stands, how many attempts
 * it took, the last HTTP status and when; expanded, the last error and the exact payload. A
 * failed or skipped delivery offers Retry, which asks the Webhooks view through
 * "webhooks.retry-delivery" with the delivery's id.
 */

#define G_LOG_DOMAIN "fc-delivery-row"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-delivery-row.h"
#include "fc-webhooks-view.h"

/* Longer payloads are cut in the row; the receiver gets them whole. */
#define MAX_PAYLOAD_CHARS 4000

struct _FcDeliveryRow
{
  AdwExpanderRow  parent_instance;

  FcDelivery     *delivery;
  char           *endpoint_url;

  /* Template children */
  GtkLabel       *error_label;
  GtkLabel       *payload_label;
  GtkButton      *retry_button;
  GtkLabel       *status_label;
};

G_DEFINE_FINAL_TYPE (FcDeliveryRow, fc_delivery_row, ADW_TYPE_EXPANDER_ROW)

static const char *
describe_status (FcDeliveryStatus   status,
                 const char       **css_class)
{
  switch (status)
    {
    case FC_DELIVERY_STATUS_PENDING:
      *css_class = "accent";
      return _("Pending");

    case FC_DELIVERY_STATUS_DELIVERED:
      *css_class = "success";
      return _("Delivered");

    case FC_DELIVERY_STATUS_FAILED:
      *css_class = "error";
      return _("Failed");

    case FC_DELIVERY_STATUS_SKIPPED:
    default:
      *css_class = "dim-label";
      return _("Skipped");
    }
}

/* "1 attempt · HTTP 500 · 10:42 · https://…" */
static char *
describe_delivery (FcDeliveryRow *self)
{
  g_autoptr (GString) text = g_string_new (NULL);
  guint attempts = fc_delivery_get_attempts (self->delivery);
  guint code = fc_delivery_get_last_status_code (self->delivery);
  GDateTime *when = fc_delivery_get_delivered_at (self->delivery);
  g_autofree char *time = NULL;

  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u attempt", "%u attempts",
                                             attempts),
                          attempts);
  if (code != 0)
    /* Translators: the HTTP status code an endpoint answered with. */
    g_string_append_printf (text, _(" · HTTP %u"), code);

  if (when == NULL)
    when = fc_delivery_get_created_at (self->delivery);
  time = fc_webhooks_view_format_time (when);
  if (time != NULL)
    g_string_append_printf (text, " · %s", time);

  if (self->endpoint_url != NULL)
    g_string_append_printf (text, " · %s", self->endpoint_url);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The payload as indented JSON, cut when very long. */
static char *
format_payload (const char *payload)
{
  g_autoptr (JsonNode) node = json_from_string (payload, NULL);
  g_autofree char *text = node != NULL ? json_to_string (node, TRUE) : g_strdup (payload);

  if (g_utf8_strlen (text, -1) > MAX_PAYLOAD_CHARS)
    {
      g_autofree char *start = g_utf8_substring (text, 0, MAX_PAYLOAD_CHARS);

      return g_strconcat (start, "\n…", NULL);
    }

  return g_steal_pointer (&text);
}

static void
show_delivery (FcDeliveryRow *self)
{
  static const char * const classes[] = { "accent", "success", "error", "dim-label" };
  FcDeliveryStatus status = fc_delivery_get_status (self->delivery);
  const char *last_error = fc_delivery_get_last_error (self->delivery);
  const char *css_class;
  g_autofree char *subtitle = describe_delivery (self);
  g_autofree char *payload = format_payload (fc_delivery_get_payload (self->delivery));
  g_autofree char *retry_label = NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self),
                                 fc_delivery_get_event_type (self->delivery));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), subtitle);

  gtk_label_set_label (self->status_label, describe_status (status, &css_class));
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), css_class);

  gtk_widget_set_visible (GTK_WIDGET (self->retry_button),
                          status == FC_DELIVERY_STATUS_FAILED ||
                          status == FC_DELIVERY_STATUS_SKIPPED);
  /* Translators: %s is the type of the event a delivery carries. */
  retry_label = g_strdup_printf (_("Retry %s"), fc_delivery_get_event_type (self->delivery));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->retry_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, retry_label, -1);

  gtk_label_set_label (self->error_label, last_error != NULL ? last_error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label),
                          last_error != NULL && status != FC_DELIVERY_STATUS_DELIVERED);
  gtk_label_set_label (self->payload_label, payload);
}

static void
row_retry_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  FcDeliveryRow *self = FC_DELIVERY_ROW (widget);

  if (!gtk_widget_activate_action (widget, "webhooks.retry-delivery", "x",
                                   fc_delivery_get_id (self->delivery)))
    g_warning ("no Webhooks view around the row of delivery %" G_GINT64_FORMAT,
               fc_delivery_get_id (self->delivery));
}

static void
fc_delivery_row_dispose (GObject *object)
{
  FcDeliveryRow *self = FC_DELIVERY_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), FC_TYPE_DELIVERY_ROW);
  g_clear_object (&self->delivery);
  g_clear_pointer (&self->endpoint_url, g_free);

  G_OBJECT_CLASS (fc_delivery_row_parent_class)->dispose (object);
}

static void
fc_delivery_row_class_init (FcDeliveryRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fc_delivery_row_dispose;

  gtk_widget_class_install_action (widget_class, "row.retry", NULL, row_retry_activated);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/com/fluxcascade/FluxCascade/fc-delivery-row.ui");
  gtk_widget_class_bind_template_child (widget_class, FcDeliveryRow, error_label);
  gtk_widget_class_bind_template_child (widget_class, FcDeliveryRow, payload_label);
  gtk_widget_class_bind_template_child (widget_class, FcDeliveryRow, retry_button);
  gtk_widget_class_bind_template_child (widget_class, FcDeliveryRow, status_label);
}

static void
fc_delivery_row_init (FcDeliveryRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * fc_delivery_row_new:
 * @delivery: the delivery to show
 * @endpoint_url: (nullable): its endpoint's URL, to show beside it
 *
 * Returns: (transfer floating): a row that shows @delivery as it was read
 */
GtkWidget *
fc_delivery_row_new (FcDelivery *delivery,
                     const char *endpoint_url)
{
  FcDeliveryRow *self;

  g_return_val_if_fail (FC_IS_DELIVERY (delivery), NULL);

  self = g_object_new (FC_TYPE_DELIVERY_ROW, NULL);
  self->delivery = g_object_ref (delivery);
  self->endpoint_url = g_strdup (endpoint_url);
  show_delivery (self);

  return GTK_WIDGET (self);
}

/**
 * fc_delivery_row_get_delivery:
 * @self: a #FcDeliveryRow
 *
 * Returns: (transfer none): the delivery the row shows
 */
FcDelivery *
fc_delivery_row_get_delivery (FcDeliveryRow *self)
{
  g_return_val_if_fail (FC_IS_DELIVERY_ROW (self), NULL);

  return self->delivery;
}
