/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* SecurityInfos (BSI TR-03110 / ICAO 9303-11 §9.2): the SET OF SecurityInfo
 * in EF.CardAccess (PACE) and in DG14 (chip and active authentication).
 * Parsed here once, and only here: PACE (terminal and card side), chip
 * authentication, active authentication and the verdict all take this
 * structure or items of it. Integers the card leaves out are -1. OIDs are
 * dotted strings; where the last arcs of a protocol OID name its variant
 * (BSI TR-03110-3 A.1.1), they come decoded too, as the card wrote them
 * (0 for an arc too large to name anything): the protocol code decides
 * which variants it runs. */

/* id-PACE, id-CA and id-PK; the variant arcs follow. */
#define TD_OID_ID_PACE "0.4.0.127.0.7.2.2.4"
#define TD_OID_ID_CA "0.4.0.127.0.7.2.2.3"
#define TD_OID_ID_PK "0.4.0.127.0.7.2.2.1"
#define TD_OID_ACTIVE_AUTH_INFO "2.23.136.1.1.5"
#define TD_OID_TERMINAL_AUTH "0.4.0.127.0.7.2.2.2"

/* The key-agreement arc of id-CA-* and id-PK-*. */
typedef enum {
	TD_KEY_AGREEMENT_DH = 1,
	TD_KEY_AGREEMENT_ECDH = 2,
} TdKeyAgreement;

/* The mapping arc of id-PACE-*. */
typedef enum {
	TD_PACE_MAPPING_DH_GM = 1,
	TD_PACE_MAPPING_ECDH_GM = 2,
	TD_PACE_MAPPING_DH_IM = 3,
	TD_PACE_MAPPING_ECDH_IM = 4,
	TD_PACE_MAPPING_ECDH_CAM = 6,
} TdPaceMapping;

/* The last arc of id-PACE-* and id-CA-*: the secure-messaging cipher. */
typedef enum {
	TD_SECURITY_CIPHER_3DES = 1,	/* 3DES-CBC-CBC */
	TD_SECURITY_CIPHER_AES_128 = 2, /* AES-CBC-CMAC-128 */
	TD_SECURITY_CIPHER_AES_192 = 3,
	TD_SECURITY_CIPHER_AES_256 = 4,
} TdSecurityCipher;

typedef struct {
	gchar *protocol;     /* e.g. 0.4.0.127.0.7.2.2.4.2.2 (ECDH-GM-AES-128) */
	guint mapping;	     /* TdPaceMapping, as written */
	guint cipher;	     /* TdSecurityCipher, as written */
	gint64 version;
	gint64 parameter_id; /* standardized domain parameters, e.g. 13, or -1 */
} TdPaceInfo;

typedef struct {
	gchar *protocol;      /* e.g. 0.4.0.127.0.7.2.2.3.2.2 (CA-ECDH-AES-128) */
	guint key_agreement;  /* TdKeyAgreement, as written */
	guint cipher;	      /* TdSecurityCipher, as written */
	gint64 version;
	gint64 key_id;	      /* or -1 */
} TdChipAuthInfo;

typedef struct {
	gchar *protocol;		 /* id-PK-DH / id-PK-ECDH */
	guint key_agreement;		 /* TdKeyAgreement, as written */
	GBytes *subject_public_key_info; /* DER SubjectPublicKeyInfo */
	gint64 key_id;			 /* or -1 */
} TdChipAuthPublicKeyInfo;

typedef struct {
	gchar *protocol; /* 2.23.136.1.1.5 */
	gint64 version;
	gchar *signature_algorithm; /* e.g. 0.4.0.127.0.7.1.1.4.1.3 (ecdsa-plain-SHA256) */
} TdActiveAuthInfo;

/* Anything else (domain parameter infos, TA, EF.DIR...), kept whole. */
typedef struct {
	gchar *protocol;
	GBytes *der; /* the whole SecurityInfo SEQUENCE */
} TdOtherSecurityInfo;

/* What an unreadable SecurityInfo was, as far as its OID tells. */
typedef enum {
	TD_SECURITY_INFO_UNKNOWN, /* not even its OID could be read */
	TD_SECURITY_INFO_PACE,
	TD_SECURITY_INFO_CHIP_AUTH,	       /* a ChipAuthenticationInfo */
	TD_SECURITY_INFO_CHIP_AUTH_PUBLIC_KEY, /* a ChipAuthenticationPublicKeyInfo */
	TD_SECURITY_INFO_ACTIVE_AUTH,
	TD_SECURITY_INFO_OTHER,
} TdSecurityInfoKind;

/* A SecurityInfo the parser could not read; the others are kept. */
typedef struct {
	guint index;		 /* its place in the SET, from 0 */
	TdSecurityInfoKind kind;
	gchar *protocol;	 /* dotted, or NULL when the OID was unreadable */
	gchar *reason;		 /* what is wrong with it, for the verdict */
} TdUnreadableSecurityInfo;

typedef struct {
	GBytes *der;			  /* the SET (tag 31) */
	GPtrArray *pace_infos;		  /* of TdPaceInfo */
	GPtrArray *chip_auth_infos;	  /* of TdChipAuthInfo */
	GPtrArray *chip_auth_public_keys; /* of TdChipAuthPublicKeyInfo */
	GPtrArray *active_auth_infos;	  /* of TdActiveAuthInfo */
	GPtrArray *other_infos;		  /* of TdOtherSecurityInfo */
	GPtrArray *unreadable_infos;	  /* of TdUnreadableSecurityInfo */
	gboolean has_terminal_auth;	  /* a TerminalAuthenticationInfo is there */
} TdSecurityInfos;

/* der: one DER SET OF SecurityInfo, nothing after it. Fails (MALFORMED)
 * only when the SET itself is not there; a SecurityInfo that cannot be read
 * goes to unreadable_infos and the others are kept (see the .c for why). */
TdSecurityInfos *td_security_infos_parse(const guint8 *der, gsize len, GError **error);
/* DG14: tag 6E around the SET. */
TdSecurityInfos *td_dg14_parse(GBytes *file, GError **error);
/* EF.CardAccess: the SET itself, no outer tag. */
TdSecurityInfos *td_card_access_parse(GBytes *file, GError **error);
void td_security_infos_free(TdSecurityInfos *infos);

/* The first unreadable SecurityInfo of this kind, or NULL. */
const TdUnreadableSecurityInfo *td_security_infos_find_unreadable(const TdSecurityInfos *infos, TdSecurityInfoKind kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdSecurityInfos, td_security_infos_free)

G_END_DECLS
