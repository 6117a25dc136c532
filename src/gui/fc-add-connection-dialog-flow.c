/* fc-add-connection-dialog-flow.c: the sign-in that the Add Connection dialog runs
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * From what the user entered to the engine's answer: the connection to sign in, the page to
 * wait on, the sign-in page shown and opened in the browser, and the end of it, which closes
 * the dialog or brings the form back with what went wrong.
 */

#define G_LOG_DOMAIN "fc-add-connection-dialog"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-add-connection-dialog-private.h"

/* One sign-in. The dialog forgets a sign-in it cancelled at once, so that the user is not kept
 * waiting for the engine to wind it down; what that sign-in reports afterwards is ignored. */
typedef struct
{
  FcAddConnectionDialog *self;
  GCancellable          *cancellable;
  FcConnection          *connection;
  gboolean               with_token;
} Flow;

static void
flow_clear (Flow *flow)
{
  g_object_unref (flow->self);
  g_object_unref (flow->cancellable);
  g_object_unref (flow->connection);
}

static Flow *
flow_ref (Flow *flow)
{
  return g_rc_box_acquire (flow);
}

static void
flow_unref (Flow *flow)
{
  g_rc_box_release_full (flow, (GDestroyNotify) flow_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Flow, flow_unref)

static gboolean
flow_is_current (Flow *flow)
{
  return flow->cancellable == flow->self->cancellable;
}

static void
show_waiting_page (FcAddConnectionDialog *self,
                   gboolean               with_token)
{
  const char *provider_name = fc_provider_get_display_name (self->provider);
  g_autofree char *description = NULL;

  adw_window_title_set_title (self->waiting_title,
                              adw_window_title_get_title (self->details_title));
  adw_window_title_set_subtitle (self->waiting_title,
                                 adw_window_title_get_subtitle (self->details_title));
  gtk_widget_set_visible (self->address_box, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->browser_error_label), FALSE);

  if (with_token)
    {
      adw_status_page_set_icon_name (self->waiting_page, "dialog-password-symbolic");
      adw_status_page_set_title (self->waiting_page, _("Checking the Token…"));
      /* Translators: %s is a provider, such as HubSpot. */
      description = g_markup_printf_escaped (_("Asking %s which account the token belongs to."),
                                             provider_name);
    }
  else
    {
      adw_status_page_set_icon_name (self->waiting_page, "web-browser-symbolic");
      adw_status_page_set_title (self->waiting_page, _("Waiting for the Browser…"));
      /* Translators: %s is a provider, such as HubSpot. */
      description = g_markup_printf_escaped (_("Sign in to %s in the browser and allow "
                                               "FluxCascade to use the account. If no browser "
                                               "opens, copy this address into one."),
                                             provider_name);
    }
  adw_status_page_set_description (self->waiting_page, description);

  gtk_window_set_default_widget (GTK_WINDOW (self), NULL);
  gtk_spinner_start (self->spinner);
  gtk_stack_set_visible_child_name (self->stack, "waiting");
  gtk_widget_grab_focus (self->cancel_flow_button);
}

/* Launching the browser */

static void
show_browser_error (FcAddConnectionDialog *self,
                    const GError          *error)
{
  g_autofree char *message = NULL;

  /* Translators: %s says why no browser could be opened. */
  message = g_strdup_printf (_("No browser could be opened (%s). Copy the address above into "
                               "a browser to go on."),
                             error->message);
  gtk_label_set_label (self->browser_error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->browser_error_label), TRUE);
}

static void
on_browser_launched_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr (Flow) flow = user_data;
  g_autoptr (GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      flow_is_current (flow))
    show_browser_error (flow->self, error);
}

/* The FcAuthOpenUriFunc of the sign-in: shows the address, then opens it. A browser that does
 * not open leaves the address to copy, and the sign-in waits on. */
static gboolean
open_sign_in_page (const char  *uri,
                   gpointer     user_data,
                   GError     **error)
{
  Flow *flow = user_data;
  FcAddConnectionDialog *self = flow->self;
  g_autoptr (GdkAppLaunchContext) context = NULL;
  g_autoptr (GError) launch_error = NULL;

  if (!flow_is_current (flow))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           _("The sign-in was cancelled"));
      return FALSE;
    }

  g_free (self->sign_in_uri);
  self->sign_in_uri = g_strdup (uri);
  gtk_label_set_label (self->address_label, uri);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->address_label), uri);
  gtk_widget_set_visible (self->address_box, TRUE);

  if (self->launcher != NULL)
    {
      if (!self->launcher (uri, self->launcher_data, &launch_error))
        show_browser_error (self, launch_error);
      return TRUE;
    }

  context = gdk_display_get_app_launch_context (gtk_widget_get_display (GTK_WIDGET (self)));
  g_app_info_launch_default_for_uri_async (uri, G_APP_LAUNCH_CONTEXT (context), flow->cancellable,
                                           on_browser_launched_cb, flow_ref (flow));
  return TRUE;
}

/* The end of a sign-in */

/* What went wrong, in the words of the engine, except where the dialog knows better what the
 * user should do. */
static char *
describe_failure (Flow         *flow,
                  const GError *error)
{
  const char *provider_name = fc_provider_get_display_name (flow->self->provider);

  /* The provider refused the token: the engine's words are those of an expired sign-in. */
  if (flow->with_token &&
      (g_error_matches (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_AUTH) ||
       g_error_matches (error, FC_AUTH_ERROR, FC_AUTH_ERROR_EXPIRED)))
    /* Translators: %s is a provider, such as Pipedrive. */
    return g_strdup_printf (_("%s did not accept the token. Check that it was copied whole and "
                              "that it was not revoked."),
                            provider_name);

  return g_strdup (error->message);
}

static void
finish_flow (Flow         *flow,
             FcConnection *connection,
             const GError *error)
{
  FcAddConnectionDialog *self = flow->self;
  g_autofree char *message = NULL;

  if (!flow_is_current (flow))
    return;

  g_clear_object (&self->cancellable);

  if (connection != NULL)
    {
      _fc_add_connection_dialog_finish (self, connection);
      return;
    }

  message = describe_failure (flow, error);
  _fc_add_connection_dialog_show_details (self);
  _fc_add_connection_dialog_show_error (self, message);
  if (_fc_add_connection_dialog_uses_token (self))
    gtk_widget_grab_focus (GTK_WIDGET (self->token_entry));
  else
    gtk_widget_grab_focus (self->connect_button);
}

static void
on_connection_added_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr (Flow) flow = user_data;
  g_autoptr (FcConnection) connection = NULL;
  g_autoptr (GError) error = NULL;

  connection = fc_engine_add_connection_finish (FC_ENGINE (source), result, &error);
  finish_flow (flow, connection, error);
}

static void
on_reconnected_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (Flow) flow = user_data;
  g_autoptr (GError) error = NULL;

  if (fc_engine_reconnect_finish (FC_ENGINE (source), result, &error))
    finish_flow (flow, flow->connection, NULL);
  else
    finish_flow (flow, NULL, error);
}

/* Starting a sign-in */

/* An address typed under Advanced: empty (NULL), or http(s) with a host, kept without a
 * trailing slash as the engine expects. FALSE when it is something else. */
static gboolean
read_url_override (AdwEntryRow  *entry,
                   char        **out_url)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  g_autoptr (GUri) uri = NULL;
  gsize length;

  *out_url = NULL;
  if (text[0] == '\0')
    return TRUE;

  uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL ||
      (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 &&
       g_strcmp0 (g_uri_get_scheme (uri), "https") != 0) ||
      g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0')
    return FALSE;

  length = strlen (text);
  while (length > 0 && text[length - 1] == '/')
    text[--length] = '\0';
  *out_url = g_steal_pointer (&text);
  return TRUE;
}

/* Points the user at an address under Advanced that is not one. */
static void
reject_url_override (AdwEntryRow    *entry,
                     AdwExpanderRow *advanced_row)
{
  adw_expander_row_set_expanded (advanced_row, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (entry));
}

/* The connection to sign in, from what the user entered; NULL with @error when something
 * entered is not usable. */
static FcConnection *
make_connection (FcAddConnectionDialog  *self,
                 GError                **error)
{
  g_autoptr (FcConnection) connection = NULL;
  g_autofree char *api_url = NULL;
  g_autofree char *auth_url = NULL;
  g_autofree char *name = NULL;

  /* A reconnection keeps the connection's name and addresses. */
  if (self->reconnect_target != NULL)
    return fc_connection_copy (self->reconnect_target);

  if (!read_url_override (self->api_url_entry, &api_url))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The API URL “%s” is not a web address: it must start with http:// or "
                     "https:// and name a host."),
                   gtk_editable_get_text (GTK_EDITABLE (self->api_url_entry)));
      reject_url_override (self->api_url_entry, self->advanced_row);
      return NULL;
    }
  if (!read_url_override (self->auth_url_entry, &auth_url))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The sign-in URL “%s” is not a web address: it must start with http:// "
                     "or https:// and name a host."),
                   gtk_editable_get_text (GTK_EDITABLE (self->auth_url_entry)));
      reject_url_override (self->auth_url_entry, self->advanced_row);
      return NULL;
    }

  connection = fc_connection_new (self->provider);
  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_entry))));
  if (name[0] != '\0')
    fc_connection_set_account_name (connection, name);
  fc_connection_set_api_base_url (connection, api_url);
  fc_connection_set_auth_base_url (connection, auth_url);

  return g_steal_pointer (&connection);
}

/* Starts signing in with what the user entered, unless something entered is not usable. */
void
_fc_add_connection_dialog_start_sign_in (FcAddConnectionDialog *self)
{
  g_autoptr (FcConnection) connection = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *token = NULL;
  Flow *flow;

  if (self->cancellable != NULL)
    return;

  if (_fc_add_connection_dialog_uses_token (self))
    {
      token = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->token_entry))));
      if (token[0] == '\0')
        {
          _fc_add_connection_dialog_show_error (self, _("Paste the token first."));
          gtk_widget_grab_focus (GTK_WIDGET (self->token_entry));
          return;
        }
    }

  connection = make_connection (self, &error);
  if (connection == NULL)
    {
      _fc_add_connection_dialog_show_error (self, error->message);
      return;
    }

  _fc_add_connection_dialog_show_error (self, NULL);
  self->cancellable = g_cancellable_new ();
  show_waiting_page (self, token != NULL);

  flow = g_rc_box_new0 (Flow);
  flow->self = g_object_ref (self);
  flow->cancellable = g_object_ref (self->cancellable);
  flow->connection = g_object_ref (connection);
  flow->with_token = token != NULL;

  /* The engine calls open_sign_in_page () with the flow before it calls back, and the flow
   * lives until then. */
  if (self->reconnect_target != NULL)
    fc_engine_reconnect_async (self->engine, connection, token, open_sign_in_page, flow,
                               self->cancellable, on_reconnected_cb, flow);
  else
    fc_engine_add_connection_async (self->engine, connection, token, open_sign_in_page, flow,
                                    self->cancellable, on_connection_added_cb, flow);
}

/* Forgets the sign-in under way, which the engine then winds down. */
void
_fc_add_connection_dialog_cancel_sign_in (FcAddConnectionDialog *self)
{
  if (self->cancellable == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

