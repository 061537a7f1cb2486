/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gunixmounts.h>

#include "td-usb-drive.h"

gchar *
td_usb_drive_find(void)
{
	GList *mounts = g_unix_mounts_get(NULL);
	gchar *found = NULL;
	gboolean found_readonly = FALSE;

	for (GList *l = mounts; l != NULL; l = l->next) {
		GUnixMountEntry *mount = l->data;
		const gchar *path = g_unix_mount_get_mount_path(mount);
		gboolean readonly = g_unix_mount_is_readonly(mount);

		if (!g_unix_mount_guess_should_display(mount))
			continue;
		/* a writable stick first, then in mount-path order */
		if (found == NULL || (found_readonly && !readonly) ||
		    (found_readonly == readonly && g_strcmp0(path, found) < 0)) {
			g_free(found);
			found = g_strdup(path);
			found_readonly = readonly;
		}
	}
	g_list_free_full(mounts, (GDestroyNotify)g_unix_mount_free);
	return found;
}
