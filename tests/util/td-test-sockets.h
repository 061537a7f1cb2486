/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How many TCP sockets of this network namespace on local port `port` are
 * in CLOSE-WAIT (the peer closed, this end never did), IPv4 and IPv6, from
 * /proc/net/tcp and /proc/net/tcp6. */
guint td_test_count_close_wait(guint port);
/* Waits up to timeout_ms for that count to reach 0 and returns the count
 * then: a server that closes its end does so within moments. */
guint td_test_wait_close_wait_gone(guint port, guint timeout_ms);

G_END_DECLS
