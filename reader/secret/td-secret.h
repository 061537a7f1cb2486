/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A small buffer for key material and personal data that is wiped with
 * OPENSSL_cleanse when freed, so no session key outlives its session.
 * Everything holding keys uses this instead of GBytes. */
typedef struct {
	gsize len;
	guint8 data[];
} TdSecret;

TdSecret *td_secret_new(gsize len);
TdSecret *td_secret_new_from_data(const guint8 *data, gsize len);
TdSecret *td_secret_dup(const TdSecret *secret);
void td_secret_clear_free(TdSecret *secret);
/* Wipes a plain buffer (for stack arrays and GByteArray contents). */
void td_memwipe(gpointer data, gsize len);
/* Wipes, then frees, a GByteArray / a C string holding personal data. */
void td_byte_array_clear_free(GByteArray *array);
void td_str_clear_free(gchar *str);
/* A GBytes whose memory is wiped when its last reference goes: for card
 * files holding personal data. Copies data. */
GBytes *td_secret_bytes_new(gconstpointer data, gsize len);

/* Frees this thread's OpenSSL state now instead of at the thread's end:
 * its own random generators (whose state is secret) and its error queue.
 * A pool's thread calls it after each job. An idle pool thread outlives
 * OpenSSL's own clean-up at a program's exit; a thread that then ended
 * had no destructor left to free its state, neither freed nor wiped (and
 * LeakSanitizer reported it: tests/reader/test-worker.c). OpenSSL makes
 * the state again for the thread's next job. */
void td_secret_end_thread_state(void);

/* A C string holding a secret or personal data, for g_autoptr: wiped on
 * every way out of its scope, as td_str_clear_free. */
typedef gchar TdWipedString;

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdSecret, td_secret_clear_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdWipedString, td_str_clear_free)

G_END_DECLS
