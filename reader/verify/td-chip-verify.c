/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The card verdict: passive authentication, then one clone check. */
#include "config.h"

#include "td-active-auth.h"
#include "td-chip-auth.h"
#include "td-chip-verify.h"
#include "td-lds-files.h"
#include "td-reader-error.h"
#include "td-security-infos.h"

void
td_chip_verification_free(TdChipVerification *verification)
{
	if (verification == NULL)
		return;
	g_ptr_array_unref(verification->reasons);
	td_passive_auth_result_free(verification->passive_result);
	g_free(verification);
}

const gchar *
td_chip_verdict_to_string(TdChipVerdict verdict)
{
	switch (verdict) {
	case TD_CHIP_VERDICT_GENUINE:
		return "genuine";
	case TD_CHIP_VERDICT_UNVERIFIED:
		return "unverified";
	case TD_CHIP_VERDICT_FORGED:
		return "forged";
	}
	return "unknown";
}

const gchar *
td_clone_check_to_string(TdCloneCheck check)
{
	switch (check) {
	case TD_CLONE_CHECK_CHIP_AUTH:
		return "chip-auth";
	case TD_CLONE_CHECK_ACTIVE_AUTH:
		return "active-auth";
	case TD_CLONE_CHECK_FAILED:
		return "failed";
	case TD_CLONE_CHECK_UNREADABLE:
		return "unreadable";
	case TD_CLONE_CHECK_NOT_OFFERED:
		return "not-offered";
	}
	return "unknown";
}

/* Errors that end the conversation with the card (see
 * td_reader_error_ends_conversation()) go to the caller: they are not a
 * verdict. Secure messaging for the clone check, opened again if the chip ended it
 * during the reads. On FALSE, *outcome is the check's result: FAILED with
 * *error set when the card is gone, NOT_OFFERED (with a reason) when no
 * session could be had. */
static gboolean
session_for_clone_check(TdChipReader *reader, const gchar *check, GPtrArray *reasons, TdCloneCheck *outcome,
			GCancellable *cancellable, GError **error)
{
	g_autoptr(GError) error_local = NULL;

	if (td_chip_reader_ensure_session(reader, cancellable, &error_local))
		return TRUE;
	if (td_reader_error_ends_conversation(error_local)) {
		g_propagate_error(error, g_steal_pointer(&error_local));
		*outcome = TD_CLONE_CHECK_FAILED;
		return FALSE;
	}
	g_ptr_array_add(reasons, g_strdup_printf("%s could not be done: %s", check, error_local->message));
	*outcome = TD_CLONE_CHECK_NOT_OFFERED;
	return FALSE;
}

/* Chip authentication: the agreement itself proves nothing; the next
 * protected command succeeding under the new keys does. *not_usable: DG14's
 * entries for it are unreadable (UNREADABLE) or its key or protocol is not
 * one we run (NOT_OFFERED); nothing was sent. The chip's own answers carry
 * no data we parse: an answer that is not under the new keys is what a
 * clone sends, so it is FAILED. */
static TdCloneCheck
run_chip_auth(TdChipReader *reader, const TdSecurityInfos *dg14, GPtrArray *reasons, gboolean *not_usable,
	      GCancellable *cancellable, GError **error)
{
	TdCardChannel *channel = td_chip_reader_get_channel(reader);
	g_autoptr(GError) error_local = NULL;
	g_autoptr(GBytes) fid = NULL;
	g_autoptr(TdApdu) select = NULL;
	g_autoptr(GBytes) answer = NULL;
	guint8 fid_bytes[2] = {TD_FILE_DG14 >> 8, TD_FILE_DG14 & 0xff};
	TdCloneCheck outcome;
	TdSm *sm;

	if (!session_for_clone_check(reader, "chip authentication", reasons, &outcome, cancellable, error))
		return outcome;
	sm = td_chip_auth_run(channel, dg14, cancellable, &error_local);
	if (sm == NULL) {
		if (td_reader_error_ends_conversation(error_local)) {
			g_propagate_error(error, g_steal_pointer(&error_local));
			return TD_CLONE_CHECK_FAILED;
		}
		if (g_error_matches(error_local, TD_READER_ERROR, TD_READER_ERROR_NOT_SUPPORTED)) {
			g_ptr_array_add(reasons, g_strdup_printf("chip authentication not usable: %s", error_local->message));
			*not_usable = TRUE;
			return td_chip_auth_find_unreadable(dg14) != NULL ? TD_CLONE_CHECK_UNREADABLE
									 : TD_CLONE_CHECK_NOT_OFFERED;
		}
		g_ptr_array_add(reasons, g_strdup_printf("chip authentication failed: %s", error_local->message));
		return TD_CLONE_CHECK_FAILED;
	}
	td_card_channel_set_sm(channel, sm);
	fid = g_bytes_new(fid_bytes, sizeof(fid_bytes));
	select = td_apdu_new(0x00, 0xA4, 0x02, 0x0C, fid, -1);
	answer = td_card_channel_send_expect_ok(channel, select, cancellable, &error_local);
	if (answer != NULL) {
		g_ptr_array_add(reasons, g_strdup("chip authentication passed: the chip holds the key of DG14"));
		return TD_CLONE_CHECK_CHIP_AUTH;
	}
	if (td_reader_error_ends_conversation(error_local)) {
		g_propagate_error(error, g_steal_pointer(&error_local));
		return TD_CLONE_CHECK_FAILED;
	}
	g_ptr_array_add(reasons, g_strdup_printf("chip authentication failed: the chip does not hold the key of DG14 (%s)",
						 error_local->message));
	return TD_CLONE_CHECK_FAILED;
}

static TdCloneCheck
run_active_auth(TdChipReader *reader, const TdChipDocument *doc, GPtrArray *reasons, GCancellable *cancellable,
		GError **error)
{
	g_autoptr(GError) error_local = NULL;
	const gchar *algorithm = NULL;
	TdCloneCheck outcome;

	if (doc->dg14 != NULL && doc->dg14->active_auth_infos->len > 0)
		algorithm = ((TdActiveAuthInfo *)g_ptr_array_index(doc->dg14->active_auth_infos, 0))->signature_algorithm;
	/* An EC signature's digest is what DG14 names. If DG14 names one we
	 * cannot read, a guess that misses would look like a clone. */
	if (algorithm == NULL && EVP_PKEY_is_a(doc->dg15->public_key, "EC") && doc->dg14 != NULL) {
		const TdUnreadableSecurityInfo *lost = td_security_infos_find_unreadable(doc->dg14, TD_SECURITY_INFO_ACTIVE_AUTH);
		if (lost != NULL) {
			g_ptr_array_add(reasons, g_strdup_printf("active authentication info unreadable: %s", lost->reason));
			return TD_CLONE_CHECK_UNREADABLE;
		}
	}
	if (!session_for_clone_check(reader, "active authentication", reasons, &outcome, cancellable, error))
		return outcome;
	if (td_active_auth_verify(td_chip_reader_get_channel(reader), doc->dg15->public_key, algorithm, cancellable,
				  &error_local)) {
		g_ptr_array_add(reasons, g_strdup("active authentication passed: the chip signed our challenge with the key of DG15"));
		return TD_CLONE_CHECK_ACTIVE_AUTH;
	}
	if (error_local->domain == TD_ACTIVE_AUTH_ERROR) {
		g_ptr_array_add(reasons, g_strdup_printf("active authentication failed: %s", error_local->message));
		return TD_CLONE_CHECK_FAILED;
	}
	if (td_reader_error_ends_conversation(error_local)) {
		g_propagate_error(error, g_steal_pointer(&error_local));
		return TD_CLONE_CHECK_FAILED;
	}
	/* An answer that does not unwrap, a refusal or an unusable key is "not
	 * checked", which a person must look at, but not proof of a clone: the
	 * signature inside a broken envelope was never seen. */
	g_ptr_array_add(reasons, g_strdup_printf("active authentication could not be done: %s", error_local->message));
	if (g_error_matches(error_local, TD_READER_ERROR, TD_READER_ERROR_SECURE_MESSAGING) ||
	    g_error_matches(error_local, TD_READER_ERROR, TD_READER_ERROR_MALFORMED))
		return TD_CLONE_CHECK_UNREADABLE;
	return TD_CLONE_CHECK_NOT_OFFERED;
}

/* The clone check: chip authentication where DG14 offers it (it also
 * upgrades the session keys), else active authentication where DG15 is
 * there. Chip authentication that cannot be run (DG14's entries for it
 * unreadable, or a key or protocol we do not support) hands over to active
 * authentication, its reason kept. */
static TdCloneCheck
check_clone(TdChipReader *reader, const TdChipDocument *doc, GPtrArray *reasons, GCancellable *cancellable,
	    GError **error)
{
	if (doc->dg14 != NULL &&
	    (doc->dg14->chip_auth_public_keys->len > 0 || td_chip_auth_find_unreadable(doc->dg14) != NULL)) {
		gboolean not_usable = FALSE;
		TdCloneCheck outcome = run_chip_auth(reader, doc->dg14, reasons, &not_usable, cancellable, error);
		if (!not_usable || doc->dg15 == NULL)
			return outcome;
	}
	if (doc->dg15 != NULL)
		return run_active_auth(reader, doc, reasons, cancellable, error);
	g_ptr_array_add(reasons, g_strdup("the chip offers no clone check (no chip or active authentication)"));
	return TD_CLONE_CHECK_NOT_OFFERED;
}

TdChipVerification *
td_chip_verify(TdChipReader *reader, const TdChipDocument *doc, TdTrustStore *store, GDateTime *now,
	       GCancellable *cancellable, GError **error)
{
	g_autoptr(TdChipVerification) v = g_new0(TdChipVerification, 1);
	g_autoptr(GHashTable) data_groups = g_hash_table_new(g_direct_hash, g_direct_equal);
	GHashTable *files = td_chip_reader_get_files(reader);
	GHashTableIter iter;
	gpointer key, value;
	GBytes *sod_file = g_hash_table_lookup(files, GUINT_TO_POINTER(TD_FILE_SOD));
	gint64 start = g_get_monotonic_time();

	g_return_val_if_fail(sod_file != NULL, NULL);
	v->reasons = g_ptr_array_new_with_free_func(g_free);

	/* Every data group read goes to the hash check; the SOD says which
	 * were signed, and those not read are reported as such. */
	g_hash_table_iter_init(&iter, files);
	while (g_hash_table_iter_next(&iter, &key, &value)) {
		guint fid = GPOINTER_TO_UINT(key);
		if (fid >= TD_DG_FILE_ID(1) && fid <= TD_DG_FILE_ID(16))
			g_hash_table_insert(data_groups, GUINT_TO_POINTER(fid - 0x0100), value);
	}
	v->passive_result = td_passive_auth_verify(sod_file, data_groups, store, now, error);
	if (v->passive_result == NULL)
		return NULL;
	v->passive = v->passive_result->status;
	for (guint i = 0; i < v->passive_result->reasons->len; i++)
		g_ptr_array_add(v->reasons, g_strdup(g_ptr_array_index(v->passive_result->reasons, i)));

	{
		g_autoptr(GError) error_local = NULL;
		v->chip = check_clone(reader, doc, v->reasons, cancellable, &error_local);
		if (error_local != NULL) {
			g_propagate_error(error, g_steal_pointer(&error_local));
			return NULL;
		}
	}

	if (v->passive == TD_PASSIVE_AUTH_INVALID || v->chip == TD_CLONE_CHECK_FAILED)
		v->verdict = TD_CHIP_VERDICT_FORGED;
	else if (v->passive == TD_PASSIVE_AUTH_VALID &&
		 (v->chip == TD_CLONE_CHECK_CHIP_AUTH || v->chip == TD_CLONE_CHECK_ACTIVE_AUTH))
		v->verdict = TD_CHIP_VERDICT_GENUINE;
	else
		v->verdict = TD_CHIP_VERDICT_UNVERIFIED;
	v->elapsed_us = g_get_monotonic_time() - start;
	return g_steal_pointer(&v);
}
