/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <PCSC/winscard.h>
#include <signal.h>

#include "td-test-pcscd-chip.h"

const gchar *
td_test_env(const gchar *name)
{
	const gchar *value = g_getenv(name);
	if (value == NULL)
		g_error("%s is not set (run through meson test)", name);
	return value;
}

void
td_test_wait_for_card(gboolean want_card)
{
	SCARDCONTEXT ctx;
	char readers[1024];
	DWORD len = sizeof(readers);
	SCARD_READERSTATE state = {0};
	gint64 deadline = g_get_monotonic_time() + 15 * G_USEC_PER_SEC;

	g_assert_cmpint(SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &ctx), ==, SCARD_S_SUCCESS);
	g_assert_cmpint(SCardListReaders(ctx, NULL, readers, &len), ==, SCARD_S_SUCCESS);
	state.szReader = readers; /* the first slot: where the chip connects */
	state.dwCurrentState = SCARD_STATE_UNAWARE;
	while (g_get_monotonic_time() < deadline) {
		LONG rv = SCardGetStatusChange(ctx, 500, &state, 1);
		g_assert_true(rv == SCARD_S_SUCCESS || rv == SCARD_E_TIMEOUT);
		if (!!(state.dwEventState & SCARD_STATE_PRESENT) == !!want_card)
			break;
		state.dwCurrentState = state.dwEventState;
	}
	g_assert_cmpint(!!(state.dwEventState & SCARD_STATE_PRESENT), ==, !!want_card);
	SCardReleaseContext(ctx);
}

GSubprocess *
td_test_start_chip(const gchar *profile_path, const gchar *latency_ms)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GDataInputStream) out = NULL;
	g_autofree gchar *line = NULL;
	GSubprocess *chip;

	chip = g_subprocess_new(G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, td_test_env("TD_VCHIP"), "--profile", profile_path,
				"--port", td_test_env("TD_VPCD_PORT"), "--latency-ms", latency_ms != NULL ? latency_ms : "0",
				NULL);
	g_assert_no_error(error);
	out = g_data_input_stream_new(g_subprocess_get_stdout_pipe(chip));
	line = g_data_input_stream_read_line_utf8(out, NULL, NULL, &error);
	g_assert_no_error(error);
	g_assert_nonnull(line);
	g_assert_true(g_str_has_prefix(line, "connected to vpcd"));
	td_test_wait_for_card(TRUE);
	return chip;
}

void
td_test_stop_chip(GSubprocess *chip)
{
	g_subprocess_send_signal(chip, SIGTERM);
	g_assert_true(g_subprocess_wait(chip, NULL, NULL));
	td_test_wait_for_card(FALSE);
}

gchar *
td_test_write_profile(const gchar *dir, const gchar *name, const gchar *base, const gchar *const *changes)
{
	g_autofree gchar *base_path = g_build_filename(td_test_env("TD_PROFILES_DIR"), base, NULL);
	g_autoptr(GKeyFile) kf = g_key_file_new();
	g_autoptr(GError) error = NULL;
	g_autofree gchar *photo = NULL;
	gchar *path = g_build_filename(dir, name, NULL);

	g_assert_true(g_key_file_load_from_file(kf, base_path, G_KEY_FILE_NONE, &error));
	g_assert_no_error(error);
	photo = g_key_file_get_string(kf, "citizen", "photo", NULL);
	if (photo != NULL && !g_path_is_absolute(photo)) {
		g_autofree gchar *absolute = g_build_filename(td_test_env("TD_PROFILES_DIR"), photo, NULL);
		g_key_file_set_string(kf, "citizen", "photo", absolute);
	}
	for (guint i = 0; changes != NULL && changes[i] != NULL; i += 3) {
		const gchar *value = changes[i + 2];
		g_autofree gchar *pki_path = NULL;
		if (g_str_has_prefix(value, "pki:")) {
			pki_path = g_build_filename(td_test_env("TD_TEST_PKI_DIR"), value + 4, NULL);
			value = pki_path;
		}
		g_key_file_set_string(kf, changes[i], changes[i + 1], value);
	}
	g_assert_true(g_key_file_save_to_file(kf, path, &error));
	g_assert_no_error(error);
	return path;
}

gint
td_test_run_tiepdon(const gchar *const *argv, gchar **out, gchar **err)
{
	g_autoptr(GPtrArray) args = g_ptr_array_new();
	g_autoptr(GSubprocess) proc = NULL;
	g_autoptr(GError) error = NULL;

	g_ptr_array_add(args, (gpointer)td_test_env("TIEPDON"));
	for (guint i = 0; argv[i] != NULL; i++)
		g_ptr_array_add(args, (gpointer)argv[i]);
	g_ptr_array_add(args, NULL);
	proc = g_subprocess_newv((const gchar *const *)args->pdata, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
				 &error);
	g_assert_no_error(error);
	g_assert_true(g_subprocess_communicate_utf8(proc, NULL, NULL, out, err, &error));
	g_assert_no_error(error);
	return g_subprocess_get_exit_status(proc);
}

gint
td_test_read_trusted(const gchar *const *key_args, gchar **out, gchar **err)
{
	g_autofree gchar *trust = g_build_filename(td_test_env("TD_TEST_PKI_DIR"), "trust-store", NULL);
	g_autoptr(GPtrArray) argv = g_ptr_array_new();

	g_ptr_array_add(argv, (gpointer) "read");
	g_ptr_array_add(argv, (gpointer) "--json");
	g_ptr_array_add(argv, (gpointer) "--trust");
	g_ptr_array_add(argv, trust);
	for (guint i = 0; key_args[i] != NULL; i++)
		g_ptr_array_add(argv, (gpointer)key_args[i]);
	g_ptr_array_add(argv, NULL);
	return td_test_run_tiepdon((const gchar *const *)argv->pdata, out, err);
}

JsonObject *
td_test_parse_json_object(const gchar *text)
{
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autoptr(GError) error = NULL;

	g_assert_true(json_parser_load_from_data(parser, text, -1, &error));
	g_assert_no_error(error);
	g_assert_true(JSON_NODE_HOLDS_OBJECT(json_parser_get_root(parser)));
	return json_object_ref(json_node_get_object(json_parser_get_root(parser)));
}
