/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Exactly once when a reply is lost: a kiosk on a station's PostgreSQL
 * whose statement the server committed but whose answer never came (a
 * proxy between them drops the connection there) journals what it did
 * with the origin the server already has, and the journal sent changes
 * nothing twice; the kiosk's own audit rows (a login, a patient's call
 * for staff) across an outage. Runs under tests/with-private-postgres.sh;
 * the rest of the offline journal is test-pg-offline.c. */
#include "config.h"

#include <string.h>

#include "td-pg-store.h"
#include "td-test-kiosk.h"
#include "td-test-log.h"
#include "td-test-pg-kiosk.h"
#include "td-test-pg-proxy.h"
#include "td-test-postgres.h"

/* settings files, journals and the proxies' sockets, removed at the end */
static gchar *tmp_dir;

/* A kiosk of a new station database (a test's own), reaching it through
 * a proxy that loses what the test says: the database's conninfo (the
 * test reads it directly), the proxy, the kiosk's settings (its journal
 * in tmp_dir). */
typedef struct {
	gchar *conninfo;
	TdTestPgProxy *proxy;
	TdConfig *config;
} TdProxiedKiosk;

static TdProxiedKiosk
proxied_kiosk_new(const gchar *database, const gchar *kiosk_id, const gchar *letter)
{
	TdProxiedKiosk kiosk = {.conninfo = td_test_pg_station_database(database)};
	g_autofree gchar *as_kiosk = td_test_pg_conninfo_as(kiosk.conninfo, "tiepdon_kiosk");
	g_autofree gchar *proxy_dir = g_build_filename(tmp_dir, database, NULL);
	g_autofree gchar *through = NULL;
	g_autofree gchar *name = g_strconcat(kiosk_id, ".conf", NULL);
	g_autofree gchar *path = NULL;

	kiosk.proxy = td_test_pg_proxy_new(proxy_dir);
	through = td_test_pg_proxy_conninfo(kiosk.proxy, as_kiosk);
	path = td_test_pg_kiosk_config(tmp_dir, name, through, kiosk_id, letter);
	kiosk.config = td_test_load_config(path);
	return kiosk;
}

static void
proxied_kiosk_clear(TdProxiedKiosk *kiosk)
{
	g_clear_pointer(&kiosk->config, td_config_free);
	g_clear_pointer(&kiosk->proxy, td_test_pg_proxy_free);
	g_clear_pointer(&kiosk->conninfo, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(TdProxiedKiosk, proxied_kiosk_clear)

/* Exactly once across a lost commit: the check-in's COMMIT reaches the
 * server, and its reply is lost with the connection (a proxy between the
 * kiosk and the server drops both ends there, then keeps the server out
 * of reach). The kiosk cannot know it was taken: it journals the check-in
 * with its origin and gives the patient X-001; an audit row follows it in
 * the journal. Once the server is back the journal is sent and the
 * server has that check-in once, as the patient holds it (X-001, not the
 * station's number the lost commit took), its exception once and its
 * audit row once; the kiosk's ids lead to the server's rows (a VNeID
 * answer, a case resolved). The journal sent again (a crash before its
 * delete) changes nothing. */
static void
test_offline_lost_commit(void)
{
	g_autoptr(GError) error = NULL;
	g_auto(TdProxiedKiosk) kiosk = proxied_kiosk_new("lost_commit", "quay-x", "X");
	g_autofree gchar *snapshot = g_build_filename(tmp_dir, "quay-x.journal.before", NULL);
	g_autofree gchar *day = td_test_day_at(7, 0);
	g_autofree gchar *label = NULL;
	g_autofree gchar *the_row = NULL;
	g_autoptr(TdCheckinException) exc = td_checkin_exception_new();
	g_autoptr(TdCheckinRecord) rec = NULL;
	g_autoptr(TdStore) store = NULL;

	store = td_test_pg_open_kiosk_store(kiosk.config);
	exc->reason = g_strdup("card-forged");
	exc->full_name = g_strdup("Lê Văn Mất");
	td_test_pg_proxy_lose_commit_of(kiosk.proxy, "INSERT INTO checkins");
	rec = td_test_store_checkin(store, day, "hash-lost", exc);
	g_assert_true(td_test_pg_proxy_lost_commit(kiosk.proxy));
	label = td_queue_label(rec->queue_series, rec->queue_number);
	g_assert_cmpstr(label, ==, "X-001");
	g_assert_cmpint(rec->id, <, 0);
	g_assert_true(g_str_has_prefix(rec->origin, "quay-x:"));
	/* the server took it, numbered in the station's sequence */
	g_assert_cmpint(td_test_pg_count(kiosk.conninfo, "SELECT count(*) FROM checkins WHERE id_hash = 'hash-lost'"
					   " AND queue_series = '' AND origin LIKE 'quay-x:%'"),
			==, 1);
	g_assert_true(td_store_record_staff_action(store, "ticket-not-printed", 0, rec->id, NULL, &error));
	g_assert_no_error(error);
	g_assert_cmpuint(td_test_journal_state(store).waiting, ==, 1);
	/* the journal as it is before sending, for a crash after it (closed:
	 * nothing in a WAL); the kiosk starts again, still cut off */
	g_clear_object(&store);
	td_test_copy_file(kiosk.config->journal_path, snapshot);
	store = td_test_pg_open_kiosk_store(kiosk.config);

	td_test_pg_proxy_forward(kiosk.proxy);
	td_test_wait_journal_sent(store);
	the_row = g_strdup_printf("SELECT count(*) FROM checkins WHERE id_hash = 'hash-lost' AND origin = '%s'"
				  " AND queue_series = 'X' AND queue_number = 1",
				  rec->origin);
	g_assert_cmpint(td_test_pg_count(kiosk.conninfo, the_row), ==, 1);
	g_assert_cmpint(td_test_pg_count(kiosk.conninfo, "SELECT count(*) FROM checkins"), ==, 1);
	g_assert_cmpint(td_test_pg_count(kiosk.conninfo, "SELECT count(*) FROM exceptions e JOIN checkins c ON c.id = e.checkin_id"
					   " WHERE c.id_hash = 'hash-lost' AND e.full_name = 'Lê Văn Mất'"),
			==, 1);
	g_assert_cmpint(td_test_pg_count(kiosk.conninfo, "SELECT count(*) FROM exceptions"), ==, 1);
	g_assert_cmpint(td_test_pg_count(kiosk.conninfo, "SELECT count(*) FROM staff_actions a JOIN checkins c ON c.id = a.checkin_id"
					   " WHERE c.id_hash = 'hash-lost' AND a.action = 'ticket-not-printed'"),
			==, 1);
	g_assert_cmpint(td_test_pg_count(kiosk.conninfo, "SELECT count(*) FROM staff_actions"), ==, 1);
	/* what follows reaches the server's rows */
	g_assert_true(td_store_set_vneid_answer(store, rec->id, TD_VNEID_INTEGRATED, &error));
	g_assert_no_error(error);
	g_assert_cmpint(td_test_pg_count(kiosk.conninfo, "SELECT count(*) FROM checkins WHERE id_hash = 'hash-lost'"
					   " AND vneid = 'integrated'"),
			==, 1);
	g_assert_true(td_store_resolve_exception(store, exc->id, "self-pay", NULL, &error));
	g_assert_no_error(error);
	g_assert_cmpint(td_test_pg_count(kiosk.conninfo, "SELECT count(*) FROM exceptions WHERE resolution = 'self-pay'"), ==, 1);

	/* the crash between the server's commit and the journal's delete:
	 * sent again, it adds nothing and changes nothing */
	g_clear_object(&store);
	td_test_copy_file(snapshot, kiosk.config->journal_path);
	store = td_test_pg_open_kiosk_store(kiosk.config);
	g_assert_cmpuint(td_test_journal_state(store).waiting, ==, 1);
	td_test_wait_journal_sent(store);
	g_assert_cmpint(td_test_pg_count(kiosk.conninfo, the_row), ==, 1);
	g_assert_cmpint(td_test_pg_count(kiosk.conninfo, "SELECT count(*) FROM checkins WHERE vneid = 'integrated'"), ==, 1);
	g_assert_cmpint(td_test_pg_count(kiosk.conninfo, "SELECT count(*) FROM exceptions WHERE resolution = 'self-pay'"), ==, 1);
	g_assert_cmpint(td_test_pg_count(kiosk.conninfo, "SELECT count(*) FROM staff_actions WHERE action = 'ticket-not-printed'"),
			==, 1);
	g_clear_object(&store);
}

/* Reception closes the case on the server before the kiosk's journal
 * arrives: the patient's check-in (the gateway out, sent to reception)
 * was committed but its reply lost, so the kiosk journaled it and gave
 * Y-001; reception, on another screen, confirmed the insurance on the
 * server's row; the patient then answered the VNeID question at the
 * kiosk (into the journal). Sent, the row keeps reception's outcome and
 * eligibility (the journal's "see staff" is older), takes the patient's
 * VNeID answer (the row had none) and the printed Y-001, and the case
 * stays closed, once. */
static void
test_reception_first(void)
{
	g_autoptr(GError) error = NULL;
	g_auto(TdProxiedKiosk) kiosk = proxied_kiosk_new("reception_first", "quay-y", "Y");
	g_autofree gchar *as_staff = td_test_pg_conninfo_as(kiosk.conninfo, "tiepdon_staff");
	g_autofree gchar *day = td_test_day_at(7, 0);
	g_autofree gchar *server_exception = NULL;
	g_autoptr(TdCheckinException) exc = td_checkin_exception_new();
	g_autoptr(TdCheckinRecord) rec = td_test_make_record(day);
	g_autoptr(TdPgStore) reception = NULL;
	g_autoptr(TdStore) store = NULL;

	store = td_test_pg_open_kiosk_store(kiosk.config);
	rec->id_hash = g_strdup("hash-reception");
	rec->eligibility = TD_ELIGIBILITY_UNAVAILABLE;
	rec->outcome = TD_OUTCOME_SEE_STAFF;
	exc->reason = g_strdup("eligibility-unavailable");
	td_test_pg_proxy_lose_commit_of(kiosk.proxy, "INSERT INTO checkins");
	g_assert_true(td_store_record_checkin(store, rec, exc, &error));
	g_assert_no_error(error);
	g_assert_true(td_test_pg_proxy_lost_commit(kiosk.proxy));
	g_assert_cmpstr(rec->queue_series, ==, "Y");

	/* a second later at least: reception's action is newer than the
	 * check-in to the second */
	g_usleep(1100 * 1000);
	reception = td_pg_store_new(as_staff, "reception", &error);
	g_assert_no_error(error);
	server_exception = td_test_pg_query_value(kiosk.conninfo, "SELECT id FROM exceptions");
	g_assert_true(td_store_resolve_exception(TD_STORE(reception), g_ascii_strtoll(server_exception, NULL, 10),
						 "eligibility-confirmed", NULL, &error));
	g_assert_no_error(error);
	g_assert_true(td_store_set_vneid_answer(store, rec->id, TD_VNEID_NO_ACCOUNT, &error));
	g_assert_no_error(error);

	td_test_pg_proxy_forward(kiosk.proxy);
	td_test_wait_journal_sent(store);
	g_assert_cmpint(td_test_pg_count(kiosk.conninfo, "SELECT count(*) FROM checkins"), ==, 1);
	g_assert_cmpint(td_test_pg_count(kiosk.conninfo, "SELECT count(*) FROM checkins WHERE queue_series = 'Y'"
						   " AND queue_number = 1 AND outcome = 'checked-in' AND eligibility = 'eligible'"
						   " AND vneid = 'no-account'"),
			==, 1);
	g_assert_cmpint(td_test_pg_count(kiosk.conninfo, "SELECT count(*) FROM exceptions"
						   " WHERE resolved AND resolution = 'eligibility-confirmed'"),
			==, 1);
	g_assert_cmpint(td_test_pg_count(kiosk.conninfo, "SELECT count(*) FROM exceptions"), ==, 1);
}

/* The kiosk's own audit rows (a login, a patient's call for staff, a
 * quit: no check-in of theirs) across an outage, exactly once. Online,
 * a login goes to the server with its origin; the reply to a patient's
 * call is lost after the server took it (the proxy), so the kiosk
 * journals it with the same origin; offline, a quit and another call go
 * to the journal. Once the server is back, the server has each of the
 * four once, with the kiosk's id, who did it and the note; the journal
 * sent again (a crash before its delete) adds nothing. */
static void
test_offline_own_actions(void)
{
	g_auto(TdProxiedKiosk) kiosk = proxied_kiosk_new("own_actions", "quay-o", "O");
	g_autofree gchar *snapshot = g_build_filename(tmp_dir, "quay-o.journal.before", NULL);
	g_autoptr(TdStore) store = NULL;
	const gchar *rows_once = "SELECT count(*) = count(DISTINCT origin) AND bool_and(origin LIKE 'quay-o:%')"
				 " AND bool_and(kiosk_id = 'quay-o') FROM staff_actions";
	TdJournalState state;

	store = td_test_pg_open_kiosk_store(kiosk.config);
	td_test_record_own_action(store, TD_STAFF_STATION_ID, "pin-login", NULL);
	g_assert_cmpint(td_test_pg_count(kiosk.conninfo, "SELECT count(*) FROM staff_actions WHERE action = 'pin-login'"
					   " AND origin LIKE 'quay-o:%'"),
			==, 1);
	g_assert_cmpuint(td_test_journal_state(store).offline_since, ==, 0);

	td_test_pg_proxy_lose_commit_of(kiosk.proxy, "INSERT INTO staff_actions");
	td_test_record_own_action(store, 0, "patient-called-staff", "trang-chinh");
	g_assert_true(td_test_pg_proxy_lost_commit(kiosk.proxy));
	g_assert_cmpint(td_test_pg_count(kiosk.conninfo, "SELECT count(*) FROM staff_actions WHERE action = 'patient-called-staff'"),
			==, 1);
	td_test_record_own_action(store, TD_STAFF_STATION_ID, "quit", NULL);
	td_test_record_own_action(store, 0, "patient-called-staff", NULL);
	state = td_test_journal_state(store);
	g_assert_cmpint(state.offline_since, >, 0);
	g_assert_cmpuint(state.actions_waiting, ==, 3);
	g_assert_cmpuint(state.waiting, ==, 0);
	g_clear_object(&store);
	td_test_copy_file(kiosk.config->journal_path, snapshot);

	for (guint run = 0; run < 2; run++) {
		g_autofree gchar *once = NULL;

		if (run == 1) /* the crash: the journal as it was before sending */
			td_test_copy_file(snapshot, kiosk.config->journal_path);
		store = td_test_pg_open_kiosk_store(kiosk.config);
		td_test_pg_proxy_forward(kiosk.proxy);
		td_test_wait_journal_sent(store);
		g_assert_cmpuint(td_test_journal_state(store).actions_waiting, ==, 0);
		g_assert_cmpint(td_test_pg_count(kiosk.conninfo, "SELECT count(*) FROM staff_actions"), ==, 4);
		once = td_test_pg_query_value(kiosk.conninfo, rows_once);
		g_assert_cmpstr(once, ==, "t");
		g_assert_cmpint(td_test_pg_count(kiosk.conninfo, "SELECT count(*) FROM staff_actions"
						   " WHERE action = 'patient-called-staff' AND staff_id IS NULL"),
				==, 2);
		g_assert_cmpint(td_test_pg_count(kiosk.conninfo, "SELECT count(*) FROM staff_actions WHERE note = 'trang-chinh'"), ==, 1);
		g_assert_cmpint(td_test_pg_count(kiosk.conninfo, "SELECT count(*) FROM staff_actions WHERE action IN ('pin-login', 'quit')"
						   " AND staff_id = " G_STRINGIFY(TD_STAFF_STATION_ID)),
				==, 2);
		g_clear_object(&store);
	}
}

/* The journal's send taken by the server but its reply lost (the link
 * flapping as it comes back): the kiosk keeps the check-in in its journal,
 * and the patient's VNeID answer given meanwhile goes there. Sent again,
 * the server's row (same origin, the journal's series and number) is the
 * check-in once, takes that answer, and the kiosk learns its ids: a case
 * closed on the kiosk's id reaches the server's. Before, the second send
 * found the origin taken and brought back no id: the answer was dropped
 * and the case NOT_FOUND. */
static void
test_journal_reply_lost(void)
{
	g_autoptr(GError) error = NULL;
	g_auto(TdProxiedKiosk) kiosk = proxied_kiosk_new("journal_reply_lost", "quay-z", "Z");
	g_autofree gchar *day = td_test_day_at(7, 0);
	g_autoptr(TdCheckinException) exc = td_checkin_exception_new();
	g_autoptr(TdCheckinRecord) rec = NULL;
	g_autoptr(TdStore) store = td_test_pg_open_kiosk_store(kiosk.config);
	gint64 deadline;

	exc->reason = g_strdup("card-forged");
	exc->full_name = g_strdup("Đỗ Văn Lặp");
	td_test_pg_proxy_lose_commit_of(kiosk.proxy, "INSERT INTO checkins");
	rec = td_test_store_checkin(store, day, "hash-twice", exc);
	g_assert_true(td_test_pg_proxy_lost_commit(kiosk.proxy));
	g_assert_cmpint(rec->id, <, 0);
	g_assert_cmpstr(rec->queue_series, ==, "Z");

	/* back, and the journal's send taken, its reply lost */
	td_test_pg_proxy_forward_losing_commit_of(kiosk.proxy, "tiepdon_receive_journaled");
	deadline = g_get_monotonic_time() + 60 * G_USEC_PER_SEC;
	while (!td_test_pg_proxy_lost_commit(kiosk.proxy) && g_get_monotonic_time() < deadline)
		g_usleep(G_USEC_PER_SEC / 10);
	g_assert_true(td_test_pg_proxy_lost_commit(kiosk.proxy));
	g_assert_cmpint(td_test_pg_count(kiosk.conninfo, "SELECT count(*) FROM checkins WHERE id_hash = 'hash-twice'"
					   " AND queue_series = 'Z' AND queue_number = 1 AND vneid = 'not-asked'"),
			==, 1);
	g_assert_cmpuint(td_test_journal_state(store).waiting, ==, 1);
	/* the patient answers meanwhile: into the journal */
	g_assert_true(td_store_set_vneid_answer(store, rec->id, TD_VNEID_INTEGRATED, &error));
	g_assert_no_error(error);

	td_test_pg_proxy_forward(kiosk.proxy);
	td_test_wait_journal_sent(store);
	g_assert_cmpint(td_test_pg_count(kiosk.conninfo, "SELECT count(*) FROM checkins"), ==, 1);
	g_assert_cmpint(td_test_pg_count(kiosk.conninfo, "SELECT count(*) FROM checkins WHERE id_hash = 'hash-twice'"
					   " AND queue_series = 'Z' AND queue_number = 1 AND vneid = 'integrated'"),
			==, 1);
	g_assert_cmpint(td_test_pg_count(kiosk.conninfo, "SELECT count(*) FROM exceptions"), ==, 1);
	g_assert_true(td_store_resolve_exception(store, exc->id, "self-pay", NULL, &error));
	g_assert_no_error(error);
	g_assert_cmpint(td_test_pg_count(kiosk.conninfo, "SELECT count(*) FROM exceptions WHERE resolution = 'self-pay'"), ==, 1);
	g_clear_object(&store);
}

/* The patient's VNeID answer to an online check-in, its reply lost (the
 * kiosk's link gone, the server's commit made): the kiosk keeps it in its
 * journal. Reception, on the server, records its help into VNeID
 * meanwhile. Sent once the link is back, the kept answer does not undo
 * reception's: a journaled answer fills a row that has none only. */
static void
test_answer_reply_lost(void)
{
	g_autoptr(GError) error = NULL;
	g_auto(TdProxiedKiosk) kiosk = proxied_kiosk_new("answer_reply_lost", "quay-w", "W");
	g_autofree gchar *day = td_test_day_at(7, 0);
	g_autoptr(TdStore) store = td_test_pg_open_kiosk_store(kiosk.config);
	g_autoptr(TdCheckinRecord) rec = td_test_store_checkin(store, day, "hash-answer-lost", NULL);
	g_autofree gchar *row = g_strdup_printf("SELECT count(*) FROM checkins WHERE id = %" G_GINT64_FORMAT
						" AND vneid = 'assisted'",
						rec->id);

	g_assert_cmpint(rec->id, >, 0);
	td_test_pg_proxy_lose_commit_of(kiosk.proxy, "SET vneid");
	g_assert_true(td_store_set_vneid_answer(store, rec->id, TD_VNEID_NOT_YET, &error));
	g_assert_no_error(error);
	g_assert_true(td_test_pg_proxy_lost_commit(kiosk.proxy));
	/* reception helps the patient into VNeID, on the server */
	td_test_pg_exec(kiosk.conninfo, "UPDATE checkins SET vneid = 'assisted'");
	td_test_pg_proxy_forward(kiosk.proxy);
	td_test_wait_journal_sent(store);
	g_assert_cmpint(td_test_pg_count(kiosk.conninfo, row), ==, 1);
	g_clear_object(&store);
}

/* A server that does not take the kiosk's own audit rows (a schema
 * before 8 does not; here the right is taken away): the row stays in the
 * journal, the kiosk is online past it, and the doctor's database line
 * says what waits. */
static void
test_offline_own_actions_refused(void)
{
	g_autofree gchar *conninfo = td_test_pg_station_database("own_refused");
	g_autofree gchar *as_kiosk = td_test_pg_conninfo_as(conninfo, "tiepdon_kiosk");
	g_autofree gchar *as_owner = td_test_pg_conninfo_as(conninfo, "tiepdon_owner");
	g_autofree gchar *nowhere = g_strdup_printf("host=%s/no-server dbname=tiepdon", tmp_dir);
	g_autofree gchar *config_path = td_test_pg_kiosk_config(tmp_dir, "quay-r.conf", as_kiosk, "quay-r", "R");
	g_autoptr(TdConfig) config = td_test_load_config(config_path);
	g_autofree gchar *message = NULL;

	{
		g_autoptr(TdJournaledStore) store = td_test_pg_open_journaled(nowhere, config->journal_path, "quay-r", "R");
		td_test_record_own_action(TD_STORE(store), TD_STAFF_STATION_ID, "quit", NULL);
	}
	td_test_pg_exec(as_owner, "REVOKE EXECUTE ON FUNCTION tiepdon_receive_journaled_action(jsonb) FROM tiepdon_kiosk");
	{
		g_autoptr(TdJournaledStore) store = td_test_pg_open_journaled(as_kiosk, config->journal_path, "quay-r", "R");
		td_test_wait_journal_sent(TD_STORE(store));
		g_assert_cmpuint(td_test_journal_state(TD_STORE(store)).actions_waiting, ==, 1);
	}
	g_assert_cmpint(td_test_pg_count(conninfo, "SELECT count(*) FROM staff_actions"), ==, 0);
	g_assert_false(td_test_doctor_line(config_path, "database", &message));
	g_assert_nonnull(strstr(message, "; 1 audit row of the offline journal not sent"));
}

int
main(int argc, char **argv)
{
	tmp_dir = td_test_pg_init(&argc, &argv, "td-pg-lost-reply-XXXXXX");
	if (tmp_dir == NULL)
		return 77;
	g_test_add_func("/pg-lost-reply/checkin", test_offline_lost_commit);
	g_test_add_func("/pg-lost-reply/reception-first", test_reception_first);
	g_test_add_func("/pg-lost-reply/own-actions", test_offline_own_actions);
	g_test_add_func("/pg-lost-reply/own-actions-refused", test_offline_own_actions_refused);
	g_test_add_func("/pg-lost-reply/journal-reply-lost", test_journal_reply_lost);
	g_test_add_func("/pg-lost-reply/answer-reply-lost", test_answer_reply_lost);
	return td_test_run_and_remove(tmp_dir);
}
