/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <openssl/evp.h>

#include "td-vchip.h"

G_BEGIN_DECLS

/* What the virtual chip's tests share. */

/* The active-authentication public key the chip's DG15 holds, as a reader
 * would see it (a new reference). */
EVP_PKEY *td_test_vchip_dg15_key(TdVchip *chip);

/* A file read in parts: appends part (never empty) to file; TRUE while the
 * file's outer TLV, as its first part announces it, is not whole yet.
 * *total starts at 0. */
gboolean td_test_vchip_file_add_part(GByteArray *file, GBytes *part, gsize *total);

G_END_DECLS
