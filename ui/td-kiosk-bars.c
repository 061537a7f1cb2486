/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-bar-layout.h"
#include "td-i18n.h"
#include "td-kiosk-bars.h"
#include "td-kiosk-page.h"
#include "td-screen-scale.h"
#include "td-station-name.h"
#include "td-ui-util.h"

#define TD_BAR_ICON_PX	     32
#define TD_TRAINING_CHARS    16

/* the first row's children where the bar takes two: the name, the banner */
#define TD_TOPBAR_N_IDENTITY 2

struct _TdKioskTopbar {
	GtkWidget parent_instance;
	GtkWidget *window; /* not a reference: the window owns the bar */
	gchar *training_pin;
	GtkWidget *station;
	GtkWidget *training;
	GtkWidget *language;
	GtkWidget *large;
	GtkWidget *contrast;
	GtkWidget *staff;
};

G_DEFINE_FINAL_TYPE(TdKioskTopbar, td_kiosk_topbar, GTK_TYPE_WIDGET)

enum { TOPBAR_STAFF, TOPBAR_SETTINGS_CHANGED, TOPBAR_N_SIGNALS };
static guint topbar_signals[TOPBAR_N_SIGNALS];

static void
td_kiosk_topbar_retranslate(TdKioskTopbar *self)
{
	/* the switch names the other language in that language */
	td_ui_button_set_text(self->language, td_i18n_get_language() == TD_LANGUAGE_VI ? "English" : "Tiếng Việt");
	td_ui_toggle_set_text(self->large, _("Large text"));
	td_ui_toggle_set_text(self->contrast, _("Dark screen, light text"));
	td_ui_set_a11y_label(self->staff, _("Staff"));
	if (self->training_pin != NULL) {
		g_autofree gchar *banner = g_strdup_printf(_("Training · staff PIN %s"), self->training_pin);
		gtk_label_set_text(GTK_LABEL(self->training), banner);
	}
}

static void
td_kiosk_topbar_language_changed_cb(TdI18n *i18n, TdKioskTopbar *self)
{
	td_kiosk_topbar_retranslate(self);
}

/* The window's class, once the window is known. */
static void
td_window_set_class(GtkWidget *window, const gchar *css_class, gboolean on)
{
	if (window != NULL)
		td_ui_set_css_class(window, css_class, on);
}

static void
td_toggled_cb(GtkToggleButton *toggle, TdKioskTopbar *self)
{
	td_window_set_class(self->window, toggle == GTK_TOGGLE_BUTTON(self->large) ? "td-large-text" : "td-high-contrast",
			    gtk_toggle_button_get_active(toggle));
	g_signal_emit(self, topbar_signals[TOPBAR_SETTINGS_CHANGED], 0);
}

static void
td_language_clicked_cb(GtkButton *button, TdKioskTopbar *self)
{
	td_i18n_set_language(td_i18n_get_language() == TD_LANGUAGE_VI ? TD_LANGUAGE_EN : TD_LANGUAGE_VI);
	g_signal_emit(self, topbar_signals[TOPBAR_SETTINGS_CHANGED], 0);
}

static void
td_staff_clicked_cb(GtkButton *button, TdKioskTopbar *self)
{
	g_signal_emit(self, topbar_signals[TOPBAR_STAFF], 0);
}

void
td_kiosk_topbar_set_station(TdKioskTopbar *self, const gchar *station_name)
{
	gtk_label_set_text(GTK_LABEL(self->station), station_name != NULL ? station_name : "");
}

void
td_kiosk_topbar_set_training_pin(TdKioskTopbar *self, const gchar *pin)
{
	g_free(self->training_pin);
	self->training_pin = g_strdup(pin);
	gtk_widget_set_visible(self->training, pin != NULL);
	td_kiosk_topbar_retranslate(self);
}

void
td_kiosk_topbar_set_window(TdKioskTopbar *self, GtkWidget *window)
{
	self->window = window;
}

void
td_kiosk_topbar_set_large_text(TdKioskTopbar *self, gboolean large)
{
	gtk_toggle_button_set_active(GTK_TOGGLE_BUTTON(self->large), large);
	td_window_set_class(self->window, "td-large-text", large);
}

void
td_kiosk_topbar_set_high_contrast(TdKioskTopbar *self, gboolean high)
{
	gtk_toggle_button_set_active(GTK_TOGGLE_BUTTON(self->contrast), high);
	td_window_set_class(self->window, "td-high-contrast", high);
}

gboolean
td_kiosk_topbar_get_large_text(TdKioskTopbar *self)
{
	return gtk_toggle_button_get_active(GTK_TOGGLE_BUTTON(self->large));
}

gboolean
td_kiosk_topbar_get_high_contrast(TdKioskTopbar *self)
{
	return gtk_toggle_button_get_active(GTK_TOGGLE_BUTTON(self->contrast));
}

void
td_kiosk_topbar_set_staff_visible(TdKioskTopbar *self, gboolean visible)
{
	gtk_widget_set_visible(self->staff, visible);
}

static void
td_kiosk_topbar_dispose(GObject *object)
{
	td_ui_unparent_children(GTK_WIDGET(object));
	G_OBJECT_CLASS(td_kiosk_topbar_parent_class)->dispose(object);
}

static void
td_kiosk_topbar_finalize(GObject *object)
{
	TdKioskTopbar *self = TD_KIOSK_TOPBAR(object);
	g_free(self->training_pin);
	G_OBJECT_CLASS(td_kiosk_topbar_parent_class)->finalize(object);
}

static void
td_kiosk_topbar_class_init(TdKioskTopbarClass *klass)
{
	G_OBJECT_CLASS(klass)->dispose = td_kiosk_topbar_dispose;
	G_OBJECT_CLASS(klass)->finalize = td_kiosk_topbar_finalize;
	topbar_signals[TOPBAR_STAFF] = g_signal_new("staff", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
						    NULL, G_TYPE_NONE, 0);
	topbar_signals[TOPBAR_SETTINGS_CHANGED] = g_signal_new("settings-changed", G_TYPE_FROM_CLASS(klass),
							       G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
td_kiosk_topbar_init(TdKioskTopbar *self)
{
	GtkWidget *bar = GTK_WIDGET(self);

	gtk_widget_set_layout_manager(bar, td_bar_layout_new(TD_TOPBAR_N_IDENTITY, TD_UI_SPACING_TIGHT));
	gtk_widget_add_css_class(bar, "td-topbar");
	/* a name, not a sentence: it gives way to the buttons */
	{
		GtkWidget *name = td_ui_add_child(bar, td_station_name_new());
		gtk_widget_set_hexpand(name, TRUE);
		self->station = GTK_WIDGET(td_station_name_get_label(TD_STATION_NAME(name)));
	}
	self->training = td_ui_add_child(bar, gtk_label_new(NULL));
	gtk_widget_add_css_class(self->training, "td-training");
	/* two short lines rather than a long one: the buttons keep their room */
	gtk_label_set_wrap(GTK_LABEL(self->training), TRUE);
	gtk_label_set_max_width_chars(GTK_LABEL(self->training), TD_TRAINING_CHARS);
	gtk_label_set_justify(GTK_LABEL(self->training), GTK_JUSTIFY_CENTER);
	gtk_widget_set_visible(self->training, FALSE);
	self->language = td_ui_add_child(bar, td_ui_button_new("", "td-small"));
	/* "Tiếng / Việt" on a narrow bar rather than cut the station's name */
	td_ui_button_set_wrap_when_narrow(self->language);
	g_signal_connect(self->language, "clicked", G_CALLBACK(td_language_clicked_cb), self);
	self->large = td_ui_add_child(bar, td_ui_toggle_new());
	gtk_widget_add_css_class(self->large, "td-small");
	g_signal_connect(self->large, "toggled", G_CALLBACK(td_toggled_cb), self);
	self->contrast = td_ui_add_child(bar, td_ui_toggle_new());
	gtk_widget_add_css_class(self->contrast, "td-small");
	g_signal_connect(self->contrast, "toggled", G_CALLBACK(td_toggled_cb), self);
	/* on a narrow screen (a 768 px portrait panel) the longest toggle's
	 * words go on two lines rather than the bar past the window's edge;
	 * with both toggles on ("✓ Large text", "✓ Dark screen, light text")
	 * on 800 x 480 the first on two lines lets the second take two, not
	 * three, and the number pad stays whole under the bar */
	td_ui_button_set_wrap_when_narrow(self->large);
	td_ui_button_set_wrap_when_narrow(self->contrast);
	/* a padlock, named for screen readers: short, so the bar fits */
	self->staff = td_ui_add_child(bar, td_ui_icon_button_new("system-lock-screen-symbolic", TD_BAR_ICON_PX, "", "td-small"));
	gtk_widget_add_css_class(self->staff, "td-icon-only");
	gtk_widget_set_visible(gtk_widget_get_last_child(gtk_button_get_child(GTK_BUTTON(self->staff))), FALSE);
	g_signal_connect(self->staff, "clicked", G_CALLBACK(td_staff_clicked_cb), self);
	td_kiosk_topbar_retranslate(self);
	g_signal_connect_object(td_i18n_get_default(), "changed", G_CALLBACK(td_kiosk_topbar_language_changed_cb), self,
				0);
}

GtkWidget *
td_kiosk_topbar_new(void)
{
	return g_object_new(TD_TYPE_KIOSK_TOPBAR, NULL);
}

/* ---- the strip on the patient's pages ---- */

struct _TdPatientStrip {
	GtkBox parent_instance;
	guint step;
	gchar *queue_label;    /* NULL: no number to show */
	gboolean short_screen; /* under 640 px tall: "ticket not printed" is shown here */
	gboolean not_printed;  /* ... and that its ticket did not print */
	GtkWidget *step_label;
	GtkWidget *repeat;
	GtkWidget *call_staff;
};

G_DEFINE_FINAL_TYPE(TdPatientStrip, td_patient_strip, GTK_TYPE_BOX)

enum { STRIP_REPEAT, STRIP_CALL_STAFF, STRIP_N_SIGNALS };
static guint strip_signals[STRIP_N_SIGNALS];

/* The last step is the number where there is one; without (sent to
 * reception with none) "Số thứ tự" alone read as a number missing. */
static const gchar *
td_step_name(guint step, gboolean numbered)
{
	switch (step) {
	case 1:
		return _("Your ID card");
	case 2:
		return _("Checking");
	case 3:
	default:
		return numbered ? _("Queue number") : _("Reception");
	}
}

static void
td_patient_strip_retranslate(TdPatientStrip *self)
{
	g_autofree gchar *text = NULL;

	if (self->step > 0 && self->queue_label != NULL && self->short_screen && self->not_printed)
		/* TRANSLATORS: "Step 3 of 3 · Queue number 17 · ticket not
		 * printed", the number in bold */
		text = g_markup_printf_escaped(_("Step %u of %u · %s <b>%s</b> · ticket not printed"), self->step,
					       TD_KIOSK_N_STEPS, td_step_name(self->step, TRUE), self->queue_label);
	else if (self->step > 0 && self->queue_label != NULL)
		/* TRANSLATORS: "Step 3 of 3 · Queue number 17", the number in
		 * bold: on every screen (on a tall one the page shows it too;
		 * "Số thứ tự" alone there read as the number missing) */
		text = g_markup_printf_escaped(_("Step %u of %u · %s <b>%s</b>"), self->step, TD_KIOSK_N_STEPS,
					       td_step_name(self->step, TRUE), self->queue_label);
	else if (self->step > 0)
		/* TRANSLATORS: "Step 1 of 3 · Your ID card" */
		text = g_markup_printf_escaped(_("Step %u of %u · %s"), self->step, TD_KIOSK_N_STEPS,
					       td_step_name(self->step, FALSE));
	gtk_label_set_markup(GTK_LABEL(self->step_label), text != NULL ? text : "");
	td_ui_button_set_text(self->repeat, _("Hear again"));
	td_ui_button_set_text(self->call_staff, _("Call staff"));
}

static void
td_patient_strip_language_changed_cb(TdI18n *i18n, TdPatientStrip *self)
{
	td_patient_strip_retranslate(self);
}

void
td_patient_strip_set_step(TdPatientStrip *self, guint step)
{
	self->step = MIN(step, TD_KIOSK_N_STEPS);
	td_patient_strip_retranslate(self);
}

void
td_patient_strip_set_can_repeat(TdPatientStrip *self, gboolean can_repeat)
{
	gtk_widget_set_visible(self->repeat, can_repeat);
}

void
td_patient_strip_set_queue_number(TdPatientStrip *self, const gchar *label, gboolean not_printed)
{
	if (g_strcmp0(label, self->queue_label) == 0 && self->not_printed == not_printed)
		return;
	g_free(self->queue_label);
	self->queue_label = g_strdup(label);
	self->not_printed = not_printed;
	td_patient_strip_retranslate(self);
}

static void
td_patient_strip_scale_changed(GtkWidget *widget, TdScreenScale scale)
{
	TdPatientStrip *self = TD_PATIENT_STRIP(widget);
	self->short_screen = scale.short_screen;
	td_patient_strip_retranslate(self);
}

static void
td_strip_clicked_cb(GtkButton *button, TdPatientStrip *self)
{
	g_signal_emit(self, strip_signals[button == GTK_BUTTON(self->repeat) ? STRIP_REPEAT : STRIP_CALL_STAFF], 0);
}

static void
td_patient_strip_finalize(GObject *object)
{
	g_free(TD_PATIENT_STRIP(object)->queue_label);
	G_OBJECT_CLASS(td_patient_strip_parent_class)->finalize(object);
}

static void
td_patient_strip_class_init(TdPatientStripClass *klass)
{
	G_OBJECT_CLASS(klass)->finalize = td_patient_strip_finalize;
	strip_signals[STRIP_REPEAT] = g_signal_new("repeat", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
						   NULL, G_TYPE_NONE, 0);
	strip_signals[STRIP_CALL_STAFF] = g_signal_new("call-staff", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0,
						       NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
td_patient_strip_init(TdPatientStrip *self)
{
	GtkWidget *box = GTK_WIDGET(self);

	gtk_box_set_spacing(GTK_BOX(self), TD_UI_SPACING_TIGHT);
	gtk_widget_add_css_class(box, "td-strip");
	self->step_label = td_ui_append(box, td_ui_label_new("td-step"));
	gtk_label_set_xalign(GTK_LABEL(self->step_label), 0);
	gtk_widget_set_hexpand(self->step_label, TRUE);
	self->repeat = td_ui_append(box, td_ui_icon_button_new("audio-volume-high-symbolic", TD_BAR_ICON_PX, "", "td-small"));
	g_signal_connect(self->repeat, "clicked", G_CALLBACK(td_strip_clicked_cb), self);
	self->call_staff = td_ui_append(box, td_ui_icon_button_new("system-users-symbolic", TD_BAR_ICON_PX, "", "td-small"));
	g_signal_connect(self->call_staff, "clicked", G_CALLBACK(td_strip_clicked_cb), self);
	td_patient_strip_retranslate(self);
	td_screen_scale_watch(box, td_patient_strip_scale_changed);
	g_signal_connect_object(td_i18n_get_default(), "changed", G_CALLBACK(td_patient_strip_language_changed_cb),
				self, 0);
}

GtkWidget *
td_patient_strip_new(void)
{
	return g_object_new(TD_TYPE_PATIENT_STRIP, NULL);
}
