/* fc-endpoint-actions.c: what the user does to an outbound endpoint, with its dialogs
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Adding, editing, enabling, removing an endpoint and rotating its secret, each through the
 * notifier, with the confirmations and the one-time secret dialog around them. Whatever acts
 * here keeps the widget it acts for alive until the notifier answered.
 */

#define G_LOG_DOMAIN "fc-endpoint-actions"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-endpoint-actions.h"
#include "fc-endpoint-dialog.h"
#include "fc-window.h"

/* Skipped deliveries counted before asking whether to send them; more are "more than". */
#define MAX_COUNTED_SKIPPED 1000

typedef struct
{
  GtkWidget  *widget;
  FcNotifier *notifier;
  char       *endpoint_id;
  char       *url;
} EndpointTask;

static void
endpoint_task_free (EndpointTask *task)
{
  g_clear_object (&task->widget);
  g_clear_object (&task->notifier);
  g_free (task->endpoint_id);
  g_free (task->url);
  g_free (task);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EndpointTask, endpoint_task_free)

static EndpointTask *
endpoint_task_new (GtkWidget  *widget,
                   FcNotifier *notifier,
                   FcEndpoint *endpoint)
{
  EndpointTask *task = g_new0 (EndpointTask, 1);

  task->widget = g_object_ref (widget);
  task->notifier = g_object_ref (notifier);
  task->endpoint_id = g_strdup (fc_endpoint_get_id (endpoint));
  task->url = g_strdup (fc_endpoint_get_url (endpoint));
  return task;
}

static EndpointTask *
endpoint_task_copy (EndpointTask *task)
{
  EndpointTask *copy = g_new0 (EndpointTask, 1);

  copy->widget = g_object_ref (task->widget);
  copy->notifier = g_object_ref (task->notifier);
  copy->endpoint_id = g_strdup (task->endpoint_id);
  copy->url = g_strdup (task->url);
  return copy;
}

static void
endpoint_task_closure_notify (gpointer  data,
                              GClosure *closure)
{
  endpoint_task_free (data);
}

static GtkWindow *
get_parent_window (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

void
fc_endpoint_actions_show_toast (GtkWidget  *widget,
                                const char *text)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  if (FC_IS_WINDOW (root))
    fc_window_add_toast (FC_WINDOW (root), adw_toast_new (escaped));
  else
    g_message ("%s", text);
}

static FcEndpoint *
lookup_endpoint (GtkWidget  *widget,
                 FcNotifier *notifier,
                 const char *endpoint_id)
{
  FcEndpoint *endpoint = fc_notifier_lookup_endpoint (notifier, endpoint_id);

  if (endpoint == NULL)
    {
      g_autofree char *text = NULL;

      /* Translators: %s is an endpoint's id. */
      text = g_strdup_printf (_("There is no endpoint “%s” any more"), endpoint_id);
      fc_endpoint_actions_show_toast (widget, text);
    }

  return endpoint;
}

/* A question with the responses "cancel" and "confirm". */
static GtkWidget *
new_confirmation (GtkWidget  *widget,
                  const char *heading,
                  const char *body,
                  const char *confirm_label,
                  gboolean    destructive)
{
  GtkWindow *parent = get_parent_window (widget);
  GtkWidget *dialog = adw_message_dialog_new (parent, heading, body);

  if (parent != NULL)
    gtk_window_set_application (GTK_WINDOW (dialog), gtk_window_get_application (parent));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "confirm", confirm_label,
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "confirm",
                                              destructive ? ADW_RESPONSE_DESTRUCTIVE
                                                          : ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  return dialog;
}

static void
present_secret (GtkWidget  *widget,
                const char *url,
                const char *secret)
{
  gtk_window_present (GTK_WINDOW (fc_endpoint_secret_dialog_new (get_parent_window (widget),
                                                                 url, secret)));
}

/* ---- add and edit ------------------------------------------------------------------------ */

static void
on_endpoint_saved_cb (FcEndpointDialog *dialog,
                      FcEndpoint       *endpoint,
                      const char       *secret,
                      GtkWidget        *widget)
{
  g_autofree char *text = NULL;

  if (secret != NULL)
    {
      present_secret (widget, fc_endpoint_get_url (endpoint), secret);
      return;
    }

  /* Translators: %s is an endpoint's URL. */
  text = g_strdup_printf (_("Saved %s"), fc_endpoint_get_url (endpoint));
  fc_endpoint_actions_show_toast (widget, text);
}

static void
present_endpoint_dialog (GtkWidget  *widget,
                         FcNotifier *notifier,
                         FcEndpoint *endpoint)
{
  FcEndpointDialog *dialog = fc_endpoint_dialog_new (get_parent_window (widget), notifier,
                                                     endpoint);

  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_endpoint_saved_cb), widget, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
fc_endpoint_actions_add (GtkWidget  *widget,
                         FcNotifier *notifier)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (FC_IS_NOTIFIER (notifier));

  present_endpoint_dialog (widget, notifier, NULL);
}

void
fc_endpoint_actions_edit (GtkWidget  *widget,
                          FcNotifier *notifier,
                          const char *endpoint_id)
{
  FcEndpoint *endpoint;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (FC_IS_NOTIFIER (notifier));

  endpoint = lookup_endpoint (widget, notifier, endpoint_id);
  if (endpoint != NULL)
    present_endpoint_dialog (widget, notifier, endpoint);
}

/* ---- remove ------------------------------------------------------------------------------ */

static void
on_endpoint_removed_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr (EndpointTask) task = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;

  if (fc_notifier_remove_endpoint_finish (FC_NOTIFIER (source), result, &error))
    /* Translators: %s is an endpoint's URL. */
    text = g_strdup_printf (_("Removed %s"), task->url);
  else
    /* Translators: the first %s is an endpoint's URL, the second what went wrong. */
    text = g_strdup_printf (_("Could not remove %s: %s"), task->url, error->message);

  fc_endpoint_actions_show_toast (task->widget, text);
}

static void
on_remove_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       EndpointTask     *task)
{
  if (g_strcmp0 (response, "confirm") != 0)
    return;

  fc_notifier_remove_endpoint_async (task->notifier, task->endpoint_id, NULL,
                                     on_endpoint_removed_cb, endpoint_task_copy (task));
}

void
fc_endpoint_actions_remove (GtkWidget  *widget,
                            FcNotifier *notifier,
                            const char *endpoint_id)
{
  g_autofree char *heading = NULL;
  FcEndpoint *endpoint;
  GtkWidget *dialog;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (FC_IS_NOTIFIER (notifier));

  endpoint = lookup_endpoint (widget, notifier, endpoint_id);
  if (endpoint == NULL)
    return;

  /* Translators: %s is an endpoint's URL. */
  heading = g_strdup_printf (_("Remove %s?"), fc_endpoint_get_url (endpoint));
  dialog = new_confirmation (widget, heading,
                             _("FluxCascade stops sending events to it, forgets its "
                               "deliveries and deletes its secret from the keyring."),
                             _("_Remove"), TRUE);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_remove_response_cb),
                         endpoint_task_new (widget, notifier, endpoint),
                         endpoint_task_closure_notify, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- rotate the secret ------------------------------------------------------------------- */

static void
on_secret_rotated_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr (EndpointTask) task = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *text = NULL;

  secret = fc_notifier_rotate_secret_finish (FC_NOTIFIER (source), result, &error);
  if (secret != NULL)
    {
      present_secret (task->widget, task->url, secret);
      return;
    }

  /* Translators: the first %s is an endpoint's URL, the second what went wrong. */
  text = g_strdup_printf (_("Could not make a new secret for %s: %s"), task->url,
                          error->message);
  fc_endpoint_actions_show_toast (task->widget, text);
}

static void
on_rotate_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       EndpointTask     *task)
{
  if (g_strcmp0 (response, "confirm") != 0)
    return;

  fc_notifier_rotate_secret_async (task->notifier, task->endpoint_id, NULL,
                                   on_secret_rotated_cb, endpoint_task_copy (task));
}

void
fc_endpoint_actions_rotate (GtkWidget  *widget,
                            FcNotifier *notifier,
                            const char *endpoint_id)
{
  g_autofree char *heading = NULL;
  FcEndpoint *endpoint;
  GtkWidget *dialog;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (FC_IS_NOTIFIER (notifier));

  endpoint = lookup_endpoint (widget, notifier, endpoint_id);
  if (endpoint == NULL)
    return;

  /* Translators: %s is an endpoint's URL. */
  heading = g_strdup_printf (_("Replace the Secret of %s?"), fc_endpoint_get_url (endpoint));
  dialog = new_confirmation (widget, heading,
                             _("Events are signed with the new secret from then on: the "
                               "receiving app must check them with it, or it will reject "
                               "them."),
                             _("_Replace Secret"), TRUE);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_rotate_response_cb),
                         endpoint_task_new (widget, notifier, endpoint),
                         endpoint_task_closure_notify, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- enable and disable ------------------------------------------------------------------ */

static void
set_enabled (GtkWidget  *widget,
             FcNotifier *notifier,
             const char *endpoint_id,
             gboolean    enabled,
             gboolean    replay_missed)
{
  g_autoptr (GError) error = NULL;

  if (!fc_notifier_set_endpoint_enabled (notifier, endpoint_id, enabled, replay_missed, &error))
    fc_endpoint_actions_show_toast (widget, error->message);
}

static void
on_enable_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       EndpointTask     *task)
{
  if (g_strcmp0 (response, "replay") == 0)
    set_enabled (task->widget, task->notifier, task->endpoint_id, TRUE, TRUE);
  else if (g_strcmp0 (response, "new-only") == 0)
    set_enabled (task->widget, task->notifier, task->endpoint_id, TRUE, FALSE);
}

static guint
count_skipped (FcNotifier *notifier,
               const char *endpoint_id)
{
  g_autoptr (GPtrArray) skipped = NULL;
  g_autoptr (GError) error = NULL;

  skipped = fc_notifier_list_deliveries (notifier, endpoint_id, FC_DELIVERY_STATUS_SKIPPED, 0,
                                         MAX_COUNTED_SKIPPED + 1, &error);
  if (skipped == NULL)
    {
      g_warning ("Could not count the skipped deliveries of %s: %s", endpoint_id,
                 error->message);
      return 0;
    }

  return skipped->len;
}

void
fc_endpoint_actions_set_enabled (GtkWidget  *widget,
                                 FcNotifier *notifier,
                                 const char *endpoint_id,
                                 gboolean    enabled)
{
  g_autofree char *body = NULL;
  FcEndpoint *endpoint;
  GtkWindow *parent;
  GtkWidget *dialog;
  guint n_skipped;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (FC_IS_NOTIFIER (notifier));

  endpoint = lookup_endpoint (widget, notifier, endpoint_id);
  if (endpoint == NULL || fc_endpoint_get_enabled (endpoint) == enabled)
    return;

  n_skipped = enabled ? count_skipped (notifier, endpoint_id) : 0;
  if (n_skipped == 0)
    {
      set_enabled (widget, notifier, endpoint_id, enabled, FALSE);
      return;
    }

  if (n_skipped > MAX_COUNTED_SKIPPED)
    /* Translators: %u is a number, %s an endpoint's URL. */
    body = g_strdup_printf (_("More than %u events happened while %s was disabled. Send "
                              "them now, oldest first, or only the events from now on?"),
                            MAX_COUNTED_SKIPPED, fc_endpoint_get_url (endpoint));
  else
    body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         /* Translators: %u is a number, %s an endpoint's URL. */
                                         "%u event happened while %s was disabled. Send it "
                                         "now, or only the events from now on?",
                                         "%u events happened while %s was disabled. Send them "
                                         "now, oldest first, or only the events from now on?",
                                         n_skipped),
                            n_skipped, fc_endpoint_get_url (endpoint));

  parent = get_parent_window (widget);
  dialog = adw_message_dialog_new (parent, _("Send Missed Events?"), body);
  if (parent != NULL)
    gtk_window_set_application (GTK_WINDOW (dialog), gtk_window_get_application (parent));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "new-only", _("_Only New Events"),
                                    "replay", _("_Send Missed Events"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "replay",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "replay");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_enable_response_cb),
                         endpoint_task_new (widget, notifier, endpoint),
                         endpoint_task_closure_notify, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}
