/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "td-ui-test-kiosk.h"

G_BEGIN_DECLS

/* The kiosk's pages as the layout tests show them (test-ui-layout.c, the
 * matrix of sizes, modes and languages; test-ui-layout-shapes.c, the
 * checks of one shape each), and what they look for on them. */

/* A screen size */
typedef struct {
	gint width;
	gint height;
	/* whether a page may be taller than the screen: it scrolls (the
	 * window keeps the screen's size), and every control lies inside the
	 * window's width and the page's height */
	gboolean scrolls;
	/* whether the next page's buttons keep clear of the last one's: not
	 * on 1024 × 600, where the ticket's button and the VNeID answers all
	 * sit low on a page that scrolls; only the 700 ms in which a new
	 * page takes no tap guards that screen (README) */
	gboolean buttons_apart;
} TdUiTestSize;

/* A page as the test shows it: which page, how its view is filled, and
 * the words (Vietnamese, English) that must be on it. */
typedef enum {
	TD_CASE_PLAIN,
	TD_CASE_CARD_LEFT,
	TD_CASE_KEY_TYPING,
	TD_CASE_KEY_REFUSED,
	TD_CASE_KEY_BIRTH,
	TD_CASE_TICKET,
	TD_CASE_TICKET_NOTES,
	TD_CASE_SEE_STAFF,
	TD_CASE_SEE_STAFF_LATE,
	TD_CASE_VNEID,
	TD_CASE_VNEID_STEPS,
	TD_CASE_VNEID_NO_ACCOUNT,
	TD_CASE_VNEID_THANKS,
	TD_CASE_WARNING,
	TD_CASE_CALLED,
	TD_CASE_STAFF,
	TD_CASE_STAFF_CODE,
	TD_CASE_DASHBOARD,
} TdUiTestCaseKind;

typedef struct {
	const gchar *name;
	TdKioskPage page;
	TdUiTestCaseKind kind;
	const gchar *vi;
	const gchar *en;
} TdUiTestPageCase;

#define TD_UI_TEST_N_PAGE_CASES 22
extern const TdUiTestPageCase td_ui_test_page_cases[TD_UI_TEST_N_PAGE_CASES];

/* The case of that name; aborts the test if there is none. */
const TdUiTestPageCase *td_ui_test_page_case_named(const gchar *name);
/* What the staff pages' cases show, stored in the kiosk's store once,
 * before them: a case with long words (the console selects it), and a few
 * check-ins of today for the dashboard. */
void td_ui_test_page_cases_prepare(TdUiTestKiosk *kiosk);
/* Shows the case's page on the kiosk's window, view filled for it. */
void td_ui_test_page_case_show(TdUiTestKiosk *kiosk, const TdUiTestPageCase *c, TdPatientView *view);

/* The first mapped widget under root that matches. */
GtkWidget *td_ui_test_find_mapped(GtkWidget *root, gboolean (*matches)(GtkWidget *widget, gconstpointer what),
				  gconstpointer what);
/* ... that has the CSS class; of the type. */
GtkWidget *td_ui_test_find_mapped_class(GtkWidget *root, const gchar *css_class);
GtkWidget *td_ui_test_find_mapped_type(GtkWidget *root, GType type);

/* The top bar shows the station's name at least as far as its first word
 * (before, 768 px in large text left "T…"); a problem appended if not. */
void td_ui_test_check_station_name(TdUiTestKiosk *kiosk, GString *problems);

/* The page area: the last of the window's column (the bar, the strip,
 * the pages). */
GtkScrolledWindow *td_ui_test_page_scroller(TdUiTestKiosk *kiosk);
/* How far down the window's controls may lie: the screen, or where the
 * page scrolls, the page's end (the window itself stays the screen's
 * size either way). */
gint td_ui_test_reachable_height(TdUiTestKiosk *kiosk, const TdUiTestSize *size);

G_END_DECLS
