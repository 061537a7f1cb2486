/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "td-i18n.h"
#include "td-number-pad.h"
#include "td-reflow-box.h"
#include "td-screen-scale.h"
#include "td-secret.h"
#include "td-ui-util.h"

#define TD_NUMBER_PAD_MAX 32
#define TD_NUMBER_PAD_COLUMNS 3
#define TD_NUMBER_PAD_DIGIT_ROWS 4 /* 1-3, 4-6, 7-9, delete 0 clear */
#define TD_NUMBER_PAD_LETTER_COLUMNS 9
/* on a narrow screen (td-screen-scale.h): nine letter keys a row need
 * 636 px with the page's margins; on a short one (the staff's card code),
 * seven a row sit beside the digits, where nine went over them on an
 * 800 px wide one (four rows of keys fit under the bars of an 800 x 480
 * screen, not eight) */
#define TD_NUMBER_PAD_NARROW_LETTER_COLUMNS 7
#define TD_NUMBER_PAD_ICON_PX	  36
/* the words beside the pad on a low screen (800 x 480): the 768 px
 * inside the page's margins less the pad and the gap */
#define TD_NUMBER_PAD_LOW_COLUMN_PX 280

struct _TdNumberPad {
	GtkBox parent_instance;
	guint min_length;
	guint max_length;
	TdNumberPadFlags flags;
	gchar text[TD_NUMBER_PAD_MAX + 1];
	guint len;
	GtkWidget *prompt;
	GtkWidget *display;
	/* around it, what assistive technologies are told of it (the label
	 * itself hidden from them: its text would give the digits) */
	GtkWidget *display_status;
	GtkWidget *letters;
	GtkWidget *delete_button;
	GtkWidget *clear_button;
	GtkWidget *ok_button;
	TdScreenScale scale; /* the window's, when last told */
};

G_DEFINE_FINAL_TYPE(TdNumberPad, td_number_pad, GTK_TYPE_BOX)

static void td_number_pad_place_keys(TdNumberPad *self);

enum { SIGNAL_SUBMITTED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* What the display shows: dots for a PIN, dd/mm/yyyy for a date, digits
 * in groups of three (easier to check against the card) otherwise. A
 * number of fixed length shows the places still to type as blanks
 * ("001 05_ ___ ___", as on a paper form): how many are left is seen, not
 * counted, and the box keeps its width as it fills. Blanks in the text's
 * own colour: a faint one fails dark mode's contrast. */
static void
td_number_pad_format(TdNumberPad *self, GString *out)
{
	guint places = self->len;

	if (!(self->flags & TD_NUMBER_PAD_MASKED) && self->min_length == self->max_length)
		places = self->max_length;
	for (guint i = 0; i < places; i++) {
		if (self->flags & TD_NUMBER_PAD_MASKED) {
			g_string_append(out, "●");
			continue;
		}
		if ((self->flags & TD_NUMBER_PAD_DATE) ? (i == 2 || i == 4) : (i > 0 && i % 3 == 0))
			g_string_append_c(out, (self->flags & TD_NUMBER_PAD_DATE) ? '/' : ' ');
		g_string_append_c(out, i < self->len ? self->text[i] : '_');
	}
}

/* What a screen reader says of the display: how far the typing is. Not
 * the text (a patient's ID number, said aloud at a public kiosk), nor
 * the blanks (read out one by one as "underscore"). Said by the status
 * around the display: a label's own text reaches a screen reader through
 * its text interface, whatever its accessible label says. */
static void
td_number_pad_update_a11y(TdNumberPad *self)
{
	gboolean letters = (self->flags & TD_NUMBER_PAD_LETTERS) != 0;
	g_autofree gchar *said = NULL;

	if (self->len == 0)
		said = g_strdup(_("Nothing typed yet"));
	else if (!(self->flags & TD_NUMBER_PAD_MASKED) && self->min_length == self->max_length)
		said = letters ? g_strdup_printf(_("%u of %u characters typed"), self->len, self->max_length)
			       : g_strdup_printf(_("%u of %u digits typed"), self->len, self->max_length);
	else if (letters)
		said = g_strdup_printf(
		    g_dngettext(GETTEXT_PACKAGE, "%u character typed", "%u characters typed", self->len), self->len);
	else
		said = g_strdup_printf(g_dngettext(GETTEXT_PACKAGE, "%u digit typed", "%u digits typed", self->len),
				       self->len);
	td_ui_set_a11y_label(self->display_status, said);
}

static void
td_number_pad_update(TdNumberPad *self)
{
	g_autoptr(GString) shown = g_string_new(NULL);

	td_number_pad_format(self, shown);
	gtk_label_set_text(GTK_LABEL(self->display), shown->str);
	td_memwipe(shown->str, shown->len);
	td_number_pad_update_a11y(self);
	gtk_widget_set_sensitive(self->ok_button, self->len >= self->min_length);
	gtk_widget_set_visible(self->letters, (self->flags & TD_NUMBER_PAD_LETTERS) != 0);
}

gboolean
td_number_pad_press(TdNumberPad *self, gchar c)
{
	g_return_val_if_fail(TD_IS_NUMBER_PAD(self), FALSE);
	if (c == '\b') {
		if (self->len == 0)
			return FALSE;
		self->text[--self->len] = '\0';
		td_number_pad_update(self);
		return TRUE;
	}
	if ((self->flags & TD_NUMBER_PAD_LETTERS) && c >= 'a' && c <= 'z')
		c = (gchar)(c - 'a' + 'A');
	if (!g_ascii_isdigit(c) && !((self->flags & TD_NUMBER_PAD_LETTERS) && c >= 'A' && c <= 'Z'))
		return FALSE;
	if (self->len >= self->max_length)
		return FALSE;
	self->text[self->len++] = c;
	self->text[self->len] = '\0';
	td_number_pad_update(self);
	return TRUE;
}

void
td_number_pad_submit(TdNumberPad *self)
{
	g_return_if_fail(TD_IS_NUMBER_PAD(self));
	if (self->len < self->min_length)
		return;
	g_signal_emit(self, signals[SIGNAL_SUBMITTED], 0, self->text);
}

void
td_number_pad_clear(TdNumberPad *self)
{
	g_return_if_fail(TD_IS_NUMBER_PAD(self));
	td_memwipe(self->text, sizeof(self->text));
	self->len = 0;
	td_number_pad_update(self);
}

void
td_number_pad_set_format(TdNumberPad *self, guint min_length, guint max_length, TdNumberPadFlags flags)
{
	g_return_if_fail(TD_IS_NUMBER_PAD(self));
	self->min_length = MIN(min_length, TD_NUMBER_PAD_MAX);
	self->max_length = MIN(max_length, TD_NUMBER_PAD_MAX);
	self->flags = flags;
	td_number_pad_place_keys(self);
	td_number_pad_clear(self);
}

const gchar *
td_number_pad_get_text(TdNumberPad *self)
{
	g_return_val_if_fail(TD_IS_NUMBER_PAD(self), NULL);
	return self->text;
}

void
td_number_pad_set_prompt(TdNumberPad *self, const gchar *prompt)
{
	gtk_label_set_text(GTK_LABEL(self->prompt), prompt);
	gtk_widget_set_visible(self->prompt, prompt != NULL && prompt[0] != '\0');
}

static void
td_number_pad_key_clicked_cb(GtkButton *button, TdNumberPad *self)
{
	gchar c = (gchar)GPOINTER_TO_INT(g_object_get_data(G_OBJECT(button), "td-key"));
	td_number_pad_press(self, c);
}

static void
td_number_pad_delete_clicked_cb(GtkButton *button, TdNumberPad *self)
{
	td_number_pad_press(self, '\b');
}

static void
td_number_pad_clear_clicked_cb(GtkButton *button, TdNumberPad *self)
{
	td_number_pad_clear(self);
}

static void
td_number_pad_ok_clicked_cb(GtkButton *button, TdNumberPad *self)
{
	td_number_pad_submit(self);
}

static GtkWidget *
td_number_pad_key_new(TdNumberPad *self, gchar c, const gchar *css_class)
{
	gchar text[2] = {c, '\0'};
	GtkWidget *button = td_ui_button_new(text, css_class);
	g_object_set_data(G_OBJECT(button), "td-key", GINT_TO_POINTER((gint)c));
	g_signal_connect(button, "clicked", G_CALLBACK(td_number_pad_key_clicked_cb), self);
	return button;
}

/* The button's label in a box, which gives no baseline. GtkGridLayout
 * lines up the baselines of a row's keys even where they fill it, so the
 * smaller words of "Xóa hết" (their baseline 5 px higher than a digit's)
 * made their row 5 px taller than a key, and the rows being the same
 * height, every row: 25 px in all, which an 800 x 480 screen does not
 * have. */
static void
td_number_pad_drop_baseline(GtkWidget *button)
{
	GtkWidget *box = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 0);
	g_autoptr(GtkWidget) label = g_object_ref(gtk_button_get_child(GTK_BUTTON(button)));

	gtk_button_set_child(GTK_BUTTON(button), NULL);
	gtk_widget_set_halign(box, GTK_ALIGN_CENTER);
	gtk_box_append(GTK_BOX(box), label);
	gtk_button_set_child(GTK_BUTTON(button), box);
}

static void
td_number_pad_retranslate(TdNumberPad *self)
{
	/* the delete key shows a symbol; its name is read out */
	td_ui_set_a11y_label(self->delete_button, _("Delete the last digit"));
	td_ui_button_set_text(self->clear_button, _("Clear"));
	td_ui_button_set_text(self->ok_button, _("OK"));
	td_number_pad_update_a11y(self);
}

static void
td_number_pad_language_changed_cb(TdI18n *i18n, TdNumberPad *self)
{
	td_number_pad_retranslate(self);
}

static void
td_number_pad_finalize(GObject *object)
{
	TdNumberPad *self = TD_NUMBER_PAD(object);
	td_memwipe(self->text, sizeof(self->text));
	G_OBJECT_CLASS(td_number_pad_parent_class)->finalize(object);
}

static void
td_number_pad_class_init(TdNumberPadClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS(klass);
	object_class->finalize = td_number_pad_finalize;
	signals[SIGNAL_SUBMITTED] = g_signal_new("submitted", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL,
						 NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
}

/* The letters nine a row; OK under the digits the whole width. Four rows
 * of keys, not five, on a low screen (800 x 480, where five do not fit
 * under the bars), and with letters (the staff's card code) on any short
 * one (the page has the letters too): OK beside the digits the whole
 * height, as on a bank's keypad, and the letters seven a row beside them
 * (as on a narrow screen, where nine are too wide). Moved within the
 * grids, before the layout. */
static void
td_number_pad_place_keys(TdNumberPad *self)
{
	gboolean four_rows = self->scale.low || (self->scale.short_screen && (self->flags & TD_NUMBER_PAD_LETTERS));
	gint columns = self->scale.narrow || four_rows ? TD_NUMBER_PAD_NARROW_LETTER_COLUMNS
						       : TD_NUMBER_PAD_LETTER_COLUMNS;
	gint i = 0;

	for (GtkWidget *key = gtk_widget_get_first_child(self->letters); key != NULL;
	     key = gtk_widget_get_next_sibling(key), i++)
		td_ui_grid_place(key, i % columns, i / columns, 1, 1);
	if (four_rows)
		td_ui_grid_place(self->ok_button, TD_NUMBER_PAD_COLUMNS, 0, 1, TD_NUMBER_PAD_DIGIT_ROWS);
	else
		td_ui_grid_place(self->ok_button, 0, TD_NUMBER_PAD_DIGIT_ROWS, TD_NUMBER_PAD_COLUMNS, 1);
	/* a word a line there ("Đồng / ý"), so its column is a key's width;
	 * elsewhere one line, as wide as it needs */
	if (four_rows)
		td_ui_button_set_wrap(self->ok_button, 1);
	else
		td_ui_button_set_one_line(self->ok_button);
}

static void
td_number_pad_scale_changed(GtkWidget *widget, TdScreenScale scale)
{
	TdNumberPad *self = TD_NUMBER_PAD(widget);

	self->scale = scale;
	td_number_pad_place_keys(self);
}

/* The keys: digits 1-9 in three rows, then delete, 0, clear, then OK the
 * whole width (beside them on a low screen: td_number_pad_scale_changed);
 * with LETTERS a block of A-Z above them. */
static void
td_number_pad_init(TdNumberPad *self)
{
	GtkWidget *grid = gtk_grid_new();
	GtkWidget *keys = td_reflow_box_new(TD_UI_SPACING);
	static const gchar digits[] = "123456789";

	gtk_orientable_set_orientation(GTK_ORIENTABLE(self), GTK_ORIENTATION_VERTICAL);
	gtk_box_set_spacing(GTK_BOX(self), TD_UI_SPACING_TIGHT);
	gtk_widget_add_css_class(GTK_WIDGET(self), "td-number-pad");
	gtk_widget_set_halign(GTK_WIDGET(self), GTK_ALIGN_CENTER);
	gtk_widget_set_valign(GTK_WIDGET(self), GTK_ALIGN_CENTER);

	self->prompt = td_ui_label_new("td-pad-prompt");
	gtk_widget_set_visible(self->prompt, FALSE);
	gtk_box_append(GTK_BOX(self), self->prompt);
	self->display_status = g_object_new(GTK_TYPE_BOX, "orientation", GTK_ORIENTATION_VERTICAL, "accessible-role",
					    GTK_ACCESSIBLE_ROLE_STATUS, NULL);
	gtk_box_append(GTK_BOX(self), self->display_status);
	self->display = gtk_label_new(NULL);
	gtk_widget_add_css_class(self->display, "td-pad-display");
	gtk_accessible_update_state(GTK_ACCESSIBLE(self->display), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
	gtk_box_append(GTK_BOX(self->display_status), self->display);

	self->letters = gtk_grid_new();
	gtk_grid_set_row_spacing(GTK_GRID(self->letters), TD_UI_SPACING_TIGHT);
	gtk_grid_set_column_spacing(GTK_GRID(self->letters), TD_UI_SPACING_TIGHT);
	gtk_widget_set_halign(self->letters, GTK_ALIGN_CENTER);
	for (gchar c = 'A'; c <= 'Z'; c++)
		gtk_grid_attach(GTK_GRID(self->letters), td_number_pad_key_new(self, c, "td-pad-letter"),
				(c - 'A') % TD_NUMBER_PAD_LETTER_COLUMNS, (c - 'A') / TD_NUMBER_PAD_LETTER_COLUMNS, 1, 1);
	gtk_widget_set_valign(self->letters, GTK_ALIGN_START);
	td_reflow_box_append(TD_REFLOW_BOX(keys), self->letters);

	gtk_grid_set_row_spacing(GTK_GRID(grid), TD_UI_SPACING_TIGHT);
	gtk_grid_set_column_spacing(GTK_GRID(grid), TD_UI_SPACING_TIGHT);
	gtk_grid_set_row_homogeneous(GTK_GRID(grid), TRUE);
	gtk_grid_set_column_homogeneous(GTK_GRID(grid), TRUE);
	gtk_widget_set_halign(grid, GTK_ALIGN_CENTER);
	for (guint i = 0; i < 9; i++)
		gtk_grid_attach(GTK_GRID(grid), td_number_pad_key_new(self, digits[i], "td-pad-key"),
				(gint)(i % TD_NUMBER_PAD_COLUMNS), (gint)(i / TD_NUMBER_PAD_COLUMNS), 1, 1);
	/* an icon, not the "⌫" character: its fallback font's tall lines
	 * would make every row of keys taller */
	self->delete_button = td_ui_icon_button_new("edit-clear-symbolic", TD_NUMBER_PAD_ICON_PX, "", "td-pad-key");
	gtk_widget_set_visible(gtk_widget_get_last_child(gtk_button_get_child(GTK_BUTTON(self->delete_button))), FALSE);
	gtk_widget_set_halign(gtk_button_get_child(GTK_BUTTON(self->delete_button)), GTK_ALIGN_CENTER);
	g_signal_connect(self->delete_button, "clicked", G_CALLBACK(td_number_pad_delete_clicked_cb), self);
	gtk_grid_attach(GTK_GRID(grid), self->delete_button, 0, 3, 1, 1);
	gtk_grid_attach(GTK_GRID(grid), td_number_pad_key_new(self, '0', "td-pad-key"), 1, 3, 1, 1);
	self->clear_button = td_ui_button_new("", "td-pad-key");
	/* one line: two would make every row of keys taller */
	gtk_widget_add_css_class(self->clear_button, "td-pad-clear");
	td_number_pad_drop_baseline(self->clear_button);
	g_signal_connect(self->clear_button, "clicked", G_CALLBACK(td_number_pad_clear_clicked_cb), self);
	gtk_grid_attach(GTK_GRID(grid), self->clear_button, 2, 3, 1, 1);
	self->ok_button = td_ui_button_new("", "td-pad-ok");
	gtk_widget_add_css_class(self->ok_button, "td-primary");
	g_signal_connect(self->ok_button, "clicked", G_CALLBACK(td_number_pad_ok_clicked_cb), self);
	gtk_grid_attach(GTK_GRID(grid), self->ok_button, 0, TD_NUMBER_PAD_DIGIT_ROWS, TD_NUMBER_PAD_COLUMNS, 1);
	td_screen_scale_watch(GTK_WIDGET(self), td_number_pad_scale_changed);
	/* the letters (staff's card code) beside the digits where there is room */
	td_reflow_box_append(TD_REFLOW_BOX(keys), grid);
	gtk_box_append(GTK_BOX(self), keys);

	td_number_pad_retranslate(self);
	g_signal_connect_object(td_i18n_get_default(), "changed", G_CALLBACK(td_number_pad_language_changed_cb), self,
				0);
}

static void
td_number_pad_column_scale_changed(GtkWidget *column, TdScreenScale scale)
{
	gtk_widget_set_size_request(column, (scale.low ? TD_NUMBER_PAD_LOW_COLUMN_PX : TD_UI_COLUMN_PX) - TD_UI_WORDS_BAR_PX,
				    -1);
}

void
td_number_pad_size_column(GtkWidget *column)
{
	gtk_widget_set_size_request(column, TD_UI_COLUMN_PX - TD_UI_WORDS_BAR_PX, -1);
	/* a gap before the bar of the box it scrolls in: a centred line
	 * that fills the column ran into it ("…Please check the" in English
	 * on 800 x 480 and 1024 x 600) */
	gtk_widget_set_margin_end(column, TD_UI_SPACING_TIGHT);
	td_screen_scale_watch(column, td_number_pad_column_scale_changed);
}

GtkWidget *
td_number_pad_new(guint min_length, guint max_length, TdNumberPadFlags flags)
{
	TdNumberPad *self = g_object_new(TD_TYPE_NUMBER_PAD, NULL);
	td_number_pad_set_format(self, min_length, max_length, flags);
	return GTK_WIDGET(self);
}
