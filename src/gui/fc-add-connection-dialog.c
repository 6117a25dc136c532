/* fc-add-connection-dialog.c: connecting an account, or signing in to one again
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Three pages: the provider, then how to sign in (browser or, where the provider has them, a
 * token the user made) with the optional details, then a page to wait on while the engine signs
 * in and asks the provider which account it reached. A failure brings the second page back with
 * the engine's message and everything the user entered; success closes the dialog after
 * emitting "connected". Reconnecting an expired connection starts on the second page, for that
 * connection's provider and account.
 */

#define G_LOG_DOMAIN "fc-add-connection-dialog"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-add-connection-dialog-private.h"

G_DEFINE_FINAL_TYPE (FcAddConnectionDialog, fc_add_connection_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_ENGINE,
  PROP_CONNECTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CONNECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Where the provider's own pages say to find a token the user makes. */
static const char *
describe_token_location (FcProvider provider)
{
  switch (provider)
    {
    case FC_PROVIDER_HUBSPOT:
      return _("In HubSpot, open Settings → Integrations → Private Apps, create a private app "
               "that may read and write the records to sync, and copy its access token.");

    case FC_PROVIDER_PIPEDRIVE:
      return _("In Pipedrive, open Personal preferences → API and copy your personal API "
               "token.");

    case FC_PROVIDER_JOBBER:
    case FC_PROVIDER_SALESFORCE:
    default:
      return NULL;
    }
}

static gboolean
provider_takes_tokens (FcProvider provider)
{
  return fc_provider_info_get (provider)->supports_static_token;
}

gboolean
_fc_add_connection_dialog_uses_token (FcAddConnectionDialog *self)
{
  return provider_takes_tokens (self->provider) && gtk_check_button_get_active (self->token_check);
}

/* Says what went wrong above the form; NULL takes it away. */
void
_fc_add_connection_dialog_show_error (FcAddConnectionDialog *self,
                                      const char            *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (self->error_box, message != NULL);
}

static void
update_connect_action (FcAddConnectionDialog *self)
{
  gboolean ready = TRUE;

  if (_fc_add_connection_dialog_uses_token (self))
    {
      g_autofree char *token = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->token_entry)));

      ready = g_strstrip (token)[0] != '\0';
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.connect", ready);
}

static void
on_token_entry_changed_cb (FcAddConnectionDialog *self)
{
  update_connect_action (self);
}

static void
on_method_check_active_cb (FcAddConnectionDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->token_group),
                          _fc_add_connection_dialog_uses_token (self));
  update_connect_action (self);
}

void
_fc_add_connection_dialog_show_details (FcAddConnectionDialog *self)
{
  gtk_spinner_stop (self->spinner);
  gtk_stack_set_visible_child_name (self->stack, "details");
  gtk_window_set_default_widget (GTK_WINDOW (self), self->connect_button);
}

/* Fills the second page for @provider; what the user typed stays. */
static void
show_provider (FcAddConnectionDialog *self,
               FcProvider             provider)
{
  const FcProviderInfo *info = fc_provider_info_get (provider);
  gboolean takes_tokens = provider_takes_tokens (provider);

  self->provider = provider;

  /* Without tokens the browser is the only way: say so, with nothing to choose. */
  gtk_widget_set_visible (GTK_WIDGET (self->token_row), takes_tokens);
  gtk_widget_set_visible (GTK_WIDGET (self->browser_check), takes_tokens);
  if (takes_tokens)
    {
      adw_action_row_set_subtitle (self->token_row, _(info->static_token_label));
      adw_preferences_group_set_description (self->token_group,
                                             describe_token_location (provider));
    }
  else
    {
      gtk_check_button_set_active (self->browser_check, TRUE);
    }

  if (self->reconnect_target == NULL)
    {
      adw_window_title_set_title (self->details_title, _("Add Connection"));
      adw_window_title_set_subtitle (self->details_title, info->display_name);
    }

  on_method_check_active_cb (self);
}

static void
on_provider_list_row_activated_cb (FcAddConnectionDialog *self,
                                   GtkListBoxRow         *row)
{
  int provider;

  if (!fc_enum_from_nick (FC_TYPE_PROVIDER, gtk_widget_get_name (GTK_WIDGET (row)), &provider))
    g_return_if_reached ();

  _fc_add_connection_dialog_show_error (self, NULL);
  show_provider (self, provider);
  _fc_add_connection_dialog_show_details (self);
  gtk_widget_grab_focus (provider_takes_tokens (provider) ? GTK_WIDGET (self->browser_check)
                                                          : GTK_WIDGET (self->name_entry));
}

static void
back_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  FcAddConnectionDialog *self = FC_ADD_CONNECTION_DIALOG (widget);
  GtkWidget *row;

  _fc_add_connection_dialog_show_error (self, NULL);
  gtk_window_set_default_widget (GTK_WINDOW (self), NULL);
  gtk_stack_set_visible_child_name (self->stack, "provider");

  /* Back where the user left. */
  for (row = gtk_widget_get_first_child (GTK_WIDGET (self->provider_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      if (g_strcmp0 (gtk_widget_get_name (row),
                     fc_enum_to_nick (FC_TYPE_PROVIDER, self->provider)) == 0)
        gtk_widget_grab_focus (row);
    }
}

static void
connect_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  _fc_add_connection_dialog_start_sign_in (FC_ADD_CONNECTION_DIALOG (widget));
}

static void
cancel_flow_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  FcAddConnectionDialog *self = FC_ADD_CONNECTION_DIALOG (widget);

  _fc_add_connection_dialog_cancel_sign_in (self);
  _fc_add_connection_dialog_show_details (self);
  gtk_widget_grab_focus (self->connect_button);
}

static void
copy_address_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  FcAddConnectionDialog *self = FC_ADD_CONNECTION_DIALOG (widget);

  if (self->sign_in_uri == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), self->sign_in_uri);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Address copied")));
}

/* The account is connected: tell, and go. */
void
_fc_add_connection_dialog_finish (FcAddConnectionDialog *self,
                                  FcConnection          *connection)
{
  g_signal_emit (self, signals[CONNECTED], 0, connection);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* Reconnecting: a connection made with a token is offered the token again. */
static void
on_stored_token_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (FcAddConnectionDialog) self = user_data;
  g_autoptr (FcToken) token = NULL;
  g_autoptr (GError) error = NULL;

  token = fc_secrets_lookup_token_finish (FC_SECRETS (source), result, &error);
  if (g_cancellable_is_cancelled (self->lookup_cancellable))
    return;

  /* Without an answer the browser, chosen already, is as good a guess as any. */
  if (error != NULL)
    g_debug ("Could not tell how connection %s signed in: %s",
             fc_connection_get_id (self->reconnect_target), error->message);
  else if (token != NULL && fc_token_is_static (token))
    {
      gtk_check_button_set_active (self->token_check, TRUE);
      gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->token_entry));
    }
}

static void
set_up_reconnection (FcAddConnectionDialog *self)
{
  g_autofree char *title = fc_connection_dup_title (self->reconnect_target);
  FcSecrets *secrets;

  gtk_window_set_title (GTK_WINDOW (self), _("Reconnect"));
  adw_window_title_set_title (self->details_title, _("Reconnect"));
  adw_window_title_set_subtitle (self->details_title, title);
  gtk_widget_set_visible (self->back_button, FALSE);
  gtk_widget_set_visible (self->details_cancel_button, TRUE);
  gtk_widget_set_visible (self->account_group, FALSE);
  gtk_widget_set_visible (self->advanced_group, FALSE);
  adw_preferences_group_set_description (self->method_group,
                                         _("The sign-in to this account has expired. Sign in "
                                           "again, to the same account, to resume syncing."));

  show_provider (self, fc_connection_get_provider (self->reconnect_target));
  gtk_stack_set_visible_child_full (self->stack, "details", GTK_STACK_TRANSITION_TYPE_NONE);
  gtk_window_set_default_widget (GTK_WINDOW (self), self->connect_button);
  gtk_window_set_focus (GTK_WINDOW (self), self->connect_button);

  if (provider_takes_tokens (self->provider))
    {
      secrets = fc_auth_get_secrets (fc_engine_get_auth (self->engine));
      self->lookup_cancellable = g_cancellable_new ();
      fc_secrets_lookup_token_async (secrets, self->reconnect_target, self->lookup_cancellable,
                                     on_stored_token_cb, g_object_ref (self));
    }
}

/* GObject */

static void
fc_add_connection_dialog_constructed (GObject *object)
{
  FcAddConnectionDialog *self = FC_ADD_CONNECTION_DIALOG (object);

  G_OBJECT_CLASS (fc_add_connection_dialog_parent_class)->constructed (object);

  g_return_if_fail (FC_IS_ENGINE (self->engine));

  if (self->reconnect_target != NULL)
    set_up_reconnection (self);
  else
    gtk_widget_set_visible (self->details_cancel_button, FALSE);
}

static gboolean
fc_add_connection_dialog_close_request (GtkWindow *window)
{
  FcAddConnectionDialog *self = FC_ADD_CONNECTION_DIALOG (window);

  _fc_add_connection_dialog_cancel_sign_in (self);

  return GTK_WINDOW_CLASS (fc_add_connection_dialog_parent_class)->close_request (window);
}

static void
fc_add_connection_dialog_dispose (GObject *object)
{
  FcAddConnectionDialog *self = FC_ADD_CONNECTION_DIALOG (object);

  _fc_add_connection_dialog_cancel_sign_in (self);
  g_cancellable_cancel (self->lookup_cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), FC_TYPE_ADD_CONNECTION_DIALOG);

  G_OBJECT_CLASS (fc_add_connection_dialog_parent_class)->dispose (object);
}

static void
fc_add_connection_dialog_finalize (GObject *object)
{
  FcAddConnectionDialog *self = FC_ADD_CONNECTION_DIALOG (object);

  g_clear_object (&self->engine);
  g_clear_object (&self->reconnect_target);
  g_clear_object (&self->lookup_cancellable);
  g_clear_pointer (&self->sign_in_uri, g_free);

  G_OBJECT_CLASS (fc_add_connection_dialog_parent_class)->finalize (object);
}

static void
fc_add_connection_dialog_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  FcAddConnectionDialog *self = FC_ADD_CONNECTION_DIALOG (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      g_value_set_object (value, self->engine);
      break;

    case PROP_CONNECTION:
      g_value_set_object (value, self->reconnect_target);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_add_connection_dialog_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  FcAddConnectionDialog *self = FC_ADD_CONNECTION_DIALOG (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      self->engine = g_value_dup_object (value);
      break;

    case PROP_CONNECTION:
      self->reconnect_target = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_add_connection_dialog_class_init (FcAddConnectionDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = fc_add_connection_dialog_constructed;
  object_class->dispose = fc_add_connection_dialog_dispose;
  object_class->finalize = fc_add_connection_dialog_finalize;
  object_class->get_property = fc_add_connection_dialog_get_property;
  object_class->set_property = fc_add_connection_dialog_set_property;

  window_class->close_request = fc_add_connection_dialog_close_request;

  /**
   * FcAddConnectionDialog:engine:
   *
   * The engine that signs in and keeps the connection.
   */
  properties[PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL,
                         FC_TYPE_ENGINE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * FcAddConnectionDialog:connection:
   *
   * The connection to sign in to again, or %NULL to add one.
   */
  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL,
                         FC_TYPE_CONNECTION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FcAddConnectionDialog::connected:
   * @self: the dialog
   * @connection: the connection as the engine saved it
   *
   * The account is connected (or signed in again); the dialog closes next.
   */
  signals[CONNECTED] =
    g_signal_new ("connected",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, FC_TYPE_CONNECTION);

  gtk_widget_class_install_action (widget_class, "dialog.back", NULL, back_activated);
  gtk_widget_class_install_action (widget_class, "dialog.connect", NULL, connect_activated);
  gtk_widget_class_install_action (widget_class, "dialog.cancel-flow", NULL,
                                   cancel_flow_activated);
  gtk_widget_class_install_action (widget_class, "dialog.copy-address", NULL,
                                   copy_address_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/com/fluxcascade/FluxCascade/fc-add-connection-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FcAddConnectionDialog, account_group);
  gtk_widget_class_bind_template_child (widget_class, FcAddConnectionDialog, address_box);
  gtk_widget_class_bind_template_child (widget_class, FcAddConnectionDialog, address_label);
  gtk_widget_class_bind_template_child (widget_class, FcAddConnectionDialog, advanced_group);
  gtk_widget_class_bind_template_child (widget_class, FcAddConnectionDialog, advanced_row);
  gtk_widget_class_bind_template_child (widget_class, FcAddConnectionDialog, api_url_entry);
  gtk_widget_class_bind_template_child (widget_class, FcAddConnectionDialog, auth_url_entry);
  gtk_widget_class_bind_template_child (widget_class, FcAddConnectionDialog, back_button);
  gtk_widget_class_bind_template_child (widget_class, FcAddConnectionDialog, browser_check);
  gtk_widget_class_bind_template_child (widget_class, FcAddConnectionDialog,
                                        browser_error_label);
  gtk_widget_class_bind_template_child (widget_class, FcAddConnectionDialog,
                                        cancel_flow_button);
  gtk_widget_class_bind_template_child (widget_class, FcAddConnectionDialog, connect_button);
  gtk_widget_class_bind_template_child (widget_class, FcAddConnectionDialog,
                                        details_cancel_button);
  gtk_widget_class_bind_template_child (widget_class, FcAddConnectionDialog, details_title);
  gtk_widget_class_bind_template_child (widget_class, FcAddConnectionDialog, error_box);
  gtk_widget_class_bind_template_child (widget_class, FcAddConnectionDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, FcAddConnectionDialog, method_group);
  gtk_widget_class_bind_template_child (widget_class, FcAddConnectionDialog, name_entry);
  gtk_widget_class_bind_template_child (widget_class, FcAddConnectionDialog, provider_list);
  gtk_widget_class_bind_template_child (widget_class, FcAddConnectionDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, FcAddConnectionDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, FcAddConnectionDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, FcAddConnectionDialog, token_check);
  gtk_widget_class_bind_template_child (widget_class, FcAddConnectionDialog, token_entry);
  gtk_widget_class_bind_template_child (widget_class, FcAddConnectionDialog, token_group);
  gtk_widget_class_bind_template_child (widget_class, FcAddConnectionDialog, token_row);
  gtk_widget_class_bind_template_child (widget_class, FcAddConnectionDialog, waiting_page);
  gtk_widget_class_bind_template_child (widget_class, FcAddConnectionDialog, waiting_title);
  gtk_widget_class_bind_template_callback (widget_class, on_method_check_active_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_provider_list_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_token_entry_changed_cb);
}

static void
fc_add_connection_dialog_init (FcAddConnectionDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->provider = FC_PROVIDER_HUBSPOT;
}

/**
 * fc_add_connection_dialog_new:
 * @parent: (nullable): the window the dialog is for
 * @engine: the engine to add the connection to
 *
 * Returns: (transfer none): a new dialog that connects an account, starting with the choice
 *   of provider. Present it; it closes by itself once the account is connected.
 */
FcAddConnectionDialog *
fc_add_connection_dialog_new (GtkWindow *parent,
                              FcEngine  *engine)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (FC_IS_ENGINE (engine), NULL);

  return g_object_new (FC_TYPE_ADD_CONNECTION_DIALOG,
                       "application", parent != NULL ? gtk_window_get_application (parent) : NULL,
                       "transient-for", parent,
                       "engine", engine,
                       NULL);
}

/**
 * fc_add_connection_dialog_new_for_reconnect:
 * @parent: (nullable): the window the dialog is for
 * @engine: the engine that keeps @connection
 * @connection: the connection to sign in to again
 *
 * Returns: (transfer none): a new dialog that signs in to @connection's account again
 */
FcAddConnectionDialog *
fc_add_connection_dialog_new_for_reconnect (GtkWindow    *parent,
                                            FcEngine     *engine,
                                            FcConnection *connection)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (FC_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (FC_IS_CONNECTION (connection), NULL);

  return g_object_new (FC_TYPE_ADD_CONNECTION_DIALOG,
                       "application", parent != NULL ? gtk_window_get_application (parent) : NULL,
                       "transient-for", parent,
                       "engine", engine,
                       "connection", connection,
                       NULL);
}

/**
 * fc_add_connection_dialog_get_engine:
 * @self: a #FcAddConnectionDialog
 *
 * Returns: (transfer none): the engine the dialog adds to
 */
FcEngine *
fc_add_connection_dialog_get_engine (FcAddConnectionDialog *self)
{
  g_return_val_if_fail (FC_IS_ADD_CONNECTION_DIALOG (self), NULL);

  return self->engine;
}

/**
 * fc_add_connection_dialog_get_connection:
 * @self: a #FcAddConnectionDialog
 *
 * Returns: (transfer none) (nullable): the connection signed in to again, or %NULL when the
 *   dialog adds a new one
 */
FcConnection *
fc_add_connection_dialog_get_connection (FcAddConnectionDialog *self)
{
  g_return_val_if_fail (FC_IS_ADD_CONNECTION_DIALOG (self), NULL);

  return self->reconnect_target;
}

/**
 * fc_add_connection_dialog_set_uri_launcher:
 * @self: a #FcAddConnectionDialog
 * @launcher: (nullable): what opens the sign-in page, or %NULL for the system browser
 * @user_data: passed to @launcher
 *
 * Chooses how the provider's sign-in page reaches the user. The dialog shows its address in
 * any case; when @launcher fails, the dialog says so and the sign-in waits for the address to
 * be opened by hand.
 */
void
fc_add_connection_dialog_set_uri_launcher (FcAddConnectionDialog *self,
                                           FcAuthOpenUriFunc      launcher,
                                           gpointer               user_data)
{
  g_return_if_fail (FC_IS_ADD_CONNECTION_DIALOG (self));

  self->launcher = launcher;
  self->launcher_data = user_data;
}
