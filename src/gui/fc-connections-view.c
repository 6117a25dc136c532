/* fc-connections-view.c: the accounts FluxCascade reads from and writes to
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-connections-view"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-add-connection-dialog.h"
#include "fc-connection-row.h"
#include "fc-connections-view.h"
#include "fc-window.h"

struct _FcConnectionsView
{
  GtkWidget   parent_instance;

  FcEngine   *engine;
  GListModel *connections;

  /* Template children */
  GtkListBox *list_box;
  GtkStack   *stack;
};

G_DEFINE_FINAL_TYPE (FcConnectionsView, fc_connections_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ENGINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtkWidget *
create_connection_row (gpointer item,
                       gpointer user_data)
{
  return fc_connection_row_new (FC_CONNECTION (item));
}

/* Results are told in a toast over the main window. */
static void
show_toast (FcConnectionsView *self,
            const char        *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *markup = g_markup_escape_text (message, -1);

  if (FC_IS_WINDOW (root))
    fc_window_add_toast (FC_WINDOW (root), adw_toast_new (markup));
}

static GtkWindow *
get_parent_window (FcConnectionsView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* Adding and reconnecting */

static void
on_dialog_connected_cb (FcConnectionsView     *self,
                        FcConnection          *connection,
                        FcAddConnectionDialog *dialog)
{
  g_autofree char *title = fc_connection_dup_title (connection);
  g_autofree char *message = NULL;

  if (fc_add_connection_dialog_get_connection (dialog) != NULL)
    /* Translators: %s names a connection, such as “HubSpot · Acme Inc.” */
    message = g_strdup_printf (_("Reconnected %s"), title);
  else
    /* Translators: %s names a connection, such as “HubSpot · Acme Inc.” */
    message = g_strdup_printf (_("Connected %s"), title);

  show_toast (self, message);
}

static void
present_dialog (FcConnectionsView     *self,
                FcAddConnectionDialog *dialog)
{
  g_signal_connect_object (dialog, "connected", G_CALLBACK (on_dialog_connected_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
reconnect_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  FcConnectionsView *self = FC_CONNECTIONS_VIEW (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  FcConnection *connection;

  connection = self->engine != NULL ? fc_engine_lookup_connection (self->engine, id) : NULL;
  if (connection == NULL)
    {
      g_warning ("connections.reconnect: there is no connection “%s”", id);
      return;
    }

  present_dialog (self, fc_add_connection_dialog_new_for_reconnect (get_parent_window (self),
                                                                    self->engine, connection));
}

/* Removing */

typedef struct
{
  FcConnectionsView *self;
  char              *id;
  char              *title;
} Removal;

static void
removal_clear (Removal *removal)
{
  g_object_unref (removal->self);
  g_free (removal->id);
  g_free (removal->title);
}

static void
removal_unref (Removal *removal)
{
  g_rc_box_release_full (removal, (GDestroyNotify) removal_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Removal, removal_unref)

static void
removal_closure_notify (gpointer  data,
                        GClosure *closure)
{
  removal_unref (data);
}

static void
on_connection_deleted_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr (Removal) removal = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;

  if (fc_engine_delete_connection_finish (FC_ENGINE (source), result, &error))
    /* Translators: %s names a connection, such as “HubSpot · Acme Inc.” */
    message = g_strdup_printf (_("Removed %s"), removal->title);
  else
    /* Translators: the first %s names a connection, the second says what went wrong. */
    message = g_strdup_printf (_("Could not remove %s: %s"), removal->title, error->message);

  show_toast (removal->self, message);
}

static void
on_remove_dialog_response_cb (AdwMessageDialog *dialog,
                              const char       *response,
                              gpointer          user_data)
{
  Removal *removal = user_data;
  FcConnectionsView *self = removal->self;

  if (g_strcmp0 (response, "remove") != 0 || self->engine == NULL)
    return;

  fc_engine_delete_connection_async (self->engine, removal->id, TRUE, NULL,
                                     on_connection_deleted_cb, g_rc_box_acquire (removal));
}

/* “A”, “B” and “C” */
static char *
join_mapping_names (GPtrArray *mappings)
{
  g_autofree char *list = NULL;

  for (guint i = 0; i < mappings->len; i++)
    {
      /* Translators: a mapping's name, quoted in a list of them. */
      g_autofree char *quoted = g_strdup_printf (_("“%s”"),
                                                 fc_mapping_get_name (mappings->pdata[i]));
      char *longer;

      if (i == 0)
        longer = g_steal_pointer (&quoted);
      else if (i + 1 < mappings->len)
        /* Translators: joins items of a list but the last: “A”, “B” */
        longer = g_strdup_printf (_("%s, %s"), list, quoted);
      else
        /* Translators: joins the last item of a list: “A”, “B” and “C” */
        longer = g_strdup_printf (_("%s and %s"), list, quoted);

      g_free (list);
      list = longer;
    }

  return g_steal_pointer (&list);
}

static void
remove_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  FcConnectionsView *self = FC_CONNECTIONS_VIEW (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  g_autoptr (GPtrArray) using = NULL;
  g_autofree char *title = NULL;
  g_autofree char *names = NULL;
  g_autoptr (GString) body = NULL;
  FcConnection *connection;
  GtkWidget *dialog;
  Removal *removal;

  connection = self->engine != NULL ? fc_engine_lookup_connection (self->engine, id) : NULL;
  if (connection == NULL)
    {
      g_warning ("connections.remove: there is no connection “%s”", id);
      return;
    }

  title = fc_connection_dup_title (connection);
  using = fc_engine_list_mappings_using (self->engine, id);
  body = g_string_new (NULL);
  if (using->len > 0)
    {
      names = join_mapping_names (using);
      g_string_append_printf (body,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "The mapping %s uses this connection and will be "
                                           "removed too.",
                                           "The mappings %s use this connection and will be "
                                           "removed too.",
                                           using->len),
                              names);
      g_string_append (body, " ");
    }
  g_string_append (body, _("The token is deleted from the keyring; nothing changes in the "
                           "account itself."));

  dialog = adw_message_dialog_new (get_parent_window (self), NULL, body->str);
  if (get_parent_window (self) != NULL)
    gtk_window_set_application (GTK_WINDOW (dialog),
                                gtk_window_get_application (get_parent_window (self)));
  /* Translators: %s names a connection, such as “HubSpot · Acme Inc.” */
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Remove %s?"), title);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  removal = g_rc_box_new0 (Removal);
  removal->self = g_object_ref (self);
  removal->id = g_strdup (id);
  removal->title = g_steal_pointer (&title);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_remove_dialog_response_cb),
                         removal, removal_closure_notify, 0);

  gtk_window_present (GTK_WINDOW (dialog));
}

static void
update_visible_page (FcConnectionsView *self)
{
  gboolean has_items;

  has_items = self->connections != NULL && g_list_model_get_n_items (self->connections) > 0;
  gtk_stack_set_visible_child_name (self->stack, has_items ? "list" : "empty");
}

static void
on_connections_items_changed_cb (FcConnectionsView *self,
                                 guint              position,
                                 guint              removed,
                                 guint              added,
                                 GListModel        *model)
{
  update_visible_page (self);
}

static void
release_connections (FcConnectionsView *self)
{
  if (self->connections == NULL)
    return;

  g_signal_handlers_disconnect_by_func (self->connections, on_connections_items_changed_cb, self);
  g_clear_object (&self->connections);
}

static void
fc_connections_view_dispose (GObject *object)
{
  FcConnectionsView *self = FC_CONNECTIONS_VIEW (object);

  release_connections (self);
  g_clear_object (&self->engine);

  gtk_widget_dispose_template (GTK_WIDGET (self), FC_TYPE_CONNECTIONS_VIEW);

  G_OBJECT_CLASS (fc_connections_view_parent_class)->dispose (object);
}

static void
fc_connections_view_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  FcConnectionsView *self = FC_CONNECTIONS_VIEW (object);

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
fc_connections_view_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  FcConnectionsView *self = FC_CONNECTIONS_VIEW (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      fc_connections_view_set_engine (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_connections_view_class_init (FcConnectionsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fc_connections_view_dispose;
  object_class->get_property = fc_connections_view_get_property;
  object_class->set_property = fc_connections_view_set_property;

  /**
   * FcConnectionsView:engine:
   *
   * The engine whose connections are listed.
   */
  properties[PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL,
                         FC_TYPE_ENGINE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "connections.reconnect", "s",
                                   reconnect_activated);
  gtk_widget_class_install_action (widget_class, "connections.remove", "s", remove_activated);

  g_type_ensure (FC_TYPE_CONNECTION_ROW);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (
    widget_class, "/com/fluxcascade/FluxCascade/fc-connections-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FcConnectionsView, list_box);
  gtk_widget_class_bind_template_child (widget_class, FcConnectionsView, stack);
}

static void
fc_connections_view_init (FcConnectionsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  update_visible_page (self);
}

/**
 * fc_connections_view_get_engine:
 * @self: a #FcConnectionsView
 *
 * Returns: (transfer none) (nullable): the engine whose connections are listed
 */
FcEngine *
fc_connections_view_get_engine (FcConnectionsView *self)
{
  g_return_val_if_fail (FC_IS_CONNECTIONS_VIEW (self), NULL);

  return self->engine;
}

/**
 * fc_connections_view_set_engine:
 * @self: a #FcConnectionsView
 * @engine: (nullable): the engine whose connections to list
 *
 * Lists the connections of @engine, and follows that model as it changes.
 */
void
fc_connections_view_set_engine (FcConnectionsView *self,
                                FcEngine          *engine)
{
  g_return_if_fail (FC_IS_CONNECTIONS_VIEW (self));
  g_return_if_fail (engine == NULL || FC_IS_ENGINE (engine));

  if (self->engine == engine)
    return;

  release_connections (self);
  g_set_object (&self->engine, engine);

  if (engine != NULL)
    {
      self->connections = g_object_ref (fc_engine_get_connections (engine));
      g_signal_connect_swapped (self->connections,
                                "items-changed",
                                G_CALLBACK (on_connections_items_changed_cb),
                                self);
    }

  gtk_list_box_bind_model (self->list_box, self->connections,
                           create_connection_row, NULL, NULL);
  update_visible_page (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENGINE]);
}

/**
 * fc_connections_view_add_connection:
 * @self: a #FcConnectionsView
 *
 * Opens the dialog that connects a new account, and tells in a toast when it is connected.
 */
void
fc_connections_view_add_connection (FcConnectionsView *self)
{
  g_return_if_fail (FC_IS_CONNECTIONS_VIEW (self));
  g_return_if_fail (self->engine != NULL);

  present_dialog (self, fc_add_connection_dialog_new (get_parent_window (self), self->engine));
}
