/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <openssl/evp.h>

G_BEGIN_DECLS

/* DG15 (tag 6F): the active-authentication public key. */
typedef struct {
	EVP_PKEY *public_key;	       /* RSA or EC */
	GBytes *subject_public_key_info; /* the DER as stored */
} TdDg15;

TdDg15 *td_dg15_parse(GBytes *file, GError **error);
void td_dg15_free(TdDg15 *dg15);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdDg15, td_dg15_free)

G_END_DECLS
