/* fc-inbound-event-row.c: one webhook event received from a provider, in the Webhooks view
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The row shows a snapshot of the event as the listener listed it: the provider, what changed
 * (kind, object and record), where its processing stands, the attempts and the last error. A
 * failed event offers Retry, which asks the Webhooks view through "webhooks.retry-event" with
 * the event's id.
 */

#define G_LOG_DOMAIN "fc-inbound-event-row"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-inbound-event-row.h"
#include "fc-types.h"
#include "fc-enum-types.h"
#include "fc-webhooks-view.h"

struct _FcInboundEventRow
{
  AdwActionRow  parent_instance;

  gint64        id;
  char         *status;

  /* Template children */
  GtkButton    *retry_button;
  GtkLabel     *status_label;
};

G_DEFINE_FINAL_TYPE (FcInboundEventRow, fc_inbound_event_row, ADW_TYPE_ACTION_ROW)

static const char *
get_member (JsonObject *event,
            const char *name)
{
  JsonNode *node = json_object_get_member (event, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static const char *
describe_status (const char  *status,
                 const char **css_class)
{
  if (g_strcmp0 (status, "done") == 0)
    {
      *css_class = "success";
      return _("Synced");
    }
  if (g_strcmp0 (status, "ignored") == 0)
    {
      *css_class = "dim-label";
      return _("Ignored");
    }
  if (g_strcmp0 (status, "failed") == 0)
    {
      *css_class = "error";
      return _("Failed");
    }

  *css_class = "accent";
  return _("Pending");
}

static const char *
describe_provider (const char *nick)
{
  int provider;

  if (nick != NULL && fc_enum_from_nick (FC_TYPE_PROVIDER, nick, &provider))
    return fc_provider_get_display_name (provider);

  return nick != NULL ? nick : _("Unknown provider");
}

/* "Pipedrive · update of person 42" */
static char *
describe_change (JsonObject *event)
{
  const char *provider = describe_provider (get_member (event, "provider"));
  const char *kind = get_member (event, "kind");
  const char *object = get_member (event, "object");
  const char *record = get_member (event, "recordId");

  /* Translators: a provider, what happened (create, update, delete, merge), the kind of record
   * and its id, as in “Pipedrive · update of person 42”. */
  return g_strdup_printf (_("%s · %s of %s %s"), provider,
                          kind != NULL ? kind : "?",
                          object != NULL ? object : "?",
                          record != NULL ? record : "?");
}

/* "Received 10:42 · 2 attempts · the error" */
static char *
describe_progress (JsonObject *event)
{
  g_autoptr (GString) text = g_string_new (NULL);
  const char *received = get_member (event, "receivedAt");
  const char *error = get_member (event, "lastError");
  gint64 attempts = json_object_get_int_member_with_default (event, "attempts", 0);
  g_autoptr (GDateTime) time = NULL;

  if (received != NULL)
    time = g_date_time_new_from_iso8601 (received, NULL);
  if (time != NULL)
    {
      g_autofree char *when = fc_webhooks_view_format_time (time);

      /* Translators: %s is when a webhook arrived. */
      g_string_append_printf (text, _("Received %s"), when);
    }

  if (attempts > 0)
    {
      if (text->len > 0)
        g_string_append (text, " · ");
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u attempt", "%u attempts",
                                                 (gulong) attempts),
                              (guint) attempts);
    }

  if (error != NULL)
    {
      if (text->len > 0)
        g_string_append (text, " · ");
      g_string_append (text, error);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
row_retry_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  FcInboundEventRow *self = FC_INBOUND_EVENT_ROW (widget);

  if (!gtk_widget_activate_action (widget, "webhooks.retry-event", "x", self->id))
    g_warning ("no Webhooks view around the row of event %" G_GINT64_FORMAT, self->id);
}

static void
fc_inbound_event_row_finalize (GObject *object)
{
  FcInboundEventRow *self = FC_INBOUND_EVENT_ROW (object);

  g_free (self->status);

  G_OBJECT_CLASS (fc_inbound_event_row_parent_class)->finalize (object);
}

static void
fc_inbound_event_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), FC_TYPE_INBOUND_EVENT_ROW);

  G_OBJECT_CLASS (fc_inbound_event_row_parent_class)->dispose (object);
}

static void
fc_inbound_event_row_class_init (FcInboundEventRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fc_inbound_event_row_dispose;
  object_class->finalize = fc_inbound_event_row_finalize;

  gtk_widget_class_install_action (widget_class, "row.retry", NULL, row_retry_activated);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/com/fluxcascade/FluxCascade/fc-inbound-event-row.ui");
  gtk_widget_class_bind_template_child (widget_class, FcInboundEventRow, retry_button);
  gtk_widget_class_bind_template_child (widget_class, FcInboundEventRow, status_label);
}

static void
fc_inbound_event_row_init (FcInboundEventRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * fc_inbound_event_row_new:
 * @event: a received event, as fc_webhook_listener_list_events () lists it
 *
 * Returns: (transfer floating): a row that shows @event as it was listed
 */
GtkWidget *
fc_inbound_event_row_new (JsonObject *event)
{
  FcInboundEventRow *self;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *retry_label = NULL;
  const char *css_class;

  g_return_val_if_fail (event != NULL, NULL);

  self = g_object_new (FC_TYPE_INBOUND_EVENT_ROW, NULL);
  self->id = json_object_get_int_member_with_default (event, "id", 0);
  self->status = g_strdup (get_member (event, "status"));

  title = describe_change (event);
  subtitle = describe_progress (event);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);

  gtk_label_set_label (self->status_label, describe_status (self->status, &css_class));
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), css_class);
  gtk_widget_set_visible (GTK_WIDGET (self->retry_button),
                          g_strcmp0 (self->status, "failed") == 0);
  /* Translators: %s describes a received event, as in “Pipedrive · update of person 42”. */
  retry_label = g_strdup_printf (_("Retry %s"), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->retry_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, retry_label, -1);

  return GTK_WIDGET (self);
}

gint64
fc_inbound_event_row_get_id (FcInboundEventRow *self)
{
  g_return_val_if_fail (FC_IS_INBOUND_EVENT_ROW (self), 0);

  return self->id;
}

const char *
fc_inbound_event_row_get_status (FcInboundEventRow *self)
{
  g_return_val_if_fail (FC_IS_INBOUND_EVENT_ROW (self), NULL);

  return self->status;
}
