/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "td-card-structure.h"
#include "td-security-infos.h"

G_BEGIN_DECLS

/* A personalisation profile: who the virtual card belongs to, how its
 * security objects are made and which quirks of real chips it copies. The
 * format is documented in profiles/example.ini. Holds personal data: freed
 * with a wipe. */

typedef enum {
	TD_VCHIP_DG13_PARENTS_ONE_SEQUENCE,  /* SEQ{13, SEQ{father, mother}} */
	TD_VCHIP_DG13_PARENTS_TWO_SEQUENCES, /* SEQ{13, SEQ{father}, SEQ{mother}} */
} TdVchipParentNesting;

/* Where DG13's entries sit (DOMAIN.md §2). */
typedef enum {
	TD_VCHIP_DG13_CONTAINER_SET,		/* 6D{SEQ{INT 1, OID, SET{entries}}}: real cards */
	TD_VCHIP_DG13_CONTAINER_SEQUENCE,	/* 6D{SEQ{INT 1, OID, entries}} */
	TD_VCHIP_DG13_CONTAINER_FLAT,		/* 6D{INT 1, OID, entries} */
	TD_VCHIP_DG13_CONTAINER_EXTRA_SEQUENCE, /* 6D{SEQ{SEQ{INT 1, OID, SET{entries}}}} */
} TdVchipDg13Container;

/* The ASN.1 string type a DG13 entry's text is written in. */
typedef enum {
	TD_VCHIP_STRING_UTF8,	   /* 0C */
	TD_VCHIP_STRING_PRINTABLE, /* 13: the UTF-8 bytes as they are */
	TD_VCHIP_STRING_BMP,	   /* 1E: UCS-2 big-endian */
	TD_VCHIP_STRING_T61,	   /* 14: the UTF-8 bytes as they are */
} TdVchipStringType;

/* DG13 entries are numbered 1..16. */
#define TD_VCHIP_DG13_LAST_ENTRY 16

typedef enum {
	TD_VCHIP_AA_KEY_EC_P256,
	TD_VCHIP_AA_KEY_EC_BRAINPOOL_P256R1,
	TD_VCHIP_AA_KEY_RSA_2048,
} TdVchipAaKeyType;

/* What a too-large Le gets. */
typedef enum {
	TD_VCHIP_TOO_LARGE_LE_6700, /* wrong length */
	TD_VCHIP_TOO_LARGE_LE_6CXX, /* "wrong Le, xx is right" */
	TD_VCHIP_TOO_LARGE_LE_6282, /* "end of file reached", no data (DOMAIN.md §2) */
} TdVchipTooLargeLe;

/* What a Le that runs past the end of the file gets (ISO 7816-4 allows
 * each); in TdVchipPastEnd's order, the words of [variant] past-end-le. */
typedef enum {
	TD_VCHIP_PAST_END_DATA,	 /* what there is (9000, or 6282 with eof-warning) */
	TD_VCHIP_PAST_END_6700,	 /* wrong length, no data */
	TD_VCHIP_PAST_END_6CXX,	 /* "wrong Le, xx is what there is" */
} TdVchipPastEnd;

/* How a chip answers a protected command it refuses without protection (a
 * bare status word), and what it then did with its send sequence counter:
 * written nowhere, and it differs between chips (DOMAIN.md §2). */
typedef enum {
	TD_VCHIP_ANSWER_PROTECTED,	     /* wrapped like any answer */
	TD_VCHIP_ANSWER_BARE,		     /* bare; the command counted, not the answer */
	TD_VCHIP_ANSWER_BARE_COUNTED,	     /* bare; counted as if it had been wrapped */
	TD_VCHIP_ANSWER_BARE_NOT_COUNTED,    /* bare; the command not counted either */
	TD_VCHIP_ANSWER_BARE_SESSION_ENDED,  /* bare, and secure messaging is over */
} TdVchipRefusalAnswer;

/* [variant] unreadable-dg14-entry: which SecurityInfo of DG14 the issuer
 * wrote so that readers cannot read it. */
typedef enum {
	TD_VCHIP_DG14_READABLE,
	TD_VCHIP_DG14_CHIP_AUTH_KEY_UNREADABLE,	   /* the key not a SubjectPublicKeyInfo */
	TD_VCHIP_DG14_AA_ALGORITHM_UNREADABLE, /* the signature algorithm not an OID */
} TdVchipDg14Slip;

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
	gchar *field16;		 /* 16 hex characters, or NULL */
	GBytes *photo_jpeg;

	/* [security] */
	gchar *hash_algorithm;	 /* OpenSSL digest name, e.g. "SHA256" */
	gchar *signature_digest; /* the SOD signer's; NULL: hash_algorithm */
	gboolean sod_rsa_pss;
	EVP_PKEY *ds_key;	 /* NULL: an ephemeral DS is made */
	X509 *ds_certificate;
	gboolean active_auth;	 /* DG15 + INTERNAL AUTHENTICATE */
	TdVchipAaKeyType aa_key_type;
	EVP_PKEY *aa_key;	 /* NULL: generated at personalisation */
	gchar *aa_rsa_digest;	 /* "SHA1" (trailer BC) or "SHA256" (34CC) */
	gboolean pace;		 /* EF.CardAccess + PACE; BAC always works */
	gint pace_parameter_id;	 /* standardized domain parameters, 13 */
	TdSecurityCipher pace_cipher; /* AES-128 */
	gboolean chip_auth;	 /* chip authentication keys in DG14 */
	gchar *chip_auth_protocol; /* "id-CA-ECDH-AES-CBC-CMAC-128", ... */
	EVP_PKEY *chip_auth_key; /* NULL: generated (brainpoolP256r1) */

	/* [variant] */
	guint max_le;		 /* 1..65536; short APDUs cap it at 256 */
	guint max_le_sm;	 /* the same under secure messaging (<= max_le) */
	TdVchipTooLargeLe too_large_le_sw;
	gboolean extended_length;
	gboolean atr_extended_length; /* what the ATR announces */
	/* what a chip without extended length answers an extended command
	 * (extended-refused-sw: 6700 by default; 6A86, 6D00, 6E00, 6F00) */
	guint16 extended_refusal_sw;
	gboolean omit_do99;
	TdVchipParentNesting dg13_parent_nesting;
	TdVchipDg13Container dg13_container;
	/* per entry, index = entry number (0 unused) */
	TdVchipStringType dg13_string_types[TD_VCHIP_DG13_LAST_ENTRY + 1];
	guint32 dg13_omit_entries; /* bit n: entry n left out */
	gboolean dg13_shuffled;	   /* entries in a fixed non-ascending order */
	gboolean eof_warning;	 /* 6282 when Le runs past the end */
	TdVchipPastEnd past_end_le; /* or a refusal instead of the data */
	gboolean t0_get_response; /* case-4 answers' data by GET RESPONSE */
	gboolean chip_auth_two_keys; /* DG14 lists two CA keys, by keyId */
	/* EC active authentication: the signature algorithm DG14 names
	 * (aa-signature-oid, a td_vchip_aa_signature_lookup() name) and
	 * whether the chip answers DER rather than r || s. */
	gchar *aa_signature;
	gboolean aa_signature_der;
	/* Under secure messaging: the answer to a too-large Le, and to a file
	 * that is not there. */
	TdVchipRefusalAnswer sm_wrong_length;
	TdVchipRefusalAnswer sm_file_not_found;
	/* READ BINARY with a short EF identifier: 0 = served, else the status
	 * word the chip answers instead (6A86, 6A81, 6D00...). */
	guint16 sfi_refusal_sw;
	/* The reader re-activates the card (an RF glitch) just before the
	 * first protected command that names this data group (SELECT of its
	 * FID or READ BINARY by its SFI): secure messaging and the selected
	 * application are gone, so that command gets a bare 6982. 0 = never. */
	guint reset_before_dg;
	/* The eMRTD application is selected at power-up (where another
	 * program left it, SCARD_LEAVE_CARD, or as a chip may select it
	 * implicitly): EF.CardAccess, in the MF, is not found from there. */
	gboolean application_selected;
	/* SELECT answers the file's FCP template even when P2 = 0C asks for
	 * none ([variant] select-answers-fcp) */
	gboolean select_answers_fcp;
	/* DG14's chip-authentication key writes its curve's parameters out
	 * ([variant] chip-auth-key-explicit), as TR-03110 chips often do */
	gboolean chip_auth_key_explicit;
	/* from-structure: a card seen in the field (its `tiepdon read
	 * --structure` dump): its DG13 layout and the behaviour above, where
	 * the profile does not set them itself. */
	TdCardStructure *structure;
	/* Forgeries and clones, for the verification tests. */
	guint tamper_dg;	 /* 0 or a data group changed after signing */
	gboolean break_sod_signature;
	gboolean aa_key_mismatch; /* INTERNAL AUTHENTICATE uses another key */
	/* INTERNAL AUTHENTICATE's answer comes with a spoilt secure-messaging
	 * MAC (a flaky contact): the reader cannot read the signature */
	gboolean aa_answer_mac_broken;
	gboolean ca_key_mismatch; /* the CA private key is not DG14's */
	gboolean pace_token_broken; /* PACE's T_IC spoilt: the key taken, never proven */
	TdVchipDg14Slip dg14_slip; /* an issuer's slip in DG14, signed as it is */
	guint16 pace_refusal_sw; /* PACE announced, MSE:Set AT answers this (0: runs it) */
	gboolean card_access_not_a_set; /* EF.CardAccess a SEQUENCE: unreadable */
} TdVchipProfile;

/* base_dir: where relative paths (photo, PEM files) are taken from. Every
 * error names the offending key, in TD_READER_ERROR_INVALID_INPUT. */
TdVchipProfile *td_vchip_profile_new_from_keyfile(GKeyFile *kf, const gchar *base_dir, GError **error);
void td_vchip_profile_free(TdVchipProfile *profile);

/* "15/03/1958" -> TRUE with day, month, year; strict. */
gboolean td_vchip_parse_date(const gchar *text, guint *day, guint *month, guint *year);
/* A birth date as cards carry it: a date, or one whose day, or day and
 * month, are not known, as for many elderly citizens ("00/00/1940",
 * "00/03/1940"): those are 0. */
gboolean td_vchip_parse_birth_date(const gchar *text, guint *day, guint *month, guint *year);
/* "15/03/1958" -> "580315" for the MRZ and the BAC key; a part not known
 * ("00") is filled with '<' (ICAO 9303-3: "00/00/1940" -> "40<<<<"). */
void td_vchip_date_yymmdd(const gchar *ddmmyyyy, gchar out[7]);
/* "Không thời hạn" (the card has no expiry), case as printed. */
gboolean td_vchip_is_no_expiry(const gchar *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdVchipProfile, td_vchip_profile_free)

G_END_DECLS
