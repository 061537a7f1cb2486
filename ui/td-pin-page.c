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
	TdKioskContext *context;
	GtkWidget *accounts; /* GtkFlowBox of toggles, one per account */
	guint n_accounts;
	gint64 chosen;	 /* the account whose name is pressed (or the only one); 0: none */
	gint64 unlocked; /* the account last let in */
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
	case TD_PIN_NO_NAME:
		text = g_strdup(_("Please choose your name first."));
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
	gtk_label_set_text(GTK_LABEL(self->title),
			   self->purpose != NULL ? self->purpose
			   : self->n_accounts > 1 ? _("Staff only: choose your name, then enter your PIN")
						  : _("Staff only: enter the PIN"));
	td_ui_set_a11y_label(self->pad, _("PIN"));
	td_ui_button_set_text(self->cancel, _("Back"));
	td_pin_page_show_message(self);
}

static void
td_pin_page_language_changed_cb(TdI18n *i18n, TdPinPage *self)
{
	td_pin_page_retranslate(self);
}

/* The core's PIN check: hash, lock-out counted in the store. */
static TdPinVerdict
td_pin_page_verify(TdPinPage *self, const gchar *pin, guint *wait_s)
{
	TdKioskContext *context = self->context;
	g_autoptr(GError) error = NULL;
	TdStaffPinVerdict verdict = TD_STAFF_PIN_WRONG;

	if (context == NULL || context->config == NULL || context->store == NULL || self->n_accounts == 0)
		return TD_PIN_NOT_SET;
	if (self->chosen == 0)
		return TD_PIN_NO_NAME;
	if (!td_staff_pin_verify(context->store, context->config, self->chosen, pin,
				 g_get_real_time() / G_USEC_PER_SEC, &verdict, wait_s, &error)) {
		g_warning("staff PIN: %s", error->message);
		return TD_PIN_NOT_SET;
	}
	switch (verdict) {
	case TD_STAFF_PIN_OK:
		self->unlocked = self->chosen;
		return TD_PIN_ACCEPTED;
	case TD_STAFF_PIN_LOCKED:
		return TD_PIN_LOCKED;
	case TD_STAFF_PIN_WRONG:
	default:
		return TD_PIN_WRONG;
	}
}

static void
td_pin_submitted_cb(TdNumberPad *pad, const gchar *pin, TdPinPage *self)
{
	self->wait_s = 0;
	self->last = td_pin_page_verify(self, pin, &self->wait_s);
	td_number_pad_clear(pad);
	td_pin_page_show_message(self);
	if (self->last == TD_PIN_ACCEPTED)
		g_signal_emit(self, signals[SIGNAL_UNLOCKED], 0);
}

static void
td_account_toggled_cb(GtkToggleButton *toggle, TdPinPage *self)
{
	if (gtk_toggle_button_get_active(toggle))
		self->chosen = *(const gint64 *)g_object_get_data(G_OBJECT(toggle), "td-staff-id");
}

/* One toggle per account that can log in, in one group: a tap chooses. */
static void
td_pin_page_load_accounts(TdPinPage *self)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) accounts = NULL;
	GtkWidget *child, *first = NULL;

	while ((child = gtk_widget_get_first_child(self->accounts)) != NULL)
		gtk_flow_box_remove(GTK_FLOW_BOX(self->accounts), child);
	self->chosen = 0;
	self->n_accounts = 0;
	if (self->context == NULL || self->context->store == NULL)
		return;
	accounts = td_staff_pin_accounts(self->context->store, self->context->config, &error);
	if (accounts == NULL) {
		g_warning("staff accounts: %s", error->message);
		return;
	}
	self->n_accounts = accounts->len;
	for (guint i = 0; i < accounts->len; i++) {
		const TdStaffMember *member = g_ptr_array_index(accounts, i);
		GtkWidget *toggle = td_ui_toggle_new();

		td_ui_toggle_set_text(toggle, member->name);
		g_object_set_data_full(G_OBJECT(toggle), "td-staff-id", g_memdup2(&member->id, sizeof(member->id)),
				       g_free);
		if (first != NULL)
			gtk_toggle_button_set_group(GTK_TOGGLE_BUTTON(toggle), GTK_TOGGLE_BUTTON(first));
		else
			first = toggle;
		g_signal_connect(toggle, "toggled", G_CALLBACK(td_account_toggled_cb), self);
		gtk_flow_box_append(GTK_FLOW_BOX(self->accounts), toggle);
	}
	/* one account (the station's, usually): nothing to choose */
	if (accounts->len == 1)
		self->chosen = ((const TdStaffMember *)g_ptr_array_index(accounts, 0))->id;
	gtk_widget_set_visible(self->accounts, accounts->len > 1);
}

static void
td_pin_cancel_clicked_cb(GtkButton *button, TdPinPage *self)
{
	td_pin_page_reset(self);
	g_signal_emit(self, signals[SIGNAL_CANCEL], 0);
}

void
td_pin_page_set_context(TdPinPage *self, TdKioskContext *context)
{
	self->context = context;
	td_pin_page_reset(self);
}

void
td_pin_page_set_cancel_visible(TdPinPage *self, gboolean visible)
{
	gtk_widget_set_visible(self->cancel, visible);
}

gint64
td_pin_page_get_staff_id(TdPinPage *self)
{
	return self->unlocked;
}

guint
td_pin_page_get_n_accounts(TdPinPage *self)
{
	return self->n_accounts;
}

void
td_pin_page_reset(TdPinPage *self)
{
	td_number_pad_clear(TD_NUMBER_PAD(self->pad));
	td_pin_page_load_accounts(self);
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
	self->accounts = td_ui_append(column, gtk_flow_box_new());
	gtk_flow_box_set_selection_mode(GTK_FLOW_BOX(self->accounts), GTK_SELECTION_NONE);
	gtk_flow_box_set_column_spacing(GTK_FLOW_BOX(self->accounts), TD_UI_SPACING_TIGHT);
	gtk_flow_box_set_row_spacing(GTK_FLOW_BOX(self->accounts), TD_UI_SPACING_TIGHT);
	gtk_widget_set_visible(self->accounts, FALSE);
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
