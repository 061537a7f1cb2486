/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <openssl/pem.h>
#include <string.h>

#include "td-reader-error.h"
#include "td-vchip-profile-keys.h"

/* Reading a profile's keys: texts, flags, numbers and words with the
 * profile's own error messages, PEM keys and certificates by a path
 * relative to the profile. Shared by the profile's parts (the card, the
 * [variant] group, from-structure). */

const gchar *
td_vchip_variant_group(GKeyFile *kf, const gchar *key)
{
	if (!g_key_file_has_key(kf, GROUP_VARIANT, key, NULL) && g_key_file_has_key(kf, GROUP_VARIANT_OLD_NAME, key, NULL))
		return GROUP_VARIANT_OLD_NAME;
	return GROUP_VARIANT;
}

gboolean
td_vchip_digits_only(const gchar *text, gsize len)
{
	if (strlen(text) != len)
		return FALSE;
	for (gsize i = 0; i < len; i++) {
		if (!g_ascii_isdigit(text[i]))
			return FALSE;
	}
	return TRUE;
}

gboolean
td_vchip_hex_only(const gchar *text, gsize len)
{
	if (strlen(text) != len)
		return FALSE;
	for (gsize i = 0; i < len; i++) {
		if (!g_ascii_isxdigit(text[i]))
			return FALSE;
	}
	return TRUE;
}

gchar *
td_vchip_key_text(GKeyFile *kf, const gchar *group, const gchar *key, gboolean required, GError **error)
{
	g_autoptr(GError) error_local = NULL;
	g_autofree gchar *raw = g_key_file_get_string(kf, group, key, &error_local);
	if (raw == NULL) {
		if (!required && g_error_matches(error_local, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND))
			return NULL;
		if (!required && g_error_matches(error_local, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_GROUP_NOT_FOUND))
			return NULL;
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
			    "profile: [%s] %s: %s", group, key, error_local->message);
		return NULL;
	}
	g_strstrip(raw);
	if (!g_utf8_validate(raw, -1, NULL) || raw[0] == '\0' || strlen(raw) > TD_VCHIP_MAX_TEXT_SIZE) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
			    "profile: [%s] %s: must be non-empty UTF-8 of at most %u bytes",
			    group, key, (guint)TD_VCHIP_MAX_TEXT_SIZE);
		td_str_clear_free(g_steal_pointer(&raw));
		return NULL;
	}
	return g_steal_pointer(&raw);
}

gboolean
td_vchip_key_boolean(GKeyFile *kf, const gchar *group, const gchar *key, gboolean fallback, gboolean *out, GError **error)
{
	g_autoptr(GError) error_local = NULL;
	if (!g_key_file_has_key(kf, group, key, NULL)) {
		*out = fallback;
		return TRUE;
	}
	*out = g_key_file_get_boolean(kf, group, key, &error_local);
	if (error_local != NULL) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
			    "profile: [%s] %s: expected true or false", group, key);
		return FALSE;
	}
	return TRUE;
}

gchar *
td_vchip_resolve_path(const gchar *base_dir, const gchar *path)
{
	if (g_path_is_absolute(path) || base_dir == NULL)
		return g_strdup(path);
	return g_build_filename(base_dir, path, NULL);
}

static BIO *
open_pem(const gchar *base_dir, const gchar *group, const gchar *key, const gchar *value, GError **error)
{
	g_autofree gchar *path = td_vchip_resolve_path(base_dir, value);
	g_autofree gchar *contents = NULL;
	gsize len = 0;
	g_autoptr(GError) error_local = NULL;
	BIO *bio;
	if (!g_file_get_contents(path, &contents, &len, &error_local)) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
			    "profile: [%s] %s: %s", group, key, error_local->message);
		return NULL;
	}
	bio = BIO_new(BIO_s_mem());
	BIO_write(bio, contents, (int)len);
	td_memwipe(contents, len);
	return bio;
}

EVP_PKEY *
td_vchip_key_private_key(const gchar *base_dir, const gchar *group, const gchar *key, const gchar *value, GError **error)
{
	EVP_PKEY *pkey;
	BIO *bio = open_pem(base_dir, group, key, value, error);
	if (bio == NULL)
		return NULL;
	pkey = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
	BIO_free(bio);
	if (pkey == NULL) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
			    "profile: [%s] %s: not a PEM private key", group, key);
	}
	return pkey;
}

X509 *
td_vchip_key_certificate(const gchar *base_dir, const gchar *group, const gchar *key, const gchar *value, GError **error)
{
	X509 *cert;
	BIO *bio = open_pem(base_dir, group, key, value, error);
	if (bio == NULL)
		return NULL;
	cert = PEM_read_bio_X509(bio, NULL, NULL, NULL);
	BIO_free(bio);
	if (cert == NULL) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
			    "profile: [%s] %s: not a PEM certificate", group, key);
	}
	return cert;
}

/* An integer key: fallback when absent; FALSE outside min..max. */
gboolean
td_vchip_key_integer(GKeyFile *kf, const gchar *group, const gchar *key, gint fallback, gint *out, GError **error)
{
	g_autoptr(GError) error_local = NULL;
	if (!g_key_file_has_key(kf, group, key, NULL)) {
		*out = fallback;
		return TRUE;
	}
	*out = g_key_file_get_integer(kf, group, key, &error_local);
	if (error_local != NULL) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
			    "profile: [%s] %s: expected a number", group, key);
		return FALSE;
	}
	return TRUE;
}

gboolean
td_vchip_variant_choice(GKeyFile *kf, const gchar *key, const gchar *const *words, guint fallback, guint *out,
			GError **error)
{
	g_autoptr(GError) error_local = NULL;
	g_autofree gchar *value = td_vchip_key_text(kf, td_vchip_variant_group(kf, key), key, FALSE, &error_local);
	g_autofree gchar *expected = NULL;

	if (error_local != NULL) {
		g_propagate_error(error, g_steal_pointer(&error_local));
		return FALSE;
	}
	if (value == NULL) {
		*out = fallback;
		return TRUE;
	}
	for (guint i = 0; words[i] != NULL; i++) {
		if (g_strcmp0(value, words[i]) == 0) {
			*out = i;
			return TRUE;
		}
	}
	expected = g_strjoinv(", ", (gchar **)words);
	g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT, "profile: [variant] %s: expected one of %s",
		    key, expected);
	return FALSE;
}

gboolean
td_vchip_has_variant_key(GKeyFile *kf, const gchar *key)
{
	return g_key_file_has_key(kf, td_vchip_variant_group(kf, key), key, NULL);
}
