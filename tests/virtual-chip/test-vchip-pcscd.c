/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tiepdon-vchip as a card in a real (private) pcscd through vsmartcard's
 * vpcd, checked with pcsc-lite's own API: the card shows up in the
 * "Virtual PCD" reader, answers SELECT of the eMRTD application, and
 * stopping the program is a card removal.
 *
 *   test-vchip-pcscd PORT TIEPDON_VCHIP PROFILE
 * run by with-private-pcscd.sh PORT. */
#include "config.h"

#include <PCSC/winscard.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include <gio/gio.h>

static gchar *port_arg;
static gchar *vchip_exe;
static gchar *profile_path;

/* The vpcd reader whose first slot listens on our port. The driver names its
 * two slots "Virtual PCD 00 00" and "... 00 01"; the first is PORT. */
static gchar *
find_reader(SCARDCONTEXT ctx)
{
	DWORD len = 0;
	g_autofree gchar *readers = NULL;
	if (SCardListReaders(ctx, NULL, NULL, &len) != SCARD_S_SUCCESS)
		return NULL;
	readers = g_malloc0(len + 1);
	if (SCardListReaders(ctx, NULL, readers, &len) != SCARD_S_SUCCESS)
		return NULL;
	for (const gchar *r = readers; *r != '\0'; r += strlen(r) + 1) {
		if (g_str_has_prefix(r, "Virtual PCD") && g_str_has_suffix(r, "00 00"))
			return g_strdup(r);
	}
	return NULL;
}

static gboolean
wait_for_card(SCARDCONTEXT ctx, const gchar *reader)
{
	SCARD_READERSTATE state = {.szReader = reader, .dwCurrentState = SCARD_STATE_UNAWARE};
	gint64 deadline = g_get_monotonic_time() + 10 * G_USEC_PER_SEC;
	while (g_get_monotonic_time() < deadline) {
		LONG rv = SCardGetStatusChange(ctx, 500, &state, 1);
		if (rv == SCARD_S_SUCCESS || rv == SCARD_E_TIMEOUT) {
			if (state.dwEventState & SCARD_STATE_PRESENT)
				return TRUE;
			state.dwCurrentState = state.dwEventState;
		} else {
			return FALSE;
		}
	}
	return FALSE;
}

static void
test_vchip_in_pcscd(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GSubprocess) proc = NULL;
	g_autoptr(GDataInputStream) out = NULL;
	g_autofree gchar *line = NULL;
	g_autofree gchar *reader = NULL;
	SCARDCONTEXT ctx = 0;
	SCARDHANDLE card = 0;
	DWORD protocol = 0;
	const SCARD_IO_REQUEST *pci;
	const BYTE select_aid[] = {0x00, 0xA4, 0x04, 0x0C, 0x07, 0xA0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01};
	const BYTE read_plain[] = {0x00, 0xA4, 0x02, 0x0C, 0x02, 0x01, 0x0D};
	BYTE resp[258];
	DWORD resp_len = sizeof resp;
	LONG rv;

	proc = g_subprocess_new(G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, vchip_exe, "--profile", profile_path,
				"--port", port_arg, NULL);
	g_assert_no_error(error);
	out = g_data_input_stream_new(g_subprocess_get_stdout_pipe(proc));
	line = g_data_input_stream_read_line_utf8(out, NULL, NULL, &error);
	g_assert_no_error(error);
	g_assert_nonnull(line);
	g_assert_true(g_str_has_prefix(line, "connected to vpcd at 127.0.0.1:"));

	g_assert_cmphex(SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &ctx), ==, SCARD_S_SUCCESS);
	reader = find_reader(ctx);
	g_assert_nonnull(reader);
	g_assert_true(wait_for_card(ctx, reader));
	rv = SCardConnect(ctx, reader, SCARD_SHARE_SHARED, SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, &card, &protocol);
	g_assert_cmphex(rv, ==, SCARD_S_SUCCESS);
	pci = protocol == SCARD_PROTOCOL_T0 ? SCARD_PCI_T0 : SCARD_PCI_T1;

	rv = SCardTransmit(card, pci, select_aid, sizeof select_aid, NULL, resp, &resp_len);
	g_assert_cmphex(rv, ==, SCARD_S_SUCCESS);
	g_assert_cmpuint(resp_len, ==, 2);
	g_assert_cmphex(resp[0], ==, 0x90);
	g_assert_cmphex(resp[1], ==, 0x00);
	resp_len = sizeof resp;
	rv = SCardTransmit(card, pci, read_plain, sizeof read_plain, NULL, resp, &resp_len);
	g_assert_cmphex(rv, ==, SCARD_S_SUCCESS);
	g_assert_cmphex(resp[0], ==, 0x69);
	g_assert_cmphex(resp[1], ==, 0x82);

	/* SIGTERM: the program says goodbye with status 0 and the card is gone */
	g_subprocess_send_signal(proc, SIGTERM);
	g_assert_true(g_subprocess_wait(proc, NULL, &error));
	g_assert_no_error(error);
	g_assert_true(g_subprocess_get_if_exited(proc));
	g_assert_cmpint(g_subprocess_get_exit_status(proc), ==, 0);
	resp_len = sizeof resp;
	rv = SCardTransmit(card, pci, select_aid, sizeof select_aid, NULL, resp, &resp_len);
	g_assert_cmphex(rv, !=, SCARD_S_SUCCESS);

	SCardDisconnect(card, SCARD_LEAVE_CARD);
	SCardReleaseContext(ctx);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	if (argc < 4) {
		g_printerr("usage: %s PORT TIEPDON_VCHIP PROFILE\n", argv[0]);
		return 2;
	}
	port_arg = argv[1];
	vchip_exe = argv[2];
	profile_path = argv[3];
	g_test_add_func("/vchip/pcscd/select-and-remove", test_vchip_in_pcscd);
	return g_test_run();
}
