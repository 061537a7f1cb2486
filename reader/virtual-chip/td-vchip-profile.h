/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

G_BEGIN_DECLS

/* A personalisation profile: who the virtual card belongs to, how its
 * security objects are made and which quirks of real chips it copies. The
 * format is documented in profiles/example.ini. Holds personal data: freed
 * with a wipe. */

typedef enum {
	TD_VCHIP_DG13_PARENTS_ONE_SEQUENCE,  /* SEQ{13, SEQ{father, mother}} */
	TD_VCHIP_DG13_PARENTS_TWO_SEQUENCES, /* SEQ{13, SEQ{father}, SEQ{mother}} */
} TdVchipParentNesting;

typedef enum {
	TD_VCHIP_AA_KEY_EC_P256,
	TD_VCHIP_AA_KEY_EC_BRAINPOOL_P256R1,
	TD_VCHIP_AA_KEY_RSA_2048,
} TdVchipAaKeyType;

/* What a too-large Le gets. */
typedef enum {
	TD_VCHIP_TOO_LARGE_LE_6700, /* wrong length */
	TD_VCHIP_TOO_LARGE_LE_6CXX, /* "wrong Le, xx is right" */
} TdVchipTooLargeLe;

typedef struct {
	/* [citizen]: the DG13 fields, UTF-8, as printed on the card */
	gchar *id_number;	 /* 12 digits */
	gchar *full_name;
	gchar *date_of_birth;	 /* dd/mm/yyyy */
	gchar *sex;		 /* "Nam" or "Nữ" */
	gchar *nationality;	 /* NULL = left out of DG13 */
	gchar *ethnicity;
	gchar *religion;
	gchar *place_of_origin;
	gchar *place_of_residence;
	gchar *identification_features;
	gchar *issue_date;	 /* dd/mm/yyyy */
	gchar *expiry_date;	 /* dd/mm/yyyy or "Không thời hạn" */
	gchar *father;
	gchar *mother;
	gchar *spouse;
	gchar *old_id_number;	 /* 9 digits */
	GBytes *photo_jpeg;

	/* [security] */
	gchar *hash_algorithm;	 /* OpenSSL digest name, e.g. "SHA256" */
	gboolean sod_rsa_pss;
	EVP_PKEY *ds_key;	 /* NULL: an ephemeral DS is made */
	X509 *ds_certificate;
	gboolean active_auth;	 /* DG15 + INTERNAL AUTHENTICATE */
	TdVchipAaKeyType aa_key_type;
	EVP_PKEY *aa_key;	 /* NULL: generated at personalisation */
	gchar *aa_rsa_digest;	 /* "SHA1" (trailer BC) or "SHA256" (34CC) */
	gboolean pace;		 /* EF.CardAccess + PACE; BAC always works */
	gint pace_parameter_id;	 /* standardized domain parameters, 13 */
	gboolean chip_auth;	 /* chip authentication keys in DG14 */
	gchar *chip_auth_protocol; /* "id-CA-ECDH-AES-CBC-CMAC-128", ... */
	EVP_PKEY *chip_auth_key; /* NULL: generated (brainpoolP256r1) */

	/* [variant] */
	guint max_le;		 /* 1..65536; short APDUs cap it at 256 */
	TdVchipTooLargeLe too_large_le_sw;
	gboolean extended_length;
	gboolean omit_do99;
	TdVchipParentNesting dg13_parent_nesting;
	gboolean eof_warning;	 /* 6282 when Le runs past the end */
	/* EC active authentication: the signature algorithm DG14 names
	 * (aa-signature-oid, a td_vchip_aa_signature_lookup() name) and
	 * whether the chip answers DER rather than r || s. */
	gchar *aa_signature;
	gboolean aa_signature_der;
	/* Forgeries and clones, for the verification tests. */
	guint tamper_dg;	 /* 0 or a data group changed after signing */
	gboolean break_sod_signature;
	gboolean aa_key_mismatch; /* INTERNAL AUTHENTICATE uses another key */
	gboolean ca_key_mismatch; /* the CA private key is not DG14's */
	gboolean pace_refuse;	 /* PACE announced, MSE:Set AT answers 6A80 */
} TdVchipProfile;

/* base_dir: where relative paths (photo, PEM files) are taken from. Every
 * error names the offending key, in TD_READER_ERROR_INVALID_INPUT. */
TdVchipProfile *td_vchip_profile_new_from_keyfile(GKeyFile *kf, const gchar *base_dir, GError **error);
void td_vchip_profile_free(TdVchipProfile *profile);

/* The dotted OID of a chip-authentication protocol the virtual chip offers
 * ("id-CA-ECDH-AES-CBC-CMAC-128" -> "0.4.0.127.0.7.2.2.3.2.2"), else NULL. */
const gchar *td_vchip_chip_auth_protocol_oid(const gchar *name);

/* "15/03/1958" -> TRUE with day, month, year; strict. */
gboolean td_vchip_parse_date(const gchar *text, guint *day, guint *month, guint *year);
/* "Không thời hạn" (the card has no expiry), case as printed. */
gboolean td_vchip_is_no_expiry(const gchar *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdVchipProfile, td_vchip_profile_free)

G_END_DECLS
