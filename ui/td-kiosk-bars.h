/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The bar over every page: the station's name, the training banner (with
 * the training PIN), the language switch, the large-text and dark-screen
 * toggles (their labels say their state) and the staff button. It emits
 *   staff ()
 *   settings-changed ()  a toggle or the language was touched
 * and sets the window's .td-large-text / .td-high-contrast classes itself.
 * One row; on a screen too narrow for that (a portrait 600 × 1024
 * panel), the settings on a second row under the name (td-bar-layout.h). */
#define TD_TYPE_KIOSK_TOPBAR (td_kiosk_topbar_get_type())
G_DECLARE_FINAL_TYPE(TdKioskTopbar, td_kiosk_topbar, TD, KIOSK_TOPBAR, GtkWidget)

GtkWidget *td_kiosk_topbar_new(void);
void td_kiosk_topbar_set_station(TdKioskTopbar *self, const gchar *station_name);
/* NULL: not in training. The PIN trainees use, shown on the banner. */
void td_kiosk_topbar_set_training_pin(TdKioskTopbar *self, const gchar *pin);
/* The window whose classes the toggles set. */
void td_kiosk_topbar_set_window(TdKioskTopbar *self, GtkWidget *window);
void td_kiosk_topbar_set_large_text(TdKioskTopbar *self, gboolean large);
void td_kiosk_topbar_set_high_contrast(TdKioskTopbar *self, gboolean high);
gboolean td_kiosk_topbar_get_large_text(TdKioskTopbar *self);
gboolean td_kiosk_topbar_get_high_contrast(TdKioskTopbar *self);
/* The staff button shows on patient pages only. */
void td_kiosk_topbar_set_staff_visible(TdKioskTopbar *self, gboolean visible);

/* The strip under the bar on the patient's pages: where they are ("Bước
 * 1/3 · …"), "Nghe lại" (hear the page again) and "Gọi nhân viên". Emits
 *   repeat ()
 *   call-staff () */
#define TD_TYPE_PATIENT_STRIP (td_patient_strip_get_type())
G_DECLARE_FINAL_TYPE(TdPatientStrip, td_patient_strip, TD, PATIENT_STRIP, GtkBox)

GtkWidget *td_patient_strip_new(void);
/* step 1..TD_KIOSK_N_STEPS, 0: none shown. */
void td_patient_strip_set_step(TdPatientStrip *self, guint step);
/* Without a voice, "Nghe lại" is hidden. */
void td_patient_strip_set_can_repeat(TdPatientStrip *self, gboolean can_repeat);
/* The patient's queue number ("17", "B-001"; NULL: none) after the step's
 * name, on a short screen only (td-screen-scale.h), where the page under
 * the strip has no line of its own for it (the VNeID pages); not_printed:
 * with a word that its ticket did not print. */
void td_patient_strip_set_queue_number(TdPatientStrip *self, const gchar *label, gboolean not_printed);

G_END_DECLS
