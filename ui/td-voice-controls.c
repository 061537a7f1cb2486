/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-i18n.h"
#include "td-ui-util.h"
#include "td-voice-controls.h"

struct _TdVoiceControls {
	GtkBox parent_instance;
	TdVoice *voice; /* a reference, or NULL */
	GtkWidget *level;
	GtkWidget *quieter;
	GtkWidget *louder;
	GtkWidget *mute;
	GtkWidget *sample;
};

G_DEFINE_FINAL_TYPE(TdVoiceControls, td_voice_controls, GTK_TYPE_BOX)

static void td_voice_controls_mute_cb(GtkToggleButton *toggle, TdVoiceControls *self);

static void
td_voice_controls_update(TdVoiceControls *self)
{
	g_autofree gchar *level = NULL;
	guint volume = self->voice != NULL ? td_voice_get_volume(self->voice) : 0;
	gboolean muted = self->voice != NULL && td_voice_get_muted(self->voice);

	if (self->voice == NULL)
		level = g_strdup(_("Voice: off on this kiosk"));
	else if (muted)
		level = g_strdup_printf(_("Voice: muted (volume %u%%)"), volume);
	else
		level = g_strdup_printf(_("Voice: volume %u%%"), volume);
	gtk_label_set_text(GTK_LABEL(self->level), level);
	gtk_widget_set_sensitive(self->quieter, self->voice != NULL && volume > 0);
	gtk_widget_set_sensitive(self->louder, self->voice != NULL && volume < 100);
	gtk_widget_set_sensitive(self->mute, self->voice != NULL);
	gtk_widget_set_sensitive(self->sample, self->voice != NULL);
	g_signal_handlers_block_by_func(self->mute, td_voice_controls_mute_cb, self);
	gtk_toggle_button_set_active(GTK_TOGGLE_BUTTON(self->mute), muted);
	g_signal_handlers_unblock_by_func(self->mute, td_voice_controls_mute_cb, self);
	td_ui_toggle_set_text(self->mute, _("Mute"));
	td_ui_set_a11y_label(self->quieter, _("Quieter"));
	td_ui_set_a11y_label(self->louder, _("Louder"));
	td_ui_button_set_text(self->sample, _("Play a sample"));
}

static void
td_voice_controls_step(GtkButton *button, TdVoiceControls *self)
{
	guint volume;

	if (self->voice == NULL)
		return;
	volume = td_voice_get_volume(self->voice);
	if (GTK_WIDGET(button) == self->louder)
		volume = MIN(100, volume + TD_VOICE_CONTROLS_STEP);
	else
		volume = volume > TD_VOICE_CONTROLS_STEP ? volume - TD_VOICE_CONTROLS_STEP : 0;
	td_voice_set_volume(self->voice, volume);
	td_voice_controls_update(self);
}

static void
td_voice_controls_mute_cb(GtkToggleButton *toggle, TdVoiceControls *self)
{
	if (self->voice != NULL)
		td_voice_set_muted(self->voice, gtk_toggle_button_get_active(toggle));
	td_voice_controls_update(self);
}

static void
td_voice_controls_sample_cb(GtkButton *button, TdVoiceControls *self)
{
	if (self->voice != NULL)
		td_voice_say(self->voice, NULL, _("Hello. This is the kiosk's voice."),
			     td_i18n_language_code(td_i18n_get_language()));
}

void
td_voice_controls_set_voice(TdVoiceControls *self, TdVoice *voice)
{
	g_set_object(&self->voice, voice);
	td_voice_controls_update(self);
}

GtkWidget *
td_voice_controls_new(void)
{
	return g_object_new(TD_TYPE_VOICE_CONTROLS, NULL);
}

static void
td_language_changed_cb(GObject *i18n, TdVoiceControls *self)
{
	td_voice_controls_update(self);
}

static void
td_voice_controls_dispose(GObject *object)
{
	TdVoiceControls *self = TD_VOICE_CONTROLS(object);
	g_clear_object(&self->voice);
	G_OBJECT_CLASS(td_voice_controls_parent_class)->dispose(object);
}

static void
td_voice_controls_class_init(TdVoiceControlsClass *klass)
{
	G_OBJECT_CLASS(klass)->dispose = td_voice_controls_dispose;
}

static void
td_voice_controls_init(TdVoiceControls *self)
{
	gtk_orientable_set_orientation(GTK_ORIENTABLE(self), GTK_ORIENTATION_HORIZONTAL);
	gtk_box_set_spacing(GTK_BOX(self), TD_UI_SPACING_TIGHT);
	self->level = td_ui_append(GTK_WIDGET(self), td_ui_label_new("td-body"));
	gtk_label_set_xalign(GTK_LABEL(self->level), 0);
	gtk_widget_set_hexpand(self->level, TRUE);
	self->quieter = td_ui_append(GTK_WIDGET(self), td_ui_button_new("−", "td-small"));
	self->louder = td_ui_append(GTK_WIDGET(self), td_ui_button_new("+", "td-small"));
	self->mute = td_ui_append(GTK_WIDGET(self), td_ui_toggle_new());
	gtk_widget_add_css_class(self->mute, "td-small");
	self->sample = td_ui_append(GTK_WIDGET(self), td_ui_button_new("", "td-small"));
	g_signal_connect(self->quieter, "clicked", G_CALLBACK(td_voice_controls_step), self);
	g_signal_connect(self->louder, "clicked", G_CALLBACK(td_voice_controls_step), self);
	g_signal_connect(self->mute, "toggled", G_CALLBACK(td_voice_controls_mute_cb), self);
	g_signal_connect(self->sample, "clicked", G_CALLBACK(td_voice_controls_sample_cb), self);
	for (GtkWidget *w = gtk_widget_get_first_child(GTK_WIDGET(self)); w != NULL; w = gtk_widget_get_next_sibling(w))
		gtk_widget_set_valign(w, GTK_ALIGN_CENTER);
	td_voice_controls_update(self);
	g_signal_connect_object(td_i18n_get_default(), "changed", G_CALLBACK(td_language_changed_cb), self, 0);
}
