/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A structure dump comes from outside (a staff member's file, sent in): the
 * loader must refuse anything that is not one without crashing, and what
 * it accepts must write out again. The first byte picks the other parser:
 * the bytes-to-tree walker every dump is made with. */
#include <stdint.h>

#include "td-card-structure.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	if (data[0] == 'T') {
		g_autoptr(TdStructureNode) node = td_structure_node_new_from_bytes(data + 1, size - 1);
		(void)td_structure_node_find_oid(node, "1.0.10646");
	} else {
		g_autoptr(TdCardStructure) structure = td_card_structure_new_from_json((const gchar *)data, (gssize)size, NULL);
		if (structure != NULL) {
			g_autofree gchar *json = td_card_structure_to_json(structure);
			g_autoptr(TdCardStructure) again = td_card_structure_new_from_json(json, -1, NULL);
			g_assert_nonnull(again);
		}
	}
	return 0;
}
