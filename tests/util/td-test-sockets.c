/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "td-test-sockets.h"

/* include/net/tcp_states.h */
#define TD_TCP_CLOSE_WAIT 0x08

static guint
count_in(const gchar *table, guint port)
{
	g_autofree gchar *text = NULL;
	g_auto(GStrv) lines = NULL;
	guint count = 0;

	if (!g_file_get_contents(table, &text, NULL, NULL))
		return 0; /* no IPv6 here */
	lines = g_strsplit(text, "\n", -1);
	/* "  sl  local_address rem_address   st ...", then one socket a line:
	 * "   0: 0100007F:A1B2 0100007F:C3D4 08 ..." (addresses and ports in hex) */
	for (guint i = 1; lines[i] != NULL; i++) {
		g_auto(GStrv) fields = g_strsplit_set(g_strstrip(lines[i]), " ", -1);
		const gchar *local = NULL, *state = NULL;
		const gchar *colon;
		guint n = 0;

		for (guint f = 0; fields[f] != NULL; f++) {
			if (fields[f][0] == '\0')
				continue;
			if (n == 1)
				local = fields[f];
			else if (n == 3)
				state = fields[f];
			n++;
		}
		if (local == NULL || state == NULL || (colon = strrchr(local, ':')) == NULL)
			continue;
		if (g_ascii_strtoull(colon + 1, NULL, 16) == port && g_ascii_strtoull(state, NULL, 16) == TD_TCP_CLOSE_WAIT)
			count++;
	}
	return count;
}

guint
td_test_count_close_wait(guint port)
{
	return count_in("/proc/net/tcp", port) + count_in("/proc/net/tcp6", port);
}

guint
td_test_wait_close_wait_gone(guint port, guint timeout_ms)
{
	gint64 deadline = g_get_monotonic_time() + (gint64)timeout_ms * 1000;
	guint count;

	while ((count = td_test_count_close_wait(port)) > 0 && g_get_monotonic_time() < deadline)
		g_usleep(50 * 1000);
	return count;
}
