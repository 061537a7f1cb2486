/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <openssl/evp.h>

#include "td-vchip.h"

G_BEGIN_DECLS

/* What the virtual chip's tests share. */

/* The active-authentication public key the chip's DG15 holds, as a reader
 * would see it (a new reference). */
EVP_PKEY *td_test_vchip_dg15_key(TdVchip *chip);

G_END_DECLS
