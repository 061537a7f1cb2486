/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `tiepdon db init`: the roles of a station's database and what each may
 * do. Least privilege: the kiosk writes check-ins and reads today's; the
 * reception's staff resolve exceptions and check in today a patient
 * without a card; the manager reads counts; only the
 * owner may change the schema, delete, or read across days in full. */
#include "config.h"

#include "td-pg-store-private.h"

/* Login roles: each machine authenticates as one with its passfile
 * (DEPLOY.md). Created only when missing, so a password set since stays. */
static const gchar roles_sql[] =
    "DO $$BEGIN CREATE ROLE tiepdon_owner LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END$$;\n"
    "DO $$BEGIN CREATE ROLE tiepdon_kiosk LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END$$;\n"
    "DO $$BEGIN CREATE ROLE tiepdon_staff LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END$$;\n"
    "DO $$BEGIN CREATE ROLE tiepdon_manager LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END$$;\n"
    "-- the schema is the owner's: nobody else may create, drop or alter in it\n"
    "ALTER SCHEMA public OWNER TO tiepdon_owner;\n"
    "REVOKE ALL ON SCHEMA public FROM PUBLIC;\n"
    "GRANT USAGE ON SCHEMA public TO tiepdon_kiosk, tiepdon_staff, tiepdon_manager;\n";

/* Run as tiepdon_owner once the tables are there. Row security keeps a
 * kiosk to today's rows (the station's time zone says when today is); the
 * views give it what it needs from other days without personal data. */
static const gchar grants_sql[] =
    "REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC, tiepdon_kiosk, tiepdon_staff, tiepdon_manager;\n"
    "GRANT SELECT ON schema_version, station_settings TO tiepdon_kiosk, tiepdon_staff, tiepdon_manager;\n"
    "GRANT SELECT ON checkin_verdicts TO tiepdon_kiosk, tiepdon_staff, tiepdon_manager;\n"
    "GRANT SELECT ON vneid_history TO tiepdon_kiosk;\n"
    "-- the kiosk: check-ins, their exceptions, its counters, the audit trail\n"
    "GRANT SELECT, INSERT ON checkins, exceptions, staff_actions TO tiepdon_kiosk;\n"
    "GRANT SELECT, INSERT, UPDATE ON queue_counters TO tiepdon_kiosk;\n"
    "-- the kiosk's staff pages and the reception's: resolve, answer VNeID,\n"
    "-- and check in a patient without a card (today's number, below)\n"
    "GRANT SELECT ON checkins, exceptions TO tiepdon_staff;\n"
    "GRANT INSERT ON checkins TO tiepdon_staff;\n"
    "GRANT SELECT, INSERT, UPDATE ON queue_counters TO tiepdon_staff;\n"
    "GRANT SELECT, INSERT ON staff_actions TO tiepdon_staff;\n"
    "GRANT UPDATE (vneid, outcome, eligibility) ON checkins TO tiepdon_kiosk, tiepdon_staff;\n"
    "GRANT UPDATE (resolved, resolution, resolved_unix, resolved_by) ON exceptions TO tiepdon_kiosk, tiepdon_staff;\n"
    "-- staff accounts: the login pages list them and check the PIN's hash; the\n"
    "-- manager adds people, disables those who left and says who else\n"
    "-- manages (tiepdon staff)\n"
    "GRANT SELECT ON staff TO tiepdon_kiosk, tiepdon_staff;\n"
    "GRANT SELECT, INSERT, UPDATE (active, manager) ON staff TO tiepdon_manager;\n"
    "GRANT SELECT, INSERT, UPDATE (success) ON pin_attempts TO tiepdon_kiosk, tiepdon_staff;\n"
    "-- a kiosk's offline journal, and a reception PC's (its check-ins by\n"
    "-- hand, its audit rows): check-ins of earlier days too, of the last\n"
    "-- few only, through the owner's function (the row security below keeps\n"
    "-- each role to today otherwise)\n"
    "GRANT EXECUTE ON FUNCTION tiepdon_receive_journaled(jsonb, jsonb, jsonb) TO tiepdon_kiosk, tiepdon_staff;\n"
    "-- (schema 6's, renamed by schema 7: called by the one above, not by the kiosk)\n"
    "REVOKE ALL ON FUNCTION tiepdon_insert_journaled(jsonb, jsonb, jsonb) FROM tiepdon_kiosk;\n"
    "GRANT EXECUTE ON FUNCTION tiepdon_receive_journaled_action(jsonb) TO tiepdon_kiosk, tiepdon_staff;\n"
    "-- a VNeID answer a journal kept, for the writer's own check-in of an earlier day too\n"
    "GRANT EXECUTE ON FUNCTION tiepdon_fill_journaled_vneid(bigint, text, text) TO tiepdon_kiosk, tiepdon_staff;\n"
    "-- the offline letters: each writer claims its own; the doctor reads who holds which\n"
    "GRANT SELECT ON offline_letters TO tiepdon_kiosk, tiepdon_staff, tiepdon_manager;\n"
    "GRANT EXECUTE ON FUNCTION tiepdon_claim_offline_letter(text, text) TO tiepdon_kiosk, tiepdon_staff;\n"
    "ALTER TABLE checkins ENABLE ROW LEVEL SECURITY;\n"
    "ALTER TABLE exceptions ENABLE ROW LEVEL SECURITY;\n"
    "ALTER TABLE staff_actions ENABLE ROW LEVEL SECURITY;\n"
    "DROP POLICY IF EXISTS kiosk_today ON checkins;\n"
    "CREATE POLICY kiosk_today ON checkins TO tiepdon_kiosk\n"
    "  USING (day = tiepdon_today()) WITH CHECK (day = tiepdon_today());\n"
    "DROP POLICY IF EXISTS kiosk_today ON exceptions;\n"
    "CREATE POLICY kiosk_today ON exceptions TO tiepdon_kiosk\n"
    "  USING (EXISTS (SELECT 1 FROM checkins c WHERE c.id = checkin_id AND c.day = tiepdon_today()));\n"
    "DROP POLICY IF EXISTS kiosk_today ON staff_actions;\n"
    "CREATE POLICY kiosk_today ON staff_actions TO tiepdon_kiosk\n"
    "  USING (time_unix >= tiepdon_today_start()) WITH CHECK (time_unix >= tiepdon_today_start() - 86400);\n"
    "-- staff read and update every day's check-ins, and add only today's\n"
    "-- without a card (a card's verdict is the kiosk's to give)\n"
    "DROP POLICY IF EXISTS staff_all ON checkins;\n"
    "CREATE POLICY staff_all ON checkins FOR SELECT TO tiepdon_staff USING (true);\n"
    "DROP POLICY IF EXISTS staff_update ON checkins;\n"
    "CREATE POLICY staff_update ON checkins FOR UPDATE TO tiepdon_staff USING (true) WITH CHECK (true);\n"
    "DROP POLICY IF EXISTS staff_today ON checkins;\n"
    "CREATE POLICY staff_today ON checkins FOR INSERT TO tiepdon_staff WITH CHECK (day = tiepdon_today() AND card_verdict = 'no-card');\n"
    "DROP POLICY IF EXISTS staff_all ON exceptions;\n"
    "CREATE POLICY staff_all ON exceptions TO tiepdon_staff USING (true) WITH CHECK (true);\n"
    "DROP POLICY IF EXISTS staff_all ON staff_actions;\n"
    "CREATE POLICY staff_all ON staff_actions TO tiepdon_staff USING (true) WITH CHECK (true);\n";

const gchar *
td_pg_store_init_roles_sql(void)
{
	return roles_sql;
}

const gchar *
td_pg_store_init_grants_sql(void)
{
	return grants_sql;
}

gboolean
td_pg_store_init_apply(const gchar *conninfo, GError **error)
{
	g_autoptr(TdPgStore) self = NULL;

	if (!td_pg_store_check_conninfo(conninfo, error))
		return FALSE;
	self = g_object_new(TD_TYPE_PG_STORE, NULL);
	self->conninfo = g_strdup(conninfo);
	self->kiosk_id = g_strdup("db-init");
	/* the tables are created as the owner, so they are the owner's */
	return td_pg_connect(self, error) && td_pg_exec(self, roles_sql, "cannot create the roles", error) &&
	       td_pg_exec(self, "SET ROLE tiepdon_owner", "cannot act as tiepdon_owner", error) &&
	       td_pg_store_migrate(self, TD_PG_STORE_SCHEMA_VERSION, error) &&
	       td_pg_exec(self, grants_sql, "cannot grant the roles their rights", error);
}
