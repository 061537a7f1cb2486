/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "td-config.h"
#include "td-store.h"

G_BEGIN_DECLS

/* The staff PIN: PBKDF2-HMAC-SHA256 with a random salt, stored in the config
 * as pbkdf2-sha256$ITERATIONS$SALT_B64$HASH_B64; a lock-out after too many
 * failures, counted in the store so a restart does not reset it. */

#define TD_STAFF_PIN_ITERATIONS	    210000
#define TD_STAFF_PIN_MIN_ITERATIONS 200000

typedef enum {
	TD_STAFF_PIN_OK,
	TD_STAFF_PIN_WRONG,
	TD_STAFF_PIN_LOCKED, /* too many failures: try again in *seconds_left */
} TdStaffPinVerdict;

/* A million PINs of 6 digits at PBKDF2's cost keep the config file's hash
 * out of reach for days; 4 digits fell in minutes. */
#define TD_STAFF_PIN_MIN_DIGITS 6
#define TD_STAFF_PIN_MAX_DIGITS 12

/* TD_STAFF_PIN_MIN_DIGITS to TD_STAFF_PIN_MAX_DIGITS digits. */
gboolean td_staff_pin_is_well_formed(const gchar *pin);
gchar *td_staff_pin_hash(const gchar *pin, GError **error);
/* Constant-time comparison; FALSE with an error only for a malformed hash
 * (or a weak one: fewer than TD_STAFF_PIN_MIN_ITERATIONS). */
gboolean td_staff_pin_check_hash(const gchar *pin_hash, const gchar *pin, gboolean *matches, GError **error);

/* Guesses spread over several accounts get this many times an account's
 * [staff] lockout-attempts before every account is locked. */
#define TD_STAFF_PIN_OVERALL_FACTOR 3

/* Checks pin against the PIN of the staff account staff_id (the station's
 * account: config->staff_pin_hash) with config's lock-out settings. The
 * attempt is counted in the store before the hash is compared
 * (td_store_begin_pin_attempt; per account, and overall), so concurrent
 * guesses never get past the limit; while locked the PIN is not even
 * checked. The failure that reaches the limit already answers
 * TD_STAFF_PIN_LOCKED. A disabled account, the station's without a PIN in
 * the settings, or a person's without a PIN hash, is an error
 * (td_staff_pin_accounts does not offer them). seconds_left may be NULL.
 * With TD_STAFF_PIN_OK, *verified (may be NULL) is the account as the
 * store had it at the check (its name, whether it is a manager): what a
 * login goes by, not the page's list read earlier (a role changed since,
 * another name pressed while the check ran). */
gboolean td_staff_pin_verify(TdStore *store,
			     const TdConfig *config,
			     gint64 staff_id,
			     const gchar *pin,
			     gint64 now_unix,
			     TdStaffPinVerdict *verdict,
			     guint *seconds_left,
			     TdStaffMember **verified,
			     GError **error);

/* The accounts that can log in, as the login page lists them (of
 * TdStaffMember): the active ones, the station's only while the settings
 * hold its PIN, a person's only with a PIN of their own. The doctor and
 * tiepdon staff count the managers among them. */
GPtrArray *td_staff_pin_accounts(TdStore *store, const TdConfig *config, GError **error);
/* Whether member is one of them. */
gboolean td_staff_pin_can_log_in(const TdStaffMember *member, const TdConfig *config);

G_END_DECLS
