/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The station's name in the kiosk's top bar: a label that gives way to
 * the bar's buttons (two lines, then "…") but never below the width of
 * its first word, so "TRUNG TÂM Y TẾ…" is never split inside "TRUNG" and
 * a narrow bar still says whose kiosk this is. The word is measured in
 * the label's own font each time (large text changes it). */
#define TD_TYPE_STATION_NAME (td_station_name_get_type())
G_DECLARE_FINAL_TYPE(TdStationName, td_station_name, TD, STATION_NAME, GtkWidget)

GtkWidget *td_station_name_new(void);
/* The label inside (its text, its style classes). */
GtkLabel *td_station_name_get_label(TdStationName *self);

G_END_DECLS
