/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window without a session behind it: the toggles, the warning and
 * what a reset leaves, the forms of address, the close veto, the
 * keyboard wedge and the QR code; and every page the layout matrix looks
 * at, built here under the sanitizers. Every page at every size is
 * test-ui-layout's. */
#include "config.h"

#include "td-daily-counts.h"
#include "td-day-chart.h"
#include "td-i18n.h"
#include "td-kiosk-window.h"
#include "td-number-pad.h"
#include "td-qr-image.h"
#include "td-ui-test-kiosk.h"
#include "td-ui-test-layout.h"
#include "td-ui-test-page-cases.h"
#include "td-ui-test-util.h"
#include "td-wedge-capture.h"

static TdKioskWindow *window;

static gboolean
td_window_mapped(gpointer data)
{
	return gtk_widget_get_mapped(GTK_WIDGET(data)) && gtk_widget_get_width(GTK_WIDGET(data)) > 0;
}

/* The toggles name what they do and say when they are on, in words (not
 * only by colour); the language switch names the other language. */
static void
test_toggles_say_their_state(void)
{
	GtkWidget *large;

	td_i18n_set_language(TD_LANGUAGE_VI);
	g_assert_nonnull(td_ui_test_find_button(GTK_WIDGET(window), "English"));
	large = td_ui_test_find_button(GTK_WIDGET(window), "Chữ to");
	g_assert_nonnull(large);
	g_assert_nonnull(td_ui_test_find_button(GTK_WIDGET(window), "Nền tối, chữ sáng"));
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(window), "Chữ to"));
	g_assert_false(td_ui_test_find_label(GTK_WIDGET(window), "✓ Chữ to"));
	g_signal_emit_by_name(large, "clicked");
	g_assert_true(td_kiosk_window_get_large_text(window));
	g_assert_true(gtk_widget_has_css_class(GTK_WIDGET(window), "td-large-text"));
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(window), "✓ Chữ to"));
	g_signal_emit_by_name(large, "clicked");
	g_assert_false(td_kiosk_window_get_large_text(window));
	g_assert_false(td_ui_test_find_label(GTK_WIDGET(window), "✓ Chữ to"));
}

static void
test_high_contrast_and_warning(void)
{
	g_autoptr(TdPatientView) view = td_patient_view_new();
	g_autofree gchar *png = NULL;

	td_i18n_set_language(TD_LANGUAGE_VI);
	td_kiosk_window_set_high_contrast(window, TRUE);
	g_assert_true(gtk_widget_has_css_class(GTK_WIDGET(window), "td-high-contrast"));
	td_ui_test_view_ticket(view);
	td_kiosk_window_show_patient(window, TD_KIOSK_PAGE_VNEID, view);
	td_kiosk_window_show_warning(window, 15);
	td_ui_test_wait(60);
	png = td_ui_test_save_png(GTK_WIDGET(window), "warning-vi-contrast");
	g_assert_true(td_kiosk_window_warning_visible(window));
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(window), "Màn hình sẽ quay về trang đầu sau 15 giây."));
	/* after the number, the warning reassures: the number is kept */
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(window), "Số thứ tự của ông vẫn được giữ."));
	g_assert_nonnull(td_ui_test_find_button(GTK_WIDGET(window), "Có, cho thêm thời gian"));
	/* and said, not only shown (the countdown is not: it changes every
	 * second) */
	{
		g_autofree gchar *spoken = td_kiosk_window_get_spoken(window, NULL);
		g_assert_cmpstr(spoken, ==, "Ông có cần thêm thời gian không? Số thứ tự của ông vẫn được giữ.");
	}
	/* the page under it is set aside: a tap on an answer's corner,
	 * beside the warning, lands on the dimmed cover (not on the warning,
	 * not on the answer), and gives more time rather than an answer;
	 * the strip over the page stays in reach ("Gọi nhân viên") */
	{
		GtkWidget *answer = td_ui_test_find_mapped_class(GTK_WIDGET(window), "td-answer");
		GtkWidget *scrim = td_ui_test_find_mapped_class(GTK_WIDGET(window), "td-scrim");
		GtkWidget *call = td_ui_test_find_button(GTK_WIDGET(window), "Gọi nhân viên");
		GtkWidget *tapped;
		graphene_rect_t r;

		g_assert_nonnull(answer);
		g_assert_nonnull(scrim);
		g_assert_true(td_ui_widget_rect(answer, GTK_WIDGET(window), &r));
		tapped = gtk_widget_pick(GTK_WIDGET(window), r.origin.x + 4, r.origin.y + r.size.height - 4, GTK_PICK_DEFAULT);
		g_assert_true(tapped == scrim);
		g_assert_nonnull(call);
		g_assert_true(td_ui_widget_rect(call, GTK_WIDGET(window), &r));
		tapped = gtk_widget_pick(GTK_WIDGET(window), r.origin.x + r.size.width / 2, r.origin.y + r.size.height / 2,
					 GTK_PICK_DEFAULT);
		g_assert_true(tapped == call || gtk_widget_is_ancestor(tapped, call));

		td_ui_test_tap(scrim, 4, 4);
		g_assert_false(td_kiosk_window_warning_visible(window));
		g_assert_true(td_ui_test_find_label(GTK_WIDGET(window), "Ông đã đưa thẻ bảo hiểm y tế vào ứng dụng VNeID trên "
									"điện thoại chưa?"));
		td_kiosk_window_show_warning(window, 15);
	}

	/* back to idle: the name and number are gone from every label, and
	 * the next patient gets the light screen and Vietnamese again */
	td_i18n_set_language(TD_LANGUAGE_EN);
	td_kiosk_window_set_large_text(window, TRUE);
	td_kiosk_window_reset(window);
	td_ui_test_wait(30);
	g_assert_false(td_kiosk_window_warning_visible(window));
	g_assert_false(td_kiosk_window_get_high_contrast(window));
	g_assert_false(td_kiosk_window_get_large_text(window));
	g_assert_false(gtk_widget_has_css_class(GTK_WIDGET(window), "td-high-contrast"));
	g_assert_cmpint(td_i18n_get_language(), ==, TD_LANGUAGE_VI);
	td_kiosk_window_show_page(window, TD_KIOSK_PAGE_TICKET);
	td_ui_test_wait(30);
	g_assert_false(td_ui_test_find_label(GTK_WIDGET(window), "Nguyễn Văn An"));
	g_assert_false(td_ui_test_find_label(GTK_WIDGET(window), "17"));
	td_kiosk_window_show_page(window, TD_KIOSK_PAGE_IDLE);
}

/* The words that address the patient follow the card: ông, bà, the name
 * alone for a child, "quý vị" while unknown. */
static void
test_address(void)
{
	g_autoptr(TdPatientView) view = td_patient_view_new();
	g_autoptr(GDate) today = g_date_new_dmy(1, G_DATE_MARCH, 2025);
	const TdDate adult = {1958, 3, 15, TD_DATE_PRECISION_DAY};
	const TdDate child = {2012, 11, 20, TD_DATE_PRECISION_DAY};
	const TdDate year_only = {1940, 0, 0, TD_DATE_PRECISION_YEAR};
	const TdDate almost = {2007, 3, 2, TD_DATE_PRECISION_DAY}; /* 18 tomorrow */
	g_autofree gchar *man = NULL;
	g_autofree gchar *woman = NULL;
	g_autofree gchar *boy = NULL;

	g_assert_cmpint(td_patient_address_from_card("Nam", &adult, today), ==, TD_ADDRESS_MAN);
	g_assert_cmpint(td_patient_address_from_card("Nữ", &year_only, today), ==, TD_ADDRESS_WOMAN);
	g_assert_cmpint(td_patient_address_from_card("Nam", &child, today), ==, TD_ADDRESS_CHILD);
	g_assert_cmpint(td_patient_address_from_card("Nữ", &almost, today), ==, TD_ADDRESS_CHILD);
	g_assert_cmpint(td_patient_address_from_card(NULL, NULL, today), ==, TD_ADDRESS_UNKNOWN);

	td_i18n_set_language(TD_LANGUAGE_VI);
	view->full_name = g_strdup("Nguyễn Văn An");
	view->address = TD_ADDRESS_MAN;
	man = td_patient_view_greeting(view);
	g_assert_cmpstr(man, ==, "Kính chào ông Nguyễn Văn An");
	view->address = TD_ADDRESS_WOMAN;
	woman = td_patient_view_greeting(view);
	g_assert_cmpstr(woman, ==, "Kính chào bà Nguyễn Văn An");
	view->address = TD_ADDRESS_CHILD;
	boy = td_patient_view_greeting(view);
	g_assert_cmpstr(boy, ==, "Chào Nguyễn Văn An");
	view->address = TD_ADDRESS_UNKNOWN;
	g_assert_cmpstr(td_patient_view_addressed(view, "Your number"), ==, "Số thứ tự của quý vị");
	view->address = TD_ADDRESS_WOMAN;
	g_assert_cmpstr(td_patient_view_addressed(view, "Your number"), ==, "Số thứ tự của bà");

	/* once the card is read, no "quý vị" (WORDING.md): every reason for
	 * reception, and the insurance lines, speak to him, her or the child */
	{
		const gchar *const reasons[] = {"insurance-not-found", "data-mismatch", "card-not-answering",
						"child-without-card", "something-new"};
		const TdPatientAddress addresses[] = {TD_ADDRESS_MAN, TD_ADDRESS_WOMAN, TD_ADDRESS_CHILD};
		for (guint a = 0; a < G_N_ELEMENTS(addresses); a++) {
			view->address = addresses[a];
			for (guint r = 0; r < G_N_ELEMENTS(reasons); r++) {
				g_free(view->see_staff_reason);
				view->see_staff_reason = g_strdup(reasons[r]);
				g_assert_null(strstr(td_patient_view_see_staff_text(view), "quý vị"));
			}
			view->eligibility = TD_ELIGIBILITY_NOT_FOUND;
			g_assert_null(strstr(td_patient_view_insurance_text(view), "quý vị"));
			view->eligibility = TD_ELIGIBILITY_ELIGIBLE_NEW_CARD;
			g_assert_null(strstr(td_patient_view_insurance_text(view), "Quý vị"));
		}
		view->address = TD_ADDRESS_MAN;
		view->see_staff_reason = (g_free(view->see_staff_reason), g_strdup("insurance-not-found"));
		g_assert_cmpstr(td_patient_view_see_staff_text(view), ==,
				"Máy chưa tìm thấy thông tin bảo hiểm y tế của ông. Nếu có thẻ giấy, xin mang đến quầy "
				"tiếp đón.");
	}

	/* what to do next, under "Kính chào bà …", says "bà" too: a wait for
	 * reception to confirm the insurance, and a walk to the desk */
	view->decided = TRUE;
	view->address = TD_ADDRESS_WOMAN;
	view->outcome = TD_OUTCOME_PENDING_ELIGIBILITY;
	g_assert_cmpstr(td_patient_view_next_step_text(view), ==,
			"Xin mời bà ngồi chờ. Quầy tiếp đón sẽ gọi số để xác nhận thẻ bảo hiểm y tế.");
	/* with the VNeID question still to come, the ticket page asks for
	 * the answer before the seat; the thanks after it say the wait */
	view->vneid_pending = TRUE;
	g_assert_cmpstr(td_patient_view_ticket_next_text(view), ==,
			"Xin bà trả lời thêm một câu hỏi, rồi ngồi chờ. Quầy tiếp đón sẽ gọi số để xác nhận thẻ bảo "
			"hiểm y tế.");
	g_assert_cmpstr(td_patient_view_next_step_text(view), ==,
			"Xin mời bà ngồi chờ. Quầy tiếp đón sẽ gọi số để xác nhận thẻ bảo hiểm y tế.");
	view->outcome = TD_OUTCOME_SEE_STAFF;
	g_assert_cmpstr(td_patient_view_ticket_next_text(view), ==,
			"Xin mời bà đến quầy tiếp đón, mang theo thẻ căn cước.");
	view->vneid_pending = FALSE;
	g_assert_cmpstr(td_patient_view_next_step_text(view), ==,
			"Xin mời bà đến quầy tiếp đón, mang theo thẻ căn cước.");
	view->address = TD_ADDRESS_UNKNOWN;
	g_assert_cmpstr(td_patient_view_next_step_text(view), ==, "Xin mời đến quầy tiếp đón, mang theo thẻ căn cước.");
}

/* The thanks say "Cảm ơn bà": no station recording (one form for all)
 * stands in for it; the unaddressed thanks may have one. */
static void
test_thanks_recording(void)
{
	g_autoptr(TdPatientView) view = td_patient_view_new();
	TdVneidPage *page = TD_VNEID_PAGE(td_kiosk_window_get_vneid_page(window));
	const gchar *key = "unset";
	g_autofree gchar *woman = NULL;
	g_autofree gchar *anyone = NULL;

	td_i18n_set_language(TD_LANGUAGE_VI);
	td_ui_test_view_ticket(view);
	view->address = TD_ADDRESS_WOMAN;
	td_kiosk_window_show_patient(window, TD_KIOSK_PAGE_VNEID, view);
	td_vneid_page_choose(page, TD_VNEID_NO_SMARTPHONE);
	g_assert_cmpstr(td_vneid_page_get_view(page), ==, "thanks");
	woman = td_vneid_page_get_spoken(page, &key);
	g_assert_true(g_str_has_prefix(woman, "Cảm ơn bà."));
	g_assert_null(key);
	view->address = TD_ADDRESS_UNKNOWN;
	td_vneid_page_set_patient(page, view);
	anyone = td_vneid_page_get_spoken(page, &key);
	g_assert_cmpstr(key, ==, "vneid.thanks");
	td_kiosk_window_reset(window);
}

static void
test_close_vetoed(void)
{
	gtk_window_close(GTK_WINDOW(window));
	td_ui_test_wait(30);
	g_assert_true(gtk_widget_get_visible(GTK_WIDGET(window)));
}

typedef struct {
	guint scans;
	gchar *last;
} TdScanLog;

static void
td_scan_cb(const gchar *text, gpointer user_data)
{
	TdScanLog *log = user_data;
	log->scans++;
	g_free(log->last);
	log->last = g_strdup(text);
}

static void
test_wedge_capture(void)
{
	TdScanLog log = {0};
	g_autoptr(TdWedgeCapture) wedge = td_wedge_capture_new(td_scan_cb, &log);
	const gchar *qr = "001058012345|011234567|Nguyen Van An|15031958|Nam|Ha Noi|01012021";
	guint32 t = 1000;

	/* a scanner: 5 ms between keys, then Enter */
	for (const gchar *p = qr; *p != '\0'; p++)
		g_assert_true(td_wedge_capture_feed(wedge, t += 5, gdk_unicode_to_keyval((guint8)*p), 0));
	g_assert_true(td_wedge_capture_feed(wedge, t += 5, GDK_KEY_Return, 0));
	g_assert_cmpuint(log.scans, ==, 1);
	g_assert_cmpstr(log.last, ==, qr);

	/* a person typing the same slowly is never a scan */
	for (const gchar *p = qr; *p != '\0'; p++)
		td_wedge_capture_feed(wedge, t += 300, gdk_unicode_to_keyval((guint8)*p), 0);
	td_wedge_capture_feed(wedge, t += 300, GDK_KEY_Return, 0);
	g_assert_cmpuint(log.scans, ==, 1);

	/* a letter outside ASCII, sent as Alt and four keypad digits (ten
	 * key reports at the scanner's 10 ms: 100 ms between the letters
	 * around it, over the gap a person's keys have): the scan goes on
	 * without it, its fields whole, and opens the card; an Alt
	 * shortcut outside a scan stays the window's */
	{
		const gchar *parts[] = {"001058012345|011234567|Nguy", "n V", "n An|15031958|Nam|H", " N", "i|01012021"};
		for (guint i = 0; i < G_N_ELEMENTS(parts); i++) {
			if (i > 0) {
				g_assert_false(td_wedge_capture_feed(wedge, t += 10, GDK_KEY_Alt_L, 0));
				for (guint d = 0; d < 4; d++)
					g_assert_true(td_wedge_capture_feed(wedge, t += 20, GDK_KEY_KP_0 + d, GDK_ALT_MASK));
				t += 20;
			}
			for (const gchar *p = parts[i]; *p != '\0'; p++)
				g_assert_true(td_wedge_capture_feed(wedge, t += 10, gdk_unicode_to_keyval((guint8)*p), 0));
		}
		g_assert_true(td_wedge_capture_feed(wedge, t += 10, GDK_KEY_Return, 0));
		g_assert_cmpuint(log.scans, ==, 2);
		g_assert_cmpstr(log.last, ==, "001058012345|011234567|Nguyn Vn An|15031958|Nam|H Ni|01012021");
		g_assert_false(td_wedge_capture_feed(wedge, t += 500, GDK_KEY_F4, GDK_ALT_MASK));
	}

	/* disabled on staff screens */
	td_wedge_capture_set_enabled(wedge, FALSE);
	g_assert_false(td_wedge_capture_feed(wedge, t += 5, GDK_KEY_1, 0));
	g_free(log.last);
}

static void
test_qr_texture(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GdkTexture) texture = td_qr_texture_new("https://baohiemxahoi.gov.vn", 4, &error);

	g_assert_no_error(error);
	/* version 2 or more: at least 25 modules plus the quiet zones */
	g_assert_cmpint(gdk_texture_get_width(texture), >=, (25 + 8) * 4);
	/* quiet zone white, the finder pattern's corner black */
	{
		gsize stride = (gsize)gdk_texture_get_width(texture) * 4;
		g_autofree guchar *all = g_malloc(stride * (gsize)gdk_texture_get_height(texture));
		gdk_texture_download(texture, all, stride);
		g_assert_cmpuint(all[0], ==, 0xff);
		g_assert_cmpuint(all[(4 * 4 + 1) * stride + (4 * 4 + 1) * 4], <, 0x40);
	}
}

static GtkWidget *
td_find_class(GtkWidget *root, const gchar *css_class)
{
	if (gtk_widget_has_css_class(root, css_class))
		return root;
	for (GtkWidget *c = gtk_widget_get_first_child(root); c != NULL; c = gtk_widget_get_next_sibling(c)) {
		GtkWidget *found = td_find_class(c, css_class);
		if (found != NULL)
			return found;
	}
	return NULL;
}

/* The VNeID guide's QR code is drawn at the screen's own pixels: on a
 * HiDPI screen (GDK_SCALE=2, this program again as a child) its texture
 * has twice the pixels of its size on screen, not a 1x code stretched
 * with soft module edges. */
static void
test_guide_code_sharp(void)
{
	GtkWidget *code = td_find_class(GTK_WIDGET(td_kiosk_window_get_vneid_page(window)), "td-guide-code");
	gint scale = gtk_widget_get_scale_factor(code);
	GdkPaintable *paintable = gtk_image_get_paintable(GTK_IMAGE(code));

	g_assert_nonnull(paintable);
	g_test_message("scale %d: code %d px on screen, texture %d px", scale, gtk_image_get_pixel_size(GTK_IMAGE(code)),
		       gdk_paintable_get_intrinsic_width(paintable));
	g_assert_cmpint(gdk_paintable_get_intrinsic_width(paintable), ==, scale * gtk_image_get_pixel_size(GTK_IMAGE(code)));
	if (g_strcmp0(g_getenv("GDK_SCALE"), "2") == 0) {
		g_assert_cmpint(scale, ==, 2);
	} else {
		g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new(G_SUBPROCESS_FLAGS_NONE);
		g_autoptr(GSubprocess) proc = NULL;
		g_autoptr(GError) error = NULL;

		g_assert_cmpint(scale, ==, 1);
		g_subprocess_launcher_setenv(launcher, "GDK_SCALE", "2", TRUE);
		proc = g_subprocess_launcher_spawn(launcher, &error, "/proc/self/exe", "-p", "/ui/pages/guide-code-sharp",
						   NULL);
		g_assert_no_error(error);
		g_assert_true(g_subprocess_wait_check(proc, NULL, &error));
		g_assert_no_error(error);
	}
}

static GtkWidget *
td_pad_display(TdNumberPad *pad)
{
	GtkWidget *display = td_find_class(GTK_WIDGET(pad), "td-pad-display");

	g_assert_nonnull(display);
	return display;
}

/* The text of a number pad's display (placeholders included). */
static const gchar *
td_pad_display_text(TdNumberPad *pad)
{
	return gtk_label_get_text(GTK_LABEL(td_pad_display(pad)));
}

/* What a screen reader is told of the display (GTK's test backend): the
 * status around it says how far; the display's own text, the digits, is
 * hidden from it */
#define td_assert_pad_said(pad, said)                                                                                \
	G_STMT_START                                                                                                 \
	{                                                                                                            \
		GtkWidget *display_ = td_pad_display(pad);                                                           \
		GtkWidget *status_ = gtk_widget_get_parent(display_);                                                \
		gtk_test_accessible_assert_role(GTK_ACCESSIBLE(status_), GTK_ACCESSIBLE_ROLE_STATUS);                \
		gtk_test_accessible_assert_property(GTK_ACCESSIBLE(status_), GTK_ACCESSIBLE_PROPERTY_LABEL, said);   \
		gtk_test_accessible_assert_state(GTK_ACCESSIBLE(display_), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE);       \
	}                                                                                                            \
	G_STMT_END

/* An ID number or a birth date shows the places still to type, blank:
 * an elderly patient sees how many are left without counting digits; a
 * PIN (its length free, its digits hidden) shows only its dots. */
static void
test_pad_places_left(void)
{
	TdNumberPad *id = TD_NUMBER_PAD(g_object_ref_sink(td_number_pad_new(12, 12, TD_NUMBER_PAD_DIGITS)));
	TdNumberPad *birth = TD_NUMBER_PAD(g_object_ref_sink(td_number_pad_new(8, 8, TD_NUMBER_PAD_DATE)));
	TdNumberPad *pin = TD_NUMBER_PAD(g_object_ref_sink(td_number_pad_new(6, 8, TD_NUMBER_PAD_MASKED)));
	TdNumberPad *code = TD_NUMBER_PAD(g_object_ref_sink(td_number_pad_new(1, 15, TD_NUMBER_PAD_LETTERS)));

	td_i18n_set_language(TD_LANGUAGE_VI);
	g_assert_cmpstr(td_pad_display_text(id), ==, "___ ___ ___ ___");
	td_assert_pad_said(id, "Chưa nhập gì");
	for (const gchar *p = "00105"; *p != '\0'; p++)
		g_assert_true(td_number_pad_press(id, *p));
	g_assert_cmpstr(td_pad_display_text(id), ==, "001 05_ ___ ___");
	/* a screen reader says how far, not the blanks one by one, nor the
	 * patient's digits aloud at a public kiosk */
	td_assert_pad_said(id, "Đã bấm 5 trên 12 chữ số");
	td_i18n_set_language(TD_LANGUAGE_EN);
	td_assert_pad_said(id, "5 of 12 digits typed");
	td_i18n_set_language(TD_LANGUAGE_VI);
	for (const gchar *p = "8012345"; *p != '\0'; p++)
		g_assert_true(td_number_pad_press(id, *p));
	g_assert_cmpstr(td_pad_display_text(id), ==, "001 058 012 345");
	/* the typed digits are the number, without the places */
	g_assert_cmpstr(td_number_pad_get_text(id), ==, "001058012345");

	for (const gchar *p = "0503"; *p != '\0'; p++)
		g_assert_true(td_number_pad_press(birth, *p));
	g_assert_cmpstr(td_pad_display_text(birth), ==, "05/03/____");

	for (const gchar *p = "246"; *p != '\0'; p++)
		g_assert_true(td_number_pad_press(pin, *p));
	g_assert_cmpstr(td_pad_display_text(pin), ==, "●●●");
	td_assert_pad_said(pin, "Đã bấm 3 chữ số");
	td_assert_pad_said(birth, "Đã bấm 4 trên 8 chữ số");
	for (const gchar *p = "k1"; *p != '\0'; p++)
		g_assert_true(td_number_pad_press(code, *p));
	td_assert_pad_said(code, "Đã nhập 2 ký tự");

	g_object_unref(id);
	g_object_unref(birth);
	g_object_unref(pin);
	g_object_unref(code);
}

/* The guide's QR code is an image a screen reader names by its caption
 * (what the code is and what to do with it), not an unnamed picture. */
static void
test_guide_code_named(void)
{
	GtkWidget *code = td_find_class(GTK_WIDGET(td_kiosk_window_get_vneid_page(window)), "td-guide-code");
	GtkWidget *caption = gtk_widget_get_next_sibling(code);

	g_assert_true(GTK_IS_LABEL(caption));
	gtk_test_accessible_assert_role(GTK_ACCESSIBLE(code), GTK_ACCESSIBLE_ROLE_IMG);
	gtk_test_accessible_assert_relation(GTK_ACCESSIBLE(code), GTK_ACCESSIBLE_RELATION_LABELLED_BY, caption, NULL);
}

/* The dashboard's 30-day axis says the month where one begins and at
 * both ends: "05/11 10 15 20 25 30 04/12", not "5 10 15 20 25 30 4" (a
 * manager read the last bar as the 4th of the first month). */
static void
test_chart_axis_months(void)
{
	static const struct {
		const gchar *first_day;
		const gchar *labels[30];
	} ranges[] = {
	    /* the fifth day four days before the last gives way to it */
	    {"2026-11-05", {[0] = "05/11", [5] = "10", [10] = "15", [15] = "20", [20] = "25", [29] = "04/12"}},
	    {"2026-11-20", {[0] = "20/11", [5] = "25", [10] = "30", [15] = "05/12", [20] = "10", [29] = "19/12"}},
	    {"2026-12-01", {[0] = "01/12", [5] = "6", [10] = "11", [15] = "16", [20] = "21", [29] = "30/12"}},
	};

	for (guint r = 0; r < G_N_ELEMENTS(ranges); r++) {
		GtkWidget *chart = g_object_ref_sink(td_day_chart_new());
		g_autoptr(GPtrArray) days = g_ptr_array_new_with_free_func((GDestroyNotify)td_daily_counts_free);
		GDate date;

		g_date_set_parse(&date, ranges[r].first_day);
		g_assert_true(g_date_valid(&date));
		for (guint i = 0; i < 30; i++) {
			gchar day[11];
			g_snprintf(day, sizeof(day), "%04u-%02u-%02u", g_date_get_year(&date), g_date_get_month(&date),
				   g_date_get_day(&date));
			g_ptr_array_add(days, td_daily_counts_new(day));
			g_date_add_days(&date, 1);
		}
		td_day_chart_set_days(TD_DAY_CHART(chart), days);
		for (guint i = 0; i < 30; i++) {
			g_autofree gchar *label = td_day_chart_dup_axis_label(TD_DAY_CHART(chart), i);
			g_assert_cmpstr(label, ==, ranges[r].labels[i]);
		}
		g_object_unref(chart);
	}
}

/* Every page the layout matrix looks at (td-ui-test-page-cases.c), built
 * here under the sanitizers, which the matrix, rendered by the release
 * build, is not: in Vietnamese with normal text, and in English with
 * large text on the dark screen; each says its sentence. */
static void
test_every_page(void)
{
	g_autoptr(TdUiTestKiosk) kiosk = td_ui_test_kiosk_new();
	g_autoptr(TdPatientView) view = td_patient_view_new();

	td_ui_test_page_cases_prepare(kiosk);
	td_ui_test_kiosk_set_size(kiosk, 1024, 768);
	for (guint lang = 0; lang < 2; lang++) {
		for (guint i = 0; i < TD_UI_TEST_N_PAGE_CASES; i++) {
			const TdUiTestPageCase *c = &td_ui_test_page_cases[i];

			td_kiosk_window_reset(kiosk->window);
			td_i18n_set_language(lang == 0 ? TD_LANGUAGE_VI : TD_LANGUAGE_EN);
			td_kiosk_window_set_large_text(kiosk->window, lang == 1);
			td_kiosk_window_set_high_contrast(kiosk->window, lang == 1);
			td_ui_test_page_case_show(kiosk, c, view);
			td_ui_test_wait_painted(GTK_WIDGET(kiosk->window));
			if (!td_ui_test_find_label(GTK_WIDGET(kiosk->window), lang == 0 ? c->vi : c->en))
				g_error("page %s (%s): no label showing “%s”", c->name, lang == 0 ? "vi" : "en",
					lang == 0 ? c->vi : c->en);
		}
	}
	td_kiosk_window_reset(kiosk->window);
}

int
main(int argc, char **argv)
{
	int status;

	td_ui_test_init(&argc, &argv);
	window = td_kiosk_window_new(NULL, NULL);
	gtk_window_set_default_size(GTK_WINDOW(window), 1024, 768);
	gtk_window_present(GTK_WINDOW(window));
	td_vneid_page_set_guide_url(td_kiosk_window_get_vneid_page(window), "https://baohiemxahoi.gov.vn");
	g_assert_true(td_ui_test_wait_for(td_window_mapped, window, 5000));

	g_test_add_func("/ui/pages/toggles-say-their-state", test_toggles_say_their_state);
	g_test_add_func("/ui/pages/high-contrast-warning-reset", test_high_contrast_and_warning);
	g_test_add_func("/ui/pages/address", test_address);
	g_test_add_func("/ui/pages/thanks-recording", test_thanks_recording);
	g_test_add_func("/ui/window/close-vetoed", test_close_vetoed);
	g_test_add_func("/ui/wedge-capture", test_wedge_capture);
	g_test_add_func("/ui/qr-texture", test_qr_texture);
	g_test_add_func("/ui/pages/guide-code-sharp", test_guide_code_sharp);
	g_test_add_func("/ui/pages/guide-code-named", test_guide_code_named);
	g_test_add_func("/ui/dashboard/chart-axis-months", test_chart_axis_months);
	g_test_add_func("/ui/pages/pad-places-left", test_pad_places_left);
	g_test_add_func("/ui/pages/every-page", test_every_page);
	status = g_test_run();
	td_kiosk_window_allow_close(window);
	gtk_window_destroy(GTK_WINDOW(window));
	td_ui_test_wait(20);
	return status;
}
