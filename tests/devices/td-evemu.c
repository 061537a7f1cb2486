/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <stdio.h>

#include "td-evemu.h"

GArray *
td_evemu_load(const gchar *path, GError **error)
{
	g_autofree gchar *contents = NULL;
	g_auto(GStrv) lines = NULL;
	g_autoptr(GArray) events = g_array_new(FALSE, TRUE, sizeof(struct input_event));

	if (!g_file_get_contents(path, &contents, NULL, error))
		return NULL;
	lines = g_strsplit(contents, "\n", -1);
	for (guint i = 0; lines[i] != NULL; i++) {
		struct input_event event = {0};
		unsigned long sec, usec;
		unsigned int type, code;
		int value;

		if (!g_str_has_prefix(lines[i], "E:"))
			continue;
		if (sscanf(lines[i], "E: %lu.%lu %x %x %d", &sec, &usec, &type, &code, &value) != 5) {
			g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s:%u: not an evemu event line",
				    path, i + 1);
			return NULL;
		}
		event.input_event_sec = (time_t)sec;
		event.input_event_usec = (suseconds_t)usec;
		event.type = (guint16)type;
		event.code = (guint16)code;
		event.value = value;
		g_array_append_val(events, event);
	}
	return g_steal_pointer(&events);
}
