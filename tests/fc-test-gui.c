/* fc-test-gui.c: what the GUI tests share: the application over a temporary data folder, the
 * main loop, finding widgets, and pictures of windows
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-test-gui"

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "fc-test-gui.h"
#include "fc-test-util.h"

/* Longer than libadwaita's and GTK's transitions (view switcher, revealers, CSS). */
#define SETTLE_TIME_MS 600

static guint wait_timeout_seconds = 10;

void
fc_test_gui_set_wait_timeout (guint seconds)
{
  g_return_if_fail (seconds > 0);

  wait_timeout_seconds = seconds;
}

/* Main loop */

/* The wait's limit in seconds, longer in slower (sanitized) runs. */
static guint
get_wait_timeout (void)
{
  return wait_timeout_seconds * fc_test_timeout_multiplier ();
}

static gboolean
on_wait_timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
set_flag (gboolean *flag)
{
  *flag = TRUE;
}

void
fc_test_gui_wait_for_frame (GtkWidget *widget)
{
  GdkFrameClock *clock;
  gboolean timed_out = FALSE;
  gboolean painted = FALSE;
  gulong handler;
  guint timeout_id;

  timeout_id = g_timeout_add_seconds (get_wait_timeout (), on_wait_timeout_cb, &timed_out);

  while (!gtk_widget_get_mapped (widget) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);

  clock = gtk_widget_get_frame_clock (widget);
  g_assert_nonnull (clock);
  handler = g_signal_connect_swapped (clock, "after-paint", G_CALLBACK (set_flag), &painted);
  gtk_widget_queue_draw (widget);
  while (!painted && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, handler);

  g_assert_false (timed_out);
  g_source_remove (timeout_id);
}

void
fc_test_gui_wait_for_transitions (GtkWidget *widget)
{
  gint64 end = g_get_monotonic_time () + SETTLE_TIME_MS * G_TIME_SPAN_MILLISECOND;

  do
    fc_test_gui_wait_for_frame (widget);
  while (g_get_monotonic_time () < end);
}

void
fc_test_gui_drain_main_context (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

void
fc_test_gui_wait_until (FcTestGuiCondition  condition,
                        gpointer            data,
                        const char         *what)
{
  gboolean timed_out = FALSE;
  guint timeout_id;

  timeout_id = g_timeout_add_seconds (get_wait_timeout (), on_wait_timeout_cb, &timed_out);
  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    g_error ("Timed out waiting for %s", what);
  g_source_remove (timeout_id);
}

gboolean
fc_test_gui_pointer_is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

gboolean
fc_test_gui_pointer_is_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

gboolean
fc_test_gui_flag_is_set (gpointer data)
{
  return *(gboolean *) data;
}

/* Finding widgets */

GtkWidget *
fc_test_gui_find_descendant (GtkWidget *root,
                             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = fc_test_gui_find_descendant (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

void
fc_test_gui_collect_descendants (GtkWidget *root,
                                 GType      type,
                                 GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    g_ptr_array_add (found, root);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    fc_test_gui_collect_descendants (child, type, found);
}

GtkWidget *
fc_test_gui_find_named (GtkWidget  *root,
                        const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = fc_test_gui_find_named (child, name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

gboolean
fc_test_gui_shows_text (GtkWidget  *root,
                        const char *text)
{
  g_autoptr (GPtrArray) labels = g_ptr_array_new ();

  fc_test_gui_collect_descendants (root, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    {
      if (g_strcmp0 (gtk_label_get_text (labels->pdata[i]), text) == 0 &&
          gtk_widget_get_mapped (labels->pdata[i]))
        return TRUE;
    }

  return FALSE;
}

typedef struct
{
  GtkWidget  *root;
  const char *text;
} TextInWidget;

static gboolean
text_is_shown (gpointer data)
{
  TextInWidget *where = data;

  return fc_test_gui_shows_text (where->root, where->text);
}

void
fc_test_gui_wait_for_text (GtkWidget  *root,
                           const char *text)
{
  TextInWidget where = { root, text };

  fc_test_gui_wait_until (text_is_shown, &where, text);
}

GtkWidget *
fc_test_gui_template_child (gpointer    widget,
                            GType       type,
                            const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

GtkWindow *
fc_test_gui_find_window (FcApplication *app,
                         GType          type)
{
  GtkWindow *found = NULL;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type))
        {
          g_assert_null (found);
          found = l->data;
        }
    }

  return found;
}

void
fc_test_gui_click (GtkWidget *button)
{
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_true (gtk_widget_get_mapped (button));
  g_signal_emit_by_name (button, "clicked");
}

/* Pictures */

/* Checks that the PNG at @path is @width × @height and shows more than one colour. */
static void
check_png (const char *path,
           int         width,
           int         height)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  g_autofree guchar *pixels = NULL;
  GStatBuf st;
  gsize stride;
  gboolean uniform = TRUE;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 0);

  texture = gdk_texture_new_from_filename (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, width);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, height);

  stride = (gsize) width * 4;
  pixels = g_malloc (stride * height);
  gdk_texture_download (texture, pixels, stride);
  for (gsize i = 4; i < stride * height && uniform; i += 4)
    uniform = memcmp (pixels, pixels + i, 4) == 0;
  g_assert_false (uniform);
}

void
fc_test_gui_render_to_png (GtkWidget  *widget,
                           const char *name)
{
  g_autoptr (GdkPaintable) paintable = NULL;
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  GtkSnapshot *snapshot;
  GskRenderer *renderer;
  int width;
  int height;

  fc_test_gui_wait_for_transitions (widget);

  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (GTK_NATIVE (widget));
  g_assert_nonnull (renderer);
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));

  dir = g_test_build_filename (G_TEST_BUILT, "screenshots", NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("rendered %s (%d × %d)", path, width, height);

  check_png (path, width, height);
}

/* The application */

FcApplication *
fc_test_gui_application_new (const char  *tmpl,
                             char       **data_dir)
{
  g_autoptr (GError) error = NULL;
  FcApplication *app;

  *data_dir = g_dir_make_tmp (tmpl, &error);
  g_assert_no_error (error);

  app = fc_application_new ();
  fc_application_set_data_dir (app, *data_dir);
  /* Several applications of the same id run one after the other in the test process. */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);

  return app;
}

void
fc_test_gui_watch_engine (FcApplication  *app,
                          FcEngine      **engine)
{
  *engine = fc_application_get_engine (app);
  g_assert_nonnull (*engine);
  g_object_add_weak_pointer (G_OBJECT (*engine), (gpointer *) engine);
}

void
fc_test_gui_run_application (FcApplication *app,
                             GCallback      on_activate,
                             gpointer       user_data)
{
  g_signal_connect_after (app, "activate", on_activate, user_data);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);
}

static gpointer
ref_window (gconstpointer window,
            gpointer      user_data)
{
  return g_object_ref ((gpointer) window);
}

void
fc_test_gui_destroy_windows (FcApplication *app)
{
  GList *windows;

  windows = g_list_copy_deep (gtk_application_get_windows (GTK_APPLICATION (app)),
                              ref_window, NULL);
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (GTK_WINDOW (l->data));
  fc_test_gui_drain_main_context ();
  for (GList *l = windows; l != NULL; l = l->next)
    g_assert_finalize_object (l->data);
  g_list_free (windows);
}

FcWindow *
fc_test_gui_get_main_window (FcApplication *app)
{
  GtkWindow *window = fc_test_gui_find_window (app, FC_TYPE_WINDOW);

  g_assert_nonnull (window);
  fc_test_gui_wait_for_frame (GTK_WIDGET (window));
  return FC_WINDOW (window);
}

void
fc_test_gui_reset_window_settings (void)
{
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);

  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  g_settings_reset (settings, "window-maximized");
}
