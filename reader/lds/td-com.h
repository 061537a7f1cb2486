/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* EF.COM (tag 60): LDS and Unicode versions and the list of data groups the
 * chip says it holds. Not signed: only a hint of what to read. */
typedef struct {
	gchar *lds_version;	/* "0107" */
	gchar *unicode_version; /* "040000" */
	GArray *dg_numbers;	/* guint, in the order of the tag list */
} TdCom;

TdCom *td_com_parse(GBytes *file, GError **error);
gboolean td_com_has_dg(const TdCom *com, guint dg_number);
void td_com_free(TdCom *com);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdCom, td_com_free)

G_END_DECLS
