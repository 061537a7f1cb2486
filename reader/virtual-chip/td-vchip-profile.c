/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <openssl/pem.h>
#include <string.h>

#include "td-chip-auth.h"
#include "td-lds-files.h"
#include "td-reader-error.h"
#include "td-secret.h"
#include "td-vchip-active-auth.h"
#include "td-vchip-profile.h"

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
static const gchar *
variant_group(GKeyFile *kf, const gchar *key)
{
	if (!g_key_file_has_key(kf, GROUP_VARIANT, key, NULL) && g_key_file_has_key(kf, GROUP_VARIANT_OLD_NAME, key, NULL))
		return GROUP_VARIANT_OLD_NAME;
	return GROUP_VARIANT;
}

gboolean
td_vchip_parse_date(const gchar *text, guint *day, guint *month, guint *year)
{
	if (text == NULL || strlen(text) != 10 || text[2] != '/' || text[5] != '/')
		return FALSE;
	for (guint i = 0; i < 10; i++) {
		if (i == 2 || i == 5)
			continue;
		if (!g_ascii_isdigit(text[i]))
			return FALSE;
	}
	*day = (guint)((text[0] - '0') * 10 + (text[1] - '0'));
	*month = (guint)((text[3] - '0') * 10 + (text[4] - '0'));
	*year = (guint)g_ascii_strtoull(text + 6, NULL, 10);
	return *year >= 1900 && g_date_valid_dmy((GDateDay)*day, (GDateMonth)*month, (GDateYear)*year);
}

gboolean
td_vchip_is_no_expiry(const gchar *text)
{
	return g_strcmp0(text, "Không thời hạn") == 0;
}

static gboolean
digits_only(const gchar *text, gsize len)
{
	if (strlen(text) != len)
		return FALSE;
	for (gsize i = 0; i < len; i++) {
		if (!g_ascii_isdigit(text[i]))
			return FALSE;
	}
	return TRUE;
}

static gboolean
hex_only(const gchar *text, gsize len)
{
	if (strlen(text) != len)
		return FALSE;
	for (gsize i = 0; i < len; i++) {
		if (!g_ascii_isxdigit(text[i]))
			return FALSE;
	}
	return TRUE;
}

/* A text key: NULL (and no error) when absent and optional. */
static gchar *
get_text(GKeyFile *kf, const gchar *group, const gchar *key, gboolean required, GError **error)
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

static gboolean
get_boolean(GKeyFile *kf, const gchar *group, const gchar *key, gboolean fallback, gboolean *out, GError **error)
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

static gchar *
resolve_path(const gchar *base_dir, const gchar *path)
{
	if (g_path_is_absolute(path) || base_dir == NULL)
		return g_strdup(path);
	return g_build_filename(base_dir, path, NULL);
}

static BIO *
open_pem(const gchar *base_dir, const gchar *group, const gchar *key, const gchar *value, GError **error)
{
	g_autofree gchar *path = resolve_path(base_dir, value);
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

static EVP_PKEY *
load_private_key(const gchar *base_dir, const gchar *group, const gchar *key, const gchar *value, GError **error)
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

static X509 *
load_certificate(const gchar *base_dir, const gchar *group, const gchar *key, const gchar *value, GError **error)
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

static gboolean
load_citizen(TdVchipProfile *p, GKeyFile *kf, const gchar *base_dir, GError **error)
{
	guint d, m, y;
	g_autofree gchar *photo = NULL;
	g_autofree gchar *photo_path = NULL;
	g_autofree gchar *photo_data = NULL;
	gsize photo_len = 0;
	g_autoptr(GError) error_local = NULL;
	struct {
		gchar **field;
		const gchar *key;
		gboolean required;
	} texts[] = {
		{&p->id_number, "id-number", TRUE},
		{&p->full_name, "full-name", TRUE},
		{&p->date_of_birth, "date-of-birth", TRUE},
		{&p->sex, "sex", TRUE},
		{&p->nationality, "nationality", FALSE},
		{&p->ethnicity, "ethnicity", FALSE},
		{&p->religion, "religion", FALSE},
		{&p->place_of_origin, "place-of-origin", FALSE},
		{&p->place_of_residence, "place-of-residence", FALSE},
		{&p->identification_features, "identification-features", FALSE},
		{&p->issue_date, "issue-date", TRUE},
		{&p->expiry_date, "expiry-date", TRUE},
		{&p->father, "father", FALSE},
		{&p->mother, "mother", FALSE},
		{&p->spouse, "spouse", FALSE},
		{&p->old_id_number, "old-id-number", FALSE},
		{&p->field16, "field-16", FALSE},
	};

	for (guint i = 0; i < G_N_ELEMENTS(texts); i++) {
		g_autoptr(GError) error_text = NULL;
		*texts[i].field = get_text(kf, GROUP_CITIZEN, texts[i].key, texts[i].required, &error_text);
		if (error_text != NULL) {
			g_propagate_error(error, g_steal_pointer(&error_text));
			return FALSE;
		}
	}
	if (!digits_only(p->id_number, 12)) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
				    "profile: [citizen] id-number: must be 12 digits");
		return FALSE;
	}
	if (p->old_id_number != NULL && !digits_only(p->old_id_number, 9)) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
				    "profile: [citizen] old-id-number: must be 9 digits");
		return FALSE;
	}
	if (p->field16 != NULL && !hex_only(p->field16, 16)) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
				    "profile: [citizen] field-16: must be 16 hexadecimal characters");
		return FALSE;
	}
	if (!td_vchip_parse_date(p->date_of_birth, &d, &m, &y)) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
				    "profile: [citizen] date-of-birth: expected a date dd/mm/yyyy");
		return FALSE;
	}
	if (!td_vchip_parse_date(p->issue_date, &d, &m, &y)) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
				    "profile: [citizen] issue-date: expected a date dd/mm/yyyy");
		return FALSE;
	}
	if (!td_vchip_is_no_expiry(p->expiry_date) && !td_vchip_parse_date(p->expiry_date, &d, &m, &y)) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
				    "profile: [citizen] expiry-date: expected dd/mm/yyyy or \"Không thời hạn\"");
		return FALSE;
	}
	if (g_strcmp0(p->sex, "Nam") != 0 && g_strcmp0(p->sex, "Nữ") != 0) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
				    "profile: [citizen] sex: expected \"Nam\" or \"Nữ\"");
		return FALSE;
	}

	photo = get_text(kf, GROUP_CITIZEN, "photo", TRUE, error);
	if (photo == NULL)
		return FALSE;
	photo_path = resolve_path(base_dir, photo);
	if (!g_file_get_contents(photo_path, &photo_data, &photo_len, &error_local)) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
			    "profile: [citizen] photo: %s", error_local->message);
		return FALSE;
	}
	if (photo_len < 4 || photo_len > TD_VCHIP_MAX_PHOTO_SIZE ||
	    (guint8)photo_data[0] != 0xFF || (guint8)photo_data[1] != 0xD8) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
			    "profile: [citizen] photo: must be a JPEG file of at most %u bytes",
			    (guint)TD_VCHIP_MAX_PHOTO_SIZE);
		return FALSE;
	}
	p->photo_jpeg = g_bytes_new_take(g_steal_pointer(&photo_data), photo_len);
	return TRUE;
}

/* An integer key: fallback when absent; FALSE outside min..max. */
static gboolean
get_integer(GKeyFile *kf, const gchar *group, const gchar *key, gint fallback, gint *out, GError **error)
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

static gboolean
load_access_and_chip_auth(TdVchipProfile *p, GKeyFile *kf, const gchar *base_dir, GError **error)
{
	g_autoptr(GError) error_local = NULL;
	TdChipAuthProtocol protocol;
	g_autofree gchar *ca_key = NULL;

	/* PACE, chip and active authentication are on by default, as on every
	 * CCCD. */
	if (!get_boolean(kf, GROUP_SECURITY, "active-auth", TRUE, &p->active_auth, error))
		return FALSE;
	if (!get_boolean(kf, GROUP_SECURITY, "pace", TRUE, &p->pace, error))
		return FALSE;
	if (!get_integer(kf, GROUP_SECURITY, "pace-parameter-id", 13, &p->pace_parameter_id, error))
		return FALSE;
	if (p->pace_parameter_id != 12 && p->pace_parameter_id != 13) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
				    "profile: [security] pace-parameter-id: expected 13 (brainpoolP256r1) or 12 (NIST P-256)");
		return FALSE;
	}
	if (!get_boolean(kf, GROUP_SECURITY, "chip-auth", TRUE, &p->chip_auth, error))
		return FALSE;
	p->chip_auth_protocol = get_text(kf, GROUP_SECURITY, "chip-auth-protocol", FALSE, &error_local);
	if (error_local != NULL) {
		g_propagate_error(error, g_steal_pointer(&error_local));
		return FALSE;
	}
	if (p->chip_auth_protocol == NULL)
		p->chip_auth_protocol = g_strdup("id-CA-ECDH-AES-CBC-CMAC-128");
	/* ECDH only, as on the CCCD (its key is an EC key) */
	if (!td_chip_auth_protocol_parse(p->chip_auth_protocol, &protocol, NULL) ||
	    protocol.key_agreement != TD_KEY_AGREEMENT_ECDH) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
				    "profile: [security] chip-auth-protocol: expected id-CA-ECDH-3DES-CBC-CBC or "
				    "id-CA-ECDH-AES-CBC-CMAC-128, -192 or -256");
		return FALSE;
	}
	ca_key = get_text(kf, GROUP_SECURITY, "chip-auth-key", FALSE, &error_local);
	if (error_local != NULL) {
		g_propagate_error(error, g_steal_pointer(&error_local));
		return FALSE;
	}
	if (ca_key != NULL) {
		p->chip_auth_key = load_private_key(base_dir, GROUP_SECURITY, "chip-auth-key", ca_key, error);
		if (p->chip_auth_key == NULL)
			return FALSE;
		if (!EVP_PKEY_is_a(p->chip_auth_key, "EC")) {
			g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
					    "profile: [security] chip-auth-key: must be an EC private key (ECDH)");
			return FALSE;
		}
	}
	return TRUE;
}

static gboolean
load_security(TdVchipProfile *p, GKeyFile *kf, const gchar *base_dir, GError **error)
{
	g_autoptr(GError) error_local = NULL;
	g_autofree gchar *scheme = NULL;
	g_autofree gchar *ds_key = NULL;
	g_autofree gchar *ds_cert = NULL;
	g_autofree gchar *aa_type = NULL;
	g_autofree gchar *aa_key = NULL;

	p->hash_algorithm = get_text(kf, GROUP_SECURITY, "hash-algorithm", FALSE, &error_local);
	if (error_local != NULL) {
		g_propagate_error(error, g_steal_pointer(&error_local));
		return FALSE;
	}
	if (p->hash_algorithm == NULL)
		p->hash_algorithm = g_strdup("SHA256");
	{
		EVP_MD *md = EVP_MD_fetch(NULL, p->hash_algorithm, NULL);
		if (md == NULL) {
			g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
				    "profile: [security] hash-algorithm: unknown digest %s", p->hash_algorithm);
			return FALSE;
		}
		EVP_MD_free(md);
	}

	scheme = get_text(kf, GROUP_SECURITY, "signature-scheme", FALSE, &error_local);
	if (error_local != NULL) {
		g_propagate_error(error, g_steal_pointer(&error_local));
		return FALSE;
	}
	if (scheme == NULL || g_strcmp0(scheme, "default") == 0) {
		p->sod_rsa_pss = FALSE;
	} else if (g_strcmp0(scheme, "rsa-pss") == 0) {
		p->sod_rsa_pss = TRUE;
	} else {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
				    "profile: [security] signature-scheme: expected default or rsa-pss");
		return FALSE;
	}

	ds_key = get_text(kf, GROUP_SECURITY, "ds-key", FALSE, &error_local);
	if (error_local == NULL)
		ds_cert = get_text(kf, GROUP_SECURITY, "ds-certificate", FALSE, &error_local);
	if (error_local != NULL) {
		g_propagate_error(error, g_steal_pointer(&error_local));
		return FALSE;
	}
	if ((ds_key == NULL) != (ds_cert == NULL)) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
				    ds_key == NULL ? "profile: [security] ds-key: needed with ds-certificate"
						   : "profile: [security] ds-certificate: needed with ds-key");
		return FALSE;
	}
	if (ds_key != NULL) {
		p->ds_key = load_private_key(base_dir, GROUP_SECURITY, "ds-key", ds_key, error);
		if (p->ds_key == NULL)
			return FALSE;
		p->ds_certificate = load_certificate(base_dir, GROUP_SECURITY, "ds-certificate", ds_cert, error);
		if (p->ds_certificate == NULL)
			return FALSE;
		if (X509_check_private_key(p->ds_certificate, p->ds_key) != 1) {
			g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
					    "profile: [security] ds-certificate: does not match ds-key");
			return FALSE;
		}
	}

	aa_type = get_text(kf, GROUP_SECURITY, "aa-key-type", FALSE, &error_local);
	if (error_local != NULL) {
		g_propagate_error(error, g_steal_pointer(&error_local));
		return FALSE;
	}
	if (aa_type == NULL || g_strcmp0(aa_type, "ec-p256") == 0) {
		p->aa_key_type = TD_VCHIP_AA_KEY_EC_P256;
	} else if (g_strcmp0(aa_type, "ec-brainpoolP256r1") == 0) {
		p->aa_key_type = TD_VCHIP_AA_KEY_EC_BRAINPOOL_P256R1;
	} else if (g_strcmp0(aa_type, "rsa-2048") == 0) {
		p->aa_key_type = TD_VCHIP_AA_KEY_RSA_2048;
	} else {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
				    "profile: [security] aa-key-type: expected ec-p256, ec-brainpoolP256r1 or rsa-2048");
		return FALSE;
	}

	aa_key = get_text(kf, GROUP_SECURITY, "aa-key", FALSE, &error_local);
	if (error_local != NULL) {
		g_propagate_error(error, g_steal_pointer(&error_local));
		return FALSE;
	}
	if (aa_key != NULL) {
		gboolean is_rsa;
		p->aa_key = load_private_key(base_dir, GROUP_SECURITY, "aa-key", aa_key, error);
		if (p->aa_key == NULL)
			return FALSE;
		is_rsa = EVP_PKEY_is_a(p->aa_key, "RSA");
		if (is_rsa != (p->aa_key_type == TD_VCHIP_AA_KEY_RSA_2048) ||
		    (!is_rsa && !EVP_PKEY_is_a(p->aa_key, "EC"))) {
			g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
					    "profile: [security] aa-key: does not match aa-key-type");
			return FALSE;
		}
	}

	p->aa_rsa_digest = get_text(kf, GROUP_SECURITY, "aa-rsa-digest", FALSE, &error_local);
	if (error_local != NULL) {
		g_propagate_error(error, g_steal_pointer(&error_local));
		return FALSE;
	}
	if (p->aa_rsa_digest == NULL)
		p->aa_rsa_digest = g_strdup("SHA1");
	if (g_strcmp0(p->aa_rsa_digest, "SHA1") != 0 && g_strcmp0(p->aa_rsa_digest, "SHA256") != 0) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
				    "profile: [security] aa-rsa-digest: expected SHA1 or SHA256");
		return FALSE;
	}
	return load_access_and_chip_auth(p, kf, base_dir, error);
}

/* The data groups that can be tampered with: those a reader can read. */
static gboolean
is_tamperable_dg(gint dg)
{
	return dg == 1 || dg == 2 || dg == 13 || dg == 14 || dg == 15;
}

static gboolean
load_forgery_quirks(TdVchipProfile *p, GKeyFile *kf, GError **error)
{
	gint dg = 0;

	if (!get_integer(kf, variant_group(kf, "tamper-dg"), "tamper-dg", 0, &dg, error))
		return FALSE;
	if (dg != 0 && !is_tamperable_dg(dg)) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
				    "profile: [variant] tamper-dg: expected 1, 2, 13, 14 or 15");
		return FALSE;
	}
	p->tamper_dg = (guint)dg;
	if (!get_boolean(kf, variant_group(kf, "break-sod-signature"), "break-sod-signature", FALSE, &p->break_sod_signature, error))
		return FALSE;
	if (!get_boolean(kf, variant_group(kf, "aa-key-mismatch"), "aa-key-mismatch", FALSE, &p->aa_key_mismatch, error))
		return FALSE;
	if (!get_boolean(kf, variant_group(kf, "ca-key-mismatch"), "ca-key-mismatch", FALSE, &p->ca_key_mismatch, error))
		return FALSE;
	if (!get_boolean(kf, variant_group(kf, "pace-refuse"), "pace-refuse", FALSE, &p->pace_refuse, error))
		return FALSE;
	if (!get_boolean(kf, variant_group(kf, "card-access-not-a-set"), "card-access-not-a-set", FALSE,
			 &p->card_access_not_a_set, error))
		return FALSE;
	/* A quirk of a feature the profile turned off would test nothing. */
	if (p->aa_key_mismatch && !p->active_auth) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
				    "profile: [variant] aa-key-mismatch: needs [security] active-auth=true");
		return FALSE;
	}
	if (p->ca_key_mismatch && !p->chip_auth) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
				    "profile: [variant] ca-key-mismatch: needs [security] chip-auth=true");
		return FALSE;
	}
	if ((p->pace_refuse || p->card_access_not_a_set) && !p->pace) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
			    "profile: [variant] %s: needs [security] pace=true",
			    p->pace_refuse ? "pace-refuse" : "card-access-not-a-set");
		return FALSE;
	}
	return TRUE;
}

/* A [variant] key that takes one of a few words: *out is the index of the
 * word given, fallback when the key is absent. */
static gboolean
get_variant_choice(GKeyFile *kf, const gchar *key, const gchar *const *words, guint fallback, guint *out,
		   GError **error)
{
	g_autoptr(GError) error_local = NULL;
	g_autofree gchar *value = get_text(kf, variant_group(kf, key), key, FALSE, &error_local);
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

/* The string types of real cards (DOMAIN.md §2): PrintableString for the
 * ID number, the dates of birth and issue, the old ID and field 16. */
static TdVchipStringType
real_string_type(guint entry)
{
	switch (entry) {
	case 1:
	case 3:
	case 11:
	case 15:
	case 16:
		return TD_VCHIP_STRING_PRINTABLE;
	default:
		return TD_VCHIP_STRING_UTF8;
	}
}

/* "2, 7" -> bits 2 and 7. */
static gboolean
parse_entry_list(const gchar *text, guint32 *out)
{
	g_auto(GStrv) parts = g_strsplit(text, ",", -1);
	guint32 bits = 0;

	for (guint i = 0; parts[i] != NULL; i++) {
		guint64 n = 0;
		g_strstrip(parts[i]);
		if (!g_ascii_string_to_unsigned(parts[i], 10, 1, TD_VCHIP_DG13_LAST_ENTRY, &n, NULL))
			return FALSE;
		bits |= 1u << n;
	}
	*out = bits;
	return TRUE;
}

static gboolean
load_dg13_variant(TdVchipProfile *p, GKeyFile *kf, GError **error)
{
	static const gchar *const containers[] = {"set", "sequence", "flat", "extra-sequence", NULL};
	static const gchar *const string_type_sets[] = {"real", "utf8", NULL};
	static const gchar *const string_types[] = {"utf8", "printable", "bmp", "t61", NULL};
	static const gchar *const orders[] = {"ascending", "shuffled", NULL};
	g_autoptr(GError) error_local = NULL;
	g_autofree gchar *omit = NULL;
	guint value = 0;

	G_STATIC_ASSERT(TD_VCHIP_DG13_CONTAINER_SET == 0 && TD_VCHIP_DG13_CONTAINER_EXTRA_SEQUENCE == 3);
	G_STATIC_ASSERT(TD_VCHIP_STRING_UTF8 == 0 && TD_VCHIP_STRING_T61 == 3);
	if (!get_variant_choice(kf, "dg13-container", containers, TD_VCHIP_DG13_CONTAINER_SET, &value, error))
		return FALSE;
	p->dg13_container = (TdVchipDg13Container)value;

	if (!get_variant_choice(kf, "dg13-string-types", string_type_sets, 0, &value, error))
		return FALSE;
	for (guint n = 1; n <= TD_VCHIP_DG13_LAST_ENTRY; n++) {
		g_autofree gchar *key = g_strdup_printf("dg13-string-type-%u", n);
		guint type = 0;
		if (!get_variant_choice(kf, key, string_types, value == 0 ? real_string_type(n) : TD_VCHIP_STRING_UTF8,
					&type, error))
			return FALSE;
		p->dg13_string_types[n] = (TdVchipStringType)type;
	}

	omit = get_text(kf, variant_group(kf, "dg13-omit-entries"), "dg13-omit-entries", FALSE, &error_local);
	if (error_local != NULL) {
		g_propagate_error(error, g_steal_pointer(&error_local));
		return FALSE;
	}
	if (omit != NULL && !parse_entry_list(omit, &p->dg13_omit_entries)) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
				    "profile: [variant] dg13-omit-entries: expected entry numbers 1..16, comma-separated");
		return FALSE;
	}

	if (!get_variant_choice(kf, "dg13-entry-order", orders, 0, &value, error))
		return FALSE;
	p->dg13_shuffled = value == 1;
	return TRUE;
}

static gboolean
get_refusal_answer(GKeyFile *kf, const gchar *key, gboolean bare_variants, TdVchipRefusalAnswer *out, GError **error)
{
	static const struct {
		const gchar *name;
		TdVchipRefusalAnswer answer;
	} answers[] = {
		{"protected", TD_VCHIP_ANSWER_PROTECTED},
		{"bare", TD_VCHIP_ANSWER_BARE},
		{"bare-counted", TD_VCHIP_ANSWER_BARE_COUNTED},
		{"bare-not-counted", TD_VCHIP_ANSWER_BARE_NOT_COUNTED},
		{"bare-session-ended", TD_VCHIP_ANSWER_BARE_SESSION_ENDED},
	};
	g_autoptr(GError) error_local = NULL;
	g_autofree gchar *value = get_text(kf, variant_group(kf, key), key, FALSE, &error_local);

	if (error_local != NULL) {
		g_propagate_error(error, g_steal_pointer(&error_local));
		return FALSE;
	}
	*out = TD_VCHIP_ANSWER_PROTECTED;
	if (value == NULL)
		return TRUE;
	for (guint i = 0; i < G_N_ELEMENTS(answers); i++) {
		if ((bare_variants || i < 2) && g_strcmp0(value, answers[i].name) == 0) {
			*out = answers[i].answer;
			return TRUE;
		}
	}
	g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT, "profile: [variant] %s: expected %s", key,
		    bare_variants ? "protected, bare, bare-counted, bare-not-counted or bare-session-ended"
				  : "protected or bare");
	return FALSE;
}

/* sfi-read: "supported", or the status word a chip without short EF
 * identifiers answers. */
static gboolean
load_sfi_read(TdVchipProfile *p, GKeyFile *kf, GError **error)
{
	static const guint16 refusals[] = {0x6A86, 0x6A81, 0x6A82, 0x6B00, 0x6D00, 0x6E00};
	g_autoptr(GError) error_local = NULL;
	g_autofree gchar *value = get_text(kf, variant_group(kf, "sfi-read"), "sfi-read", FALSE, &error_local);
	guint64 sw = 0;

	if (error_local != NULL) {
		g_propagate_error(error, g_steal_pointer(&error_local));
		return FALSE;
	}
	p->sfi_refusal_sw = 0;
	if (value == NULL || g_strcmp0(value, "supported") == 0)
		return TRUE;
	if (strlen(value) == 4 && g_ascii_string_to_unsigned(value, 16, 0, 0xFFFF, &sw, NULL)) {
		for (guint i = 0; i < G_N_ELEMENTS(refusals); i++) {
			if (refusals[i] == sw) {
				p->sfi_refusal_sw = (guint16)sw;
				return TRUE;
			}
		}
	}
	g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
			    "profile: [variant] sfi-read: expected supported, 6A86, 6A81, 6A82, 6B00, 6D00 or 6E00");
	return FALSE;
}

static gboolean
has_variant_key(GKeyFile *kf, const gchar *key)
{
	return g_key_file_has_key(kf, variant_group(kf, key), key, NULL);
}

/* The digest of the SOD seen in the dump, as an OpenSSL name. */
static const gchar *
structure_hash_algorithm(const TdCardStructure *structure)
{
	static const struct {
		const gchar *oid;
		const gchar *name;
	} digests[] = {
		{"2.16.840.1.101.3.4.2.1", "SHA256"}, {"2.16.840.1.101.3.4.2.2", "SHA384"},
		{"2.16.840.1.101.3.4.2.3", "SHA512"}, {"2.16.840.1.101.3.4.2.4", "SHA224"},
		{"1.3.14.3.2.26", "SHA1"},
	};
	const TdStructureFile *sod = td_card_structure_get_file(structure, TD_FILE_SOD);
	const gchar *oid;

	if (sod == NULL || sod->tree == NULL)
		return NULL;
	oid = td_structure_node_find_oid(sod->tree, "2.16.840.1.101.3.4.2");
	if (oid == NULL)
		oid = td_structure_node_find_oid(sod->tree, "1.3.14.3.2.26");
	for (guint i = 0; oid != NULL && i < G_N_ELEMENTS(digests); i++) {
		if (g_str_equal(oid, digests[i].oid))
			return digests[i].name;
	}
	return NULL;
}

static gboolean
structure_file_read(const TdCardStructure *structure, guint16 fid, gboolean *present)
{
	const TdStructureFile *file = td_card_structure_get_file(structure, fid);
	if (file == NULL)
		return FALSE;
	*present = file->tree != NULL;
	return TRUE;
}

/* Whether any command of file fid (0: any file) got a status word with
 * (sw & mask) == value. */
static gboolean
structure_saw(const TdCardStructure *st, guint16 fid, guint16 mask, guint16 value)
{
	for (guint i = 0; i < st->files->len; i++) {
		const TdStructureFile *file = g_ptr_array_index(st->files, i);
		if (fid != 0 && file->fid != fid)
			continue;
		for (guint j = 0; j < file->status_words->len; j++) {
			if ((g_array_index(file->status_words, guint32, j) & mask) == value)
				return TRUE;
		}
	}
	return FALSE;
}

/* from-structure: the dump says how the field's chip behaved; what the
 * profile sets itself wins. */
static gboolean
load_structure(TdVchipProfile *p, GKeyFile *kf, const gchar *base_dir, GError **error)
{
	g_autoptr(GError) error_local = NULL;
	g_autofree gchar *value = get_text(kf, variant_group(kf, "from-structure"), "from-structure", FALSE, &error_local);
	g_autofree gchar *path = NULL;
	TdCardStructure *st;
	const gchar *hash;
	gboolean present;

	if (error_local != NULL) {
		g_propagate_error(error, g_steal_pointer(&error_local));
		return FALSE;
	}
	if (value == NULL)
		return TRUE;
	path = resolve_path(base_dir, value);
	p->structure = td_card_structure_new_from_file(path, &error_local);
	if (p->structure == NULL) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT, "profile: [variant] from-structure: %s",
			    error_local->message);
		return FALSE;
	}
	st = p->structure;
	if (!g_key_file_has_key(kf, GROUP_SECURITY, "pace", NULL) &&
	    structure_file_read(st, TD_FILE_CARD_ACCESS, &present))
		p->pace = present;
	if (!g_key_file_has_key(kf, GROUP_SECURITY, "active-auth", NULL) && structure_file_read(st, TD_FILE_DG15, &present))
		p->active_auth = present;
	if (!g_key_file_has_key(kf, GROUP_SECURITY, "chip-auth", NULL) && structure_file_read(st, TD_FILE_DG14, &present)) {
		const TdStructureFile *dg14 = td_card_structure_get_file(st, TD_FILE_DG14);
		/* id-PK-ECDH / id-PK-DH: a chip-authentication public key */
		p->chip_auth = present && td_structure_node_find_oid(dg14->tree, "0.4.0.127.0.7.2.2.1") != NULL;
	}
	/* The active-authentication algorithm DG14 names, as the field card's */
	if (!has_variant_key(kf, "aa-signature-oid") && p->active_auth && p->aa_key_type != TD_VCHIP_AA_KEY_RSA_2048 &&
	    structure_file_read(st, TD_FILE_DG14, &present) && present) {
		const TdStructureNode *dg14 = td_card_structure_get_file(st, TD_FILE_DG14)->tree;
		const gchar *const *names = td_vchip_aa_signature_names();
		for (guint i = 0; names[i] != NULL; i++) {
			const gchar *oid = td_vchip_aa_signature_lookup(names[i])->oid;
			const gchar *found = td_structure_node_find_oid(dg14, oid);
			if (found != NULL && g_str_equal(found, oid)) {
				g_free(p->aa_signature);
				p->aa_signature = g_strdup(names[i]);
				break;
			}
		}
	}
	hash = structure_hash_algorithm(st);
	if (!g_key_file_has_key(kf, GROUP_SECURITY, "hash-algorithm", NULL) && hash != NULL) {
		g_free(p->hash_algorithm);
		p->hash_algorithm = g_strdup(hash);
	}
	/* Our reader asks at most 223 under secure messaging: a lower limit
	 * learnt there is the chip's. */
	if (!has_variant_key(kf, "max-le-sm") && st->max_le < 223)
		p->max_le_sm = MIN(p->max_le, st->max_le);
	/* Refused in the clear too (EF.CardAccess is read before any key). */
	if (!has_variant_key(kf, "max-le") && st->max_le < p->max_le &&
	    (structure_saw(st, TD_FILE_CARD_ACCESS, 0xFFFF, 0x6700) || structure_saw(st, TD_FILE_CARD_ACCESS, 0xFF00, 0x6C00)))
		p->max_le = p->max_le_sm = st->max_le;
	if (!has_variant_key(kf, "too-large-le-sw") && structure_saw(st, 0, 0xFF00, 0x6C00))
		p->too_large_le_sw = TD_VCHIP_TOO_LARGE_LE_6CXX;
	if (!has_variant_key(kf, "eof-warning") && structure_saw(st, 0, 0xFFFF, 0x6282))
		p->eof_warning = TRUE;
	if (!has_variant_key(kf, "sfi-read") && st->sfi_refused) {
		p->sfi_refusal_sw = st->sfi_refusal_sw;
		if (p->sfi_refusal_sw == 0x6A82 || p->sfi_refusal_sw == 0)
			p->sfi_refusal_sw = 0x6A86;
	}
	if (!has_variant_key(kf, "sm-wrong-length") && td_card_structure_saw_bare(st, 0, TRUE))
		p->sm_wrong_length = TD_VCHIP_ANSWER_BARE;
	if (!has_variant_key(kf, "sm-file-not-found") && td_card_structure_saw_bare(st, 0x6A82, FALSE))
		p->sm_file_not_found = TD_VCHIP_ANSWER_BARE;
	return TRUE;
}

/* How an EC chip answers INTERNAL AUTHENTICATE: the OID its DG14 names and
 * the encoding of r and s. Real chips differ in both. */
static gboolean
load_aa_signature(TdVchipProfile *p, GKeyFile *kf, GError **error)
{
	g_autoptr(GError) error_local = NULL;
	g_autofree gchar *encoding = NULL;
	const gchar *keys[] = {"aa-signature-oid", "aa-signature-encoding"};

	p->aa_signature = get_text(kf, variant_group(kf, keys[0]), keys[0], FALSE, &error_local);
	if (error_local == NULL)
		encoding = get_text(kf, variant_group(kf, keys[1]), keys[1], FALSE, &error_local);
	if (error_local != NULL) {
		g_propagate_error(error, g_steal_pointer(&error_local));
		return FALSE;
	}
	/* A choice for an RSA key or no key at all would test nothing. */
	for (guint i = 0; i < G_N_ELEMENTS(keys); i++) {
		if (!g_key_file_has_key(kf, variant_group(kf, keys[i]), keys[i], NULL))
			continue;
		if (!p->active_auth || p->aa_key_type == TD_VCHIP_AA_KEY_RSA_2048) {
			g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
				    "profile: [variant] %s: needs [security] active-auth=true with an EC aa-key-type", keys[i]);
			return FALSE;
		}
	}
	if (p->aa_signature == NULL)
		p->aa_signature = g_strdup("bsi-plain-sha256");
	if (td_vchip_aa_signature_lookup(p->aa_signature) == NULL) {
		g_autofree gchar *names = g_strjoinv(", ", (gchar **)td_vchip_aa_signature_names());
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
			    "profile: [variant] aa-signature-oid: expected one of %s", names);
		return FALSE;
	}
	if (encoding == NULL || g_strcmp0(encoding, "plain") == 0) {
		p->aa_signature_der = FALSE;
	} else if (g_strcmp0(encoding, "der") == 0) {
		p->aa_signature_der = TRUE;
	} else {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
				    "profile: [variant] aa-signature-encoding: expected plain or der");
		return FALSE;
	}
	return TRUE;
}

/* [variant] unreadable-dg14-entry: the entry must be there to be spoilt. */
static gboolean
load_dg14_slip(TdVchipProfile *p, GKeyFile *kf, GError **error)
{
	static const gchar *const words[] = {"none", "chip-auth-key", "active-auth-algorithm", NULL};
	guint slip = TD_VCHIP_DG14_READABLE;

	if (!get_variant_choice(kf, "unreadable-dg14-entry", words, TD_VCHIP_DG14_READABLE, &slip, error))
		return FALSE;
	p->dg14_slip = slip;
	if (slip == TD_VCHIP_DG14_CHIP_AUTH_KEY_UNREADABLE && !p->chip_auth) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
				    "profile: [variant] unreadable-dg14-entry: chip-auth-key needs [security] chip-auth=true");
		return FALSE;
	}
	if (slip == TD_VCHIP_DG14_AA_ALGORITHM_UNREADABLE && (!p->active_auth || p->aa_key_type == TD_VCHIP_AA_KEY_RSA_2048)) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
				    "profile: [variant] unreadable-dg14-entry: active-auth-algorithm needs [security] "
				    "active-auth=true with an EC aa-key-type");
		return FALSE;
	}
	return TRUE;
}

static gboolean
load_quirks(TdVchipProfile *p, GKeyFile *kf, GError **error)
{
	g_autoptr(GError) error_local = NULL;
	g_autofree gchar *sw = NULL;
	g_autofree gchar *nesting = NULL;

	if (!get_boolean(kf, variant_group(kf, "extended-length"), "extended-length", FALSE, &p->extended_length, error))
		return FALSE;
	if (!get_boolean(kf, variant_group(kf, "omit-do99"), "omit-do99", FALSE, &p->omit_do99, error))
		return FALSE;
	if (!get_boolean(kf, variant_group(kf, "eof-warning"), "eof-warning", FALSE, &p->eof_warning, error))
		return FALSE;

	p->max_le = p->extended_length ? 65536 : 256;
	if (g_key_file_has_key(kf, variant_group(kf, "max-le"), "max-le", NULL)) {
		gint value = g_key_file_get_integer(kf, variant_group(kf, "max-le"), "max-le", &error_local);
		if (error_local != NULL || value < 1 || value > 65536 || (!p->extended_length && value > 256)) {
			g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
					    "profile: [variant] max-le: expected 1..256 (1..65536 with extended-length)");
			return FALSE;
		}
		p->max_le = (guint)value;
	}
	/* Some chips serve less under secure messaging than in the clear
	 * (the protected answer must fit their buffer). */
	p->max_le_sm = p->max_le;
	if (g_key_file_has_key(kf, variant_group(kf, "max-le-sm"), "max-le-sm", NULL)) {
		gint value = g_key_file_get_integer(kf, variant_group(kf, "max-le-sm"), "max-le-sm", &error_local);
		if (error_local != NULL || value < 1 || (guint)value > p->max_le) {
			g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
					    "profile: [variant] max-le-sm: expected 1..max-le");
			return FALSE;
		}
		p->max_le_sm = (guint)value;
	}

	if (!load_forgery_quirks(p, kf, error) || !load_aa_signature(p, kf, error) || !load_dg14_slip(p, kf, error))
		return FALSE;
	if (!get_refusal_answer(kf, "sm-wrong-length", TRUE, &p->sm_wrong_length, error) ||
	    !get_refusal_answer(kf, "sm-file-not-found", FALSE, &p->sm_file_not_found, error) ||
	    !load_sfi_read(p, kf, error))
		return FALSE;

	sw = get_text(kf, variant_group(kf, "too-large-le-sw"), "too-large-le-sw", FALSE, &error_local);
	if (error_local != NULL) {
		g_propagate_error(error, g_steal_pointer(&error_local));
		return FALSE;
	}
	if (sw == NULL || g_ascii_strcasecmp(sw, "6700") == 0) {
		p->too_large_le_sw = TD_VCHIP_TOO_LARGE_LE_6700;
	} else if (g_ascii_strcasecmp(sw, "6Cxx") == 0) {
		p->too_large_le_sw = TD_VCHIP_TOO_LARGE_LE_6CXX;
	} else {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
				    "profile: [variant] too-large-le-sw: expected 6700 or 6Cxx");
		return FALSE;
	}

	nesting = get_text(kf, variant_group(kf, "dg13-parent-nesting"), "dg13-parent-nesting", FALSE, &error_local);
	if (error_local != NULL) {
		g_propagate_error(error, g_steal_pointer(&error_local));
		return FALSE;
	}
	if (nesting == NULL || g_strcmp0(nesting, "one-sequence") == 0) {
		p->dg13_parent_nesting = TD_VCHIP_DG13_PARENTS_ONE_SEQUENCE;
	} else if (g_strcmp0(nesting, "two-sequences") == 0) {
		p->dg13_parent_nesting = TD_VCHIP_DG13_PARENTS_TWO_SEQUENCES;
	} else {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
				    "profile: [variant] dg13-parent-nesting: expected one-sequence or two-sequences");
		return FALSE;
	}
	return load_dg13_variant(p, kf, error);
}

TdVchipProfile *
td_vchip_profile_new_from_keyfile(GKeyFile *kf, const gchar *base_dir, GError **error)
{
	g_autoptr(TdVchipProfile) profile = g_new0(TdVchipProfile, 1);

	g_return_val_if_fail(kf != NULL, NULL);

	if (!g_key_file_has_group(kf, GROUP_CITIZEN)) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
				    "profile: the [citizen] group is missing");
		return NULL;
	}
	if (!load_citizen(profile, kf, base_dir, error))
		return NULL;
	if (!load_security(profile, kf, base_dir, error))
		return NULL;
	if (!load_quirks(profile, kf, error))
		return NULL;
	if (!load_structure(profile, kf, base_dir, error))
		return NULL;
	return g_steal_pointer(&profile);
}

void
td_vchip_profile_free(TdVchipProfile *p)
{
	if (p == NULL)
		return;
	td_str_clear_free(p->id_number);
	td_str_clear_free(p->full_name);
	td_str_clear_free(p->date_of_birth);
	td_str_clear_free(p->sex);
	td_str_clear_free(p->nationality);
	td_str_clear_free(p->ethnicity);
	td_str_clear_free(p->religion);
	td_str_clear_free(p->place_of_origin);
	td_str_clear_free(p->place_of_residence);
	td_str_clear_free(p->identification_features);
	td_str_clear_free(p->issue_date);
	td_str_clear_free(p->expiry_date);
	td_str_clear_free(p->father);
	td_str_clear_free(p->mother);
	td_str_clear_free(p->spouse);
	td_str_clear_free(p->old_id_number);
	td_str_clear_free(p->field16);
	g_clear_pointer(&p->photo_jpeg, g_bytes_unref);
	g_free(p->hash_algorithm);
	g_free(p->aa_rsa_digest);
	g_free(p->aa_signature);
	g_free(p->chip_auth_protocol);
	EVP_PKEY_free(p->chip_auth_key);
	EVP_PKEY_free(p->ds_key);
	X509_free(p->ds_certificate);
	EVP_PKEY_free(p->aa_key);
	td_card_structure_free(p->structure);
	g_free(p);
}
