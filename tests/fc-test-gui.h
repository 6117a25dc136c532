/* fc-test-gui.h: what the GUI tests share: the application over a temporary data folder, the
 * main loop, finding widgets, and pictures of windows
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fc-application.h"
#include "fc-engine.h"
#include "fc-window.h"

G_BEGIN_DECLS

/* A condition that fc_test_gui_wait_until () polls between main loop iterations. */
typedef gboolean (*FcTestGuiCondition) (gpointer data);

/* Sets how long each wait may take before the test fails (10 seconds unless set). */
void           fc_test_gui_set_wait_timeout     (guint               seconds);

/* Main loop */

/* Iterates the main loop until @widget is mapped and one whole frame has been painted. */
void           fc_test_gui_wait_for_frame       (GtkWidget          *widget);
/* Lets running transitions finish, so that a picture shows where they end, not half-way. */
void           fc_test_gui_wait_for_transitions (GtkWidget          *widget);
/* Runs whatever the main context has ready, without blocking. */
void           fc_test_gui_drain_main_context   (void);
/* Iterates the main loop until @condition holds; fails the test, naming @what, on timeout. */
void           fc_test_gui_wait_until           (FcTestGuiCondition  condition,
                                                 gpointer            data,
                                                 const char         *what);
/* Conditions for fc_test_gui_wait_until (): @data points to a gpointer or a gboolean. */
gboolean       fc_test_gui_pointer_is_null      (gpointer            data);
gboolean       fc_test_gui_pointer_is_set       (gpointer            data);
gboolean       fc_test_gui_flag_is_set          (gpointer            data);

/* Finding widgets */

/* The first widget of @type in @root's tree, depth first, @root included. */
GtkWidget     *fc_test_gui_find_descendant      (GtkWidget          *root,
                                                 GType               type);
/* Adds every widget of @type in @root's tree, depth first, to @found. */
void           fc_test_gui_collect_descendants  (GtkWidget          *root,
                                                 GType               type,
                                                 GPtrArray          *found);
/* The first widget in @root's tree whose name (gtk_widget_set_name) is @name. */
GtkWidget     *fc_test_gui_find_named           (GtkWidget          *root,
                                                 const char         *name);
/* Whether a mapped label in @root reads @text. */
gboolean       fc_test_gui_shows_text           (GtkWidget          *root,
                                                 const char         *text);
/* Waits until a mapped label in @root reads @text (a toast, for instance). */
void           fc_test_gui_wait_for_text        (GtkWidget          *root,
                                                 const char         *text);
/* The template child @name of @widget, whose template class is @type; asserts it exists. */
GtkWidget     *fc_test_gui_template_child       (gpointer            widget,
                                                 GType               type,
                                                 const char         *name);
/* The one window of @type that @app has open, or NULL. */
GtkWindow     *fc_test_gui_find_window          (FcApplication      *app,
                                                 GType               type);
/* Asserts that @button can be clicked as a user would, then clicks it. */
void           fc_test_gui_click                (GtkWidget          *button);

/* Pictures */

/* Renders @widget, a toplevel, as it is on screen into <builddir>/tests/screenshots/@name, and
 * checks that the PNG has the widget's size and shows more than one colour. */
void           fc_test_gui_render_to_png        (GtkWidget          *widget,
                                                 const char         *name);

/* The application */

/* A new application over a new temporary data folder named after @tmpl (as for
 * g_dir_make_tmp), which is returned in @data_dir; several may run one after the other. */
FcApplication *fc_test_gui_application_new      (const char         *tmpl,
                                                 char              **data_dir);
/* Makes *@engine the engine of @app, and NULL again once the engine is finalized. */
void           fc_test_gui_watch_engine         (FcApplication      *app,
                                                 FcEngine          **engine);
/* Runs @app, calling @on_activate (after the application's own handler) once it is active,
 * and asserts that it returned 0. */
void           fc_test_gui_run_application      (FcApplication      *app,
                                                 GCallback           on_activate,
                                                 gpointer            user_data);
/* Destroys the windows @app has open and checks that nothing else keeps them; with its last
 * window gone, g_application_run () returns. */
void           fc_test_gui_destroy_windows      (FcApplication      *app);
/* The main window that activating @app opened, once it has been painted. */
FcWindow      *fc_test_gui_get_main_window      (FcApplication      *app);
/* Resets the window size and state the application saves: the memory settings backend lives
 * as long as the test process, and the next test expects the defaults. */
void           fc_test_gui_reset_window_settings (void);

G_END_DECLS
