/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "td-vchip-profile.h"

G_BEGIN_DECLS

/* What the parts of a profile (td-vchip-profile.c: the card and its
 * security; td-vchip-variant.c: [variant]; td-vchip-profile-structure.c:
 * from-structure) share: the group names, the size limits and the key
 * readers, each failing with TD_READER_ERROR_INVALID_INPUT and a message
 * naming the group and key. */

#define GROUP_CITIZEN "citizen"
#define GROUP_SECURITY "security"
/* How this chip behaves where real chips differ (and the forgeries the
 * verification tests need). Profiles written before it had this name call
 * it [quirks]; a key is looked up under either. */
#define GROUP_VARIANT "variant"
#define GROUP_VARIANT_OLD_NAME "quirks"

/* The sizes a profile may not exceed: the photo must fit an EF (16-bit
 * offsets with room for the templates around it), the texts a DG13 entry. */
#define TD_VCHIP_MAX_PHOTO_SIZE (30 * 1024)
#define TD_VCHIP_MAX_TEXT_SIZE 512

/* The group a [variant] key is read from: [variant], or [quirks] in a
 * profile that still uses the older name. */
const gchar *td_vchip_variant_group(GKeyFile *kf, const gchar *key);
gboolean td_vchip_has_variant_key(GKeyFile *kf, const gchar *key);

gboolean td_vchip_digits_only(const gchar *text, gsize len);
gboolean td_vchip_hex_only(const gchar *text, gsize len);

/* A text key: NULL (and no error) when absent and optional. */
gchar *td_vchip_key_text(GKeyFile *kf, const gchar *group, const gchar *key, gboolean required, GError **error);
gboolean td_vchip_key_boolean(GKeyFile *kf, const gchar *group, const gchar *key, gboolean fallback, gboolean *out,
			      GError **error);
/* An integer key: fallback when absent. */
gboolean td_vchip_key_integer(GKeyFile *kf, const gchar *group, const gchar *key, gint fallback, gint *out,
			      GError **error);
/* A [variant] key that takes one of a few words: *out is the index of the
 * word given, fallback when the key is absent. */
gboolean td_vchip_variant_choice(GKeyFile *kf, const gchar *key, const gchar *const *words, guint fallback, guint *out,
				 GError **error);

/* A path in a profile: relative to the profile's folder (base_dir). */
gchar *td_vchip_resolve_path(const gchar *base_dir, const gchar *path);
/* PEM files a key names (value: the key's text, a path). */
EVP_PKEY *td_vchip_key_private_key(const gchar *base_dir, const gchar *group, const gchar *key, const gchar *value,
				   GError **error);
X509 *td_vchip_key_certificate(const gchar *base_dir, const gchar *group, const gchar *key, const gchar *value,
			       GError **error);

/* The parts read after [citizen] and [security]. */
gboolean td_vchip_profile_load_variant(TdVchipProfile *p, GKeyFile *kf, GError **error);
gboolean td_vchip_profile_load_structure(TdVchipProfile *p, GKeyFile *kf, const gchar *base_dir, GError **error);

G_END_DECLS
