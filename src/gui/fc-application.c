/* fc-application.c: the FluxCascade application, owner of the engine
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-application"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "fc-application.h"
#include "fc-preferences-window.h"
#include "fc-window.h"

struct _FcApplication
{
  AdwApplication  parent_instance;

  char           *data_dir;
  FcEngine       *engine;
  /* Why the engine could not be made, shown instead of the main window. */
  GError         *engine_error;

  /* Running in the background */
  GSettings       *settings;
  gboolean         background_launch;  /* --background: hold, even with the setting off */
  gboolean         start_hidden;       /* --background: the first activation opens nothing */
  gboolean         held;
  GDBusConnection *portal_bus;
  guint            portal_response_id;
};

G_DEFINE_FINAL_TYPE (FcApplication, fc_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_DATA_DIR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- running in the background ---------------------------------------------------------- */

#define PORTAL_BUS_NAME          "org.freedesktop.portal.Desktop"
#define PORTAL_PATH              "/org/freedesktop/portal/desktop"
#define PORTAL_BACKGROUND        "org.freedesktop.portal.Background"
#define PORTAL_REQUEST           "org.freedesktop.portal.Request"
#define NOTIFICATION_EXPIRED     "connection-expired-"
#define NOTIFICATION_SYNC_FAILED "sync-failed-"

static gboolean
is_sandboxed (void)
{
  return g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS);
}

/* Held, the application outlives its last window. */
static void
set_held (FcApplication *self,
          gboolean       held)
{
  if (self->held == held)
    return;

  self->held = held;
  if (held)
    g_application_hold (G_APPLICATION (self));
  else
    g_application_release (G_APPLICATION (self));
}

static void
update_hold (FcApplication *self)
{
  set_held (self, self->background_launch ||
                  g_settings_get_boolean (self->settings, "run-in-background"));
}

/* The program for the autostart file's Exec line: the running one when its path needs no
 * quoting, else the installed name. */
static char *
dup_program (void)
{
  g_autofree char *program = g_file_read_link ("/proc/self/exe", NULL);

  if (program == NULL ||
      program[strspn (program, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                               "0123456789/._+-")] != '\0')
    return g_strdup ("fluxcascade");
  return g_steal_pointer (&program);
}

/* Outside a sandbox, starting at login is a desktop file in the user's autostart folder. */
static void
update_autostart_file (FcApplication *self)
{
  g_autofree char *dir = g_build_filename (g_get_user_config_dir (), "autostart", NULL);
  g_autofree char *path = g_build_filename (dir, APP_ID ".desktop", NULL);
  g_autofree char *program = NULL;
  g_autofree char *exec = NULL;
  g_autoptr (GKeyFile) file = NULL;
  g_autoptr (GError) error = NULL;

  if (!g_settings_get_boolean (self->settings, "start-at-login"))
    {
      if (g_unlink (path) != 0 && errno != ENOENT)
        g_warning ("Could not remove %s: %s", path, g_strerror (errno));
      return;
    }

  program = dup_program ();
  exec = g_strdup_printf ("%s --background", program);
  file = g_key_file_new ();
  g_key_file_set_string (file, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_TYPE,
                         G_KEY_FILE_DESKTOP_TYPE_APPLICATION);
  g_key_file_set_string (file, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_NAME,
                         _("FluxCascade"));
  g_key_file_set_string (file, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_COMMENT,
                         _("Keep syncing records in the background"));
  g_key_file_set_string (file, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_EXEC, exec);
  g_key_file_set_string (file, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_ICON, APP_ID);
  g_key_file_set_boolean (file, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_NO_DISPLAY,
                          TRUE);
  g_key_file_set_boolean (file, G_KEY_FILE_DESKTOP_GROUP, "X-GNOME-Autostart-enabled", TRUE);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    g_warning ("Could not make %s: %s", dir, g_strerror (errno));
  else if (!g_key_file_save_to_file (file, path, &error))
    g_warning ("Could not write %s: %s", path, error->message);
}

static void
unsubscribe_portal_response (FcApplication *self)
{
  if (self->portal_response_id != 0)
    g_dbus_connection_signal_unsubscribe (self->portal_bus, self->portal_response_id);
  self->portal_response_id = 0;
  g_clear_object (&self->portal_bus);
}

static void
on_background_response_cb (GDBusConnection *bus,
                           const char      *sender_name,
                           const char      *object_path,
                           const char      *interface_name,
                           const char      *signal_name,
                           GVariant        *parameters,
                           gpointer         user_data)
{
  FcApplication *self = user_data;
  g_autoptr (GVariant) results = NULL;
  gboolean background = FALSE;
  gboolean autostart = FALSE;
  guint32 response;

  unsubscribe_portal_response (self);
  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(ua{sv})")))
    return;

  g_variant_get (parameters, "(u@a{sv})", &response, &results);
  g_variant_lookup (results, "background", "b", &background);
  g_variant_lookup (results, "autostart", "b", &autostart);
  if (response != 0 || !background)
    g_message ("The desktop does not let FluxCascade run in the background (response %u)",
               response);
  else
    g_debug ("Running in the background allowed; start at login %s", autostart ? "on" : "off");
}

static void
on_request_background_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr (FcApplication) self = user_data;
  g_autoptr (GVariant) reply = NULL;
  g_autoptr (GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL)
    {
      /* No portal (an older desktop): the sandbox lets the app run as it is. */
      g_debug ("No background portal: %s", error->message);
      unsubscribe_portal_response (self);
    }
}

/* Inside a sandbox, running in the background and starting at login are both asked of the
 * Background portal; its answer comes as the Response signal of the request object. */
static void
request_background (FcApplication *self)
{
  GDBusConnection *bus = g_application_get_dbus_connection (G_APPLICATION (self));
  const char * const commandline[] = { "fluxcascade", "--background", NULL };
  g_autofree char *token = g_strdup_printf ("fluxcascade%u", g_random_int ());
  g_autofree char *sender = NULL;
  g_autofree char *handle = NULL;
  GVariantBuilder options;

  if (bus == NULL || g_dbus_connection_get_unique_name (bus) == NULL)
    return;

  unsubscribe_portal_response (self);
  sender = g_strdup (g_dbus_connection_get_unique_name (bus) + 1);
  g_strdelimit (sender, ".", '_');
  handle = g_strdup_printf ("%s/request/%s/%s", PORTAL_PATH, sender, token);
  self->portal_bus = g_object_ref (bus);
  self->portal_response_id =
    g_dbus_connection_signal_subscribe (bus, PORTAL_BUS_NAME, PORTAL_REQUEST, "Response",
                                        handle, NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                        on_background_response_cb, self, NULL);

  g_variant_builder_init (&options, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&options, "{sv}", "handle_token", g_variant_new_string (token));
  g_variant_builder_add (&options, "{sv}", "reason",
                         g_variant_new_string (_("FluxCascade keeps your records in sync with "
                                                 "its window closed")));
  g_variant_builder_add (&options, "{sv}", "autostart",
                         g_variant_new_boolean (g_settings_get_boolean (self->settings,
                                                                        "start-at-login")));
  g_variant_builder_add (&options, "{sv}", "commandline",
                         g_variant_new_strv (commandline, -1));
  g_variant_builder_add (&options, "{sv}", "dbus-activatable", g_variant_new_boolean (FALSE));

  g_dbus_connection_call (bus, PORTAL_BUS_NAME, PORTAL_PATH, PORTAL_BACKGROUND,
                          "RequestBackground", g_variant_new ("(sa{sv})", "", &options),
                          G_VARIANT_TYPE ("(o)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                          on_request_background_cb, g_object_ref (self));
}

/* The webhook listener, as the preferences say; restarted when they change. A port already
 * taken (by "fluxcascade-cli serve", say) leaves it stopped, with a log line. */
static void
start_listener (FcApplication *self)
{
  FcWebhookListener *listener = fc_engine_get_webhook_listener (self->engine);
  gboolean all_interfaces = g_settings_get_boolean (self->settings, "listener-all-interfaces");
  g_autofree char *public_url = g_settings_get_string (self->settings, "public-url");
  g_autoptr (GVariant) port = g_settings_get_value (self->settings, "listener-port");
  g_autoptr (GError) error = NULL;

  fc_webhook_listener_stop (listener);
  fc_webhook_listener_set_port (listener, g_variant_get_uint16 (port));
  fc_webhook_listener_set_all_interfaces (listener, all_interfaces);
  fc_webhook_listener_set_address (listener, all_interfaces ? NULL : "127.0.0.1");
  fc_webhook_listener_set_public_url (listener, public_url[0] != '\0' ? public_url : NULL);
  if (!fc_webhook_listener_start (listener, &error))
    g_message ("The webhook listener is not running: %s", error->message);
}

static void
on_settings_changed_cb (GSettings     *settings,
                        const char    *key,
                        FcApplication *self)
{
  gboolean run_in_background = g_str_equal (key, "run-in-background");

  if (self->engine != NULL &&
      (g_str_equal (key, "listener-port") || g_str_equal (key, "listener-all-interfaces") ||
       g_str_equal (key, "public-url")))
    {
      start_listener (self);
      return;
    }
  if (!run_in_background && !g_str_equal (key, "start-at-login"))
    return;

  /* Turning "Run in background" off also ends a start in the background. */
  if (run_in_background && !g_settings_get_boolean (settings, key))
    self->background_launch = FALSE;
  update_hold (self);

  if (is_sandboxed ())
    request_background (self);
  else if (!run_in_background)
    update_autostart_file (self);
}

/* Notifications are for when nobody is looking at the window. */
static gboolean
should_notify (FcApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  return g_settings_get_boolean (self->settings, "notify-failures") &&
         (window == NULL || !gtk_widget_get_visible (GTK_WIDGET (window)) ||
          !gtk_window_is_active (window));
}

static void
send_notification (FcApplication *self,
                   const char    *id,
                   const char    *title,
                   const char    *body)
{
  g_autoptr (GNotification) notification = g_notification_new (title);

  g_notification_set_body (notification, body);
  g_notification_set_default_action (notification, "app.show-window");
  g_application_send_notification (G_APPLICATION (self), id, notification);
}

static void
on_scheduler_run_finished_cb (FcScheduler   *scheduler,
                              const char    *mapping_id,
                              FcSyncTrigger  trigger,
                              FcSyncResult  *result,
                              const GError  *error,
                              FcApplication *self)
{
  FcMapping *mapping = fc_engine_lookup_mapping (self->engine, mapping_id);
  g_autofree char *id = g_strconcat (NOTIFICATION_SYNC_FAILED, mapping_id, NULL);
  g_autofree char *title = NULL;
  FcSyncStatus status = result != NULL ? fc_sync_result_get_status (result)
                                       : FC_SYNC_STATUS_FAILED;

  if (mapping == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (status == FC_SYNC_STATUS_COMPLETED)
    {
      g_application_withdraw_notification (G_APPLICATION (self), id);
      return;
    }
  if (!should_notify (self))
    return;

  if (status == FC_SYNC_STATUS_FAILED)
    {
      title = g_strdup_printf (_("Sync of “%s” failed"), fc_mapping_get_name (mapping));
      send_notification (self, id, title, error != NULL ? error->message : fc_sync_result_get_error (result));
    }
  else if (status == FC_SYNC_STATUS_HELD)
    {
      title = g_strdup_printf (_("Sync of “%s” is waiting for your approval"),
                               fc_mapping_get_name (mapping));
      send_notification (self, id, title, fc_sync_result_get_message (result));
    }
}

static void
on_engine_event_cb (FcEngine      *engine,
                    const char    *type,
                    JsonNode      *data,
                    FcApplication *self)
{
  JsonObject *object = data != NULL && JSON_NODE_HOLDS_OBJECT (data)
                       ? json_node_get_object (data) : NULL;
  const char *connection_id;
  FcConnection *connection;
  g_autofree char *id = NULL;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;

  if (!g_str_equal (type, "connection.expired") || object == NULL || !should_notify (self))
    return;

  connection_id = json_object_get_string_member_with_default (object, "connectionId", NULL);
  connection = fc_engine_lookup_connection (engine, connection_id);
  if (connection == NULL)
    return;

  id = g_strconcat (NOTIFICATION_EXPIRED, connection_id, NULL);
  title = fc_connection_dup_title (connection);
  body = g_strdup_printf (_("Sign in to %s again to keep its mappings in sync."), title);
  send_notification (self, id, _("A Connection Expired"), body);
}

static void
show_window_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  g_application_activate (G_APPLICATION (user_data));
}

static const GActionEntry background_actions[] = {
  { .name = "show-window", .activate = show_window_activated },
};

/* At start-up: the preferences of running in the background, and what syncs without anyone
 * pressing a button (the scheduler, the webhook listener, the outbound webhooks), which run
 * whether a window is open or not. */
static void
start_background (FcApplication *self)
{
  FcScheduler *scheduler;

  g_action_map_add_action_entries (G_ACTION_MAP (self), background_actions,
                                   G_N_ELEMENTS (background_actions), self);

  self->settings = g_settings_new (APP_ID);
  g_signal_connect (self->settings, "changed", G_CALLBACK (on_settings_changed_cb), self);
  update_hold (self);
  if (is_sandboxed ())
    {
      if (g_settings_get_boolean (self->settings, "run-in-background") ||
          g_settings_get_boolean (self->settings, "start-at-login"))
        request_background (self);
    }
  else if (g_settings_get_boolean (self->settings, "start-at-login"))
    update_autostart_file (self);

  if (self->engine == NULL)
    return;

  scheduler = fc_engine_get_scheduler (self->engine);
  g_settings_bind (self->settings, "guard-max-update-percent", scheduler,
                   "guard-max-update-percent", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "guard-max-creates", scheduler, "guard-max-creates",
                   G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "guard-hold-deletes", scheduler, "guard-hold-deletes",
                   G_SETTINGS_BIND_GET);
  g_signal_connect_object (scheduler, "run-finished",
                           G_CALLBACK (on_scheduler_run_finished_cb), self, 0);
  g_signal_connect_object (self->engine, "event", G_CALLBACK (on_engine_event_cb), self, 0);
  fc_engine_watch_tokens (self->engine);
  fc_scheduler_start (scheduler);
  fc_notifier_start (fc_engine_get_notifier (self->engine));
  start_listener (self);
}

static void
stop_background (FcApplication *self)
{
  unsubscribe_portal_response (self);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
}

static gpointer
ref_window (gconstpointer window,
            gpointer      user_data)
{
  return g_object_ref ((gpointer) window);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GList *windows;

  /* Closing rather than destroying lets each window save its state; the application ends
   * when its last window is gone. */
  windows = g_list_copy_deep (gtk_application_get_windows (app), ref_window, NULL);
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
  g_list_free_full (windows, g_object_unref);

  /* Quitting also ends running in the background. */
  FC_APPLICATION (app)->background_launch = FALSE;
  set_held (FC_APPLICATION (app), FALSE);
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  const char *developers[] = { _("The FluxCascade authors"), NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "application", app,
                        "transient-for", gtk_application_get_active_window (app),
                        "modal", TRUE,
                        "application-name", _("FluxCascade"),
                        "application-icon", APP_ID,
                        "version", PACKAGE_VERSION,
                        "developer-name", _("The FluxCascade authors"),
                        "developers", developers,
                        "copyright", _("© 2026 The FluxCascade authors"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "comments", _("Keep contacts, clients and jobs in sync between HubSpot, "
                                      "Pipedrive, Salesforce and Jobber"),
                        /* Translators: put your names here, one per line. */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

/* The user guide (help/C), installed for yelp under the name of the project. */
static void
help_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));
#if GTK_CHECK_VERSION (4, 10, 0)
  g_autoptr (GtkUriLauncher) launcher = gtk_uri_launcher_new ("help:" PACKAGE_NAME);

  gtk_uri_launcher_launch (launcher, window, NULL, NULL, NULL);
#else
  gtk_show_uri (window, "help:" PACKAGE_NAME, GDK_CURRENT_TIME);
#endif
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  FcPreferencesWindow *preferences = fc_preferences_window_new (parent);

  gtk_window_set_application (GTK_WINDOW (preferences), GTK_APPLICATION (user_data));
  gtk_window_present (GTK_WINDOW (preferences));
}

static const GActionEntry app_actions[] = {
  { .name = "quit", .activate = quit_activated },
  { .name = "about", .activate = about_activated },
  { .name = "preferences", .activate = preferences_activated },
  { .name = "help", .activate = help_activated },
};

static void
show_engine_error (FcApplication *self)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (NULL,
                                   _("Could Not Open the FluxCascade Data"),
                                   self->engine_error->message);
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "quit", _("_Quit"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "quit");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "quit");
  gtk_window_present (GTK_WINDOW (dialog));
}

static int
fc_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  FcApplication *self = FC_APPLICATION (app);
  const char *data_dir = NULL;
  const char *env_data_dir;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  if (g_variant_dict_lookup (options, "data-dir", "^&ay", &data_dir) && data_dir[0] != '\0')
    {
      g_autofree char *absolute = g_canonicalize_filename (data_dir, NULL);

      fc_application_set_data_dir (self, absolute);
    }

  /* A store chosen by hand gets its own instance: never hand the request over to an instance
   * that is already running on another store. */
  env_data_dir = g_getenv ("FLUXCASCADE_DATA_DIR");
  if (self->data_dir != NULL || (env_data_dir != NULL && env_data_dir[0] != '\0'))
    g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);

  /* Started at login: no window, and nothing to do when FluxCascade already runs. */
  if (g_variant_dict_contains (options, "background"))
    {
      g_autoptr (GError) error = NULL;

      self->background_launch = TRUE;
      self->start_hidden = TRUE;
      if (!g_application_register (app, NULL, &error))
        {
          g_printerr ("%s\n", error->message);
          return EXIT_FAILURE;
        }
      if (g_application_get_is_remote (app))
        return EXIT_SUCCESS;
    }

  return G_APPLICATION_CLASS (fc_application_parent_class)->handle_local_options (app, options);
}

static void
fc_application_startup (GApplication *app)
{
  FcApplication *self = FC_APPLICATION (app);
  GtkApplication *gtk_app = GTK_APPLICATION (app);
  static const struct {
    const char *action;
    const char *accels[2];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "app.help", { "F1", NULL } },
    { "window.close", { "<Control>w", NULL } },
    { "win.show-view::connections", { "<Alt>1", NULL } },
    { "win.show-view::mappings", { "<Alt>2", NULL } },
    { "win.show-view::activity", { "<Alt>3", NULL } },
    { "win.show-view::webhooks", { "<Alt>4", NULL } },
    { "win.add-mapping", { "<Control>n", NULL } },
    { "win.sync-selected", { "<Control>r", NULL } },
  };

  G_APPLICATION_CLASS (fc_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions),
                                   app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (gtk_app, accels[i].action, accels[i].accels);

  g_clear_error (&self->engine_error);
  self->engine = fc_engine_new (self->data_dir, &self->engine_error);
  start_background (self);
}

static void
fc_application_activate (GApplication *app)
{
  FcApplication *self = FC_APPLICATION (app);
  GtkWindow *window;

  /* Started in the background: no window, unless there is an error to show. */
  if (self->start_hidden)
    {
      self->start_hidden = FALSE;
      if (self->engine != NULL)
        return;
    }

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    {
      if (self->engine == NULL)
        {
          show_engine_error (self);
          return;
        }

      window = GTK_WINDOW (fc_window_new (self, self->engine));
    }

  gtk_window_present (window);
}

static void
fc_application_dispose (GObject *object)
{
  FcApplication *self = FC_APPLICATION (object);

  stop_background (self);
  g_clear_object (&self->engine);

  G_OBJECT_CLASS (fc_application_parent_class)->dispose (object);
}

static void
fc_application_finalize (GObject *object)
{
  FcApplication *self = FC_APPLICATION (object);

  g_clear_pointer (&self->data_dir, g_free);
  g_clear_error (&self->engine_error);

  G_OBJECT_CLASS (fc_application_parent_class)->finalize (object);
}

static void
fc_application_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FcApplication *self = FC_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_DATA_DIR:
      g_value_set_string (value, self->data_dir);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_application_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  FcApplication *self = FC_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_DATA_DIR:
      fc_application_set_data_dir (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_application_class_init (FcApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = fc_application_dispose;
  object_class->finalize = fc_application_finalize;
  object_class->get_property = fc_application_get_property;
  object_class->set_property = fc_application_set_property;

  app_class->handle_local_options = fc_application_handle_local_options;
  app_class->startup = fc_application_startup;
  app_class->activate = fc_application_activate;

  /**
   * FcApplication:data-dir:
   *
   * The folder of the store, or %NULL for the default ($FLUXCASCADE_DATA_DIR, else the user
   * data folder). Read when the application starts up.
   */
  properties[PROP_DATA_DIR] =
    g_param_spec_string ("data-dir", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fc_application_init (FcApplication *self)
{
  static const GOptionEntry options[] = {
    { "data-dir", 'd', G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, NULL,
      N_("Keep connections, mappings and sync state in DIR"), N_("DIR") },
    { "version", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
      N_("Show the version and exit"), NULL },
    { "background", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
      N_("Start in the background, without a window (as at login)"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), NULL);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Keep records in sync between HubSpot, Pipedrive, "
                                              "Salesforce and Jobber."));
}

/**
 * fc_application_new:
 *
 * Returns: (transfer full): the FluxCascade application
 */
FcApplication *
fc_application_new (void)
{
  return g_object_new (FC_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}

/**
 * fc_application_get_data_dir:
 * @self: a #FcApplication
 *
 * Returns: (nullable): the folder chosen for the store, or %NULL for the default
 */
const char *
fc_application_get_data_dir (FcApplication *self)
{
  g_return_val_if_fail (FC_IS_APPLICATION (self), NULL);

  return self->data_dir;
}

/**
 * fc_application_set_data_dir:
 * @self: a #FcApplication
 * @data_dir: (nullable): the folder of the store, or %NULL for the default
 *
 * Chooses where the store is opened when the application starts up.
 */
void
fc_application_set_data_dir (FcApplication *self,
                             const char    *data_dir)
{
  g_return_if_fail (FC_IS_APPLICATION (self));

  if (g_strcmp0 (self->data_dir, data_dir) == 0)
    return;

  g_free (self->data_dir);
  self->data_dir = g_strdup (data_dir);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATA_DIR]);
}

/**
 * fc_application_get_engine:
 * @self: a #FcApplication
 *
 * Returns: (transfer none) (nullable): the engine, or %NULL before start-up or when the store
 *   could not be opened
 */
FcEngine *
fc_application_get_engine (FcApplication *self)
{
  g_return_val_if_fail (FC_IS_APPLICATION (self), NULL);

  return self->engine;
}
