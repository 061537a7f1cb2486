/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/rand.h>
#include <string.h>

#include "td-secret.h"
#include "td-staff-pin.h"

#define TD_STAFF_PIN_SALT_LEN	    16
#define TD_STAFF_PIN_HASH_LEN	    32
#define TD_STAFF_PIN_MAX_ITERATIONS 10000000
#define TD_STAFF_PIN_PREFIX	    "pbkdf2-sha256"

gboolean
td_staff_pin_is_well_formed(const gchar *pin)
{
	gsize len = pin != NULL ? strlen(pin) : 0;
	return len >= TD_STAFF_PIN_MIN_DIGITS && len <= TD_STAFF_PIN_MAX_DIGITS && strspn(pin, "0123456789") == len;
}

static gboolean
pin_derive(const gchar *pin, const guint8 *salt, gsize salt_len, guint iterations, guint8 *out, GError **error)
{
	EVP_KDF *kdf = EVP_KDF_fetch(NULL, "PBKDF2", NULL);
	EVP_KDF_CTX *ctx = kdf != NULL ? EVP_KDF_CTX_new(kdf) : NULL;
	OSSL_PARAM params[5];
	gboolean ok;

	params[0] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD, (void *)pin, strlen(pin));
	params[1] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, (void *)salt, salt_len);
	params[2] = OSSL_PARAM_construct_uint(OSSL_KDF_PARAM_ITER, &iterations);
	params[3] = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, (char *)"SHA256", 0);
	params[4] = OSSL_PARAM_construct_end();
	ok = ctx != NULL && EVP_KDF_derive(ctx, out, TD_STAFF_PIN_HASH_LEN, params) == 1;
	EVP_KDF_CTX_free(ctx);
	EVP_KDF_free(kdf);
	if (!ok)
		g_set_error_literal(error, TD_CONFIG_ERROR, TD_CONFIG_ERROR_INVALID, "PBKDF2 failed");
	return ok;
}

gchar *
td_staff_pin_hash(const gchar *pin, GError **error)
{
	guint8 salt[TD_STAFF_PIN_SALT_LEN];
	guint8 hash[TD_STAFF_PIN_HASH_LEN];
	g_autofree gchar *salt_b64 = NULL;
	g_autofree gchar *hash_b64 = NULL;

	if (!td_staff_pin_is_well_formed(pin)) {
		g_set_error_literal(error, TD_CONFIG_ERROR, TD_CONFIG_ERROR_INVALID, "a PIN is " G_STRINGIFY(TD_STAFF_PIN_MIN_DIGITS) " to " G_STRINGIFY(TD_STAFF_PIN_MAX_DIGITS) " digits");
		return NULL;
	}
	if (RAND_bytes(salt, sizeof(salt)) != 1) {
		g_set_error_literal(error, TD_CONFIG_ERROR, TD_CONFIG_ERROR_INVALID, "no random bytes for a salt");
		return NULL;
	}
	if (!pin_derive(pin, salt, sizeof(salt), TD_STAFF_PIN_ITERATIONS, hash, error))
		return NULL;
	salt_b64 = g_base64_encode(salt, sizeof(salt));
	hash_b64 = g_base64_encode(hash, sizeof(hash));
	td_memwipe(hash, sizeof(hash));
	return g_strdup_printf(TD_STAFF_PIN_PREFIX "$%u$%s$%s", (guint)TD_STAFF_PIN_ITERATIONS, salt_b64, hash_b64);
}

static gboolean
pin_bad_hash(GError **error, const gchar *why)
{
	g_set_error(error, TD_CONFIG_ERROR, TD_CONFIG_ERROR_INVALID,
		    "[staff] pin-hash: %s; set the PIN again with 'tiepdon set-pin'", why);
	return FALSE;
}

gboolean
td_staff_pin_check_hash(const gchar *pin_hash, const gchar *pin, gboolean *matches, GError **error)
{
	g_auto(GStrv) parts = NULL;
	g_autofree guint8 *salt = NULL;
	g_autofree guint8 *expected = NULL;
	guint8 actual[TD_STAFF_PIN_HASH_LEN];
	gsize salt_len = 0, expected_len = 0;
	guint64 iterations = 0;

	*matches = FALSE;
	parts = g_strsplit(pin_hash != NULL ? pin_hash : "", "$", -1);
	if (g_strv_length(parts) != 4 || g_strcmp0(parts[0], TD_STAFF_PIN_PREFIX) != 0)
		return pin_bad_hash(error, "not a pbkdf2-sha256 hash");
	if (!g_ascii_string_to_unsigned(parts[1], 10, 1, TD_STAFF_PIN_MAX_ITERATIONS, &iterations, NULL))
		return pin_bad_hash(error, "bad iteration count");
	if (iterations < TD_STAFF_PIN_MIN_ITERATIONS)
		return pin_bad_hash(error, "too few iterations (a weak hash)");
	salt = g_base64_decode(parts[2], &salt_len);
	expected = g_base64_decode(parts[3], &expected_len);
	if (salt_len < TD_STAFF_PIN_SALT_LEN)
		return pin_bad_hash(error, "salt too short");
	if (expected_len != TD_STAFF_PIN_HASH_LEN)
		return pin_bad_hash(error, "hash of the wrong length");
	/* a malformed PIN is simply wrong, but costs the same time */
	if (!pin_derive(pin != NULL ? pin : "", salt, salt_len, (guint)iterations, actual, error))
		return FALSE;
	*matches = CRYPTO_memcmp(actual, expected, TD_STAFF_PIN_HASH_LEN) == 0 && td_staff_pin_is_well_formed(pin);
	td_memwipe(actual, sizeof(actual));
	return TRUE;
}

gboolean
td_staff_pin_can_log_in(const TdStaffMember *member, const TdConfig *config)
{
	gboolean has_pin =
	    member->id == TD_STAFF_STATION_ID ? config->staff_pin_hash != NULL : member->pin_hash != NULL;
	return member->active && has_pin;
}

GPtrArray *
td_staff_pin_accounts(TdStore *store, const TdConfig *config, GError **error)
{
	g_autoptr(GPtrArray) staff = td_store_list_staff(store, error);

	if (staff == NULL)
		return NULL;
	for (guint i = staff->len; i > 0; i--) {
		if (!td_staff_pin_can_log_in(g_ptr_array_index(staff, i - 1), config))
			g_ptr_array_remove_index(staff, i - 1);
	}
	return g_steal_pointer(&staff);
}

/* The hash to compare with: the settings' for the station's account. */
static gchar *
pin_account_hash(TdStore *store, const TdConfig *config, gint64 staff_id, TdStaffMember **member_out,
		 GError **error)
{
	g_autoptr(TdStaffMember) member = td_store_find_staff(store, staff_id, error);
	gchar *hash;

	if (member == NULL)
		return NULL;
	if (!member->active) {
		g_set_error(error, TD_CONFIG_ERROR, TD_CONFIG_ERROR_INVALID, "the staff account '%s' is disabled",
			    member->name);
		return NULL;
	}
	if (member->id == TD_STAFF_STATION_ID) {
		if (config->staff_pin_hash == NULL) {
			g_set_error_literal(error, TD_CONFIG_ERROR, TD_CONFIG_ERROR_INVALID,
					    "no staff PIN is set; run 'tiepdon set-pin'");
			return NULL;
		}
		hash = g_strdup(config->staff_pin_hash);
	} else if (member->pin_hash != NULL) {
		hash = g_steal_pointer(&member->pin_hash);
	} else {
		/* a row made by hand without one: no PIN opens it */
		g_set_error(error, TD_CONFIG_ERROR, TD_CONFIG_ERROR_INVALID,
			    "the staff account '%s' has no PIN; run 'tiepdon staff set-pin'", member->name);
		return NULL;
	}
	*member_out = g_steal_pointer(&member);
	return hash;
}

gboolean
td_staff_pin_verify(TdStore *store,
		    const TdConfig *config,
		    gint64 staff_id,
		    const gchar *pin,
		    gint64 now_unix,
		    TdStaffPinVerdict *verdict,
		    guint *seconds_left,
		    TdStaffMember **verified,
		    GError **error)
{
	gint64 window = (gint64)config->lockout_minutes * 60;
	TdPinAttempt attempt = {0};
	gboolean matches = FALSE;
	g_autofree gchar *pin_hash = NULL;
	g_autoptr(TdStaffMember) member = NULL;

	if (seconds_left != NULL)
		*seconds_left = 0;
	pin_hash = pin_account_hash(store, config, staff_id, &member, error);
	if (pin_hash == NULL)
		return FALSE;
	/* counted (as a failure) before the hash is compared, in the same
	 * transaction as the count: twenty guesses at once get no more tries
	 * than twenty one after another */
	if (!td_store_begin_pin_attempt(store, staff_id, now_unix, now_unix - window + 1, config->lockout_attempts,
					config->lockout_attempts * TD_STAFF_PIN_OVERALL_FACTOR, &attempt, error))
		return FALSE;
	if (attempt.id == 0) {
		*verdict = TD_STAFF_PIN_LOCKED;
		if (seconds_left != NULL)
			*seconds_left = (guint)MAX(attempt.newest + window - now_unix, 0);
		return TRUE;
	}
	if (!td_staff_pin_check_hash(pin_hash, pin, &matches, error))
		return FALSE;
	if (matches) {
		if (!td_store_finish_pin_attempt(store, attempt.id, error))
			return FALSE;
		*verdict = TD_STAFF_PIN_OK;
		if (verified != NULL)
			*verified = g_steal_pointer(&member);
	} else if (attempt.failures + 1 >= config->lockout_attempts) {
		*verdict = TD_STAFF_PIN_LOCKED;
		if (seconds_left != NULL)
			*seconds_left = (guint)window;
	} else {
		*verdict = TD_STAFF_PIN_WRONG;
	}
	return TRUE;
}
