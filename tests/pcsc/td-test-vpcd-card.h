/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A scripted card for the vsmartcard vpcd reader: a thread that connects to
 * 127.0.0.1:port (the vpcd driver listens on 0.0.0.0; loopback only here)
 * and answers in vpcd's wire format: every message is a 2-byte big-endian
 * length and a payload; a 1-byte payload is a control code (0 power off,
 * 1 power on, 2 reset, 4 "send the ATR"), anything longer an APDU.
 *
 * Answers come from a table of rules, first match wins: a rule matches when
 * the command starts with command_prefix (hex); its response is hex. An
 * "echo" rule (response NULL) answers the command's data field and 9000.
 * Unmatched commands get 6D00. */
typedef struct {
	const gchar *command_prefix; /* hex, spaces allowed */
	const gchar *response;	     /* hex, or NULL to echo the data field */
} TdTestVpcdRule;

typedef struct _TdTestVpcdCard TdTestVpcdCard;

/* A T=1 ATR whose historical bytes announce extended Lc/Le. */
extern const guint8 td_test_vpcd_atr[10];

/* Connects (inserts the card); rules must stay valid while it runs. With a
 * reader name, first waits until pcscd shows that reader empty, then until
 * it shows the card (G_IO_ERROR_TIMED_OUT after 5 s each). */
TdTestVpcdCard *td_test_vpcd_card_insert(guint16 port,
					 const gchar *reader,
					 const TdTestVpcdRule *rules,
					 guint n_rules,
					 GError **error);
/* Closes the socket, which the reader sees as a removal, and frees. */
void td_test_vpcd_card_remove(TdTestVpcdCard *card);
/* Commands (not control codes) the card answered so far. */
guint td_test_vpcd_card_get_apdu_count(TdTestVpcdCard *card);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdTestVpcdCard, td_test_vpcd_card_remove)

/* The vpcd port the private pcscd listens on (TD_VPCD_PORT), or 0. */
guint16 td_test_vpcd_port(void);
/* TRUE when the private pcscd's vpcd port is set; else says on stderr how
 * to run the test, and the test exits 77 (skipped). */
gboolean td_test_vpcd_available(void);
/* Waits until pcscd reports reader as holding a card (or not); FALSE on
 * timeout. Reports how long it took in *elapsed_ms when not NULL. */
gboolean td_test_wait_for_card(const gchar *reader, gboolean present, guint timeout_ms, guint *elapsed_ms);

G_END_DECLS
