/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-secret.h"
#include "td-wedge-capture.h"

#define TD_WEDGE_MAX_BYTES 4096

struct _TdWedgeCapture {
	TdWedgeScanFunc func;
	gpointer user_data;
	gboolean enabled;
	GString *buffer;
	guint32 last_time_ms;
	gboolean overflow;
};

TdWedgeCapture *
td_wedge_capture_new(TdWedgeScanFunc func, gpointer user_data)
{
	TdWedgeCapture *self = g_new0(TdWedgeCapture, 1);
	self->func = func;
	self->user_data = user_data;
	self->enabled = TRUE;
	self->buffer = g_string_sized_new(256);
	return self;
}

static void
td_wedge_capture_reset(TdWedgeCapture *self)
{
	td_memwipe(self->buffer->str, self->buffer->allocated_len);
	g_string_truncate(self->buffer, 0);
	self->overflow = FALSE;
}

void
td_wedge_capture_free(TdWedgeCapture *self)
{
	if (self == NULL)
		return;
	td_wedge_capture_reset(self);
	g_string_free(self->buffer, TRUE);
	g_free(self);
}

void
td_wedge_capture_set_enabled(TdWedgeCapture *self, gboolean enabled)
{
	self->enabled = enabled;
	td_wedge_capture_reset(self);
}

gboolean
td_wedge_capture_feed(TdWedgeCapture *self, guint32 time_ms, guint keyval, GdkModifierType state)
{
	gboolean in_scan;
	gunichar c;

	if (!self->enabled)
		return FALSE;
	in_scan = self->buffer->len > 0 && time_ms - self->last_time_ms <= TD_WEDGE_MAX_GAP_MS;
	/* Alt/Ctrl shortcuts are not scanner text. But a scanner sends a
	 * letter outside ASCII ("ễ" of a name) as Alt and keypad digits,
	 * which X composes into nothing: within a scan they keep it alive,
	 * the letter lost, the fields around it kept (before, the pause
	 * they made, ten key reports, reset the scan and dropped the ID at
	 * its start) */
	if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK)) {
		if (!in_scan || !(state & GDK_ALT_MASK))
			return FALSE;
		self->last_time_ms = time_ms;
		return TRUE;
	}

	if (keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter) {
		gboolean had_text = self->buffer->len > 0;
		gboolean in_time = time_ms - self->last_time_ms <= TD_WEDGE_MAX_GAP_MS;
		if (had_text && in_time && !self->overflow &&
		    g_utf8_strlen(self->buffer->str, -1) >= TD_WEDGE_MIN_LENGTH)
			self->func(self->buffer->str, self->user_data);
		td_wedge_capture_reset(self);
		/* an Enter that ended a scan must not also press a button */
		return had_text;
	}

	c = gdk_keyval_to_unicode(keyval);
	if (c == 0 || g_unichar_iscntrl(c)) {
		/* modifiers and the like: the scanner's Shift and Alt */
		if (in_scan)
			self->last_time_ms = time_ms;
		return FALSE;
	}

	if (self->buffer->len > 0 && time_ms - self->last_time_ms > TD_WEDGE_MAX_GAP_MS)
		td_wedge_capture_reset(self);
	self->last_time_ms = time_ms;
	if (self->buffer->len + 6 > TD_WEDGE_MAX_BYTES) {
		self->overflow = TRUE; /* dropped whole at Enter, never cut */
		return TRUE;
	}
	g_string_append_unichar(self->buffer, c);
	return TRUE;
}

static gboolean
td_wedge_key_pressed_cb(GtkEventControllerKey *controller, guint keyval, guint keycode, GdkModifierType state,
			TdWedgeCapture *self)
{
	GdkEvent *event = gtk_event_controller_get_current_event(GTK_EVENT_CONTROLLER(controller));
	guint32 time_ms = event != NULL ? gdk_event_get_time(event) : (guint32)(g_get_monotonic_time() / 1000);

	return td_wedge_capture_feed(self, time_ms, keyval, state);
}

void
td_wedge_capture_attach(TdWedgeCapture *self, GtkWidget *widget)
{
	GtkEventController *controller = gtk_event_controller_key_new();
	gtk_event_controller_set_propagation_phase(controller, GTK_PHASE_CAPTURE);
	g_signal_connect(controller, "key-pressed", G_CALLBACK(td_wedge_key_pressed_cb), self);
	gtk_widget_add_controller(widget, controller);
}
