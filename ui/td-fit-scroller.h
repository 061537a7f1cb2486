/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A GtkScrolledWindow that asks for the height its content takes at the
 * width it is given, and scrolls below that. GtkScrolledWindow's own
 * natural height (propagate-natural-height) is its content's at the
 * content's least width: words wrapped at every word, three times as
 * tall as at the width they get, which left a gap as tall under the
 * dashboard's figures on a portrait screen, and between the number
 * pad's words and the pad. Its least height stays the scrolled
 * window's (its min-content-height). */
#define TD_TYPE_FIT_SCROLLER (td_fit_scroller_get_type())
G_DECLARE_FINAL_TYPE(TdFitScroller, td_fit_scroller, TD, FIT_SCROLLER, GtkWidget)

GtkWidget *td_fit_scroller_new(GtkScrolledWindow *scroller);
GtkScrolledWindow *td_fit_scroller_get_scroller(TdFitScroller *self);
/* Its least height too is its content's at its width, up to the
 * scroller's max-content-height: for a list on a page that scrolls
 * itself (a page that scrolls gives each part its least height). */
void td_fit_scroller_set_least_fits(TdFitScroller *self, gboolean least_fits);

G_END_DECLS
