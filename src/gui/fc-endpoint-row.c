/* fc-endpoint-row.c: one of the user's outbound webhook endpoints in the Webhooks view
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The row shows the endpoint's URL, the events it receives, whether FluxCascade disabled it and
 * why, and follows the endpoint as the notifier changes it. What the user does with it goes to
 * the Webhooks view through its actions, with the endpoint's id: "webhooks.edit-endpoint",
 * "webhooks.remove-endpoint", "webhooks.rotate-secret", "webhooks.show-deliveries", and
 * "webhooks.set-endpoint-enabled" with (id, enabled).
 */

#define G_LOG_DOMAIN "fc-endpoint-row"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-endpoint-row.h"

struct _FcEndpointRow
{
  AdwActionRow   parent_instance;

  FcEndpoint    *endpoint;

  /* Template children */
  GtkSwitch     *enabled_switch;
  GtkLabel      *failures_label;
  GtkMenuButton *menu_button;
  GtkImage      *state_image;
};

G_DEFINE_FINAL_TYPE (FcEndpointRow, fc_endpoint_row, ADW_TYPE_ACTION_ROW)

enum {
  PROP_0,
  PROP_ENDPOINT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Event types shown by name up to this many; more are counted. */
#define MAX_NAMED_TYPES 3

char *
fc_endpoint_describe_event_types (const char * const *event_types)
{
  guint n = event_types != NULL ? g_strv_length ((char **) event_types) : 0;
  g_autoptr (GString) text = NULL;

  if (n == 0)
    return g_strdup (_("All events"));

  if (n > MAX_NAMED_TYPES)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u event type", "%u event types", n),
                            n);

  text = g_string_new (event_types[0]);
  for (guint i = 1; i < n; i++)
    {
      if (i + 1 < n)
        g_string_append (text, ", ");
      else
        /* Translators: joins the last event type of a short list: “a, b and c” */
        g_string_append (text, _(" and "));
      g_string_append (text, event_types[i]);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
update_state (FcEndpointRow *self)
{
  static const char * const classes[] = { "warning", "error", "dim-label" };
  gboolean enabled = fc_endpoint_get_enabled (self->endpoint);
  const char *reason = fc_endpoint_get_disabled_reason (self->endpoint);
  guint failures = fc_endpoint_get_consecutive_failures (self->endpoint);
  g_autofree char *text = NULL;
  const char *css_class = NULL;
  const char *icon_name;
  const char *tooltip;

  if (!enabled && reason != NULL)
    {
      /* The reason itself is in the subtitle. */
      text = g_strdup (_("Disabled by FluxCascade"));
      css_class = "error";
      icon_name = "dialog-error-symbolic";
      tooltip = _("FluxCascade disabled this endpoint");
    }
  else if (!enabled)
    {
      text = g_strdup (_("Disabled"));
      css_class = "dim-label";
      icon_name = "media-playback-pause-symbolic";
      tooltip = _("Events are kept as skipped deliveries");
    }
  else if (failures > 0)
    {
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%u failed delivery",
                                           "%u failed deliveries",
                                           failures),
                              failures);
      css_class = "warning";
      icon_name = "dialog-warning-symbolic";
      tooltip = _("The endpoint did not answer with success lately");
    }
  else
    {
      icon_name = "network-transmit-symbolic";
      tooltip = _("Receiving events");
    }

  gtk_image_set_from_icon_name (self->state_image, icon_name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->state_image), tooltip);
  gtk_label_set_label (self->failures_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->failures_label), text != NULL);
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->failures_label), classes[i]);
  if (css_class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->failures_label), css_class);

  /* Setting the switch emits state-set, which sees no change to ask for. */
  gtk_switch_set_active (self->enabled_switch, enabled);
}

static void
update_row (FcEndpointRow *self)
{
  const char *url = fc_endpoint_get_url (self->endpoint);
  const char *description = fc_endpoint_get_description (self->endpoint);
  const char *reason = fc_endpoint_get_disabled_reason (self->endpoint);
  g_autofree char *types = fc_endpoint_describe_event_types (
    fc_endpoint_get_event_types (self->endpoint));
  g_autofree char *subtitle = NULL;
  g_autofree char *switch_label = NULL;
  g_autofree char *menu_label = NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), url);
  if (description != NULL && description[0] != '\0')
    /* Translators: an endpoint's description, then the events it receives. */
    subtitle = g_strdup_printf (_("%s · %s"), description, types);
  else
    subtitle = g_steal_pointer (&types);
  if (reason != NULL && !fc_endpoint_get_enabled (self->endpoint))
    {
      char *longer = g_strconcat (subtitle, "\n", reason, NULL);

      g_free (subtitle);
      subtitle = longer;
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);

  /* Translators: %s is an endpoint's URL. */
  switch_label = g_strdup_printf (_("Send events to %s"), url);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->enabled_switch),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, switch_label, -1);
  /* Translators: %s is an endpoint's URL. */
  menu_label = g_strdup_printf (_("More actions for %s"), url);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->menu_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, menu_label, -1);

  update_state (self);
}

static gboolean
on_enabled_switch_state_set_cb (FcEndpointRow *self,
                                gboolean       state)
{
  if (state == fc_endpoint_get_enabled (self->endpoint))
    return FALSE;

  if (!gtk_widget_activate_action (GTK_WIDGET (self), "webhooks.set-endpoint-enabled", "(sb)",
                                   fc_endpoint_get_id (self->endpoint), state))
    g_warning ("no Webhooks view around the row of endpoint %s",
               fc_endpoint_get_id (self->endpoint));

  /* The switch follows the endpoint: at once when it changed, or once the user confirmed. */
  gtk_switch_set_active (self->enabled_switch, fc_endpoint_get_enabled (self->endpoint));
  return TRUE;
}

static void
forward_to_view (FcEndpointRow *self,
                 const char    *action_name)
{
  if (!gtk_widget_activate_action (GTK_WIDGET (self), action_name, "s",
                                   fc_endpoint_get_id (self->endpoint)))
    g_warning ("%s: no Webhooks view around the row of endpoint %s",
               action_name, fc_endpoint_get_id (self->endpoint));
}

static void
row_action_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  FcEndpointRow *self = FC_ENDPOINT_ROW (widget);

  if (g_str_equal (action_name, "row.edit"))
    forward_to_view (self, "webhooks.edit-endpoint");
  else if (g_str_equal (action_name, "row.rotate-secret"))
    forward_to_view (self, "webhooks.rotate-secret");
  else if (g_str_equal (action_name, "row.show-deliveries"))
    forward_to_view (self, "webhooks.show-deliveries");
  else if (g_str_equal (action_name, "row.remove"))
    forward_to_view (self, "webhooks.remove-endpoint");
}

static void
fc_endpoint_row_constructed (GObject *object)
{
  FcEndpointRow *self = FC_ENDPOINT_ROW (object);

  G_OBJECT_CLASS (fc_endpoint_row_parent_class)->constructed (object);

  g_return_if_fail (FC_IS_ENDPOINT (self->endpoint));

  g_signal_connect_object (self->endpoint, "notify", G_CALLBACK (update_row), self,
                           G_CONNECT_SWAPPED);
  update_row (self);
}

static void
fc_endpoint_row_dispose (GObject *object)
{
  FcEndpointRow *self = FC_ENDPOINT_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), FC_TYPE_ENDPOINT_ROW);
  g_clear_object (&self->endpoint);

  G_OBJECT_CLASS (fc_endpoint_row_parent_class)->dispose (object);
}

static void
fc_endpoint_row_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FcEndpointRow *self = FC_ENDPOINT_ROW (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      g_value_set_object (value, self->endpoint);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_endpoint_row_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  FcEndpointRow *self = FC_ENDPOINT_ROW (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      self->endpoint = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_endpoint_row_class_init (FcEndpointRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = fc_endpoint_row_constructed;
  object_class->dispose = fc_endpoint_row_dispose;
  object_class->get_property = fc_endpoint_row_get_property;
  object_class->set_property = fc_endpoint_row_set_property;

  /**
   * FcEndpointRow:endpoint:
   *
   * The endpoint the row shows.
   */
  properties[PROP_ENDPOINT] =
    g_param_spec_object ("endpoint", NULL, NULL,
                         FC_TYPE_ENDPOINT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "row.edit", NULL, row_action_activated);
  gtk_widget_class_install_action (widget_class, "row.rotate-secret", NULL,
                                   row_action_activated);
  gtk_widget_class_install_action (widget_class, "row.show-deliveries", NULL,
                                   row_action_activated);
  gtk_widget_class_install_action (widget_class, "row.remove", NULL, row_action_activated);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/com/fluxcascade/FluxCascade/fc-endpoint-row.ui");
  gtk_widget_class_bind_template_child (widget_class, FcEndpointRow, enabled_switch);
  gtk_widget_class_bind_template_child (widget_class, FcEndpointRow, failures_label);
  gtk_widget_class_bind_template_child (widget_class, FcEndpointRow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, FcEndpointRow, state_image);
  gtk_widget_class_bind_template_callback (widget_class, on_enabled_switch_state_set_cb);
}

static void
fc_endpoint_row_init (FcEndpointRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * fc_endpoint_row_new:
 * @endpoint: the endpoint to show
 *
 * Returns: (transfer floating): a row that shows @endpoint and follows its changes
 */
GtkWidget *
fc_endpoint_row_new (FcEndpoint *endpoint)
{
  g_return_val_if_fail (FC_IS_ENDPOINT (endpoint), NULL);

  return g_object_new (FC_TYPE_ENDPOINT_ROW,
                       "endpoint", endpoint,
                       NULL);
}

/**
 * fc_endpoint_row_get_endpoint:
 * @self: a #FcEndpointRow
 *
 * Returns: (transfer none): the endpoint the row shows
 */
FcEndpoint *
fc_endpoint_row_get_endpoint (FcEndpointRow *self)
{
  g_return_val_if_fail (FC_IS_ENDPOINT_ROW (self), NULL);

  return self->endpoint;
}
