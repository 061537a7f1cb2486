/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The day report's wire format (both ends use it): written and read back,
 * every refusal the hub relies on, the acknowledgement, the rate as staff
 * read it, and the report client's settings. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "td-day-report.h"
#include "td-gateway-error.h"
#include "td-report-client.h"

static TdDayReport *
sample_report(void)
{
	TdDayReport *r = td_day_report_new();
	r->station = g_strdup("01001");
	r->day = g_strdup("2025-03-13");
	r->program = g_strdup("tiepdon 0.1.0");
	r->kiosks = 2;
	r->checkins = 50;
	r->by_chip_card = 44;
	r->eligible = 40;
	r->pending_eligibility = 2;
	r->see_staff = 3;
	r->vneid_asked = 48;
	r->vneid_integrated = 12;
	r->vneid_no_account = 6;
	return r;
}

static TdDayReport *
parse(const gchar *json, GError **error)
{
	return td_day_report_from_json((const guint8 *)json, strlen(json), error);
}

/* json is refused, the error saying says (and with code, where the hub
 * tells the kinds apart: code < 0 takes any error). */
static void
assert_refused(const gchar *json, gint code, const gchar *says)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdDayReport) r = parse(json, &error);
	g_assert_null(r);
	g_assert_nonnull(error);
	if (code >= 0)
		g_assert_error(error, TD_GATEWAY_ERROR, code);
	if (strstr(error->message, says) == NULL)
		g_error("%s: '%s' does not say %s", json, error->message, says);
}

static void
test_round_trip(void)
{
	g_autoptr(TdDayReport) sent = sample_report();
	g_autofree gchar *json = td_day_report_to_json(sent);
	g_autoptr(GError) error = NULL;
	g_autoptr(TdDayReport) read = parse(json, &error);

	g_assert_no_error(error);
	g_assert_cmpstr(read->station, ==, "01001");
	g_assert_cmpstr(read->day, ==, "2025-03-13");
	g_assert_cmpstr(read->program, ==, "tiepdon 0.1.0");
	g_assert_cmpuint(read->kiosks, ==, 2);
	g_assert_cmpuint(read->checkins, ==, 50);
	g_assert_cmpuint(read->by_chip_card, ==, 44);
	g_assert_cmpuint(read->eligible, ==, 40);
	g_assert_cmpuint(read->pending_eligibility, ==, 2);
	g_assert_cmpuint(read->see_staff, ==, 3);
	g_assert_cmpuint(read->vneid_asked, ==, 48);
	g_assert_cmpuint(read->vneid_integrated, ==, 12);
	g_assert_cmpuint(read->vneid_no_account, ==, 6);
	/* counts only: nothing in it looks like a person */
	g_assert_null(strstr(json, "name"));
	g_assert_nonnull(strstr(json, "\"format\":1"));
}

static void
test_unknown_members_ignored(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdDayReport) r = parse("{\"format\":1,\"station\":\"01001\",\"date\":\"2025-03-13\",\"kiosks\":1,"
					 "\"program\":\"tiepdon 0.2\",\"checkins\":3,\"by_chip_card\":3,\"eligible\":3,"
					 "\"pending_eligibility\":0,\"see_staff\":0,\"vneid_asked\":2,"
					 "\"vneid_integrated\":1,\"vneid_no_account\":0,\"later\":{\"x\":[1,2]}}",
					 &error);
	g_assert_no_error(error);
	g_assert_cmpuint(r->checkins, ==, 3);
}

static void
test_refusals(void)
{
	static const struct {
		const gchar *json;
		gint code;
		const gchar *says;
	} cases[] = {
	    {"", TD_GATEWAY_ERROR_MALFORMED, "empty"},
	    {"[1]", TD_GATEWAY_ERROR_MALFORMED, "not a JSON object"},
	    {"{\"format\":1,", TD_GATEWAY_ERROR_MALFORMED, "not JSON"},
	    {"{\"format\":2}", TD_GATEWAY_ERROR_INVALID_INPUT, "format 2"},
	    {"{\"format\":\"1\"}", TD_GATEWAY_ERROR_MALFORMED, "\"format\" must be a whole number"},
	    {"{\"format\":1,\"station\":1}", TD_GATEWAY_ERROR_MALFORMED, "\"station\" must be a string"},
	};
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++)
		assert_refused(cases[i].json, cases[i].code, cases[i].says);
}

/* One field changed from the valid sample, refused naming what is wrong. */
static void
test_values_refused(void)
{
	static const struct {
		const gchar *from;
		const gchar *to;
		const gchar *says;
	} cases[] = {
	    {"\"01001\"", "\"01 001\"", "\"station\""},
	    {"\"01001\"", "\"\"", "\"station\""},
	    {"\"2025-03-13\"", "\"2025-02-30\"", "\"date\""},
	    {"\"2025-03-13\"", "\"13/03/2025\"", "\"date\""},
	    {"\"kiosks\":2", "\"kiosks\":0", "\"kiosks\""},
	    {"\"checkins\":50", "\"checkins\":-1", "\"checkins\" is out of range"},
	    {"\"checkins\":50", "\"checkins\":50.5", "\"checkins\" must be a whole number"},
	    {"\"checkins\":50", "\"checkins\":99999999999", "\"checkins\" is out of range"},
	    {"\"by_chip_card\":44", "\"by_chip_card\":51", "larger than \"checkins\""},
	    {"\"vneid_integrated\":12", "\"vneid_integrated\":45", "more than \"vneid_asked\""},
	    {"\"tiepdon 0.1.0\"", "\"tiepdon\\n0.1\"", "\"program\""},
	    {",\"see_staff\":3", "", "\"see_staff\" must be a whole number"},
	};
	g_autoptr(TdDayReport) sample = sample_report();
	g_autofree gchar *json = td_day_report_to_json(sample);

	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(GString) changed = g_string_new(json);
		g_assert_cmpuint(g_string_replace(changed, cases[i].from, cases[i].to, 1), ==, 1);
		assert_refused(changed->str, -1, cases[i].says);
	}
}

static void
test_deep_nesting_refused(void)
{
	g_autoptr(GString) deep = g_string_new("{\"x\":");

	for (guint i = 0; i < 5000; i++)
		g_string_append_c(deep, '[');
	assert_refused(deep->str, TD_GATEWAY_ERROR_MALFORMED, "nested too deeply");
}

static void
test_ack(void)
{
	g_autoptr(TdDayReport) r = sample_report();
	g_autofree gchar *ack = td_day_report_ack_to_json(r, TD_DAY_REPORT_REPLACED_CHANGED);
	g_autoptr(GError) error = NULL;
	TdDayReportStored stored = TD_DAY_REPORT_STORED;
	const gchar *older_hub = "{\"stored\":true,\"station\":\"01001\",\"date\":\"2025-03-13\",\"replaced\":true}";

	for (TdDayReportStored sent = TD_DAY_REPORT_STORED; sent <= TD_DAY_REPORT_REPLACED_CHANGED; sent++) {
		g_autofree gchar *each = td_day_report_ack_to_json(r, sent);
		g_assert_true(td_day_report_ack_parse((const guint8 *)each, strlen(each), r, &stored, &error));
		g_assert_no_error(error);
		g_assert_cmpint(stored, ==, sent);
	}
	/* a hub that does not say "changed": the same figures (no alarm) */
	g_assert_true(td_day_report_ack_parse((const guint8 *)older_hub, strlen(older_hub), r, &stored, &error));
	g_assert_no_error(error);
	g_assert_cmpint(stored, ==, TD_DAY_REPORT_REPLACED_SAME);
	/* an acknowledgement of another day, or no "stored", is none */
	g_free(r->day);
	r->day = g_strdup("2025-03-14");
	g_assert_false(td_day_report_ack_parse((const guint8 *)ack, strlen(ack), r, &stored, &error));
	g_assert_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_MALFORMED);
	g_clear_error(&error);
	g_assert_false(td_day_report_ack_parse((const guint8 *)"{\"stored\":\"true\"}", 17, r, NULL, &error));
	g_assert_nonnull(error);
}

static void
test_rate_text(void)
{
	const struct {
		guint integrated, asked;
		const gchar *text;
	} cases[] = {
	    {12, 48, "25% (12 trên 48 lượt)"},
	    {1, 3, "33% (1 trên 3 lượt)"},
	    {2, 3, "67% (2 trên 3 lượt)"},
	    {0, 7, "0% (0 trên 7 lượt)"},
	    {5, 5, "100% (5 trên 5 lượt)"},
	    /* only all is 100%, only none 0%: a target is met or not */
	    {199, 200, "99% (199 trên 200 lượt)"},
	    {1, 300, "1% (1 trên 300 lượt)"},
	    {199, 399, "50% (199 trên 399 lượt)"},
	    {0, 0, "chưa hỏi lượt nào"},
	};
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree gchar *text = td_day_report_rate_text(cases[i].integrated, cases[i].asked);
		g_assert_cmpstr(text, ==, cases[i].text);
	}
}

static void
assert_client_config_refused(GKeyFile *kf, const gchar *dir)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdReportClientConfig) config = td_report_client_config_new_from_key_file(kf, dir, &error);
	g_assert_null(config);
	g_assert_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_CONFIG);
}

static void
test_client_config(void)
{
	g_autoptr(GKeyFile) kf = g_key_file_new();
	g_autoptr(GError) error = NULL;
	g_autoptr(TdReportClientConfig) config = NULL;
	g_autofree gchar *dir = g_dir_make_tmp("tiepdon-report-XXXXXX", NULL);
	g_autofree gchar *token = g_build_filename(dir, "report.token", NULL);

	g_key_file_set_string(kf, "report", "url", "https://hub.example.vn/");
	g_key_file_set_string(kf, "report", "token-file", "report.token");
	/* the token file must be there */
	assert_client_config_refused(kf, dir);
	g_assert_true(g_file_set_contents_full(token, "x\n", -1, G_FILE_SET_CONTENTS_NONE, 0600, NULL));
	config = td_report_client_config_new_from_key_file(kf, dir, &error);
	g_assert_no_error(error);
	g_assert_cmpstr(config->url, ==, "https://hub.example.vn");
	g_assert_cmpstr(config->token_file, ==, token);
	g_assert_cmpuint(config->timeout_ms, ==, 30000);
	g_clear_pointer(&config, td_report_client_config_free);
	/* never plain HTTP */
	g_key_file_set_string(kf, "report", "url", "http://hub.example.vn");
	assert_client_config_refused(kf, dir);
	g_unlink(token);
	g_rmdir(dir);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/day-report/round-trip", test_round_trip);
	g_test_add_func("/day-report/unknown-members-ignored", test_unknown_members_ignored);
	g_test_add_func("/day-report/refusals", test_refusals);
	g_test_add_func("/day-report/values-refused", test_values_refused);
	g_test_add_func("/day-report/deep-nesting-refused", test_deep_nesting_refused);
	g_test_add_func("/day-report/ack", test_ack);
	g_test_add_func("/day-report/rate-text", test_rate_text);
	g_test_add_func("/day-report/client-config", test_client_config);
	return g_test_run();
}
