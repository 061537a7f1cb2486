/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "td-voice.h"

G_BEGIN_DECLS

/* Staff's row for the spoken prompts, on the console's health view:
 *
 *   Giọng nói: 80%   [−] [+]  [Tắt tiếng]  [Nghe thử]
 *
 * Steps of TD_VOICE_CONTROLS_STEP percent; mute keeps the volume for when
 * it is turned back on; "Nghe thử" says a sample sentence. The settings
 * last until the kiosk restarts ([voice] volume is where it starts). */
#define TD_TYPE_VOICE_CONTROLS (td_voice_controls_get_type())
G_DECLARE_FINAL_TYPE(TdVoiceControls, td_voice_controls, TD, VOICE_CONTROLS, GtkBox)

#define TD_VOICE_CONTROLS_STEP 10

GtkWidget *td_voice_controls_new(void);
/* NULL: the kiosk has no voice (the row says so, its buttons are off). */
void td_voice_controls_set_voice(TdVoiceControls *self, TdVoice *voice);

G_END_DECLS
