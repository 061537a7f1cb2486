/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "td-secret.h"
#include "td-security-infos.h"
#include "td-vchip-profile.h"

G_BEGIN_DECLS

/* What personalisation leaves on the chip: its files, its access keys and
 * its private keys. Everything is wiped when freed. */
typedef struct {
	GHashTable *files; /* GUINT_TO_POINTER(fid) -> GBytes, EF.SOD included */
	TdSecret *k_enc;   /* BAC Kenc, Kmac from the MRZ information */
	TdSecret *k_mac;
	gchar *mrz_information; /* PACE's MRZ password */
	gchar *can;		/* PACE's CAN: the last 6 digits of the ID */
	TdSecurityInfos *card_access; /* EF.CardAccess, parsed (the file is in
				       * files); NULL: no PACE */
	EVP_PKEY *aa_key;	/* DG15's key */
	EVP_PKEY *aa_sign_key;	/* what INTERNAL AUTHENTICATE signs with: aa_key,
				 * or another key on a clone */
	gchar *aa_rsa_digest;	/* how INTERNAL AUTHENTICATE signs: the scheme of
				 * td_vchip_aa_sign() (the name is older than
				 * EC signatures with a choice) */
	EVP_PKEY *ca_key;	/* chip-authentication private key (a clone's
				 * does not match DG14); NULL: no CA */
	gchar *ca_protocol;	/* e.g. "id-CA-ECDH-AES-CBC-CMAC-128" */
	EVP_PKEY *other_ca_key; /* [variant] chip-auth-two-keys: DG14's keyId
				 * 1 (ca_key is 2); NULL: one key, no keyId */
	X509 *ds_certificate; /* the one that signed EF.SOD */
} TdVchipCardData;

TdVchipCardData *td_vchip_personalise(const TdVchipProfile *profile, GError **error);
void td_vchip_card_data_free(TdVchipCardData *data);

/* An ephemeral Document Signer: a P-256 key and a self-signed certificate
 * valid from yesterday for ten years. */
gboolean td_vchip_make_ephemeral_ds(EVP_PKEY **key, X509 **certificate, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdVchipCardData, td_vchip_card_data_free)

G_END_DECLS
