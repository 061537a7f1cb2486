/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* SecurityInfos (BSI TR-03110 / ICAO 9303-11 §9.2): the SET OF SecurityInfo
 * in EF.CardAccess (PACE) and in DG14 (chip and active authentication).
 * Integers the card leaves out are -1. OIDs are dotted strings. */
typedef struct {
	gchar *protocol;     /* e.g. 0.4.0.127.0.7.2.2.4.2.2 (ECDH-GM-AES-128) */
	gint64 version;
	gint64 parameter_id; /* standardized domain parameters, e.g. 13, or -1 */
} TdPaceInfo;

typedef struct {
	gchar *protocol; /* e.g. 0.4.0.127.0.7.2.2.3.2.2 (CA-ECDH-AES-128) */
	gint64 version;
	gint64 key_id;	 /* or -1 */
} TdChipAuthInfo;

typedef struct {
	gchar *protocol;	       /* id-PK-DH / id-PK-ECDH */
	GBytes *subject_public_key_info; /* DER SubjectPublicKeyInfo */
	gint64 key_id;		       /* or -1 */
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

typedef struct {
	GBytes *der;			 /* the SET (tag 31), for OpenPACE */
	GPtrArray *pace_infos;		 /* of TdPaceInfo */
	GPtrArray *chip_auth_infos;	 /* of TdChipAuthInfo */
	GPtrArray *chip_auth_public_keys; /* of TdChipAuthPublicKeyInfo */
	GPtrArray *active_auth_infos;	 /* of TdActiveAuthInfo */
	GPtrArray *other_infos;		 /* of TdOtherSecurityInfo */
	gboolean has_terminal_auth;	 /* a TerminalAuthenticationInfo is there */
} TdSecurityInfos;

#define TD_OID_ACTIVE_AUTH_INFO "2.23.136.1.1.5"
#define TD_OID_TERMINAL_AUTH "0.4.0.127.0.7.2.2.2"

/* der: one DER SET OF SecurityInfo, nothing after it. */
TdSecurityInfos *td_security_infos_parse(const guint8 *der, gsize len, GError **error);
/* DG14: tag 6E around the SET. */
TdSecurityInfos *td_dg14_parse(GBytes *file, GError **error);
/* EF.CardAccess: the SET itself, no outer tag. */
TdSecurityInfos *td_card_access_parse(GBytes *file, GError **error);
void td_security_infos_free(TdSecurityInfos *infos);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdSecurityInfos, td_security_infos_free)

G_END_DECLS
