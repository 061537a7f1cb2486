/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "td-gateway-answer.h"
#include "td-gateway-error.h"
#include "td-net-util.h"
#include "td-secret.h"

/* Any single field longer than this is not something the gateway sends. */
#define TD_GATEWAY_FIELD_MAX 1024

void
td_gateway_answer_free(TdGatewayAnswer *answer)
{
	if (answer == NULL)
		return;
	td_str_clear_free(answer->result_code);
	td_str_clear_free(answer->note);
	td_str_clear_free(answer->card_code);
	td_str_clear_free(answer->name);
	td_str_clear_free(answer->birth_date);
	td_str_clear_free(answer->facility);
	td_str_clear_free(answer->insurer);
	td_str_clear_free(answer->valid_from);
	td_str_clear_free(answer->valid_to);
	td_str_clear_free(answer->five_year_date);
	td_str_clear_free(answer->social_number);
	td_str_clear_free(answer->old_card_code);
	td_str_clear_free(answer->new_card_code);
	td_str_clear_free(answer->new_valid_from);
	td_str_clear_free(answer->new_valid_to);
	td_str_clear_free(answer->new_facility);
	td_str_clear_free(answer->new_facility_name);
	g_free(answer);
}

JsonObject *
td_gateway_answer_parse_object(const guint8 *data, gsize len, JsonParser **parser_out,
			       GError **error)
{
	return td_net_parse_json_object(data, len, TD_GATEWAY_ANSWER_MAX, "the gateway's answer",
					parser_out, error);
}

static gboolean
answer_text_is_clean(const gchar *text)
{
	/* stepping by characters through bytes that are not UTF-8 (a lead
	 * byte before the terminator) would read past the string's end */
	if (!g_utf8_validate(text, -1, NULL))
		return FALSE;
	for (const gchar *p = text; *p != '\0'; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (g_unichar_iscntrl(c) && c != '\n' && c != '\t')
			return FALSE;
	}
	return TRUE;
}

/* A copy of text without the spaces around it, its line ends "\n": the
 * gateway runs on Windows, and a note written there ends its lines
 * "\r\n" (a bare "\r" would let a note printed by `tiepdon eligibility`
 * write over its own line). No bytes of the value are left behind the
 * terminator to escape a wipe. */
static gchar *
answer_strdup_trimmed(const gchar *text)
{
	const gchar *end = text + strlen(text);
	gchar *copy;
	gsize kept = 0;
	gsize len;

	while (g_ascii_isspace(*text))
		text++;
	while (end > text && g_ascii_isspace(end[-1]))
		end--;
	len = (gsize)(end - text);
	copy = g_strndup(text, len);
	for (gsize i = 0; i < len; i++) {
		if (copy[i] == '\r' && i + 1 < len && copy[i + 1] == '\n')
			continue;
		copy[kept++] = copy[i] == '\r' ? '\n' : copy[i];
	}
	memset(copy + kept, 0, len - kept);
	return copy;
}

JsonNode *
td_gateway_answer_member(JsonObject *object, const gchar *member)
{
	JsonNode *node = json_object_get_member(object, member);
	JsonNode *found = NULL;
	JsonObjectIter iter;
	const gchar *name;
	JsonNode *value;

	if (node != NULL)
		return node;
	/* the gateway's other endpoints answer "MaKetQua", "MaGD": the same
	 * member in another case is that member. Two of them and no exact
	 * one: which is meant is unknown, so neither is taken (for maKetQua
	 * that is no verdict: pending, never eligible) */
	json_object_iter_init(&iter, object);
	while (json_object_iter_next(&iter, &name, &value)) {
		if (g_ascii_strcasecmp(name, member) != 0)
			continue;
		if (found != NULL)
			return NULL;
		found = value;
	}
	return found;
}

gchar *
td_gateway_answer_result_code(JsonObject *object, GError **error)
{
	JsonNode *node = td_gateway_answer_member(object, "maKetQua");

	if (node != NULL && JSON_NODE_HOLDS_VALUE(node) &&
	    json_node_get_value_type(node) == G_TYPE_STRING) {
		/* "000 " from a fixed-width column is 000 */
		g_autofree gchar *code = answer_strdup_trimmed(json_node_get_string(node));
		gsize len = strlen(code);
		if (len == 0 || len > 16)
			goto bad;
		for (gsize i = 0; i < len; i++) {
			if (!g_ascii_isgraph(code[i]))
				goto bad;
		}
		return g_steal_pointer(&code);
	}
	/* a few gateways (and the 401 of the token endpoint) send a number */
	if (node != NULL && JSON_NODE_HOLDS_VALUE(node) &&
	    json_node_get_value_type(node) == G_TYPE_INT64) {
		gint64 code = json_node_get_int(node);
		if (code < 0 || code > 999)
			goto bad;
		return g_strdup_printf("%03d", (gint)code);
	}
bad:
	g_set_error_literal(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_MALFORMED,
			    "the gateway's answer has no valid maKetQua");
	return NULL;
}

/* An optional string field: absent, null and blank are NULL; the spaces a
 * fixed-width column pads values with ("maDKBD":" ", "01001   ") are not
 * part of the value. Other types, overlong or control characters are a
 * malformed answer. */
static gboolean
answer_get_string(JsonObject *object, const gchar *member, gchar **out, GError **error)
{
	JsonNode *node = td_gateway_answer_member(object, member);
	gchar *text;

	if (node == NULL || JSON_NODE_HOLDS_NULL(node))
		return TRUE;
	if (!JSON_NODE_HOLDS_VALUE(node) || json_node_get_value_type(node) != G_TYPE_STRING) {
		g_set_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_MALFORMED,
			    "the gateway's answer field %s is not a string", member);
		return FALSE;
	}
	text = answer_strdup_trimmed(json_node_get_string(node));
	if (strlen(text) > TD_GATEWAY_FIELD_MAX || !answer_text_is_clean(text)) {
		td_str_clear_free(text);
		g_set_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_MALFORMED,
			    "the gateway's answer field %s is not plain text", member);
		return FALSE;
	}
	if (text[0] == '\0') {
		g_free(text);
		return TRUE;
	}
	*out = text;
	return TRUE;
}

TdGatewayAnswer *
td_gateway_answer_parse(const guint8 *data, gsize len, GError **error)
{
	g_autoptr(JsonParser) parser = NULL;
	g_autoptr(TdGatewayAnswer) answer = g_new0(TdGatewayAnswer, 1);
	JsonObject *object;
	/* decides: the verdict comes from these (the card and its dates),
	 * so one that is not plain text makes the answer unreadable
	 * (pending); the others are kept where they read well and dropped
	 * where not, so a number in maSoBHXH or maDKBD, a long cqBHXH or
	 * ghiChu does not leave an insured patient pending (DOMAIN.md gives
	 * no types). Without its note the verdict still stands; without
	 * maDKBD the facility is unknown; without maTheMoi a 003 goes to
	 * staff as "no new card named"; without ngayDu5Nam, no 5-year date */
	struct {
		const gchar *member;
		gchar **field;
		gboolean decides;
	} fields[] = {
		{"ghiChu", &answer->note, FALSE},
		{"maThe", &answer->card_code, TRUE},
		{"hoTen", &answer->name, FALSE},
		{"ngaySinh", &answer->birth_date, FALSE},
		{"maDKBD", &answer->facility, FALSE},
		{"cqBHXH", &answer->insurer, FALSE},
		{"gtTheTu", &answer->valid_from, TRUE},
		{"gtTheDen", &answer->valid_to, TRUE},
		{"ngayDu5Nam", &answer->five_year_date, FALSE},
		{"maSoBHXH", &answer->social_number, FALSE},
		{"maTheCu", &answer->old_card_code, FALSE},
		{"maTheMoi", &answer->new_card_code, FALSE},
		{"gtTheTuMoi", &answer->new_valid_from, FALSE},
		{"gtTheDenMoi", &answer->new_valid_to, FALSE},
		{"maDKBDMoi", &answer->new_facility, FALSE},
		{"tenDKBDMoi", &answer->new_facility_name, FALSE},
	};

	object = td_gateway_answer_parse_object(data, len, &parser, error);
	if (object == NULL)
		return NULL;
	answer->result_code = td_gateway_answer_result_code(object, error);
	if (answer->result_code == NULL)
		return NULL;
	for (gsize i = 0; i < G_N_ELEMENTS(fields); i++) {
		if (!answer_get_string(object, fields[i].member, fields[i].field, fields[i].decides ? error : NULL) &&
		    fields[i].decides)
			return NULL;
	}
	return g_steal_pointer(&answer);
}

gchar *
td_gateway_date_to_iso(const gchar *date)
{
	guint d, m, y;
	gsize len;

	if (date == NULL)
		return NULL;
	len = strlen(date);
	for (gsize i = 0; i < len; i++) {
		if (!g_ascii_isdigit(date[i]) && !(date[i] == '/' && (i == 2 || i == 5)))
			return NULL;
	}
	if (len == 10 && date[2] == '/' && date[5] == '/') {
		d = (guint)g_ascii_strtoull(date, NULL, 10);
		m = (guint)g_ascii_strtoull(date + 3, NULL, 10);
		y = (guint)g_ascii_strtoull(date + 6, NULL, 10);
	} else if (len == 8) {
		gchar buf[9];
		memcpy(buf, date, 9);
		y = (guint)g_ascii_strtoull(buf + 4, NULL, 10);
		buf[4] = '\0';
		m = (guint)g_ascii_strtoull(buf + 2, NULL, 10);
		buf[2] = '\0';
		d = (guint)g_ascii_strtoull(buf, NULL, 10);
	} else {
		return NULL;
	}
	if (y < 1900 || y > 9999 || !g_date_valid_dmy((GDateDay)d, (GDateMonth)m, (GDateYear)y))
		return NULL;
	return g_strdup_printf("%04u-%02u-%02u", y, m, d);
}
