/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A card that stops answering, through a real pcscd: the tiepdon-vchip
 * program is SIGSTOPped after it connected, so every exchange with it
 * hangs in pcscd (SCardTransmit cannot be interrupted). `tiepdon read`
 * and `tiepdon checkin` must give it up at [reader] command-timeout and
 * exit with a clear error, and once the card is taken off, the next card
 * reads as usual. */
#include <gio/gio.h>
#include <signal.h>
#include <string.h>
#include <winscard.h>

#include "td-test-files.h"
#include "td-test-pcscd-chip.h"

/* Generous for a loaded machine, far below "hangs". */
#define GIVE_UP_LIMIT_US (6 * G_USEC_PER_SEC)

typedef struct {
	gchar *dir;
	gchar *config;
	gchar *profile;
} Fixture;

static void
fixture_set_up(Fixture *fx, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GKeyFile) kf = g_key_file_new();
	g_autofree gchar *trust = NULL;
	const gchar *const signed_by_test_pki[] = {"security", "ds-key",	 "pki:ds-p256.key",
						   "security", "ds-certificate", "pki:ds-p256.pem", NULL};

	fx->dir = g_dir_make_tmp("tiepdon-card-deadline-XXXXXX", &error);
	g_assert_no_error(error);
	trust = g_build_filename(td_test_env("TD_TEST_PKI_DIR"), "trust-store", NULL);
	td_test_set_kiosk_settings(kf, fx->dir, trust);
	g_key_file_set_string(kf, "reader", "command-timeout", "1");
	g_key_file_set_string(kf, "reader", "card-timeout", "3");
	fx->config = g_build_filename(fx->dir, "tiepdon.conf", NULL);
	td_test_save_settings(kf, fx->config);
	fx->profile = td_test_write_profile(fx->dir, "an.ini", "example.ini", signed_by_test_pki);
}

static void
fixture_tear_down(Fixture *fx, gconstpointer data)
{
	td_test_remove_tree(fx->dir);
	g_free(fx->dir);
	g_free(fx->config);
	g_free(fx->profile);
}

/* Runs tiepdon; returns its exit status, and how long it took. */
static gint
run_timed(const gchar *const *argv, gchar **out, gchar **err, gint64 *elapsed_us)
{
	gint64 start = g_get_monotonic_time();
	gint status = td_test_run_tiepdon(argv, out, err);
	*elapsed_us = g_get_monotonic_time() - start;
	g_test_message("tiepdon %s: exit %d after %.1f s; stdout: %s; stderr: %s", argv[0], status, *elapsed_us / 1e6,
		       *out, *err);
	return status;
}

static void
assert_gives_up_saying(const gchar *const *argv, const gchar *reason)
{
	g_autofree gchar *out = NULL, *err = NULL;
	gint64 elapsed;

	g_assert_cmpint(run_timed(argv, &out, &err, &elapsed), ==, 1);
	g_assert_nonnull(strstr(err, "the card stopped answering"));
	if (reason != NULL)
		g_assert_nonnull(strstr(err, reason));
	g_assert_cmpint(elapsed, <, GIVE_UP_LIMIT_US);
	if (g_str_equal(argv[0], "checkin"))
		g_assert_nonnull(strstr(out, "card-not-answering"));
}

static void
assert_gives_up(const gchar *const *argv)
{
	assert_gives_up_saying(argv, NULL);
}

static void
test_stopped_card(Fixture *fx, gconstpointer data)
{
	const gchar *const read_argv[] = {"read", "--config", fx->config, "--id", "001058012345", "--dob", "580315", NULL};
	const gchar *const checkin_argv[] = {"checkin",	    "--config", fx->config, "--id", "001058012345",
					     "--dob",	    "580315",	"--vneid",  "not-yet", NULL};
	g_autoptr(GSubprocess) stopped = td_test_start_chip(fx->profile, NULL);
	g_autoptr(GSubprocess) chip = NULL;
	g_autofree gchar *out = NULL, *err = NULL;
	gint64 elapsed;

	/* the card answered reset, then stops answering anything */
	g_subprocess_send_signal(stopped, SIGSTOP);
	assert_gives_up(read_argv);
	/* pcscd is still stuck on the reader for the abandoned command:
	 * the next connect is given up the same way */
	assert_gives_up(checkin_argv);

	/* the patient takes the card off (the process dies, pcscd's stuck
	 * call returns), and the next card reads */
	g_subprocess_force_exit(stopped);
	g_assert_true(g_subprocess_wait(stopped, NULL, NULL));
	td_test_wait_for_card(FALSE);
	chip = td_test_start_chip(fx->profile, NULL);
	g_assert_cmpint(run_timed(read_argv, &out, &err, &elapsed), ==, 0);
	g_assert_nonnull(strstr(out, "Nguyễn Văn An"));
	g_clear_pointer(&out, g_free);
	g_clear_pointer(&err, g_free);
	g_assert_cmpint(run_timed(checkin_argv, &out, &err, &elapsed), ==, 0);
	/* the abandoned check-in was stored for staff (number 1) */
	g_assert_nonnull(strstr(out, "Queue number:      2"));
	td_test_stop_chip(chip);
}

/* Another program holds the card (SCardConnect exclusive, as a stuck
 * command's abandoned connection does in pcscd until its command
 * returns): the check-in waits its second of sharing violations and
 * then gives the card up as not answering, not as an unreadable card
 * (which it was; with a 1 s command deadline the two ended at about the
 * same time, and once in CI the wait ended first). Released, the card
 * reads. */
static void
test_card_held_elsewhere(Fixture *fx, gconstpointer data)
{
	g_autoptr(GKeyFile) kf = g_key_file_new();
	g_autoptr(GError) error = NULL;
	g_autofree gchar *config = g_build_filename(fx->dir, "held.conf", NULL);
	const gchar *const checkin_argv[] = {"checkin",	    "--config", config,	   "--id", "001058012345",
					     "--dob",	    "580315",	"--vneid", "not-yet", NULL};
	g_autoptr(GSubprocess) chip = td_test_start_chip(fx->profile, NULL);
	g_autofree gchar *out = NULL, *err = NULL;
	g_autofree gchar *readers = NULL;
	SCARDCONTEXT context = 0;
	SCARDHANDLE card = 0;
	DWORD readers_len = SCARD_AUTOALLOCATE;
	DWORD protocol = 0;
	gint64 elapsed;

	/* the command's deadline past the sharing wait (1 s), so that the
	 * wait's end is what is tested, not which of the two ends first */
	g_key_file_load_from_file(kf, fx->config, G_KEY_FILE_KEEP_COMMENTS, &error);
	g_assert_no_error(error);
	g_key_file_set_string(kf, "reader", "command-timeout", "4");
	g_key_file_set_string(kf, "reader", "card-timeout", "8");
	td_test_save_settings(kf, config);

	g_assert_cmpint(SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &context), ==, SCARD_S_SUCCESS);
	{
		LPSTR list = NULL;
		g_assert_cmpint(SCardListReaders(context, NULL, (LPSTR)&list, &readers_len), ==, SCARD_S_SUCCESS);
		readers = g_strdup(list); /* the first reader: the chip's slot */
		SCardFreeMemory(context, list);
	}
	g_assert_cmpint(SCardConnect(context, readers, SCARD_SHARE_EXCLUSIVE, SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, &card,
				     &protocol),
			==, SCARD_S_SUCCESS);
	assert_gives_up_saying(checkin_argv, "stayed in use");

	g_assert_cmpint(SCardDisconnect(card, SCARD_LEAVE_CARD), ==, SCARD_S_SUCCESS);
	g_assert_cmpint(SCardReleaseContext(context), ==, SCARD_S_SUCCESS);
	g_assert_cmpint(run_timed(checkin_argv, &out, &err, &elapsed), ==, 0);
	g_assert_nonnull(strstr(out, "Queue number:      2"));
	td_test_stop_chip(chip);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add("/card-deadline/stopped-card", Fixture, NULL, fixture_set_up, test_stopped_card, fixture_tear_down);
	g_test_add("/card-deadline/card-held-elsewhere", Fixture, NULL, fixture_set_up, test_card_held_elsewhere,
		   fixture_tear_down);
	return g_test_run();
}
