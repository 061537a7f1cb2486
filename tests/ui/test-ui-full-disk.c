/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The kiosk's disk fills up during the day (a log that grew, a USB stick's
 * copy gone wrong): through the real window, with the training mode's
 * chips and gateway and the kiosk's SQLite store on a small disk of its
 * own (tests/util/with-small-disk.sh). A patient checked in before is
 * kept; the next one, whose check-in cannot be written, is told so and
 * sent to reception instead of being given a number nobody has, and the
 * staff's health page says first that the kiosk cannot save check-ins
 * (it said the kiosk worked as usual, the disk's line red below); once
 * there is room again the kiosk checks in without a restart, numbering on
 * from the last stored number, and the database file is whole. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "td-i18n.h"
#include "td-kiosk-window.h"
#include "td-sqlite-store.h"
#include "td-staff-console.h"
#include "td-test-log.h"
#include "td-ui-test-kiosk.h"
#include "td-ui-test-util.h"

/* Writes zeros to path until the disk says it is full. */
static void
fill_disk(const gchar *path)
{
	static const guint8 zeros[64 * 1024];
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	gsize written = 0;

	g_assert_cmpint(fd, >=, 0);
	for (;;) {
		ssize_t n = write(fd, zeros, sizeof(zeros));
		if (n < 0) {
			g_assert_cmpint(errno, ==, ENOSPC);
			break;
		}
		written += (gsize)n;
	}
	/* the last bytes a short write left */
	while (write(fd, zeros, 1) == 1)
		written++;
	g_assert_cmpint(errno, ==, ENOSPC);
	g_assert_cmpint(close(fd), ==, 0);
	g_test_message("the disk is full after %" G_GSIZE_FORMAT " bytes of filler", written);
}

static gchar *
sql_text(const gchar *db_path, const gchar *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *stmt = NULL;
	gchar *text;

	g_assert_cmpint(sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
	g_assert_cmpint(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
	g_assert_cmpint(sqlite3_step(stmt), ==, SQLITE_ROW);
	text = g_strdup((const gchar *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return text;
}

typedef struct {
	GtkWidget *root;
	gboolean full;
} TdDiskLineWait;

/* The health page's disk line says full, or is there and does not: the
 * lines of an earlier run stay until the new ones come */
static gboolean
td_disk_line_is(gpointer data)
{
	const TdDiskLineWait *wait = data;
	g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func(g_free);

	td_ui_test_health_lines(wait->root, lines);
	for (guint i = 0; i < lines->len; i++) {
		const gchar *line = g_ptr_array_index(lines, i);
		if (strstr(line, "Dung lượng ổ đĩa: ") != NULL)
			return (strstr(line, "ổ đĩa đã đầy") != NULL) == wait->full;
	}
	return FALSE;
}

/* The kiosk's own health page, read afresh; back to the patient's page
 * after. full: what it says first, and the disk's line. */
static void
assert_health_page(TdUiTestKiosk *kiosk, gboolean full, const gchar *png_name)
{
	GtkWidget *root = GTK_WIDGET(kiosk->window);
	TdDiskLineWait wait = {root, full};
	g_autofree gchar *png = NULL;

	td_kiosk_window_show_page(kiosk->window, TD_KIOSK_PAGE_STAFF);
	td_staff_console_refresh(TD_STAFF_CONSOLE(td_kiosk_window_get_staff_console(kiosk->window)));
	td_ui_test_wait_staff(root);
	td_ui_test_kiosk_press(kiosk, "Máy đọc thẻ, máy in và cổng BHXH");
	g_assert_true(td_ui_test_wait_for(td_disk_line_is, &wait, 30000));
	png = td_ui_test_save_png(root, png_name);
	g_test_message("%s", png);
	/* first, whether the kiosk checks patients in by itself: the other
	 * lines of this training kiosk (no printer, no pcscd) stop nothing */
	g_assert_cmpint(td_ui_test_find_label(root, "Máy chưa tự tiếp đón được người bệnh."), ==, full);
	g_assert_cmpint(td_ui_test_find_label(root, "Máy chưa lưu được lượt tiếp đón: người bệnh được mời đến quầy. "
						    "Xin báo người quản trị ngay."),
			==, full);
	g_assert_cmpint(td_ui_test_find_label(root, "✘ Dung lượng ổ đĩa: ổ đĩa đã đầy, xin báo người quản trị ngay"),
			==, full);
	td_kiosk_window_show_page(kiosk->window, TD_KIOSK_PAGE_IDLE);
	td_ui_test_kiosk_wait_page(kiosk, TD_KIOSK_PAGE_IDLE, 10000);
}

static void
check_in(TdUiTestKiosk *kiosk, const gchar *profile, const gchar *id12, TdKioskPage page)
{
	td_ui_test_kiosk_check_in(kiosk, profile, id12);
	td_ui_test_kiosk_wait_page(kiosk, page, 30000);
}

static void
test_full_disk(void)
{
	const gchar *disk = g_getenv("TD_SMALL_DISK");
	g_autoptr(GError) error = NULL;
	g_autofree gchar *db_path = NULL;
	g_autofree gchar *filler = NULL;
	g_autofree gchar *png = NULL;
	g_autofree gchar *numbers = NULL;
	g_autofree gchar *whole = NULL;
	g_autoptr(TdSqliteStore) store = NULL;
	g_autoptr(TdUiTestKiosk) kiosk = NULL;
	const TdCheckinRecord *record;

	if (disk == NULL) {
		g_test_skip("no TD_SMALL_DISK (run under tests/util/with-small-disk.sh)");
		return;
	}
	db_path = g_build_filename(disk, "tiepdon.db", NULL);
	filler = g_build_filename(disk, "filler", NULL);
	store = td_sqlite_store_new(db_path, &error);
	g_assert_no_error(error);
	kiosk = td_ui_test_kiosk_new_on_store(TD_STORE(store), NULL);
	/* the records on the small disk, as the settings would say */
	g_free(kiosk->context->config->storage_path);
	kiosk->context->config->storage_path = g_strdup(db_path);
	td_i18n_set_language(TD_LANGUAGE_VI);

	/* before: a patient checked in, number 1 */
	check_in(kiosk, "example.ini", "001058012345", TD_KIOSK_PAGE_TICKET);
	record = td_checkin_session_get_record(kiosk->context->session);
	g_assert_cmpuint(record->queue_number, ==, 1);
	td_ui_test_kiosk_finish(kiosk);

	/* full: the next patient's check-in cannot be written; the window
	 * says so and sends them to reception, with no number */
	fill_disk(filler);
	check_in(kiosk, "tran-thi-bich-ngoc.ini", "079190004321", TD_KIOSK_PAGE_SEE_STAFF);
	td_ui_test_kiosk_wait_quiet(kiosk);
	png = td_ui_test_save_png(GTK_WIDGET(kiosk->window), "full-disk-see-staff-vi");
	g_test_message("%s", png);
	g_assert_nonnull(td_checkin_session_get_commit_error(kiosk->context->session));
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window),
					    "Máy chưa lưu được lượt tiếp đón. Xin mời đến quầy tiếp đón."));

	td_ui_test_kiosk_press(kiosk, g_dgettext(GETTEXT_PACKAGE, "Done. Please remember to take back your ID card."));
	td_ui_test_kiosk_wait_page(kiosk, TD_KIOSK_PAGE_IDLE, 10000);
	assert_health_page(kiosk, TRUE, "full-disk-health-vi");

	/* room again: the page says so; the same patient checks in, without
	 * a restart, and gets the number after the last stored one */
	g_assert_cmpint(g_unlink(filler), ==, 0);
	assert_health_page(kiosk, FALSE, "full-disk-health-room-vi");
	check_in(kiosk, "tran-thi-bich-ngoc.ini", "079190004321", TD_KIOSK_PAGE_TICKET);
	record = td_checkin_session_get_record(kiosk->context->session);
	g_assert_cmpuint(record->queue_number, ==, 2);
	td_ui_test_kiosk_finish(kiosk);

	g_clear_pointer(&kiosk, td_ui_test_kiosk_free);
	g_clear_object(&store);
	numbers = sql_text(db_path, "SELECT group_concat(queue_number) FROM (SELECT queue_number FROM checkins ORDER BY id)");
	g_assert_cmpstr(numbers, ==, "1,2");
	whole = sql_text(db_path, "PRAGMA integrity_check");
	g_assert_cmpstr(whole, ==, "ok");
}

int
main(int argc, char **argv)
{
	td_ui_test_init(&argc, &argv);
	td_test_log_expecting_warnings();
	g_test_add_func("/ui/full-disk", test_full_disk);
	return g_test_run();
}
