/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>

#include "td-card-illustration.h"
#include "td-fit-scroller.h"
#include "td-i18n.h"
#include "td-patient-pages.h"
#include "td-reflow-box.h"
#include "td-secret.h"
#include "td-ui-util.h"

#define TD_ID_DIGITS	 12
#define TD_BIRTH_DIGITS	 8 /* ddmmyyyy */
#define TD_SPINNER_PX	 96
#define TD_TEXT_COLUMN_CHARS 22 /* the words beside the number pad */
/* Where the pad goes under its words (a portrait screen) and both do not
 * fit, the words scroll in this much at the least (the title's two lines)
 * and the pad stays whole on the screen. */
#define TD_KEY_WORDS_MIN_PX 110
#define TD_TICKET_COLUMN_CHARS 30 /* the words beside the queue number */
/* the words beside the card's picture: at 22 a line the first page's
 * took four lines in large text on a 7" 800 x 480 panel, and its
 * "Nhập số căn cước" lay half under the fold */
#define TD_PICTURE_COLUMN_CHARS 30
/* where they and the number do not fit, the words scroll in this much at
 * the least (three lines) and the number stays whole */
#define TD_TICKET_WORDS_MIN_PX 110

struct _TdPatientPages {
	GObject parent_instance;
	TdPatientView *view; /* a copy of the last update */
	TdReadingStep step;
	guint countdown;
	GtkWidget *pages[TD_KIOSK_N_PAGES]; /* the patient's only */

	/* idle */
	GtkWidget *idle_title;
	GtkWidget *idle_body;
	GtkWidget *idle_hint;
	GtkWidget *idle_key_button;
	GtkWidget *idle_picture;
	/* awaiting card */
	GtkWidget *await_title;
	GtkWidget *await_body;
	GtkWidget *await_cancel;
	/* key */
	GtkWidget *key_title;
	GtkWidget *key_body;
	GtkWidget *key_hint;
	GtkWidget *key_refused;
	GtkWidget *key_pad;
	GtkWidget *key_cancel;
	GtkWidget *key_words; /* the scroller of the words over the pad */
	gboolean key_birth_mode;
	/* reading */
	GtkWidget *reading_status;
	GtkWidget *reading_hint;
	/* ticket (queue number) */
	GtkWidget *ticket_welcome;
	GtkWidget *ticket_caption;
	GtkWidget *ticket_number;
	GtkWidget *ticket_insurance;
	GtkWidget *ticket_next;
	GtkWidget *ticket_note;
	GtkWidget *ticket_countdown;
	GtkWidget *ticket_button;
	/* see staff */
	GtkWidget *staff_title;
	GtkWidget *staff_welcome;
	GtkWidget *staff_reason;
	GtkWidget *staff_caption;
	GtkWidget *staff_number;
	GtkWidget *staff_next;
	GtkWidget *staff_countdown;
	GtkWidget *staff_done;
	/* out of service */
	GtkWidget *oos_title;
	GtkWidget *oos_body;
};

G_DEFINE_FINAL_TYPE(TdPatientPages, td_patient_pages, G_TYPE_OBJECT)

enum {
	SIGNAL_ID_SUBMITTED,
	SIGNAL_BIRTH_DATE_SUBMITTED,
	SIGNAL_CONTINUE,
	SIGNAL_DONE,
	SIGNAL_CANCEL,
	SIGNAL_KEY_ENTRY,
	N_SIGNALS
};
static guint signals[N_SIGNALS];

static gchar *
td_countdown_text(guint seconds)
{
	if (seconds == 0)
		return g_strdup("");
	return g_strdup_printf(g_dngettext(GETTEXT_PACKAGE, "This screen moves on in %u second.",
					   "This screen moves on in %u seconds.", seconds),
			       seconds);
}

static void
td_set_text(GtkWidget *label, const gchar *text)
{
	gtk_label_set_text(GTK_LABEL(label), text != NULL ? text : "");
	gtk_widget_set_visible(label, text != NULL && text[0] != '\0');
}

/* Under the card or the number pad: the scanner, or what it just read
 * could not be used (td_kiosk_window_scan). */
static const gchar *
td_patient_pages_qr_hint(const TdPatientView *view)
{
	if (view->scan_unreadable)
		/* "the card", as in the hint it replaces: "thẻ căn cước" made
		 * it four lines of large text beside the card's picture on a
		 * 7" panel, and the way left, "Nhập số căn cước", went under
		 * the fold */
		return _("The kiosk could not read that code. Please scan the QR code on the front of the card.");
	return _("Or hold the QR code on the front of the card to the scanner.");
}

static void
td_patient_pages_retranslate_key(TdPatientPages *self)
{
	const TdPatientView *view = self->view;

	if (view->birth_date_asked) {
		td_set_text(self->key_title, _("Your card also needs your date of birth to open."));
		td_set_text(self->key_body, _("Please press your date of birth: day, month and year, 8 digits."));
		/* an example says more than "8 digits": the leading zeros */
		td_set_text(self->key_hint, _("For example, born on 05/03/1958: press 05031958."));
		td_ui_set_a11y_label(self->key_pad, _("Date of birth (8 digits)"));
	} else {
		td_set_text(self->key_title, _("The kiosk needs your ID number to open the card."));
		td_set_text(self->key_body, _("Please press the 12 digits printed on the card."));
		td_set_text(self->key_hint, td_patient_pages_qr_hint(view));
		td_ui_set_a11y_label(self->key_pad, _("ID number (12 digits)"));
	}
	td_ui_set_css_class(self->key_hint, "td-warn", !view->birth_date_asked && view->scan_unreadable);
	/* after the birth date, either may be wrong: not only "the 12 digits" */
	td_set_text(self->key_refused,
		    !view->key_refused ? NULL
		    : view->key_refused_with_birth_date
			? _("The ID number or the date of birth does not match the card yet. Please press the 12 digits "
			    "printed on the card again, then the date of birth, or press “Call staff”.")
			: _("The number does not match the card yet. Please check the 12 digits printed on the card, or "
			    "press “Call staff”."));
	td_ui_button_set_text(self->key_cancel, _("Start again"));
	/* new words (a refusal, the birth date, the next patient): from
	 * their top */
	gtk_adjustment_set_value(gtk_scrolled_window_get_vadjustment(GTK_SCROLLED_WINDOW(self->key_words)), 0);
}

static void
td_patient_pages_retranslate(TdPatientPages *self)
{
	const TdPatientView *view = self->view;
	g_autofree gchar *welcome = td_patient_view_greeting(view);
	g_autofree gchar *number = td_queue_label(view->queue_series, view->queue_number);
	g_autofree gchar *countdown = td_countdown_text(self->countdown);
	const gchar *note = NULL;

	if (view->card_left) {
		/* the commonest loss: asked for until the card is lifted;
		 * nothing else to press meanwhile (a number typed would wait
		 * for a card the reader already has) */
		td_set_text(self->idle_title, _("Please take back your ID card"));
		/* one thing to do: "to check in again, lift it and lay it
		 * down again" under it had a patient who was done put the
		 * card back down */
		td_set_text(self->idle_body, _("The card is still on the card reader. Please lift it and take it with "
					       "you."));
	} else if (view->scan_unreadable) {
		/* in the body, beside the card: the hint under it lies under
		 * the fold of a 7" 800 x 480 panel */
		td_set_text(self->idle_title, _("Please place your chip ID card on the card reader"));
		td_set_text(self->idle_body, td_patient_pages_qr_hint(view));
	} else {
		/* "on the card reader" is the title's: said again, the
		 * sentence took four lines of large text on a 7" 800 x 480
		 * panel, and "Nhập số căn cước" under it went under the fold */
		td_set_text(self->idle_title, _("Please place your chip ID card on the card reader"));
		td_set_text(self->idle_body, _("Lay the card flat, picture side up, and leave it there until your number "
					       "appears."));
	}
	td_ui_set_css_class(self->idle_body, "td-warn", view->scan_unreadable && !view->card_left);
	td_set_text(self->idle_hint, _("Or hold the QR code on the front of the card to the scanner."));
	td_ui_button_set_text(self->idle_key_button, _("Type my ID number"));
	/* after an unreadable scan the body says it already */
	gtk_widget_set_visible(self->idle_hint, !view->card_left && !view->scan_unreadable);
	gtk_widget_set_visible(self->idle_key_button, !view->card_left);
	td_card_illustration_set_lifting(self->idle_picture, view->card_left);

	td_set_text(self->await_title, _("Now please place your ID card on the card reader"));
	td_set_text(self->await_body, _("The kiosk has your ID number."));
	td_ui_button_set_text(self->await_cancel, _("Start again"));

	td_patient_pages_retranslate_key(self);

	switch (self->step) {
	case TD_READING_STEP_CARD_FOUND:
		td_set_text(self->reading_status, _("Card found…"));
		break;
	case TD_READING_STEP_READING:
		td_set_text(self->reading_status, _("Reading your card…"));
		break;
	case TD_READING_STEP_CHECKING_INSURANCE:
	default:
		td_set_text(self->reading_status, _("Checking your health insurance…"));
		break;
	}
	td_set_text(self->reading_hint, _("Please leave the card on the card reader."));

	td_set_text(self->ticket_welcome, welcome);
	td_set_text(self->ticket_caption, td_patient_view_addressed(view, N_("Your number")));
	td_set_text(self->ticket_number, view->queue_number > 0 ? number : NULL);
	/* pending: the next step says reception confirms the insurance */
	td_set_text(self->ticket_insurance,
		    view->outcome == TD_OUTCOME_PENDING_ELIGIBILITY ? NULL : td_patient_view_insurance_text(view));
	td_set_text(self->ticket_next, td_patient_view_ticket_next_text(view));
	if (view->print_failed)
		note = _("The ticket could not be printed: please remember this number. Staff have been told.");
	else if (view->repeat_visit)
		note = td_patient_view_addressed(view, N_("You already took this number today."));
	td_set_text(self->ticket_note, note);
	td_set_text(self->ticket_countdown, countdown);
	td_ui_button_set_text(self->ticket_button, view->vneid_pending ? _("Continue") : td_patient_view_finish_text());

	td_set_text(self->staff_title, _("Please go to the reception desk"));
	td_set_text(self->staff_welcome, view->full_name != NULL ? welcome : NULL);
	td_set_text(self->staff_reason, td_patient_view_see_staff_text(view));
	td_set_text(self->staff_caption,
		    view->queue_number > 0 ? td_patient_view_addressed(view, N_("Your number")) : NULL);
	td_set_text(self->staff_number, view->queue_number > 0 ? number : NULL);
	td_set_text(self->staff_next,
		    view->print_failed
			? _("The ticket could not be printed: please remember this number. Staff have been told.")
			: _("Take your ID card with you to the reception desk."));
	td_set_text(self->staff_countdown, countdown);
	td_ui_button_set_text(self->staff_done, td_patient_view_finish_text());

	td_set_text(self->oos_title, _("The kiosk is not working right now"));
	td_set_text(self->oos_body, _("Please go to the reception desk. We are sorry."));
}

gchar *
td_patient_pages_get_spoken(TdPatientPages *self, TdKioskPage page, const gchar **message_key)
{
	const TdPatientView *view = self->view;
	const gchar *key = NULL;
	gchar *text = NULL;
	/* the letter, then the number */
	g_autofree gchar *number = td_queue_label_spoken(view->queue_series, view->queue_number);

	switch (page) {
	case TD_KIOSK_PAGE_IDLE:
		key = view->card_left ? "idle.card-left" : "idle";
		text = g_strdup(gtk_label_get_text(GTK_LABEL(self->idle_title)));
		break;
	case TD_KIOSK_PAGE_AWAITING_CARD:
		key = "awaiting-card";
		text = g_strdup(gtk_label_get_text(GTK_LABEL(self->await_title)));
		break;
	case TD_KIOSK_PAGE_KEY:
		key = view->key_refused ? "key.refused" : view->birth_date_asked ? "key.birth-date" : "key";
		text = g_strdup_printf("%s %s", gtk_label_get_text(GTK_LABEL(self->key_title)),
				       view->key_refused ? gtk_label_get_text(GTK_LABEL(self->key_refused))
							 : gtk_label_get_text(GTK_LABEL(self->key_body)));
		break;
	case TD_KIOSK_PAGE_READING:
		key = "reading";
		text = g_strdup(gtk_label_get_text(GTK_LABEL(self->reading_hint)));
		break;
	case TD_KIOSK_PAGE_TICKET:
		/* the name and the number: said by the voice, never recorded.
		 * No ticket came out: the number and that news, said again when
		 * the printer's answer comes (a patient who cannot read waits
		 * at the printer) */
		if (view->print_failed)
			text = g_strdup_printf("%s: %s. %s", gtk_label_get_text(GTK_LABEL(self->ticket_caption)), number,
					       gtk_label_get_text(GTK_LABEL(self->ticket_note)));
		else
			/* the greeting and the number: the page's main
			 * sentence, under six seconds (WORDING.md; with the
			 * next step it took ten); the rest is on the screen */
			text = g_strdup_printf("%s. %s: %s.", gtk_label_get_text(GTK_LABEL(self->ticket_welcome)),
					       gtk_label_get_text(GTK_LABEL(self->ticket_caption)), number);
		break;
	case TD_KIOSK_PAGE_SEE_STAFF:
		if (view->queue_number > 0 && view->print_failed)
			text = g_strdup_printf("%s. %s: %s. %s", gtk_label_get_text(GTK_LABEL(self->staff_title)),
					       gtk_label_get_text(GTK_LABEL(self->staff_caption)), number,
					       gtk_label_get_text(GTK_LABEL(self->staff_next)));
		else if (view->queue_number > 0)
			/* where to go and the number; why is told at the desk */
			text = g_strdup_printf("%s. %s: %s.", gtk_label_get_text(GTK_LABEL(self->staff_title)),
					       gtk_label_get_text(GTK_LABEL(self->staff_caption)), number);
		else
			text = g_strdup_printf("%s. %s", gtk_label_get_text(GTK_LABEL(self->staff_title)),
					       gtk_label_get_text(GTK_LABEL(self->staff_reason)));
		break;
	case TD_KIOSK_PAGE_OUT_OF_SERVICE:
		key = "out-of-service";
		text = g_strdup_printf("%s. %s", gtk_label_get_text(GTK_LABEL(self->oos_title)),
				       gtk_label_get_text(GTK_LABEL(self->oos_body)));
		break;
	default:
		break;
	}
	if (message_key != NULL)
		*message_key = key;
	return text;
}

static void
td_patient_pages_language_changed_cb(TdI18n *i18n, TdPatientPages *self)
{
	td_patient_pages_retranslate(self);
}

static void
td_patient_pages_set_key_mode(TdPatientPages *self, gboolean birth_date)
{
	if (self->key_birth_mode == birth_date)
		return;
	self->key_birth_mode = birth_date;
	if (birth_date)
		td_number_pad_set_format(TD_NUMBER_PAD(self->key_pad), TD_BIRTH_DIGITS, TD_BIRTH_DIGITS,
					 TD_NUMBER_PAD_DATE);
	else
		td_number_pad_set_format(TD_NUMBER_PAD(self->key_pad), TD_ID_DIGITS, TD_ID_DIGITS,
					 TD_NUMBER_PAD_DIGITS);
}

void
td_patient_pages_update(TdPatientPages *self, const TdPatientView *view)
{
	g_return_if_fail(TD_IS_PATIENT_PAGES(self));
	td_patient_view_copy(self->view, view);
	if (view == NULL)
		td_number_pad_clear(TD_NUMBER_PAD(self->key_pad));
	td_patient_pages_set_key_mode(self, self->view->birth_date_asked);
	td_patient_pages_retranslate(self);
}

void
td_patient_pages_set_reading_step(TdPatientPages *self, TdReadingStep step)
{
	self->step = step;
	td_patient_pages_retranslate(self);
}

void
td_patient_pages_set_countdown(TdPatientPages *self, guint seconds)
{
	g_autofree gchar *text = NULL;

	if (self->countdown == seconds)
		return;
	self->countdown = seconds;
	text = td_countdown_text(seconds);
	td_set_text(self->ticket_countdown, text);
	td_set_text(self->staff_countdown, text);
}

TdNumberPad *
td_patient_pages_get_number_pad(TdPatientPages *self)
{
	return TD_NUMBER_PAD(self->key_pad);
}

void
td_patient_pages_attach(TdPatientPages *self, GtkStack *stack)
{
	for (guint i = 0; i < TD_KIOSK_N_PAGES; i++) {
		if (self->pages[i] != NULL)
			gtk_stack_add_named(stack, self->pages[i], td_kiosk_page_to_string((TdKioskPage)i));
	}
}

static void
td_emit_cb(GtkButton *button, TdPatientPages *self)
{
	g_signal_emit(self, signals[GPOINTER_TO_UINT(g_object_get_data(G_OBJECT(button), "td-signal"))], 0);
}

static GtkWidget *
td_signal_button(TdPatientPages *self, GtkWidget *box, guint signal, const gchar *css_class)
{
	GtkWidget *button = td_ui_button_new("", css_class);
	td_ui_button_set_wrap(button, TD_TEXT_COLUMN_CHARS);
	/* centred, so as wide as it asks: one line where the column has room
	 * ("Làm lại từ đầu" broke in two beside the pad) */
	td_ui_button_set_wrap_when_narrow(button);
	gtk_widget_set_halign(button, GTK_ALIGN_CENTER);
	g_object_set_data(G_OBJECT(button), "td-signal", GUINT_TO_POINTER(signal));
	g_signal_connect(button, "clicked", G_CALLBACK(td_emit_cb), self);
	gtk_box_append(GTK_BOX(box), button);
	return button;
}

static void
td_pad_submitted_cb(TdNumberPad *pad, const gchar *text, TdPatientPages *self)
{
	if (self->key_birth_mode) {
		guint day = 0, month = 0, year = 0;
		if (sscanf(text, "%2u%2u%4u", &day, &month, &year) == 3)
			g_signal_emit(self, signals[SIGNAL_BIRTH_DATE_SUBMITTED], 0, day, month, year);
		td_memwipe(&day, sizeof(day));
		td_memwipe(&month, sizeof(month));
		td_memwipe(&year, sizeof(year));
	} else {
		g_signal_emit(self, signals[SIGNAL_ID_SUBMITTED], 0, text);
	}
	td_number_pad_clear(pad);
}

static void
td_patient_pages_dispose(GObject *object)
{
	TdPatientPages *self = TD_PATIENT_PAGES(object);
	for (guint i = 0; i < TD_KIOSK_N_PAGES; i++)
		g_clear_object(&self->pages[i]);
	G_OBJECT_CLASS(td_patient_pages_parent_class)->dispose(object);
}

static void
td_patient_pages_finalize(GObject *object)
{
	TdPatientPages *self = TD_PATIENT_PAGES(object);
	td_patient_view_free(self->view);
	G_OBJECT_CLASS(td_patient_pages_parent_class)->finalize(object);
}

static void
td_patient_pages_class_init(TdPatientPagesClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS(klass);
	GType type = G_TYPE_FROM_CLASS(klass);

	object_class->dispose = td_patient_pages_dispose;
	object_class->finalize = td_patient_pages_finalize;
	signals[SIGNAL_ID_SUBMITTED] = g_signal_new("id-submitted", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
						    G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
	signals[SIGNAL_BIRTH_DATE_SUBMITTED] = g_signal_new("birth-date-submitted", type, G_SIGNAL_RUN_LAST, 0, NULL,
							    NULL, NULL, G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_UINT,
							    G_TYPE_UINT);
	signals[SIGNAL_CONTINUE] =
	    g_signal_new("continue", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
	signals[SIGNAL_DONE] = g_signal_new("done", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
	signals[SIGNAL_CANCEL] = g_signal_new("cancel", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
	signals[SIGNAL_KEY_ENTRY] =
	    g_signal_new("key-entry", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

/* A page: a column, its content in the middle of the screen. Kept with a
 * reference until the stack takes it. */
static GtkWidget *
td_page_new(TdPatientPages *self, TdKioskPage page)
{
	GtkWidget *box = td_ui_box_new(GTK_ORIENTATION_VERTICAL, TD_UI_SPACING, "td-page");
	gtk_widget_set_valign(box, GTK_ALIGN_FILL);
	self->pages[page] = g_object_ref_sink(box);
	return box;
}

static GtkWidget *
td_add_label(GtkWidget *box, const gchar *css_class)
{
	return td_ui_append(box, td_ui_label_new(css_class));
}

/* A column of words that shares a row with a picture or the pad. */
static GtkWidget *
td_text_column_new(void)
{
	GtkWidget *column = gtk_box_new(GTK_ORIENTATION_VERTICAL, TD_UI_SPACING);
	gtk_widget_set_valign(column, GTK_ALIGN_CENTER);
	gtk_widget_set_size_request(column, TD_UI_COLUMN_PX, -1);
	return column;
}

static GtkWidget *
td_column_label(GtkWidget *column, const gchar *css_class)
{
	GtkWidget *label = td_add_label(column, css_class);
	gtk_label_set_max_width_chars(GTK_LABEL(label), TD_TEXT_COLUMN_CHARS);
	return label;
}

/* The labels of a column, wider than the pad's */
static void
td_labels_set_chars(GtkWidget *column, gint chars)
{
	for (GtkWidget *c = gtk_widget_get_first_child(column); c != NULL; c = gtk_widget_get_next_sibling(c))
		gtk_label_set_max_width_chars(GTK_LABEL(c), chars);
}

/* A page's row: its two halves side by side on a landscape screen that
 * has the width; on a portrait one, one above the other even where a row
 * would fit (a 1080x1920 totem kiosk), which uses the screen's height
 * instead of leaving most of it empty, and gives the words the whole
 * width. */
static GtkWidget *
td_page_row_new(void)
{
	GtkWidget *row = td_reflow_box_new(TD_UI_SPACING_WIDE);

	td_reflow_box_set_stack_on_portrait(TD_REFLOW_BOX(row), TRUE);
	return row;
}

/* Fills the rest of a page, so what follows sits at its bottom. */
static void
td_add_spring(GtkWidget *box)
{
	GtkWidget *spring = gtk_box_new(GTK_ORIENTATION_VERTICAL, 0);
	gtk_widget_set_vexpand(spring, TRUE);
	gtk_box_append(GTK_BOX(box), spring);
}

static void
td_patient_pages_build_idle(TdPatientPages *self)
{
	GtkWidget *box = td_page_new(self, TD_KIOSK_PAGE_IDLE);
	GtkWidget *row = td_page_row_new();
	GtkWidget *column = td_text_column_new();

	self->idle_title = td_add_label(box, "td-title");
	gtk_widget_set_vexpand(row, TRUE);
	self->idle_picture = td_card_illustration_new();
	td_reflow_box_append(TD_REFLOW_BOX(row), self->idle_picture);
	self->idle_body = td_column_label(column, "td-body");
	gtk_label_set_max_width_chars(GTK_LABEL(self->idle_body), TD_PICTURE_COLUMN_CHARS);
	/* in the middle of the screen, clear of the last page's bottom button */
	self->idle_key_button = td_signal_button(self, column, SIGNAL_KEY_ENTRY, NULL);
	td_reflow_box_append(TD_REFLOW_BOX(row), column);
	gtk_box_append(GTK_BOX(box), row);
	self->idle_hint = td_add_label(box, "td-hint");
}

static void
td_patient_pages_build_awaiting(TdPatientPages *self)
{
	GtkWidget *box = td_page_new(self, TD_KIOSK_PAGE_AWAITING_CARD);
	GtkWidget *row = td_page_row_new();
	GtkWidget *column = td_text_column_new();

	self->await_title = td_add_label(box, "td-title");
	gtk_widget_set_vexpand(row, TRUE);
	td_reflow_box_append(TD_REFLOW_BOX(row), td_card_illustration_new());
	self->await_body = td_column_label(column, "td-body");
	gtk_label_set_max_width_chars(GTK_LABEL(self->await_body), TD_PICTURE_COLUMN_CHARS);
	self->await_cancel = td_signal_button(self, column, SIGNAL_CANCEL, "td-small");
	td_reflow_box_append(TD_REFLOW_BOX(row), column);
	gtk_box_append(GTK_BOX(box), row);
}

static void
td_patient_pages_build_key(TdPatientPages *self)
{
	GtkWidget *box = td_page_new(self, TD_KIOSK_PAGE_KEY);
	GtkWidget *row = td_page_row_new();
	GtkWidget *column = td_text_column_new();

	/* the words beside the pad where the screen is wide enough */
	gtk_widget_set_vexpand(row, TRUE);
	/* a number refused says so first, over the title: where the words
	 * scroll in two lines' room (600 x 1024, large text) it is what shows */
	self->key_refused = td_column_label(column, "td-warn");
	gtk_widget_add_css_class(self->key_refused, "td-body");
	self->key_title = td_column_label(column, "td-status");
	self->key_body = td_column_label(column, "td-body");
	self->key_hint = td_column_label(column, "td-hint");
	td_number_pad_size_column(column);
	/* the words give way, not the pad: with the page scrolling, "Đồng ý"
	 * lay under the fold of a 600 x 1024 screen (and most keys in large
	 * text), and an elderly patient does not think to scroll a page; the
	 * way back stays in sight under them */
	{
		GtkWidget *side = gtk_box_new(GTK_ORIENTATION_VERTICAL, TD_UI_SPACING);
		GtkWidget *words = td_ui_words_scroller_new(column, TD_KEY_WORDS_MIN_PX);
		gtk_widget_set_valign(side, GTK_ALIGN_CENTER);
		gtk_box_append(GTK_BOX(side), words);
		self->key_words = GTK_WIDGET(td_fit_scroller_get_scroller(TD_FIT_SCROLLER(words)));
		self->key_cancel = td_signal_button(self, side, SIGNAL_CANCEL, "td-small");
		td_reflow_box_append(TD_REFLOW_BOX(row), side);
	}
	self->key_pad = td_number_pad_new(TD_ID_DIGITS, TD_ID_DIGITS, TD_NUMBER_PAD_DIGITS);
	g_signal_connect(self->key_pad, "submitted", G_CALLBACK(td_pad_submitted_cb), self);
	td_reflow_box_append(TD_REFLOW_BOX(row), self->key_pad);
	gtk_box_append(GTK_BOX(box), row);
}

static void
td_patient_pages_build_reading(TdPatientPages *self)
{
	GtkWidget *box = td_page_new(self, TD_KIOSK_PAGE_READING);
	GtkWidget *spinner = gtk_spinner_new();

	gtk_widget_set_valign(box, GTK_ALIGN_CENTER);
	gtk_widget_set_size_request(spinner, TD_SPINNER_PX, TD_SPINNER_PX);
	gtk_spinner_set_spinning(GTK_SPINNER(spinner), TRUE);
	gtk_box_append(GTK_BOX(box), spinner);
	self->reading_status = td_add_label(box, "td-status");
	self->reading_hint = td_add_label(box, "td-body");
}

/* The pages that show a number: a title over the number large on one
 * side (above, on a portrait screen) and what it means on the other
 * (column: the caller adds its sentences, then sets their width), in the
 * middle of what is left; under them, pinned to the bottom of the screen
 * (td_ui_pinned_page_new), the countdown and the button that goes on.
 * The next page (the VNeID question) has no button there. */
typedef struct {
	GtkWidget *title;
	GtkWidget *caption;
	GtkWidget *number;
	GtkWidget *column;
	GtkWidget *countdown;
	GtkWidget *button;
} TdNumberPage;

static void
td_number_page_build(TdPatientPages *self, TdKioskPage page, guint signal, TdNumberPage *out)
{
	GtkWidget *content = td_ui_box_new(GTK_ORIENTATION_VERTICAL, TD_UI_SPACING, NULL);
	GtkWidget *footer = td_ui_box_new(GTK_ORIENTATION_VERTICAL, TD_UI_SPACING, NULL);
	GtkWidget *row = td_page_row_new();
	GtkWidget *number = td_ui_box_new(GTK_ORIENTATION_VERTICAL, 0, NULL);

	out->column = td_text_column_new();
	out->title = td_add_label(content, "td-title");
	gtk_widget_add_css_class(out->title, "td-number-title");
	gtk_widget_set_valign(number, GTK_ALIGN_CENTER);
	out->caption = td_add_label(number, "td-queue-caption");
	/* one line, over the number as wide ("Số thứ tự của / bà" took a
	 * line the number needs on a 7" panel) */
	gtk_label_set_wrap(GTK_LABEL(out->caption), FALSE);
	out->number = td_add_label(number, "td-queue-number");
	/* a number is never broken over two lines */
	gtk_label_set_wrap(GTK_LABEL(out->number), FALSE);
	td_reflow_box_append(TD_REFLOW_BOX(row), number);
	gtk_widget_set_size_request(out->column, TD_UI_WIDE_COLUMN_PX - TD_UI_WORDS_BAR_PX, -1);
	/* the words give way, not the number: with the page scrolling, the
	 * pinned button left "17" cut in half under the page's shade on a
	 * 7" 800 x 480 panel */
	td_reflow_box_append(TD_REFLOW_BOX(row), td_ui_words_scroller_new(out->column, TD_TICKET_WORDS_MIN_PX));
	td_add_spring(content);
	gtk_box_append(GTK_BOX(content), row);
	td_add_spring(content);
	out->countdown = td_add_label(footer, "td-hint");
	out->button = td_signal_button(self, footer, signal, "td-primary");
	gtk_box_append(GTK_BOX(td_page_new(self, page)), td_ui_pinned_page_new(content, footer));
}

static void
td_patient_pages_build_ticket(TdPatientPages *self)
{
	TdNumberPage page;

	/* its button: the VNeID question, or the end (the session decides) */
	td_number_page_build(self, TD_KIOSK_PAGE_TICKET, SIGNAL_CONTINUE, &page);
	self->ticket_welcome = page.title;
	self->ticket_caption = page.caption;
	self->ticket_number = page.number;
	self->ticket_countdown = page.countdown;
	self->ticket_button = page.button;
	/* what is said of the number itself (not printed: remember it; taken
	 * already today) first, beside it: on a short screen the sentences
	 * after it scroll, and "xin nhớ số thứ tự này" lay under the fold */
	self->ticket_note = td_column_label(page.column, "td-warn");
	gtk_widget_add_css_class(self->ticket_note, "td-body");
	self->ticket_insurance = td_column_label(page.column, "td-body");
	gtk_widget_add_css_class(self->ticket_insurance, "td-good");
	self->ticket_next = td_column_label(page.column, "td-body");
	td_labels_set_chars(page.column, TD_TICKET_COLUMN_CHARS);
}

static void
td_patient_pages_build_see_staff(TdPatientPages *self)
{
	TdNumberPage page;

	td_number_page_build(self, TD_KIOSK_PAGE_SEE_STAFF, SIGNAL_DONE, &page);
	self->staff_title = page.title;
	self->staff_caption = page.caption;
	self->staff_number = page.number;
	self->staff_countdown = page.countdown;
	self->staff_done = page.button;
	self->staff_welcome = td_column_label(page.column, "td-body");
	self->staff_reason = td_column_label(page.column, "td-body");
	gtk_widget_add_css_class(self->staff_reason, "td-warn");
	self->staff_next = td_column_label(page.column, "td-body");
	td_labels_set_chars(page.column, TD_TICKET_COLUMN_CHARS);
}

static void
td_patient_pages_build_out_of_service(TdPatientPages *self)
{
	GtkWidget *box = td_page_new(self, TD_KIOSK_PAGE_OUT_OF_SERVICE);
	gtk_widget_set_valign(box, GTK_ALIGN_CENTER);
	self->oos_title = td_add_label(box, "td-title");
	self->oos_body = td_add_label(box, "td-body");
}

static void
td_patient_pages_init(TdPatientPages *self)
{
	self->view = td_patient_view_new();
	self->step = TD_READING_STEP_READING;
	td_patient_pages_build_idle(self);
	td_patient_pages_build_awaiting(self);
	td_patient_pages_build_key(self);
	td_patient_pages_build_reading(self);
	td_patient_pages_build_ticket(self);
	td_patient_pages_build_see_staff(self);
	td_patient_pages_build_out_of_service(self);
	td_patient_pages_retranslate(self);
	g_signal_connect_object(td_i18n_get_default(), "changed", G_CALLBACK(td_patient_pages_language_changed_cb),
				self, 0);
}

TdPatientPages *
td_patient_pages_new(void)
{
	return g_object_new(TD_TYPE_PATIENT_PAGES, NULL);
}
