/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "td-date.h"
#include "td-i18n.h"
#include "td-number-pad.h"
#include "td-reader-error.h"
#include "td-report.h"
#include "td-secret.h"
#include "td-staff-console.h"
#include "td-staff-health.h"
#include "td-ui-util.h"

struct _TdStaffConsole {
	GtkBox parent_instance;
	TdKioskContext *context;
	GPtrArray *exceptions; /* of TdCheckinException, open ones today */
	gint selected;	       /* index in exceptions, -1 none */
	GCancellable *cancellable;

	GtkWidget *nav[6];
	GtkWidget *stack;
	/* queue */
	GtkWidget *queue_title;
	GtkWidget *queue_list;
	GtkWidget *queue_empty;
	GtkWidget *detail_grid;
	GtkWidget *detail_values[7];
	GtkWidget *detail_keys[7];
	GtkWidget *face_note;
	GtkWidget *face_picture;
	GCancellable *face_cancellable; /* the photo read for the case shown */
	GtkWidget *actions[6];
	GtkWidget *code_pad;
	GtkWidget *note_entry;
	GtkWidget *status;
	/* manual check-in */
	GtkWidget *manual_title;
	GtkWidget *manual_body;
	GtkWidget *manual_button;
	GtkWidget *manual_result;
	/* health */
	GtkWidget *health_title;
	GtkWidget *health_list;
	GtkWidget *health_refresh;
};

G_DEFINE_FINAL_TYPE(TdStaffConsole, td_staff_console, GTK_TYPE_BOX)

enum { SIGNAL_CLOSE, SIGNAL_DASHBOARD, SIGNAL_QUIT, N_SIGNALS };
static guint signals[N_SIGNALS];

/* The store's resolution words, in the order of the action buttons. */
static const gchar *const action_words[] = {
    "accepted-paper-card", "self-pay", "referred", "eligibility-confirmed", "card-code-entered", "vneid-assisted",
};

static const gchar *
td_action_text(guint i)
{
	switch (i) {
	case 0:
		return _("Accepted with paper insurance card");
	case 1:
		return _("Self-pay");
	case 2:
		return _("Referred elsewhere");
	case 3:
		return _("Retry the insurance check");
	case 4:
		return _("Use the card code typed below");
	case 5:
	default:
		return _("Helped integrate into VNeID");
	}
}

static void
td_set_status(TdStaffConsole *self, const gchar *text)
{
	gtk_label_set_text(GTK_LABEL(self->status), text != NULL ? text : "");
}

static void
td_face_note_default(TdStaffConsole *self)
{
	gtk_label_set_text(GTK_LABEL(self->face_note),
			   _("Compare the patient with the photo on the ID card: the kiosk does not keep the "
			     "chip's photo."));
}

static void
td_face_read_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	g_autoptr(TdStaffConsole) self = TD_STAFF_CONSOLE(user_data);
	g_autoptr(GError) error = NULL;
	g_autofree gchar *mime_type = NULL;
	g_autoptr(GBytes) image =
	    td_checkin_session_read_face_finish(TD_CHECKIN_SESSION(source), result, &mime_type, &error);
	g_autoptr(GdkTexture) texture = NULL;

	if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->face_picture == NULL)
		return; /* another case was opened, or the console closed */
	if (image == NULL) {
		if (g_error_matches(error, TD_READER_ERROR, TD_READER_ERROR_CARD_REMOVED) ||
		    g_error_matches(error, TD_READER_ERROR, TD_READER_ERROR_NO_CARD))
			gtk_label_set_text(GTK_LABEL(self->face_note),
					   _("The card is no longer on the reader, so its photo cannot be shown: "
					     "compare the patient with the photo on the ID card."));
		else
			gtk_label_set_text(GTK_LABEL(self->face_note),
					   _("The chip's photo could not be read: compare the patient with the "
					     "photo on the ID card."));
		g_info("no face image: %s", error->message);
		return;
	}
	/* GTK decodes JPEG (and PNG); JPEG 2000 usually not */
	texture = gdk_texture_new_from_bytes(image, NULL);
	if (texture == NULL) {
		gtk_label_set_text(GTK_LABEL(self->face_note),
				   g_strcmp0(mime_type, "image/jp2") == 0
				       ? _("The chip's photo is in JPEG 2000, which this screen cannot show: compare "
					   "the patient with the photo on the ID card.")
				       : _("The chip's photo could not be shown: compare the patient with the photo "
					   "on the ID card."));
		return;
	}
	gtk_picture_set_paintable(GTK_PICTURE(self->face_picture), GDK_PAINTABLE(texture));
	gtk_widget_set_visible(self->face_picture, TRUE);
	gtk_label_set_text(GTK_LABEL(self->face_note),
			   _("Photo read from the chip just now (not stored): compare it with the patient."));
}

/* The photo exists only on the chip: it is read when a case is opened and
 * the patient's card is still open on the reader (the case of the patient
 * at the kiosk now), and dropped with the view. */
static void
td_show_face(TdStaffConsole *self, const TdCheckinException *exc)
{
	TdCheckinSession *session = self->context != NULL ? self->context->session : NULL;
	const TdDg13 *dg13 = session != NULL ? td_checkin_session_get_dg13(session) : NULL;

	if (self->face_picture == NULL)
		return;
	g_cancellable_cancel(self->face_cancellable);
	g_clear_object(&self->face_cancellable);
	gtk_picture_set_paintable(GTK_PICTURE(self->face_picture), NULL);
	gtk_widget_set_visible(self->face_picture, FALSE);
	td_face_note_default(self);
	if (exc == NULL || dg13 == NULL || exc->id_number == NULL || g_strcmp0(dg13->id_number, exc->id_number) != 0)
		return;
	gtk_label_set_text(GTK_LABEL(self->face_note), _("Reading the photo from the card…"));
	self->face_cancellable = g_cancellable_new();
	td_checkin_session_read_face_async(session, self->face_cancellable, td_face_read_cb, g_object_ref(self));
}

/* The stored birth date (ISO, perhaps only yyyy or yyyy-mm) as people
 * read it: dd/mm/yyyy, mm/yyyy or yyyy. */
static gchar *
td_birth_date_display(const gchar *iso)
{
	TdDate date = {0};
	gchar *text;

	if (iso == NULL)
		return NULL;
	if (!td_date_parse_iso(iso, &date, NULL))
		return g_strdup(iso); /* written by another version: as it is */
	text = td_date_format_display(&date);
	td_memwipe(&date, sizeof(date));
	return text;
}

/* The card item a DG13 entry number stands for, as staff call it. */
static const gchar *
td_card_item_text(guint entry)
{
	switch (entry) {
	case 1:
		return _("the ID number");
	case 2:
		return _("the full name");
	case 3:
		return _("the date of birth");
	case 4:
		return _("the sex");
	case 5:
		return _("the nationality");
	case 6:
		return _("the ethnicity");
	case 7:
		return _("the religion");
	case 8:
		return _("the place of origin");
	case 9:
		return _("the place of residence");
	case 10:
		return _("the identification features");
	case 11:
		return _("the issue date");
	case 12:
		return _("the expiry date");
	case 13:
		return _("the parents' names");
	case 14:
		return _("the spouse's name");
	case 15:
		return _("the old ID number");
	default:
		return NULL;
	}
}

/* The record keeps the reader's warnings as English sentences for logs
 * ("entry 7 (religion): unexpected string type BMPString"); reception
 * reads Vietnamese and no developer's terms (WORDING.md), so each becomes
 * the card item that could not be read, in the staff's language. */
static gchar *
td_card_warning_text(const gchar *warning)
{
	guint entry = 0;
	const gchar *item = NULL;

	if (sscanf(warning, "entry %u (", &entry) == 1)
		item = td_card_item_text(entry);
	if (item == NULL)
		return g_strdup(_("Some data in the chip could not be read."));
	return g_strdup_printf(_("The chip's %s could not be read."), item);
}

/* What the reader could not read on the case's card (no personal data),
 * one line each; NULL when nothing or the record is gone. */
static gchar *
td_case_warnings(TdStaffConsole *self, const TdCheckinException *exc)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdCheckinRecord) record = NULL;
	g_autoptr(GString) text = g_string_new(NULL);

	if (self->context == NULL || self->context->store == NULL)
		return NULL;
	record = td_store_get_checkin(self->context->store, exc->checkin_id, &error);
	if (record == NULL) {
		g_info("no check-in for case %" G_GINT64_FORMAT ": %s", exc->id, error->message);
		return NULL;
	}
	if (record->card_warnings == NULL || record->card_warnings[0] == NULL)
		return NULL;
	for (guint i = 0; record->card_warnings[i] != NULL; i++) {
		g_autofree gchar *line = td_card_warning_text(record->card_warnings[i]);
		/* two entries may say the same to staff */
		if (strstr(text->str, line) != NULL)
			continue;
		if (text->len > 0)
			g_string_append_c(text, '\n');
		g_string_append(text, line);
	}
	return g_string_free(g_steal_pointer(&text), FALSE);
}

static void
td_show_detail(TdStaffConsole *self)
{
	TdCheckinException *exc = NULL;
	const gchar *values[7] = {NULL};
	g_autofree gchar *birth_date = NULL;
	g_autofree gchar *warnings = NULL;

	if (self->selected >= 0 && (guint)self->selected < self->exceptions->len)
		exc = g_ptr_array_index(self->exceptions, self->selected);
	if (exc != NULL) {
		birth_date = td_birth_date_display(exc->date_of_birth);
		warnings = td_case_warnings(self, exc);
		values[0] = exc->full_name;
		values[1] = exc->id_number;
		values[2] = birth_date;
		values[3] = exc->card_code;
		values[4] = exc->reason;
		values[5] = exc->detail;
		values[6] = warnings;
	}
	for (guint i = 0; i < G_N_ELEMENTS(self->detail_values); i++)
		gtk_label_set_text(GTK_LABEL(self->detail_values[i]), values[i] != NULL ? values[i] : "—");
	for (guint i = 0; i < G_N_ELEMENTS(self->actions); i++)
		gtk_widget_set_sensitive(self->actions[i], exc != NULL);
	gtk_widget_set_visible(self->detail_grid, exc != NULL);
	td_show_face(self, exc);
	if (birth_date != NULL)
		td_memwipe(birth_date, strlen(birth_date));
}

static void
td_row_activated_cb(GtkListBox *box, GtkListBoxRow *row, TdStaffConsole *self)
{
	td_staff_console_select(self, (guint)gtk_list_box_row_get_index(row));
}

gboolean
td_staff_console_select(TdStaffConsole *self, guint index)
{
	if (index >= self->exceptions->len)
		return FALSE;
	self->selected = (gint)index;
	gtk_list_box_select_row(GTK_LIST_BOX(self->queue_list),
				gtk_list_box_get_row_at_index(GTK_LIST_BOX(self->queue_list), (int)index));
	td_show_detail(self);
	return TRUE;
}

guint
td_staff_console_get_n_open(TdStaffConsole *self)
{
	return self->exceptions->len;
}

static void
td_reload_queue(TdStaffConsole *self)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *today = td_report_today();
	GtkWidget *child;
	GPtrArray *list = NULL;

	while ((child = gtk_widget_get_first_child(self->queue_list)) != NULL)
		gtk_list_box_remove(GTK_LIST_BOX(self->queue_list), child);
	g_ptr_array_set_size(self->exceptions, 0);
	self->selected = -1;
	if (self->context != NULL && self->context->store != NULL)
		list = td_store_list_exceptions(self->context->store, today, TRUE, &error);
	if (error != NULL)
		td_set_status(self, error->message);
	for (guint i = 0; list != NULL && i < list->len; i++) {
		TdCheckinException *exc = g_ptr_array_index(list, i);
		g_autofree gchar *text = g_strdup_printf("%s — %s", exc->full_name != NULL ? exc->full_name : "?",
							 exc->reason != NULL ? exc->reason : "");
		GtkWidget *label = gtk_label_new(text);
		gtk_label_set_xalign(GTK_LABEL(label), 0);
		gtk_label_set_wrap(GTK_LABEL(label), TRUE);
		gtk_label_set_max_width_chars(GTK_LABEL(label), 20);
		gtk_widget_add_css_class(label, "td-body");
		gtk_list_box_append(GTK_LIST_BOX(self->queue_list), label);
		/* the list owns the exceptions from here */
		g_ptr_array_add(self->exceptions, g_steal_pointer(&list->pdata[i]));
	}
	if (list != NULL) {
		g_ptr_array_set_free_func(list, NULL);
		g_ptr_array_unref(list);
	}
	gtk_widget_set_visible(self->queue_empty, self->exceptions->len == 0);
	td_show_detail(self);
	if (self->exceptions->len > 0)
		td_staff_console_select(self, 0);
}

static void
td_recheck_done_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	TdStaffConsole *self = TD_STAFF_CONSOLE(user_data);
	g_autoptr(GError) error = NULL;
	g_autoptr(TdEligibility) eligibility = td_gateway_client_check_finish(TD_GATEWAY_CLIENT(source), result, &error);
	gint64 id = GPOINTER_TO_SIZE(g_object_get_data(G_OBJECT(self), "td-recheck-id"));

	if (eligibility == NULL) {
		g_object_unref(self);
		return;
	}
	if (eligibility->status == TD_ELIGIBILITY_STATUS_ELIGIBLE ||
	    eligibility->status == TD_ELIGIBILITY_STATUS_ELIGIBLE_NEW_CARD) {
		if (!td_store_resolve_exception(self->context->store, id, "eligibility-confirmed", NULL, &error))
			td_set_status(self, error->message);
		else
			td_set_status(self, _("Insurance confirmed. The case is closed."));
		td_reload_queue(self);
	} else {
		g_autofree gchar *text = g_strdup_printf(_("The gateway still answers: %s"),
							 td_eligibility_status_to_string(eligibility->status));
		td_set_status(self, text);
	}
	g_object_unref(self);
}

gboolean
td_staff_console_apply(TdStaffConsole *self, const gchar *action, const gchar *card_code, GError **error)
{
	TdCheckinException *exc;
	g_autofree gchar *note = NULL;
	const gchar *typed = gtk_editable_get_text(GTK_EDITABLE(self->note_entry));

	if (self->selected < 0 || (guint)self->selected >= self->exceptions->len) {
		g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("Choose a case first."));
		return FALSE;
	}
	if (self->context == NULL || self->context->store == NULL) {
		g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "no store");
		return FALSE;
	}
	exc = g_ptr_array_index(self->exceptions, self->selected);

	if (g_strcmp0(action, "eligibility-confirmed") == 0) {
		g_autoptr(TdEligibilityQuery) query = NULL;
		/* the session's own client: one answer cache, one rate limit
		 * towards the BHXH gateway for the whole kiosk */
		TdGatewayClient *gateway =
		    self->context->session != NULL ? td_checkin_session_get_gateway(self->context->session) : NULL;
		if (gateway == NULL) {
			g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
					    _("No insurance gateway is configured."));
			return FALSE;
		}
		TdDate birth_date = {0};
		/* the case keeps the card's birth date as ISO text */
		if (!td_date_parse_iso(exc->date_of_birth, &birth_date, NULL)) {
			g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
					    _("The case has no usable birth date for the insurance check."));
			return FALSE;
		}
		query = td_checkin_eligibility_query_new(exc->card_code != NULL ? exc->card_code : exc->id_number,
							 exc->full_name, &birth_date, error);
		td_memwipe(&birth_date, sizeof(birth_date));
		if (query == NULL)
			return FALSE;
		/* "ask again" means the gateway's answer now, not a cached one */
		td_gateway_client_clear_cache(gateway);
		g_object_set_data(G_OBJECT(self), "td-recheck-id", GSIZE_TO_POINTER((gsize)exc->id));
		td_gateway_client_check_async(gateway, query, self->cancellable, td_recheck_done_cb,
					      g_object_ref(self));
		td_set_status(self, _("Asking the insurance gateway…"));
		return TRUE;
	}
	if (g_strcmp0(action, "card-code-entered") == 0) {
		if (card_code == NULL || !td_eligibility_card_code_is_valid(card_code)) {
			g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
					    _("A card code has 2 letters and 13 digits."));
			return FALSE;
		}
		note = typed != NULL && typed[0] != '\0' ? g_strdup_printf("%s %s", card_code, typed)
							 : g_strdup(card_code);
	} else if (typed != NULL && typed[0] != '\0') {
		note = g_strdup(typed);
	}
	if (!td_store_resolve_exception(self->context->store, exc->id, action, note, error))
		return FALSE;
	gtk_editable_set_text(GTK_EDITABLE(self->note_entry), "");
	td_number_pad_clear(TD_NUMBER_PAD(self->code_pad));
	td_set_status(self, _("Saved."));
	td_reload_queue(self);
	return TRUE;
}

static void
td_action_clicked_cb(GtkButton *button, TdStaffConsole *self)
{
	g_autoptr(GError) error = NULL;
	guint i = GPOINTER_TO_UINT(g_object_get_data(G_OBJECT(button), "td-action"));
	const gchar *code = td_number_pad_get_text(TD_NUMBER_PAD(self->code_pad));

	if (!td_staff_console_apply(self, action_words[i], code, &error))
		td_set_status(self, error->message);
}

gboolean
td_staff_console_manual_checkin(TdStaffConsole *self, guint *queue_number, GError **error)
{
	g_autoptr(TdCheckinRecord) record = td_checkin_record_new();
	g_autofree gchar *today = td_report_today();
	g_autofree gchar *text = NULL;

	if (self->context == NULL || self->context->store == NULL) {
		g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "no store");
		return FALSE;
	}
	/* staff saw the papers: the policy's "no card" row, eligibility left
	 * to reception's own look-up */
	g_strlcpy(record->day, today, sizeof(record->day));
	record->card_verdict = TD_CARD_VERDICT_NO_CARD;
	record->eligibility = TD_ELIGIBILITY_NOT_CHECKED;
	record->vneid = TD_VNEID_NOT_ASKED;
	record->outcome = TD_OUTCOME_CHECKED_IN;
	if (!td_store_record_checkin(self->context->store, record, NULL, error))
		return FALSE;
	td_store_record_staff_action(self->context->store, "manual-checkin", 0, record->id, NULL, NULL);
	text = g_strdup_printf(_("Checked in by hand. Queue number: %u"), record->queue_number);
	gtk_label_set_text(GTK_LABEL(self->manual_result), text);
	if (queue_number != NULL)
		*queue_number = record->queue_number;
	return TRUE;
}

static void
td_manual_clicked_cb(GtkButton *button, TdStaffConsole *self)
{
	g_autoptr(GError) error = NULL;
	if (!td_staff_console_manual_checkin(self, NULL, &error))
		gtk_label_set_text(GTK_LABEL(self->manual_result), error->message);
}

static void
td_health_done_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	TdStaffConsole *self = TD_STAFF_CONSOLE(source);
	g_autoptr(GPtrArray) lines = td_staff_health_run_finish(result, NULL);
	GtkWidget *child;

	if (lines == NULL)
		return; /* cancelled */
	while ((child = gtk_widget_get_first_child(self->health_list)) != NULL)
		gtk_box_remove(GTK_BOX(self->health_list), child);
	for (guint i = 0; i < lines->len; i++) {
		TdCheckResult *line = g_ptr_array_index(lines, i);
		g_autofree gchar *text = g_strdup_printf("%s %s — %s", line->ok ? "✔" : "✘", line->name,
							 line->message != NULL ? line->message : "");
		GtkWidget *label = td_ui_label_new(line->ok ? "td-health-ok" : "td-health-bad");
		gtk_label_set_text(GTK_LABEL(label), text);
		gtk_label_set_xalign(GTK_LABEL(label), 0);
		gtk_label_set_justify(GTK_LABEL(label), GTK_JUSTIFY_LEFT);
		gtk_box_append(GTK_BOX(self->health_list), label);
	}
}

static void
td_health_refresh(TdStaffConsole *self)
{
	td_staff_health_run_async(G_OBJECT(self), self->context, self->cancellable, td_health_done_cb, NULL);
}

static void
td_health_clicked_cb(GtkButton *button, TdStaffConsole *self)
{
	td_health_refresh(self);
}

void
td_staff_console_refresh(TdStaffConsole *self)
{
	td_set_status(self, NULL);
	gtk_label_set_text(GTK_LABEL(self->manual_result), "");
	td_reload_queue(self);
	td_health_refresh(self);
	gtk_stack_set_visible_child_name(GTK_STACK(self->stack), "queue");
}

void
td_staff_console_clear(TdStaffConsole *self)
{
	GtkWidget *child;
	g_cancellable_cancel(self->cancellable);
	g_object_unref(self->cancellable);
	self->cancellable = g_cancellable_new();
	while ((child = gtk_widget_get_first_child(self->queue_list)) != NULL)
		gtk_list_box_remove(GTK_LIST_BOX(self->queue_list), child);
	g_ptr_array_set_size(self->exceptions, 0);
	self->selected = -1;
	td_show_detail(self);
	td_number_pad_clear(TD_NUMBER_PAD(self->code_pad));
	gtk_editable_set_text(GTK_EDITABLE(self->note_entry), "");
	td_set_status(self, NULL);
	gtk_label_set_text(GTK_LABEL(self->manual_result), "");
}

static void
td_staff_console_retranslate(TdStaffConsole *self)
{
	const gchar *nav[] = {_("Cases to handle"), _("Check in without a card"), _("Reader and gateway"),
			      _("Manager dashboard"), _("Back to patients"), _("Quit the kiosk")};
	const gchar *keys[] = {_("Name"),   _("ID number"), _("Birth date"),	 _("Insurance card"),
			       _("Reason"), _("Details"),   _("Card read warnings")};

	for (guint i = 0; i < G_N_ELEMENTS(self->nav); i++)
		td_ui_button_set_text(self->nav[i], nav[i]);
	gtk_label_set_text(GTK_LABEL(self->queue_title), _("Today's cases for reception"));
	gtk_label_set_text(GTK_LABEL(self->queue_empty), _("No open cases today."));
	for (guint i = 0; i < G_N_ELEMENTS(keys); i++)
		gtk_label_set_text(GTK_LABEL(self->detail_keys[i]), keys[i]);
	for (guint i = 0; i < G_N_ELEMENTS(self->actions); i++)
		td_ui_button_set_text(self->actions[i], td_action_text(i));
	td_number_pad_set_prompt(TD_NUMBER_PAD(self->code_pad), _("Insurance card code (15 characters)"));
	gtk_entry_set_placeholder_text(GTK_ENTRY(self->note_entry), _("Note (optional)"));
	td_ui_set_a11y_label(self->note_entry, _("Note (optional)"));
	gtk_label_set_text(GTK_LABEL(self->manual_title), _("Check in a patient without a card"));
	gtk_label_set_text(GTK_LABEL(self->manual_body),
			   _("After checking the patient's papers at the desk, take a queue number for them "
			     "here."));
	td_ui_button_set_text(self->manual_button, _("Take a queue number"));
	gtk_label_set_text(GTK_LABEL(self->health_title), _("Reader and gateway health"));
	td_ui_button_set_text(self->health_refresh, _("Check again"));
}

static void
td_language_changed_cb(TdI18n *i18n, TdStaffConsole *self)
{
	td_staff_console_retranslate(self);
	td_show_detail(self);
}

static void
td_nav_clicked_cb(GtkButton *button, TdStaffConsole *self)
{
	guint i = GPOINTER_TO_UINT(g_object_get_data(G_OBJECT(button), "td-nav"));
	static const gchar *const pages[] = {"queue", "manual", "health"};
	if (i < G_N_ELEMENTS(pages))
		gtk_stack_set_visible_child_name(GTK_STACK(self->stack), pages[i]);
	else if (i == 3)
		g_signal_emit(self, signals[SIGNAL_DASHBOARD], 0);
	else if (i == 4)
		g_signal_emit(self, signals[SIGNAL_CLOSE], 0);
	else
		g_signal_emit(self, signals[SIGNAL_QUIT], 0);
}

static void
td_staff_console_dispose(GObject *object)
{
	TdStaffConsole *self = TD_STAFF_CONSOLE(object);
	if (self->cancellable != NULL)
		g_cancellable_cancel(self->cancellable);
	g_clear_object(&self->cancellable);
	if (self->face_cancellable != NULL)
		g_cancellable_cancel(self->face_cancellable);
	g_clear_object(&self->face_cancellable);
	self->face_picture = NULL; /* a late photo finds nowhere to go */
	g_clear_pointer(&self->exceptions, g_ptr_array_unref);
	G_OBJECT_CLASS(td_staff_console_parent_class)->dispose(object);
}

static void
td_staff_console_class_init(TdStaffConsoleClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS(klass);
	object_class->dispose = td_staff_console_dispose;
	signals[SIGNAL_CLOSE] = g_signal_new("close", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
					     NULL, G_TYPE_NONE, 0);
	signals[SIGNAL_DASHBOARD] = g_signal_new("dashboard", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL,
						 NULL, NULL, G_TYPE_NONE, 0);
	signals[SIGNAL_QUIT] = g_signal_new("quit", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
					    G_TYPE_NONE, 0);
}

static void
td_staff_console_init(TdStaffConsole *self)
{
	self->exceptions = g_ptr_array_new_with_free_func((GDestroyNotify)td_checkin_exception_free);
	self->selected = -1;
	self->cancellable = g_cancellable_new();
}

static GtkWidget *
td_view_new(TdStaffConsole *self, const gchar *name)
{
	GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 12);
	GtkWidget *scroller = gtk_scrolled_window_new();
	gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(scroller), box);
	gtk_scrolled_window_set_policy(GTK_SCROLLED_WINDOW(scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
	gtk_widget_set_vexpand(scroller, TRUE);
	gtk_stack_add_named(GTK_STACK(self->stack), scroller, name);
	return box;
}

static GtkWidget *
td_append(GtkWidget *box, GtkWidget *child)
{
	gtk_box_append(GTK_BOX(box), child);
	return child;
}

GtkWidget *
td_staff_console_new(TdKioskContext *context)
{
	TdStaffConsole *self = g_object_new(TD_TYPE_STAFF_CONSOLE, "orientation", GTK_ORIENTATION_HORIZONTAL,
					    "spacing", 24, NULL);
	GtkWidget *sidebar = gtk_box_new(GTK_ORIENTATION_VERTICAL, 12);
	GtkWidget *box;
	GtkWidget *columns;
	GtkWidget *left;
	GtkWidget *right;
	GtkWidget *scroller;

	self->context = context;
	gtk_widget_add_css_class(GTK_WIDGET(self), "td-page");
	gtk_widget_add_css_class(GTK_WIDGET(self), "td-staff");
	for (guint i = 0; i < G_N_ELEMENTS(self->nav); i++) {
		self->nav[i] = td_append(sidebar, td_ui_button_new("", i == 5 ? "td-small" : NULL));
		td_ui_button_set_wrap(self->nav[i], 12);
		g_object_set_data(G_OBJECT(self->nav[i]), "td-nav", GUINT_TO_POINTER(i));
		g_signal_connect(self->nav[i], "clicked", G_CALLBACK(td_nav_clicked_cb), self);
	}
	gtk_box_append(GTK_BOX(self), sidebar);
	self->stack = gtk_stack_new();
	gtk_widget_set_hexpand(self->stack, TRUE);
	gtk_box_append(GTK_BOX(self), self->stack);

	/* the queue: list on the left, the case on the right */
	box = td_view_new(self, "queue");
	self->queue_title = td_append(box, td_ui_label_new("td-title"));
	columns = td_append(box, gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 24));
	left = td_append(columns, gtk_box_new(GTK_ORIENTATION_VERTICAL, 8));
	gtk_widget_set_size_request(left, 280, -1);
	scroller = td_append(left, gtk_scrolled_window_new());
	gtk_widget_set_vexpand(scroller, TRUE);
	gtk_widget_set_size_request(scroller, -1, 300);
	self->queue_list = gtk_list_box_new();
	td_ui_set_a11y_label(self->queue_list, "cases");
	g_signal_connect(self->queue_list, "row-activated", G_CALLBACK(td_row_activated_cb), self);
	gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(scroller), self->queue_list);
	self->queue_empty = td_append(left, td_ui_label_new("td-body"));

	right = td_append(columns, gtk_box_new(GTK_ORIENTATION_VERTICAL, 8));
	gtk_widget_set_hexpand(right, TRUE);
	self->detail_grid = td_append(right, gtk_grid_new());
	gtk_grid_set_column_spacing(GTK_GRID(self->detail_grid), 16);
	for (guint i = 0; i < G_N_ELEMENTS(self->detail_values); i++) {
		self->detail_keys[i] = gtk_label_new(NULL);
		gtk_label_set_xalign(GTK_LABEL(self->detail_keys[i]), 1);
		gtk_widget_add_css_class(self->detail_keys[i], "td-body");
		self->detail_values[i] = gtk_label_new(NULL);
		gtk_label_set_xalign(GTK_LABEL(self->detail_values[i]), 0);
		gtk_label_set_wrap(GTK_LABEL(self->detail_values[i]), TRUE);
		gtk_label_set_selectable(GTK_LABEL(self->detail_values[i]), TRUE);
		gtk_widget_add_css_class(self->detail_values[i], "td-body");
		gtk_grid_attach(GTK_GRID(self->detail_grid), self->detail_keys[i], 0, (int)i, 1, 1);
		gtk_grid_attach(GTK_GRID(self->detail_grid), self->detail_values[i], 1, (int)i, 1, 1);
	}
	self->face_picture = td_append(right, gtk_picture_new());
	gtk_picture_set_can_shrink(GTK_PICTURE(self->face_picture), TRUE);
	gtk_picture_set_content_fit(GTK_PICTURE(self->face_picture), GTK_CONTENT_FIT_CONTAIN);
	gtk_widget_set_size_request(self->face_picture, 160, 200);
	gtk_widget_set_halign(self->face_picture, GTK_ALIGN_START);
	gtk_widget_set_visible(self->face_picture, FALSE);
	self->face_note = td_append(right, td_ui_label_new("td-hint"));
	{
		GtkWidget *grid = td_append(right, gtk_grid_new());
		gtk_grid_set_row_spacing(GTK_GRID(grid), 8);
		gtk_grid_set_column_spacing(GTK_GRID(grid), 8);
		for (guint i = 0; i < G_N_ELEMENTS(self->actions); i++) {
			self->actions[i] = td_ui_button_new("", NULL);
			td_ui_button_set_wrap(self->actions[i], 14);
			gtk_widget_set_hexpand(self->actions[i], TRUE);
			g_object_set_data(G_OBJECT(self->actions[i]), "td-action", GUINT_TO_POINTER(i));
			g_signal_connect(self->actions[i], "clicked", G_CALLBACK(td_action_clicked_cb), self);
			gtk_grid_attach(GTK_GRID(grid), self->actions[i], (int)(i % 2), (int)(i / 2), 1, 1);
		}
	}
	self->note_entry = td_append(right, gtk_entry_new());
	self->status = td_append(right, td_ui_label_new("td-warn"));
	gtk_widget_add_css_class(self->status, "td-body");
	self->code_pad = td_append(box, td_number_pad_new(15, 15, TD_NUMBER_PAD_LETTERS));

	/* manual check-in */
	box = td_view_new(self, "manual");
	self->manual_title = td_append(box, td_ui_label_new("td-title"));
	self->manual_body = td_append(box, td_ui_label_new("td-body"));
	self->manual_button = td_append(box, td_ui_button_new("", "td-primary"));
	gtk_widget_set_halign(self->manual_button, GTK_ALIGN_CENTER);
	g_signal_connect(self->manual_button, "clicked", G_CALLBACK(td_manual_clicked_cb), self);
	self->manual_result = td_append(box, td_ui_label_new("td-figure"));

	/* health */
	box = td_view_new(self, "health");
	self->health_title = td_append(box, td_ui_label_new("td-title"));
	self->health_list = td_append(box, gtk_box_new(GTK_ORIENTATION_VERTICAL, 8));
	self->health_refresh = td_append(box, td_ui_button_new("", NULL));
	gtk_widget_set_halign(self->health_refresh, GTK_ALIGN_START);
	g_signal_connect(self->health_refresh, "clicked", G_CALLBACK(td_health_clicked_cb), self);

	td_staff_console_retranslate(self);
	td_show_detail(self);
	g_signal_connect_object(td_i18n_get_default(), "changed", G_CALLBACK(td_language_changed_cb), self, 0);
	return GTK_WIDGET(self);
}
