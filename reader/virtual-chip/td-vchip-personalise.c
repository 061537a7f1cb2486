/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <openssl/core_names.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>
#include <string.h>

#include "td-access-key.h"
#include "td-bac.h"
#include "td-lds-files.h"
#include "td-reader-error.h"
#include "td-security-infos.h"
#include "td-sod-builder.h"
#include "td-vchip-active-auth.h"
#include "td-vchip-lds.h"
#include "td-vchip-pace.h"
#include "td-vchip-personalise.h"
#include "td-vchip-structure.h"
#include "td-vchip-tamper.h"

gboolean
td_vchip_make_ephemeral_ds(EVP_PKEY **key_out, X509 **cert_out, GError **error)
{
	EVP_PKEY *key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	X509 *cert = NULL;
	X509_NAME *name;
	guint8 serial[8];
	BIGNUM *bn = NULL;

	if (key == NULL)
		goto fail;
	cert = X509_new();
	if (cert == NULL || X509_set_version(cert, 2) != 1)
		goto fail;
	if (RAND_bytes(serial, sizeof serial) != 1)
		goto fail;
	serial[0] &= 0x7F;
	bn = BN_bin2bn(serial, sizeof serial, NULL);
	if (bn == NULL || BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert)) == NULL)
		goto fail;
	X509_gmtime_adj(X509_getm_notBefore(cert), -24 * 3600);
	X509_gmtime_adj(X509_getm_notAfter(cert), (long)10 * 365 * 24 * 3600);
	name = X509_get_subject_name(cert);
	X509_NAME_add_entry_by_txt(name, "C", MBSTRING_UTF8, (const guint8 *)"VN", -1, -1, 0);
	X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, (const guint8 *)"tiepdon virtual chip", -1, -1, 0);
	X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, (const guint8 *)"Ephemeral Document Signer", -1, -1, 0);
	if (X509_set_issuer_name(cert, name) != 1 || X509_set_pubkey(cert, key) != 1)
		goto fail;
	if (X509_sign(cert, key, EVP_sha256()) <= 0)
		goto fail;
	BN_free(bn);
	*key_out = key;
	*cert_out = cert;
	return TRUE;
fail:
	BN_free(bn);
	X509_free(cert);
	EVP_PKEY_free(key);
	g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_CRYPTO,
			    "cannot make an ephemeral document signer");
	return FALSE;
}

static gboolean
derive_bac_keys(TdVchipCardData *data, const TdVchipProfile *p, GError **error)
{
	TdAccessKey key = {.kind = TD_ACCESS_KEY_BAC};
	gchar *mrz_information;
	g_autoptr(TdSecret) seed = NULL;

	memcpy(key.document_number, p->id_number + 3, 9);
	td_vchip_date_yymmdd(p->date_of_birth, key.birth_yymmdd);
	if (td_vchip_is_no_expiry(p->expiry_date))
		memcpy(key.expiry_yymmdd, "991231", 7);
	else
		td_vchip_date_yymmdd(p->expiry_date, key.expiry_yymmdd);
	mrz_information = td_access_key_mrz_information(&key);
	td_memwipe(&key, sizeof key);
	data->mrz_information = g_strdup(mrz_information);
	if (mrz_information == NULL) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
				    "profile: [citizen] cannot form the BAC key from id-number and dates");
		return FALSE;
	}
	seed = td_bac_key_seed(mrz_information);
	td_str_clear_free(mrz_information);
	if (seed == NULL) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_CRYPTO, "BAC key seed failed");
		return FALSE;
	}
	data->k_enc = td_kdf_3des(seed->data, seed->len, 1);
	data->k_mac = td_kdf_3des(seed->data, seed->len, 2);
	if (data->k_enc == NULL || data->k_mac == NULL) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_CRYPTO, "BAC key derivation failed");
		return FALSE;
	}
	return TRUE;
}

static void
add_file(TdVchipCardData *data, guint16 fid, GBytes *contents)
{
	g_hash_table_replace(data->files, GUINT_TO_POINTER(fid), contents);
}

/* Another key like `like` (same type and domain parameters): what a clone
 * holds instead of the genuine chip's private key. */
static EVP_PKEY *
generate_key_like(EVP_PKEY *like, GError **error)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, like, NULL);
	EVP_PKEY *key = NULL;
	if (ctx == NULL || EVP_PKEY_keygen_init(ctx) != 1 || EVP_PKEY_keygen(ctx, &key) != 1) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_CRYPTO, "cannot generate a clone's key");
		key = NULL;
	}
	EVP_PKEY_CTX_free(ctx);
	return key;
}

/* Active authentication: DG15's key and the one the chip signs with. */
static gboolean
setup_active_auth(TdVchipCardData *data, const TdVchipProfile *p, GError **error)
{
	if (!p->active_auth)
		return TRUE; /* no DG15, no INTERNAL AUTHENTICATE */
	if (p->aa_key != NULL) {
		EVP_PKEY_up_ref(p->aa_key);
		data->aa_key = p->aa_key;
	} else {
		data->aa_key = td_vchip_aa_generate_key(p->aa_key_type, error);
		if (data->aa_key == NULL)
			return FALSE;
	}
	if (p->aa_key_mismatch) {
		data->aa_sign_key = td_vchip_aa_generate_key(p->aa_key_type, error);
		return data->aa_sign_key != NULL;
	}
	EVP_PKEY_up_ref(data->aa_key);
	data->aa_sign_key = data->aa_key;
	return TRUE;
}

/* The OID DG14's ActiveAuthenticationInfo names: the profile's
 * aa-signature-oid, checked when it was loaded. */
static const gchar *
aa_signature_oid(const TdVchipProfile *p)
{
	const TdVchipAaSignature *signature = td_vchip_aa_signature_lookup(p->aa_signature);
	return signature != NULL ? signature->oid : NULL;
}

/* DG14: chip authentication (keys and protocol) where the profile has it,
 * and the ActiveAuthenticationInfo of an EC active-authentication key. The
 * chip keeps the CA private key (a clone's own, on ca-key-mismatch). */
static GBytes *
build_dg14(TdVchipCardData *data, const TdVchipProfile *p, GError **error)
{
	EVP_PKEY *dg14_key;
	GBytes *file;

	if (!p->chip_auth) {
		/* Real chips without chip authentication and without an EC
		 * active-authentication key have no DG14 at all. */
		if (data->aa_key == NULL || !EVP_PKEY_is_a(data->aa_key, "EC"))
			return g_bytes_new(NULL, 0);
		return td_vchip_build_dg14(NULL, NULL, NULL, data->aa_key, aa_signature_oid(p), error);
	}
	if (p->chip_auth_key != NULL) {
		EVP_PKEY_up_ref(p->chip_auth_key);
		dg14_key = p->chip_auth_key;
	} else {
		dg14_key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "brainpoolP256r1");
		if (dg14_key == NULL) {
			g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_CRYPTO,
					    "cannot generate the chip-authentication key");
			return NULL;
		}
	}
	if (p->chip_auth_key_explicit &&
	    EVP_PKEY_set_utf8_string_param(dg14_key, OSSL_PKEY_PARAM_EC_ENCODING, OSSL_PKEY_EC_ENCODING_EXPLICIT) != 1) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_CRYPTO,
				    "cannot write the chip-authentication key's curve out");
		EVP_PKEY_free(dg14_key);
		return NULL;
	}
	if (p->chip_auth_two_keys) {
		data->other_ca_key = generate_key_like(dg14_key, error);
		if (data->other_ca_key == NULL) {
			EVP_PKEY_free(dg14_key);
			return NULL;
		}
	}
	file = td_vchip_build_dg14(dg14_key, data->other_ca_key, p->chip_auth_protocol, data->aa_key,
				   aa_signature_oid(p), error);
	if (file != NULL && p->ca_key_mismatch) {
		data->ca_key = generate_key_like(dg14_key, error);
		if (data->ca_key == NULL)
			g_clear_pointer(&file, g_bytes_unref);
		EVP_PKEY_free(dg14_key);
	} else {
		data->ca_key = dg14_key;
	}
	data->ca_protocol = g_strdup(p->chip_auth_protocol);
	return file;
}

/* EF.CardAccess: PACE with the profile's domain parameters, and the
 * chip-authentication protocol as real cards repeat it there. The chip
 * keeps it parsed, as a terminal would read it, for its side of PACE. */
static gboolean
setup_pace(TdVchipCardData *data, const TdVchipProfile *p, GError **error)
{
	GBytes *file;

	if (!p->pace)
		return TRUE;
	file = td_vchip_build_card_access(p->pace_parameter_id, p->pace_cipher, p->chip_auth ? p->chip_auth_protocol : NULL, error);
	if (file == NULL)
		return FALSE;
	data->card_access = td_card_access_parse(file, error);
	if (data->card_access == NULL) {
		g_bytes_unref(file);
		return FALSE;
	}
	if (p->card_access_not_a_set) {
		/* what the chip serves: the SET's tag made a SEQUENCE's */
		guint8 *broken = g_memdup2(g_bytes_get_data(file, NULL), g_bytes_get_size(file));
		broken[0] = 0x30;
		add_file(data, TD_FILE_CARD_ACCESS, g_bytes_new_take(broken, g_bytes_get_size(file)));
		g_bytes_unref(file);
	} else {
		add_file(data, TD_FILE_CARD_ACCESS, file);
	}
	data->can = g_strdup(p->id_number + strlen(p->id_number) - 6);
	return TRUE;
}

TdVchipCardData *
td_vchip_personalise(const TdVchipProfile *p, GError **error)
{
	g_autoptr(TdVchipCardData) data = g_new0(TdVchipCardData, 1);
	g_autofree gchar *mrz = NULL;
	EVP_PKEY *ds_key = NULL;
	GBytes *file;
	GBytes *sod;
	static const guint sod_dgs[] = {1, 2, 3, 13, 14, 15};
	TdSodDataGroup groups[G_N_ELEMENTS(sod_dgs)];
	guint n_groups = 0;

	data->files = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, (GDestroyNotify)g_bytes_unref);
	data->aa_rsa_digest = td_vchip_aa_scheme_new(p);

	if (!derive_bac_keys(data, p, error))
		return NULL;

	if (!setup_active_auth(data, p, error) || !setup_pace(data, p, error))
		return NULL;

	add_file(data, TD_FILE_COM, td_vchip_build_com());
	mrz = td_vchip_build_mrz(p, error);
	if (mrz == NULL)
		return NULL;
	add_file(data, TD_FILE_DG1, td_vchip_build_dg1(mrz));
	td_memwipe(mrz, strlen(mrz));
	file = td_vchip_build_dg2(p->photo_jpeg, g_strcmp0(p->sex, "Nam") != 0, error);
	if (file == NULL)
		return NULL;
	add_file(data, TD_FILE_DG2, file);
	add_file(data, TD_FILE_DG3, td_vchip_build_dg3_placeholder());
	if (p->structure != NULL && td_card_structure_get_file(p->structure, TD_FILE_DG13) != NULL &&
	    td_card_structure_get_file(p->structure, TD_FILE_DG13)->tree != NULL) {
		file = td_vchip_build_dg13_from_structure(p, td_card_structure_get_file(p->structure, TD_FILE_DG13)->tree,
							  error);
		if (file == NULL)
			return NULL;
		add_file(data, TD_FILE_DG13, file);
	} else {
		add_file(data, TD_FILE_DG13, td_vchip_build_dg13(p));
	}
	file = build_dg14(data, p, error);
	if (file != NULL && p->dg14_slip != TD_VCHIP_DG14_READABLE) {
		gboolean key = p->dg14_slip == TD_VCHIP_DG14_CHIP_AUTH_KEY_UNREADABLE;
		GBytes *slipped = td_vchip_dg14_make_entry_unreadable(file, key ? TD_OID_ID_PK "." : TD_OID_ACTIVE_AUTH_INFO,
								      key ? 1 : 2, error);
		g_bytes_unref(file);
		file = slipped;
	}
	if (file == NULL)
		return NULL;
	if (g_bytes_get_size(file) > 0)
		add_file(data, TD_FILE_DG14, file);
	else
		g_bytes_unref(file);
	if (data->aa_key != NULL) {
		file = td_vchip_build_dg15(data->aa_key, error);
		if (file == NULL)
			return NULL;
		add_file(data, TD_FILE_DG15, file);
	}

	/* EF.SOD hashes DG3 too, as real cards do, though nobody without EAC
	 * reads it: readers must cope with "listed but not read". */
	for (guint i = 0; i < G_N_ELEMENTS(sod_dgs); i++) {
		GBytes *contents = g_hash_table_lookup(data->files, GUINT_TO_POINTER(TD_DG_FILE_ID(sod_dgs[i])));
		if (contents == NULL)
			continue; /* DG14/DG15 on a chip without them */
		groups[n_groups].dg_number = sod_dgs[i];
		groups[n_groups++].contents = contents;
	}
	if (p->ds_key != NULL) {
		ds_key = p->ds_key;
		EVP_PKEY_up_ref(ds_key);
		X509_up_ref(p->ds_certificate);
		data->ds_certificate = p->ds_certificate;
	} else if (!td_vchip_make_ephemeral_ds(&ds_key, &data->ds_certificate, error)) {
		return NULL;
	}
	sod = td_sod_build(p->hash_algorithm, p->signature_digest, groups, n_groups, ds_key, data->ds_certificate,
			   p->sod_rsa_pss ? TD_SOD_SIGNATURE_RSA_PSS : TD_SOD_SIGNATURE_DEFAULT, error);
	EVP_PKEY_free(ds_key);
	if (sod == NULL)
		return NULL;
	if (p->break_sod_signature) {
		GBytes *broken = td_vchip_break_sod_signature(sod, error);
		g_bytes_unref(sod);
		if (broken == NULL)
			return NULL;
		sod = broken;
	}
	add_file(data, TD_FILE_SOD, sod);
	if (p->tamper_dg != 0) {
		guint16 fid = TD_DG_FILE_ID(p->tamper_dg);
		GBytes *original = g_hash_table_lookup(data->files, GUINT_TO_POINTER(fid));
		if (original == NULL) {
			g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
				    "profile: [variant] tamper-dg: this chip has no DG%u", p->tamper_dg);
			return NULL;
		}
		file = td_vchip_tamper_data_group(original, p->tamper_dg, error);
		if (file == NULL)
			return NULL;
		add_file(data, fid, file);
	}
	return g_steal_pointer(&data);
}

void
td_vchip_card_data_free(TdVchipCardData *data)
{
	if (data == NULL)
		return;
	g_clear_pointer(&data->files, g_hash_table_unref);
	td_secret_clear_free(data->k_enc);
	td_secret_clear_free(data->k_mac);
	td_str_clear_free(data->mrz_information);
	td_str_clear_free(data->can);
	g_clear_pointer(&data->card_access, td_security_infos_free);
	EVP_PKEY_free(data->aa_key);
	EVP_PKEY_free(data->aa_sign_key);
	EVP_PKEY_free(data->ca_key);
	EVP_PKEY_free(data->other_ca_key);
	g_free(data->ca_protocol);
	X509_free(data->ds_certificate);
	g_free(data->aa_rsa_digest);
	g_free(data);
}
