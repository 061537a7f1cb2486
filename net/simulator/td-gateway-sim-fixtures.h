/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The simulator's world, from a JSON fixture file (see
 * gateway-sim-citizens.json): gateway accounts, staff registered with BHXH,
 * and citizens with the answer each one gets. */
typedef struct {
	gchar *id;   /* 12-digit citizen ID, may be NULL */
	gchar *card; /* 15-character card code, may be NULL */
	gchar *name;
	gchar *birth_date; /* dd/mm/yyyy, mm/yyyy or yyyy */
	gchar *gender;
	gchar *address;
	gchar *result; /* maKetQua this citizen gets */
	gchar *facility;
	gchar *insurer;
	gchar *valid_from;
	gchar *valid_to;
	gchar *five_year_date;
	gchar *social_number;
	gchar *old_card;
	gchar *new_card;
	gchar *new_valid_from;
	gchar *new_valid_to;
	gchar *new_facility;
	gchar *new_facility_name;
	gchar *new_result; /* what a look-up by new_card answers; default 000 */
	/* what a look-up by the card code answers when the ID's answer
	 * differs: BHXH has not linked the ID number to the card yet, so
	 * the kiosk's look-up by ID finds nothing (050) while the code on
	 * the paper card does; NULL: the same as by ID */
	gchar *card_result;
	gchar *note;
	/* a broken answer on purpose: "huge", "non-utf8", "not-json",
	 * "truncated", "no-code", "drop"; "padded": the usual answer with its
	 * values padded as a fixed-width column gives them; NULL for the
	 * usual answer */
	gchar *answer;
	guint latency_ms;
} TdSimCitizen;

typedef struct {
	gchar *username;
	gchar *password;
	gboolean tokens_refused; /* takes succeed, every check answers 401 */
	/* takes succeed, every check answers HTTP 403 with no body: an account
	 * not granted the card check (seen by a HIS at one facility) */
	gboolean checks_forbidden;
	/* the login read as a form only: one sent as JSON is refused (401),
	 * as a gateway that binds form fields finds no username in it */
	gboolean token_form_only;
} TdSimAccount;

typedef struct {
	gchar *name;
	gchar *cccd;
} TdSimStaff;

typedef struct {
	GPtrArray *citizens;
	GPtrArray *accounts;
	GPtrArray *staff;
} TdSimFixtures;

TdSimFixtures *td_sim_fixtures_load(const gchar *path, GError **error);
void td_sim_fixtures_free(TdSimFixtures *fixtures);

/* By ID number, card code or new card code (then *by_new_card is TRUE). */
const TdSimCitizen *td_sim_fixtures_find_citizen(const TdSimFixtures *fixtures,
						 const gchar *ma_the, gboolean *by_new_card);
const TdSimAccount *td_sim_fixtures_find_account(const TdSimFixtures *fixtures,
						 const gchar *username);
const TdSimStaff *td_sim_fixtures_find_staff(const TdSimFixtures *fixtures, const gchar *cccd);

/* Names compare as the gateway seems to: NFC, case and spacing ignored. */
gboolean td_sim_names_equal(const gchar *a, const gchar *b);
gboolean td_sim_names_same_initial(const gchar *a, const gchar *b);
/* Parses dd/mm/yyyy, ddmmyyyy, mm/yyyy, mmyyyy or yyyy into d/m/y (0 for
 * missing parts). FALSE if none of those. */
gboolean td_sim_parse_date(const gchar *text, guint *day, guint *month, guint *year);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdSimFixtures, td_sim_fixtures_free)

G_END_DECLS
