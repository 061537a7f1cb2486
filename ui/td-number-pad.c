/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "td-i18n.h"
#include "td-number-pad.h"
#include "td-secret.h"
#include "td-ui-util.h"

#define TD_NUMBER_PAD_MAX 32

struct _TdNumberPad {
	GtkBox parent_instance;
	guint min_length;
	guint max_length;
	TdNumberPadFlags flags;
	gchar text[TD_NUMBER_PAD_MAX + 1];
	guint len;
	GtkWidget *prompt;
	GtkWidget *display;
	GtkWidget *delete_button;
	GtkWidget *clear_button;
	GtkWidget *ok_button;
};

G_DEFINE_FINAL_TYPE(TdNumberPad, td_number_pad, GTK_TYPE_BOX)

enum { SIGNAL_SUBMITTED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
td_number_pad_update(TdNumberPad *self)
{
	if (self->flags & TD_NUMBER_PAD_MASKED) {
		g_autoptr(GString) dots = g_string_new(NULL);
		for (guint i = 0; i < self->len; i++)
			g_string_append(dots, "●");
		gtk_label_set_text(GTK_LABEL(self->display), dots->str);
	} else {
		/* groups of three digits are easier to check against the card */
		g_autoptr(GString) grouped = g_string_new(NULL);
		for (guint i = 0; i < self->len; i++) {
			if (i > 0 && i % 3 == 0)
				g_string_append_c(grouped, ' ');
			g_string_append_c(grouped, self->text[i]);
		}
		gtk_label_set_text(GTK_LABEL(self->display), grouped->str);
		td_memwipe(grouped->str, grouped->len);
	}
	gtk_widget_set_sensitive(self->ok_button, self->len >= self->min_length);
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
td_number_pad_key_new(TdNumberPad *self, gchar c)
{
	gchar text[2] = {c, '\0'};
	GtkWidget *button = td_ui_button_new(text, "td-pad-key");
	g_object_set_data(G_OBJECT(button), "td-key", GINT_TO_POINTER((gint)c));
	g_signal_connect(button, "clicked", G_CALLBACK(td_number_pad_key_clicked_cb), self);
	return button;
}

static void
td_number_pad_retranslate(TdNumberPad *self)
{
	/* the delete key shows a symbol; its name is read out */
	td_ui_set_a11y_label(self->delete_button, _("Delete the last digit"));
	td_ui_button_set_text(self->clear_button, _("Clear"));
	td_ui_button_set_text(self->ok_button, _("OK"));
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

static void
td_number_pad_init(TdNumberPad *self)
{
}

GtkWidget *
td_number_pad_new(guint min_length, guint max_length, TdNumberPadFlags flags)
{
	TdNumberPad *self = g_object_new(TD_TYPE_NUMBER_PAD, "orientation", GTK_ORIENTATION_VERTICAL, "spacing", 12,
					 NULL);
	GtkWidget *grid = gtk_grid_new();
	static const gchar digits[] = "123456789";

	self->min_length = MIN(min_length, TD_NUMBER_PAD_MAX);
	self->max_length = MIN(max_length, TD_NUMBER_PAD_MAX);
	self->flags = flags;
	gtk_widget_add_css_class(GTK_WIDGET(self), "td-number-pad");
	gtk_widget_set_halign(GTK_WIDGET(self), GTK_ALIGN_CENTER);

	self->prompt = td_ui_label_new("td-pad-prompt");
	gtk_widget_set_visible(self->prompt, FALSE);
	gtk_box_append(GTK_BOX(self), self->prompt);
	self->display = td_ui_label_new("td-pad-display");
	gtk_box_append(GTK_BOX(self), self->display);

	gtk_grid_set_row_spacing(GTK_GRID(grid), 8);
	gtk_grid_set_column_spacing(GTK_GRID(grid), 10);
	gtk_grid_set_row_homogeneous(GTK_GRID(grid), TRUE);
	gtk_grid_set_column_homogeneous(GTK_GRID(grid), TRUE);
	gtk_widget_set_halign(grid, GTK_ALIGN_CENTER);
	for (guint i = 0; i < 9; i++)
		gtk_grid_attach(GTK_GRID(grid), td_number_pad_key_new(self, digits[i]), (gint)(i % 3), (gint)(i / 3), 1, 1);

	self->delete_button = td_ui_button_new("⌫", "td-pad-key");
	g_signal_connect(self->delete_button, "clicked", G_CALLBACK(td_number_pad_delete_clicked_cb), self);
	gtk_grid_attach(GTK_GRID(grid), self->delete_button, 0, 3, 1, 1);
	gtk_grid_attach(GTK_GRID(grid), td_number_pad_key_new(self, '0'), 1, 3, 1, 1);
	self->clear_button = td_ui_button_new("", "td-pad-key");
	g_signal_connect(self->clear_button, "clicked", G_CALLBACK(td_number_pad_clear_clicked_cb), self);
	gtk_grid_attach(GTK_GRID(grid), self->clear_button, 2, 3, 1, 1);
	self->ok_button = td_ui_button_new("", "td-pad-ok");
	gtk_widget_add_css_class(self->ok_button, "suggested-action");
	g_signal_connect(self->ok_button, "clicked", G_CALLBACK(td_number_pad_ok_clicked_cb), self);
	gtk_grid_attach(GTK_GRID(grid), self->ok_button, 0, 4, 3, 1);

	if (flags & TD_NUMBER_PAD_LETTERS) {
		GtkWidget *letters = gtk_grid_new();
		gtk_grid_set_row_spacing(GTK_GRID(letters), 8);
		gtk_grid_set_column_spacing(GTK_GRID(letters), 8);
		gtk_widget_set_halign(letters, GTK_ALIGN_CENTER);
		for (gchar c = 'A'; c <= 'Z'; c++) {
			GtkWidget *key = td_number_pad_key_new(self, c);
			gtk_widget_add_css_class(key, "td-pad-letter");
			gtk_grid_attach(GTK_GRID(letters), key, (c - 'A') % 9, (c - 'A') / 9, 1, 1);
		}
		gtk_box_append(GTK_BOX(self), letters);
	}
	gtk_box_append(GTK_BOX(self), grid);

	td_number_pad_retranslate(self);
	g_signal_connect_object(td_i18n_get_default(), "changed", G_CALLBACK(td_number_pad_language_changed_cb), self,
				0);
	td_number_pad_update(self);
	return GTK_WIDGET(self);
}
