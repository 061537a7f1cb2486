/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Shared by the UI tests: GTK set up with the kiosk's CSS and catalogues,
 * waiting for the main loop, saving a window as PNG (cairo renderer), and
 * walking the widget tree for labels and controls. */
void td_ui_test_init(int *argc, char ***argv);
/* Runs the main loop for ms milliseconds. */
void td_ui_test_wait(guint ms);
/* Runs the main loop until the window has painted a frame: what was
 * shown or resized before is laid out then (a frame lays out before it
 * paints), however long that takes on a loaded machine. */
void td_ui_test_wait_painted(GtkWidget *window);
/* Runs the main loop until func returns TRUE or timeout_ms passes. */
gboolean td_ui_test_wait_for(gboolean (*func)(gpointer), gpointer data, guint timeout_ms);
/* A condition for it: the gboolean at flag is TRUE. */
gboolean td_ui_test_flag_is_set(gpointer flag);
/* Runs the main loop until no staff page under root (the PIN, the
 * console, the dashboard) waits for the store any more (its calls run in
 * workers); fails the test after 60 s (a server that does not answer
 * costs a call up to 4 s, and the calls take turns on its connection). */
void td_ui_test_wait_staff(GtkWidget *root);
/* Renders the widget as on screen (cairo renderer). */
GdkTexture *td_ui_test_render(GtkWidget *widget);
/* Saves into BUILDDIR/screenshots/NAME.png (NAME-pg.png on the station's
 * PostgreSQL, TD_TEST_STORE=postgres) and returns the path. */
gchar *td_ui_test_save_texture(GdkTexture *texture, const gchar *name);
gchar *td_ui_test_save_png(GtkWidget *widget, const gchar *name);
/* TRUE if a visible (mapped) label under root shows exactly or contains text. */
gboolean td_ui_test_find_label(GtkWidget *root, const gchar *text);
/* ... and the whole text of the first such label; NULL: none. */
const gchar *td_ui_test_label_text_with(GtkWidget *root, const gchar *text);
/* How many such labels are there (same rule as td_ui_test_find_label). */
guint td_ui_test_count_labels(GtkWidget *root, const gchar *text);
/* Runs the main loop until such a label shows (FALSE after timeout_ms). */
gboolean td_ui_test_wait_label(GtkWidget *root, const gchar *text, guint timeout_ms);
/* The first mapped button under root whose label is text. */
GtkWidget *td_ui_test_find_button(GtkWidget *root, const gchar *text);
/* The staff console's health lines shown ("✔ Sổ lưu tiepdon: …"), appended
 * to out (of gchar *). */
void td_ui_test_health_lines(GtkWidget *root, GPtrArray *out);
/* Presses the visible button under root labelled text, as a tap does
 * (fails the test if there is none, or it is insensitive); staff pages'
 * store calls are waited for before and after (td_ui_test_wait_staff). */
void td_ui_test_press(GtkWidget *root, const gchar *text);
/* A tap at (x, y) on widget, as its click gestures hear one (Xvfb has no
 * touch screen to send it through); fails the test if it has none. */
void td_ui_test_tap(GtkWidget *widget, gdouble x, gdouble y);
/* Presses digits on the number pad on screen under root, then its OK. */
void td_ui_test_type(GtkWidget *root, const gchar *digits);
/* Shows window at width x height (the screen's size: there is no window
 * manager to ask) and waits until it is mapped that big. */
void td_ui_test_present_at(GtkWindow *window, gint width, gint height);

G_END_DECLS
