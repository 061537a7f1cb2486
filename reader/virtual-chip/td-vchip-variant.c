/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "td-chip-auth.h"
#include "td-lds-files.h"
#include "td-reader-error.h"
#include "td-vchip-active-auth.h"
#include "td-vchip-profile-keys.h"

/* The [variant] group (formerly [quirks]): how this chip behaves where real
 * chips differ, and the forgeries the verification tests need. */

/* The data groups that can be tampered with: those a reader can read. */
static gboolean
is_tamperable_dg(gint dg)
{
	return dg == 1 || dg == 2 || dg == 13 || dg == 14 || dg == 15;
}

static gboolean
load_forgery_quirks(TdVchipProfile *p, GKeyFile *kf, GError **error)
{
	/* true is 6A80; the others are what chips answer an MSE they refuse */
	static const gchar *const pace_refusals[] = {"false", "true", "6A80", "6985", "6982", "6A86", "6D00", NULL};
	static const guint16 pace_refusal_sws[] = {0, 0x6A80, 0x6A80, 0x6985, 0x6982, 0x6A86, 0x6D00};
	guint pace_refusal;
	gint dg = 0;

	if (!td_vchip_key_integer(kf, td_vchip_variant_group(kf, "tamper-dg"), "tamper-dg", 0, &dg, error))
		return FALSE;
	if (dg != 0 && !is_tamperable_dg(dg)) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
				    "profile: [variant] tamper-dg: expected 1, 2, 13, 14 or 15");
		return FALSE;
	}
	p->tamper_dg = (guint)dg;
	if (!td_vchip_key_boolean(kf, td_vchip_variant_group(kf, "break-sod-signature"), "break-sod-signature", FALSE, &p->break_sod_signature, error))
		return FALSE;
	if (!td_vchip_key_boolean(kf, td_vchip_variant_group(kf, "aa-key-mismatch"), "aa-key-mismatch", FALSE, &p->aa_key_mismatch, error))
		return FALSE;
	if (!td_vchip_key_boolean(kf, td_vchip_variant_group(kf, "aa-answer-mac-broken"), "aa-answer-mac-broken", FALSE,
				  &p->aa_answer_mac_broken, error))
		return FALSE;
	if (!td_vchip_key_boolean(kf, td_vchip_variant_group(kf, "ca-key-mismatch"), "ca-key-mismatch", FALSE, &p->ca_key_mismatch, error))
		return FALSE;
	if (!td_vchip_key_boolean(kf, td_vchip_variant_group(kf, "chip-auth-two-keys"), "chip-auth-two-keys", FALSE,
				  &p->chip_auth_two_keys, error))
		return FALSE;
	if (!td_vchip_key_boolean(kf, td_vchip_variant_group(kf, "pace-token-broken"), "pace-token-broken", FALSE,
				  &p->pace_token_broken, error))
		return FALSE;
	if (!td_vchip_variant_choice(kf, "pace-refuse", pace_refusals, 0, &pace_refusal, error))
		return FALSE;
	p->pace_refusal_sw = pace_refusal_sws[pace_refusal];
	if (!td_vchip_key_boolean(kf, td_vchip_variant_group(kf, "card-access-not-a-set"), "card-access-not-a-set", FALSE,
			 &p->card_access_not_a_set, error))
		return FALSE;
	/* A quirk of a feature the profile turned off would test nothing. */
	if ((p->aa_key_mismatch || p->aa_answer_mac_broken) && !p->active_auth) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
			    "profile: [variant] %s: needs [security] active-auth=true",
			    p->aa_key_mismatch ? "aa-key-mismatch" : "aa-answer-mac-broken");
		return FALSE;
	}
	if (p->chip_auth_two_keys && (!p->chip_auth || p->ca_key_mismatch)) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
				    "profile: [variant] chip-auth-two-keys: needs [security] chip-auth=true, and no "
				    "ca-key-mismatch");
		return FALSE;
	}
	if (p->ca_key_mismatch && !p->chip_auth) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
				    "profile: [variant] ca-key-mismatch: needs [security] chip-auth=true");
		return FALSE;
	}
	if ((p->pace_refusal_sw != 0 || p->card_access_not_a_set) && !p->pace) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
			    "profile: [variant] %s: needs [security] pace=true",
			    p->pace_refusal_sw != 0 ? "pace-refuse" : "card-access-not-a-set");
		return FALSE;
	}
	return TRUE;
}

/* The string types of real cards (DOMAIN.md §2): PrintableString for the
 * ID number, the dates of birth and issue, the old ID and field 16. */
static TdVchipStringType
real_string_type(guint entry)
{
	switch (entry) {
	case 1:
	case 3:
	case 11:
	case 15:
	case 16:
		return TD_VCHIP_STRING_PRINTABLE;
	default:
		return TD_VCHIP_STRING_UTF8;
	}
}

/* "2, 7" -> bits 2 and 7. */
static gboolean
parse_entry_list(const gchar *text, guint32 *out)
{
	g_auto(GStrv) parts = g_strsplit(text, ",", -1);
	guint32 bits = 0;

	for (guint i = 0; parts[i] != NULL; i++) {
		guint64 n = 0;
		g_strstrip(parts[i]);
		if (!g_ascii_string_to_unsigned(parts[i], 10, 1, TD_VCHIP_DG13_LAST_ENTRY, &n, NULL))
			return FALSE;
		bits |= 1u << n;
	}
	*out = bits;
	return TRUE;
}

static gboolean
load_dg13_variant(TdVchipProfile *p, GKeyFile *kf, GError **error)
{
	static const gchar *const containers[] = {"set", "sequence", "flat", "extra-sequence", NULL};
	static const gchar *const string_type_sets[] = {"real", "utf8", NULL};
	static const gchar *const string_types[] = {"utf8", "printable", "bmp", "t61", NULL};
	static const gchar *const orders[] = {"ascending", "shuffled", NULL};
	g_autoptr(GError) error_local = NULL;
	g_autofree gchar *omit = NULL;
	guint value = 0;

	G_STATIC_ASSERT(TD_VCHIP_DG13_CONTAINER_SET == 0 && TD_VCHIP_DG13_CONTAINER_EXTRA_SEQUENCE == 3);
	G_STATIC_ASSERT(TD_VCHIP_STRING_UTF8 == 0 && TD_VCHIP_STRING_T61 == 3);
	if (!td_vchip_variant_choice(kf, "dg13-container", containers, TD_VCHIP_DG13_CONTAINER_SET, &value, error))
		return FALSE;
	p->dg13_container = (TdVchipDg13Container)value;

	if (!td_vchip_variant_choice(kf, "dg13-string-types", string_type_sets, 0, &value, error))
		return FALSE;
	for (guint n = 1; n <= TD_VCHIP_DG13_LAST_ENTRY; n++) {
		g_autofree gchar *key = g_strdup_printf("dg13-string-type-%u", n);
		guint type = 0;
		if (!td_vchip_variant_choice(kf, key, string_types, value == 0 ? real_string_type(n) : TD_VCHIP_STRING_UTF8,
					&type, error))
			return FALSE;
		p->dg13_string_types[n] = (TdVchipStringType)type;
	}

	omit = td_vchip_key_text(kf, td_vchip_variant_group(kf, "dg13-omit-entries"), "dg13-omit-entries", FALSE, &error_local);
	if (error_local != NULL) {
		g_propagate_error(error, g_steal_pointer(&error_local));
		return FALSE;
	}
	if (omit != NULL && !parse_entry_list(omit, &p->dg13_omit_entries)) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
				    "profile: [variant] dg13-omit-entries: expected entry numbers 1..16, comma-separated");
		return FALSE;
	}

	if (!td_vchip_variant_choice(kf, "dg13-entry-order", orders, 0, &value, error))
		return FALSE;
	p->dg13_shuffled = value == 1;
	return TRUE;
}

static gboolean
get_refusal_answer(GKeyFile *kf, const gchar *key, gboolean bare_variants, TdVchipRefusalAnswer *out, GError **error)
{
	static const struct {
		const gchar *name;
		TdVchipRefusalAnswer answer;
	} answers[] = {
		{"protected", TD_VCHIP_ANSWER_PROTECTED},
		{"bare", TD_VCHIP_ANSWER_BARE},
		{"bare-counted", TD_VCHIP_ANSWER_BARE_COUNTED},
		{"bare-not-counted", TD_VCHIP_ANSWER_BARE_NOT_COUNTED},
		{"bare-session-ended", TD_VCHIP_ANSWER_BARE_SESSION_ENDED},
	};
	g_autoptr(GError) error_local = NULL;
	g_autofree gchar *value = td_vchip_key_text(kf, td_vchip_variant_group(kf, key), key, FALSE, &error_local);

	if (error_local != NULL) {
		g_propagate_error(error, g_steal_pointer(&error_local));
		return FALSE;
	}
	*out = TD_VCHIP_ANSWER_PROTECTED;
	if (value == NULL)
		return TRUE;
	for (guint i = 0; i < G_N_ELEMENTS(answers); i++) {
		if ((bare_variants || i < 2) && g_strcmp0(value, answers[i].name) == 0) {
			*out = answers[i].answer;
			return TRUE;
		}
	}
	g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT, "profile: [variant] %s: expected %s", key,
		    bare_variants ? "protected, bare, bare-counted, bare-not-counted or bare-session-ended"
				  : "protected or bare");
	return FALSE;
}

/* A status word written in hexadecimal ("6A86") that is one of allowed. */
static gboolean
sw_from_list(const gchar *value, const guint16 *allowed, gsize n_allowed, guint16 *out)
{
	guint64 sw = 0;

	if (strlen(value) != 4 || !g_ascii_string_to_unsigned(value, 16, 0, 0xFFFF, &sw, NULL))
		return FALSE;
	for (gsize i = 0; i < n_allowed; i++) {
		if (allowed[i] == sw) {
			*out = (guint16)sw;
			return TRUE;
		}
	}
	return FALSE;
}

/* sfi-read: "supported", or the status word a chip without short EF
 * identifiers answers. */
static gboolean
load_sfi_read(TdVchipProfile *p, GKeyFile *kf, GError **error)
{
	static const guint16 refusals[] = {0x6A86, 0x6A81, 0x6A82, 0x6B00, 0x6D00, 0x6E00};
	g_autoptr(GError) error_local = NULL;
	g_autofree gchar *value = td_vchip_key_text(kf, td_vchip_variant_group(kf, "sfi-read"), "sfi-read", FALSE, &error_local);

	if (error_local != NULL) {
		g_propagate_error(error, g_steal_pointer(&error_local));
		return FALSE;
	}
	p->sfi_refusal_sw = 0;
	if (value == NULL || g_strcmp0(value, "supported") == 0 ||
	    sw_from_list(value, refusals, G_N_ELEMENTS(refusals), &p->sfi_refusal_sw))
		return TRUE;
	g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
			    "profile: [variant] sfi-read: expected supported, 6A86, 6A81, 6A82, 6B00, 6D00 or 6E00");
	return FALSE;
}

/* extended-refused-sw: what a chip without extended length answers an
 * extended command. 6700 is what ISO 7816-4 has for a wrong length; chips
 * that do not parse the extended form at all answer as for any command
 * they cannot read. */
static gboolean
load_extended_refusal(TdVchipProfile *p, GKeyFile *kf, GError **error)
{
	static const guint16 refusals[] = {0x6700, 0x6A86, 0x6B00, 0x6D00, 0x6E00, 0x6F00};
	g_autoptr(GError) error_local = NULL;
	g_autofree gchar *value =
	    td_vchip_key_text(kf, td_vchip_variant_group(kf, "extended-refused-sw"), "extended-refused-sw", FALSE,
			      &error_local);

	if (error_local != NULL) {
		g_propagate_error(error, g_steal_pointer(&error_local));
		return FALSE;
	}
	p->extended_refusal_sw = 0x6700;
	if (value == NULL || sw_from_list(value, refusals, G_N_ELEMENTS(refusals), &p->extended_refusal_sw))
		return TRUE;
	g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
			    "profile: [variant] extended-refused-sw: expected 6700, 6A86, 6B00, 6D00, 6E00 or 6F00");
	return FALSE;
}

/* How an EC chip answers INTERNAL AUTHENTICATE: the OID its DG14 names and
 * the encoding of r and s. Real chips differ in both. */
static gboolean
load_aa_signature(TdVchipProfile *p, GKeyFile *kf, GError **error)
{
	g_autoptr(GError) error_local = NULL;
	g_autofree gchar *encoding = NULL;
	const gchar *keys[] = {"aa-signature-oid", "aa-signature-encoding"};

	p->aa_signature = td_vchip_key_text(kf, td_vchip_variant_group(kf, keys[0]), keys[0], FALSE, &error_local);
	if (error_local == NULL)
		encoding = td_vchip_key_text(kf, td_vchip_variant_group(kf, keys[1]), keys[1], FALSE, &error_local);
	if (error_local != NULL) {
		g_propagate_error(error, g_steal_pointer(&error_local));
		return FALSE;
	}
	/* A choice for an RSA key or no key at all would test nothing. */
	for (guint i = 0; i < G_N_ELEMENTS(keys); i++) {
		if (!g_key_file_has_key(kf, td_vchip_variant_group(kf, keys[i]), keys[i], NULL))
			continue;
		if (!p->active_auth || p->aa_key_type == TD_VCHIP_AA_KEY_RSA_2048) {
			g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
				    "profile: [variant] %s: needs [security] active-auth=true with an EC aa-key-type", keys[i]);
			return FALSE;
		}
	}
	if (p->aa_signature == NULL)
		p->aa_signature = g_strdup("bsi-plain-sha256");
	if (td_vchip_aa_signature_lookup(p->aa_signature) == NULL) {
		g_autofree gchar *names = g_strjoinv(", ", (gchar **)td_vchip_aa_signature_names());
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
			    "profile: [variant] aa-signature-oid: expected one of %s", names);
		return FALSE;
	}
	if (encoding == NULL || g_strcmp0(encoding, "plain") == 0) {
		p->aa_signature_der = FALSE;
	} else if (g_strcmp0(encoding, "der") == 0) {
		p->aa_signature_der = TRUE;
	} else {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
				    "profile: [variant] aa-signature-encoding: expected plain or der");
		return FALSE;
	}
	return TRUE;
}

/* [variant] unreadable-dg14-entry: the entry must be there to be spoilt. */
static gboolean
load_dg14_slip(TdVchipProfile *p, GKeyFile *kf, GError **error)
{
	static const gchar *const words[] = {"none", "chip-auth-key", "active-auth-algorithm", NULL};
	guint slip = TD_VCHIP_DG14_READABLE;

	if (!td_vchip_variant_choice(kf, "unreadable-dg14-entry", words, TD_VCHIP_DG14_READABLE, &slip, error))
		return FALSE;
	p->dg14_slip = slip;
	if (slip == TD_VCHIP_DG14_CHIP_AUTH_KEY_UNREADABLE && !p->chip_auth) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
				    "profile: [variant] unreadable-dg14-entry: chip-auth-key needs [security] chip-auth=true");
		return FALSE;
	}
	if (slip == TD_VCHIP_DG14_AA_ALGORITHM_UNREADABLE && (!p->active_auth || p->aa_key_type == TD_VCHIP_AA_KEY_RSA_2048)) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
				    "profile: [variant] unreadable-dg14-entry: active-auth-algorithm needs [security] "
				    "active-auth=true with an EC aa-key-type");
		return FALSE;
	}
	return TRUE;
}

/* [variant] reset-before-dg=N: the data group whose first protected
 * command finds the chip just re-activated by the reader;
 * application-selected: what the chip has selected when powered;
 * select-answers-fcp: what SELECT answers; chip-auth-key-explicit: how
 * DG14 writes the key's curve. */
static gboolean
load_reader_quirks(TdVchipProfile *p, GKeyFile *kf, GError **error)
{
	gint dg = 0;

	if (!td_vchip_key_integer(kf, td_vchip_variant_group(kf, "reset-before-dg"), "reset-before-dg", 0, &dg, error))
		return FALSE;
	if (dg < 0 || dg > 16) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
				    "profile: [variant] reset-before-dg: expected a data group, 1..16");
		return FALSE;
	}
	p->reset_before_dg = (guint)dg;
	return td_vchip_key_boolean(kf, td_vchip_variant_group(kf, "application-selected"), "application-selected", FALSE,
				    &p->application_selected, error) &&
	       td_vchip_key_boolean(kf, td_vchip_variant_group(kf, "select-answers-fcp"), "select-answers-fcp", FALSE,
				    &p->select_answers_fcp, error) &&
	       td_vchip_key_boolean(kf, td_vchip_variant_group(kf, "chip-auth-key-explicit"), "chip-auth-key-explicit",
				    FALSE, &p->chip_auth_key_explicit, error);
}

gboolean
td_vchip_profile_load_variant(TdVchipProfile *p, GKeyFile *kf, GError **error)
{
	g_autoptr(GError) error_local = NULL;
	g_autofree gchar *sw = NULL;
	static const gchar *const nesting_words[] = {"one-sequence", "two-sequences", NULL};
	static const gchar *const past_end_words[] = {"data", "6700", "6Cxx", NULL};
	guint nesting;
	guint past_end;

	if (!td_vchip_key_boolean(kf, td_vchip_variant_group(kf, "extended-length"), "extended-length", FALSE, &p->extended_length, error))
		return FALSE;
	if (!td_vchip_key_boolean(kf, td_vchip_variant_group(kf, "atr-extended-length"), "atr-extended-length",
				  p->extended_length, &p->atr_extended_length, error))
		return FALSE;
	if (!td_vchip_key_boolean(kf, td_vchip_variant_group(kf, "omit-do99"), "omit-do99", FALSE, &p->omit_do99, error))
		return FALSE;
	if (!td_vchip_key_boolean(kf, td_vchip_variant_group(kf, "eof-warning"), "eof-warning", FALSE, &p->eof_warning, error))
		return FALSE;
	if (!td_vchip_key_boolean(kf, td_vchip_variant_group(kf, "t0-get-response"), "t0-get-response", FALSE,
				  &p->t0_get_response, error))
		return FALSE;
	if (!td_vchip_variant_choice(kf, "past-end-le", past_end_words, TD_VCHIP_PAST_END_DATA, &past_end, error))
		return FALSE;
	p->past_end_le = (TdVchipPastEnd)past_end;

	p->max_le = p->extended_length ? 65536 : 256;
	if (g_key_file_has_key(kf, td_vchip_variant_group(kf, "max-le"), "max-le", NULL)) {
		gint value = g_key_file_get_integer(kf, td_vchip_variant_group(kf, "max-le"), "max-le", &error_local);
		if (error_local != NULL || value < 1 || value > 65536 || (!p->extended_length && value > 256)) {
			g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
					    "profile: [variant] max-le: expected 1..256 (1..65536 with extended-length)");
			return FALSE;
		}
		p->max_le = (guint)value;
	}
	/* Some chips serve less under secure messaging than in the clear
	 * (the protected answer must fit their buffer). */
	p->max_le_sm = p->max_le;
	if (g_key_file_has_key(kf, td_vchip_variant_group(kf, "max-le-sm"), "max-le-sm", NULL)) {
		gint value = g_key_file_get_integer(kf, td_vchip_variant_group(kf, "max-le-sm"), "max-le-sm", &error_local);
		if (error_local != NULL || value < 1 || (guint)value > p->max_le) {
			g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
					    "profile: [variant] max-le-sm: expected 1..max-le");
			return FALSE;
		}
		p->max_le_sm = (guint)value;
	}

	if (!load_forgery_quirks(p, kf, error) || !load_aa_signature(p, kf, error) || !load_dg14_slip(p, kf, error))
		return FALSE;
	if (!get_refusal_answer(kf, "sm-wrong-length", TRUE, &p->sm_wrong_length, error) ||
	    !get_refusal_answer(kf, "sm-file-not-found", FALSE, &p->sm_file_not_found, error) ||
	    !load_sfi_read(p, kf, error) || !load_extended_refusal(p, kf, error) || !load_reader_quirks(p, kf, error))
		return FALSE;

	sw = td_vchip_key_text(kf, td_vchip_variant_group(kf, "too-large-le-sw"), "too-large-le-sw", FALSE, &error_local);
	if (error_local != NULL) {
		g_propagate_error(error, g_steal_pointer(&error_local));
		return FALSE;
	}
	if (sw == NULL || g_ascii_strcasecmp(sw, "6700") == 0) {
		p->too_large_le_sw = TD_VCHIP_TOO_LARGE_LE_6700;
	} else if (g_ascii_strcasecmp(sw, "6Cxx") == 0) {
		p->too_large_le_sw = TD_VCHIP_TOO_LARGE_LE_6CXX;
	} else if (g_ascii_strcasecmp(sw, "6282") == 0) {
		p->too_large_le_sw = TD_VCHIP_TOO_LARGE_LE_6282;
	} else {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
				    "profile: [variant] too-large-le-sw: expected 6700, 6Cxx or 6282");
		return FALSE;
	}

	/* the words in TdVchipParentNesting's order */
	if (!td_vchip_variant_choice(kf, "dg13-parent-nesting", nesting_words, TD_VCHIP_DG13_PARENTS_ONE_SEQUENCE,
				     &nesting, error))
		return FALSE;
	p->dg13_parent_nesting = (TdVchipParentNesting)nesting;
	return load_dg13_variant(p, kf, error);
}
