/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-i18n.h"
#include "td-number-pad.h"
#include "td-pin-page.h"
#include "td-staff-pin.h"
#include "td-reflow-box.h"
#include "td-ui-util.h"


struct _TdPinPage {
	GtkBox parent_instance;
	gchar *purpose; /* NULL: the console */
	TdPinVerifyFunc verify;
	gpointer verify_data;
	GtkWidget *title;
	GtkWidget *pad;
	GtkWidget *message;
	GtkWidget *cancel;
	TdPinVerdict last;
	guint wait_s;
};

G_DEFINE_FINAL_TYPE(TdPinPage, td_pin_page, GTK_TYPE_BOX)

enum { SIGNAL_UNLOCKED, SIGNAL_CANCEL, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
td_pin_page_show_message(TdPinPage *self)
{
	g_autofree gchar *text = NULL;

	switch (self->last) {
	case TD_PIN_WRONG:
		text = g_strdup(_("Wrong PIN. Please try again."));
		break;
	case TD_PIN_LOCKED:
		text = g_strdup_printf(_("Too many wrong PINs. Try again in %u minutes."), (self->wait_s + 59) / 60);
		break;
	case TD_PIN_NOT_SET:
		text = g_strdup(_("No staff PIN is set yet. Please ask the administrator."));
		break;
	case TD_PIN_ACCEPTED:
	default:
		text = g_strdup("");
		break;
	}
	gtk_label_set_text(GTK_LABEL(self->message), text);
}

static void
td_pin_page_retranslate(TdPinPage *self)
{
	gtk_label_set_text(GTK_LABEL(self->title), self->purpose != NULL ? self->purpose : _("Staff only: enter the PIN"));
	td_ui_set_a11y_label(self->pad, _("PIN"));
	td_ui_button_set_text(self->cancel, _("Back"));
	td_pin_page_show_message(self);
}

static void
td_pin_page_language_changed_cb(TdI18n *i18n, TdPinPage *self)
{
	td_pin_page_retranslate(self);
}

static void
td_pin_submitted_cb(TdNumberPad *pad, const gchar *pin, TdPinPage *self)
{
	self->wait_s = 0;
	self->last = self->verify != NULL ? self->verify(pin, &self->wait_s, self->verify_data) : TD_PIN_NOT_SET;
	td_number_pad_clear(pad);
	td_pin_page_show_message(self);
	if (self->last == TD_PIN_ACCEPTED)
		g_signal_emit(self, signals[SIGNAL_UNLOCKED], 0);
}

static void
td_pin_cancel_clicked_cb(GtkButton *button, TdPinPage *self)
{
	td_pin_page_reset(self);
	g_signal_emit(self, signals[SIGNAL_CANCEL], 0);
}

void
td_pin_page_set_verify_func(TdPinPage *self, TdPinVerifyFunc func, gpointer user_data)
{
	self->verify = func;
	self->verify_data = user_data;
}

void
td_pin_page_reset(TdPinPage *self)
{
	td_number_pad_clear(TD_NUMBER_PAD(self->pad));
	self->last = TD_PIN_ACCEPTED;
	g_clear_pointer(&self->purpose, g_free);
	td_pin_page_retranslate(self);
}

void
td_pin_page_set_purpose(TdPinPage *self, const gchar *title)
{
	g_free(self->purpose);
	self->purpose = g_strdup(title);
	td_pin_page_retranslate(self);
}

void
td_pin_page_enter(TdPinPage *self, const gchar *pin)
{
	td_number_pad_clear(TD_NUMBER_PAD(self->pad));
	for (const gchar *p = pin; *p != '\0'; p++)
		td_number_pad_press(TD_NUMBER_PAD(self->pad), *p);
	td_number_pad_submit(TD_NUMBER_PAD(self->pad));
}

const gchar *
td_pin_page_get_message(TdPinPage *self)
{
	return gtk_label_get_text(GTK_LABEL(self->message));
}

static void
td_pin_page_finalize(GObject *object)
{
	g_free(TD_PIN_PAGE(object)->purpose);
	G_OBJECT_CLASS(td_pin_page_parent_class)->finalize(object);
}

static void
td_pin_page_class_init(TdPinPageClass *klass)
{
	G_OBJECT_CLASS(klass)->finalize = td_pin_page_finalize;
	signals[SIGNAL_UNLOCKED] = g_signal_new("unlocked", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL,
						NULL, NULL, G_TYPE_NONE, 0);
	signals[SIGNAL_CANCEL] = g_signal_new("cancel", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
					      NULL, G_TYPE_NONE, 0);
}

/* The words and the way back beside the pad where the screen is wide
 * enough, above it where it is not. */
static void
td_pin_page_init(TdPinPage *self)
{
	GtkWidget *row = td_reflow_box_new(TD_UI_SPACING_WIDE);
	GtkWidget *column = gtk_box_new(GTK_ORIENTATION_VERTICAL, TD_UI_SPACING);

	gtk_orientable_set_orientation(GTK_ORIENTABLE(self), GTK_ORIENTATION_VERTICAL);
	gtk_widget_add_css_class(GTK_WIDGET(self), "td-page");
	gtk_widget_set_valign(column, GTK_ALIGN_CENTER);
	gtk_widget_set_size_request(column, TD_UI_COLUMN_PX, -1);
	self->title = td_ui_append(column, td_ui_label_new("td-title"));
	gtk_label_set_max_width_chars(GTK_LABEL(self->title), TD_UI_LINE_CHARS / 2);
	self->message = td_ui_append(column, td_ui_label_new("td-warn"));
	gtk_widget_add_css_class(self->message, "td-body");
	gtk_label_set_max_width_chars(GTK_LABEL(self->message), TD_UI_LINE_CHARS / 2);
	self->cancel = td_ui_append(column, td_ui_button_new("", "td-small"));
	gtk_widget_set_halign(self->cancel, GTK_ALIGN_CENTER);
	g_signal_connect(self->cancel, "clicked", G_CALLBACK(td_pin_cancel_clicked_cb), self);
	td_reflow_box_append(TD_REFLOW_BOX(row), column);
	self->pad = td_number_pad_new(TD_STAFF_PIN_MIN_DIGITS, TD_STAFF_PIN_MAX_DIGITS, TD_NUMBER_PAD_MASKED);
	g_signal_connect(self->pad, "submitted", G_CALLBACK(td_pin_submitted_cb), self);
	td_reflow_box_append(TD_REFLOW_BOX(row), self->pad);
	gtk_widget_set_vexpand(row, TRUE);
	gtk_box_append(GTK_BOX(self), row);
	td_pin_page_retranslate(self);
	g_signal_connect_object(td_i18n_get_default(), "changed", G_CALLBACK(td_pin_page_language_changed_cb), self,
				0);
}

GtkWidget *
td_pin_page_new(void)
{
	return g_object_new(TD_TYPE_PIN_PAGE, NULL);
}
