/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The USB stick staff plug in to take the figures away: the first drive
 * GIO counts as the user's removable media (g_unix_mount_guess_should_display:
 * mounted under /media or /run/media/USER, not the system's own), a
 * writable one first, in mount-path order. A stick whose write-protect
 * switch is on (mounted read-only) is found too: a save to it says the
 * stick does not take writing, where "no USB stick found" had staff
 * plugging in the one that was there. NULL when there is none. */
gchar *td_usb_drive_find(void);

G_END_DECLS
