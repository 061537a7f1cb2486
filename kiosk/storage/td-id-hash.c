/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <grp.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/rand.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "td-config.h"
#include "td-id-hash.h"
#include "td-secret-file.h"
#include "td-secret.h"

/* Fixed, not secret: the key is what an attacker lacks. */
#define TD_ID_HASH_SALT	    "tiepdon id-hash v2"
#define TD_ID_HASH_SCRYPT_R 8
#define TD_ID_HASH_OUT_LEN  32

struct _TdIdHasher {
	guint cost;
	EVP_MAC_CTX *keyed_mac; /* HMAC-SHA256 with the key; duplicated for each hash */
	EVP_KDF *kdf;
};

void
td_id_hasher_free(TdIdHasher *self)
{
	if (self == NULL)
		return;
	EVP_MAC_CTX_free(self->keyed_mac); /* cleanses the key's state */
	EVP_KDF_free(self->kdf);
	g_free(self);
}

static gboolean
id_hash_init_mac(TdIdHasher *self, const guint8 *key, gsize len)
{
	EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	OSSL_PARAM params[2];

	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)"SHA256", 0);
	params[1] = OSSL_PARAM_construct_end();
	self->keyed_mac = mac != NULL ? EVP_MAC_CTX_new(mac) : NULL;
	EVP_MAC_free(mac); /* the context keeps its own reference */
	/* an empty key is HMAC's all-zero key: OpenSSL wants a pointer */
	return self->keyed_mac != NULL && EVP_MAC_init(self->keyed_mac, len > 0 ? key : (const guint8 *)"", len, params) == 1;
}

TdIdHasher *
td_id_hasher_new(GBytes *key, guint cost, GError **error)
{
	g_autoptr(TdIdHasher) self = g_new0(TdIdHasher, 1);
	gsize len = 0;
	const guint8 *data = g_bytes_get_data(key, &len);

	if (cost < TD_ID_HASH_MIN_COST || cost > TD_ID_HASH_MAX_COST) {
		g_set_error(error, TD_CONFIG_ERROR, TD_CONFIG_ERROR_KEY, "the ID hash's cost is %d to %d",
			    TD_ID_HASH_MIN_COST, TD_ID_HASH_MAX_COST);
		return NULL;
	}
	self->cost = cost;
	self->kdf = EVP_KDF_fetch(NULL, "SCRYPT", NULL);
	if (!id_hash_init_mac(self, data, len) || self->kdf == NULL) {
		g_set_error_literal(error, TD_CONFIG_ERROR, TD_CONFIG_ERROR_KEY, "OpenSSL offers no HMAC or scrypt");
		return NULL;
	}
	return g_steal_pointer(&self);
}

static gboolean
id_hash_hmac(TdIdHasher *self, const gchar *id12, guint8 out[TD_ID_HASH_OUT_LEN])
{
	/* a copy of the keyed context: concurrent hashes share nothing that
	 * changes */
	EVP_MAC_CTX *ctx = EVP_MAC_CTX_dup(self->keyed_mac);
	gsize out_len = 0;
	gboolean ok;

	ok = ctx != NULL && EVP_MAC_update(ctx, (const guint8 *)id12, 12) == 1 &&
	     EVP_MAC_final(ctx, out, &out_len, TD_ID_HASH_OUT_LEN) == 1 && out_len == TD_ID_HASH_OUT_LEN;
	EVP_MAC_CTX_free(ctx);
	return ok;
}

static gboolean
id_hash_scrypt(TdIdHasher *self, const guint8 *password, guint8 out[TD_ID_HASH_OUT_LEN])
{
	EVP_KDF_CTX *ctx = EVP_KDF_CTX_new(self->kdf);
	guint64 n = (guint64)1 << self->cost;
	guint32 r = TD_ID_HASH_SCRYPT_R, p = 1;
	/* scrypt needs 128 * r * N bytes: room for the largest cost */
	guint64 maxmem = 128 * (guint64)r * n + (1 << 20);
	OSSL_PARAM params[7];
	gboolean ok;

	params[0] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD, (void *)password, TD_ID_HASH_OUT_LEN);
	params[1] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, (void *)TD_ID_HASH_SALT,
						      strlen(TD_ID_HASH_SALT));
	params[2] = OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &n);
	params[3] = OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &r);
	params[4] = OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &p);
	params[5] = OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_MAXMEM, &maxmem);
	params[6] = OSSL_PARAM_construct_end();
	ok = ctx != NULL && EVP_KDF_derive(ctx, out, TD_ID_HASH_OUT_LEN, params) == 1;
	EVP_KDF_CTX_free(ctx);
	return ok;
}

gchar *
td_id_hasher_hash(TdIdHasher *self, const gchar *id12)
{
	guint8 mac[TD_ID_HASH_OUT_LEN];
	guint8 out[TD_ID_HASH_OUT_LEN];
	gchar *hex = NULL;
	gboolean ok;

	g_return_val_if_fail(self != NULL, NULL);
	if (id12 == NULL || strlen(id12) != 12 || strspn(id12, "0123456789") != 12)
		return NULL;
	ok = id_hash_hmac(self, id12, mac) && id_hash_scrypt(self, mac, out);
	if (ok) {
		static const gchar digits[] = "0123456789abcdef";
		hex = g_malloc(2 * TD_ID_HASH_OUT_LEN + 1);
		for (gsize i = 0; i < TD_ID_HASH_OUT_LEN; i++) {
			hex[2 * i] = digits[out[i] >> 4];
			hex[2 * i + 1] = digits[out[i] & 0xf];
		}
		hex[2 * TD_ID_HASH_OUT_LEN] = '\0';
	}
	td_memwipe(mac, sizeof(mac));
	td_memwipe(out, sizeof(out));
	return hex;
}

gboolean
td_id_hash_key_create(const gchar *path, GError **error)
{
	struct group *kiosk = geteuid() == 0 ? getgrnam(TD_KIOSK_USER) : NULL;
	guint8 key[TD_ID_HASH_KEY_LEN];
	gboolean ok;

	if (RAND_bytes(key, sizeof(key)) != 1) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s: no random bytes for a new key", path);
		return FALSE;
	}
	/* root makes it for the kiosk: root's, read by the kiosk's group */
	ok = td_file_create(path, key, sizeof(key), kiosk != NULL ? 0640 : 0600, error);
	td_memwipe(key, sizeof(key));
	if (ok && kiosk != NULL && chown(path, 0, kiosk->gr_gid) != 0) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno), "%s: cannot give it to group %s: %s",
			    path, TD_KIOSK_USER, g_strerror(errno));
		return FALSE;
	}
	return ok;
}

/* Ours and readable or writable by others: made owner-only, except that
 * the kiosk's group keeps reading a key root made for it. Someone else's
 * is only refused (td_file_read). */
static void
id_key_fix_mode(const gchar *path)
{
	struct group *kiosk = getgrnam(TD_KIOSK_USER);
	struct stat st;
	guint mode, fixed;

	if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid() ||
	    td_file_check_access(path, &st, TD_FILE_ACCESS_PROTECTED, NULL))
		return;
	mode = st.st_mode & 07777;
	fixed = mode & 0700;
	if (kiosk != NULL && st.st_gid == kiosk->gr_gid)
		fixed |= mode & S_IRGRP;
	if (chmod(path, fixed) == 0)
		g_message("%s: mode %04o corrected to %04o (the ID hashing key)", path, mode, fixed);
}

GBytes *
td_id_hash_key_load(const gchar *path, gboolean create, GError **error)
{
	g_autoptr(GError) error_local = NULL;
	g_autoptr(GBytes) key = NULL;

	if (create && !td_id_hash_key_create(path, &error_local) &&
	    !g_error_matches(error_local, G_FILE_ERROR, G_FILE_ERROR_EXIST)) {
		g_set_error(error, TD_CONFIG_ERROR, TD_CONFIG_ERROR_KEY, "cannot create the ID hashing key: %s",
			    error_local->message);
		return NULL;
	}
	g_clear_error(&error_local);
	id_key_fix_mode(path);
	key = td_file_read(path, TD_ID_HASH_KEY_LEN, TD_FILE_ACCESS_PROTECTED, &error_local);
	if (key == NULL) {
		g_set_error(error, TD_CONFIG_ERROR, TD_CONFIG_ERROR_KEY, "ID hashing key: %s", error_local->message);
		return NULL;
	}
	if (g_bytes_get_size(key) != TD_ID_HASH_KEY_LEN) {
		g_set_error(error, TD_CONFIG_ERROR, TD_CONFIG_ERROR_KEY,
			    "ID hashing key %s must hold exactly %d bytes; it holds %" G_GSIZE_FORMAT, path,
			    TD_ID_HASH_KEY_LEN, g_bytes_get_size(key));
		return NULL;
	}
	return g_steal_pointer(&key);
}
