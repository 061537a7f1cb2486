/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "td-checkin-session.h"
#include "td-config.h"
#include "td-device-settings.h"
#include "td-gateway-client.h"
#include "td-store-watch.h"
#include "td-store.h"
#include "td-voice.h"

G_BEGIN_DECLS

typedef struct _TdDemoEnv TdDemoEnv;

/* What the windows share: the parts the application made at start-up.
 * Owned by the application (or a test); windows only borrow it. Any part
 * may be NULL (a test of one page, a kiosk without a gateway). */
typedef struct {
	TdConfig *config;
	TdStore *store;
	TdCheckinSession *session; /* also holds the gateway client */
	TdDeviceSettings *devices; /* [printer], [scanner], [voice] */
	GObject *scanner;	   /* TdScanner ([scanner] device); NULL when disabled */
	TdVoice *voice;		   /* [voice]; NULL when disabled or TD_VOICE=off */
	TdDemoEnv *demo; /* training mode only */
	TdStoreWatch *watch;	   /* "changed" when anyone writes the store (another kiosk, a colleague) */
	gint64 staff_id;	   /* the staff account logged in at the staff pages; 0: nobody */
	gboolean staff_manager;	   /* that account may open the manager's dashboard */
	/*< private >*/
	GObject *monitor; /* TdPcscMonitor, real readers only */
	gchar *data_dir;
	guint scanner_retry_id;
} TdKioskContext;

/* The training mode: demo configuration and SQLite file in data_dir
 * (created 0700), the virtual chips, the gateway simulator. */
TdKioskContext *td_kiosk_context_new_demo(const gchar *data_dir, GError **error);
/* The real kiosk: config_path NULL = the default file; the PC/SC reader. */
TdKioskContext *td_kiosk_context_new_from_config(const gchar *config_path, GError **error);
/* The reception PC's staff console (tiepdon-staff): the station's
 * settings and store, the gateway client for "ask again"; no reader,
 * scanner or voice. */
TdKioskContext *td_kiosk_context_new_for_staff(const gchar *config_path, GError **error);
/* Starts following the reader (real kiosk) and reading the scanner: one
 * that cannot be opened (not plugged in, taken) is tried again every
 * TD_SCANNER_RETRY_S, as is one unplugged; meanwhile scans come through
 * the keyboard (the wedge). */
#define TD_SCANNER_RETRY_S 10
gboolean td_kiosk_context_start(TdKioskContext *context, GError **error);
void td_kiosk_context_free(TdKioskContext *context);
/* Puts voice (a reference is taken; NULL: none) in place of the
 * context's: a test's voice, with its own sink. */
void td_kiosk_context_set_voice(TdKioskContext *context, TdVoice *voice);
/* The guide URL to show ([vneid] guide-url; a public one in training). */
const gchar *td_kiosk_context_guide_url(TdKioskContext *context);
/* Tickets on printer from now on (the training mode has none; tests give
 * it a private CUPS queue). */
void td_kiosk_context_set_printer(TdKioskContext *context, const TdTicketPrinter *printer);
/* The staff PIN of the training mode, the same for every trainee and shown
 * on the training banner; NULL for a real kiosk (context NULL too). */
#define TD_TRAINING_PIN "123456"
const gchar *td_kiosk_context_training_pin(TdKioskContext *context);
/* A row in the store's audit trail (action, note may be NULL) by the staff
 * account logged in (context->staff_id; 0: the kiosk itself), written in
 * a worker: the main thread never waits on the disk. Does nothing without
 * a store. */
void td_kiosk_context_record_action_async(TdKioskContext *context, const gchar *action, const gchar *note);
/* The same by staff_id: who started a job that ends later (the screen may
 * have been locked meanwhile). */
void td_kiosk_context_record_action_as_async(TdKioskContext *context, gint64 staff_id, const gchar *action,
					     const gchar *note);
/* The same about a staff case (exception_id; 0: none). */
void td_kiosk_context_record_case_action_async(TdKioskContext *context, gint64 staff_id, const gchar *action,
					       gint64 exception_id, const gchar *note);
/* A patient pressed "Gọi nhân viên" (note: "page <td_kiosk_page_to_string>");
 * the staff consoles show it until someone says they are on their way
 * (td-staff-calls.c). */
#define TD_KIOSK_ACTION_PATIENT_CALLED_STAFF "patient-called-staff"
#define TD_KIOSK_ACTION_PATIENT_CALL_ANSWERED "patient-call-answered"
/* An answer is for one kiosk (kiosk_id NULL: every kiosk): the note of its
 * row, NULL for every kiosk. */
gchar *td_kiosk_call_answer_note(const gchar *kiosk_id);
/* The kiosk answer's note names; NULL when the answer is for every kiosk
 * (also an answer written before answers named their kiosk). */
const gchar *td_kiosk_call_answer_kiosk(const TdStaffAction *answer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdKioskContext, td_kiosk_context_free)

G_END_DECLS
