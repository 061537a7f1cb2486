/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-fit-scroller.h"
#include "td-i18n.h"
#include "td-qr-image.h"
#include "td-reflow-box.h"
#include "td-screen-scale.h"
#include "td-ui-util.h"
#include "td-vneid-page.h"

#define TD_VNEID_N_STEPS    7
#define TD_VNEID_N_ANSWERS  4
#define TD_VNEID_QR_MODULE_PX 4
#define TD_VNEID_STEP_CHARS 26
#define TD_VNEID_STEP_ICON_PX 36
#define TD_VNEID_QR_CAPTION_CHARS 12
#define TD_VNEID_ANSWER_CHARS 30
#define TD_VNEID_QUESTION_CHARS 48
/* the question and its words at the least, where the answers take the
 * rest (800 x 480): a line and more of it in large text */
#define TD_VNEID_WORDS_MIN_PX 64
/* two English answers side by side need 666 px, 726 in large text */
#define TD_VNEID_ANSWER_COLUMNS 2
#define TD_VNEID_BIG_ICON_PX 96

struct _TdVneidPage {
	GtkBox parent_instance;
	GtkWidget *stack;
	TdVneidAnswer chosen;
	TdPatientView *view;
	/* question */
	GtkWidget *number; /* the patient's queue number, over every view */
	gboolean short_screen; /* under 640 px tall (td-screen-scale.h) */
	GtkWidget *q_title;
	GtkWidget *q_body;
	GtkScrolledWindow *q_words_scroller;
	GtkWidget *answers[TD_VNEID_N_ANSWERS];
	GtkWidget *answer_grid;
	/* steps */
	GtkWidget *s_title;
	GtkWidget *s_content; /* what the scroller holds: the steps' positions */
	GtkScrolledWindow *s_scroller;
	GtkWidget *s_steps[TD_VNEID_N_STEPS];
	GtkWidget *s_row; /* the steps, and the code beside or under them */
	GtkWidget *s_qr;
	GtkWidget *s_qr_caption;
	gchar *guide_url;
	GtkStack *s_footer; /* "Xem tiếp" while some are below, then "Xong" */
	GtkWidget *s_next;
	GtkWidget *s_done;
	gint64 s_next_pressed_at; /* monotonic µs */
	gint64 s_done_shown_at;	  /* where "Xem tiếp" was just pressed: its tap guard */
	guint s_footer_idle;
	/* no account */
	GtkWidget *n_title;
	GtkWidget *n_icon; /* hidden on a short screen: the page's words and "Xong" first */
	GtkWidget *n_body;
	GtkWidget *n_then;
	GtkWidget *n_done;
	/* thanks (integrated, no smartphone) */
	GtkWidget *t_title;
	GtkWidget *t_body;
	GtkWidget *t_done;
};

G_DEFINE_FINAL_TYPE(TdVneidPage, td_vneid_page, GTK_TYPE_BOX)

enum { SIGNAL_ANSWERED, SIGNAL_DONE, N_SIGNALS };
static guint signals[N_SIGNALS];

/* The answers in the order shown, with the icon beside each. */
static const struct {
	TdVneidAnswer answer;
	const gchar *icon;
} answer_buttons[TD_VNEID_N_ANSWERS] = {
    {TD_VNEID_INTEGRATED, "emblem-ok-symbolic"},
    {TD_VNEID_NOT_YET, "dialog-question-symbolic"},
    {TD_VNEID_NO_ACCOUNT, "avatar-default-symbolic"},
    /* a circle struck through, "not": a hung-up receiver read as "end
     * the call" beside the answer most elderly patients need */
    {TD_VNEID_NO_SMARTPHONE, "action-unavailable-symbolic"},
};

/* The icons beside each step: what the patient looks for in the app. */
static const gchar *const step_icons[TD_VNEID_N_STEPS] = {
    "folder-open-symbolic",	"view-list-symbolic",	"document-new-symbolic",
    "emblem-favorite-symbolic", "contact-new-symbolic", "mail-send-symbolic",  "document-open-recent-symbolic",
};

static const gchar *
td_answer_text(TdVneidAnswer answer)
{
	switch (answer) {
	case TD_VNEID_INTEGRATED:
		return _("Yes, it is already in VNeID");
	case TD_VNEID_NOT_YET:
		return _("Not yet – show me how");
	case TD_VNEID_NO_ACCOUNT:
		return _("I have no VNeID account");
	case TD_VNEID_NO_SMARTPHONE:
	default:
		return _("I do not use a smartphone");
	}
}

static void td_vneid_page_show_number(TdVneidPage *self);
static void td_steps_moved_cb(GtkAdjustment *adjustment, TdVneidPage *self);

static void
td_vneid_page_retranslate(TdVneidPage *self)
{
	/* The app's own button names stay in Vietnamese in both languages: that
	 * is what the patient sees on the phone. */
	const gchar *steps[TD_VNEID_N_STEPS] = {
	    _("Open VNeID, tap “Ví giấy tờ” (Documents)."),
	    _("Tap “Tích hợp thông tin” (Integrate)."),
	    _("Tap “Tạo mới yêu cầu” (New request)."),
	    _("Choose “Thẻ bảo hiểm y tế” (Health insurance)."),
	    /* the police's own insurance (BHXH Công an nhân dân) is the
	     * other issuer (DOMAIN.md §4) */
	    _("Choose the issuer (usually “BHXH Việt Nam”), type your insurance number (10 digits) or card "
	      "code (15 characters)."),
	    _("Tick to confirm, tap “Gửi yêu cầu” (Send)."),
	    /* the request is approved after a look-up, not at once (DOMAIN.md
	     * §4): a patient who sees no card in the app at once thinks the
	     * steps failed, and does them again or gives up */
	    _("Wait for approval; then the card shows in the app."),
	};
	g_autofree gchar *number = NULL;
	g_autofree gchar *label = td_queue_label(self->view->queue_series, self->view->queue_number);

	/* a ticket that failed after the patient left its page (a printer
	 * that is off is known only after its wait): the note follows them,
	 * with the number as large as the ticket page had it, the one place
	 * left to read it from */
	if (self->view->queue_number > 0 && self->view->print_failed)
		number = g_markup_printf_escaped("%s: <span size=\"xx-large\" weight=\"bold\">%s</span>\n%s",
						 td_patient_view_addressed(self->view, N_("Your number")), label,
						 _("The ticket could not be printed: please remember this number. "
						   "Staff have been told."));
	else if (self->view->queue_number > 0)
		number = g_markup_printf_escaped("%s: %s", td_patient_view_addressed(self->view, N_("Your number")),
						 label);
	gtk_label_set_markup(GTK_LABEL(self->number), number != NULL ? number : "");
	td_ui_set_css_class(self->number, "td-warn", self->view->print_failed);
	td_vneid_page_show_number(self);
	gtk_label_set_text(GTK_LABEL(self->q_title),
			   td_patient_view_addressed(self->view, N_("Have you added your health insurance card to "
								    "the VNeID app on your phone?")));
	gtk_label_set_text(GTK_LABEL(self->q_body),
			   td_patient_view_addressed(self->view, N_("With it in VNeID you will not need the paper "
								    "card, and your e-health book is created.")));
	for (guint i = 0; i < TD_VNEID_N_ANSWERS; i++)
		td_ui_button_set_text(self->answers[i], td_answer_text(answer_buttons[i].answer));

	gtk_label_set_text(GTK_LABEL(self->s_title), _("How to add your insurance card to VNeID"));
	for (guint i = 0; i < TD_VNEID_N_STEPS; i++)
		gtk_label_set_text(GTK_LABEL(gtk_widget_get_last_child(self->s_steps[i])), steps[i]);
	gtk_label_set_text(GTK_LABEL(self->s_qr_caption), _("Scan for the full guide"));

	gtk_label_set_text(GTK_LABEL(self->n_title), _("You need a VNeID account verified with your ID card first"));
	gtk_label_set_text(GTK_LABEL(self->n_body),
			   _("Please take your ID card to the commune police (Công an xã) to activate your VNeID "
			     "account."));
	gtk_label_set_text(GTK_LABEL(self->n_then),
			   _("Then add your health insurance card in the VNeID app. Your visit today goes on as "
			     "usual."));

	gtk_label_set_text(GTK_LABEL(self->t_title), td_patient_view_addressed(self->view, N_("Thank you.")));
	gtk_label_set_text(GTK_LABEL(self->t_body), td_patient_view_next_step_text(self->view));

	td_ui_button_set_text(self->s_next, _("Show more below"));
	td_ui_button_set_text(self->s_done, td_patient_view_finish_text());
	td_ui_button_set_text(self->n_done, td_patient_view_finish_text());
	td_ui_button_set_text(self->t_done, td_patient_view_finish_text());
}

static void
td_vneid_page_language_changed_cb(TdI18n *i18n, TdVneidPage *self)
{
	td_vneid_page_retranslate(self);
}

void
td_vneid_page_set_patient(TdVneidPage *self, const TdPatientView *view)
{
	td_patient_view_copy(self->view, view);
	td_vneid_page_retranslate(self);
}

void
td_vneid_page_reset(TdVneidPage *self)
{
	self->chosen = TD_VNEID_NOT_ASKED;
	gtk_stack_set_visible_child_name(GTK_STACK(self->stack), "question");
	/* the next patient reads the words, and the steps, from their start */
	gtk_adjustment_set_value(gtk_scrolled_window_get_vadjustment(self->q_words_scroller), 0);
	gtk_adjustment_set_value(gtk_scrolled_window_get_vadjustment(self->s_scroller), 0);
}

const gchar *
td_vneid_page_get_view(TdVneidPage *self)
{
	return gtk_stack_get_visible_child_name(GTK_STACK(self->stack));
}

const gchar *
td_vneid_page_get_number_line(TdVneidPage *self)
{
	return gtk_label_get_text(GTK_LABEL(self->number));
}

gchar *
td_vneid_page_get_spoken(TdVneidPage *self, const gchar **message_key)
{
	const gchar *view = td_vneid_page_get_view(self);
	const gchar *key = NULL;
	gchar *text;

	if (g_strcmp0(view, "steps") == 0) {
		key = "vneid.steps";
		text = g_strdup(gtk_label_get_text(GTK_LABEL(self->s_title)));
	} else if (g_strcmp0(view, "no-account") == 0) {
		key = "vneid.no-account";
		text = g_strdup(gtk_label_get_text(GTK_LABEL(self->n_body)));
	} else if (g_strcmp0(view, "thanks") == 0) {
		/* "Cảm ơn ông/bà": a station's one recording would say one
		 * form to everyone; only the unaddressed thanks has one */
		key = self->view->address == TD_ADDRESS_UNKNOWN ? "vneid.thanks" : NULL;
		text = g_strdup_printf("%s %s", gtk_label_get_text(GTK_LABEL(self->t_title)),
				       td_patient_view_finish_text());
	} else {
		/* addressed: a recording per form of address would be needed */
		text = g_strdup(gtk_label_get_text(GTK_LABEL(self->q_title)));
	}
	if (message_key != NULL)
		*message_key = key;
	return text;
}

void
td_vneid_page_choose(TdVneidPage *self, TdVneidAnswer answer)
{
	self->chosen = answer;
	switch (answer) {
	case TD_VNEID_NOT_YET:
		/* the button its first frame most likely has (the steps
		 * overflow a short screen): the right one is known after the
		 * layout (td_steps_footer_update_cb), and a flip from "Xong"
		 * to "Xem tiếp" under a finger was seen for a frame */
		gtk_stack_set_visible_child(self->s_footer, self->short_screen ? self->s_next : self->s_done);
		gtk_stack_set_visible_child_name(GTK_STACK(self->stack), "steps");
		/* and made right even where the layout moves nothing (the
		 * last patient's, on the same screen) */
		td_steps_moved_cb(NULL, self);
		break;
	case TD_VNEID_NO_ACCOUNT:
		gtk_stack_set_visible_child_name(GTK_STACK(self->stack), "no-account");
		break;
	default:
		gtk_stack_set_visible_child_name(GTK_STACK(self->stack), "thanks");
		break;
	}
	g_signal_emit(self, signals[SIGNAL_ANSWERED], 0, (guint)answer);
}

void
td_vneid_page_finish(TdVneidPage *self)
{
	if (self->chosen == TD_VNEID_NOT_ASKED)
		return;
	g_signal_emit(self, signals[SIGNAL_DONE], 0);
}

/* The guide's code drawn at the screen's own pixels: on a HiDPI screen
 * (scale 2) a code made at 1x and stretched has soft module edges. */
static void
td_vneid_page_draw_guide_code(TdVneidPage *self)
{
	g_autoptr(GdkTexture) texture = NULL;
	g_autoptr(GError) error = NULL;
	gint scale = MAX(1, gtk_widget_get_scale_factor(self->s_qr));

	if (self->guide_url != NULL)
		texture = td_qr_texture_new(self->guide_url, TD_VNEID_QR_MODULE_PX * (guint)scale, &error);
	if (error != NULL)
		g_warning("VNeID guide QR code: %s", error->message);
	gtk_image_set_from_paintable(GTK_IMAGE(self->s_qr), GDK_PAINTABLE(texture));
	if (texture != NULL)
		gtk_image_set_pixel_size(GTK_IMAGE(self->s_qr), gdk_texture_get_width(texture) / scale);
	gtk_widget_set_visible(self->s_qr, texture != NULL);
	gtk_widget_set_visible(self->s_qr_caption, texture != NULL);
}

static void
td_guide_code_scale_cb(GObject *image, GParamSpec *pspec, TdVneidPage *self)
{
	td_vneid_page_draw_guide_code(self);
}

void
td_vneid_page_set_guide_url(TdVneidPage *self, const gchar *url)
{
	g_free(self->guide_url);
	self->guide_url = g_strdup(url);
	td_vneid_page_draw_guide_code(self);
}

static void
td_answer_clicked_cb(GtkButton *button, TdVneidPage *self)
{
	td_vneid_page_choose(self, (TdVneidAnswer)GPOINTER_TO_INT(g_object_get_data(G_OBJECT(button), "td-answer")));
}

static void
td_done_clicked_cb(GtkButton *button, TdVneidPage *self)
{
	/* the second tap of a double tap on "Xem tiếp", which "Xong"
	 * took the place of: the window's guard is for a new page only */
	if (GTK_WIDGET(button) == self->s_done &&
	    g_get_monotonic_time() - self->s_done_shown_at < (gint64)TD_UI_TAP_GUARD_MS * 1000)
		return;
	td_vneid_page_finish(self);
}

gboolean
td_vneid_page_steps_all_seen(TdVneidPage *self)
{
	GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment(self->s_scroller);

	return gtk_adjustment_get_value(adjustment) + gtk_adjustment_get_page_size(adjustment) >=
	       gtk_adjustment_get_upper(adjustment) - 1;
}

/* "Xong" once the steps' end is in sight, "Xem tiếp" before: after
 * the layout that moved them, not within it (the footer's stack is as
 * tall for either, so the swap moves nothing) */
static gboolean
td_steps_footer_update_cb(gpointer user_data)
{
	TdVneidPage *self = user_data;
	GtkWidget *shown = td_vneid_page_steps_all_seen(self) ? self->s_done : self->s_next;

	self->s_footer_idle = 0;
	if (gtk_stack_get_visible_child(self->s_footer) != shown) {
		/* in the place of a "Xem tiếp" just pressed (not after a
		 * patient's own scroll to the end, whose "Xong" is theirs) */
		if (shown == self->s_done &&
		    g_get_monotonic_time() - self->s_next_pressed_at < (gint64)TD_UI_TAP_GUARD_MS * 1000)
			self->s_done_shown_at = g_get_monotonic_time();
		gtk_stack_set_visible_child(self->s_footer, shown);
	}
	return G_SOURCE_REMOVE;
}

static void
td_steps_moved_cb(GtkAdjustment *adjustment, TdVneidPage *self)
{
	if (self->s_footer_idle == 0)
		self->s_footer_idle = g_idle_add(td_steps_footer_update_cb, self);
}

/* The steps below the fold brought up, from the first one cut by it: a
 * patient on a 7" panel, or in large text on a 10" one, who does not
 * know the page scrolls still reads all seven, a few at a time, with the
 * phone in the other hand. */
static void
td_next_steps_clicked_cb(GtkButton *button, TdVneidPage *self)
{
	GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment(self->s_scroller);
	gdouble top = gtk_adjustment_get_value(adjustment);
	gdouble bottom = top + gtk_adjustment_get_page_size(adjustment);
	gdouble target = gtk_adjustment_get_upper(adjustment);

	self->s_next_pressed_at = g_get_monotonic_time();
	/* the steps, then the guide's code with its caption (under them
	 * where they scroll), each seen whole in one view */
	for (guint i = 0; i <= TD_VNEID_N_STEPS; i++) {
		GtkWidget *part = i < TD_VNEID_N_STEPS ? self->s_steps[i] : gtk_widget_get_parent(self->s_qr);
		graphene_rect_t bounds;
		gdouble from;

		if (!gtk_widget_get_visible(part) || !gtk_widget_compute_bounds(part, self->s_content, &bounds) ||
		    bounds.origin.y + bounds.size.height <= bottom + 0.5)
			continue;
		/* a part taller than the view is read a view at a time */
		from = bounds.origin.y - TD_UI_SPACING_TIGHT > top + 1 ? bounds.origin.y - TD_UI_SPACING_TIGHT : bottom;
		target = MIN(target, from);
	}
	/* clamped at the end */
	gtk_adjustment_set_value(adjustment, target);
}

static GtkWidget *
td_done_button_new(TdVneidPage *self)
{
	GtkWidget *done = td_ui_button_new("", "td-primary");

	td_ui_button_set_wrap(done, TD_UI_LINE_CHARS);
	gtk_widget_set_halign(done, GTK_ALIGN_CENTER);
	g_signal_connect(done, "clicked", G_CALLBACK(td_done_clicked_cb), self);
	return done;
}

/* A view of the step, under the number. One with a last button (done:
 * the guide, the page for no account, the thanks) has it pinned to the
 * bottom of the screen, the view's words scrolling above it where the
 * screen is short (td_ui_pinned_page_new); the question has none. */
static GtkWidget *
td_view_box(TdVneidPage *self, const gchar *name, GtkWidget **done)
{
	GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, TD_UI_SPACING);

	if (done == NULL) {
		gtk_stack_add_named(GTK_STACK(self->stack), box, name);
		return box;
	}
	*done = td_done_button_new(self);
	gtk_stack_add_named(GTK_STACK(self->stack), td_ui_pinned_page_new(box, *done), name);
	return box;
}

/* The number over the question, the guide and the thanks. The page for a
 * patient without an account has no room for it under large text at
 * 1024 × 768 (and says the visit goes on as usual). A short screen
 * (1024 × 600) has no line to spare on any of them (the question's last
 * answers and the guide's "Xong" went below the fold in large text): the
 * strip over the page carries the number there (td_patient_strip_set_queue_number).
 * Unless the ticket did not print: then the number is shown whatever it
 * costs, the page scrolling if it must ("Xong" stays pinned below). */
static void
td_vneid_page_show_number(TdVneidPage *self)
{
	const gchar *view = gtk_stack_get_visible_child_name(GTK_STACK(self->stack));
	gboolean room = self->view->print_failed || (!self->short_screen && g_strcmp0(view, "no-account") != 0);

	gtk_widget_set_visible(self->number, self->view->queue_number > 0 && room);
}

/* The answers two by two, or one under the other on a narrow screen
 * (td-screen-scale.h), where two side by side need more than its width:
 * moved within the grid, before the layout. On a short screen each row
 * is as tall as its own words (not all as the tallest: "Tôi không dùng
 * điện thoại thông minh" takes three lines in large text, the others two)
 * and the answers lose their padding (kiosk.css), so all four stay above
 * the fold on 1024 × 600 in large text; the no-account page drops its
 * shield there, which put its "Xong" 93 px below the fold. */
static void
td_vneid_page_scale_changed(GtkWidget *widget, TdScreenScale scale)
{
	TdVneidPage *self = TD_VNEID_PAGE(widget);

	self->short_screen = scale.short_screen;
	td_vneid_page_show_number(self);
	gtk_widget_set_visible(self->n_icon, !scale.short_screen);
	/* where the steps scroll, they take the width (fewer lines each)
	 * and the guide's code comes after the last: beside them, level
	 * with their middle, it lay under the fold of the first view and
	 * scrolled off the top of the next, never whole with its caption */
	td_reflow_box_set_stacked(TD_REFLOW_BOX(self->s_row), scale.short_screen);
	gtk_grid_set_row_homogeneous(GTK_GRID(self->answer_grid), !scale.short_screen);

	for (guint i = 0; i < TD_VNEID_N_ANSWERS; i++)
		td_ui_grid_place(self->answers[i], scale.narrow ? 0 : (gint)(i % TD_VNEID_ANSWER_COLUMNS),
				 scale.narrow ? (gint)i : (gint)(i / TD_VNEID_ANSWER_COLUMNS), 1, 1);
}

static void
td_vneid_page_build_question(TdVneidPage *self)
{
	GtkWidget *box = td_view_box(self, "question", NULL);
	GtkWidget *words = gtk_box_new(GTK_ORIENTATION_VERTICAL, TD_UI_SPACING_TIGHT);
	GtkWidget *grid = gtk_grid_new();
	GtkWidget *scroller;

	gtk_box_set_spacing(GTK_BOX(box), TD_UI_SPACING_TIGHT);
	self->q_title = td_ui_append(words, td_ui_label_new("td-status"));
	gtk_widget_add_css_class(self->q_title, "td-vneid-question");
	/* the question in two lines where the screen is wide enough, not
	 * three of the words' measure: on 800 x 480 in large text its third
	 * lay under the edge of the box it scrolls in */
	gtk_label_set_max_width_chars(GTK_LABEL(self->q_title), TD_VNEID_QUESTION_CHARS);
	self->q_body = td_ui_append(words, td_ui_label_new("td-hint"));
	/* the words give way to the answers where the screen is short, the
	 * words under the question first: on a 600 x 1024 portrait panel in
	 * large text the fourth answer lay half under the fold, and a
	 * patient who does not scroll never sees "Tôi không dùng điện thoại
	 * thông minh". On 800 x 480 the question too: there the answers
	 * take 178 of the 353 px under the bars, and the page scrolled with
	 * the second row of them under the fold. An answer says what it
	 * means without the question; the voice reads the question out. */
	scroller = td_ui_append(box, td_ui_words_scroller_new(words, TD_VNEID_WORDS_MIN_PX));
	self->q_words_scroller = td_fit_scroller_get_scroller(TD_FIT_SCROLLER(scroller));
	/* big answers under the question, two by two: easy to tell apart and
	 * to hit, and clear of the bottom of the screen */
	gtk_grid_set_row_spacing(GTK_GRID(grid), TD_UI_SPACING_TIGHT);
	gtk_grid_set_column_spacing(GTK_GRID(grid), TD_UI_SPACING_TIGHT);
	gtk_grid_set_column_homogeneous(GTK_GRID(grid), TRUE);
	gtk_grid_set_row_homogeneous(GTK_GRID(grid), TRUE);
	gtk_widget_set_halign(grid, GTK_ALIGN_FILL);
	for (guint i = 0; i < TD_VNEID_N_ANSWERS; i++) {
		GtkWidget *button = td_ui_icon_button_new(answer_buttons[i].icon, TD_UI_ICON_PX, "", "td-answer");
		td_ui_button_set_wrap(button, TD_VNEID_ANSWER_CHARS);
		/* the words take the button's width, so they wrap less */
		gtk_widget_set_hexpand(gtk_widget_get_last_child(gtk_button_get_child(GTK_BUTTON(button))), TRUE);
		gtk_widget_set_hexpand(button, TRUE);
		g_object_set_data(G_OBJECT(button), "td-answer", GINT_TO_POINTER((gint)answer_buttons[i].answer));
		g_signal_connect(button, "clicked", G_CALLBACK(td_answer_clicked_cb), self);
		gtk_grid_attach(GTK_GRID(grid), button, (gint)(i % TD_VNEID_ANSWER_COLUMNS),
				(gint)(i / TD_VNEID_ANSWER_COLUMNS), 1, 1);
		self->answers[i] = button;
	}
	self->answer_grid = td_ui_append(box, grid);
}

static GtkWidget *
td_step_new(guint i)
{
	GtkWidget *step = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, TD_UI_SPACING_TIGHT);
	g_autofree gchar *n = g_strdup_printf("%u", i + 1);
	GtkWidget *number = gtk_label_new(n);
	GtkWidget *icon = gtk_image_new_from_icon_name(step_icons[i]);
	GtkWidget *text = td_ui_label_new("td-step-text");

	gtk_widget_add_css_class(number, "td-step-number");
	gtk_widget_set_valign(number, GTK_ALIGN_START);
	gtk_image_set_pixel_size(GTK_IMAGE(icon), TD_VNEID_STEP_ICON_PX);
	gtk_widget_set_valign(icon, GTK_ALIGN_START);
	gtk_accessible_update_state(GTK_ACCESSIBLE(icon), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
	gtk_label_set_xalign(GTK_LABEL(text), 0);
	gtk_label_set_justify(GTK_LABEL(text), GTK_JUSTIFY_LEFT);
	gtk_label_set_max_width_chars(GTK_LABEL(text), TD_VNEID_STEP_CHARS);
	gtk_widget_set_hexpand(text, TRUE);
	gtk_box_append(GTK_BOX(step), number);
	gtk_box_append(GTK_BOX(step), icon);
	gtk_box_append(GTK_BOX(step), text);
	return step;
}

static void
td_vneid_page_build_steps(TdVneidPage *self)
{
	GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, TD_UI_SPACING_TIGHT);
	GtkWidget *footer = gtk_stack_new();
	GtkWidget *page;
	GtkAdjustment *adjustment;
	GtkWidget *row = self->s_row = td_reflow_box_new(TD_UI_SPACING_WIDE);
	GtkWidget *list = gtk_box_new(GTK_ORIENTATION_VERTICAL, TD_UI_SPACING_TIGHT / 4);
	GtkWidget *qr_box = gtk_box_new(GTK_ORIENTATION_VERTICAL, TD_UI_SPACING_TIGHT);

	self->s_title = td_ui_append(box, td_ui_label_new("td-status"));
	for (guint i = 0; i < TD_VNEID_N_STEPS; i++)
		self->s_steps[i] = td_ui_append(list, td_step_new(i));
	gtk_widget_set_size_request(list, TD_UI_COLUMN_PX + TD_UI_COLUMN_PX / 3, -1);
	/* the row takes the page's spare height (to stack on a totem): the
	 * steps stay level with the code beside them, in its middle */
	gtk_widget_set_valign(list, GTK_ALIGN_CENTER);
	td_reflow_box_append(TD_REFLOW_BOX(row), list);
	gtk_widget_set_valign(qr_box, GTK_ALIGN_CENTER);
	/* an image, not a GtkPicture: it is the texture's own size (a QR
	 * code scaled up gains nothing) whatever the width it is measured
	 * for, where a picture asks for a square as wide as the column and
	 * would push the steps' end off a portrait screen */
	self->s_qr = td_ui_append(qr_box, gtk_image_new());
	gtk_widget_add_css_class(self->s_qr, "td-guide-code");
	g_signal_connect(self->s_qr, "notify::scale-factor", G_CALLBACK(td_guide_code_scale_cb), self);
	gtk_widget_set_halign(self->s_qr, GTK_ALIGN_CENTER);
	gtk_widget_set_visible(self->s_qr, FALSE);
	self->s_qr_caption = td_ui_append(qr_box, td_ui_label_new("td-hint"));
	gtk_label_set_max_width_chars(GTK_LABEL(self->s_qr_caption), TD_VNEID_QR_CAPTION_CHARS);
	gtk_widget_set_visible(self->s_qr_caption, FALSE);
	/* a screen reader names the code by what its caption says it is */
	gtk_accessible_update_relation(GTK_ACCESSIBLE(self->s_qr), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
				       self->s_qr_caption, NULL, -1);
	td_reflow_box_append(TD_REFLOW_BOX(row), qr_box);
	/* on a totem the code goes under the steps rather than leave the
	 * screen's lower half empty; not where that would make the page
	 * scroll (768 × 1024), which would hide the code's caption */
	td_reflow_box_set_stack_when_room(TD_REFLOW_BOX(row), TRUE);
	gtk_widget_set_vexpand(row, TRUE);
	gtk_box_append(GTK_BOX(box), row);

	/* pinned under the steps, as the other views' "Xong"; the two
	 * buttons in one place, the stack as tall as the taller */
	self->s_next = td_ui_icon_button_new("go-down-symbolic", TD_UI_ICON_PX, "", "td-primary");
	td_ui_button_set_wrap(self->s_next, TD_UI_LINE_CHARS);
	gtk_widget_set_halign(self->s_next, GTK_ALIGN_CENTER);
	g_signal_connect(self->s_next, "clicked", G_CALLBACK(td_next_steps_clicked_cb), self);
	self->s_done = td_done_button_new(self);
	self->s_footer = GTK_STACK(footer);
	gtk_stack_set_hhomogeneous(self->s_footer, TRUE);
	gtk_stack_set_vhomogeneous(self->s_footer, TRUE);
	gtk_stack_add_child(self->s_footer, self->s_done);
	gtk_stack_add_child(self->s_footer, self->s_next);
	gtk_stack_set_visible_child(self->s_footer, self->s_done);
	self->s_content = box;
	page = td_ui_pinned_page_new(box, footer);
	self->s_scroller = GTK_SCROLLED_WINDOW(gtk_widget_get_first_child(page));
	gtk_stack_add_named(GTK_STACK(self->stack), page, "steps");
	adjustment = gtk_scrolled_window_get_vadjustment(self->s_scroller);
	g_signal_connect_object(adjustment, "changed", G_CALLBACK(td_steps_moved_cb), self, 0);
	g_signal_connect_object(adjustment, "value-changed", G_CALLBACK(td_steps_moved_cb), self, 0);
}

static void
td_vneid_page_build_no_account(TdVneidPage *self)
{
	GtkWidget *box = td_view_box(self, "no-account", &self->n_done);
	GtkWidget *icon = gtk_image_new_from_icon_name("security-high-symbolic");

	self->n_title = td_ui_append(box, td_ui_label_new("td-title"));
	self->n_icon = icon;
	gtk_image_set_pixel_size(GTK_IMAGE(icon), TD_VNEID_BIG_ICON_PX);
	gtk_accessible_update_state(GTK_ACCESSIBLE(icon), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
	gtk_box_append(GTK_BOX(box), icon);
	self->n_body = td_ui_append(box, td_ui_label_new("td-status"));
	self->n_then = td_ui_append(box, td_ui_label_new("td-body"));
}

static void
td_vneid_page_build_thanks(TdVneidPage *self)
{
	GtkWidget *box = td_view_box(self, "thanks", &self->t_done);
	self->t_title = td_ui_append(box, td_ui_label_new("td-title"));
	self->t_body = td_ui_append(box, td_ui_label_new("td-body"));
}

/* the footer's update reads widgets that go with the children */
static void
td_vneid_page_dispose(GObject *object)
{
	TdVneidPage *self = TD_VNEID_PAGE(object);

	if (self->s_scroller != NULL)
		g_signal_handlers_disconnect_by_data(gtk_scrolled_window_get_vadjustment(self->s_scroller), self);
	self->s_scroller = NULL;
	g_clear_handle_id(&self->s_footer_idle, g_source_remove);
	G_OBJECT_CLASS(td_vneid_page_parent_class)->dispose(object);
}

static void
td_vneid_page_finalize(GObject *object)
{
	TdVneidPage *self = TD_VNEID_PAGE(object);
	td_patient_view_free(self->view);
	g_free(self->guide_url);
	G_OBJECT_CLASS(td_vneid_page_parent_class)->finalize(object);
}

static void
td_vneid_page_class_init(TdVneidPageClass *klass)
{
	G_OBJECT_CLASS(klass)->dispose = td_vneid_page_dispose;
	G_OBJECT_CLASS(klass)->finalize = td_vneid_page_finalize;
	signals[SIGNAL_ANSWERED] = g_signal_new("answered", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL,
						NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
	signals[SIGNAL_DONE] = g_signal_new("done", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
					    G_TYPE_NONE, 0);
}

static void
td_vneid_page_init(TdVneidPage *self)
{
	self->view = td_patient_view_new();
	gtk_orientable_set_orientation(GTK_ORIENTABLE(self), GTK_ORIENTATION_VERTICAL);
	gtk_widget_add_css_class(GTK_WIDGET(self), "td-page");
	gtk_box_set_spacing(GTK_BOX(self), TD_UI_SPACING_TIGHT);
	/* the number stays in sight through the guide and the thanks, as
	 * the patient reads them with the ticket in hand (or without one,
	 * where the printer failed) */
	self->number = td_ui_append(GTK_WIDGET(self), td_ui_label_new("td-queue-caption"));
	self->stack = gtk_stack_new();
	gtk_stack_set_vhomogeneous(GTK_STACK(self->stack), FALSE);
	gtk_stack_set_hhomogeneous(GTK_STACK(self->stack), FALSE);
	gtk_widget_set_vexpand(self->stack, TRUE);
	gtk_box_append(GTK_BOX(self), self->stack);
	td_vneid_page_build_question(self);
	td_screen_scale_watch(GTK_WIDGET(self), td_vneid_page_scale_changed);
	td_vneid_page_build_steps(self);
	td_vneid_page_build_no_account(self);
	td_vneid_page_build_thanks(self);
	g_signal_connect_swapped(self->stack, "notify::visible-child-name", G_CALLBACK(td_vneid_page_show_number), self);
	td_vneid_page_retranslate(self);
	g_signal_connect_object(td_i18n_get_default(), "changed", G_CALLBACK(td_vneid_page_language_changed_cb),
				self, 0);
}

GtkWidget *
td_vneid_page_new(void)
{
	return g_object_new(TD_TYPE_VNEID_PAGE, NULL);
}
