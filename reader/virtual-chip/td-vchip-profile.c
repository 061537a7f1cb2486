/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <openssl/pem.h>
#include <string.h>

#include "td-chip-auth.h"
#include "td-lds-files.h"
#include "td-reader-error.h"
#include "td-secret.h"
#include "td-vchip-active-auth.h"
#include "td-vchip-profile-keys.h"
#include "td-vchip-profile.h"

/* A profile: the [citizen] on the card, the [security] it was issued with;
 * the [variant] group is read in td-vchip-variant.c, from-structure in
 * td-vchip-profile-structure.c, the key readers in td-vchip-profile-keys.c. */

/* dd/mm/yyyy into its parts; with parts_may_be_unknown, the parts not
 * known are 00 from the day up ("00/03/1940", "00/00/1940", never
 * "15/00/1940"), as cards write a birth date known in part. */
static gboolean
parse_date_parts(const gchar *text, gboolean parts_may_be_unknown, guint *day, guint *month, guint *year)
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
	if (*year < 1900)
		return FALSE;
	if (parts_may_be_unknown && *day == 0)
		return *month <= 12;
	return g_date_valid_dmy((GDateDay)*day, (GDateMonth)*month, (GDateYear)*year);
}

gboolean
td_vchip_parse_date(const gchar *text, guint *day, guint *month, guint *year)
{
	return parse_date_parts(text, FALSE, day, month, year);
}

gboolean
td_vchip_parse_birth_date(const gchar *text, guint *day, guint *month, guint *year)
{
	return parse_date_parts(text, TRUE, day, month, year);
}

void
td_vchip_date_yymmdd(const gchar *ddmmyyyy, gchar out[7])
{
	const gchar v[7] = {ddmmyyyy[8], ddmmyyyy[9], ddmmyyyy[3], ddmmyyyy[4], ddmmyyyy[0], ddmmyyyy[1], '\0'};

	memcpy(out, v, 7);
	for (guint part = 2; part < 6; part += 2) {
		if (out[part] == '0' && out[part + 1] == '0')
			out[part] = out[part + 1] = '<';
	}
}

gboolean
td_vchip_is_no_expiry(const gchar *text)
{
	return g_strcmp0(text, "Không thời hạn") == 0;
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
		*texts[i].field = td_vchip_key_text(kf, GROUP_CITIZEN, texts[i].key, texts[i].required, &error_text);
		if (error_text != NULL) {
			g_propagate_error(error, g_steal_pointer(&error_text));
			return FALSE;
		}
	}
	if (!td_vchip_digits_only(p->id_number, 12)) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
				    "profile: [citizen] id-number: must be 12 digits");
		return FALSE;
	}
	if (p->old_id_number != NULL && !td_vchip_digits_only(p->old_id_number, 9)) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
				    "profile: [citizen] old-id-number: must be 9 digits");
		return FALSE;
	}
	if (p->field16 != NULL && !td_vchip_hex_only(p->field16, 16)) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
				    "profile: [citizen] field-16: must be 16 hexadecimal characters");
		return FALSE;
	}
	if (!td_vchip_parse_birth_date(p->date_of_birth, &d, &m, &y)) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
				    "profile: [citizen] date-of-birth: expected a date dd/mm/yyyy (00/00/yyyy or "
				    "00/mm/yyyy where the day is not known)");
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

	photo = td_vchip_key_text(kf, GROUP_CITIZEN, "photo", TRUE, error);
	if (photo == NULL)
		return FALSE;
	photo_path = td_vchip_resolve_path(base_dir, photo);
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

/* [security] pace-cipher: AES-128 on the CCCD; ICAO 9303-11 also names
 * AES-192 and AES-256 for PACE. */
static gboolean
load_pace_cipher(TdVchipProfile *p, GKeyFile *kf, GError **error)
{
	static const struct {
		const gchar *name;
		TdSecurityCipher cipher;
	} ciphers[] = {
		{"AES-128", TD_SECURITY_CIPHER_AES_128},
		{"AES-192", TD_SECURITY_CIPHER_AES_192},
		{"AES-256", TD_SECURITY_CIPHER_AES_256},
	};
	g_autoptr(GError) error_local = NULL;
	g_autofree gchar *name = td_vchip_key_text(kf, GROUP_SECURITY, "pace-cipher", FALSE, &error_local);

	if (error_local != NULL) {
		g_propagate_error(error, g_steal_pointer(&error_local));
		return FALSE;
	}
	p->pace_cipher = TD_SECURITY_CIPHER_AES_128;
	if (name == NULL)
		return TRUE;
	for (guint i = 0; i < G_N_ELEMENTS(ciphers); i++) {
		if (g_strcmp0(name, ciphers[i].name) == 0) {
			p->pace_cipher = ciphers[i].cipher;
			return TRUE;
		}
	}
	g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
			    "profile: [security] pace-cipher: expected AES-128, AES-192 or AES-256");
	return FALSE;
}

static gboolean
load_access_and_chip_auth(TdVchipProfile *p, GKeyFile *kf, const gchar *base_dir, GError **error)
{
	g_autoptr(GError) error_local = NULL;
	TdChipAuthProtocol protocol;
	g_autofree gchar *ca_key = NULL;

	/* PACE, chip and active authentication are on by default, as on every
	 * CCCD. */
	if (!td_vchip_key_boolean(kf, GROUP_SECURITY, "active-auth", TRUE, &p->active_auth, error))
		return FALSE;
	if (!td_vchip_key_boolean(kf, GROUP_SECURITY, "pace", TRUE, &p->pace, error))
		return FALSE;
	if (!td_vchip_key_integer(kf, GROUP_SECURITY, "pace-parameter-id", 13, &p->pace_parameter_id, error))
		return FALSE;
	/* ICAO 9303-11's standardized elliptic curves, for the generic
	 * mapping: 13 brainpoolP256r1 (the CCCD), 12 NIST P-256, up to 16
	 * brainpoolP384r1 and 18 NIST P-521 */
	if (p->pace_parameter_id < 8 || p->pace_parameter_id > 18) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
				    "profile: [security] pace-parameter-id: expected an elliptic curve, 8..18 (13 "
				    "brainpoolP256r1, 12 NIST P-256)");
		return FALSE;
	}
	if (!load_pace_cipher(p, kf, error))
		return FALSE;
	if (!td_vchip_key_boolean(kf, GROUP_SECURITY, "chip-auth", TRUE, &p->chip_auth, error))
		return FALSE;
	p->chip_auth_protocol = td_vchip_key_text(kf, GROUP_SECURITY, "chip-auth-protocol", FALSE, &error_local);
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
	ca_key = td_vchip_key_text(kf, GROUP_SECURITY, "chip-auth-key", FALSE, &error_local);
	if (error_local != NULL) {
		g_propagate_error(error, g_steal_pointer(&error_local));
		return FALSE;
	}
	if (ca_key != NULL) {
		p->chip_auth_key = td_vchip_key_private_key(base_dir, GROUP_SECURITY, "chip-auth-key", ca_key, error);
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

/* [security] key: an OpenSSL digest name, or fallback when absent. */
static gboolean
load_digest_name(GKeyFile *kf, const gchar *key, const gchar *fallback, gchar **out, GError **error)
{
	g_autoptr(GError) error_local = NULL;
	EVP_MD *md;

	*out = td_vchip_key_text(kf, GROUP_SECURITY, key, FALSE, &error_local);
	if (error_local != NULL) {
		g_propagate_error(error, g_steal_pointer(&error_local));
		return FALSE;
	}
	if (*out == NULL)
		*out = g_strdup(fallback);
	if (*out == NULL)
		return TRUE;
	md = EVP_MD_fetch(NULL, *out, NULL);
	if (md == NULL) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT, "profile: [security] %s: unknown digest %s",
			    key, *out);
		return FALSE;
	}
	EVP_MD_free(md);
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

	/* The signer's digest may differ from the data groups' (SHA-256
	 * hashes signed with ECDSA-SHA384): by default it is the same. */
	if (!load_digest_name(kf, "hash-algorithm", "SHA256", &p->hash_algorithm, error) ||
	    !load_digest_name(kf, "signature-digest", NULL, &p->signature_digest, error))
		return FALSE;

	scheme = td_vchip_key_text(kf, GROUP_SECURITY, "signature-scheme", FALSE, &error_local);
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

	ds_key = td_vchip_key_text(kf, GROUP_SECURITY, "ds-key", FALSE, &error_local);
	if (error_local == NULL)
		ds_cert = td_vchip_key_text(kf, GROUP_SECURITY, "ds-certificate", FALSE, &error_local);
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
		p->ds_key = td_vchip_key_private_key(base_dir, GROUP_SECURITY, "ds-key", ds_key, error);
		if (p->ds_key == NULL)
			return FALSE;
		p->ds_certificate = td_vchip_key_certificate(base_dir, GROUP_SECURITY, "ds-certificate", ds_cert, error);
		if (p->ds_certificate == NULL)
			return FALSE;
		if (X509_check_private_key(p->ds_certificate, p->ds_key) != 1) {
			g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
					    "profile: [security] ds-certificate: does not match ds-key");
			return FALSE;
		}
	}

	aa_type = td_vchip_key_text(kf, GROUP_SECURITY, "aa-key-type", FALSE, &error_local);
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

	aa_key = td_vchip_key_text(kf, GROUP_SECURITY, "aa-key", FALSE, &error_local);
	if (error_local != NULL) {
		g_propagate_error(error, g_steal_pointer(&error_local));
		return FALSE;
	}
	if (aa_key != NULL) {
		gboolean is_rsa;
		p->aa_key = td_vchip_key_private_key(base_dir, GROUP_SECURITY, "aa-key", aa_key, error);
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

	p->aa_rsa_digest = td_vchip_key_text(kf, GROUP_SECURITY, "aa-rsa-digest", FALSE, &error_local);
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
	if (!td_vchip_profile_load_variant(profile, kf, error))
		return NULL;
	if (!td_vchip_profile_load_structure(profile, kf, base_dir, error))
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
	g_free(p->signature_digest);
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
