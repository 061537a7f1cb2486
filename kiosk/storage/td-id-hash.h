/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The 12-digit ID number as the store keeps it, so one patient's visits
 * can be linked (the VNeID "asked recently") without the number itself:
 * HMAC-SHA256 with the station's key, then scrypt (N = 2^cost, r = 8,
 * p = 1) over that. The key lives outside the data folder
 * ([station] id-hash-key-file, /etc/tiepdon/id-hash.key), so a copy of
 * the data folder cannot be matched to an ID by trying the million IDs of
 * one province, sex and birth year; and even with the key each try costs
 * 13-20 ms at the default cost (13; bench-store prints it). Changing the key or the cost
 * starts new links (old visits are no longer recognised). */

#define TD_ID_HASH_KEY_LEN	32
#define TD_ID_HASH_DEFAULT_COST 13
#define TD_ID_HASH_MIN_COST	1
#define TD_ID_HASH_MAX_COST	16 /* 64 MiB of memory per hash */

typedef struct _TdIdHasher TdIdHasher;

/* key: the station's TD_ID_HASH_KEY_LEN bytes (td_id_hash_key_load sees to
 * that; HMAC itself takes any length, which is how a test plays the
 * attacker with whatever a stolen copy holds); copied. */
TdIdHasher *td_id_hasher_new(GBytes *key, guint cost, GError **error);
void td_id_hasher_free(TdIdHasher *self);
/* Lower-case hex (64 characters); NULL when id12 is not 12 digits or the
 * hash fails. Thread-safe. */
gchar *td_id_hasher_hash(TdIdHasher *self, const gchar *id12);

/* The key file. Load: refused (TD_CONFIG_ERROR_KEY) unless it is a regular
 * file of exactly TD_ID_HASH_KEY_LEN bytes, owned by root or by us, read
 * only by its owner and root's or the kiosk's group; where it is ours and
 * others could read it, corrected with chmod. With create, a missing key
 * is made first (td_id_hash_key_create). */
GBytes *td_id_hash_key_load(const gchar *path, gboolean create, GError **error);
/* A new random key, written to a temporary file, fsync'd and linked into
 * place (the folder fsync'd too): a crash leaves no key or a whole one,
 * and of two processes the first wins. Mode 0600; made by root, 0640 and
 * the kiosk's group, which then reads it. FALSE with G_FILE_ERROR_EXIST
 * (in the G_FILE_ERROR domain) when a key is already there. */
gboolean td_id_hash_key_create(const gchar *path, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdIdHasher, td_id_hasher_free)

G_END_DECLS
