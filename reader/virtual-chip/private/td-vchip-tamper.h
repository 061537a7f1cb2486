/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Forgeries for the verification tests: files changed after the Document
 * Signer signed EF.SOD, the way an attacker who edits a card's data (or
 * its signature) would leave them. Each change keeps the file's structure
 * intact, so that a reader still parses it and only the check against
 * EF.SOD can tell. */

/* A copy of data group dg_number's file (the whole EF) with one byte of its
 * value changed: DG1 the last letter of the name (the MRZ check digits stay
 * right), DG13 the last digit in its strings (an ID number or a date), DG2 a byte of the JPEG's
 * entropy-coded data, DG14 and DG15 the last byte (a key or OID byte). */
GBytes *td_vchip_tamper_data_group(GBytes *file, guint dg_number, GError **error);

/* A copy of EF.SOD whose SignerInfo signature has its last byte flipped (for
 * ECDSA that is the last byte of s, so the DER stays well formed). */
GBytes *td_vchip_break_sod_signature(GBytes *sod, GError **error);

G_END_DECLS
