/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "td-der.h"
#include "td-reader-error.h"
#include "td-security-infos.h"
#include "td-tlv.h"

static void
td_pace_info_free(TdPaceInfo *info)
{
	g_free(info->protocol);
	g_free(info);
}

static void
td_chip_auth_info_free(TdChipAuthInfo *info)
{
	g_free(info->protocol);
	g_free(info);
}

static void
td_chip_auth_public_key_info_free(TdChipAuthPublicKeyInfo *info)
{
	g_free(info->protocol);
	if (info->subject_public_key_info != NULL)
		g_bytes_unref(info->subject_public_key_info);
	g_free(info);
}

static void
td_active_auth_info_free(TdActiveAuthInfo *info)
{
	g_free(info->protocol);
	g_free(info->signature_algorithm);
	g_free(info);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdActiveAuthInfo, td_active_auth_info_free)

static void
td_other_security_info_free(TdOtherSecurityInfo *info)
{
	g_free(info->protocol);
	if (info->der != NULL)
		g_bytes_unref(info->der);
	g_free(info);
}

static void
td_unreadable_security_info_free(TdUnreadableSecurityInfo *info)
{
	g_free(info->protocol);
	g_free(info->reason);
	g_free(info);
}

void
td_security_infos_free(TdSecurityInfos *infos)
{
	if (infos == NULL)
		return;
	if (infos->der != NULL)
		g_bytes_unref(infos->der);
	g_clear_pointer(&infos->pace_infos, g_ptr_array_unref);
	g_clear_pointer(&infos->chip_auth_infos, g_ptr_array_unref);
	g_clear_pointer(&infos->chip_auth_public_keys, g_ptr_array_unref);
	g_clear_pointer(&infos->active_auth_infos, g_ptr_array_unref);
	g_clear_pointer(&infos->other_infos, g_ptr_array_unref);
	g_clear_pointer(&infos->unreadable_infos, g_ptr_array_unref);
	g_free(infos);
}

/* TRUE if oid is family followed by exactly n_arcs more arcs, which go to
 * arcs (0 for one too large to be a variant number). */
static gboolean
td_oid_in_family(const gchar *oid, const gchar *family, guint n_arcs, guint *arcs)
{
	const gchar *p;
	gsize family_len = strlen(family);

	if (!g_str_has_prefix(oid, family) || oid[family_len] != '.')
		return FALSE;
	p = oid + family_len;
	for (guint i = 0; i < n_arcs; i++) {
		gchar *end = NULL;
		guint64 arc;

		if (*p != '.' || !g_ascii_isdigit(p[1]))
			return FALSE;
		arc = g_ascii_strtoull(p + 1, &end, 10);
		arcs[i] = arc <= G_MAXUINT8 ? (guint)arc : 0;
		p = end;
	}
	return *p == '\0';
}

/* An optional trailing INTEGER (parameter or key id): -1 when absent. */
static gboolean
td_security_info_optional_int(TdTlvIter *iter, const gchar *what, gint64 *out, GError **error)
{
	g_autoptr(GError) error_local = NULL;
	TdTlv tlv;
	guint64 value = 0;

	*out = -1;
	if (!td_tlv_iter_next(iter, &tlv, &error_local)) {
		if (error_local != NULL) {
			g_propagate_error(error, g_steal_pointer(&error_local));
			return FALSE;
		}
		return TRUE;
	}
	if (!td_der_get_uint(&tlv, what, &value, error))
		return FALSE;
	*out = (gint64)value;
	if (td_tlv_iter_next(iter, &tlv, NULL)) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "%s: trailing data", what);
		return FALSE;
	}
	return TRUE;
}

static gboolean
td_security_info_version(TdTlvIter *iter, gint64 *out, GError **error)
{
	TdTlv tlv;
	guint64 value = 0;

	if (!td_der_iter_expect(iter, TD_DER_INTEGER, "version", &tlv, error) ||
	    !td_der_get_uint(&tlv, "version", &value, error))
		return FALSE;
	*out = (gint64)value;
	return TRUE;
}

/* What a SecurityInfo is by its protocol OID, with the variant arcs. */
static TdSecurityInfoKind
td_security_info_kind(const gchar *protocol, guint arcs[2])
{
	if (td_oid_in_family(protocol, TD_OID_ID_PACE, 2, arcs))
		return TD_SECURITY_INFO_PACE;
	if (td_oid_in_family(protocol, TD_OID_ID_CA, 2, arcs))
		return TD_SECURITY_INFO_CHIP_AUTH;
	if (td_oid_in_family(protocol, TD_OID_ID_PK, 1, arcs))
		return TD_SECURITY_INFO_CHIP_AUTH_PUBLIC_KEY;
	if (g_strcmp0(protocol, TD_OID_ACTIVE_AUTH_INFO) == 0)
		return TD_SECURITY_INFO_ACTIVE_AUTH;
	return TD_SECURITY_INFO_OTHER;
}

/* One SecurityInfo into infos. On FALSE, *kind and *protocol_out say what
 * it was, as far as its OID could be read. */
static gboolean
td_security_infos_add(TdSecurityInfos *infos,
		      const TdTlv *info_tlv,
		      TdSecurityInfoKind *kind,
		      gchar **protocol_out,
		      GError **error)
{
	g_autofree gchar *protocol = NULL;
	guint arcs[2] = {0, 0};
	TdTlvIter iter;
	TdTlv tlv;

	*kind = TD_SECURITY_INFO_UNKNOWN;
	td_tlv_iter_init(&iter, info_tlv->value, info_tlv->length);
	if (!td_der_iter_expect(&iter, TD_DER_OID, "protocol", &tlv, error))
		return FALSE;
	protocol = td_der_get_oid(&tlv, "protocol", error);
	if (protocol == NULL)
		return FALSE;
	*kind = td_security_info_kind(protocol, arcs);
	*protocol_out = g_strdup(protocol);

	switch (*kind) {
	case TD_SECURITY_INFO_PACE: {
		g_autofree TdPaceInfo *info = g_new0(TdPaceInfo, 1);
		if (!td_security_info_version(&iter, &info->version, error) ||
		    !td_security_info_optional_int(&iter, "parameter id", &info->parameter_id, error))
			return FALSE;
		info->mapping = arcs[0];
		info->cipher = arcs[1];
		info->protocol = g_steal_pointer(&protocol);
		g_ptr_array_add(infos->pace_infos, g_steal_pointer(&info));
		return TRUE;
	}
	case TD_SECURITY_INFO_CHIP_AUTH: {
		g_autofree TdChipAuthInfo *info = g_new0(TdChipAuthInfo, 1);
		if (!td_security_info_version(&iter, &info->version, error) ||
		    !td_security_info_optional_int(&iter, "key id", &info->key_id, error))
			return FALSE;
		info->key_agreement = arcs[0];
		info->cipher = arcs[1];
		info->protocol = g_steal_pointer(&protocol);
		g_ptr_array_add(infos->chip_auth_infos, g_steal_pointer(&info));
		return TRUE;
	}
	case TD_SECURITY_INFO_CHIP_AUTH_PUBLIC_KEY: {
		g_autofree TdChipAuthPublicKeyInfo *info = g_new0(TdChipAuthPublicKeyInfo, 1);
		TdTlv spki;
		if (!td_der_iter_expect(&iter, TD_DER_SEQUENCE, "chip authentication public key", &spki, error) ||
		    !td_security_info_optional_int(&iter, "key id", &info->key_id, error))
			return FALSE;
		info->key_agreement = arcs[0];
		info->protocol = g_steal_pointer(&protocol);
		info->subject_public_key_info = g_bytes_new(spki.raw, spki.raw_length);
		g_ptr_array_add(infos->chip_auth_public_keys, g_steal_pointer(&info));
		return TRUE;
	}
	case TD_SECURITY_INFO_ACTIVE_AUTH: {
		g_autoptr(TdActiveAuthInfo) info = g_new0(TdActiveAuthInfo, 1);
		TdTlv alg;
		if (!td_security_info_version(&iter, &info->version, error) ||
		    !td_der_iter_expect(&iter, TD_DER_OID, "signature algorithm", &alg, error))
			return FALSE;
		info->signature_algorithm = td_der_get_oid(&alg, "signature algorithm", error);
		if (info->signature_algorithm == NULL)
			return FALSE;
		if (td_tlv_iter_next(&iter, &tlv, NULL)) {
			g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "ActiveAuthenticationInfo: trailing data");
			return FALSE;
		}
		info->protocol = g_steal_pointer(&protocol);
		g_ptr_array_add(infos->active_auth_infos, g_steal_pointer(&info));
		return TRUE;
	}
	case TD_SECURITY_INFO_OTHER:
	case TD_SECURITY_INFO_UNKNOWN:
	default: {
		/* unknown or not needed: keep it whole, but it must still be TLV */
		g_autoptr(GError) error_local = NULL;
		TdOtherSecurityInfo *info;
		while (td_tlv_iter_next(&iter, &tlv, &error_local))
			;
		if (error_local != NULL) {
			g_propagate_error(error, g_steal_pointer(&error_local));
			return FALSE;
		}
		if (g_strcmp0(protocol, TD_OID_TERMINAL_AUTH) == 0)
			infos->has_terminal_auth = TRUE;
		info = g_new0(TdOtherSecurityInfo, 1);
		info->protocol = g_steal_pointer(&protocol);
		info->der = g_bytes_new(info_tlv->raw, info_tlv->raw_length);
		g_ptr_array_add(infos->other_infos, info);
		return TRUE;
	}
	}
}

static void
td_security_infos_add_unreadable(TdSecurityInfos *infos, guint index, TdSecurityInfoKind kind, gchar *protocol,
				 const gchar *reason)
{
	TdUnreadableSecurityInfo *info = g_new0(TdUnreadableSecurityInfo, 1);

	info->index = index;
	info->kind = kind;
	info->protocol = protocol;
	info->reason = g_strdup_printf("SecurityInfo %u%s%s: %s", index, protocol != NULL ? " " : "",
				       protocol != NULL ? protocol : "", reason);
	g_ptr_array_add(infos->unreadable_infos, info);
}

/* What one unreadable SecurityInfo does: it is recorded, with what it was
 * as far as its OID tells, and the SecurityInfos around it are kept. An
 * issuer's encoding slip in one entry (a key id written as a string, a
 * SubjectPublicKeyInfo wrapped once too often) must not cost the patient
 * the protocols the other entries announce, nor may it look like a
 * protocol the card does not offer: the verdict says "chip authentication
 * info unreadable", which sends the card to staff, where "not offered"
 * would be a quiet downgrade. This is safe to do because DG14 is hashed
 * into EF.SOD (a forger who breaks an entry breaks passive
 * authentication) and EF.CardAccess only chooses among PACE variants.
 * Only a SET that is not there (or has bytes after it) fails the whole
 * file. An element whose own length runs past the SET leaves no way to
 * find the next one: it is recorded and the walk ends there. */
TdSecurityInfos *
td_security_infos_parse(const guint8 *der, gsize len, GError **error)
{
	g_autoptr(TdSecurityInfos) infos = g_new0(TdSecurityInfos, 1);
	g_autoptr(GError) error_local = NULL;
	TdTlv set;
	TdTlv tlv;
	TdTlvIter iter;
	guint index = 0;

	if (!td_tlv_parse_expect(der, len, TD_DER_SET, &set, error)) {
		g_prefix_error(error, "SecurityInfos: ");
		return NULL;
	}
	infos->der = g_bytes_new(set.raw, set.raw_length);
	infos->pace_infos = g_ptr_array_new_with_free_func((GDestroyNotify)td_pace_info_free);
	infos->chip_auth_infos = g_ptr_array_new_with_free_func((GDestroyNotify)td_chip_auth_info_free);
	infos->chip_auth_public_keys = g_ptr_array_new_with_free_func((GDestroyNotify)td_chip_auth_public_key_info_free);
	infos->active_auth_infos = g_ptr_array_new_with_free_func((GDestroyNotify)td_active_auth_info_free);
	infos->other_infos = g_ptr_array_new_with_free_func((GDestroyNotify)td_other_security_info_free);
	infos->unreadable_infos = g_ptr_array_new_with_free_func((GDestroyNotify)td_unreadable_security_info_free);

	td_tlv_iter_init(&iter, set.value, set.length);
	for (;; index++) {
		g_autoptr(GError) entry_error = NULL;
		TdSecurityInfoKind kind = TD_SECURITY_INFO_UNKNOWN;
		gchar *protocol = NULL;

		if (!td_tlv_iter_next(&iter, &tlv, &error_local))
			break;
		if (tlv.tag != TD_DER_SEQUENCE) {
			td_security_infos_add_unreadable(infos, index, kind, NULL, "not a SEQUENCE");
			continue;
		}
		if (!td_security_infos_add(infos, &tlv, &kind, &protocol, &entry_error)) {
			td_security_infos_add_unreadable(infos, index, kind, protocol, entry_error->message);
			continue;
		}
		g_free(protocol);
	}
	if (error_local != NULL)
		td_security_infos_add_unreadable(infos, index, TD_SECURITY_INFO_UNKNOWN, NULL, error_local->message);
	return g_steal_pointer(&infos);
}

const TdUnreadableSecurityInfo *
td_security_infos_find_unreadable(const TdSecurityInfos *infos, TdSecurityInfoKind kind)
{
	g_return_val_if_fail(infos != NULL, NULL);
	for (guint i = 0; i < infos->unreadable_infos->len; i++) {
		const TdUnreadableSecurityInfo *info = g_ptr_array_index(infos->unreadable_infos, i);
		if (info->kind == kind)
			return info;
	}
	return NULL;
}

TdSecurityInfos *
td_dg14_parse(GBytes *file, GError **error)
{
	TdSecurityInfos *infos;
	TdTlv outer;
	gsize len = 0;
	const guint8 *data;

	g_return_val_if_fail(file != NULL, NULL);
	data = g_bytes_get_data(file, &len);
	if (!td_tlv_parse_expect(data, len, 0x6E, &outer, error)) {
		g_prefix_error(error, "DG14: ");
		return NULL;
	}
	infos = td_security_infos_parse(outer.value, outer.length, error);
	if (infos == NULL)
		g_prefix_error(error, "DG14: ");
	return infos;
}

TdSecurityInfos *
td_card_access_parse(GBytes *file, GError **error)
{
	TdSecurityInfos *infos;
	TdTlv set;
	gsize len = 0;
	const guint8 *data;

	g_return_val_if_fail(file != NULL, NULL);
	data = g_bytes_get_data(file, &len);
	/* Some chips pad the file after the SET; the padding is not data. */
	if (td_tlv_parse(data, len, &set, NULL)) {
		gsize end = set.raw_length;
		while (end < len && (data[end] == 0x00 || data[end] == 0xFF))
			end++;
		if (end == len)
			len = set.raw_length;
	}
	infos = td_security_infos_parse(data, len, error);
	if (infos == NULL)
		g_prefix_error(error, "EF.CardAccess: ");
	return infos;
}
