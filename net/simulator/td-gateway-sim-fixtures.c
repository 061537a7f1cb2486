/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "td-gateway-sim-fixtures.h"

static void
sim_citizen_free(gpointer data)
{
	TdSimCitizen *c = data;
	gchar **fields[] = {
	    &c->id,	    &c->card,		&c->name,	   &c->birth_date,
	    &c->gender,	    &c->address,	&c->result,	   &c->facility,
	    &c->insurer,    &c->valid_from,	&c->valid_to,	   &c->five_year_date,
	    &c->social_number, &c->old_card,	&c->new_card,	   &c->new_valid_from,
	    &c->new_valid_to, &c->new_facility, &c->new_facility_name, &c->new_result,
	    &c->card_result, &c->note,	    &c->answer,
	};
	for (gsize i = 0; i < G_N_ELEMENTS(fields); i++)
		g_free(*fields[i]);
	g_free(c);
}

static void
sim_account_free(gpointer data)
{
	TdSimAccount *a = data;
	g_free(a->username);
	g_free(a->password);
	g_free(a);
}

static void
sim_staff_free(gpointer data)
{
	TdSimStaff *s = data;
	g_free(s->name);
	g_free(s->cccd);
	g_free(s);
}

void
td_sim_fixtures_free(TdSimFixtures *fixtures)
{
	if (fixtures == NULL)
		return;
	g_ptr_array_unref(fixtures->citizens);
	g_ptr_array_unref(fixtures->accounts);
	g_ptr_array_unref(fixtures->staff);
	g_free(fixtures);
}

static gchar *
sim_get_string(JsonObject *object, const gchar *member)
{
	JsonNode *node = json_object_get_member(object, member);
	if (node == NULL || !JSON_NODE_HOLDS_VALUE(node) ||
	    json_node_get_value_type(node) != G_TYPE_STRING)
		return NULL;
	return g_strdup(json_node_get_string(node));
}

static JsonArray *
sim_get_array(JsonObject *root, const gchar *member, GError **error)
{
	JsonNode *node = json_object_get_member(root, member);
	if (node == NULL || !JSON_NODE_HOLDS_ARRAY(node)) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
			    "fixture file has no \"%s\" array", member);
		return NULL;
	}
	return json_node_get_array(node);
}

static gboolean
sim_load_citizen(TdSimFixtures *fixtures, JsonObject *o, guint index, GError **error)
{
	TdSimCitizen *c = g_new0(TdSimCitizen, 1);
	struct {
		const gchar *member;
		gchar **field;
	} fields[] = {
	    {"id", &c->id},
	    {"card", &c->card},
	    {"name", &c->name},
	    {"birth_date", &c->birth_date},
	    {"gender", &c->gender},
	    {"address", &c->address},
	    {"result", &c->result},
	    {"facility", &c->facility},
	    {"insurer", &c->insurer},
	    {"valid_from", &c->valid_from},
	    {"valid_to", &c->valid_to},
	    {"five_year_date", &c->five_year_date},
	    {"social_number", &c->social_number},
	    {"old_card", &c->old_card},
	    {"new_card", &c->new_card},
	    {"new_valid_from", &c->new_valid_from},
	    {"new_valid_to", &c->new_valid_to},
	    {"new_facility", &c->new_facility},
	    {"new_facility_name", &c->new_facility_name},
	    {"new_result", &c->new_result},
	    {"card_result", &c->card_result},
	    {"note", &c->note},
	    {"answer", &c->answer},
	};
	for (gsize i = 0; i < G_N_ELEMENTS(fields); i++)
		*fields[i].field = sim_get_string(o, fields[i].member);
	c->latency_ms = (guint)CLAMP(json_object_get_int_member_with_default(o, "latency_ms", 0),
				     0, 600000);
	g_ptr_array_add(fixtures->citizens, c);
	if ((c->id == NULL && c->card == NULL) || c->name == NULL || c->birth_date == NULL ||
	    c->result == NULL) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
			    "citizen %u needs id or card, name, birth_date and result", index);
		return FALSE;
	}
	return TRUE;
}

TdSimFixtures *
td_sim_fixtures_load(const gchar *path, GError **error)
{
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autoptr(TdSimFixtures) fixtures = g_new0(TdSimFixtures, 1);
	JsonObject *root;
	JsonArray *array;

	fixtures->citizens = g_ptr_array_new_with_free_func(sim_citizen_free);
	fixtures->accounts = g_ptr_array_new_with_free_func(sim_account_free);
	fixtures->staff = g_ptr_array_new_with_free_func(sim_staff_free);
	if (!json_parser_load_from_file(parser, path, error))
		return NULL;
	if (!JSON_NODE_HOLDS_OBJECT(json_parser_get_root(parser))) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
			    "fixture file %s is not a JSON object", path);
		return NULL;
	}
	root = json_node_get_object(json_parser_get_root(parser));

	if ((array = sim_get_array(root, "accounts", error)) == NULL)
		return NULL;
	for (guint i = 0; i < json_array_get_length(array); i++) {
		JsonObject *o = json_array_get_object_element(array, i);
		TdSimAccount *a;
		if (o == NULL)
			continue;
		a = g_new0(TdSimAccount, 1);
		a->username = sim_get_string(o, "username");
		a->password = sim_get_string(o, "password");
		a->tokens_refused = json_object_get_boolean_member_with_default(o, "tokens_refused", FALSE);
		a->checks_forbidden = json_object_get_boolean_member_with_default(o, "checks_forbidden", FALSE);
		a->token_form_only = json_object_get_boolean_member_with_default(o, "token_form_only", FALSE);
		g_ptr_array_add(fixtures->accounts, a);
		if (a->username == NULL || a->password == NULL) {
			g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
				    "account %u needs username and password", i);
			return NULL;
		}
	}
	if ((array = sim_get_array(root, "staff", error)) == NULL)
		return NULL;
	for (guint i = 0; i < json_array_get_length(array); i++) {
		JsonObject *o = json_array_get_object_element(array, i);
		TdSimStaff *s;
		if (o == NULL)
			continue;
		s = g_new0(TdSimStaff, 1);
		s->name = sim_get_string(o, "name");
		s->cccd = sim_get_string(o, "cccd");
		g_ptr_array_add(fixtures->staff, s);
		if (s->name == NULL || s->cccd == NULL) {
			g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
				    "staff %u needs name and cccd", i);
			return NULL;
		}
	}
	if ((array = sim_get_array(root, "citizens", error)) == NULL)
		return NULL;
	for (guint i = 0; i < json_array_get_length(array); i++) {
		JsonObject *o = json_array_get_object_element(array, i);
		if (o != NULL && !sim_load_citizen(fixtures, o, i, error))
			return NULL;
	}
	return g_steal_pointer(&fixtures);
}

const TdSimCitizen *
td_sim_fixtures_find_citizen(const TdSimFixtures *fixtures, const gchar *ma_the,
			     gboolean *by_new_card)
{
	*by_new_card = FALSE;
	for (guint i = 0; i < fixtures->citizens->len; i++) {
		const TdSimCitizen *c = g_ptr_array_index(fixtures->citizens, i);
		if (g_strcmp0(c->id, ma_the) == 0 || g_strcmp0(c->card, ma_the) == 0)
			return c;
	}
	for (guint i = 0; i < fixtures->citizens->len; i++) {
		const TdSimCitizen *c = g_ptr_array_index(fixtures->citizens, i);
		if (g_strcmp0(c->new_card, ma_the) == 0) {
			*by_new_card = TRUE;
			return c;
		}
	}
	return NULL;
}

const TdSimAccount *
td_sim_fixtures_find_account(const TdSimFixtures *fixtures, const gchar *username)
{
	for (guint i = 0; i < fixtures->accounts->len; i++) {
		const TdSimAccount *a = g_ptr_array_index(fixtures->accounts, i);
		if (g_strcmp0(a->username, username) == 0)
			return a;
	}
	return NULL;
}

const TdSimStaff *
td_sim_fixtures_find_staff(const TdSimFixtures *fixtures, const gchar *cccd)
{
	for (guint i = 0; i < fixtures->staff->len; i++) {
		const TdSimStaff *s = g_ptr_array_index(fixtures->staff, i);
		if (g_strcmp0(s->cccd, cccd) == 0)
			return s;
	}
	return NULL;
}

static gchar *
sim_name_key(const gchar *name)
{
	g_autofree gchar *nfc = NULL;
	g_autofree gchar *folded = NULL;
	g_auto(GStrv) words = NULL;

	if (name == NULL || !g_utf8_validate(name, -1, NULL))
		return NULL;
	nfc = g_utf8_normalize(name, -1, G_NORMALIZE_NFC);
	folded = g_utf8_casefold(nfc, -1);
	words = g_strsplit_set(g_strstrip(folded), " \t", -1);
	{
		g_autoptr(GString) out = g_string_new(NULL);
		for (guint i = 0; words[i] != NULL; i++) {
			if (words[i][0] == '\0')
				continue;
			if (out->len > 0)
				g_string_append_c(out, ' ');
			g_string_append(out, words[i]);
		}
		return g_string_free(g_steal_pointer(&out), FALSE);
	}
}

gboolean
td_sim_names_equal(const gchar *a, const gchar *b)
{
	g_autofree gchar *ka = sim_name_key(a);
	g_autofree gchar *kb = sim_name_key(b);
	return ka != NULL && kb != NULL && ka[0] != '\0' && g_strcmp0(ka, kb) == 0;
}

gboolean
td_sim_names_same_initial(const gchar *a, const gchar *b)
{
	g_autofree gchar *ka = sim_name_key(a);
	g_autofree gchar *kb = sim_name_key(b);
	return ka != NULL && kb != NULL && ka[0] != '\0' && kb[0] != '\0' &&
	       g_utf8_get_char(ka) == g_utf8_get_char(kb);
}

static gboolean
sim_all_digits(const gchar *text, gsize len)
{
	for (gsize i = 0; i < len; i++) {
		if (!g_ascii_isdigit(text[i]))
			return FALSE;
	}
	return TRUE;
}

gboolean
td_sim_parse_date(const gchar *text, guint *day, guint *month, guint *year)
{
	gchar digits[9] = {0};
	gsize n = 0;
	gsize len;

	if (text == NULL)
		return FALSE;
	len = strlen(text);
	/* keep the digits of the known shapes only */
	if (len == 10 && text[2] == '/' && text[5] == '/') {
		memcpy(digits, text, 2);
		memcpy(digits + 2, text + 3, 2);
		memcpy(digits + 4, text + 6, 4);
		n = 8;
	} else if (len == 7 && text[2] == '/') {
		memcpy(digits, text, 2);
		memcpy(digits + 2, text + 3, 4);
		n = 6;
	} else if (len == 8 || len == 4) {
		/* ddmmyyyy (the spec's example) or yyyy; a month and year
		 * come only as mm/yyyy, so six digits are refused (205) */
		memcpy(digits, text, len);
		n = len;
	} else {
		return FALSE;
	}
	if (!sim_all_digits(digits, n))
		return FALSE;
	*year = (guint)g_ascii_strtoull(digits + n - 4, NULL, 10);
	digits[n - 4] = '\0';
	*month = n >= 6 ? (guint)g_ascii_strtoull(digits + n - 6, NULL, 10) : 0;
	if (n >= 6)
		digits[n - 6] = '\0';
	*day = n == 8 ? (guint)g_ascii_strtoull(digits, NULL, 10) : 0;
	if (*year < 1900 || (n >= 6 && (*month < 1 || *month > 12)))
		return FALSE;
	if (n == 8 && !g_date_valid_dmy((GDateDay)*day, (GDateMonth)*month, (GDateYear)*year))
		return FALSE;
	return TRUE;
}
