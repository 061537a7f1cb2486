/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Shared by the window's files: td-kiosk-window.c (pages, the session, the
 * staff screens) and td-kiosk-window-chrome.c (what lies over and around
 * the pages: the "more time?" warning, "Gọi nhân viên", the countdown, the
 * timers that end a staff session and reset a patient's settings, the tap
 * guard, the voice). Not for other files. */
#include "td-kiosk-bars.h"
#include "td-kiosk-window.h"
#include "td-wedge-capture.h"

G_BEGIN_DECLS

#define TD_DEFAULT_IDLE_TIMEOUT_S 60
#define TD_DEFAULT_WARNING_S	  15
#define TD_DEFAULT_WIDTH	  1280
#define TD_DEFAULT_HEIGHT	  800
#define TD_STAFF_TIME_FACTOR	  2 /* staff read longer than patients */

/* What the PIN page opens: the console, or the end of the program. */
typedef enum {
	TD_PIN_FOR_CONSOLE,
	TD_PIN_FOR_QUIT,
} TdPinPurpose;

struct _TdKioskWindow {
	GtkApplicationWindow parent_instance;
	TdKioskContext *context;
	gboolean allow_close;

	GtkWidget *topbar;
	GtkWidget *strip;
	GtkWidget *stack;
	TdPatientPages *patient;
	GtkWidget *vneid;
	GtkWidget *pin;
	GtkWidget *staff;
	GtkWidget *dashboard;
	GtkWidget *scroller; /* the page area: a page taller than the screen scrolls */
	TdPatientView *view;
	TdPinPurpose pin_purpose;
	gint64 page_shown_at; /* monotonic µs: the tap guard */

	/* the "more time?" warning over every page */
	GtkWidget *warning;
	GtkWidget *warning_title;
	GtkWidget *warning_count;
	GtkWidget *warning_kept;
	GtkWidget *warning_button;
	guint warning_left;
	guint warning_tick_id;

	/* "Gọi nhân viên": staff are told, the patient reads that they are
	 * (td-kiosk-window-call.c) */
	GtkWidget *called;
	GtkWidget *called_title;
	GtkWidget *called_body;
	GtkWidget *called_close;
	TdKioskPage called_page;	  /* the page it was pressed on */
	gint64 called_unix;		  /* the press, by this kiosk's clock */
	gboolean called_answered;	  /* a staff member said they are coming */
	GCancellable *called_cancellable; /* the look for their answer */
	gboolean called_looking;	  /* a look in flight */
	gboolean called_look_again;	  /* the store changed during it */

	guint staff_idle_id;	   /* staff screens' own inactivity timer */
	guint scan_unreadable_id;  /* until the "could not read that code" words go */
	guint countdown_id;	   /* the pages that move on by themselves */
	guint settings_reset_id;   /* the idle page: settings of someone who left */

	TdWedgeCapture *wedge;
	guint spoken_hash; /* the sentence last said (its hash: never the text) */
};

TdCheckinSession *td_kiosk_window_session(TdKioskWindow *self);
void td_kiosk_window_hide_warning(TdKioskWindow *self);
void td_warning_update(TdKioskWindow *self);
void td_kiosk_window_arm_staff_timer(TdKioskWindow *self);
/* The next patient starts in Vietnamese, normal text, light screen. */
void td_kiosk_window_reset_settings(TdKioskWindow *self);
void td_kiosk_window_arm_settings_timer(TdKioskWindow *self);
void td_kiosk_window_update_countdown(TdKioskWindow *self);
/* td-kiosk-window-call.c */
void td_called_retranslate(TdKioskWindow *self);
/* The note's sentence while it shows over the page it was pressed on
 * (message_key "called" or "called.coming"); NULL otherwise: a page the
 * patient moved on to says its own. */
gchar *td_called_get_spoken(TdKioskWindow *self, const gchar **message_key);
/* The page changes: a new patient (the idle page left) does not inherit
 * the last one's note. */
void td_called_page_changed(TdKioskWindow *self, TdKioskPage old, TdKioskPage page);
/* Takes the note away (a reset, "Đóng"): its answer no longer matters. */
void td_called_hide(TdKioskWindow *self);
void td_called_dispose(TdKioskWindow *self);
GtkWidget *td_kiosk_window_overlay_box_new(void);
/* What dims the window's part under an overlay box (td-scrim); a tap on
 * it calls tapped. Hidden. */
GtkWidget *td_kiosk_window_scrim_new(GCallback tapped, TdKioskWindow *self);
GtkWidget *td_kiosk_window_build_warning(TdKioskWindow *self);
/* The note, in the window's overlay over the scrim it shows and hides
 * with (*scrim_out). */
GtkWidget *td_kiosk_window_build_called(TdKioskWindow *self, GtkWidget **scrim_out);
void td_settings_changed_cb(TdKioskTopbar *bar, TdKioskWindow *self);
void td_press_cb(GtkGestureClick *gesture, gint n_press, gdouble x, gdouble y, TdKioskWindow *self);
void td_call_staff_cb(TdPatientStrip *strip, TdKioskWindow *self);
void td_called_store_changed_cb(TdStoreWatch *watch, TdKioskWindow *self);
void td_kiosk_window_speak(TdKioskWindow *self);
void td_kiosk_window_voice_update(TdKioskWindow *self);
/* The warning before a reset, as said aloud. */
gchar *td_kiosk_window_warning_spoken(TdKioskWindow *self);
/* Says text once, over the page (news the page's own sentence does not
 * carry: a ticket found unprinted after its page, staff on their way);
 * message_key: a station's recording that may stand in (NULL: none). */
void td_kiosk_window_say_news(TdKioskWindow *self, const gchar *message_key, const gchar *text);
void td_repeat_cb(TdPatientStrip *strip, TdKioskWindow *self);

G_END_DECLS
