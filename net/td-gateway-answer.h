/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Answers larger than this are refused. A card-check answer without its
 * histories is well under 4 KiB (dsLichSuKCB2018 is always null now), but
 * dsLichSuKT2018, the card's check history, may be filled (DOMAIN.md does
 * not say it is null): a patient checked in every month for years carries
 * hundreds of entries, more than the 64 KiB this was. */
#define TD_GATEWAY_ANSWER_MAX (512 * 1024)

/* The card-check answer of KQNhanLichSuKCB2024, fields as the gateway sent
 * them (NULL when absent or null). Holds personal data: freed with a wipe,
 * never logged. */
typedef struct {
	gchar *result_code;	 /* maKetQua, verbatim */
	gchar *note;		 /* ghiChu */
	gchar *card_code;	 /* maThe */
	gchar *name;		 /* hoTen */
	gchar *birth_date;	 /* ngaySinh */
	gchar *facility;	 /* maDKBD */
	gchar *insurer;		 /* cqBHXH */
	gchar *valid_from;	 /* gtTheTu, dd/mm/yyyy */
	gchar *valid_to;	 /* gtTheDen, dd/mm/yyyy */
	gchar *five_year_date;	 /* ngayDu5Nam */
	gchar *social_number;	 /* maSoBHXH */
	gchar *old_card_code;	 /* maTheCu */
	gchar *new_card_code;	 /* maTheMoi */
	gchar *new_valid_from;	 /* gtTheTuMoi */
	gchar *new_valid_to;	 /* gtTheDenMoi */
	gchar *new_facility;	 /* maDKBDMoi */
	gchar *new_facility_name; /* tenDKBDMoi */
} TdGatewayAnswer;

/* Parses an answer body: members matched in any letter case, string values
 * without the spaces around them, blank ones NULL. Refuses (TD_GATEWAY_ERROR_MALFORMED) empty, larger
 * than TD_GATEWAY_ANSWER_MAX, not UTF-8, not a JSON object, without a
 * maKetQua, or with a field of the wrong type. */
TdGatewayAnswer *td_gateway_answer_parse(const guint8 *data, gsize len, GError **error);
void td_gateway_answer_free(TdGatewayAnswer *answer);

/* Shared by the answer and token parsers: checks size and UTF-8, parses JSON,
 * returns the root object (owned by the returned parser). */
JsonObject *td_gateway_answer_parse_object(const guint8 *data, gsize len,
					   JsonParser **parser_out, GError **error);
/* A member of object by its name, or in another letter case when the name
 * itself is absent and only one such spelling is there; NULL otherwise. */
JsonNode *td_gateway_answer_member(JsonObject *object, const gchar *member);
/* Reads maKetQua (a string, spaces around it dropped, or an integer 0..999
 * written as 3 digits). */
gchar *td_gateway_answer_result_code(JsonObject *object, GError **error);

/* "dd/mm/yyyy" (or "ddmmyyyy") → "yyyy-mm-dd"; NULL if not a real date. */
gchar *td_gateway_date_to_iso(const gchar *date);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdGatewayAnswer, td_gateway_answer_free)

G_END_DECLS
