/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "td-day-report.h"
#include "td-gateway-error.h"
#include "td-net-util.h"

#define TD_DAY_REPORT_STATION_MAX 16
#define TD_DAY_REPORT_PROGRAM_MAX 64

/* The counters, in wire order; one table for writing, reading and checking. */
static const struct {
	const gchar *name;
	gsize offset;
} day_report_counts[] = {
    {"kiosks", G_STRUCT_OFFSET(TdDayReport, kiosks)},
    {"checkins", G_STRUCT_OFFSET(TdDayReport, checkins)},
    {"by_chip_card", G_STRUCT_OFFSET(TdDayReport, by_chip_card)},
    {"eligible", G_STRUCT_OFFSET(TdDayReport, eligible)},
    {"pending_eligibility", G_STRUCT_OFFSET(TdDayReport, pending_eligibility)},
    {"see_staff", G_STRUCT_OFFSET(TdDayReport, see_staff)},
    {"vneid_asked", G_STRUCT_OFFSET(TdDayReport, vneid_asked)},
    {"vneid_integrated", G_STRUCT_OFFSET(TdDayReport, vneid_integrated)},
    {"vneid_no_account", G_STRUCT_OFFSET(TdDayReport, vneid_no_account)},
};

#define DAY_REPORT_COUNT(report, i) G_STRUCT_MEMBER(guint, (report), day_report_counts[i].offset)

TdDayReport *
td_day_report_new(void)
{
	return g_new0(TdDayReport, 1);
}

void
td_day_report_free(TdDayReport *report)
{
	if (report == NULL)
		return;
	g_free(report->station);
	g_free(report->day);
	g_free(report->program);
	g_free(report);
}

gboolean
td_day_report_station_code_is_valid(const gchar *code)
{
	gsize len = code != NULL ? strlen(code) : 0;
	if (len == 0 || len > TD_DAY_REPORT_STATION_MAX)
		return FALSE;
	for (gsize i = 0; i < len; i++) {
		if (!g_ascii_isalnum(code[i]))
			return FALSE;
	}
	return TRUE;
}

gchar *
td_day_report_day_text(const gchar *day)
{
	if (strlen(day) != 10 || day[4] != '-' || day[7] != '-')
		return g_strdup(day);
	return g_strdup_printf("%.2s/%.2s/%.4s", day + 8, day + 5, day);
}

gboolean
td_day_report_day_is_valid(const gchar *day)
{
	guint y = 0, m = 0, d = 0;

	if (day == NULL || strlen(day) != 10 || day[4] != '-' || day[7] != '-')
		return FALSE;
	for (guint i = 0; i < 10; i++) {
		if (i != 4 && i != 7 && !g_ascii_isdigit(day[i]))
			return FALSE;
	}
	y = (guint)g_ascii_strtoull(day, NULL, 10);
	m = (guint)g_ascii_strtoull(day + 5, NULL, 10);
	d = (guint)g_ascii_strtoull(day + 8, NULL, 10);
	return y >= 2000 && m >= 1 && m <= 12 && d >= 1 &&
	       g_date_valid_dmy((GDateDay)d, (GDateMonth)m, (GDateYear)y);
}

static gboolean
day_report_program_is_valid(const gchar *program)
{
	gsize len = program != NULL ? strlen(program) : 0;
	if (len == 0 || len > TD_DAY_REPORT_PROGRAM_MAX)
		return FALSE;
	for (gsize i = 0; i < len; i++) {
		if (program[i] < 0x20 || program[i] > 0x7e)
			return FALSE;
	}
	return TRUE;
}

static gboolean
day_report_invalid(GError **error, const gchar *what)
{
	g_set_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_INVALID_INPUT, "day report: %s", what);
	return FALSE;
}

gboolean
td_day_report_validate(const TdDayReport *r, GError **error)
{
	if (!td_day_report_station_code_is_valid(r->station))
		return day_report_invalid(error, "\"station\" must be 1 to 16 letters and digits");
	if (!td_day_report_day_is_valid(r->day))
		return day_report_invalid(error, "\"date\" must be a real date, yyyy-mm-dd");
	if (!day_report_program_is_valid(r->program))
		return day_report_invalid(error, "\"program\" must be 1 to 64 printable ASCII characters");
	for (guint i = 0; i < G_N_ELEMENTS(day_report_counts); i++) {
		if (DAY_REPORT_COUNT(r, i) > TD_DAY_REPORT_MAX_COUNT) {
			g_autofree gchar *what = g_strdup_printf("\"%s\" is out of range", day_report_counts[i].name);
			return day_report_invalid(error, what);
		}
	}
	if (r->kiosks < 1 || r->kiosks > TD_DAY_REPORT_MAX_KIOSKS)
		return day_report_invalid(error, "\"kiosks\" must be 1 to 64");
	/* each part is a share of the check-ins, and the outcomes exclude
	 * each other */
	if (r->by_chip_card > r->checkins || r->eligible > r->checkins || r->vneid_asked > r->checkins ||
	    r->pending_eligibility + r->see_staff > r->checkins)
		return day_report_invalid(error, "a count is larger than \"checkins\"");
	if (r->vneid_integrated + r->vneid_no_account > r->vneid_asked)
		return day_report_invalid(error, "VNeID answers add up to more than \"vneid_asked\"");
	return TRUE;
}

static gchar *
day_report_generate(JsonBuilder *builder)
{
	g_autoptr(JsonNode) root = json_builder_get_root(builder);
	return json_to_string(root, FALSE);
}

static void
day_report_add_string(JsonBuilder *builder, const gchar *name, const gchar *value)
{
	json_builder_set_member_name(builder, name);
	json_builder_add_string_value(builder, value);
}

gchar *
td_day_report_to_json(const TdDayReport *report)
{
	g_autoptr(JsonBuilder) builder = json_builder_new_immutable();

	json_builder_begin_object(builder);
	json_builder_set_member_name(builder, "format");
	json_builder_add_int_value(builder, TD_DAY_REPORT_FORMAT);
	day_report_add_string(builder, "station", report->station);
	day_report_add_string(builder, "date", report->day);
	day_report_add_string(builder, "program", report->program);
	for (guint i = 0; i < G_N_ELEMENTS(day_report_counts); i++) {
		json_builder_set_member_name(builder, day_report_counts[i].name);
		json_builder_add_int_value(builder, DAY_REPORT_COUNT(report, i));
	}
	json_builder_end_object(builder);
	return day_report_generate(builder);
}

/* The member as a value of that type, NULL when it is not one: json-glib's
 * typed getters warn on a member of another type. */
static JsonNode *
day_report_value(JsonObject *object, const gchar *name, GType type)
{
	JsonNode *node = json_object_get_member(object, name);
	if (node == NULL || !JSON_NODE_HOLDS_VALUE(node) || json_node_get_value_type(node) != type)
		return NULL;
	return node;
}

/* An integer member 0..TD_DAY_REPORT_MAX_COUNT. */
static gboolean
day_report_get_count(JsonObject *object, const gchar *name, guint *out, GError **error)
{
	JsonNode *node = day_report_value(object, name, G_TYPE_INT64);
	gint64 value;

	if (node == NULL) {
		g_set_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_MALFORMED,
			    "day report: \"%s\" must be a whole number", name);
		return FALSE;
	}
	value = json_node_get_int(node);
	if (value < 0 || value > TD_DAY_REPORT_MAX_COUNT) {
		g_set_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_INVALID_INPUT, "day report: \"%s\" is out of range",
			    name);
		return FALSE;
	}
	*out = (guint)value;
	return TRUE;
}

/* A string member (any length here: validation bounds it). */
static gchar *
day_report_get_string(JsonObject *object, const gchar *name, GError **error)
{
	JsonNode *node = day_report_value(object, name, G_TYPE_STRING);
	if (node == NULL) {
		g_set_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_MALFORMED, "day report: \"%s\" must be a string",
			    name);
		return NULL;
	}
	return g_strdup(json_node_get_string(node));
}

TdDayReport *
td_day_report_from_json(const guint8 *data, gsize len, GError **error)
{
	g_autoptr(JsonParser) parser = NULL;
	g_autoptr(TdDayReport) report = td_day_report_new();
	JsonObject *object;
	guint format = 0;

	object = td_net_parse_json_object(data, len, TD_DAY_REPORT_MAX_LEN, "the day report", &parser, error);
	if (object == NULL)
		return NULL;
	if (!day_report_get_count(object, "format", &format, error))
		return NULL;
	if (format != TD_DAY_REPORT_FORMAT) {
		g_set_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_INVALID_INPUT,
			    "day report: format %u is not the one this program reads (%d)", format,
			    TD_DAY_REPORT_FORMAT);
		return NULL;
	}
	if ((report->station = day_report_get_string(object, "station", error)) == NULL ||
	    (report->day = day_report_get_string(object, "date", error)) == NULL ||
	    (report->program = day_report_get_string(object, "program", error)) == NULL)
		return NULL;
	for (guint i = 0; i < G_N_ELEMENTS(day_report_counts); i++) {
		if (!day_report_get_count(object, day_report_counts[i].name, &DAY_REPORT_COUNT(report, i), error))
			return NULL;
	}
	if (!td_day_report_validate(report, error))
		return NULL;
	return g_steal_pointer(&report);
}

gchar *
td_day_report_ack_to_json(const TdDayReport *report, TdDayReportStored stored)
{
	g_autoptr(JsonBuilder) builder = json_builder_new_immutable();

	json_builder_begin_object(builder);
	json_builder_set_member_name(builder, "stored");
	json_builder_add_boolean_value(builder, TRUE);
	day_report_add_string(builder, "station", report->station);
	day_report_add_string(builder, "date", report->day);
	json_builder_set_member_name(builder, "replaced");
	json_builder_add_boolean_value(builder, stored != TD_DAY_REPORT_STORED);
	json_builder_set_member_name(builder, "changed");
	json_builder_add_boolean_value(builder, stored == TD_DAY_REPORT_REPLACED_CHANGED);
	json_builder_end_object(builder);
	return day_report_generate(builder);
}

static gboolean
day_report_get_boolean(JsonObject *object, const gchar *name)
{
	JsonNode *node = day_report_value(object, name, G_TYPE_BOOLEAN);
	return node != NULL && json_node_get_boolean(node);
}

static gboolean
day_report_member_equals(JsonObject *object, const gchar *name, const gchar *expected)
{
	JsonNode *node = day_report_value(object, name, G_TYPE_STRING);
	return node != NULL && g_strcmp0(json_node_get_string(node), expected) == 0;
}

gboolean
td_day_report_ack_parse(const guint8 *data, gsize len, const TdDayReport *report, TdDayReportStored *stored,
			GError **error)
{
	g_autoptr(JsonParser) parser = NULL;
	JsonObject *object;

	object = td_net_parse_json_object(data, len, TD_DAY_REPORT_MAX_LEN, "the hub's answer", &parser, error);
	if (object == NULL)
		return FALSE;
	if (!day_report_get_boolean(object, "stored") || !day_report_member_equals(object, "station", report->station) ||
	    !day_report_member_equals(object, "date", report->day)) {
		g_set_error_literal(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_MALFORMED,
				    "the hub's answer does not acknowledge this station's report for this day");
		return FALSE;
	}
	if (stored != NULL)
		*stored = !day_report_get_boolean(object, "replaced")  ? TD_DAY_REPORT_STORED
			  : day_report_get_boolean(object, "changed") ? TD_DAY_REPORT_REPLACED_CHANGED
								    : TD_DAY_REPORT_REPLACED_SAME;
	return TRUE;
}

gchar *
td_day_report_rate_text(guint integrated, guint asked)
{
	if (asked == 0)
		return g_strdup("chưa hỏi lượt nào");
	return g_strdup_printf("%u%% (%u trên %u lượt)", td_day_report_percent(integrated, asked), integrated, asked);
}

guint
td_day_report_percent(guint part, guint whole)
{
	/* to the nearest, in integers */
	guint percent = (guint)((200 * (guint64)part + whole) / (2 * (guint64)whole));

	if (percent == 100 && part < whole)
		return 99;
	if (percent == 0 && part > 0)
		return 1;
	return percent;
}
