/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The case shown beside the list: who the patient is and why the kiosk
 * sent them to reception (name, ID number, birth date, insurance card,
 * reason, what the reader could not read on the card), the chip's photo
 * when the card is still on the reader, and the buttons that close the
 * case (what they do is td-staff-actions.c). */
#include "config.h"

#include <string.h>

#include "td-i18n.h"
#include "td-kiosk-context.h"
#include "td-reader-error.h"
#include "td-secret.h"
#include "td-staff-console-private.h"
#include "td-staff-words.h"
#include "td-ui-util.h"

#define TD_FACE_WIDTH	  120
#define TD_FACE_HEIGHT	  150
#define TD_ACTION_COLUMNS 3
#define TD_DETAIL_CHARS	  28

/* ---- the chip's photo ---- */

static void
td_face_note_default(TdStaffConsole *self)
{
	gtk_label_set_text(GTK_LABEL(self->face_note),
			   _("Compare the patient with the photo on the ID card."));
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

/* ---- a case ---- */

/* What the reader could not read on the case's card (no personal data),
 * one line each; NULL when nothing or the record is gone. */
static gchar *
td_case_warnings(const TdCheckinRecord *record)
{
	g_autoptr(GString) text = g_string_new(NULL);

	if (record == NULL || record->card_warnings == NULL || record->card_warnings[0] == NULL)
		return NULL;
	for (guint i = 0; record->card_warnings[i] != NULL; i++) {
		g_autofree gchar *line = td_staff_card_warning_text(record->card_warnings[i]);
		/* two entries may say the same to staff */
		if (strstr(text->str, line) != NULL)
			continue;
		if (text->len > 0)
			g_string_append_c(text, '\n');
		g_string_append(text, line);
	}
	return g_string_free(g_steal_pointer(&text), FALSE);
}

/* The case's check-in, read with the list (NULL when it could not be). */
const TdCheckinRecord *
td_staff_case_record(TdStaffConsole *self, const TdCheckinException *exc)
{
	return g_hash_table_lookup(self->records, &exc->checkin_id);
}

void
td_staff_note_draft_put(TdStaffConsole *self, gint64 case_id, const gchar *typed)
{
	const gchar *now;
	g_autoptr(TdWipedString) both = NULL;

	if (typed == NULL || typed[0] == '\0')
		return;
	/* a note typed for the case since (its closing's, during a VNeID
	 * help's minute) is not written over: both, to mend */
	now = td_staff_case_note(self, case_id);
	if (now != NULL && g_strcmp0(now, typed) != 0)
		typed = both = g_strdup_printf("%s; %s", typed, now);
	if (case_id == self->shown_case_id)
		gtk_editable_set_text(GTK_EDITABLE(self->note_entry), typed);
	else
		g_hash_table_replace(self->note_drafts, g_memdup2(&case_id, sizeof(gint64)), g_strdup(typed));
}

/* In the list, or out of it only while its closing is written (a
 * reload holds it back then, and a failed write brings it back) */
static gboolean
td_staff_case_may_come_back(TdStaffConsole *self, gint64 case_id)
{
	return case_id != 0 && (td_staff_case_index(self, case_id) >= 0 || case_id == self->writing_id);
}

static gboolean
td_note_draft_is_stale(gpointer key, gpointer value, gpointer user_data)
{
	return !td_staff_case_may_come_back(user_data, *(const gint64 *)key);
}

const gchar *
td_staff_case_note(TdStaffConsole *self, gint64 case_id)
{
	const gchar *text = case_id == self->shown_case_id ? gtk_editable_get_text(GTK_EDITABLE(self->note_entry))
							    : g_hash_table_lookup(self->note_drafts, &case_id);

	return text != NULL && text[0] != '\0' ? text : NULL;
}

void
td_staff_note_drafts_prune(TdStaffConsole *self)
{
	g_hash_table_foreach_remove(self->note_drafts, td_note_draft_is_stale, self);
}

void
td_staff_show_case(TdStaffConsole *self)
{
	TdCheckinException *exc = td_staff_selected(self);
	const TdCheckinRecord *record = exc != NULL ? td_staff_case_record(self, exc) : NULL;
	const gchar *values[TD_DETAIL_ROWS] = {NULL};
	g_autofree gchar *birth_date = NULL;
	g_autofree gchar *warnings = NULL;
	g_autofree gchar *number = NULL;
	g_autofree gchar *reason = NULL;

	/* a note typed for one patient is not saved with the next one's
	 * case; it waits for its own case to be shown again */
	if ((exc != NULL ? exc->id : 0) != self->shown_case_id) {
		const gchar *typed = gtk_editable_get_text(GTK_EDITABLE(self->note_entry));
		gint64 id = exc != NULL ? exc->id : 0;
		g_autofree gint64 *draft_id = NULL;
		gchar *draft = NULL;

		if (typed[0] != '\0' && td_staff_case_may_come_back(self, self->shown_case_id))
			g_hash_table_replace(self->note_drafts, g_memdup2(&self->shown_case_id, sizeof(gint64)),
					     g_strdup(typed));
		g_hash_table_steal_extended(self->note_drafts, &id, (gpointer *)&draft_id, (gpointer *)&draft);
		gtk_editable_set_text(GTK_EDITABLE(self->note_entry), draft != NULL ? draft : "");
		td_str_clear_free(draft);
		self->shown_case_id = id;
	}
	if (exc != NULL) {
		birth_date = td_staff_date_display(exc->date_of_birth);
		warnings = td_case_warnings(record);
		if (record != NULL && record->queue_number > 0)
			number = td_queue_label(record->queue_series, record->queue_number);
		values[0] = exc->full_name;
		values[1] = exc->id_number;
		values[2] = birth_date;
		values[3] = exc->card_code;
		reason = td_staff_case_reason(self, exc);
		values[4] = reason;
		values[5] = warnings;
		values[6] = record != NULL ? td_staff_vneid_text(record->vneid) : NULL;
	}
	for (guint i = 0; i < TD_DETAIL_ROWS; i++) {
		gtk_label_set_text(GTK_LABEL(self->detail_values[i]), values[i] != NULL ? values[i] : "—");
		/* a row with nothing to say says nothing */
		gtk_widget_set_visible(self->detail_keys[i], values[i] != NULL || i < 3);
		gtk_widget_set_visible(self->detail_values[i], values[i] != NULL || i < 3);
	}
	td_staff_update_busy(self);
	gtk_widget_set_sensitive(self->reprint, number != NULL);
	gtk_widget_set_visible(self->detail_grid, exc != NULL);
	/* no case chosen (none open today): no greyed actions, photo line or
	 * note field beside the words that say so */
	gtk_widget_set_visible(self->case_panel, exc != NULL);
	td_show_face(self, exc);
	td_staff_show_case_vneid(self, exc, record);
	if (birth_date != NULL)
		td_memwipe(birth_date, strlen(birth_date));
}

void
td_staff_build_case(TdStaffConsole *self, GtkWidget *right)
{
	GtkWidget *grid = gtk_grid_new();
	GtkWidget *row;

	self->case_panel = right;
	self->detail_grid = td_ui_append(right, gtk_grid_new());
	gtk_grid_set_column_spacing(GTK_GRID(self->detail_grid), TD_UI_SPACING);
	for (guint i = 0; i < TD_DETAIL_ROWS; i++) {
		self->detail_keys[i] = td_ui_label_new("td-hint");
		gtk_label_set_xalign(GTK_LABEL(self->detail_keys[i]), 1);
		gtk_label_set_max_width_chars(GTK_LABEL(self->detail_keys[i]), TD_STAFF_LIST_CHARS / 2);
		self->detail_values[i] = td_ui_label_new("td-body");
		gtk_label_set_xalign(GTK_LABEL(self->detail_values[i]), 0);
		gtk_label_set_justify(GTK_LABEL(self->detail_values[i]), GTK_JUSTIFY_LEFT);
		gtk_label_set_max_width_chars(GTK_LABEL(self->detail_values[i]), TD_DETAIL_CHARS);
		gtk_widget_set_hexpand(self->detail_values[i], TRUE);
		gtk_grid_attach(GTK_GRID(self->detail_grid), self->detail_keys[i], 0, (int)i, 1, 1);
		gtk_grid_attach(GTK_GRID(self->detail_grid), self->detail_values[i], 1, (int)i, 1, 1);
	}
	row = td_ui_append(right, gtk_box_new(GTK_ORIENTATION_HORIZONTAL, TD_UI_SPACING));
	self->face_picture = td_ui_append(row, gtk_picture_new());
	gtk_picture_set_can_shrink(GTK_PICTURE(self->face_picture), TRUE);
	gtk_picture_set_content_fit(GTK_PICTURE(self->face_picture), GTK_CONTENT_FIT_CONTAIN);
	gtk_widget_set_size_request(self->face_picture, TD_FACE_WIDTH, TD_FACE_HEIGHT);
	gtk_widget_set_visible(self->face_picture, FALSE);
	self->face_note = td_ui_append(row, td_ui_label_new("td-hint"));
	gtk_widget_set_hexpand(self->face_note, TRUE);

	gtk_grid_set_row_spacing(GTK_GRID(grid), TD_UI_SPACING_TIGHT);
	gtk_grid_set_column_spacing(GTK_GRID(grid), TD_UI_SPACING_TIGHT);
	gtk_grid_set_column_homogeneous(GTK_GRID(grid), TRUE);
	for (guint i = 0, placed = 0; i < TD_STAFF_N_ACTIONS; i++) {
		self->actions[i] = td_ui_button_new("", NULL);
		td_ui_button_set_wrap(self->actions[i], TD_STAFF_LIST_CHARS / 2);
		g_object_set_data(G_OBJECT(self->actions[i]), "td-action", GUINT_TO_POINTER(i));
		g_signal_connect(self->actions[i], "clicked", G_CALLBACK(td_action_clicked_cb), self);
		/* the VNeID help closes nothing: beside the note, below */
		if (g_str_equal(td_staff_action_words[i], "vneid-assisted"))
			continue;
		gtk_grid_attach(GTK_GRID(grid), self->actions[i], (int)(placed % TD_ACTION_COLUMNS),
				(int)(placed / TD_ACTION_COLUMNS), 1, 1);
		placed++;
	}
	gtk_box_append(GTK_BOX(right), grid);
	/* the note, the VNeID help and "print again" share a row, and the
	 * photo's note has the column's width: the case, its VNeID answer
	 * and a call for staff above it fit 1024 x 768, the six ways to
	 * close it in two rows */
	row = td_ui_append(right, gtk_box_new(GTK_ORIENTATION_HORIZONTAL, TD_UI_SPACING_TIGHT));
	self->note_entry = td_ui_append(row, gtk_entry_new());
	gtk_widget_add_css_class(self->note_entry, "td-entry");
	gtk_widget_set_hexpand(self->note_entry, TRUE);
	for (guint i = 0; i < TD_STAFF_N_ACTIONS; i++) {
		if (g_str_equal(td_staff_action_words[i], "vneid-assisted")) {
			gtk_widget_add_css_class(self->actions[i], "td-small");
			gtk_widget_set_valign(self->actions[i], GTK_ALIGN_CENTER);
			gtk_box_append(GTK_BOX(row), self->actions[i]);
		}
	}
	self->reprint = td_staff_bar_button(row, "td-small", G_CALLBACK(td_case_reprint_cb), self);
	gtk_widget_set_valign(self->reprint, GTK_ALIGN_CENTER);
	/* in two lines where the words are long ("Print the ticket again"
	 * in large text), as the help beside it: the note keeps room */
	td_ui_button_set_wrap(self->reprint, TD_STAFF_LIST_CHARS / 2);
}

void
td_staff_case_retranslate(TdStaffConsole *self)
{
	const gchar *keys[TD_DETAIL_ROWS] = {_("Name"),	  _("ID number"),	   _("Birth date"), _("Insurance card"),
					     _("Reason"), _("Card read warnings"), _("VNeID")};

	for (guint i = 0; i < TD_DETAIL_ROWS; i++)
		gtk_label_set_text(GTK_LABEL(self->detail_keys[i]), keys[i]);
	for (guint i = 0; i < TD_STAFF_N_ACTIONS; i++)
		td_ui_button_set_text(self->actions[i], td_staff_action_text(td_staff_action_words[i]));
	td_ui_button_set_text(self->reprint, _("Print the ticket again"));
	/* short: the field shares its row with two buttons */
	gtk_entry_set_placeholder_text(GTK_ENTRY(self->note_entry), _("Note"));
	td_ui_set_a11y_label(self->note_entry, _("Note (optional)"));
}
