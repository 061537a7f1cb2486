/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-card-illustration.h"
#include "td-i18n.h"
#include "td-patient-pages.h"
#include "td-ui-util.h"

struct _TdPatientPages {
	GObject parent_instance;
	TdPatientView *view; /* a copy of the last update */
	TdReadingStep step;

	/* idle */
	GtkWidget *idle_title;
	GtkWidget *idle_body;
	GtkWidget *idle_hint;
	GtkWidget *idle_key_button;
	/* key */
	GtkWidget *key_title;
	GtkWidget *key_body;
	GtkWidget *key_refused;
	GtkWidget *key_pad;
	GtkWidget *key_cancel;
	/* reading */
	GtkWidget *reading_status;
	GtkWidget *reading_hint;
	GtkWidget *reading_spinner;
	/* ticket (queue number) */
	GtkWidget *ticket_welcome;
	GtkWidget *ticket_caption;
	GtkWidget *ticket_number;
	GtkWidget *ticket_insurance;
	GtkWidget *ticket_next;
	GtkWidget *ticket_done;
	/* see staff */
	GtkWidget *staff_title;
	GtkWidget *staff_welcome;
	GtkWidget *staff_reason;
	GtkWidget *staff_caption;
	GtkWidget *staff_number;
	GtkWidget *staff_next;
	GtkWidget *staff_done;
	/* out of service */
	GtkWidget *oos_title;
	GtkWidget *oos_body;
};

G_DEFINE_FINAL_TYPE(TdPatientPages, td_patient_pages, G_TYPE_OBJECT)

enum { SIGNAL_ID_SUBMITTED, SIGNAL_CONTINUE, SIGNAL_DONE, SIGNAL_CANCEL, SIGNAL_KEY_ENTRY, N_SIGNALS };
static guint signals[N_SIGNALS];

static GtkWidget *
td_page_box_new(GtkStack *stack, const gchar *name)
{
	GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 24);
	gtk_widget_add_css_class(box, "td-page");
	gtk_widget_set_valign(box, GTK_ALIGN_CENTER);
	gtk_widget_set_halign(box, GTK_ALIGN_FILL);
	gtk_stack_add_named(stack, box, name);
	return box;
}

static GtkWidget *
td_add_label(GtkWidget *box, const gchar *css_class)
{
	GtkWidget *label = td_ui_label_new(css_class);
	gtk_box_append(GTK_BOX(box), label);
	return label;
}

static gchar *
td_welcome_text(const TdPatientView *view)
{
	if (view->full_name == NULL || view->full_name[0] == '\0')
		return g_strdup(_("Welcome"));
	/* TRANSLATORS: %s is the patient's full name from the ID card */
	return g_strdup_printf(_("Welcome, %s"), view->full_name);
}

static void
td_patient_pages_retranslate(TdPatientPages *self)
{
	const TdPatientView *view = self->view;
	g_autofree gchar *welcome = td_welcome_text(view);
	g_autofree gchar *number = g_strdup_printf("%u", view->queue_number);

	gtk_label_set_text(GTK_LABEL(self->idle_title), _("Please place your chip ID card on the reader"));
	gtk_label_set_text(GTK_LABEL(self->idle_body),
			   _("Lay the card flat on the reader, picture side up, and leave it there until "
			     "your number appears."));
	gtk_label_set_text(GTK_LABEL(self->idle_hint),
			   _("You can also scan the QR code on the front of your card first."));
	td_ui_button_set_text(self->idle_key_button, _("Type my ID number instead"));

	gtk_label_set_text(GTK_LABEL(self->key_title), _("Scan the QR code on the front of your card"));
	gtk_label_set_text(GTK_LABEL(self->key_body), _("or type the 12 digits of your ID number:"));
	gtk_label_set_text(GTK_LABEL(self->key_refused),
			   _("This number did not open the card. Please check it and try again."));
	gtk_widget_set_visible(self->key_refused, view->key_refused);
	/* the words beside the pad say what to type; the display's name too */
	td_ui_set_a11y_label(self->key_pad, _("ID number (12 digits)"));
	td_ui_button_set_text(self->key_cancel, _("Start again"));

	switch (self->step) {
	case TD_READING_STEP_CARD_FOUND:
		gtk_label_set_text(GTK_LABEL(self->reading_status), _("Card found…"));
		break;
	case TD_READING_STEP_READING:
		gtk_label_set_text(GTK_LABEL(self->reading_status), _("Reading your card…"));
		break;
	case TD_READING_STEP_CHECKING_INSURANCE:
	default:
		gtk_label_set_text(GTK_LABEL(self->reading_status), _("Checking your health insurance card…"));
		break;
	}
	gtk_label_set_text(GTK_LABEL(self->reading_hint), _("Please leave the card on the reader."));

	gtk_label_set_text(GTK_LABEL(self->ticket_welcome), welcome);
	gtk_label_set_text(GTK_LABEL(self->ticket_caption), _("Your number"));
	gtk_label_set_text(GTK_LABEL(self->ticket_number), view->queue_number > 0 ? number : "");
	gtk_label_set_text(GTK_LABEL(self->ticket_insurance), td_patient_view_insurance_text(view));
	gtk_label_set_text(GTK_LABEL(self->ticket_next), td_patient_view_next_step_text(view));
	td_ui_button_set_text(self->ticket_done, view->vneid_pending ? _("Continue") : _("Finish – you may take your card"));

	gtk_label_set_text(GTK_LABEL(self->staff_title), _("Please see the reception staff"));
	gtk_label_set_text(GTK_LABEL(self->staff_welcome), view->full_name != NULL ? welcome : "");
	gtk_label_set_text(GTK_LABEL(self->staff_reason), td_patient_view_see_staff_text(view));
	gtk_label_set_text(GTK_LABEL(self->staff_caption), view->queue_number > 0 ? _("Your number") : "");
	gtk_label_set_text(GTK_LABEL(self->staff_number), view->queue_number > 0 ? number : "");
	gtk_label_set_text(GTK_LABEL(self->staff_next), _("Take your card with you to the reception desk."));
	td_ui_button_set_text(self->staff_done, _("Finish – you may take your card"));

	gtk_label_set_text(GTK_LABEL(self->oos_title), _("The kiosk is not working right now"));
	gtk_label_set_text(GTK_LABEL(self->oos_body), _("Please go to the reception desk. We are sorry."));
}

static void
td_patient_pages_language_changed_cb(TdI18n *i18n, TdPatientPages *self)
{
	td_patient_pages_retranslate(self);
}

void
td_patient_pages_update(TdPatientPages *self, const TdPatientView *view)
{
	g_return_if_fail(TD_IS_PATIENT_PAGES(self));
	td_patient_view_clear(self->view);
	if (view != NULL) {
		*self->view = *view;
		self->view->full_name = g_strdup(view->full_name);
		self->view->see_staff_reason = g_strdup(view->see_staff_reason);
	}
	if (view == NULL)
		td_number_pad_clear(TD_NUMBER_PAD(self->key_pad));
	td_patient_pages_retranslate(self);
}

void
td_patient_pages_set_reading_step(TdPatientPages *self, TdReadingStep step)
{
	self->step = step;
	td_patient_pages_retranslate(self);
}

TdNumberPad *
td_patient_pages_get_number_pad(TdPatientPages *self)
{
	return TD_NUMBER_PAD(self->key_pad);
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
	gtk_widget_set_halign(button, GTK_ALIGN_CENTER);
	g_object_set_data(G_OBJECT(button), "td-signal", GUINT_TO_POINTER(signal));
	g_signal_connect(button, "clicked", G_CALLBACK(td_emit_cb), self);
	gtk_box_append(GTK_BOX(box), button);
	return button;
}

static void
td_pad_submitted_cb(TdNumberPad *pad, const gchar *text, TdPatientPages *self)
{
	g_signal_emit(self, signals[SIGNAL_ID_SUBMITTED], 0, text);
	td_number_pad_clear(pad);
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
	object_class->finalize = td_patient_pages_finalize;
	signals[SIGNAL_ID_SUBMITTED] = g_signal_new("id-submitted", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0,
						    NULL, NULL, NULL, G_TYPE_NONE, 1,
						    G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
	signals[SIGNAL_CONTINUE] = g_signal_new("continue", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL,
						NULL, NULL, G_TYPE_NONE, 0);
	signals[SIGNAL_DONE] = g_signal_new("done", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
					    G_TYPE_NONE, 0);
	signals[SIGNAL_CANCEL] = g_signal_new("cancel", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
					      NULL, G_TYPE_NONE, 0);
	signals[SIGNAL_KEY_ENTRY] = g_signal_new("key-entry", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL,
						 NULL, NULL, G_TYPE_NONE, 0);
}

static void
td_patient_pages_init(TdPatientPages *self)
{
	self->view = td_patient_view_new();
	self->step = TD_READING_STEP_READING;
}

TdPatientPages *
td_patient_pages_new(GtkStack *stack)
{
	TdPatientPages *self = g_object_new(TD_TYPE_PATIENT_PAGES, NULL);
	GtkWidget *box;
	GtkWidget *row;

	/* idle: the picture beside what to do */
	box = td_page_box_new(stack, "idle");
	self->idle_title = td_add_label(box, "td-title");
	row = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 32);
	gtk_widget_set_halign(row, GTK_ALIGN_CENTER);
	gtk_box_append(GTK_BOX(row), td_card_illustration_new());
	self->idle_body = td_ui_label_new("td-body");
	gtk_label_set_width_chars(GTK_LABEL(self->idle_body), 24);
	gtk_label_set_max_width_chars(GTK_LABEL(self->idle_body), 30);
	gtk_label_set_xalign(GTK_LABEL(self->idle_body), 0);
	gtk_label_set_justify(GTK_LABEL(self->idle_body), GTK_JUSTIFY_LEFT);
	gtk_box_append(GTK_BOX(row), self->idle_body);
	gtk_box_append(GTK_BOX(box), row);
	self->idle_hint = td_add_label(box, "td-hint");
	self->idle_key_button = td_signal_button(self, box, SIGNAL_KEY_ENTRY, NULL);

	/* key: scan or type */
	/* the words beside the pad, so the page fits a landscape screen */
	box = td_page_box_new(stack, "key");
	gtk_orientable_set_orientation(GTK_ORIENTABLE(box), GTK_ORIENTATION_HORIZONTAL);
	gtk_widget_set_halign(box, GTK_ALIGN_CENTER);
	gtk_box_set_spacing(GTK_BOX(box), 48);
	row = gtk_box_new(GTK_ORIENTATION_VERTICAL, 24);
	gtk_widget_set_valign(row, GTK_ALIGN_CENTER);
	gtk_box_append(GTK_BOX(box), row);
	self->key_title = td_add_label(row, "td-title");
	gtk_label_set_width_chars(GTK_LABEL(self->key_title), 18);
	gtk_label_set_max_width_chars(GTK_LABEL(self->key_title), 22);
	self->key_body = td_add_label(row, "td-body");
	gtk_label_set_width_chars(GTK_LABEL(self->key_body), 22);
	gtk_label_set_max_width_chars(GTK_LABEL(self->key_body), 26);
	self->key_refused = td_add_label(row, "td-warn");
	gtk_widget_add_css_class(self->key_refused, "td-body");
	gtk_label_set_max_width_chars(GTK_LABEL(self->key_refused), 24);
	self->key_cancel = td_signal_button(self, row, SIGNAL_CANCEL, "td-small");
	self->key_pad = td_number_pad_new(12, 12, TD_NUMBER_PAD_DIGITS);
	g_signal_connect(self->key_pad, "submitted", G_CALLBACK(td_pad_submitted_cb), self);
	gtk_box_append(GTK_BOX(box), self->key_pad);

	/* reading */
	box = td_page_box_new(stack, "reading");
	self->reading_spinner = gtk_spinner_new();
	gtk_widget_set_size_request(self->reading_spinner, 120, 120);
	gtk_spinner_set_spinning(GTK_SPINNER(self->reading_spinner), TRUE);
	gtk_box_append(GTK_BOX(box), self->reading_spinner);
	self->reading_status = td_add_label(box, "td-status");
	self->reading_hint = td_add_label(box, "td-body");

	/* ticket: the queue number, huge */
	box = td_page_box_new(stack, "ticket");
	gtk_box_set_spacing(GTK_BOX(box), 12);
	self->ticket_welcome = td_add_label(box, "td-title");
	self->ticket_caption = td_add_label(box, "td-queue-caption");
	self->ticket_number = td_add_label(box, "td-queue-number");
	self->ticket_insurance = td_add_label(box, "td-body");
	gtk_widget_add_css_class(self->ticket_insurance, "td-good");
	self->ticket_next = td_add_label(box, "td-body");
	/* the VNeID question, or the end: the session decides */
	self->ticket_done = td_signal_button(self, box, SIGNAL_CONTINUE, "td-primary");

	/* see staff: why, in words */
	box = td_page_box_new(stack, "see-staff");
	gtk_box_set_spacing(GTK_BOX(box), 8);
	self->staff_title = td_add_label(box, "td-title");
	self->staff_welcome = td_add_label(box, "td-body");
	self->staff_reason = td_add_label(box, "td-status");
	gtk_widget_add_css_class(self->staff_reason, "td-warn");
	self->staff_caption = td_add_label(box, "td-queue-caption");
	self->staff_number = td_add_label(box, "td-queue-number");
	self->staff_next = td_add_label(box, "td-body");
	self->staff_done = td_signal_button(self, box, SIGNAL_DONE, "td-primary");

	/* out of service */
	box = td_page_box_new(stack, "out-of-service");
	self->oos_title = td_add_label(box, "td-title");
	self->oos_body = td_add_label(box, "td-body");

	td_patient_pages_retranslate(self);
	g_signal_connect_object(td_i18n_get_default(), "changed", G_CALLBACK(td_patient_pages_language_changed_cb),
				self, 0);
	return self;
}
