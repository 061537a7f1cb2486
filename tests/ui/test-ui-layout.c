/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Every page of the kiosk at every kiosk screen size (1024×768, 1280×800,
 * 1366×768, 1280×1024, 1920×1080, portrait 1080×1920; and portrait
 * 768×1024, 1024×600, 1280×720, 800×600 and 800×480, where some pages
 * scroll), in normal, large-text
 * and high-contrast modes, in Vietnamese and English, the window set to
 * that size: the window stays that size (no page wider or taller than the
 * screen, or where pages scroll, no wider), every visible control lies
 * inside it (or the scrolled page) and is at least 60 px
 * both ways, no sentence is ellipsized or cut, every text reaches 4.5:1
 * against what is behind it (read from the rendered pixels), the chart's
 * bars too, and the toggles say their state. A PNG of each is saved under
 * the build folder's screenshots/ (layout-SIZE-MODE-LANG-PAGE.png). And
 * where a page moves on (by a tap or by itself), no button of the next
 * page lies where the last one's was. The training-mode kiosk is used, so
 * the training banner is on the bar (its widest). */
#include "config.h"

#include <math.h>

#include "td-dashboard.h"
#include "td-day-chart.h"
#include "td-i18n.h"
#include "td-report.h"
#include "td-screen-scale.h"
#include "td-staff-console.h"
#include "td-ui-test-kiosk.h"
#include "td-ui-test-layout.h"
#include "td-ui-test-util.h"
#include "td-ui-util.h"

typedef enum {
	TD_MODE_NORMAL,
	TD_MODE_LARGE,
	TD_MODE_CONTRAST,
	TD_N_MODES,
} TdMode;

/* A colour in the chart counts as a fill (a bar) from this many pixels:
 * fewer are the axis labels' anti-aliasing, whose exact shades reach a few
 * dozen pixels depending on which day numbers the axis shows; the test
 * days' bars are several hundred pixels each. */
#define TD_CHART_MIN_FILL_PX 200

static const gchar *const mode_names[TD_N_MODES] = {"normal", "large", "contrast"};

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
} TdSize;

/* The kiosk screens (1280 × 1024: the common 17"/19" 5:4 touch monitor),
 * and those where some pages scroll (README): a 768 × 1024 portrait
 * panel, where the ID pages put the pad under their words and are up to a
 * key row too tall; a 10" 1024 × 600 panel, shorter than the bar, the
 * strip and the number pad's five rows of 60 px keys need; a 1280 × 720
 * HD panel, where every patient page fits but the staff pages scroll and,
 * in large text, the VNeID answers reach where the ticket's button was;
 * and the small 800 × 600 and 7" 800 × 480 panels, where most pages
 * scroll and every control must still be reached. */
static const TdSize sizes[] = {
    {1024, 768, FALSE, TRUE},  {1280, 800, FALSE, TRUE},  {1366, 768, FALSE, TRUE}, {1920, 1080, FALSE, TRUE},
    {1080, 1920, FALSE, TRUE}, {1280, 1024, FALSE, TRUE}, {768, 1024, TRUE, TRUE},  {1024, 600, TRUE, FALSE},
    {1280, 720, TRUE, FALSE}, {800, 600, TRUE, FALSE}, {800, 480, TRUE, FALSE},
};

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
} TdCaseKind;

typedef struct {
	const gchar *name;
	TdKioskPage page;
	TdCaseKind kind;
	const gchar *vi;
	const gchar *en;
} TdPageCase;

static const TdPageCase cases[] = {
    {"idle", TD_KIOSK_PAGE_IDLE, TD_CASE_PLAIN, "Xin mời đặt thẻ căn cước gắn chip lên máy đọc thẻ",
     "Please place your chip ID card on the card reader"},
    {"idle-card-left", TD_KIOSK_PAGE_IDLE, TD_CASE_CARD_LEFT, "Xin nhớ lấy lại thẻ căn cước",
     "Please take back your ID card"},
    {"awaiting-card", TD_KIOSK_PAGE_AWAITING_CARD, TD_CASE_PLAIN, "Máy đã nhận số căn cước",
     "The kiosk has your ID number"},
    {"key", TD_KIOSK_PAGE_KEY, TD_CASE_KEY_TYPING, "Máy cần số căn cước để mở thẻ",
     "The kiosk needs your ID number"},
    {"key-refused", TD_KIOSK_PAGE_KEY, TD_CASE_KEY_REFUSED, "Số vừa nhập chưa khớp với thẻ",
     "The number does not match the card"},
    {"key-birth-date", TD_KIOSK_PAGE_KEY, TD_CASE_KEY_BIRTH, "ngày sinh", "date of birth"},
    {"reading", TD_KIOSK_PAGE_READING, TD_CASE_PLAIN, "Xin để nguyên thẻ trên máy đọc thẻ",
     "Please leave the card on the card reader"},
    {"ticket", TD_KIOSK_PAGE_TICKET, TD_CASE_TICKET, "Kính chào ông Nguyễn Văn An", "Welcome, Mr Nguyễn Văn An"},
    {"ticket-notes", TD_KIOSK_PAGE_TICKET, TD_CASE_TICKET_NOTES, "Số thứ tự của bà", "Your number"},
    {"see-staff", TD_KIOSK_PAGE_SEE_STAFF, TD_CASE_SEE_STAFF, "hết hạn", "has expired"},
    {"see-staff-late", TD_KIOSK_PAGE_SEE_STAFF, TD_CASE_SEE_STAFF_LATE, "đang lưu", "still being saved"},
    {"vneid", TD_KIOSK_PAGE_VNEID, TD_CASE_VNEID, "Ông đã đưa thẻ bảo hiểm y tế vào ứng dụng VNeID",
     "Have you added your health insurance card"},
    {"vneid-steps", TD_KIOSK_PAGE_VNEID, TD_CASE_VNEID_STEPS, "Tích hợp thông tin", "(Integrate)"},
    {"vneid-no-account", TD_KIOSK_PAGE_VNEID, TD_CASE_VNEID_NO_ACCOUNT, "Công an xã", "commune police"},
    {"vneid-thanks", TD_KIOSK_PAGE_VNEID, TD_CASE_VNEID_THANKS, "Cảm ơn", "Thank you"},
    {"out-of-service", TD_KIOSK_PAGE_OUT_OF_SERVICE, TD_CASE_PLAIN, "Máy tạm thời không hoạt động",
     "The kiosk is not working right now"},
    {"warning", TD_KIOSK_PAGE_VNEID, TD_CASE_WARNING, "vẫn được giữ", "is kept"},
    {"call-staff", TD_KIOSK_PAGE_KEY, TD_CASE_CALLED, "Đã báo nhân viên", "Staff have been called"},
    {"pin", TD_KIOSK_PAGE_PIN, TD_CASE_PLAIN, "Dành cho nhân viên: nhập mã PIN", "Staff only: enter the PIN"},
    /* with the call the case before made: its line, in place of the
     * list's title, the tallest this page gets */
    {"staff", TD_KIOSK_PAGE_STAFF, TD_CASE_STAFF, "máy tiếp đón", "for staff"},
    {"staff-code", TD_KIOSK_PAGE_STAFF, TD_CASE_STAFF_CODE, "Mã thẻ BHYT", "card code"},
    {"dashboard", TD_KIOSK_PAGE_DASHBOARD, TD_CASE_DASHBOARD, "Hôm nay tại trạm", "at the station"},
};

static TdUiTestKiosk *kiosk;

static const TdPageCase *
td_case_named(const gchar *name)
{
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		if (g_str_equal(cases[i].name, name))
			return &cases[i];
	}
	g_error("no page case %s", name);
}

static void
td_fill_view(TdPatientView *view, TdCaseKind kind)
{
	td_ui_test_view_ticket(view);
	view->vneid_pending = TRUE;
	switch (kind) {
	case TD_CASE_KEY_TYPING:
	case TD_CASE_CARD_LEFT:
		/* back at idle: nothing of the patient but the card */
		td_patient_view_clear(view);
		view->card_left = TRUE;
		break;
	case TD_CASE_KEY_REFUSED:
	case TD_CASE_KEY_BIRTH:
	case TD_CASE_CALLED:
		td_patient_view_clear(view);
		view->key_refused = kind == TD_CASE_KEY_REFUSED;
		view->birth_date_asked = kind == TD_CASE_KEY_BIRTH;
		break;
	case TD_CASE_TICKET_NOTES:
		/* the longest ticket page: a long name, pending, the ticket not
		 * printed, a second visit, the widest number (a kiosk's offline
		 * series: B-128) */
		g_free(view->full_name);
		view->full_name = g_strdup("Tôn Nữ Thị Phương Thảo Nguyên");
		view->address = TD_ADDRESS_WOMAN;
		view->eligibility = TD_ELIGIBILITY_UNAVAILABLE;
		view->outcome = TD_OUTCOME_PENDING_ELIGIBILITY;
		view->queue_number = 128;
		g_strlcpy(view->queue_series, "B", sizeof(view->queue_series));
		view->repeat_visit = TRUE;
		view->print_failed = TRUE;
		view->vneid_pending = FALSE;
		break;
	case TD_CASE_SEE_STAFF:
		view->eligibility = TD_ELIGIBILITY_EXPIRED;
		view->outcome = TD_OUTCOME_SEE_STAFF;
		view->see_staff_reason = g_strdup("insurance-expired");
		view->queue_number = 18;
		view->vneid_pending = FALSE;
		break;
	case TD_CASE_SEE_STAFF_LATE:
		view->commit_late = TRUE;
		view->queue_number = 0;
		view->vneid_pending = FALSE;
		break;
	default:
		break;
	}
}

static void
td_show_case(const TdPageCase *c, TdPatientView *view)
{
	TdKioskWindow *window = kiosk->window;
	TdVneidPage *vneid = td_kiosk_window_get_vneid_page(window);
	TdStaffConsole *console = TD_STAFF_CONSOLE(td_kiosk_window_get_staff_console(window));

	td_fill_view(view, c->kind);
	switch (c->kind) {
	case TD_CASE_STAFF:
	case TD_CASE_STAFF_CODE:
		td_kiosk_window_show_page(window, TD_KIOSK_PAGE_STAFF);
		/* the patient's call is written in a worker: read until it is */
		for (guint i = 0; i == 0 || (i < 50 && td_staff_console_get_calls_waiting(console) == 0); i++) {
			td_staff_console_refresh(console);
			td_ui_test_wait_staff(GTK_WIDGET(window));
		}
		g_assert_cmpuint(td_staff_console_get_calls_waiting(console), >, 0);
		g_assert_true(td_staff_console_select(console, 0));
		td_staff_console_show_code_pad(console, c->kind == TD_CASE_STAFF_CODE);
		return;
	case TD_CASE_DASHBOARD:
		td_dashboard_refresh(TD_DASHBOARD(td_kiosk_window_get_dashboard(window)));
		td_ui_test_wait_staff(GTK_WIDGET(window));
		td_kiosk_window_show_page(window, TD_KIOSK_PAGE_DASHBOARD);
		return;
	default:
		break;
	}
	if (td_kiosk_page_is_staff(c->page)) {
		td_kiosk_window_show_page(window, c->page);
		return;
	}
	if (c->page == TD_KIOSK_PAGE_READING)
		td_patient_pages_set_reading_step(td_kiosk_window_get_patient_pages(window),
						  TD_READING_STEP_CHECKING_INSURANCE);
	td_kiosk_window_show_patient(window, c->page, view);
	switch (c->kind) {
	case TD_CASE_KEY_TYPING:
		for (const gchar *p = "00105"; *p != '\0'; p++)
			td_number_pad_press(td_patient_pages_get_number_pad(td_kiosk_window_get_patient_pages(window)), *p);
		break;
	case TD_CASE_VNEID_STEPS:
		td_vneid_page_choose(vneid, TD_VNEID_NOT_YET);
		break;
	case TD_CASE_VNEID_NO_ACCOUNT:
		td_vneid_page_choose(vneid, TD_VNEID_NO_ACCOUNT);
		break;
	case TD_CASE_VNEID_THANKS:
		td_vneid_page_choose(vneid, TD_VNEID_NO_SMARTPHONE);
		break;
	case TD_CASE_WARNING:
		td_kiosk_window_show_warning(window, 15);
		break;
	case TD_CASE_CALLED:
		td_ui_test_kiosk_press(kiosk, g_dgettext(GETTEXT_PACKAGE, "Call staff"));
		break;
	default:
		break;
	}
}

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
	GtkWidget *on = NULL;

	if (large != (mode == TD_MODE_LARGE) || contrast != (mode == TD_MODE_CONTRAST))
		g_string_append(problems, "the window's mode is not the one set\n");
	/* a toggle that is on says so in words: "✓ Chữ to" */
	if (mode == TD_MODE_LARGE)
		on = td_ui_test_find_button(GTK_WIDGET(kiosk->window), g_dgettext(GETTEXT_PACKAGE, "Large text"));
	else if (mode == TD_MODE_CONTRAST)
		on = td_ui_test_find_button(GTK_WIDGET(kiosk->window),
					    g_dgettext(GETTEXT_PACKAGE, "Dark screen, light text"));
	if (on != NULL &&
	    !g_str_has_prefix(gtk_label_get_text(GTK_LABEL(gtk_button_get_child(GTK_BUTTON(on)))), "✓ "))
		g_string_append(problems, "the toggle that is on does not say so\n");
}

/* The first mapped widget under root that matches. */
static GtkWidget *
td_find_widget(GtkWidget *root, gboolean (*matches)(GtkWidget *widget, gconstpointer what), gconstpointer what)
{
	if (matches(root, what) && gtk_widget_get_mapped(root))
		return root;
	for (GtkWidget *c = gtk_widget_get_first_child(root); c != NULL; c = gtk_widget_get_next_sibling(c)) {
		GtkWidget *found = td_find_widget(c, matches, what);
		if (found != NULL)
			return found;
	}
	return NULL;
}

static gboolean
td_is_type(GtkWidget *widget, gconstpointer type)
{
	return G_TYPE_CHECK_INSTANCE_TYPE(widget, GPOINTER_TO_SIZE(type));
}

static gboolean
td_has_class(GtkWidget *widget, gconstpointer css_class)
{
	return gtk_widget_has_css_class(widget, css_class);
}

/* The top bar shows the station's name at least as far as its first word
 * on every screen: before, 768 px in large text left "T…". */
static void
td_check_station_name(GString *problems)
{
	GtkWidget *station = td_find_widget(GTK_WIDGET(kiosk->window), td_has_class, "td-station");
	const gchar *name;
	g_autofree gchar *first_word = NULL;
	g_autoptr(PangoLayout) layout = NULL;
	gint word_width = 0;

	if (station == NULL || !GTK_IS_LABEL(station)) {
		g_string_append(problems, "no station name in the top bar\n");
		return;
	}
	name = gtk_label_get_text(GTK_LABEL(station));
	first_word = g_strndup(name, strcspn(name, " "));
	layout = gtk_widget_create_pango_layout(station, first_word);
	pango_layout_get_pixel_size(layout, &word_width, NULL);
	if (word_width > gtk_widget_get_width(station))
		g_string_append_printf(problems, "the station's name “%s” is cut in its first word (%d px of %d)\n",
				       name, gtk_widget_get_width(station), word_width);
}

static GtkWidget *
td_find_type(GtkWidget *root, GType type)
{
	return td_find_widget(root, td_is_type, GSIZE_TO_POINTER(type));
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
		for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
			if (g_str_equal(cases[i].name, moves[m].from))
				from = buttons[i];
			if (g_str_equal(cases[i].name, moves[m].to))
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

/* The page area: the last of the column (the bar, the strip, the pages). */
static GtkScrolledWindow *
td_page_scroller(void)
{
	GtkWidget *column = gtk_widget_get_first_child(gtk_window_get_child(GTK_WINDOW(kiosk->window)));
	return GTK_SCROLLED_WINDOW(gtk_widget_get_last_child(column));
}

/* How far down the window's controls may lie: the screen, or where the
 * page scrolls, the page's end (the window itself stays the screen's
 * size either way). */
static gint
td_reachable_height(const TdSize *size)
{
	GtkScrolledWindow *scroller = td_page_scroller();
	/* the stack, in the viewport the scroller put it in */
	GtkWidget *page = gtk_viewport_get_child(GTK_VIEWPORT(gtk_scrolled_window_get_child(scroller)));
	graphene_rect_t area, content;

	if (!size->scrolls || !td_ui_widget_rect(GTK_WIDGET(scroller), GTK_WIDGET(kiosk->window), &area) ||
	    !td_ui_widget_rect(page, GTK_WIDGET(kiosk->window), &content))
		return size->height;
	return MAX(size->height, (gint)ceilf(area.origin.y + content.size.height));
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
 * margin. */
static void
td_check_scroll_cue(TdUiShot *shot, GString *problems)
{
	GtkScrolledWindow *scroller = td_page_scroller();
	GtkWidget *bar = gtk_scrolled_window_get_vscrollbar(scroller);
	GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment(scroller);
	gdouble hidden = gtk_adjustment_get_upper(adjustment) - gtk_adjustment_get_page_size(adjustment);
	graphene_rect_t area;

	if (hidden < 1)
		return;
	if (td_kiosk_page_is_staff(td_kiosk_window_get_page(kiosk->window))) {
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

static void
td_render_size(const TdSize *size)
{
	g_autoptr(TdPatientView) view = td_patient_view_new();
	g_autoptr(GString) all = g_string_new(NULL);

	td_ui_test_kiosk_set_size(kiosk, size->width, size->height);
	for (guint mode = 0; mode < TD_N_MODES; mode++) {
		for (guint lang = 0; lang < 2; lang++) {
			GArray *buttons[G_N_ELEMENTS(cases)] = {NULL};
			g_autofree gchar *label = g_strdup_printf("%dx%d-%s-%s", size->width, size->height,
								  mode_names[mode], lang == 0 ? "vi" : "en");

			for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
				const TdPageCase *c = &cases[i];
				g_autofree gchar *name = g_strdup_printf("layout-%s-%s", label, c->name);
				g_autoptr(GString) problems = g_string_new(NULL);
				g_autoptr(TdUiShot) shot = NULL;
				g_autofree gchar *png = NULL;
				const gchar *expected = lang == 0 ? c->vi : c->en;
				guint n_controls;

				td_kiosk_window_reset(kiosk->window);
				td_i18n_set_language(lang == 0 ? TD_LANGUAGE_VI : TD_LANGUAGE_EN);
				td_kiosk_window_set_large_text(kiosk->window, mode == TD_MODE_LARGE);
				td_kiosk_window_set_high_contrast(kiosk->window, mode == TD_MODE_CONTRAST);
				td_show_case(c, view);
				shot = td_ui_shot_new(GTK_WIDGET(kiosk->window));
				png = td_ui_shot_save(shot, name);
				if (!td_ui_test_find_label(GTK_WIDGET(kiosk->window), expected))
					g_string_append_printf(problems, "no label showing “%s”\n", expected);
				n_controls = td_ui_check_layout(GTK_WIDGET(kiosk->window), GTK_WIDGET(kiosk->window),
								size->width, td_reachable_height(size),
								TD_UI_TOUCH_TARGET_PX, shot, problems);
				if (size->scrolls && gtk_widget_get_height(GTK_WIDGET(kiosk->window)) > size->height)
					g_string_append_printf(problems, "the window grew to %d px, the screen is %d\n",
							       gtk_widget_get_height(GTK_WIDGET(kiosk->window)),
							       size->height);
				if (n_controls == 0)
					g_string_append(problems, "no control on the page\n");
				td_check_scroll_cue(shot, problems);
				td_check_toggles(mode, problems);
				td_check_station_name(problems);
				if (c->kind == TD_CASE_DASHBOARD) {
					/* the chart's own colours, not the page's
					 * shade over its foot */
					graphene_rect_t unshaded;
					g_assert_true(td_ui_widget_rect(GTK_WIDGET(td_page_scroller()),
									GTK_WIDGET(kiosk->window), &unshaded));
					unshaded.size.height -= TD_UNDERSHOOT_PX;
					td_ui_check_fill_contrast(GTK_WIDGET(kiosk->window),
								  td_find_type(GTK_WIDGET(kiosk->window),
									       TD_TYPE_DAY_CHART),
								  &unshaded, shot, TD_CHART_MIN_FILL_PX, problems);
				}
				buttons[i] = td_page_buttons();
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
			for (guint i = 0; i < G_N_ELEMENTS(cases); i++)
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

/* The queue number's height on the ticket page with the window that
 * size, as GTK lays it out. */
static gint
td_queue_number_height(gint width, gint height)
{
	g_autoptr(TdPatientView) view = td_patient_view_new();
	GtkWidget *number;
	gint natural = 0;

	td_ui_test_kiosk_set_size(kiosk, width, height);
	td_i18n_set_language(TD_LANGUAGE_VI);
	td_show_case(td_case_named("ticket"), view);
	td_ui_test_wait(100);
	number = td_find_widget(GTK_WIDGET(kiosk->window), td_has_class, "td-queue-number");
	g_assert_nonnull(number);
	gtk_widget_measure(number, GTK_ORIENTATION_VERTICAL, -1, NULL, &natural, NULL, NULL);
	return natural;
}

/* A larger screen shows larger type (td-screen-scale.c), as far as every
 * page still fits (the sizes above check that with the type scaled): the
 * queue number on a 1920 × 1080 kiosk is a third taller than on
 * 1024 × 768, on 1366 × 768 the same (its height holds it back); on a
 * portrait 1080 × 1920 kiosk the patient's pages grow a third, the bar on
 * top stays (its width holds it back). */
static void
test_type_grows_with_the_screen(void)
{
	static const struct {
		gint width, height;
		guint window_dpi, patient_page_dpi;
	} steps[] = {
	    {1024, 768, 96, 96},   {1366, 768, 96, 96},	   {1280, 1024, 112, 112}, {1920, 1080, 128, 128},
	    {2560, 1440, 144, 144}, {3840, 2160, 144, 144}, {1080, 1920, 96, 128},	   {768, 1024, 96, 96},
	};
	gint base;

	for (guint i = 0; i < G_N_ELEMENTS(steps); i++) {
		TdScreenScale scale = td_screen_scale_for(steps[i].width, steps[i].height);
		g_assert_cmpuint(scale.window_dpi, ==, steps[i].window_dpi);
		g_assert_cmpuint(scale.patient_page_dpi, ==, steps[i].patient_page_dpi);
	}

	base = td_queue_number_height(1024, 768);
	g_assert_cmpint(base, >, 0);
	g_assert_cmpint(td_queue_number_height(1366, 768), ==, base);
	g_assert_cmpint(td_queue_number_height(1920, 1080) * 100, >=, base * 125);
	g_assert_cmpint(td_queue_number_height(1080, 1920) * 100, >=, base * 125);
	td_kiosk_window_reset(kiosk->window);
}

/* A patient page's two halves, as the layout test finds them: the first
 * (above on a portrait screen, on the left on a landscape one) and the
 * second, each the first mapped widget with that CSS class. */
typedef struct {
	const gchar *page;  /* a case of cases[] */
	const gchar *first;
	const gchar *second;
} TdPageHalves;

static const TdPageHalves page_halves[] = {
    /* the number, then the first sentence: the insurance, in green */
    {"ticket", "td-queue-number", "td-good"},
    {"idle", "td-illustration", "td-body"},
    {"awaiting-card", "td-illustration", "td-body"},
    /* the words, then the number pad */
    {"key", "td-status", "td-number-pad"},
};

/* The smallest pad key of a 1080x1920 totem (page type a third larger):
 * its keys grow with it (kiosk.css). */
#define TD_TOTEM_PAD_KEY_MIN_HEIGHT 85

/* A portrait screen puts a patient page's halves one above the other
 * even where they would fit side by side (on a 1080x1920 totem the words
 * beside the pad left most of the screen empty); a landscape one, side by
 * side; and the totem's number pad is larger than 1024x768's. */
static void
test_portrait_pages_stack(void)
{
	static const TdSize shapes[] = {{1080, 1920, FALSE, TRUE}, {768, 1024, TRUE, TRUE}, {1024, 768, FALSE, TRUE}};

	for (guint i = 0; i < G_N_ELEMENTS(shapes); i++) {
		gboolean portrait = shapes[i].height > shapes[i].width;

		td_ui_test_kiosk_set_size(kiosk, shapes[i].width, shapes[i].height);
		for (guint h = 0; h < G_N_ELEMENTS(page_halves); h++) {
			g_autoptr(TdPatientView) view = td_patient_view_new();
			const TdPageHalves *halves = &page_halves[h];
			GtkWidget *first, *second;
			graphene_rect_t a, b;

			td_kiosk_window_reset(kiosk->window);
			td_i18n_set_language(TD_LANGUAGE_VI);
			td_show_case(td_case_named(halves->page), view);
			td_ui_test_wait(100);
			first = td_find_widget(GTK_WIDGET(kiosk->window), td_has_class, halves->first);
			second = td_find_widget(GTK_WIDGET(kiosk->window), td_has_class, halves->second);
			g_assert_nonnull(first);
			g_assert_nonnull(second);
			g_assert_true(td_ui_widget_rect(first, GTK_WIDGET(kiosk->window), &a));
			g_assert_true(td_ui_widget_rect(second, GTK_WIDGET(kiosk->window), &b));
			g_test_message("%dx%d %s: %s at %.0f,%.0f, %s at %.0f,%.0f", shapes[i].width, shapes[i].height,
				       halves->page, halves->first, a.origin.x, a.origin.y, halves->second, b.origin.x,
				       b.origin.y);
			if (portrait)
				g_assert_cmpfloat(a.origin.y + a.size.height, <=, b.origin.y + 0.5f);
			else
				g_assert_cmpfloat(a.origin.x + a.size.width, <=, b.origin.x + 0.5f);
			if (g_str_equal(halves->page, "key") && shapes[i].height == 1920) {
				GtkWidget *key = td_find_widget(GTK_WIDGET(kiosk->window), td_has_class, "td-pad-key");
				g_assert_cmpint(gtk_widget_get_height(key), >=, TD_TOTEM_PAD_KEY_MIN_HEIGHT);
			}
		}
	}
	td_kiosk_window_reset(kiosk->window);
}

/* The VNeID steps page puts the guide's QR code under the steps where the
 * screen has the height for it (a 1080x1920 totem, whose lower half it
 * left empty), and beside them where stacking would make the page scroll
 * and hide the code's caption (768x1024 in large text). */
static void
test_vneid_code_under_steps_where_room(void)
{
	static const struct {
		TdSize size;
		gboolean large;
		gboolean under;
	} shapes[] = {
	    {{1080, 1920, FALSE, TRUE}, FALSE, TRUE},
	    {{1080, 1920, FALSE, TRUE}, TRUE, TRUE},
	    {{768, 1024, TRUE, TRUE}, TRUE, FALSE},
	    {{1024, 768, FALSE, TRUE}, FALSE, FALSE},
	};

	for (guint i = 0; i < G_N_ELEMENTS(shapes); i++) {
		g_autoptr(TdPatientView) view = td_patient_view_new();
		GtkWidget *step, *steps, *code, *caption;
		graphene_rect_t s, c, cap;
		gint window_height;

		td_ui_test_kiosk_set_size(kiosk, shapes[i].size.width, shapes[i].size.height);
		td_kiosk_window_reset(kiosk->window);
		td_kiosk_window_set_large_text(kiosk->window, shapes[i].large);
		td_i18n_set_language(TD_LANGUAGE_EN);
		td_show_case(td_case_named("vneid-steps"), view);
		td_ui_test_wait(100);
		step = td_find_widget(GTK_WIDGET(kiosk->window), td_has_class, "td-step-text");
		code = td_find_widget(GTK_WIDGET(kiosk->window), td_has_class, "td-guide-code");
		g_assert_nonnull(step);
		g_assert_nonnull(code);
		/* the steps' list: each step is a row of number, icon, text */
		steps = gtk_widget_get_parent(gtk_widget_get_parent(step));
		caption = gtk_widget_get_next_sibling(code);
		g_assert_true(td_ui_widget_rect(steps, GTK_WIDGET(kiosk->window), &s));
		g_assert_true(td_ui_widget_rect(code, GTK_WIDGET(kiosk->window), &c));
		g_assert_true(td_ui_widget_rect(caption, GTK_WIDGET(kiosk->window), &cap));
		g_test_message("%dx%d%s: steps at %.0f,%.0f %.0fx%.0f, code at %.0f,%.0f %.0fx%.0f", shapes[i].size.width,
			       shapes[i].size.height, shapes[i].large ? " large" : "", s.origin.x, s.origin.y, s.size.width,
			       s.size.height, c.origin.x, c.origin.y, c.size.width, c.size.height);
		if (shapes[i].under) {
			/* below the last step, and within the steps' width */
			g_assert_cmpfloat(c.origin.y, >=, s.origin.y + s.size.height);
			g_assert_cmpfloat(c.origin.x, <, s.origin.x + s.size.width);
		} else {
			/* right of the steps, and level with them */
			g_assert_cmpfloat(c.origin.x, >=, s.origin.x + s.size.width);
			g_assert_cmpfloat(c.origin.y, <, s.origin.y + s.size.height);
			g_assert_cmpfloat(c.origin.y + c.size.height, >, s.origin.y);
		}
		/* the code is its texture's size, not a square as wide as its
		 * column; its caption is on the screen, not scrolled off it */
		g_assert_cmpfloat(c.size.width, ==, c.size.height);
		g_assert_cmpfloat(c.size.width, <, shapes[i].size.width / 2.0f);
		window_height = gtk_widget_get_height(GTK_WIDGET(kiosk->window));
		g_assert_cmpfloat(cap.origin.y + cap.size.height, <=, window_height);
	}
	td_kiosk_window_set_large_text(kiosk->window, FALSE);
	td_kiosk_window_reset(kiosk->window);
}

/* A station's name whose first word is long and in capitals is never
 * split inside that word, on the narrowest bar (768 px, large text,
 * English, the training banner) and the smallest screen. */
static void
test_station_name_first_word(void)
{
	static const gchar *const names[] = {"TRUNG TÂM Y TẾ HUYỆN ĐÔNG ANH", "Trạm Y tế xã Phù Đổng"};
	static const struct {
		TdSize size;
		gboolean large;
	} shapes[] = {{{768, 1024, TRUE, TRUE}, TRUE}, {{800, 480, TRUE, FALSE}, FALSE}};

	for (guint i = 0; i < G_N_ELEMENTS(shapes); i++) {
		for (guint n = 0; n < G_N_ELEMENTS(names); n++) {
			g_autoptr(GString) problems = g_string_new(NULL);
			g_autoptr(TdUiShot) shot = NULL;
			g_autofree gchar *png = NULL;
			g_autofree gchar *name =
			    g_strdup_printf("layout-station-name-%dx%d-%u", shapes[i].size.width, shapes[i].size.height, n);
			GtkWidget *station;
			g_autofree gchar *kept = NULL;

			td_ui_test_kiosk_set_size(kiosk, shapes[i].size.width, shapes[i].size.height);
			td_kiosk_window_reset(kiosk->window);
			td_i18n_set_language(TD_LANGUAGE_EN);
			td_kiosk_window_set_large_text(kiosk->window, shapes[i].large);
			station = td_find_widget(GTK_WIDGET(kiosk->window), td_has_class, "td-station");
			g_assert_nonnull(station);
			kept = g_strdup(gtk_label_get_text(GTK_LABEL(station)));
			gtk_label_set_text(GTK_LABEL(station), names[n]);
			td_ui_test_wait(100);
			shot = td_ui_shot_new(GTK_WIDGET(kiosk->window));
			png = td_ui_shot_save(shot, name);
			td_check_station_name(problems);
			td_ui_check_layout(GTK_WIDGET(kiosk->window), GTK_WIDGET(kiosk->window), shapes[i].size.width,
					   td_reachable_height(&shapes[i].size), TD_UI_TOUCH_TARGET_PX, shot, problems);
			gtk_label_set_text(GTK_LABEL(station), kept);
			if (problems->len > 0)
				g_error("%s:\n%s", name, problems->str);
		}
	}
	td_kiosk_window_set_large_text(kiosk->window, FALSE);
	td_kiosk_window_reset(kiosk->window);
}

/* Something for the staff screens to show: a case with long words, and a
 * month of check-ins for the chart. */
static void
td_make_staff_data(void)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *today = td_report_today();
	g_autoptr(TdCheckinRecord) record = td_checkin_record_new();
	g_autoptr(TdCheckinException) exception = td_checkin_exception_new();

	g_strlcpy(record->day, today, sizeof(record->day));
	record->card_verdict = TD_CARD_VERDICT_GENUINE;
	record->eligibility = TD_ELIGIBILITY_UNAVAILABLE;
	record->outcome = TD_OUTCOME_PENDING_ELIGIBILITY;
	record->vneid = TD_VNEID_INTEGRATED;
	record->see_staff_reason = g_strdup("gateway-certificate-untrusted");
	exception->id_number = g_strdup("001088000001");
	exception->full_name = g_strdup("Tôn Nữ Thị Phương Thảo Nguyên");
	exception->date_of_birth = g_strdup("1988-03-15");
	exception->reason = g_strdup("gateway-certificate-untrusted");
	exception->detail = g_strdup("Chứng chỉ của cổng BHXH không được tin cậy: xin kiểm tra mạng. The gateway's "
				     "certificate failed verification");
	g_assert_true(td_store_record_checkin(kiosk->context->store, record, exception, &error));
	g_assert_no_error(error);
	for (guint i = 0; i < 5; i++) {
		g_autoptr(TdCheckinRecord) more = td_checkin_record_new();
		g_strlcpy(more->day, today, sizeof(more->day));
		more->card_verdict = TD_CARD_VERDICT_GENUINE;
		more->eligibility = TD_ELIGIBILITY_ELIGIBLE;
		more->vneid = i % 2 == 0 ? TD_VNEID_INTEGRATED : TD_VNEID_NOT_YET;
		g_assert_true(td_store_record_checkin(kiosk->context->store, more, NULL, &error));
		g_assert_no_error(error);
	}
}

int
main(int argc, char **argv)
{
	int status;
	/* TD_LAYOUT_PART=1 or 2: one of two halves run side by side (every
	 * other screen size each; the single checks with the first); unset:
	 * everything */
	const gchar *part = g_getenv("TD_LAYOUT_PART");
	guint n_parts = part != NULL ? 2 : 1;
	guint this_part = part != NULL ? (guint)g_ascii_strtoull(part, NULL, 10) - 1 : 0;

	g_assert_cmpuint(this_part, <, n_parts);
	td_ui_test_init(&argc, &argv);
	kiosk = td_ui_test_kiosk_new();
	td_make_staff_data();
	for (guint i = 0; i < G_N_ELEMENTS(sizes); i++) {
		g_autofree gchar *path = g_strdup_printf("/ui/layout/%dx%d", sizes[i].width, sizes[i].height);
		if (i % n_parts == this_part)
			g_test_add_data_func(path, &sizes[i], test_size);
	}
	if (this_part == 0) {
		g_test_add_func("/ui/layout/type-grows-with-the-screen", test_type_grows_with_the_screen);
		g_test_add_func("/ui/layout/portrait-pages-stack", test_portrait_pages_stack);
		g_test_add_func("/ui/layout/vneid-code-under-steps-where-room", test_vneid_code_under_steps_where_room);
		g_test_add_func("/ui/layout/station-name-first-word", test_station_name_first_word);
	}
	status = g_test_run();
	td_ui_test_kiosk_free(kiosk);
	return status;
}
