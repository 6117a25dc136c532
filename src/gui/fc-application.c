/* fc-application.c: the FluxCascade application, owner of the engine
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-application"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-application.h"
#include "fc-window.h"

struct _FcApplication
{
  AdwApplication  parent_instance;

  char           *data_dir;
  FcEngine       *engine;
  /* Why the engine could not be made, shown instead of the main window. */
  GError         *engine_error;
};

G_DEFINE_FINAL_TYPE (FcApplication, fc_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_DATA_DIR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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

static const GActionEntry app_actions[] = {
  { .name = "quit", .activate = quit_activated },
  { .name = "about", .activate = about_activated },
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
    { "window.close", { "<Control>w", NULL } },
    { "win.show-view::connections", { "<Alt>1", NULL } },
    { "win.show-view::mappings", { "<Alt>2", NULL } },
    { "win.show-view::activity", { "<Alt>3", NULL } },
    { "win.show-view::webhooks", { "<Alt>4", NULL } },
  };

  G_APPLICATION_CLASS (fc_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions),
                                   app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (gtk_app, accels[i].action, accels[i].accels);

  g_clear_error (&self->engine_error);
  self->engine = fc_engine_new (self->data_dir, &self->engine_error);
}

static void
fc_application_activate (GApplication *app)
{
  FcApplication *self = FC_APPLICATION (app);
  GtkWindow *window;

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
