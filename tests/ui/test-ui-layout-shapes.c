/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the kiosk's layout does on one shape or two, beside the matrix of
 * every page at every size (test-ui-layout.c): type that grows with the
 * screen, a page's halves one above the other on a portrait screen, the
 * station's name never split inside its first word, the bars kept low
 * on a short screen and the bar on two rows on a narrow one, the first
 * page's button in sight on a 7" panel, and the pad's keys where the
 * demo kiosk's test taps them. The VNeID page's shapes are
 * test-ui-layout-vneid.c. */
#include "config.h"

#include "td-bar-layout.h"
#include "td-i18n.h"
#include "td-pin-page.h"
#include "td-screen-scale.h"
#include "td-ui-test-kiosk.h"
#include "td-ui-test-layout.h"
#include "td-ui-test-page-cases.h"
#include "td-ui-test-util.h"
#include "td-ui-util.h"

static TdUiTestKiosk *kiosk;

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
	td_ui_test_page_case_show(kiosk, td_ui_test_page_case_named("ticket"), view);
	td_ui_test_wait_painted(GTK_WIDGET(kiosk->window));
	number = td_ui_test_find_mapped_class(GTK_WIDGET(kiosk->window), "td-queue-number");
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
	static const TdUiTestSize shapes[] = {{1080, 1920, FALSE, TRUE}, {768, 1024, TRUE, TRUE}, {1024, 768, FALSE, TRUE}};

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
			td_ui_test_page_case_show(kiosk, td_ui_test_page_case_named(halves->page), view);
			td_ui_test_wait_painted(GTK_WIDGET(kiosk->window));
			first = td_ui_test_find_mapped_class(GTK_WIDGET(kiosk->window), halves->first);
			second = td_ui_test_find_mapped_class(GTK_WIDGET(kiosk->window), halves->second);
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
				GtkWidget *key = td_ui_test_find_mapped_class(GTK_WIDGET(kiosk->window), "td-pad-key");
				g_assert_cmpint(gtk_widget_get_height(key), >=, TD_TOTEM_PAD_KEY_MIN_HEIGHT);
			}
		}
	}
	td_kiosk_window_reset(kiosk->window);
}

/* A short screen keeps the bars low (td-screen-scale.h): on a 10"
 * 1024 x 600 panel the number pad of the ID pages is whole on the screen,
 * down to its OK, without scrolling (before: its last rows below the
 * fold), and on a portrait 600 x 800 panel, where the narrow bars take
 * two rows, too (its OK beside the digits; before: the 0 and OK keys
 * below the fold, a screen the matrix does not list); on a 7" 800 x 480 one the bar and the strip leave the page at
 * least 70 % of the height (before: 312 of 480 px). Their buttons keep
 * the 60 px the matrix checks. */
#define TD_SHORT_BARS_MAX_PX 130

static void
test_short_screen_bars_low(void)
{
	static const struct {
		gint width, height;
		gboolean short_screen;
	} screens[] = {
	    {800, 480, TRUE},	{1024, 600, TRUE},  {800, 600, TRUE},  {1280, 720, FALSE},
	    {1024, 768, FALSE}, {768, 1024, FALSE}, {600, 800, TRUE}, {600, 1024, FALSE},
	};
	static const struct {
		gint width, height;
	} pad_screens[] = {{1024, 600}, {600, 800}};
	static const TdLanguage languages[] = {TD_LANGUAGE_VI, TD_LANGUAGE_EN};

	for (guint i = 0; i < G_N_ELEMENTS(screens); i++)
		g_assert_cmpint(td_screen_scale_for(screens[i].width, screens[i].height).short_screen, ==,
				screens[i].short_screen);

	for (guint large = 0; large <= 1; large++) {
		for (guint l = 0; l < G_N_ELEMENTS(languages); l++) {
			g_autoptr(TdPatientView) view = td_patient_view_new();
			GtkScrolledWindow *scroller;
			GtkWidget *pad;
			graphene_rect_t page, p;

			for (guint s = 0; s < G_N_ELEMENTS(pad_screens); s++) {
				td_ui_test_kiosk_set_size(kiosk, pad_screens[s].width, pad_screens[s].height);
				td_kiosk_window_reset(kiosk->window);
				td_kiosk_window_set_large_text(kiosk->window, large);
				td_i18n_set_language(languages[l]);
				td_ui_test_page_case_show(kiosk, td_ui_test_page_case_named("key"), view);
				td_ui_test_wait_painted(GTK_WIDGET(kiosk->window));
				scroller = td_ui_test_page_scroller(kiosk);
				pad = td_ui_test_find_mapped_class(GTK_WIDGET(kiosk->window), "td-number-pad");
				g_assert_nonnull(pad);
				g_assert_true(td_ui_widget_rect(GTK_WIDGET(scroller), GTK_WIDGET(kiosk->window), &page));
				g_assert_true(td_ui_widget_rect(pad, GTK_WIDGET(kiosk->window), &p));
				g_test_message("%dx%d%s %s: page from %.0f to %.0f, pad from %.0f to %.0f",
					       pad_screens[s].width, pad_screens[s].height, large ? " large" : "",
					       td_i18n_language_code(languages[l]), page.origin.y,
					       page.origin.y + page.size.height, p.origin.y, p.origin.y + p.size.height);
				g_assert_cmpfloat(gtk_adjustment_get_value(gtk_scrolled_window_get_vadjustment(scroller)), ==,
						  0);
				g_assert_cmpfloat(p.origin.y, >=, page.origin.y);
				g_assert_cmpfloat(p.origin.y + p.size.height, <=, page.origin.y + page.size.height);
			}

			/* a new window (td_ui_test_kiosk_set_size) */
			td_ui_test_kiosk_set_size(kiosk, 800, 480);
			td_kiosk_window_set_large_text(kiosk->window, large);
			td_ui_test_page_case_show(kiosk, td_ui_test_page_case_named("idle"), view);
			td_ui_test_wait_painted(GTK_WIDGET(kiosk->window));
			scroller = td_ui_test_page_scroller(kiosk);
			g_assert_true(td_ui_widget_rect(GTK_WIDGET(scroller), GTK_WIDGET(kiosk->window), &page));
			g_test_message("800x480%s %s: the bars take %.0f px", large ? " large" : "",
				       td_i18n_language_code(languages[l]), page.origin.y);
			g_assert_cmpfloat(page.size.height * 100, >=, 480 * 70);
			/* each bar one row of 60 px buttons and its edges (66
			 * and 61 px): the row as low as its width allows
			 * (td-bar-layout.c). Before, 140 px: GtkBoxLayout
			 * measured a toggle's words on more lines than it laid
			 * out. A row any taller than its buttons fails. */
			g_assert_cmpfloat(page.origin.y, <=, TD_SHORT_BARS_MAX_PX);
		}
	}
	td_ui_test_kiosk_restore(kiosk);
}

/* On the 7" 800 x 480 panel the first page's other way in, "Nhập số căn
 * cước" (for a card the reader cannot open), is whole on the screen
 * without scrolling, in every mode and both languages: before, in large
 * text, the sentence beside the card's picture took four lines and the
 * button lay half under the fold. The hint under it may scroll. So also
 * after a scan the kiosk could not read, when the sentence is the QR
 * hint and the button is the way left. */
static void
test_low_screen_idle_key_button_in_sight(void)
{
	static const TdLanguage languages[] = {TD_LANGUAGE_VI, TD_LANGUAGE_EN};

	for (guint mode = 0; mode < 8; mode++) {
		gboolean large = mode & 1, contrast = (mode >> 1) & 1, unreadable = mode >> 2;

		for (guint l = 0; l < G_N_ELEMENTS(languages); l++) {
			g_autoptr(TdPatientView) view = td_patient_view_new();
			GtkScrolledWindow *scroller;
			GtkWidget *button;
			graphene_rect_t page, b;

			td_ui_test_kiosk_show_low_screen(kiosk, mode, languages[l], "idle", view);
			/* a code the scanner typed that is no card's */
			if (unreadable) {
				td_kiosk_window_scan(kiosk->window, "https://example.com/menu");
				g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window),
								    l == 0 ? "Máy chưa đọc được mã vừa quét"
									   : "The kiosk could not read that code"));
			}
			td_ui_test_wait_painted(GTK_WIDGET(kiosk->window));
			scroller = td_ui_test_page_scroller(kiosk);
			button = td_ui_test_find_button(GTK_WIDGET(kiosk->window),
							l == 0 ? "Nhập số căn cước" : "Type my ID number");
			g_assert_nonnull(button);
			g_assert_true(td_ui_widget_rect(GTK_WIDGET(scroller), GTK_WIDGET(kiosk->window), &page));
			g_assert_true(td_ui_widget_rect(button, GTK_WIDGET(kiosk->window), &b));
			g_test_message("800x480%s%s%s %s: the page from %.0f to %.0f, the button from %.0f to %.0f",
				       large ? " large" : "", contrast ? " dark" : "", unreadable ? " unreadable scan" : "",
				       td_i18n_language_code(languages[l]),
				       page.origin.y, page.origin.y + page.size.height, b.origin.y,
				       b.origin.y + b.size.height);
			g_assert_cmpfloat(gtk_adjustment_get_value(gtk_scrolled_window_get_vadjustment(scroller)), ==, 0);
			g_assert_cmpfloat(b.origin.y, >=, page.origin.y);
			g_assert_cmpfloat(b.origin.y + b.size.height, <=, page.origin.y + page.size.height);
			if (unreadable && large) {
				g_autofree gchar *name = g_strdup_printf("low-screen-scan-unreadable%s-%s",
									 contrast ? "-dark" : "",
									 td_i18n_language_code(languages[l]));
				g_free(td_ui_test_save_png(GTK_WIDGET(kiosk->window), name));
			}
			td_kiosk_window_set_high_contrast(kiosk->window, FALSE);
		}
	}
	td_ui_test_kiosk_restore(kiosk);
}

/* The staff's PIN page on a 7" 800 x 480 screen in large text, with
 * names to choose from and a message: the words and the names scroll in
 * their box beside the pad, which stays whole, the page still. (ui-layout
 * checks the page with the one account the kiosk's tests have.) */
static void
test_low_screen_pin_names(void)
{
	static const gchar *const names[] = {"Nguyễn Thị Lan", "Trần Văn Minh", "Lê Thị Hồng", "Phạm Văn Đức"};
	g_autoptr(TdPatientView) view = td_patient_view_new();
	TdPinPage *pin;
	TdStore *store = kiosk->context->store;
	GtkAdjustment *page;
	GtkWidget *pad;
	graphene_rect_t r;

	for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
		g_autoptr(GError) error = NULL;
		g_assert_true(td_store_add_staff(store, names[i], "not-a-pin-hash", NULL, &error));
		g_assert_no_error(error);
	}
	td_ui_test_kiosk_set_shape(kiosk, 800, 480, TRUE);
	pin = TD_PIN_PAGE(td_kiosk_window_get_pin_page(kiosk->window));
	td_ui_test_page_case_show(kiosk, td_ui_test_page_case_named("pin"), view);
	for (guint i = 0; i < 100 && td_pin_page_get_n_accounts(pin) < G_N_ELEMENTS(names); i++)
		td_ui_test_wait(20);
	g_assert_cmpuint(td_pin_page_get_n_accounts(pin), >=, G_N_ELEMENTS(names));
	/* no name chosen yet: the page says so */
	td_pin_page_enter(pin, "123456");
	td_ui_test_wait_painted(GTK_WIDGET(kiosk->window));
	g_assert_nonnull(td_pin_page_get_message(pin));
	{
		g_autoptr(TdUiShot) shot = td_ui_shot_new(GTK_WIDGET(kiosk->window));
		g_autofree gchar *png = td_ui_shot_save(shot, "layout-800x480-large-vi-pin-names");
		g_test_message("saved %s", png);
	}

	page = gtk_scrolled_window_get_vadjustment(td_ui_test_page_scroller(kiosk));
	g_test_message("page: %.0f of %.0f px", gtk_adjustment_get_page_size(page), gtk_adjustment_get_upper(page));
	g_assert_cmpfloat(gtk_adjustment_get_upper(page) - gtk_adjustment_get_page_size(page), <, 1);
	pad = td_ui_test_find_mapped_class(GTK_WIDGET(kiosk->window), "td-number-pad");
	g_assert_nonnull(pad);
	g_assert_true(td_ui_widget_rect(pad, GTK_WIDGET(kiosk->window), &r));
	g_test_message("pad: %.0f to %.0f px", r.origin.y, r.origin.y + r.size.height);
	g_assert_cmpfloat(r.origin.y + r.size.height, <=, 480);
	/* and what the PIN led to is in sight, over the title and the
	 * names that scroll */
	{
		GtkWidget *words = td_ui_test_find_mapped_class(GTK_WIDGET(pin), TD_UI_PINNED_SCROLLER_CLASS);
		GtkWidget *message = td_ui_test_find_mapped_class(GTK_WIDGET(pin), "td-warn");
		graphene_rect_t box, m;
		g_assert_nonnull(words);
		g_assert_nonnull(message);
		g_assert_cmpstr(gtk_label_get_text(GTK_LABEL(message)), ==, td_pin_page_get_message(pin));
		g_assert_true(td_ui_widget_rect(words, GTK_WIDGET(kiosk->window), &box));
		g_assert_true(td_ui_widget_rect(message, GTK_WIDGET(kiosk->window), &m));
		g_assert_cmpfloat(m.origin.y, >=, box.origin.y);
		g_assert_cmpfloat(m.origin.y + m.size.height, <=, box.origin.y + box.size.height);
	}

	for (guint i = 0; i < G_N_ELEMENTS(names); i++)
		g_assert_true(td_store_set_staff_active(store, names[i], FALSE, NULL));
	td_ui_test_kiosk_restore(kiosk);
}

/* The bar over the pages takes two rows where one does not fit (a
 * portrait 600 × 1024 panel: its row needs 641 px; the matrix of sizes
 * checks that every page then fits the width), and one where it does. */
static void
test_narrow_portrait_bar(void)
{
	static const struct {
		gint width, height;
		gboolean large;
		gboolean two_rows;
	} shapes[] = {
	    {600, 1024, FALSE, TRUE}, {600, 1024, TRUE, TRUE}, {768, 1024, TRUE, FALSE}, {1024, 768, FALSE, FALSE},
	};

	for (guint i = 0; i < G_N_ELEMENTS(shapes); i++) {
		g_autoptr(TdPatientView) view = td_patient_view_new();
		GtkWidget *bar;

		td_ui_test_kiosk_set_shape(kiosk, shapes[i].width, shapes[i].height, shapes[i].large);
		td_i18n_set_language(TD_LANGUAGE_EN);
		td_ui_test_page_case_show(kiosk, td_ui_test_page_case_named("idle"), view);
		td_ui_test_wait_painted(GTK_WIDGET(kiosk->window));
		bar = td_ui_test_find_mapped_class(GTK_WIDGET(kiosk->window), "td-topbar");
		g_assert_nonnull(bar);
		g_assert_cmpint(gtk_widget_get_width(GTK_WIDGET(kiosk->window)), ==, shapes[i].width);
		g_assert_cmpint(td_bar_layout_is_two_rows(TD_BAR_LAYOUT(gtk_widget_get_layout_manager(bar))), ==,
				shapes[i].two_rows);
	}
	td_ui_test_kiosk_restore(kiosk);
}

/* The staff nav's words take two lines at the most from 1280 px wide
 * (three at 1024), and a word's syllables are never split between them
 * (they were: "Trường hợp cần xử / lý" even at 1920 px); the button of
 * the page shown is filled. */
static void
test_staff_nav_words_whole(void)
{
	static const struct {
		gint width, height;
		gboolean large;
	} shapes[] = {{1920, 1080, FALSE}, {1920, 1080, TRUE}, {1366, 768, FALSE}, {1280, 800, TRUE}, {1024, 768, FALSE}};

	for (guint i = 0; i < G_N_ELEMENTS(shapes); i++) {
		GtkWidget *queue;
		GtkLabel *label;
		gint lines = 0;

		td_ui_test_kiosk_set_shape(kiosk, shapes[i].width, shapes[i].height, shapes[i].large);
		td_kiosk_window_show_page(kiosk->window, TD_KIOSK_PAGE_STAFF);
		td_ui_test_wait_staff(GTK_WIDGET(kiosk->window));
		td_ui_test_wait_painted(GTK_WIDGET(kiosk->window));
		queue = td_ui_test_find_button(GTK_WIDGET(kiosk->window), "Trường hợp cần xử lý");
		g_assert_nonnull(queue);
		g_assert_true(gtk_widget_has_css_class(queue, "td-current"));
		g_assert_false(gtk_widget_has_css_class(
		    td_ui_test_find_button(GTK_WIDGET(kiosk->window), "Máy đọc thẻ, máy in và cổng BHXH"), "td-current"));
		for (GtkWidget *button = gtk_widget_get_first_child(gtk_widget_get_parent(queue)); button != NULL;
		     button = gtk_widget_get_next_sibling(button)) {
			label = GTK_LABEL(td_ui_test_find_mapped_type(button, GTK_TYPE_LABEL));
			g_test_message("%dx%d%s: \"%s\" in %d lines", shapes[i].width, shapes[i].height,
				       shapes[i].large ? " large" : "", gtk_label_get_text(label),
				       pango_layout_get_line_count(gtk_label_get_layout(label)));
			lines = MAX(lines, pango_layout_get_line_count(gtk_label_get_layout(label)));
		}
		g_assert_cmpint(lines, <=, shapes[i].width >= 1280 ? 2 : 3);
		/* a word's syllables stay together: "xử lý" on the last
		 * line, never "lý" alone */
		label = GTK_LABEL(td_ui_test_find_mapped_type(queue, GTK_TYPE_LABEL));
		{
			PangoLayout *layout = gtk_label_get_layout(label);
			PangoLayoutLine *last = pango_layout_get_line_readonly(layout, pango_layout_get_line_count(layout) - 1);
			const gchar *last_text = pango_layout_get_text(layout) + last->start_index;
			g_assert_nonnull(strstr(last_text, "xử"));
		}
	}
	td_ui_test_kiosk_restore(kiosk);
}

/* A station's name whose first word is long and in capitals is never
 * split inside that word, on the narrowest bar (768 px, large text,
 * English, the training banner) and the smallest screen. */
static void
test_station_name_first_word(void)
{
	static const gchar *const names[] = {"TRUNG TÂM Y TẾ HUYỆN ĐÔNG ANH", "Trạm Y tế xã Phù Đổng"};
	static const struct {
		TdUiTestSize size;
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
			station = td_ui_test_find_mapped_class(GTK_WIDGET(kiosk->window), "td-station");
			g_assert_nonnull(station);
			kept = g_strdup(gtk_label_get_text(GTK_LABEL(station)));
			gtk_label_set_text(GTK_LABEL(station), names[n]);
			td_ui_test_wait_painted(GTK_WIDGET(kiosk->window));
			shot = td_ui_shot_new(GTK_WIDGET(kiosk->window));
			png = td_ui_shot_save(shot, name);
			td_ui_test_check_station_name(kiosk, problems);
			td_ui_check_layout(GTK_WIDGET(kiosk->window), GTK_WIDGET(kiosk->window), shapes[i].size.width,
					   td_ui_test_reachable_height(kiosk, &shapes[i].size), TD_UI_TOUCH_TARGET_PX, shot, problems);
			gtk_label_set_text(GTK_LABEL(station), kept);
			if (problems->len > 0)
				g_error("%s:\n%s", name, problems->str);
		}
	}
	td_ui_test_kiosk_restore(kiosk);
}

/* The points tests/ui/test-ui-demo-kiosk.sh taps on the real training
 * kiosk's number pad (demo-kiosk-pad-taps.txt: 1280x800, Vietnamese,
 * normal text) lie on the keys it means: a layout that moves them fails
 * here, naming the key, and not there as a check-in that never came. */
static void
test_demo_pad_taps(void)
{
	g_autoptr(TdPatientView) view = td_patient_view_new();
	g_autofree gchar *path = g_test_build_filename(G_TEST_DIST, "demo-kiosk-pad-taps.txt", NULL);
	g_autofree gchar *text = NULL;
	g_auto(GStrv) lines = NULL;
	g_autoptr(GError) error = NULL;
	guint n_taps = 0;

	g_assert_true(g_file_get_contents(path, &text, NULL, &error));
	g_assert_no_error(error);
	td_ui_test_kiosk_set_size(kiosk, 1280, 800);
	td_kiosk_window_reset(kiosk->window);
	td_ui_test_page_case_show(kiosk, td_ui_test_page_case_named("key"), view);
	td_ui_test_wait_painted(GTK_WIDGET(kiosk->window));
	lines = g_strsplit(text, "\n", -1);
	for (guint i = 0; lines[i] != NULL; i++) {
		g_auto(GStrv) fields = g_strsplit(lines[i], " ", 3);
		graphene_point_t tap;
		graphene_rect_t key;
		GtkWidget *button;

		if (lines[i][0] == '#' || g_strv_length(fields) != 3)
			continue;
		tap = GRAPHENE_POINT_INIT((float)g_ascii_strtod(fields[0], NULL), (float)g_ascii_strtod(fields[1], NULL));
		button = td_ui_test_find_button(GTK_WIDGET(kiosk->window), fields[2]);
		g_assert_nonnull(button);
		g_assert_true(td_ui_widget_rect(button, GTK_WIDGET(kiosk->window), &key));
		g_test_message("key %s at %.0f,%.0f %.0fx%.0f, tapped at %.0f,%.0f", fields[2], key.origin.x, key.origin.y,
			       key.size.width, key.size.height, tap.x, tap.y);
		if (!graphene_rect_contains_point(&key, &tap))
			g_error("demo-kiosk-pad-taps.txt: %.0f,%.0f is not on the key %s (%.0f,%.0f %.0fx%.0f)", tap.x, tap.y,
				fields[2], key.origin.x, key.origin.y, key.size.width, key.size.height);
		n_taps++;
	}
	g_assert_cmpuint(n_taps, ==, 11);
	td_ui_test_kiosk_restore(kiosk);
}

int
main(int argc, char **argv)
{
	td_ui_test_init(&argc, &argv);
	kiosk = td_ui_test_kiosk_new();
	g_test_add_func("/ui/layout/type-grows-with-the-screen", test_type_grows_with_the_screen);
	g_test_add_func("/ui/layout/portrait-pages-stack", test_portrait_pages_stack);
	g_test_add_func("/ui/layout/station-name-first-word", test_station_name_first_word);
	g_test_add_func("/ui/layout/short-screen-bars-low", test_short_screen_bars_low);
	g_test_add_func("/ui/layout/low-screen-idle-key-button-in-sight", test_low_screen_idle_key_button_in_sight);
	g_test_add_func("/ui/layout/narrow-portrait-bar", test_narrow_portrait_bar);
	g_test_add_func("/ui/layout/demo-pad-taps", test_demo_pad_taps);
	g_test_add_func("/ui/layout/staff-nav-words-whole", test_staff_nav_words_whole);
	g_test_add_func("/ui/layout/low-screen-pin-names", test_low_screen_pin_names);
	return td_ui_test_kiosk_run(kiosk);
}
