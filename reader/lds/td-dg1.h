/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "td-mrz.h"

G_BEGIN_DECLS

/* DG1 (tag 61): the machine-readable zone, as printed on the card. */
typedef struct {
	TdMrz *mrz;
} TdDg1;

TdDg1 *td_dg1_parse(GBytes *file, GError **error);
void td_dg1_free(TdDg1 *dg1);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdDg1, td_dg1_free)

G_END_DECLS
