/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "td-card-structure.h"
#include "td-vchip-profile.h"

G_BEGIN_DECLS

/* DG13 laid out exactly as a field card's structure dump shows it (the same
 * containers, entry order, nesting and string types), filled with the
 * profile's citizen: entry n's k-th string takes the profile's value for n
 * (13: father then mother), in the dumped string type. A string the
 * profile has no value for is left empty; entry 16 gets hexadecimal zeros
 * of the dumped length. */
GBytes *td_vchip_build_dg13_from_structure(const TdVchipProfile *profile, const TdStructureNode *dg13, GError **error);

G_END_DECLS
