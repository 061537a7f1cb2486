/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Every page of the kiosk at every kiosk screen size (1024×768, 1280×800,
 * 1366×768, 1280×1024, 1920×1080, portrait 1080×1920 and 800×1280; and portrait
 * 768×1024, 1024×600, 1280×720, 800×600 and 800×480, where some pages
 * scroll), in normal, large-text
 * and high-contrast modes and both at once (a patient who sees poorly
 * turns on both), in Vietnamese and English, the window set to
 * that size: the window stays that size (no page wider or taller than the
 * screen, or where pages scroll, no wider), every visible control lies
 * inside it (or the scrolled page) and is at least 60 px
 * both ways, no sentence is ellipsized or cut, every text reaches 4.5:1
 * against what is behind it (read from the rendered pixels), the chart's
 * bars too, and the toggles say their state. A PNG of each is saved under
 * the build folder's screenshots/ (layout-SIZE-MODE-LANG-PAGE.png) to look
 * at; with TD_LAYOUT_SCREENSHOTS=findings (the test command's: 2,300
 * PNGs cost CI minutes nobody looks at) only of a page with a finding. And
 * where a page moves on (by a tap or by itself), no button of the next
 * page lies where the last one's was. The training-mode kiosk is used, so
 * the training banner is on the bar (its widest), and it sends the daily
 * report, yesterday's not gone up, so the dashboard has its report line
 * at its longest and "Gửi số liệu lên ngay" (before, four shapes of
 * test-ui-layout-shapes.c checked them). What is checked on one
 * shape or two (type that grows, halves that stack, the VNeID code, the
 * station's name) is test-ui-layout-shapes.c; the pages both show are
 * td-ui-test-page-cases.c. */
#include "config.h"

#include "td-dashboard.h"
#include "td-day-chart.h"
#include "td-i18n.h"
#include "td-report.h"
#include "td-staff-console.h"
#include "td-ui-test-kiosk.h"
#include "td-ui-test-layout.h"
#include "td-ui-test-staff.h"
#include "td-ui-test-page-cases.h"
#include "td-ui-test-util.h"
#include "td-ui-util.h"

typedef enum {
	TD_MODE_NORMAL,
	TD_MODE_LARGE,
	TD_MODE_CONTRAST,
	TD_MODE_LARGE_CONTRAST,
	TD_N_MODES,
} TdMode;

static gboolean
td_mode_large(TdMode mode)
{
	return mode == TD_MODE_LARGE || mode == TD_MODE_LARGE_CONTRAST;
}

static gboolean
td_mode_contrast(TdMode mode)
{
	return mode == TD_MODE_CONTRAST || mode == TD_MODE_LARGE_CONTRAST;
}

/* A colour in the chart counts as a fill (a bar) from this many pixels:
 * fewer are the axis labels' anti-aliasing, whose exact shades reach a few
 * dozen pixels depending on which day numbers the axis shows; the test
 * days' bars are several hundred pixels each. */
#define TD_CHART_MIN_FILL_PX 200

static const gchar *const mode_names[TD_N_MODES] = {"normal", "large", "contrast", "large-contrast"};

/* The kiosk screens (1280 × 1024: the common 17"/19" 5:4 touch monitor),
 * and those where some pages scroll (README): a 768 × 1024 portrait
 * panel, where the ID pages put the pad under their words and are up to a
 * key row too tall; a 10" 1024 × 600 panel, where the bars are kept low
 * for the number pad and large text scrolls most pages; a 1280 × 720
 * HD panel, where every patient page fits but the staff pages scroll and,
 * in large text, the VNeID answers reach where the ticket's button was;
 * the small 800 × 600 and 7" 800 × 480 panels, where most pages scroll
 * and every control must still be reached; and a portrait 600 × 1024
 * panel, narrower than the bar's one row and the staff pages' ways
 * across, which take two rows there. And the 10" portrait 800 × 1280
 * panel of tablet-style kiosks, where every page fits. Which scroll, and
 * where the next page's buttons keep apart, follows from their shape
 * (td_size_add). */
static const gint sizes[][2] = {
    {1024, 768}, {1280, 800}, {1366, 768}, {1920, 1080}, {1080, 1920}, {1280, 1024}, {768, 1024},
    {1024, 600}, {1280, 720}, {800, 600},  {800, 480},   {600, 1024},  {800, 1280},
};

static TdUiTestKiosk *kiosk;

/* The buttons of the page's content (not the bar's or the strip's, which
 * are the same on every page), with their places. */
static void
td_collect_buttons(GtkWidget *widget, GtkWidget *skip1, GtkWidget *skip2, GArray *rects)
{
	graphene_rect_t r;

	if (!gtk_widget_get_mapped(widget) || widget == skip1 || widget == skip2)
		return;
	if (GTK_IS_BUTTON(widget) && td_ui_widget_rect(widget, GTK_WIDGET(kiosk->window), &r)) {
		g_array_append_val(rects, r);
		return;
	}
	for (GtkWidget *c = gtk_widget_get_first_child(widget); c != NULL; c = gtk_widget_get_next_sibling(c))
		td_collect_buttons(c, skip1, skip2, rects);
}

static GArray *
td_page_buttons(void)
{
	GArray *rects = g_array_new(FALSE, FALSE, sizeof(graphene_rect_t));
	GtkWidget *column = gtk_widget_get_first_child(gtk_window_get_child(GTK_WINDOW(kiosk->window)));
	/* the column: the bar, the strip, the pages */
	GtkWidget *bar = gtk_widget_get_first_child(column);
	GtkWidget *strip = gtk_widget_get_next_sibling(bar);
	td_collect_buttons(GTK_WIDGET(kiosk->window), bar, strip, rects);
	return rects;
}

static void
td_check_toggles(TdMode mode, GString *problems)
{
	gboolean large = td_kiosk_window_get_large_text(kiosk->window);
	gboolean contrast = td_kiosk_window_get_high_contrast(kiosk->window);
	const gchar *on[2] = {NULL, NULL};

	if (large != td_mode_large(mode) || contrast != td_mode_contrast(mode))
		g_string_append(problems, "the window's mode is not the one set\n");
	/* a toggle that is on says so in words: "✓ Chữ to" */
	if (td_mode_large(mode))
		on[0] = g_dgettext(GETTEXT_PACKAGE, "Large text");
	if (td_mode_contrast(mode))
		on[1] = g_dgettext(GETTEXT_PACKAGE, "Dark screen, light text");
	for (guint i = 0; i < G_N_ELEMENTS(on); i++) {
		GtkWidget *toggle = on[i] != NULL ? td_ui_test_find_button(GTK_WIDGET(kiosk->window), on[i]) : NULL;
		if (toggle != NULL &&
		    !g_str_has_prefix(gtk_label_get_text(GTK_LABEL(gtk_button_get_child(GTK_BUTTON(toggle)))), "✓ "))
			g_string_append_printf(problems, "the toggle “%s”, on, does not say so\n", on[i]);
	}
}

static gboolean
td_rects_meet(const graphene_rect_t *a, const graphene_rect_t *b)
{
	graphene_rect_t both;
	return graphene_rect_intersection(a, b, &both) && both.size.width > 1 && both.size.height > 1;
}

/* A tap that moved a page on, or landed late, must not answer the next. */
static void
td_check_moves(GArray **buttons, const gchar *label, GString *problems)
{
	static const struct {
		const gchar *from;
		const gchar *to;
	} moves[] = {
	    {"ticket", "vneid"},	     /* "next", or its countdown */
	    {"vneid", "vneid-steps"},	     /* an answer */
	    {"vneid", "vneid-no-account"},   /* an answer */
	    {"vneid", "vneid-thanks"},	     /* an answer */
	    {"vneid-steps", "idle"},	     /* done */
	    {"ticket-notes", "idle"},	     /* done (no question) */
	    {"see-staff", "idle"},	     /* done, or its countdown */
	    {"key", "reading"},		     /* the pad's OK */
	};
	for (guint m = 0; m < G_N_ELEMENTS(moves); m++) {
		GArray *from = NULL, *to = NULL;
		for (guint i = 0; i < TD_UI_TEST_N_PAGE_CASES; i++) {
			if (g_str_equal(td_ui_test_page_cases[i].name, moves[m].from))
				from = buttons[i];
			if (g_str_equal(td_ui_test_page_cases[i].name, moves[m].to))
				to = buttons[i];
		}
		for (guint a = 0; from != NULL && to != NULL && a < from->len; a++) {
			for (guint b = 0; b < to->len; b++) {
				if (td_rects_meet(&g_array_index(from, graphene_rect_t, a),
						  &g_array_index(to, graphene_rect_t, b)))
					g_string_append_printf(problems, "%s: a button of %s lies where one of %s was\n",
							       label, moves[m].to, moves[m].from);
			}
		}
	}
}

/* The narrowest bar that says "there is more below" at a glance. */
#define TD_SCROLL_BAR_MIN_PX 12
/* GTK draws the undershoot (the shade at an edge with more beyond) this
 * tall (gtkscrolledwindow.c, UNDERSHOOT_SIZE) */
#define TD_UNDERSHOOT_PX 40
/* A shaded edge is seen: the page's bottom row against the same column
 * above the shade */
#define TD_SHADE_ABOVE_PX     (TD_UNDERSHOOT_PX + 16)
#define TD_SHADE_MIN_CONTRAST 1.5

/* A page taller than its area shows that it scrolls. A patient's: a bar
 * beside it all the time, not one that appears only once the page moves.
 * A staff page keeps the overlay bar (the dashboard just fits 1024x768
 * beside nothing wider, td-kiosk-window.c): its bottom edge is shaded
 * while there is more below, seen in the pixels at the page's left
 * margin. A scroller inside a staff page with its bar shown (the
 * dashboard's figures) is held to the bar, as a patient's. */
static void
td_check_scroll_cue(const gchar *name, GtkScrolledWindow *scroller, TdUiShot *shot, GString *problems)
{
	GtkWidget *bar = gtk_scrolled_window_get_vscrollbar(scroller);
	GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment(scroller);
	gdouble hidden = gtk_adjustment_get_upper(adjustment) - gtk_adjustment_get_page_size(adjustment);

	if (hidden < 1)
		return;
	/* a figure for the log: which pages scroll, and how far */
	g_test_message("%s: %.0f px below the screen", name, hidden);
	if (td_kiosk_page_is_staff(td_kiosk_window_get_page(kiosk->window)) &&
	    gtk_scrolled_window_get_overlay_scrolling(scroller)) {
		graphene_rect_t area;
		gint x, bottom;
		gdouble contrast;

		/* scrolled to its end (by focus), nothing more below */
		if (hidden - gtk_adjustment_get_value(adjustment) < 1)
			return;
		g_assert_true(td_ui_widget_rect(GTK_WIDGET(scroller), GTK_WIDGET(kiosk->window), &area));
		x = (gint)area.origin.x + 2;
		bottom = MIN((gint)(area.origin.y + area.size.height), shot->height) - 1;
		contrast = td_ui_contrast_ratio(td_ui_shot_pixel(shot, x, bottom),
						td_ui_shot_pixel(shot, x, bottom - TD_SHADE_ABOVE_PX));
		if (contrast < TD_SHADE_MIN_CONTRAST)
			g_string_append_printf(problems, "%.0f px of the staff page below the screen and its edge not "
							 "shaded (contrast %.2f)\n",
					       hidden, contrast);
		return;
	}
	if (gtk_scrolled_window_get_overlay_scrolling(scroller) || !gtk_widget_get_mapped(bar) ||
	    gtk_widget_get_width(bar) < TD_SCROLL_BAR_MIN_PX)
		g_string_append_printf(problems, "%.0f px of the page below the screen and no scroll bar in sight "
						 "(%d px wide)\n",
				       hidden, gtk_widget_get_mapped(bar) ? gtk_widget_get_width(bar) : 0);
}

/* The dashboard's scroller of figures is no taller than they are at its
 * width: the actions under them follow them (before, on a
 * portrait 1080 x 1920 screen, 930 px of nothing lay between: the
 * scroller asked for its figures' height at their least width). */
static void
td_check_scroller_no_taller(GtkScrolledWindow *scroller, GString *problems)
{
	GtkWidget *content = gtk_scrolled_window_get_child(scroller);
	gint natural = 0;
	gint height = gtk_widget_get_height(GTK_WIDGET(scroller));

	gtk_widget_measure(content, GTK_ORIENTATION_VERTICAL, gtk_widget_get_width(GTK_WIDGET(scroller)), NULL,
			   &natural, NULL, NULL);
	if (height > natural + 1)
		g_string_append_printf(problems, "a scroller of words is %d px tall, its words %d px\n", height, natural);
}

/* A list in a scroller of its own (the staff page's cases) shows its
 * first row whole: a scrolled page gives the list its minimum height,
 * and on the portrait panel the only case's last line was cut off. */
static void
td_check_lists_whole(GtkWidget *root, GString *problems)
{
	if (GTK_IS_LIST_BOX(root) && gtk_widget_get_mapped(root)) {
		GtkWidget *row = GTK_WIDGET(gtk_list_box_get_row_at_index(GTK_LIST_BOX(root), 0));
		GtkWidget *scroller = gtk_widget_get_ancestor(root, GTK_TYPE_SCROLLED_WINDOW);
		gint shown = scroller != NULL ? gtk_widget_get_height(scroller) : 0;

		if (row != NULL && scroller != NULL && gtk_widget_get_height(row) > shown)
			g_string_append_printf(problems, "a list's first row is %d px high, its scroller shows %d\n",
					       gtk_widget_get_height(row), shown);
		return;
	}
	for (GtkWidget *c = gtk_widget_get_first_child(root); c != NULL; c = gtk_widget_get_next_sibling(c))
		td_check_lists_whole(c, problems);
}

/* A page's way on (its last button, the countdown over it) is on the
 * screen without scrolling, at every size: before, at 1024 x 600 in large
 * text, "Xong" on the ticket, the see-staff page and the VNeID guide lay
 * under the fold, a sliver of it showing. The words above scroll instead
 * (td_ui_pinned_page_new), and only where a page may. */
static gboolean
td_case_ends_with_button(TdUiTestCaseKind kind)
{
	switch (kind) {
	case TD_CASE_TICKET:
	case TD_CASE_TICKET_NOTES:
	case TD_CASE_SEE_STAFF:
	case TD_CASE_SEE_STAFF_LATE:
	case TD_CASE_VNEID_STEPS:
	case TD_CASE_VNEID_NO_ACCOUNT:
	case TD_CASE_VNEID_THANKS:
	case TD_CASE_DASHBOARD: /* its actions: export, print, back */
		return TRUE;
	default:
		return FALSE;
	}
}

static void
td_check_pinned_footer(const TdUiTestPageCase *c, const gchar *name, const TdUiTestSize *size, TdUiShot *shot,
		       GString *problems)
{
	GtkWidget *window = GTK_WIDGET(kiosk->window);
	GtkWidget *scroller = td_ui_test_find_mapped_class(window, TD_UI_PINNED_SCROLLER_CLASS);
	GtkWidget *footer = td_ui_test_find_mapped_class(window, TD_UI_PINNED_FOOTER_CLASS);
	GtkAdjustment *adjustment;
	graphene_rect_t r;

	if (!td_case_ends_with_button(c->kind))
		return;
	if (scroller == NULL || footer == NULL) {
		g_string_append(problems, "the page's last button is not pinned under its words\n");
		return;
	}
	g_assert_true(td_ui_widget_rect(footer, window, &r));
	if (r.origin.y < 0 || r.origin.y + r.size.height > size->height + 0.5f)
		g_string_append_printf(problems, "the page's last button at %.0f..%.0f is off the %d px screen\n",
				       r.origin.y, r.origin.y + r.size.height, size->height);
	/* the number a patient must note is seen whole without scrolling,
	 * on the page (before, on 800 x 480 the pinned button left "17" cut
	 * in half under the page's shade, whole only in the strip), and in
	 * the strip over it */
	{
		GtkWidget *number = td_ui_test_find_mapped_class(window, "td-queue-number");
		graphene_rect_t shown, area;
		if (number != NULL && td_ui_widget_rect(number, window, &shown) &&
		    td_ui_widget_rect(scroller, window, &area)) {
			/* under the shade at the foot of words that scroll */
			GtkAdjustment *words = gtk_scrolled_window_get_vadjustment(GTK_SCROLLED_WINDOW(scroller));
			gfloat shade = gtk_adjustment_get_upper(words) - gtk_adjustment_get_page_size(words) >= 1
					   ? TD_UNDERSHOOT_PX
					   : 0;
			g_autofree gchar *in_strip =
			    g_strdup_printf("%s %s", g_dgettext(GETTEXT_PACKAGE, "Queue number"),
					    gtk_label_get_text(GTK_LABEL(number)));
			if (!(shown.origin.y >= area.origin.y - 0.5f &&
			      shown.origin.y + shown.size.height <= area.origin.y + area.size.height - shade + 0.5f))
				g_string_append_printf(problems, "the number '%s' at %.0f..%.0f is not whole on the page\n",
						       gtk_label_get_text(GTK_LABEL(number)), shown.origin.y,
						       shown.origin.y + shown.size.height);
			if (!td_ui_test_find_label(window, in_strip))
				g_string_append_printf(problems, "the number '%s' is not in the strip\n",
						       gtk_label_get_text(GTK_LABEL(number)));
		}
	}
	adjustment = gtk_scrolled_window_get_vadjustment(GTK_SCROLLED_WINDOW(scroller));
	if (!size->scrolls && gtk_adjustment_get_upper(adjustment) - gtk_adjustment_get_page_size(adjustment) >= 1)
		g_string_append_printf(problems, "the page scrolls above its last button on a screen it must fit\n");
	td_check_scroll_cue(name, GTK_SCROLLED_WINDOW(scroller), shot, problems);
}

/* The controls a patient must answer with are whole on the screen without
 * the page moving, at every size: the number pad, its "Đồng ý" too, and
 * the VNeID question's four answers; the words above or beside them
 * scroll in their own box instead (the PIN page's with the names to
 * choose from). Before, on a 600 x 1024 portrait panel "Đồng ý" lay
 * under the fold (and in large text most keys, on 768 x 1024 too), and
 * the fourth answer ("Tôi không dùng điện thoại thông minh") in large
 * text. On 800 x 600 the pad went under its words (the row beside them
 * was 6 px too wide) and the page scrolled; on 800 x 480 the pad's five
 * rows were taller than what is left under the bars, and the VNeID
 * answers' second row lay under the fold. In high contrast on 1024 x 600
 * too: before, GtkBoxLayout measured the bar on top with the contrast
 * toggle's words on two lines (its "✓" left the row a few pixels short
 * of every button's natural width) though it laid them out on one: the
 * bar was 20 px taller than its row, and "Đồng ý" lay 13 px under the
 * fold. The staff's PIN pad too: it is how they reach their pages from
 * the kiosk's screen. */
/* the question's answers (td-vneid-page.c) */
#define TD_TEST_VNEID_ANSWERS 4

static void
td_check_whole(GtkWidget *control, const gchar *what, const TdUiTestSize *size, GString *problems)
{
	GtkAdjustment *page = gtk_scrolled_window_get_vadjustment(td_ui_test_page_scroller(kiosk));
	graphene_rect_t r;

	if (control == NULL || !td_ui_widget_rect(control, GTK_WIDGET(kiosk->window), &r)) {
		g_string_append_printf(problems, "no %s on the page\n", what);
		return;
	}
	if (gtk_adjustment_get_value(page) > 0.5 || r.origin.y < 0 || r.origin.y + r.size.height > size->height + 0.5f)
		g_string_append_printf(problems, "the %s at %.0f..%.0f is not whole on the %d px screen (page scrolled %.0f)\n",
				       what, r.origin.y, r.origin.y + r.size.height, size->height,
				       gtk_adjustment_get_value(page));
	/* nor can the page move under a finger: its bar, always shown,
	 * would say there is more (on 800 x 480 in high contrast the page
	 * was 6 px taller than the screen) */
	if (gtk_adjustment_get_upper(page) - gtk_adjustment_get_page_size(page) >= 1)
		g_string_append_printf(problems, "the page with the %s scrolls (%.0f px of %.0f)\n", what,
				       gtk_adjustment_get_upper(page), gtk_adjustment_get_page_size(page));
}

static void
td_check_controls_whole(const TdUiTestPageCase *c, const TdUiTestSize *size, GString *problems)
{
	GtkWidget *window = GTK_WIDGET(kiosk->window);

	if (c->page == TD_KIOSK_PAGE_PIN) {
		td_check_whole(td_ui_test_find_mapped_class(window, "td-number-pad"), "PIN pad", size, problems);
		return;
	}
	switch (c->kind) {
	case TD_CASE_KEY_TYPING:
	case TD_CASE_KEY_REFUSED:
	case TD_CASE_KEY_BIRTH:
		td_check_whole(td_ui_test_find_mapped_class(window, "td-number-pad"), "number pad", size, problems);
		break;
	case TD_CASE_STAFF_CODE:
		/* the staff's pad for a card code, its letters and its OK:
		 * on 800 x 480 and 1024 x 600 the digits lay under the fold
		 * and the letters scrolled away while typing them */
		td_check_whole(td_ui_test_find_mapped_class(window, "td-number-pad"), "card code pad", size, problems);
		break;
	case TD_CASE_VNEID: {
		guint answers = 0;
		for (GtkWidget *answer = td_ui_test_find_mapped_class(window, "td-answer"); answer != NULL;
		     answer = gtk_widget_get_next_sibling(answer), answers++)
			td_check_whole(answer, "answer", size, problems);
		if (answers != TD_TEST_VNEID_ANSWERS)
			g_string_append_printf(problems, "%u answers to the VNeID question on the page\n", answers);
		break;
	}
	case TD_CASE_WARNING: {
		/* over the page, which scrolls under it: the warning itself
		 * does not, its button on the screen */
		GtkWidget *box = td_ui_test_find_mapped_class(window, "td-warning-box");
		td_check_whole(box != NULL ? gtk_widget_get_last_child(box) : NULL, "warning's button", size, problems);
		break;
	}
	default:
		break;
	}
}

static void
td_render_size(const TdUiTestSize *size)
{
	g_autoptr(TdPatientView) view = td_patient_view_new();
	g_autoptr(GString) all = g_string_new(NULL);
	gboolean only_findings_saved = g_strcmp0(g_getenv("TD_LAYOUT_SCREENSHOTS"), "findings") == 0;

	td_ui_test_kiosk_set_size(kiosk, size->width, size->height);
	for (guint mode = 0; mode < TD_N_MODES; mode++) {
		for (guint lang = 0; lang < 2; lang++) {
			GArray *buttons[TD_UI_TEST_N_PAGE_CASES] = {NULL};
			g_autofree gchar *label = g_strdup_printf("%dx%d-%s-%s", size->width, size->height,
								  mode_names[mode], lang == 0 ? "vi" : "en");

			for (guint i = 0; i < TD_UI_TEST_N_PAGE_CASES; i++) {
				const TdUiTestPageCase *c = &td_ui_test_page_cases[i];
				g_autofree gchar *name = g_strdup_printf("layout-%s-%s", label, c->name);
				g_autoptr(GString) problems = g_string_new(NULL);
				g_autoptr(TdUiShot) shot = NULL;
				const gchar *expected = lang == 0 ? c->vi : c->en;
				guint n_controls;

				td_kiosk_window_reset(kiosk->window);
				td_i18n_set_language(lang == 0 ? TD_LANGUAGE_VI : TD_LANGUAGE_EN);
				td_kiosk_window_set_large_text(kiosk->window, td_mode_large(mode));
				td_kiosk_window_set_high_contrast(kiosk->window, td_mode_contrast(mode));
				td_ui_test_page_case_show(kiosk, c, view);
				shot = td_ui_shot_new(GTK_WIDGET(kiosk->window));
				if (!td_ui_test_find_label(GTK_WIDGET(kiosk->window), expected))
					g_string_append_printf(problems, "no label showing “%s”\n", expected);
				n_controls = td_ui_check_layout(GTK_WIDGET(kiosk->window), GTK_WIDGET(kiosk->window),
								size->width, td_ui_test_reachable_height(kiosk, size),
								TD_UI_TOUCH_TARGET_PX, shot, problems);
				if (size->scrolls && gtk_widget_get_height(GTK_WIDGET(kiosk->window)) > size->height)
					g_string_append_printf(problems, "the window grew to %d px, the screen is %d\n",
							       gtk_widget_get_height(GTK_WIDGET(kiosk->window)),
							       size->height);
				if (n_controls == 0)
					g_string_append(problems, "no control on the page\n");
				td_check_scroll_cue(name, td_ui_test_page_scroller(kiosk), shot, problems);
				td_check_pinned_footer(c, name, size, shot, problems);
				td_check_controls_whole(c, size, problems);
				td_check_lists_whole(GTK_WIDGET(kiosk->window), problems);
				td_check_toggles(mode, problems);
				td_ui_test_check_station_name(kiosk, problems);
				if (c->kind == TD_CASE_DASHBOARD) {
					/* the chart's own colours, not the shade
					 * over the foot of the box it scrolls in */
					graphene_rect_t unshaded;
					GtkWidget *figures;

					/* the report's line at its longest and the
					 * send button, whole and in reach as every
					 * control (td_ui_check_layout) */
					if (!td_ui_test_find_button(GTK_WIDGET(kiosk->window),
								    g_dgettext(GETTEXT_PACKAGE, "Send the figures up now")))
						g_string_append(problems, "no button to send the figures up\n");
					/* its last sentence, said at every hour
					 * (before 02:00 the line says when they go) */
					if (!td_ui_test_find_label(
						GTK_WIDGET(kiosk->window),
						g_dgettext(GETTEXT_PACKAGE, "Another machine sends this station's figures too: "
									    "tell the administrator.")))
						g_string_append(problems, "no report line naming the other machine\n");
					figures = td_ui_test_find_mapped_class(GTK_WIDGET(kiosk->window),
									       TD_UI_PINNED_SCROLLER_CLASS);
					g_assert_true(td_ui_widget_rect(figures, GTK_WIDGET(kiosk->window), &unshaded));
					td_check_scroller_no_taller(GTK_SCROLLED_WINDOW(figures), problems);
					unshaded.size.height -= TD_UNDERSHOOT_PX;
					td_ui_check_fill_contrast(GTK_WIDGET(kiosk->window),
								  td_ui_test_find_mapped_type(GTK_WIDGET(kiosk->window),
									       TD_TYPE_DAY_CHART),
								  &unshaded, shot, TD_CHART_MIN_FILL_PX, problems);
				}
				buttons[i] = td_page_buttons();
				if (problems->len > 0 || !only_findings_saved)
					g_free(td_ui_shot_save(shot, name));
				if (problems->len > 0)
					g_string_append_printf(all, "%s:\n%s", name, problems->str);
				/* a page that made the window bigger: the window stays
				 * so (no window manager to shrink it), so the next page
				 * gets a fresh one */
				if (gtk_widget_get_width(GTK_WIDGET(kiosk->window)) != size->width ||
				    gtk_widget_get_height(GTK_WIDGET(kiosk->window)) != size->height)
					td_ui_test_kiosk_set_size(kiosk, size->width, size->height);
			}
			if (size->buttons_apart)
				td_check_moves(buttons, label, all);
			for (guint i = 0; i < TD_UI_TEST_N_PAGE_CASES; i++)
				g_array_unref(buttons[i]);
		}
	}
	td_kiosk_window_reset(kiosk->window);
	/* every size is looked at, whatever the last one showed */
	if (all->len > 0) {
		g_printerr("%s", all->str);
		g_test_fail();
	}
}

static void
test_size(gconstpointer data)
{
	td_render_size(data);
}

/* A screen to check, with the rules of its shape: a landscape screen of
 * at least 1024 × 768 and a portrait one from 800 px across show every
 * page whole; the next page's buttons keep clear of the last one's where
 * the screen is at least 768 px high (landscape) or across (portrait). */
static void
td_size_add(GArray *list, gint width, gint height)
{
	TdUiTestSize size = {width, height, FALSE, FALSE};

	if (width > height) {
		size.scrolls = width < 1024 || height < 768;
		size.buttons_apart = height >= 768;
	} else {
		size.scrolls = width < 800;
		size.buttons_apart = width >= 768;
	}
	g_array_append_val(list, size);
}

/* TD_LAYOUT_SIZES=WxH[,WxH...]: screens the matrix does not list (a
 * station's own panel), checked in its place by the rules of their shape. */
static GArray *
td_sizes_from_env(const gchar *text)
{
	g_auto(GStrv) items = g_strsplit(text, ",", -1);
	GArray *list = g_array_new(FALSE, TRUE, sizeof(TdUiTestSize));

	for (guint i = 0; items[i] != NULL; i++) {
		gchar *end = NULL;
		gint width, height;

		width = (gint)g_ascii_strtoll(items[i], &end, 10);
		if (*end != 'x' && *end != 'X')
			g_error("TD_LAYOUT_SIZES: “%s” is not WIDTHxHEIGHT", items[i]);
		height = (gint)g_ascii_strtoll(end + 1, &end, 10);
		if (*end != '\0' || width < 320 || height < 320 || width > 1920 || height > 1920)
			g_error("TD_LAYOUT_SIZES: “%s” is not WIDTHxHEIGHT within 320–1920 (the test's screen)", items[i]);
		td_size_add(list, width, height);
	}
	return list;
}

int
main(int argc, char **argv)
{
	/* TD_LAYOUT_PART=1 or 2: one of two halves run side by side (every
	 * other screen size each); unset: every size */
	const gchar *part = g_getenv("TD_LAYOUT_PART");
	const gchar *own_sizes = g_getenv("TD_LAYOUT_SIZES");
	guint n_parts = part != NULL ? 2 : 1;
	guint this_part = part != NULL ? (guint)g_ascii_strtoull(part, NULL, 10) - 1 : 0;
	g_autoptr(GArray) checked = NULL;

	g_assert_cmpuint(this_part, <, n_parts);
	td_ui_test_init(&argc, &argv);
	if (own_sizes != NULL && *own_sizes != '\0') {
		checked = td_sizes_from_env(own_sizes);
	} else {
		checked = g_array_new(FALSE, TRUE, sizeof(TdUiTestSize));
		for (guint i = 0; i < G_N_ELEMENTS(sizes); i++)
			td_size_add(checked, sizes[i][0], sizes[i][1]);
	}
	kiosk = td_ui_test_kiosk_new();
	td_ui_test_page_cases_prepare(kiosk);
	td_ui_test_kiosk_report_not_sent(kiosk);
	for (guint i = 0; i < checked->len; i++) {
		const TdUiTestSize *size = &g_array_index(checked, TdUiTestSize, i);
		g_autofree gchar *path = g_strdup_printf("/ui/layout/%dx%d", size->width, size->height);
		if (i % n_parts == this_part)
			g_test_add_data_func(path, size, test_size);
	}
	return td_ui_test_kiosk_run(kiosk);
}
