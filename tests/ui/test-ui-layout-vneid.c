/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The VNeID page on the shapes where it is hard to fit, beside the
 * matrix of every page at every size (test-ui-layout.c): the question
 * whole over its answers on a 7" panel and a 10" one, the guide's seven
 * steps read to their end where they do not fit (its button brings up
 * the next ones), its code under the steps where the height holds both,
 * and each patient reading from the start. */
#include "config.h"

#include "td-i18n.h"
#include "td-test-files.h"
#include "td-ui-test-kiosk.h"
#include "td-ui-test-layout.h"
#include "td-ui-test-page-cases.h"
#include "td-ui-test-util.h"
#include "td-ui-util.h"
#include "td-vneid-page.h"

static TdUiTestKiosk *kiosk;

/* The VNeID steps page puts the guide's QR code under the steps where the
 * screen has the height for it (a 1080x1920 totem, whose lower half it
 * left empty), and beside them where stacking would make the page scroll
 * and hide the code's caption (768x1024 in large text). */
static void
test_vneid_code_under_steps_where_room(void)
{
	static const struct {
		TdUiTestSize size;
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
		td_ui_test_page_case_show(kiosk, td_ui_test_page_case_named("vneid-steps"), view);
		td_ui_test_wait_painted(GTK_WIDGET(kiosk->window));
		step = td_ui_test_find_mapped_class(GTK_WIDGET(kiosk->window), "td-step-text");
		code = td_ui_test_find_mapped_class(GTK_WIDGET(kiosk->window), "td-guide-code");
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
		/* above the pinned "Xong": within the scroller's shown part,
		 * not the window's (the footer would cover it) */
		{
			graphene_rect_t shown;
			g_assert_true(td_ui_widget_rect(
			    td_ui_test_find_mapped_class(GTK_WIDGET(kiosk->window), TD_UI_PINNED_SCROLLER_CLASS),
			    GTK_WIDGET(kiosk->window), &shown));
			window_height = gtk_widget_get_height(GTK_WIDGET(kiosk->window));
			g_assert_cmpfloat(cap.origin.y + cap.size.height, <=, window_height);
			g_assert_cmpfloat(cap.origin.y + cap.size.height, <=, shown.origin.y + shown.size.height + 0.5f);
		}
		/* and a phone reads it off the screen: the window's pixels, read
		 * by an outside reader (ZBar), give the guide's address */
		{
			g_autofree gchar *name = g_strdup_printf("vneid-steps-code-%dx%d", shapes[i].size.width,
								 shapes[i].size.height);
			g_autofree gchar *png = td_ui_test_save_png(GTK_WIDGET(kiosk->window), name);
			g_autofree gchar *read = td_test_qr_read(png);
			g_assert_cmpstr(read, ==, td_kiosk_context_guide_url(kiosk->context));
		}
	}
	td_ui_test_kiosk_restore(kiosk);
}

/* On the 7" 800 x 480 panel the VNeID question is whole over its four
 * answers, in normal and large text, each language and the dark screen:
 * its words scroll in a box of their own, and before, the question's
 * third line ("…thoại chưa?") lay under that box's edge. */
static void
test_low_screen_vneid_question_whole(void)
{
	static const TdLanguage languages[] = {TD_LANGUAGE_VI, TD_LANGUAGE_EN};

	for (guint mode = 0; mode < 4; mode++) {
		gboolean large = mode & 1, contrast = mode >> 1;

		for (guint l = 0; l < G_N_ELEMENTS(languages); l++) {
			g_autoptr(TdPatientView) view = td_patient_view_new();
			GtkWidget *question;
			GtkWidget *box;
			graphene_rect_t q, b;

			td_ui_test_kiosk_show_low_screen(kiosk, mode, languages[l], "vneid", view);
			td_ui_test_wait_painted(GTK_WIDGET(kiosk->window));
			question = td_ui_test_find_mapped_class(GTK_WIDGET(kiosk->window), "td-vneid-question");
			g_assert_nonnull(question);
			box = gtk_widget_get_ancestor(question, GTK_TYPE_SCROLLED_WINDOW);
			g_assert_true(td_ui_widget_rect(question, GTK_WIDGET(kiosk->window), &q));
			g_assert_true(td_ui_widget_rect(box, GTK_WIDGET(kiosk->window), &b));
			g_test_message("800x480%s%s %s: the question from %.0f to %.0f, its box to %.0f",
				       large ? " large" : "", contrast ? " dark" : "", td_i18n_language_code(languages[l]),
				       q.origin.y, q.origin.y + q.size.height, b.origin.y + b.size.height);
			g_assert_cmpfloat(q.origin.y, >=, b.origin.y);
			g_assert_cmpfloat(q.origin.y + q.size.height, <=, b.origin.y + b.size.height);
			td_kiosk_window_set_high_contrast(kiosk->window, FALSE);
		}
	}
	td_ui_test_kiosk_restore(kiosk);
}

/* On a short screen the VNeID question's four answers are whole on the
 * screen without scrolling, in large text and dark screen, Vietnamese
 * and English (before: the last two below the fold on 1024 x 600 in
 * large text, "Tôi không dùng điện thoại thông minh" among them), and so
 * is the page for a patient without an account in Vietnamese; the
 * queue number then rides in the strip ("Bước 3/3 · Số thứ tự 17"), and
 * where the page has room (1024 x 768) over the question too. */
static void
test_short_screen_vneid_whole(void)
{
	static const TdLanguage languages[] = {TD_LANGUAGE_VI, TD_LANGUAGE_EN};

	for (guint contrast = 0; contrast <= 1; contrast++) {
		for (guint l = 0; l < G_N_ELEMENTS(languages); l++) {
			g_autoptr(TdPatientView) view = td_patient_view_new();
			GtkScrolledWindow *scroller;
			GtkWidget *step;
			GtkWidget *answer;
			graphene_rect_t page, a;
			guint answers = 0;

			td_ui_test_kiosk_set_shape(kiosk, 1024, 600, TRUE);
			td_kiosk_window_set_high_contrast(kiosk->window, contrast);
			td_i18n_set_language(languages[l]);
			td_ui_test_page_case_show(kiosk, td_ui_test_page_case_named("vneid"), view);
			td_ui_test_wait_painted(GTK_WIDGET(kiosk->window));
			scroller = td_ui_test_page_scroller(kiosk);
			g_assert_true(td_ui_widget_rect(GTK_WIDGET(scroller), GTK_WIDGET(kiosk->window), &page));
			g_assert_cmpfloat(gtk_adjustment_get_value(gtk_scrolled_window_get_vadjustment(scroller)), ==, 0);
			for (answer = td_ui_test_find_mapped_class(GTK_WIDGET(kiosk->window), "td-answer"); answer != NULL;
			     answer = gtk_widget_get_next_sibling(answer)) {
				g_assert_true(td_ui_widget_rect(answer, GTK_WIDGET(kiosk->window), &a));
				g_test_message("1024x600 large%s %s: page to %.0f, an answer from %.0f to %.0f",
					       contrast ? " dark" : "", td_i18n_language_code(languages[l]),
					       page.origin.y + page.size.height, a.origin.y, a.origin.y + a.size.height);
				g_assert_cmpfloat(a.origin.y, >=, page.origin.y);
				g_assert_cmpfloat(a.origin.y + a.size.height, <=, page.origin.y + page.size.height);
				answers++;
			}
			g_assert_cmpuint(answers, ==, 4);
			step = td_ui_test_find_mapped_class(GTK_WIDGET(kiosk->window), "td-step");
			g_assert_nonnull(step);
			g_assert_true(g_str_has_suffix(gtk_label_get_text(GTK_LABEL(step)), " 17"));

			/* the page for a patient without an account, in
			 * Vietnamese: whole, down to its "Xong" (before: 93 px
			 * below the fold, under a shield) */
			if (languages[l] == TD_LANGUAGE_VI) {
				GtkAdjustment *adjustment;
				td_ui_test_page_case_show(kiosk, td_ui_test_page_case_named("vneid-no-account"), view);
				td_ui_test_wait_painted(GTK_WIDGET(kiosk->window));
				/* its words scroll above the pinned "Xong" if
				 * anything does: that scroller must not */
				adjustment = gtk_scrolled_window_get_vadjustment(GTK_SCROLLED_WINDOW(
				    td_ui_test_find_mapped_class(GTK_WIDGET(kiosk->window), TD_UI_PINNED_SCROLLER_CLASS)));
				g_assert_cmpfloat(gtk_adjustment_get_upper(adjustment), <=,
						  gtk_adjustment_get_page_size(adjustment));
			}
			td_kiosk_window_set_high_contrast(kiosk->window, FALSE);
		}
	}

	/* room on the page: the number over the question, and in the strip
	 * ("Số thứ tự" alone there read as the number missing) */
	td_ui_test_kiosk_set_shape(kiosk, 1024, 768, TRUE);
	td_i18n_set_language(TD_LANGUAGE_VI);
	{
		g_autoptr(TdPatientView) view = td_patient_view_new();
		td_ui_test_page_case_show(kiosk, td_ui_test_page_case_named("vneid"), view);
		td_ui_test_wait_painted(GTK_WIDGET(kiosk->window));
		g_assert_cmpstr(gtk_label_get_text(GTK_LABEL(td_ui_test_find_mapped_class(GTK_WIDGET(kiosk->window),
											  "td-step"))),
				==, "Bước 3/3 · Số thứ tự 17");
		g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Số thứ tự của ông: 17"));
	}
	td_ui_test_kiosk_restore(kiosk);
}

/* A patient who scrolled the VNeID question and its words leaves them
 * so; the next patient reads them from their start (800 x 480, where they
 * scroll in their box over the answers). */
static void
test_vneid_words_from_start(void)
{
	g_autoptr(TdPatientView) view = td_patient_view_new();
	GtkAdjustment *words;

	td_ui_test_kiosk_set_shape(kiosk, 800, 480, TRUE);
	td_ui_test_page_case_show(kiosk, td_ui_test_page_case_named("vneid"), view);
	td_ui_test_wait_painted(GTK_WIDGET(kiosk->window));
	words = gtk_scrolled_window_get_vadjustment(
	    GTK_SCROLLED_WINDOW(td_ui_test_find_mapped_class(GTK_WIDGET(kiosk->window), TD_UI_PINNED_SCROLLER_CLASS)));
	g_assert_cmpfloat(gtk_adjustment_get_upper(words) - gtk_adjustment_get_page_size(words), >, 1);
	gtk_adjustment_set_value(words, gtk_adjustment_get_upper(words));
	g_assert_cmpfloat(gtk_adjustment_get_value(words), >, 1);

	/* the next patient */
	td_kiosk_window_reset(kiosk->window);
	td_kiosk_window_set_large_text(kiosk->window, TRUE);
	td_ui_test_page_case_show(kiosk, td_ui_test_page_case_named("vneid"), view);
	td_ui_test_wait_painted(GTK_WIDGET(kiosk->window));
	g_assert_cmpfloat(gtk_adjustment_get_value(words), ==, 0);
	td_ui_test_kiosk_restore(kiosk);
}

/* Whether widget lies whole within the shown part of the scroller. */
static gboolean
td_shown_whole(GtkWidget *widget, GtkWidget *scroller)
{
	graphene_rect_t w, shown;

	g_assert_true(td_ui_widget_rect(widget, GTK_WIDGET(kiosk->window), &w));
	g_assert_true(td_ui_widget_rect(scroller, GTK_WIDGET(kiosk->window), &shown));
	return w.origin.y >= shown.origin.y - 0.5f && w.origin.y + w.size.height <= shown.origin.y + shown.size.height + 0.5f;
}

/* The footer says what its press does: "Xong" once the steps' end is in
 * sight (switched after the layout that moved them) */
static gboolean
td_steps_footer_settled(gpointer data)
{
	TdVneidPage *page = data;
	const gchar *wanted = td_vneid_page_steps_all_seen(page) ? td_patient_view_finish_text()
							       : g_dgettext(GETTEXT_PACKAGE, "Show more below");

	return td_ui_test_find_button(GTK_WIDGET(kiosk->window), wanted) != NULL;
}

static void
td_count_cb(guint *count)
{
	(*count)++;
}

/* The guide's seven steps where they do not fit (a 7" panel, large text
 * on a 10" one, a portrait 600 x 1024 panel): the pinned button ("Xem tiếp") brings
 * up the steps below the fold, from the first one cut by it, until the
 * last is in sight, and only then says "Xong". Before, a patient who did
 * not know the page scrolls read three steps of seven on 800 x 480 and
 * was offered "Xong". The second tap of a double tap on it is not taken
 * for the "Xong" that took its place. Where the steps fit (1024 x 768),
 * "Xong" is there from the start. */
static void
test_vneid_steps_next(void)
{
	static const struct {
		gint width, height;
		gboolean large;
		gboolean fits;
	} shapes[] = {
	    {800, 480, FALSE, FALSE}, {800, 480, TRUE, FALSE}, {1024, 600, TRUE, FALSE},
	    {600, 1024, TRUE, FALSE}, {1024, 768, FALSE, TRUE},
	};
	static const TdLanguage languages[] = {TD_LANGUAGE_VI, TD_LANGUAGE_EN};

	for (guint i = 0; i < G_N_ELEMENTS(shapes); i++) {
		for (guint l = 0; l < G_N_ELEMENTS(languages); l++) {
			g_autoptr(TdPatientView) view = td_patient_view_new();
			GtkWidget *window, *scroller, *list, *code;
			TdVneidPage *page;
			const gchar *next;
			gboolean seen[7] = {FALSE};
			gboolean code_seen = FALSE;
			guint n_steps = 0, presses = 0, done = 0;
			gulong handler;

			td_ui_test_kiosk_set_shape(kiosk, shapes[i].width, shapes[i].height, shapes[i].large);
			td_i18n_set_language(languages[l]);
			td_ui_test_page_case_show(kiosk, td_ui_test_page_case_named("vneid-steps"), view);
			td_ui_test_wait_painted(GTK_WIDGET(kiosk->window));
			window = GTK_WIDGET(kiosk->window);
			page = td_kiosk_window_get_vneid_page(kiosk->window);
			handler = g_signal_connect_swapped(page, "done", G_CALLBACK(td_count_cb), &done);
			next = g_dgettext(GETTEXT_PACKAGE, "Show more below");
			scroller = td_ui_test_find_mapped_class(window, TD_UI_PINNED_SCROLLER_CLASS);
			code = td_ui_test_find_mapped_class(window, "td-guide-code");
			/* the list of rows (number, icon, words) */
			list = gtk_widget_get_parent(
			    gtk_widget_get_parent(td_ui_test_find_mapped_class(window, "td-step-text")));
			for (;;) {
				GtkWidget *step = gtk_widget_get_first_child(list);
				gint first_cut = -1; /* below the fold: under one shown whole */
				gboolean any_whole = FALSE;

				for (n_steps = 0; step != NULL; step = gtk_widget_get_next_sibling(step), n_steps++) {
					if (td_shown_whole(step, scroller))
						any_whole = seen[n_steps] = TRUE;
					else if (any_whole && first_cut < 0)
						first_cut = (gint)n_steps;
				}
				g_assert_cmpuint(n_steps, ==, G_N_ELEMENTS(seen));
				/* the guide's code and its caption, whole in one view */
				code_seen |= td_shown_whole(code, scroller) &&
					     td_shown_whole(gtk_widget_get_next_sibling(code), scroller);
				g_assert_true(td_ui_test_wait_for(td_steps_footer_settled, page, 2000));
				if (td_vneid_page_steps_all_seen(page))
					break;
				g_assert_nonnull(td_ui_test_find_button(window, next));
				g_assert_null(td_ui_test_find_button(window, td_patient_view_finish_text()));
				td_ui_test_press(window, next);
				td_ui_test_wait_painted(window);
				presses++;
				g_assert_cmpuint(presses, <=, n_steps);
				/* the first step cut is brought up whole: none is
				 * passed over */
				if (first_cut >= 0) {
					step = gtk_widget_get_first_child(list);
					for (gint s = 0; s < first_cut; s++)
						step = gtk_widget_get_next_sibling(step);
					g_assert_true(td_shown_whole(step, scroller));
				}
			}
			g_test_message("%dx%d%s %s: the steps read with %u presses", shapes[i].width, shapes[i].height,
				       shapes[i].large ? " large" : "", td_i18n_language_code(languages[l]), presses);
			for (guint s = 0; s < n_steps; s++)
				g_assert_true(seen[s]);
			g_assert_true(code_seen);
			g_assert_cmpuint(presses > 0, ==, !shapes[i].fits);
			/* "Xong" in the place of "Xem tiếp" */
			g_assert_null(td_ui_test_find_button(window, next));
			g_assert_nonnull(td_ui_test_find_button(window, td_patient_view_finish_text()));
			if (presses > 0) {
				/* a double tap's second: not taken */
				td_ui_test_press(window, td_patient_view_finish_text());
				g_assert_cmpuint(done, ==, 0);
				td_ui_test_wait(TD_UI_TAP_GUARD_MS + 100);
			}
			{
				/* the last view, to look at (after the guard's check,
				 * which a PNG's time would spoil) */
				g_autofree gchar *name =
				    g_strdup_printf("vneid-steps-end-%dx%d%s-%s", shapes[i].width, shapes[i].height,
						    shapes[i].large ? "-large" : "", td_i18n_language_code(languages[l]));
				g_free(td_ui_test_save_png(window, name));
			}
			td_ui_test_press(window, td_patient_view_finish_text());
			g_assert_cmpuint(done, ==, 1);
			g_signal_handler_disconnect(page, handler);

			/* the next patient reads from the first step */
			td_kiosk_window_reset(kiosk->window);
			td_ui_test_page_case_show(kiosk, td_ui_test_page_case_named("vneid-steps"), view);
			td_ui_test_wait_painted(window);
			g_assert_cmpfloat(
			    gtk_adjustment_get_value(gtk_scrolled_window_get_vadjustment(GTK_SCROLLED_WINDOW(scroller))), ==, 0);
			/* ... and is offered the next steps again, not "Xong" (in
			 * Vietnamese: the reset took the language back) */
			g_assert_true(td_ui_test_wait_for(td_steps_footer_settled, page, 2000));
			g_assert_nonnull(td_ui_test_find_button(
			    window, shapes[i].fits ? td_patient_view_finish_text() : g_dgettext(GETTEXT_PACKAGE, "Show more below")));
		}
	}
	td_ui_test_kiosk_restore(kiosk);
}

int
main(int argc, char **argv)
{
	td_ui_test_init(&argc, &argv);
	kiosk = td_ui_test_kiosk_new();
	g_test_add_func("/ui/layout/vneid-code-under-steps-where-room", test_vneid_code_under_steps_where_room);
	g_test_add_func("/ui/layout/vneid-steps-next", test_vneid_steps_next);
	g_test_add_func("/ui/layout/short-screen-vneid-whole", test_short_screen_vneid_whole);
	g_test_add_func("/ui/layout/low-screen-vneid-question-whole", test_low_screen_vneid_question_whole);
	g_test_add_func("/ui/layout/vneid-words-from-start", test_vneid_words_from_start);
	return td_ui_test_kiosk_run(kiosk);
}
