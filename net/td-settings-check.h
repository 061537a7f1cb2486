/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A settings file's groups and keys against those tiepdon knows. A
 * misspelt key is taken for no key: the setting meant keeps its default
 * without a word ("[storage] ur=postgresql://…" left a kiosk on a SQLite
 * file of its own, its check-ins out of reception's sight). Each slip is
 * named, with what it is most likely a slip for, for the doctor and the
 * journal. */

/* The word of known (n_known of them) that word is most likely a slip
 * for: at most two letters changed, a tie going to the first in the
 * alphabet (the same answer on every run, whatever the table's order);
 * NULL when none is that close. */
const gchar *td_settings_likely_word(const gchar *word, const gchar *const *known, gsize n_known);

/* Adds to out "[group] key" or "[group] key (likely?)" for each key of
 * group in kf that known does not hold, and logs each (g_message). */
void td_settings_add_unknown_keys(GKeyFile *kf, const gchar *group, const gchar *const *known, gsize n_known,
				  GStrvBuilder *out);

G_END_DECLS
