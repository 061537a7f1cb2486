/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Parsers, result mapping, query checks, configuration, cache and rate limit,
 * without a network. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "td-eligibility-query.h"
#include "td-eligibility.h"
#include "td-gateway-answer.h"
#include "td-gateway-cache.h"
#include "td-gateway-config.h"
#include "td-gateway-rate-limit.h"
#include "td-gateway-token.h"

static TdGatewayAnswer *
parse(const gchar *text, GError **error)
{
	return td_gateway_answer_parse((const guint8 *)text, strlen(text), error);
}

/* The gateway's answer (len bytes) is refused as malformed, the error
 * saying says where given. */
static void
assert_answer_malformed(const guint8 *data, gsize len, const gchar *says)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdGatewayAnswer) a = td_gateway_answer_parse(data, len, &error);
	g_assert_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_MALFORMED);
	g_assert_null(a);
	if (says != NULL)
		g_assert_nonnull(strstr(error->message, says));
}

static void
test_answer_parse(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdGatewayAnswer) a = parse(
	    "{\"maKetQua\":\"000\",\"maThe\":\"DN4010100000001\",\"hoTen\":\"Nguyễn Văn An\","
	    "\"maDKBD\":\"01001\",\"gtTheTu\":\"01/01/2025\",\"gtTheDen\":\"31/12/2030\","
	    "\"maTheMoi\":null,\"dsLichSuKCB2018\":null,\"gioiTinh\":1}",
	    &error);
	g_autoptr(TdGatewayAnswer) numeric = parse("{\"maKetQua\":4}", &error);

	g_assert_no_error(error);
	g_assert_cmpstr(a->result_code, ==, "000");
	g_assert_cmpstr(a->name, ==, "Nguyễn Văn An");
	g_assert_null(a->new_card_code);
	g_assert_cmpstr(numeric->result_code, ==, "004");
}

static void
test_answer_malformed(void)
{
	const gchar *bad[] = {
	    "",
	    "[]",
	    "\"000\"",
	    "{}",
	    "{\"maKetQua\":null}",
	    "{\"maKetQua\":\"\"}",
	    "{\"maKetQua\":\"0 0\"}",
	    "{\"maKetQua\":1000}",
	    "{\"maKetQua\":true}",
	    "{\"maKetQua\":\"000\",\"maThe\":42}",
	    "{\"maKetQua\":\"000\",\"maThe\":{\"a\":1}}",
	    /* a control character in a field the verdict comes from (one
	     * it does not come from is dropped instead: gateway-outside) */
	    "{\"maKetQua\":\"000\",\"maThe\":\"DN40\\u0001\"}",
	    "{\"maKetQua\":\"000\"",
	    "<html>503</html>",
	};
	g_autoptr(GString) huge = g_string_new("{\"maKetQua\":\"000\",\"ghiChu\":\"");
	static const guint8 non_utf8[] = "{\"maKetQua\":\"000\",\"hoTen\":\"\xff\xfe\"}";
	static const guint8 with_nul[] = "{\"maKetQua\":\"000\"}\0{}";

	for (gsize i = 0; i < G_N_ELEMENTS(bad); i++)
		assert_answer_malformed((const guint8 *)bad[i], strlen(bad[i]), NULL);
	while (huge->len <= TD_GATEWAY_ANSWER_MAX)
		g_string_append(huge, "xxxxxxxxxxxxxxxx");
	g_string_append(huge, "\"}");
	assert_answer_malformed((const guint8 *)huge->str, huge->len, "larger");
	assert_answer_malformed(non_utf8, sizeof(non_utf8) - 1, "UTF-8");
	assert_answer_malformed(with_nul, sizeof(with_nul) - 1, NULL);
}

static void
test_mapping(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdGatewayAnswer) a = parse(
	    "{\"maKetQua\":\"000\",\"maThe\":\"HT3790100000002\",\"maDKBD\":\"01002\","
	    "\"gtTheTu\":\"01/01/2025\",\"gtTheDen\":\"31122030\",\"ngayDu5Nam\":\"31/02/2027\"}",
	    &error);
	g_autoptr(TdEligibility) e = td_eligibility_new_from_answer(a, "01002", &error);
	g_autoptr(TdEligibility) copy = NULL;
	g_autoptr(TdGatewayAnswer) no_dates =
	    parse("{\"maKetQua\":\"000\",\"maThe\":\"HT3790100000002\"}", &error);
	g_autoptr(TdGatewayAnswer) bad_card = parse(
	    "{\"maKetQua\":\"004\",\"maThe\":\"HT3790\",\"gtTheTu\":\"01/01/2025\","
	    "\"gtTheDen\":\"31/12/2030\"}",
	    &error);
	g_autoptr(TdGatewayAnswer) unknown = parse("{\"maKetQua\":\"777\"}", &error);
	g_autoptr(TdEligibility) e_unknown = NULL;
	g_autoptr(TdEligibility) fail = NULL;

	g_assert_no_error(error);
	g_assert_cmpint(e->status, ==, TD_ELIGIBILITY_STATUS_ELIGIBLE);
	g_assert_cmpuint(e->benefit_level, ==, 3);
	g_assert_cmpstr(e->valid_from, ==, "2025-01-01");
	g_assert_cmpstr(e->valid_to, ==, "2030-12-31");
	/* 31 February is no date: dropped, not passed on */
	g_assert_null(e->five_year_date);
	g_assert_true(e->registered_here);
	copy = td_eligibility_copy(e);
	g_assert_cmpstr(copy->card_code, ==, e->card_code);

	fail = td_eligibility_new_from_answer(no_dates, NULL, &error);
	g_assert_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_MALFORMED);
	g_assert_null(fail);
	g_clear_error(&error);
	fail = td_eligibility_new_from_answer(bad_card, NULL, &error);
	g_assert_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_MALFORMED);
	g_assert_null(fail);
	g_clear_error(&error);

	e_unknown = td_eligibility_new_from_answer(unknown, NULL, &error);
	g_assert_no_error(error);
	g_assert_cmpint(e_unknown->status, ==, TD_ELIGIBILITY_STATUS_SEE_STAFF);
	g_assert_cmpstr(e_unknown->result_code, ==, "777");
	g_assert_cmpstr(td_eligibility_status_to_string(e_unknown->status), ==, "see-staff");
}

/* 003, old card expired and a new one issued, with maTheMoi empty (as a
 * gateway may answer, DOMAIN.md's fields): the client cannot ask again
 * with the new code, and the answer is no "unknown code" for the
 * administrator but the new card to see at the desk. */
static void
test_old_card_new_card_unnamed(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdGatewayAnswer) a =
	    parse("{\"maKetQua\":\"003\",\"ghiChu\":\"Thẻ cũ hết giá trị, đã được cấp thẻ mới\","
		  "\"maThe\":\"HT2010100000005\",\"gtTheTu\":\"01/01/2024\",\"gtTheDen\":\"31/12/2024\","
		  "\"maTheMoi\":\"\"}",
		  &error);
	g_autoptr(TdEligibility) e = td_eligibility_new_from_answer(a, "01001", &error);

	g_assert_no_error(error);
	g_assert_cmpint(e->status, ==, TD_ELIGIBILITY_STATUS_NEW_CARD_UNCONFIRMED);
	g_assert_cmpstr(td_eligibility_status_to_string(e->status), ==, "new-card-unconfirmed");
	g_assert_null(e->new_card_code);
	g_assert_nonnull(strstr(e->detail, "a new card was issued"));
}

static void
test_token(void)
{
	g_autoptr(GError) error = NULL;
	const gchar *ok = "{\"maKetQua\":\"200\",\"APIKey\":{\"access_token\":\"abc\","
			  "\"id_token\":\"def\",\"token_type\":\"Bearer\",\"username\":\"u\","
			  "\"expires_in\":\"2030-01-01T00:10:00Z\"}}";
	const gchar *no_zone = "{\"maKetQua\":\"200\",\"APIKey\":{\"access_token\":\"abc\","
			       "\"id_token\":\"def\",\"expires_in\":\"2030-01-01T00:10:00\"}}";
	const gchar *refused = "{\"maKetQua\":\"401\"}";
	const gchar *no_key = "{\"maKetQua\":\"200\"}";
	const gchar *spaces = "{\"maKetQua\":\"200\",\"APIKey\":{\"access_token\":\"a b\","
			      "\"id_token\":\"def\",\"expires_in\":\"2030-01-01T00:10:00Z\"}}";
	gint64 expiry = (gint64)1893456600 * G_USEC_PER_SEC; /* 2030-01-01T00:10:00Z */
	gint64 taken = expiry - 600 * G_USEC_PER_SEC;
	g_autoptr(TdGatewayToken) t =
	    td_gateway_token_parse((const guint8 *)ok, strlen(ok), taken, &error);
	g_autoptr(TdGatewayToken) t2 =
	    td_gateway_token_parse((const guint8 *)no_zone, strlen(no_zone), taken, &error);
	TdGatewayToken *bad;

	g_assert_no_error(error);
	g_assert_cmpstr(t->access_token, ==, "abc");
	g_assert_cmpint(t->expires_at_us, ==, expiry);
	g_assert_cmpint(t2->expires_at_us, ==, expiry);
	/* a 10-minute token: fresh until one minute before its end */
	g_assert_true(td_gateway_token_is_fresh(t, expiry - 61 * G_USEC_PER_SEC));
	g_assert_false(td_gateway_token_is_fresh(t, expiry - 59 * G_USEC_PER_SEC));
	g_assert_false(td_gateway_token_is_fresh(t, expiry + 1));

	/* OAuth 2's seconds from now, from a gateway that says it so */
	{
		const gchar *relative = "{\"maKetQua\":\"200\",\"APIKey\":{\"access_token\":\"abc\","
					"\"id_token\":\"def\",\"expires_in\":600}}";
		const gchar *forever = "{\"maKetQua\":\"200\",\"APIKey\":{\"access_token\":\"abc\","
				       "\"id_token\":\"def\",\"expires_in\":31536000}}";
		const gchar *spent = "{\"maKetQua\":\"200\",\"APIKey\":{\"access_token\":\"abc\","
				     "\"id_token\":\"def\",\"expires_in\":0}}";
		g_autoptr(TdGatewayToken) t3 =
		    td_gateway_token_parse((const guint8 *)relative, strlen(relative), taken, &error);
		g_assert_no_error(error);
		g_assert_cmpint(t3->expires_at_us, ==, expiry);
		g_autofree gchar *unix_time = g_strdup_printf(
		    "{\"maKetQua\":\"200\",\"APIKey\":{\"access_token\":\"abc\",\"id_token\":\"def\","
		    "\"expires_in\":%" G_GINT64_FORMAT "}}",
		    expiry / G_USEC_PER_SEC);
		g_autoptr(TdGatewayToken) t4 = NULL;
		g_autoptr(TdGatewayToken) t5 = NULL;
		g_autoptr(TdGatewayToken) t6 = NULL;

		/* a year: the token is used, a day at the most (it refused
		 * the token, and no patient's insurance was checked) */
		t4 = td_gateway_token_parse((const guint8 *)forever, strlen(forever), taken, &error);
		g_assert_no_error(error);
		g_assert_cmpint(t4->expires_at_us, ==, taken + (gint64)24 * 3600 * G_USEC_PER_SEC);
		/* 0: nothing usable, as a missing one: five minutes */
		t5 = td_gateway_token_parse((const guint8 *)spent, strlen(spent), taken, &error);
		g_assert_no_error(error);
		g_assert_cmpint(t5->expires_at_us, ==, taken + (gint64)5 * 60 * G_USEC_PER_SEC);
		/* a Unix time is an instant */
		t6 = td_gateway_token_parse((const guint8 *)unix_time, strlen(unix_time), taken, &error);
		g_assert_no_error(error);
		g_assert_cmpint(t6->expires_at_us, ==, expiry);
	}
	bad = td_gateway_token_parse((const guint8 *)refused, strlen(refused), taken, &error);
	g_assert_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_AUTH);
	g_assert_null(bad);
	g_clear_error(&error);
	bad = td_gateway_token_parse((const guint8 *)no_key, strlen(no_key), taken, &error);
	g_assert_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_MALFORMED);
	g_assert_null(bad);
	g_clear_error(&error);
	bad = td_gateway_token_parse((const guint8 *)spaces, strlen(spaces), taken, &error);
	g_assert_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_MALFORMED);
	g_assert_null(bad);
}

static void
test_query(void)
{
	g_autoptr(GError) error = NULL;
	/* "Nguyễn" in decomposed form (as some card readers give it) */
	g_autoptr(TdEligibilityQuery) q = td_eligibility_query_new(
	    "001088000001", "  Nguye\xcc\x82\xcc\x83n   Va\xcc\x86n An ", "5/3/1988", &error);
	g_autoptr(TdEligibilityQuery) card =
	    td_eligibility_query_new("dn4010100000001", "An", "03/1988", &error);
	g_autoptr(TdEligibilityQuery) year = td_eligibility_query_new("001088000001", "An", "1988", &error);
	g_autofree gchar *slashed = NULL;
	g_autofree gchar *compact = NULL;
	g_autofree gchar *partial = NULL;
	const gchar *bad[][3] = {
	    {"00108800000", "An", "15/03/1988"},
	    {"00108800000a", "An", "15/03/1988"},
	    {"DN9010100000001", "An", "15/03/1988"},
	    {"001088000001", "", "15/03/1988"},
	    {"001088000001", "An\x01", "15/03/1988"},
	    {"001088000001", "An 2", "15/03/1988"},
	    {"001088000001", "An", "31/02/1988"},
	    {"001088000001", "An", "15-03-1988"},
	    {"001088000001", "An", "15/13/1988"},
	    {"001088000001", "An", ""},
	};

	g_assert_no_error(error);
	g_assert_cmpstr(q->name, ==, "Nguyễn Văn An");
	slashed = td_eligibility_query_format_birth_date(q, TD_BIRTH_DATE_FORMAT_SLASHED);
	compact = td_eligibility_query_format_birth_date(q, TD_BIRTH_DATE_FORMAT_COMPACT);
	partial = td_eligibility_query_format_birth_date(card, TD_BIRTH_DATE_FORMAT_SLASHED);
	g_assert_cmpstr(slashed, ==, "05/03/1988");
	g_assert_cmpstr(compact, ==, "05031988");
	g_assert_cmpstr(partial, ==, "03/1988");
	g_assert_cmpstr(card->card_or_id, ==, "DN4010100000001");
	g_assert_cmpuint(year->birth_month, ==, 0);
	for (gsize i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_autoptr(GError) e = NULL;
		g_autoptr(TdEligibilityQuery) b =
		    td_eligibility_query_new(bad[i][0], bad[i][1], bad[i][2], &e);
		g_assert_error(e, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_INVALID_INPUT);
		g_assert_null(b);
	}
}

/* The date in parts, as the kiosk passes a card's date: partial dates
 * keep what is known, and the same checks hold. */
static void
test_query_birth_date_parts(void)
{
	const TdBirthDate day = {.year = 1958, .month = 3, .day = 15};
	const TdBirthDate month = {.year = 1958, .month = 3};
	const TdBirthDate year = {.year = 1940};
	const TdBirthDate bad[] = {
	    {.year = 1958, .month = 2, .day = 30}, /* no such day */
	    {.year = 1958, .day = 15},		   /* a day in an unknown month */
	    {.year = 1958, .month = 13},
	    {.year = 1899},
	    {0},
	};
	const struct {
		const TdBirthDate *date;
		const gchar *slashed;
		const gchar *compact;
	} good[] = {
	    {&day, "15/03/1958", "15031958"},
	    {&month, "03/1958", "03/1958"},
	    {&year, "1940", "1940"},
	};

	for (guint i = 0; i < G_N_ELEMENTS(good); i++) {
		g_autoptr(GError) error = NULL;
		g_autoptr(TdEligibilityQuery) q =
		    td_eligibility_query_new_for_birth_date("001058012345", "Nguyễn Văn An", good[i].date, &error);
		g_autofree gchar *slashed = NULL;
		g_autofree gchar *compact = NULL;
		g_assert_no_error(error);
		slashed = td_eligibility_query_format_birth_date(q, TD_BIRTH_DATE_FORMAT_SLASHED);
		compact = td_eligibility_query_format_birth_date(q, TD_BIRTH_DATE_FORMAT_COMPACT);
		g_assert_cmpstr(slashed, ==, good[i].slashed);
		g_assert_cmpstr(compact, ==, good[i].compact);
	}
	for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_autoptr(GError) error = NULL;
		g_autoptr(TdEligibilityQuery) q =
		    td_eligibility_query_new_for_birth_date("001058012345", "Nguyễn Văn An", &bad[i], &error);
		g_assert_null(q);
		g_assert_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_INVALID_INPUT);
	}
	/* the ID and the name are checked as for typed dates */
	{
		g_autoptr(GError) error = NULL;
		g_autoptr(TdEligibilityQuery) q = td_eligibility_query_new_for_birth_date("12345", "An", &day, &error);
		g_assert_null(q);
		g_assert_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_INVALID_INPUT);
	}
}

static GKeyFile *
config_key_file(const gchar *password_file)
{
	GKeyFile *kf = g_key_file_new();
	g_key_file_set_string(kf, "gateway", "url", "https://egw.example.vn/");
	g_key_file_set_string(kf, "gateway", "username", "u");
	g_key_file_set_string(kf, "gateway", "password-file", password_file);
	g_key_file_set_string(kf, "gateway", "staff-name", "Trần Thị Lan Anh");
	g_key_file_set_string(kf, "gateway", "staff-id", "001190012345");
	return kf;
}

static void
test_config(void)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *dir = g_dir_make_tmp("tiepdon-net-XXXXXX", &error);
	g_autofree gchar *path = g_build_filename(dir, "pass", NULL);
	g_autoptr(GKeyFile) kf = NULL;
	g_autoptr(TdGatewayConfig) config = NULL;
	TdGatewayConfig *bad;

	g_assert_no_error(error);
	g_file_set_contents_full(path, "secret\n", -1, G_FILE_SET_CONTENTS_NONE, 0600, &error);
	g_assert_no_error(error);
	kf = config_key_file("pass");
	config = td_gateway_config_new_from_key_file(kf, dir, &error);
	g_assert_no_error(error);
	g_assert_cmpstr(config->url, ==, "https://egw.example.vn");
	/* MD5("secret"), upper case, the newline not part of it */
	g_assert_cmpstr(config->password_md5, ==, "5EBE2294ECD0E0F08EAB7690D2A6EE69");
	g_assert_cmpint(config->birth_date_format, ==, TD_BIRTH_DATE_FORMAT_SLASHED);
	g_assert_cmpuint(config->timeout_ms, ==, 12000);
	g_assert_null(config->station_code);
	g_assert_cmpstr(config->staff_name, ==, "Trần Thị Lan Anh");
	g_clear_pointer(&config, td_gateway_config_free);

	/* the other reading of the digest, as a setting (DOMAIN.md) */
	g_key_file_set_string(kf, "gateway", "password-md5-case", "lower");
	config = td_gateway_config_new_from_key_file(kf, dir, &error);
	g_assert_no_error(error);
	g_assert_cmpstr(config->password_md5, ==, "5ebe2294ecd0e0f08eab7690d2a6ee69");
	g_clear_pointer(&config, td_gateway_config_free);
	g_key_file_set_string(kf, "gateway", "password-md5-case", "Lower");
	bad = td_gateway_config_new_from_key_file(kf, dir, &error);
	g_assert_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_CONFIG);
	g_assert_null(bad);
	g_clear_error(&error);
	g_key_file_remove_key(kf, "gateway", "password-md5-case", NULL);

	/* the login as a form, as a setting (DOMAIN.md: form or JSON) */
	g_key_file_set_string(kf, "gateway", "token-format", "form");
	config = td_gateway_config_new_from_key_file(kf, dir, &error);
	g_assert_no_error(error);
	g_assert_true(config->token_as_form);
	g_clear_pointer(&config, td_gateway_config_free);
	g_key_file_set_string(kf, "gateway", "token-format", "xml");
	bad = td_gateway_config_new_from_key_file(kf, dir, &error);
	g_assert_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_CONFIG);
	g_assert_null(bad);
	g_clear_error(&error);
	g_key_file_remove_key(kf, "gateway", "token-format", NULL);

	/* typed decomposed ("Unicode tổ hợp"): sent composed, as BHXH
	 * holds it */
	g_key_file_set_string(kf, "gateway", "staff-name", "Tra\u0302\u0300n Thi\u0323 Lan Anh");
	config = td_gateway_config_new_from_key_file(kf, dir, &error);
	g_assert_no_error(error);
	g_assert_cmpstr(config->staff_name, ==, "Trần Thị Lan Anh");
	g_key_file_set_string(kf, "gateway", "staff-name", "Trần Thị Lan Anh");

	/* readable by others: refused, with the fix in the message */
	g_chmod(path, 0640);
	bad = td_gateway_config_new_from_key_file(kf, dir, &error);
	g_assert_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_CONFIG);
	g_assert_nonnull(strstr(error->message, "chmod 600"));
	g_assert_null(bad);
	g_clear_error(&error);
	g_chmod(path, 0600);

	g_key_file_set_string(kf, "gateway", "url", "http://egw.example.vn");
	bad = td_gateway_config_new_from_key_file(kf, dir, &error);
	g_assert_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_CONFIG);
	g_clear_error(&error);
	g_key_file_set_string(kf, "gateway", "url", "https://egw.example.vn");
	g_key_file_set_string(kf, "gateway", "birth-date-format", "yyyy-mm-dd");
	bad = td_gateway_config_new_from_key_file(kf, dir, &error);
	g_assert_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_CONFIG);
	g_clear_error(&error);
	g_key_file_set_string(kf, "gateway", "birth-date-format", "ddmmyyyy");
	g_key_file_set_string(kf, "gateway", "timeout", "-3");
	bad = td_gateway_config_new_from_key_file(kf, dir, &error);
	g_assert_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_CONFIG);
	g_clear_error(&error);
	g_key_file_remove_key(kf, "gateway", "timeout", NULL);
	g_key_file_remove_key(kf, "gateway", "staff-id", NULL);
	bad = td_gateway_config_new_from_key_file(kf, dir, &error);
	g_assert_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_CONFIG);
	g_assert_nonnull(strstr(error->message, "staff-id"));

	g_unlink(path);
	g_rmdir(dir);
}

static void
test_cache_keys(void)
{
	g_autoptr(TdGatewayCache) cache = td_gateway_cache_new(60, 2);
	g_autoptr(TdEligibilityQuery) a = td_eligibility_query_new("001088000001", "An", "1988", NULL);
	g_autoptr(TdEligibilityQuery) b = td_eligibility_query_new("001088000001", "Anh", "1988", NULL);
	g_autoptr(TdEligibilityQuery) c = td_eligibility_query_new("001088000002", "An", "1988", NULL);
	g_autoptr(TdEligibility) ok = td_eligibility_new_failure(TD_ELIGIBILITY_STATUS_EXPIRED, -1, NULL);
	g_autoptr(TdEligibility) down =
	    td_eligibility_new_failure(TD_ELIGIBILITY_STATUS_UNAVAILABLE, TD_GATEWAY_ERROR_TIMEOUT, "x");
	g_autoptr(TdEligibility) hit = NULL;
	g_autoptr(TdEligibility) miss = NULL;
	g_autoptr(TdEligibility) not_stored = NULL;

	td_gateway_cache_store(cache, a, ok);
	td_gateway_cache_store(cache, c, down);
	hit = td_gateway_cache_lookup(cache, a);
	miss = td_gateway_cache_lookup(cache, b);
	not_stored = td_gateway_cache_lookup(cache, c);
	g_assert_nonnull(hit);
	g_assert_cmpint(hit->status, ==, TD_ELIGIBILITY_STATUS_EXPIRED);
	g_assert_null(miss);
	g_assert_null(not_stored);
}

static void
test_rate_limit(void)
{
	g_autoptr(TdGatewayRateLimit) limit = td_gateway_rate_limit_new(1, 2);
	g_autoptr(GError) error = NULL;

	g_assert_true(td_gateway_rate_limit_acquire(limit, 0, NULL, &error));
	g_assert_true(td_gateway_rate_limit_acquire(limit, 0, NULL, &error));
	g_assert_no_error(error);
	/* the third needs about a second: refused when not willing to wait */
	g_assert_false(td_gateway_rate_limit_acquire(limit, 100 * 1000, NULL, &error));
	g_assert_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_RATE_LIMITED);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/net/answer/parse", test_answer_parse);
	g_test_add_func("/net/answer/malformed", test_answer_malformed);
	g_test_add_func("/net/answer/mapping", test_mapping);
	g_test_add_func("/net/answer/old-card-new-card-unnamed", test_old_card_new_card_unnamed);
	g_test_add_func("/net/token/parse", test_token);
	g_test_add_func("/net/query/check", test_query);
	g_test_add_func("/net/query/birth-date-parts", test_query_birth_date_parts);
	g_test_add_func("/net/config/read", test_config);
	g_test_add_func("/net/cache/keys", test_cache_keys);
	g_test_add_func("/net/rate-limit/refuse", test_rate_limit);
	return g_test_run();
}
