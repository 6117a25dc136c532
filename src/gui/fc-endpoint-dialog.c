/* fc-endpoint-dialog.c: adding or editing an outbound webhook endpoint, and showing its secret
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The URL is checked as it is typed, with the notifier's own rules, and the reason a URL cannot
 * be used shows under it; the events are all of them, or those checked. Saving goes through the
 * notifier; the secret of a new endpoint is handed on in "saved" for the one time it is shown.
 */

#define G_LOG_DOMAIN "fc-endpoint-dialog"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-endpoint-dialog.h"

struct _FcEndpointDialog
{
  AdwWindow     parent_instance;

  FcNotifier   *notifier;
  FcEndpoint   *endpoint;
  GCancellable *cancellable;
  GPtrArray    *type_checks;   /* GtkCheckButton, one per event type, in their order */
  gboolean      saving;

  /* Template children */
  GtkSwitch    *all_events_switch;
  AdwEntryRow  *description_row;
  GtkLabel     *events_error_label;
  GtkButton    *save_button;
  GtkLabel     *save_error_label;
  GtkFlowBox   *types_box;
  GtkLabel     *url_error_label;
  AdwEntryRow  *url_row;
};

G_DEFINE_FINAL_TYPE (FcEndpointDialog, fc_endpoint_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_NOTIFIER,
  PROP_ENDPOINT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The checked event types, or an empty array for all of them. */
static GStrv
dup_chosen_types (FcEndpointDialog *self)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  const char * const *types = fc_notifier_get_event_types ();

  if (!gtk_switch_get_active (self->all_events_switch))
    for (guint i = 0; i < self->type_checks->len; i++)
      if (gtk_check_button_get_active (self->type_checks->pdata[i]))
        g_strv_builder_add (builder, types[i]);

  return g_strv_builder_end (builder);
}

/* Whether the URL can be used; shows why not under it. */
static gboolean
check_url (FcEndpointDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->url_row));
  g_autofree char *url = g_strstrip (g_strdup (text));
  g_autoptr (GError) error = NULL;
  gboolean valid;

  if (url[0] == '\0')
    {
      /* Nothing typed yet is not an error to shout about. */
      gtk_widget_set_visible (GTK_WIDGET (self->url_error_label), FALSE);
      gtk_widget_remove_css_class (GTK_WIDGET (self->url_row), "error");
      return FALSE;
    }

  valid = fc_notifier_check_url (url, &error);
  gtk_label_set_label (self->url_error_label, valid ? "" : error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->url_error_label), !valid);
  if (valid)
    gtk_widget_remove_css_class (GTK_WIDGET (self->url_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->url_row), "error");

  return valid;
}

static void
update_save_button (FcEndpointDialog *self)
{
  gboolean url_ok = check_url (self);
  gboolean all = gtk_switch_get_active (self->all_events_switch);
  g_auto (GStrv) types = dup_chosen_types (self);
  gboolean events_ok = all || types[0] != NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->types_box), !all);
  gtk_widget_set_visible (GTK_WIDGET (self->events_error_label), !events_ok);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button),
                            url_ok && events_ok && !self->saving);
}

static void
on_url_row_changed_cb (FcEndpointDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->save_error_label), FALSE);
  update_save_button (self);
}

static void
on_event_choice_changed_cb (FcEndpointDialog *self)
{
  update_save_button (self);
}

static void
show_save_error (FcEndpointDialog *self,
                 const GError     *error)
{
  self->saving = FALSE;
  gtk_label_set_label (self->save_error_label, error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->save_error_label), TRUE);
  update_save_button (self);
}

static void
on_endpoint_added_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr (FcEndpointDialog) self = user_data;
  g_autoptr (FcEndpoint) endpoint = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *secret = NULL;

  endpoint = fc_notifier_add_endpoint_finish (FC_NOTIFIER (source), result, &secret, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (endpoint == NULL)
    {
      show_save_error (self, error);
      return;
    }

  self->saving = FALSE;
  g_set_object (&self->endpoint, endpoint);
  g_signal_emit (self, signals[SIGNAL_SAVED], 0, endpoint, secret);
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_save_button_clicked_cb (FcEndpointDialog *self)
{
  g_autofree char *url = NULL;
  g_auto (GStrv) types = NULL;
  g_autoptr (GError) error = NULL;
  const char *description;

  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->save_button)))
    return;

  url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->url_row))));
  description = gtk_editable_get_text (GTK_EDITABLE (self->description_row));
  types = dup_chosen_types (self);

  if (self->endpoint == NULL)
    {
      self->saving = TRUE;
      update_save_button (self);
      fc_notifier_add_endpoint_async (self->notifier, url,
                                      description[0] != '\0' ? description : NULL,
                                      (const char * const *) types, self->cancellable,
                                      on_endpoint_added_cb, g_object_ref (self));
      return;
    }

  if (!fc_notifier_update_endpoint (self->notifier, fc_endpoint_get_id (self->endpoint), url,
                                    description, (const char * const *) types, &error))
    {
      show_save_error (self, error);
      return;
    }

  g_signal_emit (self, signals[SIGNAL_SAVED], 0, self->endpoint, NULL);
  gtk_window_close (GTK_WINDOW (self));
}

static void
add_type_checks (FcEndpointDialog *self)
{
  const char * const *types = fc_notifier_get_event_types ();

  for (guint i = 0; types[i] != NULL; i++)
    {
      GtkWidget *check = gtk_check_button_new_with_label (types[i]);

      g_signal_connect_object (check, "toggled", G_CALLBACK (on_event_choice_changed_cb), self,
                               G_CONNECT_SWAPPED);
      gtk_flow_box_append (self->types_box, check);
      g_ptr_array_add (self->type_checks, check);
    }
}

/* Fills the fields from the endpoint being edited. */
static void
load_endpoint (FcEndpointDialog *self)
{
  const char * const *chosen = fc_endpoint_get_event_types (self->endpoint);
  const char * const *types = fc_notifier_get_event_types ();
  const char *description = fc_endpoint_get_description (self->endpoint);

  gtk_window_set_title (GTK_WINDOW (self), _("Edit Endpoint"));
  gtk_button_set_label (self->save_button, _("_Save"));
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), fc_endpoint_get_url (self->endpoint));
  gtk_editable_set_text (GTK_EDITABLE (self->description_row),
                         description != NULL ? description : "");

  gtk_switch_set_active (self->all_events_switch, chosen == NULL || chosen[0] == NULL);
  for (guint i = 0; i < self->type_checks->len; i++)
    gtk_check_button_set_active (self->type_checks->pdata[i],
                                 chosen != NULL && g_strv_contains (chosen, types[i]));
}

static void
fc_endpoint_dialog_constructed (GObject *object)
{
  FcEndpointDialog *self = FC_ENDPOINT_DIALOG (object);

  G_OBJECT_CLASS (fc_endpoint_dialog_parent_class)->constructed (object);

  add_type_checks (self);
  if (self->endpoint != NULL)
    load_endpoint (self);
  update_save_button (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->url_row));
}

static void
fc_endpoint_dialog_dispose (GObject *object)
{
  FcEndpointDialog *self = FC_ENDPOINT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), FC_TYPE_ENDPOINT_DIALOG);
  g_clear_object (&self->notifier);
  g_clear_object (&self->endpoint);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->type_checks, g_ptr_array_unref);

  G_OBJECT_CLASS (fc_endpoint_dialog_parent_class)->dispose (object);
}

static void
fc_endpoint_dialog_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  FcEndpointDialog *self = FC_ENDPOINT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_NOTIFIER:
      g_value_set_object (value, self->notifier);
      break;

    case PROP_ENDPOINT:
      g_value_set_object (value, self->endpoint);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_endpoint_dialog_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  FcEndpointDialog *self = FC_ENDPOINT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_NOTIFIER:
      self->notifier = g_value_dup_object (value);
      break;

    case PROP_ENDPOINT:
      self->endpoint = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_endpoint_dialog_class_init (FcEndpointDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = fc_endpoint_dialog_constructed;
  object_class->dispose = fc_endpoint_dialog_dispose;
  object_class->get_property = fc_endpoint_dialog_get_property;
  object_class->set_property = fc_endpoint_dialog_set_property;

  properties[PROP_NOTIFIER] =
    g_param_spec_object ("notifier", NULL, NULL, FC_TYPE_NOTIFIER,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  /**
   * FcEndpointDialog:endpoint:
   *
   * The endpoint being edited; once a new one is added, that one.
   */
  properties[PROP_ENDPOINT] =
    g_param_spec_object ("endpoint", NULL, NULL, FC_TYPE_ENDPOINT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FcEndpointDialog::saved:
   * @endpoint: the endpoint added or changed
   * @secret: (nullable): the signing secret of a new endpoint, shown this once
   */
  signals[SIGNAL_SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, FC_TYPE_ENDPOINT, G_TYPE_STRING);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/com/fluxcascade/FluxCascade/fc-endpoint-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FcEndpointDialog, all_events_switch);
  gtk_widget_class_bind_template_child (widget_class, FcEndpointDialog, description_row);
  gtk_widget_class_bind_template_child (widget_class, FcEndpointDialog, events_error_label);
  gtk_widget_class_bind_template_child (widget_class, FcEndpointDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, FcEndpointDialog, save_error_label);
  gtk_widget_class_bind_template_child (widget_class, FcEndpointDialog, types_box);
  gtk_widget_class_bind_template_child (widget_class, FcEndpointDialog, url_error_label);
  gtk_widget_class_bind_template_child (widget_class, FcEndpointDialog, url_row);
  gtk_widget_class_bind_template_callback (widget_class, on_event_choice_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_save_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_url_row_changed_cb);
}

static void
fc_endpoint_dialog_init (FcEndpointDialog *self)
{
  self->cancellable = g_cancellable_new ();
  self->type_checks = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * fc_endpoint_dialog_new:
 * @parent: (nullable): the window the dialog belongs to
 * @notifier: the notifier that keeps the endpoints
 * @endpoint: (nullable): the endpoint to edit, or %NULL to add one
 *
 * Returns: (transfer none): the new dialog, owned by GTK's list of toplevels
 */
FcEndpointDialog *
fc_endpoint_dialog_new (GtkWindow  *parent,
                        FcNotifier *notifier,
                        FcEndpoint *endpoint)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (FC_IS_NOTIFIER (notifier), NULL);
  g_return_val_if_fail (endpoint == NULL || FC_IS_ENDPOINT (endpoint), NULL);

  return g_object_new (FC_TYPE_ENDPOINT_DIALOG,
                       "transient-for", parent,
                       "application", parent != NULL ? gtk_window_get_application (parent) : NULL,
                       "notifier", notifier,
                       "endpoint", endpoint,
                       NULL);
}

/**
 * fc_endpoint_dialog_get_endpoint:
 * @self: a #FcEndpointDialog
 *
 * Returns: (transfer none) (nullable): the endpoint edited or added
 */
FcEndpoint *
fc_endpoint_dialog_get_endpoint (FcEndpointDialog *self)
{
  g_return_val_if_fail (FC_IS_ENDPOINT_DIALOG (self), NULL);

  return self->endpoint;
}

/* ---- the secret, shown once -------------------------------------------------------------- */

static void
on_copy_secret_clicked_cb (GtkButton *button,
                           GtkLabel  *label)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)),
                          gtk_label_get_text (label));
  gtk_button_set_label (button, _("Copied"));
}

/**
 * fc_endpoint_secret_dialog_new:
 * @parent: (nullable): the window the dialog belongs to
 * @url: the endpoint's URL
 * @secret: its signing secret
 *
 * Returns: (transfer none): a dialog, not yet presented, that shows @secret this one time
 */
GtkWidget *
fc_endpoint_secret_dialog_new (GtkWindow  *parent,
                               const char *url,
                               const char *secret)
{
  GtkWidget *dialog;
  GtkWidget *box;
  GtkWidget *label;
  GtkWidget *copy_button;

  g_return_val_if_fail (url != NULL, NULL);
  g_return_val_if_fail (secret != NULL, NULL);

  dialog = adw_message_dialog_new (parent, _("Signing Secret"), NULL);
  if (parent != NULL)
    gtk_window_set_application (GTK_WINDOW (dialog), gtk_window_get_application (parent));
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  /* Translators: %s is an endpoint's URL. */
                                  _("Copy the secret of %s now and keep it with the receiving "
                                    "app: it will not be shown again. Check each request’s "
                                    "X-FluxCascade-Signature header with it."),
                                  url);

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_add_css_class (box, "card");
  label = gtk_label_new (secret);
  gtk_widget_set_name (label, "secret-label");
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_widget_add_css_class (label, "monospace");
  gtk_accessible_update_property (GTK_ACCESSIBLE (label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Signing secret"), -1);
  gtk_box_append (GTK_BOX (box), label);

  copy_button = gtk_button_new_with_mnemonic (_("_Copy"));
  gtk_widget_set_name (copy_button, "copy-button");
  gtk_widget_set_valign (copy_button, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_end (copy_button, 12);
  gtk_widget_set_tooltip_text (copy_button, _("Copy the secret to the clipboard"));
  g_signal_connect (copy_button, "clicked", G_CALLBACK (on_copy_secret_clicked_cb), label);
  gtk_box_append (GTK_BOX (box), copy_button);

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "done",
                                   _("I Have _Copied the Secret"));
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "done",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "done");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "done");

  return dialog;
}
